"""The Streamlit app: search, filter, cite, read in context, collect a handout, browse and add documents.

Run with `make run`.

The page state lives in the URL (?q=...&lang=lv&org=ESTO&ui=lv), so a search can be shared.

Everything from a document, a file name or the URL is untrusted: it goes through `escape_markdown` (or st.text,
st.dataframe) and is shown as text. Failed uploads are moved aside, and errors are one line on the page (the
traceback goes to the log).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import io
import json
import logging
import re
import sqlite3
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import cache, partial
from pathlib import Path
from typing import TypeVar

import streamlit as st
from langdetect.detector_factory import init_factory

from ingest.filetypes import PICTURE_TYPES, file_type_of
from ingest.gazetteer import display_name
from ingest.picture import draw_frame, is_picture, open_picture
from ingest.programmes import programme_name
from ingest.read import path_from_printable
from ingest.types import WITHIN
from kb.analysis import fold
from kb.cards import Card, practice_cards
from kb.errors import IndexDamaged, IndexIncompatible, IndexNotFound, IndexOutdated, KnowledgeBaseError
from kb.filters import BY_NAME, FILTERS, Filter
from kb.handout import handout_item, spreadsheet_cell
from kb.index import being_built, live_generation
from kb.operators import read_operators
from kb.query import load_word_lists, searched_otherwise, years_to_offer
from kb.reports import STATUSES, FileReport
from kb.search import KnowledgeBase
from kb.settings import Settings
from kb.store import StoredDocument
from kb.sync import sync_index
from kb.types import Hit, page_label
from kb.uploads import (
    UploadProgress,
    add_uploads,
    remove_uploads,
    skipped_uploads,
    stage_uploads,
    upload_reports,
    uploaded_files,
)
from ui.handout_panel import collect_box, show_handout
from ui.labels import LABELS
from ui.names import language_name, tag_label, years_in
from ui.page_style import (
    ENGLISH_ONLY,
    FOCUS,
    PHONE,
    QUIET,
    READABLE,
    SIDEBAR,
    STILL,
    screen_reader_names,
    status_script,
    streamlit_labels,
    uploader_style,
)
from ui.password import EDITOR_PASSWORD
from ui.reasons import failure_reason, hide_paths, reason_in
from ui.render import TITLE_STYLE, cite, escape_markdown, hit_html, place

PAGE_SIZE = 10
Done = TypeVar("Done")  # what a job on the upload thread returns
CARDS_PAGE = 20  # practice cards drawn at a time
LONG_LIST = 30  # options; a multiselect sends and draws every one of them on every rerun
NOTHING = "\0"  # a filter value no document has: typed text that matches nothing finds nothing
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


def app_settings() -> Settings:
    """The KB_* variables, and the index named as kb takes it: `streamlit run app.py -- --index DIR` (the argument wins;
    it was ignored without a word, and the app served the index of KB_INDEX)."""
    index_dir = index_argument(tuple(sys.argv[1:]))
    settings = Settings.from_env()
    return replace(settings, index_dir=index_dir) if index_dir else settings


@cache  # said once, not at every rerun
def index_argument(arguments: tuple[str, ...]) -> Path | None:
    parser = argparse.ArgumentParser(prog="streamlit run app.py --", allow_abbrev=False)
    parser.add_argument("--index", type=Path)
    known, ignored = parser.parse_known_args(arguments)
    if ignored:
        log.warning("arguments not understood, ignored: %s", " ".join(ignored))
    return known.index


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


def show_search(knowledge_base: KnowledgeBase, filters: dict[str, list], text: dict[str, str], language: str) -> None:
    params = st.query_params
    if "query" not in st.session_state:  # a shared link fills the box once; after that the box is the truth
        st.session_state["query"] = params.get("q", "")
    query = st.text_input(text["search"], key="query", placeholder=text["placeholder"])
    if not re.search(r"[^\W_]", query):  # empty, or only punctuation ("_" too): nothing to search for
        params.pop("q", None)  # a reload or a shared link then starts empty too
        counts = knowledge_base.manifest["counts"]
        st.info(text["empty"].format(documents=counts["documents"], passages=counts["passages"]))
        return
    params["q"] = query
    operators = read_operators(query)  # "seniori -kafejnīca", "„Zaļā Sēta”": said, as what was understood
    if not re.search(r"[^\W_]", operators.words):  # "-kafejnīca" alone
        st.info(text["only_left_out"])
        return
    shown = st.session_state.setdefault("shown", {}).get(query, PAGE_SIZE)
    search = json.dumps([query, filters], sort_keys=True, ensure_ascii=False)
    try:
        hits = knowledge_base.search(query, top_k=shown + 1, **filters)
    except KnowledgeBaseError as error:
        st.warning(escape_markdown(str(error)))
        return
    hits = in_drawn_order(hits, st.session_state.setdefault("drawn", {}).get(search, []))
    st.session_state["drawn"][search] = [hit.passage_id for hit in hits[:shown]]
    all_weak = bool(hits) and all(hit.weak_match for hit in hits[:shown])
    if searched := searched_otherwise(query):  # "rfat lkz gtycbjythjd": searched as "кафе для пенсионеров"
        st.info(text["searched_as"].format(query=escape_markdown(searched)))
    for key, words in (("left_out", operators.left_out), ("together", operators.together)):
        if words:
            st.caption(text[key].format(words=escape_markdown(", ".join(f"“{word}”" for word in words))))
    offer_typed_years(knowledge_base, query, filters, text, language)
    if not hits:
        st.warning(text["no_hits"])
    elif all_weak:
        st.info(text["all_weak"])
    said = text["shown"].format(count=len(hits[:shown]), query=query) if hits else text["no_hits"]
    st.html(status_script(said + (" " + text["all_weak"] if all_weak else "")), unsafe_allow_javascript=True)
    terms = knowledge_base.terms_of(query)
    for hit in hits[:shown]:
        show_hit(knowledge_base, hit, terms, text, language)
    if hits:
        st.caption(text["shown"].format(count=len(hits[:shown]), query=escape_markdown(query)))  # also marks "all hits drawn"
    if len(hits) > shown and st.button(text["more"]):
        st.session_state["shown"][query] = shown + PAGE_SIZE
        st.rerun()


def offer_typed_years(
    knowledge_base: KnowledgeBase, query: str, filters: dict[str, list], text: dict[str, str], language: str
) -> None:
    """A year the question names ("kas notika 2019. gadā") is searched as a word; a button offers it as the year
    filter, where the collection has documents of that year and of others."""
    if filters.get("years"):
        return
    held = [year for year, _ in facets_of(knowledge_base, str(knowledge_base.generation)).get("years", [])]
    if offered := years_to_offer(query, held):
        label = text["only_years"].format(years=years_in(offered, language))
        st.button(label, key="only-years", on_click=choose_years, args=(offered,))


def choose_years(years: list[str]) -> None:
    st.session_state[f"f-{BY_NAME['years'].option}"] = years  # the sidebar's year box, as if chosen there


def in_drawn_order(hits: list[Hit], drawn: list[str]) -> list[Hit]:
    """The hits, those already drawn for this search first and in the order drawn: "Show more" asks for more, and
    more candidates can reorder the first ten under the reader's eyes."""
    by_id = {hit.passage_id: hit for hit in hits}
    drawn_ids = set(drawn)
    return [by_id[passage] for passage in drawn if passage in by_id] + [hit for hit in hits if hit.passage_id not in drawn_ids]


