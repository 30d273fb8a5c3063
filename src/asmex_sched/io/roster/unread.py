"""What a roster holds that the reader does not read: wishes typed on another sheet or
in numbered columns, priorities or dates in a column of their own, a company sheet
without an id column, a reference to a company withdrawn. Each is said (a warning or
a problem) rather than dropped without a word.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

from asmex_sched.domain import Mission, Side
from asmex_sched.errors import Problem
from asmex_sched.io.roster.cells import (
    _ABSENCE_WORDS,
    _AVAILABLE_WORDS,
    _EVENT_WORDS,
    _FIXED_DATE_COLUMNS,
    _FIXED_SHEET_NAMES,
    _FIXED_TABLE_COLUMNS,
    _FIXED_TIME_COLUMNS,
    _FIXED_WORDS,
    _LENGTH_WORDS,
    _NOT_THIS_SHEET,
    _NOT_WORDS,
    _NOTE_WORDS,
    _OTHER_STATUS_WORDS,
    _PHONE_HEADER_WORDS,
    _PLACE_WORDS,
    _PRESENCE_WORDS,
    _PRIORITY_WORDS,
    _RECORD_WORDS,
    _STATUS_WORDS,
    _TIME_HEADER_WORDS,
    _WISH_ROWS,
    _WISH_WORDS,
    _Bad,
    _column_letter,
    _dates_in,
    _header_label,
    _holds_time,
    _is_blank,
    _list,
    _looks_like_priority,
    _noon_is_time,
    _says_when,
    _table_number,
    _text,
    _words,
    parse_int,
)
from asmex_sched.io.roster.raw import _fits, _RawSheet, _rows_filled, _Table, _text_file
from asmex_sched.io.roster.specs import FIXED, SHEETS, UNAVAILABILITY, SheetSpec
from asmex_sched.io.roster.state import _Entry, _ReaderBase
from asmex_sched.io.text_files import normalize_name

log = logging.getLogger("asmex_sched")


class _UnreadHints(_ReaderBase):
    """What the roster holds that was not read, said as hints or problems."""

    def unread_sheets_of_wishes(self, mission: Mission | None) -> None:
        """A sheet that is not read (under no roster name, a near miss of one, or beside
        the sheet read under its own name), that is no roster sheet by its columns,
        and whose rows pair an exporter with a buyer (half of its first
        :data:`_WISH_ROWS` rows or more; once the companies are known): wanted meetings
        in another shape, such as a form's export (``Wishes``: exporter, choice 1,
        choice 2, ...), were dropped without a word (a second reader).

        A problem when its name says it holds wishes (:data:`_WISH_WORDS`), and not
        that it is an old copy (:data:`_NOT_THIS_SHEET`, or a year other than the
        mission's) nor a record of meetings (a date or time column: last year's
        agenda); otherwise a warning. A contact list (an id and the name of one
        company per row) pairs no one."""
        for raw in self.unread_sheets:
            if any(_fits(raw, spec.key) for spec in SHEETS[1:]):
                continue  # said by unknown_sheet or the sheet grouping
            first = next((i for i, r in enumerate(raw.rows) if not all(map(_is_blank, r))), None)
            if first is None:
                continue
            rows = [r for r in raw.rows[first + 1 :] if not all(map(_is_blank, r))]
            rows = rows[:_WISH_ROWS]
            pairing = [r for r in rows if self._pairs(r)]
            if not pairing or 2 * len(pairing) < len(rows):
                continue
            header = raw.rows[first]
            naming = sorted({pos for r in pairing for pos, v in enumerate(r)
                             if not _is_blank(v) and self.names_company(v)})  # fmt: skip
            names = ", ".join(
                repr(_header_label(header[pos])) if pos < len(header) and not _is_blank(header[pos])
                else _column_letter(pos)
                for pos in naming[:4]
            ) + (", ..." if len(naming) > 4 else "")  # fmt: skip
            csv_file = _text_file(raw)
            label = Path(raw.file).name if csv_file else raw.name
            what = "file" if csv_file else "sheet"
            where = (
                "wishes go in the 'wishes' column of Exporters or Buyers (';' separated, "
                "most wanted first), or one row per meeting in the Requests sheet "
                "(exporter, buyer, priority)"
            )
            words = set(_words(Path(label).stem))
            years = {w for w in words if re.fullmatch(r"(19|20)\d\d", w)}
            old = bool(words & _NOT_THIS_SHEET) or bool(
                mission is not None and years - {str(mission.first_day.year)}
            )
            record = any(
                set(_words(_text(h))) & _RECORD_WORDS for h in header if not _is_blank(h)
            )
            if words & _WISH_WORDS and not old and not record:
                self.problems.append(
                    Problem(
                        raw.file,
                        f"{what} {label!r} pairs exporters with buyers (columns {names}) "
                        f"but is not read: {where}; if it is not for this plan, put 'old' "
                        "in its name",
                        None if csv_file else raw.name,
                    )
                )
            else:
                log.warning(
                    "%s: %s %r is ignored, though it pairs exporters with buyers (columns "
                    "%s): if it holds wanted meetings, %s",
                    raw.file, what, label, names, where,
                )  # fmt: skip

    def _pairs(self, row: Sequence[object]) -> bool:
        """Whether a row names an exporter and a buyer (each cell may be a list)."""
        sides: set[Side] = set()
        for value in row:
            for entry in self.named(value):
                sides.add(entry.side)
                if len(sides) == 2:
                    return True
        return False

    def unread_priorities(
        self,
        raw: _RawSheet,
        start: int,
        unknown: Sequence[tuple[int, str]],
        slips: Sequence[tuple[int, str, str]],
    ) -> set[int]:
        """Requests without a priority column, with a column that looks like one
        (``Priorité (1-3)``, ``Importance``, ``Poids``, ``Weight``, ``Rang``,
        ``Niveau``): holding ranks or levels (:func:`_looks_like_priority`), a problem;
        other values, a warning; its positions are returned (said). Every request was
        planned at priority 2 (a warning, or not a word; a tester); and a weight may
        count the other way (3 = most wanted), so it is not read as a priority unasked."""
        looks = {pos for pos, _, meant in slips if meant == "priority"}
        said: set[int] = set()
        for pos, label in unknown:
            if pos not in looks and not set(_words(label)) & _PRIORITY_WORDS:
                continue
            rows = [
                i + 1
                for i in range(start + 1, len(raw.rows))
                if pos < len(raw.rows[i]) and not _is_blank(raw.rows[i][pos])
            ]
            if not rows:
                continue
            said.add(pos)
            # Ranks or levels ('1'..'12', 'Haute', 'P1', 'High'): a problem; anything
            # else ('2 kg', 'A') a warning, never nothing (an 'Importance' of
            # Haute/Moyenne/Basse was dropped without a word; second readers).
            if not all(_looks_like_priority(raw.rows[r - 1][pos]) for r in rows):
                log.warning(
                    "%s, sheet %s: column %r is ignored, and the sheet has no priority "
                    "column: if it holds the requests' priorities, name it 'priority' "
                    "with 1 (most wanted), 2 or 3",
                    raw.file, raw.name, label,
                )  # fmt: skip
                continue
            self.add(
                f"column {label!r} holds values (row {rows[0]}) but is not read, and the "
                "sheet has no priority column: if it holds the requests' priorities, "
                "name it 'priority' (or 'Priorité'), with 1 for the most wanted, 2 (the "
                "default) or 3; mind the order if 3 meant the most wanted; else delete "
                "the column",
                raw, rows[0], label,
            )  # fmt: skip
        return said

    def unread_delegates(
        self, raw: _RawSheet, start: int, unknown: Sequence[tuple[int, str]]
    ) -> set[int]:
        """A company sheet without a delegates column, with a column under a header of
        delegates no alias names (``Délégués inscrits``, ``Delegates (number)``)
        holding whole numbers: a problem, its positions returned (said). ``Nb
        délégués`` was dropped with a warning alone, and a company sending 2 was
        planned with 1 (a QA tester). Of other values (``Chef de délégation``, a
        name), nothing: the warnings of a look-alike say them. Nor of a header of
        phones (``Tél délégué``, ``Téléphone délégué``, ``WhatsApp délégué``): its
        numbers typed as numbers were told to be the delegates (a second reader); it
        is an unknown column as any other."""
        said: set[int] = set()
        for pos, label in unknown:
            if not re.search(r"d[eé]l[eé]gu|delegat", label, flags=re.IGNORECASE):
                continue
            if set(_words(label)) & _PHONE_HEADER_WORDS:
                continue
            rows = [
                i + 1
                for i in range(start + 1, len(raw.rows))
                if pos < len(raw.rows[i]) and not _is_blank(raw.rows[i][pos])
            ]
            if not rows or not all(_whole(raw.rows[r - 1][pos]) for r in rows):
                continue
            if any(_phone_long(raw.rows[r - 1][pos]) for r in rows):
                continue  # 'Numéro délégué' over 9-digit numbers: phones (a re-check tester)
            said.add(pos)
            self.add(
                f"column {label!r} holds numbers (row {rows[0]}) but is not read, and "
                "the sheet has no delegates column: if it holds how many meetings each "
                "company can hold at once, name it 'delegates' (or 'Délégués'); else "
                "delete the column (each company is planned with 1)",
                raw, rows[0], label,
            )  # fmt: skip
        return said

    def numbered_wishes(
        self,
        raw: _RawSheet,
        start: int,
        table: _Table,
        positions: dict[str, int],
        numbered: Sequence[tuple[str, int, int, str, bool]],
    ) -> list[tuple[str, list[int]]]:
        """Wishes as one column per choice (a form's export: 'Choix 1', 'Choix 2', ...),
        read in their order as one list: following the advice to name each 'wishes'
        gave "duplicates", naming the first only lost the others (a tester). Returns
        the cell keys to fill and their columns: ``wishes`` for a family whose word says
        it holds wishes ('Buyer 1' on Exporters), else one key per family, for
        :meth:`read_wishes` to keep the one naming companies ('Target 1' may hold
        countries beside 'Choix 1'; two families were read as one list: a reviewer)."""
        if not numbered:
            return []
        labels = ", ".join(repr(n[3]) for n in numbered)
        at = positions.get("wishes")
        if at is not None and all(
            at >= len(raw.rows[i]) or _is_blank(raw.rows[i][at])
            for i in range(start + 1, len(raw.rows))
        ):
            # The template's wishes column left empty beside 'Choix 1..3' (every
            # numbered wish was dropped: a second reader): the numbered ones are read.
            log.warning(
                "%s, sheet %s: column %r is empty: columns %s are read in its place "
                "(those naming companies)",
                raw.file, raw.name, table.header["wishes"], labels,
            )  # fmt: skip
            del positions["wishes"]
            del table.header["wishes"]
        if "wishes" in positions:
            log.warning(
                "%s, sheet %s: columns %s are ignored beside column %r (one wishes "
                "column, or numbered ones alone)",
                raw.file, raw.name, labels, table.header["wishes"],
            )  # fmt: skip
            return []
        families: dict[str, list[tuple[int, int, str]]] = {}
        surely: list[str] = []
        for word, rank, pos, label, sure in numbered:
            families.setdefault(word, []).append((rank, pos, label))
            if sure and word not in surely:
                surely.append(word)
        for columns in families.values():
            columns.sort()
        if surely:
            kept = surely[0]
            others = [c for w, cs in families.items() if w != kept for c in cs]
            if others:
                log.warning(
                    "%s, sheet %s: columns %s are ignored beside the numbered wishes %s",
                    raw.file, raw.name, ", ".join(repr(c[2]) for c in others),
                    ", ".join(repr(c[2]) for c in families[kept]),
                )  # fmt: skip
            table.header["wishes"] = ", ".join(c[2] for c in families[kept])
            return [("wishes", [c[1] for c in families[kept]])]
        table.wish_families = [
            (f"wishes {word}", [c[2] for c in columns]) for word, columns in families.items()
        ]
        return [(f"wishes {word}", [c[1] for c in columns]) for word, columns in families.items()]

    def off_mission(self, cells: Sequence[object]) -> bool:
        """Whether every cell holds a date, and none is a mission day (from the Mission
        sheet read before; ``False`` when its days are not known)."""
        first, days = self.settings.get("first_day"), self.settings.get("days", 5)
        if not isinstance(first, date) or not isinstance(days, int):
            return False
        mission = {first + timedelta(days=i) for i in range(days)}
        for value in cells:
            found = _dates_in(value, first.year)
            if not found or set(found) & mission:
                return False
        return True

    def meant_elsewhere(
        self, raw: _RawSheet, spec: SheetSpec, start: int, pos: int, label: str
    ) -> bool:
        """Whether an unknown column holds what another sheet is for, said so
        (:meth:`said_elsewhere`): times or tables in Requests (a meeting at a set time
        goes in Fixed; a date alone, a form's timestamp, a warning), absences in a
        company sheet (they go in Unavailability; an event's attendance or travel dates
        outside the mission, a warning), set meetings in a company sheet (Fixed). Each
        was dropped without a word and the plan made without it (a tester); each
        narrowing or widening was tried against companion columns by second readers
        (docs/roster.md). An empty such column, or a note, is left alone."""
        key = normalize_name(label)
        words = set(_words(label))
        rows = [
            i + 1
            for i in range(start + 1, len(raw.rows))
            if pos < len(raw.rows[i]) and not _is_blank(raw.rows[i][pos])
        ]
        if not rows:
            return False
        cells = [raw.rows[r - 1][pos] for r in rows]
        # A day in the header ('Absent lundi', 'Disponible mardi', 'Présent le 10/11'):
        # its yes/no or x cells are absences too (only a warning, a company was booked
        # on the day it was away; a second reader).
        dated_header = _says_when(label)
        company_sheet = spec.key in ("exporters", "buyers")
        if words & _NOTE_WORDS:
            return False  # a note mentioning a time ('confirmé par tél. à 14h30') is a note
        fixed_words = bool(words & _FIXED_WORDS) and not words & _EVENT_WORDS
        when = [r for r, v in zip(rows, cells, strict=True) if _says_when(v)]
        if company_sheet and (key in _FIXED_SHEET_NAMES or (fixed_words and when)):
            # 'Rendez-vous fixés' typed beside a company: the Fixed sheet's (a reader;
            # 'RDV fixé', 'Fixed meeting', 'RDV confirmé' too: a last reader); a
            # 'Pre-booked' of hotel names, a 'Fixed' of yes/no: a warning (a second
            # reader).
            self.said_elsewhere(
                raw, label, when[0] if when else None, "holds days or times",
                f"a meeting at a set time goes in the {self.sheet_named(FIXED)} sheet",
                " (exporter, buyer, date, start, table)",
            )  # fmt: skip
            return True
        # 'Heure souhaitée' of 10h00 (a reader), with a cell of 'indifférent' or a range
        # '10h00-11h00' (a second reader): times in half its cells; a length is no time
        # ('Durée souhaitée' 0:30).
        # Under a header naming a time ('Heure souhaitée'), one time is enough, among
        # 'indifférent's (a last reader).
        # 'midi' is a time there too, not as a column's look alone (a 'Repas' of 'midi'
        # and 'soir' is a meal; a re-check tester), and only among times and
        # 'indifférent's: a 'Créneau préféré' of 'matin', 'midi', 'après-midi', an
        # 'Heure du repas' of 'midi', 'soir' are no meeting times (a second reader).
        time_header = (
            bool(words & _TIME_HEADER_WORDS) or key in _FIXED_TIME_COLUMNS
        ) and _noon_is_time(label, cells)
        times = sum(_holds_time(c, noon=time_header) for c in cells)
        timely = not words & _LENGTH_WORDS and (
            (times >= 1 and bool(words & _TIME_HEADER_WORDS))
            or (times >= 2 and 2 * times >= len(cells))
        )
        if spec.key == "requests" and (
            key in _FIXED_TIME_COLUMNS or key in _FIXED_DATE_COLUMNS or timely
        ):
            timed = key in _FIXED_TIME_COLUMNS or timely
        elif company_sheet and (
            words & _ABSENCE_WORDS or (dated_header and words & _PRESENCE_WORDS)
        ):
            timed = None
            if words & _EVENT_WORDS:
                dated_header = False  # 'Disponible pour le dîner mardi': an event's
        else:
            # A status column ('Statut: Annulé', 'Participation: non'), when no check above
            # claims it (absences, set meetings: 'Absence confirmée' of days, 'RDV confirmé'
            # of times, still refused; a reader): the company was planned with all its
            # meetings, without a word (a newcomer's tester). Said when its values differ,
            # not read: a warning, as a problem it stopped plans (a second reader); a column
            # of one value ('Confirmé') says nothing.
            distinct = list(dict.fromkeys(_text(v) for v in cells))
            if (
                company_sheet
                and words & _STATUS_WORDS
                and not words & (_OTHER_STATUS_WORDS | _EVENT_WORDS)
                and not dated_header  # 'Présent le 10/11' of 'non': absences (above)
                # one 'Annulé' among blank cells differs too (a reader)
                and (len(distinct) > 1 or len(rows) < _rows_filled(raw, start))
            ):
                shown = ", ".join(map(repr, distinct[:4])) + (" ..." if len(distinct) > 4 else "")
                log.warning(
                    "%s, sheet %s: column %r is not read (its values: %s): if it marks "
                    "companies that do not come, delete them from the sheet, with the wishes "
                    "and Requests rows that name them (the agenda keeps the meetings they "
                    "held, marked left_mission), or they are planned with all their meetings; "
                    "the times a company cannot meet go in the %s sheet",
                    raw.file, raw.name, label, shown, self.sheet_named(UNAVAILABILITY),
                )  # fmt: skip
                return True
            return False
        held: list[int] = []  # the rows holding a time or table number
        if timed:
            # A time of day or a table number: a meeting's time. A form's timestamp
            # ('Start time' of Microsoft Forms: a date and time) is not, and moving
            # those rows to Fixed would fix every request (a second reader): a warning.
            # The row named is the first holding one: the first filled ('indifférent')
            # sent the coordinator to the wrong row (a second reader).
            tables = key in _FIXED_TABLE_COLUMNS
            held = [
                r
                for r, v in zip(rows, cells, strict=True)
                if (_table_number(v) if tables else _holds_time(v, noon=time_header))
            ]
            timed = bool(held)
        if timed is None:
            # Dates, times or days ('11/11/2025', 'mardi matin', '14h'), or any value
            # under a header naming a day: a problem; other values ('oui', 'yes' under
            # 'Disponible pour le dîner'): a warning.
            when = rows if dated_header else when  # 'Absent lundi': any value
            if when and not dated_header and self.off_mission(
                [raw.rows[r - 1][pos] for r in when]
            ):
                # Arrival the day before, departure the day after: travel, not an
                # absence from the mission (refused; a last reader).
                self.said_elsewhere(raw, label, None, "", "its dates are all outside the "
                                    "mission's days", "")  # fmt: skip
                return True
            # The times a company is free ('Disponibilités: Lundi matin, Mardi
            # après-midi', a form's checkboxes): moved as they were to Unavailability,
            # they blocked the very times ticked, and 70 of 231 requests were planned
            # (a tester). Said the other way round.
            free = words & _AVAILABLE_WORDS and not words & _NOT_WORDS
            absences = self.sheet_named(UNAVAILABILITY)  # as typed (a French tester)
            self.said_elsewhere(
                raw, label, when[0] if when else None,
                "names a day and holds values" if dated_header else "holds days or times",
                f"the {absences} sheet lists the times a company can NOT meet: if this "
                "column gives the times it is available, enter there the other times of "
                "the mission (those it did not give)" if free else
                f"times a company cannot meet go in the {absences} sheet",
                ", one row per company and day (participant, date, start, end; start and "
                "end blank for the whole day)",
                # not "move them there": moved as they were, they blocked the times
                # given (a reader)
                *(["then delete the column"] if free else []),
            )  # fmt: skip
        else:
            self.said_elsewhere(
                raw, label, held[0] if timed else None, "holds values",
                f"a meeting on a set day and time goes in the {self.sheet_named(FIXED)} "
                "sheet",
                " (exporter, buyer, date, start, table), where it is held at that time",
            )  # fmt: skip
        return True

    def said_elsewhere(
        self, raw: _RawSheet, label: str, row: int | None, held: str, rule: str, how: str,
        then: str = "move them there, or delete the column",
    ) -> None:
        """:meth:`meant_elsewhere`'s word: a problem at ``row`` (the column ``held``
        what ``rule`` says goes elsewhere, and ``how``, ``then`` what to do), or a
        warning without one."""
        if row is None:
            log.warning(
                "%s, sheet %s: column %r is ignored: %s", raw.file, raw.name, label, rule
            )
            return
        self.add(
            f"column {label!r} {held} (row {row}) but is not read: {rule}{how}; {then}",
            raw, row, label,
        )  # fmt: skip

    def named(self, value: object) -> Iterator[_Entry]:
        """The companies a cell names (ids or names, a ';' list or one per line, or a
        ',' list as online forms and typed lists write them: a buyers' form column of
        'Atlas Olive Oil, argan d'or' was dropped without a word; a tester). Numbers
        alone are not taken for ids: a stray count is a note."""
        for part in _list(_text(value)) if not _is_blank(value) else ():
            if not part.strip() or re.fullmatch(r"[\d.,\s]+", part):
                continue
            entry = self.resolve(part.strip())[0]
            if entry is not None:
                yield entry
            elif "," in part:
                for piece in part.split(","):
                    if piece.strip() and not re.fullmatch(r"[\d.\s]+", piece):
                        if (entry := self.resolve(piece.strip())[0]) is not None:
                            yield entry

    def names_company(self, value: object, own: tuple[str, int] | None = None) -> bool:
        """Whether a cell names a company, but not the company of the row ``own``
        (sheet, row)."""
        return any((entry.sheet, entry.row) != own for entry in self.named(value))

    def unread_wishes(self) -> None:
        """A column of a company sheet without a wishes column, under a header the
        reader does not know, that names companies: its wishes were dropped without a
        word ('Preferred buyers', 'Choix', 'Souhaits de RDV': 68 of 524 requests
        planned, a second reader). A problem, naming the column; a column of other
        text (contacts, notes) is left alone."""
        for raw, label, cells in self.unread_columns:
            if set(_words(label)) & _PLACE_WORDS:
                continue  # a 'Stand' of B3, B1: codes like the buyers' ids (a last reader)
            # the row's own company ('Trade name', 'Legal name') is no wish
            named = [row for row, value in cells if self.names_company(value, (raw.name, row))]
            if named and len(named) * 2 >= len(cells):
                self.add(
                    f"column {label!r} names companies (row {named[0]}) but is not read, "
                    "and the sheet has no wishes column: if it holds wishes, name it "
                    "'wishes' (or 'Souhaits')",
                    raw,
                    named[0],
                    label,
                )

    def no_id_column_hint(self) -> None:
        """One problem instead of one per reference when a company sheet has no id
        column and references name no company: its ids are the companies' names, and
        each reference by id was "unknown company" (583 lines, none naming the cause,
        with the id column deleted; a fuzzer)."""
        # As many names unknown, and like no company's, as half a sheet's companies: not
        # a few typing errors, which keep their own lines and suggestions (a reader: a
        # roster naming companies by name, four typos, was told to put its ids back).
        plain = [(p, k) for p, k in self.unknown_problems if "did you mean" not in p.message]
        keys = list(dict.fromkeys(k for _, k in plain))
        sheets = [(t, s) for t, s in self.no_id_sheets if len(keys) >= max(3, len(t.rows) / 2)]
        if not sheets:
            return
        told = {id(p) for p, _ in plain}
        self.problems[:] = [p for p in self.problems if id(p) not in told]
        examples = ", ".join(repr(self.unknown[k][0][0]) for k in keys[:3])
        for table, side in sheets:
            self.add(
                f"this sheet has no id column, so each {side.value}'s id is its company "
                f"name, and {len(told)} references in other sheets name no company "
                f"({examples}, ...): if its ids were in a column deleted or renamed, put "
                "it back under the header 'id'",
                table,
                table.rows[0].num - 1,
                "id",
            )
        for k in keys:
            self.unknown.pop(k, None)

    def withdrawn_hint(self) -> None:
        """One more line for each company named in several rows that the roster does not
        list: a company deleted from its sheet left every request, wish and
        unavailability naming it behind, a separate problem each (239 for 10 companies
        at a trade fair, a second reader), with no word of what they had in common.
        Putting its row back with ``max_meetings`` 0 is the one-cell way out, told too:
        a withdrawn buyer meant editing every wish cell naming it (a cron-week tester)."""
        for refs in self.unknown.values():
            if len(refs) < 3:
                continue
            where = Counter(sheet for _, sheet in refs)
            rows = ", ".join(f"{n} in {sheet}" for sheet, n in sorted(where.items()))
            # max_meetings 0 is refused beside a Fixed row naming it (exit 2), and in a
            # re-plan beside a meeting of it locked still to come (exit 3); the meetings
            # it holds within the notice period stay booked, where deleting it cancels
            # them: "plans no meeting for it" sent a reviewer from one refusal to another.
            self.problems.append(
                Problem(
                    self.file,
                    f"{' / '.join(repr(t) for t in dict.fromkeys(t for t, _ in refs))} is "
                    f"named in {len(refs)} places ({rows}) but listed in "
                    "no company sheet: if it withdrew, delete those rows and wishes too "
                    "(each is listed above), or put its row back with max_meetings 0, "
                    "which keeps its requests and wishes as typed and plans no new "
                    "meeting for it (its Fixed rows must still go; docs/roster.md says "
                    "what else differs in a re-plan); if it is a typing error, correct "
                    "its name",
                )
            )


def _phone_long(value: object) -> bool:
    """Whether a whole number has as many digits as a phone number (6 or more: no
    company sends 100 000 delegates): a column of them is no count of delegates,
    whatever its header (``Numéro délégué``, a re-check tester)."""
    try:
        return abs(parse_int(value, 0)) >= 100_000
    except _Bad:
        return False


def _whole(value: object) -> bool:
    """Whether a cell holds a whole number (``2``, ``2.0``: a count of delegates)."""
    try:
        parse_int(value, 0)
    except _Bad:
        return False
    return True
