"""Deterministic, realistic roster generator (Moroccan exporters meet Kenyan buyers).

Everything is drawn from ``random.Random`` instances seeded from ``seed`` (one
independent stream per stage, so that changing e.g. ``p_absent_half_day`` does
not reshuffle the companies); no global random state, no clock. Same arguments,
same rows, in the same order, on any machine and any ``PYTHONHASHSEED``.

Only the standard library is used to build rosters; :func:`write_xlsx` needs
openpyxl. The rows follow the roster contract (docs/roster.md): English column
names in :class:`Roster`, English sheets in the workbook, French sheets and
headers (``;``-separated, UTF-8 with BOM) in :func:`write_csv_folder`.

Presets: :func:`nairobi` (the bundled example), :func:`congested` (same people,
few tables and one interpreter) and :func:`trade_fair` (400 x 1,200 companies,
about 15,000 requests, 5 days of 20 slots of 25 minutes).

Run ``python -m benchmarks.generator nairobi --seed 7 -o roster.xlsx`` to write one.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from random import Random

__all__ = [
    "SECTORS",
    "Roster",
    "congested",
    "generate",
    "nairobi",
    "parse_breaks",
    "slot_grid",
    "trade_fair",
    "write_csv_folder",
    "write_xlsx",
]

SECTORS = (
    "agriculture",
    "renewable energy",
    "manufacturing",
    "ICT",
    "tourism",
    "real estate",
)
_EXPORTER_SECTOR_WEIGHTS = (30, 20, 22, 12, 8, 8)
_BUYER_SECTOR_WEIGHTS = (32, 18, 20, 14, 9, 7)

# ----------------------------------------------------------------- word lists
_MA_PLACES = (
    "Atlas", "Souss", "Noor", "Rif", "Tafilalet", "Draa", "Sahara", "Doukkala",
    "Chaouia", "Anfa", "Saïss", "Ziz", "Tensift", "Moulouya", "Ouarzazate", "Agadir",
    "Fès", "Meknès", "Marrakech", "Casa", "Tanger Med", "Rabat", "Oujda", "Essaouira",
    "Al Amal", "Al Baraka", "Yasmine", "Zagora", "Ifrane", "Tingis", "Volubilis",
    "Oasis", "Majorelle", "Bouregreg", "Sebou", "Oum Errabia", "Gharb", "Tadla",
    "Haouz", "Chefchaouen", "Larache", "El Jadida", "Safi", "Taroudant", "Erfoud",
)  # fmt: skip
_MA_CORES = {
    "agriculture": (
        "Agro Export", "Citrus", "Olive Oil", "Argan", "Fresh Produce", "Dattes",
        "Agrumes", "Conserves", "Primeurs", "Semences", "Épices", "Safran",
    ),
    "renewable energy": (
        "Solar Components", "Wind Systems", "Énergie Verte", "Green Power",
        "Solar Pumps", "Photovoltaïque", "Clean Tech", "Renewables",
    ),
    "manufacturing": (
        "Câbles", "Textiles", "Industries", "Packaging", "Plastiques", "Mécanique",
        "Auto Parts", "Cuir", "Céramique", "Métallurgie", "Emballages",
    ),
    "ICT": (
        "Digital", "Software", "Data Systems", "Telecom", "Tech Solutions",
        "Informatique", "Cloud Services", "Fintech",
    ),
    "tourism": (
        "Voyages", "Travel & Events", "Hospitality", "Riads", "Tours",
        "Évènements", "Destinations",
    ),
    "real estate": (
        "Immobilier", "Construction", "Développement", "Properties", "Bâtiment",
        "Promotion", "Matériaux",
    ),
}  # fmt: skip
_MA_LEGAL = ("SARL", "SA", "", "", "Group", "Export", "SARL AU", "& Cie")
_MA_SOCIETE_ADJ = (
    "Chérifienne", "Marocaine", "Atlasique", "Nord-Africaine", "Méditerranéenne",
    "Saharienne", "Maghrébine", "Africaine",
)  # fmt: skip
_MA_SOCIETE_NOUN = {
    "agriculture": ("Conserves", "Produits Agricoles", "Agrumes", "Huiles d'Olive"),
    "renewable energy": ("Énergie Solaire", "Énergies Renouvelables", "Équipements Éoliens"),
    "manufacturing": ("Câbles", "Textiles", "Emballages", "Tubes et Profilés"),
    "ICT": ("Logiciels", "Télécommunications", "Systèmes Numériques"),
    "tourism": ("Voyages", "Hôtellerie", "Loisirs"),
    "real estate": ("Construction", "Travaux Publics", "Promotion Immobilière"),
}

_KE_PLACES = (
    "Nairobi", "Mombasa", "Kisumu", "Nakuru", "Eldoret", "Thika", "Machakos", "Nyeri",
    "Malindi", "Naivasha", "Kericho", "Kilifi", "Lamu", "Meru", "Embu", "Garissa",
    "Kitale", "Kakamega", "Rift Valley", "Savannah", "Jambo", "Safari", "Tana", "Athi",
    "Amani", "Harambee", "Uhuru", "Baraka", "Simba", "Twiga", "Zawadi", "Mara", "Tsavo",
    "Samburu", "Turkana", "Lakeside", "Westlands", "Karen", "Kilimani", "Ngong",
    "Limuru", "Nanyuki", "Voi", "Bungoma", "Kiambu", "Muranga", "Coastline", "Highlands",
)  # fmt: skip
_KE_CORES = {
    "agriculture": (
        "Fresh Imports", "Agri Supplies", "Food Distributors", "Grain Traders",
        "Horticulture", "Farmers Co-operative", "Agrovet", "Fresh Produce",
        "Food Processors", "Millers",
    ),
    "renewable energy": (
        "Green Energy", "Solar Solutions", "Power Systems", "Clean Energy",
        "Off-Grid Power", "Energy Distributors", "Solar Installers",
    ),
    "manufacturing": (
        "Industrial Supplies", "Hardware", "Manufacturers", "Cables & Wires",
        "Packaging", "Textile Mills", "Engineering", "Auto Spares",
    ),
    "ICT": (
        "Tech Hub", "Digital Solutions", "Networks", "Systems", "Data Centre",
        "Mobile Services", "IT Distributors",
    ),
    "tourism": (
        "Safaris", "Tours & Travel", "Hotels", "Hospitality Group", "Beach Resorts",
        "Lodges", "Events",
    ),
    "real estate": (
        "Properties", "Developers", "Homes", "Construction", "Realty",
        "Building Supplies", "Estates",
    ),
}  # fmt: skip
_KE_LEGAL = ("Ltd", "Limited", "", "", "Group", "Kenya Ltd", "& Sons Ltd", "Enterprises")

_MA_FIRST = (
    "Youssef", "Fatima Zahra", "Mohammed", "Khadija", "Amine", "Salma", "Hicham",
    "Nadia", "Karim", "Imane", "Rachid", "Leïla", "Omar", "Meryem", "Saïd", "Hanane",
    "Anas", "Zineb", "Mehdi", "Ghita", "Othmane", "Soukaina", "Hamza", "Loubna",
    "Ayoub", "Houda", "Driss", "Asmaa", "Reda", "Kawtar",
)  # fmt: skip
_MA_LAST = (
    "Benali", "El Amrani", "Alaoui", "Bennani", "Tazi", "Idrissi", "Berrada", "Chraïbi",
    "Fassi-Fihri", "El Mansouri", "Ouazzani", "Lahlou", "Benjelloun", "Kettani",
    "Sqalli", "Ziani", "Bouzid", "Naciri", "El Ouafi", "Benkirane", "Sebti", "Zaki",
    "Cherkaoui", "Lamrani", "Guessous", "Hajji", "Mernissi", "Slaoui",
)  # fmt: skip
_KE_FIRST = (
    "James", "Grace", "Peter", "Mercy", "David", "Faith", "John", "Esther", "Brian",
    "Purity", "Kevin", "Joyce", "Samuel", "Lucy", "Dennis", "Caroline", "Daniel", "Ann",
    "Wanjiru", "Achieng", "Njeri", "Wambui", "Chebet", "Atieno", "Kiprono", "Otieno",
)  # fmt: skip
_KE_LAST = (
    "Kamau", "Otieno", "Mwangi", "Ochieng", "Kiprop", "Mutua", "Nyambura", "Kiptoo",
    "Omondi", "Wairimu", "Kariuki", "Jepkosgei", "Mugo", "Njoroge", "Odhiambo",
    "Wekesa", "Chege", "Macharia", "Kimani", "Onyango", "Ruto", "Muthoni", "Barasa",
)  # fmt: skip

_ABSENCE_REASONS = (
    "Client visit",
    "Meeting at the embassy",
    "Ministry appointment",
    "Factory visit",
    "Travel",
    "Board meeting",
    "Press interview",
)
_REQUESTED_BY_FR = {"exporter": "exportateur", "buyer": "acheteur", "both": "les deux"}


# ------------------------------------------------------------------- roster
@dataclass
class Roster:
    """Plain rows of one roster, one list per sheet (English column names).

    Cell values are what the workbook holds: ``;``-separated lists are strings
    (``"fr; ar"``), counts are ints, optional values are ``None``, dates are
    ISO strings and times ``HH:MM``.
    """

    mission: list[tuple[str, str]]
    exporters: list[dict] = field(default_factory=list)
    buyers: list[dict] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    unavailability: list[dict] = field(default_factory=list)
    fixed: list[dict] = field(default_factory=list)

    @property
    def settings(self) -> dict[str, str]:
        """The ``Mission`` sheet as a dict."""
        return dict(self.mission)

    def slot_starts(self) -> list[tuple[str, str]]:
        """``(ISO date, HH:MM)`` of every slot of the mission's grid, in order."""
        s = self.settings
        grid = slot_grid(
            date.fromisoformat(s["first_day"]),
            int(s["days"]),
            s["day_start"],
            s["day_end"],
            int(s["meeting_minutes"]),
            s["breaks"],
        )
        return [(d.isoformat(), _fmt(t)) for d, t, _ in grid]

    def pairs(self) -> dict[tuple[str, str], tuple[int, str]]:
        """Distinct requested pairs, merged as the reader does.

        ``(exporter_id, buyer_id) -> (priority, requested_by)``: the rank of a
        wish gives its priority (1-3 -> 1, 4-6 -> 2, later -> 3); rows of
        ``Requests`` give theirs; the best priority wins and two sides make
        ``both``.
        """
        out: dict[tuple[str, str], tuple[int, str]] = {}

        def add(key: tuple[str, str], priority: int, by: str) -> None:
            if key in out:
                p0, b0 = out[key]
                priority = min(priority, p0)
                by = b0 if b0 == by else "both"
            out[key] = (priority, by)

        for e in self.exporters:
            for rank, b in enumerate(_split(e["wishes"]), start=1):
                add((e["id"], b), _wish_priority(rank), "exporter")
        for b in self.buyers:
            for rank, e in enumerate(_split(b["wishes"]), start=1):
                add((e, b["id"]), _wish_priority(rank), "buyer")
        for r in self.requests:
            add((r["exporter"], r["buyer"]), int(r["priority"]), r["requested_by"])
        return out


