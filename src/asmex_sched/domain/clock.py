"""Mission time: time zones, real-time arithmetic on naive mission times, the
re-planning notice horizon and the clock-change blocks.

Every mission time is naive, in the mission's time zone (``fold`` telling the two
passes of a repeated hour apart); these helpers add, compare and write such times in
real time (:func:`later_by`, :func:`up_to_the_minute`, :func:`in_real_order`,
:func:`local_iso` and :func:`from_local_iso`), give the notice horizon of rule H9
(:func:`notice_horizon`) and the times a clock change skips or repeats as ``ALL`` blocks
(:func:`clock_change_blocks`, rule H3). Imports :mod:`.mission` only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from asmex_sched.domain.mission import GROUP_ALL, Mission, Unavailability, _minutes, _time


def time_zone(name: str) -> ZoneInfo | None:
    """The IANA time zone ``name``, or None when it is not one. ``ZoneInfo`` raises
    more than ``ZoneInfoNotFoundError`` for a bad name: ``IsADirectoryError`` for a
    region such as ``Europe``, ``OSError`` for a name too long for a file name,
    ``ValueError`` for a path."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def later_by(timezone: str, moment: datetime, delta: timedelta) -> datetime:
    """``moment`` (naive, in ``timezone``; its ``fold`` tells the two passes of a
    repeated hour apart) plus ``delta`` of real time, naive in ``timezone`` again, its
    ``fold`` set. Naive arithmetic counts wall-clock time and drops ``fold``: a cron
    run at 02:30:30 in the second pass of Paris' autumn hour, rounded up to 02:31, was
    taken as the first pass, an hour earlier, and froze an hour too little (a tester)."""
    zone = time_zone(timezone)
    if zone is None:
        return moment + delta
    try:
        later = (moment.replace(tzinfo=zone).astimezone(UTC) + delta).astimezone(zone)
    except OverflowError:  # a notice of a year past the calendar's end: as before
        return moment + delta
    return later.replace(tzinfo=None)


def up_to_the_minute(timezone: str, moment: datetime) -> datetime:
    """``moment`` up to the next whole minute in real time (``fold`` kept), as ``plan``
    records its ``planned_at``: a meeting under way at 14:00:30 is held, and ``check``
    reads the minute back (a second reader). ``report`` compares its mailing time so:
    one run within the minute after ``plan`` was told its clock was behind the
    agenda's (a tester from a fresh checkout)."""
    if not (moment.second or moment.microsecond):
        return moment
    return later_by(timezone, moment.replace(second=0, microsecond=0), timedelta(minutes=1))


def local_iso(timezone: str, moment: datetime) -> str:
    """A naive mission time to the minute with its UTC offset, ``2026-10-25T02:10+01:00``
    (the offset tells the repeated hour's two passes apart); without one when
    ``timezone`` is not known."""
    zone = time_zone(timezone)
    aware = moment.replace(tzinfo=zone) if zone is not None else moment
    return aware.isoformat(timespec="minutes")


def from_local_iso(text: str, timezone: str) -> datetime:
    """:func:`local_iso` read back: a naive mission time, ``fold`` set by its offset; a
    time written without one (agendas before it) as written. Raises ``ValueError``."""
    moment = datetime.fromisoformat(text)
    zone = time_zone(timezone)
    if moment.tzinfo is not None and zone is not None:
        try:
            return moment.astimezone(zone).replace(tzinfo=None)
        except OverflowError as exc:  # 0001-01-01T00:00+03:00 (a reader)
            raise ValueError(f"{text!r} is off the calendar") from exc
    return moment.replace(tzinfo=None)


def in_real_order(
    timezone: str, first: datetime, then: datetime, then_timezone: str | None = None
) -> bool:
    """Whether mission time ``first`` (in ``timezone``) comes before ``then`` (in
    ``then_timezone``, by default the same) in real time: naive comparison ignores
    ``fold`` (02:10 of the second pass is after 02:50 of the first), and a time zone
    corrected between two runs (a reader). Naive comparison where a zone is unknown or
    a time off the calendar's range."""
    zone, then_zone = time_zone(timezone), time_zone(then_timezone or timezone)
    if zone is None or then_zone is None:
        return first < then
    try:
        return first.replace(tzinfo=zone).astimezone(UTC) < then.replace(
            tzinfo=then_zone
        ).astimezone(UTC)
    except OverflowError:  # 0001-01-01 typed into a Summary (a reader: exit 70)
        return first < then


#: How :func:`clock_change_blocks` begins its blocks' reasons (the readers of a reason
#: tell those blocks by it: held meetings kept, French agendas).
CLOCK_CHANGE = "clock change: "


@cache  # asked for by each Fixed row and each company's agenda (7 ms a mission; a reader)
def clock_change_blocks(mission: Mission) -> tuple[Unavailability, ...]:
    """The wall-clock times of the mission's days, within its hours, that a clock change
    skips (they do not exist: spring) or repeats (they happen twice: autumn), as ``ALL``
    blocks that close their slots (rule H3), to the minute. Meetings were planned at
    02:00 and 02:30 on Paris' spring night, the same instants as 03:00 and 03:30, and
    a 02:30-03:00 meeting in autumn lasted 90 minutes in calendars (a tester). None in
    an unknown time zone or where the clocks do not change."""
    zone = time_zone(mission.timezone)
    if zone is None:
        return ()
    out: list[Unavailability] = []
    first, last = _minutes(mission.day_start), _minutes(mission.day_end)
    for day in mission.dates:
        run: tuple[int, str] | None = None  # (first minute, kind) of the current run
        for m in range(first, last + 1):
            kind = ""
            if m < last:
                wall = datetime.combine(day, _time(m))
                early = wall.replace(tzinfo=zone).utcoffset()
                late = wall.replace(tzinfo=zone, fold=1).utcoffset()
                if early != late:  # PEP 495: a gap reads fold=0 with the earlier offset
                    kind = "twice" if early > late else "skipped"  # type: ignore[operator]
            if run is not None and kind != run[1]:
                reason = (
                    f"{CLOCK_CHANGE}{_time(run[0]):%H:%M}-{_time(m):%H:%M} does not exist"
                    if run[1] == "skipped"
                    else f"{CLOCK_CHANGE}{_time(run[0]):%H:%M}-{_time(m):%H:%M} happens twice"
                )
                out.append(Unavailability(GROUP_ALL, day, _time(run[0]), _time(m), reason))
                run = None
            if kind and run is None:
                run = (m, kind)
    return tuple(out)


def notice_horizon(mission: Mission, now: datetime) -> datetime:
    """``now`` plus ``notice_hours`` of real time, as a time of the mission's time zone
    (naive, as every mission time): meetings starting before it are frozen (H9). A
    spring clock change night gave 11 real hours' notice for 12 (an IT tester)."""
    return later_by(mission.timezone, now, timedelta(hours=mission.notice_hours))
