"""The Streamlit app: one search box, hits with their citations. Run with `make run`."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from ingest.errors import KnowledgeBaseError
from kb.search import KnowledgeBase
from kb.settings import DEFAULT_INDEX

st.set_page_config(page_title="NGO lessons learned", page_icon="🔎", layout="wide")


@st.cache_resource(show_spinner="Opening the knowledge base…")
def open_knowledge_base(index_dir: str) -> KnowledgeBase:
    """One per process: the index and the model are shared by every session (read-only, thread-safe)."""
    return KnowledgeBase(Path(index_dir))


def main() -> None:
    index_dir = os.environ.get("KB_INDEX", DEFAULT_INDEX)
    st.title("NGO lessons learned")
    st.caption("Search good practices and advice from NGO project reports, in Latvian, English or Russian.")
    try:
        knowledge_base = open_knowledge_base(index_dir)
    except KnowledgeBaseError as error:
        st.error(f"The knowledge base cannot be opened. {error}")
        st.info(
            "Build it with `make run` (it indexes `corpus/`), or `kb ingest FOLDER --index DIR` and set KB_INDEX=DIR."
        )
        return

    query = st.text_input(
        "Search", value=st.query_params.get("q", ""), placeholder="e.g. how did others find project partners?"
    )
    if not query.strip():
        counts = knowledge_base.manifest["counts"]
        st.info(
            f"Type a question in any language. The index holds {counts['documents']} documents, {counts['passages']} passages."  # noqa: E501
        )
        return
    st.query_params["q"] = query
    try:
        hits = knowledge_base.search(query, top_k=10)
    except KnowledgeBaseError as error:
        st.warning(str(error))
        return
    if not hits:
        st.warning("No passages match this search.")
    for hit in hits:
        with st.container(border=True):
            st.markdown(f"**{_escape(hit.title)}**")
            st.caption(hit.citation + f" · {hit.language}")
            st.text(hit.text)  # document text is shown as text, never as HTML


def _escape(text: str) -> str:
    """Markdown-escape text taken from documents."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>~" else ch for ch in text)


main()
