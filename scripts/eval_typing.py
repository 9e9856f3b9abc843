"""The Latvian seed questions typed as people type them on an English keyboard: with their diacritics, in translits
("jaunieshu apmainjaa": a long vowel twice, "sh", "ch", "zh", "nj" ...), with only "sh", "ch", "zh" and the rest
plain, and without diacritics. Prints MRR@10 and Recall@10 of the hybrid for each, over an index (kb/query.py reads
the others back to the first).

    .venv/bin/python scripts/eval_typing.py --index eval/build/index-seed [--queries eval/seed_dev.jsonl]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kb.evaluate import DEPTH, first_relevant_rank, load_queries, summarise
from kb.search import KnowledgeBase

PLAIN = dict(zip("āčēģīķļņšūž", "acegiklnsuz"))
TRANSLITS = {"ā": "aa", "ē": "ee", "ī": "ii", "ū": "uu", "č": "ch", "š": "sh", "ž": "zh", "ģ": "gj", "ķ": "kj", "ļ": "lj",
             "ņ": "nj"}  # fmt: skip
STYLES = {
    "as written": {},
    "translits": TRANSLITS,
    '"sh", "ch", "zh" only': {letter: TRANSLITS[letter] for letter in "čšž"},
    "without diacritics": PLAIN,
}


def typed(query: str, letters: dict[str, str]) -> str:
    """The query in small letters as typed so, letters without a spelling of their own typed plain."""
    return "".join(letters.get(c, PLAIN.get(c, c)) if letters else c for c in query.lower())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=Path, default=Path("eval/seed_dev.jsonl"))
    args = parser.parse_args()
    queries = [query for query in load_queries(args.queries) if query.lang == "lv"]
    knowledge_base = KnowledgeBase(args.index)
    print(f"{len(queries)} Latvian queries of {args.queries}, hybrid, over {args.index}")
    print(f"| typed | MRR@{DEPTH} | Recall@{DEPTH} |\n| --- | --- | --- |")
    for style, letters in STYLES.items():
        ranks = [first_relevant_rank(knowledge_base.search(typed(query.query, letters), top_k=DEPTH), query)
                 for query in queries]  # fmt: skip
        figures = summarise(ranks)
        print(f"| {style} | {figures['MRR@10']:.3f} | {figures['R@10']:.3f} |")
    knowledge_base.close()


if __name__ == "__main__":
    main()
