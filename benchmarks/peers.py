"""Benchmark peers, run on the same :class:`Instance` as ours (the same roster, read
with the product's ``read_roster``), each in a fresh subprocess of its own as ours is
(``benchmarks.run.measure_in_child``, benchmarks/README.md, Method; this said "in the
same process", a checker).

* :func:`greedy_peer`: the priority-first greedy planner that matchmaking
  platforms (MeetMax and similar) document: walk the requests by decreasing
  priority/weight, give each the first slot where every hard rule still holds.
  It is the product's own :func:`asmex_sched.greedy.greedy_schedule`; ties
  (same weight and priority) go in exporter id order.
* :func:`greedy_fair_peer`: the same greedy with another tie-break, fewest-first:
  within a class (weight, priority) the exporter holding fewest meetings so far
  goes next. The id-order one let MA-001 place all its requests of a class before
  MA-040 got any; a reviewer's fewest-first greedy (session 69) reached worst-off
  levels the id-order one does not (docs/performance.md, Method). Benchmark only:
  the product keeps its own greedy as its hint and fallback.
* :func:`plain_cpsat`: the textbook time-indexed CP-SAT model, *without* our
  objective's structure (no fairness tier, no sessions, no compactness): one
  boolean ``x[request, slot]`` per candidate slot, every hard rule per slot,
  ``maximize sum(weight * held)``, the greedy plan as a complete hint (the
  benchmark's ``plain``; ``plain-cold`` runs it without, as a checker's own
  plain model would start).

Each returns a :class:`asmex_sched.domain.Schedule` with tables numbered by
:func:`asmex_sched.tables.assign_tables`; each is checked with the
independent :func:`asmex_sched.validate.validate` (an invalid peer schedule is
a bug and raises).
"""

from __future__ import annotations

import heapq
import time
from collections import Counter, defaultdict, deque
from dataclasses import dataclass

from ortools.sat.python import cp_model

from asmex_sched.domain import Instance, Schedule
from asmex_sched.greedy import (
    Occupancy,
    greedy_schedule,
    greedy_slots,
    pinned_slots,
    schedule_from_slots,
)
from asmex_sched.model.bound import worst_off_bound
from asmex_sched.validate import validate

Key = tuple[str, str]


@dataclass(frozen=True)
class PeerResult:
    """A peer's schedule, its own upper bound on the weighted value (if any) and status."""

    schedule: Schedule
    bound: int | None
    status: str
    wall_time: float


def _check(instance: Instance, schedule: Schedule, who: str) -> None:
    problems = validate(instance, schedule)
    if problems:
        raise AssertionError(f"{who} produced an invalid schedule: {problems[:3]}")


def greedy_peer(instance: Instance, check: bool = True) -> PeerResult:
    """The priority-first greedy planner (``asmex_sched.greedy.greedy_schedule``);
    ``check=False`` leaves the validation to the caller (the benchmark does it after
    the planner's clock and memory peak)."""
    t0 = time.monotonic()
    schedule = greedy_schedule(instance)
    wall = time.monotonic() - t0
    if check:
        _check(instance, schedule, "greedy")
    return PeerResult(schedule, None, "heuristic", wall)


def fewest_first_slots(instance: Instance) -> dict[Key, int]:
    """The greedy with the fewest-first tie-break: pair -> slot index.

    The fixed meetings go first, as in :func:`asmex_sched.greedy.greedy_slots`; then
    the classes of the other requests by decreasing weight, then priority (the
    product's greedy order, ``greedy_order``). Within a class the exporter holding
    fewest meetings so far (the fixed ones and those of earlier classes counted) goes
    next, ties by exporter id, and places its next request of the class in pair order
    at its first candidate slot where every rule holds (``Occupancy.add_first_fit``,
    as the id-order greedy); a request that fits nowhere is dropped and the exporter's
    count stays. A reviewer's script took ``min()`` over the class's exporters for
    every request; here each class has a heap keyed by (meetings held, exporter id):
    only the exporter just served changes its count (an exporter's meetings are its
    own requests), so it alone is pushed back, with its new count, while it has
    requests left in the class, and the order is the same at the trade fair's size
    (15 000 requests, 400 exporters) in milliseconds."""
    occ = Occupancy(instance)
    for key, slot in sorted(pinned_slots(instance, ()).items()):
        occ.add(key, slot)  # as the id-order greedy: requirements even if they overflow
    held = Counter(e for e, _ in occ.slot_of)
    classes: dict[tuple[int, int], dict[str, deque[Key]]] = defaultdict(dict)
    for r in sorted(instance.requests, key=lambda r: r.key):
        if r.key not in occ.slot_of:
            pending = classes[(-instance.weight[r.key], r.priority)]
            pending.setdefault(r.exporter_id, deque()).append(r.key)
    for cls in sorted(classes):
        pending = classes[cls]
        heap = [(held[e], e) for e in pending]
        heapq.heapify(heap)
        while heap:
            _, e = heapq.heappop(heap)
            if occ.add_first_fit(pending[e].popleft()) is not None:
                held[e] += 1
            if pending[e]:
                heapq.heappush(heap, (held[e], e))
    return dict(occ.slot_of)


