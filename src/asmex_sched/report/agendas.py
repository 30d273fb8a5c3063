"""The agenda of each company (:func:`build_company_agendas`): its meetings with the
counterpart's details, its unmet requests, its changes and the meetings to cancel in
calendars."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from asmex_sched.domain import (
    Agenda,
    Change,
    ChangeKind,
    Company,
    Mission,
    PublishedMeeting,
    Unavailability,
    already_held,
    already_held_in,
    edited_pairs,
    meeting_id,
    participants_of,
)
from asmex_sched.report.changes import changed_details, language_changes
from asmex_sched.report.names import _unique_stems
from asmex_sched.report.summary import calendar_id, calendar_sequence, planned_at
from asmex_sched.report.words import company_language, mission_place


# --------------------------------------------------------------- the data
@dataclass(frozen=True)
class AgendaLine:
    """One meeting as seen by one company."""

    meeting_id: str
    day: date
    start: time
    end: time
    table: int
    counterpart_id: str
    counterpart: str
    sectors: tuple[str, ...]
    contact: str
    email: str
    phone: str
    interpreter: bool
    moved: bool = False  # moved since the previous agenda


@dataclass(frozen=True)
class CancelledLine:
    """A meeting of the previous agenda that no longer takes place."""

    meeting_id: str
    day: date
    start: time
    end: time
    table: int | None
    counterpart_id: str
    counterpart: str
    reason: str = ""
    #: Where it was announced (:func:`mission_place` of the agenda that held it), when
    #: known: a cancelled event describes the meeting the companies hold, not the new
    #: venue a later agenda names (an outside reader); ``""``: the agenda's own.
    place: str = ""


@dataclass(frozen=True)
class ChangeLine:
    """One change of one company's agenda (added / moved / cancelled)."""

    kind: ChangeKind
    meeting_id: str
    counterpart_id: str
    counterpart: str
    old_day: date | None
    old_start: time | None
    old_table: int | None
    new_day: date | None
    new_start: time | None
    new_table: int | None
    reason: str = ""


@dataclass(frozen=True)
class UnmetLine:
    """A request involving the company that is not in the agenda."""

    counterpart_id: str
    counterpart: str
    reason: str  # a key of domain.REASONS (or the agenda's own text)
    detail: str = ""
    #: The counterpart's ``max_meetings`` 0: it takes no meeting ("has reached its
    #: maximum" was said of a company holding none; a second reader).
    counterpart_takes_none: bool = False


@dataclass(frozen=True)
class CompanyAgenda:
    """Everything one company's files say, in its language."""

    company: Company
    lang: str
    mission: Mission
    stem: str
    meetings: tuple[AgendaLine, ...]
    unmet: tuple[UnmetLine, ...] = ()
    changes: tuple[ChangeLine, ...] = ()
    cancelled: tuple[CancelledLine, ...] = ()
    stamp: datetime | None = None  # when the agenda was planned (mission-local, naive)
    sequence: int = 0  # SEQUENCE of its calendar events (calendar_sequence; 0: from stamp)
    calendar_id: str = ""  # the mission's part of every event UID (see calendar_id)
    #: Its other commitments: the mission's and its side's blocks, and its own.
    blocked: tuple[Unavailability, ...] = ()
    #: Its agenda language changed since the previous agenda (``English to French``:
    #: :func:`language_changes`), '' if not: ``report`` says why its files are sent
    #: again, from this rather than working it out a second time (a reader).
    relanguaged: str = ""


def honoured_departures(agenda: Agenda) -> tuple[Agenda, list[str]]:
    """The agenda with ``left_mission`` honoured only for companies whose meetings all
    started before it was planned (as ``plan`` marks them), and the ids typed ``yes``
    by hand for a company with meetings still to come (its agenda was silently not
    written: a second reader)."""
    stamp = planned_at(agenda)
    coming = {
        cid
        for m in agenda.meetings
        if stamp is None or datetime.combine(m.day, m.start) >= stamp
        for cid in m.key
    }
    still_here = sorted(agenda.departed & coming)
    if not still_here:
        return agenda, []
    return replace(agenda, departed=agenda.departed - coming), still_here


