"""The agenda's files: its lock, the history copy kept before it is replaced,
left-over temporaries, and the log folder.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from asmex_sched.errors import (
    InputError,
    InterruptedAfterWriting,
    OutputError,
    Problem,
)
from asmex_sched.io.agenda import HISTORY_DIR, HISTORY_STAMP
from asmex_sched.io.atomic import (
    alive,
    atomic_write_bytes,
    copy_file,
    held_lock,
    team_folder,
    team_group,
    writable_folder,
)
from asmex_sched.io.office_locks import spreadsheet_lock

log = logging.getLogger("asmex_sched")


def log_folder(log_file: Path, files: Sequence[Path | None] = ()) -> None:
    """Make ``log_file``'s folder when it is missing, as ``-o``'s is made, or raise
    ``OutputError`` saying why it cannot be (a file in its place read "File exists").
    An existing folder is not probed: a log file made beforehand where no new file can
    be created (``/var/log``) is appended to (a second reader: exit 73). ``InputError``
    when it is one of ``files``, the run's roster or agendas: log lines were appended to
    the roster in place (an IT tester)."""
    for other in (f for f in files if f is not None):
        try:
            same = Path(log_file).exists() and os.path.samefile(log_file, other)
        except OSError:
            same = False
        real, theirs = os.path.realpath(log_file), os.path.realpath(other)
        # a file of a CSV roster's folder too: the log went into Mission.csv (a reader)
        inside = Path(other).is_dir() and real.startswith(theirs.rstrip(os.sep) + os.sep)
        if same or inside or real == theirs:
            where = (f"in the roster's folder {other}: choose a file outside it"
                     if inside else f"{other} itself: choose another file")
            raise InputError(
                [Problem(str(log_file), f"--log-file is {where}, e.g. logs/plan.log beside "
                         "the roster")]
            )  # fmt: skip
    _refuse_agenda_files(Path(log_file), files)
    folder = Path(log_file).parent
    if not folder.is_dir():
        writable_folder(folder, Path(log_file))
    if team_folder(folder) and not Path(log_file).exists():
        # appended to by every coordinator's runs: made by the first one's cron with
        # umask 022, the others' were refused (a reader)
        with contextlib.suppress(OSError):
            os.close(os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o664))
            team_group(Path(log_file), folder.stat().st_gid)
            os.chmod(log_file, 0o664)


def _refuse_agenda_files(log_file: Path, files: Sequence[Path | None]) -> None:
    """``InputError`` when ``log_file`` is a workbook (``.xlsx``), or the lock, the
    ``.archiving`` marker or a history copy of one of ``files``: log lines were appended
    into ``agenda.xlsx.lock`` and into a history copy's zip (an operations tester)."""
    real = os.path.realpath(log_file)
    if log_file.suffix.lower() in (".xlsx", ".xlsm"):
        where = "a workbook (.xlsx): choose a text file"
    else:
        where = ""
        for other in (Path(f) for f in files if f is not None and not Path(f).is_dir()):
            theirs = os.path.realpath(other)
            history = os.path.realpath(other.parent / HISTORY_DIR)
            if real in (theirs + ".lock", theirs + ".archiving"):
                where = f"the lock or marker of {other}: choose another file"
            elif real.startswith(history.rstrip(os.sep) + os.sep):
                where = (f"in the history folder {other.parent / HISTORY_DIR}: choose a file "
                         "outside it")
            if where:
                break
    if where:
        raise InputError(
            [Problem(str(log_file), f"--log-file is {where}, e.g. logs/plan.log beside "
                     "the roster")]
        )  # fmt: skip


#: What the names of an agenda's history copies and temporary files add to its stem:
#: ``.<stem>-20261201T044121Z_02.<pid>.<n>.tmp.xlsx``, at most.
_NAME_OVERHEAD = 48


