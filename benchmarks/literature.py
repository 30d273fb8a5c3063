"""The published B2B instances (Bofill et al., JAIR 2022): solve and compare.

``../shared/benchmarks/b2b-literature/`` holds the 140 ``.dzn`` files and
``published-results.csv`` (200 configurations: the 20 originals with d = 2,
the same 20 with d = 0, 1, 3, and 6 variants x 20 with d = 2). For each
configuration we solve the B2BSOP with :mod:`benchmarks.b2b_model` (in a fresh
subprocess, a wall-clock limit; ``solve_b2b`` describes the search) and report
our value, whether it is proven, the time to reach the final value and the total time, beside the
published optimum and the published MaxSAT / Chuffed / MIP times.

    python -m benchmarks.run --literature          # 20 originals, d = 2
    python -m benchmarks.run --variants            # the 180 others
    python -m benchmarks.literature forum-13.original [--d 2] [--time-limit 60]
"""

from __future__ import annotations

import csv
import json
import math
import os
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The published instances beside the checkout (``--lit-dir`` or the environment
#: variable ``ASMEX_B2B_DIR`` point the runs at another folder of ``.dzn`` files).
LIT = (ROOT / ".." / "shared" / "benchmarks" / "b2b-literature").resolve()
OUT = Path(os.environ.get("ASMEX_BENCH_OUT") or ROOT / "benchmarks" / "out")
CSV = "published-results.csv"
COLUMNS = (
    "instance",
    "file",
    "variant",
    "fairness_d",
    "published_optimum",
    "maxsat_time_s",
    "chuffed_time_s",
    "chuffed_best",
    "mip_time_s",
    "mip_best",
    "source_table",
    "note",
)


class LiteratureError(Exception):
    """The instance folder or its results file cannot be used (message says why)."""


def lit_dir(given: str | Path | None = None, option: str = "--lit-dir") -> Path:
    """The folder of ``.dzn`` files: ``given``, else ``$ASMEX_B2B_DIR``, else :data:`LIT`;
    ``option``: the caller's own option for it, which a missing folder's message names
    (``derive_b2b`` has ``--from``, and was told to give ``--lit-dir``; a checker)."""
    path = Path(given or os.environ.get("ASMEX_B2B_DIR") or LIT).resolve()
    if not path.is_dir():
        raise LiteratureError(
            f"{path}: no such folder of B2B instances (.dzn files); the published set is "
            f"looked for beside the checkout ({LIT}): give {option} DIR or set "
            "ASMEX_B2B_DIR"
        )
    return path


def published(lit: Path = LIT) -> list[dict[str, str]]:
    """Rows of ``published-results.csv``, in file order.

    A folder without that file (an unseen set) gets one row per ``.dzn`` file,
    fairness d = 2, with no published value to compare with.
    """
    path = lit / CSV
    if not path.exists():
        files = sorted(lit.glob("*.dzn"))
        if not files:
            raise LiteratureError(f"{lit}: neither {CSV} nor any .dzn file")
        return [_unlisted(f.name, _variant_of(f.name, "original")) for f in files]
    with path.open(encoding="utf-8", newline="") as fh:
        # Columns the runs only print (published times) may be absent: empty then.
        rows = [dict.fromkeys(COLUMNS, "") | r for r in csv.DictReader(fh)]
    problems = [
        f"{path}, row {i}: column '{c}' is missing or empty"
        for i, r in enumerate(rows, start=2)
        for c in ("file", "variant", "fairness_d")
        if not (r.get(c) or "").strip()
    ]
    problems += [
        f"{path}, row {i}, column 'file': {r['file']} is not in {lit}"
        for i, r in enumerate(rows, start=2)
        if (r.get("file") or "").strip() and not (lit / r["file"]).exists()
    ]
    # Whole numbers as a spreadsheet may save them (`2.0`) are read; anything else is
    # said here (`2.0` stopped --variants with a traceback and made --literature run
    # nothing; a checker).
    for i, r in enumerate(rows, start=2):
        for column, also in (("fairness_d", ()), ("published_optimum", ("", "UNSAT"))):
            text = (r.get(column) or "").strip()
            if text in also or not text:
                r[column] = text
                continue
            number = _whole(text)
            if number is None or number < 0:
                problems.append(
                    f"{path}, row {i}, column '{column}': {text!r} is not a whole number of "
                    "0 or more"
                    + (" (or UNSAT, or empty when unknown)" if also else "")
                )
            else:
                r[column] = str(number)
    # One configuration given twice (here with two optima) was run twice and tabled
    # twice, without a word (a checker): said by both rows, as the other checks are.
    first: dict[tuple[str, str, str], int] = {}
    for i, r in enumerate(rows, start=2):
        key = tuple((r.get(c) or "").strip() for c in ("file", "variant", "fairness_d"))
        if not all(key):
            continue  # said above
        if key in first:
            j = first[key]
            problems.append(
                f"{path}, rows {j} and {i}: {key[0]}, variant {key[1]}, fairness_d {key[2]} "
                f"given twice (published_optimum {rows[j - 2]['published_optimum'] or 'empty'} "
                f"and {r['published_optimum'] or 'empty'}): one row per configuration"
            )
        else:
            first[key] = i
    if problems:
        raise LiteratureError("\n".join(problems))
    return rows


def _whole(text: str) -> int | None:
    """``2``, ``2.0`` -> 2; ``2.5``, ``x`` -> None."""
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _variant_of(file: str, bare: str) -> str:
    """A file's variant by its name: ``original`` for ``*.original.dzn`` (``my.set.original``
    too: it was read as variant ``set.original``; a reader), else the last part after a
    dot (``forum-14.mine`` -> ``mine``), ``bare`` for a name without one."""
    stem = file.removesuffix(".dzn")
    if stem.endswith(".original"):
        return "original"
    return stem.rpartition(".")[2] if "." in stem else bare


def _unlisted(file: str, variant: str) -> dict[str, str]:
    """The row of a file no results file lists: fairness d = 2, no published value."""
    instance = file.removesuffix(".dzn").removesuffix(f".{variant}") if variant else file
    return dict.fromkeys(COLUMNS, "") | {
        "instance": instance, "file": file, "fairness_d": "2", "variant": variant,
    }


def configurations(which: str, lit: Path = LIT) -> list[dict[str, str]]:
    """``originals``: the originals with d = 2; ``variants``: every other row. A
    ``.dzn`` file the results file does not list is run too, with no published value:
    ``*.original.dzn`` among the originals, any other among the variants (each was
    skipped without a word; a checker's dry run, then a checker's derived variant).
    Every file is read first: one that does not read stops the run before any solve
    (it was run and reported "crashed", exit 0). None to run is said too (a run of
    nothing printed the name of a results file it never wrote)."""
    from benchmarks.b2b_model import read_dzn

    rows = published(lit)
    if (lit / CSV).exists():
        listed = {r["file"] for r in rows}
        rows += [
            _unlisted(f.name, _variant_of(f.name, ""))
            for f in sorted(lit.glob("*.dzn")) if f.name not in listed
        ]  # fmt: skip
    is_orig = [r["variant"] == "original" and r["fairness_d"] == "2" for r in rows]
    chosen = [r for r, o in zip(rows, is_orig, strict=True) if o == (which == "originals")]
    problems = []
    for name in sorted({r["file"] for r in chosen}):
        try:
            read_dzn(lit / name)
        except (ValueError, KeyError, TypeError, IndexError, UnicodeDecodeError) as e:
            problems.append(f"{lit / name}: cannot be read: {e}")
    if problems:
        raise LiteratureError("\n".join(problems))
    if not chosen:
        raise LiteratureError(
            f"{lit}: no configuration to run among the {which} ("
            + ("variant 'original' with fairness_d 2, or a file *.original.dzn"
               if which == "originals" else "any other variant or fairness_d")
            + f"; {len(rows)} in all)"
        )
    return chosen


def write_schedule(inst, slots: list[int], path: Path) -> None:
    """The schedule as CSV, one row per meeting in the file's order (``meeting``, 1-based
    as in the ``.dzn``; its two participants; its ``slot``, 1-based), for a checker to
    count the breaks with their own code (a literature record held none; a benchmark
    checker)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["meeting", "participant_1", "participant_2", "slot"])
        for i, ((a, b, _), t) in enumerate(zip(inst.meetings, slots, strict=True), start=1):
            w.writerow([i, a, b, t])
    os.replace(tmp, path)


def plan_path(raw: Path, row: dict[str, str], planner: str = "ours") -> Path:
    """Where a configuration's schedule goes, beside the raw records:
    ``<raw stem>/<file stem>-d<d>.csv`` (an original runs with several d), the plain
    peer's ``<file stem>-d<d>-plain.csv``."""
    tail = "" if planner == "ours" else f"-{planner}"
    stem = f"{row['file'].removesuffix('.dzn')}-d{row['fairness_d']}{tail}"
    return raw.with_suffix("") / f"{stem}.csv"


#: The literature's planners: ``ours`` (:func:`benchmarks.b2b_model.solve_b2b`) and the
#: ``plain`` CP-SAT peer (:func:`benchmarks.b2b_model.plain_b2b`, on request).
LIT_PLANNERS = ("ours", "plain")


def solve_file(
    path: Path, d: int, time_limit: float, plan_out: Path | None = None, trace: bool = False,
    planner: str = "ours",
) -> dict:  # fmt: skip
    """Solve one file in this process and return a JSON-able record (checked
    independently); the schedule, if any, written to ``plan_out`` (CSV) when given;
    ``trace``: the search's steps printed as they end (``solve_b2b``); ``planner``: one
    of :data:`LIT_PLANNERS`."""
    from benchmarks.b2b_model import breaks_of, check, plain_b2b, read_dzn, solve_b2b

    inst = read_dzn(path)
    if planner == "plain":
        res = plain_b2b(inst, d=d, time_limit=time_limit)
    else:
        res = solve_b2b(inst, d=d, time_limit=time_limit, trace=trace)
    rec = {
        "file": path.name,
        "planner": planner,
        "d": d,
        "status": res.status,
        "breaks": res.breaks,
        "bound": res.bound,
        "time_to_best": None if res.time_to_best is None else round(res.time_to_best, 2),
        "wall": round(res.wall, 2),
        "build": round(res.build, 2),
        "timeline": [(round(t, 2), v) for t, v in res.solutions],
    }
    if res.slots is not None:
        problems = check(inst, res.slots, d)
        rec["violations"] = problems[:5]
        rec["checked_breaks"] = sum(breaks_of(inst, res.slots))
        if plan_out is not None:
            write_schedule(inst, res.slots, plan_out)
            rec["plan_file"] = str(plan_out)
    return rec


def run_all(
    which: str, time_limit: float, run_child: Callable, lit: Path = LIT,
    planners: tuple[str, ...] = ("ours",),
) -> list[dict]:  # fmt: skip
    """Solve every configuration of ``which`` in ``lit`` with each of ``planners``, one
    subprocess each; print progress."""
    rows = configurations(which, lit)
    OUT.mkdir(parents=True, exist_ok=True)
    raw = OUT / f"literature-{which}-{time.strftime('%Y%m%d-%H%M%S')}.jsonl"
    out = []
    for row, planner in ((r, p) for r in rows for p in planners):
        args = [
            "--b2b-worker", str(lit / row["file"]), row["fairness_d"],
            "--lit-time-limit", str(time_limit),
            "--plan-out", str(plan_path(raw, row, planner)), "--b2b-planner", planner,
        ]  # fmt: skip
        rec, peak, err = run_child(args, timeout=time_limit * 2 + 120)
        if rec is None:
            rec = {"file": row["file"], "planner": planner, "d": int(row["fairness_d"]),
                   "status": "crashed", "error": err[-400:]}  # fmt: skip
        if "plan_file" in rec:  # relative to the checkout, as the generated runs' plans
            rec["plan_file"] = os.path.relpath(rec["plan_file"], ROOT)
        rec["peak_mb"] = round(peak, 1)
        rec["time_limit"] = time_limit
        rec["published"] = row
        rec["match"] = _match(rec, row)
        out.append(rec)
        with raw.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(rec) + "\n")
        print(console_line(row, rec), flush=True)
        if rec["status"] == "crashed":  # why, as a generated run's FAILED line says it
            print(f"  FAILED:\n{err[-2000:]}", flush=True)
    print(f"raw results: {os.path.relpath(raw, ROOT)}")
    return out


