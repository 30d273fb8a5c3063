"""Unseen B2B instances derived from the published originals, to run as a folder.

Not part of the product: the published set is the one our literature search was
tuned on, so its figures say little of a file it has never seen. This writes, from
each ``*.original.dzn`` of a folder, files the search has not met, made as the paper
made its variants (JAIR 2022 §6, ``SOURCE.md``), with other parameters and seeds:

* ``forbNNNNsS``: the existing forbidden slots removed, then each (participant,
  slot) forbidden with probability ``NNNN / 1000`` (``forb0005``: 0.5 %, between
  the published ``forb0003`` and ``forb0007``), drawn from a generator seeded by ``S`` and the
  file's name, so the same command writes the same files;
* ``tablesm1``: one table fewer (tighter packing; some become infeasible); not written
  for an original with one table.

Everything else in the file is kept as written. Run them, with the plain CP-SAT
peer beside ours, as another folder (no published values: each file's variant is
its last name part, so they are *variants*, fairness d = 2)::

    python -m benchmarks.derive_b2b benchmarks/out/derived --seed 48
    python -m benchmarks.run --variants --lit-dir benchmarks/out/derived --lit-planners ours,plain
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from asmex_sched.errors import OutputError
from asmex_sched.io.atomic import atomic_write_text
from benchmarks.b2b_model import read_dzn
from benchmarks.literature import LIT, LiteratureError, lit_dir

_FORBIDDEN = re.compile(r"forbidden\s*=\s*\[.*?\]\s*;", re.S)
_TABLES = re.compile(r"nTables\s*=\s*(\d+)\s*;")


def with_forbidden(text: str, n_business: int, n_slots: int, per_mille: int, rng) -> str:
    """``text`` with its forbidden sets replaced by random ones: each (participant, slot)
    forbidden with probability ``per_mille / 1000`` (participants, then slots, in order)."""
    sets = [
        sorted(t for t in range(1, n_slots + 1) if rng.random() < per_mille / 1000)
        for _ in range(n_business)
    ]
    body = ",\n".join("{" + ",".join(map(str, s)) + "}" for s in sets)
    new = f"forbidden = [{body}];"
    if _FORBIDDEN.search(text):
        return _FORBIDDEN.sub(lambda _: new, text, count=1)
    return text.rstrip() + "\n" + new + "\n"


def with_tables(text: str, delta: int) -> str:
    """``text`` with ``nTables`` changed by ``delta`` (at least 1)."""
    return _TABLES.sub(lambda m: f"nTables = {max(1, int(m.group(1)) + delta)};", text, count=1)


def derive(src: Path, out: Path, seed: int, per_mille: int = 5) -> list[Path]:
    """Write the derived files of every original of ``src`` into ``out``; their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(src.glob("*.original.dzn")):
        inst = read_dzn(path)  # a file that does not read stops here, by name
        text = path.read_text(encoding="utf-8")
        stem = path.name.removesuffix(".original.dzn")
        rng = random.Random(f"{seed}:{path.name}")
        files = {
            f"{stem}.forb{per_mille:04d}s{seed}.dzn": with_forbidden(
                text, inst.n_business, inst.n_slots, per_mille, rng
            ),
        }
        if inst.n_tables > 1:  # with one table, "one fewer" would be a copy of the original
            files[f"{stem}.tablesm1.dzn"] = with_tables(text, -1)
        for name, body in files.items():
            target = out / name
            atomic_write_text(target, body)
            read_dzn(target)  # what is written reads back
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="folder for the derived .dzn files")
    ap.add_argument("--from", dest="src", default=None, help=f"originals' folder (default {LIT})")
    ap.add_argument("--seed", type=int, default=48)
    ap.add_argument("--per-mille", type=int, default=5,
                    help="forbidden density in tenths of a percent (5: 0.5 %%)")  # fmt: skip
    args = ap.parse_args(argv)
    if not 0 <= args.per_mille <= 1000:
        ap.error(f"--per-mille {args.per_mille}: between 0 and 1000")
    try:
        src = lit_dir(args.src, "--from")
    except LiteratureError as e:
        raise SystemExit(f"error: {e}") from None
    if not any(src.glob("*.original.dzn")):
        raise SystemExit(f"error: {src}: no *.original.dzn file to derive from")
    try:
        written = derive(src, Path(args.out), args.seed, args.per_mille)
    except (ValueError, KeyError, TypeError, IndexError, OSError, UnicodeError, OutputError) as e:
        raise SystemExit(f"error: {e}") from None
    if not written:
        raise SystemExit(f"error: {src}: no *.original.dzn file to derive from")
    print(f"{len(written)} files written to {args.out}")


if __name__ == "__main__":
    main()