def sidebar_filters(knowledge_base: KnowledgeBase, text: dict[str, str], language: str) -> dict[str, list]:
    """Multiselects with counts, read from and written back to the URL. A value's count is of its passages that the
    other filters keep (a theme's count with the language filter set to Russian is its Russian passages)."""
    st.sidebar.header(text["filters"])
    generation = str(knowledge_base.generation)
    values = {name: [value for value, _ in counted] for name, counted in facets_of(knowledge_base, generation).items()}
    if "years" in values:  # the newest year first, not the most mentioned: a list of years is read in order
        values["years"] = sorted(values["years"], key=lambda year: -int(year))
    before = {f.name: [f.value_type(v) for v in choice_before_drawing(f, values[f.name])] for f in FILTERS}
    counted = [f.name for f in FILTERS if not (f.typed and len(values[f.name]) > LONG_LIST)]  # a typed box shows none
    if any(before.values()):
        facets = filtered_facets_of(knowledge_base, generation, json.dumps(before, sort_keys=True), tuple(counted))
    else:
        facets = facets_of(knowledge_base, generation)
    chosen: dict[str, list] = {}
    for f in FILTERS:
        counts = dict(facets.get(f.name, []))
        if f.name not in counted:
            chosen[f.name] = typed_filter(f.option, text[f.label], values[f.name], text)
            continue
        from_url = [value for value in st.query_params.get_all(f.option) if value in values[f.name]]
        name = option_name(f, language)
        selected = st.sidebar.multiselect(
            text[f.label],
            values[f.name],  # the same options whatever else is chosen; a value the others exclude counts 0
            default=from_url,
            format_func=lambda v, c=counts, named=name: f"{named(v)} ({c.get(v, 0)})",
            key=f"f-{f.option}",
            placeholder=text["choose"],
            select_all=False,  # Streamlit's "Select all" is English, and every value chosen is the same as none
        )
        st.query_params[f.option] = selected
        chosen[f.name] = [f.value_type(v) for v in selected]
    return chosen


