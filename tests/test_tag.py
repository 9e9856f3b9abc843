"""Tagging passages with themes and a knowledge kind from the editable taxonomy (ingest/tag.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from conftest import CountingEmbedder, HashingEmbedder

from ingest.split import SplitSettings, split_passages
from ingest.tag import KIND_IDS, TAXONOMY_PATH, THEME_IDS, CueIndex, Tagger, TaxonomyError, load_taxonomy
from ingest.types import Block, Document, Passage
from ingest.windows import window_spans
from kb.errors import KnowledgeBaseError


class ConstantEmbedder(HashingEmbedder):
    """Every text gets the same vector: meaning says nothing, so only cue words and headings decide."""

    def _vector(self, text: str) -> np.ndarray:
        return np.full(self.dim, self.dim**-0.5, dtype=np.float32)


def write_taxonomy(path: Path, edit) -> Path:
    data = json.loads(TAXONOMY_PATH.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def theme(data: dict, theme_id: str) -> dict:
    return next(item for item in data["themes"] if item["id"] == theme_id)


def test_the_taxonomy_file_has_exactly_the_13_themes_and_6_kinds():
    taxonomy = load_taxonomy()
    assert [t.id for t in taxonomy.themes] == list(THEME_IDS)
    assert [k.id for k in taxonomy.kinds] == list(KIND_IDS)
    for label in taxonomy.themes + taxonomy.kinds:
        assert set(label.names) == {"en", "lv", "ru"} and set(label.descriptions) == {"lv", "en", "ru"}
        assert len(label.examples) >= 4 and label.cues
    assert {k.id for k in taxonomy.kinds if k.heading_cues} == set(KIND_IDS)
    assert taxonomy.version >= 1 and len(taxonomy.fingerprint) == 16


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda data: data["themes"].pop(7), "missing ['youth']"),
        (lambda data: data["kinds"].append(dict(data["kinds"][0], id="story")), "unknown ['story']"),
        (lambda data: data["settings"].update(theme_treshold=0.5), "unknown settings ['theme_treshold']"),
        (lambda data: theme(data, "volunteering").pop("descriptions"), "missing field 'descriptions'"),
        (lambda data: data["kinds"][4]["patterns"].append("(unclosed"), "malformed"),
        (lambda data: theme(data, "youth")["cues"]["lv"].append(" "), "expected a text with words"),
    ],
)
def test_a_broken_taxonomy_file_gives_a_clear_error(tmp_path, edit, message):
    path = write_taxonomy(tmp_path / "taxonomy.json", edit)
    with pytest.raises(TaxonomyError, match=message.replace("[", r"\[").replace("]", r"\]")) as raised:
        load_taxonomy(path)
    assert isinstance(raised.value, KnowledgeBaseError) and str(path) in str(raised.value)


def test_a_taxonomy_file_that_is_not_json_gives_a_clear_error(tmp_path):
    path = tmp_path / "taxonomy.json"
    path.write_text('{"version": 1, "themes": [', encoding="utf-8")
    with pytest.raises(TaxonomyError, match="cannot read taxonomy .*taxonomy.json"):
        load_taxonomy(path)


def test_editing_the_taxonomy_retags_from_the_same_vectors_without_embedding_passages_again(tmp_path):
    passages = [
        "Katru sestdienu ciema ļaudis kopā sakopj parku, stāda kokus un pēc darba vāra zupu visiem.",
        "Projekta budžetā paredzējām ceļa izdevumus un uzturēšanās izmaksas četriem dalībniekiem.",
    ]
    embedder = CountingEmbedder()
    vectors = embedder.embed_passages(passages)
    original = load_taxonomy()
    before = Tagger(original, embedder).tag(passages, vectors, ["", ""])

    def add_example(data):  # a taxonomy editor adds an example close to the first passage
        theme(data, "local-development")["examples"].append("Ciema ļaudis sestdienās kopā sakopj parku un stāda kokus.")

    edited = load_taxonomy(write_taxonomy(tmp_path / "taxonomy.json", add_example))
    after = Tagger(edited, embedder).tag(passages, vectors, ["", ""])

    assert edited.fingerprint != original.fingerprint
    assert "local-development" not in before[0].themes and "local-development" in after[0].themes
    prototypes = {
        text for taxonomy in (original, edited) for label in taxonomy.themes + taxonomy.kinds for text in label.prototypes
    }
    assert embedder.texts[: len(passages)] == passages and set(embedder.texts[len(passages) :]) <= prototypes


def test_bullets_under_a_recommendations_heading_are_recommendations():
    bullets = ["- Personiskie kontakti ar citu valstu biedrībām.", "- Saziņa ar partneri arī pēc brauciena beigām."] * 6
    document = Document(
        "pdf", (Block("Ieteikumi projektu rakstītājiem", "heading", 14), *(Block(b, "list_item", 14) for b in bullets))
    )
    chunks = split_passages(document, SplitSettings(min_words=10, max_words=40))
    assert len(chunks) >= 2 and not chunks[-1].text.startswith("Ieteikumi")  # later passages carry the heading only as context
    embedder = ConstantEmbedder()
    tagger = Tagger(load_taxonomy(), embedder)
    texts, headings = [c.text for c in chunks], [c.heading for c in chunks]
    vectors = embedder.embed_passages([Passage("", "", 0, c.text, c.heading).text_for_embedding for c in chunks])
    assert {tags.kind for tags in tagger.tag(texts, vectors, headings)} == {"recommendation"}
    # the same bullets under a results heading are results; a slide title read after its bullets still counts
    assert tagger.tag(texts[-1:], vectors[-1:], ["Projekta rezultāti"])[0].kind == "result"
    slide = "\n".join(bullets[:2] + ["Ieteikumi projektu rakstītājiem"])
    assert tagger.tag([slide], vectors[:1], [""])[0].kind == "recommendation"


def test_each_sentence_of_a_mixed_slide_gets_its_own_kind_and_titles_are_never_judged():
    slide = (
        "Spilgtākie iespaidi. Ko no piedzīvotā gribētu redzēt savās kopienās?\n"
        "Biedrība apsaimnieko ēku, kurā pieejama kafejnīca un zāle nodarbībām.\n"
        "Projekta rezultāti:\n"
        "- Iegūtas jaunas zināšanas un kompetences par bēgļu integrāciju.\n"
        "Ieteikumi\n"
        "- Partnerim jāredz savs ieguvums, tāpēc vienojieties par mērķiem iepriekš."
    )
    embedder = ConstantEmbedder()
    tagger = Tagger(load_taxonomy(), embedder)
    windows = window_spans(slide)
    vectors = embedder.embed_passages([slide[start:end] for start, end in windows])
    judged = {slide[s.start : s.end]: s.kind for s in tagger.sentence_kinds(slide, "", windows, vectors, "event")}
    assert judged == {
        "Spilgtākie iespaidi.": "title",
        "Ko no piedzīvotā gribētu redzēt savās kopienās?": "title",
        "Biedrība apsaimnieko ēku, kurā pieejama kafejnīca un zāle nodarbībām.": "practice",  # under "impressions"
        "Projekta rezultāti:": "title",
        "- Iegūtas jaunas zināšanas un kompetences par bēgļu integrāciju.": "result",
        "Ieteikumi": "title",
        "- Partnerim jāredz savs ieguvums, tāpēc vienojieties par mērķiem iepriekš.": "recommendation",
    }
    # a stale heading carried from an earlier slide does not decide; the passage's own kind leans
    plain = "Biedrība uztur kafejnīcu senioriem pagastā."
    [sentence] = tagger.sentence_kinds(plain, "Projekta rezultāti", [(0, len(plain))], vectors[:1], "practice")
    assert sentence.kind == "practice"


def line_kinds(slide: str, passage_kind: str) -> list[str]:
    """The kind judged for each line of a slide (a window a line), on cue words and headings alone: every vector alike."""
    embedder = ConstantEmbedder()
    windows = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", slide)]
    vectors = embedder.embed_passages([slide[start:end] for start, end in windows])
    judged = Tagger(load_taxonomy(), embedder).sentence_kinds(slide, "", windows, vectors, passage_kind)
    return [sentence.kind for sentence in judged]


def test_a_sentence_that_names_its_own_kind_before_a_colon_is_that_kind():
    """"Совет: ...", "Rezultāts: ..." in a slide of practices were quoted as practices."""
    slide = (
        "Курсы латышского языка проходили по вечерам в библиотеке каждую неделю.\n"
        "Совет: привлеките переводчика на первые занятия, чтобы никто не ушёл.\n"
        "Rezultāts: trīs jaunieši kļuva par brīvprātīgajiem biedrībā."
    )
    assert line_kinds(slide, "practice") == ["practice", "recommendation", "result"]


def test_a_ukrainian_sentence_naming_its_kind_is_that_kind_and_a_ukrainian_report_gets_its_themes():
    """A refugee-integration tester's Ukrainian reports: "Порада іншим організаціям: ..." was no advice, the family
    reunification note had no theme (the cue words were Latvian, English and Russian only)."""
    slide = (
        "Щосуботи волонтери проводять заняття з латиської мови для дітей у бібліотеці.\n"
        "Порада іншим організаціям: починайте з побутової лексики, а граматику залишайте на потім.\n"
        "Підсумок: 40 учасників склали іспит на рівень A2."
    )
    assert line_kinds(slide, "practice") == ["practice", "recommendation", "result"]
    integration = next(t for t in load_taxonomy().themes if t.id == "migrant-refugee-integration")
    assert CueIndex([integration.cues]).counts("Біженці з України отримали тимчасовий захист і притулок.").tolist() == [4]


def test_lithuanian_and_estonian_advice_and_results_are_those_kinds_and_their_reports_get_their_themes():
    """A Baltic tester's "Patarimas kitiems: ...", "Soovitus: ..." were no advice, and the Rokiškis seniors' and Biržai
    beekeepers' reports had no theme (the cue words were Latvian, English, Russian and Ukrainian only)."""
    slide = (
        "Kiekvieną ketvirtadienį vyksta senjorų popietės bendruomenės centre.\n"
        "Patarimas kitiems: mokykite per asmeninius poreikius.\n"
        "Soovitus teistele: korraldage koolitusi tuttavas kohas.\n"
        "Tulemused: koolitustel osales 132 eakat."
    )
    assert line_kinds(slide, "practice") == ["practice", "recommendation", "recommendation", "result"]
    themes = {theme.id: theme for theme in load_taxonomy().themes}
    seniors, local = CueIndex([themes["seniors-active-ageing"].cues]), CueIndex([themes["local-development"].cues])
    assert seniors.counts("Senjorų mokymai; pagyvenę žmonės; eakad ja vanemaealised").tolist() == [4]
    assert local.counts("Bitininkystė ir kaimo turizmas; mesindus ja maaturism").tolist() == [3]


