"""An agenda workbook opened and its sheets read as header-row tables, with every
problem located (file, sheet, row, column) and collected.
"""

from __future__ import annotations

import io
import logging
import warnings
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from asmex_sched.errors import Problem
from asmex_sched.io.agenda.cells import _text
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
    SUMMARY,
    SUMMARY_COLUMNS,
    UNAVAILABILITY,
    UNAVAILABILITY_COLUMNS,
    UNSCHEDULED,
    UNSCHEDULED_COLUMNS,
)

log = logging.getLogger("asmex_sched")


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
        #: The row its header was found at below the first ten (sorted in), if any.
        self.sunk_header: int | None = None
        #: The row its header was read from (its rows follow it).
        self.header_row = 1

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
    sunk: int | None = None
    enough = min(2, len(names))
    # (a data row naming one column, 'exporter' in requested_by, is no header either)
    if names and _names_in(header, names) < enough:
        above: list[tuple] = [tuple(header)]
        for values in rows:
            if _names_in(values, names) >= enough:
                header, first = values, len(above) + 1
                break
            above.append(tuple(values))
            if len(above) >= _HEADER_SEARCH_ROWS:
                break
        if first > 1 and any(sum(_text(v) != "" for v in row if v is not None) > 2
                             for row in above):  # fmt: skip
            # rows of data above it, not a title: the sheet sorted with its header in;
            # skipped as a title, they were meetings lost
            sunk, first, header = first, 1, above[0]
        if first == 1:  # no header found below: as before (its columns are missing)
            # ... unless it is further down: a sheet sorted with its header row in gave
            # one "column missing" per column, no word of where the header went (a
            # hand-editing tester); the first reading closed before another (read-only
            # sheets share one parser: the second read nothing)
            rows.close()
            sunk = sunk or next(
                (n for n, values in enumerate(ws.iter_rows(values_only=True), start=1)
                 if n > 1 and _names_in(values, names) >= enough),
                None,
            )  # fmt: skip
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
    table = _Table(sheet, header, body)
    table.sunk_header = sunk
    table.header_row = first
    return table


def _rows_after_the_first(wb: Any, ws: Any) -> bytes | None:
    """The XML of a read-only sheet's rows below its first, as stored, or ``None`` when
    it cannot be told (not a read-only sheet, rows not found as ``plan`` and Excel
    write them)."""
    try:
        data = wb._archive.read(ws._worksheet_path)
    except Exception:  # noqa: BLE001 - openpyxl's internals moved: read the sheet
        return None
    start, end = data.find(b"</row>"), data.rfind(b"</sheetData>")
    return data[start:end] if 0 <= start < end else None


def _copy_of_meetings(wb: Any, meetings: _Table | None) -> _Table | None:
    """The ``As written`` sheet as a table holding the ``Meetings`` table's rows, when
    its rows below the header are stored byte for byte as that sheet's (the agenda as
    ``plan`` wrote it, not edited since: the two differ only in the header's style),
    else ``None`` (read it). Parsing both was half of reading a trade fair's agenda,
    seconds for a cron run with nothing to do and twice over before a report's first
    file (a trade-fair tester)."""
    if meetings is None or meetings.header_row != 1:
        return None
    ws = wb[AS_WRITTEN]
    if hasattr(ws, "reset_dimensions"):  # as _table: a wrong <dimension> cut it short
        ws.reset_dimensions()
    rows = ws.iter_rows(max_row=1, values_only=True)
    try:
        header = next(rows, ())
    finally:
        rows.close()
    if _names_in(header, MEETINGS_COLUMNS) < 2:  # a title above it: read as _table does
        return None
    mine = _rows_after_the_first(wb, ws)
    if mine is None or mine != _rows_after_the_first(wb, wb[MEETINGS]):
        return None
    return _Table(AS_WRITTEN, header, meetings.rows)


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
    if missing and table.sunk_header is not None:
        problems.add(
            f"its header row is at row {table.sunk_header}, not at the top (the sheet "
            "sorted with its header row included?): move that row back to row 1",
            table.sheet,
            table.sunk_header,
            None,
        )
        return False
    for c in missing:
        problems.add(
            f"column {c!r} is missing (expected columns: {', '.join(required)})",
            table.sheet,
            1,
            c,
        )
    return not missing


def _open_workbook(path: Path, problems: _Problems) -> Any:
    if not path.exists():
        problems.add("file not found")
        return None
    if not path.is_file():
        if not path.is_dir():
            problems.add("not a file")
        else:
            roster = _PLAN_THE_ROSTER_FIRST if _holds_csv(path) else ""
            problems.add("a folder, not an agenda workbook (.xlsx)" + roster)
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(f"cannot read this file: {exc.strerror or exc}")
        return None
    if path.suffix.casefold() == ".csv" and not data.startswith(b"PK"):
        # "not an .xlsx file (a CSV renamed?); restore a copy (agenda-history/ ...)"
        # for one of a roster's CSV files (a CSV tester); an agenda saved under a .csv
        # name is still read (a second reader)
        problems.add(
            "a CSV file, not an agenda workbook (.xlsx); if it is one of a roster's CSV "
            "files, plan the roster's folder first (asmex-sched plan FOLDER -o "
            "agenda.xlsx), then give the agenda"
        )
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure means "not a readable xlsx"
        # An encrypted agenda read "File is not a zip file" (a fuzzer): as the roster's
        problems.add(why_unopenable(data[:100], exc, agenda=True))
        return None


#: Said of a roster's CSV folder, or one of its files, given where an agenda is read.
_PLAN_THE_ROSTER_FIRST = (
    "; it looks like a roster's CSV files: plan the roster's folder first (asmex-sched "
    "plan FOLDER -o agenda.xlsx), then give the agenda"
)


def _holds_csv(folder: Path) -> bool:
    """Whether ``folder`` holds ``.csv`` files (a roster's CSV folder, given for the
    agenda: "not a file" said nothing of it; a CSV tester)."""
    try:
        return any(p.suffix.casefold() == ".csv" for p in folder.iterdir())
    except OSError:
        return False


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
        # 0 bytes: an Excel save under way, like a cut-off zip (an operations tester)
        return (
            "cannot open this workbook: the file is empty; a workbook caught while it is "
            "being saved (from Excel, a sync, a copy) reads so, and the next run reads it "
            f"whole; if it stays so, {fix}"
        )
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
    if isinstance(exc, zipfile.BadZipFile):
        # A zip begun and not ended: a roster being saved while cron's plan read it
        # (exit 2, "File is not a zip file"; a cron operator's tester).
        detail += (
            ": the file is incomplete; a workbook caught while it is being saved (from "
            "Excel, a sync, a copy) reads so, and the next run reads it whole; if it "
            f"stays so, {fix}"
        )
    return f"cannot open this workbook (is it a valid .xlsx file?): {detail}"


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
    tables: dict[str, _Table] = {}
    for s in (*_REQUIRED_SHEETS, *_OPTIONAL_SHEETS):
        if s not in names:
            continue
        copy = _copy_of_meetings(wb, tables.get(MEETINGS)) if s == AS_WRITTEN else None
        tables[s] = copy or _table(wb[s], s, _SHEET_COLUMNS[s], problems.file)
    return tables
