"""Readers: real PDF, DOCX, text and Markdown files, and every kind of bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import FIXTURES

from ingest.filetypes import file_type_of
from ingest.paged import page_blocks
from ingest.read import read_bytes, read_document
from ingest.split import split_passages
from ingest.text import blocks_from_lines, decode_text, normalize_text
from kb.errors import UnreadableFile


def read(name: str):
    return read_document(read_bytes(FIXTURES / name), file_type_of(name))


def test_pdf_keeps_pages_and_diacritics_and_drops_running_headers():
    document = read("good.pdf")
    assert document.pages == 3
    assert document.title == "Zaļā Sēta projekta atskaite"
    pages = {block.page for block in document.blocks}
    assert pages == {1, 2, 3}
    text = document.text
    assert "Kopienas kafejnīca Ludzā" in text
    assert "Projekta atskaite" not in text  # header repeated on every page
    assert "www.zalaseta.lv" not in text  # footer
    assert not any(block.text.strip().isdigit() for block in document.blocks)  # page numbers


PAGE_BREAK_SENTENCE = (  # page_break.pdf (tests/fixtures/make_fixtures.py): from the foot of page 1 on to page 2
    "Vissvarīgākā mācība no šī gada ir tāda, ka brīvprātīgo darbs ilgst tikai tad, ja katram brīvprātīgajam ir savs "
    "pienākums, savs grafiks un cilvēks, pie kura vērsties ar jautājumiem, un ja pašvaldība vismaz reizi ceturksnī "
    "uzklausa biedrības ieteikumus."
)


def test_a_two_page_pdf_drops_its_running_header_and_footer_and_keeps_a_sentence_the_page_cut_whole():
    document = read("page_break.pdf")
    assert document.pages == 2
    assert "Projekta atskaite" not in document.text and "www.zalaseta.lv" not in document.text  # glued into paragraphs
    passages = split_passages(document)
    whole = [p for p in passages if PAGE_BREAK_SENTENCE in p.text]
    assert len(whole) == 1 and (whole[0].page_start, whole[0].page_end) == (1, 2)


def test_pdf_drops_alternating_headers_and_a_footer_of_several_lines_but_keeps_a_cover_year_and_a_total():
    document = read("annual_report.pdf")  # headers differ on even and odd pages; footer: address, phone, funder, number
    text = document.text
    for boilerplate in ("Gada pārskats\n", "Erasmus+ projekts Nr.", "Skolas iela 5", "Tālr.", "līdzfinansē Eiropas"):
        assert boilerplate not in text, boilerplate
    assert [b.text for b in document.blocks if b.page == 1] == ["GADA PĀRSKATS", "2023", "Biedrība „Zaļā Sēta”, Ludza"]
    assert [b.text for b in document.blocks if b.page == 2][-2:] == ["Kopā:", "163"]  # the total above the footer
    assert not [b.text for b in document.blocks if b.text in {str(n) for n in range(1, 7)}]  # the page numbers
    headings = [b.text for b in document.blocks if b.kind == "heading" and b.page > 2]  # not a running header
    assert headings == ["Kafejnīca", "Talkas", "Brīvprātīgie", "Partneri"]


def test_pages_that_each_hold_the_same_line_and_nothing_else_keep_it():
    from ingest.paged import page_blocks

    blocks = page_blocks(["Sveika, pasaule!"] * 3, frozenset())  # was "empty: no text": a running header on every page
    assert [(block.text, block.page) for block in blocks] == [("Sveika, pasaule!", page) for page in (1, 2, 3)]


def test_a_day_heading_at_the_top_of_each_page_is_kept_though_its_number_follows_the_page():
    document = read("programme.pdf")  # "1. diena" on page 1, "2. diena" on page 2, ...; a header and "Lapa N no 4"
    assert [b.text for b in document.blocks if b.page == 2][:2] == ["2. diena", "Otrdiena, 7. maijs"]
    assert [b.text for b in document.blocks if "diena" == b.text.split()[-1]] == [f"{n}. diena" for n in range(1, 5)]
    assert "Programma" not in document.text and "Lapa" not in document.text  # the running header and the page label


def test_page_labels_and_a_header_with_a_year_are_still_running_headers():
    topics = ["Kafejnīca pulcē seniorus.", "Talkas sakopj parku.", "Jaunieši vada darbnīcas.", "Pašvaldība atbalsta."]
    for label in ("{}. lpp.", "Slide {}", "{}. puslapis", "Strona {}", "Projekts 7 · {}. diena"):  # the last: a footer
        pages = [f"Gada pārskats 2023\n{topic}\n{label.format(n)}" for n, topic in enumerate(topics, start=1)]
        assert [b.text for b in page_blocks(pages, frozenset())] == topics, label


def test_a_running_header_naming_each_chapter_is_dropped_but_a_deck_s_titles_with_a_common_part_stay():
    """A compendium's header "Labās prakses kompendijs 2024 · <chapter>" changes with each chapter, so no whole line
    repeated on most pages: it stayed in 66 of 227 passages, inside a sentence a page cut."""
    chapters = ["3. Kopienas dzīve"] * 2 + ["4. Izglītība un iekļaušana"] * 3
    texts = ["Kafejnīca pulcē seniorus.", "Talkas sakopj parku, tomēr tās ļāva", "iesaistīt vairāk māmiņu.",
             "Pašvaldība atbalsta.", "Bibliotēka brauc uz ciemiem."]  # fmt: skip
    header = "Labās prakses kompendijs 2024 · {}"
    pages = [f"{header.format(chapter)}\n{text}\n{n}" for n, (chapter, text) in enumerate(zip(chapters, texts), 1)]
    assert [b.text for b in page_blocks(pages, frozenset())] == texts  # the cut sentence's halves meet in its passage
    titles = [f"Erasmus+ projekts – {text}" for text in texts]  # a deck's: each its own, or one on two slides
    for shown in (titles, [titles[0], titles[1], titles[1], titles[2], titles[3]]):
        deck = [f"{title}\nSlaids par to.\n{n}" for n, title in enumerate(shown, 1)]
        assert [b.text for b in page_blocks(deck, frozenset()) if b.text in titles] == shown


def test_an_organisation_named_only_in_the_running_header_is_the_documents():
    """A year of board minutes named their association only in the header every page repeats, which is rightly left
    out of the passages: their card had no organisation, and no filter found them."""
    from ingest.enrich import describe_document
    from ingest.paged import paged_text
    from ingest.types import Document

    header = "Biedrība „Bērzes attīstības biedrība” — valdes sēžu protokoli 2023"
    minutes = ["Protokols Nr. 1\nNolēma: pieņemt informāciju zināšanai.", "Protokols Nr. 2\nNolēma: rīkot talku.",
               "Protokols Nr. 3\nNolēma: iesniegt projektu."]  # fmt: skip
    pages = [f"{header}\n{text}\n{number}. lpp." for number, text in enumerate(minutes, 1)]
    blocks, margins = paged_text(pages, frozenset())
    document = Document("pdf", blocks, 3, margins=margins)
    assert header not in document.text and document.margins == f"{header}\n1. lpp."
    assert [b.text for b in document.blocks if b.page == 3][0] == "Protokols Nr. 3"  # a numbered heading, not a header
    assert describe_document(document, "lv", "protokoli").organisations == ("Bērzes attīstības biedrība",)


def test_a_compendium_s_contents_index_and_chapter_headers_are_left_out_and_its_pages_still_count():
    """A tester's 73-page compendium: its contents page was the first hit for a fifth of their questions (and OCR'd as
    "garbled" for its partners' foreign names), its index at the back another's, and cards quoted both."""
    document = read("compendium.pdf")
    assert document.pages == 6 and document.warnings == ()
    texts = [(block.text, block.page) for block in document.blocks]
    assert texts[0][0].startswith("Labās prakses kompendijs 2024") and texts[0][1] == 1  # its name on its cover stays
    assert not [text for text, page in texts if page == 2 or page == 6], texts  # contents; the index running on
    assert [text for text, page in texts if page == 5][-1].startswith("Bibliotēkas autobuss apmeklē")  # index left out
    assert ("Kafejnīcu vada paši apmeklētāji: katru nedēļu cits seniors atbild par kafiju un sarunu tēmu.", 3) in texts
    assert "kompendijs 2024 ·" not in document.text and "...." not in document.text


def test_a_results_table_a_budget_and_a_table_after_the_contents_are_no_contents():
    """"Rādītājs" is an indicator too, a budget has leaders, and a table of counts may follow the contents page: each was
    left out as contents (a review of this change)."""
    results = "Rezultāti\nRādītājs\nDalībnieku skaits 24\nApmācību dienas 5\nPartneru organizācijas 3\nJauni brīvprātīgie 11"
    budget = "Budžeta izlietojums\nCeļa izdevumi ........ 2450\nUzturēšanās ........ 3100\nKopā ........ 5550"
    contents = "Saturs\nIevads ........ 3\nDalībnieki ........ 3\nPrakses ........ 4"
    countries = "Dalībnieki pa valstīm\nLatvija 12\nIgaunija 8\nSomija 5\nPortugāle 4"
    pages = ["Projekta atskaite", results, budget, contents, countries]
    texts = " ".join(block.text for block in page_blocks(pages, frozenset()))
    for kept in ("Dalībnieku skaits 24", "Jauni brīvprātīgie 11", "Ceļa izdevumi ........ 2450", "Portugāle 4"):
        assert kept in texts, kept
    assert "Ievads" not in texts  # the contents page itself


def test_a_preface_s_roman_page_numbers_are_dropped_but_a_roman_numeral_of_the_text_is_kept():
    """A report's cover, its preface numbered i, ii, then its body from 1: "ii" stayed in the text and headed the
    passage a citing writer copied."""
    pages = ["Gada pārskats\nBiedrība “Zaļā Sēta”", "Priekšvārds\nKafejnīca pulcē seniorus.\ni",
             "Saturs\nTalkas sakopj parku.\nii", "Ievads\nJaunieši vada darbnīcas.\n1",
             "II\nPašvaldība atbalsta.\n2"]  # fmt: skip
    texts = [b.text for b in page_blocks(pages, frozenset())]
    assert "i" not in texts and "ii" not in texts and "II" in texts  # page 5's "II" is no page 2 + roman offset


def test_a_date_a_wrapped_sentence_runs_on_to_is_no_numbered_list_item():
    lines = ["Pieteikties dalībai projekta noslēguma konferencē var līdz", "20. decembrim, rakstot biedrības valdei.",
             "Programmā ir trīs daļas:", "1. sagatavošanās seminārs;", "2. ēnošana Portugālē."]  # fmt: skip
    blocks = [(b.kind, b.text) for b in blocks_from_lines(lines, 1)]
    assert blocks[0] == ("paragraph", "Pieteikties dalībai projekta noslēguma konferencē var līdz 20. decembrim, rakstot "
                                      "biedrības valdei.")  # fmt: skip
    assert blocks[-2:] == [("list_item", "1. sagatavošanās seminārs;"), ("list_item", "2. ēnošana Portugālē.")]


def test_a_numbered_heading_is_a_heading_and_a_numbered_list_stays_a_list():
    lines = ["1. Ievads", "Biedrība 2023. gadā īstenoja projektu.", "Projektā bija trīs daļas:", "1. Sagatavošanās seminārs",
             "2. Ēnošana Portugālē", "3. Izplatīšana", "2. Rezultāti", "Dalībnieki ieguva jaunas prasmes."]  # fmt: skip
    kinds = [(b.kind, b.text) for b in blocks_from_lines(lines, 1) if b.text[:1].isdigit()]
    assert kinds == [("heading", "1. Ievads"), ("list_item", "1. Sagatavošanās seminārs"), ("list_item", "2. Ēnošana Portugālē"),
                     ("list_item", "3. Izplatīšana"), ("heading", "2. Rezultāti")]  # fmt: skip


LETTERS = {
    "lv": ["Labdien, kolēģi!", "", "Biedrība aicina uz semināru par senioru kafejnīcām Rēzeknē 15. martā.", "",
           "Ar cieņu,", "Jānis Bērziņš", "valdes priekšsēdētājs"],
    "en": ["Dear partners,", "", "We invite you to a seminar on community cafés in Rēzekne on 15 March.", "",
           "Best regards", "Anna Kalniņa", "Project coordinator"],
    "ru": ["Уважаемые коллеги!", "", "Приглашаем вас на семинар о кафе для пожилых людей в Резекне 15 марта.", "",
           "С уважением,", "Иван Петров", "председатель правления"],
    # a Baltic tester's Lithuanian invitation was titled "Jonas Petrauskas, Asociacijos „Šilelis“ pirmininkas"
    "lt": ["Gerbiami partneriai,", "", "Asociacija „Šilelis“ kviečia jus į jaunimo mainus Anykščiuose 2024 m. liepos 8 d.", "",
           "Pagarbiai,", "Jonas Petrauskas, Asociacijos „Šilelis“ pirmininkas"],
    "et": ["Lugupeetud partnerid!", "", "MTÜ Karula Külakeskus kutsub teid õppereisile Tartusse 19. septembril 2023.", "",
           "Lugupidamisega", "Tiina Kask", "juhatuse liige"],
}  # fmt: skip


@pytest.mark.parametrize("language", LETTERS)
def test_a_letter_s_greeting_closing_and_signature_are_no_headings_and_no_title(language):
    from ingest.pipeline import prepare_document
    from kb.settings import Settings

    lines = LETTERS[language]
    assert {b.kind for b in blocks_from_lines(lines, None)} == {"paragraph"}
    body = "\n".join(lines).encode()
    prepared = prepare_document(body, "txt", "letter", "uzaicinajums-seminars", Settings().split)
    assert prepared.info.title == "uzaicinajums-seminars"  # the file's name, not "Ar cieņu" or the signer's
    assert [passage.heading for passage in prepared.passages] == [""]


def test_headings_that_start_like_a_greeting_and_headings_after_thanks_stay_headings():
    lines = ["Dārgakmeņu darbnīca", "Biedrība rīko darbnīcas bērniem un jauniešiem katru sestdienu.", "",
             "Laba diena kopā ar senioriem", "Seniori un skolēni kopā spēlēja galda spēles.", "",  # not "Laba diena!"
             "Paldies visiem brīvprātīgajiem!", "", "Rezultāti", "Darbnīcas visu gadu apmeklēja 300 bērni.",
             "", "Дороги и мосты", "Молодёжь отремонтировала мост через реку.", "", "History of the association",
             "The association was founded in 1998."]  # fmt: skip
    headings = [b.text for b in blocks_from_lines(lines, None) if b.kind == "heading"]
    assert headings == ["Dārgakmeņu darbnīca", "Laba diena kopā ar senioriem", "Rezultāti", "Дороги и мосты",
                        "History of the association"]


def test_a_filled_pdf_form_is_read_with_its_answers_each_after_its_label():
    form = read_document(read_bytes(FIXTURES / "form.pdf"), "pdf")  # reportlab's fields, filled in by pypdf
    assert [block.text for block in form.blocks] == [
        "Mazo grantu programmas noslēguma atskaite",
        "Projekta nosaukums: Senioru kafejnīca Rēzeknes novadā",  # a one-line answer on its label's line
        "Galvenie rezultāti:",
        "Biedrība atvēra kafejnīcu, kurā seniori tiekas divreiz nedēļā.",  # a longer one under it
        "Pašvaldība piešķīra telpas bez maksas, brīvprātīgie cep pīrāgus.",
        "Projekts turpināsies pēc finansējuma beigām",  # a tick adds nothing
        "Joma: Sociālā iekļaušana",  # a choice
        "Piezīmes:",  # left empty
        "Paldies Rēzeknes novada pašvaldībai par atbalstu.",  # a field with no label: at the page's end
    ]
    assert {block.page for block in form.blocks} == {1}


def test_a_form_s_long_answer_kept_as_a_text_stream_is_read():
    """PDF lets a long answer (a report's results, a narrative) be a text stream: it was left out without a word."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter(clone_from=FIXTURES / "form.pdf")
    answer = "Biedrība atvēra kafejnīcu senioriem.\nPašvaldība piešķīra telpas bez maksas."
    for annotation in writer.pages[0]["/Annots"]:
        widget = annotation.get_object()
        if widget["/T"] == "rezultati":
            stream = DecodedStreamObject()
            stream.set_data(b"\xfe\xff" + answer.encode("utf-16-be"))
            widget[NameObject("/V")] = writer._add_object(stream)
    data = io.BytesIO()
    writer.write(data)
    texts = [block.text for block in read_document(data.getvalue(), "pdf").blocks]
    assert answer.split("\n") == texts[texts.index("Galvenie rezultāti:") + 1 :][:2]


def test_text_typed_onto_a_pdf_with_a_text_box_is_read_on_its_page():
    """A form with no fields filled in with a reader's text box or typewriter tool (a FreeText annotation) lost every
    answer, without a word; a hidden text box stays hidden."""
    import io

    from pypdf import PdfWriter
    from pypdf.annotations import FreeText
    from pypdf.generic import DecodedStreamObject, NameObject, NumberObject

    writer = PdfWriter(clone_from=FIXTURES / "good.pdf")
    writer.add_annotation(1, FreeText(text="Atbilde: brīvprātīgo skaits pieauga no 12 līdz 20.", rect=(72, 500, 400, 520)))
    hidden = writer.add_annotation(1, FreeText(text="Slēpta piezīme par budžetu.", rect=(72, 400, 400, 420)))
    hidden[NameObject("/F")] = NumberObject(2)
    rich = writer.add_annotation(0, FreeText(text="", rect=(72, 500, 400, 520)))  # its text as rich text only,
    del rich[NameObject("/Contents")]  # in a stream, as PDF allows and some tools write it
    xhtml = '<body xmlns="http://www.w3.org/1999/xhtml"><p>Dalībnieki: 12</p><p>Budžets &amp; izmaksas: 4 800 EUR</p></body>'
    stream = DecodedStreamObject()
    stream.set_data(xhtml.encode())
    rich[NameObject("/RC")] = writer._add_object(stream)
    data = io.BytesIO()
    writer.write(data)
    document = read_document(data.getvalue(), "pdf")
    assert [block.page for block in document.blocks if "pieauga no 12 līdz 20" in block.text] == [2]
    assert "Slēpta piezīme" not in document.text
    assert [b.text for b in document.blocks if b.page == 1][-2:] == ["Dalībnieki: 12", "Budžets & izmaksas: 4 800 EUR"]


def test_a_form_s_answer_the_page_already_shows_is_not_repeated_and_a_broken_form_costs_only_its_answers():
    import io

    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

    from ingest.forms import with_answers

    flattened = "Projekta nosaukums: Senioru kafejnīca Rēzeknē\nGalvenie rezultāti:"
    assert with_answers(flattened, [("Projekta nosaukums", "Senioru kafejnīca Rēzeknē")]) == flattened
    budget = "Budžets 2024. gadam\nDalībnieku skaits:"  # a short answer is added though the text holds it ("2024")
    assert with_answers(budget, [("Dalībnieku skaits", "20")]) == "Budžets 2024. gadam\n\nDalībnieku skaits: 20\n"
    broken = PdfWriter(clone_from=FIXTURES / "form.pdf")
    for annotation in broken.pages[0]["/Annots"]:
        widget = annotation.get_object()
        if widget["/T"] == "nosaukums":  # a number pypdf refuses to read back (LimitReachedError)
            widget[NameObject("/Rect")] = ArrayObject([NumberObject(0), NumberObject(0), NumberObject(10**70), NumberObject(9)])
        if widget["/T"] == "rezultati":  # the same field shown again on a second page
            shown_again = broken.add_blank_page(595, 842)
            again = DictionaryObject({NameObject("/Subtype"): NameObject("/Widget"), NameObject("/Parent"): annotation,
                                      NameObject("/Rect"): ArrayObject([NumberObject(60), NumberObject(700),
                                                                        NumberObject(500), NumberObject(800)])})  # fmt: skip
            shown_again[NameObject("/Annots")] = ArrayObject([broken._add_object(again)])
    data = io.BytesIO()
    broken.write(data)
    read_back = read_document(data.getvalue(), "pdf")
    assert "Senioru kafejnīca" not in read_back.text and "Joma: Sociālā iekļaušana" in read_back.text  # its answer only
    assert [block.page for block in read_back.blocks if "brīvprātīgie cep pīrāgus" in block.text] == [1]  # once


def test_a_dynamic_xfa_form_is_read_from_its_data_with_its_template_s_captions_and_no_pages(tmp_path: Path):
    import io

    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    from ingest.forms import XFA_NAMESPACE

    data = read_bytes(FIXTURES / "xfa.pdf")  # its page only says "Please wait... If this message is not eventually ..."
    form = read_document(data, "pdf")
    assert [block.text for block in form.blocks] == [
        "Projekta nosaukums: Brīvprātīgo kustība Latgales ciemos",  # the caption from the form's template
        "Projekta mērķi un sasniedzamie rezultāti",  # a longer answer under its caption
        "Iesaistīt jauniešus kaimiņu palīdzībā vientuļiem senioriem.",
        "Kopā ar pašvaldību izveidot brīvprātīgo koordinatora vietu.",
        "2019-1-LV02-KA105-003456",  # a field a tool named ("TextField1"): no label; the logo's picture, no text
        "Project summary: Volunteers from three villages visit lonely seniors every week.",  # no caption: its name
    ]
    assert {block.page for block in form.blocks} == {None} and form.warnings == ("an XFA form: its answers read, without pages",)
    assert form.title == "Brīvprātīgo kustība Latgales ciemos"  # the answer to "Projekta nosaukums", not a caption
    from ingest.forms import form_title
    from ingest.types import Block

    asked = ["Projekta iesniedzēja nosaukums: Biedrība ESTO", "Name of the project coordinator: Anna Bērziņa",
             "1.2. Projekta nosaukums latviešu valodā: Senioru klubs", "Project title: Seniors' club"]  # fmt: skip
    assert form_title([Block(text) for text in asked]) == "Senioru klubs"  # not the applicant's or a person's name

    def with_data(xml: str, keep_form: bool = True) -> bytes:
        changed = PdfWriter(clone_from=io.BytesIO(data))
        if not keep_form:
            del changed._root_object[NameObject("/AcroForm")]
        else:
            packets = changed._root_object["/AcroForm"]["/XFA"]
            packets[packets.index("datasets") + 1].get_object().set_data(xml.encode())
        written = io.BytesIO()
        changed.write(written)
        return written.getvalue()

    blank = with_data(f'<xfa:datasets xmlns:xfa="{XFA_NAMESPACE}"><xfa:data><form1/></xfa:data></xfa:datasets>')
    with pytest.raises(UnreadableFile, match=r"^empty: an XFA form \(Adobe LiveCycle\) with no answers$"):
        read_document(blank, "pdf")
    note = read_document(with_data("", keep_form=False), "pdf")  # no form behind it: a note that quotes the placeholder
    assert "If this message is not eventually replaced" in note.text and note.pages == 1
    secret = tmp_path / "secret.txt"
    secret.write_text("slepens")  # an entity naming a local file is not read into the answer
    entity = f'<!DOCTYPE x [<!ENTITY e SYSTEM "{secret.as_uri()}">]><x><Nosaukums>Senioru klubs &e;</Nosaukums></x>'
    assert [block.text for block in read_document(with_data(entity), "pdf").blocks] == ["Projekta nosaukums: Senioru klubs"]


def test_an_xfa_form_s_rich_text_ticks_pictures_and_fields_of_one_name_in_two_subforms(monkeypatch):
    import io

    from pypdf import PdfWriter

    from ingest.forms import XFA_NAMESPACE

    def field(name: str, caption: str, ui: str = "<textEdit/>") -> str:
        return f'<field name="{name}"><ui>{ui}</ui><caption><value><text>{caption}</text></value></caption></field>'

    template = f"""<template xmlns="http://www.xfa.org/schema/xfa-template/3.3/"><subform name="form1">
    <subform name="Pieteicejs">{field("Nosaukums", "Pieteicēja nosaukums")}</subform>
    <subform name="Kontakts">{field("Nosaukums", "Kontaktpersona")}</subform>
    {field("Piekritu", "Piekrītu noteikumiem", "<checkButton/>")}
    </subform></template>"""
    encoded = "\n".join(["QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3"] * 5)
    answers = f"""<xfa:datasets xmlns:xfa="{XFA_NAMESPACE}"><xfa:data><form1>
    <Pieteicejs><Nosaukums>Biedrība Zaļā Sēta</Nosaukums></Pieteicejs>
    <Kontakts><Nosaukums>Anna <!-- labots --> Bērziņa</Nosaukums></Kontakts>
    <Piekritu>1</Piekritu>
    <Apraksts><body xmlns="http://www.w3.org/1999/xhtml"><p>Senioru <b>klubs</b> Rēzeknē.</p><p>Otrā rindkopa.</p></body>
    </Apraksts>
    <Foto xfa:contentType="image/jpeg">{"QUJD" * 40}</Foto>
    <Pielikums>{encoded}</Pielikums>
    </form1></xfa:data></xfa:datasets>"""
    form = PdfWriter(clone_from=FIXTURES / "xfa.pdf")
    packets = form._root_object["/AcroForm"]["/XFA"]
    packets[packets.index("template") + 1].get_object().set_data(template.encode())
    packets[packets.index("datasets") + 1].get_object().set_data(answers.encode())
    written = io.BytesIO()
    form.write(written)
    assert [block.text for block in read_document(written.getvalue(), "pdf").blocks] == [
        "Pieteicēja nosaukums: Biedrība Zaļā Sēta",
        "Kontaktpersona: Anna Bērziņa",  # its own subform's caption; the comment in it left out
        "Apraksts",  # rich text: its paragraphs whole
        "Senioru klubs Rēzeknē.",
        "Otrā rindkopa.",
    ]  # the tick, the photo and the base64-encoded file are no answers
    monkeypatch.setattr("ingest.forms.XFA_MAX_BYTES", 500)  # data past the limit is refused before it is parsed
    with pytest.raises(UnreadableFile, match=r"^too large when unpacked: \d+ MB of XFA form data, the limit is 0 MB$"):
        read_document(written.getvalue(), "pdf")


def test_pdf_joins_words_hyphenated_at_line_ends():
    assert "sadarbība" in read("good.pdf").text
    assert "sadar-" not in read("good.pdf").text


def test_pdf_headings_and_bullets_are_recognised():
    blocks = read("good.pdf").blocks
    assert any(b.kind == "heading" and b.text == "Ieteikumi" for b in blocks)
    assert sum(b.kind == "list_item" for b in blocks) == 4


def test_docx_headings_lists_tables_and_page_breaks():
    document = read("good.docx")
    kinds = [block.kind for block in document.blocks]
    assert kinds.count("heading") == 2 and kinds.count("list_item") == 3 and kinds.count("table") == 2
    table_rows = [b.text for b in document.blocks if b.kind == "table"]
    assert table_rows[0] == "Valsts: Latvija; Dalībnieku skaits: 12"
    assert document.blocks[-1].page == 2  # after the explicit page break


@pytest.mark.parametrize("name", ["cp1257.txt", "utf16.txt", "utf8_bom.txt"])
def test_latvian_text_files_decode_in_every_encoding(name):
    text = read(name).text
    assert any(letter in text for letter in "āēīūšž")
    assert "\ufeff" not in text and "�" not in text


def test_windows_1257_keeps_every_latvian_letter():
    assert "Čiekurkalnā" in read("cp1257.txt").text and "„Šūpoles”" in read("cp1257.txt").text


def test_windows_1251_russian():
    assert "беженцам" in read("cp1251.txt").text


def test_markdown_headings_and_bullets():
    blocks = read("notes.md").blocks
    assert blocks[0].kind == "heading" and blocks[0].text == "Valdes sēdes piezīmes"
    assert sum(b.kind == "list_item" for b in blocks) == 3


def test_form_feeds_in_text_files_are_pages():
    document = read_document("Pirmā lapa ar tekstu.\fOtrā lapa ar tekstu.".encode(), "txt")
    assert [b.page for b in document.blocks] == [1, 2]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("corrupt.pdf", "corrupt PDF"),
        ("encrypted.pdf", "encrypted"),
        ("image_only.pdf", "no text layer: needs OCR"),
        ("empty.txt", "empty file"),
        ("empty.pdf", "empty file"),
        ("binary.txt", "binary content"),
        ("unsupported.vsdx", "unsupported type: .vsdx"),
    ],
)
def test_bad_files_raise_a_clear_reason(name, reason):
    with pytest.raises(UnreadableFile, match=reason):
        read(name)


