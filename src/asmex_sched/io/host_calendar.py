"""The host country's calendar: its weekend days and public holidays.

A mission's days are checked against the country it is held in (the Mission
setting ``country``, or the country of its ``timezone``): a Cairo mission's Friday
is a weekend day, a Nairobi mission's 12 December is Jamhuri Day. The weekend days
and the holidays come from the ``holidays`` library (its data, per country and
year); the country of a time zone and the countries' names from the IANA time zone
database's ``zone.tab`` and ``iso3166.tab`` (the ``tzdata`` package), and their names
in French and English from the Unicode CLDR (the ``babel`` package). Nothing here
changes a plan: the roster reader warns of mission days that are weekend days or
public holidays there (docs/roster.md, "Mission").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from babel import Locale
from babel.dates import get_timezone_location
from holidays import registry

from asmex_sched.domain import strip_accents

#: The ``country`` setting that turns the checks off.
NO_COUNTRY = "none"

#: The weekend where the country is not known (no ``country``, a time zone of no
#: country such as ``UTC``, or a country the holidays library does not cover).
DEFAULT_WEEKEND = frozenset({5, 6})  # Saturday, Sunday


@dataclass(frozen=True)
class HostCalendar:
    """The weekend days (``date.weekday()`` numbers) and public holidays of a country."""

    country: str  # ISO 3166 code, "" when unknown
    name: str  # as iso3166.tab spells it, "" when unknown
    weekend: frozenset[int]
    holidays: tuple[tuple[date, str], ...] = ()

    def holiday(self, day: date) -> str | None:
        """The name of the public holiday on ``day``, or None."""
        return dict(self.holidays).get(day)


def _tab(name: str) -> list[list[str]]:
    """The rows of one of tzdata's tab-separated files, comments left out."""
    try:
        text = resources.files("tzdata.zoneinfo").joinpath(name).read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):  # pragma: no cover - tzdata absent
        return []
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def _zone_countries() -> dict[str, str]:
    """Time zone -> ISO 3166 code, from ``zone.tab`` (one country per zone there)."""
    return {row[2]: row[0] for row in _tab("zone.tab") if len(row) >= 3}


@cache
def _links() -> dict[str, str]:
    """Old time zone names -> the zone they link to (``Asia/Calcutta`` ->
    ``Asia/Kolkata``), from tzdata's ``tzdata.zi`` (``L TARGET NAME`` lines): the
    ``timezone`` setting accepts them, and zone.tab lists only the targets (an
    adversarial reader: a mission in ``Asia/Calcutta`` had no holiday check)."""
    try:
        text = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):  # pragma: no cover - tzdata absent
        return {}
    return {
        parts[2]: parts[1]
        for line in text.splitlines()
        if line.startswith("L ") and len(parts := line.split()) == 3
    }


def _canonical(timezone: str) -> str:
    seen = {timezone}
    while (target := _links().get(timezone)) is not None and target not in seen:
        timezone = target
        seen.add(target)
    return timezone


@cache
def _zone_shared_by() -> dict[str, frozenset[str]]:
    """Time zone -> every country using it, from ``zone1970.tab`` (``Asia/Dubai``: the
    UAE and Oman, among others), with ``zone.tab``'s."""
    shared: dict[str, set[str]] = {z: {c} for z, c in _zone_countries().items()}
    for row in _tab("zone1970.tab"):
        if len(row) >= 3:
            shared.setdefault(row[2], set()).update(row[0].split(","))
    return {z: frozenset(cs) for z, cs in shared.items()}


@cache
def country_names() -> dict[str, str]:
    """ISO 3166 code -> English name, from ``iso3166.tab``."""
    return {row[0]: row[1] for row in _tab("iso3166.tab") if len(row) >= 2}


@cache
def _covered() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


