"""The text of a roster's CSV files: which encoding, line by line if need be.

Excel saves a "CSV" in UTF-8, UTF-16 ("Unicode text"), Windows-1252 or the old
MS-DOS and Macintosh code pages; an editor may append lines in another encoding.
:func:`_decode` reads the first three (line by line when they are mixed) and refuses
the others with the way to save the file again. Pure text: the roster reader
(``io.roster``) splits the lines into rows. Also the way names are compared
(:func:`normalize_name`), shared by the roster and languages readers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from asmex_sched.domain import strip_accents

log = logging.getLogger("asmex_sched")

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae"})


#: Office's escapes of the line breaks and tab in a cell (``_x000D_``): Excel and
#: XlsxWriter write a carriage return so, and openpyxl keeps it in inline strings (a
#: wish per line read "unknown company 'KE-039_x000D_'"; an other-apps tester). Only
#: these: decoding any escape changed text a user typed ('E1_x0041_', which openpyxl
#: already gives back from Excel's '_x005F_x0041_') and made lone surrogates (a reader).
_BREAK_ESCAPES = re.compile(r"_x000([DdAa9])_")


def decode_breaks(text: str) -> str:
    """``text`` with Office's escaped line breaks and tabs decoded, line ends as ``\n``
    (as a CSV file's are read)."""
    if "_x000" not in text:
        return text
    out = _BREAK_ESCAPES.sub(lambda m: {"d": "\r", "a": "\n", "9": "\t"}[m[1].lower()], text)
    return out.replace("\r\n", "\n").replace("\r", "\n")


def _fold(text: str) -> str:
    """Text without accents or case, its ligatures spelt out ('Vœu' is 'voeu': œ has
    no decomposition, and was dropped; a reviewer)."""
    return strip_accents(text.translate(_LIGATURES)).casefold()


def normalize_name(text: str) -> str:
    """Key of a sheet, column or setting name: case, accents, spaces and punctuation dropped.

    ``"Rendez-vous max"``, ``"rendez_vous MAX"`` and ``"RendezVousMax"`` all give
    ``"rendezvousmax"``.
    """
    return re.sub(r"[^0-9a-z]", "", _fold(str(text)))



def _row_spans(numbers: Iterable[int], most: int = 8) -> str:
    """Row numbers as runs, for a message: ``2 to 49, 51 and 60``; past ``most``
    runs, how many rows the others hold (``2, 4, ... 16 and 2992 others (3000 rows in
    all)``)."""
    nums = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in nums:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    parts: list[tuple[str, int]] = []  # (text, rows it names)
    for a, b in runs:
        if b == a + 1:
            parts += [(str(a), 1), (str(b), 1)]
        else:
            parts.append((str(a) if a == b else f"{a} to {b}", b - a + 1))
    if len(parts) > most:
        others = len(nums) - sum(n for _, n in parts[:most])
        head = ", ".join(text for text, _ in parts[:most])
        return f"{head} and {others} others ({len(nums)} rows in all)"
    texts = [text for text, _ in parts]
    return texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} and {texts[-1]}"


