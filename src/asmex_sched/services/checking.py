"""``check`` (an agenda against its roster, every rule), ``report`` (per-company agendas,
refused on an agenda that double-books) and ``template``.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time
from pathlib import Path

from asmex_sched.domain import Agenda, Instance, Mission, Score, Side, edited_by_hand
from asmex_sched.io.agenda import read_agenda
from asmex_sched.io.report_files import ReportOutcome, write_reports
from asmex_sched.io.roster import read_roster
from asmex_sched.io.template import write_template
from asmex_sched.replan import met_under_former_ids, pins, revived_request, with_record
from asmex_sched.report import planned_at, summary_horizon
from asmex_sched.services.agenda_schedule import (
    _located,
    _without_met,
    least_served,
    schedule_from_agenda,
)
from asmex_sched.services.baseline import _clock_changes_held, _refuse_unknown_ids
from asmex_sched.services.files import refuse_a_workbook_for_the_folder
from asmex_sched.services.hand_edits import typed_in
from asmex_sched.services.summary import fewest_in_agenda, nothing_left_to_plan, written_before
from asmex_sched.validate import Violation, score, validate

log = logging.getLogger("asmex_sched")


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


def _left_the_roster(
    violations: Sequence[Violation], agenda: Agenda, instance: Instance
) -> list[Violation]:
    """H1 about a meeting with a company the agenda lists and the roster no longer has,
    said so, under its name: a buyer removed from the roster mid-mission was "KE-017
    (unknown company) is not a buyer" (after a first plan), or "this pair is not a
    requested meeting" (after a re-plan), to a French coordinator previewing the re-plan.
    Any other rule's message names it under its name, not "(unknown company)"."""
    listed = {c.id: c for c in (*agenda.exporters, *agenda.buyers)}
    gone = {cid for cid in listed if cid not in instance.companies or cid in instance.departed}
    out = []
    for v in violations:
        message = v.message
        # any rule: a table clash with its meeting read "KE-034 (unknown company)" (the
        # second reader)
        for cid in sorted(gone):
            message = message.replace(f"{cid} (unknown company)", f"{cid} ({listed[cid].name})")
        for cid in dict.fromkeys(v.companies if v.rule == "H1" else ()):
            if cid not in gone:
                continue
            named = f"{cid} ({listed[cid].name})"
            left = f"{named} is no longer in the roster (it left the mission, or its id changed)"
            side = "an exporter" if listed[cid].side == Side.EXPORTER else "a buyer"
            message = message.replace(f"{named} is not {side}", left)
            if message.endswith(_NOT_REQUESTED):
                message = message.removesuffix(_NOT_REQUESTED) + left
        out.append(replace(v, message=message) if message != v.message else v)
    return out


#: The end of validate's H1 message about a pair nobody requests.
_NOT_REQUESTED = "this pair is not a requested meeting"


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
        _left_the_roster(validate(rules, schedule), agenda, instance), agenda
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
    jobs: int | None = 1,
    wait: float = 0.0,
) -> ReportOutcome:
    """Per-company agendas, calendars and PDFs from an agenda workbook (docs/report.md,
    :func:`~asmex_sched.io.report_files.write_reports`), refused when the agenda,
    edited by hand, double-books (:func:`agenda_conflicts`); warned of a hand edit at a
    time a company or the mission is unavailable."""
    refuse_a_workbook_for_the_folder(Path(out_dir))
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
        jobs=jobs, wait=wait,
    )  # fmt: skip


def template(path: Path, *, force: bool = False) -> Path:
    """Write an empty roster workbook."""
    write_template(Path(path), overwrite=force)
    return Path(path)
