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


def test_the_reports_folder_is_a_setting_read_by_the_history_and_the_evals_default_out(tmp_path, monkeypatch):
    """runlog.read globbed the checkout's eval/runs whatever the settings: a checkout with many reports broke the
    browser's Evaluation-history test. The folder is Settings.reports_dir (EAEU_QA_REPORTS_DIR), the default of
    `eaeu-qa eval --out` (a folder per run under it, reports_dir/latest linking to the newest) too."""
    import argparse
    import json

    from eaeu_qa.evaluation import cli
    from eaeu_qa.settings import PROJECT_ROOT

    assert Settings().reports_dir == PROJECT_ROOT / "eval" / "runs"  # unchanged default
    monkeypatch.setenv("EAEU_QA_REPORTS_DIR", str(tmp_path / "reports"))
    settings = Settings.from_env(data_dir=tmp_path / "data")
    assert settings.reports_dir == tmp_path / "reports" and runlog.read(settings) == []
    out = tmp_path / "reports" / "dev"
    out.mkdir(parents=True)
    (out / "report.json").write_text(json.dumps({"answerer": "extractive", "code_version": "git 2222222",
                                                 "dataset": {"name": "eval/dev.jsonl"}, "total": {"mrr": 0.5}}))
    assert [r["code_version"] for r in runlog.read(settings)] == ["git 2222222"]

    commands = argparse.ArgumentParser().add_subparsers()
    cli.register_cli(commands)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    args = commands.choices["eval"].parse_args([str(empty)])
    assert args.out is None
    assert cli.cmd_eval(args, settings) == 2  # no valid items: nothing run, nothing written
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["dev"]
