"""Split a document's blocks into passages that can stand alone.

Short fragments (slide titles, signatures, one-line bullets) are merged with their neighbours,
headings travel with the text under them as context, and long paragraphs are cut at sentence
boundaries so every passage fits the embedding model's window. A bilingual document (a Latvian paragraph and
its Russian translation) gives each language its own passages, so each has the right language.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from ingest.enrich import writing_script
from ingest.text import SENTENCE_END
from ingest.types import Block, Document, PageStarts

MAX_WORD_CHARS = 200  # longer "words" (encoded blobs, rules of underscores) are cut: no passage grows without bound
MID_SENTENCE = re.compile(r"[a-zāčēģīķļņšūž,]$")  # a paragraph ending in a small letter or a comma stops mid-sentence
SENTENCE_BOUNDARY = re.compile(r"(?<=[.!?…])\s+(?=[\"„«(]?[A-ZĀ-ŽА-Я0-9])")
# a template's prompt standing alone ("[Ierakstiet šeit projekta kopsavilkumu]", "[Kā izplatījāt rezultātus?]",
# "[PAPILDINĀT]"): no text of the document's own; an empty report template was a tester's first hit, and its prompts
# a card's "recommendations". Not a bracketed note or quote of the document's ("[Atjaunināts 2024. gada 12. martā: ...]")
PROMPT = re.compile(
    r"\s*\[(?:(?i:ierakstiet|aprakstiet|norādiet|pievienojiet|ievietojiet|uzrakstiet|enter|describe|insert|add|type"
    r"|write|введите|опишите|укажите|добавьте)\b[^\[\]]{0,300}|[^\[\]]{3,300}\?|[A-ZĀČĒĢĪĶĻŅŠŪŽА-Я]{4,}\b[^\[\]]{0,200})\]\s*"
)
SCRIPT_RUN = 20  # words in one script after which a paragraph in the other (Latin, Cyrillic) starts a new passage
SCRIPT_WORDS = 8  # a shorter block (a name, a bilingual heading "Rezultāti / Результаты") goes with either


CHARS_PER_WORD = 14  # a passage's characters at most per word it may hold: Latvian prose has 7-8 (with its space)


@dataclass(frozen=True)
class SplitSettings:
    min_words: int = 40  # shorter passages are merged with what follows (models.md: fragments mislead)
    max_words: int = 180  # about 400 XLM-R tokens of Latvian: inside the 512-token window

    @property
    def max_chars(self) -> int:
        """Text without spaces (an encoded blob, a run of one letter, Chinese) is cut by characters too: 180 pieces of
        200 letters made passages of 36,000 characters that took 18 s each to embed, an upload's minutes to hours."""
        return self.max_words * CHARS_PER_WORD


@dataclass(frozen=True)
class Chunk:
    """A passage before it has an id and a language."""

    text: str
    heading: str
    page_start: int | None
    page_end: int | None
    ocr: bool = False  # some of its blocks were read by OCR
    attachment: str = ""  # the e-mail attachment its blocks come from: a passage never spans two
    page_starts: PageStarts = ()  # (offset in text, page) where each of its pages starts
    sheet: str | None = None  # a spreadsheet's sheet its blocks are on (their pages are rows): never two


