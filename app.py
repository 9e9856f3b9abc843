"""The Streamlit app: search, filter, cite, read in context, collect a handout. Run with `make run`.

The page state lives in the URL (?q=...&lang=lv&org=ESTO&ui=lv), so a search can be shared.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from ingest.errors import KnowledgeBaseError
from kb.analysis import analyse
from kb.handout import to_csv, to_markdown
from kb.search import KnowledgeBase
from kb.settings import DEFAULT_INDEX
from kb.types import Hit
from ui import LABELS, escape_markdown, highlight

PAGE_SIZE = 10
FILTERS = {"lang": "languages", "doc": "documents", "org": "organisations", "year": "years"}

st.set_page_config(page_title="NGO lessons learned", page_icon="🔎", layout="wide")


@st.cache_resource(show_spinner="Opening the knowledge base…")
def open_knowledge_base(index_dir: str) -> KnowledgeBase:
    """One per process: the index and the model are shared by every session (read-only, thread-safe)."""
    return KnowledgeBase(Path(index_dir))


def main() -> None:
    params = st.query_params
    language = st.sidebar.radio("Interface / Saskarne", ["en", "lv"], index=int(params.get("ui") == "lv"), horizontal=True)
    text = LABELS[language]
    if language == "lv":
        params["ui"] = "lv"
    elif "ui" in params:
        del params["ui"]
    st.title(text["title"])
    st.caption(text["caption"])
    try:
        knowledge_base = open_knowledge_base(os.environ.get("KB_INDEX", DEFAULT_INDEX))
    except KnowledgeBaseError as error:
        st.error(f"{text['cannot_open']} {error}")
        st.info(text["how_to_build"])
        return

    filters = sidebar_filters(knowledge_base, text)
    query = st.text_input(text["search"], value=params.get("q", ""), placeholder=text["placeholder"])
    show_handout(knowledge_base, text)
    if not query.strip():
        counts = knowledge_base.manifest["counts"]
        st.info(text["empty"].format(documents=counts["documents"], passages=counts["passages"]))
        return
    params["q"] = query
    shown = st.session_state.setdefault("shown", {}).get(query, PAGE_SIZE)
    try:
        hits = knowledge_base.search(query, top_k=shown + 1, **filters)
    except KnowledgeBaseError as error:
        st.warning(str(error))
        return
    if not hits:
        st.warning(text["no_hits"])
    terms = set(analyse(query))
    for hit in hits[:shown]:
        show_hit(knowledge_base, hit, terms, text)
    if len(hits) > shown and st.button(text["more"]):
        st.session_state["shown"][query] = shown + PAGE_SIZE
        st.rerun()


def sidebar_filters(knowledge_base: KnowledgeBase, text: dict[str, str]) -> dict[str, list]:
    """Multiselects with counts, read from and written back to the URL."""
    st.sidebar.header(text["filters"])
    facets = knowledge_base.facets()
    labels = {"lang": text["language"], "doc": text["document"], "org": text["organisation"], "year": text["year"]}
    chosen: dict[str, list] = {}
    for param, facet in FILTERS.items():
        counts = dict(facets[facet])
        from_url = [value for value in st.query_params.get_all(param) if value in counts]
        selected = st.sidebar.multiselect(
            labels[param],
            list(counts),
            default=from_url,
            format_func=lambda v, c=counts: f"{v} ({c[v]})",
            key=f"f-{param}",
        )
        st.query_params[param] = selected
        chosen[facet] = [int(v) for v in selected] if facet == "years" else selected
    return chosen


def show_hit(knowledge_base: KnowledgeBase, hit: Hit, terms: set[str], text: dict[str, str]) -> None:
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(hit.title)}**")
        st.caption(f"{hit.citation} · {hit.language}")
        st.html(f"<div style='white-space: pre-wrap'>{highlight(hit.text, terms)}</div>")
        why = [text[name] for name, rank in (("meaning", hit.dense_rank), ("keywords", hit.keyword_rank)) if rank]
        left, right = st.columns([3, 1])
        left.caption(f"{text['matched']}: {', '.join(why)}")
        handout = st.session_state.setdefault("handout", [])
        right.checkbox(
            text["collect"],
            value=hit.passage_id in handout,
            key=f"pick-{hit.passage_id}",
            on_change=toggle,
            args=(hit.passage_id,),
        )
        with st.expander(text["context"]):
            for neighbour in knowledge_base.context(hit.passage_id):
                prefix = "▶ " if neighbour.passage_id == hit.passage_id else ""
                page = f" · p. {neighbour.page}" if neighbour.page else ""
                st.caption(f"{prefix}{neighbour.heading}{page}")
                st.text(neighbour.text)
            original = knowledge_base.original_file(hit.doc_id)
            if original is not None:
                st.download_button(text["download"], original.read_bytes(), file_name=original.name, key=f"dl-{hit.passage_id}")


def toggle(passage_id: str) -> None:
    """Checkbox callback: runs before the page is drawn again, so the handout count is current."""
    handout = st.session_state.setdefault("handout", [])
    if passage_id in handout:
        handout.remove(passage_id)
    else:
        handout.append(passage_id)


def show_handout(knowledge_base: KnowledgeBase, text: dict[str, str]) -> None:
    handout = st.session_state.setdefault("handout", [])
    st.sidebar.header(f"{text['handout']} ({len(handout)})")
    if not handout:
        st.sidebar.caption(text["handout_empty"])
        return
    hits = [knowledge_base.hit(passage_id) for passage_id in handout]
    st.sidebar.download_button(
        text["handout_md"], to_markdown(hits, text["handout"]), file_name="handout.md", mime="text/markdown"
    )
    st.sidebar.download_button(text["handout_csv"], to_csv(hits), file_name="handout.csv", mime="text/csv")
    if st.sidebar.button(text["clear"]):
        handout.clear()
        st.rerun()


main()
