"""The agenda workbook (output contract): write, read back, safety, determinism."""

from __future__ import annotations

import os
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from conftest import ods_bytes
from openpyxl import Workbook, load_workbook

from asmex_sched.domain import (
    REASONS,
    Change,
    ChangeKind,
    Company,
    Instance,
    Meeting,
    Mission,
    PublishedMeeting,
    Request,
    RequestedBy,
    Schedule,
    Side,
    Unscheduled,
)
from asmex_sched.errors import EXIT_BAD_INPUT, InputError
from asmex_sched.io.agenda import (
    MEETINGS_COLUMNS,
    SECTOR_PALETTE,
    day_sheet_name,
    read_agenda,
    write_agenda,
)
from asmex_sched.io.atomic import atomic_write

ODS = ods_bytes()


EVIL = '=HYPERLINK("x")'
PHONEY = "+33 phone"

MISSION = Mission(
    first_day=date(2025, 11, 10),
    name="Nairobi 2025",
    city="Nairobi",
    venue="KICC",
    timezone="Africa/Nairobi",
    days=2,
    day_start=time(9, 0),
    day_end=time(12, 0),
    meeting_minutes=30,
    breaks=((time(10, 30), time(10, 45)),),
    tables=3,
    interpreters=1,
    notice_hours=12.5,
)

EXPORTERS = (
    Company(
        "E1", "Agro SA", Side.EXPORTER, sectors=("Agri", "Food"), languages=("fr", "en"),
        delegates=2, max_meetings=8, contact="Ann Dupont", email="ann@agro.fr",
        phone=PHONEY, wishes=("B1", "B2"),
    ),
    Company(
        "E2", EVIL, Side.EXPORTER, sectors=("Energy",), languages=("fr",),
        contact="-dash", email="@at", phone="0033 1",
    ),
)
BUYERS = (
    Company("B1", "Kenya Foods", Side.BUYER, sectors=("Food",), languages=("en",)),
    Company("B2", "Sun Power", Side.BUYER, sectors=("Energy",), languages=("sw",),
            wishes=("E2",)),
    Company("B3", "Idle Ltd", Side.BUYER),
)
REQUESTS = (
    Request("E1", "B1", 1, RequestedBy.EXPORTER),
    Request("E1", "B2", 2, RequestedBy.BOTH),
    Request("E2", "B2", 1, RequestedBy.BUYER),
    Request("E2", "B3", 3, RequestedBy.EXPORTER),
)
SUMMARY = {
    "mission": "Nairobi 2025",
    "meetings": 3,
    "solver_status": "optimal",
    "objective": 22,
    "gap": 0.0125,
    "time_s": 1.5,
    "input_hash": "abc123",
}


@pytest.fixture()
def instance() -> Instance:
    return Instance(MISSION, EXPORTERS, BUYERS, REQUESTS)


@pytest.fixture()
def schedule(instance: Instance) -> Schedule:
    # Slots per day: 09:00, 09:30, 10:00, 10:45, 11:15 (break 10:30-10:45).
    assert [s.start for s in instance.slots[:5]] == [
        time(9, 0), time(9, 30), time(10, 0), time(10, 45), time(11, 15)
    ]
    return Schedule(
        (
            Meeting("E2", "B2", slot=5, table=1, locked=True),  # day 2, 09:00
            Meeting("E1", "B2", slot=1, table=2, interpreter=True),  # day 1, 09:30
            Meeting("E1", "B1", slot=0, table=3),  # day 1, 09:00
        )
    )


UNSCHEDULED = (Unscheduled("E2", "B3", "no_common_slot", "B3 only free on Tuesday afternoon"),)
CHANGES = (
    Change(
        ChangeKind.MOVED, "E2", "B2",
        old_day=date(2025, 11, 10), old_start=time(9, 30), old_table=2,
        new_day=date(2025, 11, 11), new_start=time(9, 0), new_table=1,
        reason="E2 arrives late", exporter=EVIL, buyer="Sun Power",
    ),
    Change(ChangeKind.ADDED, "E1", "B1", new_day=date(2025, 11, 10), new_start=time(9, 0),
           new_table=3, exporter="Agro SA", buyer="Kenya Foods"),
)


def _write(path: Path, instance: Instance, schedule: Schedule, **kw: object) -> Path:
    kw.setdefault("unscheduled", UNSCHEDULED)
    kw.setdefault("summary", SUMMARY)
    kw.setdefault("changes", CHANGES)
    write_agenda(path, instance, schedule, **kw)  # type: ignore[arg-type]
    return path


# ------------------------------------------------------------------ layout
def test_sheet_order_and_meetings_header(tmp_path, instance, schedule):
    path = _write(tmp_path / "out" / "agenda.xlsx", instance, schedule)
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "Summary", "Meetings", "Mon 10 Nov", "Tue 11 Nov",
        "Exporters", "Buyers", "Unscheduled", "Changes", "Mission", "Unavailability",
        "As written",
    ]
    # The copy of the meetings as written is hidden, and the only hidden sheet.
    assert [ws.title for ws in wb.worksheets if ws.sheet_state != "visible"] == ["As written"]
    as_written = [[c.value for c in r] for r in wb["As written"].iter_rows()]
    assert as_written == [[c.value for c in r] for r in wb["Meetings"].iter_rows()]
    ws = wb["Meetings"]
    assert [c.value for c in ws[1]] == [
        "meeting_id", "date", "start", "end", "table", "exporter_id", "exporter",
        "buyer_id", "buyer", "priority", "requested_by", "interpreter", "locked",
    ]
    assert list(MEETINGS_COLUMNS) == [c.value for c in ws[1]]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert rows == [
        ["E1--B1", "2025-11-10", "09:00", "09:30", 3, "E1", "Agro SA", "B1", "Kenya Foods",
         1, "exporter", "no", "no"],
        ["E1--B2", "2025-11-10", "09:30", "10:00", 2, "E1", "Agro SA", "B2", "Sun Power",
         2, "both", "yes", "no"],
        ["E2--B2", "2025-11-11", "09:00", "09:30", 1, "E2", EVIL, "B2", "Sun Power",
         1, "buyer", "no", "yes"],
    ]
    # Dates and times are text cells, so programs read them exactly.
    assert all(ws.cell(r, c).data_type == "s" for r in (2, 3, 4) for c in (2, 3, 4))
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:M4"
    assert ws["A1"].font.b


