"""The Streamlit app: search, filter, cite, read in context, collect a handout, browse and add documents.

Run with `make run`.

The page state lives in the URL (?q=...&lang=lv&org=ESTO&ui=lv), so a search can be shared.

Everything from a document, a file name or the URL is untrusted: it goes through `escape_markdown` (or st.text,
st.dataframe) and is shown as text. Failed uploads are moved aside, and errors are one line on the page (the
traceback goes to the log).
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TypeVar

import streamlit as st
from langdetect.detector_factory import init_factory

from kb.errors import IndexDamaged, IndexIncompatible, IndexNotFound, IndexOutdated, KnowledgeBaseError
from kb.index import being_built, live_generation
from kb.query import load_word_lists
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
from ui.app_settings import app_settings
from ui.cards_tab import show_cards
from ui.handout_panel import show_handout
from ui.labels import LABELS
from ui.library_tab import show_library
from ui.names import language_name
from ui.page_style import (
    ENGLISH_ONLY,
    FOCUS,
    PHONE,
    QUIET,
    READABLE,
    SIDEBAR,
    STILL,
    screen_reader_names,
    streamlit_labels,
    uploader_style,
)
from ui.password import EDITOR_PASSWORD
from ui.reasons import failure_reason, hide_paths, reason_in
from ui.render import escape_markdown, shown_pages
from ui.search_tab import show_search
from ui.sidebar_filters import sidebar_filters

Done = TypeVar("Done")  # what a job on the upload thread returns
INTERFACE_NAMES = {"en": "English", "lv": "Latviešu", "ru": "Русский"}
log = logging.getLogger("app")


@st.cache_resource(show_spinner=False, max_entries=2)
def open_knowledge_base(index_dir: str, generation: str) -> KnowledgeBase:
    """One per index generation and process, shared by every session (read-only, thread-safe).

    The generation is part of the key: after an ingest (CLI or upload) the next rerun opens the new one, and
    older ones leave the cache, so their files and memory are released once no search uses them."""
    init_factory()  # langdetect's language profiles (0.7 s): read here, not in the first English query
    load_word_lists()  # the word lists a query is read by (0.3 s): Latvian without diacritics, the other layout
    return KnowledgeBase(Path(index_dir))


def main() -> None:
    st.set_page_config(page_icon="🔎", layout="wide")  # the title once the interface language is known
    params = st.query_params
    languages = list(LABELS)  # en, lv, ru
    if "ui" not in st.session_state:  # the link, else the browser's language, chooses once; after that the radio is
        # the truth (an index= taken from the URL lost every 2nd click)
        asked = params.get("ui", "").lower()  # "?ui=RU" too
        browser = (st.context.locale or "").split("-")[0].lower()  # a Latvian browser opens the Latvian interface
        st.session_state["ui"] = next((code for code in (asked, browser) if code in languages), "en")
    language = st.sidebar.radio(
        "Interface · Saskarne · Интерфейс", languages, key="ui", format_func=INTERFACE_NAMES.get, horizontal=True
    )
    text = LABELS[language]
    st.set_page_config(page_title=text["title"])  # the browser tab's title, in the interface language
    if language != "en":
        params["ui"] = language
    elif "ui" in params:
        del params["ui"]
    st.html(f"<style>{STILL} {QUIET} {ENGLISH_ONLY} {READABLE} {SIDEBAR} {FOCUS} {PHONE} {streamlit_labels(text)}</style>")
    st.html(screen_reader_names(language), unsafe_allow_javascript=True)  # our own words only: no document text
    st.title(text["title"], anchor=False)  # no link to itself: one tab stop less before the search box
    st.caption(text["caption"])
    try:  # reading CURRENT costs a file read per rerun
        settings = app_settings()
        index_dir = settings.index_dir
        with st.spinner(text["opening"]):  # shown only when opening takes longer than half a second
            knowledge_base = open_knowledge_base(str(index_dir), live_generation(index_dir).name)
    except KnowledgeBaseError as error:
        log.warning("cannot open the index: %s", error)  # the details (paths) for the administrator's log only
        building = isinstance(error, IndexNotFound) and being_built(index_dir)
        st.error(f"{text['cannot_open']} {index_problem(error, building, text)}")
        if isinstance(error, IndexNotFound) and not building:
            st.info(text["how_to_build"])
        return
    try:
        show_pages(knowledge_base, settings, text, language)
    except (sqlite3.DatabaseError, IndexDamaged) as error:  # the index's files damaged while the app runs
        log.exception("the index at %s cannot be read: %s", index_dir, error)
        st.error(f"{text['cannot_open']} {text['index_damaged']}")


def show_pages(knowledge_base: KnowledgeBase, settings: Settings, text: dict[str, str], language: str) -> None:
    """The sidebar's filters and handout, and the open tab."""
    filters = sidebar_filters(knowledge_base, text, language)
    show_handout(knowledge_base, text, language)
    names = ["search", "cards", "library", "add"]
    tabs = [text[f"{name}_tab"] for name in names]
    if f"tab-{language}" not in st.session_state:  # another interface language: the same tab stays open
        st.session_state[f"tab-{language}"] = text[f"{st.session_state.get('open_tab', 'search')}_tab"]
    # Only the open tab runs (the others cost nothing per search); switching tabs reruns the page.
    opened = st.tabs(tabs, key=f"tab-{language}", on_change="rerun")
    st.session_state["open_tab"] = next((name for name, tab in zip(names, opened) if tab.open), "search")
    search_tab, cards_tab, library_tab, add_tab = opened
    if search_tab.open:
        with search_tab:
            show_search(knowledge_base, filters, text, language)
    if cards_tab.open:
        with cards_tab:
            show_cards(knowledge_base, text, language)
    if library_tab.open:
        with library_tab:
            show_library(knowledge_base, text, language)
    if add_tab.open:
        with add_tab:
            show_upload(knowledge_base, settings, text, language)


