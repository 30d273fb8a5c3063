"""Shared pieces of the CLI: consoles, logging set-up, error handling."""

from __future__ import annotations

import logging
import math
import shlex
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from asmex_sched import interrupts, services
from asmex_sched.errors import (
    EXIT_INTERRUPTED,
    AsmexError,
    InterruptedAfterWriting,
    OutputError,
)

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


log = logging.getLogger("asmex_sched")

#: ``extra`` of a log record meant for ``--log-file`` alone: what the CLI prints on
#: stderr itself (errors, "interrupted"), and each run's first line.
FILE_ONLY = {"file_only": True}


def readable(text: str) -> str:
    """``text`` with a path's bytes that the locale cannot decode (``\\udcc3\\udca9``
    for "é" under ``LC_ALL=POSIX``) read as UTF-8, anything else replaced: such a
    path was printed as surrogates, and broke the UTF-8 log file (an operations
    tester)."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate no byte stands for
        return text.encode("utf-8", "replace").decode("utf-8")


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is now (test runners swap it); records marked
    :data:`FILE_ONLY` are left to the log file, and with ``tabled`` those a command's
    table or line on stdout says (``summary_line``: the changes line, a warning for
    cron's mail, printed twice on a terminal, a reader; "nothing to do", with ``-v``, a
    cron week's tester)."""

    tabled = False

    def format(self, record: logging.LogRecord) -> str:
        return readable(super().format(record))

    def filter(self, record: logging.LogRecord) -> bool:  # type: ignore[override]
        if self.tabled and getattr(record, "summary_line", False):
            return False
        return not getattr(record, "file_only", False) and bool(super().filter(record))

    @property  # type: ignore[override]
    def stream(self):  # noqa: ANN201
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # noqa: ANN001
        pass


class _LogFileHandler(logging.FileHandler):
    """``--log-file``: a line it cannot write (disk full) is said once on stderr, not
    as a traceback per log line ("--- Logging error ---", a dozen of them; an IT
    tester); the run goes on."""

    told = False

    def format(self, record: logging.LogRecord) -> str:
        return readable(super().format(record))

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's)
        if not self.told:
            self.told = True
            reason = sys.exc_info()[1]
            sys.stderr.write(
                f"asmex-sched: {self.baseFilename}: cannot write the log file: "
                f"{getattr(reason, 'strerror', None) or reason}; the run goes on\n"
            )


def _on_terminal() -> bool:
    """Whether stderr and stdout are both a terminal: a person reads the two as one."""
    return sys.stderr.isatty() and sys.stdout.isatty()


def setup_logging(
    verbose: bool,
    log_file: Path | None,
    quiet: bool = False,
    started: str = "",
    files: tuple[Path | None, ...] = (),
    tabled: bool = True,
) -> None:
    """Plain, cron-friendly log lines on stderr: INFO when not on a terminal, but
    only warnings and errors with ``quiet`` (cron mails whatever a job prints); on a
    terminal (stdout and stderr both), without the lines the command's stdout says
    itself, its table or "nothing to do" (:class:`_StderrHandler`; ``tabled`` false:
    ``--json`` prints neither);
    ``log_file`` gets INFO (DEBUG with ``verbose``) either way, with ``started`` as
    the run's first line (a run killed outright left no trace in it; an office's IT
    tester), and the errors the CLI prints (:func:`handle_errors`). Times carry
    their UTC offset: runs from a terminal and from cron in other time zones
    alternated 23:40 and 04:40 in one file. ``log_file`` may not be one of ``files``
    (the run's roster and agendas). Each line of ``log_file`` names the run's process
    (``asmex-sched[12345]:``): the lines of overlapping cron runs were told apart by
    the first alone (a cron operator's tester). The command's own code runs from here
    (:func:`asmex_sched.interrupts.command_started`): a signal received while starting
    stops it now, logged."""
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
        "%(asctime)s %(levelname)s asmex-sched: %(message)s", "%Y-%m-%dT%H:%M:%S%z"
    )
    in_file = logging.Formatter(
        "%(asctime)s %(levelname)s asmex-sched[%(process)d]: %(message)s",
        "%Y-%m-%dT%H:%M:%S%z",
    )
    handler = _StderrHandler()
    # With -v too: its DEBUG lines add detail, these would only say it again ("nothing
    # to do" on stderr, then on stdout; a cron week's tester). A stdout sent elsewhere
    # (plan > out.txt) leaves them to stderr.
    handler.tabled = tabled and not quiet and _on_terminal()
    handler.setFormatter(fmt)
    handler.setLevel(level)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    if log_file is not None:
        # Its folder made and checked as -o's is (a missing logs/ stopped the run with
        # exit 73; a file in its place read "File exists").
        services.log_folder(Path(log_file), files)
        try:
            fh = _LogFileHandler(log_file, encoding="utf-8")
        except OSError as exc:
            raise OutputError(
                f"{log_file}: cannot write the log file: {exc.strerror or exc}"
            ) from None
        fh.setFormatter(in_file)
        fh.setLevel(logging.DEBUG if verbose else logging.INFO)
        root.addHandler(fh)
        if started:
            log.info("%s", started, extra=FILE_ONLY)
    interrupts.command_started()


#: Click's error in a command line (``ClickException``: typer's ``BadParameter`` is one),
#: where typer takes click from: the click package, or its own copy (typer 0.2x).
CLICK_ERROR: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)


