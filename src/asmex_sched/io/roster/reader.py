"""The roster reader: every sheet read into the domain's Instance, every problem kept.

All problems are collected and raised together as one
:class:`~asmex_sched.errors.InputError`.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from asmex_sched.domain import (
    CLOCK_CHANGE,
    Company,
    FixedMeeting,
    Instance,
    Mission,
    Request,
    RequestedBy,
    Side,
    Unavailability,
    build_slots,
    clock_change_blocks,
    fingerprint,
    wish_priority,
)
from asmex_sched.errors import InputError, Problem
from asmex_sched.io.host_calendar import (
    NO_COUNTRY,
    HostCalendar,
    country_names,
    country_of_zone,
    host_calendar,
    same_clock,
    zones_of_city,
)
from asmex_sched.io.languages import read_languages
from asmex_sched.io.roster.cells import (
    _ABSENCE_WORDS,
    _AVAILABLE_WORDS,
    _EVENT_WORDS,
    _FIXED_DATE_COLUMNS,
    _FIXED_SHEET_NAMES,
    _FIXED_TABLE_COLUMNS,
    _FIXED_TIME_COLUMNS,
    _FIXED_WORDS,
    _LENGTH_WORDS,
    _NOT_THIS_SHEET,
    _NOT_WORDS,
    _NOTE_WORDS,
    _OTHER_STATUS_WORDS,
    _PLACE_WORDS,
    _PRESENCE_WORDS,
    _PRIORITY_WORDS,
    _RECORD_WORDS,
    _SETTING_KEYS,
    _STATUS_WORDS,
    _TIME_HEADER_WORDS,
    _WISH_ROWS,
    _WISH_WORDS,
    _WORDS_RANK,
    _alias_map,
    _alias_rank,
    _article,
    _at_most,
    _Bad,
    _column_letter,
    _dates_in,
    _fmt,
    _header_index,
    _holds_time,
    _how_alike,
    _is_blank,
    _list,
    _looks_like_priority,
    _mission_header,
    _near_miss,
    _no_header,
    _not_a_mission_day,
    _not_a_slot,
    _numbered_wish,
    _parse_country,
    _parse_minutes,
    _parse_notice,
    _parse_priority,
    _parse_requested_by,
    _parse_timezone,
    _repeated_header,
    _says_when,
    _sheet_keys,
    _sheet_rank,
    _spec,
    _table_number,
    _text,
    _totals_row,
    _unopenable,
    _unpadded,
    _with_year,
    _words,
    parse_breaks,
    parse_date,
    parse_int,
    parse_time,
    ref_key,
)
from asmex_sched.io.roster.raw import (
    TEXT_SUFFIXES,
    _csv_error_cells,
    _CsvRowError,
    _fits,
    _header_columns,
    _is_agenda,
    _RawSheet,
    _read_csv,
    _read_workbook,
    _Row,
    _rows_filled,
    _sheet_meant,
    _Table,
    _text_file,
    _unreadable_cells,
    _warn_title_rows,
    _workbooks_in,
)
from asmex_sched.io.roster.specs import (
    _END_OF_DAY,
    _EXCEL_EPOCH,
    _GROUP_WORDS,
    BUYERS,
    EXPORTERS,
    FIXED,
    HEADER_SEARCH_ROWS,
    MAX_DAYS,
    MAX_DELEGATES,
    MAX_TABLES,
    REQUESTS,
    SETTINGS,
    SHEETS,
    UNAVAILABILITY,
    SheetSpec,
)
from asmex_sched.io.text_files import normalize_name

log = logging.getLogger("asmex_sched")


@dataclass(frozen=True)
class _Entry:
    """A company as referenced: its id, side and where it is defined."""

    cid: str
    side: Side
    sheet: str
    row: int


class _RosterReader:
    def __init__(self, path: Path, calendar_hints: bool = True) -> None:
        self.path = path
        #: Whether to warn of mission days on weekends and holidays (and a first day
        #: on a weekend) while reading: ``plan`` gives them only when it plans, not on
        #: every no-op cron run (a holiday kept on purpose was warned about 48 times a
        #: day; a Gulf coordinator's tester): :func:`read_roster_deferring_hints`.
        self.calendar_hints = calendar_hints
        #: Title rows above a header, said with the calendar hints: when reading, or by
        #: ``plan`` when it plans (a title was warned about on every no-op cron run; a
        #: coordinator's tester).
        self.title_rows: list[tuple[_RawSheet, int, int, Sequence]] = []
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
        self.mission_labels: tuple[str, str] = ("setting", "value")
        self.ambiguous: set[str] = set()  # keys claimed twice, or broken rows (reported)
        #: another company's id typed again: (its name, sheet, row, as typed), whose own
        #: id is likely what a reference left unknown meant (suggest)
        self.twice: list[tuple[str, str, int, str]] = []
        #: unknown company references: key -> [(as written, sheet)] (withdrawn_hint)
        self.unknown: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
        #: the problems of those references, and the company sheets without an id
        #: column (no_id_column_hint)
        self.unknown_problems: list[tuple[Problem, str]] = []
        self.no_id_sheets: list[tuple[_Table, Side]] = []
        self.slipped: set[tuple[str, int]] = set()  # (sheet, column): slipped_headers
        self.epoch = _EXCEL_EPOCH  # the workbook's date system (_workbook_epoch)
        self.formula_cells: set[tuple[str, int, str]] = set()  # (sheet, row, header): reported
        self.loose_columns: list[tuple[_RawSheet, int, list[tuple[int, object]]]] = []
        #: CSV rows with values past the header's last column: (file, sheet, row) ->
        #: (the sheet, the row's fields, the header's), for :meth:`split_rows`
        self.wide_rows: dict[tuple[str, str, int], tuple[_RawSheet, int, int]] = {}
        #: company-sheet columns under unknown headers, when there is no wishes column
        self.unread_columns: list[tuple[_RawSheet, str, list[tuple[int, object]]]] = []
        #: sheets under no roster name that nothing was said of (unread_sheets)
        self.unread_sheets: list[_RawSheet] = []
        self.complete = True  # both company sheets readable: unknown references are errors
        self.requests: dict[tuple[str, str], Request] = {}
        self.unavailability: list[Unavailability] = []

    # ------------------------------------------------------------ problems
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

    def require(self, message: str, table: _Table, row: _Row, column: str) -> None:
        """A blank required cell; not repeated on every row when the whole column is
        missing (that is one problem, already reported by :meth:`table`)."""
        if column in table.header and (
            (table.name, row.num, table.header[column]) not in self.formula_cells
        ):
            self.add(message, table, row.num, column)

    # ------------------------------------------------------------- loading
    def load(self) -> bool:
        path = self.path
        if not path.exists():
            self.add("no such file or folder")
            return False
        raw: list[_RawSheet] = []
        unreadable: set[str] = set()
        if path.is_dir():
            try:
                files = sorted(
                    p
                    for p in path.iterdir()
                    if p.is_file()
                    and p.suffix.lower() in TEXT_SUFFIXES
                    # Office's lock file of an open file (~$Requests.csv), hidden files
                    and not p.name.startswith(("~$", "."))
                )
            except OSError as exc:
                self.add(f"cannot read this folder: {exc.strerror or exc}")
                return False
            keys = _sheet_keys([p.stem for p in files])
            for p in files:
                key = keys[p.stem]
                try:
                    raw.append(_read_csv(p, key or ""))
                except Exception as exc:  # noqa: BLE001 - any parser failure is an input problem
                    if key is not None:
                        at = (p.stem, exc.row) if isinstance(exc, _CsvRowError) else (None, None)
                        self.problems.append(
                            Problem(str(p), f"cannot read this CSV file: {exc}", *at)
                        )
                        unreadable.add(key)
                    continue
                if key is not None:
                    for row, column, message in _csv_error_cells(raw[-1], key):
                        self.formula_cells.add((raw[-1].name, row, column))
                        self.add(message, raw[-1], row, column)
        elif path.name.startswith("~$"):
            self.add(
                "this is the lock file Excel keeps beside a workbook it has open, not the "
                f"roster: give the workbook itself ({path.name[2:]})"
            )
            return False
        elif path.suffix.lower() in (".xlsx", ".xlsm"):
            try:
                sheets, self.epoch = _read_workbook(path)
                raw = list(sheets.values())
                keys = _sheet_keys([sheet.name for sheet in raw])
                silent = _unreadable_cells(path, {n: k for n, k in keys.items() if k})
            except Exception as exc:  # noqa: BLE001 - any reader failure is an input problem
                self.add(_unopenable(path, exc))
                return False
            for sheet_name, row, column, message in silent:
                self.formula_cells.add((sheet_name, row, column))
                self.problems.append(Problem(str(path), message, sheet_name, row, column))
            if _is_agenda(raw):
                # An agenda given for the roster (check's two arguments swapped) was
                # told to rename its Meetings sheet 'Requests' (a second reader).
                self.problems = [
                    Problem(
                        str(path),
                        "this is an asmex-sched agenda (its Summary and Meetings sheets), "
                        "not a roster: give the roster it was planned from (plan ROSTER "
                        "-o AGENDA, check ROSTER AGENDA)",
                    )
                ]
                return False
        else:
            # Say what to do with the file in hand (a tester's .ods and .xls).
            suffix = path.suffix.lower()
            if suffix in (".ods", ".xls", ".xlsb", ".numbers", ".fods"):
                how = f": save this {suffix} file as an Excel workbook (.xlsx)"
            elif suffix in TEXT_SUFFIXES:
                how = (
                    ": put this file in a folder with the roster's other sheets, one "
                    "file per sheet (Mission.csv, Exporters.csv, Buyers.csv, ...), and "
                    "give the folder"
                )
            else:
                how = ""
            self.add(f"a roster is an .xlsx workbook or a folder of .csv files{how}")
            return False
        what = "file" if path.is_dir() else "sheet"
        unknown: list[_RawSheet] = []
        groups: dict[str, list[_RawSheet]] = defaultdict(list)
        for sheet in raw:
            key = keys[sheet.name]
            # A name other than the sheet's own or its French one ('Absences', 'Fixed
            # costs' by its first word) must come with the sheet's columns: a staff
            # 'Absences' sheet, a 'Liste des exportateurs' of contacts beside
            # 'Exporters', are other data (two second readers).
            if key is not None and _sheet_rank(sheet.name, key) >= 2 and not _fits(sheet, key):
                key = None
            if key is None:
                unknown.append(sheet)
            else:
                groups[key].append(sheet)
        for key, group in groups.items():
            # Among the sheet's own names, a visible one before a hidden one: a hidden
            # 'Requests' was read beside the visible 'Demandes' the coordinator filled
            # in, both of its rows dropped (an input tester).
            group.sort(key=lambda sheet: (
                (r := _sheet_rank(sheet.name, key)) >= _WORDS_RANK, sheet.hidden, r
            ))  # fmt: skip
            chosen, *others = group
            for sheet in others:
                if _sheet_rank(sheet.name, key) == _sheet_rank(chosen.name, key):
                    self.add(f"sheet {sheet.name!r} duplicates sheet {chosen.name!r}", sheet)
                else:
                    log.warning(
                        "%s: %s %r%s is ignored: %r is read as the %s",
                        sheet.file, what, sheet.name,
                        " (hidden)" if sheet.hidden and not chosen.hidden else "",
                        chosen.name, _spec(key).name,
                    )  # fmt: skip
                    self.unread_sheets.append(sheet)
            if _sheet_rank(chosen.name, key) == _WORDS_RANK:
                log.warning(
                    "%s: %s %r is read as the %s %s",
                    chosen.file if path.is_dir() else self.file, what,
                    Path(chosen.file).name if path.is_dir() else chosen.name,
                    _spec(key).name, what,
                )  # fmt: skip
            if chosen.hidden:
                # Read without a word, a hidden sheet of old rows (or a hidden
                # 'Exporters' beside a visible 'Exportateurs') was planned unseen (a
                # second reader's finding). Only for the sheets read (a second reader).
                log.warning(
                    "%s, sheet %s: the sheet is hidden in Excel and is read all the "
                    "same: unhide it to see what is planned, or delete it",
                    chosen.file, chosen.name,
                )  # fmt: skip
            self.sheets[key] = chosen
        # Sheets whose name says which they are first, then in their order: two sheets
        # with the company columns ('Exposants', 'Visiteurs') were both told to be
        # renamed 'Exporters' (a tester); the second is now told 'Buyers'.
        claimed: set[str] = set()
        # the sheets an unknown one is told to be renamed as: not also "missing" (two
        # messages for one renamed sheet; an input tester)
        pointed = {
            key
            for sheet in sorted(unknown, key=lambda sheet: not _sheet_meant(sheet))
            if (key := self.unknown_sheet(sheet, claimed))
        }
        if path.is_dir() and not self.sheets and not unreadable:
            # The mission's folder given for the workbook in it: three "missing CSV
            # file" errors and no hint (a tester).
            books = _workbooks_in(path)
            if books:
                self.add(
                    f"this folder holds no CSV file of a roster, but {' and '.join(books)}: "
                    f"give the workbook itself ({path / books[0]})"
                )
                return False
        # A form's export saved as a workbook beside the CSV files ('Kenyan buyers
        # registration(1-51).xlsx'): not read, and the message did not name it (a tester).
        books = _workbooks_in(path) if path.is_dir() else []
        beside = (
            f" (this folder also holds {' and '.join(repr(b) for b in books[:3])}, not "
            "read in a folder of CSV files: if it holds this sheet, save it as CSV UTF-8 "
            "under that name)"
            if books else ""
        )  # fmt: skip
        for spec in SHEETS:
            if spec.required and not {spec.key} & (self.sheets.keys() | unreadable | pointed):
                where, ext = ("CSV file", ".csv") if path.is_dir() else ("sheet", "")
                spellings = dict.fromkeys(n + ext for n in (spec.name, *spec.aliases[:1]))
                names = " or ".join(repr(n) for n in spellings)
                self.problems.append(
                    Problem(self.file, f"missing {where} {names}{beside}", spec.name, None,
                            None)  # fmt: skip
                )
        return True

    def unknown_sheet(self, sheet: _RawSheet, claimed: set[str] | None = None) -> str | None:
        """A sheet (or CSV file) under no roster name: instructions, notes, a copy,
        other data (hotels, payments). One that holds a roster sheet the roster lacks
        is a problem when it is surely that sheet: every one of its columns
        (``Contraintes`` with participant, date, start, end, reason), or its required
        ones under a name that looks like its name (``Request``). The roster was
        planned without it (217 of 524 requests, a second reader). With some of the
        columns only (a ``Hotel`` sheet with company and date) it is a warning: a
        first version made those problems, and a second reader showed them to be
        companions, not slips.

        ``claimed``: the sheets an unknown sheet seen before was pointed at; another one
        that fits as well is pointed at another sheet (two sheets of companies: the
        first is the exporters, the second the buyers).

        Returns the key of the sheet it is told to be renamed as, if it is a problem."""
        claimed = set() if claimed is None else claimed
        csv_file = _text_file(sheet)
        label = Path(sheet.file).name if csv_file else sheet.name
        what = "file" if csv_file else "sheet"
        meant = _sheet_meant(sheet)
        # The sheet its name nearly is, else the one it holds the most columns of (a file
        # of fixed meetings was told to be renamed 'Requests', its dates and times then
        # lost; a fresh coordinator's test), one no other sheet was pointed at first.
        fitting = [s for s in SHEETS if s.key not in self.sheets and _fits(sheet, s.key)]
        if fitting:
            spec = min(fitting, key=lambda s: (
                s.name != meant, s.key in claimed, -len(_header_columns(sheet, s))
            ))  # fmt: skip
            claimed.add(spec.key)
            named = _header_columns(sheet, spec)  # the Mission's settings: every one
            marked_old = bool(set(_words(label)) & _NOT_THIS_SHEET)  # 'Old requests'
            if not marked_old and (meant == spec.name or named == {c.name for c in spec.columns}):
                self.problems.append(
                    Problem(
                        sheet.file,
                        f"{what} {label!r} holds the "
                        + ("settings" if spec.key == "mission" else "columns")
                        + f" of {spec.name} but is not read "
                        f"under this name: rename it {spec.name!r} (or {spec.aliases[0]!r})"
                        # 'Disponibilites.csv' of the times companies are free: renamed
                        # as told, it blocked them (a tester)
                        + (
                            ", if its rows are times the companies can NOT meet (its name "
                            "says availability: enter instead the other times of the "
                            "mission)"
                            if spec.key == "unavailability"
                            and set(_words(label)) & _AVAILABLE_WORDS
                            and not set(_words(label)) & _NOT_WORDS
                            else ""
                        ),
                        None if csv_file else sheet.name,
                    )
                )
                return spec.key
            log.warning(
                "%s: %s %r is ignored, but it has the columns of %s, which the roster "
                "lacks: if it holds %s, rename it %r",
                sheet.file, what, label, spec.name, spec.help.lower(), spec.name,
            )  # fmt: skip
            return None
        if meant:
            log.warning(
                "%s: %s %r is ignored: did you mean %r? (sheets are read under their "
                "documented names, docs/roster.md)",
                sheet.file, what, label, meant,
            )  # fmt: skip
        self.unread_sheets.append(sheet)
        return None

    def unread_sheets_of_wishes(self, mission: Mission | None) -> None:
        """A sheet that is not read (under no roster name, a near miss of one, or beside
        the sheet read under its own name), that is no roster sheet by its columns,
        and whose rows pair an exporter with a buyer (half of its first
        :data:`_WISH_ROWS` rows or more; once the companies are known): wanted meetings
        in another shape, such as a form's export (``Wishes``: exporter, choice 1,
        choice 2, ...), were dropped without a word (a second reader).

        A problem when its name says it holds wishes (:data:`_WISH_WORDS`), and not
        that it is an old copy (:data:`_NOT_THIS_SHEET`, or a year other than the
        mission's) nor a record of meetings (a date or time column: last year's
        agenda); otherwise a warning. A contact list (an id and the name of one
        company per row) pairs no one."""
        for raw in self.unread_sheets:
            if any(_fits(raw, spec.key) for spec in SHEETS[1:]):
                continue  # said by unknown_sheet or the sheet grouping
            first = next((i for i, r in enumerate(raw.rows) if not all(map(_is_blank, r))), None)
            if first is None:
                continue
            rows = [r for r in raw.rows[first + 1 :] if not all(map(_is_blank, r))]
            rows = rows[:_WISH_ROWS]
            pairing = [r for r in rows if self._pairs(r)]
            if not pairing or 2 * len(pairing) < len(rows):
                continue
            header = raw.rows[first]
            naming = sorted({pos for r in pairing for pos, v in enumerate(r)
                             if not _is_blank(v) and self.names_company(v)})  # fmt: skip
            names = ", ".join(
                repr(_text(header[pos])) if pos < len(header) and not _is_blank(header[pos])
                else _column_letter(pos)
                for pos in naming[:4]
            ) + (", ..." if len(naming) > 4 else "")  # fmt: skip
            csv_file = _text_file(raw)
            label = Path(raw.file).name if csv_file else raw.name
            what = "file" if csv_file else "sheet"
            where = (
                "wishes go in the 'wishes' column of Exporters or Buyers (';' separated, "
                "most wanted first), or one row per meeting in the Requests sheet "
                "(exporter, buyer, priority)"
            )
            words = set(_words(Path(label).stem))
            years = {w for w in words if re.fullmatch(r"(19|20)\d\d", w)}
            old = bool(words & _NOT_THIS_SHEET) or bool(
                mission is not None and years - {str(mission.first_day.year)}
            )
            record = any(
                set(_words(_text(h))) & _RECORD_WORDS for h in header if not _is_blank(h)
            )
            if words & _WISH_WORDS and not old and not record:
                self.problems.append(
                    Problem(
                        raw.file,
                        f"{what} {label!r} pairs exporters with buyers (columns {names}) "
                        f"but is not read: {where}; if it is not for this plan, put 'old' "
                        "in its name",
                        None if csv_file else raw.name,
                    )
                )
            else:
                log.warning(
                    "%s: %s %r is ignored, though it pairs exporters with buyers (columns "
                    "%s): if it holds wanted meetings, %s",
                    raw.file, what, label, names, where,
                )  # fmt: skip

    def _pairs(self, row: Sequence[object]) -> bool:
        """Whether a row names an exporter and a buyer (each cell may be a list)."""
        sides: set[Side] = set()
        for value in row:
            for entry in self.named(value):
                sides.add(entry.side)
                if len(sides) == 2:
                    return True
        return False

    def title_rows_hint(
        self, raw: _RawSheet, header_row: int, first_row: int, first: Sequence
    ) -> None:
        """:func:`_warn_title_rows` now, or kept for :meth:`deferred_title_rows`."""
        if self.calendar_hints:
            _warn_title_rows(raw, header_row, first_row, first)
        else:
            self.title_rows.append((raw, header_row, first_row, first))

    def deferred_title_rows(self) -> None:
        for args in self.title_rows:
            _warn_title_rows(*args)

    def table(self, spec: SheetSpec) -> _Table | None:
        """The sheet's header mapped to canonical columns, and its non-empty rows."""
        raw = self.sheets.get(spec.key)
        if raw is None:
            return None
        keys = _alias_map((c.name, c.aliases) for c in spec.columns)
        start = _header_index(raw.rows, keys)
        table = _Table(spec, raw.name, raw.file, {})
        first = next((i for i, r in enumerate(raw.rows) if not all(map(_is_blank, r))), None)
        if start is not None and first is not None and first < start:
            self.title_rows_hint(raw, start + 1, first + 1, raw.rows[first])
        if start is None:
            if spec.required:
                for col in spec.columns:
                    if col.required:
                        self.add(f"missing column {col.name!r}", table, 1, col.name)
            return table
        positions: dict[str, int] = {}
        slips: list[tuple[int, str, str]] = []
        unknown: list[tuple[int, str]] = []
        # 'Choix 1', 'Choix 2': word (family), rank, position, label, surely wishes
        numbered: list[tuple[str, int, int, str, bool]] = []
        for pos, cell in enumerate(raw.rows[start]):
            label = _text(cell)
            canonical = keys.get(normalize_name(label)) if label else None
            if canonical is None and label and self.meant_elsewhere(raw, spec, start, pos, label):
                continue
            wishes_here = "wishes" in keys.values()
            ranked = _numbered_wish(label, spec.key) if canonical is None and wishes_here else None
            if ranked is not None:
                numbered.append((ranked[0], ranked[1], pos, label, ranked[2]))
                continue
            if canonical is None:  # extra columns (notes, ...) are ignored
                if label:
                    unknown.append((pos, label))
                meant = label and _near_miss(
                    label, [(c.name, (c.name, *c.aliases)) for c in spec.columns]
                )
                if meant:
                    slips.append((pos, label, meant))
                continue
            if canonical in positions:
                # Two names of one column ('Phone' and 'Mobile', 'Buyer' and 'Buyer
                # name'): the documented name, or the earlier alias, is read. Only the
                # same name twice is a problem (which of the two would be meant?).
                first = table.header[canonical]
                rank = _alias_rank(spec, canonical)
                if rank[normalize_name(label)] == rank[normalize_name(first)]:
                    self.add(f"column {label!r} duplicates column {first!r}", table,
                             start + 1, label)  # fmt: skip
                    continue
                kept, dropped = (
                    (first, label)
                    if rank[normalize_name(first)] < rank[normalize_name(label)]
                    else (label, first)
                )
                log.warning(
                    "%s, sheet %s: columns %r and %r both name %r: %r is read, %r is ignored",
                    raw.file, raw.name, first, label, canonical, kept, dropped,
                )  # fmt: skip
                if kept == first:
                    continue
            positions[canonical] = pos
            table.header[canonical] = label
        self.slipped_headers(raw, start, table, positions)
        if spec.key == "requests" and "priority" not in positions:
            said = self.unread_priorities(raw, start, unknown, slips)
            slips = [slip for slip in slips if slip[0] not in said]
        for _, label, meant in slips:
            if meant in positions:  # a note beside the real column ('Start time (local)')
                log.warning(
                    "%s, sheet %s: column %r is ignored: did you mean %r? (column %r is read)",
                    raw.file,
                    raw.name,
                    label,
                    meant,
                    table.header[meant],
                )
                continue
            # The sheet lacks the column the header looks like. A required one is a
            # problem anyway (said with the look-alike); an optional one is a warning:
            # 'Contact email' beside no 'contact', 'Max budget' are companions, not
            # slips (a second reader), while 'Fin prévue' may well be 'end'.
            col = next(c for c in spec.columns if c.name == meant)
            names = ", ".join(repr(n) for n in (col.name, *col.aliases[:4]))
            if col.required:
                self.add(
                    f"column {label!r} is not read: did you mean {meant!r}? Rename it "
                    f"({names})",
                    table,
                    start + 1,
                    label,
                )
                continue
            log.warning(
                "%s, sheet %s: column %r is ignored, and the sheet has no column %r: if "
                "that is what it holds, rename it (%s)",
                raw.file, raw.name, label, meant, names,
            )  # fmt: skip
        for col in spec.columns:
            if col.required and col.name not in positions and col.name not in (
                m for _, _, m in slips
            ):
                aliases = "".join(f" or {a!r}" for a in col.aliases[:4])
                self.add(f"missing column {col.name!r}{aliases}", table, start + 1, col.name)
        families = self.numbered_wishes(raw, start, table, positions, numbered)
        for i in range(start + 1, len(raw.rows)):
            cells = raw.rows[i]
            values = {c: cells[p] if p < len(cells) else None for c, p in positions.items()}
            for key, columns in families:
                chosen = [_text(cells[p]) for p in columns if p < len(cells)]
                values[key] = "; ".join(t for t in chosen if t) or None
            if all(_is_blank(v) for v in values.values()):
                continue
            if repeated := _repeated_header(values, keys):
                # Two exports pasted one under the other: the second header became
                # a buyer 'id' named 'company', planned, in the agenda and the mail
                # merge, with exit 0 (an input tester). Its columns may not be in
                # this sheet's order either.
                column, heads = repeated
                self.add(
                    f"this row repeats the header ({', '.join(repr(h) for h in heads[:4])}"
                    f"{', …' if len(heads) > 4 else ''}), "
                    "it is not a row of data: delete it (if the rows below are another "
                    "list pasted under this one, check that their columns follow this "
                    "sheet's header)",
                    table,
                    i + 1,
                    column,
                )
                continue
            table.rows.append(_Row(i + 1, values))
        self.unheaded(raw, start)
        if spec.key in ("exporters", "buyers") and "wishes" not in table.header:
            # numbered columns are read as wishes, or ignored with a warning (read_wishes)
            read = set(positions.values()) | {n[2] for n in numbered}
            for pos, cell in enumerate(raw.rows[start]):
                if pos not in read and not _is_blank(cell):
                    cells = [(i + 1, raw.rows[i][pos]) for i in range(start + 1, len(raw.rows))
                             if pos < len(raw.rows[i]) and not _is_blank(raw.rows[i][pos])]
                    if cells:
                        self.unread_columns.append((raw, _text(cell), cells))
        return table

    def unread_priorities(
        self,
        raw: _RawSheet,
        start: int,
        unknown: Sequence[tuple[int, str]],
        slips: Sequence[tuple[int, str, str]],
    ) -> set[int]:
        """Requests without a priority column, with a column that looks like one
        (``Priorité (1-3)``, ``Importance``, ``Poids``, ``Weight``, ``Rang``,
        ``Niveau``): holding ranks or levels (:func:`_looks_like_priority`), a problem;
        other values, a warning; its positions are returned (said). Every request was
        planned at priority 2 (a warning, or not a word; a tester); and a weight may
        count the other way (3 = most wanted), so it is not read as a priority unasked."""
        looks = {pos for pos, _, meant in slips if meant == "priority"}
        said: set[int] = set()
        for pos, label in unknown:
            if pos not in looks and not set(_words(label)) & _PRIORITY_WORDS:
                continue
            rows = [
                i + 1
                for i in range(start + 1, len(raw.rows))
                if pos < len(raw.rows[i]) and not _is_blank(raw.rows[i][pos])
            ]
            if not rows:
                continue
            said.add(pos)
            # Ranks or levels ('1'..'12', 'Haute', 'P1', 'High'): a problem; anything
            # else ('2 kg', 'A') a warning, never nothing (an 'Importance' of
            # Haute/Moyenne/Basse was dropped without a word; second readers).
            if not all(_looks_like_priority(raw.rows[r - 1][pos]) for r in rows):
                log.warning(
                    "%s, sheet %s: column %r is ignored, and the sheet has no priority "
                    "column: if it holds the requests' priorities, name it 'priority' "
                    "with 1 (most wanted), 2 or 3",
                    raw.file, raw.name, label,
                )  # fmt: skip
                continue
            self.add(
                f"column {label!r} holds values (row {rows[0]}) but is not read, and the "
                "sheet has no priority column: if it holds the requests' priorities, "
                "name it 'priority' (or 'Priorité'), with 1 for the most wanted, 2 (the "
                "default) or 3; mind the order if 3 meant the most wanted; else delete "
                "the column",
                raw, rows[0], label,
            )  # fmt: skip
        return said

    def numbered_wishes(
        self,
        raw: _RawSheet,
        start: int,
        table: _Table,
        positions: dict[str, int],
        numbered: Sequence[tuple[str, int, int, str, bool]],
    ) -> list[tuple[str, list[int]]]:
        """Wishes as one column per choice (a form's export: 'Choix 1', 'Choix 2', ...),
        read in their order as one list: following the advice to name each 'wishes'
        gave "duplicates", naming the first only lost the others (a tester). Returns
        the cell keys to fill and their columns: ``wishes`` for a family whose word says
        it holds wishes ('Buyer 1' on Exporters), else one key per family, for
        :meth:`read_wishes` to keep the one naming companies ('Target 1' may hold
        countries beside 'Choix 1'; two families were read as one list: a reviewer)."""
        if not numbered:
            return []
        labels = ", ".join(repr(n[3]) for n in numbered)
        at = positions.get("wishes")
        if at is not None and all(
            at >= len(raw.rows[i]) or _is_blank(raw.rows[i][at])
            for i in range(start + 1, len(raw.rows))
        ):
            # The template's wishes column left empty beside 'Choix 1..3' (every
            # numbered wish was dropped: a second reader): the numbered ones are read.
            log.warning(
                "%s, sheet %s: column %r is empty: columns %s are read in its place "
                "(those naming companies)",
                raw.file, raw.name, table.header["wishes"], labels,
            )  # fmt: skip
            del positions["wishes"]
            del table.header["wishes"]
        if "wishes" in positions:
            log.warning(
                "%s, sheet %s: columns %s are ignored beside column %r (one wishes "
                "column, or numbered ones alone)",
                raw.file, raw.name, labels, table.header["wishes"],
            )  # fmt: skip
            return []
        families: dict[str, list[tuple[int, int, str]]] = {}
        surely: list[str] = []
        for word, rank, pos, label, sure in numbered:
            families.setdefault(word, []).append((rank, pos, label))
            if sure and word not in surely:
                surely.append(word)
        for columns in families.values():
            columns.sort()
        if surely:
            kept = surely[0]
            others = [c for w, cs in families.items() if w != kept for c in cs]
            if others:
                log.warning(
                    "%s, sheet %s: columns %s are ignored beside the numbered wishes %s",
                    raw.file, raw.name, ", ".join(repr(c[2]) for c in others),
                    ", ".join(repr(c[2]) for c in families[kept]),
                )  # fmt: skip
            table.header["wishes"] = ", ".join(c[2] for c in families[kept])
            return [("wishes", [c[1] for c in families[kept]])]
        table.wish_families = [
            (f"wishes {word}", [c[2] for c in columns]) for word, columns in families.items()
        ]
        return [(f"wishes {word}", [c[1] for c in columns]) for word, columns in families.items()]

    def off_mission(self, cells: Sequence[object]) -> bool:
        """Whether every cell holds a date, and none is a mission day (from the Mission
        sheet read before; ``False`` when its days are not known)."""
        first, days = self.settings.get("first_day"), self.settings.get("days", 5)
        if not isinstance(first, date) or not isinstance(days, int):
            return False
        mission = {first + timedelta(days=i) for i in range(days)}
        for value in cells:
            found = _dates_in(value, first.year)
            if not found or set(found) & mission:
                return False
        return True

    def meant_elsewhere(
        self, raw: _RawSheet, spec: SheetSpec, start: int, pos: int, label: str
    ) -> bool:
        """Whether an unknown column holds what another sheet is for, said so
        (:meth:`said_elsewhere`): times or tables in Requests (a meeting at a set time
        goes in Fixed; a date alone, a form's timestamp, a warning), absences in a
        company sheet (they go in Unavailability; an event's attendance or travel dates
        outside the mission, a warning), set meetings in a company sheet (Fixed). Each
        was dropped without a word and the plan made without it (a tester); each
        narrowing or widening was tried against companion columns by second readers
        (docs/roster.md). An empty such column, or a note, is left alone."""
        key = normalize_name(label)
        words = set(_words(label))
        rows = [
            i + 1
            for i in range(start + 1, len(raw.rows))
            if pos < len(raw.rows[i]) and not _is_blank(raw.rows[i][pos])
        ]
        if not rows:
            return False
        cells = [raw.rows[r - 1][pos] for r in rows]
        # A day in the header ('Absent lundi', 'Disponible mardi', 'Présent le 10/11'):
        # its yes/no or x cells are absences too (only a warning, a company was booked
        # on the day it was away; a second reader).
        dated_header = _says_when(label)
        company_sheet = spec.key in ("exporters", "buyers")
        if words & _NOTE_WORDS:
            return False  # a note mentioning a time ('confirmé par tél. à 14h30') is a note
        fixed_words = bool(words & _FIXED_WORDS) and not words & _EVENT_WORDS
        when = [r for r, v in zip(rows, cells, strict=True) if _says_when(v)]
        if company_sheet and (key in _FIXED_SHEET_NAMES or (fixed_words and when)):
            # 'Rendez-vous fixés' typed beside a company: the Fixed sheet's (a reader;
            # 'RDV fixé', 'Fixed meeting', 'RDV confirmé' too: a last reader); a
            # 'Pre-booked' of hotel names, a 'Fixed' of yes/no: a warning (a second
            # reader).
            self.said_elsewhere(
                raw, label, when[0] if when else None, "holds days or times",
                "a meeting at a set time goes in the Fixed sheet",
                " (exporter, buyer, date, start, table)",
            )  # fmt: skip
            return True
        # 'Heure souhaitée' of 10h00 (a reader), with a cell of 'indifférent' or a range
        # '10h00-11h00' (a second reader): times in half its cells; a length is no time
        # ('Durée souhaitée' 0:30).
        # Under a header naming a time ('Heure souhaitée'), one time is enough, among
        # 'indifférent's (a last reader).
        times = sum(map(_holds_time, cells))
        timely = not words & _LENGTH_WORDS and (
            (times >= 1 and bool(words & _TIME_HEADER_WORDS))
            or (times >= 2 and 2 * times >= len(cells))
        )
        if spec.key == "requests" and (
            key in _FIXED_TIME_COLUMNS or key in _FIXED_DATE_COLUMNS or timely
        ):
            timed = key in _FIXED_TIME_COLUMNS or timely
        elif company_sheet and (
            words & _ABSENCE_WORDS or (dated_header and words & _PRESENCE_WORDS)
        ):
            timed = None
            if words & _EVENT_WORDS:
                dated_header = False  # 'Disponible pour le dîner mardi': an event's
        else:
            # A status column ('Statut: Annulé', 'Participation: non'), when no check above
            # claims it (absences, set meetings: 'Absence confirmée' of days, 'RDV confirmé'
            # of times, still refused; a reader): the company was planned with all its
            # meetings, without a word (a newcomer's tester). Said when its values differ,
            # not read: a warning, as a problem it stopped plans (a second reader); a column
            # of one value ('Confirmé') says nothing.
            distinct = list(dict.fromkeys(_text(v) for v in cells))
            if (
                company_sheet
                and words & _STATUS_WORDS
                and not words & (_OTHER_STATUS_WORDS | _EVENT_WORDS)
                and not dated_header  # 'Présent le 10/11' of 'non': absences (above)
                # one 'Annulé' among blank cells differs too (a reader)
                and (len(distinct) > 1 or len(rows) < _rows_filled(raw, start))
            ):
                shown = ", ".join(map(repr, distinct[:4])) + (" ..." if len(distinct) > 4 else "")
                log.warning(
                    "%s, sheet %s: column %r is not read (its values: %s): if it marks "
                    "companies that do not come, delete them from the sheet, with the wishes "
                    "and Requests rows that name them (the agenda keeps the meetings they "
                    "held, marked left_mission), or they are planned with all their meetings; "
                    "the times a company cannot meet go in the Unavailability sheet",
                    raw.file, raw.name, label, shown,
                )  # fmt: skip
                return True
            return False
        if timed:
            # A time of day or a table number: a meeting's time. A form's timestamp
            # ('Start time' of Microsoft Forms: a date and time) is not, and moving
            # those rows to Fixed would fix every request (a second reader): a warning.
            tables = key in _FIXED_TABLE_COLUMNS
            timed = any(_table_number(v) if tables else _holds_time(v) for v in cells)
        if timed is None:
            # Dates, times or days ('11/11/2025', 'mardi matin', '14h'), or any value
            # under a header naming a day: a problem; other values ('oui', 'yes' under
            # 'Disponible pour le dîner'): a warning.
            when = rows if dated_header else when  # 'Absent lundi': any value
            if when and not dated_header and self.off_mission(
                [raw.rows[r - 1][pos] for r in when]
            ):
                # Arrival the day before, departure the day after: travel, not an
                # absence from the mission (refused; a last reader).
                self.said_elsewhere(raw, label, None, "", "its dates are all outside the "
                                    "mission's days", "")  # fmt: skip
                return True
            # The times a company is free ('Disponibilités: Lundi matin, Mardi
            # après-midi', a form's checkboxes): moved as they were to Unavailability,
            # they blocked the very times ticked, and 70 of 231 requests were planned
            # (a tester). Said the other way round.
            free = words & _AVAILABLE_WORDS and not words & _NOT_WORDS
            self.said_elsewhere(
                raw, label, when[0] if when else None,
                "names a day and holds values" if dated_header else "holds days or times",
                "the Unavailability sheet lists the times a company can NOT meet: if this "
                "column gives the times it is available, enter there the other times of "
                "the mission (those it did not give)" if free else
                "times a company cannot meet go in the Unavailability sheet",
                ", one row per company and day (participant, date, start, end; start and "
                "end blank for the whole day)",
                # not "move them there": moved as they were, they blocked the times
                # given (a reader)
                *(["then delete the column"] if free else []),
            )  # fmt: skip
        else:
            self.said_elsewhere(
                raw, label, rows[0] if timed else None, "holds values",
                "a meeting on a set day and time goes in the Fixed sheet",
                " (exporter, buyer, date, start, table), where it is held at that time",
            )  # fmt: skip
        return True

    def said_elsewhere(
        self, raw: _RawSheet, label: str, row: int | None, held: str, rule: str, how: str,
        then: str = "move them there, or delete the column",
    ) -> None:
        """:meth:`meant_elsewhere`'s word: a problem at ``row`` (the column ``held``
        what ``rule`` says goes elsewhere, and ``how``, ``then`` what to do), or a
        warning without one."""
        if row is None:
            log.warning(
                "%s, sheet %s: column %r is ignored: %s", raw.file, raw.name, label, rule
            )
            return
        self.add(
            f"column {label!r} {held} (row {row}) but is not read: {rule}{how}; {then}",
            raw, row, label,
        )  # fmt: skip

    def named(self, value: object) -> Iterator[_Entry]:
        """The companies a cell names (ids or names, a ';' list or one per line, or a
        ',' list as online forms and typed lists write them: a buyers' form column of
        'Atlas Olive Oil, argan d'or' was dropped without a word; a tester). Numbers
        alone are not taken for ids: a stray count is a note."""
        for part in _list(_text(value)) if not _is_blank(value) else ():
            if not part.strip() or re.fullmatch(r"[\d.,\s]+", part):
                continue
            entry = self.resolve(part.strip())[0]
            if entry is not None:
                yield entry
            elif "," in part:
                for piece in part.split(","):
                    if piece.strip() and not re.fullmatch(r"[\d.\s]+", piece):
                        if (entry := self.resolve(piece.strip())[0]) is not None:
                            yield entry

    def names_company(self, value: object, own: tuple[str, int] | None = None) -> bool:
        """Whether a cell names a company, but not the company of the row ``own``
        (sheet, row)."""
        return any((entry.sheet, entry.row) != own for entry in self.named(value))

    def unread_wishes(self) -> None:
        """A column of a company sheet without a wishes column, under a header the
        reader does not know, that names companies: its wishes were dropped without a
        word ('Preferred buyers', 'Choix', 'Souhaits de RDV': 68 of 524 requests
        planned, a second reader). A problem, naming the column; a column of other
        text (contacts, notes) is left alone."""
        for raw, label, cells in self.unread_columns:
            if set(_words(label)) & _PLACE_WORDS:
                continue  # a 'Stand' of B3, B1: codes like the buyers' ids (a last reader)
            # the row's own company ('Trade name', 'Legal name') is no wish
            named = [row for row, value in cells if self.names_company(value, (raw.name, row))]
            if named and len(named) * 2 >= len(cells):
                self.add(
                    f"column {label!r} names companies (row {named[0]}) but is not read, "
                    "and the sheet has no wishes column: if it holds wishes, name it "
                    "'wishes' (or 'Souhaits')",
                    raw,
                    named[0],
                    label,
                )

    def slipped_headers(
        self,
        raw: _RawSheet,
        start: int,
        table: _Table,
        positions: Mapping[str, int],
    ) -> None:
        """A column's name one row below the header row, its header cell blank, and the
        column's values running one row past the table's (its last value, slipped): the
        column slipped down a row, and was ignored as one without a header, a warning
        only (a fuzzer: the 'languages' header moved down a row, and no meeting got an
        interpreter). A note column under no header whose first note is a column's name
        ('Mail', 'Industry', 'email') ends with the table: still a note (three readers
        found notes refused, then slips missed; a slip whose last company has no value
        is missed, said in docs/roster.md)."""
        if start + 1 >= len(raw.rows):
            return
        header, below = raw.rows[start], raw.rows[start + 1]
        names = {
            normalize_name(n): c.name for c in table.spec.columns for n in (c.name, *c.aliases)
        }

        def last_row(rows: Iterable[tuple[int, list[object]]], keep: Callable[[int], bool]) -> int:
            return max(
                (i for i, r in rows if any(keep(p) and not _is_blank(v) for p, v in enumerate(r))),
                default=-1,
            )

        data = list(enumerate(raw.rows))[start + 1 :]
        # the table's last row: the last with a value under a header (slipped columns,
        # one or several side by side, have none)
        table_ends = last_row(data, lambda p: p < len(header) and not _no_header(header[p]))
        for pos, cell in enumerate(below):
            label = _text(cell)
            canonical = names.get(normalize_name(label))
            if canonical is None or canonical in positions:
                continue
            if pos < len(header) and not _no_header(header[pos]):
                continue
            if last_row(data, lambda p, pos=pos: p == pos) != table_ends + 1:
                continue
            self.slipped.add((raw.name, pos))
            self.add(
                f"{label!r} stands in column {_column_letter(pos)} one row below the header "
                f"row ({start + 1}), whose cell above it is blank: the column would be "
                "ignored; move the header up a row",
                table,
                start + 2,
                _column_letter(pos),
            )

    def unheaded(self, raw: _RawSheet, header_index: int) -> None:
        """Remember the columns that hold values under no header, for :meth:`loose`."""
        header = raw.rows[header_index]
        found: dict[int, list[tuple[int, object]]] = {}
        for i in range(header_index + 1, len(raw.rows)):
            for pos, value in enumerate(raw.rows[i]):
                if (raw.name, pos) in self.slipped:  # a slipped header: said once
                    continue
                if not _is_blank(value) and (pos >= len(header) or _no_header(header[pos])):
                    found.setdefault(pos, []).append((i + 1, value))
        self.loose_columns += [(raw, pos, cells) for pos, cells in sorted(found.items())]
        if _text_file(raw):
            width = 1 + max((p for p, v in enumerate(header) if not _is_blank(v)), default=-1)
            for i in range(header_index + 1, len(raw.rows)):
                filled = [p for p, v in enumerate(raw.rows[i]) if not _is_blank(v)]
                if filled and filled[-1] >= width:
                    self.wide_rows[(raw.file, raw.name, i + 1)] = (raw, filled[-1] + 1, width)

    def split_rows(self) -> None:
        """One problem for a CSV row with values past the header and problems of its
        own: the likely cause first, a separator typed inside a value (an unquoted
        ``fr; ar; en`` in a ';' file gave 30 problems, 'ar' is not a whole number, ...,
        before the one that named the cause, last; an input tester), then each problem
        of the row as found, since a note past the header beside a real error (a
        month-first date) is no split (a reader). A row past the header with no
        problem (a note beside the table) keeps its warning."""
        at: dict[tuple[str, str | None, int | None], list[int]] = {}
        for n, problem in enumerate(self.problems):
            at.setdefault((problem.file, problem.sheet, problem.row), []).append(n)
        dropped: set[int] = set()
        for key, (raw, fields, width) in self.wide_rows.items():
            found = at.get(key, [])
            columns = list(dict.fromkeys(c for n in found if (c := self.problems[n].column)))
            if not columns:  # none, or only the one of values past the header: it says why
                continue
            sep = raw.sep or ","

            def said(n: int) -> str:
                p = self.problems[n]
                return f"{p.message} ({p.column})" if p.column else p.message

            self.problems[found[0]] = Problem(
                raw.file,
                f"this row has {fields} fields where the header has {width}: if a value holds "
                f"the separator {sep!r} (a list such as 'fr{sep} en'), it must be in double "
                "quotes, else the values after it are read under the next columns; "
                + (f"the {len(found)} problems found in this row: " if len(found) > 1
                   else "the problem found in this row: ")
                + "; ".join(said(n) for n in found),
                raw.name,
                key[2],
            )  # fmt: skip
            dropped.update(found[1:])
        self.problems = [p for n, p in enumerate(self.problems) if n not in dropped]

    def no_id_column_hint(self) -> None:
        """One problem instead of one per reference when a company sheet has no id
        column and references name no company: its ids are the companies' names, and
        each reference by id was "unknown company" (583 lines, none naming the cause,
        with the id column deleted; a fuzzer)."""
        # As many names unknown, and like no company's, as half a sheet's companies: not
        # a few typing errors, which keep their own lines and suggestions (a reader: a
        # roster naming companies by name, four typos, was told to put its ids back).
        plain = [(p, k) for p, k in self.unknown_problems if "did you mean" not in p.message]
        keys = list(dict.fromkeys(k for _, k in plain))
        sheets = [(t, s) for t, s in self.no_id_sheets if len(keys) >= max(3, len(t.rows) / 2)]
        if not sheets:
            return
        told = {id(p) for p, _ in plain}
        self.problems[:] = [p for p in self.problems if id(p) not in told]
        examples = ", ".join(repr(self.unknown[k][0][0]) for k in keys[:3])
        for table, side in sheets:
            self.add(
                f"this sheet has no id column, so each {side.value}'s id is its company "
                f"name, and {len(told)} references in other sheets name no company "
                f"({examples}, ...): if its ids were in a column deleted or renamed, put "
                "it back under the header 'id'",
                table,
                table.rows[0].num - 1,
                "id",
            )
        for k in keys:
            self.unknown.pop(k, None)

    def withdrawn_hint(self) -> None:
        """One more line for each company named in several rows that the roster does not
        list: a company deleted from its sheet left every request, wish and
        unavailability naming it behind, a separate problem each (239 for 10 companies
        at a trade fair, a second reader), with no word of what they had in common."""
        for refs in self.unknown.values():
            if len(refs) < 3:
                continue
            where = Counter(sheet for _, sheet in refs)
            rows = ", ".join(f"{n} in {sheet}" for sheet, n in sorted(where.items()))
            self.problems.append(
                Problem(
                    self.file,
                    f"{' / '.join(repr(t) for t in dict.fromkeys(t for t, _ in refs))} is "
                    f"named in {len(refs)} places ({rows}) but listed in "
                    "no company sheet: if it withdrew, delete those rows and wishes too "
                    "(each is listed above); if it is a typing error, correct its name",
                )
            )

    def loose(self) -> None:
        """Columns with values under no header (once the companies are known). One that
        names companies is a problem: a wish per cell, or a ';' list of wishes split by
        a ';' CSV file, was dropped without a word. Any other (a note) is ignored, with
        a warning."""
        for raw, pos, cells in self.loose_columns:
            csv_file = _text_file(raw)
            where = f"field {pos + 1}" if csv_file else f"column {_column_letter(pos)}"
            named = next((row for row, value in cells if self.names_company(value)), None)
            if named is None:
                log.warning(
                    "%s, sheet %s: %s holds values (the first in row %d) but has no header: "
                    "ignored",
                    raw.file,
                    raw.name,
                    where,
                    cells[0][0],
                )
                continue
            hint = (
                "in a CSV file, a list holding the separator must be in double quotes"
                if csv_file
                else "a list of wishes goes in one cell, separated by ';'"
            )
            self.add(
                f"{where} names companies (row {named}) but has no header, so it would be "
                f"ignored: give it a header, or move the names; {hint}",
                raw,
                named,
                None if csv_file else _column_letter(pos),
            )

    def breaks_continued(self, raw: _RawSheet, num: int, cells: list[object]) -> None:
        """Breaks whose list runs on past the value column: a ',' CSV file splits
        ``10:30-10:45, 12:30-14:00`` in two, and the second break was dropped as a note
        (a second reader). Other values past the value column are notes."""
        for pos in range(2, len(cells)):
            text = _text(cells[pos])
            try:
                continued = bool(text) and bool(parse_breaks(text))
            except _Bad:
                continued = False
            if continued:
                where = f"field {pos + 1}" if _text_file(raw) else (
                    f"column {_column_letter(pos)}"
                )  # fmt: skip
                self.add(
                    f"the breaks continue in {where} ({text}), which is read as a note: put "
                    "every break in the value cell (in a CSV file, in double quotes)",
                    raw,
                    num,
                    None,
                )
                return

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

    # ------------------------------------------------------------- mission
    def read_mission(self) -> None:
        raw = self.sheets.get("mission")
        if raw is None:
            self.mission_ok = False
            return
        rows = [(i + 1, r) for i, r in enumerate(raw.rows) if not all(map(_is_blank, r[:2]))]
        labels = ("setting", "value")
        # Title rows above the header (a mission title, then "setting | value"): rows
        # with text in column A only, skipped when what follows them is a setting or a
        # header of known words. Otherwise the first row is the header, as ever: a
        # misspelled setting must still be reported, never taken for the header (two
        # second readers).
        titles = 0
        while (
            titles < min(len(rows) - 1, HEADER_SEARCH_ROWS)
            and _is_blank(rows[titles][1][1] if len(rows[titles][1]) > 1 else None)
            and normalize_name(_text(rows[titles][1][0])) not in _SETTING_KEYS
            and not _mission_header(rows[titles][1])
        ):
            titles += 1
        if titles and not (
            normalize_name(_text(rows[titles][1][0])) in _SETTING_KEYS
            or _mission_header(rows[titles][1])
        ):
            titles = 0
        if titles:
            self.title_rows_hint(raw, rows[titles][0], rows[0][0], rows[0][1])
            rows = rows[titles:]
        has_header = bool(rows) and normalize_name(_text(rows[0][1][0])) not in _SETTING_KEYS
        if rows and has_header:
            header = rows.pop(0)[1]
            labels = tuple(  # type: ignore[assignment]
                _text(header[i]) if i < len(header) and _text(header[i]) else default
                for i, default in enumerate(labels)
            )
        seen: dict[str, int] = {}
        parsers: dict[str, Callable[[object], Any]] = {
            "name": _text,
            "city": _text,
            "venue": _text,
            "timezone": _parse_timezone,
            "country": _parse_country,
            "first_day": self.parse_date,
            "days": lambda v: _at_most(parse_int(v, 1), MAX_DAYS),
            "day_start": parse_time,
            "day_end": parse_time,
            "meeting_minutes": lambda v: _at_most(_parse_minutes(v), 24 * 60),
            "breaks": parse_breaks,
            "tables": lambda v: _at_most(parse_int(v, 1), MAX_TABLES),
            "interpreters": lambda v: _at_most(parse_int(v, 0), MAX_TABLES),
            "notice_hours": _parse_notice,
        }
        rownum: dict[str, int] = {}
        for num, cells in rows:
            setting = _text(cells[0]) if cells else ""
            value = cells[1] if len(cells) > 1 else None
            if _SETTING_KEYS.get(normalize_name(setting)) == "breaks":
                self.breaks_continued(raw, num, cells)
            if not setting:
                self.add("a value without a setting name", raw, num, labels[0])
                continue
            key = _SETTING_KEYS.get(normalize_name(setting))
            if key is None:
                known = ", ".join(s.name for s in SETTINGS)
                self.add(f"unknown setting {setting!r} (known: {known})", raw, num, labels[0])
                self.mission_ok = False
                continue
            if key in seen:
                self.add(f"setting {setting!r} repeats row {seen[key]}", raw, num, labels[0])
                self.mission_ok = False
                continue
            seen[key] = num
            rownum[key] = num
            if _is_blank(value):
                if key == "first_day":
                    self.add("first_day is required", raw, num, labels[1])
                continue
            if key == "first_day":  # typed as text 2025-11-10, it cannot be month first
                self.first_day_iso = isinstance(value, str) and bool(
                    re.fullmatch(r"\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T].*)?", value)
                )
                # A date cell (or serial number) is no text read day first either.
                self.first_day_text = isinstance(value, str) and not self.first_day_iso
            try:
                self.settings[key] = parsers[key](value)
            except _Bad as exc:
                self.add(f"{key}: {exc}", raw, num, labels[1])
                self.mission_ok = False
        self.mission_rows, self.mission_labels = rownum, labels
        self.mission_raw = raw
        if self.calendar_hints:
            self.first_day_weekend_hint()
        first = self.settings.get("first_day")
        if first is not None and not 1900 <= first.year <= 9000:
            self.add(f"first_day {first} is not a plausible mission date", raw,
                     rownum.get("first_day"), labels[1])  # fmt: skip
            del self.settings["first_day"]
        if "first_day" not in self.settings:
            if "first_day" not in rownum:
                self.add("setting 'first_day' is required", raw, None, labels[0])
            self.mission_ok = False
        start = self.settings.get("day_start", Mission.day_start)
        end = self.settings.get("day_end", Mission.day_end)
        # one that did not read was compared with the other's default (a reader)
        unread = any(k in rownum and k not in self.settings for k in ("day_start", "day_end"))
        if start >= end and not unread:
            afternoon = end.hour < 12 and start < time(end.hour + 12, end.minute)
            self.add(
                f"day_start {_fmt(start)} must be before day_end {_fmt(end)}"
                + (
                    # 5:00 for 17:00 (a reader)
                    f": if the afternoon was meant, type 24-hour times "
                    f"({_fmt(time(end.hour + 12, end.minute))}, not {_fmt(end)})"
                    if afternoon
                    # an evening session past midnight (a programme tester)
                    else ": a day's meetings end by midnight (23:59); plan the hours after "
                    "it as the next day's"
                    if start > end and end.hour < 12
                    else " (the two swapped?)"  # 18:00 and 17:00 (a docs auditor)
                    if start > end
                    else ""
                ),
                raw,
                rownum.get("day_end", rownum.get("day_start")),
                labels[1],
            )
            self.mission_ok = False

    def first_day_weekend_hint(self) -> None:
        """A first day on a weekend day that may be typed month first (11/10/2025); the
        weekend days themselves are :meth:`weekend_hint`'s (25/09 can be read one way
        only, and the hint stayed after the days were closed; a Gulf coordinator's
        tester)."""
        first, raw = self.settings.get("first_day"), self.mission_raw
        if first is None or raw is None or not 1900 <= first.year <= 9000:
            return
        host = self.host(first.year)
        if (
            host is not None
            and first.weekday() in host.weekend
            and first.day <= 12
            and first.day != first.month
            and not self.first_day_iso
        ):
            log.warning(
                "%s, sheet %s, row %s: first_day is read as %s, a %s%s: is that right? "
                "(dates are read day first: 11/10/2025 is 11 October)",
                raw.file,
                raw.name,
                self.mission_rows.get("first_day"),
                first.isoformat(),
                first.strftime("%A"),
                f", a weekend day in {host.name}" if host.name else "",
            )

    def first_day_hint(self, mission: Mission | None) -> None:
        """One problem at ``first_day`` when other sheets' dates are not mission days:
        a first_day typed month first (``11/10/2025`` for 10 November) gave one problem
        per Unavailability and Fixed row, and none on the culprit (a second reader)."""
        # Most dated rows, not one mistyped date (a second reader: a right first_day was
        # pointed at for a single wrong row).
        if (
            not self.off_days
            or len(self.off_days) * 2 <= self.dated_rows
            or mission is None
            or self.mission_raw is None
        ):
            return
        days = sorted(set(self.off_days))
        shown = ", ".join(d.isoformat() for d in days[:3]) + (", ..." if len(days) > 3 else "")
        first = mission.first_day
        said = f"{len(self.off_days)} date(s) in other sheets are not mission days ({shown})"
        # Each a mission day in another year: Excel fills in the current year when
        # '09/02' is typed in December, and first_day was blamed with a remark on
        # day-first dates (a tester).
        years = {day.year for day in mission.dates}
        shifted = [{y for y in years - {d.year} if _with_year(d, y) in mission.dates}
                   for d in days]  # fmt: skip
        if days and all(shifted):
            in_years = " or ".join(map(str, sorted(set().union(*shifted))))
            self.add(
                f"{said}: they would be mission days in {in_years} (first_day is "
                f"{first.isoformat()}): a year typed wrong, or filled in by Excel (a date "
                "typed without its year, 09/02, takes the current year)?",
                self.mission_raw,
                self.mission_rows.get("first_day"),
                self.mission_labels[1],
            )
            return
        day_first = (" (dates are read day first: 11/10/2025 is 11 October)"
                     if self.first_day_text else "")  # fmt: skip
        self.add(
            f"{said}: is first_day right? It reads {first.strftime('%A')} "
            f"{first.isoformat()}{day_first}; days is {mission.days}",
            self.mission_raw,
            self.mission_rows.get("first_day"),
            self.mission_labels[1],
        )

    def host(self, *years: int) -> HostCalendar | None:
        """The host country's calendar (``country``, else the time zone's) over
        ``years``, None when the checks are off (``country`` none)."""
        return host_calendar(
            self.settings.get("country", Mission.country),
            self.settings.get("timezone", Mission.timezone),
            years,
        )

    def _city_hint(self, mission: Mission) -> None:
        """A ``city`` that names a time zone of another clock than ``timezone``: the
        template's ``Africa/Nairobi`` left beside ``Abidjan`` put every calendar event
        three hours off, without a word when ``country`` was blank (a tester). Only
        then: a country typed is checked against the time zone already, and tells
        which city of the name it is (Córdoba in Spain, not Argentina's zone)."""
        if mission.country:
            return
        places = zones_of_city(mission.city) if mission.city.strip() else frozenset()
        if self.mission_raw is None or not places or mission.timezone in places:
            return
        if any(same_clock(z, mission.timezone, mission.dates) for z in places):
            return
        self._zone_doubt(
            "city %s is in time zone %s, but timezone is %s",
            mission.city, " or ".join(sorted(places)),
            mission.timezone if "timezone" in self.mission_rows
            else f"{mission.timezone} (the default: no timezone row)",
        )  # fmt: skip

    def _zone_doubt(self, what: str, *args: object) -> None:
        """A warning that ``timezone`` may not be the mission's (``what`` % ``args``), at
        its row of the Mission sheet."""
        assert self.mission_raw is not None
        log.warning(
            "%s, sheet %s%s: " + what + ": the agendas' times and calendars follow the "
            "time zone; is it right?",
            self.mission_raw.file, self.mission_raw.name,
            f", row {self.mission_rows['timezone']}" if "timezone" in self.mission_rows
            else "",
            *args,
        )  # fmt: skip

    def weekend_hint(self, instance: Instance) -> None:
        """Mission days on a weekend (Thursday plus 5 days planned meetings on Saturday
        and Sunday without a word; a tester) or a public holiday of the host country
        (a Cairo mission's Friday was not told; a coordinator's tester), unless closed
        to the whole mission all day (the advice followed was still given, on every
        cron run; a second reader)."""
        mission = instance.mission
        self._city_hint(mission)
        host = self.host(*{d.year for d in mission.dates})
        if host is None or self.mission_raw is None:
            return
        # Closed when no meeting can take place on any slot of the day: closed to the
        # whole mission or to one side, in one or several rows (the advice "or for the
        # side that is off" was followed and the warning stayed; a Gulf coordinator's
        # tester).
        open_days = [
            d for d in mission.dates
            if not all(instance.closed_to(s) is not None for s in instance.slots if s.day == d)
        ]  # fmt: skip
        weekend = [d for d in open_days if d.weekday() in host.weekend]
        where = f" in {host.name}" if host.name else ""
        row = self.mission_rows.get("days") or self.mission_rows.get("first_day")
        if weekend:
            many = len(weekend) > 1
            log.warning(
                "%s, sheet %s%s: the mission's %d days from %s %s include %s, %s%s: "
                "meetings may be planned on %s; if %s, add an "
                "Unavailability row for ALL on %s (or check first_day and days)",
                self.mission_raw.file, self.mission_raw.name, f", row {row}" if row else "",
                mission.days, mission.first_day.strftime("%A"),
                mission.first_day.isoformat(),
                ", ".join(f"{d.strftime('%A')} {d.isoformat()}" for d in weekend),
                "weekend days" if many else "a weekend day", where,
                "them" if many else "it",
                "they are not mission days" if many else "it is not a mission day",
                "each" if many else "it",
            )  # fmt: skip
        feasts = [(d, name) for d in open_days if (name := host.holiday(d))]
        if feasts:
            many = len(feasts) > 1
            days = "; ".join(f"{d.strftime('%A')} {d.isoformat()}, {name}" for d, name in feasts)
            log.warning(
                "%s, sheet %s%s: %s%s (the holidays library's dates: confirm them "
                "locally): meetings may be planned on %s; if the companies are off, add "
                "an Unavailability row for ALL on %s (or for the side that is off, "
                "EXPORTERS or BUYERS); set country to none to stop this check",
                self.mission_raw.file, self.mission_raw.name, f", row {row}" if row else "",
                f"{len(feasts)} mission days are public holidays{where}: {days}" if many
                else f"{days}, is a public holiday{where}",
                "", "them" if many else "it", "each" if many else "it",
            )  # fmt: skip
        zone = country_of_zone(mission.timezone, host.country)
        if mission.country not in ("", NO_COUNTRY) and zone and zone != mission.country:
            self._zone_doubt(
                "country %s (%s) but timezone %s is %s's",
                mission.country, host.name, mission.timezone,
                country_names().get(zone, zone),
            )  # fmt: skip

    def build_mission(self) -> Mission | None:
        if not self.mission_ok:
            return None
        settings = dict(self.settings)
        if "tables" not in settings:
            settings["tables"] = min(MAX_TABLES, max(1, sum(c.delegates for c in self.exporters)))
        mission = Mission(**settings)
        if not build_slots(mission):
            # Each setting with its row (the sheet alone was named; a venue tester).
            shown = {
                "day_start": mission.day_start.strftime("%H:%M"),
                "day_end": mission.day_end.strftime("%H:%M"),
                "meeting_minutes": str(mission.meeting_minutes),
                "breaks": ", ".join(
                    f"{a.strftime('%H:%M')}-{b.strftime('%H:%M')}" for a, b in mission.breaks
                ) or "none",
            }
            parts = [
                f"{key} {text}"
                + (f" (row {self.mission_rows[key]})" if key in self.mission_rows else " (default)")
                for key, text in shown.items()
            ]
            self.add(
                "no meeting slot fits in the day: " + ", ".join(parts) + "; a day needs "
                "one meeting of meeting_minutes between day_start and day_end outside the "
                "breaks",
                self.mission_raw,
                None,
                self.mission_labels[1],
            )
            return None
        if self.calendar_hints:  # else given by plan when it plans, not on a no-op run
            self.breaks_hint(mission)
        return mission

    def breaks_hint(self, mission: Mission | None) -> None:
        """A break outside the day's hours closes nothing: ``1:00-2:00`` for the
        afternoon's 13:00-14:00 planned meetings through lunch without a word (a
        programme tester), where an Unavailability row so typed is warned about."""
        if mission is None or self.mission_raw is None:
            return
        for start, end in mission.breaks:
            if end > mission.day_start and start < mission.day_end:
                continue
            later = (
                start.hour < 12
                and mission.day_start <= time(start.hour + 12, start.minute) < mission.day_end
            )
            log.warning(
                "%s, sheet %s%s: the break %s-%s is outside the day's hours (%s-%s): it "
                "closes no time%s",
                self.mission_raw.file, self.mission_raw.name,
                f", row {self.mission_rows['breaks']}" if "breaks" in self.mission_rows else "",
                _fmt(start), _fmt(end), _fmt(mission.day_start), _fmt(mission.day_end),
                "; if the afternoon was meant, type 24-hour times (13:00, not 1:00)"
                if later else "",
            )  # fmt: skip

    # ----------------------------------------------------------- companies
    def read_companies(self, spec: SheetSpec, side: Side) -> list[tuple[Company, _Table, _Row]]:
        table = self.table(spec)
        out: list[tuple[Company, _Table, _Row]] = []
        no_address: list[tuple[int, str]] = []  # e-mails without an @
        no_phone: list[tuple[int, str]] = []  # phones in scientific notation
        if table is None or "company" not in table.header:
            self.complete = False
        if table is None:
            return out
        if not table.rows and "company" in table.header:
            # A sheet left with its header only (rows deleted, a filtered copy) gave
            # an agenda without these companies, and a re-plan from cron cancelled
            # and announced every meeting (a second reader's finding).
            self.add(
                f"no {side.value} in this sheet: one row per company is expected below "
                "the header",
                table,
                2,
                "company",
            )
            # what named its companies is not reported a second time, as for a sheet
            # missing (580 "unknown company" lines followed; a fuzzer)
            self.complete = False
        if table.rows and "id" not in table.header:
            self.no_id_sheets.append((table, side))
        for row in table.rows:
            delegates = self.cell(
                table, row, "delegates", lambda v: _at_most(parse_int(v, 1), MAX_DELEGATES), 1
            )
            max_meetings = self.cell(table, row, "max_meetings", lambda v: parse_int(v, 0))
            name = row.text("company")
            given_id = row.text("id")
            for column in ("id", "company"):
                if isinstance(when := row.get(column), datetime | date | time):
                    # '3-4' typed in an id cell is the date 4 March to Excel: the company
                    # was planned under the id '2026-03-04' without a word, and the
                    # Requests naming '3-4' said "unknown company" (a multi-script tester).
                    self.add(
                        f"this cell holds a date or time ({_text(when)}), not "
                        f"{'an id' if column == 'id' else 'a company name'}: Excel turns "
                        "what looks like one ('3-4', '1/2') into a date; format the column "
                        "as Text and type it again",
                        table,
                        row.num,
                        column,
                    )
            if _totals_row(given_id, name):
                # A 'Total' row below the table (a sum of delegates) became a company
                # with 44 delegates, and the default tables doubled (a second reader).
                self.add(
                    f"{(name or given_id)!r} looks like a totals row, not a company: delete "
                    "the row (if it is a company, give it an id)",
                    table,
                    row.num,
                    "company" if name else "id",
                )
                continue
            if not name:
                self.require("the company name is required", table, row, "company")
                if given_id:  # references to this id: already reported here
                    self.ambiguous.add(ref_key(given_id))
                continue
            # Kept as typed, invisible characters too: cleaned, an agenda's 'Fès\u00a0Câbles'
            # was another id and every meeting was announced again (a second reader);
            # `report --company` matches them (report_files).
            cid = given_id or name
            if ";" in cid or ";" in name:
                column = "id" if ";" in given_id else "company"
                self.add("';' is not allowed in an id or a company name", table, row.num, column)
            if ref_key(cid) in _GROUP_WORDS or ref_key(name) in _GROUP_WORDS:
                column = "id" if ref_key(given_id) in _GROUP_WORDS else "company"
                self.add(
                    f"{(given_id if column == 'id' else name)!r} is reserved for groups "
                    "of participants (ALL, EXPORTERS, BUYERS)",
                    table,
                    row.num,
                    column,
                )
            self.register(_Entry(cid, side, table.name, row.num), table, row, name, given_id)
            languages = self.languages(table, row)
            sectors = tuple(
                dict.fromkeys(p.strip() for p in _list(row.text("sectors")) if p.strip())
            )
            company = Company(
                id=cid,
                name=name,
                side=side,
                sectors=sectors,
                languages=languages,
                delegates=delegates or 1,
                max_meetings=max_meetings,
                contact=row.text("contact"),
                email=_an_address(email := row.text("email")),
                phone=_a_phone(phone := row.text("phone")),
            )
            if email and not company.email:
                no_address.append((row.num, email))
            if phone and not company.phone:
                no_phone.append((row.num, phone))
            out.append((company, table, row))
        if no_phone:
            (first, value), more = no_phone[0], len(no_phone) - 1
            log.warning(
                "%s, sheet %s, row %d, column %s: %r is a number Excel shortened to "
                "scientific notation, its last digits lost (format the column as text and "
                "type the numbers again): left out of the agendas%s",
                table.file, table.name, first, table.header.get("phone", "phone"), value,
                f" (and {more} more row(s) of the column)" if more else "",
            )  # fmt: skip
        if no_address:
            # Microsoft Forms' 'Email' column of the respondent reads 'anonymous' on every
            # row: it went into index.csv, the mail merge's list (a tester).
            (first, value), more = no_address[0], len(no_address) - 1
            log.warning(
                "%s, sheet %s, row %d, column %s: %r is not an e-mail address: left out "
                "of the agendas and the mail-merge index%s",
                table.file, table.name, first, table.header.get("email", "email"), value,
                f" (and {more} more row(s) of the column)" if more else "",
            )  # fmt: skip
        return out

    def languages(self, table: _Table, row: _Row) -> tuple[str, ...]:
        """The company's language codes, read by :func:`io.languages.read_languages`;
        its problems are this row's, its warnings name the row."""
        read = read_languages(row.text("languages"))
        for message in read.problems:
            self.add(message, table, row.num, "languages")
        for message in read.warnings:
            log.warning("%s, sheet %s, row %d: %s", table.file, table.name, row.num, message)
        return read.codes

    def register(
        self,
        entry: _Entry,
        table: _Table,
        row: _Row,
        name: str,
        given_id: str,
    ) -> None:
        """Claim the company's id and name; a key used by another company is a problem."""
        keys = [("id", given_id)] if given_id else []
        keys.append(("company", name))
        claimed: set[str] = set()
        for column, text in keys:
            key = ref_key(text)
            if key in claimed:
                continue
            claimed.add(key)
            other = self.index_id.get(key) or self.index_name.get(key)
            if other is not None:
                self.ambiguous.add(key)
                name_held = self.names.get(other.cid, other.cid)
                where = f"sheet {other.sheet}, row {other.row}"
                if ref_key(other.cid) == key:
                    # the other's id: "'MA-003' is already used by 'MA-003'" read as
                    # nonsense (an input tester), so the company holding it is named
                    clash = other.cid
                    spelt = f"{other.cid!r}, " if other.cid != text else ""
                    holder = f"{name_held} as its id ({spelt}{where})"
                    if ref_key(name_held) == ref_key(name):  # a row pasted twice (a reader)
                        holder += ": the same company listed twice? delete one of the rows"
                    elif column == "id":
                        self.twice.append((name, table.name, row.num, text))
                else:
                    clash = name_held
                    holder = f"{other.cid!r} ({where})"
                self.add(
                    f"{text!r} is already used by {holder}; ids and names must be unique "
                    "across exporters and buyers" + _how_alike(text, clash),
                    table,
                    row.num,
                    column,
                )
        self.index_id.setdefault(ref_key(entry.cid), entry)
        self.index_name.setdefault(ref_key(name), entry)
        self.names.setdefault(entry.cid, name)

    def suggest(self, text: str) -> str:
        """`` (did you mean 'MA-009', Simba Agrovet Ltd?)`` for an unknown reference that
        is close to one company's id or name (``Simba Agrovet`` for ``Simba Agrovet
        Ltd``, ``007`` for ``7``); ``""`` when none is, or several are."""
        key = ref_key(text)
        found: set[str] = set()
        # A number written as text with its decimals ('239.0' for company 239), as other
        # programs export numeric ids (the other-apps tester).
        whole = re.fullmatch(r"(\d+)[.,]0+", key)
        forms = _unpadded(key) | (_unpadded(whole[1]) if whole else set())
        # Leading zeros aside, in every run of digits: '007' for '7', 'SN2' for 'SN02'
        # (a newcomer's tester got the withdrawal hint for the latter).
        # with its signs first: 'E1-02' is 'E1-2', though 'E12' has its letters too (a
        # reader)
        for form in sorted(forms, key=len, reverse=True):
            found |= {e.cid for k, e in self.index_id.items() if form in _unpadded(k)}
            if found:
                break
        if len(found) == 1:  # it wins over look-alikes ('KE-10': KE-010, not KE-100)
            return self._did_you_mean(found.pop())
        for index in (self.index_id, self.index_name):
            close = difflib.get_close_matches(key, list(index), n=2, cutoff=0.85)
            found |= {index[k].cid for k in close}
            found |= {e.cid for k, e in index.items() if len(key) >= 5 and k.startswith(key)}
        if len(found) != 1:
            return self._typed_twice()
        return self._did_you_mean(found.pop())

    def _typed_twice(self) -> str:
        """`` (is it Vignobles du Sud, sheet Exportateurs row 9, its id typed as 'FR04',
        another's?)`` when a company's id repeats another's: the references to its own
        id are unknown, and pointed back to the duplicate (a roster tester); ``""`` when
        none, or more than three, did."""
        if not self.twice or len(self.twice) > 3:
            return ""
        return " (is it " + " or ".join(
            f"{name}, sheet {sheet} row {row}, its id typed as {typed!r}, another's"
            for name, sheet, row, typed in self.twice
        ) + "?)"

    def _did_you_mean(self, cid: str) -> str:
        name = self.names.get(cid, "")
        return f" (did you mean {cid!r}{f', {name}' if name and name != cid else ''}?)"

    def resolve(self, text: str) -> tuple[_Entry | None, bool]:
        """``(company, silent)``: ``silent`` when a miss was already reported elsewhere
        (an ambiguous key, a missing or broken company sheet)."""
        key = ref_key(text)
        if key in self.ambiguous:
            return None, True
        entry = self.index_id.get(key) or self.index_name.get(key)
        return entry, entry is None and not self.complete

    def resolve_side(
        self,
        table: _Table,
        row: _Row,
        column: str,
        side: Side,
        role: str,
    ) -> str | None:
        """A reference in ``column`` that must name a company of ``side``."""
        text = row.text(column)
        if not text:
            self.require(f"the {role} is required", table, row, column)
            return None
        entry, silent = self.resolve(text)
        if entry is None:
            if not silent:
                self.add(f"unknown company {text!r}{self.suggest(text)}", table, row.num, column)
                self.unknown[ref_key(text)].append((text, table.name))
                self.unknown_problems.append((self.problems[-1], ref_key(text)))
            return None
        if entry.side != side:
            self.add(f"{text!r} is not {_article(side)} {side.value}", table, row.num, column)
            return None
        return entry.cid

    # --------------------------------------------------------------- wishes
    def add_request(
        self,
        exporter: str,
        buyer: str,
        priority: int,
        by: RequestedBy,
    ) -> None:
        old = self.requests.get((exporter, buyer))
        if old is not None:
            priority = min(priority, old.priority)
            by = old.requested_by.merge(by)
        self.requests[(exporter, buyer)] = Request(exporter, buyer, priority, by)

    def pick_wish_family(self, table: _Table) -> None:
        """Of numbered columns whose words may mean something else, the first family
        naming companies in half its filled rows is the wishes; the others are ignored
        with a warning ('Target 1, Target 2' of countries, 'Preference 1' of times of
        day: each was refused as unknown companies; a second reader)."""
        kept = None
        for key, labels in table.wish_families:
            filled = [r for r in table.rows if not r.blank(key)]
            named = [r for r in filled if any(  # numeric ids too (named() skips numbers)
                self.resolve(part.strip())[0] for part in _list(r.text(key)) if part.strip()
            )]  # fmt: skip
            if kept is None and filled and len(named) * 2 >= len(filled):
                kept = key
                table.header["wishes"] = ", ".join(labels)
                continue
            log.warning(
                "%s, sheet %s: columns %s are ignored: they do not name companies",
                table.file, table.name, ", ".join(repr(label) for label in labels),
            )  # fmt: skip
        for r in table.rows:
            value = r.cells.get(kept) if kept else None
            for key, _ in table.wish_families:
                r.cells.pop(key, None)
            if value is not None:
                r.cells["wishes"] = value

    def read_wishes(self, entries: list[tuple[Company, _Table, _Row]]) -> list[Company]:
        for table in {id(t): t for _, t, _ in entries if t.wish_families}.values():
            self.pick_wish_family(table)
        out: list[Company] = []
        for company, table, row in entries:
            wished: list[str] = []
            other = Side.BUYER if company.side == Side.EXPORTER else Side.EXPORTER
            for text in (p.strip() for p in _list(row.text("wishes"))):
                if not text:
                    continue
                entry, silent = self.resolve(text)
                if entry is None:
                    if not silent:
                        parts = [t.strip() for t in re.split(r"[,/]", text) if t.strip()]
                        strays = [t for t in parts if not self.resolve(t)[0]]
                        hint = (
                            "; wishes are separated by ';'"
                            if len(parts) > 1 and len(strays) < len(parts)
                            else ""
                        )
                        # a ',' list of which one name is misspelt was told as one
                        # withdrawn company, to be deleted whole (a tester)
                        if hint and strays:
                            hint += ", and then " + "; ".join(
                                f"{s!r}" + (self.suggest(s) or " is no company of the roster")
                                for s in strays
                            )  # fmt: skip
                        # Nothing close: most often a company deleted from its sheet
                        # whose wishes stayed (a walkthrough: the message said nothing
                        # of it below three mentions, withdrawn_hint).
                        tail = hint or self.suggest(text) or (
                            f": no {other.value} in the roster has this id or name (if it "
                            "withdrew, delete it from the wishes)"
                        )
                        self.add(
                            f"unknown company {text!r} in wishes{tail}",
                            table,
                            row.num,
                            "wishes",
                        )
                        if not hint:  # a ',' between known names is no withdrawn company
                            self.unknown[ref_key(text)].append((text, table.name))
                            self.unknown_problems.append((self.problems[-1], ref_key(text)))
                    continue
                if entry.side != other:
                    self.add(
                        f"{text!r} is {_article(entry.side)} {entry.side.value}: "
                        f"{_article(company.side)} {company.side.value}'s wishes name "
                        f"{other.value}s",
                        table,
                        row.num,
                        "wishes",
                    )
                    continue
                if entry.cid not in wished:
                    wished.append(entry.cid)
            for rank, cid in enumerate(wished, start=1):
                if company.side == Side.EXPORTER:
                    self.add_request(company.id, cid, wish_priority(rank), RequestedBy.EXPORTER)
                else:
                    self.add_request(cid, company.id, wish_priority(rank), RequestedBy.BUYER)
            out.append(dc_replace(company, wishes=tuple(wished)))
        return out

    # ------------------------------------------------------------- requests
    def read_requests(self) -> None:
        table = self.table(REQUESTS)
        if table is None:
            return
        for row in table.rows:
            exporter = self.resolve_side(table, row, "exporter", Side.EXPORTER, "exporter")
            buyer = self.resolve_side(table, row, "buyer", Side.BUYER, "buyer")
            priority = self.cell(table, row, "priority", _parse_priority, 2)
            by = self.cell(table, row, "requested_by", _parse_requested_by, RequestedBy.EXPORTER)
            if exporter and buyer and priority and by:
                self.add_request(exporter, buyer, priority, by)

    # ------------------------------------------------------ unavailability
    def read_unavailability(self, mission: Mission | None) -> None:
        table = self.table(UNAVAILABILITY)
        if table is None:
            return
        day_start = mission.day_start if mission else time(0, 0)
        day_end = mission.day_end if mission else _END_OF_DAY
        for row in table.rows:
            text = row.text("participant")
            participant: str | None
            if not text:
                self.require("the participant is required", table, row, "participant")
                participant = None
            elif ref_key(text) in _GROUP_WORDS:
                participant = _GROUP_WORDS[ref_key(text)]
            else:
                entry, silent = self.resolve(text)
                participant = entry.cid if entry else None
                if participant is None and not silent:
                    parts = [t for t in re.split(r"[;,\n]", text) if t.strip()]
                    several = len(parts) > 1 and all(self.resolve(t.strip())[0] for t in parts)
                    self.add(
                        f"unknown participant {text!r}"
                        + (
                            "; one row per participant (copy the row for each)"
                            if several
                            else self.suggest(text)
                            or " (an id, a company name, ALL, EXPORTERS or BUYERS)"
                        ),
                        table,
                        row.num,
                        "participant",
                    )
                    self.unknown[ref_key(text)].append((text, table.name))
                    self.unknown_problems.append((self.problems[-1], ref_key(text)))
            day = self.cell(table, row, "date", self.parse_date)
            self.dated_rows += day is not None
            if row.blank("date"):
                self.require("the date is required", table, row, "date")
            elif day is not None and mission is not None and day not in mission.dates:
                self.add(_not_a_mission_day(day, mission), table, row.num, "date")
                self.off_days.append(day)
                day = None
            start = self.cell(table, row, "start", parse_time, day_start)
            end = self.cell(table, row, "end", parse_time, day_end)
            self.times_of_another_day(table, row, day, ("start", "end"))
            if start is not None and end is not None and start >= end:
                self.add(
                    f"the end {_fmt(end)} must be after the start {_fmt(start)}",
                    table,
                    row.num,
                    "end",
                )
                continue
            if (
                mission is not None
                and start is not None
                and end is not None
                and end <= day_start
                and start.hour < 12
                and day_start <= time(start.hour + 12, start.minute) < day_end
            ):
                # '2:00 - 5:00' for 14:00-17:00 blocked nothing, without a word (a
                # tester); an evening event or a breakfast (19:00-22:00, 07:00-09:00) is
                # fine as it is, and was warned about (a second reader): only a block
                # whose afternoon reading falls within the day.
                log.warning(
                    "%s, sheet %s, row %d: %s-%s is outside the day's hours (%s-%s): it "
                    "blocks no meeting; if the afternoon was meant, type 24-hour times "
                    "(14:00, not 2:00)",
                    table.file, table.name, row.num, _fmt(start), _fmt(end),
                    _fmt(day_start), _fmt(day_end),
                )  # fmt: skip
            if participant and day and start is not None and end is not None:
                self.unavailability.append(
                    Unavailability(participant, day, start, end, row.text("reason"))
                )

    def clock_changes(self, mission: Mission | None) -> None:
        """Close to meetings, with a warning, the times of the mission's hours that a
        clock change skips or repeats (:func:`~asmex_sched.domain.clock_change_blocks`;
        they were planned without a word, a tester)."""
        if mission is None:
            return
        slots = build_slots(mission)
        for block in clock_change_blocks(mission):
            if not any(
                s.day == block.day and s.start < block.end and block.start < s.end for s in slots
            ):
                continue  # within a break: no meeting there anyway
            self.unavailability.append(block)
            self.clock_notes.append(block)
        if self.calendar_hints:
            self.clock_change_hint(mission)

    def clock_change_hint(self, mission: Mission) -> None:
        """The warning of :meth:`clock_changes`, naming the ``timezone`` row; given by
        ``plan`` when it plans, not on every no-op cron run (a reader: mailed every
        half hour), as the weekend hints are."""
        raw = self.mission_raw
        where = (
            f"{raw.file}, sheet {raw.name}, row {self.mission_rows['timezone']}"
            if raw is not None and "timezone" in self.mission_rows
            else str(self.file)
        )
        for block in self.clock_notes:
            log.warning(
                "%s: timezone %s: on %s %s (the clocks %s): no meeting is planned then",
                where, mission.timezone, f"{block.day:%A %d %B %Y}",
                block.reason.removeprefix(CLOCK_CHANGE),
                "go forward" if block.reason.endswith("does not exist") else "go back",
            )  # fmt: skip

    # ---------------------------------------------------------------- fixed
    def parse_date(self, value: object) -> date:
        """:func:`parse_date` in the workbook's date system."""
        return parse_date(value, self.epoch)

    def times_of_another_day(
        self, table: _Table, row: _Row, day: date | None, columns: Sequence[str]
    ) -> None:
        """A time cell holding a date and a time (what Excel makes of '13/11/2025 10:00')
        of another day than the row's date: its date was dropped without a word, and the
        meeting or absence read on the row's day (a fuzzer)."""
        for column in columns:
            value = row.get(column)
            if (
                day is not None
                and isinstance(value, datetime)
                and value.year > 1900
                and value.time() != time(0, 0)  # a date alone: parse_time said so
                and value.date() != day
            ):
                self.add(
                    f"{_text(value)} holds a date and a time, but the row's date is "
                    f"{day.isoformat()}: type the time alone here (the day goes in date)",
                    table,
                    row.num,
                    column,
                )

    def read_fixed(self, draft: Instance | None) -> list[FixedMeeting]:
        table = self.table(FIXED)
        out: list[FixedMeeting] = []
        if table is None:
            return out
        pairs: dict[tuple[str, str], int] = {}
        per_company: dict[tuple[str, int], int] = {}
        per_table: dict[tuple[int, int], int] = {}
        per_slot: dict[int, int] = {}
        total: dict[str, int] = {}
        for row in table.rows:
            exporter = self.resolve_side(table, row, "exporter", Side.EXPORTER, "exporter")
            buyer = self.resolve_side(table, row, "buyer", Side.BUYER, "buyer")
            day = self.cell(table, row, "date", self.parse_date)
            start = self.cell(table, row, "start", parse_time)
            self.times_of_another_day(table, row, day, ("start",))
            for column in ("date", "start"):
                if row.blank(column):
                    self.require(f"the {column} is required", table, row, column)
            tables = draft.mission.tables if draft else None
            number = self.cell(table, row, "table", lambda v: parse_int(v, 1))
            if number is not None and tables is not None and number > tables:
                self.add(
                    f"table {number} does not exist (tables 1 to {tables})", table, row.num, "table"
                )
                number = None
            if exporter and buyer:
                key = (exporter, buyer)
                if key in pairs:
                    self.add(
                        f"{exporter!r} and {buyer!r} already have a fixed meeting "
                        f"(row {pairs[key]})",
                        table,
                        row.num,
                        "exporter",
                    )
                    continue
                pairs[key] = row.num
            if not (exporter and buyer and day and start is not None):
                continue
            if (exporter, buyer) not in self.requests:
                self.add_request(exporter, buyer, 1, RequestedBy.BOTH)
            meeting = FixedMeeting(exporter, buyer, day, start, number, source="fixed")
            out.append(meeting)
            if draft is None:
                continue
            self.dated_rows += 1
            slot = draft.slot_of(day, start)
            if slot is None:
                if day not in draft.mission.dates:
                    self.add(_not_a_mission_day(day, draft.mission), table, row.num, "date")
                    self.off_days.append(day)
                else:
                    self.add(_not_a_slot(start, day, draft), table, row.num, "start")
                continue
            changed = next(
                (u.reason for u in clock_change_blocks(draft.mission)
                 if u.day == slot.day and slot.start < u.end and u.start < slot.end),
                "",
            )  # fmt: skip
            if changed:  # said once, with its cause, not as two companies away
                self.add(
                    f"{slot.label}: the clocks change then in {draft.mission.timezone} "
                    f"({changed.removeprefix(CLOCK_CHANGE)}): choose another time",
                    table, row.num, "start",
                )  # fmt: skip
                continue
            for cid, column in ((exporter, "exporter"), (buyer, "buyer")):
                if slot.index not in draft.available.get(cid, frozenset()):
                    self.add(f"{cid!r} is unavailable at {slot.label}", table, row.num, column)
                n = per_company[(cid, slot.index)] = per_company.get((cid, slot.index), 0) + 1
                delegates = draft.companies[cid].delegates
                if n > delegates:
                    self.add(
                        f"{cid!r} has {n} fixed meetings at {slot.label} but "
                        f"{delegates} delegate(s)",
                        table,
                        row.num,
                        column,
                    )
                total[cid] = total.get(cid, 0) + 1
                cap = draft.companies[cid].max_meetings
                if cap is not None and total[cid] == cap + 1:
                    self.add(
                        f"{cid!r} has more fixed meetings than its max_meetings ({cap})",
                        table,
                        row.num,
                        column,
                    )
            if number is not None:
                seat = (slot.index, number)
                if seat in per_table:
                    self.add(
                        f"table {number} at {slot.label} is already taken by row {per_table[seat]}",
                        table,
                        row.num,
                        "table",
                    )
                else:
                    per_table[seat] = row.num
            per_slot[slot.index] = per_slot.get(slot.index, 0) + 1
            if per_slot[slot.index] == draft.mission.tables + 1:
                self.add(
                    f"more fixed meetings at {slot.label} than tables ({draft.mission.tables})",
                    table,
                    row.num,
                    "start",
                )
        return out

    # ------------------------------------------------------------------ run
    def run(self) -> Instance:
        if not self.load():
            raise InputError(self.problems)
        self.read_mission()
        exporters = self.read_companies(EXPORTERS, Side.EXPORTER)
        buyers = self.read_companies(BUYERS, Side.BUYER)
        self.exporters = self.read_wishes(exporters)
        self.buyers = self.read_wishes(buyers)
        self.read_requests()
        mission = self.build_mission()
        self.read_unavailability(mission)
        self.clock_changes(mission)
        draft = None
        if mission is not None:
            draft = Instance(
                mission=mission,
                exporters=tuple(self.exporters),
                buyers=tuple(self.buyers),
                requests=tuple(self.requests.values()),
                unavailability=tuple(self.unavailability),
            )
        fixed = self.read_fixed(draft)
        self.first_day_hint(mission)
        self.loose()
        self.unread_wishes()
        self.unread_sheets_of_wishes(mission)
        self.no_id_column_hint()
        self.withdrawn_hint()
        self.split_rows()
        if self.problems or mission is None:
            raise InputError(self.problems)
        instance = Instance(
            mission=mission,
            exporters=tuple(self.exporters),
            buyers=tuple(self.buyers),
            requests=tuple(self.requests.values()),
            unavailability=tuple(self.unavailability),
            fixed=tuple(fixed),
        )
        if self.calendar_hints:
            self.weekend_hint(instance)
        # A cap of 0 typed for "no cap" left a company with no meeting, and the
        # summary said every exporter held what its requests allowed (a tester).
        asked = Counter(cid for r in instance.requests for cid in r.key)
        for c in (*instance.exporters, *instance.buyers):
            if c.max_meetings == 0 and asked[c.id]:
                log.warning(
                    "%s: %s (id %s) has max_meetings 0 and %d request(s): it gets no "
                    "meeting; for no cap, leave max_meetings blank",
                    self.file, c.name, c.id, asked[c.id],
                )  # fmt: skip
        _warn_same_address(self.file, (*instance.exporters, *instance.buyers))
        _warn_sectors_joined(self.file, (*instance.exporters, *instance.buyers))
        return dc_replace(instance, input_hash=fingerprint(instance))


