"""What the agenda's Summary sheet carries from one run to the next (when it was
planned, its re-planning horizon, its calendar id and SEQUENCE), the calendar event
UIDs built from it, and the organisers' summary tables."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from asmex_sched.domain import (
    GROUP_ALL,
    GROUP_BUYERS,
    GROUP_EXPORTERS,
    Agenda,
    Mission,
    PublishedMeeting,
    build_slots,
    from_local_iso,
    time_zone,
)
from asmex_sched.report.words import hhmm, short_day

#: Origin of calendar SEQUENCE numbers (see :func:`calendar_sequence`).
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def minutes_since_epoch(local: datetime, timezone: str) -> int:
    """Minutes from :data:`SEQUENCE_EPOCH` to ``local`` (naive, in ``timezone``)."""
    aware = local.replace(tzinfo=time_zone(timezone) or UTC)
    return max(1, int((aware - SEQUENCE_EPOCH).total_seconds() // 60))


def calendar_sequence(agenda: Agenda) -> int:
    """The SEQUENCE of every calendar event written from an agenda.

    ``plan`` records it in the Summary (``calendar_sequence``): the minutes from
    2020-01-01 UTC to the plan's "now", and always at least one more than the previous
    agenda's, so that every update wins in a calendar (RFC 5545 ignores one whose
    SEQUENCE is not higher): two re-plans in the same minute, or one with ``--now``
    earlier than the last, gave equal or lower numbers (a second reader). Agendas
    written before the field existed: the minutes to their ``planned_at``; 0 when
    neither is there."""
    return summary_sequence(agenda.summary, agenda.mission.timezone)


def summary_field(summary: Mapping[str, object], key: str) -> str:
    """A Summary value as text, "" when absent or empty."""
    return str(summary.get(key, "") or "").strip()


def summary_sequence(summary: Mapping[str, object], timezone: str | None = None) -> int:
    """:func:`calendar_sequence` from an agenda's Summary alone (the rest of the agenda
    may not read: ``plan --fresh`` must still go above it); ``timezone`` defaults to the
    Summary's."""
    recorded = summary_field(summary, "calendar_sequence")
    if recorded.isdigit():
        return int(recorded)
    stamp = summary_planned_at(summary, timezone)
    zone = timezone or summary_field(summary, "timezone") or "UTC"
    return minutes_since_epoch(stamp, zone) if stamp else 0


#: Right-hand side of every calendar event UID.
UID_DOMAIN = "asmex-sched"


def new_calendar_id(mission: Mission) -> str:
    """The calendar id of a mission planned for the first time: 10 hex digits of a
    hash of its name, city, first day and time zone (deterministic: same roster,
    same files)."""
    text = "\n".join((mission.name, mission.city, mission.first_day.isoformat(), mission.timezone))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def calendar_id(agenda: Agenda) -> str:
    """The mission's part of the UID of every calendar event an agenda's reports give
    (:func:`event_uid`): the id its Summary records (``calendar_id``), "" for an agenda
    written before the field existed, whose events went out with UIDs made of the
    meeting id alone. A re-plan keeps its baseline's. Two missions' events with the
    same pair of company ids (``E01--B01``) had the same UID: a company in both
    missions saw the second mission's meeting replace the first's in its calendar."""
    return summary_field(agenda.summary, "calendar_id")


def carried_calendar_id(summary: Mapping[str, object] | None, mission: Mission) -> str:
    """The calendar id of a plan without a baseline (``--fresh``) over a previous agenda
    whose Summary is ``summary`` (``None``: none could be read): that agenda's, when it
    is the same mission (same first day, city and time zone; the name may have been
    corrected), so that calendars update the events they already hold; otherwise, or
    without one, a new one (:func:`new_calendar_id`): another mission planned over an
    old agenda file must not update that mission's events (a yearly mission keeps its
    name and city)."""
    if summary is not None:
        old = tuple(summary_field(summary, k) for k in ("first_day", "city", "timezone"))
        if old == (mission.first_day.isoformat(), mission.city, mission.timezone):
            return summary_field(summary, "calendar_id")
    return new_calendar_id(mission)


def event_uid(meeting_id: str, calendar: str) -> str:
    """The UID of a meeting's calendar event: ``E01--B07.<calendar id>@asmex-sched``
    (``E01--B07@asmex-sched`` for agendas written before calendar ids). A pair meets
    at most once (H1), so it is stable across re-plans."""
    return f"{meeting_id}.{calendar}@{UID_DOMAIN}" if calendar else f"{meeting_id}@{UID_DOMAIN}"


def planned_at(agenda: Agenda) -> datetime | None:
    """The agenda's ``Summary`` ``planned_at`` (mission-local time), if readable."""
    return summary_planned_at(agenda.summary, agenda.mission.timezone)


def _summary_time(summary: Mapping[str, object], key: str, timezone: str | None) -> datetime | None:
    """A Summary time as a naive mission time (``fold`` set by its offset, written since
    session 26; one without an offset as written), ``None`` when empty or unreadable."""
    text = summary_field(summary, key)
    if not text:
        return None
    try:
        moment = from_local_iso(text, timezone or summary_field(summary, "timezone"))
    except ValueError:
        return None
    return moment.replace(second=0, microsecond=0)


