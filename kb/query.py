"""A query as its writer meant it, before it is searched: a shouted query in small letters, and Latvian typed without
its diacritics ("sadarbiba ar pasvaldibu", as people type on a phone or an English keyboard) written with them.

The model reads "pasvaldibu" as other tokens than "pašvaldību", langdetect takes it for Indonesian, and the Latvian
stemmer needs the diacritics: such a query lost its answer on both legs. Each word is given back its diacritics from
the Latvian word forms the garbled-page check reads (ingest/words.tsv.gz: of the forms that fold alike, the most
frequent that ends as typed), but only when half the query's words or more have such a form: an English question
naming "Kraslava" stays English.
"""

from __future__ import annotations

import gzip
import re
from functools import cache, lru_cache

from ingest.quality import WORDS_FILE, fold

WORD = re.compile(r"[^\W\d_]{2,}")
PLAIN_WORD = re.compile(r"(?<![\w-])[^\W\d_]{2,}(?![\w-])")  # a word standing alone, not part of a code
LATVIAN_DIACRITICS = re.compile(r"[āčēģīķļņšūž]", re.I)
SHOUTED_WORDS = 3  # a query of this many words or more in capitals is shouted; fewer are acronyms ("ESTO KA1")


@lru_cache(maxsize=256)
def as_meant(query: str) -> str:
    """The query with shouting lowered and Latvian diacritics given back where it was typed without them."""
    return with_diacritics(lowered_if_shouted(query))


def lowered_if_shouted(query: str) -> str:
    """'HOW CAN A MOBILITY BE MADE ACCESSIBLE?' -> in small letters: langdetect took such queries for German or
    Somali, and the model reads capitals as other tokens."""
    words = PLAIN_WORD.findall(query)  # not a project number's "LV01", "KA122", "ADU"
    if len(words) >= SHOUTED_WORDS and all(word.isupper() for word in words):
        return query.lower()
    return query


def with_diacritics(query: str) -> str:
    """Latvian words typed without diacritics written with them, when half the query's words or more are such. Names
    are left as typed and not counted: capitalised words but a sentence's first (a capital alone, "Ludza", or before
    another, "Janis Berzins", is a name too): "Ludza" is a town, "lūdza" a verb."""
    if LATVIAN_DIACRITICS.search(query):
        return query  # typed with its diacritics
    written = written_forms()
    first = WORD.search(query)
    following = WORD.search(query, first.end()) if first else None
    # "Sadarbiba ar ...": a sentence's capital; not a name alone ("Ludza") or a name's first part ("Janis Berzins")
    opening = first.group() if first and first.group()[1:].islower() and following and following.group().islower() else ""
    words = [word for word in WORD.findall(query) if word.islower() or word == opening]
    restorable = [word for word in words if word.lower() in written]
    if not restorable or 2 * len(restorable) < len(words):
        return query

    def restored(match: re.Match) -> str:
        word = match.group()
        if word.islower():
            return written.get(word, word)
        if word == opening and match.start() == first.start() and word.lower() in written:
            return written[word.lower()].capitalize()
        return word

    return WORD.sub(restored, query)


def english_and_latvian_words(text: str) -> tuple[int, int, int]:
    """How many of the text's words (not parts of codes, nor in capitals: "KA210", "DROP TABLE") are English word forms
    and not Latvian ones, how many the other way round (typed with or without diacritics), and how many words there are."""
    english, latvian = _english_and_latvian_forms()
    words = [word.casefold() for word in PLAIN_WORD.findall(text) if not word.isupper()]
    return (sum(word in english and word not in latvian for word in words),
            sum(word in latvian and word not in english for word in words), len(words))  # fmt: skip


@cache
def _english_and_latvian_forms() -> tuple[frozenset[str], frozenset[str]]:
    forms = listed_forms()
    return frozenset(forms["en"]), frozenset(forms["lv"]) | {fold(word) for word in forms["lv"]}


@cache
def listed_forms() -> dict[str, tuple[str, ...]]:
    """The word list's forms per language ("lv", "en", "ru"), in small letters, the most frequent first."""
    forms: dict[str, list[str]] = {}
    with gzip.open(WORDS_FILE, "rt", encoding="utf-8") as lines:
        section = ""
        for line in lines:
            if line.startswith("#"):
                section = line.strip("# \n")
                continue
            forms.setdefault(section, []).append(line.split("\t", 1)[0].rstrip("\n"))
    return {language: tuple(words) for language, words in forms.items()}


@cache
def written_forms() -> dict[str, str]:
    """Latvian word forms with diacritics by their form without them ('pasvaldibu' -> 'pašvaldību'), the most frequent
    of those that fold alike and end as typed; not where the form without diacritics is a word too ('ka' and 'kā')."""
    forms: dict[str, list[str]] = {}
    plain = set()
    for word in listed_forms()["lv"]:
        if word.isascii():
            plain.add(word)
        else:
            forms.setdefault(fold(word), []).append(word)
    # the ending as typed: "sadarbiba" is more often "sadarbība" than the more frequent "sadarbībā" (a case ending's
    # long vowel is what people leave out least knowingly)
    return {
        folded: next((word for word in words if word[-1] == folded[-1]), words[0])
        for folded, words in forms.items()
        if folded not in plain
    }
