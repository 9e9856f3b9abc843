"""Benchmark ingest and search on real Latvian text, in one process.

    .venv/bin/python scripts/bench_ingest.py [--passages N] [--queries M] [--json FILE] [--quick]

Data: ../shared/data/fullstack_lv/paragraphs.jsonl (one {"paragraph_id", "doc_id", "section",
"reference", "n_sentences", "text"} object a line). Paragraphs of at least 30 words are written,
in file order, as plain .txt files of 5 paragraphs separated by blank lines into a temporary
folder; files are added until the product's own splitter (ingest.pipeline.prepare_document, the
function sync uses) predicts at least N passages (default 1000). If the data runs out first, files
get fewer paragraphs (4, 3, 2, 1). The passage count reported is the one in the sync manifest.

Measured (time.perf_counter, all with the same embedder instance, loaded and warmed up first, so
neither number includes the model load, which is reported on its own line):
  1. ingest      kb.sync.sync_index([folder], Settings(index_dir=tmp)) from scratch: read,
                 split, enrich, embed, write SQLite + vectors + BM25, publish.
  2. embedder    ingest.embed.embed_texts on exactly the passage texts the ingest stored
                 (passages.text and heading read back from the index's SQLite store, combined as
                 Passage.text_for_embedding). Run AFTER the ingest, so the texts are the real
                 ones. Overhead = ingest time / embedder time - 1.
  3. re-sync     a second sync_index on the unchanged folder (must keep the index: written False).
  4. search      M queries (default 100) through KnowledgeBase(tmp).search(q, top_k=10), end to
                 end, after 3 warm-up queries (which also load the query model). Queries are the
                 first 8-12 words of paragraphs that were NOT ingested (the data is Latvian).
The temporary folder and index are deleted at the end. --quick: N=200 passages, 30 queries.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ingest.embed import embed_texts, load_embedder
from ingest.pipeline import prepare_document
from ingest.types import Passage
from kb import index, store
from kb.search import KnowledgeBase
from kb.settings import Settings
from kb.sync import sync_index

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "fullstack_lv" / "paragraphs.jsonl"
MIN_WORDS = 30
WARMUP_QUERIES = 3


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def build_folder(paragraphs: list[str], folder: Path, target: int) -> int:
    """Write .txt files of paragraphs until the splitter predicts `target` passages; returns paragraphs used."""
    settings = Settings()
    for per_file in (5, 4, 3, 2, 1):
        groups, predicted, used = [], 0, 0
        while predicted < target and used < len(paragraphs):
            body = "\n\n".join(paragraphs[used : used + per_file]) + "\n"
            predicted += len(prepare_document(body.encode(), "txt", f"bench{len(groups)}", "x", settings.split).passages)
            groups.append(body)
            used += per_file
        if predicted >= target:
            for number, body in enumerate(groups):
                (folder / f"dokuments-{number:04d}.txt").write_text(body, encoding="utf-8")
            log(f"{len(groups)} files of {per_file} paragraphs, {predicted} passages predicted")
            return min(used, len(paragraphs))
    sys.exit(f"the data gives only {predicted} passages, fewer than --passages {target}")


def stored_texts(index_dir: Path) -> list[str]:
    """The embedding input of every passage in the live index, in row order."""
    live = store.open_read_only(index.live_generation(index_dir) / index.STORE_FILE)
    try:
        rows = live.query("SELECT passage_id, doc_id, position, text, heading FROM passages ORDER BY row")
        return [Passage(r["passage_id"], r["doc_id"], r["position"], r["text"], r["heading"]).text_for_embedding for r in rows]
    finally:
        live.close()


def search_latencies(kb: KnowledgeBase, queries: list[str], warmup: int) -> list[float]:
    """Milliseconds per end-to-end search (top 10), after `warmup` untimed queries."""
    for query in queries[:warmup]:
        kb.search(query, top_k=10)
    latencies = []
    for query in queries[warmup:]:
        start = time.perf_counter()
        kb.search(query, top_k=10)
        latencies.append((time.perf_counter() - start) * 1000)
    return latencies


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "unknown")
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version()}


def run(target: int, query_count: int) -> dict:
    rows = [json.loads(line) for line in DATA.open(encoding="utf-8") if line.strip()]
    eligible = [r["text"] for r in rows if len(r["text"].split()) >= MIN_WORDS]
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        folder, index_dir = Path(tmp) / "docs", Path(tmp) / "index"
        folder.mkdir()
        log("building the folder")
        used = set(eligible[: build_folder(eligible, folder, target)])
        unused = [r["text"].split() for r in rows if r["text"] not in used and len(r["text"].split()) >= 8]
        queries = [" ".join(words[: 8 + i % 5]) for i, words in enumerate(unused[: query_count + WARMUP_QUERIES])]
        if len(queries) < query_count + WARMUP_QUERIES:
            sys.exit(f"only {len(queries)} unused paragraphs for queries")

        log("loading the embedder")
        start = time.perf_counter()
        embedder = load_embedder()
        load_s = time.perf_counter() - start
        embed_texts(embedder, ["Silts sākums modelim."] * 4)  # first-call costs stay out of both timings
        settings = Settings(index_dir=index_dir)

        log("ingest from scratch")
        start = time.perf_counter()
        result = sync_index([folder], settings, embedder=embedder)
        ingest_s = time.perf_counter() - start
        counts = result.manifest["counts"]

        texts = stored_texts(index_dir)
        log(f"embedder alone on the {len(texts)} stored passages")
        start = time.perf_counter()
        embed_texts(embedder, texts)
        embed_s = time.perf_counter() - start

        log("re-sync of the unchanged folder")
        start = time.perf_counter()
        again = sync_index([folder], settings, embedder=embedder)
        resync_s = time.perf_counter() - start
        if again.written:
            log("WARNING: the unchanged re-sync wrote a new generation")

        log(f"search: {WARMUP_QUERIES} warm-up + {query_count} queries")
        kb = KnowledgeBase(index_dir)
        latencies = search_latencies(kb, queries, WARMUP_QUERIES)
        kb.close()

    passages, files = counts["passages"], counts["files"]
    return {
        "passages": passages,
        "files": files,
        "documents": counts["documents"],
        "model_load_s": round(load_s, 2),
        "embedder_s": round(embed_s, 2),
        "embedder_passages_per_s": round(len(texts) / embed_s, 2),
        "ingest_s": round(ingest_s, 2),
        "ingest_passages_per_s": round(passages / ingest_s, 2),
        "ingest_embedder_ratio": round(ingest_s / embed_s, 3),
        "overhead_pct": round((ingest_s / embed_s - 1) * 100, 1),
        "resync_s": round(resync_s, 3),
        "resync_s_per_1000_files": round(resync_s / files * 1000, 3),
        "resync_written": again.written,
        "queries": query_count,
        "search_p50_ms": round(statistics.median(latencies), 1),
        "search_p95_ms": round(percentile(latencies, 95), 1),
        "machine": machine(),
    }


def table(r: dict) -> str:
    m = r["machine"]
    lines = [
        ("passages (manifest)", r["passages"]),
        ("files", r["files"]),
        ("embedder alone, passages/s", f"{r['embedder_passages_per_s']:.2f}  ({r['embedder_s']:.1f} s)"),
        ("ingest, passages/s", f"{r['ingest_passages_per_s']:.2f}  ({r['ingest_s']:.1f} s)"),
        ("ingest / embedder", f"{r['ingest_embedder_ratio']:.3f}"),
        ("pipeline overhead", f"{r['overhead_pct']:.1f} %"),
        (
            "unchanged re-sync",
            f"{r['resync_s']:.3f} s  ({r['resync_s_per_1000_files']:.3f} s / 1000 files, written={r['resync_written']})",  # noqa: E501
        ),
        ("model load (not in the above)", f"{r['model_load_s']:.2f} s"),
        (f"search p50 ({r['queries']} queries)", f"{r['search_p50_ms']:.1f} ms"),
        ("search p95", f"{r['search_p95_ms']:.1f} ms"),
        ("machine", f"{m['cpu']}, {m['cores']} cores, Python {m['python']}"),
    ]
    width = max(len(name) for name, _ in lines)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, help="passages to ingest, at least (default 1000)")
    parser.add_argument("--queries", type=int, help="timed search queries (default 100)")
    parser.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    parser.add_argument("--quick", action="store_true", help="200 passages, 30 queries")
    args = parser.parse_args()
    target = args.passages or (200 if args.quick else 1000)
    query_count = args.queries or (30 if args.quick else 100)
    result = run(target, query_count)
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
