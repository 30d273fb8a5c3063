"""Write an empty roster workbook (``asmex-sched template roster.xlsx``).

Sheets, columns and settings come from :mod:`asmex_sched.io.roster.specs`, so the
template is always readable by :func:`~asmex_sched.io.roster.read_roster` once
``first_day`` is filled in.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from asmex_sched.errors import InputError, Problem
from asmex_sched.io.atomic import atomic_write, writable_folder
from asmex_sched.io.roster import (
    BUYERS,
    EXPORTERS,
    FIXED,
    MISSION,
    REQUESTS,
    SETTINGS,
    SHEETS,
    UNAVAILABILITY,
    SheetSpec,
)
from asmex_sched.io.roster.specs import MAX_DELEGATES

__all__ = ["write_template"]

_BOLD = Font(bold=True)
_LAST_ROW = 1000  # validations cover rows 2.._LAST_ROW
#: Columns formatted as text ('@'): Excel read a typed phone 0661234567 as the number
#: 661234567 and ids 01..08 as 1..8, without a word, and an id typed in a column that
#: names a company must be the company's as typed (a tester).
_TEXT_COLUMNS = ("id", "phone", "wishes", "exporter", "buyer", "participant")
_WIDTHS = {
    "id": 12,
    "company": 30,
    "sectors": 28,
    "languages": 14,
    "delegates": 11,
    "max_meetings": 15,
    "contact": 22,
    "email": 28,
    "phone": 18,
    "wishes": 40,
    "exporter": 28,
    "buyer": 28,
    "priority": 10,
    "requested_by": 15,
    "participant": 28,
    "date": 13,
    "start": 9,
    "end": 9,
    "reason": 30,
    "table": 8,
}


def _header(ws: Worksheet, labels: list[str], widths: list[int]) -> None:
    ws.append(labels)
    for i, width in enumerate(widths, start=1):
        ws.cell(row=1, column=i).font = _BOLD
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"


def _column(spec: SheetSpec, name: str) -> str:
    index = [c.name for c in spec.columns].index(name) + 1
    return get_column_letter(index)


def _validate(
    ws: Worksheet,
    spec: SheetSpec,
    column: str,
    dv: DataValidation,
    title: str,
    prompt: str,
) -> None:
    dv.promptTitle = title[:32]
    dv.prompt = prompt[:255]
    dv.showInputMessage = True
    letter = _column(spec, column)
    dv.add(f"{letter}2:{letter}{_LAST_ROW}")
    ws.add_data_validation(dv)


def _format_column(ws: Worksheet, spec: SheetSpec, column: str, number_format: str) -> None:
    """``column``'s format for the whole column, as Excel stores "Format Cells" on a
    column (``<col style=...>``): the cells typed in it take it, below the
    validations' rows too (the date format covered rows 2 to 200 only; a tester)."""
    ws.column_dimensions[_column(spec, column)].number_format = number_format


def _list(values: str, strict: bool = True) -> DataValidation:
    dv = DataValidation(type="list", formula1=values, allow_blank=True)
    dv.showErrorMessage = strict
    dv.errorTitle = "Invalid value"
    dv.error = "Choose a value from the list."
    return dv


def _whole(minimum: int, maximum: int | None = None) -> DataValidation:
    if maximum is None:
        dv = DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1=str(minimum), allow_blank=True
        )
        error = f"A whole number, at least {minimum}."
    else:
        # the reader's own limit: 'whole >= 1' let Excel take 150 delegates, which the
        # reader then refused (a tester)
        dv = DataValidation(
            type="whole",
            operator="between",
            formula1=str(minimum),
            formula2=str(maximum),
            allow_blank=True,
        )
        error = f"A whole number from {minimum} to {maximum}."
    dv.showErrorMessage = True
    dv.errorTitle = "Invalid value"
    dv.error = error
    return dv


