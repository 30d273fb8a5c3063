"""The agenda workbook written: one function per sheet, their styles and print setup,
and :func:`write_agenda` (atomic, byte-for-byte reproducible).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from asmex_sched.domain import (
    GROUP_ALL,
    REASONS,
    Change,
    Company,
    Instance,
    Meeting,
    Mission,
    Schedule,
    Unscheduled,
    meeting_id,
)
from asmex_sched.io.agenda.layout import (
    AS_WRITTEN,
    BUYERS,
    CHANGES,
    CHANGES_COLUMNS,
    COMPANY_COLUMNS,
    EXPORTERS,
    MEETINGS,
    MEETINGS_COLUMNS,
    MISSION,
    MISSION_COLUMNS,
    SECTOR_PALETTE,
    SUMMARY,
    SUMMARY_COLUMNS,
    UNAVAILABILITY,
    UNAVAILABILITY_COLUMNS,
    UNSCHEDULED,
    UNSCHEDULED_COLUMNS,
    _hhmm,
    _yes_no,
    day_sheet_name,
)
from asmex_sched.io.agenda.workbook import (
    _FIXED_DATETIME,
    _HEADER_FILL,
    _HEADER_FONT,
    _append,
    _new_sheet,
    _style_table,
    workbook_bytes,
    xml_safe,
)
from asmex_sched.io.atomic import atomic_write

_INTERP = " (interp.)"
_CROSS = " \u00d7 "  # " × "


#: Read left to right whatever script a name is in (``readingOrder=1``): in Excel's
#: default order, taken from a cell's first letter, 'شركة الأطلس × Jordan Food Co.'
#: showed the buyer first (a multi-script tester).
_GRID_ALIGN = Alignment(vertical="center", wrap_text=True, readingOrder=1)


def sector_colours(companies: Iterable[Company]) -> dict[str, str]:
    """One stable fill colour (``RRGGBB``) per sector, in sorted sector order."""
    sectors = sorted({s for c in companies for s in c.sectors})
    return {s: SECTOR_PALETTE[i % len(SECTOR_PALETTE)] for i, s in enumerate(sectors)}


def _joined(items: Iterable[str]) -> str:
    return "; ".join(items)


def _breaks_text(breaks: Iterable[tuple[time, time]]) -> str:
    return "; ".join(f"{_hhmm(s)}-{_hhmm(e)}" for s, e in breaks)


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
