"""One cell of a roster: the words it is compared by, and its value parsed.

Text is folded (case, accents, look-alike characters) before it is compared with the
names of sheets, columns and settings; dates, times, numbers and the mission's other
values are parsed here, each failure a :class:`_Bad` with the message the reader puts
in front of the file, sheet, row and column.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pandas as pd

from asmex_sched.domain import (
    INVISIBLE,
    Instance,
    Mission,
    RequestedBy,
    Side,
    strip_accents,
    time_zone,
)
from asmex_sched.io.agenda import why_unopenable
from asmex_sched.io.host_calendar import (
    country_candidates,
    country_names,
    read_country,
    zones_of_city,
)
from asmex_sched.io.roster.specs import (
    _END_OF_DAY,
    _EXCEL_EPOCH,
    _REQUESTED_BY_WORDS,
    FIXED,
    HEADER_SEARCH_ROWS,
    MAX_NOTICE_HOURS,
    MAX_TABLES,
    SETTINGS,
    SHEETS,
    SheetSpec,
)
from asmex_sched.io.text_files import _fold, normalize_name

# (_fold, normalize_name: io.text_files, shared with the languages reader)


#: Look-alike characters that e-mail and word processors put in names: dashes (``MA–009``),
#: curly apostrophes (``Simba’s``), zero-width spaces. A name pasted from Outlook did not
#: match the same name typed in Excel.
#: Invisible characters are dropped (asmex_sched.domain.INVISIBLE): an LRM pasted with Arabic
#: or Hebrew text from a web form, 'Atlas Export' with one was planned beside 'Atlas
#: Export' (a multi-script tester); a company name of them alone is blank, as one of
#: spaces (read_companies): '\u200b\u200b' was a company, and a second such name
#: "already used" by the first (a tester).
_LOOK_ALIKES = str.maketrans(
    {**dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
     **dict.fromkeys("\u2018\u2019\u201b\u02bc\u00b4\u0060", "'"),
     **dict.fromkeys("\u201c\u201d\u201e", '"'),
     **dict.fromkeys(INVISIBLE, "")}
)  # fmt: skip


#: Header words of one wish per column, numbered ('Choix 1', 'Wish #2', 'Souhait n°3').
_NUMBERED_WISH_WORDS = frozenset(("choix", "choice", "wish", "souhait", "voeu"))
#: Words that may number something else ('Target 1' of countries, 'Preference 1' of
#: times of day): read as wishes only when they name companies (a second reader).
_NUMBERED_MAYBE_WORDS = frozenset(("preference", "target", "cible", "rdv", "rendezvous"))
#: The other side's word, by sheet: 'Buyer 1' on Exporters is a wish; on Buyers it is
#: the company's own staff (a second reader).
_NUMBERED_SIDE_WORDS = {
    "exporters": frozenset(("buyer", "acheteur", "importer", "importateur")),
    "buyers": frozenset(("exporter", "exportateur")),
}
_NUMBERED_RE = re.compile(r"^(?P<word>.*?)[\s_#.\-]*(?:n\s*[°ºo]\.?\s*|№\s*)?(?P<n>\d{1,2})$")


_WHEN_WORDS = frozenset(
    ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "matin",
     "matinee", "apres", "midi", "soir", "journee", "jour", "monday", "tuesday",
     "wednesday", "thursday", "friday", "saturday", "sunday", "morning", "afternoon",
     "evening", "day", "am", "pm", "janvier", "fevrier", "mars", "avril", "mai", "juin",
     "juillet", "aout", "septembre", "octobre", "novembre", "decembre", "january",
     "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "jan", "feb", "fev", "mar", "apr", "avr", "jun",
     "jul", "juil", "aug", "sep", "sept", "oct", "nov", "dec")
)  # fmt: skip
#: Header words of an event a company attends or not ('Disponible pour le dîner
#: mardi'): its yes/no is no absence from meetings (a second reader).
_EVENT_WORDS = frozenset(
    ("diner", "dinner", "dejeuner", "lunch", "gala", "soiree", "cocktail", "reception",
     "visite", "visit", "excursion", "tour", "ceremonie", "ceremony", "breakfast",
     "petit", "transfert", "transfer", "hotel", "navette", "shuttle")
)  # fmt: skip
#: A date ('11/11', '2025-11-11') or a time ('14h', '9:30', '14h30') in a cell's text.
_WHEN_RE = re.compile(
    r"(?<![\d/.:-])(?:\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?|\d{1,2}\.\d{1,2}\.\d{2,4}|"
    r"\d{4}-\d{1,2}-\d{1,2}|"
    r"\d{1,2}\s*[hH]\s*\d{0,2}|\d{1,2}:\d{2})(?![\d/.:-]?\d)"
)


def _time_of_day(value: object, *, noon: bool = False) -> bool:
    """Whether a cell holds a time of day alone ('11h15', 09:30), not a date and time.
    Not ``midi`` as a column's look: a ``Repas`` of ``midi`` and ``soir`` is a meal,
    no meeting time (:data:`_NOON_WORDS`). Under a header naming a time (``noon``:
    'Heure souhaitée' of ``midi`` among ``indifférent`` cells) it is one: that column was
    ignored without a word where one of ``10h00`` is a problem (a re-check tester)."""
    if isinstance(value, datetime | pd.Timestamp):
        return False
    if isinstance(value, time):
        return True
    if isinstance(value, int | float | date) or _DOT_TIME_RE.match(_text(value)):
        return False
    if _fold(_text(value)) in _NOON_WORDS:  # (midnight: parse_time refuses it, below)
        return noon
    try:
        parse_time(value)
    except _Bad:
        return False
    return True


_LENGTH_WORDS = frozenset(("duree", "duration", "length", "longueur", "minutes", "min"))
#: Header words of a place at the venue ('Stand', 'Booth', 'Salle'): its codes may look
#: like company ids, and are no wishes.
_PLACE_WORDS = frozenset(
    ("stand", "booth", "salle", "room", "hall", "pavillon", "pavilion", "bureau", "office",
     "emplacement", "location", "zone")
)  # fmt: skip
#: Header words of a wished time ('Heure souhaitée', 'Créneau', 'Time slot').
_TIME_HEADER_WORDS = frozenset(("heure", "horaire", "creneau", "time", "slot", "hour"))
#: Header words of a note, whatever it mentions.
_NOTE_WORDS = frozenset(
    ("note", "notes", "comment", "comments", "commentaire", "commentaires", "remarque",
     "remarques", "observation", "observations", "memo", "suivi")
)  # fmt: skip
#: Header words of a meeting set at a time ('RDV fixé', 'Fixed meeting', 'RDV confirmé').
_FIXED_WORDS = frozenset(
    ("fixe", "fixes", "fixee", "fixees", "fixed", "confirme", "confirmes", "confirmed",
     "booked", "prebooked", "impose", "imposes")
)  # fmt: skip
_TIME_IN_TEXT = re.compile(r"(?<![\d/.:])\d{1,2}\s*(?:[hH]\s*\d{0,2}|:\d{2})(?![\d/.:]?\d)")
_DATE_IN_TEXT = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}")


def _dates_in(value: object, year: int) -> list[date]:
    """The dates a cell holds ('KQ 101 09/11 06:30' in ``year``, '2025-11-09', a date
    cell); [] when none can be read."""
    if isinstance(value, datetime | pd.Timestamp):
        return [date(value.year, value.month, value.day)]
    if isinstance(value, date):
        return [value]
    out = []
    text = _text(value)
    for y, m, d in re.findall(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        with contextlib.suppress(ValueError):
            out.append(date(int(y), int(m), int(d)))
    for d, m, y in re.findall(r"(?<![\d-])(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?", text):
        with contextlib.suppress(ValueError):
            full = int(y) + 2000 if y and len(y) == 2 else int(y) if y else year
            out.append(date(full, int(m), int(d)))
    return out


#: Header words of a meal ('Heure du repas', 'Lunch time'): its ``midi`` is a meal, no
#: meeting time, whatever else the header names (a second reader).
_MEAL_WORDS = frozenset(
    ("repas", "meal", "meals", "lunch", "dejeuner", "diner", "dinner", "breakfast",
     "souper", "brunch")
)  # fmt: skip
#: Cell values of no preference beside a wished time ('indifférent', 'peu importe',
#: 'any'; a cell of punctuation alone, '-' or '?', too), as names are compared.
_NO_PREFERENCE = frozenset(
    normalize_name(w)
    for w in ("indifférent", "indifférente", "indifferent", "peu importe", "n'importe",
              "n'importe quand", "sans préférence", "pas de préférence", "aucune",
              "aucune préférence", "égal", "flexible", "libre", "any", "any time",
              "anytime", "no preference", "none", "whenever", "tbc", "tbd", "n/a", "na",
              "nc", "à définir", "à confirmer", "-", "?")
)  # fmt: skip


def _noon_is_time(label: str, cells: Sequence[object]) -> bool:
    """Whether ``midi`` is a time in an unknown column under a header naming a time:
    only when every other filled cell is a time or says no preference (``Heure
    souhaitée`` of ``midi`` among ``indifférent`` cells). A period or a meal beside it
    (``Créneau préféré`` of ``matin``, ``midi``, ``après-midi``; ``soir``) or a meal in
    the header (``Heure du repas``, ``Lunch time``) says the column is no meeting time:
    such rosters were refused once ``midi`` was enough (a second reader)."""
    if set(_words(label)) & _MEAL_WORDS:
        return False
    return all(
        _holds_time(v, noon=True) or normalize_name(_text(v)) in _NO_PREFERENCE
        for v in cells
        if not _is_blank(v)
    )


def _holds_time(value: object, *, noon: bool = False) -> bool:
    """Whether a cell holds a time of day, alone or in words ('10h00', '10h00-11h00',
    'mardi 10h00'), not a date and time; ``midi`` too under a header naming a time
    (``noon``, :func:`_time_of_day`)."""
    if isinstance(value, datetime | pd.Timestamp | date):
        return False
    return _time_of_day(value, noon=noon) or (  # a form's timestamp as text is no time
        isinstance(value, str)
        and bool(_TIME_IN_TEXT.search(value))
        and not _DATE_IN_TEXT.search(value)
    )


def _table_number(value: object) -> bool:
    """Whether a cell holds a table number (a whole number from 1 to MAX_TABLES)."""
    if isinstance(value, bool):
        return False
    try:
        number = float(_text(value).replace(",", "."))
    except ValueError:
        return False
    return number.is_integer() and 1 <= number <= MAX_TABLES


#: Priority levels in words, as a coordinator types them.
_PRIORITY_LEVELS = frozenset(
    ("haute", "haut", "elevee", "eleve", "moyenne", "moyen", "basse", "bas", "faible",
     "high", "medium", "low", "urgent", "normal", "normale", "p1", "p2", "p3", "p4", "p5",
     "1er", "2e", "3e", "premier", "second", "troisieme", "first", "third")
)  # fmt: skip


def _looks_like_priority(value: object) -> bool:
    """Whether a cell holds a rank or a level: a whole number up to 100, or a level in
    words ('Haute', 'High', 'P1')."""
    if _table_number(value) and float(_text(value).replace(",", ".")) <= 100:
        return True
    return normalize_name(_text(value)) in _PRIORITY_LEVELS


def _says_when(value: object) -> bool:
    """Whether a cell holds a date, a time or a day ('11/11/2025', 'mardi matin',
    '14h'); not any digit ('Olive oil 500 t', 'AF 812', a budget: a second reader)."""
    if isinstance(value, date | time | datetime | pd.Timestamp):
        return True
    if isinstance(value, int | float):  # a count, a budget ('Samples available' 2)
        return False
    text = _text(value)
    words = _words(text)
    return (
        bool(_WHEN_RE.search(text))
        or bool(set(words) & _WHEN_WORDS)
        or any(re.fullmatch(r"[jd]\d{1,2}", w) for w in words)  # 'J2', 'D3'
    )


def _numbered_wish(label: str, sheet: str) -> tuple[str, int, bool] | None:
    """A numbered wish column's header on sheet ``sheet``: its word ('Choix 1' ->
    'choix', its family), its rank (1), and whether its word alone says it holds
    wishes (the other side's: 'Buyer 1' on Exporters) rather than maybe ('Target 1' may
    hold countries); else ``None``."""
    found = _NUMBERED_RE.match(label.strip())
    if found is None:
        return None
    word = normalize_name(found["word"])
    words = {word, word.rstrip("s")}
    if words & (_NUMBERED_SIDE_WORDS.get(sheet, frozenset()) | _NUMBERED_WISH_WORDS):
        # 'Choix 1' of misspelt names or numeric ids is still wishes: said per name,
        # never dropped whole as "naming no company" (a second reader)
        return word.rstrip("s"), int(found["n"]), True
    if words & _NUMBERED_MAYBE_WORDS:
        return word.rstrip("s"), int(found["n"]), False
    return None


#: The names Excel gives a table's columns typed past its header ('Colonne1',
#: 'Column2'): no header of the coordinator's (a wish there was lost; a tester).
_AUTO_HEADER = re.compile(r"^(?:colonne|column|col|spalte)\s*\d+$", re.IGNORECASE)


def _no_header(cell: object) -> bool:
    return _is_blank(cell) or bool(_AUTO_HEADER.match(_text(cell)))


def ref_key(text: str) -> str:
    """Key of a company reference: case, accents, whitespace and look-alike characters
    dropped (punctuation kept). ``report --company`` matches ids by it too."""
    return re.sub(r"\s+", "", strip_accents(str(text).translate(_LOOK_ALIKES)).casefold())


def _how_alike(text: str, other: str) -> str:
    """Why two references :func:`ref_key` takes as one are, when they print apart or
    alike: ``'ÉX' is already used by 'ÉX'`` could not be understood (the accent typed
    as one character in one, as a letter and a combining accent in the other, as
    Macs and some web forms paste it; a tester)."""
    if text == other:
        return ""
    if unicodedata.normalize("NFC", text) == unicodedata.normalize("NFC", other):
        return (
            " (the two look the same but their accents are encoded differently, one "
            "pasted from a Mac or a web form: retype one of them)"
        )
    # the look-alikes ref_key folds too: 'MA–1' (an en dash) against 'MA-1', L’Atlas
    # against L'Atlas, 'Proﬁl' (a ligature pasted from a PDF) against Profil (a reader)
    return (
        " (they are compared without case, accents, spaces, invisible characters, the kind "
        "of dash or quote, or ligatures such as ﬁ)"
    )


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float) and math.isnan(value):
        return True
    return value is pd.NaT


def _text(value: object) -> str:
    """A cell as stripped text (integral floats without ``.0``)."""
    if _is_blank(value):
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | pd.Timestamp):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    return str(value).strip()


def _header_label(cell: object) -> str:
    """A header cell as messages quote it, and problems name its column: its line breaks
    and runs of spaces as one space. ``Nb\ndélégués`` broke a message's line where it
    named the column, and was quoted ``'Nb\\ndélégués'`` (a second reader); it is
    read as a space already (:func:`_header_undecorated`)."""
    return " ".join(_text(cell).split())


#: The notes a header may carry that never change what its column holds, left out
#: when the header is no column's name with them: the column's kind of key
#: (``ID\n(code)``: dropped with a warning, the ids of the sheet lost, a QA tester) or
#: whether it is required (``Raison sociale (obligatoire)``), on the header's line or
#: on a line of its own. A closed list: any other note is part of the name, whatever
#: its line (a line break reads as a space), since it may say another unit, order or
#: scope: ``Priorité\n(3 = très important)`` was read as ``priority``, 3 the most
#: wanted request planned as the least, and ``Max RDV\n(par jour)`` as a cap over
#: the mission (a QA tester).
HEADER_NOTES: tuple[str, ...] = (
    "code", "obligatoire", "requis", "required", "mandatory", "optionnel",
    "facultatif", "optional", "option", "champ obligatoire", "champ facultatif",
)  # fmt: skip
_HEADER_NOTE_RE = re.compile(
    r"\s*\((?i:" + "|".join(n.replace(" ", r"\s+") for n in HEADER_NOTES) + r")\)\s*"
)


def _header_undecorated(label: str) -> str:
    """``label`` without the notes of :data:`HEADER_NOTES`, its lines joined."""
    return _HEADER_NOTE_RE.sub(" ", label.replace("\r", "")).strip()


def _alias_map(names: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for canonical, aliases in names:
        for alias in (canonical, *aliases):
            out[normalize_name(alias)] = canonical
    return out


_SETTING_KEYS = _alias_map((s.name, s.aliases) for s in SETTINGS)
_SHEET_KEYS = _alias_map((s.key, (s.name, *s.aliases)) for s in SHEETS)


def _words(text: str) -> list[str]:
    return re.findall(r"[0-9a-z]+", _fold(str(text)))


def _holds_words(words: Sequence[str], want: Sequence[str]) -> bool:
    """Whether ``want`` stands in ``words``, in a row (``['heure', 'de', 'fin']`` in the
    words of ``Heure de fin prévue``)."""
    return bool(want) and any(
        list(words[i : i + len(want)]) == list(want) for i in range(len(words) - len(want) + 1)
    )


#: Words of a sheet name that say it holds wanted meetings (unread_sheets_of_wishes).
_WISH_WORDS = frozenset(
    ("wish", "wishes", "wishlist", "souhait", "souhaits", "souhaite", "souhaites", "choice",
     "choices", "choix", "preference", "preferences", "preferred", "request", "requests",
     "demande", "demandes", "rdv", "rendez", "wanted", "voeux", "vœux", "matchmaking",
     "targets", "cibles", "form", "forms", "responses", "formulaire", "formulaires",
     "reponses")
)  # fmt: skip
#: Header words of a record of meetings (an agenda's copy), not of wishes.
_RECORD_WORDS = frozenset(
    ("date", "day", "jour", "start", "time", "heure", "debut", "slot", "creneau", "table",
     "meeting_id", "held")
)  # fmt: skip
#: Rows of an unread sheet looked at for wishes (a large sheet is not read through).
_WISH_ROWS = 200

#: Words of a sheet name that say it is not the one to read.
_NOT_THIS_SHEET = frozenset(
    ("old", "ancien", "ancienne", "anciens", "archive", "archives", "backup", "copy",
     "copie", "draft", "brouillon", "test", "not", "pas", "obsolete", "previous")
)  # fmt: skip


#: Headers of the Fixed sheet's time and table columns: under these in Requests, a
#: meeting's promised time was dropped without a word (a tester).
_FIXED_TIME_COLUMNS = frozenset(
    normalize_name(spelling)
    for col in FIXED.columns
    if col.name in ("start", "table")
    for spelling in (col.name, *col.aliases)
)
_FIXED_TABLE_COLUMNS = frozenset(
    normalize_name(spelling)
    for col in FIXED.columns
    if col.name == "table"
    for spelling in (col.name, *col.aliases)
)
_FIXED_DATE_COLUMNS = frozenset(
    normalize_name(spelling)
    for col in FIXED.columns
    if col.name == "date"
    for spelling in (col.name, *col.aliases)
)
#: Header words of a Requests column of priorities under another name (a tester:
#: 'Importance', 'Poids', 'Rang' dropped without a word, every request at priority 2).
_PRIORITY_WORDS = frozenset(
    ("priority", "priorities", "priorite", "priorites", "prio", "importance", "poids",
     "weight", "weights", "rang", "rank", "ranking", "urgence", "urgency", "niveau",
     "level")
)  # fmt: skip
#: The Fixed sheet's own names, as a company sheet's column header.
_FIXED_SHEET_NAMES = frozenset(normalize_name(n) for n in (FIXED.name, *FIXED.aliases))
#: Header words that, with a day in the header ('Présent le 10/11'), say attendance.
_PRESENCE_WORDS = frozenset(
    ("present", "presents", "presente", "presence", "attending", "attendance", "here")
)
#: Header words of a company sheet's column of absences ('Indisponibilités', 'Absent
#: le', 'Not available'), dropped without a word (a tester): they go in Unavailability.
_ABSENCE_WORDS = frozenset(
    ("indisponibilite", "indisponibilites", "indisponible", "indisponibles", "indispo",
     "unavailable", "unavailability", "unavailabilities", "absent", "absents", "absence",
     "absences", "disponibilite", "disponibilites", "availability", "available",
     "disponible", "disponibles", "arrivee", "arrival", "depart", "departure", "dispo",
     "dispos", "libre", "libres")
)  # fmt: skip


#: Header words of a company sheet's column of its registration's status ('Statut',
#: 'Participation', 'Confirmation', 'Annulé ?'): not read, so said when its values
#: differ (a newcomer's tester: a company marked 'Annulé' was planned with all its
#: meetings). Its values are not interpreted: readers found every reading of them
#: missing some ('Refusé', 'Ne participe pas', 'Annulation: oui') or misreading others
#: ('Non annulé', 'Forfait payé', 'Declined invitation to dinner').
_STATUS_WORDS = frozenset(
    ("statut", "status", "participation", "participe", "presence", "present", "presente",
     "confirmation", "confirme", "confirmee", "inscription", "registration", "annulation",
     "annule", "annulee", "cancellation", "cancelled", "canceled", "attendance",
     "attending", "attend", "desistement", "vient", "coming")
)  # fmt: skip
#: Header words of statuses of something else than coming ('Statut juridique',
#: 'Confirmation e-mail envoyé', 'Participation aux frais').
_OTHER_STATUS_WORDS = frozenset(
    ("juridique", "legal", "paiement", "payment", "paye", "paid", "frais", "fee", "fees",
     "email", "mail", "vol", "flight", "hotel", "visa", "badge", "financiere", "financial",
     "tva", "vat", "societe", "company")
)  # fmt: skip


#: Header words of the times a company is free, not away ('Disponibilités').
_AVAILABLE_WORDS = frozenset(
    ("disponibilite", "disponibilites", "availability", "available", "disponible",
     "disponibles", "dispo", "dispos", "availabilities", "free", "libre", "libres")
)  # fmt: skip
#: Words that turn them round ('Non disponible', 'Not available', 'Pas dispo').
_NOT_WORDS = frozenset(("not", "non", "pas", "no", "un", "in", "ne"))


def _sheets_named(words: Sequence[str]) -> set[str]:
    """The roster sheets whose name or an alias stands in ``words``."""
    return {
        spec.key
        for spec in SHEETS
        for spelling in (spec.name, *spec.aliases)
        if _holds_words(words, _words(spelling))
    }


def _sheet_key_in(name: str) -> str | None:
    """The sheet that a longer sheet or file name names in so many words: ``Nairobi
    2025 - Requests`` (a Google Sheets download), ``Requests (1)``, ``unavailability_final``,
    ``Liste des acheteurs``; ``None`` when it names none, or more than one (``Exporters'
    requests``). Such files and sheets were ignored without a word (a second reader).

    A download's ``Title - Sheet`` (or ``–``): the part after the last dash is the
    sheet when it is a sheet's name, a browser's `` (1)`` aside (not when it only holds
    one: ``Registered buyers - Mission Nairobi`` is the buyers; a second reader),
    unless the part before it is itself a sheet's name
    (``Indisponibilités - Acheteurs`` names two: taken as the buyers, an unavailability
    sheet's rows were lost; a second reader), so that a title naming a sheet does not
    make every file of the download ambiguous (``Mission économique Abidjan 2026 -
    Exportateurs``, ``Rencontres acheteurs Nairobi 2026 - Exporters``: all refused; a
    fresh coordinator's test, a second reader). Otherwise ``Mission`` beside one other
    sheet is a title's word (``Buyers - Mission Nairobi``)."""
    words = _words(name)
    if set(words) & _NOT_THIS_SHEET:
        return None  # 'Old requests', 'Requests - do not use', 'Requests (copy)'
    parts = re.split(r"\s+[-–—]\s+", name)
    if len(parts) > 1:
        head, tail = " - ".join(parts[:-1]), re.sub(r"\s*\(\d+\)$", "", parts[-1])
        in_tail = _SHEET_KEYS.get(normalize_name(tail))
        if in_tail is not None and _SHEET_KEYS.get(normalize_name(head)) is None:
            return in_tail
    found = _sheets_named(words)
    if len(found) > 1:
        found.discard("mission")
    return found.pop() if len(found) == 1 else None


#: Words of a sheet's name that say which company sheet it is, where its name is no
#: near miss of one. Not aliases: a fair's own list of exhibitors ('Exposants') beside
#: the roster's 'Exportateurs ASMEX' took the exporters' place, and a re-plan cancelled
#: every meeting as "left the mission" (a second reader).
_SIDE_WORDS = {"exhibitor": "Exporters", "exhibitors": "Exporters", "visitor": "Buyers",
               "visitors": "Buyers", "exposant": "Exporters", "exposants": "Exporters",
               "visiteur": "Buyers", "visiteurs": "Buyers"}  # fmt: skip


#: The rank of a sheet read under a longer name that names it (:func:`_sheet_key_in`).
_WORDS_RANK = 99


def _spec(key: str) -> SheetSpec:
    return next(s for s in SHEETS if s.key == key)


def _sheet_rank(name: str, key: str) -> int:
    """0 for a sheet's documented name, 1 for its French name, then its other aliases
    in their order; :data:`_WORDS_RANK` for a longer name that names it."""
    spec = _spec(key)
    spellings = [normalize_name(n) for n in (spec.name, *spec.aliases)]
    name_key = normalize_name(name)
    return spellings.index(name_key) if name_key in spellings else _WORDS_RANK


def _sheet_keys(names: Sequence[str]) -> dict[str, str | None]:
    """Each sheet's (or CSV file's) key: its documented name or alias first; else the
    roster sheet it names in so many words (:func:`_sheet_key_in`), unless a sheet of
    that exact name exists (``Exporters (old)`` beside ``Exporters`` is a copy).

    Two longer names of one sheet both get it, and the reader refuses the pair: the
    first in file-name order took it and the other was "ignored: did you mean
    'Mission'?", so that of two Google Sheets downloads, ``… - Buyers (1).csv`` (the
    stale one) was read over ``… - Buyers.csv`` (a CSV-folder tester)."""
    keys: dict[str, str | None] = {n: _SHEET_KEYS.get(normalize_name(n)) for n in names}
    taken = {k for k in keys.values() if k}
    for n in names:
        if keys[n] is None:
            key = _sheet_key_in(n)
            if key is not None and key not in taken:
                keys[n] = key
    return keys


def _unopenable(path: Path, exc: Exception) -> str:
    """Why a workbook cannot be opened, in a coordinator's words."""
    try:
        head = path.read_bytes()[:100]
    except OSError as err:
        return f"cannot read this file: {err.strerror or err}"
    return why_unopenable(head, exc)


class _Bad(ValueError):
    """A cell that does not parse; the message is shown to the user."""


def _fmt(t: time) -> str:
    return f"{t:%H:%M}"


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _from_minutes(m: int) -> time:
    return time(m // 60, m % 60)


#: ``14h30mn``, ``14 h 30 min``: minutes with their unit, as a French coordinator types
#: them, were "not a time" (a French-speaking coordinator's tester).
_MINUTES_UNIT = r"(?:\s*(?i:mn|mins?|m))?"
#: The hours' mark: ``h``, or the word, ``9 heures``, ``14 heures 30``, ``1 heure``,
#: refused as "a text of 8 characters" where ``9h`` is read (a QA tester).
_HOURS_MARK = r"(?i:heures?|h)"
_TIME_RE = re.compile(
    rf"^(\d{{1,2}})\s*(?::\s*(\d{{2}})(?::(\d{{2}}(?:\.\d+)?))?|{_HOURS_MARK}\s*(?:(\d{{2}}){_MINUTES_UNIT})?)$"
)
#: ``midi``: noon, 12:00, as a French coordinator types it (``noon``, ``midday`` in
#: English), was "not a time" (a French-speaking coordinator's tester). ``minuit`` and
#: ``midnight`` are no meeting time (a day ends by 23:59): refused, saying what to type.
_NOON_WORDS = frozenset(("midi", "noon", "midday"))
_MIDNIGHT_WORDS = frozenset(("minuit", "midnight"))
#: A time in words, where :data:`_TIME_RANGE_RE` and :data:`_TIME_WORD_RE` look for one:
#: the two sets, not a third copy of their words (a tester).
_TIME_IN_WORDS = "|".join(sorted(_NOON_WORDS | _MIDNIGHT_WORDS))
#: What to type for midnight, where it is refused (``minuit``, ``24:00``, ``vers
#: minuit``): one text, not one per message (a tester).
_MIDNIGHT_ADVICE = "23:59 for the end of a day, 00:00 for a start"
#: ``vers 14h``, ``environ 14h``, ``14h env.``, ``à peu près 14h``, ``around 2pm``,
#: ``~14h``: a time said to be approximate. Read as exact, 'vers 14h' held a meeting at
#: 14:00 sharp, or closed the time from 14:00 on, as if the coordinator had said so (a
#: French-speaking coordinator's tester): refused, saying an exact time is needed. The
#: words as typed (a dot after them optional, a letter with its accent or without),
#: once: :data:`_APPROX_BEFORE_RE`, :data:`_APPROX_AFTER_RE`, the words
#: :data:`_TIME_WORD_RE` reads before them and those an Unavailability cell may hold
#: (``dated._WHEN_WORDS``) were four lists copied by hand, which drifted: 'dès environ
#: 14h' said "approximate time", 'dès à peu près 14h' "not a time" (a tester). Each
#: before the time or after it (``14h à peu près``, where only four were read).
_APPROX_WORDS = (
    "vers", "environ", "env.", "autour de", "aux alentours de", "à peu près", "around",
    "about", "approx.", "approximately", "circa", "~",
)  # fmt: skip


def _spelling_re(words: str) -> str:
    """A regex fragment for ``words`` as typed: any spaces between them, a final dot
    optional (``env.``, ``env``), an accented letter with its accent or without
    (``à peu près``, ``a peu pres``)."""
    return "".join(
        r"\s+" if c == " " else r"\.?" if c == "." else f"[{_fold(c)}{c}]" if _fold(c) != c
        else re.escape(c)
        for c in words
    )  # fmt: skip


#: :data:`_APPROX_WORDS` as a regex fragment, the longest first (``environ`` before
#: ``env``, which would leave ``iron 14h``).
_APPROX_WORDS_RE = "|".join(
    _spelling_re(words) for words in sorted(_APPROX_WORDS, key=len, reverse=True)
)
_APPROX_BEFORE_RE = re.compile(rf"^({_APPROX_WORDS_RE})\s*(.+)$", re.IGNORECASE)
_APPROX_AFTER_RE = re.compile(rf"^(.+?)\s*({_APPROX_WORDS_RE})$", re.IGNORECASE)
#: ``9:30 AM``, ``2:30 PM``, ``2pm``, ``2.30 p.m.``: the 12-hour clock, as an English
#: CSV or a web form writes it (an input tester found it refused with the generic
#: message); the hour 1 to 12, ``12 AM`` midnight and ``12 PM`` noon.
_AM_PM_RE = re.compile(
    r"^(\d{1,2})(?:\s*[:.h]\s*(\d{2})(?::(\d{2}))?)?\s*([ap])\.?\s*m\.?$", re.IGNORECASE
)
#: ``09.00``, ``17.30``: a dot between hours and minutes, as European Excel versions
#: write a time (refused, while ``9.30 am`` was read; a CSV-folder tester). Not
#: ``0.30``, a fraction of a day in text (above), nor a cell's look in the checks of
#: columns holding times (:func:`_time_of_day`: a price ``12.50`` is no time).
_DOT_TIME_RE = re.compile(r"^(\d{1,2})\.(\d{2})$")
#: Two times in one cell (``9h30-10h30``, ``09:30 – 10:30``) where one is expected; a
#: leading ``de``/``from`` and a ``/`` with spaces between them too (``11/11`` is a
#: date): ``de 9h à 17h`` in day_start was told as hours typed per day (a second
#: reader, session 68); ``de midi à 14h`` too.
_A_TIME = (
    rf"(?:\d{{1,2}}\s*(?:(?:[:.]|{_HOURS_MARK})\s*\d{{2}}{_MINUTES_UNIT}|{_HOURS_MARK})?"
    rf"|{_TIME_IN_WORDS})"
)
_TIME_RANGE_RE = re.compile(
    rf"^(?:(?:de|from)\s+)?{_A_TIME}(?:\s*(?:[-–—]|to|à|a)\s*|\s+/\s+){_A_TIME}$",
    re.IGNORECASE,
)


def parse_time(value: object) -> time:
    """``9:00``, ``09:00``, ``9h00``, ``9h``, ``14h30mn``, ``midi``, an Excel time
    (``time``, fraction of a day) or a ``datetime``; rounded to the minute."""
    if isinstance(value, bool):
        raise _Bad(f"{value!r} is not a time")
    if isinstance(value, datetime | pd.Timestamp):
        if value.year > 1900 and value.time() == time(0, 0):
            # A date typed where the time goes was read as 00:00 (a second reader);
            # times past 24 h, which Excel stores on its first days, are times.
            raise _Bad(
                f"{value.date().isoformat()} is a date, not a time (expected HH:MM, e.g. "
                "09:30; the date goes in the date column)"
            )
        value = value.time()
    if isinstance(value, time):
        seconds = value.second + value.microsecond / 1e6
        total = round(value.hour * 60 + value.minute + seconds / 60)
        if total >= 24 * 60:
            return _END_OF_DAY
        return _from_minutes(total)
    if isinstance(value, int | float):
        if 0 <= value < 1:
            total = round(value * 24 * 60)
            return _END_OF_DAY if total >= 24 * 60 else _from_minutes(total)
        raise _Bad(f"{_text(value)!r} is not a time (expected HH:MM, e.g. 09:30)")
    text = _text(value)
    if re.fullmatch(r"0?[.,]\d+", text):
        # A time cell exported as its fraction of a day, in text ('0.375' for 09:00: a
        # CSV of a time column in General format; the other-apps tester), when it lands
        # on five minutes: '0.30' (07:12) or '0.45' (10:48) may mean 00:30 or 0h45, and
        # were read so silently (a reader).
        minutes = float(text.replace(",", ".")) * 24 * 60
        if abs(minutes - round(minutes)) < 0.05 and round(minutes) % 5 == 0:
            return parse_time(float(text.replace(",", ".")))
    elif (m := _DOT_TIME_RE.match(text)) and int(m.group(1)) < 24 and int(m.group(2)) < 60:
        return time(int(m.group(1)), int(m.group(2)))
    if _fold(text) in _NOON_WORDS:
        return time(12, 0)
    if _fold(text) in _MIDNIGHT_WORDS:
        raise _Bad(
            f"{text!r} is midnight, no meeting time: type {_MIDNIGHT_ADVICE} (a meeting "
            "cannot end at midnight)"
        )
    m = _TIME_RE.match(text)
    if m:
        hours = int(m.group(1))
        minutes = int(m.group(2) or m.group(4) or 0)
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
        if hours == 24 and minutes == 0:  # a day to midnight (a programme tester)
            raise _Bad(
                f"{text!r} is midnight, no meeting time: type {_MIDNIGHT_ADVICE} (a "
                "meeting cannot end at midnight)"
            )
    if (m := _AM_PM_RE.match(text)) and int(m.group(2) or 0) < 60 > int(m.group(3) or 0):
        hours, minutes = int(m.group(1)), int(m.group(2) or 0)
        if 1 <= hours <= 12:  # '2:30:00 PM' as Google Sheets and US Excel write it
            return time(hours % 12 + (12 if m.group(4).lower() == "p" else 0), minutes)
        raise _Bad(
            f"{text!r} is not a time: on the 12-hour clock the hour is 1 to 12 (expected "
            "HH:MM, e.g. 09:30 or 14:30)"
        )
    if _TIME_RANGE_RE.match(text):
        # not "each in its own column": Fixed has no end, day_start is a row (a reader)
        raise _Bad(
            f"{text!r} is two times where one is expected (HH:MM, e.g. 09:30): type only "
            "the one this cell is for"
        )
    if approximate := _approximate(text):
        word, meant = approximate
        raise _Bad(
            f"{text!r} is an approximate time ({word!r}): an exact time is needed (HH:MM, "
            + (f"e.g. {_fmt(meant)})" if meant else
               f"not midnight, no meeting time: {_MIDNIGHT_ADVICE})")
        )  # fmt: skip
    raise _Bad(f"{text!r} is not a time (expected HH:MM, e.g. 09:30)")


def _approximate(text: str) -> tuple[str, time | None] | None:
    """The word that says ``text`` is an approximate time and the time it gives
    (``('vers', 14:00)`` for ``vers 14h``, :data:`_APPROX_BEFORE_RE`); ``None`` when it
    says none, or the rest is no time (``vers 9h75`` is "not a time"). Midnight gives
    the word and ``None``: 'vers minuit' was "not a time", where its word is the
    first thing to correct (a second reader)."""
    for regex, word_at, time_at in ((_APPROX_BEFORE_RE, 1, 2), (_APPROX_AFTER_RE, 2, 1)):
        if found := regex.match(text):
            if _fold(found.group(time_at).strip()) in _MIDNIGHT_WORDS:
                return found.group(word_at), None
            try:
                return found.group(word_at), parse_time(found.group(time_at))
            except _Bad:
                return None
    return None


#: A word before a time, as a span is written: ``de 14h30`` (``dès``, ``du``,
#: ``à partir de``, ``from``, ``starting``) starts it, ``jusqu'à 15h30`` (``au``,
#: ``to``, ``until``, ``till``) ends it, ``à 15h30`` (``at``) is either end; the words
#: :func:`parse_breaks` reads around a dash (a French-speaking coordinator's tester:
#: 'de 14h30' in Début and 'à 15h30' in Fin were refused; a re-check tester: 'à partir
#: de 14h30' was called the reason, and 'au 15h30' refused while 'du 14h30' read).
_TIME_WORD_RE = re.compile(
    r"^([aà]\s+partir\s+de|starting(?:\s+(?:at|from))?|de|d[eè]s|du|from|au|[aà]|at|to"
    rf"|until|till|jusqu['’]\s*[aà])\s+(?=\d|~|(?:{_TIME_IN_WORDS}|{_APPROX_WORDS_RE})\b)(.*)$",
    re.IGNORECASE,
)
_STARTING_WORDS = frozenset(
    ("de", "des", "du", "from", "apartirde", "starting", "startingat", "startingfrom")
)
_ENDING_WORDS = frozenset(("to", "until", "till", "jusqua", "au"))


def parse_span_time(value: object, side: str, other: str | None) -> time:
    """:func:`parse_time` for the ``side`` (``start`` or ``end``) of a span, a leading
    word read (``de 14h30``, ``à 15h30``): the time after it, when the word says that
    side or either; a word of the other side is refused, naming the column it goes in
    (``other``, as its header is written; ``None`` when the sheet has none, as Fixed
    has no end): 'de 14h' in the end column read as an end would have closed the
    morning instead of the afternoon."""
    try:
        return parse_time(value)
    except _Bad:
        text = _text(value)
        found = _TIME_WORD_RE.match(text) if isinstance(value, str) else None
        if found is None:
            raise
    word = re.sub(r"[^a-z]", "", _fold(found.group(1)))
    said = "start" if word in _STARTING_WORDS else "end" if word in _ENDING_WORDS else side
    if said != side:
        raise _Bad(
            f"{text!r} is {'a start' if said == 'start' else 'an end'} "
            f"({found.group(1)!r}), typed where the {side} goes"
            + (f": the {said} goes in the {other} column" if other else
               f": type the {side} here")
        )  # fmt: skip
    try:
        return parse_time(found.group(2))
    except _Bad as exc:  # said of the cell as typed ('de 14h à 15h': two times)
        raise _Bad(str(exc).replace(repr(found.group(2)), repr(text), 1)) from None


_DMY_RE = re.compile(
    # midnight on the 12-hour clock too, as SharePoint and .NET export a date (a reader);
    # a year of two digits, 20yy, as Excel's dd/mm/yy short date is saved as CSV (a
    # CSV-folder tester)
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})"
    r"(?:[ T](?:00:00(?::00)?|12:00(?::00)?\s*(?i:am)))?$"
)
#: Months and weekdays by name, in English and French (folded, abbreviations too): a
#: date in words, ``10-Nov-2025``, ``11 Nov 2025``, ``10 novembre 2025``, ``Tuesday,
#: November 11, 2025``, was "not a date" (a CSV-folder tester).
_MONTH_NAMES = {
    name: n
    for n, names in enumerate(
        (("january", "jan", "janvier", "janv"), ("february", "feb", "fevrier", "fevr", "fev"),
         ("march", "mar", "mars"), ("april", "apr", "avril", "avr"), ("may", "mai"),
         ("june", "jun", "juin"), ("july", "jul", "juillet", "juil"),
         ("august", "aug", "aout"), ("september", "sep", "sept", "septembre"),
         ("october", "oct", "octobre"), ("november", "nov", "novembre"),
         ("december", "dec", "decembre")),
        start=1,
    )
    for name in names
}  # fmt: skip
_WEEKDAY_NAMES = {
    name: n
    for n, names in enumerate(
        (("monday", "mon", "lundi", "lun"), ("tuesday", "tue", "tues", "mardi", "mar"),
         ("wednesday", "wed", "mercredi", "mer"), ("thursday", "thu", "thur", "thurs",
         "jeudi", "jeu"), ("friday", "fri", "vendredi", "ven"),
         ("saturday", "sat", "samedi", "sam"), ("sunday", "sun", "dimanche", "dim"))
    )
    for name in names
}  # fmt: skip


def _date_in_words(text: str) -> date | None:
    """A date with its month by name: day first (``10-Nov-2025``, ``11 Nov 2025``, ``1er
    novembre 2025``, ``12-Nov-25``, Excel's d-mmm-yy) or month first (``November 11,
    2025``, the year in full), a weekday before it or not; ``None`` for another text.
    A weekday that is not the date's is refused (which of the two is meant?)."""
    if not re.fullmatch(r"[^\W_]+\.?(?:[\s,/-]+[^\W_]+\.?)*", text.strip()):
        return None
    words = _words(text)
    weekday = _WEEKDAY_NAMES.get(words[0]) if len(words) == 4 else None
    if weekday is not None:
        words = words[1:]
    if len(words) != 3:
        return None
    day_first = re.fullmatch(r"(\d{1,2})(?:er|st|nd|rd|th)?", words[0])
    month_first = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", words[1])
    if day_first and words[1] in _MONTH_NAMES and re.fullmatch(r"\d{4}|\d{2}", words[2]):
        day, month = int(day_first.group(1)), _MONTH_NAMES[words[1]]
    elif month_first and words[0] in _MONTH_NAMES and re.fullmatch(r"\d{4}", words[2]):
        day, month = int(month_first.group(1)), _MONTH_NAMES[words[0]]
    else:
        return None
    year = int(words[2]) + (2000 if len(words[2]) == 2 else 0)
    try:
        found = date(year, month, day)
    except ValueError as exc:
        raise _Bad(f"{text!r} is not a valid date ({exc})") from None
    return _on_weekday(text, found, weekday)


def _on_weekday(text: str, found: date, weekday: int | None) -> date:
    """``found``, when ``weekday`` (typed before it, or ``None``) is its weekday; a
    weekday that is not the date's is refused (which of the two is meant?)."""
    if weekday is not None and weekday != found.weekday():
        raise _Bad(
            f"{text!r} is not a date it can be: {found.isoformat()} is a "
            f"{found.strftime('%A')}; correct the day or the weekday"
        )
    return found


#: ``le 11 novembre 2025``, ``mardi 11/11/2025``: a leading ``le``, and a weekday
#: before a date in digits, as a French coordinator writes a day (a French-speaking
#: coordinator's tester: refused with the generic hint, though ``mardi 11 novembre
#: 2025`` was read); the weekday is checked against the date.
_LE_RE = re.compile(r"^\s*le\s+", re.IGNORECASE)
_WEEKDAY_DIGITS_RE = re.compile(r"\s*([^\W\d_]+)\.?,?\s+(?:le\s+)?(\d[\d/.-]*\d)\s*", re.IGNORECASE)


def _without_weekday(text: str) -> tuple[str, int | None]:
    """``text`` without a leading ``le`` and a weekday before a date in digits, and
    that weekday (``None`` when there is none): ``('11/11/2025', 1)`` for ``mardi
    11/11/2025``. A weekday before a month by name is :func:`_date_in_words`'s."""
    bare = _LE_RE.sub("", text)
    found = _WEEKDAY_DIGITS_RE.fullmatch(bare)
    if found and (words := _words(found.group(1))) and words[0] in _WEEKDAY_NAMES:
        return found.group(2), _WEEKDAY_NAMES[words[0]]
    return bare.strip(), None


def _no_year(text: str) -> str:
    """What a date typed without its year (``11 novembre``, ``11/11``, ``Nov 11``) or
    as a mission day's number (``J2``, ``day 2``) lacks, or ``""``: they got "not a
    date" alone (a French-speaking coordinator's tester). A weekday before a month by
    name (``mercredi 12 novembre``, ``Wednesday 12 November``) lacks it too: that was
    "not a date" alone, while ``mercredi 12/11`` was told (a re-check tester).
    Excel completes a date typed without its year in a cell with the current year;
    this is a text cell or CSV."""
    words = _words(text)
    if len(words) == 3 + (words[1:2] == ["le"]) and words[0] in _WEEKDAY_NAMES:
        words = words[-2:]  # 'mercredi 12 novembre', 'mercredi le 12 novembre'
    day = month = 0
    if re.fullmatch(r"\s*\d{1,2}[/.-]\d{1,2}\s*", text):
        day, month = (int(n) for n in re.findall(r"\d+", text))
    elif len(words) == 2 and words[1] in _MONTH_NAMES and (
        m := re.fullmatch(r"(\d{1,2})(?:er|st|nd|rd|th)?", words[0])
    ):
        day, month = int(m.group(1)), _MONTH_NAMES[words[1]]
    elif len(words) == 2 and words[0] in _MONTH_NAMES and (
        m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", words[1])
    ):
        day, month = int(m.group(1)), _MONTH_NAMES[words[0]]
    elif re.fullmatch(r"[jd]\d{1,2}", "".join(words)) or (
        len(words) == 2 and words[0] in ("jour", "day") and words[1].isdigit()
    ):
        return "a mission day by its number is not read (type its date, DD/MM/YYYY)"
    if 1 <= day <= 31 and 1 <= month <= 12:
        return f"the year is missing (type it too: {day:02d}/{month:02d}/YYYY)"
    return ""

# Midnight with milliseconds and an offset too: '2025-11-10T00:00:00.000Z', as web forms
# and JavaScript export a date (the other-apps tester); any other time stays refused
# ('2025-11-09T23:00:00.000Z' is a local 10 November written in UTC: which day is meant
# cannot be told).
_ISO_RE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$"
)


