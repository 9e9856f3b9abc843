"""Evaluation: the metrics, the hit rules, and `kb eval` on the sample corpus."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from cli import cli
from kb.errors import QueriesInvalid
from kb.evaluate import EvalQuery, load_queries, summarise
from kb.types import Hit


def hit(text: str = "", source: str = "docs/a.txt") -> Hit:
    return Hit("d:0", text, 1.0, "t", source, None, None, "lv", "d", "", (), (), (), (), 1, None)


def test_metrics_from_first_relevant_ranks():
    metrics = summarise([1, 2, None, 11])
    assert metrics["R@1"] == 0.25 and metrics["R@5"] == 0.5 and metrics["R@10"] == 0.5
    assert metrics["MRR@10"] == pytest.approx((1 + 0.5) / 4)
    assert metrics["nDCG@10"] == pytest.approx((1 + 1 / 1.5849625) / 4)


def test_gold_substrings_ignore_how_white_space_was_split():
    query = EvalQuery("q", "x", "lv", "plain", gold=("kontaktiem. Piedaloties",))
    assert query.is_relevant(hit("personiskiem kontaktiem.\nPiedaloties dažādos"))
    assert not query.is_relevant(hit("kontaktiem"))


def test_gold_documents_match_by_file_name_with_or_without_extension():
    query = EvalQuery("q", "x", "en", "flores", gold_doc="flores-devtest-p000")
    assert query.is_relevant(hit(source="passages/flores-devtest-p000.txt"))
    assert not query.is_relevant(hit(source="passages/flores-devtest-p001.txt"))


def test_a_line_that_is_not_a_query_is_named_in_one_line(tmp_path, corpus_index):
    from click.testing import CliRunner

    from cli import cli

    path = tmp_path / "q.jsonl"
    bad_lines = [(json.dumps({"query": "x"}), "a query needs 'gold' substrings or a 'gold_doc'"),
                 ('{"query": "x", "gold": ["y"', "not JSON"), ('["x"]', "a JSON object with a 'query' string")]
    for line, reason in bad_lines:
        path.write_text(json.dumps({"query": "a", "gold": "b"}) + "\n" + line + "\n")
        with pytest.raises(QueriesInvalid, match=f"q.jsonl:2: .*{re.escape(reason)}"):
            load_queries(path)
        result = CliRunner().invoke(cli, ["eval", str(path), "--index", str(corpus_index)])
        assert result.exit_code == 1 and result.output.startswith(f"Error: {path}:2: ")
    path.write_text("\n")  # an empty file measured nothing: it scored 0 and exited 0
    result = CliRunner().invoke(cli, ["eval", str(path), "--index", str(corpus_index)])
    assert result.exit_code == 1 and result.output.startswith(f"Error: {path} has no queries")


def test_kb_eval_prints_every_mode_side_by_side(corpus_index, tmp_path):
    queries = tmp_path / "q.jsonl"
    rows = [
        {
            "id": "1",
            "query": "how to find partners for an Erasmus project",
            "lang": "en",
            "kind": "plain",
            "gold": ["Partneru meklēšanā vislielākā nozīme"],
        },
        {
            "id": "2",
            "query": "kafejnīca senioriem",
            "lang": "lv",
            "kind": "plain",
            "gold_doc": "esto-erasmus-mobility-portugal",
        },
    ]
    queries.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    result = CliRunner().invoke(cli, ["eval", str(queries), "--index", str(corpus_index), "--json"])
    report = json.loads(result.output)
    assert set(report["overall"]) == {"dense", "keyword", "hybrid"}
    assert report["overall"]["hybrid"]["R@5"] == 1.0
    assert set(report["groups"]) == {"en plain", "lv plain"}
    table = CliRunner().invoke(cli, ["eval", str(queries), "--index", str(corpus_index)]).output
    assert table.splitlines()[0].split() == ["queries", "mode", "n", "R@1", "R@5", "R@10", "MRR@10", "nDCG@10"]
