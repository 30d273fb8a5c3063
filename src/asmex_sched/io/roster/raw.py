"""A roster's sheets as raw rows: the workbook or CSV files read, their header row found.

Every cell is read as raw text or raw Excel value (``dtype=object``, no NA guessing);
the values are parsed by the reader, which names the file, sheet, row and column.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from asmex_sched.io.agenda import MEETINGS as AGENDA_MEETINGS
from asmex_sched.io.agenda import SUMMARY as AGENDA_SUMMARY
from asmex_sched.io.agenda import SUMMARY_COLUMNS as AGENDA_SUMMARY_COLUMNS
from asmex_sched.io.roster.cells import (
    _SETTING_KEYS,
    _SIDE_WORDS,
    _alias_map,
    _column_letter,
    _header_index,
    _header_label,
    _is_blank,
    _mission_header,
    _near_miss,
    _sheet_keys,
    _spec,
    _text,
    _words,
)
from asmex_sched.io.roster.specs import (
    _EXCEL_EPOCH,
    _MAC_EPOCH,
    HEADER_SEARCH_ROWS,
    SHEETS,
    SheetSpec,
)
from asmex_sched.io.text_files import _decode, _row_spans, decode_breaks, normalize_name

log = logging.getLogger("asmex_sched")


def _sheet_meant(sheet: _RawSheet) -> str:
    """The roster sheet the name of an unknown sheet (or CSV file) looks like a slip
    for (:func:`_near_miss`), or says in a word (:data:`_SIDE_WORDS`); or ``""``."""
    label = Path(Path(sheet.file).name if _text_file(sheet) else sheet.name).stem
    meant = _near_miss(label, [(s.name, (s.name, *s.aliases)) for s in SHEETS])
    if not meant:
        sides = {_SIDE_WORDS[w] for w in _words(label) if w in _SIDE_WORDS}
        meant = sides.pop() if len(sides) == 1 else ""
    return meant


def _fits(sheet: _RawSheet, key: str) -> bool:
    """Whether a sheet holds what the roster sheet ``key`` holds: settings for
    ``Mission``; else a header (in its first rows) naming its required columns, and
    two of its columns when it has more than one required."""
    if key == "mission":
        return any(
            r and normalize_name(_text(r[0])) in _SETTING_KEYS
            for r in sheet.rows[: HEADER_SEARCH_ROWS * 3]
        )
    spec = _spec(key)
    named = _header_columns(sheet, spec)
    required = {c.name for c in spec.columns if c.required}
    # Two columns, or the required ones alone (a 'Buyers 2025' sheet of names only).
    return bool(named) and required <= named and (len(named) >= 2 or named == required)


def _header_columns(sheet: _RawSheet, spec: SheetSpec) -> set[str]:
    """The columns of ``spec`` that the sheet's header row (:func:`_header_index`) names."""
    keys = _alias_map((c.name, c.aliases) for c in spec.columns)
    at = _header_index(sheet.rows, keys)
    if at is None:
        return set()
    return {keys.get(normalize_name(_text(c))) for c in sheet.rows[at]} - {None}  # type: ignore[misc]


@dataclass
class _RawSheet:
    """A sheet as read: ``rows[i]`` is spreadsheet row ``i + 1``."""

    name: str
    file: str
    rows: list[list[object]]
    hidden: bool = False  # hidden in Excel (the workbook's sheet state)
    sep: str = ""  # a CSV file's separator


@dataclass
class _Row:
    num: int
    cells: dict[str, object]

    def get(self, column: str) -> object:
        return self.cells.get(column)

    def text(self, column: str) -> str:
        return _text(self.cells.get(column))

    def blank(self, column: str) -> bool:
        return _is_blank(self.cells.get(column))


@dataclass
class _Table:
    spec: SheetSpec
    name: str
    file: str
    header: dict[str, str]  # canonical column -> header as written
    rows: list[_Row] = field(default_factory=list)
    #: Numbered columns whose words may mean something else ('Choix 1', 'Target 1'),
    #: by family: (cell key, labels); the first naming companies is read as the wishes
    #: (read_wishes).
    wish_families: list[tuple[str, list[str]]] = field(default_factory=list)


def _frame_rows(frame: pd.DataFrame) -> list[list[object]]:
    return [list(r) for r in frame.itertuples(index=False, name=None)]


def _is_agenda(sheets: Sequence[_RawSheet]) -> bool:
    """Whether a workbook is an agenda ``plan`` wrote: its ``Summary`` sheet headed
    ``key, value`` and its ``Meetings`` sheet with the meeting's ids. Not the sheet
    names alone: a roster may hold its own ``Summary`` and a ``Meetings`` sheet of
    last year's meetings (a second reader's finding)."""
    by_name = {sheet.name: sheet for sheet in sheets}
    summary, meetings = by_name.get(AGENDA_SUMMARY), by_name.get(AGENDA_MEETINGS)
    if summary is None or meetings is None or not summary.rows or not meetings.rows:
        return False
    head = tuple(_text(v).lower() for v in summary.rows[0][: len(AGENDA_SUMMARY_COLUMNS)])
    columns = {_text(v).lower() for v in meetings.rows[0]}
    return head == AGENDA_SUMMARY_COLUMNS and {"meeting_id", "exporter_id", "buyer_id"} <= columns