_DATE_TIME_RE = re.compile(
    r"^(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{1,2}-\d{1,2})[ T]\d{1,2}[:hH]\d{2}"
)


def _a_date(year: int, month: int, day: int) -> bool:
    """Whether the three make a date (a swap of day and month is suggested only then:
    '02/30/2025' was told "it is 30/02/2025"; a reader)."""
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def parse_date(value: object, epoch: date = _EXCEL_EPOCH) -> date:
    """ISO ``2025-11-10``, ``10/11/2025`` (day first), an Excel date or serial number
    (days since ``epoch``: the workbook's date system,
    :func:`.raw._workbook_epoch`)."""
    if isinstance(value, bool):
        raise _Bad(f"{value!r} is not a date")
    with_time = (
        "has a time of day; a date cell holds the date alone (in Unavailability and "
        "Fixed, a time goes in the start column)"
    )
    if isinstance(value, datetime | pd.Timestamp):
        if (value.hour, value.minute, value.second) != (0, 0, 0):
            raise _Bad(f"{_text(value)} {with_time}")  # it blocked the whole day, silently
        return date(value.year, value.month, value.day)
    if isinstance(value, date):
        return value
    text = _text(value)
    serial: float | None = None
    if isinstance(value, int | float):
        serial = float(value)
    elif re.fullmatch(r"\d{5}(?:\.\d+)?", text):
        serial = float(text)
    if serial is not None:
        if 1 <= serial < 2958466:
            if round((serial % 1) * 24 * 60):
                raise _Bad(f"{text} (an Excel date and time) {with_time}")
            return epoch + timedelta(days=int(serial))
        raise _Bad(f"{text!r} is not a date (expected YYYY-MM-DD or DD/MM/YYYY)")
    bare, weekday = _without_weekday(text)
    try:
        if m := _ISO_RE.match(bare):
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if month > 12 >= day and _a_date(year, day, month):
                raise _Bad(
                    f"{text!r} is not a valid date: YYYY-MM-DD is year, month, day, and "
                    f"there is no month {month}: did you mean {year}-{day:02d}-{month:02d}?"
                )
            return _on_weekday(text, date(year, month, day), weekday)
        if m := _DMY_RE.match(bare):
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            year += 2000 if len(m.group(3)) == 2 else 0
            if month > 12 >= day and _a_date(year, day, month):
                # '11/13/2025' typed month first, as an American form or Excel in
                # English (US) writes it: "month must be in 1..12" said nothing of the
                # order (an input tester)
                raise _Bad(
                    f"{text!r} is not a valid date: dates are read day first (DD/MM/YYYY), "
                    f"and there is no month {month}; typed month first, it is "
                    f"{month:02d}/{day:02d}/{year} (or {year}-{day:02d}-{month:02d})"
                )
            return _on_weekday(text, date(year, month, day), weekday)
        if found := _date_in_words(bare):
            return found
    except _Bad:
        raise
    except ValueError as exc:
        raise _Bad(f"{text!r} is not a valid date ({exc})") from None
    if _DATE_TIME_RE.match(text):  # '10/11/2025 14:00' typed as text (a reviewer)
        raise _Bad(f"{text} {with_time}")
    if lacks := _no_year(bare):
        raise _Bad(f"{text!r} is not a date: {lacks}")
    raise _Bad(f"{text!r} is not a date (expected YYYY-MM-DD or DD/MM/YYYY)")


