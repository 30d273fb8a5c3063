"""Maximum flows the services ask of an instance, solved with OR-Tools' max-flow.

Nodes are any hashable values (an exporter id, a ``(buyer, slot)`` pair...); the
network is given as arcs with their capacities. The domain's own flow (the fairness
cap, ``Instance._matchable``) stays in the domain: the validator reads it and must not
import ortools.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from ortools.graph.python import max_flow as ortools_max_flow


def max_flow(arcs: Iterable[tuple[Hashable, Hashable, int]], source: Hashable,
             sink: Hashable) -> int:  # fmt: skip
    """The value of a maximum flow from ``source`` to ``sink`` over ``arcs``
    (``(tail, head, capacity)``, capacities ≥ 0); 0 when either end has no arc."""
    index: dict[Hashable, int] = {}
    solver = ortools_max_flow.SimpleMaxFlow()
    for tail, head, capacity in arcs:
        if capacity > 0:
            t = index.setdefault(tail, len(index))
            h = index.setdefault(head, len(index))
            solver.add_arc_with_capacity(t, h, capacity)
    if source not in index or sink not in index:
        return 0
    if solver.solve(index[source], index[sink]) != solver.OPTIMAL:
        raise RuntimeError("max flow: not solved")  # capacities are small ints: a bug
    return int(solver.optimal_flow())
