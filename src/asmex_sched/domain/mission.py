"""The mission and its parties: settings, companies, requests, unavailability,
fixed meetings, the slot grid and schedules.

The frozen dataclasses a roster is read into (``Mission``, ``Company``, ``Request``,
``Unavailability``, ``FixedMeeting``) and the plan is made of (``Slot``, ``Meeting``,
``Schedule``), the slot grid (:func:`build_slots`), a request's weight
(rule S2) and a wish's priority, and two facts the rules read of companies: the
``Unavailability`` rows that concern one (H3) and whether a pair needs an interpreter
(H5). Imports nothing of the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import Enum
from functools import cached_property

#: Participant groups usable in the ``Unavailability`` sheet.
GROUP_ALL = "ALL"
GROUP_EXPORTERS = "EXPORTERS"
GROUP_BUYERS = "BUYERS"


class Side(str, Enum):
    """Which side of the mission a company is on."""

    EXPORTER = "exporter"
    BUYER = "buyer"


class RequestedBy(str, Enum):
    """Who asked for a meeting."""

    EXPORTER = "exporter"
    BUYER = "buyer"
    BOTH = "both"

    def merge(self, other: RequestedBy) -> RequestedBy:
        """Combine two requests for the same pair (both sides asked -> BOTH)."""
        return self if self == other else RequestedBy.BOTH


@dataclass(frozen=True)
class Mission:
    """Mission settings (the ``Mission`` sheet).

    Parameters
    ----------
    first_day
        Date of the first mission day.
    days
        Number of consecutive mission days.
    day_start, day_end
        Opening hours of every day; no meeting starts before ``day_start`` or
        ends after ``day_end``.
    meeting_minutes
        Length of one meeting; meetings are back to back.
    breaks
        ``(start, end)`` pairs valid every day; a slot that would overlap a
        break starts at the break's end instead.
    tables
        Number of numbered meeting tables available in every slot.
    interpreters
        Number of meetings per slot that can have an interpreter.
    notice_hours
        Re-planning freeze horizon: meetings starting before now + this many
        hours are never moved.
    country
        Host country (ISO 3166 code; "" for the time zone's, ``none`` for no
        check): its weekend days and public holidays are warned about, never
        planned around (io/host_calendar.py).
    """

    first_day: date
    name: str = "Trade mission"
    city: str = ""
    venue: str = ""
    timezone: str = "Africa/Nairobi"
    country: str = ""
    days: int = 5
    day_start: time = time(9, 0)
    day_end: time = time(17, 0)
    meeting_minutes: int = 30
    breaks: tuple[tuple[time, time], ...] = ()
    tables: int = 10
    interpreters: int = 0
    notice_hours: float = 12.0

    @property
    def dates(self) -> tuple[date, ...]:
        """The mission's days, in order."""
        return tuple(self.first_day + timedelta(days=i) for i in range(self.days))

    @property
    def half_day_boundary(self) -> time:
        """Time that separates the morning session from the afternoon one.

        The start of the longest break that begins between 11:00 and 15:00 (the
        lunch break), or 13:00 when there is none.
        """
        lunch = [
            (_minutes(e) - _minutes(s), s)
            for s, e in self.breaks
            if time(11, 0) <= s <= time(15, 0)
        ]
        if lunch:
            return max(lunch, key=lambda t: (t[0], -_minutes(t[1])))[1]
        return time(13, 0)


@dataclass(frozen=True)
class Company:
    """One exporter or buyer (a row of ``Exporters`` / ``Buyers``).

    ``wishes`` holds the ids of companies on the other side, most wanted first
    (already resolved from names by the reader).
    """

    id: str
    name: str
    side: Side
    sectors: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    delegates: int = 1
    max_meetings: int | None = None
    contact: str = ""
    email: str = ""
    phone: str = ""
    wishes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Request:
    """A wanted meeting between one exporter and one buyer.

    ``priority`` is 1 (highest), 2 or 3. Requests are unique per pair: the
    reader merges wishes and ``Requests`` rows of the same pair, keeping the
    best priority and merging ``requested_by``.
    """

    exporter_id: str
    buyer_id: str
    priority: int = 2
    requested_by: RequestedBy = RequestedBy.EXPORTER

    @property
    def key(self) -> tuple[str, str]:
        """``(exporter_id, buyer_id)``: the pair's identity everywhere."""
        return (self.exporter_id, self.buyer_id)


@dataclass(frozen=True)
class Unavailability:
    """A block of time during which ``participant`` cannot meet.

    ``participant`` is a company id or one of ``ALL``, ``EXPORTERS``, ``BUYERS``.
    """

    participant: str
    day: date
    start: time
    end: time
    reason: str = ""


