"""The coordinator's hand edits of the agenda, as a re-plan reads them: rows typed in,
moved or deleted, ids corrected, locks released; what is kept and what is warned of.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import fields, replace
from datetime import date, datetime, time
from functools import cache
from pathlib import Path

from asmex_sched.domain import (
    REASONS,
    Agenda,
    Change,
    ChangeKind,
    Company,
    Instance,
    Meeting,
    Mission,
    MissionTypedOver,
    PublishedMeeting,
    Schedule,
    Side,
    edited_pairs,
    notice_horizon,
    strip_accents,
)
from asmex_sched.errors import InfeasibleError, InputError, Problem
from asmex_sched.explain import unscheduled as explain_unscheduled
from asmex_sched.io.agenda import AS_WRITTEN, MEETINGS, MISSION, read_agenda
from asmex_sched.io.roster import company_cells
from asmex_sched.replan import (
    WITHDRAWN,
    Pins,
    _names,
    name_key,
    namesakes,
    under_new_ids,
)
from asmex_sched.report import settings_said
from asmex_sched.services.agenda_schedule import _shown, schedule_from_agenda
from asmex_sched.services.baseline import _at, _first_of, _held, _within_notice
from asmex_sched.validate import validate

log = logging.getLogger("asmex_sched")


def typed_in(agenda: Agenda) -> frozenset[tuple[str, str]]:
    """Pairs of ``agenda`` that ``plan`` did not write (typed in by hand): none for an
    agenda without its ``As written`` copy (its rows are the baseline)."""
    if agenda.as_written is None:
        return frozenset()
    return frozenset(p.key for p in agenda.meetings) - {p.key for p in agenda.as_written}


def hand_edits_named(baseline: Agenda | None, message: str, agenda: Path) -> str:
    """The hand edits among the meetings an exit-3 message names (``EXP x BUY``): which
    were moved or typed in by hand, with their ``Meetings`` row and where ``plan`` wrote
    them, so the coordinator finds the edit to undo (a meeting moved by hand into the
    past onto a table already taken was named "in the agenda, held or ..." alone; session
    43's tester). The other locked meetings it names, with their row too: only the
    edited one's was given, and the coordinator looked for the other lock (a
    hand-editing tester). ``""`` when the message names none."""
    if baseline is None:
        return ""
    written = {p.key: p for p in baseline.as_written or ()}
    edits = baseline.as_written is not None
    moved = _moved_by_hand(baseline) if edits else set()
    typed = typed_in(baseline)
    told, locked = [], []
    for p in sorted(baseline.meetings, key=lambda p: (p.row or 0, p.key)):
        named = re.escape(f"{p.exporter_id} x {p.buyer_id}")
        if not re.search(rf"(?<![\w-]){named}(?![\w-])", message):
            continue
        row = f"Meetings row {p.row}, " if p.row else ""
        if p.key in typed:
            told.append(f"{p.exporter_id} x {p.buyer_id} ({row}typed in by hand)")
        elif p.key in moved:
            w = written[p.key]
            told.append(
                f"{p.exporter_id} x {p.buyer_id} ({row}moved by hand: plan wrote it at "
                f"{_at(w.day, w.start)} table {w.table})"
            )
        elif p.locked and p.row:
            locked.append(f"{p.exporter_id} x {p.buyer_id} (Meetings row {p.row})")
    said = f". Edited by hand in {agenda.name}: " + "; ".join(told) if told else ""
    if locked:
        said += f"{'; l' if told else '. L'}ocked in {agenda.name}: " + "; ".join(locked)
    return said


def _refuse_hand_edits_into_absences(
    output: Path,
    instance: Instance,
    baseline: Agenda,
    now_view: Sequence[PublishedMeeting],
    pin: Pins,
    renamed: Mapping[str, Company] | None = None,
) -> None:
    """Stop (exit 3) when a meeting moved by hand to a time before the horizon (already
    held, or within the notice period) is where a party is declared unavailable, or
    where the time is closed to all (an opening ceremony): such a time is kept as typed,
    the record of what took place (docs/agenda.md, "Hand edits are changes too"), so the
    record contradicts the roster. Its pin was released as a no-show's is: booked again
    after the horizon, announced as "did not take place at the published time", and it
    cancelled a third company's announced meeting to make room (a hand-editing tester).
    A table clash there stops already (the solver's exit 3); this says the same of an
    absence, naming the row, the time typed and the rule as ``check`` words it. A meeting
    the planner put there that a later Unavailability row covers is a no-show, and is
    not refused: only the time typed by hand is the coordinator's to correct. A row
    typed in by hand there is refused the same way: it was dropped with a false
    "already held ... taken as not held (no-shows)" warning and "not planned", exit 0,
    where one typed onto a taken table stops (a re-check tester)."""
    if pin.horizon is None or baseline.as_written is None:
        return
    moved = _moved_by_hand(baseline, times_only=True)
    typed = typed_in(baseline)
    sent = {p.key: p for p in baseline.as_written}
    refused = [
        (p, q)
        for p, q in zip(baseline.meetings, now_view, strict=True)
        if (p.key in moved or p.key in typed)
        and datetime.combine(q.day, q.start) < pin.horizon
        and pin.cancelled.get(q.key, WITHDRAWN) != WITHDRAWN  # withdrawn: cancelled, said so
        and (slot := instance.slot_of(q.day, q.start)) is not None
        and any(slot.index not in instance.available[cid] for cid in q.key)
    ]
    if not refused:
        return
    rules = rules_as_typed(instance, baseline, renamed)()
    told = []
    for p, q in sorted(refused, key=lambda pq: (pq[0].row or 0, pq[0].key)):
        why = "; ".join(text for rule, text in rules.get(q.key, ()) if rule == "H3")
        why = why or pin.cancelled[q.key].split(": ", 1)[-1]
        w = sent.get(p.key)
        told.append(
            f"{p.meeting_id} ({MEETINGS} row {p.row}, typed in by hand at "
            f"{_at(p.day, p.start)} table {p.table}): {why}"
            if w is None
            else f"{p.meeting_id} ({MEETINGS} row {p.row}, typed "
            f"{_at(p.day, p.start)} table {p.table}; plan wrote it at {_at(w.day, w.start)} "
            f"table {w.table}): {why}"
        )
    how = " or ".join(
        h for h, edits in (("moved", moved), ("typed in", typed))
        if any(p.key in edits for p, _ in refused)
    )  # fmt: skip
    raise InfeasibleError(
        f"{len(told)} meeting(s) {how} by hand in {output.name} at a time already held or "
        f"within the notice period (before {pin.horizon:%Y-%m-%d %H:%M}, now + "
        f"{instance.mission.notice_hours:g} hours) are where a party is declared "
        "unavailable or the time is closed: " + "; ".join(told) + ". A meeting typed "
        "there is kept as typed, the record of what took place or is about to, not moved "
        "elsewhere: correct the row's date or start ("  # no table fixes an absence
        + ("type back where plan wrote it to undo a move" if "moved" in how else "")
        + ("; " if how == "moved or typed in" else "")
        + ("delete a row typed in by mistake" if "typed in" in how else "")
        + "), or the roster's Unavailability sheet if the absence is wrong; nothing was "
        "written"
    )


def _warn_unrequested_rows(
    instance: Instance, baseline: Agenda, pin: Pins, renamed: Mapping[str, Company]
) -> None:
    """Meetings typed into the agenda by hand for a pair the roster does not request:
    the re-plan drops them (a locked one too), and as they were never announced, no
    change says so. A second reader's locked meeting vanished without a word."""
    written = {p.key for p in baseline.as_written or ()}
    kept = {f.key for f in pin.pinned}
    dropped = sorted(
        f"{p.meeting_id} ({p.day} {p.start:%H:%M}{', locked' if p.locked else ''}"
        # a company that left: no Requests row can name it (a second reader)
        + "".join(f", {cid} left the mission" for cid in p.key
                  if cid not in instance.companies and cid not in renamed)
        + ")"
        for p in baseline.meetings
        if under_new_ids(p, renamed).key not in instance.request_by_key  # (a reader)
        and p.key not in instance.request_by_key
        and p.key not in written
        and p.key not in kept
    )
    if dropped and baseline.as_written is not None:
        log.warning(
            "%d meeting(s) typed into the agenda by hand are for pairs the roster does "
            "not request, so the re-plan drops them: add each pair to the roster's "
            "Requests (or Fixed, for a set time) to keep it, its companies back in the "
            "roster if they left: %s",
            len(dropped),
            ", ".join(dropped),
        )


#: The Mission settings in the order of the dataclass (``domain.Mission``).
MISSION_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Mission))
#: The Mission settings no company's file shows (the organisers' summary.xlsx shows the
#: tables and interpreters): a report made from an agenda with them typed over sent the
#: companies nothing of them.
_NOT_IN_COMPANY_FILES = frozenset({"tables", "interpreters", "notice_hours", "country"})


