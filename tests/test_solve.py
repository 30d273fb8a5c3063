"""End-to-end ``solve``: hand-derived optima, requirements, determinism, re-planning.

Every plan is checked with ``assert_valid``: the independent validator finds no
violation and recomputes exactly the score the solver reports.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path
from random import Random
from typing import Any

import pytest
from conftest import (
    DAY,
    assert_valid,
    fixed_at,
    make_instance,
    opts,
    published,
    random_requests,
)

from asmex_sched.domain import (
    CHANGE_COST_CANCELLED,
    FixedMeeting,
    Instance,
    Meeting,
    PublishedMeeting,
    Schedule,
    SolveResult,
    SolveStatus,
)
from asmex_sched.greedy import greedy_schedule, greedy_slots, schedule_from_slots
from asmex_sched.model.slotting import SessionPlacement
from asmex_sched.model.solve import SolveOptions, published_slots, solve
from asmex_sched.validate import score, validate

TESTS = Path(__file__).resolve().parent


def pairs(result) -> set[tuple[str, str]]:
    return {m.key for m in result.schedule.meetings}


def random_instance(
    seed: int, exporters: int, buyers: int, *, p: float, slots_per_day: int, tables: int, **kw
) -> Instance:
    reqs = random_requests(Random(seed), exporters, buyers, p)
    return make_instance(
        exporters, buyers, slots_per_day=slots_per_day, tables=tables, requests=reqs, **kw
    )


def medium() -> Instance:
    """10 exporters x 20 buyers, ~30 % of the pairs requested, 12 slots (2 sessions)."""
    return random_instance(1, 10, 20, p=0.3, slots_per_day=12, tables=6)


def record_solves(monkeypatch: pytest.MonkeyPatch, read: Callable[[Any], Any]) -> list[Any]:
    """``read(parameters)`` of every CP-SAT solve from now on, in order (the stage-1 tier
    solves first; a read that gives None is not recorded), each solve then run by the
    real solver."""
    from asmex_sched.model import tiers as tiers_module

    seen: list[Any] = []
    real = tiers_module.cp_model.CpSolver.solve

    def recording(self, model, *args, **kw):  # noqa: ANN001, ANN202
        got = read(self.parameters)
        if got is not None:
            seen.append(got)
        return real(self, model, *args, **kw)

    monkeypatch.setattr(tiers_module.cp_model.CpSolver, "solve", recording)
    return seen


# ------------------------------------------------------------ hand-derived optima
def test_two_by_two_one_table_per_slot() -> None:
    # 2 slots x 1 table: two meetings in all. E1-B1 is priority 1 (6), the other
    # pairs priority 3 (2). Fairness: one meeting per exporter (worst_off 1; nobody
    # can reach 2 -> next_worst 0). Value: E1-B1 + one E2 meeting = 8. Half-days:
    # E2-B1 keeps both meetings with B1 (1 buyer half-day) rather than 2 with E2-B2.
    inst = make_instance(
        slots_per_day=2, tables=1, requests=[(1, 1, 1), (1, 2, 3), (2, 1, 3), (2, 2, 3)]
    )
    r = solve(inst, opts())
    assert_valid(inst, r)
    assert r.status == SolveStatus.OPTIMAL
    assert pairs(r) == {("E1", "B1"), ("E2", "B1")}
    assert {m.slot for m in r.schedule.meetings} == {0, 1}
    assert {m.table for m in r.schedule.meetings} == {1}
    s = r.score
    assert (s.worst_off, s.next_worst, s.value, s.buyer_half_days, s.buyer_gaps, s.meetings) == (
        1,
        0,
        8,
        1,
        0,
        2,
    )


def test_every_request_fits_then_everything_is_held_compactly() -> None:
    # 2 x 2, all pairs, 4 slots, plenty of tables: all 4 meetings, each buyer in
    # one half-day without idle slot.
    inst = make_instance()
    r = solve(inst, opts())
    assert_valid(inst, r)
    assert r.status == SolveStatus.OPTIMAL
    assert len(r.schedule) == 4
    assert (r.score.worst_off, r.score.value, r.score.buyer_half_days, r.score.buyer_gaps) == (
        2,
        16,
        2,
        0,
    )


def test_fairness_beats_value_within_the_value_tolerance() -> None:
    # One slot. E1 wants B1 (mutual priority 1: 12) and B2 (2); E2 only wants B1 (2).
    # Maximising value alone holds E1-B1 and starves E2 (the greedy does that);
    # fairness first holds E1-B2 and E2-B1 (worst_off 1, value 4), which costs
    # 2/3 of the greedy's value: allowed only with a tolerance that large.
    inst = make_instance(slots_per_day=1, requests=[(1, 1, 1, "both"), (1, 2, 3), (2, 1, 3)])
    g = greedy_schedule(inst)
    assert validate(inst, g) == []
    assert {m.key for m in g.meetings} == {("E1", "B1")}
    assert score(inst, g).worst_off == 0
    r = solve(inst, replace(opts(), value_tolerance=0.7))
    assert_valid(inst, r)
    assert pairs(r) == {("E1", "B2"), ("E2", "B1")}
    assert (r.score.worst_off, r.score.next_worst, r.score.value) == (1, 2, 4)


def test_value_floor_keeps_the_greedy_value_when_fairness_costs_too_much() -> None:
    # Same instance, default 1 % tolerance: the fair plan is worth 4 < 0.99 x 12,
    # so the plan keeps the greedy's value (rule: floor:value in docs/model.md).
    inst = make_instance(slots_per_day=1, requests=[(1, 1, 1, "both"), (1, 2, 3), (2, 1, 3)])
    r = solve(inst, opts())
    assert_valid(inst, r)
    assert r.score.value >= 0.99 * score(inst, greedy_schedule(inst)).value
    assert pairs(r) == {("E1", "B1")}
    assert r.params["value_floor"] == 12


def _auditors_roster() -> Instance:
    """A rule auditor's roster, shrunk (7 x 11, three days, one interpreter, buyers away
    for whole or part of half-days), where stage 2 cannot place what stage 1 chose."""
    requests = [
        (2, 2, 1, "both"), (2, 4, 1, "buyer"), (2, 5, 2, "both"), (2, 8, 1, "both"),
        (2, 11, 2, "exporter"), (3, 2, 1, "buyer"), (3, 4, 2, "buyer"), (3, 10, 1, "both"),
        (4, 8, 2, "buyer"), (5, 2, 2, "exporter"), (5, 4, 3, "exporter"), (5, 6, 2, "buyer"),
        (5, 9, 1, "both"), (5, 10, 1, "exporter"), (6, 2, 2, "both"), (6, 3, 1, "exporter"),
        (6, 4, 1, "both"), (6, 10, 1, "both"), (7, 1, 1, "buyer"), (7, 2, 1, "buyer"),
        (7, 4, 1, "buyer"), (7, 8, 1, "buyer"),
    ]  # fmt: skip
    languages = {
        "E1": ["sw"], "E2": ["en"], "E3": ["es"], "E4": ["en"], "E5": ["es", "en"],
        "E6": ["ar", "pt", "fr"], "E7": ["pt"], "B1": ["es"], "B2": ["ar"], "B4": ["sw"],
        "B5": ["en"], "B6": ["sw"], "B8": ["es"], "B9": ["fr", "sw"], "B10": ["sw"],
    }  # fmt: skip
    return make_instance(
        7, 11, days=3, slots_per_day=6, tables=7, interpreters=1, requests=requests,
        languages=languages, delegates={"B4": 2, "B5": 2, "B7": 2},
        max_meetings={"E1": 3, "E4": 1, "E6": 2, "E7": 4, "B1": 3, "B3": 2, "B5": 1,
                      "B6": 2, "B8": 3, "B9": 2},
        unavailability=[("B2", 0, 0, 6), ("B4", 0, 1, 4), ("B2", 1, 0, 6), ("B10", 0, 2, 4),
                        ("ALL", 0, 4, 5), ("B9", 0, 0, 6)],
    )  # fmt: skip


def test_meetings_stage_2_cannot_place_are_chosen_again_over_the_week() -> None:
    # A rule auditor's roster, shrunk (7 x 11, three days, one interpreter, buyers away
    # for whole or part of half-days). Stage 1 proves the worst-off level 5 on
    # half-day capacities; stage 2 could not place two of a half-day's chosen
    # meetings, the repaired plan broke the value floor and the greedy plan was
    # returned at worst-off 4. The week re-slotting keeps the proven level.
    inst = _auditors_roster()
    r = solve(inst, opts(2.0))
    assert_valid(inst, r)
    assert r.params["week_reslotted"] > 0 and "fallback" not in r.params
    s1a = next(t for t in r.tiers if t.rule == "S1a")
    assert s1a.bound is not None and r.score.worst_off == s1a.bound  # stage 1's proven level


def test_above_the_week_models_size_a_neighbourhood_of_it_is_placed_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The auditor's roster above, as if it were a 100-company mission: the whole week
    # is above WEEK_RESLOT_MAX_LITERALS, so only a neighbourhood of it (the companies
    # whose meetings stage 2 could not place, then those they meet) is chosen and
    # placed again, the other meetings kept where they are. A hunter's 78 000-literal
    # roster: worst-off 12 after the repair, 14 with the neighbourhood (stage 1: 15).
    from asmex_sched.model import run as run_module
    from asmex_sched.model import slotting

    inst = _auditors_roster()
    total = sum(len(inst.candidates[r.key]) for r in inst.requests)
    monkeypatch.setattr(run_module, "WEEK_RESLOT_MAX_LITERALS", total - 1)
    frees: list[frozenset] = []
    real = slotting.place_week

    def spy(instance, **kw):  # type: ignore[no-untyped-def]
        frees.append(kw["free"])
        return real(instance, **kw)

    monkeypatch.setattr(run_module, "place_week", spy)
    results = {}
    for size in (0, 200):
        monkeypatch.setattr(run_module, "WEEK_NEIGHBOURHOOD_LITERALS", size)
        results[size] = r = solve(inst, opts(2.0))
        assert_valid(inst, r)
    # none solved without room (an empty neighbourhood is not), then steps of a
    # quarter, half and all of the room, each within it
    assert 0 < len(frees) <= 3
    literals = [sum(len(inst.candidates[k]) for k in free) for free in frees]
    assert all(0 < n <= r for n, r in zip(literals, (50, 100, 200)[-len(frees):], strict=True))
    assert literals[-1] <= 200 < total
    r = results[200]
    assert r.params["week_neighbourhood"] == [len(free) for free in frees]
    assert "week_neighbourhood" not in results[0].params
    assert r.params["week_reslotted"] > 0 and "fallback" not in r.params
    s1a = next(t for t in r.tiers if t.rule == "S1a")
    assert r.score.worst_off == s1a.bound > results[0].score.worst_off
    assert "greedy plan" in results[0].params["fallback"]  # without it


def test_the_week_neighbourhood_steps_do_not_solve_the_same_model_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # When the companies' rings run out, a larger step frees the same requests: from
    # the same plan that is the same model again, budget the refinement after it can
    # use (a second reader: a re-plan solved 13 requests three times).
    from asmex_sched.model import run as run_module
    from asmex_sched.model import slotting

    monkeypatch.setattr(run_module, "WEEK_RESLOT_MAX_LITERALS", 0)
    monkeypatch.setattr(run_module, "WEEK_NEIGHBOURHOOD_LITERALS", 200)
    calls: list[tuple[frozenset, dict]] = []
    real = slotting.place_week

    def spy(instance, **kw):  # type: ignore[no-untyped-def]
        calls.append((kw["free"], dict(kw["start"])))
        return real(instance, **kw)

    inst, pins, base = _replan_case(15)
    place = run_module.place_session

    dropping = _dropping(place)

    monkeypatch.setattr(run_module, "place_session", dropping)
    monkeypatch.setattr(run_module, "place_week", spy)
    r = solve(inst, opts(1.0), pinned=pins, baseline=base)
    assert_valid(inst, r, pins, base)
    assert calls  # the steps ran
    assert all(a != b for a, b in zip(calls, calls[1:], strict=False))
    assert r.params["week_neighbourhood"] == [len(free) for free, _ in calls]


def _dropping(place: Callable[..., SessionPlacement]) -> Callable[..., SessionPlacement]:
    """``place`` (stage 2's ``place_session``) with a fault injected: every third meeting
    it places (not a fixed or pinned one) is dropped, as if it could not be placed."""

    def dropping(instance, h, chosen, **kwargs):  # type: ignore[no-untyped-def]
        res = place(instance, h, chosen, **kwargs)
        required = kwargs.get("required", {})
        drop = {k for i, k in enumerate(sorted(res.slots)) if i % 3 == 1 and k not in required}
        return replace(
            res, slots={k: s for k, s in res.slots.items() if k not in drop},
            unplaced=tuple(sorted({*res.unplaced, *drop})), optimal=False,
        )  # fmt: skip

    return dropping


def _two_digit_ids(inst: Instance) -> Instance:
    """``inst`` with its companies' ids written ``E01``, ``B07`` (as rosters number them)."""

    def two(cid: str) -> str:
        return f"{cid[0]}{int(cid[1:]):02d}" if cid[1:].isdigit() else cid

    return Instance(
        inst.mission,
        tuple(replace(c, id=two(c.id)) for c in inst.exporters),
        tuple(replace(c, id=two(c.id)) for c in inst.buyers),
        tuple(replace(r, exporter_id=two(r.exporter_id), buyer_id=two(r.buyer_id))
              for r in inst.requests),
        tuple(replace(u, participant=two(u.participant)) for u in inst.unavailability),
        tuple(replace(f, exporter_id=two(f.exporter_id), buyer_id=two(f.buyer_id))
              for f in inst.fixed),
    )  # fmt: skip


def test_the_value_tier_keeps_its_bound_when_the_week_re_slotting_keeps_the_level() -> None:
    # The week re-slotting kept the proven worst-off level and changed the plan; the
    # Summary read "no bound: the value tier was not solved" though stage 1 had solved
    # it (a hunter's roster, below, until stage 1 saw its fixed meeting's slot: session
    # 47; the auditor's roster re-slots the week too). Stage 1's bound holds for every
    # plan as fair (stage 1 is a relaxation): it is kept, proven only if the plan
    # reaches it.
    inst = _auditors_roster()
    r = solve(inst, opts(2.0))
    assert_valid(inst, r)
    assert r.params["week_reslotted"] > 0
    s1a, s2 = (next(t for t in r.tiers if t.rule == rule) for rule in ("S1a", "S2"))
    assert s1a.optimal and r.score.worst_off == s1a.bound
    assert s2.bound is not None and r.score.value <= s2.bound
    assert s2.optimal == (r.score.value == s2.bound)
    assert r.params["value_bound_fair_plans"] is not None


def test_stage_1_sees_a_fixed_meetings_slot_and_needs_no_week_re_slotting() -> None:
    # A hunter's roster, shrunk. Stage 1 counted the fixed meeting E1-B12 as any slot of
    # its half-day, chose a plan whose meetings did not fit around it, and the week
    # re-slotting placed 4 again: value 154 against stage 1's "bound" 156, S2 to S5
    # unproven. With the fixed slot its only one (``Instance.placeable``), stage 1's
    # plan is slotted as chosen and every tier is proven.
    fr_ar, fr_en, en_sw = ["fr", "ar"], ["fr", "en"], ["en", "sw"]
    languages = {
        "E1": fr_ar, "E2": fr_ar, "E3": fr_ar, "E4": fr_ar, "E5": fr_ar, "E6": fr_en,
        "E7": fr_en, "E8": fr_en, "E9": ["ar"], "B5": en_sw, "B7": ["fr"], "B8": ["pt"],
        "B9": ["pt"], "B10": ["sw"], "B12": ["en"], "B13": ["fr"], "B14": en_sw,
        "B15": en_sw, "B16": en_sw, "B17": ["sw"],
    }  # fmt: skip
    requests = [
        (1, 7, 1, "buyer"), (1, 12, 1, "exporter"), (2, 9, 1, "both"), (3, 9, 1, "both"),
        (3, 13, 1, "exporter"), (3, 14, 1, "exporter"), (4, 12, 1, "buyer"),
        (5, 8, 1, "exporter"), (6, 12, 1, "buyer"), (6, 16, 1, "both"), (8, 8, 1, "buyer"),
        (8, 16, 2, "both"), (8, 17, 1, "both"), (9, 5, 1, "both"), (9, 7, 1, "buyer"),
        (9, 8, 1, "both"), (9, 10, 1, "buyer"), (9, 14, 3, "exporter"), (9, 15, 1, "buyer"),
        (9, 16, 1, "both"),
    ]  # fmt: skip
    inst = make_instance(
        9, 17, days=2, slots_per_day=8, tables=2, interpreters=1, requests=requests,
        languages=languages, delegates={"E5": 2, "B10": 2, "B16": 2, "B17": 2},
        max_meetings={"E4": 3, "E8": 5, "B5": 2, "B7": 4, "B8": 3, "B12": 2, "B15": 2,
                      "B16": 4},
        unavailability=[("ALL", 0, 2, 3), ("B9", 0, 0, 7), ("B17", 0, 0, 2), ("E9", 0, 0, 8)],
        fixed=[(1, 12, 7)],
    )  # fmt: skip
    inst = _two_digit_ids(inst)  # the roster's ids: the solver's order follows them
    r = solve(inst, opts(2.0))
    assert_valid(inst, r)
    assert not r.params.get("week_reslotted")
    for t in r.tiers:
        assert t.optimal, t
    s2 = next(t for t in r.tiers if t.rule == "S2")
    assert r.score.value == s2.bound


def test_max_meetings_and_interpreters_end_to_end() -> None:
    # E1 accepts 1 meeting; E1-B1, E2-B2 need an interpreter, one interpreter, one slot.
    # Held: E2-B2 (interpreted) + E1-B1? no: both need the only interpreter -> one of them;
    # E1-B2 shares 'en' -> no interpreter. Best: E1-B2 and E2-B2? B2 has one delegate.
    # So: {E1-B2 (no interp), E2-B1? not requested}. Derivation: requests E1-B1 (interp),
    # E1-B2 (none), E2-B2 (interp). One slot: E1 and B2 one meeting each. Options:
    # {E1-B1, E2-B2} uses 2 interpreters (only 1) -> impossible; {E1-B2}: E2 gets 0;
    # {E1-B1} or {E2-B2} alone: the other exporter gets 0. worst_off is 0 in every
    # valid plan; next_worst counts exporters with >= 1 -> at most 1. Value: all
    # priority 2 (4) -> one meeting, 4.
    inst = make_instance(
        slots_per_day=1,
        interpreters=1,
        requests=[(1, 1), (1, 2), (2, 2)],
        languages={"E1": ["en"], "B1": ["sw"], "E2": ["fr"], "B2": ["en"]},
        max_meetings={"E1": 1},
    )
    r = solve(inst, opts())
    assert_valid(inst, r)
    assert len(r.schedule) == 1
    assert (r.score.worst_off, r.score.next_worst, r.score.value) == (0, 1, 4)
    # With two slots both exporters get one, and E1 never more than one.
    inst2 = replace(inst, mission=replace(inst.mission, day_end=time(10, 0)))
    r = solve(inst2, opts())
    assert_valid(inst2, r)
    assert r.score.worst_off == 1
    assert sum(1 for m in r.schedule.meetings if m.exporter_id == "E1") == 1


def test_two_days_with_lunch_break() -> None:
    # 09:00-15:00 with lunch 12:00-13:00: 6 morning + 4 afternoon slots a day.
    inst = make_instance(
        exporters=3,
        buyers=3,
        days=2,
        slots_per_day=12,
        tables=2,
        breaks=[(time(12, 0), time(13, 0))],
        unavailability=[("B1", 0, 0, 12), ("E2", 1, 0, 6)],
    )
    assert [len(s) for s in inst.sessions.values()] == [6, 4, 6, 4]
    r = solve(inst, opts())
    assert_valid(inst, r)
    assert len(r.schedule) == 9  # every pair fits


# ----------------------------------------------------------------- requirements
def test_h7_fixed_meetings_are_held_where_given() -> None:
    base = make_instance()
    fixed = (fixed_at(base, 2, 1, 3, table=4), fixed_at(base, 1, 2, 0))
    inst = base.replace(fixed=fixed)
    r = solve(inst, opts())
    assert_valid(inst, r)
    by_key = r.schedule.by_key
    assert (by_key[("E2", "B1")].slot, by_key[("E2", "B1")].table) == (3, 4)
    assert by_key[("E1", "B2")].slot == 0


def test_h7_fixed_meeting_held_even_against_the_objective() -> None:
    # One slot: the fixed low-value meeting E1-B2 is held although E1-B1 is worth more.
    base = make_instance(slots_per_day=1, requests=[(1, 1, 1, "both"), (1, 2, 3)])
    inst = base.replace(fixed=(fixed_at(base, 1, 2, 0),))
    r = solve(inst, opts())
    assert_valid(inst, r)
    assert pairs(r) == {("E1", "B2")}


def test_h8_pinned_meetings_are_held_and_only_locks_show_locked() -> None:
    inst = make_instance(exporters=3, buyers=3, slots_per_day=3, tables=2)
    pinned = (
        fixed_at(inst, 1, 2, 2, table=2, source="locked"),
        fixed_at(inst, 3, 1, 0, source="frozen"),
    )
    r = solve(inst, opts(), pinned=pinned)
    assert_valid(inst, r, pinned=pinned)
    by_key = r.schedule.by_key
    assert (by_key[("E1", "B2")].slot, by_key[("E1", "B2")].table) == (2, 2)
    assert by_key[("E3", "B1")].slot == 0
    # Frozen pins are held but not shown as locked: the column is the coordinator's.
    assert by_key[("E1", "B2")].locked and not by_key[("E3", "B1")].locked
    assert sum(m.locked for m in r.schedule.meetings) == 1


def test_conflicting_fixed_meetings_are_infeasible_with_a_message() -> None:
    # E1 has one delegate and two fixed meetings at 09:00.
    base = make_instance()
    inst = base.replace(fixed=(fixed_at(base, 1, 1, 0), fixed_at(base, 1, 2, 0)))
    r = solve(inst, opts())
    assert r.status == SolveStatus.INFEASIBLE
    assert r.score is None and len(r.schedule) == 0
    assert "E1" in r.message and "E1 x B1" in r.message and "E1 x B2" in r.message
    assert "H2" in r.message


def test_pinned_conflicting_with_fixed_is_infeasible() -> None:
    base = make_instance(tables=1)
    inst = base.replace(fixed=(fixed_at(base, 1, 1, 1),))
    pinned = (fixed_at(base, 2, 2, 1, source="locked"),)
    r = solve(inst, opts(), pinned=pinned)
    assert r.status == SolveStatus.INFEASIBLE
    assert "E1 x B1" in r.message and "E2 x B2" in r.message and "H4" in r.message


def test_fixed_meeting_off_the_grid_is_infeasible() -> None:
    base = make_instance()
    bad = replace(fixed_at(base, 1, 1, 0), start=time(9, 10))
    r = solve(base.replace(fixed=(bad,)), opts())
    assert r.status == SolveStatus.INFEASIBLE
    assert "E1 x B1" in r.message


def test_fixed_table_that_does_not_exist_is_infeasible() -> None:
    base = make_instance(tables=2)
    inst = base.replace(fixed=(fixed_at(base, 1, 1, 0, table=5),))
    r = solve(inst, opts())
    assert r.status == SolveStatus.INFEASIBLE
    assert "E1 x B1" in r.message and "5" in r.message


# ------------------------------------------------------------------ determinism
@pytest.mark.usefixtures("without_clock_nets")  # a loaded hour hit them (session 34)
def test_same_instance_same_schedule(monkeypatch: pytest.MonkeyPatch) -> None:
    # Same input, same output, as long as the deterministic budgets end every step
    # (docs/model.md, Determinism): budgets converted at 0.05 deterministic s per
    # second here keep them far inside the wall-clock safety nets, even on a loaded
    # machine. At 2 s and the product's rate, the S2 solve of this mission (0.47
    # deterministic s per second on a 2-core Xeon) reached its net, and one run of
    # the whole suite got another plan.
    from asmex_sched.model import run as run_module

    monkeypatch.setattr(run_module, "DTIME_PER_SECOND", 0.05)
    options = SolveOptions(time_limit=6)  # the defaults: one worker, seed 0
    inst = medium()
    a = solve(inst, options)
    assert_valid(inst, a)
    assert a.params["wall_clock_hit"] is False
    b = solve(inst, options)
    assert_valid(inst, b)
    assert a.schedule == b.schedule
    assert a.score == b.score


@pytest.mark.usefixtures("without_clock_nets")
@pytest.mark.parametrize("stage1", ["hinted", "local"])
def test_same_instance_same_schedule_on_the_larger_pipelines(stage1: str) -> None:
    # The mid-size and trade-fair pipelines (forced here on a small instance):
    # local searches, tier solves from their plan, choices between plans.
    inst = random_instance(2, 16, 30, p=0.4, slots_per_day=10, tables=5, interpreters=1,
                           days=2, languages={"E1": ["fr"], "B1": ["sw"]})  # fmt: skip
    options = SolveOptions(time_limit=2, stage1=stage1)
    a = solve(inst, options)
    assert_valid(inst, a)
    b = solve(inst, options)
    assert a.schedule == b.schedule
    assert a.score == b.score
    assert a.params["stage1"] == b.params["stage1"]
    assert a.params["time_limit"] == 2  # the caller's limit, not the tier solves' share


def test_the_live_display_is_told_when_the_local_searches_run() -> None:
    # At trade-fair size the display read "greedy plan (hint)" through the local
    # searches (a second reader's audit).
    inst = random_instance(2, 16, 30, p=0.4, slots_per_day=10, tables=5, days=2)
    stages: list[str] = []
    options = SolveOptions(time_limit=2, stage1="local")
    solve(inst, options, on_progress=lambda p: stages.append(p.stage))
    assert stages.index("greedy") < stages.index("local")
    assert all(not s.startswith("slotting") for s in stages[: stages.index("local")])
    # and each pass after slotting says it runs: the last half-day slotted stayed up for
    # 15-22 s of a trade fair's repair, restore and closing of idle slots (a tester)
    last = max(i for i, s in enumerate(stages) if s.startswith("slotting"))
    assert {"repair", "close", "earlier"} <= set(stages[last:])


def test_unknown_stage1_pipeline_is_refused() -> None:
    with pytest.raises(ValueError, match="stage-1 pipeline"):
        solve(medium(), SolveOptions(time_limit=1, stage1="magic"))


def test_interleaved_workers_do_not_crash_when_the_hint_is_optimal() -> None:
    # Regression: ortools 9.15 aborted the whole process (SIGABRT, "Check failed:
    # solution->size() == postsolve_mapping.size()") when solve() stopped the S2
    # tier from a solution callback on the hinted first solution with
    # workers=2 + interleave_search (the default before one worker proved
    # faster). Run in a child process so a crash cannot take the test session down.
    code = textwrap.dedent(
        """
        from test_solve import medium
        from asmex_sched.model.solve import SolveOptions, published_slots, solve
        r = solve(medium(), SolveOptions(time_limit=2, workers=2, interleave=True))
        print(r.status.value)
        """
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 0, proc.stderr[-500:]
    assert proc.stdout.strip() in ("optimal", "feasible")


# ------------------------------------------------------------------- re-planning
def test_meetings_whose_time_left_the_programme_stay_in_their_half_day() -> None:
    # Meetings shortened from 30 to 25 minutes after the agenda was announced: 10:30
    # and 14:30 are no longer slot starts, so those meetings must move (S3 counts them
    # moved wherever they go), but every tier was indifferent to where, and the passes
    # after slotting brought them days earlier (a venue tester: 125 of 365 meetings of
    # the Nairobi mission to another day). They stay in their half-day now.
    inst = make_instance(3, 3, days=2, slots_per_day=12, tables=3,
                         requests=[(1, 1), (2, 2), (3, 3), (1, 2)])  # fmt: skip
    at = {(s.day_index, s.start): s.index for s in inst.slots}
    announced = Schedule(
        (
            Meeting("E1", "B1", at[(1, time(14, 30))], 1),
            Meeting("E2", "B2", at[(1, time(10, 30))], 1),
            Meeting("E3", "B3", at[(0, time(14, 0))], 1),
            Meeting("E1", "B2", at[(0, time(11, 30))], 1),
        )
    )
    base = published(inst, announced)
    shorter = inst.replace(mission=replace(inst.mission, meeting_minutes=25))
    r = solve(shorter, opts(2.0), baseline=base)
    assert_valid(shorter, r, baseline=base)
    noon = inst.mission.half_day_boundary

    def half_day(day: object, start: time) -> tuple[object, bool]:
        return day, start < noon

    now = {m.key: shorter.slots[m.slot] for m in r.schedule.meetings}
    assert {p.key: half_day(p.day, p.start) for p in base} == {
        k: half_day(s.day, s.start) for k, s in now.items()
    }
    assert r.score.changes == 2 * 2  # the two off the grid moved; 11:30 and 14:00 kept


def test_baseline_in_one_slot_is_kept() -> None:
    # Every published meeting is at slot 0 (slot index == session index, which
    # once hid a slot/session mix-up in S3): re-planning changes nothing.
    inst = make_instance(exporters=3, buyers=3, slots_per_day=1, requests=[(1, 1), (2, 2), (3, 3)])
    first = solve(inst, opts())
    assert_valid(inst, first)
    pub = published(inst, first.schedule)
    again = solve(inst, opts(), baseline=pub)
    assert_valid(inst, again, baseline=pub)
    assert again.score.changes == 0
    assert again.schedule == first.schedule


@pytest.mark.parametrize(
    ("days", "slots_per_day", "away"), [(1, 4, []), (2, 10, [("B4", 0, 0, 10), ("B1", 1, 0, 10)])]
)
def test_baseline_resolved_on_the_same_instance_changes_nothing(
    days: int, slots_per_day: int, away: list
) -> None:
    # Meetings published after slot 0 and (B4 away on day 1, B1 on day 2) in two sessions:
    # S3 must compare sessions, not slot indices, with the published ones.
    inst = make_instance(
        exporters=3,
        buyers=4,
        days=days,
        slots_per_day=slots_per_day,
        tables=2,
        unavailability=away,
    )
    first = solve(inst, opts())
    assert_valid(inst, first)
    assert len({m.slot for m in first.schedule.meetings}) > 1
    if days == 2:
        assert len({inst.slots[m.slot].session for m in first.schedule.meetings}) > 1
    pub = published(inst, first.schedule)
    again = solve(inst, opts(), baseline=pub)
    assert_valid(inst, again, baseline=pub)
    assert again.score.changes == 0
    for m in first.schedule.meetings:
        n = again.schedule.by_key[m.key]
        assert (n.slot, n.table) == (m.slot, m.table)


@pytest.mark.parametrize("seed", [1, 6, 11])
@pytest.mark.parametrize("pin", [False, True])
def test_replanning_an_unchanged_roster_moves_nothing_and_keeps_the_floors(
    seed: int, pin: bool
) -> None:
    # On these missions the floors bind (the worst-off level is bought with value):
    # floors taken from the published-first greedy plan sat lower on each re-plan
    # (its value is the published plan's, already up to 1 % below the greedy's),
    # and the re-plan dropped published meetings to lift the worst-off exporter.
    # The floors now come from the roster's own greedy plan: the same roster,
    # published or not, pinned or not, gives the same floors and the same plan.
    # With the tolerance spent wherever it lifts the worst-off level, as when the
    # seeds were chosen (seed 11 keeps the greedy's value by default: the next test).
    inst = random_instance(
        seed, 16, 30, p=0.4, slots_per_day=10, tables=5, interpreters=1, days=2,
        languages={"E1": ["fr"], "B1": ["sw"]},
    )  # fmt: skip
    options = replace(opts(3.0), spend_tolerance="always")
    first = solve(inst, options)
    assert_valid(inst, first)
    # The floors bind here: fairness spent some of the greedy plan's value.
    assert first.score.value < score(inst, greedy_schedule(inst)).value
    pub = published(inst, first.schedule)
    pinned = tuple(
        fixed_at(inst, m.exporter_id, m.buyer_id, m.slot) for m in first.schedule.meetings[:6]
    ) if pin else ()  # fmt: skip
    again = solve(inst, options, pinned=pinned, baseline=pub)
    assert_valid(inst, again, pinned, baseline=pub)
    assert (again.params["meetings_floor"], again.params["value_floor"]) == (
        first.params["meetings_floor"], first.params["value_floor"],
    )  # fmt: skip
    assert again.score.changes == 0
    assert again.score.key() == first.score.key()
    for m in first.schedule.meetings:
        n = again.schedule.by_key[m.key]
        assert (n.slot, n.table) == (m.slot, m.table)


def _floors_mission(seed: int) -> Instance:
    return random_instance(
        seed, 16, 30, p=0.4, slots_per_day=10, tables=5, interpreters=1, days=2,
        languages={"E1": ["fr"], "B1": ["sw"]},
    )  # fmt: skip


def test_the_tolerance_is_not_spent_where_the_greedys_whole_value_doubles_its_worst_off() -> None:
    # Rule floor:value, docs/model.md ("The tolerance is spent only when needed"). On
    # this mission a plan at the greedy plan's whole value gives the worst-off exporter
    # twice the greedy's level: the plan keeps that value (the tolerance would buy one
    # level more for less value, as --spend-tolerance always shows).
    inst = _floors_mission(11)
    greedy = score(inst, greedy_schedule(inst))
    doubling = max(2 * greedy.worst_off, greedy.worst_off + 1)
    first = solve(inst, opts(3.0))
    assert_valid(inst, first)
    assert first.params["value_tolerance_spent"] is False
    assert first.params["doubling_level"] == doubling
    assert first.params["value_floor"] == greedy.value
    assert first.score.value >= greedy.value and first.score.meetings >= greedy.meetings
    assert first.score.worst_off >= doubling
    spent = solve(inst, replace(opts(3.0), spend_tolerance="always"))
    assert_valid(inst, spent)
    assert "value_tolerance_spent" not in spent.params
    assert spent.score.worst_off > first.score.worst_off
    assert spent.score.value < greedy.value


@pytest.mark.parametrize("seed", [2, 4])
def test_the_tolerance_is_spent_where_the_greedys_whole_value_cannot_double_its_worst_off(
    seed: int,
) -> None:
    # Rule floor:value: the level under the tolerance doubles the greedy's, the solve
    # at the greedy's whole value does not (nor does the strict setting, tolerance 0,
    # which proves the level it reaches), so fairness spends the tolerance, as
    # --spend-tolerance always does: the same figures but buyers' idle slots (S5), whose
    # slotting budget the second solve took from.
    inst = _floors_mission(seed)
    greedy = score(inst, greedy_schedule(inst))
    doubling = max(2 * greedy.worst_off, greedy.worst_off + 1)
    strict = solve(inst, replace(opts(3.0), value_tolerance=0.0))
    assert_valid(inst, strict)
    s1a = next(t for t in strict.tiers if t.rule == "S1a")
    assert s1a.optimal and s1a.value < doubling
    r = solve(inst, opts(3.0))
    assert_valid(inst, r)
    assert r.params["value_tolerance_spent"] is True
    assert r.params["strict_level"] == s1a.value  # the strict solve ran, and fell short
    assert r.params["strict_level_proven"] is True  # as the strict setting's own proof
    assert r.score.worst_off >= doubling and r.score.value < greedy.value
    assert [t.rule for t in r.tiers].count("S1a") == 1  # the first solve's report kept
    always = solve(inst, replace(opts(3.0), spend_tolerance="always"))
    assert always.score.key()[:5] == r.score.key()[:5]  # S1a, S2, S1b, S3, S4
    assert always.params["value_floor"] == r.params["value_floor"]


@pytest.mark.parametrize("seed", [2, 11])
@pytest.mark.parametrize("pin", [False, True])
def test_a_replan_of_an_unchanged_roster_makes_the_same_choice_and_moves_nothing(
    seed: int, pin: bool
) -> None:
    # Rule floor:value when re-planning: the same roster, published or not, pinned or
    # not, gives the same choice (tolerance spent on seed 2, not on seed 11), the same
    # floors and the same plan, whether the choice is made again or carried from the
    # published agenda (solve's spent_before, the agenda's value_tolerance_spent).
    inst = _floors_mission(seed)
    first = solve(inst, opts(3.0))
    assert_valid(inst, first)
    assert first.params["value_tolerance_spent"] is (seed == 2)
    pub = published(inst, first.schedule)
    pinned = tuple(
        fixed_at(inst, m.exporter_id, m.buyer_id, m.slot) for m in first.schedule.meetings[:6]
    ) if pin else ()  # fmt: skip
    for carried in (None, first.params["value_tolerance_spent"]):
        again = solve(inst, opts(3.0), pinned=pinned, baseline=pub, spent_before=carried)
        assert_valid(inst, again, pinned, baseline=pub)
        assert again.params["value_tolerance_spent"] is first.params["value_tolerance_spent"]
        if carried is not None:  # the published agenda's choice kept, not made again
            assert "doubling_level" not in again.params and "strict_level" not in again.params
        assert (again.params["meetings_floor"], again.params["value_floor"]) == (
            first.params["meetings_floor"], first.params["value_floor"],
        )  # fmt: skip
        assert again.score.changes == 0
        assert again.score.key() == first.score.key()


@pytest.mark.parametrize("carried", [True, False])
def test_a_replan_says_the_carried_choice_where_the_floors_coincide(carried: bool) -> None:
    # Rule floor:value: at 1 % of a value of 12 the tolerance lowers no floor, so no choice
    # is made; a re-plan still says the published agenda's, so that the one after it keeps
    # it too (a second reader: it wrote nothing, and the next re-plan decided again).
    inst = make_instance(slots_per_day=1, requests=[(1, 1, 1, "both"), (1, 2, 3), (2, 1, 3)])
    first = solve(inst, opts())
    assert_valid(inst, first)
    assert "value_tolerance_spent" not in first.params and first.params["value_floor"] == 12
    pub = published(inst, first.schedule)
    again = solve(inst, opts(), baseline=pub, spent_before=carried)
    assert_valid(inst, again, baseline=pub)
    assert again.params["value_tolerance_spent"] is carried
    assert again.params["value_floor"] == 12 and again.score.changes == 0


@pytest.mark.parametrize("seed", [1, 5])
def test_a_late_registration_moves_no_published_meeting_of_a_full_mission(seed: int) -> None:
    # Every table of the mission is taken (100 meetings on 100 table-slots), and a
    # late buyer registers with two wishes. Stability ranks above value when
    # re-planning: the late wishes wait, nothing published moves. Before the floors
    # came from the roster's own greedy plan, the re-plan's lower floor lifted the
    # worst-off exporter by dropping 3 (seed 1) and 5 (seed 5) published meetings.
    reqs = random_requests(Random(seed), 16, 30, 0.4)
    kw = dict(slots_per_day=10, tables=5, interpreters=1, days=2,
              languages={"E1": ["fr"], "B1": ["sw"]})  # fmt: skip
    inst = make_instance(16, 30, requests=reqs, **kw)
    first = solve(inst, opts(3.0))
    assert_valid(inst, first)
    assert first.score.meetings == 5 * 10 * 2  # full
    pub = published(inst, first.schedule)
    late = make_instance(16, 31, requests=[*reqs, (2, 31, 1, "buyer"), (4, 31, 2, "buyer")], **kw)
    again = solve(late, opts(3.0), baseline=pub)
    assert_valid(late, again, baseline=pub)
    assert again.score.changes == 0
    assert again.score.worst_off == first.score.worst_off


def test_floors_never_ask_more_than_a_plan_around_the_pinned_meetings_holds() -> None:
    # One table, one slot: the roster's greedy plan holds E1-B1 (priority 1, value 6).
    # A coordinator locked E2-B2 (priority 3, value 2) there. The roster's floors
    # (1 meeting, value 6) are capped at the locked plan's (1, 2), which exists.
    inst = make_instance(slots_per_day=1, tables=1, requests=[(1, 1, 1), (2, 2, 3)])
    pinned = (fixed_at(inst, 2, 2, 0, source="locked"),)
    r = solve(inst, opts(), pinned=pinned)
    assert_valid(inst, r, pinned)
    assert (r.params["meetings_floor"], r.params["value_floor"]) == (1, 2)
    assert pairs(r) == {("E2", "B2")}
    assert "fallback" not in r.params


def test_a_late_wish_does_not_move_an_announced_meeting_within_its_half_day() -> None:
    # One morning of 3 slots, 1 table. E1-B1 was announced at 09:00. A late buyer B3
    # wishes E1 (priority 1) and is there at 09:00 only. E2 wishes B2 (there at 10:00
    # only) and B4 (09:00 only): one of them at most, so the worst-off level is 1 in
    # every plan and moving E1-B1 lifts nothing. Stability ranks above value when
    # re-planning: E1-B1 stays and the late wish waits. (Stage 1 counts capacity per
    # half-day, where both fit; slotting places both by moving E1-B1 to 09:30;
    # restore_published_slots puts it back.) E2 used to wish only B2 with a maximum of
    # 0 meetings, a request the fairness cap now knows to be impossible.
    pub = (PublishedMeeting("E1", "B1", DAY, time(9, 0), time(9, 30), 1),)
    late = make_instance(
        2, 4, slots_per_day=3, tables=1,
        requests=[(1, 1, 2), (2, 2, 2), (2, 4, 2), (1, 3, 1, "buyer")],
        unavailability=[("B3", 0, 1, 3), ("B2", 0, 0, 2), ("B4", 0, 1, 3)],
    )  # fmt: skip
    r = solve(late, opts(), baseline=pub)
    assert_valid(late, r, baseline=pub)
    assert r.score.worst_off == 1
    assert r.score.changes == 0
    assert pairs(r) == {("E1", "B1"), ("E2", "B2")}
    assert r.schedule.by_key[("E1", "B1")].slot == 0


def test_stage_1_s_choice_does_not_move_an_announced_meeting_within_its_half_day() -> None:
    # One morning of 5 slots, 2 tables, 2 interpreters; a late English-speaking exporter
    # E4 wishes B1, B3 and B4 (French), and reaches the worst-off level 2 with two of
    # them. Stage 1 counts S3 by half-day: cancelling E2-B1 or E3-B1 costs 3 either way,
    # and it kept the heavier (S2). Slotting could then hold E4's two meetings only by
    # moving E3-B3 from 09:00 to 10:00 (E4-B3 took its time), which the restore pass
    # could not undo (E4-B3 had no other time and E4 is at the worst-off level):
    # `changes_cost` 5, where cancelling E3-B1 instead moves nothing, 3, at the same
    # level and meetings (the week model of the whole plan, S3 counted as the Score
    # counts it; a QA tester's Monday re-plan of the bundled example, 57 against 51).
    reqs = [
        (1, 1, 3), (1, 3, 1), (2, 1, 3, "buyer"), (2, 2, 1), (2, 4, 2, "both"),
        (3, 1, 2, "buyer"), (3, 2, 2, "both"), (3, 3, 1, "both"), (3, 4, 1, "both"),
        (4, 1, 1), (4, 3, 1), (4, 4, 1),
    ]  # fmt: skip
    langs = {c: ["fr"] for c in ("E1", "E2", "B4")} | {
        c: ["en"] for c in ("E3", "E4", "B1", "B2", "B3")
    }
    inst = make_instance(
        4, 4, slots_per_day=5, tables=2, interpreters=2, requests=reqs, languages=langs,
        unavailability=[("B2", 0, 0, 1), ("B3", 0, 3, 4)],
    )  # fmt: skip
    announced = [
        ("E2", "B4", 0, 1), ("E3", "B3", 0, 2), ("E1", "B3", 1, 1), ("E3", "B4", 1, 2),
        ("E2", "B1", 2, 1), ("E2", "B2", 3, 1), ("E3", "B1", 3, 2), ("E1", "B1", 4, 1),
        ("E3", "B2", 4, 2),
    ]  # fmt: skip
    pub = tuple(
        PublishedMeeting(e, b, DAY, inst.slots[s].start, inst.slots[s].end, t)
        for e, b, s, t in announced
    )
    r = solve(inst, opts(), baseline=pub)
    assert_valid(inst, r, baseline=pub)
    assert (r.score.worst_off, r.score.meetings) == (2, 10)
    assert r.score.changes == 3
    held = {m.key: m.slot for m in r.schedule.meetings}
    assert all(held[(e, b)] == s for e, b, s, _ in announced if (e, b) in held)


def test_an_announced_meeting_stays_where_a_level_above_the_announced_needs_it_moved() -> None:
    # The same, without E2: E1 is the only exporter and can hold both meetings only if
    # E1-B1 moves to 09:30. The level announced is 1: a level above it ranks below
    # stability when re-planning (docs/model.md, "When re-planning"), so E1-B1 stays
    # and E1-B3 waits. It used to move (2) for level 2.
    pub = (PublishedMeeting("E1", "B1", DAY, time(9, 0), time(9, 30), 1),)
    late = make_instance(
        1, 3, slots_per_day=3, tables=1,
        requests=[(1, 1, 2), (1, 3, 1, "buyer")], unavailability=[("B3", 0, 1, 3)],
    )  # fmt: skip
    r = solve(late, opts(), baseline=pub)
    assert_valid(late, r, baseline=pub)
    assert (r.score.worst_off, r.score.changes) == (1, 0)
    assert r.schedule.by_key[("E1", "B1")].slot == 0
    assert r.params["worst_off_announced"] == 1


def _one_table_replan(
    exporters: int, requests: list[tuple[int, int]], announced: list[tuple[int, int, int]]
) -> tuple[Instance, tuple[PublishedMeeting, ...]]:
    """One table, four slots; ``announced`` as (exporter, buyer, slot) numbers."""
    inst = make_instance(exporters, 8, slots_per_day=4, tables=1, requests=requests)
    pub = tuple(
        PublishedMeeting(f"E{e}", f"B{b}", DAY, inst.slots[s].start, inst.slots[s].end, 1)
        for e, b, s in announced
    )
    return inst, pub


def test_a_replan_keeps_the_announced_level_rather_than_cancel_for_one_above() -> None:
    # A first plan cut short was sent at level 1 (E2 holds 1 of the 2 it asked for); one
    # level more is reachable only by cancelling one of E1's three announced meetings.
    # The level above the announced one ranks below stability: nothing is cancelled
    # (it used to be, for level 2: a QA tester's re-plan cancelled 30 announced
    # meetings for one level more, or not, by --time-limit).
    inst, pub = _one_table_replan(
        2, [(1, 1), (1, 2), (1, 5), (2, 3), (2, 4)], [(1, 1, 0), (1, 2, 1), (1, 5, 2), (2, 3, 3)]
    )
    r = solve(inst, opts(), baseline=pub)
    assert_valid(inst, r, baseline=pub)
    assert (r.score.worst_off, r.score.changes, r.score.meetings) == (1, 0, 4)
    assert r.params["worst_off_announced"] == 1
    s1a = next(t for t in r.tiers if t.rule == "S1a")
    assert (s1a.value, s1a.optimal) == (1, True)  # proven among plans as stable
    # ...and planned afresh, level 2 (E1 gives up one of them)
    fresh = solve(inst, opts())
    assert fresh.score.worst_off == 2


def test_a_late_exporter_is_still_lifted_up_to_the_announced_level_by_evicting() -> None:
    # E3 registered after the agenda (level 2) was sent: it holds none, and the one
    # table is full. Up to the announced level the level ranks above stability: an
    # announced meeting gives its place (as far as the slots allow: level 1).
    inst, pub = _one_table_replan(
        3, [(1, 1), (1, 2), (2, 3), (2, 4), (3, 5), (3, 6)],
        [(1, 1, 0), (1, 2, 1), (2, 3, 2), (2, 4, 3)],
    )  # fmt: skip
    r = solve(inst, opts(), baseline=pub)
    assert_valid(inst, r, baseline=pub)
    assert r.params["worst_off_announced"] == 2
    held = Counter(m.exporter_id for m in r.schedule.meetings)
    assert held["E3"] == 1 and r.score.worst_off == 1
    assert r.score.changes == CHANGE_COST_CANCELLED


@pytest.mark.parametrize("seed", [3, 15])
def test_the_level_above_the_announced_one_keeps_its_place_among_the_tiers(seed: int) -> None:
    # A second reader's fuzzed re-plans (random missions re-planned with a wish or two
    # more and a buyer away a slot): the solve above the announced level appended
    # S1a's report after S3's, so run.result, reading the list as the objective's order,
    # relabelled S1a unproven at its bound, and the Summary's tiers came out S3 first.
    rng = Random(seed)
    ex, by = rng.randint(3, 7), rng.randint(5, 9)
    pairs = [(e, b) for e in range(1, ex + 1) for b in range(1, by + 1)]
    reqs = rng.sample(pairs, k=min(len(pairs), rng.randint(ex * 2, ex * 4)))
    spd, tables, days = rng.randint(3, 6), rng.randint(1, 3), rng.randint(1, 2)
    first = [(e, b, rng.randint(1, 3)) for e, b in reqs]
    inst = make_instance(ex, by, days=days, slots_per_day=spd, tables=tables, requests=first)
    sent = solve(inst, opts(1.0))
    pub = tuple(
        PublishedMeeting(m.exporter_id, m.buyer_id, DAY, inst.slots[m.slot].start,
                         inst.slots[m.slot].end, m.table)
        for m in sent.schedule.meetings
    )  # fmt: skip
    rest = [p for p in pairs if p not in reqs]
    added = rng.sample(rest, k=min(len(rest), rng.randint(1, 3)))
    second = [q for q in first if rng.random() > 0.1] + [
        (e, b, rng.randint(1, 3)) for e, b in added
    ]
    away = [(f"B{rng.randint(1, by)}", 0, s, s + 1) for s in [rng.randrange(spd)]]
    inst2 = make_instance(ex, by, days=days, slots_per_day=spd, tables=tables,
                          requests=second, unavailability=away)  # fmt: skip
    r = solve(inst2, opts(2.0), baseline=pub)
    assert_valid(inst2, r, baseline=pub)
    rules = [x.rule for x in r.tiers]
    assert rules.index("S1a") < rules.index("S3"), rules
    s1a = next(x for x in r.tiers if x.rule == "S1a")
    assert s1a.bound is not None and s1a.value == s1a.bound and s1a.optimal, s1a


def test_the_level_the_agenda_said_is_held_when_an_exporter_wished_more_since() -> None:
    # A second reader: the agenda was sent at level 2 (E1 2 of 3, E2 3 of 3, E3 1 of 1,
    # at its cap); B2 and B3 are away at its second and third slots now, and E3 wished
    # B8 since. Counted against this roster's caps alone, E3's one announced meeting
    # made the announced level 1, and E1, whose buyers left, was no longer lifted back
    # to 2. The level the Summary said (solve(level_before)) is held.
    reqs = [(1, 1), (1, 2), (1, 3), (2, 4), (2, 5), (2, 6), (3, 7), (3, 8)]
    inst = make_instance(3, 8, slots_per_day=3, tables=2, requests=reqs,
                         unavailability=[("B2", 0, 1, 2), ("B3", 0, 1, 2)])  # fmt: skip
    sl = inst.slots
    pub = tuple(
        PublishedMeeting(f"E{e}", f"B{b}", DAY, sl[s].start, sl[s].end, t)
        for e, b, s, t in [(2, 4, 0, 1), (1, 1, 0, 2), (2, 5, 1, 1), (1, 2, 1, 2),
                           (2, 6, 2, 1), (3, 7, 2, 2)]
    )  # fmt: skip
    alone = solve(inst, opts(5.0), baseline=pub)
    assert alone.params["worst_off_announced"] == 1  # this roster's caps alone
    r = solve(inst, opts(5.0), baseline=pub, level_before=2)
    assert_valid(inst, r, baseline=pub)
    assert r.params["worst_off_announced"] == 2
    held = Counter(m.exporter_id for m in r.schedule.meetings)
    assert r.score.worst_off == 2 and held["E1"] >= 2 and held["E3"] >= 2


# A re-plan found by fuzzing (a second reader, session 6): 14 exporters, 15 buyers, two
# days of 6 slots, 3 tables; buyer B15 registered late with two wishes. The S1a solve
# is not proven within 2 s (found 1, bound 4). Requests as exporter-buyer-priority and
# side (e, b, x = both); published meetings as exporter-buyer-slot-table.
UNPROVEN_REQUESTS = """
1-1-3e 1-2-2b 1-3-2e 1-6-3b 1-14-3b 2-1-1x 2-2-2x 2-4-3e 2-5-2b 2-6-1x 2-7-2e 2-13-2b
2-14-1x 3-1-3x 3-2-2b 3-4-3x 3-5-1e 3-8-3e 3-13-3b 4-1-1e 4-4-2b 4-10-3x 4-14-1x 5-1-3e
5-11-2x 5-13-3x 6-4-2x 6-7-1b 6-8-1x 6-10-3x 6-11-2e 6-12-3e 6-13-3x 6-14-1x 7-6-1e
7-7-1e 7-10-2e 7-13-2e 7-14-3b 8-6-2b 8-7-2x 8-8-2x 8-11-2x 8-12-3b 8-13-1e 9-1-1e
9-3-1x 9-4-2b 9-7-3x 9-8-1x 9-10-3x 9-11-2x 9-12-1e 9-13-1x 9-14-2x 10-3-2b 10-10-1e
10-11-1b 10-12-3e 10-13-1b 10-14-3x 11-2-3e 11-4-1x 11-11-2x 12-1-3e 12-5-2b 12-6-2x
12-8-3x 12-14-3x 13-1-3e 13-6-3x 13-8-2b 13-9-2e 13-11-1e 14-5-1x 14-7-1b 14-11-2e
14-12-3e 14-14-2x 9-15-3b 4-15-1x
"""
UNPROVEN_PUBLISHED = """
2-2-0-1 3-1-0-2 6-4-0-3 2-1-1-1 3-4-1-2 1-2-1-3 11-4-2-1 14-14-2-2 9-11-2-3 12-14-3-1
8-11-3-2 9-7-3-3 11-11-4-1 8-7-4-2 6-14-4-3 4-14-5-1 5-11-5-2 7-7-5-3 2-14-6-1 5-13-6-2
9-3-6-3 14-5-7-1 6-13-7-2 9-14-7-3 10-14-8-1 12-8-8-2 9-13-8-3 2-6-9-1 6-10-9-2 9-8-9-3
13-6-10-1 6-8-10-2 9-10-10-3 4-10-11-1 12-6-11-2 8-8-11-3
"""


def test_stability_ranks_above_value_when_the_worst_off_tier_is_not_proven(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Stability used to be settled after S1a only when S1a was proven; here the value
    # solve then dropped published E12-B14 (weight 8) for the late mutual wish E4-B15
    # (weight 12), and only the final guard's fallback to the greedy plan hid it.
    # S1a unproven needs stage 1 with presolve at this budget (without, it is proven),
    # and the worst-off level ranked above stability whole: up to the announced level
    # only (1 here), it is proven at once (docs/model.md, "When re-planning"); without
    # an announced level (an agenda with no exporter in common) it still ranks so.
    from asmex_sched.model import run as run_module
    from asmex_sched.model import tiers as tiers_module

    monkeypatch.setattr(tiers_module, "LEAN_STAGE1_DTIME", 0.0)
    monkeypatch.setattr(
        run_module, "announced_level", lambda instance, announced, level_before=None: None
    )
    side = {"e": "exporter", "b": "buyer", "x": "both"}
    reqs = [
        (int(e), int(b), int(p[:-1]), side[p[-1]])
        for e, b, p in (r.split("-") for r in UNPROVEN_REQUESTS.split())
    ]
    inst = make_instance(14, 15, days=2, slots_per_day=6, tables=3, requests=reqs)
    pub = tuple(
        PublishedMeeting(f"E{e}", f"B{b}", inst.slots[int(s)].day, inst.slots[int(s)].start,
                         inst.slots[int(s)].end, int(t))
        for e, b, s, t in (p.split("-") for p in UNPROVEN_PUBLISHED.split())
    )  # fmt: skip
    r = solve(inst, opts(2.0), baseline=pub)
    assert_valid(inst, r, baseline=pub)
    s1a = next(t for t in r.tiers if t.rule == "S1a")
    assert not s1a.optimal  # the case under test (a faster solver would prove it)
    assert r.score.changes == 0  # every published meeting kept: nothing forces a change
    assert "fallback" not in r.params  # the solver's own plan, not the guard's


# A re-plan found by fuzzing (session 6's fuzzer, cpsat seed 51): 11 exporters, 26
# buyers, one day of 7 slots, 3 tables, 2 interpreters (E11 speaks French, B4, B10 and
# B21 Swahili). E8 is now away at slot 5, the time of its announced meeting with B2;
# E5-B12 is locked at slot 5. Same notation as above.
AWAY_REQUESTS = """
1-2-2x 1-5-3b 1-6-2b 1-8-1e 1-10-3e 1-11-2b 1-17-1b 1-18-1e 1-23-2e 2-2-2x 2-9-2x 2-20-2x
2-21-3x 2-24-3b 2-26-3e 3-1-2x 3-4-2x 3-5-2e 3-9-2b 3-13-2x 3-14-3x 3-21-3x 3-22-3b 3-25-2b
4-6-3e 4-7-1b 4-9-2b 4-10-3b 4-13-2e 4-14-2e 4-19-2e 4-23-3b 4-24-1x 5-1-3x 5-7-3x 5-9-1b
5-11-1e 5-12-1x 5-13-1x 5-14-3e 5-17-2e 5-18-1b 5-20-2e 5-22-3e 5-26-1e 6-1-2b 6-2-3x 6-3-1e
6-4-2x 6-6-3x 6-8-3x 6-10-3e 6-12-2b 6-13-3x 6-14-3b 6-17-1x 6-20-2e 6-22-2x 6-24-2b 7-3-3x
7-6-2x 7-7-2e 7-8-2x 7-11-1e 7-14-1b 7-17-3b 7-21-2e 7-22-3b 7-24-2e 7-25-2e 7-26-1x 8-1-2b
8-2-1x 8-3-3e 8-6-2e 8-8-1x 8-13-3x 8-14-1x 8-16-2b 8-19-3x 8-20-1b 8-22-1x 8-25-1e 9-1-3e
9-3-3b 9-4-1e 9-8-2b 9-10-1b 9-16-1x 9-18-3e 9-20-1x 9-22-3b 9-23-2x 9-24-1x 9-25-2x 10-7-3b
10-9-2e 10-12-1x 10-17-2x 10-19-3b 10-23-2b 10-24-1e 10-26-2e 11-1-2x 11-2-2b 11-4-3e 11-7-1x
11-9-3e 11-11-1b 11-12-3b 11-16-3x 11-17-3x 11-20-3e 11-21-1e
"""
AWAY_PUBLISHED = """
4-24-0-1 8-14-0-2 9-16-0-3 10-17-1-1 7-8-1-2 9-24-1-3 3-13-2-1 8-8-2-2 6-17-2-3 1-2-3-1
8-22-3-2 5-13-3-3 2-2-4-1 7-26-4-2 6-22-4-3 2-20-5-1 8-2-5-2 5-12-5-3 10-12-6-1 11-7-6-2
9-20-6-3
"""


def test_a_replan_is_never_less_stable_than_the_published_first_greedy_plan() -> None:
    # E8-B2 must leave slot 5. Stage 1 and slotting kept it by moving it to another
    # slot, which moved a second announced meeting (2 + 2 = 4 changes); the pass that
    # puts announced meetings back never cancels one. The greedy plan (announced
    # meetings first) cancels E8-B2 and keeps every other one (3). When re-planning,
    # stability ranks right after the worst-off level, so the final guard compares
    # the greedy plan on that order (it compared value first, and kept the 4).
    side = {"e": "exporter", "b": "buyer", "x": "both"}
    reqs = [
        (int(e), int(b), int(p[:-1]), side[p[-1]])
        for e, b, p in (r.split("-") for r in AWAY_REQUESTS.split())
    ]
    kw = dict(days=1, slots_per_day=7, tables=3, interpreters=2, requests=reqs,
              languages={"E11": ["fr"], "B4": ["sw"], "B10": ["sw"], "B21": ["sw"]})  # fmt: skip
    first = make_instance(11, 26, **kw)
    pub = tuple(
        PublishedMeeting(f"E{e}", f"B{b}", first.slots[int(s)].day, first.slots[int(s)].start,
                         first.slots[int(s)].end, int(t))
        for e, b, s, t in (p.split("-") for p in AWAY_PUBLISHED.split())
    )  # fmt: skip
    inst = make_instance(11, 26, unavailability=[("E8", 0, 5, 6)], **kw)
    pinned = (fixed_at(inst, 5, 12, 5, source="locked"),)
    r = solve(inst, opts(3.0), pinned=pinned, baseline=pub)
    assert_valid(inst, r, pinned, baseline=pub)
    start = published_slots(inst, pub)
    tables = {p.key: (start[p.key], p.table) for p in pub if p.key in start}
    greedy_plan = greedy_slots(inst, pinned, start=start)
    greedy = score(inst, schedule_from_slots(inst, greedy_plan, pinned, tables), pub)
    assert (r.score.worst_off, -r.score.changes) >= (greedy.worst_off, -greedy.changes)
    assert r.score.changes == 3
    at = {m.key: m.slot for m in r.schedule.meetings}
    kept = [p for p in pub if at.get(p.key) == inst.slot_of(p.day, p.start).index]
    assert len(kept) == len(pub) - 1 and ("E8", "B2") not in at


def test_when_replanning_the_fairness_cap_counts_only_the_open_slots() -> None:
    # 8 slots (09:00-12:30); at a 12:00 horizon 2 are left (rule H9). E1 (one
    # delegate) asks for 6 buyers and can hold 2; E2 (two delegates) asks for 4 and
    # can hold all 4. E1's cap stayed 6 (every available slot counted), so the
    # worst-off level was held at E1's 2, and E2's meetings did not count.
    reqs = [(1, b) for b in range(1, 7)] + [(2, b) for b in range(7, 11)]
    inst = make_instance(2, 10, slots_per_day=8, requests=reqs, delegates={"E2": 2})
    assert inst.fairness_cap == {"E1": 6, "E2": 4}
    planned = inst.replace(horizon=datetime(2025, 3, 10, 12, 0))
    assert planned.fairness_cap == {"E1": 2, "E2": 4}
    r = solve(planned, opts())
    assert_valid(planned, r)
    assert len(r.schedule) == 6
    assert r.score.worst_off == 4  # everyone holds all it can: the level is the top cap


def test_a_request_to_a_buyer_whose_maximum_the_pins_use_up_is_not_possible() -> None:
    # A late exporter (E3) asks B1, whose maximum of 2 meetings the frozen ones already
    # use, and B2. Its cap stayed 2, so the worst-off level could not pass 1 for anyone:
    # the level the planner protects first read as a collapse (a second reader).
    reqs = [(1, 1), (2, 1), (3, 1), (3, 2), (1, 2), (1, 3), (2, 3), (2, 4)]
    inst = make_instance(3, 4, slots_per_day=8, requests=reqs, max_meetings={"B1": 2})
    pins = (fixed_at(inst, 1, 1, 0, source="frozen"), fixed_at(inst, 2, 1, 1, source="frozen"))
    planned = inst.replace(horizon=datetime(2025, 3, 10, 10, 0), pinned=pins)
    assert inst.fairness_cap["E3"] == 2 and planned.fairness_cap["E3"] == 1
    assert planned.fairness_cap["E1"] == 3  # its own pinned meeting with B1 still counts
    r = solve(planned, opts(), pinned=pins)
    assert_valid(planned, r, pins)
    assert r.score.worst_off == 3  # E1 and E2 hold 3 each, E3 its only possible one


def test_requests_sharing_one_slot_allow_one_meeting_in_the_fairness_cap() -> None:
    # A coordinator trying odd rosters: E1's three buyers are free only at the first
    # of 8 slots, so E1 can hold one meeting, but its cap counted 3: the worst-off
    # level was held at 1 for everyone, E2 got 4 of the six buyers E2 and E3 share
    # (one slot each) and E3 2, where 3 and 3 were possible, "optimal".
    away = [(f"B{b}", 0, 1, 8) for b in (1, 2, 3)]
    away += [(f"B{b}", 0, 0, b - 3) for b in range(4, 10)]
    away += [(f"B{b}", 0, b - 2, 8) for b in range(4, 10)]
    reqs = [(1, 1), (1, 2), (1, 3)] + [(e, b) for e in (2, 3) for b in range(4, 10)]
    inst = make_instance(3, 9, slots_per_day=8, requests=reqs, unavailability=away)
    assert inst.fairness_cap == {"E1": 1, "E2": 6, "E3": 6}
    r = solve(inst, opts())
    assert_valid(inst, r)
    held = {e: sum(m.exporter_id == e for m in r.schedule.meetings) for e in ("E2", "E3")}
    assert r.score.worst_off == 3 and held == {"E2": 3, "E3": 3}, held
    # E1's own fixed meeting takes the only time its other buyer is free
    fixed = make_instance(1, 2, slots_per_day=4, requests=[(1, 1), (1, 2)],
                          unavailability=[("B1", 0, 0, 3)], fixed=[(1, 2, 3)])  # fmt: skip
    assert fixed.fairness_cap == {"E1": 1}
    # B1, free at the first slot alone, holds its fixed meeting with E2 there
    taken = make_instance(2, 2, slots_per_day=4, requests=[(1, 1), (1, 2), (2, 1)],
                          unavailability=[("B1", 0, 1, 4)], fixed=[(2, 1, 0)])  # fmt: skip
    assert taken.fairness_cap == {"E1": 1, "E2": 1}


def test_the_fairness_cap_counts_the_interpreters_and_tables_a_slot_has() -> None:
    # A coordinator with narrow availabilities: E1 (French, two delegates) wants four
    # English-speaking buyers free only at the first two of 8 slots, and the mission has
    # one interpreter: E1 can hold 2 meetings, but its cap counted 4 (two delegates at
    # two slots), so it held every exporter's worst-off level at 2, "optimal", and the
    # Summary said "E1: 2 of 4 possible". Where E2 and E3 share six buyers (one slot
    # each), 3 and 3 are possible.
    away = [(f"B{b}", 0, 2, 8) for b in (1, 2, 3, 4)]
    away += [(f"B{b}", 0, 0, b - 3) for b in range(5, 11)]
    away += [(f"B{b}", 0, b - 2, 8) for b in range(5, 11)]
    reqs = [(1, b) for b in (1, 2, 3, 4)] + [(e, b) for e in (2, 3) for b in range(5, 11)]
    languages = {"E1": ["fr"], **{f"B{b}": ["en"] for b in (1, 2, 3, 4)}}
    inst = make_instance(3, 10, slots_per_day=8, interpreters=1, requests=reqs,
                         unavailability=away, languages=languages, delegates={"E1": 2})  # fmt: skip
    assert inst.fairness_cap == {"E1": 2, "E2": 6, "E3": 6}
    r = solve(inst, opts())
    assert_valid(inst, r)
    held = {e: sum(m.exporter_id == e for m in r.schedule.meetings) for e in ("E2", "E3")}
    assert r.score.worst_off == 3 and held == {"E2": 3, "E3": 3}, held
    # one table: two delegates hold one meeting at a time
    one_table = make_instance(1, 2, slots_per_day=4, tables=1, delegates={"E1": 2},
                              unavailability=[("B1", 0, 1, 4), ("B2", 0, 1, 4)])  # fmt: skip
    assert one_table.fairness_cap == {"E1": 1}
    # E2's fixed meeting takes the one interpreter at the only time E1's buyer is free
    taken = make_instance(2, 2, slots_per_day=4, interpreters=1, requests=[(1, 1), (2, 2)],
                          languages={"E1": ["fr"], "E2": ["fr"], "B1": ["en"], "B2": ["en"]},
                          unavailability=[("B1", 0, 1, 4)], fixed=[(2, 2, 0)])  # fmt: skip
    assert taken.fairness_cap == {"E1": 0, "E2": 1}


def test_the_pins_of_a_replanning_instance_and_of_the_call_must_agree() -> None:
    # The instance's candidate slots follow its pins (H9), the solve holds the
    # `pinned` argument (H8): a pin given to one only could move, yet say optimal.
    inst = make_instance(2, 2, slots_per_day=4)
    pin = fixed_at(inst, 1, 1, 0, source="frozen")
    planned = inst.replace(horizon=datetime(2025, 3, 10, 10, 0), pinned=(pin,))
    with pytest.raises(ValueError, match="pinned"):
        solve(planned, opts())
    r = solve(planned, opts(), pinned=(pin,))
    assert_valid(planned, r, (pin,))
    assert r.schedule.by_key[("E1", "B1")].slot == 0


def _later_start_replan(seed: int) -> tuple[Instance, tuple[PublishedMeeting, ...], SolveResult]:
    """A random mission planned, then re-planned with every day starting an hour later
    (its first two slots closed to ``ALL``) and one company away half a day: the
    published agenda and the re-plan."""
    from asmex_sched.domain import Unavailability

    rng = Random(seed)
    ne, nb = rng.randint(12, 25), rng.randint(30, 60)
    days, per = rng.randint(2, 4), rng.choice([8, 10, 12])
    reqs = random_requests(rng, ne, nb, rng.uniform(0.1, 0.3))
    tables, interpreters = rng.randint(4, 10), rng.randint(0, 2)
    languages = {f"E{i}": [rng.choice(["fr", "en"])] for i in range(1, ne + 1)}
    languages |= {f"B{j}": [rng.choice(["en", "sw"])] for j in range(1, nb + 1)}
    inst = make_instance(ne, nb, days=days, slots_per_day=per, tables=tables,
                         interpreters=interpreters, requests=reqs, languages=languages)  # fmt: skip
    base = published(inst, solve(inst, opts(1.0)).schedule)
    hour = [s.start for s in inst.slots[:3]]  # 09:00, 09:30, 10:00
    closed = [Unavailability("ALL", DAY + timedelta(days=d), hour[0], hour[2], "starts at 10")
              for d in range(days)]  # fmt: skip
    who = rng.choice([c.id for c in (*inst.exporters, *inst.buyers)])
    away = inst.slots[per // 2].start
    closed.append(Unavailability(who, DAY + timedelta(days=rng.randrange(days)), hour[0], away, ""))
    changed = inst.replace(unavailability=(*inst.unavailability, *closed))
    return changed, base, solve(changed, opts(1.0), baseline=base)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [8, 19])
def test_no_announced_meeting_stays_moved_where_its_time_is_free(seed: int) -> None:
    # A QA tester's re-plan (the bundled example, the day starting an hour later from
    # Wednesday) moved announced meetings whose time was still free for them: "moved by
    # the new plan, though its time was still free for it" (2 more each in S3, which
    # ranks right after the worst-off level when re-planning). Putting such a meeting
    # back holds the same meetings, so it never costs a tier above S3. On these two
    # re-plans one stayed moved: (seed 19) one in another half-day, whose time the
    # restore pass freed by putting another back, and (seed 8) one whose company a
    # cancelled announced meeting held again freed at its time. Free is told by the
    # validator: the plan with the meeting back at its time (on a table free there)
    # breaks no rule.
    inst, base, r = _later_start_replan(seed)
    assert_valid(inst, r, baseline=base)
    now = r.schedule.by_key
    free_back = []
    for p in base:
        slot = inst.slot_of(p.day, p.start)
        if slot is None or (p.key in now and now[p.key].slot == slot.index):
            continue
        if slot.index not in inst.candidates.get(p.key, ()):
            continue  # closed to it (or past the horizon)
        others = [m for m in r.schedule.meetings if m.key != p.key]
        used = {m.table for m in others if m.slot == slot.index}
        table = min(t for t in range(1, inst.mission.tables + 2) if t not in used)
        back = Meeting(p.exporter_id, p.buyer_id, slot.index, table,
                       interpreter=inst.interpreter_needed[p.key])  # fmt: skip
        if not validate(inst, Schedule((*others, back))):
            free_back.append(p.key)
    assert free_back == []


def test_baseline_after_an_absence_moves_only_what_it_must() -> None:
    # Published: E1-B1 and E2-B2 at 09:00. E1 is now away at 09:00: E1-B1 moves (2).
    pub = (
        PublishedMeeting("E1", "B1", DAY, time(9, 0), time(9, 30), 1),
        PublishedMeeting("E2", "B2", DAY, time(9, 0), time(9, 30), 2),
    )
    moved = make_instance(
        slots_per_day=2, requests=[(1, 1), (2, 2)], unavailability=[("E1", 0, 0, 1)]
    )
    r = solve(moved, opts(), baseline=pub)
    assert_valid(moved, r, baseline=pub)
    assert r.score.changes == 2
    by_key = r.schedule.by_key
    assert by_key[("E1", "B1")].slot == 1
    assert (by_key[("E2", "B2")].slot, by_key[("E2", "B2")].table) == (0, 2)


def test_baseline_table_change_is_counted() -> None:
    # All at slot 0. Tables go from 3 to 2: one meeting must be dropped (3); E3-B3
    # (priority 1) is kept by S2 but its published table 3 no longer exists (1).
    inst = make_instance(
        exporters=3, buyers=3, slots_per_day=1, tables=2, requests=[(1, 1), (2, 2), (3, 3, 1)]
    )
    pub = tuple(
        PublishedMeeting(f"E{i}", f"B{i}", DAY, time(9, 0), time(9, 30), i) for i in (1, 2, 3)
    )
    r = solve(inst, opts(), baseline=pub)
    assert_valid(inst, r, baseline=pub)
    assert r.score.changes == 3 + 1


def test_baseline_on_a_shifted_grid_counts_the_moves() -> None:
    # Published at 09:00; the day now starts at 09:15: the meeting must move (2).
    inst = make_instance(exporters=1, buyers=1, slots_per_day=2)
    pub = (PublishedMeeting("E1", "B1", DAY, time(9, 0), time(9, 30), 1),)
    shifted = replace(inst, mission=replace(inst.mission, day_start=time(9, 15)))
    r = solve(shifted, opts(), baseline=pub)
    assert_valid(shifted, r, baseline=pub)
    assert r.score.changes == 2


# ------------------------------------------------------------- versus the greedy
@pytest.mark.parametrize("seed", [3, 4])
def test_at_least_as_good_as_the_greedy_on_a_congested_instance(seed: int) -> None:
    # Few tables and one interpreter: the greedy (value first) leaves exporters out.
    inst = random_instance(
        seed,
        6,
        8,
        p=0.5,
        slots_per_day=4,
        tables=2,
        interpreters=1,
        languages={"E1": ["fr"], "E2": ["fr"], "B1": ["sw"], "B2": ["en", "sw"]},
    )
    g = greedy_schedule(inst)
    assert validate(inst, g) == []
    gs = score(inst, g)
    r = solve(inst, opts(3))
    assert_valid(inst, r)
    assert r.score.worst_off >= gs.worst_off
    # Lexicographic order (S1a, S2, S1b) within the floors: the value can fall
    # below the greedy's by the tolerance only when fairness gained.
    assert r.score.key()[:3] >= gs.key()[:3]
    assert r.score.value >= r.params["value_floor"] >= 0.99 * gs.value
    assert r.score.meetings >= gs.meetings
    if r.score.worst_off == gs.worst_off:
        assert r.score.value >= gs.value


@pytest.mark.parametrize("seed", [2, 3, 4, 5, 9])  # on 2 and 9 the level is capped for value
def test_large_instance_path_keeps_every_rule_and_beats_the_greedy(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The trade-fair path (stage 1 by local search on slots, then slotting) on a
    # small instance, by lowering the size threshold.
    from asmex_sched.model import solve as solve_module

    monkeypatch.setattr(solve_module, "LARGE_STAGE1", 0)
    inst = random_instance(seed, 8, 12, p=0.5, slots_per_day=8, tables=3, interpreters=1,
                           languages={"E1": ["fr"], "B1": ["sw"]})  # fmt: skip
    gs = score(inst, greedy_schedule(inst))
    r = solve(inst, opts())
    assert_valid(inst, r)
    assert "local search" in str(r.params["stage1"])
    assert r.score.worst_off >= gs.worst_off
    # nothing is proven on this path, so never less value than the greedy plan
    assert r.score.value >= gs.value
    assert r.score.meetings >= gs.meetings
    assert r.score.buyer_half_days <= gs.buyer_half_days


def _buyer_only_lift(monkeypatch: pytest.MonkeyPatch) -> None:
    """The trade-fair path's lift as before session 56: evicting the buyer's own
    meetings only (as on a re-plan). The missions of the tests using it were found for
    that lift; with anyone's meetings to evict (a first plan since then), seeds 60 and
    65 below reach the same levels, 2 and 1, at the greedy's very value, so the cap
    they test never comes into play, and the 30 x 60 mission leaves no idle slot to
    refine."""
    from asmex_sched.model import selection as sel

    lift_start = sel.lift_start

    def buyer_only(*args: Any, **kw: Any) -> Any:
        return lift_start(*args, **{**kw, "anyone": False})

    monkeypatch.setattr(sel, "lift_start", buyer_only)


def _capped_mission(seed: int, shape: tuple, monkeypatch: pytest.MonkeyPatch) -> Instance:
    """A mission planned on the trade-fair path (``LARGE_STAGE1`` 0) whose lift, with
    :func:`_buyer_only_lift`, falls below the greedy's value: the level is capped."""
    from asmex_sched.model import solve as solve_module

    monkeypatch.setattr(solve_module, "LARGE_STAGE1", 0)
    exporters, buyers, p, slots_per_day, tables, interpreters = shape
    langs = {c: ["fr"] for c in ("E1", "E2", "E3")} | {c: ["sw"] for c in ("B1", "B2", "B3", "B4")}
    return random_instance(seed, exporters, buyers, p=p, slots_per_day=slots_per_day,
                           tables=tables, interpreters=interpreters, days=2,
                           languages=langs)  # fmt: skip


_CAPPED = (60, (19, 24, 0.5, 6, 5, 1))


@pytest.mark.parametrize(("seed", "shape", "level"), [
    (*_CAPPED, 2),
    (65, (23, 24, 0.35, 10, 4, 3), 1),
])  # fmt: skip
def test_large_path_value_cap_tries_the_lifts_own_level(
    seed: int, shape: tuple, level: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The unlimited lift gets stuck at `level` after paying for failed lifts above
    # it, and falls below the greedy's value; stopped as soon as `level` is
    # reached it does not (found by a second reader: the cap used to end one
    # level lower).
    inst = _capped_mission(seed, shape, monkeypatch)
    gs = score(inst, greedy_schedule(inst))
    # A first plan since session 56, evicting anyone's meeting: the lift reaches that
    # level without falling below the greedy's value, so no cap.
    wider = solve(inst, opts())
    assert_valid(inst, wider)
    assert "worst_off_capped_for_value" not in wider.params
    assert wider.score.worst_off >= level > gs.worst_off
    assert wider.score.value >= gs.value
    _buyer_only_lift(monkeypatch)
    r = solve(inst, opts())
    assert_valid(inst, r)
    assert r.params["worst_off_capped_for_value"] == level
    assert r.score.worst_off >= level > gs.worst_off
    assert r.score.value >= gs.value
    # Capped below the flow bound, the plan says how far the cap is from the best
    # level at the greedy's value (session 58): never below its own level.
    from asmex_sched.model.bound import value_lp_bound, worst_off_bound, worst_off_bound_at_value

    ceiling = worst_off_bound(inst)
    at_value = r.params.get("worst_off_bound_at_greedy_value")
    if r.score.worst_off < ceiling:
        assert at_value == worst_off_bound_at_value(inst, gs.value, r.score.worst_off, ceiling)
        assert r.score.worst_off <= at_value <= ceiling
        # it holds for every plan at that value: the wider lift's too
        assert wider.score.worst_off <= at_value
        # the value bound from the same LP (built once for both) is the usual one
        assert r.value_bound == value_lp_bound(inst) is not None
    else:
        assert at_value is None


def test_the_fairness_probes_move_the_wall_clock_net_not_the_budgets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The trade-fair path's probes for a level holding the greedy's value are not
    # budgeted: at the default 60 s, trade fair seeds 3, 11 and 19 spent the limit in
    # them and stage 2 then met its wall-clock net at once (a plan that varies;
    # session 58). Probes slowed past the limit: stage 2's net is still the half-day's
    # own, and the plan is the one the same probes give without the delay.
    import time as real_time

    from asmex_sched.model import run as run_module

    inst = _capped_mission(*_CAPPED, monkeypatch)
    _buyer_only_lift(monkeypatch)
    quick = solve(inst, SolveOptions(time_limit=4.0, workers=1))
    assert quick.params["worst_off_capped_for_value"] == 2  # probes ran
    lifted = run_module._Run.lifted

    slept: list[int] = []

    def slow(self: Any, up_to: int | None, evict: bool) -> Any:
        if up_to is not None and not slept:  # the first probe, past the time limit
            slept.append(up_to)
            real_time.sleep(4.5)
        return lifted(self, up_to, evict)

    walls: list[float] = []
    place_session = run_module.place_session

    def spy(*args: Any, **kw: Any) -> Any:
        walls.append(kw["wall"])
        return place_session(*args, **kw)

    monkeypatch.setattr(run_module._Run, "lifted", slow)
    monkeypatch.setattr(run_module, "place_session", spy)
    slowed = solve(inst, SolveOptions(time_limit=4.0, workers=1))
    assert_valid(inst, slowed)
    assert slept and walls and min(walls) > 1.0  # 1.0: the floor of a net already passed
    assert not slowed.params["wall_clock_hit"]
    assert slowed.schedule == quick.schedule


def test_value_bound_is_an_upper_bound() -> None:
    for inst in (
        make_instance(),
        medium(),
        random_instance(5, 5, 5, p=0.6, slots_per_day=3, tables=1),
    ):
        r = solve(inst, opts())
        assert_valid(inst, r)
        assert r.value_bound is not None
        assert r.value_bound >= r.score.value
        assert r.gap is not None and 0 <= r.gap <= 1


def test_not_worse_than_the_greedy_when_sessions_are_partly_available() -> None:
    # One table, two slots. E1-B1 and E2-B2 (priority 1) can only meet at slot 0,
    # E3-B3 (priority 3) only at slot 1. Best: one of the first two + E3-B3.
    inst = make_instance(
        exporters=3,
        buyers=3,
        slots_per_day=2,
        tables=1,
        requests=[(1, 1, 1), (2, 2, 1), (3, 3, 3)],
        unavailability=[("E1", 0, 1, 2), ("E2", 0, 1, 2), ("E3", 0, 0, 1)],
    )
    g = score(inst, greedy_schedule(inst))
    assert (g.worst_off, g.next_worst, g.value) == (0, 2, 8)
    r = solve(inst, opts())
    assert_valid(inst, r)
    assert r.score.key()[:3] >= g.key()[:3]
    assert (r.score.next_worst, r.score.value) == (2, 8)


def test_reported_score_is_the_plans_when_stage_2_drops_a_meeting() -> None:
    # Found by hypothesis (test_properties): 3 slots, the first closed for all,
    # 2 tables, fixed E4-B3 at slot 1 and E1-B2 at slot 2. Stage 1 chose a meeting
    # stage 2 could not place and no other slot took it: the reported score must
    # be the final plan's (recounted), not stage 1's.
    inst = make_instance(
        exporters=4,
        buyers=3,
        slots_per_day=3,
        tables=2,
        languages={"E3": ["en"], "B1": ["fr"]},
        max_meetings={"E2": 0, "B3": 1},
        requests=[(1, 1, 1), (1, 2, 1), (1, 3, 1), (2, 1, 1), (2, 2, 1), (2, 3, 1),
                  (3, 1, 1), (3, 2, 1), (3, 3, 1), (4, 2, 1), (4, 3, 1, "both")],
        unavailability=[("ALL", 0, 0, 1)],
        fixed=[(4, 3, 1), (1, 2, 2)],
    )  # fmt: skip
    r = solve(inst, opts())
    assert_valid(inst, r)  # compares the solver's score with the validator's


def test_replan_keeps_a_published_meeting_rather_than_trade_it_for_value() -> None:
    # One slot. The published agenda holds E1-B2 (priority 3); a new mutual
    # priority-1 request E1-B1 arrives. When re-planning, stability (S3) ranks
    # right after the worst-off level (docs/model.md): the announced meeting
    # stays, the new request waits for a free slot.
    first = make_instance(exporters=1, buyers=2, slots_per_day=1, requests=[(1, 2, 3)])
    pub = published(first, solve(first, opts()).schedule)
    assert {(m.exporter_id, m.buyer_id) for m in pub} == {("E1", "B2")}
    changed = make_instance(
        exporters=1, buyers=2, slots_per_day=1, requests=[(1, 1, 1, "both"), (1, 2, 3)]
    )
    r = solve(changed, opts(), baseline=pub)
    assert_valid(changed, r, baseline=pub)
    assert pairs(r) == {("E1", "B2")}
    assert r.score.changes == 0
    assert sum(1 for t in r.tiers if t.rule == "S3") == 1  # reported once


@pytest.mark.parametrize(("threshold", "pipeline"), [
    ("LARGE_STAGE1", "local search"),  # trade-fair size
    ("HINTED_STAGE1", "local searches' plan"),  # mid-size
])  # fmt: skip
def test_larger_pipelines_keep_published_and_pinned_meetings(
    threshold: str, pipeline: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from asmex_sched.model import run as run_module
    from asmex_sched.model import solve as solve_module

    monkeypatch.setattr(solve_module, threshold, 0)
    # The local searches' plan as the start even where their lift stalls, as it does
    # here (the tier solves then start from the greedy plan: tested on their own).
    monkeypatch.setattr(run_module._Run, "lift_stalled", lambda self: False)
    inst = random_instance(7, 8, 12, p=0.5, slots_per_day=8, tables=3)
    base = solve(inst, opts())
    assert_valid(inst, base)
    pub = published(inst, base.schedule)
    first4 = base.schedule.meetings[:4]
    pinned = tuple(fixed_at(inst, m.exporter_id, m.buyer_id, m.slot) for m in first4)
    r = solve(inst, opts(), pinned=pinned, baseline=pub)
    assert_valid(inst, r, pinned=pinned, baseline=pub)
    assert pipeline in str(r.params["stage1"])
    at = {m.key: m.slot for m in r.schedule.meetings}
    assert all(at.get(m.key) == m.slot for m in first4)  # pinned stay
    assert r.score.changes == 0  # nothing changed in the roster: nothing moves


def test_mid_size_switch_keeps_published_and_pinned_meetings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The mid-size re-plan whose local lift stalls goes to the tier solves from the
    # greedy plan too (session 67): pinned meetings stay, nothing changed moves (a
    # second reader: tested on first plans only).
    from asmex_sched.model import solve as solve_module
    from asmex_sched.model.budgets import TIER_SOLVES_PIPELINE

    monkeypatch.setattr(solve_module, "HINTED_STAGE1", 0)
    inst = random_instance(7, 8, 12, p=0.5, slots_per_day=8, tables=3)
    base = solve(inst, opts())
    pub = published(inst, base.schedule)
    first4 = base.schedule.meetings[:4]
    pinned = tuple(fixed_at(inst, m.exporter_id, m.buyer_id, m.slot) for m in first4)
    r = solve(inst, opts(), pinned=pinned, baseline=pub)
    assert_valid(inst, r, pinned=pinned, baseline=pub)
    assert r.params["stage1"] == TIER_SOLVES_PIPELINE and "stage1_unlifted" in r.params
    at = {m.key: m.slot for m in r.schedule.meetings}
    assert all(at.get(m.key) == m.slot for m in first4)
    assert r.score.changes == 0


# ------------------------------------------------------------ mid-size: hinted path
def test_mid_size_tier_solves_start_from_the_greedy_plan_where_the_lift_stalls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A 100-company tester: on three Nairobi-grid rosters just above 12 000 pairs the
    # local searches left the worst-off level at the greedy's, and the tier solves
    # started from their plan kept it (15, 9, 10) where started from the greedy plan
    # they reach 16, 13 and 18. Where the lift stalls below the flows' bound, the
    # default now runs the tier solves from the greedy plan, as below the range.
    from asmex_sched.model import bound as bound_module
    from asmex_sched.model import run as run_module
    from asmex_sched.model import solve as solve_module
    from asmex_sched.model.budgets import MID_SIZE_PIPELINE, TIER_SOLVES_PIPELINE

    monkeypatch.setattr(solve_module, "HINTED_STAGE1", 0)
    inst = random_instance(7, 8, 12, p=0.5, slots_per_day=8, tables=3)
    greedy_level = score(inst, greedy_schedule(inst)).worst_off
    assert greedy_level < bound_module.worst_off_bound(inst)  # room above the greedy's
    r = solve(inst, opts())
    assert_valid(inst, r)
    assert r.params["stage1"] == TIER_SOLVES_PIPELINE
    assert r.params["stage1_unlifted"] == greedy_level
    # on the mid-size path's budget (and rate), not the small path's: at its rate the
    # wall-clock nets of a loaded machine bit above 15 000 pairs (a second reader)
    budget = solve_module.hinted_budget(opts().time_limit, solve_module.stage1_pairs(inst))
    assert r.params["hinted_budget_seconds"] == round(budget, 2)
    # a pipeline forced by stage1 runs as it is
    forced = solve(inst, replace(opts(), stage1="hinted"))
    assert forced.params["stage1"] == MID_SIZE_PIPELINE and "stage1_unlifted" not in forced.params
    # no room above the greedy's level (the flows' bound at it): the searches' plan stays
    monkeypatch.setattr(run_module, "worst_off_bound", lambda instance: greedy_level)
    assert solve(inst, opts()).params["stage1"] == MID_SIZE_PIPELINE


def test_stage1_path_follows_the_model_size(monkeypatch: pytest.MonkeyPatch) -> None:
    from asmex_sched.model import solve as solve_module

    inst = medium()
    n = solve_module.stage1_pairs(inst)
    assert n > 0
    monkeypatch.setattr(solve_module, "HINTED_STAGE1", n)
    monkeypatch.setattr(solve_module, "LARGE_STAGE1", n + 1)
    assert solve_module.stage1_path(inst) == "cpsat"
    monkeypatch.setattr(solve_module, "HINTED_STAGE1", n - 1)
    assert solve_module.stage1_path(inst) == "hinted"
    monkeypatch.setattr(solve_module, "LARGE_STAGE1", n - 1)
    assert solve_module.stage1_path(inst) == "local"


def test_mid_size_budget_leaves_the_local_searches_their_seconds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The start and the local searches run before the tier solves, within the stage-1
    # wall share: on a 150 x 450 roster at 60 s they took 4.8-7.5 s, and the tier solves,
    # budgeted on 75 % of the whole limit, met their wall-clock net on 4 runs of 4.
    # The budget now leaves them a reserve per (request, half-day) pair: the same on
    # every machine, so the plan does not depend on the clock.
    from asmex_sched.model import solve as solve_module

    inst = medium()
    pairs = solve_module.stage1_pairs(inst)
    limit = 20.0  # S1a's share well above its 0.2 deterministic s floor, half of it too
    s1a = record_solves(monkeypatch, lambda p: p.max_deterministic_time)
    runs = {}
    for reserve_s in (0.0, 0.4 * limit, 0.9 * limit):  # seconds taken off the limit
        monkeypatch.setattr(solve_module, "HINTED_RESERVE_S_PER_PAIR", reserve_s / pairs)
        s1a.clear()
        r = solve(inst, SolveOptions(time_limit=limit, stage1="hinted"))
        assert_valid(inst, r)
        assert r.params["time_limit"] == limit  # the nets still count the whole limit
        runs[reserve_s] = (r.params["hinted_budget_seconds"], s1a[0])
    (none, s1a_none), (some, s1a_some), (most, s1a_most) = runs.values()
    assert none == pytest.approx(0.75 * limit)  # 1 - HINTED_LOCAL_SHARE, no reserve
    assert some == pytest.approx(0.75 * 0.6 * limit)  # the reserve off the limit first
    assert most == pytest.approx(0.75 * limit / 2)  # never below half of that share
    # the S1a solve's deterministic budget follows (its share of what it is converted to)
    assert s1a_some == pytest.approx(0.6 * s1a_none, rel=1e-6)
    assert s1a_most == pytest.approx(0.5 * s1a_none, rel=1e-6)


def test_mid_size_worst_off_bound_is_the_flows_where_tighter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A 100-company tester read "at most 39 (this plan is 25 below it)" where no plan
    # could give more than 16: on the mid-size path the tier solves start from the local
    # searches' plan and seldom move S1a's bound off the largest cap. The flows' bound
    # over any plan (model/bound.py) now caps it, and proves the level when reached.
    from asmex_sched.model import bound as bound_module
    from asmex_sched.model import run as run_module

    inst = medium()
    real = bound_module.worst_off_bound(inst)
    asked: list[int] = []

    def flows(instance: Instance) -> int:
        asked.append(real)
        return real

    monkeypatch.setattr(run_module, "worst_off_bound", flows)
    r = solve(inst, SolveOptions(time_limit=10.0, stage1="hinted"))
    assert_valid(inst, r)
    assert asked  # computed on this path (it was on the trade-fair path only)
    (s1a,) = [t for t in r.tiers if t.rule == "S1a"]
    assert s1a.bound is not None and s1a.bound <= real

    # where the flows reach the plan's level, the level reads proven
    monkeypatch.setattr(run_module, "worst_off_bound", lambda instance: r.score.worst_off)
    again = solve(inst, SolveOptions(time_limit=10.0, stage1="hinted"))
    (s1a,) = [t for t in again.tiers if t.rule == "S1a"]
    assert (s1a.value, s1a.bound, s1a.optimal) == (again.score.worst_off,) * 2 + (True,)


def _local_searches_plan(inst: Instance) -> dict[tuple[str, str], int]:
    """The plan the hinted path starts from, built here from the documented steps:
    greedy, lift within the value floor, compact, upgrade, compact (docs/model.md)."""
    from asmex_sched.greedy import greedy_slots
    from asmex_sched.model import selection as sel

    greedy = greedy_slots(inst, ())
    budget = sel.plan_value(inst, greedy) - math.ceil(round(0.99 * sel.plan_value(inst, greedy), 6))
    plan = sel.raise_worst_off(inst, greedy, {}, value_budget=budget, load_type=sel.SlotLoad)
    plan = sel.compact_buyers(inst, plan, {}, load_type=sel.SlotLoad)
    plan = sel.upgrade_value(inst, plan, {}, load_type=sel.SlotLoad)
    return sel.compact_buyers(inst, plan, {}, load_type=sel.SlotLoad)


@pytest.mark.parametrize(("seed", "shape"), [
    (1, (24, 50, 0.35, 6, 2, 3)),  # the tier solves starved (below): the local
    (2, (24, 50, 0.35, 6, 2, 3)),  # searches' plan is slotted (worst-off 4 and 6)
    (3, (16, 30, 0.4, 5, 1, 2)),  # the tier solves improve on it
    (4, (16, 30, 0.4, 5, 1, 2)),
])  # fmt: skip
@pytest.mark.usefixtures("without_clock_nets")  # load 4.5: a net stopped seed 2 (session 35)
def test_hinted_path_is_never_worse_than_the_local_searches_it_starts_from(
    seed: int, shape: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Mid-size missions: the local searches' plan is the tier solves' first hint,
    # and the final plan is at least as good in the objective's whole order
    # (S1a, S2, S1b, S3, S4, S5), buyers' half-days included.
    from asmex_sched.greedy import schedule_from_slots
    from asmex_sched.model import solve as solve_module
    from asmex_sched.model import tiers as tiers_module

    monkeypatch.setattr(solve_module, "HINTED_STAGE1", 0)
    if seed in (1, 2):
        # The tier solves find nothing: every solve of the stage-1 model (the first
        # model solved) gets no budget. Until session 27 their presolve took the budget
        # at 3 s; since then a solve that presolve leaves without a solution is run
        # again without it, and finds one.
        stage1_model: list[object] = []
        real = tiers_module.cp_model.CpSolver.solve

        def starved(self, model, *args, **kw):  # noqa: ANN001, ANN202
            stage1_model[:] = stage1_model or [model]
            if model is stage1_model[0]:
                self.parameters.max_deterministic_time = 1e-9
            return real(self, model, *args, **kw)

        monkeypatch.setattr(tiers_module.cp_model.CpSolver, "solve", starved)
    exporters, buyers, p, tables, interpreters, days = shape
    inst = random_instance(seed, exporters, buyers, p=p, slots_per_day=10, tables=tables,
                           interpreters=interpreters, days=days,
                           languages={"E1": ["fr"], "B1": ["sw"]})  # fmt: skip
    r = solve(inst, opts(3.0))
    assert_valid(inst, r)
    assert "local searches' plan" in str(r.params["stage1"])
    start: Schedule = schedule_from_slots(inst, _local_searches_plan(inst), (), {})
    assert validate(inst, start) == []
    assert r.score.key() >= score(inst, start).key()
    if seed in (1, 2):
        # the tier solves found nothing: seed 1, stage 2 slotted the local plan
        # itself (rather than the greedy plan's half-days, or returning the local
        # plan unslotted), and made it more compact (the compaction on slots after
        # slotting may empty one more buyer half-day, else fewer idle slots); seed 2
        # (S4's compaction starved too) keeps the local plan, its idle slots closed,
        # as better than its slotting
        assert r.params.get("kept_stage1_plan") is (None if seed == 1 else True)
        assert r.score.key()[:4] == score(inst, start).key()[:4]
        assert r.score.buyer_half_days <= score(inst, start).buyer_half_days
        assert r.score.key() > score(inst, start).key()
    gs = score(inst, greedy_schedule(inst))
    assert r.score.worst_off >= gs.worst_off
    assert r.score.meetings >= gs.meetings


@pytest.mark.parametrize("stage1", ["cpsat", "hinted"])
def test_reported_score_is_the_plans_when_the_tier_budgets_run_out(
    stage1: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every CP-SAT solve capped at 0.1 deterministic s (a budget that runs out,
    # deterministically): a later tier's solve then raises S1a above the level the
    # unproven S1a solve kept, and the reported figures used to be the earlier
    # plan's (found by a second reader: reported worst-off 8, the plan's 9).
    from ortools.sat.python import cp_model

    class Capped(cp_model.CpSolver):
        def solve(self, model, *args, **kwargs):  # type: ignore[no-untyped-def]
            p = self.parameters
            p.max_deterministic_time = min(p.max_deterministic_time, 0.1)
            return super().solve(model, *args, **kwargs)

    monkeypatch.setattr(cp_model, "CpSolver", Capped)
    rng = Random(100)
    exporters, buyers, p = rng.randint(6, 14), rng.randint(8, 24), rng.choice([0.3, 0.5, 0.8])
    reqs = random_requests(rng, exporters, buyers, p)
    spd, days = rng.choice([6, 10, 12]), rng.randint(1, 2)
    langs = {f"E{e}": ["fr"] for e in range(1, exporters + 1) if rng.random() < 0.2}
    langs.update({f"B{b}": ["sw"] for b in range(1, buyers + 1) if rng.random() < 0.2})
    inst = make_instance(exporters, buyers, days=days, slots_per_day=spd,
                         tables=rng.randint(2, 6), interpreters=rng.randint(0, 2),
                         requests=reqs, languages=langs)  # fmt: skip
    r = solve(inst, SolveOptions(time_limit=1.0, stage1=stage1))
    assert_valid(inst, r)  # the validator recomputes exactly the reported score
    reported = {t.rule: t.value for t in r.tiers}
    assert reported["S1a"] == r.score.worst_off
    assert reported["S2"] == r.score.value


def test_hinted_path_keeps_the_local_plan_when_slotting_loses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Fault injected into stage 2 (it places nothing; repair then puts every
    # meeting in the first free slot of the week): the last guard keeps the local
    # searches' plan, itself a valid agenda, which is better in the whole order. The
    # week re-slotting, which would place the week again before that guard, is off.
    from asmex_sched.model import run as run_module
    from asmex_sched.model import solve as solve_module
    from asmex_sched.model.slotting import SessionPlacement

    def place_nothing(instance, h, chosen, **kwargs):  # type: ignore[no-untyped-def]
        return SessionPlacement({}, tuple(chosen), 0, 0, False)

    monkeypatch.setattr(run_module, "WEEK_RESLOT_MAX_LITERALS", 0)
    monkeypatch.setattr(run_module, "WEEK_NEIGHBOURHOOD_LITERALS", 0)
    monkeypatch.setattr(solve_module, "HINTED_STAGE1", 0)
    monkeypatch.setattr(run_module, "place_session", place_nothing)
    inst = random_instance(3, 16, 30, p=0.4, slots_per_day=10, tables=5, interpreters=1,
                           days=2, languages={"E1": ["fr"], "B1": ["sw"]})  # fmt: skip
    r = solve(inst, opts(3.0))
    assert_valid(inst, r)
    assert r.params.get("kept_stage1_plan") is True
    local = _local_searches_plan(inst)
    start = score(inst, schedule_from_slots(inst, local, (), {}))
    # That plan, with buyers' idle slots closed within each half-day afterwards
    # (moves and exchanges, then the refinement).
    assert r.score.key()[:5] == start.key()[:5]
    closed = r.params.get("idle_slots_closed", 0) + r.params.get("idle_slots_refined", 0)
    assert r.score.buyer_gaps == start.buyer_gaps - closed
    half_day = {s.index: s.session for s in inst.slots}
    assert {m.key: half_day[m.slot] for m in r.schedule.meetings} == {
        k: half_day[s] for k, s in local.items()
    }


def test_hinted_path_compaction_after_slotting_keeps_pinned_meetings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # B1 meets E1..E4; E1-B1 is locked at 13:30 (slot 9, the afternoon), and the
    # other three do not fit in the afternoon's two slots: B1 is on site both
    # half-days. Emptying the afternoon would mean moving the locked meeting; the
    # compaction that runs after slotting on this path must not (a reviewer's
    # mutation that gave it no fixed slots went undetected before this test).
    from asmex_sched.model import solve as solve_module

    monkeypatch.setattr(solve_module, "HINTED_STAGE1", 0)
    inst = make_instance(
        exporters=4, buyers=2, slots_per_day=10, tables=2,
        requests=[(1, 1), (2, 1), (3, 1), (4, 1), (1, 2), (2, 2)],
    )  # fmt: skip
    pinned = (fixed_at(inst, 1, 1, 9, source="locked"),)
    r = solve(inst, opts(), pinned=pinned)
    assert_valid(inst, r, pinned)
    assert "local searches' plan" in str(r.params["stage1"])
    assert r.schedule.by_key[("E1", "B1")].slot == 9
    b1 = {inst.slots[m.slot].session for m in r.schedule.meetings if m.buyer_id == "B1"}
    assert len(b1) == 2  # the least possible with the lock


def test_objective_order_is_the_scores_key_and_puts_stability_second_when_replanning() -> None:
    from asmex_sched.domain import Score
    from asmex_sched.model.solve import objective_order

    sc = Score(worst_off=3, next_worst=2, value=50, changes=6, buyer_half_days=4,
               buyer_gaps=1, meetings=20)  # fmt: skip
    figures = (sc.worst_off, sc.value, sc.next_worst, sc.changes, sc.buyer_half_days)
    assert objective_order(*figures, sc.buyer_gaps, replanning=False) == sc.key()
    richer = objective_order(3, 51, 2, 6, 4, replanning=True)
    steadier = objective_order(3, 50, 2, 0, 4, replanning=True)
    assert steadier > richer  # a moved meeting costs more than value when re-planning
    assert objective_order(3, 51, 2, 6, 4, replanning=False) > objective_order(
        3, 50, 2, 0, 4, replanning=False
    )


def test_the_value_floor_follows_the_lp_bound_as_far_as_the_greedy_plan_reaches() -> None:
    # Fairness may cost 1 % of the best value possible, not of the greedy plan's: with
    # the greedy plan 0.2 % below the LP bound, a plan could sit 1.2 % below the bound,
    # outside the Nairobi target's "within 1 % overall".
    from asmex_sched.model.solve import _floors

    inst = make_instance()

    def floor(greedy: int, bound: int | None, bounded: bool = True) -> int:
        return _floors(inst, 5, greedy, 0.01, anchored=False, lp_bound=bound, bounded=bounded)[1]

    assert floor(1000, 1000) == 990  # the greedy plan on the bound: as before
    assert floor(998, 1000) == 990  # ceil(0.99 x 1000), not ceil(0.99 x 998) = 989
    assert floor(980, 1000) == 980  # the greedy plan keeps every floor: never above it
    assert floor(998, None) == floor(998, 1000, bounded=False) == 989  # no bound, or trade fair


def test_a_mid_mission_floor_follows_the_bound_of_what_can_still_be_held() -> None:
    # A re-plan on day 2 at 13:00 with two late registrations: the floor took the LP
    # bound without the horizon (804, past times counted) and rose to the whole greedy
    # value (792): fairness could cost nothing, and the late exporter got no meeting
    # (a second reader). The bound of the planning instance is 792: floor 785.
    from datetime import timedelta

    from conftest import DAY, published, random_requests

    from asmex_sched.model.bound import value_lp_bound
    from asmex_sched.model.solve import _floors
    from asmex_sched.replan import pins, planning_instance

    kw = dict(slots_per_day=10, tables=5, interpreters=1, days=2,
              languages={"E1": ["fr"], "B1": ["sw"]})  # fmt: skip
    reqs = random_requests(Random(3), 16, 30, 0.4)
    inst = make_instance(16, 30, requests=reqs, **kw)
    inst = inst.replace(mission=replace(inst.mission, notice_hours=0))
    first = solve(inst, opts(2.0))
    late = [(17, b, 3, "exporter") for b in range(1, 9)]
    late += [(e, 31, 1, "buyer") for e in range(1, 7)]
    roster = make_instance(17, 31, requests=reqs + late, **kw)
    roster = roster.replace(mission=replace(roster.mission, notice_hours=0))
    now = datetime.combine(DAY, time(9, 0)) + timedelta(hours=28)
    planned = planning_instance(roster, pins(roster, published(inst, first.schedule), now))
    bound = value_lp_bound(planned)
    assert bound is not None
    _, floor = _floors(planned, 100, 10**6, 0.01, anchored=True, lp_bound=bound, bounded=True)
    assert floor <= math.ceil(0.99 * bound) < bound


@pytest.mark.usefixtures("without_clock_nets")  # asserts the clock did not stop it
def test_buyers_are_compacted_on_slots_when_the_s4_solve_gets_nowhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The S4 solve takes the half-day compaction as its hint; should it end without
    # that plan (no solution, or a hint breaking a window cut), the compaction runs on
    # slots after slotting, on the small-mission path too (it ran on mid-size only).
    # Here the half-day compaction is switched off and S4 gets the least budget:
    # seed 5 is one of the 5 tried where the slot compaction then has work to do.
    from asmex_sched.model import budgets as budgets_module
    from asmex_sched.model import run as run_module
    from asmex_sched.model import selection as sel
    from asmex_sched.model import tiers as tiers_module

    real = sel.compact_buyers
    on_slots = {"on": True}

    def compaction(inst, plan, fixed, load_type=sel.SessionLoad):
        if load_type is sel.SlotLoad and on_slots["on"]:
            return real(inst, plan, fixed, load_type)
        return dict(plan)

    monkeypatch.setattr(sel, "compact_buyers", compaction)
    monkeypatch.setitem(budgets_module.BUDGET_SHARES, "S4", 0.0)
    # Budgets far inside the wall-clock nets, so that both runs below are the same
    # up to the compaction (as in test_same_instance_same_schedule).
    monkeypatch.setattr(run_module, "DTIME_PER_SECOND", 0.1)
    # stage 1 with presolve, as the seed was chosen with (LEAN_STAGE1_DTIME)
    monkeypatch.setattr(tiers_module, "LEAN_STAGE1_DTIME", 0.0)
    inst = random_instance(5, 16, 30, p=0.4, slots_per_day=10, tables=5, days=2)
    # the tolerance spent as when the seed was chosen (the default keeps the greedy's value)
    options = replace(opts(6.0), spend_tolerance="always")
    r = solve(inst, options)
    assert r.params["wall_clock_hit"] is False
    assert_valid(inst, r)
    assert r.params["stage1"] == "tier solves (CP-SAT)"  # the small-mission path
    assert r.params["compacted_after_slotting"] > 0
    on_slots["on"] = False
    without = solve(inst, options)
    assert "compacted_after_slotting" not in without.params
    assert r.score.key()[:4] == without.score.key()[:4]  # S1a, S2, S1b, S3 untouched
    assert r.score.buyer_half_days < without.score.buyer_half_days


def _stage2_mission(monkeypatch: pytest.MonkeyPatch) -> Instance:
    """The 16 x 30 mission of the stage-2 tests below (two full half-days of 40
    meetings and two of 10), its budgets converted at 0.2 so that runs stay far
    inside the wall-clock nets on a busy machine."""
    from asmex_sched.model import run as run_module
    from asmex_sched.model import tiers as tiers_module

    monkeypatch.setattr(run_module, "DTIME_PER_SECOND", 0.2)
    # Stage 1 with presolve, as these cases were built on (at such budgets it now runs
    # without, and settles the tiers on another plan: LEAN_STAGE1_DTIME)
    monkeypatch.setattr(tiers_module, "LEAN_STAGE1_DTIME", 0.0)
    return random_instance(0, 16, 30, p=0.5, slots_per_day=10, tables=5, days=2)


def _record_refinements(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, float, Any]]:
    """Each call of the idle-slot refinement in solve: (half-day, budget, result)."""
    from asmex_sched.model import run as run_module

    refine = run_module.refine_buyer_gaps
    calls: list[tuple[int, float, Any]] = []

    def recorded(inst_: Instance, h: int, *args: Any, **kw: Any) -> Any:
        res = refine(inst_, h, *args, **kw)
        calls.append((h, kw["dtime"], res))
        return res

    monkeypatch.setattr(run_module, "refine_buyer_gaps", recorded)
    return calls


@pytest.mark.usefixtures("without_clock_nets")  # asserts the clock did not stop it
def test_the_time_proven_half_days_left_goes_to_the_idle_slot_refinement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Half-days proven at once leave most of stage 2's budget unused while others
    # stop unproven with buyers' idle slots. That time goes to re-slotting the
    # meetings around those buyers (slotting.refine_buyer_gaps), not to a second
    # slotting pass (it goes only to half-days with meetings left out): on Nairobi
    # seed 1 the same time closed 15 idle slots more. Seed 0 leaves one half-day
    # unproven; it runs alone, on one of the two cores the time was budgeted for,
    # so it gets half of it (as in the second pass). Budgets are far inside the
    # wall-clock nets.
    from asmex_sched.model import run as run_module
    from asmex_sched.model.slotting import REFINE_STEP_DTIME

    placed: list[tuple[float, SessionPlacement]] = []
    place = run_module.place_session

    def recorded_place(*args: Any, **kw: Any) -> SessionPlacement:
        res = place(*args, **kw)
        placed.append((kw["dtime"], res))
        return res

    monkeypatch.setattr(run_module, "place_session", recorded_place)
    refined = _record_refinements(monkeypatch)
    inst = _stage2_mission(monkeypatch)
    # the tolerance spent as when the case was built (by default the plan keeps the
    # greedy's value here, and two half-days are left unproven)
    options = replace(opts(30.0), spend_tolerance="always")
    r = solve(inst, options)
    assert_valid(inst, r)
    assert r.params["wall_clock_hit"] is False
    assert len(placed) == len(inst.sessions)  # no second pass: nothing was left out
    assert "stage2_second_pass" not in r.params
    assert sum(1 for _, res in placed if not res.optimal) == 1
    spare = sum(given - res.dtime for given, res in placed)
    assert len(refined) == 1  # the one half-day with idle slots left
    assert spare > 0 and refined[0][1] == pytest.approx(spare / 2)
    assert refined[0][2].dtime <= spare / 2 + REFINE_STEP_DTIME  # one step over at most
    assert r.params["idle_slots_refine_solves"] == refined[0][2].solves
    monkeypatch.setattr(run_module, "REFINE_MIN_DTIME", float("inf"))
    without = solve(inst, options)
    assert "idle_slots_refine_solves" not in without.params
    assert r.score.key()[:5] == without.score.key()[:5]  # S1a-S4: the same plan's
    assert r.params["idle_slots_refined"] > 0
    assert r.score.buyer_gaps == without.score.buyer_gaps - r.params["idle_slots_refined"]


@pytest.mark.usefixtures("without_clock_nets")  # asserts the clock did not stop it
def test_the_trade_fair_path_gives_what_stage_2_left_to_the_idle_slot_refinement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The trade-fair path (stage 1 by local search, forced on a 30 x 60 mission) left
    # idle slots after its moves and exchanges and part of stage 2's budget unused:
    # that time goes to the refinement as on the other paths (trade fair seed 1 at
    # 60 s: 911 -> 858 idle slots; docs/performance.md). S1a-S4 stay the same plan's.
    # Stage 2's rate is lowered so that its budget is as tight as a 6 s run's while
    # the wall-clock nets stay at 30 s (a second reader saw 6 s runs take 5.7 s).
    from asmex_sched.model import run as run_module
    from asmex_sched.model import solve as solve_module

    monkeypatch.setattr(solve_module, "LARGE_STAGE1", 0)
    monkeypatch.setattr(run_module, "LARGE_DTIME_PER_SECOND", 0.05)
    _buyer_only_lift(monkeypatch)
    placed: list[float] = []
    place = run_module.place_session

    def recorded_place(*args: Any, **kw: Any) -> SessionPlacement:
        res = place(*args, **kw)
        placed.append(res.dtime)
        return res

    monkeypatch.setattr(run_module, "place_session", recorded_place)
    refined = _record_refinements(monkeypatch)
    inst = random_instance(2, 30, 60, p=0.4, slots_per_day=12, tables=8, days=2)
    r = solve(inst, opts(30.0))
    assert_valid(inst, r)
    assert "local search" in str(r.params["stage1"])
    assert r.params["wall_clock_hit"] is False
    total = 30.0 * run_module.LARGE_STAGE2_SHARE * 0.05
    spare = total - sum(placed)
    assert refined and r.params["idle_slots_refine_solves"] == sum(x.solves for *_, x in refined)
    assert sum(given for _, given, _ in refined) <= spare + 1e-9
    assert all(given <= spare / 2 + 1e-9 for _, given, _ in refined)  # one core each
    assert r.params["idle_slots_refined"] > 0
    again = solve(inst, opts(30.0))
    assert again.schedule == r.schedule  # the same plan: deterministic
    monkeypatch.setattr(run_module, "REFINE_MIN_DTIME", float("inf"))
    without = solve(inst, opts(30.0))
    assert "idle_slots_refine_solves" not in without.params
    assert r.score.key()[:5] == without.score.key()[:5]
    assert r.score.buyer_gaps == without.score.buyer_gaps - r.params["idle_slots_refined"]


@pytest.mark.usefixtures("without_clock_nets")  # so that the refinement runs when due
def test_the_trade_fair_path_keeps_time_for_the_steps_it_does_not_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # On the trade fair the steps that are not budgeted (local searches, repair and
    # fill, closing idle slots) took 31-38 s of a 60 s run on the AMD EPYC, so that
    # stage 2 and the refinement, given 80 % of the limit, met the run's wall-clock
    # net (plans that varied). A reserve per (request, half-day) pair, from the size
    # alone (the same on every machine), comes off their time (session 57).
    from asmex_sched.model import run as run_module
    from asmex_sched.model import solve as solve_module
    from asmex_sched.model.budgets import stage1_pairs

    monkeypatch.setattr(solve_module, "LARGE_STAGE1", 0)
    placed: list[tuple[float, float]] = []  # each half-day's budget, and what it used
    place = run_module.place_session

    def recorded_place(*args: Any, **kw: Any) -> SessionPlacement:
        res = place(*args, **kw)
        placed.append((kw["dtime"], res.dtime))
        return res

    monkeypatch.setattr(run_module, "place_session", recorded_place)
    refined = _record_refinements(monkeypatch)
    inst = random_instance(2, 30, 60, p=0.4, slots_per_day=12, tables=8, days=2)
    pairs = stage1_pairs(inst)
    rate = run_module.LARGE_DTIME_PER_SECOND
    for reserve, seconds in ((0.0, 24.0), (25.0, 5.0), (40.0, 0.0)):
        placed.clear()
        refined.clear()
        monkeypatch.setattr(run_module, "LARGE_RESERVE_S_PER_PAIR", reserve / pairs)
        r = solve(inst, opts(30.0))
        assert_valid(inst, r)
        assert "local search" in str(r.params["stage1"])
        # the share of the limit (80 %), or what the reserve leaves if less
        assert r.params["stage2_seconds"] == pytest.approx(seconds)
        # each half-day's solve runs on at least 0.05 deterministic s, even on none
        assert sum(given for given, _ in placed) <= seconds * rate + 0.05 * len(placed) + 1e-9
        left = seconds * rate - sum(used for _, used in placed)
        assert sum(budget for _, budget, _ in refined) <= max(0.0, left) + 1e-9
        if seconds == 0.0:  # nothing left for the idle slots: no refinement
            assert not refined
        if reserve == 0.0:  # the share: what slotting left goes to the refinement
            assert refined


def test_second_slotting_pass_shares_per_core_and_takes_half_days_with_meetings_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two half-days of 40 and 10 meetings leave a meeting out: in proportion, the
    # larger would get 80 % of the spare time alone on one core; it gets the half
    # that core had (a second reader's case). Both get a second pass, which places
    # what they left out; an unproven half-day with nothing left out gets none.
    from asmex_sched.model import run as run_module

    inst = _stage2_mission(monkeypatch)
    place = run_module.place_session
    calls: list[tuple[int, float, SessionPlacement]] = []
    left_out: dict[int, tuple[str, str]] = {}

    def forced(inst_: Instance, h: int, chosen: Any, **kw: Any) -> SessionPlacement:
        res = place(inst_, h, chosen, **kw)
        if len(calls) < len(inst.sessions):  # the first pass: exactly 0, 1 and 2 open
            res = replace(res, optimal=h not in (0, 1, 2))
            if h in (0, 1):
                key = sorted(res.slots)[0]
                left_out[h] = key
                res = replace(res, slots={k: s for k, s in res.slots.items() if k != key},
                              unplaced=(key,))  # fmt: skip
        calls.append((h, kw["dtime"], res))
        return res

    monkeypatch.setattr(run_module, "place_session", forced)
    r = solve(inst, opts(30.0))
    assert_valid(inst, r)
    first, second = calls[: len(inst.sessions)], calls[len(inst.sessions) :]
    sizes = {h: len(res.slots) + len(res.unplaced) for h, _, res in first}
    assert (sizes[0], sizes[1]) == (40, 10)
    spare = sum(given - res.dtime for _, given, res in first)
    extra = {h: given for h, given, _ in second}
    assert sorted(extra) == [0, 1]  # not 2: nothing left out there
    assert extra[0] == pytest.approx(spare / 2)  # not 40/50 of it
    assert extra[1] == pytest.approx(spare * 10 / 50)
    half_day = {s.index: s.session for s in inst.slots}
    held = {m.key: m.slot for m in r.schedule.meetings}
    assert {h: half_day[held[k]] for h, k in left_out.items()} == {0: 0, 1: 1}  # placed again
    assert r.unplaced == 0

def test_the_greedy_plan_the_guard_returns_has_its_idle_slots_closed_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Fault injected into stage 2 (it places nothing; repair fills first-fit) on a
    # re-plan: the last guard returns the greedy plan (announced meetings first).
    # Its buyers' idle slots are closed too, and the count reported is the returned
    # plan's (a second reader found the search run on the plan thrown away, and its
    # count reported). Seed 38 of the reader's fuzz of 40 re-plans. The refinement
    # after it is off here: it would close the same idle slots without it; so is the
    # week re-slotting, which would otherwise place the week again before the guard.
    from asmex_sched.model import run as run_module
    from asmex_sched.model import selection as sel_module
    from asmex_sched.model.slotting import SessionPlacement

    monkeypatch.setattr(run_module, "REFINE_MIN_DTIME", float("inf"))
    monkeypatch.setattr(run_module, "WEEK_RESLOT_MAX_LITERALS", 0)
    monkeypatch.setattr(run_module, "WEEK_NEIGHBOURHOOD_LITERALS", 0)

    def place_nothing(instance, h, chosen, **kwargs):  # type: ignore[no-untyped-def]
        return SessionPlacement({}, tuple(chosen), 0, 0, False)

    monkeypatch.setattr(run_module, "place_session", place_nothing)  # first plan too
    rng = Random(38)
    ne, nb = rng.randint(4, 8), rng.randint(6, 14)
    reqs = random_requests(rng, ne, nb, rng.uniform(0.4, 0.7))
    ids = [f"E{e}" for e in range(1, ne + 1)] + [f"B{b}" for b in range(1, nb + 1)]
    per_day, days = rng.choice([6, 8]), rng.randint(1, 2)
    kw: dict[str, Any] = dict(
        days=days, slots_per_day=per_day, tables=rng.randint(2, 4),
        interpreters=rng.randint(0, 2),
        languages={c: ["fr" if c[0] == "E" else "sw"] for c in ids if rng.random() < 0.3},
        delegates={c: 2 for c in ids if c[0] == "B" and rng.random() < 0.4},
    )  # fmt: skip
    inst0 = make_instance(ne, nb, requests=reqs, **kw)
    base = published(inst0, solve(inst0, SolveOptions(time_limit=1.0, stage1="local")).schedule)
    keep = [r for r in reqs if rng.random() > 0.15]
    have = {(r[0], r[1]) for r in keep}
    new = [(e, b) for e in range(1, ne + 1) for b in range(1, nb + 1) if rng.random() < 0.05]
    keep += [x for x in new if x not in have]
    away = [(f"B{rng.randint(1, nb)}", 0, 0, rng.randint(1, per_day))]
    inst = make_instance(ne, nb, requests=keep, unavailability=away, **kw)
    options = SolveOptions(time_limit=1.5, stage1="cpsat")
    r = solve(inst, options, baseline=base)
    assert_valid(inst, r)
    assert r.params["fallback"] == "greedy plan (ahead of the solver's in the objective's order)"
    assert r.params["idle_slots_closed"] > 0
    monkeypatch.setattr(sel_module, "close_buyer_gaps", lambda inst, slots, fixed: dict(slots))
    unclosed = solve(inst, options, baseline=base)
    assert unclosed.params["fallback"] == r.params["fallback"]
    assert r.score.key()[:5] == unclosed.score.key()[:5]
    assert r.score.buyer_gaps == unclosed.score.buyer_gaps - r.params["idle_slots_closed"]


def test_no_idle_slot_refinement_on_time_the_clock_does_not_have(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A first-pass slotting solve stopped by its wall-clock net: the time stage 2
    # left is deterministic time the clock does not have, for the refinement as
    # for the second pass (a second reader's finding: it got 1.8 deterministic s,
    # about 7 s, on a run already late).
    from asmex_sched.model import run as run_module

    place = run_module.place_session

    def late(inst_: Instance, h: int, chosen: Any, **kw: Any) -> SessionPlacement:
        res = place(inst_, h, chosen, **kw)
        return replace(res, wall_hit=True) if h == 0 else res

    monkeypatch.setattr(run_module, "place_session", late)
    refined = _record_refinements(monkeypatch)
    inst = _stage2_mission(monkeypatch)
    r = solve(inst, opts(30.0))
    assert_valid(inst, r)
    assert (r.params["wall_clock_hit"], "stage2_second_pass" in r.params) == (True, False)
    assert refined == [] and "idle_slots_refine_solves" not in r.params
    monkeypatch.setattr(run_module, "place_session", place)  # the same run, in time
    assert solve(inst, opts(30.0)).params["idle_slots_refine_solves"] > 0


def test_no_second_slotting_pass_for_a_half_day_already_proven(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A proven half-day's second placement can never be kept (_better), even with a
    # meeting left out (a half-day plan that cannot be packed) or an announced
    # meeting moved (a new pin at its time): no second pass for it, its time goes
    # to the refinement (a second reader's finding).
    from asmex_sched.model import run as run_module

    place = run_module.place_session
    calls: list[int] = []

    def proven_but_short(inst_: Instance, h: int, chosen: Any, **kw: Any) -> SessionPlacement:
        res = place(inst_, h, chosen, **kw)
        if len(calls) < len(inst.sessions):
            res = replace(res, optimal=True)
            if h == 1:
                key = sorted(res.slots)[0]
                res = replace(res, slots={k: s for k, s in res.slots.items() if k != key},
                              unplaced=(key,))  # fmt: skip
        calls.append(h)
        return res

    monkeypatch.setattr(run_module, "place_session", proven_but_short)
    inst = _stage2_mission(monkeypatch)
    r = solve(inst, opts(30.0))
    assert_valid(inst, r)
    assert len(calls) == len(inst.sessions)  # one pass only
    assert "stage2_second_pass" not in r.params


def test_no_second_slotting_pass_after_the_clock_stopped_the_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A half-day stopped by its wall-clock net leaves deterministic time unused
    # that the clock does not have: a second pass would start just when time is
    # short (a second reader's finding). The net is simulated on the first pass.
    from asmex_sched.model import run as run_module

    inst = _stage2_mission(monkeypatch)
    place = run_module.place_session
    calls: list[int] = []

    def stopped(*args: Any, **kw: Any) -> SessionPlacement:
        res = place(*args, **kw)
        calls.append(1)
        return replace(res, wall_hit=not res.optimal)

    monkeypatch.setattr(run_module, "place_session", stopped)
    r = solve(inst, opts(30.0))
    assert_valid(inst, r)
    assert r.params["wall_clock_hit"] is True
    assert "stage2_second_pass" not in r.params
    assert len(calls) == len(inst.sessions)  # one pass only


class _TierSolveClock:
    """Records the stage-1 tier solves asked for and those that reached CP-SAT; once
    armed, after each tier solve stage 1's wall share counts as spent (``spent``) and
    that solve as stopped by its net (``net``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from asmex_sched.model import tiers as tiers_module

        within: list[str] = []
        self.asked: list[str] = []  # the tier solves asked for, in order
        # those that reached CP-SAT (not stage 2's slotting solves)
        self.ran: list[str] = record_solves(monkeypatch, lambda _: within[-1] if within else None)
        self.spent = self.net = False
        self.monkeypatch, self.tiers = monkeypatch, tiers_module
        real_run = tiers_module._TierSolves.run_solve
        clock = self

        def run_solve(self, stage, *args, **kw):  # noqa: ANN001, ANN202
            clock.asked.append(stage)
            within.append(stage)
            try:
                return real_run(self, stage, *args, **kw)
            finally:
                within.pop()
                if clock.spent:
                    monkeypatch.setattr(tiers_module, "STAGE1_SOLVE_MIN_WALL", math.inf)
                if clock.net:
                    self.run.wall_hit = True

        monkeypatch.setattr(tiers_module._TierSolves, "run_solve", run_solve)

    def arm(self, spent: bool, net: bool) -> None:
        self.asked.clear()
        self.ran.clear()
        self.monkeypatch.setattr(self.tiers, "STAGE1_SOLVE_MIN_WALL", 0.0)
        self.spent, self.net = spent, net


@pytest.mark.usefixtures("without_clock_nets")  # the control runs assert no net
def test_no_stage1_tier_solve_starts_once_stage_1s_wall_share_is_spent_after_a_net(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Started anyway, each tier solve ran on its 1 s minimum net plus its model's load:
    # on a 150 x 450 mission at --time-limit 30 the solves after S1a ran about 7 s past
    # stage 1's share. Here the share counts as spent once the first tier solve has run,
    # and that solve as stopped by its net or not.
    inst = medium()
    clock = _TierSolveClock(monkeypatch)
    asked, ran = clock.asked, clock.ran

    def planned(spent_after_first: bool, net_on_first: bool) -> SolveResult:
        clock.arm(spent_after_first, net_on_first)
        r = solve(inst, opts(10.0))
        assert_valid(inst, r)
        return r

    control = planned(False, False)
    assert control.params["wall_clock_hit"] is False
    assert len(ran) == len(asked) > 2  # every tier solve asked for ran
    assert "tiers_without_solution" not in control.params
    n_solves = len(ran)

    # The share spent, no net so far: the solves run (each may end on its
    # deterministic budget within its 1 s net), and the plan is the control's.
    r = planned(True, False)
    assert ran == asked and len(ran) == n_solves
    assert r.params["wall_clock_hit"] is False
    assert r.schedule == control.schedule

    # The share spent after a net: no later tier solve starts.
    r = planned(True, True)
    assert ran == ["S1a"]
    assert asked[0] == "S1a" and {"S2", "S4"} <= set(asked[1:])  # asked, not started
    skipped = set(asked[1:]) - {"S1a"}
    assert skipped <= set(r.params["tiers_without_solution"])
    assert r.params["wall_clock_hit"] is True
    assert r.status == SolveStatus.FEASIBLE
    # no tier not started claims a proof or a bound from a solve
    assert all(t.bound is None and not t.optimal for t in r.tiers if t.rule in skipped)
    # the plan found so far keeps the floors (stage 1's own, not the greedy fallback)
    assert "fallback" not in r.params
    assert r.score.meetings >= r.params["meetings_floor"]
    assert r.score.value >= r.params["value_floor"]

    # A net, the share not spent: the solves run.
    planned(False, True)
    assert ran == asked and len(ran) == n_solves


@pytest.mark.usefixtures("without_clock_nets")
def test_no_evicting_retry_once_the_share_is_spent_after_a_net(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A re-plan whose first S1a solve is not proven tries a second one from the start
    # evicting announced meetings; that solve would not start past the share after a
    # net, and trying it dropped the first solve's S1a report and its bound (a second
    # reader). The first S1a report is read as unproven here, so that the retry is due.
    from asmex_sched.model import tiers as tiers_module

    inst = medium()
    base = published(inst, solve(inst, opts(10.0)).schedule)
    clock = _TierSolveClock(monkeypatch)
    tried: list[int] = []
    real_evicting = tiers_module._TierSolves.evicting_start
    real_last_report = tiers_module._last_report

    def evicting_start(self, up_to):  # noqa: ANN001, ANN202
        tried.append(1)
        return real_evicting(self, up_to)

    def unproven_s1a(tiers, rule):  # noqa: ANN001, ANN202
        report = real_last_report(tiers, rule)
        return replace(report, optimal=False) if rule == "S1a" else report

    monkeypatch.setattr(tiers_module._TierSolves, "evicting_start", evicting_start)
    monkeypatch.setattr(tiers_module, "_last_report", unproven_s1a)
    clock.arm(False, False)
    due = solve(inst, opts(10.0), baseline=base)
    assert_valid(inst, due, baseline=base)
    assert tried == [1]  # the retry is due on this re-plan
    clock.arm(True, True)
    tried.clear()
    r = solve(inst, opts(10.0), baseline=base)
    assert_valid(inst, r, baseline=base)
    assert tried == [] and clock.ran == ["S1a"]
    assert "stage1_start_evicting" not in r.params
    s1a = [t for t in r.tiers if t.rule == "S1a"]
    assert len(s1a) == 1 and s1a[0].bound is not None  # the first solve's report kept
    assert "S1a" not in r.params.get("tiers_without_solution", [])


@pytest.mark.usefixtures("without_clock_nets")
def test_no_solve_at_the_greedys_value_once_the_share_is_spent_after_a_net(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # On this mission the level under the tolerance doubles the greedy's and the plan
    # holds less than its whole value: a solve at that value follows (the test above
    # on tolerance spending). With the share spent after the first solve, it is not
    # tried: the tolerance is spent, and no level at the greedy's value is claimed.
    inst = _floors_mission(2)
    clock = _TierSolveClock(monkeypatch)
    clock.arm(False, False)
    full = solve(inst, opts(3.0))
    assert "strict_level" in full.params  # the solve at the greedy's value ran
    clock.arm(True, True)
    r = solve(inst, opts(3.0))
    assert_valid(inst, r)
    assert clock.ran == ["S1a"]
    assert "strict_level" not in r.params and "strict_level_proven" not in r.params
    assert r.params["value_tolerance_spent"] is True
    assert [t.rule for t in r.tiers].count("S1a") == 1  # the first solve's report
    s1a = next(t for t in r.tiers if t.rule == "S1a")
    assert s1a.value >= full.params["doubling_level"]


@pytest.mark.usefixtures("without_clock_nets")  # asserts the clock did not stop it
def test_buyers_idle_slots_left_by_slotting_are_closed_after_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A short budget leaves full half-days unproven, with buyers waiting between
    # meetings; the local search after slotting (selection.close_buyer_gaps) moves
    # or exchanges meetings within their half-day. The same plan otherwise: every
    # figure above S5 is the run's without it.
    from asmex_sched.model import selection as sel_module

    inst = _stage2_mission(monkeypatch)
    r = solve(inst, opts(4.0))
    assert_valid(inst, r)
    assert r.params["wall_clock_hit"] is False
    assert r.params["idle_slots_closed"] > 0
    monkeypatch.setattr(sel_module, "close_buyer_gaps", lambda inst, slots, fixed: dict(slots))
    without = solve(inst, opts(4.0))
    assert without.params["wall_clock_hit"] is False
    assert "idle_slots_closed" not in without.params
    assert r.score.key()[:5] == without.score.key()[:5]
    assert r.score.buyer_gaps == without.score.buyer_gaps - r.params["idle_slots_closed"]

def test_a_second_placement_as_good_and_proven_replaces_the_first() -> None:
    # Stage 2's second pass keeps the better placement of a half-day; on a tie
    # the proven one, so that the Summary does not call a proven S5 unproven (a
    # second reader's finding: the first, unproven, was kept).
    from asmex_sched.model.solve import _better

    w = {("E1", "B1"): 6, ("E2", "B1"): 2}
    first = SessionPlacement({("E1", "B1"): 0, ("E2", "B1"): 2}, (), 0, 1, False)
    same_proven = replace(first, slots={("E1", "B1"): 1, ("E2", "B1"): 2}, optimal=True)
    assert _better(same_proven, first, w)
    assert not _better(first, same_proven, w)
    assert not _better(replace(first, optimal=False), first, w)  # a tie, neither proven
    assert _better(replace(first, gaps=0), first, w)  # fewer idle slots
    assert not _better(replace(first, gaps=0, moved=1), first, w)  # a published slot lost
    lost = replace(first, slots={("E1", "B1"): 0}, unplaced=(("E2", "B1"),), gaps=0, optimal=True)
    assert not _better(lost, first, w)  # placed weight first


def test_a_light_mission_meets_in_its_first_half_days() -> None:
    # S6: a small mission's meetings all went to its last afternoons, the first day
    # (after an opening ceremony) left empty, so that a later absence had nothing to
    # move to (a walkthrough as a coordinator). Whole half-days are exchanged with
    # earlier ones, every tier above kept.
    requests = [(1, 1), (1, 2), (2, 2), (2, 4), (3, 3), (3, 5), (3, 1), (4, 5), (4, 4),
                (4, 1), (5, 3)]  # fmt: skip
    inst = make_instance(5, 5, days=3, slots_per_day=14, tables=4, requests=requests,
                         unavailability=[("ALL", 0, 0, 3)])  # fmt: skip
    result = solve(inst, SolveOptions(time_limit=5))
    assert_valid(inst, result)
    first_day = {h for h, slots in inst.sessions.items() if slots[0].day == inst.slots[0].day}
    assert len(first_day) == 2 and len(result.schedule) == len(requests)
    assert {inst.slots[m.slot].session for m in result.schedule.meetings} <= first_day
    assert result.score.half_day_positions == score(inst, result.schedule).half_day_positions


def test_the_least_served_exporter_is_one_whose_requests_allow_a_meeting() -> None:
    # "least served E2: 0 of 0 possible" named an exporter whose requests allow no
    # meeting (every buyer it asked for away), which never lowers the worst-off level
    # (a walkthrough as a coordinator).
    from datetime import datetime as dt

    from asmex_sched.services import build_summary

    inst = make_instance(2, 2, requests=[(1, 1), (1, 2), (2, 2)],
                         unavailability=[("B2", 0, 0, 4)])  # fmt: skip
    assert inst.fairness_cap["E2"] == 0 < inst.fairness_cap["E1"]
    result = solve(inst, SolveOptions(time_limit=5))
    assert_valid(inst, result)
    summary = build_summary(inst, result, result.score, "x", dt(2025, 3, 1), 0, ())
    assert summary["least_served_exporter"] == "E1: 1 of 1 possible"


def test_earlier_half_days_keep_every_tier_and_every_fixed_meeting() -> None:
    # Rule S6 renumbers whole half-days: each tier S1a-S5 must stay as it was (a
    # second reader: a solve for earlier half-days before slotting cost buyers idle
    # slots on 10 of 19 missions), and a fixed, pinned or published meeting stays.
    from asmex_sched.domain import Meeting, Schedule
    from asmex_sched.model.selection import earlier_half_days

    inst = make_instance(3, 2, days=3, slots_per_day=4, tables=2,
                         requests=[(1, 1), (2, 1), (3, 1), (1, 2), (2, 2)])  # fmt: skip
    last = sorted(inst.sessions)[-1]
    row = inst.sessions[last]
    # gaps on purpose: each buyer waits one slot in the last half-day
    plan = {("E1", "B1"): row[0].index, ("E2", "B1"): row[2].index,
            ("E1", "B2"): row[1].index, ("E2", "B2"): row[3].index}  # fmt: skip

    def scored(p: dict) -> tuple:
        sc = score(inst, Schedule(tuple(Meeting(*k, s, 1 + (k[1] == "B2")) for k, s in p.items())))
        return sc, sc.key()

    moved, exchanges = earlier_half_days(inst, plan, {})
    first = inst.sessions[sorted(inst.sessions)[0]]
    assert exchanges >= 1 and moved == {k: first[row.index(inst.slots[s])].index
                                         for k, s in plan.items()}  # fmt: skip
    (before, key_before), (after, key_after) = scored(plan), scored(moved)
    assert key_after == key_before and after.buyer_gaps == before.buyer_gaps == 2
    assert after.half_day_positions < before.half_day_positions
    # a fixed (pinned, published) meeting in it: the half-day stays
    kept, none = earlier_half_days(inst, plan, {("E2", "B2"): row[3].index})
    assert (kept, none) == (plan, 0)
    # a party away at the earlier time: not there
    away = make_instance(3, 2, days=3, slots_per_day=4, tables=2,
                         requests=[(1, 1), (2, 1), (3, 1), (1, 2), (2, 2)],
                         unavailability=[("E2", 0, 2, 3)])  # fmt: skip
    stayed, _ = earlier_half_days(away, plan, {})
    assert stayed[("E2", "B1")] != first[2].index
    assert all(s in away.candidates[k] for k, s in stayed.items())


def _scored_plan(inst: Instance, plan: dict, valid: bool = False) -> tuple:
    """The score of a plan (pair -> slot), its tables numbered in pair order, and its
    key; with ``valid``, checked by the validator first."""
    from asmex_sched.domain import Meeting, Schedule

    tables: dict[int, int] = {}
    meetings = []
    for k, s in sorted(plan.items()):
        tables[s] = tables.get(s, 0) + 1
        meetings.append(Meeting(*k, s, tables[s]))
    if valid:
        assert validate(inst, Schedule(tuple(meetings))) == []
    sc = score(inst, Schedule(tuple(meetings)))
    return sc, sc.key()


def test_an_afternoon_of_as_many_slots_gives_its_meetings_to_the_morning() -> None:
    # A day without a lunch break (the template's: 09:00-17:00, two half-days of 8
    # slots at 13:00): every meeting went to 13:00-15:30, the morning empty, and S6
    # exchanged only half-days of the same times (a docs auditor).
    from asmex_sched.model.selection import earlier_half_days

    inst = make_instance(3, 3, days=1, slots_per_day=16, tables=3)
    morning, afternoon = (inst.sessions[h] for h in sorted(inst.sessions))
    assert len(morning) == len(afternoon) == 8 and morning[0].start < afternoon[0].start
    plan = {(f"E{e}", f"B{b}"): afternoon[(e + b) % 3].index
            for e in range(1, 4) for b in range(1, 4)}  # fmt: skip

    def scored(p: dict) -> tuple:
        return _scored_plan(inst, p)

    moved, exchanges = earlier_half_days(inst, plan, {})
    assert exchanges == 1
    assert moved == {k: morning[afternoon.index(inst.slots[s])].index for k, s in plan.items()}
    (before, key_before), (after, key_after) = scored(plan), scored(moved)
    assert key_after == key_before and after.half_day_positions < before.half_day_positions
    # a party away all morning: the afternoon's meetings stay where they are
    away = make_instance(3, 3, days=1, slots_per_day=16, tables=3,
                         unavailability=[("E1", 0, 0, 8)])  # fmt: skip
    assert earlier_half_days(away, plan, {}) == (plan, 0)


def test_a_half_day_with_its_first_slots_empty_has_its_meetings_moved_up_together() -> None:
    # A programme tester: a lone meeting sat at 09:30 with 09:00 free, every tier
    # indifferent. The half-day's meetings move up by as many positions, together, as
    # far as each may be held there; every tier stays; a fixed meeting keeps it.
    from asmex_sched.model.selection import earlier_in_half_days

    inst = make_instance(3, 2, days=1, slots_per_day=8, tables=2,
                         requests=[(1, 1), (2, 1), (1, 2), (2, 2)])  # fmt: skip
    row = inst.sessions[sorted(inst.sessions)[0]]
    # starting at position 2, a gap for B1 on purpose
    plan = {("E1", "B1"): row[2].index, ("E2", "B1"): row[4].index,
            ("E2", "B2"): row[2].index, ("E1", "B2"): row[3].index}  # fmt: skip

    def scored(p: dict) -> tuple:
        return _scored_plan(inst, p, valid=True)

    moved, n = earlier_in_half_days(inst, plan, {})
    assert n == 1 and moved == {k: row[row.index(inst.slots[s]) - 2].index
                                for k, s in plan.items()}  # fmt: skip
    (before, key_before), (after, key_after) = scored(plan), scored(moved)
    assert key_after == key_before and after.buyer_gaps == before.buyer_gaps == 1
    assert earlier_in_half_days(inst, moved, {}) == (moved, 0)  # already first
    assert earlier_in_half_days(inst, plan, {("E1", "B2"): row[3].index}) == (plan, 0)
    # E2 away at the first slot: up by one position only
    away = make_instance(3, 2, days=1, slots_per_day=8, tables=2,
                         requests=[(1, 1), (2, 1), (1, 2), (2, 2)],
                         unavailability=[("E2", 0, 0, 1)])  # fmt: skip
    once, n = earlier_in_half_days(away, plan, {})
    assert n == 1 and once == {k: row[row.index(inst.slots[s]) - 1].index
                               for k, s in plan.items()}  # fmt: skip
    # end to end: a mission of one pair meets at the first slot of the first day
    lone = make_instance(1, 1, days=2, slots_per_day=4, tables=1, requests=[(1, 1)])
    result = solve(lone, SolveOptions(time_limit=5))
    assert_valid(lone, result)
    [m] = result.schedule.meetings
    assert m.slot == lone.slots[0].index


def test_stage_1_runs_without_presolve_on_a_short_budget_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # At --time-limit 10 on a 40 x 100 mission the stage-1 model's presolve took the
    # whole of S1a's budget, and of every tier's after it: the plan was the greedy's
    # (a checker's audit; docs/performance.md, "Short time limits"). Their hints are
    # complete: on a short budget they run without presolve (as S4 always does).
    from asmex_sched.model import run as run_module
    from asmex_sched.model import tiers as tiers_module

    calls = record_solves(monkeypatch, lambda p: p.cp_model_presolve)
    inst = random_instance(3, 8, 12, p=0.5, slots_per_day=6, tables=3, days=1)
    short = solve(inst, opts(2.0))
    assert_valid(inst, short)
    assert short.params["stage1_presolve"] is False and calls[0] is False  # S1a
    calls.clear()
    # from about 25 s on, as before (the figures measured at 30 and 60 s stand)
    budget = tiers_module.LEAN_STAGE1_DTIME / run_module.DTIME_PER_SECOND * 4 + 1
    long = solve(inst, opts(budget))
    assert_valid(inst, long)
    assert long.params["stage1_presolve"] is True
    assert calls[0] is True  # S1a with presolve (S4 never has it)


def test_larger_missions_run_stage_1_without_presolve_up_to_a_larger_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Presolve's cost grows with the model: on a hunter's 100-company rosters (8 100-11
    # 900 pairs) at 30 s, presolve took S1a's 3.5 deterministic s on 17 of 17 before the
    # solve ran again without it, and stage 2 lacked that time (146 meetings left out
    # on one). The threshold scales with pairs / LEAN_STAGE1_PAIRS: here a mission
    # made to count as 8 times that size, at a limit where a small one uses presolve.
    from asmex_sched.model import run as run_module
    from asmex_sched.model import solve as solve_module
    from asmex_sched.model import tiers as tiers_module

    inst = random_instance(3, 8, 12, p=0.5, slots_per_day=6, tables=3, days=1)
    budget = tiers_module.LEAN_STAGE1_DTIME / run_module.DTIME_PER_SECOND * 4 + 1
    assert solve_module.stage1_pairs(inst) < tiers_module.LEAN_STAGE1_PAIRS
    monkeypatch.setattr(
        tiers_module, "LEAN_STAGE1_PAIRS", solve_module.stage1_pairs(inst) / 8
    )
    r = solve(inst, opts(budget))
    assert_valid(inst, r)
    assert r.params["stage1_presolve"] is False
    assert "stage1_presolve_off_after" not in r.params  # from the start, not after a failure


def test_a_tier_presolve_leaves_without_a_solution_is_solved_again_without_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A determinism auditor: on an 80 x 200 mission at 30 s (presolve on, from about
    # 25 s), presolve took S1a's whole budget; every tier ended without a solution
    # and the worst-off level was lower than at 5 or 20 s. Here the real solver gets
    # its first presolved solve's budget cut to nothing, as presolve took it there.
    from asmex_sched.model import run as run_module
    from asmex_sched.model import tiers as tiers_module

    calls: list[tuple[bool, str]] = []
    real = tiers_module.cp_model.CpSolver.solve

    def starved(self, model, *args, **kw):  # noqa: ANN001, ANN202
        first_presolved = self.parameters.cp_model_presolve and not calls
        if first_presolved:
            self.parameters.max_deterministic_time = 1e-9
        status = real(self, model, *args, **kw)
        calls.append((self.parameters.cp_model_presolve, self.status_name(status)))
        return status

    monkeypatch.setattr(tiers_module.cp_model.CpSolver, "solve", starved)
    inst = random_instance(3, 8, 12, p=0.5, slots_per_day=6, tables=3, days=1)
    budget = tiers_module.LEAN_STAGE1_DTIME / run_module.DTIME_PER_SECOND * 4 + 1
    result = solve(inst, opts(budget))
    assert_valid(inst, result)
    assert calls[0] == (True, "UNKNOWN")
    assert calls[1][0] is False and calls[1][1] in ("OPTIMAL", "FEASIBLE")  # S1a again
    assert calls[2][0] is False  # the next tier too (stage 2's own model keeps it)
    assert result.params["stage1_presolve"] is False
    assert result.params["stage1_presolve_off_after"] == "S1a"
    assert not result.params.get("tiers_without_solution")


def test_no_tier_is_said_proven_below_one_a_repair_changed() -> None:
    # A brute-force auditor's roster: stage 2 could not place a chosen meeting, the
    # repair dropped the worst-off level from 2 to 0, and S2, S2b, S1b and S4 kept
    # "optimal" where their figures happened to equal stage 1's proofs, made for
    # another level.
    from datetime import date

    from asmex_sched.domain import Company, Mission, Request, RequestedBy, Side, Unavailability

    def company(cid: str, side: Side, langs: tuple[str, ...], cap: int | None = None) -> Company:
        return Company(cid, cid, side, languages=langs, max_meetings=cap)

    fr_en = ("fr", "en")
    mission = Mission(first_day=date(2031, 3, 10), days=1, day_start=time(12),
                      day_end=time(13, 30), breaks=(), tables=2, interpreters=1)  # fmt: skip
    b, e, x = RequestedBy.BUYER, RequestedBy.EXPORTER, RequestedBy.BOTH
    asks = [("E1", "B1", 3, b), ("E1", "B2", 1, e), ("E1", "B3", 1, e), ("E1", "B4", 1, e),
            ("E2", "B1", 1, b), ("E2", "B2", 3, e), ("E2", "B4", 3, e), ("E3", "B1", 3, x),
            ("E3", "B2", 3, b), ("E3", "B4", 2, b)]  # fmt: skip
    day = mission.first_day
    inst = Instance(
        mission,
        (company("E1", Side.EXPORTER, fr_en), company("E2", Side.EXPORTER, ()),
         company("E3", Side.EXPORTER, fr_en)),
        (company("B1", Side.BUYER, fr_en), company("B2", Side.BUYER, ("fr",), 2),
         company("B3", Side.BUYER, (), 1), company("B4", Side.BUYER, ("ar",))),
        tuple(Request(*a) for a in asks),
        (Unavailability("E2", day, time(12, 30), time(13, 30), "x"),
         Unavailability("B1", day, time(12, 30), time(13, 30), "x")),
    )  # fmt: skip
    result = solve(inst, opts(5))
    assert_valid(inst, result)
    tiers = {t.rule: t for t in result.tiers}
    changed = [t for t in result.tiers if t.bound is not None and t.value != t.bound]
    assert result.unplaced or changed, "the roster no longer needs a repair: the test is moot"
    first = next(i for i, t in enumerate(result.tiers) if not t.optimal)
    assert not any(t.optimal for t in result.tiers[first:]), tiers
    assert result.status == SolveStatus.FEASIBLE


def _fuzzed_mission(
    rng: Random,
    exporters: tuple[int, int],
    buyers: tuple[int, int],
    per_days: list[int],
    *,
    languages: float,
    maximum: tuple[int, float],
    absences: int,
) -> tuple[int, int, list[tuple[int, int, int, str]], list[tuple[str, int, int, int]],
           dict[str, Any]]:  # fmt: skip
    """The readers' random missions, drawn from ``rng`` in their order: counts,
    requests, slots per day and days, a language for each company with probability
    ``languages``, tables, interpreters, 2 delegates (20 %), a maximum up to
    ``maximum[0]`` with probability ``maximum[1]``, up to ``absences`` absences."""
    ne, nb = rng.randint(*exporters), rng.randint(*buyers)
    reqs = random_requests(rng, ne, nb, rng.uniform(0.3, 0.7))
    ids = [f"E{e}" for e in range(1, ne + 1)] + [f"B{b}" for b in range(1, nb + 1)]
    per_day, days = rng.choice(per_days), rng.randint(1, 3)
    spoken = {c: [rng.choice(["fr", "sw", "en", "ar"])] for c in ids if rng.random() < languages}
    kw: dict[str, Any] = dict(
        days=days, slots_per_day=per_day, tables=rng.randint(2, 5),
        interpreters=rng.randint(0, 2), languages=spoken,
        delegates={c: 2 for c in ids if rng.random() < 0.2},
        max_meetings={c: rng.randint(1, maximum[0]) for c in ids if rng.random() < maximum[1]},
    )  # fmt: skip
    away = []
    for _ in range(rng.randint(0, absences)):
        who, d, a = rng.choice([*ids, "ALL"]), rng.randrange(days), rng.randrange(per_day)
        away.append((who, d, a, rng.randint(a + 1, per_day)))
    return ne, nb, reqs, away, kw


def _replan_case(
    seed: int,
) -> tuple[Instance, tuple[FixedMeeting, ...], tuple[PublishedMeeting, ...]]:
    """A second reader's fuzz: a random mission (interpreters, absences, delegates,
    maxima) planned, then re-planned with a horizon, its meetings before it frozen
    (some at their table), one absence more, a table fewer and some wishes withdrawn."""
    rng = Random(seed)
    ne, nb, reqs, away, kw = _fuzzed_mission(
        rng, (4, 8), (6, 12), [4, 6, 8, 10, 12], languages=0.6, maximum=(4, 0.3), absences=5
    )
    per_day, days = kw["slots_per_day"], kw["days"]
    inst = make_instance(ne, nb, requests=reqs, unavailability=away, **kw)
    base = published(inst, solve(inst, SolveOptions(time_limit=1.0)).schedule)
    hslot = rng.randint(0, per_day - 1)
    d = rng.randrange(days)
    a = hslot if d == 0 else 0
    if a < per_day:
        away.append((f"B{rng.randint(1, nb)}", d, a, rng.randint(a + 1, per_day)))
    kw["tables"] = max(1, kw["tables"] - rng.randint(0, 1))
    keep = [x for x in reqs if rng.random() > 0.1]
    again = make_instance(ne, nb, requests=keep, unavailability=away, **kw)
    horizon = datetime.combine(DAY, again.slots[0].start) + timedelta(minutes=30 * hslot)
    held = [
        p for p in base
        if datetime.combine(p.day, p.start) < horizon and p.key in again.request_by_key
    ]  # fmt: skip
    pins = tuple(
        FixedMeeting(p.exporter_id, p.buyer_id, p.day, p.start,
                     p.table if rng.random() < 0.5 else None, "frozen")
        for p in held
    )  # fmt: skip
    return again.replace(horizon=horizon, pinned=pins, held=tuple(held)), pins, base


def test_a_re_plan_with_the_week_re_slotted_is_never_behind_one_without(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Fault injected into stage 2 (every third meeting it places dropped) on re-plans:
    # the week re-slotting replaces the repaired plan only when strictly ahead of what
    # the run would return without it, tables counted (a second reader found a tie
    # taken with a table change more and more buyers' half-days, and a plan taken for
    # 2 more value with a table change more: changes rank before value).
    from asmex_sched.model import run as run_module

    place = run_module.place_session

    dropping = _dropping(place)

    def order(r: Any, inst: Instance, base: Sequence[PublishedMeeting]) -> tuple[int, ...]:
        s = score(inst, r.schedule, base)
        return (s.worst_off, -s.changes, s.value, s.next_worst, -s.buyer_half_days,
                -s.buyer_gaps)  # fmt: skip

    ahead = 0
    for seed in (53, 83, 101, 131):
        inst, pins, base = _replan_case(seed)
        monkeypatch.setattr(run_module, "place_session", dropping)
        monkeypatch.setattr(run_module, "WEEK_RESLOT_MAX_LITERALS", 60_000)
        monkeypatch.setattr(run_module, "WEEK_NEIGHBOURHOOD_LITERALS", 20_000)
        week = solve(inst, opts(1.0), pinned=pins, baseline=base)
        monkeypatch.setattr(run_module, "WEEK_RESLOT_MAX_LITERALS", 0)
        monkeypatch.setattr(run_module, "WEEK_NEIGHBOURHOOD_LITERALS", 0)
        without = solve(inst, opts(1.0), pinned=pins, baseline=base)
        monkeypatch.setattr(run_module, "place_session", place)
        assert_valid(inst, week, pins, base)
        assert order(week, inst, base) >= order(without, inst, base), seed
        ahead += order(week, inst, base) > order(without, inst, base)
    assert ahead >= 2  # the week re-slotting does run and help on these re-plans


def test_the_mid_size_choice_counts_announced_meetings_kept_in_their_half_day() -> None:
    # A third reader's fuzz, seed 6: a programme change (meetings of 20 minutes and a
    # table fewer) after the agenda was announced, re-planned on the mid-size path. The
    # local searches' plan held all 9 meetings whose time left the programme in their
    # half-day, the solver's plan 7 with fewer idle slots; equal on S1a-S4, the choice
    # took the solver's. Near their time ranks before S5 now.
    from asmex_sched.model.solve import _home_session

    rng = Random(6)
    ne, nb, reqs, away, kw = _fuzzed_mission(
        rng, (3, 7), (4, 10), [8, 10, 12, 14], languages=0.5, maximum=(5, 0.2), absences=4
    )
    inst = make_instance(ne, nb, requests=reqs, unavailability=away, **kw)
    base = published(inst, solve(inst, SolveOptions(time_limit=1.0)).schedule)
    change = rng.choice(["m25", "s915", "s930", "brk", "m20", "m40"])
    assert change in ("m25", "m20"), change  # the case this test was built on
    mission = replace(inst.mission, meeting_minutes=25 if change == "m25" else 20)
    if rng.random() < 0.3:
        mission = replace(mission, tables=max(1, mission.tables - 1))
    again = inst.replace(mission=mission)
    r = solve(again, SolveOptions(time_limit=1.0, workers=1, stage1="hinted"), baseline=base)
    assert_valid(again, r, baseline=base)
    home = {
        p.key: _home_session(again, p.day, p.start)
        for p in base
        if again.slot_of(p.day, p.start) is None and p.key in again.request_by_key
    }
    assert len(home) >= 2
    held = {m.key: again.slots[m.slot].session for m in r.schedule.meetings}
    assert all(held.get(k) == h for k, h in home.items()), (home, held)


def test_a_chains_bound_on_its_first_tier_stays_within_the_tier() -> None:
    # A tester: "tier_S3 12 (bound -89)" in the Summary, a negative bound on a count of
    # changes: CP-SAT's bound on the chain's objective (first tier x its scale, plus
    # the lower tiers) read over the first tier's scale can exceed the tier's span.
    from asmex_sched.model.solve import _first_tier_bound

    scale, span = 1000, 60  # a minimised tier: the term is scale x (span - changes)
    assert _first_tier_bound(149_000.0, scale, span, maximize=False) == 0  # was -89
    assert _first_tier_bound(48_999.0, scale, span, maximize=False) == 12
    assert _first_tier_bound(-5.0, scale, span, maximize=False) == span
    assert _first_tier_bound(75_500.0, scale, span, maximize=True) == span
    assert _first_tier_bound(7_999.0, scale, span, maximize=True) == 7
    # The live progress line too (a reader: "best 12, bound -89, gap 842 %").
    from asmex_sched.model.solve import _LogProgress

    shown: list = []
    _LogProgress("S3", shown.append, 0.0, [scale, 1], span)(
        "#5 1.20s best:48000 next:[48001,149000] fixed_bools:0/10"
    )
    assert (shown[-1].objective, shown[-1].bound) == (12, 0)


@pytest.mark.parametrize("stage1", ["local", "auto"])
def test_an_exporter_away_at_its_announced_times_takes_a_place_as_a_late_one_would(
    stage1: str,
) -> None:
    # A reader: E3's one announced meeting needs the mission's one interpreter at a
    # time E3 is now away; E1 holds the interpreter at the two other times. Registered
    # late, E3 gets a place (E1's meetings move round it); announced, it was left with
    # none on the trade-fair pipeline, its announced meeting counting as still held.
    from asmex_sched.domain import PublishedMeeting

    langs = {"E1": ["fr"], "E3": ["fr"], "B1": ["sw"], "B2": ["sw"], "B3": ["sw"]}
    inst = make_instance(3, 3, slots_per_day=3, interpreters=1,
                         requests=[(1, 1), (1, 2), (3, 3)], languages=langs,
                         unavailability=[("E3", 0, 2, 3)])  # fmt: skip
    s = inst.slots

    def sent(e: str, b: str, i: int) -> PublishedMeeting:
        return PublishedMeeting(e, b, s[i].day, s[i].start, s[i].end, 1, interpreter=True)

    baseline = [sent("E1", "B1", 0), sent("E1", "B2", 1), sent("E3", "B3", 2)]
    for base in (baseline, baseline[:2]):  # announced, and registered late
        res = solve(inst, SolveOptions(time_limit=3, stage1=stage1, workers=1), baseline=base)
        assert validate(inst, res.schedule) == []
        assert ("E3", "B3") in res.schedule.by_key
        assert len(res.schedule.meetings) == 3  # E1's two moved round it: room for all


@pytest.mark.parametrize("variant", ["time-off-the-programme", "late-with-a-fixed-meeting"])
def test_who_is_owed_meetings_counts_the_agenda_sent(variant: str) -> None:
    # A reader: E1 holds the one interpreter at every time; E3 needs it for B3. Owed
    # meetings were counted from the announced ones that could still hold: E3's
    # meeting at a time the programme no longer has did not count (E3 not owed), nor
    # did a late E3 count as late once the organisers fixed a meeting of it; on the
    # trade-fair pipeline E3 got 1 meeting in both, where 2 fit (E1 two above it).
    from datetime import datetime, timedelta

    from asmex_sched.domain import PublishedMeeting

    langs = {"E1": ["fr"], "E3": ["fr"], "B1": ["sw"], "B2": ["sw"], "B3": ["sw"],
             "B4": ["fr"], "B5": ["sw"], "B6": ["sw"]}  # fmt: skip
    fixed = [("E3", "B4", 0)] if variant == "late-with-a-fixed-meeting" else []
    inst = make_instance(3, 6, slots_per_day=4, interpreters=1, languages=langs, fixed=fixed,
                         requests=[(1, 1), (1, 2), (1, 5), (1, 6), (3, 3), (3, 4)])  # fmt: skip
    s = inst.slots

    def sent(e: str, b: str, i: int, shift: int = 0) -> PublishedMeeting:
        start = datetime.combine(s[i].day, s[i].start) + timedelta(minutes=shift)
        end = datetime.combine(s[i].day, s[i].end) + timedelta(minutes=shift)
        return PublishedMeeting(e, b, s[i].day, start.time(), end.time(), 1,
                                interpreter=inst.interpreter_needed[(e, b)])  # fmt: skip

    base = [sent("E1", "B1", 0), sent("E1", "B2", 1), sent("E1", "B5", 2), sent("E1", "B6", 3)]
    if variant == "time-off-the-programme":  # published 5 minutes off today's grid
        base += [sent("E3", "B4", 0), sent("E3", "B3", 2, shift=5)]
    res = solve(inst, SolveOptions(time_limit=3, stage1="local", workers=1), baseline=base)
    assert validate(inst, res.schedule) == []
    assert {("E3", "B3"), ("E3", "B4")} <= set(res.schedule.by_key)
