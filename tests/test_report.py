"""``asmex-sched report``: per-company agendas read back (xlsx, ics, pdf, index, summary)."""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import re
import shutil
import subprocess
import sys
import zlib
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from asmex_sched.cli.app import app
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
from asmex_sched.errors import EXIT_BAD_INPUT, EXIT_LOCKED, EXIT_OK
from asmex_sched.io.agenda import read_agenda, write_agenda
from asmex_sched.io.report_files import parse_formats, pdf_font
from asmex_sched.io.report_files import pdf as pdf_module
from asmex_sched.io.report_files.pdf import (
    _UNSHAPED,
    _document_texts,
    _needs_shaping,
    company_pdf_bytes,
    latin_cut,
    pdf_missing_characters,
)
from asmex_sched.replan import (
    BOOKED_AGAIN,
    BOOKED_AGAIN_TABLE,
    CANCELLED_AFTER_MOVE,
    REBOOKED_CANCELLED,
)
from asmex_sched.report import (
    UnmetLine,
    build_company_agendas,
    change_reason,
    company_language,
    diff_agendas,
    document,
    file_stem,
    format_date,
    label,
    reason_text,
    slugify,
    unmet_text,
)

ARABIC = "شركة النيل للتجارة"
EVIL = "=cmd|' /C calc'!A0"

MISSION = Mission(
    first_day=date(2025, 11, 10),  # a Monday
    name="Mission Nairobi 2025",
    city="Nairobi",
    venue="KICC",
    timezone="Europe/Paris",
    days=2,
    day_start=time(9, 0),
    day_end=time(12, 0),
    meeting_minutes=30,
    breaks=((time(10, 30), time(10, 45)),),
    tables=3,
    interpreters=1,
)
# Slots: day 1 -> 0: 09:00, 1: 09:30, 2: 10:00, 3: 10:45, 4: 11:15; day 2 -> 5..9.

EXPORTERS = (
    Company(
        "E1",
        "Société Générale d'Export",
        Side.EXPORTER,
        sectors=("Agri",),
        languages=("fr",),
        contact="Anne Dupont",
        email="anne@sge.fr",
        phone="+33 1 23",
    ),
    Company(
        "E2",
        EVIL,
        Side.EXPORTER,
        sectors=("Energy",),
        languages=("en",),
        contact="-dash",
        email="e2@x.example",
        phone="+44 20",
    ),
    Company(
        "E3",
        ARABIC,
        Side.EXPORTER,
        sectors=("Food",),
        languages=("ar", "fr", "en"),
        contact="سمير",
        email="e3@nile.example",
    ),
)
BUYERS = (
    Company(
        "B1",
        "Kenya Foods",
        Side.BUYER,
        sectors=("Food",),
        languages=("en", "sw"),
        contact="Mary Wanjiru",
        email="mary@kf.example",
        phone="+254 700",
    ),
    Company(
        "B2",
        "Sun Power",
        Side.BUYER,
        sectors=("Energy",),
        languages=("sw",),
        contact="John Otieno",
        email="john@sun.example",
    ),
    Company("B3", "Idle Ltd", Side.BUYER, languages=("en",), email="idle@x.example"),
    Company("B4", "Steady Traders", Side.BUYER, languages=("en",)),
)
PAIRS = [
    ("E1", "B1"),
    ("E1", "B2"),
    ("E2", "B1"),
    ("E2", "B2"),
    ("E2", "B3"),
    ("E3", "B1"),
    ("E3", "B2"),
    ("E3", "B4"),
]
INSTANCE = Instance(
    MISSION,
    EXPORTERS,
    BUYERS,
    tuple(Request(e, b, 1, RequestedBy.EXPORTER) for e, b in PAIRS),
)
NEW = Schedule(
    (
        Meeting("E1", "B1", 0, 1),
        Meeting("E1", "B2", 1, 1, interpreter=True),
        Meeting("E2", "B1", 1, 2),
        Meeting("E3", "B2", 5, 3),
        Meeting("E3", "B1", 6, 1),
        Meeting("E3", "B4", 7, 2),
    )
)
OLD = Schedule(
    (
        Meeting("E1", "B1", 2, 2),  # -> moved to slot 0, table 1
        Meeting("E1", "B2", 1, 1, interpreter=True),
        Meeting("E2", "B1", 1, 2),
        Meeting("E2", "B2", 3, 1),  # -> cancelled
        Meeting("E3", "B2", 5, 3),
        Meeting("E3", "B4", 7, 2),
        # E3-B1 is added by the new plan
    )
)
UNSCHEDULED = (
    Unscheduled("E2", "B3", "no_common_slot"),
    Unscheduled("E2", "B2", "lost_to_priority", "tables full"),
)
MEETING_LABELS = {label("ref", "en"), label("ref", "fr")}


def _write(path: Path, schedule: Schedule, planned_at: str, unscheduled=UNSCHEDULED) -> Path:
    write_agenda(
        path,
        INSTANCE,
        schedule,
        unscheduled=unscheduled,
        summary={"mission": MISSION.name, "planned_at": planned_at},
    )
    return path


@pytest.fixture(scope="module")
def agendas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("agendas")
    return {
        "new": _write(root / "agenda.xlsx", NEW, "2025-11-08T18:30"),
        "old": _write(root / "old.xlsx", OLD, "2025-11-01T09:00", UNSCHEDULED[:1]),
    }


def run(*args: str):
    return CliRunner().invoke(app, ["report", *map(str, args)])


@pytest.fixture(scope="module")
def out(agendas: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("out")
    result = run(agendas["new"], "-o", folder, "--quiet")
    assert result.exit_code == 0, result.output
    return folder


def index(folder: Path) -> dict[str, dict[str, str]]:
    with open(folder / "index.csv", encoding="utf-8-sig", newline="") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


def sheet_rows(path: Path) -> list[tuple]:
    wb = load_workbook(path)
    ws = wb.active
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def meeting_rows(path: Path) -> list[tuple]:
    """Rows of the meeting table: after the header row ending with 'Ref.'."""
    rows = sheet_rows(path)
    start = next((i for i, r in enumerate(rows) if r[-1] in MEETING_LABELS), None)
    if start is None:  # no meeting: the sentence alone, without a header
        return []
    out = []
    for r in rows[start + 1 :]:
        if r[1] is None:  # end of the table (blank line or "no meeting" note)
            break
        out.append(r)
    return out


def events(path: Path) -> list:
    cal = Calendar.from_ical(path.read_bytes())
    return list(cal.walk("VEVENT"))


# ------------------------------------------------------------------- pure
def test_language_slug_and_dates() -> None:
    assert company_language(EXPORTERS[0]) == "fr"
    assert company_language(EXPORTERS[2]) == "en"  # fr and en -> English
    assert company_language(BUYERS[1]) == "en"  # neither
    assert company_language(BUYERS[0], "fr") == "fr"
    for french in (["Français"], ["fr-FR", "ar"], ["FRA"]):
        assert company_language(replace(BUYERS[0], languages=tuple(french))) == "fr"
    assert format_date(date(2025, 11, 10), "fr") == "lundi 10 novembre 2025"
    assert format_date(date(2025, 11, 10), "en") == "Monday 10 November 2025"
    assert format_date(date(2025, 8, 14), "fr") == "jeudi 14 août 2025"
    assert format_date(date(2025, 12, 1), "fr") == "lundi 1er décembre 2025"
    assert format_date(date(2025, 12, 1), "en") == "Monday 1 December 2025"
    assert slugify("Société Générale d'Export") == "societe-generale-d-export"
    assert slugify("Société Générale d’Export") == "societe-generale-d-export"  # (was 'dexport')
    assert slugify("Nguyễn Thị Ánh 华为 Lab") == "nguyen-thi-anh-lab"
    assert slugify("Ex\u00adport\u200d Foods\u2069") == "export-foods"  # (invisible: none)
    assert slugify(ARABIC) == ""
    # letters without a decomposition were dropped (a multi-script tester)
    assert slugify("Œnologie du Maghreb") == "oenologie-du-maghreb"
    assert slugify("Dış Ticaret Işık Ltd") == "dis-ticaret-isik-ltd"
    assert slugify("Großhandel Øresund Łódź") == "grosshandel-oresund-lodz"
    assert len(slugify("x" * 100)) == 40
    # cut after a whole word, not inside one (a tester)
    long = "Société Marocaine des Exportateurs Agroalimentaires du Souss"
    assert slugify(long) == "societe-marocaine-des-exportateurs"
    assert slugify("Atlas " + "y" * 60) == "atlas-" + "y" * 34  # no word end near: cut
    assert file_stem(EXPORTERS[2]) == "E3"
    assert file_stem(Company("a/b c", "Ça & Co", Side.BUYER)) == "a_b_c-ca-co"


def test_company_files_never_take_the_reports_or_the_agendas_names(tmp_path: Path) -> None:
    # A company whose name has no Latin letter is filed under its id alone: ids
    # `index`, `summary`, `agenda` overwrote the mail-merge index, the organisers'
    # summary and, with `-o .`, the agenda itself; `-rf` made a file read as a shell
    # option; a 220-character id stopped the run with "File name too long" (a tester).
    long_id = "X" * 220
    ids = {"E1": "index", "E2": "-rf", "E3": "agenda", "B1": "summary", "B2": "CON",
           "B3": long_id, "B4": "NUL.1"}  # fmt: skip
    ren = {old: replace(c, id=ids.get(c.id, c.id), name=ARABIC)
           for old, c in ((c.id, c) for c in (*EXPORTERS, *BUYERS))}  # fmt: skip
    instance = Instance(
        MISSION,
        tuple(ren[c.id] for c in EXPORTERS),
        tuple(ren[c.id] for c in BUYERS),
        tuple(Request(ids.get(e, e), ids.get(b, b), 1, RequestedBy.EXPORTER) for e, b in PAIRS),
    )
    schedule = Schedule(tuple(
        replace(m, exporter_id=ids.get(m.exporter_id, m.exporter_id),
                buyer_id=ids.get(m.buyer_id, m.buyer_id))
        for m in NEW.meetings
    ))  # fmt: skip
    agenda = tmp_path / "agenda.xlsx"
    write_agenda(agenda, instance, schedule, unscheduled=(), summary={"mission": MISSION.name})
    before = agenda.read_bytes()
    result = run(agenda, "-o", tmp_path, "--quiet")
    assert result.exit_code == 0, result.output
    assert agenda.read_bytes() == before  # the agenda was not written over
    # ids keep the ' that stops a spreadsheet reading `-rf` as a formula; file names need none
    rows = {cid.removeprefix("'"): row for cid, row in index(tmp_path).items()}
    assert set(rows) == {c.id for c in (*instance.exporters, *instance.buyers)}
    assert load_workbook(tmp_path / "index.xlsx").sheetnames == ["Index"]
    assert "Index" not in load_workbook(tmp_path / "summary.xlsx").sheetnames
    names = [rows[cid]["xlsx"] for cid in rows]
    assert len({n.lower() for n in names}) == len(names)
    for name in names:
        stem = name.removesuffix(".xlsx")
        assert stem.lower() not in {"index", "summary", "agenda", "con"}, name
        assert not name.startswith(("-", ".", "'")) and len(name) < 120, name
        assert (tmp_path / name).exists() and (tmp_path / f"{stem}.ics").exists()
    assert rows["index"]["xlsx"] == "index-2.xlsx" and rows["-rf"]["xlsx"] == "rf.xlsx"
    assert rows["NUL.1"]["xlsx"] == "NUL_1.xlsx"  # Windows reads NUL.1.xlsx as NUL (a reader)
    # the agenda given through a link in the output folder: its name is kept too, and
    # the real agenda elsewhere is not written through (a reader)
    real, pub = tmp_path / "real", tmp_path / "pub"
    real.mkdir()
    pub.mkdir()
    target = real / "agenda.xlsx"
    target.write_bytes(before)
    (pub / "agenda.xlsx").symlink_to(target)
    result = run(pub / "agenda.xlsx", "-o", pub, "--quiet")
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == before and (pub / "agenda-2.xlsx").exists()


def test_every_reason_code_has_its_sentence_in_both_languages() -> None:
    # A French agenda showed the raw code "pin_cancelled" (a second reader).
    for code, sentence in REASONS.items():
        assert reason_text(code, "", "en") == sentence
        french = reason_text(code, "detail", "fr")
        assert french not in (code, sentence) and "detail" not in french


def test_french_files_hold_their_punctuation_to_the_word(agendas: dict[str, Path]) -> None:
    # A French reader: 54 'Rendez-vous : …', 'Motif : …' in one company's calendar, an
    # ordinary space before the colon, which a calendar app or a PDF cell may break;
    # French typography's is non-breaking. English texts are as they were.
    from asmex_sched.report.document import event_text

    cas = build_company_agendas(read_agenda(agendas["new"]))
    for ca in cas:
        for lang in ("fr", "en"):
            told = replace(ca, lang=lang)
            doc = document(told)
            texts = [doc.title, doc.subtitle]
            for block in doc.blocks:
                texts += [block.title, block.empty, *block.columns]
                texts += [v for row in block.rows for v in row if isinstance(v, str)]
            for line in (*told.meetings, *told.cancelled):
                e = event_text(told, line)
                texts += [e.summary, e.location, e.description]
            joined = "\n".join(texts)
            # (the meeting table's column is plural: cells list several sectors,
            # 'ICT; manufacturing' under 'Secteur'; a French reader)
            meetings = doc.block("meetings")
            assert meetings is not None and meetings.columns[5] == label("sectors", lang)
            broken = re.findall(r".{0,12} [:;!?»]|« .{0,12}", joined)
            if lang == "fr":
                assert not broken, (ca.company.id, broken[:3])
                assert "\u00a0:" in joined or not told.meetings, ca.company.id  # (events)
            else:
                assert "\u00a0:" not in joined and " : " not in joined, ca.company.id


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("new meeting", "nouveau rendez-vous"),
        ("Atlas (E1) and Nile (B1) left the mission", "Atlas (E1) et Nile (B1) ont quitté"),
        ("Smith and Sons (B1) left the mission", "Smith and Sons (B1) a quitté"),
        ("E1 and B1 left the mission", "E1 et B1 ont quitté"),
        ("Nile (B1) is no longer available at the published time, and the two companies "
         "have no common available time left after 2025-11-11 20:00 (now + notice)",
         "après le 2025-11-11 20:00 (maintenant + préavis)"),
        ("changed by hand in the agenda", "modifié à la main"),
        ("table changed by hand in the agenda", "changement de table fait à la main"),
        ("its time went to other meetings, and no other common time is free for it",
         "son créneau a été attribué à d'autres rendez-vous, et aucun autre créneau commun"),
        ("the published time is no longer a slot of the programme, and no other common "
         "time is free for it", "l'horaire annoncé ne fait plus partie du programme, et"),
        # agendas written before session 11
        ("dropped to make room for higher-priority meetings", "rendez-vous prioritaires"),
        # a time closed to a whole group (ALL, EXPORTERS, BUYERS), not the companies
        ("the published time is now closed to meetings for all participants",
         "l'horaire annoncé est désormais fermé aux rendez-vous pour tous les participants"),
        # its words before session 21 ("for the whole mission" read "for the rest of
        # the mission": a coordinator's tester)
        ("the published time is now closed to meetings for the whole mission",
         "l'horaire annoncé est désormais fermé aux rendez-vous pour tous les participants"),
        ("the published time is now closed to meetings for all exporters, and no other "
         "common time is free for it", "fermé aux rendez-vous pour tous les exportateurs, "
         "et aucun autre créneau commun n'est libre"),
        ("the published time is now closed to meetings for all buyers, and the two "
         "companies no longer have a common available time", "fermé aux rendez-vous pour "
         "tous les acheteurs, et les deux entreprises n'ont plus de créneau commun"),
        ("the published time is now closed to meetings for all participants, and the two "
         "companies have no common available time left after 2025-11-11 20:00 (now + "
         "notice)", "pour tous les participants, et les deux entreprises n'ont plus de "
         "créneau commun après le 2025-11-11 20:00"),
        # a corrected id: the two companies joined by "et", a name's own "and" kept
        ("new reference for Smith (UK) and Sons (E1, now E01) and Nile (B1, now B01): the "
         "meeting is announced again under it", "nouvelle référence pour Smith (UK) and "
         "Sons (E1, désormais E01) et Nile (B1, désormais B01) : le rendez-vous est "
         "annoncé à nouveau sous celle-ci"),
        # a name holding "; ", alone and followed by why (it was said in no language)
        ("new reference for Smith; Sons (B7, now B07): the meeting is announced again "
         "under it", "nouvelle référence pour Smith; Sons (B7, désormais B07) : le "
         "rendez-vous est annoncé à nouveau sous celle-ci"),
        ("new reference for Smith; Sons (B7, now B07): the meeting is announced again "
         "under it, at another time; moved to make room for other meetings",
         "(B7, désormais B07) : le rendez-vous est annoncé à nouveau sous celle-ci, à un "
         "autre horaire ; déplacé pour faire place à d'autres rendez-vous"),
    ],
)  # fmt: skip
def test_change_reasons_in_french(english: str, french: str) -> None:
    # French companies were told what changed, never why (an empty column).
    assert french in change_reason(english, "fr")
    assert change_reason(english, "en") == english
    assert change_reason("typed by the coordinator", "fr") == ""


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("new contact person: Mary Wanjiru; John Kamau",
         "nouvelle personne de contact : Mary Wanjiru; John Kamau"),
        ("new phone: +254 700 000 001; +254 711 000 002",
         "nouveau téléphone : +254 700 000 001; +254 711 000 002"),
        ("new contact person: Mary; John; phone removed",
         "nouvelle personne de contact : Mary; John ; téléphone supprimé"),
        ("interpreter now booked; new e-mail: a@kf.example; b@kf.example",
         "un interprète est désormais réservé ; nouvel e-mail : a@kf.example; b@kf.example"),
    ],
)  # fmt: skip
def test_a_new_detail_holding_a_semicolon_is_told_in_french(english: str, french: str) -> None:
    # Two delegates typed in one contact cell: the value's own "; " split the reason,
    # its second name was no reason, and the French files' Motif was left empty.
    assert change_reason(english, "en") == english
    assert change_reason(english, "fr", NILE_FR, ("E1", "Atlas")) == french


ATLAS = Company("E1", "Atlas", Side.EXPORTER)
NILE = Company("B1", "Nile", Side.BUYER)
TOM = Company("Tom", "Tom", Side.EXPORTER)  # named by its id
NILE_FR = Company("B1", "Nile", Side.BUYER, languages=("fr",))


@pytest.mark.parametrize(
    ("written", "reader", "other", "english", "french"),
    [
        # A company was told "Nile (B1) is no longer available" about its own absence.
        ("Nile (B1) is no longer available at the published time", NILE, ATLAS,
         "you are no longer available at the published time",
         "vous n'êtes plus disponible à l'horaire annoncé"),
        ("Nile (B1) is no longer available at the published time", ATLAS, NILE,
         "Nile (B1) is no longer available at the published time",
         "Nile (B1) n'est plus disponible à l'horaire annoncé"),
        ("Atlas (E1) and Nile (B1) are no longer available at the published time, and the "
         "two companies no longer have a common available time", NILE, ATLAS,
         "you and Atlas (E1) are no longer available at the published time, and the two "
         "companies no longer have a common available time",
         "vous et Atlas (E1) n'êtes plus disponibles à l'horaire annoncé, et les deux"),
        # "(max_meetings 3)" is the roster's column: the coordinator's sheet keeps it.
        ("Nile (B1) has reached its maximum number of meetings (max_meetings 3)", NILE, ATLAS,
         "you have reached your maximum number of meetings",
         "vous avez atteint votre nombre maximal de rendez-vous"),
        ("Nile (B1) has reached its maximum number of meetings (max_meetings 3)", ATLAS, NILE,
         "Nile (B1) has reached its maximum number of meetings",
         "Nile (B1) a atteint son nombre maximal de rendez-vous"),
        # "(now + notice)" is a setting of the organisers': a company reads the time,
        # spelled as its agenda's dates are (a trade-fair tester: "2025-11-11 20:00")
        ("Nile (B1) is no longer available at the published time, and the two companies "
         "have no common available time left after 2025-11-11 20:00 (now + notice)", ATLAS,
         NILE, "Nile (B1) is no longer available at the published time, and the two "
         "companies have no common available time left after Tuesday 11 November 2025 at "
         "20:00", "les deux entreprises n'ont plus de créneau commun après le mardi 11 "
         "novembre 2025 à 20:00"),
        # "frozen" and "locked" are the planner's words: a company is told why it stayed.
        ("frozen meeting: Nile (B1) was declared unavailable then", ATLAS, NILE,
         "Nile (B1) was declared unavailable then, and no other common time was free for it",
         "indisponibilité déclarée pour Nile (B1) à cet horaire, et aucun autre créneau "
         "commun"),
        ("frozen meeting: Nile (B1) was declared unavailable then", NILE, ATLAS,
         "you were declared unavailable then, and no other common time was free for it",
         "indisponibilité déclarée pour vous à cet horaire, et aucun autre créneau"),
        ("locked meeting: Atlas (E1) and Nile (B1) were declared unavailable then", ATLAS,
         NILE, "you and Nile (B1) were declared unavailable then, and no other common time "
         "was free for it", "indisponibilité déclarée pour vous et Nile (B1) "
         "à cet horaire, et aucun autre créneau commun n'était libre"),
        # an agenda written before the wording changed
        ("frozen meeting: Nile (B1) declared itself unavailable then", ATLAS, NILE,
         "Nile (B1) was declared unavailable then, and no other common time was free for it",
         "indisponibilité déclarée pour Nile (B1) à cet horaire"),
        ("frozen meeting: its time was closed to meetings for the whole mission", NILE,
         ATLAS, "its time was closed to meetings for the whole mission, and no other common "
         "time was free for it", "son horaire a été fermé aux rendez-vous pour tous les "
         "participants, et aucun autre créneau commun n'était libre"),
        ("locked meeting: its time is no longer a slot of the programme", NILE, ATLAS,
         "its time is no longer in the programme, and no other common time was free for it",
         "son horaire ne fait plus partie du programme, et aucun autre créneau"),
        ("frozen meeting: Youssef Trading (B2) was declared unavailable then", ATLAS,
         Company("B2", "Youssef Trading", Side.BUYER),
         "Youssef Trading (B2) was declared unavailable then, and no other common time "
         "was free for it", "indisponibilité déclarée pour Youssef Trading (B2) à cet horaire"),
        # a cause, then why not at another time: each party as the reader says it (a
        # recipients' tester: the one at its maximum read its own name)
        ("Nile (B1) is no longer available at the published time; Atlas (E1) is at its "
         "maximum number of meetings with other companies (max_meetings 4)", ATLAS, NILE,
         "Nile (B1) is no longer available at the published time; you are at your maximum "
         "number of meetings with other companies",
         "Nile (B1) n'est plus disponible à l'horaire annoncé ; vous avez déjà votre nombre "
         "maximal de rendez-vous avec d'autres entreprises"),
        ("Nile (B1) is no longer available at the published time; Atlas (E1) has reached "
         "its maximum number of meetings (max_meetings 4)", NILE, ATLAS,
         "you are no longer available at the published time; Atlas (E1) has reached its "
         "maximum number of meetings", "vous n'êtes plus disponible à l'horaire annoncé ; "
         "Atlas (E1) a atteint son nombre maximal de rendez-vous"),
        ("Atlas (E1) is no longer available at the published time; Nile (B1) takes no "
         "meetings at this mission (max_meetings 0)", NILE, ATLAS,
         "Atlas (E1) is no longer available at the published time; the organisers planned "
         "no meeting for you", "Atlas (E1) n'est plus disponible à l'horaire annoncé ; les "
         "organisateurs n'ont prévu aucun rendez-vous pour vous"),
        ("the published time is no longer a slot of the programme; Nile (B1) takes no "
         "meetings at this mission (max_meetings 0)", ATLAS, NILE,
         "the published time is no longer a slot of the programme; Nile (B1) takes no "
         "meetings at this mission", "l'horaire annoncé ne fait plus partie du programme ; "
         "Nile (B1) ne prend aucun rendez-vous lors de cette mission"),
        ("Atlas (E1) now sends fewer delegates than meetings at the published time; Atlas "
         "(E1) has reached its maximum number of meetings (max_meetings 1)", ATLAS, NILE,
         "you now send fewer delegates than meetings at the published time; you have "
         "reached your maximum number of meetings", "vous envoyez désormais moins de "
         "délégués que de rendez-vous à l'horaire annoncé ; vous avez atteint votre nombre "
         "maximal de rendez-vous"),
        ("Atlas (E1) now sends fewer delegates than meetings at the published time; Nile "
         "(B1) is at its maximum number of meetings with other companies (max_meetings 2)",
         NILE, ATLAS, "Atlas (E1) now sends fewer delegates than meetings at the published "
         "time; you are at your maximum number of meetings with other companies",
         "; vous avez déjà votre nombre maximal de rendez-vous avec d'autres entreprises"),
        ("its time went to other meetings; the new plan found no other time for it", NILE,
         ATLAS, "its time went to other meetings; the new plan found no other time for it",
         "son créneau a été attribué à d'autres rendez-vous ; le nouveau planning n'a trouvé "
         "aucun autre horaire pour ce rendez-vous"),
        # names holding " and ", parentheses or "; " of their own (a second reader)
        ("Smith and Sons (B2) is no longer available at the published time",
         Company("B2", "Smith and Sons", Side.BUYER), ATLAS,
         "you are no longer available at the published time", "vous n'êtes plus"),
        ("Atlas (E1) and Smith and Sons (B2) are no longer available at the published "
         "time", Company("B2", "Smith and Sons", Side.BUYER), ATLAS,
         "you and Atlas (E1) are no longer available at the published time",
         "vous et Atlas (E1) n'êtes plus disponibles"),
        ("Nile (Egypt) (B1) is no longer available at the published time",
         Company("B1", "Nile (Egypt)", Side.BUYER), ATLAS,
         "you are no longer available at the published time", "vous n'êtes plus"),
        ("Atlas (E1) and Nile (Egypt) (B1) are no longer available at the published time",
         Company("B1", "Nile (Egypt)", Side.BUYER), ATLAS,
         "you and Atlas (E1) are no longer available at the published time",
         "vous et Atlas (E1) n'êtes plus disponibles"),
        ("Nile; Co (B1) is no longer available at the published time",
         Company("B1", "Nile; Co", Side.BUYER), ATLAS,
         "you are no longer available at the published time", "vous n'êtes plus"),
        ("Tom and Jerry (B1) is no longer available at the published time", TOM,
         Company("B1", "Tom and Jerry", Side.BUYER),
         "Tom and Jerry (B1) is no longer available at the published time",
         "Tom and Jerry (B1) n'est plus disponible"),
        ("Tom is no longer available at the published time", TOM, NILE,
         "you are no longer available at the published time", "vous n'êtes plus"),
        # a corrected id, then why the time changed: each part said (the second took
        # the whole, its "who" the first part, half English in French; a second reader)
        ("new reference for Tom (T1, now Tom): the meeting is announced again under it, at "
         "another time; Tom is no longer available at the published time", TOM, NILE,
         "your new reference (T1, now Tom): the meeting is announced again under it, at "
         "another time; you are no longer available at the published time",
         "votre nouvelle référence (T1, désormais Tom) : le rendez-vous est annoncé à "
         "nouveau sous celle-ci, à un autre horaire ; vous n'êtes plus disponible"),
        # its own new reference, as it reads it; its counterpart's named
        ("new reference for Tom (T1, now Tom): the same meeting, announced again under it",
         TOM, NILE, "your new reference (T1, now Tom): the same meeting, announced again "
         "under it", "votre nouvelle référence (T1, désormais Tom) : le même rendez-vous"),
        ("new reference for Nile (B7, now B1): the same meeting, announced again under it",
         TOM, NILE, "new reference for Nile (B7, now B1): the same meeting, announced again "
         "under it", "nouvelle référence pour Nile (B7, désormais B1) : le même rendez-vous"),
    ],
)  # fmt: skip
def test_change_reasons_as_the_company_reads_them(
    written: str, reader: Company, other: Company, english: str, french: str
) -> None:
    counterpart = (other.id, other.name)
    assert change_reason(written, "en", reader, counterpart) == english
    assert french in change_reason(written, "fr", reader, counterpart)
    for lang in ("en", "fr"):  # the planner's terms stay in the coordinator's sheet
        said = change_reason(written, lang, reader, counterpart)
        assert not any(term in said for term in ("max_meetings", "notice", "préavis"))
    # joined to an interpreter change, each part is said so
    both = f"{written}; interpreter now booked"
    assert change_reason(both, "en", reader, counterpart) == f"{english}; interpreter now booked"
    assert change_reason(both, "fr", reader, counterpart).endswith(
        " ; un interprète est désormais réservé"
    )


