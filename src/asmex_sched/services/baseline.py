"""A re-plan's previous agenda against today's roster, before planning: what is
refused (a finished mission, ids unknown, a past programme changed) and what is
warned of (details, tables, delegates, maximums, days lowered or dropped).
"""

from __future__ import annotations

import difflib
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path

from asmex_sched.domain import (
    CLOCK_CHANGE,
    GROUP_ALL,
    Agenda,
    Change,
    ChangeKind,
    Company,
    Instance,
    PublishedMeeting,
    Schedule,
    Side,
    Unscheduled,
    meeting_id,
    notice_horizon,
    party,
)
from asmex_sched.errors import InputError, NewerAgendaError, Problem
from asmex_sched.io.agenda import (
    HISTORY_DIR,
    history_copies,
    mission_rows,
    read_agenda,
    read_agenda_summary,
    xml_safe,
)
from asmex_sched.io.roster import mission_setting_cells, roster_mission
from asmex_sched.model.flows import max_flow
from asmex_sched.model.solve import TRADE_FAIR_PIPELINE, SolveOptions
from asmex_sched.replan import RENAMED_CANCEL, under_new_ids
from asmex_sched.report import (
    details_changed,
    language_changes_of,
    place_changes,
    summary_field,
    time_zone_shift,
)
from asmex_sched.services.agenda_schedule import (
    _month_first,
    _off_grid_column,
    _shown,
    schedule_from_agenda,
)
from asmex_sched.services.files import _killed_run_copy
from asmex_sched.services.summary import mission_local, mission_now

log = logging.getLogger("asmex_sched")


def _refuse_off_grid_edits(output: Path, instance: Instance, baseline: Agenda) -> None:
    """Same roster, so the same slot grid: a time off it in an edited agenda is a typo,
    not a changed programme (it cancelled a locked meeting, found by a second reader).

    Raises
    ------
    InputError
        One problem per such meeting (as ``check`` words it).
    """
    _, off_grid = schedule_from_agenda(instance, baseline)
    if off_grid:
        # Where each is (a walkthrough: the other agenda errors named their row).
        typed = {p.key: p for p in baseline.meetings}
        problems = []
        for v in off_grid:
            p = typed.get((v.companies[0], v.companies[1]))
            problems.append(
                Problem(
                    str(output),
                    f"{v.message} (edited by hand?): correct it",
                    "Meetings",
                    p.row if p else None,
                    (_off_grid_column(instance, p) or None) if p else None,
                )
            )
        raise InputError(problems)


def _read_baseline(output: Path) -> Agenda:
    try:
        return read_agenda(output)
    except NewerAgendaError:
        raise
    except InputError as err:
        raise InputError(
            [
                *err.problems,
                Problem(
                    str(output),
                    "the existing agenda cannot be used as the baseline; fix it, or "
                    "restore a copy from agenda-history/ (--fresh would plan anew, "
                    "without its announced meetings)",
                ),
            ]
        ) from None


def _refuse_unknown_ids(path: Path, agenda: Agenda, instance: Instance) -> None:
    """Refuse a Meetings row naming an id neither the roster nor the agenda knows (a
    typo: ``MA-0030``; an id typed in another case, ``ma-001``), naming its row and
    column and the id it is closest to: ``plan`` dropped it without a word, and took
    the row it was typed over as deleted (a hand-editing tester). Not read as the
    roster's id when only its case differs: the agenda kept it so, and ``report``,
    which reads the agenda alone, refused what ``plan`` and ``check`` had passed (a
    second reader)."""
    known = set(instance.companies) | {c.id for c in (*agenda.exporters, *agenda.buyers)}
    known |= set(agenda.id_now)
    by_fold = {cid.casefold(): cid for cid in sorted(known)}
    problems: list[Problem] = []
    for p in agenda.meetings:
        for column, cid in (("exporter_id", p.exporter_id), ("buyer_id", p.buyer_id)):
            if cid in known:
                continue
            close = [by_fold[cid.casefold()]] if cid.casefold() in by_fold else (
                difflib.get_close_matches(cid, sorted(known), 1, 0.8)
            )  # fmt: skip
            problems.append(Problem(
                str(path),
                f"{column} {cid!r} is no company of the roster or of the agenda"
                + (f" (did you mean {close[0]!r}?)" if close else "")
                + ": correct the id (as the roster writes it, meeting_id too), or "
                "delete the row",
                "Meetings", p.row, column,
            ))  # fmt: skip
    if problems:
        raise InputError(problems)


def _refuse_a_finished_mission(
    output: Path, instance: Instance, baseline: Agenda, when: datetime
) -> None:
    """Refuse, as the baseline of a re-plan, the agenda of a mission that is over and
    has no day in common with this one (last year's agenda file): every meeting of it
    was listed as cancelled, and the new events took its calendar id, so this year's
    meeting of a pair that met last year would move last year's event in a calendar (a
    second reader). A postponed mission, not over yet, is re-planned as usual."""
    old, new = baseline.mission, instance.mission
    if set(old.dates) & set(new.dates) or old.dates[-1] >= when.date():
        return
    raise InputError(
        [
            Problem(
                str(output),
                f"this is the agenda of {old.name!r}, a mission that ended on "
                f"{old.dates[-1]:%Y-%m-%d}: it cannot be the baseline of {new.name!r} "
                f"(from {new.first_day:%Y-%m-%d}); plan this mission into another file "
                "(-o), or replace that agenda with --fresh",
            )
        ]
    )


def _only_fixed(instance: Instance) -> bool:
    """Whether the roster requests no meeting but those its Fixed sheet fixes (no
    wishes, no Requests rows)."""
    return {r.key for r in instance.requests} <= {f.key for f in instance.fixed}


def _warn_no_request(roster: str | Path) -> None:
    log.warning(
        "%s has no meeting request (no wishes, no Requests rows): the agenda will hold "
        "only what the Fixed sheet fixes",
        roster,
    )


