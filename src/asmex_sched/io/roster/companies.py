"""The Exporters and Buyers sheets read into companies, every reference to a company
resolved (by id or name, with a suggestion when unknown), and the meeting requests
of the wishes columns and the Requests sheet.
"""

from __future__ import annotations

import difflib
import logging
import numbers
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace as dc_replace
from datetime import date, datetime, time
from pathlib import Path

from asmex_sched.domain import Company, Request, RequestedBy, Side, wish_priority
from asmex_sched.io.languages import read_languages
from asmex_sched.io.roster.cells import (
    _article,
    _at_most,
    _how_alike,
    _list,
    _parse_priority,
    _parse_requested_by,
    _text,
    _totals_row,
    _unpadded,
    parse_int,
    ref_key,
)
from asmex_sched.io.roster.raw import _Row, _Table
from asmex_sched.io.roster.specs import _GROUP_WORDS, MAX_DELEGATES, REQUESTS, SheetSpec
from asmex_sched.io.roster.state import _Entry, _ReaderBase
from asmex_sched.io.text_files import _row_spans

log = logging.getLogger("asmex_sched")


class _CompaniesReading(_ReaderBase):
    """The company sheets, their wishes and the Requests sheet."""

    def read_companies(self, spec: SheetSpec, side: Side) -> list[tuple[Company, _Table, _Row]]:
        table = self.table(spec)
        out: list[tuple[Company, _Table, _Row]] = []
        no_address: list[tuple[int, str, str]] = []  # e-mails without an @
        several: list[tuple[int, str, str]] = []  # cells of two addresses or more
        labelled: list[tuple[int, str, str]] = []  # 'Email: a@b.ma'
        not_alone: list[tuple[int, str, str]] = []  # 'a@b.ma; note: VIP', kept as typed
        no_phone: list[tuple[int, str]] = []  # phones in scientific notation
        number_phone: list[tuple[int, str]] = []  # companies whose phone is a number
        if table is None or "company" not in table.header:
            self.complete = False
        if table is None:
            return out
        self.headers[spec.key] = table.header
        if not table.rows and "company" in table.header:
            # A sheet left with its header only (rows deleted, a filtered copy) gave
            # an agenda without these companies, and a re-plan from cron cancelled
            # and announced every meeting (a second reader's finding).
            self.add(
                f"no {side.value} in this sheet: one row per company is expected below "
                "the header",
                table,
                2,
                "company",
            )
            # what named its companies is not reported a second time, as for a sheet
            # missing (580 "unknown company" lines followed; a fuzzer)
            self.complete = False
        if table.rows and "id" not in table.header:
            self.no_id_sheets.append((table, side))
        for row in table.rows:
            delegates = self.cell(
                table, row, "delegates", lambda v: _at_most(parse_int(v, 1), MAX_DELEGATES), 1
            )
            max_meetings = self.cell(table, row, "max_meetings", lambda v: parse_int(v, 0))
            name = row.text("company")
            given_id = row.text("id")
            for column in ("id", "company"):
                if isinstance(when := row.get(column), datetime | date | time):
                    # '3-4' typed in an id cell is the date 4 March to Excel: the company
                    # was planned under the id '2026-03-04' without a word, and the
                    # Requests naming '3-4' said "unknown company" (a multi-script tester).
                    self.add(
                        f"this cell holds a date or time ({_text(when)}), not "
                        f"{'an id' if column == 'id' else 'a company name'}: Excel turns "
                        "what looks like one ('3-4', '1/2') into a date; format the column "
                        "as Text and type it again",
                        table,
                        row.num,
                        column,
                    )
            unread = [
                column for column in ("id", "company")
                if column in table.header
                and (table.name, row.num, table.header[column]) in self.formula_cells
            ]  # fmt: skip
            if not given_id and unread:
                # An id (or, with none, a name) refused as a formula without a value or
                # an error: the company's id is unknown, and a reference to it reads
                # "unknown company" (a row of Fixed did, although the row of 'E2' was
                # there; a tester). Unknown references are still said, typos among
                # them (silenced, 'B9' and 'Nile Tradres' went unsaid; a QA tester),
                # each naming this row as the one to fix if it meant it.
                self.unread_ids.append((side, table.name, row.num, unread[0]))
            if _totals_row(given_id, name):
                # A 'Total' row below the table (a sum of delegates) became a company
                # with 44 delegates, and the default tables doubled (a second reader).
                self.add(
                    f"{(name or given_id)!r} looks like a totals row, not a company: delete "
                    "the row (if it is a company, give it an id)",
                    table,
                    row.num,
                    "company" if name else "id",
                )
                continue
            if not ref_key(name):
                # Nothing visible is no name: one of zero-width spaces was a company, and
                # a second such name only "already used" by it (a tester). What shows
                # nothing is what ref_key drops (domain.INVISIBLE), spaces too.
                hidden = _code_points(name)
                self.require(
                    "the company name is required"
                    + (f" (the cell holds invisible characters only: {hidden})" if name else ""),
                    table,
                    row,
                    "company",
                )
                if given_id:  # references to this id: already reported here
                    self.ambiguous.add(ref_key(given_id))
                continue
            if given_id and not ref_key(given_id):
                # An id of zero-width spaces was a company's, and a reference cell of them
                # named it (a second reader): as blank as a name of them, above.
                self.add(
                    "the id holds invisible characters only "
                    f"({_code_points(given_id)}): "
                    "type the company's id, or clear the cell to use its name as its id",
                    table,
                    row.num,
                    "id",
                )
                self.ambiguous.add(ref_key(name))  # references to it: reported here
                continue
            # Kept as typed, invisible characters too: cleaned, an agenda's 'Fès\u00a0Câbles'
            # was another id and every meeting was announced again (a second reader);
            # `report --company` matches them (report_files).
            cid = given_id or name
            if ";" in cid or ";" in name:
                column = "id" if ";" in given_id else "company"
                self.add("';' is not allowed in an id or a company name", table, row.num, column)
            if ref_key(cid) in _GROUP_WORDS or ref_key(name) in _GROUP_WORDS:
                column = "id" if ref_key(given_id) in _GROUP_WORDS else "company"
                self.add(
                    f"{(given_id if column == 'id' else name)!r} is reserved for groups "
                    "of participants (ALL, EXPORTERS, BUYERS)",
                    table,
                    row.num,
                    column,
                )
            self.register(_Entry(cid, side, table.name, row.num), table, row, name, given_id)
            languages = self.languages(table, row)
            sectors = tuple(
                dict.fromkeys(p.strip() for p in _list(row.text("sectors")) if p.strip())
            )
            company = Company(
                id=cid,
                name=name,
                side=side,
                sectors=sectors,
                languages=languages,
                delegates=delegates or 1,
                max_meetings=max_meetings,
                contact=row.text("contact"),
                email=_an_address(email := row.text("email")),
                phone=_a_phone(phone := row.text("phone")),
            )
            if email and not company.email:
                no_address.append((row.num, email, name))
            elif len(_addresses(email)) > 1 or _undisguised(email).count("@") > max(
                len(_ADDRESS_RE.findall(_undisguised(email))), 1
            ):
                # (also disguised: 'jane [at] x.ke; john [at] x.ke' was kept unsaid; an
                # address typed twice is one, and said nothing of; a QA tester)
                several.append((row.num, email, company.email))
            elif email and not _ADDRESS_RE.fullmatch(company.email):
                # 'a@b.ma; note: VIP', 'Contact: a@b.ma' went whole into the agendas
                # and index.csv unsaid (a re-check tester): kept as typed, each said.
                not_alone.append((row.num, email, name))
            elif _EMAIL_LABEL_RE.match(email):
                labelled.append((row.num, email, company.email))
            if phone and not company.phone:
                no_phone.append((row.num, name))
            elif _a_number(row.get("phone")):
                number_phone.append((row.num, name))
            out.append((company, table, row))
        # The company named, not the phone (its digits: '2.547E+11' holds its first
        # ones): logs and cron mail never hold one (README, Personal data; a reader).
        for found, what in (
            (no_phone, "the phone is a number Excel shortened to scientific notation "
                       "(2.547E+11), its last digits lost (format the column as text and "
                       "type the numbers again): left out of the agendas"),
            (number_phone, "the phone is held as a number, not as text: Excel drops a "
                           "typed phone's leading 0 or its '+' (0661234567 becomes "
                           "661234567); kept as it reads: check it (format the column as "
                           "text and type the numbers again)"),
        ):
            if found:
                (first, company_name), more = found[0], len(found) - 1
                log.warning(
                    "%s, sheet %s, row %d (%s), column %s: %s%s",
                    table.file, table.name, first, company_name,
                    table.header.get("phone", "phone"), what,
                    f" (and {more} more row(s) of the column)" if more else "",
                )  # fmt: skip
        if no_address:
            # Microsoft Forms' 'Email' column of the respondent reads 'anonymous' on every
            # row: it went into index.csv, the mail merge's list (a tester).
            (first, value, company_name), more = no_address[0], len(no_address) - 1
            column, rest = table.header.get("email", "email"), (
                f" (and {more} more row(s) of the column)" if more else ""
            )
            if _like_a_phone(value):
                # A phone typed in the e-mail column, a common slip: the company named,
                # not the value, as the phone warnings above (logs and cron mail never
                # hold a phone: README, Personal data; a privacy tester).
                log.warning(
                    "%s, sheet %s, row %d (%s), column %s: looks like a phone number, "
                    "not an e-mail address: left out of the agendas and the mail-merge "
                    "index (a phone goes in the phone column)%s",
                    table.file, table.name, first, company_name, column, rest,
                )  # fmt: skip
            else:
                # 'ali @ st.example' went into the mail-merge index (a QA tester)
                spaced = (
                    re.search(r"\S\s+@|@\s+\S", value)
                    or any(_spaced_inside(value, f) for f in _ADDRESS_RE.findall(value))
                ) and " (an address holds no space)"
                log.warning(
                    "%s, sheet %s, row %d, column %s: %r is not an e-mail address%s: left "
                    "out of the agendas and the mail-merge index%s",
                    table.file, table.name, first, column, value, spaced or "", rest,
                )  # fmt: skip
        column = table.header.get("email", "email")
        # Two addresses in one cell went into index.csv as one, which Word's or
        # Outlook's mail merge cannot send to (its To field takes one per row; a QA
        # tester): the first is kept, and each such row said.
        _say_cells(
            table, column, several,
            lambda value, used: (
                f"{value!r} holds "
                f"{max(len(_addresses(value)), _undisguised(value).count('@'))} e-mail "
                "addresses: a mail merge sends each company's message to one address, so "
                f"{used} is used (in the mail-merge index and the agendas) and the others "
                "are left out; to use another, type it alone in the cell (copy the others "
                "in yourself)"
            ),
            "hold several e-mail addresses, the first of each used",
        )  # fmt: skip
        # A cell holding an address and more (a note, a label other than an e-mail
        # word, a phone) went whole into the agendas and index.csv, whose mail merge
        # sends to the cell as typed, with no word (a re-check tester). Kept as typed,
        # not guessed at ('note: a@b.ma' may be an old address): each said as those of
        # several; one holding a phone names its company instead (README, Personal data).
        _say_cells(
            table, column, not_alone,
            lambda value, company_name: (
                (
                    f"the cell of {company_name} (it holds a phone number)"
                    if _like_a_phone(_ADDRESS_RE.sub("", value)) else repr(value)
                )
                + " is not one e-mail address alone: it goes as typed into the mail-merge "
                "index and the agendas, and a mail merge will not reach this company with "
                "it; type the address alone in the cell (one address, nothing else)"
            ),
            "are not one e-mail address alone, kept as typed: a mail merge will not "
            "reach these companies",
        )  # fmt: skip
        # 'Email: a@b.ma' went into the agendas and index.csv as typed (a second
        # reader): the address is used, each such cell said as those of several.
        _say_cells(
            table, column, labelled,
            lambda value, used: (
                f"{value!r} holds a label before the e-mail address: {used} is used (in "
                "the mail-merge index and the agendas); type the address alone in the cell"
            ),
            "hold a label before the e-mail address, the address used",
        )  # fmt: skip
        return out

    def languages(self, table: _Table, row: _Row) -> tuple[str, ...]:
        """The company's language codes, read by :func:`~asmex_sched.io.languages.read_languages`;
        its problems are this row's, its warnings name the row."""
        read = read_languages(row.text("languages"))
        for message in read.problems:
            self.add(message, table, row.num, "languages")
        for message in read.warnings:
            log.warning("%s, sheet %s, row %d: %s", table.file, table.name, row.num, message)
        return read.codes

    def register(
        self,
        entry: _Entry,
        table: _Table,
        row: _Row,
        name: str,
        given_id: str,
    ) -> None:
        """Claim the company's id and name; a key used by another company is a problem."""
        keys = [("id", given_id)] if given_id else []
        keys.append(("company", name))
        claimed: set[str] = set()
        for column, text in keys:
            key = ref_key(text)
            if key in claimed:
                continue
            claimed.add(key)
            other = self.index_id.get(key) or self.index_name.get(key)
            if other is not None:
                self.ambiguous.add(key)
                name_held = self.names.get(other.cid, other.cid)
                where = f"sheet {other.sheet}, row {other.row}"
                if ref_key(other.cid) == key:
                    # the other's id: "'MA-003' is already used by 'MA-003'" read as
                    # nonsense (an input tester), so the company holding it is named
                    clash = other.cid
                    spelt = f"{other.cid!r}, " if other.cid != text else ""
                    holder = f"{name_held} as its id ({spelt}{where})"
                    if ref_key(name_held) == ref_key(name):  # a row pasted twice (a reader)
                        holder += ": the same company listed twice? delete one of the rows"
                    elif column == "id":
                        self.twice.append((name, table.name, row.num, text, entry.side))
                else:
                    clash = name_held
                    holder = f"{other.cid!r} ({where})"
                self.add(
                    f"{text!r} is already used by {holder}; ids and names must be unique "
                    "across exporters and buyers" + _how_alike(text, clash),
                    table,
                    row.num,
                    column,
                )
        self.index_id.setdefault(ref_key(entry.cid), entry)
        self.index_name.setdefault(ref_key(name), entry)
        self.names.setdefault(entry.cid, name)

    def suggest(self, text: str, side: Side | None = None) -> str:
        """`` (did you mean 'MA-009', Simba Agrovet Ltd?)`` for an unknown reference that
        is close to one company's id or name (``Simba Agrovet`` for ``Simba Agrovet
        Ltd``, ``007`` for ``7``); ``""`` when none is, or several are. ``side``: the side
        the reference must name, ``None`` for either (:meth:`_typed_twice`)."""
        key = ref_key(text)
        found: set[str] = set()
        # A number written as text with its decimals ('239.0' for company 239), as other
        # programs export numeric ids (the other-apps tester).
        whole = re.fullmatch(r"(\d+)[.,]0+", key)
        forms = _unpadded(key) | (_unpadded(whole[1]) if whole else set())
        # Leading zeros aside, in every run of digits: '007' for '7', 'SN2' for 'SN02'
        # (a newcomer's tester got the withdrawal hint for the latter).
        # with its signs first: 'E1-02' is 'E1-2', though 'E12' has its letters too (a
        # reader)
        for form in sorted(forms, key=len, reverse=True):
            found |= {e.cid for k, e in self.index_id.items() if form in _unpadded(k)}
            if found:
                break
        if len(found) == 1:  # it wins over look-alikes ('KE-10': KE-010, not KE-100)
            return self._did_you_mean(found.pop())
        for index in (self.index_id, self.index_name):
            close = difflib.get_close_matches(key, list(index), n=2, cutoff=0.85)
            found |= {index[k].cid for k in close}
            found |= {e.cid for k, e in index.items() if len(key) >= 5 and k.startswith(key)}
        if len(found) != 1:
            return self._typed_twice(text, side)
        return self._did_you_mean(found.pop())

    def _typed_twice(self, text: str, side: Side | None) -> str:
        """`` (is it Vignobles du Sud, sheet Exportateurs row 9, its id typed as 'FR04',
        another's?)`` when a company's id repeats another's: the references to its own
        id are unknown, and pointed back to the duplicate (a roster tester); ``""`` when
        none, or more than three, could be meant.

        Only a company of ``side`` (either, for ``None``), and only for a reference in
        the duplicate's numbering: the same letters once the digits and signs are
        removed, both with digits ('E3' for 'E1', 'FR07' for 'FR04', '12' for '3'). An
        id typed as another's is a slip within the roster's numbering, so its own id
        differs from the one typed in its number. Offered for any unknown reference, a
        buyer column's 'KE-999' was asked whether it was an exporter typed 'MA-001', an
        Unavailability row's 'Acme Nonexistent' too (a tester). Not difflib's likeness:
        to it ids a digit apart ('E3', 'E1') are only half alike, and a cutoff that low
        lets slips in names through."""
        letters = _id_letters(text)
        could = [
            (name, sheet, row, typed)
            for name, sheet, row, typed, its_side in self.twice
            if (side is None or its_side == side)
            and letters is not None
            and _id_letters(typed) == letters
        ]
        if not could or len(could) > 3:
            return ""
        return " (is it " + " or ".join(
            f"{name}, sheet {sheet} row {row}, its id typed as {typed!r}, another's"
            for name, sheet, row, typed in could
        ) + "?)"

    def unread_id_hint(self, side: Side | None) -> str:
        """`` (Exporters row 3's id did not read: if it is that company, fix that
        cell)`` for an unknown reference while an id of ``side``'s sheet (either, for
        ``None``) did not read (:attr:`unread_ids`): the reference may be that company's
        (a tester), or a typo (a QA tester); ``""`` when every id read."""
        rows = [(s, sheet, row, col) for s, sheet, row, col in self.unread_ids
                if side is None or s == side]  # fmt: skip
        if not rows:
            return ""
        sheets = list(dict.fromkeys(sheet for _, sheet, _, _ in rows))
        what = "id" if all(col == "id" for *_, col in rows) else "id or name"
        if len(rows) == 1:
            _, sheet, row, _ = rows[0]
            return (
                f" ({sheet} row {row}'s {what} did not read: if it is that company, fix "
                "that cell)"
            )
        where = "; ".join(
            f"{sheet} rows {_row_spans(r for _, sh, r, _ in rows if sh == sheet)}"
            if sum(sh == sheet for _, sh, _, _ in rows) > 1
            else f"{sheet} row {next(r for _, sh, r, _ in rows if sh == sheet)}"
            for sheet in sheets
        )  # fmt: skip
        return (
            f" (the {what}s of {where} did not read: if it is one of those companies, fix "
            "its cell)"
        )

    def _did_you_mean(self, cid: str) -> str:
        name = self.names.get(cid, "")
        return f" (did you mean {cid!r}{f', {name}' if name and name != cid else ''}?)"

    def resolve(self, text: str) -> tuple[_Entry | None, bool]:
        """``(company, silent)``: ``silent`` when a miss was already reported elsewhere
        (an ambiguous key, a missing or broken company sheet)."""
        key = ref_key(text)
        if key in self.ambiguous:
            return None, True
        entry = self.index_id.get(key) or self.index_name.get(key)
        return entry, entry is None and not self.complete

    def resolve_side(
        self,
        table: _Table,
        row: _Row,
        column: str,
        side: Side,
        role: str,
    ) -> str | None:
        """A reference in ``column`` that must name a company of ``side``."""
        text = row.text(column)
        if not ref_key(text):  # (blank, or invisible characters only: as blank)
            self.require(f"the {role} is required", table, row, column)
            return None
        entry, silent = self.resolve(text)
        if entry is None:
            if not silent:
                hint = self.suggest(text, side) or self.unread_id_hint(side)
                self.add(f"unknown company {text!r}{hint}", table, row.num, column)
                self.unknown[ref_key(text)].append((text, table.name))
                self.unknown_problems.append((self.problems[-1], ref_key(text)))
            return None
        if entry.side != side:
            self.add(f"{text!r} is not {_article(side)} {side.value}", table, row.num, column)
            return None
        return entry.cid

    def add_request(
        self,
        exporter: str,
        buyer: str,
        priority: int,
        by: RequestedBy,
    ) -> None:
        old = self.requests.get((exporter, buyer))
        if old is not None:
            priority = min(priority, old.priority)
            by = old.requested_by.merge(by)
        self.requests[(exporter, buyer)] = Request(exporter, buyer, priority, by)

    def pick_wish_family(self, table: _Table) -> None:
        """Of numbered columns whose words may mean something else, the first family
        naming companies in half its filled rows is the wishes; the others are ignored
        with a warning ('Target 1, Target 2' of countries, 'Preference 1' of times of
        day: each was refused as unknown companies; a second reader)."""
        kept = None
        for key, labels in table.wish_families:
            filled = [r for r in table.rows if not r.blank(key)]
            named = [r for r in filled if any(  # numeric ids too (named() skips numbers)
                self.resolve(part.strip())[0] for part in _list(r.text(key)) if part.strip()
            )]  # fmt: skip
            if kept is None and filled and len(named) * 2 >= len(filled):
                kept = key
                table.header["wishes"] = ", ".join(labels)
                continue
            log.warning(
                "%s, sheet %s: columns %s are ignored: they do not name companies",
                table.file, table.name, ", ".join(repr(label) for label in labels),
            )  # fmt: skip
        for r in table.rows:
            value = r.cells.get(kept) if kept else None
            for key, _ in table.wish_families:
                r.cells.pop(key, None)
            if value is not None:
                r.cells["wishes"] = value

    def read_wishes(self, entries: list[tuple[Company, _Table, _Row]]) -> list[Company]:
        for table in {id(t): t for _, t, _ in entries if t.wish_families}.values():
            self.pick_wish_family(table)
        out: list[Company] = []
        for company, table, row in entries:
            wished: list[str] = []
            other = Side.BUYER if company.side == Side.EXPORTER else Side.EXPORTER
            for text in (p.strip() for p in _list(row.text("wishes"))):
                if not text:
                    continue
                entry, silent = self.resolve(text)
                if entry is None:
                    if not silent:
                        parts = [t.strip() for t in re.split(r"[,/]", text) if t.strip()]
                        strays = [t for t in parts if not self.resolve(t)[0]]
                        hint = (
                            "; wishes are separated by ';'"
                            if len(parts) > 1 and len(strays) < len(parts)
                            else ""
                        )
                        # a ',' list of which one name is misspelt was told as one
                        # withdrawn company, to be deleted whole (a tester)
                        if hint and strays:
                            hint += ", and then " + "; ".join(
                                f"{s!r}"
                                + (self.suggest(s, other) or " is no company of the roster")
                                for s in strays
                            )  # fmt: skip
                        # Nothing close: most often a company deleted from its sheet
                        # whose wishes stayed (a walkthrough: the message said nothing
                        # of it below three mentions, withdrawn_hint).
                        tail = (
                            hint
                            or self.suggest(text, other)
                            or self.unread_id_hint(other)
                            or (
                                f": no {other.value} in the roster has this id or name (if "
                                "it withdrew, delete it from the wishes)"
                            )
                        )
                        self.add(
                            f"unknown company {text!r} in wishes{tail}",
                            table,
                            row.num,
                            "wishes",
                        )
                        if not hint:  # a ',' between known names is no withdrawn company
                            self.unknown[ref_key(text)].append((text, table.name))
                            self.unknown_problems.append((self.problems[-1], ref_key(text)))
                    continue
                if entry.side != other:
                    self.add(
                        f"{text!r} is {_article(entry.side)} {entry.side.value}: "
                        f"{_article(company.side)} {company.side.value}'s wishes name "
                        f"{other.value}s",
                        table,
                        row.num,
                        "wishes",
                    )
                    continue
                if entry.cid not in wished:
                    wished.append(entry.cid)
            for rank, cid in enumerate(wished, start=1):
                if company.side == Side.EXPORTER:
                    self.add_request(company.id, cid, wish_priority(rank), RequestedBy.EXPORTER)
                else:
                    self.add_request(cid, company.id, wish_priority(rank), RequestedBy.BUYER)
            out.append(dc_replace(company, wishes=tuple(wished)))
        return out

    def read_requests(self) -> None:
        table = self.table(REQUESTS)
        if table is None:
            return
        for row in table.rows:
            exporter = self.resolve_side(table, row, "exporter", Side.EXPORTER, "exporter")
            buyer = self.resolve_side(table, row, "buyer", Side.BUYER, "buyer")
            priority = self.cell(table, row, "priority", _parse_priority, 2)
            by = self.cell(table, row, "requested_by", _parse_requested_by, RequestedBy.EXPORTER)
            if exporter and buyer and priority and by:
                self.add_request(exporter, buyer, priority, by)


