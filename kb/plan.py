"""The plan of a sync: what each file found is (new, updated, unchanged, duplicate, skipped, removed), which files are
read (each new content once, in worker processes), and what the new generation keeps from the live index."""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath

from ingest import ocr
from ingest.containers import documents_inside
from ingest.filetypes import file_type_of
from ingest.pipeline import PreparedDocument
from ingest.read import path_from_printable, printable_path, read_bytes
from ingest.workers import ReadJob, read_in_workers
from kb import store
from kb.discovery import discover_files, root_names, shown_path
from kb.errors import UnreadableFile, shown_name
from kb.reports import FileReport, PageProgress, Progress, Status
from kb.settings import Settings
from kb.store import FileRecord


@dataclass
class Plan:
    """What the new generation will hold."""

    files: dict[str, FileRecord] = field(default_factory=dict)  # path -> record
    kept: dict[str, store.StoredDocument] = field(default_factory=dict)  # doc_id -> document from the live index
    new: dict[str, PreparedDocument] = field(default_factory=dict)  # doc_id -> freshly read document
    earlier: dict[str, store.StoredDocument] = field(default_factory=dict)  # doc_id -> every live document
    reports: list[FileReport] = field(default_factory=list)
    changed: bool = False
    ocr_asked: bool = False  # what OCR lacks this sync (ingest/ocr.py lacking), asked when first needed
    ocr_lacks: str | None = None
    reading_all: bool = False  # an older reader's index (or one split otherwise): every file is read again
    ocr_languages: str = ""  # this sync's; a file OCR found no text in with others is read again


OCR_PACKAGE = re.compile(r"(?<=install )tesseract-ocr[\w-]*|(?<= )tesseract-ocr-\w+")  # in ingest/ocr.py's install hints
KEPT_EARLIER = ": the version indexed before stays in the search"  # after the reason a file indexed before was not read
# Reasons the same bytes give again to the same reader: such a file is not read again while it stays as it was (a
# trip's photos OCR'd at every sync took 2 of a tester's minutes a sync for nothing); a file that could not be read
# for want of time, memory, a tool ("needs antiword: install ..."), access, or with other OCR languages is tried again
SKIPPED_FOR_GOOD = ("empty", "corrupt", "encrypted", "OCR found no text", "no text layer, and OCR found no text")
OCR_LANGUAGES_SAID = " (OCR in {})"  # after an OCR reason a file is skipped for good with: the languages it was read in
FOR_WANT_OF = ("install", "took longer", "MB a file may use", "OCR failed")  # in any part of such a reason


@dataclass
class _ToRead:
    """A file whose content is new to the index: read in a worker, then planned."""

    path: Path
    source: str
    live: FileRecord | None
    record: FileRecord
    file_type: str
    data: bytes