def _refuse_every_request_gone(
    roster: Path, output: Path, instance: Instance, baseline: Agenda, when: datetime
) -> None:
    """Refuse a re-plan from a roster with no meeting request at all while the agenda
    sent holds meetings still to come: the wishes column or the Requests sheet emptied
    by mistake cancelled every one of them from cron, exit 0, its one line under
    ``--quiet`` not saying so (an input tester); a company sheet left with its header
    alone is refused for the same reason (io/roster/reader.py). With the Fixed sheet's
    meetings alone (a mission planned from it, whose rows are deleted to cancel: not
    refused, a second reader), a warning says how many meetings the re-plan cancels,
    unless that is more than half of those still to come."""
    if not _only_fixed(instance):
        return
    # fixed today: its pair, or its time with one of its ids, the other corrected (no
    # longer a company of the roster)
    pairs = {f.key for f in instance.fixed}
    times = {(f.day, f.start, cid) for f in instance.fixed for cid in f.key}
    ahead = [p for p in baseline.meetings if not _held(p, when)]
    to_come = sum(
        1 for p in ahead
        if p.key not in pairs
        and not any((p.day, p.start, cid) in times and other not in instance.companies
                    for cid, other in (p.key, p.key[::-1]))
    )  # fmt: skip
    if not to_come:
        if not instance.requests:  # as before; a mission planned from its Fixed sheet
            _warn_no_request(roster)  # alone is not told so on every cron run
        return
    said = (
        f"{output.name} holds {to_come} meeting{'s' if to_come > 1 else ''} still to come"
    )
    # A mission planned from its Fixed sheet deletes a row to cancel a meeting; wishes
    # emptied beside one VIP meeting fixed cancel nearly all (a second reader: any
    # Fixed row let that through with a warning)
    if instance.fixed and 2 * to_come <= len(ahead):
        log.warning(
            "%s has no meeting request but the Fixed sheet's, while %s that it does not "
            "fix: this re-plan cancels %s; if the wishes or the Requests rows were "
            "emptied by mistake, restore them and plan again",
            roster, said, "it" if to_come == 1 else "them",
        )  # fmt: skip
        return
    raise InputError(
        [
            Problem(
                str(roster),
                "no meeting request (no wishes, no Requests rows"
                f"{', only the Fixed sheet' if instance.fixed else ', no Fixed rows'}), "
                f"while {said}{' that it does not fix' if instance.fixed else ''}: a "
                "re-plan would cancel every one and tell each company. If the wishes or "
                "the Requests rows were emptied by mistake, restore them; if those "
                "meetings are really off, plan with --fresh (or into another file)",
            )
        ]
    )


#: The Mission settings that draw the slot grid (docs/model.md, "Slot grid").
_GRID_SETTINGS = ("first_day", "days", "day_start", "day_end", "meeting_minutes", "breaks")


def _at(day: date, start: time) -> str:
    """A meeting's time in a message: ``Mon 10 Nov 09:00``."""
    return f"{day:%a %d %b} {start:%H:%M}"


def _first_of(items: Sequence[str], n: int, sep: str = "; ") -> str:
    """The first ``n`` of ``items`` in a message, then how many more: ``a; b; c; and 4
    more``. Said alike by the warnings that name the first few (a trade fair's hundreds
    went whole into cron mail; a reader), each of which wrote it out again (a reader of
    the day's commits)."""
    shown = sep.join(items[:n])
    return shown + (f"{sep}and {len(items) - n} more" if len(items) > n else "")


def _held(p: PublishedMeeting, when: datetime) -> bool:
    """Whether a published meeting had started at ``when`` (already held)."""
    return _held_at((p.day, p.start), when)


def _refuse_a_stale_agenda(output: Path, baseline: Agenda) -> None:
    """Refuse, as the baseline, an agenda older than its newest history copy: an
    earlier copy saved back over the re-planned file (an agenda kept open in Excel
    during a cron re-plan, then saved). It was taken as the baseline without a word,
    the plan last announced was only in the history, and ``report --changed-since``
    compared against the wrong agenda (a second reader: a move announced twice).

    Not refused: the agenda as a re-plan killed between archiving and writing left it
    (nothing was lost: its newest copy is the agenda, named in ``agenda.xlsx.archiving``,
    :func:`.files._archiving`), even edited since, nor agendas written before
    ``calendar_sequence`` (their sequences are minutes, which tie). An earlier copy put
    back by hand (``cp sent/….xlsx agenda.xlsx``, ``cp -p`` too) is refused, even byte
    for byte the newest copy (it was taken as the killed run's, and the plan it replaced
    was lost without a word; a second reader)."""
    mine = summary_field(baseline.summary, "calendar_sequence")
    if not mine.isdigit():
        return
    newer: list[Path] = []
    for path in reversed(history_copies(output)):  # newest first; stop at an older one
        summary = read_agenda_summary(path)
        if summary is None:
            continue
        theirs = summary_field(summary, "calendar_sequence")
        if (
            summary_field(summary, "calendar_id") != summary_field(baseline.summary, "calendar_id")
            or not theirs.isdigit()
            or int(theirs) < int(mine)
        ):
            break
        if not newer and theirs == mine and path.name == _killed_run_copy(output):
            return  # the copy of a re-plan that did not get to write (edited since or not)
        newer.append(path)
    if not newer:
        return
    raise InputError(
        [
            Problem(
                str(output),
                f"this agenda is the one archived as {HISTORY_DIR}/{newer[-1].name}, or "
                "an earlier one: the agenda the last re-plan wrote after it was replaced, "
                "probably by a copy kept open in Excel during the re-plan and saved. That "
                "plan is lost, and may have been sent. To go on from this copy, move "
                f"{', '.join(p.name for p in reversed(newer))} out of {HISTORY_DIR}/ and "
                "run again: its changes will be against this copy, so read the notices "
                "before sending them",
                "Summary",
            )
        ]
    )


