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

import itertools
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from asmex_sched.errors import OutputError

__all__ = [
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
    return path.with_name(f".{path.stem}.{os.getpid()}.{n}.tmp{path.suffix}")


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


def _copy_mode(src: Path, dst: Path) -> None:
    # Replacing a file keeps the permissions the user gave it (e.g. a shared
    # agenda made group-writable), as an in-place write would.
    try:
        mode = src.stat().st_mode
    except OSError:
        return
    os.chmod(dst, mode & 0o7777)


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
    try:
        folder.mkdir(parents=True, exist_ok=True)
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
    atomic_write(Path(target), lambda tmp: shutil.copy2(source, tmp))


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Create or replace ``path`` atomically.

    Parameters
    ----------
    path
        The file to create or replace. Its parent folders are created.
    write
        Called once with the path of a temporary file (same folder, same
        suffix) that it must create and fill, e.g. ``workbook.save``.

    A symbolic link is written through: its target is replaced, the link stays.

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
        write(tmp)
        _fsync_file(tmp)
        _copy_mode(path, tmp)
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
