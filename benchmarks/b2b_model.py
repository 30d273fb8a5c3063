"""The published B2B meeting scheduling problem (B2BSOP, Bofill et al., JAIR 74, 2022).

Not part of the product: a reader for the benchmark's MiniZinc ``.dzn`` files
and a CP-SAT model of *their* problem, so that our modelling approach can be
compared with the published optima.

Problem (JAIR 2022 §2, as in ``../shared/benchmarks/b2b-literature/SOURCE.md``):

* every requested meeting ``m = (p1, p2, session)`` is held, in one slot of its
  session (1 = morning = slots ``1..nMorningSlots``, 2 = afternoon = the rest,
  3 = any); slots are numbered over the whole event;
* a participant has at most one meeting per slot; at most ``nTables`` meetings
  per slot; no meeting in a slot forbidden for one of its participants;
  ``fixed[m] > 0`` forces the slot; ``precedences[m]`` lists meetings that must
  take place strictly before ``m``;
* a *break* of a participant is a maximal run of idle slots between two of its
  meetings (counted once whatever its length; idle slots before the first and
  after the last meeting are not breaks, and the morning/afternoon boundary is
  not special);
* fairness: the break counts of any two participants differ by at most ``d``
  (``d = 2`` unless stated);
* objective: minimise the total number of breaks.

Model (the ideas of ``asmex_sched.model.slotting``): ``x[m, t]`` booleans over
the allowed slots of each meeting only (session, forbidden and fixed slots are
applied by *omitting* variables), ``busy[p, t] = sum x`` (an at-most-one),
and a participant's blocks of consecutive meetings counted by
``start[p, t] <=> busy[p, t] and not busy[p, t-1]``; its breaks are
``sum_t start[p, t] - 1``. The equivalence is exact (two-sided), which the
fairness constraint needs: a one-sided ``start >= busy[t] - busy[t-1]`` would
let the solver inflate the smallest break count. Redundant constraints: each
participant is busy in exactly ``n_p`` slots, at most ``2 * nTables``
participants are busy per slot, and a participant without a break is busy in
one window of ``n_p`` consecutive slots (one boolean per window). The *full*
model adds slot integers, AllDifferent and span constraints (used for the plain
minimisation); the *lean* one (``span=False``) is what the feasibility
searches use. Symmetry: when the instance is invariant
under reversing time (no session restriction, mirror-symmetric forbidden
sets, no fixed meetings, no precedences), the first meeting is constrained to
the first half of the event (a sound lex-leader cut for that reflection).

Search (:func:`solve_b2b`): bottom-up over the total ``k`` like the paper's
core-guided MaxSAT -- feasibility problems "at most ``k`` breaks" from the proven
lower bound upwards (infeasible raises the bound, a schedule is the incumbent),
plus *breaker-set* neighbourhoods that fix who may take the breaks (exhaustive
for ``k = 1``), all on the lean model, with an LP-based worker for the proofs
and two threads for the 2 cores; a short portfolio minimisation is the fallback
for an incumbent. Every schedule is checked by :func:`check`, independently of
the model, in ``benchmarks/literature.py``.
"""

from __future__ import annotations

import math
import re
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from ortools.sat.python import cp_model


@dataclass(frozen=True)
class B2BInstance:
    """One ``.dzn`` instance; participants and slots are 1-based as in the files."""

    name: str
    n_business: int
    n_tables: int
    n_slots: int
    n_morning: int
    meetings: tuple[tuple[int, int, int], ...]  # (p1, p2, session)
    forbidden: tuple[frozenset[int], ...]  # index p-1, dummy 0 removed
    fixed: tuple[int, ...]  # index m-1, 0 = free
    precedences: tuple[frozenset[int], ...]  # index m-1: 1-based meetings before m
    declared: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def n_meetings(self) -> int:
        return len(self.meetings)

    def meetings_of(self, p: int) -> list[int]:
        """0-based meeting indices of participant ``p`` (1-based)."""
        return [i for i, (a, b, _) in enumerate(self.meetings) if p in (a, b)]

    def allowed(self, i: int) -> list[int]:
        """Slots (1-based) meeting ``i`` (0-based) may take."""
        p1, p2, session = self.meetings[i]
        if session == 1:
            slots = range(1, self.n_morning + 1)
        elif session == 2:
            slots = range(self.n_morning + 1, self.n_slots + 1)
        else:
            slots = range(1, self.n_slots + 1)
        bad = self.forbidden[p1 - 1] | self.forbidden[p2 - 1]
        out = [t for t in slots if t not in bad]
        if self.fixed[i]:
            out = [t for t in out if t == self.fixed[i]]
        return out


# ----------------------------------------------------------------------- reader
_ASSIGN = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$", re.S)


def _ints(text: str) -> list[int]:
    """The whole numbers of ``text``; a decimal one is refused (``2.5`` was read as the
    two numbers 2 and 5; a reader)."""
    tokens = re.findall(r"-?\d+(?:\.\d*)?", text)
    bad = [t for t in tokens if "." in t]
    if bad:
        raise ValueError(f"{bad[0]!r} is not a whole number")
    return [int(t) for t in tokens]


def _set(text: str) -> frozenset[int]:
    out: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if ".." in part:
            lo, hi = part.split("..")
            out.update(range(int(lo), int(hi) + 1))
        else:
            out.add(int(part))
    return frozenset(out)


def _sets(text: str) -> list[frozenset[int]]:
    return [_set(body) for body in re.findall(r"\{([^}]*)\}", text)]


def parse_dzn(text: str, lines: dict[str, int] | None = None) -> dict[str, object]:
    """Parse the subset of MiniZinc data used by the benchmark into Python values.

    Scalars -> int; ``[| a, b, c | ... |]`` -> list of int rows; ``[{..}, ..]``
    -> list of frozensets; ``[1, 2, ..]`` -> list of ints. ``lines``, when given, gets
    each parameter's line (1-based), for the reader's messages. A statement the file
    ends inside (no closing ``;``) or whose brackets do not close is refused with its
    line: a file cut in half read as a shorter ``meetingsxBusiness`` and was said to
    disagree with ``requested``, with no line (a checker).
    """
    text = re.sub(r"%[^\n]*", "", text)  # to the line's end: line numbers kept
    out: dict[str, object] = {}
    parts = text.split(";")
    offset = 0
    for k, stmt in enumerate(parts):
        line = text.count("\n", 0, offset + len(stmt) - len(stmt.lstrip())) + 1
        offset += len(stmt) + 1
        mt = _ASSIGN.match(stmt)
        if not mt:
            if k == len(parts) - 1 and stmt.strip():
                raise ValueError(f"line {line}: {stmt.strip()[:40]!r}: the file ends without "
                                 "its closing ';' (cut short?)")  # fmt: skip
            continue
        name, value = mt.group(1), mt.group(2).strip()
        if k == len(parts) - 1:
            raise ValueError(f"{name} (line {line}): the file ends inside it, without its "
                             "closing ';' (cut short?)")  # fmt: skip
        if value.count("[") != value.count("]") or value.count("{") != value.count("}"):
            raise ValueError(f"{name} (line {line}): its brackets do not close")
        if lines is not None:
            lines[name] = line
        try:
            if value.startswith("[|"):
                body = value[2:].rstrip("]").rstrip().rstrip("|")
                out[name] = [_ints(row) for row in body.split("|") if _ints(row)]
            elif value.startswith("[") and "{" in value:
                out[name] = _sets(value)
            elif value.startswith("["):
                out[name] = _ints(value)
            else:
                out[name] = int(value)
        except ValueError as e:
            raise ValueError(f"{name} (line {line}): {e}") from None
    return out


