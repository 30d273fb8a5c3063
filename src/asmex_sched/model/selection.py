"""Stage 1: choose the meetings and a half-day session for each (CP-SAT).

One boolean ``z[r,h]`` per request ``r`` and half-day session ``h`` in which
both parties share an available slot. Slots inside a session are
interchangeable for capacity purposes, so each per-slot capacity becomes a
per-session capacity (capacity x usable slots). When every participant is
present for a whole session this loses nothing (König's edge-colouring
theorem, see docs/model.md); otherwise stage 2 may be unable to place a
meeting, and the repair step handles it.

Each hard rule is one function, named after its rule id (docs/model.md); so is
each objective tier. H3 (availability) and H9 (the re-planning horizon) add no
constraint: variables exist only at a pair's candidate slots, which
``domain.Instance.candidates`` computes for both stages. Only this package
imports ortools.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from ortools.sat.python import cp_model

from asmex_sched.domain import CHANGE_COST_CANCELLED, CHANGE_COST_MOVED, Instance
from asmex_sched.greedy import Occupancy

Key = tuple[str, str]
V = TypeVar("V")


class SolutionView:
    """Counts derived from a pair -> session solution, for hinting auxiliaries."""

    def __init__(self, sessions: Mapping[Key, int]):
        self.held: dict[str, int] = defaultdict(int)
        self.on_site: set[tuple[str, int]] = set()
        for (e, b), h in sessions.items():
            self.held[e] += 1
            self.held[b] += 1
            self.on_site.add((b, h))


class SelectionVars:
    """Sparse ``z[(pair, session)]`` booleans, created only for allowed pairs (H3)."""

    def __init__(self, model: cp_model.CpModel, instance: Instance) -> None:
        self.model = model
        self.instance = instance
        self.z: dict[tuple[Key, int], cp_model.IntVar] = {}
        self.sessions_of: dict[Key, list[int]] = {}
        session_of_slot = {s.index: s.session for s in instance.slots}
        for r in instance.requests:  # sorted by key: deterministic variable order
            sessions = sorted({session_of_slot[s] for s in instance.candidates[r.key]})
            self.sessions_of[r.key] = sessions
            for h in sessions:
                self.z[(r.key, h)] = model.new_bool_var(f"z[{r.exporter_id}~{r.buyer_id}@{h}]")
        self._slots_in: dict[tuple[Key, int], list[int]] = defaultdict(list)
        for r in instance.requests:
            for s in instance.candidates[r.key]:
                self._slots_in[(r.key, session_of_slot[s])].append(s)
        self._pairs_of: dict[tuple[str, int], list[Key]] = defaultdict(list)
        self._by_company_session: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
        self._by_session: dict[int, list[tuple[Key, cp_model.IntVar]]] = defaultdict(list)
        for (key, h), var in self.z.items():
            for cid in key:
                self._by_company_session[(cid, h)].append(var)
                self._pairs_of[(cid, h)].append(key)
            self._by_session[h].append((key, var))
        self._held: dict[Key, cp_model.LinearExprT] = {}
        self._aux: list[tuple[cp_model.IntVar, Callable[[SolutionView], int]]] = []

    def held(self, key: Key) -> cp_model.LinearExprT:
        """1 if the pair meets (in any session), as a linear expression."""
        if key not in self._held:
            self._held[key] = sum(self.z[(key, h)] for h in self.sessions_of[key])
        return self._held[key]

    def for_company_in_session(self, cid: str, h: int) -> list[cp_model.IntVar]:
        return self._by_company_session.get((cid, h), [])

    def slots_in(self, key: Key, h: int) -> list[int]:
        """The pair's candidate slots in session ``h``."""
        return self._slots_in[(key, h)]

    def pairs_of(self, cid: str, h: int) -> list[Key]:
        """Pairs of company ``cid`` that may meet in session ``h``."""
        return self._pairs_of.get((cid, h), [])

    def in_session(self, h: int) -> list[tuple[Key, cp_model.IntVar]]:
        return self._by_session.get(h, [])

    def held_by(self, cid: str) -> cp_model.LinearExprT:
        """Number of meetings of company ``cid``."""
        return sum(self.held(r.key) for r in self.instance.requests_of[cid])

    def fix(self, key: Key, session: int) -> bool:
        """Force the pair into ``session``; False when that is impossible. Named by its
        rule: H7 for a fixed meeting of the roster, H8 for a pinned one (re-planning;
        both were named H7, an audit)."""
        var = self.z.get((key, session))
        if var is None:
            return False
        rule = self.instance.required_rule(key)
        self.model.add(var == 1).with_name(f"{rule}:{key[0]}~{key[1]}@{session}")
        return True

    def register(self, var: cp_model.IntVar, value: Callable[[SolutionView], int]) -> None:
        """An auxiliary variable and how to compute its value from a solution,
        so that hints stay complete (CP-SAT benefits much more from those)."""
        self._aux.append((var, value))

    def hint(self, sessions: Mapping[Key, int]) -> None:
        """Complete hint: pairs in ``sessions`` held there, every other z at 0,
        and every registered auxiliary variable at its implied value."""
        self.model.clear_hints()
        for (key, h), var in self.z.items():
            self.model.add_hint(var, sessions.get(key) == h)
        view = SolutionView(sessions)
        for var, value in self._aux:
            self.model.add_hint(var, value(view))

    def extract(self, solver: cp_model.CpSolver) -> dict[Key, int]:
        """Pair -> chosen session in the solver's last solution."""
        return {key: h for (key, h), var in self.z.items() if solver.boolean_value(var)}


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


