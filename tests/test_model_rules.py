"""Each hard rule and objective tier of the CP-SAT model, alone, at the model level.

Every test builds a tiny instance, the variables of one stage (``SelectionVars``
for stage 1, ``SlotVars`` for stage 2), adds *only* the rule under test, pins
some variables to 1 and checks that CP-SAT finds the pinned assignment feasible
(allowed case) or proves it infeasible (violating case). Rule ids are those of
``docs/model.md``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from conftest import fixed_at, make_instance
from ortools.sat.python import cp_model

from asmex_sched.domain import Instance
from asmex_sched.model import selection as sel
from asmex_sched.model import slotting as slo

OK = (cp_model.OPTIMAL, cp_model.FEASIBLE)

Key = tuple[str, str]


def run(m: cp_model.CpModel) -> tuple[int, cp_model.CpSolver]:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 5
    return solver.solve(m), solver


def status(m: cp_model.CpModel) -> int:
    return run(m)[0]


def k(e: int, b: int) -> Key:
    return (f"E{e}", f"B{b}")


# ------------------------------------------------------------------- stage 1
def stage1(inst: Instance, rule, pins: Iterable[tuple[Key, int]]) -> int:
    """Status of the stage-1 model with only ``rule`` and ``z[pair, session] == 1`` pins."""
    m = cp_model.CpModel()
    v = sel.SelectionVars(m, inst)
    if rule is not None:
        rule(m, inst, v)
    for key, h in pins:
        m.add(v.z[(key, h)] == 1)
    return status(m)


def two_sessions() -> Instance:
    """One day of 10 slots: slots 0-7 are the morning (session 0), 8-9 the afternoon (1)."""
    inst = make_instance(exporters=1, buyers=1, slots_per_day=10)
    assert [s.session for s in inst.slots] == [0] * 8 + [1] * 2
    return inst


def test_h1_pair_once_allows_one_session() -> None:
    inst = two_sessions()
    assert stage1(inst, sel.add_h1_pair_once, [(k(1, 1), 0)]) in OK
    assert stage1(inst, sel.add_h1_pair_once, [(k(1, 1), 1)]) in OK


def test_h1_pair_once_forbids_two_sessions() -> None:
    inst = two_sessions()
    # Without the rule, nothing stops the pair from meeting in both sessions.
    assert stage1(inst, None, [(k(1, 1), 0), (k(1, 1), 1)]) in OK
    assert stage1(inst, sel.add_h1_pair_once, [(k(1, 1), 0), (k(1, 1), 1)]) == cp_model.INFEASIBLE


def test_h1_only_requested_pairs_have_variables() -> None:
    inst = make_instance(requests=[(1, 1), (2, 2)])
    v = sel.SelectionVars(cp_model.CpModel(), inst)
    assert {key for key, _ in v.z} == {k(1, 1), k(2, 2)}


def h2_instance(*, delegates: int) -> Instance:
    """Exporter E1 with ``delegates`` delegates wants B1, B2, B3; a single slot."""
    return make_instance(exporters=1, buyers=3, slots_per_day=1, delegates={"E1": delegates})


def test_h2_company_capacity_allows_two_meetings_of_a_two_delegate_exporter() -> None:
    inst = h2_instance(delegates=2)
    pins = [(k(1, 1), 0), (k(1, 2), 0)]
    assert stage1(inst, sel.add_h2_company_capacity, pins) in OK


def test_h2_company_capacity_forbids_three_meetings_of_a_two_delegate_exporter() -> None:
    inst = h2_instance(delegates=2)
    pins = [(k(1, 1), 0), (k(1, 2), 0), (k(1, 3), 0)]
    assert stage1(inst, None, pins) in OK
    assert stage1(inst, sel.add_h2_company_capacity, pins) == cp_model.INFEASIBLE


def test_h2_company_capacity_counts_only_the_companys_usable_slots() -> None:
    # Two slots in the session, but B2 and B3 are away in slot 1 and B1 is only
    # there in slot 1: E1 (1 delegate) can still use both slots -> 2 meetings.
    # If E1 itself is away in slot 1, only one slot is usable -> 1 meeting.
    inst = make_instance(exporters=1, buyers=2, slots_per_day=2)
    pins = [(k(1, 1), 0), (k(1, 2), 0)]
    assert stage1(inst, sel.add_h2_company_capacity, pins) in OK
    away = make_instance(exporters=1, buyers=2, slots_per_day=2, unavailability=[("E1", 0, 1, 2)])
    assert stage1(away, sel.add_h2_company_capacity, pins) == cp_model.INFEASIBLE


def test_h2_window_cut_forbids_two_meetings_that_share_one_slot_of_a_session() -> None:
    # One 4-slot session; B1 and B2 are there only in slot 0, B3 all session.
    # Session-wide, E1 (1 delegate) has 4 usable slots, so the session capacity
    # alone lets stage 1 choose E1-B1 and E1-B2, which no slotting can place.
    inst = make_instance(
        exporters=1,
        buyers=3,
        slots_per_day=4,
        unavailability=[("B1", 0, 1, 4), ("B2", 0, 1, 4)],
    )
    assert {s.session for s in inst.slots} == {0}
    both = [(k(1, 1), 0), (k(1, 2), 0)]
    assert stage1(inst, None, both) in OK
    assert stage1(inst, sel.add_h2_company_capacity, both) == cp_model.INFEASIBLE
    # One of them plus B3 (free all session) fits: the cut is not over-tight.
    assert stage1(inst, sel.add_h2_company_capacity, [(k(1, 1), 0), (k(1, 3), 0)]) in OK


def test_h4_window_cut_counts_tables_in_the_slots_meetings_can_use() -> None:
    # Tables = 1, 4 slots: E1-B1 and E2-B2 can both meet only in slot 0; E3-B3
    # may use all 4 slots, so the session-wide capacity (4 meetings) does not bind.
    inst = make_instance(
        exporters=3,
        buyers=3,
        requests=[(1, 1), (2, 2), (3, 3)],
        slots_per_day=4,
        tables=1,
        unavailability=[("B1", 0, 1, 4), ("B2", 0, 1, 4)],
    )
    pins = [(k(1, 1), 0), (k(2, 2), 0)]
    assert stage1(inst, None, pins) in OK
    assert stage1(inst, sel.add_h4_tables, pins) == cp_model.INFEASIBLE
    # B2 in slot 1 only instead: one table, two slots, both fit.
    apart = make_instance(
        exporters=3,
        buyers=3,
        requests=[(1, 1), (2, 2), (3, 3)],
        slots_per_day=4,
        tables=1,
        unavailability=[("B1", 0, 1, 4), ("B2", 0, 0, 1), ("B2", 0, 2, 4)],
    )
    assert stage1(apart, sel.add_h4_tables, pins) in OK


def test_h3_no_variable_for_a_session_where_a_party_is_away() -> None:
    # B1 is away the whole afternoon (slots 8-9): E1-B1 has no afternoon variable.
    inst = make_instance(exporters=1, buyers=2, slots_per_day=10, unavailability=[("B1", 0, 8, 10)])
    v = sel.SelectionVars(cp_model.CpModel(), inst)
    assert v.sessions_of[k(1, 1)] == [0]
    assert (k(1, 1), 1) not in v.z
    assert v.sessions_of[k(1, 2)] == [0, 1]


def test_h3_no_variable_without_a_common_slot() -> None:
    # E1 is away in slot 0, B1 in slot 1: available slots never coincide.
    inst = make_instance(
        exporters=1,
        buyers=1,
        slots_per_day=2,
        unavailability=[("E1", 0, 0, 1), ("B1", 0, 1, 2)],
    )
    v = sel.SelectionVars(cp_model.CpModel(), inst)
    assert v.sessions_of[k(1, 1)] == []
    assert v.z == {}


def h4_instance(tables: int, slots: int = 1) -> Instance:
    return make_instance(requests=[(1, 1), (2, 2)], slots_per_day=slots, tables=tables)


def test_h4_tables_allows_as_many_meetings_as_tables_times_slots() -> None:
    pins = [(k(1, 1), 0), (k(2, 2), 0)]
    assert stage1(h4_instance(tables=2), sel.add_h4_tables, pins) in OK
    assert stage1(h4_instance(tables=1, slots=2), sel.add_h4_tables, pins) in OK


def test_h4_tables_forbids_more_meetings_than_tables() -> None:
    pins = [(k(1, 1), 0), (k(2, 2), 0)]
    assert stage1(h4_instance(tables=1), None, pins) in OK
    assert stage1(h4_instance(tables=1), sel.add_h4_tables, pins) == cp_model.INFEASIBLE


def h5_instance(interpreters: int) -> Instance:
    """E1-B1 and E2-B2 both need an interpreter (no common language); E3-B3 does not."""
    inst = make_instance(
        exporters=3,
        buyers=3,
        slots_per_day=1,
        interpreters=interpreters,
        requests=[(1, 1), (2, 2), (3, 3)],
        languages={"E1": ["fr"], "B1": ["en"], "E2": ["ar"], "B2": ["sw"], "E3": ["en"]},
    )
    assert inst.interpreter_needed == {k(1, 1): True, k(2, 2): True, k(3, 3): False}
    return inst


def test_h5_interpreters_allows_one_interpreted_meeting_per_interpreter() -> None:
    inst = h5_instance(interpreters=1)
    assert stage1(inst, sel.add_h5_interpreters, [(k(1, 1), 0), (k(3, 3), 0)]) in OK
    inst = h5_instance(interpreters=2)
    assert stage1(inst, sel.add_h5_interpreters, [(k(1, 1), 0), (k(2, 2), 0)]) in OK


def test_h5_interpreters_forbids_more_interpreted_meetings_than_interpreters() -> None:
    inst = h5_instance(interpreters=1)
    pins = [(k(1, 1), 0), (k(2, 2), 0)]
    assert stage1(inst, None, pins) in OK
    assert stage1(inst, sel.add_h5_interpreters, pins) == cp_model.INFEASIBLE
    inst = h5_instance(interpreters=0)
    assert stage1(inst, sel.add_h5_interpreters, [(k(1, 1), 0)]) == cp_model.INFEASIBLE


def h6_instance(cap: int) -> Instance:
    return make_instance(exporters=1, buyers=3, slots_per_day=3, max_meetings={"E1": cap})


def test_h6_max_meetings_allows_up_to_the_maximum() -> None:
    assert stage1(h6_instance(2), sel.add_h6_max_meetings, [(k(1, 1), 0), (k(1, 2), 0)]) in OK


def test_h6_max_meetings_forbids_more_than_the_maximum() -> None:
    pins = [(k(1, 1), 0), (k(1, 2), 0), (k(1, 3), 0)]
    assert stage1(h6_instance(2), None, pins) in OK
    assert stage1(h6_instance(2), sel.add_h6_max_meetings, pins) == cp_model.INFEASIBLE


def test_h6_max_meetings_applies_to_buyers_too() -> None:
    inst = make_instance(exporters=2, buyers=1, slots_per_day=2, max_meetings={"B1": 1})
    pins = [(k(1, 1), 0), (k(2, 1), 0)]
    assert stage1(inst, sel.add_h6_max_meetings, pins[:1]) in OK
    assert stage1(inst, sel.add_h6_max_meetings, pins) == cp_model.INFEASIBLE


# ------------------------------------------------------------------- stage 2
def stage2(
    inst: Instance, rule, chosen: Iterable[Key], pins: Iterable[tuple[Key, int]], h: int = 0
) -> int:
    """Status of the stage-2 model of session ``h`` with H1 (a pair in one slot at
    most), ``rule`` and x pins."""
    m = cp_model.CpModel()
    v = slo.SlotVars(m, inst, h, sorted(chosen))
    slo.add_h1_pair_once(m, inst, v)
    if rule is not None:
        rule(m, inst, v)
    for key, s in pins:
        m.add(v.x[(key, s)] == 1)
    return status(m)


def test_stage2_h1_places_a_pair_at_most_once() -> None:
    # sum_s x[r,s] == placed[r] <= 1 (stage2 adds it to every model).
    inst = make_instance(exporters=1, buyers=1, slots_per_day=2)
    m = cp_model.CpModel()
    v = slo.SlotVars(m, inst, 0, [k(1, 1)])
    m.add(v.x[(k(1, 1), 0)] == 1)
    m.add(v.x[(k(1, 1), 1)] == 1)
    assert status(m) in OK  # SlotVars alone does not forbid it
    slo.add_h1_pair_once(m, inst, v)
    assert status(m) == cp_model.INFEASIBLE
    assert stage2(inst, None, [k(1, 1)], [(k(1, 1), 0)]) in OK
    assert stage2(inst, None, [k(1, 1)], [(k(1, 1), 0), (k(1, 1), 1)]) == cp_model.INFEASIBLE


def test_stage2_h2_company_capacity_allows_two_meetings_of_a_two_delegate_exporter() -> None:
    inst = h2_instance(delegates=2)
    chosen = [k(1, 1), k(1, 2), k(1, 3)]
    assert stage2(inst, slo.add_h2_company_capacity, chosen, [(k(1, 1), 0), (k(1, 2), 0)]) in OK


def test_stage2_h2_company_capacity_forbids_three_meetings_of_a_two_delegate_exporter() -> None:
    inst = h2_instance(delegates=2)
    chosen = [k(1, 1), k(1, 2), k(1, 3)]
    pins = [(key, 0) for key in chosen]
    assert stage2(inst, None, chosen, pins) in OK
    assert stage2(inst, slo.add_h2_company_capacity, chosen, pins) == cp_model.INFEASIBLE


def test_stage2_h2_company_capacity_is_per_slot() -> None:
    # One delegate, two slots: two meetings are fine in different slots only.
    inst = make_instance(exporters=1, buyers=2, slots_per_day=2)
    chosen = [k(1, 1), k(1, 2)]
    rule = slo.add_h2_company_capacity
    assert stage2(inst, rule, chosen, [(k(1, 1), 0), (k(1, 2), 1)]) in OK
    assert stage2(inst, rule, chosen, [(k(1, 1), 1), (k(1, 2), 1)]) == cp_model.INFEASIBLE
    # A buyer with one delegate likewise.
    inst = make_instance(exporters=2, buyers=1, slots_per_day=2)
    chosen = [k(1, 1), k(2, 1)]
    assert stage2(inst, rule, chosen, [(k(1, 1), 0), (k(2, 1), 1)]) in OK
    assert stage2(inst, rule, chosen, [(k(1, 1), 0), (k(2, 1), 0)]) == cp_model.INFEASIBLE


def test_h3_stage2_no_variable_at_an_unavailable_slot() -> None:
    inst = make_instance(exporters=1, buyers=1, slots_per_day=3, unavailability=[("B1", 0, 1, 2)])
    v = slo.SlotVars(cp_model.CpModel(), inst, 0, [k(1, 1)])
    assert sorted(s for _, s in v.x) == [0, 2]
    # A group block (EXPORTERS) removes the slot for every exporter.
    inst = make_instance(slots_per_day=3, unavailability=[("EXPORTERS", 0, 0, 1)])
    v = slo.SlotVars(cp_model.CpModel(), inst, 0, [k(1, 1), k(2, 2)])
    assert sorted(v.x) == [(k(1, 1), 1), (k(1, 1), 2), (k(2, 2), 1), (k(2, 2), 2)]


def test_stage2_h4_tables_allows_one_meeting_per_table() -> None:
    chosen = [k(1, 1), k(2, 2)]
    inst = h4_instance(tables=1, slots=2)
    assert stage2(inst, slo.add_h4_tables, chosen, [(k(1, 1), 0), (k(2, 2), 1)]) in OK
    inst = h4_instance(tables=2, slots=2)
    assert stage2(inst, slo.add_h4_tables, chosen, [(k(1, 1), 1), (k(2, 2), 1)]) in OK


def test_stage2_h4_tables_forbids_more_meetings_than_tables_in_a_slot() -> None:
    chosen = [k(1, 1), k(2, 2)]
    inst = h4_instance(tables=1, slots=2)
    pins = [(k(1, 1), 1), (k(2, 2), 1)]
    assert stage2(inst, None, chosen, pins) in OK
    assert stage2(inst, slo.add_h4_tables, chosen, pins) == cp_model.INFEASIBLE


def test_stage2_h5_interpreters_allows_one_interpreted_meeting_per_interpreter() -> None:
    inst = h5_instance(interpreters=1)
    chosen = [k(1, 1), k(2, 2), k(3, 3)]
    pins = [(k(1, 1), 0), (k(3, 3), 0)]
    assert stage2(inst, slo.add_h5_interpreters, chosen, pins) in OK


def test_stage2_h5_interpreters_forbids_more_interpreted_meetings_than_interpreters() -> None:
    inst = h5_instance(interpreters=1)
    chosen = [k(1, 1), k(2, 2), k(3, 3)]
    pins = [(k(1, 1), 0), (k(2, 2), 0)]
    assert stage2(inst, None, chosen, pins) in OK
    assert stage2(inst, slo.add_h5_interpreters, chosen, pins) == cp_model.INFEASIBLE


# ------------------------------------------------------------ objective tiers
def full_stage1(inst: Instance) -> tuple[cp_model.CpModel, sel.SelectionVars]:
    m = cp_model.CpModel()
    v = sel.SelectionVars(m, inst)
    for rule in sel.HARD_RULES:
        rule(m, inst, v)
    return m, v


def test_s1a_worst_off_hand_derived_optimum() -> None:
    # 3 exporters each want both buyers; 2 slots, 1 delegate each: the buyers
    # can hold 2 x 2 = 4 meetings. Each exporter's cap is min(2 requests, 2 slots)
    # = 2, so all three at 2 needs 6 > 4 meetings: the best is (2, 1, 1) ->
    # worst_off 1, and then exactly one exporter reaches 2 -> next_worst 1.
    # E4 has no request (cap 0) and must not pull the level down to 0.
    inst = make_instance(
        exporters=4, buyers=2, slots_per_day=2, requests=[(e, b) for e in (1, 2, 3) for b in (1, 2)]
    )
    assert inst.fairness_cap == {"E1": 2, "E2": 2, "E3": 2, "E4": 0}
    m, v = full_stage1(inst)
    z = sel.s1a_worst_off(m, inst, v)
    m.maximize(z)
    st, solver = run(m)
    assert st == cp_model.OPTIMAL
    assert solver.value(z) == 1
    m.add(z >= 1)
    nxt = sel.s1b_next_worst(m, inst, v, 1)
    m.maximize(nxt)
    st, solver = run(m)
    assert st == cp_model.OPTIMAL
    assert solver.value(nxt) == 1 + 1  # E1..E3: one at 2; E4 counts (target min(2, 0) = 0)


def test_s1a_worst_off_reaches_the_caps_when_everyone_can() -> None:
    # Two slots, every exporter can meet both buyers: everyone at cap 2.
    inst = make_instance(slots_per_day=2)
    m, v = full_stage1(inst)
    z = sel.s1a_worst_off(m, inst, v)
    m.maximize(z)
    st, solver = run(m)
    assert st == cp_model.OPTIMAL
    assert solver.value(z) == 2


def test_s2_value_hand_derived_optimum() -> None:
    # One slot, one buyer: only one meeting; the mutual priority-3 request (2 + 6 = 8)
    # beats the one-sided priority-1 request (6).
    inst = make_instance(
        exporters=2, buyers=1, slots_per_day=1, requests=[(1, 1, 1), (2, 1, 3, "both")]
    )
    m, v = full_stage1(inst)
    value = sel.s2_value(inst, v)
    m.maximize(value)
    st, solver = run(m)
    assert st == cp_model.OPTIMAL
    assert solver.value(value) == 8
    assert v.extract(solver) == {k(2, 1): 0}


def test_s4_buyer_half_days_counts_buyer_sessions() -> None:
    # Two sessions (slots 0-7 morning, 8-9 afternoon). Pin B1 into both, B2 into one.
    inst = make_instance(exporters=2, buyers=2, slots_per_day=10)
    m, v = full_stage1(inst)
    half_days = sel.s4_buyer_half_days(m, inst, v)
    for key, h in [(k(1, 1), 0), (k(2, 1), 1), (k(1, 2), 1)]:
        m.add(v.z[(key, h)] == 1)
    m.minimize(half_days)
    st, solver = run(m)
    assert st == cp_model.OPTIMAL
    assert solver.value(half_days) == 3


def test_s3_changes_stage1_costs() -> None:
    # Published: E1-B1 in session 0, E2-B2 in session 0. Dropping one costs 3,
    # moving one to the afternoon costs 2.
    inst = make_instance(slots_per_day=10, requests=[(1, 1), (2, 2)])
    m, v = full_stage1(inst)
    changes = sel.s3_changes(m, inst, v, {k(1, 1): 0, k(2, 2): 0})
    m.add(v.held(k(1, 1)) == 0)
    m.add(v.z[(k(2, 2), 1)] == 1)
    st, solver = run(m)
    assert st in OK
    assert solver.value(changes) == 3 + 2


@pytest.mark.parametrize(
    ("slots", "expected"),
    [((0, 2), 1), ((0, 1), 0), ((1, 2), 0), ((0, 3), 2)],
)
def test_s5_buyer_gaps_on_a_pinned_placement(slots: tuple[int, int], expected: int) -> None:
    # B1 meets E1 and E2 in a 4-slot session; idle slots strictly between them count.
    inst = make_instance(exporters=2, buyers=1, slots_per_day=4)
    m = cp_model.CpModel()
    v = slo.SlotVars(m, inst, 0, [k(1, 1), k(2, 1)])
    slo.add_h1_pair_once(m, inst, v)
    slo.add_h2_company_capacity(m, inst, v)
    gaps = slo.s5_buyer_gaps(m, inst, v)
    m.add(v.x[(k(1, 1), slots[0])] == 1)
    m.add(v.x[(k(2, 1), slots[1])] == 1)
    st, solver = run(m)
    assert st in OK
    assert solver.value(gaps) == expected


def test_s5_buyer_gaps_with_an_unavailable_slot_in_between() -> None:
    # E1 meets B1 at slot 0, E2 at slot 2; slot 1 is blocked for E2 only, so B1
    # could still have met E1 there: it is an idle slot of B1's day.
    inst = make_instance(exporters=2, buyers=1, slots_per_day=3, unavailability=[("E2", 0, 1, 2)])
    m = cp_model.CpModel()
    v = slo.SlotVars(m, inst, 0, [k(1, 1), k(2, 1)])
    slo.add_h1_pair_once(m, inst, v)
    gaps = slo.s5_buyer_gaps(m, inst, v)
    m.add(v.x[(k(1, 1), 0)] == 1)
    m.add(v.x[(k(2, 1), 2)] == 1)
    st, solver = run(m)
    assert st in OK
    assert solver.value(gaps) == 1


def test_s5_buyer_gaps_when_the_buyer_has_no_variable_in_the_middle_slot() -> None:
    # B1 itself is away at slot 1: it has no variable there, but a slot between
    # its first and last meeting is still an idle slot (docs/model.md, S5).
    inst = make_instance(exporters=2, buyers=1, slots_per_day=3, unavailability=[("B1", 0, 1, 2)])
    m = cp_model.CpModel()
    v = slo.SlotVars(m, inst, 0, [k(1, 1), k(2, 1)])
    slo.add_h1_pair_once(m, inst, v)
    gaps = slo.s5_buyer_gaps(m, inst, v)
    m.add(v.x[(k(1, 1), 0)] == 1)
    m.add(v.x[(k(2, 1), 2)] == 1)
    st, solver = run(m)
    assert st in OK
    assert solver.value(gaps) == 1


def test_s5_minimised_packs_the_buyer() -> None:
    inst = make_instance(exporters=3, buyers=1, slots_per_day=6)
    m = cp_model.CpModel()
    chosen = [k(1, 1), k(2, 1), k(3, 1)]
    v = slo.SlotVars(m, inst, 0, chosen)
    for rule in slo.HARD_RULES:
        rule(m, inst, v)
    gaps = slo.s5_buyer_gaps(m, inst, v)
    for key in chosen:
        m.add(v.placed[key] == 1)
    m.add(v.x[(k(1, 1), 0)] == 1)
    m.add(v.x[(k(2, 1), 5)] == 1)
    m.minimize(gaps)
    st, solver = run(m)
    assert st == cp_model.OPTIMAL
    assert solver.value(gaps) == 6 - 3  # 6 slots from first to last, 3 meetings


def test_required_meetings_are_named_by_their_rule_h7_fixed_h8_pinned() -> None:
    # An audit: a pinned meeting (re-planning, H8) was constrained under the name H7,
    # the fixed meetings' rule, at both stages.
    base = make_instance(exporters=2, buyers=2)
    inst = base.replace(fixed=(fixed_at(base, 1, 1, 0),))
    m = cp_model.CpModel()
    v = sel.SelectionVars(m, inst)
    assert v.fix(k(1, 1), 0) and v.fix(k(2, 2), 0)
    names = sorted(c.name for c in m.proto.constraints if c.name)
    assert names == ["H7:E1~B1@0", "H8:E2~B2@0"]


def test_required_meetings_at_stage_2_are_named_by_their_rule_and_forced() -> None:
    base = make_instance(exporters=2, buyers=2, slots_per_day=3)
    inst = base.replace(fixed=(fixed_at(base, 1, 1, 2),))
    m = cp_model.CpModel()
    v = slo.SlotVars(m, inst, 0, [k(1, 1), k(2, 2)])
    slo.add_h1_pair_once(m, inst, v)
    slo.add_h7_h8_required(m, inst, v, {k(1, 1): 2, k(2, 2): 1})
    names = sorted(c.name for c in m.proto.constraints if c.name[:2] in ("H7", "H8"))
    assert names == ["H7:E1~B1@2", "H8:E2~B2@1"]
    m.add(v.x[(k(1, 1), 0)] == 1)
    assert status(m) == cp_model.INFEASIBLE