def plan_sync(
    paths: Sequence[Path],
    settings: Settings,
    live_store: store.Store | None,
    reuse: bool,
    on_progress: Progress | None,
    on_page: PageProgress | None = None,
    away_if_empty: bool = True,
    keep_earlier: bool = True,
) -> Plan:
    plan = Plan(changed=live_store is not None and not reuse, reading_all=not reuse,
                 ocr_languages=settings.read.ocr.languages)  # fmt: skip
    live_files = {record.path: record for record in live_store.files()} if live_store else {}
    # what a file that cannot be read now keeps: not from a store of an older schema (or another embedder's vectors)
    plan.earlier = {doc.doc_id: doc for doc in live_store.documents()} if live_store and keep_earlier else {}
    live_docs = plan.earlier if reuse else {}  # read by an older reader or split otherwise: read again
    roots = [path.resolve() for path in paths]
    cited = cited_folders(live_files)
    files, unlisted = discover_files(paths, settings.index_dir.resolve(), cited)
    away = []  # a share not mounted tonight is an empty folder: its documents are not deleted
    for root in roots if away_if_empty else ():
        indexed = sum(path_from_printable(p).is_relative_to(root) for p, record in live_files.items() if record.doc_id)
        if indexed >= 2 and root.is_dir() and not any(path.is_relative_to(root) for path, _ in files):  # not the last file
            away.append(root)
            plan.reports.append(FileReport(_folder_source(root, roots, cited), "skipped", warnings=(
                f"folder is empty, and {indexed} files were indexed from it (a drive or share that is not there?): "
                "the documents indexed from it stay as they were; emptied on purpose: add --emptied",)))  # fmt: skip
    order = {source: number for number, (_, source) in enumerate(files)}
    to_read: list[_ToRead] = []
    sources: dict[str, str] = {}  # doc_id -> the first file with that content, for OCR progress
    other_types: dict[str, list[_ToRead]] = {}  # doc_id -> a file of each other type with that content
    done = 0

    def progress(count: int = 1) -> None:
        nonlocal done
        done += count
        if on_progress:
            on_progress("read", done, len(files))

    def jobs() -> Iterator[ReadJob]:
        """Each new content once, handed to a worker as one frees up (so only a few files sit in memory)."""
        reading: set[str] = set()

        def plan_file(path: Path, source: str, live: FileRecord | None) -> Iterator[ReadJob]:
            item = _plan_file(plan, path, source, live, live_docs, settings)
            if item is None:
                return progress()
            to_read.append(item)
            if item.record.doc_id not in reading:
                reading.add(item.record.doc_id)  # type: ignore[arg-type]
                sources[item.record.doc_id] = source  # type: ignore[index]
                yield ReadJob(item.record.doc_id, item.data, item.file_type, shown_path(item.path.stem))  # type: ignore[arg-type]
            elif item.file_type not in {other.file_type for other in other_types.get(item.record.doc_id, [])}:  # type: ignore[arg-type]
                other_types.setdefault(item.record.doc_id, []).append(item)  # type: ignore[arg-type]
            item.data = b""

        # the files indexed before first: a copy that appears later is the duplicate of the file it copies
        for path, source in sorted(files, key=lambda file: printable_path(file[0]) not in live_files):
            yield from plan_file(path, source, live_files.get(printable_path(path)))
        # Files that were under a synced folder and are gone now leave the index.
        discovered = {printable_path(path) for path, _ in files}
        for folder, reason in unlisted:
            plan.reports.append(FileReport(_folder_source(folder, roots, cited), "skipped", warnings=(
                f"folder cannot be read ({reason}): the documents indexed from it stay as they were",)))  # fmt: skip
        found: dict[str, list[str]] = {}  # doc_id -> where its content is now
        for path_text, record in [*plan.files.items(), *((item.record.path, item.record) for item in to_read)]:
            found.setdefault(record.doc_id, []).append(path_text)  # type: ignore[arg-type]
        moved_folders = _moved_folders(live_files, discovered, roots, found)
        for path_text, record in live_files.items():
            if path_text in discovered:
                continue
            path = path_from_printable(path_text)
            unread = any(path.is_relative_to(folder) for folder in [*away, *(folder for folder, _ in unlisted)])
            inside = any(path.is_relative_to(root) for root in roots)
            # a folder moved or renamed: its files, gone from their old place and found here, are cited by the new one
            moved = not inside and record.doc_id is not None and record.doc_id in found and not os.path.lexists(path)
            # and a file deleted from it meanwhile leaves, as it would have from the folder not moved
            moved_to = next((new for old, new in moved_folders.items() if path.is_relative_to(old)), None)
            if moved_to and not moved:
                plan.changed = True
                plan.reports.append(FileReport(record.source, "removed", doc_id=record.doc_id, warnings=(
                    f"not in {_folder_source(moved_to, roots, cited)}, where its folder was moved",)))  # fmt: skip
            elif (not unread and inside) or moved:
                plan.changed = True
                plan.reports.append(FileReport(record.source, "removed", doc_id=record.doc_id))
            elif not reuse:  # from another folder, but split with other settings: split it again
                yield from plan_file(path_from_printable(path_text), record.source, record)
            else:
                plan.files[path_text] = record  # from another folder: untouched
                if record.doc_id and record.doc_id not in plan.kept and record.doc_id in live_docs:
                    plan.kept[record.doc_id] = live_docs[record.doc_id]

    def page_read(doc_id: str, pages_done: int, pages: int) -> None:
        if on_page:
            on_page(sources.get(doc_id, doc_id), pages_done, pages)

    progress(0)  # the reading stage starts (a scan's OCR progress shows within it)
    results = dict(
        read_in_workers(jobs(), settings.split, settings.read, settings.read_workers, lambda *_: progress(), page_read)
    )
    _read_other_types(results, other_types, settings, page_read)
    first_the_readers = sorted(to_read, key=lambda item: _read_as_other_type(item, results[item.record.doc_id]))  # type: ignore[index]
    for item in first_the_readers:
        result = results[item.record.doc_id]  # type: ignore[index]
        if _read_as_other_type(item, result) and not isinstance(result, UnreadableFile):
            _plan_duplicate(plan, item, result)
        else:
            _plan_read(plan, item, result)
    progress(len(to_read) - len(results))  # files with the same content as another were read once
    plan.reports.sort(key=lambda report: order.get(report.source, len(order)))  # the order files were found in
    if live_store is not None:
        _retitle_renamed(plan, live_files, live_store)
    _report_by_cited_names(plan)
    return plan