def test_cues_written_without_diacritics_also_match_text_that_lost_them():
    cues = CueIndex([["kafejnic", "kopienas centr"], ["jāņem"]])
    assert cues.counts("Kopienas centrā ir kafejnīca.").tolist() == [2, 0]
    assert cues.counts("kopienas centra kafejnica; janem vera").tolist() == [2, 0]
    assert cues.counts("Tas jāņem vērā.").tolist() == [0, 1]


def test_europe_is_no_funding_cue_and_an_amount_in_euro_is():
    """"eur" began "European": every Erasmus+ or Solidarity Corps text got a funding cue."""
    funding = next(t for t in load_taxonomy().themes if t.id == "funding-management")
    cues = CueIndex([funding.cues], [funding.patterns])
    assert cues.counts("We visited a European Solidarity Corps project in Europe.").tolist() == [0]
    assert cues.counts("Европейский корпус солидарности").tolist() == [0]
    assert [cues.counts(text).tolist() for text in ("Ceļa izdevumi 4 800 EUR.", "стоило 500 евро", "€ 300")] == [[2], [1], [1]]


@pytest.fixture(scope="module")
def real_tagger():
    from ingest.embed import load_embedder

    embedder = load_embedder()
    return Tagger(load_taxonomy(), embedder), embedder