def half_day_positions(inst: Instance) -> dict[int, int]:
    """Each half-day's position in the mission, 0 for the first (rule S6)."""
    return {h: i for i, h in enumerate(sorted(inst.sessions))}


def earlier_half_days(
    inst: Instance, slots: Mapping[Key, int], fixed: Mapping[Key, int]
) -> tuple[dict[Key, int], int]:
    """Rule S6, the last tie-break: whole half-days exchanged with earlier ones.

    A small mission's meetings all went to its last afternoons, the first day left
    empty and nothing to move to (a walkthrough as a coordinator): every tier was
    indifferent to which half-days. Two half-days exchange their meetings, each at the
    same position (its slot's rank in the half-day) in the other, when the later holds
    more, every meeting's position exists in the other half-day and it can be held
    there (its candidates: both parties available, H3; after the horizon, H9) and
    neither holds a meeting of ``fixed`` (fixed, pinned or published: they stay). A
    morning and an afternoon of as many slots exchange too (a mission without a lunch
    break had its first morning empty and its meetings from 13:00: a docs auditor).
    Each slot's meetings move together, so tables, interpreters (H4, H5) and
    delegates (H2) hold as before (the same figures at every slot after the horizon),
    and every company's half-days and its idle slots within each (counted by
    position) are only renumbered: S1a-S5 are unchanged. Deterministic; returns the
    plan and the number of exchanges."""
    sessions = inst.sessions
    where = {s.index: (h, i) for h, row in sessions.items() for i, s in enumerate(row)}
    plan = dict(slots)
    members: dict[int, list[Key]] = {h: [] for h in sessions}
    for key, s in sorted(plan.items()):
        members[where[s][0]].append(key)
    candidates: dict[Key, frozenset[int]] = {}

    def fits(key: Key, h: int) -> int | None:
        """The slot ``key`` takes in half-day ``h`` (same position), if it may."""
        if key not in candidates:
            candidates[key] = frozenset(inst.candidates.get(key, ()))
        position = where[plan[key]][1]
        if position >= len(sessions[h]):
            return None
        target = sessions[h][position].index
        return target if target in candidates[key] else None

    order = sorted(sessions)
    exchanges = 0
    changed = True
    while changed:  # each exchange brings meetings earlier: it ends
        changed = False
        for i, early in enumerate(order):
            for late in order[i + 1 :]:
                a, b = members[early], members[late]
                if len(b) <= len(a):
                    continue
                if any(k in fixed for k in (*a, *b)):
                    continue
                moves = {k: fits(k, late) for k in a} | {k: fits(k, early) for k in b}
                if any(t is None for t in moves.values()):
                    continue
                plan.update({k: t for k, t in moves.items() if t is not None})
                members[early], members[late] = sorted(b), sorted(a)
                exchanges += 1
                changed = True
    return plan, exchanges


def earlier_in_half_days(
    inst: Instance, slots: Mapping[Key, int], fixed: Mapping[Key, int]
) -> tuple[dict[Key, int], int]:
    """Rule S6 within a half-day: a half-day whose first slots hold no meeting at all
    has its meetings moved up together, each by as many positions, as far as every one
    can be held there (its candidates) and none is ``fixed`` (fixed, pinned or
    published: they stay). A lone meeting of a small mission sat at 09:30 with 09:00
    free (a programme tester): every tier was indifferent. Each slot's meetings move
    together to one slot, so tables, interpreters and delegates hold as before, and
    every company's idle slots within the half-day (counted by position) are unchanged:
    S1a-S5 are as before. Deterministic; returns the plan and the half-days moved up."""
    sessions = inst.sessions
    where = {s.index: (h, i) for h, row in sessions.items() for i, s in enumerate(row)}
    plan = dict(slots)
    members: dict[int, list[Key]] = {}
    for key, s in sorted(plan.items()):
        members.setdefault(where[s][0], []).append(key)
    moved = 0
    candidates: dict[Key, frozenset[int]] = {}
    for h, keys in sorted(members.items()):
        first = min(where[plan[k]][1] for k in keys)
        if not first or any(k in fixed for k in keys):
            continue
        for k in keys:
            if k not in candidates:
                candidates[k] = frozenset(inst.candidates.get(k, ()))
        for shift in range(first, 0, -1):
            targets = {k: sessions[h][where[plan[k]][1] - shift].index for k in keys}
            if all(t in candidates[k] for k, t in targets.items()):
                plan.update(targets)
                moved += 1
                break
    return plan, moved


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


