"""An LP upper bound on the value tier (S2), solved with GLOP.

The linear relaxation of the stage-1 session model: ``0 <= z[r,h] <= 1`` with
the same per-session capacities. Stage 1 is itself a relaxation of the real
per-slot problem, so this bounds the value of *every* valid agenda, with or
without fairness. CP-SAT's own bound on large selection models can be weak;
this one costs well under a second and is close to integral (a b-matching LP).
"""

from __future__ import annotations

import math
from collections import defaultdict

from ortools.linear_solver import pywraplp

from asmex_sched.domain import Instance


def value_lp_bound(instance: Instance) -> int | None:
    """Floor of the LP optimum of S2, or None if GLOP is unavailable."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    inst = instance
    session_of_slot = {s.index: s.session for s in inst.slots}
    z: dict[tuple[tuple[str, str], int], pywraplp.Variable] = {}
    for r in inst.requests:
        for h in sorted({session_of_slot[s] for s in inst.candidates[r.key]}):
            z[(r.key, h)] = solver.NumVar(0.0, 1.0, "")
    held: dict[tuple[str, str], list[pywraplp.Variable]] = defaultdict(list)
    by_cs: dict[tuple[str, int], list[pywraplp.Variable]] = defaultdict(list)
    by_s: dict[int, list[pywraplp.Variable]] = defaultdict(list)
    by_si: dict[int, list[pywraplp.Variable]] = defaultdict(list)
    for (key, h), var in z.items():
        held[key].append(var)
        for cid in key:
            by_cs[(cid, h)].append(var)
        by_s[h].append(var)
        if inst.interpreter_needed[key]:
            by_si[h].append(var)
    for vars_ in held.values():
        solver.Add(solver.Sum(vars_) <= 1)
    for (cid, h), vars_ in by_cs.items():
        solver.Add(solver.Sum(vars_) <= inst.company_capacity(cid, h))
    for h, vars_ in by_s.items():
        solver.Add(solver.Sum(vars_) <= inst.session_capacity(h))
    for h, vars_ in by_si.items():
        solver.Add(solver.Sum(vars_) <= inst.session_capacity(h, interpreted=True))
    for cid, c in inst.companies.items():
        if c.max_meetings is not None:
            vars_ = [v for r in inst.requests_of[cid] for v in held.get(r.key, [])]
            if vars_:
                solver.Add(solver.Sum(vars_) <= c.max_meetings)
    solver.Maximize(solver.Sum(inst.weight[key] * var for (key, _), var in z.items()))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    # Small tolerance: GLOP's optimum is a float.
    return int(math.floor(solver.Objective().Value() + 1e-6))
