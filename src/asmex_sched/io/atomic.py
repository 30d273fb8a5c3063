"""Atomic file writes: a reader never sees a half-written output.

Everything asmex-sched writes (agenda workbook, reports, calendars, state) goes
through :func:`atomic_write`: the content is written to a temporary file in the
target's own folder (so that :func:`os.replace` is a rename on one file system),
flushed to disk, then renamed over the target in one step. If anything fails,
including ``KeyboardInterrupt`` or a cron job being killed with SIGTERM turned
into an exception, the previous file is left untouched and the temporary file is
removed.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shutil
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import filelock

from asmex_sched.errors import LockedError, OutputError

__all__ = [
    "alive",
    "held_lock",
    "team_folder",
    "remove_killed_temporaries",
    "team_group",
    "atomic_write",
    "atomic_write_bytes",
    "atomic_write_text",
    "copy_file",
    "temp_path_for",
    "writable_folder",
]

_counter = itertools.count()
_counter_lock = threading.Lock()


def temp_path_for(path: Path) -> Path:
    """Name of the temporary file used while writing ``path``.

    ``.<stem>.<pid>.<n>.tmp<suffix>``: hidden, unique per process and call, in
    the same folder, and ending with the target's suffix (openpyxl and other
    writers pick the format from it).
    """
    with _counter_lock:
        n = next(_counter)
    stem = path.stem
    while len(os.fsencode(f".{stem}.{os.getpid()}.{n}.tmp{path.suffix}")) > 240:
        stem = stem[:-1]  # a long name the folder takes, its temporary too (a reader)
    return path.with_name(f".{stem}.{os.getpid()}.{n}.tmp{path.suffix}")


#: :func:`temp_path_for`'s names.
_TEMP_NAME = re.compile(r"\..+\.(?P<pid>\d+)\.\d+\.tmp\.(?:xlsx|ics|pdf|csv)")


def remove_killed_temporaries(folder: Path, older_than: float = 600.0) -> list[Path]:
    """Remove the temporary files of :func:`atomic_write` (of the formats ``report``
    writes: a user's '.notes.2024.1.tmp.txt' is not one; a reader) in ``folder`` that a process
    killed outright (SIGKILL, power lost) left: its process is gone here, and the file
    is older than ``older_than`` seconds (a run on another machine sharing the folder
    writes each file in seconds). ``report`` left them in a mail-merge folder for good
    (an IT tester). Returns those removed."""
    removed = []
    try:
        found = [p for p in Path(folder).iterdir() if _TEMP_NAME.fullmatch(p.name)]
    except OSError:
        return removed
    now = time.time()
    for path in found:
        match = _TEMP_NAME.fullmatch(path.name)
        pid = int(match["pid"]) if match else os.getpid()
        try:
            old = now - path.stat().st_mtime > older_than
        except OSError:
            continue
        if pid == os.getpid() or not old or alive(pid):
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs here (or may: another account's, or unsure)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # another user's (PermissionError), or unsure
        return True
    return True


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable. Not possible on every platform (Windows
    # cannot open a directory): best effort only.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _private(tmp: Path) -> None:
    """Create ``tmp`` empty and readable by its owner alone (one left by a process of
    the same id, killed, is taken over; a link there is not followed)."""
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def _copy_mode(src: Path, dst: Path) -> None:
    """``dst`` with ``src``'s permissions and group: replacing a file keeps what the
    user gave it (a shared agenda made group-writable, its group the team's), as an
    in-place write would. A re-plan by a colleague gave the agenda his own group, and
    the first coordinator's cron could no longer read it (an IT tester)."""
    try:
        st = src.stat()
    except OSError:
        return
    if hasattr(os, "chown") and os.stat(dst).st_gid != st.st_gid:
        try:  # allowed when the account is in that group
            os.chown(dst, -1, st.st_gid)
        except OSError:
            pass
    os.chmod(dst, st.st_mode & 0o7777)


def _shared_like_parent(folder: Path) -> None:
    """A folder just made in a team's folder (group-writable, not writable by all) gets
    its group's access and setgid: made with one coordinator's umask 022, the report
    folder, the logs and the agenda's history locked the others out (an IT tester, a
    reader). Never write access for all (a history made ``777`` in a ``1777`` folder;
    a reader)."""
    if not team_folder(folder.parent):
        return
    try:
        parent = folder.parent.stat()
        team_group(folder, parent.st_gid)  # without setgid, it was the creator's (a reader)
        team = parent.st_mode & (stat.S_IRWXG | stat.S_ISGID)
        os.chmod(folder, (folder.stat().st_mode & 0o7777) | team)
    except OSError:
        pass


def team_group(path: Path, gid: int) -> None:
    """``path`` given group ``gid`` when it has another and the account may (it is in
    that group)."""
    if hasattr(os, "chown") and os.stat(path).st_gid != gid:
        try:
            os.chown(path, -1, gid)
        except OSError:
            pass


def team_folder(folder: Path) -> bool:
    """Whether ``folder`` is a team's: group-writable, not writable by all."""
    try:
        mode = folder.stat().st_mode
    except OSError:
        return False
    return bool(mode & stat.S_IWGRP) and not mode & stat.S_IWOTH


@contextlib.contextmanager
def held_lock(
    lock_path: Path, wait: float, what: Path, holder: str = "another asmex-sched run"
) -> Iterator[None]:
    """Hold the lock file ``lock_path`` while the block runs; another run waits up to
    ``wait`` seconds for it. The system's lock on the open file (``filelock``): it is
    released when the process ends, killed or not, so a killed run's never blocks the
    next; the file itself stays. ``plan``'s agenda and ``report``'s folder take theirs
    here, so that both read alike: two reports into one folder at once (cron's and the
    coordinator's by hand) wrote and removed each other's files unlocked (an operations
    tester).

    Raises
    ------
    LockedError
        ``wait`` expired: names ``what``, the lock, its ``holder`` and what to do.
    OutputError
        The lock file cannot be opened or created.
    """
    # Group-writable in a group-writable folder: made by the first coordinator's cron
    # with its umask 022, it locked every colleague out, exit 73 (an IT tester).
    folder = lock_path.parent
    shared = team_folder(folder)
    lock = filelock.FileLock(str(lock_path), **({"mode": 0o664} if shared else {}))
    try:
        lock.acquire(timeout=wait)
    except filelock.Timeout:
        raise LockedError(
            f"{what}: {holder} holds {lock_path}; gave up after waiting {wait:g} s "
            "(it ends on its own: run again once it has, or give --wait SECONDS to wait "
            "for it)"
        ) from None
    except OSError as exc:
        raise OutputError(
            f"{lock_path}: cannot open or create the lock file: {exc.strerror}"
            + (" (made by another account without write access for the group: its owner "
               "can delete it, or make it group-writable)"
               if shared and lock_path.exists() else "")
        ) from None  # fmt: skip
    if shared:  # one made before this version, by its owner: repaired (a reader)
        with contextlib.suppress(OSError):
            if lock_path.stat().st_uid == os.geteuid():
                team_group(lock_path, folder.stat().st_gid)
                if not lock_path.stat().st_mode & stat.S_IWGRP:
                    os.chmod(lock_path, 0o664)
    try:
        yield
    finally:
        lock.release()


def writable_folder(folder: Path, what: Path | None = None) -> Path:
    """Create ``folder`` if needed and check a file can be created in it.

    Called before a run takes its lock or starts solving, so that a folder that
    cannot be written (read-only, no permission, a file in the way) is one clear
    message, not a traceback (or a lock reported as held) after the work.

    Raises
    ------
    OutputError
        Naming ``what`` (default: ``folder``) and the system's reason.
    """
    folder = Path(folder)
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for made in reversed(missing):
            _shared_like_parent(made)
        probe = temp_path_for(folder / "asmex-write-test")
        with open(probe, "xb"):
            pass
        probe.unlink()
    except (FileExistsError, NotADirectoryError):
        raise OutputError(
            f"{what or folder}: cannot create folder {folder}: a file is in the way "
            "(it, or one of its parent folders, is a file)"
        ) from None
    except OSError as exc:
        if missing and not missing[0].exists():
            # the folder to make is not the one at fault: the one it goes in, read-only
            # or not yours (a roster tester read "cannot write in folder agendas")
            top = next(p for p in reversed(missing) if not p.exists())
            raise OutputError(
                f"{what or folder}: cannot create folder {top} in {top.parent}: "
                f"{_reason(exc)} (choose a folder you can write in)"
            ) from None
        raise OutputError(
            f"{what or folder}: cannot write in folder {folder}: {_reason(exc)}"
        ) from None
    return folder


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def copy_file(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` (metadata too) atomically: a failed copy
    (disk full) leaves no partial ``target``.

    Raises
    ------
    OutputError
        As :func:`atomic_write`.
    """
    atomic_write(Path(target), lambda tmp: shutil.copy2(source, tmp), like=Path(source))


def atomic_write(path: Path, write: Callable[[Path], None], like: Path | None = None) -> None:
    """Create or replace ``path`` atomically.

    Parameters
    ----------
    path
        The file to create or replace. Its parent folders are created.
    write
        Called once with the path of a temporary file (same folder, same
        suffix) that it must create and fill, e.g. ``workbook.save``.

    A symbolic link is written through: its target is replaced, the link stays.
    When it replaces a file, the temporary file is created private (an agenda made
    ``600`` was readable by every account while it was written; an IT tester), then
    given the replaced file's permissions and group; a new file is made as the system
    makes it (the umask, or the folder's default ACL: created private, then given
    ``0666 & ~umask``, it lost the group write an ACL gives; a reader), with ``like``'s
    group (a history copy).

    Raises
    ------
    OutputError
        The file could not be written (no space left, no permission...): names
        ``path`` and the system's reason.
    BaseException
        Whatever else ``write`` raises (also ``KeyboardInterrupt``). In every
        case the temporary file was deleted first, and ``path`` is unchanged.
    """
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()
    tmp = temp_path_for(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replaced = path.exists()
        if replaced:
            _private(tmp)
        write(tmp)
        _fsync_file(tmp)
        if replaced or like is not None:
            _copy_mode(path if replaced else like, tmp)  # type: ignore[arg-type]
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write: {_reason(exc)}") from None
        raise
    _fsync_dir(path.parent)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_write`)."""
    atomic_write(path, lambda tmp: tmp.write_bytes(data))


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically, without newline translation."""
    atomic_write(path, lambda tmp: tmp.write_bytes(text.encode(encoding)))
