"""The words of the agendas: their languages, labels, and dates, times and UTC offsets
spelled from tables (never from the system locale, so the output does not depend on
the machine)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time

from asmex_sched.domain import (
    REASONS,
    Company,
    Mission,
    clock_change_blocks,
    language_code,
    time_zone,
)

#: Languages an agenda can be written in.
LANGUAGES: tuple[str, ...] = ("en", "fr")


_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
}


_MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}


_SHORT_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


_SHORT_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


#: Every visible word of the reports, by language. Keys are stable; tests use them.
_LABELS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "title": "Meeting agenda",
        "mission": "Mission",
        "city": "City",
        "dates": "Dates",
        "venue": "Venue",
        "timezone": "Time zone",
        "timezone_note": "{tz}, UTC{offset} (all times are local times)",
        "hours": "Meeting hours",
        "breaks": "Breaks (no meeting)",
        "company_section": "Your company",
        "company": "Company",
        "reference": "Reference",
        "side": "Side",
        "exporter": "Exporter",
        "buyer": "Buyer",
        "sectors": "Sectors",
        "languages": "Languages",
        "delegates": "Delegates",
        "contact": "Contact",
        "email": "Email",
        "phone": "Phone",
        "meetings": "Your meetings",
        "meeting_count": "{n} meetings",
        "meeting_count_1": "1 meeting",
        "meeting_total": "Meetings",
        "no_meeting": "No meeting is scheduled for you in this agenda.",
        "date": "Date",
        "start": "Start",
        "end": "End",
        "table": "Table",
        "counterpart": "Counterpart",
        "sector": "Sector",
        "interpreter": "Interpreter",
        "ref": "Ref.",
        "yes": "yes",
        "no": "no",
        "unmet": "Requested meetings that could not be scheduled",
        "blocked": "Other commitments (no meeting at these times)",
        "reason": "Reason",
        "changes": "Changes since the previous agenda",
        "change": "Change",
        "before": "Before",
        "after": "After",
        "added": "added",
        "moved": "moved",
        "cancelled": "cancelled",
        "details": "details",
        "change_interpreter": "interpreter",
        "at_table": "{when}, table {table}",
        "event_summary": "Meeting: {name}",
        "event_cancelled": "Cancelled: {name}",
        "event_location": "{venue}, table {table}",
        "from_to": "{first} to {last}",
        **REASONS,
    },
    "fr": {
        "title": "Agenda des rendez-vous",
        "mission": "Mission",
        "city": "Ville",
        "dates": "Dates",
        "venue": "Lieu",
        "timezone": "Fuseau horaire",
        "timezone_note": "{tz}, UTC{offset} (toutes les heures sont locales)",
        "hours": "Horaires des rendez-vous",
        "breaks": "Pauses (sans rendez-vous)",
        "company_section": "Votre entreprise",
        "company": "Entreprise",
        "reference": "Référence",
        "side": "Rôle",
        "exporter": "Exportateur",
        "buyer": "Acheteur",
        "sectors": "Secteurs",
        "languages": "Langues",
        "delegates": "Délégués",
        "contact": "Contact",
        "email": "E-mail",
        "phone": "Téléphone",
        "meetings": "Vos rendez-vous",
        "meeting_count": "{n} rendez-vous",
        "meeting_count_1": "1 rendez-vous",
        "meeting_total": "Rendez-vous",
        "no_meeting": "Aucun rendez-vous n'est prévu pour vous dans cet agenda.",
        "date": "Date",
        "start": "Début",
        "end": "Fin",
        "table": "Table",
        "counterpart": "Interlocuteur",
        "sector": "Secteur",
        "interpreter": "Interprète",
        "ref": "Réf.",
        "yes": "oui",
        "no": "non",
        "unmet": "Rendez-vous demandés qui n'ont pas pu être programmés",
        "blocked": "Autres engagements (pas de rendez-vous à ces heures)",
        "reason": "Motif",
        "changes": "Changements depuis l'agenda précédent",
        "change": "Changement",
        "before": "Avant",
        "after": "Après",
        "added": "ajouté",
        "moved": "déplacé",
        "cancelled": "annulé",
        "details": "informations",  # "coordonnées" for new sectors or a name (a proofreader)
        "change_interpreter": "interprète",
        "at_table": "{when}, table {table}",
        "event_summary": "Rendez-vous : {name}",
        "event_cancelled": "Annulé : {name}",
        "event_location": "{venue}, table {table}",
        "from_to": "du {first} au {last}",
        "no_common_slot": "pas de disponibilité commune",
        "at_capacity": (
            "l'une des deux entreprises est complète (nombre maximal de rendez-vous "
            "atteint), ou à chaque heure commune l'une des deux avait déjà un autre "
            "rendez-vous"
        ),
        "lost_to_priority": (
            "pas de place : aux heures où les deux étaient libres, les tables ou les "
            "interprètes ont été attribués à d'autres rendez-vous"
        ),
        "no_interpreter": (
            "il faut un interprète (pas de langue commune), et la mission n'en a pas"
        ),
        "pin_cancelled": "un rendez-vous annoncé qui ne peut plus avoir lieu",
    },
}


# ------------------------------------------------------------------- words
def label(key: str, lang: str, **values: object) -> str:
    """The text of ``key`` in ``lang`` (``en`` or ``fr``), formatted with ``values``."""
    text = _LABELS[lang][key]
    return text.format(**values) if values else text


#: French typography: a space before a colon, a semicolon, a question or exclamation
#: mark and a closing guillemet, and after an opening one, that does not break the line.
_FRENCH_SPACE_BEFORE = re.compile(r"[ \t]+([:;!?»])")
_FRENCH_SPACE_AFTER = re.compile(r"«[ \t]+")


def typeset(text: str, lang: str) -> str:
    """``text`` as ``lang`` sets it: in French, the space before ``: ; ! ? »`` and after
    ``«`` non-breaking (U+00A0, which every font the report uses has). With an ordinary
    one, a calendar app or a PDF cell put « : » at the start of a line (a French
    reader: 54 of them in one company's calendar, 'Rendez-vous : …', 'Motif : …').
    Other languages: ``text`` as it is."""
    if lang != "fr":
        return text
    text = _FRENCH_SPACE_BEFORE.sub("\u00a0\\1", text)
    return _FRENCH_SPACE_AFTER.sub("«\u00a0", text)


def format_date(day: date, lang: str) -> str:
    """``lundi 10 novembre 2025`` / ``Monday 10 November 2025`` (no locale involved)."""
    weekday = _WEEKDAYS[lang][day.weekday()]
    month = _MONTHS[lang][day.month - 1]
    number = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{weekday} {number} {month} {day.year}"


def short_day(day: date) -> str:
    """``Mon 10 Nov``: compact English day label of the organisers' summary."""
    return f"{_SHORT_WEEKDAYS[day.weekday()]} {day.day} {_SHORT_MONTHS[day.month - 1]}"


def hhmm(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def company_language(company: Company, override: str | None = None) -> str:
    """``fr`` when the company speaks French but not English, else ``en``.

    ``override`` (``--lang``) wins. Codes such as ``fr-FR`` or ``French`` count
    as French (:func:`domain.language_code`; the roster already maps them).
    """
    if override:
        return override
    codes = {language_code(x) for x in company.languages}
    return "fr" if "fr" in codes and "en" not in codes else "en"


def utc_offset(mission: Mission, day: date | None = None, at: time | None = None) -> str:
    """The mission's offset from UTC on ``day`` (its first day by default) at ``at``
    (the day's start by default), ``+03:00`` (a company abroad reads the time zone's
    name less easily than its offset)."""
    zone = time_zone(mission.timezone)
    if zone is None:
        return ""
    moment = datetime.combine(day or mission.first_day, at or mission.day_start, tzinfo=zone)
    offset = moment.utcoffset()
    if offset is None:
        return ""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def utc_offsets(mission: Mission, lang: str) -> str:
    """The mission's offset from UTC as :func:`utc_offset`, and when a clock change
    falls within the mission each one with its days (``-04:00 until Saturday 31
    October 2026, UTC-05:00 from Sunday 1 November 2026``): the first day's alone was
    an hour off for the days after (a reader; the calendars were right)."""
    # A clock change within a day's hours (a night session) splits that day at the
    # change, said with its time: the day's meetings after it were given the offset
    # before it (a tester). Offset, first (day, time or None), last (day, time or None).
    changes = {u.day: u for u in clock_change_blocks(mission)}
    runs: list[tuple[str, tuple[date, time | None], tuple[date, time | None]]] = []
    for day in mission.dates:
        pieces = [(utc_offset(mission, day), None, None)]
        block = changes.get(day)
        if block is not None:
            later = utc_offset(mission, day, block.end)
            if later != pieces[0][0]:
                pieces = [(pieces[0][0], None, block.start), (later, block.end, None)]
        for offset, since, until in pieces:
            if runs and runs[-1][0] == offset:
                runs[-1] = (offset, runs[-1][1], (day, until))
            else:
                runs.append((offset, (day, since), (day, until)))
    if len(runs) <= 1:
        return runs[0][0] if runs else utc_offset(mission)

    def at(when: tuple[date, time | None]) -> str:
        day, hour = when
        told = format_date(day, lang)
        return told if hour is None else f"{told} {'à' if lang == 'fr' else 'at'} {hour:%H:%M}"

    parts = []
    for i, (offset, first, last) in enumerate(runs):
        if i == 0:
            when = ("jusqu'au " if lang == "fr" else "until ") + at(last)
        else:
            when = ("à partir du " if lang == "fr" else "from ") + at(first)
        parts.append(f"{offset} {when}")
    return ", UTC".join(parts)


def mission_dates(mission: Mission, lang: str) -> str:
    dates = mission.dates
    first, last = format_date(dates[0], lang), format_date(dates[-1], lang)
    return first if len(dates) == 1 else label("from_to", lang, first=first, last=last)


def mission_place(mission: Mission) -> str:
    """Where the mission's meetings are held, as calendar events name it: its venue,
    else its city, else its name."""
    return mission.venue or mission.city or mission.name


def _flat(text: str) -> str:
    """``text`` on one line: its line breaks, with the spaces around them, as a space."""
    return re.sub(r"\s*[\r\n\u2028\u2029]+\s*", " ", text)
