"""An LP upper bound on the value tier (S2), solved with GLOP.

The linear relaxation of the stage-1 session model: ``0 <= z[r,h] <= 1`` with
the same per-session capacities and the same window cuts (``selection.window_cuts``:
meetings whose common slots are a part of a half-day share that part's tables,
interpreters and delegates). Stage 1 is itself a relaxation of the real
per-slot problem, so this bounds the value of *every* valid agenda, with or
without fairness. Without the window cuts, 12 buyers present for a breakfast hour
of 2 slots at 6 tables counted the whole morning's tables, and a proven-optimal plan
read "gap 49 %" (a tester). CP-SAT's own bound on large selection models can be weak;
this one is close to integral (a b-matching LP) and costs a fraction of a second at
the Nairobi size, about 10 s at the trade fair's (8.5 s before the window cuts).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

from ortools.linear_solver import pywraplp

from asmex_sched.domain import Instance
from asmex_sched.model.selection import window_cuts


def value_lp_bound(instance: Instance) -> int | None:
    """Floor of the LP optimum of S2, or None if GLOP is unavailable."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    inst = instance
    session_of_slot = {s.index: s.session for s in inst.slots}
    z: dict[tuple[tuple[str, str], int], pywraplp.Variable] = {}
    slots_in: dict[tuple[tuple[str, str], int], list[int]] = defaultdict(list)
    for r in inst.requests:
        for s in inst.candidates[r.key]:
            slots_in[(r.key, session_of_slot[s])].append(s)
        for h in sorted({session_of_slot[s] for s in inst.candidates[r.key]}):
            z[(r.key, h)] = solver.NumVar(0.0, 1.0, "")
    held: dict[tuple[str, str], list[pywraplp.Variable]] = defaultdict(list)
    Item = tuple[list[int], pywraplp.Variable]
    by_cs: dict[tuple[str, int], list[Item]] = defaultdict(list)
    by_s: dict[int, list[Item]] = defaultdict(list)
    by_si: dict[int, list[Item]] = defaultdict(list)
    for (key, h), var in z.items():
        held[key].append(var)
        item = (slots_in[(key, h)], var)
        for cid in key:
            by_cs[(cid, h)].append(item)
        by_s[h].append(item)
        if inst.interpreter_needed[key]:
            by_si[h].append(item)

    def at_most(items: list[Item], cap: int, per_slot: Callable[[int], int]) -> None:
        """The session-wide capacity and its window cuts (H2, H4, H5)."""
        solver.Add(solver.Sum(var for _, var in items) <= cap)
        for vars_, window_cap, _ in window_cuts(items, per_slot):
            solver.Add(solver.Sum(vars_) <= window_cap)

    for vars_ in held.values():
        solver.Add(solver.Sum(vars_) <= 1)
    for (cid, h), items in by_cs.items():
        at_most(items, inst.company_capacity(cid, h), lambda t, cid=cid: inst.delegates_at(cid, t))
    for h, items in by_s.items():
        at_most(items, inst.session_capacity(h), inst.tables_at)
    for h, items in by_si.items():
        at_most(items, inst.session_capacity(h, interpreted=True), inst.interpreters_at)
    for cid in inst.companies:
        if (cap := inst.max_meetings_of(cid)) is not None:
            vars_ = [v for r in inst.requests_of[cid] for v in held.get(r.key, [])]
            if vars_:
                solver.Add(solver.Sum(vars_) <= cap)
    solver.Maximize(solver.Sum(inst.weight[key] * var for (key, _), var in z.items()))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    # Small tolerance: GLOP's optimum is a float.
    return int(math.floor(solver.Objective().Value() + 1e-6))