def _parse_number(value: object) -> float:
    if isinstance(value, bool):
        raise _Bad(f"{value!r} is not a number")
    if isinstance(value, int | float):
        return float(value)
    text = _text(value).replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise _Bad(f"{_text(value)!r} is not a number") from None
    if not math.isfinite(number):
        raise _Bad(f"{_text(value)!r} is not a number")
    return number


def parse_int(value: object, minimum: int) -> int:
    """A whole number ``>= minimum``; ``3.0`` counts as 3."""
    try:
        number = _parse_number(value)
    except _Bad:
        raise _Bad(f"{_text(value)!r} is not a whole number") from None
    if not number.is_integer():
        raise _Bad(f"{_text(value)!r} is not a whole number")
    if number < minimum:
        raise _Bad(f"{_text(value)} must be at least {minimum}")
    return int(number)


#: A table named with its word before its number (:func:`parse_table`).
_TABLE_WORDS_RE = re.compile(
    r"\s*(?:(?:tables?|tbl|t)\s*\.?\s*)?(?:(?:n\.?\s*[°º]|№|no\.?|num(?:[ée]ro)?\.?|#)\s*)?"
    r"(\d+(?:[.,]0+)?)\s*",
    re.IGNORECASE,
)


def parse_table(value: object) -> int:
    """A table number, ``Table 1``, ``T1``, ``Table n°1`` and ``#1`` read as 1: they were
    refused as "not a whole number" (a QA tester); so are ``Nº1``, the ordinal sign a
    Spanish or Portuguese keyboard types, and ``№1`` (``Nº2`` was refused where ``N°2``
    was read; a QA tester). Only one number, after a table's word or none: ``Salle 2``
    or ``T1-T2`` are refused, saying what to type."""
    if isinstance(value, str) and (found := _TABLE_WORDS_RE.fullmatch(value)):
        value = found[1]
    try:
        return parse_int(value, 1)
    except _Bad as bad:
        if isinstance(value, str) and not re.fullmatch(r"\s*[\d.,]+\s*", value):
            raise _Bad(
                f"{value!r} is not a table number: type the number alone (e.g. 3; "
                "'Table 3' and 'T3' are read too)"
            ) from None
        raise bad


