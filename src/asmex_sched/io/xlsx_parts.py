"""The parts of an .xlsx zip found by their relationships, for the readers that look
past openpyxl's read-only mode (the roster's merged cells and hidden rows, the
agenda's cell comments): shared, as both had their own copy (the duplicates tool,
session 68)."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
import zipfile


def local(tag: str) -> str:
    """An XML tag or attribute name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def part_targets(
    archive: zipfile.ZipFile, part: str, *, missing_ok: bool = False
) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (part path in the zip, type), external targets
    left out. ``part`` ``""`` is the package's own. Without a relationships part:
    ``{}`` with ``missing_ok`` (a sheet without comments, drawings or links), else
    ``KeyError``."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if missing_ok and rels not in archive.NameToInfo:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for rel in ET.fromstring(archive.read(rels)):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        where = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        found[rel.get("Id", "")] = (posixpath.normpath(where), rel.get("Type", ""))
    return found


def workbook_part(archive: zipfile.ZipFile) -> str:
    """The workbook part's path, from the package's relationships (``xl/workbook.xml``
    when they do not say)."""
    return next(
        (t for t, kind in part_targets(archive, "", missing_ok=True).values()
         if kind.endswith("/officeDocument")),
        "xl/workbook.xml",
    )  # fmt: skip
