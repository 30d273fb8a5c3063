"""The agenda workbook: the output contract, written and read back.

One ``.xlsx`` workbook, styled for people (frozen headers, filters, column
widths, one colour per sector) and stable for programs (fixed sheet names,
fixed column names, dates and times as text). ``docs/agenda.md`` is the
reference; the constants below are the single source of the sheet and column
names.

:func:`write_agenda` writes it (atomically, byte-for-byte reproducible) and
:func:`read_agenda` reads it back into a :class:`~asmex_sched.domain.Agenda`,
which is enough for reports and re-planning. Only this module knows the layout.
"""

from __future__ import annotations

import contextlib
import glob
import io
import logging
import math
import re
import unicodedata
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from asmex_sched import __version__
from asmex_sched.domain import (
    FORMER_REASONS,
    GROUP_ALL,
    PLAN_CHANGE_KINDS,
    REASONS,
    Agenda,
    Change,
    Company,
    Instance,
    Meeting,
    Mission,
    PublishedMeeting,
    Schedule,
    Side,
    Unavailability,
    Unscheduled,
    from_local_iso,
    meeting_id,
    meetings_hash,
)
from asmex_sched.errors import InputError, NewerAgendaError, Problem
from asmex_sched.io.atomic import atomic_write

log = logging.getLogger("asmex_sched")

__all__ = [
    "AS_WRITTEN",
    "BUYERS",
    "CHANGES",
    "CHANGES_COLUMNS",
    "COMPANY_COLUMNS",
    "EXPORTERS",
    "MEETINGS",
    "MEETINGS_COLUMNS",
    "MISSION",
    "MISSION_COLUMNS",
    "MISSION_SETTINGS",
    "SECTOR_PALETTE",
    "SUMMARY",
    "SUMMARY_COLUMNS",
    "UNAVAILABILITY",
    "UNAVAILABILITY_COLUMNS",
    "UNSCHEDULED",
    "UNSCHEDULED_COLUMNS",
    "day_sheet_name",
    "read_agenda",
    "read_agenda_summary",
    "sector_colours",
    "write_agenda",
    "xml_safe",
]

# ------------------------------------------------------------------ contract
SUMMARY = "Summary"
#: The folder beside an agenda where ``plan`` keeps each agenda it replaces.
HISTORY_DIR = "agenda-history"


#: What follows an agenda's stem in its history copies' names: its time in UTC (a
#: ``Z``; without it, an earlier version's local time) and ``_02``... for a second copy
#: in the same second (``services.files._history_target``; its temporaries are matched
#: with it too).
HISTORY_STAMP = r"-(\d{8}T\d{6})(Z?)(?:_(\d{2,}))?"


def history_copies(output: Path) -> list[Path]:
    """The history copies of ``output`` (``services.files._archive``), oldest first; not those
    of another agenda whose name starts the same (``agenda-final.xlsx``).

    Named after the agenda's time in UTC (``agenda-20261201T044121Z.xlsx``). Runs in
    two time zones (cron and a terminal) named them apart by hours, and "the newest by
    name" was not the newest (an IT tester). Copies of earlier versions, named in some
    machine's local time without the ``Z``, are older than every ``Z`` copy (this
    version writes no other), so they come first, in the order of their names (read
    as UTC, a legacy name made in Nairobi sorted after the copies made since the
    upgrade, and the check against the newest copy stopped at it; two readers)."""
    stamp = re.compile(re.escape(output.stem) + HISTORY_STAMP + re.escape(output.suffix))
    folder = output.parent / HISTORY_DIR
    # the stem escaped: "agenda [v2]" was a character class, and no copy was found
    pattern = f"{glob.escape(output.stem)}-*{glob.escape(output.suffix)}"
    found = folder.glob(pattern) if folder.is_dir() else ()

    def when(p: Path) -> tuple[bool, str, int, str]:
        match = stamp.fullmatch(p.name)
        assert match is not None
        return bool(match[2]), match[1], int(match[3] or 1), p.name

    return sorted((p for p in found if stamp.fullmatch(p.name)), key=when)
MEETINGS = "Meetings"
EXPORTERS = "Exporters"
BUYERS = "Buyers"
UNSCHEDULED = "Unscheduled"
CHANGES = "Changes"
MISSION = "Mission"
#: The roster's unavailability, so that each company's agenda can show its other
#: commitments (the mission's, its side's, its own) and the breaks' company.
UNAVAILABILITY = "Unavailability"
UNAVAILABILITY_COLUMNS: tuple[str, ...] = ("participant", "date", "start", "end", "reason")
#: Hidden copy of ``Meetings`` as ``plan`` wrote it (same columns): what the companies
#: were sent, so that hand edits made since can be announced as changes.
AS_WRITTEN = "As written"

MEETINGS_COLUMNS: tuple[str, ...] = (
    "meeting_id",
    "date",
    "start",
    "end",
    "table",
    "exporter_id",
    "exporter",
    "buyer_id",
    "buyer",
    "priority",
    "requested_by",
    "interpreter",
    "locked",
)
COMPANY_COLUMNS: tuple[str, ...] = (
    "id",
    "company",
    "sectors",
    "languages",
    "delegates",
    "max_meetings",
    "contact",
    "email",
    "phone",
    "wishes",
    "requests",
    "held",
    "share",
    "left_mission",
    "former_ids",
)
UNSCHEDULED_COLUMNS: tuple[str, ...] = (
    "exporter_id",
    "exporter",
    "buyer_id",
    "buyer",
    "priority",
    "requested_by",
    "reason",
    "detail",
)
CHANGES_COLUMNS: tuple[str, ...] = (
    "kind",
    "meeting_id",
    "exporter_id",
    "exporter",
    "buyer_id",
    "buyer",
    "old_date",
    "old_start",
    "old_table",
    "new_date",
    "new_start",
    "new_table",
    "reason",
)
SUMMARY_COLUMNS: tuple[str, ...] = ("key", "value")
MISSION_COLUMNS: tuple[str, ...] = ("setting", "value")
#: Rows of the ``Mission`` sheet: the roster's setting names, one per Mission field.
MISSION_SETTINGS: tuple[str, ...] = (
    "name",
    "city",
    "venue",
    "timezone",
    "first_day",
    "days",
    "day_start",
    "day_end",
    "meeting_minutes",
    "breaks",
    "tables",
    "interpreters",
    "notice_hours",
    "country",  # last: added after agendas were sent (their cells stay where they were)
)

