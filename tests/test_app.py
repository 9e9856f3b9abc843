"""The Streamlit app through its test harness: search, filters, URL state, context, handout, states, and hostile input."""

from __future__ import annotations

import csv
import dataclasses
import errno
import html
import io
import re
import shutil
from functools import partial
from pathlib import Path

import pytest
import streamlit as st
from conftest import FIXTURES, REPO, HashingEmbedder, needs_tesseract
from hostile import billion_laughs_docx, docx_bomb, flate_bomb_pdf, malformed_xml_docx, many_page_references_pdf
from streamlit.testing.v1 import AppTest

import ui.names
import ui.password
import ui.reasons
from kb.analysis import analyse
from kb.reports import FileReport
from kb.settings import Settings
from kb.sync import sync_index
from kb.uploads import SavedUploads, place_uploads, safe_file_name, stage_uploads
from ui.labels import LABELS
from ui.names import language_name, tag_label
from ui.password import PasswordThrottle
from ui.reasons import reason_in
from ui.render import WORD_JOINER, cite, escape_markdown, highlight, unbroken

APP = str(REPO / "app.py")
CAFE = "a café run by an association where seniors meet"
# A crafted title (issue 13): a fake "session expired, log in here" link and a remote image.
PAYLOAD = "Sesija beigusies, [pieslēdzieties šeit](http://evil.example/login) ![x](http://evil.example/p.png)"
MARKUP = (
    "<http://evil.example/a> www.evil.example mail@evil.example **bold** _em_ <b>tag</b> :red[red] "
    ":material/home: :smile: :streamlit: $x^2$ ~~gone~~ `code` &lt;"
)  # the rest of what Markdown and Streamlit would interpret


def save_uploads(files: list[tuple[str, bytes]], folder: Path, max_file_mb: float, replacing: bool = False) -> SavedUploads:
    """Stage and place uploads at once, as the app's page and its upload thread do one after the other."""
    staged = stage_uploads(files, folder, max_file_mb)
    placed = place_uploads(staged, folder, replacing)
    return placed._replace(rejected=staged.rejected + placed.rejected)


@pytest.fixture(autouse=True)
def fresh_password_throttle(monkeypatch):
    """The rate limit is process-wide: every test starts with no failed attempts."""
    monkeypatch.setattr(ui.password, "EDITOR_PASSWORD", PasswordThrottle())


@pytest.fixture
def app(corpus_index, monkeypatch) -> AppTest:
    monkeypatch.setenv("KB_INDEX", str(corpus_index))
    return AppTest.from_file(APP, default_timeout=60)


def open_tab(app: AppTest, name: str, language: str = "en") -> AppTest:
    """Select a tab ("cards", "library", "add") and rerun: only the open tab runs."""
    app.session_state[f"tab-{language}"] = LABELS[language][f"{name}_tab"]
    return app.run()


def index_with(corpus_index: Path, target: Path, folder: Path, embedder) -> Path:
    """A copy of the corpus index with a folder synced in, as `kb ingest FOLDER` would."""
    shutil.copytree(corpus_index, target)
    sync_index([folder], Settings(index_dir=target), embedder=embedder)
    return target


