"""Measure how well ingest/quality.py tells good text layers from garbled ones, and where the threshold goes.

    .venv/bin/python scripts/calibrate_garbled.py [--threshold 0.6] [--quick]

Pages it makes (none of their text is in the word list: FLORES-200 is held out of it, and the
seeds and the sample corpus were never in it):
  good   Latvian, English and Russian FLORES-200 devtest passages, two to a page; the seed texts cut
         into pages; the sample corpus's and tests/fixtures/good.pdf's text layers (pypdf); and Tesseract's
         lav+eng+rus OCR of pages rendered by pypdfium2 at 300 dpi (a good OCR layer must pass).
  bad    the Latvian pages with their diacritics stripped; as mojibake (UTF-8 read as Windows-1252,
         Windows-1257 read as Windows-1252, Russian Windows-1251 read as Windows-1252); OCR'd with
         English only (300 and 100 dpi) and at too low a resolution (lav+eng+rus, 60 dpi).
  other  good pages in partner-country languages (Lithuanian, Estonian, Portuguese, German,
         Croatian): they score low (few listed words) but langdetect says they are in another
         language, so they are not judged. Reported, not used for the threshold.
Prints each set's score distribution and how many of its pages are flagged garbled, then false
positives (good and other pages flagged) and false negatives (bad pages passed) for a range of
thresholds. OCR results are cached (KB_CACHE_DIR).
--quick: fewer pages (a minute instead of several).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import make_corpus  # noqa: E402
import pypdf  # noqa: E402
from fpdf import FPDF  # noqa: E402

from ingest import quality  # noqa: E402
from ingest.ocr import OcrSettings, find_engine  # noqa: E402
from ingest.pdfium import ocr_pdf_pages  # noqa: E402

DATA = REPO.parent / "shared" / "data"
SEEDS = REPO.parent / "shared" / "seeds"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
OTHER_LANGUAGES = ("lit_Latn", "est_Latn", "por_Latn", "deu_Latn", "hrv_Latn")


def flores(languages: list[str]) -> dict[str, list[str]]:
    """The 281 FLORES-200 devtest passages (one article each) of each language, in order."""
    rows = [json.loads(line) for line in (DATA / "flores200_lv_en" / "passages.jsonl").open(encoding="utf-8")]
    found: dict[str, list[str]] = {"lv": [row["text_lv"] for row in rows], "en": [row["text_en"] for row in rows]}
    with gzip.open(DATA / "scale_multilingual" / "passages.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            if '"source": "flores200-devtest"' in line:
                row = json.loads(line)
                if row["lang"] in languages:
                    found.setdefault(row["lang"], []).append(row["text"])
    return found


def pages_of(passages: list[str], per_page: int = 2) -> list[str]:
    return ["\n\n".join(passages[i : i + per_page]) for i in range(0, len(passages) - per_page + 1, per_page)]


def word_pages(text: str, words: int = 160) -> list[str]:
    """A long text cut into pages of about `words` words, at paragraph breaks."""
    pages, current = [], []
    for paragraph in re.split(r"\n\s*\n", text.replace("**", "")):
        current.append(paragraph.strip())
        if sum(len(p.split()) for p in current) >= words:
            pages.append("\n\n".join(current))
            current = []
    if current:
        pages.append("\n\n".join(current))
    return pages


def strip_diacritics(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def mojibake(text: str, written: str, read: str) -> str:
    return text.encode(written, "replace").decode(read, "replace")


def a4_pdf(texts: list[str]) -> bytes:
    """One A4 page of 10-point DejaVu Sans per text (as a word processor would print it)."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.set_margins(20, 20, 20)
    for text in texts:
        pdf.add_page()
        pdf.set_font("DejaVu", size=10)
        pdf.multi_cell(0, 5, text)
    return bytes(pdf.output())