def test_the_re_planning_horizon_is_told_as_the_notice_it_is() -> None:
    # "no common available time left after Wednesday 12 November 2025 at 20:00": a
    # company cannot know 20:00 is now + notice_hours (a tester who disrupted the
    # example mission). Given the agenda's notice_hours, it is said; the coordinator's
    # sheet keeps "(now + notice)".
    written = ("Nile (B1) is no longer available at the published time, and the two "
               "companies have no common available time left after 2025-11-12 20:00 "
               "(now + notice)")  # fmt: skip
    counterpart = (NILE.id, NILE.name)
    assert change_reason(written, "en", ATLAS, counterpart, 12.0).endswith(
        "left after Wednesday 12 November 2025 at 20:00 (changes are announced at least "
        "12 hours ahead)"
    )
    assert change_reason(written, "fr", ATLAS, counterpart, 12.0).endswith(
        "après le mercredi 12 novembre 2025 à 20:00 (les changements sont annoncés au "
        "moins 12 heures à l'avance)"
    )
    assert change_reason(written, "en", ATLAS, counterpart, 1.0).endswith(
        "(changes are announced at least 1 hour ahead)"
    )
    assert change_reason(written, "fr", ATLAS, counterpart, 1.5).endswith(
        "(les changements sont annoncés au moins 1,5 heure à l'avance)"
    )
    assert change_reason(written, "en", None, None, 12.0) == written  # the coordinator's
    # notice_hours 0: no notice to speak of, the term dropped as before
    assert change_reason(written, "en", ATLAS, counterpart, 0.0).endswith("at 20:00")


def test_diff_agendas(agendas: dict[str, Path]) -> None:
    changes = diff_agendas(read_agenda(agendas["old"]), read_agenda(agendas["new"]))
    got = {(c.kind, c.exporter_id, c.buyer_id) for c in changes}
    assert got == {
        (ChangeKind.MOVED, "E1", "B1"),
        (ChangeKind.CANCELLED, "E2", "B2"),
        (ChangeKind.ADDED, "E3", "B1"),
    }
    moved = next(c for c in changes if c.kind == ChangeKind.MOVED)
    assert (moved.old_start, moved.old_table, moved.new_start, moved.new_table) == (
        time(10, 0),
        2,
        time(9, 0),
        1,
    )


def test_parse_formats() -> None:
    assert parse_formats(None) == ("xlsx", "ics")
    assert parse_formats(["pdf,xlsx", "ics"]) == ("xlsx", "ics", "pdf")


# ------------------------------------------------------------- the files
def test_one_file_set_per_company(out: Path) -> None:
    idx = index(out)
    assert set(idx) == {c.id for c in (*EXPORTERS, *BUYERS)}
    for cid, row in idx.items():
        assert row["xlsx"].startswith(cid) and (out / row["xlsx"]).is_file()
        assert row["ics"].endswith(".ics") and (out / row["ics"]).is_file()
        assert row["pdf"] == ""
    assert idx["E1"]["xlsx"] == "E1-societe-generale-d-export.xlsx"
    assert idx["E3"]["ics"] == "E3.ics"
    assert idx["E1"]["language"] == "fr" and idx["B1"]["language"] == "en"
    assert idx["B1"]["meetings"] == "3" and idx["B3"]["meetings"] == "0"
    assert idx["E2"]["company"] == "'" + EVIL  # CSV: neutralised for spreadsheets
    names = {r[0]: r[1] for r in load_workbook(out / "index.xlsx").active.values}
    assert names["E2"] == EVIL  # xlsx: the exact text


def test_every_meeting_in_exactly_its_two_companies_files(
    out: Path, agendas: dict[str, Path]
) -> None:
    agenda = read_agenda(agendas["new"])
    idx = index(out)
    xlsx = {cid: {r[-1]: r for r in meeting_rows(out / row["xlsx"])} for cid, row in idx.items()}
    ics = {cid: {str(e["UID"]): e for e in events(out / row["ics"])} for cid, row in idx.items()}
    assert sum(len(v) for v in xlsx.values()) == 2 * len(agenda.meetings)
    assert sum(len(v) for v in ics.values()) == 2 * len(agenda.meetings)
    for m in agenda.meetings:
        for cid in idx:
            involved = cid in m.key
            assert (m.meeting_id in xlsx[cid]) == involved
            assert (f"{m.meeting_id}@asmex-sched" in ics[cid]) == involved
        for cid in m.key:
            lang = idx[cid]["language"]
            row = xlsx[cid][m.meeting_id]
            assert row[:4] == (
                format_date(m.day, lang),
                f"{m.start:%H:%M}",
                f"{m.end:%H:%M}",
                m.table,
            )
            ev = ics[cid][f"{m.meeting_id}@asmex-sched"]
            assert ev["DTSTART"].dt.replace(tzinfo=None) == datetime.combine(m.day, m.start)
            assert ev["DTEND"].dt.replace(tzinfo=None) == datetime.combine(m.day, m.end)
            assert str(ev["X-ASMEX-TABLE"]) == str(m.table)
            assert f"table {m.table}" in str(ev["LOCATION"])
            assert str(ev["STATUS"]) == "CONFIRMED"
    # counterpart and contact details, interpreter flag
    e1 = xlsx["E1"]["E1--B2"]
    assert e1[4:10] == ("Sun Power", "Energy", "John Otieno", "john@sun.example", None, "oui")
    assert xlsx["B1"]["E2--B1"][4] == EVIL


def test_ics_timezone_and_stable_bytes(out: Path, agendas: dict[str, Path], tmp_path: Path) -> None:
    result = run(agendas["new"], "-o", tmp_path, "--quiet")
    assert result.exit_code == 0, result.output
    for f in sorted(out.iterdir()):
        assert (tmp_path / f.name).read_bytes() == f.read_bytes(), f.name
    cal = Calendar.from_ical((out / "E1-societe-generale-d-export.ics").read_bytes())
    assert str(cal["METHOD"]) == "PUBLISH"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    for ev in cal.walk("VEVENT"):
        assert ev["DTSTART"].params["TZID"] == "Europe/Paris"
        assert str(ev["DTSTART"].dt.tzinfo) == "Europe/Paris"
        # DTSTAMP derives from planned_at (18:30 in Paris = 17:30 UTC), not the clock
        assert ev["DTSTAMP"].dt == datetime.fromisoformat("2025-11-08T17:30:00+00:00")
    # The VTIMEZONE's onsets are the local times of each change in TZOFFSETFROM (RFC
    # 5545 3.6.5): icalendar wrote spring changes an hour late (a tester). Each is a
    # yearly rule (RRULE), the form Outlook reads (test_outlook_reads_...).
    from dateutil.rrule import rrulestr

    paris, onsets = ZoneInfo("Europe/Paris"), 0
    for observance in next(iter(cal.walk("VTIMEZONE"))).subcomponents:
        before, after = observance["TZOFFSETFROM"].td, observance["TZOFFSETTO"].td
        start = observance["DTSTART"].dt
        rule = rrulestr(observance["RRULE"].to_ical().decode(), dtstart=start)
        for local in rule.between(start, datetime(2031, 1, 1), inc=True):
            change = (local - before).replace(tzinfo=UTC)
            assert (change - timedelta(seconds=1)).astimezone(paris).utcoffset() == before, local
            assert change.astimezone(paris).utcoffset() == after, local
            onsets += 1
    assert onsets >= 10  # both changes of each year from the year before the mission


def _as_outlook_reads_it(vtimezone, local: datetime) -> timedelta:
    """The offset Outlook gives ``local`` by ``vtimezone`` ([MS-OXCICAL] 2.1.3.1.1.19):
    one STANDARD and one DAYLIGHT, each a yearly "n-th weekday of a month at a time"
    from its RRULE (BYMONTH, BYDAY) and DTSTART, or from its DTSTART alone; RDATE is
    not read."""
    import calendar as months

    def onset(observance) -> datetime:
        start, rule = observance["DTSTART"].dt, observance.get("RRULE")
        if rule:
            byday = rule["BYDAY"][0]
            weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU").index(byday[-2:])
            month, n = rule["BYMONTH"][0], int(byday[:-2])
        else:
            weekday, month, n = start.weekday(), start.month, (start.day - 1) // 7 + 1
            n = -1 if n == 5 else n
        days = [d for d in range(1, months.monthrange(local.year, month)[1] + 1)
                if months.weekday(local.year, month, d) == weekday]  # fmt: skip
        return datetime.combine(date(local.year, month, days[n - 1 if n > 0 else -1]),
                                start.time())  # fmt: skip

    [standard] = [o for o in vtimezone.subcomponents if o.name == "STANDARD"]
    daylight = [o for o in vtimezone.subcomponents if o.name == "DAYLIGHT"]
    if not daylight:
        return standard["TZOFFSETTO"].td
    up, down = onset(daylight[0]), onset(standard)
    summer = up <= local < down if up < down else not down <= local < up
    return (daylight[0] if summer else standard)["TZOFFSETTO"].td


@pytest.mark.parametrize(
    ("zone", "first_day"),
    [("Europe/Paris", date(2026, 3, 26)), ("America/Montreal", date(2026, 10, 30)),
     ("Australia/Sydney", date(2026, 4, 2)), ("Africa/Nairobi", date(2025, 11, 10)),
     # Morocco's changes around Ramadan follow no yearly rule: those of its days
     ("Africa/Casablanca", date(2026, 1, 12)), ("Africa/Casablanca", date(2026, 2, 23)),
     ("Africa/Casablanca", date(2026, 3, 20))],
)  # fmt: skip
def test_outlook_reads_the_calendars_time_zone_as_the_mission_has_it(
    zone: str, first_day: date
) -> None:
    # A recipients' tester: a Paris mission over the spring change sent a VTIMEZONE of
    # the zone's whole history (icalendar's), several STANDARD and DAYLIGHT parts whose
    # changes since 1977 are RDATE lists. Outlook keeps one yearly rule each and reads
    # no RDATE ([MS-OXCICAL]): by the 1976 rule (4th Sunday of March) its meetings of
    # Thursday 26 to Saturday 28 March, CET, were an hour off in Outlook calendars.
    from asmex_sched.io.report_files.ics import company_ics_bytes
    from asmex_sched.report import AgendaLine, CompanyAgenda

    mission = replace(MISSION, timezone=zone, first_day=first_day, days=5)
    lines = tuple(
        AgendaLine(f"E1--B{i}", first_day + timedelta(days=i), time(9, 30), time(10, 0), 1,
                   f"B{i}", f"Buyer {i}", (), "", "", "", False)
        for i in range(5)
    )  # fmt: skip
    for meetings in ((), lines):  # a company without a meeting gets the zone too
        ca = CompanyAgenda(EXPORTERS[0], "en", mission, "E1", meetings,
                           stamp=datetime(2026, 1, 5, 9, 0), sequence=7)  # fmt: skip
        cal = Calendar.from_ical(company_ics_bytes(ca))
        [vtimezone] = cal.walk("VTIMEZONE")
        assert str(vtimezone["TZID"]) == zone
        parts = [o.name for o in vtimezone.subcomponents]
        assert parts.count("STANDARD") == 1 and parts.count("DAYLIGHT") <= 1, parts
        assert all("RDATE" not in o for o in vtimezone.subcomponents)
        if "DAYLIGHT" in parts and zone != "Africa/Casablanca":
            assert all("RRULE" in o for o in vtimezone.subcomponents)
    offsets = set()
    for ev in cal.walk("VEVENT"):
        local = ev["DTSTART"].dt.replace(tzinfo=None)
        real = local.replace(tzinfo=ZoneInfo(zone)).utcoffset()
        assert _as_outlook_reads_it(vtimezone, local) == real, local
        offsets.add(real)
    assert len(offsets) == (
        1 if zone.startswith("Africa/") and first_day.month < 3 or zone == "Africa/Nairobi" else 2
    )


@pytest.mark.parametrize("zone", ["Africa/Abidjan", "Africa/Dakar"])
def test_ics_times_are_local_in_a_zone_at_utc(tmp_path: Path, zone: str) -> None:
    # A fresh coordinator's test: a mission in Abidjan (UTC+0 all year) had its events
    # written in UTC ('Z'), with no TZID and no VTIMEZONE, against the documented form.
    from asmex_sched import services
    from asmex_sched.io.agenda import read_agenda
    from asmex_sched.model.solve import SolveOptions
    from benchmarks.generator import generate, write_xlsx

    rows = generate(3, 3, 5, days=1, requests_per_exporter=(2, 3), tables=3, n_fixed=0,
                    timezone=zone)  # fmt: skip
    out = tmp_path / "agenda.xlsx"
    services.plan(write_xlsx(rows, tmp_path / "roster.xlsx"), out, SolveOptions(time_limit=5),
                  now=datetime(2025, 11, 1, 8, 0))  # fmt: skip
    services.report(out, tmp_path / "agendas", formats="ics")
    meetings = {m.meeting_id: m for m in read_agenda(out).meetings}
    seen = 0
    for path in sorted((tmp_path / "agendas").glob("*.ics")):
        for event in path.read_text().split("BEGIN:VEVENT")[1:]:
            assert not [ln for ln in event.splitlines() if ln.startswith(("DTSTART:", "DTEND:"))]
        cal = Calendar.from_ical(path.read_bytes())
        assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == [zone]
        for ev in cal.walk("VEVENT"):
            assert ev["DTSTART"].params["TZID"] == zone == ev["DTEND"].params["TZID"]
            m = meetings[str(ev["X-ASMEX-MEETING-ID"])]
            assert ev["DTSTART"].dt == datetime.combine(m.day, m.start, tzinfo=ZoneInfo(zone))
            seen += 1
    assert seen > 0


def test_french_and_english_labels(out: Path, agendas: dict[str, Path], tmp_path: Path) -> None:
    fr = sheet_rows(out / "E1-societe-generale-d-export.xlsx")
    text = " ".join(str(v) for r in fr for v in r if v is not None)
    assert "Vos rendez-vous" in text and "lundi 10 novembre 2025" in text
    assert "Exportateur" in text and "du lundi 10 novembre 2025 au mardi 11 novembre 2025" in text
    en = " ".join(str(v) for r in sheet_rows(out / "B1-kenya-foods.xlsx") for v in r if v)
    assert "Your meetings" in en and "Monday 10 November 2025" in en
    assert "lundi" not in en
    summaries = {str(e["SUMMARY"]) for e in events(out / "E1-societe-generale-d-export.ics")}
    # (a non-breaking space before the colon: French typography, a French reader)
    assert summaries == {"Rendez-vous\u00a0: Kenya Foods", "Rendez-vous\u00a0: Sun Power"}
    fr_text = [str(e["DESCRIPTION"]) for e in events(out / "E1-societe-generale-d-export.ics")]
    assert all("Interlocuteur\u00a0: " in d for d in fr_text)  # French typography
    assert all("Counterpart: " in str(e["DESCRIPTION"]) for e in events(out / "E3.ics"))
    # Every line a label and a value: no "Phone: " left empty, "Ref.: " with its colon
    # like the others (a proofreader).
    for path in out.glob("*.ics"):
        for e in events(path):
            for line in str(e["DESCRIPTION"]).splitlines():
                label_, sep, value = line.partition(": ")
                assert sep and label_.strip() and value.strip(), (path.name, line)
    assert "Meeting: Kenya Foods" in {str(e["SUMMARY"]) for e in events(out / "E3.ics")}
    # --lang overrides the company's language
    assert run(agendas["new"], "-o", tmp_path, "-c", "B1", "--lang", "fr", "-q").exit_code == 0
    forced = " ".join(str(v) for r in sheet_rows(tmp_path / "B1-kenya-foods.xlsx") for v in r if v)
    assert "Vos rendez-vous" in forced and "lundi 10 novembre 2025" in forced
    assert set(index(tmp_path)) == {"B1"}


def test_the_mission_block_gives_hours_breaks_and_utc_offset(agendas: dict[str, Path]) -> None:
    # The breaks were never shown, and the time zone only by its IANA name.
    from asmex_sched.report import build_company_agendas, document

    [fr] = build_company_agendas(read_agenda(agendas["new"]), company_ids=["E1"])
    rows = dict(document(fr).block("mission").rows)  # type: ignore[union-attr]
    # the slots' hours: the last 30-minute meeting ends at 11:45, as no other fits
    # before the day's end at 12:00 (it said 09:00–12:00, the settings)
    assert rows["Horaires des rendez-vous"] == "09:00–11:45"
    assert rows["Pauses (sans rendez-vous)"] == "10:30–10:45"
    assert "Europe/Paris, UTC+01:00" in rows["Fuseau horaire"]  # November: winter time
    # 45-minute meetings: the agendas said 09:00–17:30 and a break 12:30–14:00, the
    # settings, while the meetings ended at 12:00 and 17:00 (a tester)
    from asmex_sched.report import meeting_hours

    mission = replace(MISSION, day_end=time(17, 30), meeting_minutes=45,
                      breaks=((time(12, 30), time(14, 0)),))  # fmt: skip
    assert meeting_hours(mission) == (
        (time(9, 0), time(17, 0)), ((time(12, 0), time(14, 0)),)
    )


def test_a_clock_change_during_the_mission_gives_each_offset_its_days() -> None:
    # A reader: a Montréal mission over the end of daylight saving time read
    # "UTC-04:00" for every day; its Sunday and Monday meetings were at UTC-05:00.
    from asmex_sched.report import utc_offsets

    montreal = replace(MISSION, timezone="America/Montreal", first_day=date(2026, 10, 30),
                       days=4)  # fmt: skip
    assert utc_offsets(montreal, "en") == (
        "-04:00 until Saturday 31 October 2026, UTC-05:00 from Sunday 1 November 2026"
    )
    assert utc_offsets(montreal, "fr") == (
        "-04:00 jusqu'au samedi 31 octobre 2026, UTC-05:00 à partir du dimanche 1er "
        "novembre 2026"
    )
    one = replace(montreal, first_day=date(2026, 11, 2), days=3)  # after the change
    assert utc_offsets(one, "en") == "-05:00"


def test_a_clock_change_within_a_days_hours_is_said_with_its_time() -> None:
    # A night session on Paris' spring night: "UTC+01:00 until Sunday 29 March" while
    # that Sunday's meetings from 03:00 were at UTC+02:00 (a tester).
    from asmex_sched.report import utc_offsets

    night = replace(MISSION, timezone="Europe/Paris", first_day=date(2026, 3, 28), days=3,
                    day_start=time(1, 30), day_end=time(5, 0), breaks=())  # fmt: skip
    assert utc_offsets(night, "en") == (
        "+01:00 until Sunday 29 March 2026 at 02:00, UTC+02:00 from Sunday 29 March 2026 at 03:00"
    )
    assert utc_offsets(night, "fr") == (
        "+01:00 jusqu'au dimanche 29 mars 2026 à 02:00, UTC+02:00 à partir du dimanche 29 mars "
        "2026 à 03:00"
    )
    day = replace(night, day_start=time(9, 0), day_end=time(17, 0))  # the change before 09:00
    assert utc_offsets(day, "en") == (
        "+01:00 until Saturday 28 March 2026, UTC+02:00 from Sunday 29 March 2026"
    )


def test_each_company_sees_its_other_commitments_and_no_one_elses(tmp_path: Path) -> None:
    # The mission's blocks (an opening ceremony, a site visit for exporters) and a
    # company's own were in no agenda sent to the companies (a second reader).
    from asmex_sched.domain import Unavailability
    from asmex_sched.report import build_company_agendas, document

    day = MISSION.first_day
    blocks = (
        Unavailability("ALL", day, time(9, 0), time(9, 30), "Opening ceremony"),
        Unavailability("EXPORTERS", day + timedelta(days=1), time(11, 0), time(12, 0),
                       "Site visit"),
        Unavailability("E1", day, time(11, 15), time(12, 0), "Factory visit"),
        Unavailability("B1", day, time(10, 0), time(10, 30), "Call with HQ"),
    )  # fmt: skip
    agenda = tmp_path / "agenda.xlsx"
    write_agenda(agenda, INSTANCE.replace(unavailability=blocks), NEW, unscheduled=(),
                 summary={"planned_at": "2025-11-08T18:30"})  # fmt: skip
    read = read_agenda(agenda)
    assert sorted(read.unavailability, key=str) == sorted(blocks, key=str)  # round trip
    shown = {}
    for ca in build_company_agendas(read, company_ids=["E1", "B1"]):
        block = document(ca).block("blocked")
        assert block is not None
        shown[ca.company.id] = [row[-1] for row in block.rows]
    assert shown == {
        "E1": ["Opening ceremony", "Factory visit", "Site visit"],
        "B1": ["Opening ceremony", "Call with HQ"],
    }