class SessionLoad:
    """Stage-1 capacities and the load of a pair -> session solution (pure Python).

    The same capacities as the model's H2 (per company and session), H4 and H5
    (per session) and H6 (per company); used by the local searches below.
    """

    def __init__(self, inst: Instance, sessions: Mapping[Key, int]):
        self.inst = inst
        self.sess: dict[Key, int] = dict(sessions)
        session_of_slot = {s.index: s.session for s in inst.slots}
        self.cand_sessions = {
            r.key: sorted({session_of_slot[s] for s in inst.candidates[r.key]})
            for r in inst.requests
        }
        self.table_cap = {h: inst.session_capacity(h) for h in inst.sessions}
        self.interp_cap = {h: inst.session_capacity(h, interpreted=True) for h in inst.sessions}
        self.load_cs: dict[tuple[str, int], int] = defaultdict(int)
        self.load_c: dict[str, int] = defaultdict(int)
        self.load_s: dict[int, int] = defaultdict(int)
        self.load_i: dict[int, int] = defaultdict(int)
        for key, h in self.sess.items():
            self._count(key, h, 1)

    def _count(self, key: Key, h: int, sign: int) -> None:
        for cid in key:
            self.load_cs[(cid, h)] += sign
            self.load_c[cid] += sign
        self.load_s[h] += sign
        self.load_i[h] += sign * self.inst.interpreter_needed[key]

    def fits(self, key: Key, h: int, *, moving: bool = False) -> bool:
        """Whether ``key`` can be held in session ``h`` (``moving``: it is held already)."""
        inst = self.inst
        for cid in key:
            if not self.free(cid, h):
                return False
            cap = inst.max_meetings_of(cid)
            if not moving and cap is not None and self.load_c[cid] >= cap:
                return False
        return self.load_s[h] < self.table_cap.get(h, 0) and (
            not inst.interpreter_needed[key] or self.load_i[h] < self.interp_cap.get(h, 0)
        )

    def free(self, cid: str, h: int) -> bool:
        """Whether company ``cid`` has room for one more meeting in session ``h`` (H2)."""
        return self.load_cs[(cid, h)] < self.inst.company_capacity(cid, h)

    def fits_swap(self, a: Key, b: Key) -> bool:
        """Whether ``a`` and ``b`` (both held) can exchange their sessions, as far as
        the capacities go: the caller checks that each session is a candidate of the
        meeting going there (H3)."""
        ha, hb = self.sess[a], self.sess[b]
        if not _swap_keeps_delegates(self, a, b, ha, hb):
            return False
        inst = self.inst
        shift = inst.interpreter_needed[a] - inst.interpreter_needed[b]  # into hb
        return (
            self.load_i[hb] + shift <= self.interp_cap.get(hb, 0)
            and self.load_i[ha] - shift <= self.interp_cap.get(ha, 0)
        )

    def add(self, key: Key, h: int) -> None:
        self.sess[key] = h
        self._count(key, h, 1)

    def remove(self, key: Key) -> None:
        self._count(key, self.sess.pop(key), -1)

    def move(self, key: Key, dst: int) -> None:
        self._count(key, self.sess[key], -1)
        self.sess[key] = dst
        self._count(key, dst, 1)

    def session_of(self, place: int) -> int:
        return place


class SlotLoad:
    """The same interface as :class:`SessionLoad` with slots as places.

    A pair -> *slot* plan and the exact per-slot rules (H2, H4, H5, H6 via
    :class:`asmex_sched.greedy.Occupancy`), so the local searches below keep a
    plan that needs no slotting to be valid. Used on instances too large for
    the stage-1 solves, where a session-level plan can be unpackable into a
    full half-day.
    """

    def __init__(self, inst: Instance, slots: Mapping[Key, int]):
        self.inst = inst
        self.occ = Occupancy(inst)
        for key, s in sorted(slots.items()):
            self.occ.add(key, s)
        self.sess = self.occ.slot_of  # pair -> place, as SessionLoad.sess
        self.cand_sessions = {r.key: list(inst.candidates[r.key]) for r in inst.requests}
        self._session = {s.index: s.session for s in inst.slots}

    def fits(self, key: Key, s: int, *, moving: bool = False) -> bool:
        if not moving:
            return self.occ.fits(key, s)
        old = self.occ.slot_of[key]
        self.occ.remove(key)
        ok = self.occ.fits(key, s)
        self.occ.add(key, old)
        return ok

    def free(self, cid: str, s: int) -> bool:
        """Whether company ``cid`` has a delegate free at slot ``s`` (H2)."""
        return self.occ.busy[(cid, s)] < self.inst.delegates_at(cid, s)

    def fits_swap(self, a: Key, b: Key) -> bool:
        """Whether ``a`` and ``b`` (both held) can exchange their slots, as far as the
        capacities go: the caller checks that each slot is a candidate of the meeting
        going there (H3)."""
        occ, inst = self.occ, self.inst
        sa, sb = occ.slot_of[a], occ.slot_of[b]
        if not _swap_keeps_delegates(self, a, b, sa, sb):
            return False
        shift = inst.interpreter_needed[a] - inst.interpreter_needed[b]  # into sb
        return occ.interp[sb] + shift <= inst.interpreters_at(sb) and (
            occ.interp[sa] - shift <= inst.interpreters_at(sa)
        )

    def add(self, key: Key, s: int) -> None:
        self.occ.add(key, s)

    def remove(self, key: Key) -> None:
        self.occ.remove(key)

    def move(self, key: Key, dst: int) -> None:
        self.occ.remove(key)
        self.occ.add(key, dst)

    def session_of(self, place: int) -> int:
        return self._session[place]


