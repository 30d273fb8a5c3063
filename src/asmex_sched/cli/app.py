"""``asmex-sched``: plan, check, template (and report, from :mod:`.report`)."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import sys
import threading
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperCommand, TyperGroup

from asmex_sched import __version__, interrupts, services
from asmex_sched.cli.common import (
    CLICK_ERROR,
    FILE_ONLY,
    err,
    handle_errors,
    interruption_said,
    log,
    log_option_error,
    number_in,
    option_hint,
    out,
    setup_logging,
)
from asmex_sched.errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_VIOLATIONS,
    InputError,
    InterruptedAfterWriting,
)
from asmex_sched.services import SPEND_TOLERANCE, SolveOptions
from asmex_sched.services import Progress as SolveProgress


class _AsDocumented:
    """Help written as the docs write the command line (a tester from a fresh
    checkout): typer (0.2x) gave every parameter its type, a flag too (``--fresh
    <bool>``: ``--fresh true`` typed was refused, "Got unexpected extra argument(s)"),
    and named arguments by their parameter (``roster``, ``{roster}`` in the usage line)
    where the docs write ``ROSTER``. A flag shows no value; an argument is named in
    capitals (its errors too: "Missing argument 'ROSTER'"). A list option names its
    value where it is declared (``metavar``)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if param.metavar is not None:
                continue
            if param.param_type_name == "argument":
                param.metavar = (param.name or "").upper()
            elif getattr(param, "is_flag", False):
                param.metavar = ""  # the help's type column: empty
        return params


class Command(_AsDocumented, TyperCommand):
    """A command: its help as documented (:class:`_AsDocumented`), the usage line too
    (``plan [OPTIONS] ROSTER``, not ``{roster}``)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name != "argument":
                pieces.extend(param.get_usage_pieces(ctx))
                continue
            name = param.metavar + ("..." if param.nargs != 1 else "")
            pieces.append(name if param.required else f"[{name}]")
        return pieces


class _Commands(_AsDocumented, TyperGroup):
    """The commands, their option errors in ``--log-file`` too (:func:`log_option_error`):
    ``ASMEX_WAIT=10m``, ``ASMEX_TIME_LIMIT=0`` or ``--time-limt 15`` in a cron line
    stopped every run with exit 2, and the log said nothing (a cron operator's
    tester). Parsed here: the command line as given, the group's options and the
    command's name (``make_context``), then the command's options (``invoke``)."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: Any = None,
        **extra: Any,
    ) -> Any:
        given = list(args)  # (click consumes the list it parses)
        try:
            ctx = super().make_context(info_name, args, parent, **extra)
        except CLICK_ERROR as exc:
            log_option_error(given, exc)
            raise
        ctx.meta["asmex_sched.args"] = given
        return ctx

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CLICK_ERROR as exc:
            _named_as_given(exc)
            log_option_error(ctx.meta.get("asmex_sched.args", []), exc)
            raise


def _named_as_given(exc: Any) -> None:
    """An option's error (``--spend-tolerance zz``, ``--jobs x``) naming its environment
    variable only when the value came from it: typer names it whatever the source
    (``--time-limit abc`` typed, the variable never set; a tester from a fresh
    checkout)."""
    param, ctx = getattr(exc, "param", None), getattr(exc, "ctx", None)
    if getattr(exc, "param_hint", "") is None and getattr(param, "envvar", None) and ctx:
        exc.param_hint = option_hint(ctx, param)


