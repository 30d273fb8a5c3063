"""Re-planning against a published agenda: pins and differences (pure).

* :func:`pins` decides which published meetings may not move: those starting
  before ``now + notice_hours`` (frozen) and those the coordinator marked
  ``locked``. A pin is kept as long as both companies are still in the roster
  and the pair is still requested.
* :func:`diff` lists what changed for whom: added, moved (old and new time and
  table), cancelled (with the reason).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from asmex_sched.domain import (
    GROUP_ALL,
    GROUP_BUYERS,
    GROUP_EXPORTERS,
    Change,
    ChangeKind,
    Company,
    FixedMeeting,
    Instance,
    Placement,
    PublishedMeeting,
    Request,
    RequestedBy,
    Schedule,
    Side,
    diff_placements,
    end_reason,
    kept_in_place_reason,
    moved_reason,
    notice_horizon,
    party,
    strip_accents,
)


@dataclass(frozen=True)
class Pins:
    """What the published agenda imposes on the next plan."""

    #: Meetings that must stay exactly where they are (rule H8).
    pinned: tuple[FixedMeeting, ...]
    #: pair -> reason: frozen or locked meetings that can no longer take place
    #: where they are (a party was declared unavailable then, or the time is
    #: no longer a slot). Not held there: their pairs may meet at another time after
    #: the horizon (moved), else they are cancelled with this reason.
    cancelled: dict[tuple[str, str], str]
    #: Requests re-created for frozen meetings whose request was withdrawn while
    #: both companies stay: an announced (or already held) meeting is kept.
    revived: tuple[Request, ...] = ()
    #: now + ``notice_hours``: no meeting may start before it but the pinned ones (H9).
    horizon: datetime | None = None
    #: Companies that left the roster after holding meetings: kept for those alone
    #: (pinned, their requests revived), so the agenda stays a record of the mission
    #: and a company that comes back does not meet the same firm twice.
    departed: tuple[Company, ...] = ()
    #: ``(pair, interpreter)`` of the meetings already held (before ``now``), pinned
    #: or of the Fixed sheet, as booked: ``Instance.interpreter_booked``.
    interpreter_booked: frozenset[tuple[tuple[str, str], bool]] = frozenset()


def pins(
    instance: Instance,
    baseline: Sequence[PublishedMeeting],
    now: datetime,
    listed: Mapping[str, Company] | None = None,
    by_hand: Collection[tuple[str, str]] = (),
) -> Pins:
    """Published meetings that must stay exactly as published (rule H8).

    ``now`` is a naive datetime in the mission's timezone. Frozen = starting
    before ``now + notice_hours``; locked = marked ``locked`` by the coordinator.
    A pin is released only when a company left the roster before the meeting
    started (the meeting is then cancelled by :func:`diff`), or when a party
    declared itself unavailable at that time (cancelled, with the reason), or, for a
    locked one after the horizon, when its request was withdrawn (the coordinator's
    decision: cancelled by :func:`diff`; ``plan`` warns of the lock, which went without
    a word for a tester). A meeting
    already held with a company that left since is kept, a record of the mission
    (:func:`with_departed`), when that company is one the agenda lists (``listed``,
    its company sheets: an id mistyped by hand is not a company that left). Meetings
    of the roster's ``Fixed`` sheet are left to it: the roster is authoritative for them.
    A meeting still to come of a company whose id was corrected (see
    :func:`renamed_companies`) comes under the new id (:func:`under_new_ids`): pinned
    there where a frozen or locked one would be, as the companies were told it would
    not move (a cron week's tester). A meeting typed in by hand (``by_hand``: pairs the
    agenda as written does not hold) for a pair the roster does not request was never
    announced: not kept, as the docs say (it was kept inside the notice period, with an
    invented priority, and ``check`` passed it; a rule auditor).
    """
    listed = listed or {}
    horizon = notice_horizon(instance.mission, now)
    fixed_tables = {(f.day, f.start, f.table) for f in instance.fixed if f.table is not None}
    pinned: list[FixedMeeting] = []
    cancelled: dict[tuple[str, str], str] = {}
    revived: list[Request] = []
    held_by_departed: list[PublishedMeeting] = []
    for p in sorted(baseline, key=lambda p: (p.day, p.start, p.table, p.key)):
        gone = [cid for cid in p.key if cid not in instance.companies]
        if gone:
            slot = instance.slot_of(p.day, p.start)
            if (
                slot is not None
                and p.key not in by_hand  # typed in with a company that left: not its record
                and datetime.combine(p.day, p.start) < now
                and all(c in listed for c in gone)
                and all(slot.index in instance.available[c] for c in p.key if c not in gone)
            ):
                held_by_departed.append(p)
            continue  # otherwise a party left: cancelled, see diff()
        if p.key in instance.fixed_slots:
            continue
        frozen = datetime.combine(p.day, p.start) < horizon
        if not (frozen or p.locked):
            continue
        # A meeting the coordinator locked stays shown as locked once frozen too: the
        # mark vanished from the agenda at the first re-plan inside the horizon (a
        # walkthrough as a coordinator).
        kind = "locked" if p.locked else "frozen"
        withdrawn = p.key not in instance.request_by_key
        if withdrawn and p.key in by_hand:
            continue  # never announced: dropped (services.hand_edits._warn_unrequested_rows)
        if withdrawn:
            if not frozen:
                continue  # a locked future meeting whose request was withdrawn: cancelled
            revived.append(revived_request(p))
        slot = instance.slot_of(p.day, p.start)
        away = [] if slot is None else [c for c in p.key if slot.index not in instance.available[c]]
        if withdrawn and (slot is None or away) and datetime.combine(p.day, p.start) >= now:
            # Still to come, kept only because it was announced: it is not booked
            # again elsewhere, and its companies were told "no other common time was
            # free" when many were (a second reader's finding). One already held keeps
            # the absence as its reason (a no-show; a second reader).
            cancelled[p.key] = WITHDRAWN
            continue
        if slot is None:
            cancelled[p.key] = f"{kind} meeting: its time is no longer a slot of the programme"
            continue
        closed = instance.closed_to(slot, p.key) if away else None
        if closed:  # the mission's programme, not the companies (a second reader)
            cancelled[p.key] = f"{kind} meeting: " + CLOSED_THEN.format(whom=CLOSED_TO[closed])
            continue
        if away:
            who = _names(instance, p, away)
            # "was/were declared": the block may be the mission's or a side's (ALL)
            verb = "were" if len(away) > 1 else "was"
            cancelled[p.key] = f"{kind} meeting: {who} {verb} declared unavailable then"
            continue
        # A table that no longer exists (fewer tables now) is given anew; the time stays.
        # Before the horizon, the tables the agenda as written used there still exist
        # (``Instance.tables_at``: a meeting held keeps its table; one typed by hand at
        # a table that never existed does not). A fixed meeting of the roster claiming
        # this table wins; the time stays.
        tables = (
            instance.tables_at(slot.index)
            if frozen and slot is not None
            else instance.mission.tables
        )
        table = p.table if 1 <= p.table <= tables else None
        if (p.day, p.start, table) in fixed_tables:
            table = None
        pinned.append(FixedMeeting(p.exporter_id, p.buyer_id, p.day, p.start, table, kind))
    revived = [r for r in revived if r.key not in cancelled]
    record = with_departed(instance, held_by_departed, listed)
    departed = tuple(record.companies[cid] for cid in sorted(record.departed))
    revived += [r for r in record.requests if r.key not in instance.request_by_key]
    for p in held_by_departed:
        slot = instance.slot_of(p.day, p.start)
        tables = instance.tables_at(slot.index) if slot is not None else instance.mission.tables
        table = p.table if 1 <= p.table <= tables else None  # held: keeps its table
        if (p.day, p.start, table) in fixed_tables:
            table = None
        kind = "locked" if p.locked else "frozen"  # the coordinator's mark stays shown
        pinned.append(FixedMeeting(p.exporter_id, p.buyer_id, p.day, p.start, table, kind))
    # Held meetings of the Fixed sheet too, where the roster still fixes them (a
    # second reader: exit 3 for a fixed meeting held before a language was corrected).
    where = {(p.key, p.day, p.start) for p in baseline}
    kept = {f.key for f in pinned} | {
        f.key for f in instance.fixed if (f.key, f.day, f.start) in where
    }
    booked = frozenset(
        (p.key, p.interpreter)
        for p in baseline
        if p.key in kept and datetime.combine(p.day, p.start) < now
    )
    return Pins(tuple(pinned), cancelled, tuple(revived), horizon, departed, booked)


#: Why a meeting of a time already past is booked again: it did not take place then.
NOT_HELD = "the meeting did not take place at the published time"
#: Why a meeting whose request left the roster is cancelled.
WITHDRAWN = "the meeting request was withdrawn"
#: Said after the reason a meeting was cancelled, over a span of cron runs in which it
#: was booked again at another time (``report --changed-since``).
BOOKED_AGAIN = "then booked again at another time"
#: The same when it was booked again at its time, at another table ("at another time"
#: was said of a time that had not changed; a cron tester).
BOOKED_AGAIN_TABLE = "then booked again at another table"
#: Said between the reason a meeting left its announced time and the reason it was
#: cancelled, over a span of cron runs in which it was moved, then cancelled at its new
#: time (``report --changed-since``): the cancellation's reason alone, "fewer
#: interpreters at the published time", was told for a time on a day since closed (a
#: venue tester).
CANCELLED_AFTER_MOVE = "then moved to another time, and cancelled there"
#: The same when it left its announced time cancelled, was booked again at another
#: time by a later run, and cancelled there by a later one still: the last
#: cancellation's reason alone, "the interpreter at the published time is needed", was
#: told of the time the companies hold, about a Friday time they were never sent (a
#: cron week's tester, a coordinator who skipped mailings).
REBOOKED_CANCELLED = "then booked again at another time, and cancelled there"
#: Said after the reason a meeting left its announced time when a later cron run of
#: the span moved it again (``report --changed-since``): the later run's reason alone,
#: about the time it had then, was told of the time the companies hold (a second
#: reader: "to make room for a meeting the organisers set at the published time" of a
#: time the buyer had declared itself away at).
MOVED_AGAIN = "then moved again"
#: Why a meeting moves when its time in the Fixed sheet was changed: the organisers'
#: doing, told "moved to make room for other meetings" (a cron week's tester).
FIXED_MOVED = "set at another time by the organisers (Fixed sheet)"
#: Why a meeting is added, the planner having found it a time.
NEW_MEETING = "new meeting"
#: Why a meeting is added when a Fixed row sets it: "new meeting" read as though the
#: planner had found the time (an outside tester).
FIXED_ADDED = "set by the organisers (Fixed sheet)"
#: Why a meeting moves (or goes) when a party now sends fewer delegates than it held
#: meetings at the published time; ``who`` names it, ``verb`` agrees ("moved to make
#: room for other meetings" was said; a cron week's tester).
FEWER_DELEGATES = "{who} now {verb} fewer delegates than meetings at the published time"
#: Why a meeting is cancelled when a party's max_meetings is now 0.
TAKES_NONE = "{who} takes no meetings at this mission (max_meetings 0)"
#: The same for the mission's tables and interpreters, lowered in the Mission sheet.
FEWER_TABLES = "the mission now has fewer tables than meetings at the published time"
FEWER_INTERPRETERS = (
    "the mission now has fewer interpreters than meetings needing one at the published time"
)
#: Why a meeting needing an interpreter moves or goes when both companies are still
#: free at its time, a table too, but every interpreter there is booked for another
#: meeting ("its time went to other meetings" was disputed: "we were both free"; a
#: coordinator's tester).
INTERPRETER_TAKEN = "the interpreter at the published time is needed for another meeting"
#: The same for a meeting held without an interpreter that now needs one (a language
#: corrected), when none is free at its time ("its time went to other meetings, and no
#: other common time is free for it" was said, both halves false; a second reader).
NEEDS_INTERPRETER = (
    "the two companies now need an interpreter, but none is free at the published time"
)
#: Its wording until session 33 ("and none", then ", and no other common time …": two
#: "and"s in a row; a mission-week tester), as history copies' Changes sheets hold it.
NEEDS_INTERPRETER_BEFORE = NEEDS_INTERPRETER.replace(", but none", ", and none")
#: Why a published meeting is cancelled though its time was still free for it in the
#: new plan, and no party is at its maximum (a plan cut short by its time budget): "its
#: time went to other meetings" was said of an empty time (a second reader).
NOT_KEPT = "its time was still free for it, but the new plan did not hold it"
#: The same for a meeting moved ("moved to make room for other meetings" was said).
MOVED_THOUGH_FREE = "moved by the new plan, though its time was still free for it"
#: The end of a cancelled meeting's reason when the new plan has no other common time
#: free for it.
NONE_FREE = "no other common time is free for it"
#: The reasons when nothing more particular applies.
TIME_TAKEN_HEAD = "its time went to other meetings"
TIME_TAKEN = f"{TIME_TAKEN_HEAD}, and {NONE_FREE}"
#: Why a cancelled meeting is held at no other time when its two companies share free
#: times in the new plan and neither is at its maximum (a budget that ended first):
#: "no other common time is free" was said, and the agenda showed 37 (a recipients'
#: tester). After the cause, joined by ``; ``, or alone.
NOT_REBOOKED = "the new plan found no other time for it"
#: Why a cancelled meeting is held at no other time when a party holds its maximum
#: number of meetings, its maximum not lowered (one meeting given for another: "you
#: have reached your maximum" was disputed; a cron week's tester).
AT_MAXIMUM = "{who} is at its maximum number of meetings with other companies (max_meetings {n})"
MOVED_FOR_ROOM = "moved to make room for other meetings"
#: The same when one of its companies now holds, at the published time, a meeting the
#: organisers set there: the Fixed sheet's, one locked in the agenda, or one typed or
#: moved there by hand ("to make room for other meetings" was said of a meeting a
#: locked hand move displaced; a hand-editing tester).
MOVED_FOR_SET = "moved to make room for a meeting the organisers set at the published time"
#: Why a meeting whose time left the programme (days, hours, breaks) moves or goes.
GONE_FROM_PROGRAMME = "the published time is no longer a slot of the programme"
#: Why a meeting moves or goes when Unavailability rows for ALL, EXPORTERS or BUYERS
#: now cover its time (an opening ceremony, a site visit): the mission's programme, not
#: the companies' absence (an ALL row read "X and Y are no longer available", a second
#: reader). ``CLOSED_THEN`` for a frozen or locked one that could not move.
CLOSED = "the published time is now closed to meetings for {whom}"
CLOSED_THEN = "its time was closed to meetings for {whom}"
#: Why a meeting is cancelled and added again when a company's id was corrected in the
#: roster (:func:`renamed_companies`): its events' UIDs are made of the ids, so it is
#: announced again under the new one; "left the mission" and "new meeting" were said
#: (a cron week's tester). ``ids``: ``Name (old, now new)``, two joined by `` and ``
#: (:func:`renamed_ids`); "reference" is the agendas' word for an id.
RENAMED_CANCEL = "new reference for {ids}: the meeting is announced again under it"
RENAMED_ADDED = "new reference for {ids}: the same meeting, announced again under it"
RENAMED_MOVED = "new reference for {ids}: the meeting is announced again under it, at another time"
CLOSED_TO = {
    # "for the whole mission" read "for the rest of the mission" (a coordinator's tester)
    GROUP_ALL: "all participants",
    GROUP_EXPORTERS: "all exporters",
    GROUP_BUYERS: "all buyers",
}


def returned_under_new_id(
    instance: Instance, departed: Sequence[Company]
) -> list[tuple[Company, Company]]:
    """``(company in the roster, company that left)`` pairs of the same side with the same
    name (case, accents, spacing and punctuation aside) but not the same id. The agenda
    keeps the held meetings under the old id; a company registered again under a new one
    is taken as the same company, not booked again with a firm it met
    (:func:`met_under_former_ids`), and the coordinator is told to give it its old id back
    to keep its agenda under one id."""

    gone = {name_key(c): c for c in departed}
    return [
        (c, gone[name_key(c)])
        for c in (*instance.exporters, *instance.buyers)
        if name_key(c) in gone
        and c.id != gone[name_key(c)].id
        and c.id not in instance.departed
    ]


def namesakes(instance: Instance, departed: Sequence[Company]) -> dict[str, list[Company]]:
    """Id of each company of ``departed`` -> the companies of the roster with its name
    (:func:`returned_under_new_id`): one is the same company back under a new id; with
    two, which one it is cannot be told."""
    out: dict[str, list[Company]] = {}
    for back, gone in returned_under_new_id(instance, departed):
        out.setdefault(gone.id, []).append(back)
    return out


def name_key(company: Company) -> tuple[Side, str]:
    """A company's side and name, case, accents, spacing and punctuation aside."""
    return company.side, "".join(c for c in strip_accents(company.name).casefold() if c.isalnum())


