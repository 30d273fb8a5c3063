"""Independent validator: re-checks every hard rule and recomputes the score.

A schedule is only trusted after this check. It is written in plain Python
against :mod:`asmex_sched.domain` and the standard library only -- it must never
import ``ortools`` or :mod:`asmex_sched.model` (a test enforces this) -- so that a
wrong constraint in the CP-SAT model cannot hide behind the same mistake here.

Rule ids (``H1``..``H9`` for hard rules, ``S1a``..``S5`` for the score tiers) are
the ones of ``docs/model.md``; the model, the tests and the reports use the same.

Conventions for :class:`Violation` fields:

* ``companies``: the ids of the companies concerned -- the meeting's
  ``(exporter, buyer)`` for a problem with one meeting (H1, H4 table range,
  H5 flag, H7, H8, H9); the company itself for a company-level problem (H2, H6);
  the unavailable party or parties for H3; the pairs of every meeting involved,
  flattened in schedule order, for a slot-level clash (H4 table taken twice,
  H5 too many interpreters).
* ``slot``: the global slot index the problem is at, or ``None`` when it has
  none (H6, or an H7/H8 requirement whose time is not in the slot grid).

Meetings at a slot index that does not exist are reported under H1 and are
left out of the per-slot checks (H2, H3, H4 clashes, H5 interpreter count).
Meetings naming an unknown company are reported under H1 and skipped where the
company's data would be needed (H2, H3, H6).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from asmex_sched.domain import (
    CHANGE_COST_CANCELLED,
    CHANGE_COST_MOVED,
    CHANGE_COST_TABLE,
    FixedMeeting,
    Instance,
    Meeting,
    PublishedMeeting,
    Schedule,
    Score,
)

__all__ = ["Violation", "held_per_company", "score", "validate"]


@dataclass(frozen=True)
class Violation:
    """One broken hard rule, located as precisely as possible."""

    rule: str  # "H1".."H9", or "floor:meetings" / "floor:value" (check_floors)
    message: str  # plain English: companies by id and name, slot label, table
    companies: tuple[str, ...] = ()
    slot: int | None = None
    #: The meetings it is about, by pair (H1 to H5, H7 to H9; for H6 every meeting of
    #: the company): for ``check`` to name their rows (a company's own meetings at
    #: another table are not).
    meetings: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"

    def sort_key(self) -> tuple[int, int, tuple[str, ...], str]:
        """Rule number, then slot (``None`` first), then company ids, then text."""
        return (
            int(self.rule[1:]) if self.rule[1:].isdigit() else 99,  # the floors last
            -1 if self.slot is None else self.slot,
            self.companies,
            self.message,
        )


# ------------------------------------------------------------------ wording
def _company(instance: Instance, cid: str) -> str:
    company = instance.companies.get(cid)
    return f"{cid} ({company.name})" if company is not None else f"{cid} (unknown company)"


def _slot_valid(instance: Instance, index: int) -> bool:
    return 0 <= index < len(instance.slots)


def _slot(instance: Instance, index: int) -> str:
    if _slot_valid(instance, index):
        return instance.slots[index].label
    return f"slot #{index} (not in the slot grid)"


def _pair(instance: Instance, m: Meeting | FixedMeeting | PublishedMeeting) -> str:
    return f"{_company(instance, m.exporter_id)} with {_company(instance, m.buyer_id)}"


def _meeting(instance: Instance, m: Meeting) -> str:
    return f"the meeting of {_pair(instance, m)} at {_slot(instance, m.slot)}, table {m.table}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# ----------------------------------------------------------------- validate
def validate(
    instance: Instance, schedule: Schedule, pinned: Sequence[FixedMeeting] = ()
) -> list[Violation]:
    """Every hard-rule violation of ``schedule``, in a deterministic order.

    ``pinned`` are extra meetings that must be kept exactly (re-planning: frozen
    or locked meetings of a published agenda); they are checked like the
    instance's fixed meetings, under rule H8. An empty list means the schedule
    is valid. Order: by rule number, then slot (``None`` first), then company ids.
    """
    out: list[Violation] = []
    out += _check_h1(instance, schedule)
    out += _check_h2(instance, schedule)
    out += _check_h3(instance, schedule)
    out += _check_h4(instance, schedule)
    out += _check_h5(instance, schedule)
    out += _check_h6(instance, schedule)
    out += _check_required(instance, schedule, instance.fixed, "H7")
    out += _check_required(instance, schedule, tuple(pinned), "H8")
    out += _check_h9(instance, schedule, pinned)
    return sorted(out, key=Violation.sort_key)


def check_floors(
    instance: Instance, schedule: Schedule, meetings_floor: int | None, value_floor: int | None
) -> list[Violation]:
    """``floor:meetings`` and ``floor:value`` (docs/model.md, "Floors"): the plan holds
    at least ``meetings_floor`` meetings and ``value_floor`` weighted value (S2), counted
    here, not taken from the solver (the floors were enforced in the model alone; an
    audit). ``None``: no floor given."""
    out = []
    held = len(schedule.meetings)
    if meetings_floor is not None and held < meetings_floor:
        said = f"{held} meetings, below the floor {meetings_floor} (the greedy plan's)"
        out.append(Violation("floor:meetings", said))
    value = _value(instance, schedule)
    if value_floor is not None and value < value_floor:
        said = f"weighted value {value}, below the floor {value_floor}"
        out.append(Violation("floor:value", said))
    return out


def _check_h9(
    instance: Instance, schedule: Schedule, pinned: Sequence[FixedMeeting]
) -> list[Violation]:
    """H9: when re-planning, no meeting starts before the horizon (now + notice)
    but the fixed and pinned ones, where they are. Computed here from the slot
    times, not from the instance's candidate slots (which the model uses)."""
    horizon = instance.horizon
    if horizon is None:
        return []
    kept = {(f.key, f.day, f.start) for f in (*instance.fixed, *pinned)}
    out: list[Violation] = []
    for m in schedule.meetings:
        if not _slot_valid(instance, m.slot):
            continue
        slot = instance.slots[m.slot]
        if datetime.combine(slot.day, slot.start) >= horizon:
            continue
        if (m.key, slot.day, slot.start) not in kept:
            out.append(
                Violation(
                    "H9",
                    f"{_meeting(instance, m)} starts at {_slot(instance, m.slot)}, before "
                    f"{horizon:%Y-%m-%d %H:%M} (now + notice): only frozen, locked "
                    "or fixed meetings may",
                    m.key,
                    m.slot,
                    (m.key,),
                )
            )
    return out


