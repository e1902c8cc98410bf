"""The history of evaluation runs."""

from __future__ import annotations

from eaeu_qa import runlog
from eaeu_qa.settings import Settings


def test_runs_are_appended_and_read_back_in_date_order(tmp_path):
    settings = Settings.from_env(data_dir=tmp_path / "data")
    report = {"answerer": "extractive", "code_version": "git abc1234", "index_fingerprint": "f" * 16,
              "dataset": {"name": "eval/smoke.jsonl", "sha256": "0" * 64},
              "total": {"hit@4": 0.8, "hit@4_n": 5, "latency_ms": {}}}
    runlog.append(settings, report)
    runlog.append(settings, {**report, "code_version": "git def5678", "total": {"hit@4": 1.0}})
    (tmp_path / "data" / runlog.HISTORY_FILE).open("a").write("not json\n")
    runs = runlog.read(settings, reports_dir=tmp_path / "none")
    assert [r["code_version"] for r in runs] == ["git abc1234", "git def5678"]
    assert runs[0]["total"] == {"hit@4": 0.8, "latency_ms": {}} and runs[0]["dataset"] == "eval/smoke.jsonl"
    assert runs[0]["run_at"] <= runs[1]["run_at"]


def test_reports_written_by_the_cli_are_part_of_the_history(tmp_path):
    import json

    settings = Settings.from_env(data_dir=tmp_path / "data")
    out = tmp_path / "runs" / "dev"
    out.mkdir(parents=True)
    (out / "report.json").write_text(json.dumps({"answerer": "extractive", "code_version": "git 1111111",
                                                 "dataset": {"name": "eval/dev.jsonl"}, "total": {"mrr": 0.7}}))
    [run] = runlog.read(settings, reports_dir=tmp_path / "runs")
    assert run["code_version"] == "git 1111111" and run["total"]["mrr"] == 0.7 and run["run_at"]
