"""Shared factories for the model, solve, greedy and explain tests.

``make_instance`` builds domain objects directly (no roster reader): exporters
``E1, E2, ...``, buyers ``B1, B2, ...``, every day from 09:00 with 30-minute
meetings, ``slots_per_day`` slots back to back (so day_end = 09:00 + 30 x
slots_per_day). Without breaks the half-day boundary is 13:00, so a day of up
to 8 slots is a single (morning) session; slots 8, 9, ... of a day start the
afternoon session.

``assert_valid`` is the check every solver test runs on every result: the
independent validator finds nothing and recomputes exactly the score the
solver reported.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from random import Random

import pytest
from hypothesis import settings

from asmex_sched.domain import (
    Company,
    FixedMeeting,
    Instance,
    Mission,
    PublishedMeeting,
    Request,
    RequestedBy,
    Schedule,
    Side,
    SolveResult,
    SolveStatus,
    Unavailability,
)
from asmex_sched.model.solve import SolveOptions
from asmex_sched.validate import score, validate

# Property tests draw the same examples on every run (`make test` and CI are
# reproducible: a failure there can be replayed); `HYPOTHESIS_PROFILE=explore`
# draws fresh random examples instead, to search for new counterexamples.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

DAY = date(2025, 3, 10)
START = time(9, 0)
MINUTES = 30


def opts(time_limit: float = 2.0) -> SolveOptions:
    """Tiny solver budget, one worker (the product's default).

    Two interleaved workers are exercised by
    ``test_solve.py::test_interleaved_workers_do_not_crash_when_the_hint_is_optimal``.
    """
    return SolveOptions(time_limit=time_limit, workers=1)


RequestSpec = tuple[int, int] | tuple[int, int, int] | tuple[int, int, int, object]


def random_requests(
    rng: Random, exporters: int, buyers: int, p: float
) -> list[tuple[int, int, int, str]]:
    """Each (exporter, buyer) pair requested with probability ``p``: a random priority
    1-3 and a random requesting side, drawn from ``rng`` pair by pair."""
    return [
        (e, b, rng.randint(1, 3), rng.choice(["exporter", "buyer", "both"]))
        for e in range(1, exporters + 1)
        for b in range(1, buyers + 1)
        if rng.random() < p
    ]


def clock(slot_in_day: int) -> time:
    """Start time of the ``slot_in_day``-th slot of a day without breaks (0-based)."""
    t = datetime.combine(DAY, START) + timedelta(minutes=MINUTES * slot_in_day)
    return t.time()


def _by(value: object) -> RequestedBy:
    if isinstance(value, RequestedBy):
        return value
    return RequestedBy(str(value))


def make_instance(
    exporters: int = 2,
    buyers: int = 2,
    days: int = 1,
    slots_per_day: int = 4,
    tables: int = 10,
    interpreters: int = 0,
    requests: Iterable[RequestSpec] | None = None,
    languages: Mapping[str, Sequence[str]] | None = None,
    delegates: Mapping[str, int] | None = None,
    unavailability: Iterable[Unavailability | tuple[str, int, int, int]] = (),
    fixed: Iterable[FixedMeeting | tuple] = (),
    max_meetings: Mapping[str, int] | None = None,
    breaks: Sequence[tuple[time, time]] = (),
) -> Instance:
    """A small instance built from plain numbers.

    requests
        ``(e, b, priority, requested_by)`` with 1-based company numbers (``(1, 2)``
        is ``E1``-``B2``); priority defaults to 2, requested_by to ``exporter``
        (a ``RequestedBy`` or its value). ``None`` requests every pair.
    languages, delegates, max_meetings
        By company id (``{"E1": 2}``); unlisted companies get no language, one
        delegate, no maximum.
    unavailability
        ``Unavailability`` objects, or ``(participant, day_index, first_slot,
        end_slot)``: the participant is away from the start of slot
        ``first_slot`` of that day to the start of slot ``end_slot`` (exclusive;
        slot positions as in a day without breaks).
    fixed
        ``FixedMeeting`` objects, or ``(e, b, global_slot_index[, table])``.
    """
    languages = languages or {}
    delegates = delegates or {}
    max_meetings = max_meetings or {}
    day_end = (datetime.combine(DAY, START) + timedelta(minutes=MINUTES * slots_per_day)).time()
    mission = Mission(
        first_day=DAY,
        days=days,
        day_start=START,
        day_end=day_end,
        meeting_minutes=MINUTES,
        breaks=tuple(breaks),
        tables=tables,
        interpreters=interpreters,
    )

    def company(cid: str, side: Side) -> Company:
        return Company(
            cid,
            f"{'Exporter' if side == Side.EXPORTER else 'Buyer'} {cid[1:]}",
            side,
            languages=tuple(languages.get(cid, ())),
            delegates=delegates.get(cid, 1),
            max_meetings=max_meetings.get(cid),
        )

    exps = tuple(company(f"E{i}", Side.EXPORTER) for i in range(1, exporters + 1))
    buys = tuple(company(f"B{j}", Side.BUYER) for j in range(1, buyers + 1))
    if requests is None:
        requests = [(i, j) for i in range(1, exporters + 1) for j in range(1, buyers + 1)]
    reqs: dict[tuple[str, str], Request] = {}
    for spec in requests:
        e, b, *rest = spec
        priority = int(rest[0]) if rest else 2  # type: ignore[call-overload]
        by = _by(rest[1]) if len(rest) > 1 else RequestedBy.EXPORTER
        r = Request(f"E{e}", f"B{b}", priority, by)
        assert r.key not in reqs, f"duplicate request {r.key}"
        reqs[r.key] = r
    blocks: list[Unavailability] = []
    for u in unavailability:
        if isinstance(u, Unavailability):
            blocks.append(u)
        else:
            who, d, first, end = u
            blocks.append(
                Unavailability(who, DAY + timedelta(days=d), clock(first), clock(end), "test")
            )
    inst = Instance(mission, exps, buys, tuple(reqs.values()), tuple(blocks))
    fixed_meetings = tuple(f if isinstance(f, FixedMeeting) else fixed_at(inst, *f) for f in fixed)
    return inst.replace(fixed=fixed_meetings) if fixed_meetings else inst


def fixed_at(
    inst: Instance,
    e: int | str,
    b: int | str,
    slot: int,
    table: int | None = None,
    source: str = "fixed",
) -> FixedMeeting:
    """A fixed/pinned meeting of ``E{e}``-``B{b}`` at global slot ``slot`` of ``inst``."""
    s = inst.slots[slot]
    eid = e if isinstance(e, str) else f"E{e}"
    bid = b if isinstance(b, str) else f"B{b}"
    return FixedMeeting(eid, bid, s.day, s.start, table, source)


def published(inst: Instance, schedule: Schedule) -> tuple[PublishedMeeting, ...]:
    """The schedule as a published agenda (the baseline of a re-plan)."""
    out = []
    for m in schedule.meetings:
        s = inst.slots[m.slot]
        r = inst.request_by_key.get(m.key)
        out.append(
            PublishedMeeting(
                m.exporter_id,
                m.buyer_id,
                s.day,
                s.start,
                s.end,
                m.table,
                priority=r.priority if r else None,
                requested_by=r.requested_by.value if r else "",
                interpreter=m.interpreter,
                locked=m.locked,
            )
        )
    return tuple(out)


def assert_valid(
    instance: Instance,
    result: SolveResult,
    pinned: Sequence[FixedMeeting] = (),
    baseline: Sequence[PublishedMeeting] = (),
) -> None:
    """A solved plan breaks no hard rule and reports the validator's own score."""
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE), (
        result.status,
        result.message,
    )
    violations = validate(instance, result.schedule, pinned)
    assert violations == [], "\n".join(str(v) for v in violations)
    assert result.score is not None, result.message
    expected = score(instance, result.schedule, baseline)
    fields = ["worst_off", "next_worst", "value", "buyer_half_days", "buyer_gaps", "meetings",
              "half_day_positions"]  # fmt: skip
    if baseline:
        fields.append("changes")
    got = {f: getattr(result.score, f) for f in fields}
    want = {f: getattr(expected, f) for f in fields}
    assert got == want, f"solver score {got} != validator score {want}"
    # The solver's own tier values too (docs/model.md says the tests compare them; only
    # the score was, and an audit found a tier read 0 "optimal" where S3 was 2): the
    # same figures, but S3, which stage 1 counts on half-days (a move within one, or
    # to another table, is not counted there).
    tiers = {t.rule: t.value for t in result.tiers}
    for rule, field in (("S1a", "worst_off"), ("S1b", "next_worst"), ("S2", "value"),
                        ("S2b", "meetings"), ("S4", "buyer_half_days"), ("S5", "buyer_gaps")):
        if rule in tiers:
            assert tiers[rule] == getattr(expected, field), (rule, tiers[rule], expected)
    if "S3" in tiers:
        assert tiers["S3"] <= expected.changes, (tiers["S3"], expected.changes)
    if result.value_bound is not None:
        assert result.value_bound >= result.score.value
        # plans as fair are plans: the value tier's bound is within the LP bound (it read
        # "8026 (bound 8033)" beside a value bound of 8032; a 100-company tester)
        s2 = next((t for t in result.tiers if t.rule == "S2"), None)
        if s2 is not None and s2.bound is not None:
            assert s2.bound <= result.value_bound, (s2, result.value_bound)