def _report_by_cited_names(plan: Plan) -> None:
    """The report in the names hits are cited by (store.CITED_FIRST: the older file, then the shorter name): of files
    with the same content first indexed now, that one is "new", the others "duplicate" (the copy found first by its
    name was "new"); a removed file whose content the index still holds (renamed, moved, one of two copies deleted)
    says under which name ("removed" alone read as a document lost)."""
    cited: dict[str, str] = {}  # doc_id -> the name its hits are cited by
    for record in sorted(plan.files.values(), key=store.cited_first, reverse=True):
        if record.doc_id is not None:
            cited[record.doc_id] = record.source  # the last set: the first in citation order
    status = {report.source: report.status for report in plan.reports}
    swapped = {doc_id for doc_id, source in cited.items() if doc_id in plan.new and status.get(source) == "duplicate"}
    plan.reports = [
        replace(report, status="new" if report.source == cited[report.doc_id] else "duplicate")  # type: ignore[index]
        if report.doc_id in swapped and report.status in ("new", "duplicate")
        else replace(report, warnings=(*report.warnings, f"its content stays in the index as {cited[report.doc_id]}"))
        if report.status == "removed" and report.doc_id in cited
        else report
        for report in plan.reports
    ]  # fmt: skip


def cited_folders(live_files: dict[str, FileRecord]) -> dict[str, set[str]]:
    """Each folder name the index's citations hold and the folders (printable paths) it stands for: a file
    /d/2023/projekti/sub/x.pdf cited "projekti/sub/x.pdf" makes "projekti/sub" stand for /d/2023/projekti/sub and
    "projekti" for /d/2023/projekti. Worked out once a folder: 100,000 files take a fraction of a second."""
    named: dict[str, set[str]] = {}
    for folder, cited in {(os.path.dirname(path), os.path.dirname(record.source)) for path, record in live_files.items()}:
        parts = cited.split("/") if cited else []
        for depth in range(len(parts), 0, -1):
            named.setdefault("/".join(parts[:depth]), set()).add(folder)
            folder = os.path.dirname(folder)
    return named


def _folder_source(folder: Path, roots: list[Path], cited: dict[str, set[str]]) -> str:
    """A folder named as its files are cited: "docs/locked/"."""
    root = next((root for root in roots if folder.is_relative_to(root)), folder.parent)
    return printable_path(root_names([*roots, root], cited)[root] / folder.relative_to(root)) + "/"


