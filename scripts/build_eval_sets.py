"""Rebuild the evaluation sets in eval/ from ../shared (FLORES-200, the seed queries, FullStack-LV distractors).

    .venv/bin/python scripts/build_eval_sets.py [--shared ../shared]

Writes (committed):
  eval/seed_dev.jsonl                 84 queries over corpus/ (gold substrings)
  eval/flores/passages/*.txt          281 Latvian FLORES-200 devtest passages, one document each
  eval/flores/en2lv.jsonl             1,012 English sentence queries -> their Latvian passage (gold_doc)
  eval/flores_loo/passages/*.txt      the same passages with the query sentence left out
  eval/flores_loo/lv2lv.jsonl         280 Latvian queries whose sentence is not in the passage (gold_doc)
  eval/flores/xx2lv.jsonl             every tenth FLORES sentence in 23 other languages -> its Latvian passage
  eval/flores_ru/passages/*.txt       the 281 FLORES-200 devtest articles in Russian, one document each
  eval/flores_ru/lv2ru.jsonl          1,012 Latvian sentence queries -> the Russian article holding their translation
  eval/flores_en/passages/*.txt       the same articles in English
  eval/flores_en/lv2en.jsonl          the same queries -> the English article
and (not committed, rebuilt on demand, see `make eval`):
  eval/build/distractors/*.txt        4,231 real Latvian paragraphs (FullStack-LV) in their 2,306 documents,
                                      to index beside corpus/
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO / "eval"
sys.path.insert(0, str(REPO))
from ingest.windows import sentence_spans  # noqa: E402

# FLORES-200's code of each other language whose questions are checked against the Latvian passages: those the query
# adapter shifts toward Latvian (scripts/train_adapter.py), Russian included.
# Not Greek: the sentence rule knows no Greek capitals, so its articles are never cut as the Latvian ones are.
OTHER_LANGUAGES = {
    "ru": "rus_Cyrl", "uk": "ukr_Cyrl", "pt": "por_Latn", "de": "deu_Latn", "fr": "fra_Latn", "es": "spa_Latn",
    "it": "ita_Latn", "pl": "pol_Latn", "lt": "lit_Latn", "et": "est_Latn", "fi": "fin_Latn", "sv": "swe_Latn",
    "da": "dan_Latn", "no": "nob_Latn", "nl": "nld_Latn", "cs": "ces_Latn", "sl": "slv_Latn", "hr": "hrv_Latn",
    "hu": "hun_Latn", "ro": "ron_Latn", "ca": "cat_Latn", "tr": "tur_Latn", "sk": "slk_Latn",
}  # fmt: skip
EVERY_NTH_SENTENCE = 10


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def write_passages(folder: Path, passages: list[dict], text: str = "text_lv") -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for passage in passages:
        (folder / f"{passage['passage_id']}.txt").write_text(passage[text] + "\n", encoding="utf-8")


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
    write_jsonl(EVAL / "flores" / "xx2lv.jsonl", other_language_queries(shared, read_jsonl(flores / "passages.jsonl")))
    write_russian_articles(shared, EVAL / "flores_ru" / "passages")
    write_passages(EVAL / "flores_en" / "passages", read_jsonl(flores / "passages.jsonl"), "text_en")
    for language in ("ru", "en"):  # a collection in Latvian and that language, the questions Latvian
        write_jsonl(
            EVAL / f"flores_{language}" / f"lv2{language}.jsonl",
            [
                {
                    "id": q["query_id"],
                    "query": q["query_lv"],
                    "lang": "lv",
                    "kind": f"flores-{language}",
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


def flores_articles(shared: Path, codes: dict[str, str]) -> dict[tuple[str, str], str]:
    """(language, article number "p000") -> the devtest article's text, for FLORES-200 codes ("rus_Cyrl": "ru")."""
    articles: dict[tuple[str, str], str] = {}
    with gzip.open(shared / "data" / "scale_multilingual" / "passages.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["lang"] in codes and row["source"] == "flores200-devtest":
                articles[(codes[row["lang"]], row["id"].rsplit("/", 1)[1])] = row["text"]
    return articles


def write_russian_articles(shared: Path, folder: Path) -> None:
    """The Russian FLORES articles, named as their Latvian passages: a Latvian and Russian collection."""
    articles = flores_articles(shared, {"rus_Cyrl": "ru"})
    if len(articles) != 281:
        raise SystemExit(f"expected FLORES-200's 281 devtest articles in Russian, found {len(articles)}")
    rows = [{"passage_id": f"flores-devtest-{number}", "text_ru": text} for (_, number), text in sorted(articles.items())]
    write_passages(folder, rows, "text_ru")


def other_language_queries(shared: Path, passages: list[dict]) -> list[dict]:
    """Every tenth FLORES sentence in each of OTHER_LANGUAGES, as a query for its Latvian passage. The multilingual
    file has whole articles, so an article's sentences are cut by the windows' sentence rule, and an article is used
    only when that gives as many sentences as the Latvian passage has."""
    articles = flores_articles(shared, {code: language for language, code in OTHER_LANGUAGES.items()})
    queries = []
    for language in OTHER_LANGUAGES:
        for passage in passages:
            text = articles.get((language, passage["passage_id"].rsplit("-", 1)[1]), "")
            sentences = [text[start:end] for start, end in sentence_spans(text)]
            if len(sentences) != len(passage["sentence_ids"]):
                continue
            for sentence_id, sentence in zip(passage["sentence_ids"], sentences):
                if sentence_id % EVERY_NTH_SENTENCE == 0:
                    queries.append(
                        {
                            "id": f"flores-devtest-{language}-q{sentence_id:04d}",
                            "query": sentence,
                            "lang": language,
                            "kind": "flores",
                            "gold_doc": passage["passage_id"],
                        }
                    )
    return queries


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
