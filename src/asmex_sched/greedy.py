"""Priority-first greedy planner: the hint, the fallback, and the benchmark peer.

It is what matchmaking platforms document: walk the requests by decreasing
weight and give each the first slot where every hard rule still holds. It runs
in milliseconds, never violates a hard rule, and ignores fairness and
compactness. The CP-SAT pipeline starts from it (as a solution hint) and falls
back to it when the solver finds nothing better in time.
"""

from __future__ import annotations

from bisect import insort
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from heapq import heappop, heappush

from asmex_sched.domain import FixedMeeting, Instance, Meeting, Request, Schedule
from asmex_sched.tables import assign_tables


class Occupancy:
    """Running counts of what a partial plan uses, to test the hard rules fast.

    Counts per (company, slot) (H2), per company (H6), per slot for tables (H4)
    and interpreters (H5). Availability (H3) is guaranteed by only ever trying a
    request's candidate slots.
    """

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.busy: dict[tuple[str, int], int] = defaultdict(int)
        self.total: dict[str, int] = defaultdict(int)
        self.in_slot: dict[int, int] = defaultdict(int)
        self.interp: dict[int, int] = defaultdict(int)
        self.slot_of: dict[tuple[str, str], int] = {}
        # rules H4, H5, H2 per slot (``Instance.tables_at`` ...), looked up in the loop
        self.tables, self.interpreters, self.held_at_once = instance.capacity_at
        # rules H2 and H6 per company, looked up in the loop (the local searches on
        # slots call ``fits`` millions of times at trade-fair size)
        self.delegates = {cid: c.delegates for cid, c in instance.companies.items()}
        self.cap = {cid: instance.max_meetings_of(cid) for cid in instance.companies}

    def fits(self, key: tuple[str, str], slot: int) -> bool:
        """Whether the pair ``key`` can be added at ``slot`` without breaking a rule."""
        if key in self.slot_of:
            return False
        busy, held_at_once = self.busy, self.held_at_once
        for cid in key:
            n = busy[(cid, slot)]
            if n >= self.delegates[cid] and (
                not held_at_once or n >= held_at_once.get((cid, slot), 0)
            ):
                return False
            cap = self.cap[cid]
            if cap is not None and self.total[cid] >= cap:
                return False
        if self.in_slot[slot] >= self.tables[slot]:
            return False
        if self.instance.interpreter_needed[key] and self.interp[slot] >= self.interpreters[slot]:
            return False
        return True

    def add_first_fit(self, key: tuple[str, str]) -> int | None:
        """Add ``key`` at its first candidate slot where it fits; return that slot, or
        None (nothing added)."""
        for slot in self.instance.candidates[key]:
            if self.fits(key, slot):
                self.add(key, slot)
                return slot
        return None

    def add(self, key: tuple[str, str], slot: int) -> None:
        e, b = key
        for cid in (e, b):
            self.busy[(cid, slot)] += 1
            self.total[cid] += 1
        self.in_slot[slot] += 1
        if self.instance.interpreter_needed[key]:
            self.interp[slot] += 1
        self.slot_of[key] = slot

    def remove(self, key: tuple[str, str]) -> None:
        slot = self.slot_of.pop(key)
        e, b = key
        for cid in (e, b):
            self.busy[(cid, slot)] -= 1
            self.total[cid] -= 1
        self.in_slot[slot] -= 1
        if self.instance.interpreter_needed[key]:
            self.interp[slot] -= 1


def greedy_order(instance: Instance, requests: Iterable[Request]) -> list[Request]:
    """Requests by decreasing weight, then priority, then ids (deterministic)."""
    return sorted(requests, key=lambda r: (-instance.weight[r.key], r.priority, r.key))


