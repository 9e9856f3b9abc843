"""A handout: collected hits as Markdown or CSV, each passage with its full citation."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from kb.types import Hit

CSV_COLUMNS = ["title", "organisation", "project_number", "source", "page", "language", "text", "passage_id"]


def to_markdown(hits: Sequence[Hit], title: str = "Handout") -> str:
    parts = [f"# {title}\n"]
    for number, hit in enumerate(hits, start=1):
        quoted = "\n".join("> " + line for line in hit.text.splitlines())
        parts.append(f"## {number}. {hit.title}\n\n{quoted}\n\n*{hit.citation}*\n")
    return "\n".join(parts)


def to_csv(hits: Sequence[Hit]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for hit in hits:
        writer.writerow(hit.to_json())
    return buffer.getvalue()
