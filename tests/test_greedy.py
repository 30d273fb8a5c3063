"""The priority-first greedy planner: never breaks a hard rule, fixed meetings first."""

from __future__ import annotations

import random

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
    hold_cancelled_published,
    hold_free_published,
    restore_published_slots,
    schedule_from_slots,
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
    return inst, restore(inst, plan, {("E1", "B1"): 0}, **kw)


def restore(inst: Instance, plan: dict, published: dict, fixed: dict | None = None, **kw) -> dict:  # type: ignore[type-arg]
    """``restore_published_slots`` with no floor unless given."""
    floors = {"meetings_floor": 0, "value_floor": 0, "worst_off": 0, **kw}
    return restore_published_slots(inst, plan, published, fixed or {}, **floors)


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


def test_pinned_moves_and_other_half_day_ones_whose_slot_is_taken_are_left_alone() -> None:
    # E1-B1 is in the afternoon (stage 1 chose that half-day): it goes back to a free
    # slot only, and the new E2-B2 does not make room for it.
    inst = make_instance(slots_per_day=10, tables=1, requests=[(1, 1, 2), (2, 2, 3)])
    plan = {("E1", "B1"): 8, ("E2", "B2"): 0}  # slot 8 is the afternoon
    assert restore(inst, plan, {("E1", "B1"): 0}) == plan
    plan = {("E1", "B1"): 1, ("E2", "B2"): 0}
    pinned = {("E1", "B1"): 1}
    assert restore(inst, plan, {("E1", "B1"): 0}, pinned) == plan


def test_an_announced_meeting_in_another_half_day_goes_back_where_its_slot_is_freed() -> None:
    # A QA tester's re-plan: E1-B1 (announced at 0) in the afternoon, E2-B2 (announced
    # at 1) moved to 0 within the morning. E2-B2 goes back, which frees slot 0: E1-B1
    # went on reading "moved by the new plan, though its time was still free for it".
    inst = make_instance(slots_per_day=10, tables=1, requests=[(1, 1), (2, 2)])
    published = {("E1", "B1"): 0, ("E2", "B2"): 1}
    assert restore(inst, {("E1", "B1"): 8, ("E2", "B2"): 0}, published) == published


