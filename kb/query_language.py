"""A query's language, told from its few words (detect_query_language), and whether it reads as words at all or is
keyboard noise (reads_as_words)."""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.enrich import detect_language
from ingest.quality import LISTED_LANGUAGES, page_quality
from kb.analysis import CYRILLIC, place_term
from kb.query import WORD, WORD_BEGINNING, english_and_latvian_words, word_beginnings

LATVIAN_LETTERS = re.compile(r"[āēģīķļņ]", re.I)  # of the letters Latvian adds to a-z, those Lithuanian lacks ...
SHARED_LETTERS = re.compile(r"[čšūž]", re.I)  # ... and those it shares (Czech, Slovene, Croatian too)
LATVIAN_CASE = re.compile(r"(?:[āēīū]s?|os)$", re.I)  # a locative's ending ("Maltā", "Rēzeknē", "Cēsīs", "Balvos")


@lru_cache(maxsize=256)  # search and the app's highlighting both ask, once per rerun
def detect_query_language(query: str) -> str:
    """Queries are short, so letters that only one language uses decide first, langdetect after. A query with
    Latvian's č, š, ū or ž but none of its own letters is Latvian unless langdetect is sure of another language
    (Lithuanian "Kaip rasti partnerių užsienyje"): of 1,000 Lithuanian Tatoeba sentences 0.71 are taken for Lithuanian
    (0.20 when these letters meant Latvian), of 1,322 Latvian questions and sentences as many for Latvian as before.

    A name is no language: a capitalised (or quoted) word with Latvian letters past the first ("Which parish is the
    Dzeguzīte association based in?") leaves the other words to decide, English when more of them are English word
    forms than Latvian ones; the first word so too when two or more of the others are English forms and none Latvian
    ("Rēzekne seniors trip to Italy"; not a Latvian sentence's capital). A query of two words or more ("audio guide
    local voices" was Spanish to langdetect, "partneru meklesna" nothing) is English or Latvian when half its words or
    more (not in capitals) are that language's forms and not the other's, before langdetect is asked. A query mostly
    of Cyrillic words is Russian (or Ukrainian), a Latvian word in it too ("biedrība кафе для пенсионеров")."""
    words = query.split()
    named = [is_name(word) for word in words]
    rest = " ".join(word for word, name in zip(words, named) if not name)
    cyrillic = sum(bool(CYRILLIC.search(word)) for word in words)
    if LATVIAN_LETTERS.search(rest) and 2 * cyrillic <= len(words):  # "biedrība кафе для пенсионеров" is Russian
        return "lv"
    if cyrillic:
        return "ru" if not re.search(r"[іїєґ]", query, re.I) else "uk"
    english, latvian, counted = english_and_latvian_words(rest)
    if any(named[1:]):
        return "en" if english > latvian else "lv"
    if named[:1] == [True]:  # "Rēzekne seniors trip to Italy"; a Latvian sentence's capital ("Apsūdzētie tiek ...") too
        return "en" if english >= 2 and not latvian else "lv"
    if SHARED_LETTERS.search(query):
        return detect_language(query, fallback="lv", sure=0.9)
    if counted >= 2 and english > latvian and 2 * english >= counted:  # one word says too little
        return "en"
    if counted >= 2 and latvian > english and 2 * latvian >= counted:
        return "lv"
    language = detect_language(query, fallback="unknown")
    # "ESC volunteer in Aglona library": a name, and words Latvian texts use too ("in", "library"), beside an English
    # one; held to the strict bar of no language, its answer was a weak match
    return "en" if language == "unknown" and english and not latvian else language


def is_name(word: str) -> bool:
    """A capitalised (or quoted) word with Latvian letters ("Rēzekne", "Dzeguzīte", "Zaļā Sēta"), which says nothing of
    the query's language, unless it is a place in a case only Latvian grammar makes ("Maltā", "Portugālē", "Cēsīs":
    "job shadowing Portugālē" is a Latvian query, though its other words are English)."""
    if not (LATVIAN_LETTERS.search(word) and word.lstrip("\"'„“«(")[:1].isupper()):
        return False
    bare = word.strip("\"'„“«»()!?.,;:")
    return not (LATVIAN_CASE.search(bare) and place_term(bare.casefold()))


def reads_as_words(query: str, language: str) -> bool:
    """False for keyboard noise ("asdfgh qwerty zxcvb"): a query in Latvian, English, Russian or no language
    langdetect can tell, of which fewer than half the words are word forms of those three (ingest/words.tsv.gz, as
    the garbled-page check reads them). Other languages are not judged: the list does not know their words."""
    if language not in (*LISTED_LANGUAGES, "unknown"):
        return True
    counts = page_quality(query, language_below=-1.0)  # the language is known: not detected again
    if counts.words == 0 or 2 * (counts.known + counts.damaged) >= counts.words:
        return True
    # a word the list lacks in this form that begins as one of its words does ("молодёжного", "самоуправления" of a
    # Russian question in a Latvian collection): a word, not keys struck at random ("фывапр", "asdfgh")
    words = [word.casefold() for word in WORD.findall(query)]
    begun = sum(word in word_beginnings() or word[:WORD_BEGINNING] in word_beginnings() for word in words)
    return 2 * begun >= len(words)
