"""Every generated seed ``docs/performance.md`` holds, tallied against issue #5's targets.

Each run's section checks its own seeds (:mod:`benchmarks.targets`, since session 45);
the counts over all of them ("worst-off at the ceiling of any plan on 81 of 96 seeds")
were kept by hand in the doc's prose, session after session. This module recounts them
from the doc itself: it reads every section's per-seed table (``| instance | seed |
planner | …``, whatever columns the runner wrote then), turns each row back into the
figures of a run record, and gives them to :func:`benchmarks.targets.verdicts`, the
same checks a run makes. The raw records (``benchmarks/out/``) are not kept in the
repository; the doc is.

What a per-seed table does not hold is taken from the section's medians table or left
unknown, never assumed met:

* S1a proven (the Nairobi target): from the medians row's status column, when every
  status group of that row proves S1a (``S1a✓ … ×3``); otherwise "not proven".
* Validity: a plan of ours that broke a rule is marked ``INVALID (N violations)`` in
  its planner cell (since ``8061719``; older tables counted violations in the raw
  records only); a row without that mark counts as valid.
* The gap: recomputed from the row's value and LP bound as the run did, not read
  from the rounded percentage.
* The roster read: not in the tables; the time checks use the planner's wall time
  (the runs' own checks add the read: about half a second at the Nairobi size).
  Memory: the planner's peak, not the process's.

``python -m benchmarks.tally`` prints the tally; ``--write`` also puts it between the
``<!-- bench:tally -->`` markers of the doc (``ASMEX_BENCH_DOC`` to use another doc).
Pure text in, text out: no solver here.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import targets

MARKER = "tally"
#: The heading of the tally's section in a doc that has no marker for it yet.
TITLE = "Every generated seed, tallied"
#: The per-seed table's columns, as each version of the runner named them -> record key.
COLUMNS = {
    "meetings": "meetings",
    "value": "value",
    "worst-off": "worst_off",
    "fewest held": "fewest_held",
    "S4": "buyer_half_days",
    "S5": "buyer_gaps",
    "wall s": "wall_s",
    "peak MB": "peak_mb",
}
#: The greedy's row: the worst-off ceiling among the plans holding its value (since
#: session 55; ``run.measure``), read as the ``worst-off ceiling`` column is.
AT_VALUE_COLUMN = "ceiling at the greedy's value"
#: The gap to the LP bound on value: ``gap to it`` since the LP bound had a column of
#: its own, ``gap`` before (ours' bound was that LP bound then, ``run.lp_figures``).
GAP_COLUMNS = ("gap to it", "gap")
#: The LP bound on value, under the same two names.
BOUND_COLUMNS = ("LP bound", "bound")


@dataclass(frozen=True)
class Section:
    """One ``## `` section of the doc: its title and text."""

    title: str
    text: str


