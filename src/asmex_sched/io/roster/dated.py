"""The Unavailability and Fixed sheets: times a company, or a group, cannot meet, and
meetings booked at a given time.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from asmex_sched.domain import (
    CLOCK_CHANGE,
    GROUP_ALL,
    GROUP_BUYERS,
    GROUP_EXPORTERS,
    FixedMeeting,
    Instance,
    Mission,
    RequestedBy,
    Side,
    Slot,
    Unavailability,
    clock_change_blocks,
    participants_of,
)
from asmex_sched.io.roster.cells import (
    _APPROX_WORDS,
    _MIDNIGHT_WORDS,
    _MONTH_NAMES,
    _NOON_WORDS,
    _WEEKDAY_NAMES,
    _Bad,
    _fmt,
    _fold,
    _not_a_mission_day,
    _not_a_slot,
    _text,
    _words,
    parse_span_time,
    parse_table,
    ref_key,
)
from asmex_sched.io.roster.raw import _Row, _Table
from asmex_sched.io.roster.specs import (
    _END_OF_DAY,
    _GROUP_WORDS,
    BUYERS,
    EXPORTERS,
    FIXED,
    UNAVAILABILITY,
)
from asmex_sched.io.roster.state import _ReaderBase
from asmex_sched.io.text_files import _row_spans

log = logging.getLogger("asmex_sched")

_GROUPS = frozenset({GROUP_ALL, GROUP_EXPORTERS, GROUP_BUYERS})

#: After the problem of a Fixed row off the slot grid at a time already past
#: (:meth:`_DatedReading.past`): the reader knows nothing of the agenda, so "if".
_HELD_OFF_GRID = (
    ", and the meeting is already held: if the programme (Mission day_start, day_end, "
    "meeting_minutes, breaks) changed since it was planned, keep the settings the days "
    "held had and close hours from now on with Unavailability rows for ALL "
    "(docs/roster.md)"
)


def held_off_grid(message: str) -> bool:
    """Whether a problem's message tells a Fixed row of a meeting already held off the
    slot grid (:data:`_HELD_OFF_GRID`): what may be a programme changed under the days
    held, which ``plan`` then checks against the agenda."""
    return _HELD_OFF_GRID in message


class _DatedReading(_ReaderBase):
    """The Unavailability and Fixed sheets."""

    def id_prefixes(self) -> frozenset[str]:
        """The letters the roster's ids start with (:func:`_id_prefix`)."""
        return frozenset(_id_prefix(e.cid) for e in self.index_id.values())

    def read_unavailability(self, mission: Mission | None) -> None:
        table = self.table(UNAVAILABILITY)
        if table is None:
            return
        day_start = mission.day_start if mission else time(0, 0)
        day_end = mission.day_end if mission else _END_OF_DAY
        for row in table.rows:
            text = row.text("participant")
            participant: str | None
            if not ref_key(text):  # (blank, or invisible characters only: as blank)
                self.require("the participant is required", table, row, "participant")
                participant = None
            elif ref_key(text) in _GROUP_WORDS:
                participant = _GROUP_WORDS[ref_key(text)]
            else:
                entry, silent = self.resolve(text)
                participant = entry.cid if entry else None
                if participant is None and not silent:
                    parts = [t for t in re.split(r"[;,\n]", text) if t.strip()]
                    several = len(parts) > 1 and all(self.resolve(t.strip())[0] for t in parts)
                    hint = (
                        self.suggest(text, None) or self.unread_id_hint(None)
                        if not several
                        else ""
                    )
                    self.add(
                        f"unknown participant {text!r}"
                        + (
                            "; one row per participant (copy the row for each)"
                            if several
                            else hint or " (an id, a company name, ALL, EXPORTERS or BUYERS)"
                        )
                        if several or hint or _an_attempted_id(text, self.id_prefixes())
                        else _reason_in_participant(text, table),
                        table,
                        row.num,
                        "participant",
                    )
                    self.unknown[ref_key(text)].append((text, table.name))
                    self.unknown_problems.append((self.problems[-1], ref_key(text)))
            day = self.cell(table, row, "date", _unquoted(self.parse_date, "date", table))
            self.dated_rows += day is not None
            if row.blank("date"):
                self.require("the date is required", table, row, "date")
            elif day is not None and mission is not None and day not in mission.dates:
                self.add(_not_a_mission_day(day, mission, row.get("date")), table, row.num, "date")
                self.off_days.append(day)
                day = None
            start = self.cell(table, row, "start", _unquoted(_span(table, "start"), "start", table),
                              day_start)  # fmt: skip
            end = self.cell(table, row, "end", _unquoted(_span(table, "end"), "end", table),
                            day_end)  # fmt: skip
            self.times_of_another_day(table, row, day, ("start", "end"))
            if start is not None and end is not None and start >= end:
                self.add(
                    f"the end {_fmt(end)} must be after the start {_fmt(start)}",
                    table,
                    row.num,
                    "end",
                )
                continue
            if (
                mission is not None
                and start is not None
                and end is not None
                and end <= day_start
                and start.hour < 12
                and day_start <= time(start.hour + 12, start.minute) < day_end
            ):
                # '2:00 - 5:00' for 14:00-17:00 blocked nothing, without a word (a
                # tester); an evening event or a breakfast (19:00-22:00, 07:00-09:00) is
                # fine as it is, and was warned about (a second reader): only a block
                # whose afternoon reading falls within the day.
                log.warning(
                    "%s, sheet %s, row %d: %s-%s is outside the day's hours (%s-%s): it "
                    "blocks no meeting; if the afternoon was meant, type 24-hour times "
                    "(14:00, not 2:00)",
                    table.file, table.name, row.num, _fmt(start), _fmt(end),
                    _fmt(day_start), _fmt(day_end),
                )  # fmt: skip
            if participant and day and start is not None and end is not None:
                block = Unavailability(participant, day, start, end, row.text("reason"))
                self.unavailability.append(block)
                self.unavailability_rows.append((block, table.name, row.num, text))

    def times_of_another_day(
        self, table: _Table, row: _Row, day: date | None, columns: Sequence[str]
    ) -> None:
        """A time cell holding a date and a time (what Excel makes of '13/11/2025 10:00')
        of another day than the row's date: its date was dropped without a word, and the
        meeting or absence read on the row's day (a fuzzer)."""
        for column in columns:
            value = row.get(column)
            if (
                day is not None
                and isinstance(value, datetime)
                and value.year > 1900
                and value.time() != time(0, 0)  # a date alone: parse_time said so
                and value.date() != day
            ):
                self.add(
                    f"{_text(value)} holds a date and a time, but the row's date is "
                    f"{day.isoformat()}: type the time alone here (the day goes in date)",
                    table,
                    row.num,
                    column,
                )

    def tables_unknown(self) -> bool:
        """``tables`` left blank (the exporters' delegates) while the Exporters sheet is
        missing or has problems: a fixed meeting's table was said not to exist ("tables 1
        to 1") beside the real error, gone once that was fixed (a CSV-folder tester)."""
        return "tables" not in self.settings and self.exporters_unsure

    def fixed_slot(
        self, table: _Table, row: _Row, draft: Instance | None, day: date | None,
        start: time | None,
    ) -> Slot | None:
        """The slot a Fixed row's date and start name, or ``None``, what is wrong said: a
        date that is not a mission day, a start that is no slot's (every day has the same
        slots: checked beside a date outside the mission, or unread, too), a time the
        clocks change. Whatever the row's companies are (:meth:`read_fixed`)."""
        if draft is None:
            return None
        mission_day = day is not None and day in draft.mission.dates
        if day is not None:
            self.dated_rows += 1
            if not mission_day:
                self.add(_not_a_mission_day(day, draft.mission, row.get("date")), table,
                         row.num, "date")  # fmt: skip
                self.off_days.append(day)
        if start is None:
            return None
        if start not in {s.start for s in draft.slots}:
            self.add(
                _not_a_slot(start, day if mission_day else None, draft)
                + (_HELD_OFF_GRID if mission_day and self.past(draft.mission, day, start)
                   else ""),
                table, row.num, "start",
            )  # fmt: skip
            return None
        slot = draft.slot_of(day, start) if day is not None and mission_day else None
        if slot is None:
            return None
        changed = next(
            (u.reason for u in clock_change_blocks(draft.mission)
             if u.day == slot.day and slot.start < u.end and u.start < slot.end),
            "",
        )  # fmt: skip
        if changed:  # said once, with its cause, not as two companies away
            self.add(
                f"{slot.label}: the clocks change then in {draft.mission.timezone} "
                f"({changed.removeprefix(CLOCK_CHANGE)}): choose another time",
                table, row.num, "start",
            )  # fmt: skip
            return None
        return slot

    def past(self, mission: Mission, day: date | None, start: time) -> bool:
        """Whether ``day`` at ``start`` is before the run's now, when it is given one
        (:attr:`now`): a Fixed row of a meeting already held, off a programme changed
        since, said only "09:30 is not a slot start", and the refusal that named the
        cause, a programme changed under meetings held, came once the row was deleted
        (a tester who moved day_start on a mission's evening)."""
        if self.now is None or day is None:
            return False
        now = self.now
        if now.tzinfo is not None:
            now = now.astimezone(ZoneInfo(mission.timezone)).replace(tzinfo=None)
        return datetime.combine(day, start) < now

    def fixed_away(
        self, table: _Table, row: _Row, draft: Instance, slot: Slot, exporter: str | None,
        buyer: str | None,
    ) -> None:
        """A Fixed row at a time its companies cannot meet, said naming the
        Unavailability rows that close it: "'E01' is unavailable at 2027-03-10 15:00"
        sent the coordinator looking for rows about E01 that did not exist, the time
        being closed by a row for TOUS (a tester). A time closed to everyone (an ALL
        row, or both sides' rows) is said once, on the start, as the row's time is what
        is wrong, whichever its companies are (known or not); a company away on its
        side's row or its own is said on its column, naming them."""
        rows = [
            (u, sheet, num, typed)
            for u, sheet, num, typed in self.unavailability_rows
            if u.day == slot.day and u.start < slot.end and slot.start < u.end
        ]
        groups = {u.participant for u, *_ in rows}
        closing = (
            [GROUP_ALL] if GROUP_ALL in groups
            else [GROUP_EXPORTERS, GROUP_BUYERS]
            if {GROUP_EXPORTERS, GROUP_BUYERS} <= groups
            else []
        )  # fmt: skip
        if closing:
            self.add(
                f"{slot.label}: the mission is closed then "
                f"({_rows_named([r for r in rows if r[0].participant in closing])}): "
                "choose another time",
                table, row.num, "start",
            )  # fmt: skip
            return
        for cid, column in ((exporter, "exporter"), (buyer, "buyer")):
            if not cid or slot.index in draft.available.get(cid, frozenset()):
                continue
            company = draft.companies.get(cid)
            wanted = participants_of(company) if company is not None else frozenset()
            own = [r for r in rows if r[0].participant in wanted]
            side = next((r[0].participant for r in own if r[0].participant != cid), None)
            self.add(
                f"{cid!r} is unavailable at {slot.label}"
                + (f": the mission is closed to the {side.lower()} then" if side else "")
                + (f" ({_rows_named(own)})" if own else ""),
                table, row.num, column,
            )  # fmt: skip

    def read_fixed(self, draft: Instance | None) -> list[FixedMeeting]:
        table = self.table(FIXED)
        out: list[FixedMeeting] = []
        if table is None:
            return out
        pairs: dict[tuple[str, str], int] = {}
        per_company: dict[tuple[str, int], int] = {}
        per_table: dict[tuple[int, int], int] = {}
        per_slot: dict[int, int] = {}
        total: dict[str, int] = {}
        for row in table.rows:
            exporter = self.resolve_side(table, row, "exporter", Side.EXPORTER, "exporter")
            buyer = self.resolve_side(table, row, "buyer", Side.BUYER, "buyer")
            day = self.cell(table, row, "date", self.parse_date)
            start = self.cell(table, row, "start", _span(table, "start"))
            self.times_of_another_day(table, row, day, ("start",))
            for column in ("date", "start"):
                if row.blank(column):
                    self.require(f"the {column} is required", table, row, column)
            tables = draft.mission.tables if draft and not self.tables_unknown() else None
            number = self.cell(table, row, "table", parse_table)
            if number is not None and tables is not None and number > tables:
                self.add(
                    f"table {number} does not exist (tables 1 to {tables})", table, row.num, "table"
                )
                number = None
            # What the row says alone is checked whatever else is wrong with it: a row
            # naming an unknown company said that alone, and its date outside the
            # mission and its 09:10 came up a run later, one at a time (a tester).
            slot = self.fixed_slot(table, row, draft, day, start)
            if draft is not None and slot is not None:
                self.fixed_away(table, row, draft, slot, exporter, buyer)
            if exporter and buyer:
                key = (exporter, buyer)
                if key in pairs:
                    self.add(
                        f"{exporter!r} and {buyer!r} already have a fixed meeting "
                        f"(row {pairs[key]})",
                        table,
                        row.num,
                        "exporter",
                    )
                    continue
                pairs[key] = row.num
            if not (exporter and buyer and day and start is not None):
                continue
            if (exporter, buyer) not in self.requests:
                self.add_request(exporter, buyer, 1, RequestedBy.BOTH)
            meeting = FixedMeeting(
                exporter, buyer, day, start, number, source="fixed", sheet=table.name,
                row=row.num,
            )  # fmt: skip
            out.append(meeting)
            if draft is None or slot is None:
                continue
            # What counts rows counts whole meetings only: a row that is not one yet
            # (a company unknown, or of the wrong side) holds no seat.
            for cid, column in ((exporter, "exporter"), (buyer, "buyer")):
                n = per_company[(cid, slot.index)] = per_company.get((cid, slot.index), 0) + 1
                delegates = draft.companies[cid].delegates
                if n > delegates:
                    self.add(
                        f"{cid!r} has {n} fixed meetings at {slot.label} but "
                        f"{delegates} delegate(s)",
                        table,
                        row.num,
                        column,
                    )
                total[cid] = total.get(cid, 0) + 1
                cap = draft.companies[cid].max_meetings
                if cap is not None and total[cid] == cap + 1:
                    spec = EXPORTERS if column == "exporter" else BUYERS
                    self.add(
                        f"{cid!r} has more fixed meetings than its "
                        f"{self.column_named(spec, 'max_meetings')} ({cap})",
                        table,
                        row.num,
                        column,
                    )
            if number is not None:
                seat = (slot.index, number)
                if seat in per_table:
                    self.add(
                        f"table {number} at {slot.label} is already taken by row {per_table[seat]}",
                        table,
                        row.num,
                        "table",
                    )
                else:
                    per_table[seat] = row.num
            per_slot[slot.index] = per_slot.get(slot.index, 0) + 1
            if per_slot[slot.index] == draft.mission.tables + 1 and not self.tables_unknown():
                self.add(
                    f"more fixed meetings at {slot.label} than tables ({draft.mission.tables})",
                    table,
                    row.num,
                    "start",
                )
        return out


