"""Plain-language explanations: why a request is not held, why a plan is impossible.

Pure functions over the domain; used by the planner and the reports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from asmex_sched.domain import (
    LEFT_AFTER_HORIZON,
    MAX_REACHED,
    FixedMeeting,
    Instance,
    Schedule,
    Unscheduled,
)


def unscheduled(instance: Instance, schedule: Schedule) -> list[Unscheduled]:
    """Every request not held, with the most specific reason that applies.

    * ``no_interpreter``: the two parties share no language (rule H5) and the
      mission has no interpreter;
    * ``no_common_slot``: the two parties share no available slot (when
      re-planning, none left after the horizon, rule H9);
    * ``at_capacity``: a party takes no meetings (``max_meetings`` 0: checked first,
      whatever else holds), or a party reached its ``max_meetings``, or in every common
      slot one of the two parties already holds as many meetings as it has
      delegates;
    * ``lost_to_priority``: both parties were free at a common time, but the
      plan gave that time's tables or interpreters to other meetings (higher
      weight, or fairness between exporters). The detail counts, over those
      times, where every table was taken, where every interpreter was, and
      where room was left (a plan cut short by its time limit, or made by hand).
    """
    held = schedule.by_key
    busy: dict[tuple[str, int], int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    at_slot: dict[int, int] = defaultdict(int)
    interpreting: dict[int, int] = defaultdict(int)
    for m in schedule.meetings:
        at_slot[m.slot] += 1
        interpreting[m.slot] += int(m.interpreter)
        for cid in (m.exporter_id, m.buyer_id):
            busy[(cid, m.slot)] += 1
            total[cid] += 1
    tables, interpreters = instance.tables_at, instance.interpreters_at  # rules H4, H5
    out: list[Unscheduled] = []
    for r in instance.requests:
        if r.key in held:
            continue
        none = [cid for cid in r.key if instance.companies[cid].max_meetings == 0]
        if none:  # first: after a re-plan it read "no common availability" (a proofreader)
            names = ", ".join(instance.companies[c].name for c in none)
            out.append(
                Unscheduled(r.exporter_id, r.buyer_id, "at_capacity", f"{MAX_REACHED}{names}")
            )
            continue
        if instance.interpreter_needed[r.key] and instance.mission.interpreters == 0:
            e, b = (instance.companies[cid] for cid in r.key)
            detail = (
                f"{e.name}: {'; '.join(e.languages)}; {b.name}: {'; '.join(b.languages)} "
                "(Mission setting interpreters: 0)"
            )
            out.append(Unscheduled(r.exporter_id, r.buyer_id, "no_interpreter", detail))
            continue
        cands = instance.candidates[r.key]
        if not cands:
            detail = (
                f"{LEFT_AFTER_HORIZON}{instance.horizon:%Y-%m-%d %H:%M} (now + notice)"
                if instance.only_before_horizon(r.key)
                else ""
            )
            out.append(Unscheduled(r.exporter_id, r.buyer_id, "no_common_slot", detail))
            continue
        full = [
            cid
            for cid in r.key
            if (cap := instance.max_meetings_of(cid)) is not None and total[cid] >= cap
        ]
        if full:
            names = ", ".join(instance.companies[c].name for c in full)
            out.append(
                Unscheduled(
                    r.exporter_id, r.buyer_id, "at_capacity", f"{MAX_REACHED}{names}"
                )
            )
            continue
        free = [
            s
            for s in cands
            if all(busy[(cid, s)] < instance.delegates_at(cid, s) for cid in r.key)
        ]
        if not free:
            out.append(
                Unscheduled(
                    r.exporter_id,
                    r.buyer_id,
                    "at_capacity",
                    "every common slot is taken by their other meetings",
                )
            )
            continue
        no_table = sum(at_slot[s] >= tables(s) for s in free)
        needs = instance.interpreter_needed[r.key]
        no_interpreter = sum(
            needs and at_slot[s] < tables(s) and interpreting[s] >= interpreters(s) for s in free
        )
        room = len(free) - no_table - no_interpreter
        parts = [f"every table taken at {no_table}"] if no_table else []
        if no_interpreter:
            parts.append(f"every interpreter taken at {no_interpreter}")
        if room:
            parts.append(f"room left at {room}")
        out.append(
            Unscheduled(
                r.exporter_id,
                r.buyer_id,
                "lost_to_priority",
                f"{len(free)} common free time(s): {', '.join(parts)}",
            )
        )
    return out


#: Where a required meeting comes from, as its conflicts name it.
_REQUIRED_BY = {
    "fixed": "Fixed sheet",
    "locked": "locked in the agenda",
    # not "announced": a meeting typed there by hand is frozen too, never sent (a cron
    # week's tester); "held or": a meeting moved by hand to a time already past is
    # frozen as well, and was named "within the notice period" (a cron tester, session 43)
    "frozen": "in the agenda, held or within the notice period",
}


def required_by(f: FixedMeeting) -> str:
    """Where ``f`` is required, as a conflict names it: a roster's row by its sheet as
    typed and its row (``sheet Rendez-vous fixés, row 4``): "(Fixed sheet)", the
    internal name, was said of a French roster's rows, which were not named (a French
    coordinator's tester); docs/roster.md, "Problems", promises names as typed."""
    if f.source == "fixed" and f.sheet:
        return f"sheet {f.sheet}" + (f", row {f.row}" if f.row is not None else "")
    return _REQUIRED_BY.get(f.source, f.source)


