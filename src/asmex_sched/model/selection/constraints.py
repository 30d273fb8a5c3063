"""Stage 1's hard rules (docs/model.md), one function per rule id.

H1 (a pair meets once), H2 (a company's delegates per slot, as a per-session
capacity), H4 (tables), H5 (interpreters) and H6 (a company's ``max_meetings``) are
listed in ``HARD_RULES``; H7 and H8 (fixed and pinned meetings) are
:func:`add_h7_h8_required`. The per-session capacities are tightened by
:func:`window_cuts` over sub-windows of a half-day, which the LP bound
(``bound.value_lp_bound``) reuses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from ortools.sat.python import cp_model

from asmex_sched.domain import Instance
from asmex_sched.model.keys import Key
from asmex_sched.model.selection.variables import SelectionVars

V = TypeVar("V")


# ------------------------------------------------------------------ hard rules
def window_cuts(
    items: Sequence[tuple[Sequence[int], V]], per_slot: Callable[[int], int]
) -> list[tuple[list[V], int, tuple[int, int]]]:
    """Per-slot capacity over sub-windows of a session (the H2/H4/H5 cuts below, and
    the LP bound's, ``bound.value_lp_bound``): ``(variables, capacity, window)``.

    ``items`` are the (candidate slots, variable) of the meetings sharing one resource
    in one session. A session-wide capacity alone lets stage 1 choose meetings
    that stage 2 cannot place when availability covers part of a half-day
    (e.g. eight meetings whose common slots are only the first two of a
    company's session). For every window W = [lo, hi] of slots, the meetings
    whose candidate slots all lie inside W need ``per_slot(t)`` at each slot t they
    can use:  sum_{r: slots(r) within W} z[r,h] <= sum_{t in union of their slots} per_slot(t).
    These hold for every valid agenda (Hall's condition for one resource), so
    they cut only bucket solutions that cannot be slotted. Only the windows
    spanned by the meetings' own first and last slots are tried, and a cut is
    returned only when it can bind (more meetings than its capacity).
    """
    by_window: dict[tuple[int, int], list[V]] = defaultdict(list)
    used_by_window: dict[tuple[int, int], set[int]] = defaultdict(set)
    for slots, var in items:
        w = (min(slots), max(slots))
        by_window[w].append(var)
        used_by_window[w].update(slots)
    if len(by_window) < 2:
        return []
    los = sorted({w[0] for w in by_window})
    his = sorted({w[1] for w in by_window})
    whole = (los[0], his[-1])
    cuts = []
    for lo in los:
        for hi in his:
            if hi < lo or (lo, hi) == whole:
                continue  # the whole session is the session-wide constraint
            inside = [w for w in by_window if lo <= w[0] and w[1] <= hi]
            lits = [var for w in inside for var in by_window[w]]
            cap = sum(map(per_slot, set().union(*(used_by_window[w] for w in inside))))
            if len(lits) > cap:
                cuts.append((lits, cap, (lo, hi)))
    return cuts


def add_window_cuts(
    m: cp_model.CpModel,
    items: list[tuple[list[int], cp_model.IntVar]],
    per_slot: Callable[[int], int],
    name: str,
) -> int:
    """The :func:`window_cuts` of ``items`` as constraints of ``m``; how many."""
    cuts = window_cuts(items, per_slot)
    for lits, cap, (lo, hi) in cuts:
        m.add(sum(lits) <= cap).with_name(f"{name}[{lo}-{hi}]")
    return len(cuts)


def add_h1_pair_once(m: cp_model.CpModel, inst: Instance, v: SelectionVars) -> None:
    """H1 (hard): a requested pair meets at most once.

    For every request r:  sum_h z[r,h] <= 1. Only requested pairs have variables.
    """
    for r in inst.requests:
        lits = [v.z[(r.key, h)] for h in v.sessions_of[r.key]]
        if len(lits) > 1:
            m.add_at_most_one(lits).with_name(f"H1:{r.exporter_id}~{r.buyer_id}")


def add_h2_company_capacity(m: cp_model.CpModel, inst: Instance, v: SelectionVars) -> None:
    """H2 + H3 (hard), per session: a company holds at most ``delegates`` meetings per slot,
    only in slots where it is available.

    For every company c and session h:
    sum_{r ∋ c} z[r,h] <= sum_{t of h usable by c} delegates_c(t)  (``delegates_at``).
    """
    for cid in sorted(inst.companies):
        for h in inst.sessions:
            lits = v.for_company_in_session(cid, h)
            if not lits:
                continue
            cap = inst.company_capacity(cid, h)
            if len(lits) > cap:
                m.add(sum(lits) <= cap).with_name(f"H2:{cid}@{h}")
            items = [(v.slots_in(key, h), v.z[(key, h)]) for key in v.pairs_of(cid, h)]
            add_window_cuts(
                m, items, lambda t, cid=cid: inst.delegates_at(cid, t), f"H2:{cid}@{h}"
            )


def add_h4_tables(m: cp_model.CpModel, inst: Instance, v: SelectionVars) -> None:
    """H4 (hard), per session: at most ``tables`` meetings per slot.

    For every session h:  sum_r z[r,h] <= sum_{usable slots t of h} tables(t)
    (``tables_at``: the setting, or what was held there if more).
    """
    for h in inst.sessions:
        pairs = v.in_session(h)
        cap = inst.session_capacity(h)
        if len(pairs) > cap:
            m.add(sum(var for _, var in pairs) <= cap).with_name(f"H4:{h}")
        items = [(v.slots_in(key, h), var) for key, var in pairs]
        add_window_cuts(m, items, inst.tables_at, f"H4:{h}")


def add_h5_interpreters(m: cp_model.CpModel, inst: Instance, v: SelectionVars) -> None:
    """H5 (hard), per session: at most ``interpreters`` interpreted meetings per slot.

    For every session h:  sum_{r needs interpreter} z[r,h] <= sum_{usable t} I(t)
    (``interpreters_at``).
    """
    for h in inst.sessions:
        pairs = [(key, var) for key, var in v.in_session(h) if inst.interpreter_needed[key]]
        cap = inst.session_capacity(h, interpreted=True)
        if len(pairs) > cap:
            m.add(sum(var for _, var in pairs) <= cap).with_name(f"H5:{h}")
        items = [(v.slots_in(key, h), var) for key, var in pairs]
        add_window_cuts(m, items, inst.interpreters_at, f"H5:{h}")


def add_h6_max_meetings(m: cp_model.CpModel, inst: Instance, v: SelectionVars) -> None:
    """H6 (hard): a company holds at most ``max_meetings`` meetings over the mission (or
    what it held before the re-planning horizon, if more: ``Instance.max_meetings_of``)."""
    for cid in sorted(inst.companies):
        cap = inst.max_meetings_of(cid)
        if cap is not None and len(inst.requests_of[cid]) > cap:
            m.add(v.held_by(cid) <= cap).with_name(f"H6:{cid}")


HARD_RULES = (
    add_h1_pair_once,
    add_h2_company_capacity,
    add_h4_tables,
    add_h5_interpreters,
    add_h6_max_meetings,
)


def add_h7_h8_required(
    m: cp_model.CpModel, inst: Instance, v: SelectionVars, required: Mapping[Key, int]
) -> None:
    """H7 (hard): a fixed meeting of the roster is held at its slot; H8 (hard): so is a
    meeting pinned by a re-plan. Stage 1 holds it in its slot's half-day
    (``SelectionVars.fix``, named by its own rule); stage 2 in the slot itself."""
    session_of_slot = {s.index: s.session for s in inst.slots}
    for key, s in sorted(required.items()):
        v.fix(key, session_of_slot[s])