def _instructions(ws: Worksheet) -> None:
    ws.append(["asmex-sched roster / fichier des participants"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(
        [
            "Fill in the sheets below (keep the header row). Sheet and column names may "
            "also be written in French. Only Mission, Exporters and Buyers are required. "
            "/ Remplissez les feuilles (gardez la ligne d'en-tête). Les noms de feuilles et "
            "de colonnes peuvent être en français. Seules Mission, Exportateurs et Acheteurs "
            "sont obligatoires.",
        ]
    )
    ws.append([])
    ws.append(
        [
            "Sheet / Feuille",
            "Column / Colonne",
            "Other names read / Autres noms acceptés",  # French and English (a proofreader)
            "Description",
            "Description (FR)",
        ]
    )
    header = ws.max_row
    for cell in ws[header]:
        cell.font = _BOLD
    for spec in SHEETS:
        ws.append([spec.name, "", " / ".join(spec.aliases), spec.help, spec.help_fr])
        for cell in ws[ws.max_row]:
            cell.font = _BOLD
        if spec is MISSION:
            for s in SETTINGS:
                # the default in both languages: the French dropped most (a proofreader)
                default = f" (default {s.default})" if s.default and "default" not in s.help else ""
                default_fr = (
                    f" (défaut {s.default})" if s.default and "défaut" not in s.help_fr else ""
                )
                ws.append(
                    ["", s.name, " / ".join(s.aliases), s.help + default, s.help_fr + default_fr]
                )
        for col in spec.columns:
            need = " (required)" if col.required else ""
            need_fr = " (obligatoire)" if col.required else ""
            ws.append(
                ["", col.name, " / ".join(col.aliases), col.help + need, col.help_fr + need_fr]
            )
    for letter, width in zip("ABCDE", (18, 18, 26, 55, 55), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2, max_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A2:E2")
    ws.row_dimensions[2].height = 60


def _build() -> Workbook:
    wb = Workbook()
    _instructions(wb.active)
    wb.active.title = "Instructions"

    ws = wb.create_sheet(MISSION.name)
    _header(ws, ["setting", "value", "notes"], [20, 30, 55])
    for s in SETTINGS:
        ws.append([s.name, s.default or None, f"{s.help} / {s.help_fr}"])
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        for cell in row:
            cell.number_format = "@"  # keep 09:00 and dates as typed
    first_day = [s.name for s in SETTINGS].index("first_day") + 2
    ws.cell(row=first_day, column=2).number_format = "yyyy-mm-dd"

    for spec in (EXPORTERS, BUYERS, REQUESTS, UNAVAILABILITY, FIXED):
        ws = wb.create_sheet(spec.name)
        names = [c.name for c in spec.columns]
        _header(ws, names, [_WIDTHS.get(n, 15) for n in names])
        for name in _TEXT_COLUMNS:
            if name in names:
                _format_column(ws, spec, name, "@")

    for spec in (EXPORTERS, BUYERS):
        ws = wb[spec.name]
        _validate(
            ws,
            spec,
            "delegates",
            _whole(1, MAX_DELEGATES),
            "Delegates",
            f"How many meetings the company can hold at once, 1 to {MAX_DELEGATES} (default 1).",
        )
        _validate(
            ws,
            spec,
            "max_meetings",
            _whole(0),
            "Max meetings",
            "Optional cap on the company's meetings over the mission.",
        )

    # without a leading '=': OOXML and Excel's own files store a validation's formula
    # so (a tester)
    exporters = f"{EXPORTERS.name}!$B$2:$B${_LAST_ROW}"
    buyers = f"{BUYERS.name}!$B$2:$B${_LAST_ROW}"
    for spec in (REQUESTS, FIXED):
        ws = wb[spec.name]
        # company drop-downs only suggest names: ids are accepted too
        _validate(
            ws,
            spec,
            "exporter",
            _list(exporters, strict=False),
            "Exporter",
            "An exporter's id or company name.",
        )
        _validate(
            ws, spec, "buyer", _list(buyers, strict=False), "Buyer", "A buyer's id or company name."
        )
    ws = wb[REQUESTS.name]
    _validate(
        ws,
        REQUESTS,
        "priority",
        _list('"1,2,3"'),
        "Priority",
        "1 = highest, 2 = default, 3 = lowest.",
    )
    _validate(
        ws,
        REQUESTS,
        "requested_by",
        # the French words too: the reader accepts them, and a strict list refused them
        # ('deux' as well, which the roster's documentation gives; a tester)
        _list('"exporter,buyer,both,exportateur,acheteur,les deux,deux"'),
        "Requested by",
        "Who asked for the meeting: exporter (default), buyer or both "
        "(exportateur, acheteur, les deux or deux).",
    )
    ws = wb[UNAVAILABILITY.name]
    participant = DataValidation(allow_blank=True)
    _validate(
        ws,
        UNAVAILABILITY,
        "participant",
        participant,
        "Participant",
        "A company id or name, or ALL, EXPORTERS, BUYERS.",
    )
    # as the reader takes them: a blank start is day_start, a blank end day_end
    _validate(
        ws,
        UNAVAILABILITY,
        "start",
        DataValidation(allow_blank=True),
        "Start",
        "HH:MM (blank = from day_start); leave start and end blank for the whole day.",
    )
    _validate(
        ws,
        UNAVAILABILITY,
        "end",
        DataValidation(allow_blank=True),
        "End",
        "HH:MM (blank = until day_end); leave start and end blank for the whole day.",
    )
    ws = wb[FIXED.name]
    _validate(ws, FIXED, "table", _whole(1), "Table", "Optional table number (1 to tables).")
    _validate(
        ws,
        FIXED,
        "start",
        DataValidation(allow_blank=True),
        "Start",
        "The start of a meeting slot, HH:MM (e.g. 09:30).",
    )
    for spec in (UNAVAILABILITY, FIXED):
        _format_column(wb[spec.name], spec, "date", "yyyy-mm-dd")
    return wb


def write_template(path: Path, *, overwrite: bool = False) -> None:
    """Write an empty roster workbook to ``path`` atomically (see :mod:`asmex_sched.io.atomic`).

    Missing parent folders are created, as for every output. An existing file is
    only replaced with ``overwrite=True`` (it is probably a filled-in roster).
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError(Problem(str(path), "the template must be an .xlsx file"))
    if path.exists() and not overwrite:
        raise InputError(
            Problem(str(path), "already exists; not overwritten (use --force to replace it)")
        )
    # its folder checked first, as plan's -o is: a file in the way read "cannot write:
    # File exists" (a docs auditor)
    writable_folder(path.parent if str(path.parent) else Path("."), path)
    atomic_write(path, _build().save)