# ------------------------------------------------------------------ helpers
def _split(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(";") if p.strip()]


def _wish_priority(rank: int) -> int:
    return 1 if rank <= 3 else 2 if rank <= 6 else 3


def _min(hhmm: str) -> int:
    h, m = hhmm.strip().split(":")
    return int(h) * 60 + int(m)


def _fmt(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_breaks(text: str) -> list[tuple[int, int]]:
    """``"10:30-10:45; 12:30-14:00"`` -> ``[(630, 645), (750, 840)]`` (minutes)."""
    out = []
    for part in _split(text):
        a, b = part.split("-")
        out.append((_min(a), _min(b)))
    return sorted(out)


def slot_grid(
    first_day: date,
    days: int,
    day_start: str,
    day_end: str,
    meeting_minutes: int,
    breaks: str,
) -> list[tuple[date, int, int]]:
    """The slot grid as ``(day, start_minute, end_minute)``.

    Same rule as the product: back-to-back meetings from ``day_start``; a slot
    that would overlap a break starts at that break's end; the last one ends
    no later than ``day_end``.
    """
    brk = parse_breaks(breaks)
    out = []
    for d in range(days):
        day = first_day + timedelta(days=d)
        t, end = _min(day_start), _min(day_end)
        while t + meeting_minutes <= end:
            clash = [be for bs, be in brk if bs < t + meeting_minutes and t < be]
            if clash:
                t = max(clash)
                continue
            out.append((day, t, t + meeting_minutes))
            t += meeting_minutes
    return out


def _lunch(breaks: str) -> tuple[int, int]:
    """The lunch break: the longest break starting between 11:00 and 15:00."""
    lunch = [(e - s, -s, s, e) for s, e in parse_breaks(breaks) if 660 <= s <= 900]
    if not lunch:
        return (780, 780)
    _, _, s, e = max(lunch)
    return (s, e)


def _weighted_sample(rng: Random, pool: list, weights: list[float], k: int) -> list:
    """``k`` distinct items of ``pool``, drawn one by one proportionally to weight.

    Successive sampling: the order is the draw order (heavier items tend to
    come first). Efraimidis-Spirakis keys, exact and O(n log k).
    """
    if k <= 0 or not pool:
        return []
    keyed = [(rng.random() ** (1.0 / w), i) for i, w in enumerate(weights)]
    keyed.sort(reverse=True)
    return [pool[i] for _, i in keyed[:k]]


def _slug(name: str) -> str:
    table = str.maketrans("àâäçéèêëîïôöùûüÀÂÇÉÈÊÎÔÛ", "aaaceeeeiioouuuAACEEEIOU")
    words = re.findall(r"[a-z0-9]+", name.translate(table).lower())
    drop = {"sarl", "sa", "au", "ltd", "limited", "cie", "group", "sons", "kenya", "de", "d"}
    kept = [w for w in words if w not in drop] or words
    return "".join(kept[:3])


def _person_email(first: str, last: str, company: str) -> str:
    person = _slug(first.split()[0]) + "." + _slug(last.replace("-", " "))
    # RFC 2606 reserved TLD: plausible-looking, guaranteed fictional.
    return f"{person}@{_slug(company)}.example"


def _unique(rng: Random, used: set[str], make) -> str:
    for _ in range(30):
        name = make()
        if name not in used:
            used.add(name)
            return name
    base, n = make(), 2
    while f"{base} {n}" in used:
        n += 1
    used.add(f"{base} {n}")
    return f"{base} {n}"


def _exporter_name(rng: Random, sector: str) -> str:
    if rng.random() < 0.12:
        adj, noun = rng.choice(_MA_SOCIETE_ADJ), rng.choice(_MA_SOCIETE_NOUN[sector])
        # "de Énergies" is not French: "d'Énergies", "d'Huiles" (a reader).
        of = "d'" if noun[0].lower() in "aeiouhéèêàâîôû" else "de "
        return f"Société {adj} {of}{noun}"
    legal = rng.choice(_MA_LEGAL)
    name = f"{rng.choice(_MA_PLACES)} {rng.choice(_MA_CORES[sector])}"
    return f"{name} {legal}" if legal and not name.endswith(legal) else name


def _buyer_name(rng: Random, sector: str) -> str:
    legal = rng.choice(_KE_LEGAL)
    name = f"{rng.choice(_KE_PLACES)} {rng.choice(_KE_CORES[sector])}"
    return f"{name} {legal}" if legal else name


def _sectors(rng: Random, weights: tuple[int, ...]) -> list[str]:
    first = rng.choices(SECTORS, weights=weights)[0]
    if rng.random() < 0.3:
        second = rng.choices(SECTORS, weights=weights)[0]
        if second != first:
            return [first, second]
    return [first]


def _company(
    rng: Random,
    side: str,
    index: int,
    used: set[str],
    *,
    english_share: float,
    french_share: float,
    two_delegate_share: float,
    max_meetings_share: float,
) -> dict:
    if side == "exporter":
        sectors = _sectors(rng, _EXPORTER_SECTOR_WEIGHTS)
        name = _unique(rng, used, lambda: _exporter_name(rng, sectors[0]))
        langs = ["fr", "ar"] + (["en"] if rng.random() < english_share else [])
        delegates = 2 if rng.random() < two_delegate_share else 1
        max_meetings = None
        first, last = rng.choice(_MA_FIRST), rng.choice(_MA_LAST)
        d = [rng.randint(0, 99) for _ in range(4)]
        phone = f"+212 6{d[0]:02d} {d[1]:02d} {d[2]:02d} {d[3]:02d}"
        cid = f"MA-{index:03d}"
    else:
        sectors = _sectors(rng, _BUYER_SECTOR_WEIGHTS)
        name = _unique(rng, used, lambda: _buyer_name(rng, sectors[0]))
        langs = ["en", "sw"] + (["fr"] if rng.random() < french_share else [])
        delegates = 1
        max_meetings = rng.randint(3, 8) if rng.random() < max_meetings_share else None
        first, last = rng.choice(_KE_FIRST), rng.choice(_KE_LAST)
        d = [rng.randint(0, 99), rng.randint(0, 999), rng.randint(0, 999)]
        phone = f"+254 7{d[0]:02d} {d[1]:03d} {d[2]:03d}"
        cid = f"KE-{index:03d}"
    return {
        "id": cid,
        "company": name,
        "sectors": "; ".join(sectors),
        "languages": "; ".join(langs),
        "delegates": delegates,
        "max_meetings": max_meetings,
        "contact": f"{first} {last}",
        "email": _person_email(first, last, name),
        "phone": phone,
        "wishes": "",
    }


# ----------------------------------------------------------------- generate
def generate(
    seed: int,
    n_exporters: int = 40,
    n_buyers: int = 100,
    *,
    days: int = 5,
    first_day: date = date(2025, 11, 10),
    day_start: str = "09:00",
    day_end: str = "17:00",
    meeting_minutes: int = 30,
    breaks: str = "10:30-10:45; 12:30-14:00",
    tables: int | None = None,
    interpreters: int = 3,
    requests_per_exporter: tuple[int, int] = (8, 18),
    mutual_share: float = 0.3,
    p_absent_half_day: float = 0.1,
    two_delegate_share: float = 0.15,
    city: str = "Nairobi",
    name: str | None = None,
    venue: str | None = None,
    timezone: str = "Africa/Nairobi",
    notice_hours: int = 12,
    style: str = "wishes",
    same_sector_share: float = 0.85,
    english_share: float = 0.75,
    buyer_french_share: float = 0.1,
    buyer_initiative: float = 0.2,
    max_meetings_share: float = 0.06,
    n_fixed: int | None = None,
) -> Roster:
    """Build a realistic roster, deterministically from ``seed``.

    Parameters
    ----------
    requests_per_exporter
        Inclusive range of the number of buyers each exporter wishes.
    mutual_share
        Probability that the buyer of an exporter's wish wishes that exporter back.
    p_absent_half_day
        Probability that a company is away for one random half-day (and, with
        the same probability again, a second one).
    style
        ``"wishes"``: every pair in the ``wishes`` columns, no ``Requests`` rows;
        ``"requests"``: every pair in ``Requests`` with an explicit priority, no
        wishes; ``"both"``: about a quarter of the exporters submit ``Requests``
        rows instead of wishes (buyers keep their wishes, so some pairs merge
        to ``both``).
    tables
        Default: the total number of exporter delegates (never short of tables).
    buyer_initiative
        Probability that a buyer also wishes 1-3 exporters that did not wish it.
    n_fixed
        Number of VIP ``Fixed`` meetings (default: 1 or 2, drawn).
    """
    if style not in ("wishes", "requests", "both"):
        raise ValueError(f"style must be wishes, requests or both, not {style!r}")
    lo, hi = requests_per_exporter
    lunch_start, lunch_end = _lunch(breaks)
    start_m, end_m = _min(day_start), _min(day_end)

    # -- companies -----------------------------------------------------------
    rng = Random(f"{seed}:companies")
    used: set[str] = set()
    common = dict(
        english_share=english_share,
        french_share=buyer_french_share,
        two_delegate_share=two_delegate_share,
        max_meetings_share=max_meetings_share,
    )
    exporters = [_company(rng, "exporter", i + 1, used, **common) for i in range(n_exporters)]
    buyers = [_company(rng, "buyer", i + 1, used, **common) for i in range(n_buyers)]
    # Skewed popularity: a few buyers are wanted by many exporters.
    popularity = [rng.lognormvariate(0.0, 0.9) for _ in buyers]

    # -- wishes --------------------------------------------------------------
    rng = Random(f"{seed}:wishes")
    sector_sets = [frozenset(_split(c["sectors"])) for c in buyers]
    pools: dict[frozenset, tuple[list[int], list[int]]] = {}
    e_wishes: list[list[int]] = []  # buyer indices, most wanted first
    for e in exporters:
        sectors = frozenset(_split(e["sectors"]))
        if sectors not in pools:
            same = [j for j, s in enumerate(sector_sets) if s & sectors]
            other = [j for j, s in enumerate(sector_sets) if not s & sectors]
            pools[sectors] = (same, other)
        same, other = pools[sectors]
        k = min(rng.randint(lo, hi), n_buyers)
        n_other = sum(1 for _ in range(k) if rng.random() >= same_sector_share)
        n_other = min(n_other, len(other))
        n_same = min(k - n_other, len(same))
        n_other = min(k - n_same, len(other))
        picks = _weighted_sample(rng, same, [popularity[j] for j in same], n_same)
        for j in _weighted_sample(rng, other, [popularity[j] for j in other], n_other):
            # Cross-sector wishes are rarely the top ones.
            picks.insert(rng.randint(len(picks) // 3, len(picks)), j)
        e_wishes.append(picks)

    b_wishes: list[list[int]] = [[] for _ in buyers]
    wished_by: list[set[int]] = [set() for _ in buyers]
    for i, picks in enumerate(e_wishes):
        for j in picks:
            wished_by[j].add(i)
            if rng.random() < mutual_share:
                b_wishes[j].append(i)
    e_by_sector = {
        s: [i for i, e in enumerate(exporters) if s in _split(e["sectors"])] for s in SECTORS
    }
    for j, b in enumerate(buyers):
        rng.shuffle(b_wishes[j])
        if rng.random() < buyer_initiative:
            pool = sorted(
                {i for s in _split(b["sectors"]) for i in e_by_sector[s]}
                - wished_by[j]
                - set(b_wishes[j])
            )
            extra = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
            for i in extra:
                b_wishes[j].insert(rng.randint(0, len(b_wishes[j])), i)

    # -- wishes vs Requests rows ----------------------------------------------
    requests: list[dict] = []
    if style == "wishes":
        via_requests = [False] * n_exporters
    elif style == "requests":
        via_requests = [True] * n_exporters
    else:
        via_requests = [rng.random() < 0.25 for _ in exporters]

    def noisy(priority: int) -> int:
        if rng.random() < 0.15:
            return max(1, min(3, priority + rng.choice((-1, 1))))
        return priority

    for i, e in enumerate(exporters):
        ids = [buyers[j]["id"] for j in e_wishes[i]]
        if not via_requests[i]:
            e["wishes"] = "; ".join(ids)
            continue
        for rank, j in enumerate(e_wishes[i], start=1):
            mutual = style == "requests" and i in b_wishes[j]
            requests.append(
                {
                    "exporter": e["id"],
                    "buyer": buyers[j]["id"],
                    "priority": noisy(_wish_priority(rank)),
                    "requested_by": "both" if mutual else "exporter",
                }
            )
    for j, b in enumerate(buyers):
        if style != "requests":
            b["wishes"] = "; ".join(exporters[i]["id"] for i in b_wishes[j])
            continue
        for rank, i in enumerate(b_wishes[j], start=1):
            if i in wished_by[j]:
                continue  # mutual: already a "both" row
            requests.append(
                {
                    "exporter": exporters[i]["id"],
                    "buyer": b["id"],
                    "priority": noisy(_wish_priority(rank)),
                    "requested_by": "buyer",
                }
            )
    requests.sort(key=lambda r: (r["exporter"], r["priority"], r["buyer"]))

    # -- unavailability --------------------------------------------------------
    rng = Random(f"{seed}:unavailability")
    first = first_day.isoformat()
    unavailability = [
        {
            "participant": "ALL",
            "date": first,
            "start": day_start,
            "end": _fmt(min(end_m, start_m + 90)),
            "reason": "Opening ceremony",
        }
    ]
    visit_day = (first_day + timedelta(days=min(2, days - 1))).isoformat()
    visit_start = max(lunch_end, min(840, end_m - 60))
    unavailability.append(
        {
            "participant": "EXPORTERS",
            "date": visit_day,
            "start": _fmt(visit_start),
            "end": _fmt(min(end_m, max(visit_start + 60, 1020))),
            "reason": "Site visit (exporters' delegation)",
        }
    )
    n_late = min(n_buyers, max(2, round(n_buyers * 0.02)))
    for j in sorted(rng.sample(range(n_buyers), n_late)):
        until = rng.choice((720, lunch_end, 930))
        unavailability.append(
            {
                "participant": buyers[j]["id"],
                "date": first,
                "start": day_start,
                "end": _fmt(min(end_m, max(until, start_m + 60))),
                "reason": "Flight arriving late",
            }
        )
    halves = [(start_m, lunch_start), (lunch_end, end_m)]
    if lunch_start == lunch_end:
        halves = [(start_m, lunch_start), (lunch_start, end_m)]
    for c in (*exporters, *buyers):
        taken: list[tuple[int, int]] = []
        while rng.random() < p_absent_half_day and len(taken) < 2:
            d, h = rng.randrange(days), rng.randrange(2)
            if (d, h) in taken:
                break
            taken.append((d, h))
            s, e = halves[h]
            unavailability.append(
                {
                    "participant": c["id"],
                    "date": (first_day + timedelta(days=d)).isoformat(),
                    "start": _fmt(s),
                    "end": _fmt(e),
                    "reason": rng.choice(_ABSENCE_REASONS),
                }
            )

    # -- fixed VIP meetings, feasible by construction --------------------------
    rng = Random(f"{seed}:fixed")
    grid = slot_grid(first_day, days, day_start, day_end, meeting_minutes, breaks)
    blocks: dict[str, list[tuple[str, int, int]]] = {}
    for u in unavailability:
        blocks.setdefault(u["participant"], []).append(
            (u["date"], _min(u["start"]), _min(u["end"]))
        )

    def free(cid: str, group: str, slot: tuple[date, int, int]) -> bool:
        day, s, e = slot
        for who in (cid, "ALL", group):
            for bd, bs, be in blocks.get(who, ()):
                if bd == day.isoformat() and s < be and bs < e:
                    return False
        return True

    candidates = []
    for i, picks in enumerate(e_wishes):
        for j in picks:
            shares = set(_split(exporters[i]["languages"])) & set(_split(buyers[j]["languages"]))
            if shares and buyers[j]["max_meetings"] is None:
                candidates.append((0 if i in b_wishes[j] else 1, i, j))
    candidates.sort()
    mutual_first = [c for c in candidates if c[0] == 0] or candidates
    count = rng.choice((1, 2)) if n_fixed is None else n_fixed
    fixed: list[dict] = []
    used_e: set[int] = set()
    used_b: set[int] = set()
    for _, i, j in rng.sample(mutual_first, len(mutual_first)):
        if len(fixed) >= count or not grid:
            break
        if i in used_e or j in used_b:
            continue
        common_slots = [
            s
            for s in grid
            if free(exporters[i]["id"], "EXPORTERS", s) and free(buyers[j]["id"], "BUYERS", s)
        ]
        if not common_slots:
            continue
        day, s, _ = rng.choice(common_slots)
        used_e.add(i)
        used_b.add(j)
        fixed.append(
            {
                "exporter": exporters[i]["id"],
                "buyer": buyers[j]["id"],
                "date": day.isoformat(),
                "start": _fmt(s),
                "table": 1 if not fixed else None,
            }
        )

    # -- mission -------------------------------------------------------------------
    n_tables = tables if tables is not None else sum(e["delegates"] for e in exporters)
    if venue is None:
        venue = (
            "Kenyatta International Convention Centre"
            if city == "Nairobi"
            else f"{city} International Exhibition Centre"
        )
    mission = [
        ("name", name or f"Morocco–Kenya Trade Mission {first_day.year}"),
        ("city", city),
        ("venue", venue),
        ("timezone", timezone),
        ("first_day", first_day.isoformat()),
        ("days", str(days)),
        ("day_start", day_start),
        ("day_end", day_end),
        ("meeting_minutes", str(meeting_minutes)),
        ("breaks", breaks),
        ("tables", str(n_tables)),
        ("interpreters", str(interpreters)),
        ("notice_hours", str(notice_hours)),
    ]
    return Roster(mission, exporters, buyers, requests, unavailability, fixed)


# ------------------------------------------------------------------ presets
def nairobi(seed: int = 2025, **overrides) -> Roster:
    """The bundled example: 40 exporters, 100 buyers, 25 tables, 3 interpreters."""
    kwargs = dict(
        n_exporters=40,
        n_buyers=100,
        tables=25,
        interpreters=3,
        style="both",
        name="Morocco–Kenya Trade Mission 2025",
        venue="Kenyatta International Convention Centre",
    )
    kwargs.update(overrides)
    return generate(seed, **kwargs)


def congested(seed: int = 2025, **overrides) -> Roster:
    """Same people and wishes as :func:`nairobi`, but 10 tables and 1 interpreter."""
    kwargs = dict(tables=10, interpreters=1)
    kwargs.update(overrides)
    return nairobi(seed, **kwargs)


def trade_fair(seed: int = 2025, **overrides) -> Roster:
    """A large fair: 400 exporters, 1,200 buyers, about 15,000 requests.

    5 days of 20 slots of 25 minutes: 08:30-12:40 (10 slots), lunch
    12:40-13:50, 13:50-18:00 (10 slots); 150 tables, 20 interpreters.
    """
    kwargs = dict(
        n_exporters=400,
        n_buyers=1200,
        day_start="08:30",
        day_end="18:00",
        meeting_minutes=25,
        breaks="12:40-13:50",
        tables=150,
        interpreters=20,
        requests_per_exporter=(28, 44),
        style="requests",
        name="Morocco–Kenya Business Forum 2025",
    )
    kwargs.update(overrides)
    return generate(seed, **kwargs)


PRESETS = {"nairobi": nairobi, "congested": congested, "trade_fair": trade_fair}


# ------------------------------------------------------------------- writers
_COMPANY_COLUMNS = (
    "id", "company", "sectors", "languages", "delegates", "max_meetings",
    "contact", "email", "phone", "wishes",
)  # fmt: skip
_SHEETS = (
    # (attribute, English sheet, French file stem, columns)
    ("exporters", "Exporters", "Exportateurs", _COMPANY_COLUMNS),
    ("buyers", "Buyers", "Acheteurs", _COMPANY_COLUMNS),
    ("requests", "Requests", "Demandes", ("exporter", "buyer", "priority", "requested_by")),
    (
        "unavailability",
        "Unavailability",
        "Indisponibilites",
        ("participant", "date", "start", "end", "reason"),
    ),
    ("fixed", "Fixed", "Rendez-vous fixes", ("exporter", "buyer", "date", "start", "table")),
)
# Only the aliases of the roster contract; other columns keep their English name.
_FRENCH_HEADERS = {
    "company": "Entreprise",
    "sectors": "Secteurs",
    "languages": "Langues",
    "delegates": "Délégués",
    "wishes": "Souhaits",
    "exporter": "Exportateur",
    "buyer": "Acheteur",
    "priority": "Priorité",
    "requested_by": "Demandé par",
    "start": "Début",
    "end": "Fin",
    "reason": "Motif",
}
#: Fixed zip timestamps and document properties, for byte-identical workbooks.
_EPOCH = (2025, 1, 1, 0, 0, 0)
_EPOCH_ISO = "2025-01-01T00:00:00Z"


def _mission_cell(value: str) -> str | int:
    return int(value) if value.isdigit() else value


def write_xlsx(roster: Roster, path: str | Path) -> Path:
    """Write the roster as an ``.xlsx`` workbook with English sheets and headers.

    Dates are ISO text, times ``HH:MM`` text, counts numbers. The file is
    byte-identical for identical rosters (fixed document properties and zip
    timestamps), given the same openpyxl and zlib.
    """
    from datetime import datetime

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    bold = Font(bold=True)
    ws = wb.active
    ws.title = "Mission"
    ws.append(("setting", "value"))
    for key, value in roster.mission:
        ws.append((key, _mission_cell(value)))
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 44
    for attr, sheet, _, columns in _SHEETS:
        ws = wb.create_sheet(sheet)
        ws.append(columns)
        for row in getattr(roster, attr):
            ws.append(tuple(row.get(c) if row.get(c) != "" else None for c in columns))
        ws.freeze_panes = "A2"
    for ws in wb.worksheets:
        for cell in ws[1]:
            cell.font = bold
    stamp = datetime(*_EPOCH)
    wb.properties.creator = "asmex-sched benchmarks.generator"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    data = _normalise_zip(buffer.getvalue())
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _normalise_zip(data: bytes) -> bytes:
    """Re-pack a workbook with fixed timestamps (openpyxl stamps 'now' on save)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + _EPOCH_ISO.encode() + rb"\g<2>",
                    content,
                )
            zi = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, content)
    return out.getvalue()


def write_csv_folder(
    roster: Roster,
    folder: str | Path,
    *,
    french: bool = True,
    sep: str = ";",
    bom: bool = True,
) -> Path:
    """Write the roster as a folder of ``.csv`` files, one per sheet.

    With ``french`` (default): ``Mission.csv``, ``Exportateurs.csv``,
    ``Acheteurs.csv``, ``Demandes.csv``, ``Indisponibilites.csv`` and
    ``Rendez-vous fixes.csv`` with the contract's French headers (and
    ``Demandé par`` values exportateur / acheteur / les deux); otherwise the
    English sheet names and headers. Empty sheets still get their header row.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    encoding = "utf-8-sig" if bom else "utf-8"

    def dump(stem: str, header: list[str], rows: list[list]) -> None:
        with open(folder / f"{stem}.csv", "w", encoding=encoding, newline="") as fh:
            writer = csv.writer(fh, delimiter=sep, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)

    dump(
        "Mission",
        ["Paramètre", "Valeur"] if french else ["setting", "value"],
        [list(kv) for kv in roster.mission],
    )
    for attr, sheet, stem_fr, columns in _SHEETS:
        header = [_FRENCH_HEADERS.get(c, c) if french else c for c in columns]
        rows = []
        for row in getattr(roster, attr):
            values = []
            for c in columns:
                v = row.get(c)
                if french and c == "requested_by":
                    v = _REQUESTED_BY_FR[v]
                values.append("" if v is None else v)
            rows.append(values)
        dump(stem_fr if french else sheet, header, rows)
    return folder


# --------------------------------------------------------------------- CLI
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("preset", choices=sorted(PRESETS))
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("-o", "--output", required=True, help="a .xlsx file or a folder")
    parser.add_argument("--english", action="store_true", help="CSV: English names/headers")
    args = parser.parse_args(argv)
    roster = PRESETS[args.preset](args.seed)
    if args.output.endswith(".xlsx"):
        write_xlsx(roster, args.output)
    else:
        write_csv_folder(roster, args.output, french=not args.english)
    print(
        f"{args.output}: {len(roster.exporters)} exporters, {len(roster.buyers)} buyers, "
        f"{len(roster.pairs())} requested pairs, {len(roster.unavailability)} unavailability "
        f"rows, {len(roster.fixed)} fixed meetings"
    )


if __name__ == "__main__":
    main()