def console_line(row: dict[str, str], rec: dict) -> str:
    """One configuration's run as the table gives it: ``–`` for a value it does not
    have (the line said ``None`` where the table said ``–``; a benchmark checker)."""
    return (
        f"{row['file']:32s} d={row['fairness_d']} published {row['published_optimum'] or '?':>5s} "
        f"{rec.get('planner', 'ours')} {rec.get('status')} {_v(rec.get('breaks'))} "
        f"(bound {_v(rec.get('bound'))}) "
        f"best at {_v(rec.get('time_to_best'))} s, total {_v(rec.get('wall'))} s "
        f"-> {rec['match']}"
    )


def _v(v) -> str:
    return "–" if v is None else str(v)


def _match(rec: dict, row: dict[str, str]) -> str:
    """'proven' (same optimum, proven), 'reached' (same value, not proven), or what differs.

    Breaks are minimised: a published optimum P is the fewest any schedule has. So a
    checked schedule of ours with fewer than P, a proven optimum of ours other than P
    (either side), a proven infeasibility beside P, a proven lower bound above P, or a
    checked schedule of a configuration published UNSAT says one of the two is wrong:
    ``CONTRADICTS published``, as benchmarks/README.md names it. A schedule below P read
    "BELOW published", a label the docs never mention, and one beside UNSAT "not
    proven" (a checker)."""
    pub = row["published_optimum"]
    if rec.get("violations"):
        return "INVALID"
    if rec.get("breaks") is not None and rec.get("checked_breaks") != rec["breaks"]:
        return "INVALID (breaks recount differs)"
    if not pub.strip():
        return "no published value"
    if pub == "UNSAT":
        if rec.get("breaks") is not None:  # checked above: valid, its breaks recounted
            breaks = rec["breaks"]
            return f"CONTRADICTS published: a valid schedule with {breaks} breaks, published UNSAT"
        return {"infeasible": "proven"}.get(rec.get("status", ""), "not proven")
    if rec.get("bound") is not None and rec["bound"] > int(pub):
        # A proven lower bound above a best-known value: one of the two is wrong (said
        # with or without a solution of ours; code review).
        return f"CONTRADICTS published: our proven lower bound {rec['bound']} > {pub}"
    if rec.get("status") == "infeasible":
        return f"CONTRADICTS published: proven infeasible, published {pub}"
    if rec.get("breaks") is None:
        return "no solution"
    if rec["breaks"] < int(pub):
        return f"CONTRADICTS published: a valid schedule with {rec['breaks']} breaks < {pub}"
    if rec.get("status") == "optimal" and rec["breaks"] != int(pub):
        return f"CONTRADICTS published: our proven optimum {rec['breaks']} > {pub}"
    if rec["breaks"] == int(pub):
        return "proven" if rec.get("status") == "optimal" else "reached"
    return f"+{rec['breaks'] - int(pub)}"


