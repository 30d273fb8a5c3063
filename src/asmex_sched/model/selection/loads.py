"""Capacities and load of a plan, in plain Python, for the local searches.

:class:`SessionLoad` (pair -> half-day session: the stage-1 capacities H2, H4, H5,
H6) and :class:`SlotLoad` (pair -> slot: every per-slot rule, through
:class:`asmex_sched.greedy.Occupancy`) share one interface (``Load``): whether a
meeting fits a place, whether two meetings can swap places, and add, remove and move.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from asmex_sched.domain import Instance
from asmex_sched.greedy import Occupancy
from asmex_sched.model.keys import Key


class SessionLoad:
    """Stage-1 capacities and the load of a pair -> session solution (pure Python).

    The same capacities as the model's H2 (per company and session), H4 and H5
    (per session) and H6 (per company); used by the local searches of
    :mod:`~asmex_sched.model.selection.compaction` and :mod:`~asmex_sched.model.selection.lifts`.
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

    def first_fit_moving(self, key: Key, places: Iterable[int]) -> int | None:
        """The first of ``places`` where ``key`` (held) fits once moved, or None."""
        return next((h for h in places if self.fits(key, h, moving=True)), None)

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
    :class:`asmex_sched.greedy.Occupancy`), so the local searches (compaction, lifts) keep a
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
        return self.first_fit_moving(key, (s,)) is not None

    def first_fit_moving(self, key: Key, places: Iterable[int]) -> int | None:
        """The first of ``places`` where ``key`` (held) fits once moved, or None: as
        ``fits(key, s, moving=True)`` on each in turn, ``key`` taken out once for all
        of them rather than once each (the compaction's hottest loop at trade-fair
        size). Put back where it was, as ``fits`` does (last in the plan's order)."""
        occ = self.occ
        old: int | None = None
        try:
            for s in places:
                if old is None:
                    old = occ.slot_of[key]
                    occ.remove(key)
                if occ.fits(key, s):
                    return s
            return None
        finally:  # (even if ``places`` raised)
            if old is not None:
                occ.add(key, old)

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