@pytest.mark.model
def test_clear_passages_get_the_expected_theme_and_kind_with_the_real_model(real_tagger):
    tagger, embedder = real_tagger
    passages = {
        "Meklējot partnerus Erasmus+ projektam, iesakām vispirms izmantot personiskos kontaktus un piedalīties "
        "kontaktsemināros. Partnerim jāredz savs ieguvums, tāpēc vienojieties par kopīgiem mērķiem jau pirms pieteikuma.":
            ("partnerships", "recommendation"),
        "Aicinām uz senioru kluba pavasara saietu 2025. gada 14. maijā plkst. 13.00 Ozolaines tautas namā. "
        "Programmā kopīga dziedāšana un tikšanās ar novadpētnieci. Pieteikties līdz 10. maijam.":
            ("seniors-active-ageing", "event"),
        "Our association was founded in 2010 in a village in Latgale. Our mission is to support young people, "
        "and since then we have run twelve youth exchanges funded by Erasmus+.":
            ("youth", "profile"),
    }  # fmt: skip
    texts = list(passages)
    tags = tagger.tag(texts, embedder.embed_passages(texts), [""] * len(texts))
    for text, tag in zip(texts, tags):
        expected_theme, expected_kind = passages[text]
        assert expected_theme in tag.themes and tag.kind == expected_kind, (text[:40], tag)