def _check_settings_lowered(
    roster: Path, output: Path, instance: Instance, baseline: Agenda, when: datetime
) -> None:
    """Refuse more meetings (with an interpreter) held at one time than ``tables``
    (``interpreters``) when the agenda was edited by hand to hold them (times typed into
    the agenda); a setting lowered under what ``plan`` wrote and was held is the
    mission's from the horizon on (``Instance.tables_at``: an interpreter ill, a venue
    that lost tables; it was refused, its advice a new plan that booked the past days
    again, a coordinator's tester). Warns for the meetings not yet held but within the
    notice period (kept where they are, with more than the setting now allows), from the
    new plan: :func:`_warn_tables_above`, :func:`_warn_interpreters_beyond`; a company's
    ``delegates``: :func:`_warn_delegates_lowered`."""
    written = baseline.sent
    for setting, what, keep in (
        ("tables", "meetings", lambda p: True),
        ("interpreters", "meetings with an interpreter", lambda p: p.interpreter),
    ):
        limit = getattr(instance.mission, setting)
        per_time = Counter((p.day, p.start) for p in baseline.meetings if keep(p))
        as_written = Counter((p.day, p.start) for p in written if keep(p))
        held = sorted(t for t, n in per_time.items() if n > limit and _held_at(t, when))
        typed = [t for t in held if per_time[t] > as_written[t]]
        if typed:
            # One problem per time, at the row of a meeting typed there (a docs
            # auditor: the file and sheet alone left the coordinator to search).
            was = {(p.key, p.day, p.start) for p in written}
            problems = []
            for t in typed:
                there = sorted(
                    (p for p in baseline.meetings if (p.day, p.start) == t and keep(p)),
                    key=lambda p: ((p.key, p.day, p.start) in was, p.row or 0),
                )
                rows = sorted(p.row for p in there if p.row is not None)
                listed = f" (rows {', '.join(map(str, rows))})" if rows else ""
                problems.append(
                    Problem(
                        str(output),
                        f"{per_time[t]} {what} already held at {_at(*t)}{listed}, for "
                        f"{limit} {setting} (edited by hand?): correct them",
                        "Meetings",
                        there[0].row,
                        there[0].start_column or None,
                    )
                )
            raise InputError(problems)


def _cancelled_by_last_run(
    baseline: Agenda | None,
) -> dict[tuple[str, str], tuple[date, time, int]]:
    """The meetings the baseline's own re-plan cancelled (its Changes sheet), at the
    time and table they had: booked again by this run (an absence declared by mistake,
    then deleted), they go back there where that costs no meeting (``model.solve``'s
    ``earlier``). Two companies' meetings had swapped times, and were told so, where
    both times were free (a mission-week tester)."""
    if baseline is None:
        return {}
    return {
        (c.exporter_id, c.buyer_id): (c.old_day, c.old_start, c.old_table)
        for c in baseline.changes
        if c.kind == ChangeKind.CANCELLED
        and c.old_day is not None and c.old_start is not None and c.old_table is not None
    }  # fmt: skip


def _warn_interpreters_beyond(
    roster: Path, instance: Instance, baseline: Agenda, schedule: Schedule, when: datetime
) -> None:
    """Warn of times within the notice period where the new plan books more
    interpreters than the mission has and than the agenda sent booked there: meetings
    that need one after a language correction keep their time (``Instance.held_load``;
    every re-plan stopped with exit 3 until they had started, a mission-week tester).
    Counted in the plan itself, not the agenda sent: a meeting moved away, or under a
    corrected id, was miscounted (a second reader)."""
    horizon = notice_horizon(instance.mission, when)
    limit = instance.mission.interpreters
    booked = Counter((p.day, p.start) for p in baseline.sent if p.interpreter)
    slots = instance.slots  # by index
    need = Counter(
        t for m in schedule.meetings if m.interpreter
        and not _held_at(t := (slots[m.slot].day, slots[m.slot].start), when)
        and datetime.combine(*t) < horizon
    )  # fmt: skip
    soon = sorted(t for t, n in need.items() if n > max(limit, booked[t]))
    if soon:
        _warn_kept_beyond(
            roster, f"interpreters {limit}",
            "more meetings needing an interpreter than it had booked (languages corrected "
            "since it was sent)", soon, need, instance,
        )  # fmt: skip
    # the setting lowered under what was sent: counted in the new plan too (it was
    # counted in the agenda sent, before the run, and said on every no-op cron run; a
    # trade-fair tester)
    lowered = sorted(t for t, n in need.items() if limit < n <= booked[t])
    if lowered:
        _warn_kept_beyond(
            roster, f"interpreters {limit}", "more meetings with an interpreter", lowered,
            need, instance,
        )  # fmt: skip


def _clock_changes_held(instance: Instance, baseline: Agenda, when: datetime) -> Instance:
    """The instance without the clock-change blocks
    (:func:`~asmex_sched.domain.clock_change_blocks`) of times where the baseline held
    meetings before ``when``: an agenda planned before those times were closed had
    meetings there, and they took place; closed, they were taken as no-shows and
    booked again (a reader)."""
    held = [p for p in baseline.meetings if _held(p, when)]
    drop = {
        u for u in instance.unavailability
        if u.participant == GROUP_ALL and u.reason.startswith(CLOCK_CHANGE)
        and any(p.day == u.day and p.start < u.end and u.start < p.end for p in held)
    }  # fmt: skip
    if not drop:
        return instance
    log.info(
        "meetings were held at times a clock change skips or repeats (planned by an "
        "earlier version): kept as the record"
    )
    return instance.replace(unavailability=tuple(u for u in instance.unavailability
                                                 if u not in drop))  # fmt: skip


def _as_written(company: Company) -> Company:
    """``company`` with the texts an agenda prints of it as the workbook holds them
    (:func:`~asmex_sched.io.agenda.xml_safe`)."""
    return replace(
        company,
        name=xml_safe(company.name),
        contact=xml_safe(company.contact),
        email=xml_safe(company.email),
        phone=xml_safe(company.phone),
        sectors=tuple(xml_safe(s) for s in company.sectors),
    )


