"""The roster generator of ``benchmarks/generator.py``: deterministic, consistent, fast."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from asmex_sched.domain import Mission, build_slots
from benchmarks.generator import (
    Roster,
    congested,
    generate,
    nairobi,
    slot_grid,
    trade_fair,
    write_csv_folder,
    write_xlsx,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def fair() -> Roster:
    return trade_fair(2025)


def _mission(roster: Roster) -> Mission:
    s = roster.settings
    breaks = tuple(
        (time.fromisoformat(a.strip()), time.fromisoformat(b.strip()))
        for a, b in (p.split("-") for p in s["breaks"].split(";") if p.strip())
    )
    return Mission(
        first_day=date.fromisoformat(s["first_day"]),
        days=int(s["days"]),
        day_start=time.fromisoformat(s["day_start"]),
        day_end=time.fromisoformat(s["day_end"]),
        meeting_minutes=int(s["meeting_minutes"]),
        breaks=breaks,
        tables=int(s["tables"]),
        interpreters=int(s["interpreters"]),
    )


def _split(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(";") if p.strip()]


def test_same_seed_same_rows():
    assert generate(7) == generate(7)
    assert nairobi(7, style="requests") == nairobi(7, style="requests")


def test_different_seeds_differ():
    a, b = generate(1), generate(2)
    assert [c["company"] for c in a.exporters] != [c["company"] for c in b.exporters]
    assert a.pairs() != b.pairs()


def test_rows_do_not_depend_on_hash_seed():
    code = (
        "import hashlib, json; from benchmarks.generator import nairobi; r = nairobi(3); "
        "print(hashlib.sha256(json.dumps([r.mission, r.exporters, r.buyers, r.requests, "
        "r.unavailability, r.fixed]).encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(out.stdout.strip())
    r = nairobi(3)
    here = json.dumps([r.mission, r.exporters, r.buyers, r.requests, r.unavailability, r.fixed])
    digests.add(hashlib.sha256(here.encode()).hexdigest())
    assert len(digests) == 1


@pytest.mark.parametrize("make", [lambda: nairobi(11), lambda: generate(5, 30, 2000)])
def test_ids_and_names_unique(make):
    roster = make()
    companies = roster.exporters + roster.buyers
    assert len({c["id"] for c in companies}) == len(companies)
    assert len({c["company"] for c in companies}) == len(companies)
    assert all(c["id"].startswith("MA-") for c in roster.exporters)
    assert all(c["id"].startswith("KE-") for c in roster.buyers)


def test_fair_ids_and_names_unique(fair):
    companies = fair.exporters + fair.buyers
    assert len({c["id"] for c in companies}) == len(companies) == 1600
    assert len({c["company"] for c in companies}) == 1600


@pytest.mark.parametrize("style", ["wishes", "requests", "both"])
def test_wishes_and_requests_name_the_other_side(style):
    roster = nairobi(2025, style=style)
    exporters = {c["id"] for c in roster.exporters}
    buyers = {c["id"] for c in roster.buyers}
    for e in roster.exporters:
        wishes = _split(e["wishes"])
        assert set(wishes) <= buyers
        assert len(wishes) == len(set(wishes))
    for b in roster.buyers:
        assert set(_split(b["wishes"])) <= exporters
    for r in roster.requests:
        assert r["exporter"] in exporters and r["buyer"] in buyers
        assert r["priority"] in (1, 2, 3)
        assert r["requested_by"] in ("exporter", "buyer", "both")
    pairs = roster.pairs()
    assert 40 * 8 <= len(pairs) <= 40 * 18 + 3 * 100
    if style == "wishes":
        assert not roster.requests
    if style == "requests":
        assert all(not c["wishes"] for c in roster.exporters + roster.buyers)
        assert len(roster.requests) == len(pairs)
    if style == "both":
        assert roster.requests and any(e["wishes"] for e in roster.exporters)
    assert {by for _, by in pairs.values()} == {"exporter", "buyer", "both"}


def test_realistic_mix():
    roster = nairobi(2025)
    exporters, buyers = roster.exporters, roster.buyers
    assert any(e["delegates"] == 2 for e in exporters)
    assert any(b["max_meetings"] is not None for b in buyers)
    assert all({"fr", "ar"} <= set(_split(e["languages"])) for e in exporters)
    assert all({"en", "sw"} <= set(_split(b["languages"])) for b in buyers)
    langs = {c["id"]: set(_split(c["languages"])) for c in exporters + buyers}
    interpreted = [k for k in roster.pairs() if not langs[k[0]] & langs[k[1]]]
    assert 0 < len(interpreted) < len(roster.pairs()) / 2
    assert any(c["company"] != c["company"].encode("ascii", "ignore").decode() for c in exporters)
    assert all(e["phone"].startswith("+212 6") for e in exporters)
    assert all(b["phone"].startswith("+254 7") for b in buyers)
    groups = {u["participant"] for u in roster.unavailability}
    assert {"ALL", "EXPORTERS"} <= groups
    assert any(u["reason"] == "Flight arriving late" for u in roster.unavailability)
    assert roster.settings["tables"] == "25" and roster.settings["interpreters"] == "3"
    tight = congested(2025)
    assert tight.exporters == exporters and tight.pairs() == roster.pairs()
    assert tight.settings["tables"] == "10" and tight.settings["interpreters"] == "1"
    # Default tables: one per exporter delegate.
    plain = generate(2025)
    assert int(plain.settings["tables"]) == sum(e["delegates"] for e in plain.exporters)


def test_slot_grid_matches_the_product():
    for roster in (nairobi(1), trade_fair(1, n_exporters=5, n_buyers=10)):
        slots = build_slots(_mission(roster))
        assert roster.slot_starts() == [(s.day.isoformat(), f"{s.start:%H:%M}") for s in slots]
    assert len(nairobi(1).slot_starts()) == 5 * 12
    grid = slot_grid(date(2025, 11, 10), 1, "08:30", "18:00", 25, "12:40-13:50")
    assert len(grid) == 20


@pytest.mark.parametrize("seed", range(12))
def test_fixed_meetings_are_feasible(seed):
    roster = nairobi(seed, n_fixed=None if seed % 2 else 2)
    assert 1 <= len(roster.fixed) <= 2
    slots = {(s.day.isoformat(), f"{s.start:%H:%M}"): s for s in build_slots(_mission(roster))}
    pairs = roster.pairs()
    side = {c["id"]: "EXPORTERS" for c in roster.exporters}
    side.update({c["id"]: "BUYERS" for c in roster.buyers})
    for f in roster.fixed:
        assert (f["exporter"], f["buyer"]) in pairs
        slot = slots[(f["date"], f["start"])]  # a valid slot start
        for who in (f["exporter"], f["buyer"]):
            for u in roster.unavailability:
                if u["participant"] in (who, "ALL", side[who]) and u["date"] == f["date"]:
                    assert not (
                        time.fromisoformat(u["start"]) < slot.end
                        and slot.start < time.fromisoformat(u["end"])
                    ), (f, u)
    if len(roster.fixed) == 2:
        a, b = roster.fixed
        assert a["exporter"] != b["exporter"] and a["buyer"] != b["buyer"]


def test_trade_fair_size(fair):
    assert len(fair.exporters) == 400 and len(fair.buyers) == 1200
    assert 13_000 <= len(fair.pairs()) <= 17_000
    assert len(fair.slot_starts()) == 5 * 20
    s = fair.settings
    assert (s["tables"], s["interpreters"], s["meeting_minutes"]) == ("150", "20", "25")


def test_csv_folder_is_french_semicolon_bom(tmp_path):
    roster = nairobi(2025)
    folder = write_csv_folder(roster, tmp_path / "roster")
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [
            "Mission.csv",
            "Exportateurs.csv",
            "Acheteurs.csv",
            "Demandes.csv",
            "Indisponibilites.csv",
            "Rendez-vous fixes.csv",
        ]
    )
    for p in folder.iterdir():
        raw = p.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), p.name
        assert b";" in raw.splitlines()[0], p.name
    with open(folder / "Exportateurs.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0][:5] == ["id", "Entreprise", "Secteurs", "Langues", "Délégués"]
    assert "Souhaits" in rows[0]
    assert len(rows) == 1 + len(roster.exporters)
    assert [r[1] for r in rows[1:]] == [e["company"] for e in roster.exporters]
    with open(folder / "Demandes.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0] == ["Exportateur", "Acheteur", "Priorité", "Demandé par"]
    assert {r[3] for r in rows[1:]} <= {"exportateur", "acheteur", "les deux"}
    english = write_csv_folder(roster, tmp_path / "en", french=False, sep=",", bom=False)
    assert (english / "Exporters.csv").read_bytes().startswith(b"id,company,")


def test_xlsx_is_byte_identical_and_complete(tmp_path):
    roster = nairobi(2025)
    a = write_xlsx(roster, tmp_path / "a.xlsx").read_bytes()
    b = write_xlsx(nairobi(2025), tmp_path / "b.xlsx").read_bytes()
    assert a == b
    wb = load_workbook(tmp_path / "a.xlsx", read_only=True)
    assert wb.sheetnames == [
        "Mission",
        "Exporters",
        "Buyers",
        "Requests",
        "Unavailability",
        "Fixed",
    ]
    rows = list(wb["Exporters"].iter_rows(values_only=True))
    assert rows[0][:2] == ("id", "company") and len(rows) == 41
    wb.close()


def test_bundled_example_is_up_to_date():
    """``examples/nairobi-2025.xlsx`` holds exactly ``nairobi(2025)``'s cells."""
    path = ROOT / "examples" / "nairobi-2025.xlsx"
    roster = nairobi(2025)
    wb = load_workbook(path, read_only=True)
    mission = [tuple(r) for r in wb["Mission"].iter_rows(min_row=2, values_only=True)]
    assert [(k, str(v)) for k, v in mission] == roster.mission
    assert mission[0] == ("name", "Morocco–Kenya Trade Mission 2025")
    for sheet, rows in (("Exporters", roster.exporters), ("Fixed", roster.fixed)):
        got = list(wb[sheet].iter_rows(values_only=True))
        header = got[0]
        blank = [{k: (None if v == "" else v) for k, v in row.items()} for row in rows]
        assert [dict(zip(header, r, strict=True)) for r in got[1:]] == blank
    wb.close()
