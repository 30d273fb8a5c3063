"""The LP bound on the value tier (model.bound): an upper bound on every agenda's
value, as tight as the stage-1 model's own window cuts."""

from __future__ import annotations

from conftest import assert_valid, make_instance, opts

from asmex_sched.model.bound import value_lp_bound
from asmex_sched.model.solve import solve


def test_the_bound_counts_the_tables_of_the_slots_a_meeting_can_use() -> None:
    # One table, one half-day of 4 slots. B1 and B2 are there for the first slot only,
    # so E1-B1 and E2-B2 share one table-slot; E3-B3 can use any slot. The best plan
    # holds one of the two and E3-B3. A bound counting the whole half-day's 4 tables
    # for all three read a proven-optimal plan as 1/3 short of "any plan" (a tester).
    inst = make_instance(
        exporters=3, buyers=3, slots_per_day=4, tables=1,
        requests=[(1, 1, 1), (2, 2, 1), (3, 3, 3)],
        unavailability=[("B1", 0, 1, 4), ("B2", 0, 1, 4)],
    )  # fmt: skip
    w = inst.weight
    best = max(w[("E1", "B1")], w[("E2", "B2")]) + w[("E3", "B3")]
    assert value_lp_bound(inst) == best
    result = solve(inst, opts(5.0))
    assert_valid(inst, result)
    assert result.score.value == best


def test_the_bound_is_at_least_every_plans_value() -> None:
    # The same window cuts hold for every valid agenda (Hall's condition): on a mission
    # where every request fits, the bound is the sum of the weights.
    inst = make_instance(exporters=3, buyers=3, slots_per_day=4, tables=3)
    assert value_lp_bound(inst) == sum(inst.weight.values())