app = typer.Typer(
    name="asmex-sched",
    cls=_Commands,
    help="Plan the BtoB meetings of a trade mission: roster in, optimal agenda out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: ``plan --spend-tolerance``: when fairness may spend ``--value-tolerance``; the
#: values :class:`SolveOptions` takes (``SPEND_TOLERANCE``), each its own name.
SpendTolerance = Enum("SpendTolerance", {v: v for v in SPEND_TOLERANCE}, type=str)
_SPEND_DEFAULT = SpendTolerance(SolveOptions.spend_tolerance)


Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging on stderr.")]
LogFile = Annotated[
    Path | None,
    typer.Option("--log-file", help="Also append log lines to this file.", readable=False),
]


#: What the live view calls each step of the solve (rule ids as in docs/model.md).
#: What the live display says of each stage (services.plan's and the solve's). Each
#: step of a trade fair's re-plan taking more than a second or so says its own: the
#: display read "reading roster" through the agenda's reading and the pins, and the
#: last half-day slotted through the passes after it (a trade-fair tester).
STAGE_LABELS = {
    "agenda": "reading the agenda",
    "pins": "comparing the roster with the agenda (what stays where it was)",
    "greedy": "greedy plan (hint)",
    "local": "local searches on slots (fairness, buyers' half-days, value)",
    "repair": "placing what slotting left out, adding requests that fit",
    "restore": "announced meetings back to their times",
    "compact": "emptying buyers' thin half-days",
    "close": "closing buyers' idle slots",
    "refine": "re-slotting around buyers' idle slots",
    "earlier": "moving half-days and meetings earlier",
    "bounds": "bounds on fairness and value (any plan)",
    "checking": "checking the plan",
    "writing": "writing the agenda",
    "S1a": "S1a fairness, worst-off exporter",
    "S1b": "S1b fairness, exporters above it",
    "S2": "S2 value",
    "S3": "S3 changes to the published agenda",
    "S4": "S4 buyers' half-days",
}


def _version(value: bool) -> None:
    if value:
        # a signal recorded while starting: no command runs to act on it (said as an
        # interruption by main, as one while typer parses the command line)
        interrupts.stop_if_received()
        out.print(f"asmex-sched {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Plan the BtoB meetings of a trade mission. Exit codes: see the README."""


#: ``--time-limit``'s range, seconds: at least 1 (a budget below it plans nothing
#: useful), at most 24 hours (a coordinator's longest need: overnight). ``inf`` and
#: ``1e9`` were taken, a run that never ends (an operations QA tester).
TIME_LIMIT_MIN = 1.0
TIME_LIMIT_MAX = 24 * 3600.0


#: ``--time-limit``'s check: ``abc`` is said as ``inf`` is (a tester from a fresh
#: checkout), the environment variable named only when the value came from it
#: (``--time-limit 0`` typed was said as "(env var: 'ASMEX_TIME_LIMIT')"; an operations
#: QA tester).
_time_limit = number_in(
    TIME_LIMIT_MIN,
    TIME_LIMIT_MAX,
    f"a number of seconds from {TIME_LIMIT_MIN:g} to {TIME_LIMIT_MAX:g} (24 hours)",
)
#: ``--wait``'s, plan's and report's: ``ASMEX_WAIT=10m`` said as "Input should be a valid
#: number" (a tester from a fresh checkout)
WAIT_SECONDS = number_in(0, None, "a number of seconds, 0 or more")


#: The years ``--now`` takes: 9999-12-31T23:59 plus the notice period was past the
#: last date Python has, a traceback and exit 70 (a fuzzer).
_NOW_YEARS = range(1900, 9000)


def parse_now(value: str | None) -> datetime | None:
    moment = _read_now(value)
    if moment is not None and moment.year not in _NOW_YEARS:
        raise InputError(
            f"--now: {value!r} is out of range: a year from {_NOW_YEARS.start} to "
            f"{_NOW_YEARS.stop - 1} is expected"
        )
    return moment


def _read_now(value: str | None) -> datetime | None:
    if value is None:
        return None
    # Day first, as the roster and the agenda take dates (a fresh coordinator's test).
    # A time as the roster's cells take it too: 9h, 9h30, 09:30:00; a date alone is its
    # midnight, day first too (01/02/2027 was refused; a French-locale tester).
    # An offset after the time, as ISO has it (day first was refused with one, though
    # the README says an offset is taken; a tester).
    local = re.fullmatch(
        r"\s*(?:(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{4})-(\d{1,2})-(\d{1,2}))"
        # 'à'/'at' between them too: '11/11/2025 à 20h' was refused (a second reader)
        r"(?:(?:\s+(?:à|a|at)\s+|[ T]+)" + _CLOCK + r")?\s*",
        value,
        re.IGNORECASE,
    )
    # The roster's long date, its month or weekday by name, then a time or not
    # ('mardi 11 novembre 2025 20h00', 'le 11/11/2025 à 20h'), read by the roster's date
    # reader: refused, though the roster took that date (a French-speaking
    # coordinator's tester).
    in_words = re.fullmatch(
        r"\s*(.*?[^\W\d_].*?)(?:[\s,]+(?:(?:à|a|at)\s+)?" + _CLOCK + r")?\s*",
        value,
        re.IGNORECASE,
    )
    why = ""
    try:
        if local:
            *numbers, half, offset = local.groups()
            d, m, y, iy, im, iday, hh, mm, ss = (int(x) if x else None for x in numbers)
            if y is None:
                y, m, d = iy, im, iday
            if half:
                hh = _hour(hh or 0, half)
            moment = datetime(y, m, d, hh or 0, mm or 0, ss or 0)  # type: ignore[arg-type]
            return _offset(moment, offset)
        if in_words and not re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}T.*", value):
            typed, *clock, half, offset = in_words.groups()
            try:
                day = services.typed_day(typed)
            except ValueError as exc:
                why = f" ({_after_the_date(value) or exc})"
                raise
            hh, mm, ss = (int(x) if x else 0 for x in clock)
            if half:
                hh = _hour(hh, half)
            return _offset(datetime(day.year, day.month, day.day, hh, mm, ss), offset)
        if re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*[+-].*", value):
            # a date alone with an offset: ISO reads '2026-03-29+02:00' as 02:00 (a reader)
            raise ValueError("an offset is given after a time")
        # Naive: mission-local time; with an offset (Z, +03:00): converted by services.
        return datetime.fromisoformat(value)
    except ValueError as exc:
        if isinstance(exc, _HalfDay):
            why = f" ({exc})"
        raise InputError(
            f"--now: expected a date and time like 2025-11-11T08:00 or 11/11/2025 08:00 "
            f"(or a date as the roster takes it: mardi 11 novembre 2025 08h00; in mission "
            f"time, or with an offset after the time: Z, +01:00), got {value!r}{why}"
        ) from None


#: The time of ``--now``, and an offset after it: 9, 9h, 9h30, 09:30:15, 9 h 30, Z,
#: +03:00; the 12-hour clock too, ``8:00 PM``, ``8pm``, ``8.30 p.m.``, and a dot
#: between hours and minutes, ``20.30``, as the roster's cells take them
#: (docs/roster.md): '11/11/2025 8:00 PM' was refused with a date cell's advice (a
#: re-check tester).
_CLOCK = (
    r"(\d{1,2})(?:(?:\s*[:hH]\s*|\.(?=\d{2}))(?:(\d{2})(?::(\d{2}))?)?)?"
    r"(?:\s*([AaPp])\.?\s*[Mm]\.?)?"
    r"(?:\s*([Zz]|[+-]\d{2}(?::?\d{2})?))?"
)


class _HalfDay(ValueError):
    """An hour the 12-hour clock has not (``13:00 PM``): said in the refusal."""


def _hour(hour: int, half: str) -> int:
    """``hour`` of the 12-hour clock, before noon (``half`` ``a``) or after (``p``), on
    the 24-hour clock: ``12 AM`` is midnight, ``12 PM`` noon, as the roster reads it."""
    if not 1 <= hour <= 12:
        raise _HalfDay("on the 12-hour clock the hour is 1 to 12")
    return hour % 12 + (12 if half in "Pp" else 0)


def _after_the_date(value: str) -> str:
    """Why ``value`` did not read when a date opens it and what follows is no time --now
    takes, or ``""``: the roster's date reader said a date cell holds no time, advice
    for a spreadsheet cell that --now was given (a re-check tester)."""
    words = re.split(r"\s+|(?<=\d)T(?=\d)", value.strip())  # 11/11/2025T20:00 too
    for end in range(len(words) - 1, 0, -1):
        try:
            services.typed_day(" ".join(words[:end]))
        except ValueError:
            continue
        return f"{' '.join(words[end:])!r} after the date is not a time (e.g. 20:00, 20h, 8:00 PM)"
    return ""


def _offset(moment: datetime, offset: str | None) -> datetime:
    """``moment`` with the UTC offset typed after it (none: mission time)."""
    if offset is None:
        return moment
    if offset in "Zz":
        return moment.replace(tzinfo=UTC)
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    shift = timedelta(hours=hours, minutes=minutes)
    if minutes > 59 or shift > timedelta(hours=14 if offset[0] == "+" else 12):
        raise ValueError(f"no UTC offset is {offset}")  # +05:60, +14:30 (readers)
    return moment.replace(tzinfo=timezone(shift if offset[0] == "+" else -shift))


@app.command(cls=Command)
def plan(
    # readable=False everywhere: an unreadable file is said by the product (naming it and
    # the reason, in --log-file too), not refused by typer's box (an IT tester)
    roster: Annotated[
        Path, typer.Argument(help="Roster: .xlsx workbook or folder of .csv files.", readable=False)
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Agenda workbook to write.", readable=False,
            # as typed: a Path drops the '/' of 'agenda.xlsx/' (services.plan refuses it)
            parser=str, metavar="<path>",
        ),
    ] = Path("agenda.xlsx"),
    time_limit: Annotated[
        float,
        typer.Option(
            "--time-limit",
            envvar="ASMEX_TIME_LIMIT",
            parser=str,  # read by the callback: any value refused as 0 is
            callback=_time_limit,
            metavar="<seconds>",
            help=(
                "Solver budget, seconds, from 1 to 86400 (24 hours) (reading, building the "
                "models, local searches and checks come on top: a run takes longer)."
            ),
        ),
    ] = 60.0,
    value_tolerance: Annotated[
        float,
        typer.Option(
            "--value-tolerance",
            envvar="ASMEX_VALUE_TOLERANCE",
            parser=str,
            callback=number_in(0, 1, "a number from 0 to 1 (0.01 = 1 %)"),
            metavar="<share>",
            help=(
                "Share of the weighted value that fairness may cost, from 0 to 1 "
                "(0.01 = 1 %): of the "
                "greedy plan's value, and of the best value possible as far as the greedy "
                "plan reaches it."
            ),
        ),
    ] = 0.01,
    spend_tolerance: Annotated[
        SpendTolerance,
        typer.Option(
            "--spend-tolerance",
            envvar="ASMEX_SPEND_TOLERANCE",
            help=(
                "When fairness may spend the value tolerance: when-needed, only where no "
                "plan holding the priority-first plan's whole value gives the least-served "
                "exporter twice its meetings (and more); always, wherever it lifts the "
                "least-served exporter."
            ),
        ),
    ] = _SPEND_DEFAULT,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Ignore an existing agenda (no baseline, no pins).")
    ] = False,
    now: Annotated[
        str | None,
        typer.Option(
            "--now",
            help="Current time in the mission timezone (freeze horizon; default: the "
            "clock's); an offset (Z, +01:00) is converted to it.",
        ),
    ] = None,
    wait: Annotated[
        float,
        typer.Option(
            "--wait", envvar="ASMEX_WAIT", parser=str, callback=WAIT_SECONDS,
            metavar="<seconds>", help="Seconds to wait for a lock.",
        ),
    ] = 0.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No live view, no table.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    verbose: Verbose = False,
    log_file: LogFile = None,
) -> None:
    """Plan (or re-plan) the mission: roster in, Excel agenda out.

    When the agenda already exists it is the published baseline: the new plan
    moves as few of its meetings as possible and never touches frozen or locked
    ones; if nothing changed, nothing is solved or written.
    """
    given, output = os.fspath(output), Path(output)  # (given: as typed, see -o)
    with handle_errors(log_exit=True):
        setup_logging(
            verbose, log_file, quiet,
            # the options that decide what the run does, as they were read (environment
            # included): the line showed the roster and the agenda alone (a docs auditor)
            # (quoted as a shell reads them: '--now 2025-11-11 10:00' was ambiguous; a
            # reader)
            started=shlex.join([
                "plan", str(roster), "-o", given, "--time-limit", f"{time_limit:g}",
                "--value-tolerance", f"{value_tolerance:g}",
                *(["--spend-tolerance", spend_tolerance.value]
                  if spend_tolerance != _SPEND_DEFAULT else []),
                *(["--fresh"] if fresh else []),
                *(["--now", now] if now else []), *(["--wait", f"{wait:g}"] if wait else []),
            ]) + f" (asmex-sched {__version__})",  # fmt: skip
            files=(roster, output),
            tabled=not as_json,
        )  # fmt: skip
        options = SolveOptions(
            time_limit=time_limit, value_tolerance=value_tolerance,
            spend_tolerance=spend_tolerance.value,
        )  # fmt: skip
        live = not quiet and not as_json and err.is_terminal
        progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not live,
        )
        lock = threading.Lock()
        # A signal landing once services.plan has returned the new agenda (its table
        # being printed) said "nothing was written" (an IT tester); one as its lock is
        # released is told so by services.plan itself. Not from the file's identity: a
        # run waiting for the lock saw another run's agenda as its own (a reader).
        result: services.PlanOutcome | None = None
        try:
            with progress:
                task = progress.add_task("reading roster", total=time_limit)

                def on_progress(p: SolveProgress) -> None:
                    text = STAGE_LABELS.get(p.stage, p.stage)
                    if p.objective is not None:
                        gap = ""
                        if p.bound is not None and p.bound != 0:
                            off = abs(p.bound - p.objective) / max(1, abs(p.objective))
                            gap = f", gap {off:.1%}"
                        text += f": best {p.objective:g}, bound {p.bound:g}{gap}"
                        if p.detail:
                            text += f" ({p.detail})"
                    with lock:
                        if p.elapsed < time_limit:
                            progress.update(task, description=text, completed=p.elapsed)
                        else:
                            # past the budget (checking and writing): no end to show,
                            # and a bar filled up stopped its clock for the 10 s a trade
                            # fair's agenda takes (a trade-fair tester)
                            progress.update(task, description=text, total=None)

                result = services.plan(
                    roster,
                    given,
                    options,
                    fresh=fresh,
                    now=parse_now(now),
                    wait=wait,
                    on_progress=on_progress,
                    before_write=stop_if_terminated,
                )
            # a signal lost in a finalizer on the way (nothing to do: exit 0, with a
            # traceback; an IT tester)
            stop_if_terminated()
            _say_plan(result, output, as_json=as_json, quiet=quiet, verbose=verbose)
            # Said: its exit code is the run's, and the log's "exit 0" the last word. A
            # SIGTERM from here on is ignored; one before it is told below, the agenda
            # written or not (one after "exit 0" was logged gave exit 130 saying "while
            # starting or finishing"; a cron operator's tester).
            interrupts.finishing()
        except KeyboardInterrupt as exc:
            if not isinstance(exc, InterruptedAfterWriting) and result and result.written:
                raise InterruptedAfterWriting(
                    services.written_note(output, result.history)
                ) from None
            raise