#: Light fills, assigned to sectors in sorted order (cycling when there are more).
SECTOR_PALETTE: tuple[str, ...] = (
    "CFE2F3",  # blue
    "D9EAD3",  # green
    "FFF2CC",  # yellow
    "F4CCCC",  # red
    "D9D2E9",  # purple
    "FCE5CD",  # orange
    "D0E0E3",  # teal
    "EAD1DC",  # pink
    "E6E6E6",  # grey
    "C9F0DD",  # mint
    "FFE0B2",  # apricot
    "DDE8B9",  # olive
)

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_YES, _NO = "yes", "no"
_TRUE_WORDS = frozenset({"yes", "y", "true", "1", "oui", "o", "x"})
_FALSE_WORDS = frozenset({"no", "n", "false", "0", "non", ""})
_INTERP = " (interp.)"
_CROSS = " \u00d7 "  # " × "

#: Fixed timestamps so that two writes of the same agenda are byte-identical.
_FIXED_DATETIME = datetime(2000, 1, 1, 0, 0, 0)
_ZIP_DATE_TIME = (2000, 1, 1, 0, 0, 0)

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill(fill_type="solid", start_color="DDEBF7", end_color="DDEBF7")
#: Read left to right whatever script a name is in (``readingOrder=1``): in Excel's
#: default order, taken from a cell's first letter, 'شركة الأطلس × Jordan Food Co.'
#: showed the buyer first (a multi-script tester).
_GRID_ALIGN = Alignment(vertical="center", wrap_text=True, readingOrder=1)


# ===================================================================== write
def day_sheet_name(day: date) -> str:
    """Grid sheet name of a mission day, e.g. ``Mon 10 Nov`` (English, locale-free)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def sector_colours(companies: Iterable[Company]) -> dict[str, str]:
    """One stable fill colour (``RRGGBB``) per sector, in sorted sector order."""
    sectors = sorted({s for c in companies for s in c.sectors})
    return {s: SECTOR_PALETTE[i % len(SECTOR_PALETTE)] for i, s in enumerate(sectors)}


def _hhmm(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def _yes_no(flag: bool) -> str:
    return _YES if flag else _NO


def _joined(items: Iterable[str]) -> str:
    return "; ".join(items)


def _breaks_text(breaks: Iterable[tuple[time, time]]) -> str:
    return "; ".join(f"{_hhmm(s)}-{_hhmm(e)}" for s, e in breaks)


#: What a workbook's XML cannot hold: control characters (openpyxl's
#: ``ILLEGAL_CHARACTERS_RE``) and the non-characters U+FFFE, U+FFFF and lone surrogates,
#: which made an agenda nothing could read, its next re-plan included (a reader).
_NOT_IN_XML = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: A line or page break Excel cannot store (Word's Shift+Enter is a vertical tab): a
#: space, or the words on either side ran together (a reader).
_BREAKS = re.compile("[\x0b\x0c]")


def xml_safe(text: str) -> str:
    """``text`` as a workbook can hold it (cells, page headers, document titles)."""
    return _NOT_IN_XML.sub("", _BREAKS.sub(" ", text))


def _cell_value(value: object) -> object:
    """What goes into a cell: numbers stay numbers, everything else becomes text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, Enum):
        return _cell_value(value.value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, time):
        return _hhmm(value) if not value.second else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return xml_safe(str(value))


def _append(ws: Worksheet, values: Sequence[object]) -> int:
    """Append a row and return its number; every text cell is a plain string, never a formula.

    openpyxl turns a string starting with ``=`` into a formula and ``#N/A``-like
    strings into errors; forcing the ``s`` type keeps the visible value
    identical and makes it read back identical (formula injection through a
    company name is impossible). The cells are built here and appended as
    cells: looking the row up again (``ws[ws.max_row]``) scans every cell of
    the sheet, which made writing a trade fair's agenda quadratic (375 of 447 s
    for 13 000 meetings).
    """
    cells = []
    for v in values:
        cell = Cell(ws, value=_cell_value(v))
        if isinstance(cell.value, str):
            cell.data_type = "s"
        cells.append(cell)
    ws.append(cells)
    return cells[0].row if cells else ws.max_row


def _style_table(
    ws: Worksheet,
    columns: Sequence[str],
    *,
    filters: bool = True,
    min_width: int = 6,
    max_width: int = 50,
) -> None:
    """Bold filled header, frozen header row, filters, widths from the content."""
    for cell in ws[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    ws.freeze_panes = "A2"
    if filters:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(ws.max_row, 1)}"
    widths = [len(c) + 3 for c in columns]  # +3 leaves room for the filter button
    for row in ws.iter_rows(min_row=2, values_only=True):
        for i, v in enumerate(row[: len(columns)]):
            if v is not None:
                widths[i] = max(widths[i], len(str(v)) + 2)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(w, min_width), max_width)


def _new_sheet(wb: Workbook, title: str, columns: Sequence[str]) -> Worksheet:
    ws = wb.create_sheet(title)
    _append(ws, columns)
    return ws


#: Summary values that are fractions, with the percentage format Excel shows them in.
_FRACTIONS = {"share_of_requests": "0.0%", "gap": "0.00%"}


def _write_summary(wb: Workbook, summary: Mapping[str, object]) -> None:
    ws = _new_sheet(wb, SUMMARY, SUMMARY_COLUMNS)
    for key, value in summary.items():
        row = _append(ws, (key, value))
        if key in _FRACTIONS and isinstance(value, float):
            # Kept a fraction (scripts read it), shown as the percentage the
            # company sheets' `share` column is.
            ws.cell(row, 2).number_format = _FRACTIONS[key]
    _style_table(ws, SUMMARY_COLUMNS, filters=False, max_width=80)


