"""Practice cards: one per document (one per project or practice when a document holds several: ingest/sections.py),

A card gathers what the document says of itself: title, organisation, programme, project number,
the project's dates and years, where it happened (countries, places, partners), its themes, and its
key practices, recommendations and results as excerpts: the sentences that carry them, each with
its page. Every field points to the passage it was found in; nothing is written that the document does not say.

Excerpts are sentences, judged one by one (ingest/tag.py Tagger.sentence_kinds) from the sentence
windows' vectors the index already holds: an "impressions" slide's practice is a practice, the
advice beside it advice, and a slide title is never an excerpt. A short sentence takes the next
ones with it until the excerpt can stand alone. A document that has none of these (an invitation
letter) still shows its events: the sentences that give a date or a place.

Countries and places are split by role (ingest/place_roles.py): where the project happened (venues,
partners, destinations) in `countries` and `places`, names only mentioned (a funder such as "ASV
vēstniecība", a language, where migrants came from) in `mentioned_countries` and `mentioned_places`,
so browsing by country finds the projects that went there.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from pathlib import Path

import numpy as np

from ingest.dates import find_background_years, find_dates, find_project_years
from ingest.gazetteer import country_of_place, find_countries, find_places
from ingest.organisations import find_labelled_organisations, find_organisations, find_partners, partner_key
from ingest.place_roles import find_countries_by_role, find_places_by_role
from ingest.programmes import find_programmes
from ingest.project_numbers import find_project_numbers
from ingest.sections import Section, project_sections
from ingest.tag import SURE_MARGIN, SentenceKind, Tagger, TagSettings, load_taxonomy, titled_sentences
from ingest.types import Passage
from kb import boilerplate, index, vectors, windows
from kb.errors import TaxonomyError
from kb.handout import passage_check
from kb.search import KnowledgeBase
from kb.store import StoredDocument
from kb.types import PLACE_WORDS, place

KEY_KINDS = ("practice", "recommendation", "result")
PER_KIND = 4  # excerpts of each key kind on a card
EXCERPT_CHARS = 320  # a longer excerpt is cut at a word, with " …"
EXCERPT_MIN_WORDS = 10  # a shorter sentence takes the next ones with it
HEADING_MAX_WORDS = TagSettings.heading_max_words  # when the taxonomy cannot be read
FORMS_THEMES = 0.8  # a passage this much of text the collection's documents share gives its card no themes


@dataclass(frozen=True)
class Source:
    passage_id: str
    page: int | None  # the page an excerpt or a fact is on (a fact worded otherwise: the page its passage starts on) ...
    attachment: str = ""  # in an e-mail, the attachment that page is in
    page_end: int | None = None  # ... and the last one, when a page break cuts it (such a fact: its passage's last)
    passage_check: str = ""  # of the passage's text (kb.handout.passage_check): a handout finds it again by it
    sheet: str | None = None  # in a spreadsheet, the sheet its rows (page, page_end) are on

    def place(self, file_type: str, words: Mapping[str, str] = PLACE_WORDS) -> str:
        """'attachment programma.pdf, pp. 1-2', 'p. 3', 'slide 3', 'row 4' or '': where in a file of this type (its
        card's) it is."""
        return place(file_type, self.attachment, self.page, self.page_end, words, self.sheet)


@dataclass(frozen=True)
class Fact:
    """A value and the passage it was read from."""

    value: str
    source: Source


@dataclass(frozen=True)
class Excerpt:
    text: str
    kind: str
    themes: tuple[str, ...]  # the passage's
    source: Source
    start: int | None = None  # character offsets of the excerpt in its passage's text
    end: int | None = None


@dataclass
class Card:
    doc_id: str
    file: str
    title: Fact
    file_type: str = ""  # its document's: a deck's excerpts are cited by their slides (Source.place)
    organisation: Fact | None = None
    programme: Fact | None = None
    project_number: Fact | None = None
    dates: list[Fact] = field(default_factory=list)  # written-out dates: 21.-22.11.2016, 2016.gada 6.jūlijs
    years: list[Fact] = field(default_factory=list)  # the project's years, not every year the text names
    countries: list[Fact] = field(default_factory=list)  # where the project happened
    places: list[Fact] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)  # by how many of its passages carry them
    practices: list[Excerpt] = field(default_factory=list)
    recommendations: list[Excerpt] = field(default_factory=list)
    results: list[Excerpt] = field(default_factory=list)
    events: list[Excerpt] = field(default_factory=list)  # sentences giving an event's date or place
    partners: list[Fact] = field(default_factory=list)  # as the text names them
    mentioned_countries: list[Fact] = field(default_factory=list)  # funders, languages, origins: not where it happened
    mentioned_places: list[Fact] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)

    def where_and_when(self, name: Callable[[str], str] = str) -> list[str]:
        """Its countries and places (each as name gives it: in the reader's language), then its dates (or, without
        dates, its years): one line of a card."""
        return [name(fact.value) for fact in self.countries + self.places] + [fact.value for fact in self.dates or self.years]