def _say_plan(
    result: services.PlanOutcome, output: Path, *, as_json: bool, quiet: bool, verbose: bool
) -> None:
    """What ``plan`` prints of its outcome: the JSON line, nothing (``--quiet``), the
    "nothing to do" line or the table."""
    if as_json:
        payload = dict(result.summary)
        if not result.written:  # the agenda's figures; this run changed nothing
            payload = services.typed_summary(payload) | {"changes": 0, "changes_cost": 0}
        payload["written"] = result.written
        payload["output"] = str(result.output)
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, default=str) + "\n")
        return
    if quiet:
        return
    if not result.written:
        n = result.warnings_held
        out.print(
            f"{output}: roster and options unchanged, nothing to do."
            + (f" The roster's {n} warning(s) are given when it plans, not repeated "
               f"now: {'shown above as DEBUG lines' if verbose else '-v shows them'}."
               if n else "")
        )  # fmt: skip
        return
    _print_plan(result)


#: The Summary's ``status`` as the table says it: "feasible" alone is solver talk.
_STATUS_TEXT = {
    "optimal": "optimal (every tier proven the best possible)",
    "feasible": "feasible (a valid plan; not every tier proven the best possible)",
}


def _print_plan(result: services.PlanOutcome) -> None:
    s = result.summary
    table = Table(title=f"Agenda written to {result.output}", show_header=False)
    table.add_column("", style="bold")
    table.add_column("", overflow="fold")  # a path whole, not cut with "…" (a reader)
    gap = s.get("gap")
    horizon = services.summary_horizon(s)
    nothing_left = (
        horizon is not None
        and result.instance is not None
        and services.nothing_left_to_plan(result.instance, horizon)
    )
    fair = s.get("value_bound_fair_plans")
    # None when CP-SAT did not solve the S2 tier (trade-fair sizes, or no time left), or
    # when a tier above it changed after stage 1 (S1a, or S3 when re-planning: "not
    # solved" was said of a solved tier, a reader); a bound of 0 is a bound.
    fair_text = (
        "no bound: the value tier was not solved, or a tier above it changed after it"
        if fair is None or fair == ""
        else f"at most {fair}"
    )
    rows = [
        (
            "meetings held",
            f"{s['meetings']} of {s['requests']} requests ({s['share_of_requests']:.0%})",
        ),
        (
            "worst-off exporter",
            # The horizon past the last slot: as check says it (plan read "every exporter
            # holds all its requests allow, from <after the mission> on"; a cron week's
            # tester).
            f"nothing is left to plan (the re-planning horizon, {horizon:%Y-%m-%d %H:%M}, "
            "is past the mission's last slot)"
            if nothing_left
            # Every exporter at what its requests allow (the least served holds all it
            # may): the level is then the largest cap, and read as false ("at least 23"
            # where most held fewer; a tester).
            else _level_text(
                s["worst_off_exporter"], str(s["least_served_exporter"]),
                # A re-plan counts what can still be given after the horizon: the
                # figure moved between cron runs with nothing said (a cron week's tester).
                horizon,
            ),
        ),
        *_level_bound_row(s, nothing_left),
        *_fewest_row(result),
        *(
            [("plan", "the published meetings kept, not re-solved: only contacts, the "
              "mission's name, place or country, or reasons changed")]
            if s.get("fallback") == services.DETAILS_ONLY
            else [("plan", "the published meetings kept, not re-solved: the agenda was "
                   "written by an older version, the roster and options unchanged")]
            if s.get("fallback") == services.OLDER_VERSION_ONLY
            else [("plan", "the published meetings kept, not re-solved: the agenda's Mission "
                   "sheet was edited by hand, the roster and options unchanged: the "
                   "roster's Mission written back")]
            if s.get("fallback") == services.MISSION_SHEET_ONLY
            # The greedy plan returned: said only in the Summary's fallback, a 100-company
            # tester's agenda was the platforms' own plan without a word here.
            else [("plan", (
                       "the priority-first plan itself (as matchmaking platforms plan)"
                       if s.get("priority_first_meetings") not in (None, "")
                       # a re-plan's: the agenda sent, completed by priority (a reader)
                       else "the published agenda completed by priority (each request "
                       "at its first free slot), as matchmaking platforms would"
                   ) + ": the solver's plan " + (
                       "broke a floor" if "broke a floor" in str(s["fallback"])
                       else "was behind it in the objective's order")
                   + " (the Summary's fallback)")]
            if str(s.get("fallback") or "").startswith("greedy plan")
            else []
        ),
        (
            "weighted value",
            f"{s['weighted_value']} (any plan: at most {s['value_bound']}; "
            f"plans as fair: {fair_text})",
        ),
        ("gap to the bound on any plan's value", "-" if gap is None else f"{float(gap):.2%}"),
        *_priority_first_row(s),
        ("buyers' half-days / idle slots", f"{s['buyer_half_days']} / {s['buyer_idle_slots']}"),
        ("status", _STATUS_TEXT.get(str(s["status"]), str(s["status"]))),
        # the solver's: a trade-fair organiser read 70.66 s beside a run of 96 s (reading
        # the roster, checking and writing the agenda besides; a tester)
        # above --time-limit 1 at 3.25 s, read as a limit not kept (a reader): that is
        # the solvers' deterministic work (model.solve.SolveOptions); the models'
        # building and local searches count here too
        ("solve time", f"{s['solve_seconds']} s (building, solving and improving the plan; "
         "--time-limit counts the solvers' work, near seconds on a fast machine; reading "
         "and writing besides)"),
    ]
    if result.history is not None:
        rows.append(("changes", _changes_text(result)))
        rows.append(("previous agenda kept", str(result.history)))
    for k, v in rows:
        table.add_row(k, v)
    out.print(table)
    # The budget warnings are logged by services.plan (they reach --quiet's stderr and
    # --log-file too).