def _warn_mission_typed_over(
    roster: Path, output: Path, baseline: Agenda, mission: Mission, typed: MissionTypedOver
) -> None:
    """The agenda's Mission sheet edited by hand since ``plan`` wrote it (its Summary's
    ``mission_hash``; ``domain.mission_typed_over``): ``plan`` plans from the roster's
    Mission sheet and writes it back, and the edits were reverted without a word, or,
    the roster unchanged, kept and sent to the companies by ``report`` (a tester,
    session 67). Each setting typed there that the roster's (``mission``, as the agenda
    reads it back) does not hold, with the roster's value; nothing when it holds them
    all (the same change made in the roster); with the values plan wrote when the
    roster's differ from them too. When the settings typed over cannot all
    be told (settings the Summary does not record, with the roster's Mission changed
    too), those differing from the roster's."""
    differ = [n for n in MISSION_FIELDS if getattr(baseline.mission, n) != getattr(mission, n)]
    names = [n for n in typed.settings if n in differ] if typed.written is not None else differ
    if not names:
        return
    # the values plan wrote, when the roster's are not those (changed since too): the
    # warning named the venue typed and the roster's new one, never the one the
    # companies were sent (a re-check tester, session 67)
    wrote = (
        f" ({settings_said(typed.written, names)})"
        if typed.written is not None
        and any(getattr(typed.written, n) != getattr(mission, n) for n in names)
        else ""
    )
    typed_here = (
        f"{settings_said(baseline.mission, names)} {'was' if len(names) == 1 else 'were'} "
        f"typed here since plan wrote it{wrote}"
        if typed.written is not None
        # (which of them plan wrote cannot be told from the hash: the roster changed too)
        else "edited by hand since plan wrote it (it no longer matches the Summary's "
        f"mission_hash), and it holds {settings_said(baseline.mission, names)}"
    )
    shown = [n for n in names if n not in _NOT_IN_COMPANY_FILES]
    log.warning(
        "%s, sheet %s: %s; plan plans from the roster's %s sheet (%s) and writes it back: "
        "make such changes in %s%s",
        output, MISSION, typed_here, MISSION, settings_said(mission, names), roster,
        # a report made from the edited sheet sent them (a tester, session 67)
        f"; if a report was made from {output} since, the companies' files show "
        f"{settings_said(baseline.mission, shown)}: send each company its complete "
        "agenda again after this plan (report without --changed-since)" if shown else "",
    )  # fmt: skip


def _warn_locked_column_missing(output: Path, baseline: Agenda) -> None:
    """An agenda whose ``Meetings`` sheet lost its ``locked`` column (deleted, or its
    header retyped 'keep'): its locks are the ones its ``As written`` copy holds, as plan
    last wrote them (``Agenda.locks_as_written``), said here with how many. Every lock
    was dropped without a word, and cron moved the meetings the coordinator had pinned
    (a hand-editing tester). Kept rather than refused: ``locked`` is the one optional
    column of Meetings, the copy says what it held, and a refusal would stop every
    cron re-plan until someone restored a header."""
    kept = baseline.locks_as_written
    if kept is None:
        return
    # a column of the coordinator's in its place ('keep', 'Pinned?'): named, it is the
    # one to rename (listed in additions, as any column the reader does not know)
    unread = [a for a in baseline.additions if a.endswith(f" of {MEETINGS}")]
    log.warning(
        "%s: its %s sheet has no 'locked' column (deleted, or its header retyped%s): "
        "%s, as plan last wrote them in its hidden '%s' sheet; a lock set or released by "
        "hand since cannot be read: set it again in the 'locked' column this plan writes "
        "back",
        output,
        MEETINGS,
        f": {', '.join(unread)} is not read as it" if unread else "",
        # the first ten named: a trade fair's hundreds went whole into cron mail (a reader)
        f"{len(kept)} lock(s) kept ({_first_of(kept, 10, ', ')})"
        if kept else "no meeting is locked",
        AS_WRITTEN,
    )


def fresh_discards(output: Path) -> tuple[int, int] | None:
    """``(locks, hand edits)`` of the agenda ``plan --fresh`` replaces: its meetings
    locked, and those moved, typed in or deleted by hand since plan wrote it
    (:func:`~asmex_sched.domain.edited_pairs`); ``None`` when it does not read (--fresh
    replaces such a file too)."""
    try:
        agenda = read_agenda(output)
    except InputError:
        return None
    return sum(p.locked for p in agenda.meetings), len(edited_pairs(agenda))


