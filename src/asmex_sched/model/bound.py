"""Upper bounds over every valid agenda: an LP bound on the value tier (S2), solved
with GLOP (:func:`value_lp_bound`), and a maximum-flow bound on the worst-off level
(S1a, :func:`worst_off_bound`); from the LP with a level's rows, a bound on the level
of the agendas holding a given value (:func:`worst_off_bound_at_value`).

The value bound:

The linear relaxation of the stage-1 session model: ``0 <= z[r,h] <= 1`` with
the same per-session capacities and the same window cuts (``selection.window_cuts``:
meetings whose common slots are a part of a half-day share that part's tables,
interpreters and delegates). Stage 1 is itself a relaxation of the real
per-slot problem, so this bounds the value of *every* valid agenda, with or
without fairness. Without the window cuts, 12 buyers present for a breakfast hour
of 2 slots at 6 tables counted the whole morning's tables, and a proven-optimal plan
read "gap 49 %" (a tester). CP-SAT's own bound on large selection models can be weak;
this one is close to integral (a b-matching LP) and costs a fraction of a second at
the Nairobi size, 7-10 s at the trade fair's (its rows built coefficient by coefficient
since session 57: about a third faster than the natural API's sums), where it is
computed after the plan (``run._Run.result``).

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

from ortools.graph.python import max_flow
from ortools.linear_solver import pywraplp

from asmex_sched.domain import Instance
from asmex_sched.model.selection import window_cuts


def dual_bound(
    costs: Sequence[float],
    rows: Sequence[tuple[Sequence[int], float]],
    duals: Sequence[float],
    at_least: Sequence[tuple[Sequence[int], float]] = (),
    at_least_duals: Sequence[float] = (),
) -> float:
    """An upper bound on ``max costs·x`` over ``0 <= x <= 1`` with ``Σ_{j in row} x_j <= cap``
    for each ``(row, cap)`` in ``rows`` (and ``Σ_{j in row} x_j >= need`` for each
    ``(row, need)`` in ``at_least``), from *any* row multipliers ``duals`` (and
    ``at_least_duals``).

    Weak duality: for y >= 0 on ``rows`` and u >= 0 on ``at_least``, every such x has
    ``costs·x <= Σ_i cap_i·y_i − Σ_k need_k·u_k + Σ_j max(0, costs_j − Σ_{i ∋ j} y_i
    + Σ_{k ∋ j} u_k)``. An LP solver's dual of a ``>=`` row of a maximisation is
    negative, so ``u = max(0, −dual)``; of a ``<=`` row positive, so ``y = max(0, dual)``.
    The bound holds whatever ``duals`` are (a multiplier of the wrong sign counts as
    0): an LP solver's inexact duals only loosen it, never cut a plan off. GLOP's
    primal objective, used until session 47, holds no such guarantee: it may sit below
    the LP optimum by its tolerances, and its floor could then cut off an agenda whose
    value the LP bound reaches exactly. Sums are exactly rounded (``math.fsum``)."""
    y = [max(0.0, d) for d in duals]
    u = [max(0.0, -d) for d in at_least_duals]
    priced: list[list[float]] = [[] for _ in costs]
    for (members, _), yi in zip(rows, y, strict=True):
        if yi > 0.0:
            for j in members:
                priced[j].append(yi)
    for (members, _), uk in zip(at_least, u, strict=True):
        if uk > 0.0:
            for j in members:
                priced[j].append(-uk)
    return (
        math.fsum(cap * yi for (_, cap), yi in zip(rows, y, strict=True))
        - math.fsum(need * uk for (_, need), uk in zip(at_least, u, strict=True))
        + math.fsum(max(0.0, c - math.fsum(p)) for c, p in zip(costs, priced, strict=True))
    )


def value_lp_bound(instance: Instance, level: int | None = None) -> int | None:
    """Floor of an upper bound on S2 for every agenda, from the LP relaxation's duals
    (:func:`dual_bound`), or None if GLOP is unavailable or finds no optimum.

    With ``level``, for every agenda whose worst-off level (S1a) is at least ``level``:
    the relaxation then also asks each exporter ``e`` for ``min(level, cap_e)``
    meetings (``fairness_cap``; S1a's definition), as the flow bound does
    (:func:`worst_off_bound`). None also when no such relaxed plan exists (GLOP finds
    the LP infeasible): no bound is claimed then, rather than a proof resting on an LP
    solver's tolerances. :func:`worst_off_bound_at_value` solves it at several levels."""
    at = value_lp(instance, levels=level is not None)
    return None if at is None else at(level)


def value_lp(instance: Instance, levels: bool) -> Callable[[int | None], int | None] | None:
    """:func:`value_lp_bound`'s LP, built once (about 890 000 coefficients at the trade
    fair's size, 3-4 s), as a function of the level (None: any level): with ``levels``,
    one row per exporter whose lower bound each call sets (GLOP then starts from its
    last solution). None if GLOP is unavailable."""
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
        key = r.key
        per_half_day: dict[int, list[int]] = defaultdict(list)
        for s in inst.placeable[key]:
            per_half_day[session_of_slot[s]].append(s)
        for h in sorted(per_half_day):
            slots_in[(key, h)] = per_half_day[h]
            z[(key, h)] = len(variables)
            variables.append(solver.NumVar(0.0, 1.0, ""))
            costs.append(float(inst.weight[key]))
    rows: list[tuple[list[int], float]] = []
    constraints: list[pywraplp.Constraint] = []

    def add(members: list[int], cap: int) -> None:
        rows.append((members, float(cap)))
        # Coefficient by coefficient: the natural API's ``Sum(...) <= cap`` took half
        # the bound's time at the trade fair's size (about 890 000 coefficients).
        row = solver.RowConstraint(-solver.infinity(), float(cap), "")
        for j in members:
            row.SetCoefficient(variables[j], 1.0)
        constraints.append(row)

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
    caps = inst.fairness_cap
    at_least: list[tuple[str, list[int]]] = []  # (exporter, its columns)
    at_least_rows: list[pywraplp.Constraint] = []
    if levels:
        for e in inst.exporters:
            if caps[e.id] <= 0:
                continue
            members = [j for r in inst.requests_of[e.id] for j in held.get(r.key, [])]
            at_least.append((e.id, members))
            row = solver.RowConstraint(0.0, solver.infinity(), "")
            for j in members:
                row.SetCoefficient(variables[j], 1.0)
            at_least_rows.append(row)
    objective = solver.Objective()
    for c, var in zip(costs, variables, strict=True):
        objective.SetCoefficient(var, c)
    objective.SetMaximization()

    def at(level: int | None) -> int | None:
        needs = [float(min(level, caps[e])) if level is not None else 0.0 for e, _ in at_least]
        for row, need in zip(at_least_rows, needs, strict=True):
            row.SetLb(need)
        if solver.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        bound = dual_bound(
            costs, rows, [c.dual_value() for c in constraints],
            [(members, need) for (_, members), need in zip(at_least, needs, strict=True)],
            [c.dual_value() for c in at_least_rows],
        )  # fmt: skip
        # The sums are exactly rounded; 1e-6 absorbs the products', differences' and
        # final sum's rounding (about 1e-16 of the bound), far below the distance
        # between two integers.
        return int(math.floor(bound + 1e-6))

    return at


def worst_off_bound(instance: Instance) -> int:
    """An upper bound on the worst-off level (S1a) of **any** valid agenda, from
    maximum flows: a relaxation that keeps the scarce capacities and drops the times.

    A plan of level ``k`` gives every exporter ``e`` at least ``min(k, cap_e)``
    meetings (S1a's definition, ``fairness_cap``). Each is a request with a common
    slot, held once (H1, H3); one needing an interpreter takes one of the interpreters
    at a slot some such request could use (H5), and every meeting a table at a slot
    some request could use (H4); a buyer holds at most its delegates at its usable
    slots, and its ``max_meetings`` (H2, H6). So the network

    * source → exporter, ``min(k, cap_e)``;
    * exporter → buyer, 1 per request without an interpreter, then buyer → tables,
      the buyer's room;
    * exporter → (buyer, interpreted), 1 per request needing one, then → interpreters,
      the buyer's room, then interpreters → tables, the interpreters over the slots an
      interpreted request could use (``session_capacity``);
    * tables → sink, the tables over the slots any request could use (the same),

    carries every such plan's meetings, and a level whose demands it cannot carry
    whole is beyond every agenda. The largest level it carries (a binary search: a
    higher level only asks more) is the bound. It ignores when meetings take place, so
    it is loose where time is what binds, and tight where interpreters are: on the
    trade fair, where no tier solve runs, it is the only certificate of the level
    (docs/model.md, "Trade-fair size"). Tested against every agenda of small random
    missions, first plans (tests/test_bound.py); about 1 s at the trade fair's size.
    Its own ``SimpleMaxFlow`` rather than ``flows.max_flow``: the network is built once
    and only the source arcs change between the search's solves.
    """
    caps = instance.fairness_cap
    nodes: dict[object, int] = {}

    def node(name: object) -> int:
        return nodes.setdefault(name, len(nodes))

    flow = max_flow.SimpleMaxFlow()
    source, sink = node("source"), node("sink")
    supply = {
        e.id: flow.add_arc_with_capacity(source, node(("e", e.id)), 0)
        for e in instance.exporters
    }
    buyers: set[str] = set()
    for r in instance.requests:
        if instance.candidates[r.key]:
            side = "bi" if instance.interpreter_needed[r.key] else "b"
            flow.add_arc_with_capacity(node(("e", r.exporter_id)), node((side, r.buyer_id)), 1)
            buyers.add(r.buyer_id)
    tables, interpreters = node("tables"), node("interpreters")
    for b in sorted(buyers):
        room = sum(instance.company_capacity(b, h) for h in instance.sessions)
        most = instance.max_meetings_of(b)
        room = room if most is None else min(room, most)
        flow.add_arc_with_capacity(node(("b", b)), tables, room)
        flow.add_arc_with_capacity(node(("bi", b)), interpreters, room)
    for arc, interpreted in ((interpreters, True), (tables, False)):
        head = tables if interpreted else sink
        room = sum(instance.session_capacity(h, interpreted=interpreted) for h in instance.sessions)
        flow.add_arc_with_capacity(arc, head, room)

    def carries(level: int) -> bool:
        need = 0
        for e, arc in supply.items():
            flow.set_arc_capacity(arc, min(level, caps[e]))
            need += min(level, caps[e])
        if flow.solve(source, sink) != flow.OPTIMAL:
            raise RuntimeError("max flow: not solved")  # small integer capacities: a bug
        return flow.optimal_flow() == need

    low, high = 0, max(caps.values(), default=0)
    while low < high:  # carries(low) holds (level 0 asks nothing)
        mid = (low + high + 1) // 2
        low, high = (mid, high) if carries(mid) else (low, mid - 1)
    return low


def worst_off_bound_at_value(
    instance: Instance,
    value: int,
    low: int,
    high: int,
    lp: Callable[[int | None], int | None] | None = None,
) -> int:
    """An upper bound on the worst-off level (S1a) of every agenda holding at least
    ``value`` (S2), searched between ``low`` (a level such a plan reaches: the plan's
    own) and ``high`` (a bound over every agenda: :func:`worst_off_bound`).

    A level is ruled out when the LP bound on value at that level
    (:func:`value_lp_bound` with ``level``) is below ``value``; a higher level only asks
    more of the LP, so a binary search finds the largest level not ruled out. A level
    whose LP finds no optimum is not ruled out (the bound stays valid, only looser).
    The trade-fair path keeps the greedy plan's value and caps the level for it
    (``worst_off_capped_for_value``): this bound says how far that cap is from the best
    level at that value. The LP is built once and solved at each level probed, GLOP
    starting from its last solution (``run._Run.result`` solves it first without the
    levels, for the value bound: on trade fair seed 11, 3.8 s to build, 2.5 s for the
    value bound, 4.0 s for two levels, where two separate LPs and two more for the
    levels took 27 s); on trade
    fair seeds 3, 11 and 19, where the flow bound was 1-2 above the plan's level, it
    ruled out 19 (LP 60 396 against the greedy's 60 456), 17 (59 006 against 59 054)
    and 18 (59 710 against 59 776): docs/performance.md. ``lp``: that LP, already built
    (:func:`value_lp` with ``levels``), where the caller solved it for the bound at any
    level too."""
    at = lp
    while low < high:
        mid = (low + high + 1) // 2
        if at is None:
            at = value_lp(instance, levels=True)
            if at is None:  # no GLOP: nothing ruled out
                return high
        bound = at(mid)
        if bound is None or bound >= value:
            low = mid
        else:
            high = mid - 1
    return low