Load = SessionLoad | SlotLoad


def _swap_keeps_delegates(load: Load, a: Key, b: Key, pa: int, pb: int) -> bool:
    """H2 for ``a`` (at ``pa``) and ``b`` (at ``pb``) exchanging places: every
    company of one meeting but not of the other has room where it goes (a company
    of both keeps its load)."""
    for key, dst in ((a, pb), (b, pa)):
        for cid in key:
            if not (cid in a and cid in b) and not load.free(cid, dst):
                return False
    return True


def fill_sessions(inst: Instance, sessions: Mapping[Key, int]) -> dict[Key, int]:
    """Add every request that still fits a session (greedy order): a better hint.

    Adding meetings never lowers S1a, S1b or S2 and never adds a change (S3),
    so the result stays feasible for every tier kept so far except S4 (more
    half-days); it is used between the fairness and value solves, whose own
    searches start from the (value-blind) fairness solutions otherwise.
    """
    load = SessionLoad(inst, sessions)
    order = sorted(
        (r for r in inst.requests if r.key not in load.sess),
        key=lambda r: (-inst.weight[r.key], r.priority, r.key),
    )
    for r in order:
        for h in load.cand_sessions[r.key]:
            if load.fits(r.key, h):
                load.add(r.key, h)
                break
    return load.sess


def compact_buyers(
    inst: Instance,
    sessions: Mapping[Key, int],
    fixed: Mapping[Key, int],
    load_type: type[Load] = SessionLoad,
) -> dict[Key, int]:
    """Local search for S4 on a stage-1 solution: empty buyers' thinly used half-days.

    For each buyer and each half-day it uses (fewest meetings first), try to move
    all its meetings there into half-days where the buyer is already on site,
    keeping every stage-1 capacity (H2 per company and session, H4 and H5 per
    session). A meeting that does not fit there as it is (the tables are full,
    as on a congested mission) is **exchanged** with a meeting held there whose
    buyer is on site in the first one's half-day too: the two swap places, so no
    half-day is added and no table count changes (:func:`_exchange`). Only
    complete evacuations are kept, so S4 strictly decreases and no tier above it
    changes (S5, idle slots, may rise on slots). Deterministic; used to hint the
    S4 solve, whose LP bound is too weak for CP-SAT to find such moves quickly by
    itself (with the exchange, the S4 solve found nothing better on the six small
    benchmark missions: see docs/performance.md). With ``load_type=SlotLoad``
    the plan maps pairs to slots and moves keep every per-slot rule.
    """
    load = load_type(inst, sessions)
    sess = load.sess
    cand_sessions = load.cand_sessions
    half_day = load.session_of
    site = _Site(sess, half_day, cand_sessions)

    def move(key: Key, dst: int) -> None:
        site.leave(key, sess[key])
        load.move(key, dst)
        site.come(key, dst)

    keys_of_buyer: dict[str, list[Key]] = defaultdict(list)
    for key in sorted(sess):
        keys_of_buyer[key[1]].append(key)
    improved = True
    while improved:
        improved = False
        for b in inst.buyers:
            mine: dict[int, list[Key]] = defaultdict(list)
            for key in keys_of_buyer.get(b.id, []):
                mine[half_day(sess[key])].append(key)
            for src in sorted(mine, key=lambda h: (len(mine[h]), h)):
                keys = mine[src]
                if not keys or any(k in fixed for k in keys):
                    continue
                targets = {h for h in mine if h != src and mine[h]}
                done: list[tuple[Key, int]] = []  # (meeting, where it was), in move order
                for key in keys:
                    dst = next(
                        (
                            p
                            for p in cand_sessions[key]
                            if half_day(p) in targets and load.fits(key, p, moving=True)
                        ),
                        None,
                    )
                    if dst is not None:
                        done.append((key, sess[key]))
                        move(key, dst)
                    elif not _exchange(load, site, key, targets, fixed, done, move):
                        break
                else:
                    for key in keys:
                        mine[half_day(sess[key])].append(key)
                    mine[src] = []
                    improved = True
                    continue
                for key, origin in reversed(done):
                    move(key, origin)
    return sess


def bring_home(
    inst: Instance, slots: Mapping[Key, int], home: Mapping[Key, int], fixed: Mapping[Key, int]
) -> dict[Key, int]:
    """S3's tie-break, when re-planning: announced meetings whose time is no longer a
    slot (``home``: pair -> the half-day of its announced time) held in another
    half-day move to a free slot of their home half-day, the earliest that keeps every
    per-slot rule (H2, H4, H5; H3 and H9 through its candidate slots). They cost 2 in
    S3 wherever they are, so S1a-S3 are unchanged; S4 and S5 may rise (an announced
    meeting near its time ranks before a buyer's half-days: docs/model.md, S3). Nothing
    else moves; ``fixed`` meetings stay. Deterministic (pairs in order)."""
    load = SlotLoad(inst, slots)
    plan = dict(slots)
    for key, h in sorted(home.items()):
        if key not in plan or key in fixed or load.session_of(plan[key]) == h:
            continue
        for s in inst.candidates[key]:
            if load.session_of(s) == h and load.fits(key, s, moving=True):
                load.move(key, s)
                plan[key] = s
                break
    return plan