def _level_bound_row(s: Mapping[str, object], nothing_left: bool) -> list[tuple[str, str]]:
    """How far the worst-off level could go (:func:`services.level_bound_text`): the
    table gave the value's gap and nothing of the level's, which only the Summary sheet
    held (trade fair seed 11 read a level of 15, not the 16 and 17 above it; session 59).
    Left out where nothing is left to plan."""
    text = None if nothing_left else services.level_bound_text(s)
    return [] if text is None else [("worst-off level's bound", text)]


def _priority_first_row(s: Mapping[str, object]) -> list[tuple[str, str]]:
    """The priority-first plan's figures beside the plan's (Summary ``priority_first_*``):
    for a plan without a previous agenda only (one with it is measured against the
    agenda sent). Its level is worded as the plan's is (:func:`_level_text`: a level
    of 0, or every exporter served, read falsely in the plain form)."""
    if s.get("priority_first_meetings") in (None, ""):
        return []
    floor = s.get("value_floor")
    # Said from the figures: a floor at the priority-first plan's whole value owes
    # nothing to the tolerance, whether the tier solves kept it (``value_tolerance_spent``
    # false) or the bound on any plan's value raised it there (not said): "holds at
    # least 978: --value-tolerance" beside a priority-first value of 978 (a 3-day
    # mission's tester).
    try:
        whole = int(str(floor)) >= int(str(s.get("priority_first_weighted_value")))
    except ValueError:  # empty, or a cell edited by hand
        whole = s.get("value_tolerance_spent") is False
    return [(
        "priority-first plan",
        "the same roster planned as matchmaking platforms do (by priority, a request both "
        "sides made first, each at its first free slot): "
        f"{s['priority_first_meetings']} meetings, weighted value "
        f"{s['priority_first_weighted_value']}"
        # The trade-fair path keeps the priority-first plan's whole value whatever the
        # tolerance: its value_floor (1 % below) read "holds at least 58464:
        # --value-tolerance" beside a promise of 59054 (trade fair seed 11, session 59).
        + (" (this plan holds at least its whole value: the trade-fair-size path keeps "
           "it whatever --value-tolerance)"
           if s.get("stage1_pipeline") == services.TRADE_FAIR_PIPELINE
           else f" (this plan holds at least {floor}: "
           + ("its whole value, the tolerance not needed" if whole else "--value-tolerance")
           + ")"
           if floor not in (None, "") else "")
        + "; " + _level_text(
            s["priority_first_worst_off"], str(s.get("priority_first_least_served") or "")
        ),
    )]  # fmt: skip


