"""The mission's time zone, as the files use it: the zone itself (an unknown one is an
:class:`~asmex_sched.errors.InputError`), the files' stamp in UTC (``DTSTAMP``, the PDF
and workbook dates), and a time (``--now``, the clock's) in the mission's time, and
whether it is before the agenda was planned.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from asmex_sched.domain import Agenda, in_real_order, time_zone, up_to_the_minute
from asmex_sched.errors import InputError
from asmex_sched.report import CompanyAgenda, dtstamp_default


def _mission_time(agenda: Agenda, moment: datetime) -> datetime | None:
    """``moment`` in the mission's time zone, naive as the agenda's times: one given
    with its offset (``--now 2025-11-13T09:00Z``, as ``plan`` takes it) is converted (a
    reader: it crashed, exit 70); ``None`` when the zone is unknown."""
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(_zone(agenda.mission.timezone)).replace(tzinfo=None)
    except Exception:  # noqa: BLE001 - an unknown zone is said where the files are written
        return None


def _mission_now(agenda: Agenda) -> datetime | None:
    """The clock's time in the mission's time zone (naive, as the agenda's times), the
    time of a mailing; ``None`` when its zone is unknown."""
    try:
        return datetime.now(_zone(agenda.mission.timezone)).replace(tzinfo=None)
    except Exception:  # noqa: BLE001 - an unknown zone is said where the files are written
        return None


def _before_planned(agenda: Agenda, mailed: datetime | None, stamp: datetime | None) -> bool:
    """Whether ``mailed`` (mission time) is before ``stamp``, the agenda's
    ``planned_at``, which plan rounded up to the next minute: compared rounded so, in
    real time. A report run within that minute after plan was told "now is before the
    time agenda.xlsx was planned" (a tester from a fresh checkout); a clock truly
    behind still is."""
    if mailed is None or stamp is None:
        return False
    tz = agenda.mission.timezone
    return in_real_order(tz, up_to_the_minute(tz, mailed), stamp)


def _zone(name: str) -> ZoneInfo:
    zone = time_zone(name)
    if zone is None:
        raise InputError(
            f"Mission timezone {name!r} is not a known IANA time zone (e.g. Africa/Nairobi)"
        )
    return zone


def _stamp_utc(ca: CompanyAgenda, tz: ZoneInfo) -> datetime:
    local = ca.stamp or dtstamp_default(ca.mission)
    return local.replace(tzinfo=tz).astimezone(UTC)