def close_buyer_gaps(
    inst: Instance, slots: Mapping[Key, int], fixed: Mapping[Key, int]
) -> dict[Key, int]:
    """Local search for S5 on a slot plan: buyers' idle slots.

    A buyer's idle slots in a half-day are the slots between its first and last
    meeting there where it meets nobody. Within the half-day, the meetings that can
    lower them by moving are those at either end of that span and those sharing
    their slot with another of the buyer's meetings (a buyer with two delegates):
    brought into an idle slot of the span, each lowers it by at least one. For
    each buyer and half-day with idle slots (in id order), such a meeting moves to
    an idle slot inside the span where every per-slot rule still holds (H2, H4,
    H5; H3 and the re-planning horizon through the request's candidate slots), or
    exchanges slots with a meeting held there when that lowers the two buyers'
    idle slots together. Meetings in ``fixed`` (published, fixed, pinned) never
    move, nothing leaves its half-day and nothing is added or dropped, so every
    tier above S5 is unchanged, and S5 strictly falls at each step. Deterministic.
    """
    load = SlotLoad(inst, slots)
    plan = load.sess
    site = _Site(plan, load.session_of, load.cand_sessions)  # meetings per slot
    pos: dict[int, tuple[int, int]] = {}  # slot -> (half-day, position in it)
    for h, session in inst.sessions.items():
        for i, slot in enumerate(session):
            pos[slot.index] = (h, i)
    mine: dict[tuple[str, int], list[Key]] = defaultdict(list)  # (buyer, half-day)
    for key, s in sorted(plan.items()):
        mine[(key[1], pos[s][0])].append(key)

    def idle_of(positions: list[int]) -> int:
        busy = set(positions)
        return max(busy) - min(busy) + 1 - len(busy) if busy else 0

    known: dict[tuple[str, int], tuple[list[int], int]] = {}

    def state(b: str, h: int) -> tuple[list[int], int]:
        """A buyer's positions in a half-day and its idle slots there (cached until
        one of its meetings moves)."""
        if (b, h) not in known:
            ps = [pos[plan[k]][1] for k in mine[(b, h)]]
            known[(b, h)] = ps, idle_of(ps)
        return known[(b, h)]

    def idle(b: str, h: int) -> int:
        return state(b, h)[1]

    def place(key: Key, dst: int) -> None:
        known.pop((key[1], pos[dst][0]), None)
        site.leave(key, plan[key])
        load.move(key, dst)
        site.come(key, dst)

    def exchange(a: Key, c: Key) -> None:
        sa, sc = plan[a], plan[c]
        for key in (a, c):
            known.pop((key[1], pos[plan[key]][0]), None)
            site.leave(key, plan[key])
            load.remove(key)
        load.add(a, sc)
        load.add(c, sa)
        site.come(a, sc)
        site.come(c, sa)

    def shifted(ps: list[int], old: int, new: int) -> list[int]:
        out = list(ps)
        out.remove(old)
        return [*out, new]

    def step(b: str, h: int) -> bool:
        """One move or exchange that lowers ``b``'s idle slots in ``h``, if any.
        Idle slots are counted before anything is moved: only a step that lowers
        them is tried against the rules."""
        mine_pos, before = state(b, h)
        lo, hi = min(mine_pos), max(mine_pos)
        holes = [
            (i, slot.index)
            for i, slot in enumerate(inst.sessions[h])
            if lo < i < hi and i not in mine_pos
        ]
        shared = {i for i in mine_pos if mine_pos.count(i) > 1}
        for key in sorted(k for k in mine[(b, h)] if pos[plan[k]][1] in {lo, hi, *shared}):
            if key in fixed:
                continue
            src = plan[key]
            i_src = pos[src][1]
            for i_t, t in holes:
                if t not in site.candidates(key):
                    continue
                after = idle_of(shifted(mine_pos, i_src, i_t))  # below ``before``
                if load.fits(key, t, moving=True):
                    place(key, t)
                    return True
                for other in sorted(site.at[t]):
                    if other in fixed:
                        continue
                    theirs, their_idle = state(other[1], h)
                    if idle_of(shifted(theirs, i_t, i_src)) >= before - after + their_idle:
                        continue
                    if src in site.candidates(other) and load.fits_swap(key, other):
                        exchange(key, other)
                        return True
        return False

    improved = True
    while improved:
        improved = False
        for b, h in sorted(mine):
            while idle(b, h) and step(b, h):
                improved = True
    return dict(plan)


