"""The roster reader: every sheet read into the domain's Instance, every problem kept.

All problems are collected and raised together as one
:class:`~asmex_sched.errors.InputError`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace as dc_replace
from datetime import datetime
from pathlib import Path

from asmex_sched.domain import Company, Instance, Mission, Side, fingerprint
from asmex_sched.errors import InputError
from asmex_sched.io.office_locks import spreadsheet_lock
from asmex_sched.io.roster.companies import (
    _CompaniesReading,
    _warn_no_request,
    _warn_same_address,
    _warn_sectors_joined,
)
from asmex_sched.io.roster.dated import _DatedReading
from asmex_sched.io.roster.mission import _MissionReading
from asmex_sched.io.roster.raw import TEXT_SUFFIXES, _Row, _Table
from asmex_sched.io.roster.sheets import _SheetsReading
from asmex_sched.io.roster.specs import BUYERS, EXPORTERS, REQUESTS, SheetSpec
from asmex_sched.io.roster.unread import _UnreadHints

log = logging.getLogger("asmex_sched")


class _RosterReader(
    _SheetsReading, _UnreadHints, _MissionReading, _CompaniesReading, _DatedReading
):
    """The roster reader: its parts joined, and :meth:`run`, the order they read in."""

    def run(self) -> Instance:
        if not self.load():
            raise InputError(self.problems)
        self.read_mission()
        before = len(self.problems)
        exporters = self.read_companies(EXPORTERS, Side.EXPORTER)
        self.exporters_unsure = len(self.problems) > before or "exporters" not in self.sheets
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
        self.weekend_hint(instance)
        # A cap of 0 typed for "no cap" left a company with no meeting, and the
        # summary said every exporter held what its requests allowed (a tester). Not
        # "it gets no meeting": in a re-plan the meetings it held stay (a tester saw
        # that line beside "it holds 4 meetings ...: kept").
        # At its cell, under the column as typed ('Rendez-vous max'; "max_meetings" was
        # said of a French roster's, with no sheet nor row; a French coordinator's tester).
        asked = Counter(cid for r in instance.requests for cid in r.key)
        cells = {c.id: (t, row) for c, t, row in (*exporters, *buyers)}
        for c in (*instance.exporters, *instance.buyers):
            if c.max_meetings == 0 and asked[c.id]:
                table, row = cells[c.id]
                column = table.header.get("max_meetings", "max_meetings")
                log.warning(
                    "%s, sheet %s, row %d, column %s: %s (id %s) has %s 0 and %d "
                    "request(s): no new meeting is planned for it (a re-plan keeps those "
                    "held or within the notice period); for no cap, leave %s blank",
                    table.file, table.name, row.num, column, c.name, c.id, column,
                    asked[c.id], column,
                )  # fmt: skip
        # A roster with no request but its Fixed rows warns of that as a whole (services'
        # baseline), and a mission planned from its Fixed sheet names no one else.
        fixed_keys = {f.key for f in instance.fixed}
        if any(r.key not in fixed_keys for r in instance.requests):
            wishes = {
                side: self.wishes_place(entries, spec)
                for side, entries, spec in ((Side.EXPORTER, exporters, EXPORTERS),
                                            (Side.BUYER, buyers, BUYERS))
            }  # fmt: skip
            raw = self.sheets.get(REQUESTS.key)
            requests = f"sheet {raw.name!r}" if raw is not None else f"a sheet {REQUESTS.name!r}"
            for side, companies, spec in ((Side.EXPORTER, instance.exporters, EXPORTERS),
                                          (Side.BUYER, instance.buyers, BUYERS)):  # fmt: skip
                other = Side.BUYER if side == Side.EXPORTER else Side.EXPORTER
                where = f"{wishes[side]}; in {requests}; or in {wishes[other]}"
                named_as = (self.sheet_named(REQUESTS), self.column_named(spec, "max_meetings"))
                _warn_no_request(self.file, side, companies, asked, where, named_as)
        _warn_same_address(self.file, (*instance.exporters, *instance.buyers))
        _warn_sectors_joined(self.file, (*instance.exporters, *instance.buyers))
        return dc_replace(instance, input_hash=fingerprint(instance))

    @staticmethod
    def wishes_place(entries: list[tuple[Company, _Table, _Row]], spec: SheetSpec) -> str:
        """Where a side's wishes are typed, as the roster names it: its sheet and its
        wishes column (:func:`_warn_no_request`)."""
        table = entries[0][1] if entries else None
        sheet = table.name if table is not None else spec.name
        column = table.header.get("wishes") if table is not None else None
        return f"sheet {sheet!r}, column {column or 'wishes'!r}"










class _Quiet:
    """Logging off while a roster is read again for a message: its warnings were given
    when it was read (they came twice)."""

    def __enter__(self) -> None:
        self.was, log.disabled = log.disabled, True

    def __exit__(self, *exc: object) -> None:
        log.disabled = self.was


def _mission_reader(path: Path) -> _RosterReader | None:
    """The roster's Mission sheet read alone, quietly; ``None`` when it cannot be read.
    One reader for the three places that look the settings up for a message (a re-read:
    each had its own copy)."""
    reader = _RosterReader(Path(path))
    with _Quiet():
        try:
            if not reader.load():
                return None
            reader.read_mission()
        except Exception:  # noqa: BLE001 - a place for a message, never a new failure
            return None
    return reader


def mission_setting_cells(path: Path) -> dict[str, tuple[str, str, int, str]]:
    """Where each setting of the roster's Mission sheet is typed: ``(file, sheet, row,
    value column)`` by setting name, for messages about the mission as a whole (a
    programme changed under meetings already held named the sheet alone; a docs
    auditor). Empty when the sheet cannot be read."""
    reader = _mission_reader(path)
    raw = reader.mission_raw if reader else None
    if reader is None or raw is None:
        return {}
    value = reader.mission_labels[1]
    return {key: (raw.file, raw.name, row, value) for key, row in reader.mission_rows.items()}


def mission_setting_named(path: Path, key: str) -> tuple[str, str]:
    """Where the Mission setting ``key`` is typed (``roster.xlsx, sheet Paramètres, row
    14``; the file alone when the sheet cannot be read, no row when the setting is not
    typed) and its name as typed (``Interprètes (interpreters)``), for messages about the
    plan that name a setting: "the Mission setting 'interpreters'" was said of a French
    roster's ``Interprètes`` (a French coordinator's tester)."""
    reader = _mission_reader(path)
    raw = reader.mission_raw if reader else None
    if reader is None or raw is None:
        return str(path), key
    row = reader.mission_rows.get(key)
    return f"{raw.file}, sheet {raw.name}" + (f", row {row}" if row else ""), reader.setting(key)


def roster_mission(path: Path) -> Mission | None:
    """The roster's Mission settings alone, ``None`` when they cannot be read, for a
    roster refused for its other sheets: ``plan`` tells beside their problems a
    programme changed under meetings already held, which left a Fixed row of a meeting
    held off the slot grid: that row alone was said (a tester who moved day_start on a
    mission's evening)."""
    reader = _mission_reader(path)
    if reader is None:
        return None
    with _Quiet():
        try:
            return reader.build_mission()
        except Exception:  # noqa: BLE001 - a place for a message, never a new failure
            return None


def company_cells(path: Path) -> dict[str, tuple[str, str, int, str]]:
    """Where each company of the roster is defined: ``(file, sheet, row, id column as
    written)`` by id, for messages about a company as a whole. Empty when the roster
    cannot be read."""
    reader = _RosterReader(Path(path))
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
    yet is not planned (a roster tester: nothing said). In a folder, of each CSV file
    open so (``~$Requests.csv``, ``.~lock.Requests.csv#``), as of a workbook: skipped
    without a word (a CSV-folder tester)."""
    if path.is_dir():
        try:
            files = sorted(
                p for p in path.iterdir()
                if p.suffix.lower() in TEXT_SUFFIXES and not p.name.startswith(("~$", "."))
            )  # fmt: skip
        except OSError:
            return
        for file in files:
            _open_in_a_spreadsheet_hint(file)
        return
    found = spreadsheet_lock(path)
    if found is not None:
        lock, note = found  # where and when it was set, and whether it looks left behind
        log.warning(
            "%s looks open in a spreadsheet program (%s beside it%s): it is read as last "
            "saved; save it there first if you changed it since",
            path,
            lock.name,
            f"; {note}" if note else "",
        )


@contextmanager
def _holding(held: list[logging.LogRecord]) -> Iterator[None]:
    """The warnings logged meanwhile kept in ``held``, not given."""

    def hold(record: logging.LogRecord) -> bool:
        held.append(record)
        return False

    log.addFilter(hold)
    try:
        yield
    finally:
        log.removeFilter(hold)


class RosterHints:
    """What reading a roster had to say, for ``plan`` to give when it plans
    (:meth:`give`) and to hold back on a run with nothing to do (:meth:`hold_back`):
    the roster's own warnings (an address that is not one, a company with
    ``max_meetings`` 0, columns ignored) and its hints (sheet names, title rows,
    weekends, public holidays, clock changes). Each was mailed by cron
    every half hour, under ``--quiet`` too, for a roster nobody had changed (testers,
    one warning at a time; the reading gives the same ones as when it was planned)."""

    def __init__(self, path: Path, held: list[logging.LogRecord]) -> None:
        self._path = path
        self._held = held
        self._given = False

    def _replay(self, level: int | None = None) -> None:
        for record in self._held:
            if level is not None:
                record.levelno, record.levelname = level, logging.getLevelName(level)
            log.handle(record)
        self._held = []

    def give(self) -> None:
        """Give them all, in the order they were found, and whether the roster is open
        in a spreadsheet program now; once."""
        if self._given:
            return
        self._given = True
        self._replay()
        _open_in_a_spreadsheet_hint(self._path)

    def hold_back(self) -> int:
        """Log the roster's warnings at DEBUG (``-v`` shows them); how many were warnings
        (its INFO lines, the buyers no request names, are held too, not counted: "the
        roster's 2 warning(s)" beside one; a test)."""
        n = sum(record.levelno >= logging.WARNING for record in self._held)
        self._given = True
        self._replay(logging.DEBUG)
        return n


def read_roster_deferring_hints(
    path: Path, now: datetime | None = None
) -> tuple[Instance, RosterHints]:
    """:func:`read_roster` without its warnings, and a :class:`RosterHints` that gives
    them (``plan`` gives them when it plans, not on a run with nothing to do; the roster
    is not read again for them). A roster refused gives them beside its problems.
    ``now`` (naive: in the mission's timezone; aware: converted), when given: a Fixed
    row off the slot grid before it is said to be a meeting already held."""
    held: list[logging.LogRecord] = []
    try:
        with _holding(held):
            instance = _RosterReader(Path(path), now).run()
    except Exception as exc:
        # beside the problems: which file was read, where a header was taken, a column
        # ignored
        for record in held:
            log.handle(record)
        if isinstance(exc, InputError):
            _open_in_a_spreadsheet_hint(Path(path))  # a fix typed there, not saved yet?
        raise
    return instance, RosterHints(Path(path), held)