def pinned_slots(instance: Instance, pinned: Sequence[FixedMeeting]) -> dict[tuple[str, str], int]:
    """Slot index of every fixed or pinned meeting that lies on the grid."""
    out: dict[tuple[str, str], int] = {}
    for f in (*instance.fixed, *pinned):
        slot = instance.slot_of(f.day, f.start)
        if slot is not None and f.key in instance.request_by_key:
            out[f.key] = slot.index
    return out


def greedy_slots(
    instance: Instance,
    pinned: Sequence[FixedMeeting] = (),
    *,
    start: dict[tuple[str, str], int] | None = None,
) -> dict[tuple[str, str], int]:
    """Greedy placement: pair -> slot index.

    Fixed and pinned meetings go first, then ``start`` (a partial plan to
    complete, kept as is where it still fits), then every other request in
    :func:`greedy_order`, each at its first candidate slot that fits.
    """
    occ = Occupancy(instance)
    for key, slot in sorted(pinned_slots(instance, pinned).items()):
        occ.add(key, slot)  # requirements are placed even if they overflow; see explain
    for key, slot in sorted((start or {}).items()):
        if key in instance.request_by_key and slot in instance.candidates[key]:
            if occ.fits(key, slot):
                occ.add(key, slot)
    for r in greedy_order(instance, instance.requests):
        if r.key not in occ.slot_of:
            occ.add_first_fit(r.key)
    return dict(occ.slot_of)


def schedule_from_slots(
    instance: Instance,
    slots: dict[tuple[str, str], int],
    pinned: Sequence[FixedMeeting] = (),
    previous_tables: dict[tuple[str, str], tuple[int, int]] | None = None,
) -> Schedule:
    """Turn pair -> slot into a :class:`Schedule` with table numbers and flags."""
    tables = assign_tables(instance, slots, pinned, previous_tables or {})
    # Only the coordinator's own locks are shown as locked (frozen or not); frozen pins
    # are not.
    locked = {f.key for f in pinned if f.source == "locked"}
    meetings = [
        Meeting(
            exporter_id=e,
            buyer_id=b,
            slot=slot,
            table=tables[(e, b)],
            interpreter=instance.interpreter_needed[(e, b)],
            locked=(e, b) in locked,
        )
        for (e, b), slot in sorted(slots.items())
    ]
    return Schedule(tuple(meetings))


def greedy_schedule(instance: Instance, pinned: Sequence[FixedMeeting] = ()) -> Schedule:
    """The priority-first greedy plan as a complete schedule."""
    return schedule_from_slots(instance, greedy_slots(instance, pinned), pinned)


#: Most passes of :func:`restore_published_slots` (each that changes anything puts at
#: least one more announced meeting back at its time; chains longer than this are rare).
RESTORE_PASSES = 5


