"""Rule S6, the last tie-break: meetings brought earlier without changing any tier.

:func:`earlier_half_days` exchanges whole half-days with earlier ones and
:func:`earlier_in_half_days` moves a half-day's meetings up to its first slots; both
move each slot's meetings together, so every rule and every tier above S6 holds as
before. :func:`half_day_positions` numbers the half-days for S6.
"""

from __future__ import annotations

from collections.abc import Mapping

from asmex_sched.domain import Instance
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