def _workbook_epoch(path: Path) -> date:
    """Day 0 of the workbook's date serials: 1904-01-01 when its ``workbookPr`` says
    ``date1904`` (a workbook from Excel for Mac), else Excel's 1899-12-30; read with the
    layouts (:func:`_sheet_layouts`), from the workbook part the package names."""
    return _sheet_layouts(path)[2]


def _unescaped(rows: list[list[object]]) -> list[list[object]]:
    """Text with Office's escaped line breaks decoded (:func:`decode_breaks`)."""
    return [[decode_breaks(v) if isinstance(v, str) else v for v in row] for row in rows]


def _margin(rows: Sequence[Sequence[object]]) -> int:
    """How many leading columns of a ``Mission`` sheet are blank on every row: a margin
    (settings in B:C, the "indented table" look). Its columns are read by position,
    setting then value, so a blank column A read every setting as "a value without a
    setting name", where a table sheet's header finds its columns wherever they are
    (a tester). Title rows above are left out of the count (:func:`_title_rows`): a
    title in A1 over settings in B:C read so too, where every other sheet read the
    same layout (a QA tester). 0 for a blank sheet."""
    for titles in range(_title_rows(rows) + 1):
        below = rows[titles:]
        width = max((len(r) for r in below), default=0)
        blank = 0
        while blank < width and all(blank >= len(r) or _is_blank(r[blank]) for r in below):
            blank += 1
        if 0 < blank < width and all(_in_margin(r, blank) for r in rows[:titles]):
            return blank
    return 0


def _title_rows(rows: Sequence[Sequence[object]]) -> int:
    """How many leading rows of a sheet hold one cell at most (a title, a blank row),
    within the first :data:`HEADER_SEARCH_ROWS`, the last row aside."""
    titles = 0
    while titles < min(len(rows) - 1, HEADER_SEARCH_ROWS) and sum(
        not _is_blank(c) for c in rows[titles]
    ) <= 1:
        titles += 1
    return titles


def _in_margin(row: Sequence[object], blank: int) -> bool:
    """Whether ``row`` holds nothing past the margin's ``blank`` columns (a title row
    in it, or a blank row)."""
    return all(_is_blank(c) for c in row[blank:])


def _without_margin(raw: _RawSheet) -> None:
    """A ``Mission`` sheet read from its first column that holds something
    (:func:`_margin`): its rows keep their numbers, and its messages name columns by
    their header (``setting``, ``value``), not by letter. A title row in the margin
    stays as it is, a title row (:func:`_MissionReading.read_mission`)."""
    blank = _margin(raw.rows)
    if blank:
        raw.rows = [
            list(r) if _in_margin(r, blank) and not _in_margin(r, 0) else r[blank:]
            for r in raw.rows
        ]


