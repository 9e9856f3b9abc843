"""Tag passages with themes (any number) and one knowledge kind, from the editable ingest/taxonomy.json.

Each label (a theme or a kind) scores a passage with three signals, added up:
- meaning: the cosine of the passage's vector to the label's prototypes (its descriptions in
  Latvian, English and Russian and its short example passages), minus the mean over the labels
  of its family, times similarity_scale;
- cue words: distinct cue words, phrases and patterns of the label found in the text, each worth
  cue_weight, at most cue_cap of them;
- headings, kinds only: heading_weight when the passage's heading or one of its short,
  heading-like lines holds a heading cue ("Ieteikumi projektu rakstītājiem" -> recommendation).
A passage gets every theme scoring at least theme_threshold (the best max_themes; its best theme needs only
first_theme_threshold, so a passage about one thing in words the cues miss still gets it) and the kind
that scores best, unless the kind layer fits: a small trained layer (TrainedLayer: a linear score per kind
over the passage's vector and the kind signal scores, fitted on eval/tags/train.jsonl by
scripts/train_kinds.py, ingest/kind_layer.npz) that chooses the kind when the taxonomy's kinds and the
model are the ones it was trained with (kind accuracy on the dev and held-out sets 0.904 -> 0.926; a theme
layer trained the same way lost there: docs/tagging.md); a heading's kind cue still counts on top of it.
The passages' vectors are an input: only the taxonomy's own texts are embedded, once per Tagger, so a
changed taxonomy re-tags an index without re-embedding it.

Tagger.sentence_kinds judges the kind of each sentence of a passage the same way, from the vector of
the sentence window that starts at it (ingest/windows.py: stored in the index, so nothing is embedded
again), its own cue words, the title it sits under and, with passage_kind_weight, its passage's kind:
a practice on an "impressions" slide is found as a practice, the advice on it as advice.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np

from ingest.dates import names_a_day
from ingest.embed import Embedder, embed_texts
from ingest.filetypes import SUPPORTED_SUFFIXES
from ingest.types import BYLINE
from ingest.windows import sentence_spans
from kb.errors import TaxonomyError

TAXONOMY_PATH = Path(__file__).with_name("taxonomy.json")
KIND_LAYER_PATH = Path(__file__).with_name("kind_layer.npz")
SAME_MODEL_COSINE = 0.9  # a kind centroid this close to the layer's own comes from the same model
LAYER_USE = 2  # raise when Tagger.tag uses the layer's scores differently (2: heading cues on top): indexes are re-tagged
THEME_IDS = (
    "social-inclusion", "migrant-refugee-integration", "partnerships", "municipality-cooperation", "community-spaces",
    "volunteering", "seniors-active-ageing", "youth", "education-methods", "culture-traditions", "local-development",
    "civic-participation", "funding-management",
)  # fmt: skip
KIND_IDS = ("practice", "recommendation", "result", "context", "event", "profile")
WORD = re.compile(r"\w+")
COMBINING_MARKS = dict.fromkeys(range(0x300, 0x370))  # what NFKD splits off Latin and Cyrillic letters
BULLET = re.compile(r"^\s*(?:[-–•*·]|\d+[.)])")
# "Dalībnieki: 4 biedri", "Ieteikums: sāciet agri", "Projekta mērķa grupa: jaunieši": a label and its value (after a
# longer label, a number or one word in small letters); not "Darba ēnošana Grieķijā: bēgļu integrācija" or
# "Pieredzes apmaiņa Portugālē: Lisabona", titles
FACT = re.compile(r"^[^\W\d]+(?:(?:\s+[^\W\d]+)?\s*:\s*\w|(?:\s+[^\W\d]+){2,3}\s*:\s*(?:\d|(?-i:[a-zāčēģīķļņšūžа-яё])\S*\s*$))")

# A line that says what must be done is advice, not a title: "Dzīvokli brīvprātīgajiem jāatrod vismaz mēnesi pirms
# ierašanās", a slide's bullet (a slide's bullets carry no mark in the text)
OBLIGATION = re.compile(r"(?i)(?<!\w)(?:jā[a-zāčēģīķļņšūž]{3,}|must|should|нужно|надо|следует|должн[а-я]*)(?!\w)")

SENTENCE_LABEL = re.compile(r"[-–•*·\s]*([^\W\d][^\W\d ]*(?: [^\W\d]+){0,2})\s*:\s")  # "Padoms: ...", "Итог: ..."

Signals = Literal["meaning", "meaning+cues", "all"]  # "all" adds headings; the others are baselines


@dataclass(frozen=True)
class TagSettings:
    theme_threshold: float = 1.0
    first_theme_threshold: float = 0.8  # the best theme's bar: below it a title, a page number or a greeting
    max_themes: int = 4
    similarity_scale: float = 40.0
    cue_weight: float = 0.5
    cue_cap: int = 3
    heading_weight: float = 1.5
    heading_max_words: int = 8
    passage_kind_weight: float = 1.0  # a sentence leans towards its passage's kind by this much


@dataclass(frozen=True)
class Label:
    id: str
    names: dict[str, str]  # "en", "lv"
    descriptions: dict[str, str]  # language -> a few sentences
    examples: tuple[str, ...]
    cues: tuple[str, ...]  # all languages together
    patterns: tuple[str, ...] = ()
    heading_cues: tuple[str, ...] = ()

    @property
    def prototypes(self) -> tuple[str, ...]:
        return (*self.descriptions.values(), *self.examples)


@dataclass(frozen=True)
class Taxonomy:
    version: int
    themes: tuple[Label, ...]
    kinds: tuple[Label, ...]
    settings: TagSettings
    fingerprint: str  # sha256 of the file's bytes: tags made with another fingerprint are stale


SURE_MARGIN = 0.5  # a sentence whose kind beats the runner-up by less is not taken for that kind (cards, the kind filter)
SENTENCE_KINDS = 2  # in an index's manifest: raise it when sentences are judged otherwise, and every index judges again
# A line that is a file's name, as an attached or archived file's heading is ("Re: Partneru tikšanās Rēzeknē.eml")
FILE_NAME = re.compile(r"[^\n]*\S\.(?:" + "|".join(suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES) + r")(?: \(\d+\))?", re.I)


@dataclass(frozen=True)
class SentenceKind:
    """One sentence (or line) of a passage: where it is in the passage's text, and what it does."""

    start: int
    end: int
    kind: str  # "title" for a heading-like line: it names what follows and is no excerpt itself
    margin: float  # its kind's score minus the runner-up's: how sure the judgement is


