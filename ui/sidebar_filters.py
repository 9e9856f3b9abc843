"""The sidebar's filters: a multiselect per filter of kb/filters.py with each value's count under the other filters,
a box to type into for a long list, all read from and written back to the URL; and the facet counts, cached per index
generation."""

from __future__ import annotations

import json
from collections.abc import Callable

import streamlit as st

from ingest.gazetteer import display_name
from kb.analysis import fold
from kb.filters import FILTERS, Filter
from kb.search import KnowledgeBase
from ui.names import language_name, tag_label
from ui.page_style import show_results_button
from ui.render import escape_markdown

LONG_LIST = 30  # options; a multiselect sends and draws every one of them on every rerun
NOTHING = "\0"  # a filter value no document has: typed text that matches nothing finds nothing


def sidebar_filters(knowledge_base: KnowledgeBase, text: dict[str, str], language: str) -> dict[str, list]:
    """Multiselects with counts, read from and written back to the URL. A value's count is of its passages that the
    other filters keep (a theme's count with the language filter set to Russian is its Russian passages)."""
    st.sidebar.header(text["filters"])
    generation = str(knowledge_base.generation)
    values = {name: [value for value, _ in counted] for name, counted in facets_of(knowledge_base, generation).items()}
    if "years" in values:  # the newest year first, not the most mentioned: a list of years is read in order
        values["years"] = sorted(values["years"], key=lambda year: -int(year))
    if "link-filters-gone" not in st.session_state:  # a link's first visit: its values the index no longer holds
        st.session_state["link-filters-gone"] = [
            (f.label, gone) for f in FILTERS
            if (gone := [value for value in st.query_params.get_all(f.option) if value not in values[f.name]])
        ]  # fmt: skip
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
    st.sidebar.html(show_results_button(text["show_results"]), unsafe_allow_javascript=True)  # our own words only
    first = st.session_state.setdefault("link-filters-chosen", chosen)
    if first != chosen:  # said until another filter is chosen
        st.session_state["link-filters-gone"] = []
    return chosen


def choice_before_drawing(f: Filter, values: list[str]) -> list[str]:
    """What a filter holds in this rerun, before its box is drawn: the session keeps a box's value from the moment
    it changed; a first visit takes it from the URL."""
    if f.typed and len(values) > LONG_LIST:
        typed = st.session_state.get(f"f-{f.option}-like", st.query_params.get(f"{f.option}_like", "")).strip()
        return typed_matches(typed, values) if typed else linked_values(f.option, values)
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
    lives in the URL as ?doc_like=... . A link made while the list was short names its values (?doc=a&doc=b): they
    hold, named under the box, until something is typed."""
    key, url_key = f"f-{param}-like", f"{param}_like"
    if key not in st.session_state:
        st.session_state[key] = st.query_params.get(url_key, "")
    typed = st.sidebar.text_input(label, key=key, placeholder=text["type_to_filter"]).strip()
    linked = [] if typed else linked_values(param, values)
    if not linked:
        st.session_state[linked_key(param)] = []  # once something is typed, the link's values are gone for good
        st.query_params.pop(param, None)
    if not typed:
        st.query_params.pop(url_key, None)
        if linked:
            st.sidebar.caption(text["linked_values"].format(values=escape_markdown(", ".join(linked))))
        return linked
    st.query_params[url_key] = typed
    matching = typed_matches(typed, values)
    st.sidebar.caption(text["typed_matches"].format(count=0 if matching == [NOTHING] else len(matching)))
    return matching


def linked_values(param: str, values: list[str]) -> list[str]:
    """The values a link named one by one (?doc=a&doc=b) that the index holds, until the box is typed into (and while
    the index holds them: a document removed meanwhile leaves the filter)."""
    key = linked_key(param)
    if key not in st.session_state:
        st.session_state[key] = st.query_params.get_all(param)
    return [value for value in st.session_state[key] if value in values]


def linked_key(param: str) -> str:
    """Where the session keeps a link's values for a filter's typed box."""
    return f"f-{param}-like-linked"


def typed_matches(typed: str, values: list[str]) -> list[str]:
    """The values holding the typed text, case and diacritics aside ("balkanu" finds "Balkānu zieds"); typed text that
    matches nothing finds nothing."""
    return [value for value in values if fold(typed) in fold(value)] or [NOTHING]


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

