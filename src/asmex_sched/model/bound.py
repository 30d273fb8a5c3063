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

The bound returned is not GLOP's objective but the weak-duality bound of its duals
(:func:`dual_bound`), which holds for every agenda whatever GLOP's tolerances: stage 1
adds it as a cut (``bound:S2``), so a bound a unit too low would make its S2 "proofs"
wrong. On the benchmark instances measured (Nairobi, congested, trade fair) both read
the same integer.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence

from ortools.linear_solver import pywraplp

from asmex_sched.domain import Instance
from asmex_sched.model.selection import window_cuts


def dual_bound(
    costs: Sequence[float], rows: Sequence[tuple[Sequence[int], float]], duals: Sequence[float]
) -> float:
    """An upper bound on ``max costs·x`` over ``0 <= x <= 1`` with ``Σ_{j in row} x_j <= cap``
    for each ``(row, cap)`` in ``rows``, from *any* row multipliers ``duals``.

    Weak duality: for y >= 0, every such x has
    ``costs·x <= Σ_i cap_i·y_i + Σ_j max(0, costs_j − Σ_{i ∋ j} y_i)``. The bound holds
    whatever ``duals`` are (a negative one counts as 0): an LP solver's inexact duals
    only loosen it, never cut a plan off. GLOP's primal objective, used until session
    47, holds no such guarantee: it may sit below the LP optimum by its tolerances, and
    its floor could then cut off an agenda whose value the LP bound reaches exactly.
    Sums are exactly rounded (``math.fsum``)."""
    y = [max(0.0, d) for d in duals]
    priced: list[list[float]] = [[] for _ in costs]
    for (members, _), yi in zip(rows, y, strict=True):
        if yi > 0.0:
            for j in members:
                priced[j].append(yi)
    return math.fsum(cap * yi for (_, cap), yi in zip(rows, y, strict=True)) + math.fsum(
        max(0.0, c - math.fsum(p)) for c, p in zip(costs, priced, strict=True)
    )


def value_lp_bound(instance: Instance) -> int | None:
    """Floor of an upper bound on S2 for every agenda, from the LP relaxation's duals
    (:func:`dual_bound`), or None if GLOP is unavailable or finds no optimum."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    inst = instance
    session_of_slot = {s.index: s.session for s in inst.slots}
    z: dict[tuple[tuple[str, str], int], int] = {}  # (pair, half-day) -> column
    variables: list[pywraplp.Variable] = []
    costs: list[float] = []
    slots_in: dict[tuple[tuple[str, str], int], list[int]] = defaultdict(list)
    for r in inst.requests:
        for s in inst.placeable[r.key]:
            slots_in[(r.key, session_of_slot[s])].append(s)
        for h in sorted({session_of_slot[s] for s in inst.placeable[r.key]}):
            z[(r.key, h)] = len(variables)
            variables.append(solver.NumVar(0.0, 1.0, ""))
            costs.append(float(inst.weight[r.key]))
    rows: list[tuple[list[int], float]] = []
    constraints: list[pywraplp.Constraint] = []

    def add(members: list[int], cap: int) -> None:
        rows.append((members, float(cap)))
        constraints.append(solver.Add(solver.Sum(variables[j] for j in members) <= cap))

    held: dict[tuple[str, str], list[int]] = defaultdict(list)
    Item = tuple[list[int], int]
    by_cs: dict[tuple[str, int], list[Item]] = defaultdict(list)
    by_s: dict[int, list[Item]] = defaultdict(list)
    by_si: dict[int, list[Item]] = defaultdict(list)
    for (key, h), j in z.items():
        held[key].append(j)
        item = (slots_in[(key, h)], j)
        for cid in key:
            by_cs[(cid, h)].append(item)
        by_s[h].append(item)
        if inst.interpreter_needed[key]:
            by_si[h].append(item)

    def at_most(items: list[Item], cap: int, per_slot: Callable[[int], int]) -> None:
        """The session-wide capacity and its window cuts (H2, H4, H5)."""
        add([j for _, j in items], cap)
        for members, window_cap, _ in window_cuts(items, per_slot):
            add(members, window_cap)

    for members in held.values():
        add(members, 1)
    for (cid, h), items in by_cs.items():
        at_most(items, inst.company_capacity(cid, h), lambda t, cid=cid: inst.delegates_at(cid, t))
    for h, items in by_s.items():
        at_most(items, inst.session_capacity(h), inst.tables_at)
    for h, items in by_si.items():
        at_most(items, inst.session_capacity(h, interpreted=True), inst.interpreters_at)
    for cid in inst.companies:
        if (cap := inst.max_meetings_of(cid)) is not None:
            members = [j for r in inst.requests_of[cid] for j in held.get(r.key, [])]
            if members:
                add(members, cap)
    solver.Maximize(solver.Sum(c * var for c, var in zip(costs, variables, strict=True)))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    bound = dual_bound(costs, rows, [c.dual_value() for c in constraints])
    # The sums are exactly rounded; 1e-6 absorbs the products', differences' and final
    # sum's rounding (about 1e-16 of the bound), far below the distance between two
    # integers.
    return int(math.floor(bound + 1e-6))