def test_announced_meetings_whose_time_is_free_are_held_there_again() -> None:
    # One table, one morning. E1-B1 (announced at 0) was moved to 3; E2-B2 (announced
    # at 1) sits at 0, where it is tried after E1-B1 (pair order) and frees E1-B1's
    # time; E3-B3 (announced at 2) was cancelled and fits there; E4-B4 (announced at
    # 5, now at 4) stays: a new meeting holds 5; E1-B2 is fixed at 6, away from 7.
    inst = make_instance(5, 5, slots_per_day=8, tables=1,
                         requests=[(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (1, 2)])  # fmt: skip
    published = {("E1", "B1"): 0, ("E2", "B2"): 1, ("E3", "B3"): 2, ("E4", "B4"): 5,
                 ("E1", "B2"): 7}  # fmt: skip
    plan = {("E1", "B1"): 3, ("E2", "B2"): 0, ("E4", "B4"): 4, ("E5", "B5"): 5,
            ("E1", "B2"): 6}  # fmt: skip
    out = hold_free_published(inst, plan, published, {("E1", "B2")})
    assert out == {("E1", "B1"): 0, ("E2", "B2"): 1, ("E3", "B3"): 2, ("E4", "B4"): 4,
                   ("E5", "B5"): 5, ("E1", "B2"): 6}  # fmt: skip
    assert hold_free_published(inst, dict(reversed(plan.items())), published, {("E1", "B2")}) == out
    assert validate(inst, schedule_from_slots(inst, out)) == []
    # A cancelled one is not held past a company's maximum
    capped = make_instance(5, 5, slots_per_day=8, tables=1, max_meetings={"B3": 0},
                           requests=[(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (1, 2)])  # fmt: skip
    assert ("E3", "B3") not in hold_free_published(capped, plan, published, {("E1", "B2")})


def test_announced_meetings_that_swapped_slots_both_go_back() -> None:
    inst = make_instance(slots_per_day=2, tables=1, requests=[(1, 1), (2, 2)])
    published = {("E1", "B1"): 0, ("E2", "B2"): 1}
    assert restore(inst, {("E1", "B1"): 1, ("E2", "B2"): 0}, published) == published


def test_an_announced_meeting_in_the_way_goes_to_its_own_slot() -> None:
    inst = make_instance(slots_per_day=3, tables=1, requests=[(1, 1), (2, 2)])
    published = {("E1", "B1"): 0, ("E2", "B2"): 2}
    assert restore(inst, {("E1", "B1"): 1, ("E2", "B2"): 0}, published) == published


def test_an_announced_meeting_that_cannot_move_is_never_dropped_to_make_room() -> None:
    # E2-B2 (announced at 2, now at 0 because B2 is away from slot 1 on) fits nowhere
    # else: E1-B1 stays moved rather than cancel an announced meeting.
    inst = make_instance(slots_per_day=3, tables=1, requests=[(1, 1), (2, 2)],
                         unavailability=[("B2", 0, 1, 3)])  # fmt: skip
    plan = {("E1", "B1"): 1, ("E2", "B2"): 0}
    assert restore(inst, plan, {("E1", "B1"): 0, ("E2", "B2"): 2}) == plan


def test_an_announced_meeting_at_its_own_slot_never_makes_room() -> None:
    # E1-B1 and E2-B2 were both announced at slot 0 (2 tables); the new E3-B3 (B3 only
    # free at 0) took E2-B2's table. E1-B1 could step aside to slot 1 or 2, but that
    # would only move the change from one announced meeting to the other.
    inst = make_instance(3, 3, slots_per_day=3, tables=2, requests=[(1, 1), (2, 2), (3, 3)],
                         unavailability=[("B3", 0, 1, 3)])  # fmt: skip
    plan = {("E1", "B1"): 0, ("E2", "B2"): 1, ("E3", "B3"): 0}
    assert restore(inst, plan, {("E1", "B1"): 0, ("E2", "B2"): 0}, meetings_floor=3) == plan


def test_an_announced_meeting_already_moved_makes_room_in_its_half_day_first() -> None:
    # E2-B2 (announced at 2, closed for B2 now) sits at slot 0, E1-B1's announced time.
    # It makes room by going to slot 9 (the afternoon: the morning has no other slot
    # for it) rather than leave both announced meetings moved (S3 2 rather than 4) ...
    inst = make_instance(3, 3, slots_per_day=14, tables=1, requests=[(1, 1), (2, 2), (3, 3)],
                         unavailability=[("B2", 0, 1, 8)])  # fmt: skip
    afternoon = [s.index for s in inst.slots if s.session == inst.slots[-1].session]
    plan = {("E1", "B1"): 1, ("E2", "B2"): 0, ("E3", "B3"): 2}
    published = {("E1", "B1"): 0, ("E2", "B2"): 2}
    out = restore(inst, plan, published, {("E3", "B3"): 2})
    assert out[("E1", "B1")] == 0 and out[("E2", "B2")] == afternoon[0]
    # ... and stays in its half-day when it can (slot 1 is free for B2 here).
    inst = make_instance(3, 3, slots_per_day=14, tables=1, requests=[(1, 1), (2, 2), (3, 3)],
                         unavailability=[("B2", 0, 2, 8)])  # fmt: skip
    plan = {("E1", "B1"): 3, ("E2", "B2"): 0, ("E3", "B3"): 2}
    out = restore(inst, plan, published, {("E3", "B3"): 2})
    assert out[("E1", "B1")] == 0 and out[("E2", "B2")] == 1


def test_a_meeting_freed_late_in_a_pass_still_goes_back() -> None:
    # E1-B1 (announced at 0, now at 3) is tried first: the new E2-B2 at slot 0 can
    # only go to slot 1, where E3-B3 (announced at 2) still is, and the meetings
    # floor forbids dropping it. E3-B3 then goes home, which frees slot 1.
    inst = make_instance(
        3,
        3,
        slots_per_day=4,
        tables=1,
        requests=[(1, 1), (2, 2), (3, 3)],
        unavailability=[("B2", 0, 2, 4)],
    )
    plan = {("E1", "B1"): 3, ("E2", "B2"): 0, ("E3", "B3"): 1}
    out = restore(inst, plan, {("E1", "B1"): 0, ("E3", "B3"): 2}, meetings_floor=3)
    assert out == {("E1", "B1"): 0, ("E2", "B2"): 1, ("E3", "B3"): 2}


def test_a_new_meeting_that_makes_room_stays_in_its_half_day() -> None:
    inst = make_instance(slots_per_day=14, tables=1, requests=[(1, 1), (2, 2)])
    afternoon = [s.index for s in inst.slots if s.session == inst.slots[-1].session]
    home, now = afternoon[1], afternoon[2]
    out = restore(inst, {("E1", "B1"): now, ("E2", "B2"): home}, {("E1", "B1"): home})
    assert out[("E1", "B1")] == home and out[("E2", "B2")] in afternoon


def test_a_refill_is_taken_back_with_the_drop_it_was_for() -> None:
    # Dropping the new E2-B2 (weight 6) for E1-B1 needs a refill for the meetings
    # floor; the only one, E3-B3 (weight 2), misses the value floor: all is undone.
    inst = make_instance(
        3,
        3,
        slots_per_day=2,
        tables=1,
        requests=[(1, 1), (2, 2, 1), (3, 3, 3)],
        unavailability=[("B2", 0, 1, 2)],
    )
    plan = {("E1", "B1"): 1, ("E2", "B2"): 0}
    value = sum(inst.weight[k] for k in plan)
    assert inst.weight[("E3", "B3")] < inst.weight[("E2", "B2")]
    assert restore(inst, plan, {("E1", "B1"): 0}, meetings_floor=2, value_floor=value) == plan


def test_an_announced_meeting_moved_elsewhere_makes_room_without_being_dropped() -> None:
    # E2-B2's announced slot 2 is closed now (B2 away): it sits at E1-B1's slot 0.
    # Moving it to slot 2... is impossible; slot 1 (E1-B1's current one) is free once
    # E1-B1 goes home: the two exchange, and nothing is dropped.
    inst = make_instance(
        slots_per_day=3, tables=1, requests=[(1, 1), (2, 2)], unavailability=[("B2", 0, 2, 3)]
    )
    out = restore(inst, {("E1", "B1"): 1, ("E2", "B2"): 0}, {("E1", "B1"): 0, ("E2", "B2"): 2})
    assert out == {("E1", "B1"): 0, ("E2", "B2"): 1}


def test_the_value_floor_counts_every_drop_so_far() -> None:
    # Two announced meetings, each displaced by a new meeting that can only be at the
    # announced slot; the value floor allows one drop only.
    inst = make_instance(
        4,
        4,
        slots_per_day=4,
        tables=1,
        requests=[(1, 1, 2), (2, 2, 2), (3, 3, 3), (4, 4, 3)],
        unavailability=[("B3", 0, 1, 4), ("B4", 0, 0, 2), ("B4", 0, 3, 4)],
    )
    plan = {("E1", "B1"): 1, ("E3", "B3"): 0, ("E2", "B2"): 3, ("E4", "B4"): 2}
    value = sum(inst.weight[k] for k in plan)
    floor = value - inst.weight[("E3", "B3")]
    out = restore(inst, plan, {("E1", "B1"): 0, ("E2", "B2"): 2}, value_floor=floor)
    assert sum(inst.weight[k] for k in out) >= floor
    assert len(out) == 3  # one drop, not two
    assert sum(1 for k, s in {("E1", "B1"): 0, ("E2", "B2"): 2}.items() if out.get(k) == s) == 1


def test_a_drop_the_meetings_floor_needs_is_made_up_by_a_request_still_out() -> None:
    # Dropping E2-B2 for E1-B1 leaves one under the meetings floor; E2-B3, still out,
    # fits at slot 1 where E1-B1 was.
    inst = make_instance(
        2,
        3,
        slots_per_day=2,
        tables=1,
        requests=[(1, 1, 2), (2, 2, 3), (2, 3, 3)],
        unavailability=[("B2", 0, 1, 2), ("B3", 0, 0, 1)],
    )
    plan = {("E1", "B1"): 1, ("E2", "B2"): 0}
    value = sum(inst.weight[k] for k in plan)
    out = restore(inst, plan, {("E1", "B1"): 0}, meetings_floor=2, value_floor=value - 1)
    assert out == {("E1", "B1"): 0, ("E2", "B3"): 1}


def test_the_lightest_new_meeting_is_dropped_first() -> None:
    # Two new meetings at the announced slot (2 tables; E2 has two delegates);
    # neither can move; E1 meets only one at a time, so one drop makes room.
    inst = make_instance(
        2,
        3,
        slots_per_day=2,
        tables=2,
        requests=[(1, 1, 2), (2, 2, 3), (2, 3, 1)],
        unavailability=[("B2", 0, 1, 2), ("B3", 0, 1, 2)],
        delegates={"E2": 2},
    )
    plan = {("E1", "B1"): 1, ("E2", "B2"): 0, ("E2", "B3"): 0}
    assert inst.weight[("E2", "B2")] < inst.weight[("E2", "B3")]
    assert restore(inst, plan, {("E1", "B1"): 0}) == {("E1", "B1"): 0, ("E2", "B3"): 0}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_companies=5), st.randoms(use_true_random=False))
