"""The ingest pipeline: bytes -> document -> passages with language -> document metadata.

Embedding is a separate step (embed_texts) so a sync can embed the new passages of many
files together, in batches of similar length.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.enrich import LATIN_LANGUAGES, describe_document, detect_language, document_language
from ingest.ocr import OcrSettings, PageProgress
from ingest.read import read_document
from ingest.split import SplitSettings, split_passages
from ingest.types import DocumentInfo, Passage
from kb.errors import UnreadableFile


@dataclass(frozen=True)
class ReadLimits:
    """What one file may cost to read (ingest/workers.py enforces memory and time), and how scans are read."""

    memory_mb: int = 1000  # each worker's address space: a decompression bomb fails inside it (2 workers + the app < 2.5 GB)
    seconds: float = 120  # a file that takes longer is skipped (while a scan is OCR'd: each page may take this long)
    unpacked_mb: int = 500  # DOCX members, summed, checked before anything is inflated
    max_passages: int = 5000  # about 900,000 words, a 2,000-page book: bigger files are refused
    ocr: OcrSettings = field(default_factory=OcrSettings)  # pages without a text layer, or with a garbled one


@dataclass(frozen=True)
class PreparedDocument:
    doc_id: str
    file_type: str
    info: DocumentInfo
    pages: int | None
    warnings: tuple[str, ...]
    passages: tuple[Passage, ...]


def prepare_document(
    data: bytes,
    file_type: str,
    doc_id: str,
    fallback_title: str,
    split: SplitSettings,
    limits: ReadLimits = ReadLimits(),
    on_page: PageProgress | None = None,
) -> PreparedDocument:
    """Read, split and enrich one file's content; raises UnreadableFile when it has no text or is too big.

    Runs in a worker process during a sync (ingest/workers.py): other exceptions are reported there.
    on_page(done, total) is called after each page OCR reads.
    """
    document = read_document(data, file_type, limits.unpacked_mb, limits.ocr, on_page)
    chunks = split_passages(document, split)
    if len(chunks) > limits.max_passages:
        raise UnreadableFile(
            f"too much text: {len(chunks):,} passages, the limit is {limits.max_passages:,} a file: split the file"
        )
    languages = [_language(chunk.text) for chunk in chunks]
    language = document_language([(lang, len(chunk.text.split())) for lang, chunk in zip(languages, chunks)])
    passages = tuple(
        Passage(
            passage_id=f"{doc_id}:{position}",
            doc_id=doc_id,
            position=position,
            text=chunk.text,
            heading=chunk.heading,
            page_start=chunk.page_start,
            page_end=chunk.page_end,
            language=passage_language if passage_language != "unknown" else language,
            ocr=chunk.ocr,
            attachment=chunk.attachment,
            page_starts=chunk.page_starts,
            sheet=chunk.sheet,
        )
        for position, (chunk, passage_language) in enumerate(zip(chunks, languages))
    )
    info = describe_document(document, language, fallback_title)
    return PreparedDocument(doc_id, file_type, info, document.pages, document.warnings, passages)


def _language(text: str) -> str:
    """A passage's language; Russian written in Latin letters (a post, a chat) is Russian, not the Slovene or Croatian
    langdetect takes it for (kb/query.py is_russian_in_latin)."""
    from kb.query import is_russian_in_latin

    language = detect_language(text)
    if language in LATIN_LANGUAGES and language not in ("lv", "en") and is_russian_in_latin(text):
        return "ru"
    return language
