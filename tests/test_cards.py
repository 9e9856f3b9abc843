"""Practice cards as a reader meets them: the sentences that carry a practice, advice or result, each with
its page; the project's years and the countries it happened in; an invitation letter's events."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.types import BYLINE
from kb.cards import Card, SentenceJudge, practice_cards

ESTO = "corpus/esto-erasmus-mobility-portugal.pdf"
LETTER = "corpus/balkanu-zieds-letter.docx"


@pytest.fixture(scope="module")
def cards(corpus_kb) -> dict[str, Card]:
    return {card.file: card for card in practice_cards(corpus_kb)}


def values(facts) -> list[str]:
    return [fact.value for fact in facts]


def test_the_impressions_slides_cafe_is_a_practice_sentence_not_the_slide_heading(cards, corpus_kb):
    esto = cards[ESTO]
    cafe = [e for e in esto.practices if "kafejnīca" in e.text]
    # either of the slide's two sentences on the café: their margins are 0.01 apart, and which one wins changes with
    # the CPU's floating-point kernels (AVX2 or AVX-512); the card keeps one of the two, as they say the same
    assert cafe and cafe[0].text.startswith(("Biedrība apsaimnieko ēku", "Izveidotā kafejnīca, kuru apsaimnieko"))
    assert cafe[0].source.page == 12  # its slide's, not that of its passage's heading (11)
    excerpts = esto.practices + esto.recommendations + esto.results
    assert not any(e.text.startswith(("Spilgtākie iespaidi", "Ko no piedzīvotā", "Projekta rezultāti")) for e in excerpts)
    # nor its end: the slide's title, printed at the foot of p. 13, is read after a line that stops at a comma
    elections = [e for e in esto.practices if "prezidenta vēlēšanām" in e.text]
    assert elections and elections[0].text.endswith("lai Eiropa atveseļotos,")
    for excerpt in excerpts:  # each is its passage's own text, at the offsets it gives
        passage = corpus_kb.hit(excerpt.source.passage_id).text
        assert " ".join(passage[excerpt.start : excerpt.end].split()).lstrip("- ").startswith(excerpt.text[:40])


def test_an_excerpt_and_a_fact_are_cited_by_the_page_they_are_on_not_by_their_passages_pages(cards, corpus_kb):
    from pypdf import PdfReader

    page_texts = [" ".join(page.extract_text().split()) for page in PdfReader(Path(ESTO)).pages]
    excerpts = [*cards[ESTO].practices, *cards[ESTO].recommendations, *cards[ESTO].results, *cards[ESTO].events]
    narrower = 0
    for excerpt in excerpts:
        source, hit = excerpt.source, corpus_kb.hit(excerpt.source.passage_id)
        opening = " ".join(excerpt.text.split()[:4])
        assert source.page == source.page_end and opening in page_texts[source.page - 1], (opening, source.page)
        narrower += (hit.page, hit.page_end) != (source.page, source.page_end)
    assert narrower  # passages on two slides: the excerpt names the one it is on ("p. 11"), not both ("pp. 11-12")
    esto = cards[ESTO]
    for fact in [esto.organisation, esto.project_number]:  # written as they are shown: their own page
        assert fact.source.page == fact.source.page_end and fact.value in page_texts[fact.source.page - 1], fact
    assert esto.project_number.source.page == 1  # its passage is on pp. 1-2


def test_advice_and_results_land_where_they_belong(cards, corpus_kb):
    esto = cards[ESTO]
    advice = [e for e in esto.recommendations if e.text.startswith("Partneru meklēšanā vislielākā nozīme")]
    assert advice and advice[0].source.page == 14
    assert any(e.text.startswith("Iegūta konkrēta un plaša informācija") and e.source.page == 8 for e in esto.results)
    # the shared 8 March celebration on the impressions slide is judged a practice, not an event to attend
    assert not any("8.marta" in e.text for e in esto.events)
    judge = SentenceJudge.of(corpus_kb)
    slide = next(p for p in corpus_kb.store.passages_of(esto.doc_id) if "8.marta" in p.text)
    row = corpus_kb.store.rows_of(esto.doc_id)[slide.position]
    kinds = {slide.text[s.start : s.end]: s.kind for s in judge(slide, row)}
    assert [kind for sentence, kind in kinds.items() if "8.marta" in sentence] == ["practice"]
    assert kinds["Spilgtākie iespaidi."] == "title"


def test_what_a_card_quotes_as_a_kind_the_kind_filter_finds(cards, corpus_kb):
    """A deck merged into one passage has one kind (ESTO's benefits slides: "result"), yet the card quotes its
    sentences as practices and advice too: choosing "Ieteikums vai mācība" in the search hid them."""
    excerpts = [e for card in cards.values() for e in (*card.practices, *card.recommendations, *card.results)]
    assert any(corpus_kb.hit(e.source.passage_id).kind != e.kind for e in excerpts)  # what this test is about
    for excerpt in excerpts:
        found = corpus_kb.search(excerpt.text, top_k=3, kinds=[excerpt.kind])
        assert excerpt.source.passage_id in [hit.passage_id for hit in found], excerpt
        assert excerpt.kind in next(hit.kinds for hit in found if hit.passage_id == excerpt.source.passage_id)


def test_a_funders_country_is_not_among_the_projects_countries(cards):
    esto = cards[ESTO]
    assert values(esto.countries) == ["Portugal", "Latvia"]
    assert set(values(esto.mentioned_countries)) == {"United States", "Brazil"}  # ASV vēstniecība; migrants' origin
    assert values(esto.years) == ["2023", "2024"]  # not the foundation year 2010, earlier projects' or "kopš 2005"
    assert values(esto.partners) == ["Pašvaldība DE ALQUEIDAO FREGUESIA DE ALQUEIDÃO"]
    assert {"Coimbra", "Figueira da Foz"} <= set(values(esto.places))


def test_the_invitation_letters_card_shows_its_events_dates_places_and_partners(cards):
    letter = cards[LETTER]
    assert letter.events, "a letter with no practice still shows what it invites to"
    opening = letter.events[0]
    assert "18.07.2016" in opening.text and "Muceniekos" in opening.text and opening.source.page == 1
    assert {"18.-19.07.2016", "5.- 6.10.2016", "25.-26.04.2017"} <= set(values(letter.dates))
    assert values(letter.years) == ["2016", "2017"]
    assert {"Mucenieki", "Rīga", "Tallinn", "Vilnius", "Metković"} <= set(values(letter.places))
    assert "Brussels" in values(letter.mentioned_places)  # where the application went, not a venue
    # the text names five; the day trip to Sarajevo adds the country it is in
    assert values(letter.countries) == ["Latvia", "Estonia", "Germany", "Lithuania", "Croatia", "Bosnia and Herzegovina"]
    sarajevo = next(fact for fact in letter.countries if fact.value == "Bosnia and Herzegovina")
    assert sarajevo.source == next(fact.source for fact in letter.places if fact.value == "Sarajevo")
    assert any(p.startswith("9 partneri no 5 valstīm") for p in values(letter.partners))
    assert not letter.practices  # nothing is invented


def test_cards_still_serialise_to_json(cards):
    import json

    data = json.loads(json.dumps([card.to_json() for card in cards.values()], ensure_ascii=False))
    assert {"events", "partners", "mentioned_countries"} <= set(data[0])


REPORT = """# Pieredzes apmaiņa Somijā

## Ieteikumi projektu rakstītājiem

- Partnerim jāredz savs ieguvums, tāpēc vienojieties par kopīgiem mērķiem jau pirms pieteikuma iesniegšanas.
- Budžetā vienmēr paredziet rezervi ceļa izdevumu sadārdzinājumam un valūtas kursa svārstībām.
- Atskaites dokumentus vāciet jau mobilitātes laikā, nevis pēc atgriešanās mājās.

Projekta finansējums: Erasmus+, ASV vēstniecība. Mobilitāte notika Somijā, Helsinkos, 2024. gada 3.-9. martā.
"""


@pytest.mark.parametrize("taxonomy", ["current", "edited since the index was written"])
def test_cards_from_a_small_index_quote_sentences_not_headings(tmp_path, fake_embedder, monkeypatch, taxonomy):
    """Fast (the hashing embedder); with the taxonomy edited after ingest the sentences keep their passage's
    kind, and titles are still never excerpts."""
    from kb.search import KnowledgeBase
    from kb.settings import Settings
    from kb.sync import sync_index

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "somija.md").write_text(REPORT, encoding="utf-8")
    sync_index([docs], Settings(index_dir=tmp_path / "index", read_workers=0), fake_embedder)
    if taxonomy != "current":
        import ingest.tag

        edited = tmp_path / "taxonomy.json"
        edited.write_text(ingest.tag.TAXONOMY_PATH.read_text(encoding="utf-8").replace('"version": 1', '"version": 2'))
        monkeypatch.setattr(ingest.tag, "TAXONOMY_PATH", edited)
    knowledge_base = KnowledgeBase(tmp_path / "index", fake_embedder)
    assert (SentenceJudge.of(knowledge_base).tagger is None) == (taxonomy != "current")
    [card] = practice_cards(knowledge_base)
    knowledge_base.close()
    excerpts = card.practices + card.recommendations + card.results + card.events
    assert excerpts and not any(e.text.startswith(("Ieteikumi", "Pieredzes apmaiņa")) for e in excerpts)
    assert any(e.text.startswith("Partnerim jāredz savs ieguvums") for e in card.recommendations)
    assert values(card.countries) == ["Finland"] and values(card.mentioned_countries) == ["United States"]
    assert values(card.years) == ["2024"] and values(card.places) == ["Helsinki"]


def card_of(tmp_path: Path, markdown: str, embedder) -> Card:
    """The one card of a Markdown document, synced into a small index (read in this process, hashing embedder)."""
    from kb.search import KnowledgeBase
    from kb.settings import Settings
    from kb.sync import sync_index

    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "document.md").write_text(markdown, encoding="utf-8")
    sync_index([docs], Settings(index_dir=tmp_path / "index", read_workers=0), embedder)
    knowledge_base = KnowledgeBase(tmp_path / "index", embedder)
    [card] = practice_cards(knowledge_base)
    knowledge_base.close()
    return card


def test_a_cards_programme_is_the_one_its_project_number_belongs_to(tmp_path, fake_embedder):
    """A deck that told first of a Nordplus application turned down was shown as a Nordplus project."""
    card = card_of(tmp_path, "# Mūsu ceļš uz mobilitāti\n\nVispirms iesniedzām pieteikumu Nordplus programmā, bet to "
                   "neapstiprināja.\n\nProjekts 2023-1-LV01-KA122-ADU-000141852 notika Portugālē, Bragā, 2024. gada "
                   "maijā.\n", fake_embedder)  # fmt: skip
    assert card.programme.value == "Erasmus+" and card.project_number.value == "2023-1-LV01-KA122-ADU-000141852"


def test_an_archive_of_two_associations_reports_gives_each_its_own_card(tmp_path, fake_embedder):
    """A ZIP of two projects was one card that gave the second association's practices to the first."""
    import zipfile

    from kb.search import KnowledgeBase
    from kb.settings import Settings
    from kb.sync import sync_index

    docs = tmp_path / "docs"
    docs.mkdir()
    with zipfile.ZipFile(docs / "projekti_2023.zip", "w") as archive:
        archive.writestr("tilts/atskaite.txt", "Jauniešu apmaiņas atskaite\nBiedrība \"Tilts\", projekts "
                         "2023-1-LV02-KA152-YOU-000160033\n\nJaunieši Valensijā kopā gatavoja ielu teātra izrādi par "
                         "vidi un rādīja to trīs skolās.\n")  # fmt: skip
        archive.writestr("tilts/pielikums.txt", "Pielikums: ieteikumi nākamajām grupām\n\nIesakām iepriekš sagatavot "
                         "izrādes scenāriju.\n\nŠī apmaiņa turpināja mūsu iepriekšējo projektu 2021-2-LV02-KA105-003311, "
                         "kad pirmo reizi sadarbojāmies ar Valensijas partneriem.\n")  # fmt: skip  # named in passing
        archive.writestr("talsi/somija.txt", "Pieredzes brauciens uz Somiju\nBiedrība \"Lauku sievietes\", projekts "
                         "2023-1-LV01-KA122-ADU-000155512\n\nCiemata mājā Laucienē iekārtojām digitālo prasmju "
                         "kafejnīcu senioriem, kā to redzējām Somijā.\n")  # fmt: skip
    sync_index([docs], Settings(index_dir=tmp_path / "index", read_workers=0), fake_embedder)
    knowledge_base = KnowledgeBase(tmp_path / "index", fake_embedder)
    cards = practice_cards(knowledge_base)
    knowledge_base.close()
    by_number = {card.project_number.value: card for card in cards if card.project_number}
    assert by_number.keys() == {"2023-1-LV02-KA152-YOU-000160033", "2023-1-LV01-KA122-ADU-000155512"}
    tilts, talsi = by_number["2023-1-LV02-KA152-YOU-000160033"], by_number["2023-1-LV01-KA122-ADU-000155512"]
    assert tilts.organisation.value == "Tilts" and talsi.organisation.value == "Lauku sievietes"
    assert "Somija" not in " ".join(fact.value for fact in tilts.countries + tilts.places)


def indexed_by_section(tmp_path, name: str, text: str, embedder):
    """A knowledge base of one Markdown file, a passage a section."""
    from kb.search import KnowledgeBase
    from kb.settings import Settings, SplitSettings
    from kb.sync import sync_index

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / name).write_text(text, encoding="utf-8")
    a_passage_a_section = SplitSettings(min_words=5, max_words=60)
    sync_index([docs], Settings(index_dir=tmp_path / "index", read_workers=0, split=a_passage_a_section), embedder)
    return KnowledgeBase(tmp_path / "index", embedder)


