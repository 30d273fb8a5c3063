"""``asmex-sched report``: one agenda per company (xlsx, ics, pdf) from the agenda workbook.

A thin command: it parses options, calls
:func:`asmex_sched.services.report` and prints what was written.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from asmex_sched import __version__, services
from asmex_sched.cli.app import (
    WAIT_SECONDS,
    Command,
    LogFile,
    Verbose,
    app,
    parse_now,
    stop_if_terminated,
)
from asmex_sched.cli.common import FILE_ONLY, err, handle_errors, log, out, setup_logging
from asmex_sched.services import ReportOutcome

#: The progress line's label before the first file, and while they are written.
READING = "reading the agenda"
READING_CHANGED = "reading the agendas and comparing them"
WRITING = "writing agendas"


@app.command(cls=Command)
def report(
    agenda: Annotated[
        Path, typer.Argument(help="Agenda workbook written by 'plan'.", readable=False)
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Folder for the per-company files.", readable=False),
    ] = Path("agendas"),
    company: Annotated[
        list[str] | None,
        typer.Option(
            "--company", "-c", metavar="<id>", help="Only this company id (repeatable, or a,b)."
        ),
    ] = None,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format", "-f", metavar="<formats>",
            help="Comma-separated: xlsx, ics, pdf (default: xlsx,ics).",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="fr or en for every company (default: per company)."),
    ] = None,
    changed_since: Annotated[
        Path | None,
        typer.Option(
            "--changed-since",
            readable=False,  # said by the product, naming the file and the reason
            help="Previously published agenda: write only companies whose meetings changed.",
        ),
    ] = None,
    now: Annotated[
        str | None,
        typer.Option(
            "--now",
            help="Time of the mailing in the mission timezone (default: the clock's), "
            "for --changed-since's changes already past; an offset (Z, +01:00) is "
            "converted to it.",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes making the files (default: one per core when there is work "
            "for them: PDFs, or hundreds of companies).",
        ),
    ] = None,
    # plan's: two reports into one folder at once were not locked against each other
    # (an operations tester)
    wait: Annotated[
        float,
        typer.Option(
            "--wait", envvar="ASMEX_WAIT", parser=str, callback=WAIT_SECONDS,
            metavar="<seconds>", help="Seconds to wait for another report into the same folder.",
        ),
    ] = 0.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
    verbose: Verbose = False,
    log_file: LogFile = None,
) -> None:
    """Write each company's agenda in its language, a mail-merge index, an organisers' summary.

    Each company's files: xlsx and ics, and pdf on demand (--format)."""
    # (Its first line alone: `asmex-sched --help` broke the command's line where the
    # docstring's first paragraph did, mid-sentence; a tester.)
    # --log-file as plan's: a cron chain "plan && report --changed-since" kept no
    # record of which notices were written (an office's IT tester).
    with handle_errors():
        setup_logging(
            verbose, log_file, quiet,
            # with the options that decide what it writes (a docs auditor)
            started=shlex.join([
                "report", str(agenda), "-o", str(output),
                *(a for c in company or () for a in ("-c", c)),
                *(a for f in formats or () for a in ("--format", f)),
                *(["--lang", lang] if lang else []),
                *(["--changed-since", str(changed_since)] if changed_since else []),
                *(["--now", now] if now else []),
                *(["--jobs", str(jobs)] if jobs else []),
                *(["--wait", f"{wait:g}"] if wait else []),
            ]) + f" (asmex-sched {__version__})",  # fmt: skip
            files=(agenda, changed_since),
        )  # fmt: skip
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    )
    # Reading the agenda (and with --changed-since the one sent, and comparing them)
    # showed "writing agendas 0/?" for 22 s of a trade fair's (a trade-fair tester):
    # said as what it is until the first file (services.report's first call).
    task = progress.add_task(READING_CHANGED if changed_since else READING, total=None)

    # a SIGTERM raised in a finalizer (ZipFile.__del__) is lost: the report ran to its
    # end, exit 0 (an IT tester's `timeout`); checked after each company and at the end
    with handle_errors():
        moment = parse_now(now)

    # companies done, as services.report last said: none yet, the folder is still being
    # checked (nothing written)
    done_so_far: list[int] = []

    def on_progress(done: int, total: int) -> None:
        done_so_far.append(done)
        stop_if_terminated()
        progress.update(task, description=WRITING, completed=done, total=total)

    def interrupted() -> str:
        """What an interruption left: "the files already written are complete" was said
        of a report stopped before its first file, no file or folder made (a cron
        operator's tester)."""
        if not done_so_far:
            return "nothing was written"
        if not done_so_far[-1]:
            return (
                f"no company's file was written; an earlier run's index and summary in "
                f"{output}, if any, were removed (they would mix two runs): run the "
                "report again"
            )
        return (
            "the files already written are complete (each is written whole); "
            "run the report again for the rest"
        )

    with handle_errors(interrupted), progress:
        outcome = services.report(
            agenda,
            output,
            companies=[c for value in company or () for c in value.split(",")],
            formats=formats,
            lang=lang,
            changed_since=changed_since,
            on_progress=on_progress,
            now=moment,
            jobs=jobs,
            wait=wait,
        )
        stop_if_terminated()
        for w in outcome.warnings:  # into the log before its "exit 0"
            log.warning("%s", w, extra=FILE_ONLY)
    # the listing once the progress bar is gone: an interruption there was exit 130
    # without a word, and the log said "exit 0" (a reader)
    with handle_errors(
        "every file was written, the index and summary too; only this listing was cut short",
        log_exit=True,
    ):
        for w in outcome.warnings:  # [v2] kept
            err.print(f"[yellow]warning:[/] {escape(w)}", highlight=False)
        if not quiet:
            _print(outcome, changed_since is not None)


def _print(outcome: ReportOutcome, changed: bool) -> None:
    rows = outcome.companies
    table = Table(title=escape(f"Agendas written to {outcome.out_dir}"))
    table.add_column("id")
    table.add_column("company")
    table.add_column("lang")
    table.add_column("meetings", justify="right")
    if changed:
        table.add_column("changes", justify="right")
    table.add_column("files")
    shown = rows if len(rows) <= 25 else rows[:20]
    for r in shown:
        cells = [r.id, r.company, r.language, str(r.meetings)]
        if changed:
            cells.append(str(r.changes))
        cells.append(", ".join(r.files))
        table.add_row(*(escape(c) for c in cells))
    if len(shown) < len(rows):
        more = ["...", f"{len(rows) - len(shown)} more", "", ""]
        table.add_row(*more, *([""] if changed else []), "")
    if rows:
        out.print(table)
    total = sum(r.meetings for r in rows)
    line = (
        f"{len(rows)} compan{'y' if len(rows) == 1 else 'ies'}, {total} meeting "
        f"line{'' if total == 1 else 's'}, formats {', '.join(outcome.formats)}"
    )
    if changed:
        n = outcome.unchanged
        line += f"; {n} compan{'y' if n == 1 else 'ies'} unchanged (no file)"
    out.print(line, markup=False)
    out.print(
        f"index: {outcome.index_csv} (+ .xlsx); organisers' summary: {outcome.summary_xlsx}",
        markup=False,
    )