def _warn_companies_without_meetings(
    instance: Instance,
    schedule: Schedule,
    unsched: Sequence[Unscheduled],
    opts: SolveOptions,
    baseline: Agenda | None,
    params: Mapping[str, object],
) -> None:
    """Warn of companies holding no meeting though they requested some (a programme
    tester: a mission closed to all, a buyer away all week, planned "0 of 36 requests"
    with nothing said under ``--quiet``; three of six exporters left with none, every
    exporter having paid the same fee):

    * requests none of which has a time both companies are available
      (``no_common_slot``): the plan can do nothing for them, the roster can;
    * exporters whose requests went to higher-priority meetings (``lost_to_priority``):
      the value the plan keeps (``--value-tolerance``) ranks above giving them one.

    On a re-plan, a company that held none in the agenda replaced either was told
    then: not again on every cron run.
    """
    held = Counter(cid for m in schedule.meetings for cid in m.key)

    def unmet(rows: Iterable[Unscheduled]) -> dict[str, set[tuple[str, str, str]]]:
        out: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
        for u in rows:
            for cid in (u.exporter_id, u.buyer_id):
                out[cid].add((u.exporter_id, u.buyer_id, u.reason))
        return out

    # (the companies the agenda replaced listed without a meeting: one added since
    # was not told; a reader) and with the same requests unmet for the same causes: a
    # late exporter whose wishes changed, still without a meeting for another cause,
    # was not told (a cron tester)
    told: set[str] = set()
    if baseline is not None:
        before, now = unmet(baseline.unscheduled), unmet(unsched)
        listed = {c.id for c in (*baseline.exporters, *baseline.buyers)}
        told = {cid for cid in listed if before[cid] == now[cid]} - {
            cid for p in baseline.sent for cid in p.key
        }
    why: dict[str, set[str]] = defaultdict(set)
    for u in unsched:
        for cid in (u.exporter_id, u.buyer_id):
            why[cid].add(u.reason)
    asked = {cid for r in instance.requests for cid in (r.exporter_id, r.buyer_id)}
    none = sorted(
        cid for cid in asked if not held[cid] and cid in instance.companies and cid not in told
    )

    def named(ids: Sequence[str]) -> str:
        shown = ", ".join(party(cid, instance.companies[cid].name) for cid in ids[:5])
        return shown + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")

    if not schedule.meetings and none and all(u.reason == "no_common_slot" for u in unsched):
        log.warning(
            "no meeting can be held: %s time both companies are available (their "
            "Unavailability rows, times closed to all, the programme's days and hours)",
            "the only request has no"
            if len(instance.requests) == 1
            else f"none of the {len(instance.requests)} requests has a",
        )
        return
    apart = [cid for cid in none if why[cid] == {"no_common_slot"}]
    if apart:
        # re-planning, the time left is what counts: a late registrant on the last
        # morning read as sharing no time at all with anyone (a cron week's tester)
        left = (
            f" left from {instance.horizon:%Y-%m-%d %H:%M} on (now + notice, what a re-plan "
            "can still book)"
            if instance.horizon is not None
            else ""
        )
        log.warning(
            "%s hold%s no meeting: %s no available time%s with any company %s requested "
            "or that requested %s (Unscheduled: no common availability)",
            named(apart),
            "s" if len(apart) == 1 else "",
            "it shares" if len(apart) == 1 else "they share",
            left,
            "it" if len(apart) == 1 else "they",
            "it" if len(apart) == 1 else "them",
        )
    # Also an exporter whose counterparts' only common times went to other meetings
    # (``at_capacity``): two exporters sharing buyers free one slot each, the other
    # wished at a higher priority, left one with none of its 14 possible and nothing
    # said under --quiet (a coordinator with narrow availabilities). Not one whose
    # requests allow none (its cap 0: its own maximum, buyers at theirs).
    squeezed = [
        cid for cid in none
        if instance.companies[cid].side == Side.EXPORTER
        and ("lost_to_priority" in why[cid]
             or ("at_capacity" in why[cid] and instance.fairness_cap.get(cid, 0) > 0))
    ]  # fmt: skip
    if not squeezed:
        return
    # The value floor is the cause only where it binds: an exporter holds a meeting to
    # spare (fairness could move one) and the plan's value is within a meeting's weight
    # of the floor, on a path that has one (a reader: with too few tables for all, or
    # the tables taken by Fixed meetings, the tolerance was blamed, even at 1).
    exporters_held = [held[e.id] for e in instance.exporters]
    floor = params.get("value_floor")
    value = sum(instance.weight[m.key] for m in schedule.meetings if m.key in instance.weight)
    binds = (
        isinstance(floor, int | float)
        and params.get("stage1") != TRADE_FAIR_PIPELINE  # trade-fair size: no floor
        and max(exporters_held, default=0) >= 2
        and value - floor < max(instance.weight.values(), default=0)
    )
    no_room = [cid for cid in squeezed if "lost_to_priority" in why[cid]]
    busy = [cid for cid in squeezed if cid not in no_room]
    blamed: list[str] = []  # told the tolerance is the cause
    if binds:
        # An exporter whose counterparts were busy is the floor's only where one of them
        # met, at a time they shared, an exporter with a meeting to spare: two exporters
        # wishing one buyer free a single half-hour, the one left out was told a larger
        # tolerance would help (a coordinator with narrow availabilities). Not in a fixed
        # or pinned meeting, which no tolerance moves: an exporter left out beside one
        # was told a larger tolerance would help, and at 1 it still held none (session
        # 44's second reader).
        met: dict[tuple[str, int], list[str]] = defaultdict(list)
        for m in schedule.meetings:
            if (m.key, m.slot) not in instance.kept_before_horizon:
                met[(m.buyer_id, m.slot)].append(m.exporter_id)
        spare = {
            cid for cid in busy
            if any(held[other] >= 2
                   for r in instance.requests_of[cid] for s in instance.candidates[r.key]
                   for other in met.get((r.buyer_id, s), ()))
        }  # fmt: skip
        # An exporter left with none means a worst-off level of 0; where the exporters
        # cannot each hold one at once, it is 0 at any tolerance and the value decides:
        # two late exporters wishing only a buyer free one half-hour, met by a third
        # holding three, were both told a larger tolerance would help, and at 1 the
        # plan was the same (a cron tester).
        floors = [cid for cid in squeezed if cid in spare or cid in no_room]
        if floors and _each_could_hold_one(instance):
            blamed = floors
    no_room = [cid for cid in no_room if cid not in blamed]
    busy = [cid for cid in busy if cid not in blamed]
    def say(ids: list[str], because: str) -> None:
        """One warning for the exporters ``ids`` left with none, ``because`` its cause
        (``{each}``: "it" for one, "each" for several)."""
        one = len(ids) == 1
        log.warning(
            "%s hold%s no meeting though %s requested some: %s",
            named(ids), "s" if one else "", "it" if one else "they",
            because.format(each="it" if one else "each"),
        )  # fmt: skip

    if blamed:
        keeps = (
            # the floor is the whole value (docs/model.md, "Floors"): the tolerance unspent
            "the priority-first plan's whole weighted value (the tolerance is spent only "
            "where that cannot double the least-served exporter's meetings; "
            "--spend-tolerance always spends it wherever it spreads the meetings)"
            if params.get("value_tolerance_spent") is False
            else f"at least {100 * (1 - opts.value_tolerance):.4g}% of the priority-first "
            f"plan's weighted value (--value-tolerance {opts.value_tolerance:g}); a larger "
            "tolerance spreads the meetings more evenly"
        )
        say(blamed, "the times and tables went to requests of higher priority, as the "
            f"plan keeps {keeps}")
    if no_room:
        say(no_room, "at every time {each} and a counterpart were free, the tables or "
            "interpreters were taken (Unscheduled: no room)")
    if busy:
        say(busy, "at every time {each} shared with a counterpart, that counterpart was in "
            "another meeting or at its maximum (Unscheduled: a party is at capacity)")

