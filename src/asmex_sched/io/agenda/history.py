"""The history copies ``plan`` keeps of each agenda it replaces, in a folder beside it."""

from __future__ import annotations

import glob
import re
from pathlib import Path

#: The folder beside an agenda where ``plan`` keeps each agenda it replaces.
HISTORY_DIR = "agenda-history"


#: What follows an agenda's stem in its history copies' names: its time in UTC (a
#: ``Z``; without it, an earlier version's local time) and ``_02``... for a second copy
#: in the same second (``services.files._history_target``; its temporaries are matched
#: with it too).
HISTORY_STAMP = r"-(\d{8}T\d{6})(Z?)(?:_(\d{2,}))?"


def history_copies(output: Path) -> list[Path]:
    """The history copies of ``output`` (``services.files._archive``), oldest first; not those
    of another agenda whose name starts the same (``agenda-final.xlsx``).

    Named after the agenda's time in UTC (``agenda-20261201T044121Z.xlsx``). Runs in
    two time zones (cron and a terminal) named them apart by hours, and "the newest by
    name" was not the newest (an IT tester). Copies of earlier versions, named in some
    machine's local time without the ``Z``, are older than every ``Z`` copy (this
    version writes no other), so they come first, in the order of their names (read
    as UTC, a legacy name made in Nairobi sorted after the copies made since the
    upgrade, and the check against the newest copy stopped at it; two readers)."""
    stamp = re.compile(re.escape(output.stem) + HISTORY_STAMP + re.escape(output.suffix))
    folder = output.parent / HISTORY_DIR
    # the stem escaped: "agenda [v2]" was a character class, and no copy was found
    pattern = f"{glob.escape(output.stem)}-*{glob.escape(output.suffix)}"
    found = folder.glob(pattern) if folder.is_dir() else ()

    def when(p: Path) -> tuple[bool, str, int, str]:
        match = stamp.fullmatch(p.name)
        assert match is not None
        return bool(match[2]), match[1], int(match[3] or 1), p.name

    return sorted((p for p in found if stamp.fullmatch(p.name)), key=when)