def write_hostile_document(folder: Path) -> Path:
    """A Markdown report whose title (its first heading) carries the payloads."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sesija.md"
    body = "Sesija beigusies. Lai turpinātu darbu ar projektu atskaitēm, pieslēdzieties vēlreiz."
    path.write_text(f"# {PAYLOAD} {MARKUP}\n\n{body}\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory, corpus_index, corpus_kb) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "docs"
    write_hostile_document(folder)
    return index_with(corpus_index, folder.parent / "index", folder, corpus_kb.embedder)


def shown_as(value: str) -> str:
    """What the reader sees of an escaped value: the characters without their escapes and word joiners."""
    return re.sub(r"\\(.)", r"\1", value).replace(WORD_JOINER, "")


def live_markup(value: str) -> list[str]:
    """What Markdown or Streamlit would still interpret in a value: unescaped syntax, or text patterns that
    Streamlit turns into links, emoji, icons or colour after parsing (these regexes are its frontend's own)."""
    escaped = re.findall(r"(?<!\\)[\[\]<`*_~$&]", value.removeprefix("**").removesuffix("**"))
    text = re.sub(r"\\(.)", r"\1", value)  # a text node after parsing: escapes are gone, word joiners stay
    patterns = [
        r"(https?://|www(?=\.))[-.\w]+",  # GFM autolink literals
        r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+",  # e-mail autolinks
        r":[\w+-][\w+-]*:",  # emoji shortcodes, :streamlit:, :material_x: (after Streamlit's ':material/' rewrite)
        r":material/",
        r":[a-z][a-z0-9-]*\[",  # :red[...] and other text directives
    ]
    return escaped + [m.group(0) for p in patterns for m in re.finditer(p, text, re.ASCII | re.IGNORECASE)]


def markdown_values(app: AppTest) -> list[str]:
    """Every value the app renders as Markdown."""
    kinds = ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success")
    return [element.value for kind in kinds for element in getattr(app, kind)]


def hit_cards(app: AppTest) -> list[str]:
    """The HTML of each hit card, in order (not the page's own style block)."""
    return [element.proto.body for element in app.get("html") if "class='hit-title'" in element.proto.body]


def hit_lines(app: AppTest, line: str) -> list[str]:
    """One line of each hit card ("title", "cite", "text" or "why") as the reader sees it: tags gone, entities read."""
    pattern = rf"<(h2|p|div) class='hit-{line}'[^>]*>(.*?)</\1>"
    found = [match[1] for body in hit_cards(app) for match in re.findall(pattern, body, re.S)]
    return [html.unescape(re.sub(r"<[^>]+>", "", line_html)) for line_html in found]


def hit_citations(app: AppTest) -> list[str]:
    """The citation line of each hit card ("title — file, p. N (organisation, project) · language · kind · themes")."""
    return hit_lines(app, "cite")


def shown_passages(app: AppTest) -> list[str]:
    """The passages' text as shown, without the <mark> tags around the query's words."""
    return hit_lines(app, "text")


def test_a_search_shows_hits_with_their_citations(app):
    app.run()
    assert "2 documents" in app.info[0].value
    app.text_input[0].input(CAFE).run()
    assert not app.exception
    assert any("corpus/esto-erasmus-mobility-portugal.pdf, p" in c and "ESTO" in c for c in hit_citations(app))
    assert any("kafejnīca" in body for body in shown_passages(app))
    assert any(why.startswith("Matched by: meaning") for why in hit_lines(app, "why"))
    assert app.query_params["q"] == CAFE  # the URL can be shared


def test_a_query_and_filters_in_the_url_show_results_directly(app):
    app.query_params["q"] = "kā atrast partnerus projektam"
    app.query_params["doc"] = "corpus/balkanu-zieds-letter.docx"
    app.run()
    assert app.text_input[0].value == "kā atrast partnerus projektam"
    assert app.multiselect(key="f-doc").value == ["corpus/balkanu-zieds-letter.docx"]
    citations = hit_citations(app)
    assert citations and all("balkanu-zieds-letter.docx" in c for c in citations)


def test_a_link_whose_filter_the_index_no_longer_holds_says_so_until_another_filter_is_chosen(app):
    """A document moved (or a theme dropped from the taxonomy) since the link was shared: its filter was left out
    without a word, and a colleague took hits from every document for that one document's (a longevity tester)."""
    app.query_params.update({"q": "kā atrast partnerus projektam", "ui": "lv", "theme": "partnerships",
                             "doc": ["corpus/vecais_nosaukums.pdf", "corpus/balkanu-zieds-letter.docx"]})  # fmt: skip
    app.run()
    [warning] = [w.value for w in app.warning]
    assert warning.endswith("izlaistas: Dokuments: corpus/vecais\\_nosaukums.pdf.")  # the path as text, not Markdown
    app.radio(key="ui").set_value("en").run()  # said in the interface language chosen since
    assert [w.value for w in app.warning] == [
        "Filter values in the link that match nothing in the knowledge base now were left out: "
        "Document: corpus/vecais\\_nosaukums.pdf."
    ]
    assert app.multiselect(key="f-doc").value == ["corpus/balkanu-zieds-letter.docx"]
    app.multiselect(key="f-theme").unselect("partnerships").run()
    assert not app.warning
    fresh = AppTest.from_file(APP, default_timeout=60)  # a link whose filters the index holds: nothing to say
    fresh.query_params.update({"q": "kā atrast partnerus projektam", "doc": "corpus/balkanu-zieds-letter.docx"})
    assert not fresh.run().warning


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
    years = [int(option.split(" (")[0]) for option in app.multiselect(key="f-year").options]
    assert len(years) > 2 and years == sorted(years, reverse=True)  # the newest first, whatever their counts


def test_a_year_named_in_the_question_is_offered_as_the_year_filter(app):
    """The sample letter is of 2016-2017, the deck of 2021-2025: "seniori 2016. gadā" offers the year, and the offer
    keeps only the letter's passages, as choosing the year in the sidebar does."""
    app.query_params["ui"] = "lv"
    app.run()
    app.text_input[0].input("seniori 2016. gadā").run()
    offers = [button for button in app.button if button.key == "only-years"]
    assert [button.label for button in offers] == ["Rādīt tikai 2016. gada dokumentus"]
    assert any("ESTO" in citation for citation in hit_citations(app))  # the typed year is only a keyword
    offers[0].click().run()
    assert app.multiselect(key="f-year").value == ["2016"] and app.query_params["year"] == "2016"
    citations = hit_citations(app)
    assert citations and all("Balkānu zieds" in citation for citation in citations)
    assert not [button for button in app.button if button.key == "only-years"]  # chosen: nothing left to offer
    app.multiselect(key="f-year").unselect("2016").run()
    assert [button.key for button in app.button].count("only-years") == 1  # cleared: offered again
    app.text_input[0].input("seniori 2023-1-LV01-KA122-ADU-000123456").run()  # a project number's year is no time
    assert not [button for button in app.button if button.key == "only-years"]
    app.multiselect(key="f-org").select("Balkānu zieds").run()  # the letter's years only: 2016 and 2017
    app.text_input[0].input("seniori 2023. gadā").run()  # the deck's year, which the organisation's filter leaves out
    assert not [button for button in app.button if button.key == "only-years"]


def test_the_country_filter_names_where_projects_happened_in_the_interfaces_language(app):
    """The sample deck's funders include the US embassy ("ASV vēstniecība"): a country to filter by only where a
    project happened, named in Latvian in the Latvian interface."""
    app.query_params["ui"] = "lv"
    app.run()
    countries = app.multiselect(key="f-country").options
    assert any(option.startswith("Portugāle (") for option in countries), countries
    assert not [option for option in countries if option.startswith(("ASV", "Amerikas", "United States"))]
    app.text_input[0].input("projekts").run()
    app.multiselect(key="f-country").select("Portugal").run()
    assert app.query_params["country"] == "Portugal" and hit_citations(app)


def test_hits_show_kind_and_themes_and_filter_by_them(app):
    app.query_params["q"] = "kā atrast partnerus projektam"
    app.query_params["kind"] = "recommendation"
    app.run()
    assert app.multiselect(key="f-kind").value == ["recommendation"]
    assert any(option.startswith("Partners and partner search (") for option in app.multiselect(key="f-theme").options)
    citations = hit_citations(app)
    assert citations and all("Recommendation or lesson learned" in c for c in citations)
    assert "Partners and partner search" in citations[0]


def test_filter_counts_follow_the_other_filters(app, corpus_kb):
    app.run()
    kinds_before = app.multiselect(key="f-kind").options
    app.multiselect(key="f-kind").select("recommendation").run()
    every_theme = [theme for theme, _ in corpus_kb.facets()["themes"]]  # the options, in their order
    recommended = dict(corpus_kb.facets({"kinds": ["recommendation"]})["themes"])
    assert 0 < len(recommended) < len(every_theme)
    expected = [f"{tag_label(theme, 'en')} ({recommended.get(theme, 0)})" for theme in every_theme]
    assert app.multiselect(key="f-theme").options == expected  # "Partners and partner search (3)", ... "Youth (0)"
    assert app.multiselect(key="f-kind").options == kinds_before  # its own choice leaves its counts whole
    app.multiselect(key="f-kind").unselect("recommendation").run()
    assert app.multiselect(key="f-theme").options[0].endswith(f"({corpus_kb.facets()['themes'][0][1]})")


def test_practice_cards_can_be_browsed_by_theme_and_country(app):
    open_tab(app, "cards")
    captions = [c.value for c in app.caption]
    assert any("ESTO · Erasmus+ · 2023-1-LV01-KA122-ADU-000141852" in c for c in captions)
    recommendations = [box.label for box in app.checkbox if "Partneru meklēšanā" in box.label]  # ticked: handout
    assert recommendations and recommendations[0].endswith("(p. 14)")  # its slide (its passage is on pp. 14-15)
    assert any("Balkānu zieds · Europe for Citizens" in c for c in captions)
    app.selectbox[1].select("Portugal").run()  # country
    assert not app.exception
    captions = [c.value for c in app.caption]
    assert any("ESTO · Erasmus+" in c for c in captions)
    assert not any("Balkānu zieds · Europe for Citizens" in c for c in captions)  # the letter names other countries


def test_practice_cards_are_drawn_a_page_at_a_time(tmp_path, corpus_index, corpus_kb, monkeypatch):
    """A thousand cards were drawn at every opening of the tab (3-5 s); twenty at a time, and "Show more"."""
    folder = tmp_path / "biedribas"
    folder.mkdir()
    for number in range(25):
        (folder / f"atskaite-{number}.md").write_text(
            f"# Biedrības atskaite {number}\n\nBiedrība rīkoja talku un seminārus senioriem un jauniešiem {number}. gadā.\n")
    monkeypatch.setenv("KB_INDEX", str(index_with(corpus_index, tmp_path / "index", folder, corpus_kb.embedder)))
    app = AppTest.from_file(APP, default_timeout=60)
    open_tab(app, "cards")
    titles = lambda: [h.proto.body for h in app.get("html") if "class='card-title'" in h.proto.body]  # noqa: E731
    assert len(titles()) == 20 and any(c.value == "20 of 27 cards shown" for c in app.caption)
    next(b for b in app.button if b.label == "Show more").click().run()
    assert len(titles()) == 27 and any(c.value == "27 of 27 cards shown" for c in app.caption)
    assert not any(b.label == "Show more" for b in app.button)


def test_show_more_keeps_the_hits_drawn_in_their_place(tmp_path, corpus_index, corpus_kb, monkeypatch):
    """Asked for more, the search takes more candidates, which can reorder the first ten: they moved under the reader's
    eyes (here the search itself swaps the first two when asked for more than eleven)."""
    from kb.search import KnowledgeBase

    folder = tmp_path / "talkas"
    folder.mkdir()
    for number in range(12):
        (folder / f"talka-{number}.md").write_text(f"# Talka {number}\n\nBiedrība rīkoja talku parkā {number}. reizi.\n")
    monkeypatch.setenv("KB_INDEX", str(index_with(corpus_index, tmp_path / "index", folder, corpus_kb.embedder)))
    search = KnowledgeBase.search

    def more_reorders(self, query, top_k=10, **filters):
        hits = search(self, query, top_k=top_k, **filters)
        return [hits[1], hits[0], *hits[2:]] if top_k > 11 else hits

    monkeypatch.setattr(KnowledgeBase, "search", more_reorders)
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.text_input[0].input("talka parkā").run()
    first = hit_lines(app, "cite")
    assert len(first) == 10
    next(b for b in app.button if b.label == "Show more").click().run()
    assert hit_lines(app, "cite")[:10] == first


def test_practice_cards_name_countries_and_places_in_the_interface_language(app):
    app.query_params["ui"] = "lv"
    open_tab(app, "cards", "lv")
    countries = app.selectbox[1].options
    assert "Portugāle" in countries and "Portugal" not in countries and countries[0] == "jebkura"
    assert app.selectbox[2].options[0] == "jebkurš"  # gads: the masculine "any"
    assert any("Portugāle" in c and "Latvija" in c for c in (c.value for c in app.caption))  # where the project happened
    assert any("Balkānu zieds · Eiropa pilsoņiem" in c.value for c in app.caption)  # the programme's Latvian name
    app.selectbox[1].select("Portugal").run()  # the value stays the canonical name
    assert any("ESTO · Erasmus+" in c.value for c in app.caption)


def passage_of_box(box_key: str) -> str:
    """The passage id of a hit's handout box ("pick-<doc_id>:3~9b41d0")."""
    from kb.handout import parse_item

    return parse_item(box_key.removeprefix("pick-")).passage_id


def test_collecting_hits_and_downloading_the_handout(app):
    app.run()
    app.text_input[0].input(CAFE).run()
    boxes = [box for box in app.checkbox if box.key.startswith("pick-") and "@" not in box.key]  # two passages whole
    boxes[0].check().run()
    boxes = [box for box in app.checkbox if box.key.startswith("pick-") and "@" not in box.key]
    boxes[1].check().run()
    assert app.session_state["handout"] == [boxes[0].key[5:], boxes[1].key[5:]]
    assert any(h.value.endswith("(2)") for h in app.sidebar.header)
    # said beside the tick, where a phone's closed sidebar shows no count
    assert [toast.value for toast in app.toast] == ["Added to the handout (2). Download it from the sidebar."]
    boxes[1].uncheck().run()
    assert [toast.value for toast in app.toast] == ["Removed from the handout (1 left)."]
    boxes[1].check().run()
    # the handout survives a new search, and lives in the URL: a reload or a colleague's fresh session gets it back
    app.text_input[0].input("partneri").run()
    assert len(app.session_state["handout"]) == 2
    link = app.query_params["h"]
    assert link == app.session_state["handout"]
    colleague = AppTest.from_file(APP, default_timeout=60)
    colleague.query_params["h"] = link
    colleague.run()
    assert colleague.session_state["handout"] == link and any(h.value.endswith("(2)") for h in colleague.sidebar.header)
    assert [b.label for b in colleague.get("download_button")][-1] == "Download Word (DOCX)"
    # a link whose passages have left the knowledge base (a document removed since) says so, in the interface language
    stale = AppTest.from_file(APP, default_timeout=60)
    stale.query_params["h"] = [*link, "0123456789abcdef:3", "0123456789abcdef:4"]
    stale.query_params["ui"] = "lv"
    stale.run()
    assert stale.session_state["handout"] == link
    assert "Fragmenti, kuru zināšanu bāzē vairs nav, izlaisti: 2." in [c.value for c in stale.sidebar.caption]


def test_clearing_the_handout_unticks_the_hits(app):
    app.run()
    app.text_input[0].input(CAFE).run()
    [box for box in app.checkbox if box.key.startswith("pick-")][0].check().run()
    assert len(app.session_state["handout"]) == 1
    next(button for button in app.sidebar.button if button.label == LABELS["en"]["clear"]).click().run()
    assert app.session_state["handout"] == [] and not [box for box in app.checkbox if box.value]
    [box for box in app.checkbox if box.key.startswith("pick-")][0].check().run()  # ticking again adds it again
    assert len(app.session_state["handout"]) == 1


def test_a_cards_sentence_or_the_underlined_text_goes_into_the_handout_alone_with_its_own_page(app, corpus_kb):
    """A trainer quotes one sentence of a four-page deck: the handout held the whole passage, cited "pp. 14-15"."""
    from kb.handout import parse_item, to_markdown

    open_tab(app, "cards")
    advice = next(box for box in app.checkbox if "Partneru meklēšanā" in box.label)
    advice.check().run()
    [item] = app.session_state["handout"]
    assert app.query_params["h"] in (item, [item]) and any(h.value.endswith("(1)") for h in app.sidebar.header)
    colleague = AppTest.from_file(APP, default_timeout=60)  # the link: the same sentence in a fresh session
    colleague.query_params["h"] = [item]
    open_tab(colleague, "cards")
    assert colleague.session_state["handout"] == [item]
    assert next(box for box in colleague.checkbox if box.label == advice.label).value  # shown as collected
    sentence = corpus_kb.hit(*parse_item(item)[:2])
    assert sentence.text.startswith("- Partneru meklēšanā vislielākā nozīme ir personiskiem kontaktiem.")
    assert len(sentence.text) < len(corpus_kb.hit(parse_item(item)[0]).text)
    assert "esto-erasmus-mobility-portugal.pdf, p. 14 (ESTO" in to_markdown([sentence])  # not "pp. 14-15"
    # the text a search underlined, beside the whole passage
    open_tab(app, "search").text_input[0].input("how to find partners for an Erasmus project").run()
    next(box for box in app.checkbox if box.label.startswith("Add only the underlined text: «")).check().run()
    underlined = corpus_kb.hit(*parse_item(app.session_state["handout"][1])[:2])
    assert underlined.text.startswith("- Partneru meklēšanā") and (underlined.page, underlined.page_end) == (14, 14)
    assert any(h.value.endswith("(2)") for h in app.sidebar.header)


def test_a_passage_goes_into_the_handout_whole_or_by_its_underlined_text_not_both(app):
    """An overview tester ticked the first boxes under a hit, the passage's and its underlined text's: the handout and
    its CSV held the same citation twice."""
    app.run().text_input[0].input("how to find partners for an Erasmus project").run()
    whole = next(box for box in app.checkbox if box.key.startswith("pick-") and "@" not in box.key)
    passage = whole.key.removeprefix("pick-")  # "<doc_id>:3~9b41d0": the passage and a check of its text
    underlined = next(box for box in app.checkbox if box.key.startswith(f"pick-{passage.split('~')[0]}@"))
    whole.check().run()
    next(box for box in app.checkbox if box.key == underlined.key).check().run()
    assert app.session_state["handout"] == [underlined.key.removeprefix("pick-")]
    assert not next(box for box in app.checkbox if box.key == whole.key).value  # shown unticked
    next(box for box in app.checkbox if box.key == whole.key).check().run()
    assert app.session_state["handout"] == [passage]
    assert not next(box for box in app.checkbox if box.key == underlined.key).value


def test_a_handout_link_quoting_text_a_newer_reading_moved_is_found_where_it_is_or_left_out_and_said(app, corpus_kb):
    """A document read anew (a newer reader) may number and cut its passages otherwise: an old link's offsets quoted
    the halves of two other sentences, and its whole passage's id another passage, cited as if it were the one
    collected (a tester's "Partneru meklēšanā..." came back as "Spilgtākie iespaidi..." in the downloads). A passage
    whose text is now under another id is found there."""
    from kb.handout import handout_item, passage_check

    hit, other = corpus_kb.search(CAFE, top_k=2)
    sentence = hit.text[:40]
    check = passage_check(hit.text)
    kept, moved = handout_item(hit.passage_id, 0, 40, sentence, check), handout_item(hit.passage_id, 1, 41, sentence, check)
    whole = handout_item(hit.passage_id, within=check)
    renumbered = handout_item(hit.passage_id, within=passage_check(other.text))  # its text now under other's id
    cut_anew = handout_item(hit.passage_id, within=passage_check(hit.text + " Un vēl viens teikums."))  # nowhere now
    app.query_params["h"] = [kept, moved, renumbered, cut_anew, whole]
    app.run()
    assert app.session_state["handout"] == [kept, handout_item(other.passage_id, within=passage_check(other.text)), whole]
    assert "Passages no longer in the knowledge base, left out: 2." in [c.value for c in app.sidebar.caption]


def test_a_handout_finds_its_passages_again_when_their_file_was_saved_again(corpus_kb, corpus_index, tmp_path, monkeypatch):
    """A passage id is its file content's: a report opened and saved again (or edited on another page, or renamed
    with a version) gave every passage a new id, and a trainer's handout link lost them all (a longevity tester)."""
    from kb.handout import handout_item, passage_check
    from kb.search import KnowledgeBase

    folder = tmp_path / "atskaites"
    folder.mkdir()
    report = folder / "atskaite.md"
    text = "# Zāļu tēju darbnīca\n\nSeniori Krāslavā kopā ar skolēniem vāca un žāvēja zāļu tējas visu vasaru.\n"
    report.write_text(text, encoding="utf-8")
    index_dir = index_with(corpus_index, tmp_path / "index", folder, corpus_kb.embedder)
    before = KnowledgeBase(index_dir)
    [hit] = [h for h in before.search("zāļu tējas Krāslavā", top_k=3) if h.source.endswith("atskaite.md")]
    before.close()
    start = hit.text.index("Seniori")
    whole = handout_item(hit.passage_id, within=passage_check(hit.text))
    sentence = handout_item(hit.passage_id, start, len(hit.text), hit.text[start:], passage_check(hit.text))
    report.rename(folder / "atskaite_GALIGA.md")
    (folder / "atskaite_GALIGA.md").write_text(text + "\n", encoding="utf-8")  # saved again: other bytes, the same text
    sync_index([folder], Settings(index_dir=index_dir), embedder=corpus_kb.embedder)
    monkeypatch.setenv("KB_INDEX", str(index_dir))
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["h"] = [whole, sentence]
    app.run()
    found = app.session_state["handout"]
    assert len(found) == 2 and not any(hit.passage_id in item for item in found)  # under the new ids
    assert any(h.value.endswith("(2)") for h in app.sidebar.header), [h.value for h in app.sidebar.header]
    assert not [c.value for c in app.sidebar.caption if "no longer" in c.value]


def test_the_same_text_ticked_in_two_copies_of_a_document_is_in_the_handout_once(app, corpus_kb, corpus_index, tmp_path,
                                                                                   monkeypatch):
    """A report, its PDF export, the e-mail and the ZIP holding it: a handout took the same quote four times."""
    from kb.handout import handout_item, passage_check
    from kb.search import KnowledgeBase

    hit = corpus_kb.search(CAFE, top_k=1)[0]
    folder = tmp_path / "kopijas"
    folder.mkdir()
    (folder / "esto kopija.txt").write_text(hit.text + "\n\nKopija biedru sapulcei.\n", encoding="utf-8")
    monkeypatch.setenv("KB_INDEX", str(index_with(corpus_index, tmp_path / "index", folder, corpus_kb.embedder)))
    copies = KnowledgeBase(tmp_path / "index")
    sentence = hit.text[:60]
    [document] = [d for d in copies.store.documents() if d.sources[0].endswith("esto kopija.txt")]
    copy = next(p for p in copies.store.passages_of(document.doc_id) if sentence in p.text)  # (search shows it once)
    copies.close()
    start = copy.text.index(sentence)
    first = handout_item(hit.passage_id, 0, 60, sentence, passage_check(hit.text))
    again = handout_item(copy.passage_id, start, start + 60, sentence, passage_check(copy.text))
    app.query_params["h"] = [first, again]
    app.run()
    assert app.session_state["handout"] == [first]
    assert "The same text from another copy, left out: 1." in [c.value for c in app.sidebar.caption]


def test_a_handout_link_whose_span_was_altered_is_left_out_and_said(app, corpus_kb):
    from kb.handout import handout_item, passage_check

    hit = corpus_kb.search(CAFE, top_k=1)[0]
    passage_id = hit.passage_id
    app.query_params["h"] = [f"{passage_id}@5-999999", f"{passage_id}@7-3", f"{passage_id}@0-40", f"{passage_id}@000-040"]
    app.run()
    kept = handout_item(passage_id, 0, 40, hit.text[:40], passage_check(hit.text))  # given its checks (a link made before)
    assert app.session_state["handout"] == [kept]  # the same sentence written twice: once
    assert "Passages no longer in the knowledge base, left out: 2." in [c.value for c in app.sidebar.caption]


def test_a_handout_link_made_before_items_had_checks_ticks_its_hits_boxes(app):
    """Its items are given their checks as they load: the hits' boxes showed unticked, and ticking a sentence again
    put it in twice ("The same text from another copy, left out: 1.", a review)."""
    app.query_params["q"] = "how to find partners for an Erasmus project"
    app.run()
    whole = next(box.key for box in app.checkbox if box.key.startswith("pick-") and "@" not in box.key)
    sentence = next(box.key for box in app.checkbox if box.key.startswith("pick-") and "@" in box.key)
    old_whole = whole.removeprefix("pick-").split("~")[0]  # "<id>:3"
    old_sentence = "~".join(sentence.removeprefix("pick-").split("~")[:2])  # "<id>:3@0-203~6b09ba"
    fresh = AppTest.from_file(APP, default_timeout=60)
    fresh.query_params.update({"q": "how to find partners for an Erasmus project", "h": [old_whole]})
    fresh.run()
    assert next(box for box in fresh.checkbox if box.key == whole).value
    assert fresh.session_state["handout"] == [whole.removeprefix("pick-")]
    again = AppTest.from_file(APP, default_timeout=60)
    again.query_params.update({"q": "how to find partners for an Erasmus project", "h": [old_sentence]})
    again.run()
    assert next(box for box in again.checkbox if box.key == sentence).value
    assert again.session_state["handout"] == [sentence.removeprefix("pick-")]


def test_a_handout_csv_shows_a_document_s_formula_as_text_not_runs_it():
    """Guarded in the model lane alone before: a CSV cell that Excel or LibreOffice would run as a formula."""
    from kb.handout import to_csv
    from kb.types import Hit

    hit = Hit("a:1", "-1 + 1 ir sākums", 1.0, '=HYPERLINK("http://example.com","Atvērt")', "@vēstule.eml", 2, 2, "lv",
              "a", "", ("+Biedrība",), (), (), (), 1, None)  # fmt: skip
    [row] = list(csv.DictReader(io.StringIO(to_csv([hit]))))
    assert (row["title"], row["text"], row["source"]) == ("'" + hit.title, "'" + hit.text, "'" + hit.source)
    assert row["organisation"] == "'+Biedrība" and row["page"] == "2"  # a number stays a number


def test_handout_files_carry_full_citations(corpus_kb):
    import docx
    from docx.oxml.ns import qn

    from kb.handout import to_csv, to_docx, to_markdown

    hits = corpus_kb.search(CAFE, top_k=2)
    markdown = to_markdown(hits)
    assert markdown.count("\n> ") >= 2 and hits[0].citation in markdown
    rows = list(csv.DictReader(io.StringIO(to_csv(hits))))
    assert rows[0]["organisation"] == hits[0].organisations[0] and rows[0]["page"] == str(hits[0].page)
    assert rows[0]["page_end"] == str(hits[0].page_end) and rows[0]["citation"] == hits[0].citation
    headers = LABELS["lv"]["csv_columns"].split("|")
    named = partial(language_name, language="lv")
    latvian = list(csv.reader(io.StringIO(to_csv(hits, lambda hit: cite(hit, LABELS["lv"]), headers, named))))
    assert latvian[0][:2] == ["nosaukums", "organizācija"] and re.search(r", \d+\.(–\d+\.)? lpp\.", latvian[1][7])
    assert latvian[1][8] == "latviešu"  # the passage's language named, as in the library: not "lv"
    assert rows[0]["source"] == hits[0].source and rows[0]["text"] == hits[0].text
    formula = dataclasses.replace(hits[0], title='=HYPERLINK("http://example.com","Atvērt")')  # an e-mail's subject
    assert next(csv.DictReader(io.StringIO(to_csv([formula]))))["title"] == "'" + formula.title  # shown, not run
    from ui.library_tab import to_table_csv  # the library table's download

    library = next(csv.DictReader(io.StringIO(to_table_csv([{"title": "-1+1", "passages": 3}]).lstrip("\ufeff"))))
    assert library == {"title": "'-1+1", "passages": "3"}
    word = docx.Document(io.BytesIO(to_docx(hits, "Darbnīca", "Avoti", language="ru")))
    assert word.core_properties.author == "" and word.core_properties.created.year >= 2026  # not python-docx's, 2013
    marked = [mark.get(qn("w:val")) for mark in word.element.iter(qn("w:lang"))]  # spelling checked per language:
    assert "lv-LV" in marked and "ru-RU" in word.styles.element.xml  # Latvian quotes, a Russian handout around them
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[0] == "Darbnīca" and f"1. {hits[0].title}" in paragraphs
    assert hits[0].citation in paragraphs and hits[1].citation in paragraphs  # under each quoted passage
    assert hits[0].text.split("\n")[0].strip() in paragraphs
    sources = paragraphs[paragraphs.index("Avoti") + 1 :]
    assert sources and all(" — corpus/" in source for source in sources)
    escaped = dataclasses.replace(hits[0], title="esc\x1b[31m", source="docs/bell\x07.txt")  # an index built before
    word = docx.Document(io.BytesIO(to_docx([escaped])))  # the whole handout failed: python-docx refuses them
    assert "1. esc[31m" in [p.text for p in word.paragraphs] and "esc[31m — docs/bell.txt" in [p.text for p in word.paragraphs]


def test_a_markdown_handout_shows_document_text_as_written_and_the_csv_names_the_attachment(corpus_kb):
    from markdown_it import MarkdownIt

    from kb.handout import to_csv, to_markdown

    hit = dataclasses.replace(
        corpus_kb.search(CAFE, top_k=1)[0],
        title="Sanāksmes plāns **svarīgi** [skatīt](http://evil.example)",  # an e-mail's subject
        text="    ne kods\n<b>Brāga</b> un <img src=x onerror=alert(1)>\n# Ne virsraksts\n1. ne saraksts\n> ne citāts",
        attachment="*prezentācija* [saite](http://x.y).pptx",
        source="docs/x\n# Faila virsraksts\n- faila punkts.txt",  # a file name's line breaks, in an index built before
    )
    page = MarkdownIt("commonmark").render(to_markdown([hit], "Izdales materiāls"))
    for made_by_the_text in ("<a ", "<b>", "<img", "<strong>", "<ol", "<h1>Ne", "<blockquote>\n<blockquote>", "<code>",
                             "<h1>Faila", "<ul"):  # fmt: skip
        assert made_by_the_text not in page, made_by_the_text
    assert page.count("<em>") == 1 and "**svarīgi** [skatīt](http://evil.example)" in page  # the citation's own
    assert "&lt;b&gt;Brāga&lt;/b&gt;" in page and "# Ne virsraksts" in page and "*prezentācija* [saite](http://x.y).pptx" in page
    row = next(csv.DictReader(io.StringIO(to_csv([hit]))))
    assert row["attachment"] == hit.attachment and row["source"] == hit.source


def test_the_interface_switches_to_latvian(app):
    app.query_params["ui"] = "lv"
    app.run()
    assert app.title[0].value == "NVO pieredzes krātuve"
    assert "dokumenti" in app.info[0].value
    assert app.text_input[0].label == "Meklēt"


def test_switching_the_interface_language_keeps_the_open_tab(app):
    open_tab(app, "library")
    assert LABELS["en"]["documents"] in [h.value for h in app.header]
    app.sidebar.radio[0].set_value("lv").run()
    assert LABELS["lv"]["documents"] in [h.value for h in app.header]  # still the library, now in Latvian


@pytest.mark.parametrize(("asked", "language", "punctuation"), [("en", "en", "?!"), ("LV", "lv", "_")])  # "?ui=LV" too
def test_a_punctuation_query_is_treated_as_an_empty_box_in_the_interface_language(app, asked, language, punctuation):
    app.query_params["ui"] = asked
    app.query_params["q"] = "kafejnīca"
    app.run()
    assert hit_citations(app)
    app.text_input[0].input(punctuation).run()
    assert not app.exception and not app.warning and not hit_citations(app)
    assert app.info[0].value.startswith(LABELS[language]["empty"].split("{")[0])
    assert "q" not in app.query_params  # a reload does not bring the old query back


def test_the_app_serves_the_index_named_after_its_arguments_as_kb_takes_it(corpus_index, tmp_path, monkeypatch):
    """`streamlit run app.py -- --index DIR` served the index of KB_INDEX, without a word."""
    monkeypatch.setenv("KB_INDEX", str(tmp_path / "none"))
    monkeypatch.setattr("sys.argv", ["app.py", "--index", str(corpus_index)])
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert not app.exception and not app.error
    assert app.info[0].value == LABELS["en"]["empty"].format(documents=2, passages=15)


def test_an_index_an_older_kb_built_asks_for_a_sync_not_a_rebuild(corpus_index, tmp_path, monkeypatch):
    """The app told the administrator to --rebuild, which drops every folder not named (the editors' uploads too)."""
    import json
    import shutil

    from kb import index

    copied = shutil.copytree(corpus_index, tmp_path / "index")
    manifest_file = index.live_generation(copied) / index.MANIFEST_FILE
    manifest = json.loads(manifest_file.read_text())
    manifest_file.write_text(json.dumps({**manifest, "schema_version": min(index.READABLE_SCHEMAS) - 1}))
    monkeypatch.setenv("KB_INDEX", str(copied))
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert app.error[0].value.endswith(LABELS["en"]["index_outdated"]) and "--rebuild" not in app.error[0].value
    # one a newer kb built: update this one first (a rebuild by an older kb drops what it cannot read)
    manifest_file.write_text(json.dumps({**manifest, "schema_version": index.SCHEMA_VERSION + 1}))
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert "update this tool (`git pull`, then `make run`)" in app.error[0].value


def test_a_missing_index_shows_instructions(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_INDEX", str(tmp_path / "none"))
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert not app.exception
    assert app.error[0].value == "The knowledge base cannot be opened. There is no knowledge base here yet."
    assert "make run" in app.info[0].value


def test_document_text_is_escaped_and_query_words_marked():
    shown = highlight('<script>alert("x")</script> Kafejnīcā seniori', set(analyse("kafejnica")))
    assert "<script>" not in shown and "&lt;script&gt;" in shown and "&quot;" in shown
    assert "<mark>Kafejnīcā</mark>" in shown and "<mark>seniori</mark>" not in shown
    for amount in ("18 400", "18\u00a0400"):  # found by "18400": marked whole
        assert f"<mark>{amount}</mark> EUR" in highlight(f"Budžets: {amount} EUR", set(analyse("18400")))


def test_the_sentence_that_matched_is_underlined_and_escaped():
    passage = "Ievads <b>. To var apmeklēt seniori, lai socializētos. Beigas."
    shown = highlight(passage, set(), (passage.index("To"), passage.index(" Beigas")))
    assert "<span class='matched'" in shown and "<b>" not in shown
    assert re.search(r"<span class='matched'[^>]*>To var apmeklēt seniori, lai socializētos\.</span> Beigas", shown)


def test_a_hit_shows_the_sentence_that_matched(app):
    app.run()
    app.text_input[0].input(CAFE).run()
    first = hit_cards(app)[0]
    matched = re.search(r"<span class='matched'[^>]*>(.*?)</span>", first, re.S)
    assert matched and "seniori" in matched.group(1)
    # its first line is the slide's title printed at the foot of p. 11: the passage is cited by its statements, p. 12
    assert hit_lines(app, "cite")[0].split(" — ")[1].startswith("corpus/esto-erasmus-mobility-portugal.pdf, p. 12")
    app.text_input[0].input("kā atrast partnerus").run()
    # the advice is on slides 14 and 15: its card says which one the underlined sentence is on
    assert "pp. 14-15" in hit_lines(app, "cite")[0] and "underlined text: p. 14" in hit_lines(app, "why")[0]
    app.sidebar.radio[0].set_value("lv").run()
    assert "pasvītrotais teksts: 14. lpp." in hit_lines(app, "why")[0]


def test_a_question_nothing_answers_says_so_and_marks_each_hit(app):
    app.run()
    app.text_input[0].input("how to replace the timing belt of a diesel engine").run()
    assert not app.exception
    assert any("Nothing in the knowledge base answers this closely" in info.value for info in app.info)
    assert any("nearest, but not a close match" in why for why in hit_lines(app, "why"))
    app.text_input[0].input(CAFE).run()
    assert not any("Nothing in the knowledge base" in info.value for info in app.info)


def test_a_query_typed_on_the_other_keyboard_layout_says_what_was_searched_for(app):
    app.run()
    app.text_input[0].input("rfat lkz gtycbjythjd").run()  # Russian typed with the keyboard set to Latin letters
    assert not app.exception
    assert any(info.value.startswith("Searched for “кафе для пенсионеров”") for info in app.info)
    assert any("kafejnīc" in card for card in hit_cards(app)[:3])
    app.text_input[0].input("офгтшуыг фзьфштф").run()  # Latvian typed with it set to Russian: given its diacritics too
    assert any(info.value.startswith("Searched for “jauniešu apmaiņa”") for info in app.info)
    app.text_input[0].input(CAFE).run()
    assert not any("Searched for" in info.value for info in app.info)


def test_a_word_left_out_is_said_and_not_marked_and_its_passages_are_gone(app):
    app.run()
    app.text_input[0].input("kafejnīca seniori -Portugāle").run()
    assert not app.exception
    assert "Without passages holding: “Portugāle”" in [caption.value for caption in app.caption]
    assert not any("Portugāl" in body for body in shown_passages(app))
    assert not any("<mark>Portugāl" in card for card in hit_cards(app))
    app.text_input[0].input("-Portugāle").run()  # only a word left out: said, in the interface's language
    assert not app.exception and [info.value for info in app.info][-1].startswith("The search only leaves words out")


def test_the_library_lists_documents_and_skipped_files(app):
    open_tab(app, "library")
    table = app.dataframe[0].value
    assert set(table["files"]) == {"corpus/esto-erasmus-mobility-portugal.pdf", "corpus/balkanu-zieds-letter.docx"}
    assert list(table.loc[table["files"].str.contains("esto"), "pages"]) == ["15"]
    assert "None" not in list(table["pages"])
    by_language = app.dataframe[1].value  # a table with bars, not a chart with an English menu
    assert list(by_language["Language"]) == ["Latvian"] and list(by_language["Passages by language"]) == [15]
    assert [b.label for b in app.get("download_button")] == ["Download the table (CSV)"]


def test_the_library_lists_the_files_that_could_not_be_indexed(tmp_path, corpus_index, corpus_kb, monkeypatch):
    folder = tmp_path / "atskaites"
    folder.mkdir()
    shutil.copy(FIXTURES / "corrupt.pdf", folder / "bojāts.pdf")
    monkeypatch.setenv("KB_INDEX", str(index_with(corpus_index, tmp_path / "index", folder, corpus_kb.embedder)))
    app = AppTest.from_file(APP, default_timeout=60)
    open_tab(app, "library")
    assert LABELS["en"]["skipped"] in [s.value for s in app.header]
    skipped = app.dataframe[-1].value
    assert list(skipped.iloc[:, 0]) == ["atskaites/bojāts.pdf"] and skipped.iloc[0, 1].startswith("corrupt PDF")


def test_the_library_finds_a_document_by_what_a_person_remembers(app):
    open_tab(app, "library")
    for typed, found in (("BALKĀNU", "balkanu-zieds-letter.docx"), ("balkanu zieds", "balkanu-zieds-letter.docx"),
                         ("000141852", "esto-erasmus-mobility-portugal.pdf")):
        app.text_input(key="library-find").input(typed).run()  # an organisation, a project number
        assert [source.removeprefix("corpus/") for source in app.dataframe[0].value["files"]] == [found]
    app.text_input(key="library-find").input("nav tāda").run()
    assert any("No document matches" in info.value for info in app.info)
    assert len(app.dataframe) == 2  # by language and by theme: the documents' table is gone, not empty


def test_adding_documents_is_refused_without_the_editor_password(app, monkeypatch):
    monkeypatch.delenv("KB_ADMIN_PASSWORD", raising=False)
    open_tab(app, "add")
    assert any("KB_ADMIN_PASSWORD" in info.value for info in app.info)
    monkeypatch.setenv("KB_ADMIN_PASSWORD", "s3cret")
    app.run()
    app.text_input(key="password").input("wrong").run()
    assert any("Wrong password" in e.value for e in app.error)
    app.text_input(key="password").input("s3cret").run()
    assert not app.error and app.get("file_uploader")


def test_uploads_are_saved_under_safe_names_and_bad_ones_rejected(tmp_path):
    files = [("../../etc/passwd.txt", b"Biedriba"), ("plan.vsdx", b"x"), ("notes.md", b"# Piezimes"), ("big.txt", b"a" * 1001)]
    accepted, _, rejected, renamed, _ = save_uploads(files, tmp_path / "up", max_file_mb=0.001)
    assert [p.name for p in accepted] == ["passwd.txt", "notes.md"]
    assert all(p.parent == tmp_path / "up" for p in accepted)
    assert rejected == [("plan.vsdx", "unsupported type .vsdx"), ("big.txt", "larger than 0.001 MB")] and not renamed


def test_upload_names_from_a_mac_keep_their_letters_and_windows_device_names_are_not_devices():
    from kb.uploads import safe_file_name

    assert safe_file_name("Re\u0301sume\u0301 Līvāni.txt") == "Résumé Līvāni.txt"  # was "Re_sume_ Līvāni.txt"
    assert [safe_file_name(name) for name in ("NUL.txt", "con.txt", "COM1.pdf", "nulle.txt")] == [
        "_NUL.txt", "_con.txt", "_COM1.pdf", "nulle.txt"]  # fmt: skip


def test_the_upload_s_progress_bar_never_runs_past_its_end():
    """The page read the stage, count and total of two of the sync's reports apart (700 %): Streamlit's bar raised, and
    the page said nothing was added while the file was being indexed."""
    from kb.uploads import UploadProgress
    from ui.upload_tab import progress_shown

    progress = UploadProgress()
    progress.on_stage("embed", 700, 100)
    assert progress_shown(progress, LABELS["lv"])[0] == 1.0
    progress.on_page("skenējums.pdf", 1, 4)
    assert progress_shown(progress, LABELS["lv"]) == (0.25, LABELS["lv"]["ocr_progress"].format(
        name="skenējums.pdf", done=1, total=4))  # fmt: skip


def test_an_upload_never_replaces_an_earlier_one_of_the_same_name(tmp_path):
    """Two NGOs' "atskaite.pdf", a broken copy of a good file, two names that clean up alike: every file is kept."""
    folder, good = tmp_path / "up", (FIXTURES / "good.pdf").read_bytes()
    save_uploads([("atskaite.pdf", good)], folder, 50)
    accepted, written, _, renamed, _ = save_uploads([("atskaite.pdf", b"%PDF-1.4 broken"), ("atskaite.pdf", good)], folder, 50)
    assert [p.name for p in accepted] == ["atskaite (2).pdf", "atskaite.pdf"]  # the same file again goes where it is
    assert renamed == [("atskaite.pdf", "atskaite (2).pdf")] and written == accepted[:1]
    assert (folder / "atskaite.pdf").read_bytes() == good
    accepted, _, _, renamed, _ = save_uploads([("plāns:1.docx", b"a"), ("plāns?1.docx", b"b")], folder, 50)
    assert [p.read_bytes() for p in accepted] == [b"a", b"b"] and renamed == [("plāns?1.docx", "plāns_1 (2).docx")]


def test_safe_file_names():
    long = "Projekta atskaite par brīvprātīgo darbu Latgales pagastos un senioru kafejnīcas darbību " * 2 + ".md"
    assert len(safe_file_name(long)) == 120 and safe_file_name(long).endswith("brīvprā.md")  # cut, keeping its type
    assert safe_file_name("..\\..\\Windows\\evil.pdf") == "evil.pdf"
    assert safe_file_name("../.hidden.docx") == "hidden.docx"
    assert safe_file_name("atskaite <2024>.pdf") == "atskaite _2024_.pdf"
    for name in ("отчёт о семинаре «Лудза» 2024.docx", "Протокол №3 (2023).docx", "Erasmus+ atskaite „Ludza”, 2.pdf"):
        assert safe_file_name(name) == name  # cited as the writer named it: quotes, "№", brackets and "+" are safe
    assert safe_file_name("atskaite\u202efdp.exe.pdf") == "atskaite_fdp.exe.pdf"  # no name that reads backwards


def test_an_uploaded_document_is_found_after_the_sync_the_app_runs(tmp_path, corpus_index):
    from kb.search import KnowledgeBase
    from kb.settings import Settings
    from kb.sync import sync_index

    index_dir = tmp_path / "index"
    shutil.copytree(corpus_index, index_dir)
    save_uploads([("Zaļā Sēta.pdf", (FIXTURES / "good.pdf").read_bytes())], tmp_path / "uploads", 50)
    live = KnowledgeBase(index_dir)  # a search in progress keeps its generation
    result = sync_index([tmp_path / "uploads"], Settings(index_dir=index_dir), embedder=live.embedder)
    assert [r.status for r in result.reports] == ["new"]
    assert live.search("kopienas kafejnīca Ludzā", top_k=1)  # the old generation still answers
    [hit] = KnowledgeBase(index_dir, live.embedder).search("kopienas kafejnīca Ludzā", top_k=1)
    assert hit.source == "uploads/Zaļā Sēta.pdf" and hit.page == 1


@pytest.mark.parametrize(
    "text",
    [
        PAYLOAD,
        MARKUP,
        "# Heading",
        "## Heading\n- item\n+ item\n> quote",
        "1. first\n2) second",
        "=== setext",
        "[ref]: http://evil.example/x",
        "Line one\n\n    indented code",
        "HTTPS://EVIL.EXAMPLE WWW.EVIL.EXAMPLE",
        "a\\[x](http://evil.example) \\",
        "Biedrība „Zaļā Sēta“: 2023-1-LV01-KA122-ADU-000141852 · ESTO (p. 14)",
    ],
)
def test_escaped_text_keeps_its_characters_and_loses_its_markup(text):
    escaped = escape_markdown(text)
    assert shown_as(escaped) == " ".join(text.split())  # the same characters, on one line
    assert "\n" not in escaped
    assert not live_markup(escaped)
    assert not re.match(r"\s*([#>+=-]|\d+[.)])", escaped)  # no heading, quote or list at the start


def test_escaping_leaves_ordinary_citations_readable():
    citation = "Atskaite — corpus/esto-erasmus-mobility-portugal.pdf, pp. 14-15 (ESTO, 2023-1-LV01-KA122-ADU-000141852)"
    assert escape_markdown(citation) == citation


def test_crafted_titles_headings_and_query_links_show_as_text(hostile_index, monkeypatch):
    monkeypatch.setenv("KB_INDEX", str(hostile_index))
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["q"] = PAYLOAD  # a shared link carrying the payload
    app.run()
    pid = next(passage_of_box(box.key) for box in app.checkbox if box.key.startswith("pick-"))
    app.session_state[f"context-{pid}"] = True  # open "Read in context" of the first hit
    values = markdown_values(app.run())
    first_hit = hit_cards(app)[0]
    assert set(re.findall(r"</?(\w+)", first_hit)) <= {"h2", "p", "div", "mark", "span"}  # only the card's own tags
    assert hit_lines(app, "title")[0] == f"{PAYLOAD}…"  # the hit's title, as typed
    assert any(PAYLOAD in citation and "sesija.md" in citation for citation in hit_citations(app))
    values += markdown_values(open_tab(app, "cards"))
    assert not app.exception
    crafted = [value for value in values if "evil" in value]
    shown = [shown_as(value) for value in crafted]
    card_titles = [h.proto.body for h in app.get("html") if "class='card-title'" in h.proto.body]
    assert all(set(re.findall(r"</?(\w+)", title)) == {"h2"} for title in card_titles)  # no tag of the document's
    assert [html.unescape(re.sub(r"<[^>]+>", "", title)) for title in card_titles].count(f"{PAYLOAD}…") == 1  # as typed
    assert any(re.fullmatch(rf"\d+ passages shown for “{re.escape(PAYLOAD)}”", value) for value in shown)  # the query
    assert any(f"{PAYLOAD} {MARKUP}" in value for value in shown)  # the heading, in "Read in context"
    assert all(not live_markup(value) for value in crafted), [live_markup(value) for value in crafted]


def test_password_guesses_are_rate_limited_across_sessions(corpus_index, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(ui.password, "EDITOR_PASSWORD", PasswordThrottle(clock=lambda: now[0]))
    monkeypatch.setenv("KB_INDEX", str(corpus_index))
    monkeypatch.setenv("KB_ADMIN_PASSWORD", "s3cret")
    for guess in range(5):  # each from a new session, as an attacker would
        app = open_tab(AppTest.from_file(APP, default_timeout=60), "add")
        app.text_input(key="password").input(f"guess {guess}").run()
        assert [e.value for e in app.error] == ["Wrong password."]
    app = open_tab(AppTest.from_file(APP, default_timeout=60), "add")
    app.text_input(key="password").input("s3cret").run()
    assert [e.value for e in app.error] == ["Too many wrong passwords. Try again in 30 s."]
    assert not app.get("file_uploader")  # the right password is refused while locked
    now[0] += 31
    app.run()  # the same password, checked now
    assert not app.error and app.get("file_uploader")


def test_the_password_lock_doubles_and_a_right_password_resets_it():
    now = [0.0]
    throttle = PasswordThrottle(free=2, first_wait=10, longest_wait=25, clock=lambda: now[0])
    assert [throttle.check("x", "s3cret") for _ in range(3)] == ["wrong", "wrong", "locked"]
    now[0] += 10
    assert throttle.check("y", "s3cret") == "wrong" and throttle.seconds_to_wait() == 20  # doubled
    now[0] += 20
    assert throttle.check("z", "s3cret") == "wrong" and throttle.seconds_to_wait() == 25  # capped
    now[0] += 25
    assert throttle.check("s3cret", "s3cret") == "accepted"
    assert throttle.check("x", "s3cret") == "wrong" and throttle.check("s3cret", "s3cret") == "accepted"


def test_the_app_switches_to_a_new_index_generation(tmp_path, corpus_index, corpus_kb, monkeypatch):
    index_dir = tmp_path / "index"
    shutil.copytree(corpus_index, index_dir)
    monkeypatch.setenv("KB_INDEX", str(index_dir))
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert "2 documents" in app.info[0].value
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "talkas.txt").write_text(GOOD_TEXT, encoding="utf-8")
    sync_index([tmp_path / "more"], Settings(index_dir=index_dir), embedder=corpus_kb.embedder)  # `kb ingest`
    app.run()
    assert not app.exception
    assert "3 documents" in app.info[0].value


GOOD_TEXT = "Biedrība Zaļais tilts rīkoja talkas Jelgavā kopā ar skolēniem un pensionāriem.\n"


@pytest.fixture
def editor_app(tmp_path, corpus_index, monkeypatch) -> AppTest:
    """The app on a copy of the corpus index, signed in as an editor, with an empty uploads folder."""
    shutil.copytree(corpus_index, tmp_path / "index")
    monkeypatch.setenv("KB_INDEX", str(tmp_path / "index"))
    monkeypatch.setenv("KB_UPLOADS", str(tmp_path / "uploads"))
    monkeypatch.setenv("KB_ADMIN_PASSWORD", "s3cret")
    app = open_tab(AppTest.from_file(APP, default_timeout=120), "add")
    app.text_input(key="password").input("s3cret").run()
    return app


def test_an_editor_stays_signed_in_when_another_tab_is_opened_until_signing_out(editor_app):
    """Only the open tab runs: opening the search tab emptied the password box, and the editor had to sign in again
    (each time counting toward the shared lock)."""
    assert editor_app.get("file_uploader")
    open_tab(editor_app, "search")
    open_tab(editor_app, "add")
    assert editor_app.get("file_uploader") and any(c.value == "Signed in as an editor." for c in editor_app.caption)
    next(button for button in editor_app.button if button.label == "Sign out").click().run()
    assert not editor_app.get("file_uploader") and editor_app.text_input(key="password").value == ""


def upload(app: AppTest, *files: tuple[str, bytes]) -> AppTest:
    app.file_uploader(key="uploads").set_value([(name, data, "application/octet-stream") for name, data in files]).run()
    next(button for button in app.button if button.label == "Add to the knowledge base").click().run()
    assert not app.exception
    return app


def uploads_left(tmp_path: Path) -> list[str]:
    return sorted(path.name for path in (tmp_path / "uploads").iterdir() if not path.name.startswith("."))


def quarantined(tmp_path: Path) -> list[str]:
    return sorted(path.name.split("-", 2)[2] for path in (tmp_path / "uploads" / ".quarantine").iterdir())


def no_server_details(app: AppTest, tmp_path: Path) -> bool:
    return not any("Traceback" in value or str(tmp_path) in value for value in markdown_values(app))


def test_a_hostile_upload_is_quarantined_and_the_next_upload_works(editor_app, tmp_path):
    hostile = {
        "atskaite.docx": malformed_xml_docx(),
        "smiekli.docx": billion_laughs_docx(),
        "bumba.docx": docx_bomb(600),
        "bumba.pdf": flate_bomb_pdf(100),
        "lapas.pdf": many_page_references_pdf(1_000_000),
    }
    upload(editor_app, *hostile.items())
    messages = [e.value for e in [*editor_app.error, *editor_app.warning]]
    assert messages[-1] == LABELS["en"]["nothing_added"] and not editor_app.success
    assert len(messages[:-1]) == len(hostile) and all(any(name in m for name in hostile) for m in messages[:-1])
    assert no_server_details(editor_app, tmp_path)
    assert uploads_left(tmp_path) == [] and quarantined(tmp_path) == sorted(hostile)

    upload(editor_app, ("talkas.txt", GOOD_TEXT.encode()))
    assert not editor_app.error and editor_app.success[0].value.startswith("Done: 3 documents")
    assert uploads_left(tmp_path) == ["talkas.txt"]
    assert list(editor_app.dataframe[-1].value["file"]) == ["uploads/talkas.txt"]  # this upload's report, not the last's
    open_tab(editor_app, "search").text_input(key="query").input("talkas Jelgavā ar skolēniem").run()
    assert any("uploads/talkas.txt" in citation for citation in hit_citations(editor_app))


def test_an_upload_that_cannot_be_read_is_reported_set_aside_and_the_rest_indexed(editor_app, tmp_path):
    upload(editor_app, ("bojāts.pdf", (FIXTURES / "corrupt.pdf").read_bytes()), ("talkas.txt", GOOD_TEXT.encode()))
    [warning] = editor_app.warning
    assert warning.value.startswith("Not added: bojāts.pdf: ") and no_server_details(editor_app, tmp_path)
    report = editor_app.dataframe[-1].value  # the sync report, below the library's tables
    assert dict(zip(report["file"], report["status"])) == {"uploads/bojāts.pdf": "skipped", "uploads/talkas.txt": "new"}
    assert uploads_left(tmp_path) == ["talkas.txt"] and quarantined(tmp_path) == ["bojāts.pdf"]
    assert editor_app.success[0].value.startswith("Done: 3 documents")
    open_tab(editor_app, "library")  # set aside: no longer among the files that could not be indexed
    assert not any(s.value == LABELS["en"]["skipped"] for s in editor_app.header)


def test_a_broken_file_uploaded_under_a_good_ones_name_costs_only_itself(editor_app, tmp_path):
    from kb.search import KnowledgeBase

    good = (FIXTURES / "good.pdf").read_bytes()
    upload(editor_app, ("atskaite.pdf", good))
    upload(editor_app, ("atskaite.pdf", (FIXTURES / "corrupt.pdf").read_bytes()))
    assert editor_app.info[0].value == (
        "atskaite.pdf is saved as atskaite (2).pdf: another file of that name was added before, and both are kept "
        "(to replace it, tick \"Replace files of the same name\")."
    )
    assert uploads_left(tmp_path) == ["atskaite.pdf"] and quarantined(tmp_path) == ["atskaite (2).pdf"]
    assert (tmp_path / "uploads" / "atskaite.pdf").read_bytes() == good
    [hit] = KnowledgeBase(tmp_path / "index").search("kopienas kafejnīca Ludzā", top_k=1)
    assert hit.source == "uploads/atskaite.pdf"


def test_an_upload_where_no_file_can_be_read_says_nothing_was_added(editor_app, tmp_path):
    upload(editor_app, ("bojāts.pdf", (FIXTURES / "corrupt.pdf").read_bytes()))
    assert not editor_app.success and editor_app.warning[-1].value == LABELS["en"]["nothing_added"]
    assert quarantined(tmp_path) == ["bojāts.pdf"]


def test_a_failing_sync_shows_one_line_sets_the_upload_aside_and_the_app_goes_on(editor_app, tmp_path, monkeypatch):
    import ui.upload_tab

    real_sync = ui.upload_tab.sync_index
    failures = [
        OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "index" / "gen-1" / "vectors.npy")),
        RuntimeError(f"Error in faiss::write_index at {tmp_path}/index: 17280 requested and 3040 written"),
    ]

    def failing_sync(*args, **kwargs):
        if failures:
            raise failures.pop(0)
        return real_sync(*args, **kwargs)

    monkeypatch.setattr(ui.upload_tab, "sync_index", failing_sync)  # where the upload tab reads it
    expected = [
        "the server could not write its files (No space left on device): ask its administrator to free disk space or "
        "fix permissions",
        "an unexpected error (RuntimeError); the details are in the server log",
    ]
    for reason in expected:
        upload(editor_app, ("talkas.txt", GOOD_TEXT.encode()))
        [error] = editor_app.error
        assert error.value == f"Nothing was added: {escape_markdown(reason)}. The uploaded files were set aside; " + (
            "upload them again once this is fixed."
        )
        assert no_server_details(editor_app, tmp_path) and uploads_left(tmp_path) == []
    assert quarantined(tmp_path) == ["talkas.txt"] * 2  # each attempt kept for the administrator
    upload(editor_app, ("talkas.txt", GOOD_TEXT.encode()))
    assert not editor_app.error and editor_app.success[0].value.startswith("Done: 3 documents")
    failures.append(OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "index")))
    upload(editor_app, ("talkas.txt", GOOD_TEXT.encode()), ("jauns.txt", b"Jauns teksts par talkam."))  # uploaded again
    assert editor_app.error and uploads_left(tmp_path) == ["talkas.txt"]  # the indexed one stays; only the new file is
    assert quarantined(tmp_path) == ["jauns.txt"] + ["talkas.txt"] * 2  # set aside