def renamed_companies(
    instance: Instance,
    listed: Mapping[str, Company],
    baseline: Sequence[PublishedMeeting],
    now: datetime,
    former_ids: Sequence[tuple[str, str]] = (),
) -> dict[str, Company]:
    """Old id -> the roster's company, for each company of the published agenda
    (``listed``) with meetings still to come (from ``now``) that is no longer in the
    roster while one company of the same side and name (:func:`name_key`) is, under an
    id the agenda does not list: an id corrected in the roster. Its meetings to come are
    announced again under the new id (the events' UIDs are made of the ids), kept where
    they were when they still fit (:func:`pins`, and the planner's stability). A name
    that two companies share on either side is left out: which one is meant? A company
    given back one of its former ids (``former_ids``, the agenda's links), as ``plan``'s
    warning advises, is one too, whatever its name (its former id is listed: it was
    not taken as one, and its frozen meetings were cancelled as "left"; a reader). A
    company under the id of one that left (listed for its record) is not one: after an
    id and a name changed together, nothing tells it from another firm given the freed
    id, not even an e-mail address (an agent's may register several firms: such a
    link cancelled a firm's meeting as "already met"; a second reader)."""
    to_come = {cid for p in baseline if datetime.combine(p.day, p.start) >= now for cid in p.key}
    gone = [c for cid, c in listed.items() if cid in to_come and cid not in instance.companies]
    gone_ids = {c.id for c in gone}
    back = {
        cid: instance.companies[old]
        for old, cid in former_ids
        if old in instance.companies and cid in gone_ids
    }
    gone = [c for c in gone if c.id not in back]
    new = [c for c in (*instance.exporters, *instance.buyers) if c.id not in listed]
    olds, news = Counter(map(name_key, gone)), Counter(map(name_key, new))
    by_key = {name_key(c): c for c in new if news[name_key(c)] == 1}
    return back | {
        c.id: by_key[name_key(c)]
        for c in sorted(gone, key=lambda c: c.id)
        if olds[name_key(c)] == 1 and name_key(c) in by_key
    }


