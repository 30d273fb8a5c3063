"""Pure domain of asmex-sched: frozen dataclasses keyed by the roster's own ids.

Nothing here reads files, prints or imports a solver. Every rule of the model is
stated in terms of these objects (see ``docs/model.md``); the CP-SAT model, the
independent validator and the reports all derive the same facts from the same
functions defined here (slot grid, availability, candidate slots, interpreter
need, request weight), so that they cannot disagree on the *data*, while the
validator re-checks the *rules* on its own.

The package, one concern a module, each importing only those listed before it:

- :mod:`.mission`: the mission's settings, companies, requests, unavailability and
  fixed meetings, slots, meetings and schedules; the slot grid (``build_slots``), a
  request's weight and a wish's priority, who an unavailability row concerns and who
  needs an interpreter;
- :mod:`.languages`: language names and codes read as ISO 639-1 codes
  (``language_code``), ``strip_accents`` and ``INVISIBLE``;
- :mod:`.clock`: time zones and real-time arithmetic on mission times, the notice
  horizon (``notice_horizon``) and the clock-change blocks (``clock_change_blocks``);
- :mod:`.changes`: published meetings (``PublishedMeeting``, ``meeting_id``), the kinds
  of change and their costs (``CHANGE_COST_*``), ``Change``, the reasons of changes
  and ``diff_placements``;
- :mod:`.instance`: the whole planning problem, ``Instance``, and every fact derived
  from it;
- :mod:`.results`: a run's ``SolveStatus``, ``Score``, ``Unscheduled`` requests and
  their ``REASONS``, ``TierReport`` and ``SolveResult``;
- :mod:`.agenda`: a published ``Agenda`` read back, its ``meetings_hash`` and what was
  edited by hand;
- :mod:`.fingerprints`: the instance's ``fingerprint`` (input and planning hashes), the
  ``mission_hash`` of the Mission settings and ``mission_typed_over``.

Every name is re-exported here: import them from ``asmex_sched.domain``.
"""

from __future__ import annotations

from asmex_sched.domain.agenda import (
    Agenda,
    edited_by_hand,
    edited_pairs,
    ends_not_read,
    ends_typed_by_hand,
    meetings_hash,
)
from asmex_sched.domain.changes import (
    CHANGE_COST_CANCELLED,
    CHANGE_COST_MOVED,
    CHANGE_COST_TABLE,
    PLAN_CHANGE_KINDS,
    Change,
    ChangeKind,
    Placement,
    PublishedMeeting,
    already_held,
    already_held_in,
    change_order,
    diff_placements,
    end_reason,
    interpreter_reason,
    kept_in_place_reason,
    meeting_id,
    moved_reason,
    party,
)
from asmex_sched.domain.clock import (
    CLOCK_CHANGE,
    clock_change_blocks,
    from_local_iso,
    in_real_order,
    later_by,
    local_iso,
    notice_horizon,
    time_zone,
    up_to_the_minute,
)
from asmex_sched.domain.fingerprints import (
    ADDED_LATER,
    DETAILS_ONLY_FIELDS,
    SUMMARY_MISSION_KEYS,
    MissionTypedOver,
    fingerprint,
    mission_hash,
    mission_typed_over,
)
from asmex_sched.domain.instance import (
    Instance,
)
from asmex_sched.domain.languages import (
    INVISIBLE,
    ISO_639_1,
    LANGUAGE_NAMES,
    language_code,
    strip_accents,
)
from asmex_sched.domain.mission import (
    GROUP_ALL,
    GROUP_BUYERS,
    GROUP_EXPORTERS,
    Company,
    FixedMeeting,
    Meeting,
    Mission,
    Request,
    RequestedBy,
    Schedule,
    Side,
    Slot,
    Unavailability,
    build_slots,
    needs_interpreter,
    participants_of,
    request_weight,
    wish_priority,
)
from asmex_sched.domain.results import (
    FORMER_REASONS,
    LEFT_AFTER_HORIZON,
    MAX_REACHED,
    REASONS,
    Score,
    SolveResult,
    SolveStatus,
    TierReport,
    Unscheduled,
)

__all__ = [
    "ADDED_LATER",
    "Agenda",
    "CHANGE_COST_CANCELLED",
    "CHANGE_COST_MOVED",
    "CHANGE_COST_TABLE",
    "CLOCK_CHANGE",
    "Change",
    "ChangeKind",
    "Company",
    "DETAILS_ONLY_FIELDS",
    "FORMER_REASONS",
    "FixedMeeting",
    "GROUP_ALL",
    "GROUP_BUYERS",
    "GROUP_EXPORTERS",
    "ISO_639_1",
    "Instance",
    "LANGUAGE_NAMES",
    "LEFT_AFTER_HORIZON",
    "MAX_REACHED",
    "Meeting",
    "Mission",
    "MissionTypedOver",
    "PLAN_CHANGE_KINDS",
    "Placement",
    "PublishedMeeting",
    "REASONS",
    "Request",
    "RequestedBy",
    "Schedule",
    "Score",
    "SUMMARY_MISSION_KEYS",
    "Side",
    "Slot",
    "SolveResult",
    "SolveStatus",
    "TierReport",
    "Unavailability",
    "Unscheduled",
    "already_held",
    "already_held_in",
    "build_slots",
    "change_order",
    "clock_change_blocks",
    "diff_placements",
    "edited_by_hand",
    "edited_pairs",
    "end_reason",
    "ends_not_read",
    "ends_typed_by_hand",
    "fingerprint",
    "from_local_iso",
    "in_real_order",
    "interpreter_reason",
    "kept_in_place_reason",
    "language_code",
    "later_by",
    "local_iso",
    "meeting_id",
    "meetings_hash",
    "mission_hash",
    "mission_typed_over",
    "moved_reason",
    "needs_interpreter",
    "notice_horizon",
    "participants_of",
    "party",
    "request_weight",
    "INVISIBLE",
    "strip_accents",
    "time_zone",
    "up_to_the_minute",
    "wish_priority",
]
