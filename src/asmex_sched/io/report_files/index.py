"""The run's index for a mail merge: one :class:`CompanyFiles` row per company written,
as ``index.csv`` (formulas neutralised) and ``index.xlsx``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook

from asmex_sched.io.report_files.ics import _one_line
from asmex_sched.io.report_files.workbook import _table_sheet, _workbook_bytes

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


def index_xlsx_bytes(rows: Sequence[CompanyFiles]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Index"
    _table_sheet(ws, INDEX_COLUMNS, _index_rows(rows))
    return _workbook_bytes(wb, "Agenda files")