def _read_workbook(path: Path) -> tuple[dict[str, _RawSheet], date]:
    """The sheets as read, and the workbook's date system (:func:`_workbook_epoch`)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frames = pd.read_excel(
            path,
            sheet_name=None,
            header=None,
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            engine="openpyxl",
        )
    sheets = {
        str(name): _RawSheet(str(name), str(path), _unescaped(_frame_rows(frame)))
        for name, frame in frames.items()
    }
    layouts, hidden_sheets, epoch = _sheet_layouts(path)
    for name, (key, merged, hidden, hidden_columns) in layouts.items():
        if name in sheets:
            _apply_layout(sheets[name], key, merged, hidden, hidden_columns)
    for name in hidden_sheets & set(sheets):
        sheets[name].hidden = True
    for name, key in _sheet_keys(list(sheets)).items():
        if key == "mission":
            _without_margin(sheets[name])  # after the layout, whose ranges are by letter
    return sheets, epoch


_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row(?=[\s/>])([^>]*)>")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
_ROW_HIDDEN = re.compile(rb"""\shidden\s*=\s*["'](?:1|true)["']""")
_MERGE_REF = re.compile(rb"""<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref\s*=\s*["']([^"']+)["']""")


_COL_TAG = re.compile(rb"<(?:[\w.-]+:)?col(?=[\s/>])([^>]*)>")
_COL_SPAN = re.compile(rb"""\s(min|max)\s*=\s*["'](\d+)["']""")


def _column_span(attrs: bytes) -> range:
    """The columns (1-based) a ``<col>`` element's ``min`` and ``max`` cover."""
    bounds = {k.decode(): int(v) for k, v in _COL_SPAN.findall(attrs)}
    low = bounds.get("min", 1)
    return range(low, min(bounds.get("max", low), low + 200) + 1)  # not a whole sheet


def _sheet_layouts(
    path: Path,
) -> tuple[dict[str, tuple[str, list[str], list[int], list[int]]], set[str], date]:
    """The key, merged ranges (``"D8:D10"``), hidden rows and hidden columns (1-based)
    of each of the reader's sheets, none of which the cell values show; which of them
    are hidden sheets; and the workbook's date system (``workbookPr date1904``: day 0
    of its date serials, :data:`_MAC_EPOCH` or :data:`_EXCEL_EPOCH`).

    They are read from the sheet XML of the workbook's zip with regular expressions
    (``<mergeCell ref=...>``, ``<row r=... hidden="1">``): pandas reads the values in
    openpyxl's read-only mode, which has neither, and a normal openpyxl load of a
    trade fair's roster takes longer than reading its values. A part that cannot be
    found or read is reported with a warning and left out: the values were read."""
    import xml.etree.ElementTree as ET
    import zipfile

    from asmex_sched.io.xlsx_parts import local, part_targets, workbook_part

    out: dict[str, tuple[str, list[str], list[int], list[int]]] = {}
    hidden_sheets: set[str] = set()
    epoch = _EXCEL_EPOCH
    try:
        with zipfile.ZipFile(path) as archive:
            book = workbook_part(archive)
            tree = ET.fromstring(archive.read(book))
            if any(local(e.tag) == "workbookPr" and e.get("date1904") in ("1", "true")
                   for e in tree.iter()):  # fmt: skip
                epoch = _MAC_EPOCH
            parts = part_targets(archive, book)
            elements = [e for e in tree.iter() if local(e.tag) == "sheet"]
            # The sheets the reader reads: a copy beside the sheet ('Exporters (old)')
            # is not one, and got merge warnings before "is ignored" (a second reader).
            keys = _sheet_keys([e.get("name", "") for e in elements])
            for element in elements:
                name = element.get("name", "")
                rid = next((v for k, v in element.attrib.items() if local(k) == "id"), "")
                key = keys[name]
                if key is not None and element.get("state") in ("hidden", "veryHidden"):
                    hidden_sheets.add(name)
                if key is None or rid not in parts:
                    continue  # Instructions and other sheets are not read
                data = archive.read(parts[rid][0])
                merged: list[str] = []
                if b"mergeCell" in data:
                    merged = [m.decode() for m in _MERGE_REF.findall(data)]
                hidden: list[int] = []
                if b"hidden" in data:
                    number = 0
                    for attrs in _ROW_TAG.findall(data):
                        at = _ROW_NUMBER.search(attrs)
                        number = int(at.group(1)) if at else number + 1
                        if _ROW_HIDDEN.search(attrs):
                            hidden.append(number)
                hidden_columns = sorted(
                    n
                    for attrs in (_COL_TAG.findall(data) if b"hidden" in data else ())
                    if _ROW_HIDDEN.search(attrs)
                    for n in _column_span(attrs)
                )
                if merged or hidden or hidden_columns:
                    out[name] = (key, merged, hidden, hidden_columns)
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, ET.ParseError) as exc:
        log.warning("%s: merged cells and hidden rows could not be checked (%s)", path, exc)
    return out, hidden_sheets, epoch


#: Merged ranges of a sheet warned about one by one; the others get one line.
MERGED_WARNINGS = 10