def former_id_links(
    carried: Sequence[tuple[str, str]], renamed: Mapping[str, Company], instance: Instance
) -> tuple[tuple[str, str], ...]:
    """``(former id, id)`` of each company of the roster: the published agenda's links
    (``carried``) followed through this run's corrections (``renamed``, old id ->
    company), and those corrections; a link to a company no longer in the roster is
    dropped; a former id given back links the other way."""
    new = {old: c.id for old, c in renamed.items()}
    links = {(old, new.get(cid, cid)) for old, cid in carried} | set(new.items())
    # A former id given back by a company whose corrected id held all its meetings
    # (none to come, so not in ``renamed``): linked the other way (a reader).
    links |= {
        (cid, old)
        for old, cid in carried
        if cid not in instance.companies and old in instance.companies and cid not in new
    }
    # An id given back is no former id of its company (a link to itself made each
    # later run drop its held meetings' requests, and fail; a reader).
    return tuple(
        sorted((old, cid) for old, cid in links if cid in instance.companies and old != cid)
    )


def met_under_former_ids(
    instance: Instance,
    kept: Sequence[PublishedMeeting],
    now: datetime,
    links: Sequence[tuple[str, str]],
) -> frozenset[tuple[str, str]]:
    """The pairs, under the ids of the roster, that met under a former id (``links``,
    ``(former id, id)``): a meeting of ``kept`` (the record) started before ``now``. Not
    to be booked again (``plan`` drops their requests, ``check`` scores without them).
    A pair kept under its own id is not one (it is pinned)."""
    renamed = {old: instance.companies[cid] for old, cid in links if cid in instance.companies}
    held = {p.key for p in kept}
    return frozenset(
        key
        for p in kept
        if datetime.combine(p.day, p.start) < now
        and (key := under_new_ids(p, renamed).key) not in held
    )