def restore_published_slots(
    instance: Instance,
    plan: dict[tuple[str, str], int],
    published: dict[tuple[str, str], int],
    fixed: dict[tuple[str, str], int],
    *,
    meetings_floor: int,
    value_floor: int,
    worst_off: int,
    soft: Collection[tuple[str, str]] = (),
) -> dict[tuple[str, str], int]:
    """Put published meetings moved within their half-day back at their published slot,
    and those moved to another half-day where that slot is free.

    Re-planning ranks stability above value and compactness (docs/model.md, S3), but
    slotting places the most weight first, so a new meeting can take an announced
    meeting's time. For each published pair held at another slot of the same
    half-day: move it back if its slot has room; else move one meeting at that slot
    that is not ``fixed`` and not at its own published slot (a new meeting, or an
    announced one already moved) elsewhere (an announced one to its own published
    slot first, any of them within its half-day first), and then move the pair back;
    else drop one new (unpublished) meeting there, the lightest first, if the floors
    (``meetings_floor``, ``value_floor``) still hold and its exporter keeps more than
    ``worst_off`` meetings (the plan's own level: S1a never falls). A published pair
    held in another half-day (stage 1 chose it) goes back only to a free slot, often
    one this pass frees by putting another back there: such pairs were skipped, and
    two of a QA tester's re-plan stayed moved with their times free ("moved by the
    new plan, though its time was still free for it", 2 more each in S3). Passes
    repeat until none puts a meeting back (at most :data:`RESTORE_PASSES`: a pass that
    fails costs a scan of the plan per meeting tried), so a meeting freed late in a
    pass, or two announced meetings that swapped slots, also go back. S1a and the
    floors never change; S3 falls by at least 2 per meeting put back, before value
    (S2) as when re-planning; S4 and S5 may rise. Pairs in ``soft`` (booked again
    after the last re-plan cancelled them: their ``published`` slot is the one they
    had) go back by a free slot or a move only, never by dropping a meeting; from
    another half-day, to their slot when it is free, as the announced ones (S3 does
    not count them; S4 and S5 may rise).
    """
    sessions = {s.index: s.session for s in instance.slots}
    occ = Occupancy(instance)
    for key, slot in sorted(plan.items()):
        occ.add(key, slot)
    order = greedy_order(instance, instance.requests)  # for refills, sorted once

    def relocate(other: tuple[str, str], avoid: int) -> bool:
        """Add ``other`` (just removed from ``avoid``) at another slot: its published
        slot first, then its half-day, then any slot. An announced meeting moved here
        is already away from its slot (S3 counts any move the same), and the move
        lets another announced meeting keep its time: one changed meeting, not two."""
        home = published.get(other)
        preferred = sorted(
            (s for s in instance.candidates[other] if s != avoid),
            key=lambda s: (s != home, sessions[s] != sessions[avoid], s),
        )
        for slot in preferred:
            if occ.fits(other, slot):
                occ.add(other, slot)
                return True
        return False

    def put_back(key: tuple[str, str], home: int, now: int) -> bool:
        occ.remove(key)
        if occ.fits(key, home):
            occ.add(key, home)
            return True
        if sessions[now] != sessions[home]:  # from another half-day:
            occ.add(key, now)  # only to a free place
            return False
        blockers = sorted(
            k for k, s in occ.slot_of.items()
            if s == home and k not in fixed and published.get(k) != home
        )  # fmt: skip
        for other in blockers:
            occ.remove(other)
            if occ.fits(key, home):
                occ.add(key, home)
                if relocate(other, home):
                    return True
                occ.remove(key)
            occ.add(other, home)
        if key in soft:  # a preference, not worth a meeting
            occ.add(key, now)
            return False
        # No room can be made by moving: drop the lightest new meeting the worst-off
        # level can spare, if that makes room; where the floors need a meeting more,
        # add the first request still out (greedy order) that now fits.
        droppable = [k for k in blockers if k not in published]
        for other in sorted(droppable, key=lambda k: (instance.weight.get(k, 0), k)):
            if occ.total[other[0]] <= worst_off:
                continue
            occ.remove(other)
            if not occ.fits(key, home):
                occ.add(other, home)
                continue
            occ.add(key, home)
            added = _refill(order, occ, other) if len(occ.slot_of) < meetings_floor else None
            value = sum(instance.weight.get(k, 0) for k in occ.slot_of)
            if len(occ.slot_of) >= meetings_floor and value >= value_floor:
                return True
            occ.remove(key)  # undo: the floors need the blocker
            if added:
                occ.remove(added)
            occ.add(other, home)
        occ.add(key, now)
        return False

    progress, passes = True, 0
    while progress and passes < RESTORE_PASSES:
        progress, passes = False, passes + 1
        for key, home in sorted(published.items()):
            now = occ.slot_of.get(key)
            if now is None or now == home or key in fixed:
                continue
            if home not in instance.candidates.get(key, ()):
                continue
            progress |= put_back(key, home, now)
    return dict(occ.slot_of)


