"""Sentence windows: how passages are cut, and how a passage's best window counts in the dense leg."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from conftest import HashingEmbedder

from ingest.windows import WindowSettings, sentence_spans, window_spans
from kb import index
from kb.search import KnowledgeBase
from kb.similarity import WindowUse
from kb.sync import sync_index


def cut(text: str, settings: WindowSettings | None = None) -> list[str]:
    settings = settings or WindowSettings()
    return [text[start:end] for start, end in window_spans(text, settings)]


def test_each_sentence_starts_a_window_grown_to_the_minimum_length():
    text = (
        "Biedrība apsaimnieko kafejnīcu, kur satiekas seniori. Valsts piešķir finansējumu atkarību mazināšanai. "
        "Pašvaldība atklāti sadarbojas ar nevalstiskajām organizācijām visos jautājumos."
    )
    windows = cut(text, WindowSettings(min_words=6))
    assert windows == [
        "Biedrība apsaimnieko kafejnīcu, kur satiekas seniori.",
        "Valsts piešķir finansējumu atkarību mazināšanai. "
        "Pašvaldība atklāti sadarbojas ar nevalstiskajām organizācijām visos jautājumos.",
        "Pašvaldība atklāti sadarbojas ar nevalstiskajām organizācijām visos jautājumos.",
    ]


def test_no_window_runs_across_a_break_and_each_run_keeps_its_first_window():
    """A deck's slides are breaks: a window from slide 4's last sentence took slide 5's title and first line with it,
    so the underlined sentence was cited "pp. 4-5" (a citation tester, 7 of 30 deck sentences)."""
    text = ("Kafejnīcā seniori tiekas katru otrdienu.\nKo iemācījāmies\nPartneri jāmeklē laikus, vismaz pusgadu pirms "
            "projekta pieteikuma iesniegšanas termiņa.")  # fmt: skip
    second_slide = text.index("Ko iemācījāmies")
    windows = [text[a:b] for a, b in window_spans(text, WindowSettings(min_words=6), breaks=[second_slide])]
    assert windows == [
        "Kafejnīcā seniori tiekas katru otrdienu.",  # short, but its slide's only window
        "Ko iemācījāmies\nPartneri jāmeklē laikus, vismaz pusgadu pirms projekta pieteikuma iesniegšanas termiņa.",
        "Partneri jāmeklē laikus, vismaz pusgadu pirms projekta pieteikuma iesniegšanas termiņa.",
    ]
    assert window_spans(text, WindowSettings(min_words=6))[0] == (0, text.index("Partneri") - 1)  # without: across


def test_a_deck_s_windows_stay_on_their_slides(tmp_path, settings):
    from pptx import Presentation

    from ingest.types import span_pages
    from kb.windows import load_owners

    deck = Presentation()
    for title, body in (("Pieredze", "Kafejnīcā seniori tiekas katru otrdienu."),
                        ("Ko iemācījāmies", "Partneri jāmeklē laikus, vismaz pusgadu pirms termiņa.")):  # fmt: skip
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text, slide.placeholders[1].text = title, body
    (tmp_path / "docs").mkdir()
    deck.save(tmp_path / "docs" / "deck.pptx")
    sync_index([tmp_path / "docs"], settings, HashingEmbedder())
    knowledge_base = KnowledgeBase(settings.index_dir, HashingEmbedder())
    [document] = knowledge_base.store.documents()
    [passage] = knowledge_base.store.passages_of(document.doc_id)
    _, spans = load_owners(knowledge_base.generation)
    pages = [span_pages(passage.page_starts, int(start), int(end)) for start, end in spans]
    assert passage.page_starts[1][1] == 2 and (1, 1) in pages and all(first == last for first, last in pages)


def test_a_heading_and_bullets_are_lines_of_their_own():
    text = "Spilgtākie iespaidi\n- kafejnīca senioriem\n- atklāta sadarbība ar pašvaldību\n- bērnu nometnes vasarā"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Spilgtākie iespaidi",
        "- kafejnīca senioriem",
        "- atklāta sadarbība ar pašvaldību",
        "- bērnu nometnes vasarā",
    ]
    windows = cut(text, WindowSettings(min_words=6))
    assert windows[0] == "Spilgtākie iespaidi\n- kafejnīca senioriem\n- atklāta sadarbība ar pašvaldību"
    assert windows[-1] == "- atklāta sadarbība ar pašvaldību\n- bērnu nometnes vasarā"  # the short tail joins the window before


def test_a_very_long_sentence_is_cut_into_pieces_at_word_boundaries():
    text = " ".join(f"vārds{i}" for i in range(120))
    windows = cut(text, WindowSettings(min_words=12, max_words=50))
    assert [len(w.split()) for w in windows] == [50, 50, 20]
    assert " ".join(windows) == text


def test_a_one_sentence_passage_is_its_own_window():
    assert cut("Tikai kopā.") == ["Tikai kopā."]
    assert cut("") == []


def test_abbreviations_and_numbers_do_not_end_a_sentence():
    text = "Projekts Nr. 2016-1-LV01 notika 21.-22.11.2016 Tallinā, kur piedalījās 12 dalībnieki no Latvijas un Igaunijas."
    assert len(sentence_spans(text)) == 1
    # an invitation's time and place stayed behind, cut off from its event
    invitation = "Aicinām uz semināru 2025. gada 20. martā plkst. 10.00 Madonas kultūras namā. Tālr. 29123456, ул. Ленина 5."
    assert [invitation[start:end] for start, end in sentence_spans(invitation)] == [
        "Aicinām uz semināru 2025. gada 20. martā plkst. 10.00 Madonas kultūras namā.",
        "Tālr. 29123456, ул. Ленина 5.",
    ]
    pronoun = "Семьи беженцев не знали языка, и мы помогали им. Потом они сами вели занятия для соседей."
    assert len(sentence_spans(pronoun)) == 2  # "им." ends a sentence: the pronoun, not "named after"


def vague_and_pointed(folder):
    """Two passages tagged Latvian (.txt in Latvian) for an English query about a café for seniors."""
    pointed = (
        "Biedrības valde tikās trešdienā. Sapulcē apsprieda grāmatvedības pārskatu un biedru naudas. "
        "Tika izvēlēts jauns revidents un pārrunāts telpu remonts. Valde apstiprināja gada budžetu un darba plānu. "
        "Biedri ierosināja sakopt parku, izremontēt jumtu un iegādāties jaunus krēslus zālei. "
        "The association runs a cafe where seniors meet, play board games and talk. "
        "Nākamā sapulce notiks pavasarī, kad būs zināmi projektu konkursu rezultāti un termiņi."
    )
    vague = "Cafe, seniors, games, jaunieši."
    (folder / "pointed.txt").write_text(pointed, encoding="utf-8")
    (folder / "vague.txt").write_text(vague, encoding="utf-8")


@pytest.mark.parametrize("at_scale", [False, True], ids=["exact", "approximate index"])
def test_a_passage_whose_one_sentence_answers_beats_one_vaguely_about_everything(tmp_path, settings, monkeypatch, at_scale):
    """At scale (an approximate index) the windows' index only finds candidates, which search scores exactly."""
    folder = tmp_path / "two"
    folder.mkdir()
    vague_and_pointed(folder)
    embedder = HashingEmbedder()
    if at_scale:
        settings = replace(settings, approximate_above=0)
    sync_index([folder], settings, embedder)
    knowledge_base = KnowledgeBase(settings.index_dir, embedder)
    if at_scale:  # the windows' index is a finder: its own approximate order, nothing re-scored
        assert knowledge_base.manifest["windows"]["vector_index"]["rescore"] == 0
    query = "cafe where seniors meet and play board games"
    by_passage = knowledge_base.search(query, mode="dense")
    assert by_passage[0].source == "two/pointed.txt"
    assert by_passage[0].matched_text == "The association runs a cafe where seniors meet, play board games and talk."
    # Without its window the pointed passage, diluted by the minutes around it, loses.
    monkeypatch.setattr("kb.dense.window_use", lambda language, model_id, words: WindowUse())
    assert knowledge_base.search(query, mode="dense")[0].source == "two/vague.txt"