def _write_meetings(
    wb: Workbook, instance: Instance, schedule: Schedule, title: str = MEETINGS
) -> Worksheet:
    ws = _new_sheet(wb, title, MEETINGS_COLUMNS)
    companies = instance.companies
    for m in _sorted_meetings(instance, schedule):
        slot = instance.slots[m.slot]
        request = instance.request_by_key.get(m.key)
        _append(
            ws,
            (
                meeting_id(m.exporter_id, m.buyer_id),
                slot.day.isoformat(),
                _hhmm(slot.start),
                _hhmm(slot.end),
                m.table,
                m.exporter_id,
                _name(companies, m.exporter_id),
                m.buyer_id,
                _name(companies, m.buyer_id),
                request.priority if request else None,
                request.requested_by.value if request else "",
                _yes_no(m.interpreter),
                _yes_no(m.locked),
            ),
        )
    if title != MEETINGS:
        return ws
    _style_table(ws, MEETINGS_COLUMNS)
    # A drop-down on ``locked``: the one column coordinators are meant to edit.
    col = get_column_letter(MEETINGS_COLUMNS.index("locked") + 1)
    dv = DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
    dv.add(f"{col}2:{col}{max(ws.max_row, 2) + 500}")
    ws.add_data_validation(dv)
    return ws


def _sorted_meetings(instance: Instance, schedule: Schedule) -> list[Meeting]:
    n = len(instance.slots)
    for m in schedule.meetings:
        if not 0 <= m.slot < n:
            raise ValueError(f"meeting {m.key} has slot {m.slot}, the grid has {n} slots")
    return sorted(
        schedule.meetings,
        key=lambda m: (
            instance.slots[m.slot].day,
            instance.slots[m.slot].start,
            m.table,
            m.exporter_id,
            m.buyer_id,
        ),
    )


def _name(companies: Mapping[str, Company], cid: str) -> str:
    c = companies.get(cid)
    return c.name if c else ""


#: The fill of a day grid's cells at a time closed by the programme.
_CLOSED_FILL = "D9D9D9"


def _closed_label(group: str, reason: str) -> str:
    """``closed: Jamhuri Day``, ``closed to buyers: site visit``."""
    who = "" if group == GROUP_ALL else f" to {group.lower()}"
    return f"closed{who}" + (f": {reason}" if reason else "")


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _write_grids(
    wb: Workbook, instance: Instance, schedule: Schedule, colours: Mapping[str, str]
) -> list[Worksheet]:
    mission = instance.mission
    companies = instance.companies
    tables = max([mission.tables, *(m.table for m in schedule.meetings)])
    by_cell = {(m.slot, m.table): m for m in schedule.meetings}
    used: set[str] = set(wb.sheetnames)
    columns = ["time", *(f"Table {t}" for t in range(1, tables + 1))]
    grids: list[Worksheet] = []
    for day_index, day in enumerate(mission.dates):
        title = day_sheet_name(day)
        if title in used:  # only for missions longer than a year
            title = f"{title} {day.year}"
        used.add(title)
        ws = _new_sheet(wb, title, columns)
        grids.append(ws)
        for slot in (s for s in instance.slots if s.day_index == day_index):
            row: list[object] = [f"{_hhmm(slot.start)}-{_hhmm(slot.end)}"]
            fills: dict[int, str] = {}
            # A time closed by the programme (a holiday, a visit) is greyed and says so:
            # its empty tables read as free ones on the venue's printout (a Gulf
            # coordinator's tester).
            closed = instance.closed_to(slot)
            label = _closed_label(closed, instance.closed_reason(slot)) if closed else None
            for t in range(1, tables + 1):
                m = by_cell.get((slot.index, t))
                if m is None:
                    row.append(label if t == 1 else None)
                    if closed:
                        fills[t + 1] = _CLOSED_FILL
                    continue
                text = _name(companies, m.exporter_id) + _CROSS + _name(companies, m.buyer_id)
                row.append(text + (_INTERP if m.interpreter else ""))
                exporter = companies.get(m.exporter_id)
                if exporter and exporter.sectors and exporter.sectors[0] in colours:
                    fills[t + 1] = colours[exporter.sectors[0]]
            r = _append(ws, row)
            for col in range(2, tables + 2):
                ws.cell(r, col).alignment = _GRID_ALIGN
            for col, colour in fills.items():
                ws.cell(r, col).fill = _fill(colour)
        for cell in ws[1]:
            cell.font = _HEADER_FONT
            cell.fill = _HEADER_FILL
        ws.freeze_panes = "B2"
        # Protected, without a password: Excel says the sheet is read-only at the first
        # keystroke. A grid looks like the place to move a meeting, and an edit there
        # changed nothing without a word (a walkthrough as a coordinator); Meetings is
        # the sheet to edit. Columns and rows may still be resized for printing.
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.column_dimensions["A"].width = 13
        last_row = ws.max_row
        for t in range(1, tables + 1):
            values = [ws.cell(r, t + 1).value for r in range(2, last_row + 1)]
            width = max([10, *(len(str(v)) + 2 for v in values if v)])
            ws.column_dimensions[get_column_letter(t + 1)].width = min(width, 40)
    return grids