def test_oversized_and_missing_files(tmp_path: Path):
    big = tmp_path / "big.txt"
    big.write_text("vārds " * 1000)
    with pytest.raises(UnreadableFile, match="too large"):
        read_bytes(big, max_bytes=1000)
    with pytest.raises(UnreadableFile, match="vanished"):
        read_bytes(tmp_path / "gone.pdf")


def test_decoding_prefers_the_code_page_that_reads_as_words():
    latvian = "Biedrība ģimenēm ar bērniem rīkoja ķirbju svētkus Ļaudonā un Ņukšos".encode("cp1257")
    assert decode_text(latvian).startswith("Biedrība ģimenēm")
    russian = "Общественная организация помогает беженцам".encode("cp1251")
    assert decode_text(russian) == "Общественная организация помогает беженцам"
    for dos_or_unix in ("cp866", "koi8_r"):  # were read as Windows-1251: Cyrillic letters, no words ("нАЫЕЯРБЕММЮЪ")
        assert decode_text("Общественная организация помогает беженцам".encode(dos_or_unix)).startswith("Общественная")
    # partners' letters: German and Estonian were "binary content" (ä, ö, ü, õ taken for another script's letters) or
    # read as DOS Cyrillic ("durchgef№hrt")
    german = "Unser Verein hat eine Jugendbegegnung durchgeführt. Die Teilnehmer lernten, wie man Freiwillige für " \
             "ländliche Gemeinschaften gewinnt und über Grenzen hinweg zusammenarbeitet. Für das nächste Jahr planen " \
             "wir ein größeres Treffen."  # fmt: skip
    estonian = "Meie ühing korraldas Lätis ja Eestis noorte vahetuse. Osalejad õppisid üksteiselt, kuidas külakogukonnas " \
               "vabatahtlikke kaasata. Järgmisel aastal jätkame koostööd."  # fmt: skip
    assert decode_text(german.encode("cp1252")) == german and decode_text(estonian.encode("cp1257")) == estonian
    # Latvian's ISO code page: its letters are Windows-1257's, its quotes not ("�Mēs´" in hits and cards)
    iso = "Ādažu jauniešu padome „Mēs“ rīkoja debašu turnīru. Jaunieši paši vadīja diskusijas."
    assert decode_text(iso.encode("iso8859_13")) == iso
    windows = "Ķemeru biedrība „Zaļais ceļš“ organizēja pārgājienu ģimenēm."  # the same quotes at other bytes
    assert decode_text(windows.encode("cp1257")) == windows