@dataclass(frozen=True)
class FixedMeeting:
    """A meeting that must take place at ``day``/``start`` (and ``table`` if given).

    ``source`` says why it is fixed: ``fixed`` (the roster's ``Fixed`` sheet),
    ``locked`` (marked by the coordinator in a published agenda) or ``frozen``
    (inside the re-planning notice horizon).

    ``sheet`` and ``row``: where the roster typed a ``fixed`` one (its sheet's name as
    typed, ``Rendez-vous fixés``), for the messages naming it: exit 3 said "(Fixed
    sheet)" of a French roster's rows, without their row (a French coordinator's
    tester). No part of what the meeting is: not compared, not in the fingerprint (a
    row moved up is no change).
    """

    exporter_id: str
    buyer_id: str
    day: date
    start: time
    table: int | None = None
    source: str = "fixed"
    sheet: str = field(default="", compare=False)
    row: int | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.exporter_id, self.buyer_id)


@dataclass(frozen=True)
class Slot:
    """One meeting slot. ``index`` is global and chronological (0, 1, ...).

    ``session`` is the global half-day index: ``2 * day_index`` for the
    morning, ``2 * day_index + 1`` for the afternoon.
    """

    index: int
    day_index: int
    day: date
    start: time
    end: time
    session: int

    @property
    def label(self) -> str:
        """``YYYY-MM-DD HH:MM``, how users name a slot."""
        return f"{self.day.isoformat()} {self.start:%H:%M}"


@dataclass(frozen=True)
class Meeting:
    """A scheduled meeting: a requested pair at a slot and a numbered table."""

    exporter_id: str
    buyer_id: str
    slot: int
    table: int
    interpreter: bool = False
    locked: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.exporter_id, self.buyer_id)


@dataclass(frozen=True)
class Schedule:
    """A set of meetings, kept sorted by (slot, table, exporter, buyer)."""

    meetings: tuple[Meeting, ...] = ()

    def __post_init__(self) -> None:
        ordered = tuple(
            sorted(self.meetings, key=lambda m: (m.slot, m.table, m.exporter_id, m.buyer_id))
        )
        object.__setattr__(self, "meetings", ordered)

    def __len__(self) -> int:
        return len(self.meetings)

    @cached_property
    def by_key(self) -> dict[tuple[str, str], Meeting]:
        """Meetings by pair (the last one wins if a pair is duplicated)."""
        return {m.key: m for m in self.meetings}

    @cached_property
    def _by_company(self) -> dict[str, tuple[Meeting, ...]]:
        """Each company's meetings, in time order, built in one pass: the agenda's
        Exporters and Buyers sheets asked for each of a trade fair's 1,600 companies by
        scanning all 12,000 meetings, 2.5 of the 10 s its agenda took to write."""
        of: dict[str, list[Meeting]] = {}
        for m in self.meetings:
            of.setdefault(m.exporter_id, []).append(m)
            if m.buyer_id != m.exporter_id:
                of.setdefault(m.buyer_id, []).append(m)
        return {cid: tuple(ms) for cid, ms in of.items()}

    def of_company(self, company_id: str) -> tuple[Meeting, ...]:
        """Meetings involving ``company_id``, in time order."""
        return self._by_company.get(company_id, ())


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _time(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def build_slots(mission: Mission) -> tuple[Slot, ...]:
    """The mission's slot grid.

    Each day, meetings of ``meeting_minutes`` run back to back from
    ``day_start``; a slot that would overlap a break starts at that break's end
    instead; the last slot ends no later than ``day_end``.
    """
    length = mission.meeting_minutes
    breaks = sorted((_minutes(s), _minutes(e)) for s, e in mission.breaks)
    boundary = _minutes(mission.half_day_boundary)
    slots: list[Slot] = []
    for d, day in enumerate(mission.dates):
        t = _minutes(mission.day_start)
        end_of_day = _minutes(mission.day_end)
        while t + length <= end_of_day:
            clash = [be for bs, be in breaks if bs < t + length and t < be]
            if clash:
                t = max(clash)
                continue
            session = 2 * d + (0 if t < boundary else 1)
            slots.append(Slot(len(slots), d, day, _time(t), _time(t + length), session))
            t += length
    return tuple(slots)


def request_weight(request: Request) -> int:
    """Value of holding ``request`` (objective tier 2, rule S2).

    Priority 1, 2, 3 is worth 6, 4, 2 points; a request made by both sides
    earns 6 more, so a mutual request of any priority outweighs a one-sided
    one. Wish ranks were already turned into priorities by the reader.
    """
    base = {1: 6, 2: 4, 3: 2}.get(request.priority, 2)
    return base + (6 if request.requested_by == RequestedBy.BOTH else 0)


def wish_priority(rank: int) -> int:
    """Priority of the ``rank``-th wish in a list (1-based): 1-3 -> 1, 4-6 -> 2, later -> 3."""
    if rank <= 3:
        return 1
    if rank <= 6:
        return 2
    return 3


def participants_of(company: Company) -> frozenset[str]:
    """The ``Unavailability.participant`` values that concern ``company``: its id,
    ``ALL`` and its side's group (rule H3)."""
    group = GROUP_EXPORTERS if company.side == Side.EXPORTER else GROUP_BUYERS
    return frozenset({company.id, GROUP_ALL, group})


def needs_interpreter(a: Company, b: Company) -> bool:
    """True when both companies list languages and share none (rule H5)."""
    if not a.languages or not b.languages:
        return False
    return not (set(a.languages) & set(b.languages))