def _id_letters(text: str) -> str | None:
    """The letters of an id-like reference (``'ma'`` for ``MA-010``, ``''`` for ``12``),
    :func:`ref_key`'s look-alikes aside; ``None`` for text without a digit (a name)."""
    key = ref_key(text)
    if not any(ch.isdigit() for ch in key):
        return None
    return "".join(ch for ch in key if ch.isalpha())


def _warn_sectors_joined(file: Path, companies: Sequence[Company]) -> None:
    """Sectors joined by ',' as a form exports a multiple choice ('Agroalimentaire,
    Cosmétique'): read as one sector, each a sector of other companies, and counted
    apart in the organisers' summary (a tester). A warning: a sector's own name may
    hold a comma ('Agriculture, food and beverages')."""
    # a sector: one that stands alone in a cell, or in two cells joined ones
    # ('Agroalimentaire, Cosmétique' and 'Agroalimentaire, Textile'; a reader)
    in_joined = Counter(
        p.strip().casefold() for c in companies for s in c.sectors if "," in s
        for p in set(s.split(",")) if p.strip()
    )  # fmt: skip
    alone = {s.casefold() for c in companies for s in c.sectors if "," not in s}
    alone |= {p for p, n in in_joined.items() if n > 1}
    joined = [
        (c, s) for c in companies for s in c.sectors
        if "," in s and all(p.strip().casefold() in alone for p in s.split(",") if p.strip())
        and len([p for p in s.split(",") if p.strip()]) > 1
    ]  # fmt: skip
    if joined:
        (c, s), more = joined[0], len(joined) - 1
        log.warning(
            "%s: the sectors cell %r of %s (%s) joins with ',' sectors other companies "
            "have: it is read as one sector; sectors are separated by ';'%s",
            file, s, c.name, c.id, f" ({more} more such cell(s))" if more else "",
        )  # fmt: skip


