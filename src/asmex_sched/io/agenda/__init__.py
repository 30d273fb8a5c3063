"""The agenda workbook: the output contract, written and read back.

One ``.xlsx`` workbook, styled for people (frozen headers, filters, column
widths, one colour per sector) and stable for programs (fixed sheet names,
fixed column names, dates and times as text). ``docs/agenda.md`` is the
reference; the constants of :mod:`.layout` are the single source of the sheet and
column names.

:func:`write_agenda` writes it (atomically, byte-for-byte reproducible) and
:func:`read_agenda` reads it back into a :class:`~asmex_sched.domain.Agenda`,
which is enough for reports and re-planning. Only this package knows the layout.

The package, one concern a module:

- :mod:`.layout`: the sheet and column names, the Mission sheet's settings, the sector
  palette, the agenda format (``AGENDA_FORMAT``), and the text forms of days, times
  and yes/no that the writer writes and the reader reads back;
- :mod:`.history`: the history copies ``plan`` keeps beside an agenda;
- :mod:`.workbook`: any workbook written: cells as text (never formulas), workbook-safe
  text, a table sheet's header style, reproducible bytes (``workbook_bytes``, shared
  by every workbook the project writes);
- :mod:`.write`: the agenda's sheets written, one function each, and ``write_agenda``;
- :mod:`.cells`: one cell read back, its text and its value parsed;
- :mod:`.tables`: the workbook opened, its sheets read as header-row tables, every
  problem located and collected;
- :mod:`.sheets`: one reader per sheet;
- :mod:`.comments`: the cells holding a comment, found in the workbook's zip (the
  read-only mode the sheets are read in does not load them);
- :mod:`.read`: ``read_agenda``, ``read_agenda_summary``, ``mission_as_read`` and
  ``mission_written_text``.
"""

from asmex_sched.io.agenda.history import HISTORY_DIR, HISTORY_STAMP, history_copies
from asmex_sched.io.agenda.layout import (
    AGENDA_FORMAT,
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
    MISSION_SETTINGS,
    SECTOR_PALETTE,
    SUMMARY,
    SUMMARY_COLUMNS,
    UNAVAILABILITY,
    UNAVAILABILITY_COLUMNS,
    UNSCHEDULED,
    UNSCHEDULED_COLUMNS,
    day_sheet_name,
    newer_format,
)
from asmex_sched.io.agenda.read import (
    mission_as_read,
    mission_written_text,
    read_agenda,
    read_agenda_summary,
)
from asmex_sched.io.agenda.tables import why_unopenable
from asmex_sched.io.agenda.workbook import workbook_bytes, xml_safe
from asmex_sched.io.agenda.write import mission_rows, sector_colours, write_agenda

__all__ = [
    "AGENDA_FORMAT",
    "AS_WRITTEN",
    "BUYERS",
    "CHANGES",
    "CHANGES_COLUMNS",
    "COMPANY_COLUMNS",
    "EXPORTERS",
    "HISTORY_DIR",
    "HISTORY_STAMP",
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
    "history_copies",
    "mission_as_read",
    "mission_written_text",
    "mission_rows",
    "newer_format",
    "read_agenda",
    "read_agenda_summary",
    "sector_colours",
    "why_unopenable",
    "workbook_bytes",
    "write_agenda",
    "xml_safe",
]
