"""``plan``: a roster planned, or re-planned against the agenda it wrote before.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from asmex_sched.domain import (
    Agenda,
    Change,
    ChangeKind,
    FixedMeeting,
    Instance,
    Schedule,
    Score,
    Slot,
    SolveResult,
    SolveStatus,
    Unscheduled,
    build_slots,
    edited_by_hand,
    ends_not_read,
    in_real_order,
    mission_typed_over,
    notice_horizon,
    up_to_the_minute,
)
from asmex_sched.errors import (
    InfeasibleError,
    InputError,
    InterruptedAfterWriting,
    InvalidPlanError,
    LockedError,
    NoSolutionError,
    OutputError,
    Problem,
)
from asmex_sched.explain import unscheduled as explain_unscheduled
from asmex_sched.io.agenda import HISTORY_DIR, mission_as_read, newer_format, write_agenda
from asmex_sched.io.roster import (
    RosterHints,
    held_off_grid,
    mission_setting_named,
    read_roster_deferring_hints,
)
from asmex_sched.model.solve import Progress, ProgressFn, SolveOptions, solve
from asmex_sched.replan import (
    Pins,
    diff,
    former_id_links,
    met_under_former_ids,
    namesakes,
    pins,
    planning_instance,
    renamed_companies,
    under_new_ids,
)
from asmex_sched.report import (
    calendar_id,
    minutes_since_epoch,
    planned_at,
    summary_field,
    summary_sequence,
)
from asmex_sched.services.agenda_schedule import _without_met, schedule_from_agenda
from asmex_sched.services.baseline import (
    _at,
    _cancelled_by_last_run,
    _check_settings_lowered,
    _clock_changes_held,
    _held,
    _only_fixed,
    _read_baseline,
    _refuse_a_changed_past_programme,
    _refuse_a_finished_mission,
    _refuse_a_stale_agenda,
    _refuse_every_request_gone,
    _refuse_off_grid_edits,
    _refuse_unknown_ids,
    _warn_cancelled_within_notice,
    _warn_companies_without_meetings,
    _warn_days_dropped,
    _warn_delegates_lowered,
    _warn_details_changed,
    _warn_fixed_within_notice,
    _warn_interpreters_beyond,
    _warn_language_changed,
    _warn_locks_at_tables_gone,
    _warn_max_below_held,
    _warn_no_request,
    _warn_place_changed,
    _warn_tables_above,
    _warn_time_zone_corrected,
    _with_a_changed_past_programme,
)
from asmex_sched.services.files import (
    _archive_before_writing,
    _archiving,
    _identity,
    _refuse_a_folder_for_the_agenda,
    _refuse_roster_as_output,
    _remove_stale_temporaries,
    _told_if_in_place,
    _warn_open_in_a_spreadsheet,
    agenda_lock,
    written_note,
)
from asmex_sched.services.hand_edits import (
    _back_where_sent,
    _deleted_rows_to_keep,
    _moved_by_hand,
    _refuse_an_id_of_a_company_that_left,
    _refuse_hand_edits_into_absences,
    _warn_corrected_ids,
    _warn_deleted_rows_back,
    _warn_edits_into_the_past,
    _warn_edits_within_notice,
    _warn_fresh_discards,
    _warn_hand_moves_undone,
    _warn_interpreter_edits_undone,
    _warn_locked_column_missing,
    _warn_mission_typed_over,
    _warn_released_locks,
    _warn_roster_columns_typed,
    _warn_typed_rows_not_kept,
    _warn_unrequested_rows,
    fresh_discards,
    hand_edits_named,
    rules_as_typed,
    typed_in,
)
from asmex_sched.services.summary import (
    DETAILS_ONLY,
    MISSION_SHEET_ONLY,
    OLDER_VERSION_ONLY,
    _calendar_id_dropped,
    _calendar_id_without_baseline,
    _previous_summary,
    _warn_budget,
    build_summary,
    change_counts,
    companies_affected,
    fewest_in_agenda,
    fewest_text,
    kept_figures,
    kept_tiers,
    matching_tiers,
    mission_local,
    mission_now,
    no_priority_first,
    options_hash,
    priority_first_figures,
    typed_summary,
    written_before,
    written_figures,
)
from asmex_sched.validate import check_floors, score, validate

log = logging.getLogger("asmex_sched")


@dataclass(frozen=True)
class PlanOutcome:
    """What a ``plan`` run did."""

    output: Path
    written: bool  # False: the roster was unchanged, nothing solved or written
    summary: dict[str, object]
    result: SolveResult | None = None
    score: Score | None = None
    changes: tuple[Change, ...] = ()
    unscheduled: tuple[Unscheduled, ...] = ()
    pinned: tuple[FixedMeeting, ...] = ()
    history: Path | None = None
    #: The instance actually planned (the roster, less cancelled pins, plus the
    #: requests of frozen meetings kept after their request was withdrawn).
    instance: Instance | None = field(default=None, repr=False)
    #: The roster's warnings not repeated by a run with nothing to do.
    warnings_held: int = 0


@contextmanager
def _given_if_refused(hints: RosterHints) -> Iterator[None]:
    """The roster's warnings given beside whatever stops the run (a stale agenda, a
    roster planned as infeasible): they may say why. Not beside another run's lock: the
    coordinator read warnings about a plan that was never made, then the refusal (an
    operations tester); the run holding it plans and gives them."""
    try:
        yield
    except LockedError:
        raise
    except Exception:
        hints.give()
        raise


def _tell(on_progress: ProgressFn | None, stage: str, elapsed: float = 0.0) -> None:
    """Tell the live display that ``stage`` starts, outside the solve (its clock:
    ``elapsed``, none yet before it, past it after). A trade fair's re-plan showed
    "reading roster" for 37 s while it read the agenda and computed the pins, and a
    stopped clock for 10 s while it checked and wrote the agenda (a trade-fair tester)."""
    if on_progress:
        on_progress(Progress(stage, None, None, elapsed))


def plan(
    roster: Path,
    output: Path | str,
    options: SolveOptions | None = None,
    *,
    fresh: bool = False,
    now: datetime | None = None,
    wait: float = 0.0,
    on_progress: ProgressFn | None = None,
    before_write: Callable[[], None] | None = None,
) -> PlanOutcome:
    """Plan (or re-plan) the mission of ``roster`` into the agenda ``output``.

    Parameters
    ----------
    fresh
        Ignore an existing agenda (no baseline, no pins, no no-op check).
    now
        Naive datetime in the mission timezone for the freeze horizon
        (default: the current time there).
    wait
        Seconds to wait for another run's lock.
    before_write
        Called just before the agenda is written: it may raise to stop the run with
        nothing written (the CLI's check for a SIGTERM lost in a finalizer; tests).

    Raises
    ------
    InputError, LockedError, InfeasibleError, NoSolutionError, InvalidPlanError
    """
    opts = options or SolveOptions()
    _refuse_a_folder_for_the_agenda(output)  # before Path() drops its '/'
    output = Path(output)
    _refuse_roster_as_output(Path(roster), output)
    if output.is_symlink():
        # The agenda's own lock, history and temporaries, whatever path names it: runs
        # through a link and through its target each took a lock of their own, and
        # both wrote (an IT tester).
        try:
            output = output.resolve(strict=False)
        except (OSError, RuntimeError):  # a link to itself (a reader: exit 70)
            raise OutputError(f"{output}: a symbolic link that leads back to itself") from None
        log.info("-o is a link: planning into %s", output)
    if output.suffix.lower() != ".xlsx" and not output.is_dir():
        # -o agenda.csv wrote a workbook named .csv, which Excel then opened as text
        # (a walkthrough as a coordinator).
        raise InputError(
            [Problem(str(output), "the agenda is an Excel workbook: give -o a name ending "
                     f"in .xlsx, for example {output.with_suffix('.xlsx').name}")]
        )  # fmt: skip
    if output.is_dir():
        # -o DIR, as for report: it was read as a baseline ("not a file ... --fresh"),
        # and with --fresh failed after solving, naming a history path and leaving a
        # lock file and an empty history folder (a second reader's finding).
        raise OutputError(
            f"{output}: is a folder; -o names the agenda's file, for example "
            f"{output / 'agenda.xlsx'}"
        )
    # The roster's warnings only when planning (below), or beside a refusal, not on
    # every no-op cron run (a holiday kept on purpose was warned about 48 times a day).
    # now given (real time when not: the reader knows no timezone yet), for a Fixed row
    # of a meeting held off a programme changed since, told so with its cause (a tester)
    try:
        instance, hints = read_roster_deferring_hints(
            Path(roster), now if now is not None else datetime.now(UTC)
        )
    except InputError as err:
        # the agenda read (seconds at a trade fair's size) only where a Fixed row of a
        # meeting held is off the grid, not for every roster refused (a re-read)
        if fresh or not any(held_off_grid(p.message) for p in err.problems):
            raise
        raise _with_a_changed_past_programme(Path(roster), output, err, now) from None
    input_hash = options_hash(instance, opts)
    # The agenda in place, for an interruption as the lock is released after it: told
    # "nothing was written" (an IT tester).
    in_place: list[str] = []
    with _given_if_refused(hints), _told_if_in_place(in_place), agenda_lock(output, wait):
        _remove_stale_temporaries(output)
        # once the lock is ours: a run refused by it warned first (an operations tester)
        if _only_fixed(instance) and (fresh or not output.exists()):
            _warn_no_request(roster)  # a re-plan says it below, or is refused
        # "now" once the lock is ours: a run that waited for another must not freeze less.
        when = mission_local(instance, now) if now is not None else mission_now(instance)
        # The Summary records planned_at to the minute, and check reads it back: a
        # meeting starting at 14:00 was held for plan at 14:00:30 and not for check
        # (a second reader). Up to the next minute: a meeting under way is held; in
        # real time, fold kept (a tester). report compares its mailing time so.
        when = up_to_the_minute(instance.mission.timezone, when)
        baseline: Agenda | None = None
        edited = False
        typed_over = None
        # what --fresh discards, said once the agenda is replaced (a hand-editing tester)
        discards = fresh_discards(output) if fresh and output.exists() else None
        if output.exists() and not fresh:
            # seconds for a trade fair's (12 900 meetings), the roster's label up till
            # then (a trade-fair tester)
            _tell(on_progress, "agenda")
            baseline = _read_baseline(output)
            # Its Mission sheet typed over since plan wrote it (the Summary's
            # mission_hash): reverted by the next re-plan without a word, or kept with
            # the roster unchanged and sent by report (a tester, session 67). Said once:
            # this run writes the roster's back. The checks below then compare the
            # roster with the mission plan wrote, where it can be told.
            as_read = mission_as_read(instance.mission)
            typed_over = mission_typed_over(baseline, as_read)
            if typed_over is not None:
                _warn_mission_typed_over(Path(roster), output, baseline, as_read, typed_over)
                if typed_over.written is not None:
                    baseline = replace(baseline, mission=typed_over.written)
            _refuse_a_finished_mission(output, instance, baseline, when)
            _refuse_a_stale_agenda(output, baseline)
            # after those: last year's agenda names companies this roster has not
            _refuse_unknown_ids(output, baseline, instance)
            _refuse_every_request_gone(Path(roster), output, instance, baseline, when)
            _check_settings_lowered(Path(roster), output, instance, baseline, when)
            _refuse_a_changed_past_programme(Path(roster), output, instance, baseline, when)
            _warn_days_dropped(Path(roster), instance, baseline, when)
            edited = edited_by_hand(baseline)
            # Written before calendar_sequence (and the Unavailability and As written
            # sheets) existed: rewritten once so the companies' agendas get them (a
            # second reader: an unchanged roster kept the old file for good), its
            # meetings kept when the roster and options are unchanged (below).
            outdated = "calendar_sequence" not in baseline.summary
            if (
                baseline.input_hash == input_hash
                and not edited
                and not outdated
                and typed_over is None
            ):
                held = hints.hold_back()
                log.info(
                    "roster and options unchanged since %s was made: nothing to do%s",
                    output,
                    f" (the roster's {held} warning(s) are given when it plans, not repeated "
                    "now; -v shows them)" if held else "",
                    extra={"summary_line": True},  # plan says it on a terminal
                )
                summary = dict(baseline.summary)
                if "fewest_meetings_exporter" not in summary:
                    # an agenda written before the key: its figure from its meetings (a
                    # reader's --json lacked it until the roster changed)
                    summary["fewest_meetings_exporter"] = fewest_text(
                        fewest_in_agenda(baseline, instance)
                    )
                for key, empty in no_priority_first().items():
                    # an agenda written before the keys: empty, as --json prints it,
                    # not missing (a second reader)
                    summary.setdefault(key, empty)
                summary.setdefault("value_tolerance_spent", "")  # the same (session 54)
                summary.setdefault("mission_hash", "")  # the same (session 67)
                summary.setdefault("mission_written", "")  # the same (session 68)
                # and the flows' bound (session 68; --json: null; a second reader)
                summary.setdefault("worst_off_bound_any_plan", "")
                summary.setdefault("worst_off_announced", "")  # and a re-plan's announced level
                return PlanOutcome(
                    output, False, summary, instance=instance, warnings_held=held
                )
            before = planned_at(baseline)
            # a mistyped --now, a wrong clock; in real time (fold: a repeated hour)
            if before is not None and in_real_order(
                instance.mission.timezone, when, before, baseline.mission.timezone
            ):
                log.warning(
                    "now (%s) is before the time %s was planned (%s): the meetings that "
                    "run froze (starting before then + notice_hours) may now be moved, "
                    "and meetings added among them; check --now or the machine's clock",
                    f"{when:%Y-%m-%d %H:%M}",
                    output,
                    f"{before:%Y-%m-%d %H:%M}",
                )
            if edited:
                # The same grid (the roster may have changed, not its programme): a
                # typo, refused (with an id corrected in the same run, a time typed
                # off the grid was taken as a programme change; a cron week's tester).
                if baseline.input_hash == input_hash or (
                    build_slots(baseline.mission) == instance.slots
                ):
                    _refuse_off_grid_edits(output, instance, baseline)
                log.warning(
                    "%s was edited by hand since it was written: re-planning with the edits "
                    "as the baseline (%s)",
                    output,
                    "the Changes sheet lists them, against the agenda as written"
                    if baseline.as_written is not None
                    # (a tester's agenda of minutes before, its hidden sheet deleted,
                    # was said to be "written by an older version")
                    else "it has no readable copy of the agenda as written, its hidden "
                    "'As written' sheet: written by an older version, or that sheet was "
                    "deleted or edited; the Changes sheet cannot list the hand edits, "
                    "announce them yourself",
                )
        hints.give()  # not a no-op: this run plans
        # once it plans: a trade fair's roster hashed again is a few tenths of a second
        # of every cron run with nothing to do (a trade-fair tester)
        planning_hash = options_hash(instance, opts, planning_only=True)
        if baseline is not None:
            _tell(on_progress, "pins")
        published = baseline.meetings if baseline else ()
        listed = {c.id: c for c in (*baseline.exporters, *baseline.buyers)} if baseline else {}
        # A company whose id was corrected in the roster: its meetings to come are
        # announced again under the new id, where they were if they still fit.
        carried = baseline.former_ids if baseline else ()
        renamed = renamed_companies(instance, listed, published, when, carried)
        # The published meetings as they stand now: those to come of a corrected id
        # under the new one (pinned there if frozen or locked, kept still by the
        # planner, S3), those held as the record.
        now_view = tuple(p if _held(p, when) else under_new_ids(p, renamed) for p in published)
        if baseline is not None:  # what the slots before the horizon allow (tables_at)
            # under the ids the pins have: held under the former id, to come under the
            # new one (a corrected id with its delegates lowered stopped with exit 3; a
            # last reader)
            horizon = notice_horizon(instance.mission, when)
            instance = instance.replace(
                held=tuple(
                    p if _held(p, when) else under_new_ids(p, renamed)
                    for p in written_before(baseline, horizon)
                )
            )
            instance = _clock_changes_held(instance, baseline, when)
            _warn_delegates_lowered(Path(roster), instance, baseline, when, renamed)
        # typed-in pairs as now_view names them: under a corrected id the row was kept
        # though the warning said dropped (a reader)
        typed = typed_in(baseline) if baseline else frozenset()
        typed_now = {q.key for p, q in zip(published, now_view, strict=True) if p.key in typed}
        pin = (
            pins(instance, now_view, when, listed, typed_now)
            if baseline
            else Pins((), {})
        )  # fmt: skip
        slots = instance.slots
        if baseline is None and slots and _starts(slots[0]) <= when < _starts(slots[-1]):
            log.warning(
                "planning from scratch at %s, during the mission: meetings are placed from "
                "its first day, times already past included (to keep what was announced or "
                "held, re-plan against the published agenda: the same -o, without --fresh)",
                f"{when:%Y-%m-%d %H:%M}",
            )
        elif baseline is None and slots and when >= datetime.combine(slots[-1].day, slots[-1].end):
            # Two testers built a whole mission a year off (first_day typed in the past)
            # without a word; its next re-plan froze every meeting as held. The setting
            # at its row, as typed (a French coordinator's tester).
            where, first_day = mission_setting_named(roster, "first_day")
            log.warning(
                "%s: planning at %s a mission that ended on %s (%s %s): if its dates "
                "are right (an example, a record), give --now a time before it; else "
                "check %s (a year off?): a re-plan at today's date would take every "
                "meeting as already held",
                where, f"{when:%Y-%m-%d %H:%M}", f"{slots[-1].day:%A %Y-%m-%d}",
                first_day, instance.mission.first_day.isoformat(), first_day,
            )  # fmt: skip
        # Back under a new id after leaving: the same company too (check scores so).
        # One company of the roster with that name: two, and which one it is cannot be
        # told (the last one was taken, the other met the same firm again; a reader).
        # Not a company the agenda links already (its former_ids): another company
        # given its name later (names swapped) was linked too, and the agenda written
        # listed that former id under two companies, which every later run refused
        # (a second reader).
        linked = {old for old, cid in carried if cid in instance.companies or cid in renamed}
        namesakes_of = namesakes(instance, [c for c in pin.departed if c.id not in linked])
        back_again = {g: backs[0] for g, backs in namesakes_of.items() if len(backs) == 1}
        # Every former id of a company of the roster: the agenda's links (a name changed
        # since broke the link, and a firm met under the old id was booked again; a
        # second reader), carried through this run's corrections, and a company back
        # under a new id after leaving (its link was not kept; a reader).
        links = former_id_links(carried, {**back_again, **renamed}, instance)
        if baseline is not None:
            _refuse_an_id_of_a_company_that_left(Path(roster), instance, baseline)
            _warn_corrected_ids(instance, baseline, when, renamed, links, namesakes_of)
            _warn_locked_column_missing(output, baseline)
            _warn_unrequested_rows(instance, baseline, pin, renamed)
            _warn_time_zone_corrected(instance, baseline)
            _warn_place_changed(instance, baseline, when)
            if edited:  # a time typed before the horizon where a party is away: exit 3
                _refuse_hand_edits_into_absences(output, instance, baseline, now_view, pin,
                                                 renamed)
            # Not a meeting moved there by hand: it never took place there (a reader:
            # "taken as not held (no-shows)" for a mistyped move into the past); it is
            # said with the hand moves that could not stay (_warn_hand_moves_undone).
            by_hand = _moved_by_hand(baseline, times_only=True)
            no_shows = sorted(
                (p.day, p.start, p.key)
                for p in baseline.meetings
                if p.key in pin.cancelled and _held(p, when) and p.key not in by_hand
            )
            if no_shows:  # a row typed wider than meant re-books meetings held (a reader)
                # A pair whose request was withdrawn is not booked again (it was said
                # to be, the re-planning reviewer).
                gone = [k for _, _, k in no_shows if k not in instance.request_by_key]
                log.warning(
                    "%d meeting(s) already held are now at a time a party is declared "
                    "unavailable, taken as not held (no-shows), their pairs booked again if "
                    "a time is free%s: %s; if they took place, narrow the Unavailability rows",
                    len(no_shows),
                    " (not those whose request was withdrawn: "
                    + ", ".join(f"{e}--{b}" for e, b in gone[:5])
                    + (" ..." if len(gone) > 5 else "")
                    + ")"
                    if gone
                    else "",
                    ", ".join(f"{e}--{b} {_at(d, t)}" for d, t, (e, b) in no_shows[:5])
                    + (" ..." if len(no_shows) > 5 else ""),
                )
        pinned, cancelled = pin.pinned, pin.cancelled
        # Frozen or locked meetings that can no longer happen where they are may meet
        # at another time after the horizon, else are cancelled; frozen ones whose
        # request was withdrawn are kept.
        planned = planning_instance(instance, pin)
        _warn_max_below_held(Path(roster), planned)
        # A corrected id does not meet again the firms it met under the old one.
        # Those held and kept as the record: a no-show (a party declared away then)
        # is not kept, and is booked again (a second reader).
        # (the set once: built for each published meeting, it took 20-25 s of a
        # trade fair's re-plan, 12 887 meetings and 5 246 pins; a trade-fair tester)
        pinned_keys = {f.key for f in pin.pinned}
        record = [p for p in published if p.key in pinned_keys]
        met = met_under_former_ids(instance, record, when, links)
        if met:
            planned = _without_met(planned, met)
        # Rows deleted by hand whose requests are still in the roster are planned
        # again: kept still like the rows left in place, where their place is free.
        stable = (
            _back_where_sent(planned, baseline,
                             now_view + _deleted_rows_to_keep(instance, baseline, when, renamed),
                             pin.cancelled)
            if edited and baseline is not None else now_view
        )  # fmt: skip
        # Contacts, the mission's name or place, or reasons alone changed (a phone
        # number corrected): the plan stays as published, not solved again. A solve
        # lifted the worst-off level, counted from a later horizon, by cancelling an
        # announced meeting (a cron week's tester: "a phone edit cancelled a buyer's
        # only wish").
        # An agenda written by an older version, the roster and options unchanged, is
        # rewritten the same way: solved again, an upgrade cancelled three announced
        # meetings for a better worst-off level on a roster nobody had touched (an
        # upgrade tester).
        older_only = (
            baseline is not None and outdated and baseline.input_hash == input_hash
        )
        # Its Mission sheet typed over, the roster and options unchanged: rewritten the
        # same way, with the roster's Mission (the published meetings as they are).
        mission_only = (
            baseline is not None
            and typed_over is not None
            and not outdated
            and baseline.input_hash == input_hash
        )
        details_only = (
            baseline is not None
            and not edited
            and not renamed
            and not pin.cancelled
            and (
                older_only
                or mission_only
                or (
                    not outdated
                    and summary_field(baseline.summary, "planning_hash") == planning_hash
                )
            )
        )
        if older_only and not details_only and not edited:
            # said, not left to a line that claimed it kept (a reader): a meeting
            # announced can no longer take place, or an id was corrected
            log.info(
                "%s was written by an older version: re-planned, as a published meeting "
                "can no longer take place or a company's id was corrected",
                output,
            )
        # the published plan, read once for both checks below
        kept, off = schedule_from_agenda(planned, baseline) if details_only and baseline else (
            Schedule(), []
        )
        if details_only and older_only:
            broken = [*off, *validate(planned, kept, pinned)]
            if broken:  # an older version's plan this one's rules refuse: solved again
                log.warning(
                    "%s was written by an older version whose plan breaks a rule as this "
                    "version reads it (%s: %s): planned again",
                    output, broken[0].rule, broken[0].message,
                )  # fmt: skip
                details_only = False
            else:
                log.info(
                    "%s was written by an older version: rewritten once to add what this "
                    "version writes (the Unavailability sheet, the copy as written), its "
                    "meetings kept as they are",
                    output,
                )
        if details_only:
            assert baseline is not None
            kept_why = (
                OLDER_VERSION_ONLY if older_only else MISSION_SHEET_ONLY if mission_only
                else DETAILS_ONLY
            )  # fmt: skip
            log.info("%s: %s", output, kept_why)
            bound = summary_field(baseline.summary, "value_bound")
            tiers = kept_tiers(baseline.summary)
            result = SolveResult(
                SolveStatus.OPTIMAL
                if summary_field(baseline.summary, "status") == SolveStatus.OPTIMAL.value
                and tiers
                else SolveStatus.FEASIBLE,
                kept,
                None,
                tiers=tiers,
                value_bound=int(bound) if bound.isdigit() else None,
                # the published plan's choice, which the next re-plan keeps
                params={"fallback": kept_why, "value_tolerance_spent": _spent_before(baseline)},
                solver_version=summary_field(baseline.summary, "ortools_version"),
            )
        else:
            result = solve(
                planned, opts, pinned=pinned, baseline=stable, on_progress=on_progress,
                earlier=_cancelled_by_last_run(baseline), spent_before=_spent_before(baseline),
                level_before=_level_before(baseline),
            )  # fmt: skip
        # checking and writing a trade fair's agenda take seconds each
        _tell(on_progress, "checking", float("inf"))
        if result.status == SolveStatus.INFEASIBLE:
            raise InfeasibleError(
                "the fixed, frozen or locked meetings cannot all hold: " + result.message
                + hand_edits_named(baseline, result.message, output)
            )
        if result.status == SolveStatus.UNKNOWN:
            raise NoSolutionError("no plan found within the time limit")
        violations = validate(planned, result.schedule, pinned)
        violations += check_floors(
            planned, result.schedule, result.params.get("meetings_floor"),  # type: ignore[arg-type]
            result.params.get("value_floor"),  # type: ignore[arg-type]
        )  # fmt: skip
        if violations:
            raise InvalidPlanError(violations)
        final = score(planned, result.schedule, stable)
        if details_only and result.tiers:
            # the kept run's tiers whose figure this run's count still gives: at a later
            # horizon what exporters' requests allow can change S1a's figure, whose
            # proof was for the count then
            result = matching_tiers(result, final)
        # A released pin booked again at another time is a move, not a cancellation.
        cancelled = {k: r for k, r in cancelled.items() if k not in result.schedule.by_key}
        # Against what the companies were sent: hand edits are changes to them too.
        changes = (
            tuple(
                diff(
                    planned,
                    baseline.sent,
                    result.schedule,
                    cancelled,
                    edited=published if edited else None,
                    now=when,
                    renamed=renamed,
                )
            )
            if baseline
            else ()
        )
        # (a lock of a corrected id is released under the new one)
        _warn_released_locks(planned, now_view, pin.cancelled, result.schedule, when, typed_now,
                             baseline.as_written or () if edited and baseline else ())
        _warn_locks_at_tables_gone(
            planned, now_view, result.schedule, {f.key for f in pin.pinned if f.source == "frozen"}
        )
        if baseline is not None:
            _warn_interpreters_beyond(Path(roster), planned, baseline, result.schedule, when)
            _warn_tables_above(Path(roster), planned, result.schedule, when)
            _warn_details_changed(baseline, planned, result.schedule, when)
            _warn_language_changed(baseline, planned, when)
            _warn_fixed_within_notice(planned, changes, when)
            _warn_cancelled_within_notice(planned, changes, when)
        if edited and baseline is not None and baseline.as_written is not None:
            _warn_deleted_rows_back(planned, baseline, result.schedule, renamed)
            rules = rules_as_typed(planned, baseline, renamed)  # validated once, if needed
            _warn_hand_moves_undone(
                planned, baseline, result.schedule, pin.cancelled, renamed, rules
            )
            _warn_typed_rows_not_kept(
                planned, baseline, result.schedule, pin.cancelled, renamed, rules
            )
            _warn_interpreter_edits_undone(baseline, result.schedule)
            _warn_edits_into_the_past(changes, when)
            _warn_edits_within_notice(changes, when, planned.mission)
        # An announced meeting this re-plan cancelled is unmet for the cause its
        # Changes row gives (a company file said "cancelled: the time is now closed"
        # and, for the same firm, "no room: the tables or interpreters went to other
        # meetings"; a coordinator's tester), as a released pin is.
        lost = dict(cancelled)
        for c in changes:
            if c.kind == ChangeKind.CANCELLED and (c.exporter_id, c.buyer_id) not in lost:
                lost[(c.exporter_id, c.buyer_id)] = c.reason
        # and one an earlier re-plan cancelled, still unmet: its cause carries on (the
        # next run said "a party is at capacity" beside the cancellation's own cause in
        # the same company file; a second reader)
        published_keys = {p.key for p in published}
        for u in baseline.unscheduled if baseline is not None else ():
            key = (u.exporter_id, u.buyer_id)
            if u.reason == "pin_cancelled" and u.detail and key not in published_keys:
                lost.setdefault(key, u.detail)
        held_now = {m.key for m in result.schedule.meetings}
        unsched = tuple(
            u
            for u in explain_unscheduled(planned, result.schedule)
            if (u.exporter_id, u.buyer_id) not in lost  # said below, with the cause
        ) + tuple(
            Unscheduled(e, b, "pin_cancelled", reason)
            for (e, b), reason in sorted(lost.items())
            # not a request any more, or held (under its id now): not unmet
            if (e, b) in instance.request_by_key and (e, b) not in held_now
        )
        summary = build_summary(
            planned, result, final, input_hash, when, len(pinned), changes,
            # what a matchmaking platform's priority-first plan gives: for a plan
            # without a previous agenda (one with it is measured against the agenda
            # sent, its Changes)
            priority_first=None if baseline else priority_first_figures(planned),
        )  # fmt: skip
        summary["planning_hash"] = planning_hash
        if details_only and baseline is not None:
            # the same meetings: the proofs and figures of the run that planned them
            summary.update(kept_figures(baseline.summary, summary))
        # The calendars' view of the last agenda sent: the baseline's, else the Summary
        # of the agenda --fresh replaces (even if the rest does not read) or its newest
        # history copy.
        found = None if baseline else _previous_summary(output)
        if found is not None and found[0] == output:
            fmt = summary_field(found[1], "agenda_format").lstrip("vV")
            if newer_format(fmt):
                log.warning(
                    "%s was written by a newer version of asmex-sched (agenda_format %s): "
                    "replaced by this plan from scratch (--fresh), its copy kept in %s/",
                    output, fmt, HISTORY_DIR,
                )  # fmt: skip
        previous = dict(baseline.summary) if baseline else (found[1] if found else None)
        # Every update must win in a calendar: one more than the last, at least (the
        # agenda replaced by --fresh included: its events were sent too).
        summary["calendar_sequence"] = max(
            minutes_since_epoch(when, instance.mission.timezone),
            summary_sequence(previous) + 1 if previous is not None else 0,
        )
        # The events sent keep their UIDs: a re-plan keeps its baseline's calendar id,
        # whatever was corrected in the mission (each meeting's move is announced under
        # it); a plan without one keeps that of the agenda it replaces if it is the same
        # mission.
        summary["calendar_id"] = (
            (calendar_id(baseline) or _calendar_id_dropped(output, instance.mission))
            if baseline
            else _calendar_id_without_baseline(found, output, instance.mission)
        )
        no_interpreter = sum(u.reason == "no_interpreter" for u in unsched)
        if no_interpreter:
            # At the setting's row, as typed ('Interprètes'; "the Mission setting
            # 'interpreters'" was said of a French roster's; a French coordinator's tester)
            where, setting = mission_setting_named(roster, "interpreters")
            log.warning(
                "%s: %d requested meeting(s) need an interpreter (the two companies list "
                "no common language) but %s is 0: they cannot be held (listed in "
                "Unscheduled)",
                where, no_interpreter, setting,
            )  # fmt: skip
        _warn_companies_without_meetings(
            planned, result.schedule, unsched, opts, baseline, result.params
        )
        _warn_interpreted_languages(planned, result.schedule)
        if before_write:
            before_write()
        _tell(on_progress, "writing", float("inf"))
        _warn_open_in_a_spreadsheet(output)
        history = _archive_before_writing(output) if output.exists() else None
        if history is not None and fresh:
            _warn_fresh_discards(output, discards, history)
        if baseline is not None and baseline.additions:
            # A notes column, a sheet of one's own: dropped without a word (a
            # hand-editing tester); the history copy keeps them.
            log.warning(
                "%s: what was added to it by hand is not written again by plan (%s); the "
                "agenda with it is kept as %s: keep notes in a workbook of your own",
                output,
                "; ".join(baseline.additions),
                history,
            )
        # a longer meeting typed as its end, undone without a word (a hand-editing tester)
        ends = ends_not_read(baseline, str(output), "this plan writes") if baseline else None
        if ends:
            log.warning("%s", ends)
        replaced = _identity(output)
        said_changes = False

        def say_changes() -> None:
            """The changes line, once: the log of a run interrupted after the write had
            none (session 22's note), though the agenda holds them."""
            nonlocal said_changes
            if baseline is None or said_changes:
                return
            said_changes = True
            n = change_counts(changes, when, planned)
            # A warning when companies are to be told: a cron re-plan under --quiet that
            # changed 517 meetings of 424 companies mailed nothing of it (the line was
            # information only; a trade-fair tester), and the notices went unsent.
            log.log(
                logging.WARNING if n["companies"] else logging.INFO,
                "changes: %d added, %d moved, %d cancelled, %d interpreter bookings "
                "changed (%d of these about meetings already held, not announced); %s"
                "%s; previous agenda kept as %s",
                n["added"],
                n["moved"],
                n["cancelled"],
                n["interpreter"],
                n["already_held"],
                companies_affected(n["companies"]),
                " (to tell them: report --changed-since the agenda last sent)"
                if n["companies"] else "",
                history,
                extra={"summary_line": True},  # plan's table says it on a terminal
            )

        # Written with the roster's requests (plus the revived ones), so that a
        # cancelled pin's row in Unscheduled keeps its priority and side.
        # The companies that left after holding meetings come along for those meetings.
        written = instance.replace(former_ids=links)
        if pin.revived or pin.departed:
            written = written.replace(
                requests=instance.requests + pin.revived,
                exporters=planned.exporters,
                buyers=planned.buyers,
                departed=planned.departed,
            )
        if baseline is not None:  # names, priority typed over: written again (a tester)
            _warn_roster_columns_typed(output, baseline, written, result.schedule, renamed)
        try:
            write_agenda(
                output,
                written,
                result.schedule,
                unscheduled=unsched,
                summary=summary,
                changes=changes,
            )
        except BaseException as exc:
            if _identity(output) != replaced:
                # Renamed into place before the interruption (in the rename's last
                # steps): written, its previous agenda's copy is kept (it was
                # deleted, and "nothing was written" said; an IT tester).
                _archiving(output).unlink(missing_ok=True)
                if isinstance(exc, KeyboardInterrupt):
                    say_changes()
                    raise InterruptedAfterWriting(written_note(output, history)) from None
                raise
            # the agenda is unchanged: its history copy is not news
            if history is not None:
                history.unlink(missing_ok=True)
            _archiving(output).unlink(missing_ok=True)
            raise
        try:
            _archiving(output).unlink(missing_ok=True)
            log.info("wrote %s: %s", output, written_figures(summary))
            _warn_budget(
                summary, result.tiers, result.params.get("worst_off_lost_after_stage1")
            )
            say_changes()
        except KeyboardInterrupt:  # once written, an interruption is told as such
            say_changes()
            raise InterruptedAfterWriting(written_note(output, history)) from None
        in_place.append(written_note(output, history))
        return PlanOutcome(
            output, True, summary, result, final, changes, unsched, pinned, history,
            instance=planned,
        )  # fmt: skip


def _warn_interpreted_languages(instance: Instance, schedule: Schedule) -> None:
    """The languages the meetings with an interpreter join, when they are several: the
    ``interpreters`` setting is a count, and the planner gives any such meeting any
    interpreter. With one Arabic-English and one French-English interpreter, two Arabic
    meetings at once and an Arabic-Swahili one were planned without a word (a capacity
    tester)."""
    # Either way round is one kind: a French exporter meeting an English buyer and an
    # English exporter meeting a French buyer need the same French-English interpreter
    # (it warned "en / fr: 3; fr / en: 2" on every bilingual mission; a tester).
    kinds: Counter[tuple[frozenset[str], frozenset[str]]] = Counter()
    for m in schedule.meetings:
        if m.interpreter:
            e, b = (frozenset(instance.companies[cid].languages) for cid in m.key)
            kinds[(e, b) if sorted(e) <= sorted(b) else (b, e)] += 1
    # A kind whose languages include another's is served by the same interpreters
    # ('fr; ar; es' and 'fr; ar' meeting 'en; sw'), and languages in another order are
    # the same kind: it warned on the bundled example with one exporter's 'ar; fr' (a
    # second reader). So nothing is said when one kind is within every other: its
    # interpreters serve them all.
    def within(k: tuple[frozenset[str], frozenset[str]], e: frozenset[str],
               b: frozenset[str]) -> bool:
        return (k[0] <= e and k[1] <= b) or (k[0] <= b and k[1] <= e)

    if len(kinds) < 2 or any(all(within(k, e, b) for e, b in kinds) for k in kinds):
        return
    # Otherwise each kind as it is: folded into a narrower one, 304 French-Arabic
    # meetings with English-Swahili buyers were listed as 'ar / en, sw', as if they
    # needed Arabic, where a French-English interpreter serves them too (a tester).
    listed = sorted(
        ((f"{', '.join(sorted(e))} / {', '.join(sorted(b))}", n) for (e, b), n in kinds.items()),
        key=lambda x: (-x[1], x[0]),
    )
    shown = "; ".join(f"{k}: {n}" for k, n in listed[:_KINDS_SHOWN])
    if len(listed) > _KINDS_SHOWN:
        rest = listed[_KINDS_SHOWN:]
        shown += f"; and {len(rest)} more kind(s): {sum(n for _, n in rest)} meetings"
    log.warning(
        "the meetings with an interpreter join %d kinds of languages (one side / "
        "the other: meetings): %s; 'interpreters' counts interpreters, not the languages "
        "they speak: check each kind has interpreters enough at each time (a pair of "
        "languages no interpreter speaks needs two), docs/roster.md",
        len(listed),
        shown,
    )


#: The kinds of languages the interpreters' warning lists, the most frequent first.
_KINDS_SHOWN = 8


def _starts(slot: Slot) -> datetime:
    return datetime.combine(slot.day, slot.start)


def _level_before(baseline: Agenda | None) -> int | None:
    """The worst-off level the published agenda's Summary says
    (``worst_off_exporter``), which a re-plan holds (model.run.announced_level);
    ``None`` when not said (no agenda, or not a whole number)."""
    if baseline is None:
        return None
    level = typed_summary(baseline.summary).get("worst_off_exporter")
    return level if isinstance(level, int) and not isinstance(level, bool) else None


def _spent_before(baseline: Agenda | None) -> bool | None:
    """Whether the published agenda's plan spent the value tolerance (its Summary's
    ``value_tolerance_spent``), which a re-plan keeps; ``None`` when not said (no
    agenda, one planned with ``--spend-tolerance always`` or before the option)."""
    if baseline is None:
        return None
    spent = typed_summary(baseline.summary).get("value_tolerance_spent")
    return spent if isinstance(spent, bool) else None
