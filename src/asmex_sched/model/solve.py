"""The planning pipeline: greedy hint -> stage 1 (tiers) -> stage 2 (per session) -> repair.

Determinism: CP-SAT runs with one worker (deterministic; on these models it
proves the tiers several times faster than two interleaved workers, see
docs/performance.md), a fixed seed and a *deterministic* time budget per step
(``max_deterministic_time``), so the same input gives the same plan on every
run and machine load does not change the result. A
wall-clock limit is kept only as a safety net; if it ever bites, the result
is flagged (``params['wall_clock_hit']``) because it may then vary.

The pipeline's modules in the ``model`` package, each importing only those listed
before it (``tiers`` names ``_Run`` in annotations only):

- :mod:`.budgets`: the time budget's settings (``BUDGET_SHARES``,
  ``DTIME_PER_SECOND``, the ``WEEK_*`` and ``*_SLACK`` settings...), the stage-1
  pipelines' sizes and names, ``TIER_NAMES``, :class:`SolveOptions`,
  :class:`Progress` and ``stage1_pairs``;
- :mod:`.tiers`: stage 1's CP-SAT tier solves (``_TierSolves``), ``objective_order``,
  the tiers' bounds and CP-SAT's log read as progress (``_LogProgress``);
- :mod:`.run`: one run's phases (``_Run``) and the helpers only they use;
- this module: :func:`solve`, the choice of the stage-1 pipeline (:func:`stage1_path`)
  and ``_solve_path``; the names other modules and the tests use are re-exported here.

A setting or function is looked up in the globals of the module whose code reads it:
a test that changes one sets it there (``run.DTIME_PER_SECOND``, ``run.place_session``,
``tiers.LEAN_STAGE1_DTIME``, ``run.WALL_SLACK`` and ``tiers.WALL_SLACK``,
``solve.LARGE_STAGE1``, ``solve.HINTED_RESERVE_S_PER_PAIR``), not on a module that only
re-exports it.
"""

from __future__ import annotations

import time as _time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, time

from asmex_sched.domain import (
    FixedMeeting,
    Instance,
    PublishedMeeting,
    SolveResult,
)
from asmex_sched.explain import requirement_conflicts
from asmex_sched.model.budgets import (
    HINTED_LOCAL_SHARE,
    HINTED_RESERVE_S_PER_PAIR,
    HINTED_STAGE1,
    LARGE_STAGE1,
    MID_SIZE_PIPELINE,
    SPEND_TOLERANCE,
    TIER_NAMES,
    TIER_SOLVES_PIPELINE,
    TRADE_FAIR_PIPELINE,
    Progress,
    ProgressFn,
    SolveOptions,
    stage1_pairs,
)
from asmex_sched.model.keys import Key
from asmex_sched.model.run import _better as _better
from asmex_sched.model.run import _floors as _floors
from asmex_sched.model.run import _home_session as _home_session
from asmex_sched.model.run import _Run, published_slots
from asmex_sched.model.tiers import _first_tier_bound as _first_tier_bound
from asmex_sched.model.tiers import _LogProgress as _LogProgress
from asmex_sched.model.tiers import objective_order

__all__ = [
    "MID_SIZE_PIPELINE",
    "TIER_NAMES",
    "TIER_SOLVES_PIPELINE",
    "TRADE_FAIR_PIPELINE",
    "Progress",
    "ProgressFn",
    "SPEND_TOLERANCE",
    "SolveOptions",
    "hinted_budget",
    "objective_order",
    "published_slots",
    "solve",
    "stage1_pairs",
    "stage1_path",
]


def stage1_path(instance: Instance) -> str:
    """Which stage-1 pipeline runs: ``"cpsat"`` (the tier solves from the greedy
    plan), ``"local"`` (local searches on slots only) or ``"hinted"`` (the local
    searches, then the tier solves from their plan)."""
    return _path_of(stage1_pairs(instance))


def _path_of(pairs: int) -> str:
    """:func:`stage1_path` of a mission of ``pairs`` (request, half-day) pairs."""
    if pairs > LARGE_STAGE1:
        return "local"
    if pairs > HINTED_STAGE1:
        return "hinted"
    return "cpsat"


