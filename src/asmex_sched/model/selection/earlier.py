"""Rule S6, the last tie-break: meetings brought earlier without changing any tier.

:func:`earlier_half_days` exchanges whole half-days with earlier ones,
:func:`earlier_buyer_blocks` moves a buyer's meetings of a half-day together to an
earlier one where they fit, and :func:`earlier_in_half_days` moves a half-day's meetings
up to its first slots; every rule and every tier above S6 holds as before.
:func:`half_day_positions` numbers the half-days for S6.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from asmex_sched.domain import Instance
from asmex_sched.greedy import Occupancy
from asmex_sched.model.keys import Key


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


def earlier_buyer_blocks(
    inst: Instance, slots: Mapping[Key, int], fixed: Mapping[Key, int]
) -> tuple[dict[Key, int], int]:
    """Rule S6, buyer by buyer: a buyer's meetings of one half-day moved together to an
    earlier half-day where it has none, each at the same position (its slot's rank in
    the half-day), where every one can be held (its candidates: both parties available,
    H3; after the horizon, H9) and fits beside the meetings there (tables, interpreters,
    the exporter's delegates, H2, H4, H5: ``Occupancy``), none of them ``fixed`` (fixed,
    pinned or published: they stay); shifted together within that half-day as far as
    needed, from its first slot on (the idle slots between them are the same).

    Whole half-days exchanged (:func:`earlier_half_days`) leave a half-day's spare
    tables empty: a tester's 3-day mission had 4 of 8 tables free at its first 09:00
    and 15 buyers whose whole block of meetings could move there alone, every figure
    unchanged (session 68). The buyer keeps as many half-days (S4) and, its block's
    positions kept or shifted together, as many idle slots within it (S5); its exporters keep their
    meetings (S1a, S1b, S2, S2b); no announced meeting moves (S3). Each move brings
    meetings earlier, so the passes end. Buyers in id order, each block from the latest,
    to the earliest half-day it fits: deterministic. Returns the plan and the number of
    blocks moved."""
    sessions = inst.sessions
    where = {s.index: (h, i) for h, row in sessions.items() for i, s in enumerate(row)}
    rank = half_day_positions(inst)
    plan = dict(slots)
    occupancy = Occupancy(inst)
    of_buyer: dict[str, list[Key]] = defaultdict(list)
    for key, s in sorted(plan.items()):
        occupancy.add(key, s)
        of_buyer[key[1]].append(key)
    candidates: dict[Key, frozenset[int]] = {}

    def targets(block: list[Key], h: int, shift: int) -> dict[Key, int] | None:
        """Each meeting's slot in half-day ``h``, at its position moved by ``shift``, if
        all exist and may be held there (H3, H9)."""
        out: dict[Key, int] = {}
        for key in block:
            position = where[plan[key]][1] + shift
            if not 0 <= position < len(sessions[h]):
                return None
            if key not in candidates:
                candidates[key] = frozenset(inst.candidates.get(key, ()))
            target = sessions[h][position].index
            if target not in candidates[key]:
                return None
            out[key] = target
        return out

    def moved_to(block: list[Key], to: dict[Key, int]) -> bool:
        """``block`` moved to ``to`` if every meeting fits there; else left as it was."""
        for key in block:
            occupancy.remove(key)
        placed: list[Key] = []
        for key in block:
            if not occupancy.fits(key, to[key]):
                for k in placed:
                    occupancy.remove(k)
                for k in block:
                    occupancy.add(k, plan[k])
                return False
            occupancy.add(key, to[key])
            placed.append(key)
        plan.update(to)
        return True

    moved = 0
    changed = True
    while changed:  # each move brings meetings earlier (S6's sum falls): it ends
        changed = False
        for buyer in sorted(of_buyer):
            blocks: dict[int, list[Key]] = defaultdict(list)
            for key in of_buyer[buyer]:
                blocks[where[plan[key]][0]].append(key)
            for late in sorted(blocks, key=rank.__getitem__, reverse=True):
                block = blocks[late]
                if any(k in fixed for k in block):
                    continue
                for early in sorted(sessions, key=rank.__getitem__):
                    if rank[early] >= rank[late]:
                        break
                    if early in blocks:
                        continue
                    # its positions as they are, or shifted together, from the
                    # half-day's first slot on (idle slots between them unchanged)
                    positions = [where[plan[k]][1] for k in block]
                    shifts = range(-min(positions), len(sessions[early]) - max(positions))
                    to = next(
                        (to for d in shifts
                         if (to := targets(block, early, d)) is not None
                         and moved_to(block, to)),
                        None,
                    )  # fmt: skip
                    if to is not None:
                        blocks[early] = blocks.pop(late)
                        moved += 1
                        changed = True
                        break
    return plan, moved


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
