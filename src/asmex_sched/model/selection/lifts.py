"""Local searches that add meetings: S1a (the worst-off exporters) and S2 (value).

:func:`fill_sessions` adds every request that still fits (a hint);
:func:`raise_worst_off` lifts the worst-off exporters, :func:`lift_start` and
:func:`lift_past_announced` make stage 1's starting plan with it (re-planning: past the
announced agenda), and :func:`upgrade_value` raises the weighted value keeping S1a and
the meetings count; they track a plan's meetings per exporter and per place in
:class:`_Tracked`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from asmex_sched.domain import Instance
from asmex_sched.model.keys import Key
from asmex_sched.model.selection.figures import plan_value, plan_worst_off, worst_off_level
from asmex_sched.model.selection.loads import Load, SessionLoad


def fill_sessions(inst: Instance, sessions: Mapping[Key, int]) -> dict[Key, int]:
    """Add every request that still fits a session (greedy order): a better hint.

    Adding meetings never lowers S1a, S1b or S2 and never adds a change (S3),
    so the result stays feasible for every tier kept so far except S4 (more
    half-days); it is used between the fairness and value solves, whose own
    searches start from the (value-blind) fairness solutions otherwise.
    """
    load = SessionLoad(inst, sessions)
    order = sorted(
        (r for r in inst.requests if r.key not in load.sess),
        key=lambda r: (-inst.weight[r.key], r.priority, r.key),
    )
    for r in order:
        for h in load.cand_sessions[r.key]:
            if load.fits(r.key, h):
                load.add(r.key, h)
                break
    return load.sess


class _Tracked:
    """A load plus what the local searches ask of a plan: meetings per exporter
    and the meetings of each company at each place (session or slot)."""

    def __init__(self, inst: Instance, plan: Mapping[Key, int], load_type: type[Load]):
        self.load = load_type(inst, plan)
        self.sess = self.load.sess
        self.held = {e.id: 0 for e in inst.exporters}
        self.at: dict[tuple[str, int], list[Key]] = defaultdict(list)
        # every meeting at each place (a dict as an insertion-ordered set)
        self.in_place: dict[int, dict[Key, None]] = defaultdict(dict)
        # meetings of each buyer in each half-day (S4: is it on site then?)
        self.on_site: dict[tuple[str, int], int] = defaultdict(int)
        for key, h in sorted(self.sess.items()):
            self._count(key, h, 1)

    def _count(self, key: Key, h: int, sign: int) -> None:
        self.held[key[0]] += sign
        for cid in key:
            if sign > 0:
                self.at[(cid, h)].append(key)
            else:
                self.at[(cid, h)].remove(key)
        if sign > 0:
            self.in_place[h][key] = None
        else:
            del self.in_place[h][key]
        self.on_site[(key[1], self.load.session_of(h))] += sign

    def add(self, key: Key, h: int) -> None:
        self.load.add(key, h)
        self._count(key, h, 1)

    def remove(self, key: Key) -> None:
        h = self.sess[key]
        self.load.remove(key)
        self._count(key, h, -1)

    def site_first(self, key: Key, places: list[int]) -> list[int]:
        """``places`` with those in a half-day when ``key``'s buyer is on site first."""
        return sorted(places, key=lambda h: self.on_site[(key[1], self.load.session_of(h))] == 0)


