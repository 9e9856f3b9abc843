"""The Streamlit app through its test harness: search with citations, URL queries, missing index."""

from __future__ import annotations

import pytest
from conftest import REPO
from streamlit.testing.v1 import AppTest

APP = str(REPO / "app.py")


@pytest.fixture
def app(corpus_index, monkeypatch) -> AppTest:
    monkeypatch.setenv("KB_INDEX", str(corpus_index))
    return AppTest.from_file(APP, default_timeout=60)


def test_a_search_shows_hits_with_their_citations(app):
    app.run()
    assert "2 documents" in app.info[0].value
    app.text_input[0].input("a café run by an association where seniors meet").run()
    assert not app.exception
    captions = [c.value for c in app.caption]
    assert any("corpus/esto-erasmus-mobility-portugal.pdf, p" in c and "ESTO" in c for c in captions)
    assert any("kafejnīca" in t.value for t in app.text)
    assert app.query_params["q"] == "a café run by an association where seniors meet"  # shareable URL


def test_a_query_in_the_url_shows_results_directly(app):
    app.query_params["q"] = "kā atrast partnerus projektam"
    app.run()
    assert app.text_input[0].value == "kā atrast partnerus projektam"
    assert any("Partneru meklēšanā" in t.value for t in app.text)


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
