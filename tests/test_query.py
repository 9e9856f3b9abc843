"""How a query is read before it is searched (kb/query.py)."""

from __future__ import annotations

from kb.query import as_meant


def test_latvian_typed_without_diacritics_is_read_with_them():
    assert as_meant("sadarbiba ar pasvaldibu memorands") == "sadarbība ar pašvaldību memorands"
    assert as_meant("Kafejnica senioriem") == "Kafejnīca senioriem"  # a sentence's capital kept
    assert as_meant("mentoru apmaciba begli") == "mentoru apmācība bēgļi"


def test_names_english_and_other_languages_and_typed_diacritics_stay_as_typed():
    assert as_meant("senioru kafejnica Ludza") == "senioru kafejnīca Ludza"  # the town, not "lūdza" (asked)
    assert as_meant("language cafe refugees Kraslava") == "language cafe refugees Kraslava"
    assert as_meant("como encontrar parceiros para projetos") == "como encontrar parceiros para projetos"
    assert as_meant("ka atrast partnerus") == "ka atrast partnerus"  # "ka" is a word of its own
    assert as_meant("kafejnīca senioriem Ludza") == "kafejnīca senioriem Ludza"
    assert as_meant("Ludza") == "Ludza" and as_meant("Janis Berzins projekts") == "Janis Berzins projekts"  # names first
    assert as_meant("Sadarbiba ar pasvaldibu") == "Sadarbība ar pašvaldību"  # a sentence's capital
    assert as_meant("Projekts pasvaldibas sadarbiba") == "Projekts pašvaldības sadarbība"  # one with nothing to restore


def test_a_shouted_query_is_read_in_small_letters_and_acronyms_stay():
    assert as_meant("HOW CAN A MOBILITY BE MADE ACCESSIBLE?") == "how can a mobility be made accessible?"
    assert as_meant("SADARBĪBA AR PAŠVALDĪBU") == "sadarbība ar pašvaldību"
    assert as_meant("ESTO KA122") == "ESTO KA122"
    assert as_meant("2021-1-LV01-KA122-ADU-000018668") == "2021-1-LV01-KA122-ADU-000018668"  # a code, not shouting
