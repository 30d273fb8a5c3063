"""The roster reader's state, and how it records a problem.

The reader (:class:`~asmex_sched.io.roster.reader._RosterReader`) is this state and
the parts that read it, each a mixin of one concern in its own module: the sheets
found (:mod:`.sheets`), what was left unread (:mod:`.unread`), the Mission sheet
(:mod:`.mission`), the companies, their wishes and the Requests sheet
(:mod:`.companies`), the Unavailability and Fixed sheets (:mod:`.dated`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from asmex_sched.domain import Company, Request, Side, Unavailability
from asmex_sched.errors import Problem
from asmex_sched.io.roster.cells import _Bad, parse_date
from asmex_sched.io.roster.raw import _RawSheet, _Row, _Table
from asmex_sched.io.roster.specs import _EXCEL_EPOCH, SheetSpec
from asmex_sched.io.text_files import normalize_name


@dataclass(frozen=True)
class _Entry:
    """A company as referenced: its id, side and where it is defined."""

    cid: str
    side: Side
    sheet: str
    row: int


class _ReaderBase:
    """The reader's state: what was read so far, and the problems found."""

    def __init__(self, path: Path, now: datetime | None = None) -> None:
        self.path = path
        #: the run's now, if it is given one (naive: in the mission's timezone; aware:
        #: converted), for a Fixed row's problem at a time already past (:meth:`held`)
        self.now = now
        self.clock_notes: list[Unavailability] = []  # :meth:`clock_changes`
        self.first_day_iso = False
        self.first_day_text = False  # first_day typed as text, not year first
        self.file = str(path)
        self.problems: list[Problem] = []
        self.sheets: dict[str, _RawSheet] = {}
        self.settings: dict[str, Any] = {}
        self.mission_ok = True
        self.mission_raw: _RawSheet | None = None
        self.exporters: list[Company] = []
        self.buyers: list[Company] = []
        self.index_id: dict[str, _Entry] = {}
        self.index_name: dict[str, _Entry] = {}
        self.names: dict[str, str] = {}  # company id -> name, for suggestions
        self.off_days: list[date] = []  # dates of other sheets that are no mission day
        self.dated_rows = 0  # rows of Unavailability and Fixed with a date read
        self.mission_rows: dict[str, int] = {}
        #: the company sheets' headers as typed, by sheet key (:meth:`column_named`)
        self.headers: dict[str, dict[str, str]] = {}
        #: each setting's name as typed in the Mission sheet, by key (:meth:`setting`)
        self.mission_names: dict[str, str] = {}
        self.mission_labels: tuple[str, str] = ("setting", "value")
        self.ambiguous: set[str] = set()  # keys claimed twice, or broken rows (reported)
        #: another company's id typed again: (its name, sheet, row, as typed, its side),
        #: whose own id is likely what a reference left unknown meant (suggest)
        self.twice: list[tuple[str, str, int, str, Side]] = []
        #: unknown company references: key -> [(as written, sheet)] (withdrawn_hint)
        self.unknown: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
        #: the problems of those references, and the company sheets without an id
        #: column (no_id_column_hint)
        self.unknown_problems: list[tuple[Problem, str]] = []
        self.no_id_sheets: list[tuple[_Table, Side]] = []
        self.slipped: set[tuple[str, int]] = set()  # (sheet, column): slipped_headers
        self.epoch = _EXCEL_EPOCH  # the workbook's date system (_workbook_epoch)
        self.formula_cells: set[tuple[str, int, str]] = set()  # (sheet, row, header): reported
        self.loose_columns: list[tuple[_RawSheet, _Table, int, list[tuple[int, object]]]] = []
        #: CSV rows with values past the header's last column: (file, sheet, row) ->
        #: (the sheet, the row's fields, the header's), for :meth:`split_rows`
        self.wide_rows: dict[tuple[str, str, int], tuple[_RawSheet, int, int]] = {}
        #: company-sheet columns under unknown headers, when there is no wishes column
        self.unread_columns: list[tuple[_RawSheet, str, list[tuple[int, object]]]] = []
        #: sheets under no roster name that nothing was said of (unread_sheets)
        self.unread_sheets: list[_RawSheet] = []
        #: both company sheets readable: unknown references are errors
        self.complete = True
        #: company rows whose id (or, without one, name) did not read, a formula
        #: without a value or an error value: (side, sheet, row, column as typed), said
        #: with the unknown references that may mean them (:meth:`unread_id_hint`)
        self.unread_ids: list[tuple[Side, str, int, str]] = []
        #: the Exporters sheet missing or with problems: their delegates' total, the
        #: default ``tables``, is unknown (:meth:`read_fixed`)
        self.exporters_unsure = False
        self.requests: dict[tuple[str, str], Request] = {}
        self.unavailability: list[Unavailability] = []
        #: the Unavailability sheet's rows read: (block, sheet, row, participant as
        #: typed), for the problems of a Fixed row at a time they close (fixed_away)
        self.unavailability_rows: list[tuple[Unavailability, str, int, str]] = []

    def add(
        self,
        message: str,
        table: _Table | _RawSheet | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        file = table.file if table is not None else self.file
        sheet = table.name if table is not None else None
        if isinstance(table, _Table) and column is not None:
            column = table.header.get(column, column)
        self.problems.append(Problem(file, message, sheet, row, column))

    def setting(self, key: str) -> str:
        """A Mission setting as a message names it: as typed in the sheet, its key after
        it when that reads otherwise (``Premier jour (first_day)``, the key the docs
        list it under), the key alone when it is not typed. ``first_day: '10/11' is not
        a date`` was said of a French sheet's ``Premier jour`` (a French coordinator's
        tester; docs/roster.md, "Problems": names as written in the file)."""
        typed = self.mission_names.get(key, "")
        if not typed or normalize_name(typed) == normalize_name(key):
            return typed or key
        return f"{typed} ({key})"

    def sheet_named(self, spec: SheetSpec) -> str:
        """A sheet as a message names it: as typed in the roster (``Indisponibilités``),
        its English name when the roster has none (a French coordinator's tester: "the
        Unavailability sheet" was said of a French roster's)."""
        raw = self.sheets.get(spec.key)
        return raw.name if raw is not None else spec.name

    def column_named(self, spec: SheetSpec, column: str) -> str:
        """A company sheet's column as a message elsewhere names it: as typed
        (``Rendez-vous max``), the canonical name when not read (a French coordinator's
        tester: "its max_meetings" was said of a French roster's)."""
        return self.headers.get(spec.key, {}).get(column, column)

    def require(self, message: str, table: _Table, row: _Row, column: str) -> None:
        """A blank required cell; not repeated on every row when the whole column is
        missing (that is one problem, already reported by :meth:`table`)."""
        if column in table.header and (
            (table.name, row.num, table.header[column]) not in self.formula_cells
        ):
            self.add(message, table, row.num, column)

    def cell(
        self,
        table: _Table,
        row: _Row,
        column: str,
        parse: Callable[[object], Any],
        default: Any = None,
    ) -> Any:
        """Parse a cell; blank -> ``default``; a bad value is recorded and gives ``None``."""
        if row.blank(column):
            return default
        try:
            return parse(row.get(column))
        except _Bad as exc:
            self.add(str(exc), table, row.num, column)
            return None

    def parse_date(self, value: object) -> date:
        """:func:`parse_date` in the workbook's date system."""
        return parse_date(value, self.epoch)