def _level_text(level: object, least: str, horizon: datetime | None = None) -> str:
    """The worst-off level as it reads: "every exporter holds at least 10 meetings, or all
    its requests allow (lowest share of what it could hold: E4: 7 of 9 possible)". After
    a re-plan (``horizon``) the meetings are counted in all and what the requests allow
    given the slots left from the horizon on: ", from <horizon> on" read as meetings
    held from then on, the level 15 where an exporter held 8 after the horizon (a fresh
    coordinator's reader)."""
    given = f", given the slots left from {horizon:%Y-%m-%d %H:%M} on" if horizon else ""
    return (
        # Every exporter at what its requests allow (the least served holds all it
        # may): the level is then the largest cap, and read as false ("at least 23"
        # where most held fewer; a tester; check's "Worst-off exporter 10" beside two
        # exporters holding 7, another).
        (
            f"every exporter holds all its requests allow{given}"
            if services.all_served(least)
            # No exporter's requests allow a meeting (the one buyer away all mission,
            # interpreters 0 where every pair needs one): the least served is then
            # nobody, and the level of 0 read "though its requests allow some" (a
            # coordinator trying odd rosters).
            else f"no exporter's requests allow a meeting{given}"
            if not least
            # "at least 0 meetings" read as no level at all (a programme tester)
            else f"an exporter holds no meeting, though its requests allow some{given}"
            if str(level) == "0"
            else f"every exporter holds at least {level} meeting{'' if level == 1 else 's'}"
            f"{' in all' if horizon else ''}, or all its requests allow{given}"
        )
        # Said as the share it is: "(least served MA-350: 16 of 44 possible)" under a
        # level of 15 read as the exporter at the level (a trade-fair tester).
        # Of what it could hold (its requests, its max_meetings, the horizon), not of
        # its requests: the Exporters sheet's share of requests named another exporter
        # (a board's tester).
        + (f" (lowest share of what it could hold: {least})" if least else "")
    )