def _code_points(text: str) -> str:
    """Each character of ``text`` once, as its code point (``U+200B U+2060``): how a
    cell of invisible characters only is said."""
    return " ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(text))


def _a_phone(text: str) -> str:
    """The phone a cell holds, ``""`` for one Excel wrote in scientific notation
    (``2.547E+11``: a number column saved as CSV), whose last digits are lost: it was
    sent as typed in every agenda (an input tester)."""
    return "" if re.fullmatch(r"[+]?\d+(?:[.,]\d+)?\s*[eE]\s*[+]?\d+", text) else text


def _like_a_phone(text: str) -> bool:
    """Whether a cell looks like a phone: six digits or more in a run once every mark
    between them is left out (``+254 (0) 6050-050.050``, ``06/61/23/45/67``,
    ``06_61_23``: slashes and underscores were not, a second reader). A phone typed in
    the e-mail column was quoted in the warning, and so went into logs and cron mail (a
    privacy tester)."""
    return re.search(r"\d{6,}", re.sub(r"[^0-9A-Za-z]", "", text)) is not None


def _a_number(value: object) -> bool:
    """Whether a cell holds a number, not text: a phone typed in a General column of an
    .xlsx is one to Excel, which dropped its leading 0 or its '+' (0661234567 read
    661234567) without a word, and it went so into every agenda (a tester). A CSV's
    cells are text, and hold what was saved."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


#: How many cells of several e-mail addresses a sheet's warnings quote, the others'
#: rows listed in one more line.
SEVERAL_ADDRESSES_NAMED = 5


def _say_cells(
    table: _Table,
    column: str,
    cells: Sequence[tuple[int, str, str]],
    said: Callable[[str, str], str],
    more: str,
) -> None:
    """Warn of the first :data:`SEVERAL_ADDRESSES_NAMED` of ``cells`` (row, value as
    typed, what it became) one by one, ``said(value, became)`` naming the problem, and
    of the rest in one line (``more``, with their rows): the e-mail cells' warnings,
    a long roster's not one line per row."""
    for num, value, became in cells[:SEVERAL_ADDRESSES_NAMED]:
        log.warning(
            "%s, sheet %s, row %d, column %s: %s",
            table.file, table.name, num, column, said(value, became),
        )  # fmt: skip
    if rest := cells[SEVERAL_ADDRESSES_NAMED:]:
        log.warning(
            "%s, sheet %s, column %s: %d more cells %s (rows %s)",
            table.file, table.name, column, len(rest), more,
            ", ".join(str(num) for num, _, _ in rest),
        )  # fmt: skip


