"""What a planning run gives: its status, the score, the requests left out and
why, each objective tier's report, and :class:`SolveResult`.

:data:`REASONS` holds the reason codes of unscheduled requests with their sentences
(:data:`FORMER_REASONS` the sentences of earlier versions, still read back), and
:data:`LEFT_AFTER_HORIZON` and :data:`MAX_REACHED` begin the details that reports read
back in words. Imports :mod:`.mission` only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from asmex_sched.domain.mission import Schedule


class SolveStatus(str, Enum):
    """Outcome of a planning run."""

    OPTIMAL = "optimal"  # every tier proven optimal
    FEASIBLE = "feasible"  # a valid plan, not proven optimal
    INFEASIBLE = "infeasible"  # the hard requirements (fixed/locked meetings) conflict
    UNKNOWN = "unknown"  # no plan found in the time limit


@dataclass(frozen=True)
class Score:
    """The lexicographic objective, recomputed from a schedule (rules S1a-S6).

    Compare two scores with :meth:`key` (larger is better).
    """

    worst_off: int  # S1a: max z with held_e >= min(z, cap_e) for every exporter
    next_worst: int  # S1b: exporters with held_e >= min(worst_off + 1, cap_e)
    value: int  # S2: total weight of held requests
    changes: int  # S3: cost of changes against a baseline (0 without one)
    buyer_half_days: int  # S4: (buyer, half-day) pairs with a meeting
    buyer_gaps: int  # S5: idle slots between a buyer's meetings within a half-day
    meetings: int  # number of meetings (rule S2b maximises it once S2 is settled)
    #: S6, the last tie-break (not in :meth:`key`): the sum over meetings of their
    #: half-day's position in the mission, 0 for the first.
    half_day_positions: int = 0

    def key(self) -> tuple[int, ...]:
        return (
            self.worst_off,
            self.value,
            self.next_worst,
            -self.changes,
            -self.buyer_half_days,
            -self.buyer_gaps,
        )


@dataclass(frozen=True)
class Unscheduled:
    """A request that is not in the plan, with a reason a coordinator understands."""

    exporter_id: str
    buyer_id: str
    reason: str  # one of REASONS' keys
    detail: str = ""


#: Reason codes for unscheduled requests, with the sentence shown to users.
REASONS: Mapping[str, str] = {
    "no_common_slot": "no common availability",
    "no_interpreter": "needs an interpreter (no common language), and the mission has none",
    "at_capacity": (
        "a party is at capacity (max meetings), or at every common time one of the two was "
        "already in another meeting"
    ),
    "lost_to_priority": (
        "no room: at the times both were free, the tables or interpreters went to other meetings"
    ),
    # (the code's name is older than its scope: any announced meeting a re-plan cancelled)
    "pin_cancelled": "an announced meeting that can no longer take place (see detail)",
}


#: The detail of a ``no_common_slot`` request whose common times are all before the
#: re-planning horizon, before the horizon (``report.unmet_text`` says it in words).
LEFT_AFTER_HORIZON = "no common available time left after "
#: The detail of an ``at_capacity`` request whose party reached its maximum, before the
#: names (``report.unmet_text`` reads it back to tell a company "you").
MAX_REACHED = "max meetings reached: "

#: Sentences of earlier versions, still read back from the agendas they wrote. The
#: old "lost to higher-priority meetings" was wrong whenever fairness, not weight, took
#: the time: a lower-weight meeting of a worst-off exporter wins over a higher one.
FORMER_REASONS: Mapping[str, str] = {
    # said of a pair neither of whose parties had every slot taken (an auditor)
    "a party is at capacity (max meetings or all its slots taken)": "at_capacity",
    "lost to higher-priority meetings (tables, interpreters or agendas full)": "lost_to_priority",
    "a frozen or locked meeting that can no longer take place (see detail)": "pin_cancelled",
}


@dataclass(frozen=True)
class TierReport:
    """One objective tier's achieved value and proven bound."""

    rule: str
    name: str
    value: int
    bound: int | None
    optimal: bool


@dataclass(frozen=True)
class SolveResult:
    """What :func:`asmex_sched.model.solve.solve` returns."""

    status: SolveStatus
    schedule: Schedule
    score: Score | None
    tiers: tuple[TierReport, ...] = ()
    value_bound: int | None = None  # upper bound on S2 for any plan (LP relaxation)
    wall_time: float = 0.0
    params: Mapping[str, object] = field(default_factory=dict)
    solver_version: str = ""
    message: str = ""  # for INFEASIBLE: which requirements conflict
    unplaced: int = 0  # meetings chosen in stage 1 that stage 2 could not place

    @property
    def gap(self) -> float | None:
        """Relative gap of S2 to its bound, ``(bound - value) / max(1, bound)``."""
        if self.score is None or self.value_bound is None:
            return None
        return max(0, self.value_bound - self.score.value) / max(1, self.value_bound)