def contradictions(records: list[dict]) -> list[str]:
    """The configurations whose result of ours contradicts the published value
    (:func:`_match`), as the table's head names them: a finding of the table, said
    above it and at the run's end, not a failure of the run (benchmarks/README.md,
    Method; such a result was labelled in its row only, or not at all: a checker)."""
    return [
        f"{_label(r)}: {r['match'].removeprefix('CONTRADICTS published: ')}"
        for r in records
        if r.get("planner", "ours") == "ours"
        and str(r.get("match", "")).startswith("CONTRADICTS published")
    ]


def _within(r: dict, limit: float) -> bool:
    """Whether a run's wall time is known and within ``limit``: a wall stored rounded to
    0.0 (a solve under 5 ms) is within it, where ``wall or 1e9`` read it as over (a
    reader, session 69)."""
    return r.get("wall") is not None and r["wall"] <= limit


def not_proven(records: list[dict]) -> list[str]:
    """Ours' configurations with a published result (optimum, or UNSAT) that the run did
    not prove within its time limit, with their status: issue #5's literature target
    (the published optimum, each within 60 s) missed there. Said at the run's end, as
    the table's head counts them, not a failure of the run (exit 0): a reviewer's run on
    a loaded machine (session 69) ended two originals with no schedule, and only the
    head's "proven on 18 (18 within 60 s)" said so."""
    out = []
    for r in records:
        if r.get("planner", "ours") != "ours" or not r["published"]["published_optimum"].strip():
            continue
        limit = r.get("time_limit") or 60.0
        if r.get("match") == "proven" and _within(r, limit):
            continue
        status = r.get("status") or "no status"
        out.append(f"{_label(r)}: {status}, {r.get('match') or 'no result'}")
    return out


