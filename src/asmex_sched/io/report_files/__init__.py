"""Per-company agenda files: xlsx, ics, pdf, plus index and organisers' summary.

:func:`write_reports` is what ``asmex-sched report`` runs: it reads the agenda
workbook (and the previous one for ``--changed-since``), asks
:mod:`asmex_sched.report` what each company must be told, and writes the files
(every one atomically, through :mod:`asmex_sched.io.atomic`). ``docs/report.md``
is the reference.

Only this package knows the file formats (openpyxl, icalendar, fpdf2). Every
output is byte-for-byte reproducible: workbook timestamps and zip entry dates
are fixed, calendar ``DTSTAMP`` comes from the agenda's ``planned_at``, PDF
dates too.

The package, one concern a module, each importing only those listed before it:

- :mod:`.zone`: the mission's time zone, the files' stamp in UTC, ``--now`` and the
  clock in mission time;
- :mod:`.options`: the formats (``FORMATS``, ``DEFAULT_FORMATS``, ``parse_formats``);
- :mod:`.workbook`: what every workbook written shares: styles, cells as text, a table
  sheet, reproducible bytes;
- :mod:`.xlsx`: a company's printable one-sheet agenda (``company_xlsx_bytes``);
- :mod:`.ics`: a company's calendar (``company_ics_bytes``, its VTIMEZONE onsets);
- :mod:`.pdf`: a company's PDF (``pdf_font``, ``company_pdf_bytes``, the cell limits);
- :mod:`.index`: ``index.csv`` and ``index.xlsx`` for a mail merge (``CompanyFiles``);
- :mod:`.summary`: the organisers' ``summary.xlsx``, and which agenda a folder last got;
- :mod:`.history`: the history copies beside the agenda read for a report;
- :mod:`.changed_since`: what ``--changed-since`` checks for the run's warnings;
- :mod:`.write`: ``write_reports`` and its ``ReportOutcome``.

The names other modules and the tests use are re-exported here (those not in
``__all__`` as ``name as name``): import them from ``asmex_sched.io.report_files``.
Each is imported on first use (:data:`_FROM`), with the module it comes from and only
that: a worker process making the companies' files (:mod:`.workers`) imports the
writers it runs, not :mod:`.write` and :mod:`.history`, which import pandas through
the agenda and roster readers (about 0.4 s and 35 MB a worker).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # (for readers and type checkers; at run time: __getattr__)
    from asmex_sched.io.report_files.history import _changes_between as _changes_between
    from asmex_sched.io.report_files.history import (
        _dropped_since_history as _dropped_since_history,
    )
    from asmex_sched.io.report_files.ics import company_ics_bytes
    from asmex_sched.io.report_files.index import INDEX_COLUMNS, CompanyFiles
    from asmex_sched.io.report_files.options import DEFAULT_FORMATS, FORMATS, parse_formats
    from asmex_sched.io.report_files.pdf import MIN_PDF_SIZE as MIN_PDF_SIZE
    from asmex_sched.io.report_files.pdf import _fitting_size as _fitting_size
    from asmex_sched.io.report_files.pdf import _guillemets_kept as _guillemets_kept
    from asmex_sched.io.report_files.pdf import company_pdf_bytes, pdf_font
    from asmex_sched.io.report_files.pdf import pdf_missing_characters as pdf_missing_characters
    from asmex_sched.io.report_files.summary import summary_xlsx_bytes as summary_xlsx_bytes
    from asmex_sched.io.report_files.write import ReportOutcome, write_reports
    from asmex_sched.io.report_files.xlsx import _lines as _lines
    from asmex_sched.io.report_files.xlsx import company_xlsx_bytes

#: Each name re-exported, and the module of the package it comes from.
_FROM = {
    "_changes_between": "history",
    "_dropped_since_history": "history",
    "company_ics_bytes": "ics",
    "INDEX_COLUMNS": "index",
    "CompanyFiles": "index",
    "DEFAULT_FORMATS": "options",
    "FORMATS": "options",
    "parse_formats": "options",
    "MIN_PDF_SIZE": "pdf",
    "_fitting_size": "pdf",
    "_guillemets_kept": "pdf",
    "company_pdf_bytes": "pdf",
    "pdf_font": "pdf",
    "pdf_missing_characters": "pdf",
    "summary_xlsx_bytes": "summary",
    "ReportOutcome": "write",
    "write_reports": "write",
    "_lines": "xlsx",
    "company_xlsx_bytes": "xlsx",
}


def __getattr__(name: str) -> Any:
    """A re-exported name, imported from its module on first use (PEP 562)."""
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_FROM})


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
