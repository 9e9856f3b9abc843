"""The search tab: the query box (kept in the URL as ?q=...), what the search understood, the hits in the order first
drawn, a page at a time, and a button that offers a year the question names as the year filter."""

from __future__ import annotations

import json
import re

import streamlit as st

from kb.errors import KnowledgeBaseError
from kb.filters import BY_NAME
from kb.operators import read_operators
from kb.query import searched_otherwise, typed_years, years_to_offer
from kb.search import KnowledgeBase
from kb.types import Hit
from ui.hit_card import show_hit
from ui.names import years_in
from ui.page_style import status_script
from ui.render import escape_markdown
from ui.sidebar_filters import facets_of, filtered_facets_of

PAGE_SIZE = 10


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
    if gone := st.session_state.get("link-filters-gone"):  # a shared link's filter whose document or theme has left
        named = "; ".join(f"{text[label]}: {', '.join(values)}" for label, values in gone)
        st.warning(text["filters_gone"].format(filters=escape_markdown(named)))
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
    filter, where the passages the other filters keep are of that year and of others."""
    if filters.get("years") or not typed_years(query):  # most questions name no year: no facet to count
        return
    generation, chosen = str(knowledge_base.generation), {name: values for name, values in filters.items() if values}
    facets = filtered_facets_of(knowledge_base, generation, json.dumps(chosen, sort_keys=True), ("years",)) if chosen \
        else facets_of(knowledge_base, generation)  # fmt: skip
    held = [year for year, _ in facets.get("years", [])]
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

