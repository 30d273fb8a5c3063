"""The stage-1 local searches (model/selection/), checked on slots by the validator.

On ``SlotLoad`` the searches return a pair -> slot plan; turned into a schedule it
must pass the independent validator, and each search must keep the promises of
its docstring: ``raise_worst_off`` never lowers the worst-off level and gives up
at most ``value_budget`` of value; ``upgrade_value`` never lowers the worst-off
level or the number of meetings and never loses value; ``compact_buyers`` never
adds a buyer half-day and changes nothing else that is scored.
"""

from __future__ import annotations

import time
from collections import Counter
from random import Random

import pytest
from conftest import make_instance, random_requests

from asmex_sched.domain import Instance
from asmex_sched.greedy import greedy_slots, schedule_from_slots
from asmex_sched.model import selection as sel
from asmex_sched.model.selection import compaction
from asmex_sched.validate import score, validate


def instance(seed: int) -> Instance:
    """A congested mission: few tables, one interpreter, some partial availability."""
    rng = Random(seed)
    reqs = random_requests(rng, 8, 12, 0.5)
    away = [(f"B{b}", 0, 0, 2) for b in range(1, 13) if rng.random() < 0.3]
    return make_instance(
        8,
        12,
        days=2,
        slots_per_day=8,
        tables=3,
        interpreters=1,
        requests=reqs,
        languages={"E1": ["fr"], "E2": ["fr"], "B1": ["sw"], "B2": ["sw"]},
        unavailability=away,
    )


def checked(inst: Instance, plan: dict[tuple[str, str], int]):
    schedule = schedule_from_slots(inst, plan, (), {})
    assert validate(inst, schedule) == []
    return score(inst, schedule)


@pytest.mark.parametrize("seed", range(6))
def test_local_searches_on_slots_keep_every_rule_and_their_promises(seed: int) -> None:
    inst = instance(seed)
    start = greedy_slots(inst, ())
    before = checked(inst, start)

    budget = before.value // 50
    raised = sel.raise_worst_off(inst, start, {}, value_budget=budget, load_type=sel.SlotLoad)
    after_raise = checked(inst, raised)
    assert after_raise.worst_off >= before.worst_off
    assert after_raise.value >= before.value - budget
    assert after_raise.meetings >= before.meetings

    upgraded = sel.upgrade_value(inst, raised, {}, load_type=sel.SlotLoad)
    after_upgrade = checked(inst, upgraded)
    assert after_upgrade.worst_off >= after_raise.worst_off
    assert after_upgrade.value >= after_raise.value
    assert after_upgrade.meetings >= after_raise.meetings

    compact = sel.compact_buyers(inst, upgraded, {}, load_type=sel.SlotLoad)
    after_compact = checked(inst, compact)
    assert after_compact.buyer_half_days <= after_upgrade.buyer_half_days
    assert set(compact) == set(upgraded)  # the same meetings, maybe at other times


@pytest.mark.parametrize("anyone", [False, True])
def test_a_lift_up_to_a_level_is_the_unlimited_lifts_plan_at_that_level(anyone: bool) -> None:
    # The trade fair's fairness probes read the unlimited lift's recorded levels
    # instead of lifting again (session 62): for every level, the plan the lift with
    # that ``up_to`` returns, to the order of its meetings, on fuzzed missions.
    climbs = 0
    for seed in range(300):
        inst, plan, fixed = _random_plan(seed)
        budget = sel.plan_value(inst, plan) // 20
        levels: dict = {}
        lifted = sel.raise_worst_off(inst, plan, fixed, budget, sel.SlotLoad, anyone=anyone,
                                     levels=levels)  # fmt: skip
        top = sel.plan_worst_off(inst, lifted)
        for up_to in range(top + 2):
            expected = sel.raise_worst_off(inst, plan, fixed, budget, sel.SlotLoad, up_to,
                                           anyone=anyone)  # fmt: skip
            assert list(sel.lift_up_to(levels, lifted, up_to).items()) == list(
                expected.items()
            ), (seed, up_to)
        climbs += len(levels) >= 3
    assert climbs >= 12  # the lifts do climb through several levels (18 and 27 when written)


def test_raise_worst_off_with_no_budget_never_loses_value() -> None:
    lifted_somewhere = False
    for seed in range(6):
        inst = instance(seed)
        start = greedy_slots(inst, ())
        before = checked(inst, start)
        plan = sel.raise_worst_off(inst, start, {}, value_budget=0, load_type=sel.SlotLoad)
        after = checked(inst, plan)
        assert after.value >= before.value
        lifted_somewhere |= after.worst_off > before.worst_off
    assert lifted_somewhere  # the test instances leave room for value-neutral lifts


def test_fixed_meetings_are_never_moved_or_evicted() -> None:
    # Protect exactly the meetings that an unprotected run moves or evicts.
    for seed in range(6):
        inst = instance(seed)
        start = greedy_slots(inst, ())

        def run(fixed: dict, inst: Instance = inst, start: dict = start) -> dict:
            plan = sel.raise_worst_off(inst, start, fixed, load_type=sel.SlotLoad)
            plan = sel.upgrade_value(inst, plan, fixed, load_type=sel.SlotLoad)
            return sel.compact_buyers(inst, plan, fixed, load_type=sel.SlotLoad)

        free = run({})
        touched = {k: s for k, s in start.items() if free.get(k) != s}
        if not touched:
            continue
        kept = run(touched)
        assert all(kept.get(k) == s for k, s in touched.items())
        checked(inst, kept)
        return
    pytest.fail("no test instance where the local searches move a meeting")