def test_a_compendiums_practices_each_get_a_card_and_are_cited_with_their_own_organisation_and_number(
    tmp_path, fake_embedder
):
    """A tester's compendium of 30 practices was 2 cards, and every hit was cited with one Polish partner's project
    number; an organisation named only under its label ("Organizācija: Irish Rural Link") was found by no filter."""
    practices = [("3.1. Senioru kafejnīca", "Associação In Loco", "", "Kafejnīcu vada paši apmeklētāji, katru nedēļu cits."),
                 ("3.2. Mobilā bibliotēka", "Suomen Kylät ry", "2020-1-FI01-KA204-066712",
                  "Bibliotēkas autobuss apmeklēja 47 ciemus un sasniedza 2300 lasītājus."),
                 ("3.3. Transporta koplietošana", "Irish Rural Link", "", "Kaimiņi brauc uz pilsētu ar vienu auto."),
                 # a name of listed words, not all capitalised: a name here, where the label names organisations
                 ("3.4. Valodu kursi", "Kauno bendruomenių centras", "", "Vecāki mācās, bērni spēlējas.")]  # fmt: skip
    text = "# Labās prakses kompendijs 2024\n\nIzdevējs: biedrība „Latvijas Lauku forums”.\n\n"
    for heading, organisation, number, practice in practices:
        numbered = f"Projekta numurs: {number}\n" if number else ""
        text += f"## {heading}\n\nOrganizācija: {organisation}\nValsts: Somija\n{numbered}\n{practice}\n\n"
    knowledge_base = indexed_by_section(tmp_path, "kompendijs.md", text, fake_embedder)
    cards = practice_cards(knowledge_base)
    hits = knowledge_base.search("kafejnīca bibliotēka kaimiņi vecāki", top_k=10)
    cited = {practice: next((hit.organisations[0], hit.project_numbers) for hit in hits if practice in hit.text)
             for _, _, _, practice in practices}  # fmt: skip
    filtered = knowledge_base.search("kaimiņi", top_k=3, organisations=["Irish Rural Link"])
    knowledge_base.close()
    assert [(card.title.value, card.organisation.value, card.project_number and card.project_number.value)
            for card in cards[1:]] == [(f"Labās prakses kompendijs 2024: {heading}", organisation, number or None)
                                       for heading, organisation, number, _ in practices]  # fmt: skip
    assert cited == {practice: (organisation, (number,) if number else ()) for _, organisation, number, practice in practices}
    assert filtered[0].heading == "3.3. Transporta koplietošana"  # the filter is by document: found, not none