def unmet_not_held(agenda: Agenda) -> Agenda:
    """The agenda without the ``Unscheduled`` rows, nor the cancellations of its
    ``Changes`` sheet, of pairs its ``Meetings`` sheet holds: a meeting added by hand
    to an agenda not re-planned since was listed both in the company's meetings and
    among its requests that could not be scheduled, and counted twice in the
    organisers' summary (an auditor of the reasons); one typed back after a re-plan
    cancelled it was also told "cancelled" (a reader)."""
    held = {m.key for m in agenda.meetings}
    kept = tuple(u for u in agenda.unscheduled if (u.exporter_id, u.buyer_id) not in held)
    told = tuple(
        c for c in agenda.changes
        if c.kind != ChangeKind.CANCELLED or (c.exporter_id, c.buyer_id) not in held
    )  # fmt: skip
    if len(kept) == len(agenda.unscheduled) and len(told) == len(agenda.changes):
        return agenda
    return replace(agenda, unscheduled=kept, changes=told)


def _blocked(agenda: Agenda, company: Company) -> tuple[Unavailability, ...]:
    """The company's other commitments still to come at the agenda's ``planned_at``,
    in time order: the mission's and its side's blocks, and its own (a delegate's
    agenda showed none). One already over is not a commitment any more: a no-show
    recorded as an absence ("No-show") was listed on every later agenda of the company
    that missed the meeting (a simulated cron week)."""
    wanted = participants_of(company)
    stamp = planned_at(agenda)
    mine = (
        u
        for u in agenda.unavailability
        if u.participant in wanted
        and (stamp is None or datetime.combine(u.day, u.end) > stamp)
    )
    return tuple(sorted(mine, key=lambda u: (u.day, u.start, u.end, u.participant)))


