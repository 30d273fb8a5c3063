"""The history copies ``plan`` keeps beside an agenda (``agenda-history/``), read for a
report: the copies of the agenda's calendar between two calendar sequences (each read
whole once), the Changes sheets of the re-plans between two agendas, the re-plans
before the agenda, the agenda its Changes sheet was made against, and the meetings
those copies held that the agenda dropped.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from asmex_sched.domain import Agenda, Change, ChangeKind
from asmex_sched.errors import InputError
from asmex_sched.io.agenda import HISTORY_DIR, history_copies, read_agenda, read_agenda_summary
from asmex_sched.report import (
    CancelledLine,
    calendar_id,
    calendar_sequence,
    mission_place,
    planned_at,
    summary_field,
    summary_sequence,
)


def _history_between(
    agenda_path: Path, agenda: Agenda, lo: int, hi: int, newest_first: bool = False
) -> Iterator[tuple[int, str, Agenda]]:
    """``agenda_path``'s own copies in ``agenda-history/`` of ``agenda``'s calendar
    (mission; not another agenda's there: a second reader found their reasons applied)
    whose calendar sequence is between ``lo`` and ``hi`` (excluded), as (sequence, file
    name, agenda). Each copy's Summary is read first, the whole copy only when it is
    in the span (a trade-fair agenda takes seconds to read); one that does not read is
    skipped."""
    copies = history_copies(agenda_path)
    for path in reversed(copies) if newest_first else copies:
        summary = read_agenda_summary(path)
        when = summary_sequence(summary, agenda.mission.timezone) if summary else 0
        if not lo < when < hi:
            continue
        if summary_field(summary, "calendar_id") != calendar_id(agenda):  # type: ignore[arg-type]
            continue  # another calendar's: not read whole (seconds for a trade fair's)
        stat = path.stat()
        copy = _read_copy(path, stat.st_mtime_ns, stat.st_size)
        if copy is not None and calendar_id(copy) == calendar_id(agenda):
            yield when, path.name, copy


@functools.lru_cache(maxsize=8)
def _read_copy(path: Path, _mtime_ns: int, _size: int) -> Agenda | None:
    """A history copy read whole, ``None`` when it does not read; kept for the run's
    other readers of the same file (a full report read the newest copy twice, seconds
    each for a trade fair's; a reader), keyed by its time and size as well."""
    try:
        return read_agenda(path)
    except InputError:
        return None


def _changes_between(
    agenda_path: Path, previous: Agenda, agenda: Agenda
) -> tuple[list[Change], list[Agenda]]:
    """The Changes sheets of the history copies planned after ``previous`` and before
    ``agenda`` (:func:`_history_between`), oldest first: why each change of a span of
    several cron runs was made; and those copies. "After" and "before" by their
    calendar sequence, one more on each run (``planned_at`` is to the minute: runs in
    the same minute as either agenda gave no reason; a reader)."""
    lo, hi = calendar_sequence(previous), calendar_sequence(agenda)
    if not lo or not hi:
        return [], []
    found = sorted(_history_between(agenda_path, agenda, lo, hi), key=lambda f: f[:2])
    return [c for _, _, copy in found for c in copy.changes], [copy for _, _, copy in found]


def _replans_before(agenda_path: Path, agenda: Agenda, most: int = 2) -> list[tuple[str, int]]:
    """The file names and calendar sequences of the newest ``most`` of ``agenda_path``'s
    history copies of this calendar planned before it, newest first, from their Summary
    alone (whole copies of a trade fair take seconds each; a week of cron runs leaves
    hundreds)."""
    hi = calendar_sequence(agenda)
    found: list[tuple[str, int]] = []
    for path in reversed(history_copies(agenda_path)):
        summary = read_agenda_summary(path)
        if not summary or summary_field(summary, "calendar_id") != calendar_id(agenda):
            continue
        if 0 < (sequence := summary_sequence(summary, agenda.mission.timezone)) < hi:
            found.append((path.name, sequence))
            if len(found) == most:
                break
    return found


def _made_against(agenda_path: Path, agenda: Agenda) -> Agenda | None:
    """The agenda this one's Changes sheet was made against: its newest history copy
    planned before it (:func:`_history_between`), or ``None`` when there is none (a
    first plan, or the history moved away). A full report gives a company it did not
    list (a late registration) its first agenda without a block of "added" lines, as
    ``--changed-since`` does, and a company it listed with no meeting keeps that block
    (the two disagreed; a second reader); a cancelled meeting's event names its venue
    (the place it was announced at, before a move to another venue)."""
    hi = calendar_sequence(agenda)
    if not hi:
        return None
    for _, _, copy in _history_between(agenda_path, agenda, 0, hi, newest_first=True):
        return copy
    return None


def _dropped_since_history(agenda_path: Path, agenda: Agenda) -> dict[str, list[CancelledLine]]:
    """By company id (as the agenda has it now), the meetings still to come at the
    agenda's ``planned_at`` that a history copy of its calendar (:func:`_history_between`)
    holds and the agenda does not, each as a cancelled event of the newest copy that
    holds it. A full report is then the whole truth for calendars: after cron re-plans
    not mailed, or a ``plan --fresh``, the companies kept the events of meetings those
    runs had dropped (an ICS tester); a cancellation already sent is sent again, which
    changes nothing in a calendar."""
    hi = calendar_sequence(agenda)
    if not hi:
        return {}
    stamp = planned_at(agenda)
    now_id = agenda.id_now
    known = {c.id for c in (*agenda.exporters, *agenda.buyers)} - agenda.departed
    current = {m.meeting_id for m in agenda.meetings}
    names = {c.id: c.name for c in (*agenda.exporters, *agenda.buyers)}
    seen: set[str] = set()
    out: dict[str, list[CancelledLine]] = {}
    copies = [c for _, _, c in _history_between(agenda_path, agenda, 0, hi, newest_first=True)]
    for i, copy in enumerate(copies):
        # Why it was cancelled: the cancellation in the Changes sheet of the run that
        # dropped it, the next agenda after the newest copy holding it (the events went
        # out with no reason; a calendars tester); none when that run gave none (plan
        # --fresh): not an older cancellation since undone (a reader).
        dropped_by = agenda if i == 0 else copies[i - 1]
        why = {
            (c.exporter_id, c.buyer_id): c.reason
            for c in dropped_by.changes
            if c.kind == ChangeKind.CANCELLED and c.reason
        }
        copy_names = {c.id: c.name for c in (*copy.exporters, *copy.buyers)}
        place = mission_place(copy.mission)  # where its companies were sent it
        for m in copy.meetings:
            if m.meeting_id in current or m.meeting_id in seen:
                continue
            # at a time some copy still had to come: a meeting moved earlier, then
            # dropped, stayed in calendars at the time first sent (a reader)
            if stamp is not None and datetime.combine(m.day, m.start) < stamp:
                continue  # the record here; an older copy may have it later
            seen.add(m.meeting_id)
            for cid, oid in (m.key, m.key[::-1]):
                reader = now_id.get(cid, cid)
                if reader not in known:
                    continue
                out.setdefault(reader, []).append(
                    CancelledLine(
                        m.meeting_id, m.day, m.start, m.end, m.table, oid,
                        names.get(now_id.get(oid, oid)) or copy_names.get(oid, oid),
                        why.get(m.key, ""), place,
                    )
                )  # fmt: skip
    return out


#: History copies read, newest first, for where an unknown id was last seen
#: (:func:`_left_at_replan`): each is read whole (seconds for a trade fair's).
LEFT_LOOKUP_COPIES = 10


def _left_at_replan(
    agenda_path: Path, agenda: Agenda, ids: list[str], key: Callable[[str], str]
) -> dict[str, str]:
    """Of ``ids`` (matched by ``key``, the roster's reference key), those that left the
    mission at a re-plan, each with where it was found and its name then: the agenda's
    Changes sheet (its meetings cancelled by the last re-plan), else one of the
    :data:`LEFT_LOOKUP_COPIES` newest copies of ``agenda-history/``. ``report -c`` for
    a company gone from the roster said "unknown company id", as for a typo, and
    nothing of where it had gone (a tester)."""
    wanted = {key(cid): cid for cid in ids}
    found: dict[str, str] = {}
    for change in agenda.changes:
        for cid, name in ((change.exporter_id, change.exporter), (change.buyer_id, change.buyer)):
            asked = wanted.get(key(cid))
            if asked is not None and asked not in found:
                named = f" ({name})" if name else ""
                found[asked] = f"{cid}{named} is in the agenda's Changes sheet"
    copies = _history_between(agenda_path, agenda, -1, 1 << 62, newest_first=True)
    for _, name, copy in itertools.islice(copies, LEFT_LOOKUP_COPIES):
        if len(found) == len(wanted):
            break
        for company in (*copy.exporters, *copy.buyers):
            asked = wanted.get(key(company.id))
            if asked is not None and asked not in found:
                found[asked] = f"{company.id} ({company.name}) is in {HISTORY_DIR}/{name}"
    return found
