"""Rosters as coordinators make them: headers, sheet and file names in their own words,
lock files, files that are not workbooks. A second reader found each of these read
silently wrong (a column or a sheet dropped, the plan made without it) or refused
with a cryptic message."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import partial
from pathlib import Path

import pytest
from conftest import ods_bytes
from test_roster import base, find, problems_of, write_csv_folder, write_xlsx

from asmex_sched.io.roster import read_roster

ODS = ods_bytes()


def _same_as_base(tmp_path: Path, path: Path) -> None:
    expected = read_roster(write_xlsx(tmp_path / "expected.xlsx", base()))
    assert read_roster(path).input_hash == expected.input_hash


def test_headers_in_the_coordinators_words_are_read(tmp_path: Path) -> None:
    # Each of these was dropped: 'Acheteurs souhaités' lost the wishes (217 of 524
    # requests), 'Heure de fin' made every unavailability run to the end of the day.
    sheets = base()
    company = ["Code", "Raison sociale", "Secteur", "Langue", "Nb de délégués", "Max RDV",
               "Personne de contact", "Courriel", "Tél", "Acheteurs souhaités"]  # fmt: skip
    sheets["Exporters"][0] = company
    sheets["Buyers"][0] = [*company[:-1], "Exportateurs souhaités"]
    sheets["Requests"][0] = ["Exporter ID", "Buyer name", "Priorité", "Demandeur"]
    sheets["Unavailability"][0] = ["Entreprise", "Jour", "Heure de début", "Heure de fin",
                                   "Commentaire"]  # fmt: skip
    sheets["Fixed"][0] = ["Exportateur", "Acheteur", "Jour", "Heure", "Table n°"]
    _same_as_base(tmp_path, write_xlsx(tmp_path / "r.xlsx", sheets))


def test_sheets_named_in_other_words_are_read_and_said(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sheets = base()
    sheets["Nairobi 2025 - Requests"] = sheets.pop("Requests")
    sheets["Absences"] = sheets.pop("Unavailability")
    sheets["RDV fixés"] = sheets.pop("Fixed")
    sheets["Exporters (old)"] = [["id", "company"], ["X9", "Gone Ltd"]]  # a copy: ignored
    with caplog.at_level("WARNING", logger="asmex_sched"):
        _same_as_base(tmp_path, write_xlsx(tmp_path / "r.xlsx", sheets))
    warned = " | ".join(r.getMessage() for r in caplog.records)
    assert "sheet 'Nairobi 2025 - Requests' is read as the Requests sheet" in warned
    assert "Exporters (old)" in warned and "ignored" in warned
    assert "Absences" not in warned  # an alias, not a guess


def test_the_mission_sheet_under_another_name(tmp_path: Path) -> None:
    # 'Paramètres' gave "missing sheet 'Mission'" alone, the settings sheet not named.
    sheets = base()
    sheets["Paramètres"] = sheets.pop("Mission")
    _same_as_base(tmp_path, write_xlsx(tmp_path / "fr.xlsx", sheets))
    sheets["Infos"] = sheets.pop("Paramètres")
    problems = problems_of(write_xlsx(tmp_path / "infos.xlsx", sheets))
    assert any("sheet 'Infos' holds the settings of Mission but is not read under this "
               "name: rename it 'Mission' (or 'Paramètres')" in p.message
               for p in problems)  # fmt: skip


def test_csv_files_named_by_a_download_are_read(tmp_path: Path) -> None:
    # Google Sheets names a download 'Book - Sheet.csv'; a browser adds ' (1)'.
    names = {"Requests": "Nairobi 2025 - Requests", "Unavailability": "unavailability_final",
             "Fixed": "Fixed (1)"}  # fmt: skip
    _same_as_base(tmp_path, write_csv_folder(tmp_path / "csv", base(), names=names))



def test_two_downloads_of_one_sheet_are_a_problem_naming_both(tmp_path: Path) -> None:
    # A CSV-folder tester: of '… - Buyers.csv' (new) and '… - Buyers (1).csv' (old, a
    # cancelled buyer still in it), the first by name was read, the stale one, and the
    # other was "ignored: did you mean 'Mission'?"; exit 0.
    folder = write_csv_folder(tmp_path / "csv", base(), names={"Buyers": "Nairobi - Buyers"})
    old = [list(r) for r in base()["Buyers"]]
    old.append(["B9", "Gone Ltd", *[None] * (len(old[0]) - 2)])
    write_csv_folder(tmp_path / "old", {"Buyers": old})
    (folder / "Nairobi - Buyers (1).csv").write_bytes((tmp_path / "old/Buyers.csv").read_bytes())
    [p] = problems_of(folder)
    assert "'Nairobi - Buyers (1).csv' and 'Nairobi - Buyers.csv' are each read as the " \
        "Buyers file: keep one" in p.message
    # In a workbook too; a copy marked as one is still ignored with a warning.
    sheets = base()
    sheets["Buyers 2025"] = sheets.pop("Buyers")
    sheets["Liste buyers"] = old
    [p] = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert "'Buyers 2025' and 'Liste buyers' are each read as the Buyers sheet" in p.message
    sheets.pop("Liste buyers")
    sheets["Buyers (old)"] = old
    _same_as_base(tmp_path, write_xlsx(tmp_path / "r2.xlsx", sheets))


def test_one_sheet_as_a_csv_and_a_txt_file_is_a_problem_naming_both(tmp_path: Path) -> None:
    # A CSV-folder tester: Unavailability.csv beside an older Unavailability.txt (Excel's
    # "Unicode text") was "sheet 'Unavailability' duplicates sheet 'Unavailability'".
    folder = write_csv_folder(tmp_path / "csv", base())
    old = base()["Unavailability"][:2]
    write_csv_folder(tmp_path / "old", {"Unavailability": old}, sep="\t", encoding="utf-16")
    (folder / "Unavailability.txt").write_bytes((tmp_path / "old/Unavailability.csv").read_bytes())
    [p] = problems_of(folder)
    assert "the files 'Unavailability.csv' and 'Unavailability.txt' are each read as the " \
        "Unavailability file: keep one, and delete or rename the other" in p.message
    assert "(1)" not in p.message  # no browser's download


def test_an_old_copy_of_a_download_is_not_told_did_you_mean_mission(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A CSV-folder tester: 'Nairobi Mission 2025 - Buyers (old).csv' beside the Buyers
    # file read was "ignored: did you mean 'Mission'?" (the title's word).
    names = {"Buyers": "Nairobi Mission 2025 - Buyers"}
    folder = write_csv_folder(tmp_path / "csv", base(), names=names)
    (folder / "Nairobi Mission 2025 - Buyers (old).csv").write_bytes(
        (folder / "Nairobi Mission 2025 - Buyers.csv").read_bytes()
    )
    with caplog.at_level("WARNING", logger="asmex_sched"):
        _same_as_base(tmp_path, folder)
    assert "did you mean" not in caplog.text
    assert "'Nairobi Mission 2025 - Buyers (old).csv' is ignored, its name marks it as not " \
        "the one ('old'): 'Nairobi Mission 2025 - Buyers.csv' is read as the Buyers file" \
        in caplog.text


def test_a_download_titled_mission_is_read_by_its_sheet_names(tmp_path: Path) -> None:
    # A fresh coordinator's test: a spreadsheet titled 'Mission économique Abidjan 2026'
    # downloads as 'Mission économique Abidjan 2026 - Exportateurs.csv' and so on; the
    # title's "Mission" made each file name two sheets, and every one was refused.
    title = "Mission économique Abidjan 2026"
    french = {"Mission": "Paramètres", "Exporters": "Exportateurs", "Buyers": "Acheteurs",
              "Requests": "Demandes", "Unavailability": "Indisponibilités",
              "Fixed": "RDV fixés"}  # fmt: skip
    names = {k: f"{title} - {v}" for k, v in french.items()}
    _same_as_base(tmp_path, write_csv_folder(tmp_path / "csv", base(), names=names))
    names["Buyers"] = f"{title} - Acheteurs (1)"  # a browser's second download
    _same_as_base(tmp_path, write_csv_folder(tmp_path / "csv2", base(), names=names))
    # A title naming another sheet (a second reader: all but one file were refused).
    for n, other in enumerate(("Rencontres acheteurs Nairobi 2026", "Mission Acheteurs 2026")):
        names = {k: f"{other} - {k}" for k in french}
        _same_as_base(tmp_path, write_csv_folder(tmp_path / f"csv{n + 3}", base(), names=names))



def test_a_sheet_name_naming_two_roster_sheets_is_not_taken_by_its_last_part(
    tmp_path: Path,
) -> None:
    # A second reader: reading 'Title - Sheet' by its last part took an unavailability
    # sheet 'Indisponibilités - Acheteurs' for the buyers, and the real buyers' sheet
    # 'Acheteurs 2026' was refused. Two sheets named stay ambiguous; only "Mission", a
    # title's word, gives way.
    from asmex_sched.io.roster.cells import _sheet_key_in

    sheets = base()
    sheets["Acheteurs 2026"] = sheets.pop("Buyers")
    sheets["Indisponibilités - Acheteurs"] = [list(r) for r in sheets["Unavailability"]]
    _same_as_base(tmp_path, write_xlsx(tmp_path / "r.xlsx", sheets))
    assert _sheet_key_in("Indisponibilités - Acheteurs") is None
    assert _sheet_key_in("Buyers - Mission Nairobi") == "buyers"
    # A sheet's words then a title's: the sheet (they read "Mission"; a second reader).
    for name, key in (("Registered buyers - Mission Nairobi 2026", "buyers"),
                      ("Demandes de RDV - Mission Nairobi", "requests"),
                      ("Rencontres acheteurs Nairobi 2026 – Exporters", "exporters")):
        assert _sheet_key_in(name) == key, name



def test_a_sheet_of_fixed_meetings_under_another_name_is_not_called_requests(
    tmp_path: Path,
) -> None:
    # A fresh coordinator's test: with Requests missing too, a file of fixed meetings
    # under another name was warned about as "the columns of Requests: rename it
    # 'Requests'", its dates and times then lost. The sheet it holds the most columns
    # of comes first.
    sheets = base()
    sheets["Planning"] = sheets.pop("Fixed")
    sheets.pop("Requests")
    [p] = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert p.sheet == "Planning" and "holds the columns of Fixed" in p.message
    assert "rename it 'Fixed'" in p.message


def test_two_sheets_of_companies_under_other_names_are_told_apart(tmp_path: Path) -> None:
    # A tester: 'Exposants' and 'Visiteurs' (a B2B event's exhibitors and visitors,
    # the same columns) were both told to be renamed 'Exporters', never 'Buyers'. Two
    # such sheets are told one each: by a word of their names, else the first is the
    # exporters, the second the buyers.
    # Not read as the exporters, though: a fair's own list of exhibitors beside the
    # roster's 'Exportateurs ASMEX' took its place (a second reader: a re-plan cancelled
    # every meeting as "left the mission").
    sheets = base()
    sheets["Exportateurs ASMEX"] = sheets.pop("Exporters")
    sheets["Exposants"] = [["Entreprise", "Stand", "Contact", "Téléphone"],
                           ["Bidco Africa", "A12", "Jane", "+254 700 000 000"]]  # fmt: skip
    sheets["Visiteurs"] = [["Nom", "Badge"], ["Visitor One", "V-1"]]
    _same_as_base(tmp_path, write_xlsx(tmp_path / "fair.xlsx", sheets))
    said = {
        "Exporters": "holds the columns of Exporters but is not read under this name: "
        "rename it 'Exporters' (or 'Exportateurs')",
        "Buyers": "holds the columns of Buyers but is not read under this name: rename it "
        "'Buyers' (or 'Acheteurs')",
    }
    # (sheet name, the sheet it holds), in the workbook's order
    for names in ((("Liste A", "Exporters"), ("Liste B", "Buyers")),
                  (("Visitors", "Buyers"), ("Exhibitors", "Exporters")),
                  (("Visiteurs", "Buyers"), ("Exposants", "Exporters"))):  # fmt: skip
        sheets = base()
        held = {"Exporters": sheets.pop("Exporters"), "Buyers": sheets.pop("Buyers")}
        for name, holds in names:
            sheets[name] = held[holds]
        problems = problems_of(write_xlsx(tmp_path / f"{names[0][0]}.xlsx", sheets))
        told = {p.sheet: p.message for p in problems if "rename it" in p.message}
        assert told == {name: f"sheet {name!r} {said[holds]}" for name, holds in names}
        # and each is said once: not "missing sheet 'Exporters'" besides (an input tester)
        assert len(problems) == 2, problems


def test_office_lock_files_are_not_sheets(tmp_path: Path) -> None:
    # A '~$Exporters.csv' beside 'Exporters.csv' was "a duplicate of sheet Exporters",
    # and cron failed on every run while the file was open.
    folder = write_csv_folder(tmp_path / "csv", base())
    (folder / "~$Exporters.csv").write_bytes(b"\x00garbage")
    _same_as_base(tmp_path, folder)
    lock = tmp_path / "~$roster.xlsx"
    lock.write_bytes(b"\x00" * 165)
    [p] = problems_of(lock)
    assert "lock file" in p.message and "roster.xlsx" in p.message


def test_a_sheet_with_the_columns_of_a_missing_one_is_refused_or_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sheets = base()
    sheets["Contraintes"] = sheets.pop("Unavailability")  # every column: surely it
    sheets["Fixed"] = [sheets["Fixed"][0]]
    [p] = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert p.sheet == "Contraintes" and "rename it 'Unavailability'" in p.message
    sheets["Contraintes"] = [row[:2] for row in sheets["Contraintes"]]  # two: maybe not
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "w.xlsx", sheets))
    assert "'Contraintes' is ignored, but it has the columns of Unavailability" in caplog.text


def test_a_company_sheet_of_names_alone_under_a_longer_name_is_read(tmp_path: Path) -> None:
    sheets = base()
    # Names alone: each name is the company's id (the rest of base() names B1, B2).
    sheets["Buyers 2025"] = [["company"], ["B1"], ["B2"], ["B3"]]
    sheets.pop("Buyers")
    sheets["Exporters"][1][-1] = "B1"
    sheets["Requests"][1][1] = "B1"
    inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert {c.id for c in inst.buyers} == {"B1", "B2", "B3"}


def test_a_header_looking_like_a_missing_column_is_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sheets = base()
    sheets["Exporters"][0] = list(sheets["Exporters"][0])  # base()'s header is shared
    sheets["Exporters"][0][6] = "Contacts 2"  # no 'contact' column: a look-alike
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert "'Contacts 2' is ignored, and the sheet has no column 'contact'" in caplog.text
    # The same look-alike holding the wishes: they would be dropped, a problem.
    sheets["Exporters"][0][-1] = "Wish-list (buyers)"
    problems = problems_of(write_xlsx(tmp_path / "w.xlsx", sheets))
    find(problems, "Exporters", 2, "Wish-list (buyers)", "names companies")


def test_companion_columns_and_sheets_are_no_problem(tmp_path: Path) -> None:
    # A second reader's rosters, read at 3fab98b, refused by the first version of the
    # look-alike checks: companions of a documented column or sheet, not slips.
    sheets = base()
    sheets["Exporters"][0] = [*sheets["Exporters"][0][:6], "Contact email", "Max budget",
                              "Mail sent", "Mobile money"]  # fmt: skip
    for row in sheets["Exporters"][1:]:
        row[-1] = "+254 700 000"  # what a 'Mobile money' column holds
    sheets["Requests"][0] = ["Exporter", "Exporter name", "Buyer", "Buyer name"]
    sheets["Requests"][1] = ["E2", "Société Tunisienne", "Nile Traders", "x"]
    sheets["Hotel"] = [["Company", "Date", "Hotel"], ["E1", "2025-11-09", "Serena"]]
    sheets["Fixed costs"] = [["Item", "Amount"], ["Stand", 1200]]
    sheets.pop("Unavailability")
    sheets["Fixed"] = [sheets["Fixed"][0]]
    inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert ("E2", "B1") in {r.key for r in inst.requests}
    assert inst.unavailability == () and inst.fixed == ()


def test_a_phone_excel_wrote_in_scientific_notation_is_left_out_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # An input tester: a phone column in number format, saved as CSV, reads '2.547E+11'
    # (its last digits lost), and went as typed into every agenda.
    sheets = base()
    phone = sheets["Exporters"][0].index("phone")
    sheets["Exporters"][1][phone] = "2.547E+11"
    sheets["Exporters"][2][phone] = "2,16712E+11"
    sheets["Buyers"][1][sheets["Buyers"][0].index("phone")] = "+254 700 123456"
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert (inst.companies["E1"].phone, inst.companies["E2"].phone) == ("", "")
    assert inst.companies["B1"].phone == "+254 700 123456"
    said = " ".join(caplog.text.split())
    assert "row 2 (" in said and "), column phone: the phone is a number Excel shortened" in said
    assert "2,16712" not in said  # no phone's digits in a log (README, Personal data)
    assert "left out of the agendas (and 1 more row(s) of the column)" in said


def test_a_phone_held_as_a_number_is_kept_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A tester: 0661234567 typed in a General column of an .xlsx is the number 661234567
    # to Excel, its leading 0 (or a '+') dropped without a word. Kept as it reads, with
    # one warning for the column naming the first company, not the phone (no phone in
    # a log or a cron mail: README, Personal data).
    sheets = base()
    phone = sheets["Exporters"][0].index("phone")
    sheets["Exporters"][1][phone] = 612345678
    sheets["Exporters"][2][phone] = 254712345678
    sheets["Buyers"][1][sheets["Buyers"][0].index("phone")] = "0661234567"  # text
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert (inst.companies["E1"].phone, inst.companies["E2"].phone) == (
        "612345678", "254712345678"
    )
    assert inst.companies["B1"].phone == "0661234567"
    said = [" ".join(r.getMessage().split()) for r in caplog.records]
    held = [m for m in said if "held as a number" in m]
    assert len(held) == 1, said
    assert "sheet Exporters, row 2 (Agro Kenya Ltd), column phone: the phone is held" in held[0]
    assert "leading 0 or its '+'" in held[0] and "(and 1 more row(s) of the column)" in held[0]
    assert not [m for m in said if "612345678" in m or "2547123" in m]
    # a CSV's cells are text: the same digits there are what was saved, no warning
    caplog.clear()
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_csv_folder(tmp_path / "csv", sheets))
    assert "held as a number" not in caplog.text


def test_a_forms_respondent_column_of_no_address_is_not_the_companies_e_mail(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Microsoft Forms exports the respondent's 'Email' ('anonymous' on every row): read
    # as each buyer's e-mail, it went into the mail-merge index; the real 'Contact
    # email' was "ignored: did you mean 'contact'?" (a tester).
    sheets = base()
    header = list(sheets["Buyers"][0])
    header[header.index("email")] = "Email"
    sheets["Buyers"][0] = [*header, "Contact email"]
    for row in sheets["Buyers"][1:]:
        row[header.index("Email")] = "anonymous"
        row.append("jane@nile.example")
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert {b.email for b in inst.buyers} == {""}
    said = " ".join(caplog.text.split())
    assert "row 2, column Email: 'anonymous' is not an e-mail address: left out" in said
    assert "(and 1 more row(s) of the column)" in said
    assert "column 'Contact email' is ignored: did you mean 'email'?" in said
    # its siblings, and e-mails disguised against spam are addresses (a reader)
    for label, meant in (("Contact tel", "phone"), ("Tél du contact", "phone"),
                         ("Contact mail", "email")):  # fmt: skip
        sheets["Buyers"][0][-1] = label
        caplog.clear()
        with caplog.at_level("WARNING", logger="asmex_sched"):
            read_roster(write_xlsx(tmp_path / "s.xlsx", sheets))
        assert f"column {label!r} is ignored" in caplog.text and f"'{meant}'" in caplog.text
    at = header.index("Email")
    sheets["Buyers"][1][at], sheets["Buyers"][2][at] = "jane [at] nile.example", "ali(at)st.tn"
    inst = read_roster(write_xlsx(tmp_path / "t.xlsx", sheets))
    assert [b.email for b in inst.buyers] == ["jane@nile.example", "ali@st.tn"]
    sheets["Buyers"][1][at], sheets["Buyers"][2][at] = "ali (at) st (dot) tn", "Ali <a.b+c@d.ma>"
    inst = read_roster(write_xlsx(tmp_path / "u.xlsx", sheets))
    assert [b.email for b in inst.buyers] == ["ali@st.tn", "Ali <a.b+c@d.ma>"]
    # a link's target pasted: 'mailto:' went into the mail-merge index (a CSV-folder tester)
    sheets["Buyers"][1][at] = "mailto:jane@nile.example"
    sheets["Buyers"][2][at] = "MailTo: ali@st.tn?subject=B2B"
    inst = read_roster(write_xlsx(tmp_path / "v.xlsx", sheets))
    assert [b.email for b in inst.buyers] == ["jane@nile.example", "ali@st.tn"]


def test_a_phone_typed_in_the_e_mail_column_is_not_quoted_in_the_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A privacy tester: a phone typed in the e-mail column (a common slip) was quoted in
    # the warning, into logs and cron mail that never hold a phone (README, Personal
    # data). The company is named instead, as the phone warnings name it.
    sheets = base()
    at = sheets["Buyers"][0].index("email")
    name = sheets["Buyers"][1][sheets["Buyers"][0].index("company")]
    sheets["Buyers"][1][at] = "+254 (0) 6050-050.050"
    sheets["Buyers"][2][at] = "0661234567"
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert [b.email for b in inst.buyers] == ["", ""]
    said = " ".join(caplog.text.split())
    assert f"sheet Buyers, row 2 ({name}), column email: looks like a phone number" in said
    assert "(and 1 more row(s) of the column)" in said
    assert "6050" not in said and "0661234567" not in said
    # an address mistyped is quoted still, to be found and corrected (a short number
    # in it is no phone)
    sheets["Buyers"][1][at], sheets["Buyers"][2][at] = "jane_nile12.example", "a@b.ke"
    caplog.clear()
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "s.xlsx", sheets))
    assert "row 2, column email: 'jane_nile12.example' is not an e-mail" in caplog.text
    # with slashes or underscores between the digits too (a second reader)
    sheets["Buyers"][1][at], sheets["Buyers"][2][at] = "06/61/23/45/67", "06_61_23_45_67"
    caplog.clear()
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "t.xlsx", sheets))
    assert "looks like a phone number" in caplog.text and "/61/" not in caplog.text


def test_one_company_registered_twice_under_two_spellings_is_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # 'Savannah Grocers' and 'Savannah Grocers Ltd', one person, one e-mail: planned as
    # two buyers, that person booked at two tables at once (a tester). A warning only:
    # a group may register two firms under one address; another side's is not said.
    sheets = base()
    header = sheets["Buyers"][0]
    at = header.index("email")
    sheets["Buyers"][1][at] = "Peter@Savannah.example"
    sheets["Buyers"][2][at] = "peter@savannah.example "
    sheets["Exporters"][1][header.index("email")] = "peter@savannah.example"
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert len(inst.buyers) == 2
    said = " ".join(caplog.text.split())
    assert ("Nile Traders (B1) and Café Dubai (B2) give the same e-mail address "
            "(peter@savannah.example): one company registered twice?") in said  # fmt: skip
    assert said.count("same e-mail") == 1
    # many under one address: counted, not a line of every name (a reader)
    same = "peter@savannah.example"
    sheets["Buyers"] += [["B3", "Third", "Food", "en", 1, None, "", same],
                         ["B4", "Fourth", "Food", "en", 1, None, "", same]]  # fmt: skip
    caplog.clear()
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "r4.xlsx", sheets))
    assert "4 companies (B1, B2, B3...) give the same e-mail address" in caplog.text


@pytest.mark.parametrize("header", ["Nombre de participants", "Number of attendees"])
def test_a_forms_head_count_is_said_to_look_like_delegates(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, header: str
) -> None:
    # It was ignored without a word, every company planned with 1 delegate (a tester).
    sheets = base()
    sheets["Buyers"][0] = [h if h != "delegates" else header for h in sheets["Buyers"][0]]
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    said = " ".join(caplog.text.split())
    assert f"column {header!r} is ignored, and the sheet has no column 'delegates'" in said


def test_sectors_joined_by_commas_as_a_form_exports_them_are_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # 'Agroalimentaire, Cosmétique' was read as one sector, counted apart from both in
    # the organisers' summary (a tester); a sector whose own name holds a comma is not.
    sheets = base()
    at = sheets["Exporters"][0].index("sectors")
    sheets["Exporters"][1][at] = "Food, Textile"
    sheets["Buyers"][2][at] = "Agriculture, food and beverages"
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert inst.companies["E1"].sectors == ("Food, Textile",)
    said = " ".join(caplog.text.split())
    assert "the sectors cell 'Food, Textile' of Agro Kenya Ltd (E1) joins with ','" in said
    assert "sectors are separated by ';'" in said and "Agriculture" not in said
    # sectors that never stand alone but are joined in two cells (a reader)
    sheets["Exporters"][2][at] = "Cosmetics, Food"
    sheets["Buyers"][1][at] = "Cosmetics, Textile"
    sheets["Buyers"][2][at] = "Coffee"
    caplog.clear()
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "r2.xlsx", sheets))
    assert "(2 more such cell(s))" in " ".join(caplog.text.split())


def test_two_names_of_one_column_read_the_documented_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sheets = base()
    sheets["Exporters"][0] = [*sheets["Exporters"][0][:8], "Mobile", "wishes", "phone"]
    for row in sheets["Exporters"][1:]:
        row.append("+000")  # 'phone' is read, 'Mobile' (the old phone column) ignored
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert inst.companies["E1"].phone == "+000"
    assert "columns 'Mobile' and 'phone' both name 'phone': 'phone' is read" in caplog.text
    sheets["Exporters"][0][-1] = "Mobile"  # the same name twice: which one?
    find(problems_of(write_xlsx(tmp_path / "d.xlsx", sheets)), "Exporters", 1, "Mobile",
         "duplicates column")  # fmt: skip


def test_a_required_column_under_a_look_alike_name_is_a_problem(tmp_path: Path) -> None:
    sheets = base()
    sheets["Requests"][0] = ["Exportr", "buyer", "priority", "requested_by"]
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    find(problems, "Requests", 1, "Exportr", "did you mean 'exporter'")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "password-protected"),
        (b"id;company\r\nE1;Agro\r\n", "not an .xlsx file"),
        (ODS, "it is an OpenDocument spreadsheet (.ods"),
    ],
)
def test_a_file_that_is_no_workbook_says_what_it_is(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    # Both said "File is not a zip file".
    path = tmp_path / "roster.xlsx"
    path.write_bytes(content)
    [p] = problems_of(path)
    assert expected in p.message and "zip" not in p.message


def test_a_roster_caught_while_it_is_saved_says_so(tmp_path: Path) -> None:
    # A cron operator's tester: a roster being saved while plan read it gave exit 2
    # "File is not a zip file" and nothing more; the next run reads it whole.
    whole = write_xlsx(tmp_path / "whole.xlsx", base()).read_bytes()
    path = tmp_path / "roster.xlsx"
    path.write_bytes(whole[: len(whole) // 2])  # the zip begun, its directory not yet
    [p] = problems_of(path)
    assert "File is not a zip file: the file is incomplete; a workbook caught while it " in (
        p.message
    )
    assert "being saved" in p.message and "the next run reads it whole" in p.message


def test_abbreviated_language_names_are_read(tmp_path: Path) -> None:
    # 'Fr.; Ar.; Eng.' was kept as three unknown languages: every meeting with the
    # company needed an interpreter (159 meetings instead of 512, with no word).
    sheets = base()
    sheets["Exporters"][1][3] = "Eng.; Kiswahili"
    sheets["Exporters"][2][3] = "Fr., Arab"
    _same_as_base(tmp_path, write_xlsx(tmp_path / "r.xlsx", sheets))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("?", "not a language: leave the cell blank"),
        ("TBC", "not a language: leave the cell blank"),
        ("fr; Frensh", "'Frensh' is not a language code or name: did you mean 'french'?"),
        ("ma; fr", "'ma' is not a language code or name: a country code?"),
        # filler alone named no language: the company never needed an interpreter
        ("Bilingue", "names no language the tool knows"),
        ("Klingon", "names no language the tool knows"),
        ("non", "not a language: leave the cell blank"),
        ("non-English", "names no language the tool knows"),
        # every language it names ruled out: said so, not "names no language"
        ("Anglais : non", "says the company does not speak 'Anglais', and names no language"),
        ("English (not spoken)", "does not speak 'English', and names no language it speaks"),
    ],
)
def test_a_word_that_is_no_language_is_a_problem(tmp_path: Path, cell: str, expected: str) -> None:
    sheets = base()
    sheets["Exporters"][2][3] = cell
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    find(problems, "Exporters", 3, "languages", expected)


def test_a_language_the_tool_has_no_name_for_is_left_out_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Kept as a word, it matched any company writing the same word: 'only' or
    # 'preferred' shared by two companies booked no interpreter (a second reader).
    # Left out, and kept as a 3-letter ISO 639-2/3 code.
    sheets = base()
    sheets["Buyers"][1][3] = "ar; Klingon; kln; low"
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert inst.companies["B1"].languages == ("ar", "kln")
    [warning] = [r.getMessage() for r in caplog.records]
    assert "row 2: 'Klingon' is not a language the tool knows: left out" in warning
    # a 3-letter ISO 639-3 code CLDR does not list is kept (a second reader: bci,
    # Baoulé; dag; tso were dropped by a first version)
    sheets["Buyers"][1][3] = "fr; bci"
    inst = read_roster(write_xlsx(tmp_path / "r2.xlsx", sheets))
    assert inst.companies["B1"].languages == ("fr", "bci")


@pytest.mark.parametrize(
    ("cell", "codes", "ruled_out"),
    [
        # a note of what the company does not speak added that very language, and no
        # interpreter was booked (a tester; then a second reader in other languages)
        ("Arabe uniquement (pas de français)", ("ar",), "'français'"),
        ("Arabic only (no English)", ("ar",), "'English'"),
        ("Arabic yes, English no", ("ar",), "'English'"),
        ("Português (sem inglês)", ("pt",), "'inglês'"),
        ("Kiswahili, bila Kiingereza", ("sw",), "'Kiingereza'"),
        ("Arabisch, ohne Englisch", ("ar",), "'Englisch'"),
        ("Français seulement (aucun anglais)", ("fr",), "'anglais'"),
        ("العربية فقط، بدون الإنجليزية", ("ar",), "'الإنجليزية'"),
        # a level it governs is a note, not a language ruled out (a second reader: a
        # first version refused these)
        ("Arabe seulement, non bilingue", ("ar",), ""),
        ("Anglais (pas courant)", ("en",), ""),
        ("Anglais (pas mal)", ("en",), ""),
        ("Français (langue maternelle), Anglais (non natif)", ("fr", "en"), ""),
        ("Anglais non-natif", ("en",), ""),
        ("English (not fluent)", ("en",), ""),
        ("Inglês (não fluente)", ("en",), ""),
        # 'no' alone in its clause is Norwegian, as before
        ("en; no", ("en", "no"), ""),
        # levels in parentheses are notes, codes elsewhere (Luba-Katanga, Basaa);
        # 'de' between two words is no German
        ("Anglais (parlé, lu)", ("en",), ""), ("fr; lu", ("fr", "lu"), ""),
        ("Anglais (bas)", ("en",), ""), ("fr; bas", ("fr", "bas"), ""),
        ("Français, anglais (langue de travail)", ("fr", "en"), ""),
        ("Português (e um pouco de Inglês)", ("pt", "en"), ""),
        ("fr; de; en", ("fr", "de", "en"), ""),
        # a 3-letter code that is a country's code too stays the language
        ("en; hrv", ("en", "hrv"), ""),
        # a third reader: a conjunction after a parenthesis, a negation of its own in
        # parentheses or after a colon, 'not at all', 3-letter notes, the colon, CEFR
        # levels, elisions, the Arabic 'and', '-phone' words
        ("Français (langue maternelle) et Anglais", ("fr", "en"), ""),
        ("English (fluent) or French", ("en", "fr"), ""),
        ("Kiswahili (fasaha) na Kiingereza", ("sw", "en"), ""),
        ("Français et pas anglais", ("fr",), "'anglais'"),
        ("Arabic, English (no)", ("ar",), "'English'"),
        ("Anglais (oui), Français (non)", ("en",), "'Français'"),
        ("Arabe, Anglais: non", ("ar",), "'Anglais'"),
        ("Arabe, anglais pas du tout", ("ar",), "'anglais'"),
        ("Arabic, English not at all", ("ar",), "'English'"),
        ("French yes English no", ("fr",), "'English'"),
        ("Arabic, no English or French", ("ar",), "'English', 'French'"),
        ("Arabic but not English", ("ar",), "'English'"),
        ("Anglais (moy)", ("en",), ""), ("FR (top), EN (min)", ("fr", "en"), ""),
        ("Arabe (MSA)", ("ar",), ""), ("Anglais (USA)", ("en",), ""),
        ("Anglais: bon niveau", ("en",), ""), ("Anglais (B1/B2)", ("en",), ""),
        ("Anglais 3/5", ("en",), ""), ("Anglais, un peu d'espagnol", ("en", "es"), ""),
        ("English and a little French", ("en", "fr"), ""),
        ("Anglais (ne parle pas français)", ("en",), "'français'"),
        ("العربية والفرنسية", ("ar", "fr"), ""), ("Francophone", ("fr",), ""),
        # a fourth reader: '(non)' after several languages rules out the nearest only;
        # a level after 'pas du tout'; 'lu' read, not spoken; regions in pairs and
        # after a name; 'a bit of'; 'Latin America'
        ("Arabe, Français et Anglais (non)", ("ar", "fr"), "'Anglais'"),
        ("Arabe, Anglais (pas du tout courant)", ("ar", "en"), ""),
        ("Arabe, English (not at all fluent)", ("ar", "en"), ""),
        ("Arabe, Anglais (lu mais pas parlé)", ("ar",), "'Anglais'"),
        ("Arabe, English: none", ("ar",), "'English'"),
        ("Arabe, Inglês (nenhum)", ("ar",), "'Inglês'"),
        ("Arabe, English: N/A", ("ar",), "'English'"),
        ("English (US/UK)", ("en",), ""), ("English UK", ("en",), ""),
        ("Arabe (MA/TN)", ("ar",), ""), ("FR EN", ("fr", "en"), ""),
        ("English and a bit of French", ("en", "fr"), ""),
        ("Spanish (Latin America)", ("es",), ""),
    ],
)
def test_what_a_company_does_not_speak_is_left_out(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, cell: str, codes: tuple[str, ...],
    ruled_out: str,
) -> None:
    sheets = base()
    sheets["Buyers"][1][3] = cell
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert inst.companies["B1"].languages == codes
    said = " ".join(caplog.text.split())
    if ruled_out:
        assert f"{ruled_out} left out of" in said and "does not speak it" in said
    else:
        assert "left out" not in said, said


def test_senegal_s_and_morocco_s_national_languages_are_known(tmp_path: Path) -> None:
    # A tester: 'Sérère', 'Diola', 'Mandingue', 'Hassaniya', 'Tachelhit', 'Malgache',
    # 'Soninké' were refused, and 'Pulaar' "corrected" to 'pular' (while 'Peul' read ff).
    cells = {
        "Sérère": ("srr",), "Diola; Jola": ("dyo",), "Mandingue, Mandinka": ("mnk",),
        "Hassaniya": ("mey",), "Tachelhit": ("shi",), "Malgache": ("mg",),
        "Soninké": ("snk",), "Pulaar; Peul; fuc": ("ff",), "wo; Sérère; fr": ("wo", "srr", "fr"),
    }
    sheets = base()
    for i, cell in enumerate(cells):
        sheets["Buyers"].append([f"B{i + 3}", f"Buyer {i + 3}", "", cell])
    inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert [inst.companies[f"B{i + 3}"].languages for i in range(len(cells))] == list(
        cells.values()
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Klingon", "'Klingon' names no language the tool knows: write the languages (ISO "
                    "639-1 codes such as fr; en; ar; sw, or names such as French, anglais; "
                    "for a language without a 2-letter code, its ISO 639-3 code)"),
        # Haitian, Cape Verdean, Mauritian, ...: not one language
        ("Créole", "'Créole' names no language the tool knows: a creole is not one "
                   "language: write its ISO 639 code (ht for Haitian, kea for Cape Verdean, "
                   "mfe for Mauritian, crs for Seychellois, pov for Guinea-Bissau's)"),
    ],
)
def test_a_cell_of_one_unknown_language_gets_one_message(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, cell: str, expected: str
) -> None:
    # A tester: 'Sérère' got the error "names no language the tool knows" and the
    # warning "is not a language the tool knows: left out" too.
    sheets = base()
    sheets["Buyers"][1][3] = cell
    with caplog.at_level("WARNING", logger="asmex_sched"):
        problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert [p.message for p in problems] == [expected]
    assert (problems[0].sheet, problems[0].row, problems[0].column) == ("Buyers", 2, "languages")
    assert "language" not in caplog.text


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ([None, "Total", None, None, 3], "company"),
        ([None, "40 exportateurs"], "company"),
        (["TOTAL", None, None, None, 3], "id"),  # Excel's table total row
    ],
)
def test_a_totals_row_is_no_company(tmp_path: Path, row: list, column: str) -> None:
    # 'Total' with the sum of delegates became a company with 44 delegates, and the
    # default number of tables (the exporters' delegates) doubled.
    sheets = base()
    sheets["Exporters"].append(row)
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert len(problems) == 1, problems
    find(problems, "Exporters", 4, column, "looks like a totals row")


@pytest.mark.parametrize("form", ["xlsx", "csv"])
@pytest.mark.parametrize(
    "header",
    [
        None,  # the sheet's own header again
        ["ID", "Entreprise", "Secteurs", "Langues"],  # another export, in French
        ["company", "id", "email"],  # in another order
    ],
)
def test_a_header_repeated_below_the_first_is_no_company(
    tmp_path: Path, form: str, header: list | None
) -> None:
    # Two exports pasted one under the other: the second header became a buyer 'id'
    # named 'company', planned and written to the agenda, exit 0 (an input tester).
    sheets = base()
    sheets["Buyers"].insert(2, list(header or sheets["Buyers"][0]))
    sheets["Requests"].append(list(sheets["Requests"][0]))
    path = (
        write_xlsx(tmp_path / "r.xlsx", sheets)
        if form == "xlsx"
        else write_csv_folder(tmp_path / "r", sheets)
    )
    problems = problems_of(path)
    assert len(problems) == 2, problems
    find(problems, "Buyers", 3, "id", "this row repeats the header")
    find(problems, "Requests", 3, "exporter", "this row repeats the header")


def test_a_company_named_like_a_column_is_a_company(tmp_path: Path) -> None:
    # Sparse rows holding two column names elsewhere are data (a second reader).
    sheets = base()
    sheets["Buyers"] += [["B9", "Contact", None, "en"], ["B8", "Mobile", "Industry", "en"],
                         [None, "Maximum", "Industries"], ["Code", "Contact Ltd"]]  # fmt: skip
    sheets["Requests"].append(["E1", "Maximum", None, "acheteur"])
    inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert {inst.companies[c].name for c in ("B9", "B8", "Maximum", "Code")} == {
        "Contact", "Mobile", "Maximum", "Contact Ltd"
    }
    assert inst.request_by_key[("E1", "Maximum")].requested_by.value == "buyer"


def test_a_company_called_total_with_an_id_is_a_company(tmp_path: Path) -> None:
    sheets = base()
    sheets["Buyers"].append(["B9", "Total", None, "en"])
    assert read_roster(write_xlsx(tmp_path / "r.xlsx", sheets)).companies["B9"].name == "Total"


def test_names_pasted_with_look_alike_characters_match(tmp_path: Path) -> None:
    # An en dash, a curly apostrophe and a zero-width space, as e-mail and word
    # processors write them: "unknown company", although the name was right.
    sheets = base()
    sheets["Buyers"][1][1] = "Nile Trader's"
    sheets["Requests"][1][1] = "Nile Trader\u2019s"
    sheets["Exporters"][1][0] = "E-1"
    sheets["Buyers"][1][-1] = "E\u20131\u200b"
    inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert {r.key for r in inst.requests} >= {("E2", "B1"), ("E-1", "B1")}


@pytest.mark.parametrize(
    "hidden", ["\u200b\u200b", "\u2060\u2063", "\ufe0f", "\u00ad\ufeff", "\u200c \u00a0"]
)
def test_a_company_name_of_invisible_characters_alone_is_required(
    tmp_path: Path, hidden: str
) -> None:
    # A tester: a name of spaces or NBSP was "required", one of zero-width spaces a
    # company, and a second such name said only to be "already used" by the first.
    sheets = base()
    sheets["Buyers"] += [["B7", hidden, None, "en"], ["B8", hidden, None, "en"]]
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    for row in (4, 5):
        p = find(problems, "Buyers", row, "company")
        assert p.message.startswith("the company name is required (the cell holds invisible "
                                    "characters only: U+"), p.message  # fmt: skip
    assert not [p for p in problems if "already used" in p.message], problems
    # Beside a name, they are dropped as zero-width spaces are: an emoji typed with
    # its variation selector and without is one name twice
    sheets["Buyers"][3][1] = "Café \u2615\ufe0f"
    sheets["Buyers"][4][1] = "Café \u2615"
    find(problems_of(write_xlsx(tmp_path / "two.xlsx", sheets)), "Buyers", 5, "company",
         "is already used by 'B7'")  # fmt: skip


def test_an_id_or_a_reference_of_invisible_characters_alone_is_blank(tmp_path: Path) -> None:
    # A second reader: an id of zero-width spaces was a company's, and a reference cell
    # of them (an empty key, as the id's) named that company.
    sheets = base()
    sheets["Buyers"].append(["\u200b", "Kilifi Packaging", None, "en"])
    sheets["Requests"].append(["E1", "\u200b\u2060", 2, "exporter"])
    sheets["Unavailability"].append(["\u200b", "2025-11-11", None, None, "travel"])
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    find(problems, "Buyers", 4, "id", "the id holds invisible characters only (U+200B)")
    find(problems, "Requests", 3, "buyer", "the buyer is required")
    find(problems, "Unavailability", 4, "participant", "the participant is required")
    assert not [p for p in problems if "unknown company" in p.message], problems


@pytest.mark.parametrize(
    "mark", ["\u200e", "\u200f", "\u061c", "\u202b", "\u202c", "\u2067", "\u2069"]
)
def test_direction_marks_pasted_with_a_name_are_invisible(tmp_path: Path, mark: str) -> None:
    # A multi-script tester: a name with an RLM (pasted with Arabic text from a web form)
    # was a company of its own beside the same name typed, and a wish naming it without
    # the mark was "unknown company ... did you mean" the same name.
    sheets = base()
    sheets["Buyers"][1][1] = f"{mark}Nile Traders{mark}"
    sheets["Requests"][1][1] = "Nile Traders"
    inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert ("E2", "B1") in {r.key for r in inst.requests}
    sheets["Buyers"].append(["B7", "Nile Traders", None, "en"])
    problems = problems_of(write_xlsx(tmp_path / "dup.xlsx", sheets))
    find(problems, "Buyers", len(sheets["Buyers"]), "company", "is already used by 'B1'")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Nile Trad", "did you mean 'B1', Nile Traders?"),  # the start of the name
        ("Nile Tradrs", "did you mean 'B1', Nile Traders?"),
        ("0002", "did you mean '2', Two Ltd?"),  # an id 2 shown as 0002 by a cell format
    ],
)
def test_an_unknown_company_close_to_one_says_which(
    tmp_path: Path, written: str, expected: str
) -> None:
    sheets = base()
    sheets["Buyers"].append(["2", "Two Ltd", None, "en"])
    sheets["Requests"].append(["E1", written])
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    find(problems, "Requests", 3, "buyer", expected)


def test_a_first_day_typed_month_first_is_pointed_at(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # '11/10/2025' for 10 November reads 11 October (a Saturday): every dated row of
    # Unavailability and Fixed was "not a mission day", and nothing named first_day.
    sheets = base()
    sheets["Mission"][3][1] = "11/10/2025"
    with caplog.at_level("WARNING", logger="asmex_sched"):
        problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    hint = find(problems, "Mission", 4, "Value", "is first_day right?")
    assert "Saturday 2025-10-11" in hint.message
    assert "first_day is read as 2025-10-11, a Saturday" in caplog.text


def test_dates_a_year_off_are_said_to_be_a_year_off_not_first_day_s_fault(
    tmp_path: Path,
) -> None:
    # A tester: unavailabilities typed '09/02' in December were completed by Excel with
    # the current year, and first_day (a date cell) was blamed with a remark on dates
    # read day first: "is first_day right? It reads Monday 2027-02-08 (dates are read
    # day first: ...)".
    sheets = base()
    sheets["Fixed"] = sheets["Fixed"][:1]
    sheets["Unavailability"][1:] = [
        ["B1", datetime(2024, 11, 10), None, None, "travel"],
        ["B2", datetime(2024, 11, 11), None, None, "travel"],
    ]
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    hint = find(problems, "Mission", 4, "Value", "not mission days")
    assert hint.message == (
        "2 date(s) in other sheets are not mission days (2024-11-10, 2024-11-11): they "
        "would be mission days in 2025 (first_day is 2025-11-10): a year typed wrong, or "
        "filled in by Excel (a date typed without its year, 09/02, takes the current year)?"
    )
    # Other days: first_day is asked about, without the day-first remark for a date cell
    for row in sheets["Unavailability"][1:]:
        row[1] = row[1].replace(month=12)
    hint = find(problems_of(write_xlsx(tmp_path / "s.xlsx", sheets)), "Mission", 4, "Value",
                "not mission days")  # fmt: skip
    assert hint.message == (
        "2 date(s) in other sheets are not mission days (2024-12-10, 2024-12-11): is "
        "first_day right? It reads Monday 2025-11-10; days is 2"
    )


def test_a_date_typed_where_the_time_goes_is_a_problem(tmp_path: Path) -> None:
    # It was read as 00:00: a block from midnight, or a fixed meeting "not a slot".
    from datetime import datetime

    sheets = base()
    sheets["Unavailability"][2][2] = datetime(2025, 11, 10)
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    find(problems, "Unavailability", 3, "start", "2025-11-10 is a date, not a time")


def test_a_sheet_read_under_a_longer_name_has_its_merged_cells_read_too(
    tmp_path: Path,
) -> None:
    import openpyxl

    sheets = base()
    sheets["Liste - Nairobi exporters"] = sheets.pop("Exporters")
    sheets["Liste - Nairobi exporters"][2][3] = None  # E2's languages, under the merge
    path = write_xlsx(tmp_path / "r.xlsx", sheets)
    wb = openpyxl.load_workbook(path)
    wb["Liste - Nairobi exporters"].merge_cells("D2:D3")
    wb.save(path)
    inst = read_roster(path)
    assert inst.companies["E2"].languages == inst.companies["E1"].languages == ("en", "sw")


def test_lists_typed_one_item_per_line_are_read(tmp_path: Path) -> None:
    # Alt+Enter between wishes, sectors or breaks: "unknown company 'B1\nCafé Dubai'".
    sheets = base()
    sheets["Exporters"][1][-1] = "B1\nCafé Dubai"
    sheets["Exporters"][1][2] = "Food\nAgri"
    sheets["Mission"][8][1] = "10:30-10:45"
    _same_as_base(tmp_path, write_xlsx(tmp_path / "r.xlsx", sheets))
    sheets["Mission"][8][1] = "10:30-10:45\n12:30-13:30"
    assert read_roster(write_xlsx(tmp_path / "b.xlsx", sheets)).mission.breaks[1][0].hour == 12


def test_several_participants_in_one_cell_are_told_one_row_each(tmp_path: Path) -> None:
    sheets = base()
    sheets["Unavailability"][1][0] = "B1; B2"
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    find(problems, "Unavailability", 2, "participant", "one row per participant")


@pytest.mark.parametrize(
    "cell",
    ["Arabic & French", "FR - EN", "fr + en", "Chinese (Mandarin); fr", "Arabe (Darija)",
     "French and English (fluent)", "fr-FR", "ar-MA", "EN/FR", "中文",
     "Swahili (mother tongue)", "French only", "français et anglais", "ar (MA)",
     "English(US)", "English & some French", "FR-EN", "fr-ar-en", "Français-Anglais"],
)  # fmt: skip
def test_languages_with_separators_and_filler_words_are_read(tmp_path: Path, cell: str) -> None:
    # Refused as "'&' is not a language", or, worse, 'and' kept as a language: two
    # companies writing "X and Y" shared it, and no interpreter was booked.
    from asmex_sched.domain import ISO_639_1

    sheets = base()
    sheets["Exporters"][1][3] = cell
    langs = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets)).companies["E1"].languages
    assert langs and set(langs) <= ISO_639_1


def test_filler_words_that_are_language_codes_stay_languages(tmp_path: Path) -> None:
    # 'et' is Estonian and 'or' Odia: skipped as filler, a company writing 'et' had no
    # language, and no interpreter was booked for it (a second reader).
    sheets = base()
    sheets["Exporters"][1][3] = "et"
    sheets["Exporters"][2][3] = "en; or"
    inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert inst.companies["E1"].languages == ("et",)
    assert inst.companies["E2"].languages == ("en", "or")


def test_companion_sheets_under_alias_names_are_not_the_roster_sheets(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # 'Liste des exportateurs' (a contact list) beside 'Exporters' was "a duplicate of
    # sheet Exporters"; a staff 'Absences' sheet was read as Unavailability; 'Old
    # requests' as this year's requests (a second reader).
    sheets = base()
    sheets["Liste des exportateurs"] = [["Nom", "Téléphone"], ["Ann", "+212 6"]]
    sheets["Absences"] = [["Staff", "Jour"], ["Karim", "2025-11-10"]]
    expected = read_roster(write_xlsx(tmp_path / "e.xlsx", base())).input_hash
    with caplog.at_level("WARNING", logger="asmex_sched"):
        assert read_roster(write_xlsx(tmp_path / "r.xlsx", sheets)).input_hash == expected
    assert "sheet 'Liste des exportateurs' is ignored" in caplog.text
    old = base()
    old["Old requests"] = old.pop("Requests")
    inst = read_roster(write_xlsx(tmp_path / "o.xlsx", old))
    assert ("E2", "B1") not in {r.key for r in inst.requests}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("FR-AR-EN", ("fr", "ar", "en")), ("Français-Anglais", ("fr", "en")),
     ("en-GB", ("en",)), ("ar (MA)", ("ar",)), ("English (US); fr", ("en", "fr")),
     # 'PT-BR' was Portuguese and Breton; 'FR-AR' is French and Arabic
     ("PT-BR", ("pt",)), ("pt-br", ("pt",)), ("pt-BR; FR-CA", ("pt", "fr")),
     ("FR-AR", ("fr", "ar")), ("fr-ar", ("fr", "ar")), ("es-AR", ("es",))],
)  # fmt: skip
def test_hyphen_joined_languages_are_each_read(
    tmp_path: Path, cell: str, expected: tuple[str, ...]
) -> None:
    # 'FR-AR-EN' was read as French alone (the rest taken for a region): 175 meetings
    # instead of 512, exit 0 (a second reader).
    sheets = base()
    sheets["Exporters"][1][3] = cell
    assert read_roster(write_xlsx(tmp_path / "r.xlsx", sheets)).companies["E1"].languages == (
        expected
    )


def _with_header(sheets: dict, sheet: str, position: int, name: str) -> None:
    sheets[sheet][0] = list(sheets[sheet][0])  # base()'s header list is shared
    sheets[sheet][0][position] = name


@pytest.mark.parametrize("header", ["Preferred buyers", "Choix", "Buyers of interest"])
def test_wishes_under_other_headers_are_read(tmp_path: Path, header: str) -> None:
    sheets = base()
    _with_header(sheets, "Exporters", -1, header)
    _same_as_base(tmp_path, write_xlsx(tmp_path / "r.xlsx", sheets))


def test_a_column_of_company_names_under_an_unknown_header_is_a_problem(tmp_path: Path) -> None:
    # 'Souhaits de RDV', 'Firms to meet': the wishes were dropped with a warning at
    # most, and the mission planned with 68 of 524 requests (a second reader).
    sheets = base()
    _with_header(sheets, "Exporters", -1, "Firms to meet")
    _with_header(sheets, "Exporters", 6, "Contact person 2")  # other text: left alone
    [p] = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert (p.sheet, p.row, p.column) == ("Exporters", 2, "Firms to meet")
    assert "names companies" in p.message and "name it 'wishes'" in p.message


def test_a_column_of_comma_separated_company_names_is_a_problem_too(tmp_path: Path) -> None:
    # An online form's multi-select answers are joined with ", ": a buyers' column of
    # 'Agro Kenya Ltd, société tunisienne' was dropped without a word (a tester).
    sheets = base()
    _with_header(sheets, "Buyers", -1, "Exporters you would like to meet")
    sheets["Buyers"][1][-1] = "Agro Kenya Ltd, société tunisienne"
    sheets["Buyers"][2][-1] = "E2"
    [p] = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert (p.sheet, p.row, p.column) == ("Buyers", 2, "Exporters you would like to meet")
    assert "names companies" in p.message and "name it 'wishes'" in p.message


FORM = [["Exporter", "Choice 1", "Choice 2"], ["Agro Kenya Ltd", "B2", None],
        ["E2", "Nile Traders", "B2"]]  # fmt: skip


@pytest.mark.parametrize(
    "name",
    # its own words; near misses of a roster sheet's name ('did you mean Buyers?' was
    # all they got); beside the sheet read under its own name; a form's default name
    ["Wishes", "Buyers requests", "Choix acheteurs", "Souhaits des exportateurs",
     "Demandes", "Form Responses 1", "RDV 2025"],
)  # fmt: skip
def test_a_sheet_of_wishes_in_another_shape_is_a_problem(tmp_path: Path, name: str) -> None:
    # A form's export: exporter, choice 1, choice 2. It was ignored without a word,
    # and the mission planned without those wishes.
    [p] = problems_of(write_xlsx(tmp_path / "r.xlsx", {**base(), name: FORM}))
    assert p.sheet == name and "pairs exporters with buyers" in p.message
    assert "'Exporter', 'Choice 1', 'Choice 2'" in p.message
    assert "'wishes' column of Exporters or Buyers" in p.message and "Requests" in p.message


def test_sheets_pairing_companies_for_other_needs_are_warned_or_left(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # In a CSV folder too, by its file name.
    folder = write_csv_folder(tmp_path / "csv", {**base(), "Souhaits B2B": FORM})
    [p] = problems_of(folder)
    assert "file 'Souhaits B2B.csv' pairs exporters with buyers" in p.message
    # Under another name (a seating plan), marked old, of another year, or a record of
    # meetings (last year's agenda): read without it, and said.
    agenda = [["Company 1", "Company 2", "Date", "Heure"],
              ["Agro Kenya Ltd", "Nile Traders", "2024-11-11", "09:00"],
              ["Société Tunisienne", "Café Dubai", "2024-11-11", "09:30"]]  # fmt: skip
    for i, (name, rows) in enumerate([("Gala dinner", FORM), ("Wishes (old)", FORM),
                                      ("Wishes 2024", FORM), ("RDV", agenda)]):  # fmt: skip
        with caplog.at_level("WARNING", logger="asmex_sched"):
            _same_as_base(tmp_path, write_xlsx(tmp_path / f"w{i}.xlsx", {**base(), name: rows}))
        assert f"sheet {name!r} is ignored" in caplog.text, name
        assert "pairs exporters with buyers" in caplog.text, name
        caplog.clear()
    # Companion sheets that pair no exporter with a buyer: a contact list (an id and a
    # name of one company), a hotel list, exporters sharing a car.
    companions = {
        "B2B participants": [["Company ID", "Company"], ["E1", "Agro Kenya Ltd"],
                             ["B1", "Nile Traders"]],
        "Hotels": [["Company", "Hotel", "Nights"], ["E1", "Sarova Stanley", 4],
                   ["B1", "Hilton", 2]],
        "Transport requests": [["Exporter", "Shares a car with"], ["E1", "E2"],
                               ["E2", "E1"]],
    }  # fmt: skip
    with caplog.at_level("WARNING", logger="asmex_sched"):
        _same_as_base(tmp_path, write_xlsx(tmp_path / "c.xlsx", {**base(), **companions}))
    assert "pairs exporters" not in caplog.text


def test_a_tab_separated_txt_file_in_a_csv_folder_is_read(tmp_path: Path) -> None:
    # Excel's "Unicode text" saves 'Unavailability.txt': ignored without a word.
    folder = write_csv_folder(tmp_path / "csv", base(), sep="\t")
    (folder / "Unavailability.csv").rename(folder / "Unavailability.txt")
    (folder / "Fixed.csv").rename(folder / "Fixed.tsv")
    _same_as_base(tmp_path, folder)


def test_a_region_in_parentheses_is_no_language(tmp_path: Path) -> None:
    sheets = base()
    sheets["Exporters"][1][3] = "English (UK); sw"
    inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert inst.companies["E1"].languages == ("en", "sw")  # not Ukrainian


def test_one_mistyped_date_does_not_point_at_a_right_first_day(tmp_path: Path) -> None:
    sheets = base()
    sheets["Unavailability"].append(["B2", "2025-12-10", None, None, "typo"])
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert [p.sheet for p in problems] == ["Unavailability"]


@pytest.mark.parametrize("header", ["Table preference", "Code postal", "Address", "Mail sent"])
def test_a_companion_column_gets_no_wrong_hint(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, header: str
) -> None:
    # 'Table preference' was said to look like id ('preference' holds 'reference'),
    # 'Code postal' like id, 'Address' and 'Mail sent' like email (a second reader).
    sheets = base()
    sheets["Exporters"][0] = [*sheets["Exporters"][0], header]
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert header not in caplog.text


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("es-AR", ("es",)), ("pt-BR; fr", ("pt", "fr")), ("FR-AR", ("fr", "ar")),
     ("Ang.", ("en",)), ("Tamazight; fr", ("ber", "fr")), ("Kikuyu", ("ki",))],
)  # fmt: skip
def test_regions_abbreviations_and_regional_languages(
    tmp_path: Path, cell: str, expected: tuple[str, ...]
) -> None:
    # 'es-AR' read as Spanish and Arabic (an Argentine buyer would share Arabic with a
    # Moroccan exporter); 'Ang.' as Old English; 'Kikuyu' alone refused (a second reader).
    sheets = base()
    sheets["Exporters"][1][3] = cell
    assert read_roster(write_xlsx(tmp_path / "r.xlsx", sheets)).companies["E1"].languages == (
        expected
    )


def test_a_column_of_each_row_own_name_is_no_wish_list(tmp_path: Path) -> None:
    # A 'Trade name' column repeating each company's name was refused as wishes.
    sheets = base()
    _with_header(sheets, "Buyers", -1, "Trade name")
    for row in sheets["Buyers"][1:]:
        row[-1] = row[1]
    inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert {c.id for c in inst.buyers} == {"B1", "B2"}


def test_an_abbreviated_header_gets_its_hint(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sheets = base()
    sheets["Requests"][0] = ["exporter", "Buyer", "Prio", "requested_by"]
    # Priorities are a problem since session 20 (every request was planned at 2);
    # another optional column's abbreviation is still a warning.
    find(problems_of(write_xlsx(tmp_path / "p.xlsx", sheets)), "Requests", 2, "Prio",
         "name it 'priority'")  # fmt: skip
    sheets["Requests"][0] = ["exporter", "buyer", "priority", "Requester id"]
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert "'Requester id' is ignored, and the sheet has no column 'requested_by'" in (
        caplog.text
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("gre; fr", ("el", "fr")), ("Kikuyu; kik", ("ki",)), ("Français-Tamazight", ("fr", "ber")),
     ("fr-ber", ("fr", "ber")), ("Afaan Oromo", ("om",)), ("Bahasa Malaysia", ("ms",)),
     ("Bahasa Indonesia", ("id",)),
        # Darija's own ISO code was another language than Darija and ar (a tester)
        ("ary", ("ar",)), ("arb; swh", ("ar", "sw")),
        # English as a Luanda, Madrid or Nairobi buyer writes it (a tester: left out,
        # and interpreters booked for nothing)
        ("Português; Inglês", ("pt", "en")), ("Español; Inglés", ("es", "en")),
        ("Kiswahili; Kiingereza", ("sw", "en")), ("Português e Inglês", ("pt", "en")),
        ("Kiswahili na Kiingereza", ("sw", "en")), ("Französisch", ("fr",)),
        # a country after its language, levels and form answers: no language of theirs
        ("Portugais (Angola)", ("pt",)), ("Anglais (basique)", ("en",)),
        ("English (low)", ("en",)), ("Arabe (oui)", ("ar",)), ("Français (lu, écrit)", ("fr",)),
    ],
)  # fmt: skip
def test_codes_and_names_of_one_language_agree(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, cell: str, expected: tuple[str, ...]
) -> None:
    # 'gre' was refused ("did you mean 'grec'?"), 'Kikuyu' and 'kik' were two languages,
    # 'Français-Tamazight' lost Tamazight, 'Bahasa Malaysia' read as Indonesian (a
    # second reader).
    sheets = base()
    sheets["Exporters"][1][3] = cell
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert inst.companies["E1"].languages == expected
    assert "not a language the tool knows" not in caplog.text


def test_a_whole_word_beginning_a_long_name_gets_no_hint(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # 'Number' was said to look like delegates ('Number of delegates'), 'Export' like
    # wishes ('Exportateurs souhaités').
    sheets = base()
    sheets["Exporters"][0] = [*sheets["Exporters"][0], "Number", "Export"]
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert "'Number'" not in caplog.text and "'Export'" not in caplog.text


def test_a_meeting_time_typed_in_requests_is_a_problem(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A tester: 'Jour | Heure | Table' beside a request, its time promised to the firms,
    # was dropped without a word and the meeting booked at another time.
    sheets = base()
    sheets["Requests"] = [["Exportateur", "Acheteur", "Priorité", "Jour", "Heure", "Table"],
                          ["E2", "Nile Traders", 1, "11/11/2025", "11h15", 2]]  # fmt: skip
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    find(problems, "Requests", 2, "Heure", "goes in the Fixed sheet")
    find(problems, "Requests", 2, "Table", "goes in the Fixed sheet")
    # A date alone may be the request's own (when it was made): a warning.
    sheets["Requests"] = [["exporter", "buyer", "date"], ["E2", "Nile Traders", "01/10/2025"]]
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "d.xlsx", sheets))
    assert ("E2", "B1") in {r.key for r in inst.requests}
    assert "column 'date' is ignored: a meeting on a set day and time goes in the Fixed" in (
        caplog.text
    )
    # An empty such column is no problem.
    sheets["Requests"] = [["exporter", "buyer", "Heure"], ["E2", "Nile Traders", None]]
    read_roster(write_xlsx(tmp_path / "e.xlsx", sheets))


@pytest.mark.parametrize("header", ["Indisponibilités", "Absent le", "Not available",
                                    "Date d'arrivée"])  # fmt: skip
def test_absences_typed_in_a_company_sheet_are_a_problem(tmp_path: Path, header: str) -> None:
    # A tester: the column was dropped without a word, the company booked while away.
    sheets = base()
    sheets["Exporters"][0] = [*sheets["Exporters"][0], header]
    sheets["Exporters"][2] = [*sheets["Exporters"][2], "11/11/2025"]
    find(problems_of(write_xlsx(tmp_path / "r.xlsx", sheets)), "Exporters", 3, header,
         "go in the Unavailability sheet")  # fmt: skip
    # Days in words too; a yes/no beside such a header is only warned about.
    sheets["Exporters"][2][-1] = "mardi matin"
    find(problems_of(write_xlsx(tmp_path / "w.xlsx", sheets)), "Exporters", 3, header,
         "holds days or times")  # fmt: skip
    sheets["Exporters"][2][-1] = "oui"
    read_roster(write_xlsx(tmp_path / "y.xlsx", sheets))


@pytest.mark.parametrize(("header", "value"), [
    ("Statut", "Annulé"), ("Participation", "non"), ("Status", "Cancelled - visa refused"),
    ("Statut", "Désisté le 03/11"), ("Statut d'inscription", "Not coming"),
    ("Statut", "Refusé"), ("Confirmation", "Annulée"), ("Annulation", "oui"),
    ("Présence", "non le mardi"), ("Statut de participation", "Ne participe pas"),
])  # fmt: skip
def test_a_status_column_is_said_not_to_be_read_when_its_values_differ(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, header: str, value: str
) -> None:
    # A newcomer recorded a cancellation in a column of its own: the company was planned
    # with all its meetings, without a word (a newcomer's tester). Said, not read: its
    # values are not interpreted (readers found every reading of them missing some and
    # misreading others), and a warning, not a problem (as one it stopped plans).
    sheets = base()
    sheets["Buyers"][0] = [*sheets["Buyers"][0], header]
    for row in sheets["Buyers"][1:]:
        row.append("Confirmé")
    sheets["Buyers"][2][-1] = value
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    (said,) = [r.getMessage() for r in caplog.records if "is not read" in r.getMessage()]
    assert f"column {header!r} is not read (its values: 'Confirmé', {value!r})" in said
    assert "if it marks companies that do not come, delete them from the sheet" in said
    assert "the times a company cannot meet go in the Unavailability sheet" in said
    # one value among blank cells differs too (a reader)
    sheets["Buyers"][1][-1] = None
    sheets["Buyers"][2][-1] = value
    caplog.clear()
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "one.xlsx", sheets))
    assert [r for r in caplog.records if f"column {header!r} is not read" in r.getMessage()]


@pytest.mark.parametrize(("header", "values", "says"), [
    ("RDV confirmé", ("B1 11/11 10h", "B2 12/11 14h"), "goes in the Fixed sheet"),
    ("Absence confirmée", ("11/11", "mardi matin"), "go in the Unavailability sheet"),
    ("Attendance (unavailable days)", ("Tue", "Wed 14:00"), "go in the Unavailability sheet"),
])  # fmt: skip
def test_a_status_word_beside_absences_or_set_meetings_leaves_them_to_their_check(
    tmp_path: Path, header: str, values: tuple[str, str], says: str
) -> None:
    # The status check ran first, and such columns got a "not read" warning where they
    # were refused, their absences and meetings dropped (a reader).
    sheets = base()
    sheets["Exporters"][0] = [*sheets["Exporters"][0], header]
    for row, value in zip(sheets["Exporters"][1:], values, strict=True):
        row.append(value)
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert any(header in p.message and says in p.message for p in problems), problems


@pytest.mark.parametrize(("header", "values"), [
    ("Statut", ("Confirmé", "Confirmé")), ("Confirmation e-mail envoyé", ("oui", "non")),
    ("Participation aux frais", ("oui", "non")), ("Statut juridique", ("SARL", "SA")),
    ("Participation au dîner", ("oui", "non")),
])  # fmt: skip
def test_a_status_of_one_value_or_of_something_else_is_not_said(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, header: str, values: tuple[str, str]
) -> None:
    sheets = base()
    sheets["Buyers"][0] = [*sheets["Buyers"][0], header]
    for row, value in zip(sheets["Buyers"][1:], values, strict=True):
        row.append(value)
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert not [r for r in caplog.records if "do not come" in r.getMessage()]


def test_the_times_a_company_is_free_are_not_told_to_go_in_unavailability_as_they_are(
    tmp_path: Path,
) -> None:
    # A form's 'Disponibilités' checkboxes (the half-days a company is free) were told
    # to go in Unavailability; moved there as they were, they blocked the very times
    # ticked, and 70 of 231 requests were planned (a tester).
    sheets = base()
    sheets["Exporters"][0] = [*sheets["Exporters"][0], "Disponibilités"]
    sheets["Exporters"][2] = [*sheets["Exporters"][2], "Lundi matin, Mardi après-midi"]
    found = find(problems_of(write_xlsx(tmp_path / "r.xlsx", sheets)), "Exporters", 3,
                 "Disponibilités", "lists the times a company can NOT meet")  # fmt: skip
    assert "enter there the other times of the mission" in found.message
    # and not "move them there", as it went on (a reader)
    assert found.message.endswith("; then delete the column") and "move them" not in (
        found.message
    )
    sheets["Exporters"][0][-1] = "Non disponible"  # turned round: the absences
    found = find(problems_of(write_xlsx(tmp_path / "n.xlsx", sheets)), "Exporters", 3,
                 "Non disponible", "times a company cannot meet go in the")  # fmt: skip
    assert "other times" not in found.message
    # a file of them, by its name
    sheets = base()
    sheets["Disponibilites"] = sheets.pop("Unavailability")
    [p] = problems_of(write_csv_folder(tmp_path / "csv", sheets))
    assert "rename it 'Unavailability'" in p.message and "its name says availability" in p.message


@pytest.mark.parametrize(
    ("name", "said"),
    [("roster.ods", "save this .ods file as an Excel workbook (.xlsx)"),
     ("roster.xls", "save this .xls file as an Excel workbook (.xlsx)"),
     ("Exporters.csv", "put this file in a folder with the roster's other sheets")],
)  # fmt: skip
def test_a_roster_in_another_format_says_what_to_do(tmp_path: Path, name: str, said: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"id;company\r\nE1;Agro\r\n")
    [p] = problems_of(path)
    assert "a roster is an .xlsx workbook or a folder of .csv files" in p.message
    assert said in p.message


@pytest.mark.parametrize("header", ["Priorité (1-3)", "Prio", "Ordre de priorité",
                                    "Importance", "Poids", "Weight", "Rang"])  # fmt: skip
def test_priorities_under_another_header_are_a_problem(tmp_path: Path, header: str) -> None:
    # A tester: every request was planned at priority 2 (a warning, or not a word); and a
    # weight may count the other way, so it is not read as a priority unasked.
    sheets = base()
    sheets["Requests"] = [["exporter", "buyer", header], ["E2", "Nile Traders", 3],
                          ["E1", "Café Dubai", 1]]  # fmt: skip
    find(problems_of(write_xlsx(tmp_path / "r.xlsx", sheets)), "Requests", 2, header,
         "name it 'priority'")  # fmt: skip
    # Beside a priority column, or empty, it is no problem.
    sheets["Requests"][0] = ["exporter", "buyer", "priority", header]
    sheets["Requests"][1].append(1)
    read_roster(write_xlsx(tmp_path / "p.xlsx", sheets))
    sheets["Requests"] = [["exporter", "buyer", header], ["E2", "Nile Traders", None]]
    read_roster(write_xlsx(tmp_path / "e.xlsx", sheets))


def test_typing_slips_that_change_nothing_silently_are_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A tester: each was read without a word and the plan made as if it were meant.
    sheets = base()
    # '2:00 - 5:00' typed for the afternoon: outside the day's hours, it blocks nothing
    sheets["Unavailability"].append(["E1", "2025-11-10", "2:00", "5:00", "factory visit"])
    # a cap of 0 typed for "no cap": the company gets nothing
    sheets["Buyers"][2][5] = 0
    # Thursday plus 5 days: Saturday and Sunday are mission days
    sheets["Mission"] = [r if r[0] != "days" else ["days", 5] for r in sheets["Mission"]]
    sheets["Mission"] = [r if r[0] != "day_end" else ["day_end", "17:00"]
                         for r in sheets["Mission"]]  # fmt: skip
    sheets["Mission"] = [r if r[0] != "first_day" else ["first_day", "13/11/2025"]
                         for r in sheets["Mission"]]  # fmt: skip
    sheets["Unavailability"] = [r if r[1] != "2025-11-11" else [*r[:1], "2025-11-14", *r[2:]]
                                for r in sheets["Unavailability"]]  # fmt: skip
    sheets["Unavailability"] = [r if r[1] != "2025-11-10" else [*r[:1], "2025-11-13", *r[2:]]
                                for r in sheets["Unavailability"]]  # fmt: skip
    sheets["Unavailability"][2][1] = date(2025, 11, 13)
    sheets["Fixed"] = sheets["Fixed"][:1]  # B2's fixed meeting would break its cap
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    text = " ".join(caplog.text.split())
    assert "02:00-05:00 is outside the day's hours (09:00-17:00): it blocks no meeting" in text
    assert "Café Dubai (id B2) has max_meetings 0 and" in text
    # not "it gets no meeting": a re-plan keeps the meetings it held (a tester)
    assert "no new meeting is planned for it (a re-plan keeps those held" in text
    assert "it gets no meeting" not in text
    assert "include Saturday 2025-11-15, Sunday 2025-11-16" in text
    assert inst.companies["B2"].max_meetings == 0  # read as typed, only said
    # A second reader: the advice followed (ALL closed on the weekend days) was still
    # given, and an evening dinner or a breakfast was taken for a 12-hour slip.
    sheets["Unavailability"] += [["ALL", "2025-11-15", None, None, "weekend"],
                                 ["ALL", "2025-11-16", None, None, "weekend"],
                                 ["ALL", "2025-11-13", "19:00", "22:00", "gala dinner"],
                                 ["E1", "2025-11-14", "07:00", "08:30", "breakfast"]]  # fmt: skip
    caplog.clear()
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "w.xlsx", sheets))
    text = " ".join(caplog.text.split())
    assert "include Saturday" not in text
    assert "19:00-22:00" not in text and "07:00-08:30" not in text
    assert "02:00-05:00 is outside the day's hours" in text  # the slip, still said
    caplog.clear()
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "b.xlsx", base()))
    assert "outside the day's hours" not in caplog.text and "max_meetings 0" not in caplog.text
    assert "include Saturday" not in caplog.text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_a_csv_file_with_lines_in_two_encodings_is_read_line_by_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, encoding: str
) -> None:
    # A tester: a UTF-8 Buyers.csv with a row appended in Windows-1252 was read whole as
    # Windows-1252 ('CafÃ© Dubai' in the agendas), and with a BOM the first header
    # became 'ï»¿id' (the id column lost, B2 "listed in no company sheet").
    sheets = base()
    folder = write_csv_folder(tmp_path / "csv", sheets, encoding=encoding)
    buyers = folder / "Buyers.csv"
    buyers.write_bytes(buyers.read_bytes() + "B3;Société Générale Import;Food;fr;1;;;;;\r\n"
                       .encode("cp1252"))  # fmt: skip
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(folder)
    assert inst.companies["B2"].name == "Café Dubai"
    assert inst.companies["B3"].name == "Société Générale Import"
    assert "line(s) 4 are not in the file's encoding (UTF-8)" in caplog.text
    # A file all in Windows-1252 (Excel's French CSV) is read as before, without a word.
    caplog.clear()
    with caplog.at_level("WARNING", logger="asmex_sched"):
        legacy = read_roster(write_csv_folder(tmp_path / "w", base(), encoding="cp1252"))
    assert legacy.companies["B2"].name == "Café Dubai"
    assert "encoding" not in caplog.text


@pytest.mark.parametrize("encoding", ["cp850", "mac_roman"])
def test_a_csv_file_saved_as_ms_dos_or_macintosh_csv_is_refused_not_garbled(
    tmp_path: Path, encoding: str
) -> None:
    # A tester: French Excel's "CSV (MS-DOS)" (code page 850) and "CSV (Macintosh)" were
    # read as latin-1, and 'Société Chérifienne' went out as 'Soci\x82t\x82 Ch\x82rifienne'
    # (control characters) in every agenda and calendar.
    sheets = base()
    sheets["Buyers"].append(["B3", "Électro Crèmerie", "Food", "fr", 1, None, "", "", "",
                             None])  # fmt: skip
    folder = write_csv_folder(tmp_path / "csv", sheets, encoding=encoding)
    # Buyers.csv: 'Café Dubai' read 'Caf‚' (850) or 'CafŽ' (Mac Roman) on line 3, then
    # a byte Windows-1252 lacks ('É' in 850, 'è' in Mac Roman) on line 4: the first is
    # named (line 4 was, the byte tripping the refusal; a tester); Exporters.csv: its
    # wish 'Café Dubai' on line 2, then 'Société' 'Soci‚t‚' or 'SociŽtŽ' on line 3.
    assert b"\x90" in (folder / "Buyers.csv").read_bytes() or encoding == "mac_roman"
    problems = problems_of(folder)
    assert [(p.file, p.sheet, p.row, p.column) for p in problems] == [
        (str(folder / "Buyers.csv"), None, None, None),
        (str(folder / "Exporters.csv"), None, None, None),
    ]
    message = (
        "cannot read this CSV file: it is not UTF-8 or Windows-1252: line {} holds accented "
        "letters in another code page, as Excel's \"CSV (MS-DOS)\" and \"CSV (Macintosh)\" "
        "formats write them (its names would be garbled in every agenda); save it as \"CSV "
        "UTF-8 (délimité par des virgules)\" (in English, \"CSV UTF-8 (Comma delimited)\")"
    )
    assert [p.message for p in problems] == [message.format(3), message.format(2)]


def test_a_windows_1252_csv_with_typographic_signs_is_still_read(tmp_path: Path) -> None:
    # (Beside the check above: French Excel's own CSV is Windows-1252.) A second reader:
    # 'Import•Export Atlas' and 'Amlou™Premium' were refused as MS-DOS files.
    sheets = base()
    names = ["L’Œuf « Žilina » – 5‰ … € Škoda™", "Import•Export Atlas", "Amlou™Premium",
             "O’Brien–Smith Košice"]  # fmt: skip
    for i, name in enumerate(names):
        sheets["Buyers"].append([f"B{i + 3}", name, "Food", "fr", 1, None, "", "", "", None])
    inst = read_roster(write_csv_folder(tmp_path / "w", sheets, encoding="cp1252"))
    assert [inst.companies[f"B{i + 3}"].name for i in range(len(names))] == names
    assert inst.companies["E2"].name == "Société Tunisienne"


@pytest.mark.parametrize(
    ("names", "encoding", "refused"),
    [
        # code page 850 and Mac Roman, whatever their accents (two readers: each of these
        # was read garbled by one version of the check)
        (["Bennani Frères", "Côte Export", "Maître Miel"], "cp850", True),
        (["CÔTE NORD Délices"], "cp850", True),  # 'CâTE': no real accent between capitals
        (["Atlas Santé"], "cp850", True),  # an accent ending a word
        (["Hôtel Atlas", "Société Générale"], "mac_roman", True),
        (["Aït Baha Export", "Café Atlas"], "mac_roman", True),
        (["Café Atlas"], "mac_roman", True),
        # a third reader: capitals, notes, other languages
        (["LES FRÈRES BENNANI - CÔTE ATLAS", "PÂTISSERIE MAÎTRE HÔTEL"], "cp850", True),
        (["RDV à confirmer", "Société Générale"], "cp850", True),
        (["Müller GmbH; Jürgen Schröder; Großhandel"], "cp850", True),
        (["Éric Benali", "Noël Mwangi", "Étage 3"], "mac_roman", True),
        (["Müller GmbH, Jürgen Schröder"], "mac_roman", True),
        (["Maîtres du Goût", "Noël Export"], "mac_roman", True),
        (["HÔTEL DES FRÈRES", "ÎLE"], "mac_roman", True),
        # Windows-1252, typographic signs and capitals with Œ, Š (refused by one version)
        (["CŒUR D'ARGAN", "STE TUNISIENNE"], "cp1252", False),
        (["SŒURS BENNANI", "SOCIÉTÉ MANŒUVRE", "KOŠICE FOODS"], "cp1252", False),
        (["Import•Export Atlas", "Amlou™Premium", "O’Brien – Smith"], "cp1252", False),
        (["Cœur de l’Atlas", "Société “Générale”", "L’Œuf « Žilina » Košice"], "cp1252", False),
        (["owner of Elianto™ and Golden Fry™brands", "wants dates•olives"], "cp1252", False),
        (["SOCIÉTÉ ATLAS, M. ÉLIAS BENANI", "huile d'argan•amlou"], "cp1252", False),
        (["Frutas Muñoz, José Peña", "Großhandel Weiß „Premium“Kunde", "5‰; Nº 12; 25°C"],
         "cp1252", False),
        (["ÇA VA; Ça va; FRANÇOIS; François", "2ème étage; À confirmer"], "cp1252", False),
        # a fourth reader: few accents, and signs or ½, ×, µ beside digits and spaces
        (["Board meeting – ½ day", "Factory visit – Thika", "logistics – 2×40 ft reefers"],
         "cp1252", False),
        (["O’Brien’s Foods", "Don’t book … 2×20 ft containers", "It’s a family business"],
         "cp1252", False),
        (["Müller Bio GmbH", "„bio“ – „fair“ – 5×10 m", "Öl, „frisch“"], "cp1252", False),
        (["Açores Lda", "Azeite – 3×5 – € 2 000", "Aceites D´Oliva S.L."], "cp1252", False),
        (["membranes 5 µm – 10 µm", "pompes – vannes – 3 000 €", "Réunion – 2×"], "cp1252",
         False),
        # a fifth reader: capitals of code page 850 and Mac Roman, "août", camel case
        (["HUILERIE DE MEKNÈS;FÈS", "LA CRÈMERIE;RDV à 10h", "PÊCHERIES DU SUD"], "cp850",
         True),
        (["Jean LEFÈVRE", "Marie GENÊT", "contact Hélène", "Luc NOËL"], "cp850", True),
        (["Hôtel Atlas Tanger;absent en août", "Saïd Benali;arrive le 2 août",
          "Côte d'Azur Export;Société anonyme"], "mac_roman", True),
        (["Artcaffé Group", "export pallets L×W×H 120×100×150 cm"], "cp1252", False),
        (["SantéPlus Pharmacy", "AgroÉlevage SARL", "SOCIéTé GéNéRALE AGRICOLE",
          "Agri\u00adculture Export Ltd"], "cp1252", False),
    ],
)
def test_which_code_page_a_csv_file_is_in_is_told_by_its_accents(
    names: list[str], encoding: str, refused: bool
) -> None:
    # What cannot be told apart is not here: a file whose only accents read as signs
    # real text has ('H™tel' alone, Mac Roman's 'Hôtel'; docs/roster.md).
    from asmex_sched.io.text_files import _decode, _NotText

    data = "\n".join(["id;company", *(f"E{i};{n}" for i, n in enumerate(names))]).encode(encoding)
    if refused:
        with pytest.raises(_NotText, match="CSV UTF-8"):
            _decode(data, "Exporters.csv")
    else:
        assert _decode(data, "Exporters.csv").splitlines()[1:] == [
            f"E{i};{n}" for i, n in enumerate(names)
        ]


@pytest.mark.parametrize("encoding", ["cp850", "mac_roman"])
def test_a_dos_or_mac_csv_whose_only_accents_are_e_grave_o_and_i_circumflex_is_refused(
    tmp_path: Path, encoding: str
) -> None:
    # A second reader: 'Bennani Frères', 'Côte Export', 'Maître Miel' saved as "CSV
    # (MS-DOS)" read 'FrŠres', 'C“te', 'MaŒtre' (Mac: 'Ma”tre'), without a word.
    sheets = base()
    sheets["Exporters"][1][1], sheets["Exporters"][2][1] = "Bennani Frères", "Côte Export"
    sheets["Buyers"][1][1] = "Maître Miel"
    sheets["Exporters"][1][9], sheets["Buyers"][2][1] = "B1", "Cafe Dubai"  # no é left
    problems = problems_of(write_csv_folder(tmp_path / "csv", sheets, encoding=encoding))
    refused = {Path(p.file).name for p in problems if "CSV (MS-DOS)" in p.message}
    assert refused == {"Exporters.csv", "Buyers.csv"}, problems


def test_an_id_with_invisible_characters_is_kept_and_found_by_report(tmp_path: Path) -> None:
    # A tester: 'B\u200b2' pasted from a web page: `report -c B2` failed, suggesting an
    # id that looked the same. A second reader: cleaning the id in the roster made an
    # agenda's id another one, and every meeting was announced again; so the roster
    # keeps it as typed, and report finds it.
    from typer.testing import CliRunner

    from asmex_sched.cli import app

    sheets = base()
    sheets["Buyers"][2][0] = "B\u200b2"
    roster = write_xlsx(tmp_path / "r.xlsx", sheets)
    assert "B\u200b2" in read_roster(roster).companies
    out = tmp_path / "agenda.xlsx"
    runner = CliRunner()
    res = runner.invoke(app, ["plan", str(roster), "-o", str(out), "--time-limit", "5", "-q"])
    assert res.exit_code == 0, res.output
    for asked in ("B2", "b2"):
        res = runner.invoke(app, ["report", str(out), "-o", str(tmp_path / asked), "-c", asked,
                                  "--format", "xlsx"])  # fmt: skip
        assert res.exit_code == 0, res.output
        assert len(list((tmp_path / asked).glob("*.xlsx"))) >= 1


@pytest.mark.parametrize("headers", [("Choix 1", "Choix 2", "Choix 3"),
                                     ("Wish #1", "Wish #2", "Wish #3"),
                                     ("Souhait n°2", "Souhait n°1", "Souhait n°3")])  # fmt: skip
def test_one_wish_per_numbered_column_is_read_in_order(
    tmp_path: Path, headers: tuple[str, str, str]
) -> None:
    # A tester: 'Choix 1 | Choix 2 | Choix 3', a form's export, was refused; naming each
    # 'wishes' gave "duplicates", naming the first alone lost the others.
    sheets = base()
    header = [h for h in sheets["Exporters"][0] if h != "wishes"]
    sheets["Exporters"][0] = [*header, *headers]
    by_rank = sorted(range(3), key=lambda i: headers[i][-1])  # the column of rank 1, 2, 3
    for row, wished in ((sheets["Exporters"][1], ["Café Dubai", "B1", None]),
                        (sheets["Exporters"][2], ["B2", None, None])):  # fmt: skip
        cells = [None, None, None]
        for rank, name in enumerate(wished):
            cells[by_rank[rank]] = name
        row[len(header):] = cells
    inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert inst.companies["E1"].wishes == ("B2", "B1")  # Café Dubai first: most wanted
    assert ("E1", "B1") in {r.key for r in inst.requests}
    # A name that is no company is said in the choice columns.
    sheets["Exporters"][2][len(header) + by_rank[0]] = "Nobody Ltd"
    problems = problems_of(write_xlsx(tmp_path / "bad.xlsx", sheets))
    assert any("Nobody Ltd" in p.message and p.row == 3 and headers[0] in (p.column or "")
               for p in problems), problems  # fmt: skip


def test_mission_settings_in_natural_french_are_read(tmp_path: Path) -> None:
    # A tester: 'Date de début', 'Heure de fin', 'Nombre de tables' were refused as
    # unknown settings, with an English-only list of the known ones.
    sheets = base()
    natural = {"name": "Nom de la mission", "first_day": "Date de début",
               "days": "Nombre de jours", "day_start": "Heure de début",
               "day_end": "Heure de fin", "meeting_minutes": "Durée des rendez-vous",
               "tables": "Nombre de tables"}  # fmt: skip
    sheets["Mission"] = [[natural.get(k, k), v] for k, v in sheets["Mission"]]
    _same_as_base(tmp_path, write_xlsx(tmp_path / "r.xlsx", sheets))


def test_an_unknown_setting_is_told_the_setting_it_looks_like(tmp_path: Path) -> None:
    # A tester: 'Pause' on a French Paramètres sheet got "unknown setting 'Pause'
    # (known: name, city, ...)", no hint, the names in English alone; a column header
    # that looks like a known column is told which.
    sheets = {("Paramètres" if k == "Mission" else k): v for k, v in base().items()}
    sheets["Paramètres"] = [
        ["Paramètre", "Valeur"],
        *[row for row in sheets["Paramètres"][1:]
          if row[0] not in ("first_day", "breaks", "meeting_minutes")],  # rows 2 to 7
        ["Pause", "10:30-10:45"],
        ["Interprète", 1],
        ["Durée RDV", 30],
        ["Premiers jours", "2025-11-10"],
        ["Organisateur", "CCI"],
        ["Premier jour ", "2025-11-10"],  # a spelling of first_day, read: row 13
    ]  # fmt: skip
    problems = problems_of(write_xlsx(tmp_path / "fr.xlsx", sheets))
    said = {p.row: p.message for p in problems if p.sheet == "Paramètres"}
    assert said == {
        8: "unknown setting 'Pause': did you mean 'breaks' ('Pauses')?",
        9: "unknown setting 'Interprète': did you mean 'interpreters' ('Interprètes')?",
        10: "unknown setting 'Durée RDV': did you mean 'meeting_minutes' ('Durée rendez-vous')?",
        11: "unknown setting 'Premiers jours': did you mean 'first_day' ('Premier jour')?",
        12: "unknown setting 'Organisateur' (known: Nom, Ville, Lieu, Fuseau horaire, Pays, "
        "Premier jour, Jours, Début de journée, Fin de journée, Durée rendez-vous (min), "
        "Pauses, Nombre de tables, Interprètes, Préavis (heures); or in English: name, city, "
        "venue, timezone, country, first_day, days, day_start, day_end, meeting_minutes, "
        "breaks, tables, interpreters, notice_hours)",
    }, said
    assert {p.column for p in problems if p.sheet == "Paramètres"} == {"Paramètre"}
    # An English sheet is told the English names alone.
    mission = [*base()["Mission"], ["Organiser", "CCI"]]
    problems = problems_of(write_xlsx(tmp_path / "en.xlsx", {**base(), "Mission": mission}))
    p = find(problems, "Mission", 11, "Setting")
    assert p.message.endswith("(known: name, city, venue, timezone, country, first_day, days, "
                              "day_start, day_end, meeting_minutes, breaks, tables, "
                              "interpreters, notice_hours)")  # fmt: skip


def test_dates_with_a_midnight_time_read_alike_and_a_time_is_pointed_at_start(
    tmp_path: Path,
) -> None:
    # A tester: '10/11/2025 00:00' was refused where '2025-11-10 00:00' was read; a
    # date with a time in Fixed was told "a time of unavailability goes in start".
    from asmex_sched.io.roster import parse_date

    assert parse_date("10/11/2025 00:00") == parse_date("2025-11-10 00:00") == date(2025, 11, 10)
    sheets = base()
    sheets["Fixed"][1][2] = datetime(2025, 11, 10, 10, 0)  # an Excel date-and-time cell
    [p] = [p for p in problems_of(write_xlsx(tmp_path / "r.xlsx", sheets)) if p.sheet == "Fixed"]
    assert "a time goes in the start column" in p.message
    from asmex_sched.io.roster.cells import _Bad

    with pytest.raises(_Bad, match="has a time of day"):  # typed as text too (a reviewer)
        parse_date("10/11/2025 14:00")
    # Web forms export a date as UTC midnight, '2025-11-10T00:00:00.000Z': refused as
    # "has a time of day" (the other-apps tester); another time of day stays refused.
    for typed in ("2025-11-10T00:00:00.000Z", "2025-11-10T00:00:00+03:00", "2025-11-10 00:00Z"):
        assert parse_date(typed) == date(2025, 11, 10), typed
    for other in ("2025-11-09T23:00:00.000Z", "2025-11-10T00:00:00.500Z"):  # (a mutant)
        with pytest.raises(_Bad, match="has a time of day"):
            parse_date(other)


@pytest.mark.parametrize(("typed", "read"), [("0.375", time(9, 0)), (",5625", time(13, 30)),
                                            ("0.3958333333", time(9, 30)), ("0.5", time(12))])
def test_a_time_exported_as_its_fraction_of_a_day_in_text_is_read(typed: str, read: time) -> None:
    # A time column in General format saved as CSV gives '0.375' for 09:00: refused as
    # "not a time" although the same number in a cell is read (the other-apps tester).
    from asmex_sched.io.roster.cells import _Bad, parse_time

    assert parse_time(typed) == read
    # 07:12, 10:48, 09:36: 00:30? (a reader); 09:30:14, not a time on the minute
    for meant_otherwise in ("0.30", "0.45", "0.4", "0.396"):
        with pytest.raises(_Bad, match="is not a time"):
            parse_time(meant_otherwise)


def test_a_date_with_its_month_by_name_or_a_two_digit_year_is_read(tmp_path: Path) -> None:
    # A CSV-folder tester: '10-Nov-2025', '11 Nov 2025', '12-Nov-25', '10 novembre 2025',
    # 'Tuesday, November 11, 2025' and Excel's dd/mm/yy '10/11/25' were "not a date".
    from asmex_sched.io.roster import parse_date
    from asmex_sched.io.roster.cells import _Bad

    nov = partial(date, 2025, 11)
    for typed, read in (("10-Nov-2025", nov(10)), ("11 Nov 2025", nov(11)),
                        ("12-Nov-25", nov(12)), ("10 novembre 2025", nov(10)),
                        ("Tuesday, November 11, 2025", nov(11)),
                        ("mardi 11 novembre 2025", nov(11)), ("10/11/25", nov(10)),
                        ("1er févr. 2026", date(2026, 2, 1)), ("Mar 11 2025", date(2025, 3, 11)),
                        ("10.11.25", nov(10))):  # fmt: skip
        assert parse_date(typed) == read, typed
    for refused, said in (("Monday, November 11, 2025", "2025-11-11 is a Tuesday"),
                          ("November 11, 25", "is not a date"),  # month first: year in full
                          ("10 Nov", "is not a date"), ("31 Nov 2025", "not a valid date"),
                          ("11/13/25", "typed month first, it is 13/11/2025"),
                          ("2025/11/10/25", "is not a date")):  # fmt: skip
        with pytest.raises(_Bad, match=said):
            parse_date(refused)
    sheets = base()
    sheets["Mission"][3][1] = "10 Nov 2025"
    sheets["Unavailability"][1][1] = "Tuesday, November 11, 2025"
    sheets["Unavailability"][2][1] = "10-Nov-25"
    sheets["Fixed"][1][2] = "10 novembre 2025"
    _same_as_base(tmp_path, write_csv_folder(tmp_path / "csv", sheets))


def test_a_date_after_le_or_a_weekday_is_read_and_one_without_its_year_is_told(
    tmp_path: Path,
) -> None:
    # A French-speaking coordinator's tester: 'mardi 11/11/2025' and 'le 11 novembre
    # 2025' were refused with the generic hint, though 'mardi 11 novembre 2025' was
    # read; '11 novembre' and '11/11' got that hint too, not that the year was missing.
    from asmex_sched.io.roster import parse_date
    from asmex_sched.io.roster.cells import _Bad

    nov = partial(date, 2025, 11)
    for typed, read in (("mardi 11/11/2025", nov(11)), ("le 11 novembre 2025", nov(11)),
                        ("Mardi, 11.11.2025", nov(11)), ("le mardi 11 novembre 2025", nov(11)),
                        ("mar. 2025-11-11", nov(11)), ("le 10/11/2025", nov(10))):  # fmt: skip
        assert parse_date(typed) == read, typed
    for refused, said in (("mercredi 11/11/2025", "2025-11-11 is a Tuesday"),
                          ("lundi 2025-11-11", "2025-11-11 is a Tuesday"),
                          ("11 novembre", "the year is missing .type it too: 11/11/YYYY"),
                          ("11/11", "the year is missing"), ("le 11/11", "the year is missing"),
                          ("Nov 12th", "the year is missing .type it too: 12/11/YYYY"),
                          ("J2", "a mission day by its number is not read"),
                          ("jour 2", "a mission day by its number"),
                          ("hello 11/11/2025", "is not a date .expected")):  # fmt: skip
        with pytest.raises(_Bad, match=said):
            parse_date(refused)
    sheets = base()
    sheets["Unavailability"][1][1] = "mardi 11/11/2025"
    sheets["Unavailability"][2][1] = "le lundi 10 novembre 2025"
    sheets["Fixed"][1][2] = "le 10/11/2025"
    _same_as_base(tmp_path, write_csv_folder(tmp_path / "csv", sheets))


def test_a_weekday_and_month_by_name_without_a_year_say_the_year_is_missing() -> None:
    # A re-check tester: 'mercredi 12 novembre' (and after 'le', and in English) was
    # "not a date (expected ...)", while 'le 12 novembre' and 'mercredi 12/11' said the
    # year was missing, as docs/roster.md promises.
    from asmex_sched.io.roster import parse_date
    from asmex_sched.io.roster.cells import _Bad

    for typed in ("mercredi 12 novembre", "le mercredi 12 novembre", "Wednesday 12 November",
                  "Wednesday, November 12", "mer. 12 nov.", "mercredi le 12 novembre"):  # fmt: skip
        with pytest.raises(_Bad, match="the year is missing .type it too: 12/11/YYYY"):
            parse_date(typed)
    with pytest.raises(_Bad, match="is not a date .expected"):
        parse_date("hello 12 novembre")  # no weekday: not taken for a date


def test_a_time_with_a_dot_between_hours_and_minutes_is_read(tmp_path: Path) -> None:
    # A CSV-folder tester: '17.00' and '09.00', as several European Excel versions
    # write a time, were "not a time" in Mission, Unavailability and Fixed, while
    # '9.30 am' was read.
    from asmex_sched.io.roster.cells import _Bad, parse_time

    for typed, read in (("09.00", time(9)), ("17.00", time(17)), ("9.30", time(9, 30)),
                        ("00.30", time(0, 30))):  # fmt: skip
        assert parse_time(typed) == read, typed
    for other in ("24.00", "9.75", "9.5", "9.300", "0.30"):  # not a time, or a fraction
        with pytest.raises(_Bad, match="is not a time"):
            parse_time(other)
    sheets = base()
    sheets["Mission"][6][1] = "12.00"  # day_end
    sheets["Mission"][8][1] = "10.30-10.45"  # breaks
    sheets["Unavailability"][2][2:4] = ["09.00", "09.30"]
    sheets["Fixed"][1][3] = "10.00"
    _same_as_base(tmp_path, write_csv_folder(tmp_path / "csv", sheets))
    # A price in Requests is still no meeting time typed there.
    sheets["Requests"][0].append("Budget")
    sheets["Requests"][1].append("12.50")
    sheets["Requests"].append(["E1", "B2", 1, "exporter", "10.00"])
    read_roster(write_csv_folder(tmp_path / "csv2", sheets))


@pytest.mark.parametrize(
    ("typed", "read"),
    [("9:30 AM", time(9, 30)), ("2:30 PM", time(14, 30)), ("2pm", time(14)),
     ("2.30 p.m.", time(14, 30)), ("12 PM", time(12)), ("12:15 am", time(0, 15)),
     ("11h45 AM", time(11, 45)), ("2:30:00 PM", time(14, 30)), ("09:30:00 AM", time(9, 30))],
)  # fmt: skip
def test_a_time_on_the_12_hour_clock_is_read(typed: str, read: time) -> None:
    # An input tester: '2:30 PM' (an English CSV, a web form) was "not a time".
    from asmex_sched.io.roster.cells import _Bad, parse_time

    assert parse_time(typed) == read
    for beyond in ("13:00 PM", "0:30 AM"):
        with pytest.raises(_Bad, match="on the 12-hour clock the hour is 1 to 12"):
            parse_time(beyond)
    with pytest.raises(_Bad, match=r"^'9:75 am' is not a time \(expected"):  # the minutes
        parse_time("9:75 am")


def test_midi_is_noon_and_minuit_is_refused_saying_what_to_type(tmp_path: Path) -> None:
    # A French-speaking coordinator's tester: 'midi' (noon) was "not a time" in
    # Mission, Unavailability and Fixed, after 'de' or 'à' too, and in breaks ('de midi
    # à 14h'). Midnight is no meeting time: refused, saying what to type.
    from asmex_sched.io.roster.cells import _Bad, parse_breaks, parse_span_time, parse_time

    for typed in ("midi", "Midi", "MIDI", "noon", "midday"):
        assert parse_time(typed) == time(12), typed
    for typed, side in (("à midi", "end"), ("jusqu’à midi", "end"), ("de midi", "start"),
                        ("à partir de midi", "start")):  # fmt: skip
        assert parse_span_time(typed, side, "other") == time(12), typed
    assert parse_breaks("de midi à 14h; 15h-15h15") == (
        (time(12), time(14)), (time(15), time(15, 15))
    )
    for midnight in ("minuit", "Midnight", "à minuit"):
        with pytest.raises(_Bad, match=r"is midnight, no meeting time: type 23:59 for the end"):
            parse_span_time(midnight, "end", "start")
    with pytest.raises(_Bad, match="two times where one is expected"):
        parse_span_time("de midi à 14h", "start", "end")
    with pytest.raises(_Bad, match="'de midi' is a start"):
        parse_span_time("de midi", "end", "start")
    with pytest.raises(_Bad, match="is not a time"):
        parse_span_time("de midinette", "start", "end")  # a word of its own
    sheets = base()
    sheets["Mission"][6][1] = "Midi"  # day_end
    sheets["Unavailability"][1][2:4] = ["de 9h", "jusqu'à midi"]  # the whole day, as blank
    _same_as_base(tmp_path, write_csv_folder(tmp_path / "csv", sheets))
    sheets["Mission"][6][1] = "minuit"
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    find(problems, "Mission", 7, "Value", "'minuit' is midnight, no meeting time")
    # Not as a column's look: a Requests 'Repas' of 'midi' is a meal, no meeting time.
    sheets = base()
    sheets["Requests"][0].append("Repas")
    sheets["Requests"][1].append("midi")
    sheets["Requests"].append(["E1", "B2", 1, "exporter", "midi"])
    read_roster(write_csv_folder(tmp_path / "csv2", sheets))


def test_minutes_with_their_unit_or_spaces_are_read(tmp_path: Path) -> None:
    # A French-speaking coordinator's tester: '14h30mn' and '14h30min' were "not a
    # time" in Mission, Unavailability and Fixed; '14 h 30' was read (kept).
    from asmex_sched.io.roster.cells import _Bad, parse_breaks, parse_span_time, parse_time

    for typed in ("14h30mn", "14h30min", "14h30 min", "14 h 30", "14 h 30 mn", "14H30MN",
                  "14h30m", "14h30mins"):  # fmt: skip
        assert parse_time(typed) == time(14, 30), typed
    assert parse_span_time("de 14h30mn", "start", "end") == time(14, 30)
    assert parse_breaks("de 12h30min à 14h00mn") == ((time(12, 30), time(14)),)
    for other in ("14h75mn", "14h30mnn", "14hmn", "14h30 minutes"):
        with pytest.raises(_Bad, match="is not a time"):
            parse_time(other)
    with pytest.raises(_Bad, match="two times where one is expected"):
        parse_time("14h30mn-15h30mn")
    sheets = base()
    sheets["Mission"][6][1] = "12 h 00"  # day_end
    sheets["Unavailability"][2][2:4] = ["9 h 00 mn", "à 9h30min"]
    sheets["Fixed"][1][3] = "10h00mn"
    _same_as_base(tmp_path, write_csv_folder(tmp_path / "csv", sheets))


def test_an_approximate_time_is_refused_saying_an_exact_one_is_needed(tmp_path: Path) -> None:
    # A French-speaking coordinator's tester: 'vers 14h' ("around 2 pm") must not be
    # read as 14:00 sharp; it was refused as "not a time (expected HH:MM, e.g. 09:30)",
    # which did not say why. It says an exact time is needed, with the time it gives.
    from asmex_sched.io.roster.cells import _Bad, parse_span_time, parse_time

    for typed, meant in (("vers 14h", "14:00"), ("Vers 14h30", "14:30"), ("vers midi", "12:00"),
                         ("environ 14h", "14:00"), ("14h env.", "14:00"),
                         ("à peu près 15h", "15:00"), ("aux alentours de 9h", "09:00"),
                         ("around 2pm", "14:00"), ("~14h", "14:00")):  # fmt: skip
        with pytest.raises(_Bad, match=rf"is an approximate time \(.+\): an exact time is "
                                       rf"needed \(HH:MM, e\.g\. {meant}\)"):  # fmt: skip
            parse_time(typed)
    with pytest.raises(_Bad, match="'à environ 15h' is an approximate time .'environ'."):
        parse_span_time("à environ 15h", "end", "start")
    # A tester: the words read before an approximate time were a hand copy of these,
    # short of some: 'dès environ 14h' said "approximate", 'dès à peu près 14h' "not a
    # time". One list now, before the time, after it, and after a word of a span.
    for typed, side, word in (("dès à peu près 14h", "start", "à peu près"),
                              ("de autour de 14h", "start", "autour de"),
                              ("jusqu'à aux alentours de 15h", "end", "aux alentours de"),
                              ("à env. 15h", "end", "env."),
                              ("14h à peu près", "start", "à peu près")):  # fmt: skip
        with pytest.raises(_Bad, match=rf"^{re.escape(repr(typed))} is an approximate time "
                                       rf"\('{word}'\): an exact time is needed"):  # fmt: skip
            parse_span_time(typed, side, "other")
    # midnight: "not a time" said neither (a second reader)
    for typed, word in (("vers minuit", "vers"), ("environ minuit", "environ"),
                        ("around midnight", "around"), ("minuit env.", r"env\.")):  # fmt: skip
        with pytest.raises(_Bad, match=rf"^'{typed}' is an approximate time \('{word}'\): an "
                                       r"exact time is needed \(HH:MM, not midnight, no "
                                       r"meeting time: 23:59 for the end of a day, 00:00 "
                                       r"for a start\)$"):  # fmt: skip
            parse_time(typed)
    for other in ("vers 9h75", "verso 14h"):  # a typo is told as one
        with pytest.raises(_Bad, match="is not a time .expected"):
            parse_time(other)
    sheets = base()
    sheets["Mission"][5][1] = "vers 9h"  # day_start
    sheets["Unavailability"][2][2] = "vers 9h"
    sheets["Unavailability"][1][3] = "environ 11h"
    sheets["Fixed"][1][3] = "à 10h environ"
    problems = problems_of(write_csv_folder(tmp_path / "csv", sheets))
    find(problems, "Mission", 6, "Value", "'vers 9h' is an approximate time ('vers')")
    find(problems, "Unavailability", 3, "start", "'vers 9h' is an approximate time")
    find(problems, "Unavailability", 2, "end", "'environ 11h' is an approximate time")
    find(problems, "Fixed", 2, "start",
         "'à 10h environ' is an approximate time ('environ'): an exact time is needed")


def test_two_times_in_one_cell_and_a_month_first_date_say_what_they_are(
    tmp_path: Path,
) -> None:
    # An input tester: '9h30-10h30' in start and '11/13/2025' got the generic messages
    # ("not a time", "month must be in 1..12"), which did not say what was wrong.
    sheets = base()
    sheets["Unavailability"][1][1:4] = ["11/13/2025", "9h30-10h30", None]
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    date_problem = find(problems, "Unavailability", 2, "date", "dates are read day first")
    assert "typed month first, it is 13/11/2025 (or 2025-11-13)" in date_problem.message
    find(problems, "Unavailability", 2, "start", "two times where one is expected")
    from asmex_sched.io.roster.cells import _Bad, parse_date

    with pytest.raises(_Bad, match="did you mean 2025-11-13"):
        parse_date("2025-13-11")
    with pytest.raises(_Bad, match=r"month must be in 1\.\.12"):  # no day-month swap fits
        parse_date("13/13/2025")
    assert parse_date("12/11/2025") == date(2025, 11, 12)  # day first, as before
    # a swap is suggested only when it is a date (a reader: '02/30/2025' was told
    # "it is 30/02/2025")
    for impossible in ("02/30/2025", "00/13/2025", "2025-31-02"):
        with pytest.raises(_Bad, match=r"month must be in 1\.\.12"):
            parse_date(impossible)
    # midnight on the 12-hour clock, as SharePoint and .NET export a date (a reader)
    assert parse_date("13/11/2025 12:00:00 AM") == date(2025, 11, 13)
    with pytest.raises(_Bad, match="typed month first, it is 13/11/2025"):
        parse_date("11/13/2025 12:00:00 AM")


def test_columns_near_the_new_checks_that_mean_something_else_are_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A second reader: each of these was refused (exit 2) by the first version of the
    # checks for columns meant for another sheet; the code before read them all.
    sheets = base()
    extra = {"Budget disponible (USD)": 50000, "Products available": "Olive oil 500 t",
             "Samples available": "2 boxes", "Available on WhatsApp": "06.12.34.56.78",
             "Vol de départ": "AF 812"}  # fmt: skip
    sheets["Exporters"][0] = [*sheets["Exporters"][0], *extra]
    for row in sheets["Exporters"][1:]:
        row.extend(extra.values())
    # a form's timestamps, a weight in kg and a letter rank in Requests
    stamp = datetime(2025, 10, 1, 9, 12)
    sheets["Requests"] = [["exporter", "buyer", "Start time", "Sample weight", "Rang"],
                          ["E2", "Nile Traders", stamp, "2 kg", "A"]]  # fmt: skip
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert ("E2", "B1") in {r.key for r in inst.requests}
    assert "column 'Start time' is ignored" in caplog.text


def test_numbered_columns_that_are_no_wishes_are_left_and_an_empty_wishes_gives_way(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A second reader: 'Target 1, Target 2' of countries and a buyer's own 'Acheteur 1'
    # staff were read as wishes (unknown companies, exit 2); and beside the template's
    # empty wishes column, every numbered wish was dropped (217 requests of 524).
    sheets = base()
    sheets["Exporters"][0] = [*sheets["Exporters"][0], "Target 1", "Target 2"]
    for row in sheets["Exporters"][1:]:
        row.extend(["Kenya", "Uganda"])
    sheets["Buyers"][0] = [*sheets["Buyers"][0], "Acheteur 1"]
    for row in sheets["Buyers"][1:]:
        row.append("Peter Otieno")
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert inst.companies["E1"].wishes == ("B1", "B2")  # the wishes column, as before
    sheets = base()
    header = list(sheets["Exporters"][0])
    sheets["Exporters"][0] = [*header, "Choix 1", "Choix 2"]
    for row in sheets["Exporters"][1:]:
        row[-1] = None  # the template's wishes column, left empty
        row.extend(["B2", "Nile Traders"])
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "t.xlsx", sheets))
    assert inst.companies["E1"].wishes == ("B2", "B1")
    assert "column 'wishes' is empty: columns 'Choix 1', 'Choix 2' are read in its place" in (
        caplog.text
    )
    sheets = base()
    sheets["Exporters"][0] = [h for h in sheets["Exporters"][0] if h != "wishes"] + [
        "Target 1", "Target 2"]  # fmt: skip
    for row in sheets["Exporters"][1:]:
        row[-1:] = ["Kenya", "Uganda"]
    caplog.clear()
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "c.xlsx", sheets))
    assert inst.companies["E1"].wishes == ()
    assert "'Target 1', 'Target 2' are ignored: they do not name companies" in caplog.text


@pytest.mark.parametrize(
    ("sheet", "header", "value", "said"),
    [("Exporters", "Absent lundi", "x", "Unavailability sheet"),
     ("Exporters", "Disponible mardi", "non", "Unavailability sheet"),
     ("Buyers", "Available Tuesday", "no", "Unavailability sheet"),
     ("Exporters", "Présent le 10/11", "non", "Unavailability sheet"),
     ("Exporters", "Rendez-vous fixés", "B1 10/11 10:00", "goes in the Fixed sheet"),
     ("Requests", "Heure souhaitée", "10h00", "goes in the Fixed sheet")],
)  # fmt: skip
def test_a_day_in_the_header_or_a_time_of_day_is_no_note(
    tmp_path: Path, sheet: str, header: str, value: str, said: str
) -> None:
    # A second reader: 'Absent lundi' of x was only warned about and the company booked
    # on Monday; 'Rendez-vous fixés' beside a company and 'Heure souhaitée' in Requests
    # were dropped without a word.
    sheets = base()
    sheets[sheet][0] = [*sheets[sheet][0], header]
    sheets[sheet][1] = [*sheets[sheet][1], value]
    find(problems_of(write_xlsx(tmp_path / "r.xlsx", sheets)), sheet, 2, header, said)


def test_a_soft_hyphen_in_a_reference_is_looked_through(tmp_path: Path) -> None:
    sheets = base()
    sheets["Unavailability"][1][0] = "Nile\u00adTraders"  # pasted from a web page
    inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert any(u.participant == "B1" for u in inst.unavailability)


def test_a_wish_in_a_column_excel_named_itself_is_no_note(tmp_path: Path) -> None:
    # A tester: a wish typed past the table's last column, under Excel's own 'Colonne1',
    # was dropped without a word (E1-B2 missing from the requests).
    sheets = base()
    sheets["Exporters"][0] = [*sheets["Exporters"][0], "Colonne1"]
    sheets["Exporters"][1] = [*sheets["Exporters"][1][:-1], "B1", "Café Dubai"]
    sheets["Exporters"][2] = [*sheets["Exporters"][2], None]
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert any("names companies" in p.message and p.sheet == "Exporters" and p.row == 2
               for p in problems), problems  # fmt: skip


def test_a_requests_column_of_names_under_no_header_is_told_as_requests(
    tmp_path: Path,
) -> None:
    # A French-speaking coordinator's tester: Demandes with its Acheteur header deleted
    # was told "a list of wishes goes in one cell, separated by ';'", which is the
    # company sheets' layout, not the Requests sheet's.
    sheets = base()
    sheets["Requests"][0][1] = None
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert find(problems, "Requests", 2, "B").message == (
        "column B names companies (row 2) but has no header, so it would be ignored: give "
        "it a header, or move the names; one request per row, its exporter and its buyer "
        "each under its own header; the sheet has no 'buyer' column: if this is it, head "
        "it 'buyer' (or 'Acheteur')"
    )
    sheets = base()
    sheets["Unavailability"][0][0] = None
    problems = problems_of(write_xlsx(tmp_path / "u.xlsx", sheets))
    message = find(problems, "Unavailability", 2, "A").message
    assert "wishes" not in message and "one participant per row" in message
    assert "head it 'participant' (or 'Entreprise')" in message


def test_reviewer_cases_of_the_new_roster_checks(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A code reviewer: two numbered families were read as one list; 'Vœu 1' was not
    # recognised (œ dropped); a table number above 10 in Requests was only a warning;
    # the weekend warning said "row None" and missed a day closed by two ALL rows.
    sheets = base()
    header = [h for h in sheets["Exporters"][0] if h != "wishes"]
    sheets["Exporters"][0] = [*header, "Choix 1", "Target 1", "Choix 2", "Target 2"]
    sheets["Exporters"][1][len(header):] = ["B2", "Kenya", "B1", "Uganda"]
    sheets["Exporters"][2][len(header):] = ["Nile Traders", "Kenya", None, None]
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "f.xlsx", sheets))
    assert inst.companies["E1"].wishes == ("B2", "B1")
    assert "'Target 1', 'Target 2' are ignored beside the numbered wishes" in caplog.text
    sheets["Exporters"][0] = [*header, "Vœu 1", "Vœu 2"]
    sheets["Exporters"][1][len(header):] = ["B2", "B1"]
    sheets["Exporters"][2][len(header):] = ["Nile Traders", None]
    inst = read_roster(write_xlsx(tmp_path / "v.xlsx", sheets))
    assert inst.companies["E1"].wishes == ("B2", "B1")
    sheets = base()
    sheets["Requests"] = [["exporter", "buyer", "Table"], ["E2", "Nile Traders", 12]]
    find(problems_of(write_xlsx(tmp_path / "t.xlsx", sheets)), "Requests", 2, "Table",
         "goes in the Fixed sheet")  # fmt: skip
    sheets = base()  # Thursday, days left at their default (5)
    sheets["Mission"] = [r for r in sheets["Mission"] if r[0] != "days"]
    sheets["Mission"] = [r if r[0] != "first_day" else ["first_day", "13/11/2025"]
                         for r in sheets["Mission"]]  # fmt: skip
    sheets["Unavailability"] = [sheets["Unavailability"][0]]
    sheets["Fixed"] = [sheets["Fixed"][0]]
    sheets["Unavailability"] += [["ALL", "2025-11-15", "09:00", "10:30", ""],
                                 ["ALL", "2025-11-15", "10:30", "12:00", ""]]  # fmt: skip
    caplog.clear()
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "w.xlsx", sheets))
    said = " ".join(caplog.text.split())
    assert "row None" not in said
    assert "include Sunday 2025-11-16, a weekend day" in said  # Saturday closed by its two rows


def test_choice_columns_of_numeric_ids_or_misspelt_names_are_wishes(tmp_path: Path) -> None:
    # A second reader: 'Choix 1..3' of numeric buyer ids, or of misspelt names, were
    # dropped whole as "naming no company" (0 meetings; the old version said "did you
    # mean" per name).
    sheets = base()
    for row in sheets["Buyers"][1:]:
        row[0] = {"B1": 1, "B2": 2}[row[0]]
    for sheet in ("Exporters", "Requests", "Fixed", "Unavailability"):
        for row in sheets[sheet][1:]:
            row[:] = [{"B1": 1, "B2": 2}.get(v, v) if isinstance(v, str) else v for v in row]
    header = [h for h in sheets["Exporters"][0] if h != "wishes"]
    sheets["Exporters"][0] = [*header, "Choix 1", "Choix 2"]
    sheets["Exporters"][1][len(header):] = [2, 1]
    sheets["Exporters"][2][len(header):] = [2, None]
    inst = read_roster(write_xlsx(tmp_path / "n.xlsx", sheets))
    assert inst.companies["E1"].wishes == ("2", "1")
    sheets["Exporters"][1][len(header):] = ["Cafe Dubay", 1]
    problems = problems_of(write_xlsx(tmp_path / "m.xlsx", sheets))
    assert any("unknown company 'Cafe Dubay'" in p.message for p in problems), problems


@pytest.mark.parametrize("values", [["Haute", "Basse"], [1, 12], ["P1", "P3"]])
def test_priorities_in_words_or_ranks_are_a_problem_and_others_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, values: list
) -> None:
    # A second reader: an 'Importance' of Haute/Moyenne/Basse, a 'Rang' up to 12 were
    # dropped without a word once priorities had to be 0-10.
    sheets = base()
    sheets["Requests"] = [["exporter", "buyer", "Importance"], ["E2", "Nile Traders", values[0]],
                          ["E1", "Café Dubai", values[1]]]  # fmt: skip
    find(problems_of(write_xlsx(tmp_path / "r.xlsx", sheets)), "Requests", 2, "Importance",
         "name it 'priority'")  # fmt: skip
    sheets["Requests"][1][2] = "2 kg"
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(tmp_path / "w.xlsx", sheets))
    assert "column 'Importance' is ignored, and the sheet has no priority column" in caplog.text


@pytest.mark.parametrize(
    ("header", "value", "refused"),
    [("Date d'arrivée", "12 novembre", True), ("Arrival", "Nov 12", True),
     ("Indisponibilités", "Jour 2", True), ("Indisponibilités", "J2", True),
     ("Absent", "PM", True), ("Absent le 10 mars", "x", True),
     ("Disponible pour le dîner mardi", "oui", False),
     ("Available for gala dinner (Tuesday)", "no", False),
     ("Pre-booked", "Hotel Serena", False), ("Samples available", 2, False)],
)  # fmt: skip
def test_absences_in_words_are_refused_and_events_are_not(
    tmp_path: Path, header: str, value: object, refused: bool
) -> None:
    # A second reader: month names, 'Jour 2', 'PM' were warnings only once any digit
    # stopped counting (the company booked while away); and a dinner on a named day, a
    # 'Pre-booked' of hotel names, were refused.
    sheets = base()
    sheets["Exporters"][0] = [*sheets["Exporters"][0], header]
    sheets["Exporters"][1] = [*sheets["Exporters"][1], value]
    path = write_xlsx(tmp_path / "r.xlsx", sheets)
    if refused:
        find(problems_of(path), "Exporters", 2, header, "")
    else:
        read_roster(path)


@pytest.mark.parametrize(
    ("header", "values", "refused"),
    [("Heure souhaitée", ["10h00", "indifférent"], True),
     ("Créneau", ["10h00-11h00", "mardi 14h30"], True),
     ("Durée souhaitée", ["0:30", "0:45"], False),
     ("Horodateur", ["2025-10-01 09:12", "2025-10-02 10:00"], False),
     ("Heure souhaitée", ["midi", "indifférent"], True),
     ("Heure", ["midi", "midi"], True),
     ("Repas", ["midi", "soir"], False),
     ("Heure souhaitée", ["midi", "indifférent", "indifférent"], True),
     ("Heure souhaitée", ["midi", "-", "peu importe"], True),
     ("Heure du repas", ["midi", "soir", "midi"], False),
     ("Lunch time", ["midi", "midi", "soir"], False),
     ("Lunch time", ["midi", "midi", "midi"], False),
     ("Créneau préféré", ["matin", "midi", "après-midi"], False)],
)  # fmt: skip
def test_times_in_requests_in_half_the_cells_are_meeting_times(
    tmp_path: Path, header: str, values: list, refused: bool
) -> None:
    # A second reader: one 'indifférent' cell, a range or 'mardi 10h00' let a column of
    # wished times be dropped without a word; a wished length '0:30' was refused.
    # A re-check tester: 'midi' under a header naming a time is a time too (ignored
    # without a word, where '10h00' was refused); a 'Repas' of 'midi' is a meal.
    # A second reader: then one 'midi' refused rosters read before, beside a period or
    # a meal ('Créneau préféré' of 'matin', 'midi', 'après-midi'; 'Heure du repas').
    sheets = base()
    rows = [["E2", "Nile Traders"], ["E1", "Café Dubai"], ["E1", "Nile Traders"]]
    sheets["Requests"] = [["exporter", "buyer", header],
                          *([*r, v] for r, v in zip(rows, values, strict=False))]  # fmt: skip
    path = write_xlsx(tmp_path / "r.xlsx", sheets)
    if refused:
        find(problems_of(path), "Requests", 2, header, "goes in the Fixed sheet")
    else:
        read_roster(path)


@pytest.mark.parametrize(
    ("header", "values", "row"),
    [("Heure souhaitée", ["indifférent", "midi"], 3),
     ("Heure souhaitée", ["indifférent", "indifférent", "10h00"], 4),
     ("Table", ["-", "7"], 3)],
)  # fmt: skip
def test_a_meeting_time_in_requests_is_refused_at_its_row(
    tmp_path: Path, header: str, values: list, row: int
) -> None:
    # A second reader: the refusal named the first filled row ('indifférent', row 2),
    # not the row holding the time.
    sheets = base()
    rows = [["E2", "Nile Traders"], ["E1", "Café Dubai"], ["E1", "Nile Traders"]]
    sheets["Requests"] = [["exporter", "buyer", header],
                          *([*r, v] for r, v in zip(rows, values, strict=False))]  # fmt: skip
    path = write_xlsx(tmp_path / "r.xlsx", sheets)
    found = find(problems_of(path), "Requests", row, header, "goes in the Fixed sheet")
    assert f"(row {row})" in found.message


@pytest.mark.parametrize(
    ("sheet", "header", "values", "refused"),
    [("Exporters", "RDV fixé", ["Nile Traders mardi 10h", None], True),
     ("Exporters", "Fixed meeting", ["B2 Tue 10:00", None], True),
     ("Requests", "Niveau", ["Haute", "Basse"], True),
     ("Requests", "Heure souhaitée", ["indifférent", "10h00"], True),
     ("Exporters", "Arrival flight", ["KQ 101 09/11 06:30", "KQ 103 09/11 22:10"], False),
     ("Exporters", "Date d'arrivée", [date(2025, 11, 9), date(2025, 11, 9)], False),
     ("Exporters", "Date d'arrivée", ["11/11/2025", None], True),
     ("Requests", "Remarques", ["confirmé par tél. à 14h30", None], False)],
)  # fmt: skip
def test_a_last_readers_cases(
    tmp_path: Path, sheet: str, header: str, values: list, refused: bool
) -> None:
    # A last reader: a singular 'RDV fixé', a 'Niveau' of levels, one wished time among
    # 'indifférent's were dropped without a word; travel dates outside the mission and
    # a note mentioning a time were refused.
    sheets = base()
    if sheet == "Requests":
        sheets["Requests"] = [["exporter", "buyer", header], ["E2", "Nile Traders", values[0]],
                              ["E1", "Café Dubai", values[1]]]  # fmt: skip
    else:
        sheets[sheet][0] = [*sheets[sheet][0], header]
        for row, value in zip(sheets[sheet][1:], values, strict=True):
            row.append(value)
    path = write_xlsx(tmp_path / "r.xlsx", sheets)
    if refused:
        assert any(p.column == header for p in problems_of(path))
    else:
        read_roster(path)


def test_a_stand_column_of_codes_like_buyer_ids_is_no_wish_list(tmp_path: Path) -> None:
    # A last reader: 'Stand' B3/B1 on Exporters (the buyers' ids are B1..B4) was refused
    # as a column of wishes.
    sheets = base()
    header = [h for h in sheets["Exporters"][0] if h != "wishes"]
    sheets["Exporters"][0] = [*header, "Stand"]
    sheets["Exporters"][1][len(header):] = ["B2"]
    sheets["Exporters"][2][len(header):] = ["B1"]
    inst = read_roster(write_xlsx(tmp_path / "s.xlsx", sheets))
    assert inst.companies["E1"].wishes == ()
    sheets["Exporters"][0][-1] = "Firms to meet"  # a wish column under another name still is
    find(problems_of(write_xlsx(tmp_path / "w.xlsx", sheets)), "Exporters", 2, "Firms to meet",
         "names companies")  # fmt: skip


def cairo(first_day: date, days: int, *rows: list) -> dict:
    """:func:`base` moved to Cairo (no country typed: the time zone's), from
    ``first_day`` for ``days`` days, with ``rows`` added to its Mission sheet."""
    sheets = base()
    sheets["Mission"] = [
        [k, first_day if k == "first_day" else days if k == "days" else v]
        for k, v in sheets["Mission"]
    ] + [["timezone", "Africa/Cairo"], *rows]
    sheets["Unavailability"] = sheets["Unavailability"][:1]
    sheets["Fixed"] = sheets["Fixed"][:1]
    return sheets


def warned(caplog: pytest.LogCaptureFixture, folder: Path, sheets: dict, name: str) -> str:
    """The warnings that reading ``sheets``, written to ``folder / name``, gives, on one
    line."""
    caplog.clear()
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(write_xlsx(folder / name, sheets))
    return " ".join(caplog.text.split())


def test_the_host_countrys_weekend_and_public_holidays_are_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A Cairo mission (Sunday to Thursday, Egypt's working week) was told its first
    # day, a Sunday, was "a Sunday: is that right?", and not told of its Friday, nor of
    # the public holiday of its Thursday (Armed Forces Day, observed on 9 October 2025).
    warnings = partial(warned, caplog, tmp_path)

    week = warnings(cairo(date(2025, 10, 5), 5), "week.xlsx")
    assert "first_day is read as" not in week and "weekend day" not in week
    assert "Thursday 2025-10-09, Armed Forces Day (observed), is a public holiday in Egypt" in (
        week
    )
    assert "add a row for ALL on it to the Unavailability sheet" in week
    assert "confirm them locally" in week
    # a sixth day, Friday, is Egypt's weekend
    six = warnings(cairo(date(2025, 10, 5), 6), "six.xlsx")
    assert "include Friday 2025-10-10, a weekend day in Egypt" in six
    # the holiday closed to all: not told again; the weekend still is
    closed = cairo(date(2025, 10, 5), 6)
    closed["Unavailability"].append(["ALL", "2025-10-09", None, None, "holiday"])
    told = warnings(closed, "closed.xlsx")
    assert "public holiday" not in told and "include Friday 2025-10-10" in told
    # a Friday first_day that may be typed month first is asked about, as a Saturday
    # is in Nairobi, and its weekend days are named
    friday = warnings(cairo(date(2025, 10, 3), 2), "friday.xlsx")
    assert "first_day is read as 2025-10-03, a Friday, a weekend day in Egypt" in friday
    assert "include Friday 2025-10-03, Saturday 2025-10-04, weekend days in Egypt" in friday
    # country none: no check at all; a country typed by name overrides the time zone's
    off = warnings(cairo(date(2025, 10, 5), 6, ["country", "none"]), "off.xlsx")
    assert "weekend day" not in off and "public holiday" not in off
    rabat = warnings(cairo(date(2025, 11, 5), 2, ["country", "morocco"]), "rabat.xlsx")
    assert "Thursday 2025-11-06, Green March, is a public holiday in Morocco" in rabat
    # Nairobi's weekend is still Saturday and Sunday
    nairobi = base()
    nairobi["Mission"] = [[k, 6 if k == "days" else v] for k, v in nairobi["Mission"]]
    assert "include Saturday 2025-11-15, a weekend day in Kenya" in warnings(nairobi, "n.xlsx")


def test_host_calendar_warnings_follow_what_the_coordinator_did(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A Gulf coordinator's tester. Riyadh from Friday 25/09/2026 (a date read one way
    # only): "first_day ... is that right? (day first)" alone, Saturday never named,
    # and closing both days did not stop it. A holiday closed to one side (so no
    # meeting can be held) was still "planned on". Country AE with the template's
    # Africa/Nairobi time zone: every calendar an hour off, nothing said.
    warnings = partial(warned, caplog, tmp_path)

    def riyadh(*rows: list) -> dict:
        sheets = cairo(date(2026, 9, 25), 3, *rows)
        sheets["Mission"] = [r if r[0] != "timezone" else ["timezone", "Asia/Riyadh"]
                             for r in sheets["Mission"]]  # fmt: skip
        return sheets

    told = warnings(riyadh(), "r.xlsx")
    assert "first_day is read as" not in told
    assert "include Friday 2026-09-25, Saturday 2026-09-26, weekend days in Saudi Arabia" in told
    closed = riyadh()
    closed["Unavailability"] += [["ALL", "2026-09-25", None, None, "weekend"],
                                 ["BUYERS", "2026-09-26", None, None, "weekend"]]  # fmt: skip
    assert "weekend day" not in warnings(closed, "c.xlsx")
    # the national day (23 September) closed to the buyers only: handled
    national = riyadh()
    national["Mission"] = [[k, date(2026, 9, 22) if k == "first_day" else v]
                           for k, v in national["Mission"]]  # fmt: skip
    assert "National Day" in warnings(national, "n.xlsx")
    national["Unavailability"].append(["BUYERS", "2026-09-23", None, None, "national day"])
    assert "public holiday" not in warnings(national, "n2.xlsx")
    # a country another time zone's: said; one sharing its zone (Oman, Asia/Dubai): not
    nairobi = base()
    nairobi["Mission"].append(["country", "UAE"])
    told = warnings(nairobi, "ae.xlsx")
    assert "country AE (United Arab Emirates) but timezone Africa/Nairobi is Kenya's" in told
    muscat = base()
    muscat["Mission"] += [["timezone", "Asia/Dubai"], ["country", "OM"]]
    assert "but timezone" not in warnings(muscat, "om.xlsx")


def test_a_city_in_another_clock_than_the_time_zone_is_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # An Abidjan mission with the template's Africa/Nairobi left in place and no
    # country: every calendar event three hours off, nothing said (a tester).
    warnings = partial(warned, caplog, tmp_path)

    def mission(*rows: list) -> dict:
        sheets = base()
        sheets["Mission"] = [r for r in sheets["Mission"] if r[0] not in ("city", "timezone")]
        sheets["Mission"] += [list(r) for r in rows]
        return sheets

    told = "city Abidjan is in time zone Africa/Abidjan, but timezone is Africa/Nairobi"
    assert told in warnings(mission(["city", "Abidjan"], ["timezone", "Africa/Nairobi"]), "a.xlsx")
    assert "Africa/Cairo, but timezone" in warnings(mission(["city", "Le Caire"]), "c.xlsx")
    # with a dash after it (a reader), and with no timezone row: said to be the default
    for city in ("Abidjan - Plateau", "Abidjan – Plateau", "Abidjan; Cocody"):
        said = warnings(mission(["city", city]), "d.xlsx")
        assert "is in time zone Africa/Abidjan, but timezone is Africa/Nairobi (the default" in (
            said
        ), city
    # a country named after the city: that country's zones only (Tripoli, Lebanon, in
    # summer, when Beirut's clock is an hour ahead of Libya's: warned; a reader)
    summer = mission(["city", "Tripoli, Lebanon"], ["timezone", "Asia/Beirut"])
    summer["Mission"] = [[k, date(2025, 7, 7) if k == "first_day" else v]
                         for k, v in summer["Mission"]]  # fmt: skip
    summer["Unavailability"], summer["Fixed"] = summer["Unavailability"][:1], summer["Fixed"][:1]
    assert "is in time zone" not in warnings(summer, "t.xlsx")
    summer["Mission"] = [[k, "Tripoli" if k == "city" else v] for k, v in summer["Mission"]]
    assert "city Tripoli is in time zone Africa/Tripoli" in warnings(summer, "t2.xlsx")
    # a 2-letter abbreviation is no country to go by: 'SA' is Saudi Arabia's code, and
    # 'Johannesburg, SA' went quiet (a reader)
    said = warnings(mission(["city", "Johannesburg, SA"]), "j.xlsx")
    assert "is in time zone Africa/Johannesburg, but timezone is Africa/Nairobi" in said
    for rows in (
        [["city", "Abidjan"], ["timezone", "Africa/Abidjan"]],
        [["city", "Nairobi, Kenya"]],
        [["city", "Addis Ababa"]],  # another zone of the same clock: harmless
        [["city", "Mombasa"]],  # no zone of its name: nothing to compare
        # a country typed is compared instead (Córdoba, Spain: not Argentina's zone)
        [["city", "Cordoba"], ["timezone", "Europe/Madrid"], ["country", "ES"]],
        [["city", "Abidjan"], ["country", "none"]],
    ):
        assert "is in time zone" not in warnings(mission(*rows), "n.xlsx"), rows


def test_a_country_that_is_none_is_a_problem_at_its_cell(tmp_path: Path) -> None:
    sheets = cairo(date(2025, 10, 5), 5, ["country", "Narnia"])
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    row = len(sheets["Mission"])
    hit = find(problems, "Mission", row, "Value", "'Narnia' is not a country")
    assert "ISO 3166 code" in hit.message


def test_country_names_as_coordinators_type_them_and_old_time_zone_names() -> None:
    # An adversarial reader: "Cote d'Ivoire" (tzdata spells it with a curly
    # apostrophe and an accent), "United Kingdom", "South Korea", "Czechia" stopped
    # every cron run with exit 2; a three-letter code was kept as typed; a mission in
    # Asia/Calcutta (an old name the timezone setting accepts) had no holiday check.
    from asmex_sched.io.host_calendar import country_of_zone, host_calendar, read_country

    typed = {"Cote d'Ivoire": "CI", "côte d’ivoire": "CI", "United Kingdom": "GB",
             "UK": "GB", "South Korea": "KR", "Türkiye": "TR", "Czechia": "CZ",
             "Cabo Verde": "CV", "KEN": "KE", "ke": "KE", "Egypt": "EG", "UAE": "AE",
             "none": "none"}  # fmt: skip
    assert {t: read_country(t) for t in typed} == typed
    assert read_country("Korea") is None  # which one? (refused naming both)
    assert read_country("Congo") == "CG" and read_country("DR Congo") == "CD"  # as holidays
    assert read_country("Narnia") is None
    assert country_of_zone("Asia/Calcutta") == "IN" == country_of_zone("Asia/Kolkata")
    republic = host_calendar("", "Asia/Calcutta", [2027])
    assert republic is not None and republic.holiday(date(2027, 1, 26)) == "Republic Day"


def test_country_names_as_a_french_speaking_coordinator_types_them(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A French-speaking coordinator's tester: "Égypte", "Maroc" and "Émirats arabes
    # unis" were refused (exit 2) with advice to type the English name.
    from asmex_sched.io.host_calendar import country_candidates, read_country

    typed = {"Égypte": "EG", "l'Egypte": "EG", "Maroc": "MA", "le Sénégal": "SN",
             "Émirats arabes unis": "AE", "Arabie Saoudite": "SA", "Royaume-Uni": "GB",
             "États-Unis": "US", "Corée du Sud": "KR", "Afrique du Sud": "ZA",
             "RDC": "CD", "République démocratique du Congo": "CD", "Birmanie": "MM",
             "Côte d’Ivoire": "CI", "Allemagne": "DE", "Pays-Bas": "NL",
             "RCI": "CI"}  # fmt: skip
    assert {t: read_country(t) for t in typed} == typed
    assert read_country("Le") is None and read_country("Narnie") is None
    # French names in common use that the CLDR spells otherwise (a second reader)
    also = {"République tchèque": "CZ", "Centrafrique": "CF", "Île Maurice": "MU",
            "Republic of Korea": "KR", "Korea, Republic of": "KR", "République de Corée": "KR",
            "République populaire démocratique de Corée": "KP",
            # official names, and as ISO lists them (a third reader: refused)
            "United Republic of Tanzania": "TZ", "Tanzania, United Republic of": "TZ",
            "République unie de Tanzanie": "TZ", "Kingdom of Morocco": "MA",
            "Royaume du Maroc": "MA", "Arab Republic of Egypt": "EG",
            "République arabe d'Égypte": "EG", "Congo, The Democratic Republic of the": "CD",
            "Iran, Islamic Republic of": "IR", "Republic of Kenya": "KE",
            # not another country's (a fourth reader: CG and CN)
            "Democratic Republic of Congo": "CD", "Republic of the Congo": "CG",
            "Republic of China": "TW", "China, Republic of": "TW",
            "People's Republic of China": "CN"}  # fmt: skip
    assert read_country("Republic") is None and read_country("Kingdom of Narnia") is None
    assert {t: read_country(t) for t in also} == also
    assert read_country("Corée") is None and country_candidates("Corée") == ["KP", "KR"]
    said = warned(caplog, tmp_path, cairo(date(2025, 10, 5), 5, ["pays", "Égypte"]), "e.xlsx")
    assert "Armed Forces Day (observed), is a public holiday in Egypt" in said
    assert "time zone" not in said  # Africa/Cairo is Egypt's
    sheets = cairo(date(2026, 10, 4), 5, ["pays", "Narnie"])
    hit = find(problems_of(write_xlsx(tmp_path / "n.xlsx", sheets)), "Mission",
               len(sheets["Mission"]), "Value", "'Narnie' is not a country")  # fmt: skip
    assert "name in English or French" in hit.message


def test_reading_the_mission_cells_again_warns_of_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # An adversarial reader: a programme refusal read the Mission sheet again for its
    # cells, and the first day's weekend warning came twice in the cron mail.
    from asmex_sched.io.roster import mission_setting_cells

    sheets = base()
    sheets["Mission"][3][1] = date(2025, 11, 8)  # a Saturday, 08/11: maybe month first
    sheets["Mission"].insert(0, ["Mission Nairobi 2025", None])  # a title row
    sheets["Unavailability"] = sheets["Unavailability"][:1]
    sheets["Fixed"] = sheets["Fixed"][:1]
    path = write_xlsx(tmp_path / "r.xlsx", sheets)
    with caplog.at_level("WARNING", logger="asmex_sched"):
        read_roster(path)
    assert caplog.text.count("first_day is read as 2025-11-08") == 1
    assert caplog.text.count("the header is row 2") == 1
    caplog.clear()
    with caplog.at_level("WARNING", logger="asmex_sched"):
        cells = mission_setting_cells(path)
    assert cells["first_day"][2] == 5 and caplog.text == ""
    from asmex_sched.io.host_calendar import country_of_zone, read_country

    # a link to a zone several countries share, or a generic one: no country rather
    # than a wrong one (CET read as Belgium, Iceland as Côte d'Ivoire; a last reader)
    assert [country_of_zone(z) for z in ("CET", "Iceland", "EET", "Egypt")] == ["", "", "", "EG"]
    assert read_country("Samoa") == "WS"  # the holidays library's name, not half of two


def test_a_last_readers_cases_of_the_host_calendar(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Zones that tzdata links to another country's (Asia/Kuwait to Asia/Riyadh) are
    # their own country's; "South" alone is no country, "Korea" is two; two holidays
    # were joined with a double comma; a first day typed as ISO text cannot be month
    # first; one weekend day read "if it is not mission days".
    from asmex_sched.io.host_calendar import country_candidates, country_of_zone, read_country

    assert [country_of_zone(z) for z in ("Asia/Kuwait", "Africa/Dakar", "Europe/Stockholm",
                                          "Asia/Calcutta")] == ["KW", "SN", "SE", "IN"]  # fmt: skip
    assert read_country("South") is None and read_country("The Gambia") == "GM"
    assert country_candidates("Korea") == ["KP", "KR"]
    sheets = cairo(date(2026, 2, 22), 5, ["country", "Korea"])
    hit = find(problems_of(write_xlsx(tmp_path / "k.xlsx", sheets)), "Mission",
               len(sheets["Mission"]), "Value", "could be KP")  # fmt: skip
    assert "KR (Korea (South)): type the ISO code" in hit.message

    warnings = partial(warned, caplog, tmp_path)

    kuwait = cairo(date(2026, 2, 22), 5)
    kuwait["Mission"] = [r if r[0] != "timezone" else ["timezone", "Asia/Kuwait"]
                         for r in kuwait["Mission"]]  # fmt: skip
    told = warnings(kuwait, "kw.xlsx")
    assert ("2 mission days are public holidays in Kuwait: Wednesday 2026-02-25, National "
            "Day; Thursday 2026-02-26, Liberation Day (the holidays library's") in told  # fmt: skip
    iso = cairo("2025-10-03", 2)  # a Friday, typed as text
    told = warnings(iso, "iso.xlsx")
    assert "first_day is read as" not in told
    one = cairo(date(2025, 10, 5), 6)
    assert "if it is not a mission day, add" in warnings(one, "one.xlsx")


@pytest.mark.parametrize("column", [0, 1])
def test_an_id_or_name_excel_turned_into_a_date_is_refused(tmp_path: Path, column: int) -> None:
    # A multi-script tester: the id '3-4' became the date 4 March in Excel; the company
    # was planned under '2026-03-04' without a word.
    sheets = base()
    sheets["Exporters"][2][column] = datetime(2026, 3, 4)
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    found = find(problems, "Exporters", 3, ("id", "company")[column], "holds a date")
    assert "2026-03-04" in found.message and "as Text" in found.message


@pytest.mark.parametrize("slipped", ["languages", "Language", "Langue", "Lang"])
def test_a_header_slipped_one_row_down_is_pointed_at(tmp_path: Path, slipped: str) -> None:
    # A fuzzer: the 'languages' header moved one row down (its column shifted with
    # it): the column was ignored with a warning and no meeting got an interpreter.
    sheets = base()
    rows = sheets["Exporters"]
    rows[0] = list(rows[0])  # base() shares its header list (a reader)
    column = rows[0].index("languages")
    rows[0][column] = slipped
    values = [row[column] for row in rows]  # header, then each company's languages
    rows.append([None] * len(rows[0]))
    for i, row in enumerate(rows):
        row[column] = None if i == 0 else values[i - 1]
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    found = find(problems, "Exporters", 2, "D", "one row below the header")
    assert "column D" in found.message and "move the header up" in found.message


def _slipped(sheets: dict, headers: list[str]) -> None:
    """The Exporters columns ``headers`` moved one row down with their values (Excel's
    "insert cells, shift down"), their header cells blank."""
    rows = sheets["Exporters"]
    rows[0] = list(rows[0])
    rows.append([None] * len(rows[0]))
    for header in headers:
        column = rows[0].index(header)
        values = [row[column] for row in rows[:-1]]
        for i, row in enumerate(rows):
            row[column] = None if i == 0 else values[i - 1]


def test_two_headers_slipped_side_by_side_are_both_pointed_at(tmp_path: Path) -> None:
    # A fourth reader: two columns slipped side by side were missed (each one's last
    # value was taken for the table's end of the other).
    sheets = base()
    for row in sheets["Exporters"][1:]:  # every company with a language and delegates
        row[3], row[4] = row[3] or "en", row[4] or 1
    sheets["Exporters"][0] = list(sheets["Exporters"][0])
    sheets["Exporters"][0][3:5] = ["Language", "Nb de délégués"]
    _slipped(sheets, ["Language", "Nb de délégués"])
    problems = problems_of(write_xlsx(tmp_path / "b.xlsx", sheets))
    find(problems, "Exporters", 2, "D", "'Language' stands in column D")
    find(problems, "Exporters", 2, "E", "'Nb de délégués' stands in column E")


@pytest.mark.parametrize("note", ["Mail", "Tel", "Industry", "Mobile", "email", "phone"])
def test_a_note_under_no_header_that_is_a_columns_alias_is_no_slipped_header(
    tmp_path: Path, note: str, caplog: pytest.LogCaptureFixture
) -> None:
    # A reader: 'Mail' (an alias of email) atop a column of notes with no header, in a
    # sheet without email, sectors or phone columns, was refused as a slipped header:
    # a slipped column's values run one row past the table's, a note column's do not.
    sheets = base()
    keep = [i for i, h in enumerate(sheets["Buyers"][0]) if h not in ("email", "sectors", "phone")]
    sheets["Buyers"] = [[row[i] for i in keep if i < len(row)] for row in sheets["Buyers"]]
    width = len(sheets["Buyers"][0])
    for i, row in enumerate(sheets["Buyers"]):
        row.extend([None] * (width - len(row)))
        row.append(None if i == 0 else (note if i == 1 else "see notes"))
    with caplog.at_level("WARNING"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert {"B1", "B2"} <= set(inst.companies)
    assert any("has no header: ignored" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("sheet", "row", "column", "cell"),
    [("Fixed", 1, 3, "start"), ("Unavailability", 2, 2, "start"), ("Unavailability", 2, 3, "end")],
)
def test_a_time_cell_holding_another_day_is_refused(
    tmp_path: Path, sheet: str, row: int, column: int, cell: str
) -> None:
    # A fuzzer: '13/11/2025 10:00' typed in start (Excel makes it a date and a time) on
    # a row dated 10 or 11 November was read at 10:00 on the row's day, without a word.
    sheets = base()
    sheets[sheet][row][column] = datetime(2025, 11, 13, 10, 0)
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    found = find(problems, sheet, row + 1, cell, "holds a date and a time")
    assert "2025-11-13 10:00" in found.message
    # the same day as the row's date is only said again: read
    day = sheets[sheet][row][2 if sheet == "Fixed" else 1]
    # a date alone: "is a date, not a time", said once (a reader: twice)
    sheets[sheet][row][column] = datetime(2025, 11, 13)
    dated = [p for p in problems_of(write_xlsx(tmp_path / "d.xlsx", sheets))
             if (p.sheet, p.row) == (sheet, row + 1)]  # fmt: skip
    assert len(dated) == 1 and "is a date, not a time" in dated[0].message, dated
    at = {"Fixed": (10, 0), "Unavailability": (9, 0) if cell == "start" else (9, 45)}[sheet]
    sheets[sheet][row][column] = datetime.combine(date.fromisoformat(str(day)[:10]), time(*at))
    assert read_roster(write_xlsx(tmp_path / "s.xlsx", sheets)).companies


def _buyers_without_ids(sheets: dict, extra: int) -> None:
    """Buyers B3.. added, requested by id by E1; then the Buyers' id column deleted."""
    for n in range(3, 3 + extra):
        sheets["Buyers"].append([f"B{n}", f"Buyer number {n}", None, "en"])
        sheets["Requests"].append(["E1", f"B{n}"])
    sheets["Buyers"] = [row[1:] for row in sheets["Buyers"]]


def test_a_company_sheet_without_its_id_column_is_one_problem(tmp_path: Path) -> None:
    # A fuzzer: the Buyers' id column deleted gave one "unknown company" per reference
    # by id (583 lines), none naming the cause.
    sheets = base()
    _buyers_without_ids(sheets, extra=6)
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert len(problems) == 1, problems
    found = find(problems, "Buyers", 1, "id", "this sheet has no id column")
    assert "'B1'" in found.message and "references in other sheets name no company" in found.message


def test_without_an_id_column_a_few_typing_errors_keep_their_own_lines(tmp_path: Path) -> None:
    sheets = base()
    _buyers_without_ids(sheets, extra=0)
    sheets["Exporters"][1][9], sheets["Exporters"][2][9] = "Nile Traders", "Café Dubai"
    sheets["Unavailability"][1][0], sheets["Fixed"][1][1] = "Nile Traders", "Café Dubai"
    for n in range(3, 9):  # six buyers more, named by their names; three mistyped
        sheets["Buyers"].append([f"Buyer number {n}", None, "en"])
        sheets["Requests"].append(["E1", f"Buyer numbr {n}" if n < 6 else f"Buyer number {n}"])
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert not [p for p in problems if "no id column" in p.message]
    find(problems, "Requests", 3, "buyer", "unknown company 'Buyer numbr 3'")


def test_a_company_sheet_with_its_header_alone_is_one_problem(tmp_path: Path) -> None:
    # A fuzzer: "no buyer in this sheet", then 580 "unknown company" lines.
    sheets = base()
    sheets["Buyers"] = sheets["Buyers"][:1]
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert len(problems) == 1, problems
    find(problems, "Buyers", 2, "company", "no buyer in this sheet")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_csv_file_in_utf16_without_its_byte_order_mark_is_read(
    tmp_path: Path, codec: str
) -> None:
    # A fuzzer: read as UTF-8, each character came with a NUL: 946 garbled problems.
    _same_as_base(tmp_path, write_csv_folder(tmp_path / "csv", base(), encoding=codec))


def test_a_byte_order_mark_inside_a_csv_file_is_kept_as_typed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A BOM at a line's start (two files joined): a company's own id is kept as typed,
    # invisible characters too, so that an agenda written with it keeps its meetings
    # (dropping it re-announced them after an upgrade; a reader); references find it.
    folder = write_csv_folder(tmp_path / "csv", base())
    buyers = folder / "Buyers.csv"
    lines = buyers.read_bytes().split(b"\r\n")
    lines[2] = "\ufeff".encode() + lines[2]
    buyers.write_bytes(b"\r\n".join(lines))
    with caplog.at_level("WARNING"):
        inst = read_roster(folder)
    assert "\ufeffB2" in inst.companies and "B2" not in inst.companies
    # but said (a second reader: silent)
    said = [r.getMessage() for r in caplog.records if "byte order mark" in r.getMessage()]
    assert len(said) == 1 and "Buyers.csv: line 3 starts with a byte order mark" in said[0]
    # after a sep= line (any case), the file's own BOM is no joined file; a later one is
    caplog.clear()
    data = buyers.read_bytes()
    buyers.write_bytes(b"SEP=;\r\n" + "\ufeff".encode() + data)
    with caplog.at_level("WARNING"):
        read_roster(folder)
    said = [r.getMessage() for r in caplog.records if "byte order mark" in r.getMessage()]
    assert len(said) == 1 and "line 4 starts" in said[0], said
    assert ("E2", "\ufeffB2") in {(f.exporter_id, f.buyer_id) for f in inst.fixed}


def test_a_csv_row_with_a_stray_quote_is_named_by_its_line(tmp_path: Path) -> None:
    # A fuzzer: "cannot read this CSV file: ',' expected after '\"'", no row.
    sheets = base()
    sheets["Buyers"][1][6] = "Jane\nJohn"  # a value over two lines: row 2, lines 2-3
    folder = write_csv_folder(tmp_path / "csv", sheets)
    buyers = folder / "Buyers.csv"
    text = buyers.read_bytes().decode("utf-8-sig")
    buyers.write_bytes(text.replace('B2;Café Dubai', 'B2;"Cafe" Dubai').encode())
    problems = problems_of(folder)
    found = find(problems, "Buyers", 3, None, "cannot read this CSV file")  # row 3 ...
    assert "line 4 of the file" in found.message and 'doubled ("")' in found.message
    # other files' problems keep no sheet (a reader: every one got one)
    assert all(p.sheet is None for p in problems if p is not found and p.file != found.file)


def test_a_utf8_csv_file_with_a_stray_nul_byte_is_still_read(tmp_path: Path) -> None:
    # A reader: a NUL byte in a UTF-8 file is no UTF-16 without its BOM: read as before
    folder = write_csv_folder(tmp_path / "csv", base(), encoding="utf-8")
    buyers = folder / "Buyers.csv"
    buyers.write_bytes(buyers.read_bytes().replace(b"Coffee", b"Cof\x00fee", 1))
    assert {"B1", "B2"} <= set(read_roster(folder).companies)


@pytest.mark.parametrize("sheet", ["Requests", "Exporters", "Mission"])
def test_a_csv_file_of_0_bytes_is_refused_as_caught_while_being_saved(
    tmp_path: Path, sheet: str
) -> None:
    # A CSV-folder tester: a save that truncates then writes, caught between the two.
    # Requests.csv of 0 bytes planned 471 meetings of 512 (from cron, ~30 announced
    # ones cancelled, exit 0); Exporters.csv said "missing column 'company'".
    folder = write_csv_folder(tmp_path / "csv", base())
    (folder / f"{sheet}.csv").write_bytes(b"")
    [p] = problems_of(folder)
    assert (Path(p.file).name, p.sheet, p.row) == (f"{sheet}.csv", sheet, None)
    assert p.message.startswith("the file is empty (0 bytes): a file caught while it is "
                                "being saved")  # fmt: skip
    assert "the next run reads it whole" in p.message


def test_a_csv_file_of_its_header_row_alone_is_an_empty_sheet(tmp_path: Path) -> None:
    # (Beside the check above.) A sheet with no rows, saved as CSV: its header alone.
    sheets = base()
    sheets["Fixed"] = sheets["Fixed"][:1]
    assert read_roster(write_csv_folder(tmp_path / "csv", sheets)).fixed == ()


def test_a_download_in_progress_in_a_csv_folder_is_refused_naming_it(tmp_path: Path) -> None:
    # A CSV-folder tester: Requests.csv being downloaded (Firefox's 'Requests.csv.part',
    # Chrome's 'Unconfirmed 123456.crdownload') beside the other sheets: planned from
    # the wishes alone, exit 0.
    folder = write_csv_folder(tmp_path / "csv", base())
    requests = (folder / "Requests.csv").read_bytes()
    (folder / "Requests.csv").unlink()
    (folder / "Requests.csv.part").write_bytes(requests[: len(requests) // 2])
    (folder / "Unconfirmed 123456.crdownload").write_bytes(requests[:10])
    (folder / "lu4711abc.tmp").write_bytes(b"")  # a program's save, before its rename
    problems = problems_of(folder)
    assert sorted(Path(p.file).name for p in problems) == [
        "Requests.csv.part", "Unconfirmed 123456.crdownload", "lu4711abc.tmp"
    ]  # fmt: skip
    assert all(p.sheet is None and "download or a save in progress" in p.message
               and "the next run reads it whole" in p.message for p in problems)  # fmt: skip


def test_unrelated_files_and_lock_files_in_a_csv_folder_are_no_save_in_progress(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # (Beside the check above.) A Mac's .DS_Store, notes, a backup are read past; an
    # Office lock file says the file is open in a program, read as last saved, as a
    # workbook's does: a warning when plan plans, not a refusal.
    from asmex_sched.io.roster import read_roster_deferring_hints

    folder = write_csv_folder(tmp_path / "csv", base())
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "notes.txt").write_text("call Nairobi on Monday\n")
    (folder / "~$Requests.csv").write_bytes(b"owner")
    (folder / ".~lock.Buyers.csv#").write_text(",jane,office-pc,01.11.2025 09:00,file:///;")
    _same_as_base(tmp_path, folder)
    _, hints = read_roster_deferring_hints(folder)
    with caplog.at_level("WARNING", logger="asmex_sched"):
        hints.give()
    said = [r.getMessage() for r in caplog.records if "looks open" in r.getMessage()]
    assert len(said) == 2, said
    assert "Buyers.csv looks open in a spreadsheet program (.~lock.Buyers.csv# beside it; " \
        "set on office-pc on 2025-11-01 09:00" in said[0]
    assert "Requests.csv looks open in a spreadsheet program (~$Requests.csv beside it" in said[1]


def test_a_csv_file_whose_last_row_is_cut_off_is_refused_as_being_saved(
    tmp_path: Path,
) -> None:
    # A CSV-folder tester: Exporters.csv caught mid-save, its last line
    # 'MA-040,Agadir Citrus SARL,agriculture; tourism,fr; ar,1,,Kar' with no line end:
    # planned with 'Kar' for its contact and no wishes, exit 0.
    sheets = base()
    sheets["Exporters"].append(["E3", "Agadir Citrus", "Agri", "fr", 1, None, "Karim",
                                "k@ac.ma", "+212 6", "B1"])  # fmt: skip
    folder = write_csv_folder(tmp_path / "csv", sheets)
    exporters = folder / "Exporters.csv"
    whole = exporters.read_bytes()
    exporters.write_bytes(whole[: whole.rindex(b"Karim") + 3])  # '…;1;;Kar'
    [p] = problems_of(folder)
    assert (Path(p.file).name, p.sheet, p.row) == ("Exporters.csv", "Exporters", 4)
    assert p.message.startswith("this last row has 7 fields where the header and every "
                                "other row have 10, and no line end: it looks cut off")
    assert "the next run reads it whole" in p.message
    # Its fields all there, a last row with no line end is whole (an editor's file).
    exporters.write_bytes(whole.rstrip(b"\r\n"))
    assert "E3" in read_roster(folder).companies
    # So is a short last row in a file whose rows are not all alike (typed by hand).
    lines = whole.split(b"\r\n")
    lines[2] = lines[2].rpartition(b";")[0]  # E2's row without its wishes field
    exporters.write_bytes(b"\r\n".join(lines)[: whole.rindex(b"Karim") + 3])
    assert "E3" in read_roster(folder).companies


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_a_csv_file_ending_in_nul_bytes_is_refused_as_being_saved(
    tmp_path: Path, encoding: str
) -> None:
    # A CSV-folder tester: the last 300 bytes of Exporters.csv NUL, as a sync client
    # leaves a file mid-write: its last exporter lost, "unknown company" in every sheet.
    sheets = base()
    sheets["Exporters"].append(["E3", "Agadir", "Agri", "fr", 1, None, "", "", "", "B1"])
    folder = write_csv_folder(tmp_path / "csv", sheets, encoding=encoding)
    exporters = folder / "Exporters.csv"
    whole = exporters.read_bytes()
    start = whole.index("E3;".encode(encoding.replace("-sig", ""))[-6:])  # row 4's start
    start -= start % 2 if encoding == "utf-16" else 0
    exporters.write_bytes(whole[:start] + b"\x00" * (len(whole) - start))
    [p] = problems_of(folder)
    assert (Path(p.file).name, p.sheet, p.row) == ("Exporters.csv", "Exporters", 4)
    assert "NUL bytes from this row on" in p.message and "looks cut off" in p.message


def test_a_csv_file_cut_off_inside_a_quoted_value_is_refused_as_being_saved(
    tmp_path: Path,
) -> None:
    # A tester: Exporters.csv cut off in its last exporter's wishes, '…;"KE-063; K' with
    # no line end, said "cannot read row 22 … a value opened with a double quote must
    # end with one", as a typing error, where a short last line said it looked cut off.
    sheets = base()
    sheets["Exporters"].append(["E3", "Agadir Citrus", "Agri", "fr", 1, None, "Karim",
                                "k@ac.ma", "+212 6", "B1; B2"])  # fmt: skip
    folder = write_csv_folder(tmp_path / "csv", sheets)
    exporters = folder / "Exporters.csv"
    whole = exporters.read_bytes()
    cut = whole[: whole.rindex(b'"B1; B2"') + 5]  # '…;"B1; B'
    exporters.write_bytes(cut)
    [p] = problems_of(folder)
    assert (Path(p.file).name, p.sheet, p.row) == ("Exporters.csv", "Exporters", 4)
    assert p.message.startswith("this last row opens a value with a double quote and stops "
                                "before closing it, with no line end: it looks cut off")
    assert "the next run reads it whole" in p.message
    # A quote left open elsewhere is told as before: with a line end after it, or on
    # an earlier row (its value runs over the lines below).
    # A file with no final line end too: the short-last-row check read it leniently, the
    # open quote swallowing the rest into one short "last row … cut off" (a helper).
    earlier = whole.replace(b";Ali;", b';"Ali;')
    for data in (cut + b"\r\n", earlier, earlier.rstrip(b"\r\n")):
        exporters.write_bytes(data)
        [p] = problems_of(folder)
        assert "cannot read this CSV file" in p.message, data
        assert "a value opened with a double quote must end with one" in p.message


def test_without_an_id_column_typing_errors_with_a_suggestion_keep_their_lines(
    tmp_path: Path,
) -> None:
    # A reader: a roster naming companies by their names (no id column), four typos
    # among eight buyers, was told to put its id column back; each typo lost its row
    # and its "did you mean".
    sheets = base()
    _buyers_without_ids(sheets, extra=0)
    sheets["Exporters"][1][9], sheets["Exporters"][2][9] = "Nile Traders", "Café Dubai"
    sheets["Unavailability"][1][0], sheets["Fixed"][1][1] = "Nile Traders", "Café Dubai"
    names = ["Gulf Foods", "Atlas Import", "Sahara Trading", "Delta Retail", "Kivu Coffee",
             "Lagos Mart"]  # fmt: skip
    for name in names:
        sheets["Buyers"].append([name, None, "en"])
    for name in names[:4]:
        sheets["Requests"].append(["E1", name[:-1]])  # 'Gulf Food', 'Atlas Impor' ...
    problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert not [p for p in problems if "no id column" in p.message]
    for row, name in enumerate(names[:4], start=3):
        find(problems, "Requests", row, "buyer", f"did you mean '{name}'")


def test_date_serials_of_a_1904_workbook_count_from_1904(tmp_path: Path) -> None:
    # An other-apps tester: a workbook in the 1904 date system (Excel for Mac) with
    # first_day stored as a number was read 4 years and a day early, exit 0.
    from openpyxl import load_workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    path = write_xlsx(tmp_path / "r.xlsx", base())
    wb = load_workbook(path)
    wb.epoch = CALENDAR_MAC_1904
    first_day = date(2025, 11, 10)
    serial = (first_day - date(1904, 1, 1)).days
    ws = wb["Mission"]
    row = next(r for r in ws.iter_rows() if r[0].value == "first_day")
    row[1].value = serial  # a plain number, no date format
    ws_u = wb["Unavailability"]
    ws_u["B2"].value = serial + 1  # 2025-11-11, as typed in base()
    wb.save(path)
    inst = read_roster(path)
    assert inst.mission.first_day == first_day
    assert [u.day for u in inst.unavailability][:1] == [date(2025, 11, 11)]


def test_a_workbook_saved_under_a_csv_name_is_said_to_be_one(tmp_path: Path) -> None:
    # A second reader: an .xlsx copied to Fixed.csv was "accented letters in another
    # code page".
    folder = write_csv_folder(tmp_path / "csv", base())
    (folder / "Fixed.csv").write_bytes(write_xlsx(tmp_path / "r.xlsx", base()).read_bytes())
    problems = problems_of(folder)
    assert [p.file for p in problems if "no text file but a workbook" in p.message] == [
        str(folder / "Fixed.csv")
    ]
    # an old .xls (OLE) is not told to be renamed .xlsx (a fourth reader)
    (folder / "Fixed.csv").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    problems = problems_of(folder)
    assert [p for p in problems if "an Office file (an old .xls" in p.message]


def test_an_error_value_beyond_a_wrong_sheet_dimension_is_still_a_problem(
    tmp_path: Path,
) -> None:
    # An other-apps tester: a workbook whose <dimension> says A1:B2 (as some libraries
    # write it) had its #REF! cells read as blanks, exit 0.
    import re
    import zipfile

    sheets = base()
    sheets["Exporters"][2][5] = "#REF!"  # max_meetings of E2: an error cell
    path = write_xlsx(tmp_path / "r.xlsx", sheets)
    problems_of(path)  # refused with the right dimension
    wrong = tmp_path / "wrong.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(wrong, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:B2"/>', data)
                assert b'ref="A1:B2"' in data
            dst.writestr(item, data)
    problems = problems_of(wrong)
    find(problems, "Exporters", 3, "max_meetings", "#REF!")


def test_excels_escaped_carriage_returns_are_decoded(tmp_path: Path) -> None:
    # An other-apps tester: Excel and XlsxWriter store a carriage return in a cell as
    # '_x000D_', which openpyxl keeps: a wish per line read "unknown company
    # 'KE-039_x000D_'", and a name took it into file names.
    sheets = base()
    sheets["Exporters"][1][9] = "B1_x000D_\nCafé Dubai"
    _same_as_base(tmp_path, write_xlsx(tmp_path / "r.xlsx", sheets))
    # Only line breaks and tabs: other escapes are text as typed (a reader: 'E1_x0041_'
    # read 'E1A', an escaped emoji made lone surrogates and a traceback)
    sheets = base()
    sheets["Exporters"][1][0], sheets["Exporters"][1][1] = "E1_x0041_", "Agro_xD83D__xDE00_"
    sheets["Buyers"][1][-1] = "E1_x0041_"
    inst = read_roster(write_xlsx(tmp_path / "typed.xlsx", sheets))
    assert inst.companies["E1_x0041_"].name == "Agro_xD83D__xDE00_"
    # and an error value under a header over two lines is still found (a reader), once,
    # its column named on one line (a second reader)
    sheets = base()
    sheets["Exporters"][0] = [h if h != "max_meetings" else "Max_x000D_\nmeetings"
                              for h in sheets["Exporters"][0]]  # fmt: skip
    sheets["Exporters"][2][5] = "#N/A"
    find(problems_of(write_xlsx(tmp_path / "na.xlsx", sheets)), "Exporters", 3,
         "Max meetings", "#N/A")  # fmt: skip


def test_the_date_system_is_read_where_the_package_puts_the_workbook(tmp_path: Path) -> None:
    # A third reader: a workbook part at xl/wb/book.xml (openpyxl reads it) was taken
    # for a 1900 workbook, its 1904 serials read 4 years and a day early.
    import zipfile

    from asmex_sched.io.roster.raw import _workbook_epoch

    path = tmp_path / "moved.xlsx"
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/wb/book.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/wb/book.xml", '<workbook><workbookPr date1904="1"/></workbook>')
    assert _workbook_epoch(path) == date(1904, 1, 1)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/wb/book.xml", "<workbook><workbookPr/></workbook>")
    assert _workbook_epoch(path) == date(1899, 12, 30)
    with zipfile.ZipFile(path, "w") as z:  # a target written './xl/...' (a fourth reader)
        z.writestr("_rels/.rels", rels.replace('Target="xl/', 'Target="./xl/'))
        z.writestr("xl/wb/book.xml", '<workbook><workbookPr date1904="true"/></workbook>')
    assert _workbook_epoch(path) == date(1904, 1, 1)


def test_a_hidden_column_that_is_read_is_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # An other-apps tester: a hidden max_meetings column was read without a word,
    # where hidden rows get a warning.
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "r.xlsx", base())
    wb = load_workbook(path)
    wb["Exporters"].column_dimensions["F"].hidden = True  # max_meetings, E2 holds 3
    wb["Exporters"].column_dimensions["K"].hidden = True  # nothing there
    wb.save(path)
    with caplog.at_level("WARNING"):
        inst = read_roster(path)
    assert inst.companies["E2"].max_meetings == 3  # read like the others
    said = [r.getMessage() for r in caplog.records if "hidden" in r.getMessage()]
    assert len(said) == 1 and "sheet Exporters: column F is hidden; it is read" in said[0], said
