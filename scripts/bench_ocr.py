"""Benchmark OCR: pages per second on this machine's cores, and OCR's share of a mixed folder's ingest.

    .venv/bin/python scripts/bench_ocr.py [--quick] [--json FILE]

1. pages/s  The sample corpus's slide PDF turned into a scan (every page rendered by pypdfium2 at
            200 dpi in grayscale, stored as JPEG, no text layer), read by ingest.read.read_document
            with the default OcrSettings (lav+eng+rus, 300 dpi, two tesseract processes at a time),
            its OCR cache emptied first. The time includes rendering.
2. share    A mixed folder (corpus/: the slide PDF and the letter DOCX; that scan; FullStack-LV
            paragraphs as .txt files of about N passages, as scripts/bench_ingest.py writes them)
            synced from scratch by kb.sync.sync_index three times with the same loaded embedder: a
            warm-up (the first sync in a process is slower: onnxruntime meets new batch shapes),
            then with the scan's OCR cache emptied, then with it filled. OCR's share of the ingest
            is 1 - third / second.
--quick: the first 6 slides and 60 text passages (about two minutes).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_ingest  # noqa: E402

from ingest.e5_onnx import cache_dir  # noqa: E402
from ingest.embed import embed_texts, load_embedder  # noqa: E402
from ingest.ocr import OcrSettings  # noqa: E402
from ingest.read import read_document  # noqa: E402
from kb.settings import Settings  # noqa: E402
from kb.sync import sync_index  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SLIDES = REPO / "corpus" / "esto-erasmus-mobility-portugal.pdf"
SCAN_DPI = 200


def scan_of(pdf: Path, pages: int) -> bytes:
    """An image-only PDF of the first `pages` pages: what a scanner would make of the printout."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    images = [document[i].render(scale=SCAN_DPI / 72, grayscale=True).to_pil() for i in range(min(pages, len(document)))]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=SCAN_DPI, quality=75)
    return out.getvalue()


def forget_ocr(data: bytes) -> None:
    """Empty the OCR cache of one file (ingest/ocr_pages.py keeps it under cache_dir()/ocr/<SHA-256>/)."""
    shutil.rmtree(cache_dir() / "ocr" / hashlib.sha256(data).hexdigest(), ignore_errors=True)


def run(quick: bool) -> dict:
    settings = OcrSettings()
    scan = scan_of(SLIDES, 6 if quick else 15)
    pages = read_document(scan, "pdf", ocr=settings).pages or 0  # warm-up: Tesseract's data into the page cache
    forget_ocr(scan)
    bench_ingest.log(f"OCR of {pages} scanned pages")
    start = time.perf_counter()
    read_document(scan, "pdf", ocr=settings)  # and fills the cache for the first sync below
    ocr_s = time.perf_counter() - start

    rows = [json.loads(line) for line in bench_ingest.DATA.open(encoding="utf-8") if line.strip()]
    paragraphs = [r["text"] for r in rows if len(r["text"].split()) >= bench_ingest.MIN_WORDS]
    embedder = load_embedder()
    embed_texts(embedder, ["Silts sākums modelim."] * 4)
    with tempfile.TemporaryDirectory(prefix="kb-bench-ocr-") as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        bench_ingest.build_folder(paragraphs, folder, 60 if quick else 150)
        for source in (REPO / "corpus").iterdir():
            shutil.copy(source, folder / source.name)
        (folder / "scan.pdf").write_bytes(scan)
        index_settings = Settings(index_dir=Path(tmp) / "index")
        bench_ingest.log("mixed folder: warm-up")
        result = sync_index([folder], index_settings, embedder=embedder)
        bench_ingest.log("mixed folder, OCR cache emptied")
        forget_ocr(scan)
        start = time.perf_counter()
        sync_index([folder], index_settings, embedder=embedder, rebuild=True)
        cold_s = time.perf_counter() - start
        bench_ingest.log("mixed folder, OCR cache filled")
        start = time.perf_counter()
        sync_index([folder], index_settings, embedder=embedder, rebuild=True)
        warm_s = time.perf_counter() - start
        forget_ocr(scan)
    counts = result.manifest["counts"]
    return {
        "pages": pages,
        "ocr_s": round(ocr_s, 2),
        "pages_per_s": round(pages / ocr_s, 2),
        "jobs": settings.jobs,
        "dpi": settings.dpi,
        "languages": settings.languages,
        "folder_files": counts["files"],
        "folder_passages": counts["passages"],
        "ingest_cold_s": round(cold_s, 2),
        "ingest_warm_s": round(warm_s, 2),
        "ocr_share": round(1 - warm_s / cold_s, 3),
    }


def lines(r: dict) -> list[tuple[str, str]]:
    return [
        (
            "OCR",
            f"{r['pages_per_s']:.2f} pages/s ({r['pages']} scanned slides, {r['languages']}, {r['dpi']} dpi,"
            f" {r['jobs']} tesseract processes)",
        ),
        (
            "OCR share of a mixed ingest",
            f"{r['ocr_share'] * 100:.0f} % ({r['ingest_cold_s']:.1f} s cold, {r['ingest_warm_s']:.1f} s with the OCR"
            f" cache; {r['folder_files']} files, {r['folder_passages']} passages)",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="6 slides, 60 text passages")
    parser.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    args = parser.parse_args()
    report = run(args.quick)
    width = max(len(name) for name, _ in lines(report))
    print("\n".join(f"{name:<{width}}  {value}" for name, value in lines(report)))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