def test_putting_announced_meetings_back_keeps_every_rule_level_and_floor(inst, rng) -> None:  # type: ignore[no-untyped-def]
    _check_restore(inst, rng)


def test_putting_announced_meetings_back_on_tight_missions_drops_only_within_the_floors() -> None:
    # Few slots, one or two tables, each company free in one window: here new meetings
    # often fit only at the announced slot they took, so the pass has to drop some
    # (hypothesis's small examples above rarely get there).
    drops = 0
    for seed in range(1500):
        rng = random.Random(seed)
        n_e, n_b, per_day = rng.randint(2, 4), rng.randint(2, 6), rng.randint(2, 5)
        pairs = [(e, b) for e in range(1, n_e + 1) for b in range(1, n_b + 1) if rng.random() < 0.7]
        away = []
        for cid in [f"E{i}" for i in range(1, n_e + 1)] + [f"B{j}" for j in range(1, n_b + 1)]:
            first = rng.randint(0, per_day - 1)
            last = rng.randint(first + 1, per_day)
            away += [(cid, 0, 0, first)] if first else []
            away += [(cid, 0, last, per_day)] if last < per_day else []
        inst = make_instance(n_e, n_b, slots_per_day=per_day, tables=rng.randint(1, 2),
                             requests=[(e, b, rng.randint(1, 4)) for e, b in pairs],
                             unavailability=away)  # fmt: skip
        plan, out = _check_restore(inst, rng, move=0.7, only_homes=True, slack=12)
        drops += bool(set(plan) - set(out))
    assert drops >= 10  # the drop path ran (24 times on this code) (and kept every promise checked)


