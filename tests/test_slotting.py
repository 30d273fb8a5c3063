"""Stage-2 slotting (model/slotting.py): never worse than the placement it is given."""

from __future__ import annotations

from conftest import make_instance
from test_solve import random_instance

from asmex_sched.greedy import greedy_slots, schedule_from_slots
from asmex_sched.model.selection import SlotLoad, compact_buyers, plan_value, plan_worst_off
from asmex_sched.model.slotting import count_gaps, place_session, place_week, week_neighbourhood
from asmex_sched.validate import validate


def test_slotting_never_returns_a_placement_worse_than_its_hint() -> None:
    # The greedy plan of a one-session day, given as the preferred placement, with a
    # budget too small for the search to get back to it every time (without the
    # guard, seed 17 ends with 20 idle slots where the hint had 16).
    for seed in range(40):
        inst = random_instance(seed, 10, 16, p=0.5, slots_per_day=8, tables=4)
        greedy = greedy_slots(inst, ())
        res = place_session(inst, 0, sorted(greedy), required={}, published={},
                            weights=inst.weight, dtime=0.01, wall=5, preferred=greedy)  # fmt: skip
        assert res.unplaced == ()
        assert res.gaps == count_gaps(inst, 0, res.slots) <= count_gaps(inst, 0, greedy)
        assert set(res.slots) == set(greedy)


def test_placing_the_meetings_leaves_its_unused_time_to_the_idle_slots() -> None:
    # Phase A (place the chosen meetings) is settled at once on a half-day whose
    # idle slots are not (phase B): phase B now gets what phase A left, so an
    # unproven half-day uses its whole budget. Before, phase B had its 60 % only
    # and the rest of the half-day's share went unused.
    inst = random_instance(3, 16, 30, p=0.5, slots_per_day=10, tables=5, days=2)
    # Buyers packed into few half-days (as stage 1 leaves them): the greedy plan's
    # own half-days are proven at once.
    packed = compact_buyers(inst, greedy_slots(inst, ()), {}, load_type=SlotLoad)
    chosen = sorted(k for k, s in packed.items() if s in {x.index for x in inst.sessions[0]})
    res = place_session(inst, 0, chosen, required={}, published={}, weights=inst.weight,
                        dtime=1.0, wall=60, preferred=packed)  # fmt: skip
    assert not res.optimal and not res.wall_hit
    assert res.unplaced == ()
    assert res.dtime > 0.9  # phase A's 40 % is not left unused


def test_the_week_model_keeps_every_rule_and_never_falls_below_its_start() -> None:
    # place_week (the week re-slotting after a stage 2 that could not place what stage
    # 1 chose) on small missions with one interpreter, maxima, a meeting held where it
    # must be and half of the greedy plan announced: the validator finds nothing, the
    # floors hold, and the plan is at least its start in the re-planning order (S1a,
    # then fewer changes, then value).
    languages = {**{f"E{i}": ["fr"] for i in range(1, 7)}, **{f"B{j}": ["en"] for j in range(1, 6)}}
    for seed in range(25):
        inst = random_instance(
            seed, 6, 10, p=0.5, slots_per_day=4, tables=3, days=2, interpreters=1,
            languages=languages, max_meetings={"E1": 2, "B6": 1},
        )  # fmt: skip
        greedy = greedy_slots(inst, ())
        ordered = sorted(greedy.items())
        published = dict(ordered[seed % 2 :: 2])
        required = dict(ordered[:1])
        week = place_week(
            inst, required=required, published=published, off_grid=[], start=greedy,
            meetings_floor=len(greedy), value_floor=plan_value(inst, greedy), dtime=0.3, wall=30,
        )  # fmt: skip
        assert week is not None
        assert validate(inst, schedule_from_slots(inst, week.slots)) == []
        assert all(week.slots.get(k) == s for k, s in required.items())
        assert len(week.slots) >= len(greedy)
        assert plan_value(inst, week.slots) >= plan_value(inst, greedy)
        assert _replan_key(inst, week.slots, published) >= _replan_key(inst, greedy, published)


