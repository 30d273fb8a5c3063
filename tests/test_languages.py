"""The languages cell read as pure text (io.languages): codes, problems, warnings.

The roster tests read the same cells through a workbook, with the file, sheet and row
each message names; these pin what the reader itself returns."""

from __future__ import annotations

import pytest

from asmex_sched.io.languages import read_languages


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("Fr.; Ar.; Eng.", ("fr", "ar", "en")),
        ("Français-Anglais", ("fr", "en")),
        ("en-GB", ("en",)),
        ("Kiswahili na Kiingereza", ("sw", "en")),
        ("Português e Inglês", ("pt", "en")),
        ("ary; fr", ("ar", "fr")),
        ("fr, fr, FR", ("fr",)),
    ],
)
def test_codes_once_each_in_the_cells_order(cell: str, codes: tuple[str, ...]) -> None:
    read = read_languages(cell)
    assert read.codes == codes
    assert read.problems == () and read.warnings == ()


def test_a_negation_rules_out_its_language_with_a_warning() -> None:
    read = read_languages("Arabe uniquement (pas de français)")
    assert read.codes == ("ar",)
    assert read.problems == ()
    (warning,) = read.warnings
    assert "'français' left out of" in warning and "does not speak it" in warning


def test_an_unknown_word_is_left_out_with_a_warning_and_the_rest_kept() -> None:
    read = read_languages("Klingon; fr")
    assert read.codes == ("fr",)
    (warning,) = read.warnings
    assert warning.startswith("'Klingon' is not a language the tool knows: left out")


@pytest.mark.parametrize(
    ("cell", "says"),
    [
        ("TBC", "is not a language: leave the cell blank"),
        ("Frensh", "did you mean 'french'?"),
        ("ma", "a country code?"),
        ("pas de français", "names no language it speaks"),
        ("Créole", "a creole is not one language"),
    ],
)
def test_a_cell_that_names_no_language_is_a_problem(cell: str, says: str) -> None:
    read = read_languages(cell)
    assert read.codes == ()
    assert len(read.problems) == 1 and says in read.problems[0], read.problems


def test_a_blank_cell_reads_as_no_language_without_a_problem() -> None:
    # (the roster reader strips a cell before it is read)
    read = read_languages("")
    assert read.codes == () and read.problems == () and read.warnings == ()


def test_ligatures_are_spelt_out_as_the_roster_compares_names() -> None:
    # 'Nonæ' is no placeholder 'non' (the old reader's normalize_name spelt æ out; a
    # second reader found the moved reader dropping it)
    (problem,) = read_languages("Nonæ").problems
    assert "names no language the tool knows" in problem



@pytest.mark.parametrize(
    ("cell", "slip"),
    [("en; fe", "fe"), ("fr, xx", "xx"), ("Français; qx", "qx"), ("ar / zz", "zz")],
)
def test_a_2_letter_slip_after_a_language_is_a_problem_not_a_region(
    cell: str, slip: str
) -> None:
    # 'en; fe' (a typo of 'en; fr') read as English alone, 'fe' taken for a region
    # of English, without a word: the exporter's meetings with French speakers each
    # booked an interpreter (an outside tester). A region follows its language in
    # one clause ('en GB', 'ar (ma)'); after a separator, only a country's code is one.
    read = read_languages(cell)
    assert len(read.problems) == 1 and repr(slip) in read.problems[0], read.problems
    assert "a typing slip?" in read.problems[0]  # no country's code either


@pytest.mark.parametrize(
    ("cell", "codes"),
    [("ar (ma)", ("ar",)), ("en gb", ("en",)), ("English (us); fr", ("en", "fr")),
     ("fr (MA), en", ("fr", "en")),
     # a country's code after a separator, or before its language: read as before
     # (a second reader found these refused by a first version of the fix above)
     ("ar, MA", ("ar",)), ("English / US", ("en",)), ("EN; GB", ("en",)),
     ("fr; US English", ("fr", "en")), ("en, fr, ar, tz", ("en", "fr", "ar")),
     ("Spanish, MX", ("es",))],
)
def test_a_region_after_its_language_is_still_skipped(
    cell: str, codes: tuple[str, ...]
) -> None:
    read = read_languages(cell)
    assert read.codes == codes and read.problems == (), read
