"""Published meetings and the changes between two plans.

A meeting as an agenda publishes it (:class:`PublishedMeeting`, its stable
:func:`meeting_id`), the kinds of change and rule S3's cost of each, one
:class:`Change`, whether a change is already history (:func:`already_held`), the
reasons the planner gives for changes (:func:`party` names a company in them), and
:func:`diff_placements`, the meeting-by-meeting difference of two plans. Imports
nothing of the package.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import Enum


def meeting_id(exporter_id: str, buyer_id: str) -> str:
    """Stable id of a pair's meeting: a pair meets at most once (rule H1).

    It survives re-planning, so calendars can update events instead of
    duplicating them.
    """
    return f"{exporter_id}--{buyer_id}"


@dataclass(frozen=True)
class PublishedMeeting:
    """One row of an agenda's ``Meetings`` sheet (times in the mission's timezone)."""

    exporter_id: str
    buyer_id: str
    day: date
    start: time
    end: time
    table: int
    exporter: str = ""
    buyer: str = ""
    priority: int | None = None
    requested_by: str = ""
    interpreter: bool = False
    locked: bool = False
    #: Where it was read (the sheet's row and its ``start`` column, ``D (start)``), for
    #: messages about it; not part of the meeting.
    row: int | None = field(default=None, compare=False, repr=False)
    start_column: str = field(default="", compare=False, repr=False)
    date_column: str = field(default="", compare=False, repr=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.exporter_id, self.buyer_id)

    @property
    def meeting_id(self) -> str:
        return meeting_id(self.exporter_id, self.buyer_id)


class ChangeKind(str, Enum):
    ADDED = "added"
    MOVED = "moved"
    CANCELLED = "cancelled"
    #: Same time and table, but an interpreter is now booked, or no longer is.
    INTERPRETER = "interpreter"
    #: Same meeting, but the counterpart's name or contact details changed: told by
    #: ``report --changed-since`` only (never in a Changes sheet: it is not a change of
    #: the plan).
    DETAILS = "details"


#: Rule S3's costs by kind of change of a published meeting (docs/model.md, S3): the
#: model's terms and the validator's recount both read them, so the two cannot disagree
#: on a weight (a reviewer found the 3 and 2 typed out in seven places).
CHANGE_COST_CANCELLED = 3
CHANGE_COST_MOVED = 2
CHANGE_COST_TABLE = 1

#: The kinds of change a re-plan writes in the agenda's Changes sheet (and counts).
PLAN_CHANGE_KINDS: tuple[ChangeKind, ...] = tuple(k for k in ChangeKind if k != ChangeKind.DETAILS)


@dataclass(frozen=True)
class Change:
    """A difference between a published agenda and a new one, for one meeting."""

    kind: ChangeKind
    exporter_id: str
    buyer_id: str
    old_day: date | None = None
    old_start: time | None = None
    old_table: int | None = None
    new_day: date | None = None
    new_start: time | None = None
    new_table: int | None = None
    reason: str = ""
    #: The companies' names when the change was made: a company that has left the
    #: roster is still named by them (in the Changes sheet and in the reports).
    exporter: str = ""
    buyer: str = ""


def already_held(change: Change, moment: datetime | None) -> bool:
    """A cancellation, or an interpreter booking changed, of a meeting that had started
    at ``moment`` (a re-plan's "now"), or a move or addition (by hand) from and to times
    already past: history, not news. It stays in the organisers' record (the Changes
    sheet); the companies are not told (a meeting held at a time since declared
    unavailable, or held before a language was corrected, for example)."""
    if moment is None:
        return False
    return already_held_in(change, lambda day, start: datetime.combine(day, start) < moment)


def already_held_in(change: Change, past: Callable[[date, time], bool]) -> bool:
    """:func:`already_held`, a time being history when ``past(day, start)``."""

    def was(day: date | None, start: time | None) -> bool:
        return day is not None and start is not None and past(day, start)

    if change.kind in (ChangeKind.CANCELLED, ChangeKind.INTERPRETER):
        return was(change.old_day, change.old_start)
    # A hand edit of the record: a held meeting's table corrected, or a meeting typed in
    # at a time already past. Companies were told "moved to Wednesday 09:00" on
    # Wednesday evening (a second reader).
    if change.kind == ChangeKind.MOVED:
        return was(change.old_day, change.old_start) and was(change.new_day, change.new_start)
    return change.kind == ChangeKind.ADDED and was(change.new_day, change.new_start)


#: Where a meeting takes place: (day, start, table).
Placement = tuple[date, time, int]


def party(cid: str, name: str) -> str:
    """How a change's reason names a company: ``Name (ID)``, or the id alone (a name
    that is its id, or none); ``report`` matches it whole to say "you"."""
    return f"{name} ({cid})" if name and name != cid else cid


def end_reason(end: time, minutes: int) -> str:
    """The reason of a meeting kept in place that ends at another time (``report.
    change_reason`` translates it)."""
    return f"now ends at {end:%H:%M} (meetings last {minutes} minutes)"


def kept_in_place_reason(booked: bool | None, end: time | None, minutes: int) -> str:
    """The reason of a meeting kept in place whose interpreter booking (``booked``: the
    new booking, ``None`` if unchanged) or end (``end``: the new end, ``None`` if
    unchanged) changed; both, joined by ``; `` (the end was left unsaid, a second
    reader)."""
    parts = [interpreter_reason(booked)] if booked is not None else []
    if end is not None:
        parts.append(end_reason(end, minutes))
    return "; ".join(parts)


def interpreter_reason(booked: bool) -> str:
    """The reason of an ``interpreter`` change (``report.change_reason`` translates it)."""
    return "interpreter now booked" if booked else "interpreter no longer booked"


def moved_reason(reason: str, booked: tuple[bool, bool]) -> str:
    """The reason of a meeting moved to another time or table, followed by its
    interpreter booking when that changed too (``booked``: before, after); a booking
    already in ``reason`` (from an agenda's Changes sheet, about one re-plan of a longer
    span) is replaced by the span's own."""
    for was in (True, False):
        suffix = f"; {interpreter_reason(was)}"
        if reason.endswith(suffix):
            reason = reason[: -len(suffix)]
    if booked[0] == booked[1]:
        return reason
    return "; ".join(part for part in (reason, interpreter_reason(booked[1])) if part)


