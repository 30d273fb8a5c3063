"""``python -m asmex_sched`` and the ``asmex-sched`` console script.

Importing the command-line interface loads pandas, OR-Tools and rich, which takes one
to two seconds. A Ctrl-C or SIGTERM in that time ends the run as one later does: exit
130 and one line on stderr, not a traceback (nothing has been read or written yet),
once the imports are done: raised in the middle of one, its KeyboardInterrupt was
swallowed or broke the import (:mod:`asmex_sched.interrupts`).
"""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO

from asmex_sched import interrupts
from asmex_sched.errors import EXIT_INTERRUPTED


class _ReaderGone:
    """``sys.stdout`` or ``sys.stderr`` once its reader may leave: ``asmex-sched check
    bad.xlsx agenda.xlsx 2>&1 | head -1`` exited 1 ("the agenda breaks a rule", click's
    code for a closed pipe), not 2, and a plan stopped at its first line after ``head``
    left wrote no agenda (an outside tester). A write to a pipe nobody reads now points
    the stream at the null device (as the Python docs advise for SIGPIPE) and the run
    goes on: the same work and the same exit code, the rest of its output dropped."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._silence()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._silence()

    def _silence(self) -> None:
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, self._stream.fileno())
            finally:
                os.close(null)
        except (OSError, ValueError):
            pass  # no file descriptor: the written text is dropped all the same

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main() -> None:
    """Console-script entry point: the CLI, imported with interruption handled (a
    signal is recorded while importing, and said once the imports are done: a hung
    import is not cut short by Ctrl-C, but no import is broken by it)."""
    if sys.stdout is not None:
        sys.stdout = _ReaderGone(sys.stdout)  # type: ignore[assignment]
    if sys.stderr is not None:
        sys.stderr = _ReaderGone(sys.stderr)  # type: ignore[assignment]
    interrupts.install()
    from asmex_sched.cli import main as cli_main

    if interrupts.received:
        sys.stderr.write("asmex-sched: interrupted while starting; nothing was read or written\n")
        raise SystemExit(EXIT_INTERRUPTED)
    # a signal from here on is recorded by the same handler, and acted on by the command
    cli_main()


if __name__ == "__main__":
    main()
