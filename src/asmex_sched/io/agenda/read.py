"""The agenda read back into a :class:`~asmex_sched.domain.Agenda`
(:func:`read_agenda`), or its Summary alone (:func:`read_agenda_summary`), a mission
as its Mission sheet reads back (:func:`mission_as_read`), and as its Summary's
``mission_written`` records it (:func:`mission_written_text`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import time, timedelta
from pathlib import Path

from asmex_sched import __version__
from asmex_sched.domain import Agenda, Mission, Side, mission_hash
from asmex_sched.errors import InputError, NewerAgendaError, Problem
from asmex_sched.io.agenda.cells import _text
from asmex_sched.io.agenda.comments import cell_comments
from asmex_sched.io.agenda.layout import (
    AGENDA_FORMAT,
    AS_WRITTEN,
    BUYERS,
    CHANGES,
    EXPORTERS,
    MEETINGS,
    MISSION,
    MISSION_COLUMNS,
    SUMMARY,
    SUMMARY_COLUMNS,
    UNAVAILABILITY,
    UNSCHEDULED,
    day_sheet_name,
    newer_format,
)
from asmex_sched.io.agenda.sheets import (
    _check_former_ids,
    _check_summary_times,
    _hash_of,
    _locks_as_written,
    _read_as_written,
    _read_changes,
    _read_companies,
    _read_meetings,
    _read_mission,
    _read_summary,
    _read_unavailability,
    _read_unscheduled,
)
from asmex_sched.io.agenda.tables import (
    _SHEET_COLUMNS,
    _load_tables,
    _open_workbook,
    _Problems,
    _Table,
    _table,
)
from asmex_sched.io.agenda.workbook import _cell_value
from asmex_sched.io.agenda.write import mission_rows


def _refuse_a_newer_format(path: Path, table: _Table) -> None:
    """Raise ``InputError`` when the agenda's ``agenda_format`` is above
    :data:`AGENDA_FORMAT` (written by a newer version), naming the cell."""
    for row, values in table.rows:
        if _text(table.get(values, "key")) != "agenda_format":
            continue
        text = _text(table.get(values, "value"))
        if newer_format(text):
            raise NewerAgendaError(
                [
                    Problem(
                        str(path),
                        f"written by a newer version of asmex-sched (agenda_format {text}; "
                        f"this version, {__version__}, reads agendas up to format "
                        f"{AGENDA_FORMAT}): upgrade asmex-sched here (the agenda is left "
                        "as it is; do not re-plan it with --fresh)",
                        SUMMARY,
                        row,
                        "B (value)",
                    )
                ]
            )


def read_agenda_summary(path: Path) -> dict[str, str] | None:
    """The ``Summary`` sheet of an agenda alone, as ``key -> value`` text, or ``None``
    when it does not read. For an agenda that does not read as a whole (``plan
    --fresh`` replaces it): its calendar id must still be kept (a second reader)."""
    problems = _Problems(str(path))
    wb = _open_workbook(Path(path), problems)
    if wb is None:
        return None
    try:
        if SUMMARY not in wb.sheetnames:
            return None
        ws = wb[SUMMARY]
        if hasattr(ws, "reset_dimensions"):  # a wrong <dimension> cut the rows short
            ws.reset_dimensions()
        rows = ws.iter_rows(min_row=2, max_col=2, values_only=True)
        return {_text(r[0]): _text(r[1]) for r in rows if len(r) == 2 and _text(r[0])}
    except Exception:  # noqa: BLE001 - a corrupt sheet is "no summary"
        return None
    finally:
        wb.close()


def mission_as_read(mission: Mission) -> Mission:
    """``mission`` as the agenda's Mission sheet reads it back: its text made
    workbook-safe and stripped, its numbers as the reader parses them. The Summary's
    ``mission_hash`` is of this, so that a roster's venue with a line break in it, or
    ``notice_hours`` 12 read back as 12.0, is not taken for a hand edit of the sheet on
    every run."""
    read = _mission_of_rows(mission_rows(mission))
    return mission if read is None else read


def _mission_of_rows(settings: Sequence[tuple[str, object]]) -> Mission | None:
    """The mission ``(setting, value)`` rows read as the Mission sheet reads them."""
    rows = [(row, (name, _cell_value(value)))
            for row, (name, value) in enumerate(settings, start=2)]  # fmt: skip
    return _read_mission(_Problems(""), _Table(MISSION, MISSION_COLUMNS, rows))


def mission_written_text(mission: Mission) -> str:
    """The Summary's ``mission_written``: every Mission setting as the sheet writes it
    (``mission_rows``), as JSON in the sheet's order. Its ``mission_hash`` alone did not
    tell what ``plan`` wrote once a setting the Summary does not record was typed over:
    with meeting_minutes typed, every meeting was read as ending later and re-planned as
    "moved", and the day grids of a first_day typed were taken for sheets added by hand
    (a re-check tester, session 67). Give it the mission as the agenda reads it back
    (:func:`mission_as_read`), as for the hash."""
    return json.dumps(dict(mission_rows(mission)), ensure_ascii=False)


def _mission_written(summary: Mapping[str, str]) -> Mission | None:
    """The mission ``plan`` wrote, from the Summary's ``mission_written``: ``None`` for
    an agenda written before the key, or one whose text does not read or no longer
    matches its ``mission_hash`` (the Summary typed over too: the sheet's as today)."""
    try:
        settings = json.loads(summary.get("mission_written", "") or "null")
    except ValueError:
        return None
    if not isinstance(settings, dict):
        return None
    written = _mission_of_rows(list(settings.items()))
    if written is None or mission_hash(written) != summary.get("mission_hash"):
        return None
    return written


def read_agenda(path: Path) -> Agenda:
    """Read an agenda workbook written by :func:`.write.write_agenda` (possibly edited).

    Only the ``Meetings`` sheet is authoritative for meetings; the day grids
    are for people and are ignored. Coordinators may re-type dates and times
    as Excel dates/times and set ``locked`` to yes/no/true/false/1/0/oui/non
    (blank is no); extra columns are ignored.

    Raises
    ------
    InputError
        Not an agenda (missing file, not an ``.xlsx``, missing ``Summary``,
        ``Meetings``, ``Exporters``, ``Buyers`` or ``Mission`` sheet, missing
        columns), or bad cells; every problem is listed with its sheet, row and
        column.
    """
    path = Path(path)
    problems = _Problems(str(path))
    wb = _open_workbook(path, problems)
    if wb is None:
        raise InputError(problems.items)
    try:
        if SUMMARY in wb.sheetnames:  # before the sheets a newer format may not have
            # its header found under a title too, which would have switched the refusal
            # off (a second reader); said once, by _load_tables
            _refuse_a_newer_format(path, _table(wb[SUMMARY], SUMMARY, SUMMARY_COLUMNS, warn=False))
        tables = _load_tables(wb, problems)
        sheet_names = list(wb.sheetnames)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a corrupt sheet must not crash the CLI
        problems.add(f"cannot read the workbook: {exc}")
        raise InputError(problems.items) from None
    finally:
        wb.close()
    if problems.items:
        raise InputError(problems.items)

    try:
        mission = _read_mission(problems, tables[MISSION])
        departed: set[str] = set()
        former: list[tuple[str, str, str, int, str]] = []
        exporters = _read_companies(problems, tables[EXPORTERS], Side.EXPORTER, departed, former)
        buyers = _read_companies(problems, tables[BUYERS], Side.BUYER, departed, former)
        _check_former_ids(problems, (*exporters, *buyers), departed, former)
        summary = _read_summary(problems, tables[SUMMARY])
        # What plan wrote is read with the mission it wrote, not one typed over in the
        # Mission sheet since: meeting_minutes typed made every end "typed by hand" and
        # every meeting "moved" by the re-plan, first_day typed made plan's own day
        # grids sheets "added by hand" (a re-check tester, session 67).
        written = _mission_written(summary)
        grid = written if written is not None else mission
        typed_ends: list[tuple[tuple[str, str], time]] = []
        meetings = _read_meetings(problems, tables[MEETINGS], grid, typed_ends)
        unscheduled = (
            _read_unscheduled(problems, tables[UNSCHEDULED]) if UNSCHEDULED in tables else ()
        )
        changes = _read_changes(problems, tables[CHANGES]) if CHANGES in tables else ()
        if grid is not None:
            _check_summary_times(problems, tables[SUMMARY], grid.timezone)
        as_written = _read_as_written(path, tables.get(AS_WRITTEN), grid)
        recorded = summary.get("meetings_hash", "")
        if as_written is not None and recorded and recorded != _hash_of(as_written):
            # edited too (unhidden, a move typed there as well): trusted, it hid the
            # hand edits from the Changes sheet and the reports (a hand-editing tester)
            as_written = None
        locks_as_written = None
        if as_written is not None and "locked" not in tables[MEETINGS].index:
            # (its aliases were taken for it by _read_meetings)
            meetings, locks_as_written = _locks_as_written(meetings, as_written)
        unavailability = (
            _read_unavailability(problems, tables[UNAVAILABILITY])
            if UNAVAILABILITY in tables
            else ()
        )
    except Exception as exc:  # noqa: BLE001 - a cell we did not foresee: still exit 2
        problems.add(f"cannot read the agenda: {type(exc).__name__}: {exc}")
        raise InputError(problems.items) from exc
    if problems.items or mission is None:
        raise InputError(problems.items or [Problem(str(path), "bad Mission sheet", MISSION)])
    return Agenda(
        mission=mission,
        exporters=exporters,
        buyers=buyers,
        meetings=meetings,
        unscheduled=unscheduled,
        changes=changes,
        summary=summary,
        as_written=as_written,
        departed=frozenset(departed),
        former_ids=tuple(sorted((old, cid) for old, cid, *_ in former)),
        unavailability=unavailability,
        lists_commitments=UNAVAILABILITY in tables,
        additions=_additions(sheet_names, tables, grid or mission, cell_comments(path)),
        ends_typed=tuple(typed_ends),
        locks_as_written=locks_as_written,
        mission_written=written,
    )


#: The cells with a comment named per sheet in ``Agenda.additions``; the others: "...".
_COMMENTS_NAMED = 5


def _additions(
    names: Sequence[str],
    tables: dict[str, _Table],
    mission: Mission,
    comments: Mapping[str, Sequence[str]],
) -> tuple[str, ...]:
    """What a coordinator added to the agenda that ``plan`` does not write again: sheets
    of their own (not a day grid of the mission), columns holding a value in one of
    the agenda's sheets and cell comments (Excel notes, ``comments``: each sheet's cells)
    on plan's sheets ("sheet 'My notes'", "column 'notes' of Meetings", "3 comments on
    Meetings (E5, H12, J40)"). A re-plan dropped them without a word (a hand-editing
    tester; comments: a tester, session 67). A sheet of one's own is named once, with
    whatever comments it holds."""
    days = {day_sheet_name(mission.first_day + timedelta(days=d)) for d in range(mission.days)}
    own = [n for n in names if n not in _SHEET_COLUMNS and n not in days]
    out = [f"sheet {n!r}" for n in own]
    for sheet, table in tables.items():
        known = set(_SHEET_COLUMNS[sheet])
        # a column read as one of the sheet's under another header ('Locked?' for
        # locked) is written again: not an addition (a second reader)
        read = {table.index[c] for c in known if c in table.index}
        for name, i in table.index.items():
            if name not in known and i not in read and any(
                i < len(values) and _text(values[i]) != "" for _, values in table.rows
            ):
                out.append(f"column {name!r} of {sheet}")
    for sheet, cells in comments.items():
        if sheet in own or not cells:
            continue
        named = ", ".join(cells[:_COMMENTS_NAMED]) + (
            ", ..." if len(cells) > _COMMENTS_NAMED else ""
        )
        out.append(f"{len(cells)} comment{'s' if len(cells) > 1 else ''} on {sheet} ({named})")
    return tuple(out)
