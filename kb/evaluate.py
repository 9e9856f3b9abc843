"""Retrieval evaluation: Recall@1/5/10, MRR@10 and nDCG@10 for each search mode, overall and per group.

A query file has one JSON object a line: {"id", "query", "lang", "kind"?} and either
- "gold": [substring, ...]: a hit is relevant when its text, with runs of white space folded to
  one space, contains one of them (the hit rule of ../shared/eval, independent of splitting), or
- "gold_doc": name: a hit is relevant when it comes from that document (file name with or
  without its extension, as ingested, or the document id).
Each query has one answer, so nDCG@10 is 1/log2(1 + rank of the first relevant hit).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kb.errors import QueriesInvalid
from kb.search import KnowledgeBase, SearchMode
from kb.types import Hit

MODES: tuple[SearchMode, ...] = ("dense", "keyword", "hybrid")
DEPTH = 10


@dataclass(frozen=True)
class EvalQuery:
    id: str
    query: str
    lang: str
    kind: str
    gold: tuple[str, ...] = ()
    gold_doc: str = ""

    def is_relevant(self, hit: Hit) -> bool:
        if self.gold_doc:
            source = Path(hit.source)
            return self.gold_doc in (hit.doc_id, source.name, source.stem)
        text = " ".join(hit.text.split())
        return any(gold in text for gold in self.gold)


def load_queries(path: Path) -> list[EvalQuery]:
    """The queries of a JSON Lines file; QueriesInvalid names the line that is not one."""
    queries = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise QueriesInvalid(f"cannot read {path}: {error}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise QueriesInvalid(f"{path}:{number}: not JSON ({error.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("query"), str):
            raise QueriesInvalid(f"{path}:{number}: a line is a JSON object with a 'query' string")
        gold = row.get("gold", ())
        gold = tuple(" ".join(g.split()) for g in ([gold] if isinstance(gold, str) else gold) if isinstance(g, str))
        if not gold and not row.get("gold_doc"):
            raise QueriesInvalid(f"{path}:{number}: a query needs 'gold' substrings or a 'gold_doc'")
        queries.append(
            EvalQuery(
                str(row.get("id", number)),
                row["query"],
                row.get("lang", "?"),
                row.get("kind", ""),
                gold,
                row.get("gold_doc", ""),
            )
        )
    if not queries:  # an empty file measured nothing: not a score of 0 with exit 0
        raise QueriesInvalid(f"{path} has no queries: one JSON object a line, with a 'query' and its 'gold'")
    return queries


def first_relevant_rank(hits: Sequence[Hit], query: EvalQuery) -> int | None:
    return next((rank for rank, hit in enumerate(hits, start=1) if query.is_relevant(hit)), None)


def summarise(ranks: Sequence[int | None]) -> dict[str, float]:
    """Metrics from the rank of each query's first relevant hit (None: not in the top DEPTH)."""
    count = max(len(ranks), 1)
    found = [rank for rank in ranks if rank is not None and rank <= DEPTH]
    return {
        "queries": len(ranks),
        "R@1": sum(rank <= 1 for rank in found) / count,
        "R@5": sum(rank <= 5 for rank in found) / count,
        "R@10": len(found) / count,
        "MRR@10": sum(1 / rank for rank in found) / count,
        "nDCG@10": sum(1 / math.log2(rank + 1) for rank in found) / count,
    }


def evaluate(knowledge_base: KnowledgeBase, queries: Iterable[EvalQuery], modes: Sequence[SearchMode] = MODES) -> dict:
    """{"overall": {mode: metrics}, "groups": {"lv plain": {mode: metrics}, ...}, "misses": {mode: [ids]}}."""
    ranks: dict[str, dict[SearchMode, list[int | None]]] = defaultdict(lambda: defaultdict(list))
    misses: dict[str, list[str]] = defaultdict(list)
    for query in queries:
        group = f"{query.lang} {query.kind}".strip()
        for mode in modes:
            rank = first_relevant_rank(knowledge_base.search(query.query, top_k=DEPTH, mode=mode), query)
            ranks["overall"][mode].append(rank)
            ranks[group][mode].append(rank)
            if rank is None:
                misses[mode].append(query.id)
    return {
        "overall": {mode: summarise(ranks["overall"][mode]) for mode in modes},
        "groups": {
            group: {mode: summarise(r[mode]) for mode in modes} for group, r in sorted(ranks.items()) if group != "overall"
        },
        "misses": dict(misses),
    }


def format_table(report: dict) -> str:
    """One row per group and mode, metrics side by side."""
    header = f"{'queries':<18} {'mode':<8} {'n':>5} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR@10':>7} {'nDCG@10':>8}"
    lines = [header, "-" * len(header)]
    for group, by_mode in [("all", report["overall"]), *report["groups"].items()]:
        for mode, m in by_mode.items():
            lines.append(
                f"{group:<18} {mode:<8} {m['queries']:>5} {m['R@1']:>6.3f} {m['R@5']:>6.3f} {m['R@10']:>6.3f} {m['MRR@10']:>7.3f} {m['nDCG@10']:>8.3f}"  # noqa: E501
            )
    return "\n".join(lines)