def _refill(
    order: Sequence[Request], occ: Occupancy, dropped: tuple[str, str]
) -> tuple[str, str] | None:
    """Add the first request of ``order`` (the greedy order) still out, other than
    ``dropped``, that fits somewhere, and return its pair (None when none fits)."""
    for r in order:
        if r.key not in occ.slot_of and r.key != dropped and occ.add_first_fit(r.key) is not None:
            return r.key
    return None


def hold_cancelled_published(
    instance: Instance,
    plan: dict[tuple[str, str], int],
    published: dict[tuple[str, str], int],
    fixed: dict[tuple[str, str], int],
    *,
    meetings_floor: int,
    value_floor: int,
    worst_off: int,
) -> dict[tuple[str, str], int]:
    """Hold a published meeting the plan cancels at its published slot, in place of
    another published meeting moved there.

    Stage 1 counts S3 by half-day, where a move within the half-day is free: between
    cancelling announced ``p`` or announced ``q`` of one half-day (3 either way) it keeps
    the heavier (S2), and slotting may then move the one kept into the other's slot (2
    more in the Score's S3, which stage 1 does not see; :func:`restore_published_slots`
    never cancels an announced meeting to put another back). For each published pair
    ``q`` not held whose published slot is still one of its candidates: if it fits
    there, it is added; else each published meeting ``k`` held at that slot away from
    its own published slot (not ``fixed``) is taken out, ``q`` put there, and ``k``
    placed again (its published slot first, then its half-day, then any slot: S3 falls
    by 3, or by 5 when ``k`` goes home), else, when no ``k`` can be, the lightest ``k``
    is cancelled instead of moved (S3 falls by 2: 3 for ``k`` instead of 2, 0 for ``q``
    instead of 3), if the floors (``meetings_floor``, ``value_floor``) still hold and
    its exporter is ``q``'s or keeps at least ``worst_off`` meetings (the plan's level:
    S1a never falls). Every step lowers S3, which ranks right after S1a when
    re-planning, so value (S2) may fall, within its floor; S4 and S5 may rise. Passes
    repeat until none holds a meeting (a chain: ``k`` cancelled may take back its own
    slot from another moved there), at most :data:`RESTORE_PASSES`. Nothing is done
    without a published meeting held away from its slot, so a first plan is untouched.
    """
    sessions = {s.index: s.session for s in instance.slots}
    weight = instance.weight
    occ = Occupancy(instance)
    for key, slot in sorted(plan.items()):
        occ.add(key, slot)
    value = sum(weight.get(k, 0) for k in occ.slot_of)

    def relocate(other: tuple[str, str], avoid: int) -> bool:
        home = published[other]
        preferred = sorted(
            (s for s in instance.candidates[other] if s != avoid),
            key=lambda s: (s != home, sessions[s] != sessions[home], s),
        )
        for slot in preferred:
            if occ.fits(other, slot):
                occ.add(other, slot)
                return True
        return False

    def moved_by_slot() -> dict[int, list[tuple[str, str]]]:
        """The published meetings held away from their slot (not fixed), by slot."""
        out: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for k, home in sorted(published.items()):
            s = occ.slot_of.get(k)
            if s is not None and s != home and k not in fixed:
                out[s].append(k)
        return out

    def shift(other: tuple[str, str], home: int) -> None:
        """``moved`` once ``other`` left ``home`` for a hold: out of ``home``'s list, and
        in its new slot's if it went to a slot not its own (cancelled: nowhere); each
        list stays in pair order, as :func:`moved_by_slot` makes it. The pair held is at
        its own slot and nothing else moved, so ``moved`` is what that would make again
        (rebuilt after each hold, over the trade fair's 13 000 published meetings, it
        was a re-plan's hot spot under a profiler)."""
        moved[home].remove(other)
        s = occ.slot_of.get(other)
        if s is not None and s != published[other]:
            insort(moved[s], other)

    def hold(key: tuple[str, str], home: int) -> bool:
        nonlocal value
        if occ.fits(key, home):
            occ.add(key, home)
            value += weight.get(key, 0)
            return True
        cancellable = []
        for other in moved.get(home, ()):
            occ.remove(other)
            if occ.fits(key, home):
                occ.add(key, home)
                if relocate(other, home):
                    value += weight.get(key, 0)
                    shift(other, home)  # (the loop over ``moved[home]`` ends here)
                    return True
                occ.remove(key)
                # its exporter's meetings once it is out (``q``'s own: one for one)
                if other[0] == key[0] or occ.total[other[0]] >= worst_off:
                    cancellable.append(other)
            occ.add(other, home)
        for other in sorted(cancellable, key=lambda k: (weight.get(k, 0), k)):
            after = value - weight.get(other, 0) + weight.get(key, 0)
            if len(occ.slot_of) < meetings_floor or after < value_floor:
                continue
            occ.remove(other)
            occ.add(key, home)
            value = after
            shift(other, home)
            return True
        return False

    progress, passes = True, 0
    while progress and passes < RESTORE_PASSES:
        progress, passes = False, passes + 1
        moved = moved_by_slot()
        for key, home in sorted(published.items()):
            if key in occ.slot_of or key in fixed:
                continue
            if home not in instance.candidates.get(key, ()):
                continue
            if hold(key, home):
                progress = True  # (``moved`` kept up to date by the hold: ``shift``)
    return dict(occ.slot_of)


