"""A spreadsheet program's lock file beside the agenda or the roster: what it tells."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest

from asmex_sched.io.office_locks import spreadsheet_lock
from asmex_sched.services.files import _warn_open_in_a_spreadsheet

#: LibreOffice's lock line: its user name, the system user, the host, the time, the profile
LINE = ",Anne Dupont,coord,office-pc,01.12.2026 09:00,file:///home/coord/.config/libreoffice/4;"


def _lock(folder: Path, name: str, text: str, hours_old: float) -> Path:
    lock = folder / name
    lock.write_text(text, encoding="utf-8")
    then = time.time() - hours_old * 3600
    os.utime(lock, (then, then))
    return lock


def test_a_lock_says_where_and_when_it_was_set(tmp_path: Path) -> None:
    agenda = tmp_path / "agenda.xlsx"
    assert spreadsheet_lock(agenda) is None
    lock = _lock(tmp_path, ".~lock.agenda.xlsx#", LINE, hours_old=1)
    assert spreadsheet_lock(agenda) == (lock, "set on office-pc on 2026-12-01 09:00")
    lock.unlink()
    excel = _lock(tmp_path, "~$agenda.xlsx", "\x05coord", hours_old=1)  # Excel's: no time
    assert spreadsheet_lock(agenda) == (excel, "")


def test_a_lock_days_old_is_said_to_look_left_behind(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A LibreOffice that crashed left its lock: every run said the agenda "looks open",
    # days later, with nothing to tell it from a colleague's open copy (an outside
    # reader).
    agenda = tmp_path / "agenda.xlsx"
    _lock(tmp_path, ".~lock.agenda.xlsx#", LINE, hours_old=3 * 24 + 2)
    with caplog.at_level(logging.WARNING, logger="asmex_sched"):
        _warn_open_in_a_spreadsheet(agenda)
    [said] = [r.getMessage() for r in caplog.records]
    assert (
        "(.~lock.agenda.xlsx#, set on office-pc on 2026-12-01 09:00; it is 3 days old: if "
        "the file is open nowhere, the program that set it ended without removing it (a "
        "crash, a laptop closed on it): delete .~lock.agenda.xlsx#)"
    ) in said, said
    assert "close it there without saving" in said


def test_a_lock_that_is_no_regular_file_is_not_read(tmp_path: Path) -> None:
    # A FIFO named as the lock hung the run on reading it (a second reader): only a
    # regular file's first line is read; the lock is still said to be there.
    agenda = tmp_path / "agenda.xlsx"
    fifo = tmp_path / ".~lock.agenda.xlsx#"
    os.mkfifo(fifo)
    assert spreadsheet_lock(agenda) == (fifo, "")


def test_only_the_start_of_a_huge_lock_file_is_read(tmp_path: Path) -> None:
    agenda = tmp_path / "agenda.xlsx"
    lock = _lock(tmp_path, ".~lock.agenda.xlsx#", LINE + "x" * 5_000_000, hours_old=1)
    assert spreadsheet_lock(agenda) == (lock, "set on office-pc on 2026-12-01 09:00")
