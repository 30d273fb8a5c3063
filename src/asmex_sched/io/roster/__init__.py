"""Read a roster (an ``.xlsx`` workbook or a folder of ``.csv`` files) into an Instance.

The contract is documented in ``docs/roster.md``. Every cell is read as raw text
or raw Excel value (``dtype=object``, no NA guessing) and parsed here, so that
every message names the file, sheet, row and column the user sees. All problems
are collected and raised together as one :class:`~asmex_sched.errors.InputError`.

The package, in reading order:

- :mod:`.specs`: the sheets, columns and Mission settings (public: the template
  writer, :mod:`asmex_sched.io.template`, builds its sheets and instructions from
  them, so the template and the reader cannot drift apart), and the limits on values;
- :mod:`.cells`: one cell's words and value (names folded, dates, times, numbers);
- :mod:`.raw`: the workbook or CSV files read as rows, the header row found;
- :mod:`.reader`: every sheet read into the domain's ``Instance``, every problem kept:
  the reader's state (:mod:`.state`) and its parts, one concern each: the sheets found
  (:mod:`.sheets`), the Mission sheet (:mod:`.mission`), the companies, their wishes
  and requests (:mod:`.companies`), the Unavailability and Fixed sheets
  (:mod:`.dated`), and what was left unread, said rather than dropped (:mod:`.unread`).
"""

from asmex_sched.io.roster.cells import parse_date, parse_time, ref_key
from asmex_sched.io.roster.dated import held_off_grid
from asmex_sched.io.roster.raw import TEXT_SUFFIXES
from asmex_sched.io.roster.reader import (
    RosterHints,
    company_cells,
    mission_setting_cells,
    mission_setting_named,
    read_roster,
    read_roster_deferring_hints,
    roster_mission,
)
from asmex_sched.io.roster.specs import (
    BUYERS,
    COMPANY_COLUMNS,
    EXPORTERS,
    FIXED,
    MISSION,
    REQUESTS,
    SETTINGS,
    SHEETS,
    UNAVAILABILITY,
    ColumnSpec,
    SettingSpec,
    SheetSpec,
)
from asmex_sched.io.text_files import normalize_name

__all__ = [
    "BUYERS",
    "COMPANY_COLUMNS",
    "EXPORTERS",
    "FIXED",
    "MISSION",
    "REQUESTS",
    "SETTINGS",
    "SHEETS",
    "TEXT_SUFFIXES",
    "UNAVAILABILITY",
    "ColumnSpec",
    "SettingSpec",
    "SheetSpec",
    "company_cells",
    "held_off_grid",
    "mission_setting_cells",
    "mission_setting_named",
    "normalize_name",
    "parse_date",
    "parse_time",
    "read_roster",
    "RosterHints",
    "read_roster_deferring_hints",
    "roster_mission",
    "ref_key",
]
