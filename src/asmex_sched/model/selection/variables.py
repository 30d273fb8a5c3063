"""Stage 1's variables: the sparse ``z[(pair, session)]`` booleans.

:class:`SelectionVars` creates one boolean per request and half-day session in which
both parties share a candidate slot (so H3 and H9 need no constraint; in its own
half-day a fixed or pinned meeting's only slot is its own, ``Instance.placeable``),
answers the rules' queries (a company's variables in a session, a pair's candidate slots there...),
fixes required meetings (H7, H8), and keeps every auxiliary variable with how to
compute its value from a solution (:class:`SolutionView`), so that hints stay complete.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

from ortools.sat.python import cp_model

from asmex_sched.domain import Instance
from asmex_sched.model.keys import Key


class SolutionView:
    """Counts derived from a pair -> session solution, for hinting auxiliaries."""

    def __init__(self, sessions: Mapping[Key, int]):
        self.held: dict[str, int] = defaultdict(int)
        self.on_site: set[tuple[str, int]] = set()
        for (e, b), h in sessions.items():
            self.held[e] += 1
            self.held[b] += 1
            self.on_site.add((b, h))


class SelectionVars:
    """Sparse ``z[(pair, session)]`` booleans, created only for allowed pairs (H3)."""

    def __init__(self, model: cp_model.CpModel, instance: Instance) -> None:
        self.model = model
        self.instance = instance
        self.z: dict[tuple[Key, int], cp_model.IntVar] = {}
        self.sessions_of: dict[Key, list[int]] = {}
        session_of_slot = {s.index: s.session for s in instance.slots}
        for r in instance.requests:  # sorted by key: deterministic variable order
            sessions = sorted({session_of_slot[s] for s in instance.candidates[r.key]})
            self.sessions_of[r.key] = sessions
            for h in sessions:
                self.z[(r.key, h)] = model.new_bool_var(f"z[{r.exporter_id}~{r.buyer_id}@{h}]")
        self._slots_in: dict[tuple[Key, int], list[int]] = defaultdict(list)
        for r in instance.requests:
            # A fixed or pinned meeting's own slot is its only one in its half-day
            # (``Instance.placeable``), for the window cuts. Its variables in other
            # half-days stay (H7/H8 hold them at 0): dropping them too changed the
            # search enough that a re-plan's worst-off level went unproven.
            own, candidates = instance.placeable[r.key], instance.candidates[r.key]
            home = session_of_slot[own[0]] if own != candidates else None
            for s in candidates:
                h = session_of_slot[s]
                if h != home or s in own:
                    self._slots_in[(r.key, h)].append(s)
        self._pairs_of: dict[tuple[str, int], list[Key]] = defaultdict(list)
        self._by_company_session: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
        self._by_session: dict[int, list[tuple[Key, cp_model.IntVar]]] = defaultdict(list)
        for (key, h), var in self.z.items():
            for cid in key:
                self._by_company_session[(cid, h)].append(var)
                self._pairs_of[(cid, h)].append(key)
            self._by_session[h].append((key, var))
        self._held: dict[Key, cp_model.LinearExprT] = {}
        self._aux: list[tuple[cp_model.IntVar, Callable[[SolutionView], int]]] = []

    def held(self, key: Key) -> cp_model.LinearExprT:
        """1 if the pair meets (in any session), as a linear expression."""
        if key not in self._held:
            self._held[key] = sum(self.z[(key, h)] for h in self.sessions_of[key])
        return self._held[key]

    def for_company_in_session(self, cid: str, h: int) -> list[cp_model.IntVar]:
        return self._by_company_session.get((cid, h), [])

    def slots_in(self, key: Key, h: int) -> list[int]:
        """The pair's candidate slots in session ``h``."""
        return self._slots_in[(key, h)]

    def pairs_of(self, cid: str, h: int) -> list[Key]:
        """Pairs of company ``cid`` that may meet in session ``h``."""
        return self._pairs_of.get((cid, h), [])

    def in_session(self, h: int) -> list[tuple[Key, cp_model.IntVar]]:
        return self._by_session.get(h, [])

    def held_by(self, cid: str) -> cp_model.LinearExprT:
        """Number of meetings of company ``cid``."""
        return sum(self.held(r.key) for r in self.instance.requests_of[cid])

    def fix(self, key: Key, session: int) -> bool:
        """Force the pair into ``session``; False when that is impossible. Named by its
        rule: H7 for a fixed meeting of the roster, H8 for a pinned one (re-planning;
        both were named H7, an audit)."""
        var = self.z.get((key, session))
        if var is None:
            return False
        rule = self.instance.required_rule(key)
        self.model.add(var == 1).with_name(f"{rule}:{key[0]}~{key[1]}@{session}")
        return True

    def register(self, var: cp_model.IntVar, value: Callable[[SolutionView], int]) -> None:
        """An auxiliary variable and how to compute its value from a solution,
        so that hints stay complete (CP-SAT benefits much more from those)."""
        self._aux.append((var, value))

    def hint(self, sessions: Mapping[Key, int]) -> None:
        """Complete hint: pairs in ``sessions`` held there, every other z at 0,
        and every registered auxiliary variable at its implied value."""
        self.model.clear_hints()
        for (key, h), var in self.z.items():
            self.model.add_hint(var, sessions.get(key) == h)
        view = SolutionView(sessions)
        for var, value in self._aux:
            self.model.add_hint(var, value(view))

    def extract(self, solver: cp_model.CpSolver) -> dict[Key, int]:
        """Pair -> chosen session in the solver's last solution."""
        return {key: h for (key, h), var in self.z.items() if solver.boolean_value(var)}