def _warn_fresh_discards(output: Path, discards: tuple[int, int] | None, history: Path) -> None:
    """``plan --fresh`` over an agenda with locks or hand edits: all discarded, said with
    an information line at most (a hand-editing tester); the agenda replaced is in
    ``history``, to re-plan against it instead."""
    locks, edits = discards or (0, 0)
    if not (locks or edits):
        return
    log.warning(
        "--fresh discards the %d lock(s) and %d hand edit(s) of %s: its meetings were "
        "planned anew, free to move; the agenda replaced is kept as %s (to keep them, put "
        "it back as %s and re-plan without --fresh)",
        locks, edits, output.name, history, output.name,
    )  # fmt: skip


def _warn_edits_into_the_past(changes: Sequence[Change], now: datetime) -> None:
    """Hand edits that put an announced meeting at a time already past: kept as typed
    (the record of when it took place), but the companies are told it moved there,
    which reads oddly unless it did (a second reader). Corrections of the past alone
    are not announced (``domain.already_held``)."""
    # The planner never moves a meeting before now + notice (H9): these are hand edits.
    odd = sorted(
        f"{c.exporter_id}--{c.buyer_id} ({c.old_day} {c.old_start:%H:%M} -> "
        f"{c.new_day} {c.new_start:%H:%M})"
        for c in changes
        if c.kind == ChangeKind.MOVED
        and c.new_day is not None
        and c.new_start is not None
        and c.old_day is not None
        and c.old_start is not None
        and datetime.combine(c.new_day, c.new_start)
        < now
        <= datetime.combine(c.old_day, c.old_start)
    )
    if odd:
        log.warning(
            "%d meeting(s) still to come were moved by hand to a time already past, and "
            "the companies will be told so (undo the edit if it is a typing error): %s",
            len(odd),
            ", ".join(odd),
        )


def _warn_edits_within_notice(changes: Sequence[Change], now: datetime, mission: Mission) -> None:
    """Hand edits that put a meeting within the notice period (from now to now +
    ``notice_hours``, where the planner changes nothing, H9): kept as typed and
    announced, but the companies hear of it with less notice than the mission gives
    (a hand-editing tester: moved on Wednesday night to Thursday 10:00, no word). A
    table changed there alone too: the companies would go to the old one."""
    horizon = notice_horizon(mission, now)
    # into the window, or out of it (moved away or removed: the companies would come at
    # the old time; a second reader)
    late = _within_notice(
        changes, now, horizon,
        lambda c: c.kind in (ChangeKind.MOVED, ChangeKind.ADDED, ChangeKind.CANCELLED)
        and "by hand" in c.reason,
    )  # fmt: skip
    if late:
        log.warning(
            "%d meeting(s) were moved (to another time or table), added or removed by hand "
            "within the notice period "
            "(before %s, now + %s hours): the companies hear of it late; tell them "
            "yourself too: %s",
            len(late),
            f"{horizon:%Y-%m-%d %H:%M}",
            f"{mission.notice_hours:g}",
            ", ".join(late),
        )


def _moved_by_hand(baseline: Agenda, *, times_only: bool = False) -> frozenset[tuple[str, str]]:
    """Pairs whose day, start or table (``times_only``: day or start) was edited by hand
    since ``plan`` wrote it."""
    if baseline.as_written is None:
        return frozenset()
    width = 2 if times_only else 3
    written = {p.key: (p.day, p.start, p.table)[:width] for p in baseline.as_written}
    return frozenset(
        p.key
        for p in baseline.meetings
        if p.key in written and written[p.key] != (p.day, p.start, p.table)[:width]
    )


#: The rules each meeting of the agenda as edited breaks, by pair: (rule id, as check
#: words it). Computed at most once per plan, when a warning first needs it.
RulesAsTyped = Callable[[], Mapping[tuple[str, str], Sequence[tuple[str, str]]]]


def rules_as_typed(
    instance: Instance, baseline: Agenda, renamed: Mapping[str, Company] | None = None
) -> RulesAsTyped:
    """:func:`_rules_broken_as_typed`, run on the first call only: the warnings of hand
    moves and of typed rows share it (each validated the agenda on its own)."""
    return cache(lambda: _rules_broken_as_typed(instance, baseline, renamed))


def _rules_broken_as_typed(
    instance: Instance, baseline: Agenda, renamed: Mapping[str, Company] | None = None
) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """The rules each meeting of the agenda as edited breaks where it stands, worded as
    ``check`` words them ('H2: MA-010 (…) holds 2 meetings at …'), by pair under the
    roster's ids, each with its rule id. A hand move that could not stay sent the
    coordinator to run check on the edited agenda, which the re-plan had just replaced
    (check then found nothing), and a row typed in was dropped without its rule (a
    hand-editing tester). Pins are checked as plan checks them (H9 beside them); H8, a
    pin not held where it is, cannot be."""
    edited = replace(
        baseline, meetings=tuple(under_new_ids(p, renamed or {}) for p in baseline.meetings)
    )
    schedule, _ = schedule_from_agenda(instance, edited)  # off the grid: said by callers
    out: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for v in validate(instance, schedule, instance.pinned):
        if v.rule != "H8":
            for key in v.meetings:
                out[key].append((v.rule, str(v)))
    return out


def _rules_said(broken: Sequence[tuple[str, str]], said: dict[str, str], who: str) -> str:
    """``broken`` (rule id, as ``check`` words it) joined for a warning naming ``who``:
    a text one warning already gave for another meeting (``said``, by text: the first
    meeting named with it) as ``H4: see E--B``. A violation names every meeting it
    involves, so a fill-down of the ``table`` column repeated the list of seven clashing
    meetings once per meeting, one 5 KB log line (a hand-editing tester)."""
    out = []
    for rule, text in broken:
        if text in said:
            out.append(f"{rule}: see {said[text]}")
        else:
            said[text] = who
            out.append(text)
    return "; ".join(out)