def _retitle_renamed(plan: Plan, live_files: dict[str, FileRecord], live_store: store.Store) -> None:
    """A kept document titled by its file's name (it had no title of its own) takes its file's new name. A title its
    text opens with (a heading, a message's subject) is its own, even when the file was named after it."""
    paths: dict[str | None, list[str]] = {}
    for record in plan.files.values():  # each list once: a sync keeps thousands of documents
        paths.setdefault(record.doc_id, []).append(record.path)
    earlier: dict[str | None, set[str]] = {}
    for record in live_files.values():
        earlier.setdefault(record.doc_id, set()).add(record.path)
    for doc_id, document in plan.kept.items():
        now = paths.get(doc_id, [])
        if not now or set(now) == earlier.get(doc_id, set()):
            continue  # not renamed
        names = [_stem(path) for path in now]
        title = document.info.title
        if title in {_stem(path) for path in earlier.get(doc_id, ())} - set(names):
            opening = live_store.query("SELECT text FROM passages WHERE doc_id = ? ORDER BY position LIMIT 1", (doc_id,))
            if not opening or title.casefold() not in opening[0]["text"].casefold():
                plan.kept[doc_id] = replace(document, info=replace(document.info, title=names[0]))


def _stem(path: str) -> str:
    """A file's name without its suffix, as the reader's fallback title was made (the path is already printable)."""
    return shown_name(PurePath(path).stem)


def _moved_folders(
    live_files: dict[str, FileRecord], discovered: set[str], roots: list[Path], found: dict[str, list[str]]
) -> dict[Path, Path]:
    """Folders indexed before that were moved or renamed into the synced ones: old folder -> new. A folder counts as
    moved when it is gone and more than half of the files indexed from it, two at least, are found again in this
    sync's new places, under one new folder at the same path inside it ("projekti/a/b.md" now "NVO_projekti/a/b.md"
    or "NVO/projekti/a/b.md"). A share that is not mounted is gone too, but its files are not found again in new
    places, or a few only (copies in a synced folder): they stay."""
    votes: dict[Path, Counter[Path]] = {}  # old folder -> new folder -> files found there
    there = functools.cache(os.path.lexists)  # each old folder asked once, not once per file in it
    for path_text, record in live_files.items():
        path = path_from_printable(path_text)
        if path_text in discovered or record.doc_id is None or any(path.is_relative_to(root) for root in roots):
            continue
        for new_text in found.get(record.doc_id, []):
            if new_text in live_files:  # indexed there before: a copy, not this file moved
                continue
            new = path_from_printable(new_text)
            tail = 0  # the path parts both end in, the file's name at least
            while tail < min(len(path.parts), len(new.parts)) - 1 and path.parts[-1 - tail] == new.parts[-1 - tail]:
                tail += 1
            # the outermost folder of that shared end that is gone ("projekti" moved into "NVO/" keeps its name)
            cut = next((cut for cut in range(tail, 0, -1) if not there(Path(*path.parts[:-cut]))), 0)
            if cut:
                votes.setdefault(Path(*path.parts[:-cut]), Counter())[Path(*new.parts[:-cut])] += 1
    indexed: Counter[Path] = Counter()
    for path_text, record in live_files.items():
        indexed.update(folder for folder in votes if record.doc_id and path_from_printable(path_text).is_relative_to(folder))
    moved = {}
    for old_folder, counts in votes.items():
        [(new_folder, count)] = counts.most_common(1)
        if count >= 2 and 2 * count > indexed[old_folder]:
            moved[old_folder] = new_folder
    return moved


