"""Shared pieces of the CLI: consoles, logging set-up, error handling."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from asmex_sched.errors import EXIT_INTERRUPTED, AsmexError, OutputError

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is now (test runners swap it)."""

    @property  # type: ignore[override]
    def stream(self):  # noqa: ANN201
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # noqa: ANN001
        pass


def setup_logging(verbose: bool, log_file: Path | None, quiet: bool = False) -> None:
    """Plain, cron-friendly log lines on stderr: INFO when not on a terminal, but
    only warnings and errors with ``quiet`` (cron mails whatever a job prints);
    ``log_file`` gets INFO (DEBUG with ``verbose``) either way."""
    root = logging.getLogger("asmex_sched")
    root.handlers.clear()
    root.propagate = False
    if verbose:
        level = logging.DEBUG
    elif quiet or sys.stderr.isatty():
        level = logging.WARNING
    else:
        level = logging.INFO
    fmt = logging.Formatter(
        "%(asctime)s %(levelname)s asmex-sched: %(message)s", "%Y-%m-%dT%H:%M:%S"
    )
    handler = _StderrHandler()
    handler.setFormatter(fmt)
    handler.setLevel(level)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    if log_file is not None:
        try:
            fh = logging.FileHandler(log_file, encoding="utf-8")
        except OSError as exc:
            raise OutputError(
                f"{log_file}: cannot write the log file: {exc.strerror or exc}"
            ) from None
        fh.setFormatter(fmt)
        fh.setLevel(logging.DEBUG if verbose else logging.INFO)
        root.addHandler(fh)


@contextmanager
def handle_errors(interrupted: str = "nothing was written") -> Iterator[None]:
    """Turn domain errors into one line per problem and a documented exit code;
    Ctrl-C or SIGTERM into exit 130 and ``interrupted`` (what was left on disk)."""
    try:
        yield
    except AsmexError as exc:
        messages = exc.messages()
        for msg in messages:
            err.print(f"[bold red]error:[/] {escape(msg)}")
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        err.print(f"[bold red]interrupted:[/] {escape(interrupted)}")
        raise typer.Exit(EXIT_INTERRUPTED) from None