def test_a_letter_spaced_heading_is_read_as_its_words():
    """A poster's heading with each glyph placed apart (Canva, InDesign) came out "P A A U D Ž U T I L T I": no search
    found it (a design-tool PDF tester)."""
    from ingest.pdf import joined_letter_spacing

    document = read("letter_spaced.pdf")
    assert [(block.kind, block.text) for block in document.blocks][0] == ("heading", "PAAUDŽU TILTI")
    assert joined_letter_spacing("S e n i o r u   k a f e j n ī c a Ludzā") == "Senioru kafejnīca Ludzā"
    # no word gap (a page spaced letter by letter stays garbled, and is OCR'd), a list of letters, grades, initials
    for kept in ("J a u n i e š i n o R ē z e k n e s", "a b c d", "A B C D E F", "A, B, C un D", "J. K. R.", "x  y  z"):
        assert joined_letter_spacing(kept) == kept


def test_normalize_text_cleans_extraction_leftovers():
    assert normalize_text("sadar-\nbība  un\u00a0kopiena") == "sadarbība un kopiena"
    assert normalize_text("Latvija-\nIgaunija") == "Latvija-\nIgaunija"  # a capital keeps the hyphen
    # a maths font's glyphs read as control codes are dropped; Word's line break (vertical tab) is one; pages stay
    assert normalize_text("x\x01\x1f = y\x7f\x9f\vz\fnext") == "x = y\nz\fnext"
    # a PDF title "Budget \u202egpj.exe" is shown as "Budget exe.jpg": the marks that force a direction are dropped
    assert normalize_text("Budget \u202egpj.exe \u2066x\u2069") == "Budget gpj.exe x"


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_a_secured_pdf_that_opens_without_a_password_is_read_and_one_that_needs_a_password_is_not(algorithm):
    import io

    from pypdf import PdfReader, PdfWriter

    def encrypted(user_password: str) -> bytes:
        writer = PdfWriter(clone_from=PdfReader(FIXTURES / "good.pdf"))
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)  # printing restricted
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    secured = read_document(encrypted(""), "pdf")
    assert secured.text == read("good.pdf").text
    with pytest.raises(UnreadableFile, match="^encrypted: needs a password$"):
        read_document(encrypted("slepens"), "pdf")
    # locked for the holders of certificates (Adobe's public-key security), not by a password: was "corrupt"
    with pytest.raises(UnreadableFile, match="^encrypted: needs the recipient's key$"):
        read_document(encrypted("slepens").replace(b"/Standard", b"/Adobe.PubSec"), "pdf")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_and_binary_is_still_refused(encoding):
    text = "Biedrība rīkoja talku Ozolainē.\nОбщество провело субботник в Резекне.\n"
    assert decode_text(text.encode(encoding)) == text
    with pytest.raises(UnreadableFile, match="binary content"):
        decode_text((FIXTURES / "binary.txt").read_bytes())
    with pytest.raises(UnreadableFile, match="binary content"):
        decode_text(bytes(range(256)) * 16)


