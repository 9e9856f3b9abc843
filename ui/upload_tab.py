"""The editors' tab: files uploaded, checked and synced into a new index generation on the app's one upload thread
(with a progress bar, going on if the editor leaves), what became of each file in the interface language, and
uploaded files replaced or removed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from typing import TypeVar

import streamlit as st

from kb.reports import STATUSES, FileReport
from kb.search import KnowledgeBase
from kb.settings import Settings
from kb.sync import sync_index
from kb.uploads import (
    UploadProgress,
    add_uploads,
    remove_uploads,
    skipped_uploads,
    stage_uploads,
    upload_reports,
    uploaded_files,
)
from ui.names import language_name
from ui.page_style import uploader_style
from ui.password import editor_signed_in
from ui.reasons import failure_reason, hide_paths, reason_in
from ui.render import escape_markdown, shown_pages

log = logging.getLogger("app")  # the app's log, as when this was app.py


Done = TypeVar("Done")  # what a job on the upload thread returns


def show_upload(knowledge_base: KnowledgeBase, settings: Settings, text: dict[str, str], language: str) -> None:
    """Editors add files: saved under safe names in the uploads folder, synced into a new index generation on the
    app's upload thread (kb/uploads.py: it goes on if the editor leaves the page, and waits for another upload).
    They can replace an uploaded file by a new version of its name, and remove uploaded files.

    An uploaded file that cannot be indexed, or all the files this upload wrote when the sync fails, is moved into the
    quarantine folder: a bad file never stops the next upload."""
    if not editor_signed_in(settings.admin_password, text):
        return
    st.html(uploader_style(text))
    files = st.file_uploader(text["upload"], accept_multiple_files=True, key="uploads")
    replacing = st.checkbox(text["replace"], key="replace", help=text["replace_help"])
    if files and st.button(text["add_button"]):
        add_files(knowledge_base, settings, [(f.name, f.getvalue()) for f in files], replacing, text, language)
    show_removal(knowledge_base, settings, text)


def add_files(
    knowledge_base: KnowledgeBase, settings: Settings, files: list[tuple[str, bytes]], replacing: bool,
    text: dict[str, str], language: str,
) -> None:  # fmt: skip
    """Save the uploaded files and sync them in, saying what became of each."""
    folder = settings.uploads_dir
    try:
        staged = stage_uploads(files, folder, settings.max_file_mb)
        say_rejected(staged.rejected, text, language)
        if not staged.files:
            return
        work = partial(add_uploads, staged, replacing, settings.uploads_dir)
        saved, result = on_upload_thread(knowledge_base, settings, work, text)
    except Exception as error:  # whatever went wrong: one line for the page, the traceback for the log
        log.exception("adding the uploaded files %s failed", [name for name, _ in files])
        st.error(text["upload_failed"].format(reason=escape_markdown(failure_reason(error, text))))
        return
    say_rejected(saved.rejected, text, language)  # those the disk could not take
    for name, renamed in saved.renamed:
        st.info(text["renamed"].format(name=escape_markdown(name), saved=escape_markdown(renamed)))
    if not saved.accepted:
        return
    # The next rerun opens the new generation (open_knowledge_base is keyed on it); searches in progress keep theirs.
    this_upload = upload_reports(result.reports, saved.accepted)  # not the earlier uploads' lines
    failed = skipped_uploads(result.reports, saved.accepted)  # add_uploads set them aside
    for path, report in failed.items():
        reason = reason_in(hide_paths("; ".join(report.warnings)), language)
        st.warning(text["rejected"].format(name=escape_markdown(path.name), reason=escape_markdown(reason)))
        if path in saved.replaced:
            st.info(text["not_replaced"].format(name=escape_markdown(path.name)))
    for path in saved.replaced.keys() - failed.keys():
        st.info(text["replaced"].format(name=escape_markdown(path.name)))
    st.dataframe(report_table(list(this_upload.values()), text, language), hide_index=True)
    if len(failed) == len(saved.accepted):
        st.warning(text["nothing_added"])
        return
    counts = result.manifest["counts"]
    st.success(text["added"].format(documents=counts["documents"], passages=counts["passages"]))


def say_rejected(rejected: list[tuple[str, str]], text: dict[str, str], language: str) -> None:
    for name, reason in rejected:
        st.warning(text["rejected"].format(name=escape_markdown(name), reason=escape_markdown(reason_in(reason, language))))


def show_removal(knowledge_base: KnowledgeBase, settings: Settings, text: dict[str, str]) -> None:
    """Editors remove files uploaded here (set aside in the uploads folder's hidden removed folder, not deleted)."""
    uploaded = {path.name: path for path in uploaded_files(settings.uploads_dir)}
    if not uploaded:
        return
    st.header(text["remove_heading"], anchor=False)
    chosen = st.multiselect(text["remove_pick"], list(uploaded), key="remove", placeholder=text["choose"])
    st.caption(text["remove_caption"])
    if not chosen or not st.button(text["remove_button"]):
        return
    files = [uploaded[name] for name in chosen]
    try:
        result = on_upload_thread(knowledge_base, settings, partial(remove_uploads, files, settings.uploads_dir), text)
    except Exception as error:
        log.exception("removing the uploaded files %s failed", chosen)
        st.error(text["remove_failed"].format(reason=escape_markdown(failure_reason(error, text))))
        return
    counts = result.manifest["counts"]
    st.success(text["removed"].format(count=len(files), documents=counts["documents"], passages=counts["passages"]))


def report_table(reports: list[FileReport], text: dict[str, str], language: str) -> list[dict]:
    """The ingest report with headers, statuses and reasons in the interface language."""
    columns = text["report_columns"].split("|")
    statuses = dict(zip(STATUSES, text["statuses"].split("|")))
    rows = []
    for r in reports:
        warnings = reason_in("; ".join(r.warnings), language)
        named = language_name(r.language, language) if r.language else ""  # "latviešu", not "lv"
        rows.append(dict(zip(columns, (r.source, statuses[r.status], shown_pages(r.pages), r.passages, named, warnings))))
    return rows


@st.cache_resource(show_spinner=False)
def upload_thread() -> ThreadPoolExecutor:
    """One thread for every session's uploads: each is indexed after the one before, whatever the pages do."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="uploads")


def on_upload_thread(knowledge_base: KnowledgeBase, settings: Settings, work: Callable[..., Done], text: dict[str, str]) -> Done:
    """Run work(sync, progress) on the upload thread, where sync() syncs the whole uploads folder into a new index
    generation, with a progress bar (the pages of a scan being OCR'd counted too) while this page waits for it."""
    settings = replace(settings, index_dir=knowledge_base.index_dir, embedder=knowledge_base.manifest["embedder"]["model_id"])
    progress = UploadProgress()
    sync = partial(sync_index, [settings.uploads_dir], settings, knowledge_base.embedder, on_progress=progress.on_stage,
                   away_if_empty=False,  # emptied by an editor's removal, not a share away
                   on_page=progress.on_page)  # fmt: skip
    job = upload_thread().submit(work, sync, progress)
    st.caption(text["upload_goes_on"])
    bar = st.progress(0.0, text=text["upload_waiting"])
    try:
        while True:
            try:
                return job.result(timeout=0.25)
            except TimeoutError:
                bar.progress(*progress_shown(progress, text))
    finally:
        bar.empty()  # done: the report and the messages say the rest


def progress_shown(progress: UploadProgress, text: dict[str, str]) -> tuple[float, str]:
    """The bar's share and label: a stage and its count, a scan's page (the file's name is the uploader's: text, not
    Markdown), or waiting for another upload or ingest."""
    stage, done, total, scan = progress.state
    share = min(1.0, max(0.0, done / max(total, 1)))
    if stage in ("queued", "waiting"):
        return 0.0, text["upload_waiting"]
    if stage == "ocr":
        return share, text["ocr_progress"].format(name=escape_markdown(scan), done=done, total=total)
    return share, f"{text['stage_' + stage]}: {done}/{total}"

