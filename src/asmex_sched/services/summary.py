"""The agenda's Summary sheet: its figures and hashes, as written and as read back, and
the mission's clock (``mission_now``, ``mission_local``).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from asmex_sched import __version__
from asmex_sched.domain import (
    PLAN_CHANGE_KINDS,
    Agenda,
    Change,
    Instance,
    Mission,
    PublishedMeeting,
    Schedule,
    Score,
    SolveResult,
    SolveStatus,
    TierReport,
    already_held,
    fingerprint,
    local_iso,
    meetings_hash,
    mission_hash,
)
from asmex_sched.greedy import greedy_schedule
from asmex_sched.io.agenda import (
    AGENDA_FORMAT,
    history_copies,
    mission_as_read,
    mission_written_text,
    read_agenda_summary,
)
from asmex_sched.io.roster import parse_date
from asmex_sched.model.solve import (
    MID_SIZE_PIPELINE,
    TIER_NAMES,
    TIER_SOLVES_PIPELINE,
    TRADE_FAIR_PIPELINE,
    SolveOptions,
)
from asmex_sched.report import (
    carried_calendar_id,
    new_calendar_id,
    summary_field,
    summary_tier,
    tier_text,
)
from asmex_sched.services.agenda_schedule import all_served, least_served
from asmex_sched.validate import score

log = logging.getLogger("asmex_sched")


def _summary_int(summary: Mapping[str, object], key: str) -> int | None:
    """A Summary figure as a whole number; ``None`` when empty, or a cell edited by hand
    that is not one (the two bounds :func:`level_bound_text` reads parsed it alike,
    each in its own try)."""
    try:
        return int(str(summary.get(key) or ""))
    except ValueError:
        return None


def level_bound_text(summary: Mapping[str, object]) -> str | None:
    """The worst-off level's bounds as ``plan`` prints them: ``tier_S1a``'s, and, where
    the trade-fair path capped the level to keep the greedy plan's value, the bound among
    the plans holding it (``worst_off_bound_at_greedy_value``). ``None`` where the
    Summary has no S1a bound (or one below the plan's level, or text edited by hand),
    where every exporter holds all its requests allow (the level is then the largest
    cap, not a level to bound), and off the trade-fair path without a ``value_floor``.

    Each is said with the plans it covers (docs/model.md, "Bounds and gap"): on the
    trade-fair path, and wherever it is the flows' (``worst_off_bound_any_plan``), every
    plan (a maximum flow's); otherwise, on the tier solves' paths, the plans
    that keep this run's floors (``value_floor``, and the meetings of the greedy plan
    the run starts from: the priority-first plan, which a re-plan builds with the
    published meetings first), which stage 1 is a relaxation of."""
    tier = summary_tier(summary, "S1a")
    # Every exporter at what its requests allow: the level is then the largest cap, and
    # "at most 23 (this plan reaches it)" read as a level the plan's row words away (a
    # second reader). A bound under the plan's own level says nothing true either.
    if tier is None or tier.bound is None or tier.value > tier.bound:
        return None
    if all_served(str(summary.get("least_served_exporter") or "")):
        return None

    def where(bound: int) -> str:
        below = bound - tier.value
        return "this plan reaches it" if below <= 0 else f"this plan is {below} below it"

    # A re-plan's floors are at most its greedy plan's, which places the published
    # meetings first (model.run._floors: the lower of that plan's and the roster's): the
    # text's claim then covers fewer plans than the proof does, never more. The table's
    # "priority-first plan" row (a first plan's) is not that plan.
    greedy = (
        "the priority-first plan"
        if summary.get("priority_first_meetings") not in (None, "")
        else "the priority-first plan with the published meetings placed first"
    )
    floor = summary.get("value_floor")
    # the flows' bound, over every plan (empty before session 68, or edited)
    any_plan = _summary_int(summary, "worst_off_bound_any_plan")
    if summary.get("stage1_pipeline") == TRADE_FAIR_PIPELINE or any_plan == tier.bound:
        # tier_S1a's bound is the flows' where tighter (model.run.result): it then holds
        # for every plan, not only those keeping the floors (the row said less than true)
        plans = "any plan"
    elif floor in (None, ""):
        return None  # the tier solves' bound holds under the floors: none to name
    else:
        plans = f"any plan holding a value of at least {floor} and as many meetings as {greedy}"
    announced = _summary_int(summary, "worst_off_announced")
    if announced is not None and tier.value >= announced and plans != "any plan":
        # A re-plan held the announced level and lifted above it only without more
        # changes: its bound covers the plans as stable, and the bound of any plan is
        # said beside it ("at most 9" alone, beside a flows' bound of 10, read as no
        # plan higher: a QA tester's re-plan; docs/model.md, "When re-planning").
        text = (
            f"{plans} and changing no more announced meetings: at most {tier.bound} "
            f"({where(tier.bound)}); the announced level, {announced}, is kept"
        )
        if any_plan is not None and any_plan > tier.bound:
            text += (
                f"; any plan: at most {any_plan}, moving announced meetings (a re-plan "
                "does not lift the level above the announced one at their cost)"
            )
        return text
    text = f"{plans}: at most {tier.bound} ({where(tier.bound)})"
    level = _summary_int(summary, "worst_off_bound_at_greedy_value")
    if level is None:  # empty, or a cell edited by hand
        return text
    return (
        f"{text}; any plan holding at least the value of {greedy}: at most {level} "
        f"({where(level)})"
    )


#: The Summary's figures of the run that planned an agenda's meetings, carried to an
#: agenda written again with the same meetings (contacts, a Mission sheet typed over,
#: an older version's agenda: :func:`kept_figures`).
KEPT_FIGURES = (
    "value_bound_fair_plans", "stage1_pipeline", "stage1_plan_kept",
    "worst_off_capped_for_value", "worst_off_bound_at_greedy_value",
    "worst_off_bound_any_plan", "worst_off_announced", "time_limit", "threads", "seed",
    "value_floor",
)  # fmt: skip


def kept_tiers(baseline: Mapping[str, object]) -> tuple[TierReport, ...]:
    """The tiers of the run that planned the meetings an agenda written again keeps
    (``plan``'s details-only path), as its Summary says them, in its order; S3 at 0,
    proven (this run moves nothing). A rewrite that planned nothing cleared them, and
    the table and Summary read "feasible (not every tier proven ...)" beside the same
    meetings (a second reader, session 68). Its figures still hold: the same meetings,
    the same planning instance but for a later horizon, whose plans are among those
    the proof covered. A tier text not as ``plan`` writes it is left out."""
    out = []
    for key in baseline:
        if not re.fullmatch(r"tier_S\d\w*", key):
            continue
        rule = key.removeprefix("tier_")
        name = TIER_NAMES.get(rule, rule)  # (S5's is the run's, not in TIER_NAMES)
        if rule == "S3":
            out.append(TierReport(rule, name, 0, 0, True))
            continue
        figures = summary_tier(baseline, rule)
        if figures is not None:
            out.append(TierReport(rule, name, figures.value, figures.bound, figures.optimal))
    return tuple(out)


def matching_tiers(result: SolveResult, final: Score) -> SolveResult:
    """``result`` with only the tiers whose figure is ``final``'s (:func:`kept_tiers`);
    feasible, not optimal, when one is left out."""
    figures = {"S1a": final.worst_off, "S1b": final.next_worst, "S2": final.value,
               "S2b": final.meetings, "S3": final.changes, "S4": final.buyer_half_days,
               "S5": final.buyer_gaps}  # fmt: skip
    tiers = tuple(t for t in result.tiers if figures.get(t.rule) == t.value)
    if tiers == result.tiers:
        return result
    return replace(result, tiers=tiers, status=SolveStatus.FEASIBLE)


def kept_figures(
    baseline: Mapping[str, object], summary: Mapping[str, object]
) -> dict[str, object]:
    """:data:`KEPT_FIGURES` from the agenda's Summary where the new one has none (see
    :func:`kept_tiers`)."""
    return {
        k: baseline[k]
        for k in KEPT_FIGURES
        if k in summary and summary[k] in (None, "") and baseline.get(k) not in (None, "")
    }


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


def written_figures(summary: Mapping[str, object]) -> str:
    """The plan's figures for the log line of an agenda written: ``512 meetings, 98% of
    524 requests; fewest an exporter holds: MA-001, 9; weighted value 3064, 0.97%
    below the bound of any plan``. A cron log said "512 meetings" alone, so a re-plan
    that left an exporter with 2 read as any other (a coordinator's tester)."""
    meetings, requests = int(summary["meetings"]), int(summary["requests"])  # type: ignore[call-overload]
    text = f"{meetings} meetings"
    if requests:
        text += f", {meetings / requests:.0%} of {requests} requests"
    if fewest := str(summary.get("fewest_meetings_exporter") or ""):
        cid, _, n = fewest.rpartition(": ")
        text += f"; fewest an exporter holds: {cid}, {n}"
    text += f"; weighted value {summary['weighted_value']}"
    if (gap := summary.get("gap")) is not None:
        text += f", {float(gap):.2%} below the bound of any plan"  # type: ignore[arg-type]
    return text


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


def companies_affected(n: int) -> str:
    """``1 company affected``, ``3 companies affected``: the changes line's count ("1
    companies affected", an outside reader)."""
    return f"{n} {'company' if n == 1 else 'companies'} affected"


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
            # only when not the default: agendas planned before the option keep their hash
            **(
                {"spend_tolerance": options.spend_tolerance}
                if options.spend_tolerance != SolveOptions.spend_tolerance
                else {}
            ),
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


#: The Summary's ``fallback`` of a re-plan over an agenda whose Mission sheet was edited
#: by hand, the roster and options unchanged: rewritten with the roster's Mission.
MISSION_SHEET_ONLY = (
    "the agenda's Mission sheet edited by hand, the roster and options unchanged: "
    "rewritten with the roster's Mission, the published meetings kept, not re-solved"
)


def mission_now(instance: Instance) -> datetime:
    """The current time in the mission's timezone, as a naive datetime."""
    return datetime.now(ZoneInfo(instance.mission.timezone)).replace(tzinfo=None, microsecond=0)


def typed_day(text: str) -> date:
    """A day as the roster's date cells take it (``mardi 11 novembre 2025``, ``le
    11/11/2025``), for ``--now``: ``ValueError`` saying why not. The long French date
    the roster took was refused there (a French-speaking coordinator's tester)."""
    return parse_date(text)


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


def _warn_budget(
    summary: Mapping[str, object], reports: Sequence[TierReport], lost_after: object = None
) -> None:
    """The plan's budget warnings, as log warnings: printed by the CLI alone, they
    reached neither ``--quiet``'s stderr (cron's mail) nor ``--log-file``, and a
    re-plan whose stability tier (S3) found nothing in 5 s moved 23 announced
    meetings without a word (a cron week's tester). ``reports``: the run's tiers;
    ``lost_after``: the worst-off level stage 1 proved, when the final plan holds less
    (the run's ``worst_off_lost_after_stage1``), else ``None``."""
    tiers = [t.strip() for t in str(summary.get("tiers_without_solution") or "").split(",")]
    tiers = [t for t in tiers if t]
    named = ", ".join(f"{t} ({TIER_NAMES[t]})" if t in TIER_NAMES else t for t in tiers)
    if tiers and summary.get("stage1_pipeline") == MID_SIZE_PIPELINE and "S3" not in tiers:
        # Expected there, whatever the limit (docs/performance.md, "mid-size missions":
        # the tier solves seldom improve the local searches' plan within a minute): it
        # was mailed by every cron run, advising a larger limit that does not help (a
        # cron week's tester).
        log.info(
            "tiers without a solution: %s, as usual at this size (the tier solves seldom "
            "improve the local searches' plan); the plan is valid",
            named,
        )
    elif tiers and summary.get("wall_clock_hit"):
        # The clock stopped a step too: "a larger --time-limit gives a better one"
        # beside the clock's warning, which names the machine, read as two
        # contradicting pieces of advice (a reader).
        log.warning(
            "tiers without a solution: %s, and the clock stopped a solver step early "
            "(below); the plan is valid, but a less busy machine or a larger --time-limit "
            "may give a better one%s",
            named,
            " (and move fewer announced meetings)" if "S3" in tiers else "",
        )
    elif tiers:
        log.warning(
            "the time limit was short for this roster: tiers without a solution: %s; "
            "the plan is valid, but a larger --time-limit gives a better one%s",
            named,
            " (and moves fewer announced meetings)" if "S3" in tiers else "",
        )
    unproven = _unproven_level(summary, reports)
    if unproven is not None and isinstance(lost_after, int):
        # Stage 1 proved the level: placing its meetings in time slots (or the greedy
        # plan kept, Summary fallback) lost it, not the time limit (a reader).
        log.warning(
            "the worst-off level (S1a) is %d, below the %d the selection of meetings by "
            "half-day proved: placing them in time slots lost some (a half-day's hours, "
            "tables and interpreters bind tighter slot by slot; Summary unplaced_repaired "
            "and fallback), and the slots may not allow %d: a larger --time-limit may not "
            "help",
            unproven[0], lost_after, lost_after,
        )  # fmt: skip
    elif unproven is not None:
        # An outside tester's 150 x 60 mission at --time-limit 10 left an exporter with
        # no meeting (level 0, bound 12; 2 at 20 s) and nothing pointed to the limit.
        # Only where the tier solves are expected to prove it: at mid and trade-fair
        # sizes it is seldom proven, whatever the limit (docs/performance.md).
        log.warning(
            "the worst-off level (S1a) is %d, not proven: plans may exist where every "
            "exporter holds up to %d meetings (or all its requests allow); a larger "
            "--time-limit may find one",
            *unproven,
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


def _unproven_level(
    summary: Mapping[str, object], tiers: Sequence[TierReport]
) -> tuple[int, int] | None:
    """The worst-off level and its bound when the tier solves (the pipeline that is to
    prove it) left it below its bound, unproven; else ``None``."""
    if summary.get("stage1_pipeline") != TIER_SOLVES_PIPELINE:
        return None
    s1a = next((t for t in tiers if t.rule == "S1a"), None)
    if s1a is None or s1a.optimal or s1a.bound is None or s1a.value >= s1a.bound:
        return None
    return s1a.value, s1a.bound


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


#: The Summary's figures of the priority-first plan (:func:`priority_first_figures`).
PRIORITY_FIRST = (
    "priority_first_meetings",
    "priority_first_weighted_value",
    "priority_first_worst_off",
    "priority_first_least_served",
)


def no_priority_first() -> dict[str, object]:
    """The ``priority_first_*`` figures of a plan from a previous agenda: empty cells as
    :func:`typed_summary` reads them back (a figure ``None``, a text ``""``), so that
    ``--json`` prints the same whether the plan was just made or read from the agenda."""
    return typed_summary(dict.fromkeys(PRIORITY_FIRST, ""))


def priority_first_figures(instance: Instance) -> dict[str, object]:
    """What the same roster gives planned the way matchmaking platforms document it:
    every request by priority (a request both sides made first: by decreasing weight)
    at its first free slot, fixed meetings first (the
    priority-first plan of ``greedy.py``: for a plan without a previous agenda, the
    one its floors and ``--value-tolerance`` refer to, and the benchmarks' greedy
    peer), scored as the plan is: meetings, weighted value (S2), worst-off level (S1a)
    and its least-served exporter, as ``least_served_exporter`` says it. The figures a
    coordinator quotes beside the plan's."""
    schedule = greedy_schedule(instance)
    first = score(instance, schedule)
    return dict(
        zip(
            PRIORITY_FIRST,
            (first.meetings, first.value, first.worst_off, least_served(instance, schedule)),
            strict=True,
        )
    )


def build_summary(
    instance: Instance,
    result: SolveResult,
    final: Score,
    input_hash: str,
    when: datetime,
    n_pinned: int,
    changes: tuple[Change, ...],
    priority_first: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """The ``Summary`` sheet, in order (also what ``--json`` prints). ``priority_first``:
    :func:`priority_first_figures`, for a plan without a previous agenda (a first or
    ``--fresh`` plan); empty otherwise (a plan from a previous agenda is measured
    against the agenda sent: ``changes``)."""
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
        **(priority_first or no_priority_first()),
        "changes_cost": final.changes,
        "changes": len(changes),
        "pinned_meetings": n_pinned,
        "status": result.status.value,
    }
    for t in result.tiers:
        # S3's tier is stage 1's count by half-day; changes_cost is the whole S3
        out[f"tier_{t.rule}"] = tier_text(
            t.rule, t.value, t.bound, t.optimal,
            by_half_day=t.rule == "S3" and final.changes != t.value,
        )  # fmt: skip
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
            # Where that cap left the level below tier_S1a's bound (any plan): the bound
            # among plans holding the greedy's value (an LP per level, docs/model.md).
            "worst_off_bound_at_greedy_value": result.params.get(
                "worst_off_bound_at_greedy_value"
            ),
            # The flows' bound on the level of any plan (model.bound.worst_off_bound):
            # where tier_S1a's bound is it, plan's table says it covers any plan.
            "worst_off_bound_any_plan": result.params.get("worst_off_bound_any_plan"),
            # A re-plan's announced level (model.run.announced_level): kept, and lifted
            # above only as far as that changes no more announced meetings, so that
            # tier_S1a's bound there covers the plans as stable (docs/model.md).
            "worst_off_announced": result.params.get("worst_off_announced"),
            "solve_seconds": round(result.wall_time, 2),
            "time_limit": result.params.get("time_limit"),
            "threads": result.params.get("workers"),
            "seed": result.params.get("seed"),
            "value_floor": result.params.get("value_floor"),
            # Whether fairness spent the tolerance (docs/model.md, "Floors"): false when
            # a plan at the greedy plan's whole value doubles its worst-off level.
            "value_tolerance_spent": result.params.get("value_tolerance_spent"),
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
            # The Mission sheet as written: a setting typed over there was reverted by
            # the next re-plan without a word, or sent by report (a tester, session 67).
            "mission_hash": mission_hash(mission_as_read(m)),
            # ... and every setting as written: the hash alone did not tell what plan
            # wrote once a setting the Summary does not record above was typed over (a
            # re-check tester, session 67: meeting_minutes typed, 512 meetings "moved").
            "mission_written": mission_written_text(mission_as_read(m)),
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
    "buyer_half_days buyer_idle_slots priority_first_meetings priority_first_weighted_value "
    "priority_first_worst_off changes_cost changes pinned_meetings unplaced_repaired "
    "worst_off_capped_for_value worst_off_bound_at_greedy_value worst_off_bound_any_plan "
    "worst_off_announced "
    "threads seed value_floor "
    "calendar_sequence agenda_format".split()
)
SUMMARY_FLOATS = frozenset("share_of_requests gap solve_seconds time_limit".split())
SUMMARY_BOOLS = frozenset("wall_clock_hit stage1_plan_kept value_tolerance_spent".split())


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