def option_hint(ctx: Any, param: Any) -> str:
    """How an error names an option: ``'--wait'``, with its environment variable only
    when the value came from it. Typer names the variable whatever the value's source:
    ``--time-limit abc`` typed was said as "(env var: 'ASMEX_TIME_LIMIT')", never set
    (a tester from a fresh checkout; an operations QA tester for 0)."""
    hint = " / ".join(f"'{o}'" for o in param.opts)
    source = ctx.get_parameter_source(param.name or "")
    if getattr(source, "name", None) == "ENVIRONMENT" and param.envvar:
        hint += f" (env var: '{param.envvar}')"
    return hint


def number_in(
    low: float, high: float | None, expected: str
) -> Callable[[typer.Context, typer.CallbackParam, str], float]:
    """A callback reading a numeric option (given ``parser=str``): a number from ``low``
    to ``high`` (no bound when None), else refused as "VALUE is not ``expected``."
    (exit 2). Typer's own check said "Input should be a valid number, unable to parse
    string as a number" for ``abc``, where ``inf`` got the clear message, and named the
    environment variable though it was never set (a tester from a fresh checkout)."""

    def check(ctx: typer.Context, param: typer.CallbackParam, value: str) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if math.isfinite(number) and low <= number and (high is None or number <= high):
            return number
        raise typer.BadParameter(
            f"{value if value.strip() else repr(value)} is not {expected}.",
            ctx=ctx, param=param,
            param_hint=option_hint(ctx, param),
        )  # fmt: skip

    return check


def log_option_error(args: Sequence[str], exc: Any) -> None:
    """An error in the command line (a misspelt option, a bad value, from the
    environment too: ``ASMEX_WAIT=10m``) into the ``--log-file`` that ``args`` name, as
    a run's: its first line (the command line as given), the error and ``exit 2``.
    Click prints it on stderr (its box); nothing is logged without ``--log-file``, nor
    when the log file cannot be used (said on stderr by the run that uses it)."""
    log_file, at = None, -1
    for i, arg in enumerate(args):
        if arg == "--log-file" and i + 1 < len(args):
            log_file, at = args[i + 1], i + 1
        elif arg.startswith("--log-file="):
            log_file, at = arg.split("=", 1)[1], i
    if not log_file:
        return
    from asmex_sched import __version__

    # the run's files as far as they can be told before parsing: a log naming one of
    # them is refused, as a run refuses it, rather than appended to the roster
    # (an option's value joined to it too, --output=ag.xlsx, -oag.xlsx: the log was
    # appended to the agenda; a second reader)
    def value_of(arg: str) -> str:
        if arg.startswith("--"):
            return arg.split("=", 1)[1] if "=" in arg else ""
        return arg[2:] if arg.startswith("-") else arg

    files = tuple(
        Path(v) for i, a in enumerate(args) if i != at and (v := value_of(a))
    )  # fmt: skip
    try:
        setup_logging(
            False, Path(log_file), quiet=True,
            started=shlex.join(args) + f" (asmex-sched {__version__}; not run: the "
            "command line is in error)",
            files=files,
        )  # fmt: skip
    except (AsmexError, KeyboardInterrupt):
        return
    log.error("%s", exc.format_message(), extra=FILE_ONLY)
    interrupts.finishing()  # one exit code logged, never followed by 130 (a reader)
    log.info("exit %d", exc.exit_code, extra=FILE_ONLY)


#: Whether an interruption was said (:func:`handle_errors`): typer turns one outside
#: it (parsing the command line) into exit 130 without a word, which ``main`` says.
interruption_said: list[bool] = []


@contextmanager
def handle_errors(
    interrupted: str | Callable[[], str] = "nothing was written", *, log_exit: bool = False
) -> Iterator[None]:
    """Turn domain errors into one line per problem and a documented exit code;
    Ctrl-C or SIGTERM into exit 130 and ``interrupted`` (what was left on disk).
    ``log_exit``: the command's work ends here, and ``exit 0`` goes to ``--log-file``
    when nothing went wrong (the README promised the exit code, given for errors
    only; an IT tester's replay). Once the outcome is decided (an error, an
    interruption, or the work done with ``log_exit``), Ctrl-C and SIGTERM are ignored
    (:func:`asmex_sched.interrupts.finishing`): the exit code logged is the run's,
    never followed by another. ``interrupted`` may be a function saying it when asked
    (what is on disk by then)."""
    try:
        yield
        if log_exit:
            interrupts.finishing()
            log.info("exit 0", extra=FILE_ONLY)
    except AsmexError as exc:
        interrupts.finishing()
        messages = exc.messages()
        for msg in messages:
            err.print(f"[bold red]error:[/] {escape(msg)}")
            # and into --log-file: with MAILTO="" a roster typo stopped every cron
            # run (exit 2) without a word in the log (an office's IT tester)
            log.error("%s", msg, extra=FILE_ONLY)
        log.info("exit %d", exc.exit_code, extra=FILE_ONLY)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt as exc:
        interrupts.finishing()
        if isinstance(exc, InterruptedAfterWriting):
            interrupted = str(exc)
        elif callable(interrupted):
            interrupted = interrupted()
        err.print(f"[bold red]interrupted:[/] {escape(interrupted)}")
        log.error("interrupted: %s (exit %d)", interrupted, EXIT_INTERRUPTED, extra=FILE_ONLY)
        interruption_said.append(True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
