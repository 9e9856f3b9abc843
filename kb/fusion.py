"""Fuse the dense and keyword rankings by rank (BM25 scores are unbounded), weighting the keyword leg
by how much it can help this query."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

# Measured with `kb eval` on every shipped set (docs/search-quality.md): the values for which the
# hybrid was at least as good as the better leg on each of them, with the best mean MRR.
RRF_K = 7  # reciprocal-rank constant; small, so the first ranks of each leg count (60 measured worse here)
SAME_LANGUAGE_BOOST = 1.3  # a query in the passages' language: BM25 is at its best
OTHER_LANGUAGE_DAMPING = 0.3  # another language: shared words are fewer and partly accidental


@dataclass(frozen=True)
class Fused:
    row: int
    score: float
    dense_rank: int | None  # 1-based rank in each leg, None when that leg did not return it
    keyword_rank: int | None


def keyword_weight(same_language: bool, known_share: float) -> float:
    """How far to trust BM25 for this query, relative to the dense leg.

    BM25 helps when the query shares words with the passages. known_share is the share of the
    query's IDF mass found in the collection (KeywordIndex.known_share): about 1 for a query in
    the passages' language, and for a query in another language only as high as its rare
    shared words (names, numbers) make it. The factors were measured with `kb eval` on FLORES
    and on the seed queries among distractors (docs/search-quality.md).
    """
    return known_share * (SAME_LANGUAGE_BOOST if same_language else OTHER_LANGUAGE_DAMPING)


def fuse_rankings(
    dense: Sequence[int], keyword: Sequence[int], weight_keyword: float, unreadable: Collection[int] = ()
) -> list[Fused]:
    """Weighted reciprocal-rank fusion of two ranked lists of rows (best first).

    unreadable rows are passages the keyword leg cannot read: in another language than the question (a Latvian
    question, a Russian or English report; KnowledgeBase._unreadable). Matching a name or a number in them is all it
    can do, so its vote for them is their dense rank's (its own rank when better): they are ranked on meaning, as
    if both legs agreed. Without it, every Latvian paragraph sharing a word with a Latvian question ranked above the
    Russian passage that answers it (docs/search-quality.md: collections in two languages, with what it costs)."""
    dense_rank = {row: rank for rank, row in enumerate(dense, start=1)}
    keyword_rank = {row: rank for rank, row in enumerate(keyword, start=1)}
    fused = []
    for row in dense_rank.keys() | keyword_rank.keys():
        ranks = [keyword_rank[row]] if row in keyword_rank else []
        if row in unreadable and row in dense_rank:
            ranks.append(dense_rank[row])
        score = weight_keyword / (RRF_K + min(ranks)) if ranks else 0.0
        if row in dense_rank:
            score += 1.0 / (RRF_K + dense_rank[row])
        fused.append(Fused(row, score, dense_rank.get(row), keyword_rank.get(row)))
    fused.sort(key=lambda f: (-f.score, f.dense_rank or 10**9, f.row))
    return fused
