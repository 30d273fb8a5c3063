"""Values typed as coordinators type them (a QA tester's wild inputs): times in words,
priorities, tables and settings with their unit, decorated headers, e-mail cells."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from test_roster import base, find, problems_of, write_xlsx

from asmex_sched.io.roster import read_roster


@pytest.mark.parametrize(
    ("typed", "read"),
    [("9 heures", time(9, 0)), ("9 h", time(9, 0)), ("10 heures 30", time(10, 30)),
     ("1 heure", time(1, 0)), ("10 heures 30 min", time(10, 30))],
)  # fmt: skip
def test_hours_in_words_are_a_time(tmp_path: Path, typed: str, read: time) -> None:
    # '9 heures' was "a text of 8 characters is not a time (the reason typed in the
    # start column?)" where '9h' is read (a QA tester).
    sheets = base()
    sheets["Unavailability"].append(["B2", "2025-11-11", typed, None, "visit"])
    inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    [block] = [u for u in inst.unavailability if u.participant == "B2"]
    assert block.start == read


@pytest.mark.parametrize(
    ("typed", "read"),
    [("haute", 1), ("Haute", 1), ("P1", 1), ("high", 1), ("moyenne", 2), ("P2", 2),
     ("basse", 3), ("Low", 3), ("p3", 3)],
)  # fmt: skip
def test_a_priority_in_words_is_read(tmp_path: Path, typed: str, read: int) -> None:
    # 'haute' and 'P1' were "must be 1, 2 or 3", though the docs know them as priority
    # values in a look-alike column (a QA tester).
    sheets = base()
    sheets["Requests"][1][2] = typed
    inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    [request] = [r for r in inst.requests if r.key == ("E2", "B1")]
    assert request.priority == read


def test_a_priority_not_read_says_what_to_type(tmp_path: Path) -> None:
    sheets = base()
    sheets["Requests"][1][2] = "P4"
    problem = find(problems_of(write_xlsx(tmp_path / "r.xlsx", sheets)), "Requests", 2,
                   "priority", "'P4' must be 1 (most wanted), 2 or 3")  # fmt: skip
    assert "haute, moyenne, basse; high, medium, low; P1, P2, P3" in problem.message


@pytest.mark.parametrize("typed", ["Table 1", "T1", "table n°1", "#1", "Table 1.0", "Nº1",
                                   "N°1", "Table nº 1", "№1", "N. º1"])  # fmt: skip
def test_a_table_named_with_its_word_is_its_number(tmp_path: Path, typed: str) -> None:
    # 'Table 1' and 'T1' were "not a whole number" (a QA tester).
    sheets = base()
    sheets["Fixed"][1][4] = typed
    [fixed] = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets)).fixed
    assert fixed.table == 1


@pytest.mark.parametrize("typed", ["Salle 2", "T1-T2", "Table 1 ou 2"])
def test_a_table_not_read_says_what_to_type(tmp_path: Path, typed: str) -> None:
    sheets = base()
    sheets["Fixed"][1][4] = typed
    find(problems_of(write_xlsx(tmp_path / "r.xlsx", sheets)), "Fixed", 2, "table",
         f"{typed!r} is not a table number: type the number alone")  # fmt: skip


def _with_settings(**values: object) -> dict[str, list[list[object]]]:
    sheets = base()
    for name, value in values.items():
        rows = [r for r in sheets["Mission"] if r[0] == name]
        if rows:
            rows[0][1] = value
        else:
            sheets["Mission"].append([name, value])
    return sheets


def test_mission_counts_typed_with_their_unit_are_read(tmp_path: Path) -> None:
    # '2 jours', '3 tables', '1 interprète', '12h' were "not a whole number" / "not a
    # number" (a QA tester).
    sheets = _with_settings(days="2 jours", tables="3 tables", interpreters="1 interprète",
                            notice_hours="12h")  # fmt: skip
    mission = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets)).mission
    assert (len(mission.dates), mission.tables, mission.interpreters) == (2, 3, 1)
    assert mission.notice_hours == 12
    sheets = _with_settings(days="3 days", tables="2 Tables", interpreters="2 interpreters",
                            notice_hours="6 heures")  # fmt: skip
    mission = read_roster(write_xlsx(tmp_path / "e.xlsx", sheets)).mission
    assert (len(mission.dates), mission.tables, mission.interpreters) == (3, 2, 2)
    assert mission.notice_hours == 6


@pytest.mark.parametrize(
    ("setting", "typed", "said"),
    [("notice_hours", "2 jours", "'2 jours' is not a number of hours"),
     ("days", "48 h", "'48 h' is not a number of days"),
     ("tables", "3 interprètes", "'3 interprètes' is not a number of tables")],
)  # fmt: skip
def test_a_mission_count_in_another_unit_is_refused_saying_which(
    tmp_path: Path, setting: str, typed: str, said: str
) -> None:
    sheets = _with_settings(**{setting: typed})
    rows = [i for i, r in enumerate(sheets["Mission"], start=1) if r[0] == setting]
    find(problems_of(write_xlsx(tmp_path / "r.xlsx", sheets)), "Mission", rows[0], "Value",
         said)  # fmt: skip


@pytest.mark.parametrize(
    ("setting", "typed", "said"),
    [("notice_hours", "2 jours", "'2 jours' is not a number of hours: type 48"),
     ("notice_hours", "1 semaine", "'1 semaine' is not a number of hours: type 168"),
     ("notice_hours", "30 min", "'30 min' is not a number of hours: type 0.5"),
     ("notice_hours", "20 minutes", "'20 minutes' is not a number of hours: type 0.33 "
      "(rounded)"),
     ("days", "48 h", "'48 h' is not a number of days: type 2"),
     ("days", "3 heures", "type the number of days alone (a mission counts whole days"),
     ("tables", "12 personnes", "type the number of tables alone"),
     ("days", "2 jours ouvrés", "type the number of days alone (e.g. 2)")],
)  # fmt: skip
def test_a_count_in_another_unit_says_the_number_to_type(
    tmp_path: Path, setting: str, typed: str, said: str
) -> None:
    # '2 jours' of notice said "type the number of hours alone (e.g. 2)": the
    # coordinator typed 2 and got a 2-hour notice (a QA tester). A time is converted;
    # another unit's number is no example ('12 personnes' are not 12 tables).
    sheets = _with_settings(**{setting: typed})
    rows = [i for i, r in enumerate(sheets["Mission"], start=1) if r[0] == setting]
    problem = find(problems_of(write_xlsx(tmp_path / "r.xlsx", sheets)), "Mission",
                   rows[0], "Value", said)  # fmt: skip
    if "e.g." not in said:
        assert "e.g." not in problem.message


@pytest.mark.parametrize(
    ("setting", "typed", "said"),
    [("notice_hours", "-2 jours", "notice_hours: -2 jours must be at least 0"),
     ("notice_hours", "-90 min", "notice_hours: -90 min must be at least 0"),
     ("days", "-48 h", "days: -48 h must be at least 1"),
     ("days", "0 h", "days: 0 h must be at least 1"),
     ("days", "-2 jours ouvrés", "days: -2 jours ouvrés must be at least 1"),
     ("tables", "-3 tables rondes", "tables: -3 tables rondes must be at least 1")],
)  # fmt: skip
def test_a_count_below_its_least_in_another_unit_is_refused_so(
    tmp_path: Path, setting: str, typed: str, said: str
) -> None:
    # A second reader: '-2 jours' of notice said "type -48", a negative notice to type;
    # refused as the number alone is ("-48 must be at least 0").
    sheets = _with_settings(**{setting: typed})
    rows = [i for i, r in enumerate(sheets["Mission"], start=1) if r[0] == setting]
    problem = find(problems_of(write_xlsx(tmp_path / "r.xlsx", sheets)), "Mission",
                   rows[0], "Value", said)  # fmt: skip
    assert "type" not in problem.message


def test_several_addresses_in_one_cell_use_the_first_and_say_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Two addresses in one cell (a ';', a ',', one per line) went into the mail-merge
    # index as one, which a mail merge cannot send to (a QA tester).
    sheets = base()
    at = sheets["Buyers"][0].index("email")
    sheets["Buyers"][1][at] = "bob@nile.example\nsales@nile.example"
    sheets["Buyers"][2][at] = "cem@cd.example, info@cd.example"
    sheets["Exporters"][1][at] = "jane@agro.ke ; contact@agro.ke"
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert [c.email for c in (*inst.exporters, *inst.buyers)] == [
        "jane@agro.ke", "ali@st.tn", "bob@nile.example", "cem@cd.example"]  # fmt: skip
    said = caplog.text
    assert ("sheet Buyers, row 3, column email: 'cem@cd.example, info@cd.example' holds 2 "
            "e-mail addresses: a mail merge sends each company's message to one address, "
            "so cem@cd.example is used") in said  # fmt: skip
    assert "sheet Buyers, row 2, column email: 'bob@nile.example\\nsales@" in said
    assert "sheet Exporters, row 2, column email: 'jane@agro.ke ; contact@agro.ke'" in said


def test_an_address_with_spaces_around_its_at_is_no_address(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # 'ali @ st.example' went into the mail-merge index (a QA tester); the roster is
    # still planned (planning needs no e-mail).
    sheets = base()
    at = sheets["Exporters"][0].index("email")
    sheets["Exporters"][2][at] = " ali @ st.tn "
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert [c.email for c in inst.exporters] == ["jane@agro.ke", ""]
    assert ("sheet Exporters, row 3, column email: 'ali @ st.tn' is not an e-mail address "
            "(an address holds no space): left out") in caplog.text  # fmt: skip


def test_disguised_repeated_spaced_and_trailing_addresses(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A QA tester: 'jane [at] …; john [at] …' kept one with no warning; 'a@douze .ma' (a
    # space inside, not beside '@') went into index.csv unsaid; 'a@dix.ma, a@dix.ma'
    # was warned of as two addresses; 'a@quatre.ma;' was kept with its ';'.
    sheets = base()
    at = sheets["Buyers"][0].index("email")
    sheets["Buyers"][1][at] = "jane [at] nile.example; john [at] nile.example"
    sheets["Buyers"][2][at] = "a@dix.ma, A@dix.ma"
    sheets["Exporters"][1][at] = "a@quatre.ma;"
    sheets["Exporters"][2][at] = "a@douze .ma"
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert [c.email for c in (*inst.exporters, *inst.buyers)] == [
        "a@quatre.ma", "", "jane@nile.example", "a@dix.ma"]  # fmt: skip
    said = [r.getMessage() for r in caplog.records]
    assert [m for m in said if "column email" in m] == [
        f"{tmp_path / 'r.xlsx'}, sheet Exporters, row 3, column email: 'a@douze .ma' is not "
        "an e-mail address (an address holds no space): left out of the agendas and the "
        "mail-merge index",
        f"{tmp_path / 'r.xlsx'}, sheet Buyers, row 2, column email: 'jane [at] nile.example; "
        "john [at] nile.example' holds 2 e-mail addresses: a mail merge sends each "
        "company's message to one address, so jane@nile.example is used (in the "
        "mail-merge index and the agendas) and the others are left out; to use another, "
        "type it alone in the cell (copy the others in yourself)",
    ]
    # a name before the address, a note after it, stay as they are
    sheets["Exporters"][1][at], sheets["Exporters"][2][at] = "Ali <a.b@d.ma>", "a@b.ma (DG)"
    inst = read_roster(write_xlsx(tmp_path / "n.xlsx", sheets))
    assert [c.email for c in inst.exporters] == ["Ali <a.b@d.ma>", "a@b.ma (DG)"]


def test_a_label_before_an_address_is_left_out(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A second reader: 'Email: a@b.ma' went into the agendas and index.csv as typed.
    sheets = base()
    at = sheets["Buyers"][0].index("email")
    sheets["Exporters"][1][at] = "Email: a@b.ma"
    sheets["Exporters"][2][at] = "E-mail : c@d.ma"
    sheets["Buyers"][1][at] = "Courriel:e@f.ma"
    sheets["Buyers"][2][at] = "mailto:g@h.ma"  # a link's target: read, as before
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(path := write_xlsx(tmp_path / "r.xlsx", sheets))
    assert [c.email for c in (*inst.exporters, *inst.buyers)] == [
        "a@b.ma", "c@d.ma", "e@f.ma", "g@h.ma"]  # fmt: skip
    assert [r.getMessage() for r in caplog.records if "column email" in r.getMessage()] == [
        f"{path}, sheet {sheet}, row {row}, column email: {typed!r} holds a label before "
        f"the e-mail address: {used} is used (in the mail-merge index and the agendas); "
        "type the address alone in the cell"
        for sheet, row, typed, used in (
            ("Exporters", 2, "Email: a@b.ma", "a@b.ma"),
            ("Exporters", 3, "E-mail : c@d.ma", "c@d.ma"),
            ("Buyers", 2, "Courriel:e@f.ma", "e@f.ma"),
        )
    ]


def test_a_cell_of_an_address_and_more_is_said(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A re-check tester: 'a4@b.ma; note: VIP', 'Contact: a8@b.ma' went whole into the
    # agendas and index.csv with no word, though a mail merge cannot send to them. Kept
    # as typed (no guess at which label is one), each cell said, five then the rows.
    sheets = base()
    at = sheets["Buyers"][0].index("email")
    typed = ["a4@b.ma; note: VIP", "Contact: a8@b.ma", "Mail pro: a13@b.ma",
             "Tél: 0661234567, Email: a14@b.ma", "Email - a15@b.ma", "note: a17@b.ma"]
    for num, value in enumerate(typed, start=1):
        if num > 2:
            sheets["Buyers"].append([f"B{num}", f"Buyer {num}", "Food", "en", None, None,
                                     "", "", "", None])  # fmt: skip
        sheets["Buyers"][num][at] = value
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(path := write_xlsx(tmp_path / "r.xlsx", sheets))
    assert [b.email for b in inst.buyers] == typed
    said = [r.getMessage() for r in caplog.records if "column email" in r.getMessage()]
    what = ("is not one e-mail address alone: it goes as typed into the mail-merge index "
            "and the agendas, and a mail merge will not reach this company with it; type "
            "the address alone in the cell (one address, nothing else)")  # fmt: skip
    assert said == [
        f"{path}, sheet Buyers, row 2, column email: 'a4@b.ma; note: VIP' {what}",
        f"{path}, sheet Buyers, row 3, column email: 'Contact: a8@b.ma' {what}",
        f"{path}, sheet Buyers, row 4, column email: 'Mail pro: a13@b.ma' {what}",
        # no phone in a log (README, Personal data): the company named instead
        f"{path}, sheet Buyers, row 5, column email: the cell of Buyer 4 (it holds a "
        f"phone number) {what}",
        f"{path}, sheet Buyers, row 6, column email: 'Email - a15@b.ma' {what}",
        f"{path}, sheet Buyers, column email: 1 more cells are not one e-mail address "
        "alone, kept as typed: a mail merge will not reach these companies (rows 7)",
    ]
    assert "0661234567" not in caplog.text


def test_a_name_retyped_with_other_spaces_is_no_new_detail() -> None:
    # 'Société\u00a0Tunisienne ' (a non-breaking space pasted from a web page) was
    # "details changed (E2: name)" and a "new name" notice that reads the same, though
    # the roster's references take the two as one name (a QA tester).
    from dataclasses import replace

    from asmex_sched.domain import Company, Side
    from asmex_sched.report import details_changed

    was = Company(id="E2", name="Société Tunisienne", side=Side.EXPORTER,
                  contact="Ali Ben", sectors=("Textile", "Food"))  # fmt: skip
    same = replace(was, name="Société\u00a0Tunisienne ", contact="Ali\u202fBen\u200b",
                   sectors=("Food\u00a0", "Textile"))  # fmt: skip
    assert details_changed([was], [same]) == {}
    composed = replace(was, name="Socie\u0301te\u0301 Tunisienne")  # the accent apart
    assert details_changed([was], [composed]) == {}
    # what shows stays a change: a case, an accent, a letter
    for name in ("Societe Tunisienne", "SOCIÉTÉ TUNISIENNE", "Société Tunisienne SA"):
        assert details_changed([was], [replace(was, name=name)]) == {
            "E2": f"new name: {name}"}  # fmt: skip


def test_a_replan_with_a_name_retyped_with_other_spaces_says_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from datetime import datetime

    from asmex_sched import services
    from asmex_sched.model.solve import SolveOptions

    sheets = base()
    out = tmp_path / "agenda.xlsx"
    now = datetime(2025, 11, 3, 9, 0)
    services.plan(write_xlsx(tmp_path / "r1.xlsx", sheets), out, SolveOptions(time_limit=5),
                  now=now)  # fmt: skip
    sheets["Exporters"][2][1] = "Société\u00a0Tunisienne "
    with caplog.at_level("WARNING", logger="asmex_sched"):
        services.plan(write_xlsx(tmp_path / "r2.xlsx", sheets), out,
                      SolveOptions(time_limit=5), now=now)  # fmt: skip
    assert "details changed" not in caplog.text


@pytest.mark.parametrize("delegates", ["Nb délégués", "Nbre de délégués", "Nombre délégués",
                                       "Nbre délégués", "Nb délégué(s)"])  # fmt: skip
def test_decorated_headers_are_read(tmp_path: Path, delegates: str) -> None:
    # 'ID\n(code)' and 'Nb délégués' were dropped with a warning: the ids lost, and a
    # company sending 2 delegates planned with 1 (a QA tester).
    sheets = base()
    header = sheets["Exporters"][0] = list(sheets["Exporters"][0])
    header[0], header[1], header[4] = "ID\n(code)", "Entreprise (obligatoire)", delegates
    inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert [(c.id, c.name, c.delegates) for c in inst.exporters] == [
        ("E1", "Agro Kenya Ltd", 1), ("E2", "Société Tunisienne", 2)]  # fmt: skip


def test_delegates_under_an_unknown_header_are_a_problem(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Dropped with a warning, the column changed the plan: each company planned with one
    # delegate (a QA tester).
    sheets = base()
    header = sheets["Exporters"][0] = list(sheets["Exporters"][0])
    header[4] = "Délégués inscrits"
    find(problems_of(write_xlsx(tmp_path / "r.xlsx", sheets)), "Exporters", 2,
         "Délégués inscrits", "holds numbers (row 2) but is not read, and the sheet has no "
         "delegates column")  # fmt: skip
    # a head of delegation's name is no count: read, with the look-alike's warning
    header[4] = "Chef de délégation"
    sheets["Exporters"][1][4], sheets["Exporters"][2][4] = "Jane Doe", "Ali Ben"
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "n.xlsx", sheets))
    assert [c.delegates for c in inst.exporters] == [1, 1]
    assert "column 'Chef de délégation' is ignored" in caplog.text


def test_headers_over_lines_are_named_on_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A second reader: 'Nb\ndélégués' broke the problem's line where it named the
    # column, and was quoted 'Nb\\ndélégués'; line breaks and runs of spaces read as one.
    sheets = base()
    header = sheets["Exporters"][0] = list(sheets["Exporters"][0])
    header[4], header[5] = "Nb\ndélégués \n  inscrits", "Rendez-vous\r\nmax"
    header[2] = "Secteurs\n(activité)"
    sheets["Exporters"][2][5] = "beaucoup"
    with caplog.at_level("WARNING", logger="asmex_sched"):
        problems = problems_of(write_xlsx(tmp_path / "r.xlsx", sheets))
    find(problems, "Exporters", 2, "Nb délégués inscrits",
         "column 'Nb délégués inscrits' holds numbers")  # fmt: skip
    find(problems, "Exporters", 3, "Rendez-vous max", "'beaucoup' is not a whole number")
    assert all("\n" not in str(p) for p in problems)
    assert "column 'Secteurs (activité)' is ignored" in caplog.text


@pytest.mark.parametrize("label", ["Tél délégué", "Tel. délégué", "Téléphone délégué",
                                   "WhatsApp délégué", "Tél délégués"])  # fmt: skip
def test_a_header_of_phones_is_never_the_delegates(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, label: str
) -> None:
    # A second reader: the delegates' phones, typed as numbers under 'Tél délégué' in a
    # sheet without a delegates column, were told to be the delegates, exit 2. An
    # unknown column, ignored as others are ('Tél délégués' looks like phone).
    sheets = base()
    header = sheets["Exporters"][0] = list(sheets["Exporters"][0])
    header[4] = label
    sheets["Exporters"][1][4], sheets["Exporters"][2][4] = 661234567, 212661234567
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert [c.delegates for c in inst.exporters] == [1, 1]
    assert "'delegates'" not in caplog.text


def test_a_column_of_phone_long_numbers_is_never_the_delegates(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A re-check tester: 'Numéro délégué' over 9-digit phones typed as numbers was
    # still refused as an unread delegates column (exit 2): no count of delegates has
    # six digits. An unknown column as others; one of counts is still said.
    sheets = base()
    header = sheets["Exporters"][0] = list(sheets["Exporters"][0])
    header[4] = "Numéro délégué"
    sheets["Exporters"][1][4], sheets["Exporters"][2][4] = 661234567, 3
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert [c.delegates for c in inst.exporters] == [1, 1]  # read, not refused
    assert "holds numbers" not in caplog.text
    sheets["Exporters"][1][4] = 2
    find(problems_of(write_xlsx(tmp_path / "c.xlsx", sheets)), "Exporters", 2,
         "Numéro délégué", "column 'Numéro délégué' holds numbers")  # fmt: skip


def test_a_note_on_a_line_of_its_own_is_part_of_the_header(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # 'Priorité\n(3 = très important)' was read as 'priority', a 3 = most wanted request
    # planned as the least wanted, exit 0; 'Max RDV\n(par jour)' as a cap over the
    # mission; two 'Téléphone\n(fixe)'/'(mobile)' columns refused as duplicates (a QA
    # tester). A line break reads as a space: the one-line rules decide.
    sheets = base()
    sheets["Requests"][0][2] = "Priorité\n(3 = très important)"
    find(problems_of(write_xlsx(tmp_path / "p.xlsx", sheets)), "Requests", 2,
         "Priorité (3 = très important)", "with 1 for the most wanted")  # fmt: skip
    sheets = base()
    header = sheets["Exporters"][0] = list(sheets["Exporters"][0])
    header[5], header[8] = "Max RDV\n(par jour)", "Téléphone\n(fixe)"
    header.append("Téléphone\n(mobile)")
    for row in sheets["Exporters"][1:]:
        row.append("+212 661")
    with caplog.at_level("WARNING", logger="asmex_sched"):
        inst = read_roster(write_xlsx(tmp_path / "m.xlsx", sheets))
    assert [(c.max_meetings, c.phone) for c in inst.exporters] == [(None, ""), (None, "")]
    # quoted on one line (a second reader)
    assert "column 'Max RDV (par jour)' is ignored" in caplog.text
    assert "column 'Téléphone (mobile)' is ignored" in caplog.text
    # a note of the closed list is left out on a line of its own or not
    sheets = base()
    header = sheets["Exporters"][0] = list(sheets["Exporters"][0])
    header[4] = "Délégués\n(obligatoire)"
    assert [c.delegates for c in read_roster(write_xlsx(tmp_path / "d.xlsx", sheets)).exporters
            ] == [1, 2]  # fmt: skip