#: An e-mail address in a cell, none of the characters around one in it: two in one
#: cell (``a@x.ma ; b@x.ma``, one per line, ``a@x.ma, b@x.ma``) went into the
#: mail-merge index as one, which no mail merge can send to (a QA tester).
_ADDRESS_RE = re.compile(r"[^\s@<>,;:()\[\]\"']+@[^\s@<>,;:()\[\]\"']+")


#: A label typed before an e-mail cell's address, ending with a colon (``Email: a@b.ma``,
#: ``E-mail : a@b.ma``, ``Courriel : …``): kept, it went into the agendas and the
#: mail-merge index, which cannot send to it (a second reader). Not ``mailto:``, a
#: link's target (:func:`_undisguised`).
_EMAIL_LABEL_RE = re.compile(
    r"^\s*(?:e\s*-?\s*mail|mail|courriel|adresse(?:\s+e\s*-?\s*mail)?"
    r"|e\s*-?\s*mail\s+address)\s*[:\uff1a]\s*(?=\S)",
    flags=re.I,
)


def _undisguised(text: str) -> str:
    """An e-mail cell as a mail merge could use it: written with a full-width ``＠`` or
    disguised against spam (``jane [at] agro.ke``, ``ali(at)st.tn``), ``jane@agro.ke``
    (kept as typed, no merge could send to it; a reader); a link's ``mailto:`` prefix
    (and its ``?subject=…``) left out, as a hyperlink's target pasted (kept, it went
    into the mail-merge index; a CSV-folder tester); a separator typed after the
    address (``a@x.ma;``) dropped (a QA tester); a label typed before it (``Email:
    a@b.ma``, ``E-mail : a@b.ma``) left out (:data:`_EMAIL_LABEL_RE`)."""
    text = _EMAIL_LABEL_RE.sub("", text, count=1)
    if link := re.fullmatch(r"\s*mailto\s*:\s*([^?\s]+)(?:\?\S*)?\s*", text, flags=re.I):
        text = link.group(1)
    address = re.sub(r"\s*[\[(]\s*at\s*[\])]\s*", "@", text.replace("\uff20", "@"),
                     flags=re.I)  # fmt: skip
    if address != text:  # and its dots: 'ali (at) st (dot) tn' (a reader)
        address = re.sub(r"\s*[\[(]\s*dot\s*[\])]\s*", ".", address, flags=re.I)
    return address.strip().strip(";,").strip()