def test_the_week_model_returns_at_least_its_start_on_a_small_budget() -> None:
    # Its hint is complete, S1a's level and floors included: without them CP-SAT
    # (presolve off) found no solution in 0.3 deterministic s on these 20 x 40
    # missions (about 9 700 literals), and the week re-slotting did nothing.
    languages = {f"E{i}": ["fr"] for i in range(1, 10)}
    for seed in range(2):
        inst = random_instance(
            seed, 20, 40, p=0.4, slots_per_day=6, tables=6, days=5, interpreters=1,
            languages=languages,
        )  # fmt: skip
        greedy = greedy_slots(inst, ())
        week = place_week(
            inst, required={}, published={}, off_grid=[], start=greedy,
            meetings_floor=len(greedy), value_floor=plan_value(inst, greedy), dtime=0.3, wall=30,
        )  # fmt: skip
        assert week is not None
        assert validate(inst, schedule_from_slots(inst, week.slots)) == []
        assert _replan_key(inst, week.slots, {}) >= _replan_key(inst, greedy, {})


def test_a_week_neighbourhood_frees_the_companies_of_unplaced_meetings_then_their_partners(
) -> None:
    # Above WEEK_RESLOT_MAX_LITERALS the week model chooses and places again only a
    # neighbourhood: the requests of the companies of the meetings stage 2 could not
    # place, then of the companies they meet, within a budget of literals; every
    # other meeting of its start stays at its slot, every other request stays out.
    inst = random_instance(1, 8, 12, p=0.5, slots_per_day=4, tables=3, days=2, interpreters=1,
                           languages={"E1": ["fr"], "E2": ["fr"]})  # fmt: skip
    greedy = greedy_slots(inst, ())
    with_slots = [r.key for r in inst.requests if inst.candidates[r.key]]
    seed = next(k for k in with_slots if k not in greedy)

    def literals(keys) -> int:  # type: ignore[no-untyped-def]
        return sum(len(inst.candidates[k]) for k in keys)

    own = {k for k in with_slots if set(k) & set(seed)}
    assert week_neighbourhood(inst, greedy, [seed], literals(own)) == own
    assert week_neighbourhood(inst, greedy, [seed], 0) == frozenset()
    partners = {c for k in greedy if set(k) & set(seed) for c in k}
    ring1 = {k for k in with_slots if set(k) & partners}
    assert own | ring1 <= week_neighbourhood(inst, greedy, [seed], 10**9)
    for budget in (literals(own) + 7, 2 * literals(own), literals(own | ring1) - 1):
        free = week_neighbourhood(inst, greedy, [seed], budget)
        assert own <= free and literals(free) <= budget
        assert free == week_neighbourhood(inst, greedy, [seed], budget)  # deterministic
    free = week_neighbourhood(inst, greedy, [seed], literals(own))
    week = place_week(
        inst, required={}, published={}, off_grid=[], start=greedy, meetings_floor=len(greedy),
        value_floor=plan_value(inst, greedy), dtime=0.5, wall=30, free=free,
    )  # fmt: skip
    assert week is not None
    assert validate(inst, schedule_from_slots(inst, week.slots)) == []
    assert all(week.slots.get(k) == s for k, s in greedy.items() if k not in free)
    assert set(week.slots) <= free | set(greedy)
    assert _replan_key(inst, week.slots, {}) >= _replan_key(inst, greedy, {})


def _replan_key(inst, plan, published) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """S1a, fewer changes (3 per announced meeting dropped, 2 per one moved), value."""
    changes = sum(3 if k not in plan else 2 if plan[k] != s else 0 for k, s in published.items())
    return plan_worst_off(inst, plan), -changes, plan_value(inst, plan)