def _check_h1(instance: Instance, schedule: Schedule) -> list[Violation]:
    out: list[Violation] = []
    exporters = {c.id for c in instance.exporters}
    buyers = {c.id for c in instance.buyers}
    seen: dict[tuple[str, str], Meeting] = {}
    for m in schedule.meetings:
        pair = m.key
        where = _meeting(instance, m)
        if not _slot_valid(instance, m.slot):
            out.append(
                Violation(
                    "H1",
                    f"{where}: slot index {m.slot} does not exist "
                    f"(the grid has slots 0..{len(instance.slots) - 1})",
                    pair,
                    m.slot,
                    (pair,),
                )
            )
        ids_ok = True
        if m.exporter_id not in exporters:
            ids_ok = False
            out.append(
                Violation(
                    "H1",
                    f"{where}: {_company(instance, m.exporter_id)} is not an exporter",
                    pair,
                    m.slot,
                    (pair,),
                )
            )
        if m.buyer_id not in buyers:
            ids_ok = False
            out.append(
                Violation(
                    "H1",
                    f"{where}: {_company(instance, m.buyer_id)} is not a buyer",
                    pair,
                    m.slot,
                    (pair,),
                )
            )
        if ids_ok and pair not in instance.request_by_key:
            out.append(
                Violation(
                    "H1",
                    f"{where}: this pair is not a requested meeting",
                    pair,
                    m.slot,
                    (pair,),
                )
            )
        if pair in seen:
            first = seen[pair]
            out.append(
                Violation(
                    "H1",
                    f"{_pair(instance, m)} meet more than once: at "
                    f"{_slot(instance, first.slot)}, table {first.table} and again at "
                    f"{_slot(instance, m.slot)}, table {m.table}",
                    pair,
                    m.slot,
                    (pair,),
                )
            )
        else:
            seen[pair] = m
    return out


