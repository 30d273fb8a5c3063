"""One company's calendar (RFC 5545, icalendar): :func:`company_ics_bytes`, one event
per meeting and per cancellation, the mission's VTIMEZONE with its onsets corrected.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from asmex_sched.io.report_files.zone import _stamp_utc, _zone
from asmex_sched.report import (
    AgendaLine,
    CancelledLine,
    CompanyAgenda,
    dtstamp_default,
    event_text,
    event_uid,
    minutes_since_epoch,
    typeset,
)

PRODID = "-//asmex-sched//agenda report//EN"


def _one_line(text: str) -> str:
    """``text`` with its line breaks as spaces. icalendar escapes the line breaks of
    the properties it knows (SUMMARY, DESCRIPTION) but not of X- properties, and
    raised on a name typed on two lines in Excel (Alt+Enter; a second reader's
    finding)."""
    return re.sub(r"\s*[\r\n\u2028\u2029]+\s*", " ", text)


def company_ics_bytes(ca: CompanyAgenda) -> bytes:
    """RFC 5545 calendar of one company: one VEVENT per meeting, cancellations too.

    UID :func:`~asmex_sched.report.event_uid` (stable across re-plans), times with
    ``TZID`` = mission timezone and its VTIMEZONE, ``METHOD:PUBLISH``.
    ``SEQUENCE`` is the agenda's :func:`~asmex_sched.report.calendar_sequence` for
    every event, cancelled ones (``STATUS:CANCELLED``) too: it grows by at least one
    from one plan to the next, so calendars accept every update, including a meeting
    re-instated after a cancellation (RFC 5545 ignores an update whose SEQUENCE is not
    higher than the one it already has). An unchanged meeting had 0 until session 23:
    a full report after a new venue, or after re-plans that were not all mailed,
    republished events whose content had changed below the SEQUENCE phones held from
    an earlier mailing, and calendars kept the old venue (a recipients' tester).
    """
    from icalendar import Calendar, Event, Timezone, vText

    tz = _zone(ca.mission.timezone)
    stamp = _stamp_utc(ca, tz)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if ca.meetings or ca.cancelled:  # RFC 5546: a PUBLISH has an event (an ICS tester)
        cal.add("method", "PUBLISH")
    # X- properties are TEXT (RFC 5545 3.8.8.2): escaped as such, which icalendar does
    # only for a vText (a comma or a backslash in a name went out bare; an ICS tester).
    # Set as the events' texts are (typeset): 'Mission « Fès » 2026 : Nairobi' kept its
    # ordinary spaces, which a calendar app may break before the colon (a tester).
    calname = typeset(_one_line(f"{ca.mission.name} — {ca.company.name}"), ca.lang)
    cal.add("x-wr-calname", vText(calname))
    cal.add("x-wr-timezone", vText(_one_line(ca.mission.timezone)))

    def event(line: AgendaLine | CancelledLine, status: str, sequence: int) -> Event:
        text = event_text(ca, line)
        ev = Event()
        ev.add("uid", event_uid(line.meeting_id, ca.calendar_id))
        ev.add("dtstamp", stamp)
        # Local times named by TZID: given an aware time, icalendar writes a zone at
        # UTC+0 (Africa/Abidjan, Africa/Dakar) in UTC ('Z'), without its VTIMEZONE (a
        # fresh coordinator's test).
        zone = {"TZID": ca.mission.timezone}
        ev.add("dtstart", datetime.combine(line.day, line.start), parameters=zone)
        ev.add("dtend", datetime.combine(line.day, line.end), parameters=zone)
        ev.add("summary", text.summary)
        ev.add("location", text.location)
        ev.add("description", text.description)
        ev.add("status", status)
        ev.add("sequence", sequence)
        ev.add("transp", "TRANSPARENT" if status == "CANCELLED" else "OPAQUE")
        if line.table is not None:
            ev.add("x-asmex-table", vText(str(line.table)))
        ev.add("x-asmex-meeting-id", vText(_one_line(line.meeting_id)))
        return ev

    revision = ca.sequence or minutes_since_epoch(
        ca.stamp or dtstamp_default(ca.mission), ca.mission.timezone
    )
    for line in ca.meetings:
        cal.add_component(event(line, "CONFIRMED", revision))
    for line in ca.cancelled:
        cal.add_component(event(line, "CANCELLED", revision))
    yearly = _yearly_vtimezone(ca.mission.timezone, tz, ca.mission.dates)
    if yearly is not None:
        cal.subcomponents.insert(0, yearly)
        return cal.to_ical()
    cal.add_missing_timezones()
    if not cal.subcomponents:  # no meeting: RFC 5545 still wants one component
        cal.add_component(Timezone.from_tzid(ca.mission.timezone))
    for vtimezone in cal.walk("VTIMEZONE"):
        _onsets_before_the_change(vtimezone, tz)
    return cal.to_ical()


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@functools.lru_cache(maxsize=8)
def _changes(zone: ZoneInfo, years: range) -> tuple[tuple[datetime, timedelta, timedelta], ...]:
    """The clock changes of ``zone`` in ``years``: (naive UTC instant, offset before,
    offset after), found day by day, then to the minute (once per run: every company's
    calendar asks)."""
    found = []
    moment = datetime(years.start, 1, 1, tzinfo=UTC)
    end = datetime(years.stop, 1, 1, tzinfo=UTC)
    before = moment.astimezone(zone).utcoffset()
    while moment < end:
        later = moment + timedelta(days=1)
        after = later.astimezone(zone).utcoffset()
        if after != before:
            lo, hi = moment, later  # the offset changes in (lo, hi]
            while hi - lo > timedelta(minutes=1):
                mid = (lo + (hi - lo) / 2).replace(second=0, microsecond=0)
                lo, hi = (lo, mid) if mid.astimezone(zone).utcoffset() == after else (mid, hi)
            found.append((hi.replace(tzinfo=None), before, after))
            before = after
        moment = later
    return tuple(found)  # type: ignore[arg-type]


def _yearly_rule(onsets: list[datetime]) -> tuple[int, int, int] | None:
    """(month, weekday, n) with ``n`` 1-4 or -1 (the last), the one yearly rule "the
    n-th weekday of the month" that gives every one of ``onsets`` (local times, one a
    year, all at the same time of day), or ``None``."""
    first = onsets[0]
    if any(o.time() != first.time() or o.month != first.month for o in onsets):
        return None
    for n in (-1, (first.day - 1) // 7 + 1):
        if n == 5:
            continue
        rule = (first.month, first.weekday(), n)
        if all(o.date() == _nth_weekday(o.year, *rule) for o in onsets):
            return rule
    return None


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if calendar.weekday(year, month, d) == weekday]  # fmt: skip
    return date(year, month, days[n - 1] if n > 0 else days[-1])


def _steady(
    name: str,
    zone: ZoneInfo,
    days: tuple[date, ...],
    changes: tuple[tuple[datetime, timedelta, timedelta], ...],
    start_year: int,
) -> Any | None:
    """A VTIMEZONE of the observances that cover the mission's days (as RFC 5545 3.6.5
    allows), each a single onset, no RRULE: the offset in force from the last clock
    change before them, and the change within them if there is one (Outlook reads a
    DTSTART without RRULE as a yearly "n-th weekday of its month", right for the
    mission's year); ``None`` when more than one change falls within its days."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    def utc(day: date) -> datetime:
        local = datetime.combine(day, datetime.min.time(), tzinfo=zone)
        return local.astimezone(UTC).replace(tzinfo=None)

    first, last = utc(days[0]), utc(days[-1] + timedelta(days=1))
    within = [c for c in changes if first < c[0] < last]
    if len(within) > 1:
        return None
    earlier = [c for c in changes if c[0] <= first]
    if earlier:
        instant, before, after = earlier[-1]
        parts = [(instant + before, before, after)]
    else:
        now = first.replace(tzinfo=UTC).astimezone(zone).utcoffset()
        parts = [(datetime(start_year, 1, 1), now, now)]
    parts += [(instant + before, before, after) for instant, before, after in within]
    vtimezone = Timezone()
    vtimezone.add("tzid", name)
    for onset, before, after in parts:
        # the larger offset of a change is its daylight time (Outlook wants one each)
        daylight = len(parts) > 1 and after == max(p[2] for p in parts)
        observance = TimezoneDaylight() if daylight else TimezoneStandard()
        observance.add("dtstart", onset)
        observance.add("tzoffsetfrom", before)
        observance.add("tzoffsetto", after)
        tzname = (onset - before + timedelta(hours=1)).replace(tzinfo=UTC).astimezone(zone)
        if tzname.tzname():
            observance.add("tzname", tzname.tzname())
        vtimezone.add_component(observance)
    return vtimezone


def _yearly_vtimezone(name: str, zone: ZoneInfo, days: tuple[date, ...]) -> Any | None:
    """The mission's VTIMEZONE as Outlook can read it ([MS-OXCICAL] 2.1.3.1.1.19: one
    STANDARD and one DAYLIGHT, each a yearly "n-th weekday of a month" rule from its
    RRULE or DTSTART; RDATE is ignored, and a zone it cannot read as such is ignored):
    icalendar writes a zone's whole history, several STANDARD and DAYLIGHT
    observances whose later changes are RDATE lists, and Outlook read a Paris
    mission's spring days (CET) an hour late, by the rules of 1976 (a recipients'
    tester). Each observance starts at its change of the year before the mission, so
    the mission's days are covered; a zone without a clock change then is one
    STANDARD. A zone whose changes of those years are not two a year that one such
    rule each gives (Africa/Casablanca's, around Ramadan) has the observances of the
    mission's days alone (:func:`_steady`); ``None`` (icalendar's form is kept) when
    more than one change falls within them."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    if not days:
        return None
    years = range(days[0].year - 1, days[-1].year + 2)
    changes = _changes(zone, years)
    vtimezone = Timezone()
    vtimezone.add("tzid", name)
    if not changes:
        return _steady(name, zone, days, changes, years.start)
    forward = [c for c in changes if c[2] > c[1]]
    back = [c for c in changes if c[2] < c[1]]
    if len(forward) != len(years) or len(back) != len(years):
        return _steady(name, zone, days, changes, years.start)
    if len({(c[1], c[2]) for c in forward}) != 1 or len({(c[1], c[2]) for c in back}) != 1:
        return _steady(name, zone, days, changes, years.start)
    for kind, group in ((TimezoneDaylight, forward), (TimezoneStandard, back)):
        # onsets in local time before the change (RFC 5545 3.6.5), one a year
        onsets = [instant + before for instant, before, _ in group]
        if sorted({o.year for o in onsets}) != list(years):
            return _steady(name, zone, days, changes, years.start)
        rule = _yearly_rule(onsets)
        if rule is None:
            return _steady(name, zone, days, changes, years.start)
        month, weekday, n = rule
        _, before, after = group[0]
        observance = kind()
        observance.add("dtstart", onsets[0])
        observance.add("rrule", {"freq": "yearly", "bymonth": month,
                                 "byday": f"{n}{_WEEKDAYS[weekday]}"})  # fmt: skip
        observance.add("tzoffsetfrom", before)
        observance.add("tzoffsetto", after)
        tzname = (group[0][0] + timedelta(hours=1)).replace(tzinfo=UTC).astimezone(zone).tzname()
        if tzname:
            observance.add("tzname", tzname)
        vtimezone.add_component(observance)
    return vtimezone


def _onset(local: datetime, *, before: timedelta, after: timedelta, zone: ZoneInfo) -> datetime:
    """The local time, in the offset ``before``, of the change from ``before`` to
    ``after`` that ``local`` names in either offset; ``local`` if none of ``zone``."""
    for instant in (local - before, local - after):  # naive UTC
        moment = instant.replace(tzinfo=UTC)
        then = (moment - timedelta(seconds=1)).astimezone(zone).utcoffset()
        if then == before and moment.astimezone(zone).utcoffset() == after:
            return instant + before
    return local


def _onsets_before_the_change(vtimezone: Any, zone: ZoneInfo) -> None:
    """Each onset (``DTSTART``, ``RDATE``) of ``vtimezone``'s observances as RFC 5545
    (3.6.5) has it: the local time of the change in ``TZOFFSETFROM``. icalendar (7.3)
    writes a spring change's in the new offset (Paris 2026-03-29 at 03:00 with
    ``TZOFFSETFROM:+0100``, 02:00 UTC, an hour after the change), so a calendar that
    reads the file's own VTIMEZONE put that night's times an hour off (a tester). An
    onset that is right, or that matches no change of ``zone`` (history), is kept."""
    for observance in vtimezone.subcomponents:
        before = observance.get("TZOFFSETFROM")
        after = observance.get("TZOFFSETTO")
        if before is None or after is None:
            continue
        f, t = before.td, after.td
        onset = functools.partial(_onset, before=f, after=t, zone=zone)
        if "DTSTART" in observance:
            start = observance["DTSTART"].dt
            fixed = onset(start)
            if fixed != start:
                observance.pop("DTSTART")
                observance.add("DTSTART", fixed)
        rdates = observance.get("RDATE")
        if rdates is not None:
            lists = rdates if isinstance(rdates, list) else [rdates]
            dates = [onset(d.dt) for group in lists for d in group.dts]
            observance.pop("RDATE")
            observance.add("RDATE", dates)
