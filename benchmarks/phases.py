"""Where one planning run's time goes, phase by phase, and whether runs repeated on the
same roster give the same plan.

Usage::

    python -m benchmarks.phases ROSTER [--time-limit 60] [--repeat 3]
    python -m benchmarks.phases --preset trade_fair --seed 10401 --time-limit 60

The planner's steps (``asmex_sched.model.run._Run``'s methods, in the order
``model.solve`` calls them) are timed in this process, the roster read again before
each run (so no run starts from another's cached figures). Printed: each step's median
wall time over the runs (and its range), when the budgeted steps ended against the
time limit (the wall-clock net stops them there: ``wall_clock_hit``, a plan that may
vary), and the plans' figures with a fingerprint of their meetings: the same roster
and options must give the same plan (the deterministic budgets), however the
machine's speed varies from run to run. Session 57 used it on the trade fair at the
default 60 s (docs/performance.md, "The trade fair at the default time limit").
Not a timed test: a measurement, for the docs.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: ``_Run``'s steps, in the order ``model.solve._solve_path`` calls them (a path
#: skips those it does not run: the tier solves at trade-fair size, the local
#: searches below the mid-size).
STEPS = (
    "start", "local_searches", "stage1_of_local_plan", "stage1_tier_solves",
    "slot_half_days", "repair_and_fill", "reslot_week", "restore_announced",
    "keep_local_plan_if_ahead", "compact_on_slots", "close_and_choose",
    "refine_idle_slots", "earlier_half_days", "result",
)  # fmt: skip
#: The last step the time limit's wall-clock net covers (``result`` computes the
#: trade-fair path's bounds after it).
LAST_BUDGETED = "earlier_half_days"


def fingerprint(schedule: Any) -> str:
    """A short hash of a plan's meetings (pair, slot, table)."""
    text = repr([(m.exporter_id, m.buyer_id, m.slot, m.table) for m in schedule.meetings])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def timed_run(path: Path, time_limit: float) -> dict[str, Any]:
    """One planning run of the roster at ``path``: each step's wall time and where it
    ended (seconds from the run's start), and the plan's figures."""
    from asmex_sched.io.roster import read_roster
    from asmex_sched.model import run as run_module
    from asmex_sched.model.solve import SolveOptions, solve

    instance = read_roster(path)
    steps: dict[str, float] = {}
    ends: dict[str, float] = {}
    probes: list[float] = []  # the trade-fair path's fairness probes, on top of the limit
    first_hit: list[str] = []  # the step after which the run first said wall_clock_hit
    originals: dict[str, Callable[..., Any]] = {}
    for name in STEPS:
        original = getattr(run_module._Run, name)
        originals[name] = original

        def timed(self: Any, *args: Any, _f: Callable[..., Any] = original, _n: str = name,
                  **kwargs: Any) -> Any:  # fmt: skip
            t = time.monotonic()
            try:
                return _f(self, *args, **kwargs)
            finally:
                steps[_n] = time.monotonic() - t
                ends[_n] = time.monotonic() - self.t0
                if _n == "local_searches":
                    probes.append(self.probe_seconds)
                if getattr(self, "wall_hit", False) and not first_hit:  # (start may fail)
                    first_hit.append(_n)

        setattr(run_module._Run, name, timed)
    try:
        t0 = time.monotonic()
        result = solve(instance, SolveOptions(time_limit=time_limit))
        total = time.monotonic() - t0
    finally:
        for name, original in originals.items():
            setattr(run_module._Run, name, original)
    sc = result.score
    return {
        "steps": steps,
        "budgeted_end": ends.get(LAST_BUDGETED),
        # the wall-clock net is moved by the probes' time (docs/model.md, "Trade-fair size")
        "probe_seconds": sum(probes),
        "total": total,
        "wall_clock_hit": bool(result.params.get("wall_clock_hit")),
        # which step's net it was: the mid-size path's runs met it on the EPYC with
        # their steps ending 7 s before the limit (session 59)
        "first_hit": first_hit[0] if first_hit else None,
        "stage2_seconds": result.params.get("stage2_seconds"),
        # the mid-size path's budget, the reserve for its local searches taken off (session 60)
        "hinted_budget_seconds": result.params.get("hinted_budget_seconds"),
        "figures": (sc.meetings, sc.value, sc.worst_off, sc.buyer_half_days, sc.buyer_gaps),
        "plan": fingerprint(result.schedule),
    }


def report(runs: list[dict[str, Any]], time_limit: float, label: str) -> str:
    """The runs as a markdown table of steps and a line per run."""
    lines = [
        f"_{label}: {len(runs)} run(s) at `--time-limit {time_limit:g}`; wall seconds, "
        "median (min-max) over the runs._",
        "",
        "| step | median s | range s |",
        "|---|---|---|",
    ]
    for name in STEPS:
        times = [r["steps"][name] for r in runs if name in r["steps"]]
        if times:
            lines.append(
                f"| {name} | {statistics.median(times):.2f} | {min(times):.2f}-{max(times):.2f} |"
            )
    lines.append("")
    for i, r in enumerate(runs, 1):
        meetings, value, worst_off, half_days, idle = r["figures"]
        end = r["budgeted_end"]
        lines.append(
            f"* run {i}: budgeted steps ended at {end:.1f} s of {time_limit:g}"
            + (f" (+ {r['probe_seconds']:.1f} s of fairness probes, on top)"
               if r.get("probe_seconds") else "")  # fmt: skip
            + ", "
            f"total {r['total']:.1f} s; wall_clock_hit "
            + (f"yes (first in {r['first_hit']})" if r.get("first_hit")
               else "yes" if r["wall_clock_hit"] else "no")  # fmt: skip
            + "; "
            f"stage 2's seconds {r['stage2_seconds'] if r['stage2_seconds'] is not None else '-'}; "
            + (f"mid-size budget {r['hinted_budget_seconds']} s; "
               if r.get("hinted_budget_seconds") is not None else "")  # fmt: skip
            + f"meetings {meetings}, value {value}, worst-off {worst_off}, buyers' half-days "
            f"{half_days}, idle slots {idle}; plan {r['plan']}"
        )
    same = len({r["plan"] for r in runs}) == 1
    lines.append("")
    lines.append(f"Same plan on every run: {'yes' if same else 'NO'}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    # The first paragraph, not its first line: --help stopped at "whether runs repeated
    # on the" (a checker).
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("roster", nargs="?", type=Path, help="a roster workbook or folder")
    parser.add_argument(
        "--preset", choices=("nairobi", "congested", "trade_fair"), help="a generated roster"
    )
    parser.add_argument("--seed", type=int, default=1, help="the generated roster's seed")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if (args.roster is None) == (args.preset is None):
        parser.error("give a roster or --preset, not both")
    if args.repeat < 1 or args.time_limit <= 0:
        parser.error("--repeat must be at least 1 and --time-limit above 0")
    if args.preset is not None:
        from benchmarks.run import instance_path

        path = instance_path(args.preset, args.seed)
        label = f"{args.preset} seed {args.seed}"
    else:
        path, label = args.roster, str(args.roster)
    runs = [timed_run(path, args.time_limit) for _ in range(args.repeat)]
    print(report(runs, args.time_limit, label))
    return 0 if len({r["plan"] for r in runs}) == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
