"""Property tests: on random small instances, every plan is valid and honestly scored.

Instances are feasible by construction: no fixed meetings, or fixed/pinned ones
taken from a valid greedy plan of the same instance. The fairness cap's tests at the
end draw their own tiny instances from a fixed seed (some with no valid plan at all) and
try every schedule of each exporter.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time
from itertools import count, product
from random import Random

from conftest import assert_valid, fixed_at, make_instance, opts, published, seats_filled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asmex_sched.domain import (
    FixedMeeting,
    Instance,
    Meeting,
    RequestedBy,
    Schedule,
    SolveStatus,
    Unavailability,
)
from asmex_sched.greedy import greedy_schedule
from asmex_sched.model.solve import solve
from asmex_sched.validate import score, validate

LANGUAGES = [(), ("en",), ("fr",), ("en", "fr"), ("sw",), ("ar", "fr")]


@st.composite
def instances(draw: st.DrawFn, *, max_companies: int = 4) -> Instance:
    n_e = draw(st.integers(1, max_companies))
    n_b = draw(st.integers(1, max_companies))
    days = draw(st.integers(1, 2))
    slots_per_day = draw(st.integers(1, 11))
    breaks = ()
    if slots_per_day >= 8 and draw(st.booleans()):
        breaks = ((time(12, 0), time(12, 30)),)  # lunch: the boundary moves to 12:00
    ids = [f"E{i}" for i in range(1, n_e + 1)] + [f"B{j}" for j in range(1, n_b + 1)]
    languages = {c: draw(st.sampled_from(LANGUAGES)) for c in ids}
    delegates = {c: draw(st.integers(1, 2)) for c in ids}
    max_meetings = {c: m for c in ids if (m := draw(st.none() | st.integers(0, 3))) is not None}
    pairs = [(e, b) for e in range(1, n_e + 1) for b in range(1, n_b + 1)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    requests = [
        (e, b, draw(st.integers(1, 4)), draw(st.sampled_from(list(RequestedBy)))) for e, b in chosen
    ]
    participants = ids + ["ALL", "EXPORTERS", "BUYERS"]
    blocks = []
    for _ in range(draw(st.integers(0, 4))):
        first = draw(st.integers(0, slots_per_day - 1))
        blocks.append(
            (
                draw(st.sampled_from(participants)),
                draw(st.integers(0, days - 1)),
                first,
                draw(st.integers(first + 1, slots_per_day)),
            )
        )
    return make_instance(
        exporters=n_e,
        buyers=n_b,
        days=days,
        slots_per_day=slots_per_day,
        tables=draw(st.integers(1, 3)),
        interpreters=draw(st.integers(0, 2)),
        requests=requests,
        languages=languages,
        delegates=delegates,
        max_meetings=max_meetings,
        unavailability=blocks,
        breaks=breaks,
    )


@st.composite
def with_requirements(draw: st.DrawFn) -> tuple[Instance, tuple[FixedMeeting, ...]]:
    """An instance, some of its greedy meetings fixed (H7), others pinned (H8)."""
    inst = draw(instances())
    plan = greedy_schedule(inst)
    assert validate(inst, plan) == []
    fixed: list[FixedMeeting] = []
    pinned: list[FixedMeeting] = []
    for m in plan.meetings:
        kind = draw(st.sampled_from(["free", "free", "fixed", "pinned"]))
        if kind == "free":
            continue
        table = m.table if draw(st.booleans()) else None
        source = "fixed" if kind == "fixed" else draw(st.sampled_from(["locked", "frozen"]))
        f = fixed_at(inst, m.exporter_id, m.buyer_id, m.slot, table, source)
        (fixed if kind == "fixed" else pinned).append(f)
    return inst.replace(fixed=tuple(fixed)), tuple(pinned)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_solve_is_valid_and_scored_like_the_validator(inst: Instance) -> None:
    r = solve(inst, opts(2))
    assert_valid(inst, r)
    if r.status == SolveStatus.OPTIMAL:
        # A proven optimum is at least as good as any valid plan down to S4 (S5 is
        # only optimised within the chosen meetings), the greedy's too.
        assert r.score.key()[:5] >= score(inst, greedy_schedule(inst)).key()[:5]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_requirements())
def test_solve_holds_fixed_and_pinned_meetings(case: tuple[Instance, tuple[FixedMeeting, ...]]):
    inst, pinned = case
    r = solve(inst, opts(2), pinned=pinned)
    assert_valid(inst, r, pinned=pinned)  # H7 and H8 are checked by the validator
    for f in (*inst.fixed, *pinned):
        m = r.schedule.by_key[f.key]
        assert inst.slots[m.slot].start == f.start and inst.slots[m.slot].day == f.day
        assert f.table in (None, m.table)
        assert m.locked == (f in pinned and f.source == "locked")
    if r.status == SolveStatus.OPTIMAL:
        assert r.score.key()[:3] >= score(inst, greedy_schedule(inst, pinned)).key()[:3]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.data())
def test_replanning_after_an_absence_is_valid_and_scored(inst: Instance, data: st.DataObject):
    first = solve(inst, opts(2))
    assert_valid(inst, first)
    baseline = published(inst, first.schedule)
    # Someone becomes unavailable for a while on the first day.
    who = data.draw(st.sampled_from(sorted(inst.companies)))
    s = data.draw(st.integers(0, len(inst.sessions[0]) - 1))
    slot = inst.sessions[0][s]
    block = Unavailability(who, slot.day, slot.start, slot.end, "late flight")
    changed = inst.replace(unavailability=(*inst.unavailability, block))
    r = solve(changed, opts(2), baseline=baseline)
    assert_valid(changed, r, baseline=baseline)
    if r.status == SolveStatus.OPTIMAL and validate(changed, first.schedule) == []:
        # The published plan is still valid: a proven optimum is at least as good
        # on the tiers above S3.
        assert r.score.key()[:3] >= score(changed, first.schedule).key()[:3]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.randoms(use_true_random=False))
def test_stage1_objective_terms_count_what_the_validator_counts(inst: Instance, rng) -> None:
    """The CP-SAT objective terms (S1a, S1b, S2, S3's stage-1 part, S4), read in the
    solver's own solutions, equal what the independent validator scores for the same
    meetings. The end-to-end tests compare the validator with the planner's Python
    recount of its final plan, which a wrong CP-SAT term would not change: it would
    only steer the search (a reviewer's finding)."""
    from ortools.sat.python import cp_model

    from asmex_sched.domain import Meeting, Schedule
    from asmex_sched.model import selection as sel

    m = cp_model.CpModel()
    v = sel.SelectionVars(m, inst)
    for rule in sel.HARD_RULES:
        rule(m, inst, v)
    first = {h: min(s.index for s in inst.slots if s.session == h) for h in inst.sessions}
    # A published agenda: some requested pairs, each at the first slot of a half-day
    # it may use, so that a plan read the same way changes it only by half-days.
    baseline_sessions = {
        key: rng.choice(sessions)
        for key, sessions in sorted(v.sessions_of.items())
        if sessions and rng.random() < 0.5
    }

    def as_schedule(plan: dict[tuple[str, str], int]) -> Schedule:
        return Schedule(tuple(Meeting(e, b, first[h], 1) for (e, b), h in plan.items()))

    baseline = published(inst, as_schedule(baseline_sessions))
    z = sel.s1a_worst_off(m, inst, v)
    value = sel.s2_value(inst, v)
    changes = sel.s3_changes(m, inst, v, baseline_sessions)
    half_days = sel.s4_buyer_half_days(m, inst, v)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0

    # Any plan (a random objective over the meetings): the exact terms.
    m.maximize(sum(rng.randint(-3, 3) * var for _, var in sorted(v.z.items())))
    assert solver.solve(m) == cp_model.OPTIMAL
    plan = v.extract(solver)
    got = score(inst, as_schedule(plan), baseline)
    assert solver.value(value) == got.value
    assert solver.value(changes) == got.changes
    assert solver.value(half_days) == got.buyer_half_days
    assert solver.value(z) <= got.worst_off  # a level the plan reaches

    # S1a maximised is the plan's worst-off level; then S1b, at that level.
    m.maximize(z)
    assert solver.solve(m) == cp_model.OPTIMAL
    level = solver.value(z)
    assert level == score(inst, as_schedule(v.extract(solver))).worst_off
    m.add(z >= level)
    next_worst = sel.s1b_next_worst(m, inst, v, level)
    m.maximize(next_worst)
    assert solver.solve(m) == cp_model.OPTIMAL
    got = score(inst, as_schedule(v.extract(solver)))
    assert (got.worst_off, solver.value(next_worst)) == (level, got.next_worst)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.randoms(use_true_random=False))
def test_stage2_buyer_gaps_term_counts_what_the_validator_counts(inst: Instance, rng) -> None:
    """S5's CP-SAT term (idle slots between a buyer's first and last meeting of a
    half-day), read in any solution of the stage-2 model of a half-day, equals the
    validator's count for the same placement."""
    from ortools.sat.python import cp_model

    from asmex_sched.domain import Meeting, Schedule
    from asmex_sched.model import slotting as slo

    h = rng.choice(sorted(inst.sessions))
    m = cp_model.CpModel()
    v = slo.SlotVars(m, inst, h, [r.key for r in inst.requests])
    for rule in slo.HARD_RULES:
        rule(m, inst, v)
    gaps = slo.s5_buyer_gaps(m, inst, v)
    m.maximize(sum(rng.randint(-2, 3) * var for _, var in sorted(v.x.items())))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    assert solver.solve(m) == cp_model.OPTIMAL
    placed = Schedule(
        tuple(Meeting(e, b, s, 1) for ((e, b), s), var in v.x.items() if solver.boolean_value(var))
    )
    assert solver.value(gaps) == score(inst, placed).buyer_gaps


def tiny_requirements(rng: Random) -> Instance:
    """At most 3 exporters, 3 buyers and 4 slots, drawn from ``rng``: random absences,
    delegates 1-2, maxima, some meetings of a valid greedy plan fixed or pinned (or, at
    times, any pairs at any slots), and at times a re-planning horizon with the plan's
    meetings before it held as written and a company's delegates and maximum lowered
    since."""
    n_e, n_b, slots = rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 4)
    ids = [f"E{i}" for i in range(1, n_e + 1)] + [f"B{j}" for j in range(1, n_b + 1)]
    blocks = []
    for _ in range(rng.randint(0, 2)):
        first = rng.randint(0, slots - 1)
        who = rng.choice([*ids, "ALL", "EXPORTERS", "BUYERS"])
        blocks.append((who, 0, first, rng.randint(first + 1, slots)))
    inst = make_instance(
        exporters=n_e,
        buyers=n_b,
        slots_per_day=slots,
        tables=rng.choice([1, 2, 6]),
        interpreters=rng.choice([0, 1, 6]),
        requests=[
            (e, b) for e in range(1, n_e + 1) for b in range(1, n_b + 1) if rng.random() < 0.8
        ],
        languages={c: rng.choice(LANGUAGES[:3]) for c in ids},
        delegates={c: rng.randint(1, 2) for c in ids},
        max_meetings={c: rng.randint(0, 3) for c in ids if rng.random() < 0.3},
        unavailability=blocks,
    )
    plan = greedy_schedule(inst)
    fixed: list[FixedMeeting] = []
    pinned: list[FixedMeeting] = []
    anywhere = rng.random() < 0.3  # not from a plan: maybe no valid schedule at all
    kinds = ["free", "free", "fixed", "pinned"]
    for m in plan.meetings if not anywhere else ():
        if (kind := rng.choice(kinds)) != "free":
            table = m.table if rng.random() < 0.5 else None
            f = fixed_at(inst, m.exporter_id, m.buyer_id, m.slot, table,
                         "fixed" if kind == "fixed" else "frozen")  # fmt: skip
            (fixed if kind == "fixed" else pinned).append(f)
    for r in inst.requests if anywhere else ():
        if (kind := rng.choice(kinds)) != "free":
            f = fixed_at(inst, r.exporter_id, r.buyer_id, rng.randint(0, slots - 1), None,
                         "fixed" if kind == "fixed" else "locked")  # fmt: skip
            (fixed if kind == "fixed" else pinned).append(f)
    inst = inst.replace(fixed=tuple(fixed))
    if not pinned and rng.random() < 0.6:
        return inst
    at = rng.randint(0, slots - 1)
    horizon = datetime.combine(inst.slots[at].day, inst.slots[at].start)
    held = tuple(p for p in published(inst, plan) if datetime.combine(p.day, p.start) < horizon)
    inst = inst.replace(horizon=horizon, pinned=tuple(pinned), held=held)
    if rng.random() < 0.5:  # fewer delegates, a lower maximum since the plan
        cid = rng.choice(ids)
        most = rng.choice([None, 0, 1])
        c = replace(inst.companies[cid], delegates=1, max_meetings=most)
        inst = inst.replace(exporters=tuple(c if x.id == cid else x for x in inst.exporters),
                            buyers=tuple(c if x.id == cid else x for x in inst.buyers))  # fmt: skip
    return inst