def test_the_week_model_keeps_the_floors_where_fairness_would_cost_value() -> None:
    # One slot: E1-B1 (mutual priority 1, 12) alone, or E1-B2 and E2-B1 (worst-off 1,
    # value 4). Lifting the worst-off exporter breaks the greedy plan's value, which
    # the floor keeps; with the value floor at 4, the fair plan is the week's optimum.
    inst = make_instance(slots_per_day=1, requests=[(1, 1, 1, "both"), (1, 2, 3), (2, 1, 3)])
    greedy = greedy_slots(inst, ())
    for value_floor, want in ((12, {("E1", "B1")}), (4, {("E1", "B2"), ("E2", "B1")})):
        week = place_week(
            inst, required={}, published={}, off_grid=[], start=greedy, meetings_floor=1,
            value_floor=value_floor, dtime=1.0, wall=30,
        )  # fmt: skip
        assert week is not None and week.optimal
        assert set(week.slots) == want
    # Two meetings at least: only the fair plan has them.
    week = place_week(
        inst, required={}, published={}, off_grid=[], start={("E1", "B2"): 0, ("E2", "B1"): 0},
        meetings_floor=2, value_floor=0, dtime=1.0, wall=30,
    )  # fmt: skip
    assert week is not None and set(week.slots) == {("E1", "B2"), ("E2", "B1")}
    # More meetings than any plan holds: no solution, the caller keeps its plan.
    week = place_week(
        inst, required={}, published={}, off_grid=[], start=greedy, meetings_floor=3,
        value_floor=0, dtime=1.0, wall=30,
    )  # fmt: skip
    assert week is None
    # At the same worst-off level, the more valuable meeting (from a start without it).
    inst = make_instance(1, 2, slots_per_day=1, requests=[(1, 1, 1, "both"), (1, 2, 3)])
    week = place_week(
        inst, required={}, published={}, off_grid=[], start={("E1", "B2"): 0},
        meetings_floor=1, value_floor=0, dtime=1.0, wall=30,
    )  # fmt: skip
    assert week is not None and week.slots == {("E1", "B1"): 0}


def test_the_week_model_keeps_a_moved_announced_meeting_in_its_half_day() -> None:
    # Two mornings of 2 slots; E1-B1 was announced at the first one's 09:00, where B1 is
    # now away: it moves (2 in S3) wherever it goes, to 09:30 or to the second morning.
    # Of equal S3, the week model keeps it in its half-day, as stage 1's count of S3
    # (`tier_S3`) does: started from the second morning, it stayed there, and a
    # re-plan's `tier_S3` rose from 94 to 126 where its `changes_cost` fell.
    inst = make_instance(1, 1, days=2, slots_per_day=2, unavailability=[("B1", 0, 0, 1)])
    key = ("E1", "B1")
    assert {s.session for s in inst.slots[:2]} != {s.session for s in inst.slots[2:]}
    week = place_week(
        inst, required={}, published={key: 0}, off_grid=[], start={key: 2}, meetings_floor=1,
        value_floor=0, dtime=1.0, wall=30,
    )  # fmt: skip
    assert week is not None and week.slots == {key: 1}


def test_the_week_model_never_trades_value_to_keep_a_move_in_its_half_day():
    # A second reader: the half-day tie-break ranked right after S3, above value (S2),
    # and the week model dropped a priority-1 meeting (value 18 to 14) to keep E1-B1,
    # announced at a slot B1 is now away, in its half-day. The tie-break is last now.
    inst = make_instance(
        2, 5, days=2, slots_per_day=2, tables=1,
        requests=[(1, 1, 2), (1, 2, 1), (1, 5, 3), (2, 3), (2, 4)],
        unavailability=[("B1", 0, 0, 1), ("B2", 0, 0, 1), ("B2", 1, 0, 2)],
    )  # fmt: skip
    key = ("E1", "B1")
    kept_heavier = {("E2", "B3"): 0, ("E1", "B2"): 1, key: 2, ("E2", "B4"): 3}
    dropped_heavier = {("E2", "B3"): 0, key: 1, ("E1", "B5"): 2, ("E2", "B4"): 3}
    assert plan_value(inst, kept_heavier) > plan_value(inst, dropped_heavier)
    for start in (kept_heavier, dropped_heavier):
        week = place_week(
            inst, required={}, published={key: 0}, off_grid=[], start=start,
            meetings_floor=1, value_floor=0, dtime=2.0, wall=30,
        )  # fmt: skip
        assert week.slots is not None
        assert plan_value(inst, week.slots) == plan_value(inst, kept_heavier)
        assert plan_worst_off(inst, week.slots) == plan_worst_off(inst, kept_heavier)