def test_summary_mission_companies_unscheduled_changes_sheets(tmp_path, instance, schedule):
    wb = load_workbook(_write(tmp_path / "a.xlsx", instance, schedule))
    summary = [[c.value for c in r] for r in wb["Summary"].iter_rows()]
    assert summary == [["key", "value"], *([k, v] for k, v in SUMMARY.items())]
    assert isinstance(wb["Summary"]["B3"].value, int)
    # Fractions stay fractions for scripts, and show as percentages in Excel.
    rows = {r[0].value: r[1] for r in wb["Summary"].iter_rows(min_row=2)}
    assert rows["gap"].value == 0.0125 and rows["gap"].number_format == "0.00%"
    assert rows["time_s"].number_format == "General"

    mission = dict(r for r in wb["Mission"].iter_rows(min_row=2, values_only=True))
    assert mission["first_day"] == "2025-11-10"
    assert mission["day_start"] == "09:00"
    assert mission["breaks"] == "10:30-10:45"
    assert mission["notice_hours"] == 12.5
    assert list(mission) == [
        "name", "city", "venue", "timezone", "first_day", "days", "day_start", "day_end",
        "meeting_minutes", "breaks", "tables", "interpreters", "notice_hours", "country",
    ]

    ex = [[c.value for c in r] for r in wb["Exporters"].iter_rows()]
    assert ex[0] == [
        "id", "company", "sectors", "languages", "delegates", "max_meetings", "contact",
        "email", "phone", "wishes", "requests", "held", "share", "left_mission", "former_ids",
    ]
    assert ex[1] == ["E1", "Agro SA", "Agri; Food", "fr; en", 2, 8, "Ann Dupont",
                     "ann@agro.fr", PHONEY, "B1; B2", 2, 2, 100, None, None]
    assert ex[2][-5:] == [2, 1, 50, None, None]
    buyers = [[c.value for c in r] for r in wb["Buyers"].iter_rows(min_row=2)]
    assert [b[-5:-2] for b in buyers] == [[1, 1, 100], [2, 2, 100], [1, 0, 0]]

    un = [[c.value for c in r] for r in wb["Unscheduled"].iter_rows()]
    assert un[1] == ["E2", EVIL, "B3", "Idle Ltd", 3, "exporter",
                     REASONS["no_common_slot"], "B3 only free on Tuesday afternoon"]
    ch = [[c.value for c in r] for r in wb["Changes"].iter_rows()]
    assert ch[1] == ["moved", "E2--B2", "E2", EVIL, "B2", "Sun Power", "2025-11-10",
                     "09:30", 2, "2025-11-11", "09:00", 1, "E2 arrives late"]


def test_changes_sheet_always_written(tmp_path, instance, schedule):
    wb = load_workbook(_write(tmp_path / "a.xlsx", instance, schedule, changes=()))
    assert wb["Changes"].max_row == 1
    assert read_agenda(tmp_path / "a.xlsx").changes == ()


def test_day_grid(tmp_path, instance, schedule):
    wb = load_workbook(_write(tmp_path / "a.xlsx", instance, schedule))
    ws = wb["Mon 10 Nov"]
    grid = [[c.value for c in r] for r in ws.iter_rows()]
    assert grid[0] == ["time", "Table 1", "Table 2", "Table 3"]
    assert [r[0] for r in grid[1:]] == [
        "09:00-09:30", "09:30-10:00", "10:00-10:30", "10:45-11:15", "11:15-11:45"
    ]
    assert grid[1] == ["09:00-09:30", None, None, "Agro SA × Kenya Foods"]
    assert grid[2] == ["09:30-10:00", None, "Agro SA × Sun Power (interp.)", None]
    assert all(v is None for r in grid[3:] for v in r[1:])
    # Colour of the exporter's first sector; sectors sorted: Agri, Energy, Food.
    assert ws["D2"].fill.fgColor.rgb.endswith(SECTOR_PALETTE[0])
    tue = wb["Tue 11 Nov"]
    assert tue["B2"].value == f"{EVIL} × Sun Power"
    assert tue["B2"].data_type == "s"
    assert tue["B2"].fill.fgColor.rgb.endswith(SECTOR_PALETTE[1])
    assert ws.freeze_panes == "B2"
    # Left to right whatever the names' script: an Arabic exporter's name first made
    # Excel show the buyer first (a multi-script tester).
    assert ws["D2"].alignment.readingOrder == 1 and tue["B2"].alignment.readingOrder == 1
    # Read-only in Excel (no password): an edit there changed nothing, without a word
    # (a walkthrough); Meetings, the sheet to edit, stays open.
    assert ws.protection.sheet and tue.protection.sheet and not ws.protection.password
    assert not ws.protection.formatColumns  # columns still resizable for printing
    assert not wb["Meetings"].protection.sheet


def test_every_sheet_prints_landscape_with_its_headings_on_each_page(
    tmp_path, instance, schedule
):
    # The day grids are what coordinators print for the venue's desk: they came out
    # portrait, cut anywhere, with neither the times nor the tables' names after the
    # first page.
    path = _write(tmp_path / "agenda.xlsx", instance, schedule)
    wb = load_workbook(path)
    grids = {"Mon 10 Nov", "Tue 11 Nov"}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        setup = ws.page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        fit = (int(setup.fitToWidth), int(setup.fitToHeight))
        assert fit == ((0, 1) if ws.title in grids else (1, 0)), ws.title
        assert ws.print_title_rows == "$1:$1", ws.title
        assert ws.print_title_cols == ("$A:$A" if ws.title in grids else None), ws.title
        assert ws.oddFooter.center.text == "&P / &N"
        assert ws.oddHeader.center.text.endswith(" — &A")
        assert instance.mission.name.replace("&", "&&") in ws.oddHeader.center.text


def test_a_long_mission_name_keeps_the_page_header_within_excels_limit(
    tmp_path, instance, schedule
):
    # Excel refuses a page header over 255 characters, codes included.
    from dataclasses import replace

    long = replace(instance, mission=replace(instance.mission, name="Mission & Co " * 30))
    wb = load_workbook(_write(tmp_path / "agenda.xlsx", long, schedule))
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            assert len(ws.oddHeader.center.text) <= 255, ws.title
            assert ws.oddHeader.center.text.startswith("Mission && Co Mission && Co")