@dataclass(frozen=True)
class Tags:
    themes: tuple[str, ...]  # best first
    kind: str


@dataclass(frozen=True)
class TrainedLayer:
    """Linear scores per kind over a passage's vector and its kind signal scores (Tagger.scores), fitted on
    labelled passages: the kind that scores best is the passage's kind."""

    label_ids: tuple[str, ...]
    centroids: np.ndarray  # (labels, dim): the label centroids it was trained with
    mean: np.ndarray  # (dim + labels,) features are (x - mean) / scale
    scale: np.ndarray
    weights: np.ndarray  # (dim + labels + 1, labels), the last row the bias

    def fits(self, label_ids: Sequence[str], centroids: np.ndarray) -> bool:
        """Its labels, and centroids from the model it was trained on (another model's are far from its own)."""
        if tuple(label_ids) != self.label_ids or centroids.shape != self.centroids.shape:
            return False
        return bool(np.min(np.sum(centroids * self.centroids, axis=1)) >= SAME_MODEL_COSINE)

    def scores(self, vectors: np.ndarray, signals: np.ndarray) -> np.ndarray:
        features = (np.hstack([vectors, signals]) - self.mean) / self.scale
        return features @ self.weights[:-1] + self.weights[-1]


def load_layer(path: Path) -> TrainedLayer | None:
    """The layer scripts/train_kinds.py wrote (None when the file is absent: the signals decide)."""
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        arrays = [data[name].astype(np.float32) for name in ("centroids", "mean", "scale", "weights")]
    return TrainedLayer(tuple(meta["label_ids"]), *arrays)