def test_a_two_column_form_is_read_as_label_and_text_and_a_table_with_a_header_row_by_its_columns():
    from ingest.tables import table_blocks

    form = [["Koris", "Ukraiņu un latviešu koris dzied kopā katru ceturtdienu un palīdz jaunpienācējiem."],
            ["Vieta", "Daugavpils bibliotēka"]]  # fmt: skip
    assert [b.text for b in table_blocks(form, 3)] == [
        "Koris: Ukraiņu un latviešu koris dzied kopā katru ceturtdienu un palīdz jaunpienācējiem.",
        "Vieta: Daugavpils bibliotēka",
    ]
    table = [["Aktivitāte", "Vieta"], ["Keramikas darbnīca", "Preiļi"]]
    assert [b.text for b in table_blocks(table, 3)] == ["Aktivitāte: Keramikas darbnīca; Vieta: Preiļi"]
    # a first row of text is no header: its sentence was lost, its cells made labels ("1. diena: 2. diena")
    schedule = [["1. diena", "Dalībnieki apmeklēja biedrības kafejnīcu, kur seniori tiekas katru otrdienu.", "Foto"],
                ["2. diena", "", "Foto 2"]]  # fmt: skip
    assert [b.text for b in table_blocks(schedule, 3)] == [" | ".join(schedule[0]), "2. diena | Foto 2"]
    side_by_side = [["Biedrība īrē telpas, un pašvaldība sedz īres maksu.",
                     "Mājās plānojam atvērt tādu pašu kafejnīcu arī mūsu pagastā."]]  # fmt: skip
    assert [b.text for b in table_blocks(side_by_side, 3)] == [" | ".join(side_by_side[0])]  # not "...maksu.: Mājās"