def hold_free_published(
    instance: Instance,
    plan: dict[tuple[str, str], int],
    published: dict[tuple[str, str], int],
    fixed: Collection[tuple[str, str]],
) -> dict[tuple[str, str], int]:
    """Put every published meeting the plan moves or cancels back at its published slot
    where that slot is free for it as the plan stands: every per-slot rule (H2, H4, H5),
    its companies' maximums (H6) and its candidate slots (H3, H9) kept, nothing else
    moved or dropped.

    Run after the restore passes (:func:`hold_cancelled_published` frees a company's
    time when it takes an announced meeting from a slot for a cancelled one: 2 of 60
    fuzzed re-plans kept a meeting moved there, its time free) and as the last step of
    a re-plan, on whichever plan it returns: the passes between them guard what they
    change, not the room they leave, and the greedy and local searches' plans do not
    go through the restore passes (a QA tester's re-plan, the day starting an hour
    later from Wednesday, read "moved by the new plan, though its time was still free
    for it"). Held there again, a meeting moved costs 2 fewer in S3 (1 when its table
    is taken) and one cancelled 3 fewer, and no tier ranked above S3 when re-planning
    falls: the same meetings are held, or one more (S1a, S2, S1b may rise); S4 and S5
    may rise. Pairs in pair order; a meeting that goes back leaves its slot, and the
    published meetings whose time that is are tried again (not the whole plan: a pass
    over the trade fair's 13 000 announced meetings per link of a chain), so the plan
    does not depend on the order of the dicts. ``fixed`` (fixed and pinned) meetings
    stay.
    """
    occ = Occupancy(instance)
    for key, slot in sorted(plan.items()):
        occ.add(key, slot)
    homing: dict[int, list[tuple[str, str]]] = defaultdict(list)  # slot -> its announced
    for key, home in sorted(published.items()):
        if key not in fixed and home in instance.candidates.get(key, ()):
            homing[home].append(key)
    todo = sorted(k for keys in homing.values() for k in keys)  # (a sorted list is a heap)
    while todo:
        key = heappop(todo)
        home, now = published[key], occ.slot_of.get(key)
        if now == home:
            continue
        if now is not None:
            occ.remove(key)
        if occ.fits(key, home):
            occ.add(key, home)
            for other in homing.get(now, ()) if now is not None else ():
                if occ.slot_of.get(other) != now:  # (one at its time stays there)
                    heappush(todo, other)
        elif now is not None:
            occ.add(key, now)
    return dict(occ.slot_of)
