"""The Streamlit app through its test harness: search, filters, URL state, context, handout, states."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import REPO
from streamlit.testing.v1 import AppTest

from kb.analysis import analyse
from ui import highlight

APP = str(REPO / "app.py")
CAFE = "a café run by an association where seniors meet"


@pytest.fixture
def app(corpus_index, monkeypatch) -> AppTest:
    monkeypatch.setenv("KB_INDEX", str(corpus_index))
    return AppTest.from_file(APP, default_timeout=60)


def shown_passages(app: AppTest) -> list[str]:
    return [element.proto.body for element in app.get("html")]


def test_a_search_shows_hits_with_their_citations(app):
    app.run()
    assert "2 documents" in app.info[0].value
    app.text_input[0].input(CAFE).run()
    assert not app.exception
    captions = [c.value for c in app.caption]
    assert any("corpus/esto-erasmus-mobility-portugal.pdf, p" in c and "ESTO" in c for c in captions)
    assert any("kafejnīca" in body for body in shown_passages(app))
    assert any(c.startswith("Matched by: meaning") for c in captions)
    assert app.query_params["q"] == CAFE  # the URL can be shared


def test_a_query_and_filters_in_the_url_show_results_directly(app):
    app.query_params["q"] = "kā atrast partnerus projektam"
    app.query_params["doc"] = "corpus/balkanu-zieds-letter.docx"
    app.run()
    assert app.text_input[0].value == "kā atrast partnerus projektam"
    assert app.multiselect(key="f-doc").value == ["corpus/balkanu-zieds-letter.docx"]
    citations = [c.value for c in app.caption if "—" in c.value]
    assert citations and all("balkanu-zieds-letter.docx" in c for c in citations)


def test_filters_show_counts_and_narrow_the_hits(app):
    app.run()
    organisation = app.multiselect(key="f-org")
    assert "ESTO" in organisation.options[0] or any("ESTO (" in o for o in organisation.options)
    app.text_input[0].input("projekts").run()
    app.multiselect(key="f-org").select("Balkānu zieds").run()
    citations = [c.value for c in app.caption if "—" in c.value]
    assert citations and all("Balkānu zieds" in c for c in citations)
    assert app.query_params["org"] == "Balkānu zieds"


def test_collecting_hits_and_downloading_the_handout(app):
    app.run()
    app.text_input[0].input(CAFE).run()
    boxes = [box for box in app.checkbox if box.key.startswith("pick-")]
    boxes[0].check().run()
    boxes = [box for box in app.checkbox if box.key.startswith("pick-")]
    boxes[1].check().run()
    assert app.session_state["handout"] == [boxes[0].key[5:], boxes[1].key[5:]]
    assert any(h.value.endswith("(2)") for h in app.sidebar.header)
    # the handout survives a new search
    app.text_input[0].input("partneri").run()
    assert len(app.session_state["handout"]) == 2


def test_handout_files_carry_full_citations(corpus_kb):
    from kb.handout import to_csv, to_markdown

    hits = corpus_kb.search(CAFE, top_k=2)
    markdown = to_markdown(hits)
    assert markdown.count("\n> ") >= 2 and hits[0].citation in markdown
    rows = list(csv.DictReader(io.StringIO(to_csv(hits))))
    assert rows[0]["organisation"] == hits[0].organisations[0] and rows[0]["page"] == str(hits[0].page)
    assert rows[0]["source"] == hits[0].source and rows[0]["text"] == hits[0].text


def test_the_interface_switches_to_latvian(app):
    app.query_params["ui"] = "lv"
    app.run()
    assert app.title[0].value == "NVO pieredzes krātuve"
    assert "dokumenti" in app.info[0].value
    assert app.text_input[0].label == "Meklēt"


def test_a_punctuation_query_gets_a_message_not_a_traceback(app):
    app.run()
    app.text_input[0].input("?!").run()
    assert not app.exception
    assert "empty" in app.warning[0].value


def test_a_missing_index_shows_instructions(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_INDEX", str(tmp_path / "none"))
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert not app.exception
    assert "no index at" in app.error[0].value
    assert "make run" in app.info[0].value


def test_document_text_is_escaped_and_query_words_marked():
    shown = highlight('<script>alert("x")</script> Kafejnīcā seniori', set(analyse("kafejnica")))
    assert "<script>" not in shown and "&lt;script&gt;" in shown and "&quot;" in shown
    assert "<mark>Kafejnīcā</mark>" in shown and "<mark>seniori</mark>" not in shown