def _apply_layout(
    raw: _RawSheet,
    key: str,
    merged: Sequence[str],
    hidden: Sequence[int],
    hidden_columns: Sequence[int] = (),
) -> None:
    """Read a sheet's data rows as the coordinator sees them, and say so.

    * A range merged over several rows (``D8:D10`` showing ``fr; ar``) holds its value
      in its top-left cell alone, and the other rows read blank: that value is put in
      every cell of the range, with one warning per range. Merges above the first data
      row (titles, the header) or within one row (a title over ``A1:F1``) are left
      alone, as are rows empty but for the range (a merge run past the last company).
    * Hidden rows (a filter, by hand) are read like the others, with one warning per
      sheet that lists them: a filter may hide rows for other reasons than a
      company's leaving.

    The data rows start below the header of a table sheet (:func:`_header_index`) and
    at the first setting of ``Mission``; only columns the reader reads are warned about
    (the setting and value columns of ``Mission``, past a margin: :func:`_margin`)."""
    from openpyxl.utils.cell import range_boundaries

    rows = raw.rows
    if not rows:
        return
    if key == "mission":
        # the first setting: titles and the header are above it (past a margin)
        blank = _margin(rows)
        named = (
            i for i, r in enumerate(rows)
            if len(r) > blank and normalize_name(_text(r[blank])) in _SETTING_KEYS
        )  # fmt: skip
        first = next(named, len(rows))
        read: set[int] = {blank, blank + 1}
    else:
        spec = _spec(key)
        keys = _alias_map((c.name, c.aliases) for c in spec.columns)
        at = _header_index(rows, keys)
        first = len(rows) if at is None else at + 1
        read = {
            pos for pos, cell in enumerate(rows[at] if at is not None else ())
            if normalize_name(_text(cell)) in keys
        }  # fmt: skip
    filled = {i for i in range(first, len(rows)) if not all(map(_is_blank, rows[i]))}
    ranges: list[tuple[int, int, int, int, str]] = []
    for ref in merged:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (TypeError, ValueError):
            continue
        if None not in (min_col, min_row, max_col, max_row) and max_row > min_row:
            ranges.append((min_row, min_col, max_row, max_col, ref.upper()))  # type: ignore[arg-type]
    told: list[tuple[str, str, list[int]]] = []  # (range, value, rows), for the warnings
    for min_row, min_col, max_row, max_col, ref in sorted(ranges):
        top_row, left = min_row - 1, min_col - 1
        if top_row not in filled:
            continue
        value = rows[top_row][left] if left < len(rows[top_row]) else None
        if _is_blank(value):
            continue
        on = [i for i in range(top_row, max_row) if i in filled]
        for i in on:
            if len(rows[i]) < max_col:
                rows[i].extend([None] * (max_col - len(rows[i])))
            rows[i][left:max_col] = [value] * (max_col - left)
        if len(on) > 1 and read.intersection(range(left, max_col)):
            told.append((ref, _text(value), [i + 1 for i in on]))
    for ref, text, nums in told[:MERGED_WARNINGS]:
        log.warning(
            "%s, sheet %s: cells %s are merged; %r is read on each of rows %s",
            raw.file, raw.name, ref, text, _row_spans(nums),
        )  # fmt: skip
    if len(told) > MERGED_WARNINGS:
        log.warning(
            "%s, sheet %s: %d more merged ranges, down to %s, are read the same way: the "
            "value on each of their rows",
            raw.file, raw.name, len(told) - MERGED_WARNINGS, told[-1][0],
        )  # fmt: skip
    shown = [r for r in hidden if r - 1 in filled]
    if shown:
        rows_are = f"rows {_row_spans(shown)} are" if len(shown) > 1 else f"row {shown[0]} is"
        they = "they are" if len(shown) > 1 else "it is"
        advice = (
            "delete the settings that should not be read"
            if key == "mission"
            else "delete the rows of companies that left"
        )
        log.warning(
            "%s, sheet %s: %s hidden (a filter, or hidden by hand); %s read like the "
            "others: %s",
            raw.file, raw.name, rows_are, they, advice,
        )  # fmt: skip
    # Hidden columns that are read and hold values: said too (an other-apps tester: a
    # hidden max_meetings column was read without a word)
    columns = [
        n for n in hidden_columns
        if n - 1 in read and any(n - 1 < len(rows[i]) and not _is_blank(rows[i][n - 1])
                                 for i in filled)
    ]  # fmt: skip
    if columns:
        from openpyxl.utils.cell import get_column_letter

        log.warning(
            "%s, sheet %s: column%s %s %s hidden; %s read like the others",
            raw.file, raw.name, "s" if len(columns) > 1 else "",
            ", ".join(get_column_letter(n) for n in columns),
            "are" if len(columns) > 1 else "is", "they are" if len(columns) > 1 else "it is",
        )  # fmt: skip


#: Error values a spreadsheet program stores in a cell (pandas reads them as blank),
#: and the text Excel writes for them into a CSV file, which is in the language of its
#: locale: French (``#VALEUR!``, ``#NOM?``, a Casablanca office's tester) and German.
EXCEL_ERRORS = frozenset(
    {"#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
     # French
     "#VALEUR!", "#NOM?", "#NOMBRE!", "#NUL!", "#PROPAGATION!",
     # German
     "#NV", "#WERT!", "#BEZUG!", "#ZAHL!", "#ÜBERLAUF!"}
)  # fmt: skip


def _error_message(value: object) -> str:
    return (
        f"the cell holds the error {value} (a formula that failed?): correct it, or type the value"
    )


def _csv_error_cells(raw: _RawSheet, key: str) -> list[tuple[int, str, str]]:
    """The cells of a CSV file's read columns that hold an Excel error value, which
    Excel writes into a CSV file as text (``#N/A``, French ``#VALEUR!``): (row, column,
    message), the column as its header is written (else its letter), as
    :func:`_unreadable_cells` gives them for a workbook. Each such cell is made blank:
    read as text, a failed lookup's ``#REF!`` went out as the venue in every agenda (a
    French-locale tester). Only a whole cell equal to an error value, spaces aside."""
    spec = _spec(key)
    known = _alias_map((c.name, c.aliases) for c in spec.columns)
    rows = raw.rows
    if key == "mission":
        at = next((i for i, r in enumerate(rows[:HEADER_SEARCH_ROWS]) if _mission_header(r)), None)
        start = 0
    else:
        at = _header_index(rows, known)
        start = 0 if at is None else at + 1
    header = {} if at is None else {
        j: _header_label(v) for j, v in enumerate(rows[at]) if not _is_blank(v)
    }
    found: list[tuple[int, str, str]] = []
    for i in range(start, len(rows)):
        for j, value in enumerate(rows[i]):
            if not isinstance(value, str) or value.strip() not in EXCEL_ERRORS:
                continue
            label = header.get(j)
            if key == "mission":
                if j > 1:
                    continue
            elif header and (not label or normalize_name(label) not in known):
                continue
            found.append((i + 1, label or _column_letter(j), _error_message(value.strip())))
            rows[i][j] = ""
    return found