def _by_valid_slot(instance: Instance, schedule: Schedule) -> dict[int, list[Meeting]]:
    out: dict[int, list[Meeting]] = defaultdict(list)
    for m in schedule.meetings:
        if _slot_valid(instance, m.slot):
            out[m.slot].append(m)
    return dict(sorted(out.items()))


def _check_h2(instance: Instance, schedule: Schedule) -> list[Violation]:
    out: list[Violation] = []
    for s, meetings in _by_valid_slot(instance, schedule).items():
        per_company: dict[str, list[Meeting]] = defaultdict(list)
        for m in meetings:
            per_company[m.exporter_id].append(m)
            if m.buyer_id != m.exporter_id:
                per_company[m.buyer_id].append(m)
        for cid in sorted(per_company):
            company = instance.companies.get(cid)
            held = per_company[cid]
            if company is None or len(held) <= instance.delegates_at(cid, s):
                continue
            others = ", ".join(
                f"{_company(instance, m.buyer_id if m.exporter_id == cid else m.exporter_id)}"
                f" at table {m.table}"
                for m in held
            )
            out.append(
                Violation(
                    "H2",
                    f"{_company(instance, cid)} holds {len(held)} meetings at "
                    f"{_slot(instance, s)} but has "
                    f"{_plural(instance.delegates_at(cid, s), 'delegate')}: "
                    f"{others}",
                    (cid,),
                    s,
                    tuple(m.key for m in held),
                )
            )
    return out


def _check_h3(instance: Instance, schedule: Schedule) -> list[Violation]:
    out: list[Violation] = []
    for m in schedule.meetings:
        if not _slot_valid(instance, m.slot):
            continue
        away = tuple(
            cid
            for cid in (m.exporter_id, m.buyer_id)
            if cid in instance.available and m.slot not in instance.available[cid]
        )
        if away:
            who = " and ".join(_company(instance, cid) for cid in away)
            verb = "is" if len(away) == 1 else "are"
            # the mission's or a side's time closed, not the companies (a reader)
            slot = instance.slots[m.slot]
            group = instance.closed_to(slot, away)
            reason = instance.closed_reason(slot) if group else ""
            closed = f": closed to {group}" + (f", {reason}" if reason else "") if group else ""
            out.append(
                Violation(
                    "H3",
                    f"{who} {verb} not available at {_slot(instance, m.slot)}{closed} "
                    f"({_meeting(instance, m)})",
                    away,
                    m.slot,
                    (m.key,),
                )
            )
    return out


def _check_h4(instance: Instance, schedule: Schedule) -> list[Violation]:
    out: list[Violation] = []
    for m in schedule.meetings:
        # before the re-planning horizon, the tables the held meetings used count too
        tables = instance.tables_at(m.slot)
        if not 1 <= m.table <= tables:
            out.append(
                Violation(
                    "H4",
                    f"{_meeting(instance, m)}: table {m.table} does not exist "
                    f"(tables are numbered 1..{tables})",
                    m.key,
                    m.slot,
                    (m.key,),
                )
            )
    for s, meetings in _by_valid_slot(instance, schedule).items():
        per_table: dict[int, list[Meeting]] = defaultdict(list)
        for m in meetings:
            per_table[m.table].append(m)
        for table in sorted(per_table):
            held = per_table[table]
            if len(held) > 1:
                pairs = "; ".join(_pair(instance, m) for m in held)
                out.append(
                    Violation(
                        "H4",
                        f"table {table} at {_slot(instance, s)} holds {len(held)} meetings: "
                        f"{pairs}",
                        tuple(cid for m in held for cid in m.key),
                        s,
                        tuple(m.key for m in held),
                    )
                )
    return out


def _check_h5(instance: Instance, schedule: Schedule) -> list[Violation]:
    out: list[Violation] = []
    for m in schedule.meetings:
        needed = instance.interpreter_needed.get(m.key)
        if needed is None or m.interpreter == needed:
            continue
        if needed:
            text = "needs an interpreter (no common language) but has none"
        else:
            text = "has an interpreter although the parties share a language (or one lists none)"
        out.append(Violation("H5", f"{_meeting(instance, m)} {text}", m.key, m.slot, (m.key,)))
    for s, meetings in _by_valid_slot(instance, schedule).items():
        limit = instance.interpreters_at(s)  # before the horizon: what was held, if more
        with_interpreter = [m for m in meetings if m.interpreter]
        if len(with_interpreter) > limit:
            pairs = "; ".join(_pair(instance, m) for m in with_interpreter)
            out.append(
                Violation(
                    "H5",
                    f"{len(with_interpreter)} meetings at {_slot(instance, s)} have an "
                    f"interpreter but only {_plural(limit, 'interpreter')} "
                    f"{'is' if limit == 1 else 'are'} available: {pairs}",
                    tuple(cid for m in with_interpreter for cid in m.key),
                    s,
                    tuple(m.key for m in with_interpreter),
                )
            )
    return out