def _each_could_hold_one(instance: Instance) -> bool:
    """Whether every exporter whose requests allow a meeting could hold one at once, the
    fixed and pinned meetings in place: a worst-off level of 1 (S1a) at any tolerance.
    A flow of the exporters without a fixed or pinned meeting to their buyers' free
    seats (a buyer's delegates at a slot, its ``max_meetings`` in all, less the fixed
    and pinned meetings), a slot left out where those take every table, or every
    interpreter a pair needs; an upper bound, so ``False`` is sure."""
    kept = instance.kept_before_horizon
    served = {key[0] for key, _ in kept}
    cap = instance.fairness_cap
    todo = [e.id for e in instance.exporters if cap.get(e.id, 0) > 0 and e.id not in served]
    if not todo:
        return True
    load = instance.kept_load
    in_all = Counter(key[1] for key, _ in kept)

    def room(b: str, s: int) -> int:
        return instance.delegates_at(b, s) - load.company[(b, s)]

    def left(b: str) -> int | None:
        most = instance.max_meetings_of(b)
        return None if most is None else most - in_all[b]

    edges: dict[str, list[tuple[str, int]]] = {}
    for e in todo:
        edges[e] = [
            (r.buyer_id, s) for r in instance.requests_of[e] for s in instance.candidates[r.key]
            if room(r.buyer_id, s) > 0 and instance.tables_at(s) > load.tables[s]
            and not (instance.interpreter_needed.get(r.key, False)
                     and instance.interpreters_at(s) <= load.interpreted[s])
        ]  # fmt: skip
    # one unit from each exporter (its id), through its buyers' slots ((buyer, slot), at
    # most ``room`` each), to its buyers (("buyer", id), at most ``left`` each in all)
    source, sink = ("source",), ("sink",)
    slots = sorted({bs for e in todo for bs in edges[e]})
    arcs: list[tuple[object, object, int]] = [(source, e, 1) for e in todo]
    arcs += [(e, bs, 1) for e in todo for bs in edges[e]]
    arcs += [(bs, ("buyer", bs[0]), room(*bs)) for bs in slots]
    arcs += [(("buyer", b), sink, len(todo) if (most := left(b)) is None else most)
             for b in sorted({b for b, _ in slots})]  # fmt: skip
    return max_flow(arcs, source, sink) == len(todo)


def _warn_details_changed(
    baseline: Agenda, instance: Instance, schedule: Schedule, when: datetime
) -> None:
    """Warn when companies' names or contact details (those their counterparts'
    agendas print: :func:`~asmex_sched.report.details_changed`) differ from the agenda replaced
    and companies meeting them from ``when`` on hold the former ones. A new phone gave
    "0 companies affected", nothing under ``--quiet``: the cron mail said nothing,
    though ``report --changed-since`` had their counterparts' agendas to send."""
    changed = details_changed(
        (*baseline.exporters, *baseline.buyers),
        # as the agenda will hold them: a control character a workbook cannot store
        # (Word's Shift+Enter) was "new" on every re-plan (a second reader)
        (_as_written(c) for c in (*instance.exporters, *instance.buyers)),
        values=False,  # a log and a cron mail carry no phone (a cron week's tester)
    )
    if not changed:
        return
    start = {s.index: datetime.combine(s.day, s.start) for s in instance.slots}
    # the pairs the counterparts hold in the agendas sent; one added by this re-plan
    # is sent with the new details (it was counted; a second reader)
    sent = {p.key for p in baseline.sent}
    counterparts: dict[str, set[str]] = defaultdict(set)
    for m in schedule.meetings:
        if start[m.slot] >= when and m.key in sent:
            for one, other in (m.key, m.key[::-1]):
                if one in changed:
                    counterparts[one].add(other)
    told = set().union(*counterparts.values())
    if not told:
        return
    named = sorted(counterparts)
    log.warning(
        "details changed for %d compan%s meeting others from now on (%s): the %d "
        "compan%s meeting %s %s the former ones in the agenda replaced, if it was sent "
        "(to tell them: report --changed-since the agenda last sent, which compares with "
        "what they hold)",
        len(named),
        "y" if len(named) == 1 else "ies",
        _first_of([f"{cid}: {changed[cid]}" for cid in named], 3),
        len(told),
        "y" if len(told) == 1 else "ies",
        "it" if len(named) == 1 else "them",
        "has" if len(told) == 1 else "have",
    )


def _warn_language_changed(baseline: Agenda, instance: Instance, when: datetime) -> None:
    """Warn when companies' agendas are in another language than in the agenda replaced
    (:func:`~asmex_sched.report.languages_changed`: their ``languages`` corrected),
    unless the mission is over at ``when``. A buyer's ``en; sw`` corrected to ``fr``
    re-planned as "0 changes" without a word, its agenda sent in English (a tester):
    said as new details are (:func:`_warn_details_changed`). The companies ``report
    --changed-since`` sends again (:func:`~asmex_sched.report.language_changes_of`),
    with this plan's companies at ``when``."""
    changed = language_changes_of(
        (*baseline.exporters, *baseline.buyers),
        (*instance.exporters, *instance.buyers),
        mission=instance.mission,
        departed=instance.departed,  # (it gets no agenda)
        moment=when,
    )
    if not changed:
        return
    named = sorted(changed)
    one = len(named) == 1
    log.warning(
        "agenda language changed for %d compan%s (%s): the agenda replaced, if it was "
        "sent, gave %s in the former language (report --changed-since the agenda last "
        "sent sends %s again, in the new one)",
        len(named),
        "y" if one else "ies",
        _first_of([f"{cid}: {changed[cid]}" for cid in named], 3),
        "it its agenda" if one else "them their agendas",
        "it" if one else "them",
    )