def test_workbooks_are_dated_the_plan_as_the_pdfs_are(agendas: dict[str, Path]) -> None:
    # Every company workbook read "created 1 January 2000" in Excel's File > Info, where
    # its PDF said the plan's date (a proofreader); the agenda itself too.
    from asmex_sched.io.report_files import company_xlsx_bytes, summary_xlsx_bytes
    from asmex_sched.report import planned_at

    agenda = read_agenda(agendas["new"])
    local = planned_at(agenda)
    assert local is not None
    utc = local.replace(tzinfo=ZoneInfo(agenda.mission.timezone)).astimezone(UTC)
    expected = utc.replace(tzinfo=None)
    (ca,) = build_company_agendas(agenda, company_ids=["E1"])
    for data in (company_xlsx_bytes(ca), summary_xlsx_bytes(agenda)):
        props = load_workbook(io.BytesIO(data)).properties
        assert (props.created, props.modified) == (expected, expected)
    assert load_workbook(agendas["new"]).properties.created == expected


def test_company_without_meeting_says_so(out: Path) -> None:
    rows = sheet_rows(out / "B3-idle-ltd.xlsx")
    texts = [v for r in rows for v in r if isinstance(v, str)]
    assert label("no_meeting", "en") in texts
    assert meeting_rows(out / "B3-idle-ltd.xlsx") == []
    # The sentence alone, as in the PDF: no meeting table header over nothing (a
    # proofreader), and so no header repeated on printed pages.
    assert label("ref", "en") not in texts and label("interpreter", "en") not in texts
    assert load_workbook(out / "B3-idle-ltd.xlsx").active.print_title_rows is None
    assert events(out / "B3-idle-ltd.ics") == []
    # Still a valid calendar: RFC 5545 wants at least one component (a second reader).
    cal = Calendar.from_ical((out / "B3-idle-ltd.ics").read_bytes())
    assert [c.name for c in cal.subcomponents] == ["VTIMEZONE"]
    # the unmet wish and its reason
    assert label("no_common_slot", "en") in texts


def test_formula_like_text_is_text(out: Path) -> None:
    for f in sorted(out.glob("*.xlsx")):
        wb = load_workbook(f)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (f.name, cell.coordinate, cell.value)
    e2 = sheet_rows(out / "E2-cmd-c-calc-a0.xlsx")
    assert any(EVIL in r for r in e2)
    assert any("-dash" in r for r in sheet_rows(out / "B1-kenya-foods.xlsx"))


def test_print_setup(out: Path) -> None:
    ws = load_workbook(out / "B1-kenya-foods.xlsx").active
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4  # "9": A4
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    header = int(ws.print_title_rows.split(":")[0].lstrip("$"))
    assert ws.cell(header, 11).value == "Ref." and ws.cell(header, 1).value == "Date"


def test_summary_workbook(out: Path) -> None:
    wb = load_workbook(out / "summary.xlsx")
    assert wb.sheetnames == [
        "Overview",
        "Per day and sector",
        "Interpreters per slot",
        "Tables per slot",
        "Worst-off companies",
    ]
    per = [tuple(c.value for c in r) for r in wb["Per day and sector"].iter_rows()]
    assert per[-1][0] == "Total" and per[-1][-1] == len(NEW)
    interp = [tuple(c.value for c in r) for r in wb["Interpreters per slot"].iter_rows()]
    assert ("2025-11-10", "09:30", "10:00", 1, 1, 100.0) in interp
    worst = [tuple(c.value for c in r) for r in wb["Worst-off companies"].iter_rows()]
    assert worst[1][1] == "B3" and worst[1][3] == 0
    # a company with no request has no share (0 read as "0 % served"; a reader)
    for row in worst[1:]:
        assert (row[6] is None) == (row[5] == 0), row
    from asmex_sched.report import summary_tables

    none = {t.title: t.rows for t in summary_tables(bare_agenda())}["Worst-off companies"]
    assert none and all(r[5] == 0 and r[6] is None for r in none)


def test_a_pair_typed_into_meetings_is_not_also_unmet(tmp_path: Path) -> None:
    # A meeting added by hand to an agenda not re-planned since: its pair, still in the
    # Unscheduled sheet, was listed among the company's requests that could not be
    # scheduled and counted twice in the summary (an auditor of the reasons).
    typed = Unscheduled("E1", "B1", "lost_to_priority", "tables full")  # E1-B1 is held
    agenda = _write(tmp_path / "agenda.xlsx", NEW, "2025-11-08T18:30", (*UNSCHEDULED, typed))
    result = run(agenda, "-o", tmp_path / "out", "-c", "E1", "-c", "E2", "--quiet")
    assert result.exit_code == 0, result.output
    ws = load_workbook(tmp_path / "out" / "summary.xlsx")["Worst-off companies"]
    rows = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    held = Counter(cid for m in NEW.meetings for cid in m.key)
    unmet = Counter(cid for u in UNSCHEDULED for cid in (u.exporter_id, u.buyer_id))
    for cid in ("E1", "B1", "E2"):
        assert rows[cid][3:6] == (held[cid], unmet[cid], held[cid] + unmet[cid]), rows[cid]
    e1 = next((tmp_path / "out").glob("E1-*.xlsx"))
    cells = [c for r in load_workbook(e1).active.iter_rows(values_only=True) for c in r if c]
    assert not {label("unmet", "en"), label("unmet", "fr")} & set(cells)  # E1: none unmet
    assert any("Kenya Foods" in str(c) for c in cells)  # among its meetings


def test_a_cancelled_meeting_typed_back_by_hand_is_not_told_cancelled(tmp_path: Path) -> None:
    # A re-plan cancelled E1-B1; the coordinator typed it back into Meetings: the
    # company's file listed it among its meetings and as "cancelled" (a reader).
    gone = Change(ChangeKind.CANCELLED, "E1", "B1", old_day=MISSION.first_day,
                  old_start=time(11, 0), old_table=3, reason="Zanzibar storm")  # fmt: skip
    agenda = tmp_path / "agenda.xlsx"
    write_agenda(agenda, INSTANCE, NEW, unscheduled=UNSCHEDULED, changes=(gone,),
                 summary={"mission": MISSION.name, "planned_at": "2025-11-08T18:30"})  # fmt: skip
    result = run(agenda, "-o", tmp_path / "out", "-c", "E1", "--quiet")
    assert result.exit_code == 0, result.output
    e1 = next((tmp_path / "out").glob("E1-*.xlsx"))
    cells = [str(c) for r in load_workbook(e1).active.iter_rows(values_only=True) for c in r if c]
    assert any("Kenya Foods" in c for c in cells)  # among its meetings
    assert not {label("cancelled", "fr"), label("cancelled", "en")} & set(cells)


def test_occupancy_leaves_out_slots_when_a_whole_side_is_away() -> None:
    # The slots of an opening ceremony or an exporters' site visit counted as capacity.
    from asmex_sched.domain import Unavailability
    from asmex_sched.report import summary_tables

    day = MISSION.first_day
    plain = bare_agenda()
    away = bare_agenda(
        unavailability=(Unavailability("EXPORTERS", day, time(9, 0), time(9, 30), "Visit"),)
    )
    rows = {t.title: t.rows for t in summary_tables(away)}["Tables per slot"]
    assert rows[0][:5] == ("2025-11-10", "09:00", "09:30", 0, 0)  # no capacity then
    before = {t.title: t.rows for t in summary_tables(plain)}["Tables per slot"][-1]
    assert rows[-1][4] == before[4] - MISSION.tables  # one slot's tables less in all


def test_changed_since(agendas: dict[str, Path], tmp_path: Path) -> None:
    result = run(agendas["new"], "-o", tmp_path, "--changed-since", agendas["old"])
    assert result.exit_code == 0, result.output
    idx = index(tmp_path)
    assert set(idx) == {"E1", "E2", "E3", "B1", "B2"}  # B3, B4 unchanged: no file
    assert "2 companies unchanged (no file)" in " ".join(result.output.split())
    one = run(agendas["new"], "-o", tmp_path / "one", "--changed-since", agendas["old"],
              "-c", "E1", "-c", "B3")  # fmt: skip
    assert "1 company unchanged (no file)" in " ".join(one.output.split()), one.output
    assert not list(tmp_path.glob("B3-*")) and not list(tmp_path.glob("B4-*"))
    e1 = sheet_rows(tmp_path / idx["E1"]["xlsx"])
    texts = [v for r in e1 for v in r if isinstance(v, str)]
    assert label("changes", "fr") in texts
    moved = next(r for r in e1 if r[0] == "déplacé")
    shown = tuple(v for v in moved if v is not None)  # each value in its merged cells
    assert shown[1:4] == (
        "Kenya Foods",
        "lundi 10 novembre 2025 10:00, table 2",
        "lundi 10 novembre 2025 09:00, table 1",
    )
    b2 = events(tmp_path / idx["B2"]["ics"])
    cancelled = [e for e in b2 if str(e["STATUS"]) == "CANCELLED"]
    assert [str(e["UID"]) for e in cancelled] == ["E2--B2@asmex-sched"]
    # Events carry a SEQUENCE that grows with planned_at.
    assert int(cancelled[0]["SEQUENCE"]) > 0
    assert cancelled[0]["DTSTART"].dt.replace(tzinfo=None) == datetime(2025, 11, 10, 10, 45)
    b1 = {str(e["UID"]): e for e in events(tmp_path / idx["B1"]["ics"])}
    assert int(b1["E1--B1@asmex-sched"]["SEQUENCE"]) == int(cancelled[0]["SEQUENCE"])
    # E3--B1 is new since the old agenda: it carries the plan's SEQUENCE too.
    assert int(b1["E3--B1@asmex-sched"]["SEQUENCE"]) == int(cancelled[0]["SEQUENCE"])
    b2_rows = [v for r in sheet_rows(tmp_path / idx["B2"]["xlsx"]) for v in r]
    assert "cancelled" in b2_rows and EVIL in b2_rows


def test_every_column_of_the_change_notice_is_wide_enough_to_read(
    agendas: dict[str, Path], tmp_path: Path
) -> None:
    # The notice's counterpart, before and after sat in the meeting table's 6-7
    # character time and table columns, wrapped a word a line (a proofreader): each
    # value now spans columns about as wide as its column asks, and its row is tall
    # enough for what still wraps.
    from openpyxl.utils import get_column_letter

    result = run(agendas["new"], "-o", tmp_path, "--changed-since", agendas["old"], "-c", "E1")
    assert result.exit_code == 0, result.output
    (path,) = tmp_path.glob("E1-*.xlsx")
    ws = load_workbook(path).active
    header = next(r for r in ws.iter_rows() if r[0].value == label("change", "fr"))
    merged = {m.min_col: m for m in ws.merged_cells.ranges if m.min_row == header[0].row}
    spans = [(c.column, merged[c.column].max_col if c.column in merged else c.column)
             for c in header if c.value is not None]  # fmt: skip
    assert len(spans) == 5 and spans[-1][1] == ws.max_column
    for first, last in spans[1:4]:  # counterpart, before, after
        width = sum(ws.column_dimensions[get_column_letter(i)].width
                    for i in range(first, last + 1))  # fmt: skip
        assert width >= 0.75 * 30, (first, last, width)
    row = header[0].row + 1
    for first, last in spans:  # every row of the notice spans the header's columns
        if last > first:
            assert any(m.min_row == row and (m.min_col, m.max_col) == (first, last)
                       for m in ws.merged_cells.ranges)  # fmt: skip
    # each notice row as tall as its longest wrapped value (a mutant: none was sized)
    from asmex_sched.io.report_files import _lines

    widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(1, 12)]
    while ws.cell(row, 1).value:
        lines = max(_lines(ws.cell(row, first).value, sum(widths[first - 1 : last]))
                    for first, last in spans)  # fmt: skip
        assert (ws.row_dimensions[row].height or 15) == 15 * lines, (row, lines)
        row += 1


def test_merged_cells_rows_are_as_tall_as_their_lines(agendas: dict[str, Path]) -> None:
    # Excel sizes no row to merged cells' wrapped text: a venue typed on two lines in a
    # merged detail row showed one (a reader); a 24-character date in the 25-wide first
    # column was counted two lines, a blank second line (a reader).
    from asmex_sched.io.report_files import _lines, company_xlsx_bytes

    assert _lines("Tuesday 11 November 2025", 25) == 1 and _lines("KICC\nHarambee Av.", 40) == 2
    assert _lines("KICC\n\nHarambee Av.", 40) == 3  # a blank line is a line (a mutant)
    (ca,) = build_company_agendas(read_agenda(agendas["new"]), company_ids=["E1"])
    ca = replace(ca, mission=replace(ca.mission, venue="KICC\nHarambee Avenue"))
    ws = load_workbook(io.BytesIO(company_xlsx_bytes(ca))).active
    (row,) = [c.row for c in ws["B"] if isinstance(c.value, str) and c.value.startswith("KICC")]
    assert ws.row_dimensions[row].height == 30


def test_the_meeting_count_is_not_titled_as_the_meeting_table(agendas: dict[str, Path]) -> None:
    # "Vos rendez-vous" twice in a row: the count's label, then the table's title.
    for ca in build_company_agendas(read_agenda(agendas["new"]), company_ids=["E1", "B1"]):
        doc = document(ca)
        labels = [row[0] for row in doc.block("company").rows]  # type: ignore[union-attr]
        assert doc.block("meetings").title not in labels  # type: ignore[union-attr]
        assert label("meeting_total", ca.lang) in labels


def test_the_mission_block_does_not_repeat_its_title_nor_the_subtitle(
    agendas: dict[str, Path], tmp_path: Path
) -> None:
    # A "Mission" heading over a row "Mission | <name>", the name the line under the
    # title already gave: a company read the mission's name three times in four lines.
    cas = build_company_agendas(read_agenda(agendas["new"]))
    assert {ca.lang for ca in cas} == {"fr", "en"}
    for ca in cas:
        doc = document(ca)
        block = doc.block("mission")
        assert block is not None
        assert doc.subtitle == ca.mission.name
        assert block.title not in [row[0] for row in block.rows], ca.lang
        assert ca.mission.name not in [row[1] for row in block.rows], ca.lang
    # the workbook: the name once, under the title
    assert run(agendas["new"], "-o", tmp_path, "-c", "B1", "-q").exit_code == 0
    values = [v for r in sheet_rows(tmp_path / "B1-kenya-foods.xlsx") for v in r if v]
    assert values.count(MISSION.name) == 1


def test_requests_not_scheduled_as_the_company_reads_them() -> None:
    # French files said "see the detail" and showed none; a company read its own name
    # in the third person ("max meetings reached: Atlas"), and the planner's words.
    gone = UnmetLine("B1", "Nile", "pin_cancelled",
                     "locked meeting: Atlas (E1) was declared unavailable then")  # fmt: skip
    assert unmet_text(gone, ATLAS, "en") == (
        "you were declared unavailable then, and no other common time was free for it"
    )
    assert unmet_text(gone, ATLAS, "fr").startswith("indisponibilité déclarée pour vous")
    assert "voir le détail" not in unmet_text(gone, ATLAS, "fr")
    # Without a detail, no "(see detail)" pointing at nothing (a French recipients'
    # reader, in the English file).
    bare = UnmetLine("B1", "Nile", "pin_cancelled", "")
    assert unmet_text(bare, ATLAS, "en") == "an announced meeting that can no longer take place"
    full = UnmetLine("B1", "Nile", "at_capacity", "max meetings reached: Atlas")
    assert unmet_text(full, ATLAS, "en") == "you have reached your maximum number of meetings"
    assert unmet_text(full, ATLAS, "fr") == (
        "vous avez atteint votre nombre maximal de rendez-vous"
    )
    theirs = UnmetLine("E1", "Atlas", "at_capacity", "max meetings reached: Atlas")
    assert unmet_text(theirs, NILE, "fr") == "Atlas a atteint son nombre maximal de rendez-vous"
    # other reasons as before
    other = UnmetLine("B1", "Nile", "no_common_slot")
    assert unmet_text(other, ATLAS, "fr") == reason_text("no_common_slot", "", "fr")
    # A time left only before the re-planning horizon: said in words, not the planner's
    # date and terms (a reader: "but we were both free on Sunday").
    left = "no common available time left after 2025-11-12 20:05 (now + notice)"
    late = UnmetLine("B1", "Nile", "no_common_slot", left)
    assert unmet_text(late, ATLAS, "en") == (
        "no common free time left that can still be booked (the next hours' meetings are "
        "already set)"
    )
    assert unmet_text(late, ATLAS, "fr").startswith("plus de disponibilité commune qui")
    # The coordinator's detail stays in the agenda: English files showed it, French not.
    for code, detail in (
        ("lost_to_priority", "1 common free time(s): every table taken at 1"),
        ("no_interpreter", "Atlas: fr; Nile: en (Mission setting interpreters: 0)"),
        ("at_capacity", "every common slot is taken by their other meetings"),
    ):
        line = UnmetLine("B1", "Nile", code, detail)
        for lang in ("en", "fr"):
            assert unmet_text(line, ATLAS, lang) == reason_text(code, "", lang)
    # A maximum of 0 is no maximum "reached".
    none = UnmetLine("B1", "Nile", "at_capacity", "max meetings reached: Atlas")
    zero = replace(ATLAS, max_meetings=0)
    assert unmet_text(none, zero, "en") == "the organisers planned no meeting for you"
    assert "maximal" not in unmet_text(none, zero, "fr")
    # ... and its counterpart is not told it "has reached its maximum" (a second reader)
    theirs0 = UnmetLine("E1", "Atlas", "at_capacity", "max meetings reached: Atlas",
                        counterpart_takes_none=True)  # fmt: skip
    assert unmet_text(theirs0, NILE, "en") == "Atlas takes no meetings at this mission"
    assert unmet_text(theirs0, NILE, "fr") == (
        "Atlas ne prend aucun rendez-vous lors de cette mission"
    )
    # A maximum lowered to 0 after meetings held: reached, not "no meeting for you"
    # beside the five of its agenda (a reader).
    assert unmet_text(none, zero, "en", holds_any=True) == (
        "you have reached your maximum number of meetings"
    )


def test_both_maxima_reached_are_told_when_a_name_holds_a_comma() -> None:
    # 'Acme, Inc.' was told only that Nile had reached its maximum: the detail's names
    # were split on ", " (an auditor of the reasons).
    acme = replace(ATLAS, name="Acme, Inc.")
    both = UnmetLine("B1", "Nile", "at_capacity", "max meetings reached: Acme, Inc., Nile")
    assert unmet_text(both, acme, "en") == (
        "you have reached your maximum number of meetings; "
        "Nile has reached its maximum number of meetings"
    )
    assert unmet_text(both, acme, "fr").startswith("vous avez atteint votre nombre maximal")
    to_nile = UnmetLine("E1", "Acme, Inc.", "at_capacity", "max meetings reached: Acme, Inc., Nile")
    assert unmet_text(to_nile, NILE, "en") == (
        "you have reached your maximum number of meetings; "
        "Acme, Inc. has reached its maximum number of meetings"
    )
    alone = UnmetLine("B1", "Nile", "at_capacity", "max meetings reached: Acme, Inc.")
    assert unmet_text(alone, acme, "en") == "you have reached your maximum number of meetings"
    theirs = UnmetLine("E1", "Acme, Inc.", "at_capacity", alone.detail)
    assert unmet_text(theirs, NILE, "en") == "Acme, Inc. has reached its maximum number of meetings"


def test_changed_since_tells_counterparts_new_contact_details(tmp_path: Path) -> None:
    # A buyer's e-mail corrected and its phone removed, no meeting moved: the exporters
    # meeting it kept the old e-mail in the agendas sent, and --changed-since sent none.
    b1 = replace(BUYERS[0], email="mary.w@kf.example", phone="")
    corrected = replace(INSTANCE, buyers=(b1, *BUYERS[1:]))
    old = _write(tmp_path / "old.xlsx", NEW, "2025-11-01T09:00")
    new = tmp_path / "new.xlsx"
    write_agenda(new, corrected, NEW, unscheduled=UNSCHEDULED,
                 summary={"mission": MISSION.name, "planned_at": "2025-11-08T18:30"})  # fmt: skip
    result = run(new, "-o", tmp_path / "out", "--changed-since", old)
    assert result.exit_code == 0, result.output
    idx = index(tmp_path / "out")
    meeting_b1 = {m.key[0] for m in NEW.meetings if m.key[1] == "B1"}
    assert set(idx) == meeting_b1 == {"E1", "E2", "E3"}  # B1 itself is told nothing
    for cid in sorted(meeting_b1):
        ca = build_company_agendas(read_agenda(new), company_ids=[cid], lang="en",
                                   changes=(), previous=read_agenda(old))[0]  # fmt: skip
        [line] = ca.changes
        assert (line.kind, line.counterpart_id, line.old_start) == (
            ChangeKind.DETAILS, "B1", line.new_start
        )
        assert line.reason == "new e-mail: mary.w@kf.example; phone removed"
        rows = document(replace(ca, lang="fr")).block("changes").rows  # type: ignore[union-attr]
        assert rows[0][0] == "informations" and rows[0][-1] == (
            "nouvel e-mail\u00a0: mary.w@kf.example\u00a0; téléphone supprimé"
        )
        # its calendar event is updated (a higher SEQUENCE), with the new e-mail
        [ev] = [e for e in events(tmp_path / "out" / idx[cid]["ics"])
                if str(e["UID"]).startswith(f"{cid}--B1")]  # fmt: skip
        assert int(ev["SEQUENCE"]) > 0 and "mary.w@kf.example" in str(ev["DESCRIPTION"])
    # Unchanged details: no line, and no file.
    same = run(old, "-o", tmp_path / "same", "--changed-since", old)
    assert same.exit_code == 0 and not index(tmp_path / "same")
    # A meeting moved too: one line, the new details in its reason (a cron week's
    # tester: a "details" line beside it gave the new time as its "before")
    [e1b1] = [m for m in read_agenda(new).meetings if m.key == ("E1", "B1")]
    moved = Change(ChangeKind.MOVED, "E1", "B1", e1b1.day, time(17), 1,
                   e1b1.day, e1b1.start, e1b1.table, reason="moved to make room for other "
                   "meetings")  # fmt: skip
    ca = build_company_agendas(read_agenda(new), company_ids=["E1"], lang="en",
                               changes=(moved,), previous=read_agenda(old))[0]  # fmt: skip
    [line] = [x for x in ca.changes if x.counterpart_id == "B1"]
    assert (line.kind, line.old_start) == (ChangeKind.MOVED, time(17))
    assert line.reason == (
        "moved to make room for other meetings; new e-mail: mary.w@kf.example; phone removed"
    )


def test_changed_since_tells_counterparts_new_sectors(tmp_path: Path) -> None:
    # A buyer's sectors corrected: its counterparts' agendas and calendar events show
    # them, yet --changed-since told nobody (an ICS tester).
    b1 = replace(BUYERS[0], sectors=("Food", "Logistics"))
    old = _write(tmp_path / "old.xlsx", NEW, "2025-11-01T09:00")
    new = tmp_path / "new.xlsx"
    write_agenda(new, replace(INSTANCE, buyers=(b1, *BUYERS[1:])), NEW, unscheduled=UNSCHEDULED,
                 summary={"mission": MISSION.name, "planned_at": "2025-11-08T18:30"})  # fmt: skip
    assert run(new, "-o", tmp_path / "out", "--changed-since", old).exit_code == 0
    assert set(index(tmp_path / "out")) == {m.key[0] for m in NEW.meetings if m.key[1] == "B1"}
    ca = build_company_agendas(read_agenda(new), company_ids=["E1"], lang="en", changes=(),
                               previous=read_agenda(old))[0]  # fmt: skip
    [line] = ca.changes
    assert (line.kind, line.reason) == (ChangeKind.DETAILS, "new sectors: Food, Logistics")
    rows = document(replace(ca, lang="fr")).block("changes").rows  # type: ignore[union-attr]
    assert rows[0][-1] == "nouveaux secteurs\u00a0: Food, Logistics"
    # Its events: "Secteurs" above two sectors, "Secteur" above one (a French
    # recipients' reader read "Secteur : ICT; manufacturing").
    [ics] = (tmp_path / "out").glob("E1-*.ics")
    said = [str(e["DESCRIPTION"]) for e in events(ics)]
    assert any("Secteurs\u00a0: Food; Logistics" in d for d in said), said
    assert any("Secteur\u00a0: " in d for d in said), said


