"""An agenda's meetings read as a schedule of today's roster, and where a meeting
the roster cannot hold stands in the agenda (its sheet, row and column).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date

from asmex_sched.domain import Agenda, Instance, Meeting, PublishedMeeting, Schedule
from asmex_sched.validate import Violation


def least_served(instance: Instance, schedule: Schedule) -> str:
    """``E1: 7 of 10 possible``: the exporter with the lowest share of what its own
    requests allow (:attr:`Instance.fairness_cap`), among those whose requests allow a
    meeting ("E02: 0 of 0 possible" was named, an exporter that never pulls the
    worst-off level down; a walkthrough); "" when there is none."""
    held = {e.id: 0 for e in instance.exporters if e.id not in instance.departed}
    for mt in schedule.meetings:
        if mt.exporter_id in held:
            held[mt.exporter_id] += 1
    caps = instance.fairness_cap
    served = [e for e in held if caps[e] > 0]
    if not served:
        return ""
    least = min(served, key=lambda e: (held[e] / caps[e], held[e], e))
    return f"{least}: {held[least]} of {caps[least]} possible"


def all_served(least: str) -> bool:
    """Whether the Summary's ``least_served_exporter`` (``E1: 10 of 10 possible``) holds
    all its requests allow, and so every exporter does."""
    m = re.search(r": (\d+) of (\d+) possible$", least)
    return m is not None and m[1] == m[2]


def schedule_from_agenda(instance: Instance, agenda: Agenda) -> tuple[Schedule, list[Violation]]:
    """Map an agenda's meetings onto the roster's slot grid.

    A meeting that does not start on a slot of the grid cannot be checked
    further; it is reported under H1 ("at a slot of the grid", docs/model.md), as
    the validator reports a slot index that does not exist.
    """
    meetings: list[Meeting] = []
    off_grid: list[Violation] = []
    for p in agenda.meetings:
        slot = instance.slot_of(p.day, p.start)
        if slot is None:
            off_day = "" if p.day in instance.mission.dates else f": {p.day} is no mission day"
            off_grid.append(
                Violation(
                    "H1",
                    f"meeting {p.meeting_id} at {p.day} {p.start:%H:%M} does not start on a "
                    f"slot of the mission's programme{off_day}",
                    p.key,
                )
            )
            continue
        meetings.append(
            Meeting(p.exporter_id, p.buyer_id, slot.index, p.table, p.interpreter, p.locked)
        )
    return Schedule(tuple(meetings)), off_grid


def _without_met(instance: Instance, met: Collection[tuple[str, str]]) -> Instance:
    """``instance`` without the requests, and the fixed meetings, of pairs that met
    under a former id (:func:`~asmex_sched.replan.met_under_former_ids`): a Fixed row
    of the roster held under the old id is satisfied by the record (under the new id
    it read "the pair is no longer in the roster", and every run failed, exit 3; a
    second reader)."""
    return instance.replace(
        requests=tuple(r for r in instance.requests if r.key not in met),
        fixed=tuple(f for f in instance.fixed if f.key not in met),
    )


def _month_first(day: date, dates: Collection[date]) -> str:
    """``" (typed month first?)"`` when ``day`` with its day and month swapped is a
    mission day, else nothing (a reader: said of any day off the mission)."""
    if day.day > 12:
        return ""
    swapped = date(day.year, day.day, day.month)
    return " (typed month first?)" if swapped in dates else ""


def _off_grid_column(instance: Instance, p: PublishedMeeting) -> str:
    """The cell to correct of a meeting off the grid: its date when that is no mission
    day (a date typed month first was pointed at its start; a fuzzer), else its start."""
    return p.start_column if p.day in instance.mission.dates else p.date_column


def _located(
    off_grid: Sequence[Violation], agenda: Agenda, instance: Instance
) -> list[Violation]:
    """Off-grid starts (:func:`schedule_from_agenda`) with the cell of their row, as
    ``plan`` says them: for ``check`` and ``report``."""
    typed = {p.key: p for p in agenda.meetings}
    return [
        replace(
            v,
            message=f"{v.message} (sheet Meetings, row {p.row}, column "
            f"{_off_grid_column(instance, p)})",
        )
        if (p := typed.get((v.companies[0], v.companies[1]))) is not None and p.row is not None
        else v
        for v in off_grid
    ]


def _shown(cid: str) -> str:
    """An id as a message shows it: its invisible characters escaped (``\\ufeffKE-082``)."""
    return "".join(
        ch if ch.isprintable() else ascii(ch)[1:-1] for ch in cid
    )  # '\\ufeff', '\\U000e0041' above U+FFFF (a reader: \\u with 5 digits was ambiguous)