def _warn_typed_rows_not_kept(
    instance: Instance,
    baseline: Agenda,
    schedule: Schedule,
    released: Mapping[tuple[str, str], str] | None = None,
    renamed: Mapping[str, Company] | None = None,
    rules: RulesAsTyped | None = None,
) -> None:
    """Meetings typed into the agenda by hand for a pair the roster requests that the
    re-plan did not keep where they were typed: dropped (fairness or the floors gave the
    time to others) or placed elsewhere, with nothing said, since they were never
    announced (a hand-editing tester typed a priority-1 request into a deleted meeting's
    place; the re-plan booked the deleted one back and dropped the typed one)."""
    told = []
    said: dict[str, str] = {}  # each rule's text once (_rules_said)
    typed = typed_in(baseline)
    rules = rules or rules_as_typed(instance, baseline, renamed)  # validated if needed
    for p in sorted(baseline.meetings, key=lambda p: p.key):
        q = under_new_ids(p, renamed or {})
        if p.key not in typed or p.locked or q.key not in instance.request_by_key:
            continue  # a lock released, an unrequested pair: warned of on their own
        # whether it is told first: a rule's text shared with a meeting kept where typed,
        # never listed, read "(H4: see MA-001--KE-004)" (a second reader)
        m = schedule.by_key.get(q.key)
        if m is None:
            outcome = "not planned"
        else:
            now = instance.slots[m.slot]
            if (now.day, now.start, m.table) == (p.day, p.start, p.table):
                continue
            outcome = f"now {_at(now.day, now.start)} table {m.table}"
        # the rule that kept it away, when one did: locking would not keep it (a reader);
        # a pin's cause (frozen or locked), else its time, else the rules it breaks as
        # check words them (a buyer at its max_meetings: "not planned" alone, while
        # check said H6; a hand-editing tester), else a company's absence
        cause = (released or {}).get(p.key) or (released or {}).get(q.key, "")
        why = cause.split(": ", 1)[-1]
        slot = instance.slot_of(p.day, p.start)
        if not why and slot is None:
            why = "its time is not in the programme"
        if not why:
            why = _rules_said(rules().get(q.key, ()), said, q.meeting_id)
        if not why and slot is not None and slot.index not in instance.candidates[q.key]:
            why = "a company of it is not available then, or the time is closed"
        typed_at = f"{q.meeting_id} typed {_at(p.day, p.start)} table {p.table}" + (
            f" ({why})" if why else ""
        )
        told.append(f"{typed_at}, {outcome}")
    if told:
        log.warning(
            "%d meeting(s) typed in by hand were not kept where they were typed (each with "
            "the rule that kept it away, if one did; one without is weighed as any request: "
            "lock its row, locked yes, to keep it): %s",
            len(told),
            "; ".join(told),
        )


def _warn_hand_moves_undone(
    instance: Instance,
    baseline: Agenda,
    schedule: Schedule,
    released: Mapping[tuple[str, str], str],
    renamed: Mapping[str, Company] | None = None,
    rules: RulesAsTyped | None = None,
) -> None:
    """Meetings moved by hand that the re-plan did not keep where they were typed (a
    rule breaks there: a company busy or away then, no table free): the warning said
    "re-planning with the edits as the baseline", the Changes sheet was empty when the
    meeting went back where it had been sent, and nothing told the coordinator the edit
    was undone (a cron week's tester). Cancelled ones are in Changes."""
    typed = {p.key: p for p in baseline.meetings}
    sent = {p.key: (p.day, p.start, p.table) for p in baseline.as_written or ()}
    told = []
    said: dict[str, str] = {}  # each rule's text once (_rules_said)
    rules = rules or rules_as_typed(instance, baseline, renamed)  # validated if needed
    for key in sorted(_moved_by_hand(baseline)):
        p = typed[key]
        if p.locked and released.get(key, "").startswith("locked meeting: "):
            continue  # said as a lock released (_warn_released_locks)
        # under a corrected id, looked up under the new one ("not planned" was said of a
        # meeting kept; a reader); whether it is told first, as in
        # _warn_typed_rows_not_kept (a second reader)
        m = schedule.by_key.get(key) or schedule.by_key.get(under_new_ids(p, renamed or {}).key)
        if m is None:  # cancelled: in Changes, and said here too (a second reader)
            outcome = "not planned"
        else:
            slot = instance.slots[m.slot]
            now_at = (slot.day, slot.start, m.table)
            if now_at == (p.day, p.start, p.table):
                continue
            back = (" (where plan last wrote it: no change for the companies, unless a "
                    "report of the edited agenda was mailed)")
            outcome = f"now {_at(slot.day, slot.start)} table {m.table}" + (
                back if now_at == sent.get(key) else ""
            )
        why = released.get(key, "").split(": ", 1)[-1]
        if not why:
            # the rule each breaks there, as check would say it: "run check on the
            # edited agenda" sent the coordinator to a file this plan replaces (a
            # hand-editing tester); not H6, a company's count, which no place breaks
            why = _rules_said(
                [(rule, text)
                 for rule, text in rules().get(under_new_ids(p, renamed or {}).key, ())
                 if rule != "H6"],
                said, p.meeting_id,
            )  # fmt: skip
        typed_at = f"{p.meeting_id} typed {_at(p.day, p.start)} table {p.table}" + (
            f" ({why})" if why else ""
        )
        told.append(f"{typed_at}, {outcome}")
    if told:
        log.warning(
            "%d meeting(s) moved by hand could not stay where they were typed (each with "
            "the rule it breaks there, if one does; one without gave its place to the plan's "
            "other needs: lock its row, locked yes, to keep it): %s",
            len(told),
            "; ".join(told),
        )


