"""Stage 2: place one half-day session's chosen meetings in its slots (CP-SAT).

A small time-indexed model per session: ``x[r,s]`` for every chosen pair r and
candidate slot s of the session. Every hard rule is enforced per slot here
(exactly, not aggregated), each by one function named after its rule id, as in
stage 1 (``selection``'s docstring says where H3 and H9 are). Objective,
lexicographic through dominating integer weights: place as much chosen weight as
possible (normally all of it), then keep published meetings in their published
slot (S3), then leave buyers as few idle slots as possible (S5).
"""

from __future__ import annotations

import math
import time as _time
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from asmex_sched.domain import CHANGE_COST_CANCELLED, CHANGE_COST_MOVED, Instance
from asmex_sched.model import stoppable
from asmex_sched.model.keys import Key
from asmex_sched.model.selection import add_worst_off_level, plan_worst_off

#: Share of a session's budget spent on placing the chosen meetings (phase A);
#: the rest, and what phase A leaves unused, goes to published slots and
#: buyers' idle slots (phase B).
PHASE_A_SHARE = 0.4


@dataclass(frozen=True)
class SessionPlacement:
    """Result of placing one session."""

    slots: dict[Key, int]  # pair -> slot index
    unplaced: tuple[Key, ...]
    moved: int  # published meetings of this session not in their published slot
    gaps: int  # S5 within this session, as the model counts it
    optimal: bool
    wall_hit: bool = False  # a wall-clock net stopped a solve: the plan may vary
    dtime: float = 0.0  # deterministic time its solves used


class SlotVars:
    """Sparse ``x[(pair, slot)]`` for one session (``h``), or for every slot of the week
    (``h`` is None: :func:`place_week`), only at common available slots; a pair in
    ``only`` gets a variable at that slot alone (a meeting kept where it is)."""

    def __init__(
        self,
        model: cp_model.CpModel,
        inst: Instance,
        h: int | None,
        chosen: Sequence[Key],
        only: Mapping[Key, int] | None = None,
    ):
        self.model = model
        self.slots = [s.index for s in (inst.slots if h is None else inst.sessions[h])]
        in_session = set(self.slots)
        self.x: dict[tuple[Key, int], cp_model.IntVar] = {}
        self.placed: dict[Key, cp_model.IntVar] = {}
        #: pair -> its x literals, in slot order (rule H1 sums them)
        self.lits_of: dict[Key, list[cp_model.IntVar]] = {}
        for key in sorted(chosen):
            cands = [s for s in inst.candidates[key] if s in in_session]
            if only and key in only:
                cands = [s for s in cands if s == only[key]]
            lits = []
            for s in cands:
                var = model.new_bool_var(f"x[{key[0]}~{key[1]}@{s}]")
                self.x[(key, s)] = var
                lits.append(var)
            self.placed[key] = model.new_bool_var(f"placed[{key[0]}~{key[1]}]")
            self.lits_of[key] = lits
        self._company_slot: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
        self._slot: dict[int, list[tuple[Key, cp_model.IntVar]]] = defaultdict(list)
        for (key, s), var in self.x.items():
            for cid in key:
                self._company_slot[(cid, s)].append(var)
            self._slot[s].append((key, var))

    def company_slots(self) -> list[tuple[tuple[str, int], list[cp_model.IntVar]]]:
        """Every (company, slot) with its literals, in a fixed order."""
        return sorted(self._company_slot.items())

    def for_company_in_slot(self, cid: str, s: int) -> list[cp_model.IntVar]:
        return self._company_slot.get((cid, s), [])

    def in_slot(self, s: int) -> list[tuple[Key, cp_model.IntVar]]:
        return self._slot.get(s, [])


def add_h1_pair_once(m: cp_model.CpModel, inst: Instance, v: SlotVars) -> None:
    """H1 (hard): a chosen pair is placed in at most one slot.

    For every chosen pair r:  sum_s x[r,s] == placed[r] (a boolean).
    """
    for key, placed in v.placed.items():  # sorted by pair, as created
        m.add(sum(v.lits_of[key]) == placed).with_name(f"H1:{key[0]}~{key[1]}")