def choice_before_drawing(f: Filter, values: list[str]) -> list[str]:
    """What a filter holds in this rerun, before its box is drawn: the session keeps a box's value from the moment
    it changed; a first visit takes it from the URL."""
    if f.typed and len(values) > LONG_LIST:
        typed = st.session_state.get(f"f-{f.option}-like", st.query_params.get(f"{f.option}_like", "")).strip()
        return typed_matches(typed, values) if typed else []
    chosen = st.session_state.get(f"f-{f.option}", st.query_params.get_all(f.option))
    return [value for value in chosen if value in values]  # a value a new index generation no longer has is dropped


def option_name(f: Filter, language: str) -> Callable[[str], str]:
    """How a filter shows its values: taxonomy ids (themes, kinds) and languages by their names, the rest as they are."""
    if f.choices:
        return lambda value: tag_label(value, language)
    if f.name == "languages":
        return lambda value: language_name(value, language)
    if f.name == "countries":
        return lambda value: display_name(value, language)
    return str


def typed_filter(param: str, label: str, values: list[str], text: dict[str, str]) -> list[str]:
    """A long list (a thousand documents) as a box: the values holding what is typed, case-insensitive.

    What the page sends and draws stays the same size however many values there are; the typed text
    lives in the URL as ?doc_like=... ."""
    key, url_key = f"f-{param}-like", f"{param}_like"
    if key not in st.session_state:
        st.session_state[key] = st.query_params.get(url_key, "")
    typed = st.sidebar.text_input(label, key=key, placeholder=text["type_to_filter"]).strip()
    if not typed:
        st.query_params.pop(url_key, None)
        return []
    st.query_params[url_key] = typed
    matching = typed_matches(typed, values)
    st.sidebar.caption(text["typed_matches"].format(count=0 if matching == [NOTHING] else len(matching)))
    return matching


def typed_matches(typed: str, values: list[str]) -> list[str]:
    """The values holding the typed text, case and diacritics aside ("balkanu" finds "Balkānu zieds"); typed text that
    matches nothing finds nothing."""
    return [value for value in values if fold(typed) in fold(value)] or [NOTHING]


def show_hit(knowledge_base: KnowledgeBase, hit: Hit, terms: set[str], text: dict[str, str], language: str) -> None:
    with st.container(border=True):
        st.html(hit_html(hit, terms, text, language))
        collect_box(text["collect"], hit.passage_id)
        if hit.matched_start is not None and hit.matched_text.strip() != hit.text.strip():  # a sentence with its page
            item = handout_item(hit.passage_id, hit.matched_start, hit.matched_end, hit.matched_text)
            collect_box(f"{text['collect_underlined']}: «{escape_markdown(opening(hit.matched_text))}»", item)
        # Lazy panels: their passages are looked up only while a person has them open.
        with st.expander(text["similar"], key=f"similar-{hit.passage_id}", on_change="rerun") as panel:
            for similar in knowledge_base.similar(hit.passage_id, top_k=3) if panel.open else ():
                st.caption(escape_markdown(cite(similar, text)))
                st.text(similar.text)
        with st.expander(text["context"], key=f"context-{hit.passage_id}", on_change="rerun") as panel:
            if panel.open:
                show_context(knowledge_base, hit, text)