def practice_cards(knowledge_base: KnowledgeBase) -> list[Card]:
    judge = SentenceJudge.of(knowledge_base)
    shared = knowledge_base.shared_text
    cards = []
    for document in knowledge_base.store.documents():
        passages = knowledge_base.store.passages_of(document.doc_id)
        if not passages:
            continue
        rows = dict(zip((p.passage_id for p in passages), knowledge_base.store.rows_of(document.doc_id)))
        keys = {p.passage_id: boilerplate.sentence_keys(p.text) if shared else [] for p in passages}
        if shared and all(boilerplate.printed(p.text, shared, keys[p.passage_id]) for p in passages):
            continue  # an empty form: the printed questions every filled one holds
        sentences = {p.passage_id: _own(p, judge(p, rows[p.passage_id]), shared, keys[p.passage_id]) for p in passages}
        # a passage mostly of a form's printed text (a short answer among its questions) has the form's themes
        forms_text = {p.passage_id for p in passages
                      if boilerplate.shared_share(p.text, 0, len(p.text), shared, keys[p.passage_id]) >= FORMS_THEMES}
        for section in project_sections(passages, document.info.project_numbers):
            file = document.sources[0] if document.sources else ""  # the files table is the ingest report
            cards.append(_card(document, file, section, sentences, forms_text))
    return cards


class SentenceJudge:
    """The kind of each sentence of a stored passage, from the index's window vectors and tag centroids.

    Without them (an index written before windows, or tagged with another taxonomy than today's file),
    every sentence has its passage's kind."""

    def __init__(self, tagger: Tagger | None, generation: Path | None = None) -> None:
        self.tagger = tagger
        if tagger is not None and generation is not None:
            self.owners, self.spans = windows.load_owners(generation)
            self.vectors = vectors.load_vectors(generation, vectors.WINDOWS)

    @classmethod
    def of(cls, knowledge_base: KnowledgeBase) -> SentenceJudge:
        generation, manifest = knowledge_base.generation, knowledge_base.manifest
        try:
            taxonomy = load_taxonomy()
        except TaxonomyError:
            return cls(None)
        current = manifest.get("tagging", {}).get("taxonomy") == taxonomy.fingerprint
        if not current or "windows" not in manifest or not (generation / index.TAG_CENTROIDS_FILE).exists():
            return cls(None)
        centroids = np.load(generation / index.TAG_CENTROIDS_FILE, allow_pickle=False)
        return cls(Tagger(taxonomy, centroids=centroids, kind_layer=False), generation)  # sentences never use the layer

    def __call__(self, passage: Passage, row: int) -> list[SentenceKind]:
        if self.tagger is None:
            return _passage_kind_sentences(passage, HEADING_MAX_WORDS)
        [(first, end)] = windows.runs(self.owners, [row])
        if end == first:
            return _passage_kind_sentences(passage, HEADING_MAX_WORDS)
        spans = [(int(s), int(e)) for s, e in self.spans[first:end]]
        return self.tagger.sentence_kinds(passage.text, passage.heading, spans, np.asarray(self.vectors[first:end]), passage.kind)


def _own(passage: Passage, judged: list[SentenceKind], shared: frozenset[str], keys: boilerplate.Keys) -> list[SentenceKind]:
    """The judged sentences, those of text the collection's documents share (a form's printed questions and
    instructions, a funder's disclaimer: kb/boilerplate.py) as titles: never a card's excerpt, nor taken into one.
    keys: the passage's sentence keys."""
    if not shared:
        return judged
    return [replace(s, kind="title") if boilerplate.shared_share(passage.text, s.start, s.end, shared, keys) >= boilerplate.MOSTLY
            else s for s in judged]  # fmt: skip


def _passage_kind_sentences(passage: Passage, max_words: int) -> list[SentenceKind]:
    """Without window vectors: titles are still titles, every other sentence has its passage's kind."""
    return [
        SentenceKind(start, end, passage.kind if title is not None else "title", SURE_MARGIN)  # as sure as the passage
        for start, end, title in titled_sentences(passage.text, passage.heading, max_words)
    ]


