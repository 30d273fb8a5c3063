"""The companies' files made, in one process or several: :func:`company_contents` (one
company's xlsx, ics and PDF, and what its PDF leaves out), the PDF font cut once a run
(:func:`_with_latin_cut`), and the worker processes that make them in parallel, in
order, stopped however the run ends (:func:`_made_in_order`). Nothing here writes a
file: :func:`~asmex_sched.io.report_files.write.write_reports` does.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
import stat
import tempfile
import threading
import time
import traceback
import warnings
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, NoReturn

from asmex_sched.errors import EXIT_INTERNAL, AsmexError
from asmex_sched.io.report_files.ics import company_ics_bytes
from asmex_sched.io.report_files.pdf import (
    MAX_PDF_CELL,
    PdfFont,
    _known_to_both,
    characters_quoted,
    company_pdf_bytes,
    latin_cut,
    pdf_missing_characters,
    pdf_shortened,
)
from asmex_sched.io.report_files.xlsx import company_xlsx_bytes
from asmex_sched.report import CompanyAgenda, document

log = logging.getLogger("asmex_sched.report")


#: The temporary folders of the font's cut (:func:`_with_latin_cut`).
CUT_PREFIX = "asmex-sched-fonts-"
#: Age from which a cut's folder is a killed run's (seconds): a run takes minutes.
KILLED_CUT_AGE = 24 * 3600


def _remove_killed_cuts() -> None:
    """The cuts' folders a run killed outright (SIGKILL, power lost) left in the
    temporary folder (about 100 KB each, one a run now that every run making a PDF
    cuts the font), removed once a day old; another user's are left (not ours to
    remove), and so is whatever cannot be removed."""
    now = time.time()
    me = os.getuid() if hasattr(os, "getuid") else None
    for path in Path(tempfile.gettempdir()).glob(CUT_PREFIX + "*"):
        try:
            found = path.lstat()
        except OSError:
            continue
        mine = me is None or found.st_uid == me
        if stat.S_ISDIR(found.st_mode) and mine and now - found.st_mtime > KILLED_CUT_AGE:
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def _with_latin_cut(font: PdfFont | None, pdfs: int) -> Iterator[PdfFont | None]:
    """``font`` with its cut for the PDFs set without shaping (:func:`latin_cut`), in a
    temporary folder that lasts the run (the workers read it too) and is removed after
    it, when the run makes a PDF (``pdfs``). Without a cut (no temporary folder, or a
    font the cut fails on: a warning in the log), ``font`` itself: the PDFs are made
    with the whole font, only slower. Cut whatever the number of PDFs, though it costs
    about 0.6 s a run and saves about 0.12 s a PDF: a company's PDF is then the same
    bytes in a run of one company (``-c``, ``--changed-since``) as in a run of all
    (made from 6 PDFs a run, it differed: a tester comparing checksums to decide what
    to send again)."""
    if font is None or pdfs == 0:
        yield font
        return
    folder: str | None = None
    try:
        try:
            _remove_killed_cuts()
            folder = tempfile.mkdtemp(prefix=CUT_PREFIX)
            cut = latin_cut(font, Path(folder))
        except Exception as exc:  # (not a reason to stop the report: the PDFs can be made)
            log.warning(
                "the PDF font %s could not be cut for the Latin-only PDFs (%s: %s): they are "
                "made with the whole font, more slowly", font.regular, type(exc).__name__, exc,
            )  # fmt: skip
            cut = font
        yield cut
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def company_contents(
    ca: CompanyAgenda, fmts: Sequence[str], font: PdfFont | None
) -> tuple[list[tuple[str, bytes]], list[str]]:
    """One company's files, ``(format, bytes)`` in ``fmts``'s order, and what its PDF
    leaves out (warnings). A pure function of its arguments: run in a worker process
    when several make the files (:func:`_made_in_order`)."""
    contents: list[tuple[str, bytes]] = []
    warns: list[str] = []
    for fmt in fmts:
        if fmt == "xlsx":
            data = company_xlsx_bytes(ca)
        elif fmt == "ics":
            data = company_ics_bytes(ca)
        else:
            doc = document(ca)  # once for the checks and the PDF (built thrice)
            gaps = pdf_missing_characters(ca, font, doc) if font is not None else ""
            if font is not None and gaps:
                fonts = (f"the font {font.family} has" if font.fallback is None else
                         f"the fonts {font.family} and {font.fallback.family} have")  # fmt: skip
                warns.append(
                    f"{ca.stem}.pdf: {fonts} no glyph for "
                    f"{characters_quoted(gaps[:12])}{'...' if len(gaps) > 12 else ''}: those "
                    "characters are left out of the PDF (the xlsx and ics files have them)"
                )
            cut = pdf_shortened(doc, _known_to_both(font) if font is not None else None)
            if cut:
                warns.append(
                    f"{ca.stem}.pdf: {len(cut)} text(s) longer than {MAX_PDF_CELL} "
                    f"characters end with '...' in the PDF ({cut[0][:40]!r}...): the "
                    "xlsx and ics files have them whole"
                )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                data = company_pdf_bytes(ca, font, doc)
        contents.append((fmt, data))
    return contents, warns


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity: ``taskset``, a cpuset; not a
    container's CPU quota, which ``--jobs`` can follow)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # (not on every platform)
        return max(1, os.cpu_count() or 1)


# Companies per worker process below which one process writes everything: starting
# a worker (a fresh interpreter importing the writers: fpdf2, openpyxl, icalendar)
# takes up to a second, about what 8 Latin-only PDFs take (16 PDFs: 4.14 s in one
# process, 4.44 s in two; 32 PDFs: 0.88 of the time in two; docs/report.md, "Speed").
PDFS_PER_WORKER = 16
FILES_PER_WORKER = 400
# Workers by default at most (about 85 MB each): --jobs for more.
MAX_DEFAULT_JOBS = 8


def _jobs(jobs: int | None, companies: int, fmts: Sequence[str]) -> int:
    """Processes making the companies' files: ``jobs`` as given (``--jobs``), else one
    per usable core, as many as there is work for, at most :data:`MAX_DEFAULT_JOBS`
    (docs/report.md, "Speed")."""
    if jobs is not None:
        return max(1, min(jobs, companies))
    per_worker = PDFS_PER_WORKER if "pdf" in fmts else FILES_PER_WORKER
    return max(1, min(usable_cores(), MAX_DEFAULT_JOBS, companies // per_worker))


def _worker(conn: Connection, fmts: tuple[str, ...], font: PdfFont | None) -> None:
    """A worker process: :func:`company_contents` of each ``(index, company)`` received,
    sent back as ``(index, "ok", contents)``, or ``(index, "error", traceback)``; ends
    on ``None`` or when the command is gone (its end of the pipe closed)."""
    # Ctrl-C reaches every process of the terminal: the command alone says so and stops
    # the workers. Blocked since the worker's start (_started), ignored from here on; a
    # SIGTERM held meanwhile ends the worker now.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        index, ca = item
        try:
            result = (index, "ok", company_contents(ca, fmts, font))
        except Exception:  # a bug: the command raises it, with this traceback
            result = (index, "error", traceback.format_exc())
        try:
            conn.send(result)
        except OSError:  # the command is gone (killed): nothing to tell
            return


class WorkerFailed(AsmexError):
    """A worker process failed making a company's files: raised (a bug; its traceback),
    or killed by a signal other than an interruption's (out of memory, a crash)."""

    exit_code = EXIT_INTERNAL