def sections(doc: str) -> list[Section]:
    """The doc's ``## `` sections, in order (``###`` headings stay inside theirs)."""
    parts = re.split(r"\n(?=## )", doc)
    return [Section(p.splitlines()[0].removeprefix("## ").strip(), p) for p in parts
            if p.startswith("## ")]  # fmt: skip


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """Each Markdown table of ``text``: its header cells and its body rows' cells."""
    out: list[tuple[list[str], list[list[str]]]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("|") and i + 1 < len(lines) and lines[i + 1].startswith("|---"):
            head, body = _cells(lines[i]), []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                body.append(_cells(lines[i]))
                i += 1
            out.append((head, body))
        else:
            i += 1
    return out


def _number(text: str) -> float | None:
    """``1,234`` / ``1 234`` / ``0.38 %`` -> a number; ``–``, blank -> None."""
    text = text.replace(",", "").replace("\u202f", "").replace(" ", "").removesuffix("%")
    try:
        return float(text)
    except ValueError:
        return None


def _count(text: str) -> int | None:
    x = _number(text)
    return None if x is None else int(x)


def _ceiling(text: str) -> tuple[int | None, bool]:
    """``8 ✓`` -> (8, proven); ``8`` -> (8, not proven); blank or ``–`` -> (None, False)."""
    m = re.match(r"\s*(\d+)", text)
    return (int(m.group(1)), "✓" in text) if m else (None, False)


def _gap(cell: dict[str, str], value: int | None) -> float | None:
    """The gap to the LP bound on value as the run computed it (``run.measure``), from
    the row's value and bound, not from its rounded ``x.xx %`` (a gap of 1.0003 % reads
    ``1.00 %`` and passed the 1 % check; a second reader); the printed gap where the
    row has no bound."""
    bound = next((_number(cell[c]) for c in BOUND_COLUMNS if c in cell), None)
    if bound is not None and value is not None:
        from benchmarks.run import lp_gap

        return lp_gap(bound, value)
    gap = next((_number(cell[c]) for c in GAP_COLUMNS if c in cell), None)
    return None if gap is None else gap / 100


def _s1a_proven(section: Section) -> dict[tuple[str, str], bool]:
    """(family, planner) -> S1a proven on every seed of the section, from the medians
    tables' status column: every status group (``… ×N``, split on ``;``) of every
    row of that family and planner must hold ``S1a✓``."""
    out: dict[tuple[str, str], bool] = {}
    for head, body in _tables(section.text):
        if head[:2] != ["instance", "planner"] or "status / tiers proven" not in head:
            continue
        col = head.index("status / tiers proven")
        for row in body:
            if len(row) != len(head):
                continue
            # "S1a✓ … ×2; time limit ×1": each group must prove it (a group without
            # an S1a mark was read as proven; a second reader), and each medians
            # table of the section too
            groups = [g for g in row[col].split(";") if g.strip()]
            proved = bool(groups) and all("S1a✓" in g for g in groups)
            out[(row[0], row[1])] = out.get((row[0], row[1]), True) and proved
    return out


def records(doc: str) -> list[dict]:
    """A record per row of every per-seed table, with the figures the row gives (and
    ``section``: the title of the section it came from)."""
    out: list[dict] = []
    for section in sections(doc):
        proven = _s1a_proven(section)
        for head, body in _tables(section.text):
            if head[:3] != ["instance", "seed", "planner"] or "target" in head:
                continue
            for row in body:
                if len(row) != len(head):
                    continue
                cell = dict(zip(head, row, strict=True))
                seed = _count(cell["seed"])
                if seed is None:
                    continue
                planner, _, mark = cell["planner"].partition(" ")
                violations = re.search(r"INVALID \((\d+) violation", mark)
                rec: dict = {
                    "family": cell["instance"],
                    "seed": seed,
                    "planner": planner,
                    "section": section.title,
                    "violations": int(violations.group(1)) if violations else 0,
                }
                for column, key in COLUMNS.items():
                    if column in cell:
                        rec[key] = (_number if key in ("wall_s", "peak_mb") else _count)(
                            cell[column]
                        )
                rec["gap_lp"] = _gap(cell, rec.get("value"))
                ceiling, ceiling_proven = _ceiling(cell.get("worst-off ceiling", ""))
                if ceiling is not None:
                    rec["worst_off_ceiling"] = ceiling
                    rec["worst_off_ceiling_proven"] = ceiling_proven
                # since session 55: the same among the plans holding the greedy's value
                at, at_proven = _ceiling(cell.get(AT_VALUE_COLUMN, ""))
                if at is not None:
                    rec["worst_off_ceiling_at_value"] = at
                    rec["worst_off_ceiling_at_value_proven"] = at_proven
                if proven.get((rec["family"], planner)):
                    rec["tiers"] = [{"rule": "S1a", "optimal": True}]
                out.append(rec)
    return out


#: The figures that make a plan the same plan again (a re-run's time and memory differ).
PLAN_FIGURES = ("meetings", "value", "worst_off", "buyer_half_days", "buyer_gaps")


def duplicates(recs: Sequence[dict]) -> tuple[int, list[str]]:
    """(family, seed, planner) found in more than one row; the tally counts the last (a
    re-run's section may sit above or below the first). Returns how many repeat the
    same plan (:data:`PLAN_FIGURES` equal: the greedy's rows of a run re-checking
    seeds, a deterministic planner's re-run) and, named, those whose plans differ."""
    seen: dict[tuple, list[dict]] = {}
    for r in recs:
        seen.setdefault((r["family"], r["seed"], r["planner"]), []).append(r)
    same = 0
    # those whose plans differ, by (family, planner, the section counted): a run
    # re-checking every seed after a change of the planner named each seed on a line
    # of its own (62 lines in At a glance after session 54's)
    differ: dict[tuple[str, str, str], list[tuple[object, list[str]]]] = {}
    for (f, s, p), rows in seen.items():
        if len(rows) < 2:
            continue
        if len({tuple(r.get(k) for k in PLAN_FIGURES) for r in rows}) == 1:
            same += 1
        else:
            differ.setdefault((f, p, rows[-1]["section"]), []).append(
                (s, [r["section"] for r in rows])
            )
    named = []
    for (f, p, last), seeds in differ.items():
        if len(seeds) == 1:
            s, sections = seeds[0]
            named.append(f"{f} seed {s} ({p}): {', '.join(sections)}")
        else:
            named.append(
                f"{f} seeds {', '.join(str(s) for s, _ in seeds)} ({p}): an earlier "
                f"section of each, {last}"
            )
    return same, named


@dataclass(frozen=True)
class Tally:
    """The counts over every seed of a family, for one judged planner."""

    family: str
    planner: str
    seeds: int
    met: int
    out_of_reach: int  # congested: twice the greedy's above the proven ceiling of any plan
    at_ceiling: int  # congested: ours' worst-off at the proven ceiling of any plan
    value_below: int  # congested: ours' value under the greedy's
    worst_value_gap: float | None  # congested: the largest shortfall, as a fraction
    value_alone: int  # congested: not met only for the value (worst-off twice the greedy's)
    misses: tuple[str, ...]  # "seed N: why" for each seed not met
    #: congested: not met with twice the greedy's within the ceiling, where no plan
    #: holding the greedy's value reaches it (``Verdict.out_of_reach_at_value``)
    out_of_reach_at_value: int = 0


def tally(recs: Sequence[dict]) -> list[Tally]:
    """Each judged planner's counts per family, from :func:`targets.verdicts`."""
    last = {(r["family"], r["seed"], r["planner"]): r for r in recs}
    found = targets.verdicts(list(last.values()))
    out = []
    for family, planner in dict.fromkeys((v.family, v.planner) for v in found):
        vs = [v for v in found if (v.family, v.planner) == (family, planner)]
        at = below = alone = 0
        shortfalls = []
        for v in vs:
            if family != "congested":
                continue
            ours, greedy = last[(family, v.seed, planner)], last[(family, v.seed, "greedy")]
            ceiling = greedy.get("worst_off_ceiling")
            if ceiling is not None and greedy.get("worst_off_ceiling_proven"):
                at += ours["worst_off"] >= ceiling
            if ours["value"] < greedy["value"]:
                below += 1
                alone += ours["worst_off"] >= 2 * greedy["worst_off"]
                shortfalls.append((greedy["value"] - ours["value"]) / greedy["value"])
        out.append(
            Tally(
                family, planner, len(vs), sum(v.met for v in vs),
                sum(v.out_of_reach for v in vs), at, below,
                max(shortfalls) if shortfalls else None, alone,
                tuple(f"seed {v.seed}: {v.why}" for v in vs if not v.met),
                sum(v.out_of_reach_at_value for v in vs),
            )
        )  # fmt: skip
    return out


def text(doc: str, source: str = "docs/performance.md") -> str:
    """The tally as a Markdown block."""
    recs = records(doc)
    rows = tally(recs)
    lines = [
        f"_Recounted by `python -m benchmarks.tally --write` from the per-seed tables of "
        f"{source} ({len({r['section'] for r in recs})} sections): the checks of "
        "`benchmarks/targets.py` on every seed they hold. What those tables leave out is "
        "taken as follows: S1a proofs from each section's medians rows (all its seeds "
        "proven, or none counted); a plan counts as valid unless its row is marked "
        "`INVALID` (tables carry that mark since `8061719`; before it a run counted "
        "violations in its raw records only, not kept, so there validity is the section "
        "text's word); "
        "times are the planner's wall time, without the roster read the runs' own checks "
        "add (about half a second at the Nairobi size, a few seconds for the trade fair); "
        "memory is the planner's peak, not the process's._",
        "",
        "| family | planner | seeds | target met | not met: twice the greedy's worst-off "
        "above the proven ceiling of any plan | not met, twice the greedy's within that "
        "ceiling (of which on the value alone: worst-off at least twice the greedy's) | "
        "worst-off at "
        "that ceiling | value below the greedy's (largest shortfall) | of the seeds not "
        "met with twice the greedy's within that ceiling: no plan holding the greedy's "
        "value reaches it, whatever its meetings (proven ceiling at that value; since "
        "session 55) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for t in rows:
        congested = t.family == "congested"
        shortfall = (
            f"{t.value_below} (−{100 * t.worst_value_gap:.2f} %)"
            if t.worst_value_gap is not None else str(t.value_below)
        )  # fmt: skip
        lines.append(
            f"| {t.family} | {t.planner} | {t.seeds} | {t.met} | "
            f"{t.out_of_reach if congested else '–'} | "
            f"{f'{t.seeds - t.met - t.out_of_reach} ({t.value_alone})' if congested else '–'} | "
            f"{t.at_ceiling if congested else '–'} | "
            f"{shortfall if congested else '–'} | "
            f"{t.out_of_reach_at_value if congested else '–'} |"
        )
    missed = [(t, m) for t in rows if t.family != "congested" for m in t.misses]
    if missed:
        lines += ["", "Not met outside the congested family:", ""]
        lines += [f"* {t.family} ({t.planner}), {m}" for t, m in missed]
    same, differ = duplicates(recs)
    if same or differ:
        lines += ["", "In more than one section (the last row in file order counted):", ""]
    if same:
        lines.append(f"* {same} (family, seed, planner) re-run with the same plan each time "
                     "(meetings, value, worst-off, buyers' half-days and idle slots)")  # fmt: skip
    lines += [f"* {d}: not the same plan" for d in differ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    from benchmarks import run

    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.tally", description=(__doc__ or "").split("\n")[0]
    )
    ap.add_argument("--doc", type=Path, default=None, help=f"the doc to read (default {run.DOC})")
    ap.add_argument(
        "--write", action="store_true",
        help="also write the tally between the doc's <!-- bench:tally --> markers",
    )  # fmt: skip
    args = ap.parse_args(argv)
    doc = args.doc or run.DOC
    if not doc.exists():
        raise SystemExit(f"error: {doc}: no such file")
    block = text(doc.read_text(encoding="utf-8"), run.doc_name(doc))
    print(block, end="")
    if args.write:
        run.write_section(MARKER, block, TITLE, doc=doc)


if __name__ == "__main__":
    main()