def raise_worst_off(
    inst: Instance,
    sessions: Mapping[Key, int],
    fixed: Mapping[Key, int],
    value_budget: int | None = None,
    load_type: type[Load] = SessionLoad,
    up_to: int | None = None,
    announced: Mapping[str, int] | None = None,
    anyone: bool = False,
    levels: dict[int, dict[Key, int]] | None = None,
) -> dict[Key, int]:
    """Local search for S1a on a stage-1 solution: lift the worst-off exporters.

    Repeatedly, for every exporter at the worst-off level (and below its cap),
    add one of its requests in a session where it fits; when the buyer is full
    there, evict that buyer's meeting with an exporter at least two above the
    level (it stays above), the lightest such meeting first. Stops when some
    worst-off exporter cannot be lifted. With ``value_budget``, the weighted
    value (S2) given up in total never exceeds it (the value floor). Every
    stage-1 capacity holds throughout. With ``up_to``, it stops once the
    worst-off level reaches that value. Deterministic; used to hint the S1a
    solve, and as stage 1 itself on very large instances (there with
    ``load_type=SlotLoad``: pairs map to slots, every per-slot rule kept).

    With ``announced`` (each exporter's meetings in the agenda the companies were
    sent), to lift an exporter without any, or holding fewer than those, the meeting
    evicted may be anyone's held at that place, not only the buyer's (same
    conditions: not fixed, its exporter at least two above the level, the lightest
    first, within the value budget): it frees what the buyer's own meetings cannot,
    a table or an interpreter other companies hold. Used by the lift past the
    announced agenda (:func:`lift_past_announced`). On a 100 x 250 mission six
    exporters registering after the agenda was sent, most of whose requests need an
    interpreter, were left at 2 meetings where a fresh plan holds 5 (the mission's
    interpreters booked in every slot they were free; the buyers' own meetings did
    not use them); an on-site re-plan with an interpreter fewer left an exporter whose
    meetings all need one at 7 where 9 is proven. Open to every exporter, it lifted
    the trade fair's level above its first plan's (22 against 21) by cancelling 50
    announced meetings that a day's roster changes did not touch (kept 12 798 of
    12 845, 12 845 before): other exporters lift by the buyer's own meetings only, as
    before. Moving such a meeting to another place instead of evicting it
    lifted nobody further on those missions (interpreters were booked everywhere):
    not kept.

    With ``anyone``, every worst-off exporter may evict anyone's meeting so (a first
    plan at the trade fair's size, where no agenda was sent: nothing announced to
    cancel). There the interpreters are what binds: every one is booked, and the
    worst-off exporters' requests left out all need one, which the buyers' own
    meetings cannot free (session 56: trade fair seed 10201, level 20 where a maximum
    flow allows 21, ``bound.worst_off_bound``).

    With ``levels`` (an empty dict), it is filled with the plan as it stood when the
    worst-off level first reached each value: what the same lift with that
    ``up_to`` returns, without running it again (:func:`lift_up_to`).
    """
    plan = _Tracked(inst, sessions, load_type)
    load, sess, held = plan.load, plan.sess, plan.held
    # each place's meetings that are not fixed, lightest first, with and without an
    # interpreter; rebuilt when a meeting comes or goes there (a scan of every
    # place's meetings took 3.3 s of a trade-fair lift's 8.8 with ``anyone``)
    ordered: dict[int, dict[bool, list[Key]]] = {}

    def add(key: Key, h: int) -> None:
        ordered.pop(h, None)
        plan.add(key, h)

    caps = inst.fairness_cap
    requests_of = {e.id: [r.key for r in inst.requests_of[e.id]] for e in inst.exporters}
    weight = inst.weight
    spent = 0  # value given up so far (negative: gained)

    def lift(e: str, level: int) -> bool:
        """Add one request of ``e``, the move that costs the least value first:
        the heaviest request that fits as is, else the lightest eviction (of the
        buyer's meetings there; for one owed meetings, ``announced``, or with
        ``anyone``, of anyone's)."""
        nonlocal spent
        free = [k for k in requests_of[e] if k not in sess]
        for key in sorted(free, key=lambda k: (-weight[k], k)):
            for h in load.cand_sessions[key]:
                if load.fits(key, h):
                    add(key, h)
                    spent -= weight[key]
                    return True
        places = [(key, h) for key in free for h in load.cand_sessions[key]]
        victims = [(key, h, v) for key, h in places for v in plan.at[(key[1], h)]]
        owed = announced is not None and (not announced.get(e) or held[e] < announced[e])
        if anyone or owed:
            others: dict[int, list[Key]] = {}
            for key, h in places:
                # another pair's meeting frees neither party: both must be free there
                # (the moves skipped would all fail to fit; a pruning only)
                if not (load.free(key[0], h) and load.free(key[1], h)):
                    continue
                if h not in others:
                    others[h] = lightest_at(h, level)
                victims.extend((key, h, v) for v in others[h] if v[1] != key[1])
        moves = sorted(
            (weight[victim] - weight[key], key, h, victim)
            for key, h, victim in victims
            if victim not in fixed and held[victim[0]] >= level + 2
        )
        for loss, key, h, victim in moves:
            if value_budget is not None and spent + loss > value_budget:
                break  # the moves after it cost more
            plan.remove(victim)
            if load.fits(key, h):
                add(key, h)  # h's meetings changed: its order is rebuilt
                spent += loss
                return True
            plan.add(victim, h)  # undo: h's meetings as they were
        return False

    def lightest_at(h: int, level: int) -> list[Key]:
        """The lightest meeting at ``h`` that may be evicted, with and without an
        interpreter (``announced`` or ``anyone``; from ``ordered``): within each, any
        frees the same shared capacity (a table; an interpreter too), so if the lightest
        makes no room none does."""
        groups = ordered.get(h)
        if groups is None:
            groups = ordered[h] = {False: [], True: []}
            for v in sorted(plan.in_place[h], key=lambda v: (weight[v], v)):
                if v not in fixed:
                    groups[inst.interpreter_needed[v]].append(v)
        found = (next((v for v in vs if held[v[0]] >= level + 2), None) for vs in groups.values())
        return [v for v in found if v is not None]

    while True:
        below = [e for e in held if held[e] < caps[e]]
        if not below:
            break
        level = min(held[e] for e in below)
        if levels is not None and level not in levels:
            levels[level] = dict(sess)  # where a lift stops whose ``up_to`` is at most
            # this level and above the last one recorded
        if up_to is not None and level >= up_to:
            break
        stuck = False
        for e in sorted(e for e in below if held[e] == level):
            if not lift(e, level):
                stuck = True
                break
        if stuck:
            break
    return dict(sess)


