"""Scans and broken text layers: OCR with Tesseract, garbled-layer detection, the OCR cache, citations.

Fixtures (tests/fixtures/make_scan_fixtures.py): scan.pdf is three slides of the sample corpus as
JPEG page images with no text layer; stripped_layer.pdf is two slide images with invisible text
layers, the second stripped of its diacritics; phone_photo.heic is scan.pdf's second slide as an iPhone
stores a photo. The other pictures are drawn from scan.pdf by the tests. Tests that run Tesseract skip when it (or its
Latvian data) is missing; .ci/run installs it and sets KB_OCR_TEST=required, so there they fail.
"""

from __future__ import annotations

import difflib
import re
import shutil
import stat
import time
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, SHARED, HashingEmbedder, needs_tesseract
from hostile import pages_pdf, text_lines

from cli import cli
from ingest import ocr, ocr_pages, recover, skew
from ingest.ocr import OcrSettings
from ingest.quality import page_quality
from ingest.read import read_document
from kb.errors import OcrUnavailable, UnreadableFile
from kb.search import KnowledgeBase
from kb.settings import Settings
from kb.sync import sync_index
from kb.types import Hit

SEED = SHARED / "seeds" / "000_bd125eff34489209.txt"
# Where each page of scan.pdf (slides 2, 6 and 8) starts and ends in the seed.
SCAN_PAGES = [
    ("Biedrība ESTO", "Mājaslapa: biedribaslg.lv"),
    ("Kāpēc bija nepieciešams šis projekts?", "Aktivitātes mobilitātē 2024.gada 7. - 16.marts"),
    ("Projekta rezultāti:", "reģionam būtiskus jautājumus."),
]
INSTALL = "needs OCR: install tesseract-ocr tesseract-ocr-lav"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")  # fonts-dejavu-core, as the fixtures use


DEFAULT = OcrSettings()