@pytest.fixture
def tiny() -> Instance:
    """2 exporters x 2 buyers, every pair requested (priority 2), one morning of 4 slots."""
    return make_instance()


@pytest.fixture
def without_clock_nets(monkeypatch: pytest.MonkeyPatch) -> None:
    """The solver's wall-clock nets (a safety for a busy machine) out of the way: a test
    that compares plans at a deterministic budget then gets the same plans on a slow
    machine. On a slow hour (``make demo`` 33 s instead of 20) the nets stopped steps of
    two re-planning tests, which failed in ``make test`` and in CI (session 33), and a
    step of the larger pipelines' determinism test with two helpers' runs beside the
    suite (session 34: S4 FEASIBLE at 0.98 s wall for 0.18 deterministic s)."""
    from asmex_sched.model import run, tiers

    for module in (run, tiers):  # each reads the nets from its own globals
        monkeypatch.setattr(module, "WALL_SLACK", 20.0)
        monkeypatch.setattr(module, "STEP_WALL_SLACK", 50.0)


def ods_bytes() -> bytes:
    """An OpenDocument spreadsheet as LibreOffice writes it: a zip whose first entry,
    stored, is its ``mimetype`` (an .ods saved under .xlsx read "There is no item named
    '[Content_Types].xml' in the archive"; a hand-editing tester)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def seats_filled(seats_of: list[list[tuple[int, int]]]) -> int:
    """The most of the requests ``seats_of`` (each a list of its possible seats,
    ``(slot, delegate)``) that can be seated together, one request a seat: a
    depth-first matching, written apart from the domain's (``Instance._matchable``) for
    the tests of the fairness cap to check it against."""
    taken: dict[tuple[int, int], int] = {}

    def place(i: int, seen: set[tuple[int, int]]) -> bool:
        for seat in seats_of[i]:
            if seat not in seen:
                seen.add(seat)
                if seat not in taken or place(taken[seat], seen):
                    taken[seat] = i
                    return True
        return False

    return sum(place(i, set()) for i in range(len(seats_of)))


@pytest.fixture
def bench_doc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The benchmark runner writing to a doc of its own (only the new sections' anchor),
    its records and generated rosters under ``tmp_path``: for tests that run
    ``benchmarks.run.main`` with fake runs. Returns the doc's path."""
    from benchmarks import run

    doc = tmp_path / "doc.md"
    doc.write_text(f"# P\n\n{run.NEW_SECTIONS}\n")
    monkeypatch.setattr(run, "OUT", tmp_path)
    monkeypatch.setattr(run, "DOC", doc)
    monkeypatch.setattr(run, "instance_path", lambda preset, seed: tmp_path / f"{seed}.xlsx")
    return doc
