"""Stage 1: choose the meetings and a half-day session for each (CP-SAT).

One boolean ``z[r,h]`` per request ``r`` and half-day session ``h`` in which
both parties share an available slot. Slots inside a session are
interchangeable for capacity purposes, so each per-slot capacity becomes a
per-session capacity (capacity x usable slots). When every participant is
present for a whole session this loses nothing (König's edge-colouring
theorem, see docs/model.md); otherwise stage 2 may be unable to place a
meeting, and the repair step handles it.

Each hard rule is one function, named after its rule id (docs/model.md); so is
each objective tier. H3 (availability) and H9 (the re-planning horizon) add no
constraint: variables exist only at a pair's candidate slots, which
``domain.Instance.candidates`` computes for both stages. Only this package
imports ortools.

Its modules, each importing only those listed before it:

* :mod:`~asmex_sched.model.selection.variables`: the ``z`` variables
  (:class:`SelectionVars`) and the solution view their hints are computed from;
* :mod:`~asmex_sched.model.selection.constraints`: the hard rules H1-H8 and the
  window cuts (``HARD_RULES``, :func:`add_h7_h8_required`, :func:`window_cuts`);
* :mod:`~asmex_sched.model.selection.objectives`: the objective tiers S1a-S4 on the
  model;
* :mod:`~asmex_sched.model.selection.figures`: the tiers' figures of a plan in plain
  Python (:func:`evaluate`, :func:`plan_worst_off`, :func:`plan_value`);
* :mod:`~asmex_sched.model.selection.earlier`: rule S6's moves to earlier half-days and
  slots;
* :mod:`~asmex_sched.model.selection.loads`: a plan's capacities and load, on half-days
  (:class:`SessionLoad`) or slots (:class:`SlotLoad`);
* :mod:`~asmex_sched.model.selection.compaction`: the local searches that move
  meetings (S4 :func:`compact_buyers`, S5 :func:`close_buyer_gaps`, :func:`bring_home`);
* :mod:`~asmex_sched.model.selection.lifts`: the local searches that add meetings
  (S1a :func:`raise_worst_off`, :func:`lift_start`, S2 :func:`upgrade_value`,
  :func:`fill_sessions`).

The names other modules and the tests use are re-exported here: import them from
``asmex_sched.model.selection``. A function or class is looked up in the globals of
the module whose code reads it: a test that replaces one read inside this package
sets it on that submodule (``compaction.SlotLoad``, ``compaction._exchange``); one read
by ``run`` or ``tiers`` as ``sel.name`` is set here.
"""

from __future__ import annotations

from asmex_sched.model.selection.compaction import bring_home, close_buyer_gaps, compact_buyers
from asmex_sched.model.selection.constraints import (
    HARD_RULES,
    add_h1_pair_once,
    add_h2_company_capacity,
    add_h4_tables,
    add_h5_interpreters,
    add_h6_max_meetings,
    add_h7_h8_required,
    window_cuts,
)
from asmex_sched.model.selection.earlier import (
    earlier_half_days,
    earlier_in_half_days,
    half_day_positions,
)
from asmex_sched.model.selection.figures import (
    evaluate,
    plan_value,
    plan_worst_off,
    worst_off_level,
)
from asmex_sched.model.selection.lifts import (
    fill_sessions,
    lift_past_announced,
    lift_start,
    lift_up_to,
    raise_worst_off,
    upgrade_value,
)
from asmex_sched.model.selection.loads import SessionLoad, SlotLoad
from asmex_sched.model.selection.objectives import (
    add_worst_off_level,
    s1a_worst_off,
    s1b_next_worst,
    s2_value,
    s3_changes,
    s4_buyer_half_days,
)
from asmex_sched.model.selection.variables import SelectionVars

__all__ = [
    "HARD_RULES",
    "SelectionVars",
    "SessionLoad",
    "SlotLoad",
    "add_h1_pair_once",
    "add_h2_company_capacity",
    "add_h4_tables",
    "add_h5_interpreters",
    "add_h6_max_meetings",
    "add_h7_h8_required",
    "add_worst_off_level",
    "bring_home",
    "close_buyer_gaps",
    "compact_buyers",
    "earlier_half_days",
    "earlier_in_half_days",
    "evaluate",
    "fill_sessions",
    "half_day_positions",
    "lift_past_announced",
    "lift_start",
    "lift_up_to",
    "plan_value",
    "plan_worst_off",
    "raise_worst_off",
    "s1a_worst_off",
    "s1b_next_worst",
    "s2_value",
    "s3_changes",
    "s4_buyer_half_days",
    "upgrade_value",
    "window_cuts",
    "worst_off_level",
]