class _Site:
    """Meetings of each place and of each buyer in each half-day, kept up to date
    by :func:`compact_buyers` (its exchange looks for buyers already on site)."""

    def __init__(
        self,
        plan: Mapping[Key, int],
        half_day: Callable[[int], int],
        candidates: Mapping[Key, list[int]],
    ):
        self.half_day = half_day
        self._candidates = candidates
        self._candidate_sets: dict[Key, frozenset[int]] = {}
        self.at: dict[int, dict[Key, None]] = defaultdict(dict)  # an ordered set per place
        self.on_site: dict[tuple[str, int], int] = defaultdict(int)
        for key, p in sorted(plan.items()):
            self.come(key, p)

    def come(self, key: Key, place: int) -> None:
        self.at[place][key] = None
        self.on_site[(key[1], self.half_day(place))] += 1

    def leave(self, key: Key, place: int) -> None:
        del self.at[place][key]
        self.on_site[(key[1], self.half_day(place))] -= 1

    def candidates(self, key: Key) -> frozenset[int]:
        """The places ``key`` can be held at, as a set (made on first use)."""
        got = self._candidate_sets.get(key)
        if got is None:
            got = self._candidate_sets[key] = frozenset(self._candidates[key])
        return got


def _exchange(
    load: Load,
    site: _Site,
    key: Key,
    targets: set[int],
    fixed: Mapping[Key, int],
    done: list[tuple[Key, int]],
    move: Callable[[Key, int], None],
) -> bool:
    """Move ``key`` to a place in one of the ``targets`` half-days by sending a
    meeting held there to ``key``'s place; both moves are logged in ``done``.

    The other meeting must not be fixed, must be another buyer's, that buyer must
    be on site in ``key``'s half-day already, and ``key``'s place must be one of
    its candidates; after the swap both must fit (``fits_swap``: every capacity
    of the load; tables do not change).
    The first such meeting, in place then insertion order, is taken."""
    origin = load.sess[key]
    home = site.half_day(origin)
    exporter, buyer = key
    for place in load.cand_sessions[key]:
        # The buyer must have a delegate free there (the other meeting is another
        # buyer's); the exporter too, unless the other meeting is its own.
        if site.half_day(place) not in targets or not load.free(buyer, place):
            continue
        exporter_free = load.free(exporter, place)
        for other in site.at[place]:  # the loop returns right after any move
            if (
                other[1] == buyer
                or not (exporter_free or other[0] == exporter)
                or site.on_site[(other[1], home)] == 0
                or other in fixed
                or origin not in site.candidates(other)
            ):
                continue
            if load.fits_swap(key, other):
                done.append((other, place))
                move(other, origin)
                done.append((key, origin))
                move(key, place)
                return True
    return False


class _Tracked:
    """A load plus what the local searches ask of a plan: meetings per exporter
    and the meetings of each company at each place (session or slot)."""

    def __init__(self, inst: Instance, plan: Mapping[Key, int], load_type: type[Load]):
        self.load = load_type(inst, plan)
        self.sess = self.load.sess
        self.held = {e.id: 0 for e in inst.exporters}
        self.at: dict[tuple[str, int], list[Key]] = defaultdict(list)
        # every meeting at each place (a dict as an insertion-ordered set)
        self.in_place: dict[int, dict[Key, None]] = defaultdict(dict)
        # meetings of each buyer in each half-day (S4: is it on site then?)
        self.on_site: dict[tuple[str, int], int] = defaultdict(int)
        for key, h in sorted(self.sess.items()):
            self._count(key, h, 1)

    def _count(self, key: Key, h: int, sign: int) -> None:
        self.held[key[0]] += sign
        for cid in key:
            if sign > 0:
                self.at[(cid, h)].append(key)
            else:
                self.at[(cid, h)].remove(key)
        if sign > 0:
            self.in_place[h][key] = None
        else:
            del self.in_place[h][key]
        self.on_site[(key[1], self.load.session_of(h))] += sign

    def add(self, key: Key, h: int) -> None:
        self.load.add(key, h)
        self._count(key, h, 1)

    def remove(self, key: Key) -> None:
        h = self.sess[key]
        self.load.remove(key)
        self._count(key, h, -1)

    def site_first(self, key: Key, places: list[int]) -> list[int]:
        """``places`` with those in a half-day when ``key``'s buyer is on site first."""
        return sorted(places, key=lambda h: self.on_site[(key[1], self.load.session_of(h))] == 0)


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