def under_new_ids(p: PublishedMeeting, renamed: Mapping[str, Company]) -> PublishedMeeting:
    """A published meeting with the corrected ids and names of ``renamed``."""
    e, b = renamed.get(p.exporter_id), renamed.get(p.buyer_id)
    return replace(
        p,
        exporter_id=e.id if e else p.exporter_id,
        exporter=e.name if e else p.exporter,
        buyer_id=b.id if b else p.buyer_id,
        buyer=b.name if b else p.buyer,
    )


def revived_request(p: PublishedMeeting) -> Request:
    """The request of a published meeting kept after its request left the roster
    (withdrawn, or a company that left), from the agenda's row."""
    try:
        by = RequestedBy(p.requested_by)
    except ValueError:
        by = RequestedBy.EXPORTER
    return Request(p.exporter_id, p.buyer_id, p.priority or 3, by)


def with_departed(
    instance: Instance,
    held: Sequence[PublishedMeeting],
    listed: Mapping[str, Company] | None = None,
) -> Instance:
    """``instance`` plus the companies of ``held`` that are not in it (they left the
    roster after holding these meetings), as the agenda lists them (``listed``: their
    languages keep the meetings' interpreters), else rebuilt from the meeting rows (id,
    name, side; as many delegates as it held meetings at once), plus the requests of
    those meetings. Only these meetings can involve them: they have no other request."""
    listed = listed or {}
    sides = {Side.EXPORTER: 0, Side.BUYER: 1}
    rows: dict[str, list[PublishedMeeting]] = {}
    side_of: dict[str, Side] = {}
    for p in held:
        for cid, side in zip(p.key, sides, strict=True):
            if cid not in instance.companies:
                rows.setdefault(cid, []).append(p)
                side_of[cid] = side
    if not rows:
        return instance
    companies: list[Company] = []
    for cid, meetings in sorted(rows.items()):
        side = side_of[cid]
        names = [p.exporter if side == Side.EXPORTER else p.buyer for p in meetings]
        at_once = max(Counter((p.day, p.start) for p in meetings).values())
        company = listed.get(cid)
        if company is None or company.side != side:
            company = Company(cid, next((n for n in names if n), cid), side)
        companies.append(
            replace(company, delegates=max(company.delegates, at_once), max_meetings=None)
        )
    requests = list(instance.requests)
    known = {r.key for r in requests}
    for p in held:
        if p.key not in known and any(cid in rows for cid in p.key):
            requests.append(revived_request(p))
            known.add(p.key)
    return instance.replace(
        exporters=instance.exporters + tuple(c for c in companies if c.side == Side.EXPORTER),
        buyers=instance.buyers + tuple(c for c in companies if c.side == Side.BUYER),
        requests=tuple(requests),
        departed=instance.departed | frozenset(rows),
    )


def with_record(
    instance: Instance,
    published: Sequence[PublishedMeeting],
    now: datetime,
    listed: Mapping[str, Company],
    by_hand: Collection[tuple[str, str]] = (),
) -> Instance:
    """``instance`` with what :func:`pins` keeps of an agenda planned at ``now``, for
    ``check``: the meetings held before ``now`` with a company the agenda lists that has
    left the roster (:func:`with_departed`), and the requests of frozen meetings (before
    ``now`` + notice) whose request was withdrawn. ``check`` failed both as "not
    requested" (second readers)."""
    held = [
        p
        for p in published
        if datetime.combine(p.day, p.start) < now
        and p.key not in by_hand  # typed in by hand: not the record (a reader)
        and any(cid not in instance.companies for cid in p.key)
        and all(cid in instance.companies or cid in listed for cid in p.key)
    ]
    out = with_departed(instance, held, listed)
    horizon = notice_horizon(out.mission, now)
    kept = [
        revived_request(p)
        for p in published
        if datetime.combine(p.day, p.start) < horizon
        and all(cid in out.companies for cid in p.key)
        and p.key not in out.request_by_key
        and p.key not in by_hand  # typed in, never announced: not requested (H1)
    ]
    return out.replace(requests=out.requests + tuple(kept)) if kept else out


def planning_instance(instance: Instance, pin: Pins) -> Instance:
    """The instance actually planned: revived requests added, and no meeting before the
    horizon but the pinned ones (rule H9). A released pin (:attr:`Pins.cancelled`) is
    not held where it was, but its request stays: the pair may meet at another time
    after the horizon, in this run (announced as moved), as a later run would book it
    anyway (a second reader: cancelled, then re-booked by the next run that had any
    other change, two notices instead of one)."""
    if not (pin.cancelled or pin.revived or pin.pinned) and pin.horizon is None:
        return instance
    requests = list(instance.requests)
    return instance.replace(
        exporters=instance.exporters + tuple(c for c in pin.departed if c.side == Side.EXPORTER),
        buyers=instance.buyers + tuple(c for c in pin.departed if c.side == Side.BUYER),
        departed=frozenset(c.id for c in pin.departed),
        requests=tuple(requests) + pin.revived,
        horizon=pin.horizon,
        pinned=pin.pinned,
        interpreter_booked=pin.interpreter_booked,
    )


