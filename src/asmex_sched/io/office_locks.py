"""The lock files Excel and LibreOffice keep beside a workbook open in them.

LibreOffice writes ``.~lock.<name>#`` (one line, ``name,user,host,dd.mm.yyyy
HH:MM,profile;``), Excel ``~$<name>`` (binary, the user's name alone). Both are
removed when the program closes the file; one that crashed, or a laptop closed on
it, leaves its lock behind, and every run then said the agenda "looks open" (an
outside reader): the warning says where and when it was set, and that it looks left
behind when it is more than a day old.
"""

from __future__ import annotations

import re
import stat
import time
from pathlib import Path

__all__ = ["STALE_AFTER_HOURS", "spreadsheet_lock"]

#: A lock older than this looks left behind by a program that ended without removing it.
STALE_AFTER_HOURS = 24

_WHEN = re.compile(r"(\d{2})\.(\d{2})\.(\d{4}) (\d{2}:\d{2})")


def spreadsheet_lock(path: Path, now: float | None = None) -> tuple[Path, str] | None:
    """The lock file of a spreadsheet program beside ``path`` and what it tells, as
    words for a warning (``set on office-pc on 2026-12-01 09:00; it is 3 days old: if
    the file is open nowhere, ...``), or ``None`` when there is none. ``now``: the
    clock's time (seconds since the epoch), for the lock's age."""
    for lock in (path.with_name(f".~lock.{path.name}#"), path.with_name(f"~${path.name}")):
        try:
            info = lock.stat()
        except OSError:
            continue
        said: list[str] = []
        if lock.name.startswith(".~lock.") and stat.S_ISREG(info.st_mode):
            # its first line alone, from a regular file alone: a FIFO of that name hung
            # the run, a huge file was read whole (a second reader)
            try:
                with lock.open("rb") as f:
                    text = f.read(1000).decode("utf-8", errors="replace")
            except OSError:
                text = ""
            when = _WHEN.search(text)
            if when:
                fields = text[: when.start()].rstrip(",").split(",")
                host = fields[-1].strip() if len(fields) >= 2 else ""
                day, month, year, hour = when.groups()
                said.append(
                    "set" + (f" on {host}" if host else "") + f" on {year}-{month}-{day} {hour}"
                )
        age = ((time.time() if now is None else now) - info.st_mtime) / 3600
        if age > STALE_AFTER_HOURS:
            days = int(age // 24)
            said.append(
                f"it is {days} day{'s' if days != 1 else ''} old: if the file is open "
                "nowhere, the program that set it ended without removing it (a crash, a "
                f"laptop closed on it): delete {lock.name}"
            )
        return lock, "; ".join(said)
    return None