def add_h2_company_capacity(m: cp_model.CpModel, inst: Instance, v: SlotVars) -> None:
    """H2 (hard): a company holds at most ``delegates`` meetings in a slot (``delegates_at``:
    before the re-planning horizon, what it held there if more)."""
    for (cid, s), lits in v.company_slots():
        cap = inst.delegates_at(cid, s)
        if len(lits) > cap:
            if cap == 1:
                m.add_at_most_one(lits).with_name(f"H2:{cid}@{s}")
            else:
                m.add(sum(lits) <= cap).with_name(f"H2:{cid}@{s}")


def add_h4_tables(m: cp_model.CpModel, inst: Instance, v: SlotVars) -> None:
    """H4 (hard): at most ``tables`` meetings per slot (numbered afterwards; ``tables_at``)."""
    for s in v.slots:
        pairs = v.in_slot(s)
        if len(pairs) > inst.tables_at(s):
            m.add(sum(var for _, var in pairs) <= inst.tables_at(s)).with_name(f"H4:{s}")


def add_h5_interpreters(m: cp_model.CpModel, inst: Instance, v: SlotVars) -> None:
    """H5 (hard): at most ``interpreters`` meetings needing one per slot (``interpreters_at``)."""
    for s in v.slots:
        lits = [var for key, var in v.in_slot(s) if inst.interpreter_needed[key]]
        if len(lits) > inst.interpreters_at(s):
            m.add(sum(lits) <= inst.interpreters_at(s)).with_name(f"H5:{s}")


HARD_RULES = (add_h1_pair_once, add_h2_company_capacity, add_h4_tables, add_h5_interpreters)


def add_h6_max_meetings(m: cp_model.CpModel, inst: Instance, v: SlotVars) -> None:
    """H6 (hard), over the week (:func:`place_week` only: a half-day's chosen meetings
    keep it by stage 1's choice): a company holds at most ``max_meetings`` meetings
    (``Instance.max_meetings_of``: what it keeps before the horizon, if more).

    For every company c:  sum_{r ∋ c} placed[r] <= max_meetings_of(c).
    """
    placed_of: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for key, placed in v.placed.items():
        for cid in key:
            placed_of[cid].append(placed)
    for cid, lits in sorted(placed_of.items()):
        cap = inst.max_meetings_of(cid)
        if cap is not None and len(lits) > cap:
            m.add(sum(lits) <= cap).with_name(f"H6:{cid}")


def add_h7_h8_required(
    m: cp_model.CpModel, inst: Instance, v: SlotVars, required: Mapping[Key, int]
) -> None:
    """H7 (hard): a fixed meeting of the roster is held at its slot; H8 (hard): so is a
    meeting pinned by a re-plan (frozen or locked). Each constraint is named by its own
    rule (``Instance.required_rule``). One without a variable there is not forced:
    ``explain.requirement_conflicts`` has refused the plan before solving."""
    for key, s in sorted(required.items()):
        var = v.x.get((key, s))
        if var is not None:
            m.add(var == 1).with_name(f"{inst.required_rule(key)}:{key[0]}~{key[1]}@{s}")


def s5_buyer_gaps(m: cp_model.CpModel, inst: Instance, v: SlotVars) -> cp_model.LinearExprT:
    """S5 (compactness): idle slots between a buyer's first and last meeting.

    Exact encoding per buyer b and slot s of the session:
    before[s] = OR(busy[s'] for s' <= s), after[s] = OR(busy[s'] for s' >= s),
    idle[s] = before[s] AND after[s] AND NOT busy[s].
    """
    terms = []
    buyers = sorted({key[1] for key in v.placed})
    for b in buyers:
        busy = []
        for s in v.slots:
            lits = v.for_company_in_slot(b, s)
            if not lits:
                busy.append(None)
            elif len(lits) == 1:
                busy.append(lits[0])
            else:
                var = m.new_bool_var(f"busy[{b}@{s}]")
                m.add_max_equality(var, lits)
                busy.append(var)
        if sum(1 for x in busy if x is not None) < 2:
            continue
        n = len(v.slots)
        before: list[cp_model.IntVar | int] = []
        prev: cp_model.IntVar | int = 0
        for i in range(n):
            if busy[i] is None:
                before.append(prev)
                continue
            if isinstance(prev, int):
                cur = busy[i]
            else:
                cur = m.new_bool_var(f"before[{b}@{v.slots[i]}]")
                m.add_max_equality(cur, [prev, busy[i]])
            before.append(cur)
            prev = cur
        after: list[cp_model.IntVar | int] = [0] * n
        nxt: cp_model.IntVar | int = 0
        for i in range(n - 1, -1, -1):
            if busy[i] is None:
                after[i] = nxt
                continue
            if isinstance(nxt, int):
                cur = busy[i]
            else:
                cur = m.new_bool_var(f"after[{b}@{v.slots[i]}]")
                m.add_max_equality(cur, [nxt, busy[i]])
            after[i] = cur
            nxt = cur
        for i in range(n):
            if isinstance(before[i], int) or isinstance(after[i], int):
                continue
            idle = m.new_bool_var(f"idle[{b}@{v.slots[i]}]")
            parts = [before[i], after[i]] + ([busy[i].Not()] if busy[i] is not None else [])
            m.add_min_equality(idle, parts)
            terms.append(idle)
    return sum(terms)