@pytest.mark.model
def test_sections_of_one_passage_keep_their_own_kinds_with_the_real_model(real_tagger):
    """A short deck of "what we saw", "result" and "advice" is one passage of one kind: every sentence leaned to it,
    and a practice was quoted as advice."""
    tagger, embedder = real_tagger
    deck = (
        "Что мы увидели\n"
        "В Нарве пенсионеры сами ведут кружки для других пенсионеров: от скандинавской ходьбы до компьютерной грамотности.\n"
        "Городская библиотека выделяет пожилым людям бесплатное помещение для встреч каждый четверг.\n"
        "Результат\nВ Зилупе мы открыли клуб скандинавской ходьбы, в котором занимаются 22 пенсионера.\n"
        "Совет\nДоговоритесь с местной библиотекой заранее: у неё часто есть свободные помещения и интернет."
    )
    windows = window_spans(deck)
    [tags] = tagger.tag([deck], embedder.embed_passages([deck]), [""])
    judged = tagger.sentence_kinds(deck, "", windows, embedder.embed_passages([deck[a:b] for a, b in windows]), tags.kind)
    kinds = [s.kind for s in judged if s.kind != "title"]
    assert kinds == ["practice", "practice", "result", "recommendation"], [(deck[s.start : s.end][:30], s.kind) for s in judged]


@pytest.mark.model
def test_a_passage_gets_its_best_theme_on_less_evidence_but_a_greeting_or_page_marker_gets_none(real_tagger):
    tagger, embedder = real_tagger
    village = "Ciema ļaudis paši atjaunoja veco pienotavu, un tagad tur darbojas maizes ceptuve un mazs veikaliņš."
    noise = ["Paldies par uzmanību!", "Lapa 2 no 7", "Thank you for your attention! Questions?"]
    texts = [village, *noise]
    vectors = embedder.embed_passages(texts)
    scores = tagger.scores(texts, vectors, [""] * len(texts))[:, : len(THEME_IDS)]
    assert tagger.settings.first_theme_threshold <= scores[0].max() < tagger.settings.theme_threshold  # the case at hand
    tags = tagger.tag(texts, vectors, [""] * len(texts))
    assert tags[0].themes == ("local-development",)
    assert [t.themes for t in tags[1:]] == [(), (), ()]


