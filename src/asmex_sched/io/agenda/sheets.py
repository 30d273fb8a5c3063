"""One reader per agenda sheet (Mission, companies, Meetings and its hidden copy,
Unscheduled, Changes, Summary, Unavailability), each adding its problems.
"""

from __future__ import annotations

import contextlib
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, time
from functools import partial
from pathlib import Path
from typing import Any

from asmex_sched.domain import (
    FORMER_REASONS,
    PLAN_CHANGE_KINDS,
    REASONS,
    Change,
    Company,
    Mission,
    PublishedMeeting,
    Side,
    Unavailability,
    Unscheduled,
    from_local_iso,
    meeting_id,
    meetings_hash,
)
from asmex_sched.io.agenda.cells import (
    _A_DATE,
    _EXCEL_TIME_DATES,
    _LOCKED_OR_NOT,
    _YES_OR_NO,
    _int_at_least,
    _parse_bool,
    _parse_breaks,
    _parse_date,
    _parse_float,
    _parse_lock,
    _parse_start,
    _parse_time,
    _priority,
    _says_no,
    _seconds,
    _split,
    _text,
    _text_date_time,
    _time_in_date,
)
from asmex_sched.io.agenda.layout import (
    MEETINGS_COLUMNS,
    MISSION_COLUMNS,
    MISSION_SETTINGS,
    SUMMARY_COLUMNS,
    _hhmm,
)
from asmex_sched.io.agenda.tables import _cell, _check_columns, _Problems, _Table

log = logging.getLogger("asmex_sched")


def _read_mission(problems: _Problems, table: _Table) -> Mission | None:
    if not _check_columns(problems, table, MISSION_COLUMNS):
        return None
    settings: dict[str, tuple[int, tuple]] = {}
    for row, values in table.rows:
        key = _text(table.get(values, "setting")).lower()
        if key in MISSION_SETTINGS:
            settings[key] = (row, values)
    parsers: dict[str, tuple[Callable[[object], Any], str]] = {
        "name": (_text, "a text"),
        "city": (_text, "a text"),
        "venue": (_text, "a text"),
        "timezone": (_text, "a text"),
        "country": (_text, "a text"),
        "first_day": (_parse_date, _A_DATE),
        "days": (_int_at_least(1), "a whole number >= 1"),
        "day_start": (_parse_time, "a time (HH:MM)"),
        "day_end": (_parse_time, "a time (HH:MM)"),
        "meeting_minutes": (_int_at_least(1), "a whole number >= 1"),
        "breaks": (_parse_breaks, "a list of HH:MM-HH:MM separated by ';'"),
        "tables": (_int_at_least(1), "a whole number >= 1"),
        "interpreters": (_int_at_least(0), "a whole number >= 0"),
        "notice_hours": (_parse_float, "a number of hours"),
    }
    fields: dict[str, Any] = {}
    ok = True
    for key, (parse, expected) in parsers.items():
        if key not in settings:
            if key == "first_day":  # the only setting without a default
                problems.add("setting 'first_day' is missing", table.sheet, None, "setting")
                ok = False
            continue
        row, values = settings[key]
        raw = table.get(values, "value")
        if parse is _text or (key == "breaks" and _text(raw) == ""):
            fields[key] = parse(raw)
            continue
        before = len(problems.items)
        value = _cell(problems, table, row, values, "value", parse, expected)
        if len(problems.items) > before:
            ok = False
        fields[key] = value
    if not ok:
        return None
    return Mission(**fields)


