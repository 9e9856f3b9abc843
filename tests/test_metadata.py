"""Metadata a user filters and cites by: titles, project numbers, years, organisations, countries, places."""

from pathlib import Path

import pytest
from conftest import FIXTURES

from ingest.dates import date_years, find_background_years, find_dates, find_project_years, find_years
from ingest.gazetteer import country_of_place, find_countries, find_places
from ingest.organisations import find_organisations, find_partners
from ingest.pipeline import prepare_document
from ingest.place_roles import find_countries_by_role, find_places_by_role
from ingest.programmes import find_programmes
from ingest.project_numbers import find_project_numbers
from ingest.split import SplitSettings
from ingest.text import normalize_text

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def seed(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed document {path} is not available on this machine")
    return path.read_text(encoding="utf-8")


# --- project numbers


def test_erasmus_number_after_label_and_with_pdf_spaces():
    text = "Projekts Nr.2023-1-LV01-KA122-ADU-000141852. Atkārtoti: 2023-1-LV01- KA122-ADU-000141852"
    assert find_project_numbers(text) == ["2023-1-LV01-KA122-ADU-000141852"]


def test_an_erasmus_number_ocr_misread_is_cited_as_printed():
    """A scan's OCR reads the zero of "LV01" as the letter O (a tester's citation named "2020-1-LVO1-KA104-077123",
    a project that does not exist); only the code's digit places are read back as digits."""
    text = "Projekts Nr. 2020-1-LVO1-KA104-077123 un 2019-1-LV0l-KAl04-O60211; nav numurs: 2020-1-LVOX-KA104-077123"
    assert find_project_numbers(text) == ["2020-1-LV01-KA104-077123", "2019-1-LV01-KA104-060211"]
    # a space OCR put inside the sector: the number was missing from the card and the filter
    assert find_project_numbers("Projekts 2023-1-LV02-KA152-Y OU-000171717 notika") == ["2023-1-LV02-KA152-YOU-000171717"]


def test_other_programmes_numbers_need_a_label():
    text = (
        "Projekta nr. 2016-3-LV02-KA105-001234; ERAF Nr. 1.1.1.1/16/A/123; "
        "līgums Nr. SIF 2019.LV/ĪUMP/01. Bez norādes: 1.1.1.1/16/A/999"
    )
    assert find_project_numbers(text) == ["2016-3-LV02-KA105-001234", "1.1.1.1/16/A/123", "SIF 2019.LV/ĪUMP/01"]


def test_an_organisation_named_under_its_label_but_not_a_rating_of_how_things_were_organised():
    """"Organizācija" is also how an event was organised: feedback forms rate it, and the ratings became a report's
    organisation, its citation and a filter value (a review of this change)."""
    from ingest.organisations import find_labelled_organisations

    names = ["Organizācija: Kylätoiminta ry", "Organisation: Irish Rural Link", "Organizācija: Biedrība „Lauku ceļotājs”",
             "Organisation – ESTO", "Organizācija: Asociația Dor de Sat"]  # fmt: skip
    assert find_labelled_organisations("\n".join(names)) == [
        "Kylätoiminta ry", "Irish Rural Link", "Lauku ceļotājs", "ESTO", "Asociația Dor de Sat"]  # fmt: skip
    ratings = ["Organizācija: ļoti laba, uzņēmēji bija labi sagatavojušies", "Organization - 5 out of 5",
               "Organisation: Excellent", "Organizācija: Ļoti laba", "Организация: всё было хорошо",
               "Organisation: Very Good"]  # fmt: skip
    assert [find_labelled_organisations(rating) for rating in ratings] == [[]] * len(ratings)
    assert find_organisations("Organizācija: ļoti laba, viss notika laikā") == []


def test_english_and_russian_labels():
    text = "Project number: AMIF/2017/1.1. Проект № 2020-1-LV01-KA104-077812."
    assert find_project_numbers(text) == ["AMIF/2017/1.1", "2020-1-LV01-KA104-077812"]


def test_dates_phone_numbers_and_short_numbers_are_not_project_numbers():
    text = "Tikšanās Nr. 18.07.2016. Tālr. nr. 26-334-378, tālrunis +37126334378, Nr. 5, Nr. 2-3."
    assert find_project_numbers(text) == []
    assert find_project_numbers("the number 31-bit integer; Nr. 2025/7") == ["2025/7"]  # a table row of a paper: no number
    # a court case's, a law's, a regulation's (a tester's minutes were "project 2010-56-03" from a case they cited)
    cited = "spriedumā lietā Nr. 2010-56-03; MK noteikumi Nr. 1.2-3/456; Likums Nr. 123-45; tiesas lieta Nr. A420-1234/20"
    assert find_project_numbers(cited + "; projekts Nr. 1.1.1.1/16/A/123") == ["1.1.1.1/16/A/123"]


# --- years


def test_years_from_latvian_dates_and_ranges():
    text = "2016.gada jūlijā; 18.07.2016; mācību gads 2023/2024; (2021/2022)"
    assert find_years(text) == [2016, 2021, 2022, 2023, 2024]


def test_two_digit_years_amounts_and_out_of_range_numbers_are_not_years():
    text = "Laiks: 01.06.23. -31.05.24. Budžets 2000 EUR, tālr. +37126334378, 1989, 2040, 200 000 EUR"
    assert find_years(text) == []


def test_a_forms_lengths_regulations_and_programme_periods_are_no_years_of_its_project():
    """A national-agency tester's year filter listed 2000 for every form ("Maksimums 2000 rakstzīmes"), 2016 and 2018
    for the data-protection paragraph's regulations, and every card 2021-2027, the programme's period."""
    form = ("Erasmus+ programma 2021-2027. Noslēguma ziņojums. Maksimums 2000 rakstzīmes. Dati tiek apstrādāti saskaņā "
            "ar Regulu (ES) 2016/679 un Regulu (ES) 2018/1725. Mobilitāte notika 2023. gada maijā.")  # fmt: skip
    assert find_background_years(form) == [2023]
    assert find_project_years(form) == [2023]
    assert find_project_years("Interreg V-A 2014-2020 programmas projekts (2019/2020)") == [2019, 2020]
    assert find_project_years("Erasmus+ projekts 2022/2023, max 2500 characters") == [2022, 2023]  # a project's period
    # a review's: an event's programme, a regulation numbered the old way, a word after a year
    assert find_project_years("Pasākumu programma 2023-2024: koncerti un darbnīcas.") == [2023, 2024]
    assert find_background_years("Regula (ES) Nr. 1303/2013. Projekta zīmols tapa 2020 zīmolu konkursā.") == [2020]
    assert find_background_years("Projektas vyko nuo 2022 iki 2023 metų.") == [2022, 2023]  # from ... to


# --- organisations


def test_latvian_legal_forms_with_quoted_and_bare_names():
    text = (
        'Biedrība ESTO. Projekta īstenotājam - biedrībai ESTO. Biedrības "Balkānu zieds" valde. '
        "Ēnošana biedrībā Prata de Buarcos, nodibinājums „Zaļā Gaisma”."
    )
    assert find_organisations(text) == ["ESTO", "Balkānu zieds", "Prata de Buarcos", "Zaļā Gaisma"]


def test_english_and_russian_organisations():
    text = (
        'Association XYZ\nThe foundation "Youth for Europe" and NGO Open Doors. '
        "общественная организация «Мост» и фонд «Открытая Латвия»"
    )
    assert find_organisations(text) == ["XYZ", "Youth for Europe", "Open Doors", "Мост", "Открытая Латвия"]
    # a name's particles: a tester's French practice was cited as "Terre"
    particles = "Association Terre d’Ardèche; Association Terre des Hommes"
    assert find_organisations(particles) == ["Terre d’Ardèche", "Terre des Hommes"]
    russian = "Объединение «Латгальские дороги», биедриба «Ludzas jaunatne», клуб «Серебряный возраст»; в союзе с Литвой"
    assert find_organisations(russian) == ["Латгальские дороги", "Ludzas jaunatne", "Серебряный возраст"]


def test_a_partners_own_legal_form_and_an_english_name_ending_in_what_it_is_are_organisations():
    """A Finnish partner's letter was cited under the Latvian association it was addressed to, its own name unseen."""
    letter = (
        "Oulun Aikuiskoulutuskeskus / Oulu Adult Education Centre\nTo: Biedrība \"Lauku partnerība Sēlija\", Aknīste\n"
        "The Youth Council met in a Community Centre. Partners: Asociación Juvenil Horizonte (Valencia), Associação "
        "Cultural Fios de Tradição, MTÜ Käsitöö Kool, Alūksne Youth Council."
    )
    assert find_organisations(letter) == [
        "Oulu Adult Education Centre", "Lauku partnerība Sēlija", "Asociación Juvenil Horizonte",
        "Associação Cultural Fios de Tradição", "MTÜ Käsitöö Kool", "Alūksne Youth Council",
    ]  # fmt: skip


def test_generic_mentions_are_not_organisations():
    text = (
        "Biedrība apsaimnieko ēku. Biedrības pieredze NVO darbā. Latvijas Pašvaldību savienība. "
        "Finansējums no Sabiedrības integrācijas fonda. Lielākā biedrība Latvijā."
    )
    assert find_organisations(text) == []


def test_funds_count_only_with_a_quoted_name():
    assert find_organisations("Aktīvo iedzīvotāju fonds „Kopā”; Valsts Kultūrkapitāla fonda VKKF") == ["Kopā"]


# --- countries


def test_latvian_inflected_country_names():
    text = "Portugālē, Portugāles, Portugāli; Latvijā; Horvātijā; Vācijas; Igaunijas; Lietuvas; Brazīlijas"
    assert find_countries(text) == ["Portugal", "Latvia", "Croatia", "Germany", "Estonia", "Lithuania", "Brazil"]


def test_english_and_russian_country_names():
    text = "LATVIA and Bosnia and Herzegovina. Поездка в Португалию, из Латвии в Германию и Беларусь."
    assert find_countries(text) == ["Latvia", "Bosnia and Herzegovina", "Portugal", "Germany", "Belarus"]


def test_adjectives_continents_and_common_words_are_not_countries():
    text = "portugāļu valoda, vācu, Eiropa, Āfrikas, Āzijas valstis, malta kafija, Eiropas Savienība"
    assert find_countries(text) == []


# --- places


def test_latvian_places_in_any_case_form():
    text = "Rēzeknes novada Ozolaines pagastā, Latgalē, centrā Muceniekos, konference Rīgā, Daugavpilī un Cēsīs"
    assert find_places(text) == ["Rēzekne", "Ozolaine", "Latgale", "Mucenieki", "Rīga", "Daugavpils", "Cēsis"]


def test_foreign_cities_in_latvian_english_and_russian():
    text = (
        "Tallinā, Tallinn, Таллин; Viļņā, Вильнюс; uz Sarajevu; Briselē; Lisabona; Diseldorfa, Klēve; "
        "Horvātijā (Metkovič); Koimbras apgabala Figeira da Fosa; pie Figueras de Foz"
    )
    assert find_places(text) == [
        "Tallinn",
        "Vilnius",
        "Sarajevo",
        "Brussels",
        "Lisbon",
        "Düsseldorf",
        "Kleve",
        "Metković",
        "Coimbra",
        "Figueira da Foz",
    ]


def test_lowercase_words_that_spell_a_place_are_not_places():
    assert find_places("saldus ēdiens un lūdza palīdzību") == []


def test_a_place_whose_name_is_a_first_name_or_a_word_counts_only_where_it_is_a_place():
    """"Sofija" (a first name) put Bulgaria on a card, "Split the group" Croatia."""
    for text in ("Sofija vadīja darbnīcu Cēsīs.", "Split the participants into groups of four.", "София вела занятия.",
                 "Paldies Sofijai par darbnīcu.", "Uzaicinājām Sofiju vadīt nodarbību.", "Благодарим Софию за помощь."):
        assert "Sofia" not in find_places(text) and "Split" not in find_places(text), text
    assert find_places("Brauciens uz Sofiju, tad Splitā; we travelled to Split; встреча в Софии") == ["Sofia", "Split"]
    assert find_places("Mobility: Sofia, Bulgaria") == ["Sofia"]  # before its country


def test_latgale_towns_and_the_neighbours_across_the_border_in_russian():
    text = "Обмен опытом в Витебске и Полоцке, потом Краслава, Прейли, Аглона и Ливаны; семинар в Пскове"
    assert find_places(text) == ["Vitebsk", "Polotsk", "Krāslava", "Preiļi", "Aglona", "Līvāni", "Pskov"]
    assert [country_of_place(place) for place in ("Vitebsk", "Pskov", "Zarasai")] == ["Belarus", "Russia", "Lithuania"]


# --- the seed documents


def test_esto_mobility_report():
    text = seed("000_bd125eff34489209.txt")
    numbers = find_project_numbers(text)
    assert numbers[0] == "2023-1-LV01-KA122-ADU-000141852"
    assert {"2021-1-LV01-KA122-ADU-000018668", "2024-1-LV01-KA122-ADU-000231852"} <= set(numbers)
    assert find_organisations(text)[0] == "ESTO"
    assert "Prata de Buarcos" in find_organisations(text)
    assert {"Portugal", "Latvia"} <= set(find_countries(text))
    assert {"Rēzekne", "Latgale", "Coimbra", "Figueira da Foz"} <= set(find_places(text))
    assert {2010, 2021, 2022, 2023, 2024, 2025} <= set(find_years(text))


def test_balkanu_zieds_letter():
    text = seed("004_47a16740840e02b0.txt")
    assert find_organisations(text)[0] == "Balkānu zieds"
    assert find_countries(text) == ["Latvia", "Estonia", "Germany", "Lithuania", "Croatia"]
    assert set(find_places(text)) >= {
        "Mucenieki",
        "Rīga",
        "Tallinn",
        "Vilnius",
        "Sarajevo",
        "Metković",
        "Kleve",
        "Düsseldorf",
        "Brussels",
    }
    assert find_years(text) == [2016, 2017]
    assert find_project_numbers(text) == []


# --- titles and mojibake


def pdf_with_title(title: str) -> bytes:
    """The good fixture PDF with its metadata title replaced, as exporters write it."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(FIXTURES / "good.pdf"))
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "exported",
    ["Microsoft Word - LVVA PÄ€RSKATS_2017", "PowerPoint Presentation", "Slide 1", "Document1", "zala_seta_atskaite.docx",
     # Russian and partners' PowerPoint, a screenshot's file name, a scanner's job number (real files' titles)
     "Презентация PowerPoint", "Слайд 1", "PowerPoint-Präsentation", "Folie 1", "Presentación de PowerPoint",
     "Screenshot 2025-07-29 at 00.15.56.png", "S25C-0i25080113320", "(anonymous)", "untitled"],
)  # fmt: skip
def test_exporter_titles_give_way_to_the_documents_own_heading(exported):
    prepared = prepare_document(pdf_with_title(exported), "pdf", "doc", "zala_seta", SplitSettings())
    assert prepared.info.title == "Kopienas kafejnīca Ludzā"


def test_a_mojibake_title_is_repaired():
    title = "Arvīds Vītols: valdes sēdes protokols"
    mojibake = title.encode("utf-8").decode("cp1252")  # "ArvÄ«ds VÄ«tols: valdes sÄ“des protokols"
    prepared = prepare_document(pdf_with_title(mojibake), "pdf", "doc", "x", SplitSettings())
    assert prepared.info.title == title


def test_mojibake_in_the_text_is_repaired_and_clean_text_is_untouched():
    assert normalize_text("BiedrÄ«bas valdes sÄ“de") == "Biedrības valdes sēde"
    assert normalize_text("Ð‘Ð»Ð°Ð³Ð¾Ñ‚Ð²Ð¾Ñ€Ð¸Ñ‚ÐµÐ»ÑŒÐ½Ñ‹Ð¹ Ñ„Ð¾Ð½Ð´") == "Благотворительный фонд"
    clean = "Ä ir vācu burts; « » un „ ” ir pēdiņas; €50 — dalības maksa."
    assert normalize_text(clean) == clean


def test_a_quoted_name_broken_over_two_lines_stays_whole():
    text = 'Biedrības "Latvijas Vieglatlētikas\nveterānu asociācija" 2021. gada darbības pārskats'
    assert find_organisations(text) == ["Latvijas Vieglatlētikas veterānu asociācija"]


# --- what a practice card shows: the project's dates, years, partners, and where it happened


def test_dates_as_latvian_documents_write_them():
    assert find_dates("Projekta norises laiks un vieta: 01.06.23. -31.05.24., Portugāle") == ["01.06.23. -31.05.24."]
    assert find_dates("Aktivitātes mobilitātē 2024.gada 7. - 16.marts") == ["2024.gada 7. - 16.marts"]
    assert find_dates("5.projekta pasākums 2017.gada janvāris - konference Viļņā.") == ["2017.gada janvāris"]
    assert find_dates("6.projekta pasākums 22. -25.02.2017 – sarunu panelis") == ["22. -25.02.2017"]
    assert find_dates("versija 1.2.33, tālr. 26334378") == []
    assert find_dates("No 2023. gada 14. līdz 20. maijam bijām Somijā.") == ["2023. gada 14. līdz 20. maijam"]
    assert find_dates("no 2022. gada aprīļa līdz 2023. gada oktobrim") == ["2022. gada aprīļa līdz 2023. gada oktobrim"]
    mobility = "Mobilitāte notika no 2023. gada 14. maija līdz 20. maijam."
    assert find_project_years(mobility, "2022-1-LV01-KA122-ADU-000087421") == [2023]


def test_project_years_are_the_projects_not_every_year_named():
    profile = (
        "Biedrība ESTO. Dibināta: 2010.gadā Rēzeknes novadā. Kopš 2005.gada migrantu skaits aug.\n"
        "«Pieaugušo izglītība» Projekta nr. 2021-1-LV01-KA122-ADU-000018668 (2021/2022) "
        "«NVO iesaiste» Projekta nr. 2023-1-LV01-KA122-ADU-000141852 (2023/2024)\n"
        "Projekta norises laiks: 01.06.23. -31.05.24."
    )
    assert find_project_years(profile, "2023-1-LV01-KA122-ADU-000141852") == [2023, 2024]
    assert find_project_years("Kopā projekta laikā 2016/2017 ir paredzēts organizēt 7 pasākumus.") == [2016, 2017]
    assert find_background_years(profile) == [2021, 2022, 2023, 2024]  # not the foundation year 2010, nor "kopš 2005"


def test_a_funders_country_is_kept_apart_from_where_the_project_happened():
    funding = "Finansējuma avoti: Sabiedrības integrācijas fonds, ASV vēstniecība. Mobilitāte notika Portugālē."
    assert find_countries_by_role(funding) == (["Portugal"], ["United States"])
    origins = "Milzīga kultūru atšķirība - imigranti no Āfrikas, Āzijas valstīm, Brazīlijas. Brazīlijas valodas paveids."
    assert find_countries_by_role(origins) == ([], ["Brazil"])
    english = "Funded by the Embassy of the United States and Norway Grants; partners from Estonia and Lithuania."
    assert find_countries_by_role(english) == (["Estonia", "Lithuania"], ["United States", "Norway"])
    assert find_countries_by_role("Финансирование: посольство США. Встреча прошла в Эстонии.") == (["Estonia"], ["United States"])
    # a country named as a venue and as a funder is where the project happened
    assert find_countries_by_role("Konference Rīgā, Latvijā. Atbalsta Latvijas valdība.")[0] == ["Latvia"]
    assert find_places_by_role("Projekts tika iesniegts Eiropas Komisijai Briselē. Konference Rīgā.") == (["Rīga"], ["Brussels"])


def test_partners_as_the_text_names_them():
    text = (
        "Projekta partneris: Pašvaldība DE ALQUEIDAO FREGUESIA DE ALQUEIDÃO\n"
        "- uzņemošajā organizācijā - pašvaldībā De Alqueidao Freguesia de Alqueidão.\n"
        "Projektā ir iesaistīti 9 partneri no 5 valstīm - Latvijas, Lietuvas, Igaunijas, Horvātijas un Vācijas.\n"
        "kas vēlāk var kļūt par cita projekta partneriem\n- Partneris būs atsaucīgāks, ja komunikācija būs abpusēja."
    )
    assert find_partners(text) == [
        "Pašvaldība DE ALQUEIDAO FREGUESIA DE ALQUEIDÃO",
        "9 partneri no 5 valstīm - Latvijas, Lietuvas, Igaunijas, Horvātijas un Vācijas",
    ]
    assert find_partners("Host organisation: Associação Juvenil de Coimbra\nPartners from 3 countries took part.") == [
        "Associação Juvenil de Coimbra"
    ]


@pytest.mark.parametrize("name", ["IMG_20240312_101502", "WhatsApp Image 2024-03-12 at 10.15.02", "scan0007", "DSC01234 (1)"])
def test_a_picture_named_by_a_phone_or_scanner_is_titled_by_its_text(name):
    text = "Biedrība izsludināja konkursu par labāko kopienas iniciatīvu Krāslavas novadā; uzvarētāji saņems mazo grantu."
    prepared = prepare_document(text.encode(), "txt", "doc", name, SplitSettings())
    assert prepared.info.title == "Biedrība izsludināja konkursu par labāko kopienas iniciatīvu Krāslavas novadā…"
    assert prepare_document(text.encode(), "txt", "doc", "konkurss_2024", SplitSettings()).info.title == "konkurss_2024"


def test_a_page_counter_a_timestamp_a_slide_s_notes_or_a_tool_s_stamp_is_no_title():
    from ingest.enrich import document_title
    from ingest.types import Block, Document

    title = Block("Kopienas dārza atskaite 2023", "paragraph", 1)
    body = Block("Biedrība trešo gadu saimnieko kopienas dārzā Rēzeknes Ziemeļu mikrorajonā.", "paragraph", 1)
    for noise in ("1 of 9", "Lapa 2 no 7", "2011-12-19 10:20:04 AM", "✎ Pastāstīt par dārzu", "12 345 678,90"):
        document = Document("pdf", (Block(noise, "heading", 1), title, body), 1)
        assert document_title(document, "atskaite") == "Kopienas dārza atskaite 2023", noise
    stamped = Document("pdf", (title, body), 1, "Produced with a Trial Version of PDF Annotator - www.PDFAnnotator.com")
    assert document_title(stamped, "atskaite") == "Kopienas dārza atskaite 2023"
    for dated in ("Протокол № 5 от 12.03.2024", "Atskaite par periodu 01.01.2023.–31.12.2023.", "Budžets 2024–2025"):
        assert document_title(Document("pdf", (Block(dated, "heading", 1), body), 1), "atskaite") == dated
    wrapped = Document("docx", (body,), None, "Kopienas dārza\natskaite")
    assert document_title(wrapped, "atskaite") == "Kopienas dārza atskaite"  # one line
    for symbol in ("Kopienas dārza atskaite \uf04a", "Kopienas dārza atskaite ("):  # a Wingdings smiley, as read
        assert document_title(Document("odt", (body,), None, symbol), "atskaite") == "Kopienas dārza atskaite", symbol
    # a form's label, a table's row and an attached file's heading are no title of the document
    label = Block("Organizācijas nosaukums:", "heading", 1)
    assert document_title(Document("pdf", (label, title, body), 1), "atskaite") == "Kopienas dārza atskaite 2023"
    row = Block("Column1: 1; Column2: 2; Column3: 3", "table", 1)
    assert document_title(Document("xlsx", (row, body), 1), "tabula") == "tabula"
    annex = Block("Pielikums: dalībnieku saraksts", "heading", 1, attachment="dalibnieki.docx")
    assert document_title(Document("pdf", (body, annex), 1), "atskaite") == "atskaite"


def test_a_title_on_the_first_page_wins_over_a_later_page_s_heading():
    from ingest.enrich import document_title
    from ingest.types import Block, Document

    body = Block("Biedrība no 2023. gada oktobra organizēja bezmaksas latviešu valodas kursus bēgļiem.", "paragraph", 1)
    results = Block("Rezultāti / Результаты", "heading", 2)
    for opening in ("Latviešu valodas kursi Ukrainas bēgļiem Rēzeknē / Курсы латышского языка для беженцев в Резекне",
                    "Протокол собрания волонтёров Краслава, 20 февраля 2024 г."):  # wrapped; with a date  # fmt: skip
        document = Document("pdf", (Block(opening, "paragraph", 1), body, results), 2)
        assert document_title(document, "kursi") == opening
    assert document_title(Document("pdf", (body, results), 2), "kursi") == "Rezultāti / Результаты"  # no short opening
    cover = (Block("Good Practice Compendium:", "heading", 1), Block("Rural Europe 2023", "heading", 1))
    assert document_title(Document("pdf", (*cover, body, results), 2), "x") == "Good Practice Compendium: Rural Europe 2023"
    form = (Block("Projekta nosaukums:", "heading", 1), Block("Zaļā skola laukos", "heading", 1))  # a label and its answer
    assert document_title(Document("pdf", (*form, body), 1), "x") == "Zaļā skola laukos"


def test_countries_listed_as_funders_are_all_funders():
    """The EEA and Norway Grants' own wording put Iceland, Liechtenstein and Norway on every card they fund as where
    the project happened (a study visit to Germany listed under Norway)."""
    for text in (
        "Projektu finansē Islande, Lihtenšteina un Norvēģija ar EEZ un Norvēģijas grantu starpniecību.",
        "Aktīvo iedzīvotāju fonds – Islandes, Lihtenšteinas un Norvēģijas finansēta programma.",
        "The project is funded by Iceland, Liechtenstein and Norway through the EEA Grants.",
        "Проект финансируют Исландия, Лихтенштейн и Норвегия.",
    ):
        assert find_countries_by_role(text) == ([], ["Iceland", "Liechtenstein", "Norway"]), text
    # the words after a list speak for it only when its names agree: the venue stays a venue
    assert find_countries_by_role("Konference notika Latvijā un Norvēģijas fonds to finansēja.") == (["Latvia"], ["Norway"])
    assert find_countries_by_role("Mobilitāte notika Portugālē un Spānijā.") == (["Portugal", "Spain"], [])
    # a trip financed by someone went there; a country in the genitive before the word funds
    for text, country in (("Mobilitāte uz Portugāli finansēta no Erasmus+ līdzekļiem.", "Portugal"),
                          ("The job shadowing in Portugal financed by Erasmus+ brought back three methods.", "Portugal"),
                          ("Поездка в Литву финансировалась программой Erasmus+.", "Lithuania")):  # fmt: skip
        assert find_countries_by_role(text) == ([country], []), text
    assert find_countries_by_role("Norvēģijas finansēts projekts palīdzēja senioriem.") == ([], ["Norway"])
    for text in ("Iceland, Liechtenstein and Norway financed the project.", "Проект Исландии и Норвегии финансировался."):
        assert find_countries_by_role(text)[0] == [], text  # funders in English and Russian too


def test_where_visitors_came_from_is_not_where_the_project_happened():
    assert find_countries_by_role("Mūsu centrā strādāja brīvprātīgie no Spānijas un Francijas.") == ([], ["Spain", "France"])
    assert find_countries_by_role("Kafejnīcu apmeklēja tūristi no Lietuvas.") == ([], ["Lithuania"])
    assert find_countries_by_role("Volunteers from Spain and France worked in our centre.") == ([], ["Spain", "France"])
    assert find_countries_by_role("Partneri no Igaunijas, Lietuvas un Somijas.") == (["Estonia", "Lithuania", "Finland"], [])


def test_a_place_in_an_organisation_s_name_is_not_a_venue():
    text = "Biedrība „Tukuma novada kopiena” organizēja mācību vizīti uz Klēvi."
    assert find_places_by_role(text) == (["Kleve"], ["Tukums"])


def test_years_of_latvian_ranges_and_english_and_russian_dates():
    assert find_project_years("Projekts notika 2021.–2022. gadā.") == [2021, 2022]
    assert find_dates("Job shadowing in Split on 6-10 May 2023; the report is due March 12, 2024.") == [
        "6-10 May 2023", "March 12, 2024"]  # fmt: skip
    assert find_project_years("Стажировка прошла с 5 по 9 июня 2023 г.") == [2023]
    assert find_dates("Мобильность с 3 по 9 марта 2024 г., семинар с 28 февраля по 2 марта 2024 года, визит 1 сент. 2019") == [
        "с 3 по 9 марта 2024", "с 28 февраля по 2 марта 2024", "1 сент. 2019"]  # the first day kept  # fmt: skip
    assert find_dates("Лагерь «Маяк 2023», 1 мар. 2019") == ["1 мар. 2019"]  # "Маяк" is no May
    assert find_dates("Volunteers may 2023 be few") == []  # a verb, not a month


def test_solidarity_corps_numbers_and_the_programme_named_first():
    assert find_project_numbers("projekts 2022-2-LV02-ESC11-000034567, 2023-1-LV02-ESC30-SOL-000123456") == [
        "2022-2-LV02-ESC11-000034567", "2023-1-LV02-ESC30-SOL-000123456"]  # fmt: skip
    deck = "Eiropas Solidaritātes korpuss Alūksnē. Skolā pieauga interese par Erasmus+ apmaiņām."
    assert find_programmes(deck) == ["European Solidarity Corps", "Erasmus+"]
    russian = "Мобильность по программе Эразмус+, раньше «Европа для граждан», Интеррег и Европейский корпус солидарности"
    assert find_programmes(russian) == ["Erasmus+", "Europe for Citizens", "Interreg", "European Solidarity Corps"]
    assert find_programmes("Лидер группы и team leader Anna рассказали о проекте Эразмус+.") == ["Erasmus+"]
    assert find_programmes("Projekts LEADER programmā, проект ЛИДЕР") == ["LEADER"]  # the programme: in capitals


def test_partners_named_without_a_colon_sending_organisations_and_without_their_descriptions():
    assert find_partners("Принимающая организация — ассоциация «Viver Mais»") == ["ассоциация «Viver Mais»"]  # a dash
    assert find_partners("Mācību vizīte notika Porto, kur uzņēma partneris Associação Rede Local.") == ["Associação Rede Local"]
    assert find_partners("Host organisation: Udruga Mali Korak, a community centre for families") == ["Udruga Mali Korak"]
    assert find_partners("Uzņemošā organizācija: Tampereen Kansalaisopisto, pieaugušo izglītības centrs.") == [
        "Tampereen Kansalaisopisto"]  # fmt: skip
    assert find_partners("Nosūtošās organizācijas: Asociación Juvenil Sol, Association Jeunesse Lyon") == [
        "Asociación Juvenil Sol, Association Jeunesse Lyon"]  # fmt: skip
    for text in ("Tikāmies ar partneri Koimbras universitātē.", "Sadarbojamies ar partneriem Somijā. Viņi mūs uzņēma.",
                 "Meklējam partnerus Erasmus projektiem.", "Vadošais partneris Latvijā Tobijs Mūrs skaidroja."):
        assert find_partners(text) == [], text  # a place, a programme or a person, not a partner's name


def test_a_list_of_partners_keeps_every_partner_whose_legal_form_is_written_in_small_letters():
    """The description rule cut each list after its first partner ("..., nodibinājums „Atbalsts”" was a description)."""
    for text in ("Projekta partneri: biedrība „Zaļā māja”, nodibinājums „Atbalsts” un Krāslavas novada pašvaldība.",
                 "Partners: Udruga Mali Korak (Croatia), and Asociatia Curba de Cultura (Romania).",
                 "Партнеры: общество «Надежда», фонд «Развитие»"):  # fmt: skip
        assert find_partners(text) == [text.split(": ", 1)[1].rstrip(".")], text
    for text in ("Partneris: Jaunatnes centrs „Ozols”, pašvaldības iestāde",  # a description after all
                 "Partneris: biedrība „Zaļā skola”, un tās brīvprātīgie palīdzēja"):  # fmt: skip
        assert find_partners(text) == [text.split(": ", 1)[1].split(",")[0]], text


def test_a_street_named_after_a_town_is_no_place_and_a_legal_form_said_twice_still_names_its_organisation():
    """A Latgale association's card placed its Līvāni project in Riga, from its address "Rīgas ielā 77"; «Аистёнок»
    was not found in "Отчёт общества (biedrība) «Аистёнок»"."""
    from ingest.place_roles import find_places_by_role

    assert find_places_by_role("Biedrība atrodas Līvānos, Rīgas ielā 77. Adrese: Daugavpils šoseja 3.") == (["Līvāni"], [])
    assert find_places_by_role("Адрес: ул. Рига 5, Даугавпилс") == (["Daugavpils"], [])
    assert find_organisations("Отчёт общества (biedrība) «Аистёнок» за 2023 год") == ["Аистёнок"]
    assert find_places_by_role("Biedrība ielūdz uz Rēzekni; Līvānos ieliek pamatus") == (["Rēzekne", "Līvāni"], [])
    assert find_organisations("Biedrības (reģ. Nr. 40008000000) Valde nolēma") == []  # a bracket only before a quoted name


def test_a_latgalian_write_ups_association_and_date_are_found():
    """A Latgale tester's Latgalian event write-up had a card with no organisation and no date."""
    from ingest.dates import find_dates

    text = 'Biedreiba "Latgolys jaunīšu sabīdreiba" 2023 goda 18. novembrī Rēzeknē sarīkuoja pasuocīnu vokoru.'
    assert find_organisations(text) == ["Latgolys jaunīšu sabīdreiba"]
    assert find_dates(text) == ["2023 goda 18. novembrī"]


def test_a_ukrainian_documents_organisation_dates_countries_and_towns_are_found():
    """A refugee-integration association's Ukrainian reports had cards with no organisation, no date, and neither
    Єлгава (its own town) nor Харків, Латвія or Польща."""
    from ingest.dates import find_dates
    from ingest.gazetteer import find_countries
    from ingest.place_roles import find_places_by_role

    text = ("Протокол зборів 14 березня 2023 року. Громадська організація «Saules tilts» у Єлгаві допомагає біженцям з "
            "Харкова. Партнер у Польщі, стажування в Любліні з 1 лютого 2024.")
    assert find_organisations(text) == ["Saules tilts"]
    assert find_dates(text) == ["14 березня 2023", "1 лютого 2024"]
    assert find_countries(text) == ["Poland"] and find_countries("Латвії, Латвією") == ["Latvia"]
    assert find_places_by_role(text) == (["Jelgava", "Lublin"], ["Kharkiv"])  # where refugees came from is a mention


def test_a_russian_association_named_with_what_kind_it_is_is_its_organisation():
    """An overview tester's «Родник» was never found: its three reports were cited under their hosts' names."""
    assert find_organisations("Общество русской культуры «Родник», Даугавпилс") == ["Родник"]
    assert find_organisations("Отчёт Общественной организации ветеранов «Память» за 2022 год") == ["Память"]
    # what an organisation did is not what kind it is (a review found these named organisations)
    for text in ("Фонд поддержал проект «Мосты дружбы»", "Общество провело фестиваль «Славянский венок»",
                 "Союз писателей объявил премию «Золотое перо»", "Товариство організувало виставку «Діти війни»",
                 "Благодійний фонд передав гуманітарну допомогу «Нова пошта»", "общество и «Маяк»"):  # fmt: skip
        assert find_organisations(text) == [], text


def test_the_year_filter_knows_every_year_a_card_does_and_no_amount_or_phone_number():
    """A board member's year filter hid the 2023 minutes dated "12.05.23." and a "2019–2021" project's 2020, and
    offered 2034 and 2029 (phone numbers) and 2015 (a budget's "2015.00")."""
    from ingest.enrich import describe_document
    from ingest.types import Block, Document

    def years(text: str) -> tuple[int, ...]:
        return describe_document(Document("txt", (Block(text, "paragraph", None),)), "lv", "report").years

    assert years("Valdes sēde notika 12.05.23. Darba plāns 01.09.22.–31.08.23.") == (2022, 2023)
    assert years("Nordplus projekts 2019–2021 par ezeru monitoringu.") == (2019, 2020, 2021)
    assert years("Summa, EUR: 2015.00. Kontakti: tālr. 2034 5678, +371 2029 1144. Pārskats par 2024. gadu.") == (2024,)
    # a second review's: words beginning like a phone's label, a founding date, a national plan's period, a month
    for text in ("Erasmus+ mobilitāte 2023. gadā notika Portugālē.", "Pārcēlāmies uz jaunām telpām 2023. gadā.",
                 "We stayed at Hotel 2023 rooms.", "Biedrība dibināta 2005. gada 12. martā. Projekts notika 2023. gadā.",
                 "Nacionālajam attīstības plānam 2021.–2027. gadam atbilst mūsu 2023. gada projekts."):  # fmt: skip
        assert years(text) == (2023,), text
    assert years("Periods: 2023.10–2024.06.") == (2023, 2024)


def test_the_year_filter_lists_no_year_an_association_was_founded():
    """An overview tester's year filter went back to 1998 for reports of 2019-2025: every report said when its
    association was founded, and choosing 2005 brought a 2024 report."""
    from ingest.enrich import describe_document
    from ingest.types import Block, Document

    for text in ("The association was founded in 2013. The mobility took place in May 2023.",
                 "Общество основано в 1998 году. Поездка состоялась в 2023 году.",
                 "Організація заснована у 2014 році. Навчання відбулося у 2023 році.",
                 "Biedrība dibināta 2005. gadā. Mobilitāte notika 2023. gadā."):  # fmt: skip
        document = Document("txt", (Block(text, "paragraph", None),))
        assert describe_document(document, "lv", "report").years == (2023,), text
    # a year the project runs since, or a contest's, is the project's (a review found these left out)
    for text in ("Проєкт триває з 2023 року.", "Конкурс 2023 года собрал 40 участников.", "Since 2023 the club has met."):
        assert describe_document(Document("txt", (Block(text, "paragraph", None),)), "lv", "x").years == (2023,), text


def test_a_country_planned_for_the_next_project_is_only_mentioned():
    """An overview tester's cards filed a course in Bologna under Portugal, from "Nākamajā projektā vēlamies doties
    uz Portugāli": "which associations went to Portugal" had a wrong answer."""
    from ingest.place_roles import find_countries_by_role

    report = "Mācību kurss notika Boloņā, Itālijā. Nākamajā projektā vēlamies doties uz Portugāli."
    assert find_countries_by_role(report) == (["Italy"], ["Portugal"])
    assert find_countries_by_role("Next time we want to go to Spain. The course was in Italy.") == (["Italy"], ["Spain"])
    assert find_countries_by_role("Nākamajā dienā devāmies uz Portugāli.") == (["Portugal"], [])  # a day of the trip
    # the next mobility that took place is where the project went (a review found it only mentioned)
    for text in ("The first mobility was in Italy in March. The next mobility took place in Portugal in May 2023.",
                 "Pirmā mobilitāte notika Itālijā. Nākamā mobilitāte notika Portugālē 2023. gada maijā.",
                 "Первая поездка была в Италию, в следующий раз группа поехала в Португалию в мае."):  # fmt: skip
        assert find_countries_by_role(text) == (["Italy", "Portugal"], []), text


def test_the_host_cities_of_mobilities_are_places():
    """An overview tester's cards lacked the host city on 24 of 33 mobilities (Bologna, Seville, Évora, Galway, ...)."""
    from ingest.gazetteer import country_of_place
    from ingest.place_roles import find_places_by_role

    text = ("Mācību kurss notika Boloņā, pēc tam vizīte Seviļā un Évora. Partneri: Galway Rural Network (Galway), "
            "Associazione Ponte Aperto (Bari, Itālija). Noslēgumā vizīte Lublinā.")
    where, _ = find_places_by_role(text)
    assert where == ["Bologna", "Seville", "Évora", "Galway", "Bari", "Lublin"]
    assert [country_of_place(place) for place in where[:3]] == ["Italy", "Spain", "Portugal"]
    assert find_places_by_role("Putnu bari lidoja pāri laukiem.") == ([], [])  # "bari" (flocks) is a word too


def test_lithuanian_and_estonian_organisations_with_their_legal_forms():
    """A Baltic tester's Lithuanian and Estonian write-ups had their Latvian partner, or nothing, as organisation."""
    assert find_organisations("Organizacija: Asociacija „Ramygalos kaimo bendruomenė“, Panevėžio rajonas") == [
        "Ramygalos kaimo bendruomenė"
    ]
    assert find_organisations("Koordinatorius: VšĮ „Panevėžio bendruomenių rūmai“.") == ["Panevėžio bendruomenių rūmai"]
    assert find_organisations("Biržų rajono bendruomenė „Medaus kelias“ jungia ūkius.") == ["Medaus kelias"]
    assert find_organisations("Jonas Petrauskas, Asociacijos „Šilelis“ pirmininkas") == ["Šilelis"]
    assert find_organisations("Ramygalos kaimo bendruomenės centras atviras.") == []  # a village's community, no name
    karula = "Mittetulundusühing Karula Külakeskus"
    assert find_organisations(f"{karula}, Valgamaa, Eesti.") == [karula]
    assert find_organisations("Mittetulundusühingu Karula Külakeskus juhatus otsustas.") == [karula]  # its genitive
    assert find_organisations("Sihtasutus Valgamaa Arenguagentuur ja Valka novads") == ["Sihtasutus Valgamaa Arenguagentuur"]
    assert find_organisations("The SA Government funded it. SA Water Corporation provided venues.") == []  # "SA": no form
    assert find_organisations("MTÜ Võru Eakate Klubi, Võru, Eesti.") == ["MTÜ Võru Eakate Klubi"]
    assert find_organisations("Organisatsioon: Karula Külakeskus") == ["Karula Külakeskus"]
    assert find_organisations("Koordinatorius: Jonas Petrauskas") == []  # a coordinator may be a person


def test_a_lead_partner_is_the_author_and_no_partner():
    """The English joint report was credited to a partner: 'Lead partner: X' made X a partner."""
    text = "Lead partner: Vecumnieki Rural Development Centre, Latvia.\nPartners: Ramygala Village Community Association"
    assert find_organisations(text)[0] == "Vecumnieki Rural Development Centre"
    assert find_partners(text) == ["Ramygala Village Community Association"]


def test_lithuanian_and_estonian_dates_and_their_years():
    lithuanian = "Data: 2023 m. kovo 14 d. Jaunimo mainai vyks 2024 m. liepos 8–16 d. Anykščiuose; 2023-03-14."
    assert find_dates(lithuanian) == ["2023 m. kovo 14 d.", "2024 m. liepos 8–16 d.", "2023-03-14"]
    estonian = ("Koosolek toimus 19. septembril 2023. Noortevahetus 10.–18. juulil 2022. Ajavahemikul 1. septembrist 2022 "
                "kuni 31. maini 2023; aruanne märts 2023.")
    dates = find_dates(estonian)
    assert dates == ["19. septembril 2023", "10.–18. juulil 2022", "1. septembrist 2022", "31. maini 2023", "märts 2023"]
    assert [date_years(date) for date in dates] == [[2023], [2022], [2022], [2023], [2023]]
    assert find_dates("Send the main 2023 report by e-mail 2023") == []


def test_lithuanian_and_estonian_founding_years_are_no_project_years():
    assert find_background_years("Asutatud 2011. aastal. 2023. aastal toimus 98 üritust.", only_founding=True) == [2023]
    assert find_background_years("Asociacija įkurta 2005 m., įsteigta 2006 m. Projektas 2022 m.") == [2022]


def test_lithuanian_and_estonian_countries_and_places_in_their_cases():
    """Panevėžyje, Rokiškyje, Tartus, Lätis: none was found, 13 of a Baltic tester's 26 cards had no place."""
    assert find_countries("Lietuvoje, Latvijos ir Estijos, Suomijoje, Vokietijos") == [
        "Lithuania", "Latvia", "Estonia", "Finland", "Germany"]  # fmt: skip
    assert find_countries("Eestis, Lätist, Leedust, Soome, Saksamaal, Venemaale") == [
        "Estonia", "Latvia", "Lithuania", "Finland", "Germany", "Russia"]  # fmt: skip
    assert find_places("Panevėžyje, Rokiškyje, Biržų, Anykščiuose, Smiltenėje, Rygoje, Vecumniekuose") == [
        "Panevėžys", "Rokiškis", "Biržai", "Anykščiai", "Smiltene", "Rīga", "Vecumnieki"]  # fmt: skip
    assert find_places("Tartus, Võrru, Pärnust, Põlvas, Riias, Valgas ja Valkas, Rakveres, Kuressaares") == [
        "Tartu", "Võru", "Pärnu", "Põlva", "Rīga", "Valga", "Valka", "Rakvere", "Kuressaare"]  # fmt: skip
    assert find_places("Паневежисе") == ["Panevėžys"]


def test_the_place_of_a_planned_next_meeting_is_only_mentioned():
    """The Panevėžys minutes had the place Tartu (the next meeting's) and the Tartu minutes Valga and Valka."""
    minutes = "Vieta: Panevėžyje, Lietuvoje. Kitas partnerių susitikimas vyks Tartu, Estijoje, 2023 m. rugsėjo mėn."
    assert find_places_by_role(minutes) == (["Panevėžys"], ["Tartu"])
    protocol = "Koosolek toimus 19. septembril 2023 Tartus, Eestis. Järgmine kohtumine toimub Valgas ja Valkas 2024. aastal."
    assert find_places_by_role(protocol) == (["Tartu"], ["Valga", "Valka"])