def country_of_zone(timezone: str, prefer: str = "") -> str:
    """The country of an IANA time zone (``Africa/Cairo`` -> ``EG``), "" if none;
    ``prefer`` when the zone is one of that country's too (Oman in ``Asia/Dubai``)."""
    # As typed first: Asia/Kuwait is Kuwait's in zone.tab, though tzdata links it to
    # Asia/Riyadh (followed first, Kuwait got Saudi Arabia's holidays; a last reader);
    # the link only for the old names zone.tab does not list (Asia/Calcutta).
    if timezone not in _zone_shared_by():  # zone.tab's and zone1970.tab's zones
        if "/" not in timezone and timezone.upper() == timezone:
            return ""  # CET, EET, EST5EDT: of no country (EET read as Greece)
        timezone = _canonical(timezone)
        # A link to a zone several countries share (CET to Europe/Brussels, Iceland
        # to Africa/Abidjan): no country rather than a wrong one (a last reader).
        shared = _zone_shared_by().get(timezone, frozenset())
        if len(shared) > 1 and prefer not in shared:
            return ""
    if prefer and prefer in _zone_shared_by().get(timezone, ()):
        return prefer
    return _zone_countries().get(timezone, "")


@cache
def _city_zones() -> dict[str, frozenset[str]]:
    """City name (as :func:`_fold` compares it) -> the time zones it names: each zone's
    own city (``America/New_York``: ``New York``) and the Unicode CLDR's English and
    French names for it (``Le Caire``, ``Alger``)."""
    zones: dict[str, set[str]] = {}
    for zone in _zone_shared_by():  # zone.tab's and zone1970.tab's: places
        names = {zone.rsplit("/", 1)[-1].replace("_", " ")}
        for locale in ("en", "fr"):
            try:
                names.add(get_timezone_location(zone, locale=locale, return_city=True))
            except (LookupError, ValueError):  # pragma: no cover - a zone CLDR lacks
                pass
        for name in names:
            zones.setdefault(_fold(name), set()).add(zone)
    return {name: frozenset(zs) for name, zs in zones.items()}


#: What separates a city from what follows it in a cell: ``Nairobi, Kenya``, ``Abidjan
#: (Plateau)``, ``Casablanca/Rabat``, ``Nairobi; Kenya``, ``Abidjan - Plateau``,
#: ``Nairobi – Kenya`` (a hyphen inside a name, ``Addis-Abeba``, does not).
_AFTER_CITY = re.compile(r"[,(/;]|\s-\s|[–—]")


def zones_of_city(city: str) -> frozenset[str]:
    """The time zones named after ``city`` (``Abidjan``, ``Le Caire``; ``Nairobi,
    Kenya`` by its first part), none for a city no zone is named after (``Mombasa``).
    A country named after it keeps that country's zones only: ``Tripoli, Lebanon`` is
    not Libya's Tripoli (a reader: a summer mission in Asia/Beirut was warned)."""
    parts = [p.strip() for p in _AFTER_CITY.split(city) if p.strip()]
    first = parts[0] if parts else city
    for text in (city, first):
        if found := _city_zones().get(_fold(text)):
            # a country's name or a 3-letter abbreviation ('Lebanon', 'RDC'), not a
            # 2-letter one: 'Johannesburg, SA' is South Africa's, not Saudi Arabia's (a
            # reader: the check went quiet)
            named = {c for part in parts[1:] if len(part) > 2
                     and (c := read_country(part)) not in (None, NO_COUNTRY)}  # fmt: skip
            if text == first and named:
                return frozenset(z for z in found if country_of_zone(z) in named)
            return found
    return frozenset()


def same_clock(zone: str, other: str, days: Iterable[date]) -> bool:
    """Whether two time zones give the same offset from UTC at noon on each of ``days``."""
    try:
        a, b = ZoneInfo(zone), ZoneInfo(other)
    except (ValueError, ZoneInfoNotFoundError):
        return True  # not a zone: said elsewhere
    return all(
        datetime.combine(d, time(12), a).utcoffset() == datetime.combine(d, time(12), b).utcoffset()
        for d in days
    )


#: Abbreviations in common use that are not ISO codes (a Gulf coordinator's tester).
_ABBREVIATIONS = {"UAE": "AE", "EAU": "AE", "KSA": "SA", "USA": "US", "TURKIYE": "TR",
                  "RDC": "CD", "RCA": "CF", "RCI": "CI"}  # fmt: skip

