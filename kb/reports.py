"""What a sync reports: a line for every file (FileReport), the result (SyncResult), and its progress callbacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args

Status = Literal["new", "updated", "unchanged", "duplicate", "skipped", "removed"]
STATUSES: tuple[Status, ...] = get_args(Status)
Progress = Callable[[str, int, int], None]  # (stage "read" | "embed" | "tag", done, total)
PageProgress = Callable[[str, int, int], None]  # (file as cited, pages done, pages to OCR) while a scan is OCR'd


@dataclass(frozen=True)
class FileReport:
    source: str
    status: Status
    pages: int | None = None
    passages: int = 0
    language: str = ""
    warnings: tuple[str, ...] = ()
    doc_id: str | None = None


@dataclass
class SyncResult:
    reports: list[FileReport]
    manifest: dict
    written: bool  # False when nothing changed and the live index was kept
    refused: str = ""  # why a build that would have emptied the index was not written (the reports say which files)

    def count(self, status: Status) -> int:
        return sum(report.status == status for report in self.reports)
