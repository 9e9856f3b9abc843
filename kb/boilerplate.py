"""Text a collection's documents share: a report form's printed questions and instructions, the EU's
disclaimer, a data-protection paragraph. Filled forms repeat it word for word around short answers, so a
question meets the printed question ("Kā projekta rezultāti tika izplatīti?") in every form alike: such a
sentence cannot tell one document from another, and it is no document's own practice or advice.

A sentence is shared when documents of different authors, none a copy of another, hold it (SHARED_BY of
them): a report's versions (a draft and its final), a project's application and reports, an association's
reports repeat their own sentences, which stay their own text. The search leaves shared windows out of a
passage's best window (kb/windows.py) and shows a hit's matched sentence without them, an empty form's
passages (printed) come last as weak hits, and a form titled by its printed title is titled by its project
(kb/build.py); the cards leave shared sentences out of their excerpts and empty forms out (kb/cards.py). The
passages keep their whole text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from ingest.forms import PROJECT_TITLE
from ingest.types import DocumentInfo
from ingest.windows import sentence_spans

VERSION = 3  # raise when what counts as shared changes: an index finds it again at its next sync (nothing re-embedded)
SHARED_BY = 3  # authors, no two of them copies of each other, whose documents hold a sentence for it to be shared
MIN_WORDS = 2  # a one-word line ("C.1. Ietekme") is a heading, no sentence to compare ("Maksimums 2000 rakstzīmes" is)
COPY = 0.8  # a document this much of whose sentences another holds is a copy of it: a report's versions, its draft
PROJECTS_OF_ONE = 2  # a document naming more project numbers lists projects (a compendium, an annual report)
MOSTLY = 0.5  # a window whose words are this much in shared sentences is shared
TITLE_CHARS = 150  # a longer answer to a form's "Projekta nosaukums:" is no title
FORM_SENTENCES = 3  # a document holding this many shared sentences is a form (its printed title gives way to its own)
SHARED_FILE = "shared_sentences.txt"  # in an index generation: HEADER, then the keys of its shared sentences, one a line
HEADER = "# the sentences this index's documents share (kb/boilerplate.py)"
NUMBERED = re.compile(r"^\s*(?:[A-Za-z]\d?|\d{1,2})(?:\.\d{1,2})*[.)]\s*")  # a section's number: "E.1.", "2.1.", "3)"
LABEL = re.compile(r":\s*(?:[_.…-]{2,}\s*)?$")  # an empty field's label: "Projekta nosaukums:", "Datums: ______"
ANSWER = re.compile(r"(?i)\W*(?:\d[\d\s.,%]*|jā|nē|yes|no|да|нет)\W*")  # an answer too short for a key: "45", "Jā"
WORDS = re.compile(r"[^\W\d_]{2,}|\d+")  # words, not a lone letter; numbers: "45 seniori" is not "18 seniori"
# (fill-in marks, "____", "……", are neither)

Keys = list[tuple[int, int, str]]  # sentence_keys(text)


def sentence_key(sentence: str) -> str:
    """A sentence as compared across documents: its words and numbers case-folded, its section's number, fill-in
    marks and punctuation left out ("E.1. Lūdzu, aprakstiet..." and "C.1. Lūdzu aprakstiet..." are one), or "" when
    too short to say."""
    words = WORDS.findall(NUMBERED.sub("", sentence).casefold())
    return " ".join(words) if len(words) >= MIN_WORDS else ""


def sentence_keys(text: str) -> Keys:
    """(start, end, key) of each sentence or line of text (ingest/windows.py's), key "" where too short."""
    return [(start, end, sentence_key(text[start:end])) for start, end in sentence_spans(text)]


def shared_sentences(doc_ids: Sequence[str], keys: Sequence[Keys], infos: Mapping[str, DocumentInfo]) -> frozenset[str]:
    """The keys of the sentences shared across a collection, from each passage's document and sentence keys, and
    each document's metadata (whose it is: _authors)."""
    keys_of: dict[str, set[str]] = defaultdict(set)
    for doc_id, passage_keys in zip(doc_ids, keys):
        keys_of[doc_id].update(key for _, _, key in passage_keys if key)
    holders: dict[str, list[str]] = defaultdict(list)
    for doc_id, held in keys_of.items():
        for key in held:
            holders[key].append(doc_id)
    candidates = [key for key, holding in holders.items() if len(holding) >= SHARED_BY]
    authors = _authors(infos)
    copies: dict[tuple[str, str], bool] = {}

    def same_text(first: str, second: str) -> bool:
        """Whether two documents are one author's, or, both naming none, one holds most of the other's sentences
        (versions of a report; an empty form is no copy of a filled one that names its association)."""
        if authors.get(first, first) == authors.get(second, second):
            return True
        if authors.get(first, first) != first or authors.get(second, second) != second:
            return False
        pair = (first, second) if first < second else (second, first)
        if pair not in copies:
            one, other = keys_of[first], keys_of[second]
            copies[pair] = len(one & other) >= COPY * min(len(one), len(other))
        return copies[pair]

    shared = set()
    for key in candidates:
        if len({authors.get(d, d) for d in holders[key]}) < SHARED_BY:
            continue
        distinct: list[str] = []  # one document of each author or group of copies, up to SHARED_BY
        for doc_id in holders[key]:
            if not any(same_text(doc_id, seen) for seen in distinct):
                distinct.append(doc_id)
                if len(distinct) == SHARED_BY:
                    shared.add(key)
                    break
    return frozenset(shared)


def _authors(infos: Mapping[str, DocumentInfo]) -> dict[str, str]:
    """Each document's author, as far as metadata says: documents naming the same project number (a document naming
    one or two: a list of funded projects names many), or the same organisation first, are one author's (a project's
    application, reports and press release; an association's reports of several projects), which repeat their own
    description and lessons; a document naming neither is its own. (A grant operator named first on every form,
    "Nodibinājums „Kopienu fonds”", makes the forms one author's: their printed text is then not found.)"""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for doc_id, info in infos.items():
        numbers = info.project_numbers if len(info.project_numbers) <= PROJECTS_OF_ONE else ()
        for name in (*numbers, *info.organisations[:1]):
            parent[root(doc_id)] = root("\0" + name.casefold())
    return {doc_id: root(doc_id) for doc_id in infos}


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


def own_title(title: str, texts: Sequence[str], shared: frozenset[str]) -> str:
    """A document's title, or where that is a form's printed title ("Erasmus+ 2021-2027 | Noslēguma ziņojuma
    veidlapa") and the document a form (FORM_SENTENCES shared), the one project's title it gives ("Projekta
    nosaukums: Boccia visiem", or on the line after the label), if it gives one."""
    if sentence_key(title) not in shared:
        return title
    if sum(key in shared for text in texts for _, _, key in sentence_keys(text)) < FORM_SENTENCES:
        return title
    answers = set()
    for text in texts:
        lines = [line.strip() for line in text.splitlines()]
        for number, line in enumerate(lines):
            caption, colon, answer = line.partition(":")
            if colon and PROJECT_TITLE.match(caption):
                answer = (answer.strip() or (lines[number + 1] if number + 1 < len(lines) else "")).split("; ")[0].strip()
                if _names_a_title(answer, shared):
                    answers.add(answer)
    return answers.pop() if len(answers) == 1 else title


def _names_a_title(answer: str, shared: frozenset[str]) -> bool:
    """Not a blank to fill ("____"), a printed hint ("(līdz 100 rakstzīmēm)") nor printed text."""
    return (any(c.isalpha() for c in answer) and len(answer) <= TITLE_CHARS and not answer.startswith(("(", "["))
            and sentence_key(answer) not in shared)  # fmt: skip


def printed(text: str, shared: frozenset[str], keys: Keys | None = None) -> bool:
    """Whether a passage is only a form's printed text (an empty template's, a page of instructions and disclaimers):
    it holds shared sentences and nothing of the document's own but headings and empty fields' labels ("Projekta
    nosaukums:", "Datums: ____"); an answer of a number or a yes ("45", "Jā") is its own. A hit only the nearest
    thing, no card. keys: its sentence_keys, when known."""
    if not shared:
        return False
    held = False
    for start, end, key in sentence_keys(text) if keys is None else keys:
        line = text[start:end]
        if key in shared:
            held = True
        elif key and not LABEL.search(line) or not key and ANSWER.fullmatch(line):
            return False
    return held


def shared_windows(texts: Sequence[str], keys: Sequence[Keys], spans: Sequence[list[tuple[int, int]]],
                   shared: frozenset[str]) -> list[bool]:  # fmt: skip
    """For each window (spans: each passage's, in passage order), whether it is mostly shared text (MOSTLY)."""
    flags: list[bool] = []
    for text, passage_keys, cuts in zip(texts, keys, spans):
        if any(key in shared for _, _, key in passage_keys):
            flags += [shared_share(text, start, end, shared, passage_keys) >= MOSTLY for start, end in cuts]
        else:  # most passages: none
            flags += [False] * len(cuts)
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