def test_an_editor_replaces_an_uploaded_file_by_a_new_version(editor_app, tmp_path):
    """A corrected report uploaded again under its name was kept beside the old one ("talkas (2).txt"): both answered.
    Ticking "Replace" puts the new version in its place; the old one leaves the search and is kept aside."""
    from kb.search import KnowledgeBase

    upload(editor_app, ("talkas.txt", GOOD_TEXT.encode()))
    editor_app.checkbox(key="replace").check().run()
    corrected = "Biedrība Zaļais tilts rīkoja talkas Jelgavā un Dobelē kopā ar skolēniem, pensionāriem un ugunsdzēsējiem.\n"
    upload(editor_app, ("talkas.txt", corrected.encode()))
    assert [i.value for i in editor_app.info] == ["talkas.txt replaces the file of that name uploaded before."]
    assert editor_app.success[0].value.startswith("Done: 3 documents")  # the corpus's 2 and the new version
    assert uploads_left(tmp_path) == ["talkas.txt"] and (tmp_path / "uploads" / "talkas.txt").read_text() == corrected
    assert [p.read_text() for p in (tmp_path / "uploads" / ".removed").iterdir()] == [GOOD_TEXT]
    [hit] = KnowledgeBase(tmp_path / "index").search("talkas Jelgavā ar ugunsdzēsējiem", top_k=1)
    assert hit.source == "uploads/talkas.txt" and "ugunsdzēsējiem" in hit.text


