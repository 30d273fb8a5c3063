"""Stage 1's objective tiers on the CP-SAT model, one function per tier.

S1a (the worst-off exporter, :func:`add_worst_off_level` shared with the week model of
``slotting.place_week``), S1b (exporters lifted above that level), S2 (the weighted
value of held requests), S3 (changes to the published agenda, stage-1 part) and S4
(buyers' half-days on site). Each returns the tier's expression or variable and
registers its auxiliary variables' values for the hints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ortools.sat.python import cp_model

from asmex_sched.domain import CHANGE_COST_CANCELLED, CHANGE_COST_MOVED, Instance
from asmex_sched.model.keys import Key
from asmex_sched.model.selection.variables import SelectionVars, SolutionView


# ------------------------------------------------------------- objective tiers
def add_worst_off_level(
    m: cp_model.CpModel, inst: Instance, held_by: Callable[[str], cp_model.LinearExprT]
) -> tuple[cp_model.IntVar, dict[str, cp_model.IntVar]]:
    """S1a's constraints on any model whose exporters hold ``held_by(id)`` meetings (stage
    1 here, the week model in ``slotting.place_week``): the largest integer Z with
    held_e >= min(Z, cap_e) for every exporter e, where cap_e is what its own requests
    allow (``Instance.fairness_cap``). Returns Z and each exporter's min(Z, cap_e)."""
    caps = inst.fairness_cap
    z = m.new_int_var(0, max(caps.values(), default=0), "S1a_worst_off")
    floors: dict[str, cp_model.IntVar] = {}
    for e in inst.exporters:
        floor = m.new_int_var(0, caps[e.id], f"S1a_floor[{e.id}]")
        m.add_min_equality(floor, [z, caps[e.id]])
        m.add(held_by(e.id) >= floor).with_name(f"S1a:{e.id}")
        floors[e.id] = floor
    return z, floors


def s1a_worst_off(m: cp_model.CpModel, inst: Instance, v: SelectionVars) -> cp_model.IntVar:
    """S1a (fairness, first): the worst-off exporter's number of meetings
    (:func:`add_worst_off_level` on the stage-1 variables, its auxiliaries hinted)."""
    caps = inst.fairness_cap
    top = max(caps.values(), default=0)
    z, floors = add_worst_off_level(m, inst, v.held_by)

    def level(view: SolutionView) -> int:
        below = [view.held[e.id] for e in inst.exporters if view.held[e.id] < caps[e.id]]
        return min(below) if below else top

    v.register(z, level)
    for e in inst.exporters:
        v.register(floors[e.id], lambda view, cap=caps[e.id]: min(level(view), cap))
    return z


def s1b_next_worst(
    m: cp_model.CpModel, inst: Instance, v: SelectionVars, worst_off: int
) -> cp_model.LinearExprT:
    """S1b (fairness, second): exporters lifted one meeting above the worst-off level.

    Counts exporters with held_e >= t_e = min(worst_off + 1, cap_e). Once S1a
    holds (held_e >= min(worst_off, cap_e)), each exporter is either at its
    target or exactly one below it, so the count equals
    ``sum_e min(held_e, t_e) - sum_e (t_e - 1)``: a linear expression with one
    bounded integer per exporter (``u_e <= held_e``, ``u_e <= t_e``) and no
    indicator literals, whose LP relaxation is tight.
    """
    caps = inst.fairness_cap
    terms: list[cp_model.LinearExprT] = []
    offset = 0
    for e in inst.exporters:
        if e.id in inst.departed:  # out of fairness (it was counted above the level)
            continue
        target = min(worst_off + 1, caps[e.id])
        offset += 1 - target
        if target <= 0:
            continue
        u = m.new_int_var(0, target, f"S1b[{e.id}]")
        m.add(u <= v.held_by(e.id)).with_name(f"S1b:{e.id}")
        v.register(u, lambda view, e=e.id, t=target: min(view.held[e], t))
        terms.append(u)
    return sum(terms) + offset


def s2_value(inst: Instance, v: SelectionVars) -> cp_model.LinearExprT:
    """S2 (value): total weight of held requests (``domain.request_weight``)."""
    return sum(inst.weight[r.key] * v.held(r.key) for r in inst.requests if v.sessions_of[r.key])


def s3_changes(
    m: cp_model.CpModel, inst: Instance, v: SelectionVars, baseline: Mapping[Key, int]
) -> cp_model.LinearExprT:
    """S3 (stability), stage-1 part: ``CHANGE_COST_CANCELLED`` (3) per dropped
    published meeting, ``CHANGE_COST_MOVED`` (2) per one moved to another half-day
    (moves within a half-day are stage 2's).

    ``baseline`` maps a published pair (still requested) to its published session.
    """
    terms = []
    for key, h in sorted(baseline.items()):
        if key not in v.sessions_of:
            continue
        kept = v.z.get((key, h))
        held = v.held(key)
        # dropped = 1 - held; moved = held - kept
        terms.append(
            CHANGE_COST_CANCELLED * (1 - held)
            + CHANGE_COST_MOVED * (held - (kept if kept is not None else 0))
        )
    return sum(terms)


def s4_buyer_half_days(
    m: cp_model.CpModel, inst: Instance, v: SelectionVars
) -> cp_model.LinearExprT:
    """S4 (compactness): number of (buyer, half-day) pairs with at least one meeting."""
    terms = []
    for b in inst.buyers:
        for h in inst.sessions:
            lits = v.for_company_in_session(b.id, h)
            if not lits:
                continue
            on_site = m.new_bool_var(f"S4[{b.id}@{h}]")
            m.add_max_equality(on_site, lits)
            # Redundant linking constraint: a much stronger LP relaxation than
            # the max-equality alone (which only gives on_site >= z).
            cap = inst.company_capacity(b.id, h)
            m.add(sum(lits) <= min(cap, len(lits)) * on_site)
            v.register(on_site, lambda view, b=b.id, h=h: (b, h) in view.on_site)
            terms.append(on_site)
    return sum(terms)