@pytest.mark.parametrize("at_scale", [False, True], ids=["exact", "approximate index"])
def test_a_short_latvian_question_finds_the_one_sentence_that_answers_it(tmp_path, settings, monkeypatch, at_scale):
    """A Latvian question of a few words names one thing, as one sentence does: the passage whose one sentence answers
    it comes before one that only shares its words, once the passage is raised by that sentence's window; a longer
    Latvian query (more than 8 words) ranks passages by their own vectors: a news sentence, like a passage, carries its
    context (kb/similarity.py)."""
    folder = tmp_path / "two"
    folder.mkdir()
    minutes = (
        "Biedrības valde tikās trešdienā. Sapulcē apsprieda grāmatvedības pārskatu un biedru naudas. "
        "Tika izvēlēts jauns revidents un pārrunāts telpu remonts. Valde apstiprināja gada budžetu un darba plānu. "
        "Biedri ierosināja sakopt parku, izremontēt jumtu un iegādāties jaunus krēslus zālei. "
        "Biedrība vada kafejnīcu, kur seniori tiekas, spēlē galda spēles un sarunājas. "
        "Nākamā sapulce notiks pavasarī, kad būs zināmi projektu konkursu rezultāti un termiņi."
    )
    (folder / "pointed.txt").write_text(minutes, encoding="utf-8")
    vague = "Kafejnīca, seniori, spēles, jaunieši, pavasaris, parks, sports, ciems un dzīve."
    (folder / "vague.txt").write_text(vague, encoding="utf-8")
    embedder = HashingEmbedder()
    if at_scale:
        settings = replace(settings, approximate_above=0)
    sync_index([folder], settings, embedder)
    knowledge_base = KnowledgeBase(settings.index_dir, embedder)
    short = knowledge_base.search("kafejnīca, kur seniori spēlē galda spēles", mode="dense")
    assert short[0].source == "two/pointed.txt"
    assert short[0].matched_text.startswith("Biedrība vada kafejnīcu, kur seniori tiekas, spēlē galda spēles")
    # One word more than SHORT_QUESTION: ranked by the passages' own vectors (raised, the pointed one would win it too).
    longer = "kafejnīca, kur seniori spēlē galda spēles un sarunājas kopā"
    assert knowledge_base.search(longer, mode="dense")[0].source == "two/vague.txt"
    monkeypatch.setattr("kb.similarity.SHORT_QUESTION", 9)
    assert knowledge_base.search(longer, mode="dense")[0].source == "two/pointed.txt"
    # Not raised by its window, the pointed passage loses to the short question too.
    monkeypatch.setattr("kb.similarity.LIFT", 0.0)
    assert knowledge_base.search("kafejnīca, kur seniori spēlē galda spēles", mode="dense")[0].source == "two/vague.txt"