def _refuse_a_name_too_long(output: Path) -> None:
    """Refuse, before solving, an agenda name whose history copies or temporary files
    the folder cannot hold: a first plan was written, then every re-plan failed after
    solving, or with an internal error (an IT tester)."""
    try:
        limit = os.pathconf(output.parent, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        limit = 255
    longest = limit - _NAME_OVERHEAD - len(os.fsencode(output.suffix))
    if len(os.fsencode(output.stem)) > longest:
        raise OutputError(
            f"{output}: the name is too long for the history copies and temporary files "
            f"written beside it (at most {longest} bytes before {output.suffix} in this "
            "folder): choose a shorter -o"
        )


@contextmanager
def agenda_lock(output: Path, wait: float):
    """Hold ``<output>.lock`` for the whole run; another run waits up to ``wait`` s."""
    writable_folder(output.parent, output)
    _refuse_a_name_too_long(output)
    history = output.parent / HISTORY_DIR
    if output.exists() and history.exists():  # the previous agenda is copied there
        writable_folder(history, output)  # (a new one is made in a folder just probed)
    with held_lock(Path(str(output) + ".lock"), wait, output):
        yield


@contextlib.contextmanager
def _told_if_in_place(in_place: list[str]) -> Iterator[None]:
    """An interruption once ``in_place`` holds the written agenda's note (the lock being
    released after it) is told as :class:`InterruptedAfterWriting` with that note."""
    try:
        yield
    except KeyboardInterrupt as exc:
        if in_place and not isinstance(exc, InterruptedAfterWriting):
            raise InterruptedAfterWriting(in_place[0]) from None
        raise


def _warn_open_in_a_spreadsheet(output: Path) -> None:
    """Warn when the agenda is open in LibreOffice or Excel (their lock files beside
    it): it is replaced all the same, silently, and a save from there would put the
    previous agenda back (an IT tester)."""
    found = spreadsheet_lock(output)
    if found is not None:
        lock, note = found  # where and when it was set, and whether it looks left behind
        log.warning(
            "%s looks open in a spreadsheet program (%s): it is replaced by this "
            "plan; close it there without saving (a save would put the previous "
            "agenda back, which the next run refuses) and open it again",
            output,
            f"{lock.name}, {note}" if note else lock.name,
        )


def _identity(path: Path) -> tuple[int, int, int] | None:
    """What tells a file replaced by a rename (device, inode, change time), or None."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_ctime_ns


def written_note(output: Path, history: Path | None) -> str:
    """What an interruption after the agenda was written left: the new plan (also said
    by the command when the signal lands after :func:`.planning.plan` has returned, as
    the lock is released or the table printed: it said "nothing was written"; an IT tester)."""
    kept = f"; the previous one is kept as {history}" if history is not None else ""
    return f"{output} was written (the new plan) before the interruption{kept}"


#: What ends a path typed as a folder's: ``agenda.xlsx/`` (``agenda.xlsx\`` too on Windows).
_SEPARATORS = tuple(s for s in (os.sep, os.altsep) if s)


def _refuse_a_folder_for_the_agenda(output: Path | str) -> None:
    """``plan -o agenda.xlsx/``, typed as a folder's name: a ``Path`` drops the slash, and
    the agenda was written as the file ``agenda.xlsx`` (over the agenda itself when it
    was there), though the coordinator may have meant a folder (an operations tester).
    Refused as ``-o`` naming a folder is (exit 73), before anything is read or written;
    only a path as typed (a ``str``) still has the slash to tell it. ``agenda.xlsx/.``
    too, which wrote ``agenda.xlsx`` as well (a re-check tester)."""
    if not isinstance(output, str):
        return
    ends = next(
        (end for end in (*(s + "." for s in _SEPARATORS), *_SEPARATORS) if output.endswith(end)),
        None,
    )
    if ends is None:
        return
    file = Path(output)
    named = f"{file} for the file of that name, or " if file.suffix.lower() == ".xlsx" else ""
    raise OutputError(
        f"{output}: ends in '{ends}', as a folder's name does; -o names the agenda's "
        f"file: {named}{file / 'agenda.xlsx'} for one in that folder"
    )


#: What a folder for ``report -o`` is not named like: a workbook's name.
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def refuse_a_workbook_for_the_folder(out_dir: Path) -> None:
    """``report agenda.xlsx -o agendas.xlsx``: a folder named like a workbook was made,
    which opens as no workbook (a file meant, or a typo for ``agendas/``; an operations
    tester). Refused as an ``-o`` that cannot be a folder is (exit 73), before anything
    is read or written; a folder of that name already there (made on purpose, or by an
    earlier run) is written into as before. A file of that name (the agenda itself,
    the roster) is left to the "a file is in the way" refusal: it is no new folder (a
    second reader)."""
    out_dir = Path(out_dir)
    if out_dir.suffix.lower() in _WORKBOOK_SUFFIXES and not out_dir.exists():
        raise OutputError(
            f"{out_dir}: -o names the folder for the companies' files, and this one would "
            f"be a new folder named like a workbook ({out_dir.suffix}): give a folder's name, "
            f"for example {out_dir.with_suffix('')}"
        )


def _refuse_roster_as_output(roster: Path, output: Path) -> None:
    """``plan r.xlsx -o r.xlsx`` would replace the roster with its agenda (with
    ``--fresh``; without it, the roster failed to read as a baseline and the message
    suggested ``--fresh``: found by a second reader)."""
    try:
        same = output.exists() and os.path.samefile(roster, output)
    except OSError:
        same = False
    # through a folder not made yet: 'new/../r.xlsx' (samefile needs it; an IT tester)
    if same or os.path.realpath(output) == os.path.realpath(roster):
        raise InputError(
            [Problem(str(output), "the output agenda is the roster itself: choose another -o")]
        )


def _archiving(output: Path) -> Path:
    """``agenda.xlsx.archiving``: the name of the history copy a run made of ``output``,
    there from the copy until the new agenda is written. Left by a run killed in
    between (SIGKILL, power lost), it tells the next run that the newest history copy
    is the agenda itself, not an earlier copy put back over it (byte for byte, with its
    time kept by ``cp -p``, that passed for a killed run's: a second reader)."""
    return output.with_name(output.name + ".archiving")


def _archive_before_writing(output: Path) -> Path:
    """:func:`_archive`, with :func:`_archiving` naming the copy *before* it is made: a
    run killed between the copy and the marker left a copy equal to the agenda and no
    marker, and every later run refused the agenda as "an earlier copy saved back" (an
    IT tester). A killed run's copy that is still the agenda byte for byte is taken
    again, not copied twice."""
    marker = _archiving(output)
    left = _killed_run_copy(output)
    previous = output.parent / HISTORY_DIR / left if left else None
    if previous is not None and previous.is_file() and _same_bytes(previous, output):
        return previous  # its marker already names it
    folder = output.parent / HISTORY_DIR
    made = not folder.exists()
    try:
        target = _history_target(output)
        # the name's own bytes: an accented one under a POSIX locale was a traceback,
        # 'surrogates not allowed' (an operations tester)
        atomic_write_bytes(marker, os.fsencode(target.name))
        copy_file(output, target)
    except BaseException:
        marker.unlink(missing_ok=True)
        if made:  # the folder this run made for the copy not made: an interrupted
            # re-plan said "nothing was written" beside an empty agenda-history/ (a tester)
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return target


def _remove_stale_temporaries(output: Path) -> None:
    """Remove the temporary files that runs killed outright (SIGKILL, power lost) left
    beside ``output`` and its history copies (``.agenda.<pid>.<n>.tmp.xlsx``, whose
    process is gone): they stayed for good, though the docs promise none is left (an
    IT tester). Called with the agenda's lock held; only this agenda's own (its own
    name, its marker's, its history copies'): another agenda in the folder has its
    own lock, and its run may be alive on another machine sharing the folder."""
    stem, suffix = re.escape(output.stem), re.escape(output.suffix)
    pattern = re.compile(
        rf"\.{stem}(?:{suffix}|{HISTORY_STAMP})?\.(?P<pid>\d+)\.\d+\.tmp(?:{suffix}|\.archiving)"
    )
    for folder in (output.parent, output.parent / HISTORY_DIR):
        try:
            names = [p for p in folder.iterdir() if pattern.fullmatch(p.name)]
        except OSError:
            continue
        for path in names:
            match = pattern.fullmatch(path.name)
            pid = int(match["pid"]) if match else os.getpid()
            if pid == os.getpid() or alive(pid):
                continue
            try:
                path.unlink()
                log.info("removed %s, left by a run that was killed", path)
            except OSError:
                pass


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _killed_run_copy(output: Path) -> str:
    """The history copy a run killed before writing left of ``output`` ('' if none)."""
    try:
        return os.fsdecode(_archiving(output).read_bytes().strip())
    except OSError:
        return ""


def _archive(output: Path) -> Path:
    """Copy the current agenda to ``agenda-history/<stem>-<mtime in UTC>Z.xlsx`` (never
    moved; the machine's local time named copies of runs in two time zones out of
    order: :func:`~asmex_sched.io.agenda.history_copies`); a second copy in the same
    second is ``..._02.xlsx``, which sorts after the first by name (``-2`` sorted before
    it, so "the newest by name" was the older one)."""
    target = _history_target(output)
    copy_file(output, target)
    return target


def _history_target(output: Path) -> Path:
    """The free name :func:`_archive` copies ``output`` to (its folder made)."""
    folder = writable_folder(output.parent / HISTORY_DIR, output)  # a team's, if shared
    stamp = datetime.fromtimestamp(output.stat().st_mtime, tz=UTC).strftime(
        "%Y%m%dT%H%M%SZ"
    )
    target = folder / f"{output.stem}-{stamp}{output.suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{output.stem}-{stamp}_{n:02d}{output.suffix}"
    return target