def text_layer(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


def ocr(data: bytes, pages: int, languages: str, dpi: int) -> list[str]:
    settings = OcrSettings(languages=languages, dpi=dpi)
    read = ocr_pdf_pages(data, range(1, pages + 1), settings, find_engine(settings))
    return [read.get(number, "") for number in range(1, pages + 1)]


def build_sets(quick: bool) -> dict[str, tuple[str, list[str]]]:
    """name -> (kind, page texts)."""
    count = 20 if quick else 140
    rendered = 8 if quick else 24
    passages = flores(["rus_Cyrl", *OTHER_LANGUAGES])
    lv, en, ru = (pages_of(passages[code])[:count] for code in ("lv", "en", "rus_Cyrl"))
    seeds = [page for seed in sorted(SEEDS.glob("*.txt")) for page in word_pages(seed.read_text(encoding="utf-8"))]
    slides = make_corpus.split_slides((SEEDS / make_corpus.SLIDES_SEED).read_text(encoding="utf-8"))
    corpus_layer = text_layer(REPO / "corpus" / make_corpus.SLIDES_PDF)
    fixture_layer = text_layer(REPO / "tests" / "fixtures" / "good.pdf")
    latvian = lv + seeds + corpus_layer + fixture_layer
    sets: dict[str, tuple[str, list[str]]] = {
        "lv FLORES pages": ("good", lv),
        "en FLORES pages": ("good", en),
        "ru FLORES pages": ("good", ru),
        "lv seed texts": ("good", seeds),
        "lv corpus PDF layer": ("good", corpus_layer),
        "lv fixture PDF layer": ("good", fixture_layer),
        "lv diacritics stripped": ("bad", [strip_diacritics(page) for page in latvian]),
        "lv UTF-8 read as cp1252": ("bad", [mojibake(page, "utf-8", "cp1252") for page in latvian]),
        "lv cp1257 read as cp1252": ("bad", [mojibake(page, "cp1257", "cp1252") for page in latvian]),
        "ru cp1251 read as cp1252": ("bad", [mojibake(page, "cp1251", "cp1252") for page in ru]),
    }
    for code in OTHER_LANGUAGES:
        sets[f"{code[:3]} FLORES pages"] = ("other", pages_of(passages[code])[: count // 4])

    a4_lv = a4_pdf(lv[:rendered])
    a4_ru = a4_pdf(ru[: rendered // 3])
    slides_pdf = (REPO / "corpus" / make_corpus.SLIDES_PDF).read_bytes()
    n_slides = len(slides)
    sets["lv OCR lav+eng+rus 300 dpi"] = (
        "good",
        ocr(a4_lv, rendered, "lav+eng+rus", 300) + ocr(slides_pdf, n_slides, "lav+eng+rus", 300),
    )
    sets["ru OCR lav+eng+rus 300 dpi"] = ("good", ocr(a4_ru, rendered // 3, "lav+eng+rus", 300))
    sets["lv OCR eng 300 dpi"] = ("bad", ocr(a4_lv, rendered, "eng", 300) + ocr(slides_pdf, n_slides, "eng", 300))
    sets["lv OCR eng 100 dpi"] = ("bad", ocr(a4_lv, rendered, "eng", 100))
    sets["ru OCR eng 300 dpi"] = ("bad", ocr(a4_ru, rendered // 3, "eng", 300))
    sets["lv OCR lav+eng+rus 60 dpi"] = ("bad", ocr(a4_lv, rendered, "lav+eng+rus", 60))
    return sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threshold", type=float, default=quality.GARBLED_BELOW, help="the threshold to report against")
    parser.add_argument("--quick", action="store_true", help="fewer pages")
    args = parser.parse_args()
    sets = build_sets(args.quick)
    judged: dict[str, tuple[str, list[quality.PageQuality]]] = {}
    print(f"{'set':<30} {'kind':<5} {'pages':>5} {'judged':>6} {'min':>5} {'p10':>5} {'median':>6} {'max':>5} {'flagged':>8}")
    for name, (kind, pages) in sets.items():
        qualities = [quality.page_quality(page, language_below=1.0) for page in pages]
        qualities = [q for q in qualities if q.words >= quality.MIN_WORDS]
        judged[name] = (kind, qualities)
        scores = [q.score for q in qualities]
        flagged = sum(q.garbled_at(args.threshold) for q in qualities)
        deciles = statistics.quantiles(scores, n=10) if len(scores) > 1 else scores * 9
        print(
            f"{name:<30} {kind:<5} {len(pages):>5} {len(scores):>6} {min(scores):>5.2f} {deciles[0]:>5.2f}"
            f" {statistics.median(scores):>6.2f} {max(scores):>5.2f} {flagged:>4}/{len(scores):<3}"
        )
    good = [q for kind, values in judged.values() if kind != "bad" for q in values]
    bad = [q for kind, values in judged.values() if kind == "bad" for q in values]
    lowest = min(q.score for kind, values in judged.values() if kind == "good" for q in values)
    print(f"\nlowest good page {lowest:.3f}, highest bad page {max(q.score for q in bad):.3f}")
    print(f"{'threshold':>9} {'false positives':>16} {'false negatives':>16}")
    for threshold in sorted({step / 100 for step in range(30, 86, 5)} | {args.threshold}):
        false_positives = sum(q.garbled_at(threshold) for q in good)
        false_negatives = sum(not q.garbled_at(threshold) for q in bad)
        mark = "  <- ingest/quality.py" if threshold == quality.GARBLED_BELOW else ""
        print(f"{threshold:>9.2f} {false_positives:>9} of {len(good):<4} {false_negatives:>9} of {len(bad):<4}{mark}")


if __name__ == "__main__":
    main()