def _addresses(text: str) -> list[str]:
    """The distinct addresses an e-mail cell holds (:func:`_undisguised`), the first
    first; case aside, an address typed twice is one (``a@x.ma, a@x.ma`` was said to
    hold two; a QA tester)."""
    distinct: dict[str, str] = {}
    for address in _ADDRESS_RE.findall(_undisguised(text)):
        distinct.setdefault(address.lower(), address)
    return list(distinct.values())


def _spaced_inside(address: str, found: str) -> bool:
    """Whether ``address``, one address ``found`` in it, is one typed with a space
    inside: its domain with no dot (or ending with one, or a ``-``) and more of it
    after a space (``a@douze .ma``), or its local part ending with a ``.`` or a ``-``
    and a space before it (``jean. dupont@x.ma``). ``Ali <a@b.ma>`` and ``a@b.ma
    (DG)`` are not."""
    at = address.find(found)
    before, after = address[:at], address[at + len(found) :]
    domain = found.rpartition("@")[2]
    cut_domain = ("." not in domain or domain.endswith((".", "-"))) and re.match(
        r"\s+[\w.\-]", after
    )
    cut_local = re.search(r"[\w][.\-]\s+$", before) is not None
    return bool(cut_domain) or cut_local


def _an_address(text: str) -> str:
    """The address an e-mail cell holds, ``""`` for none (:func:`_undisguised`): the
    first of several; none for one with a space in it (``ali @ st.example``, a QA
    tester; ``a@douze .ma``, another)."""
    address = _undisguised(text)
    if "@" not in address:
        return ""
    found = _ADDRESS_RE.findall(address)
    if not found:  # 'ali @ st.example': spaces around the '@' (a QA tester)
        return ""
    if len(found) > 1 or address.count("@") > len(found):
        return found[0]  # said by read_companies: a mail merge sends to one address
    if _spaced_inside(address, found[0]):
        return ""
    return address


