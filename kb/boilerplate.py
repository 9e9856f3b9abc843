"""Text a collection's documents share: a report form's printed questions and instructions, the EU's
disclaimer, a data-protection paragraph. Filled forms repeat it word for word around short answers, so a
question meets the printed question ("Kā projekta rezultāti tika izplatīti?") in every form alike: such a
sentence cannot tell one document from another, and it is no document's own practice or advice.

A sentence is shared when documents of different authors, none a copy of another, hold it (SHARED_BY of
them): a report's versions (a draft and its final) and a project's application, reports and slides repeat
their own sentences, which stay their own text. The search leaves shared windows out of a passage's best
window (kb/windows.py) and the cards leave shared sentences out of their excerpts (kb/cards.py); the
passages keep their whole text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from ingest.types import DocumentInfo
from ingest.windows import sentence_spans
from kb.analysis import fold

VERSION = 1  # raise when what counts as shared changes: an index finds it again at its next sync (nothing re-embedded)
SHARED_BY = 3  # documents, none a copy of another, that hold a sentence for it to be shared
MIN_WORDS = 2  # a one-word line ("C.1. Ietekme") is a heading, no sentence to compare ("Maksimums 2000 rakstzīmes" is)
COPY = 0.6  # two documents whose sentences, those shared aside, are this alike (Jaccard) are copies: a report's versions
MOSTLY = 0.5  # a window whose words are this much in shared sentences is shared
SHARED_FILE = "shared_sentences.txt"  # in an index generation: HEADER, then the keys of its shared sentences, one a line
HEADER = "# the sentences this index's documents share (kb/boilerplate.py)"
LETTERS = re.compile(r"[^\W\d_]{2,}")  # a word; not a section's letter ("E.1.")


def sentence_key(sentence: str) -> str:
    """A sentence as compared across documents: its words case- and diacritics-folded, numbers and punctuation
    left out ("E.1. Lūdzu, aprakstiet..." and "2.1 Lūdzu aprakstiet..." are one), or "" when too short to say."""
    words = LETTERS.findall(fold(sentence))
    return " ".join(words) if len(words) >= MIN_WORDS else ""


def sentence_keys(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of each sentence or line of text (ingest/windows.py's), key "" where too short."""
    return [(start, end, sentence_key(text[start:end])) for start, end in sentence_spans(text)]


def author(doc_id: str, info: DocumentInfo) -> str:
    """Whose text a document is, as far as its metadata says: its project (by number), else its organisation, else
    itself. A project's application, reports and slides repeat its own description: that is its text, not shared."""
    return next(iter(info.project_numbers), "") or next(iter(info.organisations), "") or doc_id


def shared_sentences(passages: Iterable[tuple[str, str]], authors: Mapping[str, str]) -> frozenset[str]:
    """The keys of the sentences shared across a collection, from its (doc_id, passage text) pairs and each
    document's author (author())."""
    keys_of: dict[str, set[str]] = defaultdict(set)
    for doc_id, text in passages:
        keys_of[doc_id].update(key for _, _, key in sentence_keys(text) if key)
    holders: dict[str, list[str]] = defaultdict(list)
    for doc_id, keys in keys_of.items():
        for key in keys:
            holders[key].append(doc_id)
    by_authors = {key for key, doc_ids in holders.items()
                  if len(doc_ids) >= SHARED_BY and len({authors.get(d, d) for d in doc_ids}) >= SHARED_BY}  # fmt: skip
    own = {doc_id: keys - by_authors for doc_id, keys in keys_of.items()}  # what else each document says
    copies: dict[tuple[str, str], bool] = {}

    def same_text(first: str, second: str) -> bool:
        """Whether two documents are one author's or copies: what else they say is near the same (versions of a
        report its author's metadata does not name; forms filled in differently are not copies)."""
        if authors.get(first, first) == authors.get(second, second):
            return True
        pair = (first, second) if first < second else (second, first)
        if pair not in copies:
            one, other = own[first], own[second]
            copies[pair] = len(one & other) >= COPY * len(one | other)
        return copies[pair]

    shared = set()
    for key in by_authors:
        distinct: list[str] = []  # one document of each author or group of copies, up to SHARED_BY
        for doc_id in holders[key]:
            if not any(same_text(doc_id, seen) for seen in distinct):
                distinct.append(doc_id)
                if len(distinct) == SHARED_BY:
                    shared.add(key)
                    break
    return frozenset(shared)


Keys = list[tuple[int, int, str]]  # sentence_keys(text)


def shared_share(text: str, start: int, end: int, shared: frozenset[str], keys: Keys | None = None) -> float:
    """The share of the words of text[start:end] that are in shared sentences of text (keys: its sentence_keys, when
    known); a piece of a long sentence is judged by its whole sentence."""
    if not shared:
        return 0.0
    words = in_shared = 0
    for first, last, key in sentence_keys(text) if keys is None else keys:
        if min(last, end) > max(first, start):
            count = len(text[max(first, start) : min(last, end)].split())
            words += count
            in_shared += count if key in shared else 0
    return in_shared / words if words else 0.0


def shared_windows(texts: list[str], spans: list[list[tuple[int, int]]], shared: frozenset[str]) -> list[bool]:
    """For each window (spans: each passage's, in passage order), whether it is mostly shared text (MOSTLY)."""
    flags = []
    for text, cuts in zip(texts, spans):
        keys = sentence_keys(text) if shared and cuts else []
        flags += [shared_share(text, start, end, shared, keys) >= MOSTLY for start, end in cuts]
    return flags


def own_span(text: str, start: int, end: int, shared: frozenset[str]) -> tuple[int, int]:
    """text[start:end] without the shared sentences at its start and end (a window that begins with a form's printed
    question shows the answer after it); the whole span when it is all shared."""
    keys = [(first, last) for first, last, key in sentence_keys(text[start:end]) if key not in shared]
    return (start + keys[0][0], start + keys[-1][1]) if keys and shared else (start, end)


def save(directory: Path, shared: frozenset[str]) -> None:
    (directory / SHARED_FILE).write_text("".join(f"{line}\n" for line in (HEADER, *sorted(shared))), encoding="utf-8")


def load(directory: Path) -> frozenset[str]:
    """The generation's shared sentences (none for an index written before they were found); ValueError for a file
    that is not their list (damaged: bytes of the same size overwritten)."""
    path = directory / SHARED_FILE
    if not path.exists():
        return frozenset()
    header, *keys = path.read_text(encoding="utf-8").splitlines() or [""]
    if header != HEADER:
        raise ValueError(f"{SHARED_FILE} is not a list of shared sentences")
    return frozenset(keys)
