"""Stage-2 slotting (model/slotting.py): never worse than the placement it is given."""

from __future__ import annotations

from test_solve import random_instance

from asmex_sched.greedy import greedy_slots
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