#: Words an attempted time or date may hold beside digits and separators: marks of a
#: time or a day (``9h30``, ``2 pm``, ``1er``, ``11th``, ``le 12``, ``à 9h``, accents
#: folded), the months and weekdays :func:`~asmex_sched.io.roster.cells.parse_date`
#: reads by name, and days and times of day in words (``tomorrow``, ``afternoon``), in
#: English and French. Any word of two letters let a reason through ('Dr 14h'; a second
#: reader). The words a coordinator writes around a time or a day too (``de 14h30``,
#: ``à 15h30``, ``vers 10h``, ``until 3pm``, ``jusqu'à 17h``, ``jour 2``): 'de 14h30' was
#: called the reason and hidden, while 'à 15h30' was quoted (a French-speaking
#: coordinator's tester); ``à partir de 14h30``, ``au 15h30``, ``starting 9am`` too (a
#: re-check tester: 'à partir de 14h30' was called the reason); the words of an
#: approximate time and of noon and midnight, as the time readers have them
#: (:data:`~asmex_sched.io.roster.cells._APPROX_WORDS`: a third copy here drifted from
#: theirs; a tester).
_WHEN_WORDS = frozenset({
    "", "h", "am", "pm", "er", "st", "nd", "rd", "th", "le", "a", "hr", "hrs", "min",
    "mins", "mn", "m", "o", "clock", "de", "des", "du", "from", "at", "to", "until",
    "till", "jusqu", "jour", "au", "partir", "starting",
    *(part for words in _APPROX_WORDS for part in re.findall(r"[a-z]+", _fold(words))),
    *_MONTH_NAMES, *_WEEKDAY_NAMES, "today", "tomorrow", "yesterday", "aujourd", "hui",
    "demain", "hier", *_NOON_WORDS, *_MIDNIGHT_WORDS, "morning",
    "afternoon", "evening", "matin", "apres", "soir", "day", "all", "toute", "journee",
})  # fmt: skip


