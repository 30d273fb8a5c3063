"""Use cases as plain functions: plan (and re-plan), check, template.

The CLI calls these and only turns their results and errors into terminal
output and exit codes; nothing here prints or exits. Order of a ``plan`` run:

1. read and validate the roster (bad input: :class:`InputError`, nothing written);
2. take the lock beside the output (another run: :class:`LockedError`);
3. read the existing agenda as the baseline (unless ``fresh``); if the roster
   and options are unchanged since it was made, stop: nothing to do;
4. pin frozen and locked meetings, solve, validate independently
   (:class:`InvalidPlanError` if any rule is broken: nothing written);
5. copy the previous agenda to ``agenda-history/`` and write the new one atomically.
"""

from __future__ import annotations

import contextlib
import difflib
import logging
import os
import re
import stat
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import filelock

from asmex_sched import __version__
from asmex_sched.domain import (
    CLOCK_CHANGE,
    GROUP_ALL,
    PLAN_CHANGE_KINDS,
    Agenda,
    Change,
    ChangeKind,
    Company,
    FixedMeeting,
    Instance,
    Meeting,
    Mission,
    PublishedMeeting,
    Schedule,
    Score,
    Side,
    Slot,
    SolveResult,
    SolveStatus,
    Unscheduled,
    already_held,
    build_slots,
    edited_by_hand,
    ends_not_read,
    fingerprint,
    in_real_order,
    later_by,
    local_iso,
    meeting_id,
    meetings_hash,
    notice_horizon,
    party,
    strip_accents,
)
from asmex_sched.errors import (
    InfeasibleError,
    InputError,
    InterruptedAfterWriting,
    InvalidPlanError,
    LockedError,
    NewerAgendaError,
    NoSolutionError,
    OutputError,
    Problem,
)
from asmex_sched.explain import unscheduled as explain_unscheduled
from asmex_sched.io.agenda import (
    AGENDA_FORMAT,
    HISTORY_DIR,
    HISTORY_STAMP,
    history_copies,
    mission_rows,
    newer_format,
    read_agenda,
    read_agenda_summary,
    write_agenda,
    xml_safe,
)
from asmex_sched.io.atomic import (
    alive,
    atomic_write_text,
    copy_file,
    team_group,
    writable_folder,
)
from asmex_sched.io.report_files import ReportOutcome, write_reports
from asmex_sched.io.roster import (
    company_cells,
    mission_setting_cells,
    read_roster,
    read_roster_deferring_hints,
)
from asmex_sched.io.template import write_template
from asmex_sched.model.solve import (
    MID_SIZE_PIPELINE,
    TIER_NAMES,
    Progress,
    ProgressFn,
    SolveOptions,
    solve,
)
from asmex_sched.replan import (
    Pins,
    diff,
    former_id_links,
    met_under_former_ids,
    name_key,
    namesakes,
    pins,
    planning_instance,
    renamed_companies,
    revived_request,
    under_new_ids,
    with_record,
)
from asmex_sched.report import (
    calendar_id,
    carried_calendar_id,
    details_changed,
    minutes_since_epoch,
    new_calendar_id,
    place_changes,
    planned_at,
    summary_field,
    summary_horizon,
    summary_planned_at,  # noqa: F401 (the CLI reads the Summary through services)
    summary_sequence,
    time_zone_shift,
)
from asmex_sched.validate import Violation, check_floors, score, validate

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


def nothing_left_to_plan(instance: Instance, horizon: datetime | None) -> bool:
    """Whether the re-planning ``horizon`` is past the mission's last slot: no meeting
    can still be placed or moved, and a worst-off level of what can still change means
    nothing (``plan`` and ``check`` say so alike)."""
    end = max((datetime.combine(s.day, s.end) for s in instance.slots), default=None)
    return horizon is not None and end is not None and horizon >= end


def written_before(agenda: Agenda, horizon: datetime) -> tuple[PublishedMeeting, ...]:
    """The agenda's meetings before ``horizon`` as ``plan`` wrote them (its copy as
    written, not its hand edits): ``Instance.held``."""
    return tuple(p for p in agenda.sent if datetime.combine(p.day, p.start) < horizon)


def _fewest(instance: Instance, exporter_ids: Iterable[str]) -> tuple[int, str] | None:
    """The fewest meetings an exporter of the roster (not departed) holds, given each
    meeting's exporter id, and which exporter (the first by id); None without exporters."""
    held = Counter(exporter_ids)
    present = [e.id for e in instance.exporters if e.id not in instance.departed]
    return min(((held[e], e) for e in present), default=None)


def fewest_in_agenda(agenda: Agenda, instance: Instance) -> tuple[int, str] | None:
    """:func:`_fewest` in ``agenda``: under its id now, a corrected id's meetings held
    under the former one too (a reviewer)."""
    return _fewest(instance, (agenda.id_now.get(p.exporter_id, p.exporter_id)
                              for p in agenda.meetings))  # fmt: skip


def fewest_held(instance: Instance, schedule: Schedule) -> tuple[int, str] | None:
    """:func:`_fewest` in ``schedule``."""
    return _fewest(instance, (m.exporter_id for m in schedule.meetings))


def fewest_text(fewest: tuple[int, str] | None) -> str:
    """The Summary's ``fewest_meetings_exporter``: ``MA-004: 5``, ``""`` for none."""
    return "" if fewest is None else f"{fewest[1]}: {fewest[0]}"


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


def change_counts(
    changes: Sequence[Change], moment: datetime | None, instance: Instance | None = None
) -> dict[str, int]:
    """The count of each kind of change, ``already_held`` (cancellations and interpreter
    changes of meetings that had started at ``moment``: recorded, not announced) and
    ``companies`` told of a change: with ``instance``, only those that get an agenda
    (in the roster and not gone; a company that left was counted, the re-planning
    reviewer)."""
    counts = {kind.value: 0 for kind in PLAN_CHANGE_KINDS} | {"already_held": 0}
    told: set[str] = set()
    for c in changes:
        counts[c.kind.value] += 1
        if already_held(c, moment):
            counts["already_held"] += 1
        else:
            told |= {c.exporter_id, c.buyer_id}
    if instance is not None:
        told = {cid for cid in told if cid in instance.companies} - instance.departed
    return {**counts, "companies": len(told)}


def options_hash(instance: Instance, options: SolveOptions, *, planning_only: bool = False) -> str:
    """Fingerprint of the roster content and the options that shape the plan
    (``planning_only``: without names, contacts and reasons, ``domain.fingerprint``)."""
    return fingerprint(
        instance,
        {
            "time_limit": float(options.time_limit),
            "seed": options.seed,
            "workers": options.workers,
            "interleave": options.interleave,
            "value_tolerance": float(options.value_tolerance),
        },
        planning_only=planning_only,
    )


#: The Summary's ``fallback`` of a re-plan after a change of names, contacts or reasons
#: alone: the published meetings kept as they are, not solved again.
DETAILS_ONLY = (
    "only contacts, the mission's name, place or country, or reasons changed: the "
    "published meetings kept, not re-solved"
)

#: The Summary's ``fallback`` of an agenda written by an older version, the roster and
#: options unchanged: rewritten to add what this version writes, its meetings kept.
OLDER_VERSION_ONLY = (
    "written by an older version, the roster and options unchanged: rewritten with what "
    "this version adds, the published meetings kept, not re-solved"
)


def mission_now(instance: Instance) -> datetime:
    """The current time in the mission's timezone, as a naive datetime."""
    return datetime.now(ZoneInfo(instance.mission.timezone)).replace(tzinfo=None, microsecond=0)