def test_changed_since_sends_a_company_its_agenda_in_its_new_language(tmp_path: Path) -> None:
    # A tester: a buyer's languages corrected from 'en; sw' to 'fr', no meeting moved:
    # --changed-since wrote no file ("0 companies ... unchanged") and said nothing, so
    # it kept its English agenda. Now sent again, in French, and the run says why.
    old = _write(tmp_path / "old.xlsx", NEW, "2025-11-01T09:00")

    def agenda(name: str, languages: tuple[str, ...], planned_at: str) -> Path:
        b1 = replace(BUYERS[0], languages=languages)
        path = tmp_path / name
        write_agenda(path, replace(INSTANCE, buyers=(b1, *BUYERS[1:])), NEW,
                     unscheduled=UNSCHEDULED,
                     summary={"mission": MISSION.name, "planned_at": planned_at})  # fmt: skip
        return path

    new = agenda("new.xlsx", ("fr",), "2025-11-08T18:30")
    result = run(new, "-o", tmp_path / "out", "--changed-since", old, "--now",
                 "2025-11-08T19:00")  # fmt: skip
    assert result.exit_code == 0, result.output
    idx = index(tmp_path / "out")
    assert set(idx) == {"B1"} and idx["B1"]["language"] == "fr"  # its counterparts: nothing
    said = " ".join(result.output.split())
    assert (
        f"--changed-since {old}: the agenda language of 1 company changed (its languages in "
        "the roster): its agenda is sent again, in the new language (no change line says "
        "so): B1 (English to French)"
    ) in said
    assert "; 6 companies unchanged (no file)" in said  # of 7
    rows = sheet_rows(tmp_path / "out" / idx["B1"]["xlsx"])
    assert rows[0][0] == "Agenda des rendez-vous — Kenya Foods"
    events_b1 = events(tmp_path / "out" / idx["B1"]["ics"])
    assert events_b1 and all(str(e["SUMMARY"]).startswith("Rendez-vous\u00a0: ")
                             for e in events_b1)  # fmt: skip
    # Not when the agenda's language stays (another language added, or --lang for all),
    # nor once the mission is over (MISSION ends on 2025-11-11 at 12:00).
    for folder, given, extra in (
        ("more", agenda("more.xlsx", ("en", "fr"), "2025-11-08T18:30"), ()),
        ("forced", new, ("--lang", "en")),
        ("over", agenda("over.xlsx", ("fr",), "2025-11-11T12:00"), ()),
    ):
        result = run(given, "-o", tmp_path / folder, "--changed-since", old,
                     "--now", "2025-11-11T12:30", *extra)  # fmt: skip
        assert result.exit_code == 0, result.output
        assert not index(tmp_path / folder), folder
        assert "agenda language" not in result.output, folder


def test_language_changes_of_is_what_report_sends_and_plan_warns_of(tmp_path: Path) -> None:
    # A reader of the day's commits: plan's warning wrote report's test again line for
    # line; both now call language_changes_of, on company lists, a mission, the
    # companies that left and a moment, and report takes what build_company_agendas
    # worked out rather than working it out again.
    from asmex_sched.report import language_changes, language_changes_of

    french = replace(BUYERS[0], languages=("fr",))
    before, after = (*EXPORTERS, *BUYERS), (*EXPORTERS, french, *BUYERS[1:])
    during = datetime(2025, 11, 10, 9, 0)

    def core(**given: object) -> dict[str, str]:
        args: dict = {"mission": MISSION, "departed": frozenset(), "moment": during} | given
        return language_changes_of(before, after, **args)

    assert core() == {"B1": "English to French"}
    assert core(moment=None) == {"B1": "English to French"}  # not known: not over
    assert core(departed=frozenset({"B1"})) == {}  # it gets no agenda
    assert core(moment=datetime(2025, 11, 11, 12, 0)) == {}  # the mission over
    assert core(lang="en") == {}  # one language for every company
    # the Agenda version: the same, with the agenda's own mission, departed and stamp
    old = read_agenda(_write(tmp_path / "old.xlsx", NEW, "2025-11-01T09:00"))
    path = tmp_path / "new.xlsx"
    write_agenda(path, replace(INSTANCE, buyers=(french, *BUYERS[1:])), NEW,
                 unscheduled=UNSCHEDULED,
                 summary={"mission": MISSION.name, "planned_at": "2025-11-08T18:30"})  # fmt: skip
    new = read_agenda(path)
    assert language_changes(old, new) == core(moment=datetime(2025, 11, 8, 18, 30))
    cas = build_company_agendas(new, changes=(), only_changed=True, previous=old)
    assert [(ca.company.id, ca.relanguaged) for ca in cas] == [("B1", "English to French")]
    everyone = build_company_agendas(new, changes=(), previous=old)
    assert {ca.company.id for ca in everyone if ca.relanguaged} == {"B1"}


def test_progress_is_reported_company_by_company(
    agendas: dict[str, Path], tmp_path: Path
) -> None:
    # A trade fair's 1 600 agendas with PDFs took a quarter of an hour without a line on
    # the screen (a second reader): the CLI shows a bar fed by these calls.
    from asmex_sched import services

    calls: list[tuple[int, int]] = []
    outcome = services.report(
        agendas["new"], tmp_path, on_progress=lambda done, total: calls.append((done, total))
    )
    n = len(outcome.companies)
    assert n > 1 and calls == [(i, n) for i in range(n + 1)]
    help_text = CliRunner().invoke(app, ["report", "--help"], env={"COLUMNS": "200"}).output
    assert "(default: xlsx,ics)" in help_text


def test_the_progress_line_says_the_agendas_are_read_before_the_first_file(
    agendas: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A trade fair's report --changed-since showed "writing agendas 0/?" for 22 s while
    # it read the two agendas and compared them (a trade-fair tester).
    from rich.progress import Progress

    import asmex_sched.cli.report as cli_report

    said: list[str] = []

    class Told(Progress):
        def add_task(self, description, *args, **kw):  # type: ignore[no-untyped-def]
            said.append(description)
            return super().add_task(description, *args, **kw)

        def update(self, task_id, **kw):  # type: ignore[no-untyped-def]
            if kw.get("description") not in (None, *said[-1:]):
                said.append(kw["description"])
            super().update(task_id, **kw)

    monkeypatch.setattr(cli_report, "Progress", Told)
    result = run(agendas["new"], "-o", tmp_path / "a", "--changed-since", agendas["old"])
    assert result.exit_code == 0, result.output
    assert said == ["reading the agendas and comparing them", "writing agendas"]
    said.clear()
    assert run(agendas["new"], "-o", tmp_path / "b").exit_code == 0
    assert said == ["reading the agenda", "writing agendas"]


def test_bad_input_exit_2(agendas: dict[str, Path], tmp_path: Path) -> None:
    result = run(agendas["new"], "-o", tmp_path, "--company", "NOPE")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "NOPE" in result.output and "unknown company" in result.output
    # A company's name for its id says which id (a fresh coordinator's test).
    result = run(agendas["new"], "-o", tmp_path, "--company", "sun power")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "'sun power' is the name of B2: give its id" in " ".join(result.output.split())
    other = tmp_path / "other.xlsx"
    wb = Workbook()
    wb.active.append(["hello"])
    wb.save(other)
    result = run(other, "-o", tmp_path / "x")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "not an asmex-sched agenda" in result.output
    assert "looks like a roster" not in result.stderr
    # the roster given for the agenda says which command comes first (a roster tester)
    roster = Path(__file__).parent.parent / "examples" / "nairobi-2025.xlsx"
    result = run(roster, "-o", tmp_path / "x")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "it looks like a roster: plan it first" in " ".join(result.stderr.split())
    # ... and a roster's CSV folder, or one of its files, too: "not a file", and "not an
    # .xlsx file (a CSV renamed?); restore a copy (agenda-history/ ...)" (a CSV tester)
    from benchmarks.generator import generate, write_csv_folder

    csv_roster = tmp_path / "roster-csv"
    write_csv_folder(generate(1, 3, 3, days=1), csv_roster)
    csv_file = sorted(csv_roster.glob("*.csv"))[0]
    for given in (csv_roster, csv_file):
        result = run(given, "-o", tmp_path / "x")
        said = " ".join(result.stderr.split())
        assert result.exit_code == EXIT_BAD_INPUT, result.output
        assert "roster's CSV files" in said and "plan the roster's folder first" in said, said
        assert "agenda-history" not in said, said
    # an agenda saved under a .csv name is still an agenda (a second reader)
    renamed = tmp_path / "agenda.csv"
    renamed.write_bytes(agendas["new"].read_bytes())
    assert run(renamed, "-o", tmp_path / "renamed").exit_code == 0
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    said = " ".join(run(empty, "-o", tmp_path / "x").stderr.split())
    assert "a folder, not an agenda workbook" in said and "roster" not in said, said
    assert run(agendas["new"], "-o", tmp_path, "--format", "docx").exit_code == EXIT_BAD_INPUT
    assert run(agendas["new"], "-o", tmp_path, "--lang", "de").exit_code == EXIT_BAD_INPUT
    assert run(tmp_path / "missing.xlsx", "-o", tmp_path).exit_code == EXIT_BAD_INPUT
    assert not (tmp_path / "x").exists()
    # --changed-since with another mission's agenda: its meetings were listed as
    # moved and cancelled (found by a second reader).
    write_agenda(
        tmp_path / "elsewhere.xlsx",
        INSTANCE.replace(mission=replace(MISSION, name="Dakar 2026")),
        OLD,
        unscheduled=(),
        summary={"mission": "Dakar 2026"},
    )
    result = run(
        agendas["new"], "-o", tmp_path / "y", "--changed-since", tmp_path / "elsewhere.xlsx"
    )
    assert result.exit_code == EXIT_BAD_INPUT
    assert "'Dakar 2026'" in result.output and not (tmp_path / "y").exists()
    # The two agendas swapped: every change was announced backwards (a second reader).
    # A warning, not a refusal: --now may set "planned at" in the past, and these
    # agendas record no calendar_sequence to tell for certain (refused when they do:
    # test_replan.py, test_agendas_given_the_wrong_way_round_are_refused).
    result = run(agendas["old"], "-o", tmp_path / "w", "--changed-since", agendas["new"])
    assert result.exit_code == 0 and "swapped" in result.output
    # An empty --company list selected every company.
    result = run(agendas["new"], "-o", tmp_path / "z", "-c", ",")
    assert result.exit_code == EXIT_BAD_INPUT and "no company id" in result.output
    assert not (tmp_path / "z").exists()


def test_left_mission_typed_by_hand_for_a_company_still_meeting_is_not_honoured(
    agendas: dict[str, Path], tmp_path: Path
) -> None:
    # Typed 'yes' by hand, it silently dropped a company with meetings to come.
    agenda = tmp_path / "agenda.xlsx"
    agenda.write_bytes(agendas["new"].read_bytes())
    wb = load_workbook(agenda)
    ws = wb["Exporters"]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("left_mission") + 1).value = "yes"  # E1, meetings on Monday
    wb.save(agenda)
    result = run(agenda, "-o", tmp_path / "out", "-c", "E1", "-q")
    assert result.exit_code == 0, result.output
    assert "E1 is marked left_mission but has meetings" in result.output
    assert set(index(tmp_path / "out")) == {"E1"}


def test_company_ids_match_whatever_their_case(agendas: dict[str, Path], tmp_path: Path) -> None:
    assert run(agendas["new"], "-o", tmp_path, "-c", "e1", "-q").exit_code == 0
    assert set(index(tmp_path)) == {"E1"}


@pytest.mark.skipif(pdf_font() is None, reason="no Unicode TTF font installed")
def test_pdf(agendas: dict[str, Path], tmp_path: Path) -> None:
    result = run(agendas["new"], "-o", tmp_path, "-c", "E3", "-c", "E1", "-f", "pdf", "-q")
    assert result.exit_code == 0, result.output
    idx = index(tmp_path)
    assert idx["E3"]["pdf"] == "E3.pdf" and idx["E3"]["xlsx"] == ""
    for cid in ("E1", "E3"):
        data = (tmp_path / idx[cid]["pdf"]).read_bytes()
        assert data.startswith(b"%PDF")
    first = (tmp_path / "E3.pdf").read_bytes()
    run(agendas["new"], "-o", tmp_path, "-c", "E3", "-f", "pdf", "-q")
    assert (tmp_path / "E3.pdf").read_bytes() == first  # reproducible


def test_the_files_and_warnings_are_the_same_whatever_the_number_of_workers(
    tmp_path: Path,
) -> None:
    # --jobs: the files are made in worker processes (a trade fair's 1 600 PDFs took a
    # quarter of an hour in one) and written by the command in company order.
    import multiprocessing

    from asmex_sched import services

    delegation = "; ".join(f"Mr. John Kamau {i}, Managing Director" for i in range(30))
    agenda = _agenda_with_b1(tmp_path, contact=delegation)  # PDF warnings: B1, E1, E3...
    made: dict[int, dict[str, bytes]] = {}
    said: dict[int, tuple[str, ...]] = {}
    for jobs in (1, 3):
        folder = tmp_path / f"jobs{jobs}"
        outcome = services.report(agenda, folder, formats="xlsx,ics,pdf", jobs=jobs)
        made[jobs] = {f.name: f.read_bytes() for f in sorted(folder.iterdir())}
        said[jobs] = outcome.warnings
    assert made[1] == made[3]
    assert {"index.csv", "summary.xlsx"} < set(made[1]) and len(made[1]) > 3 * 4
    assert said[1] == said[3] and sum("longer than" in w for w in said[1]) >= 2
    assert multiprocessing.active_children() == []  # the workers are gone


def test_a_worker_imports_the_writers_it_runs_not_the_readers() -> None:
    # A worker process imported the whole package, and through the agenda and roster
    # readers pandas: 123 MB a worker instead of 84, and a slower start.
    import sys

    code = ("import sys, asmex_sched.io.report_files.workers as w; "
            "print(sorted(m for m in ('pandas', 'ortools', 'typer', 'rich') if m in sys.modules)); "
            "from asmex_sched.io.report_files import company_pdf_bytes, write_reports; "
            "print('pandas' in sys.modules, company_pdf_bytes is w.company_pdf_bytes)")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["[]", "True True"]  # (the rest on first use)


def test_workers_are_started_only_where_there_is_work_for_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from asmex_sched.io.report_files import workers

    monkeypatch.setattr(workers, "usable_cores", lambda: 6)
    pdfs, files = workers.PDFS_PER_WORKER, workers.FILES_PER_WORKER
    assert workers._jobs(None, pdfs - 1, ("xlsx", "pdf")) == 1  # a worker's start costs more
    assert workers._jobs(None, 2 * pdfs, ("pdf",)) == 2
    assert workers._jobs(None, 100 * pdfs, ("pdf",)) == 6  # one per core at most
    assert workers._jobs(None, files - 1, ("xlsx", "ics")) == 1
    assert workers._jobs(None, 3 * files, ("xlsx", "ics")) == 3
    assert workers._jobs(4, 2, ("pdf",)) == 2  # --jobs, never more than companies
    assert workers._jobs(1, 1000, ("pdf",)) == 1
    monkeypatch.setattr(workers, "usable_cores", lambda: 1)
    assert workers._jobs(None, 100 * pdfs, ("pdf",)) == 1
    monkeypatch.setattr(workers, "usable_cores", lambda: 64)  # (about 85 MB a worker)
    assert workers._jobs(None, 100 * pdfs, ("pdf",)) == workers.MAX_DEFAULT_JOBS
    assert workers._jobs(12, 100 * pdfs, ("pdf",)) == 12  # --jobs is obeyed


def test_the_report_speed_benchmark_checks_the_files_too(
    agendas: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # benchmarks/report_speed.py: the command run with each --jobs setting in turn
    from benchmarks import report_speed

    code = report_speed.main(
        [str(agendas["new"]), "--format", "xlsx", "--jobs", "1,2", "--repeat", "1"]
    )
    printed = capsys.readouterr().out
    assert code == 0 and "the same files on every run: yes" in printed
    rows = [line for line in printed.splitlines() if line.startswith("| 1 |")
            or line.startswith("| 2 |")]  # fmt: skip
    assert len(rows) == 2 and rows[0].endswith("| 1.00 |")


def _made_by_workers(
    agenda: Path, fmts: tuple[str, ...], font: object, jobs: int = 2, times: int = 1
):
    """The agenda's companies (``times`` over: work left for every worker after the
    first company is made) and their files made by ``jobs`` workers."""
    from asmex_sched.io.report_files.workers import _made_in_order

    cas = build_company_agendas(read_agenda(agenda)) * times
    assert len(cas) > 2 * jobs
    return cas, _made_in_order(cas, fmts, font, jobs)  # type: ignore[arg-type]


def test_a_worker_that_fails_stops_the_report_with_what_it_raised(
    agendas: dict[str, Path], tmp_path: Path
) -> None:
    import multiprocessing

    from asmex_sched.io.report_files.pdf import PdfFont
    from asmex_sched.io.report_files.workers import WorkerFailed

    gone = PdfFont("Gone", tmp_path / "gone.ttf", tmp_path / "gone-bold.ttf", "a test")
    cas, made = _made_by_workers(agendas["new"], ("pdf",), gone)
    with pytest.raises(WorkerFailed) as failed:
        list(made)
    said = str(failed.value)
    assert any(f"making {ca.stem}'s files (a bug" in said for ca in cas) and "gone.ttf" in said
    assert multiprocessing.active_children() == []


def test_the_workers_stop_when_the_report_does(agendas: dict[str, Path]) -> None:
    # Ctrl-C or SIGTERM: the command's KeyboardInterrupt closes the workers' feed (the
    # on_progress check of the CLI raises it between two companies).
    import multiprocessing
    import os
    import signal

    cas, made = _made_by_workers(agendas["new"], ("xlsx",), None)
    first = next(made)
    assert first == write_company_contents(cas[0])
    assert len(multiprocessing.active_children()) == 2
    made.close()
    assert multiprocessing.active_children() == []
    # Workers killed by SIGTERM (timeout's, to the process group): an interruption of
    # the command; by SIGKILL (out of memory): an error saying so. None is left.
    from asmex_sched.io.report_files.workers import WorkerFailed

    for sig, raised in ((signal.SIGTERM, KeyboardInterrupt), (signal.SIGKILL, WorkerFailed)):
        cas, made = _made_by_workers(agendas["new"], ("pdf",), None, times=20)
        next(made)
        for worker in multiprocessing.active_children():
            os.kill(worker.pid, sig)  # (one idle at the end would not be missed)
        with pytest.raises(raised) as ended:
            list(made)
        if raised is WorkerFailed:
            assert "killed by SIGKILL" in str(ended.value) and "--jobs 1" in str(ended.value)
        assert multiprocessing.active_children() == []


@pytest.mark.skipif(not hasattr(__import__("signal"), "pthread_sigmask"), reason="POSIX")
def test_a_worker_starts_deaf_to_ctrl_c() -> None:
    # Until a worker ignores SIGINT it imports for a second: a Ctrl-C then printed its
    # traceback (a second reader). Started by _started, a process that raises SIGINT
    # at once holds it pending and ends normally, instead of by KeyboardInterrupt.
    import multiprocessing
    import signal

    from asmex_sched.io.report_files.workers import _started

    process = multiprocessing.get_context("spawn").Process(
        target=signal.raise_signal, args=(signal.SIGINT,)
    )
    _started(process)
    process.join(timeout=60)
    assert process.exitcode == 0
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())  # (ours)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_ctrl_c_or_sigterm_to_the_process_group_while_workers_start(
    sig: str, agendas: dict[str, Path], tmp_path: Path
) -> None:
    # A terminal's Ctrl-C (SIGINT) or timeout's SIGTERM reaches every process of the
    # group: the command says "interrupted" once, exit 130, no worker's traceback (each
    # printed one while importing: a second reader), and no process is left.
    import os
    import signal
    import subprocess
    import sys
    import time as clock

    # Ctrl-C as a terminal leaves it (pytest-xdist's workers ignore it, and an ignored
    # SIGINT is inherited: the command then keeps it ignored, as it should)
    with_ctrl_c = ("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                   "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])")  # fmt: skip
    command = [sys.executable, "-c", with_ctrl_c, "-m", "asmex_sched", "report",
               str(agendas["new"]), "-o", str(tmp_path / "out"), "--format", "pdf",
               "--jobs", "2", "-q"]  # fmt: skip
    run = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, start_new_session=True)

    def children() -> list[int]:
        found = []
        for task in Path(f"/proc/{run.pid}/task").glob("*/children"):
            found += [int(c) for c in task.read_text().split()]
        return found

    give_up = clock.monotonic() + 60
    try:
        # the moment the workers exist: still importing
        while len(children()) < 2 and run.poll() is None and clock.monotonic() < give_up:
            clock.sleep(0.01)
        assert run.poll() is None, "the report ended before its workers started"
        os.killpg(run.pid, getattr(signal, sig))
        _, said = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    assert run.returncode == 130, said
    assert "Traceback" not in said and said.count("interrupted") == 1, said

    def left() -> list[str]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # (ended meanwhile)
            if int(fields[3]) == run.pid and fields[0] != "Z":  # its session, alive
                found.append(stat.parent.name)
        return found

    # (multiprocessing's resource tracker ends on its own once the command is gone)
    give_up = clock.monotonic() + 30
    while left() and clock.monotonic() < give_up:
        clock.sleep(0.1)
    assert not left(), f"processes of the report's session still running: {left()}"


def write_company_contents(ca: object) -> object:
    from asmex_sched.io.report_files.workers import company_contents

    return company_contents(ca, ("xlsx",), None)  # type: ignore[arg-type]


def _agenda_with_b1(tmp_path: Path, **changes: str) -> Path:
    """The agenda ``NEW`` with buyer B1's details changed (``name``, ``contact``)."""
    instance = INSTANCE.replace(
        buyers=tuple(replace(b, **changes) if b.id == "B1" else b for b in BUYERS)
    )
    agenda = tmp_path / "agenda.xlsx"
    write_agenda(agenda, instance, NEW, unscheduled=(), summary={"planned_at": "2025-11-08T18:30"})
    return agenda


def test_a_contact_typed_on_two_lines_is_one_line_in_calendars_and_the_index(
    tmp_path: Path,
) -> None:
    # A calendars tester: "Nadia Benali" Alt+Enter "Directrice export" came out as an
    # unlabelled line in its counterparts' events, and a two-line mail-merge field.
    agenda = _agenda_with_b1(tmp_path, contact="Nadia Benali\nDirectrice export",
                             name="Kenya\r\nFoods")  # fmt: skip
    result = run(agenda, "-o", tmp_path / "out", "-c", "B1,E1", "-q")
    assert result.exit_code == 0, result.output
    [ics] = (tmp_path / "out").glob("E1-*.ics")
    texts = {str(e["DESCRIPTION"]) for e in events(ics) if "B1" in str(e["DESCRIPTION"])}
    assert texts, "E1 meets B1"
    for text in texts:
        assert "Nadia Benali Directrice export" in text and "Kenya Foods (B1)" in text
        assert all(": " in line for line in text.splitlines()), text  # each with its label
    assert any(str(e["SUMMARY"]).endswith("Kenya Foods") for e in events(ics))
    assert index(tmp_path / "out")["B1"]["contact"] == "Nadia Benali Directrice export"


@pytest.mark.skipif(pdf_font() is None, reason="no Unicode TTF font installed")
def test_pdf_characters_the_font_lacks_are_named(tmp_path: Path) -> None:
    # A Chinese name vanished from the company's PDF and its counterparts', exit 0 and
    # no word: fpdf2's own warning was silenced.
    chinese = "华为 Nairobi"
    agenda = _agenda_with_b1(tmp_path, name=chinese)
    result = run(agenda, "-o", tmp_path / "out", "-f", "pdf", "-c", "B1,E1,B4", "-q")
    assert result.exit_code == 0, result.output
    flagged = {w.split(".pdf")[0].strip() for w in result.output.split("warning:")[1:]
               if ".pdf" in w}  # (B4 has no e-mail: warned of too)  # fmt: skip
    assert flagged == {"B1-nairobi", "E1-societe-generale-d-export"}  # not B4
    assert "华为" in result.output


