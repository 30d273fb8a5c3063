"""One run of the planning pipeline (:class:`_Run`): its phases, from the greedy plan
through stage 1 (the tier solves of :mod:`asmex_sched.model.tiers` or the local
searches), stage 2 (half-day by half-day), the repairs and the week's re-slotting, to
the result; and the helpers only it uses.
"""

from __future__ import annotations

import logging
import math
import time as _time
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date, time

import ortools

from asmex_sched.domain import (
    CHANGE_COST_MOVED,
    CHANGE_COST_TABLE,
    FixedMeeting,
    Instance,
    PublishedMeeting,
    Schedule,
    Score,
    SolveResult,
    SolveStatus,
    TierReport,
)
from asmex_sched.greedy import (
    Occupancy,
    greedy_order,
    greedy_slots,
    hold_cancelled_published,
    hold_free_published,
    restore_published_slots,
    schedule_from_slots,
)
from asmex_sched.model import selection as sel
from asmex_sched.model.bound import (
    value_lp,
    value_lp_bound,
    worst_off_bound,
    worst_off_bound_at_value,
)
from asmex_sched.model.budgets import (
    DTIME_PER_SECOND,
    HINTED_DTIME_PER_SECOND,
    LARGE_DTIME_PER_SECOND,
    LARGE_RESERVE_S_PER_PAIR,
    LARGE_STAGE2_SHARE,
    OFF_GRID,
    REFINE_MIN_DTIME,
    SECOND_PASS_MIN_DTIME,
    STAGE2_DTIME_PER_SECOND,
    STAGE2_THREADS,
    STEP_WALL_SLACK,
    TIER_NAMES,
    TRADE_FAIR_PIPELINE,
    WALL_SLACK,
    WEEK_NEIGHBOURHOOD_LITERALS,
    WEEK_RESLOT_MAX_LITERALS,
    WEEK_RESLOT_MIN_DTIME,
    WEEK_RESLOT_MIN_WALL,
    WEEK_RESLOT_SHARE,
    WEEK_STEP_MIN_DTIME,
    Progress,
    ProgressFn,
    SolveOptions,
)
from asmex_sched.model.keys import Key
from asmex_sched.model.slotting import (
    Refinement,
    SessionPlacement,
    count_gaps,
    place_session,
    place_week,
    refine_buyer_gaps,
    week_neighbourhood,
)
from asmex_sched.model.tiers import (
    _tier_bound,
    _TierSolves,
    objective_order,
)

log = logging.getLogger(__name__)


def published_slots(instance: Instance, baseline: Sequence[PublishedMeeting]) -> dict[Key, int]:
    """Published pair -> slot index on the current grid, for pairs still requested."""
    out: dict[Key, int] = {}
    for p in baseline:
        slot = instance.slot_of(p.day, p.start)
        if slot is not None and p.key in instance.request_by_key:
            out[p.key] = slot.index
    return out


def _floors(
    instance: Instance,
    greedy_meetings: int,
    greedy_value: int,
    tolerance: float,
    *,
    anchored: bool,
    roster: Mapping[Key, int] | None = None,
    lp_bound: int | None = None,
    bounded: bool = False,
) -> tuple[int, int]:
    """The two floors (meetings, value) every plan keeps (docs/model.md, "Floors").

    ``greedy_meetings`` and ``greedy_value`` are the figures of this run's greedy
    plan, the witness that keeps both floors (so they never make planning
    infeasible). Fresh plan: never fewer meetings than it, and fairness may cost
    at most ``tolerance`` of its value. When that plan is ``anchored`` (started
    from the published agenda, or around pinned meetings) the floors are the
    roster's own greedy plan's (``roster``, else :func:`_roster_greedy` here), capped
    at the witness's figures. Measured
    before: floors taken from the published-first greedy plan moved with each
    re-plan (each could spend another ``tolerance`` on fairness), and a re-plan
    of an unchanged roster moved or dropped published meetings on 6 of 20
    random missions to lift the worst-off exporter under the lower floor.

    With ``bounded``, the value floor is also never below ``(1 - tolerance) x`` the LP
    bound on the value of any plan of this instance (``lp_bound``: with its horizon
    and pins when re-planning, as the roster's greedy plan is), as far as the greedy
    plan reaches it: fairness then costs at most ``tolerance`` of the best
    value possible, not of the greedy's, so the plan's gap to the LP bound is at most
    ``tolerance`` whenever the greedy plan's is (the Nairobi target's "within 1 %
    overall"). A greedy plan 0.2 % below the bound let a plan sit 1.2 % below it.
    """

    def floors_of(meetings: int, value: int, bound: int | None) -> tuple[int, int]:
        floor = math.ceil(round((1 - tolerance) * value, 6))
        if bound is not None:  # reachable: at most the greedy plan's own value
            floor = max(floor, min(value, math.ceil(round((1 - tolerance) * bound, 6))))
        return meetings, floor

    own = floors_of(greedy_meetings, greedy_value, lp_bound if bounded else None)
    if not anchored:
        return own
    if roster is None:
        roster = _roster_greedy(instance)
    # The bound of this instance, horizon included, as the roster's greedy plan here. A
    # bound without the horizon counted past times: mid-mission it stood above what
    # can still be held, the floor rose to the whole greedy value, and a late exporter
    # got no meeting (a second reader).
    roster_floors = floors_of(
        len(roster), sel.plan_value(instance, roster), lp_bound if bounded else None
    )
    return min(roster_floors[0], greedy_meetings), min(roster_floors[1], greedy_value)


def _roster_greedy(instance: Instance) -> dict[Key, int]:
    """The roster's own greedy plan (fixed meetings first, then every request by
    priority; no published agenda, no pins): the floors' plan when re-planning."""
    return {k: s for k, s in greedy_slots(instance).items() if k in instance.request_by_key}


def doubling_level(greedy_worst_off: int) -> int:
    """The worst-off level that keeps the tolerance unspent (docs/model.md, "Floors"):
    at least twice the greedy plan's, and above it (a greedy plan leaving an exporter
    with none is not doubled by a plan that does the same)."""
    return max(2 * greedy_worst_off, greedy_worst_off + 1)


def _home_session(instance: Instance, day: date, start: time) -> int | None:
    """The half-day a meeting announced at ``start`` on ``day``, a time that is no
    longer a slot, belongs to: the morning or afternoon of that day (by the half-day
    boundary) if it still has slots, else the half-day of the day's slot starting
    nearest ``start`` (the later of two as near); None when the day has no slot left."""
    # Half-days are numbered 2 x day index (morning) and + 1 (afternoon): domain.Slot.
    morning = 2 * (day - instance.mission.first_day).days
    own = morning if start < instance.mission.half_day_boundary else morning + 1
    sessions = instance.sessions
    if own in sessions:
        return own
    on_day = [s for h in (morning, morning + 1) for s in sessions.get(h, ())]
    if not on_day:
        return None
    minutes = start.hour * 60 + start.minute
    nearest = min(
        on_day, key=lambda s: (abs(s.start.hour * 60 + s.start.minute - minutes), s.start < start)
    )
    return nearest.session


