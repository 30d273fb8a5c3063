"""model.flows.max_flow: the wrapper of OR-Tools' max-flow the services use."""

from __future__ import annotations

from asmex_sched.model.flows import max_flow


def test_max_flow_of_a_small_network_with_any_hashable_nodes() -> None:
    # two exporters, one buyer's two slots of 1 seat each, the buyer at most 1 in all
    arcs = [("s", "E1", 1), ("s", "E2", 1), ("E1", ("B1", 0), 1), ("E2", ("B1", 0), 1),
            ("E2", ("B1", 1), 1), (("B1", 0), "B1", 1), (("B1", 1), "B1", 1), ("B1", "t", 1)]
    assert max_flow(arcs, "s", "t") == 1
    assert max_flow([*arcs[:-1], ("B1", "t", 2)], "s", "t") == 2  # E1 at 0, E2 moved to 1


def test_max_flow_without_a_path_or_an_end_is_zero() -> None:
    assert max_flow([("s", "a", 3), ("b", "t", 3)], "s", "t") == 0
    assert max_flow([("s", "a", 0), ("a", "t", 1)], "s", "t") == 0  # a capacity 0 arc
    assert max_flow([], "s", "t") == 0