def most_meetings_of(inst: Instance, exporter_id: str) -> int | None:
    """The most meetings ``exporter_id`` holds in any schedule the validator accepts,
    tried one by one: the fixed and pinned meetings, and each other request of the
    exporter at no slot or at any slot (more meetings of others only take room);
    ``None`` when no schedule is valid."""
    required = [(f.key, inst.slot_of(f.day, f.start), f.table) for f in (*inst.fixed, *inst.pinned)]
    keep = {key for key, _, _ in required}
    free = [r.key for r in inst.requests_of[exporter_id] if r.key not in keep]
    most = None
    for where in product([None, *range(len(inst.slots))], repeat=len(free)):
        placed = [(key, slot.index, table) for key, slot, table in required if slot is not None]
        placed += [(key, s, None) for key, s in zip(free, where, strict=True) if s is not None]
        taken = {(s, t) for _, s, t in placed if t is not None}
        meetings = []
        for key, s, t in placed:
            if t is None:  # the lowest table free at that slot
                t = next(n for n in count(1) if (s, n) not in taken)
                taken.add((s, t))
            meetings.append(Meeting(*key, s, t, inst.interpreter_needed.get(key, False)))
        schedule = Schedule(tuple(meetings))
        if not validate(inst, schedule, inst.pinned):
            held = sum(m.exporter_id == exporter_id for m in meetings)
            most = held if most is None else max(most, held)
    return most