def change_order(c: Change) -> tuple[int, str, str]:
    """The order of a list of changes: by kind (cancelled, moved, interpreter, added),
    then exporter and buyer ids."""
    order = {
        ChangeKind.CANCELLED: 0,
        ChangeKind.MOVED: 1,
        ChangeKind.INTERPRETER: 2,
        ChangeKind.ADDED: 3,
    }
    return (order[c.kind], c.exporter_id, c.buyer_id)


def diff_placements(
    old: Mapping[tuple[str, str], Placement],
    new: Mapping[tuple[str, str], Placement],
    reason: Callable[[ChangeKind, tuple[str, str]], str],
    interpreters: tuple[Mapping[tuple[str, str], bool], Mapping[tuple[str, str], bool]]
    | None = None,
    ends: tuple[Mapping[tuple[str, str], time], Mapping[tuple[str, str], time]] | None = None,
) -> list[Change]:
    """Meeting-by-meeting differences between two plans, by pair.

    ``cancelled`` when only in ``old``, ``added`` when only in ``new``, ``moved``
    when the day, start or table differ; with ``interpreters`` (old and new flags by
    pair), ``interpreter`` when only the interpreter booking differs (a company is
    told, and its calendar updates the event). With ``ends`` (old and new end times by
    pair), a meeting kept where it was that ends at another time (``meeting_minutes``
    changed) is ``moved`` with both sides equal: its companies' calendars take the new
    end. ``reason(kind, pair)`` words each one.
    Sorted by kind (cancelled, moved, interpreter, added), then exporter and buyer ids.
    """
    changes: list[Change] = []
    # Kept where it was, with another interpreter booking or another end.
    for key in sorted(k for k in set(old) & set(new) if old[k] == new[k]):
        if interpreters is not None and (
            interpreters[0].get(key, False) != interpreters[1].get(key, False)
        ):
            kind = ChangeKind.INTERPRETER
        elif ends is not None and ends[0].get(key) != ends[1].get(key):
            kind = ChangeKind.MOVED
        else:
            continue
        o = old[key]
        changes.append(
            Change(kind, *key, old_day=o[0], old_start=o[1], old_table=o[2], new_day=o[0],
                   new_start=o[1], new_table=o[2], reason=reason(kind, key))
        )  # fmt: skip
    for key in sorted(old):
        o, n = old[key], new.get(key)
        if n is None:
            changes.append(
                Change(ChangeKind.CANCELLED, *key, old_day=o[0], old_start=o[1], old_table=o[2],
                       reason=reason(ChangeKind.CANCELLED, key))
            )  # fmt: skip
        elif n != o:
            changes.append(
                Change(ChangeKind.MOVED, *key, old_day=o[0], old_start=o[1], old_table=o[2],
                       new_day=n[0], new_start=n[1], new_table=n[2],
                       reason=reason(ChangeKind.MOVED, key))
            )  # fmt: skip
    for key in sorted(new):
        if key not in old:
            n = new[key]
            changes.append(
                Change(ChangeKind.ADDED, *key, new_day=n[0], new_start=n[1], new_table=n[2],
                       reason=reason(ChangeKind.ADDED, key))
            )  # fmt: skip
    return sorted(changes, key=change_order)