# Results the workers may make ahead of the company written next, per worker: bounds
# what waits in memory behind a slow company.
AHEAD_PER_WORKER = 4


# Held while a worker starts (_started), by the command and the new worker alike.
_HELD = frozenset(getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))
# Signals that end a worker as they interrupt the command (``timeout``'s SIGTERM to the
# process group, a closed terminal's SIGHUP); Ctrl-C's SIGINT the workers ignore.
_INTERRUPTIONS = _HELD | {getattr(signal, "SIGHUP", signal.SIGTERM)}


def _ended(process: BaseProcess, ca: CompanyAgenda) -> NoReturn:
    """A worker ended while making ``ca``'s files: killed by an interruption's signal,
    an interruption (KeyboardInterrupt), as it is for the command; else
    :class:`WorkerFailed` (killed by another signal: out of memory, a crash; or exited)."""
    process.join()
    code = process.exitcode
    if code is not None and -code in _INTERRUPTIONS:
        raise KeyboardInterrupt
    how = f"exited with code {code}"
    if code is not None and code < 0:
        how = f"was killed by {signal.Signals(-code).name} (out of memory, or a crash?)"
    raise WorkerFailed(
        f"a worker process {how} making {ca.stem}'s files; the files already written are "
        "complete: run the report again, with --jobs 1 to make them in one process"
    )