def place_session(
    inst: Instance,
    h: int,
    chosen: Sequence[Key],
    *,
    required: Mapping[Key, int],
    published: Mapping[Key, int],
    weights: Mapping[Key, int],
    dtime: float,
    wall: float,
    seed: int = 0,
    workers: int = 1,
    interleave: bool = False,
    preferred: Mapping[Key, int] | None = None,
) -> SessionPlacement:
    """Place the session's chosen pairs; ``required`` pairs are forced at their slot.

    ``published`` maps pairs of the published agenda to their slot (re-planning).
    """
    m = cp_model.CpModel()
    v = SlotVars(m, inst, h, chosen)
    for rule in HARD_RULES:
        rule(m, inst, v)
    add_h7_h8_required(m, inst, v, required)
    gaps = s5_buyer_gaps(m, inst, v)
    kept_terms = [v.x[(key, s)] for key, s in sorted(published.items()) if (key, s) in v.x]
    placed_w = sum(weights[key] * var for key, var in v.placed.items())
    max_gaps = len(v.slots) * max(1, len({k[1] for k in v.placed}))
    # Phase B's dominating weight: one kept published slot outweighs every gap.
    a = max_gaps + 1
    # Hint: published slots first, then a greedy fill, so the hint is complete.
    used: dict[tuple[str, int], int] = defaultdict(int)
    tables: dict[int, int] = defaultdict(int)
    interp: dict[int, int] = defaultdict(int)
    hinted: dict[Key, int] = {}
    # Preferred slots (the greedy plan's, valid per slot by construction) make a
    # hint that places nearly everything even in a full half-day, where a
    # first-fit fill leaves many meetings out.
    preferred = preferred or {}
    order = sorted(
        v.placed, key=lambda k: (k not in required, k not in published, k not in preferred, k)
    )
    for key in order:
        pref = [required.get(key), published.get(key), preferred.get(key)]
        options = [s for s in pref if s is not None and (key, s) in v.x]
        options += [s for s in v.slots if (key, s) in v.x and s not in options]
        for s in options:
            needs = inst.interpreter_needed[key]
            if (
                all(used[(c, s)] < inst.delegates_at(c, s) for c in key)
                and tables[s] < inst.tables_at(s)
                and (not needs or interp[s] < inst.interpreters_at(s))
            ):
                hinted[key] = s
                for c in key:
                    used[(c, s)] += 1
                tables[s] += 1
                interp[s] += needs
                break
    for (key, s), var in v.x.items():
        m.add_hint(var, hinted.get(key) == s)
    for key, var in v.placed.items():
        m.add_hint(var, key in hinted)

    wall_hit = False
    used_dtime = used_wall = 0.0

    def run(step_dtime: float, step_wall: float) -> tuple[int, cp_model.CpSolver]:
        nonlocal wall_hit, used_dtime, used_wall
        solver = _solver(workers, seed, interleave, max(0.02, step_dtime), max(0.5, step_wall))
        p = solver.parameters
        status = stoppable.solve(solver, m)
        used_dtime += solver.deterministic_time
        used_wall += solver.wall_time
        if status != cp_model.OPTIMAL and solver.wall_time >= p.max_time_in_seconds - 0.05:
            wall_hit = True
        return status, solver

    # Phase A: place the chosen weight, nothing else. Alone, this is a
    # feasibility-like problem CP-SAT settles fast; mixed with the gap terms the
    # search spends its budget on gaps and can leave meetings out of a full
    # half-day. Phase B then keeps that placed weight and optimises the rest.
    m.maximize(placed_w)
    status, solver = run(dtime * PHASE_A_SHARE, wall * PHASE_A_SHARE)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        found = {(key, s): solver.boolean_value(var) for (key, s), var in v.x.items()}
        proven = status == cp_model.OPTIMAL
        m.add(placed_w >= round(solver.objective_value)).with_name("phaseA:placed")
        m.clear_hints()
        for (key, s), var in v.x.items():
            m.add_hint(var, found[(key, s)])
        for key, var in v.placed.items():
            m.add_hint(var, any(found[(key, s)] for s in v.slots if (key, s) in found))
        m.maximize(a * sum(kept_terms) - gaps)
        # Phase B also gets what phase A left (deterministic: phase A's own time
        # is): in a half-day phase A settles at once, the idle slots need it.
        status_b, solver_b = run(
            max(dtime * (1 - PHASE_A_SHARE), dtime - used_dtime),
            max(wall * (1 - PHASE_A_SHARE), wall - used_wall),
        )
        both_proven = proven and status_b == cp_model.OPTIMAL
        status = cp_model.OPTIMAL if both_proven else cp_model.FEASIBLE
        if status_b in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solver = solver_b  # else phase A's placement stands
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # No solution in the budget: keep the hint, a valid greedy fill of the session.
        unplaced = tuple(sorted(k for k in v.placed if k not in hinted))
        moved = sum(1 for key, s in published.items() if key in hinted and hinted[key] != s)
        return SessionPlacement(
            dict(hinted), unplaced, moved, count_gaps(inst, h, hinted), False, wall_hit,
            used_dtime,
        )  # fmt: skip
    slots = {key: s for (key, s), var in v.x.items() if solver.boolean_value(var)}
    optimal = status == cp_model.OPTIMAL

    def merit(plan: Mapping[Key, int]) -> tuple[int, int, int]:
        """The objective's order: placed weight, published slots kept, fewer gaps."""
        kept = sum(1 for key, s in published.items() if plan.get(key) == s)
        return sum(weights[k] for k in plan), kept, -count_gaps(inst, h, plan)

    # Never worse than the hint: in a full half-day the budget can end before
    # the search gets back to a placement as good as the one it was given.
    hint_valid = all(hinted.get(k) == s for k, s in required.items() if (k, s) in v.x)
    if hint_valid and merit(hinted) > merit(slots):
        slots, optimal = dict(hinted), False
    gaps_found = count_gaps(inst, h, slots)
    unplaced = tuple(sorted(k for k in v.placed if k not in slots))
    moved = sum(1 for key, s in published.items() if key in slots and slots[key] != s)
    return SessionPlacement(
        slots=slots,
        unplaced=unplaced,
        moved=moved,
        gaps=gaps_found,
        optimal=optimal,
        wall_hit=wall_hit,
        dtime=used_dtime,
    )