def index_problem(error: KnowledgeBaseError, building: bool, text: dict[str, str]) -> str:
    """Why the index cannot be opened (building: an ingest is writing its first generation), in the interface language
    and without the server's paths."""
    if isinstance(error, IndexNotFound):
        return text["index_building"] if building else text["index_missing"]
    if isinstance(error, IndexDamaged):
        return text["index_damaged"]
    if isinstance(error, IndexOutdated):  # a sync updates it: --rebuild would drop the folders not named, the uploads
        return text["index_outdated"]
    if isinstance(error, IndexIncompatible):
        return text["index_incompatible"]
    return escape_markdown(hide_paths(str(error)))


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
    this_upload = upload_reports(result.reports, saved.accepted, folder)  # not the earlier uploads' lines
    failed = skipped_uploads(result.reports, saved.accepted, folder)  # add_uploads set them aside
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


def editor_signed_in(expected: str, text: dict[str, str]) -> bool:
    """The editor password, rate-limited across all sessions; each password typed counts once, however often
    the page reruns. A session stays signed in (as the password it signed in with) until "Sign out": only the open tab
    runs, and the password box of a tab not drawn is emptied."""
    if not expected:
        st.info(text["admin_off"])
        return False
    signed_in_as = hashlib.sha256(expected.encode()).hexdigest()  # the password a session signed in with, not kept
    if st.session_state.get("editor") == signed_in_as:
        st.caption(text["signed_in"])
        st.button(text["sign_out"], on_click=st.session_state.pop, args=("editor", None))
        return True
    password = st.text_input(text["password"], type="password", key="password")
    if not password:
        return False
    typed = hashlib.sha256(password.encode()).hexdigest()  # remembered per session instead of the password
    checked = st.session_state.get("password_checked")  # (typed, accepted)
    if checked is None or checked[0] != typed:
        verdict = EDITOR_PASSWORD.check(password, expected)
        if verdict == "locked":  # not checked: the same password is tried again on the next rerun
            st.error(text["password_locked"].format(seconds=EDITOR_PASSWORD.seconds_to_wait()))
            return False
        checked = st.session_state["password_checked"] = (typed, verdict == "accepted")
    if not checked[1]:
        st.error(text["wrong_password"])
    else:
        st.session_state["editor"] = signed_in_as
    return checked[1]


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


if __name__ == "__main__":  # streamlit runs the page as __main__; importing app (tests) does not
    main()
