"""The Streamlit app through its test harness: search, filters, URL state, context, handout, states."""

from __future__ import annotations

import csv
import io
import re
import shutil

import pytest
from conftest import FIXTURES, REPO
from streamlit.testing.v1 import AppTest

from kb.analysis import analyse
from ui import highlight

APP = str(REPO / "app.py")
CAFE = "a café run by an association where seniors meet"


@pytest.fixture
def app(corpus_index, monkeypatch) -> AppTest:
    monkeypatch.setenv("KB_INDEX", str(corpus_index))
    return AppTest.from_file(APP, default_timeout=60)


def hit_citations(app: AppTest) -> list[str]:
    """The citation line of each hit card ("title — file, p. N (organisation, project) · language · kind · themes")."""
    return [c.value for c in app.caption if re.search(r" — .* · [a-z]{2,3}( · |$)", c.value)]


def shown_passages(app: AppTest) -> list[str]:
    """The passages' text as shown, without the <mark> tags around the query's words."""
    return [re.sub(r"<[^>]+>", "", element.proto.body) for element in app.get("html")]


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
    citations = hit_citations(app)
    assert citations and all("balkanu-zieds-letter.docx" in c for c in citations)


def test_a_new_query_replaces_the_one_from_the_url(app):
    app.query_params["q"] = "kā atrast partnerus projektam"
    app.run()
    app.text_input[0].input("konference Rīgā Nacionālajā bibliotēkā").run()
    assert app.query_params["q"] == "konference Rīgā Nacionālajā bibliotēkā"
    assert any("Nacionālās bibliotēkās" in body for body in shown_passages(app))


def test_filters_show_counts_and_narrow_the_hits(app):
    app.run()
    organisation = app.multiselect(key="f-org")
    assert "ESTO" in organisation.options[0] or any("ESTO (" in o for o in organisation.options)
    app.text_input[0].input("projekts").run()
    app.multiselect(key="f-org").select("Balkānu zieds").run()
    citations = hit_citations(app)
    assert citations and all("Balkānu zieds" in c for c in citations)
    assert app.query_params["org"] == "Balkānu zieds"


def test_hits_show_kind_and_themes_and_filter_by_them(app):
    app.query_params["q"] = "kā atrast partnerus projektam"
    app.query_params["kind"] = "recommendation"
    app.run()
    assert app.multiselect(key="f-kind").value == ["recommendation"]
    assert any(option.startswith("Partners and partner search (") for option in app.multiselect(key="f-theme").options)
    citations = hit_citations(app)
    assert citations and all("Recommendation or lesson learned" in c for c in citations)
    assert "Partners and partner search" in citations[0]


def test_practice_cards_can_be_browsed_by_theme_and_country(app):
    app.run()
    captions = [c.value for c in app.caption]
    assert any("ESTO · Erasmus+ · 2023-1-LV01-KA122-ADU-000141852" in c for c in captions)
    recommendations = [t.value for t in app.text if "Partneru meklēšanā" in t.value]
    assert recommendations and recommendations[0].endswith("(p. 14)")
    assert any("Balkānu zieds · Europe for Citizens" in c for c in captions)
    app.selectbox[1].select("Portugal").run()  # country
    assert not app.exception
    captions = [c.value for c in app.caption]
    assert any("ESTO · Erasmus+" in c for c in captions)
    assert not any("Balkānu zieds · Europe for Citizens" in c for c in captions)  # the letter names other countries


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


def test_the_sentence_that_matched_is_underlined_and_escaped():
    passage = "Ievads <b>. To var apmeklēt seniori, lai socializētos. Beigas."
    shown = highlight(passage, set(), (passage.index("To"), passage.index(" Beigas")))
    assert "<span class='matched'" in shown and "<b>" not in shown
    assert re.search(r"<span class='matched'[^>]*>To var apmeklēt seniori, lai socializētos\.</span> Beigas", shown)


