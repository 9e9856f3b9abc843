"""A search hit made from its passage's row (hit_of), judged weak when neither leg vouches for it (is_weak_match), and
the hits that say the same thing as a better one dropped (drop_near_duplicates)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import PurePath

from kb import boilerplate, store
from kb.analysis import analyse
from kb.similarity import Similarity
from kb.types import Hit

NEAR_DUPLICATE = 0.9  # share of terms two hits have in common (Jaccard) to show only the better one
HELD, ADDED_AT_MOST = 0.97, 0.8  # or the one holds (nearly) all the other's terms, and the other is not much shorter,
HELD_TERMS = 20  # when the one held has this many terms (a short passage's one other term, "numur 12", is what it says)
# A hit is a weak match when it holds less than this share of the query's keywords (by IDF) ...
WEAK_KEYWORD_SHARE = 0.4
# ... and its similarity is below this (queries in a language the passages are in / in another one). The similarity
# counts the best window as ranking does (kb/similarity.py window_use): run scripts/calibrate_weak.py again after
# changing how windows count.
WEAK_SIMILARITY_SAME_LANGUAGE = 0.85
WEAK_SIMILARITY_OTHER_LANGUAGE = 0.79


def drop_near_duplicates(
    hits: list[Hit], hit_terms: list[set[str]] | None = None, threshold: float = NEAR_DUPLICATE
) -> list[Hit]:
    """Keep the best of passages that say the same thing (a report and its edited copy, repeated slides);
    hit_terms, when given, are the analysed terms of each hit. When the best is a draft (its file named so) or a copy
    at second hand (a scan's OCR, a file attached to an e-mail or packed in an archive) and a lower one is not, the
    latter takes the former's place and score: a citation of the final report on the drive, in its exact words and
    figures, rather than of a draft or a scanned or e-mailed copy."""
    kept: list[tuple[Hit, set[str]]] = []
    for number, hit in enumerate(hits):
        terms = hit_terms[number] if hit_terms is not None else set(analyse(hit.text))
        same = next((place for place, (_, seen) in enumerate(kept) if _say_the_same(terms, seen, threshold)), None)
        if same is None:
            kept.append((hit, terms))
        elif _less_citable(hit) < _less_citable(kept[same][0]):
            kept[same] = (replace(hit, score=kept[same][0].score), terms)
    return [hit for hit, _ in kept]


def _say_the_same(terms: set[str], seen: set[str], threshold: float) -> bool:
    """Whether two passages' terms are near the same (Jaccard), or the one holds all but a few of the other's and is not
    much longer (an edited version's section with a sentence added: "... Labojumi pēc valdes sēdes 2025. gada 3.
    jūnijā." took a tester's section to 0.88)."""
    shared = len(terms & seen)
    smaller, larger = sorted((len(terms), len(seen)))
    held = smaller >= HELD_TERMS and shared >= HELD * smaller and smaller >= ADDED_AT_MOST * larger
    return shared >= threshold * len(terms | seen) or held


DRAFT = re.compile(r"(?<![^\W\d_])(?:draft|melnrakst|uzmetum|черновик)", re.IGNORECASE)  # a file named so ("overdraft" not)
# ... and the version named final ("atskaite_2023_GALIGA.docx", "final_v3", "galīgā versija", "окончательный"), not "NOT_FINAL",
# "nav_galigs", "semi-final", "pre_final"
FINAL = re.compile(
    r"(?<![^\W\d_])(?<!(?:not|nav|pre)[\W_])(?<!(?:ne|не)[\W_])(?<!semi[\W_])"
    r"(?:final|galīg[a-zāēīū]*|galig[a-z]*|окончательн[а-яё]*)(?![^\W\d_])",
    re.IGNORECASE,
)


def _less_citable(hit: Hit) -> tuple[bool, bool, bool, bool]:
    """Why a hit is the worse of two saying the same: a draft's (its file's or attachment's name, not its folder's),
    then not named final, then read by OCR, then attached or packed."""
    named = f"{PurePath(hit.source).name} {PurePath(hit.attachment).name}"
    return bool(DRAFT.search(named)), not FINAL.search(named), hit.ocr, bool(hit.attachment)


def own_window(text: str, similarity: Similarity | None, shared: frozenset[str]) -> Similarity | None:
    """The similarity with its best window shown without the shared sentences at its ends (kb/boilerplate.py)."""
    if similarity is None or similarity.window is None or not shared:
        return similarity
    start, end = boilerplate.own_span(text, similarity.window.start, similarity.window.end, shared)
    return replace(similarity, window=replace(similarity.window, start=start, end=end))


def is_weak_match(similarity: float | None, keyword_share: float, same_language: bool) -> bool:
    """True when neither leg vouches for a hit: it is only the nearest thing the index has.

    keyword_share is the share of the query's IDF mass the passage contains. The thresholds were
    calibrated with scripts/calibrate_weak.py (docs/search-quality.md).
    """
    if keyword_share >= WEAK_KEYWORD_SHARE:
        return False
    threshold = WEAK_SIMILARITY_SAME_LANGUAGE if same_language else WEAK_SIMILARITY_OTHER_LANGUAGE
    return similarity is None or similarity < threshold


def hit_of(
    row,
    score: float,
    dense_rank: int | None,
    keyword_rank: int | None,
    similarity: Similarity | None = None,
    keyword_share: float = 0.0,
    weak_match: bool = False,
) -> Hit:
    window = similarity.window if similarity else None
    passage = store.passage_of(row)
    matched_pages = passage.pages_of(window.start, window.end) if window else (None, None)
    # cited by the pages of its statements: a slide's title printed at the foot of the page before is not one
    first_page, last_page = passage.pages_of(0, len(passage.text))
    organisations, project_numbers = store.cited_metadata(row)
    return Hit(
        passage_id=row["passage_id"],
        text=row["text"],
        score=round(score, 6),
        title=row["title"],
        source=row["source"],
        page=first_page,
        page_end=last_page,
        language=row["language"],
        doc_id=row["doc_id"],
        heading=row["heading"],
        organisations=organisations,
        project_numbers=project_numbers,
        years=tuple(json.loads(row["years"])),
        countries=tuple(json.loads(row["countries"])),
        themes=tuple(json.loads(row["themes"])),
        kind=passage.kind,
        kinds=passage.kinds,
        dense_rank=dense_rank,
        keyword_rank=keyword_rank,
        matched_text=row["text"][window.start : window.end] if window else None,
        matched_start=window.start if window else None,
        matched_end=window.end if window else None,
        matched_page=matched_pages[0],
        matched_page_end=matched_pages[1],
        similarity=round(similarity.cosine, 4) if similarity else None,
        keyword_share=round(keyword_share, 3),
        weak_match=weak_match,
        ocr=bool(row["ocr"]),
        attachment=store.attachment_of(row),
        file_type=row["file_type"],
        sheet=store.sheet_of(row),
    )