#: The counts a file declares and the least each may be: the model needs a participant,
#: a table and a slot (``nTotalSlots = 0`` crashed the child mid-run in
#: ``participant_lower_bound``, ``nTables = -3`` was solved and "settled"; a checker).
_LEAST = {"nBusiness": 1, "nMeetings": 0, "nTables": 1, "nTotalSlots": 1, "nMorningSlots": 0}


def read_dzn(path: str | Path) -> B2BInstance:
    """Read one benchmark file; cross-checks the derived fields against the declared ones."""
    path = Path(path)
    lines: dict[str, int] = {}
    try:
        d = parse_dzn(path.read_text(encoding="utf-8"), lines)
    except ValueError as e:
        raise ValueError(f"{path.name}: {e}") from None
    if "nBusiness" not in d or "requested" not in d or "nMeetings" not in d:
        raise ValueError(f"{path.name}: no nBusiness, nMeetings or requested (not a B2B .dzn)")
    for name, least in _LEAST.items():
        value = d.get(name)
        if value is not None and not (isinstance(value, int) and value >= least):
            raise ValueError(f"{path.name}: {name} = {value!r} (line {lines[name]}): expected "
                             f"a whole number of {least} or more")  # fmt: skip
    n_b = int(d["nBusiness"])  # type: ignore[arg-type]
    short = [(i, r) for i, r in enumerate(d["requested"], start=1) if len(r) < 3]  # type: ignore[arg-type]
    if short:
        i, r = short[0]
        raise ValueError(f"{path.name}: requested row {i} has {len(r)} numbers {tuple(r)} "
                         "(expected p1, p2, session)")  # fmt: skip
    rows = [tuple(r[:3]) for r in d["requested"]]  # type: ignore[union-attr]
    n_m = len(rows)
    if n_m != d["nMeetings"]:
        raise ValueError(f"{path.name}: {n_m} requested rows, nMeetings = {d['nMeetings']}")
    forbidden = list(d.get("forbidden", [frozenset()] * n_b))  # type: ignore[arg-type]
    if len(forbidden) != n_b:
        raise ValueError(f"{path.name}: {len(forbidden)} forbidden sets for {n_b} participants")
    forbidden = [frozenset(t for t in f if t != 0) for f in forbidden]
    fixed = list(d.get("fixed", [0] * n_m))  # type: ignore[arg-type]
    prec = list(d.get("precedences", [frozenset()] * n_m))  # type: ignore[arg-type]
    if len(fixed) != n_m or len(prec) != n_m:
        raise ValueError(f"{path.name}: fixed/precedences do not have nMeetings entries")
    missing = [k for k in ("nTables", "nTotalSlots", "nMorningSlots") if k not in d]
    if missing:
        raise ValueError(f"{path.name}: no {', '.join(missing)}")
    if not 0 <= int(d["nMorningSlots"]) <= int(d["nTotalSlots"]):  # type: ignore[arg-type]
        raise ValueError(
            f"{path.name}: nMorningSlots = {d['nMorningSlots']} is not between 0 and "
            f"nTotalSlots = {d['nTotalSlots']}"
        )
    outside = [r for r in rows if not all(1 <= p <= n_b for p in r[:2])]
    if outside:
        raise ValueError(f"{path.name}: requested row {outside[0]} names a participant "
                         f"outside 1..nBusiness = {n_b}")  # fmt: skip
    # A derived file's slips, said here rather than as a crash after the read check
    # passed, a plan called INVALID, or "infeasible" (a checker's derived instances).
    n_slots = int(d["nTotalSlots"])  # type: ignore[arg-type]
    for i, (p1, p2, session) in enumerate(rows, start=1):
        if p1 == p2:
            raise ValueError(f"{path.name}: requested row {i} {(p1, p2, session)}: "
                             f"participant {p1} meets itself")  # fmt: skip
        if session not in (1, 2, 3):
            raise ValueError(f"{path.name}: requested row {i} {(p1, p2, session)}: session "
                             f"{session} (expected 1 morning, 2 afternoon or 3 any)")  # fmt: skip
    for i, slot in enumerate(fixed, start=1):
        if not (isinstance(slot, int) and 0 <= slot <= n_slots):
            raise ValueError(f"{path.name}: fixed entry {i} is {slot!r} (expected 0, free, "
                             f"or a slot 1..nTotalSlots = {n_slots})")  # fmt: skip
    # A forbidden slot past the grid was dropped without a word (a slip for another slot;
    # MiniZinc refuses it), and meetingsxBusiness was not read, so a derived file whose
    # requested rows were edited and its meetingsxBusiness not was another problem for
    # the published model than for ours (a benchmark checker).
    for p, slots in enumerate(forbidden, start=1):
        wrong = sorted(t for t in slots if not (isinstance(t, int) and 1 <= t <= n_slots))
        if wrong:
            raise ValueError(f"{path.name}: forbidden set of participant {p} names slot "
                             f"{wrong[0]!r} (expected 0, the dummy, or a slot 1..nTotalSlots "
                             f"= {n_slots})")  # fmt: skip
    declared_sets = d.get("meetingsxBusiness")
    if declared_sets is not None:
        derived_sets = [{1} for _ in range(n_b)]  # {no meeting} and each meeting, shifted +1
        for i, (p1, p2, _) in enumerate(rows, start=1):
            derived_sets[p1 - 1].add(i + 1)
            derived_sets[p2 - 1].add(i + 1)
        # Said by participant and line (it said "disagrees with requested", no more).
        where = f"{path.name}: meetingsxBusiness (line {lines['meetingsxBusiness']})"
        given = [set(s) for s in declared_sets]  # type: ignore[union-attr]
        if len(given) != n_b:
            raise ValueError(f"{where} has {len(given)} sets for nBusiness = {n_b}")
        for p, (got, want) in enumerate(zip(given, derived_sets, strict=True), start=1):
            if got != want:
                raise ValueError(f"{where}, participant {p}: {sorted(got)} where requested "
                                 f"gives {sorted(want)} (1 and each meeting + 1)")  # fmt: skip
    for i, before in enumerate(prec, start=1):
        wrong = sorted(m for m in before if not (isinstance(m, int) and 1 <= m <= n_m and m != i))
        if wrong:
            raise ValueError(f"{path.name}: precedences entry {i} names meeting "
                             f"{wrong[0]!r} (expected meetings 1..nMeetings = {n_m}, "
                             "not itself)")  # fmt: skip
    inst = B2BInstance(
        name=path.name.removesuffix(".dzn"),
        n_business=n_b,
        n_tables=int(d["nTables"]),  # type: ignore[arg-type]
        n_slots=int(d["nTotalSlots"]),  # type: ignore[arg-type]
        n_morning=int(d["nMorningSlots"]),  # type: ignore[arg-type]
        meetings=tuple(rows),  # type: ignore[arg-type]
        forbidden=tuple(forbidden),
        fixed=tuple(fixed),
        precedences=tuple(frozenset(s) for s in prec),
        declared={k: v for k, v in d.items() if isinstance(v, int)},
    )
    per = d.get("nMeetingsBusiness")
    if per is not None:
        derived = [len(inst.meetings_of(p)) for p in range(1, n_b + 1)]
        if list(per) != derived:  # type: ignore[call-overload]
            raise ValueError(f"{path.name}: nMeetingsBusiness disagrees with requested")
    return inst


