"""The planning pipeline's settings: the time budget and how its steps share and
spend it, the sizes that choose the stage-1 pipeline and its names, the tiers'
names, :class:`SolveOptions` and the :class:`Progress` events a run reports
(docs/model.md, docs/performance.md).

Each setting is read from the globals of the module whose code uses it
(:mod:`asmex_sched.model.run`, :mod:`~asmex_sched.model.tiers` or
:mod:`~asmex_sched.model.solve`, which import it from here): a test that changes one
sets it on that module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from asmex_sched.domain import Instance

#: Session index given to published meetings whose time is no longer on the grid.
OFF_GRID = -1

#: Share of the time budget given to each step. S4's is small: started from
#: the exchange compaction (selection.compact_buyers) its solve found no better
#: plan on the six small benchmark missions in 4-6 deterministic seconds (one
#: half-day fewer on the make demo example in 3), and what it does not use goes
#: to slotting (stage 2). It runs without presolve, so that it takes its hint at
#: once; should it still end without a solution, the compaction runs on slots
#: after slotting.
BUDGET_SHARES = {
    "S1a": 0.2,
    "S2": 0.3,
    "S2b": 0.05,
    "S1b": 0.1,
    "S3": 0.05,
    "S4": 0.02,
    "stage2": 0.25,
}
#: Deterministic time one CP-SAT worker does per wall-clock second on the
#: slower of the 2-core machines measured (mission-sized models: the S2 solve
#: of a small mission 0.47, the S4 and slotting solves 0.2-0.4 on an Intel Xeon;
#: 0.9 on an AMD EPYC), so that the wall-clock nets do not bite there and the
#: plan does not depend on the load; on the faster machine a run ends well
#: before its time limit. See docs/performance.md.
DTIME_PER_SECOND = 0.45
#: ``stage1_pipeline`` of a mission small enough for the tier solves alone.
TIER_SOLVES_PIPELINE = "tier solves (CP-SAT)"
#: ``stage1_pipeline`` of a mid-size mission (docs/model.md, "Mid-size missions").
MID_SIZE_PIPELINE = "tier solves (CP-SAT) from the local searches' plan"
#: ``stage1_pipeline`` of a trade-fair-size mission (docs/model.md, "Trade-fair size"):
#: no tier solve; ``tier_S1a``'s bound is a maximum flow's, over every plan.
TRADE_FAIR_PIPELINE = "local search on slots"
#: The stage-1 tiers' names, as reported in the Summary.
TIER_NAMES = {
    "S1a": "worst-off exporter (meetings)",
    "S2": "weighted value of held requests",
    "S2b": "meetings held",
    "S1b": "exporters above the worst-off level",
    "S3": "changes to the published agenda (stage 1)",
    "S4": "buyers' half-days on site",
}
#: Above this many (request, half-day) pairs, stage 1 is done by local search
#: only (the trade fair has 144 000; the Nairobi mission about 5 000).
LARGE_STAGE1 = 50_000
#: Between this many pairs and LARGE_STAGE1, the stage-1 solves start from the
#: local searches' plan (docs/performance.md, "Between the benchmark sizes"):
#: from the greedy plan they fall behind the local searches on some missions of
#: that size and ahead on others. The local searches are not budgeted; the
#: solves get 1 - HINTED_LOCAL_SHARE of what is left of the time limit once a
#: reserve for them is taken off (HINTED_RESERVE_S_PER_PAIR; solve.hinted_budget).
HINTED_STAGE1 = 12_000
HINTED_LOCAL_SHARE = 0.25
#: ... converted at this rate: their models did 0.65-0.75 deterministic time per
#: second on the AMD EPYC (measured on 40 x 120 to 150 x 450 missions), below
#: 0.9 there; halved like DTIME_PER_SECOND (not measured per model on the Xeon,
#: where the five mid-size rosters then reached no wall-clock net at 60 s), 0.3.
#: Session 59, on the AMD EPYC of that day: 0.15-0.34 per tier solve on the
#: 150 x 450 roster (S1a 2.40 in 8.6 s, S2 2.34 in 6.9 s, S4 0.20 in 1.3 s), stage 1
#: ending near its wall share, and 3 of 9 runs of that roster met a net at 60 s
#: (the same plan each time); at 0.25, none of 10 runs of the five rosters, with the
#: same plans and tier bounds and 8-10 s less wall (docs/performance.md).
HINTED_DTIME_PER_SECOND = 0.25
#: The seconds per (request, half-day) pair taken off the time limit before that
#: share, a deterministic estimate of the start and the local searches, which run
#: before the tier solves within the stage-1 wall share (the nets count from the start
#: of the call): on the AMD EPYC of session 60 they took 4.8-7.5 s on the 150 x 450
#: roster (39 194 pairs, 0.12-0.19 ms per pair, 6 runs), and its tier solves met
#: their net on 4 of 4 runs at 60 s; with 0.2 ms per pair (7.8 s), on none of 5, the
#: same plan (docs/performance.md, "Between the benchmark sizes").
HINTED_RESERVE_S_PER_PAIR = 0.0002
#: On such instances stage 2 (slotting, then the idle-slot refinement) gets this
#: share of the budget (the rest covers the greedy plan, the local searches, repair
#: and fill and closing idle slots; the LP and flow bounds are computed after the
#: plan there, outside the limit) ...
LARGE_STAGE2_SHARE = 0.8
#: ... converted at this rate: a 1 500-meeting half-day model does about half
#: the deterministic time per second of a mission-sized one (measured on the
#: AMD EPYC at 0.5; halved like DTIME_PER_SECOND, not measured per model on the
#: Xeon, where trade fair seeds 1-3 then reached no wall-clock net).
LARGE_DTIME_PER_SECOND = 0.25
#: Stage 2 gets at most what is left of the time limit after this many seconds per
#: (request, half-day) pair, a deterministic estimate of the steps that are not
#: budgeted (the local searches, repair and fill, closing idle slots, building the
#: slotting models): on the AMD EPYC they took 31-38 s of a 60 s run on the trade
#: fair (142 000 pairs, seed 10401), so that 80 % of 60 s for stage 2 and the
#: refinement after it met the run's wall-clock net on one run of three
#: (docs/model.md, "Trade-fair size"). 0.3 ms per pair reserves 43 s there.
LARGE_RESERVE_S_PER_PAIR = 0.0003
#: Stage 2's share of the time (what stage 1 left) is converted to deterministic
#: time at this rate per thread: slotting a Nairobi half-day of ~150 meetings
#: does 0.25-0.28 deterministic s per second on the Intel Xeon, against the
#: 0.45 of stage 1's models, and three such half-days on two threads take two
#: rounds. Converted at DTIME_PER_SECOND, stage 2 ran to 28-30 s of a 30 s
#: limit on Nairobi seed 1, a breath from the run's wall-clock net.
STAGE2_DTIME_PER_SECOND = 0.25
#: Stage 2 runs a second pass on the half-days it did not prove, when the others
#: left at least this much deterministic time unused.
SECOND_PASS_MIN_DTIME = 0.5
#: The idle-slot refinement after slotting (slotting.refine_buyer_gaps) runs on
#: what stage 2 left of its budget when that is at least this much.
REFINE_MIN_DTIME = 0.1
#: Half-days slotted side by side (the reference machine has 2 cores).
STAGE2_THREADS = 2
#: Week re-slotting (slotting.place_week), when stage 2 could not place what stage 1
#: chose and the repair lost fairness or value: at least this deterministic budget,
#: or WEEK_RESLOT_SHARE of what stage 2 left if more; the whole week up to
#: WEEK_RESLOT_MAX_LITERALS (request, candidate slot) pairs, a few seconds' model, a
#: neighbourhood of it above (docs/model.md, stage 2).
WEEK_RESLOT_MIN_DTIME = 1.0
#: ... and not when less than this many seconds are left before the run's deadline
#: (the run then says ``wall_clock_hit``: the clock decided).
WEEK_RESLOT_MIN_WALL = 0.5
WEEK_RESLOT_SHARE = 0.5
WEEK_RESLOT_MAX_LITERALS = 60_000
#: Above it, neighbourhoods of the week of at most this many literals are chosen and
#: placed again (slotting.week_neighbourhood). On a hunter's 100-company roster
#: (78 000 literals, worst-off 12 after repair where stage 1 had 15), one of 20 000
#: reached 14 in 1 deterministic s; one of 60 000, or the whole week, stayed at 12.
WEEK_NEIGHBOURHOOD_LITERALS = 20_000
#: ... in three steps (a quarter, half, all of it); a step is not started on less
#: deterministic time than this.
WEEK_STEP_MIN_DTIME = 0.02
#: A CP-SAT step stops at STEP_WALL_SLACK x its deterministic budget converted
#: to seconds (+1 s): a safety net for a busy machine, loose enough not to bite
#: when another process shares the cores (the run's own limit still holds).
STEP_WALL_SLACK = 2.5
#: The whole run stops at WALL_SLACK x the time limit whatever happens.
WALL_SLACK = 1.0
#: A stage-1 tier solve is not started with this many seconds or fewer left of stage
#: 1's share of the wall clock once a wall-clock net has stopped a step (the run says
#: ``wall_clock_hit`` already): its tier keeps the last plan's figure, as a solve that
#: found nothing does. Started anyway, each solve ran on its 1 s minimum net plus its
#: model's load: on a 150 x 450 mission at --time-limit 30 the four tiers after S1a
#: ran about 7 s past the share (docs/performance.md, session 61). Without a net so
#: far a solve still runs: it may end on its deterministic budget within its net.
STAGE1_SOLVE_MIN_WALL = 0.0
#: Below this deterministic budget for S1a (a --time-limit under about 25 s), the
#: stage-1 tier solves run without presolve, as S4 does: their hints are complete,
#: and on a 40 x 100 mission presolve alone took the whole 1.2 deterministic seconds
#: S1a gets at 10 s, so that every tier ended without a solution and the plan was the
#: greedy's (a checker's audit). Measured (session 22, docs/performance.md "Short
#: time limits"): at 10, 15 and 20 s the worst-off level was never lower without
#: presolve and higher on 11 of 18 runs; at 30 s the same plans. Not on the mid-size
#: path, where the tier solves only take the hint without presolve. Above it, a solve
#: that presolve leaves without a solution is run again without it, and so are the
#: later stage-1 solves (session 27; the mid-size path too, where presolve took every
#: tier's budget: ``stage1_presolve_off_after``).
LEAN_STAGE1_DTIME = 3.0
#: ... times pairs / LEAN_STAGE1_PAIRS on missions of more (request, half-day) pairs:
#: presolve's cost grows with the model. A hunter's 100-company rosters (8 100-11 900
#: pairs, `cpsat` path) at 30 s: S1a got 3.5 deterministic s, presolve took them all on
#: 17 of 17 and the solve ran again without it (about 29 % of the run's budget, which
#: stage 2 then lacked); at 60 s (7 s) presolve left it a solution.
LEAN_STAGE1_PAIRS = 6_000


#: ``SolveOptions.spend_tolerance``'s values, the default first (``plan
#: --spend-tolerance`` offers these).
SPEND_TOLERANCE = ("when-needed", "always")


@dataclass(frozen=True)
class SolveOptions:
    """Caller-tunable solver settings.

    ``time_limit`` is the total budget in seconds; it is split between the
    steps as deterministic time, which on the reference machine is close to
    wall-clock seconds.
    """

    time_limit: float = 60.0
    workers: int = 1
    seed: int = 0
    interleave: bool = False
    #: Fairness (S1a) may cost at most this share of the greedy plan's value:
    #: stage 1 keeps ``S2 >= (1 - value_tolerance) x greedy value``.
    value_tolerance: float = 0.01
    #: When the tolerance is spent (docs/model.md, "Floors"): "when-needed", only
    #: where no plan holding the greedy plan's whole value gives the worst-off
    #: exporter at least twice the greedy plan's worst-off level (and more than
    #: it); "always", wherever it lifts the worst-off level.
    spend_tolerance: str = SPEND_TOLERANCE[0]
    #: Stage-1 pipeline: "auto" (by size, :func:`stage1_path`), or one forced
    #: ("cpsat", "hinted", "local"; benchmarks compare them).
    stage1: str = "auto"


@dataclass(frozen=True)
class Progress:
    """A progress event for live display."""

    stage: str
    objective: float | None
    bound: float | None
    elapsed: float
    detail: str = ""


ProgressFn = Callable[[Progress], None]


def stage1_pairs(instance: Instance) -> int:
    """Size of the stage-1 model: (request, half-day) pairs where the request can be held."""
    session_of_slot = {s.index: s.session for s in instance.slots}
    return sum(
        len({session_of_slot[s] for s in instance.candidates[r.key]}) for r in instance.requests
    )