def show_context(knowledge_base: KnowledgeBase, hit: Hit, text: dict[str, str]) -> None:
    """The neighbouring passages, beside an image of the cited page of a PDF or a picture (the page a reader should
    check)."""
    original = knowledge_base.original_file(hit.doc_id)
    image = None
    if hit.attachment:  # a PDF (scanned too) attached to an e-mail, or one its name does not tell the type of
        from ingest.attachments import cited_type  # the e-mail reader: only when such a passage's context is opened

        drawable = cited_type(hit.attachment) in ("pdf", None, *PICTURE_TYPES)  # an e-mail's pictures are never cited
    else:
        drawable = original is not None and (original.suffix.lower() == ".pdf" or is_picture(original.name))
    shown_page = hit.matched_page or hit.page  # the page of the sentence that matched, on a passage of several
    if original is not None and shown_page and drawable:
        image = page_image(str(original), shown_page, original.stat().st_mtime_ns, hit.attachment)
    passages, page = st.columns(2) if image else (st.container(), None)
    with passages:
        for neighbour in knowledge_base.context(hit.passage_id):
            prefix = "▶ " if neighbour.passage_id == hit.passage_id else ""
            named = neighbour.heading in neighbour.attachment.split(WITHIN)  # an attachment's (or container's) name once
            heading = "" if named else neighbour.heading
            st.caption(prefix + escape_markdown(" · ".join(part for part in (heading, place(neighbour, text)) if part)))
            st.text(neighbour.text)
    if page is not None:
        described = text["page_image"].format(page=shown_page, title=hit.title)  # what a screen reader says of it
        page.image(image, caption=page_label(text["page"], shown_page), alt=described)
    if original is not None:
        st.download_button(text["download"], original.read_bytes, file_name=original.name, key=f"dl-{hit.passage_id}",
                           on_click="ignore")  # no rerun: the keyboard's place stays on the button  # fmt: skip
    if original is not None and hit.attachment:  # the file the passage cites, taken out of the message when clicked
        from ingest.attachments import attached_name

        attached = partial(attached_bytes, original, hit.attachment)
        name = attached_name(hit.attachment)
        st.download_button(text["download_attachment"], attached, file_name=name, key=f"dla-{hit.passage_id}", on_click="ignore")


def attached_bytes(message: Path, attachment: str) -> bytes:
    """The file attached to the saved e-mail (or signed in the container) at message under the name a passage cites
    (b"" if it is gone)."""
    from ingest.mail import attached_file  # the e-mail reader: only when an attachment is drawn or downloaded

    try:
        return attached_file(message.read_bytes(), file_type_of(message.name), attachment) or b""
    except Exception:  # noqa: BLE001 - a file changed or broken since it was read: nothing to give, the app goes on
        log.warning("cannot take %s out of %s", attachment, message.name, exc_info=True)
        return b""


@st.cache_data(show_spinner=False, max_entries=64)
def page_image(path: str, page: int, modified: int, attachment: str = "") -> bytes | None:
    """The page as a PNG about 700 px wide (pypdfium2; a picture's frame as OCR read it), cached per file version;
    None if it cannot be drawn. `attachment`: the page is in this file attached to the e-mail (or signed in the
    container) at path."""
    import pypdfium2

    try:
        source, drawn_as_picture = path, is_picture(path)
        if attachment:  # a PDF inside the message or the container, or a scan signed in a container
            from ingest.attachments import cited_type

            source = io.BytesIO(attached_bytes(Path(path), attachment))
            drawn_as_picture = cited_type(attachment) in PICTURE_TYPES
        if drawn_as_picture:
            with open_picture(source) as frames:
                picture, _ = draw_frame(frames, page, max_pixels=1_000_000)
        else:
            document = pypdfium2.PdfDocument(source)
            try:
                sheet = document[page - 1]
                width = sheet.get_width() or 595
                picture = sheet.render(scale=min(700 / width, 2.0)).to_pil()
            finally:
                document.close()
    except Exception:  # noqa: BLE001 - a file changed or broken since it was read: the passages are shown without it
        log.warning("cannot draw page %d of %s", page, Path(path).name, exc_info=True)
        return None
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


@st.cache_resource(show_spinner=False, max_entries=2)
def facets_of(_knowledge_base: KnowledgeBase, generation: str) -> dict[str, list[tuple[str, int]]]:
    """Counted once per index generation: they change only when the index does."""
    return _knowledge_base.facets()