def _list(text: str) -> list[str]:
    """A ``;`` list, or one item per line (Alt+Enter in an Excel cell): a wish list typed
    one per line was "unknown company 'B1\\nB2'" (a second reader)."""
    return re.split(r"[;\n]", text)


def parse_breaks(value: object) -> tuple[tuple[time, time], ...]:
    """``10:30-10:45; 12:30-14:00`` (``;``, ``,`` or a new line, Alt+Enter in Excel,
    between breaks; ``à`` or ``to`` for the dash, ``de 12h30 à 14h00``)."""
    text = _text(value)
    out: list[tuple[time, time]] = []
    for part in re.split(r"[;,\n]", text):
        part = part.strip()
        if not part:
            continue
        # '10h30 à 10h45', 'de 12h30 à 14h00', '12:30 to 14:00' as well (a fresh
        # coordinator's test: only the dash was read).
        part = re.sub(r"^(?:de|from)\s+", "", part, flags=re.IGNORECASE)
        pieces = re.split(r"\s*[-–—]\s*|\s+(?:à|a|to|until|jusqu['’]à)\s+", part,
                          flags=re.IGNORECASE)  # fmt: skip
        if len(pieces) != 2:
            raise _Bad(
                f"break {part!r} is not HH:MM-HH:MM (or HH:MM à HH:MM)"
                # two breaks with a space between them (a programme tester)
                + ("; separate breaks with ; or ," if len(pieces) > 2 else "")
            )
        try:
            start, end = parse_time(pieces[0]), parse_time(pieces[1])
        except _Bad:
            raise _Bad(f"break {part!r} is not HH:MM-HH:MM (or HH:MM à HH:MM)") from None
        if start >= end:
            raise _Bad(
                f"break {part!r} ends before it starts"
                # 12:30-1:30 for 12:30-13:30 (a reader)
                + (
                    f"; if the afternoon was meant, type 24-hour times "
                    f"({_fmt(time(end.hour + 12, end.minute))}, not {_fmt(end)})"
                    if end.hour < 12 and start < time(end.hour + 12, end.minute)
                    else ""
                )
            )
        out.append((start, end))
    return tuple(sorted(out))


