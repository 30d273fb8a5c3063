"""The whole planning problem: :class:`Instance`.

The mission, its companies, requests and constraints, and, when re-planning, the
horizon and the meetings pinned or already held; every fact the rules are stated in
(slot grid, availability, candidate slots, interpreter need, request weights,
capacities, the fairness cap) is derived here once, lazily, so that the model, the
validator and the reports cannot disagree on the data. Imports :mod:`.mission` and
:mod:`.changes`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property

from asmex_sched.domain.changes import PublishedMeeting
from asmex_sched.domain.mission import (
    GROUP_ALL,
    GROUP_BUYERS,
    GROUP_EXPORTERS,
    Company,
    FixedMeeting,
    Mission,
    Request,
    Slot,
    Unavailability,
    _minutes,
    build_slots,
    needs_interpreter,
    participants_of,
    request_weight,
)


def _overlaps(slot: Slot, block: Unavailability) -> bool:
    return (
        slot.day == block.day
        and _minutes(slot.start) < _minutes(block.end)
        and _minutes(block.start) < _minutes(slot.end)
    )


@dataclass(frozen=True)
class KeptLoad:
    """What the fixed and pinned meetings (``Instance.kept_before_horizon``) take, per
    slot: of each company's delegates (by ``(company, slot)``), of the tables, and of
    the interpreters (those of them that need one); and each exporter's kept pairs with
    their slots (``by_exporter[e][pair]``, sorted)."""

    company: Counter[tuple[str, int]]
    tables: Counter[int]
    interpreted: Counter[int]
    by_exporter: dict[str, dict[tuple[str, str], list[int]]]


@dataclass(frozen=True)
class Instance:
    """A whole planning problem: mission, companies, requests, constraints.

    Companies and requests are kept sorted by id so that every loop over them
    is deterministic. Derived lookups are computed once, lazily.
    """

    mission: Mission
    exporters: tuple[Company, ...]
    buyers: tuple[Company, ...]
    requests: tuple[Request, ...]
    unavailability: tuple[Unavailability, ...] = ()
    fixed: tuple[FixedMeeting, ...] = ()
    input_hash: str = ""
    #: Re-planning (rule H9): no meeting starts before this moment (naive, mission
    #: time: now + ``notice_hours``), except the fixed meetings and ``pinned``.
    horizon: datetime | None = None
    #: Re-planning: the announced meetings kept where they are (frozen or locked),
    #: the only ones besides fixed meetings that may start before ``horizon``.
    pinned: tuple[FixedMeeting, ...] = ()
    #: Companies that left the roster, kept only for the meetings they had already
    #: held (a record of the mission; ``replan.with_departed``): no new meeting, no
    #: place in fairness, marked ``left_mission`` in the agenda, no agenda of their own.
    departed: frozenset[str] = frozenset()
    #: Re-planning: ``(pair, interpreter)`` of the meetings already held, as the agenda
    #: booked them. Their need follows the booking, not today's languages: a language
    #: corrected mid-mission made held meetings "need" an interpreter, more than the
    #: mission has at those past times, and every re-plan stopped (a second reader).
    interpreter_booked: frozenset[tuple[tuple[str, str], bool]] = frozenset()
    #: Re-planning: ``(former id, id)`` of companies whose id was corrected in the
    #: roster (``replan.renamed_companies``), written in the agenda (``former_ids``) so
    #: that the link outlives the name that made it.
    former_ids: tuple[tuple[str, str], ...] = ()
    #: Re-planning: the meetings before the horizon as ``plan`` wrote them (the agenda's
    #: copy as written, not its edits): what they use is what each of those slots
    #: allows (``tables_at``, ``interpreters_at``, ``delegates_at``). Not the pins: a
    #: meeting typed by hand at a held time raised the limits it broke, and was
    #: published (a second reader).
    held: tuple[PublishedMeeting, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "exporters", tuple(sorted(self.exporters, key=lambda c: c.id)))
        object.__setattr__(self, "buyers", tuple(sorted(self.buyers, key=lambda c: c.id)))
        object.__setattr__(self, "requests", tuple(sorted(self.requests, key=lambda r: r.key)))

    # ----------------------------------------------------------------- lookups
    @cached_property
    def slots(self) -> tuple[Slot, ...]:
        return build_slots(self.mission)

    @cached_property
    def companies(self) -> dict[str, Company]:
        """All companies by id (exporters first, then buyers)."""
        return {c.id: c for c in (*self.exporters, *self.buyers)}

    @cached_property
    def request_by_key(self) -> dict[tuple[str, str], Request]:
        return {r.key: r for r in self.requests}

    @cached_property
    def fixed_keys(self) -> frozenset[tuple[str, str]]:
        """The pairs of the roster's fixed meetings (rule H7; pinned ones are H8)."""
        return frozenset(f.key for f in self.fixed)

    def required_rule(self, key: tuple[str, str]) -> str:
        """The rule that requires the meeting of ``key``: H7 for a fixed meeting of the
        roster, H8 for one pinned by a re-plan (frozen or locked)."""
        return "H7" if key in self.fixed_keys else "H8"

    @cached_property
    def requests_of(self) -> dict[str, tuple[Request, ...]]:
        """Requests involving each company id (every company has an entry)."""
        out: dict[str, list[Request]] = {cid: [] for cid in self.companies}
        for r in self.requests:
            out[r.exporter_id].append(r)
            out[r.buyer_id].append(r)
        return {cid: tuple(rs) for cid, rs in out.items()}

    @cached_property
    def slot_by_time(self) -> dict[tuple[date, time], Slot]:
        return {(s.day, s.start): s for s in self.slots}

    @cached_property
    def sessions(self) -> dict[int, tuple[Slot, ...]]:
        """Slots of each half-day session, in order."""
        out: dict[int, list[Slot]] = {}
        for s in self.slots:
            out.setdefault(s.session, []).append(s)
        return {h: tuple(v) for h, v in sorted(out.items())}

    def blocks_of(self, company_id: str) -> tuple[Unavailability, ...]:
        """Unavailability blocks that concern ``company_id`` (own, ALL, its side)."""
        wanted = participants_of(self.companies[company_id])
        return tuple(u for u in self.unavailability if u.participant in wanted)

    def closed_to(self, slot: Slot, parties: Iterable[str] = ()) -> str | None:
        """The group whose Unavailability rows close ``slot`` to meetings (an opening
        ceremony, a site visit): ``ALL`` (also when both sides' are), ``EXPORTERS`` or
        ``BUYERS``; ``None`` if no group row covers it, or if one of ``parties`` is
        away then on its own rows too: that absence is what its counterpart must hear
        (rule H3; a second reader)."""
        own = set(parties)
        if any(u.participant in own and _overlaps(slot, u) for u in self.unavailability):
            return None
        groups = {
            u.participant
            for u in self.unavailability
            if u.participant in (GROUP_ALL, GROUP_EXPORTERS, GROUP_BUYERS) and _overlaps(slot, u)
        }
        if GROUP_ALL in groups or len(groups) == 2:
            return GROUP_ALL
        return groups.pop() if groups else None

    def closed_reason(self, slot: Slot) -> str:
        """The reason of a group row that closes ``slot`` (``ALL`` rows first), "" if
        none gives one: what the agenda's day grids show on a closed time."""
        rows = sorted(
            (u for u in self.unavailability
             if u.participant in (GROUP_ALL, GROUP_EXPORTERS, GROUP_BUYERS)
             and _overlaps(slot, u) and u.reason),
            key=lambda u: (u.participant != GROUP_ALL, u.participant, u.reason),
        )  # fmt: skip
        return rows[0].reason if rows else ""

    @cached_property
    def available(self) -> dict[str, frozenset[int]]:
        """Slot indices at which each company can meet (rule H3)."""
        out: dict[str, frozenset[int]] = {}
        for cid in self.companies:
            blocks = self.blocks_of(cid)
            out[cid] = frozenset(
                s.index for s in self.slots if not any(_overlaps(s, b) for b in blocks)
            )
        return out

    @cached_property
    def closed_slots(self) -> frozenset[int]:
        """Slots starting before the re-planning ``horizon`` (rule H9); none without one."""
        if self.horizon is None:
            return frozenset()
        return frozenset(
            s.index for s in self.slots if datetime.combine(s.day, s.start) < self.horizon
        )

    @cached_property
    def kept_before_horizon(self) -> frozenset[tuple[tuple[str, str], int]]:
        """(pair, slot) of the fixed and pinned meetings: exempt from rule H9."""
        out = set()
        for f in (*self.fixed, *self.pinned):
            slot = self.slot_of(f.day, f.start)
            if slot is not None:
                out.add((f.key, slot.index))
        return frozenset(out)

    @cached_property
    def candidates(self) -> dict[tuple[str, str], tuple[int, ...]]:
        """Slots where both parties of each request are available (H3), sorted;
        when re-planning, not before the horizon unless the meeting is kept there (H9)."""
        closed, kept = self.closed_slots, self.kept_before_horizon
        return {
            r.key: tuple(
                sorted(
                    s
                    for s in self.available[r.exporter_id] & self.available[r.buyer_id]
                    if s not in closed or (r.key, s) in kept
                )
            )
            for r in self.requests
        }

    @cached_property
    def placeable(self) -> dict[tuple[str, str], tuple[int, ...]]:
        """The slots each request can take in a valid agenda: a fixed (H7) or pinned
        (H8) meeting's own slot when it is one of its candidates, else the candidates
        (H3, H9). Stage 1 and the LP bound read this: with the fixed slot counted as
        any slot of its half-day, their window cuts let stage 1 choose, beside a
        fixed meeting, a meeting that could only take that very slot (session 47)."""
        required = dict(sorted(self.kept_before_horizon))
        out = {}
        for key, slots in self.candidates.items():
            slot = required.get(key)
            out[key] = (slot,) if slot is not None and slot in slots else slots
        return out

    def only_before_horizon(self, key: tuple[str, str]) -> bool:
        """The pair's two companies share available slots, but all before the
        re-planning horizon (rule H9): why such a request cannot be held."""
        common = self.available[key[0]] & self.available[key[1]]
        return bool(common) and common <= self.closed_slots

    @cached_property
    def interpreter_needed(self) -> dict[tuple[str, str], bool]:
        booked = dict(self.interpreter_booked)
        return {
            r.key: booked[r.key]
            if r.key in booked
            else needs_interpreter(self.companies[r.exporter_id], self.companies[r.buyer_id])
            for r in self.requests
        }

    @cached_property
    def weight(self) -> dict[tuple[str, str], int]:
        return {r.key: request_weight(r) for r in self.requests}

    @cached_property
    def fixed_slots(self) -> dict[tuple[str, str], FixedMeeting]:
        """Fixed meetings by pair."""
        return {f.key: f for f in self.fixed}

    def slot_of(self, day: date, start: time) -> Slot | None:
        """The slot starting at ``day`` ``start``, if the grid has one."""
        return self.slot_by_time.get((day, start))

    @cached_property
    def usable_slot_sets(self) -> dict[tuple[str, int], frozenset[int]]:
        """(company, session) -> the slots of that half-day where the company could hold
        one of its requests (both parties available). Missing key: none."""
        session_of = {s.index: s.session for s in self.slots}
        # Each company's candidate slots gathered first, then split by half-day: slot by
        # slot, request by request, it took about 1 s at a trade fair's size.
        usable: dict[str, set[int]] = {}
        for r in self.requests:
            candidates = self.candidates[r.key]
            for cid in r.key:
                usable.setdefault(cid, set()).update(candidates)
        used: dict[tuple[str, int], set[int]] = {}
        for cid, slots in usable.items():
            for s in sorted(slots):
                used.setdefault((cid, session_of[s]), set()).add(s)
        return {k: frozenset(v) for k, v in used.items()}

    @cached_property
    def session_usable_slot_sets(self) -> dict[tuple[int, bool], frozenset[int]]:
        """(session, interpreted) -> the slots of the half-day that some request (needing
        an interpreter, when ``interpreted``) could use. Missing key: none."""
        session_of = {s.index: s.session for s in self.slots}
        usable: dict[bool, set[int]] = {False: set(), True: set()}
        for r in self.requests:
            candidates = self.candidates[r.key]
            usable[False].update(candidates)
            if self.interpreter_needed[r.key]:
                usable[True].update(candidates)
        used: dict[tuple[int, bool], set[int]] = {}
        for interp, slots in usable.items():
            for s in sorted(slots):
                used.setdefault((session_of[s], interp), set()).add(s)
        return {k: frozenset(v) for k, v in used.items()}

    # ------------------------------------------------ capacities (H2, H4, H5)
    @cached_property
    def held_load(self) -> tuple[Counter[int], Counter[int], Counter[tuple[str, int]]]:
        """Per slot, of the meetings ``held`` (before the re-planning horizon, as
        written): the tables they take (their number, or the highest table number among
        them if more), the meetings with an interpreter (booked, or needed by today's
        languages), and each company's meetings.
        Empty for a first plan."""
        meetings: Counter[int] = Counter()
        tables: Counter[int] = Counter()
        interpreted: Counter[int] = Counter()
        company: Counter[tuple[str, int]] = Counter()
        seen: set[tuple[str, str]] = set()
        for p in self.held:
            slot = self.slot_of(p.day, p.start)
            if slot is None or p.key in seen:
                continue
            s = slot.index
            seen.add(p.key)
            meetings[s] += 1
            tables[s] = max(tables[s], p.table)
            # As written, or as today's languages need (a meeting within the notice
            # period keeps its time, and needs an interpreter after a language
            # corrected: every re-plan stopped with exit 3 until it had started, a
            # mission-week tester; ``services`` warns of it)
            interpreted[s] += int(p.interpreter or self.interpreter_needed.get(p.key, False))
            for cid in p.key:
                company[(cid, s)] += 1
        return meetings | tables, interpreted, company

    @cached_property
    def capacity_at(self) -> tuple[tuple[int, ...], tuple[int, ...], dict[tuple[str, int], int]]:
        """``tables_at`` and ``interpreters_at`` of every slot, and the companies' held
        meetings at once where there are any (looked up in the planners' inner loops)."""
        meetings, interpreted, company = self.held_load
        n = len(self.slots)
        return (
            tuple(max(self.mission.tables, meetings[s]) for s in range(n)),
            tuple(max(self.mission.interpreters, interpreted[s]) for s in range(n)),
            dict(company),
        )

    def tables_at(self, slot: int) -> int:
        """Tables at ``slot`` (rule H4): the ``tables`` setting, or, before the
        re-planning horizon, the tables the meetings kept there take (``held_load``) if
        more. A venue that lost tables (an interpreter ill, a delegate gone home: the
        two below) from a day on: the meetings already held stay as they were, and the
        setting holds from the horizon on (the re-plan was refused, its advice a new
        plan that booked the days held again; a coordinator's tester)."""
        tables = self.capacity_at[0]
        return tables[slot] if 0 <= slot < len(tables) else self.mission.tables

    def interpreters_at(self, slot: int) -> int:
        """Interpreters at ``slot`` (rule H5): as :meth:`tables_at`."""
        interpreters = self.capacity_at[1]
        return interpreters[slot] if 0 <= slot < len(interpreters) else self.mission.interpreters

    def delegates_at(self, cid: str, slot: int) -> int:
        """Delegates of company ``cid`` at ``slot`` (rule H2): as :meth:`tables_at`."""
        delegates = self.companies[cid].delegates
        held = self.capacity_at[2].get((cid, slot))
        return delegates if held is None or held <= delegates else held

    def max_meetings_of(self, cid: str) -> int | None:
        """Rule H6's cap of company ``cid``: its ``max_meetings``, or the meetings it keeps
        before the re-planning horizon if more (:attr:`kept_record`); no meeting is added
        then. A buyer's maximum lowered on Wednesday evening below the five meetings it
        held on Tuesday stopped every later re-plan with exit 3, asking to move meetings
        already held (a cron tester), as ``delegates`` did (above)."""
        return self._max_meetings[cid]

    @cached_property
    def _max_meetings(self) -> dict[str, int | None]:
        """:meth:`max_meetings_of` of every company (read in the planners' inner loops)."""
        kept = self.kept_record
        return {
            cid: None if c.max_meetings is None else max(c.max_meetings, kept.get(cid, 0))
            for cid, c in self.companies.items()
        }

    @cached_property
    def kept_record(self) -> Counter[str]:
        """Meetings of each company before the re-planning horizon that stay: those of
        ``held`` (as written) that are pinned or fixed, each pair once. Not a no-show, a
        released pin or a meeting with a company that left, which this run cancels or
        moves: counted, they left a place the planner filled beyond the maximum, and
        ``check``, reading the agenda written, refused it (a reader)."""
        kept = {f.key for f in (*self.pinned, *self.fixed)}
        return Counter(cid for key in {p.key for p in self.held} & kept for cid in key)

    def company_capacity(self, cid: str, session: int) -> int:
        """Meetings ``cid`` could hold in ``session``: its delegates at each of its
        usable slots there (``usable_slot_sets``)."""
        return self._company_capacities.get((cid, session), 0)

    @cached_property
    def _company_capacities(self) -> dict[tuple[str, int], int]:
        """:meth:`company_capacity` of every (company, session) it is not 0 for (the
        local searches ask it in their inner loops)."""
        return {
            (cid, h): sum(self.delegates_at(cid, s) for s in slots)
            for (cid, h), slots in self.usable_slot_sets.items()
        }

    def session_capacity(self, session: int, *, interpreted: bool = False) -> int:
        """Meetings (with an interpreter, when ``interpreted``) the half-day could hold:
        its tables (interpreters) at each slot some request could use."""
        at = self.interpreters_at if interpreted else self.tables_at
        return sum(at(s) for s in self.session_usable_slot_sets.get((session, interpreted), ()))

    @cached_property
    def fairness_cap(self) -> dict[str, int]:
        """For each exporter, how many meetings its own requests allow (rules S1a and
        S1b; docs/model.md, "Fairness cap").

        ``min(requests with a common slot, max_meetings, delegates x available slots)``;
        when re-planning, the slots before the horizon (rule H9) count only for the
        meetings kept there; a meeting that needs an interpreter in a mission without
        any is not possible, nor one with a buyer whose ``max_meetings`` the fixed and
        pinned meetings use up; 0 for a company that left (``departed``); at most what
        its requests' candidate slots can hold together, with the delegates, tables and
        interpreters there (:meth:`_matchable`).
        """
        kept: dict[str, int] = {}
        for (e_id, _), slot in self.kept_before_horizon:
            if slot in self.closed_slots:
                kept[e_id] = kept.get(e_id, 0) + 1
        # A buyer whose maximum the fixed and pinned meetings already use up can take no
        # other meeting: a late exporter's request to it counted as possible, and held
        # the worst-off level down to that exporter's meetings (a second reader).
        fixed_pairs = {key for key, _ in self.kept_before_horizon}
        taken = Counter(b_id for _, b_id in fixed_pairs)
        full = {
            b.id
            for b in self.buyers
            if (cap := self.max_meetings_of(b.id)) is not None and taken[b.id] >= cap
        }
        out: dict[str, int] = {}
        for e in self.exporters:
            if e.id in self.departed:  # kept for its past meetings only: out of fairness
                out[e.id] = 0
                continue
            # a meeting that needs an interpreter the mission lacks is not possible (H5),
            # unless it is kept (held before the interpreters were lowered to 0)
            no_interpreter = self.mission.interpreters == 0
            feasible = [
                r.key
                for r in self.requests_of[e.id]
                if self.candidates[r.key]
                and not (
                    no_interpreter and self.interpreter_needed[r.key] and r.key not in fixed_pairs
                )
                and (r.buyer_id not in full or r.key in fixed_pairs)
            ]
            open_slots = len(self.available[e.id] - self.closed_slots)
            cap = min(len(feasible), e.delegates * open_slots + kept.get(e.id, 0))
            if (most := self.max_meetings_of(e.id)) is not None:
                cap = min(cap, most)
            # Requests that share the same few slots allow no more meetings than those
            # slots hold: three buyers free only at 09:00 gave an exporter a cap of 3 it
            # could never reach, which held every exporter's worst-off level at 1 (a
            # coordinator trying odd rosters); nor more than their interpreters allow: a
            # French exporter with two delegates and one interpreter in the mission was
            # given two a slot (a coordinator with narrow availabilities).
            out[e.id] = self._matchable(e.id, feasible, cap)
        return out

    @cached_property
    def kept_load(self) -> KeptLoad:
        """What the fixed and pinned meetings take of each slot's delegates, tables and
        interpreters (H2, H4, H5): the fairness cap and the warnings' flows read it."""
        load = KeptLoad(Counter(), Counter(), Counter(), {})
        for key, slot in sorted(self.kept_before_horizon):
            for cid in key:
                load.company[(cid, slot)] += 1
            load.tables[slot] += 1
            load.interpreted[slot] += int(self.interpreter_needed.get(key, False))
            load.by_exporter.setdefault(key[0], {}).setdefault(key, []).append(slot)
        return load

    @cached_property
    def _kept_full(self) -> dict[str, frozenset[int]]:
        """The slots where a company's fixed and pinned meetings take every delegate."""
        out: dict[str, set[int]] = {}
        for (cid, slot), n in self.kept_load.company.items():
            if n >= self.delegates_at(cid, slot):
                out.setdefault(cid, set()).add(slot)
        return {cid: frozenset(slots) for cid, slots in out.items()}

    def _matchable(self, exporter_id: str, keys: list[tuple[str, str]], limit: int) -> int:
        """How many of ``keys`` (requests of ``exporter_id``) can be held together, at
        most ``limit``: a flow of the requests to their candidate slots, at most
        ``delegates_at`` meetings of the exporter in a slot, nor more than the tables
        (``interpreters``, for those that need one) the other companies' fixed and
        pinned meetings leave there; a fixed or pinned pair at its own slot, another
        pair not where the buyer's fixed and pinned meetings take every delegate. An
        upper bound on what the exporter can hold whatever the others do."""
        kept_slots = self.kept_load.by_exporter.get(exporter_id, {})
        options: dict[tuple[str, str], Sequence[int]] = {}
        for key in keys:
            if key in kept_slots:
                options[key] = kept_slots[key]
            elif (full := self._kept_full.get(key[1])) is not None:
                options[key] = [s for s in self.candidates[key] if s not in full]
            else:
                options[key] = self.candidates[key]
        # The exporter's own kept meetings always fit where they are (they are held
        # whatever the limits say: a setting lowered since, H8).
        own: Counter[int] = Counter()
        own_interpreted: Counter[int] = Counter()
        for key, slots in kept_slots.items():
            for s in slots:
                own[s] += 1
                own_interpreted[s] += int(self.interpreter_needed.get(key, False))
        kept_tables, kept_interpreted = self.kept_load.tables, self.kept_load.interpreted
        need = self.interpreter_needed
        room: dict[int, int] = {}  # the exporter's meetings the slot allows
        spoken: dict[int, int] = {}  # of them, with an interpreter

        def limits(s: int) -> None:
            if s not in room:
                tables = self.tables_at(s) - (kept_tables[s] - own[s])
                room[s] = max(min(self.delegates_at(exporter_id, s), tables), own[s], 0)
                left = self.interpreters_at(s) - (kept_interpreted[s] - own_interpreted[s])
                spoken[s] = max(left, own_interpreted[s], 0)

        # A flow: request -> its slot's interpreter node when it needs an interpreter
        # (at most ``spoken`` through it) -> the slot's node (at most ``room`` out of
        # it). Its residual graph is walked from the assignments, not built: a node is
        # a request (a pair), a slot ``s`` (an int) or that slot's interpreters (``~s``).
        Node = tuple[str, str] | int
        assigned: dict[tuple[str, str], int] = {}
        holders: dict[int, list[tuple[str, str]]] = {}
        load: Counter[int] = Counter()
        load_interpreted: Counter[int] = Counter()

        def onward(node: Node) -> list[Node]:
            if isinstance(node, tuple):  # a request: to the slots it does not use
                return [~s if need.get(node, False) else s
                        for s in options[node] if assigned.get(node) != s]  # fmt: skip
            s = ~node if node < 0 else node
            limits(s)
            out: list[Node] = []
            if node < 0:  # the slot's interpreters: on to the slot, or back to a holder
                if load_interpreted[s] < spoken[s]:
                    out.append(s)
                return out + [k for k in holders.get(s, ()) if need.get(k, False)]
            if load_interpreted[s]:
                out.append(~s)
            return out + [k for k in holders.get(s, ()) if not need.get(k, False)]

        matched = 0
        for start in sorted(options, key=lambda k: (len(options[k]), k)):
            if matched >= limit:
                break
            # an augmenting path, breadth first, from this request to a slot with room
            came: dict[Node, Node | None] = {start: None}
            queue: list[Node] = [start]
            end: int | None = None
            while queue and end is None:
                node = queue.pop(0)
                for nxt in onward(node):
                    if nxt in came:
                        continue
                    came[nxt] = node
                    if isinstance(nxt, int) and nxt >= 0:
                        limits(nxt)
                        if load[nxt] < room[nxt]:
                            end = nxt
                            break
                    queue.append(nxt)
            if end is None:
                continue
            # each request on the path takes the slot of the node after it
            moves: list[tuple[tuple[str, str], int]] = []
            after: Node | None = None
            step: Node | None = end
            while step is not None:
                if isinstance(step, tuple) and isinstance(after, int):
                    moves.append((step, ~after if after < 0 else after))
                step, after = came[step], step
            for key, s in moves:
                if (old := assigned.get(key)) is not None:
                    holders[old].remove(key)
                    load[old] -= 1
                    load_interpreted[old] -= int(need.get(key, False))
                assigned[key] = s
                holders.setdefault(s, []).append(key)
                load[s] += 1
                load_interpreted[s] += int(need.get(key, False))
            matched += 1
        return matched

    def replace(self, **changes: object) -> Instance:
        """A copy with some fields changed (derived lookups recomputed)."""
        from dataclasses import replace

        return replace(self, **changes)  # type: ignore[arg-type]