def test_a_replans_start_lifts_late_exporters_past_announced_meetings_not_required_ones() -> None:
    # B1 and B2 take two meetings each, all announced with E1 and E2; E3 registers
    # late and wishes both. Announced meetings kept, E3 starts at 0 (a cron tester's
    # late exporters started at what the agenda left them, and the S1a solve did not
    # get past it); the worst-off level ranks above stability, so one of E1's
    # announced meetings gives its place and E3 starts at 1. A required (frozen,
    # locked, fixed) meeting never does, and a fresh plan keeps its announced ones.
    inst = make_instance(3, 2, slots_per_day=4, requests=[(1, 1), (1, 2), (2, 1), (2, 2),
                         (3, 1), (3, 2)], max_meetings={"B1": 2, "B2": 2})  # fmt: skip
    announced = {("E1", "B1"): 0, ("E1", "B2"): 0, ("E2", "B1"): 0, ("E2", "B2"): 0}
    kept = sel.lift_start(inst, announced, announced, {}, 0, replanning=False)
    assert kept == announced and sel.plan_worst_off(inst, kept) == 0
    lifted = sel.lift_start(inst, announced, announced, {}, 0, replanning=True)
    assert sel.plan_worst_off(inst, lifted) == 1
    assert sum(k[0] == "E3" for k in lifted) == 1 and len(lifted) == 4
    frozen = {k: h for k, h in announced.items() if k[0] == "E1"}
    held = sel.lift_start(inst, announced, announced, frozen, 0, replanning=True)
    assert all(held.get(k) == h for k, h in frozen.items())
    assert sel.plan_worst_off(inst, held) == 1 and sum(k[0] == "E2" for k in held) == 1
    no_room = sel.lift_start(inst, announced, announced, announced, 0, replanning=True)
    assert no_room == announced  # every announced meeting required: nothing gives way


def test_a_late_exporter_gets_an_interpreter_other_companies_held() -> None:
    # One interpreter, two slots: E1 (French) holds it in both, with B1 and B2
    # (Swahili); E3 registers late, French too, and wishes B3 (Swahili), who has no
    # meeting. Evicting the buyer's own meetings frees nothing (B3 has none): on a
    # 100 x 250 mission six such exporters were left at 2 where a fresh plan holds 5.
    # The lift past the announced agenda may evict anyone's meeting there (E1 is two
    # above the level), and so frees the interpreter; a required one never gives way.
    inst = make_instance(3, 3, slots_per_day=2, interpreters=1,
                         requests=[(1, 1), (1, 2), (3, 3)],
                         languages={"E1": ["fr"], "E3": ["fr"], "B1": ["sw"], "B2": ["sw"],
                                    "B3": ["sw"]})  # fmt: skip
    assert all(inst.interpreter_needed[k] for k in inst.weight)
    announced = sel.lift_start(inst, {("E1", "B1"): 0, ("E1", "B2"): 1}, {}, {}, 0, False,
                               load_type=sel.SlotLoad)  # fmt: skip
    assert set(announced) == {("E1", "B1"), ("E1", "B2")}  # E3 fits nowhere as it is
    lifted = sel.lift_start(inst, announced, announced, {}, 0, True, load_type=sel.SlotLoad)
    checked(inst, lifted)
    assert ("E3", "B3") in lifted and len(lifted) == 2
    assert sel.plan_worst_off(inst, lifted) == 1
    held = sel.lift_start(inst, announced, announced, announced, 0, True, load_type=sel.SlotLoad)
    assert held == announced
    # Only an exporter without an announced meeting, or holding fewer than it was
    # announced, takes anyone's place: on a trade fair, open to all, it cancelled 50
    # announced meetings a day's changes did not touch for a level the first plan did
    # not hold. E3 holds its one announced meeting.
    inst = make_instance(3, 5, slots_per_day=3, interpreters=1,
                         requests=[(1, 1), (1, 2), (1, 4), (3, 3), (3, 5)],
                         languages={"E1": ["fr"], "E3": ["fr"], "B1": ["sw"], "B2": ["sw"],
                                    "B3": ["sw"], "B4": ["sw"], "B5": ["fr"]})  # fmt: skip
    announced = {("E1", "B1"): 0, ("E1", "B2"): 1, ("E1", "B4"): 2, ("E3", "B5"): 0}
    kept = sel.lift_start(inst, announced, announced, {}, 0, True, load_type=sel.SlotLoad)
    assert kept == announced  # E1 (3) is two above E3 (1), but E3 is no newcomer
    owed = sel.raise_worst_off(inst, announced, {}, 0, sel.SlotLoad, announced={"E3": 2})
    assert ("E3", "B3") in owed  # what it takes when it was announced two meetings
    # An on-site tester: the interpreters lowered, an exporter whose announced meeting
    # needing one no longer fits holds fewer than it was announced, and may (left at 7
    # where 9 was proven). Here E3-B3 was announced at slot 1 beside E1-B2.
    kept = {k: s for k, s in announced.items()}
    told = {**announced, ("E3", "B3"): 1}
    lifted = sel.lift_start(inst, kept, told, {}, 0, True, load_type=sel.SlotLoad)
    checked(inst, lifted)
    assert ("E3", "B3") in lifted and sum(k[0] == "E1" for k in lifted) == 2


def test_upgrade_relocates_a_meeting_to_make_room() -> None:
    # B2 is there only in slot 0, where E1 meets B1; E1-B1 can move to slot 1.
    inst = make_instance(1, 2, slots_per_day=2, requests=[(1, 1, 2), (1, 2, 3)],
                         unavailability=[("B2", 0, 1, 2)])  # fmt: skip
    plan = sel.upgrade_value(inst, {("E1", "B1"): 0}, {}, load_type=sel.SlotLoad)
    assert plan == {("E1", "B1"): 1, ("E1", "B2"): 0}
    checked(inst, plan)
    # a fixed meeting is never the one that moves
    kept = sel.upgrade_value(inst, {("E1", "B1"): 0}, {("E1", "B1"): 0}, load_type=sel.SlotLoad)
    assert kept == {("E1", "B1"): 0}


