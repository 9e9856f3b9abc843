"""Which files a sync looks at: every file under the folders given, hidden files, Windows' folder files and kb indexes
aside, each with the name it is cited by."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from ingest.read import path_from_printable, printable_path
from kb import index
from kb.errors import shown_name

SYSTEM_FILES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini"})  # Windows' picture previews and folder settings


def discover_files(
    paths: Iterable[Path], skip: Path | None = None, cited: Mapping[str, set[str]] | None = None
) -> tuple[list[tuple[Path, str]], list[tuple[Path, str]]]:
    """(path, citation name) of every file under the given paths (root_names), hidden files, the files Windows leaves in folders
    (Thumbs.db, desktop.ini), kb indexes and the folder skip (the index's own) aside; and (folder, reason) for each
    folder that could not be listed.

    A file is keyed by its folder's real path and its own name: a symbolic link is a file of the folder it is in
    (deleting it removes its document; a link loop is skipped as that file). Named pipes, devices and sockets are
    listed too: the sync reports them instead of reading them. Citation names are printable (a byte that is not
    UTF-8 shows as \\xNN, a control character as \\n or \\x1b: shown_name). cited: the folder names the index's
    citations hold, and the folders each stands for (root_names).
    """
    found: dict[Path, str] = {}
    unlisted: list[tuple[Path, str]] = []
    paths = list(paths)
    named = root_names([path.resolve() if path.is_dir() else path.parent.resolve() for path in paths], cited)

    def unreadable(error: OSError) -> None:
        unlisted.append((Path(error.filename), error.strerror or str(error)))

    for path in paths:
        if not path.is_dir():  # named like a folder's files, with its folder: two "report.pdf" from two folders stay apart
            folder = path.parent.resolve()
            found[folder / path.name] = shown_path(named[folder] / path.name)
            continue
        root, under = path.resolve(), []
        for folder, folders, names in os.walk(root, onerror=unreadable):  # symbolic links to folders are not followed
            folders[:] = [name for name in folders if not name.startswith((".", "~$")) and Path(folder, name) != skip
                          and not index.is_index(Path(folder, name))]  # fmt: skip
            under += [Path(folder, name) for name in names
                      if not name.startswith((".", "~$")) and name.lower() not in SYSTEM_FILES]  # fmt: skip
            under += [Path(folder, name) for name in folders if os.path.islink(Path(folder, name))]  # said, not followed
        for file in sorted(under):
            found[file] = shown_path(named[root] / file.relative_to(root))
    return list(found.items()), unlisted


def root_names(roots: list[Path], cited: Mapping[str, set[str]] | None = None) -> dict[Path, Path]:
    """How each folder synced is named in citations: by its own name ("projekti/report.pdf"), or, where two have
    the same name, with as many of the folders above it as tell them apart ("2023/projekti", "2024/projekti": both
    were cited "projekti/report.pdf"); also where the index cites another folder, still there, by that name (cited:
    each folder name of the index's citations and the folders it stands for, kb.plan.cited_folders). A folder keeps
    the name its files are cited by while that tells it apart, so names do not change from one sync to the next."""
    cited = cited or {}
    there = functools.cache(lambda folder: os.path.isdir(path_from_printable(folder)))

    def last(root: Path, count: int) -> Path:
        parts = root.parts[1:] if root.anchor else root.parts
        return Path(*parts[-count:]) if parts else Path(root.name)

    def taken(name: Path, root: Path) -> bool:
        return any(folder != printable_path(root) and there(folder) for folder in cited.get(str(name), ()))

    def shortest(root: Path) -> Path:
        count = 1
        while count < len(root.parts) and (
            taken(last(root, count), root) or any(other != root and last(other, count) == last(root, count) for other in roots)
        ):
            count += 1
        return last(root, count)

    named = {root: shortest(root) for root in roots}
    for root in roots:
        others = [named[other] for other in roots if other != root]
        own = [Path(name) for name, folders in cited.items() if printable_path(root) in folders]
        own.sort(key=lambda name: len(name.parts))
        kept = [name for name in own if last(root, len(name.parts)) == name and not taken(name, root) and name not in others]
        named[root] = kept[0] if kept else named[root]
    return named


def shown_path(path: Path | str) -> str:
    """A file's name or path as citations and fallback titles show it: printable (printable_path), its control
    characters written out (shown_name)."""
    return shown_name(printable_path(path))
