"""Per-company agenda files: xlsx, ics, pdf, plus index and organisers' summary.

:func:`write_reports` is what ``asmex-sched report`` runs: it reads the agenda
workbook (and the previous one for ``--changed-since``), asks
:mod:`asmex_sched.report` what each company must be told, and writes the files
(every one atomically, through :mod:`asmex_sched.io.atomic`). ``docs/report.md``
is the reference.

Only this module knows the file formats (openpyxl, icalendar, fpdf2). Every
output is byte-for-byte reproducible: workbook timestamps and zip entry dates
are fixed, calendar ``DTSTAMP`` comes from the agenda's ``planned_at``, PDF
dates too.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import io
import logging
import math
import re
import textwrap
import warnings
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from asmex_sched.domain import (
    GROUP_ALL,
    GROUP_BUYERS,
    GROUP_EXPORTERS,
    Agenda,
    Change,
    ChangeKind,
    Mission,
    edited_by_hand,
    edited_pairs,
    ends_not_read,
    in_real_order,
    language_code,
    time_zone,
)
from asmex_sched.errors import AgendaConflictError, InputError, OutputError
from asmex_sched.io.agenda import (
    HISTORY_DIR,
    history_copies,
    read_agenda,
    read_agenda_summary,
    workbook_bytes,
    xml_safe,
)
from asmex_sched.io.atomic import atomic_write_bytes, remove_killed_temporaries, writable_folder
from asmex_sched.io.roster import ref_key
from asmex_sched.report import (
    LANGUAGES,
    MEETING_COLUMNS,
    AgendaLine,
    CancelledLine,
    CompanyAgenda,
    Document,
    build_company_agendas,
    calendar_id,
    calendar_sequence,
    diff_agendas,
    document,
    dtstamp_default,
    event_text,
    event_uid,
    honoured_departures,
    minutes_since_epoch,
    mission_place,
    place_changes,
    planned_at,
    summary_field,
    summary_sequence,
    summary_tables,
    time_zone_shift,
    unmet_not_held,
)

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "INDEX_COLUMNS",
    "CompanyFiles",
    "ReportOutcome",
    "company_ics_bytes",
    "company_pdf_bytes",
    "company_xlsx_bytes",
    "parse_formats",
    "pdf_font",
    "write_reports",
]

log = logging.getLogger("asmex_sched.report")

FORMATS: tuple[str, ...] = ("xlsx", "ics", "pdf")
DEFAULT_FORMATS: tuple[str, ...] = ("xlsx", "ics")
INDEX_COLUMNS: tuple[str, ...] = (
    "id",
    "company",
    "side",
    "language",
    "contact",
    "email",
    "meetings",
    "xlsx",
    "ics",
    "pdf",
)
PRODID = "-//asmex-sched//agenda report//EN"

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_SECTION = Font(bold=True, size=12)
_HEADER_FILL = PatternFill(fill_type="solid", start_color="DDEBF7", end_color="DDEBF7")
_WRAP = Alignment(vertical="top", wrap_text=True)
_DAY_BORDER = Border(top=Side(style="thin", color="808080"))


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


def _past_when_changed(runs: Sequence[Agenda]) -> frozenset[tuple[str, str, date, time]]:
    """The (exporter, buyer, day, start) of a change in the Changes sheet of one of
    ``runs`` (agendas) at a time already past when that run was planned: a no-show
    booked again, a meeting held at a time since declared unavailable, a hand edit
    correcting the record. The companies were not misled by a mailing after it (a
    reader: a re-plan at 12:30 moved a meeting from 09:00, and the mailing at 12:45 said
    it reached nobody in time). ``runs`` oldest first: a time an earlier run changed
    while still to come is that run's news, not the record, whatever a later run did
    at it once past (a table corrected by hand once the meeting was held hid a booking
    never told; a cron week's tester)."""
    out = set()
    news = set()
    for run in runs:
        stamp = planned_at(run)
        for c in run.changes if stamp is not None else ():
            for day, start in ((c.old_day, c.old_start), (c.new_day, c.new_start)):
                if day is None or start is None:
                    continue
                at = (c.exporter_id, c.buyer_id, day, start)
                if datetime.combine(day, start) >= stamp:
                    news.add(at)
                elif at not in news:
                    out.add(at)
    return frozenset(out)


def _planned_after(previous: Agenda, agenda: Agenda) -> tuple[datetime, datetime] | None:
    """When ``previous`` (``--changed-since``) was planned after ``agenda``, the two
    ``planned_at`` times (the two agendas swapped?); else ``None``."""
    before, after = planned_at(previous), planned_at(agenda)
    if before is None or after is None:
        return None
    if not in_real_order(agenda.mission.timezone, after, before, previous.mission.timezone):
        return None
    return before, after


def _unexplained(
    agenda_path: Path, since: Path, agenda: Agenda, changes: Sequence[Change],
    runs: Sequence[Agenda],
) -> str | None:  # fmt: skip
    """The warning when changes since ``since`` have no reason: the agenda's own Changes
    sheet gives only its last re-plan's, the runs before it are in the copies (``runs``)
    found in ``agenda-history/`` beside it. An agenda copied elsewhere with the agenda
    last sent, its history left behind, sent 145 of 152 change lines with a blank
    reason and no word (an on-site tester). A plan from scratch (``--fresh``: no
    ``horizon``) lists no change: said so, not the history blamed (a cron week's
    tester). The agenda's hand edits since ``plan`` wrote it have none by design
    (docs/report.md; ``report`` warns of them on its own): not counted."""
    by_hand = edited_pairs(agenda)
    planned = [c for c in changes if (c.exporter_id, c.buyer_id) not in by_hand]
    blank = sum(1 for c in planned if not c.reason)
    if not blank:
        return None
    copies = len(runs)
    fresh = [r for r in (*runs, agenda) if "horizon" in r.summary
             and not str(r.summary["horizon"] or "").strip()]  # fmt: skip
    if fresh:
        why = (
            f"{'it' if fresh[-1] is agenda else 'a run since ' + since.name} was planned "
            "from scratch (plan --fresh), which gives no reason for what it changed: tell "
            "the companies why yourself"
        )
    elif copies:
        why = (
            f"the {copies} cop{'y' if copies == 1 else 'ies'} of the re-plans before it in "
            f"{HISTORY_DIR}/ give{'s' if copies == 1 else ''} none for "
            f"{'it' if blank == 1 else 'them'} either"
        )
    else:
        why = (
            f"no copy of the re-plans before it is in {HISTORY_DIR}/ beside it (report from "
            f"the folder where plan wrote the agenda, its {HISTORY_DIR}/ folder beside it, "
            "to give them)"
        )
    # "1 of the 1 planned change has" read oddly (a reader): "the 1 planned change"
    counted = (
        f"the {len(planned)}" if blank == len(planned) else f"{blank} of the {len(planned)}"
    )
    return (
        f"{counted} planned change{'' if len(planned) == 1 else 's'} "
        f"since {since.name} {'has' if blank == 1 else 'have'} no reason, left blank in "
        f"the companies' change lists: {agenda_path.name}'s Changes sheet gives only its "
        f"last re-plan's reasons, and {why}"
    )


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


def _last_reported(out_dir: Path, agenda: Agenda) -> int | None:
    """The calendar sequence of the agenda of this mission last reported into
    ``out_dir`` (its ``summary.xlsx`` Overview), ``None`` when unknown (no summary, one
    of another mission or written before the row existed)."""
    path = Path(out_dir) / "summary.xlsx"
    if not path.is_file():
        return None
    try:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        try:
            rows = book["Overview"].iter_rows(min_row=2, max_col=2, values_only=True)
            overview = {str(r[0]): r[1] for r in rows if len(r) == 2 and r[0]}
        finally:
            book.close()
    except Exception:  # noqa: BLE001 - any summary that does not read is "unknown"
        return None
    if overview.get("calendar_id") != calendar_id(agenda):
        return None
    sequence = overview.get("calendar_sequence")
    return sequence if isinstance(sequence, int) else None


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


def _past_before_sent(
    previous: Agenda,
    agenda: Agenda,
    changes: Sequence[Change],
    until: datetime | None,
    record: Collection[tuple[str, str, date, time]],
) -> list[str]:
    """The changes over a span whose time came after ``previous`` (the agenda last sent) was
    planned and before ``until`` (the mailing, mission time; the agenda's own
    ``planned_at`` if later): a meeting booked or moved to it, one cancelled or moved
    from it, an interpreter booking changed at it, by re-plans not mailed. Past when the
    companies are told, they are the record (not listed), or listed after the fact: a
    cron week's tester's two meetings booked on Wednesday evening for Thursday morning,
    mailed on Thursday noon, reached nobody, without a word. Not a time a run changed
    after it had passed (``record``: :func:`_past_when_changed` of the copies of the
    re-plans in between and ``agenda``), nor a hand edit of ``agenda`` since it was
    planned (the organisers' own, at a time unknown; ``report`` warns of those apart;
    the re-plans' change under it still counts, against the agenda as planned), nor
    another calendar's agenda (another mission planned over the file: other events). A
    hand edit recorded by a re-plan at a time still to come then counts: a meeting
    removed by hand on Monday for Tuesday, mailed on Tuesday night. Each is listed, the
    earliest first (six then "..." in id order hid the ones still worth a call: a cron
    week's tester)."""
    sent = planned_at(previous)
    if until is None or calendar_id(previous) != calendar_id(agenda):
        return []
    if sent is not None and (stamp := planned_at(agenda)) is not None and sent > stamp:
        return []  # the two swapped? (said apart: these would be backwards too)
    written = {p.key: (p.day, p.start, p.table) for p in agenda.sent}
    by_hand = edited_pairs(agenda)
    before = {p.key: (p.day, p.start, p.table) for p in previous.meetings}
    out: list[tuple[datetime, str]] = []
    for c in changes:
        key = (c.exporter_id, c.buyer_id)
        kind = c.kind
        if key in by_hand:
            # Edited by hand since planned: the re-plans' own change (``previous`` to
            # the agenda as planned) is the news; it was passed over whole (a table
            # corrected once the meeting was held hid a booking never told).
            was, planned = before.get(key), written.get(key)
            if was == planned:
                continue
            kind = (ChangeKind.ADDED if was is None
                    else ChangeKind.CANCELLED if planned is None else ChangeKind.MOVED)  # fmt: skip
            times = [t[:2] for t in (planned, was) if t is not None]
        elif c.kind in (ChangeKind.ADDED, ChangeKind.MOVED):
            times = [(c.new_day, c.new_start)]
            if c.kind == ChangeKind.MOVED:
                times.append((c.old_day, c.old_start))
        else:  # cancelled, or its interpreter booking changed, at the time held
            times = [(c.old_day, c.old_start)]
        at = [datetime.combine(d, t) for d, t in times if d is not None and t is not None]
        past = [
            moment for moment in at
            if (*key, moment.date(), moment.time()) not in record
            and (sent is None or moment >= sent) and moment < until
        ]  # fmt: skip
        if past:
            # a move says from when to when (which one was past: a reader cannot tell)
            when = f"{min(past):%Y-%m-%d %H:%M}"
            if len(at) == 2 and at[0] != at[1]:
                when = f"from {at[1]:%Y-%m-%d %H:%M} to {at[0]:%Y-%m-%d %H:%M}"
            out.append((min(past), f"{c.exporter_id}--{c.buyer_id} {kind.value} ({when})"))
    return [text for _, text in sorted(out)]


def _hand_edits_undone(previous: Agenda, agenda: Agenda) -> list[str]:
    """The meetings ``previous`` (the agenda sent) holds edited by hand, that the agenda
    has back as ``plan`` wrote them in ``previous``: counted as never sent (its ``As
    written`` sheet), they are no change; but a report of ``previous`` as edited, mailed
    before the re-plan put them back, gave the companies the edited times, and they
    were told nothing (a hand-editing tester). Each as ``pair (typed …, now …)``."""
    if previous.as_written is None:
        return []
    sent = {p.key: (p.day, p.start, p.table) for p in previous.sent}
    typed = {p.key: (p.day, p.start, p.table) for p in previous.meetings}
    now = {p.key: (p.day, p.start, p.table) for p in agenda.meetings}

    def when(at: tuple | None) -> str:
        return "none" if at is None else f"{at[0]:%Y-%m-%d} {at[1]:%H:%M}, table {at[2]}"

    return [
        f"{key[0]}--{key[1]} (typed {when(typed.get(key))}, now {when(now.get(key))})"
        for key in sorted(sent.keys() | typed.keys())
        if typed.get(key) != sent.get(key) and now.get(key) == sent.get(key)
    ]


def _mission_time(agenda: Agenda, moment: datetime) -> datetime | None:
    """``moment`` in the mission's time zone, naive as the agenda's times: one given
    with its offset (``--now 2025-11-13T09:00Z``, as ``plan`` takes it) is converted (a
    reader: it crashed, exit 70); ``None`` when the zone is unknown."""
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(_zone(agenda.mission.timezone)).replace(tzinfo=None)
    except Exception:  # noqa: BLE001 - an unknown zone is said where the files are written
        return None


def _mission_now(agenda: Agenda) -> datetime | None:
    """The clock's time in the mission's time zone (naive, as the agenda's times), the
    time of a mailing; ``None`` when its zone is unknown."""
    try:
        return datetime.now(_zone(agenda.mission.timezone)).replace(tzinfo=None)
    except Exception:  # noqa: BLE001 - an unknown zone is said where the files are written
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


# ================================================================= outcome
@dataclass(frozen=True)
class CompanyFiles:
    """What was written for one company (one row of ``index.csv``)."""

    id: str
    company: str
    side: str
    language: str
    contact: str
    email: str
    meetings: int
    changes: int
    files: dict[str, str] = field(default_factory=dict)  # format -> file name


@dataclass(frozen=True)
class ReportOutcome:
    out_dir: Path
    companies: tuple[CompanyFiles, ...]
    index_csv: Path
    index_xlsx: Path
    summary_xlsx: Path
    formats: tuple[str, ...]
    unchanged: int = 0  # companies skipped by --changed-since
    warnings: tuple[str, ...] = ()


# ================================================================= options
def parse_formats(values: Iterable[str] | str | None) -> tuple[str, ...]:
    """``"xlsx,ics"`` (or several such values) -> ``("xlsx", "ics")`` in canonical order.

    Raises
    ------
    InputError
        An unknown or empty format.
    """
    if values is None:
        return DEFAULT_FORMATS
    if isinstance(values, str):
        values = [values]
    wanted: set[str] = set()
    bad: list[str] = []
    for value in values:
        for part in str(value).split(","):
            p = part.strip().lower().lstrip(".")
            if not p:
                continue
            if p in FORMATS:
                wanted.add(p)
            else:
                bad.append(part.strip())
    if bad:
        raise InputError(
            f"--format: unknown format(s) {', '.join(repr(b) for b in bad)} "
            f"(choose among {', '.join(FORMATS)}, comma-separated)"
        )
    if not wanted:
        raise InputError(f"--format: no format given (choose among {', '.join(FORMATS)})")
    return tuple(f for f in FORMATS if f in wanted)


# ==================================================================== xlsx
def _text_safe(value: object) -> object:
    if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return xml_safe(str(value))


def _put(ws: Worksheet, row: int, col: int, value: object):
    """Write one cell; text is always a plain string, never a formula.

    Same technique as :mod:`asmex_sched.io.agenda`: openpyxl would turn a
    string starting with ``=`` into a formula, forcing the ``s`` type keeps it
    text (``=cmd`` shows and reads back as ``=cmd``).
    """
    cell = ws.cell(row=row, column=col, value=_text_safe(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def _workbook_bytes(wb: Workbook, title: str, stamp: datetime | None = None) -> bytes:
    """Serialise ``wb`` reproducibly, with our document properties (dated ``stamp``,
    the plan's time, as the PDFs are)."""
    props = wb.properties
    props.creator = "asmex-sched"
    props.title = xml_safe(title)  # as every cell (the mission's name)
    props.lastModifiedBy = None
    return workbook_bytes(wb, stamp)


def _spans(wanted: Sequence[int], sheet: Sequence[int]) -> list[tuple[int, int]]:
    """The sheet columns (first, last; 1-based) each column of a table spans, for a
    table beside the meeting table, whose columns set the sheet's widths: each takes
    sheet columns until it has about its width (three quarters of it), keeping one for
    each column after it; the last takes the rest. The change notice's counterpart,
    before and after fell in the 6-7 character time and table columns, wrapped a word
    a line (a proofreader)."""
    spans: list[tuple[int, int]] = []
    col = 1
    for i, want in enumerate(wanted):
        if i == len(wanted) - 1:
            spans.append((col, max(col, len(sheet))))
            break
        first, width = col, 0
        while col <= len(sheet) - (len(wanted) - 1 - i) and (
            col == first or width < 0.75 * want
        ):
            width += sheet[col - 1]
            col += 1
        spans.append((first, max(first, col - 1)))
        col = max(col, first + 1)
    return spans


def _put_across(
    ws: Worksheet, row: int, spans: Sequence[tuple[int, int]], values: Sequence[object]
) -> list[Any]:
    """``values`` in ``row``, each in the first column of its span, merged across it."""
    cells = []
    for (first, last_col), value in zip(spans, values, strict=True):
        cells.append(_put(ws, row, first, value))
        if last_col > first:
            ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last_col)
    return cells


def _lines(value: object, width: int) -> int:
    """About how many lines ``value`` wraps to in a cell ``width`` characters wide (at
    word breaks, as Excel wraps; a column's width counts characters)."""
    text = "" if value is None else str(value)
    return sum(
        max(1, len(textwrap.wrap(part, max(width, 1), break_on_hyphens=False)))
        for part in text.split("\n")
    )


def _document_sheet(ws: Worksheet, doc: Document) -> None:
    meetings = doc.block("meetings")
    columns = len(meetings.columns) if meetings else 2
    widths = list(meetings.widths) if meetings and meetings.widths else [20] * columns
    last = get_column_letter(columns)

    _put(ws, 1, 1, doc.title).font = _TITLE
    _put(ws, 2, 1, doc.subtitle).font = _BOLD
    row = 3
    header_row = None
    for block in doc.blocks:
        row += 1
        _put(ws, row, 1, block.title).font = _SECTION
        row += 1
        if block.kind == "fields":
            for key, value in block.rows:
                _put(ws, row, 1, key).font = _BOLD
                cell = _put(ws, row, 2, value)
                cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
                ws.merge_cells(f"B{row}:{last}{row}")
                lines = max(_lines(key, widths[0]), _lines(value, sum(widths[1:])))
                if lines > 1:  # a venue typed on two lines (merged: not sized by Excel)
                    ws.row_dimensions[row].height = 15 * lines
                row += 1
            continue
        if not block.rows:  # the sentence alone, as in the PDF: no header over nothing
            _put(ws, row, 1, block.empty).font = Font(italic=True)
            ws.merge_cells(f"A{row}:{last}{row}")
            row += 1
            continue
        spans = _spans(block.widths or (1,) * len(block.columns), widths)
        for cell in _put_across(ws, row, spans, block.columns):
            cell.font = _BOLD
            cell.fill = _HEADER_FILL
        if block.key == "meetings":
            header_row = row
        row += 1
        previous_day = None
        for values in block.rows:
            for cell in _put_across(ws, row, spans, values):
                cell.alignment = _WRAP
            lines = max(
                _lines(v, sum(widths[first - 1 : last_col]))
                for (first, last_col), v in zip(spans, values, strict=True)
            )
            if lines > 1 and any(last_col > first for first, last_col in spans):
                # Excel sizes no row to merged cells' wrapped text: the lines would hide.
                ws.row_dimensions[row].height = 15 * lines
            if block.key == "meetings":
                if previous_day is not None and values[0] != previous_day:
                    for i in range(1, columns + 1):
                        ws.cell(row, i).border = _DAY_BORDER
                previous_day = values[0]
            row += 1
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    # Print set-up: A4 landscape, one page wide, meeting header repeated.
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "&P / &N"
    if header_row is not None:
        ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:{last}{max(row - 1, 1)}"


def company_xlsx_bytes(ca: CompanyAgenda) -> bytes:
    """The printable one-sheet agenda of one company."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Agenda"
    doc = document(ca)
    _document_sheet(ws, doc)
    return _workbook_bytes(wb, doc.title, _stamp_utc(ca, _zone(ca.mission.timezone)))


# ===================================================================== ics
def _one_line(text: str) -> str:
    """``text`` with its line breaks as spaces. icalendar escapes the line breaks of
    the properties it knows (SUMMARY, DESCRIPTION) but not of X- properties, and
    raised on a name typed on two lines in Excel (Alt+Enter; a second reader's
    finding)."""
    return re.sub(r"\s*[\r\n\u2028\u2029]+\s*", " ", text)


def _zone(name: str) -> ZoneInfo:
    zone = time_zone(name)
    if zone is None:
        raise InputError(
            f"Mission timezone {name!r} is not a known IANA time zone (e.g. Africa/Nairobi)"
        )
    return zone


def _stamp_utc(ca: CompanyAgenda, tz: ZoneInfo) -> datetime:
    local = ca.stamp or dtstamp_default(ca.mission)
    return local.replace(tzinfo=tz).astimezone(UTC)


def company_ics_bytes(ca: CompanyAgenda) -> bytes:
    """RFC 5545 calendar of one company: one VEVENT per meeting, cancellations too.

    UID :func:`~asmex_sched.report.event_uid` (stable across re-plans), times with
    ``TZID`` = mission timezone and its VTIMEZONE, ``METHOD:PUBLISH``.
    ``SEQUENCE`` is the agenda's :func:`~asmex_sched.report.calendar_sequence` for
    every event, cancelled ones (``STATUS:CANCELLED``) too: it grows by at least one
    from one plan to the next, so calendars accept every update, including a meeting
    re-instated after a cancellation (RFC 5545 ignores an update whose SEQUENCE is not
    higher than the one it already has). An unchanged meeting had 0 until session 23:
    a full report after a new venue, or after re-plans that were not all mailed,
    republished events whose content had changed below the SEQUENCE phones held from
    an earlier mailing, and calendars kept the old venue (a recipients' tester).
    """
    from icalendar import Calendar, Event, Timezone, vText

    tz = _zone(ca.mission.timezone)
    stamp = _stamp_utc(ca, tz)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if ca.meetings or ca.cancelled:  # RFC 5546: a PUBLISH has an event (an ICS tester)
        cal.add("method", "PUBLISH")
    # X- properties are TEXT (RFC 5545 3.8.8.2): escaped as such, which icalendar does
    # only for a vText (a comma or a backslash in a name went out bare; an ICS tester)
    cal.add("x-wr-calname", vText(_one_line(f"{ca.mission.name} — {ca.company.name}")))
    cal.add("x-wr-timezone", vText(_one_line(ca.mission.timezone)))

    def event(line: AgendaLine | CancelledLine, status: str, sequence: int) -> Event:
        text = event_text(ca, line)
        ev = Event()
        ev.add("uid", event_uid(line.meeting_id, ca.calendar_id))
        ev.add("dtstamp", stamp)
        # Local times named by TZID: given an aware time, icalendar writes a zone at
        # UTC+0 (Africa/Abidjan, Africa/Dakar) in UTC ('Z'), without its VTIMEZONE (a
        # fresh coordinator's test).
        zone = {"TZID": ca.mission.timezone}
        ev.add("dtstart", datetime.combine(line.day, line.start), parameters=zone)
        ev.add("dtend", datetime.combine(line.day, line.end), parameters=zone)
        ev.add("summary", text.summary)
        ev.add("location", text.location)
        ev.add("description", text.description)
        ev.add("status", status)
        ev.add("sequence", sequence)
        ev.add("transp", "TRANSPARENT" if status == "CANCELLED" else "OPAQUE")
        if line.table is not None:
            ev.add("x-asmex-table", vText(str(line.table)))
        ev.add("x-asmex-meeting-id", vText(_one_line(line.meeting_id)))
        return ev

    revision = ca.sequence or minutes_since_epoch(
        ca.stamp or dtstamp_default(ca.mission), ca.mission.timezone
    )
    for line in ca.meetings:
        cal.add_component(event(line, "CONFIRMED", revision))
    for line in ca.cancelled:
        cal.add_component(event(line, "CANCELLED", revision))
    cal.add_missing_timezones()
    if not cal.subcomponents:  # no meeting: RFC 5545 still wants one component
        cal.add_component(Timezone.from_tzid(ca.mission.timezone))
    for vtimezone in cal.walk("VTIMEZONE"):
        _onsets_before_the_change(vtimezone, tz)
    return cal.to_ical()


def _onset(local: datetime, *, before: timedelta, after: timedelta, zone: ZoneInfo) -> datetime:
    """The local time, in the offset ``before``, of the change from ``before`` to
    ``after`` that ``local`` names in either offset; ``local`` if none of ``zone``."""
    for instant in (local - before, local - after):  # naive UTC
        moment = instant.replace(tzinfo=UTC)
        then = (moment - timedelta(seconds=1)).astimezone(zone).utcoffset()
        if then == before and moment.astimezone(zone).utcoffset() == after:
            return instant + before
    return local


def _onsets_before_the_change(vtimezone: Any, zone: ZoneInfo) -> None:
    """Each onset (``DTSTART``, ``RDATE``) of ``vtimezone``'s observances as RFC 5545
    (3.6.5) has it: the local time of the change in ``TZOFFSETFROM``. icalendar (7.3)
    writes a spring change's in the new offset (Paris 2026-03-29 at 03:00 with
    ``TZOFFSETFROM:+0100``, 02:00 UTC, an hour after the change), so a calendar that
    reads the file's own VTIMEZONE put that night's times an hour off (a tester). An
    onset that is right, or that matches no change of ``zone`` (history), is kept."""
    for observance in vtimezone.subcomponents:
        before = observance.get("TZOFFSETFROM")
        after = observance.get("TZOFFSETTO")
        if before is None or after is None:
            continue
        f, t = before.td, after.td
        onset = functools.partial(_onset, before=f, after=t, zone=zone)
        if "DTSTART" in observance:
            start = observance["DTSTART"].dt
            fixed = onset(start)
            if fixed != start:
                observance.pop("DTSTART")
                observance.add("DTSTART", fixed)
        rdates = observance.get("RDATE")
        if rdates is not None:
            lists = rdates if isinstance(rdates, list) else [rdates]
            dates = [onset(d.dt) for group in lists for d in group.dts]
            observance.pop("RDATE")
            observance.add("RDATE", dates)


# ===================================================================== pdf
@dataclass(frozen=True)
class PdfFont:
    """A Unicode TTF font for the PDF (regular and bold files)."""

    family: str
    regular: Path
    bold: Path
    source: str


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def pdf_font() -> PdfFont | None:
    """The first Unicode font found, in this order:

    1. ``fontpkg-amiri`` (PyPI; Amiri covers Latin with accents and Arabic);
    2. DejaVu Sans of the system (``fonts-dejavu-core``);
    3. DejaVu Sans shipped with matplotlib, if installed.

    ``None`` when there is none (the PDF then falls back to a core font).
    """
    amiri = _package_dir("fontpkg_amiri")
    if amiri is not None:
        reg, bold = amiri / "files" / "Amiri-Regular.ttf", amiri / "files" / "Amiri-Bold.ttf"
        if reg.is_file() and bold.is_file():
            return PdfFont("Amiri", reg, bold, "fontpkg-amiri")
    system = Path("/usr/share/fonts/truetype/dejavu")
    if (system / "DejaVuSans.ttf").is_file() and (system / "DejaVuSans-Bold.ttf").is_file():
        return PdfFont(
            "DejaVu", system / "DejaVuSans.ttf", system / "DejaVuSans-Bold.ttf", "system DejaVu"
        )
    mpl = _package_dir("matplotlib")
    if mpl is not None:
        ttf = mpl / "mpl-data" / "fonts" / "ttf"
        if (ttf / "DejaVuSans.ttf").is_file() and (ttf / "DejaVuSans-Bold.ttf").is_file():
            return PdfFont(
                "DejaVu", ttf / "DejaVuSans.ttf", ttf / "DejaVuSans-Bold.ttf", "matplotlib"
            )
    return None


@functools.lru_cache(maxsize=4)
def _font_characters(path: Path) -> frozenset[int]:
    """The code points a TTF font has glyphs for (its cmap; fontTools comes with fpdf2)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as ttf:
        return frozenset(ttf.getBestCmap() or ())


def pdf_missing_characters(
    ca: CompanyAgenda, font: PdfFont, doc: Document | None = None
) -> str:
    """The characters of ``ca``'s PDF that ``font`` cannot show, in order of first
    appearance (fpdf2 leaves them out with a warning nobody sees: a Chinese company name
    vanished from its own PDF and from every counterpart's, found by a second reader).
    ``doc``: its :func:`~asmex_sched.report.document`, when already built."""
    known = _font_characters(font.regular)
    doc = doc or document(ca)
    texts = [doc.title, doc.subtitle]
    for block in doc.blocks:
        texts += [block.title, block.empty, *block.columns]
        texts += [str(v) for row in block.rows for v in row if v is not None]
    missing = (c for text in texts for c in text if ord(c) not in known and not c.isspace())
    return "".join(dict.fromkeys(missing))


def _guillemets_kept(text: str) -> str:
    """French quotes held to their words by non-breaking spaces: a name wrapped with
    its closing '»' alone at the start of a line (a reader)."""
    return re.sub(r"\s+»", "\u00a0»", re.sub(r"«\s+", "«\u00a0", text))


def _shaping_available() -> bool:
    return importlib.util.find_spec("uharfbuzz") is not None


def company_pdf_bytes(
    ca: CompanyAgenda, font: PdfFont | None, doc: Document | None = None
) -> bytes:
    """The same agenda as :func:`company_xlsx_bytes`, as an A4 landscape PDF.

    With ``font`` None (no Unicode font installed) the core Helvetica font is
    used and characters outside Latin-1 are replaced by ``?``. ``doc``: its
    :func:`~asmex_sched.report.document`, when already built.
    """
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    doc = doc or document(ca)

    class _Pdf(FPDF):
        def footer(self) -> None:
            self.set_y(-9)
            self.set_font(family, "", 8)
            self.cell(0, 5, f"{self.page_no()} / {{nb}}", align="C")

    pdf = _Pdf(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(True, margin=12)
    pdf.set_margins(10, 10, 10)
    pdf.set_title(doc.title)
    pdf.set_author("asmex-sched")
    pdf.set_creator("asmex-sched")
    tz = _zone(ca.mission.timezone)
    pdf.set_creation_date(_stamp_utc(ca, tz))
    if font is not None:
        pdf.add_font(font.family, "", str(font.regular))
        pdf.add_font(font.family, "B", str(font.bold))
        family = font.family
        if _shaping_available():
            # Lines read left to right as the page is laid out; a name in Arabic keeps
            # its own order within them (a line taking its direction from its first
            # letter put 'فندق الرويال — Le Royal Hotel' the other way round; a tester).
            pdf.set_text_shaping(True, direction="ltr")

        def clean(text: object) -> str:
            return _guillemets_kept("" if text is None else str(text))

    else:
        family = "Helvetica"

        def clean(text: object) -> str:
            s = _guillemets_kept("" if text is None else str(text))
            s = s.replace("—", "-").replace("–", "-").replace("’", "'")
            return s.encode("latin-1", "replace").decode("latin-1")

    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font(family, "B", 15)
    pdf.multi_cell(0, 8, clean(doc.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 11)
    pdf.multi_cell(0, 6, clean(doc.subtitle), new_x="LMARGIN", new_y="NEXT")
    headings = FontFace(emphasis="BOLD", fill_color=(221, 235, 247))
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    for block in doc.blocks:
        # A heading goes with the start of its block: a new page when the heading,
        # a table's header row and its first rows (or the first fields) would not
        # fit above the page foot. A title alone at the foot was printed, its
        # table on the next page.
        if pdf.will_page_break(3 + 7 + KEEP_WITH_HEADING_MM):
            pdf.add_page()
        else:
            pdf.ln(3)
        pdf.set_font(family, "B", 12)
        pdf.multi_cell(0, 7, clean(block.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 9)
        if block.kind == "fields":
            with pdf.table(
                col_widths=(45, usable - 45),
                first_row_as_headings=False,
                borders_layout="NONE",
                line_height=5,
                text_align="LEFT",
            ) as table:
                for key, value in block.rows:
                    r = table.row()
                    r.cell(clean(key), style=FontFace(emphasis="BOLD"))
                    r.cell(_pdf_cell_text(clean(value)))
            continue
        if not block.rows:
            pdf.multi_cell(0, 6, clean(block.empty), new_x="LMARGIN", new_y="NEXT")
            continue
        size = 8 if block.key == "meetings" else 9
        pdf.set_font(family, "", size)
        widths = block.widths or tuple(1 for _ in block.columns)
        column_mm = [usable * w / sum(widths) for w in widths]
        with pdf.table(
            col_widths=widths,
            headings_style=headings,
            line_height=4.5,
            text_align="LEFT",
            repeat_headings=1,
        ) as table:
            head = table.row()
            for name in block.columns:
                head.cell(clean(name))
            one_line = {MEETING_COLUMNS.index("date")} if block.key == "meetings" else set()
            for values in block.rows:
                r = table.row()
                for i, (v, mm) in enumerate(zip(values, column_mm, strict=False)):
                    text = _pdf_cell_text(clean(v))
                    smaller = _fitting_size(pdf, text, mm, size, whole=i in one_line)
                    r.cell(text, style=FontFace(size_pt=smaller) if smaller else None)
    return bytes(pdf.output())


#: The longest text a PDF table cell holds (characters). A contact cell of about 900
#: characters (a delegation pasted in) made a row taller than a page: fpdf2 stopped
#: the whole run with a traceback, and from about 800 the table was cut across pages
#: (a tester). The xlsx and ics files keep the whole text.
MAX_PDF_CELL = 300


def _pdf_cell_text(text: str) -> str:
    """``text`` cut to :data:`MAX_PDF_CELL` characters, ``...`` ending it when cut."""
    return text if len(text) <= MAX_PDF_CELL else text[: MAX_PDF_CELL - 3].rstrip() + "..."


def pdf_shortened(doc: Document) -> list[str]:
    """The texts of a company's PDF (its :func:`~asmex_sched.report.document`) cut to
    :data:`MAX_PDF_CELL` characters."""
    return [
        str(v)
        for block in doc.blocks
        for row in block.rows
        for v in row
        if v is not None and len(str(v)) > MAX_PDF_CELL
    ]


#: Height kept on a page below a block's heading (mm): a table's header row and
#: about two rows of text, or two lines of fields.
KEEP_WITH_HEADING_MM = 20

#: Smallest font size a table cell is shrunk to (points): below it, a word wraps.
MIN_PDF_SIZE = 5.5


def _fitting_size(
    pdf: Any, text: str, column_mm: float, size: float, *, whole: bool = False
) -> float | None:
    """A smaller font size at which the cell's longest word fits its column, or None
    when it already fits. fpdf2 breaks a word longer than its column anywhere: an
    e-mail address came out as ``contact@kenyafreshexp`` / ``orts.co.ke``; shrunk,
    it stays whole and can be copied. Down to :data:`MIN_PDF_SIZE` at most. With
    ``whole``, the whole text is to fit on one line: the meeting table's dates
    ("Wednesday 12 November" / "2025" made every such row two lines high)."""
    words = [text.strip()] if whole and text.strip() else text.split()
    if not words:
        return None
    room = column_mm - 2 * pdf.c_margin - 0.5
    widest = max(pdf.get_string_width(w) for w in words)
    if widest <= room:
        return None
    return max(MIN_PDF_SIZE, math.floor(size * room / widest * 4) / 4)


# ================================================================== index
def _csv_safe(value: object) -> object:
    """Neutralise spreadsheet formulas in CSV cells (leading ``'``), see docs."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _index_rows(rows: Sequence[CompanyFiles]) -> list[tuple[object, ...]]:
    # a contact typed on two lines (Alt+Enter) was a two-line mail-merge field (a
    # calendars tester)
    return [
        (
            r.id,
            _one_line(r.company),
            r.side,
            r.language,
            _one_line(r.contact),
            _one_line(r.email),
            r.meetings,
            r.files.get("xlsx", ""),
            r.files.get("ics", ""),
            r.files.get("pdf", ""),
        )
        for r in rows
    ]


def index_csv_bytes(rows: Sequence[CompanyFiles]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(INDEX_COLUMNS)
    for row in _index_rows(rows):
        writer.writerow([_csv_safe(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _table_sheet(ws: Worksheet, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    for i, name in enumerate(columns, start=1):
        cell = _put(ws, 1, i, name)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
    widths = [len(c) + 3 for c in columns]
    for r, values in enumerate(rows, start=2):
        for i, v in enumerate(values, start=1):
            _put(ws, r, i, v)
        for i, v in enumerate(values[: len(widths)]):
            if v is not None:
                widths[i] = max(widths[i], min(len(str(v)) + 2, 50))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(ws.max_row, 1)}"
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def index_xlsx_bytes(rows: Sequence[CompanyFiles]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Index"
    _table_sheet(ws, INDEX_COLUMNS, _index_rows(rows))
    return _workbook_bytes(wb, "Agenda files")


def summary_xlsx_bytes(agenda: Agenda) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for table in summary_tables(agenda):
        ws = wb.create_sheet(table.title[:31])
        _table_sheet(ws, table.columns, table.rows)
    wb.active = 0
    local = planned_at(agenda)
    stamp = local.replace(tzinfo=_zone(agenda.mission.timezone)) if local else None
    return _workbook_bytes(wb, f"Summary - {agenda.mission.name}", stamp)


# ================================================================== runner
def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one existing file."""
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _beside(out_dir: Path, paths: Sequence[Path]) -> list[str]:
    """The stems of ``paths`` that lie in ``out_dir``: no company's files may take them
    (``report agenda.xlsx -o .`` wrote a buyer with the id ``agenda`` and an Arabic name,
    so no slug, over the agenda itself; a tester)."""
    try:
        folder = out_dir.resolve()
        # where the path names it, or where it leads: an agenda given as a link in -o
        # was written through onto the real agenda elsewhere (a reader)
        return [
            Path(p).stem for p in paths
            if folder in (Path(p).absolute().parent.resolve(), Path(p).resolve().parent)
        ]  # fmt: skip
    except OSError:
        return []


def write_reports(
    agenda_path: Path,
    out_dir: Path,
    *,
    companies: Sequence[str] = (),
    formats: Sequence[str] | str | None = None,
    lang: str | None = None,
    changed_since: Path | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    conflicts: Callable[[Agenda], Sequence[object]] | None = None,
    now: datetime | None = None,
) -> ReportOutcome:
    """Write every company's agenda files, ``index.csv``/``.xlsx`` and ``summary.xlsx``.

    Parameters
    ----------
    agenda_path
        Agenda workbook written by ``asmex-sched plan``.
    out_dir
        Folder to write to (created).
    companies
        Company ids to write (all when empty).
    formats
        Among ``xlsx``, ``ics``, ``pdf`` (default ``xlsx,ics``).
    lang
        ``fr`` or ``en`` for every company; per company when ``None``.
    changed_since
        A previously published agenda: only companies whose meetings changed
        get files, each listing the changes; calendars cancel dropped meetings.
    on_progress
        Called with ``(companies done, companies to write)`` before the first company
        and after each one (the CLI's progress bar: a trade fair's 1 600 PDFs take
        about a quarter of an hour).
    conflicts
        What the agenda breaks on its own (the use case's check): any, and nothing is
        written (:class:`~asmex_sched.errors.AgendaConflictError`).

    Raises
    ------
    InputError
        Not an agenda, unknown company id, bad format or language, unknown
        mission timezone.
    """
    fmts = parse_formats(formats)
    if lang is not None:
        lang = lang.strip().lower()
        if lang not in LANGUAGES:
            raise InputError(f"--lang: expected one of {', '.join(LANGUAGES)}, got {lang!r}")
    agenda = read_agenda(Path(agenda_path))
    _zone(agenda.mission.timezone)
    found = list(conflicts(agenda)) if conflicts else []
    if found:
        raise AgendaConflictError(Path(agenda_path), found)
    agenda, still_here = honoured_departures(agenda)
    agenda = unmet_not_held(agenda)
    all_ids = {c.id for c in (*agenda.exporters, *agenda.buyers)} - agenda.departed
    asked = [c.strip() for c in companies]
    if asked and not any(asked):
        raise InputError("--company: no company id given (an empty list selects nobody)")
    # ids as written, else by their reference key, as roster references match them
    # (case, accents, spaces, invisible characters: 'B\u200b2' from a web page was not
    # found as B2 and the suggestion looked the same as what was typed: a tester)
    by_folded: dict[str, list[str]] = {}
    for cid in all_ids:
        by_folded.setdefault(ref_key(cid), []).append(cid)

    # A former id (corrected in the roster): the company it is now (it read "left the
    # mission", the id the coordinator knows pointing nowhere; a reader).
    now_id = agenda.id_now
    # said with the run's other warnings (a log line among "warning:" lines; a tester)
    corrected: list[str] = []

    def resolved(cid: str) -> str:
        same = by_folded.get(ref_key(cid), [])
        cid = same[0] if cid not in all_ids and len(same) == 1 else cid
        if cid in now_id and now_id[cid] in all_ids:
            corrected.append(f"{cid} is now {now_id[cid]} (its id was corrected): its "
                             "agenda is written")  # fmt: skip
            return now_id[cid]
        return cid

    wanted = list(dict.fromkeys(resolved(c) for c in asked if c))
    left = [c for c in wanted if c in agenda.departed]
    if left:
        raise InputError(
            f"{agenda_path}: {', '.join(repr(c) for c in left)} left the mission (marked "
            "left_mission): a company that left gets no agenda of its own"
        )
    unknown = [c for c in wanted if c not in all_ids]
    if unknown:
        # A company's name given for its id: say which id (a fresh coordinator's test).
        by_name: dict[str, list[str]] = {}
        for c in (*agenda.exporters, *agenda.buyers):
            if c.id in all_ids:
                by_name.setdefault(c.name.strip().casefold(), []).append(c.id)
        named = [
            f"{u!r} is the name of {' and '.join(by_name[u.casefold()])}"
            for u in unknown if u.casefold() in by_name
        ]  # fmt: skip
        raise InputError(
            f"{agenda_path}: unknown company id(s) {', '.join(repr(u) for u in unknown)} "
            + (f"({'; '.join(named)}: give its id) " if named else "")
            + f"(the agenda has {len(all_ids)} companies, e.g. "
            f"{', '.join(sorted(all_ids)[:3]) or 'none'})"
        )
    previous = None
    changes = None
    runs: list[Agenda] = []
    late: list[str] = []
    unexplained: str | None = None
    mailed: datetime | None = None
    until: datetime | None = None
    record: frozenset[tuple[str, str, date, time]] | None = None
    if changed_since is not None:
        previous = read_agenda(Path(changed_since))
        if previous.mission.name != agenda.mission.name:
            raise InputError(
                f"--changed-since {changed_since}: the agenda of mission "
                f"{previous.mission.name!r}, not {agenda.mission.name!r}: compare two "
                "agendas of the same mission (if it was renamed, run the report without "
                "--changed-since: the agenda's own Changes sheet lists its last re-plan's "
                "changes)"
            )
        between, runs = _changes_between(Path(agenda_path), previous, agenda)
        changes = diff_agendas(previous, agenda, between)
        # Given the wrong way round, the older agenda's "no reason" (a first plan read
        # as one "planned from scratch (plan --fresh)") only confused the swap warning
        # below (an outside tester).
        if _planned_after(previous, agenda) is None:
            unexplained = _unexplained(Path(agenda_path), Path(changed_since), agenda,
                                       changes, runs)  # fmt: skip
        mailed = _mission_time(agenda, now) if now is not None else _mission_now(agenda)
        # "now" for what is past: the mailing, or the agenda's planned_at if later
        until = max((t for t in (mailed, planned_at(agenda)) if t is not None), default=None)
        # the times that were past when the run changing them ran (runs in between too)
        record = _past_when_changed([*runs, agenda])
        late = _past_before_sent(previous, agenda, changes, until, record)
    against = _made_against(Path(agenda_path), agenda) if previous is None else None
    cas = build_company_agendas(
        agenda,
        company_ids=wanted or None,
        lang=lang,
        changes=changes,
        only_changed=changed_since is not None,
        previous=previous,
        listed_before=None if against is None else frozenset(
            c.id for c in (*against.exporters, *against.buyers)
        ),
        announced=None if against is None else against.mission,
        reserved_stems=_beside(Path(out_dir), [Path(agenda_path), *filter(None, [changed_since])]),
        record=record,  # history at the time of the run that changed it
    )
    if changed_since is None and "ics" in fmts:  # a full report cancels what runs dropped
        dropped = _dropped_since_history(Path(agenda_path), agenda)
        cas = [
            replace(ca, cancelled=ca.cancelled + tuple(
                line for line in dropped.get(ca.company.id, ())
                if line.meeting_id not in {c.meeting_id for c in ca.cancelled}
            ))  # fmt: skip
            for ca in cas
        ]
    considered = len(wanted) if wanted else len(all_ids)
    warns: list[str] = [
        f"--changed-since {changed_since}: {len(late)} change"
        f"{'s' if len(late) > 1 else ''} made by re-plans not mailed (a meeting booked, "
        "moved or cancelled, an interpreter booked or released) "
        f"{'are' if len(late) > 1 else 'is'} at a time now past, so the companies were never "
        f"told in time: {'; '.join(late)}; the agenda "
        "records these meetings as it says: check with the companies what took place"
    ] if late else []
    warns += dict.fromkeys(corrected)  # once each
    if unexplained:  # with the others (it was a log line among "warning:" lines)
        warns.append(unexplained)
    if previous is not None and (undone := _hand_edits_undone(previous, agenda)):
        warns.append(
            f"--changed-since {changed_since} was edited by hand after plan wrote it, and "
            f"{len(undone)} of those meetings {'are' if len(undone) > 1 else 'is'} now back "
            "as plan wrote it there: counted as never sent, no change; if a report of it "
            "as edited was mailed, those companies hold the typed times: send them their "
            f"full agenda (report without --changed-since, -c ID for each): {'; '.join(undone)}"
        )
    stamp = planned_at(agenda)
    if mailed is not None and stamp is not None and mailed < stamp:
        # Replaced by planned_at without a word, where plan warns (a cron week's tester).
        warns.append(
            f"now ({mailed:%Y-%m-%d %H:%M}{', --now' if now is not None else ''}) is before "
            f"the time {Path(agenda_path).name} was planned ({stamp:%Y-%m-%d %H:%M}): "
            "changes are counted as past up to then; check --now or the machine's clock"
        )
    warns += [
        f"{cid} is marked left_mission but has meetings after the agenda was planned: "
        "it gets its agenda (a company leaves the mission by leaving the roster; plan "
        "marks it)"
        for cid in still_here
    ]
    # Agendas written before the Unavailability sheet existed list no commitment:
    # against one, every commitment read as changed (an upgrade tester).
    unlisted = [str(p) for p, a in ((changed_since, previous), (agenda_path, agenda))
                if a is not None and not a.lists_commitments]  # fmt: skip
    if previous is not None and unlisted:
        warns.append(
            f"{' and '.join(unlisted)} {'was' if len(unlisted) == 1 else 'were'} written by "
            "an older version, without the companies' other commitments (Unavailability): "
            "their changes cannot be told; if some changed, send those companies their full "
            "agenda"
        )
    elif previous is not None:
        # Other commitments moved without moving a meeting (a site visit moved to
        # another day): no file, and nothing said, while the agendas sent show the old
        # ones (a newcomer's tester).
        # One over by the mailing (a no-show typed in at noon for that morning) is no
        # news to send: it named the buyer, whose agenda to come had not changed (a
        # cron week's tester).
        # "now" as the never-told list takes it (until)
        moved = {
            u for u in set(previous.unavailability) ^ set(agenda.unavailability)
            if until is None or datetime.combine(u.day, u.end) > until
        }  # fmt: skip
        sides = {GROUP_EXPORTERS: {c.id for c in agenda.exporters},
                 GROUP_BUYERS: {c.id for c in agenda.buyers}}  # fmt: skip
        touched = set().union(*(
            all_ids if u.participant == GROUP_ALL else sides.get(u.participant, {u.participant})
            for u in moved
        ))  # fmt: skip
        sent = {ca.company.id for ca in cas}
        untold = sorted((touched & all_ids) - sent)
        if wanted:
            untold = [c for c in untold if c in wanted]
        if untold:
            # Every id (cut at 8, "-c ID for each" could not be followed for 119; a
            # cron week's tester); a row for a whole group: a full report.
            group = any(u.participant in (GROUP_ALL, *sides) for u in moved)
            warns.append(
                f"{len(untold)} compan{'y' if len(untold) == 1 else 'ies'} whose other "
                "commitments (Unavailability) changed without a meeting of theirs "
                f"changing get{'s' if len(untold) == 1 else ''} no file from "
                "--changed-since: send them their full agenda "
                + ("(a time closed to a whole group: report without --changed-since, "
                   "into another folder, for all of them): " if group else
                   "(report without --changed-since, -c ID for each): ")
                + ", ".join(untold)
            )
    if changed_since is None and any(ca.changes for ca in cas):
        # Two cron re-plans between mailings, one cancelling and the next booking the
        # same meetings again: the full report told the companies "added, new meeting"
        # of meetings they already held, at the time and table they held (a tester).
        # Not when this folder's last report was of that agenda or a later one: every
        # full report after each re-plan warned (a reader).
        copies = _replans_before(Path(agenda_path), agenda)
        last = _last_reported(Path(out_dir), agenda)
        if len(copies) > 1 and (last is None or last < copies[0][1]):
            warns.append(
                f"the change lists are {Path(agenda_path).name}'s last re-plan's, against "
                f"{HISTORY_DIR}/{copies[0][0]}; older agendas are in {HISTORY_DIR}/ too"
                + (", and this folder's last report was of one of those" if last else "")
                + ": if the companies were last sent one of those, these lists tell changes "
                "they never saw and miss others: give the agenda sent with --changed-since "
                "instead"
            )
    if lang is None and (
        foreign := [
            ca.company.id for ca in cas
            if ca.company.languages
            and not {"fr", "en"} & {language_code(x) for x in ca.company.languages}
        ]
    ):  # fmt: skip
        # An Arabic-only exporter's agenda was in English without a word (a tester): for
        # a Moroccan confederation it more likely reads French.
        warns.append(
            f"{len(foreign)} compan{'y speaks' if len(foreign) == 1 else 'ies speak'} "
            "neither French nor English: their agendas are in English; for those who read "
            "French, write theirs into another folder (report -o OTHER -c ID --lang fr: "
            "its index lists them alone, keep this one for the mail merge): "
            f"{', '.join(foreign)}"  # every one: a ninth was cut to "..." (a CSV-folder tester)
        )
    if no_address := [ca.company.id for ca in cas if not ca.company.email]:
        # A buyer with its e-mail left blank was in index.csv with a blank address: the
        # mail merge skipped its 8 meetings without a word (a tester).
        warns.append(
            f"{len(no_address)} compan{'y has' if len(no_address) == 1 else 'ies have'} no "
            "e-mail address in the agenda: the mail merge (index.csv) cannot send them "
            "their files; add it to the roster (then plan and report again) or send them "
            f"yourself: {', '.join(no_address)}"  # every one, as the languages' warning
        )
    if lang is None and (
        unsaid := [ca.company.id for ca in cas if not ca.company.languages]
    ):
        # A French-speaking mission whose Languages column was left blank (everyone
        # speaks French, no interpreter) had every agenda in English (a newcomer's
        # tester).
        warns.append(
            f"{len(unsaid)} compan{'y lists' if len(unsaid) == 1 else 'ies list'} no "
            "language: their agendas are in English (a company's agenda is in French when "
            "its languages include fr and not en); fill in their languages in the roster "
            "(then plan and report again), or give --lang fr for every company"
            + (f": {', '.join(unsaid[:5])}{' ...' if len(unsaid) > 5 else ''}"
               if len(unsaid) < len(cas) else "")
        )  # fmt: skip
    if previous is not None and calendar_id(previous) != calendar_id(agenda):
        warns.append(
            f"--changed-since {changed_since} gave its calendar events other UIDs (calendar "
            f"id {calendar_id(previous) or 'none'!r}, this agenda's "
            f"{calendar_id(agenda) or 'none'!r}: it was planned afresh, not re-planned "
            "against it): these .ics files neither update nor cancel the events the "
            "companies hold, send the complete agendas instead"
        )
    moved = place_changes(previous.mission, agenda.mission) if previous is not None else ""
    if moved:
        warns.append(
            f"--changed-since {changed_since}: the mission's {moved}: every company's "
            "agenda and calendar events hold the former one, and these files list no "
            "change for it: send every company its complete agenda (report without "
            "--changed-since)"
        )
    shift = time_zone_shift(previous.mission, agenda.mission) if previous is not None else None
    if shift:
        warns.append(
            f"--changed-since {changed_since}: the mission's time zone was corrected from "
            f"{shift}: the meetings keep their local times, so these files list no change "
            "for it, but the calendar events the companies hold are off by the "
            "difference: send every company its complete agenda (report without "
            "--changed-since)"
        )
    if previous is not None and (
        (previous.mission.first_day, previous.mission.days)
        != (agenda.mission.first_day, agenda.mission.days)
    ):
        # A day added or the mission moved with no meeting changing: no file, while
        # every agenda sent shows the former dates (a venue tester).
        def dates(m: Mission) -> str:
            return f"{m.dates[0].isoformat()} to {m.dates[-1].isoformat()}"

        warns.append(
            f"--changed-since {changed_since}: the mission's dates changed, "
            f"{dates(previous.mission)} before, {dates(agenda.mission)} now: the agendas sent show "
            "the former dates, and only companies with a changed meeting get a file: send "
            "every company its complete agenda (report without --changed-since)"
        )
    swapped = _planned_after(previous, agenda) if previous is not None else None
    if swapped is not None:
        # A warning, not a refusal: "planned at" is the re-plan's "now", which --now
        # may set in the past (the README's way to try re-planning on the example).
        before, after = swapped
        warns.append(
            f"--changed-since {changed_since}: that agenda was planned at "
            f"{before:%Y-%m-%d %H:%M}, after {agenda_path} ({after:%Y-%m-%d %H:%M}): if the "
            "two are swapped, these notices are backwards (give the newer agenda first)"
        )
    if edited_by_hand(agenda):
        # With --changed-since the edits are in the files' changes (a tester read "not
        # announced as changes" beside files listing them).
        shown = (
            "list the edits as changes, without a reason"
            if previous is not None
            else "show the edits, but they are not announced as changes"
        )
        warns.append(
            f"{agenda_path} was edited by hand since 'plan' wrote it: these files {shown} "
            "(a moved meeting keeps the calendar version already sent, so a calendar may "
            "not update it); run 'plan' on it first: it checks the edits"
            + (
                " and lists them in the Changes sheet"
                if agenda.as_written is not None
                # not "written by an older version" alone: its hidden copy may have been
                # deleted or edited too (a reader)
                else " (this agenda has no usable copy of itself as written: written by an "
                "older version, or its hidden 'As written' sheet deleted or edited: its hand "
                "edits cannot be told from the planner's, so announce them yourself)"
            )
        )
    if ends := ends_not_read(agenda, "Meetings", "the files give"):
        warns.append(ends)
    font = None
    if "pdf" in fmts:
        font = pdf_font()
        if font is None:
            warns.append(
                "no Unicode font found for the PDF (install fontpkg-amiri): accents outside "
                "Latin-1 and Arabic print as '?'"
            )
        elif not _shaping_available():
            warns.append("uharfbuzz is not installed: Arabic text in the PDF is not shaped")

    out_dir = writable_folder(Path(out_dir))
    for path in remove_killed_temporaries(out_dir):
        log.info("removed %s, left by a run that was killed", path)
    # The run's index and summary are written last: an earlier run's, left beside this
    # run's files when it is interrupted or the disk fills, listed a company no longer in
    # the mission and the former meeting counts, for a mail merge (an IT tester).
    # Checked first, so that nothing is removed on exit 73 "checked before any file is
    # written" (a folder in place of a company's file; a reader), and an agenda of that
    # name reported into its own folder is not deleted (a reader).
    for ca in cas:
        for fmt in fmts:
            if (out_dir / f"{ca.stem}.{fmt}").is_dir():
                raise OutputError(f"{out_dir / f'{ca.stem}.{fmt}'}: cannot write: Is a directory")
    run_files = ("index.csv", "index.xlsx", "summary.xlsx")
    for given in filter(None, (agenda_path, changed_since)):
        if any(_same_file(Path(given), out_dir / name) for name in run_files):
            raise InputError(
                f"{given}: its name is one of the report's own files ({', '.join(run_files)}) "
                f"in {out_dir}, which the report replaces: rename it, or write the report "
                "into another folder (-o)"
            )
    for stale in run_files:
        try:
            (out_dir / stale).unlink(missing_ok=True)
        except OSError as exc:
            raise OutputError(f"{out_dir / stale}: cannot replace it: {exc.strerror}") from None
    written: list[CompanyFiles] = []
    if on_progress:
        on_progress(0, len(cas))
    for ca in cas:
        files: dict[str, str] = {}
        for fmt in fmts:
            name = f"{ca.stem}.{fmt}"
            if fmt == "xlsx":
                data = company_xlsx_bytes(ca)
            elif fmt == "ics":
                data = company_ics_bytes(ca)
            else:
                doc = document(ca)  # once for the checks and the PDF (built thrice)
                gaps = pdf_missing_characters(ca, font, doc) if font is not None else ""
                if font is not None and gaps:
                    warns.append(
                        f"{ca.stem}.pdf: the font {font.family} has no glyph for "
                        f"{gaps[:12]!r}{'...' if len(gaps) > 12 else ''}: those characters "
                        "are left out of the PDF (the xlsx and ics files have them)"
                    )
                cut = pdf_shortened(doc)
                if cut:
                    warns.append(
                        f"{ca.stem}.pdf: {len(cut)} text(s) longer than {MAX_PDF_CELL} "
                        f"characters end with '...' in the PDF ({cut[0][:40]!r}...): the "
                        "xlsx and ics files have them whole"
                    )
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    data = company_pdf_bytes(ca, font, doc)
            atomic_write_bytes(out_dir / name, data)
            files[fmt] = name
        c = ca.company
        written.append(
            CompanyFiles(
                c.id,
                c.name,
                c.side.value,
                ca.lang,
                c.contact,
                c.email,
                len(ca.meetings),
                len(ca.changes),
                files,
            )
        )
        log.debug("wrote %s (%s)", ca.stem, ", ".join(files))
        if on_progress:
            on_progress(len(written), len(cas))
    index_csv = out_dir / "index.csv"
    index_xlsx = out_dir / "index.xlsx"
    summary = out_dir / "summary.xlsx"
    atomic_write_bytes(index_csv, index_csv_bytes(written))
    atomic_write_bytes(index_xlsx, index_xlsx_bytes(written))
    atomic_write_bytes(summary, summary_xlsx_bytes(agenda))
    log.info("wrote agendas of %d compan%s to %s", len(written),
             "y" if len(written) == 1 else "ies", out_dir)  # fmt: skip
    return ReportOutcome(
        out_dir=out_dir,
        companies=tuple(written),
        index_csv=index_csv,
        index_xlsx=index_xlsx,
        summary_xlsx=summary,
        formats=fmts,
        unchanged=considered - len(written) if changed_since is not None else 0,
        warnings=tuple(warns),
    )