def hinted_budget(time_limit: float, pairs: int) -> float:
    """The mid-size path's budget for the tier solves and stage 2, in seconds (the
    solver's parameters say it: ``hinted_budget_seconds``).

    ``1 - HINTED_LOCAL_SHARE`` of what is left of the time limit once a reserve for the
    start and the local searches is taken off: they run before the tier solves, within
    the stage-1 wall share, and are not budgeted. The reserve is estimated from the size
    (``HINTED_RESERVE_S_PER_PAIR`` per (request, half-day) pair), so that the budget is
    the same on every machine. Never below half of that share of the whole limit (a
    short limit on a large mission): stage 2, which
    places the chosen meetings in time slots, draws on the same budget, and the tier
    solves must still take their hint (the trade-fair path's reserve, on stage 2's
    budget alone, may leave it nothing: no tier solve runs there)."""
    share = 1 - HINTED_LOCAL_SHARE
    return max(time_limit * share / 2, (time_limit - HINTED_RESERVE_S_PER_PAIR * pairs) * share)


def solve(
    instance: Instance,
    options: SolveOptions | None = None,
    *,
    pinned: Sequence[FixedMeeting] = (),
    baseline: Sequence[PublishedMeeting] = (),
    earlier: Mapping[Key, tuple[date, time, int]] | None = None,
    spent_before: bool | None = None,
    level_before: int | None = None,
    on_progress: ProgressFn | None = None,
) -> SolveResult:
    """Plan the mission.

    Small missions run the stage-1 tier solves, trade-fair-sized ones the local
    searches on slots; in between the tier solves start from the local searches'
    plan (:func:`stage1_path`). Arguments and result as :func:`_solve_path`.
    """
    opts = options or SolveOptions()
    if (instance.pinned or instance.horizon is not None) and tuple(pinned) != instance.pinned:
        # The instance's candidate slots let its pins sit before the horizon (H9);
        # the ``pinned`` argument is what H8 holds in place: they must be the same.
        raise ValueError("pinned must be the instance's pins (replan.planning_instance)")
    t0 = _time.monotonic()
    pairs = stage1_pairs(instance)  # once: 0.1-0.4 s at the larger sizes
    path = _path_of(pairs) if opts.stage1 == "auto" else opts.stage1
    if path not in ("cpsat", "hinted", "local"):
        raise ValueError(f"unknown stage-1 pipeline {opts.stage1!r}")
    if opts.spend_tolerance not in SPEND_TOLERANCE:
        raise ValueError(f"unknown spend_tolerance {opts.spend_tolerance!r}")
    if path != "hinted":
        return _solve_path(
            instance, opts, pinned=pinned, baseline=baseline, on_progress=on_progress,
            stage1=path, wall_start=t0, wall_limit=opts.time_limit, earlier=earlier or {},
            spent_before=spent_before, level_before=level_before, pairs=pairs,
        )  # fmt: skip
    # Mid-size: the local searches (not budgeted, a few seconds) run first and
    # the stage-1 solves start from their plan, on the rest of the budget less a
    # reserve for those searches (:func:`hinted_budget`).
    # When their lift leaves the worst-off level where the priority-first plan has it,
    # the tier solves start from that plan instead, as below the range (``switch``;
    # the default only: a pipeline forced by ``stage1`` runs as it is).
    return _solve_path(
        instance, replace(opts, time_limit=hinted_budget(opts.time_limit, pairs)),
        pinned=pinned, baseline=baseline, on_progress=on_progress, stage1="hinted",
        wall_start=t0, wall_limit=opts.time_limit, earlier=earlier or {},
        spent_before=spent_before, level_before=level_before, pairs=pairs,
        switch=opts.stage1 == "auto",
    )  # fmt: skip