def lift_up_to(
    levels: Mapping[int, dict[Key, int]], lifted: dict[Key, int], up_to: int
) -> dict[Key, int]:
    """What :func:`raise_worst_off` with ``up_to`` returns, from the ``levels`` an
    unlimited lift recorded and its plan ``lifted``: the level never falls from one
    round to the next, so that lift stops at the first round whose level is ``up_to``
    or more (the lowest recorded such level), or where the unlimited one stopped."""
    reached = [level for level in levels if level >= up_to]
    return dict(levels[min(reached)] if reached else lifted)


def lift_start(
    inst: Instance,
    sessions: Mapping[Key, int],
    keep: Mapping[Key, int],
    required: Mapping[Key, int],
    value_floor: int,
    replanning: bool,
    load_type: type[Load] = SessionLoad,
    up_to: int | None = None,
    announced: Mapping[str, int] | None = None,
    anyone: bool = False,
    levels: dict[int, dict[Key, int]] | None = None,
) -> dict[Key, int]:
    """Stage 1's starting plan: ``sessions`` (the greedy plan) with its worst-off
    exporters lifted by :func:`raise_worst_off` within the value floor, the announced
    and required meetings (``keep``) left where they are (``load_type``, ``up_to`` and,
    for a first plan, ``anyone`` as there: on slots, the local searches of the larger
    missions).

    When re-planning and that lift stops, it goes on with only the ``required``
    meetings kept (frozen, locked, fixed): announced meetings of exporters at least
    two above the level may then give their place, as the worst-off level ranks
    above stability up to the level the agenda announced (the re-plan's callers pass
    it as ``up_to``: docs/model.md, "When re-planning"); the further lift is kept only
    when it reaches a higher level.
    Without it, exporters registering late started at what the announced agenda
    left them, and the S1a solve did not get past it at a short limit: a cron
    tester's 3 late exporters held 6 meetings where a fresh plan proves 11, and the
    next two cron runs lifted them by cancelling 13 announced meetings that their
    own roster changes did not touch.

    ``levels``, a first plan only (not ``replanning``): as :func:`raise_worst_off`'s.
    """
    assert levels is None or not replanning  # (the second lift is not recorded)
    start = raise_worst_off(
        inst, sessions, keep, plan_value(inst, sessions) - value_floor, load_type, up_to,
        anyone=anyone and not replanning, levels=levels,
    )  # fmt: skip
    if not replanning:
        return start
    if announced is None:
        announced = Counter(k[0] for k in keep)
    return lift_past_announced(inst, start, required, value_floor, announced, load_type, up_to)