def test_a_control_character_in_the_mission_name_leaves_the_workbooks_readable(
    tmp_path, instance, schedule
):
    # Word's Shift+Enter pasted into the name is a vertical tab: every cell dropped it,
    # but the page headers and the document title kept it, and the agenda `plan` wrote
    # could be read by nothing, its next re-plan included (a tester).
    from dataclasses import replace
    from io import BytesIO

    from asmex_sched.io.report_files import summary_xlsx_bytes

    # ... and U+FFFE or U+FFFF, which openpyxl does not drop (a reader); the line break
    # is a space (the words on either side ran together; a reader)
    name = "Mission Maroc-Kenya\x0bNairobi\x1b 2027\ufffe"
    odd = replace(instance, mission=replace(instance.mission, name=name))
    odd = replace(odd, buyers=tuple(replace(b, name=b.name + "\uffff") for b in odd.buyers))
    path = _write(tmp_path / "agenda.xlsx", odd, schedule)
    wb = load_workbook(path)
    assert wb.properties.title == "Agenda - Mission Maroc-Kenya Nairobi 2027"
    assert wb["Meetings"].oddHeader.center.text.startswith("Mission Maroc-Kenya Nairobi 2027")
    agenda = read_agenda(path)
    assert agenda.mission.name == "Mission Maroc-Kenya Nairobi 2027"
    assert all("\uffff" not in b.name for b in agenda.buyers)
    summary = load_workbook(BytesIO(summary_xlsx_bytes(agenda)))
    assert summary.properties.title == "Summary - Mission Maroc-Kenya Nairobi 2027"


def test_day_sheet_name_is_english_and_short():
    assert day_sheet_name(date(2025, 11, 10)) == "Mon 10 Nov"
    assert day_sheet_name(date(2026, 3, 1)) == "Sun 1 Mar"


# ---------------------------------------------------------------- security
def test_formula_like_text_stays_text(tmp_path, instance, schedule):
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    cells = {
        "Exporters": [("B3", EVIL), ("I2", PHONEY), ("G3", "-dash"), ("H3", "@at")],
        "Meetings": [("G4", EVIL)],
        "Unscheduled": [("B2", EVIL)],
    }
    for sheet, refs in cells.items():
        for ref, value in refs:
            cell = wb[sheet][ref]
            assert cell.value == value
            assert cell.data_type == "s", (sheet, ref)
    # No formula anywhere in the file.
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name)
    agenda = read_agenda(path)
    e2 = next(c for c in agenda.exporters if c.id == "E2")
    assert (e2.name, e2.contact, e2.email) == (EVIL, "-dash", "@at")


# ---------------------------------------------------------------- round trip
def test_the_mission_hash_is_of_the_mission_as_its_sheet_reads_back(
    tmp_path, instance, schedule
):
    # Hashed as the roster holds it, a venue with Word's line break (a vertical tab,
    # written as a space) or notice_hours 12 (read back 12.0) would be taken for a hand
    # edit of the Mission sheet: the agenda rewritten, and warned of, on every cron run.
    from dataclasses import replace

    from asmex_sched.domain import mission_hash, mission_typed_over
    from asmex_sched.io.agenda import mission_as_read

    mission = replace(MISSION, venue="KICC\x0bHall B ", notice_hours=12)
    as_read = mission_as_read(mission)
    assert (as_read.venue, as_read.notice_hours) == ("KICC Hall B", 12.0)
    assert mission_hash(as_read) != mission_hash(replace(mission, notice_hours=12.5))
    path = _write(tmp_path / "a.xlsx", instance.replace(mission=mission), schedule,
                  summary={**SUMMARY, "mission_hash": mission_hash(as_read)})  # fmt: skip
    agenda = read_agenda(path)
    assert agenda.mission == as_read and mission_typed_over(agenda) is None
    assert mission_typed_over(agenda, as_read) is None


def test_the_mission_written_reads_back_as_the_mission_hashed(tmp_path, instance, schedule):
    # The Summary's mission_written: every setting as plan wrote it, so that one typed
    # over in the Mission sheet is told with the value written (the hash alone could not
    # tell a meeting_minutes typed; a re-check tester, session 67). Not trusted when it
    # no longer matches mission_hash (the Summary typed over too).
    from dataclasses import replace

    from asmex_sched.domain import mission_hash, mission_typed_over
    from asmex_sched.io.agenda import mission_as_read, mission_written_text

    mission = replace(MISSION, venue="KICC\x0bHall B ", notice_hours=12, country="Kenya")
    as_read = mission_as_read(mission)
    hashed = {**SUMMARY, "mission_hash": mission_hash(as_read)}
    typed_over = instance.replace(mission=replace(as_read, tables=14))
    path = _write(tmp_path / "a.xlsx", typed_over, schedule,
                  summary={**hashed, "mission_written": mission_written_text(as_read)})  # fmt: skip
    agenda = read_agenda(path)
    assert agenda.mission_written == as_read and agenda.mission.tables == 14
    typed = mission_typed_over(agenda)
    assert typed is not None and (typed.settings, typed.written) == (("tables",), as_read)
    other = mission_written_text(replace(as_read, tables=as_read.tables + 1))
    path = _write(tmp_path / "b.xlsx", typed_over, schedule,
                  summary={**hashed, "mission_written": other})  # fmt: skip
    assert read_agenda(path).mission_written is None


def test_round_trip(tmp_path, instance, schedule):
    agenda = read_agenda(_write(tmp_path / "a.xlsx", instance, schedule))
    assert agenda.mission == MISSION
    assert agenda.exporters == instance.exporters
    assert agenda.buyers == instance.buyers
    assert agenda.meetings == (
        PublishedMeeting("E1", "B1", date(2025, 11, 10), time(9, 0), time(9, 30), 3,
                         "Agro SA", "Kenya Foods", 1, "exporter", False, False),
        PublishedMeeting("E1", "B2", date(2025, 11, 10), time(9, 30), time(10, 0), 2,
                         "Agro SA", "Sun Power", 2, "both", True, False),
        PublishedMeeting("E2", "B2", date(2025, 11, 11), time(9, 0), time(9, 30), 1,
                         EVIL, "Sun Power", 1, "buyer", False, True),
    )
    assert agenda.unscheduled == UNSCHEDULED
    assert agenda.changes == CHANGES
    assert agenda.summary == {
        "mission": "Nairobi 2025", "meetings": "3", "solver_status": "optimal",
        "objective": "22", "gap": "0.0125", "time_s": "1.5", "input_hash": "abc123",
    }
    assert list(agenda.summary) == list(SUMMARY)
    assert agenda.input_hash == "abc123"