def _card(
    document: StoredDocument, file: str, section: Section, sentences: dict[str, list[SentenceKind]], forms_text: set[str]
) -> Card:
    project, passages = section.project, section.passages
    first = _source(passages[0])
    heading, title = passages[0].heading, document.info.title
    if section.organisation and heading and not find_labelled_organisations(heading):
        title = f"{title}: {heading}"  # a compendium's practice: "Kompendijs 2024: 3.4. Ciema kopsapulču tradīcija"
    card = Card(document.doc_id, file, Fact(title, first), document.file_type)
    card.partners = _all(passages, find_partners, key=partner_key)
    partners = [fact.value for fact in card.partners]  # "Partneris: MTÜ Käsitöö Kool" is not the author...
    named = lambda name: any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", partner) for partner in partners)  # noqa: E731
    if section.organisation:  # named under its label ("Organizācija: Kylätoiminta ry")
        card.organisation = _first(passages, lambda text: [o for o in find_labelled_organisations(text, True)
                                                           if o == section.organisation])  # fmt: skip
    if card.organisation is None:
        card.organisation = _first(passages, lambda text: [o for o in find_organisations(text) if not named(o)])
    if card.organisation is None:  # ... but a Latvian association listed among its own project's partners is
        card.organisation = _first(passages, lambda text: find_organisations(text, foreign=False))
    card.programme = _first(passages, find_programmes)
    if project:
        card.project_number = _first(passages, lambda text: [n for n in find_project_numbers(text) if n == project])
    if card.project_number and (by_number := find_programmes(card.project_number.value)):
        card.programme = Fact(by_number[0], card.project_number.source)  # not a Nordplus application turned down before
    card.dates = _all(passages, find_dates)
    card.years = _all(passages, lambda text: find_project_years(text, project))
    if not card.years:  # no dates and no number: the years the text names, but not a foundation year
        card.years = _all(passages, find_background_years)
    card.years.sort(key=lambda fact: fact.value)
    countries, places = cache(find_countries_by_role), cache(find_places_by_role)
    card.countries = _all(passages, lambda text: countries(text)[0])
    card.mentioned_countries = _all(passages, lambda text: countries(text)[1])
    card.places = _all(passages, lambda text: places(text)[0])
    card.mentioned_places = _all(passages, lambda text: places(text)[1])
    named = {fact.value for fact in card.countries}  # the countries of the places it happened in, where the text names none
    for venue in card.places:
        country = country_of_place(venue.value)
        if country and country not in named:
            card.countries.append(Fact(country, venue.source))
            named.add(country)
    where = {fact.value for fact in card.countries + card.places}
    card.mentioned_countries = [f for f in card.mentioned_countries if f.value not in where]
    card.mentioned_places = [f for f in card.mentioned_places if f.value not in where]
    own = [passage for passage in passages if passage.passage_id not in forms_text] or passages
    counts = Counter(theme for passage in own for theme in passage.themes)
    card.themes = [theme for theme, _ in counts.most_common()]
    candidates = [excerpt for p in passages for excerpt in _excerpts(p, sentences.get(p.passage_id, []))]
    for kind, excerpts in zip(KEY_KINDS, (card.practices, card.recommendations, card.results)):
        excerpts += _choose([c for c in candidates if c[1].kind == kind], PER_KIND)
    card.events = _choose([c for c in candidates if c[1].kind == "event" and _dated_or_placed(c[1].text)], PER_KIND)
    return card


def _excerpts(passage: Passage, judged: list[SentenceKind]) -> list[tuple[float, Excerpt]]:
    """Each judged sentence of a key kind or an event, as an excerpt that can stand alone, with its margin."""
    found = []
    for number, sentence in enumerate(judged):
        if not _quotable(sentence) or PERSONAL_CODE.search(passage.text, sentence.start, sentence.end):
            continue
        end, words = sentence.end, len(passage.text[sentence.start : sentence.end].split())
        for following in judged[number + 1 :]:
            if words >= EXCERPT_MIN_WORDS or following.kind == "title" or _quotable(following):
                break  # a short sentence that took a quotable one with it pushed that one off the card
            end, words = following.end, words + len(passage.text[following.start : following.end].split())
        end = _before_heading(passage, sentence.start, end)
        text = _excerpt(passage.text[sentence.start : end])
        if (without := _without_contacts(text)) is None and sentence.kind != "event":  # an invitation's contact stays
            continue
        text = without or text
        source = _source(passage, *passage.pages_of(sentence.start, end))
        found.append((sentence.margin, Excerpt(text, sentence.kind, passage.themes, source, sentence.start, end)))
    return found


