"""Rebuild the evaluation sets in eval/ from ../shared (FLORES-200, the seed queries, FullStack-LV distractors).

    .venv/bin/python scripts/build_eval_sets.py [--shared ../shared]

Writes (committed):
  eval/seed_dev.jsonl                 84 queries over corpus/ (gold substrings)
  eval/flores/passages/*.txt          281 Latvian FLORES-200 devtest passages, one document each
  eval/flores/en2lv.jsonl             1,012 English sentence queries -> their Latvian passage (gold_doc)
  eval/flores_loo/passages/*.txt      the same passages with the query sentence left out
  eval/flores_loo/lv2lv.jsonl         280 Latvian queries whose sentence is not in the passage (gold_doc)
and (not committed, rebuilt on demand, see `make eval`):
  eval/build/distractors/*.txt        4,231 real Latvian paragraphs (FullStack-LV) in their 2,306 documents,
                                      to index beside corpus/
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO / "eval"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def write_passages(folder: Path, passages: list[dict]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for passage in passages:
        (folder / f"{passage['passage_id']}.txt").write_text(passage["text_lv"] + "\n", encoding="utf-8")


def build_committed_sets(shared: Path) -> None:
    shutil.copy(shared / "eval" / "seed_dev_queries.jsonl", EVAL / "seed_dev.jsonl")
    flores = shared / "data" / "flores200_lv_en"
    write_passages(EVAL / "flores" / "passages", read_jsonl(flores / "passages.jsonl"))
    write_jsonl(
        EVAL / "flores" / "en2lv.jsonl",
        [
            {
                "id": q["query_id"],
                "query": q["query_en"],
                "lang": "en",
                "kind": "flores",
                "gold_doc": q["gold_passage_id"],
            }
            for q in read_jsonl(flores / "queries_en2lv.jsonl")
        ],
    )
    write_passages(EVAL / "flores_loo" / "passages", read_jsonl(flores / "loo_passages.jsonl"))
    write_jsonl(
        EVAL / "flores_loo" / "lv2lv.jsonl",
        [
            {
                "id": q["query_id"],
                "query": q["query_lv"],
                "lang": "lv",
                "kind": "flores-loo",
                "gold_doc": q["gold_passage_id"],
            }
            for q in read_jsonl(flores / "loo_queries.jsonl")
        ],
    )


def build_distractors(shared: Path) -> Path:
    """The FullStack-LV paragraphs put back into their 2,306 source documents, one text file each."""
    folder = EVAL / "build" / "distractors"
    documents: dict[str, list[str]] = {}
    for paragraph in read_jsonl(shared / "data" / "fullstack_lv" / "paragraphs.jsonl"):
        documents.setdefault(paragraph["doc_id"], []).append(paragraph["text"])
    if folder.exists() and len(list(folder.iterdir())) == len(documents):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for doc_id, paragraphs in documents.items():
        (folder / f"fullstack-{doc_id}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--distractors-only", action="store_true", help="only (re)build eval/build/distractors")
    args = parser.parse_args()
    if not args.distractors_only:
        build_committed_sets(args.shared)
    print(build_distractors(args.shared))


if __name__ == "__main__":
    main()
