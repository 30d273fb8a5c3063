"""Ours against the fewest-first greedy on every generated seed docs/performance.md holds.

Since session 69 each run puts the fewest-first greedy (``greedy-fair``,
:func:`benchmarks.peers.fewest_first_slots`) beside the id-order one; the sections
written before have no row of it. The greedy takes milliseconds, so this module runs it
on every seed the tally counts (:mod:`benchmarks.tally`: the last row of ours per family
and seed), regenerating each roster as the runs do (:func:`benchmarks.run.instance_path`),
and sets its figures beside ours' as the doc's tables record them. The id-order greedy
runs too, as a check that the roster is the one the row was measured on: a seed whose
id-order figures differ from its row is left out and named.

Ours' figures are the doc's, from the product of the session that ran each seed (the
tally's own rule); the targets stay issue #5's, against the id-order greedy
(:mod:`benchmarks.targets`). ``python -m benchmarks.fair_sweep`` prints the block;
``--write`` puts it between the ``<!-- bench:fair-sweep -->`` markers of the doc.
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Sequence
from pathlib import Path

from benchmarks import run, tally

MARKER = "fair-sweep"
TITLE = "Ours against the fewest-first greedy, every generated seed"


def seeds_of(doc: str, families: Sequence[str]) -> dict[tuple[str, int], dict]:
    """Ours' and the id-order greedy's last rows per (family, seed), as the tally counts
    them: ``{(family, seed): {"ours": rec, "greedy": rec}}``, seeds with both only."""
    last = {(r["family"], r["seed"], r["planner"]): r for r in tally.records(doc)}
    out: dict[tuple[str, int], dict] = {}
    for (family, seed, planner), rec in sorted(last.items()):
        if planner == "ours" and family in families and (family, seed, "greedy") in last:
            out[(family, seed)] = {"ours": rec, "greedy": last[(family, seed, "greedy")]}
    return out


def figures(family: str, seed: int) -> tuple[dict, dict]:
    """The id-order and the fewest-first greedy's figures on the generated roster,
    each plan checked by the independent validator first."""
    from asmex_sched.validate import score
    from benchmarks.peers import greedy_fair_peer, greedy_peer

    preset = next(p for runs in run.TIERS.values() for f, p, _ in runs if f == family)
    inst = run.load(run.instance_path(preset, seed))
    out = []
    for peer in (greedy_peer, greedy_fair_peer):
        sc = score(inst, peer(inst).schedule)  # the peer raises on an invalid plan
        out.append({"meetings": sc.meetings, "value": sc.value, "worst_off": sc.worst_off})
    return out[0], out[1]


def _two(x: float) -> str:
    """A ratio to two decimals, ``∞`` as the runs' tables write it (``run._ratio_text``)."""
    return "∞" if x == float("inf") else f"{x:.2f}"


def block(rows: Sequence[dict], skipped: Sequence[str], source: str) -> str:
    """The Markdown block: per family, how ours' worst-off and value compare with the
    fewest-first greedy's, and the congested target restated against it."""
    lines = [
        f"_`python -m benchmarks.fair_sweep --write`: the fewest-first greedy run on every "
        f"generated seed of {source} that the tally counts, beside ours' row there (ours' "
        "figures from the product of the session that ran the seed; the id-order greedy "
        "re-run as a check that the roster is the same)._",
        "",
        "| instance | seeds | ours' worst-off above the fewest-first's | equal | below | "
        "median ratio (lowest–highest) | ours' value below the fewest-first's (largest "
        "shortfall) | ours ≥ 2 × the fewest-first's worst-off | the fewest-first greedy "
        "above the id-order one (worst-off) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for family in dict.fromkeys(r["family"] for r in rows):
        rs = [r for r in rows if r["family"] == family]
        above = sum(r["ours"]["worst_off"] > r["fair"]["worst_off"] for r in rs)
        equal = sum(r["ours"]["worst_off"] == r["fair"]["worst_off"] for r in rs)
        ratios = [run._ratio(r["ours"]["worst_off"], r["fair"]["worst_off"]) for r in rs]
        below = [r for r in rs if r["ours"]["value"] < r["fair"]["value"]]
        short = max(
            ((r["fair"]["value"] - r["ours"]["value"]) / r["fair"]["value"] for r in below),
            default=None,
        )
        twice = sum(r["ours"]["worst_off"] >= 2 * r["fair"]["worst_off"] for r in rs)
        fair_up = sum(r["fair"]["worst_off"] > r["greedy"]["worst_off"] for r in rs)
        lines.append(
            f"| {family} | {len(rs)} | {above} | {equal} | {len(rs) - above - equal} | "
            f"{_two(statistics.median(ratios))} ({_two(min(ratios))}–{_two(max(ratios))}) | "
            f"{len(below)}" + (f" ({-100 * short:.2f} %)" if short is not None else "")
            + f" | {twice} | {fair_up} |"
        )  # fmt: skip
    worse = [
        f"{r['family']} {r['seed']} ({r['ours']['worst_off']} against "
        f"{r['fair']['worst_off']})"
        for r in rows
        if r["ours"]["worst_off"] < r["fair"]["worst_off"]
    ]
    if worse:
        lines += ["", f"Ours' worst-off below the fewest-first greedy's: {', '.join(worse)}."]
    if skipped:
        lines += ["", f"Left out (the id-order greedy's figures differ from the row: another "
                  f"roster, or another greedy then): {', '.join(skipped)}."]  # fmt: skip
    return "\n".join(lines)


def sweep(doc_text: str, families: Sequence[str]) -> tuple[list[dict], list[str]]:
    rows, skipped = [], []
    for (family, seed), recs in seeds_of(doc_text, families).items():
        greedy, fair = figures(family, seed)
        row = recs["greedy"]
        # a row lacking a figure checks nothing: left out too (a reader, session 69)
        if any(row.get(k) is None or row[k] != greedy[k] for k in greedy):
            skipped.append(f"{family} {seed}")
            continue
        rows.append({"family": family, "seed": seed, "ours": recs["ours"], "greedy": greedy,
                     "fair": fair})  # fmt: skip
    return rows, skipped


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--families",
        default="nairobi,congested",
        help="comma-separated (trade_fair: about 10 s a seed to generate and read)",
    )
    ap.add_argument("--write", action="store_true", help="put the block in the doc")
    args = ap.parse_args(argv)
    families = [f.strip() for f in args.families.split(",") if f.strip()]
    unknown = [f for f in families if f not in run.FAMILIES]
    if unknown or not families:
        ap.error(f"--families {args.families!r}: among {', '.join(run.FAMILIES)}")
    doc: Path = run.DOC
    rows, skipped = sweep(doc.read_text(encoding="utf-8"), families)
    text = block(rows, skipped, run.doc_name(doc))
    print(text)
    if args.write:
        run.write_section(MARKER, text, TITLE)
        print(f"written to {doc} (section {MARKER})")


if __name__ == "__main__":
    main()