def test_a_report_of_one_project_naming_the_hosts_it_visited_under_labels_is_cited_and_carded_whole(tmp_path, fake_embedder):
    """A study visit's report ("1. vizīte / Organizācija: Kylätoiminta ry") was cut into its hosts' parts: its own
    conclusions cited with the last host and no project number (a review of this change)."""
    text = ("# Pieredzes apmaiņa Somijā\n\nBiedrība „Lauku ceļotājs” īstenoja projektu 2023-1-LV01-KA122-ADU-000141852.\n\n"
            + "".join(f"## {n}. vizīte\n\nOrganizācija: {host}\nPilsēta: {town}\n\nApmeklējām {what}.\n\n"
                      for n, (host, town, what) in enumerate([("Kylätoiminta ry", "Helsinki", "ciemu biedrību savienību"),
                                                               ("Suomen Kylät ry", "Seinäjoki", "mobilo bibliotēku"),
                                                               ("Maaseudun Sivistysliitto", "Oulu", "tautskolu")], 1))
            + "## Secinājumi\n\nIeteikums citām biedrībām: partnerus meklēt caur personīgiem kontaktiem.\n")  # fmt: skip
    knowledge_base = indexed_by_section(tmp_path, "atskaite.md", text, fake_embedder)
    [card] = practice_cards(knowledge_base)
    [hit] = knowledge_base.search("ieteikums partnerus meklēt personīgiem kontaktiem", top_k=1)
    knowledge_base.close()
    assert (card.organisation.value, card.project_number.value) == ("Lauku ceļotājs", "2023-1-LV01-KA122-ADU-000141852")
    assert hit.citation.endswith("(Lauku ceļotājs, 2023-1-LV01-KA122-ADU-000141852)")


