"""The bounds over every agenda (model.bound): the LP bound on the value tier, as
tight as the stage-1 model's own window cuts, and the max-flow bound on the worst-off
level."""

from __future__ import annotations

from datetime import date, time
from random import Random

from conftest import assert_valid, make_instance, opts

from asmex_sched.domain import Company, Instance, Mission, Request, Side, Unavailability
from asmex_sched.model.bound import value_lp_bound, worst_off_bound
from asmex_sched.model.solve import solve
from asmex_sched.validate import validate


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


def _random_rows(
    rng: Random, n: int, most: int, sizes: tuple[int, int]
) -> list[tuple[list[int], float]]:
    """1 to ``most`` rows over ``n`` columns, each with a right-hand side in ``sizes``."""
    return [
        (sorted(rng.sample(range(n), rng.randint(1, n))), float(rng.randint(*sizes)))
        for _ in range(rng.randint(1, most))
    ]


def test_the_dual_bound_holds_whatever_the_lp_solvers_duals() -> None:
    # Weak duality: any row multipliers give an upper bound, so GLOP's inexact duals
    # can loosen the bound but never cut off a plan (its primal objective could: it may
    # sit below the LP optimum by GLOP's tolerances, and its floor then drops a unit).
    from asmex_sched.model.bound import dual_bound

    rng = Random(47)
    for _ in range(200):
        n = rng.randint(1, 7)
        costs = [float(rng.randint(1, 9)) for _ in range(n)]
        rows = _random_rows(rng, n, 5, (0, 3))
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


def _interpreted_mission(interpreters: int) -> Instance:
    """Two French-speaking exporters, three English-speaking buyers, two slots, three
    tables: every meeting needs one of ``interpreters``."""
    mission = Mission(first_day=date(2025, 3, 3), days=1, day_start=time(9),
                      day_end=time(10), meeting_minutes=30, tables=3,
                      interpreters=interpreters)  # fmt: skip
    ex = tuple(Company(f"E{i}", f"Exporter {i}", Side.EXPORTER, languages=("fr",))
               for i in range(2))  # fmt: skip
    bu = tuple(Company(f"B{i}", f"Buyer {i}", Side.BUYER, languages=("en",)) for i in range(3))
    reqs = (Request("E0", "B0", priority=1), Request("E0", "B1", priority=1),
            Request("E1", "B1", priority=1), Request("E1", "B2", priority=1))  # fmt: skip
    return Instance(mission, ex, bu, reqs, ())


def test_the_flow_bound_counts_the_interpreters_every_plan_needs() -> None:
    # One interpreter over two slots: two meetings in all, so one each (level 1) at
    # most, though tables and times would give each exporter both of its requests;
    # with two interpreters they can (session 56: what holds the trade fair's level).
    from benchmarks.peers import worst_off_ceiling  # the benchmarks' ceiling takes it

    one, two = _interpreted_mission(1), _interpreted_mission(2)
    assert one.fairness_cap == {"E0": 2, "E1": 2}  # the level is not capped by requests
    assert all(one.interpreter_needed.values())
    assert worst_off_bound(one) == 1
    assert worst_off_bound(two) == 2
    assert worst_off_ceiling(one, time_limit=10) == (1, True)
    for inst in (one, two):  # an agenda reaching the bound exists (not the greedy's:
        assert _best_worst_off(inst) == worst_off_bound(inst)  # E0 takes both)


def _every_agenda(inst: Instance) -> list[tuple[int, int]]:
    """The worst-off level (S1a) and value (S2) of every valid agenda, by trying every
    one: each request at one of its candidate slots or not held (tiny instances only)."""
    from itertools import product

    from asmex_sched.domain import Meeting, Schedule
    from asmex_sched.validate import score

    keys = [r.key for r in inst.requests]
    found = []
    for choice in product(*[(None, *inst.candidates[k]) for k in keys]):
        held = [(k, s) for k, s in zip(keys, choice, strict=True) if s is not None]
        tables: dict[int, int] = {}
        meetings = []
        for k, s in held:
            tables[s] = tables.get(s, 0) + 1
            meetings.append(Meeting(k[0], k[1], s, tables[s], inst.interpreter_needed[k]))
        schedule = Schedule(tuple(meetings))
        if not validate(inst, schedule):
            figures = score(inst, schedule)
            found.append((figures.worst_off, figures.value))
    return found


def _best_worst_off(inst: Instance) -> int:
    """The highest worst-off level (S1a) of any valid agenda (tiny instances only)."""
    return max(level for level, _ in _every_agenda(inst))