#: In a workbook's XML: a formula element (``<f>``, ``<f t="shared" .../>``, a prefixed
#: ``<x:f>``) or a cell of type error (``t="e"``).
_FORMULA_OR_ERROR = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?f[\s/>]|\bt\s*=\s*["\']e["\']')
#: Parts of a workbook no cell value is in (``#`` is common there: ``#,##0``; VML
#: colours), by name, lowercased: every other part is looked at, whatever its name
#: (openpyxl finds sheets through the relationships, not by name: a sheet stored as
#: ``sheet2.XML`` or without an extension was skipped; a second reader).
_NOT_CELLS = re.compile(
    r"(^|/)(styles|theme\d*)\.xml$|^docprops/|^\[content_types\]\.xml$"
    r"|\.(rels|bin|vml|png|jpe?g|gif|bmp|tiff?|emf|wmf|svg)$"
)


def _may_hold_unreadable(path: Path) -> bool:
    """Whether :func:`_unreadable_cells` could find anything: ``False`` only when no
    part of the workbook that may hold cell values (any but :data:`_NOT_CELLS`) has a
    formula, an error cell, or a ``#`` at all (every error value starts with one;
    ``&#35;`` has one too), read from its zip as bytes. Opening the workbook twice
    more took half of a trade fair's roster reading (about 2.5 s of 5; a no-op cron
    run's 17 s in all). A UTF-16 part, or a zip that does not read, is scanned as
    before."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.is_dir() or _NOT_CELLS.search(info.filename.lower()):
                    continue
                data = archive.read(info)
                if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:200]:
                    return True  # UTF-16: the byte patterns do not apply
                if b"#" in data or _FORMULA_OR_ERROR.search(data):
                    return True
    except Exception:  # noqa: BLE001 - the full scan says what it finds, or fails as before
        return True
    return False


def _unreadable_cells(path: Path, keys: Mapping[str, str]) -> list[tuple[str, int, str, str]]:
    """Cells of the roster's sheets and columns that would silently read as blank:
    (sheet, row, column, message); the column as its header is written (the sheet's
    header row, :func:`_header_index`), else its letter.

    * a formula without a cached value: values are read from the cache a spreadsheet
      program stores beside each formula, and a workbook written by a program that
      does not compute formulas has none. A cached empty string is a value, read as a
      blank cell: ``=IF(A5="","",A5)`` filled down a column, saved by Excel as
      ``<c t="str"><f>…</f><v></v></c>``, was refused row by row (a tester). openpyxl
      reads that ``<v>`` as ``None`` too, and its own writer leaves an empty ``<v/>``
      beside a formula it did not compute, so neither the value nor the element tells
      them apart; the cell's type does: ``t="str"`` (a formula's text result, kept as
      the value's ``data_type``) is written by a program that computed the formula;
    * an error value (``#N/A`` from a failed lookup, ``#REF!``).

    Sheets and columns the reader ignores (instructions, notes) are not looked at;
    ``keys`` maps each roster sheet's title to its key (:func:`_sheet_keys`).
    """
    import openpyxl

    found: list[tuple[str, int, str, str]] = []
    if not _may_hold_unreadable(path):
        return found
    with warnings.catch_warnings():  # "no default style" of other programs' files
        warnings.simplefilter("ignore")
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
    specs = {spec.key: spec for spec in SHEETS}
    try:
        for ws in formulas.worksheets:
            spec = specs.get(keys.get(ws.title, ""))
            if spec is None:
                continue
            known = _alias_map((c.name, c.aliases) for c in spec.columns)
            # A sheet's <dimension> as another program wrote it (or none) is not
            # trusted: a wrong one hid error values, read as blanks (an other-apps
            # tester; pandas resets it for the values)
            for sheet in (ws, values[ws.title]):
                if hasattr(sheet, "reset_dimensions"):
                    sheet.reset_dimensions()
            f_rows = list(ws.iter_rows())
            v_rows = list(values[ws.title].iter_rows())
            header: dict[int, str] = {}
            start = 0
            plain = _unescaped([[getattr(c, "value", None) for c in r] for r in v_rows])
            blank = 0  # the Mission sheet's margin (_margin)
            if spec.key == "mission":  # its header: known words (titles above it)
                blank = _margin(plain)
                at = next((i for i, r in enumerate(plain[:HEADER_SEARCH_ROWS])
                           if _mission_header(r[blank:])), None)  # fmt: skip
            else:  # the header row the reader takes (title rows above)
                at = _header_index(plain, known)
                start = 0 if at is None else at + 1
            if at is not None:
                header = {  # as the reader reads them (a header over two lines, a reader)
                    c.column: _header_label(decode_breaks(_text(c.value)))
                    for c in v_rows[at]
                    if hasattr(c, "column") and not _is_blank(c.value)
                }
            for f_row, v_row in zip(f_rows[start:], v_rows[start:], strict=False):
                for f_cell, v_cell in zip(f_row, v_row, strict=False):
                    if not hasattr(f_cell, "column"):
                        continue
                    label = header.get(f_cell.column)
                    if spec.key == "mission":
                        if f_cell.column > blank + 2:
                            continue
                    elif header and (not label or normalize_name(label) not in known):
                        continue
                    column = label or openpyxl.utils.get_column_letter(f_cell.column)
                    if (
                        getattr(f_cell, "data_type", None) == "f"
                        and v_cell.value is None
                        and getattr(v_cell, "data_type", None) != "str"
                    ):
                        found.append((ws.title, f_cell.row, column, (
                            f"the formula {f_cell.value} has no computed value (the file was "
                            "not saved by a spreadsheet program); open and save it in Excel, "
                            "or type the value"
                        )))  # fmt: skip
                    elif getattr(v_cell, "data_type", None) == "e" or (
                        isinstance(v_cell.value, str) and v_cell.value in EXCEL_ERRORS
                    ):
                        found.append((ws.title, f_cell.row, column, _error_message(v_cell.value)))
    finally:
        formulas.close()
        values.close()
    return found


def _guess_separator(lines: Sequence[str], key: str) -> str:
    """The separator of a CSV file of sheet ``key`` from its first non-empty lines: the
    one under which a line names two of the sheet's columns (``Mission``: under which
    most lines start with a setting), so that neither a title line above the header
    nor a comma in a value (``Kenya, Nairobi 2025``, ``10:30-10:45, 12:30-14:00``)
    decides it; else the one that occurs most in the first line holding one."""
    seps = (",", ";", "\t")
    spec = next((s for s in SHEETS if s.key == key), None)
    keys = _alias_map((c.name, c.aliases) for c in spec.columns) if spec else {}

    def score(sep: str) -> int:
        rows = list(csv.reader(lines, delimiter=sep))
        if key == "mission":
            return sum(len(r) > 1 and normalize_name(r[0]) in _SETTING_KEYS for r in rows)
        named = [len({keys.get(normalize_name(c)) for c in r} - {None}) for r in rows]
        return max(named, default=0) if max(named, default=0) >= 2 else 0

    best = max(seps, key=score)  # ties: ',' first
    if score(best):
        return best
    header = next((ln for ln in lines if any(c in ln for c in seps)), "")
    return max(seps, key=header.count)


#: The files of a roster folder that are read as sheets: Excel's "Unicode text" saves a
#: tab-separated .txt (a second reader found one ignored).
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")


#: The files a download or a save in progress keeps in a folder: Firefox's
#: ``Requests.csv.part``, Chrome's and Edge's ``Unconfirmed 123456.crdownload`` (and
#: Chrome's hidden ``.com.google.Chrome.…`` on Linux and macOS), Safari's ``.download``,
#: the ``.tmp`` file a program writes before renaming it over the file it saves, and
#: rsync's hidden ``.Requests.csv.a1B2c3`` of a copy onto the share.
_IN_PROGRESS = re.compile(
    r"(?is).+\.(part|partial|crdownload|download|tmp)"
    r"|\.com\.google\.chrome\..+"
    r"|\..+\.(csv|txt|tsv)\.[a-z0-9]{6}"
)


def _in_progress(name: str) -> bool:
    """Whether a file of a roster folder is one of a download or a save in progress
    (:data:`_IN_PROGRESS`): read beside it, the roster was planned without the sheet
    being downloaded, exit 0 (a CSV-folder tester). Office's lock files are not: they
    say a file is open in a program, read as last saved, as a workbook's are."""
    return bool(_IN_PROGRESS.fullmatch(name))