def test_a_partner_named_by_its_own_legal_form_is_not_the_cards_organisation(tmp_path, fake_embedder):
    card = card_of(tmp_path, "# Mazā partnerība „Amatu skola”\n\nAmatnieki no abām valstīm vadīja tiešsaistes "
                   "meistarklases par aušanu.\n\nPartneris: MTÜ Käsitöö Kool, Tartu.\n", fake_embedder)  # fmt: skip
    assert card.organisation is None and [p.value for p in card.partners] == ["MTÜ Käsitöö Kool, Tartu"]
    card = card_of(tmp_path, "# Jauniešu apmaiņa Kauņā\n\nJaunieši mācījās kopā vadīt vides darbnīcas.\n\n"
                   "Partneri: Jaunimo centras Kaunas, biedrība „Jaunie Rucavnieki”.\n", fake_embedder)  # fmt: skip
    assert card.organisation.value == "Jaunie Rucavnieki"  # an association listing itself among its project's partners


@pytest.mark.model
def test_an_e_mails_card_quotes_what_it_says_not_its_sender_and_date_line(tmp_path):
    """A reply accepting an invitation (tests/fixtures/good.eml): its event is the seminar, not "✉ sender, date"."""
    import shutil

    from conftest import FIXTURES

    from kb.search import KnowledgeBase
    from kb.settings import Settings
    from kb.sync import sync_index

    docs = tmp_path / "mail"
    docs.mkdir()
    shutil.copy(FIXTURES / "good.eml", docs / "good.eml")
    sync_index([docs], Settings(index_dir=tmp_path / "index", read_workers=0))
    knowledge_base = KnowledgeBase(tmp_path / "index")
    [card] = practice_cards(knowledge_base)
    knowledge_base.close()
    assert card.title.value == "Uzaicinājums uz semināru Kuldīgā" and card.organisation.value == "Ziedonis"
    excerpts = card.practices + card.recommendations + card.results + card.events
    assert excerpts and not any(e.text.startswith((BYLINE, "From:")) for e in excerpts)
    assert any("seminārā par sadarbību ar pašvaldību" in e.text for e in card.events)


