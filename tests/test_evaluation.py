"""Evaluation: metric functions on hand-made cases, dataset validation, the `eval` CLI and the Evaluation page."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

from eaeu_qa import evaluation as ev
from eaeu_qa.records import Answer
from eaeu_qa.settings import PROJECT_ROOT

SMOKE = PROJECT_ROOT / "eval" / "smoke.jsonl"
GOLD = "the member States workers are not required to obtain a permit"


def _item(**fields) -> ev.EvalItem:
    base = dict(id="tr01", question="q?", history=[], answerable=True, gold_passages=[GOLD], key_facts=[])
    base.update(fields)
    return ev.EvalItem(**base)


def _citation(n: int, quote: str, passage: str | None = None) -> dict:
    return {"n": n, "quote": quote, "passage": passage if passage is not None else quote, "source_id": "x"}


# --- retrieval metrics -------------------------------------------------------------------------------

PASSAGES = ["Unrelated text about customs.", "Another unrelated passage.",
            "Under Art. 97, The Member-States workers are NOT required to obtain a permit for work.",
            "Nothing here."]


def test_gold_rank_matches_word_sequence_ignoring_case_and_punctuation():
    assert ev.gold_rank(PASSAGES, [GOLD]) == 3
    assert ev.gold_rank(PASSAGES, ["workers are required to obtain"]) is None


@pytest.mark.parametrize("k, expected", [(1, 0.0), (2, 0.0), (3, 1.0), (8, 1.0)])
def test_hit_at_k(k, expected):
    assert ev.hit_at(PASSAGES, [GOLD], k) == expected


def test_reciprocal_rank_and_no_hit():
    assert ev.reciprocal_rank(PASSAGES, [GOLD]) == pytest.approx(1 / 3)
    assert ev.reciprocal_rank(PASSAGES, ["absent words entirely"]) == 0.0
    assert ev.reciprocal_rank([], [GOLD]) == 0.0


def test_recall_counts_each_gold_snippet_within_cutoff():
    gold = [GOLD, "Another unrelated passage", "not present anywhere"]
    assert ev.recall_at(PASSAGES, gold, 8) == pytest.approx(2 / 3)
    assert ev.recall_at(PASSAGES, gold, 2) == pytest.approx(1 / 3)
    assert ev.recall_at(PASSAGES, [], 8) == 0.0


# --- citation metrics --------------------------------------------------------------------------------

def test_claims_follow_their_markers_and_adjacent_markers_share_a_claim():
    claims = ev.claims_by_citation("Workers need no permit [1]. Families get care [2][3]. [4]")
    assert claims[1] == ["Workers need no permit"]
    assert claims[2] == claims[3] == ["Families get care"]
    assert claims[4] == ["."]  # nothing but punctuation: supports nothing
    assert ev.claims_by_citation("no markers at all") == {}
    preamble = ev.claims_by_citation("Not in the documents. The closest passage is: Art. 97 says permits [1].")
    assert preamble[1] == ["The closest passage is: Art. 97 says permits"]


def test_support_needs_half_the_claim_content_words_and_three_shared():
    quote = "Workers of member States are not required to obtain a work permit."
    assert ev.supports("Member States workers need no work permit", quote)  # member, states, workers, work, permit
    assert not ev.supports("Pensions are paid by the state of permanent domicile", quote)
    assert ev.supports("Permit", quote)  # a one-word claim needs only that word
    assert not ev.supports("", quote)
    assert not ev.supports("the of and", quote)  # only stopwords


def test_citation_scores_gold_support_and_unsupported():
    answer = "Workers need no work permit in member States [1]. The moon is made of cheese [2]."
    citations = [_citation(1, "workers are not required to obtain a permit", passage="x " + GOLD + " y"),
                 _citation(2, "Retirement is regulated by the State of permanent domicile")]
    scores = ev.citation_scores(answer, citations, [GOLD])
    assert scores == {"citation_recall": 1.0, "citation_precision": 0.5, "citation_gold_precision": 0.5}


def test_citation_supported_but_not_gold_counts_for_precision_only():
    answer = "Retirement is regulated by the State of permanent domicile [1]."
    citations = [_citation(1, "Retirement of workers is regulated by the legislation of the State of permanent domicile")]
    scores = ev.citation_scores(answer, citations, [GOLD])
    assert scores == {"citation_recall": 0.0, "citation_precision": 1.0, "citation_gold_precision": 0.0}


def test_citation_never_referenced_in_the_answer_is_not_supported():
    citations = [_citation(1, "Retirement is regulated by the State of permanent domicile")]
    scores = ev.citation_scores("Retirement is regulated by the State of permanent domicile.", citations, [GOLD])
    assert scores["citation_precision"] == 0.0


def test_no_citations():
    assert ev.citation_scores("Some answer.", [], [GOLD]) == {
        "citation_recall": 0.0, "citation_precision": None, "citation_gold_precision": None}
    assert ev.citation_scores("", [], [])["citation_recall"] is None


# --- answer text metrics -----------------------------------------------------------------------------

def test_key_fact_recall_is_case_insensitive_substring_over_alternatives():
    facts = [["same conditions", "same terms"], ["except for pensions"], ["permanent domicile"]]
    assert ev.key_fact_recall("On the SAME TERMS as nationals, except for pensions [1].", facts) == pytest.approx(2 / 3)
    assert ev.key_fact_recall("", facts) == 0.0
    assert ev.key_fact_recall("anything", []) is None


def test_token_f1_known_value_and_edges():
    assert ev.token_f1("the cat sat [1]", ["The cat ran"]) == pytest.approx(2 / 3)
    assert ev.token_f1("", ["The cat ran"]) == 0.0
    assert ev.token_f1("The cat ran.", ["the CAT ran"]) == pytest.approx(1.0)
    assert ev.token_f1("whatever", []) is None


# --- items, aggregation ------------------------------------------------------------------------------

def _answer(text: str, answerable: bool = True, citations=(), retrieved=(), total=10.0) -> dict:
    return {"answer": text, "answerable": answerable, "citations": list(citations),
            "retrieved": [{"rank": i, "text": t} for i, t in enumerate(retrieved, 1)],
            "timings_ms": {"condense": 0.0, "retrieve": total / 2, "answer": total / 2, "total": total}}


def test_score_item_refused_answerable_is_a_false_refusal():
    scores = ev.score_item(_item(key_facts=[["permit"]]), _answer("Not in the documents.", answerable=False,
                                                                    retrieved=PASSAGES))
    assert scores["false_refusal"] == 1.0 and scores["key_fact_recall"] == 0.0
    assert scores["hit@4"] == 1.0 and scores["hit@1"] == 0.0 and scores["unanswerable_accuracy"] is None


def test_score_item_unanswerable():
    item = _item(answerable=False, gold_passages=[], key_facts=[])
    assert ev.score_item(item, _answer("", answerable=False))["unanswerable_accuracy"] == 1.0
    answered = ev.score_item(item, _answer("It was decided in 2025.", citations=[_citation(1, "x")]))
    assert answered["unanswerable_accuracy"] == 0.0
    assert answered["hit@1"] is None and answered["false_refusal"] is None
    assert answered["citation_precision"] == 0.0


def _row(item: ev.EvalItem, answer: dict) -> dict:
    return {"id": item.id, "group": item.group, "gold_answerable": item.answerable, **answer,
            "metrics": ev.score_item(item, answer)}


def test_summary_all_unanswerable_leaves_answerable_metrics_undefined():
    items = [_item(id=f"un0{i}", answerable=False, gold_passages=[]) for i in range(1, 5)]
    rows = [_row(item, _answer("", answerable=i % 2 == 0, total=10.0 * (i + 1))) for i, item in enumerate(items)]
    summary = ev.summarize(rows)
    assert summary["unanswerable_accuracy"] == pytest.approx(0.5) and summary["unanswerable_accuracy_n"] == 4
    assert summary["hit@1"] is None and summary["hit@1_n"] == 0 and summary["false_refusal"] is None
    assert summary["latency_ms"]["total"] == {"p50": pytest.approx(25.0), "p95": pytest.approx(38.5)}


def test_groups_come_from_id_prefix():
    rows = [_row(_item(id="art01"), _answer("x", retrieved=PASSAGES)),
            _row(_item(id="art02"), _answer("x", retrieved=PASSAGES[2:])),
            _row(_item(id="un01", answerable=False, gold_passages=[]), _answer("", answerable=False))]
    groups = ev.summarize_by_group(rows)
    assert set(groups) == {"art", "un"}
    assert groups["art"]["mrr"] == pytest.approx((1 / 3 + 1) / 2)
    assert groups["un"]["unanswerable_accuracy"] == 1.0


def test_percentile_interpolates():
    assert ev.percentile([1, 2, 3, 4], 50) == 2.5
    assert ev.percentile([5], 95) == 5
    assert ev.percentile([], 50) is None


# --- dataset parsing ---------------------------------------------------------------------------------

def test_malformed_lines_are_reported_with_line_numbers_and_skipped():
    good = json.dumps({"id": "a1", "question": "q?", "answerable": False})
    lines = [good, "{not json", "", json.dumps({"id": "a2", "answerable": True}),
             json.dumps({"id": "a3", "question": "q", "answerable": "yes"}), json.dumps([1, 2]), good,
             json.dumps({"id": "a4", "question": "q", "answerable": True, "gold_passages": []}),
             json.dumps({"id": "a5", "question": "q", "answerable": True, "gold_passages": ["g"],
                         "key_facts": ["flat string"]})]
    dataset = ev.parse_dataset("\n".join(lines).encode())
    assert [i.id for i in dataset.items] == ["a1"]
    assert [(p.line, p.message.split()[0]) for p in dataset.problems] == [
        (2, "not"), (4, "missing"), (5, "field"), (6, "expected"), (7, "duplicate"), (8, "an"), (9, "field")]
    assert "question" in dataset.problems[1].message


def test_non_utf8_and_empty_files_are_problems_not_crashes():
    assert ev.parse_dataset(b"\xff\xfe\x00bad").problems[0].message.startswith("the file is not UTF-8")
    assert ev.parse_dataset(b"\n\n").problems[0].message == "the file holds no items"


def test_an_answerer_that_fails_becomes_an_error_row():
    class Broken:  # a double beside the real-chain runs below (CLI and page)
        def ask(self, question, history=None, k=None):
            raise RuntimeError("index gone")

    row = ev.evaluate_item(_item(), Broken())
    assert row["error"] == "RuntimeError: index gone"
    assert ev.item_problems(row) == ["error: RuntimeError: index gone"]
    assert ev.summarize([row])["errors"] == 1


def test_real_chain_rows_carry_the_answer_and_metrics(settings, index_handle, dev_items):
    item = ev.parse_dataset(SMOKE.read_bytes()).items[0]
    row = ev.evaluate_item(item, ev.get_answerer("extractive", settings))
    assert not row.get("error")
    assert row["id"] == item.id and set(Answer("", "", "", True).to_dict()) <= set(row)
    assert row["retrieved"] and row["metrics"]["mrr"] == ev.reciprocal_rank(
        [p["text"] for p in row["retrieved"]], item.gold_passages)


# --- the CLI -----------------------------------------------------------------------------------------

def _eval_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eaeu_qa.cli", "eval", *args], env=env, cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=600)


def test_cli_eval_writes_three_files_and_compares_with_baseline(tmp_path, cli_env, baseline_answerer):
    out = tmp_path / "run"
    result = _eval_cli([str(SMOKE), "--out", str(out), "--answerer", "extractive", "--compare", "baseline"], cli_env)
    assert result.returncode == 0, result.stderr
    assert "| hit@1 |" in result.stdout and "delta" in result.stdout
    assert "eval extractive" in result.stderr  # the tqdm bar
    rows = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    smoke_ids = [json.loads(line)["id"] for line in SMOKE.read_text().splitlines()]
    assert [r["id"] for r in rows] == smoke_ids
    assert all({"answer", "citations", "retrieved", "timings_ms", "metrics"} <= set(r) for r in rows)
    report = json.loads((out / "report.json").read_text())
    assert report["dataset"]["sha256"] == hashlib.sha256(SMOKE.read_bytes()).hexdigest()
    assert report["index_fingerprint"] == json.loads((PROJECT_ROOT / cli_env["EAEU_QA_INDEX_DIR"] / "index.json"
                                                      ).read_text())["fingerprint"]
    assert report["code_version"] != "unknown"
    assert report["settings"]["index_dir"] == cli_env["EAEU_QA_INDEX_DIR"]
    assert report["total"]["items"] == 5 and set(report["groups"]) == {r["group"] for r in rows}
    assert report["comparison"]["peer"] == "baseline"
    assert {"hit@1", "total_p50_ms"} <= {d["metric"] for d in report["comparison"]["deltas"]}
    markdown = (out / "report.md").read_text()
    assert "## Worst items" in markdown and "| hit@8 |" in markdown
    peer = json.loads((out / "baseline" / "report.json").read_text())
    assert peer["answerer"] == "baseline" and peer["total"]["items"] == 5
    assert peer["index_fingerprint"] == baseline_answerer.fingerprint
    # The baseline never refuses, so it cannot get the unanswerable smoke item right.
    assert peer["total"]["unanswerable_accuracy"] == 0.0


def test_cli_eval_skips_malformed_lines_and_names_them(tmp_path, cli_env):
    data = tmp_path / "mixed.jsonl"
    first = SMOKE.read_text().splitlines()[0]
    data.write_text(f"{first}\n{{broken\n" + json.dumps({"id": "zz", "answerable": True}) + "\n")
    result = _eval_cli([str(data), "--out", str(tmp_path / "out"), "--answerer", "baseline"], cli_env)
    assert result.returncode == 0, result.stderr
    assert "line 2: not valid JSON" in result.stderr and "line 3: missing field(s): question" in result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["total"]["items"] == 1 and [p["line"] for p in report["dataset"]["invalid_lines"]] == [2, 3]
    assert "line 2" in (tmp_path / "out" / "report.md").read_text()


def test_cli_eval_with_no_valid_items_fails_cleanly(tmp_path, cli_env):
    data = tmp_path / "bad.jsonl"
    data.write_text("nonsense\n")
    result = _eval_cli([str(data), "--out", str(tmp_path / "out")], cli_env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "line 1" in result.stderr and not (tmp_path / "out").exists()


# --- the Streamlit page ------------------------------------------------------------------------------

def test_evaluation_page_runs_smoke_set_against_baseline(monkeypatch, cli_env, baseline_answerer):
    from streamlit.testing.v1 import AppTest

    for name in ("EAEU_QA_INDEX_DIR", "EAEU_QA_CACHE_DIR", "EAEU_QA_DATA_DIR", "EAEU_QA_SOURCES"):
        if name in cli_env:
            monkeypatch.setenv(name, cli_env[name])
    app = AppTest.from_file(str(PROJECT_ROOT / "pages" / "1_Evaluation.py"), default_timeout=300).run()
    assert not app.exception
    app.radio(key="dataset_choice").set_value("Smoke set (eval/smoke.jsonl, 5 items)").run()
    assert any("5 valid items" in c.value for c in app.caption)
    app.button[0].click().run()
    assert not app.exception and not app.error
    table = app.dataframe[0].value
    assert list(table.columns[-3:]) == ["extractive", "baseline", "delta"] and "hit@1" in table.index
    assert app.selectbox[0].options[0].startswith("art01")
    app.selectbox[0].select_index(4).run()  # the unanswerable smoke item
    assert not app.exception
    assert [s.value for s in app.subheader] == ["extractive", "baseline"]
    assert any("answered a question the documents cannot answer" in w.value for w in app.warning)