class _Run:
    """The state one run of the pipeline shares between its phases.

    Set once by :meth:`start` (the roster, the options, the published agenda and the
    required meetings by slot and half-day, the greedy plan, the LP bound, the
    floors); then each phase reads and updates the plan so far, the deterministic
    time left (``dtime_left``, spent step by step: what a step that finished early
    leaves goes to the steps after it), the tier reports, ``params`` (the run's
    figures for the Summary) and the flags ``all_optimal`` and ``wall_hit``.
    Module-level settings (``DTIME_PER_SECOND``, ``BUDGET_SHARES``...) are read when
    a phase runs, not copied, so that tests can set them.
    """

    def __init__(
        self,
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
        mid_size_budget: bool = False,
    ):
        self.instance, self.opts = instance, opts
        # :meth:`announced_back`'s last plan asked and answer
        self._announced_back_memo: tuple[tuple, dict[Key, int]] | None = None
        # The mid-size path's rate for a run of another pipeline within its budget
        # (the tier solves from the greedy plan where the local lift stalls, solve.py)
        self.mid_size_budget = stage1 == "hinted" or mid_size_budget
        self.pairs = pairs  # stage1_pairs(instance), counted once by solve()
        self.spent_before = spent_before
        self.level_before = level_before
        self.pinned, self.baseline, self.earlier = pinned, baseline, earlier
        self.on_progress, self.stage1 = on_progress, stage1
        self.t0, self.wall_limit = wall_start, wall_limit
        # Wall seconds of the trade-fair path's fairness probes (local_searches): on top
        # of the time limit, so the wall-clock nets after them are moved by as much.
        self.probe_seconds = 0.0
        self.params: dict[str, object] = {
            "time_limit": wall_limit,
            "workers": opts.workers,
            "seed": opts.seed,
        }
        if self.mid_size_budget:  # the seconds its tier solves and stage 2 are budgeted on
            self.params["hinted_budget_seconds"] = round(opts.time_limit, 2)
        self.version = ortools.__version__

    def progress(self, stage: str) -> None:
        """Tell the live display that ``stage`` starts."""
        if self.on_progress:
            self.on_progress(Progress(stage, None, None, _time.monotonic() - self.t0))

    def infeasible(self, conflicts: list[str]) -> SolveResult:
        """The result when fixed or pinned meetings cannot all hold (nothing solved)."""
        return SolveResult(
            SolveStatus.INFEASIBLE,
            Schedule(),
            None,
            wall_time=_time.monotonic() - self.t0,
            params=self.params,
            solver_version=self.version,
            message="; ".join(conflicts),
        )

    # ------------------------------------------------------------- set-up
    def start(self) -> None:
        """The published agenda and the required meetings on the current grid, the
        greedy plan (stage 1's hint, and the fallback every later phase is measured
        against), the LP bound and the two floors.

        First, because every phase after it starts from the greedy plan or keeps its
        floors, which the greedy plan itself keeps (so they are always feasible).
        """
        instance, opts, baseline, earlier = self.instance, self.opts, self.baseline, self.earlier
        pinned, stage1 = self.pinned, self.stage1
        published = published_slots(instance, baseline)
        published_tables = {
            p.key: (published[p.key], p.table) for p in baseline if p.key in published
        }
        # Booked again after the last re-plan cancelled them: back where they were, when
        # that costs no meeting (a mistaken absence undone shuffled two companies' times,
        # a mission-week tester).
        earlier_tables = {
            k: (slot.index, table)
            for k, (day, start, table) in sorted(earlier.items())
            if k not in published and k in instance.request_by_key
            and (slot := instance.slot_of(day, start)) is not None
            and slot.index in instance.candidates[k]
        }  # fmt: skip
        earlier_slots = {k: s for k, (s, _) in earlier_tables.items()}
        session_of_slot = {s.index: s.session for s in instance.slots}
        required: dict[Key, int] = {}
        for f in (*instance.fixed, *pinned):
            slot = instance.slot_of(f.day, f.start)
            if slot is not None:
                required[f.key] = slot.index

        # ---- greedy: hint and fallback
        greedy = greedy_slots(instance, pinned, start=published)
        self.progress("greedy")
        # Trade-fair size: no step uses the LP bound to plan (the floors are the greedy
        # plan's there, and no tier solve runs), so it is computed after the plan, in
        # result(), as the flow bound is: 7-10 s at that size, which counted against
        # the wall-clock net of the budgeted steps (at the default 60 s the net then
        # stopped the last of them on 1 run of 2 on the AMD EPYC: plans that varied).
        lp_bound = value_lp_bound(instance) if stage1 != "local" else None

        # ---- stage 1
        required_sessions = {k: session_of_slot[s] for k, s in required.items()}
        cand_sessions = {
            r.key: {session_of_slot[s] for s in instance.candidates[r.key]}
            for r in instance.requests
        }
        hint = {
            k: session_of_slot[s]
            for k, s in greedy.items()
            if session_of_slot[s] in cand_sessions.get(k, ())
        }
        budget = opts.time_limit
        self.wall_hit = False
        self.tiers: list[TierReport] = []
        self.all_optimal = True
        # Deterministic time not used by a step that finished early (proven optimal)
        # goes to the steps after it, in proportion to their shares.
        self.dtime_rate = HINTED_DTIME_PER_SECOND if self.mid_size_budget else DTIME_PER_SECOND
        self.dtime_left = budget * self.dtime_rate
        published_sessions = {k: session_of_slot[s] for k, s in published.items()}
        # Published at a time that is no longer a slot (the day's start, the meetings'
        # length or a break changed): it must move (2 in S3 wherever it goes). Its *home*
        # is its half-day, where it is brought back after slotting when a slot there is
        # free (selection.bring_home, in closed() below), and where the S4 and S6 passes
        # leave it. Every half-day was as good for it: with meetings shortened to 25
        # minutes, 125 of 365 meetings went to another day, some days earlier than
        # announced (a venue tester).
        home: dict[Key, int] = {}
        for p in baseline:
            if p.key in instance.request_by_key and p.key not in published:
                published_sessions[p.key] = OFF_GRID
                h = _home_session(instance, p.day, p.start)
                if h is not None:
                    home[p.key] = h
        # Floors against the greedy plan (which keeps both, so they are always
        # feasible): never fewer meetings, and fairness may cost at most
        # ``value_tolerance`` of its value. Without the value floor, lifting the
        # worst-off exporter can trade away several percent of the value that the
        # coordinator's priorities express; with 1 % the worst-off level on the
        # benchmarks equals its maximum over all plans (docs/performance.md).
        greedy_value = sel.plan_value(instance, hint)
        # the roster's greedy plan, once, when the floors are its (below)
        roster = _roster_greedy(instance) if published or pinned else None
        # Trade-fair size ("local") keeps the greedy plan's value whatever the tolerance
        # (below): the bound would only narrow the local searches' lifting budget.
        meetings_floor, value_floor = _floors(
            instance, len(hint), greedy_value, opts.value_tolerance,
            anchored=roster is not None, roster=roster, lp_bound=lp_bound,
            bounded=stage1 != "local",
        )  # fmt: skip
        self.params["meetings_floor"] = meetings_floor
        self.params["value_floor"] = value_floor
        # The tolerance is spent only when needed (docs/model.md, "Floors"): the
        # tier solves first look for a worst-off level at least twice the greedy
        # plan's among the plans holding its whole value (``strict_floor``), and
        # lower the floor to ``value_floor`` only when none reaches it.
        self.strict_floor: int | None = None
        self.doubling_level = 0
        if (
            opts.spend_tolerance == "when-needed"
            and stage1 != "local"  # the trade-fair path keeps the greedy's value anyway
        ):
            strict_floor = _floors(
                instance, len(hint), greedy_value, 0.0, anchored=roster is not None,
                roster=roster, lp_bound=lp_bound, bounded=True,
            )[1]  # fmt: skip
            if baseline and self.spent_before is not None:
                # A re-plan keeps the published agenda's choice (solve(spent_before)),
                # and says it even where the floors coincide, so that the next re-plan
                # keeps it too (a second reader: an empty answer let it decide again).
                self.params["value_tolerance_spent"] = self.spent_before
                if not self.spent_before and strict_floor > value_floor:
                    value_floor = strict_floor
                    self.params["value_floor"] = value_floor
            elif strict_floor > value_floor:
                # the floors' plan: the roster's greedy plan, or this run's
                floors_plan = greedy if roster is None else roster
                if strict_floor < sel.plan_value(instance, floors_plan):
                    # The floors are capped at what a plan around the announced or pinned
                    # meetings holds, below the roster's greedy value: no plan here holds
                    # that whole value (a re-plan deciding again took the cap for it and
                    # said "not spent" where the first plan had spent it; a test).
                    self.params["value_tolerance_spent"] = True
                else:
                    self.strict_floor = strict_floor
                    self.doubling_level = doubling_level(
                        sel.plan_worst_off(instance, floors_plan)
                    )
                    self.params["doubling_level"] = self.doubling_level
        # pair -> session in the latest stage-1 solution; it starts from the greedy
        # plan with its worst-off exporters lifted by a local search within the value
        # floor (selection.lift_start: published meetings give their place only where
        # that reaches a higher worst-off level).
        self.keep = {**{k: session_of_slot[s] for k, s in published.items()}, **required_sessions}
        # Each exporter's meetings in the agenda sent (the lift past it: who is owed some).
        self.announced = Counter(p.key[0] for p in baseline if p.key[0] in instance.companies)
        self.announced_level = announced_level(instance, self.announced, self.level_before)
        if self.announced_level is not None:
            self.params["worst_off_announced"] = self.announced_level
        self.large = stage1 == "local"
        # Slots stage 2 starts from: the greedy plan's, or the local searches' plan.
        self.preferred_slots: dict[Key, int] = dict(greedy)
        # The local searches' plan (on slots), when they run ("local", "hinted").
        self.local_plan: dict[Key, int] | None = None
        # The unlimited first-plan lift's plan at each level it reached, and its own
        # (``lifted``: the trade fair's fairness probes read them; freed after them)
        self.lift_levels: tuple[dict[int, dict[Key, int]], dict[Key, int]] | None = None
        self.keep_slots = {**published, **required}
        self.published, self.published_tables = published, published_tables
        self.earlier_tables, self.earlier_slots = earlier_tables, earlier_slots
        self.session_of_slot, self.required = session_of_slot, required
        self.greedy, self.lp_bound, self.budget = greedy, lp_bound, budget
        self.required_sessions, self.hint = required_sessions, hint
        self.published_sessions, self.home = published_sessions, home
        self.greedy_value = greedy_value
        self.meetings_floor, self.value_floor = meetings_floor, value_floor

    def at_home(self, plan: Mapping[Key, int], on_slots: bool) -> dict[Key, int]:
        """``plan``'s announced meetings whose time left the programme, held in their
        home half-day: the passes that move meetings to other half-days (S4, S6) leave
        them there, as they leave announced ones."""
        session_of_slot = self.session_of_slot

        def half_day(p: int) -> int:
            return session_of_slot[p] if on_slots else p

        return {
            k: plan[k] for k, h in sorted(self.home.items()) if k in plan and half_day(plan[k]) == h
        }

    # ---------------------------------------------- stage 1: local searches
    def lifted(self, up_to: int | None, evict: bool) -> dict[Key, int]:
        """The greedy plan lifted (up to a worst-off level), then upgraded;
        ``evict``: announced meetings may give their place (selection.lift_start).

        Buyers' half-days are compacted before the upgrade: an upgrade that
        first fills the free tables leaves no room to empty half-days (trade
        fair seed 2: 3 994 half-days instead of 2 800, for the same value)."""
        instance, keep_slots = self.instance, self.keep_slots
        held = self.announced_level
        if evict and held is not None and (up_to is None or up_to > held):
            # Announced meetings give their place up to the announced level only; above
            # it the lift keeps those still at their time (docs/model.md, "When
            # re-planning": a level above the announced one is taken only as far as it
            # needs no more changes).
            plan = sel.lift_start(
                instance, self.greedy, keep_slots, self.required, self.value_floor, True,
                load_type=sel.SlotLoad, up_to=held, announced=self.announced,
            )  # fmt: skip
            still = {k: s for k, s in keep_slots.items() if plan.get(k) == s}
            plan = sel.lift_start(
                instance, plan, still, self.required, self.value_floor, False,
                load_type=sel.SlotLoad, up_to=up_to,
            )  # fmt: skip
        elif up_to is not None and not evict and self.lift_levels is not None:
            # a fairness probe: the unlimited lift (run first) passed through its
            # level, so its plan there is this lift's (the same plan, not run again)
            plan = sel.lift_up_to(*self.lift_levels, up_to)
        else:
            # recorded where the probes may read it: a first plan at trade-fair size
            levels: dict[int, dict[Key, int]] | None = {} if self.large and not evict else None
            plan = sel.lift_start(
                instance, self.greedy, keep_slots, self.required, self.value_floor, evict,
                load_type=sel.SlotLoad, up_to=up_to, announced=self.announced,
                anyone=self.large, levels=levels,
            )  # fmt: skip
            if up_to is None and levels is not None:
                self.lift_levels = (levels, plan)
        plan = sel.compact_buyers(instance, plan, keep_slots, load_type=sel.SlotLoad)
        return sel.upgrade_value(instance, plan, keep_slots, load_type=sel.SlotLoad)

    def local_searches(self) -> None:
        """Stage 1 by local searches on slots ("local", "hinted"): the greedy plan with
        its worst-off exporters lifted, upgraded and compacted (``local_plan``).

        Before any tier solve, because on the mid-size path they start from this plan;
        stage 2 starts from its slots."""
        instance, params = self.instance, self.params
        large, greedy, greedy_value = self.large, self.greedy, self.greedy_value
        lifted = self.lifted
        # the live display said "greedy plan" all along (a second reader)
        self.progress("local")
        # Trade-fair size: the stage-1 solves do not improve on the local
        # searches within minutes (docs/performance.md), so stage 1 is the local
        # searches alone, run on the slots themselves (every per-slot rule kept:
        # a session-level plan of a full half-day can be unpackable), and
        # CP-SAT's time goes to the per-half-day slotting (S5). Mid-size
        # ("hinted"): their plan is where the stage-1 solves start from.

        # Re-planning: on the trade-fair path, where nothing is proven, announced
        # meetings may give their place to lift the worst-off level at once; on the
        # mid-size path the tier solves start from the plan that keeps them, and the
        # evicting one is tried only when S1a is not proven from it (below, as on the
        # CP-SAT path: started from it at once, S1a lost its proof and the plan moved
        # 4 announced meetings instead of 1 for the same level and value; a reader).
        evict_now = large and bool(self.published_sessions)
        plan = lifted(None, evict_now)
        # The tier solves keep the value floor themselves: only the local path,
        # where nothing is proven, caps the level for the greedy's value.
        probes_start = _time.monotonic()
        if large and sel.plan_value(instance, plan) < greedy_value:
            # Nothing is proven on this path, so the plan must not hold less value
            # than the greedy plan: bisect for a high worst-off level whose lifted
            # and upgraded plan holds at least the greedy's value (the greedy's own
            # level always does, as the upgrade never loses value; value is not
            # always monotone in the level, so a higher one can be missed).
            # The unlimited lift's own level is a candidate too: stopped as soon
            # as it is reached, the lift has not yet paid for the failed lifts
            # above it.
            lo = sel.plan_worst_off(instance, greedy)
            hi = sel.plan_worst_off(instance, plan) + 1
            best: dict[Key, int] | None = None
            while hi - lo > 1:
                mid = (lo + hi) // 2
                self.progress(f"fairness level {mid}")
                candidate = lifted(mid, evict_now)
                if sel.plan_value(instance, candidate) >= greedy_value:
                    lo, best = mid, candidate
                else:
                    hi = mid
            plan = best if best is not None else lifted(lo, evict_now)
            params["worst_off_capped_for_value"] = lo
            # The probes are not budgeted (deterministic Python, 10-15 s each at the
            # trade fair's size, three or four of them): the time limit's wall-clock
            # net is moved by their time, not the deterministic budgets, so the plan is
            # the same on every machine. Before (session 58), trade fair seeds 3, 11
            # and 19 met the net at the default 60 s, their probes having used it up.
            self.probe_seconds = _time.monotonic() - probes_start
        plan = sel.compact_buyers(instance, plan, self.keep_slots, load_type=sel.SlotLoad)
        self.preferred_slots = self.local_plan = plan
        self.lift_levels = None  # (the probes are done: a plan per level, freed)

    @property
    def greedy_level(self) -> int:
        """The priority-first plan's worst-off level (S1a)."""
        return sel.plan_worst_off(self.instance, self.greedy)

    def lift_stalled(self) -> bool:
        """Whether the local searches left the worst-off level at the priority-first
        plan's while the flows' bound over every plan (:func:`worst_off_bound`, a
        tenth of a second at mid-size) leaves room above it (mid-size: the tier solves
        then start from that plan instead)."""
        assert self.local_plan is not None
        level = self.greedy_level
        return (
            sel.plan_worst_off(self.instance, self.local_plan) <= level
            and level < worst_off_bound(self.instance)
        )

    def stage1_of_local_plan(self) -> None:
        """Trade-fair size: stage 1 is the local searches' plan; its figures, unproven."""
        instance, published_sessions = self.instance, self.published_sessions
        local_plan = self.local_plan
        assert local_plan is not None
        self.params["stage1"] = TRADE_FAIR_PIPELINE
        last = {k: self.session_of_slot[s] for k, s in local_plan.items()}
        ev = sel.evaluate(instance, last, published_sessions)
        worst_off, value, changes, half_days = ev["S1a"], ev["S2"], ev["S3"], ev["S4"]
        next_worst = sel.evaluate(instance, last, published_sessions, worst_off)["S1b"]
        self.all_optimal = False
        found = {"S1a": worst_off, "S2": value, "S2b": len(last), "S1b": next_worst}
        if published_sessions:
            found["S3"] = changes
        found["S4"] = half_days
        self.tiers.extend(
            TierReport(r, TIER_NAMES[r], got, None, False) for r, got in found.items()
        )
        self.last = last
        self.worst_off, self.value, self.changes = worst_off, value, changes
        self.half_days, self.next_worst = half_days, next_worst

    def stage1_tier_solves(self) -> None:
        """Stage 1 by CP-SAT on half-days (:class:`_TierSolves`), then the figures of
        the plan stage 2 gets, recounted."""
        solves = _TierSolves(self)
        solves.solve()
        last = self.last = solves.last
        # The figures of the plan stage 2 gets, recounted: a later solve can raise
        # an unproven tier above the level it was kept at, and refill() adds
        # meetings after S1a (found by a second reader: the Summary could report
        # an earlier plan's figures).
        ev = sel.evaluate(self.instance, last, self.published_sessions)
        self.worst_off, self.value, self.changes, self.half_days = (
            ev["S1a"], ev["S2"], ev["S3"], ev["S4"]
        )  # fmt: skip
        self.next_worst = sel.evaluate(
            self.instance, last, self.published_sessions, self.worst_off
        )["S1b"]

    # ----------------------------------------------------- stage 2: slotting
    def place(
        self,
        h: int,
        chosen: list[Key],
        dtime: float | None = None,
        start: dict[Key, int] | None = None,
    ):
        """Slot one half-day (independent of the others: run two at a time), on its
        share of stage 2's budget, or on ``dtime`` from ``start``'s slots."""
        instance, session_of_slot = self.instance, self.session_of_slot
        stage2_total, opts = self.stage2_total, self.opts
        self.progress(f"slotting half-day {h + 1}")
        share = len(chosen) / self.n_chosen if dtime is None else dtime / max(stage2_total, 1e-9)
        # At least 0.05 deterministic s, and the wall-clock net from that (not from the
        # share alone: at trade-fair size below about 43 s the reserve leaves stage 2
        # nothing, and a 1 s net could stop a 1 500-meeting half-day's load; a reader).
        given = max(0.05, stage2_total * share)
        start = self.preferred_slots if start is None else start
        return place_session(
            instance,
            h,
            chosen,
            required={k: s for k, s in self.required.items() if session_of_slot[s] == h},
            published={k: s for k, s in self.published.items() if session_of_slot[s] == h},
            weights=self.stage2_weights,
            dtime=given,
            wall=max(
                1.0,
                min(self.deadline - _time.monotonic(), STEP_WALL_SLACK * given / self.rate + 1),
            ),
            seed=opts.seed,
            workers=opts.workers,
            interleave=opts.interleave,
            preferred={k: s for k, s in start.items() if session_of_slot[s] == h},
        )

    def slot_half_days(self) -> None:
        """Stage 2: each half-day's chosen meetings placed on slots and tables (S5),
        two half-days at a time, then a second pass on those not proven.

        After stage 1, which chose the meetings of each half-day; on what stage 1 left
        of the deterministic budget."""
        instance, params, large = self.instance, self.params, self.large
        chosen_session = self.chosen_session = dict(self.last)
        worst_off = self.worst_off
        # Stage-2 budget shared in proportion to each half-day's number of meetings
        # (the full ones are the hard ones), with a small floor.
        stage2_total = self.dtime_left / self.dtime_rate * STAGE2_DTIME_PER_SECOND
        self.n_chosen = max(1, len(chosen_session))
        # A meeting whose exporter is at (or one above) the worst-off level must be
        # placed first: losing it in slotting would undo the fairness tiers.
        held_stage1: dict[str, int] = {}
        for e, _ in chosen_session:
            held_stage1[e] = held_stage1.get(e, 0) + 1
        protect_bonus = sum(instance.weight.values()) + 1
        stage2_weights = self.stage2_weights = {
            k: w + (protect_bonus if held_stage1.get(k[0], 0) <= worst_off + 1 else 0)
            for k, w in instance.weight.items()
        }
        slots: dict[Key, int] = {}
        unplaced: list[Key] = []
        moved_within = 0
        gaps_total = 0
        self.rate = LARGE_DTIME_PER_SECOND if large else STAGE2_DTIME_PER_SECOND
        if large:  # the stage-1 solves did not run: stage 2 has the budget, less a reserve
            # for the steps that are not budgeted, estimated from the size (so the
            # same on every machine): at the default 60 s on the trade fair they take
            # more than the 20 % share leaves (LARGE_RESERVE_S_PER_PAIR).
            reserve = LARGE_RESERVE_S_PER_PAIR * self.pairs
            seconds = min(self.budget * LARGE_STAGE2_SHARE, self.budget - reserve)
            stage2_total = max(0.0, seconds) * self.rate
            params["stage2_seconds"] = round(max(0.0, seconds), 1)
        self.stage2_total = stage2_total
        self.deadline = self.t0 + self.wall_limit * WALL_SLACK + self.probe_seconds
        place = self.place

        jobs = [
            (h, sorted(k for k, hh in chosen_session.items() if hh == h)) for h in instance.sessions
        ]
        jobs = [(h, chosen) for h, chosen in jobs if chosen]
        # Each half-day's solve is deterministic on its own (one worker, its own
        # deterministic budget), so running them side by side on the machine's cores
        # changes the wall time, not the plan. Results are merged in session order.
        with ThreadPoolExecutor(max_workers=STAGE2_THREADS) as pool:
            results = list(pool.map(lambda job: (job[0], len(job[1]), place(*job)), jobs))
            # Half-days proven at once leave their budget unused: it goes to those that
            # were not proven, each starting from its own placement (deterministic: the
            # time a solve uses is), and the better of its two placements is kept.
            spare = stage2_total - sum(res.dtime for _, _, res in results)
            self.stage2_used = stage2_total - spare
            # Only half-days not proven with meetings left out, or announced meetings
            # moved, get one: their idle slots alone are closed better, per unit of
            # time, by the refinement below (Nairobi seed 1: 35 idle slots after a
            # second pass, 20 with the same time given to the refinement; docs/model.md,
            # stage 2); a proven half-day's second placement can never be kept.
            open_jobs = [
                (h, n, res)
                for h, n, res in results
                if not res.optimal and (res.unplaced or res.moved)
            ]
            # The spare time was budgeted for STAGE2_THREADS half-days side by side:
            # one half-day runs on one core, so none gets more than that core's share
            # of it (else, at the slotting models' rate, a lone or much larger open
            # half-day outlasts the budget in wall-clock time and meets the run's net;
            # second readers saw it and pointed at the unequal case).
            total_open = sum(n for _, n, _ in open_jobs)
            extra = {
                h: min(spare * n / total_open, spare / STAGE2_THREADS) for h, n, _ in open_jobs
            }
            # A first-pass solve stopped by the clock left time unused that the clock
            # does not have: no second pass then (the plan already depends on the load).
            late = any(res.wall_hit for _, _, res in results)
            if (
                not large
                and open_jobs
                and sum(extra.values()) >= SECOND_PASS_MIN_DTIME
                and not late
            ):
                chosen_of = dict(jobs)

                def again(job: tuple[int, int, SessionPlacement]) -> SessionPlacement:
                    h, _, res = job
                    return place(h, chosen_of[h], dtime=extra[h], start=res.slots)

                redone = pool.map(again, open_jobs)
                second = dict(zip([h for h, _, _ in open_jobs], redone, strict=True))
                self.stage2_used += sum(res.dtime for res in second.values())
                params["stage2_second_pass"] = len(second)
                self.wall_hit |= any(res.wall_hit for res in second.values())
                results = [
                    (h, n, res if h not in second or not _better(second[h], res, stage2_weights)
                     else second[h])
                    for h, n, res in results
                ]  # fmt: skip
        for h, n, res in results:
            log.debug(
                "stage2 h=%d chosen=%d unplaced=%d optimal=%s", h, n, len(res.unplaced),
                res.optimal,
            )  # fmt: skip
            slots.update(res.slots)
            unplaced.extend(res.unplaced)
            moved_within += res.moved
            gaps_total += res.gaps
            self.all_optimal &= res.optimal
            self.wall_hit |= res.wall_hit
        self.slots, self.unplaced = slots, unplaced
        self.moved_within, self.gaps_total = moved_within, gaps_total

    # ------------------------------------------------ figures of a slot plan
    def per_half_day(self, plan: Mapping[Key, int]) -> dict[int, dict[Key, int]]:
        """A slot plan split by half-day (every half-day, empty ones included)."""
        parts: dict[int, dict[Key, int]] = {h: {} for h in self.instance.sessions}
        for k, s in plan.items():
            parts[self.session_of_slot[s]][k] = s
        return parts

    def recount(self, plan: dict[Key, int]) -> tuple[int, int, int, int, int, int, int]:
        """All tier figures of a final plan (pair -> slot), counted in Python:
        S1a, S1b, S2, S3 (without table changes), S4, S5, moves within a half-day."""
        instance, session_of_slot = self.instance, self.session_of_slot
        published_sessions = self.published_sessions
        sess = {k: session_of_slot[s] for k, s in plan.items()}
        ev = sel.evaluate(instance, sess, published_sessions)
        s1b = sel.evaluate(instance, sess, published_sessions, ev["S1a"])["S1b"]
        gaps = sum(count_gaps(instance, h, part) for h, part in self.per_half_day(plan).items())
        within = sum(
            1
            for k, s in self.published.items()
            if k in plan and plan[k] != s and session_of_slot[plan[k]] == session_of_slot[s]
        )
        return ev["S1a"], s1b, ev["S2"], ev["S3"], ev["S4"], gaps, within

    def moved_within_half_day(self, plan: Mapping[Key, int]) -> list[Key]:
        """The announced meetings ``plan`` holds away from their time within their
        half-day (sorted): S3 counts each 2, stage 1, which counts S3 by half-day, none.
        Only those whose time is still one of their candidates: a move a company's
        absence forces cannot be undone, and the week model ran on it for nothing (a
        second reader)."""
        session_of_slot, published = self.session_of_slot, self.published
        candidates = self.instance.candidates
        return sorted(
            k
            for k, s in published.items()
            if k in plan and plan[k] != s and session_of_slot[plan[k]] == session_of_slot[s]
            and s in candidates.get(k, ())
        )  # fmt: skip

    def take(self, plan: dict[Key, int]) -> None:
        """``plan`` becomes the plan so far (no longer the solver's proven one), its
        figures recounted."""
        self.slots = plan
        self.all_optimal = False
        (
            self.worst_off, self.next_worst, self.value, self.changes, self.half_days,
            self.gaps_total, self.moved_within,
        ) = self.recount(plan)  # fmt: skip

    def full_key(self, plan: dict[Key, int]) -> tuple[int, ...]:
        """The plan's figures in the objective's whole order (stability second when
        re-planning; moves within a half-day count in S3, as in the Score), with the
        announced meetings off the grid held outside their home half-day before S4 and
        S5 (S3's tie-break, as ``selection.bring_home`` ranks it: a reader saw the
        mid-size choice take a plan with 2 of them away for fewer idle slots)."""
        s1a, s1b, s2, s3, s4, s5, within = self.recount(plan)
        # The objective's order of whole plans (the week re-slotting and the guards).
        replanning = bool(self.published_sessions)
        order = objective_order(
            s1a, s2, s1b, s3 + CHANGE_COST_MOVED * within, s4, s5, replanning=replanning,
            held=self.announced_level,
        )  # fmt: skip
        away = sum(
            1 for k, h in self.home.items() if k in plan and self.session_of_slot[plan[k]] != h
        )
        first = self.key_length()
        return (*order[:first], -away, *order[first:])

    def key_length(self) -> int:
        """How many of the objective's first figures the guard compares: S1a, S2, S1b
        and changes; when re-planning, S1a twice (up to the announced level, before
        changes, and above it, after them: :func:`objective_order`)."""
        return 5 if self.published_sessions else 4

    def key_of(self, plan: dict[Key, int]) -> tuple[int, ...]:
        """The guard's tiers: S1a, S2, S1b and changes, in the objective's order."""
        return self.full_key(plan)[: self.key_length()]

    # ------------------------------------------------------ repair and fill
    def repair_and_fill(self) -> None:
        """A meeting stage 2 could not place gets any free slot of the week; then any
        request still out that fits somewhere is added; then heavier requests are
        swapped in for lighter ones.

        Right after slotting, on its plan: these passes only add or exchange meetings
        keeping every hard rule, so no tier gets worse."""
        instance, params, slots, unplaced = self.instance, self.params, self.slots, self.unplaced
        self.progress("repair")
        # Stage 1's figures, for the week re-slotting below.
        self.stage1_figures = (self.worst_off, -self.changes, self.value)
        # ---- repair and fill: a meeting stage 2 could not place gets any free slot
        # of the week; then any request still out that fits somewhere is added.
        # Both only add meetings that keep every hard rule, so no tier gets worse.
        occ = Occupancy(instance)
        for key, s in sorted(slots.items()):
            occ.add(key, s)
        retry = [instance.request_by_key[k] for k in unplaced]
        left_out = set(unplaced)
        rest = [r for r in instance.requests if r.key not in slots and r.key not in left_out]
        for r in [*greedy_order(instance, retry), *greedy_order(instance, rest)]:
            occ.add_first_fit(r.key)
        if unplaced or len(occ.slot_of) != len(slots):
            # Some chosen meeting was not placed, or others were added: the stage-1
            # figures no longer describe the plan (an unplaced meeting that found no
            # other slot is simply gone).
            # Stage-1 figures no longer describe the plan: recount them.
            self.take(dict(occ.slot_of))
            params["repaired_or_filled"] = len(self.slots) - (
                len(self.chosen_session) - len(unplaced)
            )
        slots = self.slots
        # Last, heavier requests swapped in for lighter ones where the slots allow,
        # never below the worst-off level (S2 ranks above S1b, S4 and S5). On the
        # trade fair this turns the value lost to repair and fill into a gain.
        upgraded = sel.upgrade_value(
            instance, slots, {**self.published, **self.required}, load_type=sel.SlotLoad
        )
        if upgraded != slots and sel.plan_value(instance, upgraded) > self.value:
            params["upgraded_after_slotting"] = sum(
                1 for k, s in upgraded.items() if slots.get(k) != s
            )
            self.take(upgraded)

    # ---------------------------------------------------- week re-slotting
    def reslot_week(self) -> None:
        """Week re-slotting, when stage 2 could not place some chosen meetings and the
        repair did not make up for them, or (re-planning) when announced meetings stay
        moved within their half-day: the whole week (or neighbourhoods of it) chosen and
        placed again in one time-indexed model.

        After repair and fill, whose plan it must beat; before the restore pass and
        the guards, which then judge its plan as any other."""
        instance, params, opts = self.instance, self.params, self.opts
        slots, unplaced, published = self.slots, self.unplaced, self.published
        required, greedy, key_of = self.required, self.greedy, self.key_of
        meetings_floor, value_floor = self.meetings_floor, self.value_floor
        deadline, worst_off = self.deadline, self.worst_off
        # ---- week re-slotting: stage 1 counts capacity per half-day, a relaxation when
        # availability ends mid-session or tables and interpreters bind together; when
        # stage 2 could not place some chosen meetings and the repair did not make up for
        # them (the worst-off level, stability or value fell, or a floor broke), one
        # time-indexed model of the whole week chooses and places again, from the plan
        # the run would return without it. Measured before: a 7 x 11 mission proven at
        # worst-off 7 in stage 1 lost two meetings of a full half-day, broke the value
        # floor and fell back to the greedy plan at worst-off 5 (an auditor's roster).
        # Re-planning, the same model also runs when the plan, its announced meetings put
        # back (the restore pass below), still holds announced meetings away from their
        # time within their half-day: stage 1 counts S3 by half-day, where such a move is
        # free, so of the plans it proves equal it may choose meetings that slotting can
        # place only by moving announced ones, which the restore pass cannot always undo
        # (an interpreter or a late exporter's meeting at the time). Moves there count in
        # S3 as the Score and ``changes_cost`` count them: a QA tester's Monday re-plan of
        # the bundled example moved 3 announced meetings within their half-day
        # (``changes_cost`` 57) where a plan of the same worst-off level, meetings and
        # more value moves none (51); more time moved more (61 at 60 s).
        floor_broken = len(slots) < meetings_floor or sel.plan_value(instance, slots) < value_floor
        usable = not self.large and not self.wall_hit  # the clock's time (as for the second pass)
        restored: dict[Key, int] | None = None
        moved_within: list[Key] = []
        if usable and published and not floor_broken:
            restored = self.announced_back(slots)
            moved_within = self.moved_within_half_day(restored)
        wanted = usable and (
            bool(moved_within)
            or bool(unplaced)
            and (floor_broken or (worst_off, -self.changes, self.value) < self.stage1_figures)
        )
        # its neighbourhood's seeds: the meetings stage 2 could not place, and those moved
        seeds = sorted({*unplaced, *moved_within})
        # Above WEEK_RESLOT_MAX_LITERALS the model is a neighbourhood of the week: the
        # requests of the companies whose meetings stage 2 could not place, then of
        # those they meet, ring by ring; every other meeting stays where it is. None is
        # solved when not one of those companies fits (the first ring does not depend on
        # the plan).
        by_neighbourhood = bool(wanted) and (
            sum(len(instance.candidates[r.key]) for r in instance.requests)
            > WEEK_RESLOT_MAX_LITERALS
        )
        if by_neighbourhood:
            wanted = bool(week_neighbourhood(instance, slots, seeds, WEEK_NEIGHBOURHOOD_LITERALS))
        if wanted and deadline - _time.monotonic() < WEEK_RESLOT_MIN_WALL:
            # The clock decided: the plan may then vary with the machine's load.
            wanted = False
            self.wall_hit = True
        if not wanted:
            return
        # What the plan would be without it: the greedy plan if the floors' guard
        # below would return it, else the plan with its announced meetings put back
        # (the restore pass below). The week's plan must be strictly ahead of that:
        # on a tie the old plan stays (the week model does not see tables, S4 or S5;
        # a second reader found ties taken with a table change more, or after the
        # restore pass would have undone the moves that made the plan behind).
        if floor_broken:
            without = greedy
        else:
            if restored is None:
                restored = self.announced_back(slots) if published else slots
            without = greedy if key_of(greedy) > key_of(restored) else restored
        tabled_key = self.tabled_key

        week_dtime = max(
            WEEK_RESLOT_MIN_DTIME, (self.stage2_total - self.stage2_used) * WEEK_RESLOT_SHARE
        )
        self.progress("re-slotting the week")
        # The whole week in one solve; or neighbourhoods of growing size, each from the
        # best plan so far (small ones are solved to optimality in a fraction of the
        # budget, a larger one then starts from their plan), the first two on a third of
        # the budget at most, the last on what is left.
        sizes: list[int | None] = (
            [WEEK_NEIGHBOURHOOD_LITERALS // 4, WEEK_NEIGHBOURHOOD_LITERALS // 2,
             WEEK_NEIGHBOURHOOD_LITERALS]
            if by_neighbourhood
            else [None]
        )  # fmt: skip
        off_grid = [k for k, h in self.published_sessions.items() if h == OFF_GRID]
        best, best_key, left = without, tabled_key(without), week_dtime
        freed: list[int] = []
        solved: tuple[frozenset[Key], dict[Key, int]] | None = None
        for i, size in enumerate(sizes):
            free = None if size is None else week_neighbourhood(instance, best, seeds, size)
            if free is not None and (not free or (solved and solved == (free, best))):
                continue  # nothing to free, or the same model as the step before
            solved = None if free is None else (free, best)
            step = left if i == len(sizes) - 1 else min(left, week_dtime / len(sizes))
            if step < WEEK_STEP_MIN_DTIME:
                break
            if deadline - _time.monotonic() < WEEK_RESLOT_MIN_WALL:
                self.wall_hit = True  # the clock decided
                break
            if free is not None:
                freed.append(len(free))
            week = place_week(
                instance,
                required=required,
                published=published,
                off_grid=off_grid,
                start=best,
                meetings_floor=meetings_floor,
                value_floor=value_floor,
                dtime=step,
                wall=max(
                    WEEK_RESLOT_MIN_WALL,
                    min(deadline - _time.monotonic(), step / self.rate * STEP_WALL_SLACK + 1),
                ),
                seed=opts.seed,
                workers=opts.workers,
                interleave=opts.interleave,
                free=free,
                held=self.announced_level,
            )
            if week is None:
                break  # no solution in its budget: a larger model will not do better
            self.stage2_used += week.dtime
            left -= week.dtime
            self.wall_hit |= week.wall_hit
            week_key = tabled_key(week.slots)
            if week_key > best_key:
                best, best_key = week.slots, week_key
            if week.wall_hit:
                break
        if freed:
            params["week_neighbourhood"] = freed
        if best is not without:
            params["week_reslotted"] = sum(1 for k, s in best.items() if slots.get(k) != s) + sum(
                1 for k in slots if k not in best
            )
            self.take(best)

    def tabled_key(self, plan: dict[Key, int]) -> tuple[int, ...]:
        """:meth:`key_of` with table changes in S3 (tables are numbered after
        solving; the week model does not see them: a second reader found a week
        plan taken for 2 more value with a table change more)."""
        published_tables = self.published_tables
        if not published_tables:
            return self.key_of(plan)
        tabled = schedule_from_slots(self.instance, plan, self.pinned, published_tables)
        s1a, minus_s3, *rest = self.key_of(plan)
        return (s1a, minus_s3 - _table_changes(tabled, plan, published_tables), *rest)

    # --------------------------------------- re-planning: announced times back
    def announced_back(self, slots: dict[Key, int]) -> dict[Key, int]:
        """``slots`` with the announced meetings that slotting moved within their
        half-day back at their time (:func:`restore_published_slots`), then those it
        cancels held at their time in place of an announced meeting moved there
        (:func:`hold_cancelled_published`: stage 1 counts S3 by half-day, where such a
        move is free, and kept the heavier of two it could cancel; a tester's re-plan
        moved one into the other's slot and cancelled that one, 2 more in S3), then
        those whose time that left free (:func:`hold_free_published`: a meeting taken
        from a time for a cancelled one frees its companies there; on 2 of 60 fuzzed
        re-plans an announced meeting stayed moved, its time free)."""
        instance, published, required = self.instance, self.published, self.required
        floors = {
            "meetings_floor": self.meetings_floor,
            "value_floor": self.value_floor,
            "worst_off": self.worst_off,
        }
        # The week re-slotting's trigger and `restore_announced` both ask it of the same
        # plan when the week model changed nothing: computed once (a second reader).
        asked = (dict(slots), tuple(floors.values()))
        memo = self._announced_back_memo
        if memo is not None and memo[0] == asked:
            return dict(memo[1])
        restored = restore_published_slots(instance, slots, published, required, **floors)
        held = hold_cancelled_published(instance, restored, published, required, **floors)
        back = hold_free_published(instance, held, published, required)
        self._announced_back_memo = (asked, dict(back))
        return back

    def restore_announced(self) -> None:
        """Re-planning: announced meetings that slotting moved within their half-day go
        back to their time; then those booked again after the last re-plan cancelled
        them (``earlier``).

        After every pass that chooses meetings (the same meetings stay held), before
        the guards and the passes on idle slots, which keep what it put back."""
        published, earlier_slots = self.published, self.earlier_slots
        if not (published or earlier_slots):
            return
        self.progress("restore")
        instance, params, slots, required = self.instance, self.params, self.slots, self.required
        meetings_floor, value_floor, worst_off = (
            self.meetings_floor, self.value_floor, self.worst_off
        )  # fmt: skip
        # Re-planning: announced meetings that slotting moved within their half-day
        # to make room go back where they were when room can be made (docs/model.md,
        # stage 2); the same meetings stay held. Then those booked again after the
        # last re-plan cancelled them, around the announced ones (which stay where
        # they now are: in one pass, one took an announced meeting's home; a second
        # reader), by free slots and moves only; those put back stay there.
        restored = self.announced_back(slots) if published else slots
        held_again = sum(1 for k in published if k in restored and k not in slots)
        if held_again:
            params["announced_held_again"] = held_again
        if earlier_slots:
            announced = {k: restored[k] for k in published if k in restored}
            restored = restore_published_slots(
                instance, restored, earlier_slots, {**required, **announced},
                meetings_floor=meetings_floor, value_floor=value_floor, worst_off=worst_off,
                soft=earlier_slots,
            )  # fmt: skip
            back = {k: s for k, s in earlier_slots.items() if restored.get(k) == s}
            params["restored_to_earlier_slot"] = sum(1 for k in back if slots.get(k) != back[k])
            self.keep_slots = {**back, **self.keep_slots}
        if restored != slots:
            params["restored_to_published_slot"] = sum(
                1 for k, s in published.items()
                if k in slots and restored.get(k) == s != slots.get(k)
            )  # fmt: skip
            self.take(restored)

    # ------------------------------------------------ guards and local passes
    def keep_local_plan_if_ahead(self) -> None:
        """Trade-fair size: the local searches' plan is kept when slotting fell behind it.

        After the passes that re-place meetings (repair, week, restore), before those
        that only close idle slots."""
        # Guard: never return less than the greedy plan on the objective's order of its
        # first tiers: S1a, S2, S1b, then fewer changes; when re-planning, fewer changes
        # second (moves within a half-day count, as in S3). Only when CP-SAT ran out of
        # budget (trade-fair size), or when putting announced meetings back needs one
        # cancelled (the restore pass never cancels one), can the pipeline fall behind it.
        # On the local-search path the stage-1 plan is itself a valid slot plan,
        # holding at least the greedy's value by construction: slotting may only
        # trade it for one as good on the order above that keeps that promise.
        key_of, preferred_slots = self.key_of, self.preferred_slots
        if self.large and (
            key_of(preferred_slots) > key_of(self.slots) or self.value < self.greedy_value
        ):
            self.params["kept_stage1_plan"] = True
            self.take(dict(preferred_slots))

    def compact_on_slots(self) -> None:
        """Buyers' thin half-days emptied on the slots (not on the local-search path).

        After the guard above, before idle slots are closed (the compaction may open
        some)."""
        # The S4 solve may end without a solution (its hint came from the local
        # search, which does not know the window cuts) or, at mid-size, the
        # stage-1 solves may spend their budget before S4 (buyers' half-days) gets
        # any: empty buyers' thin half-days on the slots now (moves and exchanges
        # only, every per-slot rule kept: S4 strictly falls, S1a-S3 stay, S5 may
        # rise, as it ranks below).
        if self.large:
            return
        slots = self.slots
        self.progress("compact")
        compacted = sel.compact_buyers(
            self.instance, slots, {**self.keep_slots, **self.at_home(slots, True)},
            load_type=sel.SlotLoad,
        )  # fmt: skip
        if compacted != slots:
            self.params["compacted_after_slotting"] = sum(
                1 for k, s in compacted.items() if slots[k] != s
            )
            self.take(compacted)

    def closed(self, plan: dict[Key, int], which: str = "solver") -> dict[Key, int]:
        """Announced meetings off the grid brought home where a slot there is free,
        then buyers' idle slots closed (both leave S1a-S3 as they are)."""
        homed = sel.bring_home(self.instance, plan, self.home, self.keep_slots)
        self.brought_home[which] = sum(1 for k, s in homed.items() if plan[k] != s)
        return sel.close_buyer_gaps(self.instance, homed, self.keep_slots)

    def close_and_choose(self) -> None:
        """Idle slots closed on the solver's plan, then the plan returned chosen: the
        local searches' plan (mid-size) if ahead in the whole order, the greedy plan if
        a floor broke or it is ahead on the guard's tiers.

        Last of the passes that may change the figures S1a-S4; the refinement and S6
        after it keep them."""
        params, key_of, full_key, greedy = self.params, self.key_of, self.full_key, self.greedy
        closed, recount = self.closed, self.recount
        self.progress("close")
        # Buyers' idle slots that slotting left (a half-day it did not prove, or the
        # compaction above) are closed by moves and exchanges within a half-day
        # (selection.close_buyer_gaps): announced, fixed and pinned meetings stay, so
        # S1a-S4 do not move and S5 strictly falls. On whichever plan is returned: the
        # local searches' plan and the greedy plan below get it too.
        # Meetings brought home in each candidate plan: the returned one's is reported (a
        # reader saw the figure of a local searches' plan that was not kept).
        self.brought_home: dict[str, int] = {}

        self.returned = "solver"
        self.unclosed_gaps = self.gaps_total  # the idle slots of the returned plan before closing
        if (new := closed(self.slots)) != self.slots:
            self.take(new)

        local_plan = self.local_plan
        if self.stage1 == "hinted" and local_plan is not None:
            # The local searches' plan, itself valid, is kept if it is better in the
            # objective's whole order (stability second when re-planning; its idle
            # slots closed too), and not behind the greedy plan in the guard's order
            # below (else that guard would return the greedy plan, worse than both).
            local_closed = closed(local_plan, "local")
            # Within the floors: stage 1 may have raised the value floor after the
            # local searches ran (the tolerance not spent: a second reader).
            if (
                full_key(local_closed) > full_key(self.slots)
                and key_of(local_plan) >= key_of(greedy)
                and len(local_closed) >= self.meetings_floor
                and sel.plan_value(self.instance, local_closed) >= self.value_floor
            ):
                params["kept_stage1_plan"] = True
                self.returned = "local"
                self.unclosed_gaps = recount(local_plan)[5]
                self.take(local_closed)

        # The floors are promises (docs/model.md): a plan that lost meetings in
        # slotting and broke one is replaced by the greedy plan, which keeps both.
        slots = self.slots
        floor_broken = (
            len(slots) < self.meetings_floor
            or sel.plan_value(self.instance, slots) < self.value_floor
        )
        if floor_broken or key_of(greedy) > key_of(slots):
            params["fallback"] = (
                "greedy plan (the solver's plan broke a floor)"
                if floor_broken
                else "greedy plan (ahead of the solver's in the objective's order)"
            )
            self.unclosed_gaps = recount(greedy)[5]
            self.take(closed(dict(greedy), "greedy"))
            self.returned = "greedy"

    def refine_idle_slots(self) -> None:
        """What stage 2 left of its budget re-slots the meetings around buyers with
        idle slots, two half-days at a time (S5 strictly falls, S1a-S4 stay).

        On the plan returned, whichever it is, so after the guards; every path."""
        # What stage 2 left of its budget (deterministic: the time each solve used is)
        # goes to re-slotting the meetings around buyers with idle slots, two
        # half-days at a time (slotting.refine_buyer_gaps): S1a-S4 stay, S5 strictly
        # falls. On every path: on the trade fair's, slotting leaves about half of its
        # budget (seed 1 at 60 s: 6.7 of 12 deterministic s, before session 57's reserve
        # left 4.3 there), and the refinement takes 911 idle slots to 858 there in 11 s
        # (docs/performance.md).
        instance, params, opts = self.instance, self.params, self.opts
        keep_slots, deadline = self.keep_slots, self.deadline
        refine_dtime = self.stage2_total - self.stage2_used
        unrefined_gaps = self.gaps_total
        parts = self.per_half_day(self.slots)
        idle_of = {h: count_gaps(instance, h, part) for h, part in parts.items()}
        to_refine = [h for h in sorted(instance.sessions) if idle_of[h]]
        # After a wall-clock net, the time left is time the clock does not have (as for
        # the second pass; a second reader's finding): no refinement then.
        if not self.wall_hit and to_refine and refine_dtime >= REFINE_MIN_DTIME:
            self.progress("refine")
            total_idle = sum(idle_of[h] for h in to_refine)
            # As in the second pass: one half-day runs on one core.
            share = {
                h: min(refine_dtime * idle_of[h] / total_idle, refine_dtime / STAGE2_THREADS)
                for h in to_refine
            }

            def refine(h: int) -> Refinement:
                return refine_buyer_gaps(
                    instance, h, parts[h], keep_slots, dtime=share[h], deadline=deadline,
                    seed=opts.seed,
                )  # fmt: skip

            with ThreadPoolExecutor(max_workers=STAGE2_THREADS) as pool:
                refined = list(pool.map(refine, to_refine))
            params["idle_slots_refine_solves"] = sum(r.solves for r in refined)
            self.wall_hit |= any(r.wall_hit for r in refined)
            new = dict(self.slots)
            for r in refined:
                new.update(r.slots)
            if new != self.slots:
                self.take(new)
        if unrefined_gaps < self.unclosed_gaps:
            params["idle_slots_closed"] = self.unclosed_gaps - unrefined_gaps
        if self.gaps_total < unrefined_gaps:
            params["idle_slots_refined"] = unrefined_gaps - self.gaps_total

    def earlier_half_days(self) -> None:
        """S6, the last tie-break: whole half-days exchanged with earlier ones of the
        same slot times, then meetings moved up within their half-days.

        Last, because every tier above it stays as it is (fixed, pinned and published
        meetings stay where they are)."""
        params, keep_slots, at_home = self.params, self.keep_slots, self.at_home
        self.progress("earlier")
        # The last tie-break (S6): whole half-days exchanged with earlier ones of the same
        # slot times, every tier above unchanged (fixed, pinned and published meetings
        # stay where they are).
        slots, exchanges = sel.earlier_half_days(
            self.instance, self.slots, {**keep_slots, **at_home(self.slots, True)}
        )
        if exchanges:
            params["half_days_moved_earlier"] = exchanges
        slots, moved_up = sel.earlier_in_half_days(
            self.instance, slots, {**keep_slots, **at_home(slots, True)}
        )
        if moved_up:
            params["half_days_moved_up"] = moved_up
        self.slots = slots
        if self.brought_home.get(self.returned):
            params["brought_home"] = self.brought_home[self.returned]

    def published_times_free(self) -> None:
        """Re-planning: each announced meeting moved or cancelled goes back to its
        published time where that is free for it as the plan stands
        (:func:`hold_free_published`).

        Last, after every pass that moves meetings, on whichever plan is returned: the
        compaction, the idle-slot passes and S6 keep the announced meetings held at
        their time but may free another's, and the greedy and local searches' plans
        the guards may return never went through :meth:`announced_back` (a QA tester's
        re-plan read "moved by the new plan, though its time was still free for it").
        S3 falls, no tier above it does (the same meetings are held, or more), S4 and
        S5 may rise."""
        if not self.published:
            return
        slots = self.slots
        held = hold_free_published(self.instance, slots, self.published, self.required)
        if held != slots:
            self.params["announced_time_free_held"] = sum(
                1 for k, s in self.published.items() if held.get(k) == s != slots.get(k)
            )
            self.take(held)

    # --------------------------------------------------------------- result
    def result(self) -> SolveResult:
        """Tables numbered, the tiers relabelled for the final plan, and the
        :class:`SolveResult` with its :class:`Score`.

        Last: the tier figures describe the plan returned, whichever phase made it."""
        instance, params, slots = self.instance, self.params, self.slots
        published_tables, earlier_tables = self.published_tables, self.earlier_tables
        session_of_slot, tiers, lp_bound = self.session_of_slot, self.tiers, self.lp_bound
        worst_off, next_worst, value = self.worst_off, self.next_worst, self.value
        changes, half_days, gaps_total = self.changes, self.half_days, self.gaps_total
        # Their earlier tables where no announced meeting kept at its time holds the same
        # one (numbered in pair order, one took an announced meeting's table; a reader).
        held_tables = {v for k, v in published_tables.items() if slots.get(k) == v[0]}
        earlier_use = {
            k: v for k, v in earlier_tables.items() if slots.get(k) == v[0] and v not in held_tables
        }
        schedule = schedule_from_slots(
            instance, slots, self.pinned, {**earlier_use, **published_tables}
        )
        table_changes = _table_changes(schedule, slots, published_tables)
        if self.large:
            # Trade-fair size: no tier solve, so no bound but the flows' on the worst-off
            # level (any plan), computed here, after the plan, so that it takes nothing
            # from the budget and cannot change the plan (about 1 s at that size), and
            # the LP bound on value, for the same reason (start()). Where
            # the local searches' level reaches it, the level is proven (never above it:
            # tests/test_bound.py; were it, the bound would be wrong, and not proven).
            self.progress("bounds")
            ceiling = params["worst_off_bound_any_plan"] = worst_off_bound(instance)
            # Where the level was capped to keep the greedy's value below that bound:
            # how far the cap is from the best level at that value, by the value
            # bound's LP at each level (a binary search, one or two levels at the gaps
            # measured: 1-5 s each at this size; docs/model.md), built once for both.
            capped = "worst_off_capped_for_value" in params and worst_off < ceiling
            lp = value_lp(instance, levels=capped)
            lp_bound = self.lp_bound = None if lp is None else lp(None)
            if capped:
                params["worst_off_bound_at_greedy_value"] = worst_off_bound_at_value(
                    instance, self.greedy_value, worst_off, ceiling, lp
                )
            tiers = [
                TierReport(t.rule, t.name, t.value, ceiling, t.value == ceiling)
                if t.rule == "S1a" else t
                for t in tiers
            ]  # fmt: skip
        else:
            # The tier solves' S1a bound, where they do not prove the level, seldom
            # moves off the exporters' largest cap (above all on the mid-size path,
            # started from the local searches' plan); the flows' bound (any plan,
            # 0.06-0.15 s at 12 000-40 000 pairs) is often far tighter. A 100-company
            # tester read "at most 39 (this plan is 25 below it)" where no plan could
            # give more than 16, and "21 (12 below)" where 13 was the most; the
            # warning of an unproven level sent them to --time-limit for it.
            self.progress("bounds")
            # (recorded: plan's table then says the bound covers any plan, not only
            # those keeping the floors; session 67 left it weaker than true)
            ceiling = params["worst_off_bound_any_plan"] = worst_off_bound(instance)

            def capped(t: TierReport) -> TierReport:
                bound = ceiling if t.bound is None else min(t.bound, ceiling)
                return TierReport(t.rule, t.name, t.value, bound, t.optimal or t.value == bound)

            tiers = [capped(t) if t.rule == "S1a" else t for t in tiers]
        # When repair, fill or the greedy guard changed the plan, the solver's tier
        # figures describe another plan: report the final plan's, unproven. Only the
        # S1a bound (any plan) stays meaningful.
        position = sel.half_day_positions(instance)
        early = sum(position[session_of_slot[s]] for s in slots.values())
        final = {"S1a": worst_off, "S1b": next_worst, "S2": value, "S2b": len(slots),
                 "S3": changes, "S4": half_days}  # fmt: skip
        # A tier's proof holds only while every tier above it is as proven: after a repair
        # dropped the worst-off level, S2, S1b and S4 kept "optimal" where their figures
        # happened to equal what stage 1 proved for another level (an optimality auditor).
        # The first tier whose figure changed keeps its bound, which holds for every plan as
        # good on the tiers above it (stage 1 is a relaxation, its floors kept), and is
        # proven when its figure reaches it: after the week re-slotting kept the worst-off
        # level, the value tier read "no bound: not solved" though stage 1 had proven it and
        # the plan reached it (a hunter with an exact model). The tiers below it: S1a's
        # bound alone (any plan), unproven.
        # A worst-off level stage 1 proved, lowered since (a meeting that found no slot
        # and no other, the greedy plan kept): the slots, not the time limit, lost it,
        # and the warning of an unproven level sent the coordinator to --time-limit (a
        # reader).
        proven = next((t for t in tiers if t.rule == "S1a" and t.optimal), None)
        if proven is not None and worst_off < proven.value:
            params["worst_off_lost_after_stage1"] = proven.value
        relabelled: list[TierReport] = []
        above = True  # every tier so far as stage 1 reported it
        for t in tiers:
            now = final.get(t.rule, t.value)
            if above and now == t.value:
                relabelled.append(t)
            elif above:
                relabelled.append(
                    TierReport(t.rule, t.name, now, t.bound, t.bound is not None and now == t.bound)
                )
                above = False
            else:
                relabelled.append(
                    TierReport(t.rule, t.name, now, t.bound if t.rule == "S1a" else None, False)
                )
        tiers = relabelled
        tiers.append(TierReport("S5", "buyers' idle slots", gaps_total, None, self.all_optimal))
        score = Score(
            worst_off=worst_off,
            next_worst=next_worst,
            value=value,
            changes=changes + CHANGE_COST_MOVED * self.moved_within + table_changes,
            buyer_half_days=half_days,
            buyer_gaps=gaps_total,
            meetings=len(schedule),
            half_day_positions=early,
        )
        params["wall_clock_hit"] = self.wall_hit
        # Two bounds on value, not to be mixed up: the LP bound holds for any plan;
        # the S2 tier's bound only for plans as fair as this one.
        # Plans as fair are plans: their bound is at most the LP bound (CP-SAT's own could be
        # above it, read "any plan: at most 8720; plans as fair: at most 8721": a tester).
        fair_bound = _tier_bound(tiers, "S2")
        if fair_bound is not None and lp_bound is not None and fair_bound > lp_bound:
            fair_bound = lp_bound
            # the tier's row too: it read "8026 (bound 8033)" beside a value bound of
            # any plan of 8032 (a 100-company tester); at the value, proven
            tiers = [
                TierReport(t.rule, t.name, t.value, lp_bound, t.optimal or t.value == lp_bound)
                if t.rule == "S2" else t
                for t in tiers
            ]  # fmt: skip
        params["value_bound_fair_plans"] = fair_bound
        # Announced meetings moved within their half-day cost S3 that stage 1, counting
        # by half-day, did not see, so its proof does not cover the plan's S3: not
        # "every tier proven" (a tester's re-plan said optimal at 22 where 20 exists).
        proven = self.all_optimal and not self.unplaced and not self.moved_within
        return SolveResult(
            SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE,
            schedule,
            score,
            tuple(tiers),
            value_bound=lp_bound,
            wall_time=_time.monotonic() - self.t0,
            params=params,
            solver_version=self.version,
            unplaced=len(set(self.unplaced) - set(slots)),
        )


