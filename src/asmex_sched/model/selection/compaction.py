"""Local searches that move meetings without adding or dropping any: S4, S5, S3's tie-break.

:func:`compact_buyers` empties buyers' thinly used half-days (S4), by moves and by
exchanges with another buyer's meeting (:func:`_exchange`, over the meetings per
place and buyers on site of :class:`_Site`); :func:`close_buyer_gaps` closes buyers'
idle slots within a half-day (S5); :func:`bring_home` brings announced meetings whose
time is no longer a slot back into their home half-day (S3's tie-break, re-planning).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

from asmex_sched.domain import Instance
from asmex_sched.model.keys import Key
from asmex_sched.model.selection.loads import Load, SessionLoad, SlotLoad


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
                    dst = load.first_fit_moving(
                        key, (p for p in cand_sessions[key] if half_day(p) in targets)
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
        s = load.first_fit_moving(key, (s for s in inst.candidates[key] if load.session_of(s) == h))
        if s is not None:
            load.move(key, s)
            plan[key] = s
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
