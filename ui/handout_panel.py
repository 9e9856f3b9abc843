"""The handout: passages and sentences ticked on hits and practice cards, kept in the session and the URL (?h=...),
shown in the sidebar with their count and downloaded as Markdown, CSV or Word."""

from __future__ import annotations

from functools import partial

import streamlit as st

from kb.errors import PassageNotFound
from kb.handout import PAGE_UNITS, HandoutItem, found_again, handout_items, parse_item, to_csv, to_docx, to_markdown
from kb.search import KnowledgeBase
from kb.types import Hit
from ui.labels import LABELS
from ui.names import language_name
from ui.render import cite


def collect_box(label: str, item: str) -> None:
    """A box that adds a handout item (kb.handout.handout_item) to the handout, ticked while it is there."""
    handout = st.session_state.setdefault("handout", [])
    st.checkbox(label, value=item in handout, key=f"pick-{item}", on_change=toggle, args=(item,))


def toggle(item: str) -> None:
    """Checkbox callback: runs before the page is drawn again, so the handout count is current. A passage is in the
    handout whole or by its sentences: ticking one unticks the other (both put the same text in it twice)."""
    handout = st.session_state.setdefault("handout", [])
    text = LABELS[st.session_state.get("ui", "en")]  # said where the tick is: the handout is in the sidebar, closed on a phone
    if item in handout:
        handout.remove(item)
        st.toast(text["uncollected"].format(count=len(handout)))
        return
    picked = parse_item(item)
    for other in [entry for entry in handout if parse_item(entry).passage_id == picked.passage_id]:
        if picked.span is None or parse_item(other).span is None:
            handout.remove(other)
            st.session_state[f"pick-{other}"] = False
    handout.append(item)
    st.toast(text["collected"].format(count=len(handout)))


def show_handout(knowledge_base: KnowledgeBase, text: dict[str, str], language: str) -> None:
    """The collected passages and sentences, kept in the URL (?h=...) so a reload or a link sent to a colleague keeps
    them; a sentence is quoted alone, cited by its own page."""
    if "handout" not in st.session_state:
        st.session_state["handout"] = handout_items(st.query_params.get_all("h"))
    handout = st.session_state["handout"]
    items = {entry: parse_item(entry) for entry in handout}
    found = {entry: handout_hit(knowledge_base, item) for entry, item in items.items()}
    # a file saved again, edited on another page or renamed: the same text under a new id, looked for in one pass
    moved = found_again([items[entry] for entry, hit in found.items() if hit is None], knowledge_base.store.passage_texts())
    hits, quoted = [], set()
    for entry in list(handout):
        item, hit = items[entry], found[entry]
        if hit is None and item in moved and (hit := handout_hit(knowledge_base, moved[item])) is not None:
            handout[handout.index(entry)] = entry = moved[item].link()
        elif hit is not None and not item.text_check():  # a link made before items carried their checks
            passage = hit.text if item.span is None else knowledge_base.hit(item.passage_id).text
            handout[handout.index(entry)] = entry = item.with_checks(hit.text, passage).link()
        if hit is not None:
            if (words := " ".join(hit.text.split())) in quoted:  # the same text from a copy (a report, its PDF, its e-mail)
                handout.remove(entry)
                st.session_state["handout_repeated"] = st.session_state.get("handout_repeated", 0) + 1
                continue
            quoted.add(words)
            hits.append(hit)
        else:
            handout.remove(entry)
            st.session_state["handout_gone"] = st.session_state.get("handout_gone", 0) + 1
    st.query_params["h"] = handout
    st.sidebar.header(f"{text['handout']} ({len(hits)})")
    if gone := st.session_state.get("handout_gone"):  # said until the handout is cleared
        st.sidebar.caption(text["handout_gone"].format(count=gone))
    if repeated := st.session_state.get("handout_repeated"):
        st.sidebar.caption(text["handout_repeated"].format(count=repeated))
    if not hits:
        st.sidebar.caption(text["handout_empty"])
        return
    cited = lambda hit: cite(hit, text)  # noqa: E731 - the page abbreviation of the interface language
    name = text["handout_file"]  # the file's name in the interface language
    st.sidebar.download_button(text["handout_md"], to_markdown(hits, text["handout"], cited), file_name=f"{name}.md",
                               mime="text/markdown", on_click="ignore")  # fmt: skip
    units = dict(zip(PAGE_UNITS, text["page_units"].split("|")))
    table = to_csv(hits, cited, text["csv_columns"].split("|"), partial(language_name, language=language), units.__getitem__)
    # with a byte order mark, Excel reads the file as UTF-8 (ā, ž and Cyrillic intact)
    st.sidebar.download_button(text["handout_csv"], "\ufeff" + table, file_name=f"{name}.csv", mime="text/csv", on_click="ignore")
    st.sidebar.download_button(
        text["handout_docx"],
        lambda: to_docx(hits, text["handout"], text["sources"], cited, language),  # built when clicked, not every rerun
        file_name=f"{name}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        on_click="ignore",
    )
    st.sidebar.button(text["clear"], on_click=clear_handout)


def handout_hit(knowledge_base: KnowledgeBase, item: HandoutItem) -> Hit | None:
    """The item's passage or part of it, None when its id holds no passage now or another text: its document left
    the index in a newer generation, or a newer reader cut its passages anew (or the link was cut short)."""
    try:
        hit = knowledge_base.hit(item.passage_id, item.span)
    except PassageNotFound:
        return None
    return hit if item.quotes(hit.text) else None


def clear_handout() -> None:
    """Empties the handout and unticks the hits' boxes (set, not deleted: a deleted key left the box ticked in the
    browser); a callback runs before the page, when boxes may still be set."""
    st.session_state["handout"].clear()
    st.session_state.pop("handout_gone", None)
    st.session_state.pop("handout_repeated", None)
    for key in [key for key in st.session_state if str(key).startswith("pick-")]:
        st.session_state[key] = False

