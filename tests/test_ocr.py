"""Scans and broken text layers: OCR with Tesseract, garbled-layer detection, the OCR cache, citations.

Fixtures (tests/fixtures/make_scan_fixtures.py): scan.pdf is three slides of the sample corpus as
JPEG page images with no text layer; stripped_layer.pdf is two slide images with invisible text
layers, the second stripped of its diacritics. Tests that run Tesseract skip when it (or its
Latvian data) is missing; .ci/run installs it and sets KB_OCR_TEST=required, so there they fail.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import stat
import time
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, SHARED, HashingEmbedder

from cli import cli
from ingest import ocr
from ingest.ocr import OcrSettings, OcrUnavailable
from ingest.quality import page_quality
from ingest.read import read_document
from kb.errors import UnreadableFile
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


def tesseract_available() -> bool:
    try:
        ocr.find_engine(OcrSettings())
    except OcrUnavailable:
        return False
    return True


needs_tesseract = pytest.mark.skipif(
    not tesseract_available() and os.environ.get("KB_OCR_TEST") != "required",
    reason="needs Tesseract with Latvian data (apt-get install tesseract-ocr tesseract-ocr-lav tesseract-ocr-rus)",
)


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
def test_a_second_read_takes_the_text_from_the_cache(fresh_cache, monkeypatch):
    calls = []
    tesseract = ocr._tesseract
    monkeypatch.setattr(ocr, "_tesseract", lambda *args: calls.append(1) or tesseract(*args))
    first = read("scan.pdf")
    assert len(calls) == 3
    again = read("scan.pdf")
    assert len(calls) == 3 and again == first
    capped = read("scan.pdf", OcrSettings(max_pages=2))
    assert len(calls) == 3 and capped.warnings == ("pages 1-2 read by OCR", "page 3 not OCR'd: at most 2 pages a file")
    read("scan.pdf", OcrSettings(languages="lav"))  # other languages: another cache entry
    assert len(calls) == 6


def test_a_citation_says_the_text_is_ocr():
    hit = Hit("d:0", "text", 1.0, "Gada pārskats", "docs/scan.pdf", 3, 3, "lv", "d", "", ("Biedrība X",), (), (), (), 1, 1)
    assert not hit.citation.endswith("(OCR)") and "(OCR)" not in hit.citation
    assert replace(hit, ocr=True).citation == "Gada pārskats — docs/scan.pdf, p. 3 (OCR) (Biedrība X)"
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
        assert "2 (OCR)" in hits[0].citation
        good = knowledge_base.search("kopienas kafejnīcu Ludzā", top_k=1)[0]
        assert good.source == "docs/good.pdf" and not good.ocr
    finally:
        knowledge_base.close()


@pytest.mark.slow
@needs_tesseract
def test_the_time_limit_runs_per_page_and_a_killed_read_leaves_no_tesseract(tmp_path, fake_embedder, fresh_cache):
    """Each page takes 2 s more than Tesseract needs: three pages pass a 4 s limit, one 6 s page does not."""
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
    settings = Settings(index_dir=tmp_path / "index", read=replace(Settings().read, seconds=4, ocr=ocr_settings))
    slow_tesseract(2)
    report = sync_index([folder], settings, fake_embedder).reports[0]
    assert report.status == "new" and report.warnings == ("pages 1-3 read by OCR",)

    shutil.rmtree(fresh_cache)
    slow_tesseract(6)
    report = sync_index([folder], settings, fake_embedder, rebuild=True).reports[0]
    assert report.status == "skipped" and report.warnings == ("took longer than 4 s to read",)
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