def _plan_file(
    plan: Plan, path: Path, source: str, live: FileRecord | None, live_docs: dict, settings: Settings
) -> _ToRead | None:
    """Plan a file that needs no reading (skipped, unchanged, duplicate); return the others to be read."""
    key = printable_path(path)

    def skip(reason: str, keep_earlier: bool = True) -> None:
        _skip(plan, key, source, live, reason, keep_earlier)

    if os.path.islink(path) and os.path.isdir(path):  # (os.path's: an entry it cannot look at is no link, raises nothing)
        return skip("a link to a folder, not followed: name that folder in `kb ingest` to index it", keep_earlier=False)
    try:
        file_type = file_type_of(path.name)
        stat = path.stat()
        data = b""
        # its earlier version was kept when it could not be read (by an older reader, perhaps): read it now
        kept_before = live is not None and any(warning.endswith(KEPT_EARLIER) for warning in live.warnings)
        untouched = live is not None and (live.size, live.mtime_ns) == (stat.st_size, stat.st_mtime_ns)
        if untouched and live.doc_id is None and live.sha256 and not plan.reading_all and _skipped_for_good(plan, live.warnings):
            plan.files[key] = live  # read before, and it would give the same reason again
            plan.reports.append(FileReport(source, "skipped", warnings=live.warnings))
            return None
        # read again too when OCR has what it lacked when the file was read (Tesseract installed since)
        if untouched and not kept_before and live.doc_id in live_docs and not _ocr_came(plan, live.warnings, settings):
            sha256 = live.sha256  # untouched since the last sync: no need to read it
        else:
            data = read_bytes(path, settings.max_file_bytes)
            sha256 = hashlib.sha256(data).hexdigest()
    except UnreadableFile as error:
        inside = documents_inside(path) if str(error).startswith("too large") and path.suffix.lower() == ".zip" else ""
        return skip(str(error) + (f"; it holds {inside}: unpack it to index them, or raise --max-file-mb" if inside else ""))
    except FileNotFoundError:
        if path.is_symlink():  # its file deleted: the link's document leaves too
            return skip("a link to a file that is not there", keep_earlier=False)
        return skip("file vanished before it could be read")
    except OSError as error:
        return skip(f"cannot read: {error.strerror or error}")
    doc_id = sha256[:16]
    record = FileRecord(key, source, sha256, stat.st_size, stat.st_mtime_ns, doc_id)
    if doc_id in plan.kept:
        plan.files[key] = record
        plan.reports.append(_report(source, "duplicate", plan.kept[doc_id]))
        plan.changed = plan.changed or live is None or live.doc_id != doc_id
        return None
    read_again = kept_before and doc_id == live.doc_id  # type: ignore[union-attr]
    if doc_id in live_docs and not read_again and not _ocr_came(plan, live_docs[doc_id].warnings, settings):
        plan.kept[doc_id] = live_docs[doc_id]
        record = replace(record, warnings=live_docs[doc_id].warnings)  # as when it was read: a scan's "read by OCR"
        plan.files[key] = record
        plan.reports.append(_report(source, "unchanged", live_docs[doc_id]))
        plan.changed = plan.changed or live is None or live != record
        return None
    return _ToRead(path, source, live, record, file_type, data)


def _ocr_came(plan: Plan, warnings: Sequence[str], settings: Settings) -> bool:
    """Whether a document was read while OCR lacked Tesseract or a language of it ("...: needs OCR: install
    tesseract-ocr ...", "OCR without lav: install tesseract-ocr-lav"), and OCR has some of it now and lacks nothing
    more (Tesseract gone since does not make a file OCR'd without one language lose its OCR)."""
    lacked = {package for warning in warnings for package in OCR_PACKAGE.findall(warning)}
    if not lacked:
        return False
    if not plan.ocr_asked:
        plan.ocr_lacks, plan.ocr_asked = ocr.lacking(settings.read.ocr), True
    if plan.ocr_lacks is None:  # OCR turned off
        return False
    lacks = set(OCR_PACKAGE.findall(plan.ocr_lacks))
    return lacks < lacked


def _read_other_types(
    results: dict[str, PreparedDocument | UnreadableFile],
    other_types: dict[str, list[_ToRead]],
    settings: Settings,
    on_page: Callable[[str, int, int], None],
) -> None:
    """The same bytes under another type ("a.md" and its copy "a (2).rtf"): where the first file's type could not read
    them, the next type is tried, until one reads them."""

    def jobs(retry: list[_ToRead]) -> Iterator[ReadJob]:
        for item in retry:
            try:
                yield ReadJob(item.record.doc_id, read_bytes(item.path, settings.max_file_bytes), item.file_type,  # type: ignore[arg-type]
                              shown_path(item.path.stem))  # fmt: skip
            except (UnreadableFile, OSError):  # gone or changed since: that type is not tried
                continue

    failed = lambda doc_id: isinstance(results[doc_id], UnreadableFile)  # noqa: E731
    while retry := [others.pop(0) for doc_id, others in other_types.items() if others and failed(doc_id)]:
        for doc_id, result in read_in_workers(jobs(retry), settings.split, settings.read, settings.read_workers, on_page=on_page):
            if not isinstance(result, UnreadableFile):
                results[doc_id] = result