def _fitting_layer(path: Path, wanted: bool, labels: Sequence[Label], centroids: np.ndarray) -> TrainedLayer | None:
    """The layer at path when it is wanted and fits these labels and the model their centroids come from."""
    layer = load_layer(path) if wanted and labels else None
    return layer if layer is not None and layer.fits([label.id for label in labels], centroids) else None


@cache  # the shipped file does not change while the program runs
def layer_fingerprint() -> str:
    """Of the shipped kind layer and how it is used ("" without one): the manifest records it, so a new layer
    or a new use of it re-tags an index."""
    if not KIND_LAYER_PATH.exists():
        return ""
    return hashlib.sha256(KIND_LAYER_PATH.read_bytes() + f"use {LAYER_USE}".encode()).hexdigest()[:16]


def load_taxonomy(path: Path | str | None = None) -> Taxonomy:
    """The product's taxonomy (ingest/taxonomy.json by default): exactly THEME_IDS and KIND_IDS."""
    taxonomy = read_taxonomy(path or TAXONOMY_PATH)
    for family, labels, expected in (("themes", taxonomy.themes, THEME_IDS), ("kinds", taxonomy.kinds, KIND_IDS)):
        ids = [label.id for label in labels]
        if sorted(ids) != sorted(expected):
            missing, unknown = sorted(set(expected) - set(ids)), sorted(set(ids) - set(expected))
            raise TaxonomyError(
                f"{path or TAXONOMY_PATH}: {family} must be {', '.join(expected)}; missing {missing}, unknown {unknown}"
            )
        for label in labels:
            if not {"en", "lv"} <= set(label.names):
                raise TaxonomyError(f"{path or TAXONOMY_PATH}: {label.id} needs labels in English and Latvian (en, lv)")
    return taxonomy


def read_taxonomy(path: Path | str) -> Taxonomy:
    """Any taxonomy file of this format (its own label ids; "kinds" may be empty), checked for shape."""
    try:
        content = Path(path).read_bytes()
        data = json.loads(content)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TaxonomyError(f"cannot read taxonomy {path}: {error}") from None
    try:
        settings = _settings(data.get("settings", {}))
        themes = tuple(_label(item) for item in data["themes"])
        kinds = tuple(_label(item) for item in data.get("kinds", []))
        version = int(data["version"])
    except (KeyError, TypeError, ValueError, AttributeError, re.error) as error:
        raise TaxonomyError(f"taxonomy {path} is malformed: {_describe(error)}") from None
    ids = [label.id for label in themes + kinds]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates or not themes:
        raise TaxonomyError(f"taxonomy {path}: " + (f"duplicate ids {duplicates}" if duplicates else "no themes"))
    return Taxonomy(version, themes, kinds, settings, hashlib.sha256(content).hexdigest()[:16])


def _settings(values: dict) -> TagSettings:
    types = {f.name: f.type for f in fields(TagSettings)}  # "int" or "float" (annotations are strings)
    unknown = sorted(set(values) - set(types))
    if unknown:
        raise ValueError(f"unknown settings {unknown}")
    return TagSettings(**{name: int(value) if types[name] == "int" else float(value) for name, value in values.items()})


def _label(item: dict) -> Label:
    label_id = item["id"]
    if not isinstance(label_id, str) or not re.fullmatch(r"[a-z0-9/-]+", label_id):
        raise ValueError(f"bad id {label_id!r}")
    descriptions = {lang: _text(text, label_id) for lang, text in item["descriptions"].items()}
    if not descriptions:
        raise ValueError(f"{label_id}: no descriptions")
    patterns = tuple(item.get("patterns", []))
    for pattern in patterns:
        re.compile(pattern)
    return Label(
        id=label_id,
        names={lang: _text(text, label_id) for lang, text in item.get("labels", {}).items()},
        descriptions=descriptions,
        examples=tuple(_text(text, label_id) for text in item.get("examples", [])),
        cues=tuple(_text(cue, label_id) for cues in item.get("cues", {}).values() for cue in cues),
        patterns=patterns,
        heading_cues=tuple(_text(cue, label_id) for cues in item.get("heading_cues", {}).values() for cue in cues),
    )


def _text(value: object, label_id: str) -> str:
    if not isinstance(value, str) or not WORD.search(value):
        raise ValueError(f"{label_id}: expected a text with words, got {value!r}")
    return value.strip()