# ------------------------------------------------------------ checker (no solver)
def breaks_of(inst: B2BInstance, slots: list[int]) -> list[int]:
    """Breaks per participant (index p-1) of an assignment meeting -> slot (1-based)."""
    busy: list[set[int]] = [set() for _ in range(inst.n_business)]
    for (p1, p2, _), t in zip(inst.meetings, slots, strict=True):
        busy[p1 - 1].add(t)
        busy[p2 - 1].add(t)
    out = []
    for ts in busy:
        if not ts:
            out.append(0)
            continue
        out.append(sum(1 for t in ts if t - 1 not in ts) - 1)
    return out


def check(inst: B2BInstance, slots: list[int], d: int | None = 2) -> list[str]:
    """Every violated rule of an assignment (empty list = valid).

    Independent of the model: the rules are re-derived from the file's fields
    here (not through :meth:`B2BInstance.allowed`), and breaks are recounted by
    :func:`breaks_of`.
    """
    problems = []
    if len(slots) != inst.n_meetings:
        return [f"{len(slots)} slots for {inst.n_meetings} meetings"]
    seen: dict[tuple[int, int], int] = {}
    per_slot: dict[int, int] = {}
    for i, ((p1, p2, session), t) in enumerate(zip(inst.meetings, slots, strict=True)):
        if not 1 <= t <= inst.n_slots:
            problems.append(f"meeting {i + 1} at slot {t}: outside 1..{inst.n_slots}")
        if session == 1 and t > inst.n_morning or session == 2 and t <= inst.n_morning:
            problems.append(f"meeting {i + 1} at slot {t}: outside its session {session}")
        for p in (p1, p2):
            if t in inst.forbidden[p - 1]:
                problems.append(f"meeting {i + 1} at slot {t}: forbidden for participant {p}")
        if inst.fixed[i] and t != inst.fixed[i]:
            problems.append(f"meeting {i + 1} at slot {t}: fixed at {inst.fixed[i]}")
        for p in (p1, p2):
            if (p, t) in seen:
                problems.append(f"participant {p} has meetings {seen[(p, t)]} and {i + 1} at {t}")
            seen[(p, t)] = i + 1
        per_slot[t] = per_slot.get(t, 0) + 1
        for j in inst.precedences[i]:
            if not slots[j - 1] < t:
                problems.append(f"meeting {j} must come before meeting {i + 1}")
    for t, n in sorted(per_slot.items()):
        if n > inst.n_tables:
            problems.append(f"slot {t}: {n} meetings for {inst.n_tables} tables")
    if d is not None:
        b = breaks_of(inst, slots)
        if max(b) - min(b) > d:
            problems.append(f"fairness: breaks range {min(b)}..{max(b)} exceeds d = {d}")
    return problems


# -------------------------------------------------------------------- CP-SAT model
@dataclass
class B2BResult:
    status: str  # optimal, feasible, infeasible, unknown
    breaks: int | None
    bound: int | None
    slots: list[int] | None
    time_to_best: float | None  # wall seconds until the final solution was found
    wall: float  # total wall seconds (includes model building)
    build: float
    solutions: list[tuple[float, int]] = field(default_factory=list)


class _Timeline(cp_model.CpSolverSolutionCallback):
    def __init__(self, t0: float) -> None:
        super().__init__()
        self.t0 = t0
        self.points: list[tuple[float, int]] = []

    def on_solution_callback(self) -> None:
        self.points.append((time.monotonic() - self.t0, int(round(self.objective_value))))


def _mirror_symmetric(inst: B2BInstance) -> bool:
    T = inst.n_slots
    if any(s != 3 for _, _, s in inst.meetings) and inst.n_morning != T:
        return False
    if any(inst.fixed) or any(inst.precedences):
        return False
    return all(f == frozenset(T + 1 - t for t in f) for f in inst.forbidden)