def test_a_leaflets_latvian_column_beside_its_russian_one_is_read_a_column_after_the_other_and_cut_by_language():
    """A Latgale health day's leaflet (a table: Latvian | Russian, row by row) was one passage tagged Russian: the
    Latvian filter lost it and its card mixed the two languages."""
    import docx

    from ingest.pipeline import prepare_document
    from kb.settings import Settings

    rows = [("Biedrība aicina uz Veselības dienu Krāslavas kultūras namā 20. aprīlī.",
             "Общество приглашает на День здоровья в Краславский дом культуры 20 апреля."),
            ("Bezmaksas asinsspiediena mērījumi un ārstes konsultācijas visiem apmeklētājiem.",
             "Бесплатное измерение давления и консультации врача для всех посетителей."),
            ("Sākums plkst. 10.00, ieeja brīva, līdzi ņemiet ērtus apavus.",
             "Начало в 10.00, вход свободный, возьмите с собой удобную обувь.")]  # fmt: skip
    leaflet = docx.Document()
    table = leaflet.add_table(rows=len(rows), cols=2)
    for cells, texts in zip(table.rows, rows):
        for cell, text in zip(cells.cells, texts):
            cell.text = text
    out = io.BytesIO()
    leaflet.save(out)
    assert [b.text for b in read_document(out.getvalue(), "docx").blocks] == [lv for lv, _ in rows] + [ru for _, ru in rows]
    passages = prepare_document(out.getvalue(), "docx", "d", "leaflet", Settings().split).passages
    assert [passage.language for passage in passages] == ["lv", "ru"]
    # tables in one script are read as before (test_a_two_column_form_is_read_as_label_and_text_...), and so are
    # two scripts side by side that are no translation: names beside roles, a glossary's words keep their pairs
    from ingest.tables import table_blocks

    roles = [["Dalībnieks", "Роль"], ["Jānis Bērziņš", "руководитель группы"], ["Olga Ivanova", "переводчик"]]
    assert [b.text for b in table_blocks(roles, 1)] == ["Dalībnieks: Jānis Bērziņš; Роль: руководитель группы",
                                                        "Dalībnieks: Olga Ivanova; Роль: переводчик"]  # fmt: skip


