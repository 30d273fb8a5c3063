"""One company's document: titled blocks of fields and tables, in its language, that
the xlsx and PDF writers render identically (:func:`document`), and its calendar event
texts (:func:`event_text`)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from datetime import date, time

from asmex_sched.domain import ChangeKind, Mission, Side, build_slots
from asmex_sched.report.agendas import AgendaLine, CancelledLine, CompanyAgenda
from asmex_sched.report.reasons import block_reason, change_reason, unmet_text
from asmex_sched.report.words import (
    _flat,
    format_date,
    hhmm,
    label,
    mission_dates,
    mission_place,
    typeset,
    utc_offsets,
)


# --------------------------------------------------------------- document
@dataclass(frozen=True)
class Block:
    """A titled part of a printed agenda.

    ``kind`` is ``fields`` (``rows`` are ``(label, value)`` pairs) or ``table``
    (``columns`` then ``rows``); an empty table shows ``empty`` instead.
    ``key`` names the block for writers and tests: ``mission``, ``company``,
    ``changes``, ``meetings``, ``unmet``.
    """

    key: str
    title: str
    kind: str
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[object, ...], ...] = ()
    empty: str = ""
    widths: tuple[int, ...] = ()  # relative column widths (characters)


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def block(self, key: str) -> Block | None:
        return next((b for b in self.blocks if b.key == key), None)


def _yes_no(flag: bool, lang: str) -> str:
    return label("yes" if flag else "no", lang)


def _when(day: date | None, start: time | None, table: int | None, lang: str) -> str:
    if day is None or start is None:
        return ""
    when = f"{format_date(day, lang)} {hhmm(start)}"
    return label("at_table", lang, when=when, table=table) if table is not None else when


#: Columns of the meeting table, in order (label keys) and their relative widths.
MEETING_COLUMNS: tuple[str, ...] = (
    "date",
    "start",
    "end",
    "table",
    "counterpart",
    "sectors",  # (a meeting's counterpart may have several: "ICT; manufacturing")
    "contact",
    "email",
    "phone",
    "interpreter",
    "ref",
)


_MEETING_WIDTHS = (25, 7, 7, 6, 28, 15, 20, 34, 18, 12, 16)


def meeting_hours(mission: Mission) -> tuple[tuple[time, time], tuple[tuple[time, time], ...]]:
    """The hours meetings are held (the first slot's start, the last one's end) and the
    breaks between them, from the slot grid: with 45-minute meetings the agendas said
    09:00–17:30 and a break 12:30–14:00 from the settings, while the last meetings
    ended at 12:00 and 17:00 (a tester). The settings' when there is no slot."""
    day = [s for s in build_slots(mission) if s.day_index == 0]
    if not day:
        return (mission.day_start, mission.day_end), tuple(mission.breaks)
    gaps = tuple((a.end, b.start) for a, b in itertools.pairwise(day) if a.end < b.start)
    return (day[0].start, day[-1].end), gaps