def _workbooks_in(folder: Path) -> list[str]:
    """The names of the spreadsheet workbooks in a folder (not Office's lock files),
    the agendas ``plan`` wrote there left out: the hint gave ``agenda.xlsx``, first in
    alphabetical order, for the roster (a second reader)."""
    try:
        found = sorted(
            p
            for p in folder.iterdir()
            if p.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
            and not p.name.startswith(("~$", "."))
            and p.is_file()
        )
    except OSError:
        return []
    return [p.name for p in found if not _agenda_sheets(p)]


def _agenda_sheets(path: Path) -> bool:
    """Whether a workbook has an agenda's ``Summary`` and ``Meetings`` sheets (a hint
    only: :func:`_is_agenda` reads them)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return False
    try:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        try:
            return {AGENDA_SUMMARY, AGENDA_MEETINGS} <= set(book.sheetnames)
        finally:
            book.close()
    except Exception:  # not a workbook after all: the hint names it
        return False


def _text_file(raw: _RawSheet) -> bool:
    """Whether a sheet came from a file of a roster folder (its columns are fields)."""
    return raw.file.lower().endswith(TEXT_SUFFIXES)


#: Excel's separator line (``sep=;``), first in a CSV file: Excel reads it as the
#: separator and does not show it.
_SEP_LINE = re.compile(r"sep=([^\n])[ ]*", re.IGNORECASE)


#: How a roster file caught while it is being saved ends its message: as a workbook's
#: does (``io.agenda.tables.why_unopenable``), the next run of cron reading it whole.
_WHILE_SAVED = (
    "a file caught while it is being saved (from Excel, a sync, a copy, a download) "
    "reads so, and the next run reads it whole"
)


class _BeingSaved(ValueError):
    """A roster's CSV file caught while it is being saved: the whole roster is refused
    (exit 2, the agenda left as it was), as a workbook caught so is; ``row``: where it
    looks cut off, if anywhere. Read as it was, an emptied Requests.csv re-planned
    without its rows, from cron with exit 0 (a CSV-folder tester)."""

    def __init__(self, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.row = row


def _read_csv(path: Path, key: str = "") -> _RawSheet:
    data = path.read_bytes()
    if not data:
        # A save that truncates, then writes, caught between the two: Requests.csv
        # of 0 bytes planned 471 meetings of 512, without a word (a CSV-folder tester).
        # A sheet with no rows keeps its header row.
        raise _BeingSaved(
            f"the file is empty (0 bytes): {_WHILE_SAVED}; if it stays so, save this sheet "
            "again as CSV (with its header row, even with no row under it)"
        )
    # (a workbook or an old .xls under a CSV file's name holds NULs too: :func:`_decode`
    # says what it is)
    binary = data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0"))
    nul = None if binary else _NUL_RUN.search(data)
    if nul:
        # A sync client or a copy writes the file's length first, then its bytes: caught
        # mid-write, the rest is NUL, and Exporters.csv lost its last exporter, its
        # wishes "unknown company" in every other sheet (a CSV-folder tester).
        raise _BeingSaved(
            f"the file holds {len(nul[0])} NUL bytes from this row on, where its text "
            "should be: it looks cut off while it was being saved; "
            f"{_WHILE_SAVED}; if it stays so, save this sheet again as CSV",
            _row_of(data, nul.start()),
        )
    text = _decode(data, str(path))
    first, _, rest = text.partition("\n")
    declared = _SEP_LINE.fullmatch(first)
    if declared:
        # Read as a title row: a warning on every file, and rows numbered one past
        # Excel's (a tester).
        text = rest
    lines = [line for line in text.splitlines() if line.strip()][:HEADER_SEARCH_ROWS]
    sep = declared.group(1) if declared else _guess_separator(lines, key)
    cut = _cut_last_row(text, sep)
    if cut is not None:
        row, fields, width = cut
        raise _BeingSaved(
            f"this last row has {fields} field{'s' if fields != 1 else ''} where the header "
            f"and every other row have {width}, and no line end: it looks cut off while "
            f"the file was being saved; {_WHILE_SAVED}; if it stays so, save this sheet "
            "again as CSV (or, if the row is whole as typed, end it with a line end)",
            row,
        )
    width = max((len(r) for r in csv.reader(io.StringIO(text), delimiter=sep)), default=0)
    if width == 0:
        return _RawSheet(path.stem, str(path), [])
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            names=list(range(width)),
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="python",
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        found = _csv_error_row(text, sep)
        if found is None:
            raise
        row, line = found
        if _cut_in_a_quote(text, sep, line):
            raise _BeingSaved(
                "this last row opens a value with a double quote and stops before closing "
                "it, with no line end: it looks cut off while the file was being saved; "
                f"{_WHILE_SAVED}; if it stays so, save this sheet again as CSV (or, if the "
                "row is whole as typed, end its value with a double quote)",
                row,
            ) from None
        raise _CsvRowError(row, line + (1 if declared else 0), str(exc)) from None
    raw = _RawSheet(path.stem, str(path), _frame_rows(frame), sep=sep)
    if key == "mission":
        _without_margin(raw)  # a leading empty field on every line, as a workbook's margin
    return raw


#: A run of NUL bytes no text holds, in any encoding read (a UTF-16 file's text has
#: no two NUL characters in a row; a stray NUL in a UTF-8 file is read as before).
_NUL_RUN = re.compile(rb"\x00{4,}")


def _row_of(data: bytes, at: int) -> int:
    """The row (as Excel numbers it: a value over several lines one row, a ``sep=``
    line aside) on which byte ``at`` of a CSV file's bytes stands."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        at += at % 2  # a UTF-16 character whole: '\n\x00' ends a line
    head = data[:at]
    try:
        before = _decode(head) if head else ""
    except Exception:  # noqa: BLE001 - a row for a message: lines of bytes will do
        before = head.decode("latin-1").replace("\r\n", "\n").replace("\r", "\n")
    first, _, rest = before.partition("\n")
    if _SEP_LINE.fullmatch(first) and "\n" in before:
        before = rest
    line = before.partition("\n")[0]
    sep = max((",", ";", "\t"), key=line.count)
    try:
        rows = sum(1 for _ in csv.reader(io.StringIO(before), delimiter=sep))
    except csv.Error:
        rows = before.count("\n") + 1
    return rows + (1 if not before or before.endswith("\n") else 0)