#: Leading articles left out of a name: English ``The Gambia``, French ``le Maroc``,
#: ``l'Égypte``, ``les Émirats arabes unis``.
_ARTICLES = frozenset({"the", "le", "la", "les", "l"})


def _fold(text: str) -> str:
    """A name as compared: accents, case, apostrophes, punctuation and a leading
    article left out (``Côte d’Ivoire`` in tzdata, ``Cote d'Ivoire`` typed; ``The
    Gambia``, ``l'Égypte``)."""
    letters = strip_accents(unicodedata.normalize("NFKC", text.replace("&", " and ")))
    words = "".join(c if c.isalnum() else " " for c in letters.casefold()).split()
    return " ".join(words[1:] if words[:1] and words[0] in _ARTICLES and len(words) > 1
                    else words)  # fmt: skip


#: Names in common use that neither tzdata nor the holidays library spell so.
_NAMES_ALSO = {
    "burma": "MM", "swaziland": "SZ", "great britain": "GB", "holland": "NL",
    "united states of america": "US", "viet nam": "VN", "republic of the congo": "CG",
    "democratic republic of the congo": "CD", "russian federation": "RU",
    "republique democratique du congo": "CD", "republique du congo": "CG", "birmanie": "MM",
    "republique tcheque": "CZ", "centrafrique": "CF", "ile maurice": "MU",
    "etats unis d amerique": "US", "grande bretagne": "GB", "hollande": "NL",
    # the Koreas' official names ("Korea, Republic of": turned round by _looked_up)
    "republic of korea": "KR", "republique de coree": "KR",
    "democratic people s republic of korea": "KP",
    "republique populaire democratique de coree": "KP",
    # not "democratic" stripped as an official word ("Democratic Republic of Congo" was
    # read as the Republic of the Congo), nor "Republic of China" read as China: it is
    # Taiwan's official name (a fourth reader)
    "democratic republic of congo": "CD", "republique democratique congo": "CD",
    "republic of china": "TW", "republique de chine": "TW",
    "people s republic of china": "CN", "peoples republic of china": "CN",
    "republique populaire de chine": "CN",
}  # fmt: skip

#: Names in common use for more than one country, refused naming them (French
#: ``Corée``, as ``Korea`` is; a second reader).
_NAMES_OF_TWO = {"coree": ("KP", "KR")}

#: The languages whose names of countries are read besides tzdata's and the holidays
#: library's: the product's (a French-speaking coordinator's ``Égypte`` was refused).
NAME_LANGUAGES = ("fr", "en")


@cache
def _named() -> dict[str, frozenset[str]]:
    """Folded names -> the ISO codes they may name: tzdata's (``Korea (South)`` also
    read as ``South Korea``, and ``Korea`` alone, for KP and KR; not ``South`` alone),
    the holidays library's (``United Kingdom``, ``Czechia``, ``Cabo Verde``, ``Ivory
    Coast``), the CLDR's in :data:`NAME_LANGUAGES` (``Maroc``, ``Émirats arabes
    unis``, ``Myanmar (Birmanie)``) and :data:`_NAMES_ALSO`."""
    found: dict[str, set[str]] = {}
    partial: dict[str, set[str]] = {}

    def add(name: str, code: str, into: dict[str, set[str]]) -> None:
        if name.strip():
            into.setdefault(_fold(name), set()).add(code)

    def add_bracketed(name: str, code: str) -> None:
        add(name, code, found)
        if "(" in name and name.endswith(")"):
            head, tail = name[:-1].split("(", 1)
            add(head, code, partial)
            add(f"{tail} {head}", code, partial)

    for code, name in country_names().items():
        add_bracketed(name, code)
    for language in NAME_LANGUAGES:
        for code, name in Locale(language).territories.items():
            if code in country_names():  # not the regions (001 World, 150 Europe, EU)
                add_bracketed(name, code)
    for key, entry in registry.COUNTRIES.items():
        add(key.replace("_", " "), entry[1], found)
    for name, code in _NAMES_ALSO.items():
        add(name, code, found)
    for name, codes in _NAMES_OF_TWO.items():
        for code in codes:
            add(name, code, partial)
    # A whole name wins over part of a bracketed one (the holidays library's "Samoa"
    # is WS; tzdata's "Samoa (American)" is AS: "Samoa" was refused as two)
    for name, codes in partial.items():
        found.setdefault(name, codes)
    return {name: frozenset(codes) for name, codes in found.items()}