def test_a_hit_shows_the_sentence_that_matched(app):
    app.run()
    app.text_input[0].input(CAFE).run()
    first = app.get("html")[0].proto.body
    matched = re.search(r"<span class='matched'[^>]*>(.*?)</span>", first, re.S)
    assert matched and "seniori" in matched.group(1)


def test_a_question_nothing_answers_says_so_and_marks_each_hit(app):
    app.run()
    app.text_input[0].input("how to replace the timing belt of a diesel engine").run()
    assert not app.exception
    assert any("Nothing in the knowledge base answers this closely" in info.value for info in app.info)
    assert any("nearest, but not a close match" in c.value for c in app.caption)
    app.text_input[0].input(CAFE).run()
    assert not any("Nothing in the knowledge base" in info.value for info in app.info)


def test_the_library_lists_documents_and_skipped_files(app):
    app.run()
    table = app.dataframe[0].value
    assert set(table["files"]) == {"corpus/esto-erasmus-mobility-portugal.pdf", "corpus/balkanu-zieds-letter.docx"}
    assert list(table.loc[table["files"].str.contains("esto"), "pages"]) == [15]
    assert app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart")  # passages by language


def test_adding_documents_is_refused_without_the_editor_password(app, monkeypatch):
    monkeypatch.delenv("KB_ADMIN_PASSWORD", raising=False)
    app.run()
    assert any("KB_ADMIN_PASSWORD" in info.value for info in app.info)
    monkeypatch.setenv("KB_ADMIN_PASSWORD", "s3cret")
    app.run()
    app.text_input(key="password").input("wrong").run()
    assert any("Wrong password" in e.value for e in app.error)
    app.text_input(key="password").input("s3cret").run()
    assert not app.error and app.get("file_uploader")


def test_uploads_are_saved_under_safe_names_and_bad_ones_rejected(tmp_path, corpus_index, monkeypatch):
    monkeypatch.setenv("KB_INDEX", str(corpus_index))
    from app import save_uploads  # noqa: PLC0415 - importing app runs it once, harmlessly, outside streamlit

    accepted, rejected = save_uploads(
        [("../../etc/passwd.txt", b"Biedriba"), ("report.xlsx", b"x"), ("notes.md", b"# Piezimes")], tmp_path / "up"
    )
    assert [p.name for p in accepted] == ["passwd.txt", "notes.md"]
    assert all(p.parent == tmp_path / "up" for p in accepted)
    assert rejected == [("report.xlsx", "unsupported type .xlsx")]


def test_safe_file_names():
    from ui import safe_file_name

    assert safe_file_name("..\\..\\Windows\\evil.pdf") == "evil.pdf"
    assert safe_file_name("../.hidden.docx") == "hidden.docx"
    assert safe_file_name("atskaite <2024>.pdf") == "atskaite _2024_.pdf"


def test_an_uploaded_document_is_found_after_the_sync_the_app_runs(tmp_path, corpus_index):
    from app import save_uploads
    from kb.search import KnowledgeBase
    from kb.settings import Settings
    from kb.sync import sync_index

    index_dir = tmp_path / "index"
    shutil.copytree(corpus_index, index_dir)
    accepted, _ = save_uploads([("Zaļā Sēta.pdf", (FIXTURES / "good.pdf").read_bytes())], tmp_path / "uploads")
    live = KnowledgeBase(index_dir)  # a search in progress keeps its generation
    result = sync_index([tmp_path / "uploads"], Settings(index_dir=index_dir), embedder=live.embedder)
    assert [r.status for r in result.reports] == ["new"]
    assert live.search("kopienas kafejnīca Ludzā", top_k=1)  # the old generation still answers
    [hit] = KnowledgeBase(index_dir, live.embedder).search("kopienas kafejnīca Ludzā", top_k=1)
    assert hit.source == "uploads/Zaļā Sēta.pdf" and hit.page == 1