def _decode(data: bytes, name: str = "") -> str:
    """The text of a CSV file: UTF-16 when it starts with its byte order mark (Excel's
    "Unicode text"), else UTF-8 (with or without BOM), else Windows-1252; line ends as
    ``\n`` whatever they were (``\r`` alone, old Mac files, broke the CSV parser).

    A file in both (UTF-8 with rows appended by an editor in Windows-1252) is read
    line by line, each in its own, with a warning naming those lines: read whole as
    Windows-1252, its UTF-8 names came out garbled ('CafÃ© Dubai') in the companies'
    agendas, and its BOM became part of the first header ('ï»¿id', the id column
    lost; a tester). A file in another code page is refused (:func:`_decode_lines`)."""
    if data.startswith(b"PK\x03\x04"):
        # a workbook saved under a text file's name (a reader: "accented letters in
        # another code page" was said of it)
        raise _NotText(
            "it is no text file but a workbook (or another zip file) under a text file's "
            "name: rename it .xlsx and give that workbook alone as the roster, or save "
            "each sheet from Excel as \"CSV UTF-8\" into the folder"
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _NotText(
            "it is no text file but an Office file (an old .xls, a password-protected "
            "workbook, or another program's) under a text file's name: open it in Excel "
            "and save each sheet as \"CSV UTF-8\" into the folder"
        )
    text = None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16")
    elif data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif b"\x00" in data:
        text = _utf16_without_bom(data)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_lines(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    marks = [m.start() for m in re.finditer("\n\ufeff", text)]
    if marks and marks[0] == text.find("\n") and re.match(r"(?i)\s*sep\s*=", text):
        marks = marks[1:]  # the file's own BOM after Excel's sep= line (a reader)
    if marks:
        # Kept as typed (an agenda may hold the id with it), but said: it makes a
        # value another that prints the same (a reader).
        log.warning(
            "%s: line %d starts with a byte order mark (two files joined?): it is kept in "
            "that line's first value, which then differs from the same value typed; "
            "delete it in a text editor if it is not meant",
            name or "a CSV file",
            text.count("\n", 0, marks[0]) + 2,
        )
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """A file with NUL bytes: UTF-16 without its byte order mark when every other byte
    is NUL (ASCII text in UTF-16), else ``None`` (read as any other file). Read as
    UTF-8, each character came out with a NUL, 946 garbled problems (a fuzzer)."""
    low, high = data[1::2].count(0), data[0::2].count(0)
    for zeros, others, codec in ((low, high, "utf-16-le"), (high, low, "utf-16-be")):
        if zeros >= len(data) // 4 and others == 0 and len(data) % 2 == 0:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


#: The accented letters of the languages a mission's rosters are written in (French,
#: Spanish, Portuguese, German, Italian, Dutch, Scandinavian, Czech/Slovak names).
_LETTERS = frozenset(
    "àâäáãåæçéèêëíìîïñóòôöõøœúùûüýÿšžčřěůßÀÂÄÁÃÅÆÇÉÈÊËÍÌÎÏÑÓÒÔÖÕØŒÚÙÛÜÝŸŠŽČŘĚŮ"
)
#: Signs real text has anywhere ('Import•Export', 'Amlou™Premium', 'O’Brien', 'D´Oliva',
#: 'Nº 12'), but the quotes not inside a word ('Ma”tres', 'No‘l': Mac Roman's 'î', 'ë').
_SIGNS = frozenset("’‘“”«»–—…€•™°²³·§©®±ªº¿¡£¥¢´`×\u00ad \u00a0")
_QUOTES = frozenset("‘“”")
#: Signs real text has, but never right after a letter ('5‰', '„bio“' aside): there
#: they are code page 850's accents read as Windows-1252 ('Sant‚', 'No‰l', 'Soci‚t‚').
_RARE_SIGNS = frozenset("‚„†‡ˆ‰‹›")
#: Capitals real text has, but not after a lower-case letter ('Œuf', 'KOŠICE',
#: 'Žilina'); there they are other code pages' accents ('MaŒtre', 'FrŠres', 'SociŽtŽ').
_CAPITALS_AFTER_LOWER = frozenset("ŠŒŽŸ")
#: French capitals of code page 850 ('Ô', 'Û', 'Ù') and Mac Roman ('Ô', 'Î', 'Ê', 'Â',
#: 'Û', 'Ù') read as Windows-1252 lower-case letters; not 'é' (Mac's 'È'), typed so.
_CAPITALS_READ_LOWER = frozenset("âêëãäåàáïæóô")


def _code_page_evidence(text: str) -> tuple[int, int]:
    """How many characters of ``text``, read as Windows-1252, tell of another code page
    (code page 850's or Mac Roman's accents: a letter in a case real text does not
    have, 'CâTE', 'MaŒtre', 'MŸller'; a rare sign after a letter, 'Sant‚'; a quote or
    any other odd character inside a word, 'C“te', 'P¶TISSERIE'), and how many are real
    lower-case accents in a word ('Société'). Signs real text has count for neither, nor
    do odd characters beside digits or spaces ('½ day', '5 µm'), nor capitals
    ('MEKNÔS' is code page 850's 'MEKNÈS', 'AgroÉlevage' real): five readers found each
    earlier version refusing real files or reading others garbled."""
    other = real = 0
    for i, c in enumerate(text):
        if c.isascii():
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        inside = before.isalpha() and after.isalpha()
        if c in _SIGNS:
            other += c in _QUOTES and before.isalpha() and after.islower()
        elif c in _RARE_SIGNS:
            other += before.isalpha()
        elif c in _CAPITALS_AFTER_LOWER and (before.islower() or (c == "Ÿ" and after.islower())):
            other += 1  # ('MŸller': Mac Roman's 'ü')
        elif c in "šž":  # real in names ('Košice'), and Mac Roman's 'ö', 'û' ('aožt')
            continue
        elif c in _LETTERS and c.islower():
            if after.isupper() and not before.islower():
                # Other code pages' capitals read as lower-case letters in a word of
                # capitals ('CâTE', 'HïTEL', 'ëLE'); 'SOCIéTé' is someone's typing.
                other += c in _CAPITALS_READ_LOWER
            else:
                real += before.isalpha() or after.isalpha()
        elif c in _LETTERS:
            # Capitals are no evidence of Windows-1252 ('MEKNÔS' is code page 850's
            # 'MEKNÈS'; 'AgroÉlevage' is real), but those French has not are of 850's
            # ('PÒCHERIES', 'NOÓL': its 'Ê', 'Ë'; a fifth reader).
            other += c in "ÒÓØÞ" and (before.isupper() or after.isupper())
        else:
            other += inside
    return other, real


class _NotText(ValueError):
    """A CSV file in none of the encodings read (:func:`_decode`)."""


def _not_text(line: int) -> _NotText:
    return _NotText(
        f"it is not UTF-8 or Windows-1252: line {line} holds accented letters in another "
        "code page, as Excel's \"CSV (MS-DOS)\" and \"CSV (Macintosh)\" formats write "
        "them (its names would be garbled in every agenda); save it as "
        "\"CSV UTF-8 (délimité par des virgules)\" (in English, \"CSV UTF-8 (Comma "
        "delimited)\")"
    )


def _decode_lines(data: bytes, name: str) -> str:
    """A file that is not all UTF-8: Windows-1252, or, when some of its lines hold
    UTF-8 text, each line in its own encoding.

    A line that is not Windows-1252 either, or a file with more characters telling of
    another code page than real accents (:func:`_code_page_evidence`), is in another
    code page: Excel's "CSV (MS-DOS)" or "CSV (Macintosh)"; the file is refused
    (:class:`_NotText`). Read as latin-1, its names came out with control characters in
    every agenda and calendar (a tester)."""
    lines = data.split(b"\n")
    ends = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")  # old Mac files: '\r'
    # Each line that is not UTF-8, read as Windows-1252: refused when more of its
    # characters tell of another code page than are real accents (three versions of
    # this check refused real files, 'CŒUR', 'Board meeting – ½ day', or read others
    # garbled, 'CâTE NORD'; four readers).
    # The line named is the first that tells of it, however: the first byte
    # Windows-1252 lacks was named, line 19, after 'Soci‚t‚' on line 3 (a tester).
    other = real = first = 0
    lacking = False
    for num, line in enumerate(ends.split(b"\n"), 1):
        try:
            line.decode("utf-8")
            continue
        except UnicodeDecodeError:
            pass
        try:
            found, accents = _code_page_evidence(line.decode("cp1252"))
        except UnicodeDecodeError:
            lacking, first = True, first or num
            continue
        other, real = other + found, real + accents
        first = first or (num if found else 0)
    if lacking or other > real:
        raise _not_text(first)
    utf8 = []
    other = []
    for num, line in enumerate(lines, 1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            other.append(num)
            continue
        if any(byte >= 0x80 for byte in line):
            utf8.append(num)

    def legacy(line: bytes) -> str:
        return line.decode("cp1252")  # checked above

    if not utf8:
        return legacy(data)
    log.warning(
        "%s: line(s) %s are not in the file's encoding (UTF-8): read as Windows-1252; "
        "check their accents, and save the file again as CSV UTF-8",
        name or "a CSV file", _row_spans(other),
    )  # fmt: skip
    bad = set(other)
    return "\n".join(
        legacy(line) if num in bad else line.decode("utf-8") for num, line in enumerate(lines, 1)
    )
