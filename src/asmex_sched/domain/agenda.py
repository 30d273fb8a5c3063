"""A published agenda read back: :class:`Agenda`, and what tells it was edited by hand.

:func:`meetings_hash` is the hash of an agenda's meetings its Summary records;
:func:`edited_by_hand` and :func:`edited_pairs` compare the meetings with it and with
the agenda's ``As written`` copy; :func:`ends_typed_by_hand` and :func:`ends_not_read`
find and word the meeting ends typed over. Imports :mod:`.mission`, :mod:`.changes` and
:mod:`.results`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, time

from asmex_sched.domain.changes import Change, PublishedMeeting
from asmex_sched.domain.mission import Company, Mission, Unavailability
from asmex_sched.domain.results import Unscheduled


@dataclass(frozen=True)
class Agenda:
    """Everything an agenda workbook carries; enough for reports and re-planning.

    ``summary`` keeps the ``Summary`` sheet's rows as ``key -> text`` in order.
    """

    mission: Mission
    exporters: tuple[Company, ...]
    buyers: tuple[Company, ...]
    meetings: tuple[PublishedMeeting, ...]
    unscheduled: tuple[Unscheduled, ...] = ()
    changes: tuple[Change, ...] = ()
    summary: Mapping[str, str] = field(default_factory=dict)
    #: The meetings as ``plan`` wrote them (its hidden ``As written`` sheet), when the
    #: agenda has that sheet; ``meetings`` differ from them after a hand edit.
    as_written: tuple[PublishedMeeting, ...] | None = None
    #: Companies listed with ``left_mission``: they left after holding the meetings
    #: the agenda keeps as its record; they get no agenda of their own.
    departed: frozenset[str] = frozenset()
    #: The roster's unavailability (its own sheet; agendas written before it: none).
    unavailability: tuple[Unavailability, ...] = ()
    #: Whether the agenda has that sheet: one written before it lists no commitment,
    #: which is not "none" (a reader: every company's commitments read as changed).
    lists_commitments: bool = True
    #: ``(former id, id)`` of companies whose id was corrected (``Instance.former_ids``;
    #: the company sheets' ``former_ids`` column).
    former_ids: tuple[tuple[str, str], ...] = ()
    #: What a coordinator added that ``plan`` does not write again ("sheet 'My notes'",
    #: "column 'notes' of Meetings", "3 comments on Meetings (E5, H12, J40)"): a re-plan
    #: warns, naming the history copy.
    additions: tuple[str, ...] = ()
    #: ``(pair, end)`` of the Meetings rows whose end cell is not start +
    #: ``meeting_minutes`` (the cell is not read): see :func:`ends_typed_by_hand`.
    ends_typed: tuple[tuple[tuple[str, str], time], ...] = ()
    #: When the ``Meetings`` sheet has no ``locked`` column (deleted, or its header
    #: retyped as nothing the reader takes for it) and the agenda has its ``As
    #: written`` copy: the ids of the meetings that copy has locked, kept locked (maybe
    #: none); ``None`` when the column was read, or there is no such copy.
    locks_as_written: tuple[str, ...] | None = None
    #: The mission as ``plan`` wrote it (the Summary's ``mission_written``), when the
    #: agenda records it: ``mission`` is its Mission sheet, maybe typed over since; the
    #: meetings, ends and day grids plan wrote are read with this one (a re-check
    #: tester, session 67). ``None`` for an agenda written before the key.
    mission_written: Mission | None = None

    @property
    def input_hash(self) -> str:
        return str(self.summary.get("input_hash", ""))

    @property
    def id_now(self) -> dict[str, str]:
        """Each former id of a company (``former_ids``: its id corrected) -> its id now."""
        return dict(self.former_ids)

    @property
    def sent(self) -> tuple[PublishedMeeting, ...]:
        """The meetings the companies were told of: as ``plan`` wrote them (``report``
        warns on an agenda edited by hand since, so hand edits reach the companies
        only through the next re-plan's changes), else the ``Meetings`` sheet."""
        return self.meetings if self.as_written is None else self.as_written


def meetings_hash(rows: Iterable[tuple[str, str, date, time, int, bool]]) -> str:
    """SHA-256 of an agenda's meetings as (exporter, buyer, day, start, table,
    interpreter), recorded in its Summary: tells an agenda edited by hand from the one
    ``plan`` wrote (a change of ``locked`` alone is not an edit: it matters at the next
    re-plan, and needs none by itself)."""
    import hashlib

    text = "\n".join(
        f"{e}|{b}|{d.isoformat()}|{s.isoformat()}|{t}|{int(i)}" for e, b, d, s, t, i in sorted(rows)
    )
    return hashlib.sha256(text.encode()).hexdigest()


def ends_typed_by_hand(agenda: Agenda) -> list[str]:
    """The meetings whose end was typed over by hand (their end cell is neither start +
    ``meeting_minutes`` nor the end ``plan`` wrote there, which a meeting moved by hand
    by its start keeps): the cell is not read, and a longer meeting typed that way was
    undone without a word (a hand-editing tester). Each as ``pair (typed HH:MM, ends
    HH:MM)``; none for an agenda without its ``As written`` copy."""
    if agenda.as_written is None:
        return []
    written = {p.key: p.end for p in agenda.as_written}
    ends = {p.key: p.end for p in agenda.meetings}
    return [
        f"{key[0]}--{key[1]} (typed {typed:%H:%M}, ends {ends[key]:%H:%M})"
        for key, typed in agenda.ends_typed
        if key in ends and written.get(key) != typed
    ]


def ends_not_read(agenda: Agenda, where: str, writes: str) -> str | None:
    """The warning of :func:`ends_typed_by_hand` (``report`` and ``plan`` give it; None
    when no end was typed over): ``where`` the ends were typed, and who ``writes`` the
    end from the start instead."""
    ends = ends_typed_by_hand(agenda)
    if not ends:
        return None
    return (
        f"{len(ends)} meeting end(s) typed by hand in {where} are not read: a meeting lasts "
        f"meeting_minutes ({agenda.mission.meeting_minutes}) from its start, and {writes} "
        f"that end (for longer meetings, change meeting_minutes in the roster): "
        + "; ".join(ends)
    )


def edited_pairs(agenda: Agenda) -> frozenset[tuple[str, str]]:
    """The pairs whose meeting was moved, typed in or deleted by hand since ``plan``
    wrote the agenda (its ``As written`` copy; none without one): what no run's change
    or reason describes."""
    written = {p.key: (p.day, p.start, p.table) for p in agenda.sent}
    placed = {p.key: (p.day, p.start, p.table) for p in agenda.meetings}
    return frozenset(k for k in written.keys() | placed.keys() if written.get(k) != placed.get(k))


def edited_by_hand(agenda: Agenda) -> bool:
    """The agenda's meetings no longer match the ``meetings_hash`` it was written with,
    or, that hash cleared, its hidden ``As written`` copy (a hand move hidden by a
    cleared hash was neither re-planned nor warned of, and its calendar event kept its
    SEQUENCE; a hand-editing tester). Agendas written before session 8 have neither:
    never "edited"."""
    recorded = agenda.summary.get("meetings_hash", "")

    def rows(
        meetings: Iterable[PublishedMeeting],
    ) -> Iterator[tuple[str, str, date, time, int, bool]]:
        return ((p.exporter_id, p.buyer_id, p.day, p.start, p.table, p.interpreter)
                for p in meetings)  # fmt: skip

    if not recorded:
        return agenda.as_written is not None and (
            meetings_hash(rows(agenda.as_written)) != meetings_hash(rows(agenda.meetings))
        )
    return recorded != meetings_hash(rows(agenda.meetings))
