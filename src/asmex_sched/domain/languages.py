"""Languages as coordinators write them: the names and codes read as ISO 639-1 codes.

:data:`LANGUAGE_NAMES` and :func:`language_code` make ``French``, ``Français``, ``fra``
and ``fr-FR`` one language; :data:`ISO_639_1` tells a language code from a slip;
:func:`strip_accents` is the accent rule that name matching shares. Imports nothing of
the package.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

#: Language names (English, French, the language's own) and ISO 639-2/3 codes of the
#: languages a trade mission meets, to their ISO 639-1 code: ``French``, ``Français``,
#: ``fra`` and ``fr-FR`` all mean ``fr``, so that two companies writing the same
#: language differently do not get an interpreter, or lose their meeting, for it.
LANGUAGE_NAMES: Mapping[str, str] = {
    name: code
    for code, names in {
        "fr": ("french", "francais", "fra", "fre", "francophone", "فرنسي", "فرنسية"),
        "en": ("english", "anglais", "eng", "ang", "angl", "anglophone", "ing", "إنجليزي",
               "انجليزي", "انجليزية", "الانجليزية"),  # 'Ang.': not Old English
        # with the ISO 639-3 codes of its varieties: Darija read as ar, its code ary as
        # another language, booked an interpreter for nothing (a tester)
        "ar": ("arabic", "arabe", "arab", "ara", "العربية", "عربي", "darija", "ary", "arb",
               "arq", "aeb", "apc", "acm", "ars", "afb", "ajp", "apd", "ayl", "acq", "arabophone",
               "عربية"),
        "sw": ("swahili", "kiswahili", "swa", "swh", "swc"),
        "es": ("spanish", "espagnol", "espanol", "spa", "castellano", "esp", "hispanophone"),
        "pt": ("portuguese", "portugais", "portugues", "por", "port", "lusophone"),
        "de": ("german", "allemand", "deutsch", "deu", "ger", "allem"),
        "it": ("italian", "italien", "italiano", "ita", "ital"),
        "nl": ("dutch", "neerlandais", "nederlands", "nld", "dut"),
        "zh": ("chinese", "chinois", "mandarin", "zho", "chi", "中文", "cmn"),
        "ru": ("russian", "russe", "rus"),
        "tr": ("turkish", "turc", "turkce", "tur"),
        "hi": ("hindi", "hin"),
        "ja": ("japanese", "japonais", "jpn"),
        "ko": ("korean", "coreen", "kor"),
        "am": ("amharic", "amharique", "amh"),
        "ha": ("hausa", "haoussa", "hau"),
        "wo": ("wolof", "wol"),
        "so": ("somali", "somalien", "som"),
        # Languages of the missions' regions (East and West Africa, the Maghreb) and
        # others a roster names: a cell of one name the tool did not know was refused.
        # (Tamazight's varieties, zgh and tzm, as one: Kabyle and Tachelhit are not.)
        "ber": ("tamazight", "amazigh", "berber", "berbere", "zgh", "tzm"),
        "ki": ("kikuyu", "gikuyu", "kik"),
        "ln": ("lingala", "lin"),
        "kln": ("kalenjin",),
        "luo": ("dholuo",),
        "om": ("oromo", "orm"),
        "yo": ("yoruba", "yor"),
        "ig": ("igbo", "ibo"),
        "zu": ("zulu", "zul"),
        "xh": ("xhosa", "xho"),
        "ti": ("tigrinya", "tir"),
        "rw": ("kinyarwanda", "kin"),
        "rn": ("kirundi", "run"),
        "mg": ("malagasy", "malgache", "mlg"),
        "sn": ("shona", "sna"),
        # Pulaar (Senegal's, fuc) and Pular (Guinea's, fuf) are Fula, as Peul is read
        "ff": ("fula", "fulani", "peul", "pular", "pulaar", "poular", "fulfulde", "ful",
               "fuc", "fuf"),
        # Senegal's, the Gambia's and Mauritania's national languages (a Casablanca
        # office's tester found them refused)
        "srr": ("serer", "sereer", "serere"),
        "dyo": ("jola", "diola"),
        "mnk": ("mandinka", "mandingue", "mandingo"),
        "snk": ("soninke", "sarakole"),
        "mey": ("hassaniya", "hassaniyya", "hassania"),
        # Morocco's Tachelhit (Souss), apart from Tamazight (ber) as said above
        "shi": ("tachelhit", "tashelhit", "tachelhite", "tashelhiyt"),
        "bm": ("bambara", "bam"),
        "tw": ("twi",),
        "ee": ("ewe",),
        "af": ("afrikaans", "afr"),
        "fa": ("persian", "farsi", "persan", "fas", "per", "pes", "prs"),
        "ur": ("urdu", "ourdou", "urd"),
        "bn": ("bengali", "ben"),
        "pa": ("punjabi", "pan"),
        "ta": ("tamil", "tamoul", "tam"),
        "gu": ("gujarati", "guj"),
        "he": ("hebrew", "hebreu", "heb"),
        "el": ("greek", "grec", "gre", "ell"),
        "pl": ("polish", "polonais", "pol"),
        "uk": ("ukrainian", "ukrainien", "ukr"),
        "ro": ("romanian", "roumain", "ron", "rum"),
        "sv": ("swedish", "suedois", "swe"),
        "no": ("norwegian", "norvegien", "nor"),
        "da": ("danish", "danois", "dan"),
        "fi": ("finnish", "finnois", "fin"),
        "cs": ("czech", "tcheque", "ces", "cze"),
        "hu": ("hungarian", "hongrois", "hun"),
        "vi": ("vietnamese", "vietnamien", "vie"),
        "th": ("thai", "tha"),
        "id": ("indonesian", "indonesien", "indonesia", "ind"),
        "ms": ("malay", "malais", "melayu", "malaysia", "may"),  # not msa: Modern Standard Arabic
    }.items()
    for name in names
}


#: The ISO 639-1 language codes: a 2-letter "language" that is none of these is a
#: slip (a country code, ``ma`` or ``ke``), not a language a meeting can be held in.
ISO_639_1: frozenset[str] = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr
    cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv
    ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km
    kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na
    nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc
    sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt
    tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split()
)


def strip_accents(text: str) -> str:
    """``text`` without its accents (``Société`` -> ``Societe``): the one rule the
    roster's name matching, language codes and departed companies' names share."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