def _add_minutes(t: time, minutes: int) -> time:
    total = min(t.hour * 60 + t.minute + minutes, 24 * 60 - 1)
    return time(total // 60, total % 60)


def build_company_agendas(
    agenda: Agenda,
    *,
    company_ids: Iterable[str] | None = None,
    lang: str | None = None,
    changes: Sequence[Change] | None = None,
    only_changed: bool = False,
    previous: Agenda | None = None,
    listed_before: frozenset[str] | None = None,
    reserved_stems: Iterable[str] = (),
    record: Collection[tuple[str, str, date, time]] | None = None,
    announced: Mission | None = None,
) -> list[CompanyAgenda]:
    """One :class:`CompanyAgenda` per company of ``agenda``, sorted by id.

    Parameters
    ----------
    company_ids
        Only these companies (ids must exist: the caller checks); all when ``None``.
    lang
        ``en`` or ``fr`` for every company; per company (:func:`company_language`)
        when ``None``.
    changes
        Differences to report (e.g. :func:`.changes.diff_agendas`); the agenda's own
        ``Changes`` sheet when ``None``.
    only_changed
        Keep only companies touched by ``changes``, or whose counterpart in a meeting
        still to come has new details (:func:`changed_details`, with ``previous``), or
        whose agenda is in another language than in ``previous``
        (:func:`language_changes`: sent nothing, a tester).
    previous
        The previous agenda, to name counterparts that have left the mission, and
        to tell each company the new details of its counterparts (change lines of
        kind ``details``).
    listed_before
        Without ``previous``: the ids of the companies of the agenda the Changes sheet
        was made against (its history copy), if known: a company not among them gets
        its first agenda without a block of "added" lines.
    reserved_stems
        File stems no company may take besides :data:`.names.RESERVED_STEMS` (the
        agenda's and ``previous``'s when the files are written beside them).
    record
        With ``changes`` over a span of runs: the (exporter, buyer, day, start) that
        were already past when the run changing them ran (the organisers' record, not
        news). A change is then history only at those times (or, edited by hand since
        the agenda was planned, before its ``planned_at``): by the agenda's own
        ``planned_at`` alone, a later cron run that changed nothing of a meeting
        booked for Thursday 09:00 on Wednesday night dropped it from Thursday noon's
        notices (a cron week's tester).
    announced
        Without ``previous``: the mission of the agenda the Changes sheet was made
        against (its history copy), if known. A cancelled meeting's calendar event
        names the place it was announced at (``previous``'s, else this one's), not a
        venue the mission moved to since.
    """
    known: dict[str, Company] = {c.id: c for c in (*agenda.exporters, *agenda.buyers)}
    # A company that left the mission gets no agenda (its held meetings stay in its
    # counterparts'); it is still named from the agenda.
    companies = {cid: c for cid, c in known.items() if cid not in agenda.departed}
    if previous is not None:
        for c in (*previous.exporters, *previous.buyers):
            known.setdefault(c.id, c)
    names_from_meetings: dict[str, str] = {}
    for m in (*agenda.meetings, *(previous.meetings if previous else ()), *agenda.changes):
        if m.exporter:
            names_from_meetings.setdefault(m.exporter_id, m.exporter)
        if m.buyer:
            names_from_meetings.setdefault(m.buyer_id, m.buyer)

    def name_of(cid: str) -> str:
        c = known.get(cid)
        return c.name if c else names_from_meetings.get(cid, "") or cid

    stamp = planned_at(agenda)
    by_hand = edited_pairs(agenda)

    def history(c: Change) -> bool:
        """Not news: :func:`~asmex_sched.domain.already_held`, at the time of the run
        that made it when ``record`` is given."""
        key = (c.exporter_id, c.buyer_id)
        if record is None or key in by_hand:
            return already_held(c, stamp)
        return already_held_in(c, lambda day, start: (*key, day, start) in record)

    # A second reader found 17 notices cancelling meetings held days before.
    changes = tuple(
        c for c in (agenda.changes if changes is None else changes) if not history(c)
    )
    # New details of a counterpart: one line per meeting still to come that is not
    # new (an added meeting shows the current details anyway), for the other party.
    details = changed_details(previous, agenda) if previous is not None else {}
    added = {(c.exporter_id, c.buyer_id) for c in changes if c.kind == ChangeKind.ADDED}
    details_of: dict[str, list[tuple[PublishedMeeting, str]]] = defaultdict(list)
    for m in agenda.meetings:
        if m.key in added or (stamp is not None and datetime.combine(m.day, m.start) < stamp):
            continue
        for cid, oid in (m.key, m.key[::-1]):
            if oid in details and cid != oid:
                details_of[cid].append((m, oid))
    # A company whose id was corrected (the agenda's former_ids): the meetings held and
    # the changes under its former ids are its own too; its calendar holds their events
    # (only its counterparts were told to cancel them, and its agenda left out what it
    # held under the old id; second readers).
    owner = {old: cid for old, cid in agenda.id_now.items() if cid in companies}
    former: dict[str, set[str]] = defaultdict(set)
    for old, cid in owner.items():
        former[cid].add(old)

    def readers(key: tuple[str, str]) -> list[str]:
        return list(dict.fromkeys(r for cid in key for r in (cid, owner.get(cid)) if r))

    # A company not in the previous agenda (a late registration) was sent nothing: its
    # first agenda has no "Changes since the previous agenda" of "added" lines (a
    # walkthrough as a coordinator).
    # Without --changed-since, the previous agenda's companies from its history copy
    # (listed_before), so that a full report agrees (a second reader).
    before = (
        {c.id for c in (*previous.exporters, *previous.buyers)} if previous else listed_before
    )
    first_time = frozenset(
        cid
        for cid in companies
        if before is not None and cid not in before and not (former.get(cid, set()) & before)
    )
    wanted = sorted(companies) if company_ids is None else sorted(set(company_ids))
    # a company whose agenda language changed: every text of its files did (a tester's
    # buyer, 'en; sw' corrected to 'fr', was counted "unchanged")
    relanguaged = language_changes(previous, agenda, lang) if previous is not None else {}
    if only_changed:
        # ... and gets it even with no meeting (it was counted "unchanged"; a cron
        # week's tester).
        touched = {cid for c in changes for cid in readers((c.exporter_id, c.buyer_id))}
        # ... and one whose agenda language changed
        wanted = [cid for cid in wanted
                  if cid in touched or cid in details_of or cid in first_time
                  or cid in relanguaged]  # fmt: skip
    stems = _unique_stems(list(companies.values()), reserved_stems)
    minutes = agenda.mission.meeting_minutes
    was_at = previous.mission if previous is not None else announced
    place = mission_place(was_at) if was_at is not None else ""

    meetings_of: dict[str, list[PublishedMeeting]] = defaultdict(list)
    for m in agenda.meetings:
        for cid in readers(m.key):
            meetings_of[cid].append(m)
    current = {m.key for m in agenda.meetings}
    holds = Counter(cid for m in agenda.meetings for cid in m.key)
    changes_of: dict[str, list[Change]] = defaultdict(list)
    for c in changes:
        for cid in readers((c.exporter_id, c.buyer_id)):
            changes_of[cid].append(c)
    moved = {(c.exporter_id, c.buyer_id) for c in changes if c.kind == ChangeKind.MOVED}
    if before is None:
        # The agenda alone (no history copy): a company whose every change is an added
        # meeting and whose every meeting is one of them had none before.
        first_time = frozenset(
            cid
            for cid in wanted
            if changes_of.get(cid)
            and all(c.kind == ChangeKind.ADDED for c in changes_of[cid])
            and {m.key for m in meetings_of.get(cid, ())} <= added
        )

    out: list[CompanyAgenda] = []
    for cid in wanted:
        company = companies[cid]

        def other(
            e: str, b: str, mine: frozenset[str] = frozenset({cid, *former.get(cid, ())})
        ) -> str:
            return b if e in mine else e

        lines = []
        for m in sorted(meetings_of.get(cid, ()), key=lambda m: (m.day, m.start, m.table, m.key)):
            oid = other(*m.key)
            oc = known.get(oid)
            listed = m.buyer if oid == m.buyer_id else m.exporter
            lines.append(
                AgendaLine(
                    meeting_id=m.meeting_id,
                    day=m.day,
                    start=m.start,
                    end=m.end,
                    table=m.table,
                    counterpart_id=oid,
                    counterpart=(oc.name if oc else "") or listed or oid,
                    sectors=oc.sectors if oc else (),
                    contact=oc.contact if oc else "",
                    email=oc.email if oc else "",
                    phone=oc.phone if oc else "",
                    interpreter=m.interpreter,
                    moved=m.key in moved,
                )
            )
        unmet = tuple(
            UnmetLine(
                other(u.exporter_id, u.buyer_id),
                name_of(other(u.exporter_id, u.buyer_id)),
                u.reason,
                u.detail,
                # none at all: one lowered to 0 after holding meetings has reached it
                # ("takes no meetings at this mission" beside its five; a reader)
                getattr(known.get(other(u.exporter_id, u.buyer_id)), "max_meetings", None) == 0
                and not holds[other(u.exporter_id, u.buyer_id)],
            )
            for u in sorted(agenda.unscheduled, key=lambda u: (u.exporter_id, u.buyer_id))
            if cid in (u.exporter_id, u.buyer_id)
        )
        change_lines = []
        cancelled = []
        for c in () if cid in first_time else changes_of.get(cid, ()):
            oid = other(c.exporter_id, c.buyer_id)
            mid = meeting_id(c.exporter_id, c.buyer_id)
            change_lines.append(
                ChangeLine(
                    c.kind,
                    mid,
                    oid,
                    name_of(oid),
                    c.old_day,
                    c.old_start,
                    c.old_table,
                    c.new_day,
                    c.new_start,
                    c.new_table,
                    c.reason,
                )
            )
            if (
                c.kind == ChangeKind.CANCELLED
                and (c.exporter_id, c.buyer_id) not in current
                and c.old_day is not None
                and c.old_start is not None
            ):
                cancelled.append(
                    CancelledLine(
                        mid,
                        c.old_day,
                        c.old_start,
                        _add_minutes(c.old_start, minutes),
                        c.old_table,
                        oid,
                        name_of(oid),
                        c.reason,
                        place,
                    )
                )
        # A meeting that also moved (or its interpreter booking changed): the new
        # details in its line, not a second line whose "before" is the new time (a cron
        # week's tester).
        listed = {line.meeting_id: i for i, line in enumerate(change_lines)
                  if line.kind in (ChangeKind.MOVED, ChangeKind.INTERPRETER)}  # fmt: skip
        for m, oid in details_of.get(cid, ()):
            if m.meeting_id in listed:
                i = listed[m.meeting_id]
                said = change_lines[i].reason
                change_lines[i] = replace(
                    change_lines[i], reason=f"{said}; {details[oid]}" if said else details[oid]
                )
                continue
            when = (m.day, m.start, m.table)
            change_lines.append(
                ChangeLine(ChangeKind.DETAILS, m.meeting_id, oid, name_of(oid), *when, *when,
                           details[oid])
            )  # fmt: skip
        # In the order of the times the company had (an added meeting at its new one),
        # as its meetings are listed; they came in meeting-id order (a reader).
        change_lines.sort(key=_change_time)
        out.append(
            CompanyAgenda(
                company=company,
                lang=company_language(company, lang),
                mission=agenda.mission,
                stem=stems[cid],
                meetings=tuple(lines),
                unmet=unmet,
                changes=tuple(change_lines),
                cancelled=tuple(cancelled),
                stamp=stamp,
                sequence=calendar_sequence(agenda),
                calendar_id=calendar_id(agenda),
                blocked=_blocked(agenda, company),
                relanguaged=relanguaged.get(cid, ""),
            )
        )
    return out


def _change_time(line: ChangeLine) -> tuple[date, time, str]:
    """A change line's place in a company's list: the time the company had (an added
    meeting's new time), then the counterpart."""
    had = line.old_day is not None
    day, start = (line.old_day, line.old_start) if had else (line.new_day, line.new_start)
    return (day or date.min, start or time.min, line.counterpart)