@pytest.mark.skipif(pdf_font() is None, reason="no Unicode TTF font installed")
def test_a_character_the_bold_font_lacks_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Only the regular file was checked: a company name with a character Amiri Bold
    # lacks ('˙', '˝') lost it from its own PDF's title, set in bold, unwarned (a
    # second reader). Its counterparts print the name in regular and keep it.
    import unicodedata

    font = pdf_font()
    assert font is not None
    # (with its fallback: Fira Sans, then Amiri; a tester)
    lacks = [chr(c) for c in sorted(pdf_module._glyphs(font, bold=False)
                                    - pdf_module._glyphs(font, bold=True))
             if unicodedata.category(chr(c))[0] in "LNS"
             and unicodedata.normalize("NFD", chr(c)) == chr(c)][:2]  # fmt: skip
    if not lacks:
        pytest.skip(f"{font.family} Bold has every character of its regular")
    name = f"Caf{''.join(lacks)} Lab"
    agenda = _agenda_with_b1(tmp_path, name=name)
    cas = {ca.company.id: ca for ca in build_company_agendas(read_agenda(agenda))}
    b1, e1 = cas["B1"], cas["E1"]
    assert name in document(b1).title and name in " ".join(_document_texts(document(e1)))
    assert pdf_missing_characters(b1, font) == "".join(lacks)
    assert pdf_missing_characters(e1, font) == ""
    # fpdf2 says the same when the PDFs are set without shaping (shaped, HarfBuzz
    # draws the empty box the font has for a character it lacks), its log let through
    monkeypatch.setattr(pdf_module, "_needs_shaping", lambda *given: False)
    monkeypatch.setattr(pdf_module, "_quiet", lambda *names: contextlib.nullcontext())
    for ca, missed in ((b1, True), (e1, False)):
        caplog.clear()
        with caplog.at_level("WARNING", logger="fpdf"):
            company_pdf_bytes(ca, font)
        said = [r.getMessage() for r in caplog.records if "missing" in r.getMessage()]
        assert bool(said) is missed, (ca.company.id, said)
        assert all(c in said[0] for c in lacks) if missed else True
    monkeypatch.undo()
    result = run(agenda, "-o", tmp_path / "out", "-f", "pdf", "-c", "B1,E1", "-q")
    assert result.exit_code == 0, result.output
    flagged = [w for w in result.output.split("warning:")[1:] if ".pdf" in w]
    assert len(flagged) == 1 and flagged[0].strip().startswith("B1-"), result.output
    assert all(c in flagged[0] for c in lacks)