def greedy_fair_peer(instance: Instance, check: bool = True) -> PeerResult:
    """The priority-first greedy with the fewest-first tie-break
    (:func:`fewest_first_slots`); ``check`` as :func:`greedy_peer`'s."""
    t0 = time.monotonic()
    schedule = schedule_from_slots(instance, fewest_first_slots(instance))
    wall = time.monotonic() - t0
    if check:
        _check(instance, schedule, "greedy-fair")
    return PeerResult(schedule, None, "heuristic", wall)


def plain_cpsat(
    instance: Instance,
    time_limit: float,
    workers: int = 2,
    seed: int = 0,
    hint: bool = True,
    check: bool = True,
) -> PeerResult:
    """The plain time-indexed CP-SAT model, maximising the weighted value only.

    Variables: ``x[r, s]`` for every request ``r`` and candidate slot ``s``
    (both parties available). Constraints, per slot: each company holds at
    most ``delegates`` meetings (H2), at most ``tables`` meetings (H4) and
    ``interpreters`` interpreted meetings (H5); per request at most one slot
    (H1); per company at most ``max_meetings`` (H6); fixed meetings forced
    (H7). Objective: ``maximize sum(instance.weight[r] * held[r])``. The greedy
    plan is given as a complete hint (``hint=False``: none, the status says which,
    and a solve that finds nothing returns the fixed meetings alone, not the greedy
    plan). Default CP-SAT parameters otherwise
    (``workers`` workers, wall-clock ``time_limit``), as a user of CP-SAT would
    write it.
    """
    t0 = time.monotonic()
    m = cp_model.CpModel()
    x: dict[tuple[Key, int], cp_model.IntVar] = {}
    held: dict[Key, cp_model.IntVar] = {}
    by_company_slot: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    by_company: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    by_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    interp_by_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for r in instance.requests:
        cands = instance.candidates[r.key]
        if not cands:
            continue
        lits = []
        for s in cands:
            v = m.new_bool_var(f"x[{r.exporter_id}~{r.buyer_id}@{s}]")
            x[(r.key, s)] = v
            lits.append(v)
            for cid in r.key:
                by_company_slot[(cid, s)].append(v)
            by_slot[s].append(v)
            if instance.interpreter_needed[r.key]:
                interp_by_slot[s].append(v)
        y = m.new_bool_var(f"held[{r.exporter_id}~{r.buyer_id}]")
        m.add(sum(lits) == y)
        held[r.key] = y
        for cid in r.key:
            # H6 over the slot literals, not the pair's `held`: on the latter CP-SAT
            # stalled at a bound 19 % above a 10 x 20 roster's optimum for 30 s, and
            # proves it in 0.1 s so (an outside checker); the Nairobi example's value
            # is proven in 22 s instead of unproven at 30 s.
            by_company[cid].extend(lits)
    for (cid, _s), lits in sorted(by_company_slot.items()):
        cap = instance.companies[cid].delegates
        if len(lits) > cap:
            if cap == 1:
                m.add_at_most_one(lits)
            else:
                m.add(sum(lits) <= cap)
    for _s, lits in sorted(by_slot.items()):
        if len(lits) > instance.mission.tables:
            m.add(sum(lits) <= instance.mission.tables)
    for _s, lits in sorted(interp_by_slot.items()):
        if len(lits) > instance.mission.interpreters:
            m.add(sum(lits) <= instance.mission.interpreters)
    for cid, lits in sorted(by_company.items()):
        mm = instance.companies[cid].max_meetings
        if mm is not None and len(lits) > mm:
            m.add(sum(lits) <= mm)
    for key, s in sorted(pinned_slots(instance, ()).items()):
        v = x.get((key, s))
        if v is not None:
            m.add(v == 1)
    m.maximize(sum(instance.weight[k] * y for k, y in held.items()))

    if hint:
        greedy = greedy_slots(instance)
        for (key, s), v in x.items():
            m.add_hint(v, greedy.get(key) == s)
        for key, y in held.items():
            m.add_hint(y, key in greedy)

    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = workers
    p.random_seed = seed
    p.max_time_in_seconds = max(0.5, time_limit - (time.monotonic() - t0))
    status = solver.solve(m)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        slots = {key: s for (key, s), v in x.items() if solver.boolean_value(v)}
        # CP-SAT's bound, never above every request held (at 5 s it read 6 760 where
        # all 546 requests weigh 3 176; an auditor): still a bound, a meaningful one.
        bound = min(int(solver.best_objective_bound + 1e-6), sum(instance.weight[k] for k in held))
        name = solver.status_name(status).lower() + (" (greedy hint)" if hint else " (no hint)")
    elif hint:  # presolve did not finish in time: CP-SAT returns nothing, not even the hint
        slots = greedy
        bound = None
        name = f"{solver.status_name(status).lower()} (greedy plan returned)"
    else:  # no plan of its own: the fixed meetings alone, not another planner's plan
        slots = pinned_slots(instance, ())
        bound = None
        name = f"{solver.status_name(status).lower()} (no plan found: fixed meetings only)"
    schedule = schedule_from_slots(instance, slots)
    wall = time.monotonic() - t0
    if check:
        _check(instance, schedule, "plain CP-SAT")
    return PeerResult(schedule, bound, name, wall)