def _warn_sectors_joined(file: Path, companies: Sequence[Company]) -> None:
    """Sectors joined by ',' as a form exports a multiple choice ('Agroalimentaire,
    Cosmétique'): read as one sector, each a sector of other companies, and counted
    apart in the organisers' summary (a tester). A warning: a sector's own name may
    hold a comma ('Agriculture, food and beverages')."""
    # a sector: one that stands alone in a cell, or in two cells joined ones
    # ('Agroalimentaire, Cosmétique' and 'Agroalimentaire, Textile'; a reader)
    in_joined = Counter(
        p.strip().casefold() for c in companies for s in c.sectors if "," in s
        for p in set(s.split(",")) if p.strip()
    )  # fmt: skip
    alone = {s.casefold() for c in companies for s in c.sectors if "," not in s}
    alone |= {p for p, n in in_joined.items() if n > 1}
    joined = [
        (c, s) for c in companies for s in c.sectors
        if "," in s and all(p.strip().casefold() in alone for p in s.split(",") if p.strip())
        and len([p for p in s.split(",") if p.strip()]) > 1
    ]  # fmt: skip
    if joined:
        (c, s), more = joined[0], len(joined) - 1
        log.warning(
            "%s: the sectors cell %r of %s (%s) joins with ',' sectors other companies "
            "have: it is read as one sector; sectors are separated by ';'%s",
            file, s, c.name, c.id, f" ({more} more such cell(s))" if more else "",
        )  # fmt: skip