def test_read_accepts_coordinator_edits(tmp_path, instance, schedule):
    """Re-typed Excel dates/times, locked words, blank end, extra columns."""
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    ws = wb["Meetings"]
    ws["B2"] = datetime(2025, 11, 10)
    ws["C2"] = time(9, 0)
    ws["D2"] = None
    ws["B3"] = date(2025, 11, 10)
    ws["C3"] = 0.3958333333  # 09:30 as a fraction of a day
    ws["E3"] = 2.0
    ws["B4"] = "10/11/2025"  # day first, as the roster accepts it (check refused it)
    for row, word in zip((2, 3, 4), ("Oui", "TRUE", ""), strict=True):
        ws.cell(row, 13).value = word
    ws["N1"] = "notes"
    ws["N2"] = "called them"
    wb.save(path)
    meetings = read_agenda(path).meetings
    assert [(m.day, m.start, m.end, m.table) for m in meetings[:2]] == [
        (date(2025, 11, 10), time(9, 0), time(9, 30), 3),
        (date(2025, 11, 10), time(9, 30), time(10, 0), 2),
    ]
    assert [m.locked for m in meetings] == [True, True, False]
    assert meetings[2].day == date(2025, 11, 10)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("yes", True), ("no", False), ("true", True), ("false", False), (1, True), (0, False),
     ("1", True), ("0", False), ("oui", True), ("non", False), (None, False)],
)
def test_locked_words(tmp_path, instance, schedule, word, expected):
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    wb["Meetings"]["M2"] = word
    wb.save(path)
    assert read_agenda(path).meetings[0].locked is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Vrai", True), ("FAUX", False), ("✔", True), ("✔\ufe0f", True), ("✓", True),
     ("☑", True), ("verrouillé", True), ("Verrouille", True), ("Locked", True),
     ("déverrouillé", False), ("unlocked", False)],
)
def test_locked_words_of_a_french_coordinator(tmp_path, instance, schedule, word, expected):
    # A French-speaking coordinator's tester: 'Vrai', '✔' and 'verrouillé' gave
    # "locked 'Vrai' is not yes or no" (exit 2).
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    wb["Meetings"]["M2"] = word
    wb.save(path)
    assert read_agenda(path).meetings[0].locked is expected


def test_a_yes_or_no_refused_lists_the_words_read(tmp_path, instance, schedule):
    # The same tester: the problem did not say what a yes/no cell takes; the lock's
    # words are locked's own, not the interpreter's.
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    wb["Meetings"]["M2"] = "peut-être"
    wb["Meetings"]["L2"] = "verrouillé"
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_agenda(path)
    said = {p.column: p.message for p in info.value.problems}
    assert said["M (locked)"] == (
        "locked 'peut-être' is not yes or no (yes: yes, y, oui, o, true, vrai, 1, x, ✔, ✓, "
        "☑, ✅, verrouillé, locked; no: no, n, non, false, faux, 0, ☐, déverrouillé, "
        "unlocked, or blank)"
    )
    assert said["L (interpreter)"].startswith(
        "interpreter 'verrouillé' is not yes or no (yes: yes, y,"
    )
    assert "locked" not in said["L (interpreter)"]


def test_agenda_without_locked_column_reads_as_unlocked(tmp_path, instance, schedule):
    # an older file: written before the locked column, and before its As written copy
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    wb["Meetings"].delete_cols(13)
    del wb["As written"]
    wb.save(path)
    agenda = read_agenda(path)
    assert not any(m.locked for m in agenda.meetings)
    assert agenda.locks_as_written is None


def test_a_locked_column_deleted_keeps_the_locks_of_the_as_written_copy(
    tmp_path, instance, schedule
):
    # A hand-editing tester deleted the column in Excel: every lock was dropped without
    # a word and cron moved the pinned meetings. The As written copy tells the locks plan
    # wrote (those of a row deleted by hand are not brought back); plan warns.
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    wb["Meetings"].delete_cols(13)
    wb.save(path)
    agenda = read_agenda(path)
    assert [m.key for m in agenda.meetings if m.locked] == [("E2", "B2")]
    assert agenda.locks_as_written == ("E2--B2",)
    assert read_agenda(_write(tmp_path / "b.xlsx", instance, schedule)).locks_as_written is None


def _sheets_parsed(monkeypatch) -> list[str]:
    """The sheets ``read_agenda`` parses row by row from here on."""
    import asmex_sched.io.agenda.tables as tables

    parsed: list[str] = []
    parse = tables._table

    def counted(ws, sheet, *args, **kw):
        parsed.append(sheet)
        return parse(ws, sheet, *args, **kw)

    monkeypatch.setattr(tables, "_table", counted)
    return parsed


@pytest.mark.parametrize("saved_by_excel", [False, True])
def test_an_as_written_copy_stored_as_the_meetings_is_not_parsed_again(
    tmp_path, instance, schedule, monkeypatch, saved_by_excel
):
    # A trade fair's two 9 MB sheets were both parsed: half of a cron run with nothing to
    # do, and of a report's wait before its first file (a trade-fair tester). The same
    # rows stored the same way are the same meetings, whatever saved the workbook.
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    if saved_by_excel:
        wb = load_workbook(path)
        wb["Meetings"]["N1"] = "notes"  # a column of one's own: not the rows below
        wb.save(path)
    parsed = _sheets_parsed(monkeypatch)
    agenda = read_agenda(path)
    assert "As written" not in parsed and "Meetings" in parsed
    import asmex_sched.io.agenda.tables as tables

    monkeypatch.setattr(tables, "_copy_of_meetings", lambda wb, meetings: None)
    assert read_agenda(path) == agenda  # as parsing it gives
    assert "As written" in parsed


@pytest.mark.parametrize("sheet", ["Meetings", "As written"])
def test_an_as_written_copy_differing_from_the_meetings_is_read_on_its_own(
    tmp_path, instance, schedule, monkeypatch, sheet
):
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    wb[sheet]["E2"] = 2  # E1--B1's table, 3 as written
    wb.save(path)
    parsed = _sheets_parsed(monkeypatch)
    agenda = read_agenda(path)
    assert "As written" in parsed
    assert agenda.as_written is not None
    tables = (agenda.meetings[0].table, agenda.as_written[0].table)
    assert tables == ((2, 3) if sheet == "Meetings" else (3, 2))


