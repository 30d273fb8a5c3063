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


def _best_01(costs: list[float], rows: list[tuple[list[int], float]]) -> float:
    """The best 0/1 point of the tiny packing problem, by enumeration."""
    from itertools import product

    best = 0.0
    for x in product((0, 1), repeat=len(costs)):
        if all(sum(x[j] for j in members) <= cap for members, cap in rows):
            best = max(best, sum(c * xj for c, xj in zip(costs, x, strict=True)))
    return best


def test_the_dual_bound_holds_whatever_the_lp_solvers_duals() -> None:
    # Weak duality: any row multipliers give an upper bound, so GLOP's inexact duals
    # can loosen the bound but never cut off a plan (its primal objective could: it may
    # sit below the LP optimum by GLOP's tolerances, and its floor then drops a unit).
    from random import Random

    from asmex_sched.model.bound import dual_bound

    rng = Random(47)
    for _ in range(200):
        n = rng.randint(1, 7)
        costs = [float(rng.randint(1, 9)) for _ in range(n)]
        rows = [
            (sorted(rng.sample(range(n), rng.randint(1, n))), float(rng.randint(0, 3)))
            for _ in range(rng.randint(1, 5))
        ]
        duals = [rng.uniform(-2.0, 6.0) for _ in rows]
        assert dual_bound(costs, rows, duals) >= _best_01(costs, rows) - 1e-9


def test_the_dual_bound_is_the_lp_optimum_at_the_lp_duals() -> None:
    # max 3a + 2b + 2c with a + b <= 1 and a + c <= 1: the optimum is 4 (b = c = 1), and
    # the LP's duals y = (2, 2) price it exactly (a then earns 3 - 4 < 0); other
    # multipliers, a negative one included (counted as 0), give only more.
    from asmex_sched.model.bound import dual_bound

    costs = [3.0, 2.0, 2.0]
    rows = [([0, 1], 1.0), ([0, 2], 1.0)]
    assert _best_01(costs, rows) == 4.0
    assert dual_bound(costs, rows, [2.0, 2.0]) == 4.0
    assert dual_bound(costs, rows, [0.0, 0.0]) == 7.0
    assert dual_bound(costs, rows, [-1.0, 5.0]) == 7.0  # a negative multiplier counts as 0


def test_a_fixed_meeting_takes_only_its_own_slot_in_the_bound_and_stage_1() -> None:
    # E1 meets B1 at slot 0, fixed (H7), with one delegate; B2 is there at slot 0 only.
    # No agenda holds E1-B2. Counting the fixed meeting as any slot of its half-day,
    # the LP bound and stage 1's window cuts let E1-B2 in: the bound read 16 against
    # the best 10, and stage 1's value "proof" was for a plan that cannot be slotted,
    # so the optimal plan was reported 37.5 % from the bound and S2 unproven.
    inst = make_instance(
        exporters=1, buyers=3, slots_per_day=4, tables=3,
        requests=[(1, 1, 1), (1, 2, 1), (1, 3, 2)],
        unavailability=[("B2", 0, 1, 4)], fixed=[(1, 1, 0)],
    )  # fmt: skip
    assert inst.candidates[("E1", "B1")] == (0, 1, 2, 3)
    assert inst.placeable[("E1", "B1")] == (0,)
    w = inst.weight
    best = w[("E1", "B1")] + w[("E1", "B3")]
    assert value_lp_bound(inst) == best
    result = solve(inst, opts(5.0))
    assert_valid(inst, result)
    assert result.score.value == best
    s2 = next(t for t in result.tiers if t.rule == "S2")
    assert s2.optimal and s2.bound == best