def _read_companies(
    problems: _Problems,
    table: _Table,
    side: Side,
    departed: set[str],
    former: list[tuple[str, str, str, int, str]],
) -> tuple[Company, ...]:
    """The company rows; adds to ``departed`` the ids marked ``left_mission`` (a column
    agendas written before it existed lack: nobody left), and to ``former`` the
    ``(former id, id, sheet, row, column)`` of each id its ``former_ids`` lists
    (likewise)."""
    if not _check_columns(problems, table, ("id", "company")):
        return ()
    out: list[Company] = []
    seen: set[str] = set()
    for row, values in table.rows:
        before = len(problems.items)
        get = partial(_cell, problems, table, row, values, required=False)
        cid = get("id", _text, "an id", required=True)
        if cid in seen:
            problems.add(f"id {cid!r} appears twice", table.sheet, row, table.column("id"))
        delegates = get("delegates", _int_at_least(1), "a whole number >= 1")
        max_meetings = get("max_meetings", _int_at_least(0), "a whole number >= 0")
        left = get("left_mission", _parse_bool, _YES_OR_NO)
        if len(problems.items) > before:
            continue
        seen.add(cid)
        if left:
            departed.add(cid)
        former += [
            (old, cid, table.sheet, row, table.column("former_ids"))
            for old in dict.fromkeys(_split(table.get(values, "former_ids")))
        ]
        out.append(
            Company(
                id=cid,
                name=_text(table.get(values, "company")),
                side=side,
                sectors=_split(table.get(values, "sectors")),
                languages=_split(table.get(values, "languages")),
                delegates=1 if delegates is None else delegates,
                max_meetings=max_meetings,
                contact=_text(table.get(values, "contact")),
                email=_text(table.get(values, "email")),
                phone=_text(table.get(values, "phone")),
                wishes=_split(table.get(values, "wishes")),
            )
        )
    return tuple(out)


def _check_former_ids(
    problems: _Problems,
    companies: Sequence[Company],
    departed: set[str],
    former: Sequence[tuple[str, str, str, int, str]],
) -> None:
    """A ``former_ids`` cell names ids the company had (``plan`` writes them): not its
    own, not one of a company still in the mission or of the other side, not one that
    another company lists too. Typed by hand, such an id gave the company another
    company's meetings and calendar events (a reader)."""
    by_id = {c.id: c for c in companies}
    claims = Counter(old for old, *_ in former)
    for old, cid, sheet, row, column in former:
        other = by_id.get(old)
        if old.casefold() == cid.casefold():  # ids are matched whatever their case
            why = "its own id"
        elif other is not None and other.id not in departed:
            why = f"the id of {other.name}, a company still in the mission"
        elif other is not None and other.side != by_id[cid].side:
            why = f"the id of {other.name}, of the other side"
        elif claims[old] > 1:
            why = "listed by another company too"
        else:
            continue
        problems.add(
            f"former_ids of {cid} lists {old!r}, {why}: it must list only ids this company "
            "had before (plan writes them; empty the cell if unsure)",
            sheet,
            row,
            column,
        )


#: The ``locked`` column's header as coordinators retype it: renamed 'verrouillé' or
#: 'lock', every lock was dropped without a word, the one column meant to be edited
#: (a hand-editing tester); 'Pinned' and 'fixe' too, as plan's own messages call a
#: lock a pin (a hand-editing tester: 24 locks read as none); compared without
#: accents, case and punctuation. Not 'keep' or 'fixed', which may head a note of the
#: coordinator's: a header read as none of these is warned of by plan, the locks kept
#: from the ``As written`` copy (:func:`_locks_as_written`).
_LOCKED_ALIASES = frozenset(
    ("lock", "locked", "verrou", "verrouille", "verrouiller", "bloque", "fige", "lockedyesno",
     "pin", "pinned", "epingle", "fixe")
)  # fmt: skip


def _locked_alias(table: _Table) -> int | None:
    """The position of a column headed as ``locked`` retyped (:data:`_LOCKED_ALIASES`)."""
    for name, i in table.index.items():
        plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        if re.sub(r"[^a-z]", "", plain.lower()) in _LOCKED_ALIASES:
            return i
    return None


