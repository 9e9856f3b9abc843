"""The practice cards tab: one card per document or project (what it did, advised and achieved, each excerpt with its
page), chosen by theme, country and year, a page of cards at a time; a sentence ticked goes into the handout."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import replace
from functools import partial

import streamlit as st

from ingest.gazetteer import display_name
from ingest.programmes import programme_name
from kb.cards import Card, practice_cards
from kb.handout import handout_item
from kb.search import KnowledgeBase
from ui.handout_panel import collect_box
from ui.names import tag_label
from ui.render import TITLE_STYLE, escape_markdown

CARDS_PAGE = 20  # practice cards drawn at a time


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
                    where = excerpt.source.place(card.file_type, text)
                    shown = excerpt.text + (f" ({where})" if where else "")
                    source = excerpt.source
                    item = handout_item(source.passage_id, excerpt.start, excerpt.end, excerpt.text, source.passage_check)
                    if item in drawn:  # one sentence twice on a card (an event's that is also a result): one box
                        st.text(f"• {shown}")
                    else:
                        collect_box(escape_markdown(shown), item)
                        drawn.add(item)