def _solve_path(
    instance: Instance,
    opts: SolveOptions,
    *,
    pinned: Sequence[FixedMeeting],
    baseline: Sequence[PublishedMeeting],
    on_progress: ProgressFn | None,
    stage1: str,
    wall_start: float,
    wall_limit: float,
    earlier: Mapping[Key, tuple[date, time, int]],
    spent_before: bool | None = None,
    level_before: int | None = None,
    pairs: int,
    switch: bool = False,
    mid_size_budget: bool = False,
) -> SolveResult:
    """Plan the mission with one stage-1 pipeline (``stage1``: see :func:`stage1_path`).

    ``opts.time_limit`` is this run's deterministic budget; its wall-clock
    safety nets end ``wall_limit`` seconds after ``wall_start``.

    Parameters
    ----------
    instance
        The roster.
    opts
        Time budget, workers, seed.
    pinned
        Meetings that must stay exactly where they are (re-planning: frozen or
        locked); treated like the roster's fixed meetings (rule H8).
    baseline
        The published agenda; the plan then minimises changes to it (S3) and
        starts from it.
    earlier
        Pair -> (day, start, table) of the meetings the published agenda's own re-plan
        cancelled: booked again (a mistaken absence undone), each goes back to that
        time and table where a free slot or a move allows (the restore pass, tables),
        and stays there as an announced one does; not counted in S3.
    level_before
        The worst-off level the published agenda's Summary announced
        (``worst_off_exporter``; ``None``: not known): the announced level a re-plan
        holds is at least it (:func:`~asmex_sched.model.run.announced_level`).
    spent_before
        Whether the published agenda's plan spent the value tolerance (its Summary's
        ``value_tolerance_spent``; ``None``: not known). A re-plan keeps that choice
        rather than decide again (docs/model.md, "Floors"): decided again on a
        planning instance whose horizon changed the greedy plan's worst-off level, it
        could lift the level the announced agenda was planned at, and move meetings
        for it.
    pairs
        The instance's ``stage1_pairs``, counted once by :func:`solve` (the size the
        path, the mid-size budget, the trade-fair reserve and the presolve threshold
        are set from).
    on_progress
        Called with :class:`Progress` events (from solver threads).

    Returns
    -------
    SolveResult
        ``INFEASIBLE`` with a message when fixed/pinned meetings conflict;
        ``UNKNOWN`` only when not even the greedy plan exists (never, in practice).
    """
    run = _Run(
        instance, opts, pinned=pinned, baseline=baseline, on_progress=on_progress,
        stage1=stage1, wall_start=wall_start, wall_limit=wall_limit, earlier=earlier,
        spent_before=spent_before, level_before=level_before, pairs=pairs,
        mid_size_budget=mid_size_budget,
    )  # fmt: skip
    conflicts = requirement_conflicts(instance, pinned)
    if conflicts:
        return run.infeasible(conflicts)
    run.start()  # the greedy plan (hint and fallback), the LP bound (not at trade-fair
    # size: after the plan, in result()), the floors
    # Stage 1: which meetings in which half-day.
    if stage1 in ("local", "hinted"):
        run.local_searches()
    if stage1 == "hinted" and switch and run.lift_stalled():
        # Mid-size: the local searches left the worst-off level at the priority-first
        # plan's. Started from their plan, the tier solves seldom lift it (the solve
        # with presolve finds nothing in its budget, the one without keeps the hint):
        # on three 100 x 300 Nairobi-grid rosters just above 12 000 pairs the plan
        # held 15, 9 and 10 where the tier solves from the priority-first plan, as
        # below this range, reach 16, 13 and 18 (the flows' bound: 18, 13, 18) in
        # 22-29 s of 60 (a 100-company tester; docs/performance.md, "Mid-size:
        # Nairobi-grid rosters just above 12 000 pairs"). Where the searches lift it
        # (the trade-fair grids, 12 to 26 on 40 x 120), their plan stays the start.
        # On this path's budget and rate (``mid_size_budget``): at the small path's,
        # models of this size met the wall-clock nets of a loaded machine above 15 000
        # pairs, so the plan depended on the load (a second reader: 19 107 pairs, 60 s,
        # one busy process beside it); on this budget the three rosters above still
        # reach 13 and 18. The nets count from the same start, the searches included.
        result = _solve_path(
            instance, opts, pinned=pinned, baseline=baseline, on_progress=on_progress,
            stage1="cpsat", wall_start=wall_start, wall_limit=wall_limit, earlier=earlier,
            spent_before=spent_before, level_before=level_before, pairs=pairs,
            mid_size_budget=True,
        )  # fmt: skip
        return replace(
            result, params={**result.params, "stage1_unlifted": run.greedy_level}
        )
    if run.large:
        run.stage1_of_local_plan()
    else:
        run.stage1_tier_solves()
    run.slot_half_days()  # stage 2: slots and tables, half-day by half-day
    run.repair_and_fill()
    run.reslot_week()
    run.restore_announced()
    run.keep_local_plan_if_ahead()
    run.compact_on_slots()
    run.close_and_choose()  # idle slots closed; the solver's, local or greedy plan
    run.refine_idle_slots()
    run.earlier_half_days()  # S6
    run.published_times_free()  # re-planning: announced meetings whose time is free, back
    return run.result()