def _print_setup(ws: Worksheet, mission_name: str, *, grid: bool) -> None:
    """How a sheet prints: A4 landscape; the header row (and a day grid's time column)
    on every page; the mission and the sheet's name at the top, page numbers at the
    bottom. A list is fitted to the page's width; a day grid to one page high, over as
    many pages as its tables need. Coordinators print the day grids for the venue's
    desk: they came out portrait, cut anywhere, without the times or the tables' names
    after the first page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 0 if grid else 1
    ws.page_setup.fitToHeight = 1 if grid else 0
    ws.print_title_rows = "1:1"
    if grid:
        ws.print_title_cols = "A:A"
    # Excel refuses a header over 255 characters, codes included; a control character
    # (Word's Shift+Enter pasted into the name: a vertical tab) made the workbook
    # unreadable, though every cell had it dropped (a tester).
    mission_name = xml_safe(mission_name)
    name = mission_name if len(mission_name) <= 120 else mission_name[:119] + "…"
    ws.oddHeader.center.text = name.replace("&", "&&") + " — &A"
    ws.oddFooter.center.text = "&P / &N"


def _write_companies(
    wb: Workbook,
    title: str,
    companies: Sequence[Company],
    instance: Instance,
    schedule: Schedule,
    colours: Mapping[str, str],
) -> None:
    ws = _new_sheet(wb, title, COMPANY_COLUMNS)
    sectors_col = COMPANY_COLUMNS.index("sectors") + 1
    former: dict[str, list[str]] = {}
    for old, now in instance.former_ids:
        former.setdefault(now, []).append(old)
    for c in companies:
        requests = len(instance.requests_of.get(c.id, ()))
        # With what it held under a former id (the firms it met then: 4 of 6 was read
        # for a company that had met all six; a reader).
        held = sum(len(schedule.of_company(cid)) for cid in (c.id, *former.get(c.id, ())))
        share = round(100.0 * held / requests, 1) if requests else 0
        r = _append(
            ws,
            (
                c.id,
                c.name,
                _joined(c.sectors),
                _joined(c.languages),
                c.delegates,
                c.max_meetings,
                c.contact,
                c.email,
                c.phone,
                _joined(c.wishes),
                requests,
                held,
                share,
                "yes" if c.id in instance.departed else "",
                _joined(tuple(former.get(c.id, ()))),
            ),
        )
        if c.sectors and c.sectors[0] in colours:
            ws.cell(r, sectors_col).fill = _fill(colours[c.sectors[0]])
    _style_table(ws, COMPANY_COLUMNS)


def _write_unscheduled(
    wb: Workbook, instance: Instance, unscheduled: Sequence[Unscheduled]
) -> None:
    ws = _new_sheet(wb, UNSCHEDULED, UNSCHEDULED_COLUMNS)
    companies = instance.companies
    for u in sorted(unscheduled, key=lambda u: (u.exporter_id, u.buyer_id)):
        request = instance.request_by_key.get((u.exporter_id, u.buyer_id))
        _append(
            ws,
            (
                u.exporter_id,
                _name(companies, u.exporter_id),
                u.buyer_id,
                _name(companies, u.buyer_id),
                request.priority if request else None,
                request.requested_by.value if request else "",
                REASONS.get(u.reason, u.reason),
                u.detail,
            ),
        )
    _style_table(ws, UNSCHEDULED_COLUMNS)


def _write_changes(wb: Workbook, instance: Instance, changes: Sequence[Change]) -> None:
    ws = _new_sheet(wb, CHANGES, CHANGES_COLUMNS)
    companies = instance.companies
    for c in changes:
        _append(
            ws,
            (
                c.kind.value,
                meeting_id(c.exporter_id, c.buyer_id),
                c.exporter_id,
                _name(companies, c.exporter_id) or c.exporter,
                c.buyer_id,
                _name(companies, c.buyer_id) or c.buyer,
                c.old_day.isoformat() if c.old_day else None,
                _hhmm(c.old_start) if c.old_start else None,
                c.old_table,
                c.new_day.isoformat() if c.new_day else None,
                _hhmm(c.new_start) if c.new_start else None,
                c.new_table,
                c.reason,
            ),
        )
    _style_table(ws, CHANGES_COLUMNS)


def mission_rows(mission: Mission) -> list[tuple[str, object]]:
    """The Mission settings as the agenda's Mission sheet writes them (times HH:MM,
    breaks ``HH:MM-HH:MM; ...``)."""
    return [
        ("name", mission.name),
        ("city", mission.city),
        ("venue", mission.venue),
        ("timezone", mission.timezone),
        ("first_day", mission.first_day.isoformat()),
        ("days", mission.days),
        ("day_start", _hhmm(mission.day_start)),
        ("day_end", _hhmm(mission.day_end)),
        ("meeting_minutes", mission.meeting_minutes),
        ("breaks", _breaks_text(mission.breaks)),
        ("tables", mission.tables),
        ("interpreters", mission.interpreters),
        ("notice_hours", mission.notice_hours),
        ("country", mission.country),
    ]


def _write_mission(wb: Workbook, mission: Mission) -> None:
    ws = _new_sheet(wb, MISSION, MISSION_COLUMNS)
    for row in mission_rows(mission):
        _append(ws, row)
    _style_table(ws, MISSION_COLUMNS, filters=False)


def _write_unavailability(wb: Workbook, instance: Instance) -> None:
    ws = _new_sheet(wb, UNAVAILABILITY, UNAVAILABILITY_COLUMNS)
    for u in sorted(instance.unavailability, key=lambda u: (u.day, u.start, u.participant)):
        _append(ws, (u.participant, u.day.isoformat(), _hhmm(u.start), _hhmm(u.end), u.reason))
    _style_table(ws, UNAVAILABILITY_COLUMNS)


def _build_workbook(
    instance: Instance,
    schedule: Schedule,
    unscheduled: Sequence[Unscheduled],
    summary: Mapping[str, object],
    changes: Sequence[Change],
) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    colours = sector_colours((*instance.exporters, *instance.buyers))
    _write_summary(wb, summary)
    _write_meetings(wb, instance, schedule)
    grids = _write_grids(wb, instance, schedule, colours)
    _write_companies(wb, EXPORTERS, instance.exporters, instance, schedule, colours)
    _write_companies(wb, BUYERS, instance.buyers, instance, schedule, colours)
    _write_unscheduled(wb, instance, unscheduled)
    _write_changes(wb, instance, changes)
    _write_mission(wb, instance.mission)
    _write_unavailability(wb, instance)
    for ws in wb.worksheets:
        _print_setup(ws, instance.mission.name, grid=ws in grids)
    _write_meetings(wb, instance, schedule, AS_WRITTEN).sheet_state = "hidden"
    wb.active = 0
    props = wb.properties
    props.creator = "asmex-sched"
    props.title = xml_safe(f"Agenda - {instance.mission.name}")
    props.created = _FIXED_DATETIME
    props.modified = _FIXED_DATETIME
    props.lastModifiedBy = None
    return wb


def workbook_bytes(wb: Workbook, stamp: datetime | None = None) -> bytes:
    """Serialise ``wb`` reproducibly (shared by every workbook the project writes).

    ``Workbook.save`` stamps the current time into ``docProps/core.xml`` and
    each zip entry carries the time it was written, so two saves of the same
    content differ. The document dates are the plan's ``stamp`` (its ``planned_at``;
    aware, or naive UTC), else fixed; the workbook is written with openpyxl's own
    writer, then re-packed with fixed entry dates. (Every file read "created 1 January
    2000" in Excel's File > Info, where the PDF said the plan's date; a proofreader.)
    """
    if stamp is not None and stamp.tzinfo is not None:
        stamp = stamp.astimezone(UTC).replace(tzinfo=None)
    wb.properties.created = stamp or _FIXED_DATETIME
    wb.properties.modified = stamp or _FIXED_DATETIME
    raw = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _planned_at_utc(summary: Mapping[str, object], timezone: str) -> datetime | None:
    """The Summary's ``planned_at`` as an aware time (written with its offset by
    ``services.plan``; a mission time without one), ``None`` if absent or unreadable."""
    try:
        stamp = datetime.fromisoformat(str(summary.get("planned_at", "")))
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=ZoneInfo(timezone))
    except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return None


def write_agenda(
    path: Path,
    instance: Instance,
    schedule: Schedule,
    *,
    unscheduled: Sequence[Unscheduled],
    summary: Mapping[str, object],
    changes: Sequence[Change] = (),
) -> None:
    """Write the agenda workbook to ``path`` (atomically, reproducibly).

    Parameters
    ----------
    path
        Target ``.xlsx`` file; replaced in one step, parent folders created.
    instance
        The planned instance (mission, companies with roster ids, requests).
    schedule
        The meetings; ``Meeting.slot`` indexes ``instance.slots``.
    unscheduled
        Requests not held, with their reason code (a key of ``domain.REASONS``).
    summary
        Rows of the ``Summary`` sheet, written in order; numbers stay numbers,
        ``None`` is an empty cell, booleans are ``yes``/``no``, anything else
        is written as text (enums by value, dates in ISO format).
    changes
        Differences against the previously published agenda (re-planning);
        the ``Changes`` sheet is always written, with headers only when empty.

    Raises
    ------
    ValueError
        A meeting refers to a slot outside the instance's grid (a bug).
    """
    wb = _build_workbook(instance, schedule, unscheduled, summary, changes)
    data = workbook_bytes(wb, _planned_at_utc(summary, instance.mission.timezone))
    atomic_write(Path(path), lambda tmp: tmp.write_bytes(data))


# ====================================================================== read
class _Problems:
    """Collects every problem of one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []

    def add(
        self,
        message: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.items.append(Problem(self.file, message, sheet, row, column))


class _Table:
    """A header-row sheet: values by column name, with locations for problems."""

    def __init__(self, sheet: str, header: Sequence[object], rows: list[tuple[int, tuple]]):
        self.sheet = sheet
        self.index: dict[str, int] = {}
        for i, h in enumerate(header):
            name = _text(h).lower()
            if name and name not in self.index:
                self.index[name] = i
        self.rows = rows

    def column(self, name: str) -> str:
        i = self.index.get(name)
        return name if i is None else f"{get_column_letter(i + 1)} ({name})"

    def get(self, values: tuple, name: str) -> object:
        i = self.index.get(name)
        if i is None or i >= len(values):
            return None
        return values[i]


#: How far down a sheet its header row is looked for when row 1 names none of its columns.
_HEADER_SEARCH_ROWS = 10


def _names_in(values: Sequence[object], names: Sequence[str]) -> int:
    """How many of ``names`` a row's cells give (as a header row would)."""
    return len({_text(v).lower() for v in values} & set(names))


def _table(
    ws: Any, sheet: str, names: Sequence[str] = (), file: str = "", *, warn: bool = True
) -> _Table:
    """The sheet as a header-row table. A row 1 naming none of ``names`` (the sheet's
    columns) while a row below it names at least two is a title above the header (a
    coordinator's, for printing): the rows above the header are skipped with a warning,
    and rows keep their sheet numbers. It had given one "column missing" error per
    column, twelve for a title typed over ``Meetings`` (a tester)."""
    # Some tools write a wrong <dimension>; read-only mode would trust it.
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    rows = ws.iter_rows(values_only=True)
    header = next(rows, ())
    first = 1
    if names and not _names_in(header, names):
        above: list[tuple] = [tuple(header)]
        for values in rows:
            if _names_in(values, names) >= min(2, len(names)):
                header, first = values, len(above) + 1
                break
            above.append(tuple(values))
            if len(above) >= _HEADER_SEARCH_ROWS:
                break
        if first == 1:  # no header found below: as before (its columns are missing)
            rows = ws.iter_rows(min_row=2, values_only=True)
        elif warn:
            log.warning(
                "%s, sheet %s: %s above its header row (row %d) %s read as a title and "
                "skipped",
                file or "the agenda",
                sheet,
                "row 1" if first == 2 else f"rows 1\u2013{first - 1}",
                first,
                "is" if first == 2 else "are",
            )
    body: list[tuple[int, tuple]] = []
    for n, values in enumerate(rows, start=first + 1):
        if any(v is not None and _text(v) != "" for v in values):
            body.append((n, tuple(values)))
    return _Table(sheet, header, body)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    # Not decode_breaks: the agenda reads back what plan wrote, and an id holding the
    # text '_x000D_' (from a CSV roster) became another id (a fourth reader).
    return str(value).strip()


def _split(value: object) -> tuple[str, ...]:
    # ";" only: the writer joins with "; " and a sector name may contain a comma.
    return tuple(p.strip() for p in _text(value).split(";") if p.strip())


def _round_minute(t: time | datetime) -> time:
    seconds = t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6
    minutes = round(seconds / 60)
    if not 0 <= minutes < 24 * 60:
        raise ValueError
    return time(minutes // 60, minutes % 60)


_TIME_RE = re.compile(r"^(\d{1,2})[:hH.](\d{2})(?::(\d{2}))?$")


def _time_in_date(value: object) -> time | None:
    """The time of day typed with a date in a date cell, to the second: as a cell, a
    serial number with a fraction, or text in any ISO form (``2025-11-10T14:00``,
    ``20251110T140000``, ``2025-11-10t1400``: a reader found each read as the day
    alone) or after a day-first date (``14:00``); None for none."""
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value % 1:
        return (datetime(2000, 1, 1) + timedelta(days=value % 1)).time()
    if not isinstance(value, str):
        return None
    text = value.strip()
    with contextlib.suppress(ValueError):
        if len(text) > 10:
            return datetime.fromisoformat(text).time()
    at = _TIME_AFTER_DATE.search(text)
    if at and int(at[1]) < 24 and int(at[2]) < 60:
        return time(int(at[1]), int(at[2]))
    return None


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


#: A time after a date in a date cell's text ('2025-11-10 14:00').
_TIME_AFTER_DATE = re.compile(r"[\sT](\d{1,2})[:hH](\d{2})")  # ISO's 'T' too (a reader)

#: The dates a spreadsheet program gives a time of day alone (its day 0 or 1).
_EXCEL_TIME_DATES = frozenset((date(1899, 12, 30), date(1899, 12, 31), date(1900, 1, 1)))


def _text_date_time(value: object) -> datetime | None:
    """A date and a time typed as text in one cell (``14/11/2025 16:30``,
    ``2025-11-14T16:30``), as a spreadsheet program shows a date-time cell; None for
    anything else."""
    if not isinstance(value, str):
        return None
    parts = re.split(r"[\sT]+", value.strip(), maxsplit=1)
    if len(parts) != 2 or not (match := _TIME_RE.match(parts[1].strip())):
        return None
    try:
        day = _parse_date(parts[0])
    except (ValueError, OverflowError):
        return None
    if int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return datetime.combine(day, time(int(match.group(1)), int(match.group(2))))


def _parse_start(value: object) -> time:
    """A meeting's start: :func:`_parse_time`, or the time of a date and time typed as
    text (its date checked against the row's ``date``): the text form was refused as
    "not a time" where the same value as a date-time cell was read (a hand-editing
    tester)."""
    typed = _text_date_time(value)
    return typed.time() if typed is not None else _parse_time(value)


def _parse_time(value: object) -> time:
    """``09:30`` / ``9:30`` / ``09:30:00`` text, or an Excel time or fraction of a day."""
    if isinstance(value, datetime):
        return _round_minute(value)
    if isinstance(value, time):
        return _round_minute(value)
    if isinstance(value, timedelta):
        return _round_minute(datetime(2000, 1, 1) + value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        return _round_minute(datetime(2000, 1, 1) + timedelta(days=float(value)))
    match = _TIME_RE.match(_text(value))
    if not match:
        raise ValueError
    h, m = int(match.group(1)), int(match.group(2))
    return time(h, m)


#: What a date cell may hold, as :func:`_parse_date` reads it (the messages said
#: "YYYY-MM-DD" alone; a fresh coordinator's test).
_A_DATE = "a date (YYYY-MM-DD or DD/MM/YYYY)"


def _parse_date(value: object) -> date:
    """ISO text ``2025-11-10``, day-first ``10/11/2025`` (as the roster accepts it, and
    as a spreadsheet program shows a retyped date), or an Excel date (cell or serial)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        parsed = from_excel(value)
        if isinstance(parsed, datetime):
            return parsed.date()
        raise ValueError
    text = _text(value)
    day_first = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if day_first:
        return date(int(day_first[3]), int(day_first[2]), int(day_first[1]))
    try:
        return date.fromisoformat(text)
    except ValueError:
        return datetime.fromisoformat(text).date()


def _parse_int(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value)
    # '5.0' as text, as a CSV round trip writes a whole number (the float 5.0 was read)
    if not re.fullmatch(r"[+-]?\d+(\.0*)?", text):
        raise ValueError
    return int(text.split(".")[0])


def _parse_float(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        return float(value)
    return float(_text(value).replace(",", "."))


def _says_no(value: object) -> bool:
    """Whether a yes/no cell reads as no (blank included); a word that is neither is not."""
    try:
        return not _parse_bool(value)
    except ValueError:
        return False


def _parse_bool(value: object) -> bool:
    """yes/no, true/false, 1/0, oui/non; blank is no."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = _text(value).lower()
    if text in _TRUE_WORDS:
        return True
    if text in _FALSE_WORDS:
        return False
    raise ValueError


def _parse_breaks(value: object) -> tuple[tuple[time, time], ...]:
    out: list[tuple[time, time]] = []
    for part in _split(value):
        start, sep, end = part.partition("-")
        if not sep:
            raise ValueError
        s, e = _parse_time(start.strip()), _parse_time(end.strip())
        if not s < e:
            raise ValueError
        out.append((s, e))
    return tuple(out)


def _cell(
    problems: _Problems,
    table: _Table,
    row: int,
    values: tuple,
    name: str,
    parse: Callable[[object], Any],
    expected: str,
    *,
    required: bool = True,
) -> Any:
    """Parse one cell; record a located problem and return ``None`` when bad or blank."""
    raw = table.get(values, name)
    if raw is None or _text(raw) == "":
        if required:
            problems.add(f"{name} is empty", table.sheet, row, table.column(name))
        return None
    try:
        return parse(raw)
    except (ValueError, TypeError, OverflowError, KeyError):
        typed = str(raw).upper() if isinstance(raw, bool) else _text(raw)  # TRUE, not 'yes'
        problems.add(
            f"{name} {typed!r} is not {expected}", table.sheet, row, table.column(name)
        )
        return None


def _check_columns(problems: _Problems, table: _Table, required: Sequence[str]) -> bool:
    missing = [c for c in required if c not in table.index]
    for c in missing:
        problems.add(
            f"column {c!r} is missing (expected columns: {', '.join(required)})",
            table.sheet,
            1,
            c,
        )
    return not missing


def _int_at_least(minimum: int) -> Callable[[object], int]:
    """A whole-number parser that also rejects values below ``minimum``."""

    def check(value: object) -> int:
        n = _parse_int(value)
        if n < minimum:
            raise ValueError
        return n

    return check


def _priority(value: object) -> int:
    n = _parse_int(value)
    if n not in (1, 2, 3):
        raise ValueError
    return n


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
        left = get("left_mission", _parse_bool, "yes or no")
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
#: (a hand-editing tester); compared without accents, case and punctuation.
_LOCKED_ALIASES = frozenset(
    ("lock", "locked", "verrou", "verrouille", "verrouiller", "bloque", "fige", "lockedyesno")
)


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
        interpreter = get("interpreter", _parse_bool, "yes or no", required=False)
        locked = get("locked", _parse_bool, "yes or no", required=False)
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


#: The agenda workbook's format, the Summary's ``agenda_format``: raised when an agenda
#: this version writes would be misread by the versions before it (a sheet, a column or
#: a value they do not know, or read otherwise). An agenda of a higher format is
#: refused: an older version on a colleague's laptop refused a newer agenda's reason
#: as a bad cell and advised --fresh, or re-planned it dropping what it did not know
#: (an upgrade tester). Agendas written before the key read as format 1.
AGENDA_FORMAT = 1


def newer_format(text: str) -> bool:
    """Whether a Summary ``agenda_format`` (``2``, ``2.0``, ``v2``; a reader) is above
    :data:`AGENDA_FORMAT`; one that does not read is not."""
    try:
        return float(text.strip().lstrip("vV")) > AGENDA_FORMAT
    except ValueError:
        return False


def _refuse_a_newer_format(path: Path, table: _Table) -> None:
    """Raise ``InputError`` when the agenda's ``agenda_format`` is above
    :data:`AGENDA_FORMAT` (written by a newer version), naming the cell."""
    for row, values in table.rows:
        if _text(table.get(values, "key")) != "agenda_format":
            continue
        text = _text(table.get(values, "value"))
        if newer_format(text):
            raise NewerAgendaError(
                [
                    Problem(
                        str(path),
                        f"written by a newer version of asmex-sched (agenda_format {text}; "
                        f"this version, {__version__}, reads agendas up to format "
                        f"{AGENDA_FORMAT}): upgrade asmex-sched here (the agenda is left "
                        "as it is; do not re-plan it with --fresh)",
                        SUMMARY,
                        row,
                        "B (value)",
                    )
                ]
            )


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
    :func:`domain.from_local_iso` in the Summary's ``timezone``) is a problem: read as
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


def _open_workbook(path: Path, problems: _Problems) -> Any:
    if not path.exists():
        problems.add("file not found")
        return None
    if not path.is_file():
        problems.add("not a file")
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(f"cannot read this file: {exc.strerror or exc}")
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure means "not a readable xlsx"
        # An encrypted agenda read "File is not a zip file" (a fuzzer): as the roster's
        problems.add(why_unopenable(data[:100], exc, agenda=True))
        return None


def why_unopenable(head: bytes, exc: Exception, agenda: bool = False) -> str:
    """Why a workbook whose first bytes are ``head`` cannot be opened, in a
    coordinator's words (the roster's and, ``agenda``, the agenda's: ``plan`` writes
    it, so the advice is to restore a copy, not to save it from Excel; a reader)."""
    fix = (
        # not "or plan again with --fresh" alone: that plans anew, every announced
        # meeting free to move (a hand-editing tester)
        "restore a copy (agenda-history/ keeps one per plan written); plan --fresh would "
        "plan anew, without the announced meetings"
        if agenda
        else "save it as an Excel workbook (.xlsx)"
    )
    if not head:
        return f"cannot open this workbook: the file is empty; {fix}"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return (
            "cannot open this workbook: it is password-protected, or an old .xls file "
            "renamed; remove the password (or save it as .xlsx) in Excel"
        )
    if not head.startswith(b"PK"):
        return (
            "cannot open this workbook: it is not an .xlsx file (a CSV or another format "
            f"renamed?); {fix}"
        )
    if head[30:38] == b"mimetype":
        # an OpenDocument file: its first zip entry, 'mimetype', named at byte 30 however
        # it is compressed; "There is no item named '[Content_Types].xml' in the
        # archive" (a tester)
        what = (
            "an OpenDocument spreadsheet (.ods, as LibreOffice saves by default)"
            if b"spreadsheet" in head or b"opendocument" not in head
            else "an OpenDocument file (a text or a presentation, not a spreadsheet)"
        )
        return (
            f"cannot open this workbook: it is {what}, not .xlsx; save it as Excel "
            "2007-365 (.xlsx)" + ("" if not agenda else f", or {fix}")
        )
    detail = str(exc).strip() or type(exc).__name__
    return f"cannot open this workbook (is it a valid .xlsx file?): {detail}"


def read_agenda_summary(path: Path) -> dict[str, str] | None:
    """The ``Summary`` sheet of an agenda alone, as ``key -> value`` text, or ``None``
    when it does not read. For an agenda that does not read as a whole (``plan
    --fresh`` replaces it): its calendar id must still be kept (a second reader)."""
    problems = _Problems(str(path))
    wb = _open_workbook(Path(path), problems)
    if wb is None:
        return None
    try:
        if SUMMARY not in wb.sheetnames:
            return None
        ws = wb[SUMMARY]
        if hasattr(ws, "reset_dimensions"):  # a wrong <dimension> cut the rows short
            ws.reset_dimensions()
        rows = ws.iter_rows(min_row=2, max_col=2, values_only=True)
        return {_text(r[0]): _text(r[1]) for r in rows if len(r) == 2 and _text(r[0])}
    except Exception:  # noqa: BLE001 - a corrupt sheet is "no summary"
        return None
    finally:
        wb.close()


def read_agenda(path: Path) -> Agenda:
    """Read an agenda workbook written by :func:`write_agenda` (possibly edited).

    Only the ``Meetings`` sheet is authoritative for meetings; the day grids
    are for people and are ignored. Coordinators may re-type dates and times
    as Excel dates/times and set ``locked`` to yes/no/true/false/1/0/oui/non
    (blank is no); extra columns are ignored.

    Raises
    ------
    InputError
        Not an agenda (missing file, not an ``.xlsx``, missing ``Summary``,
        ``Meetings``, ``Exporters``, ``Buyers`` or ``Mission`` sheet, missing
        columns), or bad cells; every problem is listed with its sheet, row and
        column.
    """
    path = Path(path)
    problems = _Problems(str(path))
    wb = _open_workbook(path, problems)
    if wb is None:
        raise InputError(problems.items)
    try:
        if SUMMARY in wb.sheetnames:  # before the sheets a newer format may not have
            # its header found under a title too, which would have switched the refusal
            # off (a second reader); said once, by _load_tables
            _refuse_a_newer_format(path, _table(wb[SUMMARY], SUMMARY, SUMMARY_COLUMNS, warn=False))
        tables = _load_tables(wb, problems)
        sheet_names = list(wb.sheetnames)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a corrupt sheet must not crash the CLI
        problems.add(f"cannot read the workbook: {exc}")
        raise InputError(problems.items) from None
    finally:
        wb.close()
    if problems.items:
        raise InputError(problems.items)

    try:
        mission = _read_mission(problems, tables[MISSION])
        departed: set[str] = set()
        former: list[tuple[str, str, str, int, str]] = []
        exporters = _read_companies(problems, tables[EXPORTERS], Side.EXPORTER, departed, former)
        buyers = _read_companies(problems, tables[BUYERS], Side.BUYER, departed, former)
        _check_former_ids(problems, (*exporters, *buyers), departed, former)
        typed_ends: list[tuple[tuple[str, str], time]] = []
        meetings = _read_meetings(problems, tables[MEETINGS], mission, typed_ends)
        unscheduled = (
            _read_unscheduled(problems, tables[UNSCHEDULED]) if UNSCHEDULED in tables else ()
        )
        changes = _read_changes(problems, tables[CHANGES]) if CHANGES in tables else ()
        summary = _read_summary(problems, tables[SUMMARY])
        if mission is not None:
            _check_summary_times(problems, tables[SUMMARY], mission.timezone)
        as_written = _read_as_written(path, tables.get(AS_WRITTEN), mission)
        recorded = summary.get("meetings_hash", "")
        if as_written is not None and recorded and recorded != _hash_of(as_written):
            # edited too (unhidden, a move typed there as well): trusted, it hid the
            # hand edits from the Changes sheet and the reports (a hand-editing tester)
            as_written = None
        unavailability = (
            _read_unavailability(problems, tables[UNAVAILABILITY])
            if UNAVAILABILITY in tables
            else ()
        )
    except Exception as exc:  # noqa: BLE001 - a cell we did not foresee: still exit 2
        problems.add(f"cannot read the agenda: {type(exc).__name__}: {exc}")
        raise InputError(problems.items) from exc
    if problems.items or mission is None:
        raise InputError(problems.items or [Problem(str(path), "bad Mission sheet", MISSION)])
    return Agenda(
        mission=mission,
        exporters=exporters,
        buyers=buyers,
        meetings=meetings,
        unscheduled=unscheduled,
        changes=changes,
        summary=summary,
        as_written=as_written,
        departed=frozenset(departed),
        former_ids=tuple(sorted((old, cid) for old, cid, *_ in former)),
        unavailability=unavailability,
        lists_commitments=UNAVAILABILITY in tables,
        additions=_additions(sheet_names, tables, mission),
        ends_typed=tuple(typed_ends),
    )


def _additions(
    names: Sequence[str], tables: dict[str, _Table], mission: Mission
) -> tuple[str, ...]:
    """What a coordinator added to the agenda that ``plan`` does not write again: sheets
    of their own (not a day grid of the mission) and columns holding a value in one of
    the agenda's sheets ("sheet 'My notes'", "column 'notes' of Meetings"). A re-plan
    dropped them without a word (a hand-editing tester)."""
    days = {day_sheet_name(mission.first_day + timedelta(days=d)) for d in range(mission.days)}
    out = [f"sheet {n!r}" for n in names if n not in _SHEET_COLUMNS and n not in days]
    for sheet, table in tables.items():
        known = set(_SHEET_COLUMNS[sheet])
        # a column read as one of the sheet's under another header ('Locked?' for
        # locked) is written again: not an addition (a second reader)
        read = {table.index[c] for c in known if c in table.index}
        for name, i in table.index.items():
            if name not in known and i not in read and any(
                i < len(values) and _text(values[i]) != "" for _, values in table.rows
            ):
                out.append(f"column {name!r} of {sheet}")
    return tuple(out)


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


_REQUIRED_SHEETS = (SUMMARY, MEETINGS, EXPORTERS, BUYERS, MISSION)
#: Each sheet's columns, by which its header row is told from a title above it.
_SHEET_COLUMNS: dict[str, tuple[str, ...]] = {
    SUMMARY: SUMMARY_COLUMNS,
    MEETINGS: MEETINGS_COLUMNS,
    EXPORTERS: COMPANY_COLUMNS,
    BUYERS: COMPANY_COLUMNS,
    MISSION: MISSION_COLUMNS,
    UNSCHEDULED: UNSCHEDULED_COLUMNS,
    CHANGES: CHANGES_COLUMNS,
    UNAVAILABILITY: UNAVAILABILITY_COLUMNS,
    AS_WRITTEN: MEETINGS_COLUMNS,
}
_OPTIONAL_SHEETS = (UNSCHEDULED, CHANGES, UNAVAILABILITY, AS_WRITTEN)


def _load_tables(wb: Any, problems: _Problems) -> dict[str, _Table]:
    names = list(wb.sheetnames)
    missing = [s for s in _REQUIRED_SHEETS if s not in names]
    if missing:
        # A roster given for the agenda (a roster tester): say which command comes first.
        roster = {SUMMARY, MEETINGS} <= set(missing) and bool(
            {"exporters", "buyers", "exportateurs", "acheteurs"}
            & {n.strip().casefold() for n in names}
        )
        problems.add(
            f"not an asmex-sched agenda: sheet(s) {', '.join(missing)} missing "
            f"(found: {', '.join(names) or 'none'})"
            + ("; it looks like a roster: plan it first (asmex-sched plan ROSTER.xlsx -o "
               "agenda.xlsx), then give the agenda" if roster else ""),
            missing[0],
        )
        return {}
    return {
        s: _table(wb[s], s, _SHEET_COLUMNS[s], problems.file)
        for s in (*_REQUIRED_SHEETS, *_OPTIONAL_SHEETS)
        if s in names
    }