def _check_h6(instance: Instance, schedule: Schedule) -> list[Violation]:
    out: list[Violation] = []
    held = held_per_company(instance, schedule)
    # The record: before the horizon (plan), or as written before the agenda's recorded
    # horizon (``Instance.held``: check, whose instance has no horizon, named the
    # meetings held on Monday among those to choose from; a French coordinator).
    record = {
        (p.key, slot.index)
        for p in instance.held
        if (slot := instance.slot_of(p.day, p.start)) is not None
    }
    for cid in sorted(instance.companies):
        cap = instance.max_meetings_of(cid)  # what it keeps before the horizon, if more
        if cap is not None and held[cid] > cap:
            raw = instance.companies[cid].max_meetings
            kept = f" (max_meetings {raw}; {cap} kept before the re-planning horizon)"
            mine = [m for m in schedule.meetings if cid in m.key]
            to_come = [
                m
                for m in mine
                if m.slot not in instance.closed_slots and (m.key, m.slot) not in record
            ]
            out.append(
                Violation(
                    "H6",
                    f"{_company(instance, cid)} holds {held[cid]} meetings but accepts at "
                    f"most {cap}{kept if cap != raw else ''}",
                    (cid,),
                    None,
                    # its meetings, the ones to choose from: check names their rows;
                    # in a re-planned agenda those from the horizon on (the record's
                    # cannot be removed: a second reader), if any
                    tuple(m.key for m in (to_come or mine)),
                )
            )
    return out


def _check_required(
    instance: Instance, schedule: Schedule, required: Sequence[FixedMeeting], rule: str
) -> list[Violation]:
    """H7 (``instance.fixed``) and H8 (``pinned``): held at the slot, and table if set."""
    out: list[Violation] = []
    by_pair: dict[tuple[str, str], list[Meeting]] = defaultdict(list)
    for m in schedule.meetings:
        by_pair[m.key].append(m)
    for f in required:
        kind = f"{f.source} meeting" if f.source else "required meeting"
        at = f"{f.day.isoformat()} {f.start:%H:%M}"
        if f.table is not None:
            at += f", table {f.table}"
        what = f"the {kind} of {_pair(instance, f)} ({at})"
        slot = instance.slot_of(f.day, f.start)
        if slot is None:
            out.append(
                Violation(
                    rule,
                    f"{what} cannot be held: {f.day.isoformat()} {f.start:%H:%M} is not the "
                    "start of a slot",
                    f.key,
                    None,
                )
            )
            continue
        held = by_pair.get(f.key, [])
        if any(m.slot == slot.index and f.table in (None, m.table) for m in held):
            continue
        if not held:
            problem = "is not held"
        else:
            m = next((m for m in held if m.slot == slot.index), held[0])
            if m.slot != slot.index:
                problem = f"is held at {_slot(instance, m.slot)}, table {m.table} instead"
            else:
                problem = f"is held at table {m.table} instead"
        out.append(Violation(rule, f"{what} {problem}", f.key, slot.index, (f.key,)))
    return out


# -------------------------------------------------------------------- score
def held_per_company(instance: Instance, schedule: Schedule) -> dict[str, int]:
    """Meetings held by every company of ``instance`` (0 when none), in id order.

    Counts the schedule's meetings as listed (ids not in the instance are ignored).
    """
    out = {cid: 0 for cid in sorted(instance.companies)}
    for m in schedule.meetings:
        if m.exporter_id in out:
            out[m.exporter_id] += 1
        if m.buyer_id in out and m.buyer_id != m.exporter_id:
            out[m.buyer_id] += 1
    return out


