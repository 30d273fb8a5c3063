"""The organisers' ``summary.xlsx`` (:func:`~asmex_sched.report.summary_tables`), and
read back: which agenda a report folder last got (its Overview's calendar sequence).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from asmex_sched.domain import Agenda
from asmex_sched.io.report_files.workbook import _table_sheet, _workbook_bytes
from asmex_sched.io.report_files.zone import _zone
from asmex_sched.report import calendar_id, planned_at, summary_tables


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