def _check_restore(inst: Instance, rng, move=0.4, only_homes=False, slack=8):  # type: ignore[no-untyped-def]
    """A random re-planning case on ``inst`` (a published plan, then a current plan
    where announced meetings moved within their half-day or were cancelled and new
    ones took the announced slots, some meetings pinned), put back, and every
    promise of :func:`restore_published_slots` checked; returns (plan, result)."""
    keys = [r.key for r in inst.requests]
    rng.shuffle(keys)
    first = _complete(inst, {}, keys, set(), rng)
    published = {k: s for k, s in first.items() if rng.random() < 0.8}
    session = {s.index: s.session for s in inst.slots}
    occ = Occupancy(inst)
    for k in sorted(published, key=lambda _: rng.random()):
        if rng.random() < 0.15:
            continue
        same = [s for s in inst.candidates[k] if session[s] == session[published[k]]]
        for s in sorted(same, key=lambda s: (s == published[k]) == (rng.random() < move)):
            if occ.fits(k, s):
                occ.add(k, s)
                break
    rest = [k for k in keys if k not in occ.slot_of]
    homes = set(published.values())
    plan = _complete(inst, dict(occ.slot_of), rest, homes, rng, only=homes if only_homes else None)
    plan = _complete(inst, plan, rest, homes, rng)
    fixed = {k: s for k, s in sorted(plan.items()) if rng.random() < 0.15}
    pins = tuple(fixed_at(inst, k[0], k[1], s, source="frozen") for k, s in fixed.items())
    before = score(inst, schedule_from_slots(inst, plan, pins))
    floors = {
        "meetings_floor": len(plan) - rng.randint(0, 2),
        "value_floor": before.value - rng.randint(0, slack),
    }

    out = restore(inst, plan, published, fixed, worst_off=before.worst_off, **floors)

    assert validate(inst, schedule_from_slots(inst, out, pins), pins) == []
    after = score(inst, schedule_from_slots(inst, out, pins))
    assert after.worst_off >= before.worst_off
    assert len(out) >= floors["meetings_floor"] and after.value >= floors["value_floor"]
    assert all(out[k] == s for k, s in fixed.items())
    at_home = [k for k, s in published.items() if plan.get(k) == s]
    assert all(out.get(k) == plan[k] for k in at_home)  # never taken from its slot
    assert all(k in out for k in published if k in plan)  # never dropped
    assert sum(out.get(k) == s for k, s in published.items()) >= len(at_home)
    again = restore(
        inst,
        dict(reversed(list(plan.items()))),
        dict(reversed(list(published.items()))),
        fixed,
        worst_off=before.worst_off,
        **floors,
    )
    assert again == out  # the same whatever the order of the dicts
    return plan, out


