"""``python -m asmex_sched`` and the ``asmex-sched`` console script.

Importing the command-line interface loads pandas, OR-Tools and rich, which takes one
to two seconds. A Ctrl-C or SIGTERM in that time ends the run as one later does: exit
130 and one line on stderr, not a traceback (nothing has been read or written yet).
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any, TextIO

from asmex_sched.errors import EXIT_INTERRUPTED

_signalled: list[int] = []


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


def _interrupt(signum: int, frame: object) -> None:
    _signalled.append(signum)
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point: the CLI, imported with interruption handled.

    An interruption inside a compiled extension's initialisation (OR-Tools) surfaces
    as that import's ``ImportError``: after a signal, it too is an interruption."""
    if sys.stdout is not None:
        sys.stdout = _ReaderGone(sys.stdout)  # type: ignore[assignment]
    if sys.stderr is not None:
        sys.stderr = _ReaderGone(sys.stderr)  # type: ignore[assignment]
    signal.signal(signal.SIGTERM, _interrupt)
    ctrl_c = signal.getsignal(signal.SIGINT)
    if ctrl_c is signal.default_int_handler:  # not when started with Ctrl-C ignored
        signal.signal(signal.SIGINT, _interrupt)
    try:
        from asmex_sched.cli import main as cli_main
    except (KeyboardInterrupt, ImportError):
        if not _signalled and sys.exc_info()[0] is ImportError:
            raise
        sys.stderr.write("asmex-sched: interrupted while starting; nothing was read or written\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
    signal.signal(signal.SIGINT, ctrl_c)
    cli_main()


if __name__ == "__main__":
    main()