def test_a_sentence_ocr_broke_with_a_blank_line_stays_one_paragraph():
    ocr_lines = ["Tur vietējie amatnieki vada adīšanas un", "pīšanas darbnīcas, un apmeklētāju skaits", "",
                 "gada laikā pieauga no 12 līdz 40 cilvēkiem.", "", "Jauniešu brīvprātīgie pavasarī iestādīja", "",
                 "ābeļdārzu pie vecās skolas."]  # fmt: skip
    assert [(block.kind, block.text) for block in blocks_from_lines(ocr_lines, 1)] == [
        ("paragraph", "Tur vietējie amatnieki vada adīšanas un pīšanas darbnīcas, un apmeklētāju skaits gada laikā "
                      "pieauga no 12 līdz 40 cilvēkiem."),
        ("paragraph", "Jauniešu brīvprātīgie pavasarī iestādīja ābeļdārzu pie vecās skolas."),
    ]  # fmt: skip
    # an overview tester's TXT reports: a title line standing alone is no sentence left open
    report = ["Mācību kurss Itālijā: brīvprātīgo iesaiste", "", 'biedrība "Zaļā sēta", Rēzekne',
              "Biedrība dibināta 2008. gadā un darbojas Rēzeknē un tās apkārtnē, kur rīko nodarbības senioriem.",
              "Programma: Erasmus+ KA1 mācību mobilitāte", "Projekta numurs: 2019-1-LV01-KA104-060231", "",
              "Piecas dienas dalībnieki mācījās, kā piesaistīt brīvprātīgos un kā viņus noturēt ilgāk par gadu.",
              "Uzņēmēji dalījās pieredzē par brīvprātīgo motivāciju, atzinību un pienākumu sadali komandā."]
    assert [block.text for block in blocks_from_lines(report, None)][0] == "Mācību kurss Itālijā: brīvprātīgo iesaiste"
    # on a later page a short line is no title: the sentence OCR broke stays whole under a long footer
    footer = "Projektu līdzfinansē Eiropas Savienība. Pausts vienīgi autoru viedoklis, kas ne vienmēr atspoguļo Eiropas " * 2
    page = ["Pavasarī biedrība atvēra kopienas darbnīcu, un tajā regulāri pulcējās apmeklētāju skaits", "",
            "gada laikā pieauga no 12 līdz 40 cilvēkiem.", "", footer]
    assert blocks_from_lines(page, 2)[0].text.endswith("pieauga no 12 līdz 40 cilvēkiem.")
    titled = ["Ievads", "", "šis pārskats ir par 2023. gadu.", "", "Rezultāti:", "", "a) jauni biedri"]
    assert [block.kind for block in blocks_from_lines(titled, 1)] == ["heading", "paragraph", "heading", "list_item"]