def _complete(inst: Instance, plan: dict, rest: list, prefer: set, rng, only=None) -> dict:  # type: ignore[no-untyped-def]
    """``plan`` with each of ``rest`` not in it added in turn at a random candidate slot
    that fits (the slots in ``prefer`` first; only those in ``only`` if given)."""
    occ = Occupancy(inst)
    for k, s in sorted(plan.items()):
        occ.add(k, s)
    for k in rest:
        if k in occ.slot_of:
            continue
        slots = [s for s in inst.candidates[k] if only is None or s in only]
        for s in sorted(slots, key=lambda s: (s not in prefer, rng.random())):
            if occ.fits(k, s):
                occ.add(k, s)
                break
    return dict(occ.slot_of)


def _hold_rebuilding_moved(  # type: ignore[no-untyped-def]
    inst: Instance, plan: dict, published: dict, fixed: dict, *, meetings_floor, value_floor,
    worst_off,
) -> dict:  # fmt: skip
    """:func:`hold_cancelled_published` as it was before its map of the published
    meetings moved was kept up to date by each hold: rebuilt from the plan after each
    (the oracle)."""
    from collections import defaultdict

    from asmex_sched.greedy import RESTORE_PASSES

    sessions = {s.index: s.session for s in inst.slots}
    weight = inst.weight
    occ = Occupancy(inst)
    for key, slot in sorted(plan.items()):
        occ.add(key, slot)
    value = sum(weight.get(k, 0) for k in occ.slot_of)

    def relocate(other, avoid):  # type: ignore[no-untyped-def]
        home = published[other]
        preferred = sorted(
            (s for s in inst.candidates[other] if s != avoid),
            key=lambda s: (s != home, sessions[s] != sessions[home], s),
        )
        for slot in preferred:
            if occ.fits(other, slot):
                occ.add(other, slot)
                return True
        return False

    def moved_by_slot():  # type: ignore[no-untyped-def]
        out = defaultdict(list)
        for k, home in sorted(published.items()):
            s = occ.slot_of.get(k)
            if s is not None and s != home and k not in fixed:
                out[s].append(k)
        return out

    def hold(key, home):  # type: ignore[no-untyped-def]
        nonlocal value
        if occ.fits(key, home):
            occ.add(key, home)
            value += weight.get(key, 0)
            return True
        cancellable = []
        for other in moved.get(home, ()):
            occ.remove(other)
            if occ.fits(key, home):
                occ.add(key, home)
                if relocate(other, home):
                    value += weight.get(key, 0)
                    return True
                occ.remove(key)
                if other[0] == key[0] or occ.total[other[0]] >= worst_off:
                    cancellable.append(other)
            occ.add(other, home)
        for other in sorted(cancellable, key=lambda k: (weight.get(k, 0), k)):
            after = value - weight.get(other, 0) + weight.get(key, 0)
            if len(occ.slot_of) < meetings_floor or after < value_floor:
                continue
            occ.remove(other)
            occ.add(key, home)
            value = after
            return True
        return False

    progress, passes = True, 0
    while progress and passes < RESTORE_PASSES:
        progress, passes = False, passes + 1
        moved = moved_by_slot()
        for key, home in sorted(published.items()):
            if key in occ.slot_of or key in fixed:
                continue
            if home not in inst.candidates.get(key, ()):
                continue
            if hold(key, home):
                progress = True
                moved = moved_by_slot()
    return dict(occ.slot_of)