def _cut_last_row(text: str, sep: str) -> tuple[int, int, int] | None:
    """A file's last row cut off while it was being saved: ``(row, its fields, the
    header's)`` when the text ends with no line end on a row with fewer fields than
    the header, while every other row has the header's (as Excel and Google Sheets
    write every row). Read as it was, the last exporter of Exporters.csv was planned
    with 'Kar' for its contact, its wishes lost, exit 0 (a CSV-folder tester). A last
    row with all its fields and no line end is whole (a file typed in an editor); so
    is a short one in a file whose rows are not all alike."""
    if not text or text.endswith("\n"):
        return None
    try:
        # strict: a quote left open on an earlier row swallowed the rest of the file
        # into one short row, called "this last row … cut off" (a helper); it is told
        # as the quote it is, by the reader
        rows = list(csv.reader(io.StringIO(text), delimiter=sep, strict=True))
    except csv.Error:
        return None
    filled = [(n, len(r)) for n, r in enumerate(rows, start=1) if r]
    if len(filled) < 3 or filled[-1][0] != len(rows):  # a header, a row, the last
        return None
    width = filled[0][1]
    *whole, (row, fields) = filled
    if width < 2 or fields >= width or any(n != width for _, n in whole):
        return None
    return row, fields, width


def _cut_in_a_quote(text: str, sep: str, line: int) -> bool:
    """Whether a file's row the CSV reader refuses, starting on line ``line``, is its
    last line cut off inside a quoted value while it was being saved: the text ends
    with no line end on that line, which reads once its value is closed. Exporters.csv
    caught so, its last exporter's wishes ending '"KE-063; …; K', said "cannot read row
    22 … a value opened with a double quote must end with one", as a typing error, where
    a short last line said it looked cut off (a CSV-folder tester). A quote left open on
    an earlier line, its value over the lines below, is told as before: a value over
    several lines and a quote never closed cannot be told apart."""
    if text.endswith(("\n", "\r")) or line != text.count("\n") + 1:
        return False
    try:
        list(csv.reader([text.rpartition("\n")[2] + '"'], delimiter=sep, strict=True))
    except csv.Error:  # refused for another reason ('"a"b': a quote inside a value)
        return False
    return True