def _solver(
    workers: int, seed: int, interleave: bool, dtime: float, wall: float
) -> cp_model.CpSolver:
    """A CP-SAT solver on a deterministic budget (``dtime`` s), the wall clock (``wall``
    s) a safety net only; Ctrl-C ends the run (exit 130), not one step."""
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = workers
    p.catch_sigint_signal = False
    p.random_seed = seed
    p.interleave_search = interleave
    p.max_deterministic_time = dtime
    p.max_time_in_seconds = wall
    return solver


@dataclass(frozen=True)
class WeekPlacement:
    """Result of :func:`place_week`."""

    slots: dict[Key, int]  # pair -> slot index
    optimal: bool
    wall_hit: bool
    dtime: float  # deterministic time the solve used


def place_week(
    inst: Instance,
    *,
    required: Mapping[Key, int],
    published: Mapping[Key, int],
    off_grid: Sequence[Key],
    start: Mapping[Key, int],
    meetings_floor: int,
    value_floor: int,
    dtime: float,
    wall: float,
    seed: int = 0,
    workers: int = 1,
    interleave: bool = False,
    free: Collection[Key] | None = None,
    held: int | None = None,
) -> WeekPlacement | None:
    """Choose and place meetings over the whole week in one time-indexed model, when
    stage 2 could not place what stage 1 chose (its per-half-day capacities are a
    relaxation) and the repair lost fairness or value (docs/model.md, stage 2, "week
    re-slotting").

    Every request at any of its candidate slots (H3, H9), every hard rule per slot
    (H1, H2, H4, H5) and over the week (H6), fixed and pinned meetings at their slot
    (H7, H8), both floors. Objective, lexicographic through dominating weights: S1a
    (the worst-off level, as stage 1 counts it), then when re-planning S3 (3 per
    announced meeting dropped, 2 per one moved, within its half-day too: the final
    guard's order) and, of equal S3, fewer moved to another half-day (stage 1's count),
    then S2 (value), then the number of meetings. ``start`` (a valid
    plan keeping both floors) is the hint. ``published`` maps announced pairs to their
    slot; ``off_grid`` lists those announced at a time no longer in the grid (they
    must move). ``free`` (a neighbourhood, :func:`week_neighbourhood`): only these
    requests are chosen and placed again; every other meeting of ``start`` stays at
    its slot and every other request stays out (None: every request is free). None
    when the solve ends without a solution. ``held`` (re-planning: the announced
    agenda's level, :func:`~asmex_sched.model.run.announced_level`): S1a ranks above
    S3 only up to it, and above it right after S3 (the objective's order when
    re-planning, :func:`~asmex_sched.model.tiers.objective_order`).
    """
    m = cp_model.CpModel()
    with_slots = [r.key for r in inst.requests if inst.candidates[r.key]]
    if free is None:
        keys, kept = sorted(with_slots), {}
    else:
        free = set(free)
        keys = sorted(k for k in with_slots if k in free or k in start)
        kept = {k: start[k] for k in keys if k not in free and start[k] in inst.candidates[k]}
    v = SlotVars(m, inst, None, keys, only=kept)
    for rule in (*HARD_RULES, add_h6_max_meetings):
        rule(m, inst, v)
    add_h7_h8_required(m, inst, v, required)
    for key, s in sorted(kept.items()):
        m.add(v.x[(key, s)] == 1).with_name(f"kept:{key[0]}~{key[1]}@{s}")
    count = sum(v.placed.values())
    value = sum(inst.weight[key] * var for key, var in v.placed.items())
    m.add(count >= meetings_floor).with_name("floor:meetings")
    m.add(value >= value_floor).with_name("floor:value")
    # S1a exactly as stage 1 states it.
    held_of: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for key, var in v.placed.items():
        held_of[key[0]].append(var)
    level, floors = add_worst_off_level(m, inst, lambda e: sum(held_of[e]))
    top = max(inst.fairness_cap.values(), default=0)
    # The hint is made complete: S1a's level and floors as ``start`` has them. Left
    # out, CP-SAT (presolve off) found no solution at 0.3 deterministic s on a
    # 10 000-literal week, none in 10 at 78 000 (a hunter's 100-company roster).
    start_level = plan_worst_off(inst, start)
    m.add_hint(level, start_level)
    for e, floor in floors.items():
        m.add_hint(floor, min(start_level, inst.fairness_cap[e]))
    # (expression, span, maximise) in the objective's order.
    tiers: list[tuple[cp_model.LinearExprT, int, bool]] = [(level, top, True)]
    tie_break: tuple[cp_model.LinearExprT, int, bool] | None = None
    baseline = sorted({*published, *off_grid} & set(v.placed))
    if baseline and held is not None:
        # the level up to the announced one first; above it, after the changes
        up_to = m.new_int_var(0, held, "worst-off level up to the announced one")
        m.add(up_to <= level)
        m.add_hint(up_to, min(start_level, held))
        tiers[0] = (up_to, held, True)
    if baseline:
        # dropped = 1 - placed; moved = placed - kept (an off-grid one is never kept)
        kept = {key: v.x.get((key, published[key]), 0) for key in baseline if key in published}
        changes = sum(
            CHANGE_COST_CANCELLED * (1 - v.placed[key])
            + CHANGE_COST_MOVED * (v.placed[key] - kept.get(key, 0))
            for key in baseline
        )
        tiers.append((changes, CHANGE_COST_CANCELLED * len(baseline), False))
        if held is not None:
            tiers.append((level, top, True))
        # Then, of equal changes, moves that stay in their half-day: stage 1's count of
        # S3 (``tier_S3``, whose bound it proves) sees no other. Without, the model
        # traded a move within a half-day for one to another day as readily, and a
        # re-plan's ``tier_S3`` rose from 94 to 126 where its ``changes_cost`` fell.
        session_of = {slot.index: slot.session for slot in inst.slots}
        at_home = {
            key: [
                var
                for s in inst.sessions[session_of[published[key]]]
                if (var := v.x.get((key, s.index))) is not None
            ]
            for key in baseline
            if key in published
        }
        away = sum(v.placed[key] - sum(lits) for key, lits in at_home.items())
        tie_break = (away, len(at_home), False)
    tiers.append((value, sum(inst.weight[k] for k in keys), True))
    tiers.append((count, len(keys), True))
    if tie_break is not None:
        # Last: no tier of the Score, so never above value (S2) or the meetings; a
        # second reader's week of two days dropped a priority-1 meeting (value 18 to
        # 14) to keep a moved one in its half-day when it ranked right after S3.
        tiers.append(tie_break)
    while len(tiers) > 1 and math.prod(span + 1 for _, span, _ in tiers) > 2**50:
        # exact in double precision; the half-day tie-break goes first (no tier of the
        # Score), then the later tiers, settled by later steps
        at = [i for i, tier in enumerate(tiers) if tier is tie_break]
        tiers.pop(at[0] if at else -1)
    scale, objective = 1, 0
    for expr, span, maximise in reversed(tiers):
        objective += scale * (expr if maximise else span - expr)
        scale *= span + 1
    m.maximize(objective)
    for (key, s), var in v.x.items():
        m.add_hint(var, start.get(key) == s)
    for key, var in v.placed.items():
        m.add_hint(var, key in start)
    solver = _solver(workers, seed, interleave, max(0.05, dtime), max(0.5, wall))
    p = solver.parameters
    # The hint is complete: without presolve the search starts from it at once. With
    # presolve, the Nairobi example (25 941 literals) ended without a solution at 0.5
    # and 2 deterministic s; without, it proved worst-off 11 from the greedy plan's 7
    # in 0.84.
    p.cp_model_presolve = False
    status = stoppable.solve(solver, m)
    wall_hit = status != cp_model.OPTIMAL and solver.wall_time >= p.max_time_in_seconds - 0.05
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    slots = {key: s for (key, s), var in v.x.items() if solver.boolean_value(var)}
    return WeekPlacement(slots, status == cp_model.OPTIMAL, wall_hit, solver.deterministic_time)