def test_a_fact_is_cited_where_it_is_written_as_a_word_not_inside_another():
    from ingest.types import Passage
    from kb.cards import _fact

    text = "Projekts 2023-1-LV01-KA122-ADU-000141852, biedrība ESTONIJA.\nMobilitāte notika 2023. gadā, vadīja ESTO."
    passage = Passage("d:0", "d", 0, text, page_start=1, page_end=2, page_starts=((0, 1), (text.index("Mobilitāte"), 2)))
    assert (_fact(passage, "2023").source.page, _fact(passage, "ESTO").source.page) == (2, 2)  # not the number's, p. 1
    assert (_fact(passage, "Portugal").source.page, _fact(passage, "Portugal").source.page_end) == (1, 2)  # not written


def test_a_card_quotes_every_sure_sentence_of_a_kind_up_to_its_limit_and_each_whole():
    """A one-passage list of four pieces of advice showed two (one a passage, then a second); a short sentence that
    took the next one with it pushed that sentence off the card."""
    from ingest.tag import SentenceKind
    from ingest.types import Passage
    from kb.cards import PER_KIND, _choose, _excerpts

    advice = ["Sāciet ar sapulci.", "Vienojieties par budžetu pirms pieteikuma iesniegšanas ar visiem partneriem.",
              "Iesaistiet jauniešus kā brīvprātīgos jau plānošanas posmā, nevis tikai pasākumu dienās.",
              "Saglabājiet kontaktus ar partneriem arī pēc projekta beigām, lai vēlāk rakstītu kopīgus projektus.",
              "Ņemiet līdzi biedrības prezentāciju angļu valodā un dažus suvenīrus iepazīšanās vakaram."]  # fmt: skip
    text = " ".join(advice)
    passage = Passage("doc:0", "doc", 0, text, "")
    starts = [text.index(sentence) for sentence in advice]
    judged = [SentenceKind(start, start + len(sentence), "recommendation", 2.0 - i / 10) for i, (start, sentence)
              in enumerate(zip(starts, advice))]  # fmt: skip
    excerpts = _excerpts(passage, judged)
    assert [excerpt.text for _, excerpt in excerpts] == advice  # "Sāciet ar sapulci." stands alone: the next is quotable
    assert [excerpt.text for excerpt in _choose(excerpts, PER_KIND)] == advice[:PER_KIND]


