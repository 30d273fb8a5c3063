"""Use cases as plain functions: plan (and re-plan), check, report, template.

The CLI calls these and only turns their results and errors into terminal
output and exit codes; nothing here prints or exits. Order of a ``plan`` run:

1. read and validate the roster (bad input:
   :class:`~asmex_sched.errors.InputError`, nothing written);
2. take the lock beside the output (another run:
   :class:`~asmex_sched.errors.LockedError`);
3. read the existing agenda as the baseline (unless ``fresh``); if the roster
   and options are unchanged since it was made, stop: nothing to do;
4. pin frozen and locked meetings, solve, validate independently
   (:class:`~asmex_sched.errors.InvalidPlanError` if any rule is broken: nothing
   written);
5. copy the previous agenda to ``agenda-history/`` and write the new one atomically.

The package, one concern a module: :mod:`.planning` (``plan``), :mod:`.checking`
(``check``, ``report``, ``template``), :mod:`.baseline` (a re-plan's previous agenda
against today's roster: refusals and warnings), :mod:`.hand_edits` (the coordinator's
edits of the agenda), :mod:`.summary` (the Summary sheet's figures), :mod:`.files`
(the lock, the history copies, the log folder), :mod:`.agenda_schedule` (an agenda
read as a schedule of the roster).
"""

from asmex_sched.io.report_files import ReportOutcome
from asmex_sched.model.solve import (
    SPEND_TOLERANCE,
    TRADE_FAIR_PIPELINE,
    Progress,
    ProgressFn,
    SolveOptions,
)
from asmex_sched.report import summary_horizon, summary_planned_at, summary_tier
from asmex_sched.services.agenda_schedule import all_served, least_served, schedule_from_agenda
from asmex_sched.services.checking import (
    AGENDA_ALONE_RULES,
    CheckOutcome,
    agenda_conflicts,
    check,
    report,
    template,
)
from asmex_sched.services.files import agenda_lock, log_folder, written_note
from asmex_sched.services.hand_edits import same_firm, typed_in
from asmex_sched.services.planning import PlanOutcome, plan
from asmex_sched.services.summary import (
    DETAILS_ONLY,
    MISSION_SHEET_ONLY,
    OLDER_VERSION_ONLY,
    SUMMARY_BOOLS,
    SUMMARY_FLOATS,
    SUMMARY_INTS,
    build_summary,
    change_counts,
    companies_affected,
    fewest_held,
    fewest_in_agenda,
    fewest_text,
    level_bound_text,
    mission_local,
    mission_now,
    nothing_left_to_plan,
    options_hash,
    typed_day,
    typed_summary,
    written_before,
)

__all__ = [
    "AGENDA_ALONE_RULES",
    "DETAILS_ONLY",
    "MISSION_SHEET_ONLY",
    "OLDER_VERSION_ONLY",
    "SUMMARY_BOOLS",
    "SUMMARY_FLOATS",
    "SUMMARY_INTS",
    "SPEND_TOLERANCE",
    "TRADE_FAIR_PIPELINE",
    "CheckOutcome",
    "PlanOutcome",
    "Progress",
    "ProgressFn",
    "ReportOutcome",
    "SolveOptions",
    "agenda_conflicts",
    "agenda_lock",
    "all_served",
    "build_summary",
    "change_counts",
    "companies_affected",
    "check",
    "fewest_held",
    "fewest_in_agenda",
    "fewest_text",
    "level_bound_text",
    "least_served",
    "log_folder",
    "mission_local",
    "mission_now",
    "nothing_left_to_plan",
    "options_hash",
    "plan",
    "report",
    "same_firm",
    "schedule_from_agenda",
    "summary_horizon",
    "summary_planned_at",
    "summary_tier",
    "template",
    "typed_day",
    "typed_in",
    "typed_summary",
    "written_before",
    "written_note",
]