def _warn_tables_above(
    roster: Path, instance: Instance, schedule: Schedule, when: datetime
) -> None:
    """Warn of meetings within the notice period beyond ``tables`` lowered: times with
    more meetings than tables, and meetings at a table number above it at other times
    (kept there as announced, and nobody told; a second reader). Counted in the new
    plan: counted in the agenda sent, a trade fair whose re-plan cancelled meetings at
    those times was told of 13 times with 150 meetings that held 143 to 147, and 13 of
    its 14 meetings at the table gone were not named (a trade-fair tester); on a run
    that plans, not on every no-op cron run (a reader)."""
    horizon = notice_horizon(instance.mission, when)
    limit = instance.mission.tables
    slots = instance.slots  # by index
    frozen = [
        (t, m) for m in schedule.meetings
        if not _held_at(t := (slots[m.slot].day, slots[m.slot].start), when)
        and datetime.combine(*t) < horizon
    ]  # fmt: skip
    per_time = Counter(t for t, _ in frozen)
    over = sorted(t for t, n in per_time.items() if n > limit)
    if over:
        _warn_kept_beyond(roster, f"tables {limit}", "more meetings", over, per_time, instance)
    above = sorted(
        (t, m.table, meeting_id(*m.key)) for t, m in frozen
        if m.table > limit and per_time[t] <= limit
    )  # fmt: skip
    if above:
        log.warning(
            "%s: tables %d, but %d meeting(s) within the notice period are at a table "
            "above it, kept there as announced: tell their companies the table if it "
            "changes, or move them by hand: %s",
            roster, limit, len(above),
            ", ".join(f"{m} {_at(*t)} table {n}" for t, n, m in above[:5])
            + (" ..." if len(above) > 5 else ""),
        )  # fmt: skip


def _within_notice(
    changes: Sequence[Change],
    now: datetime,
    horizon: datetime,
    which: Callable[[Change], bool],
) -> list[str]:
    """The changes ``which`` keeps that put a meeting at, or take it from, a time within
    the notice period (from ``now`` to ``horizon``), as ``E--B (old -> new)``, sorted:
    what the companies hear of late (hand edits, :mod:`.hand_edits`; Fixed rows; the
    re-plan's own). A meeting whose table alone changed there too, as ``E--B (day time,
    table old -> new)``: a table changed by hand within the notice period was left out,
    though the Changes sheet lists it (a hand-editing tester); and one whose time and
    table both changed as ``E--B (old -> new, table old -> new)``. So for every
    warning, not for hand edits alone: a Fixed row's table corrected within the notice
    period, or a frozen meeting's table taken by one, was left out, and the companies
    would go to the old table (a reader of the day's commits)."""

    def soon(day: date | None, start: time | None) -> bool:
        return day is not None and start is not None and (
            now <= datetime.combine(day, start) < horizon
        )

    def said(c: Change) -> str:
        if (c.old_day, c.old_start) == (c.new_day, c.new_start):
            return f"{c.new_day} {c.new_start:%H:%M}, table {c.old_table} -> {c.new_table}"
        # its table changed with its time: said as the table alone is (only the time
        # was named; a re-check tester)
        table = (
            f", table {c.old_table} -> {c.new_table}"
            if None not in (c.old_table, c.new_table) and c.old_table != c.new_table
            else ""
        )
        return " -> ".join(f"{d} {t:%H:%M}" for d, t in ((c.old_day, c.old_start),
                                                         (c.new_day, c.new_start))
                           if d and t) + table  # fmt: skip

    return sorted(
        f"{c.exporter_id}--{c.buyer_id} ({said(c)})"
        for c in changes
        if which(c)
        and ((c.old_day, c.old_start) != (c.new_day, c.new_start)
             or c.old_table != c.new_table)
        and (soon(c.new_day, c.new_start) or soon(c.old_day, c.old_start))
    )  # fmt: skip


def _warn_cancelled_within_notice(
    instance: Instance, changes: Sequence[Change], when: datetime
) -> None:
    """Warn of announced meetings within the notice period that this re-plan cancelled
    or moved of its own (a company that left, or is away; a lowered setting keeps them,
    :func:`_warn_max_below_held`): an exporter withdrawing at noon cancelled its
    meetings that afternoon and the cron mail gave the changes line alone (a cron
    week's tester). One kept at its time on another table (a Fixed row taking its
    table) too: its companies would go to the old one (a reader of the day's commits).
    Hand edits and Fixed rows are warned of apart; a corrected id's meetings, announced
    again at their time, are no late news."""
    horizon = notice_horizon(instance.mission, when)
    fixed = {f.key for f in instance.fixed}
    renamed = RENAMED_CANCEL.split("{", 1)[0]
    late = _within_notice(
        changes, when, horizon,
        lambda c: c.kind in (ChangeKind.CANCELLED, ChangeKind.MOVED)
        and (c.exporter_id, c.buyer_id) not in fixed
        and "by hand" not in c.reason and not c.reason.startswith(renamed),
    )  # fmt: skip
    if late:
        log.warning(
            "%d meeting(s) within the notice period (before %s, now + %s hours) were "
            "cancelled or moved by this re-plan (each with its reason in the Changes "
            "sheet): the companies hear of it late; tell them yourself too: %s",
            len(late),
            f"{horizon:%Y-%m-%d %H:%M}",
            f"{instance.mission.notice_hours:g}",
            ", ".join(late),
        )


def _warn_fixed_within_notice(
    instance: Instance, changes: Sequence[Change], when: datetime
) -> None:
    """Warn of meetings the roster's ``Fixed`` sheet sets at, or moves from, a time
    within the notice period (from now to now + ``notice_hours``): booked as fixed
    (H9 lets the organisers' fixed meetings be there) and announced, but late news.
    A Fixed row typed at noon for 15:00 was booked without a word (an outside reader);
    one whose table alone was corrected there is named too (a reader of the day's
    commits). Hand edits are warned of apart
    (:func:`.hand_edits._warn_edits_within_notice`)."""
    horizon = notice_horizon(instance.mission, when)
    fixed = {f.key for f in instance.fixed}
    late = _within_notice(
        changes, when, horizon,
        lambda c: (c.exporter_id, c.buyer_id) in fixed
        and c.kind in (ChangeKind.MOVED, ChangeKind.ADDED) and "by hand" not in c.reason,
    )  # fmt: skip
    if late:
        log.warning(
            "%d meeting(s) of the %s sheet are set at, or moved from, a time within the "
            "notice period (before %s, now + %s hours): booked as fixed and announced, "
            "but the companies hear of it late; tell them yourself too: %s",
            len(late),
            _fixed_sheet(instance),
            f"{horizon:%Y-%m-%d %H:%M}",
            f"{instance.mission.notice_hours:g}",
            ", ".join(late),
        )


