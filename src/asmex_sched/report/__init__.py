"""Per-company agendas: the data and the words (pure; no file format here).

``asmex-sched report`` turns one agenda workbook into one agenda per company
(``docs/report.md``). This package decides *what* each company is told:

* :func:`company_language` picks French or English for a company;
* :func:`diff_agendas` compares two published agendas meeting by meeting;
* :func:`build_company_agendas` gathers, per company, its meetings with the
  counterpart's contact details, the requests that could not be met and why,
  the changes since the previous agenda and the meetings to cancel in
  calendars;
* :func:`document` lays one company's agenda out as titled blocks (fields and
  tables, already in the company's language) that the xlsx and PDF writers of
  :mod:`asmex_sched.io.report_files` render identically;
* :func:`event_text` gives the calendar event texts, :func:`summary_tables`
  the organisers' tables, :func:`file_stem` the file names.

Dates and weekday names are spelled from tables here, never from the system
locale, so the output does not depend on the machine.

Its modules, each importing only those listed before it:

* :mod:`~asmex_sched.report.words`: the languages, the labels, dates, times and UTC
  offsets in words;
* :mod:`~asmex_sched.report.names`: file names from company names and ids;
* :mod:`~asmex_sched.report.summary`: what the agenda's Summary sheet carries from one
  run to the next (planned at, horizon, calendar id and SEQUENCE), event UIDs, and the
  organisers' summary tables;
* :mod:`~asmex_sched.report.changes`: two agendas compared (meetings, contact details,
  agenda language, place, time zone);
* :mod:`~asmex_sched.report.agendas`: the agenda of each company
  (:func:`build_company_agendas` and its lines);
* :mod:`~asmex_sched.report.reasons`: the planner's reasons in the company's words
  (unmet requests, changes, blocks);
* :mod:`~asmex_sched.report.document`: one company's document (blocks for the xlsx and
  PDF) and its calendar event texts.

The names other modules and the tests use are re-exported here (those not in
``__all__`` as ``name as name``): import them from ``asmex_sched.report``.
"""

from __future__ import annotations

from asmex_sched.report.agendas import (
    AgendaLine,
    CancelledLine,
    ChangeLine,
    CompanyAgenda,
    UnmetLine,
    build_company_agendas,
    honoured_departures,
    unmet_not_held,
)
from asmex_sched.report.changes import changed_details as changed_details
from asmex_sched.report.changes import details_changed as details_changed
from asmex_sched.report.changes import diff_agendas, place_changes, settings_said, time_zone_shift
from asmex_sched.report.changes import language_changes as language_changes
from asmex_sched.report.changes import language_changes_of as language_changes_of
from asmex_sched.report.changes import languages_changed as languages_changed
from asmex_sched.report.changes import mission_over as mission_over
from asmex_sched.report.document import MEETING_COLUMNS as MEETING_COLUMNS
from asmex_sched.report.document import Block, Document, EventText, document, event_text
from asmex_sched.report.document import meeting_hours as meeting_hours
from asmex_sched.report.names import file_stem, safe_id, slugify
from asmex_sched.report.reasons import _WHOM_FR as _WHOM_FR
from asmex_sched.report.reasons import block_reason as block_reason
from asmex_sched.report.reasons import change_reason, for_company
from asmex_sched.report.reasons import reason_text as reason_text
from asmex_sched.report.reasons import unmet_text as unmet_text
from asmex_sched.report.summary import (
    SEQUENCE_EPOCH,
    UID_DOMAIN,
    SummaryTable,
    calendar_id,
    calendar_sequence,
    carried_calendar_id,
    event_uid,
    minutes_since_epoch,
    new_calendar_id,
    planned_at,
    summary_field,
    summary_sequence,
    summary_tables,
)
from asmex_sched.report.summary import dtstamp_default as dtstamp_default
from asmex_sched.report.summary import summary_horizon as summary_horizon
from asmex_sched.report.summary import summary_planned_at as summary_planned_at
from asmex_sched.report.summary import summary_tier as summary_tier
from asmex_sched.report.summary import tier_text as tier_text
from asmex_sched.report.words import LANGUAGES, company_language, format_date, label, utc_offset
from asmex_sched.report.words import mission_place as mission_place
from asmex_sched.report.words import typeset as typeset
from asmex_sched.report.words import utc_offsets as utc_offsets

__all__ = [
    "LANGUAGES",
    "AgendaLine",
    "Block",
    "CancelledLine",
    "ChangeLine",
    "CompanyAgenda",
    "Document",
    "EventText",
    "SummaryTable",
    "UnmetLine",
    "SEQUENCE_EPOCH",
    "UID_DOMAIN",
    "build_company_agendas",
    "calendar_id",
    "calendar_sequence",
    "carried_calendar_id",
    "change_reason",
    "for_company",
    "company_language",
    "diff_agendas",
    "document",
    "event_text",
    "event_uid",
    "file_stem",
    "place_changes",
    "settings_said",
    "time_zone_shift",
    "format_date",
    "honoured_departures",
    "unmet_not_held",
    "label",
    "minutes_since_epoch",
    "new_calendar_id",
    "planned_at",
    "safe_id",
    "slugify",
    "summary_field",
    "summary_sequence",
    "summary_tables",
    "utc_offset",
]