def _read_as_other_type(item: _ToRead, result: PreparedDocument | UnreadableFile) -> bool:
    return isinstance(result, PreparedDocument) and result.file_type != item.file_type


def _plan_read(plan: Plan, item: _ToRead, result: PreparedDocument | UnreadableFile) -> None:
    """Plan a file a worker read: new, updated, a duplicate of another new file, or skipped with the reason."""
    key, doc_id = item.record.path, item.record.doc_id
    if isinstance(result, UnreadableFile):
        return _skip(plan, key, item.source, item.live, str(result), read_as=item.record)
    if doc_id in plan.new:
        return _plan_duplicate(plan, item, plan.new[doc_id])  # type: ignore[index]
    plan.new[doc_id] = result  # type: ignore[index]
    plan.files[key] = replace(item.record, warnings=result.warnings)
    # a file skipped before, never indexed, is new; one read again (its version kept when it could not be read: by an
    # older reader, perhaps) is updated
    status = "new" if item.live is None or item.live.doc_id is None else "updated"
    plan.reports.append(_report(item.source, status, result))
    plan.changed = True


def _plan_duplicate(plan: Plan, item: _ToRead, document: PreparedDocument) -> None:
    plan.files[item.record.path] = item.record
    plan.reports.append(_report(item.source, "duplicate", document))
    plan.changed = plan.changed or item.live is None or item.live.doc_id != item.record.doc_id


def _skipped_for_good(plan: Plan, warnings: Sequence[str]) -> bool:
    """Whether a file was skipped for what its bytes give this reader: OCR's reasons with this sync's OCR languages."""
    if len(warnings) != 1 or not warnings[0].startswith(SKIPPED_FOR_GOOD) or warnings[0].endswith(KEPT_EARLIER):
        return False
    if any(want in warnings[0] for want in FOR_WANT_OF):
        return False
    return "OCR" not in warnings[0] or warnings[0].endswith(_read_with(plan))


def _read_with(plan: Plan) -> str:
    return OCR_LANGUAGES_SAID.format(plan.ocr_languages)


def _skip(
    plan: Plan,
    key: str,
    source: str,
    live: FileRecord | None,
    reason: str,
    keep_earlier: bool = True,
    read_as: FileRecord | None = None,
) -> None:
    """The file is skipped for reason; read_as: the record of the bytes that gave it (kept with a reason they would give
    again, so that the file is not read again while it stays as it is; OCR's reason says in which languages)."""
    if keep_earlier and live is not None and live.doc_id in plan.earlier and live.doc_id not in plan.new:
        # indexed before: a file that cannot be read now (being written, locked, on a share that is away while an
        # upgrade reads every file again) keeps its earlier version in the search, and is tried again next time
        reason = reason + KEPT_EARLIER
        plan.files[key] = replace(live, warnings=(reason,))
        plan.kept.setdefault(live.doc_id, plan.earlier[live.doc_id])  # type: ignore[index]
        plan.reports.append(FileReport(source, "skipped", warnings=(reason,), doc_id=live.doc_id))
        plan.changed = plan.changed or live.warnings != (reason,)
        return
    if read_as is not None and "OCR" in reason and _skipped_for_good(plan, (reason + _read_with(plan),)):
        reason += _read_with(plan)
    if read_as is not None and _skipped_for_good(plan, (reason,)):
        plan.files[key] = replace(read_as, doc_id=None, warnings=(reason,))
    else:
        plan.files[key] = FileRecord(key, source, None, None, None, None, (reason,))
    plan.reports.append(FileReport(source, "skipped", warnings=(reason,)))
    plan.changed = plan.changed or live != plan.files[key]


def _report(source: str, status: Status, document: PreparedDocument | store.StoredDocument) -> FileReport:
    count = len(document.passages) if isinstance(document, PreparedDocument) else document.passages
    return FileReport(source, status, document.pages, count, document.info.language, document.warnings, document.doc_id)
