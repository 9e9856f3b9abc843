"""A search hit's card: its title, citation, passage and why it matched, boxes that add it to the handout, and lazy
panels with passages like it and the passage in context beside an image of its cited page."""

from __future__ import annotations

import io
import logging
from functools import partial
from pathlib import Path

import streamlit as st

from ingest.filetypes import CONTAINER_TYPES, PICTURE_TYPES, file_type_of
from ingest.picture import draw_frame, is_picture, open_picture
from ingest.types import WITHIN
from kb.handout import handout_item, passage_check
from kb.search import KnowledgeBase
from kb.types import Hit, page_label
from ui.handout_panel import collect_box
from ui.render import cite, escape_markdown, hit_html, place

log = logging.getLogger("app")  # the app's log, as when this was app.py


def show_hit(knowledge_base: KnowledgeBase, hit: Hit, terms: set[str], text: dict[str, str], language: str) -> None:
    with st.container(border=True):
        st.html(hit_html(hit, terms, text, language))
        checked = passage_check(hit.text)
        collect_box(text["collect"], handout_item(hit.passage_id, within=checked))
        if hit.matched_start is not None and hit.matched_text.strip() != hit.text.strip():  # a sentence with its page
            item = handout_item(hit.passage_id, hit.matched_start, hit.matched_end, hit.matched_text, checked)
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
        label = text["download_member" if hit.file_type in CONTAINER_TYPES else "download_attachment"]  # a ZIP's, an EDOC's
        st.download_button(label, attached, file_name=name, key=f"dla-{hit.passage_id}", on_click="ignore")


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


def opening(sentence: str, words: int = 6) -> str:
    """A sentence's first words, to tell one box from the next: "Partneru meklēšanā svarīgi ir …"."""
    split = sentence.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")

