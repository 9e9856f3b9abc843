"""The keyword analyser: what a user types must meet the word as the document wrote it."""

from __future__ import annotations

import pytest

from kb.analysis import analyse, analyse_query, fold


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("kafejnica", "kafejnīcā"),  # diacritics left out
        ("KAFEJNĪCA", "kafejnīcas"),  # capitals
        ("partneri", "partneru"),  # plural nominative / genitive
        ("partneriem", "partnerim"),  # dative plural / singular
        ("biedrība", "biedrībām"),
        ("senioriem", "seniori"),
        ("meklēšana", "meklēšanā"),
        ("ēnošanu", "Ēnošanas"),  # verbal noun, accusative / genitive
        ("bibliotēkā", "bibliotēka"),
        ("pašvaldībām", "pašvaldības"),
        ("bra\u0304lis", "brālis"),  # diacritic as a combining mark, as some PDFs give it
        ("ﬁnansējums", "finansējumu"),  # the "fi" ligature of PDF text
        ("Portugāle", "Portugālē"),
        ("беженцы", "беженцам"),  # Russian inflection
        ("partners", "partner"),  # English plural
    ],
)
def test_inflected_and_undiacritised_forms_share_a_term(typed, written):
    assert analyse(typed) == analyse(written)


def test_an_amount_written_in_groups_of_three_digits_is_one_number():
    assert analyse("18 400 EUR") == analyse("18400 eur") == ["18400", "eur"]
    assert analyse("1\u00a0250\u00a0000 eiro") == analyse("1250000 eiro")  # a no-break space, as Word puts it
    assert analyse("2021 2022 gadā") == ["2021", "2022", "gad"]  # years side by side stay years
    assert analyse("4 800,50 EUR") == ["4800", "50", "eur"]  # cents after a decimal comma
    assert analyse("1,500 000") == ["500", "000"]  # not a grouped number: left as written


def test_different_words_stay_apart():
    assert analyse("kafejnīca") != analyse("kopiena")
    assert analyse("bēgļi") != analyse("bērni")


def test_stopwords_of_each_language_are_dropped():
    assert analyse("un ir ar the and of и в на") == []


def test_a_mixed_language_query_keeps_every_languages_content_words():
    terms = analyse("Erasmus projekts для беженцев in Portugal")
    assert terms == ["erasm", "proje", "беженц", "portu", "@portugal"]  # "для" and "in" are stopwords; a country's term
    assert analyse("projektā")[0] in terms and analyse("беженцам")[0] in terms


def test_folding_keeps_cyrillic_letters():
    assert fold("Ёлка Kafejnīcā") == "елка kafejnica"
    assert fold("й") == "и"


def test_a_querys_own_function_words_are_dropped_only_in_its_language():
    portuguese = analyse_query("conselhos para encontrar parceiros de projeto", "pt")
    assert portuguese == analyse("conselhos encontrar parceiros projeto")  # "para" and "de" would match Latvian words
    assert analyse_query("Prata de Buarcos", "lv") == analyse("Prata de Buarcos")  # a name inside a Latvian query stays whole
    assert analyse_query("kafejnīca senioriem", "unknown") == analyse("kafejnīca senioriem")


def test_a_place_gives_its_own_term_in_every_language_and_a_word_of_the_same_stem_does_not():
    """A tester's "Ludza" found a letter's "Lūdzam Jūs informēt" first (both "ludz"), and "Daugavpils" the river's
    "Daugavas" ("dauga"), while Даугавпилс, written in Cyrillic, met neither."""
    from kb.analysis import analyse_query

    town = set(analyse("Ludzā")) & set(analyse("Лудзе")) & set(analyse_query("ludza", "lv"))
    assert town == {"@ludza"} and "@ludza" not in analyse("Lūdzam Jūs informēt, ka Ludzas novada...")[:2]
    assert set(analyse("Даугавпилсе")) & set(analyse("Daugavpils")) == {"@daugavpils"}
    assert "@daugavpils" not in analyse("Daugavas krastā")
    assert "@lithuania" in set(analyse("Lietuvā")) & set(analyse("Lithuania"))
    assert analyse("ludzā") == ["ludz"]  # in a passage, a place is written with a capital
    assert analyse("Sofija teica") == ["sofij", "teic"]  # a place whose name is a person's: no place term