@pytest.mark.parametrize("word", ["no", "yes"])
def test_drop_downs_filled_down_past_the_last_meeting_are_not_meetings(
    tmp_path, instance, schedule, caplog, word
):
    # A coordinator filling the locked drop-down down its whole range (M2:M509) got
    # five "is empty" problems per row below the meetings: the cron re-plan, check
    # and report all stopped (a second reader's finding with 'no', another's with
    # 'yes': every meeting locked). Such rows name no meeting: skipped, and said once
    # when they hold something other than 'no'.
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    before = read_agenda(path).meetings
    wb = load_workbook(path)
    ws = wb["Meetings"]
    header = [c.value for c in ws[1]]
    locked, interpreter = header.index("locked") + 1, header.index("interpreter") + 1
    last = ws.max_row
    for row in range(2, last + 40):
        ws.cell(row, locked).value = word
    ws.cell(last + 3, interpreter).value = "no"
    ws.cell(last + 5, 1).value = "E1"  # a real start of a row is still read, and refused
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_agenda(path)
    assert {p.row for p in info.value.problems} == {last + 5}
    ws.cell(last + 5, 1).value = None
    wb.save(path)
    caplog.clear()
    with caplog.at_level("WARNING", logger="asmex_sched"):
        after = read_agenda(path).meetings
    assert [m.key for m in after] == [m.key for m in before]
    assert [m.locked for m in after] == [word == "yes"] * len(before)
    said = [r.getMessage() for r in caplog.records if "no meeting" in r.getMessage()]
    assert len(said) == (word == "yes") and all(f"{last + 1} to {last + 39}" in s for s in said)


def test_a_row_of_notes_in_the_coordinators_own_column_is_no_meeting(
    tmp_path, instance, schedule
):
    # 'Extra columns (notes) are ignored': a separator row holding only a note ('---
    # calls of 04/11 below ---') stopped check, plan and report with five "is empty"
    # problems (a hand-editing tester).
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    before = read_agenda(path).meetings
    wb = load_workbook(path)
    ws = wb["Meetings"]
    notes = ws.max_column + 1
    ws.cell(1, notes).value = "notes"
    ws.insert_rows(3)
    ws.cell(3, notes).value = "--- calls of 04/11 below ---"
    ws.cell(4, notes).value = "called back"  # a note beside a meeting
    last = ws.max_row
    ws.cell(last + 1, notes).value = "to confirm"
    wb.save(path)
    assert read_agenda(path).meetings == before
    ws.cell(last + 1, 1).value = "E1"  # a meeting column filled: a row, refused
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_agenda(path)
    assert {p.row for p in info.value.problems} == {last + 1}


def test_cell_comments_are_additions_named_by_sheet_and_cell(tmp_path, instance, schedule):
    # A tester (session 67): Excel notes put on the agenda's cells were gone after the
    # next re-plan, without a word. They are additions, named by sheet and cell, top to
    # bottom, the first five then "..."; those on a sheet of one's own are in it.
    from openpyxl.comments import Comment

    path = _write(tmp_path / "a.xlsx", instance, schedule)
    assert read_agenda(path).additions == ()
    wb = load_workbook(path)
    day = next(n for n in wb.sheetnames if n.startswith("Mon "))
    for ref in ("J40", "E5", "H12"):
        wb["Meetings"][ref].comment = Comment("call the buyer first", "Coordinator")
    for row in range(9, 1, -1):
        wb["Exporters"].cell(row, 1).comment = Comment("late?", "Coordinator")
    wb[day]["B3"].comment = Comment("room 2", "Coordinator")
    own = wb.create_sheet("My notes")
    own["A1"] = "hotel: Sarova Stanley"
    own["A1"].comment = Comment("booked", "Coordinator")
    wb.save(path)
    assert read_agenda(path).additions == (
        "sheet 'My notes'",
        "3 comments on Meetings (E5, H12, J40)",
        f"1 comment on {day} (B3)",  # in the workbook's order of sheets
        "8 comments on Exporters (A2, A3, A4, A5, A6, ...)",
    )


def test_threaded_comments_are_found_and_a_cell_named_once(tmp_path, instance, schedule):
    # Excel 365's comments are threads (their own part), written as notes too for older
    # readers: a cell is named once, whatever its replies.
    from openpyxl.comments import Comment

    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    wb["Meetings"]["E5"].comment = Comment("[Threaded comment] call first", "tc=1")
    wb.save(path)
    rels = "xl/worksheets/_rels/sheet2.xml.rels"
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    assert b"/comments" in parts[rels], "the test needs Meetings as sheet2"
    ns = 'xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"'
    parts["xl/threadedComments/threadedComment1.xml"] = (
        f'<ThreadedComments {ns}><threadedComment ref="E5" id="{{1}}"><text>call first'
        '</text></threadedComment><threadedComment ref="E5" id="{2}" parentId="{1}">'
        '<text>done</text></threadedComment><threadedComment ref="G7" id="{3}"><text>?'
        "</text></threadedComment></ThreadedComments>"
    ).encode()
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdTc" Type="http://schemas.microsoft.com/office/2017/10/'
        b'relationships/threadedComment" Target="../threadedComments/threadedComment1.xml"'
        b"/></Relationships>",
    )
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert read_agenda(path).additions == ("2 comments on Meetings (E5, G7)",)