def _an_attempted_time_or_date(text: str) -> bool:
    """Whether an Unavailability date or time cell that does not read looks like a
    time or a date mistyped (``9.30h``, ``12 nov``, ``14:00 pm``, ``tomorrow``): short,
    its words digits, time marks (``h``, ``pm``, ``er``) or words of days and times, or
    a mission day by its number (``J2``, ``D2``). The letters of a word are weighed
    apart from its digits: ``14h30mn`` was called the reason, its letters ``h30mn``
    being no mark (a French-speaking coordinator's tester)."""
    return len(text) <= 30 and all(
        re.fullmatch(r"[jd]\d{1,2}", w)  # 'J2', 'D2': a day of the mission, by its number
        or all(part in _WHEN_WORDS for part in re.findall(r"[a-z]+", w))
        for w in _words(text)
    )


def _an_attempted_id(text: str, prefixes: frozenset[str]) -> bool:
    """Whether an unknown Unavailability participant looks like an id mistyped
    (``MA-0O1``, ``KE 12``): a single word holding a digit, or two when the second is
    the digits (``KE 12``), that starts as the roster's ids do (their letters before
    the first digit or sign, ``prefixes``; digits first where ids are numbers). Quoted
    then, to find the typo by. A word with a digit alone was taken for one, and
    ``COVID-19``, ``IVF2``, ``chemo 3`` were quoted (a second reader)."""
    words = text.split()
    shaped = (len(words) == 1 and any(c.isdigit() for c in text)) or (
        len(words) == 2 and words[1].isdigit()
    )
    return shaped and _id_prefix(text) in prefixes