def fold(text: str) -> str:
    """Case-fold and strip diacritics: 'Kafejnīcā' -> 'kafejnica' (as the keyword analyser in kb/ does)."""
    return unicodedata.normalize("NFKD", text.casefold()).translate(COMBINING_MARKS)


def _describe(error: Exception) -> str:
    return f"missing field {error}" if isinstance(error, KeyError) else str(error)


class CueIndex:
    """Counts each label's distinct cues and pattern matches in a text, in one pass over its words.

    A cue is one or more word beginnings in a row ("kopienas centr" matches "kopienas centrā").
    Written without diacritics it is matched against the folded text ("kafejnic" also finds
    "kafejnica"); written with them, only against text that has them ("jāņem" is not "janem").
    """

    def __init__(self, cues: Sequence[Sequence[str]], patterns: Sequence[Sequence[str]] = ()) -> None:
        self.labels = len(cues)
        self._index: dict[tuple[bool, str], list[tuple[int, int, tuple[str, ...]]]] = {}
        for label, label_cues in enumerate(cues):
            for number, cue in enumerate(dict.fromkeys(label_cues)):
                plain = fold(cue) == cue.casefold()
                words = tuple(WORD.findall(fold(cue) if plain else cue.casefold()))
                self._index.setdefault((plain, words[0][:2]), []).append((label, number, words))
        self._patterns = [[re.compile(p, re.IGNORECASE) for p in label_patterns] for label_patterns in patterns]

    def counts(self, text: str) -> np.ndarray:
        found: set[tuple[int, int]] = set()
        for plain, words in ((True, WORD.findall(fold(text))), (False, WORD.findall(text.casefold()))):
            for position, word in enumerate(words):
                for label, number, cue in self._index.get((plain, word[:2]), []) + self._index.get((plain, word[:1]), []):
                    following = words[position : position + len(cue)]
                    if len(following) == len(cue) and all(w.startswith(c) for w, c in zip(following, cue)):
                        found.add((label, number))
        counts = np.zeros(self.labels)
        for label, _ in found:
            counts[label] += 1
        for label, label_patterns in enumerate(self._patterns):
            counts[label] += sum(len(pattern.findall(text)) for pattern in label_patterns)
        return counts


def is_title_line(line: str, max_words: int) -> bool:
    """A short line that is no list item and does not end a sentence: a slide or section title ("Projekta rezultāti:")."""
    line = line.strip()
    # a line with a date is an event's, not a title; a year alone ("Mobilitāte uz Slovēniju 2023") is no date
    if not line or len(line.split()) > max_words or BULLET.match(line) or names_a_day(line):
        return False
    if FACT.search(line) or OBLIGATION.search(line):  # "Dalībnieki: 4 biedri" is a fact; "Kopienas dārzs Cēsīs: labās
        return False  # prakses apraksts" a title
    return not line.endswith((",", ";")) and (not line.endswith(".") or len(line.split()) <= 3)


def heading_lines(text: str, heading: str, max_words: int) -> str:
    """The heading and the text's short lines that are not list items: where slide and section titles are."""
    short = (line for line in text.splitlines() if len(line.split()) <= max_words)
    titles = [line for line in short if not BULLET.match(line) and not line.rstrip().endswith((",", ";"))]
    return "\n".join([heading, *titles])