def test_a_new_version_that_cannot_be_read_leaves_the_earlier_one_in_the_search(editor_app, tmp_path):
    from kb.search import KnowledgeBase

    good = (FIXTURES / "good.pdf").read_bytes()
    upload(editor_app, ("atskaite.pdf", good))
    editor_app.checkbox(key="replace").check().run()
    upload(editor_app, ("atskaite.pdf", (FIXTURES / "corrupt.pdf").read_bytes()))
    assert editor_app.warning[0].value.startswith("Not added: atskaite.pdf: ")
    assert editor_app.info[0].value == "atskaite.pdf was not replaced: the file uploaded before stays in the knowledge base."
    assert uploads_left(tmp_path) == ["atskaite.pdf"] and (tmp_path / "uploads" / "atskaite.pdf").read_bytes() == good
    assert quarantined(tmp_path) == ["atskaite.pdf"] and not list((tmp_path / "uploads" / ".removed").iterdir())
    [hit] = KnowledgeBase(tmp_path / "index").search("kopienas kafejnīca Ludzā", top_k=1)
    assert hit.source == "uploads/atskaite.pdf"


def test_an_editor_removes_uploaded_files_from_the_search(editor_app, tmp_path):
    from kb.search import KnowledgeBase

    upload(editor_app, ("talkas.txt", GOOD_TEXT.encode()), ("atskaite.pdf", (FIXTURES / "good.pdf").read_bytes()))
    assert editor_app.success[0].value.startswith("Done: 4 documents")
    assert editor_app.multiselect(key="remove").options == ["atskaite.pdf", "talkas.txt"]  # the uploads only, not corpus/
    editor_app.multiselect(key="remove").select("talkas.txt").run()
    next(button for button in editor_app.button if button.label == "Remove from the knowledge base").click().run()
    assert not editor_app.exception and not editor_app.error
    assert editor_app.success[-1].value == "Files removed: 1. 3 documents, 18 passages in the index."
    assert uploads_left(tmp_path) == ["atskaite.pdf"] and len(list((tmp_path / "uploads" / ".removed").iterdir())) == 1
    sources = {hit.source for hit in KnowledgeBase(tmp_path / "index").search("talkas Jelgavā ar skolēniem", top_k=20)}
    assert "uploads/talkas.txt" not in sources and "uploads/atskaite.pdf" in sources


