"""Calibrate weak_match: how often questions nothing answers get only weak hits, and how often the
gold hits of questions the index does answer are (wrongly) weak.

    python scripts/calibrate_weak.py --index eval/build/index-seed-distractors \
        --answered eval/seed_dev.jsonl eval/seed_ru.jsonl --unanswered eval/off_topic.jsonl

For every answered question whose gold passage is in the top 10, the gold hit's evidence
(similarity, keyword share) is collected; for every unanswered question, the evidence of all its
top 10 hits. The rule in kb/hits.py (is_weak_match) is then tried with a grid of thresholds:
the table shows, for each, the share of unanswered questions with only weak hits (target >= 0.70)
and the share of gold hits that are not weak (target >= 0.90), the shipped thresholds marked.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from ingest.enrich import writing_script
from kb.evaluate import load_queries
from kb.hits import WEAK_KEYWORD_SHARE, WEAK_SIMILARITY_OTHER_LANGUAGE, WEAK_SIMILARITY_SAME_LANGUAGE
from kb.query import as_meant
from kb.query_language import detect_query_language
from kb.search import KnowledgeBase


def evidence(knowledge_base: KnowledgeBase, query: str) -> list[tuple[float | None, float, bool]]:
    """Each hit's similarity, keyword share, and whether it is in the question's language (as kb/hits.py judges)."""
    meant = as_meant(query)
    language, script = detect_query_language(meant), writing_script(meant)
    return [
        (hit.similarity, hit.keyword_share, KnowledgeBase._same_language(hit.language, language, script))
        for hit in knowledge_base.search(query, top_k=10)
    ]


def weak(item: tuple[float | None, float, bool], share: float, same: float, other: float) -> bool:
    similarity, keyword_share, same_language = item
    if keyword_share >= share:
        return False
    return similarity is None or similarity < (same if same_language else other)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--answered", type=Path, nargs="+", required=True)
    parser.add_argument("--unanswered", type=Path, required=True)
    args = parser.parse_args()
    knowledge_base = KnowledgeBase(args.index)
    gold, missed = [], 0
    for path in args.answered:
        for query in load_queries(path):
            hits = knowledge_base.search(query.query, top_k=10)
            found = [hit for hit in hits if query.is_relevant(hit)]
            if not found:
                missed += 1
                continue
            same_language = found[0].language == detect_query_language(query.query)
            gold.append((query.lang, (found[0].similarity, found[0].keyword_share, same_language)))
    unanswered = []
    for line in args.unanswered.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            unanswered.append((row["lang"], evidence(knowledge_base, row["query"])))
    shipped = (WEAK_KEYWORD_SHARE, WEAK_SIMILARITY_SAME_LANGUAGE, WEAK_SIMILARITY_OTHER_LANGUAGE)
    print(f"{args.index}: {len(gold)} gold hits in the top 10 ({missed} answered questions missed),", end=" ")
    print(f"{len(unanswered)} unanswered questions")
    print(f"{'share':>5} {'same':>5} {'other':>5}  unanswered: only weak (lv en ru)   gold: not weak")
    grid = itertools.product((0.4, 0.5, 0.6), (0.83, 0.84, 0.85, 0.86, 0.87), (0.79, 0.80, 0.81, 0.82, 0.83))
    for thresholds in sorted(set(grid) | {shipped}):
        only_weak = {
            lang: [all(weak(e, *thresholds) for e in hits) for asked_in, hits in unanswered if asked_in == lang]
            for lang in ("lv", "en", "ru")
        }
        share_weak = sum(sum(v) for v in only_weak.values()) / len(unanswered)
        not_weak = sum(not weak(e, *thresholds) for _, e in gold) / max(len(gold), 1)
        by_lang = " ".join(f"{sum(v) / max(len(v), 1):.2f}" for v in only_weak.values())
        mark = "  <- shipped" if thresholds == shipped else ""
        share, same, other = thresholds
        print(f"{share:>5} {same:>5} {other:>5}  {share_weak:>6.2f} ({by_lang})       {not_weak:>6.2f}{mark}")


if __name__ == "__main__":
    main()
