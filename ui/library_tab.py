"""The library tab: the documents with their metadata and ingest warnings (found by part of a name, downloaded as
CSV), passages by language and theme, and the files that could not be indexed."""

from __future__ import annotations

import csv
import io
from functools import partial

import streamlit as st

from ingest.gazetteer import display_name
from ingest.read import path_from_printable
from kb.analysis import fold
from kb.handout import spreadsheet_cell
from kb.search import KnowledgeBase
from kb.store import StoredDocument
from ui.app_settings import app_settings
from ui.names import language_name, tag_label
from ui.reasons import reason_in
from ui.render import shown_pages
from ui.sidebar_filters import facets_of


@st.cache_resource(show_spinner=False, max_entries=2)
def documents_of(_knowledge_base: KnowledgeBase, generation: str) -> list[StoredDocument]:
    return _knowledge_base.store.documents()


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