def _read_meetings(
    problems: _Problems,
    table: _Table,
    mission: Mission | None,
    ends: list[tuple[tuple[str, str], time]] | None = None,
) -> tuple[PublishedMeeting, ...]:
    """The meetings of ``table``; ``ends`` gets each ``(pair, end typed)`` whose end cell
    is not the end the meeting has (start + meeting_minutes: the cell is not read)."""
    # ``locked`` is optional: agendas published before re-planning existed lack it.
    if "locked" not in table.index and (i := _locked_alias(table)) is not None:
        table.index["locked"] = i
    required = tuple(c for c in MEETINGS_COLUMNS if c != "locked")
    if not _check_columns(problems, table, required):
        return ()
    out: list[PublishedMeeting] = []
    seen: dict[tuple[str, str], int] = {}
    # The locked and interpreter columns carry drop-downs: filled down past the last
    # meeting, their rows held no meeting but blocked every command with five "is
    # empty" problems each (a second reader's finding, with 'no'; another's with 'yes',
    # every meeting locked). Such rows name no meeting: skipped, and said when one
    # holds something other than 'no'.
    drop_downs = {table.index[c] for c in ("locked", "interpreter") if c in table.index}
    # A row whose other cells are all in the coordinator's own columns (a note, '---
    # calls of 04/11 below ---') names no meeting either: it blocked every command,
    # cron's re-plan included, with five "is empty" problems (a hand-editing tester);
    # extra columns are ignored.
    meeting_columns = {table.index[c] for c in MEETINGS_COLUMNS if c in table.index}
    said: list[int] = []
    for row, values in table.rows:
        filled = [(i, v) for i, v in enumerate(values) if _text(v) != ""]
        if all(i in drop_downs or i not in meeting_columns for i, _ in filled):
            if not all(_says_no(v) for i, v in filled if i in drop_downs):
                said.append(row)
            continue
        before = len(problems.items)
        get = partial(_cell, problems, table, row, values)
        exporter_id = get("exporter_id", _text, "an id")
        buyer_id = get("buyer_id", _text, "an id")
        day = get("date", _parse_date, _A_DATE)
        start = get("start", _parse_start, "a time (HH:MM)")
        # The end follows from the start when the mission is known (below): its cell
        # is then not read at all, so a stale or free-text end blocks nothing.
        end = (
            None
            if mission is not None
            else get("end", _parse_time, "a time (HH:MM)", required=False)
        )
        table_no = get("table", _int_at_least(1), "a table number >= 1")
        priority = get("priority", _priority, "1, 2 or 3", required=False)
        interpreter = get("interpreter", _parse_bool, _YES_OR_NO, required=False)
        locked = get("locked", _parse_lock, _LOCKED_OR_NOT, required=False)
        mid = _text(table.get(values, "meeting_id"))
        if exporter_id and buyer_id:
            key = (exporter_id, buyer_id)
            if mid and mid != meeting_id(*key):
                problems.add(
                    f"meeting_id {mid!r} does not match exporter_id and buyer_id "
                    f"(expected {meeting_id(*key)!r})"
                    # 'ma-001' typed for MA-001: the fix is the ids, not meeting_id (a
                    # reader followed the expected value into another refusal)
                    + ("; they differ in case only: meeting_id, exporter_id and buyer_id "
                       "are written as the roster writes the ids"
                       if mid.casefold() == meeting_id(*key).casefold() else ""),
                    table.sheet,
                    row,
                    table.column("meeting_id"),
                )
            if key in seen:
                problems.add(
                    f"meeting {meeting_id(*key)} appears twice (also row {seen[key]})",
                    table.sheet,
                    row,
                    table.column("meeting_id"),
                )
            seen.setdefault(key, row)
        typed_day = table.get(values, "date")
        day_time = _time_in_date(typed_day)
        if (
            day_time is not None
            and day is not None  # a cell refused as no date is not said twice (a reader)
            and day_time != time(0, 0)
            and start is not None
            # within the minute: '11:15:40' at 11:15 is its start (a reader)
            and abs(_seconds(day_time) - _seconds(start)) >= 60
        ):
            # The mirror case: '13/11/2025 10:00' typed into date kept the day and the
            # start cell's time, without a word (a second reader).
            problems.add(
                f"date holds a time, {day_time:%H:%M}, other than the row's start "
                f"({start:%H:%M}): type the time in the start column, the day alone in date",
                table.sheet,
                row,
                table.column("date"),
            )
        typed = table.get(values, "start")
        typed = _text_date_time(typed) or typed
        if (
            isinstance(typed, datetime)
            and day is not None
            and typed.date() != day
            and typed.date() not in _EXCEL_TIME_DATES
        ):
            # A date and a time typed into start: the date was dropped without a word,
            # and the meeting read on the row's own day (a hand-editing tester).
            problems.add(
                f"start holds a date, {typed:%Y-%m-%d}, other than the row's date "
                f"({day:%Y-%m-%d}): type the day in the date column, the time alone in start",
                table.sheet,
                row,
                table.column("start"),
            )
        if start is not None and mission is not None:
            # The end follows from the start (meetings last meeting_minutes): a meeting
            # moved by hand (date and start) keeps a stale end cell, which the reports
            # would send out (found by a second reader). The cell is not read.
            end = _add_minutes(start, mission.meeting_minutes)
            if end is None:
                problems.add(
                    "the meeting would end after midnight", table.sheet, row, table.column("start")
                )
            elif ends is not None and exporter_id and buyer_id:
                with contextlib.suppress(ValueError, TypeError, OverflowError):
                    if (typed_end := _parse_time(table.get(values, "end"))) != end:
                        ends.append(((exporter_id, buyer_id), typed_end))
        elif start is not None and end is not None and not start < end:
            problems.add(
                f"end {_hhmm(end)} is not after start {_hhmm(start)}",
                table.sheet,
                row,
                table.column("end"),
            )
        if len(problems.items) > before or end is None:
            continue
        out.append(
            PublishedMeeting(
                exporter_id=exporter_id,
                buyer_id=buyer_id,
                day=day,
                start=start,
                end=end,
                table=table_no,
                exporter=_text(table.get(values, "exporter")),
                buyer=_text(table.get(values, "buyer")),
                priority=priority,
                requested_by=_text(table.get(values, "requested_by")).lower(),
                interpreter=bool(interpreter),
                locked=bool(locked),
                row=row,
                start_column=table.column("start"),
                date_column=table.column("date"),
            )
        )
    if said:
        rows = f"row {said[0]}" if len(said) == 1 else f"{len(said)} rows, {said[0]} to {said[-1]},"
        log.warning(
            "%s, sheet %s: %s hold only locked or interpreter values and no meeting: "
            "ignored (clear them)",
            problems.file, table.sheet, rows,
        )  # fmt: skip
    return tuple(out)