def _a_phone(text: str) -> str:
    """The phone a cell holds, ``""`` for one Excel wrote in scientific notation
    (``2.547E+11``: a number column saved as CSV), whose last digits are lost: it was
    sent as typed in every agenda (an input tester)."""
    return "" if re.fullmatch(r"[+]?\d+(?:[.,]\d+)?\s*[eE]\s*[+]?\d+", text) else text


def _an_address(text: str) -> str:
    """The address an e-mail cell holds, ``""`` for none: one written with a full-width
    ``＠`` or disguised against spam (``jane [at] agro.ke``, ``ali(at)st.tn``) as a mail
    merge can use it, ``jane@agro.ke`` (kept as typed, no merge could send to it; a
    reader)."""
    address = re.sub(r"\s*[\[(]\s*at\s*[\])]\s*", "@", text.replace("\uff20", "@"),
                     flags=re.I)  # fmt: skip
    if address != text:  # and its dots: 'ali (at) st (dot) tn' (a reader)
        address = re.sub(r"\s*[\[(]\s*dot\s*[\])]\s*", ".", address, flags=re.I)
    return address if "@" in address else ""


def _warn_same_address(file: Path, companies: Sequence[Company]) -> None:
    """Companies of one side giving the same e-mail address: a registration sent twice
    under two spellings ('Savannah Grocers' and 'Savannah Grocers Ltd', the same
    person) was planned as two buyers, its one person booked at two tables at once (a
    tester). A warning: a group may register two firms under one address."""
    by_address: dict[tuple[Side, str], list[Company]] = defaultdict(list)
    for c in companies:
        if c.email:
            by_address[(c.side, c.email.strip().casefold())].append(c)
    for (_, address), same in by_address.items():
        if len(same) > 1:
            log.warning(
                "%s: %s give the same e-mail address (%s): one company registered twice? "
                "Both are planned, as two companies; if they are one, delete one row",
                file,
                " and ".join(f"{c.name} ({c.id})" for c in same) if len(same) <= 3 else
                f"{len(same)} companies ({', '.join(c.id for c in same[:3])}...)",
                address,
            )  # fmt: skip


