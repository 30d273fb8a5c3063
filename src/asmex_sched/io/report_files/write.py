""":func:`write_reports`, what ``asmex-sched report`` runs: the agenda read, each
company's agenda built (:mod:`asmex_sched.report`), the run's warnings gathered, and
every file written atomically, the index and summary last; its
:class:`ReportOutcome`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path

from asmex_sched.domain import (
    GROUP_ALL,
    GROUP_BUYERS,
    GROUP_EXPORTERS,
    SUMMARY_MISSION_KEYS,
    Agenda,
    Mission,
    edited_by_hand,
    ends_not_read,
    language_code,
    mission_typed_over,
)
from asmex_sched.errors import (
    AgendaConflictError,
    InputError,
    OutputError,
)
from asmex_sched.io.agenda import HISTORY_DIR, read_agenda
from asmex_sched.io.atomic import (
    atomic_write_bytes,
    held_lock,
    remove_killed_temporaries,
    writable_folder,
)
from asmex_sched.io.report_files.changed_since import (
    _hand_edits_undone,
    _past_before_sent,
    _past_when_changed,
    _planned_after,
    _sequenced_after,
    _unexplained,
)
from asmex_sched.io.report_files.history import (
    _changes_between,
    _dropped_since_history,
    _left_at_replan,
    _made_against,
    _replans_before,
)
from asmex_sched.io.report_files.index import CompanyFiles, index_csv_bytes, index_xlsx_bytes
from asmex_sched.io.report_files.options import parse_formats
from asmex_sched.io.report_files.pdf import (
    _shaping_available,
    pdf_font,
)
from asmex_sched.io.report_files.summary import _last_reported, summary_xlsx_bytes
from asmex_sched.io.report_files.workers import _jobs, _made_in_order, _with_latin_cut
from asmex_sched.io.report_files.zone import (
    _before_planned,
    _mission_now,
    _mission_time,
    _zone,
)
from asmex_sched.io.roster import ref_key
from asmex_sched.report import (
    LANGUAGES,
    CompanyAgenda,
    build_company_agendas,
    calendar_id,
    diff_agendas,
    honoured_departures,
    place_changes,
    planned_at,
    settings_said,
    time_zone_shift,
    unmet_not_held,
)

log = logging.getLogger("asmex_sched.report")

#: The lock file a run holds in its folder while it writes there (hidden: the folder
#: is a mail merge's; empty, it stays between runs, as the agenda's ``.lock`` does).
REPORT_LOCK = ".asmex-report.lock"


@dataclass(frozen=True)
class ReportOutcome:
    out_dir: Path
    companies: tuple[CompanyFiles, ...]
    index_csv: Path
    index_xlsx: Path
    summary_xlsx: Path
    formats: tuple[str, ...]
    unchanged: int = 0  # companies skipped by --changed-since
    warnings: tuple[str, ...] = ()


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one existing file."""
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _beside(out_dir: Path, paths: Sequence[Path]) -> list[str]:
    """The stems of ``paths`` that lie in ``out_dir``: no company's files may take them
    (``report agenda.xlsx -o .`` wrote a buyer with the id ``agenda`` and an Arabic name,
    so no slug, over the agenda itself; a tester)."""
    try:
        folder = out_dir.resolve()
        # where the path names it, or where it leads: an agenda given as a link in -o
        # was written through onto the real agenda elsewhere (a reader)
        return [
            Path(p).stem for p in paths
            if folder in (Path(p).absolute().parent.resolve(), Path(p).resolve().parent)
        ]  # fmt: skip
    except OSError:
        return []