def _back_where_sent(
    instance: Instance,
    baseline: Agenda,
    stable: tuple[PublishedMeeting, ...],
    released: Collection[tuple[str, str]] = (),
) -> tuple[PublishedMeeting, ...]:
    """``stable`` (the meetings the re-plan keeps still, rule S3) with each meeting moved
    by hand to where it cannot be (a party away or busy then, its table taken or gone, a
    time closed) put back where it was sent, when that place is still free in the
    agenda as edited. Kept at its typed place, every other place cost the same: the
    re-plan moved it to a third time, and its companies read "moved by the new plan,
    though its time was still free for it" (a hand-editing coordinator's tester).
    Whether a meeting can stay is judged against the agenda as edited, before any is
    put back: hand edits that clash with each other (two moved onto one table) all go
    back, none kept over another for its place in the sheet; one at a time, the first
    put back let the next stay, and two typed onto a table an untouched meeting held
    took it from that meeting (a hand-editing tester: 23 moves announced after a
    fill-down of the table column, where none was needed).
    Locked meetings are not changed here, but those whose lock is ``released``
    (``Pins.cancelled``: a party away at the time typed, the time closed), which are
    then moved by hand like any other: one locked where its buyer was declared away in
    that re-plan went to a third time, "moved by the new plan, though its time was
    still free for it", where the docs say it returns to where it was sent (a
    hand-editing tester)."""
    moved = _moved_by_hand(baseline)
    sent = {p.key: p for p in baseline.as_written or ()}
    if not moved or not sent:
        return stable
    busy: Counter[tuple[str, date, time]] = Counter()
    tables: Counter[tuple[date, time, int]] = Counter()
    # meetings needing an interpreter at each time (H5): a meeting moved by hand to a
    # time whose interpreters were all booked was not put back (a hand-editing tester)
    interpreted: Counter[tuple[date, time]] = Counter()
    needs = instance.interpreter_needed
    for p in stable:
        busy.update((cid, p.day, p.start) for cid in p.key)
        tables[(p.day, p.start, p.table)] += 1
        interpreted[(p.day, p.start)] += int(needs.get(p.key, False))

    def fits(p: PublishedMeeting, *, own: int) -> bool:
        """Whether ``p`` can be where it says, beside the others (``own``: whether
        ``p`` itself is counted in ``busy``, ``tables`` and ``interpreted`` there)."""
        slot = instance.slot_of(p.day, p.start)
        return (
            slot is not None
            and p.key in instance.request_by_key
            and slot.index in instance.candidates[p.key]  # H3, H9
            and 1 <= p.table <= instance.tables_at(slot.index)  # H4
            and tables[(p.day, p.start, p.table)] - own < 1
            and all(  # H2
                busy[(cid, p.day, p.start)] - own < instance.delegates_at(cid, slot.index)
                for cid in p.key
            )
            and (  # H5
                not needs.get(p.key, False)
                or interpreted[(p.day, p.start)] - own < instance.interpreters_at(slot.index)
            )
        )

    def where(p: PublishedMeeting) -> tuple[date, time, int]:
        """``p``'s time and table."""
        return (p.day, p.start, p.table)

    def count(p: PublishedMeeting, n: int) -> None:
        """Count ``p`` where it says (``n`` = 1), or take it off there (``n`` = -1)."""
        busy.update({(cid, p.day, p.start): n for cid in p.key})
        tables[(p.day, p.start, p.table)] += n
        interpreted[(p.day, p.start)] += n * int(needs.get(p.key, False))

    # Judged once, against the agenda as edited: see above.
    stuck = {
        p.key for p in stable
        if p.key in moved and (not p.locked or p.key in released) and not fits(p, own=1)
    }  # fmt: skip
    out = list(stable)
    # Until nothing moves: a meeting sent back frees its typed place, where another
    # one moved by hand may then go back (one pass kept the first of two such edits
    # where it was typed, and moved a meeting nobody touched; a second reader).
    changed = True
    while changed:
        changed = False
        for i, p in enumerate(out):
            back = sent.get(p.key)
            if p.key not in stuck or back is None or where(back) == where(p):
                continue
            # Taken off its typed place first: a table changed by hand at the same
            # time kept its companies busy there, so its sent table never fitted.
            count(p, -1)
            if not fits(back, own=0):
                count(p, 1)
                continue
            count(back, 1)
            out[i] = replace(p, day=back.day, start=back.start, end=back.end, table=back.table)
            changed = True
    return tuple(out)


def _warn_interpreter_edits_undone(baseline: Agenda, schedule: Schedule) -> None:
    """Interpreters booked or unbooked by hand: a meeting needs one exactly when its two
    companies share no language (rule H5), so the re-plan sets the column back, and
    said nothing (a hand-editing tester: "0 interpreter bookings changed")."""
    sent = {p.key: p.interpreter for p in baseline.as_written or ()}
    undone = sorted(
        f"{p.meeting_id} (typed {'yes' if p.interpreter else 'no'})"
        for p in baseline.meetings
        if p.key in sent
        and p.interpreter != sent[p.key]
        and (m := schedule.by_key.get(p.key)) is not None
        and m.interpreter != p.interpreter
    )
    if undone:
        log.warning(
            "%d interpreter booking(s) typed by hand were set back: a meeting has an "
            "interpreter exactly when its two companies share no language (H5); correct "
            "their languages in the roster instead: %s",
            len(undone),
            ", ".join(undone),
        )


#: The Meetings columns ``plan`` writes from the roster (its companies' names, the
#: request's priority and side): a value typed there is not read.
_FROM_THE_ROSTER = ("exporter", "buyer", "priority", "requested_by")


def _written_from_the_roster(
    written: Instance, m: Meeting
) -> dict[str, str | int | None]:
    """The values of :data:`_FROM_THE_ROSTER` that ``plan`` writes in ``m``'s row from
    ``written``, the instance it writes (as ``io.agenda.write`` fills them)."""
    request = written.request_by_key.get(m.key)
    names = {cid: c.name for cid in m.key if (c := written.companies.get(cid))}
    return {
        "exporter": names.get(m.exporter_id, ""),
        "buyer": names.get(m.buyer_id, ""),
        "priority": request.priority if request else None,
        "requested_by": request.requested_by.value if request else "",
    }


def _as_typed(value: object) -> str:
    """A Meetings cell's value as :func:`_warn_roster_columns_typed` words it: a cleared
    cell read "priority typed None" or "exporter typed ''" (a second reader)."""
    blank = value is None or (isinstance(value, str) and not value.strip())
    return "(blank)" if blank else repr(value)


def _warn_roster_columns_typed(
    output: Path,
    baseline: Agenda,
    written: Instance,
    schedule: Schedule,
    renamed: Mapping[str, Company] | None = None,
) -> None:
    """Meetings rows whose ``exporter``, ``buyer``, ``priority`` or ``requested_by`` was
    typed over since ``plan`` wrote them (its ``As written`` copy): not read, and written
    again from the roster, without a word, where the interpreter and end typed in the
    same run were warned of (a hand-editing tester). Once, listing the rows (the first
    ten: a fill-down of a column is hundreds). Only where the value typed differs from
    the one this plan writes (``schedule`` from ``written``), which the message names: a
    company renamed in the roster and its new name typed in Meetings too was warned of,
    "written" naming the former name the plan then did not write (a re-check tester);
    "now written", the value this plan writes, not the one it wrote (a second reader).
    A row this plan does not write (its meeting cancelled) is not named: nothing is
    written again over it."""
    sent = {p.key: p for p in baseline.as_written or ()}
    typed = []
    for p in sorted(baseline.meetings, key=lambda p: (p.row or 0, p.key)):
        w = sent.get(p.key)
        m = schedule.by_key.get(p.key) or schedule.by_key.get(
            under_new_ids(p, renamed or {}).key
        )
        if w is None or m is None:
            continue
        now = _written_from_the_roster(written, m)
        cells = [
            f"{name} typed {_as_typed(getattr(p, name))}, now written {_as_typed(now[name])}"
            for name in _FROM_THE_ROSTER
            if getattr(p, name) != getattr(w, name) and getattr(p, name) != now[name]
        ]
        if cells:
            row = f"row {p.row} " if p.row else ""
            typed.append(f"{row}{p.meeting_id} ({'; '.join(cells)})")
    if typed:
        log.warning(
            "%s: %d %s row(s) have %s typed by hand: those columns come from the roster "
            "and this plan writes them again from it (change the companies' names or the "
            "requests in the roster instead): %s",
            output,
            len(typed),
            MEETINGS,
            ", ".join(_FROM_THE_ROSTER[:-1]) + f" or {_FROM_THE_ROSTER[-1]}",
            _first_of(typed, 10),
        )


