"""Values typed as coordinators type them (a QA tester's wild inputs): times in words,
priorities, tables and settings with their unit, decorated headers, e-mail cells."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from test_roster import base, write_xlsx

from asmex_sched.io.roster import read_roster


@pytest.mark.parametrize(
    ("typed", "read"),
    [("9 heures", time(9, 0)), ("9 h", time(9, 0)), ("10 heures 30", time(10, 30)),
     ("1 heure", time(1, 0)), ("10 heures 30 min", time(10, 30))],
)  # fmt: skip
def test_hours_in_words_are_a_time(tmp_path: Path, typed: str, read: time) -> None:
    # '9 heures' was "a text of 8 characters is not a time (the reason typed in the
    # start column?)" where '9h' is read (a QA tester).
    sheets = base()
    sheets["Unavailability"].append(["B2", "2025-11-11", typed, None, "visit"])
    inst = read_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    [block] = [u for u in inst.unavailability if u.participant == "B2"]
    assert block.start == read