def raise_worst_off(
    inst: Instance,
    sessions: Mapping[Key, int],
    fixed: Mapping[Key, int],
    value_budget: int | None = None,
    load_type: type[Load] = SessionLoad,
    up_to: int | None = None,
    announced: Mapping[str, int] | None = None,
) -> dict[Key, int]:
    """Local search for S1a on a stage-1 solution: lift the worst-off exporters.

    Repeatedly, for every exporter at the worst-off level (and below its cap),
    add one of its requests in a session where it fits; when the buyer is full
    there, evict that buyer's meeting with an exporter at least two above the
    level (it stays above), the lightest such meeting first. Stops when some
    worst-off exporter cannot be lifted. With ``value_budget``, the weighted
    value (S2) given up in total never exceeds it (the value floor). Every
    stage-1 capacity holds throughout. With ``up_to``, it stops once the
    worst-off level reaches that value. Deterministic; used to hint the S1a
    solve, and as stage 1 itself on very large instances (there with
    ``load_type=SlotLoad``: pairs map to slots, every per-slot rule kept).

    With ``announced`` (each exporter's meetings in the agenda the companies were
    sent), to lift an exporter without any, or holding fewer than those, the meeting
    evicted may be anyone's held at that place, not only the buyer's (same
    conditions: not fixed, its exporter at least two above the level, the lightest
    first, within the value budget): it frees what the buyer's own meetings cannot,
    a table or an interpreter other companies hold. Used by the lift past the
    announced agenda (:func:`lift_past_announced`). On a 100 x 250 mission six
    exporters registering after the agenda was sent, most of whose requests need an
    interpreter, were left at 2 meetings where a fresh plan holds 5 (the mission's
    interpreters booked in every slot they were free; the buyers' own meetings did
    not use them); an on-site re-plan with an interpreter fewer left an exporter whose
    meetings all need one at 7 where 9 is proven. Open to every exporter, it lifted
    the trade fair's level above its first plan's (22 against 21) by cancelling 50
    announced meetings that a day's roster changes did not touch (kept 12 798 of
    12 845, 12 845 before): other exporters lift by the buyer's own meetings only, as
    before. Moving such a meeting to another place instead of evicting it
    lifted nobody further on those missions (interpreters were booked everywhere):
    not kept.
    """
    plan = _Tracked(inst, sessions, load_type)
    load, sess, held, add, remove = plan.load, plan.sess, plan.held, plan.add, plan.remove
    caps = inst.fairness_cap
    requests_of = {e.id: [r.key for r in inst.requests_of[e.id]] for e in inst.exporters}
    weight = inst.weight
    spent = 0  # value given up so far (negative: gained)

    def lift(e: str, level: int) -> bool:
        """Add one request of ``e``, the move that costs the least value first:
        the heaviest request that fits as is, else the lightest eviction (of the
        buyer's meetings there; for one owed meetings, ``announced``, of anyone's)."""
        nonlocal spent
        free = [k for k in requests_of[e] if k not in sess]
        for key in sorted(free, key=lambda k: (-weight[k], k)):
            for h in load.cand_sessions[key]:
                if load.fits(key, h):
                    add(key, h)
                    spent -= weight[key]
                    return True
        places = [(key, h) for key in free for h in load.cand_sessions[key]]
        victims = [(key, h, v) for key, h in places for v in plan.at[(key[1], h)]]
        if announced is not None and (not announced.get(e) or held[e] < announced[e]):
            others: dict[int, list[Key]] = {}
            for key, h in places:
                if h not in others:
                    others[h] = lightest_at(h, level)
                victims.extend((key, h, v) for v in others[h] if v[1] != key[1])
        moves = sorted(
            (weight[victim] - weight[key], key, h, victim)
            for key, h, victim in victims
            if victim not in fixed and held[victim[0]] >= level + 2
        )
        for loss, key, h, victim in moves:
            if value_budget is not None and spent + loss > value_budget:
                break  # the moves after it cost more
            remove(victim)
            if load.fits(key, h):
                add(key, h)
                spent += loss
                return True
            add(victim, h)  # undo
        return False

    def lightest_at(h: int, level: int) -> list[Key]:
        """The lightest meeting at ``h`` that may be evicted, with and without an
        interpreter (``announced``): within each, any frees the same shared capacity
        (a table; an interpreter too), so if the lightest makes no room none does."""
        best: dict[bool, Key] = {}
        for v in plan.in_place[h]:
            if v in fixed or held[v[0]] < level + 2:
                continue
            group = inst.interpreter_needed[v]
            if group not in best or (weight[v], v) < (weight[best[group]], best[group]):
                best[group] = v
        return list(best.values())

    while True:
        below = [e for e in held if held[e] < caps[e]]
        if not below:
            break
        level = min(held[e] for e in below)
        if up_to is not None and level >= up_to:
            break
        stuck = False
        for e in sorted(e for e in below if held[e] == level):
            if not lift(e, level):
                stuck = True
                break
        if stuck:
            break
    return dict(sess)


def lift_start(
    inst: Instance,
    sessions: Mapping[Key, int],
    keep: Mapping[Key, int],
    required: Mapping[Key, int],
    value_floor: int,
    replanning: bool,
    load_type: type[Load] = SessionLoad,
    up_to: int | None = None,
    announced: Mapping[str, int] | None = None,
) -> dict[Key, int]:
    """Stage 1's starting plan: ``sessions`` (the greedy plan) with its worst-off
    exporters lifted by :func:`raise_worst_off` within the value floor, the announced
    and required meetings (``keep``) left where they are (``load_type`` and ``up_to``
    as there: on slots, the local searches of the larger missions).

    When re-planning and that lift stops, it goes on with only the ``required``
    meetings kept (frozen, locked, fixed): announced meetings of exporters at least
    two above the level may then give their place, as the worst-off level ranks
    above stability; the further lift is kept only when it reaches a higher level.
    Without it, exporters registering late started at what the announced agenda
    left them, and the S1a solve did not get past it at a short limit: a cron
    tester's 3 late exporters held 6 meetings where a fresh plan proves 11, and the
    next two cron runs lifted them by cancelling 13 announced meetings that their
    own roster changes did not touch.
    """
    start = raise_worst_off(
        inst, sessions, keep, plan_value(inst, sessions) - value_floor, load_type, up_to
    )
    if not replanning:
        return start
    if announced is None:
        announced = Counter(k[0] for k in keep)
    return lift_past_announced(inst, start, required, value_floor, announced, load_type, up_to)