def _deleted_rows(baseline: Agenda) -> list[PublishedMeeting]:
    """The meetings deleted by hand from the agenda: in its copy as written, not in its
    Meetings sheet (none for an agenda written before that copy)."""
    typed = {p.key for p in baseline.meetings}
    return [p for p in baseline.as_written or () if p.key not in typed]


def _deleted_rows_to_keep(
    instance: Instance, baseline: Agenda | None, when: datetime, renamed: Mapping[str, Company]
) -> tuple[PublishedMeeting, ...]:
    """The deleted rows (:func:`_deleted_rows`) still to come whose place is free in the
    agenda as edited, under the ids of the roster: the planner keeps them still (S3).
    A meeting typed there wins, as the coordinator put it: its company has no delegate
    free then (as many as the roster gives it now: the agenda's count was used; a
    second reader), or its table is taken."""
    if baseline is None:
        return ()
    delegates = {cid: c.delegates for cid, c in instance.companies.items()}
    delegates |= {old: c.delegates for old, c in renamed.items()}
    busy = Counter((cid, p.day, p.start) for p in baseline.meetings for cid in p.key)
    tables = {(p.day, p.start, p.table) for p in baseline.meetings}
    return tuple(
        under_new_ids(p, renamed)
        for p in _deleted_rows(baseline)
        if not _held(p, when)
        and all(busy[(cid, p.day, p.start)] < delegates.get(cid, 1) for cid in p.key)
        and (p.day, p.start, p.table) not in tables
    )  # fmt: skip


def _warn_deleted_rows_back(
    instance: Instance, baseline: Agenda, schedule: Schedule, renamed: Mapping[str, Company]
) -> None:
    """Meetings deleted by hand from the agenda that the re-plan planned again: where
    they were (no change for the companies, so no row in Changes) or at another time
    (announced as moved); the coordinator was never told the deletion was undone (two
    second readers). Under the ids of the roster (a corrected id's row was left out; a
    second reader)."""
    placed = {
        m.key: (instance.slots[m.slot].day, instance.slots[m.slot].start, m.table)
        for m in schedule.meetings
    }
    deleted = [
        now for p in _deleted_rows(baseline) if (now := under_new_ids(p, renamed)).key in placed
    ]
    _warn_deleted_rows_not_back(instance, baseline, schedule, renamed)
    # Where they were (no change for the companies), or at another time (announced to
    # them as moved: a second reader found that case planned again without a word).
    for where, back in (
        ("where they were", [p for p in deleted if placed[p.key] == (p.day, p.start, p.table)]),
        ("at another time or table, announced to the companies as moved",
         [p for p in deleted if placed[p.key] != (p.day, p.start, p.table)]),
    ):  # fmt: skip
        if back:
            log.warning(
                "%d meeting(s) deleted by hand from the agenda were planned again %s, "
                "since their requests are still in the roster (withdraw a request to "
                "remove its meeting): %s",
                len(back),
                where,
                ", ".join(sorted(p.meeting_id for p in back)),
            )


def _warn_deleted_rows_not_back(
    instance: Instance, baseline: Agenda, schedule: Schedule, renamed: Mapping[str, Company]
) -> None:
    """Meetings deleted by hand from the agenda whose requests are still in the roster,
    that the re-plan could not plan again (a held meeting's row deleted: no common time
    left after the horizon): cancelled, and only the Changes and Unscheduled sheets said
    so, where the docs promise a warning naming it (a hand-editing tester). Each with
    why, as the Unscheduled sheet's reason words it before the cancellation takes its
    place there ("removed by hand from the agenda")."""
    gone = [
        (p, now)
        for p in _deleted_rows(baseline)
        if (now := under_new_ids(p, renamed)).key in instance.request_by_key
        and now.key not in schedule.by_key
    ]
    if not gone:
        return
    why = {
        (u.exporter_id, u.buyer_id): REASONS.get(u.reason, u.reason)
        + (f": {u.detail}" if u.detail else "")
        for u in explain_unscheduled(instance, schedule)
    }
    log.warning(
        "%d meeting(s) deleted by hand from the agenda were not planned again, though their "
        "requests are still in the roster: cancelled, their requests left unmet (sheet "
        "Unscheduled); put back the row of one deleted by mistake (a meeting held that took "
        "place); to remove a meeting for good, withdraw its request: %s",
        len(gone),
        "; ".join(
            f"{now.meeting_id} (was {_at(p.day, p.start)} table {p.table}"
            + (f"; {why[now.key]}" if now.key in why else "")
            + ")"
            for p, now in sorted(gone, key=lambda pn: pn[1].key)
        ),
    )