def test_at_scale_the_windows_finder_brings_a_passage_the_passage_leg_does_not_reach(tmp_path, settings, monkeypatch):
    """The passage leg's list is cut to 12 passages here (a million passages cut it at 800): vaguer ones fill
    it, and only the windows' finder brings the passage whose one sentence answers."""
    folder = tmp_path / "many"
    folder.mkdir()
    vague_and_pointed(folder)
    towns = "Valmiera Cēsis Sigulda Tukums Talsi Kuldīga Bauska Ludza Madona Gulbene Alūksne Rēzekne Balvi Limbaži Saldus"
    for number, town in enumerate(towns.split()):
        (folder / f"vague{number}.txt").write_text(f"Cafe, seniors, games, jaunieši, {town}.", encoding="utf-8")
    embedder = HashingEmbedder()
    sync_index([folder], replace(settings, approximate_above=0), embedder)
    knowledge_base = KnowledgeBase(settings.index_dir, embedder)
    monkeypatch.setattr("kb.search.CANDIDATES", 1)
    monkeypatch.setattr("kb.dense.DEEPER_AT_SCALE", 1)  # the list: 3 candidates (top_k 1) x 4 = 12 passages
    query = "cafe where seniors meet and play board games"
    assert knowledge_base.search(query, top_k=1, mode="dense")[0].source == "many/pointed.txt"
    monkeypatch.setattr("kb.dense.WINDOWS_AT_SCALE", 0)  # the finder finds nothing
    assert knowledge_base.search(query, top_k=1, mode="dense")[0].source != "many/pointed.txt"