def worst_off_ceiling(
    instance: Instance, time_limit: float = 20.0, value_at_least: int | None = None
) -> tuple[int | None, bool]:
    """An upper bound on the worst-off level (S1a) of **any** valid agenda, and
    whether it is the proven maximum.

    Maximises S1a on the product's stage-1 session model with its hard rules
    only (no floor on meetings or value, no other tier). That model is a
    relaxation of the agenda (per-session capacities and window cuts are
    necessary conditions), so its CP-SAT bound holds for every agenda; when the
    solve is OPTIMAL on it, no agenda can do better. Used to read the congested
    target "worst-off at least twice the greedy's": where twice the greedy's
    exceeds this ceiling, the target is out of reach for any planner.

    With ``value_at_least`` (the greedy plan's weighted value) the same maximum among
    the agendas holding at least that value, whatever their number of meetings: where
    twice the greedy's worst-off exceeds it, no agenda meets both congested targets
    together (the value one and the worst-off one), which the product's own proofs
    say only of the agendas that also keep the greedy's number of meetings (its floors).

    The lower of that and ``asmex_sched.model.bound.worst_off_bound`` (a max-flow bound
    on every agenda, whatever its value). Either is an upper bound on every agenda;
    "proven" says the relaxation that gives it was solved exactly: CP-SAT proved its
    maximum, or the flow's is the lower or equal (a maximum flow is exact for its own
    relaxation). A CP-SAT bound left unproven is returned unproven, as before, even
    though it too bounds every agenda. At the trade fair's size the CP-SAT solve proves nothing
    in its time and the flow's bound is the ceiling (session 56): from the size where the
    product itself stops solving tiers (``model.solve.stage1_path`` "local") the
    solve is not made, and the flow's bound is returned at once (since session 59; two
    such solves of 20 s, with the model's building, were half of the greedy's record on
    trade fair seed 11, for the flow's figure). ``run._tighter_at_value`` lowers the
    ceiling at a value by the LP bound at it.
    """
    from asmex_sched.model import selection as sel
    from asmex_sched.model.solve import stage1_path

    if stage1_path(instance) == "local":  # the product's own choice of path
        return worst_off_bound(instance), True
    m = cp_model.CpModel()
    v = sel.SelectionVars(m, instance)
    for rule in sel.HARD_RULES:
        rule(m, instance, v)
    if value_at_least is not None:
        m.add(sel.s2_value(instance, v) >= value_at_least)
    m.maximize(sel.s1a_worst_off(m, instance, v))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(m)
    flow = worst_off_bound(instance)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return flow, True
    bound = int(solver.best_objective_bound + 1e-6)
    if flow <= bound:
        return flow, True
    return bound, status == cp_model.OPTIMAL