@pytest.mark.skipif(pdf_font() is None, reason="no Unicode TTF font installed")
def test_what_a_pdf_prints_whole_is_not_warned_of(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A tester: the direction isolates Teams and Outlook put around a pasted name were
    # said to be left out of 52 PDFs of 140, the names printed whole; 'Tab\there'
    # printed 'Tabhere', unwarned, fpdf2's own line on stderr under -q; '李明' past a
    # contact's 300th character was said to be left out for want of a glyph.
    font = pdf_font()
    assert font is not None
    pasted = _agenda_with_b1(tmp_path / "pasted", name="\u2068Nile\u2069 Tab\there")
    [b1] = (ca for ca in build_company_agendas(read_agenda(pasted)) if ca.company.id == "B1")
    assert pdf_missing_characters(b1, font) == ""
    tab_known = ord("\t") in pdf_module._known_to_both(font)
    printed = " ".join(pdf_module._document_texts(document(b1), pdf_module._known_to_both(font)))
    assert ("Tab\there" in printed) is tab_known and ("Tab here" in printed) is not tab_known
    with caplog.at_level("WARNING"):
        result = run(pasted, "-o", tmp_path / "out", "-f", "pdf", "-q", "-c", "B1,E1")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output, result.output
    assert not [r for r in caplog.records if r.name.startswith(("fpdf", "fontTools"))]
    long = "Nadia Benali " + "x" * 300 + " 李明"
    cut = _agenda_with_b1(tmp_path / "cut", contact=long)
    agendas_base = _agenda_with_b1(tmp_path / "base")
    cas = [ca for ca in build_company_agendas(read_agenda(cut)) if ca.company.id in ("B1", "E1")]
    shortened = [t for ca in cas for t in pdf_module.pdf_shortened(document(ca))]
    assert shortened and all("李明" in t for t in shortened)  # (warned of as cut instead)
    base = {ca.company.id: ca for ca in build_company_agendas(read_agenda(agendas_base))}
    known = pdf_module._known_to_both(font)
    for ca in cas:  # (not shaped for it either)
        assert pdf_missing_characters(ca, font) == "", ca.company.id
        shaped = _needs_shaping(_document_texts(document(ca), known), known)
        was = _needs_shaping(_document_texts(document(base[ca.company.id]), known), known)
        assert shaped is was, ca.company.id


@pytest.mark.skipif(pdf_font() is None, reason="no Unicode TTF font installed")
def test_a_line_ended_in_a_text_is_a_line_break_and_not_counted_as_cut(tmp_path: Path) -> None:
    # A second reader: Amiri has U+2028 as an empty glyph, and fpdf2 breaks lines on
    # "\n" alone ('Alpha\u2028Beta' printed 'AlphaBeta'); a 301-character contact
    # printed shorter (a line typed as CR LF, spaces after a '«') printed whole, and was
    # said to end with '...'.
    font = pdf_font()
    assert font is not None
    known = pdf_module._known_to_both(font)
    assert pdf_module._printed("Alpha\u2028Beta\rGamma\r\nDelta\u2029", known) == (
        "Alpha\nBeta\nGamma\nDelta\n"
    )
    contact = "«   " + "x" * 297  # (printed '«\u00a0xxx...': 299 characters)
    agenda = _agenda_with_b1(tmp_path, contact=contact)
    [b1] = (ca for ca in build_company_agendas(read_agenda(agenda)) if ca.company.id == "B1")
    texts = [str(v) for block in document(b1).blocks for row in block.rows for v in row]
    assert len(contact) == pdf_module.MAX_PDF_CELL + 1 and contact in texts
    assert pdf_module.pdf_shortened(document(b1), known) == []
    result = run(agenda, "-o", tmp_path / "out", "-f", "pdf", "-q", "-c", "B1")
    assert result.exit_code == 0 and "..." not in result.output, result.output


@pytest.mark.skipif(
    not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf").is_file(),
    reason="no system DejaVu font",
)
def test_the_font_cut_says_nothing_of_tables_it_drops(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A tester, with the system DejaVu (the fallback when fontpkg-amiri is missing):
    # fontTools' "FFTM NOT subset; don't know how to subset; dropped", twice, on
    # stderr under -q, which cron mails
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    font = pdf_module.PdfFont(
        "DejaVu", dejavu / "DejaVuSans.ttf", dejavu / "DejaVuSans-Bold.ttf", "system DejaVu"
    )
    with caplog.at_level("INFO"):
        cut = pdf_module.latin_cut(font, tmp_path / "cut")
    assert cut.unshaped is not None and all(p.is_file() for p in cut.unshaped)
    assert not [r for r in caplog.records if r.name.startswith("fontTools")], caplog.records
    assert logging.getLogger("fontTools").level == logging.NOTSET  # (restored)


def test_a_warning_quotes_an_accent_alone_as_its_code_point() -> None:
    # The combining dot below a PDF lacked was printed on the quote before it (a tester)
    assert pdf_module.characters_quoted("\u0323✈华为") == "'\\u0323✈华为'"
    assert pdf_module.characters_quoted("\u2069\U000e0101") == "'\\u2069\\U000e0101'"


@pytest.mark.parametrize(
    ("text", "shaped"),
    [
        ("Société Générale d'Export — « Agadir » 9h30–10h00, 1 200 €, n° 3…", False),
        ("Nguyễn Thị Ánh, Łódź, Ærø, Straße", False),  # precomposed accents
        ("النيل Nile", True),  # Arabic: letters joined, read right to left
        ("שלום", True),  # Hebrew
        ("Sénégal", True),  # decomposed: combining accents to place
        ("Nile‏", True),  # a direction mark pasted with a name
        ("华为", True),  # none of those above
    ],
)
def test_only_a_pdf_with_text_to_shape_is_shaped(text: str, shaped: bool) -> None:
    assert _needs_shaping(["Nairobi", text, ""]) is shaped
    assert _needs_shaping(["Nairobi", "10 / 12"]) is False


def test_a_letter_the_font_lacks_is_left_to_shaping() -> None:
    # Amiri has 'S' and the comma below, not Romanian 'Ș': HarfBuzz drew it from the
    # two, and set without shaping 'Ștefan Timișoara SRL' printed as 'tefan Timioara SRL'
    # (a second reader).
    assert _needs_shaping(["Ștefan"]) is False  # by its range alone
    assert _needs_shaping(["Ștefan"], frozenset(map(ord, "Stefan\u0326"))) is True
    assert _needs_shaping(["Ștefan"], frozenset(map(ord, "Ștefan"))) is False
    assert _needs_shaping(["a b\u00a0c"], frozenset(map(ord, "abc"))) is False  # spaces


@pytest.mark.skipif(pdf_font() is None, reason="no Unicode TTF font installed")
def test_a_pdf_naming_a_letter_the_font_lacks_is_shaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fontTools.ttLib import TTFont

    font = pdf_font()
    assert font is not None
    with TTFont(str(font.regular)) as ttf:
        lacks = ord("Ș") not in ttf.getBestCmap()
    agenda = read_agenda(_agenda_with_b1(tmp_path, name="Ștefan Timișoara SRL"))
    [e1] = (ca for ca in build_company_agendas(agenda) if ca.company.id == "E1")
    made = company_pdf_bytes(e1, latin_cut(font, tmp_path / "cut"))
    # ...and is not said to be left out: the PDF prints it (it warned of 'Șș', wrongly)
    assert pdf_missing_characters(e1, font) == ""
    monkeypatch.setattr(pdf_module, "_needs_shaping", lambda *given: True)
    assert (made == company_pdf_bytes(e1, font)) is lacks  # (Amiri lacks it)


@pytest.mark.skipif(pdf_font() is None, reason="no Unicode TTF font installed")
def test_the_pdfs_naming_an_arabic_name_are_shaped_the_others_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Shaping every PDF (HarfBuzz, for Arabic) made the Latin-only ones 1.7 times
    # slower: it is done where a text needs it, and only there.
    agenda = read_agenda(_agenda_with_b1(tmp_path, name="النيل Nile"))
    font = pdf_font()
    assert font is not None
    cas = build_company_agendas(agenda)
    arabic = {ca.company.id for ca in cas if "النيل" in " ".join(_document_texts(document(ca)))}
    assert "B1" in arabic and "E1" in arabic and len(arabic) < len(cas)
    made = {ca.company.id: company_pdf_bytes(ca, font) for ca in cas}
    monkeypatch.setattr(pdf_module, "_needs_shaping", lambda *given: False)
    unshaped = {ca.company.id: company_pdf_bytes(ca, font) for ca in cas}
    monkeypatch.setattr(pdf_module, "_needs_shaping", lambda *given: True)
    shaped = {ca.company.id: company_pdf_bytes(ca, font) for ca in cas}
    for cid, data in made.items():
        if cid in arabic:
            assert data == shaped[cid] != unshaped[cid], cid
        else:
            assert data == unshaped[cid] != shaped[cid], cid


@pytest.mark.skipif(
    pdf_font() is None or pdf_font().fallback is None,  # type: ignore[union-attr]
    reason="no Latin font with a fallback for Arabic installed",
)
def test_latin_text_is_set_in_a_sans_font_and_arabic_in_its_fallback(tmp_path: Path) -> None:
    # A tester: set in Amiri, every full stop was a small diamond (Naskh's dot), the
    # e-mail addresses reading 'mercy⬩omondi@…⬩example', the Latin text a Times cut.
    font = pdf_font()
    assert font is not None and font.fallback is not None
    assert font.family == "FiraSans" and font.fallback.family == "Amiri"
    agenda = _agenda_with_b1(tmp_path, name="شركة النيل — Nile Export")
    result = run(agenda, "-o", tmp_path / "out", "-f", "pdf", "-c", "B1,E1,B3", "-q")
    assert result.exit_code == 0 and ".pdf" not in result.output, result.output  # (no glyph lacks)
    idx = index(tmp_path / "out")

    def fonts(cid: str) -> set[bytes]:
        data = (tmp_path / "out" / idx[cid]["pdf"]).read_bytes()
        return set(re.findall(rb"/BaseFont /[A-Z]{6}\+(\w+)", data))

    # E1 meets B1 and prints its name and e-mail: Latin in Fira Sans, Arabic in Amiri
    assert fonts("E1") == fonts("B1") == {b"FiraSans", b"FiraSansBold", b"Amiri", b"AmiriBold"}
    assert fonts("B3") == {b"FiraSans", b"FiraSansBold"}  # (Latin only: no Amiri at all)
    assert not pdf_module._falls_back([("mary@kf.example", False)], font)  # Fira's '.'
    assert pdf_module._falls_back([("النيل", True)], font)
    if shutil.which("pdftotext") is not None:  # both read back, the Arabic joined
        pdf = tmp_path / "out" / idx["E1"]["pdf"]
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout  # fmt: skip
        assert "mary@kf.example" in text and "Nile Export" in text, text
        assert any("\u0600" <= ch <= "\u06ff" for ch in text), text


def _page_contents(data: bytes) -> list[bytes]:
    """A PDF's pages as drawn: each page's content stream (text, positions, the codes
    of the glyphs), decompressed; not the fonts embedded."""
    pages = []
    for ref in re.findall(rb"/Contents (\d+) 0 R", data):
        m = re.search(rb"\n" + ref + rb" 0 obj\s*<<(.*?)>>\s*stream\r?\n(.*?)\r?\nendstream",
                      data, re.S)  # fmt: skip
        assert m is not None, ref
        pages.append(zlib.decompress(m[2]) if b"FlateDecode" in m[1] else m[2])
    assert pages
    return pages


@pytest.mark.skipif(pdf_font() is None, reason="no Unicode TTF font installed")
def test_the_font_cut_for_unshaped_pdfs_has_their_glyphs_and_widths(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    font = pdf_font()
    assert font is not None
    cut = latin_cut(font, tmp_path / "one")
    assert cut.unshaped is not None and (cut.regular, cut.bold) == (font.regular, font.bold)
    for whole_file, cut_file in zip((font.regular, font.bold), cut.unshaped, strict=True):
        with TTFont(str(whole_file)) as whole, TTFont(str(cut_file)) as part:
            kept = {c: g for c, g in whole.getBestCmap().items()
                    if any(lo <= c < hi for lo, hi in _UNSHAPED)}  # fmt: skip
            assert part.getBestCmap().keys() == kept.keys()
            assert ord("é") in kept and ord("€") in kept
            assert not {0x0627, 0x0301, 0x200F} & part.getBestCmap().keys()  # (alef, ...)
            for c, glyph in part.getBestCmap().items():
                assert part["hmtx"][glyph] == whole["hmtx"][kept[c]], chr(c)
            assert not {"GSUB", "GPOS", "GDEF"} & set(part.keys())
    again = latin_cut(font, tmp_path / "two")  # the same bytes every time
    assert again.unshaped is not None
    assert [p.read_bytes() for p in again.unshaped] == [p.read_bytes() for p in cut.unshaped]


@pytest.mark.skipif(pdf_font() is None, reason="no Unicode TTF font installed")
def test_the_report_sets_unshaped_pdfs_in_the_cut_the_same_pages(
    agendas: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The whole Amiri font (its 6,000 glyphs, its Arabic layout tables) was read and
    # subset for every PDF: the Latin-only ones are set in a cut of it, made once a run.
    import tempfile

    from asmex_sched.io.report_files import workers

    font = pdf_font()
    assert font is not None
    cas = {ca.company.id: ca for ca in build_company_agendas(read_agenda(agendas["new"]))}
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    result = run(agendas["new"], "-o", tmp_path / "out", "-f", "pdf", "-q")
    assert result.exit_code == 0, result.output
    assert list(temporary.iterdir()) == []  # the cut is removed with the run
    made = {cid: (tmp_path / "out" / row["pdf"]).read_bytes()
            for cid, row in index(tmp_path / "out").items()}  # fmt: skip
    assert made.keys() == cas.keys()
    shaped = {cid for cid, ca in cas.items() if _needs_shaping(_document_texts(document(ca)))}
    assert shaped and len(shaped) < len(cas)  # (a company named in Arabic: ARABIC)
    for cid, data in made.items():
        whole = company_pdf_bytes(cas[cid], font)  # set in the whole font
        if cid in shaped:
            assert data == whole, cid
            continue
        assert data != whole, cid  # another font embedded...
        assert _page_contents(data) == _page_contents(whole), cid  # ...the same pages

    def fails(font: object, folder: Path) -> object:
        raise ValueError("a font the cut cannot handle")

    monkeypatch.setattr(workers, "latin_cut", fails)  # then the whole font, as before
    result = run(agendas["new"], "-o", tmp_path / "again", "-f", "pdf", "-q")
    assert result.exit_code == 0, result.output
    assert "could not be cut" in result.output  # (the log's warning)
    assert list(temporary.iterdir()) == []
    for cid, row in index(tmp_path / "again").items():
        assert (tmp_path / "again" / row["pdf"]).read_bytes() == company_pdf_bytes(cas[cid], font)
    # One company's PDF alone is the one a run of all makes: from 6 PDFs a run only,
    # the cut made a company's PDF differ between a run of all and `-c` (a tester)
    monkeypatch.undo()
    [latin] = sorted(set(cas) - shaped)[:1]
    result = run(agendas["new"], "-o", tmp_path / "one", "-f", "pdf", "-q", "-c", latin)
    assert result.exit_code == 0, result.output
    [row] = index(tmp_path / "one").values()
    assert (tmp_path / "one" / row["pdf"]).read_bytes() == made[latin]


@pytest.mark.skipif(pdf_font() is None, reason="no Unicode TTF font installed")
def test_a_killed_runs_font_cut_is_removed_a_day_later(
    agendas: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A run killed outright leaves its cut of the font (about 100 KB) in the temporary
    # folder, and every run making a PDF cuts it: the next run removes those a day old.
    import os
    import tempfile
    import time as clock

    from asmex_sched.io.report_files import workers

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    killed, running = temporary / f"{workers.CUT_PREFIX}a", temporary / f"{workers.CUT_PREFIX}b"
    other = temporary / "another-program-fonts"
    for folder in (killed, running, other):
        folder.mkdir()
        (folder / "Amiri-Regular-unshaped.ttf").write_bytes(b"...")
    day_old = clock.time() - workers.KILLED_CUT_AGE - 60
    for folder in (killed, other):
        os.utime(folder, (day_old, day_old))
    result = run(agendas["new"], "-o", tmp_path / "out", "-f", "pdf", "-q", "-c", "E1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in temporary.iterdir()) == sorted([running.name, other.name])


@pytest.mark.skipif(
    pdf_font() is None or shutil.which("pdftotext") is None,
    reason="no Unicode TTF font, or no pdftotext to read the PDF back",
)
def test_pdf_lines_read_left_to_right_whatever_their_first_letter(tmp_path: Path) -> None:
    # A venue 'فندق الرويال — Le Royal Hotel' came out 'Le Royal Hotel — فندق الرويال':
    # each line took its direction from its first letter (a multi-script tester).
    agenda = _agenda_with_b1(tmp_path, name="النيل Nile")
    result = run(agenda, "-o", tmp_path / "out", "-f", "pdf", "-c", "E1", "-q")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / index(tmp_path / "out")["E1"]["pdf"]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    lines = [line for line in text.splitlines() if "Nile" in line]
    assert lines, text
    for line in lines:  # the Arabic word (read back in visual order) before 'Nile'
        arabic = [i for i, ch in enumerate(line) if "\u0600" <= ch <= "\u06ff"]
        assert arabic and max(arabic) < line.index("Nile"), line


def test_a_very_long_cell_is_shortened_in_the_pdf_not_a_crash(tmp_path: Path) -> None:
    # A delegation list pasted into a contact cell (1 000 characters): the row was
    # taller than a page, fpdf2 stopped the run with a traceback (exit 70), and the
    # companies after it got nothing; from 800 the table was cut across pages (a tester).
    delegation = "; ".join(f"Mr. John Kamau {i}, Managing Director, +254 700 000 {i:03d}"
                           for i in range(20))  # fmt: skip
    assert len(delegation) > 1000
    agenda = _agenda_with_b1(tmp_path, contact=delegation)
    result = run(agenda, "-o", tmp_path / "out", "-f", "xlsx,pdf", "-q")
    assert result.exit_code == 0, result.output
    # E1 and E3 meet B1: their PDFs carry its contact, shortened, and say so
    flagged = {w.split(".pdf")[0].strip() for w in result.output.split("warning:")[1:]
               if "longer than 300 characters" in w}  # fmt: skip
    assert {"E1-societe-generale-d-export", "E3"} <= flagged
    idx = index(tmp_path / "out")
    assert all((tmp_path / "out" / idx[c]["pdf"]).exists() for c in idx)  # every company
    whole = [v for row in sheet_rows(tmp_path / "out" / idx["E1"]["xlsx"]) for v in row]
    assert delegation in whole  # the xlsx keeps it whole


def test_changes_sheet_of_the_agenda_itself(tmp_path: Path) -> None:
    """Without --changed-since, the agenda's own Changes sheet drives cancellations."""
    from asmex_sched.domain import Change

    day = MISSION.first_day
    changes = (
        Change(ChangeKind.CANCELLED, "E2", "B2", day, time(10, 45), 1, reason="a party left"),
        Change(ChangeKind.MOVED, "E1", "B1", day, time(10, 0), 2, day, time(9, 0), 1),
    )
    agenda = tmp_path / "agenda.xlsx"
    write_agenda(
        agenda,
        INSTANCE,
        NEW,
        unscheduled=(),
        changes=changes,
        summary={"planned_at": "2025-11-08T18:30"},
    )
    result = run(agenda, "-o", tmp_path / "out", "-q")
    assert result.exit_code == 0, result.output
    idx = index(tmp_path / "out")
    assert len(idx) == 7  # every company, not only the changed ones
    b2 = events(tmp_path / "out" / idx["B2"]["ics"])
    cancelled = [e for e in b2 if str(e["STATUS"]) == "CANCELLED"]
    assert [str(e["UID"]) for e in cancelled] == ["E2--B2@asmex-sched"]
    b1 = {str(e["UID"]): int(e["SEQUENCE"]) for e in events(tmp_path / "out" / idx["B1"]["ics"])}
    # Every event carries the plan's SEQUENCE, the unchanged E2--B1 too (it was 0: a
    # calendar holding a higher one from an earlier mailing ignored its new venue).
    assert b1["E1--B1@asmex-sched"] > 0 and b1["E2--B1@asmex-sched"] == b1["E1--B1@asmex-sched"]


def test_sequence_of_an_agenda_written_before_the_summary_field() -> None:
    """Without ``calendar_sequence`` the SEQUENCE is the minutes from 2020 to planned_at
    (UTC), as before; with it, the recorded number."""
    from asmex_sched.report import calendar_sequence

    old = bare_agenda(summary={"planned_at": "2025-11-09T18:00"})
    minutes = (datetime(2025, 11, 9, 17, 0) - datetime(2020, 1, 1)) // timedelta(minutes=1)
    assert calendar_sequence(old) == minutes  # Europe/Paris: 18:00 is 17:00 UTC
    assert calendar_sequence(bare_agenda(summary={"calendar_sequence": "42"})) == 42
    assert calendar_sequence(bare_agenda(summary={})) == 0


def bare_agenda(**fields: object):
    """An agenda of the test mission and companies, no meeting, with ``fields`` set."""
    from asmex_sched.domain import Agenda

    return Agenda(MISSION, EXPORTERS, BUYERS, (), **fields)  # type: ignore[arg-type]


def test_pdf_without_unicode_font_degrades(agendas: dict[str, Path]) -> None:
    from asmex_sched.io.report_files import company_pdf_bytes
    from asmex_sched.report import build_company_agendas

    ca = build_company_agendas(read_agenda(agendas["new"]), company_ids=["E3"])[0]
    assert company_pdf_bytes(ca, None).startswith(b"%PDF")


def test_pdf_cells_shrink_so_that_an_email_is_not_broken_mid_word() -> None:
    # fpdf2 breaks a word longer than its column anywhere: an e-mail address came out
    # on two lines, cut in the middle, in the counterpart table of the PDF.
    from fpdf import FPDF

    from asmex_sched.io.report_files import MIN_PDF_SIZE, _fitting_size

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 8)
    email = "procurement.department@kenya-fresh-exporters-association.co.ke"
    assert _fitting_size(pdf, "Jane Wanjiru", 40, 8) is None  # fits: left alone
    smaller = _fitting_size(pdf, f"Jane {email}", 60, 8)
    assert smaller is not None and MIN_PDF_SIZE <= smaller < 8
    pdf.set_font("Helvetica", "", smaller)
    assert pdf.get_string_width(email) <= 60 - 2 * pdf.c_margin
    # A column too narrow for any legible size: the floor, and the word wraps.
    assert _fitting_size(pdf, email, 10, 8) == MIN_PDF_SIZE


def _pdf_pages_text(data: bytes) -> list[list[str]]:
    """The strings each page of an fpdf2 PDF (core font) shows, in drawing order."""
    import re
    import zlib

    pages = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            content = zlib.decompress(raw)
        except zlib.error:
            continue
        shown = re.findall(rb"\((.*?)(?<!\\)\) Tj", content)
        if shown:
            text = [re.sub(r"\\(.)", r"\1", s.decode("latin-1")) for s in shown]
            # The footer ("2 / " then the page count) is drawn last: leave it out.
            feet = [i for i, t in enumerate(text) if re.fullmatch(r"\d+ / ", t)]
            pages.append(text[: feet[-1]] if feet else text)
    return pages


def test_pdf_never_leaves_a_heading_alone_at_the_foot_of_a_page(
    agendas: dict[str, Path],
) -> None:
    # A section title ("Unscheduled requests") printed as the last line of a page, its
    # table on the next one. Every length of the meeting table puts the next heading
    # at a different height, the page foot among them.
    from dataclasses import replace

    from asmex_sched.io.report_files import company_pdf_bytes
    from asmex_sched.report import UnmetLine, build_company_agendas, document

    ca = build_company_agendas(read_agenda(agendas["new"]), company_ids=["E3"])[0]
    assert ca.meetings
    unmet = (UnmetLine("B9", "Buyer Nine", "no common free slot", ""),)
    titles = {b.title for b in document(replace(ca, unmet=unmet)).blocks}
    checked_pages = 0
    for n in range(1, 45):
        long = replace(ca, meetings=ca.meetings[:1] * n, unmet=unmet)
        pages = _pdf_pages_text(company_pdf_bytes(long, None))
        for page in pages[:-1]:
            assert page[-1] not in titles, (n, page[-3:])
            checked_pages += 1
    assert checked_pages > 20  # the range does run past one page


def test_pdf_keeps_each_meeting_date_on_one_line(agendas: dict[str, Path]) -> None:
    # "Wednesday 12 November" / "2025": the longest English dates wrapped in the
    # meeting table's date column, each meeting's row two lines high (a coordinator
    # reading a member's PDF). Each date is now one line, in a smaller size if need be.
    from dataclasses import replace

    from asmex_sched.io.report_files import company_pdf_bytes
    from asmex_sched.report import build_company_agendas

    ca = build_company_agendas(read_agenda(agendas["new"]), company_ids=["E3"])[0]
    assert ca.meetings
    wednesday = date(2025, 11, 12)
    for lang, whole in (("en", "Wednesday 12 November 2025"), ("fr", "mercredi 12 novembre 2025")):
        long = replace(
            ca, lang=lang, meetings=tuple(replace(m, day=wednesday) for m in ca.meetings)
        )
        shown = [t for page in _pdf_pages_text(company_pdf_bytes(long, None)) for t in page]
        assert shown.count(whole) == len(ca.meetings), (lang, [t for t in shown if "12" in t])


def _agenda_with_names_on_two_lines(tmp_path: Path) -> Path:
    """An agenda whose exporter E1 and mission are named on two lines (Alt+Enter)."""
    two_lines = replace(EXPORTERS[0], name="Société Générale\nd'Export")
    mission = replace(MISSION, name="Mission Maroc-Kenya\r\n2025")
    inst = replace(INSTANCE, mission=mission, exporters=(two_lines, *EXPORTERS[1:]))
    agenda = tmp_path / "agenda.xlsx"
    write_agenda(agenda, inst, NEW, unscheduled=UNSCHEDULED,
                 summary={"mission": mission.name, "planned_at": "2025-11-08T18:30"})  # fmt: skip
    return agenda


def test_names_typed_on_two_lines_give_calendars_not_a_crash(tmp_path: Path) -> None:
    # Alt+Enter in Excel puts a line break inside a cell. plan accepts such names,
    # and report crashed on them (icalendar does not escape an X- property's line
    # break: X-WR-CALNAME), leaving no index.csv (a second reader's finding).
    agenda = _agenda_with_names_on_two_lines(tmp_path)
    result = run(agenda, "-o", tmp_path / "out", "--format", "xlsx,ics,pdf", "--quiet")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "index.csv").exists()
    ics = sorted((tmp_path / "out").glob("E1*.ics"))
    assert len(ics) == 1
    cal = Calendar.from_ical(ics[0].read_bytes())
    assert str(cal["X-WR-CALNAME"]) == "Mission Maroc-Kenya 2025 — Société Générale d'Export"
    assert len(list(cal.walk("VEVENT"))) == 2


def test_a_name_typed_on_two_lines_reads_on_one_line_in_the_agenda_title(
    tmp_path: Path,
) -> None:
    # A report reader: the title cell of an agenda workbook (not wrapped) held the
    # company's line break, and Excel shows it as nothing: "Agenda des rendez-vous —
    # Société Généraled'Export"; the mission's name under it likewise. The calendars
    # already put such names on one line.
    agenda = _agenda_with_names_on_two_lines(tmp_path)
    result = run(agenda, "-o", tmp_path / "out", "-c", "E1", "--lang", "fr", "--quiet")
    assert result.exit_code == 0, result.output
    [xlsx] = sorted((tmp_path / "out").glob("E1*.xlsx"))
    ws = load_workbook(xlsx)["Agenda"]
    assert ws["A1"].value == "Agenda des rendez-vous — Société Générale d'Export"
    assert ws["A2"].value == "Mission Maroc-Kenya 2025"


def test_a_venue_left_blank_is_not_an_empty_line_of_the_agenda(tmp_path: Path) -> None:
    # A report reader: without a venue in the roster, the agenda printed "Lieu" with
    # nothing beside it, while the same company's calendar events named the city.
    mission = replace(MISSION, venue="")
    inst = replace(INSTANCE, mission=mission)
    agenda = tmp_path / "agenda.xlsx"
    write_agenda(agenda, inst, NEW, unscheduled=UNSCHEDULED,
                 summary={"mission": mission.name, "planned_at": "2025-11-08T18:30"})  # fmt: skip
    result = run(agenda, "-o", tmp_path / "out", "-c", "E1", "--lang", "fr", "--quiet")
    assert result.exit_code == 0, result.output
    [xlsx] = sorted((tmp_path / "out").glob("E1*.xlsx"))
    labels = [r[0] for r in load_workbook(xlsx)["Agenda"].iter_rows(values_only=True)]
    assert "Lieu" not in labels
    assert "Ville" in labels and "Fuseau horaire" in labels


def test_the_planners_own_block_reasons_are_in_the_companys_language() -> None:
    # "clock change: 02:00-03:00 does not exist" under "Autres engagements" (a reader).
    from asmex_sched.report import block_reason

    assert block_reason("clock change: 02:00-03:00 does not exist", "fr") == (
        "changement d'heure : 02:00-03:00 n'existe pas"
    )
    assert block_reason("clock change: 02:00-03:00 happens twice", "fr") == (
        "changement d'heure : 02:00-03:00 a lieu deux fois"
    )
    assert block_reason("clock change: 02:00-03:00 happens twice", "en").endswith("twice")
    assert block_reason("Visite de site", "fr") == "Visite de site"  # as typed


def test_a_full_report_cancels_a_meeting_moved_earlier_then_dropped(tmp_path: Path) -> None:
    # Sent for Tuesday 10:00, moved to Monday 11:15 by a run not mailed, dropped by the
    # next: its Monday time was past at the full report, and the Tuesday event stayed
    # in the calendars (a reader).
    from asmex_sched.io.report_files import _dropped_since_history

    def agenda(path: Path, schedule: Schedule, planned: str, sequence: int) -> Path:
        write_agenda(path, INSTANCE, schedule, unscheduled=(),
                     summary={"mission": MISSION.name, "planned_at": planned,
                              "calendar_id": "c0ffee", "calendar_sequence": sequence})  # fmt: skip
        return path

    history = tmp_path / "agenda-history"
    history.mkdir()
    kept = tuple(m for m in NEW.meetings if m.key != ("E3", "B4"))  # E3-B4: Tuesday 10:00
    moved = Meeting("E3", "B4", 4, 3)  # Monday 11:15
    agenda(history / "agenda-20251101T080000Z.xlsx", NEW, "2025-11-01T09:00", 100)
    agenda(history / "agenda-20251110T080000Z.xlsx", Schedule((*kept, moved)),
           "2025-11-10T09:00", 200)  # fmt: skip
    now = agenda(tmp_path / "agenda.xlsx", Schedule(kept), "2025-11-10T18:00", 300)
    dropped = _dropped_since_history(now, read_agenda(now))
    assert [(c.meeting_id, c.day, c.start) for c in dropped["B4"]] == [
        ("E3--B4", date(2025, 11, 11), time(10, 0))
    ]
    assert [c.meeting_id for c in dropped["E3"]] == ["E3--B4"]


def test_a_calendar_without_events_is_not_a_publish(out: Path) -> None:
    # RFC 5546: a PUBLISH holds an event; B3 has no meeting (an ICS tester).
    [idle] = sorted(out.glob("B3-*.ics"))
    cal = Calendar.from_ical(idle.read_bytes())
    assert not list(cal.walk("VEVENT")) and list(cal.walk("VTIMEZONE"))
    assert "METHOD" not in cal
    [busy] = sorted(out.glob("B1-*.ics"))
    assert str(Calendar.from_ical(busy.read_bytes())["METHOD"]) == "PUBLISH"


def test_x_properties_are_escaped_as_text(tmp_path: Path) -> None:
    # 'Ziz, Clean & Tech "SA" \\ Backslash' went out bare in X-WR-CALNAME, not a valid
    # TEXT value (RFC 5545 3.8.8.2; an ICS tester).
    name = 'Ziz, Clean; Tech "SA" \\ Backslash'
    inst = replace(INSTANCE, exporters=(replace(EXPORTERS[0], name=name), *EXPORTERS[1:]))
    agenda = tmp_path / "agenda.xlsx"
    write_agenda(agenda, inst, NEW, unscheduled=UNSCHEDULED,
                 summary={"mission": MISSION.name, "planned_at": "2025-11-08T18:30"})  # fmt: skip
    assert run(agenda, "-o", tmp_path / "out", "-c", "E1", "--quiet").exit_code == 0
    [ics] = sorted((tmp_path / "out").glob("E1*.ics"))
    raw = ics.read_bytes().decode().replace("\r\n ", "")
    [line] = [x for x in raw.splitlines() if x.startswith("X-WR-CALNAME:")]
    assert 'Ziz\\, Clean\\; Tech "SA" \\\\ Backslash' in line
    ids = [x for x in raw.splitlines() if x.startswith("X-ASMEX-MEETING-ID:")]
    assert ids and all("," not in x for x in ids)


def test_a_french_calendar_name_holds_its_punctuation_to_the_word(tmp_path: Path) -> None:
    # X-WR-CALNAME kept the ordinary spaces of 'Mission « Fès » 2026 : Nairobi' where
    # the events' texts had non-breaking ones (docs/report.md, Language: "every text of
    # the ... calendar files, roster texts included"; a tester). English as typed.
    mission = replace(MISSION, name="Mission « Fès » 2026 : Nairobi")
    inst = replace(INSTANCE, mission=mission)
    agenda = tmp_path / "agenda.xlsx"
    write_agenda(agenda, inst, NEW, unscheduled=UNSCHEDULED,
                 summary={"mission": mission.name, "planned_at": "2025-11-08T18:30"})  # fmt: skip
    names = {}
    for lang in ("fr", "en"):
        out = tmp_path / lang
        assert run(agenda, "-o", out, "-c", "E1", "--lang", lang, "--quiet").exit_code == 0
        [ics] = sorted(out.glob("E1*.ics"))
        names[lang] = str(Calendar.from_ical(ics.read_bytes())["X-WR-CALNAME"])
    assert names["fr"].startswith("Mission «\u00a0Fès\u00a0» 2026\u00a0: Nairobi — ")
    assert names["en"].startswith("Mission « Fès » 2026 : Nairobi — ")


def test_every_group_a_closed_time_names_has_its_french() -> None:
    # The French of replan's CLOSED_TO is keyed by its English words: one changed
    # there would leave the closure untranslated.
    from asmex_sched.replan import CLOSED_TO
    from asmex_sched.report import _WHOM_FR

    assert set(CLOSED_TO.values()) <= set(_WHOM_FR)  # and earlier agendas' words


@pytest.mark.parametrize(("was", "sheet", "expected"), [
    # moved in an earlier re-plan, booked in the last: the booking went unsaid
    (False, "interpreter now booked", "interpreter now booked"),
    # booked in an earlier re-plan already in the older agenda: said though unchanged
    (True, "moved to make room for other meetings; interpreter now booked",
     "moved to make room for other meetings"),
])  # fmt: skip
def test_changes_since_an_older_agenda_say_the_interpreter_booking_of_the_span(
    was: bool, sheet: str, expected: str
) -> None:
    # report --changed-since over several re-plans took the reason of the newest
    # Changes sheet, whose interpreter booking is its own re-plan's (a second reader).
    day = MISSION.first_day
    old = replace(bare_agenda(), meetings=(
        PublishedMeeting("E1", "B1", day, time(9, 0), time(9, 30), 1, interpreter=was),
    ))  # fmt: skip
    kind = ChangeKind.INTERPRETER if sheet.startswith("interpreter") else ChangeKind.MOVED
    new = replace(
        bare_agenda(changes=(Change(kind, "E1", "B1", reason=sheet),)),
        meetings=(
            PublishedMeeting("E1", "B1", day, time(10, 0), time(10, 30), 1, interpreter=True),
        ),
    )
    [moved] = diff_agendas(old, new)
    assert (moved.kind, moved.reason) == (ChangeKind.MOVED, expected)


def test_a_meeting_moved_then_cancelled_over_the_span_gives_both_causes() -> None:
    # Two cron runs between mailings: the first moved the meeting off a day closed to
    # meetings, the second cancelled it at its new time for want of an interpreter.
    # The notice, at the time the companies hold, gave the second cause alone (a venue
    # tester): "fewer interpreters ... at the published time", of a closed day.
    day = MISSION.first_day
    closed = "the published time is now closed to meetings for all participants"
    fewer = (
        "the mission now has fewer interpreters than meetings needing one at the "
        "published time, and no other common time is free for it"
    )
    old = replace(bare_agenda(), meetings=(
        PublishedMeeting("E1", "B1", day, time(10, 30), time(11, 0), 1, interpreter=True),
    ))  # fmt: skip
    between = (
        Change(ChangeKind.MOVED, "E1", "B1", day, time(10, 30), 1,
               day + timedelta(days=1), time(9, 0), 1, reason=closed),
    )  # fmt: skip
    new = bare_agenda(changes=(Change(ChangeKind.CANCELLED, "E1", "B1", reason=fewer),))
    [cancelled] = diff_agendas(old, new, between)
    assert cancelled.kind == ChangeKind.CANCELLED
    assert cancelled.reason == f"{closed}; then moved to another time, and cancelled there; {fewer}"
    french = change_reason(cancelled.reason, "fr")
    assert french.startswith("l'horaire annoncé est désormais fermé"), french
    assert "puis déplacé à un autre moment, et annulé à ce nouvel horaire ; " in french
    # Cancelled at the time the companies hold: its own cause alone, as before.
    assert diff_agendas(old, new, ())[0].reason == fewer


def test_a_meeting_moved_twice_over_the_span_gives_the_cause_at_the_time_held() -> None:
    # A second reader: moved off 10:30 by one cron run (the buyer away), then off its
    # new time by the next (the organisers set another meeting there): the notice, at
    # the time the companies hold, gave the second cause, "to make room for a meeting
    # the organisers set at the published time", of a time nothing was set at.
    from asmex_sched.replan import MOVED_AGAIN, MOVED_FOR_SET

    day = MISSION.first_day
    away = "Nile (B1) is no longer available at the published time"
    old = replace(bare_agenda(), meetings=(
        PublishedMeeting("E1", "B1", day, time(10, 30), time(11, 0), 1),
    ))  # fmt: skip
    between = (
        Change(ChangeKind.MOVED, "E1", "B1", day, time(10, 30), 1, day, time(14, 0), 2,
               reason=away),
    )  # fmt: skip
    now = (PublishedMeeting("E1", "B1", day, time(15, 30), time(16, 0), 1),)
    second = Change(ChangeKind.MOVED, "E1", "B1", day, time(14, 0), 2, day, time(15, 30), 1,
                    reason=MOVED_FOR_SET)  # fmt: skip
    new = replace(bare_agenda(changes=(second,)), meetings=now)
    [moved] = diff_agendas(old, new, between)
    assert (moved.kind, moved.reason) == (ChangeKind.MOVED, f"{away}; {MOVED_AGAIN}")
    assert change_reason(moved.reason, "fr") == (
        "Nile (B1) n'est plus disponible à l'horaire annoncé ; puis déplacé de nouveau"
    )
    # from the time the second run moved it off: its own cause, as before
    held = replace(old, meetings=(replace(old.meetings[0], start=time(14, 0),
                                          end=time(14, 30), table=2),))  # fmt: skip
    assert diff_agendas(held, new, between)[0].reason == MOVED_FOR_SET
    # moved straight to the time it has now (a table change after): the one cause
    last = Change(ChangeKind.MOVED, "E1", "B1", day, time(15, 30), 2, day, time(15, 30), 1,
                  reason="table changed")  # fmt: skip
    direct = (replace(between[0], new_start=time(15, 30)),)
    assert diff_agendas(old, replace(new, changes=(last,)), direct)[0].reason == away


def _span_move(a: time, b: time, reason: str, ta: int = 1, tb: int = 1) -> Change:
    day = MISSION.first_day
    return Change(ChangeKind.MOVED, "E1", "B1", day, a, ta, day, b, tb, reason=reason)


_AWAY = "Nile (B1) is no longer available at the published time"


@pytest.mark.parametrize(
    ("between", "last", "to", "interpreter", "expected"),
    [
        # A->B (away), B->C, C->B: the cause at the time held, then moved again (the
        # last run's, about C, was said: its new time is B's, a reader)
        ((_span_move(time(9), time(10), _AWAY), _span_move(time(10), time(11), "r2")),
         (_span_move(time(11), time(10), "moved to make room for other meetings"),),
         time(10), False, f"{_AWAY}; then moved again"),
        # A->B booking an interpreter, B->C releasing it: no booking over the span
        ((_span_move(time(9), time(10), f"{_AWAY}; interpreter now booked"),),
         (_span_move(time(10), time(11), "r2; interpreter no longer booked"),),
         time(11), False, f"{_AWAY}; then moved again"),
        # ... keeping it: said once, at the end
        ((_span_move(time(9), time(10), f"{_AWAY}; interpreter now booked"),),
         (_span_move(time(10), time(11), "r2"),),
         time(11), True, f"{_AWAY}; then moved again; interpreter now booked"),
        # cancelled at A, booked again at B, moved B->C: cancelled and booked again
        ((Change(ChangeKind.CANCELLED, "E1", "B1", MISSION.first_day, time(9), 1,
                 reason=_AWAY),
          Change(ChangeKind.ADDED, "E1", "B1", new_day=MISSION.first_day,
                 new_start=time(10), new_table=1, reason="new meeting")),
         (_span_move(time(10), time(11), "moved to make room for other meetings"),),
         time(11), False, f"{_AWAY}; then booked again at another time"),
        # cancelled at A, booked again at B, cancelled at B, booked again at C: the
        # cause at A (the last cancellation's, about B, was said; a cron week's tester)
        ((Change(ChangeKind.CANCELLED, "E1", "B1", MISSION.first_day, time(9), 1,
                 reason=_AWAY),
          Change(ChangeKind.ADDED, "E1", "B1", new_day=MISSION.first_day,
                 new_start=time(10), new_table=1, reason="new meeting"),
          Change(ChangeKind.CANCELLED, "E1", "B1", MISSION.first_day, time(10), 1,
                 reason="the meeting request was withdrawn")),
         (Change(ChangeKind.ADDED, "E1", "B1", new_day=MISSION.first_day,
                 new_start=time(11), new_table=1, reason="new meeting"),),
         time(11), False, f"{_AWAY}; then booked again at another time"),
    ],
)  # fmt: skip
def test_a_span_of_moves_gives_the_cause_at_the_time_the_companies_hold(
    between: tuple, last: tuple, to: time, interpreter: bool, expected: str
) -> None:
    day = MISSION.first_day
    old = replace(bare_agenda(), meetings=(
        PublishedMeeting("E1", "B1", day, time(9), time(9, 30), 1),
    ))  # fmt: skip
    now = PublishedMeeting("E1", "B1", day, to, time(to.hour, 30), 1, interpreter=interpreter)
    new = replace(bare_agenda(changes=last), meetings=(now,))
    [moved] = diff_agendas(old, new, between)
    assert (moved.kind, moved.reason) == (ChangeKind.MOVED, expected)


def test_a_moved_then_cancelled_span_gives_the_last_time_it_left_the_time_held() -> None:
    # A->B (away), B->A, A->C (organisers' meeting), cancelled at C: the cause of its
    # last leaving A, not the first (a reader)
    day = MISSION.first_day
    old = replace(bare_agenda(), meetings=(
        PublishedMeeting("E1", "B1", day, time(9), time(9, 30), 1),
    ))  # fmt: skip
    gone = Change(ChangeKind.CANCELLED, "E1", "B1", day, time(11), 1, reason="withdrawn")
    between = (_span_move(time(9), time(10), _AWAY), _span_move(time(10), time(9), "r2"),
               _span_move(time(9), time(11), "set; interpreter now booked"))  # fmt: skip
    [c] = diff_agendas(old, bare_agenda(changes=(gone,)), between)
    assert c.reason == "set; then moved to another time, and cancelled there; withdrawn"


def _span_cancel(at: time, reason: str, day: date | None = None) -> Change:
    return Change(ChangeKind.CANCELLED, "E1", "B1", day or MISSION.first_day, at, 1,
                  reason=reason)  # fmt: skip


def _span_add(at: time, table: int = 1) -> Change:
    return Change(ChangeKind.ADDED, "E1", "B1", new_day=MISSION.first_day, new_start=at,
                  new_table=table, reason="new meeting")  # fmt: skip


_TAKEN = "its time went to other meetings, and no other common time is free for it"
_NEEDED = ("the interpreter at the published time is needed for another meeting, and no "
           "other common time is free for it")  # fmt: skip


@pytest.mark.parametrize(
    ("runs", "expected"),
    [
        # cancelled at A, booked again at B, cancelled at B: the cause at A (without
        # its run's "no other common time is free"), then the last cause (the last one
        # alone was told of A; a cron week's tester, MA-023--KE-088)
        ((_span_cancel(time(9), _TAKEN), _span_add(time(15, 30)),
          _span_cancel(time(15, 30), _NEEDED)),
         f"its time went to other meetings; {REBOOKED_CANCELLED}; {_NEEDED}"),
        # ... moved B->C in between: cancelled at C, the same
        ((_span_cancel(time(9), _TAKEN), _span_add(time(15, 30)),
          _span_move(time(15, 30), time(16), "moved to make room for other meetings"),
          _span_cancel(time(16), _NEEDED)),
         f"its time went to other meetings; {REBOOKED_CANCELLED}; {_NEEDED}"),
        # the same cause twice: both said, at A and at B
        ((_span_cancel(time(9), _NEEDED), _span_add(time(15, 30)),
          _span_cancel(time(15, 30), _NEEDED)),
         "the interpreter at the published time is needed for another meeting; "
         f"{REBOOKED_CANCELLED}; {_NEEDED}"),
        # booked again at A (another table), cancelled at A: its own cause
        ((_span_cancel(time(9), _TAKEN), _span_add(time(9), table=2),
          _span_cancel(time(9), _NEEDED)),
         _NEEDED),
        # booked again at B, moved back to A, cancelled at A: its own cause
        ((_span_cancel(time(9), _TAKEN), _span_add(time(15, 30)),
          _span_move(time(15, 30), time(9), "r"), _span_cancel(time(9), _NEEDED)),
         _NEEDED),
        # moved A->B, cancelled at B, booked again at C, cancelled at C: left A moved
        ((_span_move(time(9), time(10), _AWAY), _span_cancel(time(10), _TAKEN),
          _span_add(time(11)), _span_cancel(time(11), _NEEDED)),
         f"{_AWAY}; {CANCELLED_AFTER_MOVE}; {_NEEDED}"),
        # moved A->B, back B->A, cancelled at A: its own cause ("moved to another
        # time, and cancelled there" was said of a meeting cancelled at A)
        ((_span_move(time(9), time(10), _AWAY), _span_move(time(10), time(9), "r2"),
          _span_cancel(time(9), _NEEDED)),
         _NEEDED),
    ],
)  # fmt: skip
def test_a_span_cancelling_a_meeting_booked_again_gives_the_cause_at_the_time_held(
    runs: tuple[Change, ...], expected: str
) -> None:
    old = replace(bare_agenda(), meetings=(
        PublishedMeeting("E1", "B1", MISSION.first_day, time(9), time(9, 30), 1),
    ))  # fmt: skip
    [c] = diff_agendas(old, bare_agenda(changes=runs[-1:]), runs[:-1])
    assert (c.kind, c.reason) == (ChangeKind.CANCELLED, expected)


def test_a_cancelled_booked_again_then_cancelled_reason_is_french_in_each_part() -> None:
    reason = f"its time went to other meetings; {REBOOKED_CANCELLED}; {_NEEDED}"
    buyer = Company("B1", "Kenya Foods", Side.BUYER)
    for company in (None, buyer):
        french = change_reason(reason, "fr", company, ("E1", "Atlas Export"))
        assert french == (
            "son créneau a été attribué à d'autres rendez-vous ; puis reprogrammé à un "
            "autre moment, et annulé à ce nouvel horaire ; l'interprète prévu à l'horaire "
            "annoncé est affecté à un autre rendez-vous, et aucun autre créneau commun "
            "n'est libre"
        )


@pytest.mark.parametrize(
    ("cause", "said"),
    [
        (_TAKEN, "its time went to other meetings"),
        (_NEEDED, "the interpreter at the published time is needed for another meeting"),
        (f"{_AWAY}, and no other common time is free for it", _AWAY),
        ("its time went to other meetings; the new plan found no other time for it",
         "its time went to other meetings"),
        ("its time went to other meetings; Kenya Foods (B1) is at its maximum number of "
         "meetings with other companies (max_meetings 5)", "its time went to other meetings"),
        (f"{_AWAY}; Kenya Foods (B1) takes no meetings at this mission (max_meetings 0)",
         _AWAY),
        (f"{_AWAY}, and the two companies no longer have a common available time", _AWAY),
        (f"{_AWAY}, and the two companies have no common available time left after "
         "2025-11-11 20:00 (now + notice)", _AWAY),
        ("frozen meeting: Kenya Foods (B1) was declared unavailable then", _AWAY.replace(
            "Nile", "Kenya Foods")),
        ("locked meeting: its time is no longer a slot of the programme",
         "the published time is no longer a slot of the programme"),
        # the lack of common times is the cause itself: nothing else says why it went
        ("the two companies no longer have a common available time",
         "the two companies no longer have a common available time"),
        ("Kenya Foods (B1) left the mission", "Kenya Foods (B1) left the mission"),
    ],
)  # fmt: skip
def test_a_cancellation_booked_again_later_is_told_without_no_other_time_is_free(
    cause: str, said: str
) -> None:
    # A cron week's tester, MA-031's file: "…, and no other common time is free for it;
    # then booked again at another time; interpreter no longer booked". That run's
    # "no other time" was true of its plan only: the next one found a time.
    old = replace(bare_agenda(), meetings=(
        PublishedMeeting("E1", "B1", MISSION.first_day, time(9), time(9, 30), 1),
    ))  # fmt: skip
    now = PublishedMeeting("E1", "B1", MISSION.first_day, time(11), time(11, 30), 1)
    # cancelled at A, booked again at B, cancelled at B, booked again at C: the cause
    # at A (the last cancellation's, about B, was said; a cron week's tester)
    between = (_span_cancel(time(9), cause), _span_add(time(10)),
               _span_cancel(time(10), "the meeting request was withdrawn"))  # fmt: skip
    new = replace(bare_agenda(changes=(_span_add(time(11)),)), meetings=(now,))
    [moved] = diff_agendas(old, new, between)
    assert (moved.kind, moved.reason) == (ChangeKind.MOVED, f"{said}; {BOOKED_AGAIN}")
    assert change_reason(moved.reason, "fr"), moved.reason
    # at its time, another table: "booked again at another table", the same cause
    table = replace(old.meetings[0], table=2)
    new = replace(bare_agenda(changes=(_span_add(time(9), table=2),)), meetings=(table,))
    [moved] = diff_agendas(old, new, between[:1])
    assert (moved.kind, moved.reason) == (ChangeKind.MOVED, f"{said}; {BOOKED_AGAIN_TABLE}")


def test_every_part_of_a_composed_reason_is_said_to_the_company_whose_file_it_is() -> None:
    # A QA tester: KE-081's own file read "the meeting request was withdrawn; then booked
    # again at another time, and cancelled there; Samburu Construction (KE-081) is no
    # longer available at the published time, …" (French likewise, "… n'est plus
    # disponible"): read whole, the first parts were taken for part of its name.
    away = "Samburu Construction (KE-081) is no longer available at the published time"
    reason = f"the meeting request was withdrawn; {REBOOKED_CANCELLED}; {away}"
    samburu = Company("KE-081", "Samburu Construction", Side.BUYER)
    erfoud = ("MA-024", "Erfoud Matériaux Group")
    assert change_reason(reason, "en", samburu, erfoud) == (
        f"the meeting request was withdrawn; {REBOOKED_CANCELLED}; you are no longer "
        "available at the published time"
    )
    assert change_reason(reason, "fr", samburu, erfoud) == (
        "la demande de rendez-vous a été retirée ; puis reprogrammé à un autre moment, et "
        "annulé à ce nouvel horaire ; vous n'êtes plus disponible à l'horaire annoncé"
    )
    # its counterpart, and the Changes sheet, read its name
    erfoud_co = Company("MA-024", "Erfoud Matériaux Group", Side.EXPORTER)
    assert change_reason(reason, "en", erfoud_co, ("KE-081", "Samburu Construction")) == (
        reason
    )


def test_a_reason_naming_a_company_typed_on_two_lines_is_one_line_in_either_language() -> None:
    # A reader: "Highlands\nAuto (KE-001) left the mission" gave an unlabelled line in
    # the calendar events, and no French at all.
    reason = "Highlands\nAuto (B1) left the mission"
    assert change_reason(reason, "en") == "Highlands Auto (B1) left the mission"
    assert change_reason(reason, "fr") == "Highlands Auto (B1) a quitté la mission"
    reader = Company("B1", "Highlands\nAuto", Side.BUYER)
    assert change_reason(reason, "en", reader) == "you left the mission"


@pytest.mark.parametrize("reader", [None, "B1", "E1"])
def test_a_moved_then_cancelled_reason_is_french_in_each_part(reader: str | None) -> None:
    # The second run's cause as a whole-reason pattern matched across the "; " joins,
    # its name spanning the first cause: "indisponibilité déclarée pour you are no
    # longer available at the published time; then moved to another time, et
    # cancelled there; you à cet horaire" (a mission-week tester).
    who = "Kilimani Data & Sons Ltd (B1)"
    reason = (
        f"{who} is no longer available at the published time; {CANCELLED_AFTER_MOVE}; "
        f"frozen meeting: {who} was declared unavailable then"
    )
    companies = {"B1": Company("B1", "Kilimani Data & Sons Ltd", Side.BUYER),
                 "E1": Company("E1", "Atlas Export", Side.EXPORTER)}  # fmt: skip
    counterpart = {"B1": ("E1", "Atlas Export"), "E1": ("B1", "Kilimani Data & Sons Ltd")}
    company = companies.get(reader or "")
    french = change_reason(reason, "fr", company, counterpart.get(reader or ""))
    parts = french.split(" ; ")
    assert len(parts) == 3, french
    assert parts[1] == "puis déplacé à un autre moment, et annulé à ce nouvel horaire"
    assert parts[0].endswith("plus disponible à l'horaire annoncé")
    assert parts[2].startswith("indisponibilité déclarée pour ")
    assert not re.search(r"\b(you|available|cancelled|then|there)\b", french), french
    if reader == "B1":
        assert parts[0] == "vous n'êtes plus disponible à l'horaire annoncé"


def test_a_company_new_since_the_previous_agenda_gets_a_first_agenda_without_changes(
    agendas: dict[str, Path],
) -> None:
    # A late registration's first agenda was headed "Changes since the previous
    # agenda", listing each of its meetings as "added": it had been sent nothing (a
    # walkthrough as a coordinator). Its counterparts are still told.
    new, old = read_agenda(agendas["new"]), read_agenda(agendas["old"])

    def without_e3(meetings):
        return None if meetings is None else tuple(m for m in meetings if "E3" not in m.key)

    before = replace(
        old,
        exporters=tuple(c for c in old.exporters if c.id != "E3"),
        meetings=without_e3(old.meetings),
        as_written=without_e3(old.as_written),
    )
    changes = diff_agendas(before, new)
    new_e3 = {c.buyer_id for c in changes if c.exporter_id == "E3" and c.kind == ChangeKind.ADDED}
    assert new_e3
    cas = {ca.company.id: ca for ca in build_company_agendas(
        new, changes=changes, only_changed=True, previous=before)}  # fmt: skip
    assert cas["E3"].changes == () and cas["E3"].meetings  # written: its first agenda
    for b in new_e3:
        assert any(line.counterpart_id == "E3" for line in cas[b].changes)
    # known to the previous agenda, as before: its added meetings are changes
    known = {ca.company.id: ca for ca in build_company_agendas(
        new, changes=diff_agendas(old, new), only_changed=True, previous=old)}  # fmt: skip
    assert any(line.kind == ChangeKind.ADDED for line in known["E3"].changes)
    # A late registration with no meeting at all gets its first agenda too (it was
    # counted "unchanged" and sent nothing; a cron week's tester).
    idle = next(c.id for c in new.buyers if not any(c.id in m.key for m in new.meetings))
    without_idle = replace(old, buyers=tuple(c for c in old.buyers if c.id != idle))
    cas = {ca.company.id: ca for ca in build_company_agendas(
        new, changes=diff_agendas(without_idle, new), only_changed=True,
        previous=without_idle)}  # fmt: skip
    assert idle in cas and cas[idle].meetings == () and cas[idle].changes == ()


@pytest.mark.parametrize(("written", "english", "french"), [
    ("changed by hand in the agenda", "rescheduled by the organisers",
     "reprogrammé par les organisateurs"),
    ("added by hand to the agenda", "added by the organisers", "ajouté par les organisateurs"),
    # its time kept: not "rescheduled" (a hand-editing tester)
    ("table changed by hand in the agenda", "table changed by the organisers",
     "changement de table par les organisateurs"),
    ("removed by hand from the agenda", "cancelled by the organisers",
     "annulé par les organisateurs"),
    ("changed by hand in the agenda; interpreter now booked",
     "rescheduled by the organisers; interpreter now booked",
     "reprogrammé par les organisateurs ; un interprète est désormais réservé"),
])  # fmt: skip
def test_a_hand_edit_reads_as_the_organisers_doing_to_a_company(
    written: str, english: str, french: str
) -> None:
    # "changed by hand in the agenda" is spreadsheet talk, sent as is to the companies
    # (a cron week's tester); the coordinator's Changes sheet keeps it.
    assert change_reason(written, "en", ATLAS, (NILE.id, NILE.name)) == english
    assert change_reason(written, "fr", ATLAS, (NILE.id, NILE.name)) == french
    assert change_reason(written, "en") == written  # no reader: the sheet's words


@pytest.mark.parametrize(("lang", "said"), [("fr", "interprète"), ("en", "interpreter")])
def test_an_interpreter_change_is_named_in_lower_case_like_the_other_kinds(
    lang: str, said: str
) -> None:
    # "Interprète" beside "déplacé", "annulé": the column heading's label was used (a
    # cron week's tester).
    day = MISSION.first_day
    meeting = PublishedMeeting("E1", "B1", day, time(9, 0), time(9, 30), 1, interpreter=True)
    agenda = replace(bare_agenda(), meetings=(meeting,))
    change = Change(ChangeKind.INTERPRETER, "E1", "B1", day, time(9, 0), 1, day, time(9, 0), 1,
                    "interpreter now booked")  # fmt: skip
    [ca] = build_company_agendas(agenda, company_ids=["E1"], lang=lang, changes=[change])
    block = document(ca).block("changes")
    assert block is not None and block.rows[0][0] == said


def test_other_commitments_already_over_are_not_listed() -> None:
    # A no-show recorded as an absence ("No-show", Monday 11:45) was listed among the
    # company's "Other commitments" on every later agenda (a simulated cron week).
    from asmex_sched.domain import Unavailability

    day = MISSION.first_day
    past = Unavailability("E1", day, time(11, 45), time(12, 15), "No-show")
    coming = Unavailability("ALL", day + timedelta(days=1), time(9, 0), time(10, 0), "visit")
    agenda = replace(
        bare_agenda(summary={"planned_at": f"{day.isoformat()}T19:00"}),
        unavailability=(past, coming),
    )
    [ca] = build_company_agendas(agenda, company_ids=["E1"], lang="en")
    assert ca.blocked == (coming,)
    earlier = (day - timedelta(days=3)).isoformat()
    before = replace(agenda, summary={"planned_at": f"{earlier}T09:00"})
    [early] = build_company_agendas(before, company_ids=["E1"], lang="en")
    assert early.blocked == (past, coming)


@pytest.fixture(scope="module")
def planned_agenda(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small mission's agenda as plan wrote it (4 exporters, 6 buyers, 5 tables)."""
    from asmex_sched import services
    from asmex_sched.model.solve import SolveOptions
    from benchmarks.generator import generate, write_xlsx

    folder = tmp_path_factory.mktemp("planned")
    rows = generate(4, 4, 6, days=1, requests_per_exporter=(2, 3), tables=5, n_fixed=0)
    out = folder / "agenda.xlsx"
    services.plan(write_xlsx(rows, folder / "roster.xlsx"), out, SolveOptions(time_limit=5),
                  now=datetime(2025, 11, 1, 8, 0))  # fmt: skip
    return out


def _hand_edit(agenda: Path, to: Path, edit) -> tuple[str, str]:
    """A copy of ``agenda`` with its first meeting row edited by ``edit(row, others)``
    (``row``: column -> cell; ``others``: the other rows' (date, start, table,
    exporter_id, buyer_id) values, then one empty row per start of the programme);
    returns the edited meeting's (exporter, buyer)."""
    from asmex_sched.domain import build_slots

    wb = load_workbook(agenda)
    ws = wb["Meetings"]
    head = [c.value for c in ws[1]]
    row = {name: ws.cell(2, i + 1) for i, name in enumerate(head)}
    names = ("date", "start", "table", "exporter_id", "buyer_id")
    others = [tuple(ws.cell(r, head.index(n) + 1).value for n in names)
              for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value]  # fmt: skip
    others += [(s.day.isoformat(), f"{s.start:%H:%M}", None, None, None)
               for s in build_slots(read_agenda(agenda).mission)]  # fmt: skip
    edit(row, others)
    wb.save(to)
    return row["exporter_id"].value, row["buyer_id"].value


TABLES = {1, 2, 3, 4, 5}


def _onto(row, where) -> None:
    for name, value in zip(("date", "start", "table"), where, strict=True):
        row[name].value = value


def _table_taken(row, others) -> None:  # another pair's time and table: H4
    _onto(row, next(o[:3] for o in others if o[3] and not {o[3], o[4]} & {
        row["exporter_id"].value, row["buyer_id"].value}))


def _company_taken(row, others) -> None:  # the exporter's other meeting's time: H2
    o = next(o for o in others if o[3] == row["exporter_id"].value
             and TABLES - {p[2] for p in others if p[:2] == o[:2]})  # fmt: skip
    _onto(row, (o[0], o[1], min(TABLES - {p[2] for p in others if p[:2] == o[:2]})))


def _free_time(row, others) -> None:  # a time neither company nor the table is busy
    ours = {row["exporter_id"].value, row["buyer_id"].value}
    busy = {o[:2] for o in others if {o[3], o[4]} & ours} | {(row["date"].value,
                                                              row["start"].value)}
    when = next(o[:2] for o in others if o[:2] not in busy)
    used = {o[2] for o in others if o[:2] == when}
    _onto(row, (*when, min(TABLES - used)))


def _interpreter_off(row, others) -> None:  # H5 needs the roster: not report's to judge
    row["interpreter"].value = "no" if row["interpreter"].value in ("yes", "oui") else "yes"


@pytest.mark.parametrize(("edit", "rule"), [
    (_table_taken, "H4: table"), (_company_taken, "H2: "), (_free_time, None),
    (_interpreter_off, None),
])  # fmt: skip
def test_a_hand_edited_agenda_that_double_books_is_not_sent(
    planned_agenda: Path, tmp_path: Path, edit, rule: str | None
) -> None:
    # An audit: report wrote the companies' files from an agenda edited by hand with two
    # meetings at one table at once (the validator ran before plan's agendas only).
    # The rules an agenda answers for alone (H1, H2, H4) are re-checked: nothing is
    # written. A hand edit that breaks none of them is written, with a warning.
    out = tmp_path / "agenda.xlsx"
    exporter, buyer = _hand_edit(planned_agenda, out, edit)
    result = run(out, "-o", tmp_path / "agendas")
    said = " ".join(result.output.split())
    if rule is None:
        assert result.exit_code == 0, said
        assert "was edited by hand since 'plan' wrote it" in said
        return
    assert result.exit_code == 1, said
    assert "was edited by hand and breaks" in said and rule in said, said
    assert exporter in said and buyer in said
    # with the Meetings rows to correct, as check names them (a hand-editing tester)
    assert "(sheet Meetings, rows " in said, said
    assert not (tmp_path / "agendas").exists() or not list((tmp_path / "agendas").iterdir())


def test_a_hand_edited_agenda_reported_since_the_sent_one_says_its_edits_are_listed(
    planned_agenda: Path, tmp_path: Path
) -> None:
    # With --changed-since the files list the edits as changes: the warning said they
    # were "not announced as changes" (a hand-editing tester).
    out = tmp_path / "agenda.xlsx"
    _hand_edit(planned_agenda, out, _free_time)
    alone = " ".join(run(out, "-o", tmp_path / "all").output.split())
    assert "these files show the edits, but they are not announced as changes" in alone
    result = run(out, "-o", tmp_path / "since", "--changed-since", planned_agenda)
    said = " ".join(result.output.split())
    assert result.exit_code == 0, said
    assert "these files list the edits as changes, without a reason" in said
    assert "not announced as changes" not in said


def test_a_mission_sheet_typed_over_is_said_with_the_settings_typed(
    planned_agenda: Path, tmp_path: Path
) -> None:
    # A venue typed into the agenda's Mission sheet went into every company's files
    # without a word, and the next plan wrote the roster's back (a tester, session 67).
    def typed(name: str, **values: object) -> Path:
        wb = load_workbook(planned_agenda)
        for row in wb["Mission"].iter_rows(min_row=2):
            if row[0].value in values:
                row[1].value = values[row[0].value]
        wb.save(tmp_path / name)
        return tmp_path / name

    venue = read_agenda(planned_agenda).mission.venue
    out = typed("venue.xlsx", venue="Serena Hotel")
    said = " ".join(run(out, "-o", tmp_path / "a").output.split())
    assert (
        f"{out}, sheet Mission: venue 'Serena Hotel' was typed there since 'plan' wrote it "
        f"(venue {venue!r}): these files show the values typed there, and the next 'plan' "
        "writes the roster's Mission sheet back over them: make such changes in the roster"
    ) in said, said
    # the tables too, which only the Summary's mission_written records: named with the
    # value plan wrote, as the venue (a re-check tester, session 67)
    tables = read_agenda(planned_agenda).mission.tables
    out = typed("tables.xlsx", venue="Serena Hotel", tables=14)
    said = " ".join(run(out, "-o", tmp_path / "b").output.split())
    assert (
        f"{out}, sheet Mission: venue 'Serena Hotel' and tables 14 were typed there since "
        f"'plan' wrote it (venue {venue!r} and tables {tables}): these files show"
    ) in said, said
    assert "sheet Mission" not in run(planned_agenda, "-o", tmp_path / "c").output
    # written before mission_written: which setting the Summary does not record was
    # typed cannot be told from its hash
    wb = load_workbook(out)
    summary = wb["Summary"]
    [row] = [r[0].row for r in summary.iter_rows() if r[0].value == "mission_written"]
    summary.delete_rows(row)
    wb.save(out)
    said = " ".join(run(out, "-o", tmp_path / "d").output.split())
    assert (
        "sheet Mission: venue 'Serena Hotel' was typed there since 'plan' wrote it, and one "
        "or more settings the Summary does not record (country, day_start, day_end, "
        "meeting_minutes, breaks, tables, interpreters, notice_hours: compare it with the "
        "roster's Mission sheet)"
    ) in said, said


def test_meeting_minutes_typed_in_the_mission_sheet_type_no_end(
    planned_agenda: Path, tmp_path: Path
) -> None:
    # meeting_minutes typed there: report warned that every meeting's end was "typed by
    # hand in Meetings" (a re-check tester, session 67); the ends plan wrote are read
    # with the mission it wrote (the Summary's mission_written), the setting said typed.
    wb = load_workbook(planned_agenda)
    for row in wb["Mission"].iter_rows(min_row=2):
        if row[0].value == "meeting_minutes":
            written, row[1].value = row[1].value, 45
    out = tmp_path / "minutes.xlsx"
    wb.save(out)
    result = run(out, "-o", tmp_path / "a")
    said = " ".join(result.output.split())
    assert result.exit_code == 0, said
    assert "typed by hand in Meetings" not in said, said
    assert (
        f"sheet Mission: meeting_minutes 45 was typed there since 'plan' wrote it "
        f"(meeting_minutes {written})"
    ) in said, said


def test_a_start_typed_off_the_programme_is_named_by_its_cell(
    planned_agenda: Path, tmp_path: Path
) -> None:
    # As check names it (a second reader).
    out = tmp_path / "agenda.xlsx"
    _hand_edit(planned_agenda, out, lambda row, others: setattr(row["start"], "value", "10:10"))
    off = run(out, "-o", tmp_path / "agendas")
    assert off.exit_code == 1
    assert "(sheet Meetings, row 2, column C (start))" in " ".join(off.output.split()), off.output


def test_a_full_mailing_gives_a_late_registration_a_first_agenda_without_changes(
    agendas: dict[str, Path],
) -> None:
    # A reader: `report` without --changed-since, after a re-plan that added a late
    # registration, headed its first agenda "Changes since the previous agenda" with
    # each of its meetings "added". A company that had meetings keeps its block.
    new = read_agenda(agendas["new"])
    e3 = {m.key for m in new.meetings if "E3" in m.key}
    assert e3
    added = tuple(
        Change(ChangeKind.ADDED, e, b, new_day=m.day, new_start=m.start, new_table=m.table,
               reason="new meeting")
        for m in new.meetings if m.key in e3 for e, b in [m.key]
    )  # fmt: skip
    cas = {ca.company.id: ca for ca in build_company_agendas(replace(new, changes=added))}
    assert cas["E3"].changes == () and len(cas["E3"].meetings) == len(e3)
    for _, b in e3:  # its counterparts held other meetings: they are told
        if any(m.key not in e3 for m in new.meetings if b in m.key):
            assert any(line.counterpart_id == "E3" for line in cas[b].changes)


def test_a_company_reads_its_changes_in_time_order(agendas: dict[str, Path]) -> None:
    # A reader: changes came in meeting-id order (15:30, 16:00, 14:30, 15:00, 14:00)
    # while the meetings are listed by time.
    new = read_agenda(agendas["new"])
    cid = max((c.id for c in new.exporters),
              key=lambda e: sum(e in m.key for m in new.meetings))  # fmt: skip
    mine = sorted((m for m in new.meetings if cid in m.key), key=lambda m: m.key)
    assert len(mine) >= 3
    # each moved from a time: the later the meeting id, the earlier the time it had
    times = sorted(((m.day, m.start) for m in mine), reverse=True)
    moved = tuple(
        Change(ChangeKind.MOVED, *m.key, old_day=d, old_start=t, old_table=m.table,
               new_day=m.day, new_start=m.start, new_table=m.table, reason="table changed")
        for m, (d, t) in zip(mine, times, strict=True)
    )  # fmt: skip
    [ca] = build_company_agendas(replace(new, changes=moved), company_ids=[cid])
    had = [(c.old_day, c.old_start) for c in ca.changes]
    assert len(had) == len(mine) and had == sorted(had)


def test_french_quotes_stay_with_their_words_in_pdfs() -> None:
    # A reader: "« L'Oréade" / "» SARL", the closing guillemet wrapped alone.
    from fpdf import FPDF

    from asmex_sched.io.report_files import _guillemets_kept

    name = _guillemets_kept("Société « L'Oréade » SARL")
    assert name == "Société «\u00a0L'Oréade\u00a0» SARL"
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 12)
    quoted = pdf.get_string_width("«\u00a0L'Oréade\u00a0»") + 2 * pdf.c_margin
    for width in range(int(quoted) + 1, 70, 2):  # narrower, a word is cut anywhere
        lines = pdf.multi_cell(width, 6, name, dry_run=True, output="LINES")
        assert not any(line.startswith("»") or line.endswith("«") for line in lines), lines


def test_an_unmet_line_knows_a_counterpart_that_takes_no_meeting(
    agendas: dict[str, Path],
) -> None:
    new = read_agenda(agendas["new"])
    assert new.unscheduled
    u = new.unscheduled[0]
    zero = replace(new, exporters=tuple(replace(c, max_meetings=0) if c.id == u.exporter_id
                                        else c for c in new.exporters))  # fmt: skip
    # without meetings of its own: one lowered to 0 after meetings held has reached
    # its maximum, it does not "take no meetings" (a reader; test_replan)
    none = replace(zero, meetings=tuple(m for m in new.meetings if m.exporter_id != u.exporter_id))
    [ca] = build_company_agendas(none, company_ids=[u.buyer_id])
    [line] = [x for x in ca.unmet if x.counterpart_id == u.exporter_id]
    assert line.counterpart_takes_none
    [ca] = build_company_agendas(zero, company_ids=[u.buyer_id])
    [line] = [x for x in ca.unmet if x.counterpart_id == u.exporter_id]
    assert not line.counterpart_takes_none
    [ca] = build_company_agendas(new, company_ids=[u.buyer_id])
    assert not any(x.counterpart_takes_none for x in ca.unmet)


def test_a_company_at_a_maximum_of_0_with_meetings_reads_it_reached(
    agendas: dict[str, Path],
) -> None:
    # Its maximum lowered to 0 after meetings held: its own agenda read "the organisers
    # planned no meeting for you" beside its meetings (a mutation tester).
    from asmex_sched.domain import MAX_REACHED

    new = read_agenda(agendas["new"])
    e = next(m.exporter_id for m in new.meetings)
    other = next(b.id for b in new.buyers if (e, b.id) not in {m.key for m in new.meetings})
    name = next(c.name for c in new.exporters if c.id == e)
    zero = replace(
        new,
        exporters=tuple(replace(c, max_meetings=0) if c.id == e else c for c in new.exporters),
        unscheduled=(*new.unscheduled,
                     Unscheduled(e, other, "at_capacity", f"{MAX_REACHED}{name}")),
    )  # fmt: skip
    [ca] = build_company_agendas(zero, company_ids=[e], lang="en")
    assert ca.meetings
    texts = [row[-1] for row in document(ca).block("unmet").rows]  # type: ignore[union-attr]
    assert "you have reached your maximum number of meetings" in texts
    assert not any("planned no meeting" in t for t in texts)


def test_occupancy_shows_the_overload_kept_within_the_notice_period(
    planned_agenda: Path,
) -> None:
    # A re-plan keeps the meetings still to come within the notice period where they
    # are, over a lowered limit: the summary read "3 of 3, 100 %" with 2 interpreters
    # left (a cron week's tester). Only the meetings held before the re-plan raise a
    # slot's capacity to what they used.
    from collections import Counter
    from dataclasses import replace

    from asmex_sched.report import summary_tables

    agenda = read_agenda(planned_agenda)
    busiest = max(Counter((p.day, p.start) for p in agenda.meetings).values())
    assert busiest >= 2
    first, last = agenda.meetings[0].day, max(p.day for p in agenda.meetings)

    def rows(planned: datetime) -> list[tuple]:
        summary = dict(agenda.summary) | {
            "planned_at": planned.isoformat(timespec="minutes"),
            "horizon": datetime.combine(last, time(23, 0)).isoformat(timespec="minutes"),
        }
        lowered = replace(agenda, summary=summary, mission=replace(agenda.mission, tables=1))
        return next(t.rows for t in summary_tables(lowered) if t.title == "Tables per slot")

    to_come = rows(datetime.combine(first, time(0, 0)))[:-1]  # nothing held yet
    assert max(r[3] - r[4] for r in to_come) == busiest - 1  # e.g. 3 of 1
    held = rows(datetime.combine(last, time(23, 0)))[:-1]  # everything held
    assert all(r[3] <= r[4] for r in held)


def test_companies_without_languages_are_said_to_get_english_agendas(
    planned_agenda: Path, tmp_path: Path
) -> None:
    # A French-speaking mission left its Languages column blank (everyone speaks
    # French): every agenda was in English, without a word (a newcomer's tester).
    from openpyxl import load_workbook

    out = tmp_path / "agenda.xlsx"
    wb = load_workbook(planned_agenda)
    for sheet in ("Exporters", "Buyers"):
        ws = wb[sheet]
        col = [c.value for c in ws[1]].index("languages") + 1
        for r in range(2, ws.max_row + 1):
            ws.cell(r, col).value = None
    wb.save(out)
    said = " ".join(run(out, "-o", tmp_path / "en").output.split())
    assert "companies list no language: their agendas are in English" in said
    # (not "-c ID --lang fr": a -c run's index lists those companies alone; a reader)
    assert "fill in their languages in the roster (then plan and report again)" in said
    quiet = " ".join(run(out, "-o", tmp_path / "fr", "--lang", "fr").output.split())
    assert "list no language" not in quiet
    assert {r["language"] for r in index(tmp_path / "fr").values()} == {"fr"}


def test_companies_without_an_address_or_reading_neither_language_are_said(
    planned_agenda: Path, tmp_path: Path
) -> None:
    # A tester: a buyer with a blank e-mail was in index.csv with no address (the mail
    # merge skipped its meetings without a word); an Arabic-only exporter's agenda was
    # in English without a word.
    from openpyxl import load_workbook

    out = tmp_path / "agenda.xlsx"
    wb = load_workbook(planned_agenda)
    blanked: dict[str, str] = {}
    for sheet, what, value in (("Buyers", "email", None), ("Exporters", "languages", "ar")):
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        ws.cell(2, header.index(what) + 1).value = value
        blanked[what] = ws.cell(2, header.index("id") + 1).value
    wb.save(out)
    result = run(out, "-o", tmp_path / "all")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert (
        f"1 company has no e-mail address in the agenda: the mail merge (index.csv) cannot "
        f"send them their files; add it to the roster (then plan and report again) or send "
        f"them yourself: {blanked['email']}"
    ) in said
    assert index(tmp_path / "all")[blanked["email"]]["email"] == ""
    assert "1 company speaks neither French nor English: their agendas are in English" in said
    assert said.count(blanked["languages"]) >= 1
    assert index(tmp_path / "all")[blanked["languages"]]["language"] == "en"
    # neither is said of the agenda as plan wrote it, nor the language under --lang
    plain = " ".join(run(planned_agenda, "-o", tmp_path / "plain").output.split())
    assert "no e-mail address" not in plain and "neither French nor English" not in plain
    forced = " ".join(run(out, "-o", tmp_path / "fr", "--lang", "fr").output.split())
    assert "neither French nor English" not in forced


def _nine_companies_with(agenda: Path, out: Path, column: str, value: object) -> list[str]:
    """``agenda`` saved as ``out`` with ``column`` set to ``value`` for its first nine
    companies (exporters, then buyers): their ids."""
    from openpyxl import load_workbook

    wb = load_workbook(agenda)
    ids = []
    for ws in (wb["Exporters"], wb["Buyers"]):
        header = [c.value for c in ws[1]]
        for row in range(2, ws.max_row + 1):
            if len(ids) < 9 and ws.cell(row, header.index("id") + 1).value:
                ws.cell(row, header.index(column) + 1).value = value
                ids.append(ws.cell(row, header.index("id") + 1).value)
    assert len(ids) == 9
    wb.save(out)
    return ids


@pytest.mark.parametrize(
    ("column", "value", "warned", "list_after"),
    [
        # A CSV-folder tester: of 9 such companies the warning named 8, then "...", so
        # the coordinator could not write the ninth's agenda in French.
        ("languages", "ar", "9 companies speak neither French nor English", r"mail merge\): "),
        # An outside tester: the same of the companies the mail merge cannot reach; the
        # coordinator sends them their files by hand, so needs every id.
        ("email", None, "9 companies have no e-mail address", r"send them yourself: "),
    ],
)
def test_every_company_a_warning_is_about_is_named(
    planned_agenda: Path, tmp_path: Path, column: str, value: object, warned: str,
    list_after: str,
) -> None:  # fmt: skip
    out = tmp_path / "agenda.xlsx"
    ids = _nine_companies_with(planned_agenda, out, column, value)
    result = run(out, "-o", tmp_path / "all")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert warned in said
    listed = re.search(list_after + r"((?:[\w-]+, )*[\w-]+)", said)
    assert listed is not None
    assert sorted(listed.group(1).split(", ")) == sorted(ids)


def test_other_commitments_changed_alone_are_said_to_need_a_full_report(
    planned_agenda: Path, tmp_path: Path
) -> None:
    # A site visit moved to another day moved no meeting: --changed-since wrote no file
    # and said nothing, the agendas sent showing the old day (a newcomer's tester).
    from openpyxl import load_workbook

    new = tmp_path / "agenda.xlsx"
    wb = load_workbook(planned_agenda)
    ws = wb["Unavailability"]
    header = [c.value for c in ws[1]]
    row = [None] * len(header)
    day = read_agenda(planned_agenda).mission.first_day
    for column, value in (("participant", "EXPORTERS"), ("date", day.isoformat()),
                          ("start", "23:00"), ("end", "23:30"), ("reason", "Site visit")):
        row[header.index(column)] = value
    ws.append(row)
    wb.save(new)
    exporters = sorted(c.id for c in read_agenda(new).exporters)
    assert read_agenda(new).unavailability != read_agenda(planned_agenda).unavailability
    result = run(new, "-o", tmp_path / "notices", "--changed-since", planned_agenda,
                 "--now", f"{day.isoformat()}T08:00")  # fmt: skip
    said = " ".join(result.output.split())
    assert result.exit_code == 0, said
    assert (f"{len(exporters)} companies whose other commitments (Unavailability) changed "
            "without a meeting of theirs changing get no file") in said  # fmt: skip
    assert ", ".join(exporters) in said
    # a whole group's row: a full report; every id, not the first 8 (a cron week's tester)
    assert "(a time closed to a whole group: report without --changed-since" in said
    ws.cell(ws.max_row, header.index("participant") + 1, "ALL")
    wb.save(new)
    result = run(new, "-o", tmp_path / "all", "--changed-since", planned_agenda,
                 "--now", f"{day.isoformat()}T08:00")  # fmt: skip
    said = " ".join(result.output.split())
    everyone = sorted(c.id for c in (*read_agenda(new).exporters, *read_agenda(new).buyers))
    assert len(everyone) > 8 and ", ".join(everyone) in said, said


def test_a_commitment_changed_in_the_past_needs_no_full_report(
    planned_agenda: Path, tmp_path: Path
) -> None:
    # A cron week's tester: a no-show typed in on Monday at noon for that morning made
    # "other commitments (Unavailability) changed ... get no file" name the buyer, whose
    # agenda still to come had not changed. Only a commitment not yet over counts.
    from openpyxl import load_workbook

    agenda = read_agenda(planned_agenda)
    day = agenda.mission.first_day
    away, later = sorted({m.buyer_id for m in agenda.meetings})[:2]
    new = tmp_path / "agenda.xlsx"
    wb = load_workbook(planned_agenda)
    ws = wb["Unavailability"]
    header = [c.value for c in ws[1]]
    for who, start, end, why in ((away, "07:00", "07:30", "no-show"),
                                 (later, "23:00", "23:30", "Site visit")):  # fmt: skip
        row = [None] * len(header)
        for column, value in (("participant", who), ("date", day.isoformat()),
                              ("start", start), ("end", end), ("reason", why)):  # fmt: skip
            row[header.index(column)] = value
        ws.append(row)
    wb.save(new)
    result = run(new, "-o", tmp_path / "notices", "--changed-since", planned_agenda,
                 "--now", f"{day.isoformat()}T12:00")  # fmt: skip
    said = " ".join(result.stderr.split())
    assert result.exit_code == 0, said
    assert ("1 company whose other commitments (Unavailability) changed without a meeting "
            "of theirs changing gets no file from --changed-since") in said  # fmt: skip
    assert f"(report without --changed-since, -c ID for each): {later}" in said, said
    assert away not in said.split("changing gets no file")[1], said


def test_an_agenda_sent_before_the_commitments_sheet_does_not_make_every_commitment_changed(
    planned_agenda: Path, tmp_path: Path
) -> None:
    # Sent by an older version, without the Unavailability sheet: every company's
    # commitments read as changed (an upgrade tester); said as what cannot be told.
    from openpyxl import load_workbook

    old = tmp_path / "sent.xlsx"
    wb = load_workbook(planned_agenda)
    del wb["Unavailability"]  # calendar_sequence came three commits before it (a reader)
    wb.save(old)
    assert read_agenda(planned_agenda).unavailability and not read_agenda(old).unavailability
    result = run(planned_agenda, "-o", tmp_path / "notices", "--changed-since", old)
    said = " ".join(result.output.split())
    assert result.exit_code == 0, said
    assert "whose other commitments (Unavailability) changed" not in said
    assert f"{old} was written by an older version, without the companies' other " in said


def test_the_log_files_first_line_gives_reports_options(
    planned_agenda: Path, tmp_path: Path
) -> None:
    # It gave the agenda and the folder alone (a docs auditor); quoted as a shell reads
    # them (a reader).
    import shlex

    agenda = read_agenda(planned_agenda)
    company = agenda.exporters[0].id
    log = tmp_path / "report.log"
    result = run(planned_agenda, "-o", tmp_path / "my out", "-c", company, "--format",
                 "xlsx", "--lang", "fr", "--log-file", log)  # fmt: skip
    assert result.exit_code == 0, result.output
    first = log.read_text().splitlines()[0]
    words = shlex.split(first.split("]: ", 1)[1].rsplit(" (asmex-sched", 1)[0])
    assert words == ["report", str(planned_agenda), "-o", str(tmp_path / "my out"),
                     "-c", company, "--format", "xlsx", "--lang", "fr"]  # fmt: skip


def test_a_meeting_moved_then_announced_under_a_corrected_id_then_moved_again() -> None:
    # A reader: moved A->B under E1, its id corrected to E9 (announced again), moved
    # B->C under E9: the cancellation of the E1 pair read "then moved to another time,
    # and cancelled there", and the E9 line gave the last run's cause, about B.
    from asmex_sched.domain import Agenda
    from asmex_sched.replan import RENAMED_ADDED, RENAMED_CANCEL

    day = MISSION.first_day
    old = replace(bare_agenda(), meetings=(
        PublishedMeeting("E1", "B1", day, time(9), time(9, 30), 1),
    ))  # fmt: skip
    renamed = tuple(replace(e, id="E9") if e.id == "E1" else e for e in EXPORTERS)
    ids = f"{EXPORTERS[0].name} (E1, now E9)"
    between = (
        _span_move(time(9), time(10), _AWAY),
        Change(ChangeKind.CANCELLED, "E1", "B1", day, time(10), 1,
               reason=RENAMED_CANCEL.format(ids=ids)),
        Change(ChangeKind.ADDED, "E9", "B1", new_day=day, new_start=time(10), new_table=1,
               reason=RENAMED_ADDED.format(ids=ids)),
    )  # fmt: skip
    last = (Change(ChangeKind.MOVED, "E9", "B1", day, time(10), 1, day, time(11), 1,
                   reason="moved to make room for other meetings"),)  # fmt: skip
    new = Agenda(MISSION, renamed, BUYERS,
                 (PublishedMeeting("E9", "B1", day, time(11), time(11, 30), 1),),
                 changes=last, former_ids=(("E1", "E9"),))  # fmt: skip
    said = {c.kind: c.reason for c in diff_agendas(old, new, between)}
    assert said[ChangeKind.CANCELLED] == RENAMED_CANCEL.format(ids=ids)
    assert said[ChangeKind.ADDED].endswith(f"at another time; {_AWAY}; then moved again")


def test_one_company_written_is_said_in_the_singular(planned_agenda: Path, tmp_path: Path) -> None:
    # "wrote agendas of 1 companies" (a roster tester).
    first = min(m.exporter_id for m in read_agenda(planned_agenda).meetings)
    result = run(planned_agenda, "-o", tmp_path / "one", "-c", first)
    assert result.exit_code == 0, result.stderr
    assert "wrote agendas of 1 company to" in result.stderr, result.stderr


def test_a_place_set_for_the_first_time_is_said_from_none() -> None:
    # "venue changed from '' to 'KICC'": '' meant nothing to a coordinator (a reader).
    from dataclasses import replace

    from conftest import make_instance

    from asmex_sched.report import place_changes

    old = replace(make_instance().mission, venue="")
    assert place_changes(old, replace(old, venue="KICC")) == "venue changed from (none) to 'KICC'"
    assert place_changes(replace(old, venue="KICC"), old) == "venue changed from 'KICC' to (none)"


def test_a_cancelled_event_says_where_the_meeting_was_announced(tmp_path: Path) -> None:
    # A re-plan after the venue moved cancelled a meeting: its cancelled event read
    # the new venue, where it was never announced (an outside reader).
    def agenda(path: Path, venue: str, schedule: Schedule, planned: str, seq: int, changes=()):
        inst = replace(INSTANCE, mission=replace(MISSION, venue=venue))
        write_agenda(path, inst, schedule, unscheduled=(), changes=changes,
                     summary={"mission": MISSION.name, "planned_at": planned,
                              "calendar_id": "c0ffee", "calendar_sequence": seq})  # fmt: skip
        return path

    day = MISSION.first_day
    history = tmp_path / "agenda-history"
    history.mkdir()
    old = agenda(history / "agenda-20251101T080000Z.xlsx", "KICC", OLD, "2025-11-01T09:00", 100)
    cancel = Change(ChangeKind.CANCELLED, "E2", "B2", day, time(10, 45), 1, reason="a party left")
    new = agenda(tmp_path / "agenda.xlsx", "Sarit Expo Centre", NEW, "2025-11-08T18:30", 200,
                 (cancel,))  # fmt: skip

    def b2_events(*args: object) -> dict[str, tuple[str, str]]:
        out = tmp_path / f"out{len(args)}"
        result = run(new, "-o", out, "-c", "B2", "-q", *args)
        assert result.exit_code == 0, result.output
        return {str(e["UID"]): (str(e["STATUS"]), str(e["LOCATION"]))
                for e in events(out / index(out)["B2"]["ics"])}  # fmt: skip

    for args in ((), ("--changed-since", old)):  # the Changes sheet, then a span
        got = b2_events(*args)
        assert got["E2--B2.c0ffee@asmex-sched"] == ("CANCELLED", "KICC, table 1"), args
        assert got["E1--B2.c0ffee@asmex-sched"] == ("CONFIRMED", "Sarit Expo Centre, table 1")

    # dropped by a run not mailed: the venue of the copy that held it
    from asmex_sched.io.report_files import _dropped_since_history

    third = agenda(tmp_path / "agenda.xlsx", "Sarit Expo Centre", Schedule(NEW.meetings[:-1]),
                   "2025-11-09T18:30", 300)  # E3--B4 dropped  # fmt: skip
    agenda(history / "agenda-20251108T173000Z.xlsx", "Two Rivers", NEW, "2025-11-08T18:30", 200)
    [line] = _dropped_since_history(third, read_agenda(third))["B4"]
    assert line.place == "Two Rivers"


def test_pdf_states_the_language_it_is_written_in(agendas: dict[str, Path]) -> None:
    # A French recipients' reader: no /Lang in the PDFs, so screen readers read the
    # French files with an English voice.
    from asmex_sched.io.report_files import company_pdf_bytes
    from asmex_sched.report import build_company_agendas

    cas = build_company_agendas(read_agenda(agendas["new"]))
    assert {ca.lang for ca in cas} == {"fr", "en"}
    for ca in cas:
        assert f"/Lang ({ca.lang})".encode() in company_pdf_bytes(ca, None), ca.company.id


def _holding(lock: Path, then: str) -> subprocess.Popen[str]:
    """Another process holding ``lock`` (as a run does), once it has said so; it then
    runs ``then`` (Python, ``lock`` held) and lets go."""
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import filelock, pathlib, sys, time\n"
         "lock = filelock.FileLock(sys.argv[1]); lock.acquire()\n"
         f"print('held', flush=True)\n{then}\nlock.release()",
         str(lock)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_two_reports_into_one_folder_take_turns_as_plans_do(tmp_path: Path) -> None:
    # An operations tester: cron's report and the coordinator's by hand into one folder
    # at once were not locked against each other, as plan's runs on one agenda are.
    # The folder's lock held by another run: exit 6 as plan's, the holder and what to
    # do said, nothing in the folder removed or written; --wait goes through once it
    # lets go; one killed outright (SIGKILL) leaves no lock that blocks the next.
    agenda = _agenda_with_b1(tmp_path)
    folder = tmp_path / "agendas"
    folder.mkdir()
    (folder / "index.csv").write_text("an earlier run's index")
    lock = folder / ".asmex-report.lock"
    log = tmp_path / "logs" / "report.log"
    letting_go = tmp_path / "letting-go"
    holder = _holding(lock, f"time.sleep(3); pathlib.Path({str(letting_go)!r}).touch()")
    try:
        res = run(agenda, "-o", folder, "-q", "--log-file", log)
        assert res.exit_code == EXIT_LOCKED, res.output
        (line,) = [ln for ln in res.stderr.splitlines() if ln.startswith("error:")]
        said = " ".join(res.stderr.split())
        assert f"{folder}: another asmex-sched report into this folder holds {lock}" in said
        assert "run again once it has, or give --wait" in said, said
        assert sorted(p.name for p in folder.iterdir()) == [lock.name, "index.csv"]
        assert (folder / "index.csv").read_text() == "an earlier run's index"
        assert "exit 6" in log.read_text()
        res = run(agenda, "-o", folder, "-q", "--wait", "30")
        assert res.exit_code == EXIT_OK, res.output
        assert letting_go.exists()  # it waited for the holder to let go
    finally:
        holder.kill()
        holder.wait()
    assert "E1" in (folder / "index.csv").read_text()
    killed = _holding(lock, "time.sleep(60)")
    killed.kill()
    killed.wait()
    assert run(agenda, "-o", folder, "-q").exit_code == EXIT_OK


def test_a_company_workbook_states_its_language_as_its_pdf_does(
    agendas: dict[str, Path],
) -> None:
    # A tester: docs/report.md has the PDF state its language "as the workbook's", and
    # the workbooks said none (Excel's and screen readers' proofing language unset).
    from asmex_sched.io.report_files import company_xlsx_bytes, summary_xlsx_bytes

    agenda = read_agenda(agendas["new"])
    cas = build_company_agendas(agenda)
    assert {ca.lang for ca in cas} == {"fr", "en"}
    for ca in cas:
        props = load_workbook(io.BytesIO(company_xlsx_bytes(ca))).properties
        assert props.language == ca.lang, ca.company.id
        assert document(ca).title.startswith("Agenda des" if ca.lang == "fr" else "Meeting")
    # (the summary, its headings in English whatever the companies', says none)
    assert load_workbook(io.BytesIO(summary_xlsx_bytes(agenda))).properties.language is None


def test_a_company_that_left_at_a_replan_is_told_apart_from_a_typo(tmp_path: Path) -> None:
    # A tester: `report -c KE-057` for a company gone from the roster read "unknown
    # company id(s)" alone, after an unrelated warning on the re-plans' change lists.
    def agenda(path: Path, inst: Instance, planned: str, seq: int, changes=()) -> Path:
        write_agenda(path, inst, NEW, unscheduled=(), changes=changes,
                     summary={"mission": MISSION.name, "planned_at": planned,
                              "calendar_id": "c0ffee", "calendar_sequence": seq})  # fmt: skip
        return path

    gone = replace(BUYERS[0], id="B9", name="Gone Buyer Ltd")
    history = tmp_path / "agenda-history"
    history.mkdir()
    for stamp, seq in (("20251101T080000Z", 100), ("20251105T080000Z", 200)):
        agenda(history / f"agenda-{stamp}.xlsx", INSTANCE.replace(buyers=(*BUYERS, gone)),
               f"2025-11-0{seq // 100}T09:00", seq)  # fmt: skip
    left = Change(ChangeKind.CANCELLED, "E9", "B1", MISSION.first_day, time(10, 45), 1,
                  reason="a party left", exporter="Gone Exports", buyer="Kenya Foods")  # fmt: skip
    now = agenda(tmp_path / "agenda.xlsx", INSTANCE, "2025-11-08T18:30", 300, (left,))
    result = run(now, "-o", tmp_path / "out", "-q", "-c", "b9,E9,ZZ1")
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    said = " ".join(result.output.split())
    assert "warning" not in said and said.count("error:") == 1, said  # the error alone
    assert "unknown company id(s) 'b9', 'E9', 'ZZ1'" in said, said  # (as typed)
    assert "not in the agenda's Exporters or Buyers sheets" in said, said
    assert ("B9 (Gone Buyer Ltd) is in agenda-history/agenda-20251105T080000Z.xlsx: it left "
            "the mission at a re-plan, so it has no agenda to send") in said  # fmt: skip
    assert "E9 (Gone Exports) is in the agenda's Changes sheet: it left the mission" in said
    assert "ZZ1 (" not in said and said.count("left the mission") == 2, said  # a typo
    assert not (tmp_path / "out").exists()