def _names(instance: Instance, p: PublishedMeeting, cids: Sequence[str]) -> str:
    """``Name (id)`` of each company, from the roster or (one that left) the agenda."""

    def one(cid: str) -> str:
        company = instance.companies.get(cid)
        name = company.name if company else (p.exporter if cid == p.exporter_id else p.buyer)
        return party(cid, name)

    return " and ".join(one(cid) for cid in cids)


def _away(instance: Instance, p: PublishedMeeting) -> str:
    """The parties no longer available at the published time, by name, with their verb:
    ``X is`` or ``X and Y are`` ('' if none)."""
    slot = instance.slot_of(p.day, p.start)
    if slot is None:
        return ""
    away = [cid for cid in p.key if slot.index not in instance.available[cid]]
    if not away:
        return ""
    return f"{_names(instance, p, away)} {'are' if len(away) > 1 else 'is'}"


def _unavailable(instance: Instance, p: PublishedMeeting) -> str:
    """Why the published time no longer suits the meeting, the programme's time being
    still a slot: closed to a whole group, or its parties away ('' if neither)."""
    slot = instance.slot_of(p.day, p.start)
    closed = instance.closed_to(slot, p.key) if slot is not None else None
    if closed:
        return CLOSED.format(whom=CLOSED_TO[closed])
    away = _away(instance, p)
    return f"{away} no longer available at the published time" if away else ""


@dataclass(frozen=True)
class AtOnce:
    """The published agenda's meetings at each time: per company (under its id now,
    too, when it was corrected), in all, and with an interpreter."""

    company: Mapping[tuple[str, date, time], int]
    meetings: Mapping[tuple[date, time], int]
    interpreted: Mapping[tuple[date, time], int]
    #: The meetings that the fewer tables, and the fewer interpreters, forced out of
    #: their time (:meth:`forced_out`); None: not known, any meeting that left may be.
    short_of_tables: frozenset[tuple[str, str]] | None = None
    short_of_interpreters: frozenset[tuple[str, str]] | None = None
    #: (company, meeting): the meetings a company's fewer delegates forced out.
    short_of_delegates: frozenset[tuple[str, tuple[str, str]]] | None = None

    @classmethod
    def of(
        cls,
        instance: Instance,
        old: Sequence[PublishedMeeting],
        renamed: Mapping[str, Company] | None = None,
    ) -> AtOnce:
        """Counted over the published meetings that could still hold: both parties
        still in the mission (under a corrected id too) and the request still there. A
        company that left took its meetings and, with ``tables`` left blank, its tables:
        "fewer tables" was said of a time with a table free (a reviewer)."""
        renamed = renamed or {}
        company: Counter[tuple[str, date, time]] = Counter()
        meetings: Counter[tuple[date, time]] = Counter()
        interpreted: Counter[tuple[date, time]] = Counter()
        for p in old:
            key = under_new_ids(p, renamed).key if renamed else p.key
            if not _may_hold(instance, key):
                continue
            for was, cid in zip(p.key, key, strict=True):
                company[(cid, p.day, p.start)] += 1
                if was != cid:  # a corrected id's meetings, under its old id too
                    company[(was, p.day, p.start)] += 1
            meetings[(p.day, p.start)] += 1
            interpreted[(p.day, p.start)] += int(p.interpreter)
        return cls(company, meetings, interpreted)

    def forced_out(
        self,
        instance: Instance,
        old: Sequence[PublishedMeeting],
        left: Callable[[PublishedMeeting], bool],
        renamed: Mapping[str, Company] | None = None,
    ) -> AtOnce:
        """These counts with the meetings that the fewer tables, interpreters and
        delegates forced out: at a time that held ``n`` more meetings than the mission
        now has tables, ``n`` of those that ``left`` it (moved or cancelled), those on
        the highest tables (first those that no longer exist); the same for
        interpreters, among the interpreted ones, those already forced out by the
        tables first; and for a company's delegates, among its own meetings. A table
        fewer from 12 was the reason told to every meeting that left each time, 7 at
        one of them, where the same re-plan gave 6 of their places to new meetings (an
        on-site tester): those are told their time went to other meetings. Both ids of
        a meeting under a corrected id."""
        renamed = renamed or {}
        tables, interpreters = instance.mission.tables, instance.mission.interpreters
        now = {p.key: under_new_ids(p, renamed).key for p in old}  # its ids today
        gone: dict[tuple[date, time], list[PublishedMeeting]] = defaultdict(list)
        for p in old:  # those counted above (they could still hold) that left
            if _may_hold(instance, now[p.key]) and left(p):
                gone[(p.day, p.start)].append(p)

        def keys(ps: Iterable[PublishedMeeting]) -> set[tuple[str, str]]:
            return {k for p in ps for k in (p.key, now[p.key])}

        by_tables: set[tuple[str, str]] = set()
        by_interpreters: set[tuple[str, str]] = set()
        by_delegates: set[tuple[str, tuple[str, str]]] = set()
        for at, ps in sorted(gone.items()):
            ps.sort(key=lambda p: (-(p.table or 0), p.key))
            first = ps[: max(0, self.meetings.get(at, 0) - tables)]
            by_tables |= keys(first)
            forced = {p.key for p in first}  # those first: they free an interpreter too
            interpreted = sorted(
                (p for p in ps if p.interpreter), key=lambda p: p.key not in forced
            )
            by_interpreters |= keys(
                interpreted[: max(0, self.interpreted.get(at, 0) - interpreters)]
            )
            for cid in sorted({c for p in ps for c in now[p.key]}):
                mine = [p for p in ps if cid in now[p.key]]
                excess = self.company.get((cid, *at), 0) - instance.companies[cid].delegates
                by_delegates |= {(cid, k) for k in keys(mine[: max(0, excess)])}
        return replace(
            self,
            short_of_tables=frozenset(by_tables),
            short_of_interpreters=frozenset(by_interpreters),
            short_of_delegates=frozenset(by_delegates),
        )


def _may_hold(instance: Instance, key: tuple[str, str]) -> bool:
    """Whether a published meeting (``key`` under today's ids) could still hold: both
    parties still in the mission and the request still there."""
    return key in instance.request_by_key and all(
        cid in instance.companies and cid not in instance.departed for cid in key
    )