def lift_past_announced(
    inst: Instance,
    start: Mapping[Key, int],
    required: Mapping[Key, int],
    value_floor: int,
    announced: Mapping[str, int],
    load_type: type[Load] = SessionLoad,
    up_to: int | None = None,
) -> dict[Key, int]:
    """:func:`lift_start`'s second lift, from its first (``start``): only the
    ``required`` meetings kept; ``start`` itself unless that reaches a higher level.
    An exporter without any meeting in ``announced`` (each exporter's meetings in the
    agenda sent: registered late), or holding fewer than those (an interpreter fewer,
    a time it is now away or that left the programme), may take anyone's place
    (:func:`raise_worst_off`'s ``announced``). Counted from the announced meetings that
    could still hold, one at a time the programme no longer has did not count, and a
    late exporter's Fixed meeting counted as announced (a reader)."""
    freer = raise_worst_off(
        inst, start, required, plan_value(inst, start) - value_floor, load_type, up_to,
        announced=announced,
    )  # fmt: skip
    return freer if plan_worst_off(inst, freer) > plan_worst_off(inst, start) else dict(start)


def upgrade_value(
    inst: Instance,
    sessions: Mapping[Key, int],
    fixed: Mapping[Key, int],
    load_type: type[Load] = SessionLoad,
) -> dict[Key, int]:
    """Local search for S2 on a stage-1 solution, keeping S1a and the meetings count.

    Every request not held, heaviest first, gets the first of these moves that
    works at one of its places (sessions, or slots with ``load_type=SlotLoad``):

    1. added where it fits as is;
    2. *relocation*: a meeting of its exporter or buyer at that place moves to
       another place where it fits, and the request takes the room it leaves
       (one more meeting, nobody loses one);
    3. *swap*: it replaces a strictly lighter meeting of the same buyer or the
       same exporter at that place;
    4. *swap on a shared capacity*: it replaces a strictly lighter meeting of
       anyone at that place whose table (or interpreter) it then takes.

    A swap never takes a meeting from an exporter that would drop below the
    worst-off level (S1a never drops), fixed meetings never move, and every
    stage-1 capacity (every per-slot rule with ``SlotLoad``) is checked before a
    move is kept. Each move raises the weighted value, so it ends; the meetings
    count never drops. Deterministic; used on instances too large for the
    stage-1 solves, and on every plan after slotting.

    Returned in pair order: the same pairs and places whatever shortcuts the search
    takes (session 62, tested against the moves run in full), which would change the
    order of a dict kept as the search went.
    """
    plan = _Tracked(inst, sessions, load_type)
    load, sess, held, add, remove = plan.load, plan.sess, plan.held, plan.add, plan.remove
    caps = inst.fairness_cap
    weight = inst.weight
    interp = inst.interpreter_needed
    level = worst_off_level(held, caps)

    def spare(x: str) -> bool:
        """Whether exporter ``x`` may lose a meeting and stay at the worst-off level."""
        return held[x] - 1 >= min(level, caps[x])

    def may_lose(victim: Key, key: Key) -> bool:
        return victim[0] == key[0] or spare(victim[0])

    # The plan's version: bumped by every request placed (a move that fails is
    # undone, so the plan is the same until then). A meeting taken out that fitted at
    # no other place fits at none at the same version, whatever request asks it to
    # make room: it is not taken out again until the version changes (trade fair seed
    # 11: most of the relocations asked; the same plan, found sooner).
    version = 0
    stuck: dict[Key, int] = {}

    def relocate(key: Key, h: int) -> bool:
        """Move a meeting of ``key``'s companies out of ``h``, then add ``key`` there."""
        for m in sorted({v for cid in key for v in plan.at[(cid, h)]}):
            if m in fixed or stuck.get(m) == version:
                continue
            remove(m)
            if load.fits(key, h):
                moved = False
                for dst in plan.site_first(m, load.cand_sessions[m]):
                    if dst != h and load.fits(m, dst):
                        moved = True
                        add(m, dst)
                        if load.fits(key, h):  # (m's new place is not h: it still fits)
                            add(key, h)
                            return True
                        remove(m)
                if not moved:
                    stuck[m] = version
            add(m, h)  # undo
        return False

    def replace(key: Key, h: int, victim: Key) -> bool:
        """``key`` at ``h`` in place of ``victim`` if it then fits, else as it was."""
        remove(victim)
        if load.fits(key, h):
            add(key, h)
            return True
        add(victim, h)  # undo
        return False

    def swap(key: Key, h: int, victims: list[Key]) -> bool:
        """Replace the lightest eligible victim at ``h`` by ``key``."""
        w = weight[key]
        for victim in sorted(victims, key=lambda k: (weight[k], k)):
            if weight[victim] >= w:
                break
            if victim not in fixed and may_lose(victim, key) and replace(key, h, victim):
                return True
        return False

    # The meetings at each place a shared swap may take (not fixed, and ``may_lose``
    # for a victim that is not of the request's exporter: the only ones it asks),
    # interpreted and not, lightest first, made when first asked at a version and kept
    # for it: the plan, so every exporter's count, is the same until the version
    # changes. A scan of every meeting at the place (about 150 at the trade fair) for
    # each request left out and each of its places took about 7 s of the trade fair's
    # upgrade under a profiler; a place is sorted for one in 12 to 80 of them (seed 1).
    victims_at: dict[int, tuple[int, tuple[list[Key], list[Key]]]] = {}

    def victims(h: int) -> tuple[list[Key], list[Key]]:
        """``h``'s meetings a shared swap may take, interpreted and not, lightest first."""
        made = victims_at.get(h)
        if made is None or made[0] != version:
            interpreted: list[Key] = []
            plain: list[Key] = []
            for v in sorted(plan.in_place[h], key=lambda v: (weight[v], v)):
                if v not in fixed and spare(v[0]):  # may_lose's part not of the request
                    (interpreted if interp[v] else plain).append(v)
            made = victims_at[h] = (version, (interpreted, plain))
        return made[1]

    def swap_shared(key: Key, h: int, own: set[Key]) -> bool:
        """Replace the lightest eligible meeting of others at ``h`` by ``key``, one
        per group: within a group every victim frees the same capacities (a table;
        an interpreter too for the interpreted ones), so the lightest eligible one
        of each group decides for the whole group."""
        exporter, buyer = key
        # A victim of others frees no delegate of ``key``'s companies: they must
        # have one free at ``h`` already (``free`` is H2, the part of ``fits`` the
        # swap leaves as it is), or no victim makes room.
        if not (load.free(exporter, h) and load.free(buyer, h)):
            return False
        w = weight[key]

        def lightest(vs: list[Key]) -> Key | None:
            # ``own`` holds every meeting at ``h`` of ``key``'s exporter, so the others
            # are other exporters', for which ``may_lose`` does not ask ``key``
            for v in vs:
                if weight[v] >= w:
                    return None
                if v not in own:
                    return v
            return None

        found = [v for v in map(lightest, victims(h)) if v is not None]
        if not interp[key] and found:  # one group (a table frees it): the lightest
            found = [min(found, key=lambda v: (weight[v], v))]
        return any(replace(key, h, v) for v in found)

    def place(key: Key) -> bool:
        places = plan.site_first(key, load.cand_sessions[key])
        for h in places:
            if load.fits(key, h):
                add(key, h)
                return True
        if any(relocate(key, h) for h in places):
            return True
        own = {h: {v for c in key for v in plan.at[(c, h)]} for h in places}
        if any(swap(key, h, list(own[h])) for h in places):
            return True
        if weight[key] <= lightest:
            return False  # nothing lighter to swap out
        return any(swap_shared(key, h, own[h]) for h in places)

    lightest = min(weight.values(), default=0)
    order = sorted(
        (r for r in inst.requests if r.key not in sess),
        key=lambda r: (-weight[r.key], r.priority, r.key),
    )
    for r in order:
        if place(r.key):
            version += 1
    return dict(sorted(sess.items()))