def test_upgrade_swaps_a_lighter_meeting_for_the_last_table() -> None:
    # One table, one slot: E2-B2 (priority 1) is worth more than E1-B1 (priority 3),
    # and E1 holding nothing keeps the worst-off level (0) where it is.
    inst = make_instance(2, 2, slots_per_day=1, tables=1, requests=[(1, 1, 3), (2, 2, 1)])
    plan = sel.upgrade_value(inst, {("E1", "B1"): 0}, {}, load_type=sel.SlotLoad)
    assert plan == {("E2", "B2"): 0}
    checked(inst, plan)


def test_upgrade_swap_never_lowers_the_worst_off_level() -> None:
    # Two slots, one table, both full; E2-B2 (priority 1) would be worth more than
    # E1-B1 (priority 3), but E1 would drop to 0 meetings, below the level of 1.
    inst = make_instance(2, 3, slots_per_day=2, tables=1,
                         requests=[(1, 1, 3), (2, 2, 1), (2, 3, 1)])  # fmt: skip
    start = {("E1", "B1"): 0, ("E2", "B3"): 1}
    plan = sel.upgrade_value(inst, start, {}, load_type=sel.SlotLoad)
    assert plan == start


def test_upgrade_shared_swap_frees_an_interpreter_only_by_an_interpreted_meeting() -> None:
    # One interpreter, used by E1-B1 (fr/sw, priority 3); E2-B2 (fr/sw, priority 1)
    # takes it; E3-B3 (no interpreter) stays: removing it would not free one.
    langs = {"E1": ["fr"], "E2": ["fr"], "B1": ["sw"], "B2": ["sw"]}
    inst = make_instance(3, 3, slots_per_day=1, tables=5, interpreters=1, languages=langs,
                         requests=[(1, 1, 3), (2, 2, 1), (3, 3, 3)])  # fmt: skip
    assert inst.interpreter_needed[("E2", "B2")] and not inst.interpreter_needed[("E3", "B3")]
    plan = sel.upgrade_value(inst, {("E1", "B1"): 0, ("E3", "B3"): 0}, {}, load_type=sel.SlotLoad)
    assert plan == {("E2", "B2"): 0, ("E3", "B3"): 0}
    checked(inst, plan)


def test_upgrade_shared_swap_takes_a_table_from_a_meeting_without_interpreter() -> None:
    # One slot, one table, one interpreter (free): E2-B2 (fr/sw, priority 1) needs the
    # interpreter and the table; E1-B1 (no interpreter, priority 3) gives up the table.
    langs = {"E2": ["fr"], "B2": ["sw"]}
    inst = make_instance(2, 2, slots_per_day=1, tables=1, interpreters=1, languages=langs,
                         requests=[(1, 1, 3), (2, 2, 1)])  # fmt: skip
    assert inst.interpreter_needed[("E2", "B2")] and not inst.interpreter_needed[("E1", "B1")]
    plan = sel.upgrade_value(inst, {("E1", "B1"): 0}, {}, load_type=sel.SlotLoad)
    assert plan == {("E2", "B2"): 0}
    checked(inst, plan)


