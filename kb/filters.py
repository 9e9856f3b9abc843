"""The search filters, each declared once: the store, search, facets, the CLI and the app read this list.

To add a filter, add a Filter below and its label (the `label` key) to every language in ui/labels.py.
`where` is an SQL condition on a passage `p` joined with its document `d`, with `{marks}` where the
chosen values go (a filter with several values accepts any of them); `facet` returns each value and
the number of passages it selects among those `{where}` (the other filters' conditions) keeps; it holds no other
braces (it is filled with str.format). A store an older kb wrote lacks the newest columns: kb/store.py
Store._in_this_store puts what stands for them there (`p.kinds`: the passage's own kind).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ingest.gazetteer import find_countries
from ingest.tag import KIND_IDS, THEME_IDS
from kb.analysis import fold


@dataclass(frozen=True)
class Filter:
    name: str  # keyword of KnowledgeBase.search and key of facets(): "languages"
    option: str  # CLI option (--lang) and URL parameter (?lang=)
    label: str  # key of the filter's name in ui.labels.LABELS
    where: str
    facet: str
    help: str  # the CLI option's help
    value_type: type = str
    choices: tuple[str, ...] = ()  # the only values allowed (taxonomy ids), shown by their names in the app
    folded: bool = False  # values compared without case and diacritics ("balkanu zieds" finds "Balkānu zieds")
    typed: bool = False  # a long list of values becomes a box to type in (the app)
    canonical: Callable[[str], str] | None = None  # a value as stored, from any way of writing it

    def condition(self, values: Sequence) -> tuple[str, list]:
        if self.canonical:
            values = [self.canonical(str(v)) for v in values]
        # a name typed on one system, stored from another: "Pārskats" composed (NFC) or decomposed (NFD, macOS)
        if self.folded:
            values = list(dict.fromkeys(fold(str(v)) for v in values))
        else:
            values = list(dict.fromkeys(form for v in values for form in _unicode_forms(v)))
        marks = ",".join("?" * len(values))
        return self.where.format(marks=marks), values * self.where.count("{marks}")


def _unicode_forms(value):
    if not isinstance(value, str):
        return [value]
    return [value, unicodedata.normalize("NFC", value), unicodedata.normalize("NFD", value)]


# codes people write for a language that are not its ISO 639-1 code: Ukraine's "ua", the three-letter ones
LANGUAGE_CODES = {"ua": "uk", "ukr": "uk", "lav": "lv", "rus": "ru", "eng": "en", "lit": "lt", "est": "et"}
PASSAGES = "passages p JOIN documents d USING (doc_id)"  # what every condition and facet reads
FILE_NAME = "substr(source, length(rtrim(source, replace(source, '/', ''))) + 1)"  # "corpus/a.pdf" -> "a.pdf"


def _list_column(column: str, folded: bool = False) -> tuple[str, str]:
    """A document's JSON list (organisations, years): the condition and facet for one of its values."""
    value = "fold(value)" if folded else "value"  # kb.store registers fold for every connection
    where = f"EXISTS (SELECT 1 FROM json_each(d.{column}) WHERE {value} IN ({{marks}}))"
    facet = (
        f"SELECT j.value, count(*) FROM {PASSAGES}, json_each(d.{column}) j "
        "WHERE {where} GROUP BY j.value ORDER BY 2 DESC, 1"
    )
    return where, facet


FILTERS = (
    Filter(
        "languages", "lang", "language",
        where="p.language IN ({marks})",
        facet=f"SELECT p.language, count(*) FROM {PASSAGES} WHERE {{where}} GROUP BY 1 ORDER BY 2 DESC, 1",
        help="Only passages in this language (ISO code, repeatable).",
        folded=True,  # "LV" as "lv"
        canonical=lambda typed: LANGUAGE_CODES.get(typed.casefold(), typed),
    ),
    Filter(
        "documents", "doc", "document",
        where="(p.doc_id IN ({marks}) OR p.doc_id IN (SELECT doc_id FROM files WHERE source IN ({marks}) OR path IN ({marks})"
        f" OR {FILE_NAME} IN ({{marks}})))",
        facet="SELECT (SELECT min(source) FROM files f WHERE f.doc_id = p.doc_id), count(*) "
        f"FROM {PASSAGES} WHERE {{where}} GROUP BY p.doc_id ORDER BY 1",
        help="Only this document: its file name, its path as ingested, or its document id (repeatable).",
        typed=True,
    ),
    Filter(
        "organisations", "org", "organisation", *_list_column("organisations", folded=True),
        help="Only documents naming this organisation (repeatable; case and diacritics do not matter).",
        folded=True, typed=True,
    ),
    Filter(
        "years", "year", "year", *_list_column("years"),
        help="Only documents mentioning this year (repeatable).",
        value_type=int,
    ),
    Filter(
        "countries", "country", "country", *_list_column("countries"),
        help="Only documents of a project in this country, in any language (repeatable): where it happened, its "
        "venues, partners and destinations, not a funder's or a mentioned one.",
        canonical=lambda typed: next(iter(find_countries(typed)), typed),  # "Portugāle", "Португалия": "Portugal"
    ),
    Filter(
        "themes", "theme", "theme",
        where="EXISTS (SELECT 1 FROM json_each(p.themes) WHERE value IN ({marks}))",
        facet=f"SELECT j.value, count(*) FROM {PASSAGES}, json_each(p.themes) j WHERE {{where}} GROUP BY 1 ORDER BY 2 DESC, 1",
        help="Only passages on this theme (repeatable).",
        choices=THEME_IDS,
    ),
    Filter(
        "kinds", "kind", "kind",
        # a passage has the kinds its sentences surely carry: a merged deck's lessons slide is advice among context
        where="EXISTS (SELECT 1 FROM json_each(p.kinds) WHERE value IN ({marks}))",
        facet=f"SELECT j.value, count(*) FROM {PASSAGES}, json_each(p.kinds) j WHERE j.value != '' AND ({{where}}) "
        "GROUP BY 1 ORDER BY 2 DESC, 1",
        help="Only passages holding this kind of knowledge (repeatable).",
        choices=KIND_IDS,
    ),
)  # fmt: skip
BY_NAME = {f.name: f for f in FILTERS}


def check_names(chosen: Mapping[str, Sequence]) -> None:
    unknown = set(chosen) - set(BY_NAME)
    if unknown:
        raise TypeError(f"unknown filter {sorted(unknown)}: the filters are {list(BY_NAME)}")


def where_clause(chosen: Mapping[str, Sequence]) -> tuple[str, list]:
    """The SQL condition for every filter given values, with its parameters ("1" when none is)."""
    check_names(chosen)
    clauses, parameters = [], []
    for name, values in chosen.items():
        if values:
            clause, bound = BY_NAME[name].condition(list(values))
            clauses.append(clause)
            parameters += bound
    return " AND ".join(clauses) or "1", parameters
