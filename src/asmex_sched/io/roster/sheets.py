"""The roster's sheets found: the workbook or folder opened, each sheet matched to a
roster sheet by its name or columns, its header row and columns found, and what was
misplaced in it (a header slipped a row, a CSV row split on a separator) said.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from asmex_sched.errors import Problem
from asmex_sched.io.roster.cells import (
    _AVAILABLE_WORDS,
    _NOT_THIS_SHEET,
    _NOT_WORDS,
    _WORDS_RANK,
    _alias_map,
    _alias_rank,
    _Bad,
    _column_letter,
    _header_index,
    _header_label,
    _header_undecorated,
    _is_blank,
    _near_miss,
    _no_header,
    _numbered_wish,
    _repeated_header,
    _sheet_key_in,
    _sheet_keys,
    _sheet_rank,
    _spec,
    _text,
    _unopenable,
    _words,
    parse_breaks,
)
from asmex_sched.io.roster.raw import (
    TEXT_SUFFIXES,
    _BeingSaved,
    _csv_error_cells,
    _CsvRowError,
    _fits,
    _header_columns,
    _in_progress,
    _is_agenda,
    _RawSheet,
    _read_csv,
    _read_workbook,
    _Row,
    _sheet_meant,
    _Table,
    _text_file,
    _unreadable_cells,
    _warn_title_rows,
    _workbooks_in,
)
from asmex_sched.io.roster.specs import SHEETS, SheetSpec
from asmex_sched.io.roster.state import _ReaderBase
from asmex_sched.io.text_files import normalize_name

log = logging.getLogger("asmex_sched")


class _SheetsReading(_ReaderBase):
    """Finding the roster's sheets and each one's header row and columns."""

    def load(self) -> bool:
        path = self.path
        if not path.exists():
            self.add("no such file or folder")
            return False
        raw: list[_RawSheet] = []
        unreadable: set[str] = set()
        if path.is_dir():
            try:
                entries = sorted(path.iterdir())
                files = [
                    p
                    for p in entries
                    if p.is_file()
                    and p.suffix.lower() in TEXT_SUFFIXES
                    # Office's lock file of an open file (~$Requests.csv), hidden files
                    and not p.name.startswith(("~$", "."))
                ]
            except OSError as exc:
                self.add(f"cannot read this folder: {exc.strerror or exc}")
                return False
            keys = _sheet_keys([p.stem for p in files])
            # A download in progress beside the sheets (Requests.csv.part): the roster
            # was planned without it, exit 0 (a CSV-folder tester).
            saving = [
                Problem(
                    str(p),
                    "this is the file of a download or a save in progress in the "
                    "roster's folder (or of one that stopped before its end): a roster "
                    "caught while it is being saved (from Excel, a sync, a copy, a "
                    "download) is not read, and the next run reads it whole; if it stays "
                    "so, finish the download or delete this file",
                )
                for p in entries
                if _in_progress(p.name)
            ]
            for p in files:
                key = keys[p.stem]
                try:
                    raw.append(_read_csv(p, key or ""))
                except _BeingSaved as exc:
                    if key is not None:
                        saving.append(Problem(str(p), str(exc), p.stem, exc.row))
                    continue
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
            if saving:
                # The roster caught while being saved stops there, as a workbook that
                # does not open: the rest read without that file said "missing column
                # 'company'" or "setting 'first_day' is required" (a CSV-folder tester).
                self.problems += saving
                return False
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
            rank = _sheet_rank(chosen.name, key)
            twins = [s for s in others if _sheet_rank(s.name, key) == rank]
            # In a folder, files of one name (Unavailability.csv beside an older
            # Unavailability.txt) too: "sheet 'Unavailability' duplicates sheet
            # 'Unavailability'" named neither file (a CSV-folder tester).
            if twins and (rank == _WORDS_RANK or path.is_dir()):
                # Two downloads of one sheet ('… - Buyers.csv', '… - Buyers (1).csv'):
                # the first by name was read, the stale one (a CSV-folder tester).
                label = (lambda s: Path(s.file).name) if path.is_dir() else (lambda s: s.name)
                *firsts, last = [repr(label(s)) for s in (chosen, *twins)]
                named = f"{', '.join(firsts)} and {last}"
                self.add(
                    f"the {what}s {named} are each read as the {_spec(key).name} {what}: "
                    f"keep one, and delete or rename the other"
                    + ("s" if len(twins) > 1 else "")
                    + (" (a browser names a second download of a file ' (1)', a third "
                       "' (2)': the highest number is usually the newest)"
                       if path.is_dir() and rank == _WORDS_RANK else ""),
                    chosen,
                )  # fmt: skip
                others = [s for s in others if s not in twins]
            for sheet in others:
                if _sheet_rank(sheet.name, key) == rank:
                    self.add(f"sheet {sheet.name!r} duplicates sheet {chosen.name!r}", sheet)
                else:
                    log.warning(
                        "%s: %s %r%s is ignored: %r is read as the %s",
                        sheet.file, what, sheet.name,
                        " (hidden)" if sheet.hidden and not chosen.hidden else "",
                        chosen.name, _spec(key).name,
                    )  # fmt: skip
                    self.unread_sheets.append(sheet)
            if rank == _WORDS_RANK and not twins:
                # A Google Sheets download's name, documented: plan says it when it
                # plans, not on every no-op cron run (read_roster_deferring_hints; it
                # was mailed every 30 minutes under --quiet, a CSV-folder tester).
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
        marks = [w for w in _words(label) if w in _NOT_THIS_SHEET]
        copy_of = marks and _sheet_key_in(
            " ".join(w for w in _words(label) if w not in _NOT_THIS_SHEET)
        )
        if copy_of and copy_of in self.sheets:
            # 'Nairobi Mission - Buyers (old).csv' was told "did you mean 'Mission'?"
            # beside the Buyers file read (a CSV-folder tester).
            read = self.sheets[copy_of]
            log.warning(
                "%s: %s %r is ignored, its name marks it as not the one (%s): %r is read "
                "as the %s %s",
                sheet.file, what, label, ", ".join(repr(m) for m in marks),
                Path(read.file).name if csv_file else read.name, _spec(copy_of).name, what,
            )  # fmt: skip
        elif meant:
            log.warning(
                "%s: %s %r is ignored: did you mean %r? (sheets are read under their "
                "documented names, docs/roster.md)",
                sheet.file, what, label, meant,
            )  # fmt: skip
        self.unread_sheets.append(sheet)
        return None

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
            _warn_title_rows(raw, start + 1, first + 1, raw.rows[first])
        if start is None:
            if spec.required:
                # A blank sheet (its rows deleted with the header) was "missing column
                # 'company'", as if a header were there without it (a tester).
                what = "file" if _text_file(raw) else "sheet"
                required = [c.name for c in spec.columns if c.required]
                optional = [c.name for c in spec.columns if not c.required]
                self.add(
                    f"the {what} is empty: its first row should be the header, naming its "
                    f"columns ({', '.join(required)}; optional: {', '.join(optional)}), "
                    f"then {spec.help[0].lower()}{spec.help[1:]} under it",
                    table,
                    1,
                )
            return table
        positions: dict[str, int] = {}
        slips: list[tuple[int, str, str]] = []
        unknown: list[tuple[int, str]] = []
        # 'Choix 1', 'Choix 2': word (family), rank, position, label, surely wishes
        numbered: list[tuple[str, int, int, str, bool]] = []
        for pos, cell in enumerate(raw.rows[start]):
            label = _header_label(cell)
            canonical = keys.get(normalize_name(label)) if label else None
            if canonical is None and label:  # 'ID\n(code)' (a QA tester)
                canonical = keys.get(normalize_name(_header_undecorated(label)))
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
                named = {  # a decorated header by its name ('ID\n(code)' by 'ID')
                    h: normalize_name(h) if normalize_name(h) in rank
                    else normalize_name(_header_undecorated(h)) for h in (label, first)
                }  # fmt: skip
                if rank[named[label]] == rank[named[first]]:
                    self.add(f"column {label!r} duplicates column {first!r}", table,
                             start + 1, label)  # fmt: skip
                    continue
                kept, dropped = (
                    (first, label)
                    if rank[named[first]] < rank[named[label]]
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
        if spec.key in ("exporters", "buyers") and "delegates" not in positions:
            said = self.unread_delegates(raw, start, unknown)
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
        self.unheaded(raw, start, table)
        if spec.key in ("exporters", "buyers") and "wishes" not in table.header:
            # numbered columns are read as wishes, or ignored with a warning (read_wishes)
            read = set(positions.values()) | {n[2] for n in numbered}
            for pos, cell in enumerate(raw.rows[start]):
                if pos not in read and not _is_blank(cell):
                    cells = [(i + 1, raw.rows[i][pos]) for i in range(start + 1, len(raw.rows))
                             if pos < len(raw.rows[i]) and not _is_blank(raw.rows[i][pos])]
                    if cells:
                        self.unread_columns.append((raw, _header_label(cell), cells))
        return table

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
            label = _header_label(cell)
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

    def unheaded(self, raw: _RawSheet, header_index: int, table: _Table) -> None:
        """Remember the columns that hold values under no header, for :meth:`loose`."""
        header = raw.rows[header_index]
        found: dict[int, list[tuple[int, object]]] = {}
        for i in range(header_index + 1, len(raw.rows)):
            for pos, value in enumerate(raw.rows[i]):
                if (raw.name, pos) in self.slipped:  # a slipped header: said once
                    continue
                if not _is_blank(value) and (pos >= len(header) or _no_header(header[pos])):
                    found.setdefault(pos, []).append((i + 1, value))
        self.loose_columns += [(raw, table, pos, cells) for pos, cells in sorted(found.items())]
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

    def loose(self) -> None:
        """Columns with values under no header (once the companies are known). One that
        names companies is a problem: a wish per cell, or a ';' list of wishes split by
        a ';' CSV file, was dropped without a word. Any other (a note) is ignored, with
        a warning."""
        for raw, table, pos, cells in self.loose_columns:
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
                else _LOOSE_HINTS.get(table.spec.key, _LOOSE_HINTS["exporters"])
            )
            # The sheet's company column missing beside it (its header deleted): this
            # is likely it (a French-speaking coordinator's tester: Demandes was told
            # of wish lists).
            missing = [
                c for c in table.spec.columns
                if c.required and c.name in _COMPANY_COLUMNS and c.name not in table.header
            ]  # fmt: skip
            if len(missing) == 1:
                hint += (
                    f"; the sheet has no {missing[0].name!r} column: if this is it, head it "
                    f"{missing[0].name!r} (or {missing[0].aliases[0]!r})"
                )
            self.add(
                f"{where} names companies (row {named}) but has no header, so it would be "
                f"ignored: give it a header, or move the names; {hint}",
                raw,
                named,
                None if csv_file else _column_letter(pos),
            )

    def breaks_continued(self, raw: _RawSheet, num: int, cells: list[object]) -> bool:
        """Breaks whose list runs on past the value column: a ',' CSV file splits
        ``10:30-10:45, 12:30-14:00`` in two, and the second break was dropped as a note
        (a second reader). Other values past the value column are notes. Whether they
        did (the slot grid is then unknown)."""
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
                return True
        return False


#: How a sheet's values are laid out, said of a column of company names under no
#: header: Requests was told a list of wishes goes in one cell (a French-speaking
#: coordinator's tester).
_LOOSE_HINTS = {
    "exporters": "a list of wishes goes in one cell, separated by ';'",
    "buyers": "a list of wishes goes in one cell, separated by ';'",
    "requests": "one request per row, its exporter and its buyer each under its own header",
    "fixed": "one meeting per row, its exporter and its buyer each under its own header",
    "unavailability": "one participant per row (copy the row for each)",
}
#: The columns of a sheet that name companies, one a row.
_COMPANY_COLUMNS = frozenset(("exporter", "buyer", "participant"))
