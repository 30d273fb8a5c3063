"""A day of realistic roster changes, re-planned against the published agenda.

``python -m benchmarks.replan_day [--seeds N ...] [--time-limit S] [--size NAME] [--now T]``:
plans a generated Nairobi-size mission (or the trade fair, or a roster of
benchmarks/sizes.py), then
applies a day of changes (two exporters cancel, three buyers register late with
wishes, one buyer becomes unavailable for a day, a few exporters add wishes) and
re-plans with the published agenda as baseline. It reports how many meetings not
involving a changed company kept their time and table, what changed, the solve
times, and checks both agendas with the independent validator. Results are
printed as a markdown row for docs/performance.md.
"""

from __future__ import annotations

import argparse
import copy
import random
import tempfile
import time
from datetime import datetime
from pathlib import Path

from asmex_sched import services
from asmex_sched.domain import ChangeKind
from asmex_sched.io.agenda import read_agenda
from asmex_sched.io.roster import read_roster
from asmex_sched.model.solve import SolveOptions
from asmex_sched.validate import validate
from benchmarks.generator import Roster, nairobi, trade_fair, write_xlsx

BEFORE = datetime(2025, 11, 1, 8, 0)


def day_of_changes(rows: Roster, seed: int) -> tuple[Roster, set[str]]:
    """Apply the changes; return the new rows and the ids of changed companies."""
    rng = random.Random(f"{seed}:changes")
    new = copy.deepcopy(rows)
    changed: set[str] = set()
    gone = {e["id"] for e in rng.sample(new.exporters, 2)}
    changed |= gone
    new.exporters = [e for e in new.exporters if e["id"] not in gone]
    for b in new.buyers:
        wishes = [w for w in (b["wishes"] or "").split("; ") if w and w not in gone]
        b["wishes"] = "; ".join(wishes)
    new.requests = [r for r in new.requests if r["exporter"] not in gone]
    new.fixed = [f for f in new.fixed if f["exporter"] not in gone]
    new.unavailability = [u for u in new.unavailability if u["participant"] not in gone]
    exporters = [e["id"] for e in new.exporters]
    taken = {b["id"] for b in new.buyers}
    for i in range(3):
        lid = f"KE-9{i:02d}" if f"KE-9{i:02d}" not in taken else f"KE-L{i:02d}"  # trade fair
        late = dict(new.buyers[i], id=lid, company=f"Late Registration {i + 1} Ltd")
        late["wishes"] = "; ".join(rng.sample(exporters, 6))
        late["max_meetings"] = None
        new.buyers.append(late)
        changed.add(late["id"])
    away = rng.choice([b["id"] for b in new.buyers[3:]])
    new.unavailability.append(
        {"participant": away, "date": "2025-11-12", "start": "09:00", "end": "17:00",
         "reason": "changed flight"}
    )  # fmt: skip
    changed.add(away)
    buyers = [b["id"] for b in new.buyers]
    for e in rng.sample(new.exporters, 3):
        have = set((e["wishes"] or "").split("; "))
        extra = [b for b in rng.sample(buyers, 4) if b not in have]
        e["wishes"] = "; ".join([w for w in (e["wishes"] or "").split("; ") if w] + extra)
        changed.add(e["id"])
    return new, changed


def run(
    seed: int, time_limit: float, size: str = "nairobi", now: datetime = BEFORE
) -> dict[str, object]:
    if size == "nairobi":
        rows = nairobi(seed)
    elif size == "trade_fair":
        rows = trade_fair(seed)
    else:
        from benchmarks.sizes import SIZES

        rows = SIZES[size][1](seed)
    new_rows, changed = day_of_changes(rows, seed)
    opts = SolveOptions(time_limit=time_limit)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        r1 = write_xlsx(rows, folder / "roster.xlsx")
        out = folder / "agenda.xlsx"
        t0 = time.monotonic()
        first = services.plan(r1, out, opts, now=BEFORE)
        t_first = time.monotonic() - t0
        old = {m.key: (m.day, m.start, m.table) for m in read_agenda(out).meetings}
        t0 = time.monotonic()
        unchanged = services.plan(r1, out, opts, now=BEFORE)
        t_noop = time.monotonic() - t0
        r2 = write_xlsx(new_rows, folder / "roster2.xlsx")
        t0 = time.monotonic()
        outcome = services.plan(r2, out, opts, now=now)
        t_replan = time.monotonic() - t0
        new = {m.key: (m.day, m.start, m.table) for m in read_agenda(out).meetings}
        # The planned instance carries the horizon (rule H9) and the pins.
        inst = outcome.instance or read_roster(r2)
        schedule, off_grid = services.schedule_from_agenda(inst, read_agenda(out))
        violations = len(off_grid) + len(validate(inst, schedule, outcome.pinned))
        horizon = inst.horizon or BEFORE
        early = sum(
            1
            for c in outcome.changes
            if c.kind != ChangeKind.CANCELLED
            and c.new_day is not None
            and c.new_start is not None
            and datetime.combine(c.new_day, c.new_start) < horizon
        )
        frozen = sum(1 for p in outcome.pinned if p.source == "frozen")
    concerned = [k for k in old if not (set(k) & changed)]
    kept = sum(1 for k in concerned if new.get(k) == old[k])
    kinds = [c.kind for c in outcome.changes]
    return {
        "seed": seed,
        # what the moves buy: the worst-off level and the value, before and after
        "worst_off": (first.summary["worst_off_exporter"], outcome.summary["worst_off_exporter"]),
        "value": (first.summary["weighted_value"], outcome.summary["weighted_value"]),
        "first_plan_s": round(t_first, 1),
        "noop_s": round(t_noop, 2),
        "noop_written": unchanged.written,
        "replan_s": round(t_replan, 1),
        "unaffected": len(concerned),
        "kept": kept,
        "kept_share": round(kept / max(1, len(concerned)), 4),
        "added": kinds.count(ChangeKind.ADDED),
        "moved": kinds.count(ChangeKind.MOVED),
        "cancelled": kinds.count(ChangeKind.CANCELLED),
        "violations": violations,
        "frozen": frozen,
        "before_horizon": early,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument(
        "--size",
        default="nairobi",
        help="the Nairobi mission (default), trade_fair (400 x 1 200), or a roster of "
        "benchmarks/sizes.py, e.g. tf-0.2",
    )
    parser.add_argument(
        "--now",
        type=datetime.fromisoformat,
        default=BEFORE,
        help="re-plan at this moment, mission time (default: before the mission), e.g. "
        "2025-11-11T20:00: meetings before now + notice are frozen, and none is added or "
        "moved there (rule H9)",
    )
    args = parser.parse_args()
    print(
        "| seed | first plan (s) | no-op (s) | re-plan (s) | unaffected kept | added | moved "
        "| cancelled | violations | frozen | added or moved before now + notice "
        "| worst-off, value (first plan → re-plan) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for seed in args.seeds:
        r = run(seed, args.time_limit, args.size, args.now)
        print(
            f"| {r['seed']} | {r['first_plan_s']} | {r['noop_s']} (written: {r['noop_written']}) "
            f"| {r['replan_s']} | {r['kept']}/{r['unaffected']} ({r['kept_share']:.1%}) "
            f"| {r['added']} | {r['moved']} | {r['cancelled']} | {r['violations']} "
            f"| {r['frozen']} | {r['before_horizon']} "
            f"| {r['worst_off'][0]} → {r['worst_off'][1]}, {r['value'][0]} → {r['value'][1]} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