def test_a_date_and_time_typed_into_start_is_refused_unless_it_is_the_rows_day(
    tmp_path, instance, schedule
):
    # '13/11/2025 10:00' typed into start: the date was dropped without a word and the
    # meeting read at 10:00 on the row's own day (a hand-editing tester).
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    first = read_agenda(path).meetings[0]
    wb = load_workbook(path)
    ws = wb["Meetings"]
    header = [c.value for c in ws[1]]
    start = ws.cell(2, header.index("start") + 1)
    start.value = datetime.combine(first.day, time(10, 0))  # its own day: read
    wb.save(path)
    assert read_agenda(path).meetings[0].start == time(10, 0)
    start.value = datetime.combine(first.day + timedelta(days=1), time(10, 0))
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_agenda(path)
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (2, f"{start.column_letter} (start)")
    assert "start holds a date" in problem.message and "type the day in the date" in problem.message
    # Typed as text, as a spreadsheet program shows it: read the same way (it was "not a
    # time (HH:MM)" on its own day too; a hand-editing tester).
    start.value = f"{first.day:%d/%m/%Y} 10:30"
    wb.save(path)
    assert read_agenda(path).meetings[0].start == time(10, 30)
    start.value = f"{first.day + timedelta(days=1):%d/%m/%Y} 10:30"
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_agenda(path)
    (problem,) = info.value.problems
    assert "start holds a date" in problem.message and "type the day in the date" in problem.message
    # The mirror case: a date and time typed into date (a second reader).
    start.value = "10:00"
    day = ws.cell(2, header.index("date") + 1)
    day.value = datetime.combine(first.day, time(10, 0))  # its own start: read
    wb.save(path)
    assert read_agenda(path).meetings[0].start == time(10, 0)
    day.value = datetime.combine(first.day, time(14, 0))
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_agenda(path)
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (2, f"{day.column_letter} (date)")
    assert "date holds a time, 14:00, other than the row's start (10:00)" in problem.message
    iso = first.day.isoformat()
    for text in (f"{iso} 14:00", f"{iso}T14:00", f"{iso}t1400", f"{first.day:%Y%m%d}T140000"):
        day.value = text  # as text: the time was dropped too (ISO's 'T': a reader)
        wb.save(path)
        with pytest.raises(InputError) as info:
            read_agenda(path)
        (problem,) = info.value.problems
        assert "date holds a time, 14:00, other than the row's start (10:00)" in (
            problem.message
        )
    for same in (f"{iso} 10:00:40", datetime.combine(first.day, time(9, 59, 45))):
        day.value = same  # within the minute of its start: read (a reader)
        wb.save(path)
        assert read_agenda(path).meetings[0].start == time(10, 0)
    day.value = datetime.combine(first.day, time(23, 59, 45))  # no traceback (a reader)
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_agenda(path)
    assert "date holds a time, 23:59" in info.value.problems[0].message
    day.value = f"{first.day:%d/%m/%Y} à 14h00"  # no date: said once, not twice (a reader)
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_agenda(path)
    assert len(info.value.problems) == 1


def test_a_table_as_text_5_0_is_read_and_a_boolean_is_quoted_as_typed(
    tmp_path, instance, schedule
):
    # '5.0' as text (the float was read) was refused; TRUE was quoted back as 'yes'
    # (a hand-editing tester).
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    ws = wb["Meetings"]
    cell = ws.cell(2, [c.value for c in ws[1]].index("table") + 1)
    cell.value = "2.0"
    wb.save(path)
    assert read_agenda(path).meetings[0].table == 2
    cell.value = True
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_agenda(path)
    (problem,) = info.value.problems
    assert "table 'TRUE' is not a table number" in problem.message


