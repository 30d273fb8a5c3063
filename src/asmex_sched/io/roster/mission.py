"""The Mission sheet: its settings read into a :class:`~asmex_sched.domain.Mission`,
and the hints about them (a first day on a weekend, a mission day on a public
holiday, a city in another time zone, a clock change during the mission).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import time
from typing import Any

from asmex_sched.domain import CLOCK_CHANGE, Instance, Mission, build_slots, clock_change_blocks
from asmex_sched.io.host_calendar import (
    NO_COUNTRY,
    HostCalendar,
    country_names,
    country_of_zone,
    host_calendar,
    same_clock,
    zones_of_city,
)
from asmex_sched.io.roster.cells import (
    _SETTING_KEYS,
    _TIME_RANGE_RE,
    _alias_map,
    _at_most,
    _Bad,
    _fmt,
    _header_index,
    _header_label,
    _is_blank,
    _mission_header,
    _parse_country,
    _parse_minutes,
    _parse_notice,
    _parse_timezone,
    _setting_meant,
    _text,
    _unit_dropped,
    _with_year,
    parse_breaks,
    parse_int,
    parse_time,
)
from asmex_sched.io.roster.raw import _warn_title_rows
from asmex_sched.io.roster.specs import (
    HEADER_SEARCH_ROWS,
    MAX_DAYS,
    MAX_TABLES,
    SETTINGS,
    UNAVAILABILITY,
)
from asmex_sched.io.roster.state import _ReaderBase
from asmex_sched.io.text_files import normalize_name

log = logging.getLogger("asmex_sched")


class _MissionReading(_ReaderBase):
    """The Mission sheet read, and its hints."""

    def read_mission(self) -> None:
        raw = self.sheets.get("mission")
        if raw is None:
            self.mission_ok = False
            return
        rows = [(i + 1, r) for i, r in enumerate(raw.rows) if not all(map(_is_blank, r[:2]))]
        labels = ("setting", "value")
        # Title rows above the header (a mission title, then "setting | value"): rows
        # with text in column A only, skipped when what follows them is a setting or a
        # header of known words. Otherwise the first row is the header, as ever: a
        # misspelled setting must still be reported, never taken for the header (two
        # second readers).
        titles = 0
        while (
            titles < min(len(rows) - 1, HEADER_SEARCH_ROWS)
            and _is_blank(rows[titles][1][1] if len(rows[titles][1]) > 1 else None)
            and normalize_name(_text(rows[titles][1][0])) not in _SETTING_KEYS
            and not _mission_header(rows[titles][1])
        ):
            titles += 1
        if titles and not (
            normalize_name(_text(rows[titles][1][0])) in _SETTING_KEYS
            or _mission_header(rows[titles][1])
        ):
            titles = 0
        if titles:
            _warn_title_rows(raw, rows[titles][0], rows[0][0], rows[0][1])
            rows = rows[titles:]
        has_header = bool(rows) and normalize_name(_text(rows[0][1][0])) not in _SETTING_KEYS
        if rows and has_header:
            header = rows.pop(0)[1]
            labels = tuple(  # type: ignore[assignment]
                _header_label(header[i]) if i < len(header) and _text(header[i]) else default
                for i, default in enumerate(labels)
            )
        seen: dict[str, int] = {}
        parsers: dict[str, Callable[[object], Any]] = {
            "name": _text,
            "city": _text,
            "venue": _text,
            "timezone": _parse_timezone,
            "country": _parse_country,
            "first_day": self.parse_date,
            "days": lambda v: _at_most(parse_int(_unit_dropped(v, "days"), 1), MAX_DAYS),
            "day_start": parse_time,
            "day_end": parse_time,
            "meeting_minutes": lambda v: _at_most(_parse_minutes(v), 24 * 60),
            "breaks": parse_breaks,
            "tables": lambda v: _at_most(parse_int(_unit_dropped(v, "tables"), 1), MAX_TABLES),
            "interpreters": lambda v: _at_most(
                parse_int(_unit_dropped(v, "interpreters"), 0), MAX_TABLES
            ),
            "notice_hours": lambda v: _parse_notice(_unit_dropped(v, "notice_hours")),
        }
        rownum: dict[str, int] = {}
        for num, cells in rows:
            setting = _text(cells[0]) if cells else ""
            value = cells[1] if len(cells) > 1 else None
            if _SETTING_KEYS.get(normalize_name(setting)) == "breaks" and self.breaks_continued(
                raw, num, cells
            ):
                # The slots checked on a grid without the second break: "14:00 is not
                # a slot start" beside this problem (a CSV-folder tester).
                self.mission_ok = False
            if not setting:
                self.add("a value without a setting name", raw, num, labels[0])
                continue
            key = _SETTING_KEYS.get(normalize_name(setting))
            if key is None:
                said = (
                    self.last_day_setting(setting, value, rows)
                    if normalize_name(setting) in _LAST_DAY_NAMES
                    else _unknown_setting(setting, raw.name, labels)
                )
                self.add(said, raw, num, labels[0])
                self.mission_ok = False
                continue
            if key in seen:
                self.add(f"setting {setting!r} repeats row {seen[key]}", raw, num, labels[0])
                self.mission_ok = False
                continue
            seen[key] = num
            rownum[key] = num
            self.mission_names[key] = setting.strip()
            if _is_blank(value):
                if key == "first_day":
                    self.add(f"{self.setting(key)} is required", raw, num, labels[1])
                continue
            if key == "first_day":  # typed as text 2025-11-10, it cannot be month first
                self.first_day_iso = isinstance(value, str) and bool(
                    re.fullmatch(r"\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T].*)?", value)
                    or re.search(r"[^\W\d_]{3}", value)  # nor a month by name, 10 Nov 2025
                )
                # A date cell (or serial number) is no text read day first either.
                self.first_day_text = isinstance(value, str) and not self.first_day_iso
            try:
                self.settings[key] = parsers[key](value)
            except _Bad as exc:
                self.add(
                    _hours_per_day(self.setting(key), key, value, self.unavailability_named())
                    or f"{self.setting(key)}: {exc}",
                    raw, num, labels[1],
                )  # fmt: skip
                self.mission_ok = False
        self.mission_rows, self.mission_labels = rownum, labels
        self.mission_raw = raw
        self.first_day_weekend_hint()
        first = self.settings.get("first_day")
        if first is not None and not 1900 <= first.year <= 9000:
            self.add(f"{self.setting('first_day')} {first} is not a plausible mission date", raw,
                     rownum.get("first_day"), labels[1])  # fmt: skip
            del self.settings["first_day"]
        if "first_day" not in self.settings:
            if "first_day" not in rownum:
                self.add("setting 'first_day' is required", raw, None, labels[0])
            self.mission_ok = False
        start = self.settings.get("day_start", Mission.day_start)
        end = self.settings.get("day_end", Mission.day_end)
        # one that did not read was compared with the other's default (a reader)
        unread = any(k in rownum and k not in self.settings for k in ("day_start", "day_end"))
        if start >= end and not unread:
            afternoon = end.hour < 12 and start < time(end.hour + 12, end.minute)
            self.add(
                f"{self.setting('day_start')} {_fmt(start)} must be before "
                f"{self.setting('day_end')} {_fmt(end)}"
                + (
                    # 5:00 for 17:00 (a reader)
                    f": if the afternoon was meant, type 24-hour times "
                    f"({_fmt(time(end.hour + 12, end.minute))}, not {_fmt(end)})"
                    if afternoon
                    # an evening session past midnight (a programme tester)
                    else ": a day's meetings end by midnight (23:59); plan the hours after "
                    "it as the next day's"
                    if start > end and end.hour < 12
                    else " (the two swapped?)"  # 18:00 and 17:00 (a docs auditor)
                    if start > end
                    else ""
                ),
                raw,
                rownum.get("day_end", rownum.get("day_start")),
                labels[1],
            )
            self.mission_ok = False

    def first_day_weekend_hint(self) -> None:
        """A first day on a weekend day that may be typed month first (11/10/2025); the
        weekend days themselves are :meth:`weekend_hint`'s (25/09 can be read one way
        only, and the hint stayed after the days were closed; a Gulf coordinator's
        tester)."""
        first, raw = self.settings.get("first_day"), self.mission_raw
        if first is None or raw is None or not 1900 <= first.year <= 9000:
            return
        host = self.host(first.year)
        if (
            host is not None
            and first.weekday() in host.weekend
            and first.day <= 12
            and first.day != first.month
            and not self.first_day_iso
        ):
            log.warning(
                "%s, sheet %s, row %s: %s is read as %s, a %s%s: is that right? "
                "(dates are read day first: 11/10/2025 is 11 October)",
                raw.file,
                raw.name,
                self.mission_rows.get("first_day"),
                self.setting("first_day"),
                first.isoformat(),
                first.strftime("%A"),
                f", a weekend day in {host.name}" if host.name else "",
            )

    def first_day_hint(self, mission: Mission | None) -> None:
        """One problem at ``first_day`` when other sheets' dates are not mission days:
        a first_day typed month first (``11/10/2025`` for 10 November) gave one problem
        per Unavailability and Fixed row, and none on the culprit (a second reader)."""
        # Most dated rows, not one mistyped date (a second reader: a right first_day was
        # pointed at for a single wrong row).
        if (
            not self.off_days
            or len(self.off_days) * 2 <= self.dated_rows
            or mission is None
            or self.mission_raw is None
        ):
            return
        days = sorted(set(self.off_days))
        shown = ", ".join(d.isoformat() for d in days[:3]) + (", ..." if len(days) > 3 else "")
        first = mission.first_day
        said = f"{len(self.off_days)} date(s) in other sheets are not mission days ({shown})"
        # Each a mission day in another year: Excel fills in the current year when
        # '09/02' is typed in December, and first_day was blamed with a remark on
        # day-first dates (a tester).
        years = {day.year for day in mission.dates}
        shifted = [{y for y in years - {d.year} if _with_year(d, y) in mission.dates}
                   for d in days]  # fmt: skip
        if days and all(shifted):
            in_years = " or ".join(map(str, sorted(set().union(*shifted))))
            self.add(
                f"{said}: they would be mission days in {in_years} "
                f"({self.setting('first_day')} is {first.isoformat()}): a year typed "
                "wrong, or filled in by Excel (a date typed without its year, 09/02, takes "
                "the current year)?",
                self.mission_raw,
                self.mission_rows.get("first_day"),
                self.mission_labels[1],
            )
            return
        day_first = (" (dates are read day first: 11/10/2025 is 11 October)"
                     if self.first_day_text else "")  # fmt: skip
        self.add(
            f"{said}: is {self.setting('first_day')} right? It reads "
            f"{first.strftime('%A')} {first.isoformat()}{day_first}; "
            f"{self.setting('days')} is {mission.days}",
            self.mission_raw,
            self.mission_rows.get("first_day"),
            self.mission_labels[1],
        )

    def host(self, *years: int) -> HostCalendar | None:
        """The host country's calendar (``country``, else the time zone's) over
        ``years``, None when the checks are off (``country`` none)."""
        return host_calendar(
            self.settings.get("country", Mission.country),
            self.settings.get("timezone", Mission.timezone),
            years,
        )

    def _city_hint(self, mission: Mission) -> None:
        """A ``city`` that names a time zone of another clock than ``timezone``: the
        template's ``Africa/Nairobi`` left beside ``Abidjan`` put every calendar event
        three hours off, without a word when ``country`` was blank (a tester). Only
        then: a country typed is checked against the time zone already, and tells
        which city of the name it is (Córdoba in Spain, not Argentina's zone)."""
        if mission.country:
            return
        places = zones_of_city(mission.city) if mission.city.strip() else frozenset()
        if self.mission_raw is None or not places or mission.timezone in places:
            return
        if any(same_clock(z, mission.timezone, mission.dates) for z in places):
            return
        self._zone_doubt(
            "%s %s is in time zone %s, but %s is %s",
            self.setting("city"), mission.city, " or ".join(sorted(places)),
            self.setting("timezone"),
            mission.timezone if "timezone" in self.mission_rows
            else f"{mission.timezone} (the default: no timezone row)",
        )  # fmt: skip

    def _zone_doubt(self, what: str, *args: object) -> None:
        """A warning that ``timezone`` may not be the mission's (``what`` % ``args``), at
        its row of the Mission sheet."""
        assert self.mission_raw is not None
        log.warning(
            "%s, sheet %s%s: " + what + ": the agendas' times and calendars follow the "
            "time zone; is it right?",
            self.mission_raw.file, self.mission_raw.name,
            f", row {self.mission_rows['timezone']}" if "timezone" in self.mission_rows
            else "",
            *args,
        )  # fmt: skip

    def weekend_hint(self, instance: Instance) -> None:
        """Mission days on a weekend (Thursday plus 5 days planned meetings on Saturday
        and Sunday without a word; a tester) or a public holiday of the host country
        (a Cairo mission's Friday was not told; a coordinator's tester), unless closed
        to the whole mission all day (the advice followed was still given, on every
        cron run; a second reader)."""
        mission = instance.mission
        self._city_hint(mission)
        host = self.host(*{d.year for d in mission.dates})
        if host is None or self.mission_raw is None:
            return
        # Closed when no meeting can take place on any slot of the day: closed to the
        # whole mission or to one side, in one or several rows (the advice "or for the
        # side that is off" was followed and the warning stayed; a Gulf coordinator's
        # tester).
        open_days = [
            d for d in mission.dates
            if not all(instance.closed_to(s) is not None for s in instance.slots if s.day == d)
        ]  # fmt: skip
        weekend = [d for d in open_days if d.weekday() in host.weekend]
        where = f" in {host.name}" if host.name else ""
        row = self.mission_rows.get("days") or self.mission_rows.get("first_day")
        if weekend:
            many = len(weekend) > 1
            log.warning(
                "%s, sheet %s%s: the mission's %d days from %s %s include %s, %s%s: "
                "meetings may be planned on %s; if %s, add a row for ALL on %s to the "
                "%s sheet (or check %s and %s)",
                self.mission_raw.file, self.mission_raw.name, f", row {row}" if row else "",
                mission.days, mission.first_day.strftime("%A"),
                mission.first_day.isoformat(),
                ", ".join(f"{d.strftime('%A')} {d.isoformat()}" for d in weekend),
                "weekend days" if many else "a weekend day", where,
                "them" if many else "it",
                "they are not mission days" if many else "it is not a mission day",
                "each" if many else "it", self.sheet_named(UNAVAILABILITY),
                self.setting("first_day"), self.setting("days"),
            )  # fmt: skip
        feasts = [(d, name) for d in open_days if (name := host.holiday(d))]
        if feasts:
            many = len(feasts) > 1
            days = "; ".join(f"{d.strftime('%A')} {d.isoformat()}, {name}" for d, name in feasts)
            log.warning(
                "%s, sheet %s%s: %s%s (the holidays library's dates: confirm them "
                "locally): meetings may be planned on %s; if the companies are off, add "
                "a row for ALL on %s to the %s sheet (or for the side that is off, "
                "EXPORTERS or BUYERS); set %s to none to stop this check",
                self.mission_raw.file, self.mission_raw.name, f", row {row}" if row else "",
                f"{len(feasts)} mission days are public holidays{where}: {days}" if many
                else f"{days}, is a public holiday{where}",
                "", "them" if many else "it", "each" if many else "it",
                self.sheet_named(UNAVAILABILITY), self.setting("country"),
            )  # fmt: skip
        zone = country_of_zone(mission.timezone, host.country)
        if mission.country not in ("", NO_COUNTRY) and zone and zone != mission.country:
            self._zone_doubt(
                "%s %s (%s) but %s %s is %s's",
                self.setting("country"), mission.country, host.name,
                self.setting("timezone"), mission.timezone,
                country_names().get(zone, zone),
            )  # fmt: skip

    def build_mission(self) -> Mission | None:
        if not self.mission_ok:
            return None
        settings = dict(self.settings)
        if "tables" not in settings:
            settings["tables"] = min(MAX_TABLES, max(1, sum(c.delegates for c in self.exporters)))
        mission = Mission(**settings)
        if not build_slots(mission):
            # Each setting with its row (the sheet alone was named; a venue tester).
            shown = {
                "day_start": mission.day_start.strftime("%H:%M"),
                "day_end": mission.day_end.strftime("%H:%M"),
                "meeting_minutes": str(mission.meeting_minutes),
                "breaks": ", ".join(
                    f"{a.strftime('%H:%M')}-{b.strftime('%H:%M')}" for a, b in mission.breaks
                ) or "none",
            }
            parts = [
                f"{self.setting(key)} {text}"
                + (f" (row {self.mission_rows[key]})" if key in self.mission_rows else " (default)")
                for key, text in shown.items()
            ]
            self.add(
                "no meeting slot fits in the day: " + ", ".join(parts) + "; a day needs "
                f"one meeting of {self.setting('meeting_minutes')} between "
                f"{self.setting('day_start')} and {self.setting('day_end')} outside the "
                "breaks",
                self.mission_raw,
                None,
                self.mission_labels[1],
            )
            return None
        self.breaks_hint(mission)
        return mission

    def breaks_hint(self, mission: Mission | None) -> None:
        """A break outside the day's hours closes nothing: ``1:00-2:00`` for the
        afternoon's 13:00-14:00 planned meetings through lunch without a word (a
        programme tester), where an Unavailability row so typed is warned about."""
        if mission is None or self.mission_raw is None:
            return
        for start, end in mission.breaks:
            if end > mission.day_start and start < mission.day_end:
                continue
            later = (
                start.hour < 12
                and mission.day_start <= time(start.hour + 12, start.minute) < mission.day_end
            )
            log.warning(
                "%s, sheet %s%s: the break %s-%s is outside the day's hours (%s-%s): it "
                "closes no time%s",
                self.mission_raw.file, self.mission_raw.name,
                f", row {self.mission_rows['breaks']}" if "breaks" in self.mission_rows else "",
                _fmt(start), _fmt(end), _fmt(mission.day_start), _fmt(mission.day_end),
                "; if the afternoon was meant, type 24-hour times (13:00, not 1:00)"
                if later else "",
            )  # fmt: skip

    def clock_changes(self, mission: Mission | None) -> None:
        """Close to meetings, with a warning, the times of the mission's hours that a
        clock change skips or repeats (:func:`~asmex_sched.domain.clock_change_blocks`;
        they were planned without a word, a tester)."""
        if mission is None:
            return
        slots = build_slots(mission)
        for block in clock_change_blocks(mission):
            if not any(
                s.day == block.day and s.start < block.end and block.start < s.end for s in slots
            ):
                continue  # within a break: no meeting there anyway
            self.unavailability.append(block)
            self.clock_notes.append(block)
        self.clock_change_hint(mission)

    def last_day_setting(
        self, setting: str, value: object, rows: list[tuple[int, list[object]]]
    ) -> str:
        """The problem of a mission's last day typed as a setting (``Date de fin``):
        ``days`` is meant, how to count them said, and their number when both dates
        read; "unknown setting" alone left the coordinator to find it (a
        French-speaking coordinator's tester)."""
        days, first_day = (next(s for s in SETTINGS if s.name == n) for n in ("days", "first_day"))
        said = (
            f"unknown setting {setting!r}: the mission's last day is not a setting; did you "
            f"mean 'days' ({_capital(days.aliases[0])!r}), its number of days from "
            f"first_day ({_capital(first_day.aliases[0])!r}), the first and the last counted"
        )
        first_typed = next(
            (cells[1] for _, cells in rows
             if len(cells) > 1 and cells[0] is not None
             and _SETTING_KEYS.get(normalize_name(_text(cells[0]))) == "first_day"),
            None,
        )  # fmt: skip
        try:
            first, last = self.parse_date(first_typed), self.parse_date(value)
        except _Bad:
            return f"{said}?"
        if last < first:
            return f"{said}?"
        return f"{said} ({first.isoformat()} to {last.isoformat()}: {(last - first).days + 1})?"

    def unavailability_named(self) -> tuple[str, str, str]:
        """The Unavailability sheet and its start and end columns as the roster names
        them (``Indisponibilités``, ``Début``, ``Fin``), for a Mission setting's message
        read before that sheet: the English names were said of a French roster's (a
        re-check tester). Its header read quietly: the sheet's own reading tells its
        problems."""
        raw = self.sheets.get(UNAVAILABILITY.key)
        named = {"start": "start", "end": "end"}
        keys = _alias_map((c.name, c.aliases) for c in UNAVAILABILITY.columns)
        if raw is not None and (at := _header_index(raw.rows, keys)) is not None:
            for cell in raw.rows[at]:
                if keys.get(normalize_name(_text(cell))) in named:
                    named[keys[normalize_name(_text(cell))]] = _header_label(cell)
        return self.sheet_named(UNAVAILABILITY), named["start"], named["end"]

    def clock_change_hint(self, mission: Mission) -> None:
        """The warning of :meth:`clock_changes`, naming the ``timezone`` row; given by
        ``plan`` when it plans, not on every no-op cron run (a reader: mailed every
        half hour), as the weekend hints are."""
        raw = self.mission_raw
        where = (
            f"{raw.file}, sheet {raw.name}, row {self.mission_rows['timezone']}"
            if raw is not None and "timezone" in self.mission_rows
            else str(self.file)
        )
        for block in self.clock_notes:
            log.warning(
                "%s: %s %s: on %s %s (the clocks %s): no meeting is planned then",
                where, self.setting("timezone"), mission.timezone, f"{block.day:%A %d %B %Y}",
                block.reason.removeprefix(CLOCK_CHANGE),
                "go forward" if block.reason.endswith("does not exist") else "go back",
            )  # fmt: skip


#: A time within a longer text (``09:00``, ``9h30``, ``10h``, ``15.00``): a day's hours
#: typed day by day in one setting (:func:`_hours_per_day`).
_TIME_IN_TEXT_RE = re.compile(r"(?<![\d:.])\d{1,2}\s*(?:[:hH.]\s*\d{2}|[hH])(?!\d)")


def _hours_per_day(
    setting: str, key: str, value: object, unavailability: tuple[str, str, str]
) -> str | None:
    """The problem of a ``day_start`` or ``day_end`` holding a time per day, or a day's
    other hours beside it (``09:00; 10:00; 09:00``, ``17:00 (jeudi 15:00)``), with the
    documented way: one time for every day, and ``Unavailability`` rows for ``ALL`` to
    close a day's start or end (docs/roster.md). "is not a time (expected HH:MM)" did
    not say what to do (a 3-day mission's tester). Named as typed (``Début de
    journée``), and so are the Unavailability sheet and its start and end columns
    (``unavailability``: ``Indisponibilités``, ``Début``, ``Fin``; a re-check tester);
    ``None`` for another setting, one time or less, or a range (``09:00-17:00``:
    :func:`parse_time` says it)."""
    text = _text(value)
    if key not in ("day_start", "day_end") or _TIME_RANGE_RE.match(text):
        return None
    times = []
    for typed in _TIME_IN_TEXT_RE.findall(text):
        try:
            times.append(parse_time(typed))
        except _Bad:
            continue
    if len(times) < 2:
        return None
    sheet, start, end = unavailability
    if key == "day_start":
        pick, close = f"the earliest ({_fmt(min(times))})", (
            f"a later start with a row for ALL in sheet {sheet} on that day's date ({start} "
            f"blank, {end} at that day's start"
        )
    else:
        pick, close = f"the latest ({_fmt(max(times))})", (
            f"an earlier end with a row for ALL in sheet {sheet} on that day's date ({start} "
            f"at that day's end, {end} blank"
        )
    return (
        f"{setting}: {text!r} is {len(times)} times, but one time holds for every day: "
        f"type {pick}, and close {close}; docs/roster.md)"
    )


#: What a Mission sheet in French is named, or its header says: its unknown setting is
#: told the settings' French names first.
_FRENCH_MISSION_WORDS = frozenset(
    normalize_name(w) for w in ("Paramètres", "Paramètre", "Paramètres de la mission", "Valeur")
)


#: A mission's last day as a setting's name: ``days`` is the setting (a French-speaking
#: coordinator's tester's 'Date de fin' was "unknown setting" alone).
_LAST_DAY_NAMES = frozenset(
    normalize_name(w)
    for w in ("Date de fin", "Date fin", "Date de fin de mission", "Date de fin de la mission",
              "Dernier jour", "Dernier jour de la mission", "Fin de la mission",
              "Fin de mission", "Jour de fin", "End date", "Last day", "Mission end",
              "End of mission", "End of the mission", "Last day of the mission",
              "Mission end date")
)  # fmt: skip


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _unknown_setting(setting: str, sheet: str, labels: tuple[str, str]) -> str:
    """The problem of an unknown setting: the setting it looks like, named and spelt as
    its spelling nearest to it ("did you mean 'breaks' ('Pauses')?"), else every
    setting, in French first on a French sheet. A tester's 'Pause' got the English
    names alone, with no hint; a column header got one (:func:`_near_miss`)."""
    meant, near = _setting_meant(setting)
    if meant:
        return f"unknown setting {setting!r}: did you mean {meant!r} ({_capital(near)!r})?"
    english = ", ".join(s.name for s in SETTINGS)
    if {normalize_name(sheet), *map(normalize_name, labels)} & _FRENCH_MISSION_WORDS:
        french = ", ".join(_capital(s.aliases[0]) for s in SETTINGS)
        return f"unknown setting {setting!r} (known: {french}; or in English: {english})"
    return f"unknown setting {setting!r} (known: {english})"