def _count(n: int, word: str) -> str:
    """``1 table``, ``2 tables``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def requirement_conflicts(instance: Instance, pinned: Sequence[FixedMeeting] = ()) -> list[str]:
    """Why the fixed and pinned meetings cannot all hold, or ``[]`` if they can.

    Every other meeting is optional, so only these requirements can make the
    problem infeasible. Each message names the meetings involved.
    """
    msgs: list[str] = []
    reqs = list(instance.fixed) + list(pinned)
    seen: dict[tuple[str, str], FixedMeeting] = {}
    placed: list[tuple[FixedMeeting, int]] = []
    for f in reqs:
        label = f"{f.source} meeting {f.exporter_id} x {f.buyer_id} at {f.day} {f.start:%H:%M}"
        if f.key not in instance.request_by_key:
            msgs.append(f"H1: {label}: the pair is no longer in the roster")
            continue
        if f.key in seen:
            other = seen[f.key]
            if (other.day, other.start) != (f.day, f.start):
                msgs.append(
                    f"H1: {label}: the same pair is also required at {other.day} "
                    f"{other.start:%H:%M}"
                )
            continue
        seen[f.key] = f
        slot = instance.slot_of(f.day, f.start)
        if slot is None:
            # The rule of the meeting's kind, as the validator and docs/model.md name it
            # (it was H1 here, H7/H8 there; a style reviewer).
            rule = "H7" if f.source == "fixed" else "H8"
            msgs.append(f"{rule}: {label}: not a slot start of the mission grid")
            continue
        if f.table is not None and not 1 <= f.table <= instance.tables_at(slot.index):
            msgs.append(
                f"H4: {label}: table {f.table} does not exist "
                f"({_count(instance.tables_at(slot.index), 'table')})"
            )
            continue
        missing = [c for c in f.key if slot.index not in instance.available[c]]
        if missing:
            msgs.append(f"H3: {label}: {', '.join(missing)} not available then")
            continue
        placed.append((f, slot.index))

    def names(items: list[FixedMeeting]) -> str:
        """The meetings, each with where it is required: exit 3 said "unlock or move the
        named meetings" without telling the agenda's locks from the roster's Fixed rows
        (a capacity tester). A roster's row by its sheet as typed and its row (:func:`
        required_by`)."""
        return "; ".join(f"{f.exporter_id} x {f.buyer_id} ({required_by(f)})" for f in items)

    by_company_slot: dict[tuple[str, int], list[FixedMeeting]] = defaultdict(list)
    by_slot: dict[int, list[FixedMeeting]] = defaultdict(list)
    by_table: dict[tuple[int, int], list[FixedMeeting]] = defaultdict(list)
    by_company: dict[str, list[FixedMeeting]] = defaultdict(list)
    for f, s in placed:
        for cid in f.key:
            by_company_slot[(cid, s)].append(f)
            by_company[cid].append(f)
        by_slot[s].append(f)
        if f.table is not None:
            by_table[(s, f.table)].append(f)
    label_of = {s.index: s.label for s in instance.slots}
    for (cid, s), fs in sorted(by_company_slot.items()):
        cap = instance.delegates_at(cid, s)  # before the horizon: what it held, if more
        if len(fs) > cap:
            msgs.append(
                f"H2: {cid} has {_count(len(fs), 'required meeting')} at {label_of[s]} but "
                f"{_count(cap, 'delegate')}: {names(fs)}"
            )
    for s, fs in sorted(by_slot.items()):
        tables = instance.tables_at(s)  # the setting there, or what was held, if more
        if len(fs) > tables:
            msgs.append(
                f"H4: {len(fs)} required meetings at {label_of[s]} but "
                f"{_count(tables, 'table')}: {names(fs)}"
            )
        interp = [f for f in fs if instance.interpreter_needed[f.key]]
        interpreters = instance.interpreters_at(s)
        if len(interp) > interpreters:
            # Above the setting, the limit there is what the meetings kept there use: not
            # "the mission has 3" beside a warning saying it has 1 (a second reader).
            setting = instance.mission.interpreters
            limit = (
                f"the mission has {_count(interpreters, 'interpreter')}"
                if interpreters == setting
                else f"only {interpreters} can have one there (the meetings kept there; "
                f"Mission interpreters {setting})"
            )
            msgs.append(
                f"H5: {_count(len(interp), 'required meeting')} "
                f"need{'s' if len(interp) == 1 else ''} an interpreter at {label_of[s]} but "
                f"{limit}: {names(interp)}"
            )
    for (s, t), fs in sorted(by_table.items()):
        if len(fs) > 1:
            msgs.append(f"H4: table {t} is required twice at {label_of[s]}: {names(fs)}")
    for cid, fs in sorted(by_company.items()):
        cap = instance.max_meetings_of(cid)
        if cap is not None and len(fs) > cap:
            raw = instance.companies[cid].max_meetings
            kept = f" ({cap} kept before the re-planning horizon)" if cap != raw else ""
            msgs.append(
                f"H6: {cid} has {_count(len(fs), 'required meeting')} but max_meetings "
                f"{raw}{kept}: "
                f"{names(fs)}"  # the meetings named, as exit 3 promises (a tester)
            )
    return msgs