def test_titles_with_a_colon_or_a_year_are_titles_and_a_label_s_value_or_a_date_is_not():
    """"Prāga 2023: ko redzējām" and "Kopienas dārzs Cēsīs: labās prakses apraksts" were quoted on cards as practices,
    glued to the sentence after them."""
    from ingest.tag import is_title_line

    titles = ["Kopienas dārzs Cēsīs: labās prakses apraksts", "Working with the municipality: lessons from Valmiera",
              "Prāga 2023: ko redzējām", "Mobilitāte uz Slovēniju 2023", "Projekta rezultāti:"]  # fmt: skip
    titles += ["Darba ēnošana Grieķijā: bēgļu integrācija", "Визит в Нарву: активное старение",
               "Pieredzes apmaiņa Portugālē: Lisabona", "Лагерь «Маяк 2023»"]  # a place after the colon; no month
    not_titles = ["Dalībnieki: 4 biedri", "Ieteikums: sāciet agri", "Seminārs 2025. gada 20. martā", "Tikšanās 14.07.2016",
                  "Projekta mērķa grupa: jaunieši", "Dalībnieku skaits kopā: 24 jaunieši",  # a longer label's value
                  "Study visit to Porto, 6-10 May 2023", "Встреча партнёров 9 июня 2023", "Atklāšana 2024-03-05",
                  "Семинар в Лудзе 12 мая", "Workshop in Cēsis, 12 May"]  # fmt: skip
    assert [is_title_line(line, 8) for line in titles + not_titles] == [True] * len(titles) + [False] * len(not_titles)


def test_a_slides_short_bullets_under_its_title_are_sentences_not_titles():
    """A slide's bullets carry no mark in the text: every short one was taken for a title and never quoted on a card
    (a volunteer deck's "Mācības" slide gave its card no advice at all)."""
    from ingest.tag import is_title_line, titled_sentences

    slide = ("Mācības\nMentoram jābūt citam cilvēkam nekā darba vadītājam\nLatviešu valodas kursus sāciet pirmajā nedēļā\n"
             "Ko darītu citādi\nVairāk laika partneru tikšanām klātienē")  # fmt: skip
    judged = {slide[start:end]: title for start, end, title in titled_sentences(slide, "", 8)}
    assert judged == {
        "Mācības": None, "Mentoram jābūt citam cilvēkam nekā darba vadītājam": "Mācības",
        "Latviešu valodas kursus sāciet pirmajā nedēļā": "Mācības", "Ko darītu citādi": None,
        "Vairāk laika partneru tikšanām klātienē": "Ko darītu citādi",
    }  # fmt: skip
    assert not is_title_line("Dzīvokli brīvprātīgajiem jāatrod mēnesi iepriekš", 8)  # what must be done: advice
    assert not is_title_line("Housing must be found a month before", 8) and is_title_line("Mūsu pieredze Somijā", 8)


def test_an_attached_or_archived_files_name_is_never_a_sentence_to_quote():
    """A mailbox's message is cited by its subject ("Re: Partneru tikšanās Rēzeknē.eml", four words): a card quoted that
    name as the project's event."""
    from ingest.tag import titled_sentences

    text = ("Re: Partneru tikšanās Rēzeknē.eml\n✉ Ilze, 2024-05-02\nTikšanās ar partneriem notiks 12. maijā Rēzeknē.\n"
            "Atskaites/2023 gada atskaite par projektu.pdf (2)\nSenioru kafejnīca pulcēja 40 apmeklētājus.")  # fmt: skip
    quotable = [text[start:end] for start, end, title in titled_sentences(text, "", 8) if title is not None]
    assert quotable == ["Tikšanās ar partneriem notiks 12. maijā Rēzeknē.", "Senioru kafejnīca pulcēja 40 apmeklētājus."]
