"""Table numbering, done after solving (rule H4).

Tables are interchangeable, so the model only counts meetings per slot
(at most ``tables``); numbering them afterwards removes a whole dimension of
symmetry from the search. Within each slot, in this order of preference:

1. a fixed or pinned meeting takes the table it was given;
2. a meeting that keeps its published slot keeps its published table
   (re-planning: nothing changes for people whose meeting did not move);
3. an exporter keeps the table it had in the previous slot of the day when
   it is free (exporters stay seated while buyers rotate);
4. otherwise the lowest free table number.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from asmex_sched.domain import FixedMeeting, Instance


def assign_tables(
    instance: Instance,
    slots: Mapping[tuple[str, str], int],
    pinned: Sequence[FixedMeeting] = (),
    previous: Mapping[tuple[str, str], tuple[int, int]] | None = None,
) -> dict[tuple[str, str], int]:
    """Number the tables of every meeting.

    Parameters
    ----------
    slots
        Pair -> slot index of each meeting; at most ``tables`` per slot.
    pinned
        Fixed/pinned meetings; those with a ``table`` keep it.
    previous
        Pair -> (slot index, table) in the published agenda.

    Returns
    -------
    dict
        Pair -> table number in ``1..tables``.
    """
    previous = previous or {}
    wanted_table: dict[tuple[str, str], int] = {}
    for f in (*instance.fixed, *pinned):
        if f.table is not None and f.table >= 1:
            wanted_table[f.key] = f.table

    by_slot: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for key, slot in slots.items():
        by_slot[slot].append(key)

    out: dict[tuple[str, str], int] = {}
    last_table_of_exporter: dict[tuple[str, int], int] = {}  # (exporter, day) -> table
    slot_objs = instance.slots
    for slot in sorted(by_slot):
        keys = sorted(by_slot[slot])
        day = slot_objs[slot].day_index
        # the setting, or the tables used by the meetings held there (a venue that lost
        # tables mid-mission: the held ones keep theirs)
        n_tables = instance.tables_at(slot)
        used: set[int] = set()
        todo: list[tuple[str, str]] = []
        for key in keys:
            t = wanted_table.get(key)
            if t is not None and t not in used and t <= n_tables:
                out[key] = t
                used.add(t)
            else:
                todo.append(key)
        rest: list[tuple[str, str]] = []
        for key in todo:
            prev = previous.get(key)
            if prev is not None and prev[0] == slot and 1 <= prev[1] <= n_tables:
                if prev[1] not in used:
                    out[key] = prev[1]
                    used.add(prev[1])
                    continue
            rest.append(key)
        last: list[tuple[str, str]] = []
        for key in rest:
            t = last_table_of_exporter.get((key[0], day))
            if t is not None and t not in used and t <= n_tables:
                out[key] = t
                used.add(t)
            else:
                last.append(key)
        free = (t for t in range(1, n_tables + 10_000) if t not in used)
        for key in last:
            out[key] = next(free)
        for key in keys:
            last_table_of_exporter[(key[0], day)] = out[key]
    return out