def week_neighbourhood(
    inst: Instance, plan: Mapping[Key, int], seeds: Collection[Key], max_literals: int
) -> frozenset[Key]:
    """The requests :func:`place_week` chooses and places again when the whole week is
    too large a model: those of the companies of ``seeds`` (the meetings stage 2 could
    not place), then of the companies they meet in ``plan``, ring by ring, as long as
    their (request, candidate slot) literals stay within ``max_literals``; in the
    first ring that does not fit whole, those of its companies that fit are taken, in
    id order, and no further ring is taken. Every other meeting of ``plan`` stays where it
    is (one literal each in the model). Deterministic (ids sorted).
    """
    requests_of: dict[str, list[Key]] = defaultdict(list)
    for r in inst.requests:
        if inst.candidates[r.key]:
            for cid in r.key:
                requests_of[cid].append(r.key)
    partners: dict[str, set[str]] = defaultdict(set)
    for e, b in plan:
        partners[e].add(b)
        partners[b].add(e)
    free: set[Key] = set()
    literals = 0
    seen: set[str] = set()
    ring = sorted({cid for key in seeds for cid in key})
    full = False
    while ring and not full:
        seen.update(ring)
        for cid in ring:
            new = [k for k in requests_of[cid] if k not in free]
            cost = sum(len(inst.candidates[k]) for k in new)
            if literals + cost > max_literals:
                full = True  # a smaller company of this ring may still fit
                continue
            free.update(new)
            literals += cost
        ring = sorted({p for cid in ring for p in partners[cid]} - seen)
    return frozenset(free)