def _table_changes(
    schedule: Schedule, slots: Mapping[Key, int], published_tables: Mapping[Key, tuple[int, int]]
) -> int:
    """Tables are numbered after solving: a meeting kept at its published slot on
    another table costs 1 in S3."""
    return sum(
        CHANGE_COST_TABLE
        for key, (s, table) in published_tables.items()
        if slots.get(key) == s and schedule.by_key[key].table != table
    )


def _better(
    second: SessionPlacement, first: SessionPlacement, weights: Mapping[Key, int]
) -> bool:
    """Whether stage 2's second placement of a half-day replaces its first:
    better in stage 2's order (placed weight, published slots kept, fewer idle
    slots), or as good and proven (then the Summary can say so)."""

    def merit(res: SessionPlacement) -> tuple[int, int, int]:
        return sum(weights[k] for k in res.slots), -res.moved, -res.gaps

    return merit(second) > merit(first) or (
        merit(second) == merit(first) and second.optimal and not first.optimal
    )


def announced_level(
    instance: Instance, announced: Mapping[str, int], level_before: int | None = None
) -> int | None:
    """The worst-off level the published agenda announced (docs/model.md, "When
    re-planning"): S1a over the exporters with a meeting in it that are still in the
    roster, each counted as S1a counts them, ``min(announced, cap)`` with its cap in
    this roster; ``None`` without such an exporter (a first plan, or an agenda with
    none in common): no level to hold.

    A re-plan keeps the worst-off level at least there, moving announced meetings
    where needed, and lifts it above only as far as that needs no more changes (S3):
    lifted at the cost of changes, a day of five new wishes cancelled 30 announced
    meetings, and whether a re-plan did so depended on --time-limit (a QA tester).
    Counted from every meeting announced, those of a request since withdrawn or at a
    time the exporter is now away included: the level mailed is the one kept. An
    exporter without an announced meeting (registered late) does not count here; it
    is lifted up to that level like any other.

    ``level_before``, the level the published agenda's Summary says
    (``worst_off_exporter``), is a floor on it: counted against this roster's caps
    alone, an exporter that held every request it had made, then wished one more,
    counted at its old number and pulled the level down for every exporter (a second
    reader: the agenda sent at 2, the level held 1, an exporter whose buyers left no
    longer lifted back). Not where it is no level (every exporter then held all its
    requests allowed, and the Summary gives the largest cap, at least every exporter's
    announced number): a day of new wishes would then lift each exporter at the cost of
    announced meetings, which the level counted on this roster's caps does not."""
    caps = instance.fairness_cap
    held = {
        e: n for e, n in announced.items() if e in caps and e not in instance.departed and n > 0
    }
    if not held:
        return None
    level = sel.worst_off_level(held, {e: caps[e] for e in held})
    if level_before is None or level_before >= max(held.values()):
        return level
    return max(level, level_before)
