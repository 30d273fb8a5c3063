"""``python -m asmex_sched`` and the ``asmex-sched`` console script.

Importing the command-line interface loads pandas, OR-Tools and rich, which takes one
to two seconds. A Ctrl-C or SIGTERM in that time ends the run as one later does: exit
130 and one line on stderr, not a traceback (nothing has been read or written yet).
"""

from __future__ import annotations

import signal
import sys

from asmex_sched.errors import EXIT_INTERRUPTED


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point: the CLI, imported with interruption handled."""
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        from asmex_sched.cli import main as cli_main
    except KeyboardInterrupt:
        sys.stderr.write("asmex-sched: interrupted while starting; nothing was read or written\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
    cli_main()


if __name__ == "__main__":
    main()