def _add_minutes(t: time, minutes: int) -> time | None:
    total = t.hour * 60 + t.minute + minutes
    return time(total // 60, total % 60) if total < 24 * 60 else None


def _reason_code(value: object) -> str:
    text = _text(value)
    for code, sentence in REASONS.items():
        if text.lower() in (code.lower(), sentence.lower()):
            return code
    for sentence, code in FORMER_REASONS.items():
        if text.lower() == sentence.lower():
            return code
    raise ValueError


def _read_unscheduled(problems: _Problems, table: _Table) -> tuple[Unscheduled, ...]:
    if not _check_columns(problems, table, ("exporter_id", "buyer_id", "reason")):
        return ()
    out: list[Unscheduled] = []
    expected = "one of: " + "; ".join(repr(s) for s in REASONS.values())
    for row, values in table.rows:
        before = len(problems.items)
        exporter_id = _cell(problems, table, row, values, "exporter_id", _text, "an id")
        buyer_id = _cell(problems, table, row, values, "buyer_id", _text, "an id")
        reason = _cell(problems, table, row, values, "reason", _reason_code, expected)
        if len(problems.items) > before:
            continue
        out.append(Unscheduled(exporter_id, buyer_id, reason, _text(table.get(values, "detail"))))
    return tuple(out)


def _read_changes(problems: _Problems, table: _Table) -> tuple[Change, ...]:
    if not _check_columns(problems, table, ("kind", "exporter_id", "buyer_id")):
        return ()
    kinds = {k.value: k for k in PLAN_CHANGE_KINDS}
    out: list[Change] = []
    for row, values in table.rows:
        before = len(problems.items)
        get = partial(_cell, problems, table, row, values, required=False)
        kind = get("kind", lambda v: kinds[_text(v).lower()], " or ".join(kinds), required=True)
        exporter_id = get("exporter_id", _text, "an id", required=True)
        buyer_id = get("buyer_id", _text, "an id", required=True)
        where = {
            "old_day": get("old_date", _parse_date, _A_DATE),
            "old_start": get("old_start", _parse_time, "a time (HH:MM)"),
            "old_table": get("old_table", _int_at_least(1), "a table number >= 1"),
            "new_day": get("new_date", _parse_date, _A_DATE),
            "new_start": get("new_start", _parse_time, "a time (HH:MM)"),
            "new_table": get("new_table", _int_at_least(1), "a table number >= 1"),
        }
        if len(problems.items) > before:
            continue
        reason = _text(table.get(values, "reason"))
        names = {k: _text(table.get(values, k)) for k in ("exporter", "buyer")}
        out.append(Change(kind, exporter_id, buyer_id, **where, reason=reason, **names))
    return tuple(out)


def _read_summary(problems: _Problems, table: _Table) -> dict[str, str]:
    if not _check_columns(problems, table, SUMMARY_COLUMNS):
        return {}
    out: dict[str, str] = {}
    for _row, values in table.rows:
        key = _text(table.get(values, "key"))
        if key:
            out[key] = _text(table.get(values, "value"))
    return out


def _check_summary_times(problems: _Problems, table: _Table, timezone: str) -> None:
    """:func:`_check_summary_time` of each Summary time plan wrote, in the mission's
    ``timezone`` (as re-plans and ``check`` read them)."""
    for row, values in table.rows:
        key = _text(table.get(values, "key"))
        text = _text(table.get(values, "value"))
        if key in _SUMMARY_TIMES and text:
            _check_summary_time(problems, table, row, key, text, timezone)


#: Summary keys holding a time plan wrote (its own record of the plan, read back by
#: re-plans and ``check``).
_SUMMARY_TIMES = ("planned_at", "horizon")


def _check_summary_time(
    problems: _Problems, table: _Table, row: int, key: str, text: str, timezone: str
) -> None:
    """A Summary time that does not read as one (as re-plans and ``check`` read it,
    :func:`~asmex_sched.domain.from_local_iso` in the Summary's ``timezone``) is a problem: read as
    absent, it had been taken as an agenda written before the key (``planned_at`` of
    ``yesterday`` was accepted, the meetings before it no longer checked as held; a
    tester)."""
    try:
        from_local_iso(text, timezone)
    except (ValueError, OverflowError):
        where = (
            "the time of the run that wrote this agenda: its log line 'wrote ...', or the "
            "planned_at of report's summary.xlsx made from it"
            if key == "planned_at"
            else "planned_at + notice_hours (empty after a first or --fresh plan)"
        )
        problems.add(
            f"{key} {text!r} is not a time as plan writes it (YYYY-MM-DDTHH:MM and "
            "a UTC offset, e.g. 2025-11-10T18:30+03:00): it is plan's own record, not "
            f"to be edited; type back {where}",
            table.sheet,
            row,
            table.column("value"),
        )


def _read_unavailability(problems: _Problems, table: _Table) -> tuple[Unavailability, ...]:
    if not _check_columns(problems, table, ("participant", "date", "start", "end")):
        return ()
    out: list[Unavailability] = []
    for row, values in table.rows:
        before = len(problems.items)
        get = partial(_cell, problems, table, row, values)
        who = get("participant", _text, "a company id or ALL, EXPORTERS, BUYERS")
        day = get("date", _parse_date, _A_DATE)
        start = get("start", _parse_time, "a time (HH:MM)")
        end = get("end", _parse_time, "a time (HH:MM)")
        if len(problems.items) > before:
            continue
        out.append(Unavailability(who, day, start, end, _text(table.get(values, "reason"))))
    return tuple(out)


def _hash_of(meetings: Sequence[PublishedMeeting]) -> str:
    """:func:`~asmex_sched.domain.meetings_hash` of meetings as read."""
    return meetings_hash(
        (p.exporter_id, p.buyer_id, p.day, p.start, p.table, p.interpreter) for p in meetings
    )


def _locks_as_written(
    meetings: Sequence[PublishedMeeting], as_written: Sequence[PublishedMeeting]
) -> tuple[tuple[PublishedMeeting, ...], tuple[str, ...]]:
    """``meetings`` (read from a ``Meetings`` sheet without its ``locked`` column) each
    locked as the ``As written`` copy has it, and the ids of those locked. The column
    deleted (or its header retyped 'keep'), every lock was dropped without a word and
    cron moved the meetings the coordinator had pinned (a hand-editing tester): the
    locks plan last wrote are the coordinator's last known will. A row deleted by hand
    is not brought back."""
    locked = {p.key for p in as_written if p.locked}
    out = tuple(replace(p, locked=p.key in locked) for p in meetings)
    return out, tuple(sorted(p.meeting_id for p in out if p.locked))


def _read_as_written(
    path: Path, table: _Table | None, mission: Mission | None
) -> tuple[PublishedMeeting, ...] | None:
    """The hidden ``As written`` sheet, or ``None`` (an agenda written before it
    existed, or one whose copy was edited too: then the ``Meetings`` sheet is all
    there is, as before, rather than an error about a sheet nobody is meant to see)."""
    if table is None:
        return None
    problems = _Problems(str(path))
    meetings = _read_meetings(problems, table, mission)
    return None if problems.items else meetings