def summary_planned_at(
    summary: Mapping[str, object], timezone: str | None = None
) -> datetime | None:
    """The Summary's ``planned_at``; ``timezone`` defaults to the Summary's."""
    return _summary_time(summary, "planned_at", timezone)


def summary_horizon(summary: Mapping[str, object], timezone: str | None = None) -> datetime | None:
    """The Summary's ``horizon`` (a first or ``--fresh`` plan, or an agenda written
    before it, has none: ``None``); ``timezone`` defaults to the Summary's."""
    return _summary_time(summary, "horizon", timezone)


@dataclass(frozen=True)
class TierFigures:
    """A tier's row of the Summary (``tier_S1a``: ``15 (bound 17)``), read back."""

    value: int
    bound: int | None  # None: "bound -", the tier has none
    optimal: bool  # "optimal", or S5's "optimal for the meetings chosen"


_TIER_TEXT = re.compile(r"^(-?\d+) \(bound (-?\d+|-)(, optimal[^)]*)?\)$")


def tier_text(
    rule: str, value: int, bound: int | None, optimal: bool, *, by_half_day: bool = False
) -> str:
    """A tier's figures as the Summary's ``tier_<rule>`` says them: ``15 (bound 17)``,
    ``11 (bound 11, optimal)``, ``3 (bound -)``; :func:`summary_tier` reads them back.
    S5 is proven where stage 2 places the meetings and half-days the tiers above chose:
    another choice, equal on each of them, may leave fewer idle slots (an optimality
    auditor found 4 where 1 was possible). ``by_half_day``: S3 proven as the selection
    of half-days counts it, beside a ``changes_cost`` that counts more (moves within a
    half-day, tables), which is not proven: "18 (bound 18, optimal)" beside a
    ``changes_cost`` of 22 read as 22 proven (a tester found a plan of 20)."""
    if rule == "S5":
        proven = ", optimal for the meetings chosen"
    elif by_half_day:
        proven = ", optimal counted by half-day"
    else:
        proven = ", optimal"
    return f"{value} (bound {bound if bound is not None else '-'}{proven if optimal else ''})"


def summary_tier(summary: Mapping[str, object], rule: str) -> TierFigures | None:
    """The Summary's ``tier_<rule>`` as figures (:func:`tier_text` writes it); ``None``
    where the run did not settle that tier or the text is not one ``plan`` writes (an
    agenda edited by hand)."""
    m = _TIER_TEXT.match(str(summary.get(f"tier_{rule}") or "").strip())
    if m is None:
        return None
    bound = None if m[2] == "-" else int(m[2])
    return TierFigures(int(m[1]), bound, m[3] is not None)


