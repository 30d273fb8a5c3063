"""File names of the per-company agendas: ids and company names made safe and unique
as file stems."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from asmex_sched.domain import INVISIBLE, Company

# ------------------------------------------------------------------- names
#: Latin letters without a decomposition, spelt in ASCII: "accents stripped" dropped
#: them, ``Œnologie`` giving ``nologie`` and ``Dış Ticaret`` ``ds-ticaret`` (a
#: multi-script tester).
_LATIN_SPELT = str.maketrans(
    {"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "ß": "ss", "ẞ": "Ss", "ø": "o", "Ø": "O",
     "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
     "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŋ": "n", "Ŋ": "N"}
)  # fmt: skip


def slugify(name: str, max_length: int = 40) -> str:
    """ASCII lower-case slug: accents stripped, letters such as ``œ``, ``ß``, ``ø``,
    ``ł``, ``ı`` spelt in ASCII (:data:`_LATIN_SPELT`), other characters -> ``-``.

    ``Société Générale`` -> ``societe-generale``; a name with no Latin letter
    or digit (e.g. Arabic) gives ``""``. At most ``max_length`` characters, cut after a
    whole word when one ends in its second half.
    """
    # Accents and invisible characters dropped (a soft hyphen: 'Ex\u00adport' is
    # 'export'), any other character without an ASCII form a separator: dropped too,
    # 'd’Export' (a typographic apostrophe) gave 'dexport', 'd'Export' 'd-export' (a
    # tester)
    decomposed = unicodedata.normalize("NFKD", name.translate(_LATIN_SPELT))
    ascii_text = "".join(
        c if c.isascii() else "-"
        for c in decomposed
        if not unicodedata.combining(c) and c not in INVISIBLE
    ).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        # at a word's end when one is near ('...-exporta' read as a typo; a tester)
        cut = slug[: max_length + 1].rfind("-")
        slug = slug[:cut] if cut >= max_length // 2 else slug[:max_length]
    return slug.strip("-")


#: The longest safe id in a file name: with the slug (40) and a clash's ``-2``, a stem
#: stays far below the 255 bytes a file name may have, the temporary file's
#: ``.<stem>.<pid>.<n>.tmp.xlsx`` included (a 220-character id-less name stopped
#: ``report`` halfway with "File name too long"; a tester).
MAX_ID_IN_NAME = 60


#: Stems a company's files never take: ``report``'s own files (a buyer with the id
#: ``index`` and an Arabic name, so no slug, overwrote the mail-merge index; a
#: tester) and the names Windows keeps for devices (``CON.xlsx`` cannot be opened).
_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{dev}{n}" for dev in ("com", "lpt") for n in range(10)}
)


RESERVED_STEMS = frozenset({"index", "summary"} | _DEVICES)


def safe_id(company_id: str) -> str:
    """The company id made safe for a file name: ``[A-Za-z0-9._-]`` kept, rest -> ``_``;
    never starting with ``-`` or ``.`` (a file ``-rf-….xlsx`` reads as an option to
    shell commands, and its name went into ``index.csv`` with the ``'`` kept against
    formulas, naming no file; a tester), at most :data:`MAX_ID_IN_NAME` characters."""
    text = re.sub(r"[^A-Za-z0-9._-]", "_", company_id.strip()).lstrip(".-")
    return text[:MAX_ID_IN_NAME].rstrip(".") or "_"


def file_stem(company: Company) -> str:
    """``<safe id>-<slug>``, or the safe id alone when the name has no Latin letter."""
    slug = slugify(company.name)
    sid = safe_id(company.id)
    return f"{sid}-{slug}" if slug else sid


def _unique_stems(
    companies: Sequence[Company], reserved: Iterable[str] = ()
) -> dict[str, str]:
    """File stems by company id; clashes (case-insensitive), with each other or with
    :data:`RESERVED_STEMS` and ``reserved`` (the agenda's own name when the files go
    beside it), get ``-2``, ``-3`` ..."""
    out: dict[str, str] = {}
    seen: set[str] = {s.lower() for s in (*RESERVED_STEMS, *reserved)}
    for c in sorted(companies, key=lambda c: c.id):
        stem = file_stem(c)
        # Windows takes `NUL.1.xlsx` for the device too (a reader): `NUL_1`
        if "." in stem and stem.split(".")[0].lower() in _DEVICES:
            stem = stem.replace(".", "_", 1)
        candidate, n = stem, 1
        while candidate.lower() in seen:
            n += 1
            candidate = f"{stem}-{n}"
        seen.add(candidate.lower())
        out[c.id] = candidate
    return out
