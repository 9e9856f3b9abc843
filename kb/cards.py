"""Practice cards: one per document (one per project when a document names several), built by extraction.

A card gathers what the document says of itself: title, organisation, programme, project number,
dates, countries and places, its themes, and its key practices, recommendations and results as
short excerpts. Every field points to the passage (and page) it was found in; nothing is written
that the document does not say.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from ingest import metadata
from ingest.types import Passage
from kb.search import KnowledgeBase

KEY_KINDS = ("practice", "recommendation", "result")
PER_KIND = 4  # excerpts of each key kind on a card
EXCERPT_CHARS = 240


@dataclass(frozen=True)
class Source:
    passage_id: str
    page: int | None


@dataclass(frozen=True)
class Fact:
    """A value and the passage it was read from."""

    value: str
    source: Source


@dataclass(frozen=True)
class Excerpt:
    text: str
    kind: str
    themes: tuple[str, ...]
    source: Source


@dataclass
class Card:
    doc_id: str
    file: str
    title: Fact
    organisation: Fact | None = None
    programme: Fact | None = None
    project_number: Fact | None = None
    dates: list[Fact] = field(default_factory=list)  # written-out dates: 21.-22.11.2016, 2016.gada 6.jūlijs
    years: list[Fact] = field(default_factory=list)
    countries: list[Fact] = field(default_factory=list)
    places: list[Fact] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)  # by how many of its passages carry them
    practices: list[Excerpt] = field(default_factory=list)
    recommendations: list[Excerpt] = field(default_factory=list)
    results: list[Excerpt] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def practice_cards(knowledge_base: KnowledgeBase) -> list[Card]:
    cards = []
    for document in knowledge_base.store.documents():
        passages = knowledge_base.store.passages_of(document.doc_id)
        if not passages:
            continue
        for project, part in _by_project(passages, document.info.project_numbers):
            file = document.sources[0] if document.sources else ""  # the files table is the ingest report
            cards.append(_card(document.doc_id, file, document.info.title, project, part))
    return cards


def _by_project(passages: list[Passage], numbers: Sequence[str]) -> list[tuple[str | None, list[Passage]]]:
    """A document is cut where a section opens with another project's number (in its heading or first line).

    A number mentioned in passing ("our earlier projects: ...") does not start a card of its own.
    """
    parts: list[tuple[str | None, list[Passage]]] = [(numbers[0] if numbers else None, [])]
    for passage in passages:
        opening = passage.heading + "\n" + passage.text.strip().split("\n", 1)[0]
        named = [n for n in metadata.find_project_numbers(opening) if n != parts[-1][0]]
        if named and parts[-1][1]:
            parts.append((named[0], []))
        parts[-1][1].append(passage)
    return parts


def _card(doc_id: str, file: str, title: str, project: str | None, passages: list[Passage]) -> Card:
    first = _source(passages[0])
    card = Card(doc_id, file, Fact(title, first))
    card.organisation = _first(passages, metadata.find_organisations)
    card.programme = _first(passages, metadata.find_programmes)
    if project:
        card.project_number = _first(passages, lambda text: [n for n in metadata.find_project_numbers(text) if n == project])
    card.dates = _all(passages, metadata.find_dates)
    card.years = _all(passages, metadata.find_years)
    card.countries = _all(passages, metadata.find_countries)
    card.places = _all(passages, metadata.find_places)
    counts = Counter(theme for passage in passages for theme in passage.themes)
    card.themes = [theme for theme, _ in counts.most_common()]
    for kind, excerpts in zip(KEY_KINDS, (card.practices, card.recommendations, card.results)):
        chosen = [p for p in passages if p.kind == kind][:PER_KIND]
        excerpts += [Excerpt(_excerpt(p.text), kind, p.themes, _source(p)) for p in chosen]
    return card


def _source(passage: Passage) -> Source:
    return Source(passage.passage_id, passage.page_start)


def _first(passages: list[Passage], find: Callable[[str], list]) -> Fact | None:
    for passage in passages:
        found = find(passage.text)
        if found:
            return Fact(str(found[0]), _source(passage))
    return None


def _all(passages: list[Passage], find: Callable[[str], list]) -> list[Fact]:
    facts: dict[str, Fact] = {}
    for passage in passages:
        for value in find(passage.text):
            facts.setdefault(str(value), Fact(str(value), _source(passage)))
    return list(facts.values())


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