def test_the_fairness_cap_is_at_least_what_any_valid_plan_gives_an_exporter() -> None:
    # Session 44's second reader: the cap became a matching of an exporter's requests to
    # their slots (three buyers free only at 09:00 allow one meeting, not three). A cap
    # below what the exporter can hold would count it as served with fewer meetings
    # than it could get; every plan the validator accepts is tried here. Where tables
    # and interpreters cannot bind (6 of each, 6 delegates at most at once), the cap
    # is that most, not more: a cap too high holds everyone's level down.
    # 1000 instances from a fixed seed (uniform draws reach instances where an exporter
    # can hold 2 meetings or more far more often than hypothesis's small examples did).
    rng = Random(44)
    for n in range(1000):
        inst = tiny_requirements(rng)
        caps = inst.fairness_cap
        for e in inst.exporters:
            most = most_meetings_of(inst, e.id)
            if most is None:
                continue  # the fixed and pinned meetings cannot all hold: no plan
            assert caps[e.id] >= most, (n, e.id, caps[e.id], most, inst)
            if inst.mission.tables == inst.mission.interpreters == 6:
                assert caps[e.id] == most, (n, e.id, caps[e.id], most, inst)


def _free_a_short_window(rng: Random, buyers: int, slots: int) -> list[tuple]:
    """Unavailability leaving each buyer B1..Bn free on 1 to 3 slots in a row of day 0."""
    away: list[tuple] = []
    for b in range(1, buyers + 1):
        first = rng.randint(0, slots - 1)
        end = min(slots, first + rng.randint(1, 3))
        away += [(f"B{b}", 0, 0, first)] if first else []
        away += [(f"B{b}", 0, end, slots)] if end < slots else []
    return away


