"""The priority-first greedy planner: never breaks a hard rule, fixed meetings first."""

from __future__ import annotations

from conftest import fixed_at, make_instance
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import instances

from asmex_sched.domain import FixedMeeting, Instance
from asmex_sched.greedy import (
    Occupancy,
    greedy_order,
    greedy_schedule,
    greedy_slots,
    restore_published_slots,
)
from asmex_sched.validate import score, validate


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_companies=6))
def test_greedy_never_violates_a_rule(inst: Instance) -> None:
    plan = greedy_schedule(inst)
    assert validate(inst, plan) == []
    # Maximal: no request left out could still be added at one of its slots.
    occ = Occupancy(inst)
    for m in plan.meetings:
        occ.add(m.key, m.slot)
    for r in inst.requests:
        if r.key not in plan.by_key:
            assert not any(occ.fits(r.key, s) for s in inst.candidates[r.key]), r.key


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_companies=6), st.data())
def test_greedy_places_fixed_and_pinned_first(inst: Instance, data: st.DataObject) -> None:
    # Requirements taken from a valid plan of the same instance are always held.
    plan = greedy_schedule(inst)
    fixed: list[FixedMeeting] = []
    pinned: list[FixedMeeting] = []
    for m in plan.meetings:
        kind = data.draw(st.sampled_from(["free", "fixed", "pinned"]))
        if kind == "free":
            continue
        table = m.table if data.draw(st.booleans()) else None
        f = fixed_at(inst, m.exporter_id, m.buyer_id, m.slot, table, kind)
        (fixed if kind == "fixed" else pinned).append(f)
    inst = inst.replace(fixed=tuple(fixed))
    again = greedy_schedule(inst, tuple(pinned))
    assert validate(inst, again, tuple(pinned)) == []
    for f in pinned:  # only the coordinator's locks show as locked, not frozen pins
        assert again.by_key[f.key].locked == (f.source == "locked")
    assert not any(again.by_key[f.key].locked for f in fixed)


def test_greedy_order_is_by_weight_then_priority_then_ids() -> None:
    inst = make_instance(
        exporters=2,
        buyers=2,
        requests=[(1, 1, 3), (1, 2, 1), (2, 1, 3, "both"), (2, 2, 4)],
    )
    order = [r.key for r in greedy_order(inst, inst.requests)]
    # weights: E2-B1 2+6=8, E1-B2 6, then E1-B1 (p3) and E2-B2 (p4) both 2: priority.
    assert order == [("E2", "B1"), ("E1", "B2"), ("E1", "B1"), ("E2", "B2")]


def test_greedy_takes_the_heaviest_request_first() -> None:
    # One slot, one buyer: only one meeting; the greedy keeps the heavier one.
    inst = make_instance(exporters=2, buyers=1, slots_per_day=1, requests=[(1, 1, 3), (2, 1, 1)])
    plan = greedy_schedule(inst)
    assert validate(inst, plan) == []
    assert [m.key for m in plan.meetings] == [("E2", "B1")]
    assert score(inst, plan).value == 6


def test_greedy_completes_a_start_plan_where_it_still_fits() -> None:
    inst = make_instance(slots_per_day=2, tables=1)
    # Start: E1-B1 at slot 1 (fits), E2-B2 at slot 1 too (table taken: dropped
    # from the start and placed greedily elsewhere).
    slots = greedy_slots(inst, start={("E1", "B1"): 1, ("E2", "B2"): 1})
    assert slots[("E1", "B1")] == 1
    assert slots.get(("E2", "B2")) != 1


# ------------------------------------------------- putting announced meetings back
def _restore_case(**kw):  # type: ignore[no-untyped-def]
    # One table, 3 slots. E1-B1 was announced at slot 0; slotting moved it to slot 1
    # and put the new meeting E2-B2 at slot 0. B2 may also meet at slot 2 unless
    # ``b2_only_first``.
    away = [("B2", 0, 1, 3)] if kw.pop("b2_only_first", False) else []
    inst = make_instance(slots_per_day=3, tables=1, requests=[(1, 1, 2), (2, 2, 3)],
                         unavailability=away)  # fmt: skip
    plan = {("E1", "B1"): 1, ("E2", "B2"): 0}
    return inst, restore_published_slots(inst, plan, {("E1", "B1"): 0}, {}, **kw)


def test_an_announced_meeting_goes_back_when_the_new_one_can_move() -> None:
    inst, out = _restore_case()
    assert out[("E1", "B1")] == 0 and out[("E2", "B2")] in (1, 2)  # same meetings


def test_a_new_meeting_is_dropped_for_an_announced_one_only_within_the_floors() -> None:
    _, out = _restore_case(b2_only_first=True)  # no floors: E2-B2 gives way
    assert out == {("E1", "B1"): 0}
    _, kept = _restore_case(b2_only_first=True, meetings_floor=2)
    assert kept == {("E1", "B1"): 1, ("E2", "B2"): 0}
    _, kept = _restore_case(b2_only_first=True, value_floor=5)  # 4 + 2 = 6: 4 < 5
    assert kept == {("E1", "B1"): 1, ("E2", "B2"): 0}
    _, kept = _restore_case(b2_only_first=True, worst_off=1)  # E2 would fall below 1
    assert kept == {("E1", "B1"): 1, ("E2", "B2"): 0}


def test_pinned_and_other_half_day_moves_are_left_alone() -> None:
    inst = make_instance(slots_per_day=10, tables=1, requests=[(1, 1, 2), (2, 2, 3)])
    plan = {("E1", "B1"): 8, ("E2", "B2"): 0}  # slot 8 is the afternoon
    assert restore_published_slots(inst, plan, {("E1", "B1"): 0}, {}) == plan
    plan = {("E1", "B1"): 1, ("E2", "B2"): 0}
    pinned = {("E1", "B1"): 1}
    assert restore_published_slots(inst, plan, {("E1", "B1"): 0}, pinned) == plan