#: Words of a country's official name before its usual one ("United Republic of
#: Tanzania", "République unie de Tanzanie"), folded.
_OFFICIAL = re.compile(
    r"^(?:(?:united |islamic |federal |plurinational |bolivarian |arab )*"
    r"(?:republic|kingdom|state|sultanate|emirate)s? of (?:the )?"
    r"|(?:republique|royaume|etat|sultanat)s? (?:(?:unie|islamique|federale|federative"
    r"|arabe) )*(?:de |du |des |d |de l |de la )?)"
)


def _looked_up(text: str) -> frozenset[str]:
    """The codes a name may be: as typed, else as ISO lists it turned round ("Tanzania,
    United Republic of"), else without the words of an official name before it
    ("United Republic of Tanzania": a third reader found these refused)."""
    folded = _fold(text)
    found = _named().get(folded, frozenset())
    if not found and "," in text:
        head, _, tail = text.partition(",")
        folded = _fold(f"{tail} {head}")
        found = _named().get(folded, frozenset())
    if not found and (short := _OFFICIAL.sub("", folded)) != folded:
        found = _named().get(short, frozenset())
    return found


def country_candidates(text: str) -> list[str]:
    """The countries a name could be when it is more than one (``Korea``: KP, KR)."""
    codes = _looked_up(text)
    return sorted(codes) if len(codes) > 1 else []


def read_country(text: str) -> str | None:
    """The ISO code of ``text`` typed as a code (``ke``, ``ken``) or a name in English
    or French (``Kenya``, ``United Kingdom``, ``Cote d'Ivoire``, ``Égypte``),
    ``NO_COUNTRY`` for ``none``, None when it is neither."""
    typed = text.strip()
    if typed.casefold() in {NO_COUNTRY, "aucun", "aucune", "-"}:
        return NO_COUNTRY
    folded = _fold(typed).upper().replace(" ", "")
    if folded in _ABBREVIATIONS:
        return _ABBREVIATIONS[folded]
    if typed.upper() in _codes():  # KE, KEN, UK: the two-letter code (GB for UK)
        return _codes()[typed.upper()]
    codes = _looked_up(typed)
    return next(iter(codes)) if len(codes) == 1 else None


@cache
def _codes() -> dict[str, str]:
    """ISO 3166 two- and three-letter codes and the holidays library's aliases (``UK``)
    -> the two-letter code (a three-letter code was kept as typed, and taken for
    another country than the time zone's)."""
    codes = {code: code for code in country_names()}
    for entry in registry.COUNTRIES.values():
        for alias in entry[1:]:
            if alias.isupper() and len(alias) <= 3:
                codes.setdefault(alias, entry[1])
    return codes


def host_calendar(country: str, timezone: str, years: Iterable[int]) -> HostCalendar | None:
    """The calendar of the mission's country (``country``, else that of ``timezone``)
    over ``years``; None when the checks are off (``country`` is ``none``). A country
    the holidays library does not cover gets Saturday and Sunday, and no holidays."""
    if country == NO_COUNTRY:
        return None
    code = country or country_of_zone(timezone)
    name = country_names().get(code, code)
    if code not in _covered():
        return HostCalendar(code, name, DEFAULT_WEEKEND)
    found = holidays.country_holidays(code, years=sorted(set(years)), language="en_US")
    return HostCalendar(
        code,
        name,
        frozenset(found.weekend) or DEFAULT_WEEKEND,
        tuple(sorted((d, str(n)) for d, n in found.items())),
    )