def _id_prefix(text: str) -> str:
    """The letters an id starts with, upper-cased (``MA`` of ``MA-001``; ``""`` for
    ``239``)."""
    match = re.match(r"[^\W\d_]*", text.strip())
    return match.group().upper() if match else ""


def _reason_in_participant(text: str, table: _Table) -> str:
    """An unknown Unavailability participant close to no company's id or name, named
    without its text: words there are as likely the reason for being away
    (``hospital``, ``chemotherapy session``) as a company's name, and stderr and the
    log never hold a company's reason (README, Personal data; the privacy tester of
    session 67 left it quoted). The row and column find it."""
    return (
        f"a text of {len(text)} characters that names no company (not quoted: the reason "
        f"typed in the {table.header.get('participant', 'participant')} column? it goes in "
        f"the {table.header.get('reason', 'reason')} column; a participant is an id, a "
        "company name, ALL, EXPORTERS or BUYERS)"
    )


def _span(table: _Table, side: str) -> Callable[[object], time]:
    """:func:`parse_span_time` for the ``side`` column of an Unavailability or Fixed
    row: ``de 14h30`` in a start, ``à 15h30`` in an end (a French-speaking
    coordinator's tester); a word of the other side names its column as headed."""
    other = "end" if side == "start" else "start"
    has_other = any(c.name == other for c in table.spec.columns)  # Fixed has no end
    named = table.header.get(other, other) if has_other else None
    return lambda value: parse_span_time(value, side, named)