# ------------------------------------------------------------- determinism
def test_two_writes_are_byte_identical(tmp_path, instance, schedule):
    a = _write(tmp_path / "a.xlsx", instance, schedule).read_bytes()
    os.utime(tmp_path / "a.xlsx", (0, 0))
    b = _write(tmp_path / "b.xlsx", instance, schedule).read_bytes()
    assert a == b
    props = load_workbook(tmp_path / "b.xlsx").properties
    assert props.created == props.modified == datetime(2000, 1, 1)
    with zipfile.ZipFile(tmp_path / "b.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_empty_agenda_round_trips(tmp_path):
    bare = Instance(Mission(first_day=date(2026, 3, 2), days=1), (), (), ())
    path = tmp_path / "empty.xlsx"
    write_agenda(path, bare, Schedule(), unscheduled=(), summary={})
    agenda = read_agenda(path)
    assert agenda.mission == bare.mission
    assert (agenda.meetings, agenda.exporters, agenda.unscheduled, agenda.summary) == (
        (), (), (), {}
    )
    assert load_workbook(path).sheetnames[2] == "Mon 2 Mar"


def test_sector_with_comma_round_trips(tmp_path):
    company = Company("E9", "Vins", Side.EXPORTER, sectors=("Food, beverages", "Wine"))
    inst = Instance(MISSION, (company,), (), ())
    path = tmp_path / "a.xlsx"
    write_agenda(path, inst, Schedule(), unscheduled=(), summary={})
    assert read_agenda(path).exporters == (company,)


# ------------------------------------------------------------------ atomic
def test_atomic_write_keeps_previous_file_on_failure(tmp_path):
    target = tmp_path / "agenda.xlsx"
    target.write_bytes(b"previous")

    def half_then_fail(tmp: Path) -> None:
        assert tmp.parent == target.parent and tmp.suffix == ".xlsx"
        tmp.write_bytes(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, half_then_fail)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["agenda.xlsx"]


def test_atomic_write_cleans_up_on_keyboard_interrupt(tmp_path):
    target = tmp_path / "agenda.xlsx"

    def interrupted(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, interrupted)
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_replaces_and_creates_folders(tmp_path):
    target = tmp_path / "deep" / "er" / "file.txt"
    atomic_write(target, lambda tmp: tmp.write_text("one"))
    atomic_write(target, lambda tmp: tmp.write_text("two"))
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["file.txt"]


def test_atomic_write_keeps_mode_and_group_and_writes_privately(tmp_path):
    # On a shared folder a colleague's re-plan gave the agenda his group, locking the
    # first coordinator's cron out; the temporary file of an agenda made 600 was
    # readable by every account while written (an IT tester).
    import os
    import stat

    from asmex_sched.io.atomic import copy_file

    target = tmp_path / "agenda.xlsx"
    target.write_bytes(b"previous")
    others = next((g for g in (100, 1, 2, 3) if g != os.getgid()), None)
    try:
        os.chown(target, -1, others)
    except (OSError, TypeError):
        others = None  # not allowed here: the mode alone is checked
    os.chmod(target, 0o640)
    group = target.stat().st_gid
    seen = []

    def write(tmp: Path) -> None:
        seen.append(stat.S_IMODE(tmp.stat().st_mode))
        tmp.write_bytes(b"new")

    atomic_write(target, write)
    assert seen == [0o600]  # private while written
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.stat().st_gid == group
    copy_file(target, tmp_path / "copy.xlsx")  # a history copy: the agenda's group too
    copy = (tmp_path / "copy.xlsx").stat()
    assert copy.st_gid == group and stat.S_IMODE(copy.st_mode) == 0o640
    fresh = tmp_path / "new.txt"  # a new file: the usual permissions, not private
    atomic_write(fresh, lambda tmp: tmp.write_text("x"))
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~mask


def test_temporaries_of_killed_runs_are_removed_when_old(tmp_path):
    # A report killed outright left '.KE-001-samburu.29775.1.tmp.xlsx' in the mail-merge
    # folder for good (an IT tester). Only a dead process's, and only an old one: a run
    # on another machine sharing the folder may be writing it.
    import os
    import subprocess
    import sys

    from asmex_sched.io.atomic import remove_killed_temporaries

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    dead = int(gone.stdout)
    old_dead = tmp_path / f".KE-001-samburu.{dead}.1.tmp.xlsx"
    new_dead = tmp_path / f".KE-002.{dead}.3.tmp.pdf"
    mine = tmp_path / f".KE-003.{os.getpid()}.0.tmp.ics"
    keep = tmp_path / "KE-001-samburu.xlsx"
    # a user's files that look alike, in formats report does not write (a reader)
    notes = tmp_path / f".notes.backup.{dead}.1.tmp.txt"
    bare = tmp_path / f".a b.{dead}.0.tmp"
    for p in (old_dead, new_dead, mine, keep, notes, bare):
        p.write_bytes(b"x")
    for p in (old_dead, mine, keep, notes, bare):
        os.utime(p, (0, 0))
    assert remove_killed_temporaries(tmp_path) == [old_dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (new_dead, mine, keep, notes, bare)
    )


# ------------------------------------------------------------- bad inputs
def _assert_input_error(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        read_agenda(path)
    err = info.value
    assert err.exit_code == EXIT_BAD_INPUT == 2
    assert all(str(path) in m for m in err.messages())
    return err


def test_missing_file(tmp_path):
    err = _assert_input_error(tmp_path / "nope.xlsx")
    assert "not found" in str(err)


def test_csv_file(tmp_path):
    path = tmp_path / "agenda.csv"
    path.write_text("meeting_id,date\nE1--B1,2025-11-10\n")
    _assert_input_error(path)


def test_csv_named_xlsx(tmp_path):
    path = tmp_path / "agenda.xlsx"
    path.write_text("meeting_id,date\nE1--B1,2025-11-10\n")
    _assert_input_error(path)


def test_random_workbook(tmp_path):
    path = tmp_path / "random.xlsx"
    wb = Workbook()
    wb.active["A1"] = "hello"
    wb.save(path)
    err = _assert_input_error(path)
    assert "Summary" in str(err) and "Meetings" in str(err)


def test_wrong_meetings_columns(tmp_path, instance, schedule):
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    wb["Meetings"]["C1"] = "begin"
    wb.save(path)
    err = _assert_input_error(path)
    (problem,) = err.problems
    assert (problem.sheet, problem.row, problem.column) == ("Meetings", 1, "start")


def test_bad_meeting_cells_are_all_reported(tmp_path, instance, schedule):
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    ws = wb["Meetings"]
    ws["B2"] = "10/11/2025x"
    ws["C3"] = "nine"
    ws["E4"] = 0
    ws["L4"] = "maybe"
    wb.save(path)
    err = _assert_input_error(path)
    located = sorted((p.sheet, p.row, p.column) for p in err.problems)
    assert located == [
        ("Meetings", 2, "B (date)"),
        ("Meetings", 3, "C (start)"),
        ("Meetings", 4, "E (table)"),
        ("Meetings", 4, "L (interpreter)"),
    ]
    # Day-first dates are read, and the message says so (it said YYYY-MM-DD alone).
    [date_problem] = [p for p in err.problems if p.row == 2]
    assert "a date (YYYY-MM-DD or DD/MM/YYYY)" in date_problem.message


def test_bad_mission_sheet(tmp_path, instance, schedule):
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    ws = wb["Mission"]
    assert ws["A6"].value == "first_day"
    ws["B6"] = "someday"
    wb.save(path)
    err = _assert_input_error(path)
    assert [(p.sheet, p.row) for p in err.problems] == [("Mission", 6)]


def test_unknown_unscheduled_reason(tmp_path, instance, schedule):
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    wb["Unscheduled"]["G2"] = "because"
    wb.save(path)
    err = _assert_input_error(path)
    assert [(p.sheet, p.row, p.column) for p in err.problems] == [
        ("Unscheduled", 2, "G (reason)")
    ]


def test_reason_code_is_accepted_too(tmp_path, instance, schedule):
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    wb["Unscheduled"]["G2"] = "at_capacity"
    wb.save(path)
    assert read_agenda(path).unscheduled[0].reason == "at_capacity"


def test_former_reason_sentence_is_read_back(tmp_path, instance, schedule):
    # Agendas written before the "no room" sentence keep reading.
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    wb["Unscheduled"]["G2"] = (
        "lost to higher-priority meetings (tables, interpreters or agendas full)"
    )
    wb.save(path)
    assert read_agenda(path).unscheduled[0].reason == "lost_to_priority"


def test_fuzzed_cells_give_input_error_or_agenda(tmp_path, instance, schedule):
    """Whatever a coordinator types in any cell, read_agenda never crashes."""
    import random

    rng = random.Random(20251110)
    junk = [None, "", " ", "x", "=1+1", -1, 0, 1, 2.5, 1e308, -1e308, True, "25:99",
            "2025-13-40", "9999-12-31", datetime(1900, 1, 1), time(23, 59), "yes", "E1",
            "10:30-", "a;b;;c", "#N/A", 10**12]
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    sheets = ["Summary", "Meetings", "Exporters", "Buyers", "Unscheduled", "Changes", "Mission"]
    for trial in range(60):
        wb = load_workbook(path)
        for _ in range(4):
            ws = wb[rng.choice(sheets)]
            ws.cell(rng.randint(1, ws.max_row + 1), rng.randint(1, ws.max_column + 1)).value = (
                rng.choice(junk)
            )
        bad = tmp_path / f"bad{trial}.xlsx"
        wb.save(bad)
        try:
            read_agenda(bad)
        except InputError as err:
            assert err.problems


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "password-protected"),
        (b"", "the file is empty; a workbook caught while it is being saved"),
        (b"", "if it stays so, restore a copy"),
        (b"exporter_id;buyer_id\n", "not an .xlsx file"),
        # an .ods saved under .xlsx: "There is no item named '[Content_Types].xml'" (a
        # hand-editing tester)
        (ODS, "it is an OpenDocument spreadsheet (.ods"),
    ],
)
def test_an_agenda_that_does_not_open_says_why(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    # A fuzzer: an encrypted agenda read "File is not a zip file", where the roster
    # reader says it is password-protected.
    path = tmp_path / "agenda.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_agenda(path)
    assert info.value.exit_code == EXIT_BAD_INPUT
    assert expected in str(info.value) and "zip" not in str(info.value)


def test_an_agenda_reads_back_the_text_plan_wrote_escapes_included(tmp_path, instance, schedule):
    # A fourth reader: decoding '_x000D_' when reading agendas made an id holding that
    # text (from a CSV roster) another id, and the program's own agenda unreadable.
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    ws = wb["Buyers"]
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=2, column=header.index("company") + 1)
    cell.value = typed = f"{cell.value}_x000D_Ltd"
    wb.save(path)
    assert typed in {c.name for c in read_agenda(path).buyers}


