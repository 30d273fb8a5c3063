"""``python -m asmex_sched`` and the ``asmex-sched`` console script.

Importing the command-line interface loads pandas, OR-Tools and rich, which takes one
to two seconds. A Ctrl-C or SIGTERM in that time ends the run as one later does: exit
130 and one line on stderr, not a traceback (nothing has been read or written yet).
"""

from __future__ import annotations

import signal
import sys

from asmex_sched.errors import EXIT_INTERRUPTED

_signalled: list[int] = []


def _interrupt(signum: int, frame: object) -> None:
    _signalled.append(signum)
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point: the CLI, imported with interruption handled.

    An interruption inside a compiled extension's initialisation (OR-Tools) surfaces
    as that import's ``ImportError``: after a signal, it too is an interruption."""
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
