"""One company's agenda as an A4 landscape PDF (fpdf2): the Unicode font found
(:func:`pdf_font`) and the characters it lacks, :func:`company_pdf_bytes`, and the
limits of a PDF table cell (its longest text, the smallest size a word shrinks to).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import logging
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from asmex_sched.domain import INVISIBLE
from asmex_sched.io.report_files.zone import _stamp_utc, _zone
from asmex_sched.report import MEETING_COLUMNS, CompanyAgenda, Document, document


@dataclass(frozen=True)
class PdfFont:
    """A Unicode TTF font for the PDF (regular and bold files)."""

    family: str
    regular: Path
    bold: Path
    source: str
    #: The same font cut for the PDFs set without shaping, regular and bold
    #: (:func:`latin_cut`); None: the whole font for every PDF.
    unshaped: tuple[Path, Path] | None = None
    #: The font for the characters this one lacks (Amiri, for Arabic, behind a Latin
    #: font), in the same style; None: none.
    fallback: PdfFont | None = None


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def pdf_font() -> PdfFont | None:
    """The first Unicode font found, in this order:

    1. ``fontpkg-fira-sans`` (PyPI; Fira Sans: Latin with accents, Greek, Cyrillic),
       with ``fontpkg-amiri`` for what it lacks (Arabic), when installed;
    2. ``fontpkg-amiri`` (PyPI; Amiri covers Latin with accents and Arabic);
    3. DejaVu Sans of the system (``fonts-dejavu-core``);
    4. DejaVu Sans shipped with matplotlib, if installed.

    Amiri alone set Latin text in a Times-like cut whose full stop is a small diamond
    (Naskh's dot): every e-mail address read 'mercy⬩omondi@…⬩example' (a tester).
    ``None`` when there is none (the PDF then falls back to a core font).
    """
    amiri: PdfFont | None = None
    found = _package_dir("fontpkg_amiri")
    if found is not None:
        reg, bold = found / "files" / "Amiri-Regular.ttf", found / "files" / "Amiri-Bold.ttf"
        if reg.is_file() and bold.is_file():
            amiri = PdfFont("Amiri", reg, bold, "fontpkg-amiri")
    fira = _package_dir("fontpkg_fira_sans")
    if fira is not None:
        reg, bold = fira / "files" / "FiraSans-Regular.ttf", fira / "files" / "FiraSans-Bold.ttf"
        if reg.is_file() and bold.is_file():
            return PdfFont("FiraSans", reg, bold, "fontpkg-fira-sans", fallback=amiri)
    if amiri is not None:
        return amiri
    system = Path("/usr/share/fonts/truetype/dejavu")
    if (system / "DejaVuSans.ttf").is_file() and (system / "DejaVuSans-Bold.ttf").is_file():
        return PdfFont(
            "DejaVu", system / "DejaVuSans.ttf", system / "DejaVuSans-Bold.ttf", "system DejaVu"
        )
    mpl = _package_dir("matplotlib")
    if mpl is not None:
        ttf = mpl / "mpl-data" / "fonts" / "ttf"
        if (ttf / "DejaVuSans.ttf").is_file() and (ttf / "DejaVuSans-Bold.ttf").is_file():
            return PdfFont(
                "DejaVu", ttf / "DejaVuSans.ttf", ttf / "DejaVuSans-Bold.ttf", "matplotlib"
            )
    return None


@functools.lru_cache(maxsize=4)
def _font_characters(path: Path) -> frozenset[int]:
    """The code points a TTF font has glyphs for (its cmap; fontTools comes with fpdf2)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as ttf:
        return frozenset(ttf.getBestCmap() or ())


def pdf_missing_characters(
    ca: CompanyAgenda, font: PdfFont, doc: Document | None = None
) -> str:
    """The characters of ``ca``'s PDF that ``font`` cannot show, in order of first
    appearance (fpdf2 leaves them out with a warning nobody sees: a Chinese company name
    vanished from its own PDF and from every counterpart's, found by a second reader).
    A text set in bold (the title, headings, labels: :func:`_document_runs`) is checked
    against the bold file: Amiri Bold lacks 152 of the regular's characters ('˝', '⁵'),
    and a company name with one lost it from its title, unwarned (a second reader).
    A character the font lacks is looked for in its fallback (:func:`_glyphs`).
    ``doc``: its :func:`~asmex_sched.report.document`, when already built. Not one that
    shaping draws from its parts (Romanian 'Ș', 'S' and a comma below, in Amiri): the
    PDF prints it (it is shaped: :func:`_needs_shaping`), nor an invisible one
    (:func:`_invisible`). The texts as printed (:func:`_document_runs`): not what a
    cell's cut leaves out, which its own warning tells (a tester: '李明' past a
    contact's 300th character was said to be left out for want of a glyph)."""
    glyphs = {False: _glyphs(font, bold=False), True: _glyphs(font, bold=True)}
    # (a character neither font has is set in the font itself, which shaping draws from)
    own = {False: _font_characters(font.regular), True: _font_characters(font.bold)}
    doc = doc or document(ca)
    shaping = _shaping_available()

    def shown(c: str, bold: bool) -> bool:
        if ord(c) in glyphs[bold] or c.isspace() or _invisible(c):
            return True
        parts = unicodedata.normalize("NFD", c)
        return shaping and parts != c and all(ord(p) in own[bold] for p in parts)

    runs = _document_runs(doc, _known_to_both(font))
    missing = (c for text, bold in runs for c in text if not shown(c, bold))
    return "".join(dict.fromkeys(missing))


def characters_quoted(text: str) -> str:
    """``text`` quoted for a warning, each character that does not show on its own (a
    combining accent, an invisible or unprintable one) as its code point: the missing
    combining dot below landed on the '✈' or the quote before it, unreadable (a
    tester). ``'\\u0323✈'`` for U+0323 and '✈'."""
    shown = (
        c if c.isprintable() and not unicodedata.combining(c) and not _invisible(c)
        else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"
        for c in text
    )  # fmt: skip
    return "'" + "".join(shown) + "'"


def _document_runs(
    doc: Document, known: frozenset[int] | None = None
) -> list[tuple[str, bool]]:
    """Every text the PDF of ``doc`` prints (but its page numbers), as printed with a
    font having the code points ``known`` (:func:`_printed`; a cell's text cut:
    :func:`_pdf_cell_text`), in the order printed, each with whether it is set in bold
    (:func:`company_pdf_bytes`): the title, each block's title, a table's header row
    and the labels of a block of fields."""

    def text(value: object) -> str:
        return _printed(value, known)

    def cell(value: object) -> str:
        return _pdf_cell_text(_printed(value, known))

    runs = [(text(doc.title), True), (text(doc.subtitle), False)]
    for block in doc.blocks:
        runs.append((text(block.title), True))
        if block.kind == "fields":
            for key, value in block.rows:
                runs += [(text(key), True), (cell(value), False)]
        elif not block.rows:
            runs.append((text(block.empty), False))
        else:
            runs += [(text(name), True) for name in block.columns]
            runs += [(cell(v), False) for row in block.rows for v in row if v is not None]
    return runs


def _document_texts(doc: Document, known: frozenset[int] | None = None) -> list[str]:
    """Every text the PDF of ``doc`` prints (but its page numbers), as printed."""
    return [text for text, _ in _document_runs(doc, known)]


#: White space that ends a line, printed as a line break: fpdf2 breaks lines on "\n"
#: alone, and Amiri has U+2028 and U+2029 as empty glyphs ('Alpha\u2028Beta' printed
#: 'AlphaBeta'; a second reader).
_LINE_ENDS = frozenset("\r\u2028\u2029")


def _printed(value: object, known: frozenset[int] | None = None) -> str:
    """``value`` as a PDF set in a Unicode font having ``known`` prints it: French
    quotes held to their words (:func:`_guillemets_kept`), a carriage return or a line
    or paragraph separator a line break (``"\\r\\n"``: one), and any other white space
    the font has no glyph for (a tab, a vertical tab, a form feed; a tester:
    'Tab\\there' printed 'Tabhere', Amiri having no tab) a space. ``known`` None: white
    space as it is."""
    text = _guillemets_kept("" if value is None else str(value))
    if known is None:
        return text

    def kept(c: str) -> bool:
        return not c.isspace() or c == "\n" or (ord(c) in known and c not in _LINE_ENDS)

    text = text.replace("\r\n", "\n")
    if all(map(kept, text)):
        return text
    return "".join(c if kept(c) else "\n" if c in _LINE_ENDS else " " for c in text)


def _invisible(c: str) -> bool:
    """Whether ``c`` is drawn as nothing wherever it is: a direction mark or isolate, a
    zero-width space or joiner, a variation selector (:data:`~asmex_sched.domain.INVISIBLE`).
    Outside :data:`_UNSHAPED`, HarfBuzz sets it as nothing; it is not warned of as left
    out (a tester: the isolates Teams and Outlook put around a pasted name were, in
    52 PDFs of 140, while the names printed whole)."""
    return c in INVISIBLE


#: Code points set one glyph a character, left to right, whatever their neighbours
#: (half-open ranges): Latin with its precomposed accents (Basic Latin to Latin
#: Extended-B, IPA and the spacing modifiers; Latin Extended Additional), and the
#: punctuation, currency and letterlike signs beside it, the bidirectional controls
#: and invisible marks of General Punctuation left out. Any other character (Arabic,
#: Hebrew, a combining accent, a direction mark) is laid out by HarfBuzz.
_UNSHAPED = ((0x0000, 0x0300), (0x1E00, 0x1F00), (0x2010, 0x2028), (0x2030, 0x205F),
             (0x20A0, 0x20C1), (0x2100, 0x2150))  # fmt: skip
_UNSHAPED_POINTS = frozenset(c for lo, hi in _UNSHAPED for c in range(lo, hi))


def latin_cut(font: PdfFont, folder: Path) -> PdfFont:
    """``font`` with :attr:`PdfFont.unshaped`: its regular and bold files cut to the
    characters of :data:`_UNSHAPED`, without the layout tables (GSUB, GPOS, GDEF) that a
    PDF set without shaping does not use, written in ``folder``. The same glyphs and
    widths, so the same pages as the whole font set without shaping; fpdf2 reads and
    subsets it in under half the time of the whole font (Amiri: about 6,000 glyphs and
    its Arabic layout tables). The same bytes from run to run (no timestamp
    recomputed), and so are the PDFs."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options(
        notdef_outline=True, recommended_glyphs=True, layout_features=[], glyph_names=True,
        name_IDs=["*"], name_languages=["*"], legacy_kern=True,
    )  # fmt: skip
    options.drop_tables += ["GSUB", "GPOS", "GDEF"]
    unicodes = sorted(_UNSHAPED_POINTS)
    folder.mkdir(parents=True, exist_ok=True)
    cut: list[Path] = []
    for style, path in (("Regular", font.regular), ("Bold", font.bold)):
        target = folder / f"{font.family}-{style}-unshaped.ttf"
        with TTFont(str(path), recalcTimestamp=False) as ttf, _quiet("fontTools"):
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=unicodes)
            subsetter.subset(ttf)
            ttf.save(str(target))
        cut.append(target)
    return replace(font, unshaped=(cut[0], cut[1]))


def _needs_shaping(texts: Sequence[str], known: frozenset[int] | None = None) -> bool:
    """Whether a PDF printing ``texts`` needs text shaping (HarfBuzz: Arabic letters
    joined, right-to-left words in their order, accents placed): a character outside
    :data:`_UNSHAPED`, or one the font has no glyph for (``known``: the code points it
    has), which HarfBuzz may draw from its parts (Romanian 'Ș' as 'S' and a comma
    below: Amiri has both, not 'Ș'). Shaping every PDF made the report's PDFs 1.7 times
    slower for the Latin-only agendas most companies get (docs/report.md, "Speed")."""
    settable = _settable(known)
    return any(not settable.issuperset(map(ord, text)) for text in texts)


@functools.lru_cache(maxsize=8)
def _settable(known: frozenset[int] | None) -> frozenset[int]:
    """The code points a PDF sets without shaping: those of :data:`_UNSHAPED` the font
    has (``known``; None: all), and its spaces (a font without them prints none)."""
    if known is None:
        return _UNSHAPED_POINTS
    return frozenset(c for c in _UNSHAPED_POINTS if c in known or chr(c).isspace())


@functools.lru_cache(maxsize=4)
def _known_to_both(font: PdfFont) -> frozenset[int]:
    """The code points both the regular and the bold files of ``font`` have glyphs for,
    its fallback's counted (:func:`_glyphs`)."""
    return _glyphs(font, bold=False) & _glyphs(font, bold=True)


@functools.lru_cache(maxsize=8)
def _glyphs(font: PdfFont, *, bold: bool) -> frozenset[int]:
    """The code points ``font`` or its fallback (:attr:`PdfFont.fallback`) has glyphs
    for, in the regular or the bold file: fpdf2 sets a character the font lacks in the
    fallback's file of the same style."""
    found = _font_characters(font.bold if bold else font.regular)
    if font.fallback is not None:
        found |= _font_characters(font.fallback.bold if bold else font.fallback.regular)
    return found


def _falls_back(runs: Sequence[tuple[str, bool]], font: PdfFont) -> bool:
    """Whether a PDF printing ``runs`` (:func:`_document_runs`) needs ``font``'s fallback:
    a character the font lacks in the run's style and the fallback has (Arabic, behind
    Fira Sans)."""
    if font.fallback is None:
        return False
    own = {False: _font_characters(font.regular), True: _font_characters(font.bold)}
    other = {False: _font_characters(font.fallback.regular),
             True: _font_characters(font.fallback.bold)}  # fmt: skip
    return any(ord(c) not in own[bold] and ord(c) in other[bold]
               for text, bold in runs for c in text)  # fmt: skip


def _guillemets_kept(text: str) -> str:
    """French quotes held to their words by non-breaking spaces: a name wrapped with
    its closing '»' alone at the start of a line (a reader)."""
    return re.sub(r"\s+»", "\u00a0»", re.sub(r"«\s+", "«\u00a0", text))


def _shaping_available() -> bool:
    return importlib.util.find_spec("uharfbuzz") is not None


def company_pdf_bytes(
    ca: CompanyAgenda, font: PdfFont | None, doc: Document | None = None
) -> bytes:
    """The same agenda as :func:`.xlsx.company_xlsx_bytes`, as an A4 landscape PDF.

    With ``font`` None (no Unicode font installed) the core Helvetica font is
    used and characters outside Latin-1 are replaced by ``?``. ``doc``: its
    :func:`~asmex_sched.report.document`, when already built.
    """
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    doc = doc or document(ca)

    class _Pdf(FPDF):
        def footer(self) -> None:
            self.set_y(-9)
            self.set_font(family, "", 8)
            self.cell(0, 5, f"{self.page_no()} / {{nb}}", align="C")

    pdf = _Pdf(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(True, margin=12)
    pdf.set_margins(10, 10, 10)
    pdf.set_title(doc.title)
    # The document's language, for screen readers (a French file read with an English
    # voice; a French recipients' reader).
    pdf.set_lang(ca.lang)
    pdf.set_author("asmex-sched")
    pdf.set_creator("asmex-sched")
    tz = _zone(ca.mission.timezone)
    pdf.set_creation_date(_stamp_utc(ca, tz))
    if font is not None:
        known = _known_to_both(font)
        runs = _document_runs(doc, known)
        shaped = _needs_shaping([text for text, _ in runs], known)
        fallback = font.fallback if _falls_back(runs, font) else None
        # (a text to shape may need a glyph the cut leaves out: Arabic without uharfbuzz)
        whole = shaped or fallback is not None or not font.unshaped
        regular, bold = (font.regular, font.bold) if whole else font.unshaped
        pdf.add_font(font.family, "", str(regular))
        pdf.add_font(font.family, "B", str(bold))
        family = font.family
        if fallback is not None:
            # Only where needed: fpdf2 then looks each character up, slower (a PDF
            # printing Arabic: Fira Sans has none, Amiri has it).
            pdf.add_font(fallback.family, "", str(fallback.regular))
            pdf.add_font(fallback.family, "B", str(fallback.bold))
            pdf.set_fallback_fonts([fallback.family])
        if shaped and _shaping_available():
            # Lines read left to right as the page is laid out; a name in Arabic keeps
            # its own order within them (a line taking its direction from its first
            # letter put 'فندق الرويال — Le Royal Hotel' the other way round; a tester).
            pdf.set_text_shaping(True, direction="ltr")

        def clean(text: object) -> str:
            return _printed(text, known)

    else:
        family = "Helvetica"

        def clean(text: object) -> str:
            s = _guillemets_kept("" if text is None else str(text))
            s = s.replace("—", "-").replace("–", "-").replace("’", "'")
            return s.encode("latin-1", "replace").decode("latin-1")

    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font(family, "B", 15)
    # Left-aligned: a wrapped line was justified ("Agenda        des        rendez-vous
    # —" across the page above a long name; a tester)
    pdf.multi_cell(0, 8, clean(doc.title), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font(family, "", 11)
    pdf.multi_cell(0, 6, clean(doc.subtitle), new_x="LMARGIN", new_y="NEXT", align="L")
    headings = FontFace(emphasis="BOLD", fill_color=(221, 235, 247))
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    for block in doc.blocks:
        # A heading goes with the start of its block: a new page when the heading,
        # a table's header row and its first rows (or the first fields) would not
        # fit above the page foot. A title alone at the foot was printed, its
        # table on the next page.
        if pdf.will_page_break(3 + 7 + KEEP_WITH_HEADING_MM):
            pdf.add_page()
        else:
            pdf.ln(3)
        pdf.set_font(family, "B", 12)
        pdf.multi_cell(0, 7, clean(block.title), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_font(family, "", 9)
        if block.kind == "fields":
            with pdf.table(
                col_widths=(45, usable - 45),
                first_row_as_headings=False,
                borders_layout="NONE",
                line_height=5,
                text_align="LEFT",
            ) as table:
                for key, value in block.rows:
                    r = table.row()
                    r.cell(clean(key), style=FontFace(emphasis="BOLD"))
                    r.cell(_pdf_cell_text(clean(value)))
            continue
        if not block.rows:
            pdf.multi_cell(0, 6, clean(block.empty), new_x="LMARGIN", new_y="NEXT", align="L")
            continue
        size = 8 if block.key == "meetings" else 9
        pdf.set_font(family, "", size)
        widths = block.widths or tuple(1 for _ in block.columns)
        column_mm = [usable * w / sum(widths) for w in widths]
        with pdf.table(
            col_widths=widths,
            headings_style=headings,
            line_height=4.5,
            text_align="LEFT",
            repeat_headings=1,
        ) as table:
            head = table.row()
            # A heading shrunk as a cell is, measured in bold: set in Fira Sans, wider
            # than Amiri, 'Table' broke as 'Tabl' / 'e' above its narrow column.
            pdf.set_font(family, "B", size)
            for name, mm in zip(block.columns, column_mm, strict=False):
                text = clean(name)
                smaller = _fitting_size(pdf, text, mm, size)
                head.cell(text, style=FontFace(size_pt=smaller) if smaller else None)
            pdf.set_font(family, "", size)
            one_line = {MEETING_COLUMNS.index("date")} if block.key == "meetings" else set()
            for values in block.rows:
                r = table.row()
                for i, (v, mm) in enumerate(zip(values, column_mm, strict=False)):
                    text = _pdf_cell_text(clean(v))
                    smaller = _fitting_size(pdf, text, mm, size, whole=i in one_line)
                    r.cell(text, style=FontFace(size_pt=smaller) if smaller else None)
    with _quiet("fpdf", "fontTools"):
        return bytes(pdf.output())


@contextlib.contextmanager
def _quiet(*names: str) -> Iterator[None]:
    """The loggers ``names`` (fpdf2's, fontTools') holding back their warnings for the
    time: what they say is the report's own warning or nothing to do ('Font MPDFAA+Amiri
    is missing the following glyphs', fontTools' 'FFTM NOT subset' on DejaVu), and it
    reached stderr under ``-q``, where cron mails it (a tester)."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


#: The longest text a PDF table cell holds (characters). A contact cell of about 900
#: characters (a delegation pasted in) made a row taller than a page: fpdf2 stopped
#: the whole run with a traceback, and from about 800 the table was cut across pages
#: (a tester). The xlsx and ics files keep the whole text.
MAX_PDF_CELL = 300


def _pdf_cell_text(text: str) -> str:
    """``text`` cut to :data:`MAX_PDF_CELL` characters, ``...`` ending it when cut."""
    return text if len(text) <= MAX_PDF_CELL else text[: MAX_PDF_CELL - 3].rstrip() + "..."


def pdf_shortened(doc: Document, known: frozenset[int] | None = None) -> list[str]:
    """The texts of a company's PDF (its :func:`~asmex_sched.report.document`) cut to
    :data:`MAX_PDF_CELL` characters, as printed with a font having ``known``
    (:func:`_printed`: a 301-character contact with spaces after a '«', squeezed to one,
    prints whole, and was said to be cut; a second reader)."""
    printed = (_printed(v, known) for block in doc.blocks for row in block.rows for v in row
               if v is not None)  # fmt: skip
    return [text for text in printed if len(text) > MAX_PDF_CELL]


#: Height kept on a page below a block's heading (mm): a table's header row and
#: about two rows of text, or two lines of fields.
KEEP_WITH_HEADING_MM = 20

#: Smallest font size a table cell is shrunk to (points): below it, a word wraps.
MIN_PDF_SIZE = 5.5


def _fitting_size(
    pdf: Any, text: str, column_mm: float, size: float, *, whole: bool = False
) -> float | None:
    """A smaller font size at which the cell's longest word fits its column, or None
    when it already fits. fpdf2 breaks a word longer than its column anywhere: an
    e-mail address came out as ``contact@kenyafreshexp`` / ``orts.co.ke``; shrunk,
    it stays whole and can be copied. Down to :data:`MIN_PDF_SIZE` at most. With
    ``whole``, the whole text is to fit on one line: the meeting table's dates
    ("Wednesday 12 November" / "2025" made every such row two lines high)."""
    words = [text.strip()] if whole and text.strip() else text.split()
    if not words:
        return None
    room = column_mm - 2 * pdf.c_margin - 0.5
    widest = max(pdf.get_string_width(w) for w in words)
    if widest <= room:
        return None
    return max(MIN_PDF_SIZE, math.floor(size * room / widest * 4) / 4)