def _fewer_delegates(instance: Instance, p: PublishedMeeting, at_once: AtOnce | None) -> str:
    """Why ``p`` could not stay at its published time, when the mission now has less
    of what that time held: :data:`FEWER_DELEGATES` for the parties that held more
    meetings then than they now send delegates, else :data:`FEWER_TABLES` or
    :data:`FEWER_INTERPRETERS` ('' if none; a cron week's testers: each was told "moved
    to make room for other meetings")."""
    if at_once is None:
        return ""
    fewer = [
        cid
        for cid in p.key
        if cid in instance.companies
        and at_once.company.get((cid, p.day, p.start), 0) > instance.companies[cid].delegates
        and (at_once.short_of_delegates is None or (cid, p.key) in at_once.short_of_delegates)
    ]
    if fewer:
        return FEWER_DELEGATES.format(
            who=_names(instance, p, fewer), verb="send" if len(fewer) > 1 else "sends"
        )
    if at_once.meetings.get((p.day, p.start), 0) > instance.mission.tables and (
        at_once.short_of_tables is None or p.key in at_once.short_of_tables
    ):
        return FEWER_TABLES
    if (
        p.interpreter
        and at_once.interpreted.get((p.day, p.start), 0) > instance.mission.interpreters
        and (at_once.short_of_interpreters is None or p.key in at_once.short_of_interpreters)
    ):
        return FEWER_INTERPRETERS
    return ""


def _maximum_reached(instance: Instance, p: PublishedMeeting, cid: str, lowered: bool) -> str:
    """The sentence of ``cid`` holding its maximum number of meetings: reached (its
    maximum ``lowered``), none at all (0), or at it with other companies."""
    c = instance.companies[cid]
    who = _names(instance, p, [cid])
    if instance.max_meetings_of(cid) == 0:  # none "reached" at 0 (a second reader); 0
        return TAKES_NONE.format(who=who)  # after meetings held: reached (a reader)
    if lowered:
        return f"{who} has reached its maximum number of meetings (max_meetings {c.max_meetings})"
    return AT_MAXIMUM.format(who=who, n=c.max_meetings)


def _cancel_reason(
    instance: Instance,
    p: PublishedMeeting,
    lowered: frozenset[str] = frozenset(),
    at_once: AtOnce | None = None,
    elsewhere: str = "",
) -> str:
    """Why a published meeting is cancelled; ``lowered``: the companies whose new plan
    holds as many meetings as their ``max_meetings`` and fewer than before (a maximum
    lowered: a company at its maximum before and after, one meeting given for another,
    was told "you have reached your maximum"; a cron week's tester); ``at_once`` as
    :func:`_fewer_delegates`; ``elsewhere``: why the new plan holds it at no other time
    when that is not that no other common time is free (``diff``'s
    ``why_not_elsewhere``), said after the cause."""

    def then(cause: str) -> str:
        return f"{cause}; {elsewhere}" if elsewhere else f"{cause}, and {NONE_FREE}"

    missing = [cid for cid in p.key if cid not in instance.companies or cid in instance.departed]
    if missing:
        return f"{_names(instance, p, missing)} left the mission"
    if p.key not in instance.request_by_key:
        return WITHDRAWN
    if not instance.candidates[p.key]:
        # The first cause the companies are told: the programme (a day removed was
        # told "no common available time left" alone: a second reader), else who is
        # away. _unavailable is empty when the time is no longer a slot.
        why = _unavailable(instance, p)
        first = (
            f"{GONE_FROM_PROGRAMME}, and "
            if instance.slot_of(p.day, p.start) is None
            else f"{why}, and "
            if why
            else ""
        )
        if instance.only_before_horizon(p.key):
            return (
                f"{first}the two companies have no common available time left after "
                f"{instance.horizon:%Y-%m-%d %H:%M} (now + notice)"
            )
        return f"{first}the two companies no longer have a common available time"
    if instance.slot_of(p.day, p.start) is None:  # the programme changed (day_end, ...)
        return then(GONE_FROM_PROGRAMME)
    why = _unavailable(instance, p) or _fewer_delegates(instance, p, at_once)
    if why:  # the cause companies must be told, then why not at another time
        return then(why)
    capped = [cid for cid in p.key if cid in lowered]
    if capped:  # a maximum lowered: "its time went to other meetings" was wrong there
        return _maximum_reached(instance, p, capped[0], lowered=True)
    # Not "higher-priority": fairness may give the time to an equal or lower weight.
    # Why not at another time comes after the cause: a party at its maximum was said
    # alone, and an interpreter given to a late exporter's meeting read as the buyer
    # preferring other companies (a latecomers tester).
    return f"{TIME_TAKEN_HEAD}; {elsewhere}" if elsewhere else TIME_TAKEN


def renamed_ids(
    names: Mapping[str, str], was: tuple[str, str], key: tuple[str, str]
) -> str:
    """``Name (old, now new)`` of each party whose id ``was`` is not its id in ``key``
    (two joined by `` and ``): the ``ids`` of the :data:`RENAMED_CANCEL` sentences."""
    return " and ".join(
        f"{names.get(cid, cid)} ({w}, now {cid})"
        for w, cid in zip(was, key, strict=True)
        if w != cid
    )


def _move_reason(
    instance: Instance,
    p: PublishedMeeting,
    at_once: AtOnce | None = None,
) -> str:
    if instance.slot_of(p.day, p.start) is None:
        return GONE_FROM_PROGRAMME
    fixed = next((f for f in instance.fixed if f.key == p.key), None)
    if fixed is not None and (fixed.day, fixed.start) != (p.day, p.start):
        # the cause when there is one: a ministry meeting moved off a day closed to all
        # read "rescheduled by the organisers", not the holiday (a coordinator's tester)
        return _unavailable(instance, p) or FIXED_MOVED
    return (
        _unavailable(instance, p)
        or _fewer_delegates(instance, p, at_once)
        or MOVED_FOR_ROOM
    )


#: A row deleted by hand whose request is still in the roster, booked again elsewhere.
REBOOKED_BY_HAND = (
    "removed by hand from the agenda, planned again at another time (its request is "
    "still in the roster)"
)


def _by_hand(
    kind: ChangeKind,
    key: tuple[str, str],
    before: Mapping[tuple[str, str], Placement],
    after: Mapping[tuple[str, str], Placement],
    typed: Mapping[tuple[str, str], Placement] | None,
) -> str:
    """The reason of a change that a hand edit of the agenda made ('' if none did)."""
    if typed is None:
        return ""
    if kind == ChangeKind.CANCELLED:
        return "removed by hand from the agenda" if key not in typed else ""
    if kind == ChangeKind.MOVED and key not in typed:
        # Its row deleted by hand, the pair booked again elsewhere: the hand edit took
        # it from its time ("moved to make room for other meetings" was said, though
        # nothing took that time; a cron week's tester), but its new time is the
        # planner's, not typed ("changed by hand" said so; a cron week's tester). Back
        # at its time on another table: a table change (a second reader).
        return "table changed" if after[key][:2] == before[key][:2] else REBOOKED_BY_HAND
    if typed.get(key) != after[key]:
        return ""
    if kind == ChangeKind.ADDED:
        return "added by hand to the agenda"
    # its time kept: a table change, not "rescheduled" (a hand-editing tester)
    return TABLE_BY_HAND if after[key][:2] == before[key][:2] else "changed by hand in the agenda"