def write_reports(
    agenda_path: Path,
    out_dir: Path,
    *,
    companies: Sequence[str] = (),
    formats: Sequence[str] | str | None = None,
    lang: str | None = None,
    changed_since: Path | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    conflicts: Callable[[Agenda], Sequence[object]] | None = None,
    now: datetime | None = None,
    jobs: int | None = 1,
    wait: float = 0.0,
) -> ReportOutcome:
    """Write every company's agenda files, ``index.csv``/``.xlsx`` and ``summary.xlsx``.

    Parameters
    ----------
    agenda_path
        Agenda workbook written by ``asmex-sched plan``.
    out_dir
        Folder to write to (created).
    companies
        Company ids to write (all when empty).
    formats
        Among ``xlsx``, ``ics``, ``pdf`` (default ``xlsx,ics``).
    lang
        ``fr`` or ``en`` for every company; per company when ``None``.
    changed_since
        A previously published agenda: only companies whose meetings changed
        get files, each listing the changes; calendars cancel dropped meetings.
    on_progress
        Called with ``(companies done, companies to write)`` before the first company
        and after each one (the CLI's progress bar: a trade fair's 1 600 PDFs take
        about a quarter of an hour).
    conflicts
        What the agenda breaks on its own (the use case's check): any, and nothing is
        written (:class:`~asmex_sched.errors.AgendaConflictError`).
    jobs
        Processes making the files (``--jobs``): one by default here (a caller's script
        is not re-run by workers); ``None``, one per usable core when there is work for
        them (:func:`_jobs`; the CLI's default). The files are the same whatever
        their number.
    wait
        Seconds to wait for another run writing into ``out_dir`` (its lock,
        :data:`REPORT_LOCK`).

    Raises
    ------
    InputError
        Not an agenda, unknown company id, bad format or language, unknown
        mission timezone.
    LockedError
        Another run holds ``out_dir``'s lock and ``wait`` expired.
    """
    fmts = parse_formats(formats)
    if lang is not None:
        lang = lang.strip().lower()
        if lang not in LANGUAGES:
            raise InputError(f"--lang: expected one of {', '.join(LANGUAGES)}, got {lang!r}")
    agenda = read_agenda(Path(agenda_path))
    _zone(agenda.mission.timezone)
    found = list(conflicts(agenda)) if conflicts else []
    if found:
        raise AgendaConflictError(Path(agenda_path), found)
    agenda, still_here = honoured_departures(agenda)
    agenda = unmet_not_held(agenda)
    all_ids = {c.id for c in (*agenda.exporters, *agenda.buyers)} - agenda.departed
    asked = [c.strip() for c in companies]
    if asked and not any(asked):
        raise InputError("--company: no company id given (an empty list selects nobody)")
    # ids as written, else by their reference key, as roster references match them
    # (case, accents, spaces, invisible characters: 'B\u200b2' from a web page was not
    # found as B2 and the suggestion looked the same as what was typed: a tester)
    by_folded: dict[str, list[str]] = {}
    for cid in all_ids:
        by_folded.setdefault(ref_key(cid), []).append(cid)

    # A former id (corrected in the roster): the company it is now (it read "left the
    # mission", the id the coordinator knows pointing nowhere; a reader).
    now_id = agenda.id_now
    # said with the run's other warnings (a log line among "warning:" lines; a tester)
    corrected: list[str] = []

    def resolved(cid: str) -> str:
        same = by_folded.get(ref_key(cid), [])
        cid = same[0] if cid not in all_ids and len(same) == 1 else cid
        if cid in now_id and now_id[cid] in all_ids:
            corrected.append(f"{cid} is now {now_id[cid]} (its id was corrected): its "
                             "agenda is written")  # fmt: skip
            return now_id[cid]
        return cid

    wanted = list(dict.fromkeys(resolved(c) for c in asked if c))
    left = [c for c in wanted if c in agenda.departed]
    if left:
        raise InputError(
            f"{agenda_path}: {', '.join(repr(c) for c in left)} left the mission (marked "
            "left_mission): a company that left gets no agenda of its own"
        )
    unknown = [c for c in wanted if c not in all_ids]
    if unknown:
        # A company's name given for its id: say which id (a fresh coordinator's test).
        by_name: dict[str, list[str]] = {}
        for c in (*agenda.exporters, *agenda.buyers):
            if c.id in all_ids:
                by_name.setdefault(c.name.strip().casefold(), []).append(c.id)
        named = [
            f"{u!r} is the name of {' and '.join(by_name[u.casefold()])}"
            for u in unknown if u.casefold() in by_name
        ]  # fmt: skip
        # Where it was looked for, and a company gone from the roster told from a typo:
        # -c KE-057, left at a re-plan, read as an unknown id alone (a tester).
        gone = _left_at_replan(Path(agenda_path), agenda, unknown, ref_key)
        left_note = "; ".join(
            f"{where}: it left the mission at a re-plan, so it has no agenda to send"
            for where in gone.values()
        )
        raise InputError(
            f"{agenda_path}: unknown company id(s) {', '.join(repr(u) for u in unknown)} "
            + (f"({'; '.join(named)}: give its id) " if named else "")
            + f"(not in the agenda's Exporters or Buyers sheets: {len(all_ids)} companies, "
            f"e.g. {', '.join(sorted(all_ids)[:3]) or 'none'})"
            + (f"; {left_note}" if left_note else "")
        )
    previous = None
    changes = None
    runs: list[Agenda] = []
    late: list[str] = []
    unexplained: str | None = None
    mailed: datetime | None = None
    until: datetime | None = None
    stamp: datetime | None = None
    early = False
    record: frozenset[tuple[str, str, date, time]] | None = None
    if changed_since is not None:
        previous = read_agenda(Path(changed_since))
        if previous.mission.name != agenda.mission.name:
            raise InputError(
                f"--changed-since {changed_since}: the agenda of mission "
                f"{previous.mission.name!r}, not {agenda.mission.name!r}: compare two "
                "agendas of the same mission (if it was renamed, run the report without "
                "--changed-since: the agenda's own Changes sheet lists its last re-plan's "
                "changes)"
            )
        sequenced_after = _sequenced_after(previous, agenda)
        if sequenced_after is not None:
            # A warning was not enough: the backward list was mailed (a meeting added
            # told as cancelled), and the calendars ignored the files' lower SEQUENCE.
            # Within one chain of re-plans the two are swapped; two first plans of one
            # mission into separate files share its calendar id too, and their
            # sequences are their --now's minutes: "planned after" was then false (a
            # second reader), and either way the files would be ignored.
            theirs, mine = sequenced_after
            raise InputError(
                f"--changed-since {changed_since}: that agenda's calendar_sequence "
                f"({theirs}) is above {agenda_path}'s ({mine}), the same mission's "
                "calendar, so calendars holding its events would ignore these files: "
                "either the two are given the wrong way round, and every change would "
                f"be told backwards (report {changed_since} --changed-since "
                f"{agenda_path}, if {agenda_path} is the one sent), or {agenda_path} was "
                "not planned from the agenda sent (a separate plan, with an earlier "
                f"--now): re-plan over the agenda sent instead (plan ROSTER -o "
                f"{changed_since})"
            )
        between, runs = _changes_between(Path(agenda_path), previous, agenda)
        changes = diff_agendas(previous, agenda, between)
        # Given the wrong way round, the older agenda's "no reason" (a first plan read
        # as one "planned from scratch (plan --fresh)") only confused the swap warning
        # below (an outside tester).
        if _planned_after(previous, agenda) is None:
            unexplained = _unexplained(Path(agenda_path), Path(changed_since), agenda,
                                       changes, runs)  # fmt: skip
        mailed = _mission_time(agenda, now) if now is not None else _mission_now(agenda)
        # "now" for what is past: the mailing, or the agenda's planned_at if truly later
        # (a clock behind, a mistyped --now: warned below). plan rounds planned_at up
        # to the next minute: a report within that minute after it was warned and had
        # its time replaced (a tester from a fresh checkout), so compared as rounded.
        stamp = planned_at(agenda)
        early = _before_planned(agenda, mailed, stamp)
        until = stamp if early or mailed is None else mailed
        # the times that were past when the run changing them ran (runs in between too)
        record = _past_when_changed([*runs, agenda])
        late = _past_before_sent(previous, agenda, changes, until, record)
    against = _made_against(Path(agenda_path), agenda) if previous is None else None
    cas = build_company_agendas(
        agenda,
        company_ids=wanted or None,
        lang=lang,
        changes=changes,
        only_changed=changed_since is not None,
        previous=previous,
        listed_before=None if against is None else frozenset(
            c.id for c in (*against.exporters, *against.buyers)
        ),
        announced=None if against is None else against.mission,
        reserved_stems=_beside(Path(out_dir), [Path(agenda_path), *filter(None, [changed_since])]),
        record=record,  # history at the time of the run that changed it
    )
    if changed_since is None and "ics" in fmts:  # a full report cancels what runs dropped
        dropped = _dropped_since_history(Path(agenda_path), agenda)

        def with_dropped(ca: CompanyAgenda) -> CompanyAgenda:
            told = {c.meeting_id for c in ca.cancelled}  # once, not per line
            more = tuple(x for x in dropped.get(ca.company.id, ()) if x.meeting_id not in told)
            return replace(ca, cancelled=ca.cancelled + more)

        cas = [with_dropped(ca) for ca in cas]
    considered = len(wanted) if wanted else len(all_ids)
    warns: list[str] = [
        f"--changed-since {changed_since}: {len(late)} change"
        f"{'s' if len(late) > 1 else ''} made by re-plans not mailed (a meeting booked, "
        "moved or cancelled, an interpreter booked or released) "
        f"{'are' if len(late) > 1 else 'is'} at a time now past, so the companies were never "
        f"told in time: {'; '.join(late)}; the agenda "
        "records these meetings as it says: check with the companies what took place"
    ] if late else []
    warns += dict.fromkeys(corrected)  # once each
    if unexplained:  # with the others (it was a log line among "warning:" lines)
        warns.append(unexplained)
    if previous is not None and (undone := _hand_edits_undone(previous, agenda)):
        warns.append(
            f"--changed-since {changed_since} was edited by hand after plan wrote it, and "
            f"{len(undone)} of those meetings {'are' if len(undone) > 1 else 'is'} now back "
            "as plan wrote it there: counted as never sent, no change; if a report of it "
            "as edited was mailed, those companies hold the typed times: send them their "
            f"full agenda (report without --changed-since, -c ID for each): {'; '.join(undone)}"
        )
    if early:
        # Replaced by planned_at without a word, where plan warns (a cron week's tester).
        warns.append(
            f"now ({mailed:%Y-%m-%d %H:%M}{', --now' if now is not None else ''}) is before "
            f"the time {Path(agenda_path).name} was planned ({stamp:%Y-%m-%d %H:%M}): "
            "changes are counted as past up to then; check --now or the machine's clock"
        )
    warns += [
        f"{cid} is marked left_mission but has meetings after the agenda was planned: "
        "it gets its agenda (a company leaves the mission by leaving the roster; plan "
        "marks it)"
        for cid in still_here
    ]
    # Agendas written before the Unavailability sheet existed list no commitment:
    # against one, every commitment read as changed (an upgrade tester).
    unlisted = [str(p) for p, a in ((changed_since, previous), (agenda_path, agenda))
                if a is not None and not a.lists_commitments]  # fmt: skip
    if previous is not None and unlisted:
        warns.append(
            f"{' and '.join(unlisted)} {'was' if len(unlisted) == 1 else 'were'} written by "
            "an older version, without the companies' other commitments (Unavailability): "
            "their changes cannot be told; if some changed, send those companies their full "
            "agenda"
        )
    elif previous is not None:
        # Other commitments moved without moving a meeting (a site visit moved to
        # another day): no file, and nothing said, while the agendas sent show the old
        # ones (a newcomer's tester).
        # One over by the mailing (a no-show typed in at noon for that morning) is no
        # news to send: it named the buyer, whose agenda to come had not changed (a
        # cron week's tester).
        # "now" as the never-told list takes it (until)
        moved = {
            u for u in set(previous.unavailability) ^ set(agenda.unavailability)
            if until is None or datetime.combine(u.day, u.end) > until
        }  # fmt: skip
        sides = {GROUP_EXPORTERS: {c.id for c in agenda.exporters},
                 GROUP_BUYERS: {c.id for c in agenda.buyers}}  # fmt: skip
        touched = set().union(*(
            all_ids if u.participant == GROUP_ALL else sides.get(u.participant, {u.participant})
            for u in moved
        ))  # fmt: skip
        sent = {ca.company.id for ca in cas}
        untold = sorted((touched & all_ids) - sent)
        if wanted:
            untold = [c for c in untold if c in wanted]
        if untold:
            # Every id (cut at 8, "-c ID for each" could not be followed for 119; a
            # cron week's tester); a row for a whole group: a full report.
            group = any(u.participant in (GROUP_ALL, *sides) for u in moved)
            warns.append(
                f"{len(untold)} compan{'y' if len(untold) == 1 else 'ies'} whose other "
                "commitments (Unavailability) changed without a meeting of theirs "
                f"changing get{'s' if len(untold) == 1 else ''} no file from "
                "--changed-since: send them their full agenda "
                + ("(a time closed to a whole group: report without --changed-since, "
                   "into another folder, for all of them): " if group else
                   "(report without --changed-since, -c ID for each): ")
                + ", ".join(untold)
            )
    if changed_since is None:
        # Two cron re-plans between mailings, one cancelling and the next booking the
        # same meetings again: the full report told the companies "added, new meeting"
        # of meetings they already held, at the time and table they held (a tester).
        # Not when this folder's last report was of that agenda or a later one: every
        # full report after each re-plan warned (a reader). Also when the last re-plan
        # changed no meeting (a contact corrected): its empty lists miss the earlier
        # runs' changes just as well (a French recipients' reader).
        copies = _replans_before(Path(agenda_path), agenda)
        last = _last_reported(Path(out_dir), agenda)
        if len(copies) > 1 and (last is None or last < copies[0][1]):
            # judged on the whole agenda: -c for a company the re-plan did not touch
            # read "(it changed no meeting)" after a re-plan that moved one (a tester)
            changed = bool(agenda.changes) if wanted else any(ca.changes for ca in cas)
            none = "" if changed else " (it changed no meeting)"
            warns.append(
                f"the change lists are {Path(agenda_path).name}'s last re-plan's{none}, against "
                f"{HISTORY_DIR}/{copies[0][0]}; older agendas are in {HISTORY_DIR}/ too"
                + (", and this folder's last report was of one of those" if last else "")
                + ": if the companies were last sent one of those, these lists tell changes "
                "they never saw and miss others: give the agenda sent with --changed-since "
                "instead"
            )
    if lang is None and (
        foreign := [
            ca.company.id for ca in cas
            if ca.company.languages
            and not {"fr", "en"} & {language_code(x) for x in ca.company.languages}
        ]
    ):  # fmt: skip
        # An Arabic-only exporter's agenda was in English without a word (a tester): for
        # a Moroccan confederation it more likely reads French.
        warns.append(
            f"{len(foreign)} compan{'y speaks' if len(foreign) == 1 else 'ies speak'} "
            "neither French nor English: their agendas are in English; for those who read "
            "French, write theirs into another folder (report -o OTHER -c ID --lang fr: "
            "its index lists them alone, keep this one for the mail merge): "
            f"{', '.join(foreign)}"  # every one: a ninth was cut to "..." (a CSV-folder tester)
        )
    if no_address := [ca.company.id for ca in cas if not ca.company.email]:
        # A buyer with its e-mail left blank was in index.csv with a blank address: the
        # mail merge skipped its 8 meetings without a word (a tester).
        warns.append(
            f"{len(no_address)} compan{'y has' if len(no_address) == 1 else 'ies have'} no "
            "e-mail address in the agenda: the mail merge (index.csv) cannot send them "
            "their files; add it to the roster (then plan and report again) or send them "
            f"yourself: {', '.join(no_address)}"  # every one, as the languages' warning
        )
    if lang is None and (
        unsaid := [ca.company.id for ca in cas if not ca.company.languages]
    ):
        # A French-speaking mission whose Languages column was left blank (everyone
        # speaks French, no interpreter) had every agenda in English (a newcomer's
        # tester).
        warns.append(
            f"{len(unsaid)} compan{'y lists' if len(unsaid) == 1 else 'ies list'} no "
            "language: their agendas are in English (a company's agenda is in French when "
            "its languages include fr and not en); fill in their languages in the roster "
            "(then plan and report again), or give --lang fr for every company"
            + (f": {', '.join(unsaid[:5])}{' ...' if len(unsaid) > 5 else ''}"
               if len(unsaid) < len(cas) else "")
        )  # fmt: skip
    if previous is not None and calendar_id(previous) != calendar_id(agenda):
        warns.append(
            f"--changed-since {changed_since} gave its calendar events other UIDs (calendar "
            f"id {calendar_id(previous) or 'none'!r}, this agenda's "
            f"{calendar_id(agenda) or 'none'!r}: it was planned afresh, not re-planned "
            "against it): these .ics files neither update nor cancel the events the "
            "companies hold, send the complete agendas instead"
        )
    # (worked out by build_company_agendas, with the files it sends again)
    if told := [f"{ca.company.id} ({ca.relanguaged})" for ca in cas if ca.relanguaged]:
        # Why these files are written: a company whose languages alone changed was
        # sent nothing and counted "unchanged" (a tester); it has no change line.
        one = len(told) == 1
        warns.append(
            f"--changed-since {changed_since}: the agenda language of {len(told)} compan"
            f"{'y' if one else 'ies'} changed ({'its' if one else 'their'} languages in the "
            f"roster): {'its agenda is' if one else 'their agendas are'} sent again, in the "
            f"new language (no change line says so): {', '.join(told)}"
        )
    moved = place_changes(previous.mission, agenda.mission) if previous is not None else ""
    if moved:
        warns.append(
            f"--changed-since {changed_since}: the mission's {moved}: every company's "
            "agenda and calendar events hold the former one, and these files list no "
            "change for it: send every company its complete agenda (report without "
            "--changed-since)"
        )
    shift = time_zone_shift(previous.mission, agenda.mission) if previous is not None else None
    if shift:
        warns.append(
            f"--changed-since {changed_since}: the mission's time zone was corrected from "
            f"{shift}: the meetings keep their local times, so these files list no change "
            "for it, but the calendar events the companies hold are off by the "
            "difference: send every company its complete agenda (report without "
            "--changed-since)"
        )
    if previous is not None and (
        (previous.mission.first_day, previous.mission.days)
        != (agenda.mission.first_day, agenda.mission.days)
    ):
        # A day added or the mission moved with no meeting changing: no file, while
        # every agenda sent shows the former dates (a venue tester).
        def dates(m: Mission) -> str:
            return f"{m.dates[0].isoformat()} to {m.dates[-1].isoformat()}"

        warns.append(
            f"--changed-since {changed_since}: the mission's dates changed, "
            f"{dates(previous.mission)} before, {dates(agenda.mission)} now: the agendas sent show "
            "the former dates, and only companies with a changed meeting get a file: send "
            "every company its complete agenda (report without --changed-since)"
        )
    swapped = _planned_after(previous, agenda) if previous is not None else None
    if swapped is not None:
        # A warning, not a refusal: "planned at" is the re-plan's "now", which --now
        # may set in the past (the way to try re-planning on the example: README and
        # docs/operations.md, *Re-planning from cron*).
        # Refused above when the calendar sequences tell for certain.
        before, after = swapped
        warns.append(
            f"--changed-since {changed_since}: that agenda was planned at "
            f"{before:%Y-%m-%d %H:%M}, after {agenda_path} ({after:%Y-%m-%d %H:%M}): if the "
            "two are swapped, these notices are backwards (give the newer agenda first)"
        )
    if edited_by_hand(agenda):
        # With --changed-since the edits are in the files' changes (a tester read "not
        # announced as changes" beside files listing them).
        shown = (
            "list the edits as changes, without a reason"
            if previous is not None
            else "show the edits, but they are not announced as changes"
        )
        warns.append(
            f"{agenda_path} was edited by hand since 'plan' wrote it: these files {shown} "
            "(a moved meeting keeps the calendar version already sent, so a calendar may "
            "not update it); run 'plan' on it first: it checks the edits"
            + (
                " and lists them in the Changes sheet"
                if agenda.as_written is not None
                # not "written by an older version" alone: its hidden copy may have been
                # deleted or edited too (a reader)
                else " (this agenda has no usable copy of itself as written: written by an "
                "older version, or its hidden 'As written' sheet deleted or edited: its hand "
                "edits cannot be told from the planner's, so announce them yourself)"
            )
        )
    if ends := ends_not_read(agenda, "Meetings", "the files give"):
        warns.append(ends)
    if typed := _mission_typed_over(agenda_path, agenda):
        warns.append(typed)
    font = None
    if "pdf" in fmts:
        font = pdf_font()
        if font is None:
            warns.append(
                "no Unicode font found for the PDF (install fontpkg-amiri): accents outside "
                "Latin-1 and Arabic print as '?'"
            )
        elif not _shaping_available():
            warns.append("uharfbuzz is not installed: Arabic text in the PDF is not shaped")

    out_dir = writable_folder(Path(out_dir))
    # One run at a time into a folder: two at once (cron's and the coordinator's by
    # hand) were not locked against each other, each removing the folder's index and
    # summary and writing its files over the other's (an operations tester). Taken once
    # the folder is made and probed, before anything in it is removed or written.
    with held_lock(out_dir / REPORT_LOCK, wait, out_dir,
                   "another asmex-sched report into this folder"):  # fmt: skip
        for path in remove_killed_temporaries(out_dir):
            log.info("removed %s, left by a run that was killed", path)
        # The run's index and summary are written last: an earlier run's, left beside this
        # run's files when it is interrupted or the disk fills, listed a company no longer in
        # the mission and the former meeting counts, for a mail merge (an IT tester).
        # Checked first, so that nothing is removed on exit 73 "checked before any file is
        # written" (a folder in place of a company's file; a reader), and an agenda of that
        # name reported into its own folder is not deleted (a reader).
        for ca in cas:
            for fmt in fmts:
                if (there := out_dir / f"{ca.stem}.{fmt}").is_dir():
                    raise OutputError(f"{there}: cannot write: Is a directory")
        run_files = ("index.csv", "index.xlsx", "summary.xlsx")
        for given in filter(None, (agenda_path, changed_since)):
            if any(_same_file(Path(given), out_dir / name) for name in run_files):
                raise InputError(
                    f"{given}: its name is one of the report's own files ({', '.join(run_files)}) "
                    f"in {out_dir}, which the report replaces: rename it, or write the report "
                    "into another folder (-o)"
                )
        for stale in run_files:
            try:
                (out_dir / stale).unlink(missing_ok=True)
            except OSError as exc:
                raise OutputError(f"{out_dir / stale}: cannot replace it: {exc.strerror}") from None
        written: list[CompanyFiles] = []
        if on_progress:
            on_progress(0, len(cas))
        # Made in worker processes when there are several (a PDF takes a tenth to half a
        # second: docs/report.md, "Speed"), written here in company order, so the files,
        # warnings and index are the same whatever their number; on any other exit (an
        # error, an interruption) the workers are stopped at once (killed: they write nothing).
        with (
            _with_latin_cut(font, len(cas)) as font,
            closing(_made_in_order(cas, fmts, font, _jobs(jobs, len(cas), fmts))) as made,
        ):
            for ca, (contents, pdf_warnings) in zip(cas, made, strict=True):
                warns.extend(pdf_warnings)
                files: dict[str, str] = {}
                for fmt, data in contents:
                    name = f"{ca.stem}.{fmt}"
                    atomic_write_bytes(out_dir / name, data)
                    files[fmt] = name
                c = ca.company
                written.append(
                    CompanyFiles(
                        c.id,
                        c.name,
                        c.side.value,
                        ca.lang,
                        c.contact,
                        c.email,
                        len(ca.meetings),
                        len(ca.changes),
                        files,
                    )
                )
                log.debug("wrote %s (%s)", ca.stem, ", ".join(files))
                if on_progress:
                    on_progress(len(written), len(cas))
        index_csv = out_dir / "index.csv"
        index_xlsx = out_dir / "index.xlsx"
        summary = out_dir / "summary.xlsx"
        atomic_write_bytes(index_csv, index_csv_bytes(written))
        atomic_write_bytes(index_xlsx, index_xlsx_bytes(written))
        atomic_write_bytes(summary, summary_xlsx_bytes(agenda))
        log.info("wrote agendas of %d compan%s to %s", len(written),
                 "y" if len(written) == 1 else "ies", out_dir)  # fmt: skip
        return ReportOutcome(
            out_dir=out_dir,
            companies=tuple(written),
            index_csv=index_csv,
            index_xlsx=index_xlsx,
            summary_xlsx=summary,
            formats=fmts,
            unchanged=considered - len(written) if changed_since is not None else 0,
            warnings=tuple(warns),
        )