def _fixed_sheet(instance: Instance) -> str:
    """The roster's Fixed sheet as a warning names it: as typed (``Rendez-vous fixés``),
    from its rows (``FixedMeeting.sheet``); "Fixed" when no row says it. "the Fixed
    sheet" was said of a French roster's (a second reader, session 68)."""
    return next((f.sheet for f in instance.fixed if f.sheet), "Fixed")


def _warn_delegates_lowered(
    roster: Path,
    instance: Instance,
    baseline: Agenda,
    when: datetime,
    renamed: Mapping[str, Company],
) -> None:
    """Warn of frozen meetings still to come kept beyond a company's ``delegates``
    lowered today, under the ids they have now (a corrected id's meetings were looked
    up under the former one and not told; a second reader)."""
    horizon = notice_horizon(instance.mission, when)
    frozen = [
        under_new_ids(p, renamed)
        for p in baseline.sent
        if not _held(p, when) and datetime.combine(p.day, p.start) < horizon
    ]
    at_once = Counter((cid, p.day, p.start) for p in frozen for cid in p.key)
    beyond: dict[str, Counter[tuple[date, time]]] = {}
    for (cid, d, t), n in sorted(at_once.items()):
        company = instance.companies.get(cid)
        if company is not None and n > company.delegates:
            beyond.setdefault(cid, Counter())[(d, t)] = n
    for cid, per_time in beyond.items():
        _warn_kept_beyond(
            roster,
            f"{cid} delegates {instance.companies[cid].delegates}",
            "more of its meetings at once",
            sorted(per_time),
            per_time,
            instance,
        )


def _warn_max_below_held(roster: Path, instance: Instance) -> None:
    """Warn of a ``max_meetings`` lowered below the meetings a company keeps before the
    horizon: they stay (the record, ``Instance.max_meetings_of``), none is added."""
    horizon = instance.horizon
    for cid, company in sorted(instance.companies.items()):
        cap, kept = company.max_meetings, instance.max_meetings_of(cid)
        if cap is not None and kept is not None and kept > cap and horizon is not None:
            log.warning(
                "%s: %s has max_meetings %d, but it holds %d meetings before %s (held, or "
                "within the notice period): kept; no other meeting is planned for it",
                roster, f"{company.name} ({_shown(cid)})", cap, kept, f"{horizon:%Y-%m-%d %H:%M}",
            )  # fmt: skip


def _warn_kept_beyond(
    roster: Path,
    setting: str,
    what: str,
    times: list[tuple[date, time]],
    per_time: Counter[tuple[date, time]],
    instance: Instance,
) -> None:
    """Warn of frozen meetings still to come kept beyond a setting lowered today."""
    log.warning(
        "%s: %s, but the agenda has %s at %s, within the notice period (notice_hours %s): "
        "kept where they are; arrange them by hand",
        roster,
        setting,
        what,
        ", ".join(f"{_at(*t)} ({per_time[t]})" for t in times),
        f"{instance.mission.notice_hours:g}",
    )


def _held_at(t: tuple[date, time], when: datetime) -> bool:
    """Whether a meeting at ``t`` (day, start) had started at ``when``."""
    return datetime.combine(*t) < when


def _warn_locks_at_tables_gone(
    instance: Instance,
    published: Sequence[PublishedMeeting],
    schedule: Schedule,
    frozen: Collection[tuple[str, str]] = (),
) -> None:
    """Warn of locked meetings kept at their time on another table: theirs gone with
    ``tables`` lowered ("kept at its date, time and table", and moved to another table
    without a word; a tester), or taken by a meeting of the roster's Fixed sheet, which
    wins (without a word too; a capacity tester); so a meeting frozen within the notice
    period (a second reader)."""
    fixed_at = {
        (slot.index, f.table): f
        for f in instance.fixed
        if f.table is not None and (slot := instance.slot_of(f.day, f.start)) is not None
    }
    moved = []
    for p in published:
        m = schedule.by_key.get(p.key)
        slot = instance.slot_of(p.day, p.start)
        if not (p.locked or p.key in frozen) or m is None or slot is None or m.slot != slot.index:
            continue
        if m.table == p.table:
            continue
        if p.table > instance.tables_at(slot.index):
            why = f"tables {instance.tables_at(slot.index)}"
        elif (f := fixed_at.get((slot.index, p.table))) is not None and f.key != p.key:
            why = f"{_fixed_sheet(instance)} sheet: {f.exporter_id}--{f.buyer_id} there"
        else:
            continue
        moved.append(f"{p.exporter_id}--{p.buyer_id} {_at(p.day, p.start)} table {p.table} "
                     f"-> {m.table} ({why})")  # fmt: skip
    if moved:
        log.warning(
            "%d locked or frozen meeting(s) at a table that no longer exists or that the "
            "%s sheet now takes: kept at their time, on another table: %s",
            len(moved),
            _fixed_sheet(instance),
            ", ".join(moved[:5]) + (" ..." if len(moved) > 5 else ""),
        )


def _warn_days_dropped(roster: Path, instance: Instance, baseline: Agenda, when: datetime) -> None:
    """Warn when days to come that hold announced meetings are no longer mission days
    (``first_day`` or ``days`` changed): ``days`` 4 -> 3 to close a day dropped the last
    day instead, its meetings moved or cancelled with nothing said but the Changes (a
    coordinator's tester)."""
    gone = sorted(set(baseline.mission.dates) - set(instance.mission.dates))
    lost = Counter(p.day for p in baseline.meetings if p.day in gone and not _held(p, when))
    if not lost:
        return
    log.warning(
        "%s: %s no longer mission day(s) (Mission first_day %s, days %d), with %d announced "
        "meeting(s): moved to other days or cancelled; to close a day and keep the others, "
        "keep first_day and days and add an Unavailability row for ALL on that day",
        roster,
        ", ".join(f"{d:%a %d %b %Y}" for d in sorted(lost)),
        instance.mission.first_day.isoformat(),
        instance.mission.days,
        sum(lost.values()),
    )