def _warn_corrected_ids(
    instance: Instance,
    baseline: Agenda,
    when: datetime,
    renamed: Mapping[str, Company],
    links: Sequence[tuple[str, str]],
    namesakes_of: Mapping[str, Sequence[Company]],
) -> None:
    """What ``plan`` took as a company's corrected id, and what it could not: the
    companies of the published agenda no longer in the roster (``renamed``: taken as
    another of the roster; ``namesakes_of``: those that left after holding meetings,
    by the companies with their name), ids swapped, names shared."""
    carried = baseline.former_ids
    # Back under a new id after leaving: with two companies of its name, which one it
    # is cannot be told (the last one was taken, the other met the same firm again; a
    # reader).
    for gone_id, backs in sorted(namesakes_of.items()):
        if len(backs) > 1 and not any(old == gone_id for old, _ in links):
            log.warning(
                "%s, which left the mission after holding meetings, has the name of %s: "
                "which one it is cannot be told, so each may be booked with a firm %s "
                "met; give that company back its id %s in the roster",
                gone_id, " and ".join(f"{b.name} (id {b.id})" for b in backs), gone_id,
                gone_id,
            )  # fmt: skip
    for gone_id, backs in sorted(namesakes_of.items()):
        back = backs[0]
        if len(backs) > 1 or gone_id in renamed or (gone_id, back.id) in carried:
            continue  # said above, below, or by an earlier run
        if (back.id, gone_id) in carried:
            # A correction undone: advising to give it the id it was just given back
            # was circular (a reader).
            log.warning(
                "%s is back under its former id %s: taken as the same company, it is "
                "not booked again with a firm it met under %s (the agenda keeps those "
                "meetings under %s)",
                back.name, back.id, gone_id, gone_id,
            )  # fmt: skip
            continue
        log.warning(
            "%s (id %s) has the name of %s, which left the mission after holding "
            "meetings: taken as the same company, it is not booked again with a firm "
            "it met (the agenda keeps those meetings under %s); give it back its id %s "
            "in the roster to keep its agenda under one id",
            back.name, back.id, gone_id, gone_id, gone_id,
        )  # fmt: skip
    # The same for a company with meetings still to come, re-registered under a new id
    # before they were held (the common case): its meetings were cancelled under the
    # old id and announced again as new under the new one, twice in its calendar,
    # without a word (a second reader's finding).
    listed = {c.id: c for c in (*baseline.exporters, *baseline.buyers)}
    with_meetings = {cid for m in baseline.meetings for cid in m.key}
    explained = _warn_swapped_ids(instance, listed, with_meetings, baseline.departed)
    held_by = {cid for p in baseline.meetings if _held(p, when) for cid in p.key}
    for gone_id, back in renamed.items():
        # Said as it is: an id given back (a former id) is not a name match, and
        # "those held stay under" an id that held nothing was said (a cron week's
        # tester).
        given_back = (back.id, gone_id) in carried
        # Ids that differ by an invisible character print the same: shown escaped (a
        # byte order mark from two CSV files joined: "KE-082 ... (id KE-082)"; a fuzzer)
        was, now = _shown(gone_id), _shown(back.id)
        log.warning(
            "%s is no longer in the roster and %s: taken as the same company, its "
            "meetings to come are announced again under %s (calendar events are "
            "known by the ids), at the same times where they still fit%s%s",
            was,
            f"{back.name} is back under its former id {now}" if given_back
            else f"{back.name} (id {now}) has its name",
            now,
            f" (those held stay under {was}, and their firms are not booked "
            "again)" if gone_id in held_by else "",
            "" if given_back else f"; if the id change was not meant, restore "
            f"{was} in the roster (each change of id announces the meetings "
            "again)",
        )  # fmt: skip
    # Not taken as a corrected id (a name shared, an id the agenda held): one warning
    # per company, not one per namesake each saying its meetings went to it (a second
    # reader).
    linked = {old for old, _ in links}  # a former id of a company of the roster
    left = [
        c for c in listed.values()
        if c.id in with_meetings and c.id not in instance.companies
        and c.id not in namesakes_of and c.id not in renamed and c.id not in explained
        and c.id not in linked
    ]  # fmt: skip
    shared = namesakes(instance, left)
    for gone_id, backs in sorted(shared.items()):
        # names equal but for case, accents, spacing and punctuation (replan.name_key)
        # are not "its name": 'Rif Agro/Export' is another company than 'Rif Agro
        # Export' in the roster (a tester)
        gone_name = listed[gone_id].name
        alike = any(b.name != gone_name for b in backs)
        log.warning(
            "%s is no longer in the roster and %s %s %s, but it cannot be "
            "told whether %s %s under a corrected id (the name is shared, or the "
            "id was in the agenda already): its meetings are cancelled; if they "
            "are the same company, restore the id %s in the roster",
            _shown(gone_id), " and ".join(f"{b.name} (id {_shown(b.id)})" for b in backs),
            "have" if len(backs) > 1 else "has",
            f"a name like its own ({gone_name}, but for case, accents, spacing or "
            "punctuation)"
            if alike else "its name",
            "one of them is" if len(backs) > 1 else "it is", _shown(gone_id), _shown(gone_id),
        )  # fmt: skip
    # An id and a name changed in the same run: nothing links them for sure (an agent's
    # address may register several firms), so the e-mail address only prompts a word,
    # for a company whose meetings to come this run cancels.
    to_come = {cid for p in baseline.meetings if not _held(p, when) for cid in p.key}
    by_address: dict[tuple[Side, str], list[Company]] = {}
    for c in (*instance.exporters, *instance.buyers):
        if c.id not in listed and c.email.strip():
            by_address.setdefault((c.side, c.email.strip().casefold()), []).append(c)
    for gone in sorted(left, key=lambda c: c.id):
        same = by_address.get((gone.side, gone.email.strip().casefold()), [])
        if same and gone.id in to_come and gone.id not in shared:
            # No promise that giving the id back keeps the meetings: it does not (they
            # are booked again meanwhile), and a link on an address could take an
            # agent's other firm for it (a cron week's tester; a second reader).
            log.warning(
                "%s (%s) is no longer in the roster, and %s %s its e-mail address %s: "
                "its meetings are cancelled as a company that left, and %s planned as a "
                "new company (an id and a name changed together are not followed: an "
                "address may be an agent's for several firms); if %s the same company, "
                "it may be booked again with firms it met: to keep a company's meetings, "
                "change its name alone and keep its id",
                gone.id, gone.name, " and ".join(f"{c.name} (id {c.id})" for c in same),
                "have" if len(same) > 1 else "has", gone.email.strip(),
                "they are" if len(same) > 1 else "it is",
                "one of them is" if len(same) > 1 else "it is",
            )  # fmt: skip


#: Words of a company's legal form, left out when two names are compared: 'Volubilis
#: Câbles SA' back as 'Volubilis Câbles Group' is the same firm; 'Kenya Fish Ltd' is
#: not 'Kenya Fresh Ltd', though their letters are 88 % alike (a second reader).
_LEGAL_FORMS = frozenset(
    "sa sarl sarlau au sas sasu eurl snc gie ste societe ltd limited pty co company cie "
    "compagnie corp corporation inc llc llp plc gmbh ag kg spa srl bv nv oy ab "
    "group groupe holding holdings the et and".split()
)


def _mark_of(field: str, text: str) -> str:
    """What of a company's ``field`` tells it apart: a phone's digits (seven or more:
    '+212 609 50 02 99' is '+212609500299', '0' or '+254' alone tell nothing), an
    e-mail, a contact's full name (not 'n.a.' or a first name alone: 'Mary',
    'Mohamed'); accents, case and punctuation aside; ``""`` when nothing (readers)."""
    text = strip_accents(text).casefold().strip()
    if field == "phone":
        digits = "".join(c for c in text if c.isdigit())
        return digits if len(digits) >= 7 else ""
    if field == "email":
        return text if "@" in text else ""
    words = re.findall(r"\w+", text)
    return " ".join(words) if len(words) >= 2 and len("".join(words)) >= 6 else ""


def _firm_words(name: str) -> str:
    """A company's name without its legal form (:data:`_LEGAL_FORMS`; 'S.A.R.L.' read
    as 'SARL'), in any script ('شركة الأطلس' was taken for no name at all; a reader)."""
    words = re.findall(r"\w+", strip_accents(name).casefold().replace(".", ""))
    return " ".join(w for w in words if w not in _LEGAL_FORMS)


def same_firm(was: Company, now: Company) -> bool:
    """Whether ``now`` is the firm ``was`` (its id reused): the same name apart from
    its legal form, or the same e-mail, phone or contact (:func:`_mark_of`)."""
    if _firm_words(was.name) and _firm_words(was.name) == _firm_words(now.name):
        return True
    for part in ("email", "phone", "contact"):
        mark = _mark_of(part, getattr(was, part))
        if mark and mark == _mark_of(part, getattr(now, part)):
            return True
    return False