def _fewest_row(result: services.PlanOutcome) -> list[tuple[str, str]]:
    """After a re-plan, the fewest meetings an exporter holds, beside a worst-off level
    counted from the horizon (that level read as false mid-mission, above what most
    exporters hold: a cron week's tester; check says it too)."""
    if not result.summary.get("horizon") or result.result is None or result.instance is None:
        return []
    fewest = services.fewest_held(result.instance, result.result.schedule)
    return [] if fewest is None else [("fewest meetings", f"{fewest[0]} ({fewest[1]})")]


def _changes_text(result: services.PlanOutcome) -> str:
    when = result.summary.get("planned_at")
    moment = services.summary_planned_at(result.summary) if when else None
    n = services.change_counts(result.changes, moment, result.instance)
    held = n["already_held"]
    interpreters = f", {n['interpreter']} interpreter bookings changed" if n["interpreter"] else ""
    past = f"; {held} of these about meetings already held (not announced)" if held else ""
    return (
        f"{n['added']} added, {n['moved']} moved, {n['cancelled']} cancelled"
        f"{interpreters}{past} ({services.companies_affected(n['companies'])})"
    )


@app.command(cls=Command)
def check(
    roster: Annotated[
        Path, typer.Argument(help="The roster the agenda was planned from.", readable=False)
    ],
    agenda: Annotated[
        Path, typer.Argument(help="Agenda workbook, possibly edited by hand.", readable=False)
    ],
    verbose: Verbose = False,
) -> None:
    """Check an agenda against the rules it answers for (H1-H7), each violation with its id.

    Exit 0 when the agenda is valid, 1 when it breaks a rule, 2 on bad input.
    """
    setup_logging(verbose, None)
    with handle_errors():
        outcome = services.check(roster, agenda)
    for v in outcome.violations:
        out.print(f"{v.rule}: {v.message}", markup=False)
    if outcome.violations:
        err.print(f"[bold red]{len(outcome.violations)} violation(s)[/] in {agenda}")
        raise typer.Exit(EXIT_VIOLATIONS)
    sc = outcome.score
    # After a re-plan the level counts what could still be planned from its horizon: at
    # the mission's end it read 9 where exporters held 2 to 9 meetings (a cron week's
    # tester). The record beside it.
    fewest = (
        f", fewest meetings of an exporter {outcome.fewest[0]} ({outcome.fewest[1]})"
        if outcome.fewest is not None and outcome.horizon is not None
        else ""
    )
    # The horizon past the last slot: nothing left to plan, and a level of what can
    # still change means nothing (it read "worst-off 9 (counted from <after the
    # mission>)"), though the last meetings may still be ahead (not "the mission is
    # over" on the last morning; second readers).
    level = (
        f"Nothing is left to plan (the re-planning horizon, "
        f"{outcome.horizon:%Y-%m-%d %H:%M}, is past the mission's last slot){fewest}"
        if outcome.over and outcome.horizon is not None
        else f"Worst-off exporter: {_level_text(sc.worst_off, outcome.least, outcome.horizon)}"
        f"{fewest}"
    )
    out.print(
        f"{agenda}: {outcome.meetings} meetings, no violation. {level}, weighted value "
        f"{sc.value}, buyers' half-days {sc.buyer_half_days}, idle slots {sc.buyer_gaps}.",
        markup=False,
    )


