"""What a search box taught people to type: a word to leave out ("seniori -kafejnīca", "seniori NOT kafejnīca") and
words to find together, as written ("„Zaļā Sēta”", "\"kafejnīca senioriem\"").

A tester's "seniori -kafejnīca" searched for the café it meant to leave out, first in all seven such queries. A word
left out drops every passage holding it (any of its forms: the index's terms); quoted words keep only the passages
holding them in a row (their terms in a row: "kafejnīcu senioriem" and "kafejnīca ar senioriem" too, as function words
are no terms). NOT, NE and НЕ leave out the word after them only in capitals in a query that is not all capitals
("ne tikai" is Latvian for "not only").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kb.analysis import PLACE, analyse

QUOTED = re.compile(r"(?:(?<=\s)|^)(-?)[\"„“«]([^\"„“”«»]+)[\"”“»]")
LEFT_OUT = re.compile(r"(?:(?<=\s)|^)(?:-|(?:NOT|NE|НЕ)\s+)([^\W\d_][\w'’-]*)")  # "-20 %" is a discount, not a word
LEFT_OUT_BY_DASH = re.compile(r"(?:(?<=\s)|^)-([^\W\d_][\w'’-]*)")


@dataclass(frozen=True)
class Operators:
    words: str  # what is searched: the query without the words left out and the operators
    left_out: tuple[str, ...] = ()  # words or quoted words whose passages are dropped
    together: tuple[str, ...] = ()  # quoted words a passage must hold in a row


def read_operators(query: str) -> Operators:
    """The query's words, the words it leaves out and those it quotes."""
    left_out, together = [], []

    def quoted(match: re.Match) -> str:
        (left_out if match.group(1) else together).append(match.group(2).strip())
        return "" if match.group(1) else match.group(2)

    words = QUOTED.sub(quoted, query)
    shouted = not any(char.islower() for char in words)  # "KĀPĒC NE VISI": "NE" is a word
    pattern = LEFT_OUT_BY_DASH if shouted else LEFT_OUT

    def dropped(match: re.Match) -> str:
        left_out.append(match.group(1))
        return ""

    words = " ".join(pattern.sub(dropped, words).split())
    return Operators(words, tuple(filter(None, left_out)), tuple(filter(None, together)))


class Wanted:
    """Tells whether a passage's text is wanted by a query's operators."""

    def __init__(self, operators: Operators, as_meant: Callable[[str], str] = str) -> None:
        """as_meant: how the query's words are read (kb/query.py: "kafejnica" as "kafejnīca")."""
        self.left_out = [terms for text in operators.left_out if (terms := analyse(as_meant(text)))]
        self.together = [terms for text in operators.together if (terms := analyse(as_meant(text)))]

    def __bool__(self) -> bool:
        return bool(self.left_out or self.together)

    def __call__(self, terms: Sequence[str]) -> bool:
        """terms: the passage's analysed terms, in order."""
        return all(_in_a_row(terms, wanted) for wanted in self.together) and not any(
            _in_a_row(terms, unwanted) for unwanted in self.left_out
        )


def _in_a_row(terms: Sequence[str], wanted: Sequence[str]) -> bool:
    """Whether the wanted terms stand in a row in terms, places' own terms aside (a word's form in small letters
    gives none: kb/analysis.py place_term)."""
    terms = [term for term in terms if not term.startswith(PLACE)]
    wanted = [term for term in wanted if not term.startswith(PLACE)]
    if not wanted:
        return False
    width = len(wanted)
    first = wanted[0]
    return any(term == first and list(terms[at : at + width]) == list(wanted) for at, term in enumerate(terms))