def _label(r: dict) -> str:
    return f"{r['file'].removesuffix('.dzn')} (d = {r['d']}, {r.get('planner', 'ours')})"


def gaps(records: list[dict]) -> tuple[list[str], list[str]]:
    """What a literature run must not pass over in silence: the runs without a result
    (a crashed child, of either planner) and ours' schedules that break a rule or whose
    breaks recount differs (the table's ``INVALID``), as :func:`benchmarks.run.exit_on_gaps`
    names them. (A literature run said both in its table only and exited 0, where a
    generated run exits 1: the docs' "on every kind of run" did not hold; session 52.)"""
    failed = [_label(r) for r in records if r.get("status") == "crashed"]
    invalid = [
        f"{_label(r)}: {r['match']}"
        + (f" ({'; '.join(r['violations'])})" if r.get("violations") else "")
        for r in records
        if r.get("planner", "ours") == "ours" and str(r.get("match", "")).startswith("INVALID")
    ]
    return failed, invalid


def table(records: list[dict]) -> str:
    """Markdown table of one literature run: a row per configuration, ours' figures, and
    the plain peer's beside them when it ran (columns ``plain …``)."""
    recs = [r for r in records if r.get("planner", "ours") == "ours"]
    plain = {(r["file"], r["d"]): r for r in records if r.get("planner") == "plain"}
    n = len(recs)
    proven = sum(1 for r in recs if r["match"] == "proven")
    reached = sum(1 for r in recs if r["match"] in ("proven", "reached"))
    limit = max((r.get("time_limit") or 60.0 for r in recs), default=60.0)
    within = sum(1 for r in recs if r["match"] == "proven" and _within(r, limit))
    times = any(r["published"].get("maxsat_time_s") for r in recs)
    bound_ok = sum(
        1
        for r in recs
        if r["published"]["published_optimum"] not in ("UNSAT", "")
        and r.get("bound") == int(r["published"]["published_optimum"])
    )
    settled = sum(1 for r in recs if r.get("status") in ("optimal", "infeasible"))
    given = sum(1 for r in recs if r["published"]["published_optimum"].strip())
    failed, _ = gaps(records)
    odd = contradictions(records)
    crashed = sum(1 for r in recs if r.get("status") == "crashed")
    head = (
        (f"_No result for {', '.join(failed)}: the child crashed or was stopped (its row "
         "says `crashed`; the run printed why)._\n\n" if failed else "")
        + (f"_CONTRADICTS published on {len(odd)}: {'; '.join(odd)} (ours or the published "
           "value is wrong)._\n\n" if odd else "")
        + f"_{n} configuration{'' if n == 1 else 's'}"
        + (f" ({crashed} without a result of ours)" if crashed else "")
        + f"; settled by us (optimal or infeasible, proven) on {settled}; "
        f"published result (optimum, or UNSAT) given for {given} of them, reached on "
        f"{reached}, proven on "
        f"{proven} ({within} within {limit:g} s, the time limit); our proven lower bound "
        f"equals the published optimum on {bound_ok}. Times are wall seconds on 2 shared "
        "cores (feasibility sweeps with 1-2 CP-SAT workers, the minimisation phase with 2), "
        "including model building; "
        + ("the published times are from JAIR 2022 (sequential solvers, 3.1 GHz Xeon)"
           if times else "no published times for these files")
        + (_plain_summary(recs, plain, limit) if plain else "")
        + "._\n\n"
        "| file | d | published | ours | our bound | status | ours: time to best s | "
        "ours: total s | MaxSAT s | Chuffed s | MIP s | result |"
        + (" plain | plain: bound | plain: status | plain: total s | plain: result |"
           if plain else "")
        + "\n|---|---|---|---|---|---|---|---|---|---|---|---|"
        + ("---|---|---|---|---|" if plain else "")
        + "\n"
    )
    rows = []
    for r in recs:
        pub = r["published"]
        rows.append(
            f"| {r['file'].removesuffix('.dzn')} | {r['d']} | {pub['published_optimum'] or '?'} | "
            f"{'–' if r.get('breaks') is None else r['breaks']} | "
            f"{'–' if r.get('bound') is None else r['bound']} | {r.get('status')} | "
            f"{_t(r.get('time_to_best'))} | {_t(r.get('wall'))} | {pub['maxsat_time_s'] or '?'} | "
            f"{pub['chuffed_time_s'] or '?'} | {pub['mip_time_s'] or '?'} | {r['match']} |"
            + (_plain_cells(plain.get((r["file"], r["d"]))) if plain else "")
        )
    return head + "\n".join(rows) + "\n"