def split_passages(document: Document, settings: SplitSettings = SplitSettings()) -> list[Chunk]:
    """Merge blocks into passages of min_words..max_words, breaking at headings and pages when long enough.

    A heading opens a new passage when the current one is long enough, and is kept in the text
    either way (a title slide's text is searchable too). Each passage records the heading it
    sits under, so a passage that continues a long section still carries its context.
    """
    passages: list[tuple[list[Block], str]] = []  # each passage's blocks and heading
    parts: list[Block] = []  # blocks of the passage being collected
    heading = ""  # the heading that passage sits under
    latest_heading = ""
    scripts: set[str] = set()  # the scripts of that passage's blocks long enough to tell
    new_script = False  # whether that passage begins where another script did (a translation: not a short tail)

    def words(blocks: list[Block]) -> int:
        return sum(len(block.text.split()) for block in blocks)

    for block in _cut_long_blocks(tuple(block for block in document.blocks if not PROMPT.fullmatch(block.text)), settings):
        # a message's text, then its attachment; a workbook's sheet, then the next
        other_file = bool(parts) and not _same_part(block, parts[-1])
        carried_on = bool(parts) and not other_file and continues(parts[-1], block)
        if carried_on and block.kind == "heading":  # a short tail of a sentence ("un pašvaldībām") is no heading
            block = replace(block, kind="paragraph")
        long_enough = words(parts) >= settings.min_words
        too_long = (words(parts) + len(block.text.split()) > settings.max_words
                    or sum(len(part.text) + 1 for part in parts) + len(block.text) > settings.max_chars)  # fmt: skip
        new_page = parts and block.page != parts[-1].page and not carried_on and block.sheet is None  # rows are no pages
        block_script = script_of(block)
        # a passage in one script so far, long enough, and a block in the other; lines alternating between the two
        # (a bilingual slide) made the passage mixed before it was long enough, and it stays whole
        script_changes = len(scripts) == 1 and block_script not in (None, *scripts) and words(parts) >= SCRIPT_RUN
        if parts and (too_long or script_changes or other_file or (long_enough and (new_page or block.kind == "heading"))):
            carried = _unfinished_sentence(parts, block, settings) if carried_on else []
            passages.append((parts, heading))
            parts, new_script = carried, script_changes
            heading, scripts = latest_heading, {script for script in map(script_of, carried) if script}
        if block.kind == "heading":
            latest_heading = block.text
        if not parts:
            heading, scripts = latest_heading, set()
        parts.append(block)
        scripts |= {block_script} if block_script else set()

    if parts:
        same_file = bool(passages) and _same_part(passages[-1][0][-1], parts[0])
        if same_file and words(parts) < settings.min_words and _fits(passages[-1][0], parts, settings) and not new_script:
            passages[-1] = (passages[-1][0] + parts, passages[-1][1])  # a short tail (signature, closing line) joins
        else:
            passages.append((parts, heading))
    return [_chunk(group, heading) for blocks, heading in passages for group in _by_script(blocks)]


def _unfinished_sentence(parts: list[Block], block: Block, settings: SplitSettings) -> list[Block]:
    """Where a full passage ends inside a sentence the page's end cut: that sentence's start, taken off parts to open
    the next passage with its end (block), so no passage ends or begins mid-sentence; [] when it would not fit."""
    last = parts[-1]
    cuts = list(SENTENCE_BOUNDARY.finditer(last.text))
    start = cuts[-1].end() if cuts else 0
    tail = last.text[start:]
    too_long = (len(tail.split()) + len(block.text.split()) > settings.max_words * 1.2
                or len(tail) + len(block.text) > settings.max_chars * 1.2)  # fmt: skip
    if (not cuts and len(parts) == 1) or too_long:
        return []
    if cuts:
        parts[-1] = replace(last, text=last.text[: cuts[-1].start()])
    else:
        parts.pop()
    return [replace(last, text=tail, carries_on=None)]


def _by_script(parts: list[Block]) -> list[list[Block]]:
    """A passage's blocks; or, when its lines of SCRIPT_WORDS or more alternate between two scripts and hold
    SCRIPT_RUN words or more in each (a bilingual slide, Latvian and Russian line by line), its Latin blocks and its
    Cyrillic ones apart, each group with the shorter blocks (a heading "Rezultāti / Результаты", a name, a number):
    each language a passage of its own."""
    scripts = [script_of(block) for block in parts]  # a short line (a name, a code, "Erasmus+") goes with both
    words = Counter()
    for block, script in zip(parts, scripts):
        words[script] += len(block.text.split())
    told = [script for script in scripts if script]
    switches = sum(a != b for a, b in zip(told, told[1:]))  # lines that alternate, not a list of names after a sentence
    if min(words["latin"], words["cyrillic"]) < SCRIPT_RUN or switches < 2:
        return [parts]
    order = sorted(("latin", "cyrillic"), key=scripts.index)
    return [[block for block, script in zip(parts, scripts) if script in (None, wanted)] for wanted in order]


def script_of(block: Block) -> str | None:
    """"cyrillic" or "latin" for a block of SCRIPT_WORDS or more written in it (writing_script)."""
    return writing_script(block.text) if len(block.text.split()) >= SCRIPT_WORDS else None


