"""A handout: collected hits as Markdown, CSV or a Word document, each passage with its full citation."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from kb.types import Hit

Citation = Callable[[Hit], str]  # Hit.cite, or the same with a language's page abbreviations
CSV_COLUMNS = [
    "title", "organisation", "project_number", "source", "page", "page_end", "citation", "language", "text", "passage_id"
]  # fmt: skip


def to_markdown(hits: Sequence[Hit], title: str = "Handout", cite: Citation = Hit.cite) -> str:
    parts = [f"# {title}\n"]
    for number, hit in enumerate(hits, start=1):
        quoted = "\n".join("> " + line for line in hit.text.splitlines())
        parts.append(f"## {number}. {hit.title}\n\n{quoted}\n\n*{cite(hit)}*\n")
    return "\n".join(parts)


def to_csv(hits: Sequence[Hit], cite: Citation = Hit.cite, headers: Sequence[str] = CSV_COLUMNS) -> str:
    """One row a passage: CSV_COLUMNS, under these headers (the interface language's), the citation by cite."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for hit in hits:
        row = {**hit.to_json(), "citation": cite(hit)}
        writer.writerow(["" if row[column] is None else row[column] for column in CSV_COLUMNS])
    return buffer.getvalue()


def to_docx(hits: Sequence[Hit], title: str = "Handout", sources_heading: str = "Sources", cite: Citation = Hit.cite) -> bytes:
    """A workshop handout for Word: each passage quoted with its citation, then the list of sources."""
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for number, hit in enumerate(hits, start=1):
        document.add_heading(f"{number}. {hit.title}", level=2)
        for paragraph in hit.text.split("\n"):
            if paragraph.strip():
                document.add_paragraph(paragraph.strip(), style="Quote")
        document.add_paragraph().add_run(cite(hit)).italic = True
    document.add_heading(sources_heading, level=2)
    for source in dict.fromkeys(f"{hit.title} — {hit.source}" for hit in hits):  # each once, in handout order
        document.add_paragraph(source, style="List Number")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