@st.cache_data(show_spinner=False, max_entries=64)
def filtered_facets_of(
    _knowledge_base: KnowledgeBase, generation: str, chosen: str, names: tuple[str, ...]
) -> dict[str, list[tuple[str, int]]]:
    """The counts of these filters under the chosen values (JSON), kept per index generation and choice."""
    return _knowledge_base.facets(json.loads(chosen), names)


@st.cache_resource(show_spinner=False, max_entries=2)
def documents_of(_knowledge_base: KnowledgeBase, generation: str) -> list[StoredDocument]:
    return _knowledge_base.store.documents()


@st.cache_resource(show_spinner=False, max_entries=2)
def cards_of(_knowledge_base: KnowledgeBase, generation: str) -> list[Card]:
    """Built once per index generation and process."""
    return practice_cards(_knowledge_base)


def show_cards(knowledge_base: KnowledgeBase, text: dict[str, str], language: str) -> None:
    """Browse practice cards by theme, country and year; every excerpt cites its page."""
    cards = cards_of(knowledge_base, str(knowledge_base.generation))
    st.caption(text["cards_intro"])
    themes = sorted({theme for card in cards for theme in card.themes}, key=lambda t: tag_label(t, language))
    place = partial(display_name, language=language)  # "Horvātija", "Хорватия"
    countries = sorted({fact.value for card in cards for fact in card.countries}, key=place)  # as named on the page
    years = sorted({fact.value for card in cards for fact in card.years}, reverse=True)
    left, middle, right = st.columns(3)
    placeholder = text["choose"]  # shown while a value is typed in the box, instead of Streamlit's "Choose an option"
    theme = left.selectbox(text["theme"], [None, *themes], format_func=lambda t: tag_label(t, language) if t else text["any"],
                           placeholder=placeholder)  # fmt: skip
    country = middle.selectbox(text["country"], [None, *countries], format_func=lambda c: place(c) if c else text["any"],
                               placeholder=placeholder)  # fmt: skip
    year = right.selectbox(text["year"], [None, *years], format_func=lambda y: y or text["any_year"], placeholder=placeholder)
    chosen = [
        card
        for card in cards
        if (theme is None or theme in card.themes)
        and (country is None or country in [f.value for f in card.countries])
        and (year is None or year in [f.value for f in card.years])
    ]
    if not chosen:
        st.info(text["no_cards"])
    choice = json.dumps([theme, country, year])
    shown = st.session_state.setdefault("cards_shown", {}).get(choice, CARDS_PAGE)  # a page at a time: 1,000 took 3-5 s
    for card in chosen[:shown]:
        show_card(card, text, language, place)
    if chosen:
        st.caption(text["cards_shown"].format(shown=len(chosen[:shown]), count=len(chosen)))
    if len(chosen) > shown and st.button(text["more"], key="more-cards"):
        st.session_state["cards_shown"][choice] = shown + CARDS_PAGE
        st.rerun()


def show_card(card: Card, text: dict[str, str], language: str, place: Callable[[str], str]) -> None:
    """One practice card: its title, facts, themes and excerpts, each excerpt with its page and a box that adds it to
    the handout."""
    drawn = set()
    with st.container(border=True):
        st.html(f"<h2 class='card-title' style='{TITLE_STYLE}'>{html.escape(card.title.value)}</h2>")
        programme = card.programme and replace(card.programme, value=programme_name(card.programme.value, language))
        facts = [fact.value for fact in (card.organisation, programme, card.project_number) if fact]
        st.caption(escape_markdown(" · ".join([*facts, card.file])))
        where = card.where_and_when(place)
        if where:
            st.caption(escape_markdown(", ".join(where)))
        if card.partners:
            st.caption(escape_markdown(f"{text['partners']}: " + "; ".join(f.value for f in card.partners)))
        if card.themes:
            st.caption(escape_markdown(" · ".join(tag_label(theme, language) for theme in card.themes)))
        for name, excerpts in (("practices", card.practices), ("recommendations", card.recommendations),
                               ("results", card.results), ("events", card.events)):  # fmt: skip
            if excerpts:
                st.markdown(f"*{text[name]}*")
                for excerpt in excerpts:
                    where = excerpt.source.place(text["page"], text["pages"], text["attachment"])
                    shown = excerpt.text + (f" ({where})" if where else "")
                    item = handout_item(excerpt.source.passage_id, excerpt.start, excerpt.end, excerpt.text)
                    if item in drawn:  # one sentence twice on a card (an event's that is also a result): one box
                        st.text(f"• {shown}")
                    else:
                        collect_box(escape_markdown(shown), item)
                        drawn.add(item)


