"""Stage-2 slotting (model/slotting.py): never worse than the placement it is given."""

from __future__ import annotations

from test_solve import random_instance

from asmex_sched.greedy import greedy_slots
from asmex_sched.model.selection import SlotLoad, compact_buyers
from asmex_sched.model.slotting import count_gaps, place_session


def test_slotting_never_returns_a_placement_worse_than_its_hint() -> None:
    # The greedy plan of a one-session day, given as the preferred placement, with a
    # budget too small for the search to get back to it every time (without the
    # guard, seed 17 ends with 20 idle slots where the hint had 16).
    for seed in range(40):
        inst = random_instance(seed, 10, 16, p=0.5, slots_per_day=8, tables=4)
        greedy = greedy_slots(inst, ())
        res = place_session(inst, 0, sorted(greedy), required={}, published={},
                            weights=inst.weight, dtime=0.01, wall=5, preferred=greedy)  # fmt: skip
        assert res.unplaced == ()
        assert res.gaps == count_gaps(inst, 0, res.slots) <= count_gaps(inst, 0, greedy)
        assert set(res.slots) == set(greedy)


def test_placing_the_meetings_leaves_its_unused_time_to_the_idle_slots() -> None:
    # Phase A (place the chosen meetings) is settled at once on a half-day whose
    # idle slots are not (phase B): phase B now gets what phase A left, so an
    # unproven half-day uses its whole budget. Before, phase B had its 60 % only
    # and the rest of the half-day's share went unused.
    inst = random_instance(3, 16, 30, p=0.5, slots_per_day=10, tables=5, days=2)
    # Buyers packed into few half-days (as stage 1 leaves them): the greedy plan's
    # own half-days are proven at once.
    packed = compact_buyers(inst, greedy_slots(inst, ()), {}, load_type=SlotLoad)
    chosen = sorted(k for k, s in packed.items() if s in {x.index for x in inst.sessions[0]})
    res = place_session(inst, 0, chosen, required={}, published={}, weights=inst.weight,
                        dtime=1.0, wall=60, preferred=packed)  # fmt: skip
    assert not res.optimal and not res.wall_hit
    assert res.unplaced == ()
    assert res.dtime > 0.9  # phase A's 40 % is not left unused