def _unquoted(
    parse: Callable[[object], Any], column: str, table: _Table
) -> Callable[[object], Any]:
    """``parse`` for an Unavailability date, start or end cell, whose problem quotes the
    cell only when it looks like a time or a date mistyped: a longer text there is most
    likely the reason for being away (``REASON hospital`` in the end column), quoted
    to stderr and the log, which never hold a company's reason (README, Personal data;
    a privacy tester). The other sheets' problems quote the cell, to find it by."""
    what = "date" if column == "date" else "time"

    def parse_unquoted(value: object) -> Any:
        try:
            return parse(value)
        except _Bad:
            text = _text(value)
            if not isinstance(value, str) or _an_attempted_time_or_date(text):
                raise
            raise _Bad(
                f"a text of {len(text)} characters is not a {what} (the reason typed in "
                f"the {table.header.get(column, column)} column? it goes in the "
                f"{table.header.get('reason', 'reason')} column)"
            ) from None

    return parse_unquoted


def _rows_named(rows: Sequence[tuple[Unavailability, str, int, str]]) -> str:
    """Unavailability rows as a problem names them: ``sheet Indisponibilités, row 2,
    TOUS`` for a group's row (its word as typed: the coordinator looks for it), ``row
    5`` or ``rows 5 and 7`` for a company's own, after the groups'."""
    groups = [f"row {num}, {typed}" for u, _, num, typed in rows if u.participant in _GROUPS]
    own = sorted({num for u, _, num, _ in rows if u.participant not in _GROUPS})
    if own:
        groups.append(f"row {own[0]}" if len(own) == 1 else f"rows {_row_spans(own)}")
    return f"sheet {rows[0][1]}, " + "; ".join(groups)
