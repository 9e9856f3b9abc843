"""What a search box taught people to type: a word to leave out ("seniori -kafejnīca", "seniori NOT kafejnīca"),
words to find together, as written ("„Zaļā Sēta”", "\"kafejnīca senioriem\""), and a word's beginning ("nūjo*").

A tester's "seniori -kafejnīca" searched for the café it meant to leave out, first in all seven such queries. A word
left out drops every passage holding it (any of its forms: the index's terms). Quoted words bring the passages holding
them in a row first (their terms in a row: "kafejnīcu senioriem" and "kafejnīca ar senioriem" too, as function words
are no terms), and drop none: Latvian and Russian quote names in questions ("проекта «Европа для граждан»"), and
an answer in another language holds no such words. NOT, NE and НЕ leave out the word after them only in capitals in
a query that is not all capitals ("ne tikai" is Latvian for "not only"). A word's beginning before a star stands for
every word of the index that begins so (kb/lexical.py beginning_with): as a stem, "kafej*" had met "kafejnīca" by
chance and "nūjo*" met nothing. Only a query of SEARCH_BOX_WORDS words or fewer is read for these.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kb.analysis import ADDED, CYRILLIC, analyse, place_term

QUOTED = re.compile(r"(?:(?<=\s)|^)(-?)[\"„“«]([^\"„“”«»]+)[\"”“»]")
# a word after a minus, or after NOT, NE, НЕ in capitals (in a shouted query only after a minus); not a number ("-20 %"
# is a discount)
LEFT_OUT = re.compile(r"(?:(?<=\s)|^)(?:-|(?:NOT|NE|НЕ)\s+)([^\W\d_][\w'’-]*)")
LEFT_OUT_BY_DASH = re.compile(r"(?:(?<=\s)|^)-([^\W\d_][\w'’-]*)")
# nor the second half of words sharing a part after "and" ("Kunden- und -fragen", "veepallimeeskonnad ja -mängijad",
# as German, Estonian, Dutch, Swedish and Hungarian write them)
AND = frozenset("und and ja en és och og et y e i o a oder or un vai ir и или bzw.".split())
BEGINNING = re.compile(r"(?:(?<=\s)|^)([^\W\d_]{2,})\*(?=\s|$)")  # "nūjo*"
SEARCH_BOX_WORDS = 12  # a longer query is a sentence or a pasted paragraph: its quotes and dashes are its own


@dataclass(frozen=True)
class Operators:
    words: str  # what is searched: the query as typed, quotes too, without the words left out and their operators
    left_out: tuple[str, ...] = ()  # words or quoted words whose passages are dropped
    together: tuple[str, ...] = ()  # quoted words: the passages holding them in a row come first
    beginnings: tuple[str, ...] = ()  # "nūjo" of "nūjo*": any word beginning so


def read_operators(query: str) -> Operators:
    """The query's words, the words it leaves out and those it quotes; a query of more words than a search box's is a
    sentence or a pasted paragraph, whose quotes and dashes are its own ("Projekta "Commons" administrators ...")."""
    if len(query.split()) > SEARCH_BOX_WORDS:
        return Operators(query)
    left_out, together = [], []

    def quoted(match: re.Match) -> str:
        (left_out if match.group(1) else together).append(match.group(2).strip())
        return "" if match.group(1) else match.group()  # the model reads a quoted name as typed

    words = QUOTED.sub(quoted, query)
    shouted = not any(char.islower() for char in words)  # "KĀPĒC NE VISI": "NE" is a word
    pattern = LEFT_OUT_BY_DASH if shouted else LEFT_OUT

    def dropped(match: re.Match) -> str:
        before = match.string[: match.start()].split()
        if match.group().startswith("-") and before and before[-1].casefold() in AND:
            return match.group()
        left_out.append(match.group(1))
        return ""

    left = pattern.sub(dropped, words)
    words = " ".join(left.split()) if left_out else query  # nothing left out: the query exactly as typed
    beginnings = tuple(match.group(1) for match in BEGINNING.finditer(words))
    return Operators(words, tuple(filter(None, left_out)), tuple(filter(None, together)), beginnings)


class Wanted:
    """What a query's operators make of a passage: left out, or holding its quoted words."""

    def __init__(self, operators: Operators, as_meant: Callable[[str], str] = str) -> None:
        """as_meant: how the query's words are read (kb/query.py: "kafejnica" as "kafejnīca")."""
        self.left_out: list[list[tuple[str, ...]]] = []  # each left-out text as the ways a passage may hold it
        self.places_left_out: set[str] = set()  # "-Ludza": the passages naming the town, not "Lūdzam" of its stem
        for text in map(as_meant, operators.left_out):
            if place := place_term(text.strip().casefold()):
                self.places_left_out.add(place)
            elif readings := _readings(text):
                self.left_out.append(readings)
        self.together = [readings for text in operators.together if (readings := _readings(as_meant(text)))]

    def leaves_out(self, terms: Sequence[str]) -> bool:
        """terms: the passage's analysed terms, in order."""
        return bool(self.places_left_out.intersection(terms)) or any(_holds(terms, readings) for readings in self.left_out)

    def holds_quoted(self, terms: Sequence[str]) -> bool:
        return bool(self.together) and all(_holds(terms, readings) for readings in self.together)


def _readings(text: str) -> list[tuple[str, ...]]:
    """A few words' terms as a passage holding them may have them: a Cyrillic word without a letter only Ukrainian
    has ("допомога") as a Russian and as a Ukrainian passage reads it."""
    readings = [analyse(text, ukrainian=False), analyse(text, ukrainian=True)] if CYRILLIC.search(text) else [analyse(text)]
    return [terms for terms in dict.fromkeys(map(tuple, readings)) if terms]


def _holds(terms: Sequence[str], readings: list[tuple[str, ...]]) -> bool:
    return any(_in_a_row(terms, wanted) for wanted in readings)


def _in_a_row(terms: Sequence[str], wanted: Sequence[str]) -> bool:
    """Whether the wanted terms stand in a row in terms, the terms added for places and names aside (a word in small
    letters gives none: kb/analysis.py)."""
    terms = [term for term in terms if not term.startswith(ADDED)]
    wanted = [term for term in wanted if not term.startswith(ADDED)]
    if not wanted:
        return False
    width = len(wanted)
    first = wanted[0]
    return any(term == first and list(terms[at : at + width]) == list(wanted) for at, term in enumerate(terms))