#: A meeting whose table alone was changed by hand.
TABLE_BY_HAND = "table changed by hand in the agenda"


#: Why a meeting kept its time on another table, when the organisers set its table
#: for another meeting (Fixed sheet, or a meeting locked in the agenda).
TABLE_SET_BY_ORGANISERS = (
    "table changed: table {table} is set for another meeting by the organisers"
)


def diff(
    instance: Instance,
    old: Sequence[PublishedMeeting],
    new: Schedule,
    reasons: Mapping[tuple[str, str], str] | None = None,
    edited: Sequence[PublishedMeeting] | None = None,
    now: datetime | None = None,
    renamed: Mapping[str, Company] | None = None,
) -> list[Change]:
    """Differences between a published agenda and a new schedule, per meeting.

    A meeting whose published time was before ``now`` and that is booked again
    elsewhere did not take place there (a no-show): said so (:data:`NOT_HELD`).

    ``reasons`` overrides the cancellation reason of some pairs (see :class:`Pins`).
    ``edited`` is the published agenda as edited by hand since ``plan`` wrote ``old``
    (the re-plan's baseline): a meeting whose new time is the one typed in, or one
    deleted from it, gets "by hand" as its reason. A meeting kept where it was whose
    interpreter booking changed is an ``interpreter`` change. A meeting of a company
    whose id was corrected (``renamed``: old id -> company) is cancelled under the old
    id and added under the new one, each saying so (:data:`RENAMED_CANCEL`); one not
    held under the new id is cancelled with that pair's own reason.
    Sorted by kind (cancelled, moved, interpreter, added), then exporter and buyer ids.
    """
    overrides = reasons or {}
    renamed = renamed or {}
    old_id = {c.id: cid for cid, c in renamed.items()}
    names = {cid: c.name for cid, c in instance.companies.items()}
    slots = instance.slots
    # Same day, start and table, another end (meeting_minutes changed): the companies'
    # calendars kept the old end, and no one was told (a second reader).
    ends = ({p.key: p.end for p in old}, {m.key: slots[m.slot].end for m in new.meetings})
    held = Counter(cid for m in new.meetings for cid in m.key)
    had = Counter(cid for p in old for cid in p.key)
    # At its maximum now and holding fewer meetings than before: its maximum lowered
    # (not a counterpart that filled the time up to its own).
    lowered = frozenset(
        cid
        for cid, c in instance.companies.items()
        if c.max_meetings is not None and held[cid] >= c.max_meetings and held[cid] < had[cid]
    )
    at_once = AtOnce.of(instance, old, renamed)
    booked_at = Counter(m.slot for m in new.meetings if m.interpreter)
    held_at = Counter(m.slot for m in new.meetings)
    busy_at = Counter((cid, m.slot) for m in new.meetings for cid in m.key)

    def room_at(p: PublishedMeeting, s: int, interpreter: bool = True) -> bool:
        """Whether the new plan leaves ``p``'s pair room at slot ``s``: a table, both
        companies (delegates), and an interpreter if needed (unless ``interpreter`` is
        False)."""
        return (
            held_at[s] < instance.tables_at(s)
            and all(busy_at[(cid, s)] < instance.delegates_at(cid, s) for cid in p.key)
            and (
                not interpreter
                or not instance.interpreter_needed.get(p.key)
                or booked_at[s] < instance.interpreters_at(s)
            )
        )

    def interpreter_missing(p: PublishedMeeting) -> str:
        """Why only an interpreter was missing at ``p``'s time in the new plan (taken
        by another meeting, or needed now and none free), '' if it was not that."""
        slot = instance.slot_of(p.day, p.start)
        if slot is None or not instance.interpreter_needed.get(p.key):
            return ""
        s = slot.index
        if (
            booked_at[s] >= instance.interpreters_at(s)
            and room_at(p, s, interpreter=False)
            and all(s in instance.available[cid] for cid in p.key)
        ):
            return INTERPRETER_TAKEN if p.interpreter else NEEDS_INTERPRETER
        return ""

    def time_still_free(p: PublishedMeeting) -> bool:
        """Whether ``p``'s published time was still free for it in the new plan."""
        slot = instance.slot_of(p.day, p.start)
        return (
            slot is not None
            and slot.index in instance.candidates.get(p.key, ())
            and room_at(p, slot.index)
        )

    def why_not_elsewhere(p: PublishedMeeting) -> str:
        """Why the new plan holds ``p``'s pair at no other time, '' when no other
        common time is free for it there: a party at its maximum, else
        :data:`NOT_REBOOKED` (told "no other common time is free for it", a company
        could count dozens in the agenda; a recipients' tester). No room anywhere comes
        first: a party at its maximum was said where every interpreter was booked at
        every time left, so that no other time was free whatever its maximum (a tester,
        two buyers' language changed to Swahili). A party taking no meetings (0) is
        still said first: its choice, not the calendar, keeps the meeting out."""
        if p.key not in instance.request_by_key:
            return ""
        full = [
            cid
            for cid in p.key
            if (c := instance.companies.get(cid)) is not None
            and c.max_meetings is not None
            and held[cid] >= c.max_meetings
        ]
        if none := [cid for cid in full if instance.max_meetings_of(cid) == 0]:
            return _maximum_reached(instance, p, none[0], none[0] in lowered)
        if not any(room_at(p, s) for s in instance.candidates.get(p.key, ())):
            return ""
        if full:
            return _maximum_reached(instance, p, full[0], full[0] in lowered)
        return NOT_REBOOKED

    old_by_key = {p.key: p for p in old}
    before = {p.key: (p.day, p.start, p.table) for p in old}
    after = {m.key: (slots[m.slot].day, slots[m.slot].start, m.table) for m in new.meetings}
    typed = {p.key: (p.day, p.start, p.table) for p in edited} if edited is not None else None

    def left(p: PublishedMeeting) -> bool:
        """Whether ``p`` is no longer held at its published time (moved or cancelled)."""
        key = under_new_ids(p, renamed).key if renamed else p.key
        return key not in after or after[key][:2] != (p.day, p.start)

    at_once = at_once.forced_out(instance, old, left, renamed)
    booked = (
        {p.key: p.interpreter for p in old},
        {m.key: m.interpreter for m in new.meetings},
    )

    set_fixed = {f.key for f in instance.fixed}

    def reason(kind: ChangeKind, key: tuple[str, str]) -> str:
        said = why(kind, key)
        # Moved and its interpreter booking changed: it was announced only as moved
        # (the re-planning reviewer); the French translates each part.
        if kind == ChangeKind.MOVED and before[key] != after[key]:
            return moved_reason(said, (booked[0][key], booked[1][key]))
        return said

    def why(kind: ChangeKind, key: tuple[str, str]) -> str:
        if kind == ChangeKind.INTERPRETER:  # and its end, if that changed too
            end = ends[1][key] if ends[0].get(key) != ends[1][key] else None
            return kept_in_place_reason(
                new.by_key[key].interpreter, end, instance.mission.meeting_minutes
            )
        by_hand = _by_hand(kind, key, before, after, typed)
        if by_hand and key not in overrides:
            return by_hand
        if kind == ChangeKind.ADDED:
            return renamed_added(key) or (FIXED_ADDED if key in set_fixed else NEW_MEETING)
        p = old_by_key[key]
        if kind == ChangeKind.CANCELLED:
            if any(cid in renamed for cid in key):
                # Announced again only if the pair under the new id is held; else the
                # reason of that pair (withdrawn, away, a counterpart that left: "X
                # and the renamed company left the mission" was said; a second reader).
                q = under_new_ids(p, renamed)
                if q.key in after:
                    return RENAMED_CANCEL.format(ids=renamed_ids(names, key, q.key))
                return overrides.get(q.key) or cancel_why(q)
            return overrides.get(key) or cancel_why(p)
        if after[key] == before[key]:  # only its end changed
            return end_reason(ends[1][key], instance.mission.meeting_minutes)
        if after[key][:2] == before[key][:2]:
            return table_changed(key)
        return moved_why(p)

    # Meetings whose table the organisers set: the Fixed sheet's, and the agenda's
    # locked ones, with a table.
    set_tables = {
        f.key for f in (*instance.fixed, *(p for p in instance.pinned if p.source == "locked"))
        if f.table is not None
    }  # fmt: skip
    at_table = {(m.slot, m.table): m.key for m in new.meetings}
    set_by_organisers = {
        f.key for f in (*instance.fixed, *(p for p in instance.pinned if p.source == "locked"))
    }  # fmt: skip
    meetings_of: dict[str, list[tuple[str, str]]] = {}
    for m in new.meetings:
        for cid in m.key:
            meetings_of.setdefault(cid, []).append(m.key)

    def table_changed(key: tuple[str, str]) -> str:
        """A meeting kept at its time on another table: who took its table, when the
        organisers set that meeting's table ("table changed" alone left its companies
        wondering why; a cron tester added a Fixed row at that table)."""
        taker = at_table.get((new.by_key[key].slot, before[key][2]))
        if taker is not None and taker != key and taker in set_tables:
            return TABLE_SET_BY_ORGANISERS.format(table=before[key][2])
        return "table changed"

    def cancel_why(p: PublishedMeeting) -> str:
        """Why a published meeting is cancelled, against the new plan (the same for one
        under a corrected id: it skipped the checks below; a third reader)."""
        elsewhere = why_not_elsewhere(p)
        said = _cancel_reason(instance, p, lowered, at_once, elsewhere)
        if said.startswith(TIME_TAKEN_HEAD):
            if missing := interpreter_missing(p):
                return missing + said[len(TIME_TAKEN_HEAD) :]
            if time_still_free(p):
                # its time free: a party at its maximum is the whole cause
                return elsewhere if elsewhere and elsewhere != NOT_REBOOKED else NOT_KEPT
        return said

    def moved_why(p: PublishedMeeting) -> str:
        """Why a published meeting is held at another time."""
        if now is not None and datetime.combine(p.day, p.start) < now:
            # Not "you are no longer available at the published time", for a time
            # already past (a simulated cron week); a time closed to a whole group is
            # still said so (the programme's, not a company's).
            slot = instance.slot_of(p.day, p.start)
            if slot is None or instance.closed_to(slot, p.key) is None:
                return NOT_HELD
        said = _move_reason(instance, p, at_once)
        if said != MOVED_FOR_ROOM:
            return said
        # "to make room for other meetings" was said of a time left empty (a third
        # reader): only when the new plan used that time's room.
        return (
            interpreter_missing(p)
            or (MOVED_THOUGH_FREE if time_still_free(p) else "")
            or (MOVED_FOR_SET if set_there(p) else said)
        )

    def set_there(p: PublishedMeeting) -> bool:
        """Whether one of ``p``'s companies holds, at ``p``'s published time in the new
        plan, another meeting the organisers set there (:data:`MOVED_FOR_SET`)."""
        at = (p.day, p.start)
        slot = instance.slot_of(p.day, p.start)
        if slot is None:
            return False
        typed_at = {} if typed is None else typed
        return any(
            key != p.key and after[key][:2] == at and before.get(key, (None,))[:2] != at
            and (key in set_by_organisers or typed_at.get(key, (None,))[:2] == at)
            # the company full there (with delegates to spare, the set meeting did not
            # take its place; a second reader)
            and busy_at[(cid, slot.index)] >= instance.delegates_at(cid, slot.index)
            for cid in p.key for key in meetings_of.get(cid, ())
        )  # fmt: skip

    def renamed_added(key: tuple[str, str]) -> str:
        """The reason of a meeting added under a corrected id whose pair was published
        under the old one ('' if it was not): at the same time, or at another, and why
        (a released lock's cause was lost; a second reader)."""
        was = tuple(old_id.get(cid, cid) for cid in key)
        if was == key or was not in old_by_key:
            return ""
        ids = renamed_ids(names, was, key)
        if before[was][:2] == after[key][:2]:
            return RENAMED_ADDED.format(ids=ids)
        why = moved_why(under_new_ids(old_by_key[was], renamed))
        return f"{RENAMED_MOVED.format(ids=ids)}; {why}"

    def named(c: Change) -> Change:
        """Names from the roster, else (a company that left) from the published agenda."""
        p = old_by_key.get((c.exporter_id, c.buyer_id))
        e, b = (instance.companies.get(cid) for cid in (c.exporter_id, c.buyer_id))
        return replace(
            c,
            exporter=e.name if e else (p.exporter if p else ""),
            buyer=b.name if b else (p.buyer if p else ""),
        )

    return [named(c) for c in diff_placements(before, after, reason, booked, ends)]