def _quotable(sentence: SentenceKind) -> bool:
    return sentence.kind in (*KEY_KINDS, "event") and sentence.margin >= SURE_MARGIN


# A person's identity number (a Latvian personal code, 120390-12345): a sentence holding one is about someone, never a
# practice, and a card would show it to everyone who browses (an invitation's contact e-mail and phone stay: its event)
PERSONAL_CODE = re.compile(r"(?<![\w-])\d{6}-\d{5}(?![\w-])")  # 120390-12345; since 2017 also 32xxxx-xxxxx


# A person's e-mail address or phone number (Latvian: 8 digits from 2 or 6, +371 perhaps): a survey's row holds its
# respondent's beside their answer
CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|(?<![\w+])(?:\+371 ?)?[26]\d{7}(?!\d)")


def _without_contacts(text: str) -> str | None:
    """A practice, advice or result as a card may show it: a table row's cells holding an e-mail address or a phone
    number left out ("E-pasts: anna@example.lv; Ko darītu citādi: ..." -> "Ko darītu citādi: ..."); None for a
    sentence that holds one (it is about someone, or how to reach them)."""
    if not CONTACT.search(text):
        return text
    cells = text.split("; ")
    kept = [cell for cell in cells if not CONTACT.search(cell)]
    return "; ".join(kept) if len(cells) > 1 and kept else None


def _before_heading(passage: Passage, start: int, end: int) -> int:
    """Where a sentence ends that runs into its passage's heading: a slide's title printed at the foot of its page is
    read after the page's last line, and joins it when that line ends mid-sentence ("... lai Eiropa atveseļotos,
    Spilgtākie iespaidi.")."""
    heading = " ".join(passage.heading.split())
    if len(heading.split()) < 2:  # one word ("Ieteikumi") may be a word of the sentence
        return end
    spaced = r"\s+".join(map(re.escape, heading.split()))
    inside = re.search(rf"(?<=[\w,;:)])\s+{spaced}", passage.text[start : end + len(passage.heading)])
    return start + inside.start() if inside and start + inside.start() < end else end


def _choose(candidates: list[tuple[float, Excerpt]], count: int) -> list[Excerpt]:
    """The surest excerpts, one per passage first, then a second, then any; none overlapping another; in document
    order (a one-passage list of four pieces of advice showed two)."""
    chosen: list[Excerpt] = []
    for per_passage in (1, 2, count):
        for _, excerpt in sorted(candidates, key=lambda c: -c[0]):
            same_passage = [e for e in chosen if e.source.passage_id == excerpt.source.passage_id]
            overlaps = any(e.start < excerpt.end and excerpt.start < e.end for e in same_passage)  # type: ignore[operator]
            if len(chosen) < count and len(same_passage) < per_passage and not overlaps:
                chosen.append(excerpt)
    position = {id(excerpt): i for i, (_, excerpt) in enumerate(candidates)}
    return sorted(chosen, key=lambda excerpt: position[id(excerpt)])


def _dated_or_placed(text: str) -> bool:
    return bool(find_dates(text) or find_places(text) or find_countries(text))


def _source(passage: Passage, first: int | None = None, last: int | None = None) -> Source:
    """The passage, cited by the pages first..last of it, or by all of its pages."""
    if first is None:
        first, last = passage.page_start, passage.page_end
    return Source(passage.passage_id, first, passage.attachment, last, passage_check(passage.text), passage.sheet)


def _first(passages: list[Passage], find: Callable[[str], list]) -> Fact | None:
    for passage in passages:
        found = find(passage.text)
        if found:
            return _fact(passage, str(found[0]))
    return None


def _all(passages: list[Passage], find: Callable[[str], list], key: Callable[[str], str] = str) -> list[Fact]:
    facts: dict[str, Fact] = {}
    for passage in passages:
        for value in find(passage.text):
            facts.setdefault(key(str(value)), _fact(passage, str(value)))
    return list(facts.values())


def _fact(passage: Passage, value: str) -> Fact:
    """The value, cited by the page of the passage it is written on as it is ("ESTO", "2024"); by the passage's pages
    when the text words it otherwise ("Portugal" from "Portugālē")."""
    written = re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", passage.text)  # not "2023" of "2023-1-LV01-..."
    return Fact(value, _source(passage, *passage.pages_of(*written.span())) if written else _source(passage))


def _excerpt(text: str) -> str:
    text = " ".join(text.split()).lstrip("-–•*· ")
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
