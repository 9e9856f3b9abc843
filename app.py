"""The Streamlit app: search, filter, cite, read in context, collect a handout, browse and add documents.

Run with `make run` (`streamlit run app.py`). This entry point chooses the interface language, styles the page, opens
the knowledge base and draws the sidebar and the open tab; the ui package draws each part (ui/sidebar_filters.py,
ui/handout_panel.py, ui/search_tab.py with ui/hit_card.py, ui/cards_tab.py, ui/library_tab.py, ui/upload_tab.py).

The page state lives in the URL (?q=...&lang=lv&org=ESTO&ui=lv), so a search can be shared.

Everything from a document, a file name or the URL is untrusted: it goes through `escape_markdown` (ui/render.py; or
st.text, st.dataframe) and is shown as text. Failed uploads are moved aside, and errors are one line on the page (the
traceback goes to the log).
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import streamlit as st
from langdetect.detector_factory import init_factory

from kb.errors import IndexDamaged, IndexIncompatible, IndexNotFound, IndexOutdated, KnowledgeBaseError
from kb.index import being_built, live_generation
from kb.query import load_word_lists
from kb.search import KnowledgeBase
from kb.settings import Settings
from ui.app_settings import app_settings
from ui.cards_tab import show_cards
from ui.handout_panel import show_handout
from ui.labels import LABELS
from ui.library_tab import show_library
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
)
from ui.reasons import hide_paths
from ui.render import escape_markdown
from ui.search_tab import show_search
from ui.sidebar_filters import sidebar_filters
from ui.upload_tab import show_upload

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


if __name__ == "__main__":  # streamlit runs the page as __main__; importing app (tests) does not
    main()