#: Characters that show nothing, wherever they are: Unicode's default-ignorable code
#: points. The zero-width spaces and joiners, the word joiner, the byte order mark and
#: the soft hyphen; the direction marks, embeddings and isolates pasted with Arabic or
#: Hebrew text from web forms and around a name pasted from Teams or Outlook (LRM, RLM,
#: ALM, U+202A-E, U+2066-9); the invisible operators (U+2061-4), variation selectors
#: (U+FE00-F, an emoji's U+FE0F), the combining grapheme joiner, the Hangul fillers,
#: tags. The roster's references ignore them (io.roster.cells), a file name leaves
#: them out (report.names), and a PDF lacking a glyph for one is not warned of
#: (io.report_files.pdf).
INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c"
    + "".join(map(chr, (*range(0x202A, 0x202F), *range(0x2066, 0x206A))))
    + "".join(
        map(chr, (0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, *range(0x180B, 0x1810),
                  *range(0x2061, 0x2066), *range(0x206A, 0x2070), 0x3164,
                  *range(0xFE00, 0xFE10), 0xFFA0, *range(0x1BCA0, 0x1BCA4),
                  *range(0x1D173, 0x1D17B), *range(0xE0000, 0xE1000)))
    )
)  # fmt: skip


def language_code(text: str) -> str:
    """The ISO 639-1 code of a language as a coordinator writes it: case, accents and
    a region (``fr-FR``, ``pt_BR``) dropped, a known name or 3-letter code mapped
    (:data:`LANGUAGE_NAMES`); anything else lower-cased as written."""
    word = text.strip().lower()
    plain = strip_accents(word)
    if plain in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[plain]
    primary = plain.replace("_", "-").split("-", 1)[0]
    if primary != plain and (len(primary) == 2 or primary in LANGUAGE_NAMES):
        return LANGUAGE_NAMES.get(primary, primary)
    return plain if plain.isascii() else word