class _CsvRowError(ValueError):
    """A CSV row the parser cannot read: its row as Excel numbers it (a ``sep=`` line
    aside, a value over several lines one row) and the file's line it starts on (the
    message had neither: "',' expected after '\"'"; a fuzzer)."""

    def __init__(self, row: int, line: int, reason: str) -> None:
        super().__init__(
            f"the row starting at line {line} of the file cannot be read ({reason}): a "
            'double quote inside a value must be doubled ("") and the value put in double '
            "quotes, and a value opened with a double quote must end with one"
        )
        self.row = row


def _csv_error_row(text: str, sep: str) -> tuple[int, int] | None:
    """The row (1 for the first) and the line it starts on of the first row a strict
    CSV reader refuses, if any."""
    reader = csv.reader(io.StringIO(text), delimiter=sep, strict=True)
    row, start = 1, 1
    while True:
        try:
            next(reader)
        except StopIteration:
            return None
        except csv.Error:
            return row, start
        row, start = row + 1, reader.line_num + 1


def _rows_filled(raw: _RawSheet, header: int) -> int:
    """How many rows below the header row (index ``header``) hold something."""
    return sum(any(not _is_blank(c) for c in row) for row in raw.rows[header + 1 :])


def _warn_title_rows(raw: _RawSheet, header_row: int, first_row: int, first: Sequence) -> None:
    """Say that the rows above a sheet's header (titles) are not read."""
    log.warning(
        "%s, sheet %s: the header is row %d; the rows above it are ignored (row %d says %r)",
        raw.file,
        raw.name,
        header_row,
        first_row,
        next(_text(c) for c in first if not _is_blank(c)),
    )
