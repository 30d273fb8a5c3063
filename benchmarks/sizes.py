"""Missions between the benchmark sizes: each stage-1 pipeline alone, and the default.

Usage::

    python -m benchmarks.sizes                 # every size below, 60 s each (about 20 minutes)
    python -m benchmarks.sizes --only tf-0.2 --no-doc
    python -m benchmarks.sizes --planners ours --no-doc      # the default only
    python -m benchmarks.sizes --rebuild benchmarks/out/sizes-A.jsonl benchmarks/out/sizes-B.jsonl

Between the Nairobi mission (about 5 000 request x half-day pairs) and the trade
fair (144 000), the pipeline changes with the size (``asmex_sched.model.solve.
stage1_path``): from 12 000 to 50 000 pairs the tier solves start from the local
searches' plan. This script measures, on one seed per size, the greedy planner,
each of the two older pipelines forced alone on the whole budget (``ours-cpsat``,
``ours-local``) and the product's default (``ours``), each in its
own process like ``benchmarks.run``, and writes the table between the
``<!-- bench:sizes -->`` markers of docs/performance.md.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import generator
from benchmarks.run import OUT, _fmt, latest_records, machine, measure_in_child, write_section

#: name -> (description, roster builder). The trade fair's grid and mix of wishes
#: scaled down (``tf-f``: f x its companies, tables and interpreters), the Nairobi
#: mission scaled up (``nairobi-x3``), and a mission with every table taken in every
#: half-day (``full-150x450``).
SIZES: dict[str, tuple[str, Callable[[int], generator.Roster]]] = {
    "tf-0.1": ("trade-fair grid x 0.1: 40 x 120, 15 tables, 2 interpreters",
               lambda s: generator.trade_fair(s, n_exporters=40, n_buyers=120, tables=15,
                                              interpreters=2)),
    "tf-0.2": ("trade-fair grid x 0.2: 80 x 240, 30 tables, 4 interpreters",
               lambda s: generator.trade_fair(s, n_exporters=80, n_buyers=240, tables=30,
                                              interpreters=4)),
    "tf-0.3": ("trade-fair grid x 0.3: 120 x 360, 45 tables, 6 interpreters",
               lambda s: generator.trade_fair(s, n_exporters=120, n_buyers=360, tables=45,
                                              interpreters=6)),
    "nairobi-x3": ("Nairobi x 3: 120 x 300, 75 tables, 9 interpreters",
                   lambda s: generator.nairobi(s, n_exporters=120, n_buyers=300, tables=75,
                                               interpreters=9)),
    # Just above the 12 000 pairs where the mid-size path starts: on seeds 7-9 the tier
    # solves alone reached a higher worst-off level than the default (session 67).
    "nairobi-100x300": ("Nairobi grid: 100 x 300, 63 tables, 8 interpreters",
                        lambda s: generator.nairobi(s, n_exporters=100, n_buyers=300,
                                                    tables=63, interpreters=8)),
    "full-150x450": ("150 x 450, 60 tables all taken, 8 interpreters",
                     lambda s: generator.generate(s, n_exporters=150, n_buyers=450,
                                                  requests_per_exporter=(20, 34), tables=60,
                                                  interpreters=8, style="requests")),
}  # fmt: skip
PLANNERS = ("greedy", "ours-cpsat", "ours-local", "ours")
LABEL = {
    "greedy": "greedy",
    "ours-cpsat": "tier solves alone",
    "ours-local": "local searches alone",
    "ours": "**ours (default)**",
}


def roster_path(name: str, seed: int) -> Path:
    path = OUT / "instances" / f"size-{name}-{seed}.xlsx"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        generator.write_xlsx(SIZES[name][1](seed), path)
    return path


def table(records: list[dict]) -> str:
    head = (
        "| instance | pairs | planner | meetings | value | worst-off (S1a) | next (S1b) | "
        "buyers' half-days (S4) | buyers' idle slots (S5) | gap to LP | wall s | peak MB | "
        "notes |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    rows = []
    for r in records:
        kept = "local searches' plan kept" if r.get("kept_stage1_plan") else ""
        net = "wall-clock net hit" if r.get("wall_clock_hit") else ""
        gap = "–" if r.get("gap_lp") is None else f"{100 * r['gap_lp']:.2f} %"
        rows.append(
            f"| {r['family']} | {_fmt(r.get('pairs'))} | {LABEL[r['planner']]} | "
            f"{_fmt(r['meetings'])} | {_fmt(r['value'])} | {r['worst_off']} | "
            f"{r['next_worst']} | {_fmt(r['buyer_half_days'])} | {_fmt(r['buyer_gaps'])} | "
            f"{gap} | {r['wall_s']} | {_fmt(r.get('peak_mb'))} | "
            f"{'; '.join(t for t in (kept, net) if t)} |"
        )
    return head + "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default=None, help=f"one size among {', '.join(SIZES)}")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=60.0, help="seconds (the CLI default)")
    ap.add_argument("--no-doc", action="store_true")
    ap.add_argument("--planners", default=",".join(PLANNERS), help="comma-separated")
    ap.add_argument(
        "--rebuild",
        nargs="+",
        metavar="JSONL",
        help="write the doc table from raw files (for the same size and planner, the later wins)",
    )
    args = ap.parse_args(argv)
    if args.rebuild:
        order = {name: i for i, name in enumerate(SIZES)}
        recs = sorted(
            latest_records(args.rebuild, ("family", "planner")),
            key=lambda r: (order[r["family"]], PLANNERS.index(r["planner"])),
        )
        note = (
            f"_Rebuilt from {', '.join(Path(f).name for f in args.rebuild)}; product versions "
            f"{sorted({r.get('product', '?') for r in recs})}._\n\n"
        )
        write_section("sizes", note + table(recs))
        return
    planners = [p.strip() for p in args.planners.split(",") if p.strip()]
    if any(p not in PLANNERS for p in planners):
        ap.error(f"planners among {', '.join(PLANNERS)}")
    names = [args.only] if args.only else list(SIZES)
    unknown = [n for n in names if n not in SIZES]
    if unknown:
        ap.error(f"unknown size {unknown[0]}: choose among {', '.join(SIZES)}")
    raw = OUT / f"sizes-{time.strftime('%Y%m%d-%H%M%S')}.jsonl"
    t0 = time.monotonic()
    records: list[dict] = []
    for name in names:
        path = roster_path(name, args.seed)
        for planner in planners:
            print(f"[{name}] {planner} ...", flush=True)
            labels = {"family": name, "seed": args.seed}
            rec = measure_in_child(planner, path, args.time_limit, labels, raw)
            if rec is None:
                continue
            records.append(rec)
            print(
                f"  worst-off {rec['worst_off']} value {rec['value']} S4 "
                f"{rec['buyer_half_days']} S5 {rec['buyer_gaps']} {rec['wall_s']} s "
                f"{rec.get('stage1') or ''}",
                flush=True,
            )
    print(f"raw results: {raw.relative_to(OUT.parent.parent)}")
    if not args.no_doc and records:
        body = (
            f"_Seed {args.seed}, time limit {args.time_limit:.0f} s; run on {machine(records)}; "
            f"{time.strftime('%Y-%m-%d')}; total {time.monotonic() - t0:.0f} s._\n\n"
            + table(records)
        )
        write_section("sizes", body)


if __name__ == "__main__":
    main()