def show_library(knowledge_base: KnowledgeBase, text: dict[str, str], language: str) -> None:
    """The documents with their metadata and ingest report, and what could not be indexed."""
    documents = documents_of(knowledge_base, str(knowledge_base.generation))
    st.header(text["documents"], anchor=False)
    typed = st.text_input(text["find_document"], key="library-find", placeholder=text["find_document_hint"]).strip()
    if typed:
        documents = [d for d in documents if is_remembered_by(d, typed)]
    columns = text["columns"].split("|")  # the table's headers in the interface language
    rows = [
        dict(zip(columns, (
            d.info.title, ", ".join(d.sources), shown_pages(d.pages), d.passages, language_name(d.info.language, language),
            ", ".join(d.info.organisations),
            ", ".join(d.info.project_numbers), ", ".join(map(str, d.info.years)),
            ", ".join(display_name(country, language) for country in d.info.countries),
            reason_in("; ".join(d.warnings), language),
        )))  # fmt: skip
        for d in documents
    ]
    if typed and not rows:
        st.info(text["no_documents"])
    elif rows:
        st.dataframe(rows, hide_index=True)
        table = partial(to_table_csv, rows)  # built when clicked
        name = f"{text['library_file']}.csv"
        st.download_button(text["library_csv"], table, file_name=name, mime="text/csv", on_click="ignore")
    facets = facets_of(knowledge_base, str(knowledge_base.generation))
    # tables with bars, not charts: names are shown whole (a chart's axis cut them off) and no English chart menu
    st.header(text["by_language"], anchor=False)
    count_table(text["language"], text["by_language"], [(language_name(code, language), n) for code, n in facets["languages"]])
    if facets["themes"]:
        st.header(text["by_theme"], anchor=False)
        count_table(text["theme"], text["by_theme"], [(tag_label(theme, language), n) for theme, n in facets["themes"]])
    uploads = app_settings().uploads_dir.resolve()
    set_aside = lambda path: path.is_relative_to(uploads) and not path.exists()  # noqa: E731 - moved to the quarantine
    skipped = [f for f in knowledge_base.store.files() if f.doc_id is None and not set_aside(path_from_printable(f.path))]
    if skipped:
        st.header(text["skipped"], anchor=False)
        st.dataframe([{columns[-2]: f.source, columns[-1]: reason_in("; ".join(f.warnings), language)} for f in skipped],
                     hide_index=True)  # fmt: skip


def is_remembered_by(document: StoredDocument, typed: str) -> bool:
    """Whether what a person typed is in the document's title, a file name, an organisation or a project number."""
    remembered = [document.info.title, *document.sources, *document.info.organisations, *document.info.project_numbers]
    return any(fold(typed) in fold(value) for value in remembered)


def count_table(name_header: str, count_header: str, counts: list[tuple[str, int]]) -> None:
    """Names and their counts, each count drawn as a bar."""
    if not counts:
        return
    names, numbers = zip(*counts)
    st.dataframe(
        {name_header: names, count_header: numbers},
        column_config={count_header: st.column_config.ProgressColumn(format="%d", max_value=max(numbers))},
        hide_index=True,
    )


def to_table_csv(rows: list[dict]) -> str:
    """A table's rows as CSV, its headers as shown; with a byte order mark, so that Excel reads it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows({name: spreadsheet_cell(value) for name, value in row.items()} for row in rows)
    return "\ufeff" + buffer.getvalue()


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


def opening(sentence: str, words: int = 6) -> str:
    """A sentence's first words, to tell one box from the next: "Partneru meklēšanā svarīgi ir …"."""
    split = sentence.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")


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


def shown_pages(pages: int | None) -> str:
    """A page count for a table: blank for a format without pages (not "None")."""
    return "" if pages is None else str(pages)


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