def _plain_cells(p: dict | None) -> str:
    """The plain peer's cells of a row (``–`` where it did not run)."""
    if p is None:
        return " – | – | – | – | – |"
    return (
        f" {'–' if p.get('breaks') is None else p['breaks']} | "
        f"{'–' if p.get('bound') is None else p['bound']} | {p.get('status')} | "
        f"{_t(p.get('wall'))} | {p['match']} |"
    )


def _plain_summary(recs: list[dict], plain: dict, limit: float) -> str:
    """The head's sentence on the plain peer: what it settled, and how ours compares on
    the configurations both proved (the median ratio of their total times)."""
    ran = [plain[k] for k in ((r["file"], r["d"]) for r in recs) if k in plain]
    settled = [p for p in ran if p.get("status") in ("optimal", "infeasible")]
    proven = sum(1 for p in ran if p["match"] == "proven")
    both = [
        (r["wall"], plain[(r["file"], r["d"])]["wall"])
        for r in recs
        if r.get("status") in ("optimal", "infeasible") and r.get("wall")
        and plain.get((r["file"], r["d"]), {}).get("status") in ("optimal", "infeasible")
    ]
    ratio = ""
    if both:
        ratios = sorted(o / max(p, 1e-9) for o, p in both)
        mid = len(ratios) // 2
        med = ratios[mid] if len(ratios) % 2 else (ratios[mid - 1] + ratios[mid]) / 2
        ratio = (
            f"; where both settled one ({len(both)}), ours' total time is {med:.2f} × the "
            "plain peer's at the median"
        )
    crashed = sum(1 for p in ran if p.get("status") == "crashed")
    fewer, more, odd = _versus_plain(recs, plain)
    return (
        f". Plain CP-SAT peer (`plain_b2b`: the problem as written, one minimisation, "
        f"CP-SAT's default search on 2 workers, {limit:g} s): ran on {len(ran)}"
        + (f" ({crashed} crashed)" if crashed else "")
        + f", settled {len(settled)}, published result proven on {proven}{ratio}; ours has "
        f"fewer breaks (or the only schedule) on {fewer}, the peer on {more}"
        + (f"; CONTRADICTION between ours and the peer on {', '.join(odd)}" if odd else "")
    )