def test_the_fairness_cap_is_a_maximum_matching_on_larger_instances() -> None:
    # The brute force above tries 3 buyers at most, where the cap's matching rarely has
    # to move a request it placed: without that step (augmenting paths), 125 of these
    # 3000 instances got a cap below what the exporter can hold, and no test failed
    # (session 44's second reader). Checked against a depth-first matching over the
    # exporter's delegate seats, one buyer free on a short window each.
    rng = Random(1)
    for n in range(3000):
        buyers, slots, delegates = rng.randint(1, 25), rng.randint(1, 12), rng.randint(1, 3)
        away = _free_a_short_window(rng, buyers, slots)
        inst = make_instance(1, buyers, slots_per_day=slots, delegates={"E1": delegates},
                             unavailability=away)  # fmt: skip
        seats = [
            [(s, d) for s in inst.candidates[r.key] for d in range(delegates)]
            for r in inst.requests
        ]
        assert inst.fairness_cap["E1"] == seats_filled(seats), n


def test_the_fairness_cap_is_a_maximum_flow_with_tables_and_interpreters() -> None:
    # Session 44's second reader: the cap's flow moves requests through a slot's
    # interpreters (a meeting needing one makes room for one that does not, and back),
    # yet with either of those residual steps taken out of Instance._matchable no test
    # failed: the brute force above tries 3 buyers at most, and the one above has no
    # interpreter. Checked against a depth-first matching over the exporter's seats at
    # each slot, min(delegates, tables) of them, the first `interpreters` open to a
    # meeting that needs one (the same bound, written apart).
    rng = Random(2)
    for n in range(3000):
        buyers, slots = rng.randint(1, 14), rng.randint(1, 8)
        delegates, tables, interpreters = rng.randint(1, 3), rng.randint(1, 3), rng.randint(0, 2)
        away = _free_a_short_window(rng, buyers, slots)
        languages = {f"B{b}": [rng.choice(["fr", "en"])] for b in range(1, buyers + 1)}
        languages["E1"] = ["fr"]
        inst = make_instance(1, buyers, slots_per_day=slots, tables=tables,
                             interpreters=interpreters, delegates={"E1": delegates},
                             languages=languages, unavailability=away)  # fmt: skip
        seats = [
            [(s, d) for s in inst.candidates[r.key]
             for d in range(min(delegates, tables,
                                interpreters if inst.interpreter_needed[r.key] else tables))]
            for r in inst.requests
        ]  # fmt: skip
        assert inst.fairness_cap["E1"] == seats_filled(seats), n
    # E1's own fixed meeting with an interpreter leaves the second of two interpreters
    # to its other delegate at that time (its own meeting is not another company's)
    kept = make_instance(1, 2, slots_per_day=2, interpreters=2, delegates={"E1": 2},
                         languages={"E1": ["fr"], "B1": ["en"], "B2": ["en"]},
                         unavailability=[("B2", 0, 1, 2)], fixed=[(1, 1, 0)])  # fmt: skip
    assert kept.interpreter_needed == {("E1", "B1"): True, ("E1", "B2"): True}
    assert kept.fairness_cap == {"E1": 2}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.builds(
            Meeting,
            exporter_id=st.sampled_from(["E1", "E2", "X"]),
            buyer_id=st.sampled_from(["B1", "B2", "X"]),
            slot=st.integers(0, 3),
            table=st.integers(1, 2),
        ),
        max_size=12,
    )
)
def test_a_companys_meetings_are_those_naming_it_in_time_order(meetings: list[Meeting]) -> None:
    """``of_company`` (indexed once, for the agenda's company sheets) against its
    definition: every meeting naming the company, once, in the schedule's order."""
    schedule = Schedule(tuple(meetings))
    for cid in ("E1", "E2", "B1", "B2", "X", "nobody"):
        expected = tuple(m for m in schedule.meetings if cid in (m.exporter_id, m.buyer_id))
        assert schedule.of_company(cid) == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_requirements(), st.data())
