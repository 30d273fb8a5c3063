"""What every workbook ``report`` writes shares (a company's agenda, ``index.xlsx``,
``summary.xlsx``): the styles, cells written as text (never formulas), a table sheet,
and reproducible bytes with the project's document properties.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from asmex_sched.io.agenda import workbook_bytes, xml_safe

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_SECTION = Font(bold=True, size=12)
_HEADER_FILL = PatternFill(fill_type="solid", start_color="DDEBF7", end_color="DDEBF7")
_WRAP = Alignment(vertical="top", wrap_text=True)
_DAY_BORDER = Border(top=Side(style="thin", color="808080"))


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


def _workbook_bytes(
    wb: Workbook, title: str, stamp: datetime | None = None, lang: str | None = None
) -> bytes:
    """Serialise ``wb`` reproducibly, with our document properties (dated ``stamp``,
    the plan's time, as the PDFs are; in ``lang``, ``fr`` or ``en``, as its text: a
    company's workbook said no language while its PDF did, docs/report.md having them
    the same; a tester)."""
    props = wb.properties
    props.creator = "asmex-sched"
    props.title = xml_safe(title)  # as every cell (the mission's name)
    props.lastModifiedBy = None
    props.language = lang
    return workbook_bytes(wb, stamp)


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