def mission_local(instance: Instance, moment: datetime) -> datetime:
    """``moment`` as a naive datetime in the mission's timezone.

    A naive ``moment`` is taken as mission-local already; an aware one (for
    example ``2025-11-11T07:00Z``) is converted.
    """
    zone = ZoneInfo(instance.mission.timezone)
    if moment.tzinfo is not None:
        return moment.astimezone(zone).replace(tzinfo=None)
    first, second = moment.replace(tzinfo=zone), moment.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return moment
    # A time a clock change repeats or skips was taken without a word (a tester).
    if first.utcoffset() > second.utcoffset():  # type: ignore[operator]
        log.warning(
            "now %s happens twice in %s (the clocks go back): read as its first time, "
            "%s; for the second, give its offset: %s",
            f"{moment:%Y-%m-%d %H:%M}", instance.mission.timezone,
            first.isoformat(timespec="minutes"), second.isoformat(timespec="minutes"),
        )  # fmt: skip
        return moment
    real = first.astimezone(UTC).astimezone(zone)
    log.warning(
        "now %s does not exist in %s (the clocks go forward): read as %s",
        f"{moment:%Y-%m-%d %H:%M}", instance.mission.timezone,
        real.isoformat(timespec="minutes"),
    )  # fmt: skip
    return real.replace(tzinfo=None)


def log_folder(log_file: Path, files: Sequence[Path | None] = ()) -> None:
    """Make ``log_file``'s folder when it is missing, as ``-o``'s is made, or raise
    ``OutputError`` saying why it cannot be (a file in its place read "File exists").
    An existing folder is not probed: a log file made beforehand where no new file can
    be created (``/var/log``) is appended to (a second reader: exit 73). ``InputError``
    when it is one of ``files``, the run's roster or agendas: log lines were appended to
    the roster in place (an IT tester)."""
    for other in (f for f in files if f is not None):
        try:
            same = Path(log_file).exists() and os.path.samefile(log_file, other)
        except OSError:
            same = False
        real, theirs = os.path.realpath(log_file), os.path.realpath(other)
        # a file of a CSV roster's folder too: the log went into Mission.csv (a reader)
        inside = Path(other).is_dir() and real.startswith(theirs.rstrip(os.sep) + os.sep)
        if same or inside or real == theirs:
            where = (f"in the roster's folder {other}: choose a file outside it"
                     if inside else f"{other} itself: choose another file")
            raise InputError(
                [Problem(str(log_file), f"--log-file is {where}, e.g. logs/plan.log beside "
                         "the roster")]
            )  # fmt: skip
    folder = Path(log_file).parent
    if not folder.is_dir():
        writable_folder(folder, Path(log_file))
    if _team_folder(folder) and not Path(log_file).exists():
        # appended to by every coordinator's runs: made by the first one's cron with
        # umask 022, the others' were refused (a reader)
        with contextlib.suppress(OSError):
            os.close(os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o664))
            team_group(Path(log_file), folder.stat().st_gid)
            os.chmod(log_file, 0o664)


def _team_folder(folder: Path) -> bool:
    """Whether ``folder`` is a team's: group-writable, not writable by all."""
    try:
        mode = folder.stat().st_mode
    except OSError:
        return False
    return bool(mode & stat.S_IWGRP) and not mode & stat.S_IWOTH


#: What the names of an agenda's history copies and temporary files add to its stem:
#: ``.<stem>-20261201T044121Z_02.<pid>.<n>.tmp.xlsx``, at most.
_NAME_OVERHEAD = 48


