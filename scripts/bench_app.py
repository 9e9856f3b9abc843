"""How fast the app answers in a real browser: cold start, and query to rendered hits.

    .venv/bin/python scripts/bench_app.py [--queries N] [--json FILE]

Needs Debian's chromium and playwright (the test extra). Three indexes: the sample corpus (built
with `kb ingest corpus`), 1,000 documents of one passage each, and 10,000 passages in 1,000
documents, of real multilingual text built as in scripts/bench_scale.py (1,000 real vectors plus
perturbed copies). For each: `streamlit run` is
started and a headless Chromium opens `/?q=...`; cold start is the time from starting the server
to the first page showing its hits (server start, index and model load, first search). Then N
queries (default 20, Latvian and English) are typed into the box; each is timed from pressing
Enter to the line "N passages shown for “query”", which the app draws after the last hit.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_scale  # noqa: E402

from ingest.embed import load_embedder  # noqa: E402
from kb.settings import Settings  # noqa: E402
from kb.sync import sync_index  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip
QUERIES = [
    "kā atrast partnerus projektam", "a café run by an association where seniors meet", "bēgļu integrācija pašvaldībā",
    "how to write a good Erasmus application", "brīvprātīgo iesaiste kopienā", "lessons learned from job shadowing",
    "jauniešu apmaiņas projekts", "cooperation with the municipality", "senioru aktivitātes laukos", "project budget",
    "как найти партнёров для проекта", "folk festival traditions", "pieaugušo izglītības metodes", "community centre",
    "projekta rezultāti un ieguvumi", "who organised the conference in Riga", "vietējās rīcības grupa", "refugees in Portugal",
    "kafejnīca senioriem", "volunteers in rural areas", "pilsoniskā līdzdalība", "Erasmus+ mobility report",
]  # fmt: skip


def serve(index_dir: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [Path(sys.executable).parent / "streamlit", "run", str(REPO / "app.py"), "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=REPO, env={**os.environ, "KB_INDEX": str(index_dir)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return server, f"http://127.0.0.1:{port}"


def measure(browser, index_dir: Path, queries: list[str]) -> dict:
    start = time.perf_counter()
    server, url = serve(index_dir)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        first = queries[0]
        while True:  # the server takes a moment to listen
            try:
                page.goto(f"{url}/?q={urllib.parse.quote(first)}")
                break
            except Exception:
                time.sleep(0.2)
        page.get_by_test_id("stCaptionContainer").get_by_text(f"for “{first}”").wait_for(timeout=120_000)
        cold = time.perf_counter() - start
        box = page.get_by_role("textbox", name="Search")
        latencies = []
        for query in queries[1:]:
            box.fill(query)
            begin = time.perf_counter()
            box.press("Enter")
            page.get_by_test_id("stCaptionContainer").get_by_text(f"for “{query}”").wait_for(timeout=60_000)
            latencies.append((time.perf_counter() - begin) * 1000)
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    ordered = sorted(latencies)
    return {
        "cold_start_s": round(cold, 2),
        "query_to_hits_p50_ms": round(statistics.median(latencies)),
        "query_to_hits_p95_ms": round(ordered[round(0.95 * (len(ordered) - 1))]),
        "queries": len(latencies),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=20, help=f"at most {len(QUERIES) - 1}")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    queries = QUERIES[: args.queries + 1]  # the first one opens the page
    results = {}
    with tempfile.TemporaryDirectory(prefix="kb-app-bench-") as tmp:
        sample = Path(tmp) / "sample"
        sync_index([REPO / "corpus"], Settings(index_dir=sample))
        records, _ = bench_scale.read_records(10_000)
        embedder = load_embedder()
        real = bench_scale.embed_real(embedder, [records[i]["text"] for i in np.linspace(0, 9_999, 1_000).astype(int)])
        thousand = Path(tmp) / "1k"
        bench_scale.build_index(records[:1_000], real, embedder.model_id, thousand, per_document=1)
        large = Path(tmp) / "10k"
        bench_scale.build_index(records, real, embedder.model_id, large)
        indexes = (("sample corpus", sample), ("1,000 documents", thousand), ("10,000 passages, 1,000 documents", large))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for name, index_dir in indexes:
                results[name] = measure(browser, index_dir, queries)
                print(f"[bench-app] {name}: {results[name]}", file=sys.stderr, flush=True)
            browser.close()
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