def count_gaps(inst: Instance, h: int, slots: Mapping[Key, int]) -> int:
    """S5 of one session's placement, counted in Python (for fallback placements)."""
    return sum(_idle_per_buyer(inst, h, slots).values())


#: Deterministic time of one neighbourhood solve of :func:`refine_buyer_gaps`
#: (most are proven in a fraction of it).
REFINE_STEP_DTIME = 0.05


@dataclass(frozen=True)
class Refinement:
    """Result of :func:`refine_buyer_gaps`."""

    slots: dict[Key, int]
    dtime: float  # deterministic time its solves used
    solves: int
    wall_hit: bool  # the deadline stopped it before its budget: the plan may vary


def refine_buyer_gaps(
    inst: Instance,
    h: int,
    here: Mapping[Key, int],
    fixed: Mapping[Key, int],
    *,
    dtime: float,
    deadline: float,
    seed: int = 0,
) -> Refinement:
    """S5 by large-neighbourhood search in half-day ``h``: re-slot a few meetings
    around one buyer at a time.

    ``here`` is the half-day's placement (pair -> slot). For a buyer with idle
    slots, its meetings and those of the exporters it meets there are taken out
    and placed again by a small CP-SAT model (:func:`_replace`: every per-slot rule,
    the other meetings where they are), minimising the idle slots of every buyer
    concerned; a placement with fewer idle slots in the half-day replaces the
    plan. Two neighbourhoods, the second once the first helps no more: ``narrow``
    (the buyer's meetings and its exporters'), then ``wide`` (also every meeting of
    the buyers those exporters meet). Buyers are taken most idle slots first, then
    by id; a pass over them repeats while it helps. Meetings in ``fixed``
    (published, fixed, pinned) never move and nothing leaves the half-day, so every
    tier above S5 is unchanged. Deterministic: each solve has a deterministic
    budget (:data:`REFINE_STEP_DTIME`, less when ``dtime`` has less left; one
    worker) and the search stops once ``dtime`` is spent; ``deadline``
    (``time.monotonic()``) is a safety net only.
    """
    plan = dict(here)
    used = 0.0
    solves = 0
    wall_hit = False
    for mode in ("narrow", "wide"):
        helped = True
        while helped:
            helped = False
            idle = _idle_per_buyer(inst, h, plan)
            for b in sorted((b for b in idle if idle[b]), key=lambda b: (-idle[b], b)):
                if not idle[b]:
                    continue  # an earlier step of this pass closed them
                if used >= dtime:
                    return Refinement(plan, used, solves, wall_hit)
                if _time.monotonic() >= deadline:
                    return Refinement(plan, used, solves, True)
                free = _neighbourhood(plan, b, mode, fixed)
                step = min(REFINE_STEP_DTIME, dtime - used)
                new, spent, stopped = _replace(inst, h, plan, free, step, seed, deadline)
                used += spent
                solves += 1
                wall_hit |= stopped
                if new is not None and count_gaps(inst, h, new) < sum(idle.values()):
                    plan = new
                    idle = _idle_per_buyer(inst, h, plan)
                    helped = True
    return Refinement(plan, used, solves, wall_hit)