#: How many companies :func:`_warn_no_request` names, the others counted.
NO_REQUEST_NAMED = 10


def _warn_no_request(
    file: Path,
    side: Side,
    companies: Sequence[Company],
    asked: Mapping[str, int],
    where: str,
    named_as: tuple[str, str] = ("Requests", "max_meetings"),
) -> None:
    """The companies of one side that no request names (no wish of their own, no
    Requests row, no wish of the other side, no Fixed row), once for the side: each
    gets no meeting, and nothing said so but the INFO line's "fewest an exporter holds:
    MA-20, 0", the plan's worst-off level true only because it has none (every
    exporter pays the same fee: a slip typing in the wishes; a 3-day mission's
    tester). Named by id and name up to :data:`NO_REQUEST_NAMED`, then counted, with
    ``where`` requests go, as the roster names it. Not a company with ``max_meetings``
    0, withdrawn on purpose (docs/roster.md). Buyers at INFO: one that nobody requested
    is common (invited to be met; 4 of 4 generated missions had some), and a warning
    would reach cron's mail with every re-plan that plans; an exporter has paid its fee.
    ``named_as``: the Requests sheet and the side's ``max_meetings`` column as the
    roster names them (``Demandes``, ``Rendez-vous max``: the English names were said
    of a French roster's; a re-check tester)."""
    requests_sheet, cap = named_as
    bare = [c for c in companies if not asked[c.id] and c.max_meetings != 0]
    if not bare:
        return
    named = ", ".join(f"{c.id} ({c.name})" for c in bare[:NO_REQUEST_NAMED])
    more = f" and {len(bare) - NO_REQUEST_NAMED} more" if len(bare) > NO_REQUEST_NAMED else ""
    other = Side.BUYER if side == Side.EXPORTER else Side.EXPORTER
    one = len(bare) == 1
    log.log(
        logging.WARNING if side == Side.EXPORTER else logging.INFO,
        "%s: %d %s%s %s no request (no wish of %s own, no %s row, no %s wishing for "
        "%s), so %s no meeting: %s%s; requests go in %s (%s 0 for a company that "
        "withdrew)",
        file, len(bare), side.value, "" if one else "s", "has" if one else "have",
        "its" if one else "their", requests_sheet, other.value, "it" if one else "them",
        "it gets" if one else "they get", named, more, where, cap,
    )  # fmt: skip


def _warn_same_address(file: Path, companies: Sequence[Company]) -> None:
    """Companies of one side giving the same e-mail address: a registration sent twice
    under two spellings ('Savannah Grocers' and 'Savannah Grocers Ltd', the same
    person) was planned as two buyers, its one person booked at two tables at once (a
    tester). A warning: a group may register two firms under one address."""
    by_address: dict[tuple[Side, str], list[Company]] = defaultdict(list)
    for c in companies:
        if c.email:
            by_address[(c.side, c.email.strip().casefold())].append(c)
    for (_, address), same in by_address.items():
        if len(same) > 1:
            log.warning(
                "%s: %s give the same e-mail address (%s): one company registered twice? "
                "Both are planned, as two companies; if they are one, delete one row",
                file,
                " and ".join(f"{c.name} ({c.id})" for c in same) if len(same) <= 3 else
                f"{len(same)} companies ({', '.join(c.id for c in same[:3])}...)",
                address,
            )  # fmt: skip

