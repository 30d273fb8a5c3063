"""One cell of an agenda read back: its text, and its value parsed (dates, times,
numbers, yes/no, breaks), raising ``ValueError`` when it does not read.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from openpyxl.utils.datetime import from_excel

from asmex_sched.domain import strip_accents
from asmex_sched.io.agenda.layout import _yes_no

#: What a yes/no cell reads as yes or no, in the order a problem lists them: ``Vrai``
#: (French Excel's TRUE typed as text) and a tick (``✔``) were "not yes or no", and the
#: problem did not say what was (a French-speaking coordinator's tester).
_YES = ("yes", "y", "oui", "o", "true", "vrai", "1", "x", "✔", "✓", "☑", "✅")
_NO = ("no", "n", "non", "false", "faux", "0", "☐")
#: ``locked`` also reads the word of its header (docs/agenda.md: ``Verrouillé``,
#: ``Locked?``) as yes, and its opposite as no.
_LOCK_YES = ("verrouillé", "locked")
_LOCK_NO = ("déverrouillé", "unlocked")
_TRUE_WORDS = frozenset(_YES)
_FALSE_WORDS = frozenset((*_NO, ""))
_YES_OR_NO = f"yes or no (yes: {', '.join(_YES)}; no: {', '.join(_NO)}, or blank)"
_LOCKED_OR_NOT = (
    f"yes or no (yes: {', '.join(_YES + _LOCK_YES)}; no: {', '.join(_NO + _LOCK_NO)}, "
    "or blank)"
)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    # Not decode_breaks: the agenda reads back what plan wrote, and an id holding the
    # text '_x000D_' (from a CSV roster) became another id (a fourth reader).
    return str(value).strip()


def _split(value: object) -> tuple[str, ...]:
    # ";" only: the writer joins with "; " and a sector name may contain a comma.
    return tuple(p.strip() for p in _text(value).split(";") if p.strip())


def _round_minute(t: time | datetime) -> time:
    seconds = t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6
    minutes = round(seconds / 60)
    if not 0 <= minutes < 24 * 60:
        raise ValueError
    return time(minutes // 60, minutes % 60)


_TIME_RE = re.compile(r"^(\d{1,2})[:hH.](\d{2})(?::(\d{2}))?$")


def _time_in_date(value: object) -> time | None:
    """The time of day typed with a date in a date cell, to the second: as a cell, a
    serial number with a fraction, or text in any ISO form (``2025-11-10T14:00``,
    ``20251110T140000``, ``2025-11-10t1400``: a reader found each read as the day
    alone) or after a day-first date (``14:00``); None for none."""
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value % 1:
        return (datetime(2000, 1, 1) + timedelta(days=value % 1)).time()
    if not isinstance(value, str):
        return None
    text = value.strip()
    with contextlib.suppress(ValueError):
        if len(text) > 10:
            return datetime.fromisoformat(text).time()
    at = _TIME_AFTER_DATE.search(text)
    if at and int(at[1]) < 24 and int(at[2]) < 60:
        return time(int(at[1]), int(at[2]))
    return None


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


#: A time after a date in a date cell's text ('2025-11-10 14:00').
_TIME_AFTER_DATE = re.compile(r"[\sT](\d{1,2})[:hH](\d{2})")  # ISO's 'T' too (a reader)

#: The dates a spreadsheet program gives a time of day alone (its day 0 or 1).
_EXCEL_TIME_DATES = frozenset((date(1899, 12, 30), date(1899, 12, 31), date(1900, 1, 1)))


def _text_date_time(value: object) -> datetime | None:
    """A date and a time typed as text in one cell (``14/11/2025 16:30``,
    ``2025-11-14T16:30``), as a spreadsheet program shows a date-time cell; None for
    anything else."""
    if not isinstance(value, str):
        return None
    parts = re.split(r"[\sT]+", value.strip(), maxsplit=1)
    if len(parts) != 2 or not (match := _TIME_RE.match(parts[1].strip())):
        return None
    try:
        day = _parse_date(parts[0])
    except (ValueError, OverflowError):
        return None
    if int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return datetime.combine(day, time(int(match.group(1)), int(match.group(2))))


def _parse_start(value: object) -> time:
    """A meeting's start: :func:`_parse_time`, or the time of a date and time typed as
    text (its date checked against the row's ``date``): the text form was refused as
    "not a time" where the same value as a date-time cell was read (a hand-editing
    tester)."""
    typed = _text_date_time(value)
    return typed.time() if typed is not None else _parse_time(value)


def _parse_time(value: object) -> time:
    """``09:30`` / ``9:30`` / ``09:30:00`` text, or an Excel time or fraction of a day."""
    if isinstance(value, datetime):
        return _round_minute(value)
    if isinstance(value, time):
        return _round_minute(value)
    if isinstance(value, timedelta):
        return _round_minute(datetime(2000, 1, 1) + value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        return _round_minute(datetime(2000, 1, 1) + timedelta(days=float(value)))
    match = _TIME_RE.match(_text(value))
    if not match:
        raise ValueError
    h, m = int(match.group(1)), int(match.group(2))
    return time(h, m)


#: What a date cell may hold, as :func:`_parse_date` reads it (the messages said
#: "YYYY-MM-DD" alone; a fresh coordinator's test).
_A_DATE = "a date (YYYY-MM-DD or DD/MM/YYYY)"


def _parse_date(value: object) -> date:
    """ISO text ``2025-11-10``, day-first ``10/11/2025`` (as the roster accepts it, and
    as a spreadsheet program shows a retyped date), or an Excel date (cell or serial)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        parsed = from_excel(value)
        if isinstance(parsed, datetime):
            return parsed.date()
        raise ValueError
    text = _text(value)
    day_first = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if day_first:
        return date(int(day_first[3]), int(day_first[2]), int(day_first[1]))
    try:
        return date.fromisoformat(text)
    except ValueError:
        return datetime.fromisoformat(text).date()


def _parse_int(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value)
    # '5.0' as text, as a CSV round trip writes a whole number (the float 5.0 was read)
    if not re.fullmatch(r"[+-]?\d+(\.0*)?", text):
        raise ValueError
    return int(text.split(".")[0])


def _parse_float(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        return float(value)
    return float(_text(value).replace(",", "."))


def _says_no(value: object) -> bool:
    """Whether a yes/no cell reads as no (blank included); a word that is neither is not."""
    try:
        return not _parse_lock(value)
    except ValueError:
        return False


def _parse_bool(value: object) -> bool:
    """yes/no, true/false, 1/0, oui/non, vrai/faux, a tick (:data:`_YES`,
    :data:`_NO`); blank is no."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = _text(value).replace("\ufe0f", "").lower()  # '✔️': the emoji's variation
    if text in _TRUE_WORDS:
        return True
    if text in _FALSE_WORDS:
        return False
    raise ValueError


def _parse_lock(value: object) -> bool:
    """A ``locked`` cell: :func:`_parse_bool`, or ``verrouillé``/``locked`` (yes) and
    ``déverrouillé``/``unlocked`` (no), accents or not: 'verrouillé' was "not yes or
    no" (a French-speaking coordinator's tester)."""
    word = strip_accents(_text(value)).lower()
    if word in {strip_accents(w) for w in _LOCK_YES}:
        return True
    if word in {strip_accents(w) for w in _LOCK_NO}:
        return False
    return _parse_bool(value)


def _parse_breaks(value: object) -> tuple[tuple[time, time], ...]:
    out: list[tuple[time, time]] = []
    for part in _split(value):
        start, sep, end = part.partition("-")
        if not sep:
            raise ValueError
        s, e = _parse_time(start.strip()), _parse_time(end.strip())
        if not s < e:
            raise ValueError
        out.append((s, e))
    return tuple(out)


def _int_at_least(minimum: int) -> Callable[[object], int]:
    """A whole-number parser that also rejects values below ``minimum``."""

    def check(value: object) -> int:
        n = _parse_int(value)
        if n < minimum:
            raise ValueError
        return n

    return check


def _priority(value: object) -> int:
    n = _parse_int(value)
    if n not in (1, 2, 3):
        raise ValueError
    return n
