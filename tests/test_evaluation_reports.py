"""Reports from hand-made runs: the comparison table, worst items, Markdown and the three files."""

from __future__ import annotations

import json

import pytest

from eaeu_qa import evaluation as ev

GOLD = "the member States workers are not required to obtain a permit"
PASSAGE = "Under Art. 97, the member States workers are not required to obtain a permit for work."


def _run(name: str, answered: bool) -> ev.EvalRun:
    """Two items: an answerable one (answered with the gold passage, or refused) and an unanswerable one."""
    item = ev.EvalItem(id="tr01", question="Need a permit?", history=[], answerable=True, gold_passages=[GOLD],
                       key_facts=[["not required"]])
    unanswerable = ev.EvalItem(id="un01", question="Who won?", history=[], answerable=False, gold_passages=[],
                               key_facts=[])
    text = "Workers are not required to obtain a permit [1]." if answered else "Not in the documents."
    answers = [
        {"answer": text, "answerable": answered, "retrieved": [{"rank": 1, "text": PASSAGE}],
         "citations": [{"n": 1, "quote": PASSAGE, "passage": PASSAGE}] if answered else [],
         "timings_ms": {"condense": 0.0, "retrieve": 4.0, "answer": 2.0, "total": 6.0}},
        {"answer": "Not in the documents.", "answerable": False, "retrieved": [], "citations": [],
         "timings_ms": {"condense": 0.0, "retrieve": 4.0, "answer": 2.0, "total": 6.0}},
    ]
    rows = [{"id": i.id, "group": i.group, "gold_answerable": i.answerable, "question": i.question, **a,
             "metrics": ev.score_item(i, a)} for i, a in zip([item, unanswerable], answers)]
    report = {"answerer": name, "dataset": {"name": "hand-made", "sha256": "0" * 64, "items": 2, "invalid_lines": []},
              "index_fingerprint": "fp", "code_version": "test", "k": None, "total": ev.summarize(rows),
              "groups": ev.summarize_by_group(rows)}
    return ev.EvalRun(name, rows, report)


def test_compare_gives_deltas_with_the_main_run_first():
    good, bad = _run("good", True), _run("bad", False)
    table = {row["metric"]: row for row in ev.compare(good, bad)}
    assert table["hit@1"]["delta"] == 0.0  # both retrieved the gold passage
    assert table["citation_recall"]["delta"] == pytest.approx(1.0)
    assert table["false_refusal"]["delta"] == pytest.approx(-1.0) and table["false_refusal"]["lower_is_better"]
    assert table["total_p50_ms"]["good"] == pytest.approx(6.0)
    assert "| citation recall | 100.0% | 0.0% | +100.0 pts |" in ev.deltas_table(ev.compare(good, bad), "good", "bad")


def test_worst_items_name_what_went_wrong():
    assert ev.worst_items(_run("good", True).rows) == []
    [(row, problems)] = ev.worst_items(_run("bad", False).rows)
    assert row["id"] == "tr01"
    assert "refused an answerable question" in problems and "key facts stated: 0%" in problems


def test_write_run_writes_results_report_and_markdown(tmp_path):
    good, bad = _run("good", True), _run("bad", False)
    ev.write_run(bad, tmp_path, (good, ev.compare(bad, good)))
    rows = [json.loads(line) for line in (tmp_path / "results.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ["tr01", "un01"]
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["comparison"]["peer"] == "good" and report["total"]["false_refusal"] == 1.0
    markdown = (tmp_path / "report.md").read_text()
    assert "## `bad` against `good`" in markdown and "**tr01** Need a permit?" in markdown
    assert "| false-refusal rate | 100.0% (n=1) | 100.0% (n=1) | – (n=0) | answerable |" in markdown