def test_holding_cancelled_meetings_keeps_the_plan_of_the_map_rebuilt_after_each_hold() -> None:
    # The map of the published meetings held away from their slot is updated by each
    # hold instead of rebuilt over every published meeting (a trade-fair re-plan's hot
    # spot): the same plan, pair for pair and in the same order, as rebuilding it, on
    # tight missions where announced meetings were moved into the slots of others
    # cancelled (several holds a pass, by a move and by a cancellation).
    held_twice = moved_out = cancelled = 0
    for seed in range(1500):
        rng = random.Random(seed)
        n_e, n_b, per_day = rng.randint(2, 5), rng.randint(2, 6), rng.randint(2, 6)
        pairs = [(e, b) for e in range(1, n_e + 1) for b in range(1, n_b + 1) if rng.random() < 0.7]
        inst = make_instance(
            n_e, n_b, days=rng.randint(1, 2), slots_per_day=per_day, tables=rng.randint(1, 3),
            requests=[(e, b, rng.randint(1, 4)) for e, b in pairs],
            delegates={f"E{e}": 2 for e in range(1, n_e + 1) if rng.random() < 0.2},
        )  # fmt: skip
        keys = [r.key for r in inst.requests]
        rng.shuffle(keys)
        published = _complete(inst, {}, keys, set(), rng)
        gone = {k for k in published if rng.random() < 0.3}
        occ = Occupancy(inst)
        for k in sorted(published, key=lambda _: rng.random()):
            home = published[k]
            if k in gone:
                continue
            homes_gone = {published[g] for g in gone}
            slots = sorted(inst.candidates[k], key=lambda s: (s not in homes_gone, rng.random()))
            for s in [home] + slots if rng.random() < 0.4 else slots + [home]:
                if occ.fits(k, s):
                    occ.add(k, s)
                    break
        rest = [k for k in keys if k not in published]
        plan = _complete(inst, dict(occ.slot_of), rest, set(published.values()), rng)
        fixed = {k: s for k, s in sorted(plan.items()) if rng.random() < 0.1}
        value = sum(inst.weight[k] for k in plan)
        floors = {
            "meetings_floor": len(plan) - rng.randint(0, 2),
            "value_floor": value - rng.randint(0, 8),
            "worst_off": rng.randint(0, 2),
        }
        got = hold_cancelled_published(inst, plan, published, fixed, **floors)
        expected = _hold_rebuilding_moved(inst, plan, published, fixed, **floors)
        assert list(got.items()) == list(expected.items()), seed
        back = [k for k in published if k not in plan and got.get(k) == published[k]]
        held_twice += len(back) >= 2
        moved_out += any(got.get(k) not in (None, plan[k]) for k in plan if k in published)
        cancelled += any(k not in got for k in plan)
    # (655, 695 and 316 of the 1500 on this code: both ways of holding ran, often twice)
    assert held_twice > 100 and moved_out > 100 and cancelled > 50