def read(name: str, settings: OcrSettings | None = DEFAULT, **kwargs):
    return read_document((FIXTURES / name).read_bytes(), "pdf", ocr=settings, **kwargs)


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def seed_text(start: str, end: str) -> str:
    seed = SEED.read_text(encoding="utf-8")
    first = seed.index(start)
    return fold(seed[first : seed.index(end, first) + len(end)])


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("KB_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.slow
@needs_tesseract
def test_a_scan_is_read_back_to_the_seed_text_diacritics_included(fresh_cache):
    pages = []
    document = read("scan.pdf", on_page=lambda done, total: pages.append((done, total)))
    assert document.warnings == ("pages 1-3 read by OCR",)
    assert pages == [(1, 3), (2, 3), (3, 3)]
    assert all(block.ocr for block in document.blocks)
    for number, (start, end) in enumerate(SCAN_PAGES, start=1):
        expected = seed_text(start, end)
        found = fold("\n".join(block.text for block in document.blocks if block.page == number))
        similarity = difflib.SequenceMatcher(None, expected, found, autojunk=False).ratio()
        assert similarity >= 0.97, f"page {number}: {similarity:.3f}\n{found}"
    text = document.text
    assert "Rēzeknes novada Ozolaines pagasta" in text and "reģionam būtiskus jautājumus" in text


@pytest.mark.slow
@needs_tesseract
def test_a_layer_stripped_of_diacritics_is_found_and_read_again(fresh_cache):
    document = read("stripped_layer.pdf")
    assert document.warnings == ("garbled text layer on page 2: read by OCR instead",)
    first = [block for block in document.blocks if block.page == 1]
    second = [block for block in document.blocks if block.page == 2]
    assert not any(block.ocr for block in first)  # the good layer is kept as it is
    assert all(block.ocr for block in second)
    assert "biedrībai ESTO īstenotais projekts palīdzēs" in " ".join(block.text for block in second)


@pytest.mark.slow
@needs_tesseract
def test_a_page_in_latgalian_which_the_word_list_lacks_keeps_its_exact_text_when_ocr_reads_it_alike(fresh_cache):
    """A Latgale association's write-up PDF was "garbled text layer: read by OCR instead", its perfect text swapped for
    OCR's "Skoluotuoji" (every citation's title too, every hit marked OCR)."""
    import pypdf

    layer = pypdf.PdfReader(FIXTURES / "latgalian.pdf").pages[0].extract_text()
    assert page_quality(layer).garbled  # by its words: OCR must tell
    document = read("latgalian.pdf")
    assert document.warnings == ()
    assert not any(block.ocr for block in document.blocks)
    assert "Školuotuoji lasēja latgaļu pasuocīnus" in document.text and document.blocks[0].text == "Pasuocīnu vakars Rēzeknē"


def test_a_scan_in_a_partner_s_language_names_the_ocr_language_that_would_read_it():
    """A German letter OCR'd with lav+eng+rus reads "Mūnchen", "fiir" (Kreuzberg's image_only_german_pdf.pdf): the
    report names Tesseract's code and package."""
    from ingest.recover import _unused_language

    german = ("Sehr geehrte Damen und Herren, wir bedanken uns für die Gelegenheit zur Stellungnahme zum Entwurf des "
              "Archivgesetzes. Der Verband begrüßt die Zielsetzung, die Überlieferung der Vereine und Initiativen zu "
              "sichern, und bittet darum, die Anhörung der Verbände auch künftig frühzeitig vorzusehen.")  # fmt: skip
    latvian = seed_text(*SCAN_PAGES[1])
    assert _unused_language({1: german, 2: latvian, 3: german}, "lav+eng+rus") == ([1, 3], "deu")
    assert _unused_language({1: german}, "lav+eng+rus+deu") is None and _unused_language({2: latvian}, "lav+eng+rus") is None


def test_the_garbled_score_tells_broken_layers_from_good_text_and_leaves_other_languages_alone():
    good = fold(seed_text(*SCAN_PAGES[1]))
    stripped = good.translate(str.maketrans("āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ", "acegiklnsuzACEGIKLNSUZ"))
    mojibake = good.encode("utf-8").decode("cp1252", "replace")
    issue = (
        'Biedrlbas "Lafuijas VieglatlEtikas veteriinu asociiicija" 2021. gada parskats par 202Lgada darblbu, '
        "biedru sapulcem, sacensibam un valdes lemumiem, ka ari finansu parskats un revidenta atzinums"
    )
    lithuanian = (
        "Asociacija organizavo seminarus jaunimui ir vyresnio amžiaus žmonėms, kuriuose dalyviai mokėsi "
        "bendradarbiauti su savivaldybe, rašyti projektus ir ieškoti partnerių užsienyje."
    )
    assert not page_quality(good).garbled
    assert page_quality(stripped).garbled and page_quality(mojibake).garbled and page_quality(issue).garbled
    assert page_quality(lithuanian).score < 0.64 and not page_quality(lithuanian).garbled
    assert not page_quality("Paldies par uzmanību!").garbled  # too short to judge
    # a font with no map to letters: pypdf gives each glyph's code (a real PDF's pages, Tagalog to langdetect)
    codes = "Working Papers on Information Systems\n" + "/g18/g152/g135/g148/g152/g139/g135/g153/g3/g145/g136/g3" * 40
    assert page_quality(codes).garbled and page_quality(codes).language == "unknown"
    # good layers a tester's real files had judged garbled, and OCR'd into junk: a page in scripts no list of these
    # languages knows (pypdf's multilang.pdf), and a table of genes and codes (PyMuPDF's test_2548.pdf)
    scripts = "English: Hello World Arabic: مرحبا بالعالم Russian: Привет, мир Chinese: 你好世界 Thai: สวัสดีชาวโลก " * 3
    genes = "Supplemental Figure 4A RAD51 NIHOVCAR3 OVCAR4 COV318 HEY1 COV504 Control MTOR PARPi mTORi+PARPi siRNA " * 3
    assert not page_quality(scripts).garbled and not page_quality(genes).garbled
    # a font map shifted by three codes ("neue Heizungsanlagen ersetzt werden können"): langdetect says German or
    # Vietnamese, but symbols stand between its letters, so the page is judged (Kreuzberg's non_ascii_text.pdf)
    shifted = "PHQH +HL]XQJVDQODJHQ HUVHW]W ZHUGHQ N|QQHQ ZRGXUFK VLFK QLFKWQXUGLH9HUVRUJXQJVVLFKHUKHLW\n" * 4
    assert page_quality(shifted).garbled
    # the same spaced letter by letter ("Multicolor Black" as "F n e m b \\ h e h k"; OCRmyPDF's cmyk.pdf): single
    # letters are no words, so nothing was judged; a heading spaced out on a good page stays good
    spaced = 'F n e m b \\ h e h k ; e Z \\ d I n k ^ ; e Z \\ d ! D 6 * ) ) " I n k ^ F Z ` ^ g m Z I n k ^ < r Z g\n' * 2
    assert page_quality(spaced).garbled and not page_quality(f"P R O J E K T S\n{good}").garbled
    # a table of contents' leaders are no spaced letters (a clean report's contents page was OCR'd into junk)
    contents = "\n".join(f"{title} - - - - - - - - - - - - - . . . . . . . . {page}" for page, title in enumerate(
        ["Ievads", "Projekta mērķi un uzdevumi", "Mobilitātes norise Portugālē", "Rezultāti", "Ieteikumi"], start=1))
    assert page_quality(f"Saturs\n{contents}\n{good}").broken == 0 and not page_quality(f"{contents}\n{good}").garbled
    # a table of candidates' and places' names (Camelot's vertical_header.pdf): judged garbled, and OCR'd into junk
    names = ("Number of Registered voters Poll Book Totals Brian Calley Patrick Colbeck Jim Hines Bill Schuette John "
             "James Sandy Pensler Jack Bergman Jim Stamas Sue Allor Melissa Cordes Alcona 963 439 Caledonia 923 393 "
             "Curtis 1026 349 Greenbush 1212 423 Gustin 611 180 Harrisville 1142 430 Hawes 884 293 Haynes 626 275")
    assert not page_quality(names).garbled
    # a Russian page a scanner app OCR'd in English (its default): langdetect says Croatian, and the words with
    # capitals inside were taken for codes, so the page was neither judged nor OCR'd again
    russian_as_latin = ("Otyët o neTHeM narepe\nJleTHMi narepb ana getei u3 YkpavHb u Jlatevun npowën 8 BeHTcnunce c 1 no "
                        "14 asrycta 2023 roga. YuacTBoBanu 38 getei. NaptHëp — o6wectBo «Mopckan 38e3ga». Bonxet narepa "
                        "6 750 espo. Ypok: sokaTHe AomKHbl roBopuTb Ha o60ux A3bIKaX.")  # fmt: skip
    assert page_quality(russian_as_latin).garbled
    tools = ("Digitālie rīki, ko izmantojām projektā\neTwinning, YouTube, LinkedIn, WhatsApp, TikTok, PowerPoint, OneDrive, "
             "SharePoint, WordPress, MailChimp, SurveyMonkey un JotForm palīdzēja sazināties ar dalībniekiem.")  # fmt: skip
    assert not page_quality(tools).garbled  # one capital inside: names, not Cyrillic read as Latin
    # a deck's title slide with a project number: "ADU" is an acronym, not "ādu" without its diacritics (LibreOffice's
    # export of a clean deck was judged garbled and OCR'd)
    title_slide = ("Zaļās prasmes lauku kopienām\n• Biedrība „Zaļā Sēta”\n• Erasmus+ KA122-ADU 2023-1-LV01-\n"
                   "KA122-ADU-000150011")  # fmt: skip
    assert page_quality(title_slide).damaged == 0 and not page_quality(title_slide).garbled


def test_ocr_that_keeps_too_few_words_to_judge_never_replaces_a_layer(monkeypatch):
    """A garbled-looking layer and OCR that read a table's rotated headers as junk of a few words: the junk scored
    1.0 (too short to judge) and replaced the layer."""
    layer = fold(seed_text(*SCAN_PAGES[1])).translate(str.maketrans("āčēģīķļņšūž", "acegiklnsuz"))
    monkeypatch.setattr(recover, "find_engine", lambda settings: ocr.Engine("tesseract", "5", "lav+eng+rus", ()))
    junk = "3 |5 Е a 8 s g Е = < 9 l Š Е\n" * 100  # as many letters as the layer, no word of two
    monkeypatch.setattr(recover, "ocr_pages", lambda data, pages, *args: {page: junk for page in pages})
    pages = recover.recover_pages(b"%PDF", [layer], DEFAULT)
    assert pages.texts == [layer] and pages.warnings == ("text on page 1 looks garbled, and OCR read it no better",)


def test_a_short_page_whose_layer_is_mojibake_is_read_by_ocr(monkeypatch):
    """A title slide's layer written by an exporter as UTF-8 read as Windows-1252 was too short to judge, and stayed
    "Kopienas dÄrza projekts GrobiÅÄ" in hits and cards."""
    page = "Kopienas dārza projekts Grobiņā: 22 ģimenes apstrādāja dobes"
    layer = page.encode("utf-8").decode("cp1252", "replace")
    assert page_quality(layer).words < 12 and page_quality(layer).garbled
    monkeypatch.setattr(recover, "find_engine", lambda settings: ocr.Engine("tesseract", "5", "lav+eng+rus", ()))
    monkeypatch.setattr(recover, "ocr_pages", lambda data, pages, *args: {number: page for number in pages})
    pages = recover.recover_pages(b"%PDF", [layer], DEFAULT)
    assert pages.texts == [page] and pages.warnings == ("garbled text layer on page 1: read by OCR instead",)
    junk = "3 |5 Е a 8 s g Е = < 9 l Š Е\n" * 10  # OCR that mends nothing leaves it
    monkeypatch.setattr(recover, "ocr_pages", lambda data, pages, *args: {number: junk for number in pages})
    assert recover.recover_pages(b"%PDF", [layer], DEFAULT).texts == [layer]
    assert not page_quality("Paldies par uzmanību!").garbled  # a short page without mojibake: not judged


def test_ocr_s_small_l_for_a_capital_i_is_mended_where_only_the_i_reads_as_a_word(monkeypatch):
    """A phone photo's "Ieguvumi" and "Ieteikums" came out "leguvumi" and "leteikums": no search for them found the page."""
    from ingest.quality import mend_capital_i

    read = "leguvumi: lepriekš minētā lapa. lranas revolūcija. labi leteikumi lauksaimniekiem, lāpa, lf"
    assert mend_capital_i(read) == "Ieguvumi: Iepriekš minētā lapa. Iranas revolūcija. labi Ieteikumi lauksaimniekiem, lāpa, lf"

    class Sheets:  # every page already in the cache: nothing drawn
        def close(self) -> None:
            pass

    monkeypatch.setattr(ocr_pages._PageCache, "get", lambda self, number: "Projekta leguvumi")
    engine = ocr.Engine("tesseract", "5", "lav+eng+rus", ())
    assert ocr_pages.ocr_pages(b"%PDF", [1], DEFAULT, engine, None, lambda data, dpi: Sheets()) == {1: "Projekta Ieguvumi"}


def test_a_page_pypdf_cannot_parse_is_read_by_a_second_pdf_reader():
    """A page whose content stream has a token pypdf refuses (Apache Tika's testPDF_bad_page_303226.pdf: "Invalid
    Elementary Object") lost its text, or was OCR'd; PDFium reads past the token."""
    cafe = ["The association runs a small cafe in the old school building where seniors meet every week.",
            "Volunteers bake bread and the municipality pays for the heating of the rooms in winter.",
            "Young people from the village help the older members to use phones and the internet."]  # fmt: skip
    partners = ["Partners were found through personal contacts made at earlier European projects and seminars.",
                "A partner answers sooner when the interest and the communication go both ways, the members said."]  # fmt: skip
    data = pages_pdf([text_lines(partners), text_lines(cafe) + b"\nBT [628 FR 13674, Mar. 24, 197]N)Tj ET"])
    document = read_document(data, "pdf", ocr=None)
    assert document.warnings == ("text of page 2 read by a second PDF reader",)
    assert "municipality pays for the heating" in " ".join(block.text for block in document.blocks if block.page == 2)
    assert "personal contacts" in " ".join(block.text for block in document.blocks if block.page == 1)


def test_a_page_past_one_of_pypdf_s_limits_costs_only_that_page():
    """A number token longer than pypdf allows (64 characters) on a few pages of a journal article and a 429-page
    report (format-corpus govdocs1): the whole file was skipped as "too large when unpacked"."""
    partners = ["Partners were found through personal contacts made at earlier European projects and seminars."]
    cafe = ["The association runs a small cafe in the old school building where seniors meet every week."]
    data = pages_pdf([text_lines(partners), b"0." + b"1" * 100 + b" w\n" + text_lines(cafe)])
    document = read_document(data, "pdf", ocr=None)
    assert document.warnings == ("text of page 2 read by a second PDF reader",)
    assert [(block.page, block.text) for block in document.blocks] == [(1, partners[0]), (2, cafe[0])]
    flyer = read_document(pages_pdf([b"0." + b"1" * 100 + b" w\n" + text_lines(cafe)]), "pdf", ocr=None)  # one page
    assert [block.text for block in flyer.blocks] == cafe  # was "too large when unpacked"


def test_a_pdf_without_its_cross_reference_table_is_read_by_the_second_reader():
    """A hand-written or repaired PDF whose xref table and startxref are missing (pdfminer's simple1.pdf, qpdf's
    bad4.pdf): "corrupt PDF: startxref not found", though PDFium reads it; a PDF cut short stays corrupt."""
    import re

    data = pages_pdf([text_lines(["The association runs a small cafe where seniors meet every week.",
                                  "Volunteers bake bread and the municipality pays for the heating."])])  # fmt: skip
    without_xref = re.sub(rb"xref\n.*?trailer", b"trailer", data, flags=re.S).replace(b"startxref", b"%")
    document = read_document(without_xref, "pdf", ocr=None)
    assert document.warnings == ("damaged PDF: read by a second PDF reader",) and document.pages == 1
    assert "municipality pays for the heating" in document.text
    with pytest.raises(UnreadableFile, match="^corrupt PDF: "):
        read_document(data[: len(data) // 2], "pdf", ocr=None)


def test_a_layer_whose_words_mix_scripts_gives_way_to_a_reading_that_does_not():
    """A Korean CID font pypdf maps to letters of five scripts (Docling's skipped_2pages.pdf, Japanese slides of
    pdfminer's nlp2004slides.pdf): PDFium's reading of the page is taken. A formula's "nε" among hundreds of words, a
    glued page that the other reader spaces, and a reading that loses letters are judged as they should be."""
    from ingest.quality import mixed_scripts, reads_better, scripts

    junk = "78 *$5ӝ߸ࣿചীࠁې߷ܲٮউӝࣿ\u0a79ࠁݎҊࢲ\nࠁউ࠙ <Ӓࠁې߷> ܿউӝبࣿ\u0b79җ\u0a7f 미래보안기술 발전 방향성"
    korean = "78 ICT 기술변화에 따른 미래 보안기술 전망 보고서\n미래 국가 정보보안 기술 발전 방향 미래보안기술 발전 방향성"
    japanese_junk, japanese = "ίϯύϥΥϧͳ৽ฉࣄه͔Βͷ\nݻ༗දݱͷൃݟ\n৽ࢁ༞հ", "コンパラブルな新聞記事からの\n固有表現の発見\n新山 祐介"
    assert mixed_scripts(junk) >= 3 and mixed_scripts(korean) == 0 and mixed_scripts(japanese) == 0
    assert reads_better(junk, korean) and reads_better(japanese_junk, japanese)
    assert not reads_better(korean, junk) and not reads_better(junk, "78 ICT")  # the other reading lost letters
    # letters of three scripts and more, hardly a word mixing them (Miyazawa Kenji's poem in pdfminer's jo.pdf)
    poem_junk = "ɹɹং\nΘͨ͘͠ͱ͍;ݱ\u09c5\u0378၊ఆ͞Εͨ༗ަػྲྀి౯ͷͻͱͭͷ੨͍র໌Ͱ͢ớ͋ΒΏΔಁ໌ͳ༓ྶͷෳ߹ମỜ෩ܠ\u038dΈΜͳͱ͍ỳ͠Ỷʹͤ"
    poem = "\u3000みんなのおのおののなかのすべてですから）\n（すべてがわたくしの中のみんなであるやうに"
    assert scripts(poem_junk) >= {"GREEK", "ARABIC", "LATIN"} and scripts(poem) == {"CJK"}
    assert reads_better(poem_junk, poem)
    greeting = "English: Hello World Arabic: مرحبا بالعالم Russian: Привет, мир Chinese: 你好世界 Thai: สวัสดีชาวโลก "
    assert not reads_better(greeting, greeting)  # three scripts and more, read alike by both: kept
    proof = "Let n be the length of the sequence and ε the error of each step; then the bound holds. " * 12
    assert not reads_better(proof + " nε εn", proof + " n ε ε n")  # two mixed words in hundreds: nothing is wrong
    glued = "Chapter1\nWhatisEarthScience?\n" + ("Think of yourfavorite sciencefictionmovie. Whatisit about? Maybe "
             "itsabout spaceships goingto distantplanets, orpeople beingcloned inlaboratories, orundersea civilizations. ") * 3
    spaced = "Chapter 1\nWhat is Earth Science?\n" + ("Think of your favorite science fiction movie. What is it about? "
              "Maybe its about spaceships going to distant planets, or people being cloned in laboratories, or undersea "
              "civilizations. ") * 3
    assert page_quality(glued).garbled and reads_better(glued, spaced) and not reads_better(spaced, glued)


def test_ocr_languages_written_as_lang_writes_them_are_tesseract_s():
    """--ocr-languages lv+ru said "install tesseract-ocr tesseract-ocr-lv tesseract-ocr-ru", packages that do not
    exist: Tesseract names languages with three letters."""
    assert OcrSettings(languages="lv+ru").languages == "lav+rus" and OcrSettings(languages="LV+de").languages == "lav+deu"
    assert OcrSettings(languages="lav+eng+chi_sim").languages == "lav+eng+chi_sim"
    with pytest.raises(OcrUnavailable, match="install tesseract-ocr tesseract-ocr-lav tesseract-ocr-rus$"):
        ocr.find_engine(OcrSettings(languages="lv+ru", command="/nonexistent/tesseract"))


def test_a_broken_program_named_tesseract_is_reported_not_raised(tmp_path):
    """pytesseract exits the program on a version it cannot parse: asked in the sync's own process (files waiting for
    OCR), it ended `kb ingest` for every file."""
    broken = tmp_path / "tesseract"
    broken.write_text("#!/bin/sh\necho 'tesseract from another vendor'\n")
    broken.chmod(0o755)
    assert ocr.lacking(OcrSettings(command=str(broken))).endswith("reinstall tesseract-ocr")
    with pytest.raises(OcrUnavailable, match="^tesseract does not run"):
        ocr.find_engine(OcrSettings(command=str(broken)))


def test_without_tesseract_pages_are_reported_with_the_install_command(monkeypatch):
    missing = OcrSettings(command="/nonexistent/tesseract")
    with pytest.raises(UnreadableFile, match=f"^no text layer: {INSTALL}"):
        read("scan.pdf", missing)
    document = read("stripped_layer.pdf", missing)  # the layer is kept, with the warning
    assert document.warnings[0].startswith(f"garbled text layer on page 2: {INSTALL}")
    assert not any(block.ocr for block in document.blocks)
    monkeypatch.setattr(ocr.shutil, "which", lambda command: None)
    with pytest.raises(UnreadableFile, match=INSTALL):
        read("scan.pdf")
    with pytest.raises(UnreadableFile, match="^no text layer: needs OCR$"):  # OCR not asked for: as before
        read("scan.pdf", None)


@pytest.mark.slow
def test_a_missing_tesseract_skips_the_scan_and_the_batch_goes_on(tmp_path, fake_embedder):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("scan.pdf", "good.pdf"):
        shutil.copy(FIXTURES / name, folder / name)
    limits = replace(Settings().read, ocr=OcrSettings(command="/nonexistent/tesseract"))
    result = sync_index([folder], Settings(index_dir=tmp_path / "index", read=limits), fake_embedder)
    reports = {Path(report.source).name: report for report in result.reports}
    assert reports["scan.pdf"].status == "skipped" and INSTALL in reports["scan.pdf"].warnings[0]
    assert reports["good.pdf"].status == "new"


@pytest.mark.slow
@needs_tesseract
def test_a_file_read_before_tesseract_was_installed_is_read_again_once_it_is(tmp_path, fake_embedder, fresh_cache):
    """A phone scanner's PDF indexed with its junk layer stayed so after Tesseract was installed: "unchanged", and
    the report still said to install it."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(FIXTURES / "stripped_layer.pdf", folder / "skenets.pdf")
    without = Settings(index_dir=tmp_path / "index", read=replace(Settings().read, ocr=OcrSettings(command="/nonexistent/x")))
    [first] = sync_index([folder], without, fake_embedder).reports
    assert first.status == "new" and INSTALL in first.warnings[0]
    [again] = sync_index([folder], without, fake_embedder).reports
    assert again.status == "unchanged"  # still missing: nothing read again
    [installed] = sync_index([folder], replace(without, read=Settings().read), fake_embedder).reports
    assert installed.status == "updated" and installed.warnings == ("garbled text layer on page 2: read by OCR instead",)
    [after] = sync_index([folder], replace(without, read=Settings().read), fake_embedder).reports
    assert after.status == "unchanged"
    # OCR'd without one language, then Tesseract gone: not read again (it would lose its OCR)
    lacking_one = replace(without, read=replace(Settings().read, ocr=OcrSettings(languages="lav+eng+fin")))
    [partly] = sync_index([folder], lacking_one, fake_embedder, rebuild=True).reports
    assert partly.warnings[-1] == "OCR without fin: install tesseract-ocr-fin"
    [gone] = sync_index([folder], without, fake_embedder).reports
    assert gone.status == "unchanged" and gone.warnings == partly.warnings


@pytest.mark.slow
@needs_tesseract
def test_a_second_read_takes_the_text_from_the_cache(fresh_cache, monkeypatch):
    calls = []
    tesseract = ocr_pages._tesseract
    monkeypatch.setattr(ocr_pages, "_tesseract", lambda *args: calls.append(1) or tesseract(*args))
    first = read("scan.pdf")
    assert len(calls) == 3
    again = read("scan.pdf")
    assert len(calls) == 3 and again == first
    capped = read("scan.pdf", OcrSettings(max_pages=2))
    assert len(calls) == 3 and capped.warnings == ("pages 1-2 read by OCR", "page 3 not OCR'd: at most 2 pages a file")
    read("scan.pdf", OcrSettings(languages="lav"))  # other languages: another cache entry
    assert len(calls) == 6


@pytest.mark.slow
@needs_tesseract
def test_a_page_ocr_read_empty_once_is_read_again_next_time(fresh_cache, monkeypatch):
    """A page of 81 megapixels read empty once (a run short of memory) stayed empty from the cache for every ingest."""
    tesseract = ocr_pages._tesseract
    monkeypatch.setattr(ocr_pages, "_tesseract", lambda *args: "")
    with pytest.raises(UnreadableFile, match="no text layer, and OCR found no text"):
        read("scan.pdf")
    monkeypatch.setattr(ocr_pages, "_tesseract", tesseract)
    assert read("scan.pdf").warnings == ("pages 1-3 read by OCR",)


def test_a_citation_says_the_text_is_ocr():
    hit = Hit("d:0", "text", 1.0, "Gada pārskats", "docs/scan.pdf", 3, 3, "lv", "d", "", ("Biedrība X",), (), (), (), 1, 1)
    assert "OCR" not in hit.citation
    assert replace(hit, ocr=True).citation == "Gada pārskats — docs/scan.pdf, p. 3 (Biedrība X; OCR)"  # one bracket
    assert replace(hit, ocr=True).to_json()["ocr"] is True


@pytest.mark.slow
@needs_tesseract
def test_a_synced_scan_is_found_by_a_sentence_and_cited_as_ocr(tmp_path, fake_embedder, fresh_cache):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("scan.pdf", "good.pdf"):
        shutil.copy(FIXTURES / name, folder / name)
    settings = Settings(index_dir=tmp_path / "index")
    pages = []
    result = sync_index([folder], settings, fake_embedder, on_page=lambda *args: pages.append(args))
    reports = {Path(report.source).name: report for report in result.reports}
    assert reports["scan.pdf"].status == "new" and reports["scan.pdf"].pages == 3
    assert reports["scan.pdf"].warnings == ("pages 1-3 read by OCR",)
    assert pages[-1] == ("docs/scan.pdf", 3, 3)  # the workers' progress messages reach the caller
    knowledge_base = KnowledgeBase(settings.index_dir, fake_embedder)
    try:
        hits = knowledge_base.search("Latgales reģionā sabiedrības iniciatīvu grupas sekmīgi nesadarbojās", top_k=3)
        assert hits[0].source == "docs/scan.pdf" and hits[0].page <= 2 <= hits[0].page_end and hits[0].ocr
        assert hits[0].citation.endswith("2 (ESTO; OCR)")
        good = knowledge_base.search("kopienas kafejnīcu Ludzā", top_k=1)[0]
        assert good.source == "docs/good.pdf" and not good.ocr
    finally:
        knowledge_base.close()


@pytest.mark.slow
@needs_tesseract
def test_the_time_limit_runs_per_page_and_a_killed_read_leaves_no_tesseract(tmp_path, fake_embedder, fresh_cache):
    """Each page takes 4 s more than Tesseract needs: three pages (over 12 s together) pass an 8 s limit, one 10 s page
    does not. (Tesseract's own time may take up to 4 s a page on a loaded machine.)"""
    pids = tmp_path / "pids"
    slow = tmp_path / "slow-tesseract"

    def slow_tesseract(seconds: float) -> None:
        slow.write_text(
            "#!/bin/sh\n"
            'case "$1" in --*) exec tesseract "$@";; esac\n'  # --version, --list-langs: at once
            f"echo $$ >> {pids}\nsleep {seconds}\nexec tesseract \"$@\"\n"
        )
        slow.chmod(slow.stat().st_mode | stat.S_IEXEC)

    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(FIXTURES / "scan.pdf", folder / "scan.pdf")
    ocr_settings = OcrSettings(command=str(slow), jobs=1, dpi=150)
    settings = Settings(index_dir=tmp_path / "index", read=replace(Settings().read, seconds=8, ocr=ocr_settings))
    slow_tesseract(4)
    report = sync_index([folder], settings, fake_embedder).reports[0]
    assert report.status == "new" and report.warnings == ("pages 1-3 read by OCR",)

    shutil.rmtree(fresh_cache)
    slow_tesseract(10)
    report = sync_index([folder], settings, fake_embedder, rebuild=True).reports[0]
    assert report.status == "skipped" and report.warnings == ("took longer than 8 s to read",)
    time.sleep(0.2)
    assert not any(map(running, map(int, pids.read_text().split())))  # killed with the worker's process group


def running(pid: int) -> bool:
    """True while the process runs (a killed one may linger as a zombie until its new parent reaps it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.slow
@needs_tesseract
def test_kb_ingest_shows_ocr_progress_and_takes_the_languages_option(tmp_path, monkeypatch, fresh_cache):
    monkeypatch.setattr("kb.sync.load_embedder", lambda name: HashingEmbedder())
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(FIXTURES / "scan.pdf", folder / "scan.pdf")
    monkeypatch.setenv("KB_OCR_LANGUAGES", "lav+eng")
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--index", str(tmp_path / "index")])
    assert result.exit_code == 0, result.output
    assert "Reading files (OCR scan.pdf: page 3 of 3)" in result.output
    assert re.search(r"new\s+docs/scan.pdf\s+3 p\..*pages 1-3 read by OCR", result.output)
    assert list((fresh_cache / "ocr").glob("*/*/3.txt"))  # cached under the lav+eng key


@pytest.mark.slow
@needs_tesseract
@pytest.mark.parametrize("turned", [90, 180])
def test_a_page_scanned_sideways_or_upside_down_is_turned_and_read(fresh_cache, turned):
    import io

    import pypdfium2

    page = pypdfium2.PdfDocument(FIXTURES / "scan.pdf")[0]
    image = page.render(scale=150 / 72, grayscale=True).to_pil().rotate(turned, expand=True)
    pdf = io.BytesIO()
    image.save(pdf, "PDF", resolution=150)
    document = read_document(pdf.getvalue(), "pdf", ocr=DEFAULT)
    assert "Rēzeknes novada Ozolaines pagasta" in document.text


@pytest.mark.slow
@needs_tesseract
def test_a_scan_under_a_scanner_app_s_line_of_text_is_read_by_ocr(fresh_cache):
    """CamScanner and fax gateways write one real line of text over a scanned page: that line was the whole document,
    its title too, and the page was never OCR'd. Without OCR the report says the page needs it."""
    import io

    import pypdfium2
    from pypdf import PdfReader, PdfWriter

    picture = pypdfium2.PdfDocument(FIXTURES / "scan.pdf")[1].render(scale=150 / 72, grayscale=True).to_pil()
    writer, out = PdfWriter(clone_from=io.BytesIO(saved(picture, "PDF", resolution=150))), io.BytesIO()
    writer.pages[0].merge_page(PdfReader(io.BytesIO(pages_pdf([text_lines(["Scanned with CamScanner"])]))).pages[0])
    writer.write(out)
    document = read_document(out.getvalue(), "pdf", ocr=DEFAULT)
    assert page_similarity(document, 1, scanned=2) > 0.9 and document.warnings == ("page 1 read by OCR",)
    assert read_document(out.getvalue(), "pdf", ocr=None).warnings == ("no text layer: needs OCR",)


@pytest.mark.slow
@needs_tesseract
@pytest.mark.parametrize("turned", [90, 270])
def test_a_sideways_page_is_turned_before_its_slant_is_measured(monkeypatch, turned):
    """A Latvian page turned 270 degrees measured a slant of 4.5 degrees, and its reading turned by that kept 17 words
    of 136; so does each of scan.pdf's sideways pages when the slant finder is fooled so (here on purpose)."""
    import pypdfium2

    engine = ocr.find_engine(DEFAULT)
    measured = skew.skew_angle

    def fooled(image, limit=skew.MAX_SKEW, ink=None):
        return 4.5 if image.height > image.width else measured(image, limit, ink)

    for number in range(3):  # landscape slides: a sideways one is taller than wide
        upright = pypdfium2.PdfDocument(FIXTURES / "scan.pdf")[number].render(scale=150 / 72, grayscale=True).to_pil()
        expected = ocr_pages._tesseract(upright, engine, 150)
        monkeypatch.setattr(ocr_pages, "skew_angle", fooled)
        assert ocr_pages._tesseract(upright.rotate(turned, expand=True), engine, 150) == expected, number
        monkeypatch.setattr(ocr_pages, "skew_angle", measured)


# ---------------------------------------------------------------- pictures of pages (ingest/picture.py)


def scan_pictures(dpi: int = 150) -> list:
    """The three pages of scan.pdf as PIL pictures, as a scanner or a phone would save them."""
    import pypdfium2

    document = pypdfium2.PdfDocument(FIXTURES / "scan.pdf")
    try:
        return [document[number].render(scale=dpi / 72).to_pil() for number in range(len(document))]
    finally:
        document.close()


def saved(picture, kind: str, **options) -> bytes:
    import io

    out = io.BytesIO()
    picture.save(out, kind, **options)
    return out.getvalue()


def page_similarity(document, number: int, scanned: int | None = None) -> float:
    """How close the document's page `number` reads to scan.pdf's page `scanned` (the same number by default)."""
    expected = seed_text(*SCAN_PAGES[(scanned or number) - 1])
    found = fold("\n".join(block.text for block in document.blocks if block.page == number))
    return difflib.SequenceMatcher(None, expected, found, autojunk=False).ratio()


@pytest.mark.slow
@needs_tesseract
@pytest.mark.parametrize("slant", [-9, 12])
def test_a_letter_photographed_askew_is_straightened_and_read(fresh_cache, slant):
    from PIL import Image

    photo = scan_pictures(dpi=200)[0].convert("RGB").rotate(slant, expand=True, fillcolor="white", resample=Image.BICUBIC)
    document = read_document(saved(photo, "JPEG", quality=85), "jpeg", ocr=DEFAULT)  # Tesseract alone: no text
    assert page_similarity(document, 1) >= 0.97


NOTE = [  # a short notice, photographed with a phone on a dark table
    "Tālruņa fotogrāfija. Biedrība izsludināja konkursu par labāko kopienas iniciatīvu Krāslavas novadā.",
    "Uzvarētāji saņems mazo grantu piecsimt eiro apmērā savas idejas īstenošanai.",
]


def photo_of_note(slant: float) -> bytes:
    """The notice on an A4 sheet (300 dpi), photographed on a dark table at a slant, lit from the top left."""
    import textwrap

    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    sheet = Image.new("RGB", (2356, 3332), "white")
    draw, font, top = ImageDraw.Draw(sheet), ImageFont.truetype(str(FONT), 44), 210
    for paragraph in NOTE:
        for line in textwrap.wrap(paragraph, 80):
            draw.text((210, top), line, font=font, fill="black")
            top += 64
        top += 36
    table = Image.new("RGB", (3000, 4000), (70, 50, 35))
    tilted, outline = sheet.rotate(slant, expand=True), Image.new("L", sheet.size, 255).rotate(slant, expand=True)
    table.paste(tilted, ((3000 - tilted.width) // 2, (4000 - tilted.height) // 2), outline)
    rows, columns = np.mgrid[0:4000, 0:3000]
    light = (1.0 - 0.45 * (columns / 6000 + rows / 8000))[..., None]
    noisy = np.asarray(table, dtype=float) * light + np.random.default_rng(1).normal(0, 6, (4000, 3000, 3))
    photo = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.0))
    return saved(photo, "JPEG", quality=85)


@pytest.mark.slow
@needs_tesseract
@pytest.mark.parametrize("slant", [2, -8])
def test_a_note_photographed_on_a_dark_table_is_read_level_and_in_order(fresh_cache, slant):
    document = read_document(photo_of_note(slant), "jpeg", ocr=DEFAULT)
    read = difflib.SequenceMatcher(None, " ".join(NOTE), fold(document.text), autojunk=False).ratio()
    assert read >= 0.97, document.text


@pytest.mark.slow
@needs_tesseract
def test_a_short_notice_photographed_upside_down_is_turned_and_read(fresh_cache):
    """Too few words for the orientation detection: the notice was indexed as "warsiny nfurse1d O[e1781pP", read by OCR."""
    import io
    import textwrap

    from PIL import Image, ImageDraw, ImageFont

    liberation = Path("/usr/share/fonts/truetype/liberation")  # fonts-liberation, which Debian's chromium brings
    if not (liberation / "LiberationSerif-Regular.ttf").exists():
        pytest.skip("no Liberation fonts (apt-get install fonts-liberation)")
    notice = ('Biedrība "Vecpils skola" 2024. gada martā saņēma 3 300 EUR no Kurzemes plānošanas reģiona NVO fonda '
              "digitālo prasmju kursiem.")  # fmt: skip
    sheet = Image.new("RGB", (1240, 1754), (250, 249, 245))  # A4 at 150 dpi
    draw = ImageDraw.Draw(sheet)
    draw.text((124, 105), "Paziņojums", font=ImageFont.truetype(str(liberation / "LiberationSerif-Bold.ttf"), 41), fill="black")
    font = ImageFont.truetype(str(liberation / "LiberationSerif-Regular.ttf"), 32)
    for number, line in enumerate(textwrap.wrap(notice, 50)):
        draw.text((124, 178 + 46 * number), line, font=font, fill="black")
    photo = io.BytesIO()
    sheet.rotate(180).resize((1200, 1697)).save(photo, "JPEG", quality=80)
    document = read_document(photo.getvalue(), "jpeg", ocr=DEFAULT)
    assert "Kurzemes plānošanas reģiona" in fold(document.text), document.text
    # an upright page of few words that read as none is left as it reads: a table of figures was taken turned round
    figures, font = Image.new("L", (1240, 1754), 250), ImageFont.truetype(str(FONT.with_name("DejaVuSans.ttf")), 34)
    draw = ImageDraw.Draw(figures)
    for row in range(12):
        line = f"{row + 1}.   {1200 + 37 * row:>6}   {430 + 11 * row:>5}   {1630 + 48 * row:>6}"
        draw.text((150, 150 + 60 * row), line, font=font, fill=0)
    assert "1200 430 1630" in ocr_pages._tesseract(figures, ocr.find_engine(DEFAULT), 150)  # (no words: no document of its own)


@pytest.mark.slow
@needs_tesseract
def test_a_short_upright_note_on_a_grainy_table_is_not_taken_for_a_page_turned_sideways(fresh_cache):
    """The table's grain beside the sheet and the sheet's long edges counted as ink running down the page: read turned
    both ways, five times slower, and scrambled."""
    import textwrap

    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    from ingest.skew import ink_of, lines_run_down

    note = ('Biedrība "Sīļu ligzda" 2023. gada decembrī Dunikā rīkoja Ziemassvētku tirdziņu, kurā 23 amatnieki pārdeva '
            "savus darbus. Ieņēmumi labdarībai: 1 875 EUR.")  # fmt: skip
    sheet = Image.new("RGB", (1240, 1754), (250, 249, 245))  # A4 at 150 dpi
    draw, font = ImageDraw.Draw(sheet), ImageFont.truetype(str(FONT), 30)
    for number, line in enumerate(textwrap.wrap(note, 55)):
        draw.text((124, 120 + 46 * number), line, font=font, fill=(20, 20, 30))
    grain = np.random.default_rng(1).integers(-12, 12, (1754 + 200, 1240 + 200, 3))
    table = Image.fromarray(np.clip(np.array([92, 64, 45]) + grain, 0, 255).astype(np.uint8))
    table.paste(sheet, (100, 100))
    width, height = table.size  # photographed a little from the side: the sheet's edges slant
    corners = (-60, -90, -20, height, width, height + 40, width + 30, 0)
    photo = table.transform(table.size, Image.Transform.QUAD, corners, Image.Resampling.BICUBIC, fillcolor=(92, 64, 45))
    assert not lines_run_down(ink_of(photo.convert("L")))
    document = read_document(saved(photo, "JPEG", quality=85), "jpeg", ocr=DEFAULT)
    assert "Ieņēmumi labdarībai: 1 875 EUR" in fold(document.text), document.text


@needs_tesseract
def test_a_picture_whose_ocr_reads_a_stray_word_is_no_document_but_a_two_word_sign_is(fresh_cache):
    """A trip's photos became documents titled "ri", "RASAS", "ate" (Tesseract reads shapes as letters): 12 of a
    tester's 118, each a practice card and the first hit for "via"."""
    from PIL import Image, ImageDraw, ImageFont

    from ingest.picture import stray_letters

    def sign(words: str) -> bytes:
        picture = Image.new("RGB", (1600, 1200), (120, 150, 90))  # a garden
        draw = ImageDraw.Draw(picture)
        draw.rectangle((300, 400, 1300, 700), fill=(250, 250, 245))
        draw.text((360, 500), words, font=ImageFont.truetype(str(FONT), 80), fill=(20, 20, 20))
        return saved(picture, "JPEG", quality=90)

    with pytest.raises(UnreadableFile, match="^OCR found no text: only stray letters"):
        read_document(sign("RASAS"), "jpeg", ocr=DEFAULT)
    assert fold(read_document(sign("Kopienas dārzs"), "jpeg", ocr=DEFAULT).text) == "Kopienas dārzs"
    # words no list of ours knows, in a line of them: a partner's Polish poster is text (a review found it skipped)
    assert not stray_letters(["Ogrod spoteczny", "Kazda rodzina dba 0 swoja grzadke"]) and stray_letters(["augus", "ui ae"])


@pytest.mark.slow
@needs_tesseract
def test_a_photo_with_uneven_light_is_read_across_its_dark_side(fresh_cache):
    import numpy as np
    from PIL import Image

    page = np.asarray(scan_pictures(dpi=200)[0].convert("L"), dtype=float)
    height, width = page.shape
    rows, columns = np.mgrid[0:height, 0:width]
    light = 0.35 + 0.65 * (columns / width) * (0.5 + 0.5 * rows / height)  # a lamp to the right, the lower left dim
    photo = Image.fromarray(np.clip(page * light, 0, 255).astype(np.uint8))
    document = read_document(saved(photo, "JPEG", quality=85), "jpeg", ocr=DEFAULT)
    assert page_similarity(document, 1) >= 0.97


@pytest.mark.parametrize("slant", [0, 2.5, -7, 14])
def test_the_slant_of_a_page_s_lines_is_measured(slant):
    from PIL import Image

    from ingest.skew import skew_angle

    page = scan_pictures(dpi=100)[2].convert("L").rotate(slant, expand=True, fillcolor=255, resample=Image.BICUBIC)
    assert skew_angle(page) == pytest.approx(slant, abs=0.3)


@pytest.mark.slow
@needs_tesseract
def test_a_tiff_of_three_scanned_pages_is_read_page_by_page(fresh_cache):
    first, *others = scan_pictures()
    data = saved(first, "TIFF", save_all=True, append_images=others, compression="tiff_deflate", dpi=(150, 150))
    pages = []
    document = read_document(data, "tiff", ocr=DEFAULT, on_page=lambda done, total: pages.append((done, total)))
    assert document.pages == 3 and document.warnings == ("pages 1-3 read by OCR",)
    assert pages == [(1, 3), (2, 3), (3, 3)]
    assert all(block.ocr for block in document.blocks)
    for number in (1, 2, 3):
        assert page_similarity(document, number) >= 0.97


@pytest.mark.slow
@needs_tesseract
def test_a_phone_photo_is_turned_as_its_exif_says_and_read_without_a_resolution(fresh_cache, monkeypatch):
    from PIL import Image

    monkeypatch.setattr(ocr_pages, "_tesseract", lambda image, engine, dpi: ocr_pages._read_image(image, engine, dpi))  # no OSD
    photo = scan_pictures(dpi=200)[0].convert("RGB").rotate(90, expand=True)  # held sideways
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90 degrees clockwise to view
    document = read_document(saved(photo, "JPEG", quality=85, exif=exif), "jpeg", ocr=DEFAULT)
    assert document.pages == 1 and page_similarity(document, 1) >= 0.97


@pytest.mark.slow
@needs_tesseract
@pytest.mark.parametrize("kind", ["WEBP", "BMP", "GIF"])
def test_a_page_saved_as_webp_bmp_or_gif_is_read(fresh_cache, kind):
    document = read_document(saved(scan_pictures()[2], kind), kind.lower(), ocr=DEFAULT)
    assert document.pages == 1 and page_similarity(document, 1, scanned=3) >= 0.97


@pytest.mark.slow
@needs_tesseract
def test_an_iphone_photo_in_heic_is_read_upright(fresh_cache):
    document = read_document((FIXTURES / "phone_photo.heic").read_bytes(), "heic", ocr=DEFAULT)
    assert document.pages == 1 and document.warnings == ("page 1 read by OCR",)
    assert page_similarity(document, 1, scanned=2) >= 0.97


@pytest.mark.slow
@needs_tesseract
def test_text_on_a_transparent_background_is_read_on_white(fresh_cache):
    from PIL import Image, ImageOps

    ink = ImageOps.invert(scan_pictures()[1].convert("L"))  # dark text: much ink
    picture = Image.new("RGBA", ink.size, (0, 0, 0, 0))  # transparent black, as editors save it
    picture.putalpha(ink)
    document = read_document(saved(picture, "PNG"), "png", ocr=DEFAULT)
    assert page_similarity(document, 1, scanned=2) >= 0.97


def test_a_picture_too_large_or_not_a_picture_is_refused_with_the_reason():
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    def png(width: int, height: int) -> bytes:  # a header only: Pillow must not decode 100 megapixels to refuse them
        header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")

    with pytest.raises(UnreadableFile, match=r"^too large: 10000 x 10000 px, the limit is 89 MP$"):
        read_document(png(10_000, 10_000), "png", ocr=DEFAULT)
    with pytest.raises(UnreadableFile, match=r"^too large: > 179 MP, the limit is 89 MP$"):
        read_document(png(30_000, 30_000), "png", ocr=DEFAULT)
    with pytest.raises(UnreadableFile, match=r"^corrupt JPEG: not a picture$"):
        read_document(b"<html>saved with the wrong name</html>", "jpeg", ocr=DEFAULT)
    truncated = saved(scan_pictures()[0], "JPEG")[:5000]
    with pytest.raises(UnreadableFile, match=r"^corrupt JPEG: "):
        read_document(truncated, "jpeg", ocr=DEFAULT)


def test_without_tesseract_a_picture_is_reported_with_the_install_command():
    data = saved(scan_pictures()[0], "PNG")
    with pytest.raises(UnreadableFile, match=f"^a picture: {INSTALL}"):
        read_document(data, "png", ocr=OcrSettings(command="/nonexistent/tesseract"))


@pytest.mark.slow
@needs_tesseract
def test_a_phone_s_second_picture_is_no_page_and_a_photo_without_text_says_so(fresh_cache):
    from PIL import Image

    photo = scan_pictures()[0].convert("RGB")
    preview = photo.resize((photo.width // 4, photo.height // 4))  # what phones store beside the photo (MPO)
    document = read_document(saved(photo, "MPO", save_all=True, append_images=[preview]), "jpeg", ocr=DEFAULT)
    assert document.pages == 1 and document.warnings == ("page 1 read by OCR",) and page_similarity(document, 1) >= 0.97
    landscape = Image.linear_gradient("L").resize((1200, 800)).convert("RGB")  # a sky, no text
    with pytest.raises(UnreadableFile, match="^OCR found no text$"):
        read_document(saved(landscape, "JPEG"), "jpeg", ocr=DEFAULT)


@pytest.mark.slow
@needs_tesseract
def test_an_a3_colour_scan_at_600_dpi_is_read_within_a_worker_s_memory(tmp_path, fake_embedder, fresh_cache):
    import textwrap

    from PIL import Image, ImageDraw, ImageFont

    scan = Image.new("RGB", (7016, 9921), (250, 248, 240))  # 70 megapixels: 210 MB decoded
    font = ImageFont.truetype(str(FONT), 100)
    for number, line in enumerate(textwrap.wrap(" ".join(NOTE), 60)):
        ImageDraw.Draw(scan).text((600, 600 + number * 150), line, font=font, fill=(20, 20, 60))
    (tmp_path / "docs").mkdir()
    scan.save(tmp_path / "docs" / "plakāts.tif", compression="tiff_lzw", dpi=(600, 600))
    del scan
    settings = Settings(index_dir=tmp_path / "index")  # read in a worker process with 1,000 MB of address space
    [report] = sync_index([tmp_path / "docs"], settings, fake_embedder).reports
    assert report.status == "new" and report.warnings == ("page 1 read by OCR",), report.warnings


@pytest.mark.slow
@needs_tesseract
def test_the_blank_backs_of_a_sheet_scanned_on_both_sides_are_not_given_to_tesseract(fresh_cache, monkeypatch):
    import numpy as np
    from PIL import Image

    first, second, _ = scan_pictures(dpi=150)
    paper = np.random.default_rng(0).normal(235, 8, (first.height, first.width))  # a blank back: paper grain only
    back = Image.fromarray(np.clip(paper, 0, 255).astype(np.uint8)).convert("RGB")
    reads = []
    read_image = ocr_pages._read_image
    monkeypatch.setattr(ocr_pages, "_read_image", lambda *args: reads.append(1) or read_image(*args))
    data = saved(first, "TIFF", save_all=True, append_images=[back, second, back], dpi=(150, 150))
    document = read_document(data, "tiff", ocr=DEFAULT)
    assert len(reads) == 2 and document.pages == 4 and document.warnings == ("pages 1, 3 read by OCR",)
    assert page_similarity(document, 1) >= 0.97 and page_similarity(document, 3, scanned=2) >= 0.97


@pytest.mark.slow
@needs_tesseract
def test_a_broken_frame_costs_its_page_only(fresh_cache):
    import io

    from PIL import Image

    pages = scan_pictures(dpi=100)
    data = bytearray(saved(pages[0], "TIFF", save_all=True, append_images=pages[1:]))  # uncompressed, frame by frame
    last = Image.open(io.BytesIO(bytes(data)))
    last.seek(2)
    start, length = last.tag_v2[273][0], last.tag_v2[279][0]  # where the third page's pixels lie
    del data[start + 2000 : start + length]  # a scan cut short in its last page
    document = read_document(bytes(data), "tiff", ocr=DEFAULT)
    assert document.warnings == ("pages 1-2 read by OCR", "OCR failed on page 3")
    assert page_similarity(document, 1) >= 0.97 and page_similarity(document, 2) >= 0.97


def test_a_page_is_drawn_in_readable_grey_at_a_page_s_resolution():
    import io

    import numpy as np
    from PIL import Image

    from ingest.picture import draw_frame

    scan = np.asarray(scan_pictures(dpi=100)[0].convert("L"), dtype=np.uint16)
    deep = Image.open(io.BytesIO(saved(Image.fromarray(scan * 257), "TIFF", dpi=(100, 100))))  # 16-bit grey
    page, dpi = draw_frame(deep)
    assert dpi == 100 and abs(np.asarray(page, dtype=float).mean() - scan.mean()) < 2  # not clipped to white
    from PIL import ImageCms

    colour = scan_pictures(dpi=100)[0].convert("RGB")
    to_lab = ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB"), "RGB", "LAB")
    lab = Image.open(io.BytesIO(saved(ImageCms.applyTransform(colour, to_lab), "TIFF")))  # a CIELab scan
    assert abs(np.asarray(draw_frame(lab)[0], dtype=float).mean() - scan.mean()) < 6  # its lightness, as grey
    photo = Image.open(io.BytesIO(saved(Image.new("RGB", (3000, 4000), "white"), "JPEG", dpi=(72, 72))))
    assert draw_frame(photo)[1] == 363  # a phone's 72 dpi would make a 42-inch page: read as A4 across
    page, dpi = draw_frame(photo, max_pixels=3_000_000)
    assert page.width * page.height <= 3_000_000 and dpi == 181  # shrunk: fewer dots per inch


@pytest.mark.slow
@needs_tesseract
def test_a_scan_attached_to_an_e_mail_is_read_by_ocr_under_its_name(fresh_cache):
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"], message["From"] = "Skenētā atskaite", "ESTO <esto@biedriba.lv>"
    message.set_content("Pielikumā skenētā projekta atskaite.")
    message.add_attachment((FIXTURES / "scan.pdf").read_bytes(), maintype="application", subtype="pdf", filename="atskaite.pdf")
    read = read_document(message.as_bytes(), "eml", ocr=DEFAULT)
    assert read.warnings == ("attachment atskaite.pdf: pages 1-3 read by OCR",)
    assert "atskaite.pdf" in read.text and "reģionam būtiskus jautājumus" in read.text
    scanned = [block for block in read.blocks if block.attachment == "atskaite.pdf"][1:]  # after its heading
    assert {block.page for block in scanned} == {1, 2, 3} and all(block.ocr for block in scanned)  # cited as the scan's
