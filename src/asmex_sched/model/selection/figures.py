"""The tiers' figures of a plan computed in plain Python (no CP-SAT).

:func:`evaluate` gives a stage-1 solution's tier values when a tier's solve returns
none; :func:`worst_off_level`, :func:`held_by_exporter`, :func:`plan_worst_off` and
:func:`plan_value` give S1a and S2 of any plan keyed by pairs, for the local searches
and the run's comparisons.
"""

from __future__ import annotations

from collections.abc import Mapping

from asmex_sched.domain import CHANGE_COST_CANCELLED, CHANGE_COST_MOVED, Instance
from asmex_sched.model.keys import Key


def evaluate(
    inst: Instance,
    sessions: Mapping[Key, int],
    published: Mapping[Key, int],
    worst_off: int | None = None,
) -> dict[str, int]:
    """Tier values of a stage-1 solution (pair -> session), computed in Python.

    Used when a tier's solve returns no solution in its budget: the previous
    solution (still feasible, since tiers only add constraints on *earlier*
    objectives) is kept, and its value becomes the tier's.
    """
    held = held_by_exporter(inst, sessions)
    caps = inst.fairness_cap
    s1a = worst_off_level(held, caps)
    level = s1a if worst_off is None else worst_off
    s1b = sum(
        1 for e in held if e not in inst.departed and held[e] >= min(level + 1, caps[e])
    )
    s2 = plan_value(inst, sessions)
    s3 = 0
    for key, h in published.items():
        if key not in sessions:
            s3 += CHANGE_COST_CANCELLED
        elif sessions[key] != h:
            s3 += CHANGE_COST_MOVED
    s4 = len({(k[1], h) for k, h in sessions.items()})
    return {"S1a": s1a, "S1b": s1b, "S2": s2, "S2b": len(sessions), "S3": s3, "S4": s4}


def worst_off_level(held: Mapping[str, int], caps: Mapping[str, int]) -> int:
    """S1a of per-exporter meeting counts (docs/model.md): the fewest meetings of
    an exporter below its cap, or the largest cap when every exporter reaches it."""
    below = [held[e] for e in held if held[e] < caps[e]]
    return min(below) if below else max(caps.values(), default=0)


def held_by_exporter(inst: Instance, plan: Mapping[Key, int]) -> dict[str, int]:
    """Meetings of each exporter in a plan (pair -> place); 0 for those without any."""
    held = {e.id: 0 for e in inst.exporters}
    for exporter, _ in plan:
        held[exporter] = held.get(exporter, 0) + 1
    return held


def plan_worst_off(inst: Instance, plan: Mapping[Key, int]) -> int:
    """S1a of a plan (pair -> place), by :func:`worst_off_level`."""
    return worst_off_level(held_by_exporter(inst, plan), inst.fairness_cap)


def plan_value(inst: Instance, plan: Mapping[Key, int]) -> int:
    """S2 of a plan (pair -> place or anything keyed by pairs): its weighted value."""
    return sum(inst.weight[k] for k in plan)
