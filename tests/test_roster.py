"""Roster reader and template: loading, aliases, encodings and every problem kind."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest

from asmex_sched.domain import GROUP_EXPORTERS, FixedMeeting, RequestedBy, Side
from asmex_sched.errors import EXIT_BAD_INPUT, InputError, Problem
from asmex_sched.io.roster import read_roster
from asmex_sched.io.template import _LAST_ROW, write_template

Rows = list[list[object]]

COMPANY_HEADER = [
    "id", "company", "sectors", "languages", "delegates", "max_meetings",
    "contact", "email", "phone", "wishes",
]


def base() -> dict[str, Rows]:
    """A small valid English roster (fresh lists each call, safe to mutate)."""
    return {
        "Mission": [
            ["Setting", "Value"],
            ["name", "Nairobi 2025"],
            ["city", "Nairobi"],
            ["first_day", date(2025, 11, 10)],
            ["days", 2],
            ["day_start", time(9, 0)],
            ["day_end", "12:00"],
            ["meeting_minutes", 30],
            ["breaks", "10:30-10:45"],
            ["tables", 4],
        ],
        "Exporters": [
            COMPANY_HEADER,
            ["E1", "Agro Kenya Ltd", "Food; Agri", "en; sw", 1, None,
             "Jane", "jane@agro.ke", "+254 700", "B1; Café Dubai"],
            ["E2", "Société Tunisienne", "Textile", "fr; ar", 2, 3,
             "Ali", "ali@st.tn", "+216 71", "B2"],
        ],
        "Buyers": [
            COMPANY_HEADER,
            ["B1", "Nile Traders", "Food", "ar", 1, None, "", "", "", "E1"],
            ["B2", "Café Dubai", "Coffee", "FR, en", None, None, "", "", "", None],
        ],
        "Requests": [
            ["exporter", "buyer", "priority", "requested_by"],
            ["E2", "Nile Traders", 3, "buyer"],
        ],
        "Unavailability": [
            ["participant", "date", "start", "end", "reason"],
            ["B1", "2025-11-11", None, None, "travel"],
            ["EXPORTERS", date(2025, 11, 10), "9h", "9h30", "opening"],
        ],
        "Fixed": [
            ["exporter", "buyer", "date", "start", "table"],
            ["E2", "B2", "2025-11-10", "10:00", 1],
        ],
    }


FRENCH_NAMES = {
    "Mission": "Mission",
    "Exporters": "Exportateurs",
    "Buyers": "Acheteurs",
    "Requests": "Demandes",
    "Unavailability": "Indisponibilités",
    "Fixed": "Rendez-vous fixés",
}
FRENCH_COMPANY_HEADER = [
    "ID", "Entreprise", "Secteurs", "Langues", "Délégués", "Rendez-vous max",
    "Contact", "E-mail", "Téléphone", "Souhaits",
]


def french() -> dict[str, Rows]:
    """The same roster as :func:`base`, in French and all text (as a CSV export)."""
    return {
        "Mission": [
            ["Paramètre", "Valeur"],
            ["Nom", "Nairobi 2025"],
            ["Ville", "Nairobi"],
            ["Premier jour", "10/11/2025"],
            ["Jours", "2"],
            ["Début de journée", "09:00"],
            ["Fin de journée", "12h00"],
            ["Durée rendez-vous (min)", "30"],
            ["Pauses", "10:30-10:45"],
            ["Tables", "4"],
        ],
        "Exportateurs": [
            list(FRENCH_COMPANY_HEADER),  # a copy: a test adds a column (fresh each call)
            ["E1", "Agro Kenya Ltd", "Food; Agri", "en; sw", "1", "",
             "Jane", "jane@agro.ke", "+254 700", "b1; cafe dubai"],
            ["E2", "Société Tunisienne", "Textile", "fr; ar", "2", "3",
             "Ali", "ali@st.tn", "+216 71", "B2"],
        ],
        "Acheteurs": [
            list(FRENCH_COMPANY_HEADER),
            ["B1", "Nile Traders", "Food", "ar", "1", "", "", "", "", "e1"],
            ["B2", "Café Dubai", "Coffee", "FR, en", "", "", "", "", "", ""],
        ],
        "Demandes": [
            ["Exportateur", "Acheteur", "Priorité", "Demandé par"],
            ["E2", "nile traders", "3", "acheteur"],
        ],
        "Indisponibilités": [
            ["Participant", "Date", "Début", "Fin", "Motif"],
            ["B1", "11/11/2025", "", "", "travel"],
            ["Exportateurs", "2025-11-10", "09:00", "09:30", "opening"],
        ],
        "Rendez-vous fixés": [
            ["Exportateur", "Acheteur", "Date", "Début", "Table"],
            ["E2", "B2", "10/11/2025", "10:00", "1"],
        ],
    }


def write_xlsx(path: Path, sheets: dict[str, Rows]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def write_csv_folder(
    folder: Path, sheets: dict[str, Rows], sep: str = ";", encoding: str = "utf-8-sig",
    names: dict[str, str] | None = None,
) -> Path:
    folder.mkdir()
    for name, rows in sheets.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
        filename = (names or {}).get(name, name) + ".csv"
        (folder / filename).write_bytes(buffer.getvalue().encode(encoding))
    return folder


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(InputError) as info:
        read_roster(path)
    assert info.value.exit_code == EXIT_BAD_INPUT
    assert all(isinstance(p, Problem) for p in info.value.problems)
    return info.value.problems  # type: ignore[return-value]


def find(
    problems: list[Problem], sheet: str | None, row: int | None, column: str | None,
    text: str = "",
) -> Problem:
    """The single problem at sheet/row/column (whose message contains ``text``)."""
    hits = [
        p for p in problems
        if (p.sheet, p.row, p.column) == (sheet, row, column) and text.lower() in p.message.lower()
    ]
    assert len(hits) == 1, f"no single problem at {sheet}/{row}/{column} in {problems}"
    return hits[0]


def roster_with(tmp_path: Path, **changes: Rows) -> Path:
    sheets = base()
    for name, rows in changes.items():
        if rows is None:
            del sheets[name]
        else:
            sheets[name] = rows
    return write_xlsx(tmp_path / "roster.xlsx", sheets)


def with_rows(sheet: str, *rows: list[object], replace: bool = False) -> Rows:
    current = base()[sheet]
    return [current[0], *rows] if replace else [*current, *rows]


# =================================================================== loading
def test_english_workbook_loads(tmp_path: Path) -> None:
    inst = read_roster(write_xlsx(tmp_path / "r.xlsx", base()))
    m = inst.mission
    assert (m.name, m.city, m.days) == ("Nairobi 2025", "Nairobi", 2)
    assert m.first_day == date(2025, 11, 10)
    assert (m.day_start, m.day_end, m.tables, m.timezone) == (
        time(9), time(12), 4, "Africa/Nairobi"
    )
    assert m.breaks == ((time(10, 30), time(10, 45)),)
    assert [c.id for c in inst.exporters] == ["E1", "E2"]
    e1, e2 = inst.exporters
    assert e1.side == Side.EXPORTER and e1.wishes == ("B1", "B2")
    assert e1.sectors == ("Food", "Agri") and e1.languages == ("en", "sw")
    assert e2.delegates == 2 and e2.max_meetings == 3 and e1.max_meetings is None
    b2 = inst.companies["B2"]
    assert b2.side == Side.BUYER and b2.languages == ("fr", "en") and b2.delegates == 1
    reqs = {r.key: (r.priority, r.requested_by) for r in inst.requests}
    assert reqs == {
        ("E1", "B1"): (1, RequestedBy.BOTH),  # mutual wishes
        ("E1", "B2"): (1, RequestedBy.EXPORTER),  # wished by name
        ("E2", "B2"): (1, RequestedBy.EXPORTER),
        ("E2", "B1"): (3, RequestedBy.BUYER),  # Requests sheet
    }
    whole_day, opening = sorted(inst.unavailability, key=lambda u: u.participant)
    assert (whole_day.participant, whole_day.day) == ("B1", date(2025, 11, 11))
    assert (whole_day.start, whole_day.end) == (time(9), time(12))  # mission hours
    assert opening.participant == GROUP_EXPORTERS and (opening.start, opening.end) == (
        time(9), time(9, 30)
    )
    assert inst.fixed == (FixedMeeting("E2", "B2", date(2025, 11, 10), time(10), 1, "fixed"),)
    assert inst.input_hash and len(inst.input_hash) == 64


def test_french_csv_utf8_bom_semicolon_matches_xlsx(tmp_path: Path) -> None:
    xlsx = read_roster(write_xlsx(tmp_path / "r.xlsx", base()))
    folder = write_csv_folder(
        tmp_path / "csv", french(),
        names={"Indisponibilités": "indisponibilites", "Exportateurs": "exportateurs"},
    )
    assert (folder / "Mission.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_roster(folder).input_hash == xlsx.input_hash


def test_cp1252_comma_csv_matches_xlsx(tmp_path: Path) -> None:
    xlsx = read_roster(write_xlsx(tmp_path / "r.xlsx", base()))
    folder = write_csv_folder(tmp_path / "csv", french(), sep=",", encoding="cp1252")
    assert "é".encode("cp1252") in (folder / "Exportateurs.csv").read_bytes()
    inst = read_roster(folder)
    assert inst.companies["E2"].name == "Société Tunisienne"
    assert inst.input_hash == xlsx.input_hash


def test_french_workbook_matches_english(tmp_path: Path) -> None:
    english = read_roster(write_xlsx(tmp_path / "en.xlsx", base()))
    assert read_roster(write_xlsx(tmp_path / "fr.xlsx", french())).input_hash == english.input_hash


def test_insensitive_sheet_column_and_setting_names(tmp_path: Path) -> None:
    sheets = base()
    sheets["EXPORTATEURS "] = [
        ["Id", " SOCIETE", "secteurs", "LANGUES", "delegues", "rendez vous MAX",
         "Contact", "email", "telephone", "souhaits", "Notes"],
        *sheets.pop("Exporters")[1:],
    ]
    sheets["demandes"] = [
        ["EXPORTER", "Buyer ", "priorite", "Demande_par"], ["E2", "B1", 3, "Buyer"]
    ]
    del sheets["Requests"]
    sheets["Mission"][2][0] = "VILLE"
    sheets["Mission"][4][0] = "Days"
    sheets["Mission"].append(["Préavis (heures)", "6,5"])
    sheets["Mission"].append(["lieu", "KICC"])
    inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert inst.mission.city == "Nairobi" and inst.mission.venue == "KICC"
    assert inst.mission.notice_hours == 6.5
    assert inst.companies["E2"].max_meetings == 3
    assert inst.request_by_key[("E2", "B1")].requested_by == RequestedBy.BUYER


def test_references_match_ids_then_names_insensitively(tmp_path: Path) -> None:
    exporters = with_rows("Exporters", [None, "Ölçü Tekstil", None, None, None, None,
                                        None, None, None, "  nile   traders ; cafe DUBAI"])
    path = roster_with(tmp_path, Exporters=exporters,
                       Fixed=with_rows("Fixed", ["olcu tekstil", "b1", "2025-11-10", "11:15"],
                                       replace=True))
    inst = read_roster(path)
    company = inst.companies["Ölçü Tekstil"]  # blank id -> the name is the id
    assert company.wishes == ("B1", "B2")
    assert inst.fixed[0].key == ("Ölçü Tekstil", "B1") and inst.fixed[0].table is None


def test_languages_written_as_names_or_regional_codes_are_the_same_language(
    tmp_path: Path,
) -> None:
    # "French" beside "fr" needed an interpreter, and with none the meeting was lost.
    exporters = with_rows("Exporters", ["E9", "Atlas", None, "Français; English"],
                          ["E8", "Rif", None, "FRA / ar-MA"], replace=True)  # fmt: skip
    buyers = with_rows("Buyers", ["B9", "Nile", None, "fr-FR, Kiswahili"], replace=True)
    path = roster_with(tmp_path, Exporters=exporters, Buyers=buyers, Requests=None, Fixed=None,
                       Unavailability=None)  # fmt: skip
    inst = read_roster(path)
    assert inst.companies["E9"].languages == ("fr", "en")
    assert inst.companies["E8"].languages == ("fr", "ar")
    assert inst.companies["B9"].languages == ("fr", "sw")


def test_defaults_excel_values_and_tables(tmp_path: Path) -> None:
    serial = (date(2025, 11, 10) - date(1899, 12, 30)).days
    mission = [["setting", "value"], ["first_day", serial], ["day_start", 0.375],
               ["day_end", datetime(1899, 12, 30, 17, 0)]]
    exporters = [COMPANY_HEADER[:5], ["E1", "A", None, None, 3.0], ["E2", "B", None, None, None]]
    unav = with_rows("Unavailability", ["E1", serial + 1, 0.5, time(13, 0)], replace=True)
    path = roster_with(tmp_path, Mission=mission, Exporters=exporters, Unavailability=unav,
                       Requests=None, Fixed=None)
    inst = read_roster(path)
    m = inst.mission
    assert (m.first_day, m.day_start, m.day_end) == (date(2025, 11, 10), time(9), time(17))
    assert (m.days, m.meeting_minutes, m.interpreters, m.notice_hours) == (5, 30, 0, 12.0)
    assert m.name == "Trade mission" and m.breaks == ()
    assert m.tables == 4  # 3 + 1 exporter delegates
    assert inst.companies["E1"].delegates == 3
    u = inst.unavailability[0]
    assert (u.day, u.start, u.end) == (date(2025, 11, 11), time(12), time(13))


def test_wish_ranks_give_priorities(tmp_path: Path) -> None:
    buyers = [COMPANY_HEADER[:2]] + [[f"B{i}", f"Buyer {i}"] for i in range(1, 9)]
    wishes = "; ".join(f"B{i}" for i in range(1, 9)) + "; B1"  # a repeated wish counts once
    exporters = [COMPANY_HEADER, ["E1", "A"] + [None] * 7 + [wishes]]
    path = roster_with(tmp_path, Exporters=exporters, Buyers=buyers, Requests=None,
                       Unavailability=None, Fixed=None)
    inst = read_roster(path)
    assert [inst.request_by_key[("E1", f"B{i}")].priority for i in range(1, 9)] == [
        1, 1, 1, 2, 2, 2, 3, 3
    ]
    assert inst.companies["E1"].wishes == tuple(f"B{i}" for i in range(1, 9))


def test_requests_merge_with_wishes(tmp_path: Path) -> None:
    requests = with_rows("Requests", ["E1", "B2", 3, "acheteur"], ["E1", "B2", None, "les deux"],
                         ["E2", "B1", None, None], replace=True)
    inst = read_roster(roster_with(tmp_path, Requests=requests))
    assert inst.request_by_key[("E1", "B2")].priority == 1
    assert inst.request_by_key[("E1", "B2")].requested_by == RequestedBy.BOTH
    assert inst.request_by_key[("E2", "B1")].priority == 2
    assert inst.request_by_key[("E2", "B1")].requested_by == RequestedBy.EXPORTER


def test_fixed_pair_becomes_request(tmp_path: Path) -> None:
    fixed = with_rows("Fixed", ["E2", "B1", "2025-11-10", "11:15", None], replace=True)
    inst = read_roster(roster_with(tmp_path, Requests=None, Fixed=fixed))
    r = inst.request_by_key[("E2", "B1")]
    assert (r.priority, r.requested_by) == (1, RequestedBy.BOTH)
    assert inst.slot_of(date(2025, 11, 10), time(11, 15)) is not None


def test_fingerprint_ignores_company_row_order_not_wish_order(tmp_path: Path) -> None:
    original = read_roster(write_xlsx(tmp_path / "a.xlsx", base())).input_hash
    sheets = base()
    for name in ("Exporters", "Buyers"):
        sheets[name] = [sheets[name][0], *reversed(sheets[name][1:])]
    assert read_roster(write_xlsx(tmp_path / "b.xlsx", sheets)).input_hash == original
    sheets = base()
    sheets["Exporters"][1][9] = "Café Dubai; B1"
    assert read_roster(write_xlsx(tmp_path / "c.xlsx", sheets)).input_hash != original


def test_fixed_rows_keep_their_sheet_and_row_outside_the_fingerprint(tmp_path: Path) -> None:
    # For exit 3 to name them as typed: "(Fixed sheet)" was said of a French roster's
    # rows (a French coordinator's tester). A row moved down changes nothing planned.
    sheets = french()
    inst = read_roster(write_xlsx(tmp_path / "a.xlsx", sheets))
    [fixed] = inst.fixed
    assert (fixed.sheet, fixed.row) == ("Rendez-vous fixés", 2)
    sheets["Rendez-vous fixés"].insert(1, [None] * 5)
    moved = read_roster(write_xlsx(tmp_path / "b.xlsx", sheets))
    assert moved.fixed[0].row == 3 and moved.fixed == inst.fixed
    assert moved.input_hash == inst.input_hash


def test_empty_rows_skipped_and_row_numbers_kept(tmp_path: Path) -> None:
    exporters = with_rows("Exporters", [None] * 10, [None, None, None, None, "zero"])
    problems = problems_of(roster_with(tmp_path, Exporters=exporters))
    find(problems, "Exporters", 5, "company", "required")
    find(problems, "Exporters", 5, "delegates")


def test_title_rows_above_the_header_are_skipped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Coordinators put a title above their lists: every column was then "missing", in
    # row 1, and the roster refused.
    sheets = base()
    for name in ("Exporters", "Buyers", "Requests", "Mission"):
        sheets[name] = [[f"Liste : {name} (mise à jour du 3 novembre)"], [None], *sheets[name]]
    with caplog.at_level("WARNING", logger="asmex_sched"):
        titled = read_roster(write_xlsx(tmp_path / "titled.xlsx", sheets))
    plain = read_roster(write_xlsx(tmp_path / "plain.xlsx", base()))
    assert titled == plain
    said = [r.getMessage() for r in caplog.records]
    for name in ("Exporters", "Buyers", "Requests", "Mission"):
        [line] = [m for m in said if f"sheet {name}:" in m]
        assert "the header is row 3" in line and "row 1 says 'Liste" in line
    # Problems still name the row as the sheet numbers it.
    sheets["Exporters"][3][4] = "two"  # E1's delegates, sheet row 4
    find(problems_of(write_xlsx(tmp_path / "bad.xlsx", sheets)), "Exporters", 4, "delegates")


def test_a_row_of_group_headers_above_the_header_is_a_title_row(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A tester: 'Entreprise' merged over A1:D1 and 'Contact' over G1:I1 above the real
    # header were taken for the header (they name two columns): seven columns "without
    # a header", then the wishes "names companies but has no header".
    sheets = base()
    sheets["Exporters"].insert(0, ["Entreprise", *[None] * 5, "Contact"])
    sheets["Buyers"].insert(0, ["Société", *[None] * 5, "Coordonnées"])

    def merge(wb: openpyxl.Workbook) -> None:
        wb["Exporters"].merge_cells("A1:D1")
        wb["Exporters"].merge_cells("G1:I1")
        wb["Buyers"].merge_cells("A1:F1")
        wb["Buyers"].merge_cells("G1:I1")

    path = edited(write_xlsx(tmp_path / "r.xlsx", sheets), merge)
    with caplog.at_level("WARNING", logger="asmex_sched"):
        grouped = read_roster(path)
    assert grouped == read_roster(write_xlsx(tmp_path / "plain.xlsx", base()))
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}, sheet Exporters: the header is row 2; the rows above it are ignored (row 1 "
        "says 'Entreprise')",
        f"{path}, sheet Buyers: the header is row 2; the rows above it are ignored (row 1 "
        "says 'Société')",
    ]


def test_a_data_row_naming_more_columns_than_its_header_is_data(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A QA tester: the first buyer 'B1 | Nile Traders | Industry | Max | Mobile' names
    # three columns, its header 'id | company | Catégorie | Interlocuteur | Joignable
    # par' two: the buyer was taken for the header, "missing column 'company'", exit 2.
    # A row filling every cell is a header, no group row.
    sheets = base()
    sheets["Buyers"] = [
        ["id", "company", "Catégorie", "Interlocuteur", "Joignable par"],
        ["B1", "Nile Traders", "Industry", "Max", "Mobile"],
        ["B2", "Café Dubai", "Food", "Jane", "Mail"],
    ]
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert [(b.id, b.name) for b in inst.buyers] == [("B1", "Nile Traders"),
                                                     ("B2", "Café Dubai")]  # fmt: skip
    assert "the header is row" not in caplog.text
    # A group row naming as many columns as the header under it: the header was "a
    # repeated header" to delete (a QA tester); the group row is a title row.
    sheets = base()
    sheets["Requests"] = [
        ["Exportateur", None, "Acheteur", None],
        ["exporter", "Nom exp", "buyer", "Nom ach"],
        ["E2", "Société Tunisienne", "B1", "Nile"],
    ]
    caplog.clear()
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(path := write_xlsx(tmp_path / "g.xlsx", sheets))
    assert ("E2", "B1") in [r.key for r in inst.requests]
    assert (f"{path}, sheet Requests: the header is row 2; the rows above it are ignored "
            "(row 1 says 'Exportateur')") in caplog.text  # fmt: skip


def test_a_data_row_with_a_value_past_the_header_is_data(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A second reader: the first buyer of the QA tester's sheet, with a note typed in
    # the column past the header, filled one cell more than its header and was taken
    # for it ("'en; sw' is not a whole number" in every row). The note is a column
    # under no header, ignored with its warning.
    sheets = base()
    sheets["Buyers"] = [
        ["id", "company", "Catégorie", "Interlocuteur", "Joignable par"],
        ["B1", "Nile Traders", "Industry", "Max", "Mobile", "VIP"],
        ["B2", "Café Dubai", "Food", "Jane", "Mail"],
    ]
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(path := write_xlsx(tmp_path / "r.xlsx", sheets))
    assert [(b.id, b.name) for b in inst.buyers] == [("B1", "Nile Traders"),
                                                     ("B2", "Café Dubai")]  # fmt: skip
    assert "the header is row" not in caplog.text
    assert (f"{path}, sheet Buyers: column F holds values (the first in row 2) but has "
            "no header: ignored") in caplog.text  # fmt: skip


def test_a_contact_block_above_the_header_is_a_title_row(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A re-check tester: an organiser's contact block under the title names two columns
    # ('Contact', 'Email') in four cells; the header under it, counted in those four
    # cells alone, was not taken: "the header is row 2", every column "without a
    # header", exit 2. Past the block's last cell, the header's cells name columns.
    sheets = base()
    sheets["Buyers"][:0] = [["Acheteurs kenyans - Mission Nairobi 2025"],
                            ["Contact", "Amina Benali", "Email", "amina@asmex.ma"],
                            [None]]  # fmt: skip
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(path := write_xlsx(tmp_path / "r.xlsx", sheets))
    assert inst == read_roster(write_xlsx(tmp_path / "plain.xlsx", base()))
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}, sheet Buyers: the header is row 4; the rows above it are ignored (row 1 "
        "says 'Acheteurs kenyans - Mission Nairobi 2025')"
    ]


@pytest.mark.parametrize("over_wishes", [None, "Souhaits"])
@pytest.mark.parametrize("csv_folder", [False, True])
def test_group_labels_typed_in_every_cell_are_a_group_row(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, csv_folder: bool,
    over_wishes: str | None,
) -> None:
    # A re-check tester: the group labels typed in every cell rather than merged, as
    # pandas.to_csv writes two-level columns ('Entreprise' over A-F, 'Contact' over
    # G-I, nothing over wishes), filled as many cells as the header under them and were
    # taken for it: "column 'Entreprise' duplicates column 'Entreprise'", exit 2. A
    # label over two cells of the row below is a group, over the wishes too.
    sheets = base()
    sheets["Buyers"].insert(0, ["Entreprise"] * 6 + ["Contact"] * 3 + [over_wishes])
    write = write_csv_folder if csv_folder else write_xlsx
    path = write(tmp_path / ("roster" if csv_folder else "r.xlsx"), sheets)
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(path)
    assert inst == read_roster(write_xlsx(tmp_path / "plain.xlsx", base()))
    where = f"{path / 'Buyers.csv'}" if csv_folder else f"{path}"
    assert [r.getMessage() for r in caplog.records] == [
        f"{where}, sheet Buyers: the header is row 2; the rows above it are ignored (row 1 "
        "says 'Entreprise')"
    ]


def test_a_blank_margin_column_is_read_past_on_the_mission_sheet_too(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A tester: settings in B:C beside a blank column A (the "indented table" look)
    # were each "a value without a setting name", then "setting 'first_day' is
    # required", where the same margin on every other sheet read fine.
    sheets = base()
    for name in sheets:
        sheets[name] = [[None, *row] for row in sheets[name]]
    plain = read_roster(write_xlsx(tmp_path / "plain.xlsx", base()))
    with caplog.at_level("WARNING", logger="asmex_sched"):
        assert read_roster(write_xlsx(tmp_path / "margin.xlsx", sheets)) == plain
        # in a CSV file, an empty first field on every line
        assert read_roster(write_csv_folder(tmp_path / "csv", sheets)).input_hash == (
            plain.input_hash
        )
    assert not caplog.records, caplog.text
    # Its merged cells and formulas are read by the setting and value columns.
    sheets["Mission"][2:3] = [[None, "city", "Nairobi"], [None, "venue", None]]
    path = edited(write_xlsx(tmp_path / "merged.xlsx", sheets),
                  lambda wb: wb["Mission"].merge_cells("C3:C4"))  # fmt: skip
    assert read_roster(path).mission.venue == "Nairobi"
    sheets["Mission"][-1][2] = "=2+3"  # tables, row 11
    [problem] = problems_of(write_xlsx(tmp_path / "formula.xlsx", sheets))
    assert (problem.sheet, problem.row, problem.column) == ("Mission", 11, "Value")
    assert "the formula =2+3 has no computed value" in problem.message


def test_a_title_in_a1_over_a_margin_is_read_on_the_mission_sheet_too(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A QA tester: a title in A1, a blank row, then settings in B:C were each "a value
    # without a setting name", then "setting 'first_day' is required", where every
    # other sheet read the same layout.
    sheets = base()
    for name in sheets:
        sheets[name] = [[f"{name} – Nairobi 2025"], [None],
                        *([None, *row] for row in sheets[name])]  # fmt: skip
    plain = read_roster(write_xlsx(tmp_path / "plain.xlsx", base()))
    with caplog.at_level("WARNING", logger="asmex_sched"):
        assert read_roster(write_xlsx(tmp_path / "titled.xlsx", sheets)) == plain
        assert read_roster(write_csv_folder(tmp_path / "csv", sheets)).mission == (
            plain.mission
        )
    assert ("sheet Mission: the header is row 3; the rows above it are ignored (row 1 "
            "says 'Mission – Nairobi 2025')") in caplog.text  # fmt: skip
    # a setting with a blank value below the title is a setting, not a title
    sheets["Mission"].insert(4, [None, "venue", None])
    assert read_roster(write_xlsx(tmp_path / "venue.xlsx", sheets)).mission == plain.mission


def test_a_misspelled_first_setting_below_the_header_is_still_reported(tmp_path: Path) -> None:
    # Taken for the header once title rows were skipped: the mission's name fell back
    # to its default without a word (a second reader).
    mission = base()["Mission"]
    # ('Nom de la mission' was the example; it is a spelling of 'name' since session 20)
    mission.insert(1, ["Intitulé de la mission", "Nairobi 2025"])
    del mission[2]  # the real name row
    problems = problems_of(roster_with(tmp_path, Mission=mission))
    find(problems, "Mission", 2, "Setting", "unknown setting 'Intitulé de la mission'")


def test_error_values_under_a_titled_header_are_still_problems(tmp_path: Path) -> None:
    # The check for error values took the title for the header and skipped every column.
    sheets = base()
    sheets["Exporters"] = [["Liste des exportateurs"], *sheets["Exporters"]]
    path = write_xlsx(tmp_path / "r.xlsx", sheets)
    wb = openpyxl.load_workbook(path)
    wb["Exporters"]["J3"] = "#N/A"  # E1's wishes, under the header in row 2
    wb.save(path)
    find(problems_of(path), "Exporters", 3, "wishes", "#N/A")


def test_excel_error_values_in_a_csv_file_are_problems_as_in_a_workbook(tmp_path: Path) -> None:
    # Excel writes a failed formula's error into a CSV file as text, in its locale's
    # language: read as text, a failed lookup's '#REF!' went out as the venue in every
    # agenda, '#N/A' as a contact (a French-locale tester).
    sheets = french()
    sheets["Mission"].append(["Lieu", "#REF!"])
    exporters = sheets["Exportateurs"]
    exporters[0].append("Notes")
    exporters[1][6:9] = ["#N/A", " #N/A ", "#NOM?"]  # contact, e-mail, phone (row 2)
    exporters[1].append("#N/A")  # a note: not read, not said
    exporters[2][2] = "#VALEUR!"  # sectors (row 3)
    exporters[2][5] = "#VALEUR!"  # max meetings: the error alone, no "whole number"
    exporters[2][6] = "#N/A pending"  # text that merely starts like one
    sheets["Indisponibilités"][1][4] = "#N/A"
    problems = problems_of(write_csv_folder(tmp_path / "csv", sheets))
    message = "the cell holds the error {} (a formula that failed?): correct it, or type the value"
    for sheet, row, column, error in [
        ("Mission", 11, "Valeur", "#REF!"),
        ("Exportateurs", 2, "Contact", "#N/A"), ("Exportateurs", 2, "E-mail", "#N/A"),
        ("Exportateurs", 2, "Téléphone", "#NOM?"), ("Exportateurs", 3, "Secteurs", "#VALEUR!"),
        ("Exportateurs", 3, "Rendez-vous max", "#VALEUR!"),
        ("Indisponibilités", 2, "Motif", "#N/A"),
    ]:
        assert find(problems, sheet, row, column).message == message.format(error)
    assert len(problems) == 7, problems


def test_a_csv_title_line_does_not_decide_the_separator(tmp_path: Path) -> None:
    sheets = base()
    sheets["Exporters"] = [["Liste des exportateurs"], *sheets["Exporters"]]
    folder = write_csv_folder(tmp_path / "csv", sheets)
    text = (folder / "Exporters.csv").read_bytes().decode("utf-8-sig")
    assert text.startswith("Liste des exportateurs\r\n")  # no separator on the title line
    plain = read_roster(write_xlsx(tmp_path / "r.xlsx", base()))
    assert read_roster(folder).input_hash == plain.input_hash


def test_commas_and_semicolons_inside_values_do_not_decide_a_csv_separator(
    tmp_path: Path,
) -> None:
    # Guessing from the line with the most separators took a ';' file whose Mission had
    # one comma in a value for a ',' file, and refused it (a second reader).
    sheets = base()
    sheets["Mission"][1] = ["name", "Kenya, Nairobi 2025"]
    sheets["Mission"][8] = ["breaks", "10:30-10:45, 11:30-11:40"]
    sheets["Exporters"][1][2] = "; ".join(f"Sector {i}" for i in range(12))
    xlsx = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert xlsx.mission.name == "Kenya, Nairobi 2025" and len(xlsx.mission.breaks) == 2
    for sep in (";", ",", "\t"):
        folder = write_csv_folder(tmp_path / f"csv{ord(sep)}", sheets, sep=sep)
        assert read_roster(folder).input_hash == xlsx.input_hash, repr(sep)


def test_excel_s_sep_line_declares_the_separator_and_is_not_a_row(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A tester: files starting with Excel's 'sep=;' line each warned "the header is
    # row 2; the rows above it are ignored (row 1 says 'sep=')", and problems were
    # numbered one row past what Excel shows (it reads that line and hides it).
    plain = read_roster(write_xlsx(tmp_path / "r.xlsx", base()))
    for sep in (";", "|"):  # '|': no separator the reader would guess
        folder = write_csv_folder(tmp_path / f"csv{ord(sep)}", base(), sep=sep)
        for file in folder.iterdir():
            file.write_bytes(f"sep={sep}\r\n".encode() + file.read_bytes())
        caplog.clear()
        with caplog.at_level("WARNING", logger="asmex_sched"):
            assert read_roster(folder).input_hash == plain.input_hash, sep
        assert "the header is row" not in caplog.text
    sheets = base()
    sheets["Exporters"][2][4] = "deux"  # E2's delegates: row 3 in Excel
    folder = write_csv_folder(tmp_path / "bad", sheets)
    exporters = folder / "Exporters.csv"
    exporters.write_bytes(b"sep=;\r\n" + exporters.read_bytes())
    find(problems_of(folder), "Exporters", 3, "delegates", "'deux' is not a whole number")


def test_a_title_over_a_misspelled_setting_is_not_skipped(tmp_path: Path) -> None:
    # Without a header row below the title, the misspelled setting was taken for the
    # header: the time zone fell back to its default without a word (a second reader).
    for top in (["Mission Dakar 2026"], ["Paramètre", None]):
        mission = [top, ["Fuseau horaire IANA", "Africa/Dakar"], *base()["Mission"][1:]]
        problems = problems_of(roster_with(tmp_path, Mission=mission))
        assert [p.row for p in problems if "unknown setting 'Fuseau" in p.message] == [2]


def test_a_company_deleted_from_its_sheet_gets_one_line_saying_what_names_it(
    tmp_path: Path,
) -> None:
    # Every request, wish and unavailability naming it was a problem of its own: 239
    # lines for 10 withdrawn companies at a trade fair, nothing tying them together.
    sheets = base()
    sheets["Exporters"] = sheets["Exporters"][:2]  # E2 withdrew: its row deleted
    sheets["Buyers"][2][-1] = "E2"  # Café Dubai wished it
    sheets["Unavailability"].append(["E2", "2025-11-11", "9h", "10h", "travel"])
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    rows = [p for p in problems if p.sheet is not None]
    assert len(rows) == 4 and all("'E2'" in p.message for p in rows)  # each still listed
    summary = problems[-1]
    assert summary.sheet is None and summary.message.startswith(
        "'E2' is named in 4 places (1 in Buyers, 1 in Fixed, 1 in Requests, "
        "1 in Unavailability) but listed in no company sheet"
    )
    # The one-cell way out is told: its row back with max_meetings 0.
    assert "put its row back with max_meetings 0" in summary.message
    # ... with what it does not cover: a Fixed row naming it is refused beside
    # max_meetings 0 (E2 has one here), a locked meeting to come stops a re-plan, and
    # the meetings within the notice period stay booked, where deleting it cancels them
    # ("which plans no meeting for it" led from one refusal to another: a reviewer).
    assert "(its Fixed rows must still go; docs/roster.md says what else" in summary.message
    sheets_back = base()
    sheets_back["Exporters"][2][5] = 0  # E2's row back, max_meetings 0: its Fixed row?
    refused = problems_of(write_xlsx(tmp_path / "back.xlsx", sheets_back))
    assert [p.sheet for p in refused] == ["Fixed"], refused
    assert "more fixed meetings than its max_meetings (0)" in refused[0].message
    # Spellings of one name group together, each quoted.
    sheets["Requests"].append(["e2", "B1", 1, "exporter"])
    last = problems_of(write_xlsx(tmp_path / "s.xlsx", sheets))[-1]
    assert last.message.startswith("'E2' / 'e2' is named in 5 places")
    # Known names separated by ',' are a separator slip, not a withdrawn company.
    sheets = base()
    for row in sheets["Buyers"][1:]:
        row[-1] = "Agro Kenya Ltd, Société Tunisienne"
    sheets["Buyers"].append(["B3", "Third", "Food", "en", 1, None, "", "", "",
                             "Agro Kenya Ltd, Société Tunisienne"])  # fmt: skip
    problems = problems_of(write_xlsx(tmp_path / "u.xlsx", sheets))
    assert not any("listed in no company sheet" in p.message for p in problems)
    # A name mistyped once or twice gets no such line.
    sheets = base()
    sheets["Requests"][1][0] = "E9"
    assert all(p.sheet is not None for p in problems_of(write_xlsx(tmp_path / "t.xlsx", sheets)))


def test_a_sheet_without_a_recognisable_header_still_says_which_columns_are_missing(
    tmp_path: Path,
) -> None:
    # (Since "Code" and "Raison sociale" became aliases, headers no alias names.)
    rows: Rows = [["Liste des exportateurs"], ["N°", "Dénomination"], ["E1", "Agro"]]
    problems = problems_of(roster_with(tmp_path, Exporters=rows))
    find(problems, "Exporters", 1, "company", "missing column")


# ==================================================================== errors
def test_path_missing(tmp_path: Path) -> None:
    [p] = problems_of(tmp_path / "nope.xlsx")
    assert p.file == str(tmp_path / "nope.xlsx") and p.sheet is None


def test_path_wrong_kind(tmp_path: Path) -> None:
    path = tmp_path / "roster.txt"
    path.write_text("hello")
    [p] = problems_of(path)
    assert ".xlsx" in p.message


def test_corrupt_workbook(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    [p] = problems_of(path)
    assert p.file == str(path) and "workbook" in p.message


def test_missing_sheet(tmp_path: Path) -> None:
    problems = problems_of(roster_with(tmp_path, Buyers=None, Requests=None, Fixed=None,
                                       Unavailability=None))
    find(problems, "Buyers", None, None, "missing")
    assert len(problems) == 1  # wishes naming buyers are not reported as unknown


def test_missing_csv_file(tmp_path: Path) -> None:
    sheets = french()
    del sheets["Acheteurs"]
    problems = problems_of(write_csv_folder(tmp_path / "csv", sheets))
    find(problems, "Buyers", None, None, "missing")


def test_the_folder_of_a_workbook_says_to_give_the_workbook(tmp_path: Path) -> None:
    # A tester gave the mission's folder, which held roster.xlsx: three "missing CSV
    # file" errors and no hint.
    folder = tmp_path / "mission"
    folder.mkdir()
    write_xlsx(folder / "roster.xlsx", base())
    (folder / "~$roster.xlsx").write_bytes(b"lock")  # Excel has it open
    (folder / "notes.txt").write_text("call Nairobi\n")
    # the agenda plan wrote beside it is not the workbook to give (a second reader:
    # 'agenda.xlsx', first in alphabetical order, was named)
    write_xlsx(folder / "agenda.xlsx", {"Summary": [["key", "value"]],
                                        "Meetings": [["meeting_id"]]})  # fmt: skip
    [problem] = problems_of(folder)
    assert (problem.file, problem.sheet) == (str(folder), None)
    assert problem.message == (
        "this folder holds no CSV file of a roster, but roster.xlsx: give the workbook "
        f"itself ({folder / 'roster.xlsx'})"
    )
    # A folder of CSV files that lacks one is told so, whatever else it holds.
    sheets = french()
    del sheets["Acheteurs"]
    csv_folder = write_csv_folder(tmp_path / "csv", sheets)
    write_xlsx(csv_folder / "agenda.xlsx", base())
    [problem] = problems_of(csv_folder)
    assert problem.message.startswith("missing CSV file 'Buyers.csv' or 'Acheteurs.csv'")
    # ... and of a workbook beside them, which may be that sheet (a form's export saved
    # as .xlsx: not named; a tester); an agenda is not named
    assert problem.message.endswith(
        " (this folder also holds 'agenda.xlsx', not read in a folder of CSV files: if it "
        "holds this sheet, save it as CSV UTF-8 under that name)"
    )
    (csv_folder / "agenda.xlsx").unlink()
    write_xlsx(csv_folder / "agenda.xlsx", {"Summary": [["key", "value"]],
                                            "Meetings": [["meeting_id"]]})  # fmt: skip
    [problem] = problems_of(csv_folder)
    assert problem.message == "missing CSV file 'Buyers.csv' or 'Acheteurs.csv'"


def test_missing_column(tmp_path: Path) -> None:
    rows: Rows = [["id", "sectors"], ["E1", "x"]]
    problems = problems_of(roster_with(tmp_path, Exporters=rows))
    find(problems, "Exporters", 1, "company", "missing column")


def test_an_empty_company_sheet_is_said_to_be_empty(tmp_path: Path) -> None:
    # A tester: an Exporters sheet emptied of every row, its header too, said "missing
    # column 'company'", as if it had a header without it.
    columns = (
        "naming its columns (company; optional: id, sectors, languages, delegates, "
        "max_meetings, contact, email, phone, wishes), then one row per exporter under it"
    )
    [problem] = problems_of(roster_with(tmp_path, Exporters=[]))
    assert (problem.sheet, problem.row, problem.column) == ("Exporters", 1, None)
    assert problem.message == f"the sheet is empty: its first row should be the header, {columns}"
    # a CSV file of blank lines alone, as a sheet with no cell filled saves
    folder = write_csv_folder(tmp_path / "csv", base())
    (folder / "Exporters.csv").write_bytes(b"\r\n\r\n")
    [problem] = problems_of(folder)
    assert (problem.sheet, problem.row, problem.message) == (
        "Exporters", 1, f"the file is empty: its first row should be the header, {columns}"
    )  # fmt: skip


def test_duplicate_id_in_sheet(tmp_path: Path) -> None:
    exporters = with_rows("Exporters", ["e1", "Other Co"])
    problems = problems_of(roster_with(tmp_path, Exporters=exporters))
    found = find(problems, "Exporters", 4, "id", "already used")
    assert len(problems) == 1  # references to the ambiguous 'E1' are not reported again
    # "'E1' is already used by 'E1'" read as nonsense (an input tester): the message names
    # the company that holds the id instead of echoing it.
    first = base()["Exporters"][1]
    assert f"'e1' is already used by {first[1]} as its id ('E1', sheet Exporters, row 2)" in (
        found.message
    )
    exporters = with_rows("Exporters", ["E1", "Other Co"])
    problems = problems_of(roster_with(tmp_path, Exporters=exporters))
    found = find(problems, "Exporters", 4, "id", "already used")
    assert f"'E1' is already used by {first[1]} as its id (sheet Exporters, row 2);" in (
        found.message
    )
    # the same row pasted twice is said so (a reader: "another company" it was not)
    problems = problems_of(roster_with(tmp_path, Exporters=with_rows("Exporters", first)))
    found = find(problems, "Exporters", 4, "id", "already used")
    assert "(sheet Exporters, row 2): the same company listed twice? delete one" in found.message


def test_a_name_used_twice_names_the_company_holding_it(tmp_path: Path) -> None:
    first = base()["Exporters"][1]
    exporters = with_rows("Exporters", ["E9", first[1]])
    problems = problems_of(roster_with(tmp_path, Exporters=exporters))
    found = find(problems, "Exporters", 4, "company", "already used")
    assert f"{first[1]!r} is already used by {first[0]!r} (sheet Exporters, row 2)" in (
        found.message
    )


def test_duplicate_name_across_sheets(tmp_path: Path) -> None:
    buyers = with_rows("Buyers", ["B3", "agro kenya LTD"])
    problems = problems_of(roster_with(tmp_path, Buyers=buyers))
    found = find(problems, "Buyers", 4, "company", "already used")
    assert "compared without case, accents, spaces, invisible characters, the kind of dash" in (
        found.message
    )


def test_a_duplicate_that_prints_the_same_says_why(tmp_path: Path) -> None:
    # "'ÉX' is already used by 'ÉX'": one typed with the accent as one character, the
    # other as E and a combining accent (a Mac's or a web form's paste; a tester).
    exporters = with_rows("Exporters", ["\u00c9X", "Alpha"], ["E\u0301X", "Beta"])
    problems = problems_of(roster_with(tmp_path, Exporters=exporters))
    found = find(problems, "Exporters", 5, "id", "already used")
    assert "look the same but their accents are encoded differently" in found.message


def test_unknown_wish(tmp_path: Path) -> None:
    sheets = base()
    sheets["Exporters"][2][9] = "B2; Ghost Ltd"
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    found = find(problems, "Exporters", 3, "wishes", "Ghost Ltd")
    # Nothing close to it: said to be no buyer of the roster, likely one that withdrew
    # (once, the message said nothing more below three mentions; a walkthrough).
    assert "no buyer in the roster has this id or name (if it withdrew" in found.message


def test_wish_on_wrong_side(tmp_path: Path) -> None:
    sheets = base()
    sheets["Buyers"][1][9] = "E1; B2"
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    find(problems, "Buyers", 2, "wishes", "B2")


def test_unknown_request_reference_uses_written_header(tmp_path: Path) -> None:
    requests = [["Exportateur", "ACHETEUR"], ["E1", "Nobody"], ["B1", "B2"]]
    problems = problems_of(roster_with(tmp_path, Requests=requests))
    find(problems, "Requests", 2, "ACHETEUR", "unknown")
    find(problems, "Requests", 3, "Exportateur", "not an exporter")


def test_bad_priority_and_requested_by(tmp_path: Path) -> None:
    requests = with_rows("Requests", ["E1", "B2", 4, "maybe"], replace=True)
    problems = problems_of(roster_with(tmp_path, Requests=requests))
    find(problems, "Requests", 2, "priority")
    find(problems, "Requests", 2, "requested_by")


def test_bad_company_numbers(tmp_path: Path) -> None:
    sheets = base()
    sheets["Exporters"][1][4] = 0
    sheets["Exporters"][2][5] = "lots"
    sheets["Buyers"][1][4] = 1.5
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    find(problems, "Exporters", 2, "delegates")
    find(problems, "Exporters", 3, "max_meetings")
    find(problems, "Buyers", 2, "delegates", "whole number")


def test_bad_date_and_time_in_unavailability(tmp_path: Path) -> None:
    unav = with_rows("Unavailability", ["B1", "31/02/2025"], ["B2", "2025-11-10", "25:00", "26h"],
                     ["B2", "2025-11-10", "11:00", "10:00"], ["B2", "2026-01-01"],
                     # a date and time in the date cell blocked the whole day, silently
                     ["B2", datetime(2025, 11, 10, 14, 0)], ["B2", 45971.5],
                     replace=True)  # fmt: skip
    problems = problems_of(roster_with(tmp_path, Unavailability=unav))
    find(problems, "Unavailability", 2, "date")
    find(problems, "Unavailability", 3, "start", "25:00")
    find(problems, "Unavailability", 3, "end", "26h")
    find(problems, "Unavailability", 4, "end", "after")
    find(problems, "Unavailability", 5, "date", "not a mission day")
    assert "first_day" in find(problems, "Unavailability", 5, "date").message
    find(problems, "Unavailability", 6, "date", "time of day")
    find(problems, "Unavailability", 7, "date", "time of day")


def test_a_reason_typed_in_the_unavailability_participant_is_not_quoted(
    tmp_path: Path,
) -> None:
    # Left open by session 67's privacy tester: "unknown participant 'chemotherapy
    # session'" quoted a company's reason to stderr and the log. Words close to no
    # company are counted, not quoted; an id mistyped, a name close to a company's and
    # several companies in one cell are quoted still, to be found.
    unav = with_rows("Unavailability",
                     ["chemotherapy session", "2025-11-10"], ["B1 hospital", "2025-11-10"],
                     ["surgery", "2025-11-10"], ["B-9x", "2025-11-10"], ["E 12", "2025-11-10"],
                     ["B1; B2", "2025-11-10"],
                     # a reason with a digit, not shaped as the roster's ids (E…, B…):
                     # quoted until a second reader's COVID-19
                     ["COVID-19", "2025-11-10"], ["IVF2", "2025-11-10"],
                     ["chemo 3", "2025-11-10"],
                     replace=True)  # fmt: skip
    problems = problems_of(roster_with(tmp_path, Unavailability=unav))
    said = " ".join(p.message for p in problems)
    assert "chemotherapy" not in said and "hospital" not in said and "surgery" not in said
    assert "COVID" not in said and "IVF" not in said and "chemo" not in said
    for row in (8, 9, 10):
        find(problems, "Unavailability", row, "participant", "that names no company")
    assert find(problems, "Unavailability", 2, "participant").message == (
        "a text of 20 characters that names no company (not quoted: the reason typed in the "
        "participant column? it goes in the reason column; a participant is an id, a "
        "company name, ALL, EXPORTERS or BUYERS)"
    )
    find(problems, "Unavailability", 3, "participant", "a text of 11 characters")
    find(problems, "Unavailability", 4, "participant", "a text of 7 characters")
    find(problems, "Unavailability", 5, "participant", "unknown participant 'B-9x'")
    find(problems, "Unavailability", 6, "participant", "unknown participant 'E 12'")
    find(problems, "Unavailability", 7, "participant", "one row per participant")


def test_a_reason_typed_in_an_unavailability_time_or_date_is_not_quoted(
    tmp_path: Path,
) -> None:
    # A privacy tester: "'REASON hospital' is not a time" quoted a company's reason for
    # being away to stderr and the log, which never hold one (README, Personal data). A
    # long text there is counted, not quoted; a time or a date mistyped is quoted still,
    # to be found, and so is a long text in another sheet.
    unav = with_rows("Unavailability",
                     ["B1", "2025-11-10", "09:00", "hospital, back on Wednesday"],
                     ["B2", "see the reason: surgery", "09:00", "10:00"],
                     ["B2", "2025-11-10", "9h75", "14:00 pm"], ["B2", "31 novembre 2025"],
                     ["B1", "2025-11-11", "Dr 14h", "1er 9h"],
                     replace=True)  # fmt: skip
    sheets = base()
    sheets["Fixed"][1][3] = "after lunch, the CEO decides"
    problems = problems_of(roster_with(tmp_path, Unavailability=unav, Fixed=sheets["Fixed"]))
    said = " ".join(p.message for p in problems)
    assert "hospital" not in said and "surgery" not in said
    assert find(problems, "Unavailability", 2, "end").message == (
        "a text of 27 characters is not a time (the reason typed in the end column? it goes "
        "in the reason column)"
    )
    find(problems, "Unavailability", 3, "date", "a text of 23 characters is not a date")
    find(problems, "Unavailability", 4, "start", "'9h75'")
    find(problems, "Unavailability", 4, "end", "'14:00 pm'")
    find(problems, "Unavailability", 5, "date", "'31 novembre 2025'")
    # a reason of two letters and a time is a reason still (a second reader)
    find(problems, "Unavailability", 6, "start", "a text of 6 characters is not a time")
    find(problems, "Unavailability", 6, "end", "'1er 9h'")
    find(problems, "Fixed", 2, "start", "'after lunch, the CEO decides' is not a time")


def test_a_time_or_day_in_a_coordinators_words_is_quoted_not_called_the_reason(
    tmp_path: Path,
) -> None:
    # A French-speaking coordinator's tester: '14h30mn', 'de 14h30' and 'J2' were
    # "a text of N characters (the reason typed in ...?)", hidden, while 'à 15h30' was
    # quoted. Words written around a time or a day are an attempt at one. ('14h30mn'
    # reads now: its minutes mistyped, '14h75mn', '14h75m', are quoted.)
    unav = with_rows("Unavailability",
                     ["B1", "2025-11-10", "14h75mn", "vers 11h"], ["B1", "J2"],
                     ["B1", "day 2"], ["B2", "2025-11-11", "dès 9h75", "until 11h75"],
                     ["B2", "2025-11-10", "from 9 h 75", "jusqu'à 11h75"],
                     ["B2", "D3", "Dr 14h", "14h75m"],
                     replace=True)  # fmt: skip
    problems = problems_of(roster_with(tmp_path, Unavailability=unav))
    find(problems, "Unavailability", 2, "start", "'14h75mn'")
    find(problems, "Unavailability", 2, "end", "'vers 11h'")
    find(problems, "Unavailability", 3, "date", "'J2'")
    find(problems, "Unavailability", 4, "date", "'day 2'")
    find(problems, "Unavailability", 5, "start", "'dès 9h75'")
    find(problems, "Unavailability", 5, "end", "'until 11h75'")
    find(problems, "Unavailability", 6, "start", "'from 9 h 75'")
    find(problems, "Unavailability", 6, "end", "jusqu'à 11h75")
    find(problems, "Unavailability", 7, "date", "'D3'")
    find(problems, "Unavailability", 7, "start", "a text of 6 characters")  # a reason still
    find(problems, "Unavailability", 7, "end", "'14h75m'")


def test_a_time_after_de_or_a_reads_in_unavailability_and_fixed(tmp_path: Path) -> None:
    # A French-speaking coordinator's tester: 'de 14h30' in Début and 'à 15h30' in Fin
    # were refused, though the breaks setting reads 'de 12h30 à 14h00'. A word of the
    # other end is refused: 'de 10h' read as an end closes the morning, not the
    # afternoon.
    unav = with_rows("Unavailability",
                     ["B2", "2025-11-10", "de 10h30", "à 11h"],
                     ["E1", "2025-11-11", "from 9:00", "until 10:00"],
                     ["E2", "2025-11-11", "à 9h", "jusqu’à 9h30"], replace=True)  # fmt: skip
    fixed = with_rows("Fixed", ["E2", "B2", "2025-11-10", "à 10h00", 1], replace=True)
    inst = read_roster(roster_with(tmp_path, Unavailability=unav, Fixed=fixed))
    assert [(u.participant, u.start, u.end) for u in inst.unavailability] == [
        ("B2", time(10, 30), time(11, 0)), ("E1", time(9, 0), time(10, 0)),
        ("E2", time(9, 0), time(9, 30)),
    ]
    assert [m.start for m in inst.fixed] == [time(10, 0)]
    unav = with_rows("Unavailability", ["B2", "2025-11-10", "jusqu'à 11h", "de 10h"],
                     replace=True)  # fmt: skip
    fixed = with_rows("Fixed", ["E2", "B2", "2025-11-10", "until 10:00", 1], replace=True)
    problems = problems_of(roster_with(tmp_path, Unavailability=unav, Fixed=fixed))
    assert find(problems, "Unavailability", 2, "start").message == (
        '"jusqu\'à 11h" is an end ("jusqu\'à"), typed where the start goes: the end goes in '
        "the end column"
    )
    find(problems, "Unavailability", 2, "end", "'de 10h' is a start ('de')")
    find(problems, "Fixed", 2, "start", "'until 10:00' is an end ('until')")


def test_a_time_after_a_partir_de_starting_or_au_reads_and_is_an_attempt(
    tmp_path: Path,
) -> None:
    # A re-check tester: 'à partir de 14h30' in Début was "a text of 17 characters ...
    # (the reason typed in the Début column?)", and 'au 15h30' in Fin refused while
    # 'du 14h30' read in Début.
    unav = with_rows("Unavailability",
                     ["B2", "2025-11-10", "à partir de 10h30", "au 11h"],
                     ["E1", "2025-11-11", "starting 9am", "jusqu’à 9h30"],
                     ["E2", "2025-11-11", "starting at 9:00", "Au 9h30"],
                     ["B1", "2025-11-11", "A partir de 11h"], replace=True)  # fmt: skip
    fixed = with_rows("Fixed", ["E2", "B2", "2025-11-10", "à partir de 10h00", 1],
                      replace=True)  # fmt: skip
    inst = read_roster(roster_with(tmp_path, Unavailability=unav, Fixed=fixed))
    assert [(u.participant, u.start, u.end) for u in inst.unavailability] == [
        ("B2", time(10, 30), time(11, 0)), ("E1", time(9, 0), time(9, 30)),
        ("E2", time(9, 0), time(9, 30)), ("B1", time(11, 0), time(12, 0)),
    ]  # fmt: skip
    assert [m.start for m in inst.fixed] == [time(10, 0)]
    # a word of the other end names the column it goes in; a time that does not read
    # after one is quoted, not called the reason
    unav = with_rows("Unavailability", ["B2", "2025-11-10", "au 11h", "à partir de 10h"],
                     ["B2", "2025-11-11", "à partir de 9h75", "au 11h75"],
                     replace=True)  # fmt: skip
    problems = problems_of(roster_with(tmp_path, Unavailability=unav))
    find(problems, "Unavailability", 2, "start",
         "'au 11h' is an end ('au'), typed where the start goes: the end goes in the end")
    find(problems, "Unavailability", 2, "end", "'à partir de 10h' is a start ('à partir de')")
    find(problems, "Unavailability", 3, "start", "'à partir de 9h75' is not a time")
    find(problems, "Unavailability", 3, "end", "'au 11h75' is not a time")


def test_unknown_participant(tmp_path: Path) -> None:
    unav = with_rows("Unavailability", ["Everybody", "2025-11-10"], replace=True)
    problems = problems_of(roster_with(tmp_path, Unavailability=unav))
    # named by its row and column, not quoted: words close to no company may be the
    # reason for being away (session 68; the next test)
    p = find(problems, "Unavailability", 2, "participant", "names no company")
    assert "ALL, EXPORTERS or BUYERS" in p.message


def test_unknown_setting(tmp_path: Path) -> None:
    mission = [*base()["Mission"], ["colour", "blue"]]
    problems = problems_of(roster_with(tmp_path, Mission=mission))
    find(problems, "Mission", 11, "Setting", "colour")


def test_a_last_day_setting_is_told_to_be_days(tmp_path: Path) -> None:
    # A French-speaking coordinator's tester: 'Date de fin' was "unknown setting" with
    # the list of every setting; 'days' is meant, counted from the first day.
    mission = [*base()["Mission"], ["Date de fin", "mercredi 12 novembre 2025"],
               ["Last day", "the 12th"]]  # fmt: skip
    problems = problems_of(roster_with(tmp_path, Mission=mission))
    assert find(problems, "Mission", 11, "Setting").message == (
        "unknown setting 'Date de fin': the mission's last day is not a setting; did you "
        "mean 'days' ('Jours'), its number of days from first_day ('Premier jour'), the "
        "first and the last counted (2025-11-10 to 2025-11-12: 3)?"
    )
    assert find(problems, "Mission", 12, "Setting").message.endswith(
        "the first and the last counted?"
    )


def test_missing_first_day(tmp_path: Path) -> None:
    mission = [r for r in base()["Mission"] if r[0] != "first_day"]
    problems = problems_of(roster_with(tmp_path, Mission=mission))
    find(problems, "Mission", None, "Setting", "first_day")
    mission = [r if r[0] != "first_day" else ["first_day", None] for r in base()["Mission"]]
    problems = problems_of(roster_with(tmp_path, Mission=mission))
    find(problems, "Mission", 4, "Value", "first_day")


def test_bad_mission_values(tmp_path: Path) -> None:
    mission = [*base()["Mission"][:5], ["day_start", "13:00"], ["day_end", "12:00"],
               ["meeting_minutes", 0], ["breaks", "10:30 or 10:45"], ["timezone", "Mars/Base"],
               ["interpreters", -1]]
    problems = problems_of(roster_with(tmp_path, Mission=mission))
    find(problems, "Mission", 7, "Value", "before day_end")
    find(problems, "Mission", 8, "Value", "meeting_minutes")
    find(problems, "Mission", 9, "Value", "break")
    find(problems, "Mission", 10, "Value", "time zone")
    find(problems, "Mission", 11, "Value", "interpreters")


def test_fixed_unknown_company(tmp_path: Path) -> None:
    fixed = with_rows("Fixed", ["E9", "B2", "2025-11-10", "10:00"], replace=True)
    problems = problems_of(roster_with(tmp_path, Fixed=fixed))
    find(problems, "Fixed", 2, "exporter", "E9")


def test_fixed_not_a_slot_start(tmp_path: Path) -> None:
    fixed = with_rows("Fixed", ["E1", "B2", "2025-11-10", "09:10"],
                      ["E2", "B2", "2025-11-20", "09:00"], ["E1", "B1", "11/12/2025", "09:00"],
                      replace=True)  # fmt: skip
    problems = problems_of(roster_with(tmp_path, Fixed=fixed))
    p = find(problems, "Fixed", 2, "start")
    assert "09:00" in p.message and "09:30" in p.message
    p = find(problems, "Fixed", 3, "date", "not a mission day")
    assert p.message.startswith("2025-11-20 is")
    # quoted as typed too: '2025-12-11' alone was not in the file (a CSV-folder tester)
    find(problems, "Fixed", 4, "date", "'11/12/2025' (read 2025-12-11) is not a mission day")


def test_a_fixed_row_naming_an_unknown_company_has_its_other_problems_said_too(
    tmp_path: Path,
) -> None:
    # A tester: `MA-010 | KE-9xx | 2025-11-16 | 09:10 | 99` said the unknown company and
    # the table alone; the date outside the mission and the 09:10 came up on later runs,
    # one at a time.
    fixed = with_rows("Fixed", ["E1", "B9", "2025-11-20", "09:10", 9],
                      ["E2", "B2", "2025-11-20", "09:10"],
                      ["E9", "B1", "2025-11-11", "09:00"], replace=True)  # fmt: skip
    unavailability = with_rows("Unavailability", ["Acme", "2025-11-20", "11:00", "10:00"])
    problems = problems_of(
        roster_with(tmp_path, Fixed=fixed, Unavailability=unavailability)
    )
    find(problems, "Fixed", 2, "buyer", "unknown company 'B9'")
    find(problems, "Fixed", 2, "table", "table 9 does not exist")
    find(problems, "Fixed", 2, "date", "2025-11-20 is not a mission day")
    # told against the slots of every day, naming none (its date is not a mission day)
    p = find(problems, "Fixed", 2, "start")
    assert p.message == "09:10 is not a slot start (nearest: 09:00 or 09:30)"
    # with known companies, the date no longer hides the start either
    find(problems, "Fixed", 3, "date", "not a mission day")
    find(problems, "Fixed", 3, "start", "09:10 is not a slot start")
    # the known company's absence at the row's time (B1 is away on the 11th)
    find(problems, "Fixed", 4, "exporter", "unknown company 'E9'")
    find(problems, "Fixed", 4, "buyer", "'B1' is unavailable at")
    # The Unavailability sheet already said each (kept so).
    # (a word close to no company: not quoted, it may be a reason; session 68)
    find(problems, "Unavailability", 4, "participant", "a text of 4 characters that names no")
    find(problems, "Unavailability", 4, "date", "not a mission day")
    find(problems, "Unavailability", 4, "end", "must be after the start")


def test_fixed_outside_availability(tmp_path: Path) -> None:
    fixed = with_rows("Fixed", ["E1", "B1", "2025-11-11", "09:00"],
                      ["E2", "B2", "2025-11-10", "09:00"], replace=True)
    problems = problems_of(roster_with(tmp_path, Fixed=fixed))
    find(problems, "Fixed", 2, "buyer", "unavailable")  # B1 away on the 11th
    find(problems, "Fixed", 3, "exporter", "unavailable")  # EXPORTERS 09:00-09:30 on the 10th


def test_fixed_at_a_closed_time_names_the_unavailability_rows(tmp_path: Path) -> None:
    # A tester: a Fixed meeting while 'TOUS' closed the afternoon got "'E01' is
    # unavailable at ..." and the same of 'B01': the coordinator looked for rows about
    # E01 and B01 and found none. The time closed to everyone is said once, on the
    # start, naming the group's row as typed; a company's absence names its rows.
    sheets = french()
    sheets["Indisponibilités"] += [
        ["TOUS", "10/11/2025", "11:00", "", "visite"],  # row 4
        ["Exportateurs", "11/11/2025", "11:00", "", ""],  # row 5
        ["acheteurs", "11/11/2025", "11:00", "12:00", ""],  # row 6
        ["B1", "11/11/2025", "10:00", "11:00", ""],  # row 7 (beside the whole day, row 2)
    ]
    sheets["Rendez-vous fixés"] = [
        sheets["Rendez-vous fixés"][0],
        ["E1", "B2", "10/11/2025", "11:15"],  # 2: closed to all
        ["E2", "B9", "10/11/2025", "11:15"],  # 3: closed to all, B9 unknown
        ["E2", "B2", "11/11/2025", "11:15"],  # 4: both sides' rows close it
        ["E1", "B1", "10/11/2025", "09:00"],  # 5: the exporters away
        ["E2", "B1", "11/11/2025", "10:00"],  # 6: B1 away, its own rows
    ]
    problems = [
        p for p in problems_of(write_xlsx(tmp_path / "fr.xlsx", sheets))
        if p.sheet == "Rendez-vous fixés"
    ]
    p = find(problems, "Rendez-vous fixés", 2, "Début")
    assert p.message == (
        "2025-11-10 11:15: the mission is closed then (sheet Indisponibilités, row 4, TOUS): "
        "choose another time"
    )
    assert not [p for p in problems if p.row == 2 and p.column != "Début"], problems
    find(problems, "Rendez-vous fixés", 3, "Début", "closed then (sheet Indisponibilités, row 4")
    find(problems, "Rendez-vous fixés", 3, "Acheteur", "unknown company 'B9'")
    p = find(problems, "Rendez-vous fixés", 4, "Début")
    assert "(sheet Indisponibilités, row 5, Exportateurs; row 6, acheteurs)" in p.message
    assert not [p for p in problems if p.row == 4 and p.column != "Début"], problems
    p = find(problems, "Rendez-vous fixés", 5, "Exportateur")
    assert p.message == (
        "'E1' is unavailable at 2025-11-10 09:00: the mission is closed to the exporters "
        "then (sheet Indisponibilités, row 3, Exportateurs)"
    )
    p = find(problems, "Rendez-vous fixés", 6, "Acheteur")
    assert p.message == (
        "'B1' is unavailable at 2025-11-11 10:00 (sheet Indisponibilités, rows 2 and 7)"
    )
    assert len(problems) == 6, problems


def test_fixed_bad_table(tmp_path: Path) -> None:
    fixed = with_rows("Fixed", ["E2", "B2", "2025-11-10", "10:00", 5], replace=True)
    problems = problems_of(roster_with(tmp_path, Fixed=fixed))
    find(problems, "Fixed", 2, "table")


def test_fixed_table_unchecked_while_the_default_tables_are_unknown(tmp_path: Path) -> None:
    # A CSV-folder tester: with tables blank (the exporters' delegates) and the
    # Exporters file missing or its header broken, "table 3 does not exist (tables 1
    # to 1)" was said beside the real error, and went once it was fixed.
    sheets = base()
    sheets["Mission"].pop()  # tables: blank, 3 exporter delegates
    sheets["Fixed"][1][4] = 3
    read_roster(write_xlsx(tmp_path / "ok.xlsx", sheets))
    broken = {k: [list(r) for r in v] for k, v in sheets.items()}
    broken["Exporters"][0][1] = "Compnay"
    problems = problems_of(write_xlsx(tmp_path / "typo.xlsx", broken))
    assert not [p for p in problems if p.sheet == "Fixed"], problems
    broken.pop("Exporters")
    problems = problems_of(write_csv_folder(tmp_path / "csv", broken))
    assert not [p for p in problems if p.sheet == "Fixed"], problems
    # Known tables are still checked: set, or from a sound Exporters sheet.
    sheets["Fixed"][1][4] = 4
    find(problems_of(write_xlsx(tmp_path / "four.xlsx", sheets)), "Fixed", 2, "table",
         "tables 1 to 3")  # fmt: skip
    broken["Mission"].append(["tables", 2])
    find(problems_of(write_csv_folder(tmp_path / "csv2", broken)), "Fixed", 2, "table",
         "tables 1 to 2")  # fmt: skip


def test_fixed_same_pair_twice(tmp_path: Path) -> None:
    fixed = with_rows("Fixed", ["E2", "B2", "2025-11-10", "10:00"],
                      ["E2", "Café Dubai", "2025-11-10", "11:15"], replace=True)
    problems = problems_of(roster_with(tmp_path, Fixed=fixed))
    find(problems, "Fixed", 3, "exporter", "already")


def test_fixed_company_beyond_delegates(tmp_path: Path) -> None:
    fixed = with_rows("Fixed", ["E1", "B1", "2025-11-10", "10:00"],
                      ["E2", "B1", "2025-11-10", "10:00"],
                      ["E2", "B2", "2025-11-10", "10:00"], replace=True)
    problems = problems_of(roster_with(tmp_path, Fixed=fixed))
    find(problems, "Fixed", 3, "buyer", "delegate")  # B1 has one delegate
    assert not [p for p in problems if p.column == "exporter"]  # E2 has two


def test_fixed_same_table_and_slot(tmp_path: Path) -> None:
    fixed = with_rows("Fixed", ["E1", "B1", "2025-11-10", "10:00", 2],
                      ["E2", "B2", "2025-11-10", "10:00", 2], replace=True)
    problems = problems_of(roster_with(tmp_path, Fixed=fixed))
    find(problems, "Fixed", 3, "table", "already taken")


def test_many_problems_reported_together(tmp_path: Path) -> None:
    sheets = base()
    sheets["Mission"][3][1] = "someday"
    sheets["Exporters"][1][9] = "B1; Ghost"
    sheets["Unavailability"][1][1] = "tomorrow"
    sheets["Fixed"][1][0] = "Phantom"
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    find(problems, "Mission", 4, "Value", "someday")
    find(problems, "Exporters", 2, "wishes", "Ghost")
    find(problems, "Unavailability", 2, "date", "tomorrow")
    find(problems, "Fixed", 2, "exporter", "Phantom")
    assert len(problems) == 4
    assert all(p.file == str(tmp_path / "r.xlsx") for p in problems)


def test_csv_problem_names_the_csv_file(tmp_path: Path) -> None:
    sheets = french()
    sheets["Demandes"][1][1] = "Personne"
    folder = write_csv_folder(tmp_path / "csv", sheets)
    [p] = problems_of(folder)
    assert (p.file, p.sheet, p.row, p.column) == (
        str(folder / "Demandes.csv"), "Demandes", 2, "Acheteur"
    )


def test_values_under_no_header_are_a_problem_not_dropped(tmp_path: Path) -> None:
    # A wish per cell, a ';' list unquoted in a ';' CSV file, a ',' list of breaks in
    # a ',' CSV file: the values beyond the header were dropped without a word.
    sheets = base()
    sheets["Exporters"][1] = [*sheets["Exporters"][1], "B2"]  # after 'wishes', unheaded
    [p] = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert (p.sheet, p.row, p.column) == ("Exporters", 2, "K")
    assert "no header" in p.message and "one cell" in p.message

    folder = write_csv_folder(tmp_path / "csv", base())
    exporters = (folder / "Exporters.csv").read_text(encoding="utf-8-sig").splitlines()
    exporters[1] += ";B2"  # the end of an unquoted ';' list of wishes
    (folder / "Exporters.csv").write_text("\n".join(exporters) + "\n", encoding="utf-8")
    [p] = problems_of(folder)
    assert (p.sheet, p.row, p.column) == ("Exporters", 2, None)
    assert "field 11" in p.message and "double quotes" in p.message

    mission = tmp_path / "mission"
    mission.mkdir()
    (mission / "Mission.csv").write_text(
        "setting,value\nfirst_day,2025-11-10\nbreaks,10:30-10:45, 12:30-14:00\n"
    )
    for name in ("Exporters", "Buyers"):
        (mission / f"{name}.csv").write_text(f"id,company\n{name[0]}1,{name[:-1]} One\n")
    [p] = problems_of(mission)
    assert (p.sheet, p.row) == ("Mission", 3) and "field 3" in p.message
    # The slot grid is then unknown: a fixed meeting after the lost break is not said
    # to be at no slot start (the grid without it; a CSV-folder tester).
    (mission / "Fixed.csv").write_text("exporter,buyer,date,start\nE1,B1,2025-11-10,14:00\n")
    [p] = problems_of(mission)
    assert (p.sheet, p.row) == ("Mission", 3) and "field 3" in p.message
    (mission / "Fixed.csv").unlink()
    # A third column with a header (the template's notes) is still ignored, and so is
    # a note under no header: rosters valid before must stay valid (a third reader).
    (mission / "Mission.csv").write_text(
        "setting,value,notes\nfirst_day,2025-11-10,the Monday\n"
    )
    assert read_roster(mission).mission.breaks == ()
    (mission / "Mission.csv").write_text("first_day,2025-11-10,the Monday\n")
    assert read_roster(mission).mission.first_day.isoformat() == "2025-11-10"


def test_a_note_under_no_header_is_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sheets = base()
    sheets["Exporters"][1] = [*sheets["Exporters"][1], None, "call back on Tuesday"]
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    [warning] = [r.getMessage() for r in caplog.records]
    assert "column L holds values (the first in row 2) but has no header: ignored" in warning


def test_companies_no_request_names_are_told_once_with_where_requests_go(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A 3-day mission's tester: MA-20, no wish, no Requests row, no buyer wishing for it,
    # got 0 meetings, said only in the INFO line "fewest an exporter holds: MA-20, 0".
    # One warning for the exporters (id and name, ten then counted), one INFO line for
    # the buyers; not for a company withdrawn with max_meetings 0.
    from asmex_sched.io.roster import read_roster_deferring_hints

    def company(cid: str, max_meetings: int | None = None) -> list[object]:
        return [cid, f"Company {cid}", "", "en", 1, max_meetings, "", "", "", None]

    def said(sheets: dict[str, Rows]) -> list[tuple[str, str]]:
        caplog.clear()
        with caplog.at_level("INFO", logger="asmex_sched"):
            read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
        return [(r.levelname, r.getMessage()) for r in caplog.records
                if "no request" in r.getMessage()]  # fmt: skip

    assert said(base()) == []  # every company requests or is requested
    sheets = base()
    sheets["Exporters"] += [company("E3", max_meetings=0)]  # withdrawn: not told
    sheets["Exporters"] += [company(f"E{i:02d}") for i in range(4, 15)]
    sheets["Buyers"] += [company("B3")]
    path = tmp_path / "r.xlsx"
    (exporters, buyers) = said(sheets)
    ten = ", ".join(f"E{i:02d} (Company E{i:02d})" for i in range(4, 14))
    assert exporters == ("WARNING", (
        f"{path}: 11 exporters have no request (no wish of their own, no Requests row, no "
        f"buyer wishing for them), so they get no meeting: {ten} and 1 more; requests go "
        "in sheet 'Exporters', column 'wishes'; in sheet 'Requests'; or in sheet "
        "'Buyers', column 'wishes' (max_meetings 0 for a company that withdrew)"
    ))  # fmt: skip
    assert buyers == ("INFO", (
        f"{path}: 1 buyer has no request (no wish of its own, no Requests row, no "
        "exporter wishing for it), so it gets no meeting: B3 (Company B3); requests go in "
        "sheet 'Buyers', column 'wishes'; in sheet 'Requests'; or in sheet 'Exporters', "
        "column 'wishes' (max_meetings 0 for a company that withdrew)"
    ))  # fmt: skip
    # held with the roster's other warnings, for plan to give only when it plans
    caplog.clear()
    with caplog.at_level("INFO", logger="asmex_sched"):
        _, hints = read_roster_deferring_hints(path)
        assert "no request" not in caplog.text
        hints.give()
    assert caplog.text.count("no request") == 2
    # the sheets and columns as the roster names them; no Requests sheet: its name
    fr = french()
    fr["Exportateurs"].append([*company("E3")[:9], ""])
    [(_, text)] = said(fr)
    # the Requests sheet and the cap column too (a re-check tester: 'max_meetings 0' was
    # said of a French roster's 'Rendez-vous max')
    assert "(no wish of its own, no Demandes row, no buyer wishing for it)" in text
    assert text.endswith(
        "E3 (Company E3); requests go in sheet 'Exportateurs', column 'Souhaits'; in "
        "sheet 'Demandes'; or in sheet 'Acheteurs', column 'Souhaits' (Rendez-vous max 0 "
        "for a company that withdrew)"
    )
    del fr["Demandes"]
    [(_, text)] = said(fr)
    assert text.endswith(
        "E3 (Company E3); requests go in sheet 'Exportateurs', column 'Souhaits'; in a "
        "sheet 'Requests'; or in sheet 'Acheteurs', column 'Souhaits' (Rendez-vous max 0 "
        "for a company that withdrew)"
    )
    # a mission planned from its Fixed sheet alone names no one (the roster's own
    # warning at plan time says it has no request but the Fixed sheet's)
    fixed_only = base()
    for rows in (fixed_only["Exporters"], fixed_only["Buyers"]):
        for row in rows[1:]:
            row[-1] = None
    fixed_only["Requests"] = fixed_only["Requests"][:1]
    assert said(fixed_only) == []


def test_hours_typed_per_day_name_the_unavailability_sheet_and_columns_as_typed(
    tmp_path: Path,
) -> None:
    # A re-check tester: 'Fin de journée (day_end)' with a day's other end beside it said
    # "close an earlier end with an Unavailability row for ALL" on a roster whose sheet
    # is 'Indisponibilités', its columns 'Début' and 'Fin'.
    fr = french()
    fr["Mission"][6][1] = "17:00 (jeudi 15:00)"
    [problem] = problems_of(write_xlsx(tmp_path / "r.xlsx", fr))
    assert problem.message.endswith(
        "close an earlier end with a row for ALL in sheet Indisponibilités on that day's "
        "date (Début at that day's end, Fin blank; docs/roster.md)"
    ), problem.message
    fr = french()
    fr["Mission"][5][1] = "09:00; 10:00"
    fr["Indisponibilités"][0][2:4] = ["Heure début", "Heure fin"]
    [problem] = problems_of(write_xlsx(tmp_path / "r.xlsx", fr))
    assert "in sheet Indisponibilités on that day's date (Heure début blank, Heure fin at " \
        "that day's start" in problem.message, problem.message
    del fr["Indisponibilités"]  # none: the names it would have
    [problem] = problems_of(write_xlsx(tmp_path / "r.xlsx", fr))
    assert "in sheet Unavailability on that day's date (start blank, end at" in (
        problem.message
    ), problem.message


def test_a_sheet_or_column_name_that_looks_like_a_slip_is_warned_about_or_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # 'Fin (h)' for 'end': ignored, with a warning that says how to have it read (a
    # companion such as 'Contact email' or 'Max budget' must not stop the run, a
    # second reader). 'Request' holding the Requests columns is surely that sheet: a
    # problem, or the roster is planned without its requests.
    sheets = base()
    sheets["Unavailability"][0] = ["participant", "date", "start", "Fin (h)", "reason"]
    sheets["Buyers"][0] = [*sheets["Buyers"][0], "Notes"]  # a real extra column: silent
    sheets["Fixed"] = [sheets["Fixed"][0]]  # the whole-day block would clash with it
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 1, warned
    assert "'Fin (h)' is ignored, and the sheet has no column 'end'" in warned[0]
    sheets["Request"] = sheets.pop("Requests")
    [p] = problems_of(write_xlsx(tmp_path / "q.xlsx", sheets))
    assert p.sheet == "Request" and "rename it 'Requests'" in p.message


def test_a_slip_beside_the_real_column_is_only_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sheets = base()
    sheets["Exporters"][0] = [*sheets["Exporters"][0], "Wishes 2024"]
    sheets["Requests2"] = [["Copy of last year's requests"]]  # Requests is read
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 2, warned
    assert "sheet 'Requests2' is ignored: did you mean 'Requests'?" in warned[0]
    assert "'Wishes 2024' is ignored: did you mean 'wishes'? (column 'wishes' is read)" in (
        warned[1]
    )


def test_csv_in_utf16_or_with_old_mac_line_ends_reads_like_utf8(tmp_path: Path) -> None:
    # Excel's "Unicode text" is UTF-16 (column names came out with NUL characters), and
    # '\r' alone as line end gave a parser message about universal-newline mode.
    expected = read_roster(write_xlsx(tmp_path / "r.xlsx", base()))
    folder = write_csv_folder(tmp_path / "csv", base())
    tabs = write_csv_folder(tmp_path / "tabs", base(), sep="\t")
    for f in folder.iterdir():
        text = f.read_bytes().decode("utf-8-sig")
        if f.stem == "Exporters":  # as Excel saves "Unicode text": UTF-16, tabs
            text = (tabs / f.name).read_bytes().decode("utf-8-sig")
            f.write_bytes(text.encode("utf-16"))
        else:
            f.write_bytes(text.replace("\r\n", "\r").encode("utf-8"))
    assert read_roster(folder).input_hash == expected.input_hash


def test_wishes_separated_by_commas_get_a_hint(tmp_path: Path) -> None:
    exporters = with_rows("Exporters", ["E9", "Atlas", None, None, None, None, None, None,
                                        None, "B1, B2"], replace=True)  # fmt: skip
    p = find(problems_of(roster_with(tmp_path, Exporters=exporters, Requests=None, Fixed=None,
                                     Unavailability=None)), "Exporters", 2, "wishes")  # fmt: skip
    assert "separated by ';'" in p.message
    # one of them misspelt: the hint still, and that one named (it read as one company
    # withdrawn, "delete it from the wishes"; a tester)
    exporters[1][-1] = "Nile Trader, Café Dubai, Ghost Ltd"
    p = find(problems_of(roster_with(tmp_path, Exporters=exporters, Requests=None, Fixed=None,
                                     Unavailability=None)), "Exporters", 2, "wishes")  # fmt: skip
    assert "wishes are separated by ';', and then 'Nile Trader' (did you mean 'B1', Nile" in (
        p.message
    )
    assert "'Ghost Ltd' is no company of the roster" in p.message and "withdrew" not in p.message


# ================================================================== template
def test_template_roundtrip(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    write_template(path)
    assert [p.name for p in tmp_path.iterdir()] == ["roster.xlsx"]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "Instructions", "Mission", "Exporters", "Buyers", "Requests", "Unavailability", "Fixed"
    ]
    assert wb["Exporters"]["B1"].value == "company" and wb["Exporters"]["B1"].font.bold
    assert wb["Exporters"].freeze_panes == "A2"
    formulas = {dv.formula1 for dv in wb["Requests"].data_validations.dataValidation}
    assert '"1,2,3"' in formulas
    # Every word of the requested_by drop-down is one the reader takes, French too (a
    # strict English-only list made Excel refuse the documented 'les deux').
    [sides] = [f for f in formulas if "exporter" in f]
    words = sides.strip('"').split(",")
    # 'deux' too, which the documentation gives (a tester), within Excel's 255 characters
    assert {"exporter", "buyer", "both", "les deux", "deux"} <= set(words)
    assert len(sides) <= 255
    from asmex_sched.io.roster.cells import _parse_requested_by

    assert {_parse_requested_by(w).value for w in words} == {"exporter", "buyer", "both"}
    # As given, it lacks the mission's first day and any company (a sheet with its
    # header only is a problem: a re-plan cancelled every meeting on one).
    problems = problems_of(path)
    assert [(p.sheet, p.row, p.column) for p in problems] == [
        ("Mission", problems[0].row, "value"), ("Exporters", 2, "company"),
        ("Buyers", 2, "company"),
    ]  # fmt: skip
    ws = wb["Mission"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "first_day":
            row[1].value = date(2025, 11, 10)
    # as Excel keeps them typed in the template's Text columns
    wb["Exporters"].append(["01", "Atlas Agro", *[None] * 6, "0661234567"])
    wb["Buyers"].append(["B1", "Kenya Foods"])
    wb.save(path)
    inst = read_roster(path)
    assert inst.mission.first_day == date(2025, 11, 10)
    assert inst.mission.first_day + timedelta(days=4) == inst.mission.dates[-1]
    assert [c.name for c in inst.companies.values()] == ["Atlas Agro", "Kenya Foods"]
    assert inst.companies["01"].phone == "0661234567"
    assert inst.requests == ()


TEXT_COLUMNS = {
    "Exporters": ("id", "phone", "wishes"),
    "Buyers": ("id", "phone", "wishes"),
    "Requests": ("exporter", "buyer"),
    "Fixed": ("exporter", "buyer"),
    "Unavailability": ("participant",),
}


def test_template_formats_the_id_and_phone_columns_as_text(tmp_path: Path) -> None:
    # In General columns Excel read a typed 0661234567 as 661234567 and ids 01..08 as
    # 1..8, without a word (a tester): formatted as Text for the whole column, as Excel
    # stores "Format Cells" on a column (<col style=...>, the cells typed in it take it).
    import re
    import zipfile

    path = tmp_path / "roster.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    for sheet, columns in TEXT_COLUMNS.items():
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        for name in header:
            letter = openpyxl.utils.get_column_letter(header.index(name) + 1)
            want = "@" if name in columns else (
                "yyyy-mm-dd" if name == "date" else "General"
            )
            assert ws.column_dimensions[letter].number_format == want, (sheet, name)
        assert ws[f"A{_LAST_ROW}"].has_style is False  # a column's, not 1000 cells'
    # in the saved XML: the Exporters sheet's <col> of its id (A) and phone (I) name a
    # cell format of the built-in Text format (numFmtId 49)
    with zipfile.ZipFile(path) as z:
        sheet = z.read(f"xl/worksheets/sheet{wb.sheetnames.index('Exporters') + 1}.xml")
        styles = z.read("xl/styles.xml").decode()
    xfs = re.findall(r"<xf [^>]*>", styles.split("<cellXfs", 1)[1].split("</cellXfs>")[0])
    for column in (1, 9):
        [col] = re.findall(rf'<col [^>]*min="{column}" max="{column}"[^>]*>'.encode(), sheet)
        style = int(re.search(rb'style="(\d+)"', col)[1])
        assert 'numFmtId="49"' in xfs[style], (column, xfs[style])
    # the date columns, formatted to the validations' last row and beyond (rows 2 to 200
    # only, while the validations ran to 1000)
    for sheet in ("Unavailability", "Fixed"):
        ws = wb[sheet]
        letter = openpyxl.utils.get_column_letter([c.value for c in ws[1]].index("date") + 1)
        assert ws[f"{letter}150"].has_style is False


def test_template_validation_formulas_are_as_excel_writes_them(tmp_path: Path) -> None:
    # OOXML and Excel's own files store a validation's formula without a leading '='
    # (the company drop-downs had one; a tester).
    import re
    import zipfile

    path = tmp_path / "roster.xlsx"
    write_template(path)
    with zipfile.ZipFile(path) as z:
        formulas = [
            f.decode()
            for name in z.namelist() if name.startswith("xl/worksheets/")
            for f in re.findall(rb"<formula[12]>([^<]*)</formula[12]>", z.read(name))
        ]  # fmt: skip
    assert "Exporters!$B$2:$B$1000" in formulas and "Buyers!$B$2:$B$1000" in formulas
    assert not [f for f in formulas if f.startswith("=")]


def test_template_delegates_drop_down_is_the_readers_range(tmp_path: Path) -> None:
    # 'whole >= 1' let Excel take 150 delegates, which the reader then refused (a
    # tester): 1 to MAX_DELEGATES, and the error and the prompt say so.
    from asmex_sched.io.roster.specs import MAX_DELEGATES

    path = tmp_path / "roster.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    for sheet in ("Exporters", "Buyers"):
        [dv] = [d for d in wb[sheet].data_validations.dataValidation if "E2" in d.sqref]
        assert (dv.type, dv.operator, dv.formula1, dv.formula2) == (
            "whole", "between", "1", str(MAX_DELEGATES)
        )
        assert str(MAX_DELEGATES) in dv.error and str(MAX_DELEGATES) in dv.prompt


def test_template_instructions_say_a_blank_start_or_end_as_the_reader_reads_it(
    tmp_path: Path,
) -> None:
    # "blank = whole day" on start and on end, in both languages: a blank start before
    # an end is from day_start, a blank end until day_end (docs/roster.md; a tester).
    path = tmp_path / "roster.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    sheet, helps = None, {}
    for row in wb["Instructions"].iter_rows(min_row=5, values_only=True):
        sheet = row[0] or sheet
        if sheet == "Unavailability" and row[1]:
            helps[row[1]] = (row[3], row[4])
    (start, start_fr), (end, end_fr) = helps["start"], helps["end"]
    assert "blank = from day_start" in start and "blank = until day_end" in end
    assert "day_start" in start_fr and "day_end" in end_fr
    for text in (start, end, start_fr, end_fr):
        assert "whole day" in text or "toute la journée" in text
        assert "blank = whole day" not in text and "vide = toute la journée" not in text
    validations = wb["Unavailability"].data_validations.dataValidation
    prompts = {str(d.sqref)[0]: d.prompt for d in validations}
    assert "from day_start" in prompts["C"] and "until day_end" in prompts["D"]


@pytest.mark.parametrize("sheet", ["Exporters", "Buyers"])
def test_a_company_sheet_with_its_header_only_is_a_problem(tmp_path: Path, sheet: str) -> None:
    # Read without a word, it planned an agenda without those companies, and a
    # re-plan from cron cancelled (and announced) every meeting.
    header_only = base()[sheet][:1]
    problems = problems_of(roster_with(tmp_path, **{sheet: header_only}))
    find(problems, sheet, 2, "company", "one row per company")


def test_template_target(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        write_template(tmp_path / "roster.csv")
    write_template(tmp_path / "new" / "roster.xlsx")  # folders are created, as for outputs
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["roster.xlsx"]
    with pytest.raises(InputError):  # never overwrites a (filled-in) roster by default
        write_template(tmp_path / "new" / "roster.xlsx")
    write_template(tmp_path / "new" / "roster.xlsx", overwrite=True)


# ================================================== merged cells and hidden rows
def edited(path: Path, edit: Callable[[openpyxl.Workbook], object]) -> Path:
    """The workbook at ``path`` after ``edit`` (merges, hidden rows), saved in place."""
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


def test_a_value_merged_over_several_rows_is_read_on_each_of_them(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A merged range keeps its value in its top-left cell alone: the companies below read
    # with no languages (their meetings lacked a needed interpreter) and 1 delegate.
    sheets = base()
    sheets["Exporters"][1][3], sheets["Exporters"][2][3] = "fr; ar", None
    sheets["Buyers"][1][4] = 2

    def merge(wb: openpyxl.Workbook) -> None:
        wb["Exporters"].merge_cells("D2:D3")
        wb["Buyers"].merge_cells("E2:E4")  # run past the last buyer: row 4 stays empty

    path = edited(write_xlsx(tmp_path / "roster.xlsx", sheets), merge)
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(path)
    assert [c.languages for c in inst.exporters] == [("fr", "ar"), ("fr", "ar")]
    assert [c.delegates for c in inst.buyers] == [2, 2]
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}, sheet Exporters: cells D2:D3 are merged; 'fr; ar' is read on each of rows "
        "2 and 3",
        f"{path}, sheet Buyers: cells E2:E4 are merged; '2' is read on each of rows 2 and 3",
    ]


def test_a_required_cell_merged_over_several_rows_is_not_missing(tmp_path: Path) -> None:
    # A date merged over two unavailabilities gave "the date is required" on the second,
    # with no word about the merge.
    sheets = base()
    sheets["Unavailability"][2][1] = None
    path = edited(write_xlsx(tmp_path / "r.xlsx", sheets),
                  lambda wb: wb["Unavailability"].merge_cells("B2:B3"))  # fmt: skip
    inst = read_roster(path)
    assert sorted((u.participant, u.day) for u in inst.unavailability) == [
        ("B1", date(2025, 11, 11)), (GROUP_EXPORTERS, date(2025, 11, 11))
    ]  # fmt: skip


def test_titles_merged_across_the_columns_still_read_and_a_mission_value_merges(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A title merged over the header's width (or over two rows) must not hide the header
    # nor be reported as a merge; a value merged over two settings is read on both.
    sheets = base()
    sheets["Mission"][2:3] = [["city", "Nairobi"], ["venue", None]]
    sheets["Mission"].insert(0, ["Mission Nairobi 2025"])
    sheets["Exporters"].insert(0, ["Liste des exportateurs"])
    sheets["Buyers"][:0] = [["Liste des acheteurs"], []]

    def merge(wb: openpyxl.Workbook) -> None:
        wb["Mission"].merge_cells("A1:C1")
        wb["Mission"].merge_cells("B4:B5")  # city and venue
        wb["Exporters"].merge_cells("A1:J1")
        wb["Buyers"].merge_cells("A1:J2")

    path = edited(write_xlsx(tmp_path / "r.xlsx", sheets), merge)
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(path)
    plain = read_roster(write_xlsx(tmp_path / "plain.xlsx", base()))
    assert (inst.mission.city, inst.mission.venue) == ("Nairobi", "Nairobi")
    assert (inst.exporters, inst.buyers, inst.requests) == (
        plain.exporters, plain.buyers, plain.requests
    )  # fmt: skip
    warned = [r.getMessage() for r in caplog.records]
    assert [w for w in warned if "are merged" in w] == [
        f"{path}, sheet Mission: cells B4:B5 are merged; 'Nairobi' is read on each of rows "
        "4 and 5"
    ]
    assert sum("the rows above it are ignored" in w for w in warned) == 3


def test_many_merged_ranges_of_a_sheet_are_summed_up(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sheets = base()
    sheets["Requests"] += [["E1", "B2", n % 3 + 1, None] for n in range(30)]

    def merge(wb: openpyxl.Workbook) -> None:
        for row in range(3, 33, 2):  # 15 ranges
            wb["Requests"].merge_cells(f"D{row}:D{row + 1}")
            wb["Requests"][f"D{row}"] = "both"

    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(edited(write_xlsx(tmp_path / "r.xlsx", sheets), merge))
    assert inst.request_by_key[("E1", "B2")].requested_by == RequestedBy.BOTH
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 11, warned
    assert warned[0].endswith("sheet Requests: cells D3:D4 are merged; 'both' is read on "
                              "each of rows 3 and 4")  # fmt: skip
    assert warned[-1].endswith("sheet Requests: 5 more merged ranges, down to D31:D32, are "
                               "read the same way: the value on each of their rows")  # fmt: skip


def test_hidden_rows_are_read_like_the_others_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Buyers filtered out of view were all planned without a word. A filter can hide
    # rows for other reasons than a company's leaving: they are still read.
    sheets = base()
    sheets["Buyers"] += [[f"B{n}", f"Buyer {n}"] for n in range(3, 61)]  # rows 4 to 61

    def hide(wb: openpyxl.Workbook) -> None:
        wb["Buyers"].auto_filter.ref = "A1:J61"
        for row in [*range(2, 50), 51, 70]:  # row 70 holds nothing: not worth a word
            wb["Buyers"].row_dimensions[row].hidden = True
        wb["Requests"].row_dimensions[2].hidden = True
        wb["Mission"].row_dimensions[1].hidden = True  # its header, not a setting
        wb["Mission"].row_dimensions[10].hidden = True  # tables

    path = edited(write_xlsx(tmp_path / "roster.xlsx", sheets), hide)
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(path)
    assert len(inst.buyers) == 60 and ("E2", "B1") in inst.request_by_key
    assert inst.mission.tables == 4
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}, sheet Mission: row 10 is hidden (a filter, or hidden by hand); it is read "
        "like the others: delete the settings that should not be read",
        f"{path}, sheet Buyers: rows 2 to 49 and 51 are hidden (a filter, or hidden by "
        "hand); they are read like the others: delete the rows of companies that left",
        f"{path}, sheet Requests: row 2 is hidden (a filter, or hidden by hand); it is read "
        "like the others: delete the rows of companies that left",
    ]


def test_row_numbers_in_a_warning_are_runs_and_capped() -> None:
    from asmex_sched.io.text_files import _row_spans

    assert _row_spans([5]) == "5"
    assert _row_spans([3, 2, 7, 8, 10, 11, 12]) == "2, 3, 7, 8 and 10 to 12"
    assert _row_spans(range(2, 4000, 2)) == (
        "2, 4, 6, 8, 10, 12, 14, 16 and 1991 others (1999 rows in all)"
    )


@pytest.mark.parametrize("zone", ["Europe", "Africa", "Africa/" + "x" * 300, "../Nairobi"])
def test_a_time_zone_that_is_a_region_or_no_file_name_is_a_problem_not_a_crash(
    tmp_path: Path, zone: str
) -> None:
    # A coordinator typing the region alone ("Europe") crashed plan and check with
    # IsADirectoryError (exit 70): ZoneInfo raises OSError, not only
    # ZoneInfoNotFoundError, for such names (a second reader's finding).
    mission = [r if r[0] != "timezone" else ["timezone", zone] for r in base()["Mission"]]
    if not any(r[0] == "timezone" for r in mission):
        mission.append(["timezone", zone])
    row = 1 + next(i for i, r in enumerate(mission) if r[0] == "timezone")
    problems = problems_of(roster_with(tmp_path, Mission=mission))
    find(problems, "Mission", row, "Value", "not an IANA time zone")



def test_french_breaks_and_a_time_zone_in_any_case_are_read(tmp_path: Path) -> None:
    # A fresh coordinator's test: 'de 12h30 à 14h00' was "not HH:MM-HH:MM" (only the
    # dash was read) and 'africa/abidjan' "not an IANA time zone".
    mission = [r for r in base()["Mission"] if r[0] not in ("breaks", "timezone")]
    mission += [["breaks", "10h30 à 10h45; de 12h30 jusqu’à 14h00"],
                ["timezone", "africa/abidjan"]]  # fmt: skip
    m = read_roster(roster_with(tmp_path, Mission=mission)).mission
    assert m.breaks == ((time(10, 30), time(10, 45)), (time(12, 30), time(14, 0)))
    assert m.timezone == "Africa/Abidjan"


def test_reports_read_a_bad_time_zone_as_none() -> None:
    from asmex_sched.domain import time_zone

    assert time_zone("Africa/Nairobi") is not None
    assert [time_zone(z) for z in ("Europe", "x" * 300, "../etc", "Mars/Base")] == [None] * 4


def test_an_id_column_headed_with_the_sides_word_is_the_id(tmp_path: Path) -> None:
    # 'Exporter ID' / 'Buyer ID' were dropped without a word: every wish and request
    # naming an id was "unknown company", with advice to delete rows (a second
    # reader's finding).
    sheets = {s: [list(r) for r in base()[s]] for s in ("Exporters", "Buyers")}
    sheets["Exporters"][0][0] = "Exporter ID"
    sheets["Buyers"][0][0] = "Code acheteur"
    inst = read_roster(roster_with(tmp_path, **sheets))
    assert sorted(inst.companies) == ["B1", "B2", "E1", "E2"]
    assert {r.key for r in inst.requests} >= {("E1", "B1"), ("E2", "B1")}
    # The other side's word is not the id: an exporter's 'Buyer ID' column (a host
    # buyer) gave the exporters the buyers' ids (a second reader). Here the exporters
    # have no id column, so their names are their ids.
    sheets = {s: [list(r) for r in base()[s]] for s in ("Exporters", "Buyers", "Requests", "Fixed")}
    sheets["Exporters"][0][0] = "Buyer ID"
    names = {row[0]: row[1] for row in sheets["Exporters"][1:]}
    for row in sheets["Buyers"][1:]:
        row[-1] = names.get(row[-1], row[-1])
    for row in (*sheets["Requests"][1:], *sheets["Fixed"][1:]):
        row[0] = names.get(row[0], row[0])
    inst = read_roster(roster_with(tmp_path, **sheets))
    assert sorted(c.id for c in inst.exporters) == sorted(names.values())


def test_a_hidden_sheet_is_read_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A hidden Unavailability sheet of old test rows took a company's whole day
    # without a word (a second reader's finding); hidden rows already got a warning.
    path = roster_with(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Unavailability"].sheet_state = "hidden"
    wb.save(path)
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(path)
    said = [r.getMessage() for r in caplog.records if "hidden in Excel" in r.getMessage()]
    assert len(said) == 1 and "sheet Unavailability" in said[0]
    caplog.clear()
    wb["Unavailability"].sheet_state = "visible"
    # Hidden sheets that are not read get no such warning (a second reader): a staff
    # 'Absences' sheet, and a copy 'Exportateurs' beside the 'Exporters' read.
    staff = wb.create_sheet("Absences")
    staff.append(["name", "holiday"])
    staff.sheet_state = "hidden"
    copy = wb.create_sheet("Exportateurs")
    for row in base()["Exporters"]:
        copy.append(row)
    copy.sheet_state = "hidden"
    wb.save(path)
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(path)
    assert not any("hidden in Excel" in r.getMessage() for r in caplog.records)
    assert any("'Exportateurs' (hidden) is ignored" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("hidden", ["Requests", "Demandes"])
def test_the_visible_sheet_is_read_before_a_hidden_one_of_the_same_role(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, hidden: str
) -> None:
    # A hidden 'Requests' beside the visible 'Demandes' the coordinator filled in was
    # read, and the visible one's rows dropped with a warning (an input tester).
    # base()'s Requests: E2 and B1 (Nile Traders), priority 3, asked by the buyer
    demandes = [["exportateur", "acheteur", "priorité", "demandé par"], ["E2", "B1", 1, "exporter"]]
    path = roster_with(tmp_path, Demandes=demandes)
    wb = openpyxl.load_workbook(path)
    wb[hidden].sheet_state = "hidden"
    wb.save(path)
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(path)
    visible = "Demandes" if hidden == "Requests" else "Requests"
    read = inst.request_by_key[("E2", "B1")]
    assert (read.priority, read.requested_by.value) == (
        (1, "exporter") if visible == "Demandes" else (3, "buyer")
    )
    said = [r.getMessage() for r in caplog.records if "is ignored" in r.getMessage()]
    assert len(said) == 1 and f"'{hidden}' (hidden) is ignored: '{visible}' is read" in said[0]


def test_a_roster_with_its_own_summary_and_meetings_sheets_is_still_a_roster(
    tmp_path: Path,
) -> None:
    # The agenda check looked at the sheet names alone and refused this roster (a
    # second reader's finding): only an agenda's Summary (key, value) and Meetings
    # (meeting_id, exporter_id, buyer_id) are an agenda's.
    own = {
        "Summary": [["Registrations", "40"], ["Paid", "38"]],
        "Meetings": [["exporter", "buyer", "date"], ["E1", "B1", "2024-11-11"]],
    }
    path = roster_with(tmp_path, **own)
    assert len(read_roster(path).requests) >= 1


@pytest.mark.parametrize(("typed", "meant"), [("B01", "B1"), ("b001", "B1")])
def test_an_id_typed_with_leading_zeros_is_suggested(
    tmp_path: Path, typed: str, meant: str
) -> None:
    # 'SN2' typed for 'SN02' got the withdrawal hint: the zeros were dropped for ids of
    # digits only (a newcomer's tester); here the other way round, 'B01' for 'B1'.
    sheets = base()
    sheets["Exporters"][2][-1] = typed
    (problem,) = [p for p in problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
                  if typed in p.message]  # fmt: skip
    assert f"did you mean {meant!r}" in problem.message, problem.message


@pytest.mark.parametrize("typed", ["239.0", "239.00"])
def test_a_numeric_id_exported_with_decimals_is_suggested(tmp_path: Path, typed: str) -> None:
    # A registration platform exported the numeric id 239 as the text '239.0': refused
    # as an unknown company without a hint (the other-apps tester).
    sheets = base()
    sheets["Buyers"][1][0] = 239
    sheets["Exporters"][1][-1] = "239; Café Dubai"
    sheets["Exporters"][2][-1] = typed
    (problem,) = [p for p in problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
                  if typed in p.message]  # fmt: skip
    assert "did you mean '239', Nile Traders?" in problem.message, problem.message


@pytest.mark.parametrize(("typed", "hint"), [("Dakar", "did you mean 'Africa/Dakar'?"),
                                             ("Afrique/Dakar", "did you mean 'Africa/Dakar'?"),
                                             ("Mars/Olympus", "e.g. Africa/Nairobi")])
def test_a_time_zone_typed_as_a_city_is_suggested_its_zone(
    tmp_path: Path, typed: str, hint: str
) -> None:
    # 'Dakar' was refused with "(e.g. Africa/Nairobi)" (a newcomer's tester).
    sheets = base()
    sheets["Mission"].append(["timezone", typed])
    (problem,) = [p for p in problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
                  if "time zone" in p.message]  # fmt: skip
    assert f"{typed!r} is not an IANA time zone ({hint})" in problem.message


def test_a_fixed_meeting_in_a_break_is_said_to_be_in_it(tmp_path: Path) -> None:
    # '13h00' at the start of a 13:00-15:00 break read "not a slot start (nearest: 12:20
    # or 12:40)" (a newcomer's tester). Here the 10:30-10:45 break.
    sheets = base()
    sheets["Fixed"][1][3] = "10:30"
    (problem,) = [p for p in problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
                  if p.sheet == "Fixed"]  # fmt: skip
    assert "10:30 is in the break 10:30-10:45 on 2025-11-10 (slots start at 10:00 or 10:45)" in (
        problem.message
    )


@pytest.mark.parametrize(
    ("start", "said"),
    [
        ("11:45", "11:45 is after the last slot of 2025-11-10: a meeting then would end at "
                  "12:15, after day_end 12:00 (the last slot starts at 11:15)"),
        ("10:10", "10:10 is not a slot start on 2025-11-10 (nearest: 10:00 or 10:45)"),
    ],
)  # fmt: skip
def test_a_fixed_meeting_past_the_last_slot_is_said_to_end_after_the_day(
    tmp_path: Path, start: str, said: str
) -> None:
    # A programme tester: 11:55 in a 09:00-12:10 day of 25-minute slots read "not a slot
    # start (nearest: 11:10 or 11:35)", two earlier slots without a word of why.
    sheets = base()
    sheets["Fixed"][1][3] = start
    (problem,) = [p for p in problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
                  if p.sheet == "Fixed"]  # fmt: skip
    assert said in problem.message, problem.message


def test_an_id_without_its_leading_zero_wins_over_look_alike_ids(tmp_path: Path) -> None:
    # 'KE-10' with KE-010 and KE-100 in the roster: the fuzzy match found both, and no
    # suggestion was made (a second reader).
    sheets = base()
    for cid in ("B010", "B100"):
        sheets["Buyers"].append([cid, f"Buyer {cid}", "Food", "en", 1, None, "", "", "", None])
    for typed in ("B10", "B-10"):  # its sign left out or added too (a reader: 'KE10')
        sheets["Exporters"][2][-1] = typed
        (problem,) = [p for p in problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
                      if f"{typed!r}" in p.message]  # fmt: skip
        assert "did you mean 'B010'" in problem.message, problem.message


def test_ids_of_several_numbers_and_names_without_latin_letters_are_suggested_right(
    tmp_path: Path,
) -> None:
    # The signs dropped first merged an id's numbers ('KE-2025-7' lost 'KE-2025-007'),
    # and any reference without Latin letters matched the one company named so (a
    # reader).
    sheets = base()
    sheets["Buyers"].append(["B-2025-007", "Year Buyer", "Food", "en", 1, None, "", "", "",
                             None])  # fmt: skip
    sheets["Buyers"].append([None, "تعاونية أركان", "Food", "ar", 1, None, "", "", "", None])
    for cid in ("B12", "B1-2"):  # an exact match with its signs wins (a reader)
        sheets["Buyers"].append([cid, f"Buyer {cid}", "Food", "en", 1, None, "", "", "", None])
    sheets["Exporters"][2][-1] = "B-2025-7; ???; B1-02"
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    (signs,) = [p for p in problems if "'B1-02'" in p.message]
    assert "did you mean 'B1-2'" in signs.message
    (year,) = [p for p in problems if "'B-2025-7'" in p.message]
    assert "did you mean 'B-2025-007'" in year.message
    (odd,) = [p for p in problems if "'???'" in p.message]
    assert "did you mean" not in odd.message


# ============================================================== clock changes
def test_clock_change_blocks_are_the_times_skipped_or_repeated_within_the_days_hours() -> None:
    from asmex_sched.domain import GROUP_ALL, Mission, clock_change_blocks

    def night(zone: str, first: date, start: time = time(0, 0)) -> Mission:
        return Mission(first_day=first, days=2, timezone=zone, day_start=start,
                       day_end=time(6, 0), breaks=())  # fmt: skip

    [spring] = clock_change_blocks(night("Europe/Paris", date(2026, 3, 28)))
    assert (spring.participant, spring.day, spring.start, spring.end) == (
        GROUP_ALL, date(2026, 3, 29), time(2, 0), time(3, 0))  # fmt: skip
    assert "does not exist" in spring.reason
    [autumn] = clock_change_blocks(night("Europe/Paris", date(2026, 10, 24)))
    assert (autumn.day, autumn.start, autumn.end) == (date(2026, 10, 25), time(2, 0), time(3, 0))
    assert "happens twice" in autumn.reason
    [chile] = clock_change_blocks(night("America/Santiago", date(2026, 9, 5)))
    assert (chile.day, chile.start, chile.end) == (date(2026, 9, 6), time(0, 0), time(1, 0))
    [howe] = clock_change_blocks(night("Australia/Lord_Howe", date(2026, 10, 3)))
    assert (howe.start, howe.end) == (time(2, 0), time(2, 30))  # a half-hour change
    # none where the clocks do not change, nor where they change outside the hours
    assert clock_change_blocks(night("Africa/Nairobi", date(2026, 3, 28))) == ()
    assert clock_change_blocks(night("Europe/Paris", date(2026, 3, 28), time(9, 0))) == ()
    assert clock_change_blocks(night("Not/AZone", date(2026, 3, 28))) == ()
    # each block is exactly the wall-clock minutes whose two readings differ
    from zoneinfo import ZoneInfo

    paris = ZoneInfo("Europe/Paris")
    for minute in range(0, 6 * 60):
        wall = datetime.combine(date(2026, 3, 29), time(minute // 60, minute % 60))
        odd = wall.replace(tzinfo=paris).utcoffset() != wall.replace(
            tzinfo=paris, fold=1).utcoffset()  # fmt: skip
        assert odd == (spring.start <= wall.time() < spring.end), wall


def test_meetings_are_not_planned_at_times_a_clock_change_skips(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Paris' spring night from 01:30: meetings at 02:00 and 02:30 were the same instants
    # as 03:00 and 03:30, and a Fixed meeting at 02:00 was taken (a tester).
    mission = [["Setting", "Value"], ["name", "Night"], ["city", "Paris"],
               ["timezone", "Europe/Paris"], ["first_day", date(2026, 3, 29)], ["days", 1],
               ["day_start", "01:30"], ["day_end", "04:30"], ["meeting_minutes", 30],
               ["tables", 4]]  # fmt: skip
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(roster_with(tmp_path, Mission=mission, Unavailability=None,
                                       Fixed=None))  # fmt: skip
    [said] = [m for r in caplog.records if "clocks go forward" in (m := r.getMessage())]
    assert "Sunday 29 March 2026 02:00-03:00 does not exist" in said
    open_at = {inst.slots[i].start for c in inst.companies for i in inst.available[c]}
    assert open_at == {time(1, 30), time(3, 0), time(3, 30), time(4, 0)}
    fixed = [["exporter", "buyer", "date", "start", "table"],
             ["E2", "B2", "2026-03-29", "02:30", 1]]  # fmt: skip
    problem = find(problems_of(roster_with(tmp_path, Mission=mission, Unavailability=None,
                                           Fixed=fixed)), "Fixed", 2, "start")  # fmt: skip
    assert "the clocks change then in Europe/Paris (02:00-03:00 does not exist)" in problem.message


def test_a_day_without_room_for_one_meeting_names_each_setting_and_its_row(
    tmp_path: Path,
) -> None:
    # Meetings of 600 minutes in a 09:00-12:00 day: the message named the sheet alone
    # (a venue tester); it gives each setting's value and row.
    mission = base()["Mission"]
    mission[7] = ["meeting_minutes", 600]
    problem = find(problems_of(roster_with(tmp_path, Mission=mission)), "Mission", None, "Value")
    for part in ("day_start 09:00 (row 6)", "day_end 12:00 (row 7)",
                 "meeting_minutes 600 (row 8)", "breaks 10:30-10:45 (row 9)"):  # fmt: skip
        assert part in problem.message, problem.message
    # A setting left out is its default, said so (a second reader).
    del mission[8]
    problem = find(problems_of(roster_with(tmp_path, Mission=mission)), "Mission", None, "Value")
    assert "breaks none (default)" in problem.message, problem.message


@pytest.mark.parametrize("sep", [";", ","])
def test_a_csv_row_split_by_an_unquoted_list_is_one_problem_naming_the_cause(
    tmp_path: Path, sep: str
) -> None:
    # An input tester: an unquoted 'fr; ar; en' in a ';' CSV file read 'ar' as the
    # delegates, 'en' as max_meetings, a contact as the e-mail ...: 30 problems, and the
    # one that named the cause (a value past the header) came last.
    folder = write_csv_folder(tmp_path / "csv", base(), sep=sep)
    path = folder / "Exporters.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    typed = '"en; sw"' if sep == ";" else "en; sw"
    assert lines[1].count(typed) == 1
    lines[1] = lines[1].replace(typed, f"en{sep} sw")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [p] = problems_of(folder)
    assert (p.file, p.sheet, p.row, p.column) == (str(path), "Exporters", 2, None)
    assert p.message.startswith(
        f"this row has 11 fields where the header has 10: if a value holds the separator {sep!r}"
    )
    # each problem of the row is still said, after the likely cause
    assert "problems found in this row: 'sw' is not a whole number (delegates); " in p.message
    # The other rows' own problems are still each said
    lines[2] = lines[2].replace(f"{sep}2{sep}3{sep}", f"{sep}two{sep}3{sep}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems_of(folder)
    assert [(p.row, p.column) for p in found] == [(2, None), (3, "delegates")]
    # a note past the header beside a real error is no split: the error is said whole
    # (a reader: a month-first date was only "follows from" a separator)
    folder = write_csv_folder(tmp_path / "note", base(), sep=sep)
    path = folder / "Unavailability.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace("2025-11-11", "11/13/2025") + f"{sep}see the organisers"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [p] = problems_of(folder)
    assert (p.sheet, p.row) == ("Unavailability", 2)
    assert "the problem found in this row: '11/13/2025' is not a valid date: dates are read" in (
        p.message
    )


def test_references_to_an_id_typed_as_anothers_point_back_to_it(tmp_path: Path) -> None:
    # A roster tester: E3 typed as 'E1' on its row; each request naming E3 then said
    # "unknown company 'E3'" with nothing pointing at the row typed twice.
    exporters = with_rows("Exporters", ["E1", "Other Co"])
    requests = with_rows("Requests", ["E3", "B1", 2, "exporter"])
    problems = problems_of(roster_with(tmp_path, Exporters=exporters, Requests=requests))
    found = find(problems, "Requests", 3, "exporter", "unknown company 'E3'")
    assert "(is it Other Co, sheet Exporters row 4, its id typed as 'E1', another's?)" in (
        found.message
    )


def test_only_a_reference_that_may_be_an_id_typed_as_anothers_points_back_to_it(
    tmp_path: Path,
) -> None:
    # A tester: the hint was given to every unknown reference, a buyer column's
    # 'KE-999' asked whether it was an exporter whose id was typed 'MA-001', an
    # Unavailability participant 'Acme Nonexistent' too.
    sheets = base()
    sheets["Exporters"].append(["E1", "Other Co"])  # row 4: E3 typed 'E1'
    sheets["Exporters"][2][-1] = "B2; E3"  # E2 wishes for buyers
    sheets["Buyers"][2][-1] = "E3"  # B2 wishes for exporters
    sheets["Requests"] += [["E3", "B1"], ["E2", "E3"], ["E2", "B9"], ["X-3", "B1"]]
    sheets["Unavailability"] += [["E3", "2025-11-10"], ["Acme Nonexistent", "2025-11-10"]]
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    hint = "(is it Other Co, sheet Exporters row 4, its id typed as 'E1', another's?)"
    # of the side the column names, in the duplicate's numbering: asked
    assert hint in find(problems, "Requests", 3, "exporter", "unknown company 'E3'").message
    assert hint in find(problems, "Buyers", 3, "wishes", "unknown company 'E3'").message
    assert hint in find(problems, "Unavailability", 4, "participant", "'E3'").message
    # a buyer column, an exporter's wishes (buyers): not an exporter
    assert find(problems, "Requests", 4, "buyer").message == "unknown company 'E3'"
    assert hint not in find(problems, "Exporters", 3, "wishes", "'E3'").message
    # another numbering, a name: not a mistyped 'E1'
    assert find(problems, "Requests", 5, "buyer").message == "unknown company 'B9'"
    assert find(problems, "Requests", 6, "exporter").message == "unknown company 'X-3'"
    # (close to no company: not quoted, it may be a reason; session 68)
    p = find(problems, "Unavailability", 5, "participant", "a text of 16 characters")
    assert "is it" not in p.message


def test_docs_list_every_alias_of_every_mission_setting() -> None:
    # A fresh coordinator's reader: the template and the reader took 'préavis' and
    # 'durée rendez-vous', which docs/roster.md's table did not list.
    from asmex_sched.io.roster import SETTINGS

    docs = (Path(__file__).parent.parent / "docs" / "roster.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in docs.splitlines()
            if line.startswith("| `")}  # fmt: skip
    missing = [
        (spec.name, alias)
        for spec in SETTINGS
        for alias in spec.aliases
        if f"`{alias}`" not in rows.get(f"`{spec.name}`", "")
    ]
    assert missing == []


# ============================================ names as typed (a French tester)
def test_mission_problems_name_the_setting_as_typed(tmp_path: Path) -> None:
    # "first_day: '10/11' is not a date" was said of a French sheet's 'Premier jour';
    # the English key follows, as the docs list it (a French coordinator's tester).
    sheets = french()
    values = {"Premier jour": "10/11", "Tables": "douze", "Jours": "0"}
    sheets["Mission"] = [[k, values.get(k, v)] for k, v in sheets["Mission"]]
    sheets["Mission"].append(["Interprètes", "Non"])
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert find(problems, "Mission", 4, "Valeur").message.startswith(
        "Premier jour (first_day): '10/11' is not a date"
    )
    assert find(problems, "Mission", 10, "Valeur").message.startswith("Tables: 'douze'")
    assert find(problems, "Mission", 5, "Valeur").message.startswith("Jours (days): ")
    assert find(problems, "Mission", 11, "Valeur").message.startswith(
        "Interprètes (interpreters): 'Non'"
    )
    # typed as the key, it is named once
    english = base()
    english["Mission"] = [[k, "10/11" if k == "first_day" else v] for k, v in english["Mission"]]
    problems = problems_of(write_xlsx(tmp_path / "e.xlsx", english))
    assert find(problems, "Mission", 4, "Value").message.startswith("first_day: '10/11'")


def test_roster_warnings_name_sheets_columns_and_settings_as_typed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # "has max_meetings 0 ... leave max_meetings blank", "the Unavailability sheet",
    # "(or check first_day and days)" were said of a French roster's 'Rendez-vous max',
    # 'Indisponibilités', 'Premier jour' and 'Jours', the first without its cell (a
    # French coordinator's tester).
    sheets = french()
    sheets["Mission"] = [[k, "7" if k == "Jours" else v] for k, v in sheets["Mission"]]
    sheets["Exportateurs"][1][5] = "0"  # E1's Rendez-vous max
    statuses = ("Statut", "Confirmé", "Annulé")
    sheets["Acheteurs"] = [[*r, s] for r, s in zip(sheets["Acheteurs"], statuses, strict=True)]
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    said = " ".join(caplog.text.split())
    assert (
        "sheet Exportateurs, row 2, column Rendez-vous max: Agro Kenya Ltd (id E1) has "
        "Rendez-vous max 0 and 2 request(s)" in said
    )
    assert "leave Rendez-vous max blank" in said and "max_meetings" not in said
    assert "sheet Mission, row 5: the mission's 7 days" in said
    assert (
        "add a row for ALL on each to the Indisponibilités sheet (or check Premier jour "
        "(first_day) and Jours (days))" in said
    )
    assert "the times a company cannot meet go in the Indisponibilités sheet" in said
    assert "Unavailability" not in said and "first_day and days" not in said
    # a Fixed row beyond it names the column as typed too
    sheets["Exportateurs"][2][5] = "0"  # E2's, which a Fixed row names
    problems = problems_of(write_xlsx(tmp_path / "f.xlsx", sheets))
    find(problems, "Rendez-vous fixés", 2, "Exportateur",
         "'E2' has more fixed meetings than its Rendez-vous max (0)")  # fmt: skip