def score(
    instance: Instance, schedule: Schedule, baseline: Sequence[PublishedMeeting] = ()
) -> Score:
    """Recompute the lexicographic objective (rules S1a..S5) from ``schedule``.

    ``baseline`` is the published agenda the schedule re-plans (rule S3);
    without one, ``changes`` is 0. See ``docs/model.md`` for the definitions.
    """
    held = held_per_company(instance, schedule)
    worst_off, next_worst = _fairness(instance, held)
    return Score(
        worst_off=worst_off,
        next_worst=next_worst,
        value=_value(instance, schedule),
        changes=_changes(instance, schedule, baseline),
        buyer_half_days=_buyer_half_days(instance, schedule),
        buyer_gaps=_buyer_gaps(instance, schedule),
        meetings=len(schedule),
        half_day_positions=_half_day_positions(instance, schedule),
    )


def _half_day_positions(instance: Instance, schedule: Schedule) -> int:
    """S6: the sum over meetings of their half-day's position in the mission (0 for
    the first half-day); meetings at slots not in the grid count nothing."""
    position = {h: i for i, h in enumerate(sorted({s.session for s in instance.slots}))}
    return sum(
        position[instance.slots[m.slot].session]
        for m in schedule.meetings
        if _slot_valid(instance, m.slot)
    )


def _fairness(instance: Instance, held: dict[str, int]) -> tuple[int, int]:
    """S1a worst_off and S1b next_worst, over the exporters still in the mission (one
    that left is kept for its record only)."""
    cap = instance.fairness_cap
    exporters = [e.id for e in instance.exporters if e.id not in instance.departed]
    if not exporters:
        return 0, 0
    short = [held[e] for e in exporters if held[e] < cap[e]]
    worst_off = min(short) if short else max(cap[e] for e in exporters)
    next_worst = sum(1 for e in exporters if held[e] >= min(worst_off + 1, cap[e]))
    return worst_off, next_worst


def _value(instance: Instance, schedule: Schedule) -> int:
    """S2: total weight of the requested pairs held (each pair counted once)."""
    pairs = {m.key for m in schedule.meetings if m.key in instance.weight}
    return sum(instance.weight[k] for k in pairs)


def _changes(instance: Instance, schedule: Schedule, baseline: Sequence[PublishedMeeting]) -> int:
    """S3: cost of the changes to a published agenda's still-requested meetings."""
    by_pair: dict[tuple[str, str], list[Meeting]] = defaultdict(list)
    for m in schedule.meetings:
        by_pair[m.key].append(m)
    total = 0
    for p in baseline:
        if p.key not in instance.request_by_key:
            continue  # forced: company removed or request withdrawn
        best = CHANGE_COST_CANCELLED
        for m in by_pair.get(p.key, []):
            if not _slot_valid(instance, m.slot):
                cost = CHANGE_COST_MOVED
            else:
                s = instance.slots[m.slot]
                if (s.day, s.start) != (p.day, p.start):
                    cost = CHANGE_COST_MOVED
                elif m.table != p.table:
                    cost = CHANGE_COST_TABLE
                else:
                    cost = 0
            best = min(best, cost)
        total += best
    return total


def _buyer_slots(instance: Instance, schedule: Schedule) -> dict[str, set[int]]:
    """Valid slot indices at which each buyer has at least one meeting."""
    buyers = {c.id for c in instance.buyers}
    out: dict[str, set[int]] = defaultdict(set)
    for m in schedule.meetings:
        if m.buyer_id in buyers and _slot_valid(instance, m.slot):
            out[m.buyer_id].add(m.slot)
    return out


def _buyer_half_days(instance: Instance, schedule: Schedule) -> int:
    """S4: (buyer, session) pairs with at least one meeting."""
    return sum(
        len({instance.slots[s].session for s in slots})
        for slots in _buyer_slots(instance, schedule).values()
    )


def _buyer_gaps(instance: Instance, schedule: Schedule) -> int:
    """S5: idle slots strictly between a buyer's first and last meeting of a session."""
    position = {s.index: i for slots in instance.sessions.values() for i, s in enumerate(slots)}
    total = 0
    for slots in _buyer_slots(instance, schedule).values():
        per_session: dict[int, set[int]] = defaultdict(set)
        for s in slots:
            per_session[instance.slots[s].session].add(position[s])
        for used in per_session.values():
            total += (max(used) - min(used) + 1) - len(used)
    return total
