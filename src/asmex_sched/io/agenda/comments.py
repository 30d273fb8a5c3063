"""The cells of an agenda that hold a comment (an Excel note), by sheet.

The agenda is read in openpyxl's read-only mode, which does not load comments, and a
normal load of a trade fair's agenda (tens of thousands of rows) would take longer
than reading its values: the comments are found in the workbook's zip instead, from
its small parts alone (the workbook's sheet list, each sheet's relationships, the
comments parts), never a sheet's cells.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from asmex_sched.io.xlsx_parts import local, part_targets, workbook_part

log = logging.getLogger("asmex_sched")

#: A cell reference (``E5``), to list a sheet's comments top to bottom.
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def _order(ref: str) -> tuple[int, int, str]:
    """A cell reference's place, row first (``E5`` before ``B12``)."""
    match = _REF.fullmatch(ref)
    if match is None:
        return (1 << 30, 0, ref)
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return (int(match.group(2)), column, ref)


def cell_comments(path: Path) -> dict[str, list[str]]:
    """Each sheet's cells holding a comment (``{"Meetings": ["E5", "H12"]}``), in the
    workbook's sheet order, each sheet's cells top to bottom; sheets without comments
    are left out.

    Both kinds Excel writes are found: notes (a ``.../comments`` relationship of the
    sheet, its ``<comment ref="E5">`` elements) and the threaded comments of Excel 365
    (``.../threadedComment``, which Excel also writes as notes for older readers: a
    cell is named once, and so is a thread's replies). A ``plan`` dropped them without
    a word (a tester, session 67). A part that cannot be read is warned about and
    left out: the agenda's values were read."""
    found: dict[str, list[str]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            book = workbook_part(archive)
            parts = part_targets(archive, book)
            for element in ET.fromstring(archive.read(book)).iter():
                if local(element.tag) != "sheet":
                    continue
                rid = next((v for k, v in element.attrib.items() if local(k) == "id"), "")
                if rid not in parts:
                    continue
                refs: set[str] = set()
                for part, kind in part_targets(archive, parts[rid][0], missing_ok=True).values():
                    if not kind.endswith(("/comments", "/threadedComment")):
                        continue
                    if part not in archive.NameToInfo:
                        continue
                    refs.update(
                        e.get("ref", "")
                        for e in ET.fromstring(archive.read(part)).iter()
                        if local(e.tag) in ("comment", "threadedComment") and e.get("ref")
                    )
                if refs:
                    found[element.get("name", "")] = sorted(refs, key=_order)
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, ET.ParseError) as exc:
        log.warning(
            "%s: its cell comments could not be looked for (%s): a re-plan does not write "
            "them again",
            path,
            exc,
        )
    return found
