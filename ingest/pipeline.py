"""The ingest pipeline: bytes -> document -> passages with language -> document metadata.

Embedding is a separate step (embed_texts) so a sync can embed the new passages of many
files together, in batches of similar length.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.enrich import describe_document, detect_language, document_language
from ingest.read import read_document
from ingest.split import SplitSettings, split_passages
from ingest.types import DocumentInfo, Passage


@dataclass(frozen=True)
class PreparedDocument:
    doc_id: str
    file_type: str
    info: DocumentInfo
    pages: int | None
    warnings: tuple[str, ...]
    passages: tuple[Passage, ...]


def prepare_document(data: bytes, file_type: str, doc_id: str, fallback_title: str, split: SplitSettings) -> PreparedDocument:
    """Read, split and enrich one file's content; raises UnreadableFile when it has no text."""
    document = read_document(data, file_type)
    chunks = split_passages(document, split)
    languages = [detect_language(chunk.text) for chunk in chunks]
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
        )
        for position, (chunk, passage_language) in enumerate(zip(chunks, languages))
    )
    info = describe_document(document, language, fallback_title)
    return PreparedDocument(doc_id, file_type, info, document.pages, document.warnings, passages)