def _refuse_a_changed_past_programme(
    roster: Path, output: Path, instance: Instance, baseline: Agenda, when: datetime
) -> None:
    """Refuse a programme (slot grid) changed under meetings already held: they were
    cancelled, without a word to the companies (the past is not announced), so the
    agenda lost them from the record and their pairs' requests were open to be booked
    again (a lunch break moved from 12:30 to 12:00 on Wednesday evening dropped the 19
    meetings held at 11:45 on Monday to Wednesday). The programme applies to every day;
    the days to come are kept free with Unavailability rows for ALL instead.

    Raises
    ------
    InputError
        One problem at the Mission sheet, naming the changed settings and the times.
    """
    held = [
        p for p in baseline.meetings if _held(p, when) and instance.slot_of(p.day, p.start) is None
    ]
    if not held:
        return
    new = instance.mission
    was, now = dict(mission_rows(baseline.mission)), dict(mission_rows(new))
    changed = [
        f"{name} {was[name] or 'none'} -> {now[name] or 'none'}"
        for name in _GRID_SETTINGS
        if was[name] != now[name]
    ]
    times = sorted({(p.day, p.start) for p in held})
    shown = ", ".join(_at(d, t) for d, t in times[:6])
    more = f" and {len(times) - 6} more" if len(times) > 6 else ""
    if not changed:  # the same programme: a time typed by hand into the agenda
        # One problem per meeting, at its row and start column (a docs auditor: the
        # file and sheet alone left the coordinator to search the sheet).
        raise InputError(
            [
                Problem(
                    str(output),
                    f"{meeting_id(*p.key)} at {_at(p.day, p.start)}, already held, "
                    + (
                        "is at a time that is not a slot of the programme"
                        if p.day in new.dates
                        else f"is on {p.day}, no mission day{_month_first(p.day, new.dates)}"
                    )
                    + " (edited by hand?): correct it",
                    "Meetings",
                    p.row,
                    _off_grid_column(instance, p) or None,
                )
                for p in sorted(held, key=lambda p: (p.row or 0, p.key))
            ]
        )
    example = next((d for d in new.dates if d > when.date()), new.dates[-1])
    if {"first_day", "days"} & {c.split()[0] for c in changed}:
        way = (
            "keep first_day, make a day lost free with an Unavailability row for ALL "
            f"(for example ALL, {example:%Y-%m-%d}, , , postponed: its meetings are then "
            "moved), and add days at the end with days"
        )
    else:
        way = (
            "keep the settings the days already held had, and keep the days to come "
            "free where the programme changes with Unavailability rows for ALL (for "
            f"example ALL, {example:%Y-%m-%d}, 12:00, 12:30, new lunch time)"
        )
    # At the first changed setting's cell (the sheet alone was named; a docs auditor).
    cells = mission_setting_cells(roster)
    where = next(
        (cells[name] for name in _GRID_SETTINGS if name in cells and was[name] != now[name]),
        (str(roster), "Mission", None, None),
    )
    raise InputError(
        [
            Problem(
                where[0],
                f"{len(held)} meeting(s) already held are at times that are no longer slots "
                f"of the programme ({shown}{more}), after {'; '.join(changed)}"
                ": the agenda would drop them from the record, and their pairs could be "
                f"booked again. The programme applies to every day of the mission: {way}; "
                "or plan the rest of the mission into another file (-o) as a new plan",
                where[1],
                where[2],
                where[3],
            )
        ]
    )


def _with_a_changed_past_programme(
    roster: Path, output: Path, refused: InputError, now: datetime | None
) -> InputError:
    """``refused``, the roster's problems, with a programme changed under meetings
    already held (:func:`_refuse_a_changed_past_programme`) first when it is: a Fixed
    row of a meeting held on Tuesday, off the grid after day_start 09:00 -> 10:00, was
    said alone ("09:30 is not a slot start"), and the cause only once the row was
    deleted, though every problem is said together (a tester who disrupted the example
    mission). Nothing added when the agenda or the Mission sheet cannot be read: their
    own run says it."""
    if not output.is_file():
        return refused
    mission = roster_mission(roster)
    if mission is None:
        return refused
    try:
        baseline = read_agenda(output)
    except Exception:  # noqa: BLE001 - a word beside the problems, never a new failure
        return refused
    instance = Instance(mission=mission, exporters=(), buyers=(), requests=())
    when = mission_local(instance, now) if now is not None else mission_now(instance)
    try:
        _refuse_a_changed_past_programme(roster, output, instance, baseline, when)
    except InputError as err:
        return InputError([*err.problems, *refused.problems])
    return refused


def _warn_place_changed(instance: Instance, baseline: Agenda, when: datetime) -> None:
    """The mission's name, city or venue changed since the published agenda
    (:func:`~asmex_sched.report.place_changes`), with meetings still to come: the
    companies' agendas and calendar events hold the former one, and a cron run under
    ``--quiet`` said nothing of it (a calendars tester)."""
    # as the agenda will hold them (a control character was "changed" on every re-plan;
    # a reader)
    mission = replace(
        instance.mission,
        **{f: xml_safe(getattr(instance.mission, f)) for f in ("name", "city", "venue")},
    )
    moved = place_changes(baseline.mission, mission)
    if moved and any(datetime.combine(p.day, p.start) >= when for p in baseline.sent):
        log.warning(
            "the mission's %s since the published agenda: every company's agenda and "
            "calendar events hold the former one, and no change lists it: send every "
            "company its complete agenda (report without --changed-since)",
            moved,
        )


def _warn_time_zone_corrected(instance: Instance, baseline: Agenda) -> None:
    """The mission's time zone corrected since the published agenda
    (:func:`~asmex_sched.report.time_zone_shift`): its meetings keep their local times
    and no change lists them, but the calendars the companies hold are off."""
    shift = time_zone_shift(baseline.mission, instance.mission)
    if shift and baseline.meetings:
        log.warning(
            "the mission's time zone was corrected from %s since the published agenda: "
            "its meetings keep their local times, so no change lists them, but the "
            "calendar events the companies hold are off by the difference: send every "
            "company its complete agenda (report without --changed-since)",
            shift,
        )