class Tagger:
    """Embeds a taxonomy's prototypes once; then tags any number of passages from their vectors."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        embedder: Embedder | None = None,
        centroids: np.ndarray | None = None,
        kind_layer: bool = True,
    ) -> None:
        """Give the embedder, or the `centroids` an earlier Tagger of this taxonomy and model computed.
        kind_layer: let the shipped kind layer choose the kind when it fits the taxonomy's kinds and the model."""
        self.taxonomy = taxonomy
        self.settings = taxonomy.settings
        labels = taxonomy.themes + taxonomy.kinds
        if centroids is None:
            if embedder is None:
                raise ValueError("a Tagger needs an embedder or the centroids")
            texts = [text for label in labels for text in label.prototypes]
            owners = np.array([i for i, label in enumerate(labels) for _ in label.prototypes])
            vectors = embed_texts(embedder, texts)  # as passages are embedded: the same prefix, batched by length
            # one unit vector per label: the mean of its prototypes' vectors
            centroids = np.stack([vectors[owners == i].mean(axis=0) for i in range(len(labels))])
            centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
        self.centroids = centroids
        n_themes = len(taxonomy.themes)
        self.kind_layer = _fitting_layer(KIND_LAYER_PATH, kind_layer, taxonomy.kinds, centroids[n_themes:])
        self._cues = CueIndex([label.cues for label in labels], [label.patterns for label in labels])
        self._heading_cues = CueIndex([label.heading_cues for label in labels])
        self._kind_cues = CueIndex([k.cues for k in taxonomy.kinds], [k.patterns for k in taxonomy.kinds])  # for sentences
        self._kind_heading_cues = CueIndex([k.heading_cues for k in taxonomy.kinds])

    def scores(self, texts: Sequence[str], vectors: np.ndarray, headings: Sequence[str], signals: Signals = "all") -> np.ndarray:
        """(passages, themes + kinds) scores, from all signals or only some (to measure what each adds)."""
        settings, n_themes = self.settings, len(self.taxonomy.themes)
        similarity = np.asarray(vectors, dtype=np.float32) @ self.centroids.T
        score = np.empty_like(similarity)
        for family in (slice(0, n_themes), slice(n_themes, None)):
            part = similarity[:, family]
            if part.size:
                score[:, family] = (part - part.mean(axis=1, keepdims=True)) * settings.similarity_scale
        if signals == "meaning":
            return score
        for row, text in enumerate(texts):
            score[row] += settings.cue_weight * np.minimum(self._cues.counts(text), settings.cue_cap)
        if signals == "all":
            score[:, n_themes:] += settings.heading_weight * self.kind_headings(texts, headings)
        return score

    def kind_headings(self, texts: Sequence[str], headings: Sequence[str]) -> np.ndarray:
        """(passages, kinds): 1 where the passage's heading or title lines carry a kind's heading cue."""
        n_themes, max_words = len(self.taxonomy.themes), self.settings.heading_max_words
        found = [
            self._heading_cues.counts(heading_lines(text, heading, max_words))[n_themes:] > 0
            for text, heading in zip(texts, headings)
        ]
        return np.array(found, dtype=np.float32).reshape(len(texts), len(self.taxonomy.kinds))

    def tag(self, texts: Sequence[str], vectors: np.ndarray, headings: Sequence[str], signals: Signals = "all") -> list[Tags]:
        """Tags for each passage; vectors are the passages' L2-normalised embeddings by the same embedder."""
        if not (len(texts) == len(vectors) == len(headings)):
            raise ValueError("texts, vectors and headings must have the same length")
        score = self.scores(texts, vectors, headings, signals=signals)
        n_themes, settings = len(self.taxonomy.themes), self.settings
        theme_ids = [label.id for label in self.taxonomy.themes]
        kind_ids = [label.id for label in self.taxonomy.kinds]
        theme_score, kind_score = score[:, :n_themes], score[:, n_themes:]
        if signals == "all" and self.kind_layer is not None:
            # The layer learnt from passages with hardly any headings: a heading's kind cue ("Projekta ieguvumi",
            # results) still counts on top, as in the signals (the dev set's corpus slides: 0.867 -> 0.933).
            # (headings looked up again, as in scores: cheap, 0.12 s a tagging of 453 passages either way)
            found = self.kind_headings(texts, headings)
            kind_score = self.kind_layer.scores(vectors, kind_score) + settings.heading_weight * found
        result = []
        for themes_row, kinds_row in zip(theme_score, kind_score):
            best = np.argsort(-themes_row, kind="stable")[: settings.max_themes]
            bars = [settings.first_theme_threshold] + [settings.theme_threshold] * (len(best) - 1)
            themes = tuple(theme_ids[i] for i, bar in zip(best, bars) if themes_row[i] >= bar)
            kind = kind_ids[int(np.argmax(kinds_row))] if kind_ids else ""
            result.append(Tags(themes, kind))
        return result

    def sentence_kinds(
        self, text: str, heading: str, windows: Sequence[tuple[int, int]], window_vectors: np.ndarray, passage_kind: str = ""
    ) -> list[SentenceKind]:
        """The kind of every sentence of a passage, from the windows ingest cut and embedded (their spans in
        the text and vectors), the sentence's cue words, the title above it and the passage's own kind."""
        settings, n_themes = self.settings, len(self.taxonomy.themes)
        kind_ids = [label.id for label in self.taxonomy.kinds]
        if not kind_ids or len(windows) == 0:
            return []
        similarity = np.asarray(window_vectors, dtype=np.float32) @ self.centroids[n_themes:].T
        meaning = (similarity - similarity.mean(axis=1, keepdims=True)) * settings.similarity_scale
        starts = [start for start, _ in windows]
        judged, title_cues = [], {}
        sentences = titled_sentences(text, heading, settings.heading_max_words)
        # the passage's kind speaks for its sentences when they sit under one title at most: a short report or a
        # merged deck of "Ko redzējām", "Rezultāti" and "Ieteikumi" is one passage of one kind, but holds them all
        sections = len({title for _, _, title in sentences if title})
        prior = settings.passage_kind_weight if passage_kind in kind_ids and sections <= 1 else 0.0
        for start, end, title in sentences:
            if title is None:
                judged.append(SentenceKind(start, end, "title", 0.0))
                continue
            window = max(0, int(np.searchsorted(starts, start, side="right")) - 1)  # the window starting here
            score = meaning[window].copy()
            score += settings.cue_weight * np.minimum(self._kind_cues.counts(text[start:end]), settings.cue_cap)
            if title not in title_cues:
                title_cues[title] = settings.heading_weight * (self._kind_heading_cues.counts(title) > 0)
            score += title_cues[title]
            if label := SENTENCE_LABEL.match(text, start, end):  # "Padoms: ...", "Результат: ...": its own title
                score += settings.heading_weight * (self._kind_heading_cues.counts(label[1]) > 0)
            if prior:
                score[kind_ids.index(passage_kind)] += prior
            order = np.argsort(-score, kind="stable")
            judged.append(SentenceKind(start, end, kind_ids[order[0]], float(score[order[0]] - score[order[1]])))
        return judged