def _refuse_a_name_too_long(output: Path) -> None:
    """Refuse, before solving, an agenda name whose history copies or temporary files
    the folder cannot hold: a first plan was written, then every re-plan failed after
    solving, or with an internal error (an IT tester)."""
    try:
        limit = os.pathconf(output.parent, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        limit = 255
    longest = limit - _NAME_OVERHEAD - len(os.fsencode(output.suffix))
    if len(os.fsencode(output.stem)) > longest:
        raise OutputError(
            f"{output}: the name is too long for the history copies and temporary files "
            f"written beside it (at most {longest} bytes before {output.suffix} in this "
            "folder): choose a shorter -o"
        )


@contextmanager
def agenda_lock(output: Path, wait: float):
    """Hold ``<output>.lock`` for the whole run; another run waits up to ``wait`` s."""
    writable_folder(output.parent, output)
    _refuse_a_name_too_long(output)
    history = output.parent / HISTORY_DIR
    if output.exists() and history.exists():  # the previous agenda is copied there
        writable_folder(history, output)  # (a new one is made in a folder just probed)
    # Group-writable in a group-writable folder: made by the first coordinator's cron
    # with its umask 022, it locked every colleague out, exit 73 (an IT tester).
    shared = _team_folder(output.parent)
    path = Path(str(output) + ".lock")
    lock = filelock.FileLock(str(path), **({"mode": 0o664} if shared else {}))
    try:
        lock.acquire(timeout=wait)
    except filelock.Timeout:
        raise LockedError(
            f"{output}: another asmex-sched run holds {output}.lock; "
            f"gave up after waiting {wait:g} s"
        ) from None
    except OSError as exc:
        raise OutputError(
            f"{output}.lock: cannot open or create the lock file: {exc.strerror}"
            + (" (made by another account without write access for the group: its owner "
               "can delete it, or make it group-writable)" if shared and path.exists() else "")
        ) from None  # fmt: skip
    if shared:  # one made before this version, by its owner: repaired (a reader)
        with contextlib.suppress(OSError):
            if path.stat().st_uid == os.geteuid():
                team_group(path, output.parent.stat().st_gid)
                if not path.stat().st_mode & stat.S_IWGRP:
                    os.chmod(path, 0o664)
    try:
        yield
    finally:
        lock.release()


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
    :func:`_archiving`), even edited since, nor agendas written before
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
    """The instance without the clock-change blocks (:func:`~asmex_sched.domain.
    clock_change_blocks`) of times where the baseline held meetings before ``when``: an
    agenda planned before those times were closed had meetings there, and they took
    place; closed, they were taken as no-shows and booked again (a reader)."""
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
    (:func:`io.agenda.xml_safe`)."""
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
    # (the companies the agenda replaced listed without a meeting: one added since
    # was not told; a reader)
    told = (
        {c.id for c in (*baseline.exporters, *baseline.buyers)}
        - {cid for p in baseline.sent for cid in p.key}
        if baseline is not None
        else set()
    )
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
    squeezed = [
        cid for cid in none
        if instance.companies[cid].side == Side.EXPORTER and "lost_to_priority" in why[cid]
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
        and params.get("stage1") != "local search on slots"  # trade-fair size: no floor
        and max(exporters_held, default=0) >= 2
        and value - floor < max(instance.weight.values(), default=0)
    )
    one = len(squeezed) == 1
    if binds:
        log.warning(
            "%s hold%s no meeting though %s requested some: the tables went to requests of "
            "higher priority, as the plan keeps at least %s of the priority-first "
            "plan's weighted value (--value-tolerance %s); a larger tolerance spreads the "
            "meetings more evenly",
            named(squeezed),
            "s" if one else "",
            "it" if one else "they",
            f"{100 * (1 - opts.value_tolerance):.4g}%",
            f"{opts.value_tolerance:g}",
        )
    else:
        log.warning(
            "%s hold%s no meeting though %s requested some: at every time %s and a "
            "counterpart were free, the tables or interpreters were taken (Unscheduled: "
            "no room)",
            named(squeezed),
            "s" if one else "",
            "it" if one else "they",
            "it" if one else "each",
        )


def _warn_details_changed(
    baseline: Agenda, instance: Instance, schedule: Schedule, when: datetime
) -> None:
    """Warn when companies' names or contact details (those their counterparts'
    agendas print: :func:`report.details_changed`) differ from the agenda replaced
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
        "details changed for %d compan%s meeting others from now on (%s%s): the %d "
        "compan%s meeting %s %s the former ones in the agenda replaced, if it was sent "
        "(to tell them: report --changed-since the agenda last sent, which compares with "
        "what they hold)",
        len(named),
        "y" if len(named) == 1 else "ies",
        "; ".join(f"{cid}: {changed[cid]}" for cid in named[:3]),
        f"; and {len(named) - 3} more" if len(named) > 3 else "",
        len(told),
        "y" if len(told) == 1 else "ies",
        "it" if len(named) == 1 else "them",
        "has" if len(told) == 1 else "have",
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
            why = f"Fixed sheet: {f.exporter_id}--{f.buyer_id} there"
        else:
            continue
        moved.append(f"{p.exporter_id}--{p.buyer_id} {_at(p.day, p.start)} table {p.table} "
                     f"-> {m.table} ({why})")  # fmt: skip
    if moved:
        log.warning(
            "%d locked or frozen meeting(s) at a table that no longer exists or that the "
            "Fixed sheet now takes: kept at their time, on another table: %s",
            len(moved),
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


def plan(
    roster: Path,
    output: Path,
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
    # The weekend and holiday warnings only when planning (below), not on every no-op
    # cron run (a holiday kept on purpose was warned about 48 times a day).
    instance, calendar_hints = read_roster_deferring_hints(Path(roster))
    if _only_fixed(instance) and (fresh or not output.exists()):
        _warn_no_request(roster)  # a re-plan says it below, or is refused
    input_hash = options_hash(instance, opts)
    planning_hash = options_hash(instance, opts, planning_only=True)
    # The agenda in place, for an interruption as the lock is released after it: told
    # "nothing was written" (an IT tester).
    in_place: list[str] = []
    with _told_if_in_place(in_place), agenda_lock(output, wait):
        _remove_stale_temporaries(output)
        # "now" once the lock is ours: a run that waited for another must not freeze less.
        when = mission_local(instance, now) if now is not None else mission_now(instance)
        # The Summary records planned_at to the minute, and check reads it back: a
        # meeting starting at 14:00 was held for plan at 14:00:30 and not for check
        # (a second reader). Up to the next minute: a meeting under way is held.
        if when.second or when.microsecond:  # in real time: fold kept (a tester)
            when = later_by(
                instance.mission.timezone,
                when.replace(second=0, microsecond=0),
                timedelta(minutes=1),
            )
        baseline: Agenda | None = None
        edited = False
        if output.exists() and not fresh:
            baseline = _read_baseline(output)
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
            if baseline.input_hash == input_hash and not edited and not outdated:
                log.info("roster and options unchanged since %s was made: nothing to do", output)
                summary = dict(baseline.summary)
                if "fewest_meetings_exporter" not in summary:
                    # an agenda written before the key: its figure from its meetings (a
                    # reader's --json lacked it until the roster changed)
                    summary["fewest_meetings_exporter"] = fewest_text(
                        fewest_in_agenda(baseline, instance)
                    )
                return PlanOutcome(output, False, summary, instance=instance)
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
        calendar_hints()  # not a no-op: this run plans
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
        pin = (
            pins(instance, now_view, when, listed,
                 {q.key for p, q in zip(published, now_view, strict=True) if p.key in typed})
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
            # without a word; its next re-plan froze every meeting as held.
            log.warning(
                "planning at %s a mission that ended on %s (first_day %s): if its dates "
                "are right (an example, a record), give --now a time before it; else "
                "check first_day (a year off?): a re-plan at today's date would take "
                "every meeting as already held",
                f"{when:%Y-%m-%d %H:%M}", f"{slots[-1].day:%A %Y-%m-%d}",
                instance.mission.first_day.isoformat(),
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
            _warn_unrequested_rows(instance, baseline, pin, renamed)
            _warn_time_zone_corrected(instance, baseline)
            _warn_place_changed(instance, baseline, when)
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
        record = [p for p in published if p.key in {f.key for f in pin.pinned}]
        met = met_under_former_ids(instance, record, when, links)
        if met:
            planned = _without_met(planned, met)
        # Rows deleted by hand whose requests are still in the roster are planned
        # again: kept still like the rows left in place, where their place is free.
        stable = (
            _back_where_sent(planned, baseline,
                             now_view + _deleted_rows_to_keep(instance, baseline, when, renamed))
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
        details_only = (
            baseline is not None
            and not edited
            and not renamed
            and not pin.cancelled
            and (
                older_only
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
            kept_why = OLDER_VERSION_ONLY if older_only else DETAILS_ONLY
            log.info("%s: %s", output, kept_why)
            bound = summary_field(baseline.summary, "value_bound")
            result = SolveResult(
                SolveStatus.FEASIBLE,
                kept,
                None,
                value_bound=int(bound) if bound.isdigit() else None,
                params={"fallback": kept_why},
                solver_version=summary_field(baseline.summary, "ortools_version"),
            )
        else:
            result = solve(
                planned, opts, pinned=pinned, baseline=stable, on_progress=on_progress,
                earlier=_cancelled_by_last_run(baseline),
            )  # fmt: skip
        if on_progress:  # checking and writing a trade fair's agenda takes seconds
            on_progress(Progress("writing", None, None, float("inf")))
        if result.status == SolveStatus.INFEASIBLE:
            raise InfeasibleError(
                "the fixed, frozen or locked meetings cannot all hold: " + result.message
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
        _warn_released_locks(planned, now_view, pin.cancelled, result.schedule, when)
        _warn_locks_at_tables_gone(
            planned, now_view, result.schedule, {f.key for f in pin.pinned if f.source == "frozen"}
        )
        if baseline is not None:
            _warn_interpreters_beyond(Path(roster), planned, baseline, result.schedule, when)
            _warn_tables_above(Path(roster), planned, result.schedule, when)
            _warn_details_changed(baseline, planned, result.schedule, when)
        if edited and baseline is not None and baseline.as_written is not None:
            _warn_deleted_rows_back(planned, baseline, result.schedule, renamed)
            _warn_hand_moves_undone(planned, baseline, result.schedule, pin.cancelled, renamed)
            _warn_typed_rows_not_kept(planned, baseline, result.schedule, pin.cancelled, renamed)
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
        summary = build_summary(planned, result, final, input_hash, when, len(pinned), changes)
        summary["planning_hash"] = planning_hash
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
            log.warning(
                "%d requested meeting(s) need an interpreter (the two companies list no "
                "common language) but the Mission setting 'interpreters' is 0: they cannot "
                "be held (listed in Unscheduled)",
                no_interpreter,
            )
        _warn_companies_without_meetings(
            planned, result.schedule, unsched, opts, baseline, result.params
        )
        _warn_interpreted_languages(planned, result.schedule)
        if before_write:
            before_write()
        _warn_open_in_a_spreadsheet(output)
        history = _archive_before_writing(output) if output.exists() else None
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
                "changed (%d of these about meetings already held, not announced); %d "
                "companies affected%s; previous agenda kept as %s",
                n["added"],
                n["moved"],
                n["cancelled"],
                n["interpreter"],
                n["already_held"],
                n["companies"],
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
            log.info("wrote %s: %d meetings", output, len(result.schedule))
            _warn_budget(summary)
            say_changes()
        except KeyboardInterrupt:  # once written, an interruption is told as such
            say_changes()
            raise InterruptedAfterWriting(written_note(output, history)) from None
        in_place.append(written_note(output, history))
        return PlanOutcome(
            output, True, summary, result, final, changes, unsched, pinned, history, planned
        )


@contextlib.contextmanager
def _told_if_in_place(in_place: list[str]) -> Iterator[None]:
    """An interruption once ``in_place`` holds the written agenda's note (the lock being
    released after it) is told as :class:`InterruptedAfterWriting` with that note."""
    try:
        yield
    except KeyboardInterrupt as exc:
        if in_place and not isinstance(exc, InterruptedAfterWriting):
            raise InterruptedAfterWriting(in_place[0]) from None
        raise


def _warn_open_in_a_spreadsheet(output: Path) -> None:
    """Warn when the agenda is open in LibreOffice or Excel (their lock files beside
    it): it is replaced all the same, silently, and a save from there would put the
    previous agenda back (an IT tester)."""
    for lock in (output.with_name(f".~lock.{output.name}#"), output.with_name(f"~${output.name}")):
        if lock.exists():
            log.warning(
                "%s looks open in a spreadsheet program (%s): it is replaced by this "
                "plan; close it there without saving (a save would put the previous "
                "agenda back, which the next run refuses) and open it again",
                output,
                lock.name,
            )
            return


def _identity(path: Path) -> tuple[int, int, int] | None:
    """What tells a file replaced by a rename (device, inode, change time), or None."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_ctime_ns


def written_note(output: Path, history: Path | None) -> str:
    """What an interruption after the agenda was written left: the new plan (also said
    by the command when the signal lands after :func:`plan` has returned, as the lock
    is released or the table printed: it said "nothing was written"; an IT tester)."""
    kept = f"; the previous one is kept as {history}" if history is not None else ""
    return f"{output} was written (the new plan) before the interruption{kept}"


def _warn_budget(summary: Mapping[str, object]) -> None:
    """The plan's budget warnings, as log warnings: printed by the CLI alone, they
    reached neither ``--quiet``'s stderr (cron's mail) nor ``--log-file``, and a
    re-plan whose stability tier (S3) found nothing in 5 s moved 23 announced
    meetings without a word (a cron week's tester)."""
    tiers = [t.strip() for t in str(summary.get("tiers_without_solution") or "").split(",")]
    tiers = [t for t in tiers if t]
    if tiers and summary.get("stage1_pipeline") == MID_SIZE_PIPELINE and "S3" not in tiers:
        # Expected there, whatever the limit (docs/performance.md, "mid-size missions":
        # the tier solves seldom improve the local searches' plan within a minute): it
        # was mailed by every cron run, advising a larger limit that does not help (a
        # cron week's tester).
        log.info(
            "tiers without a solution: %s, as usual at this size (the tier solves seldom "
            "improve the local searches' plan); the plan is valid",
            ", ".join(f"{t} ({TIER_NAMES[t]})" if t in TIER_NAMES else t for t in tiers),
        )
    elif tiers:
        log.warning(
            "the time limit was short for this roster: tiers without a solution: %s; "
            "the plan is valid, but a larger --time-limit gives a better one%s",
            ", ".join(f"{t} ({TIER_NAMES[t]})" if t in TIER_NAMES else t for t in tiers),
            " (and moves fewer announced meetings)" if "S3" in tiers else "",
        )
    if summary.get("wall_clock_hit"):
        # Not a matter of --time-limit: the budgets and their clock limits grow together.
        # "running again may give another one" sent a trade-fair organiser to a run
        # that said "nothing to do" (the roster unchanged; a tester)
        # --fresh only for a first plan: on a re-plan it would drop the held and frozen
        # meetings as its baseline (a reader)
        first = not str(summary.get("horizon") or "")
        log.warning(
            "the clock stopped a solver step before its budget ran out (the machine is "
            "slower or busier than the budgets assume): the plan is valid, but a quieter "
            "hour may give another one (the next runs keep this one while the roster is "
            "unchanged)%s",
            "; for a reproducible agenda before it is sent, plan it again with --fresh when "
            "the machine is less busy" if first else "",
        )


def _previous_summary(output: Path) -> tuple[Path, dict[str, str]] | None:
    """The Summary of the agenda a plan without a baseline replaces (``--fresh``), read
    alone so that an agenda whose other sheets do not read still counts, or else of its
    newest history copy (an agenda moved away, as ``plan`` suggests for one it cannot
    read), with the file it was read from; ``None`` when there is none."""
    for path in (output, *reversed(history_copies(output))):
        if path.is_file():
            summary = read_agenda_summary(path)
            if summary is not None:
                return path, summary
    return None


def _calendar_id_dropped(output: Path, mission: Mission) -> str:
    """The calendar id of a baseline that has none: the newest history copy's of the same
    mission, with a warning, when one has one (an older version's run in between
    dropped it, and every event the companies held got a new UID: each meeting twice in
    their calendars; an upgrade tester); else none, as the mission's first agendas had
    (written before calendar ids, their events' UIDs are the meeting ids alone)."""
    for path in reversed(history_copies(output)):  # newest first
        summary = read_agenda_summary(path)
        if summary is None:
            continue
        sent = summary_field(summary, "calendar_id")
        if sent and carried_calendar_id(summary, mission) == sent:
            log.warning(
                "%s has no calendar id (written by an older version?): the calendar "
                "events keep the one of %s, %s, under which the companies got them; if "
                "they were sent agendas from the older version since, their calendars may "
                "show those meetings twice",
                output, path, sent,
            )  # fmt: skip
            return sent
    return ""


def _calendar_id_without_baseline(
    found: tuple[Path, dict[str, str]] | None, output: Path, mission: Mission
) -> str:
    """The calendar id of a plan without a baseline (:func:`carried_calendar_id`), with
    a warning whenever the companies may hold events under another one (second readers:
    the events sent were duplicated without a word)."""
    if found is None:
        if output.exists() or history_copies(output):
            log.warning(
                "no calendar id could be read from %s or its history copies: the "
                "calendar events of this plan get new UIDs, so a company that imported "
                "the previous agenda's events may see its meetings twice",
                output,
            )
        return new_calendar_id(mission)
    path, previous = found
    kept = carried_calendar_id(previous, mission)
    sent = summary_field(previous, "calendar_id")
    if kept != sent:
        log.warning(
            "the previous agenda (%s) is of another mission (its first day, city or time "
            "zone differ), so its calendar events are not updated by this plan's (new "
            "UIDs): if it is the same mission, postponed or moved, re-plan it without "
            "--fresh, so that each move is announced under the UIDs the companies hold",
            path,
        )
    return kept


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


def typed_in(agenda: Agenda) -> frozenset[tuple[str, str]]:
    """Pairs of ``agenda`` that ``plan`` did not write (typed in by hand): none for an
    agenda without its ``As written`` copy (its rows are the baseline)."""
    if agenda.as_written is None:
        return frozenset()
    return frozenset(p.key for p in agenda.meetings) - {p.key for p in agenda.as_written}


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
    (a hand-editing tester: moved on Wednesday night to Thursday 10:00, no word)."""
    horizon = notice_horizon(mission, now)

    def soon(day: date | None, start: time | None) -> bool:
        return day is not None and start is not None and (
            now <= datetime.combine(day, start) < horizon
        )

    # into the window, or out of it (moved away or removed: the companies would come at
    # the old time; a second reader)
    late = sorted(
        f"{c.exporter_id}--{c.buyer_id} ("
        + " -> ".join(f"{d} {t:%H:%M}" for d, t in ((c.old_day, c.old_start),
                                                     (c.new_day, c.new_start)) if d and t)
        + ")"
        for c in changes
        if c.kind in (ChangeKind.MOVED, ChangeKind.ADDED, ChangeKind.CANCELLED)
        and "by hand" in c.reason
        and (c.old_day, c.old_start) != (c.new_day, c.new_start)
        and (soon(c.new_day, c.new_start) or soon(c.old_day, c.old_start))
    )  # fmt: skip
    if late:
        log.warning(
            "%d meeting(s) were moved, added or removed by hand within the notice period "
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


def _warn_typed_rows_not_kept(
    instance: Instance,
    baseline: Agenda,
    schedule: Schedule,
    released: Mapping[tuple[str, str], str] | None = None,
    renamed: Mapping[str, Company] | None = None,
) -> None:
    """Meetings typed into the agenda by hand for a pair the roster requests that the
    re-plan did not keep where they were typed: dropped (fairness or the floors gave the
    time to others) or placed elsewhere, with nothing said, since they were never
    announced (a hand-editing tester typed a priority-1 request into a deleted meeting's
    place; the re-plan booked the deleted one back and dropped the typed one)."""
    told = []
    typed = typed_in(baseline)
    for p in sorted(baseline.meetings, key=lambda p: p.key):
        q = under_new_ids(p, renamed or {})
        if p.key not in typed or p.locked or q.key not in instance.request_by_key:
            continue  # a lock released, an unrequested pair: warned of on their own
        # the rule that kept it away, when one did: locking would not keep it (a reader);
        # a pin's cause (frozen or locked), else its time or a company's absence
        cause = (released or {}).get(p.key) or (released or {}).get(q.key, "")
        why = cause.split(": ", 1)[-1]
        slot = instance.slot_of(p.day, p.start)
        if not why and slot is None:
            why = "its time is not in the programme"
        elif not why and slot is not None and slot.index not in instance.candidates[q.key]:
            why = "a company of it is not available then, or the time is closed"
        typed_at = f"{q.meeting_id} typed {_at(p.day, p.start)} table {p.table}" + (
            f" ({why})" if why else ""
        )
        m = schedule.by_key.get(q.key)
        if m is None:
            told.append(f"{typed_at}, not planned")
            continue
        now = instance.slots[m.slot]
        if (now.day, now.start, m.table) != (p.day, p.start, p.table):
            told.append(f"{typed_at}, now {_at(now.day, now.start)} table {m.table}")
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
) -> None:
    """Meetings moved by hand that the re-plan did not keep where they were typed (a
    rule breaks there: a company busy or away then, no table free): the warning said
    "re-planning with the edits as the baseline", the Changes sheet was empty when the
    meeting went back where it had been sent, and nothing told the coordinator the edit
    was undone (a cron week's tester). Cancelled ones are in Changes."""
    typed = {p.key: p for p in baseline.meetings}
    sent = {p.key: (p.day, p.start, p.table) for p in baseline.as_written or ()}
    told = []
    for key in sorted(_moved_by_hand(baseline)):
        p = typed[key]
        if p.locked and released.get(key, "").startswith("locked meeting: "):
            continue  # said as a lock released (_warn_released_locks)
        why = released.get(key, "").split(": ", 1)[-1]
        typed_at = f"{p.meeting_id} typed {_at(p.day, p.start)} table {p.table}" + (
            f" ({why})" if why else ""
        )
        # under a corrected id, looked up under the new one ("not planned" was said of a
        # meeting kept; a reader)
        m = schedule.by_key.get(key) or schedule.by_key.get(under_new_ids(p, renamed or {}).key)
        if m is None:  # cancelled: in Changes, and said here too (a second reader)
            told.append(f"{typed_at}, not planned")
            continue
        slot = instance.slots[m.slot]
        now_at = (slot.day, slot.start, m.table)
        if now_at == (p.day, p.start, p.table):
            continue
        back = (" (where plan last wrote it: no change for the companies, unless a report of "
                "the edited agenda was mailed)")
        told.append(
            f"{typed_at}, now {_at(slot.day, slot.start)} table {m.table}"
            + (back if now_at == sent.get(key) else "")
        )
    if told:
        log.warning(
            "%d meeting(s) moved by hand could not stay where they were typed (run check on "
            "the edited agenda to see the rule each breaks): %s",
            len(told),
            "; ".join(told),
        )


def _back_where_sent(
    instance: Instance, baseline: Agenda, stable: tuple[PublishedMeeting, ...]
) -> tuple[PublishedMeeting, ...]:
    """``stable`` (the meetings the re-plan keeps still, rule S3) with each meeting moved
    by hand to where it cannot be (a party away or busy then, its table taken or gone, a
    time closed) put back where it was sent, when that place is still free in the
    agenda as edited. Kept at its typed place, every other place cost the same: the
    re-plan moved it to a third time, and its companies read "moved by the new plan,
    though its time was still free for it" (a hand-editing coordinator's tester).
    Locked meetings are not changed here: a lock that cannot hold is released
    (``replan.pins``)."""
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

    out = list(stable)
    # Until nothing moves: a meeting sent back frees its typed place, where another
    # one moved by hand may then go back (one pass kept the first of two such edits
    # where it was typed, and moved a meeting nobody touched; a second reader).
    changed = True
    while changed:
        changed = False
        for i, p in enumerate(out):
            back = sent.get(p.key)
            if (p.key not in moved or p.locked or back is None
                    or fits(p, own=1) or not fits(back, own=0)):  # fmt: skip
                continue
            busy.subtract((cid, p.day, p.start) for cid in p.key)
            tables[(p.day, p.start, p.table)] -= 1
            busy.update((cid, back.day, back.start) for cid in p.key)
            tables[(back.day, back.start, back.table)] += 1
            interpreted[(p.day, p.start)] -= int(needs.get(p.key, False))
            interpreted[(back.day, back.start)] += int(needs.get(p.key, False))
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
    # second reader).
    pairs: Counter[str] = Counter()
    for (e, b), n in kinds.items():
        served_by = min(
            (k for k in kinds if (k[0] <= e and k[1] <= b) or (k[0] <= b and k[1] <= e)),
            key=lambda k: (len(k[0]) + len(k[1]), sorted(k[0]), sorted(k[1])),
        )
        pairs[f"{', '.join(sorted(served_by[0]))} / {', '.join(sorted(served_by[1]))}"] += n
    if len(pairs) > 1:
        log.warning(
            "the meetings with an interpreter join %d kinds of languages (one side / "
            "the other: meetings): %s; 'interpreters' counts interpreters, not the languages "
            "they speak: check each kind has interpreters enough at each time (a pair of "
            "languages no interpreter speaks needs two), docs/roster.md",
            len(pairs),
            "; ".join(f"{k}: {n}" for k, n in sorted(pairs.items(), key=lambda x: (-x[1], x[0]))),
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
) -> None:
    """Meetings still to come locked in the agenda that cannot stay where they are
    locked (a party declared unavailable then, the time closed or gone): planned again
    elsewhere, or not at all. A lock typed by hand at such a time was put back where
    the companies had been sent it, with no row in Changes and not a word (a
    walkthrough). One already held is a no-show, warned about as such."""
    prefix = "locked meeting: "
    told = []
    for p in sorted(published, key=lambda p: p.key):
        why = released.get(p.key, "")
        if not (p.locked and why.startswith(prefix)) or _held(p, when):
            continue
        m = schedule.by_key.get(p.key)
        where = (
            f"planned again at {_at(instance.slots[m.slot].day, instance.slots[m.slot].start)}"
            if m is not None
            else "not planned"
        )
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


def _refuse_roster_as_output(roster: Path, output: Path) -> None:
    """``plan r.xlsx -o r.xlsx`` would replace the roster with its agenda (with
    ``--fresh``; without it, the roster failed to read as a baseline and the message
    suggested ``--fresh``: found by a second reader)."""
    try:
        same = output.exists() and os.path.samefile(roster, output)
    except OSError:
        same = False
    # through a folder not made yet: 'new/../r.xlsx' (samefile needs it; an IT tester)
    if same or os.path.realpath(output) == os.path.realpath(roster):
        raise InputError(
            [Problem(str(output), "the output agenda is the roster itself: choose another -o")]
        )


def _starts(slot: Slot) -> datetime:
    return datetime.combine(slot.day, slot.start)


def _archiving(output: Path) -> Path:
    """``agenda.xlsx.archiving``: the name of the history copy a run made of ``output``,
    there from the copy until the new agenda is written. Left by a run killed in
    between (SIGKILL, power lost), it tells the next run that the newest history copy
    is the agenda itself, not an earlier copy put back over it (byte for byte, with its
    time kept by ``cp -p``, that passed for a killed run's: a second reader)."""
    return output.with_name(output.name + ".archiving")


def _archive_before_writing(output: Path) -> Path:
    """:func:`_archive`, with :func:`_archiving` naming the copy *before* it is made: a
    run killed between the copy and the marker left a copy equal to the agenda and no
    marker, and every later run refused the agenda as "an earlier copy saved back" (an
    IT tester). A killed run's copy that is still the agenda byte for byte is taken
    again, not copied twice."""
    marker = _archiving(output)
    left = _killed_run_copy(output)
    previous = output.parent / HISTORY_DIR / left if left else None
    if previous is not None and previous.is_file() and _same_bytes(previous, output):
        return previous  # its marker already names it
    target = _history_target(output)
    atomic_write_text(marker, target.name)
    try:
        copy_file(output, target)
    except BaseException:
        marker.unlink(missing_ok=True)
        raise
    return target


def _remove_stale_temporaries(output: Path) -> None:
    """Remove the temporary files that runs killed outright (SIGKILL, power lost) left
    beside ``output`` and its history copies (``.agenda.<pid>.<n>.tmp.xlsx``, whose
    process is gone): they stayed for good, though the docs promise none is left (an
    IT tester). Called with the agenda's lock held; only this agenda's own (its own
    name, its marker's, its history copies'): another agenda in the folder has its
    own lock, and its run may be alive on another machine sharing the folder."""
    stem, suffix = re.escape(output.stem), re.escape(output.suffix)
    pattern = re.compile(
        rf"\.{stem}(?:{suffix}|{HISTORY_STAMP})?\.(?P<pid>\d+)\.\d+\.tmp(?:{suffix}|\.archiving)"
    )
    for folder in (output.parent, output.parent / HISTORY_DIR):
        try:
            names = [p for p in folder.iterdir() if pattern.fullmatch(p.name)]
        except OSError:
            continue
        for path in names:
            match = pattern.fullmatch(path.name)
            pid = int(match["pid"]) if match else os.getpid()
            if pid == os.getpid() or alive(pid):
                continue
            try:
                path.unlink()
                log.info("removed %s, left by a run that was killed", path)
            except OSError:
                pass


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _killed_run_copy(output: Path) -> str:
    """The history copy a run killed before writing left of ``output`` ('' if none)."""
    try:
        return _archiving(output).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _archive(output: Path) -> Path:
    """Copy the current agenda to ``agenda-history/<stem>-<mtime in UTC>Z.xlsx`` (never
    moved; the machine's local time named copies of runs in two time zones out of
    order: :func:`history_copies`); a second copy in the same second is
    ``..._02.xlsx``, which sorts after the first by name (``-2`` sorted before it, so
    "the newest by name" was the older one)."""
    target = _history_target(output)
    copy_file(output, target)
    return target


def _history_target(output: Path) -> Path:
    """The free name :func:`_archive` copies ``output`` to (its folder made)."""
    folder = writable_folder(output.parent / HISTORY_DIR, output)  # a team's, if shared
    stamp = datetime.fromtimestamp(output.stat().st_mtime, tz=UTC).strftime(
        "%Y%m%dT%H%M%SZ"
    )
    target = folder / f"{output.stem}-{stamp}{output.suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{output.stem}-{stamp}_{n:02d}{output.suffix}"
    return target


def build_summary(
    instance: Instance,
    result: SolveResult,
    final: Score,
    input_hash: str,
    when: datetime,
    n_pinned: int,
    changes: tuple[Change, ...],
) -> dict[str, object]:
    """The ``Summary`` sheet, in order (also what ``--json`` prints)."""
    m = instance.mission
    n_req = len(instance.requests)
    feasible = sum(1 for r in instance.requests if instance.candidates[r.key])
    bound = result.value_bound
    gap = None if bound is None else round(max(0, bound - final.value) / max(1, bound), 6)
    out: dict[str, object] = {
        "mission": m.name,
        "city": m.city,
        "venue": m.venue,
        "first_day": m.first_day.isoformat(),
        "days": m.days,
        "timezone": m.timezone,
        "exporters": sum(1 for e in instance.exporters if e.id not in instance.departed),
        "buyers": sum(1 for b in instance.buyers if b.id not in instance.departed),
        "requests": n_req,
        "requests_with_common_slot": feasible,
        "meetings": final.meetings,
        "share_of_requests": round(final.meetings / n_req, 4) if n_req else 0.0,
        "worst_off_exporter": final.worst_off,
        "least_served_exporter": least_served(instance, result.schedule),
        # The plain figure beside the level: 'worst_off_exporter 19' read as "the
        # worst-served exporter got 19" where three held 5, at their max_meetings (a
        # board's tester).
        "fewest_meetings_exporter": fewest_text(fewest_held(instance, result.schedule)),
        "exporters_above_worst_level": final.next_worst,
        "weighted_value": final.value,
        "value_bound": bound,
        "gap": gap,
        "value_bound_fair_plans": result.params.get("value_bound_fair_plans"),
        "buyer_half_days": final.buyer_half_days,
        "buyer_idle_slots": final.buyer_gaps,
        "changes_cost": final.changes,
        "changes": len(changes),
        "pinned_meetings": n_pinned,
        "status": result.status.value,
    }
    for t in result.tiers:
        # S5 is proven where stage 2 places the meetings and half-days the tiers above
        # chose: another choice, equal on each of them, may leave fewer idle slots (an
        # optimality auditor found 4 where 1 was possible)
        proven = ", optimal for the meetings chosen" if t.rule == "S5" else ", optimal"
        out[f"tier_{t.rule}"] = (
            f"{t.value} (bound {t.bound if t.bound is not None else '-'}"
            f"{proven if t.optimal else ''})"
        )
    out.update(
        {
            "unplaced_repaired": result.unplaced,
            # Budget warnings: a tier that found nothing kept the previous solution;
            # a wall-clock hit means the run may not be reproducible.
            "tiers_without_solution": ", ".join(
                str(t)
                for t in result.params.get("tiers_without_solution", [])  # type: ignore[attr-defined]
            ),
            "wall_clock_hit": bool(result.params.get("wall_clock_hit", False)),
            # Why the plan is not the solver's own (greedy plan kept), and where the
            # worst-off level was capped to keep the greedy's value (trade-fair size).
            "fallback": result.params.get("fallback") or "",
            # Which stage-1 pipeline planned (by size, docs/model.md), and whether the
            # local searches' plan was kept over the slotted one.
            "stage1_pipeline": result.params.get("stage1") or "",
            "stage1_plan_kept": bool(result.params.get("kept_stage1_plan", False)),
            "worst_off_capped_for_value": result.params.get("worst_off_capped_for_value"),
            "solve_seconds": round(result.wall_time, 2),
            "time_limit": result.params.get("time_limit"),
            "threads": result.params.get("workers"),
            "seed": result.params.get("seed"),
            "value_floor": result.params.get("value_floor"),
            "asmex_sched_version": __version__,
            "agenda_format": AGENDA_FORMAT,
            "ortools_version": result.solver_version,
            "input_hash": input_hash,
            # with its offset: the repeated hour's two passes read the same without it,
            # and a run in the second warned it came before the first (a tester)
            "planned_at": local_iso(instance.mission.timezone, when),
            # Before it nothing new was placed (H9), and S1a counted what each exporter's
            # requests allowed after it: check scores the agenda with the same horizon.
            # Empty for a plan without a baseline (a first or --fresh plan has none).
            "horizon": (
                local_iso(instance.mission.timezone, instance.horizon) if instance.horizon else ""
            ),
            "meetings_hash": meetings_hash(
                (m.exporter_id, m.buyer_id, slot.day, slot.start, m.table, m.interpreter)
                for m in result.schedule.meetings
                for slot in (instance.slots[m.slot],)
            ),
        }
    )
    return out


#: The Summary's figures by type, as ``--json`` prints them: a run with nothing to do
#: reads them back from the agenda as text, and printed ``"meetings": "9"`` and
#: ``"wall_clock_hit": "no"`` where a run that plans prints ``9`` and ``false`` (a
#: walkthrough: a cron script comparing ``changes > 0`` broke on it). Empty is null.
SUMMARY_INTS = frozenset(
    "days exporters buyers requests requests_with_common_slot meetings worst_off_exporter "
    "exporters_above_worst_level weighted_value value_bound value_bound_fair_plans "
    "buyer_half_days buyer_idle_slots changes_cost changes pinned_meetings unplaced_repaired "
    "worst_off_capped_for_value threads seed value_floor calendar_sequence agenda_format".split()
)
SUMMARY_FLOATS = frozenset("share_of_requests gap solve_seconds time_limit".split())
SUMMARY_BOOLS = frozenset("wall_clock_hit stage1_plan_kept".split())


def typed_summary(summary: Mapping[str, object]) -> dict[str, object]:
    """A Summary read back from an agenda (text) with :func:`build_summary`'s types: the
    figures numbers, the flags booleans, an empty figure ``None``; a value that does
    not read as its type stays as written."""
    out: dict[str, object] = {}
    for key, value in summary.items():
        text = value.strip() if isinstance(value, str) else None
        typed: object = value
        if text is not None and key in SUMMARY_INTS | SUMMARY_FLOATS | SUMMARY_BOOLS:
            if not text:
                typed = None
            elif key in SUMMARY_BOOLS:
                typed = {"yes": True, "no": False, "true": True, "false": False}.get(
                    text.lower(), value
                )
            else:
                try:
                    number = float(text)
                    typed = int(number) if key in SUMMARY_INTS and number.is_integer() else number
                except ValueError:
                    typed = value
        out[key] = typed
    return out


# ---------------------------------------------------------------------- check
@dataclass(frozen=True)
class CheckOutcome:
    violations: tuple[Violation, ...]
    score: Score
    meetings: int
    #: The re-planning horizon the worst-off level counts from (None after a first plan).
    horizon: datetime | None = None
    #: The fewest meetings an exporter of the roster holds in the agenda, and which
    #: exporter (the first by id): the record, beside a level counted from the horizon.
    fewest: tuple[int, str] | None = None
    #: The horizon is past the mission's last slot: nothing is left to plan.
    over: bool = False
    #: The exporter with the lowest share of what its requests allow
    #: (:func:`least_served`), as the Summary's ``least_served_exporter``.
    least: str = ""


def least_served(instance: Instance, schedule: Schedule) -> str:
    """``E1: 7 of 10 possible``: the exporter with the lowest share of what its own
    requests allow (:attr:`Instance.fairness_cap`), among those whose requests allow a
    meeting ("E02: 0 of 0 possible" was named, an exporter that never pulls the
    worst-off level down; a walkthrough); "" when there is none."""
    held = {e.id: 0 for e in instance.exporters if e.id not in instance.departed}
    for mt in schedule.meetings:
        if mt.exporter_id in held:
            held[mt.exporter_id] += 1
    caps = instance.fairness_cap
    served = [e for e in held if caps[e] > 0]
    if not served:
        return ""
    least = min(served, key=lambda e: (held[e] / caps[e], held[e], e))
    return f"{least}: {held[least]} of {caps[least]} possible"


def schedule_from_agenda(instance: Instance, agenda: Agenda) -> tuple[Schedule, list[Violation]]:
    """Map an agenda's meetings onto the roster's slot grid.

    A meeting that does not start on a slot of the grid cannot be checked
    further; it is reported under H1 ("at a slot of the grid", docs/model.md), as
    the validator reports a slot index that does not exist.
    """
    meetings: list[Meeting] = []
    off_grid: list[Violation] = []
    for p in agenda.meetings:
        slot = instance.slot_of(p.day, p.start)
        if slot is None:
            off_day = "" if p.day in instance.mission.dates else f": {p.day} is no mission day"
            off_grid.append(
                Violation(
                    "H1",
                    f"meeting {p.meeting_id} at {p.day} {p.start:%H:%M} does not start on a "
                    f"slot of the mission's programme{off_day}",
                    p.key,
                )
            )
            continue
        meetings.append(
            Meeting(p.exporter_id, p.buyer_id, slot.index, p.table, p.interpreter, p.locked)
        )
    return Schedule(tuple(meetings)), off_grid


def _without_met(instance: Instance, met: Collection[tuple[str, str]]) -> Instance:
    """``instance`` without the requests, and the fixed meetings, of pairs that met
    under a former id (:func:`~asmex_sched.replan.met_under_former_ids`): a Fixed row
    of the roster held under the old id is satisfied by the record (under the new id
    it read "the pair is no longer in the roster", and every run failed, exit 3; a
    second reader)."""
    return instance.replace(
        requests=tuple(r for r in instance.requests if r.key not in met),
        fixed=tuple(f for f in instance.fixed if f.key not in met),
    )


def _month_first(day: date, dates: Collection[date]) -> str:
    """``" (typed month first?)"`` when ``day`` with its day and month swapped is a
    mission day, else nothing (a reader: said of any day off the mission)."""
    if day.day > 12:
        return ""
    swapped = date(day.year, day.day, day.month)
    return " (typed month first?)" if swapped in dates else ""


def _off_grid_column(instance: Instance, p: PublishedMeeting) -> str:
    """The cell to correct of a meeting off the grid: its date when that is no mission
    day (a date typed month first was pointed at its start; a fuzzer), else its start."""
    return p.start_column if p.day in instance.mission.dates else p.date_column


def _located(
    off_grid: Sequence[Violation], agenda: Agenda, instance: Instance
) -> list[Violation]:
    """Off-grid starts (:func:`schedule_from_agenda`) with the cell of their row, as
    ``plan`` says them: for ``check`` and ``report``."""
    typed = {p.key: p for p in agenda.meetings}
    return [
        replace(
            v,
            message=f"{v.message} (sheet Meetings, row {p.row}, column "
            f"{_off_grid_column(instance, p)})",
        )
        if (p := typed.get((v.companies[0], v.companies[1]))) is not None and p.row is not None
        else v
        for v in off_grid
    ]


def _shown(cid: str) -> str:
    """An id as a message shows it: its invisible characters escaped (``\\ufeffKE-082``)."""
    return "".join(
        ch if ch.isprintable() else ascii(ch)[1:-1] for ch in cid
    )  # '\\ufeff', '\\U000e0041' above U+FFFF (a reader: \\u with 5 digits was ambiguous)


def _with_rows(violations: Sequence[Violation], agenda: Agenda) -> list[Violation]:
    """Each violation with the Meetings rows of the meetings it is about
    (``Violation.meetings``): H2 and H4 named the companies and the time but no row to
    correct (a fuzzer)."""
    rows_of: dict[tuple[str, str], list[int]] = defaultdict(list)
    for p in agenda.meetings:
        if p.row is not None:
            rows_of[p.key].append(p.row)
    out = []
    for v in violations:
        # the meetings the validator names (a company's own at another table are not;
        # a reader found them listed); a pair typed twice (H1), both rows
        rows = sorted(r for key in v.meetings for r in rows_of.get(key, ()))
        if rows and "sheet Meetings" not in v.message:
            listed = ", ".join(map(str, rows[:-1])) + (" and " if len(rows) > 1 else "")
            rows_text = f"row{'s' if len(rows) > 1 else ''} {listed}{rows[-1]}"
            v = replace(v, message=f"{v.message} (sheet Meetings, {rows_text})")
        out.append(v)
    return out


def check(roster: Path, agenda_path: Path) -> CheckOutcome:
    """Validate an agenda (possibly edited by hand) against its roster."""
    instance = read_roster(Path(roster))
    agenda = read_agenda(Path(agenda_path))
    _refuse_unknown_ids(Path(agenda_path), agenda, instance)
    _warn_programme_differs(Path(roster), Path(agenda_path), instance.mission, agenda.mission)
    # What plan keeps as the record is checked as such (replan.with_record), when plan
    # re-planned: a first or --fresh plan (an empty Summary horizon) kept no record and
    # froze nothing, and check scored it as if it had (a second reader). An agenda
    # written before the horizon was recorded is taken as re-planned, as before.
    moment = planned_at(agenda)
    recorded = summary_horizon(agenda.summary, agenda.mission.timezone)
    replanned = recorded is not None or "horizon" not in agenda.summary
    if moment is not None:  # as plan keeps them (a reader)
        instance = _clock_changes_held(instance, agenda, moment)
    if moment is not None and replanned:
        listed = {c.id: c for c in (*agenda.exporters, *agenda.buyers)}
        typed = typed_in(agenda)
        instance = with_record(instance, agenda.meetings, moment, listed, typed)
        # The meetings plan froze or kept locked were its pins (replan.pins): the
        # fairness cap (S1a, S1b) counts them as plan did, or check scored the same agenda
        # with another worst-off level (a second reader). Pins alone, no horizon: the
        # rules check answers for (H1-H7) are unchanged.
        pin = pins(instance, agenda.meetings, moment, listed, typed)
        instance = instance.replace(pinned=pin.pinned, interpreter_booked=pin.interpreter_booked)
        # A company under a corrected id does not meet again a firm met under a former
        # one (plan drops those requests, and writes the links): not counted as
        # possible (S1a, S1b), as in plan.
        met = met_under_former_ids(instance, agenda.meetings, moment, agenda.former_ids)
        if met:
            instance = _without_met(instance, met)
    # Scored as plan scored it: with the horizon it recorded (what each exporter's
    # requests allowed from then on), or a re-plan during the mission read worst-off 5
    # in its Summary and 2 in check (a second reader); without one after a first or
    # --fresh plan, which has none (a second reader found pin.horizon used there). The
    # rules are checked without it.
    scored = instance if recorded is None else instance.replace(horizon=recorded)
    schedule, off_grid = schedule_from_agenda(instance, agenda)
    # Before the recorded horizon, the tables, interpreters and delegates are what the
    # meetings plan wrote and kept there used, if more (a setting lowered mid-mission:
    # Instance.tables_at); as written, so that a meeting typed there by hand is still
    # told.
    rules = instance
    if recorded is not None:
        rules = instance.replace(held=written_before(agenda, recorded))
    violations = _located(off_grid, agenda, instance) + _with_rows(
        validate(rules, schedule), agenda
    )
    fewest = fewest_in_agenda(agenda, instance)
    over = nothing_left_to_plan(instance, recorded)
    return CheckOutcome(
        tuple(violations), score(scored, schedule), len(agenda.meetings), recorded, fewest, over,
        least_served(scored, schedule),
    )


#: The Mission settings that make the programme's slots.
_PROGRAMME = ("first_day", "days", "day_start", "day_end", "meeting_minutes", "breaks")


def _warn_programme_differs(
    roster: Path, agenda_path: Path, mission: Mission, planned: Mission
) -> None:
    """Warn, before ``check`` lists its violations, that the roster's programme is not
    the one the agenda was planned with: its meetings are checked against the
    roster's slots, and nine "does not start on a slot" lines named no setting (a
    programme tester changed meeting_minutes 25 to 30)."""

    def shown(m: Mission, key: str) -> str:
        value = getattr(m, key)
        if key == "breaks":
            return ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in value) or "none"
        return f"{value:%H:%M}" if isinstance(value, time) else str(value)

    differ = [
        f"{key} {shown(mission, key)} in {roster.name}, {shown(planned, key)} in the agenda"
        for key in _PROGRAMME
        if getattr(mission, key) != getattr(planned, key)
    ]
    if differ:
        log.warning(
            "the roster's programme is not the one %s was planned with (%s): its meetings "
            "are checked against the roster's times; plan again to follow the roster",
            agenda_path.name,
            "; ".join(differ),
        )


#: The rules an agenda answers for without its roster (docs/report.md): a pair met
#: twice, an unknown company or a time off the programme (H1), a company in more
#: meetings at once than its delegates (H2), a table used twice or beyond the
#: mission's (H4).
AGENDA_ALONE_RULES = ("H1", "H2", "H4")


def _agenda_alone(agenda: Agenda) -> Instance:
    """The instance an agenda gives without its roster: its mission, its companies, and
    each pair it lists among them as a request."""
    known = {c.id for c in (*agenda.exporters, *agenda.buyers)}
    requests = {p.key: revived_request(p) for p in agenda.meetings if set(p.key) <= known}
    return Instance(agenda.mission, agenda.exporters, agenda.buyers, tuple(requests.values()))


def agenda_conflicts(agenda: Agenda) -> list[Violation]:
    """What an agenda edited by hand breaks on its own (:data:`AGENDA_ALONE_RULES`),
    re-checked by the validator with the agenda's companies and mission; [] for one as
    ``plan`` wrote it (validated then). ``report`` wrote a hand-edited agenda that sent
    a company to two meetings at once without a word (an audit)."""
    if not edited_by_hand(agenda):
        return []
    instance = _agenda_alone(agenda)
    recorded = summary_horizon(agenda.summary, agenda.mission.timezone)
    if recorded is not None:  # the record before it, as plan wrote it (``tables_at``)
        instance = instance.replace(held=written_before(agenda, recorded))
    schedule, off_grid = schedule_from_agenda(instance, agenda)
    # with the rows of the meetings named, as check gives them (report's H2 and H4 gave
    # the companies and the time alone; a hand-editing tester)
    found = _located(off_grid, agenda, instance) + _with_rows(validate(instance, schedule), agenda)
    return [v for v in found if v.rule in AGENDA_ALONE_RULES]


def _warn_hand_edits_at_unavailable_times(agenda_path: Path, agenda: Agenda) -> None:
    """Warn of meetings moved or typed into the agenda by hand at a time one of their
    companies, or the mission (a day closed to all), is unavailable by the agenda's own
    ``Unavailability`` sheet (H3, which ``report`` does not refuse: the roster may have
    changed since). A meeting moved onto a day closed to all was sent beside "Other
    commitments: excursion 09:00-17:00" without a word (a programme tester). Only rows
    plan did not write: a frozen meeting kept though its company was declared away is
    plan's doing, and said when it planned."""
    if not edited_by_hand(agenda) or not agenda.unavailability:
        return
    written = {(p.key, p.day, p.start) for p in agenda.as_written or ()}
    typed = {p.key for p in agenda.meetings if (p.key, p.day, p.start) not in written}
    if not typed:
        return
    instance = _agenda_alone(agenda).replace(unavailability=agenda.unavailability)
    schedule, _ = schedule_from_agenda(instance, agenda)
    for v in _with_rows(validate(instance, schedule), agenda):
        if v.rule == "H3" and set(v.meetings) & typed:
            log.warning(
                "%s, edited by hand: %s: the company agendas show the meeting beside it "
                "(check the agenda, or plan again to re-plan it)",
                agenda_path, v.message,
            )  # fmt: skip


def report(
    agenda_path: Path,
    out_dir: Path,
    *,
    companies: Sequence[str] = (),
    formats: Sequence[str] | str | None = None,
    lang: str | None = None,
    changed_since: Path | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    now: datetime | None = None,
) -> ReportOutcome:
    """Per-company agendas, calendars and PDFs from an agenda workbook (docs/report.md,
    :func:`~asmex_sched.io.report_files.write_reports`), refused when the agenda,
    edited by hand, double-books (:func:`agenda_conflicts`); warned of a hand edit at a
    time a company or the mission is unavailable."""

    if now is not None and changed_since is None:  # silently ignored before (a reader)
        log.warning(
            "--now is the time of a mailing with --changed-since (for its changes whose "
            "time has passed): without it, ignored; a full report writes every meeting"
        )

    def conflicts(agenda: Agenda) -> list[Violation]:
        found = agenda_conflicts(agenda)
        if not found:  # (refused otherwise: those are what to correct first)
            _warn_hand_edits_at_unavailable_times(Path(agenda_path), agenda)
        return found

    return write_reports(
        agenda_path, out_dir, companies=companies, formats=formats, lang=lang,
        changed_since=changed_since, on_progress=on_progress, conflicts=conflicts, now=now,
    )  # fmt: skip


def template(path: Path, *, force: bool = False) -> Path:
    """Write an empty roster workbook."""
    write_template(Path(path), overwrite=force)
    return Path(path)