def _small_missions(seed: int, count: int) -> list[Instance]:
    """Small random missions with languages, interpreters, tables, delegates, absences
    and buyers' maxima, small enough to try every agenda."""
    rng = Random(seed)
    missions = []
    for _ in range(count):
        slots = rng.choice((2, 3))
        mission = Mission(first_day=date(2025, 3, 3), days=1, day_start=time(9),
                          day_end=time(9 + slots // 2, 30 * (slots % 2)),
                          meeting_minutes=30, tables=rng.choice((1, 2)),
                          interpreters=rng.choice((0, 1)))  # fmt: skip
        assert len(Instance(mission, (), (), (), ()).slots) == slots
        langs = (("fr",), ("en",), ("fr", "en"))
        ex = tuple(Company(f"E{i}", f"E{i}", Side.EXPORTER, languages=rng.choice(langs))
                   for i in range(rng.choice((2, 3))))  # fmt: skip
        bu = tuple(Company(f"B{i}", f"B{i}", Side.BUYER, languages=rng.choice(langs),
                           delegates=rng.choice((1, 1, 2)),
                           max_meetings=rng.choice((None, None, 1)))
                   for i in range(rng.choice((2, 3))))  # fmt: skip
        pairs = [(e.id, b.id) for e in ex for b in bu]
        asked = rng.sample(pairs, min(len(pairs), rng.choice((3, 4, 5))))
        reqs = tuple(Request(e, b, priority=rng.choice((1, 2, 3))) for e, b in asked)
        away = tuple(Unavailability(c.id, date(2025, 3, 3), time(9), time(9, 30))
                     for c in (*ex, *bu) if rng.random() < 0.2)  # fmt: skip
        missions.append(Instance(mission, ex, bu, reqs, away))
    return missions


def test_the_flow_bound_is_never_below_the_best_agenda_of_a_small_mission() -> None:
    # The bound must hold for every valid agenda: checked against the best one, found
    # by trying them all (the validator judges each).
    tight = 0
    for inst in _small_missions(56, 40):
        best, bound = _best_worst_off(inst), worst_off_bound(inst)
        assert bound >= best, (inst, best, bound)
        tight += bound == best
    assert tight >= 20  # and it is not loose everywhere (a bound of "infinity" passes)


def test_the_dual_bound_holds_with_rows_asking_at_least() -> None:
    # The level's rows (each exporter at least so many meetings) enter weak duality
    # with the opposite sign: any multipliers still give an upper bound over the 0/1
    # points that keep every row, and the LP's own duals (negative on them) its optimum.
    from itertools import product

    from asmex_sched.model.bound import dual_bound

    rng = Random(58)
    checked = 0
    for _ in range(300):
        n = rng.randint(1, 6)
        costs = [float(rng.randint(1, 9)) for _ in range(n)]
        rows = _random_rows(rng, n, 4, (0, 3))
        at_least = _random_rows(rng, n, 3, (1, 2))
        points = [
            x for x in product((0, 1), repeat=n)
            if all(sum(x[j] for j in m) <= cap for m, cap in rows)
            and all(sum(x[j] for j in m) >= need for m, need in at_least)
        ]  # fmt: skip
        if not points:
            continue
        best = max(sum(c * xj for c, xj in zip(costs, x, strict=True)) for x in points)
        duals = [rng.uniform(-2.0, 6.0) for _ in rows]
        more = [rng.uniform(-6.0, 2.0) for _ in at_least]
        assert dual_bound(costs, rows, duals, at_least, more) >= best - 1e-9
        checked += 1
    assert checked >= 100
    # max a + 3b with a + b <= 1 and a >= 1: only a = 1, b = 0 (value 1), priced exactly
    # by the LP's duals y = 3 and -2 (u = 2); a multiplier of the wrong sign counts as 0.
    assert dual_bound([1.0, 3.0], [([0, 1], 1.0)], [3.0], [([0], 1.0)], [-2.0]) == 1.0
    assert dual_bound([1.0, 3.0], [([0, 1], 1.0)], [3.0], [([0], 1.0)], [2.0]) == 3.0


def test_the_lp_bound_at_a_level_holds_for_every_agenda_at_that_level() -> None:
    # value_lp_bound(inst, level) bounds the value of every agenda whose worst-off level
    # reaches `level`, so worst_off_bound_at_value bounds the level of every agenda
    # holding a value: both checked against every agenda of small random missions.
    from asmex_sched.model.bound import value_lp, worst_off_bound_at_value

    bites = ruled_out = 0
    for inst in _small_missions(58, 40):
        agendas = _every_agenda(inst)
        plain = value_lp_bound(inst)
        assert plain is not None
        for level in range(1, worst_off_bound(inst) + 1):
            at_level = [v for lv, v in agendas if lv >= level]
            bound = value_lp_bound(inst, level)
            if at_level:  # a relaxation of a set of agendas that is not empty is feasible
                assert bound is not None and bound >= max(at_level), (inst, level, bound)
            if bound is None:
                continue
            assert bound <= plain
            bites += bound < plain
        # one LP solved level after level, downwards (its rows' lower bounds changed
        # between the solves), gives each level's bound as a fresh one does
        at = value_lp(inst, levels=True)
        assert at is not None
        for level in range(worst_off_bound(inst), 0, -1):
            assert at(level) == value_lp_bound(inst, level), (inst, level)
        assert at(None) == plain
        # at each value some agenda holds, the best level holding it
        for value in sorted({v for _, v in agendas}):
            best = max(lv for lv, v in agendas if v >= value)
            low = min(lv for lv, v in agendas if v >= value)  # one such agenda's level
            ceiling = worst_off_bound_at_value(inst, value, low, worst_off_bound(inst))
            assert best <= ceiling <= worst_off_bound(inst), (inst, value, best, ceiling)
            ruled_out += ceiling < worst_off_bound(inst)
    assert bites > 0 and ruled_out > 0  # the level's rows are not idle


def test_the_trade_fair_path_reports_the_flow_and_lp_bounds() -> None:
    # At trade-fair size no tier solve runs, and S1a read "20 (bound -)" though the
    # interpreters allow no more: the flows' bound is its certificate (session 56).
    from asmex_sched.model.solve import SolveOptions

    for interpreters in (1, 2):
        inst = _interpreted_mission(interpreters)
        result = solve(inst, SolveOptions(time_limit=2, stage1="local", workers=1))
        assert_valid(inst, result)
        assert result.params["stage1"] == "local search on slots"
        (s1a,) = [t for t in result.tiers if t.rule == "S1a"]
        assert s1a.value == result.score.worst_off
        assert s1a.bound == worst_off_bound(inst) == interpreters
        assert result.params["worst_off_bound_any_plan"] == s1a.bound  # (session 68)
        assert s1a.optimal == (s1a.value == s1a.bound)
        assert result.score.worst_off == interpreters  # the local searches reach it here
        # The LP bound on value, computed after the plan on this path (session 57),
        # is still reported, and still the one every plan's value is below.
        assert result.value_bound == value_lp_bound(inst) is not None
        assert result.score.value <= result.value_bound
    # the tier solves keep their own (CP-SAT's) bound
    result = solve(_interpreted_mission(1), opts(2.0))
    (s1a,) = [t for t in result.tiers if t.rule == "S1a"]
    assert s1a.optimal and s1a.value == 1
    # and record the flows' too, which plan's table names as any plan's where S1a's
    # bound is it (session 68: it said "any plan holding a value of at least ...")
    assert result.params["worst_off_bound_any_plan"] == worst_off_bound(_interpreted_mission(1))


def test_the_flow_bound_holds_on_re_plans_with_pins_and_a_horizon() -> None:
    # Since session 67 the flows' bound caps S1a's on every path, re-plans included
    # (pins, a horizon, tables and interpreters lowered, a buyer's maximum, requests
    # withdrawn, a late exporter): no re-plan's level, nor a tier's, above it (a second
    # reader ran 200 such re-plans; these are 12 of them).
    from dataclasses import replace
    from datetime import datetime, timedelta

    from conftest import DAY, published, random_requests

    from asmex_sched.replan import pins, planning_instance

    checked = 0
    for seed in range(12):
        rng = Random(seed)
        e, b = rng.randint(3, 6), rng.randint(3, 7)
        kw = dict(slots_per_day=rng.choice((4, 6, 10)), tables=rng.randint(1, 4),
                  interpreters=rng.randint(0, 1), days=2,
                  languages={"E1": ["fr"], "B1": ["sw"]})  # fmt: skip
        reqs = random_requests(rng, e, b, 0.6)
        if not reqs:
            continue
        inst = make_instance(e, b, requests=reqs, **kw)
        notice = rng.choice((0, 2))
        inst = inst.replace(mission=replace(inst.mission, notice_hours=notice))
        first = solve(inst, opts(0.5))
        if not first.schedule.meetings:
            continue
        kw2 = {**kw, "tables": max(1, kw["tables"] - rng.randint(0, 1))}
        if rng.random() < 0.5:
            kw2["interpreters"] = 0
        most = {f"B{rng.randint(1, b)}": rng.randint(0, 2)} if rng.random() < 0.5 else None
        reqs2 = [r for r in reqs if rng.random() < 0.85] + [(e + 1, x, 2, "exporter")
                                                          for x in (1, 2)]  # fmt: skip
        roster = make_instance(e + 1, b, requests=reqs2, max_meetings=most, **kw2)
        roster = roster.replace(mission=replace(roster.mission, notice_hours=notice))
        pub = published(inst, first.schedule)
        now = datetime.combine(DAY, time(9, 0)) + timedelta(hours=rng.choice((1, 3, 24, 26)))
        p = pins(roster, pub, now)
        planned = planning_instance(roster, p)
        horizon = planned.horizon
        held = tuple(
            m for m in pub if horizon is not None and datetime.combine(m.day, m.start) < horizon
        )
        planned = planned.replace(held=held)
        r = solve(planned, opts(1.0), pinned=p.pinned, baseline=pub)
        assert_valid(planned, r, pinned=p.pinned, baseline=pub)
        bound = worst_off_bound(planned)
        (s1a,) = [t for t in r.tiers if t.rule == "S1a"]
        assert r.score.worst_off <= bound and s1a.value <= bound, (seed, s1a, bound)
        assert s1a.bound is not None and s1a.bound <= bound  # the tier quotes the tighter
        checked += 1
    assert checked >= 8