def _alias_rank(spec: SheetSpec, column: str) -> dict[str, int]:
    """Each spelling of a column (normalised) -> its rank: 0 for the documented name,
    then the aliases in their order (``ColumnSpec.aliases``)."""
    col = next(c for c in spec.columns if c.name == column)
    rank: dict[str, int] = {}
    for i, spelling in enumerate((col.name, *col.aliases)):
        rank.setdefault(normalize_name(spelling), i)
    return rank


#: Words of a contact's e-mail or phone column ('Contact mail', 'Tél du contact').
_EMAIL_WORDS = frozenset(("email", "mail", "courriel", "e"))
_PHONE_WORDS = frozenset(("tel", "telephone", "phone", "number", "numero", "mobile", "gsm",
                          "whatsapp", "portable", "cell"))  # fmt: skip
#: Words of a header that say its column holds phones whatever else it says ('Tél
#: délégué', 'WhatsApp délégué'): :data:`_PHONE_WORDS` without the number's words
#: ('Delegates (number)' is a count).
_PHONE_HEADER_WORDS = (_PHONE_WORDS - {"number", "numero"}) | {
    "tels", "telephones", "phones", "mobiles", "portables", "cellphone", "cellphones"}


def _near_miss(label: str, known: Iterable[tuple[str, Iterable[str]]]) -> str:
    """The documented name that an unknown sheet or column name looks like a slip for
    (``Request``, ``Wish list``, ``Nb délégués``, ``Heure de fin prévue``), or ``""``.

    The closest spelling wins, not the first that is close: ``Heure de fin prévue``
    holds ``Heure de fin`` (end) and starts like ``Heure de début`` (start), and was
    said to look like start (a second reader). Holding a spelling's words counts most
    (the longer the better), then a similar spelling; a short name (``fin``, ``max``)
    counts as a whole word of the label. A tie between two documented names gives
    ``""``."""
    text = normalize_name(label)
    if text in {"instructions", "notes", "note", "comments", "commentaires"}:
        return ""
    words = _words(label)
    best: dict[str, float] = {}
    for name, spellings in known:
        for spelling in spellings:
            other = normalize_name(spelling)
            want = _words(spelling)
            score = 0.0
            if len(other) >= 5 and _holds_words(words, want):
                # its words among the label's: 'Wish-list (buyers)', 'Heure de fin
                # prévue' (not a letter run inside a word: 'preference' holds
                # 'reference', and 'Table preference' was said to look like id)
                score = 2 + len(other) / 100
            elif len(other) >= 4 and len(text) >= 4:
                ratio = difflib.SequenceMatcher(None, text, other).ratio()
                if ratio >= 0.8:
                    score = 1 + ratio / 10
                elif len(want) == 1 and other.startswith(text):
                    score = 0.6  # an abbreviation of a one-word name: 'Prio' for priority
            elif len(other) == 3 and other in words:
                score = 0.4
            best[name] = max(best.get(name, 0.0), score)
    # A form's head count ('Nombre de participants', 'Number of attendees') was ignored
    # without a word (a tester): said to look like delegates, the meetings held at once.
    if (
        set(words) & {"participants", "participant", "attendees", "personnes", "persons",
                      "people", "representants", "representatives"}
        and set(words) & {"nombre", "number", "nb", "nbr", "how", "combien", "count"}
        and "delegates" in best
    ):  # fmt: skip
        best["delegates"] = 3.0
    # A contact's e-mail or phone is an e-mail or a phone: 'Contact email' was said to
    # look like 'contact', and the e-mail dropped (a tester).
    # ('Contact tel', 'Tél du contact', 'Contact number', 'Contact mail' too; a reader)
    if best.get("contact", 0) >= 2:
        for name, marks in (("email", _EMAIL_WORDS), ("phone", _PHONE_WORDS)):
            if name in best and (best[name] >= 2 or set(words) & marks):
                best[name] = max(best[name], 2.5)
                best.pop("contact", None)
    # A header of phones is no count of delegates: 'Tél délégués' was said to look like
    # delegates (a second reader).
    if set(words) & _PHONE_HEADER_WORDS:
        best.pop("delegates", None)
    ranked = sorted(((v, k) for k, v in best.items() if v > 0), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return ""
    return ranked[0][1]


def _setting_meant(label: str) -> tuple[str, str]:
    """The setting an unknown ``Mission`` row's name looks like a slip for, and the
    spelling of it nearest to the name (``Pause``: ``breaks``, ``pauses``; ``Durée
    RDV``: ``meeting_minutes``, ``durée rendez-vous``; its French name when the
    setting's own is nearest), or ``("", "")``: they got the list of every setting in
    English, without a hint (a tester). A spelling in the singular or the plural
    first (``Premiers jours`` is first_day, though it holds the word ``jours``), then
    as a column header is matched (:func:`_near_miss`), then with ``RDV`` spelt out,
    as the French spellings write it."""
    singular = {_singular(a): s.name for s in SETTINGS for a in (s.name, *s.aliases)}
    meant = singular.get(_singular(label), "")
    known = [(s.name, (s.name, *s.aliases)) for s in SETTINGS]
    for text in (label, re.sub(r"(?i)\brdv\b", "rendez-vous", label)):
        if meant := meant or _near_miss(text, known):
            break
    else:
        return "", ""
    spec = next(s for s in SETTINGS if s.name == meant)
    near = max((spec.name, *spec.aliases), key=lambda a: difflib.SequenceMatcher(
        None, normalize_name(text), normalize_name(a)).ratio())  # fmt: skip
    return meant, spec.aliases[0] if near == spec.name else near


def _singular(text: str) -> str:
    """A name's words without a plural's final s (``premiers jours``: ``premierjour``)."""
    return "".join(w.removesuffix("s") if len(w) > 3 else w for w in _words(text))


_TOTALS_RE = re.compile(
    r"(grand |sous )?totals?( general| generaux)?|totaux|sub ?totals?|sum|somme|"
    r"\d+ (exporters|exportateurs|buyers|acheteurs|companies|entreprises|societes)"
)


def _repeated_header(
    values: Mapping[str, object], keys: Mapping[str, str]
) -> tuple[str, list[str]] | None:
    """The column of the first cell of a row that reads as a column name of its sheet,
    and those cells (``keys``, names and aliases in any language: the header of a
    second export pasted below), when they are more than half of the row's filled
    cells, and either three or more, or two under their own columns (a Requests header
    of two columns); else ``None``. A sparse row of data may hold two such words
    elsewhere: a company 'Maximum' of sector 'Industries', a request by 'Exportateur'
    marked `acheteur` (a second reader)."""
    filled = {c: _text(v) for c, v in values.items() if not _is_blank(v)}
    heads = {c: t for c, t in filled.items() if normalize_name(t) in keys}
    own = sum(1 for c, t in heads.items() if keys[normalize_name(t)] == c)
    if 2 * len(heads) <= len(filled) or not (len(heads) >= 3 or own >= 2):
        return None
    return next(iter(heads)), list(heads.values())


def _totals_row(given_id: str, name: str) -> bool:
    """A row that sums the table (``Total``, ``40 exportateurs``) with no id of its own,
    or Excel's table total row (``Total`` in the first column, the id, and no name)."""
    def plain(text: str) -> str:
        return re.sub(r"[\s:_-]+", " ", strip_accents(text).casefold()).strip()

    if name and not given_id:
        return bool(_TOTALS_RE.fullmatch(plain(name)))
    return bool(given_id and not name and _TOTALS_RE.fullmatch(plain(given_id)))


def _unpadded(key: str) -> set[str]:
    """The forms of ``key`` with the leading zeros of its numbers dropped, with its
    signs and, when it has Latin letters or digits, without them (``KE10`` for
    ``KE-010``; ``KE-2025-7`` for ``KE-2025-007``: the numbers dropped first, they
    would merge; a reader); no empty form (an Arabic name is no match for '???')."""
    kept = re.sub(r"\d+", lambda m: str(int(m[0])), key.lower())
    return {form for form in (kept, re.sub(r"[^0-9a-z]", "", kept)) if form}


def _with_year(day: date, year: int) -> date | None:
    """``day`` in ``year`` (``None`` for 29 February in a common year)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return None


def _header_index(rows: Sequence[Sequence[object]], keys: Mapping[str, str]) -> int | None:
    """Index of a table sheet's header row: the first non-blank row, unless a title
    (``Liste des exportateurs``, a blank row) stands above it. Then the first of the
    first :data:`HEADER_SEARCH_ROWS` non-blank rows that names two of the sheet's
    columns is the header: such a roster was refused with "missing column" for every
    column, in row 1. A row of group headers above it ('Entreprise' merged over A1:D1,
    'Contact' over G1:I1) names two, but the row under it names as many or more and
    fills more cells (a merged range's value is in its first cell alone): that one is
    the header, as far down as the rows keep doing so. Taken for the header, the group
    row left seven columns "without a header" and the wishes refused (a tester); the
    real header under a group row naming as many was then "a repeated header" to
    delete (a QA tester). A row filling as many cells as the one under it is no group
    row: a first buyer ``B1 | Nile Traders | Industry | Max | Mobile`` names more
    columns than its header ``id | company | Catégorie | Interlocuteur | Joignable
    par`` and was taken for it, the roster refused (a QA tester). The cells counted are
    those under the upper row's span, up to its last filled cell: a group row leaves
    cells blank there, under its merged ranges, while a first company with one more
    value typed past the header's last column (a note under no header) filled more
    cells than its header only there, and was taken for it (a second reader). Past
    that cell, those naming a column count: an organiser's contact block ``Contact |
    Amina Benali | Email | amina@asmex.ma`` above the header names two columns in four
    cells, and the header under it, counted in those four alone, was not taken (a
    re-check tester). And a row whose labels span two or more filled cells of the row
    under it (a label repeated, ``Entreprise`` typed in A–F rather than merged, as
    pandas writes two-level columns to CSV, or followed by blanks, merged) is a group
    row over it, whatever the counts: the repeated labels filled as many cells as the
    header, taken for it, "duplicates column 'Entreprise'" (a re-check tester).
    ``None`` for a blank sheet."""
    filled = [i for i, r in enumerate(rows) if not all(map(_is_blank, r))]
    if not filled:
        return None

    def column(cell: object) -> str | None:
        # as the header is read: a documented note (`(obligatoire)`) dropped (a second
        # reader: a header of such names under a title row named none, the title taken)
        text = _text(cell)
        return keys.get(normalize_name(text)) or keys.get(normalize_name(_header_undecorated(text)))

    def named(i: int) -> int:
        return len(set(map(column, rows[i])) - {None})

    def span(i: int) -> int:
        return 1 + max(p for p, c in enumerate(rows[i]) if not _is_blank(c))

    def cells(i: int, span: int) -> int:
        # up to ``span``; past it, the cells that name a column
        return sum(
            not _is_blank(c) and (p < span or column(c) is not None) for p, c in enumerate(rows[i])
        )

    def grouped(upper: int, lower: int) -> bool:
        # a label of ``upper``, with its repeats and the blanks after it up to the next
        # label (its last filled cell the end), over two filled cells of ``lower``
        label, under = None, 0
        for p in range(span(upper)):
            above = rows[upper][p]
            if not _is_blank(above) and _text(above) != label:
                label, under = _text(above), 0
            if label is not None and p < len(rows[lower]) and not _is_blank(rows[lower][p]):
                under += 1
                if under >= 2:
                    return True
        return False

    search = filled[:HEADER_SEARCH_ROWS]
    for n, i in enumerate(search):
        if named(i) >= 2:
            while (
                n + 1 < len(search)
                and named(search[n + 1]) >= named(i)
                and (grouped(i, search[n + 1]) or cells(search[n + 1], span(i)) > cells(i, span(i)))
            ):
                n, i = n + 1, search[n + 1]
            return i
    return filled[0]


#: Words of a ``Mission`` header row (the template's, in English and French).
MISSION_HEADER_WORDS = frozenset(
    normalize_name(w)
    for w in ("setting", "settings", "paramètre", "paramètres", "value", "values", "valeur",
              "valeurs", "notes", "remarques")
)  # fmt: skip


def _mission_header(cells: Sequence[object]) -> bool:
    """Whether a ``Mission`` row is its header: column A or B holds one of
    :data:`MISSION_HEADER_WORDS`."""
    return any(normalize_name(_text(c)) in MISSION_HEADER_WORDS for c in cells[:2])


def _column_letter(pos: int) -> str:
    """Spreadsheet letter of a 0-based column position (0 -> A, 26 -> AA)."""
    letters = ""
    pos += 1
    while pos:
        pos, rest = divmod(pos - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _article(side: Side) -> str:
    return "an" if side == Side.EXPORTER else "a"


@functools.cache
def _zone_spellings() -> dict[str, str]:
    from zoneinfo import available_timezones

    return {z.casefold(): z for z in available_timezones()}


def _parse_timezone(value: object) -> str:
    """An IANA time zone, whatever its case, in its own spelling (``africa/abidjan`` was
    refused, though setting names are read whatever theirs; a fresh coordinator's
    test; on a case-blind file system it was accepted as typed, and written so in the
    calendars' TZID; code review)."""
    text = _text(value)
    spelled = _zone_spellings().get(text.casefold())
    if spelled is not None:
        return spelled
    if time_zone(text) is None:
        # 'Dakar', 'Afrique/Dakar': the zone of that city, when one is (the message
        # offered Nairobi; a newcomer's tester)
        zones = sorted(zones_of_city(text.rsplit("/", 1)[-1]))
        hint = f"did you mean {zones[0]!r}?" if len(zones) == 1 else "e.g. Africa/Nairobi"
        raise _Bad(f"{text!r} is not an IANA time zone ({hint})")
    return text


def _parse_country(value: object) -> str:
    """The host country: an ISO 3166 code or a name in English or French, or ``none``."""
    text = _text(value)
    code = read_country(text)
    if code is None and (could := country_candidates(text)):
        names = country_names()
        raise _Bad(
            f"{text!r} could be "
            + " or ".join(f"{c} ({names.get(c, c)})" for c in could)
            + ": type the ISO code"
        )
    if code is None:
        raise _Bad(
            f"{text!r} is not a country: type its ISO 3166 code (KE, EG, MA) or its "
            "name in English or French (Kenya, Égypte), or none for no weekend and "
            "holiday check"
        )
    return code


def _at_most(number: int, limit: int) -> int:
    if number > limit:
        raise _Bad(f"{number} is more than the {limit} allowed")
    return number


#: A meeting's length typed with its unit: ``30 min``, ``45 mn``, ``1h``, ``1 h 30``,
#: ``0:45``.
_MINUTES_TYPED = re.compile(
    r"(?:(?P<h>\d+)\s*(?:h|hr|hrs|hours?|heures?)"
    r"(?:\s*(?P<hm>[0-5]?\d)\s*(?:min|mins|mn|minutes?|m)?)?"
    r"|(?P<c>\d+):(?P<cm>[0-5]\d)(?::00)?"
    r"|(?P<m>\d+)\s*(?:min|mins|mn|minutes?|m|')?)",
    re.IGNORECASE,
)


def _parse_minutes(value: object) -> int:
    """``meeting_minutes``: a whole number of minutes, or a length typed with its unit
    (``30 min``, ``1h``) or as a time (``0:30``, an Excel time cell). A time cell read
    "'00:30:00' is not a whole number", ``30 min`` the same, with no word of what was
    expected (a programme tester)."""
    if isinstance(value, time):
        if value.second or value.microsecond:
            raise _Bad(f"{_text(value)!r} is not a whole number of minutes (e.g. 30)")
        return parse_int(value.hour * 60 + value.minute, 1)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not float(value).is_integer():
            raise _Bad(f"{_text(value)!r} is not a whole number of minutes (e.g. 30)")
        return parse_int(value, 1)
    found = _MINUTES_TYPED.fullmatch(_text(value).strip())
    if found is None:
        try:
            return parse_int(value, 1)
        except _Bad:
            raise _Bad(f"{_text(value)!r} is not a whole number of minutes (e.g. 30)") from None
    if found["h"] is not None:
        minutes = int(found["h"]) * 60 + int(found["hm"] or 0)
    elif found["c"] is not None:
        minutes = int(found["c"]) * 60 + int(found["cm"])
    else:
        minutes = int(found["m"])
    return parse_int(minutes, 1)


#: The units a Mission count may be typed with, each setting's own word in French and
#: English (:func:`_unit_dropped`), the accents and a plural's ``s`` aside.
_SETTING_UNITS: dict[str, tuple[str, frozenset[str]]] = {
    "days": ("days", frozenset(("jour", "jours", "j", "day", "days", "d"))),
    "tables": ("tables", frozenset(("table", "tables"))),
    "interpreters": ("interpreters", frozenset(
        ("interprete", "interpretes", "interpreter", "interpreters"))),
    "notice_hours": ("hours", frozenset(("h", "hr", "hrs", "heure", "heures", "hour", "hours"))),
}  # fmt: skip


#: The least value of each setting of :data:`_SETTING_UNITS` (as :func:`parse_int` and
#: :func:`_parse_notice` are given it).
_SETTING_LEAST: dict[str, int] = {"days": 1, "tables": 1, "interpreters": 0, "notice_hours": 0}


#: Units of time a Mission count of days or hours may be typed in, by their length in
#: hours (:func:`_unit_dropped`), the accents and a plural's ``s`` aside.
_HOURS_IN_UNIT: dict[str, float] = {
    **dict.fromkeys(("min", "mins", "mn", "minute", "minutes"), 1 / 60),
    **dict.fromkeys(("h", "hr", "hrs", "heure", "heures", "hour", "hours"), 1),
    **dict.fromkeys(("j", "jour", "jours", "d", "day", "days"), 24),
    **dict.fromkeys(("sem", "semaine", "semaines", "wk", "week", "weeks"), 24 * 7),
}  # fmt: skip


def _unit_dropped(value: object, setting: str) -> object:
    """A Mission count typed with its setting's own unit, its number alone: ``2 jours``
    for ``days``, ``3 tables``, ``1 interprète``, ``12h`` for ``notice_hours`` were
    refused as "not a whole number" (a QA tester). Another unit is refused saying which
    the setting counts, and what to type: a time of another unit converted (``2 jours``
    of notice: type 48; ``30 min``: type 0.5; ``48 h`` of days: type 2), since "type
    the number of hours alone (e.g. 2)" had the coordinator type a 2-hour notice for 2
    days (a QA tester). The number typed is given back as the example only when the
    unit starts with the setting's own (``2 jours ouvrés``); a cell of no unit is
    returned as it is. A number below the setting's least (``-2 jours`` of notice) is
    refused as such, as the number alone is: "type -48" had the coordinator type a
    negative notice (a second reader)."""
    if not isinstance(value, str):
        return value
    found = re.fullmatch(r"\s*([+-]?\d+(?:[.,]\d+)?)\s*([^\W\d_][^\d]*?)\s*", value)
    if found is None:
        return value
    unit, words = _SETTING_UNITS[setting]
    typed = normalize_name(found[2])
    if typed in words:
        return found[1]
    said = f"{value.strip()!r} is not a number of {unit}: type the number of {unit} alone"
    first = normalize_name(found[2].split()[0]) if found[2].split() else ""
    least = _SETTING_LEAST[setting]
    number = float(found[1].replace(",", "."))
    if first in words:  # '2 jours ouvrés', '3 tables rondes'
        if number < least:
            raise _Bad(f"{value.strip()} must be at least {least}")
        raise _Bad(f"{said} (e.g. {found[1]})")
    per = _HOURS_IN_UNIT.get(typed)
    if per is not None and setting in ("notice_hours", "days"):
        hours = number * per
        whole = setting != "days" or not hours % 24
        if number < 0 or (whole and hours < least * 24 ** (setting == "days")):
            raise _Bad(f"{value.strip()} must be at least {least}")
        if setting == "days":
            if hours % 24:
                raise _Bad(
                    f"{said} (a mission counts whole days; a day's hours are its "
                    "day_start and day_end)"
                )
            raise _Bad(f"{value.strip()!r} is not a number of days: type {hours / 24:g}")
        shown = round(hours, 2) + 0.0  # not '-0'
        about = "" if abs(shown - hours) < 1e-9 else " (rounded)"
        raise _Bad(f"{value.strip()!r} is not a number of hours: type {shown:g}{about}")
    raise _Bad(said)


def _parse_notice(value: object) -> float:
    number = _parse_number(value)
    if number < 0:
        raise _Bad(f"{_text(value)} must be at least 0")
    if number > MAX_NOTICE_HOURS:
        raise _Bad(f"{_text(value)} hours is more than the {MAX_NOTICE_HOURS} allowed")
    return number


#: Priority levels in words that say which of 1, 2, 3 they are: ``haute`` and ``P1``
#: were refused in the priority column as "must be 1, 2 or 3", though the look-alike
#: column check knows them as priorities (a QA tester). In the priority column itself
#: a level says its direction (``haute`` is the most wanted); a look-alike column's
#: numbers may not (a weight), and stay a problem there.
_PRIORITY_OF_LEVEL = {
    **dict.fromkeys(("haute", "haut", "elevee", "eleve", "high", "urgent", "p1", "1er",
                     "1re", "premier", "premiere", "first"), 1),
    **dict.fromkeys(("moyenne", "moyen", "medium", "normal", "normale", "p2", "2e",
                     "second", "seconde", "deuxieme"), 2),
    **dict.fromkeys(("basse", "bas", "faible", "low", "p3", "3e", "troisieme", "third"), 3),
}  # fmt: skip


def _parse_priority(value: object) -> int:
    number = _PRIORITY_OF_LEVEL.get(normalize_name(_text(value)))
    if number is None:
        try:
            number = parse_int(value, 1)
        except _Bad:
            number = 0
    if number not in (1, 2, 3):
        raise _Bad(
            f"priority {_text(value)!r} must be 1 (most wanted), 2 or 3 (also read: "
            "haute, moyenne, basse; high, medium, low; P1, P2, P3)"
        )
    return number


def _parse_requested_by(value: object) -> RequestedBy:
    found = _REQUESTED_BY_WORDS.get(normalize_name(_text(value)))
    if found is None:
        raise _Bad(
            f"{_text(value)!r} must be exporter, buyer or both (exportateur, acheteur, les deux)"
        )
    return found


def _not_a_mission_day(day: date, mission: Mission, typed: object = None) -> str:
    """``typed``: the cell, quoted as typed beside the date read from it when it was text
    in another form ('11/12/2025' said as 2025-12-11 alone, read day first, was not
    found in the file; a CSV-folder tester)."""
    first, last = mission.dates[0], mission.dates[-1]
    text = _text(typed) if isinstance(typed, str) else ""
    read = f"{text!r} (read {day.isoformat()})" if text and text != day.isoformat() else (
        day.isoformat()
    )  # fmt: skip
    return (
        f"{read} is not a mission day ({first.isoformat()} to {last.isoformat()}, "
        "from the Mission settings first_day and days)"
    )


def _not_a_slot(start: time, day: date | None, instance: Instance) -> str:
    """``day`` ``None`` for a row whose date is not a mission day, or not read (said
    apart): every day has the same slots, so its start is told against them, naming no
    day (a tester saw the start of such a row said only once its date was right)."""
    on = f" on {day.isoformat()}" if day is not None else ""
    starts = [s.start for s in instance.slots if s.day == (day or instance.mission.dates[0])]
    # In a break: said, with the slots either side of it ('13:00' at the start of a
    # 13:00-15:00 break read "nearest: 12:20 or 12:40"; a newcomer's tester).
    pause = next(((a, b) for a, b in instance.mission.breaks if a <= start < b), None)
    if pause is not None:
        before = [t for t in starts if t < pause[0]]
        after = [t for t in starts if t >= pause[1]]
        around = " or ".join(_fmt(t) for t in (before[-1:] + after[:1]))
        return (
            f"{_fmt(start)} is in the break {_fmt(pause[0])}-{_fmt(pause[1])}{on}"
            + (f" (slots start at {around})" if around else "")
        )
    mission = instance.mission
    if starts and start > starts[-1] and _minutes(start) + mission.meeting_minutes > _minutes(
        mission.day_end
    ):
        # past the last slot: not "nearest: 11:10 or 11:35", two earlier slots without
        # a word of why (a programme tester)
        end = _minutes(start) + mission.meeting_minutes
        ends = f"at {_fmt(time(*divmod(end, 60)))}" if end < 24 * 60 else "past midnight"
        return (
            f"{_fmt(start)} is after the last slot of "
            f"{day.isoformat() if day is not None else 'the day'}: a meeting then "
            f"would end {ends}, after day_end {_fmt(mission.day_end)} (the last slot "
            f"starts at {_fmt(starts[-1])})"
        )
    nearest = sorted(sorted(starts, key=lambda t: abs(_minutes(t) - _minutes(start)))[:2])
    hint = " or ".join(_fmt(t) for t in nearest)
    return f"{_fmt(start)} is not a slot start{on} (nearest: {hint})"
