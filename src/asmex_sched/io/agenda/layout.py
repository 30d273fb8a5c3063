"""The agenda's layout: its sheet and column names, the Mission sheet's settings, the
sector palette, the agenda format, and the text forms of days, times and yes/no the
sheets hold (written by :mod:`.write`, read back by :mod:`.read`).
"""

from __future__ import annotations

from datetime import date, time

SUMMARY = "Summary"
MEETINGS = "Meetings"
EXPORTERS = "Exporters"
BUYERS = "Buyers"
UNSCHEDULED = "Unscheduled"
CHANGES = "Changes"
MISSION = "Mission"
#: The roster's unavailability, so that each company's agenda can show its other
#: commitments (the mission's, its side's, its own) and the breaks' company.
UNAVAILABILITY = "Unavailability"
UNAVAILABILITY_COLUMNS: tuple[str, ...] = ("participant", "date", "start", "end", "reason")
#: Hidden copy of ``Meetings`` as ``plan`` wrote it (same columns): what the companies
#: were sent, so that hand edits made since can be announced as changes.
AS_WRITTEN = "As written"

MEETINGS_COLUMNS: tuple[str, ...] = (
    "meeting_id",
    "date",
    "start",
    "end",
    "table",
    "exporter_id",
    "exporter",
    "buyer_id",
    "buyer",
    "priority",
    "requested_by",
    "interpreter",
    "locked",
)
COMPANY_COLUMNS: tuple[str, ...] = (
    "id",
    "company",
    "sectors",
    "languages",
    "delegates",
    "max_meetings",
    "contact",
    "email",
    "phone",
    "wishes",
    "requests",
    "held",
    "share",
    "left_mission",
    "former_ids",
)
UNSCHEDULED_COLUMNS: tuple[str, ...] = (
    "exporter_id",
    "exporter",
    "buyer_id",
    "buyer",
    "priority",
    "requested_by",
    "reason",
    "detail",
)
CHANGES_COLUMNS: tuple[str, ...] = (
    "kind",
    "meeting_id",
    "exporter_id",
    "exporter",
    "buyer_id",
    "buyer",
    "old_date",
    "old_start",
    "old_table",
    "new_date",
    "new_start",
    "new_table",
    "reason",
)
SUMMARY_COLUMNS: tuple[str, ...] = ("key", "value")
MISSION_COLUMNS: tuple[str, ...] = ("setting", "value")
#: Rows of the ``Mission`` sheet: the roster's setting names, one per Mission field.
MISSION_SETTINGS: tuple[str, ...] = (
    "name",
    "city",
    "venue",
    "timezone",
    "first_day",
    "days",
    "day_start",
    "day_end",
    "meeting_minutes",
    "breaks",
    "tables",
    "interpreters",
    "notice_hours",
    "country",  # last: added after agendas were sent (their cells stay where they were)
)

#: Light fills, assigned to sectors in sorted order (cycling when there are more).
SECTOR_PALETTE: tuple[str, ...] = (
    "CFE2F3",  # blue
    "D9EAD3",  # green
    "FFF2CC",  # yellow
    "F4CCCC",  # red
    "D9D2E9",  # purple
    "FCE5CD",  # orange
    "D0E0E3",  # teal
    "EAD1DC",  # pink
    "E6E6E6",  # grey
    "C9F0DD",  # mint
    "FFE0B2",  # apricot
    "DDE8B9",  # olive
)

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_YES, _NO = "yes", "no"


def day_sheet_name(day: date) -> str:
    """Grid sheet name of a mission day, e.g. ``Mon 10 Nov`` (English, locale-free)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def _hhmm(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def _yes_no(flag: bool) -> str:
    return _YES if flag else _NO


#: The agenda workbook's format, the Summary's ``agenda_format``: raised when an agenda
#: this version writes would be misread by the versions before it (a sheet, a column or
#: a value they do not know, or read otherwise). An agenda of a higher format is
#: refused: an older version on a colleague's laptop refused a newer agenda's reason
#: as a bad cell and advised --fresh, or re-planned it dropping what it did not know
#: (an upgrade tester). Agendas written before the key read as format 1.
AGENDA_FORMAT = 1


def newer_format(text: str) -> bool:
    """Whether a Summary ``agenda_format`` (``2``, ``2.0``, ``v2``; a reader) is above
    :data:`AGENDA_FORMAT`; one that does not read is not."""
    try:
        return float(text.strip().lstrip("vV")) > AGENDA_FORMAT
    except ValueError:
        return False