def test_a_sentence_naming_a_persons_code_is_never_on_a_card():
    """A card listed a volunteer's personal code as an event, to everyone browsing the cards; an invitation's contact
    stays."""
    from ingest.tag import SentenceKind
    from ingest.types import Passage
    from kb.cards import _excerpts

    sentences = ["Brīvprātīgā Anna Bērziņa, personas kods 120390-12345, vadīja talku Rēzeknē 2024. gada maijā.",
                 "Talku Rēzeknē 2024. gada maijā vadīja brīvprātīgie kopā ar skolēniem un pensionāriem.",
                 "Pieteikties pie Annas pa tālruni 26334378 vai rakstot uz anna@biedriba.lv līdz 10. maijam."]  # fmt: skip
    text = " ".join(sentences)
    passage = Passage("doc:0", "doc", 0, text, "")
    judged = [SentenceKind(text.index(s), text.index(s) + len(s), "event", 2.0) for s in sentences]
    assert [excerpt.text for _, excerpt in _excerpts(passage, judged)] == sentences[1:]


def test_a_survey_answer_is_quoted_without_its_respondents_contacts_and_a_sentence_holding_them_not_at_all():
    """A feedback form's rows hold each respondent's e-mail and phone beside the lesson: 22 of 56 card excerpts showed
    them to everyone browsing the cards."""
    from ingest.tag import SentenceKind
    from ingest.types import Passage
    from kb.cards import _excerpts

    sentences = ["Laiks: 03.05.2024; E-pasts: anna@biedriba.lv; Tālrunis: +371 26334378; Ko darītu citādi: Nākamreiz "
                 "autobusu rezervētu mēnesi iepriekš.",
                 "Jānim (tālr. 26334378) jāsazinās ar partneriem agrāk, lai vienotos par programmu."]  # fmt: skip
    text = "\n".join(sentences)
    passage = Passage("doc:0", "doc", 0, text, "")
    judged = [SentenceKind(text.index(s), text.index(s) + len(s), "recommendation", 2.0) for s in sentences]
    assert [excerpt.text for _, excerpt in _excerpts(passage, judged)] == [
        "Laiks: 03.05.2024; Ko darītu citādi: Nākamreiz autobusu rezervētu mēnesi iepriekš."
    ]
    judged = [SentenceKind(s.start, s.end, "event", 2.0) for s in judged]  # a row with a date: an event
    assert [excerpt.text for _, excerpt in _excerpts(passage, judged)] == [
        "Laiks: 03.05.2024; Ko darītu citādi: Nākamreiz autobusu rezervētu mēnesi iepriekš.", sentences[1]
    ]  # a sentence with a phone, as an invitation's, stays on its event