def test_files_removed_while_the_sync_fails_come_back(tmp_path):
    """A removal whose sync fails (a full disk) leaves the index as it was, so its files go back where they were."""
    from kb.uploads import UploadProgress, remove_uploads

    folder = tmp_path / "uploads"
    folder.mkdir()
    (folder / "talkas.txt").write_text(GOOD_TEXT, encoding="utf-8")

    def full_disk():
        assert not (folder / "talkas.txt").exists()  # out of the folder while the sync runs
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        remove_uploads([folder / "talkas.txt"], folder, full_disk, UploadProgress())
    assert (folder / "talkas.txt").read_text(encoding="utf-8") == GOOD_TEXT and not list((folder / ".removed").iterdir())


def test_a_failed_removal_never_brings_its_file_back_over_a_newer_one(tmp_path):
    """The name a removal freed was taken meanwhile (a `kb ingest` held the index, an administrator copied a file in):
    bringing the removed file back overwrote the new one, which was then nowhere on disk."""
    from kb.uploads import UploadProgress, remove_uploads

    folder = tmp_path / "uploads"
    folder.mkdir()
    (folder / "talkas.txt").write_text("v1", encoding="utf-8")

    def newer_file_then_full_disk():
        (folder / "talkas.txt").write_text("v2", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        remove_uploads([folder / "talkas.txt"], folder, newer_file_then_full_disk, UploadProgress())
    assert (folder / "talkas.txt").read_text(encoding="utf-8") == "v2"
    assert [p.read_text(encoding="utf-8") for p in (folder / ".removed").iterdir()] == ["v1"]  # kept aside


def test_a_replacement_a_stopped_server_left_half_done_is_finished_by_the_next_upload(tmp_path, corpus_index, corpus_kb):
    """The server stopped (a crash, a restart) after setting a file aside for its new version and before the sync:
    the unreadable new version stayed in the folder for good and the document left the search. The next upload's
    sync finishes it: the new version is set aside and the earlier file comes back, indexed."""
    from functools import partial

    from kb.search import KnowledgeBase
    from kb.uploads import UploadProgress, _remember, add_uploads

    folder, index_dir = tmp_path / "uploads", tmp_path / "index"
    shutil.copytree(corpus_index, index_dir)
    sync = partial(sync_index, [folder], Settings(index_dir=index_dir), embedder=corpus_kb.embedder)
    good = (FIXTURES / "good.pdf").read_bytes()
    add_uploads(stage_uploads([("atskaite.pdf", good)], folder, 50), False, folder, sync, UploadProgress())
    broken = place_uploads(stage_uploads([("atskaite.pdf", (FIXTURES / "corrupt.pdf").read_bytes())], folder, 50), folder, True)
    _remember(folder, broken.replaced)  # as add_uploads does before its sync; then the server stops
    saved, _ = add_uploads(stage_uploads([("talkas.txt", GOOD_TEXT.encode())], folder, 50), False, folder, sync,
                           UploadProgress())  # fmt: skip
    assert (folder / "atskaite.pdf").read_bytes() == good and quarantined(tmp_path) == ["atskaite.pdf"]
    assert not (folder / ".removed" / "replacing.json").exists()
    [hit] = KnowledgeBase(index_dir, corpus_kb.embedder).search("kopienas kafejnīca Ludzā", top_k=1)
    assert hit.source == "uploads/atskaite.pdf"


def test_uploads_are_set_aside_when_another_indexed_folder_has_the_uploads_folder_s_name(tmp_path):
    """A synced "site/uploads" folder made the app's uploads cited "app/uploads/...": their report lines were looked up
    as "uploads/..." and not found, so an unreadable upload was not set aside (a review of the folder names)."""
    from functools import partial

    from kb.uploads import UploadProgress, add_uploads

    settings, embedder = Settings(index_dir=tmp_path / "index"), HashingEmbedder()
    (tmp_path / "site" / "uploads").mkdir(parents=True)
    (tmp_path / "site" / "uploads" / "zinas.txt").write_text(GOOD_TEXT, encoding="utf-8")
    sync_index([tmp_path / "site" / "uploads"], settings, embedder)
    folder = tmp_path / "app" / "uploads"
    sync = partial(sync_index, [folder], settings, embedder=embedder)
    files = [("atskaite.pdf", (FIXTURES / "corrupt.pdf").read_bytes()), ("talkas.txt", b"Talka notika.")]
    _, result = add_uploads(stage_uploads(files, folder, 50), False, folder, sync, UploadProgress())
    assert {r.source for r in result.reports} >= {"app/uploads/atskaite.pdf", "app/uploads/talkas.txt"}
    assert quarantined(tmp_path / "app") == ["atskaite.pdf"] and not (folder / "atskaite.pdf").exists()
    from kb.reports import FileReport
    from kb.uploads import upload_reports

    lines = [FileReport("app/uploads/talkas.txt", "unchanged"), FileReport("docs/talkas.txt", "removed")]  # another's
    assert upload_reports(lines, [folder / "talkas.txt"]) == {folder / "talkas.txt": lines[0]}


def test_a_file_twice_in_one_upload_is_saved_once_and_staged_files_a_stopped_server_left_are_swept(tmp_path):
    import os

    folder = tmp_path / "up"
    saved = save_uploads([("atskaite.txt", b"v1"), ("atskaite.txt", b"v1")], folder, 50, replacing=True)
    assert saved.accepted == [folder / "atskaite.txt"]  # once: "nothing added" could never be said for it
    left = folder / ".0123abcd.upload"  # a server stopped between staging an upload and naming it
    left.write_bytes(b"x" * 1000)
    os.utime(left, (0, 0))
    fresh = stage_uploads([("talkas.txt", b"v1")], folder, 50).files[0][2]
    assert not left.exists() and fresh.exists()


def test_uploads_and_removals_queued_on_the_upload_thread_act_in_the_order_editors_gave_them(tmp_path, corpus_index, corpus_kb):
    """Editors' pages saved uploads (and set replaced files aside) at once, while the upload thread ran the jobs one
    after another: a removal queued before a replacement removed the new version, and a version replaced twice in a row
    came back as the first one. Uploads are now staged under hidden names and named on the thread."""
    from functools import partial

    from kb.search import KnowledgeBase
    from kb.uploads import UploadProgress, add_uploads, remove_uploads

    folder, index_dir = tmp_path / "uploads", tmp_path / "index"
    shutil.copytree(corpus_index, index_dir)
    sync = partial(sync_index, [folder], Settings(index_dir=index_dir), embedder=corpus_kb.embedder)
    run = lambda job: job(sync, UploadProgress())  # noqa: E731 - as the upload thread runs each job, in order
    run(partial(add_uploads, stage_uploads([("atskaite.pdf", (FIXTURES / "good.pdf").read_bytes())], folder, 50), False, folder))
    # queued while the thread was busy: a removal, a new version, then a version that cannot be read
    removal = partial(remove_uploads, [folder / "atskaite.pdf"], folder)
    new_version = stage_uploads([("atskaite.pdf", (FIXTURES / "page_break.pdf").read_bytes())], folder, 50)
    unreadable = stage_uploads([("atskaite.pdf", (FIXTURES / "corrupt.pdf").read_bytes())], folder, 50)
    assert uploads_left(tmp_path) == ["atskaite.pdf"]  # staged files wait under hidden names
    run(removal)
    saved, _ = run(partial(add_uploads, new_version, True, folder))
    assert saved.replaced == {} and saved.accepted == [folder / "atskaite.pdf"]  # the removed file had left: nothing to set aside
    saved, result = run(partial(add_uploads, unreadable, True, folder))
    assert [r.status for r in result.reports if r.source == "uploads/atskaite.pdf"] == ["skipped"]
    assert (folder / "atskaite.pdf").read_bytes() == (FIXTURES / "page_break.pdf").read_bytes()  # the last readable one
    assert quarantined(tmp_path) == ["atskaite.pdf"]
    sources = {hit.source for hit in KnowledgeBase(index_dir, corpus_kb.embedder).search("brīvprātīgo darbs ilgst", top_k=5)}
    assert "uploads/atskaite.pdf" in sources


def test_an_upload_waits_for_an_ingest_that_holds_the_index(editor_app, tmp_path):
    """Two editors at once, or a `kb ingest` from the command line: the second upload failed ("another ingest is
    writing index", in English) and its files were set aside. It now waits, on the app's upload thread (which also
    goes on when the editor leaves the page)."""
    import threading
    import time

    from kb import index
    from kb.search import KnowledgeBase

    held = threading.Event()

    def hold_the_index() -> None:
        with index.build_lock(tmp_path / "index"):
            held.set()
            time.sleep(3)

    holder = threading.Thread(target=hold_the_index)
    holder.start()
    held.wait()
    upload(editor_app, ("talkas.txt", GOOD_TEXT.encode()))
    holder.join()
    assert not editor_app.error and editor_app.success[0].value.startswith("Done: 3 documents")
    assert any("goes on if you leave this page" in caption.value for caption in editor_app.caption)
    assert KnowledgeBase(tmp_path / "index").manifest["counts"]["documents"] == 3


def test_a_missing_building_or_damaged_index_is_explained_in_the_interface_language_without_paths(
    tmp_path, corpus_index, monkeypatch
):
    """The page said "no index at /srv/...: build one with `kb ingest ...`" in English, "run `kb ingest` again" while
    the first build was running, and a store damaged while the app ran ended in Streamlit's English error box."""
    import threading

    from kb import index

    monkeypatch.setenv("KB_INDEX", str(tmp_path / "index"))
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["ui"] = "lv"
    app.run()
    assert app.error[0].value == "Zināšanu krātuvi nevar atvērt. Šeit vēl nav zināšanu krātuves." and app.info
    held, release = threading.Event(), threading.Event()

    def first_build() -> None:
        with index.build_lock(tmp_path / "index"):
            held.set()
            release.wait()

    builder = threading.Thread(target=first_build)
    builder.start()
    held.wait()
    app.run()
    release.set()
    builder.join()
    assert "tiek veidota: pārlādējiet šo lapu pēc minūtes" in app.error[0].value and not app.info
    shutil.copytree(corpus_index, tmp_path / "index", dirs_exist_ok=True)
    app.query_params["q"] = CAFE
    app.run()
    assert hit_citations(app) and not app.error
    store = index.live_generation(tmp_path / "index") / index.STORE_FILE
    store.write_bytes(b"\0" * store.stat().st_size)  # overwritten at the same size while the app runs
    app.session_state["query"] = "partneri"
    app.run()
    assert not app.exception and [error.value for error in app.error] == [
        "Zināšanu krātuvi nevar atvērt. Tās faili ir bojāti; administrators to var izveidot no jauna: "
        "`kb ingest MAPE... --index DIR --rebuild`."
    ]
    assert no_server_details(app, tmp_path)


def test_more_like_this_and_context_are_looked_up_only_when_opened(app, monkeypatch):
    from kb.search import KnowledgeBase

    looked_up: list[str] = []
    for name in ("similar", "context"):
        real = getattr(KnowledgeBase, name)
        spy = lambda kb, pid, _name=name, _real=real, **kw: looked_up.append(f"{_name} {pid}") or _real(kb, pid, **kw)  # noqa: E731
        monkeypatch.setattr(KnowledgeBase, name, spy)
    app.query_params["q"] = CAFE
    app.run()
    assert hit_citations(app) and looked_up == []  # ten hits drawn, no panel computed
    first = next(passage_of_box(box.key) for box in app.checkbox if box.key.startswith("pick-"))
    app.session_state[f"context-{first}"] = True
    app.run()
    assert looked_up == [f"context {first}"]
    assert any(c.value.startswith("▶ ") for c in app.caption)  # the hit itself, among its neighbours
    [image] = app.get("image")  # the page of the PDF the café sentence is on (a title line at the foot of p. 11 starts it)
    assert image.proto.imgs[0].caption == "p. 12" and image.proto.imgs[0].url


@pytest.mark.slow
@needs_tesseract
def test_a_scanned_picture_s_cited_page_is_shown_beside_its_passages(tmp_path, corpus_kb, monkeypatch):
    import pypdfium2

    folder = tmp_path / "skenēts"
    folder.mkdir()
    scan = pypdfium2.PdfDocument(FIXTURES / "scan.pdf")
    first, *others = (scan[number].render(scale=100 / 72).to_pil() for number in range(3))
    first.save(folder / "atskaite.tiff", save_all=True, append_images=others)  # three pages, as a scanner saves them
    scan.close()
    sync_index([folder], Settings(index_dir=tmp_path / "index"), embedder=corpus_kb.embedder)
    monkeypatch.setenv("KB_INDEX", str(tmp_path / "index"))
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["q"] = "starptautisko pieredzi caur neformālo izglītību izplatīt Latgales reģionā"
    app.run()
    first_hit = next(passage_of_box(box.key) for box in app.checkbox if box.key.startswith("pick-"))
    assert "skenēts/atskaite.tiff, pp. 2-3 (ESTO; OCR)" in hit_citations(app)[0]
    app.session_state[f"context-{first_hit}"] = True
    app.run()
    [image] = app.get("image")  # the TIFF's frame the matched sentence is on
    assert image.proto.imgs[0].caption == "p. 2" and image.proto.imgs[0].url


def test_a_passage_of_an_e_mail_s_attachment_is_cited_by_its_name_and_page_and_so_are_its_neighbours(
    tmp_path, corpus_index, corpus_kb, monkeypatch
):
    folder = tmp_path / "pasts"
    folder.mkdir()
    shutil.copy(FIXTURES / "good.eml", folder / "good.eml")  # the seminar's programme (good.pdf) attached
    monkeypatch.setenv("KB_INDEX", str(index_with(corpus_index, tmp_path / "index", folder, corpus_kb.embedder)))
    downloads = {}  # label -> (file name, what a click gives)
    real_button = st.download_button
    offered = lambda label, data, file_name=None, **kw: downloads.update({label: (file_name, data)}) or real_button(  # noqa: E731
        label, data, file_name, **kw
    )
    monkeypatch.setattr(st, "download_button", offered)
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["ui"], app.query_params["q"] = "lv", "partnerus meklēt ar personisku kontaktu palīdzību"
    app.run()
    first = hit_citations(app)[0]
    assert "pasts/good.eml, pielikums semināra programma.pdf, 2. lpp." in first, first
    first_hit = next(passage_of_box(box.key) for box in app.checkbox if box.key.startswith("pick-"))
    app.session_state[f"context-{first_hit}"] = True
    app.run()
    captions = [c.value for c in app.caption]
    assert "▶ Ieteikumi · pielikums semināra programma.pdf, 2. lpp." in captions  # the hit, among its neighbours
    [image] = app.get("image")  # the attached PDF's page 2, drawn from inside the message
    assert image.proto.imgs[0].caption == "2. lpp." and image.proto.imgs[0].url
    assert "semināra programma.pdf · pielikums" not in " ".join(captions)  # the attachment's name once a caption
    name, data = downloads["Lejupielādēt pielikumu"]  # the cited file itself, not only the e-mail it came in
    assert name == "semināra programma.pdf" and data() == (FIXTURES / "good.pdf").read_bytes()
    assert downloads["Lejupielādēt oriģinālo failu"][0] == "good.eml"


def test_a_thousand_documents_are_filtered_by_typing_part_of_a_name(tmp_path, corpus_index, corpus_kb, monkeypatch):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(35):  # more than a list shows
        (folder / f"protokols-{number:02d}.txt").write_text(f"Valdes sēdes protokols numur {number}: talkas un kafejnīca.\n")
    monkeypatch.setenv("KB_INDEX", str(index_with(corpus_index, tmp_path / "index", folder, corpus_kb.embedder)))
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["q"] = "valdes sēdes protokols"
    app.run()
    assert "f-doc" not in [m.key for m in app.multiselect]  # no list of 37 documents
    assert len({c for c in hit_citations(app) if "many/protokols" in c}) > 1
    app.text_input(key="f-doc-like").input("KOLS-07").run()
    assert [re.search(r"many/(\S+?)[,\s]", c).group(1) for c in hit_citations(app)] == ["protokols-07.txt"]
    assert app.query_params["doc_like"] in ("KOLS-07", ["KOLS-07"])
    app.text_input(key="f-doc-like").input("nav tāda").run()
    assert not hit_citations(app) and any("No passages match" in w.value for w in app.warning)


def test_a_link_made_while_the_documents_were_listed_keeps_its_documents_once_they_are_typed(
    tmp_path, corpus_index, corpus_kb, monkeypatch
):
    """A link chose two documents from the list (?doc=a&doc=b); the collection grew past the list's 30, the box to
    type into took its place, and the link's documents were neither applied nor reported: hits from every document."""
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(35):
        (folder / f"protokols-{number:02d}.txt").write_text(f"Valdes sēdes protokols numur {number}: talkas un kafejnīca.\n")
    monkeypatch.setenv("KB_INDEX", str(index_with(corpus_index, tmp_path / "index", folder, corpus_kb.embedder)))
    app = AppTest.from_file(APP, default_timeout=60)
    linked = ["many/protokols-03.txt", "many/protokols-21.txt"]
    app.query_params.update({"q": "valdes sēdes protokols", "ui": "lv", "doc": [*linked, "many/izdzests_[x](y).txt"]})
    app.run()
    assert sorted({re.search(r"many/\S+?\.txt", c).group(0) for c in hit_citations(app)}) == linked
    assert "no saites: many/protokols-03.txt, many/protokols-21.txt (ierakstiet, lai izvēlētos citus)" in [
        c.value for c in app.caption
    ]
    [warning] = [w.value for w in app.warning]  # the one the index no longer holds is named, as text
    assert warning.endswith("izlaistas: Dokuments: many/izdzests\\_\\[x\\](y).txt."), warning
    app.text_input(key="f-doc-like").input("KOLS-07").run()  # typing chooses others
    assert [re.search(r"many/(\S+?)[,\s]", c).group(1) for c in hit_citations(app)] == ["protokols-07.txt"]
    assert "doc" not in app.query_params
    app.text_input(key="f-doc-like").input("").run()  # and the link's documents do not come back
    assert len({c for c in hit_citations(app) if "many/protokols" in c}) > 2


@pytest.mark.parametrize("language", ["lv", "ru"])
def test_the_latvian_and_russian_interfaces_leave_no_english(app, language):
    app.query_params["ui"] = language
    app.query_params["q"] = "kafejnīca senioriem"
    app.run()
    assert not app.exception
    text = LABELS[language]
    assert app.title[0].value == text["title"] and [t.label for t in app.tabs][0] == text["search_tab"]
    shown = [t.label for t in app.tabs] + [w.label for w in (*app.multiselect, *app.text_input, *app.checkbox)]
    shown += [m.placeholder for m in app.multiselect] + [e.label for e in app.expander] + [c.value for c in app.caption]
    shown += hit_lines(app, "why")
    english = {value for key, value in LABELS["en"].items() if value != text[key]}
    assert not [value for value in shown if value in english]
    assert all(m.placeholder == text["choose"] for m in app.multiselect)  # not Streamlit's "Choose options"
    assert not any(m.proto.select_all for m in app.multiselect)  # no "Select all" among the options
    cited = {"lv": r", \d+\. lpp\.|, \d+\.–\d+\. lpp\.", "ru": r", с\. \d+"}[language]  # "11. lpp.", not "p. 11"
    assert any(re.search(cited, citation) for citation in hit_citations(app))
    assert app.multiselect(key="f-lang").options == [f"{language_name('lv', language)} (15)"]  # not "lv (15)"
    themes = app.multiselect(key="f-theme").options
    assert themes and all(not option.startswith(("Social", "Partners", "Volunteering")) for option in themes)
    if language == "ru":
        assert any(option.startswith("Партнёрство") for option in themes)


def test_uploads_follow_the_limits_and_ocr_languages_the_administrator_set(editor_app, tmp_path, monkeypatch):
    monkeypatch.setenv("KB_OCR_LANGUAGES", "xyz")
    monkeypatch.setenv("KB_MAX_FILE_MB", "0.5")  # scan.pdf has 0.3 MB
    upload(editor_app, ("skenēts.pdf", (FIXTURES / "scan.pdf").read_bytes()), ("liels.txt", GOOD_TEXT.encode() * 6000))
    warnings = [w.value for w in editor_app.warning]
    assert any("liels.txt" in w and "larger than 0.5 MB" in w for w in warnings)
    assert any("skenēts.pdf" in w and "tesseract-ocr-xyz" in w for w in warnings)


def test_every_interface_language_has_every_label():
    for language, text in LABELS.items():
        assert text.keys() == LABELS["en"].keys() and all(value.strip() for value in text.values()), language


def test_every_table_of_the_interface_s_words_speaks_every_interface_language():
    """A language added to LABELS alone crashed on the first skipped file shown, and wrote its page numbers in Russian."""
    from app import INTERFACE_NAMES
    from ingest.tag import load_taxonomy

    taxonomy = load_taxonomy()
    for language in LABELS:
        tables = {"INTERFACE_NAMES": INTERFACE_NAMES, "LANGUAGE_NAMES": ui.names.LANGUAGE_NAMES}
        tables |= {f"taxonomy name of {label.id}": label.names for label in taxonomy.themes + taxonomy.kinds}
        if language != "en":  # English is what the code and the readers already say
            tables |= {"SCREEN_READER_NAMES": ui.names.SCREEN_READER_NAMES, "INSTALL_IN": ui.reasons.INSTALL_IN,
                       "ATTACHMENT_IN": ui.reasons.ATTACHMENT_IN, "KEPT_EARLIER_IN": ui.reasons.KEPT_EARLIER_IN,
                       "PAGE_LISTS": ui.reasons.PAGE_LISTS}
            tables |= {f"SYSTEM_WORDS[{word!r}]": names for word, names in ui.reasons.SYSTEM_WORDS.items()}
            tables |= {f"REASONS[{pattern.pattern!r}]": names for pattern, names in ui.reasons.REASONS}
        assert [name for name, table in tables.items() if language not in table] == [], language
        assert ui.names.LANGUAGE_NAMES[language].keys() == ui.names.LANGUAGE_NAMES["en"].keys(), language


def test_the_ingest_report_after_an_upload_speaks_the_interface_language():
    from ui.upload_tab import report_table  # importing the upload tab does not run the page

    reports = [FileReport("uploads/a.pdf", "skipped", warnings=("corrupt PDF: EOF marker not found",)),
               FileReport("uploads/b.docx", "new", pages=2, passages=3, language="ru")]  # fmt: skip
    assert report_table(reports, LABELS["lv"], "lv") == [
        {"fails": "uploads/a.pdf", "statuss": "izlaists", "lappuses": "", "fragmenti": 0, "valoda": "",
         "brīdinājumi": "bojāts PDF fails"},
        {"fails": "uploads/b.docx", "statuss": "jauns", "lappuses": "2", "fragmenti": 3, "valoda": "krievu", "brīdinājumi": ""},
    ]  # fmt: skip


def test_why_a_file_was_not_indexed_is_said_in_the_interface_language():
    reasons = "unsupported type .exe; encrypted: needs a password; took longer than 120 s to read (antiword)"
    assert reason_in(reasons, "en") == reasons
    assert reason_in(reasons, "lv") == (
        "neatbalstīts faila tips (.exe); šifrēts: vajadzīga parole; lasīšana ilga ilgāk par 120 s (antiword)"
    )
    assert reason_in("too large: 81.0 MB, the limit is 50.0 MB", "ru") == "слишком большой: 81,0 MB, предел 50,0 MB"
    assert reason_in("only the first 20,000 rows read", "lv") == "nolasītas tikai pirmās 20\u202f000 rindas"  # not "20,000"
    assert reason_in("a new reason", "ru") == "a new reason"  # a reason no pattern knows: as it is
    assert reason_in("corrupt DOCX: not a Word document (its main part is application/x)", "lv") == (
        "bojāts DOCX fails (nav Word dokuments: tā galvenā daļa ir application/x)"
    )
    assert reason_in("too large when unpacked: 0.5 MB more than the 0.9 MB before it, the limit is 1 MB", "ru") == (
        "слишком большой после распаковки: ещё 0,5 MB после 0,9 MB, распакованных до него, предел 1 MB"
    )
    scan = "pages 1-3, 5 read by OCR; OCR without rus: install tesseract-ocr-rus"  # what an uploaded scan reports
    assert reason_in(scan, "lv") == "nolasīts ar OCR: 1.–3., 5. lpp.; OCR bez rus: jāuzstāda tesseract-ocr-rus"
    assert reason_in("no text layer: needs OCR: install tesseract-ocr tesseract-ocr-lav", "ru") == (
        "нет текстового слоя: нужен OCR: установите tesseract-ocr tesseract-ocr-lav"
    )
    assert reason_in("garbled text layer on page 2: read by OCR instead", "ru") == (
        "испорченный текстовый слой (с. 2): распознан OCR"
    )


# One of each report line the readers, the workers, OCR and the uploads folder write (their detail aside).
EVERY_REASON = [
    "unsupported type: .vsdx", "unsupported type: an OpenDocument file of type application/vnd.oasis.opendocument.graphics",
    "too large: 81.0 MB, the limit is 50.0 MB", "too large: 10000 x 10000 px, the limit is 89 MP", "larger than 50 MB",
    "too large when unpacked: 3,001 MB, the limit is 500 MB",
    "too large when unpacked: needs more than the 1000 MB a file may use",
    "too large when unpacked: Limit reached", "too much text: 5,200 passages, the limit is 5,000 a file: split the file",
    "corrupt PDF: startxref not found", "corrupt PDF: no pages", "corrupt JPEG: not a picture", "corrupt DOCX: nested too deeply",
    "corrupt PPTX: an old PowerPoint 97-2003 file (.ppt) under a .pptx name: rename it",
    "corrupt PPT: not a PowerPoint 97-2003 file", "corrupt PPT: LibreOffice could not read it",
    "corrupt PPT: a Word document under a .ppt name: rename it to .doc", "corrupt EML: nested too deeply",
    "LibreOffice stopped unexpectedly (exit code 134)", "LibreOffice stopped unexpectedly (it wrote no copy of the deck)",
    "embedded objects not read: oleObject1.bin", "hidden sheets not read: Valdes piezīmes",
    "hidden slides not read: 2, 5",
    "page numbers not known: the file does not say where all its pages break (a PDF of it does)",
    "attachment Microsoft_Word_Document3.docx not read: corrupt ZIP: x",
    'corrupt MBOX: no messages (a mailbox file starts each with a "From " line)',
    "corrupt DOC: not a Word 97-2003 document",
    "needs antiword: install antiword (Debian: apt-get install antiword)",
    "needs LibreOffice: install libreoffice-impress (Debian: apt-get install libreoffice-impress)",
    "corrupt DOC: a DOCX or ODT file under a .doc name: rename it",
    "corrupt RTF: not an RTF file (it does not start with {\\rtf)",
    "corrupt EML: binary content, not an e-mail message", "corrupt EML: not an e-mail message (no subject, sender or date)",
    "corrupt MSG: not an Outlook message", "corrupt MSG: cut short", "corrupt MSG: a part of the message is missing",
    "attachments not read: semināra programma.pdf, foto.jpg", "empty: no text, only attachments: programma.pdf",
    "empty: no signed document in the container", "empty: no files", "corrupt ZIP: File is not a zip file",
    "nested too deeply: at most 3 containers in one another", "attachment Kopijas/2023.pdf: the same file as Atskaites/2023.pdf",
    "corrupt EDOC: File is not a zip file",
    "attachment programma.pdf not read: corrupt PDF: EOF marker not found",
    "attachment skenējums.pdf not read: no text layer: needs OCR", "attachment skenējums.pdf: pages 1-3 read by OCR",
    "corrupt HTML: binary content, not a web page", "encrypted: needs a password", "empty file", "empty: no text",
    "binary content, not text", "took longer than 120 s to read", "took longer than 120 s to read (antiword)",
    "the reader did not start within 60 s", "the reader crashed (signal 11): corrupt or hostile file",
    "the reader stopped unexpectedly (exit code 3)", "file vanished before it could be read", "cannot read: Permission denied",
    "not a regular file: a named pipe", "could not be saved (No space left on device)", "install tesseract-ocr tesseract-ocr-lav",
    "page 1 read by OCR", "pages 1-3, 5 read by OCR", "garbled text layer on page 2: read by OCR instead",
    "text on page 2 looks garbled, and OCR read it no better", "no text layer, and OCR found no text",
    "no text layer, and OCR failed on page 1", "OCR failed on pages 4-5", "garbled text layer on page 2: OCR failed",
    "pages 301-310 not OCR'd: at most 300 pages a file", "OCR without rus: install tesseract-ocr-rus",
    "no text layer: needs OCR", "no text layer: needs OCR: install tesseract-ocr tesseract-ocr-lav",
    "no text layer on pages 2-3: needs OCR", "garbled text layer on page 2: needs OCR: install tesseract-ocr tesseract-ocr-lav",
    "a picture: needs OCR: install tesseract-ocr tesseract-ocr-lav", "OCR found no text",
    "corrupt XLSX: not an Excel workbook", "only the first 20,000 rows read (sheet Atsauksmes not to its end)",
    "only the first 20,000 rows read", "only the first 200 of 3,000 columns read", "empty: no text in any cell",
    "text of pages 2, 12-13 could not be read",
    "corrupt PDF: a filter name pypdf no longer reads", "corrupt ODS: its XML is not well-formed",
    "a link to a file that is not there", "encrypted: needs the recipient's key",
    "text on pages 1-3 seems to be in deu, a language OCR did not use: add deu to the OCR languages (tesseract-ocr-deu)",
    "folder cannot be read (Permission denied): the documents indexed from it stay as they were",
    "cannot read: Too many levels of symbolic links", "corrupt DOCX: \"no relationship of type 'http://x' in collection\"",
    "text of pages 2, 12-13 read by a second PDF reader",
    "garbled text layer on pages 1, 3-4: read by a second PDF reader instead", "damaged PDF: read by a second PDF reader",
    "no text layer, and OCR found no text (OCR in lav+eng+rus)",
    "OCR found no text: only stray letters, as a photo of people or a place gives (OCR in lav+eng)",
    "unsupported type: .gdoc, a link to a Google file, not its text: download it as DOCX (File > Download) to index it",
    "too large: 54.8 MB, the limit is 50.0 MB; it holds Atskaite.docx: unpack it to index them, or raise --max-file-mb",
]  # fmt: skip


# A library's or the system's own words, which a reason quotes in brackets as they are
QUOTED_DETAILS = ("Limit reached",)  # fmt: skip


@pytest.mark.parametrize("language", ["lv", "ru"])
def test_every_report_line_is_said_in_the_latvian_and_russian_interface(language):
    english = {"the", "read", "reads", "text", "file", "page", "needs", "install", "limit", "failed", "corrupt", "large",
               "reader", "not", "name", "its", "well", "formed", "rows", "sheet", "cell"}  # fmt: skip
    quoted = "|".join(map(re.escape, QUOTED_DETAILS))
    for reason in EVERY_REASON:  # a reason that fell through to "corrupt X: (its English detail)" fails here too
        said = reason_in(reason, language)
        words = set(re.findall(r"[a-z]+", re.sub(rf"\((?:{quoted})\)|\(Debian: [^()]*\)|tesseract-ocr[-\w ]*", "", said)))
        assert said != reason and not words & english, (reason, said)


def test_a_project_number_is_not_broken_across_lines_and_stays_escaped():
    shown = unbroken("ESTO, 2023-1-LV01-KA122-ADU-000141852 &lt;b&gt;", ["2023-1-LV01-KA122-ADU-000141852", "<b>"])
    assert shown == (
        "ESTO, <span style='white-space: nowrap'>2023-1-LV01-KA122-ADU-000141852</span> "
        "<span style='white-space: nowrap'>&lt;b&gt;</span>"
    )


def test_page_labels_follow_each_language_s_convention():
    from kb.types import page_label

    lv, ru = LABELS["lv"], LABELS["ru"]
    assert page_label(lv["page"], 14) == "14. lpp." and page_label(lv["pages"], 14, 15) == "14.–15. lpp."
    assert page_label(ru["pages"], 14, 15) == "с. 14–15" and page_label("pp.", 14, 15) == "pp. 14-15"  # en dash in Russian
    assert page_label(ru["page"], 14) == "с. 14"


def test_a_citation_names_a_deck_s_slides_and_a_spreadsheet_s_sheet_and_rows_in_each_language():
    from kb.handout import to_csv
    from kb.types import Hit

    base = Hit("d:0", "Teksts.", 1.0, "Atsauksmes", "anketas/a.xlsx", 4, 5, "lv", "d", "", (), (), (), (), 1, None)
    workbook = dataclasses.replace(base, file_type="xlsx", sheet="Atsauksmes", matched_page=5, matched_page_end=5)
    deck = dataclasses.replace(base, source="sede.pptx", file_type="pptx", page=3, page_end=3)
    attached = dataclasses.replace(base, source="vestule.eml", file_type="eml", attachment="arhivs.zip › sede.odp")
    csv_file = dataclasses.replace(base, source="anketa.csv", file_type="csv", sheet="", page=2, page_end=2)
    latvian = LABELS["lv"]
    assert workbook.citation == "Atsauksmes — anketas/a.xlsx, sheet Atsauksmes, rows 4-5" and workbook.matched_pages() == "row 5"
    assert cite(workbook, latvian).endswith(", lapa Atsauksmes, 4.–5. rindas") and workbook.matched_pages(latvian) == "5. rinda"
    assert cite(workbook, LABELS["ru"]).endswith(", лист Atsauksmes, строки 4–5")
    assert deck.citation.endswith("sede.pptx, slide 3") and cite(deck, LABELS["lv"]).endswith("3. slaids")
    assert attached.citation.endswith("attachment arhivs.zip › sede.odp, slides 4-5")
    assert csv_file.citation.endswith("anketa.csv, row 2") and cite(csv_file, LABELS["ru"]).endswith("anketa.csv, строка 2")
    assert dataclasses.replace(base, file_type="pdf").citation.endswith("a.xlsx, pp. 4-5")  # a page is a page
    archived = dataclasses.replace(base, source="projekti.zip", file_type="zip", attachment="2023/atskaite.pdf", page_end=4)
    assert archived.citation.endswith("projekti.zip, file 2023/atskaite.pdf, p. 4")  # a file in an archive is no attachment
    assert cite(archived, latvian).endswith("projekti.zip, fails 2023/atskaite.pdf, 4. lpp.")
    signed = dataclasses.replace(archived, source="ligums.edoc", file_type="edoc", attachment="ligums.docx", page=None)
    assert signed.citation.endswith("ligums.edoc, file ligums.docx") and cite(signed, LABELS["ru"]).endswith(", файл ligums.docx")
    units = {"row": "rinda", "slide": "slaids"}
    rows = list(csv.reader(io.StringIO(to_csv([workbook, deck], headers=latvian["csv_columns"].split("|"), unit_name=units.get))))
    assert rows[0][-2:] == ["lapa", "numuru vienība"]  # added last: a sheet's columns stay where they were
    assert rows[1][-2:] == ["Atsauksmes", "rinda"] and rows[2][-2:] == ["", "slaids"]