def document(ca: CompanyAgenda) -> Document:
    """The printed agenda of one company, as blocks in its language."""
    lang, m, c = ca.lang, ca.mission, ca.company

    def L(key: str, **kw: object) -> str:  # noqa: N802 - short local alias
        return label(key, lang, **kw)

    # not the mission's name: the line under the title gives it, and a row "Mission"
    # under the heading "Mission" read it twice more (a reader). A row the roster left
    # blank (its city, its venue) is not printed: "Lieu" with nothing beside it, while
    # the calendar events of the same company named the city (a report reader).
    mission_rows = [
        (k, v)
        for k, v in (
            (L("city"), m.city),
            (L("dates"), mission_dates(m, lang)),
            (L("venue"), m.venue),
            (L("timezone"), L("timezone_note", tz=m.timezone, offset=utc_offsets(m, lang))),
            (L("hours"), "–".join(hhmm(t) for t in meeting_hours(m)[0])),
        )
        if (v or "").strip()
    ]
    gaps = meeting_hours(m)[1]
    if gaps:  # a delegate plans around them (a second reader: never shown)
        mission_rows.append((L("breaks"), ", ".join(f"{hhmm(a)}–{hhmm(b)}" for a, b in gaps)))
    company_rows = [
        (L("company"), c.name),
        (L("reference"), c.id),
        (L("side"), L("exporter") if c.side == Side.EXPORTER else L("buyer")),
        (L("sectors"), "; ".join(c.sectors)),
        (L("languages"), "; ".join(c.languages)),
        (L("delegates"), c.delegates),
        (L("contact"), c.contact),
        (L("email"), c.email),
        (L("phone"), c.phone),
        (
            L("meeting_total"),  # not the title of the meeting table below, again
            L("meeting_count_1")
            if len(ca.meetings) == 1
            else L("meeting_count", n=len(ca.meetings)),
        ),
    ]
    blocks = [
        Block("mission", L("mission"), "fields", rows=tuple(mission_rows)),
        Block("company", L("company_section"), "fields", rows=tuple(company_rows)),
    ]
    if ca.changes:
        blocks.append(
            Block(
                "changes",
                L("changes"),
                "table",
                columns=(L("change"), L("counterpart"), L("before"), L("after"), L("reason")),
                rows=tuple(
                    (
                        # the column heading "Interpreter" is capitalised, a change
                        # kind is not (a cron week's tester)
                        L("change_interpreter" if ch.kind == ChangeKind.INTERPRETER
                          else ch.kind.value),  # fmt: skip
                        ch.counterpart,
                        _when(ch.old_day, ch.old_start, ch.old_table, lang),
                        _when(ch.new_day, ch.new_start, ch.new_table, lang),
                        change_reason(ch.reason, lang, c, (ch.counterpart_id, ch.counterpart),
                                      ca.mission.notice_hours),  # fmt: skip
                    )
                    for ch in ca.changes
                ),
                widths=(12, 30, 36, 36, 30),
            )
        )
    blocks.append(
        Block(
            "meetings",
            L("meetings"),
            "table",
            columns=tuple(L(k) for k in MEETING_COLUMNS),
            rows=tuple(
                (
                    format_date(x.day, lang),
                    hhmm(x.start),
                    hhmm(x.end),
                    x.table,
                    x.counterpart,
                    "; ".join(x.sectors),
                    x.contact,
                    x.email,
                    x.phone,
                    _yes_no(x.interpreter, lang),
                    x.meeting_id,
                )
                for x in ca.meetings
            ),
            empty=L("no_meeting"),
            widths=_MEETING_WIDTHS,
        )
    )
    if ca.blocked:
        blocks.append(
            Block(
                "blocked",
                L("blocked"),
                "table",
                columns=(L("date"), L("start"), L("end"), L("reason")),
                rows=tuple(
                    (format_date(u.day, lang), hhmm(u.start), hhmm(u.end),
                     block_reason(u.reason, lang))
                    for u in ca.blocked
                ),  # fmt: skip
                widths=(30, 8, 8, 60),
            )
        )
    if ca.unmet:
        blocks.append(
            Block(
                "unmet",
                L("unmet"),
                "table",
                columns=(L("counterpart"), L("reason")),
                rows=tuple(
                    (u.counterpart,
                     unmet_text(u, c, lang, bool(ca.meetings), ca.mission.notice_hours))
                    for u in ca.unmet
                ),
                widths=(40, 90),
            )
        )
    # On one line: the title cells are not wrapped, and Excel shows a line break typed
    # in the name as nothing ("Société Généraled'Export"; a report reader).
    doc = Document(f"{L('title')} — {_flat(c.name)}", _flat(m.name), tuple(blocks))
    return _typeset_document(doc, lang)


def _typeset_document(doc: Document, lang: str) -> Document:
    """``doc`` with every text set as ``lang`` sets it (:func:`typeset`)."""
    if lang != "fr":
        return doc

    def t(value: object) -> object:
        return typeset(value, lang) if isinstance(value, str) else value

    blocks = tuple(
        replace(
            b,
            title=typeset(b.title, lang),
            columns=tuple(typeset(name, lang) for name in b.columns),
            rows=tuple(tuple(t(v) for v in row) for row in b.rows),
            empty=typeset(b.empty, lang),
        )
        for b in doc.blocks
    )
    return Document(typeset(doc.title, lang), typeset(doc.subtitle, lang), blocks)


@dataclass(frozen=True)
class EventText:
    summary: str
    location: str
    description: str


def event_text(ca: CompanyAgenda, line: AgendaLine | CancelledLine) -> EventText:
    """Calendar texts of one meeting (or cancelled meeting) in the company's language."""
    lang = ca.lang
    m = ca.mission
    venue = (line.place if isinstance(line, CancelledLine) else "") or mission_place(m)
    table = line.table
    location = label("event_location", lang, venue=venue, table=table) if table else venue
    sep = " : " if lang == "fr" else ": "  # French puts a space before the colon

    def field(key: str, value: object) -> str:
        return f"{label(key, lang)}{sep}{value}"

    if isinstance(line, CancelledLine):
        summary = label("event_cancelled", lang, name=_flat(line.counterpart))
        details = [field("counterpart", f"{_flat(line.counterpart)} ({line.counterpart_id})")]
        reason = change_reason(
            line.reason, lang, ca.company, (line.counterpart_id, line.counterpart),
            m.notice_hours,
        )  # fmt: skip
        if reason:
            details.append(field("reason", reason))
    else:
        summary = label("event_summary", lang, name=_flat(line.counterpart))
        # a field the counterpart left blank is left out ("Phone: " and nothing; a
        # proofreader); each on one line (a contact typed on two, Alt+Enter, gave an
        # unlabelled line; a calendars tester)
        details = [
            field(key, _flat(value))
            for key, value in (
                ("counterpart", f"{line.counterpart} ({line.counterpart_id})"),
                # "Secteur : ICT; manufacturing" (a French recipients' reader)
                ("sectors" if len(line.sectors) > 1 else "sector", "; ".join(line.sectors)),
                ("contact", line.contact),
                ("email", line.email),
                ("phone", line.phone),
                ("interpreter", _yes_no(line.interpreter, lang)),
            )
            if value
        ]
    details.append(field("mission", _flat(m.name)))
    details.append(field("ref", line.meeting_id))  # with its colon, as every other line
    return EventText(
        typeset(summary, lang), typeset(_flat(location), lang), typeset("\n".join(details), lang)
    )