def most_breaks(inst: B2BInstance, d: int | None) -> int:
    """An upper bound on the total breaks of any schedule.

    A participant with ``n`` meetings has at most ``min(n - 1, (T - 1) // 2)`` breaks;
    under fairness ``d``, when someone has at most one meeting (so no break), nobody has
    more than ``d``. (With ``d = 0`` the bound is 0: the configuration is a 0-break
    problem, and "no 0-break schedule" proves it infeasible.)"""
    counts = [len(inst.meetings_of(p)) for p in range(1, inst.n_business + 1)]
    cap = max(0, (inst.n_slots - 1) // 2)
    if d is not None and any(n <= 1 for n in counts):
        cap = min(cap, d)
    return sum(min(max(0, n - 1), cap) for n in counts)


def _proven(raw: float, fallback: int) -> int:
    """The least whole objective value a CP-SAT bound ``raw`` proves (every objective
    here counts breaks): its ceiling, minus a little float noise; ``fallback`` when the
    search stopped before it had one (``-inf`` or ``nan``, on which ``int(round(...))``
    raised). The hybrid's two bounds were rounded, the plain peer's ceiled; on these
    integer objectives CP-SAT's bounds are whole numbers, so the two agree but for
    float noise, and the guard against ``-inf``/``nan`` is what changed (session 52)."""
    return math.ceil(raw - 1e-6) if math.isfinite(raw) else fallback


def participant_lower_bound(inst: B2BInstance, p: int, time_limit: float = 0.5) -> int:
    """Breaks participant ``p`` cannot avoid on its own (its meetings' allowed slots only).

    0 when some window of ``n_p`` consecutive slots is allowed for all its
    meetings; otherwise the proven bound of a tiny CP-SAT model of ``p`` alone
    (distinct allowed slots, minimise blocks), valid even if it times out.
    """
    mine = inst.meetings_of(p)
    n = len(mine)
    if n < 2:
        return 0
    common = set.intersection(*(set(inst.allowed(i)) for i in mine))
    if any(all(t + k in common for k in range(n)) for t in range(1, inst.n_slots - n + 2)):
        return 0
    m = cp_model.CpModel()
    x = {(i, t): m.new_bool_var("") for i in mine for t in inst.allowed(i)}
    for i in mine:
        m.add_exactly_one([x[(i, t)] for t in inst.allowed(i)])
    busy = []
    for t in range(1, inst.n_slots + 1):
        b = m.new_bool_var("")
        m.add(sum(x[(i, t)] for i in mine if (i, t) in x) == b)
        busy.append(b)
    starts = [busy[0]]
    for k in range(1, inst.n_slots):
        s = m.new_bool_var("")
        m.add_bool_and([busy[k], busy[k - 1].Not()]).only_enforce_if(s)
        m.add_bool_or([s, busy[k].Not(), busy[k - 1]])
        starts.append(s)
    m.minimize(sum(starts))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(m)
    if status == cp_model.INFEASIBLE:
        return 0  # the full model will report infeasibility itself
    return max(0, _proven(solver.best_objective_bound, 1) - 1)


@dataclass
class B2BModel:
    """What :func:`build_model` returns."""

    model: cp_model.CpModel
    x: dict[tuple[int, int], cp_model.IntVar]  # (meeting 0-based, slot 1-based)
    total: cp_model.LinearExprT  # total breaks (the objective)
    breaks: dict[int, cp_model.IntVar]  # participant -> its breaks (participants with meetings)
    no_break: dict[int, cp_model.IntVar]  # participant -> "no break" literal (>= 2 meetings)


def _add_windows(m, inst: B2BInstance, p: int, mine: list[int], busy: list, no_break) -> None:
    """Redundant: a participant without a break is busy in one window of ``n_p`` slots.

    One boolean ``win[p, a]`` per possible first slot ``a`` (every slot of the
    window must be allowed for some meeting of ``p``); ``sum win == no_break``
    and ``win[p, a] => busy[p, t]`` for the ``n_p`` slots of the window. With
    the busy count this pins ``busy[p, .]`` exactly; the solver can branch on
    (and learn about) whole windows instead of single slots.
    """
    n, T = len(mine), inst.n_slots
    wins = []
    for a in range(1, T - n + 2):
        cover = busy[a - 1 : a - 1 + n]
        if any(isinstance(b, int) for b in cover):
            continue
        w = m.new_bool_var(f"win[{p},{a}]")
        for b in cover:
            m.add_implication(w, b)
        wins.append(w)
    m.add(sum(wins) == no_break)


def _add_precedences(m, inst: B2BInstance, x) -> None:
    """Each meeting's listed predecessors strictly before it, on the slot numbers
    (``x``: (meeting 0-based, slot) -> literal; both models)."""
    for i, before in enumerate(inst.precedences):
        for j in sorted(before):
            si = sum(t * x[(i, t)] for t in inst.allowed(i))
            sj = sum(t * x[(j - 1, t)] for t in inst.allowed(j - 1))
            m.add(sj + 1 <= si)


def build_model(
    inst: B2BInstance,
    d: int | None = 2,
    symmetry: bool = True,
    lower: dict[int, int] | None = None,
    span: bool = True,
    windows: bool = True,
):
    """The CP-SAT model (objective: minimise the total breaks).

    ``lower`` maps participants to a proven lower bound on their breaks
    (:func:`participant_lower_bound`), added as redundant constraints.
    """
    lower = lower or {}
    m = cp_model.CpModel()
    T = inst.n_slots
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for i in range(inst.n_meetings):
        lits = []
        for t in inst.allowed(i):
            x[(i, t)] = m.new_bool_var(f"x[{i + 1},{t}]")
            lits.append(x[(i, t)])
        m.add_exactly_one(lits)  # empty -> infeasible, as it should be
    slot_var = {}
    if span:
        for i in range(inst.n_meetings):
            allowed = inst.allowed(i)
            if allowed:
                domain = cp_model.Domain.from_values(allowed)
                v = m.new_int_var_from_domain(domain, f"slot[{i + 1}]")
                m.add(v == sum(t * x[(i, t)] for t in allowed))
                slot_var[i] = v
    for t in range(1, T + 1):
        here = [x[(i, t)] for i in range(inst.n_meetings) if (i, t) in x]
        if len(here) > inst.n_tables:
            m.add(sum(here) <= inst.n_tables)
    _add_precedences(m, inst, x)
    breaks = []
    by_p: dict[int, cp_model.IntVar] = {}
    no_breaks: dict[int, cp_model.IntVar] = {}
    busy_per_slot: dict[int, list] = {t: [] for t in range(1, T + 1)}
    for p in range(1, inst.n_business + 1):
        mine = inst.meetings_of(p)
        if not mine:
            breaks.append(0)
            continue
        busy: list = []
        for t in range(1, T + 1):
            lits = [x[(i, t)] for i in mine if (i, t) in x]
            if not lits:
                busy.append(0)
                continue
            if len(lits) == 1:
                b = lits[0]
            else:
                b = m.new_bool_var(f"busy[{p},{t}]")
                m.add(sum(lits) == b)  # also the at-most-one per slot
            busy.append(b)
            busy_per_slot[t].append(b)
        m.add(sum(b for b in busy if not isinstance(b, int)) == len(mine))  # redundant
        starts = []
        for k in range(T):
            b = busy[k]
            if isinstance(b, int):
                continue
            prev = busy[k - 1] if k > 0 else 0
            if isinstance(prev, int):
                starts.append(b)  # a block starts here whenever p is busy
                continue
            s = m.new_bool_var(f"start[{p},{k + 1}]")
            m.add_bool_and([b, prev.Not()]).only_enforce_if(s)
            m.add_bool_or([s, b.Not(), prev])
            starts.append(s)
        n_breaks = m.new_int_var(0, max(0, len(mine) - 1), f"breaks[{p}]")
        m.add(n_breaks == sum(starts) - 1)
        if lower.get(p):
            m.add(n_breaks >= lower[p])
        breaks.append(n_breaks)
        by_p[p] = n_breaks
        if len(mine) < 2:
            continue
        no_break = m.new_bool_var(f"nobreak[{p}]")
        m.add(n_breaks == 0).only_enforce_if(no_break)
        m.add(n_breaks >= 1).only_enforce_if(no_break.Not())
        no_breaks[p] = no_break
        if windows:
            _add_windows(m, inst, p, mine, busy, no_break)
        if span:
            # Redundant scheduling view: slot variables, all different, and the span
            # first..last, which is exactly n_p slots when p has no break and at
            # least n_p + breaks otherwise (every break idles at least one slot).
            st = [slot_var[i] for i in mine]
            m.add_all_different(st)
            first = m.new_int_var(1, T, f"first[{p}]")
            last = m.new_int_var(1, T, f"last[{p}]")
            m.add_min_equality(first, st)
            m.add_max_equality(last, st)
            m.add(last - first + 1 >= len(mine) + n_breaks)
            m.add(last - first + 1 == len(mine)).only_enforce_if(no_break)
    for bs in busy_per_slot.values():
        if len(bs) > 2 * inst.n_tables:
            m.add(sum(bs) <= 2 * inst.n_tables)  # redundant (2 participants per meeting)
    if d is not None:
        hi = max(0, (T - 1) // 2)
        lo_v, hi_v = m.new_int_var(0, hi, "min_breaks"), m.new_int_var(0, hi, "max_breaks")
        real = [b for b in breaks if not isinstance(b, int)]
        if any(isinstance(b, int) for b in breaks):
            m.add(lo_v == 0)
        if real:
            m.add_min_equality(lo_v, real + ([0] if len(real) < len(breaks) else []))
            m.add_max_equality(hi_v, real)
            m.add(hi_v - lo_v <= d)
    if symmetry and _mirror_symmetric(inst) and inst.n_meetings:
        s0 = sum(t * x[(0, t)] for t in inst.allowed(0))
        m.add(2 * s0 <= T + 1)
    total = sum(breaks)
    m.minimize(total)
    return B2BModel(m, x, total, by_p, no_breaks)


def _phase_over(elapsed: float, since: float, best: int | None, stall: float, lb: int) -> bool:
    """When :func:`_minimise_while_improving` stops, ``elapsed`` s in, its last better
    schedule (``best`` breaks, None: none yet) ``since`` s ago: never before ``stall``
    s; then once ``best`` is within ``lb + 1`` (only the proof is left, which the
    sweeps' race does better), or once the wait for a better one reaches ``stall`` s
    or half the phase so far, whichever is longer (without a schedule: at ``stall``).

    Session 49's rule waited ``stall`` s (5) at most: on the derived tight-packing files
    (forum-13crafc and ticf-13crafc with a table fewer, ``benchmarks/derive_b2b``) the
    minimisation still finds a better schedule 5-18 s apart a minute in (the plain
    peer's did at 10.5, 19, 37, 42 and 48 s), so the phase ended while still improving."""
    if elapsed < stall:
        return False
    if best is None:
        return True
    return best <= lb + 1 or since >= max(stall, elapsed / 2)


def _waited(now: float, start: float, t0: float, last: tuple[float, int] | None) -> float:
    """Seconds the phase begun at ``start`` has waited for a better schedule at ``now``:
    since its last one (``last``: the callback's (seconds after ``t0``, breaks), the
    latest of the whole run) or since ``start`` when that came before the phase."""
    return now - max(start, t0 + last[0]) if last else now - start


def _minimise_while_improving(solver, model, cb: _Timeline, stall: float, lb: int):
    """Solve ``model`` (a minimisation) until :func:`_phase_over` says so, within the
    solver's own limit (a watcher thread calls ``stop_search``)."""
    start = time.monotonic()
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.1):
            now = time.monotonic()
            last = cb.points[-1] if cb.points else None
            since = _waited(now, start, cb.t0, last)
            if _phase_over(now - start, since, last[1] if last else None, stall, lb):
                solver.stop_search()  # again every 0.1 s until solve returns

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        return solver.solve(model, cb)
    finally:
        done.set()
        watcher.join()


def _params(solver: cp_model.CpSolver, workers: int, seed: int, limit: float, log: bool):
    """Solver settings; ``limit`` is wall-clock seconds."""
    p = solver.parameters
    p.num_workers = workers
    p.random_seed = seed
    p.max_time_in_seconds = max(0.1, limit)
    p.log_search_progress = log


def _phase_params(solver: cp_model.CpSolver, workers: int, seed: int, limit: float, log: bool):
    """The hybrid search's minimisation phase: :func:`_params`, and the full LP
    (``max_lp``) as the full-problem worker (CP-SAT's default with 2 workers is
    ``default_lp``; a single worker ignores the choice), beside the interleaved LNS: its
    bound proves tic-13crafc with a table fewer optimal (13) in 6.7 s of a minimisation
    alone, which the default did not in 60."""
    _params(solver, workers, seed, limit, log)
    solver.parameters.subsolvers.append("max_lp")


def _slots(inst: B2BInstance, solver, x) -> list[int]:
    slots = [0] * inst.n_meetings
    for (i, t), var in x.items():
        if solver.boolean_value(var):
            slots[i] = t
    return slots


_STATUS = {cp_model.OPTIMAL: "feasible", cp_model.FEASIBLE: "feasible",
           cp_model.INFEASIBLE: "infeasible", cp_model.UNKNOWN: "unknown"}  # fmt: skip


def _feasibility_params(solver: cp_model.CpSolver, config: str, seed: int, limit: float,
                        log: bool) -> None:  # fmt: skip
    """One worker. ``sat``: without LP, a plain CDCL search (fastest at *finding* schedules);
    ``lp``: with the full LP relaxation (``linearization_level = 2``; proves tic-13crafc's
    k = 3 infeasible in ~7 s where ``sat`` and CP-SAT's own two-worker ``no_lp`` +
    ``max_lp`` portfolio do not in 60 s, but is slow elsewhere)."""
    _params(solver, 1, seed, limit, log)
    solver.parameters.linearization_level = 0 if config == "sat" else 2


def solve_b2b(
    inst: B2BInstance,
    d: int | None = 2,
    time_limit: float = 60.0,
    workers: int = 8,
    seed: int = 0,
    symmetry: bool = True,
    strategy: str = "hybrid",
    first_slice: float = 3.0,
    minimize_phase: float = 5.0,
    early_minimise: bool = True,
    phase_workers: int = 2,
    threads: int = 2,
    log: bool = False,
    trace: bool = False,
) -> B2BResult:
    """Minimise the total number of breaks; returns the best schedule and the proven bound.

    ``strategy="hybrid"`` (default), bottom-up like the paper's core-guided MaxSAT:

    1. a lower bound ``lb``: the sum of the participants' own bounds
       (:func:`participant_lower_bound`, also added to the model per participant);
       the participants with a positive own bound are the *forced* breakers ``F``;
    2. *sweeps* over ``k = lb, lb + 1, ... < ub``, each asking for **any** schedule
       with at most ``k`` breaks (a feasibility problem, where "no break" propagates
       strongly; the incumbent is the hint) for a time slice: infeasible ->
       ``lb = k + 1`` (``total <= k`` is monotone in ``k``, so one proof is enough);
       feasible -> new incumbent ``ub`` (optimal when ``k == lb``); unknown -> try
       a larger ``k``. Each sweep doubles the slice and alternates two solver set-ups
       (:func:`_feasibility_params`): one CDCL worker without LP, and that worker
       plus an LP worker. These feasibility problems use the *lean* model (no slot
       integers / span constraints, which slow the search down ~10x here: forum-14
       at k = 2 took 42 s with them and 8 portfolio workers, 1.4 s without them
       and one worker);
    3. *breaker sets* (who takes the breaks): the problem ``N(S, k)`` = "at most
       ``k`` breaks, and nobody outside ``S`` and ``F`` has one" fixes most
       "no break" literals, which propagates like a 0-break instance (~1 s where the
       unrestricted ``k`` runs out of time). Each problem is one plain CDCL worker,
       ``threads`` of them at once (Python threads; CP-SAT releases the GIL; the
       first schedule found stops the others); slices are *deterministic* time (so
       that a loaded machine does not cut them short), and so are the budgets of the
       likeliest-breakers and incumbent-guided phases (the singletons' is wall-clock;
       a phase can overrun its budget by the slices running when it is reached; the
       whole run stops at the wall-clock limit).
       After the first sweep, in this order:

       * *singletons* ``S = {p}`` at ``k = lb`` when ``k - lb(F) <= 1``, in the
         order of decreasing meeting count (ties: participant number), 2 s each, at
         most a third of the budget. Then at most one non-forced participant can
         have a break, so the singletons cover every schedule: all of them
         infeasible proves ``lb = k + 1``. (forum/ticf-13crafc: k = 1 unsettled in
         60 s unrestricted; the singletons find a 1-break schedule in 6-7 s.)
       * *minimisation* (``early_minimise``), when the singletons proved their ``k``
         infeasible, every one of them, and found no schedule (a tight packing): the
         full model minimised by ``phase_workers`` CP-SAT workers (2: the
         reference machine's cores: the full LP, ``max_lp``, as the full-problem
         worker, and the interleaved LNS) for an incumbent, ``minimize_phase`` s at least,
         then while it keeps improving (:func:`_phase_over`). Before the likeliest
         breakers, not after them as in session 49: on the derived tight-packing files
         (``benchmarks/derive_b2b``) the breaker sets find nothing, and the 20 s they
         took were missing from the one search that improves there; 2 workers, not
         8: forum/ticf-13crafc with a table fewer, 30 s alone, seeds 0-2, median
         breaks 11 and 11 with 2 workers, 15 and 17 with 8 (the plain peer's model
         with 2 workers: 18 and 15; measured in session 50, with ``default_lp``). Not
         whenever no schedule is known yet: on forum-13crafb (no singletons, k = 5
         unsettled in the first sweep) the minimisation improved for the whole minute
         and ended at 8 breaks, where the likeliest breakers' proof of k = 5 leads to
         the optimum, 6;
       * *likeliest breakers*: ``S`` = the 8 and the 16 participants with the fewest
         windows of ``n_p`` consecutive slots their meetings could fill (then most
         meetings), at ``k = lb, lb + 1, lb + 2``, 4 s each, after two proof attempts
         side by side, the unrestricted ``k = lb`` with the LP set-up and with the plain
         worker on another seed (12 s each: only the LP one proves tic-13crafc's k = 3,
         only the plain one forum-13crafb's k = 5, in 6-9 s); 40 s in all;
       * *incumbent-guided*: ``S`` = the incumbent's breakers ``B`` (when at most
         ``2 * lb + 6``) at ``k = lb .. ub - 1``, then ``B`` minus one (2 s each), then
         ``B`` plus a block of 8 others, blocks covering everyone as far as the budget
         goes (6 s each), at ``k = lb``; 32 s in all; repeated while it improves, and
         after every later
         incumbent (ticf-13crafb: a 4-break schedule's breakers ``{16, 23, 26, 37}``
         plus the block holding participant 20 give a 3-break one in ~3 s; the
         unrestricted k = 3 takes 16-28 s);
    4. if no schedule yet, the same minimisation again (its first one may have
       stopped before a schedule, or been skipped; tic-13crafc.tablesm1's bound 13 is
       proven here, the ``max_lp`` worker's, 13 after 1.2 s of a minimisation alone,
       where CP-SAT's default 2-worker set-up, ``default_lp``, proved nothing above 6
       in 60 s; its 13-break schedule comes at about 21 s in some runs, 14 in others,
       see docs/performance.md), then
       sweeps again with doubling slices; every other sweep races the plain worker
       at ``k = lb`` against the LP set-up on the second thread. When only the proof
       is left (``ub = lb + 1``), that race runs once for the rest of the budget: a
       slice cut short starts the proof again (forum-13crafb.forb0003: proven at 66 s
       with doubling slices, at 46-50 s with one race).

    Time limits are wall-clock and the threads race, so runs are not bit-for-bit
    reproducible (the reference machine's 2 cores are shared), though the order of
    the searches is fixed. ``threads=1`` runs everything on one thread.

    ``strategy="minimize"``: a plain minimisation with the whole budget. ``workers``:
    its CP-SAT portfolio size (used by that strategy only; the hybrid's minimisation
    phases use ``phase_workers``); 8 workers time-share the 2 cores of the reference
    machine (the portfolio's diversity, not the parallelism, is what helps there).
    """
    t0 = time.monotonic()
    lower = {p: participant_lower_bound(inst, p) for p in range(1, inst.n_business + 1)}
    lb = sum(lower.values())
    lb_forced = lb
    forced = {p for p, v in lower.items() if v > 0}
    max_total = most_breaks(inst, d)
    lean = build_model(inst, d, symmetry, lower, span=False)
    build = time.monotonic() - t0
    points: list[tuple[float, int]] = []
    best: list[int] | None = None
    ub: int | None = None

    def left() -> float:
        return time_limit - (time.monotonic() - t0)

    def feasibility_model(k: int, only: set[int] | None):
        m = lean.model.clone()
        m.clear_objective()  # a pure feasibility problem
        m.add(lean.total <= k)
        if only is not None:
            for q, nb in lean.no_break.items():
                if q not in only and q not in forced:
                    m.add(nb == 1)
        if best is not None:
            for (i, t), var in lean.x.items():
                m.add_hint(var, best[i] == t)
        return m

    def feasible_at(k: int, limit: float, config: str, run_seed: int):
        """Any schedule with at most ``k`` breaks: (status, slots, value)."""
        m = feasibility_model(k, None)
        solver = cp_model.CpSolver()
        _feasibility_params(solver, config, run_seed, limit, log)
        status = solver.solve(m)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            slots = _slots(inst, solver, lean.x)
            return status, slots, int(round(solver.value(lean.total)))
        return status, None, None

    def race(tasks: list[tuple], slice_s: float, budget: float, dtime: bool = True,
             dbudget: float | None = None):  # fmt: skip
        """Solve ``N(S, k)`` for the tasks ``(k, S[, config[, seed[, slice]]])``, ``threads`` at
        a time, in order (``S = None``: unrestricted; ``config``: :func:`_feasibility_params`,
        ``sat`` by default; ``slice``: the task's own slice).

        Stops at the first schedule (returned with its value), at the first proof that
        an unrestricted ``k`` is infeasible, or when ``budget`` seconds have passed;
        returns (schedule or None, value, infeasible tasks). Slices are deterministic
        time (wall with ``dtime=False``), ``budget`` is wall; with ``dbudget``, no task
        starts once the finished ones have used that much deterministic time (a budget
        that a loaded machine does not shrink).
        """
        stop = threading.Event()
        lock = threading.Lock()
        active: set = set()
        deadline = time.monotonic() + budget
        spent = [0.0]

        def skipped() -> bool:
            return stop.is_set() or dbudget is not None and spent[0] >= dbudget

        def run(task, slice_s):
            k, only = task[:2]
            config = task[2] if len(task) > 2 else "sat"
            run_seed = task[3] if len(task) > 3 else seed
            slice_s = task[4] if len(task) > 4 else slice_s
            limit = min(left(), deadline - time.monotonic(), 1e9 if dtime else slice_s)
            if limit < 0.1 or skipped():  # (no model built for a task that will not run)
                return task, cp_model.UNKNOWN, None, None
            m = feasibility_model(k, None if only is None else set(only))
            solver = cp_model.CpSolver()
            _feasibility_params(solver, config, run_seed, limit, log)
            # the slice in deterministic time (~ seconds of one unloaded core here), so
            # that a loaded machine does not cut the slices short (and for repeatability)
            if dtime:
                solver.parameters.max_deterministic_time = slice_s
            with lock:
                if skipped():  # again: the race may have been decided meanwhile
                    return task, cp_model.UNKNOWN, None, None
                active.add(solver)
            status = solver.solve(m)
            with lock:
                active.discard(solver)
                spent[0] += solver.deterministic_time
            # each raced problem, its deterministic and wall seconds: where a short
            # limit's time went (a benchmark checker's 20 s run of tic-13crafc)
            report(
                f"  k = {k}, {'any' if only is None else f'{len(only)} breakers'}, {config}",
                f"{solver.status_name(status)} after {solver.deterministic_time:.1f} "
                f"deterministic s, {solver.wall_time:.1f} s",
            )
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                value = int(round(solver.value(lean.total)))
                return task, status, _slots(inst, solver, lean.x), value
            return task, status, None, None

        found, value, infeasible = None, None, []
        with ThreadPoolExecutor(max(1, threads)) as ex:
            futures = [ex.submit(run, t, slice_s) for t in tasks]
            pending = set(futures)
            while pending:
                done, pending = wait(pending, timeout=0.05, return_when=FIRST_COMPLETED)
                for f in done:
                    task, status, slots, v = f.result()
                    if slots is not None and (value is None or v < value):
                        found, value = slots, v
                    elif status == cp_model.INFEASIBLE:
                        infeasible.append(task)
                    if slots is not None or status == cp_model.INFEASIBLE and task[1] is None:
                        stop.set()
                if stop.is_set():
                    # again on every pass: a solver that had not entered its search when
                    # first asked ignores the request (OR-Tools 9.15)
                    with lock:
                        for s in active:
                            s.stop_search()
        return found, value, infeasible

    def new_incumbent(slots: list[int], value: int) -> None:
        nonlocal best, ub
        if ub is None or value < ub:
            best, ub = slots, value
            points.append((time.monotonic() - t0, value))

    def breakers() -> frozenset[int]:
        assert best is not None
        return frozenset(p + 1 for p, b in enumerate(breaks_of(inst, best)) if b) - forced

    def no_break_windows(p: int) -> int:
        """Windows of ``n_p`` consecutive slots ``p``'s meetings could fill (its own rules only)."""
        allowed = [set(inst.allowed(i)) for i in inst.meetings_of(p)]
        n, out = len(allowed), 0
        for a in range(1, inst.n_slots - n + 2):
            w = set(range(a, a + n))
            out += all(al & w for al in allowed) and all(any(t in al for al in allowed) for t in w)
        return out

    # likely breakers first: fewest no-break windows, then most meetings
    ranked = sorted(set(lean.no_break) - forced,
                    key=lambda p: (no_break_windows(p), -len(inst.meetings_of(p)), p))  # fmt: skip

    def report(what: str, value) -> None:
        if trace:
            print(f"{time.monotonic() - t0:5.1f} s: {what}: {value}", flush=True)

    def likely(with_lp: bool = True) -> None:
        """``S`` = the 8 / 16 likeliest breakers at k = lb, lb + 1, lb + 2 (for an incumbent),
        4 s each, after the unrestricted k = lb with the ``lp`` set-up and with the plain
        worker on a new seed, side by side (12 s each, proofs: only the LP proves
        tic-13crafc's k = 3, in 3.3 deterministic s; only the plain worker forum-13crafb's
        k = 5, in 6-9; a proof stops the race, so the sets are then tried again at the new
        ``lb``, after the unrestricted ``k = lb`` with the plain worker for
        ``first_slice`` deterministic s, a ``k`` the first sweep never reached:
        tic-13crafc.prec25, its ``k = 4`` found in 0.2-1.5 s, where the sets found
        nothing and the minimisation phase that came next, 16-35 s, sometimes ended with
        11 breaks; that problem's proof starts the next round, up to ``max_total``); 40
        deterministic s per round."""
        nonlocal lb
        top = [frozenset(ranked[:m]) for m in (8, 16)]
        tasks: list[tuple] = []
        if with_lp and threads > 1:
            tasks = [(lb, None, "lp", seed, 12.0), (lb, None, "sat", seed + 1, 12.0)]
        elif not with_lp:
            tasks = [(lb, None, "sat", seed, first_slice)]
        tasks += [(k, S) for k in range(lb, lb + 3) if ub is None or k < ub for S in top]
        slots, value, infeasible = race(tasks, 4.0, left(), dbudget=40.0)
        proven = any(task[1] is None for task in infeasible)
        if proven:
            lb += 1
        report(f"likely breakers (proof: {proven}), now lb = {lb}", value)
        if slots is not None:
            new_incumbent(slots, value)
        elif proven and (ub is None or lb < ub) and lb <= max_total and left() > 0.3:
            likely(with_lp=False)

    def guided() -> None:
        """Incumbent-guided breaker sets, repeated while they improve the incumbent.

        ``S`` = the incumbent's breakers ``B`` at k = lb .. ub - 1, then ``B`` minus one
        of them (2 s each), then ``B`` plus a block of 8 of the others, the blocks in the
        order of likeliness and covering everyone as far as the budget goes (6 s each), at
        k = lb; 32 deterministic s in all.
        (ticf-13crafb: a 4-break incumbent's breakers {16, 23, 26, 37}, the optimum's
        {1, 23, 37} or {20, 23, 37}, with 1 and 20 22nd and 19th likeliest; the block
        with 20 finds a 3-break schedule in ~4 deterministic s, each ``B + {q}`` needs ~1.2,
        so all singletons would take ~90.)"""
        while best is not None and ub is not None and lb < ub and left() > 0.3:
            only = breakers()
            if len(only) > 2 * lb + 6:
                return
            tasks = [(k, only) for k in range(lb, ub)]
            tasks += [(lb, only - {b}) for b in sorted(only)]
            others = [q for q in ranked if q not in only]
            tasks += [(lb, only | set(others[j : j + 8]), "sat", seed, 6.0)
                      for j in range(0, len(others), 8)]  # fmt: skip
            slots, value, _ = race(tasks, 2.0, left(), dbudget=32.0)
            report(f"breakers of the incumbent {sorted(only)} (+-1), k = {lb}..{ub - 1}", value)
            if slots is None:
                return
            new_incumbent(slots, value)

    def singletons() -> bool:
        """Singleton breaker sets at k = lb when k - lb(F) <= 1 (then they are exhaustive);
        True when they proved a ``k`` infeasible and found no schedule."""
        nonlocal lb
        proved = False
        while (ub is None or lb < ub) and lb - lb_forced <= 1 and lb <= max_total and left() > 0.3:
            k = lb
            others = set(lean.no_break) - forced
            cands = sorted(others, key=lambda q: (-len(inst.meetings_of(q)), q))
            tasks = [(k, frozenset([p])) for p in cands]
            slots, value, infeasible = race(tasks, 2.0, min(time_limit / 3, left()))
            report(f"singletons at k = {k} ({len(infeasible)}/{len(tasks)} infeasible)", value)
            if slots is not None:
                new_incumbent(slots, value)
                return False
            if tasks and len(infeasible) == len(tasks):
                lb = k + 1  # every schedule with <= k breaks is in some N({p}, k)
                proved = True
                continue
            return proved
        return proved

    def sweep(slice_s: float, lp_at_lb: bool, run_seed: int, stop_on_unknown: bool) -> None:
        """One pass k = lb, lb + 1, ... < ub, ``slice_s`` seconds per k at most.

        After an unsettled k the gap to ``lb`` doubles (k = lb + 1, lb + 2, lb + 4, ...),
        so that hard instances still get an incumbent within the pass.

        Every k uses the ``sat`` set-up; with ``lp_at_lb``, k = lb races it against
        the ``lp`` one on the second thread (the LP helps to prove a bound, rarely to
        find a schedule; not always, as the two threads share the cores).

        After 8 proofs in a row and without an incumbent, one check whether any schedule
        exists at all (``k = max_total``, :func:`most_breaks`): infeasible ends the search
        (the paper's UNSAT precedence variants, where every k is infeasible and
        ``max_total`` is in the hundreds); a schedule becomes the incumbent.
        """
        nonlocal lb
        k = lb
        proofs_in_a_row, jumped = 0, False
        while k <= max_total and (ub is None or k < ub) and left() > 0.3:
            if proofs_in_a_row >= 8 and not jumped and ub is None and k < max_total:
                # many cheap proofs in a row: is there any schedule at all? (the
                # published UNSAT configurations with precedences: every k is
                # infeasible, and max_total is in the hundreds)
                jumped = True
                status, slots, value = feasible_at(max_total, min(slice_s, left()), "sat",
                                                   run_seed)  # fmt: skip
                report(f"any schedule (k = {max_total})", _STATUS.get(status, status))
                if slots is not None:
                    new_incumbent(slots, value)
                    continue  # k < ub still to be settled
                if status == cp_model.INFEASIBLE:
                    lb = max_total + 1
                    return
            if lp_at_lb and k == lb and threads > 1:
                config = "sat+lp"
                slots, value, infeasible = race([(k, None, "sat", run_seed), (k, None, "lp")],
                                                slice_s, left(), dtime=False)  # fmt: skip
                status = (cp_model.FEASIBLE if slots is not None
                          else cp_model.INFEASIBLE if infeasible else cp_model.UNKNOWN)  # fmt: skip
            else:
                config = "sat"
                status, slots, value = feasible_at(k, min(slice_s, left()), config, run_seed)
            report(
                f"k = {k}, {config}, {slice_s:.0f} s slice",
                f"{_STATUS.get(status, status)} {value}",
            )
            if slots is not None:
                new_incumbent(slots, value)
                return  # everything above is useless, everything below was just tried
            if status == cp_model.INFEASIBLE:
                lb = k + 1
                k += 1
                proofs_in_a_row += 1
            elif stop_on_unknown:
                return
            else:
                proofs_in_a_row = 0
                k += max(1, k - lb)  # not settled: look further up, gap doubling

    def minimise() -> None:
        """The full model's minimisation for an incumbent (steps 3 and 4): ``phase_workers``
        workers until :func:`_phase_over`, or ``workers`` for the whole budget with
        ``strategy="minimize"``."""
        nonlocal best, ub, lb, points
        full = build_model(inst, d, symmetry, lower)
        full.model.add(full.total >= lb)
        solver = cp_model.CpSolver()
        cb = _Timeline(t0)
        if strategy == "minimize":
            _params(solver, workers, seed, min(minimize_phase, left()), log)
            status = solver.solve(full.model, cb)
        else:
            _phase_params(solver, phase_workers, seed, left(), log)
            status = _minimise_while_improving(solver, full.model, cb, minimize_phase, lb)
        report(
            "minimise", f"{solver.status_name(status)} {cb.points[-1][1] if cb.points else None}"
        )
        if status == cp_model.INFEASIBLE:
            lb = max_total + 1  # nothing with at least lb breaks, and below lb is proven empty
        elif status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            points += cb.points  # (called only while no schedule is known)
            best, ub = _slots(inst, solver, full.x), int(round(solver.objective_value))
            lb = max(lb, _proven(solver.best_objective_bound, lb))

    if strategy == "minimize":
        minimize_phase = time_limit
    else:
        # 1st sweep: short slices, up to the first k not settled (0-break instances and
        # cheap infeasibility proofs are settled here)
        sweep(first_slice, False, seed, stop_on_unknown=True)
        packed = False
        if (ub is None or lb < ub) and lb <= max_total:
            packed = singletons()
        if early_minimise and packed and ub is None and left() > 0.3 and lb <= max_total:
            minimise()
        if (ub is None or lb < ub) and lb <= max_total:
            likely()
        guided()
    if ub is None and left() > 0.3 and lb <= max_total:
        minimise()
    round_no = 0
    slice_s = first_slice
    while strategy != "minimize" and left() > 0.3 and lb <= max_total and (ub is None or lb < ub):
        round_no += 1
        slice_s *= 2
        if ub == lb + 1 and threads > 1:
            # Only the proof is left (k = lb infeasible, or a schedule at lb): one race
            # of the two set-ups for the rest of the budget, not slices that double,
            # each of which starts the proof again (forum-13crafb.forb0003: slices of
            # 3, 12, 6 and 12 s wasted before a 24 s one proved k = 4 after 16 s).
            slice_s = left()
            lp_first = True
        else:
            lp_first = round_no % 2 == 1
        before = ub
        sweep(slice_s, lp_first, seed + round_no, stop_on_unknown=False)
        if ub != before:
            guided()
    wall = time.monotonic() - t0
    if best is None:
        status = "infeasible" if lb > max_total else "unknown"
        return B2BResult(status, None, None if lb > max_total else lb, None, None, wall, build,
                         points)  # fmt: skip
    return B2BResult(
        "optimal" if lb >= ub else "feasible",
        ub,
        min(lb, ub),
        best,
        points[-1][0] if points else wall,
        wall,
        build,
        points,
    )


# ------------------------------------------------------------ the plain peer
def plain_b2b(
    inst: B2BInstance, d: int | None = 2, time_limit: float = 60.0, workers: int = 2,
    seed: int = 0,
) -> B2BResult:  # fmt: skip
    """The plain CP-SAT peer on the literature: the problem as written, one minimisation.

    What a modeller would write first from the paper's definition, none of our ideas
    (no per-participant bounds, windows, redundant counts, symmetry cut, sweeps or
    breaker sets): ``x[m, t]`` over each meeting's allowed slots, exactly one;
    ``busy[p, t]`` = the sum of ``p``'s ``x`` there (at most one); at most ``nTables``
    meetings per slot; precedences on the slot numbers; ``started[p, t]`` <=> ``p``
    is busy at ``t`` or before, and a break ending at ``t + 1`` <=> ``busy[p, t + 1]``
    and not ``busy[p, t]`` and ``started[p, t]`` (the MaxSAT encoding's definition,
    both ways, as fairness needs exact counts); fairness as ``max - min <= d`` over
    every participant (one without meetings has 0); minimise the total. CP-SAT's
    default search with ``workers`` workers (2: the reference machine's cores) and
    ``seed``, stopped at ``time_limit`` wall seconds, model building included.
    """
    t0 = time.monotonic()
    m = cp_model.CpModel()
    T = inst.n_slots
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for i in range(inst.n_meetings):
        for t in inst.allowed(i):
            x[(i, t)] = m.new_bool_var(f"x[{i + 1},{t}]")
        m.add_exactly_one(x[(i, t)] for t in inst.allowed(i))
    for t in range(1, T + 1):
        m.add(sum(x[(i, t)] for i in range(inst.n_meetings) if (i, t) in x) <= inst.n_tables)
    _add_precedences(m, inst, x)
    counts = []
    for p in range(1, inst.n_business + 1):
        mine = inst.meetings_of(p)
        busy = []
        for t in range(1, T + 1):
            b = m.new_bool_var(f"busy[{p},{t}]")
            m.add(sum(x[(i, t)] for i in mine if (i, t) in x) == b)
            busy.append(b)
        started = []
        for k, b in enumerate(busy):
            s = m.new_bool_var(f"started[{p},{k + 1}]")
            m.add_max_equality(s, [b] + started[-1:])
            started.append(s)
        ends = []
        for k in range(T - 1):
            e = m.new_bool_var(f"break_end[{p},{k + 2}]")
            m.add_bool_and([busy[k + 1], busy[k].Not(), started[k]]).only_enforce_if(e)
            m.add_bool_or([e, busy[k + 1].Not(), busy[k], started[k].Not()])
            ends.append(e)
        n = m.new_int_var(0, T, f"breaks[{p}]")
        m.add(n == sum(ends))
        counts.append(n)
    if d is not None and counts:
        lo, hi = m.new_int_var(0, T, "min_breaks"), m.new_int_var(0, T, "max_breaks")
        m.add_min_equality(lo, counts)
        m.add_max_equality(hi, counts)
        m.add(hi - lo <= d)
    m.minimize(sum(counts))
    build = time.monotonic() - t0
    solver = cp_model.CpSolver()
    _params(solver, workers, seed, time_limit - build, False)
    cb = _Timeline(t0)
    status = solver.solve(m, cb)
    wall = time.monotonic() - t0
    if status == cp_model.INFEASIBLE:
        return B2BResult("infeasible", None, None, None, None, wall, build, cb.points)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # no schedule, but the search's bound holds (it was dropped; a second reader)
        raw = solver.best_objective_bound  # -inf or nan when stopped before any bound
        bound = max(0, _proven(raw, 0)) if math.isfinite(raw) else None
        return B2BResult("unknown", None, bound, None, None, wall, build, cb.points)
    value = int(round(solver.objective_value))
    bound = min(value, _proven(solver.best_objective_bound, 0))
    return B2BResult(
        "optimal" if status == cp_model.OPTIMAL else "feasible", value, bound,
        _slots(inst, solver, x), cb.points[-1][0] if cb.points else wall, wall, build,
        cb.points,
    )  # fmt: skip