@pytest.mark.parametrize("load_type", [sel.SessionLoad, sel.SlotLoad])
def test_compaction_exchanges_meetings_when_the_tables_are_full(load_type: type) -> None:
    # Two days of two slots at two tables, every table taken. B1 and B2 are on site
    # both days; no meeting can simply move (the other day is full), but E1-B1 on
    # day 1 and E6-B2 on day 2 can swap: B1 then comes on day 2 only, B2 on day 1
    # only. The congested benchmark kept 212 buyer half-days where this gives 139.
    pairs = [(1, 1), (3, 3), (2, 2), (4, 3), (5, 1), (7, 4), (6, 2), (8, 4)]
    inst = make_instance(8, 4, days=2, slots_per_day=2, tables=2, requests=pairs)
    slots = {(f"E{e}", f"B{b}"): i // 2 for i, (e, b) in enumerate(pairs)}  # two per slot
    session_of = {s.index: s.session for s in inst.slots}
    start = slots if load_type is sel.SlotLoad else {k: session_of[s] for k, s in slots.items()}
    before = sel.evaluate(inst, {k: session_of[s] for k, s in slots.items()}, {})["S4"]
    plan = sel.compact_buyers(inst, start, {}, load_type=load_type)
    if load_type is sel.SlotLoad:
        checked(inst, plan)
        plan = {k: session_of[s] for k, s in plan.items()}
    assert set(plan) == set(start)
    assert (before, sel.evaluate(inst, plan, {})["S4"]) == (6, 4)
    assert plan[("E1", "B1")] == plan[("E5", "B1")] and plan[("E2", "B2")] == plan[("E6", "B2")]
    # A fixed meeting is never the other side of an exchange: with B2's meetings fixed,
    # B1 cannot swap E1-B1 for E6-B2 (B1's own half-day is not skipped, B2's is).
    fixed = {k: start[k] for k in (("E2", "B2"), ("E6", "B2"))}
    assert sel.compact_buyers(inst, start, fixed, load_type=load_type) == start


def _random_plan(
    seed: int, crowded: bool = False
) -> tuple[Instance, dict[tuple[str, str], int], dict]:
    """A small random mission with two-delegate companies, interpreters, maximums and
    partial availability, a valid plan made first-fit in a random order (so that many
    half-days are thinly used), and about a tenth of its meetings fixed. ``crowded``:
    more companies and tables, one day, more of them needing an interpreter (many
    meetings at each place, as at a trade fair)."""
    from asmex_sched.greedy import Occupancy

    rng = Random(seed)
    if crowded:
        ne, nb, days, per_day = rng.randint(8, 14), rng.randint(10, 20), 1, 6
        tables, interpreters, speak = rng.randint(4, 10), rng.randint(1, 3), 0.6
    else:
        ne, nb, days, per_day = rng.randint(3, 9), rng.randint(3, 12), rng.randint(1, 3), 6
        tables, interpreters, speak = None, None, 0.4
    reqs = random_requests(rng, ne, nb, rng.uniform(0.3, 0.8)) or [(1, 1, 2, "exporter")]
    ids = [f"E{e}" for e in range(1, ne + 1)] + [f"B{b}" for b in range(1, nb + 1)]
    away = []
    for cid in ids:
        if rng.random() < 0.3:
            first = rng.randrange(per_day)
            away.append((cid, rng.randrange(days), first, rng.randint(first + 1, per_day)))
    inst = make_instance(
        ne, nb, days=days, slots_per_day=per_day, tables=tables or rng.randint(1, 4),
        interpreters=rng.randint(0, 2) if interpreters is None else interpreters, requests=reqs,
        languages={c: ["fr" if c[0] == "E" else "sw"] for c in ids if rng.random() < speak},
        delegates={c: 2 for c in ids if rng.random() < 0.3},
        max_meetings={c: rng.randint(1, 4) for c in ids if c[0] == "B" and rng.random() < 0.2},
        unavailability=away,
    )  # fmt: skip
    occupancy = Occupancy(inst)
    for r in rng.sample(list(inst.requests), len(inst.requests)):
        for slot in rng.sample(list(inst.candidates[r.key]), len(inst.candidates[r.key])):
            if occupancy.fits(r.key, slot):
                occupancy.add(r.key, slot)
                break
    plan = dict(occupancy.slot_of)
    return inst, plan, {k: s for k, s in sorted(plan.items()) if rng.random() < 0.1}


def _session_problems(inst: Instance, plan: dict[tuple[str, str], int]) -> list[tuple]:
    """The stage-1 capacities a half-day plan breaks (H2 per company and half-day, H3 as
    candidate half-days, H4, H5, H6), counted here independently of the loads."""
    half_day = {s.index: s.session for s in inst.slots}
    per_company, per_half_day, interpreted, total = Counter(), Counter(), Counter(), Counter()
    problems: list[tuple] = []
    for key, h in sorted(plan.items()):
        if h not in {half_day[s] for s in inst.candidates[key]}:
            problems.append(("H3", key, h))
        per_company.update((c, h) for c in key)
        total.update(key)
        per_half_day[h] += 1
        interpreted[h] += inst.interpreter_needed[key]
    for (c, h), n in sorted(per_company.items()):
        if n > sum(inst.delegates_at(c, s) for s in inst.usable_slot_sets.get((c, h), ())):
            problems.append(("H2", c, h))
    for h, n in sorted(per_half_day.items()):
        if n > sum(map(inst.tables_at, inst.session_usable_slot_sets.get((h, False), ()))):
            problems.append(("H4", h))
        slots = inst.session_usable_slot_sets.get((h, True), ())
        if interpreted[h] > sum(map(inst.interpreters_at, slots)):
            problems.append(("H5", h))
    for c, n in sorted(total.items()):
        cap = inst.companies[c].max_meetings
        if cap is not None and n > cap:
            problems.append(("H6", c))
    return problems


def test_exchanges_keep_every_rule_on_random_missions(monkeypatch: pytest.MonkeyPatch) -> None:
    # A second reader's fuzz, kept: each guard of the exchange (the other meeting's
    # candidates, its buyer on site, the interpreters moved by the swap, fixed meetings)
    # removed alone made some of these plans invalid, or the search endless.
    swaps = Counter()
    real = compaction._exchange  # patched where compact_buyers reads it

    def counted(load, site, key, *args):
        before = dict(load.sess)
        done = real(load, site, key, *args)
        if done:
            other = next(k for k, p in load.sess.items() if k != key and before[k] != p)
            swaps["all"] += 1
            swaps["same exporter"] += other[0] == key[0]
            swaps["interpreter moved"] += (
                inst.interpreter_needed[key] != inst.interpreter_needed[other]
            )
        return done

    monkeypatch.setattr(compaction, "_exchange", counted)
    for seed in range(600):  # 446, 482 and 517 catch the half-day interpreter check
        inst, plan, fixed = _random_plan(seed)
        half_day = {s.index: s.session for s in inst.slots}
        before = checked(inst, plan)
        slots = sel.compact_buyers(inst, plan, fixed, load_type=sel.SlotLoad)
        after = checked(inst, slots)  # the independent validator
        assert set(slots) == set(plan) and all(slots[k] == s for k, s in fixed.items())
        assert after.buyer_half_days <= before.buyer_half_days
        sessions = {k: half_day[s] for k, s in plan.items()}
        kept = {k: half_day[s] for k, s in fixed.items()}
        compacted = sel.compact_buyers(inst, sessions, kept)
        assert _session_problems(inst, compacted) == []
        assert set(compacted) == set(plan) and all(compacted[k] == h for k, h in kept.items())
        assert sel.evaluate(inst, compacted, {})["S4"] <= sel.evaluate(inst, sessions, {})["S4"]
    # the missions do exercise the exchange, its shared-exporter and interpreter cases
    assert swaps["all"] > 500 and swaps["same exporter"] > 100  # 944 and 210 when written
    assert swaps["interpreter moved"] > 70  # 144


def test_buyers_idle_slots_close_by_a_move_or_an_exchange() -> None:
    # One day of three slots (one half-day), one table. B1 meets E1 in the first
    # slot and E2 in the third, with E3-B2 between them: B1 waits one slot. No table
    # is free, so an end of B1's span (E1-B1, first in id order) exchanges slots with
    # E3-B2; B2, with one meeting, waits for nobody either way.
    inst = make_instance(3, 2, days=1, slots_per_day=3, tables=1,
                         requests=[(1, 1), (2, 1), (3, 2)])  # fmt: skip
    assert {s.session for s in inst.slots} == {0}
    start = {("E1", "B1"): 0, ("E3", "B2"): 1, ("E2", "B1"): 2}
    assert checked(inst, start).buyer_gaps == 1
    plan = sel.close_buyer_gaps(inst, start, {})
    assert plan == {("E1", "B1"): 1, ("E3", "B2"): 0, ("E2", "B1"): 2}
    assert checked(inst, plan).buyer_gaps == 0
    # With E1-B1 fixed, the other end (E2-B1) makes the exchange; with both fixed,
    # nothing moves (E3-B2 alone would not lower anyone's idle slots).
    plan = sel.close_buyer_gaps(inst, start, {("E1", "B1"): 0})
    assert plan == {("E1", "B1"): 0, ("E2", "B1"): 1, ("E3", "B2"): 2}
    assert sel.close_buyer_gaps(inst, start, {("E1", "B1"): 0, ("E2", "B1"): 2}) == start
    # With a second table free in the middle slot, E1-B1 simply moves there.
    two_tables = make_instance(3, 2, days=1, slots_per_day=3, tables=2,
                               requests=[(1, 1), (2, 1), (3, 2)])  # fmt: skip
    plan = sel.close_buyer_gaps(two_tables, start, {})
    assert plan == {("E1", "B1"): 1, ("E3", "B2"): 1, ("E2", "B1"): 2}


def test_a_buyer_with_two_delegates_closes_an_idle_slot_from_inside_its_span() -> None:
    # B1 has two delegates and meets E2 and E3 together in the middle slot, E1 and
    # E4 (fixed) at the ends: the ends cannot move, but one of the two meetings in
    # the middle can fill an idle slot (a second reader's case: it stayed at 2).
    inst = make_instance(4, 1, days=1, slots_per_day=5, tables=4, delegates={"B1": 2},
                         requests=[(1, 1), (2, 1), (3, 1), (4, 1)])  # fmt: skip
    start = {("E1", "B1"): 0, ("E2", "B1"): 2, ("E3", "B1"): 2, ("E4", "B1"): 4}
    fixed = {("E1", "B1"): 0, ("E4", "B1"): 4}
    assert checked(inst, start).buyer_gaps == 2
    plan = sel.close_buyer_gaps(inst, start, fixed)
    assert checked(inst, plan).buyer_gaps == 1
    assert plan == {**start, ("E2", "B1"): 1}


def test_closing_idle_slots_keeps_every_rule_on_random_missions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The same fuzzed missions as the exchanges above: the plan stays valid (the
    # independent validator), the same meetings each in its half-day, fixed ones
    # where they were, every figure above S5 unchanged, S5 lower whenever anything
    # moved, and a second run finds nothing more (it stops only where no move or
    # exchange helps). Removing any guard of the search alone fails or hangs this.
    steps = Counter()

    class Counted(sel.SlotLoad):
        def move(self, key: tuple[str, str], dst: int) -> None:
            steps["move"] += 1
            super().move(key, dst)

        def remove(self, key: tuple[str, str]) -> None:
            steps["exchange"] += 0.5  # an exchange takes both meetings out
            super().remove(key)

    monkeypatch.setattr(compaction, "SlotLoad", Counted)  # where close_buyer_gaps reads it
    for seed in range(600):
        inst, plan, fixed = _random_plan(seed)
        half_day = {s.index: s.session for s in inst.slots}
        before = checked(inst, plan)
        closed = sel.close_buyer_gaps(inst, plan, fixed)
        after = checked(inst, closed)
        assert set(closed) == set(plan) and all(closed[k] == s for k, s in fixed.items())
        assert all(half_day[closed[k]] == half_day[s] for k, s in plan.items())
        assert after.key()[:5] == before.key()[:5]  # S1a, S2, S1b, S3, S4
        assert after.buyer_gaps < before.buyer_gaps or closed == plan
        assert sel.close_buyer_gaps(inst, closed, fixed) == closed
    # the missions exercise both kinds of step (when written: 1 042 moves, 972 exchanges)
    assert steps["move"] > 500 and steps["exchange"] > 500


def _refined(inst: Instance, plan: dict[tuple[str, str], int], fixed: dict, **kw):
    """``slotting.refine_buyer_gaps`` on every half-day of ``plan`` with idle slots."""
    from asmex_sched.model.slotting import count_gaps, refine_buyer_gaps

    half_day = {s.index: s.session for s in inst.slots}
    out, runs = dict(plan), []
    for h in sorted(inst.sessions):
        here = {k: s for k, s in plan.items() if half_day[s] == h}
        if count_gaps(inst, h, here):
            args = {"dtime": 1.0, "deadline": time.monotonic() + 60} | kw
            runs.append(refine_buyer_gaps(inst, h, here, fixed, **args))
            out.update(runs[-1].slots)
    return out, runs


def test_the_idle_slot_refinement_keeps_every_rule_and_goes_past_the_local_search() -> None:
    # Where the moves and exchanges stop, re-slotting the meetings around a buyer
    # (its own and its exporters', then those of the buyers they meet) closes more
    # idle slots. On the fuzzed missions above: the plan stays valid (the
    # independent validator), the same meetings each in its half-day, fixed ones
    # where they were, every figure above S5 unchanged, S5 lower whenever anything
    # moved, and the same result on a second run (deterministic). On odd seeds the
    # fixed meetings are announced ones moved since (their announced slot is not
    # where they are): they stay where they are.
    beyond = 0
    for seed in range(300):
        inst, plan, fixed = _random_plan(seed)
        half_day = {s.index: s.session for s in inst.slots}
        closed = sel.close_buyer_gaps(inst, plan, fixed)
        if seed % 2:
            fixed = {k: min(inst.candidates[k]) - 1 for k in fixed}  # announced elsewhere
        before = checked(inst, closed)
        refined, runs = _refined(inst, closed, fixed)
        after = checked(inst, refined)  # the independent validator
        assert set(refined) == set(plan) and all(refined[k] == closed[k] for k in fixed)
        assert all(half_day[refined[k]] == half_day[s] for k, s in plan.items())
        assert after.key()[:5] == before.key()[:5]  # S1a, S2, S1b, S3, S4
        assert after.buyer_gaps < before.buyer_gaps or refined == closed
        assert all(not r.wall_hit for r in runs)
        assert _refined(inst, closed, fixed)[0] == refined
        beyond += after.buyer_gaps < before.buyer_gaps
    assert beyond > 40  # seeds where it closed more (62 when written: 208 -> 92 idle slots)


def test_the_idle_slot_refinement_stops_at_its_budget_and_at_the_deadline() -> None:
    # Its budget is deterministic time: none, no solve; a little, it stops after
    # the solve that spends it. The deadline is a net only: past it, nothing is
    # solved and the result says the clock stopped it.
    from asmex_sched.model.slotting import REFINE_STEP_DTIME

    for seed in range(300):
        inst, plan, fixed = _random_plan(seed)
        closed = sel.close_buyer_gaps(inst, plan, fixed)
        refined, runs = _refined(inst, closed, fixed)
        if refined != closed:
            break
    else:  # pragma: no cover
        pytest.fail("no fuzzed mission leaves the refinement work")
    unchanged, runs = _refined(inst, closed, fixed, dtime=0.0)
    assert unchanged == closed and runs and all(r.solves == 0 and not r.wall_hit for r in runs)
    late, runs = _refined(inst, closed, fixed, deadline=time.monotonic() - 1)
    assert late == closed and all(r.solves == 0 and r.wall_hit for r in runs)
    _, runs = _refined(inst, closed, fixed, dtime=1e-6)
    assert all(r.solves == 1 and r.dtime <= REFINE_STEP_DTIME for r in runs)


def test_an_idle_slot_refinement_step_gets_at_most_what_its_budget_has_left(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each solve had REFINE_STEP_DTIME whatever was left, so a half-day could overrun
    # its share by a step (a second reader measured 0.95 used of 0.90 on Nairobi seed
    # 1). Now a step gets at most what is left.
    from asmex_sched.model import slotting
    from asmex_sched.model.slotting import REFINE_STEP_DTIME

    steps: list[tuple[float, float]] = []
    real = slotting._replace

    def spy(inst_, h, here, free, step, *args):  # type: ignore[no-untyped-def]
        new, spent, stopped = real(inst_, h, here, free, step, *args)
        steps.append((step, spent))
        return new, spent, stopped

    monkeypatch.setattr(slotting, "_replace", spy)
    several = 0
    for seed in range(300):
        inst, plan, fixed = _random_plan(seed)
        for budget in (0.004, 1.0):
            steps.clear()
            runs = _refined(inst, sel.close_buyer_gaps(inst, plan, fixed), fixed, dtime=budget)[1]
            assert len(steps) == sum(run.solves for run in runs)
            for run in runs:  # one per half-day, in order
                made, steps[:] = steps[: run.solves], steps[run.solves :]
                assert sum(d for _, d in made) == pytest.approx(run.dtime)
                left = budget
                for step, spent in made:
                    assert 0 < step <= min(REFINE_STEP_DTIME, left) + 1e-12
                    left -= spent
                several += budget < 1 and len(made) > 1
    assert several > 0  # the small budget does run out over several steps


def test_bring_home_moves_an_off_grid_meeting_to_the_first_free_slot_of_its_half_day() -> None:
    # 09:00-15:00, 30-minute slots: the morning is slots 0-7, the afternoon 8-11. E1-B1,
    # at home in the morning, is held at 13:00 (slot 8). Slot 0 has B1 busy, slot 1 the
    # only interpreter taken (E1-B1 needs one), slot 2 the only table: it goes to 3.
    inst = make_instance(
        4, 4, slots_per_day=12, tables=1, interpreters=1,
        requests=[(1, 1), (2, 1), (3, 3), (4, 4)],
        languages={"E1": ["fr"], "B1": ["sw"], "E3": ["fr"], "B3": ["sw"]},
    )  # fmt: skip
    plan = {("E1", "B1"): 8, ("E2", "B1"): 0, ("E3", "B3"): 1, ("E4", "B4"): 2}
    home = {("E1", "B1"): 0}
    moved = sel.bring_home(inst, plan, home, {})
    assert moved == {**plan, ("E1", "B1"): 3}
    assert validate(inst, schedule_from_slots(inst, moved)) == []
    # At home already, fixed (or pinned, announced): it stays.
    assert sel.bring_home(inst, plan, {("E1", "B1"): 1}, {}) == plan
    assert sel.bring_home(inst, plan, home, {("E1", "B1"): 8}) == plan
    # No free slot at home (one table, every morning slot taken): it stays.
    crowded = make_instance(
        4, 4, slots_per_day=12, tables=1, interpreters=1,
        requests=[(1, 1), (2, 1), (3, 3), (4, 4), (2, 2), (3, 2), (4, 2), (2, 3), (2, 4)],
        languages={"E1": ["fr"], "B1": ["sw"], "E3": ["fr"], "B3": ["sw"]},
    )  # fmt: skip
    taken = {("E2", "B1"): 0, ("E3", "B3"): 1, ("E4", "B4"): 2, ("E2", "B2"): 3,
             ("E3", "B2"): 4, ("E4", "B2"): 5, ("E2", "B3"): 6, ("E2", "B4"): 7}  # fmt: skip
    assert sel.bring_home(crowded, {**taken, ("E1", "B1"): 8}, home, {}) == {
        **taken, ("E1", "B1"): 8
    }


def test_a_first_plan_lifts_past_a_booked_interpreter_by_evicting_anyones_meeting() -> None:
    # Two slots, one interpreter: the greedy gives E2's two (heavier) requests both
    # interpreter-slots, and E1's only request, which needs one too, goes to a buyer
    # without meetings: evicting the buyer's own meetings frees nothing. On a first
    # plan anyone's meeting may give its place (session 56: the trade fair's
    # interpreters, where a maximum flow proved one level more possible).
    inst = make_instance(
        2, 3, days=1, slots_per_day=2, tables=3, interpreters=1,
        requests=[(1, 1, 3), (2, 2, 1), (2, 3, 1)],
        languages={"E1": ["fr"], "E2": ["fr"], "B1": ["en"], "B2": ["en"], "B3": ["en"]},
    )  # fmt: skip
    assert all(inst.interpreter_needed.values())
    start = greedy_slots(inst, ())
    assert set(start) == {("E2", "B2"), ("E2", "B3")}
    assert checked(inst, start).worst_off == 0

    def lifted(**kw) -> dict:
        return sel.raise_worst_off(inst, start, {}, load_type=sel.SlotLoad, **kw)

    assert checked(inst, lifted()).worst_off == 0  # the buyer's own meetings: none
    plan = lifted(anyone=True)
    after = checked(inst, plan)
    assert after.worst_off == 1 and ("E1", "B1") in plan and len(plan) == 2
    # the value it costs stays within the budget: none, no lift
    assert checked(inst, lifted(anyone=True, value_budget=0)).worst_off == 0
    # fixed meetings are never evicted
    assert checked(inst, sel.raise_worst_off(inst, start, dict(start), load_type=sel.SlotLoad,
                                             anyone=True)).worst_off == 0  # fmt: skip


def _upgrade_as_documented(inst: Instance, plan: dict, fixed: dict, load_type: type) -> dict:
    """``upgrade_value``'s four moves as its docstring states them, without the search's
    shortcuts (session 62: a meeting found with no other place not tried again until
    the plan changes; the shared swap's lightest victim found without sorting, and not
    looked for where a company of the request has no delegate free; then its victims at
    a place sorted once until the plan changes, scanned until the first lighter one of
    each group): the oracle."""
    from asmex_sched.model.selection.figures import worst_off_level
    from asmex_sched.model.selection.lifts import _Tracked

    t = _Tracked(inst, plan, load_type)
    load, weight, caps = t.load, inst.weight, inst.fairness_cap
    level = worst_off_level(t.held, caps)

    def swap(key: tuple[str, str], h: int, victims: list, first_only: bool = False) -> bool:
        for v in sorted(victims, key=lambda k: (weight[k], k)):
            if weight[v] >= weight[key]:
                break
            if v in fixed or (v[0] != key[0] and t.held[v[0]] - 1 < min(level, caps[v[0]])):
                continue
            t.remove(v)
            if load.fits(key, h):
                t.add(key, h)
                return True
            t.add(v, h)
            if first_only:
                break
        return False

    def relocate(key: tuple[str, str], h: int) -> bool:
        for m in sorted({v for c in key for v in t.at[(c, h)]}):
            if m in fixed:
                continue
            t.remove(m)
            if load.fits(key, h):
                for dst in t.site_first(m, load.cand_sessions[m]):
                    if dst != h and load.fits(m, dst):
                        t.add(m, dst)
                        if load.fits(key, h):
                            t.add(key, h)
                            return True
                        t.remove(m)
            t.add(m, h)
        return False

    def place(key: tuple[str, str]) -> bool:
        places = t.site_first(key, load.cand_sessions[key])
        for h in places:
            if load.fits(key, h):
                t.add(key, h)
                return True
        if any(relocate(key, h) for h in places):
            return True
        own = {h: {v for c in key for v in t.at[(c, h)]} for h in places}
        if any(swap(key, h, list(own[h])) for h in places):
            return True
        for h in places:
            others = [v for v in t.in_place[h] if v not in own[h]]
            interp = inst.interpreter_needed
            groups = [others]
            if interp[key]:
                groups = [[v for v in others if interp[v]], [v for v in others if not interp[v]]]
            if any(swap(key, h, g, first_only=True) for g in groups):
                return True
        return False

    for r in sorted(
        (r for r in inst.requests if r.key not in t.sess),
        key=lambda r: (-weight[r.key], r.priority, r.key),
    ):
        place(r.key)
    return dict(t.sess)


@pytest.mark.parametrize("load_type", [sel.SessionLoad, sel.SlotLoad])
def test_the_upgrades_shortcuts_give_the_plan_of_its_documented_search(load_type: type) -> None:
    # Session 62 sped the upgrade up (trade fair seed 11's local searches about a third
    # shorter) with shortcuts that must not change a single meeting: the same plan, in
    # pair order, as the four moves run in full, on the fuzzed missions of the exchanges.
    changed = 0
    for seed in range(300):
        inst, plan, fixed = _random_plan(seed)
        if load_type is sel.SessionLoad:
            half_day = {s.index: s.session for s in inst.slots}
            plan = {k: half_day[s] for k, s in plan.items()}
            fixed = {k: half_day[s] for k, s in fixed.items()}
        got = sel.upgrade_value(inst, plan, fixed, load_type=load_type)
        expected = _upgrade_as_documented(inst, plan, fixed, load_type)
        assert list(got.items()) == sorted(expected.items()), seed
        changed += got != plan
    assert changed > 150  # the missions do leave the upgrade work to do


@pytest.mark.parametrize("load_type", [sel.SessionLoad, sel.SlotLoad])
def test_the_upgrades_shortcuts_give_the_documented_plan_where_places_are_crowded(
    load_type: type,
) -> None:
    # The shared swap's victims at a place are kept sorted for the plan's version, and
    # scanned lightest first until one lighter than the request is found per group (its
    # scan of every meeting there, for each request and place, a trade fair's hot spot):
    # the same plan as the moves run in full, on missions with many meetings a place and
    # many needing an interpreter, where the victims' order and groups decide most.
    changed = 0
    for seed in range(40):
        inst, plan, fixed = _random_plan(seed, crowded=True)
        if load_type is sel.SessionLoad:
            half_day = {s.index: s.session for s in inst.slots}
            plan = {k: half_day[s] for k, s in plan.items()}
            fixed = {k: half_day[s] for k, s in fixed.items()}
        got = sel.upgrade_value(inst, plan, fixed, load_type=load_type)
        expected = _upgrade_as_documented(inst, plan, fixed, load_type)
        assert list(got.items()) == sorted(expected.items()), seed
        changed += got != plan
    assert changed > 30


def test_a_meeting_with_nowhere_to_go_is_moved_once_a_later_move_made_room() -> None:
    # One day of three slots, two tables. E1-B1 (priority 1) is at slot 0 and cannot
    # move: slot 1 has E1-B2, B1 is away at slot 2. E2-B1 (2) needs slot 0 and finds
    # nothing (E1-B1 is heavier). E6-B2 (3) needs slot 1: E1-B2 moves to slot 2 for
    # it, which frees E1 at slot 1, so for E7-B1 (3), at slot 0 only, E1-B1 moves
    # there. A search that remembered E1-B1 as stuck since E2-B1 would miss it.
    inst = make_instance(
        7, 2, slots_per_day=3, tables=2,
        requests=[(1, 1, 1), (1, 2, 1), (2, 1, 2), (6, 2, 3), (7, 1, 3)],
        unavailability=[("B1", 0, 2, 3), ("E2", 0, 1, 3), ("E6", 0, 0, 1), ("E6", 0, 2, 3),
                        ("E7", 0, 1, 3)],
    )  # fmt: skip
    start = {("E1", "B1"): 0, ("E1", "B2"): 1}
    plan = sel.upgrade_value(inst, start, {}, load_type=sel.SlotLoad)
    assert plan == {("E1", "B1"): 1, ("E1", "B2"): 2, ("E6", "B2"): 1, ("E7", "B1"): 0}
    assert plan == _upgrade_as_documented(inst, start, {}, sel.SlotLoad)
    checked(inst, plan)


def test_a_meeting_whose_move_did_not_make_room_is_not_taken_for_one_with_nowhere_to_go() -> None:
    # E1 may hold one meeting (its maximum). For E1-B2 (slot 0 only), E1-B1 can move
    # to slot 1, but that keeps E1 at its maximum: no room made, E1-B1 back at slot 0.
    # E2-B1 (slot 0 only) then needs E1-B1 moved, and it moves: it had a place to go.
    # A search that remembered it as stuck after E1-B2 would leave E2-B1 out (a
    # second reader's case).
    inst = make_instance(
        2, 2, slots_per_day=2, tables=2, requests=[(1, 1, 1), (1, 2, 2), (2, 1, 3)],
        unavailability=[("B2", 0, 1, 2), ("E2", 0, 1, 2)], max_meetings={"E1": 1},
    )  # fmt: skip
    start = {("E1", "B1"): 0}
    plan = sel.upgrade_value(inst, start, {}, load_type=sel.SlotLoad)
    assert plan == {("E1", "B1"): 1, ("E2", "B1"): 0}
    assert plan == _upgrade_as_documented(inst, start, {}, sel.SlotLoad)
    checked(inst, plan)


def test_the_first_place_a_held_meeting_fits_once_moved_is_the_one_fits_finds() -> None:
    # SlotLoad.first_fit_moving takes the meeting out once for all the places it
    # tries: the same answer as fits(moving=True) place by place, and the load as it
    # was after it (its counts, and the plan's order, the meeting last).
    tried = found = 0
    for seed in range(200):
        inst, plan, _ = _random_plan(seed)
        rng = Random(seed)
        for key in sorted(plan):
            places = [s for s in inst.candidates[key] if rng.random() < 0.5]
            one_by_one = sel.SlotLoad(inst, plan)
            expected = next((s for s in places if one_by_one.fits(key, s, moving=True)), None)
            load = sel.SlotLoad(inst, plan)
            assert load.first_fit_moving(key, iter(places)) == expected
            occ, ref = load.occ, one_by_one.occ
            assert list(occ.slot_of.items()) == list(ref.slot_of.items())
            assert (occ.busy, occ.total, occ.in_slot, occ.interp) == (
                ref.busy, ref.total, ref.in_slot, ref.interp,
            )  # fmt: skip
            tried += bool(places)
            found += expected is not None
    assert tried > 1000 and found > 300
