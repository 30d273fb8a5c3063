"""What ``--changed-since`` checks between the agenda last sent and this one, for the
run's refusals and warnings: the times that were already past when a run changed them,
the two agendas given the wrong way round, changes without a reason, changes at a time past
before the mailing, hand edits undone by a re-plan.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime, time
from pathlib import Path

from asmex_sched.domain import Agenda, Change, ChangeKind, edited_pairs, in_real_order
from asmex_sched.io.agenda import HISTORY_DIR
from asmex_sched.report import calendar_id, planned_at, summary_field


def _past_when_changed(runs: Sequence[Agenda]) -> frozenset[tuple[str, str, date, time]]:
    """The (exporter, buyer, day, start) of a change in the Changes sheet of one of
    ``runs`` (agendas) at a time already past when that run was planned: a no-show
    booked again, a meeting held at a time since declared unavailable, a hand edit
    correcting the record. The companies were not misled by a mailing after it (a
    reader: a re-plan at 12:30 moved a meeting from 09:00, and the mailing at 12:45 said
    it reached nobody in time). ``runs`` oldest first: a time an earlier run changed
    while still to come is that run's news, not the record, whatever a later run did
    at it once past (a table corrected by hand once the meeting was held hid a booking
    never told; a cron week's tester)."""
    out = set()
    news = set()
    for run in runs:
        stamp = planned_at(run)
        for c in run.changes if stamp is not None else ():
            for day, start in ((c.old_day, c.old_start), (c.new_day, c.new_start)):
                if day is None or start is None:
                    continue
                at = (c.exporter_id, c.buyer_id, day, start)
                if datetime.combine(day, start) >= stamp:
                    news.add(at)
                elif at not in news:
                    out.add(at)
    return frozenset(out)


def _planned_after(previous: Agenda, agenda: Agenda) -> tuple[datetime, datetime] | None:
    """When ``previous`` (``--changed-since``) was planned after ``agenda``, the two
    ``planned_at`` times (the two agendas swapped?); else ``None``, and when their
    calendar sequences tell ``previous`` came first (a re-plan with ``--now`` before
    the time ``previous`` was planned: "give the newer agenda first" sent the
    coordinator to swap two agendas in the right order)."""
    before, after = planned_at(previous), planned_at(agenda)
    if before is None or after is None or _sequenced_before(previous, agenda):
        return None
    if not in_real_order(agenda.mission.timezone, after, before, previous.mission.timezone):
        return None
    return before, after


def _sequences(previous: Agenda, agenda: Agenda) -> tuple[int, int] | None:
    """The two agendas' recorded ``calendar_sequence`` values under one calendar id,
    ``previous``'s first; ``None`` when one has none or the calendars differ."""
    mine, theirs = (summary_field(a.summary, "calendar_sequence") for a in (agenda, previous))
    if not (mine.isdigit() and theirs.isdigit()):
        return None
    same = summary_field(previous.summary, "calendar_id")
    if not same or same != summary_field(agenda.summary, "calendar_id"):
        return None
    return int(theirs), int(mine)


def _sequenced_before(previous: Agenda, agenda: Agenda) -> bool:
    """Whether ``previous`` was planned before ``agenda`` for certain (its sequence
    lower under the same calendar id, :func:`_sequenced_after`)."""
    found = _sequences(previous, agenda)
    return found is not None and found[0] < found[1]


def _sequenced_after(previous: Agenda, agenda: Agenda) -> tuple[int, int] | None:
    """When ``previous`` (``--changed-since``) holds a higher ``calendar_sequence`` than
    ``agenda`` under the same calendar id, the two values; else ``None``. Every plan
    records a sequence above the agenda it replaces (``--now`` in the past, or
    ``--fresh``, included), so within one chain of re-plans a higher one in
    ``previous`` is the two agendas given the wrong way round: every change would be
    told backwards (a meeting added announced as cancelled). Two first plans of one
    mission into separate files share its calendar id as well, their sequences their
    ``--now``'s minutes: then ``agenda`` was not planned from the one sent. Either way
    the calendars, holding the higher sequence, would ignore these files. Not for
    agendas written before the field (their sequences are ``planned_at`` minutes,
    which ``--now`` sets), nor for two calendars: those are only warned about
    (:func:`_planned_after`)."""
    found = _sequences(previous, agenda)
    return found if found is not None and found[0] > found[1] else None


def _unexplained(
    agenda_path: Path, since: Path, agenda: Agenda, changes: Sequence[Change],
    runs: Sequence[Agenda],
) -> str | None:  # fmt: skip
    """The warning when changes since ``since`` have no reason: the agenda's own Changes
    sheet gives only its last re-plan's, the runs before it are in the copies (``runs``)
    found in ``agenda-history/`` beside it. An agenda copied elsewhere with the agenda
    last sent, its history left behind, sent 145 of 152 change lines with a blank
    reason and no word (an on-site tester). A plan from scratch (``--fresh``: no
    ``horizon``) lists no change: said so, not the history blamed (a cron week's
    tester). The agenda's hand edits since ``plan`` wrote it have none by design
    (docs/report.md; ``report`` warns of them on its own): not counted."""
    by_hand = edited_pairs(agenda)
    planned = [c for c in changes if (c.exporter_id, c.buyer_id) not in by_hand]
    blank = sum(1 for c in planned if not c.reason)
    if not blank:
        return None
    copies = len(runs)
    fresh = [r for r in (*runs, agenda) if "horizon" in r.summary
             and not str(r.summary["horizon"] or "").strip()]  # fmt: skip
    if fresh:
        why = (
            f"{'it' if fresh[-1] is agenda else 'a run since ' + since.name} was planned "
            "from scratch (plan --fresh), which gives no reason for what it changed: tell "
            "the companies why yourself"
        )
    elif copies:
        why = (
            f"the {copies} cop{'y' if copies == 1 else 'ies'} of the re-plans before it in "
            f"{HISTORY_DIR}/ give{'s' if copies == 1 else ''} none for "
            f"{'it' if blank == 1 else 'them'} either"
        )
    else:
        why = (
            f"no copy of the re-plans before it is in {HISTORY_DIR}/ beside it (report from "
            f"the folder where plan wrote the agenda, its {HISTORY_DIR}/ folder beside it, "
            "to give them)"
        )
    if agenda.as_written is None and not fresh:
        # Its hidden As written sheet deleted, hand edits read as planned changes: the
        # advice above sent a tester to the folder they were in (a hand-edit tester).
        why += (
            f"; or {agenda_path.name} has lost its hidden As written sheet (deleted by "
            "hand?): its hand edits then read as changes the plan made, without a reason"
        )
    # "1 of the 1 planned change has" read oddly (a reader): "the 1 planned change"
    counted = (
        f"the {len(planned)}" if blank == len(planned) else f"{blank} of the {len(planned)}"
    )
    return (
        f"{counted} planned change{'' if len(planned) == 1 else 's'} "
        f"since {since.name} {'has' if blank == 1 else 'have'} no reason, left blank in "
        f"the companies' change lists: {agenda_path.name}'s Changes sheet gives only its "
        f"last re-plan's reasons, and {why}"
    )


def _past_before_sent(
    previous: Agenda,
    agenda: Agenda,
    changes: Sequence[Change],
    until: datetime | None,
    record: Collection[tuple[str, str, date, time]],
) -> list[str]:
    """The changes over a span whose time came after ``previous`` (the agenda last sent) was
    planned and before ``until`` (the mailing, mission time; the agenda's own
    ``planned_at`` if later): a meeting booked or moved to it, one cancelled or moved
    from it, an interpreter booking changed at it, by re-plans not mailed. Past when the
    companies are told, they are the record (not listed), or listed after the fact: a
    cron week's tester's two meetings booked on Wednesday evening for Thursday morning,
    mailed on Thursday noon, reached nobody, without a word. Not a time a run changed
    after it had passed (``record``: :func:`_past_when_changed` of the copies of the
    re-plans in between and ``agenda``), nor a hand edit of ``agenda`` since it was
    planned (the organisers' own, at a time unknown; ``report`` warns of those apart;
    the re-plans' change under it still counts, against the agenda as planned), nor
    another calendar's agenda (another mission planned over the file: other events). A
    hand edit recorded by a re-plan at a time still to come then counts: a meeting
    removed by hand on Monday for Tuesday, mailed on Tuesday night. Each is listed, the
    earliest first (six then "..." in id order hid the ones still worth a call: a cron
    week's tester)."""
    sent = planned_at(previous)
    if until is None or calendar_id(previous) != calendar_id(agenda):
        return []
    if sent is not None and (stamp := planned_at(agenda)) is not None and sent > stamp:
        return []  # the two swapped? (said apart: these would be backwards too)
    written = {p.key: (p.day, p.start, p.table) for p in agenda.sent}
    by_hand = edited_pairs(agenda)
    before = {p.key: (p.day, p.start, p.table) for p in previous.meetings}
    out: list[tuple[datetime, str]] = []
    for c in changes:
        key = (c.exporter_id, c.buyer_id)
        kind = c.kind
        if key in by_hand:
            # Edited by hand since planned: the re-plans' own change (``previous`` to
            # the agenda as planned) is the news; it was passed over whole (a table
            # corrected once the meeting was held hid a booking never told).
            was, planned = before.get(key), written.get(key)
            if was == planned:
                continue
            kind = (ChangeKind.ADDED if was is None
                    else ChangeKind.CANCELLED if planned is None else ChangeKind.MOVED)  # fmt: skip
            times = [t[:2] for t in (planned, was) if t is not None]
        elif c.kind in (ChangeKind.ADDED, ChangeKind.MOVED):
            times = [(c.new_day, c.new_start)]
            if c.kind == ChangeKind.MOVED:
                times.append((c.old_day, c.old_start))
        else:  # cancelled, or its interpreter booking changed, at the time held
            times = [(c.old_day, c.old_start)]
        at = [datetime.combine(d, t) for d, t in times if d is not None and t is not None]
        past = [
            moment for moment in at
            if (*key, moment.date(), moment.time()) not in record
            and (sent is None or moment >= sent) and moment < until
        ]  # fmt: skip
        if past:
            # a move says from when to when (which one was past: a reader cannot tell)
            when = f"{min(past):%Y-%m-%d %H:%M}"
            if len(at) == 2 and at[0] != at[1]:
                when = f"from {at[1]:%Y-%m-%d %H:%M} to {at[0]:%Y-%m-%d %H:%M}"
            out.append((min(past), f"{c.exporter_id}--{c.buyer_id} {kind.value} ({when})"))
    return [text for _, text in sorted(out)]


def _hand_edits_undone(previous: Agenda, agenda: Agenda) -> list[str]:
    """The meetings ``previous`` (the agenda sent) holds edited by hand, that the agenda
    has back as ``plan`` wrote them in ``previous``: counted as never sent (its ``As
    written`` sheet), they are no change; but a report of ``previous`` as edited, mailed
    before the re-plan put them back, gave the companies the edited times, and they
    were told nothing (a hand-editing tester). Each as ``pair (typed …, now …)``; an
    interpreter booked or released by hand too, and a row deleted by hand said so (they
    were left out, and a deleted row read "typed none"; a hand-editing tester)."""
    if previous.as_written is None:
        return []
    sent = {p.key: (p.day, p.start, p.table, p.interpreter) for p in previous.sent}
    typed = {p.key: (p.day, p.start, p.table, p.interpreter) for p in previous.meetings}
    now = {p.key: (p.day, p.start, p.table, p.interpreter) for p in agenda.meetings}

    def when(at: tuple | None, other: tuple | None, gone: str) -> str:
        if at is None:
            return gone
        said = f"{at[0]:%Y-%m-%d} {at[1]:%H:%M}, table {at[2]}"
        if other is not None and other[3] != at[3]:
            said += ", with an interpreter" if at[3] else ", without an interpreter"
        return said

    return [
        f"{key[0]}--{key[1]} (typed {when(typed.get(key), now.get(key), 'deleted by hand')}, "
        f"now {when(now.get(key), typed.get(key), 'not held')})"
        for key in sorted(sent.keys() | typed.keys())
        if typed.get(key) != sent.get(key) and now.get(key) == sent.get(key)
    ]