def _refuse_an_id_of_a_company_that_left(
    roster: Path, instance: Instance, baseline: Agenda
) -> None:
    """Refuse a roster that gives the id of a company that left the mission after
    holding meetings (the agenda keeps them as its record) to another firm: another
    name, and not one contact detail in common. Meetings are kept by id: the newcomer's
    agenda listed the firm's past meetings as its own, with the contact details of six
    buyers it never met, and mailed them (a data-protection tester). The same firm back
    is read as itself (:func:`same_firm`), and so is the company a former id links to."""
    listed = {c.id: c for c in (*baseline.exporters, *baseline.buyers)}
    held = Counter(cid for p in baseline.meetings for cid in p.key)
    # a former id the agenda links to a company, given back to it, as plan's own advice
    # says: compared with that company as the agenda lists it (a reader), not skipped
    # whoever takes it (a second reader)
    linked = {old: listed[new] for old, new in baseline.former_ids if new in listed}

    taken = []
    for cid in sorted(baseline.departed & set(instance.companies) & set(listed)):
        was, now = listed[cid], instance.companies[cid]
        if same_firm(was, now) or (cid in linked and same_firm(linked[cid], now)):
            continue
        taken.append((cid, was, now))
    if not taken:
        return
    cells = company_cells(roster)
    problems = []
    for cid, was, now in taken:
        file, sheet, row, column = cells.get(cid, (str(roster), None, None, None))
        problems.append(
            Problem(
                file,
                f"id {cid} is {now.name}'s in the roster, but the agenda keeps it for "
                f"{was.name}, which left the mission after holding {held[cid]} "
                f"meeting(s): {now.name} would be given them as its own, with their "
                f"counterparts' contact details. Give {now.name} another id; if it is "
                f"{was.name} back under a new name, keep its e-mail, phone or contact "
                "as the agenda lists them",
                sheet,
                row,
                column,
            )
        )
    raise InputError(problems)


def _warn_swapped_ids(
    instance: Instance,
    listed: Mapping[str, Company],
    with_meetings: set[str],
    departed: Collection[str],
) -> set[str]:
    """An id of the published agenda, with meetings, that now names another company of
    that agenda: ids swapped (both still in the roster, each under the other's name) or
    shifted along (the other's id gone from the roster). Meetings are kept by id, so
    each goes to the other company, its counterparts told only a new name. A company
    that left (``departed``: a corrected id's former one, kept for its record under
    the same name) is no other company. Returns the gone ids explained here, so that
    no second warning calls their name shared."""
    named = {name_key(c): cid for cid, c in listed.items() if cid not in departed}
    explained = set()
    for cid in sorted(with_meetings & set(listed) & set(instance.companies)):
        now = instance.companies[cid]
        other = named.get(name_key(now))
        if other is None or other == cid or name_key(listed[cid]) == name_key(now):
            continue
        shifted = other not in instance.companies
        if not shifted and name_key(instance.companies[other]) == name_key(listed[other]):
            continue
        explained |= {other} if shifted else set()
        log.warning(
            "id %s now names %s, which the published agenda lists under %s (ids %s?): "
            "meetings are kept by id, so the meetings of %s (%s) are now %s's, at their "
            "times, and its counterparts are told only a new name%s; if the ids were "
            "changed by mistake, restore them in the roster",
            cid, now.name, other, "shifted" if shifted else "swapped", cid,
            listed[cid].name, now.name,
            f"; those under {other} are cancelled, as a company that left"
            if shifted and other in with_meetings else "",
        )  # fmt: skip
    return explained


def _warn_released_locks(
    instance: Instance,
    published: Sequence[PublishedMeeting],
    released: Mapping[tuple[str, str], str],
    schedule: Schedule,
    when: datetime,
    by_hand: Collection[tuple[str, str]] = (),
    sent: Sequence[PublishedMeeting] = (),
) -> None:
    """Meetings still to come locked in the agenda that cannot stay where they are
    locked (a party declared unavailable then, the time closed or gone): planned again
    elsewhere, or not at all. A lock typed by hand at such a time was put back where
    the companies had been sent it, with no row in Changes and not a word (a
    walkthrough). One already held is a no-show, warned about as such.

    Those the roster no longer holds, their request withdrawn or a company gone from
    the mission, are cancelled: the coordinator's own decision, which a lock does not
    overrule, but said too. A tester locked a meeting, then withdrew its request: it
    was cancelled and not a word said of its lock, even with ``-v``. Rows typed in by
    hand (``by_hand``) for a pair not requested are warned of on their own
    (:func:`_warn_unrequested_rows`). One back where it was ``sent`` (the agenda as
    written, :func:`_back_where_sent`) is said to be, as no Changes row shows it (a
    hand-editing tester)."""
    prefix = "locked meeting: "
    written = {p.key: (p.day, p.start, p.table) for p in sent}
    told = []
    dropped = []
    for p in sorted(published, key=lambda p: p.key):
        if not p.locked or _held(p, when):
            continue
        why = released.get(p.key, "")
        if not why.startswith(prefix):
            if p.key in schedule.by_key or p.key in by_hand:
                continue
            gone = [
                cid for cid in p.key if cid not in instance.companies or cid in instance.departed
            ]
            if gone:
                cause = f"{_names(instance, p, gone)} left the mission"
            elif p.key not in instance.request_by_key:
                cause = WITHDRAWN
            else:
                continue
            dropped.append(f"{p.meeting_id} locked at {_at(p.day, p.start)} ({cause})")
            continue
        m = schedule.by_key.get(p.key)
        where = (
            f"planned again at {_at(instance.slots[m.slot].day, instance.slots[m.slot].start)}"
            if m is not None
            else "not planned"
        )
        if m is not None and written.get(p.key) == (
            instance.slots[m.slot].day, instance.slots[m.slot].start, m.table
        ):
            where += (f" table {m.table} (where plan last wrote it: no change for the "
                      "companies, unless a report of the edited agenda was mailed)")
        cause = why[len(prefix) :]
        told.append(f"{p.meeting_id} locked at {_at(p.day, p.start)} ({cause}): {where}")
    if told:
        log.warning(
            "%d meeting(s) locked in the agenda cannot stay where they are locked, and "
            "their locks are released: %s; to keep one there, remove what the reason "
            "names (an Unavailability row, a change of the programme), else lock it at a "
            "time both companies are free",
            len(told),
            "; ".join(told),
        )
    if dropped:
        log.warning(
            "%d meeting(s) locked in the agenda are cancelled, and their locks released, "
            "as the roster no longer holds them: %s; a lock keeps a meeting's time, not "
            "its request: if that was not meant, put the request back in the roster (and "
            "a company that left) and lock the meeting where the next plan puts it, or "
            "set its time in the Fixed sheet",
            len(dropped),
            "; ".join(dropped),
        )