@app.command(cls=Command)
def template(
    path: Annotated[
        Path, typer.Argument(help="Where to write the empty roster (.xlsx).", readable=False)
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write an empty roster workbook with instructions and drop-downs."""
    # (without it, the log-file copy of each error reached stderr too: printed twice)
    setup_logging(False, None)
    with handle_errors():
        services.template(path, force=force)
    out.print(f"Empty roster written to {path}", markup=False)


def stop_if_terminated() -> None:
    """Raised in a finalizer (``ZipFile.__del__``), the SIGTERM's KeyboardInterrupt is
    printed as "ignored" and lost, and the run went on to write the agenda and exit 0
    (a second reader): checked again just before writing (:mod:`asmex_sched.interrupts`
    remembers it)."""
    interrupts.stop_if_received()


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """A signal's KeyboardInterrupt raised in a finalizer is not printed as "Exception
    ignored in ZipFile.__del__" with its traceback (an IT tester): it is remembered in
    :data:`asmex_sched.interrupts.received`, and the command stops at its next check
    (:func:`stop_if_terminated`)."""
    if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
        return
    sys.__unraisablehook__(unraisable)


def _said_outside() -> None:
    """An interruption before a command's work began or once it was done: every file
    is written whole, so there is nothing half-done to tell of."""
    err.print("[bold red]interrupted:[/] while starting or finishing; no file is half-written")
    log.error("interrupted while starting or finishing (exit %d)", EXIT_INTERRUPTED,
              extra=FILE_ONLY)  # fmt: skip


def _finishing() -> None:
    """The run's outcome decided, said and logged (``exit 0`` in ``--log-file``): a
    Ctrl-C or SIGTERM while the interpreter shuts down is ignored. Its end takes about
    0.3 s (the log's files closed, the modules let go), and a Ctrl-C then ended a plan
    that had written its agenda and logged ``exit 0`` with exit 130 and not a word (an
    IT tester's `timeout -s INT`)."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)


def main() -> None:
    """Console-script entry point."""
    sys.unraisablehook = _unraisable
    # recorded until the command's own code runs (setup_logging), raised from there on
    interrupts.install()
    try:
        app()
    except SystemExit as exc:
        if exc.code == EXIT_INTERRUPTED and not interruption_said:
            # typer turns an interruption outside a command's own handling (parsing
            # the command line) into exit 130 without a word (a reader)
            _said_outside()
        _finishing()
        raise exc
    except KeyboardInterrupt:
        # Typer building the commands: a 40-line traceback (an IT tester).
        _said_outside()
        sys.exit(EXIT_INTERRUPTED)
    except Exception:  # pragma: no cover - a bug: say so without a raw traceback
        import traceback

        err.print("[bold red]internal error[/] (a bug, please report it with the log below):")
        err.print(traceback.format_exc(), markup=False)
        # and into --log-file, which the README says to report it with (an
        # adversarial reader: the log held the run's first line alone)
        log.error("internal error (a bug):\n%s", traceback.format_exc(), extra=FILE_ONLY)
        log.info("exit %d", EXIT_INTERNAL, extra=FILE_ONLY)
        sys.exit(EXIT_INTERNAL)


# Registers the report command. Imported last, after everything cli.report takes from
# this module, and never in a try: an ImportError swallowed there made `report` vanish
# ("No such command") when an import of cli.report broke (session 40).
from asmex_sched.cli import report as _report  # noqa: E402, F401
