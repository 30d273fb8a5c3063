"""How long ``asmex-sched report`` takes with one process and with its default workers,
and whether both write the same files.

Usage::

    python -m benchmarks.report_speed AGENDA [--format xlsx,ics,pdf] [--repeat 3]
    python -m benchmarks.report_speed AGENDA --jobs 1,2,4

Each run is the command itself (``python -m asmex_sched report AGENDA -o DIR -q``, a
fresh process: the workers' start is counted), the numbers of processes in turn, run
after run, so that a machine's drift touches each alike. Printed: a markdown table of
each setting's median wall time (and range) and its ratio to one process, and whether
every run wrote the same files, byte for byte, as the first. Session 64 used it for
docs/report.md, "Speed". Not a timed test: a measurement, for the docs.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _files(folder: Path) -> str:
    """A fingerprint of every file in ``folder``: names and bytes."""
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _run(agenda: Path, formats: str, jobs: str, out: Path) -> float:
    command = [sys.executable, "-m", "asmex_sched", "report", str(agenda), "-o", str(out),
               "--format", formats, "-q"]  # fmt: skip
    if jobs != "default":
        command += ["--jobs", jobs]
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("agenda", type=Path)
    parser.add_argument("--format", default="xlsx,ics", help="as report's --format")
    parser.add_argument("--jobs", default="1,default", help="comma-separated settings")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    settings = args.jobs.split(",")
    times: dict[str, list[float]] = {s: [] for s in settings}
    prints: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            for s in settings:
                out = Path(tmp) / f"{s}-{i}"
                times[s].append(_run(args.agenda, args.format, s, out))
                prints.add(_files(out))
                print(f"run {i + 1}, --jobs {s}: {times[s][-1]:.1f} s", file=sys.stderr)
    base = statistics.median(times[settings[0]])
    print(f"{args.agenda.name}, --format {args.format}, {args.repeat} runs each\n")
    print(f"| --jobs | median wall s | range | ratio to --jobs {settings[0]} |")
    print("|---|---|---|---|")
    for s in settings:
        m = statistics.median(times[s])
        print(f"| {s} | {m:.1f} | {min(times[s]):.1f}–{max(times[s]):.1f} | {m / base:.2f} |")
    same = len(prints) == 1
    print(f"\nthe same files on every run: {'yes' if same else 'NO'} ({', '.join(sorted(prints))})")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