def mission_setting_cells(path: Path) -> dict[str, tuple[str, str, int, str]]:
    """Where each setting of the roster's Mission sheet is typed: ``(file, sheet, row,
    value column)`` by setting name, for messages about the mission as a whole (a
    programme changed under meetings already held named the sheet alone; a docs
    auditor). Empty when the sheet cannot be read."""
    # without the warnings given when the roster was read (they came twice)
    reader = _RosterReader(Path(path), calendar_hints=False)
    was, log.disabled = log.disabled, True
    try:
        if not reader.load():
            return {}
        reader.read_mission()
    finally:
        log.disabled = was
    raw = reader.mission_raw
    if raw is None:
        return {}
    value = reader.mission_labels[1]
    return {key: (raw.file, raw.name, row, value) for key, row in reader.mission_rows.items()}


def company_cells(path: Path) -> dict[str, tuple[str, str, int, str]]:
    """Where each company of the roster is defined: ``(file, sheet, row, id column as
    written)`` by id, for messages about a company as a whole. Empty when the roster
    cannot be read."""
    reader = _RosterReader(Path(path), calendar_hints=False)
    was, log.disabled = log.disabled, True  # its warnings were given when it was read
    try:
        if not reader.load():
            return {}
        out: dict[str, tuple[str, str, int, str]] = {}
        for spec, side in ((EXPORTERS, Side.EXPORTER), (BUYERS, Side.BUYER)):
            for company, table, row in reader.read_companies(spec, side):
                out.setdefault(
                    company.id, (table.file, table.name, row.num, table.header.get("id", "id"))
                )
        return out
    except Exception:  # noqa: BLE001 - a place for a message, never a new failure
        return {}
    finally:
        log.disabled = was


