"""Enrich passages and documents: language, and the metadata users filter and cite by."""

from __future__ import annotations

import re
from collections import Counter

from langdetect import DetectorFactory, LangDetectException, detect_langs

from ingest import metadata
from ingest.types import Document, DocumentInfo

DetectorFactory.seed = 0  # langdetect is random by default: the same text must get the same answer

MIN_LETTERS = 20  # below this, a passage takes its document's language


def detect_language(text: str, fallback: str = "unknown") -> str:
    """ISO 639-1 code of the text's language ('lv', 'en', 'ru', ...), or fallback when unsure."""
    letters = re.sub(r"[^\w]|[\d_]", "", text)
    if len(letters) < MIN_LETTERS:
        return fallback
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return fallback
    return best.lang if best.prob >= 0.5 else fallback


def document_language(passage_languages: list[tuple[str, int]]) -> str:
    """The language most of the document's words are in; (language, words) per passage."""
    words: Counter[str] = Counter()
    for language, count in passage_languages:
        if language != "unknown":
            words[language] += count
    return words.most_common(1)[0][0] if words else "unknown"


def describe_document(document: Document, language: str, fallback_title: str) -> DocumentInfo:
    text = document.text
    return DocumentInfo(
        title=document_title(document, fallback_title),
        language=language,
        organisations=tuple(metadata.find_organisations(text)),
        project_numbers=tuple(metadata.find_project_numbers(text)),
        years=tuple(metadata.find_years(text)),
        countries=tuple(metadata.find_countries(text)),
        places=tuple(metadata.find_places(text)),
    )


def document_title(document: Document, fallback: str) -> str:
    """The file's own title, else its first heading, else the file name."""
    if document.title and len(document.title) > 3:
        return document.title
    for block in document.blocks[:10]:
        if block.kind == "heading" and len(block.text.split()) >= 2:
            return _shorten(block.text.strip("*# "))
    return fallback


def _shorten(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
