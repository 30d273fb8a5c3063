"""One company's agenda as a printable one-sheet workbook
(:func:`company_xlsx_bytes`): its :func:`~asmex_sched.report.document` laid out
block by block, tables beside the meeting table spanning its columns, A4 landscape.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from asmex_sched.io.report_files.workbook import (
    _BOLD,
    _DAY_BORDER,
    _HEADER_FILL,
    _SECTION,
    _TITLE,
    _WRAP,
    _put,
    _workbook_bytes,
)
from asmex_sched.io.report_files.zone import _stamp_utc, _zone
from asmex_sched.report import CompanyAgenda, Document, document


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
    return _workbook_bytes(wb, doc.title, _stamp_utc(ca, _zone(ca.mission.timezone)), ca.lang)