def _started(process: BaseProcess) -> None:
    """``process`` started with Ctrl-C and SIGTERM held, in the command and in the new
    worker until it ignores Ctrl-C (:func:`_worker`); in the command they take effect
    once the worker is started and known (:func:`_made_in_order` then stops it).

    Without it, a Ctrl-C to the terminal's processes printed a traceback from each
    worker still importing (a second reader), and the command's KeyboardInterrupt,
    raised within ``start`` just after the new process was made, left it unknown and
    waiting for its task, which it told with a traceback ("Ran out of input"). Held
    twice: blocked (the mask the worker inherits; a signal sent meanwhile waits in the
    kernel), and, in the main thread, recorded by a handler of ours (a signal the
    interpreter had caught before the block is handled at its next bytecode check,
    which may fall within ``start``) and raised again afterwards."""
    if not hasattr(signal, "pthread_sigmask"):  # (Windows: no such signal to the group)
        process.start()
        return
    # multiprocessing's resource tracker, started by the first worker's start, unblocks
    # both once it is itself started (its own guard): started beforehand, it is left.
    resource_tracker.ensure_running()
    caught: list[int] = []
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in _HELD:
            previous[signum] = signal.signal(signum, lambda n, _: caught.append(n))
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        process.start()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
        for signum in dict.fromkeys(caught):
            signal.raise_signal(signum)  # (to the command's own handler)


def _made_in_order(
    cas: Sequence[CompanyAgenda], fmts: Sequence[str], font: PdfFont | None, jobs: int
) -> Generator[tuple[list[tuple[str, bytes]], list[str]], None, None]:
    """:func:`company_contents` of each company, in ``cas``'s order, made by ``jobs``
    processes (:func:`_worker`). However it ends (every company made, an error, an
    interruption), the workers are stopped: killed unless they are done, as they write
    nothing themselves. A worker that ends before its company is made: :func:`_ended`."""
    if jobs <= 1:
        for ca in cas:
            yield company_contents(ca, fmts, font)
        return
    # A fresh interpreter per worker ("spawn"), not a fork: a fork copies the command's
    # threads' locks (the progress bar's, the log's) in whatever state they are.
    ctx = multiprocessing.get_context("spawn")
    workers: dict[Connection, BaseProcess] = {}
    finished = False
    try:
        for _ in range(jobs):
            here, there = ctx.Pipe()
            process = ctx.Process(target=_worker, args=(there, tuple(fmts), font), daemon=True)
            workers[here] = process
            _started(process)
            there.close()  # (the worker's end: the worker is its only holder)
        queue = iter(enumerate(cas))
        idle = list(workers)
        busy: dict[Connection, int] = {}
        done: dict[int, tuple[list[tuple[str, bytes]], list[str]]] = {}
        given = 0
        for index in range(len(cas)):
            while index not in done:
                while idle and given < min(len(cas), index + AHEAD_PER_WORKER * jobs):
                    conn = idle.pop()
                    busy[conn] = given
                    try:
                        conn.send(next(queue))
                    except OSError:
                        _ended(workers[conn], cas[given])
                    given += 1
                assert busy, "no worker is making the company written next"  # (never waits on none)
                ends = {workers[c].sentinel: c for c in busy}
                for ready in wait([*busy, *ends]):
                    conn = ends[ready] if isinstance(ready, int) else ready
                    if conn not in busy:
                        continue  # (its result and its end both ready: taken already)
                    try:
                        at, status, payload = conn.recv()
                    except (EOFError, OSError):
                        _ended(workers[conn], cas[busy[conn]])
                    if status != "ok":
                        raise WorkerFailed(
                            f"a worker process failed making {cas[at].stem}'s files (a bug, "
                            f"please report it with this message):\n{payload}"
                        )
                    done[at] = payload
                    del busy[conn]
                    idle.append(conn)
            yield done.pop(index)
        finished = True
    finally:
        started = {conn: p for conn, p in workers.items() if p.pid is not None}
        for conn, process in started.items():
            try:
                if finished:
                    conn.send(None)
                else:
                    process.kill()
            except OSError:  # (already ended)
                pass
        for conn, process in workers.items():
            if conn in started:
                process.join(timeout=10)
                if process.is_alive():  # (a worker stuck in its last company)
                    process.kill()
                    process.join()
            conn.close()