def read_roster(path: Path) -> Instance:
    """Read and validate a roster; every problem is reported in one InputError.

    ``path`` is an ``.xlsx`` workbook or a folder of ``.csv`` files named after
    the sheets. The returned Instance carries ``input_hash = fingerprint(...)``.
    Warns of mission days on the host country's weekend days and public holidays
    (:func:`read_roster_deferring_hints` when they are wanted only if it is planned).
    """
    return _RosterReader(Path(path)).run()


def _open_in_a_spreadsheet_hint(path: Path) -> None:
    """Warn when the roster workbook is open in Excel or LibreOffice (their lock file
    beside it): ``plan`` reads it as last saved, and a change typed there and not saved
    yet is not planned (a roster tester: nothing said)."""
    if path.is_dir():
        return
    for lock in (path.with_name(f"~${path.name}"), path.with_name(f".~lock.{path.name}#")):
        if lock.exists():
            log.warning(
                "%s looks open in a spreadsheet program (%s beside it): it is read as last "
                "saved; save it there first if you changed it since",
                path,
                lock.name,
            )
            return


def read_roster_deferring_hints(path: Path) -> tuple[Instance, Callable[[], None]]:
    """:func:`read_roster` without its title-row, weekend and public-holiday warnings,
    and a function that gives them (``plan`` gives them when it plans, not on a no-op run;
    the roster is not read again for them)."""
    reader = _RosterReader(Path(path), calendar_hints=False)
    try:
        instance = reader.run()
    except InputError:
        reader.deferred_title_rows()  # beside the problems: where the header was taken
        _open_in_a_spreadsheet_hint(Path(path))  # a fix typed there, not saved yet?
        raise

    def hints() -> None:
        _open_in_a_spreadsheet_hint(Path(path))
        reader.deferred_title_rows()
        reader.breaks_hint(instance.mission)
        reader.first_day_weekend_hint()
        reader.weekend_hint(instance)
        reader.clock_change_hint(instance.mission)

    return instance, hints
