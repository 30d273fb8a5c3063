"""Two agendas compared: their meetings one by one (:func:`diff_agendas`), a
counterpart's contact details, a company's agenda language, the mission's place and
time zone; the mission's settings as a warning names them (:func:`settings_said`)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime, time

from asmex_sched.domain import (
    INVISIBLE,
    Agenda,
    Change,
    ChangeKind,
    Company,
    Mission,
    diff_placements,
    edited_pairs,
    kept_in_place_reason,
    moved_reason,
)
from asmex_sched.replan import (
    AT_MAXIMUM,
    BOOKED_AGAIN,
    BOOKED_AGAIN_TABLE,
    CANCELLED_AFTER_MOVE,
    CLOSED,
    GONE_FROM_PROGRAMME,
    MOVED_AGAIN,
    NEW_MEETING,
    NONE_FREE,
    NOT_REBOOKED,
    REBOOKED_CANCELLED,
    RENAMED_ADDED,
    RENAMED_CANCEL,
    RENAMED_MOVED,
    TAKES_NONE,
    renamed_ids,
)
from asmex_sched.report.summary import planned_at
from asmex_sched.report.words import company_language, utc_offset, utc_offsets


# ------------------------------------------------------------------ changes
def diff_agendas(
    old: Agenda, new: Agenda, between: Sequence[Change] = ()
) -> tuple[Change, ...]:
    """Meeting-by-meeting differences between two published agendas.

    Meetings are matched by ``meeting_id`` (a pair meets at most once):
    ``cancelled`` when only in ``old``, ``added`` when only in ``new``,
    ``moved`` when the date, start or table differ. ``old`` counts as it was sent
    (:attr:`Agenda.sent`: as ``plan`` wrote it, even if edited by hand since; the
    re-plan that followed announces the hand edits). A meeting edited by hand in
    ``new`` since ``plan`` wrote it has no reason. The reason is taken from
    ``new``'s own ``Changes`` sheet when it lists the same change, else from
    ``between``: the Changes sheets of the agendas planned between the two, oldest
    first (a cancellation two cron runs back was sent without its reason, a cron
    week's tester). Sorted like :func:`asmex_sched.replan.diff`: cancelled, moved,
    added, then ids.
    """
    reasons = {
        (c.kind, c.exporter_id, c.buyer_id): c.reason for c in (*between, *new.changes) if c.reason
    }
    # A move over the span is told by the run that took the meeting to its new time (a
    # later table change read "table changed" for a move of day; a second reader).
    moves: dict[tuple[str, str], list[Change]] = defaultdict(list)
    # Each pair's changes with a reason over the span, oldest first: one a run.
    runs_of: dict[tuple[str, str], list[Change]] = defaultdict(list)
    for c in (*between, *new.changes):
        if c.kind == ChangeKind.MOVED and c.reason:
            moves[(c.exporter_id, c.buyer_id)].append(c)
        if c.reason:
            runs_of[(c.exporter_id, c.buyer_id)].append(c)
    before = {m.key: (m.day, m.start, m.table) for m in old.sent}
    after = {m.key: (m.day, m.start, m.table) for m in new.meetings}
    # Edited by hand in ``new`` since plan wrote it: no run's reason is its (a hand
    # move took the reason of the re-plan that had moved it before; a hand-editing
    # tester). Blank, as report warns.
    by_hand = edited_pairs(new)
    booked = (
        {m.key: m.interpreter for m in old.sent},
        {m.key: m.interpreter for m in new.meetings},
    )

    ends = ({m.key: m.end for m in old.sent}, {m.key: m.end for m in new.meetings})
    # Each former id -> the company's id now (a chain of corrections included).
    to_new = new.id_now
    names = {c.id: c.name for c in (*new.exporters, *new.buyers)}

    def now_key(key: tuple[str, str]) -> tuple[str, str]:
        return (to_new.get(key[0], key[0]), to_new.get(key[1], key[1]))

    def ids(was: tuple[str, str], key: tuple[str, str]) -> str:
        """The ids sent and those now, over the span: not an id in between (a reader)."""
        return renamed_ids(names, was, key)

    # Each pair of the older agenda under a former id, by the pair it is now (built
    # once: a scan per added meeting was quadratic on a trade fair's agenda).
    sent_as = {now_key(k): k for k in before if now_key(k) != k}

    def renamed(kind: ChangeKind, key: tuple[str, str], said: str) -> str:
        """A corrected id's reason, as it holds over the whole span: a later run may
        have moved or cancelled the meeting announced again ("the same meeting" was
        said of one at another time, "announced again" of one cancelled since; a
        second reader)."""
        found = next((m for p in _RENAMED_FORMS if (m := p.match(said))), None)
        if found is None:
            return said
        if kind == ChangeKind.CANCELLED:
            current = now_key(key)
            if current in after:
                return RENAMED_CANCEL.format(ids=ids(key, current))
            return reasons.get((ChangeKind.CANCELLED, *current), "")
        # The pair as sent: under the former ids the older agenda has (a chain of
        # corrections: the last former id was taken, not the one sent; a reader).
        was = sent_as.get(key)
        if was is None:
            # Never sent under a former id: new to its companies over the span, as the
            # run that added it said ("the same meeting, announced again" was told of a
            # meeting added after the mailing, then renamed; a cron week's tester).
            return next(
                (why for (kind_, e, b), why in reasons.items()
                 if kind_ == ChangeKind.ADDED and (e, b) != key and now_key((e, b)) == key
                 and not any(p.match(why) for p in _RENAMED_FORMS)),
                NEW_MEETING,
            )  # fmt: skip
        if before[was][:2] == after[key][:2]:
            return RENAMED_ADDED.format(ids=ids(was, key))
        why = span_move((*moves[was], *moves[key]), before[was][:2], after[key][:2])
        return RENAMED_MOVED.format(ids=ids(was, key)) + (f"; {why}" if why else "")

    def span_move(runs: Sequence[Change], sent: tuple, now: tuple) -> str:
        """Why a meeting sent at ``sent`` is at ``now`` after the moves ``runs`` (oldest
        first), '' if none says: the run that took it from ``sent``, and "then moved
        again" when a later one set ``now``; the later run's cause was about a time the
        companies were never sent (a reader). Without any run's interpreter clause: the
        span's is said by the caller."""
        timed = [c for c in runs if (c.new_day, c.new_start) == now
                 and (c.old_day, c.old_start) != (c.new_day, c.new_start)]  # fmt: skip
        left = [c for c in runs if (c.old_day, c.old_start) == sent
                and (c.new_day, c.new_start) != sent]  # fmt: skip
        if left and (not timed or left[-1] is not timed[-1]):
            return f"{moved_reason(left[-1].reason, (False, False))}; {MOVED_AGAIN}"
        return timed[-1].reason if timed else ""

    def departure(key: tuple[str, str]) -> Change | None:
        """The run that last took the meeting from the time the companies hold (it may
        have come back in between; a reader): cancelled there, or moved to another
        time; ``None`` when no run's record says (history copies left behind)."""
        sent = before[key][:2]
        return next(
            (c for c in reversed(runs_of[key]) if (c.old_day, c.old_start) == sent and (
                c.kind == ChangeKind.CANCELLED
                or c.kind == ChangeKind.MOVED and (c.new_day, c.new_start) != sent)),
            None,
        )  # fmt: skip

    def reason(kind: ChangeKind, key: tuple[str, str]) -> str:
        if key in by_hand:
            return ""
        if kind == ChangeKind.CANCELLED:
            said = renamed(kind, key, reasons.get((kind, *key), ""))
            # Taken from its announced time by one run (moved, or cancelled and booked
            # again by a later one), cancelled at a time the companies were never sent
            # by a later one still: both causes, the first at the time they hold (the
            # last one alone was told of it; a venue tester, a cron week's tester).
            gone = departure(key)
            last = next((c for c in reversed(runs_of[key])
                         if c.kind == ChangeKind.CANCELLED), None)  # fmt: skip
            if gone is None or gone is last:
                return said
            if gone.kind == ChangeKind.CANCELLED:
                # the same cause twice is said twice: the booking in between is news
                first, then, same = _before_booked_again(gone.reason), REBOOKED_CANCELLED, ""
            else:
                first = same = moved_reason(gone.reason, (False, False))
                then = CANCELLED_AFTER_MOVE
            # announced again under a corrected id: not "cancelled there" (a reader)
            again = any(form.match(said) for form in _RENAMED_FORMS)
            if said and first and same != said and not again:
                return f"{first}; {then}; {said}"
            return said
        if kind == ChangeKind.ADDED:
            return renamed(kind, key, reasons.get((kind, *key), ""))
        if kind == ChangeKind.MOVED and before[key] != after[key]:
            # The sheet's booking is its own re-plan's; the span's is said (a second
            # reader: a later interpreter change went unsaid, an earlier one was
            # said though nothing changed since the older agenda).
            said = reasons.get((kind, *key), "")
            # Cancelled in one run and booked again in a later one: moved over the
            # span, for the reason it lost its time, then booked again (it read "moved"
            # with no reason, a cron week's tester; the cancellation's reason alone
            # read as if it still held, "the request was withdrawn", a second reader).
            lost = reasons.get((ChangeKind.CANCELLED, *key), "")
            # The cancellation that took it from the time the companies hold, not a
            # later one of a time they were never sent; its "no other common time is
            # free" was true of its run only: a later one found one (a cron week's
            # tester read it before the new time).
            gone = departure(key)
            if gone is not None and gone.kind == ChangeKind.CANCELLED:
                # cancelled at its time, booked again, moved since: not the later
                # moves' reasons, about times the companies were never sent
                lost, said = gone.reason, ""
            lost = _before_booked_again(lost)
            if before[key][:2] != after[key][:2]:  # another time, not only a table
                if lost and gone is None:  # no run's record of its time: as it ended
                    said = ""
                elif gone is None or gone.kind == ChangeKind.MOVED:
                    said = span_move(moves[key], before[key][:2], after[key][:2]) or said
            again = BOOKED_AGAIN if before[key][:2] != after[key][:2] else BOOKED_AGAIN_TABLE
            said = said or (f"{lost}; {again}" if lost else "")
            return moved_reason(said, (booked[0][key], booked[1][key]))
        if (kind, *key) in reasons:
            return reasons[(kind, *key)]
        if kind == ChangeKind.INTERPRETER or (
            kind == ChangeKind.MOVED and before[key] == after[key]
        ):  # kept in place: its interpreter booking, its end, or both changed
            return kept_in_place_reason(
                booked[1][key] if kind == ChangeKind.INTERPRETER else None,
                ends[1][key] if ends[0].get(key) != ends[1][key] else None,
                new.mission.meeting_minutes,
            )
        return ""

    # A new end alone is a change too (docs/agenda.md, Changes): it was missed here.
    return tuple(diff_placements(before, after, reason, booked, ends))


#: A company's fields its counterparts' agendas print, with their words in a change's
#: reason (English, French): a correction reaches the counterparts (:func:`changed_details`).
_DETAIL_FIELDS: dict[str, tuple[str, tuple[str, str]]] = {
    "name": ("name", ("nouveau nom", "nom supprimé")),
    "contact": ("contact person", ("nouvelle personne de contact", "personne de contact "
                                   "supprimée")),
    "email": ("e-mail", ("nouvel e-mail", "e-mail supprimé")),
    "phone": ("phone", ("nouveau téléphone", "téléphone supprimé")),
    # in the counterparts' event text too: a correction reached nobody (an ICS tester)
    "sectors": ("sectors", ("nouveaux secteurs", "secteurs supprimés")),
}


def _detail_text(value: str | tuple[str, ...]) -> str:
    """A detail as its change line gives it: sectors joined by ", " (``"; "`` parts
    the line), as it looks: a run of spaces of any kind one space, invisible characters
    (:data:`~asmex_sched.domain.INVISIBLE`) left out, accents composed. A name retyped
    with a non-breaking space pasted from a web page (``Société\u00a0Tunisienne``) was
    "details changed" and sent to its partners as a "new name" that reads the same,
    though the roster's references take the two as one name (a QA tester). Case and
    accents stay a change: a corrected ``Societe`` shows in the agendas."""
    if isinstance(value, tuple):  # their order is no change (a reader)
        return ", ".join(sorted(_as_seen(v) for v in value))
    return _as_seen(value)


def _as_seen(text: str) -> str:
    """``text`` as it looks (:func:`_detail_text`)."""
    text = unicodedata.normalize("NFC", "".join(c for c in text if c not in INVISIBLE))
    return re.sub(r"\s+", " ", text).strip()


def changed_details(previous: Agenda, agenda: Agenda) -> dict[str, str]:
    """The companies of both agendas whose name or contact details differ, each with
    the reason of its counterparts' change lines (``new e-mail: x; phone removed``).
    Their counterparts hold the old details in the agendas sent: a corrected e-mail
    was never announced to them (a second reader)."""
    return details_changed(
        (*previous.exporters, *previous.buyers), (*agenda.exporters, *agenda.buyers)
    )


def details_changed(
    previous: Iterable[Company], companies: Iterable[Company], *, values: bool = True
) -> dict[str, str]:
    """:func:`changed_details` of two lists of companies (a re-plan's roster against
    the agenda it replaces); without ``values``, the fields alone (``phone, e-mail``:
    for logs and cron mail, which carry no phone; docs/operations.md, Personal data)."""
    before = {c.id: c for c in previous}
    out: dict[str, str] = {}
    for c in companies:
        old = before.get(c.id)
        if old is None:
            continue
        parts = []
        for attr, (word, _) in _DETAIL_FIELDS.items():
            was, now = (_detail_text(getattr(x, attr)) for x in (old, c))
            if was != now:
                parts.append(
                    (f"new {word}: {now}" if now else f"{word} removed") if values else word
                )
        if parts:
            out[c.id] = "; ".join(parts) if values else ", ".join(parts)
    return out


#: The agenda languages as a coordinator's message names them.
_LANGUAGE_NAMES = {"en": "English", "fr": "French"}


def languages_changed(
    previous: Iterable[Company], companies: Iterable[Company], lang: str | None = None
) -> dict[str, str]:
    """The companies of both lists whose agenda is in another language
    (:func:`~asmex_sched.report.words.company_language` of their ``languages``), each
    with the change as a message names it (``English to French``); none with ``lang``
    (``--lang``: one language for every company). Every text of such a company's files
    changes, and no meeting does: a buyer's ``en; sw`` corrected to ``fr`` was sent
    nothing by ``report --changed-since``, and nothing was said (a tester)."""
    before = {c.id: company_language(c, lang) for c in previous}
    out: dict[str, str] = {}
    for c in companies:
        was, now = before.get(c.id), company_language(c, lang)
        if was is not None and was != now:
            out[c.id] = f"{_LANGUAGE_NAMES.get(was, was)} to {_LANGUAGE_NAMES.get(now, now)}"
    return out


def mission_over(mission: Mission, moment: datetime | None) -> bool:
    """Whether the mission's last day had ended at ``moment`` (mission time; ``None``:
    not known, so not over): an agenda sent again then is no news."""
    if moment is None:
        return False
    days = mission.dates or (mission.first_day,)
    return moment >= datetime.combine(days[-1], mission.day_end)


def language_changes_of(
    previous: Iterable[Company],
    companies: Iterable[Company],
    *,
    mission: Mission,
    departed: Collection[str],
    moment: datetime | None,
    lang: str | None = None,
) -> dict[str, str]:
    """:func:`languages_changed` from the companies of the agenda sent (``previous``)
    to ``companies``, for those not ``departed`` (a company that left gets no agenda),
    unless ``mission`` was over at ``moment``: each gets its agenda again, in its new
    language, with ``--changed-since`` (a tester), as a counterpart's new details reach
    the companies meeting it (:func:`changed_details`). What ``report`` sends
    (:func:`language_changes`) and what ``plan`` warns of (its instance's companies, at
    its "now") alike: ``plan`` wrote the same test again line for line (a reader)."""
    if mission_over(mission, moment):
        return {}
    changed = languages_changed(previous, companies, lang)
    return {cid: said for cid, said in changed.items() if cid not in departed}


def language_changes(
    previous: Agenda, agenda: Agenda, lang: str | None = None
) -> dict[str, str]:
    """:func:`language_changes_of` between the agenda sent (``previous``) and
    ``agenda``, the companies it lists, at the time it was planned."""
    return language_changes_of(
        (*previous.exporters, *previous.buyers),
        (*agenda.exporters, *agenda.buyers),
        mission=agenda.mission,
        departed=agenda.departed,
        moment=planned_at(agenda),
        lang=lang,
    )


def _renamed(sentence: str) -> str:
    """A pattern of replan's ``RENAMED_*`` sentences, ``{ids}`` a named group."""
    return re.escape(sentence).replace(re.escape("{ids}"), "(?P<ids>.+)")


#: Why a run held a cancelled meeting at no other time, after its cause: true of that
#: run's plan only (:func:`_before_booked_again`).
_NONE_ELSEWHERE = (
    re.compile(f", and {re.escape(NONE_FREE)}$"),
    re.compile(
        "; (?:" + "|".join((
            re.escape(NOT_REBOOKED),
            re.escape(AT_MAXIMUM).replace(re.escape("{who}"), "(?:(?!; ).)+")
            .replace(re.escape("{n}"), r"\d+"),
            re.escape(TAKES_NONE).replace(re.escape("{who}"), "(?:(?!; ).)+"),
            r"(?:(?!; ).)+ has reached its maximum number of meetings \(max_meetings \d+\)",
        )) + ")$"
    ),  # fmt: skip
    # the two companies' common times gone: the cause before it, when there is one
    re.compile(", and the two companies (?:no longer have a common available time|have no "
               "common available time left after .+)$"),
)
#: A frozen or locked meeting's cause, which a company reads followed by "and no other
#: common time was free for it": the same cause as a meeting that could move.
_HELD_THEN = (
    (re.compile(r"^(?:frozen|locked) meeting: (?P<who>.+?) (?:(?P<verb>was|were) declared|"
                r"declared itself) unavailable then$"),
     lambda m: f"{m['who']} {'are' if m['verb'] == 'were' else 'is'} no longer available "
     "at the published time"),
    (re.compile(r"^(?:frozen|locked) meeting: its time is no longer a slot of the programme$"),
     lambda m: GONE_FROM_PROGRAMME),
    (re.compile(r"^(?:frozen|locked) meeting: its time was closed to meetings for (?P<whom>.+)$"),
     lambda m: CLOSED.format(whom=m["whom"])),
)  # fmt: skip


def _before_booked_again(reason: str) -> str:
    """The cause of a cancellation that a later run of the span booked again, without
    why its own run held it at no other time ("and no other common time is free for
    it", "the new plan found no other time for it", a party at its maximum): true of
    that run only, a company read "no other common time is free for it; then booked
    again at another time" (a cron week's tester). A cause that is itself the lack of
    common times ("the two companies no longer have a common available time") is kept:
    nothing else says why it went."""
    for pattern, cause in _HELD_THEN:
        if found := pattern.match(reason):
            return cause(found)
    for pattern in _NONE_ELSEWHERE:
        found = pattern.search(reason)
        if found and found.start() > 0:
            return reason[: found.start()]
    return reason


#: replan's sentences for a corrected id, their ``ids`` a group (the moved one may go on
#: with why, after ``; ``).
_RENAMED_FORMS = tuple(
    re.compile(f"^{_renamed(form)}{tail}")
    for form, tail in ((RENAMED_CANCEL, "$"), (RENAMED_ADDED, "$"), (RENAMED_MOVED, "(?:; |$)"))
)


def place_changes(old: Mission, new: Mission) -> str:
    """The mission's name, city or venue changed between two agendas, as a warning
    gives it (``venue changed from 'KICC' to 'Sarit Expo Centre'``), '' when none did. Every company
    file prints them (its heading; the calendar events' location), and no meeting
    change lists them: ``report --changed-since`` wrote no file, and nothing was said
    (a calendars tester)."""

    def said(value: str) -> str:
        # an empty value as "(none)": '' meant nothing to a coordinator (a reader)
        return repr(value) if value.strip() else "(none)"

    return "; ".join(
        f"{field} changed from {said(getattr(old, field))} to {said(getattr(new, field))}"
        for field in ("name", "city", "venue")
        if getattr(old, field) != getattr(new, field)
    )


def settings_said(mission: Mission, names: Iterable[str]) -> str:
    """The Mission settings ``names`` of ``mission`` as a warning names them, as the
    Mission sheet writes them: ``venue 'Serena Hotel' and tables 14`` (the hand edits of
    an agenda's Mission sheet, and the roster's values ``plan`` writes back)."""

    def said(value: object) -> str:
        if isinstance(value, str):
            return repr(value) if value.strip() else "(none)"
        if isinstance(value, time):
            return f"{value:%H:%M}"
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, tuple):  # the breaks
            return repr("; ".join(f"{s:%H:%M}-{e:%H:%M}" for s, e in value)) if value else "(none)"
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)

    parts = [f"{name} {said(getattr(mission, name))}" for name in names]
    return ", ".join(parts) if len(parts) < 2 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def time_zone_shift(old: Mission, new: Mission) -> str | None:
    """How a correction of the mission's time zone moves the meetings in calendars, or
    ``None`` when the two zones keep the same offset over the mission's days (or the
    zone is unchanged): ``Africa/Nairobi (UTC+03:00) to Africa/Abidjan (UTC+00:00)``.

    The meetings keep their local times, so no meeting is moved or announced, yet every
    calendar event the companies hold is off by the difference: a coordinator who
    corrected the template's zone was told of 0 changes, and `report --changed-since`
    wrote no file (a tester)."""
    if old.timezone == new.timezone:
        return None
    days = new.dates or (new.first_day,)
    if all(utc_offset(old, day) == utc_offset(new, day) for day in days):
        return None
    return (
        f"{old.timezone} (UTC{utc_offsets(old, 'en')}) to "
        f"{new.timezone} (UTC{utc_offsets(new, 'en')})"
    )