def continues(previous: Block, block: Block) -> bool:
    """Whether block carries on previous's sentence across a page break: a paragraph or bullet the page's end cut
    ("... sadarbojas ar" | "vietējo pašvaldību."), which stays one passage, cited on both pages. A capital after the
    break ("... sadarbojas ar" | "Rēzeknes novada ...") only between paragraphs whose first one stops mid-sentence.
    A paragraph the reader knows goes on (carries_on: a Word or OpenDocument paragraph) always does."""
    if block.carries_on is not None:
        return True
    if previous.page == block.page or previous.kind not in ("paragraph", "list_item") or block.kind == "list_item":
        return False
    if block.sheet is not None:  # a spreadsheet's next row, not a page
        return False
    if SENTENCE_END.search(previous.text):
        return False
    mid_sentence = previous.kind == block.kind == "paragraph" and MID_SENTENCE.search(previous.text) is not None
    return block.text[:1].islower() or mid_sentence


def _joined(parts: list[Block]) -> tuple[str, PageStarts]:
    """The blocks' text, one a line; a sentence a page break cut is one line again (a word hyphenated there, one word);
    and where in it each page starts."""
    text = parts[0].text
    page_starts = [(0, parts[0].page)] if parts[0].page is not None else []
    for previous, block in zip(parts, parts[1:]):
        if block.carries_on is not None:
            text += block.carries_on
        elif not continues(previous, block):
            text += "\n"
        elif re.search(r"\w-$", text):
            text = text[:-1]
        else:
            text += " "
        if block.page is not None and (not page_starts or block.page != page_starts[-1][1]):
            page_starts.append((len(text), block.page))
        text += block.text
    return text, tuple(page_starts)


def _chunk(parts: list[Block], heading: str) -> Chunk:
    pages = [block.page for block in parts if block.page is not None]
    text, page_starts = _joined(parts)
    ocr = any(block.ocr for block in parts)
    first, last = min(pages, default=None), max(pages, default=None)
    return Chunk(text, heading, first, last, ocr, parts[0].attachment, page_starts, parts[0].sheet)


def _same_part(one: Block, other: Block) -> bool:
    """Whether two blocks are in one part of their file, which a passage never leaves: the same attachment of an e-mail
    (or none) and the same sheet of a workbook (or none)."""
    return (one.attachment, one.sheet) == (other.attachment, other.sheet)


def _fits(blocks: list[Block], parts: list[Block], settings: SplitSettings) -> bool:
    words, chars = sum(len(b.text.split()) for b in blocks + parts), len(_joined(blocks + parts)[0])
    return words <= settings.max_words * 1.2 and chars < settings.max_chars * 1.2


def _cut_long_blocks(blocks: tuple[Block, ...], settings: SplitSettings) -> list[Block]:
    """Cut blocks longer than a passage (max_words, max_chars) at sentence boundaries (a single huge sentence at words).

    Linear in the text: a file of one 45 MB line is cut in seconds. A "word" longer than
    MAX_WORD_CHARS (an encoded blob, a line of underscores) is cut into pieces of that length.
    """
    max_words, max_chars = settings.max_words, settings.max_chars
    result: list[Block] = []
    for block in blocks:
        if len(block.text) <= max_chars and len(block.text.split()) <= max_words:
            result.append(block)
            continue
        pieces = _pieces(block.text, max_words, max_chars)
        for number, words in enumerate(pieces):  # only the first piece carries on the block before
            result.append(replace(block, text=" ".join(words), carries_on=None if number else block.carries_on))
    return result


def _pieces(text: str, max_words: int, max_chars: int) -> list[list[str]]:
    """A block's words in runs of whole sentences that fit a passage; a sentence too long for one cut at words."""
    pieces: list[list[str]] = []
    piece: list[str] = []
    size = 0  # the piece's characters, a space after each word

    def fits(words: int, chars: int) -> bool:
        return len(piece) + words <= max_words and size + chars <= max_chars

    for sentence in SENTENCE_BOUNDARY.split(text):
        sentence_words = _short_words(sentence.split())
        sentence_size = sum(map(len, sentence_words)) + len(sentence_words)
        if piece and not fits(len(sentence_words), sentence_size):
            pieces.append(piece)
            piece, size = [], 0
        if fits(len(sentence_words), sentence_size):
            piece.extend(sentence_words)
            size += sentence_size
            continue
        for word in sentence_words:
            if piece and not fits(1, len(word) + 1):
                pieces.append(piece)
                piece, size = [], 0
            piece.append(word)
            size += len(word) + 1
    return pieces + [piece] if piece else pieces


def _short_words(words: list[str]) -> list[str]:
    if all(len(word) <= MAX_WORD_CHARS for word in words):
        return words
    return [word[i : i + MAX_WORD_CHARS] for word in words for i in range(0, len(word), MAX_WORD_CHARS)]