def _mission_typed_over(agenda_path: Path, agenda: Agenda) -> str | None:
    """The warning for an agenda whose Mission sheet was edited by hand since ``plan``
    wrote it (its Summary's ``mission_hash``): the files show the values typed there,
    which the next ``plan`` reverts to the roster's (a tester, session 67: a venue
    typed there was sent to every company). Its settings as far as the agenda tells
    them: those the Summary records (the mission's name, city, venue, first day, days
    and time zone) with the values ``plan`` wrote; the others only as possibly typed
    over. ``None`` when not edited there, or written before the key."""
    typed = mission_typed_over(agenda)
    if typed is None:
        return None
    names, written = typed.settings, typed.written
    were = "was" if len(names) == 1 else "were"
    if written is not None:
        what = (
            f"{settings_said(agenda.mission, names)} {were} typed there since 'plan' wrote "
            f"it ({settings_said(written, names)})"
        )
    else:  # settings the Summary does not record typed over: which, the hash cannot tell
        unrecorded = ", ".join(n for n in Mission.__dataclass_fields__
                               if n not in SUMMARY_MISSION_KEYS)  # fmt: skip
        what = (
            f"{settings_said(agenda.mission, names)} {were} typed there since 'plan' wrote "
            "it, and one or more settings the Summary does not record"
            if names
            else "one or more settings the Summary does not record were typed there since "
            "'plan' wrote it"
        ) + f" ({unrecorded}: compare it with the roster's Mission sheet)"
    return (
        f"{agenda_path}, sheet Mission: {what}: these files show the values typed there, "
        "and the next 'plan' writes the roster's Mission sheet back over them: make such "
        "changes in the roster, then plan and report again"
    )
