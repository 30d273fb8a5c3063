"""Writing any workbook: cells kept as text (never formulas), workbook-safe text, the
header style of a table sheet, and reproducible (byte-for-byte) serialisation.
"""

from __future__ import annotations

import io
import math
import re
import warnings
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from enum import Enum

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from asmex_sched.io.agenda.layout import _hhmm, _yes_no

#: Fixed timestamps so that two writes of the same agenda are byte-identical.
_FIXED_DATETIME = datetime(2000, 1, 1, 0, 0, 0)
_ZIP_DATE_TIME = (2000, 1, 1, 0, 0, 0)

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill(fill_type="solid", start_color="DDEBF7", end_color="DDEBF7")


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
        # Stored, not compressed: the entries are compressed once, when re-packed.
        ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED)).save()
    out = io.BytesIO()
    raw.seek(0)  # read in place: stored, it is the XML's whole size (20 MB, a trade fair)
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
