"""The keyword analyser: what a user types must meet the word as the document wrote it."""

from __future__ import annotations

import pytest

from kb.analysis import analyse, analyse_query, fold


def stems(terms: list[str]) -> list[str]:
    """The words' stems, without the terms of places ("@ludza") and names across scripts ("≈lnatal")."""
    return [term for term in terms if not term.startswith(("@", "≈"))]


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
    assert stems(analyse(typed)) == stems(analyse(written))


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
    assert stems(terms) == ["erasm", "proje", "беженц", "portu"] and "@portugal" in terms  # "для" and "in": stopwords
    assert analyse("projektā")[0] in terms and analyse("беженцам")[0] in terms


def test_folding_keeps_cyrillic_letters():
    assert fold("Ёлка Kafejnīcā") == "елка kafejnica"
    assert fold("й") == "и"


def test_a_querys_own_function_words_are_dropped_only_in_its_language():
    portuguese = analyse_query("conselhos para encontrar parceiros de projeto", "pt")
    assert stems(portuguese) == stems(analyse("conselhos encontrar parceiros projeto"))  # "para", "de": Latvian words
    assert stems(analyse_query("Prata de Buarcos", "lv")) == stems(analyse("Prata de Buarcos"))  # a name stays whole
    assert analyse_query("kafejnīca senioriem", "unknown") == ["kafej", "≈ckafenic", "senio", "≈csenor"]


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
    assert not [term for term in analyse("Sofija teica") if term.startswith("@")]  # a place named like a person: none


@pytest.mark.parametrize(
    "latin, cyrillic",
    [("Natālija", "Наталья"), ("Natalya", "Наталия"), ("Sergejevai", "Сергеевой"), ("Jevgēņijs", "Евгений"),
     ("Ivanovam", "Ивановым"), ("Oļegs", "Олег"), ("Artjoms", "Артём"), ("Kovaļova", "Ковалёва"),
     ("Hrihorenko", "Григоренко"), ("Hryhorenko", "Григоренко"), ("Serhii", "Сергій"), ("Yuliia", "Юлія"),
     ("Jūlija", "Юлія"), ("Iryna", "Ірина")],
)  # fmt: skip
def test_a_name_in_latin_letters_and_in_cyrillic_has_one_key_across_latvian_and_russian_endings(latin, cyrillic):
    from kb.analysis import name_key

    assert name_key(latin.lower()) == name_key(cyrillic.lower()) != ""


def test_a_name_is_met_across_scripts_but_not_twice_within_one():
    """A Latgale tester's "Наталья Сергеева" did not find the Latvian minutes naming "Natālija Sergejeva", nor
    "Oļegs Smirnovs" the Russian report naming «Олег Смирнов»: a data-protection search by name missed them."""
    from kb.analysis import analyse_query

    passage = set(analyse("Sapulci vadīja Natālija Sergejeva."))
    assert {"≈lnatal", "≈lsergev"} <= set(analyse_query("наталья сергеева", "ru")) & passage
    assert not set(analyse_query("Natālija Sergejeva", "lv")) & {term for term in passage if term.startswith("≈")}
    assert {"≈csmirnov"} <= set(analyse_query("smirnovs", "lv")) & set(analyse("Отчёт подготовил Олег Смирнов."))
    assert not [term for term in analyse("sapulci vadīja") if term.startswith("≈")]  # small letters: no name


def test_a_question_asks_for_names_in_the_other_script_only_for_capitalised_words_or_a_short_lookup():
    """Every word's key is read from disk: at a million passages, a question asking one for each of its words made
    searching cold 40 % slower (docs/performance.md)."""
    from kb.analysis import query_words

    def keyed(query: str) -> list[str]:
        return [word[0] for word in query_words(query, "lv") if any(term.startswith("≈") for term in word)]

    assert keyed("natālija sergejeva") == ["natal", "serge"]  # a name looked up in small letters
    assert keyed("ko stāstīja Natālija Sergejeva par nometni bērniem vasarā") == ["natal", "serge"]
    assert keyed("ko stāstīja natālija sergejeva par nometni bērniem vasarā") == []


def test_a_ukrainian_words_forms_apostrophes_and_function_words():
    """A refugee-integration association's tester: "біженці", "біженців" and "біженцям" were three terms (the Russian
    stemmer does not know і), "сімʼя" with the modifier apostrophe missed "сім'я", "пятницю" typed without one missed
    "п'ятницю", and the preposition "з" matched every Ukrainian passage."""
    from kb.analysis import analyse_query

    text = "Біженці отримали житло. Допомога біженцям з Харкова і сімʼям, що прибули у п'ятницю."
    terms = set(analyse(text))
    for query in ("біженців", "сім'я", "сім’ї", "пятниця"):
        assert set(analyse_query(query, "uk")) & terms, query
    assert analyse("біженці, біженців, біженцям") == ["біженець"] * 3
    assert "з" not in terms and not analyse_query("з і та", "uk")
    # a Cyrillic query with no letter only Ukrainian has may be either language: where the collection holds Ukrainian,
    # it asks for both words (else the dictionary is not loaded)
    from kb.analysis import query_words

    asked = {term for word in query_words("дитячий куточок", "ru", ukrainian_collection=True) for term in word}
    assert {"дитячий", "куточок"} <= asked & set(analyse("Дитячий куточок працює."))
    assert "дитячий" not in analyse_query("дитячий куточок", "ru")
    # a Russian word the Ukrainian dictionary does not know keeps its Russian stem, in a text taken for Ukrainian too
    assert "беженц" in set(analyse("Общество помогло беженцам.")) & set(analyse("Общество помогло беженцам из Києва."))


def test_a_russian_text_naming_ukrainian_places_and_organisations_keeps_its_russian_stems():
    """A review: a short Russian report naming «Світанок» from "Києва" was read as Ukrainian, its "время" became the
    dictionary's "врем'я" and "люди" "людина", and in a Russian collection a Russian question no longer met it."""
    report = "Общество помогло семьям беженцев из Харкова. Партнёр — организация «Світанок» из Києва. Люди получили время."
    assert {"врем", "люд", "помогл"} <= set(analyse(report))
    assert "помогти" not in analyse(report)
