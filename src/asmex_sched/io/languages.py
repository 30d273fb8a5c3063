"""The languages cell of a company (rule H5's input): which languages it speaks.

What a coordinator writes there is open-ended (``Fr.; Ar.; Eng.``, ``Arabe uniquement
(pas de français)``, ``Kiswahili na Kiingereza``, ``Anglais (moy)``): this module reads
a cell into ISO 639 codes, with one message per problem and a warning per word left
out. Pure text: the roster reader (``io.roster``) names the file, sheet, row and column.
The language names of other locales come from the Unicode CLDR (babel).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from asmex_sched.domain import ISO_639_1, LANGUAGE_NAMES, language_code, strip_accents
from asmex_sched.io.host_calendar import NO_COUNTRY, read_country
from asmex_sched.io.text_files import normalize_name

__all__ = ["LanguagesRead", "read_languages"]


@dataclass(frozen=True)
class LanguagesRead:
    """What a languages cell says: its codes (in order, once each), the problems that
    refuse it, and the warnings about words left out."""

    codes: tuple[str, ...]
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def read_languages(text: str) -> LanguagesRead:
    """A company's language codes (ISO 639-1, or a 3-letter ISO 639-2/3 code).

    A company with no language never needs an interpreter, and two companies that
    list the same word share it: so a word that is no language must neither be
    kept (``Fr.; Ar.; Eng.`` gave 159 meetings instead of 512; ``only`` shared by
    ``French only`` and ``English only`` booked no interpreter) nor be all a cell
    says (``Bilingue`` gave no language, so no interpreter). Separators, filler
    words and regions (``ar (MA)``, ``en-GB``) are skipped, hyphen-joined languages
    split (``FR-EN``, ``Français-Anglais``: the first alone was kept). A problem: a
    placeholder (``?``, ``TBC``), a 2-letter code that is not a language (``ma``),
    a near miss of a known name (``Frensh``), a cell that names no language. A
    word the tool does not know (``Klingon``) is left out with a warning; a 3-letter
    code is kept (``kln``; a known one as its 2-letter code, ``kik`` as ``ki``).
    Second readers found each of these."""
    problems: list[str] = []
    warnings: list[str] = []
    problem = problems.append

    def read(codes: Iterable[str] = ()) -> LanguagesRead:
        return LanguagesRead(tuple(dict.fromkeys(codes)), tuple(problems), tuple(warnings))

    if normalize_name(text) in _NO_LANGUAGE or not re.search(r"\w", text):
        if text:
            problem(f"{text!r} is not a language: leave the cell blank when the "
                    "languages are not known")  # fmt: skip
        return read()
    codes: list[str] = []
    unknown: list[str] = []  # words the tool does not know: left out
    ruled_out: list[str] = []  # languages the cell says the company does not speak
    refused = False
    # A region in parentheses ('English (UK)': not Ukrainian, 'ar (MA)').
    # ... or several ('English (US/UK)': not Ukrainian; a reader); 'N/A' is none
    cleaned = re.sub(r"\(\s*[A-Z]{2}(\s*[/,]\s*[A-Z]{2})*\s*\)", " ", text)
    cleaned = re.sub(r"(?i)(?<![\w/])n\s*/\s*a(?![\w/])", " none ", cleaned)
    previous: list[tuple[str, str]] = []  # the last clause's (word, code) read
    for words, in_parens in _clauses(cleaned):
        words = [_unelided(w) for w in words]
        folded = [_plain(w) for w in words]
        # What the company does not speak: 'pas de français', 'no English', 'sem
        # inglês', 'English no', 'Français (non)', 'Anglais pas du tout' added the
        # very language ruled out, and booked no interpreter (testers, readers). A
        # negation leaves out the languages it governs: those after it in its
        # clause, else the one just before it when it ends the clause (or the
        # previous clause's, for a note of its own: '(non)', ': non'); a level it
        # governs is a note ('pas courant', 'non natif', 'not fluent'), but not
        # being spoken is not ('pas du tout', 'not spoken'). 'no' alone is Norwegian.
        negations = [k for k, w in enumerate(folded) if w in _NEGATIONS]
        if negations and (len(folded) > 1 or in_parens):
            neg = negations[0]
            level = _LEVELS_IN_PARENTHESES if in_parens else frozenset()
            after = [w for w in words[neg + 1 :]
                     if _spoken_language(w) and _plain(w) not in level]  # fmt: skip
            before = [w for w in words[:neg]
                      if _spoken_language(w) and _plain(w) not in level]  # fmt: skip
            # 'pas du tout', 'not spoken': not spoken; 'pas du tout courant', 'not at
            # all fluent': a level (a reader)
            told = set(folded[neg + 1 :])
            unsaid = (bool(told & _NOT_SPOKEN) and not told & _FLUENCY) or (
                neg == len(words) - 1
            )
            kept = words[:neg]  # and a level it governs is a note: 'pas courant'
            if after:  # 'pas de français', 'sem inglês': what comes before is spoken
                ruled_out += after
            elif unsaid and before:  # 'English no', 'Anglais pas du tout'
                ruled_out.append(before[-1])
                kept = [w for w in kept if w is not before[-1]]
            elif unsaid and previous:  # 'Français (non)', 'Anglais : non'
                # the nearest language only: 'Arabe, Français et Anglais (non)'
                # lost French too (a reader)
                word, code = previous.pop()
                ruled_out.append(word)
                del codes[len(codes) - 1 - codes[::-1].index(code)]
                continue
            # ('ne' of 'ne … pas' is no Nepali)
            words = [w for w in kept if _plain(w) not in ("ne", "n")]
            folded = [_plain(w) for w in words]
        read_here: list[tuple[str, str]] = []
        for k, word in enumerate(words):
            word = word.strip().strip(".")  # 'Fr.', 'Eng.'
            plain = folded[k]
            between = 0 < k < len(words) - 1
            if (
                not re.search(r"\w", word)
                or plain in _LANGUAGE_FILLER
                or (plain in _LANGUAGE_FILLER_BETWEEN and len(words) > 1)
                # a CEFR level, a figure, a single letter ('a little', 'e', 'و')
                or re.fullmatch(r"[a-c][12]|\d+([/.,]\d+)?|\w", plain) is not None
                # 'langue de travail', 'um pouco de Inglês': not German ('fr de en' is)
                or (plain == "de" and between
                    and not all(len(folded[j]) == 2 for j in (k - 1, k + 1)))
                # a region after a language's name: 'English UK' (not Ukrainian),
                # 'Spanish (Latin America)' (not Latin; a reader)
                or (k > 0 and len(word) == 2 and word.isupper()
                    and len(words[k - 1]) > 3 and _language_of(words[k - 1]) is not None)
                or (plain in ("latin", "latine") and k + 1 < len(folded)
                    and folded[k + 1] in ("america", "amerique"))
                # a level in parentheses: 'Anglais (bas)', 'Français (écrit, lu)';
                # Basaa and Luba-Katanga elsewhere ('fr; bas')
                or (in_parens and plain in _LEVELS_IN_PARENTHESES)
                or plain.startswith("non-")  # 'Anglais non-natif'
            ):  # fmt: skip
                continue
            pieces = re.split(r"[-_]", word)
            for w in pieces if _languages_joined(pieces) else [word]:
                code = language_code(w)
                if (found := _language_of(w)) is not None:  # 'fr', 'Inglês', 'kln'
                    codes.append(found)
                    read_here.append((w, found))
                    continue
                if (
                    len(code) == 2 and code.isalpha() and codes
                    and (read_here or in_parens or read_country(w) not in (None, NO_COUNTRY))
                ):  # fmt: skip
                    # a region after its language: 'en gb', 'ar (ma)', 'ar, MA', 'English
                    # / US', 'fr; US English'; after a separator only a country's code:
                    # 'en; fe' (a typo of 'en; fr') read as English alone without a word
                    # (an outside tester), and refusing every such code refused rosters
                    # that planned before, 'ar, MA' among them (a second reader)
                    continue
                if codes and len(w) > 3 and read_country(w) not in (None, NO_COUNTRY):
                    continue  # a country after its language: 'Portugais (Angola)'
                close = difflib.get_close_matches(
                    strip_accents(w.lower()), [n for n in LANGUAGE_NAMES if len(n) > 3],
                    1, 0.8,
                )  # fmt: skip
                if len(code) <= 2 or close:
                    hint = (
                        f"did you mean {close[0]!r}?"
                        if close
                        else "a country code? write the language (fr, en, ar, sw, ...)"
                        if read_country(w) not in (None, NO_COUNTRY)
                        # 'en; fe': no country's either (a second reader)
                        else "a typing slip? write the language (fr, en, ar, sw, ...)"
                    )
                    problem(f"{w!r} is not a language code or name: {hint} (ISO 639-1 "
                            "codes such as fr; en; ar; sw, or names such as French, "
                            "anglais)")  # fmt: skip
                    refused = True
                    continue
                unknown.append(w)
        previous = read_here or previous
    if ruled_out and not codes and not refused:
        problem(f"{text!r} says the company does not speak "
                f"{', '.join(repr(w) for w in ruled_out)}, and names no language it "
                "speaks: list those it speaks (codes such as fr; en; ar; sw, or names "
                "such as French, anglais), or leave the cell blank")  # fmt: skip
        return read()
    if ruled_out:
        warnings.append(f"{', '.join(repr(w) for w in ruled_out)} left out of {text!r}: "
                        "the cell says the company does not speak it")  # fmt: skip
    if not codes and not refused:
        # One message for the cell: 'Sérère' alone was also warned about as "left
        # out" (a tester).
        creole = any(strip_accents(w.lower()) in _CREOLE for w in unknown)
        problem(f"{text!r} names no language the tool knows: "
                + (_CREOLE_HINT if creole else "write the languages (ISO 639-1 codes "
                   "such as fr; en; ar; sw, or names such as French, anglais; for a "
                   "language without a 2-letter code, its ISO 639-3 code)"))  # fmt: skip
        return read()
    for w in unknown:
        creole = strip_accents(w.lower()) in _CREOLE
        hint = (_CREOLE_HINT if creole else
                "write its ISO 639 code, e.g. ki for Kikuyu, zgh for Tamazight")  # fmt: skip
        warnings.append(f"{w!r} is not a language the tool knows: left out ({hint})")
    return read(codes)


#: 'Créole' is a creole of some language, not one language: its own hint.
_CREOLE = frozenset(("creole", "creol", "kreol", "kriol", "crioulo"))
_CREOLE_HINT = (
    "a creole is not one language: write its ISO 639 code (ht for Haitian, kea for Cape "
    "Verdean, mfe for Mauritian, crs for Seychellois, pov for Guinea-Bissau's)"
)


def _is_language(word: str) -> bool:
    """Whether a word of a languages cell names a language: an ISO 639-1 code, a name the
    tool knows (``domain.LANGUAGE_NAMES``), or a 3-letter ISO 639-2/3 code the tool or
    the Unicode CLDR knows (any 3-letter word was kept: ``non``, ``not``, ``pas`` of
    "Arabe seulement, non bilingue" were shared as languages; a tester)."""
    code = language_code(word)
    return (
        code in ISO_639_1
        or strip_accents(word.lower()) in LANGUAGE_NAMES
        or (len(code) == 3 and code.isascii() and code.isalpha())
    )


def _language_of(word: str) -> str | None:
    """The code of a word that names a language (:func:`_is_language`, or its name in
    another language, :func:`_cldr_language_names`), else None."""
    if _is_language(word):
        return language_code(word)
    return _cldr_language_names().get(strip_accents(word.lower()))


def _clauses(text: str) -> list[tuple[list[str], bool]]:
    """The words of a languages cell by clause (what ``;``, ``,``, ``/``, ``&``, ``+``,
    ``:``, the Arabic comma and parentheses bound), each with whether it is a note on
    the clause before (in parentheses, or after a colon): ``Arabe (pas de français),
    anglais`` -> ``[(['Arabe'], False), (['pas', 'de', 'français'], True),
    (['anglais'], False)]``; ``Anglais: non`` -> ``[(['Anglais'], False), (['non'],
    True)]``."""
    out: list[tuple[list[str], bool]] = []
    depth = 0
    colon = False
    current: list[str] = []
    for token in re.split(r"([;,/&+():\u060c])", text):
        if token in ("(", ")") or (len(token) == 1 and token in ";,/&+:\u060c"):
            if current:
                out.append((current, depth > 0 or colon))
                current = []
                colon = False
            if token in ("(", ")"):
                depth = max(0, depth + (1 if token == "(" else -1))
            colon = token == ":" or (colon and not current)
            continue
        current += token.split()
    if current:
        out.append((current, depth > 0 or colon))
    return out


def _spoken_language(word: str) -> bool:
    """Whether a word a negation governs is a language it rules out (not 'de' of 'pas
    de', 'or' of 'no English or French')."""
    return _language_of(word) is not None and _plain(word) not in _NOT_A_LANGUAGE


def _plain(word: str) -> str:
    """A word of a languages cell as compared: accents, case, a final '.' or ':' aside."""
    return strip_accents(word.lower().strip(".:"))


def _unelided(word: str) -> str:
    """A word without a French elision or the Arabic 'and' glued to it: ``d'espagnol``
    -> ``espagnol``, ``والفرنسية`` -> ``الفرنسية`` (each left out a language; a reader)."""
    m = re.match(r"(?i)^[dl]['’](.+)$", word)
    if m and _language_of(m[1]) is not None:
        return m[1]
    if word.startswith("\u0648") and len(word) > 2 and _language_of(word[1:]) is not None:
        return word[1:]
    return word


#: Locales whose names of languages a languages cell is read in besides the tool's own
#: English and French ones: a Luanda buyer's ``Português; Inglês``, a Kenyan's
#: ``Kiswahili; Kiingereza`` lost their English (a tester).
_NAME_LOCALES = ("en", "fr", "pt", "es", "sw", "de", "it", "ar", "nl", "tr")


@functools.cache
def _cldr_language_names() -> dict[str, str]:
    """A language's name in :data:`_NAME_LOCALES` (accents and case aside) -> its code,
    for the languages the tool knows; a name two languages share is left out."""
    from babel import Locale

    codes = set(LANGUAGE_NAMES.values()) | ISO_639_1
    found: dict[str, set[str]] = {}
    for locale in _NAME_LOCALES:
        names = Locale(locale).languages
        for code in codes:
            if name := names.get(code):
                found.setdefault(strip_accents(name.lower()), set()).add(code)
    return {
        name: next(iter(cs)) for name, cs in found.items()
        if len(cs) == 1 and name not in LANGUAGE_NAMES and len(name) > 3
    }  # fmt: skip


def _languages_joined(pieces: Sequence[str]) -> bool:
    """Whether ``fr-ar``-like pieces are languages joined by hyphens (``FR-EN``,
    ``fr-ar-en``, ``Français-Anglais``) rather than a language and its region (``en-GB``,
    ``es-AR``, ``pt-BR``: the region a language code too, written upper case after a
    lower-case language, as BCP 47 writes it). A second reader found ``FR-AR-EN`` read
    as French alone, then ``es-AR`` read as Spanish and Arabic."""
    # a region is 2 letters or 3 digits (BCP 47): never a language
    if len(pieces) < 2 or not all(_is_language(p) for p in pieces[1:]):
        return False
    if len(pieces) > 2 or any(len(p) > 3 for p in pieces):
        return True  # 'fr-ar-en', 'Français-Anglais'
    first, second = pieces
    if f"{first}-{second}".lower() in _LOCALES:
        return False  # 'PT-BR', 'pt-br': Brazilian Portuguese, not Portuguese and Breton
    return not (first.islower() and second.isupper())


#: Language-region pairs read as one language in any case, their region being a language
#: code no company of such a mission would pair with that language (Breton, Catalan,
#: Belarusian, Twi, Zhuang, Sanskrit, Avestan). 'FR-AR' and 'ES-AR' stay two languages:
#: French or Spanish, and Arabic.
_LOCALES = frozenset(
    ("pt-br", "fr-ca", "fr-be", "nl-be", "de-be", "zh-tw", "en-za", "ar-sa", "ar-ae")
)


#: Words of a languages cell that name no language ('French and English (fluent)').
_LANGUAGE_FILLER = frozenset(
    ("and", "y", "und", "ou", "fluent", "courant", "native", "natif", "basic", "notions",
     "bilingual", "bilingue", "spoken", "parle", "also", "aussi", "plus", "mother",
     "tongue", "maternelle", "langue", "only", "seulement", "uniquement", "good", "bon",
     "bonne", "some", "level", "niveau", "intermediate", "intermediaire", "advanced",
     "avance", "written", "ecrit", "oral", "little", "peu", "preferred", "prefere",
     "etc", "all", "the", "les", "des", "le", "bahasa", "afaan",
     # levels and answers of a form (a tester: 'Anglais (basique)' was warned about as
     # an unknown language, 'English (low)' kept 'low', 'Arabe (oui)' kept 'oui')
     "basique", "debutant", "beginner", "notion", "courante", "low", "moyen",
     "medium", "high", "haut", "yes", "oui", "sim", "base", "natif", "native", "nativo",
     "fluente", "fluide", "mal", "فقط", "um", "pouco", "poco", "un", "travail",
     "work", "working", "trabalho", "trabajo",
     # abbreviations and words of three letters a form answer holds, no language code
     # two companies should share ('Anglais (moy)', 'Arabic but not English'; a reader)
     "moy", "bof", "int", "adv", "beg", "avg", "tbe", "top", "min", "max", "nul", "usa",
     "uni", "but", "mais", "msa", "mid", "bad", "well", "bien", "tres", "very",
     "fasaha", "vizuri", "kidogo", "bit", "of", "america", "amerique", "latina")
)  # fmt: skip
#: Words a negation governs that are no language it rules out ('pas de français', 'pas
#: mal', 'no nativo'): 'de' is German, 'mal' Malayalam's 3-letter code.
_NOT_A_LANGUAGE = frozenset(("de", "mal", "nativo", "native", "all", "or", "nor", "et", "na",
                             "yes", "ne"))  # fmt: skip
#: Levels of a language a negation may govern ('pas du tout courant', 'not at all
#: fluent'): the language is spoken.
_FLUENCY = frozenset(("courant", "couramment", "fluent", "fluently", "fluide", "fluente",
                      "natif", "native", "nativo", "bilingue", "bilingual"))  # fmt: skip
#: Words after a negation that say the language is not spoken at all ('pas du tout',
#: 'not at all', 'not spoken', 'non parlé'), not a level of it (a reader).
_NOT_SPOKEN = frozenset(("du", "tout", "all", "spoken", "parle", "parlee", "speak",
                         "speaks", "fala", "habla", "used", "utilise", "knowledge",
                         "notions", "connaissance", "connaissances"))  # fmt: skip
#: Filler words that are also ISO 639-1 codes (Estonian, Odia, Nauru): filler in a
#: clause of more than one word ('français et anglais', 'Português e Inglês',
#: 'Kiswahili na Kiingereza', 'Anglais (courant) et Espagnol'); alone in its clause, the
#: language ('fr; et').
_LANGUAGE_FILLER_BETWEEN = frozenset(("et", "or", "na"))
#: Levels that are also language codes (Basaa, Luba-Katanga): notes in parentheses
#: ('Anglais (bas)', 'Anglais (parlé, lu)'), the language elsewhere ('fr; bas').
_LEVELS_IN_PARENTHESES = frozenset(("bas", "lu", "ecrit", "parle"))
#: Words of a languages cell that say what the company does not speak ('pas de
#: français', 'no English', 'non bilingue', 'sans arabe', 'não'), in a cell of more
#: than one word ('no' alone is Norwegian).
_NEGATIONS = frozenset(
    ("pas", "non", "no", "not", "sans", "without", "except", "sauf", "ni", "nor", "nao",
     "sin", "hors", "aucun", "aucune", "sem", "bila", "hapana", "ohne", "kein", "keine",
     "none", "nenhum", "nenhuma", "nil", "nada", "ninguno", "ninguna",
     "بدون", "غير", "لا")
)  # fmt: skip

#: Cell values that say "no language known" rather than name one (as names are compared).
_NO_LANGUAGE = frozenset(
    normalize_name(w)
    for w in ("tbc", "tbd", "na", "n/a", "none", "unknown", "inconnu", "aucune", "nc",
              "a confirmer", "à confirmer", "to be confirmed", "non", "pas")
)  # fmt: skip