def _idle_per_buyer(inst: Instance, h: int, here: Mapping[Key, int]) -> dict[str, int]:
    """Each buyer's idle slots in half-day ``h`` (as :func:`count_gaps` counts them)."""
    order = {s.index: i for i, s in enumerate(inst.sessions[h])}
    busy: dict[str, set[int]] = defaultdict(set)
    for (_, b), s in here.items():
        busy[b].add(order[s])
    return {b: max(p) - min(p) + 1 - len(p) for b, p in sorted(busy.items())}


def _neighbourhood(
    here: Mapping[Key, int], b: str, mode: str, fixed: Mapping[Key, int]
) -> set[Key]:
    """The meetings :func:`refine_buyer_gaps` places again around buyer ``b``."""
    exporters = {e for e, bb in here if bb == b}
    free = {k for k in here if k[1] == b or k[0] in exporters}
    if mode == "wide":
        buyers = {k[1] for k in free}
        free |= {k for k in here if k[1] in buyers}
    return {k for k in free if k not in fixed}


def _replace(
    inst: Instance,
    h: int,
    here: Mapping[Key, int],
    free: set[Key],
    step: float,
    seed: int,
    deadline: float,
) -> tuple[dict[Key, int] | None, float, bool]:
    """Place ``free`` again in half-day ``h``, the rest of ``here`` where it is.

    H2, H4 and H5 per slot on the capacity the other meetings leave; H1 and H3
    (and the horizon) through each request's candidate slots. Objective: S5 of the
    buyers concerned, as ``last - first + 1 - busy slots`` per buyer. Returns the
    new placement (None if none found), the deterministic time used and whether
    the clock, not that time, stopped the solve.
    """
    order = [s.index for s in inst.sessions[h]]
    pos = {s: i for i, s in enumerate(order)}
    used: dict[tuple[str, int], int] = defaultdict(int)
    tables: dict[int, int] = defaultdict(int)
    interp: dict[int, int] = defaultdict(int)
    fixed_busy: dict[str, set[int]] = defaultdict(set)
    for key, s in here.items():
        if key in free:
            continue
        for c in key:
            used[(c, s)] += 1
        tables[s] += 1
        interp[s] += inst.interpreter_needed[key]
        fixed_busy[key[1]].add(pos[s])
    m = cp_model.CpModel()
    x: dict[tuple[Key, int], cp_model.IntVar] = {}
    per_company: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    per_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    per_interp: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for key in sorted(free):
        lits = []
        for s in inst.candidates[key]:
            if s not in pos or tables[s] >= inst.tables_at(s):
                continue
            if any(used[(c, s)] >= inst.delegates_at(c, s) for c in key):
                continue
            needs = inst.interpreter_needed[key]
            if needs and interp[s] >= inst.interpreters_at(s):
                continue
            var = m.new_bool_var(f"x[{key[0]}~{key[1]}@{s}]")
            m.add_hint(var, here[key] == s)
            x[(key, s)] = var
            lits.append(var)
            for c in key:
                per_company[(c, s)].append(var)
            per_slot[s].append(var)
            if needs:
                per_interp[s].append(var)
        m.add_exactly_one(lits).with_name(f"H1:{key[0]}~{key[1]}")
    for (c, s), lits in sorted(per_company.items()):
        cap = inst.delegates_at(c, s) - used[(c, s)]
        if len(lits) > cap:
            m.add(sum(lits) <= cap).with_name(f"H2:{c}@{s}")
    for s, lits in sorted(per_slot.items()):
        cap = inst.tables_at(s) - tables[s]
        if len(lits) > cap:
            m.add(sum(lits) <= cap).with_name(f"H4:{s}")
    for s, lits in sorted(per_interp.items()):
        cap = inst.interpreters_at(s) - interp[s]
        if len(lits) > cap:
            m.add(sum(lits) <= cap).with_name(f"H5:{s}")
    terms = []
    for b in sorted({k[1] for k in free}):
        first = m.new_int_var(0, len(order) - 1, f"first[{b}]")
        last = m.new_int_var(0, len(order) - 1, f"last[{b}]")
        busy: list[cp_model.IntVar | int] = []
        for i, s in enumerate(order):
            if i in fixed_busy[b]:
                m.add(first <= i)
                m.add(last >= i)
                busy.append(1)
                continue
            lits = per_company.get((b, s), [])
            if not lits:
                continue
            var = m.new_bool_var(f"busy[{b}@{s}]")
            m.add_max_equality(var, lits)
            m.add(first <= i).only_enforce_if(var)
            m.add(last >= i).only_enforce_if(var)
            busy.append(var)
        terms.append(last - first + 1 - sum(busy))
    m.minimize(sum(terms))
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = 1
    p.catch_sigint_signal = False
    p.random_seed = seed
    p.max_deterministic_time = max(0.001, step)
    p.max_time_in_seconds = max(0.1, min(10.0, deadline - _time.monotonic()))
    status = stoppable.solve(solver, m)
    stopped = status != cp_model.OPTIMAL and solver.wall_time >= p.max_time_in_seconds - 0.05
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, solver.deterministic_time, stopped
    new = dict(here)
    for (key, s), var in x.items():
        if solver.boolean_value(var):
            new[key] = s
    return new, solver.deterministic_time, stopped