def _proven_at_least(r: dict) -> float | None:
    """The fewest breaks a record proves every schedule has (``inf``: none exists)."""
    if r.get("status") == "infeasible":
        return math.inf
    if r.get("status") == "optimal" and r.get("breaks") is not None:
        return r["breaks"]
    return r.get("bound")


def _versus_plain(recs: list[dict], plain: dict) -> tuple[int, int, list[str]]:
    """How ours and the peer compare, configuration by configuration: on how many ours
    has fewer breaks (or the only schedule), on how many the peer does, and where one's
    proof contradicts the other's schedule (a bound above it, or infeasible beside it),
    which would mean a wrong model or a wrong check (none has occurred; a second reader)."""
    fewer = more = 0
    odd = []
    for r in recs:
        p = plain.get((r["file"], r["d"]))
        if p is None or "crashed" in (r.get("status"), p.get("status")):
            continue  # a crashed child is no schedule to compare (a second reader)
        a, b = r.get("breaks"), p.get("breaks")
        if a is not None and (b is None or a < b):
            fewer += 1
        elif b is not None and (a is None or b < a):
            more += 1
        for prover, other in ((r, p), (p, r)):
            at_least = _proven_at_least(prover)
            if at_least is not None and other.get("breaks") is not None:
                if at_least > other["breaks"]:
                    odd.append(f"{r['file'].removesuffix('.dzn')} (d = {r['d']})")
                    break
    return fewer, more, odd


def table_from_jsonl(path: Path) -> str:
    """Rebuild the table of a previous run from its raw ``.jsonl``."""
    recs = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln]
    return table(recs)


def _t(v) -> str:
    return "–" if v is None else f"{v:.1f}"


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("name", help="e.g. forum-13.original, or a .jsonl with --table")
    ap.add_argument("--table", action="store_true", help="print the table of a raw .jsonl")
    ap.add_argument("--d", type=int, default=2)
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--lit-dir", default=None, help=f"folder of .dzn files (default {LIT})")
    ap.add_argument(
        "--trace", action="store_true",
        help="print each step of the search and each raced problem, with its times",
    )  # fmt: skip
    a = ap.parse_args()
    if a.table:
        print(table_from_jsonl(Path(a.name)))
        return
    try:
        lit = lit_dir(a.lit_dir)
    except LiteratureError as e:
        raise SystemExit(f"error: {e}") from None
    path = lit / f"{a.name}.dzn"
    if not path.exists():
        raise SystemExit(f"error: {path}: no such instance file")
    rec = solve_file(path, a.d, a.time_limit, trace=a.trace)
    rec.pop("timeline")
    print(json.dumps(rec))


if __name__ == "__main__":
    main()
