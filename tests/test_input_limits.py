"""Bad mission settings and uncomputed formulas: exit-2 problems, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from asmex_sched.errors import EXIT_BAD_INPUT, InputError, Problem
from asmex_sched.io.roster import read_roster


def roster(path: Path, mission: dict[str, object], exporter: dict[str, object] | None = None):
    wb = Workbook()
    ws = wb.active
    ws.title = "Mission"
    ws.append(["setting", "value"])
    for k, v in mission.items():
        ws.append([k, v])
    ex = wb.create_sheet("Exporters")
    ex.append(["id", "company", "wishes"])
    ex.append(list((exporter or {"id": "E1", "company": "Atlas", "wishes": "B1"}).values()))
    bu = wb.create_sheet("Buyers")
    bu.append(["id", "company"])
    bu.append(["B1", "Nairobi Fresh"])
    wb.save(path)
    return path


BASE = {"first_day": "2025-11-10", "days": 2, "tables": 3}


def only_problem(path: Path) -> Problem:
    """The one problem reading ``path`` reports (exit 2)."""
    with pytest.raises(InputError) as err:
        read_roster(path)
    assert err.value.exit_code == EXIT_BAD_INPUT
    [problem] = err.value.problems
    return problem


@pytest.mark.parametrize(
    ("setting", "value", "words"),
    [
        ("first_day", "9999-12-30", "plausible"),
        ("days", 10_000_000, "366"),
        ("notice_hours", 1e12, "8784"),
        ("meeting_minutes", 10**9, "1440"),
        # 20000 for 200 crashed the agenda's day grids after the whole solve (exit 70)
        ("tables", 20_000, "2000"),
        ("interpreters", 10**9, "2000"),
    ],
)
def test_out_of_range_settings_are_reported(tmp_path: Path, setting, value, words) -> None:
    path = roster(tmp_path / "r.xlsx", {**BASE, setting: value})
    with pytest.raises(InputError) as err:
        read_roster(path)
    assert err.value.exit_code == EXIT_BAD_INPUT
    [problem] = [p for p in err.value.problems if words in str(p)]
    assert problem.sheet == "Mission" and problem.row == list({**BASE, setting: 0}).index(
        setting
    ) + 2


def test_formula_without_computed_value_is_reported(tmp_path: Path) -> None:
    path = roster(tmp_path / "r.xlsx", {**BASE, "tables": "=2+3"})
    with pytest.raises(InputError) as err:
        read_roster(path)
    [problem] = [p for p in err.value.problems if "formula" in str(p)]
    # The column as its header is written (docs/roster.md), not its letter.
    assert (problem.sheet, problem.row, problem.column) == ("Mission", 4, "value")
    assert "=2+3" in problem.message


def _saved_by_excel(path: Path, part: str, refs: set[str]) -> None:
    """Rewrite formula cells of a sheet part as Excel saves a formula whose result is
    empty text (``<c t="str"><f>…</f><v></v></c>``): openpyxl writes an empty ``<v/>``
    and no type beside a formula it did not compute, and cannot write this."""
    import re
    import zipfile

    def cell(found: re.Match[str]) -> str:
        ref, formula = found.group(1), found.group(2)
        return f'<c r="{ref}" t="str"><f>{formula}</f><v></v></c>' if ref in refs else found[0]

    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    xml = parts[part].decode()
    parts[part] = re.sub(r'<c r="([A-Z]+\d+)"[^>]*><f>(.*?)</f><v\s*/>(?:</v>)?</c>', cell,
                         xml).encode()  # fmt: skip
    assert parts[part].count(b"<v></v>") == len(refs)
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in parts.items():
            dst.writestr(name, data)


def test_a_formula_computed_to_empty_text_reads_as_a_blank_cell(tmp_path: Path) -> None:
    # A tester: '=IF(A5="","",A5)' filled down a column, as Excel saves it (its result,
    # empty text, cached), was refused row by row "the formula ... has no computed
    # value (the file was not saved by a spreadsheet program)".
    blank = '=IF(TRUE,"","")'
    for last in (5, 6):
        path = roster(tmp_path / f"r{last}.xlsx", BASE,
                      {"id": "E1", "company": "Atlas", "wishes": blank})  # fmt: skip
        wb = load_workbook(path)
        for row in range(3, last + 1):  # filled down past the last company
            wb["Exporters"].cell(row, 2, f'=IF(A{row}="","",A{row})')
        wb.save(path)
        # as openpyxl wrote them, no value computed: refused
        with pytest.raises(InputError) as err:
            read_roster(path)
        assert [(p.row, p.column) for p in err.value.problems] == [
            (2, "wishes"),
            *((row, "company") for row in range(3, last + 1)),
        ]
        _saved_by_excel(path, "xl/worksheets/sheet2.xml", {"C2", "B3", "B4", "B5"})
        if last == 5:
            [exporter] = read_roster(path).exporters
            assert (exporter.id, exporter.name, exporter.wishes) == ("E1", "Atlas", ())
        else:
            # One without a cached value beside them is still refused, alone.
            problem = only_problem(path)
            assert (problem.sheet, problem.row, problem.column) == ("Exporters", 6, "company")
            assert 'the formula =IF(A6="","",A6) has no computed value' in problem.message


def test_one_problem_is_one_message_not_one_per_row_or_reference(tmp_path: Path) -> None:
    # Found by a second reader: a blank or formula company name also gave "the company
    # name is required" for the formula cell and "unknown company" for every wish
    # naming its id; a renamed column gave one "required" line per row.
    path = roster(tmp_path / "r.xlsx", BASE, {"id": "E1", "company": "=B9", "wishes": "B1"})
    wb = load_workbook(path)
    wb["Buyers"].append(["B2", None])  # an id without a name ...
    wb["Exporters"].append(["E2", "Sahara Dates", "B2"])  # ... wished for by E2
    wb.save(path)
    with pytest.raises(InputError) as err:
        read_roster(path)
    assert [(p.sheet, p.row, p.column) for p in err.value.problems] == [
        ("Exporters", 2, "company"),  # the formula, once, named by its header
        ("Buyers", 3, "company"),  # the name is required; no "unknown company 'B2'"
    ]
    wb = load_workbook(path)
    wb["Exporters"]["B2"] = "Atlas"
    wb["Buyers"]["B3"] = "Kisumu Fresh"
    for ws in (wb["Exporters"], wb["Buyers"]):
        ws["B1"] = "firm"  # the required column renamed away
    wb.save(path)
    with pytest.raises(InputError) as err:
        read_roster(path)
    assert [(p.sheet, p.row, p.column) for p in err.value.problems] == [
        ("Exporters", 1, "company"),
        ("Buyers", 1, "company"),
    ]


def problems(path: Path) -> list[Problem]:
    """The problems reading ``path`` reports (exit 2)."""
    with pytest.raises(InputError) as err:
        read_roster(path)
    assert err.value.exit_code == EXIT_BAD_INPUT
    return err.value.problems  # type: ignore[return-value]


@pytest.mark.parametrize("typed", ['="E"&"2"', "#N/A"])
def test_an_unknown_reference_while_an_id_does_not_read_names_that_row(
    tmp_path: Path, typed: str
) -> None:
    # A tester: an id formula with no computed value was said, then "unknown company
    # 'E2'" in the Fixed sheet, although E2's row was there. Silenced, the references
    # hid genuine typos ('E7', 'Nile Tradres'; a QA tester): each is said, naming the
    # row whose id did not read.
    path = roster(tmp_path / "r.xlsx", BASE)
    wb = load_workbook(path)
    wb["Exporters"].append([typed, "Sahara Dates", "B1"])  # E2, row 3
    wb["Buyers"]["C1"], wb["Buyers"]["C2"] = "wishes", "E2; E1; E7"
    wb.save(path)
    said = [(p.sheet, p.row, p.column, p.message) for p in problems(path)]
    assert said[0][:3] == ("Exporters", 3, "id")
    hint = "(Exporters row 3's id did not read: if it is that company, fix that cell)"
    assert [m for *_, m in said[1:]] == [f"unknown company 'E2' in wishes {hint}",
                                         f"unknown company 'E7' in wishes {hint}"]  # fmt: skip
    # A name that does not read, in a sheet without ids, is the same.
    path = roster(tmp_path / "n.xlsx", BASE)
    wb = load_workbook(path)
    wb["Exporters"].delete_cols(1)
    wb["Exporters"].append(["=B9", "B1"])
    wb["Buyers"]["C1"], wb["Buyers"]["C2"] = "wishes", "Sahara Dates"
    wb.save(path)
    said = [(p.sheet, p.row, p.column, p.message) for p in problems(path)]
    assert said[0][:3] == ("Exporters", 3, "company")
    assert said[1][3] == (
        "unknown company 'Sahara Dates' in wishes (Exporters row 3's id or name did not "
        "read: if it is that company, fix that cell)"
    )
    # a typo close to a company is told so, as ever; the other side's hint is not given
    path = roster(tmp_path / "t.xlsx", BASE)
    wb = load_workbook(path)
    wb["Exporters"].append([typed, "Sahara Dates", "B1; B9"])
    wb.save(path)
    assert [p.message for p in problems(path)][1:] == [
        "unknown company 'B9' in wishes: no buyer in the roster has this id or name (if it "
        "withdrew, delete it from the wishes)"
    ]


def test_delegates_beyond_the_limit_are_reported(tmp_path: Path) -> None:
    # Tables default to the exporters' delegates: 10**9 of them filled the memory.
    exporter = {"id": "E1", "company": "Atlas", "wishes": "B1", "delegates": 10**9}
    path = tmp_path / "r.xlsx"
    roster(path, {"first_day": "2025-11-10"})
    wb = load_workbook(path)
    ws = wb["Exporters"]
    ws.delete_rows(1, ws.max_row)
    ws.append(list(exporter))
    ws.append(list(exporter.values()))
    wb.save(path)
    problem = only_problem(path)
    assert (problem.sheet, problem.row, problem.column) == ("Exporters", 2, "delegates")
    assert "100" in problem.message


def test_the_roster_itself_as_output_is_refused(tmp_path: Path) -> None:
    # The message used to suggest --fresh, which then replaced the roster by its agenda.
    from asmex_sched import services

    path = roster(tmp_path / "r.xlsx", BASE)
    before = path.read_bytes()
    # through a folder not made yet, too: 'new/../r.xlsx' replaced it (an IT tester)
    for fresh, output in [(False, tmp_path / "." / "r.xlsx"), (True, tmp_path / "." / "r.xlsx"),
                          (True, tmp_path / "new" / ".." / "r.xlsx")]:  # fmt: skip
        with pytest.raises(InputError, match="the roster itself") as err:
            services.plan(path, output, fresh=fresh)
        assert err.value.exit_code == EXIT_BAD_INPUT
        assert path.read_bytes() == before


def test_excel_error_values_are_reported_and_ignored_places_are_not_read(tmp_path: Path) -> None:
    # '#N/A' from a failed lookup read as blank: the exporter silently lost its wishes.
    path = roster(tmp_path / "r.xlsx", BASE)
    wb = load_workbook(path)
    wb["Exporters"]["C2"] = "#N/A"  # wishes (openpyxl stores it as an error cell)
    wb["Exporters"]["D1"] = "notes"
    wb["Exporters"]["D2"] = "=1+"  # a formula in an ignored column: not read at all
    wb.create_sheet("Instructions")["A1"] = "=A2"  # an ignored sheet
    wb.save(path)
    problem = only_problem(path)
    assert (problem.sheet, problem.row, problem.column) == ("Exporters", 2, "wishes")
    assert "#N/A" in problem.message


@pytest.mark.parametrize(
    ("cell", "value", "found"),
    [
        (None, None, False),  # plain values: the workbook is not opened twice more
        ("C2", "#N/A", True),  # an error cell
        ("C2", "=B9", True),  # a formula (no cached value: openpyxl computes none)
        ("C2", "B1 #2", True),  # a '#' in text: scanned, as a text error value could be
        ("A1", "=A2", True),  # in a sheet the reader ignores: scanned all the same
    ],
)
def test_the_unreadable_cells_scan_is_skipped_only_for_a_workbook_with_none(
    tmp_path: Path, cell: str | None, value: str | None, found: bool
) -> None:
    # The second and third opening of the workbook took half of a trade fair's roster
    # reading; a byte scan of its zip skips them when no cell can be unreadable.
    from asmex_sched.io.roster.raw import _FORMULA_OR_ERROR, _may_hold_unreadable

    path = roster(tmp_path / "r.xlsx", BASE)
    if cell:
        wb = load_workbook(path)
        ws = wb["Exporters"] if cell != "A1" else wb.create_sheet("Instructions")
        ws[cell] = value
        wb.save(path)
    assert _may_hold_unreadable(path) is found
    if found:
        # a sheet part under another name (openpyxl follows the relationships): still
        # looked at (a second reader renamed one sheet2.XML, one with no extension)
        import zipfile

        for name in ("xl/worksheets/sheet2.XML", "xl/worksheets/sheet2"):
            renamed = tmp_path / "renamed.xlsx"
            with zipfile.ZipFile(path) as src, zipfile.ZipFile(renamed, "w") as dst:
                for info in src.infolist():
                    data = src.read(info)
                    if info.filename.startswith("xl/worksheets/"):
                        dst.writestr(name.replace("2", info.filename[-5]), data)
                    else:
                        dst.writestr(info, data)
            assert _may_hold_unreadable(renamed), name
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    assert _may_hold_unreadable(tmp_path / "bad.xlsx")  # the full scan says what it finds
    for xml in (b'<x:c r="A1"><x:f>B9</x:f></x:c>', b'<c r="A1" t="e"><v>#N/A</v></c>',
                b"<f t='shared' ref='A1:A3' si='0'/>", b"<c t = 'e'>"):  # fmt: skip
        assert _FORMULA_OR_ERROR.search(xml), xml
    for xml in (b"<formula1>\"yes,no\"</formula1>", b'<c r="A1" t="s"><v>0</v></c>',
                b"<rFont val='Calibri'/>", b"<family val='2'/>"):  # fmt: skip
        assert not _FORMULA_OR_ERROR.search(xml), xml


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [("30 min", 30), ("45mn", 45), ("1h", 60), ("1 h 30", 90), ("0:30", 30), ("25", 25),
     ("time", 30), ("30.5", None), ("thirty", None), ("1 hour 30 minutes", 90),
     ("1 h 30 mins", 90), ("0:90", None), ("1h90", None), ("number", None)],
)  # fmt: skip
def test_meeting_minutes_typed_with_a_unit_or_as_a_time_are_read(
    tmp_path: Path, typed: str, minutes: int | None
) -> None:
    # A programme tester: an Excel time cell 0:30 read "'00:30:00' is not a whole number",
    # and so did "30 min", with no word of what was expected.
    from datetime import time

    value: object = {"time": time(0, 30), "number": 22.5}.get(typed, typed)
    path = roster(tmp_path / "r.xlsx", {**BASE, "meeting_minutes": value})
    if minutes is not None:
        assert read_roster(path).mission.meeting_minutes == minutes
    else:
        problem = only_problem(path)
        shown = "22.5" if typed == "number" else typed
        assert problem.message.endswith(f"{shown!r} is not a whole number of minutes (e.g. 30)")


@pytest.mark.parametrize(
    ("setting", "value", "said"),
    [
        ("day_end", "24:00", "'24:00' is midnight, no meeting time: type 23:59 for the end "
                             "of a day, 00:00 for a start (a meeting cannot end at midnight)"),
        ("breaks", "10:30-10:45 12:30-14:00", "; separate breaks with ; or ,"),
        ("breaks", "12:30-1:30", "ends before it starts; if the afternoon was meant, type "
                                 "24-hour times (13:30, not 01:30)"),
        ("day_start", "20:00", "plan the hours after it as the next day's"),
        ("day_end", "5:00", "must be before day_end 05:00: if the afternoon was meant, type "
                            "24-hour times (17:00, not 05:00)"),
        ("day_start", "18:00", "day_start 18:00 must be before day_end 17:00 (the two swapped?)"),
    ],
)  # fmt: skip
def test_programme_settings_say_what_to_type_instead(
    tmp_path: Path, setting: str, value: str, said: str
) -> None:
    # A programme tester: an evening session to midnight, two breaks with a space
    # between them, a session past midnight: each refused without saying what to type.
    mission = {**BASE, setting: value}
    if setting == "day_start":
        mission["day_end"] = "02:00" if value == "20:00" else "17:00"
    if value == "24:00":  # one problem: not also "day_start 18:00 must be before 17:00"
        mission["day_start"] = "18:00"
    problem = only_problem(roster(tmp_path / "r.xlsx", mission))
    assert said in problem.message, problem.message


@pytest.mark.parametrize(
    ("setting", "value", "said"),
    [
        ("day_start", "09:00; 10:00; 09:00",
         "day_start: '09:00; 10:00; 09:00' is 3 times, but one time holds for every day: "
         "type the earliest (09:00), and close a later start with a row for ALL in sheet "
         "Unavailability on that day's date (start blank, end at that day's start; "
         "docs/roster.md)"),
        ("Fin de journée", "17:00 (jeudi 15:00)",
         "Fin de journée (day_end): '17:00 (jeudi 15:00)' is 2 times, but one time holds for every "
         "day: type the latest (17:00), and close an earlier end with a row for ALL in sheet "
         "Unavailability on that day's date (start at that day's end, end blank; "
         "docs/roster.md)"),
    ],
)  # fmt: skip
def test_hours_typed_per_day_are_told_the_unavailability_rows_for_all(
    tmp_path: Path, setting: str, value: str, said: str
) -> None:
    # A 3-day mission's tester typed each day's start in day_start, and Thursday's end
    # beside day_end's: "is not a time (expected HH:MM, e.g. 09:30)" said not what to do.
    problem = only_problem(roster(tmp_path / "r.xlsx", {**BASE, setting: value}))
    assert problem.message == said
    assert (problem.sheet, problem.row, problem.column) == ("Mission", len(BASE) + 2, "value")
    # a range keeps its own message; one time, or a word, the generic one
    # (a range in French or with a slash too: told as per-day hours before; a reader)
    for typed, message in (("09:00-17:00", "two times where one is expected"),
                           ("de 9h à 17h", "two times where one is expected"),
                           ("09:00 / 17:00", "two times where one is expected"),
                           ("nine", "is not a time (expected HH:MM")):  # fmt: skip
        problem = only_problem(roster(tmp_path / "r.xlsx", {**BASE, setting: typed}))
        assert message in problem.message, problem.message