def test_matched_text_is_the_span_of_the_passage_at_its_offsets(corpus_kb):
    for query in ("kafejnīca senioriem", "café run by an association where seniors socialise", "как найти партнёров для проекта"):
        for hit in corpus_kb.search(query, top_k=5):
            assert hit.matched_text and hit.text[hit.matched_start : hit.matched_end] == hit.matched_text
            assert len(hit.matched_text.split()) < len(hit.text.split()) or len(hit.text.split()) <= 60


def test_an_index_built_before_windows_gets_them_without_reading_files_again(docs, settings, monkeypatch):
    embedder = HashingEmbedder()
    sync_index([docs], settings, embedder)
    live = index.live_generation(settings.index_dir)
    manifest = json.loads((live / index.MANIFEST_FILE).read_text())
    passages = manifest["counts"]["passages"]
    del manifest["windows"], manifest["files"]  # what an index from before windows (and file sizes) holds
    (live / index.MANIFEST_FILE).write_text(json.dumps(manifest))
    for name in ("windows.npy", "windows.faiss", "window_owners.npy", "window_spans.npy"):
        (live / name).unlink()
    old = KnowledgeBase(settings.index_dir, embedder)
    assert old.search("kafejnīca")[0].matched_text is None  # still searchable, without windows
    old.close()

    monkeypatch.setattr("kb.plan.read_bytes", lambda *args: (_ for _ in ()).throw(AssertionError("a file was read")))
    monkeypatch.setattr("kb.plan.read_in_workers", lambda jobs, *args: [pytest.fail("a file was read") for _ in jobs])
    embedded: list[str] = []
    count = lambda texts: embedded.extend(texts) or HashingEmbedder().embed_passages(texts)  # noqa: E731
    monkeypatch.setattr(embedder, "embed_passages", count)
    result = sync_index([docs], settings, embedder)
    assert result.written and result.manifest["counts"]["passages"] == passages
    assert result.manifest["windows"]["count"] == len(embedded) >= passages  # only windows were embedded
    knowledge_base = KnowledgeBase(settings.index_dir, embedder)
    texts = {r["text"] for r in knowledge_base.store.query("SELECT text FROM passages")}
    assert all(any(window in text for text in texts) for window in embedded)
    hit = knowledge_base.search("kafejnīca")[0]
    assert hit.matched_text and hit.matched_text in hit.text
    assert np.load(index.live_generation(settings.index_dir) / "window_owners.npy").max() == passages - 1


def test_a_change_of_the_cutting_embeds_only_the_windows_it_changed(docs, settings, monkeypatch, tmp_path):
    """A new cutting rule made every index embed all its windows again (hours for a large collection); windows whose
    span is unchanged keep their vectors, and the result is what a fresh build gives."""
    embedder = HashingEmbedder()
    sync_index([docs], settings, embedder)
    before = np.load(index.live_generation(settings.index_dir) / "window_spans.npy").tolist()
    embedded: list[str] = []
    count = lambda texts: embedded.extend(texts) or HashingEmbedder().embed_passages(texts)  # noqa: E731
    monkeypatch.setattr(embedder, "embed_passages", count)
    longer = replace(settings, windows=WindowSettings(min_words=14))  # cuts some windows where they were, some not
    result = sync_index([docs], longer, embedder)
    live = index.live_generation(settings.index_dir)
    after = np.load(live / "window_spans.npy").tolist()
    changed = len(after) - sum(span in before for span in after)  # a coarse count: spans of all passages together
    assert result.written and 0 < len(embedded) <= changed < len(after)
    fresh = sync_index([docs], replace(longer, index_dir=tmp_path / "fresh"), HashingEmbedder())
    assert fresh.manifest["windows"]["count"] == result.manifest["windows"]["count"]
    fresh_live = index.live_generation(tmp_path / "fresh")
    assert np.allclose(np.load(live / "windows.npy"), np.load(fresh_live / "windows.npy"))