def kinds_held(passage_kind: str, sentences: Sequence[SentenceKind]) -> tuple[str, ...]:
    """The passage's own kind, then each other kind one of its sentences surely has: what the kind filter finds it by
    (a deck merged into one passage holds its "Ko redzējām" practices and its "Ieteikumi" advice)."""
    sure = [s.kind for s in sentences if s.kind != "title" and s.margin >= SURE_MARGIN]
    return tuple(dict.fromkeys(kind for kind in (passage_kind, *sure) if kind))


def titled_sentences(text: str, heading: str, max_words: int) -> list[tuple[int, int, str | None]]:
    """Each sentence's (start, end) and the title it sits under; None for a title itself (a slide or section
    title, a question, a fragment of under four words, an e-mail's sender and date): it names what follows and says
    nothing on its own."""
    # the heading names these sentences when the passage opens with it (a carried heading may be stale)
    found, title = [], heading if text.lstrip().startswith(heading.strip()) else ""
    title_ended = -2  # where the line of the latest title ends
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line = text[line_start : len(text) if line_end < 0 else line_end]
        if line.startswith(BYLINE) or FILE_NAME.fullmatch(line.strip()):  # an e-mail's sender and date, or an attached
            found.append((start, end, None))  # file's name ("Re: Partneru tikšanās.eml"): never quoted
            continue
        fragment = len(sentence.split()) < 4 or sentence.rstrip().endswith("?")
        # short lines under a title are its items (a slide's bullets, which carry no mark in the text), not titles
        under_title = line_start == title_ended + 1
        if fragment or (sentence == line.strip() and is_title_line(line, max_words) and not under_title):
            if not text[line_start:start].strip():  # a title or question opening its line names what follows
                title = line
                title_ended = line_start + len(line)
            found.append((start, end, None))
        else:
            if under_title and sentence == line.strip():  # the next short line is an item too
                title_ended = line_start + len(line)
            found.append((start, end, title))
    return found
