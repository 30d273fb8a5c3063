"""Per-company agendas: the data and the words (pure; no file format here).

``asmex-sched report`` turns one agenda workbook into one agenda per company
(``docs/report.md``). This module decides *what* each company is told:

* :func:`company_language` picks French or English for a company;
* :func:`diff_agendas` compares two published agendas meeting by meeting;
* :func:`build_company_agendas` gathers, per company, its meetings with the
  counterpart's contact details, the requests that could not be met and why,
  the changes since the previous agenda and the meetings to cancel in
  calendars;
* :func:`document` lays one company's agenda out as titled blocks (fields and
  tables, already in the company's language) that the xlsx and PDF writers of
  :mod:`asmex_sched.io.report_files` render identically;
* :func:`event_text` gives the calendar event texts, :func:`summary_tables`
  the organisers' tables, :func:`file_stem` the file names.

Dates and weekday names are spelled from tables here, never from the system
locale, so the output does not depend on the machine.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from asmex_sched.domain import (
    CLOCK_CHANGE,
    GROUP_ALL,
    GROUP_BUYERS,
    GROUP_EXPORTERS,
    LEFT_AFTER_HORIZON,
    MAX_REACHED,
    REASONS,
    Agenda,
    Change,
    ChangeKind,
    Company,
    Mission,
    PublishedMeeting,
    Side,
    Unavailability,
    already_held,
    already_held_in,
    build_slots,
    clock_change_blocks,
    diff_placements,
    edited_pairs,
    from_local_iso,
    kept_in_place_reason,
    language_code,
    meeting_id,
    moved_reason,
    participants_of,
    party,
    time_zone,
)
from asmex_sched.replan import (
    AT_MAXIMUM,
    BOOKED_AGAIN,
    BOOKED_AGAIN_TABLE,
    CANCELLED_AFTER_MOVE,
    CLOSED,
    CLOSED_THEN,
    FEWER_DELEGATES,
    FEWER_INTERPRETERS,
    FEWER_TABLES,
    FIXED_MOVED,
    GONE_FROM_PROGRAMME,
    INTERPRETER_TAKEN,
    MOVED_AGAIN,
    MOVED_FOR_SET,
    MOVED_THOUGH_FREE,
    NEEDS_INTERPRETER,
    NEEDS_INTERPRETER_BEFORE,
    NOT_HELD,
    NOT_KEPT,
    NOT_REBOOKED,
    REBOOKED_BY_HAND,
    RENAMED_ADDED,
    RENAMED_CANCEL,
    RENAMED_MOVED,
    TABLE_BY_HAND,
    TAKES_NONE,
    TIME_TAKEN_HEAD,
    WITHDRAWN,
    renamed_ids,
)

#: One party's name in a reason of several parts joined by ``; `` (a cause, then why
#: not at another time): not across that ``; `` ("X is no longer available …; Y has
#: reached its maximum …" read as Y's maximum alone, its who all of the first part).
_WHO_IN_PART = r"(?P<who>(?:(?!; ).)+)"
#: :data:`AT_MAXIMUM` without its planner's term, its ``who`` a group.
_AT_MAXIMUM = AT_MAXIMUM.replace(" (max_meetings {n})", "").format(who=_WHO_IN_PART)

__all__ = [
    "LANGUAGES",
    "AgendaLine",
    "Block",
    "CancelledLine",
    "ChangeLine",
    "CompanyAgenda",
    "Document",
    "EventText",
    "SummaryTable",
    "UnmetLine",
    "SEQUENCE_EPOCH",
    "UID_DOMAIN",
    "build_company_agendas",
    "calendar_id",
    "calendar_sequence",
    "carried_calendar_id",
    "change_reason",
    "for_company",
    "company_language",
    "diff_agendas",
    "document",
    "event_text",
    "event_uid",
    "file_stem",
    "place_changes",
    "time_zone_shift",
    "format_date",
    "honoured_departures",
    "unmet_not_held",
    "label",
    "minutes_since_epoch",
    "new_calendar_id",
    "planned_at",
    "safe_id",
    "slugify",
    "summary_field",
    "summary_sequence",
    "summary_tables",
    "utc_offset",
]

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
        "mission_name": "Mission",
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
        "interpreter_booked": "Interpreter booked",
        "from_to": "{first} to {last}",
        **REASONS,
    },
    "fr": {
        "title": "Agenda des rendez-vous",
        "mission": "Mission",
        "mission_name": "Mission",
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
        "interpreter_booked": "Interprète réservé",
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


# ------------------------------------------------------------------- names
#: Latin letters without a decomposition, spelt in ASCII: "accents stripped" dropped
#: them, ``Œnologie`` giving ``nologie`` and ``Dış Ticaret`` ``ds-ticaret`` (a
#: multi-script tester).
_LATIN_SPELT = str.maketrans(
    {"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "ß": "ss", "ẞ": "Ss", "ø": "o", "Ø": "O",
     "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
     "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŋ": "n", "Ŋ": "N"}
)  # fmt: skip


def slugify(name: str, max_length: int = 40) -> str:
    """ASCII lower-case slug: accents stripped, letters such as ``œ``, ``ß``, ``ø``,
    ``ł``, ``ı`` spelt in ASCII (:data:`_LATIN_SPELT`), other characters -> ``-``.

    ``Société Générale`` -> ``societe-generale``; a name with no Latin letter
    or digit (e.g. Arabic) gives ``""``. At most ``max_length`` characters, cut after a
    whole word when one ends in its second half.
    """
    ascii_text = (
        unicodedata.normalize("NFKD", name.translate(_LATIN_SPELT))
        .encode("ascii", "ignore")
        .decode("ascii")
        .lower()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        # at a word's end when one is near ('...-exporta' read as a typo; a tester)
        cut = slug[: max_length + 1].rfind("-")
        slug = slug[:cut] if cut >= max_length // 2 else slug[:max_length]
    return slug.strip("-")


#: The longest safe id in a file name: with the slug (40) and a clash's ``-2``, a stem
#: stays far below the 255 bytes a file name may have, the temporary file's
#: ``.<stem>.<pid>.<n>.tmp.xlsx`` included (a 220-character id-less name stopped
#: ``report`` halfway with "File name too long"; a tester).
MAX_ID_IN_NAME = 60

#: Stems a company's files never take: ``report``'s own files (a buyer with the id
#: ``index`` and an Arabic name, so no slug, overwrote the mail-merge index; a
#: tester) and the names Windows keeps for devices (``CON.xlsx`` cannot be opened).
_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{dev}{n}" for dev in ("com", "lpt") for n in range(10)}
)
RESERVED_STEMS = frozenset({"index", "summary"} | _DEVICES)


def safe_id(company_id: str) -> str:
    """The company id made safe for a file name: ``[A-Za-z0-9._-]`` kept, rest -> ``_``;
    never starting with ``-`` or ``.`` (a file ``-rf-….xlsx`` reads as an option to
    shell commands, and its name went into ``index.csv`` with the ``'`` kept against
    formulas, naming no file; a tester), at most :data:`MAX_ID_IN_NAME` characters."""
    text = re.sub(r"[^A-Za-z0-9._-]", "_", company_id.strip()).lstrip(".-")
    return text[:MAX_ID_IN_NAME].rstrip(".") or "_"


def file_stem(company: Company) -> str:
    """``<safe id>-<slug>``, or the safe id alone when the name has no Latin letter."""
    slug = slugify(company.name)
    sid = safe_id(company.id)
    return f"{sid}-{slug}" if slug else sid


def _unique_stems(
    companies: Sequence[Company], reserved: Iterable[str] = ()
) -> dict[str, str]:
    """File stems by company id; clashes (case-insensitive), with each other or with
    :data:`RESERVED_STEMS` and ``reserved`` (the agenda's own name when the files go
    beside it), get ``-2``, ``-3`` ..."""
    out: dict[str, str] = {}
    seen: set[str] = {s.lower() for s in (*RESERVED_STEMS, *reserved)}
    for c in sorted(companies, key=lambda c: c.id):
        stem = file_stem(c)
        # Windows takes `NUL.1.xlsx` for the device too (a reader): `NUL_1`
        if "." in stem and stem.split(".")[0].lower() in _DEVICES:
            stem = stem.replace(".", "_", 1)
        candidate, n = stem, 1
        while candidate.lower() in seen:
            n += 1
            candidate = f"{stem}-{n}"
        seen.add(candidate.lower())
        out[c.id] = candidate
    return out


# ------------------------------------------------------------------ changes
def diff_agendas(
    old: Agenda, new: Agenda, between: Sequence[Change] = ()
) -> tuple[Change, ...]:
    """Meeting-by-meeting differences between two published agendas.

    Meetings are matched by ``meeting_id`` (a pair meets at most once):
    ``cancelled`` when only in ``old``, ``added`` when only in ``new``,
    ``moved`` when the date, start or table differ. ``old`` counts as it was sent
    (:attr:`Agenda.sent`: as ``plan`` wrote it, even if edited by hand since; the
    re-plan that followed announces the hand edits). A meeting edited by hand in
    ``new`` since ``plan`` wrote it has no reason. The reason is taken from
    ``new``'s own ``Changes`` sheet when it lists the same change, else from
    ``between``: the Changes sheets of the agendas planned between the two, oldest
    first (a cancellation two cron runs back was sent without its reason, a cron
    week's tester). Sorted like :func:`asmex_sched.replan.diff`: cancelled, moved,
    added, then ids.
    """
    reasons = {
        (c.kind, c.exporter_id, c.buyer_id): c.reason for c in (*between, *new.changes) if c.reason
    }
    # A move over the span is told by the run that took the meeting to its new time (a
    # later table change read "table changed" for a move of day; a second reader).
    moves: dict[tuple[str, str], list[Change]] = defaultdict(list)
    for c in (*between, *new.changes):
        if c.kind == ChangeKind.MOVED and c.reason:
            moves[(c.exporter_id, c.buyer_id)].append(c)
    before = {m.key: (m.day, m.start, m.table) for m in old.sent}
    after = {m.key: (m.day, m.start, m.table) for m in new.meetings}
    # Edited by hand in ``new`` since plan wrote it: no run's reason is its (a hand
    # move took the reason of the re-plan that had moved it before; a hand-editing
    # tester). Blank, as report warns.
    by_hand = edited_pairs(new)
    booked = (
        {m.key: m.interpreter for m in old.sent},
        {m.key: m.interpreter for m in new.meetings},
    )

    ends = ({m.key: m.end for m in old.sent}, {m.key: m.end for m in new.meetings})
    # Each former id -> the company's id now (a chain of corrections included).
    to_new = new.id_now
    names = {c.id: c.name for c in (*new.exporters, *new.buyers)}

    def now_key(key: tuple[str, str]) -> tuple[str, str]:
        return (to_new.get(key[0], key[0]), to_new.get(key[1], key[1]))

    def ids(was: tuple[str, str], key: tuple[str, str]) -> str:
        """The ids sent and those now, over the span: not an id in between (a reader)."""
        return renamed_ids(names, was, key)

    # Each pair of the older agenda under a former id, by the pair it is now (built
    # once: a scan per added meeting was quadratic on a trade fair's agenda).
    sent_as = {now_key(k): k for k in before if now_key(k) != k}

    def renamed(kind: ChangeKind, key: tuple[str, str], said: str) -> str:
        """A corrected id's reason, as it holds over the whole span: a later run may
        have moved or cancelled the meeting announced again ("the same meeting" was
        said of one at another time, "announced again" of one cancelled since; a
        second reader)."""
        found = next((m for p in _RENAMED_FORMS if (m := p.match(said))), None)
        if found is None:
            return said
        if kind == ChangeKind.CANCELLED:
            current = now_key(key)
            if current in after:
                return RENAMED_CANCEL.format(ids=ids(key, current))
            return reasons.get((ChangeKind.CANCELLED, *current), "")
        # The pair as sent: under the former ids the older agenda has (a chain of
        # corrections: the last former id was taken, not the one sent; a reader).
        was = sent_as.get(key)
        if was is None:
            return said
        if before[was][:2] == after[key][:2]:
            return RENAMED_ADDED.format(ids=ids(was, key))
        why = span_move((*moves[was], *moves[key]), before[was][:2], after[key][:2])
        return RENAMED_MOVED.format(ids=ids(was, key)) + (f"; {why}" if why else "")

    def span_move(runs: Sequence[Change], sent: tuple, now: tuple) -> str:
        """Why a meeting sent at ``sent`` is at ``now`` after the moves ``runs`` (oldest
        first), '' if none says: the run that took it from ``sent``, and "then moved
        again" when a later one set ``now``; the later run's cause was about a time the
        companies were never sent (a reader). Without any run's interpreter clause: the
        span's is said by the caller."""
        timed = [c for c in runs if (c.new_day, c.new_start) == now
                 and (c.old_day, c.old_start) != (c.new_day, c.new_start)]  # fmt: skip
        left = [c for c in runs if (c.old_day, c.old_start) == sent
                and (c.new_day, c.new_start) != sent]  # fmt: skip
        if left and (not timed or left[-1] is not timed[-1]):
            return f"{moved_reason(left[-1].reason, (False, False))}; {MOVED_AGAIN}"
        return timed[-1].reason if timed else ""

    def reason(kind: ChangeKind, key: tuple[str, str]) -> str:
        if key in by_hand:
            return ""
        if kind == ChangeKind.CANCELLED:
            said = renamed(kind, key, reasons.get((kind, *key), ""))
            # Moved from its announced time by one run, cancelled at its new time by a
            # later one: both causes, the first at the time the companies hold.
            left = [c for c in moves[key] if (c.old_day, c.old_start) == before[key][:2]
                    and (c.new_day, c.new_start) != before[key][:2]]  # fmt: skip
            # (the last time it left it: it may have come back in between; a reader)
            first = moved_reason(left[-1].reason, (False, False)) if left else ""
            # announced again under a corrected id: not "cancelled there" (a reader)
            again = any(form.match(said) for form in _RENAMED_FORMS)
            if said and first and first != said and not again:
                return f"{first}; {CANCELLED_AFTER_MOVE}; {said}"
            return said
        if kind == ChangeKind.ADDED:
            return renamed(kind, key, reasons.get((kind, *key), ""))
        if kind == ChangeKind.MOVED and before[key] != after[key]:
            # The sheet's booking is its own re-plan's; the span's is said (a second
            # reader: a later interpreter change went unsaid, an earlier one was
            # said though nothing changed since the older agenda).
            said = reasons.get((kind, *key), "")
            # Cancelled in one run and booked again in a later one: moved over the
            # span, for the reason it lost its time, then booked again (it read "moved"
            # with no reason, a cron week's tester; the cancellation's reason alone
            # read as if it still held, "the request was withdrawn", a second reader).
            lost = reasons.get((ChangeKind.CANCELLED, *key), "")
            if before[key][:2] != after[key][:2]:  # another time, not only a table
                left = any((c.old_day, c.old_start) == before[key][:2]
                           and (c.new_day, c.new_start) != before[key][:2]
                           for c in moves[key])  # fmt: skip
                if lost and not left:  # cancelled at its time, booked again, moved since
                    said = ""
                else:
                    said = span_move(moves[key], before[key][:2], after[key][:2]) or said
            again = BOOKED_AGAIN if before[key][:2] != after[key][:2] else BOOKED_AGAIN_TABLE
            said = said or (f"{lost}; {again}" if lost else "")
            return moved_reason(said, (booked[0][key], booked[1][key]))
        if (kind, *key) in reasons:
            return reasons[(kind, *key)]
        if kind == ChangeKind.INTERPRETER or (
            kind == ChangeKind.MOVED and before[key] == after[key]
        ):  # kept in place: its interpreter booking, its end, or both changed
            return kept_in_place_reason(
                booked[1][key] if kind == ChangeKind.INTERPRETER else None,
                ends[1][key] if ends[0].get(key) != ends[1][key] else None,
                new.mission.meeting_minutes,
            )
        return ""

    # A new end alone is a change too (docs/agenda.md, Changes): it was missed here.
    return tuple(diff_placements(before, after, reason, booked, ends))


# --------------------------------------------------------------- the data
@dataclass(frozen=True)
class AgendaLine:
    """One meeting as seen by one company."""

    meeting_id: str
    day: date
    start: time
    end: time
    table: int
    counterpart_id: str
    counterpart: str
    sectors: tuple[str, ...]
    contact: str
    email: str
    phone: str
    interpreter: bool
    moved: bool = False  # moved since the previous agenda


@dataclass(frozen=True)
class CancelledLine:
    """A meeting of the previous agenda that no longer takes place."""

    meeting_id: str
    day: date
    start: time
    end: time
    table: int | None
    counterpart_id: str
    counterpart: str
    reason: str = ""


@dataclass(frozen=True)
class ChangeLine:
    """One change of one company's agenda (added / moved / cancelled)."""

    kind: ChangeKind
    meeting_id: str
    counterpart_id: str
    counterpart: str
    old_day: date | None
    old_start: time | None
    old_table: int | None
    new_day: date | None
    new_start: time | None
    new_table: int | None
    reason: str = ""


@dataclass(frozen=True)
class UnmetLine:
    """A request involving the company that is not in the agenda."""

    counterpart_id: str
    counterpart: str
    reason: str  # a key of domain.REASONS (or the agenda's own text)
    detail: str = ""
    #: The counterpart's ``max_meetings`` 0: it takes no meeting ("has reached its
    #: maximum" was said of a company holding none; a second reader).
    counterpart_takes_none: bool = False


@dataclass(frozen=True)
class CompanyAgenda:
    """Everything one company's files say, in its language."""

    company: Company
    lang: str
    mission: Mission
    stem: str
    meetings: tuple[AgendaLine, ...]
    unmet: tuple[UnmetLine, ...] = ()
    changes: tuple[ChangeLine, ...] = ()
    cancelled: tuple[CancelledLine, ...] = ()
    stamp: datetime | None = None  # when the agenda was planned (mission-local, naive)
    sequence: int = 0  # SEQUENCE of its calendar events (calendar_sequence; 0: from stamp)
    calendar_id: str = ""  # the mission's part of every event UID (see calendar_id)
    #: Its other commitments: the mission's and its side's blocks, and its own.
    blocked: tuple[Unavailability, ...] = ()


#: Origin of calendar SEQUENCE numbers (see :func:`calendar_sequence`).
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def minutes_since_epoch(local: datetime, timezone: str) -> int:
    """Minutes from :data:`SEQUENCE_EPOCH` to ``local`` (naive, in ``timezone``)."""
    aware = local.replace(tzinfo=time_zone(timezone) or UTC)
    return max(1, int((aware - SEQUENCE_EPOCH).total_seconds() // 60))


def honoured_departures(agenda: Agenda) -> tuple[Agenda, list[str]]:
    """The agenda with ``left_mission`` honoured only for companies whose meetings all
    started before it was planned (as ``plan`` marks them), and the ids typed ``yes``
    by hand for a company with meetings still to come (its agenda was silently not
    written: a second reader)."""
    stamp = planned_at(agenda)
    coming = {
        cid
        for m in agenda.meetings
        if stamp is None or datetime.combine(m.day, m.start) >= stamp
        for cid in m.key
    }
    still_here = sorted(agenda.departed & coming)
    if not still_here:
        return agenda, []
    return replace(agenda, departed=agenda.departed - coming), still_here


def unmet_not_held(agenda: Agenda) -> Agenda:
    """The agenda without the ``Unscheduled`` rows, nor the cancellations of its
    ``Changes`` sheet, of pairs its ``Meetings`` sheet holds: a meeting added by hand
    to an agenda not re-planned since was listed both in the company's meetings and
    among its requests that could not be scheduled, and counted twice in the
    organisers' summary (an auditor of the reasons); one typed back after a re-plan
    cancelled it was also told "cancelled" (a reader)."""
    held = {m.key for m in agenda.meetings}
    kept = tuple(u for u in agenda.unscheduled if (u.exporter_id, u.buyer_id) not in held)
    told = tuple(
        c for c in agenda.changes
        if c.kind != ChangeKind.CANCELLED or (c.exporter_id, c.buyer_id) not in held
    )  # fmt: skip
    if len(kept) == len(agenda.unscheduled) and len(told) == len(agenda.changes):
        return agenda
    return replace(agenda, unscheduled=kept, changes=told)


_CLOCK_CHANGE = re.compile(re.escape(CLOCK_CHANGE) + r"(\S+) (does not exist|happens twice)")


def block_reason(reason: str, lang: str) -> str:
    """An Unavailability row's reason as a company reads it: as typed, but for the
    rows the planner writes itself (a clock change, :func:`~asmex_sched.domain.
    clock_change_blocks`), which a French agenda gave in English (a reader)."""
    found = _CLOCK_CHANGE.fullmatch(reason)
    if found is None or lang != "fr":
        return reason
    what = "n'existe pas" if found[2] == "does not exist" else "a lieu deux fois"
    return f"changement d'heure : {found[1]} {what}"


def _blocked(agenda: Agenda, company: Company) -> tuple[Unavailability, ...]:
    """The company's other commitments still to come at the agenda's ``planned_at``,
    in time order: the mission's and its side's blocks, and its own (a delegate's
    agenda showed none). One already over is not a commitment any more: a no-show
    recorded as an absence ("No-show") was listed on every later agenda of the company
    that missed the meeting (a simulated cron week)."""
    wanted = participants_of(company)
    stamp = planned_at(agenda)
    mine = (
        u
        for u in agenda.unavailability
        if u.participant in wanted
        and (stamp is None or datetime.combine(u.day, u.end) > stamp)
    )
    return tuple(sorted(mine, key=lambda u: (u.day, u.start, u.end, u.participant)))


def calendar_sequence(agenda: Agenda) -> int:
    """The SEQUENCE of every calendar event written from an agenda.

    ``plan`` records it in the Summary (``calendar_sequence``): the minutes from
    2020-01-01 UTC to the plan's "now", and always at least one more than the previous
    agenda's, so that every update wins in a calendar (RFC 5545 ignores one whose
    SEQUENCE is not higher): two re-plans in the same minute, or one with ``--now``
    earlier than the last, gave equal or lower numbers (a second reader). Agendas
    written before the field existed: the minutes to their ``planned_at``; 0 when
    neither is there."""
    return summary_sequence(agenda.summary, agenda.mission.timezone)


def summary_field(summary: Mapping[str, object], key: str) -> str:
    """A Summary value as text, "" when absent or empty."""
    return str(summary.get(key, "") or "").strip()


def summary_sequence(summary: Mapping[str, object], timezone: str | None = None) -> int:
    """:func:`calendar_sequence` from an agenda's Summary alone (the rest of the agenda
    may not read: ``plan --fresh`` must still go above it); ``timezone`` defaults to the
    Summary's."""
    recorded = summary_field(summary, "calendar_sequence")
    if recorded.isdigit():
        return int(recorded)
    stamp = summary_planned_at(summary, timezone)
    zone = timezone or summary_field(summary, "timezone") or "UTC"
    return minutes_since_epoch(stamp, zone) if stamp else 0


#: Right-hand side of every calendar event UID.
UID_DOMAIN = "asmex-sched"


def new_calendar_id(mission: Mission) -> str:
    """The calendar id of a mission planned for the first time: 10 hex digits of a
    hash of its name, city, first day and time zone (deterministic: same roster,
    same files)."""
    text = "\n".join((mission.name, mission.city, mission.first_day.isoformat(), mission.timezone))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def calendar_id(agenda: Agenda) -> str:
    """The mission's part of the UID of every calendar event an agenda's reports give
    (:func:`event_uid`): the id its Summary records (``calendar_id``), "" for an agenda
    written before the field existed, whose events went out with UIDs made of the
    meeting id alone. A re-plan keeps its baseline's. Two missions' events with the
    same pair of company ids (``E01--B01``) had the same UID: a company in both
    missions saw the second mission's meeting replace the first's in its calendar."""
    return summary_field(agenda.summary, "calendar_id")


def carried_calendar_id(summary: Mapping[str, object] | None, mission: Mission) -> str:
    """The calendar id of a plan without a baseline (``--fresh``) over a previous agenda
    whose Summary is ``summary`` (``None``: none could be read): that agenda's, when it
    is the same mission (same first day, city and time zone; the name may have been
    corrected), so that calendars update the events they already hold; otherwise, or
    without one, a new one (:func:`new_calendar_id`): another mission planned over an
    old agenda file must not update that mission's events (a yearly mission keeps its
    name and city)."""
    if summary is not None:
        old = tuple(summary_field(summary, k) for k in ("first_day", "city", "timezone"))
        if old == (mission.first_day.isoformat(), mission.city, mission.timezone):
            return summary_field(summary, "calendar_id")
    return new_calendar_id(mission)


def event_uid(meeting_id: str, calendar: str) -> str:
    """The UID of a meeting's calendar event: ``E01--B07.<calendar id>@asmex-sched``
    (``E01--B07@asmex-sched`` for agendas written before calendar ids). A pair meets
    at most once (H1), so it is stable across re-plans."""
    return f"{meeting_id}.{calendar}@{UID_DOMAIN}" if calendar else f"{meeting_id}@{UID_DOMAIN}"


def planned_at(agenda: Agenda) -> datetime | None:
    """The agenda's ``Summary`` ``planned_at`` (mission-local time), if readable."""
    return summary_planned_at(agenda.summary, agenda.mission.timezone)


def _summary_time(summary: Mapping[str, object], key: str, timezone: str | None) -> datetime | None:
    """A Summary time as a naive mission time (``fold`` set by its offset, written since
    session 26; one without an offset as written), ``None`` when empty or unreadable."""
    text = summary_field(summary, key)
    if not text:
        return None
    try:
        moment = from_local_iso(text, timezone or summary_field(summary, "timezone"))
    except ValueError:
        return None
    return moment.replace(second=0, microsecond=0)


def summary_planned_at(
    summary: Mapping[str, object], timezone: str | None = None
) -> datetime | None:
    """The Summary's ``planned_at``; ``timezone`` defaults to the Summary's."""
    return _summary_time(summary, "planned_at", timezone)


def summary_horizon(summary: Mapping[str, object], timezone: str | None = None) -> datetime | None:
    """The Summary's ``horizon`` (a first or ``--fresh`` plan, or an agenda written
    before it, has none: ``None``); ``timezone`` defaults to the Summary's."""
    return _summary_time(summary, "horizon", timezone)


def _add_minutes(t: time, minutes: int) -> time:
    total = min(t.hour * 60 + t.minute + minutes, 24 * 60 - 1)
    return time(total // 60, total % 60)


#: A company's fields its counterparts' agendas print, with their words in a change's
#: reason (English, French): a correction reaches the counterparts (:func:`changed_details`).
_DETAIL_FIELDS: dict[str, tuple[str, tuple[str, str]]] = {
    "name": ("name", ("nouveau nom", "nom supprimé")),
    "contact": ("contact person", ("nouvelle personne de contact", "personne de contact "
                                   "supprimée")),
    "email": ("e-mail", ("nouvel e-mail", "e-mail supprimé")),
    "phone": ("phone", ("nouveau téléphone", "téléphone supprimé")),
    # in the counterparts' event text too: a correction reached nobody (an ICS tester)
    "sectors": ("sectors", ("nouveaux secteurs", "secteurs supprimés")),
}


def _detail_text(value: str | tuple[str, ...]) -> str:
    """A detail as its change line gives it: sectors joined by ", " (``"; "`` parts
    the line)."""
    if isinstance(value, tuple):  # their order is no change (a reader)
        return ", ".join(sorted(v.strip() for v in value))
    return value.strip()


def changed_details(previous: Agenda, agenda: Agenda) -> dict[str, str]:
    """The companies of both agendas whose name or contact details differ, each with
    the reason of its counterparts' change lines (``new e-mail: x; phone removed``).
    Their counterparts hold the old details in the agendas sent: a corrected e-mail
    was never announced to them (a second reader)."""
    return details_changed(
        (*previous.exporters, *previous.buyers), (*agenda.exporters, *agenda.buyers)
    )


def details_changed(
    previous: Iterable[Company], companies: Iterable[Company], *, values: bool = True
) -> dict[str, str]:
    """:func:`changed_details` of two lists of companies (a re-plan's roster against
    the agenda it replaces); without ``values``, the fields alone (``phone, e-mail``:
    for logs and cron mail, which carry no phone; README, Personal data)."""
    before = {c.id: c for c in previous}
    out: dict[str, str] = {}
    for c in companies:
        old = before.get(c.id)
        if old is None:
            continue
        parts = []
        for attr, (word, _) in _DETAIL_FIELDS.items():
            was, now = (_detail_text(getattr(x, attr)) for x in (old, c))
            if was != now:
                parts.append(
                    (f"new {word}: {now}" if now else f"{word} removed") if values else word
                )
        if parts:
            out[c.id] = "; ".join(parts) if values else ", ".join(parts)
    return out


def build_company_agendas(
    agenda: Agenda,
    *,
    company_ids: Iterable[str] | None = None,
    lang: str | None = None,
    changes: Sequence[Change] | None = None,
    only_changed: bool = False,
    previous: Agenda | None = None,
    listed_before: frozenset[str] | None = None,
    reserved_stems: Iterable[str] = (),
    record: Collection[tuple[str, str, date, time]] | None = None,
) -> list[CompanyAgenda]:
    """One :class:`CompanyAgenda` per company of ``agenda``, sorted by id.

    Parameters
    ----------
    company_ids
        Only these companies (ids must exist: the caller checks); all when ``None``.
    lang
        ``en`` or ``fr`` for every company; per company (:func:`company_language`)
        when ``None``.
    changes
        Differences to report (e.g. :func:`diff_agendas`); the agenda's own
        ``Changes`` sheet when ``None``.
    only_changed
        Keep only companies touched by ``changes``, or whose counterpart in a meeting
        still to come has new details (:func:`changed_details`, with ``previous``).
    previous
        The previous agenda, to name counterparts that have left the mission, and
        to tell each company the new details of its counterparts (change lines of
        kind ``details``).
    listed_before
        Without ``previous``: the ids of the companies of the agenda the Changes sheet
        was made against (its history copy), if known: a company not among them gets
        its first agenda without a block of "added" lines.
    reserved_stems
        File stems no company may take besides :data:`RESERVED_STEMS` (the agenda's
        and ``previous``'s when the files are written beside them).
    record
        With ``changes`` over a span of runs: the (exporter, buyer, day, start) that
        were already past when the run changing them ran (the organisers' record, not
        news). A change is then history only at those times (or, edited by hand since
        the agenda was planned, before its ``planned_at``): by the agenda's own
        ``planned_at`` alone, a later cron run that changed nothing of a meeting
        booked for Thursday 09:00 on Wednesday night dropped it from Thursday noon's
        notices (a cron week's tester).
    """
    known: dict[str, Company] = {c.id: c for c in (*agenda.exporters, *agenda.buyers)}
    # A company that left the mission gets no agenda (its held meetings stay in its
    # counterparts'); it is still named from the agenda.
    companies = {cid: c for cid, c in known.items() if cid not in agenda.departed}
    if previous is not None:
        for c in (*previous.exporters, *previous.buyers):
            known.setdefault(c.id, c)
    names_from_meetings: dict[str, str] = {}
    for m in (*agenda.meetings, *(previous.meetings if previous else ()), *agenda.changes):
        if m.exporter:
            names_from_meetings.setdefault(m.exporter_id, m.exporter)
        if m.buyer:
            names_from_meetings.setdefault(m.buyer_id, m.buyer)

    def name_of(cid: str) -> str:
        c = known.get(cid)
        return c.name if c else names_from_meetings.get(cid, "") or cid

    stamp = planned_at(agenda)
    by_hand = edited_pairs(agenda)

    def history(c: Change) -> bool:
        """Not news: :func:`~asmex_sched.domain.already_held`, at the time of the run
        that made it when ``record`` is given."""
        key = (c.exporter_id, c.buyer_id)
        if record is None or key in by_hand:
            return already_held(c, stamp)
        return already_held_in(c, lambda day, start: (*key, day, start) in record)

    # A second reader found 17 notices cancelling meetings held days before.
    changes = tuple(
        c for c in (agenda.changes if changes is None else changes) if not history(c)
    )
    # New details of a counterpart: one line per meeting still to come that is not
    # new (an added meeting shows the current details anyway), for the other party.
    details = changed_details(previous, agenda) if previous is not None else {}
    added = {(c.exporter_id, c.buyer_id) for c in changes if c.kind == ChangeKind.ADDED}
    details_of: dict[str, list[tuple[PublishedMeeting, str]]] = defaultdict(list)
    for m in agenda.meetings:
        if m.key in added or (stamp is not None and datetime.combine(m.day, m.start) < stamp):
            continue
        for cid, oid in (m.key, m.key[::-1]):
            if oid in details and cid != oid:
                details_of[cid].append((m, oid))
    # A company whose id was corrected (the agenda's former_ids): the meetings held and
    # the changes under its former ids are its own too; its calendar holds their events
    # (only its counterparts were told to cancel them, and its agenda left out what it
    # held under the old id; second readers).
    owner = {old: cid for old, cid in agenda.id_now.items() if cid in companies}
    former: dict[str, set[str]] = defaultdict(set)
    for old, cid in owner.items():
        former[cid].add(old)

    def readers(key: tuple[str, str]) -> list[str]:
        return list(dict.fromkeys(r for cid in key for r in (cid, owner.get(cid)) if r))

    # A company not in the previous agenda (a late registration) was sent nothing: its
    # first agenda has no "Changes since the previous agenda" of "added" lines (a
    # walkthrough as a coordinator).
    # Without --changed-since, the previous agenda's companies from its history copy
    # (listed_before), so that a full report agrees (a second reader).
    before = (
        {c.id for c in (*previous.exporters, *previous.buyers)} if previous else listed_before
    )
    first_time = frozenset(
        cid
        for cid in companies
        if before is not None and cid not in before and not (former.get(cid, set()) & before)
    )
    wanted = sorted(companies) if company_ids is None else sorted(set(company_ids))
    if only_changed:
        # ... and gets it even with no meeting (it was counted "unchanged"; a cron
        # week's tester).
        touched = {cid for c in changes for cid in readers((c.exporter_id, c.buyer_id))}
        wanted = [cid for cid in wanted
                  if cid in touched or cid in details_of or cid in first_time]  # fmt: skip
    stems = _unique_stems(list(companies.values()), reserved_stems)
    minutes = agenda.mission.meeting_minutes

    meetings_of: dict[str, list[PublishedMeeting]] = defaultdict(list)
    for m in agenda.meetings:
        for cid in readers(m.key):
            meetings_of[cid].append(m)
    current = {m.key for m in agenda.meetings}
    holds = Counter(cid for m in agenda.meetings for cid in m.key)
    changes_of: dict[str, list[Change]] = defaultdict(list)
    for c in changes:
        for cid in readers((c.exporter_id, c.buyer_id)):
            changes_of[cid].append(c)
    moved = {(c.exporter_id, c.buyer_id) for c in changes if c.kind == ChangeKind.MOVED}
    if before is None:
        # The agenda alone (no history copy): a company whose every change is an added
        # meeting and whose every meeting is one of them had none before.
        first_time = frozenset(
            cid
            for cid in wanted
            if changes_of.get(cid)
            and all(c.kind == ChangeKind.ADDED for c in changes_of[cid])
            and {m.key for m in meetings_of.get(cid, ())} <= added
        )

    out: list[CompanyAgenda] = []
    for cid in wanted:
        company = companies[cid]

        def other(
            e: str, b: str, mine: frozenset[str] = frozenset({cid, *former.get(cid, ())})
        ) -> str:
            return b if e in mine else e

        lines = []
        for m in sorted(meetings_of.get(cid, ()), key=lambda m: (m.day, m.start, m.table, m.key)):
            oid = other(*m.key)
            oc = known.get(oid)
            listed = m.buyer if oid == m.buyer_id else m.exporter
            lines.append(
                AgendaLine(
                    meeting_id=m.meeting_id,
                    day=m.day,
                    start=m.start,
                    end=m.end,
                    table=m.table,
                    counterpart_id=oid,
                    counterpart=(oc.name if oc else "") or listed or oid,
                    sectors=oc.sectors if oc else (),
                    contact=oc.contact if oc else "",
                    email=oc.email if oc else "",
                    phone=oc.phone if oc else "",
                    interpreter=m.interpreter,
                    moved=m.key in moved,
                )
            )
        unmet = tuple(
            UnmetLine(
                other(u.exporter_id, u.buyer_id),
                name_of(other(u.exporter_id, u.buyer_id)),
                u.reason,
                u.detail,
                # none at all: one lowered to 0 after holding meetings has reached it
                # ("takes no meetings at this mission" beside its five; a reader)
                getattr(known.get(other(u.exporter_id, u.buyer_id)), "max_meetings", None) == 0
                and not holds[other(u.exporter_id, u.buyer_id)],
            )
            for u in sorted(agenda.unscheduled, key=lambda u: (u.exporter_id, u.buyer_id))
            if cid in (u.exporter_id, u.buyer_id)
        )
        change_lines = []
        cancelled = []
        for c in () if cid in first_time else changes_of.get(cid, ()):
            oid = other(c.exporter_id, c.buyer_id)
            mid = meeting_id(c.exporter_id, c.buyer_id)
            change_lines.append(
                ChangeLine(
                    c.kind,
                    mid,
                    oid,
                    name_of(oid),
                    c.old_day,
                    c.old_start,
                    c.old_table,
                    c.new_day,
                    c.new_start,
                    c.new_table,
                    c.reason,
                )
            )
            if (
                c.kind == ChangeKind.CANCELLED
                and (c.exporter_id, c.buyer_id) not in current
                and c.old_day is not None
                and c.old_start is not None
            ):
                cancelled.append(
                    CancelledLine(
                        mid,
                        c.old_day,
                        c.old_start,
                        _add_minutes(c.old_start, minutes),
                        c.old_table,
                        oid,
                        name_of(oid),
                        c.reason,
                    )
                )
        # A meeting that also moved (or its interpreter booking changed): the new
        # details in its line, not a second line whose "before" is the new time (a cron
        # week's tester).
        listed = {line.meeting_id: i for i, line in enumerate(change_lines)
                  if line.kind in (ChangeKind.MOVED, ChangeKind.INTERPRETER)}  # fmt: skip
        for m, oid in details_of.get(cid, ()):
            if m.meeting_id in listed:
                i = listed[m.meeting_id]
                said = change_lines[i].reason
                change_lines[i] = replace(
                    change_lines[i], reason=f"{said}; {details[oid]}" if said else details[oid]
                )
                continue
            when = (m.day, m.start, m.table)
            change_lines.append(
                ChangeLine(ChangeKind.DETAILS, m.meeting_id, oid, name_of(oid), *when, *when,
                           details[oid])
            )  # fmt: skip
        # In the order of the times the company had (an added meeting at its new one),
        # as its meetings are listed; they came in meeting-id order (a reader).
        change_lines.sort(key=_change_time)
        out.append(
            CompanyAgenda(
                company=company,
                lang=company_language(company, lang),
                mission=agenda.mission,
                stem=stems[cid],
                meetings=tuple(lines),
                unmet=unmet,
                changes=tuple(change_lines),
                cancelled=tuple(cancelled),
                stamp=stamp,
                sequence=calendar_sequence(agenda),
                calendar_id=calendar_id(agenda),
                blocked=_blocked(agenda, company),
            )
        )
    return out


# --------------------------------------------------------------- document
@dataclass(frozen=True)
class Block:
    """A titled part of a printed agenda.

    ``kind`` is ``fields`` (``rows`` are ``(label, value)`` pairs) or ``table``
    (``columns`` then ``rows``); an empty table shows ``empty`` instead.
    ``key`` names the block for writers and tests: ``mission``, ``company``,
    ``changes``, ``meetings``, ``unmet``.
    """

    key: str
    title: str
    kind: str
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[object, ...], ...] = ()
    empty: str = ""
    widths: tuple[int, ...] = ()  # relative column widths (characters)


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def block(self, key: str) -> Block | None:
        return next((b for b in self.blocks if b.key == key), None)


def _yes_no(flag: bool, lang: str) -> str:
    return label("yes" if flag else "no", lang)


def _when(day: date | None, start: time | None, table: int | None, lang: str) -> str:
    if day is None or start is None:
        return ""
    when = f"{format_date(day, lang)} {hhmm(start)}"
    return label("at_table", lang, when=when, table=table) if table is not None else when




def _closed(sentence: str) -> str:
    """A pattern of replan's ``CLOSED`` or ``CLOSED_THEN``, the group named ``whom``."""
    before, after = sentence.split("{whom}")
    whom = "|".join(re.escape(w) for w in _WHOM_FR)  # earlier agendas' words too
    return f"{re.escape(before)}(?P<whom>{whom}){re.escape(after)}"


def _renamed(sentence: str) -> str:
    """A pattern of replan's ``RENAMED_*`` sentences, ``{ids}`` a named group."""
    return re.escape(sentence).replace(re.escape("{ids}"), "(?P<ids>.+)")


#: replan's sentences for a corrected id, their ``ids`` a group (the moved one may go on
#: with why, after ``; ``).
_RENAMED_FORMS = tuple(
    re.compile(f"^{_renamed(form)}{tail}")
    for form, tail in ((RENAMED_CANCEL, "$"), (RENAMED_ADDED, "$"), (RENAMED_MOVED, "(?:; |$)"))
)
#: The ``(old, now new)`` ids of a corrected id's sentence (words, not an arrow: the
#: PDF's font, Amiri, has none).
_RENAMED_IDS = re.compile(r"\(([^()]*), now ([^()]*)\)")


def _ids_fr(m: re.Match[str]) -> str:
    """replan's ``Name (old, now new) and Name (old, now new)`` in French."""
    joined = re.sub(r"(, now [^()]*\)) and ", r"\1 et ", m["ids"])  # not in a name
    return _RENAMED_IDS.sub(r"(\1, désormais \2)", joined)


#: replan's ``CLOSED_TO`` in French.
_WHOM_FR = {
    "all participants": "tous les participants",
    "the whole mission": "tous les participants",  # the words of agendas before session 21
    "all exporters": "tous les exportateurs",
    "all buyers": "tous les acheteurs",
}
_UNAVAILABLE = (
    rf"(?:(?P<gone>{re.escape(GONE_FROM_PROGRAMME)}, and )"
    rf"|(?P<closed>{_closed(CLOSED)}, and )"
    r"|(?:(?P<away>.+) (?P<averb>is|are) no longer available at the published time, and ))?"
)
#: What a company is told instead of "frozen meeting:" / "locked meeting:" on a
#: cancelled one: the re-plan looked for another time and found none (since session 12
#: such a meeting is moved when one is free), English and French.
_HELD = "and no other common time was free for it"
_HELD_FR = "et aucun autre créneau commun n'était libre"
_DETAIL_FR = dict(_DETAIL_FIELDS.values())


def _you(who: str, me: str, other: str) -> str:
    """``who`` (one party as :func:`party` names it, or two joined by `` and ``) as the
    reader ``me`` says it: ``you``, ``you and X``, or ``who``. Exact names (the reader's
    and its counterpart's): a name holding parentheses, `` and `` or ``; `` is matched
    whole (a pattern on the id took "Tom and Jerry (B1)" for "Tom" and Jerry)."""
    if who == me:
        return "you"
    if other and who in (f"{me} and {other}", f"{other} and {me}"):
        return f"you and {other}"
    return who


#: The planner's sentences that name a party or say "frozen"/"locked", as a company
#: reads them in its own agenda: itself as "you" (it was told "Nile (B1) is no longer
#: available" about its own absence), and why the meeting could not move instead of
#: the scheduling word. Each takes the match and the :func:`_you` of the reader.
_Words = Callable[[re.Match[str], Callable[[str], str]], str]
_FOR_COMPANY: tuple[tuple[re.Pattern[str], _Words], ...] = (
    (
        re.compile(
            r"^(?P<who>.+?) (?P<verb>is|are) (?P<rest>no longer available at the published .*)$"
        ),
        lambda m, you: _parts_for_company(
            f"{you(m['who'])} are " if you(m["who"]) != m["who"] else f"{m['who']} {m['verb']} ",
            m["rest"],
            you,
        ),
    ),
    (
        re.compile(
            r"^(?P<who>.+?) now (?P<verb>sends|send) (?P<rest>fewer delegates than meetings "
            r"at the published time.*)$"
        ),
        lambda m, you: _parts_for_company(
            f"{you(m['who'])} now send "
            if you(m["who"]) != m["who"]
            else f"{m['who']} now {m['verb']} ",
            m["rest"],
            you,
        ),
    ),
    (
        re.compile("^" + TAKES_NONE.replace(" (max_meetings 0)", "").format(who=_WHO_IN_PART)
                   + "$"),
        lambda m, you: (
            "the organisers planned no meeting for you" if you(m["who"]) == "you" else m.string
        ),
    ),
    (
        # a company that left and registered again reads its own name (a cron tester)
        re.compile(rf"^{_WHO_IN_PART} left the mission$"),
        lambda m, you: "you left the mission" if you(m["who"]) == "you" else m.string,
    ),
    (
        re.compile(rf"^{_WHO_IN_PART} has reached its maximum number of meetings$"),
        lambda m, you: (
            "you have reached your maximum number of meetings"
            if you(m["who"]) == "you"
            else m.string
        ),
    ),
    (
        re.compile(f"^{_AT_MAXIMUM}$"),
        lambda m, you: (
            "you are at your maximum number of meetings with other companies"
            if you(m["who"]) == "you"
            else m.string
        ),
    ),
    (
        re.compile(
            r"^(?:frozen|locked) meeting: (?P<who>.+?) "
            r"(?:(?P<verb>was|were) declared|declared itself) unavailable then$"
        ),
        lambda m, you: (
            f"{you(m['who'])} "
            f"{'were' if m['verb'] == 'were' or you(m['who']) != m['who'] else 'was'}"
            f" declared unavailable then, {_HELD}"
        ),
    ),
    (
        re.compile(f"^(?:frozen|locked) meeting: (?P<said>{_closed(CLOSED_THEN)})$"),
        lambda m, you: f"{m['said']}, {_HELD}",
    ),
    (
        re.compile(
            r"^(?:frozen|locked) meeting: its time is no longer a slot of the programme$"
        ),
        lambda m, you: f"its time is no longer in the programme, {_HELD}",
    ),
)  # fmt: skip


def _parts_for_company(head: str, rest: str, you: Callable[[str], str]) -> str:
    """``head`` + ``rest``, the parts of ``rest`` after its first ``; `` (why not at
    another time: "…; Y is at its maximum …") each as the reader says them: the first
    part's pattern takes the whole sentence (a name may hold ``; ``), and Y read its own
    name there (a recipients' tester's case)."""
    first, sep, tail = rest.partition("; ")
    if not sep:
        return head + rest
    parts = (_said_to(part, you) or part for part in tail.split("; "))
    return head + first + sep + "; ".join(parts)


def _said_to(part: str, you: Callable[[str], str]) -> str | None:
    """One part of a reason as the reader ``you`` says it, by the first
    :data:`_FOR_COMPANY` pattern it matches (None if none does)."""
    for pattern, words in _FOR_COMPANY:
        found = pattern.match(part)
        if found:
            return words(found, you)
    return None


#: The planner's terms in a reason, for the coordinator's Changes sheet: a company reads
#: the sentence without them ("(max_meetings 3)" is a roster column, "(now + notice)" a
#: setting of the organisers'; a cron week's tester).
_STAFF_TERMS = re.compile(r" \((?:max_meetings \d+|now \+ notice)\)")


#: The coordinator's hand edits as a company reads them: "changed by hand in the
#: agenda" is spreadsheet talk (a cron week's tester); the Changes sheet keeps it.
_BY_HAND_FOR_COMPANY = {
    "changed by hand in the agenda": "rescheduled by the organisers",
    TABLE_BY_HAND: "table changed by the organisers",
    "added by hand to the agenda": "added by the organisers",
    "removed by hand from the agenda": "cancelled by the organisers",
    REBOOKED_BY_HAND: "rescheduled by the organisers",
    FIXED_MOVED: "rescheduled by the organisers",
}


def for_company(
    reason: str, company: Company | None, counterpart: tuple[str, str] | None = None
) -> str:
    """A change's reason (``replan``'s English sentence, parts joined by ``; ``) as
    ``company`` reads it in its own agenda (see :data:`_FOR_COMPANY`), without the
    planner's terms (:data:`_STAFF_TERMS`); ``counterpart`` is the meeting's other
    party, ``(id, name)``. The whole sentence is tried first, a name may hold ``; ``."""
    me = party(company.id, company.name) if company is not None else None
    if me is not None:
        reason = _STAFF_TERMS.sub("", reason)
    other = party(*counterpart) if counterpart is not None else ""

    def you(who: str) -> str:
        return _you(who, me, other) if me is not None else who

    def one(part: str) -> str | None:
        if me is not None and part in _BY_HAND_FOR_COMPANY:
            return _BY_HAND_FOR_COMPANY[part]
        return _said_to(part, you)

    if not reason:
        return reason
    parts = _renamed_then(reason)
    whole = None if parts else one(reason)
    if whole is not None:
        return whole
    return "; ".join(one(part) or part for part in parts or reason.split("; "))


def _renamed_then(reason: str) -> list[str]:
    """The parts of a corrected id's sentence followed by why (``; …``), the sentence
    whole (a name may hold ``; ``), else ``[]``: said part by part, or a pattern of the
    second part took the whole (its ``who`` the first part: French files read it half in
    English; a second reader)."""
    found = _RENAMED_FORMS[2].match(reason)
    if found is None or not found.group(0).endswith("; "):
        return []
    return [found.group(0)[:-2], *reason[found.end() :].split("; ")]


def _parties(names: str) -> list[str]:
    """The one or two parties of ``names``, split at the `` and `` that joins two (after
    ``(ID)``, a bare id or ``you``), not one inside a name (``Smith and Sons (B1)``)."""
    if names.startswith("you and "):
        return ["you", names[len("you and ") :]]
    joint = ") and " if ")" in names else " and "  # 'Smith and Sons (B1) and Nile (B2)'
    first, found, rest = names.partition(joint)
    return [first + joint[:-5], rest] if found else [names]


def _who_fr(names: str) -> str:
    """The parties in French: ``vous``, ``X et Y``."""
    return " et ".join("vous" if p == "you" else p for p in _parties(names))


def _two(names: str) -> bool:
    """Whether ``names`` are two parties (:func:`_parties`)."""
    return len(_parties(names)) == 2


def _unavailable_fr(who: str, verb: str) -> str:
    """``X n'est plus disponible`` / ``X et Y ne sont plus disponibles`` / ``vous n'êtes
    plus disponible``."""
    if who == "you":
        return "vous n'êtes plus disponible"
    if who.startswith("you and "):
        return f"{_who_fr(who)} n'êtes plus disponibles"
    plural = verb == "are"
    return f"{_who_fr(who)} " + (
        "ne sont plus disponibles" if plural else "n'est plus disponible"
    )


def _closed_fr(m: re.Match[str]) -> str:
    return f"l'horaire annoncé est désormais fermé aux rendez-vous pour {_WHOM_FR[m['whom']]}"


def _away_fr(m: re.Match[str]) -> str:
    if m.group("gone"):
        return "l'horaire annoncé ne fait plus partie du programme, et "
    if m.group("closed"):
        return f"{_closed_fr(m)}, et "
    away = m.group("away")
    if not away:
        return ""
    return f"{_unavailable_fr(away, m['averb'])} à l'horaire annoncé, et "


#: French for each reason a re-plan gives a change (``replan``'s sentences, in the same
#: order as they are built there); a reason no pattern knows is not shown in French.
_CHANGE_REASONS_FR: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(f"^{pattern}$"), words)
    for pattern, words in (
        ("new meeting", lambda m: "nouveau rendez-vous"),
        (BOOKED_AGAIN, lambda m: "puis reprogrammé à un autre moment"),
        (BOOKED_AGAIN_TABLE, lambda m: "puis reprogrammé à une autre table"),
        (CANCELLED_AFTER_MOVE, lambda m: "puis déplacé à un autre moment, et annulé à ce "
         "nouvel horaire"),
        (MOVED_AGAIN, lambda m: "puis déplacé de nouveau"),
        ("interpreter now booked", lambda m: "un interprète est désormais réservé"),
        ("interpreter no longer booked", lambda m: "l'interprète n'est plus réservé"),
        ("table changed", lambda m: "changement de table"),
        (
            r"table changed: table (?P<table>\d+) is set for another meeting by the organisers",
            lambda m: f"changement de table : la table {m['table']} est réservée par les "
            "organisateurs à un autre rendez-vous",
        ),
        (
            r"now ends at (?P<end>\d\d:\d\d) \(meetings last (?P<n>\d+) minutes\)",
            lambda m: f"se termine désormais à {m['end']} (rendez-vous de {m['n']} minutes)",
        ),
        ("changed by hand in the agenda", lambda m: "modifié à la main dans l'agenda"),
        (TABLE_BY_HAND, lambda m: "changement de table fait à la main dans l'agenda"),
        (
            "new (?P<field>name|contact person|e-mail|phone|sectors): (?P<value>(?:(?!; ).)+)",
            lambda m: f"{_DETAIL_FR[m['field']][0]} : {m['value']}",
        ),
        (
            "(?P<field>name|contact person|e-mail|phone|sectors) removed",
            lambda m: _DETAIL_FR[m["field"]][1],
        ),
        ("removed by hand from the agenda", lambda m: "retiré à la main de l'agenda"),
        (
            re.escape(REBOOKED_BY_HAND),
            lambda m: "retiré à la main de l'agenda, replanifié à un autre moment (sa "
            "demande est toujours dans la liste)",
        ),
        ("rescheduled by the organisers", lambda m: "reprogrammé par les organisateurs"),
        ("table changed by the organisers", lambda m: "changement de table par les "
         "organisateurs"),
        ("added by the organisers", lambda m: "ajouté par les organisateurs"),
        ("cancelled by the organisers", lambda m: "annulé par les organisateurs"),
        ("added by hand to the agenda", lambda m: "ajouté à la main à l'agenda"),
        (
            "(?P<who>.+) left the mission",
            lambda m: (
                f"{_who_fr(m['who'])} "
                + ("ont" if _two(m["who"]) else "avez" if m["who"] == "you" else "a")
                + " quitté la mission"
            ),
        ),
        (re.escape(WITHDRAWN), lambda m: "la demande de rendez-vous a été retirée"),
        (
            _renamed(RENAMED_CANCEL),
            lambda m: (
                f"nouvelle référence pour {_ids_fr(m)} : le rendez-vous est annoncé à "
                "nouveau sous celle-ci"
            ),
        ),
        (
            _renamed(RENAMED_ADDED),
            lambda m: (
                f"nouvelle référence pour {_ids_fr(m)} : le même rendez-vous, annoncé à "
                "nouveau sous celle-ci"
            ),
        ),
        (
            _renamed(RENAMED_MOVED),
            lambda m: (
                f"nouvelle référence pour {_ids_fr(m)} : le rendez-vous est annoncé à "
                "nouveau sous celle-ci, à un autre horaire"
            ),
        ),
        (re.escape(NOT_HELD), lambda m: "le rendez-vous n'a pas eu lieu à l'horaire annoncé"),
        (
            _UNAVAILABLE + r"the two companies have no common available time left after "
            r"(?P<when>\S+ \S+)(?P<notice> \(now \+ notice\))?",
            lambda m: (
                f"{_away_fr(m)}les deux entreprises n'ont plus de créneau commun après le "
                f"{m['when']}" + (" (maintenant + préavis)" if m["notice"] else "")
            ),
        ),
        (
            _UNAVAILABLE + "the two companies no longer have a common available time",
            lambda m: f"{_away_fr(m)}les deux entreprises n'ont plus de créneau commun",
        ),
        (  # written before session 11
            "dropped to make room for higher-priority meetings",
            lambda m: "annulé pour faire place à des rendez-vous prioritaires",
        ),
        (
            _WHO_IN_PART + r" has reached its maximum number of meetings"
            r"(?: \(max_meetings (?P<n>\d+)\))?",
            lambda m: (
                f"{_who_fr(m['who'])} a atteint son nombre maximal de rendez-vous"
                + (f" (max_meetings {m['n']})" if m["n"] else "")
            ),
        ),
        (
            _AT_MAXIMUM + r"(?: \(max_meetings (?P<n>\d+)\))?",
            lambda m: (
                f"{_who_fr(m['who'])} a déjà son nombre maximal de rendez-vous avec "
                "d'autres entreprises" + (f" (max_meetings {m['n']})" if m["n"] else "")
            ),
        ),
        (
            "you are at your maximum number of meetings with other companies",
            lambda m: (
                "vous avez déjà votre nombre maximal de rendez-vous avec d'autres entreprises"
            ),
        ),
        (
            re.escape(NOT_REBOOKED),
            lambda m: "le nouveau planning n'a trouvé aucun autre horaire pour ce rendez-vous",
        ),
        (
            re.escape(TIME_TAKEN_HEAD),
            lambda m: "son créneau a été attribué à d'autres rendez-vous",
        ),
        (
            "its time went to other meetings, and no other common time is free for it",
            lambda m: (
                "son créneau a été attribué à d'autres rendez-vous, et aucun autre "
                "créneau commun n'est libre"
            ),
        ),
        (
            re.escape(GONE_FROM_PROGRAMME) + ", and no other common time is free for it",
            lambda m: (
                "l'horaire annoncé ne fait plus partie du programme, et aucun autre "
                "créneau commun n'est libre"
            ),
        ),
        (
            re.escape(GONE_FROM_PROGRAMME),
            lambda m: "l'horaire annoncé ne fait plus partie du programme",
        ),
        (
            _closed(CLOSED) + ", and no other common time is free for it",
            lambda m: f"{_closed_fr(m)}, et aucun autre créneau commun n'est libre",
        ),
        (_closed(CLOSED), _closed_fr),
        (
            _closed(CLOSED_THEN) + ", " + re.escape(_HELD),
            lambda m: (
                f"son horaire a été fermé aux rendez-vous pour {_WHOM_FR[m['whom']]}, "
                f"{_HELD_FR}"
            ),
        ),
        (
            "(?P<who>.+) (?P<verb>is|are) no longer available at the published time, and no "
            "other common time is free for it",
            lambda m: (
                f"{_unavailable_fr(m['who'], m['verb'])} à l'horaire annoncé, et aucun "
                "autre créneau commun n'est libre"
            ),
        ),
        (
            "(?P<who>.+) (?P<verb>is|are) no longer available at the published time",
            lambda m: f"{_unavailable_fr(m['who'], m['verb'])} à l'horaire annoncé",
        ),
        (
            "moved to make room for other meetings",
            lambda m: "déplacé pour faire place à d'autres rendez-vous",
        ),
        (
            re.escape(MOVED_FOR_SET),
            lambda m: (
                "déplacé pour faire place à un rendez-vous fixé par les organisateurs à "
                "l'horaire annoncé"
            ),
        ),
        (
            re.escape(TAKES_NONE.replace(" (max_meetings 0)", "")).replace(
                re.escape("{who}"), _WHO_IN_PART
            )
            + r"(?: \(max_meetings 0\))?",
            lambda m: f"{_who_fr(m['who'])} ne prend aucun rendez-vous lors de cette mission",
        ),
        (
            "the organisers planned no meeting for you",
            lambda m: "les organisateurs n'ont prévu aucun rendez-vous pour vous",
        ),
        (
            re.escape(FIXED_MOVED),
            lambda m: "reprogrammé par les organisateurs (feuille Fixed)",
        ),
        (
            re.escape(FEWER_TABLES) + "(?P<none>, and no other common time is free for it)?",
            lambda m: (
                "la mission a désormais moins de tables que de rendez-vous à l'horaire "
                "annoncé" + (", et aucun autre créneau commun n'est libre" if m["none"] else "")
            ),
        ),
        (
            re.escape(INTERPRETER_TAKEN) + "(?P<none>, and no other common time is free for it)?",
            lambda m: (
                "l'interprète prévu à l'horaire annoncé est affecté à un autre rendez-vous"
                + (", et aucun autre créneau commun n'est libre" if m["none"] else "")
            ),
        ),
        (
            f"(?:{re.escape(NEEDS_INTERPRETER)}|{re.escape(NEEDS_INTERPRETER_BEFORE)})"
            "(?P<none>, and no other common time is free for it)?",
            lambda m: (
                "les deux entreprises ont désormais besoin d'un interprète, mais aucun n'est "
                "libre à l'horaire annoncé"
                + (", et aucun autre créneau commun n'est libre" if m["none"] else "")
            ),
        ),
        (
            re.escape(MOVED_THOUGH_FREE),
            lambda m: (
                "déplacé par le nouveau planning, bien que son horaire fût encore libre pour lui"
            ),
        ),
        (
            re.escape(NOT_KEPT),
            lambda m: (
                "son horaire était encore libre pour lui, mais le nouveau planning ne l'a pas "
                "retenu"
            ),
        ),
        (
            re.escape(FEWER_INTERPRETERS)
            + "(?P<none>, and no other common time is free for it)?",
            lambda m: (
                "la mission a désormais moins d'interprètes que de rendez-vous qui en "
                "demandent un à l'horaire annoncé"
                + (", et aucun autre créneau commun n'est libre" if m["none"] else "")
            ),
        ),
        (
            FEWER_DELEGATES.format(who="(?P<who>.+)", verb="(?P<verb>sends|send)")
            + "(?P<none>, and no other common time is free for it)?",
            lambda m: (
                f"{_who_fr(m['who'])} "
                + ("envoyez" if m["who"] == "you" or m["who"].startswith("you and ")
                   else "envoient" if m["verb"] == "send" else "envoie")
                + " désormais moins de délégués que de rendez-vous à l'horaire annoncé"
                + (", et aucun autre créneau commun n'est libre" if m["none"] else "")
            ),
        ),
        (
            r"you have reached your maximum number of meetings"
            r"(?: \(max_meetings (?P<n>\d+)\))?",
            lambda m: (
                "vous avez atteint votre nombre maximal de rendez-vous"
                + (f" (max_meetings {m['n']})" if m["n"] else "")
            ),
        ),
        (
            "its time is no longer in the programme, " + re.escape(_HELD),
            lambda m: f"son horaire ne fait plus partie du programme, {_HELD_FR}",
        ),
        (
            "(?P<who>.+?) (?:was|were) declared unavailable then, " + re.escape(_HELD),
            lambda m: (
                f"indisponibilité déclarée pour {_who_fr(m['who'])} à cet horaire, "
                f"{_HELD_FR}"
            ),
        ),
    )
)


def change_reason(
    reason: str,
    lang: str,
    company: Company | None = None,
    counterpart: tuple[str, str] | None = None,
) -> str:
    """A change's reason in ``lang`` as the companies read it (:func:`for_company`;
    ``company``, the agenda's reader, is "you"; ``counterpart``, ``(id, name)``, the
    meeting's other party), in French translated (``""`` when the sentence is not one
    of the planner's own, e.g. typed by hand). Reasons joined by ``; `` (an interpreter
    booked and a new end) are translated each. A company reads the planner's times
    (``after 2025-11-11 20:00``) spelled as its agenda's dates are (:func:`_spell_times`).
    On one line, the names in it too: a name typed on two lines gave an unlabelled line
    in the calendar events, and no French at all (a reader)."""
    if company is not None:
        company = replace(company, name=_flat(company.name))
    if counterpart is not None:
        counterpart = (counterpart[0], _flat(counterpart[1]))
    said = _change_reason(_flat(reason), lang, company, counterpart)
    return _spell_times(said, lang) if company is not None else said


#: A time as the planner writes it in a reason (the re-planning horizon).
_PLANNER_TIME = re.compile(r"(?<!\d)(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)(?!\d)")


def _spell_times(text: str, lang: str) -> str:
    """``2025-11-11 20:00`` as ``Tuesday 11 November 2025 at 20:00`` / ``mardi 11
    novembre 2025 à 20:00``: companies read the raw timestamp beside dates spelled out
    everywhere else in their agenda (a trade-fair tester)."""

    def spelled(m: re.Match[str]) -> str:
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return m[0]
        return f"{format_date(day, lang)} {'à' if lang == 'fr' else 'at'} {m[4]}:{m[5]}"

    return _PLANNER_TIME.sub(spelled, text)


def _change_reason(
    reason: str,
    lang: str,
    company: Company | None = None,
    counterpart: tuple[str, str] | None = None,
) -> str:
    """:func:`change_reason` before the planner's times are spelled (its parts are
    translated by it)."""
    reason = for_company(reason, company, counterpart)
    if lang == "en" or not reason:
        return _your_reference(reason, company, lang)
    renamed = _renamed_then(reason)
    for pattern, words in () if renamed else _CHANGE_REASONS_FR:
        found = pattern.match(reason)
        if found:
            # A name spanning "; " is most likely several reasons joined (a change
            # over two re-plans): read whole, the French said "indisponibilité déclarée
            # pour you are no longer available …; then moved …" (a mission-week
            # tester). Each part is translated when each is a reason of its own.
            if any("; " in part for part in found.groups() if part):
                joined = _each_part(reason.split("; "), lang)
                if joined:
                    return _your_reference(joined, company, lang)
            return _your_reference(words(found), company, lang)
    parts = renamed or reason.split("; ")
    if len(parts) > 1:
        return _your_reference(_each_part(parts, lang), company, lang)
    return ""


def _each_part(parts: Sequence[str], lang: str) -> str:
    """Reasons joined by ``; `` translated each, ``""`` unless every one is."""
    french = [_change_reason(part, lang) for part in parts]
    # French puts a space before ';' (the unscheduled block's ' ; ' did; a reader).
    return " ; ".join(french) if all(french) else ""


def _your_reference(said: str, company: Company | None, lang: str) -> str:
    """A corrected id's sentence as the company itself reads it: "your new reference
    (B7, now B07)", not "new reference for <its own name> (…)" (a cron week's tester)."""
    if company is None:
        return said
    name, cid = re.escape(company.name), re.escape(company.id)
    if lang == "fr":
        pattern = rf"^nouvelle référence pour {name} \((?P<old>[^()]*), désormais {cid}\) : "
        mine = "votre nouvelle référence ({old}, désormais {cid}) : "
    else:
        pattern = rf"^new reference for {name} \((?P<old>[^()]*), now {cid}\): "
        mine = "your new reference ({old}, now {cid}): "
    return re.sub(
        pattern, lambda m: mine.format(old=m["old"], cid=company.id), said, count=1
    )


def unmet_text(u: UnmetLine, company: Company, lang: str, holds_any: bool = False) -> str:
    """Why a request of ``company`` is not in its agenda, as it reads it: the cause of a
    cancelled pin (the planner's sentence, translated, ``you`` for itself; the French
    files said "see the detail" and showed none), or whose maximum was reached (the
    company was named in the third person, and not at all in French); else
    :func:`reason_text`."""
    if u.reason == "pin_cancelled" and u.detail:
        said = change_reason(u.detail, lang, company, (u.counterpart_id, u.counterpart))
        if said:
            return said
    if u.reason == "at_capacity" and u.counterpart_takes_none and company.max_meetings != 0:
        return (
            f"{u.counterpart} ne prend aucun rendez-vous lors de cette mission"
            if lang == "fr"
            else f"{u.counterpart} takes no meetings at this mission"
        )
    if u.reason == "at_capacity" and company.max_meetings == 0 and not holds_any:
        # "You have reached your maximum" with no meeting at all (a reader).
        return (
            "les organisateurs n'ont prévu aucun rendez-vous pour vous"
            if lang == "fr"
            else "the organisers planned no meeting for you"
        )
    if u.reason == "at_capacity" and u.detail.startswith(MAX_REACHED):
        # the names as the planner joins them, exporter first: not split on ", ", which
        # a name may hold ('Acme, Inc.' was told only of its counterpart; an auditor)
        full = u.detail[len(MAX_REACHED) :]
        both = full in (f"{company.name}, {u.counterpart}", f"{u.counterpart}, {company.name}")
        mine = full == company.name or both
        theirs = (full == u.counterpart or both) and u.counterpart != company.name
        if mine or theirs:
            if lang == "fr":
                parts = (["vous avez atteint votre nombre maximal de rendez-vous"] if mine
                         else []) + ([f"{u.counterpart} a atteint son nombre maximal de "
                                      "rendez-vous"] if theirs else [])  # fmt: skip
                return " ; ".join(parts)
            parts = (["you have reached your maximum number of meetings"] if mine else []) + (
                [f"{u.counterpart} has reached its maximum number of meetings"] if theirs else []
            )
            return "; ".join(parts)
    if u.reason == "no_common_slot" and u.detail.startswith(LEFT_AFTER_HORIZON):
        # Free at a common time, but within the re-planning notice: "no common
        # availability" read as false ("we were both free on Sunday"; a reader).
        return (
            "plus de disponibilité commune qui puisse encore être réservée (les "
            "rendez-vous des prochaines heures sont déjà arrêtés)"
            if lang == "fr"
            else "no common free time left that can still be booked (the next hours' "
            "meetings are already set)"
        )
    # The sentence alone: the detail is the coordinator's (counts of tables taken,
    # 'Mission setting interpreters: 0', the re-planning horizon), kept in the agenda's
    # Unscheduled sheet; English files showed it to members, French ones did not (a
    # reader, against docs/report.md).
    return reason_text(u.reason, "", lang)


def reason_text(code: str, detail: str, lang: str) -> str:
    """The sentence of a reason code in ``lang``; the English detail only in English."""
    text = _LABELS[lang].get(code, code) if code in REASONS else code
    if detail and lang == "en":
        text = f"{text} ({detail})"
    return text


def _change_time(line: ChangeLine) -> tuple[date, time, str]:
    """A change line's place in a company's list: the time the company had (an added
    meeting's new time), then the counterpart."""
    had = line.old_day is not None
    day, start = (line.old_day, line.old_start) if had else (line.new_day, line.new_start)
    return (day or date.min, start or time.min, line.counterpart)


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


def place_changes(old: Mission, new: Mission) -> str:
    """The mission's name, city or venue changed between two agendas, as a warning
    gives it (``venue changed from 'KICC' to 'Sarit Expo Centre'``), '' when none did. Every company
    file prints them (its heading; the calendar events' location), and no meeting
    change lists them: ``report --changed-since`` wrote no file, and nothing was said
    (a calendars tester)."""

    def said(value: str) -> str:
        # an empty value as "(none)": '' meant nothing to a coordinator (a reader)
        return repr(value) if value.strip() else "(none)"

    return "; ".join(
        f"{field} changed from {said(getattr(old, field))} to {said(getattr(new, field))}"
        for field in ("name", "city", "venue")
        if getattr(old, field) != getattr(new, field)
    )


def time_zone_shift(old: Mission, new: Mission) -> str | None:
    """How a correction of the mission's time zone moves the meetings in calendars, or
    ``None`` when the two zones keep the same offset over the mission's days (or the
    zone is unchanged): ``Africa/Nairobi (UTC+03:00) to Africa/Abidjan (UTC+00:00)``.

    The meetings keep their local times, so no meeting is moved or announced, yet every
    calendar event the companies hold is off by the difference: a coordinator who
    corrected the template's zone was told of 0 changes, and `report --changed-since`
    wrote no file (a tester)."""
    if old.timezone == new.timezone:
        return None
    days = new.dates or (new.first_day,)
    if all(utc_offset(old, day) == utc_offset(new, day) for day in days):
        return None
    return (
        f"{old.timezone} (UTC{utc_offsets(old, 'en')}) to "
        f"{new.timezone} (UTC{utc_offsets(new, 'en')})"
    )


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


#: Columns of the meeting table, in order (label keys) and their relative widths.
MEETING_COLUMNS: tuple[str, ...] = (
    "date",
    "start",
    "end",
    "table",
    "counterpart",
    "sector",
    "contact",
    "email",
    "phone",
    "interpreter",
    "ref",
)
_MEETING_WIDTHS = (25, 7, 7, 6, 28, 15, 20, 34, 18, 12, 16)


def meeting_hours(mission: Mission) -> tuple[tuple[time, time], tuple[tuple[time, time], ...]]:
    """The hours meetings are held (the first slot's start, the last one's end) and the
    breaks between them, from the slot grid: with 45-minute meetings the agendas said
    09:00–17:30 and a break 12:30–14:00 from the settings, while the last meetings
    ended at 12:00 and 17:00 (a tester). The settings' when there is no slot."""
    day = [s for s in build_slots(mission) if s.day_index == 0]
    if not day:
        return (mission.day_start, mission.day_end), tuple(mission.breaks)
    gaps = tuple((a.end, b.start) for a, b in itertools.pairwise(day) if a.end < b.start)
    return (day[0].start, day[-1].end), gaps


def document(ca: CompanyAgenda) -> Document:
    """The printed agenda of one company, as blocks in its language."""
    lang, m, c = ca.lang, ca.mission, ca.company

    def L(key: str, **kw: object) -> str:  # noqa: N802 - short local alias
        return label(key, lang, **kw)

    mission_rows = [
        (L("mission_name"), m.name),
        (L("city"), m.city),
        (L("dates"), mission_dates(m, lang)),
        (L("venue"), m.venue),
        (L("timezone"), L("timezone_note", tz=m.timezone, offset=utc_offsets(m, lang))),
        (L("hours"), "–".join(hhmm(t) for t in meeting_hours(m)[0])),
    ]
    gaps = meeting_hours(m)[1]
    if gaps:  # a delegate plans around them (a second reader: never shown)
        mission_rows.append((L("breaks"), ", ".join(f"{hhmm(a)}–{hhmm(b)}" for a, b in gaps)))
    company_rows = [
        (L("company"), c.name),
        (L("reference"), c.id),
        (L("side"), L("exporter") if c.side == Side.EXPORTER else L("buyer")),
        (L("sectors"), "; ".join(c.sectors)),
        (L("languages"), "; ".join(c.languages)),
        (L("delegates"), c.delegates),
        (L("contact"), c.contact),
        (L("email"), c.email),
        (L("phone"), c.phone),
        (
            L("meeting_total"),  # not the title of the meeting table below, again
            L("meeting_count_1")
            if len(ca.meetings) == 1
            else L("meeting_count", n=len(ca.meetings)),
        ),
    ]
    blocks = [
        Block("mission", L("mission"), "fields", rows=tuple(mission_rows)),
        Block("company", L("company_section"), "fields", rows=tuple(company_rows)),
    ]
    if ca.changes:
        blocks.append(
            Block(
                "changes",
                L("changes"),
                "table",
                columns=(L("change"), L("counterpart"), L("before"), L("after"), L("reason")),
                rows=tuple(
                    (
                        # the column heading "Interpreter" is capitalised, a change
                        # kind is not (a cron week's tester)
                        L("change_interpreter" if ch.kind == ChangeKind.INTERPRETER
                          else ch.kind.value),  # fmt: skip
                        ch.counterpart,
                        _when(ch.old_day, ch.old_start, ch.old_table, lang),
                        _when(ch.new_day, ch.new_start, ch.new_table, lang),
                        change_reason(ch.reason, lang, c, (ch.counterpart_id, ch.counterpart)),
                    )
                    for ch in ca.changes
                ),
                widths=(12, 30, 36, 36, 30),
            )
        )
    blocks.append(
        Block(
            "meetings",
            L("meetings"),
            "table",
            columns=tuple(L(k) for k in MEETING_COLUMNS),
            rows=tuple(
                (
                    format_date(x.day, lang),
                    hhmm(x.start),
                    hhmm(x.end),
                    x.table,
                    x.counterpart,
                    "; ".join(x.sectors),
                    x.contact,
                    x.email,
                    x.phone,
                    _yes_no(x.interpreter, lang),
                    x.meeting_id,
                )
                for x in ca.meetings
            ),
            empty=L("no_meeting"),
            widths=_MEETING_WIDTHS,
        )
    )
    if ca.blocked:
        blocks.append(
            Block(
                "blocked",
                L("blocked"),
                "table",
                columns=(L("date"), L("start"), L("end"), L("reason")),
                rows=tuple(
                    (format_date(u.day, lang), hhmm(u.start), hhmm(u.end),
                     block_reason(u.reason, lang))
                    for u in ca.blocked
                ),  # fmt: skip
                widths=(30, 8, 8, 60),
            )
        )
    if ca.unmet:
        blocks.append(
            Block(
                "unmet",
                L("unmet"),
                "table",
                columns=(L("counterpart"), L("reason")),
                rows=tuple(
                    (u.counterpart, unmet_text(u, c, lang, bool(ca.meetings))) for u in ca.unmet
                ),
                widths=(40, 90),
            )
        )
    return Document(f"{L('title')} — {c.name}", m.name, tuple(blocks))


@dataclass(frozen=True)
class EventText:
    summary: str
    location: str
    description: str


def _flat(text: str) -> str:
    """``text`` on one line: its line breaks, with the spaces around them, as a space."""
    return re.sub(r"\s*[\r\n\u2028\u2029]+\s*", " ", text)


def event_text(ca: CompanyAgenda, line: AgendaLine | CancelledLine) -> EventText:
    """Calendar texts of one meeting (or cancelled meeting) in the company's language."""
    lang = ca.lang
    m = ca.mission
    venue = m.venue or m.city or m.name
    table = line.table
    location = label("event_location", lang, venue=venue, table=table) if table else venue
    sep = " : " if lang == "fr" else ": "  # French puts a space before the colon

    def field(key: str, value: object) -> str:
        return f"{label(key, lang)}{sep}{value}"

    if isinstance(line, CancelledLine):
        summary = label("event_cancelled", lang, name=_flat(line.counterpart))
        details = [field("counterpart", f"{_flat(line.counterpart)} ({line.counterpart_id})")]
        reason = change_reason(
            line.reason, lang, ca.company, (line.counterpart_id, line.counterpart)
        )
        if reason:
            details.append(field("reason", reason))
    else:
        summary = label("event_summary", lang, name=_flat(line.counterpart))
        # a field the counterpart left blank is left out ("Phone: " and nothing; a
        # proofreader); each on one line (a contact typed on two, Alt+Enter, gave an
        # unlabelled line; a calendars tester)
        details = [
            field(key, _flat(value))
            for key, value in (
                ("counterpart", f"{line.counterpart} ({line.counterpart_id})"),
                ("sector", "; ".join(line.sectors)),
                ("contact", line.contact),
                ("email", line.email),
                ("phone", line.phone),
                ("interpreter", _yes_no(line.interpreter, lang)),
            )
            if value
        ]
    details.append(field("mission", _flat(m.name)))
    details.append(field("ref", line.meeting_id))  # with its colon, as every other line
    return EventText(summary, _flat(location), "\n".join(details))


# ---------------------------------------------------------------- summary
@dataclass(frozen=True)
class SummaryTable:
    """One sheet of the organisers' ``summary.xlsx``."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def summary_tables(agenda: Agenda) -> tuple[SummaryTable, ...]:
    """The organisers' view: overview, meetings per day and sector, interpreter
    load and table occupancy per slot, worst-off companies (English)."""
    mission = agenda.mission
    companies = {c.id: c for c in (*agenda.exporters, *agenda.buyers)}
    meetings = agenda.meetings
    days = sorted({*mission.dates, *(m.day for m in meetings)})

    # -- meetings per day and sector (sector = the exporter's first sector)
    def sector_of(m: PublishedMeeting) -> str:
        c = companies.get(m.exporter_id)
        return c.sectors[0] if c and c.sectors else "(no sector)"

    per = Counter((sector_of(m), m.day) for m in meetings)
    sectors = sorted({s for s, _ in per})
    day_cols = tuple(f"{d.isoformat()} ({short_day(d)})" for d in days)
    rows: list[tuple[object, ...]] = [
        (s, *(per[(s, d)] for d in days), sum(per[(s, d)] for d in days)) for s in sectors
    ]
    per_day = Counter(m.day for m in meetings)
    rows.append(("Total", *(per_day[d] for d in days), len(meetings)))
    by_sector = SummaryTable("Per day and sector", ("sector", *day_cols, "total"), tuple(rows))

    # -- per slot: interpreters and tables
    slot_times = {(s.day, s.start): s.end for s in build_slots(mission)}
    for m in meetings:
        slot_times.setdefault((m.day, m.start), m.end)
    booked = Counter((m.day, m.start) for m in meetings if m.interpreter)
    used = Counter((m.day, m.start) for m in meetings)
    interp_rows = []
    table_rows = []
    # A slot when the whole mission, or a whole side, is away (an opening ceremony, a
    # site visit) holds no meeting: its tables and interpreters are not capacity (the
    # occupancy was understated, a second reader).
    closed = {
        (d, s)
        for (d, s), e in slot_times.items()
        for u in agenda.unavailability
        if u.participant in (GROUP_ALL, GROUP_EXPORTERS, GROUP_BUYERS)
        and u.day == d
        and u.start < e
        and s < u.end
    }
    # Before the re-plan, a slot had what its meetings used if more (the tables or
    # interpreters lowered since: Monday read "2 of 1, 200 %"; a tester). Not up to the
    # horizon: the meetings still to come within the notice period are kept where they
    # are, over the new limit, and the coordinator must see it (an ill interpreter's
    # Thursday read "3 of 3, 100 %" with 2 left; a cron week's tester).
    horizon = summary_horizon(agenda.summary, mission.timezone) and planned_at(agenda)
    total_interp = total_tables = 0
    for (d, s), e in sorted(slot_times.items()):
        usable = (d, s) not in closed
        n_interp, n_tables = (mission.interpreters, mission.tables) if usable else (0, 0)
        if horizon is not None and datetime.combine(d, s) < horizon:
            n_interp, n_tables = max(n_interp, booked[(d, s)]), max(n_tables, used[(d, s)])
        total_interp += n_interp
        total_tables += n_tables
        interp_rows.append(
            (
                d.isoformat(),
                hhmm(s),
                hhmm(e),
                booked[(d, s)],
                n_interp,
                _pct(booked[(d, s)], n_interp),
            )
        )
        table_rows.append(
            (d.isoformat(), hhmm(s), hhmm(e), used[(d, s)], n_tables, _pct(used[(d, s)], n_tables))
        )
    interp_rows.append(
        (
            "Total",
            "",
            "",
            sum(booked.values()),
            total_interp,
            _pct(sum(booked.values()), total_interp),
        )
    )
    table_rows.append(
        (
            "Total",
            "",
            "",
            len(meetings),
            total_tables,
            _pct(len(meetings), total_tables),
        )
    )
    interpreters = SummaryTable(
        "Interpreters per slot",
        ("date", "start", "end", "interpreters_booked", "interpreters_available", "load_pct"),
        tuple(interp_rows),
    )
    tables = SummaryTable(
        "Tables per slot",
        ("date", "start", "end", "tables_used", "tables_available", "occupancy_pct"),
        tuple(table_rows),
    )

    # -- worst-off companies: fewest meetings first, then lowest share of requests; a
    # company's meetings under its former ids count as its own (a corrected id was
    # listed with what it held since, and counted as a company that left; a reader).
    now_id = {old: cid for old, cid in agenda.id_now.items() if cid in companies}
    held = Counter()
    for m in meetings:
        for cid in m.key:
            held[now_id.get(cid, cid)] += 1
    unmet = Counter()
    for u in agenda.unscheduled:
        for cid in (u.exporter_id, u.buyer_id):
            unmet[now_id.get(cid, cid)] += 1
    worst = []
    for c in companies.values():
        if c.id in agenda.departed:
            continue
        requests = held[c.id] + unmet[c.id]
        worst.append(
            (
                c.side.value,
                c.id,
                c.name,
                held[c.id],
                unmet[c.id],
                requests,
                # No request, no share: 0 read as "0 % served" (a reader).
                _pct(held[c.id], requests) if requests else None,
            )
        )
    worst.sort(key=lambda r: (r[3], r[6] if r[5] else 100.0, r[0], r[1]))
    worst_table = SummaryTable(
        "Worst-off companies",
        ("side", "id", "company", "meetings", "unmet_requests", "requests", "share_pct"),
        tuple(worst),
    )

    overview = SummaryTable(
        "Overview",
        ("key", "value"),
        (
            ("mission", mission.name),
            ("city", mission.city),
            ("venue", mission.venue),
            ("timezone", mission.timezone),
            ("dates", f"{days[0].isoformat()} to {days[-1].isoformat()}" if days else ""),
            ("exporters", sum(1 for c in agenda.exporters if c.id not in agenda.departed)),
            ("buyers", sum(1 for c in agenda.buyers if c.id not in agenda.departed)),
            ("meetings", len(meetings)),
            ("meetings_with_interpreter", sum(booked.values())),
            ("unscheduled_requests", len(agenda.unscheduled)),
            (
                "companies_without_meeting",
                sum(1 for c in companies if not held[c] and c not in agenda.departed),
            ),
            ("companies_that_left", len(agenda.departed - set(now_id))),
            ("planned_at", str(agenda.summary.get("planned_at", ""))),
            # which agenda a report folder last got (io.report_files: a full report
            # after several re-plans warns only when that was an older one)
            ("calendar_id", calendar_id(agenda)),
            ("calendar_sequence", calendar_sequence(agenda)),
        ),
    )
    return (overview, by_sector, interpreters, tables, worst_table)


def dtstamp_default(mission: Mission) -> datetime:
    """Stamp used when the agenda has no ``planned_at``: the day before the mission."""
    return datetime.combine(mission.first_day - timedelta(days=1), time(0, 0))