def test_a_title_typed_above_a_sheets_header_is_skipped_with_a_warning(
    tmp_path, instance, schedule, caplog
):
    # A tester: a title row inserted over Meetings (for printing) gave twelve "column
    # missing" errors. Rows above a header found below are a title; rows keep their
    # sheet numbers in problems.
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    plain = read_agenda(path)
    wb = load_workbook(path)
    for name in ("Meetings", "Exporters"):
        wb[name].insert_rows(1, amount=2)
        wb[name]["A1"] = "Nairobi 2025 - agenda"
    wb.save(path)
    with caplog.at_level("WARNING", logger="asmex_sched"):
        agenda = read_agenda(path)
    assert agenda.meetings == plain.meetings and agenda.exporters == plain.exporters
    said = [r.getMessage() for r in caplog.records]
    assert f"{path}, sheet Meetings: rows 1\u20132 above its header row (row 3)" in said[0]
    assert len(said) == 2 and "sheet Exporters" in said[1]
    wb = load_workbook(path)
    wb["Meetings"]["C5"] = "nine"  # the second meeting's start, sheet row 5
    wb.save(path)
    (problem,) = _assert_input_error(path).problems
    assert (problem.sheet, problem.row, problem.column) == ("Meetings", 5, "C (start)")


def test_a_header_row_sorted_down_the_sheet_is_said_where_it_went(tmp_path, instance, schedule):
    # A hand-editing tester sorted Meetings with its header row included: eleven
    # "column ... is missing" errors, no word of the header now at row 513.
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    ws = wb["Meetings"]
    header = [c.value for c in ws[1]]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)] * 5  # (a longer sheet)
    ws.delete_rows(1, ws.max_row)
    for values in [*rows[:12], header, *rows[12:]]:
        ws.append(values)
    wb.save(path)
    (problem,) = _assert_input_error(path).problems
    assert (problem.sheet, problem.row) == ("Meetings", 13)
    assert "its header row is at row 13, not at the top (the sheet sorted" in problem.message
    # within the rows a title may take, the rows above it are meetings, not a title:
    # skipped as one, they were lost
    wb = load_workbook(path)
    ws = wb["Meetings"]
    ws.move_range("A1:Z13", rows=0)
    ws.delete_rows(1, 8)
    wb.save(path)
    (problem,) = _assert_input_error(path).problems
    assert (problem.sheet, problem.row) == ("Meetings", 5), problem


def test_a_title_above_the_summary_does_not_let_a_newer_format_through(
    tmp_path, instance, schedule
):
    # A second reader: the newer-format check read the Summary with row 1 as its
    # header; under a title it found no agenda_format and let a newer agenda through.
    from asmex_sched.errors import NewerAgendaError

    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    ws = wb["Summary"]
    ws.append(["agenda_format", 99])
    ws.insert_rows(1)
    ws["A1"] = "Nairobi 2025"
    wb.save(path)
    with pytest.raises(NewerAgendaError):
        read_agenda(path)


def test_a_sheet_whose_header_is_nowhere_says_its_columns_are_missing(
    tmp_path, instance, schedule
):
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    ws = wb["Summary"]
    ws.insert_rows(1)
    ws["A1"] = "title"
    for cell in ws[2]:
        cell.value = "x"  # the header itself typed over: no header to find
    wb.save(path)
    problems = _assert_input_error(path).problems
    assert {(p.sheet, p.row) for p in problems} == {("Summary", 1)}
    assert {p.column for p in problems} == {"key", "value"}


@pytest.mark.parametrize("key", ["planned_at", "horizon"])
def test_a_summary_time_that_is_not_one_is_refused_at_its_cell(tmp_path, instance, schedule, key):
    # A tester: planned_at typed over as "yesterday" was read as absent (an agenda from
    # before the key), the meetings before it no longer checked as held.
    path = _write(tmp_path / "a.xlsx", instance, schedule)
    wb = load_workbook(path)
    ws = wb["Summary"]
    ws.append([key, "2025-11-10T18:30+03:00"])
    wb.save(path)
    assert read_agenda(path).summary[key] == "2025-11-10T18:30+03:00"  # as plan writes it
    row = ws.max_row
    ws.cell(row, 2).value = "yesterday"
    wb.save(path)
    (problem,) = _assert_input_error(path).problems
    assert (problem.sheet, problem.row, problem.column) == ("Summary", row, "B (value)")
    assert problem.message.startswith(f"{key} 'yesterday' is not a time as plan writes it")
    # where to find it: not agenda-history/, whose copies are earlier agendas (a reader)
    assert problem.message.endswith(
        "log line 'wrote ...', or the planned_at of report's summary.xlsx made from it"
        if key == "planned_at"
        else "type back planned_at + notice_hours (empty after a first or --fresh plan)"
    )
    for off_the_calendar in ("9999-12-31T23:59-05:00", "0001-01-01T01:00+03:00"):
        ws.cell(row, 2).value = off_the_calendar  # an ISO time the re-plan cannot read
        wb.save(path)
        (problem,) = _assert_input_error(path).problems
        assert problem.row == row, off_the_calendar
    ws.cell(row, 2).value = None  # empty: an agenda written before the key, as before
    wb.save(path)
    assert key not in read_agenda(path).summary or not read_agenda(path).summary[key]