# ---------------------------------------------------------------- summary
@dataclass(frozen=True)
class SummaryTable:
    """One sheet of the organisers' ``summary.xlsx``."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def summary_tables(agenda: Agenda) -> tuple[SummaryTable, ...]:
    """The organisers' view: overview, meetings per day and sector, interpreter
    load and table occupancy per slot, worst-off companies (English)."""
    mission = agenda.mission
    companies = {c.id: c for c in (*agenda.exporters, *agenda.buyers)}
    meetings = agenda.meetings
    days = sorted({*mission.dates, *(m.day for m in meetings)})

    # -- meetings per day and sector (sector = the exporter's first sector)
    def sector_of(m: PublishedMeeting) -> str:
        c = companies.get(m.exporter_id)
        return c.sectors[0] if c and c.sectors else "(no sector)"

    per = Counter((sector_of(m), m.day) for m in meetings)
    sectors = sorted({s for s, _ in per})
    day_cols = tuple(f"{d.isoformat()} ({short_day(d)})" for d in days)
    rows: list[tuple[object, ...]] = [
        (s, *(per[(s, d)] for d in days), sum(per[(s, d)] for d in days)) for s in sectors
    ]
    per_day = Counter(m.day for m in meetings)
    rows.append(("Total", *(per_day[d] for d in days), len(meetings)))
    by_sector = SummaryTable("Per day and sector", ("sector", *day_cols, "total"), tuple(rows))

    # -- per slot: interpreters and tables
    slot_times = {(s.day, s.start): s.end for s in build_slots(mission)}
    for m in meetings:
        slot_times.setdefault((m.day, m.start), m.end)
    booked = Counter((m.day, m.start) for m in meetings if m.interpreter)
    used = Counter((m.day, m.start) for m in meetings)
    interp_rows = []
    table_rows = []
    # A slot when the whole mission, or a whole side, is away (an opening ceremony, a
    # site visit) holds no meeting: its tables and interpreters are not capacity (the
    # occupancy was understated, a second reader).
    closed = {
        (d, s)
        for (d, s), e in slot_times.items()
        for u in agenda.unavailability
        if u.participant in (GROUP_ALL, GROUP_EXPORTERS, GROUP_BUYERS)
        and u.day == d
        and u.start < e
        and s < u.end
    }
    # Before the re-plan, a slot had what its meetings used if more (the tables or
    # interpreters lowered since: Monday read "2 of 1, 200 %"; a tester). Not up to the
    # horizon: the meetings still to come within the notice period are kept where they
    # are, over the new limit, and the coordinator must see it (an ill interpreter's
    # Thursday read "3 of 3, 100 %" with 2 left; a cron week's tester).
    horizon = summary_horizon(agenda.summary, mission.timezone) and planned_at(agenda)
    total_interp = total_tables = 0
    for (d, s), e in sorted(slot_times.items()):
        usable = (d, s) not in closed
        n_interp, n_tables = (mission.interpreters, mission.tables) if usable else (0, 0)
        if horizon is not None and datetime.combine(d, s) < horizon:
            n_interp, n_tables = max(n_interp, booked[(d, s)]), max(n_tables, used[(d, s)])
        total_interp += n_interp
        total_tables += n_tables
        interp_rows.append(
            (
                d.isoformat(),
                hhmm(s),
                hhmm(e),
                booked[(d, s)],
                n_interp,
                _pct(booked[(d, s)], n_interp),
            )
        )
        table_rows.append(
            (d.isoformat(), hhmm(s), hhmm(e), used[(d, s)], n_tables, _pct(used[(d, s)], n_tables))
        )
    interp_rows.append(
        (
            "Total",
            "",
            "",
            sum(booked.values()),
            total_interp,
            _pct(sum(booked.values()), total_interp),
        )
    )
    table_rows.append(
        (
            "Total",
            "",
            "",
            len(meetings),
            total_tables,
            _pct(len(meetings), total_tables),
        )
    )
    interpreters = SummaryTable(
        "Interpreters per slot",
        ("date", "start", "end", "interpreters_booked", "interpreters_available", "load_pct"),
        tuple(interp_rows),
    )
    tables = SummaryTable(
        "Tables per slot",
        ("date", "start", "end", "tables_used", "tables_available", "occupancy_pct"),
        tuple(table_rows),
    )

    # -- worst-off companies: fewest meetings first, then lowest share of requests; a
    # company's meetings under its former ids count as its own (a corrected id was
    # listed with what it held since, and counted as a company that left; a reader).
    now_id = {old: cid for old, cid in agenda.id_now.items() if cid in companies}
    held = Counter()
    for m in meetings:
        for cid in m.key:
            held[now_id.get(cid, cid)] += 1
    unmet = Counter()
    for u in agenda.unscheduled:
        for cid in (u.exporter_id, u.buyer_id):
            unmet[now_id.get(cid, cid)] += 1
    worst = []
    for c in companies.values():
        if c.id in agenda.departed:
            continue
        requests = held[c.id] + unmet[c.id]
        worst.append(
            (
                c.side.value,
                c.id,
                c.name,
                held[c.id],
                unmet[c.id],
                requests,
                # No request, no share: 0 read as "0 % served" (a reader).
                _pct(held[c.id], requests) if requests else None,
            )
        )
    worst.sort(key=lambda r: (r[3], r[6] if r[5] else 100.0, r[0], r[1]))
    worst_table = SummaryTable(
        "Worst-off companies",
        ("side", "id", "company", "meetings", "unmet_requests", "requests", "share_pct"),
        tuple(worst),
    )

    overview = SummaryTable(
        "Overview",
        ("key", "value"),
        (
            ("mission", mission.name),
            ("city", mission.city),
            ("venue", mission.venue),
            ("timezone", mission.timezone),
            ("dates", f"{days[0].isoformat()} to {days[-1].isoformat()}" if days else ""),
            ("exporters", sum(1 for c in agenda.exporters if c.id not in agenda.departed)),
            ("buyers", sum(1 for c in agenda.buyers if c.id not in agenda.departed)),
            ("meetings", len(meetings)),
            ("meetings_with_interpreter", sum(booked.values())),
            ("unscheduled_requests", len(agenda.unscheduled)),
            (
                "companies_without_meeting",
                sum(1 for c in companies if not held[c] and c not in agenda.departed),
            ),
            # Named for what it counts: a company deleted from the roster before
            # holding a meeting is not in the agenda at all (a trade-fair tester read
            # 14 "companies_that_left" after 30 buyers cancelled; session 68).
            ("companies_that_left_after_meetings", len(agenda.departed - set(now_id))),
            ("planned_at", str(agenda.summary.get("planned_at", ""))),
            # which agenda a report folder last got (io.report_files: a full report
            # after several re-plans warns only when that was an older one)
            ("calendar_id", calendar_id(agenda)),
            ("calendar_sequence", calendar_sequence(agenda)),
        ),
    )
    return (overview, by_sector, interpreters, tables, worst_table)


def dtstamp_default(mission: Mission) -> datetime:
    """Stamp used when the agenda has no ``planned_at``: the day before the mission."""
    return datetime.combine(mission.first_day - timedelta(days=1), time(0, 0))