def lift_past_announced(
    inst: Instance,
    start: Mapping[Key, int],
    required: Mapping[Key, int],
    value_floor: int,
    announced: Mapping[str, int],
    load_type: type[Load] = SessionLoad,
    up_to: int | None = None,
) -> dict[Key, int]:
    """:func:`lift_start`'s second lift, from its first (``start``): only the
    ``required`` meetings kept; ``start`` itself unless that reaches a higher level.
    An exporter without any meeting in ``announced`` (each exporter's meetings in the
    agenda sent: registered late), or holding fewer than those (an interpreter fewer,
    a time it is now away or that left the programme), may take anyone's place
    (:func:`raise_worst_off`'s ``announced``). Counted from the announced meetings that
    could still hold, one at a time the programme no longer has did not count, and a
    late exporter's Fixed meeting counted as announced (a reader)."""
    freer = raise_worst_off(
        inst, start, required, plan_value(inst, start) - value_floor, load_type, up_to,
        announced=announced,
    )  # fmt: skip
    return freer if plan_worst_off(inst, freer) > plan_worst_off(inst, start) else dict(start)


def upgrade_value(
    inst: Instance,
    sessions: Mapping[Key, int],
    fixed: Mapping[Key, int],
    load_type: type[Load] = SessionLoad,
) -> dict[Key, int]:
    """Local search for S2 on a stage-1 solution, keeping S1a and the meetings count.

    Every request not held, heaviest first, gets the first of these moves that
    works at one of its places (sessions, or slots with ``load_type=SlotLoad``):

    1. added where it fits as is;
    2. *relocation*: a meeting of its exporter or buyer at that place moves to
       another place where it fits, and the request takes the room it leaves
       (one more meeting, nobody loses one);
    3. *swap*: it replaces a strictly lighter meeting of the same buyer or the
       same exporter at that place;
    4. *swap on a shared capacity*: it replaces a strictly lighter meeting of
       anyone at that place whose table (or interpreter) it then takes.

    A swap never takes a meeting from an exporter that would drop below the
    worst-off level (S1a never drops), fixed meetings never move, and every
    stage-1 capacity (every per-slot rule with ``SlotLoad``) is checked before a
    move is kept. Each move raises the weighted value, so it ends; the meetings
    count never drops. Deterministic; used on instances too large for the
    stage-1 solves, and on every plan after slotting.
    """
    plan = _Tracked(inst, sessions, load_type)
    load, sess, held, add, remove = plan.load, plan.sess, plan.held, plan.add, plan.remove
    caps = inst.fairness_cap
    weight = inst.weight
    interp = inst.interpreter_needed
    level = worst_off_level(held, caps)

    def may_lose(victim: Key, key: Key) -> bool:
        x = victim[0]
        return x == key[0] or held[x] - 1 >= min(level, caps[x])

    def relocate(key: Key, h: int) -> bool:
        """Move a meeting of ``key``'s companies out of ``h``, then add ``key`` there."""
        for m in sorted({v for cid in key for v in plan.at[(cid, h)]}):
            if m in fixed:
                continue
            remove(m)
            if load.fits(key, h):
                for dst in plan.site_first(m, load.cand_sessions[m]):
                    if dst != h and load.fits(m, dst):
                        add(m, dst)
                        if load.fits(key, h):  # (m's new place is not h: it still fits)
                            add(key, h)
                            return True
                        remove(m)
            add(m, h)  # undo
        return False

    def swap(key: Key, h: int, victims: list[Key], first_only: bool = False) -> bool:
        """Replace the lightest eligible victim at ``h`` by ``key``; with ``first_only``
        only that one is tried (the victims all free the same shared capacity, so if
        the first does not make room, none does)."""
        w = weight[key]
        for victim in sorted(victims, key=lambda k: (weight[k], k)):
            if weight[victim] >= w:
                break
            if victim in fixed or not may_lose(victim, key):
                continue
            remove(victim)
            if load.fits(key, h):
                add(key, h)
                return True
            add(victim, h)  # undo
            if first_only:
                break
        return False

    def place(key: Key) -> bool:
        places = plan.site_first(key, load.cand_sessions[key])
        for h in places:
            if load.fits(key, h):
                add(key, h)
                return True
        if any(relocate(key, h) for h in places):
            return True
        own = {h: {v for c in key for v in plan.at[(c, h)]} for h in places}
        if any(swap(key, h, list(own[h])) for h in places):
            return True
        if weight[key] <= lightest:
            return False  # nothing lighter to swap out
        for h in places:
            others = [v for v in plan.in_place[h] if v not in own[h]]
            # Within a group every victim frees the same capacities (a table; an
            # interpreter too for the interpreted ones), so the lightest eligible
            # one of each group decides for the whole group.
            groups = [others]
            if interp[key]:
                groups = [[v for v in others if interp[v]], [v for v in others if not interp[v]]]
            if any(swap(key, h, group, first_only=True) for group in groups):
                return True
        return False

    lightest = min(weight.values(), default=0)
    order = sorted(
        (r for r in inst.requests if r.key not in sess),
        key=lambda r: (-weight[r.key], r.priority, r.key),
    )
    for r in order:
        place(r.key)
    return dict(sess)