def test_the_usable_slots_of_a_half_day_are_those_some_request_could_take(
    case: tuple[Instance, tuple[FixedMeeting, ...]], data: st.DataObject
) -> None:
    """``usable_slot_sets`` and ``session_usable_slot_sets`` (gathered per company, then
    split by half-day) against their definitions, request by request and slot by slot:
    with fixed and pinned meetings and a re-planning horizon (rule H9), where a request's
    candidate slots are not its placeable ones and the closed slots count only for the
    meetings kept there."""
    inst, pinned = case
    at = data.draw(st.none() | st.sampled_from(inst.slots))
    horizon = None if at is None else datetime.combine(at.day, at.start)
    inst = inst.replace(pinned=pinned, horizon=horizon)
    session_of = {s.index: s.session for s in inst.slots}
    per_company: dict[tuple[str, int], set[int]] = {}
    per_session: dict[tuple[int, bool], set[int]] = {}
    for r in inst.requests:
        for s in inst.candidates[r.key]:
            for cid in r.key:
                per_company.setdefault((cid, session_of[s]), set()).add(s)
            per_session.setdefault((session_of[s], False), set()).add(s)
            if inst.interpreter_needed[r.key]:
                per_session.setdefault((session_of[s], True), set()).add(s)
    assert inst.usable_slot_sets == {k: frozenset(v) for k, v in per_company.items()}
    assert inst.session_usable_slot_sets == {k: frozenset(v) for k, v in per_session.items()}
