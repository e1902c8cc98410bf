"""`eaeu-qa eval` as a subprocess over the session index, and the Streamlit Evaluation page."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

from eaeu_qa.settings import PROJECT_ROOT

SMOKE = PROJECT_ROOT / "eval" / "smoke.jsonl"


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


def test_cli_eval_without_out_keeps_each_run_in_its_own_folder_and_latest_points_to_the_newest(tmp_path, cli_env):
    """A second `eaeu-qa eval` without --out overwrote the first's results (both went to eval/runs/latest): a user
    comparing two runs lost one. Each run now has its own folder; `latest` links to the newest; the history lists
    each run once (runlog.read does not follow the link)."""
    from eaeu_qa import runlog
    from eaeu_qa.settings import Settings

    reports = tmp_path / "reports"
    (reports / "latest").mkdir(parents=True)  # an earlier version's folder: kept under its time
    (reports / "latest" / "report.json").write_text(json.dumps({"answerer": "baseline", "total": {"items": 9}}))
    env = dict(cli_env, EAEU_QA_REPORTS_DIR=str(reports))
    data = tmp_path / "one.jsonl"
    data.write_text(SMOKE.read_text().splitlines()[0] + "\n")
    firsts = []
    for _ in range(2):
        result = _eval_cli([str(data), "--answerer", "baseline"], env)
        assert result.returncode == 0, result.stderr
        firsts.append(sorted(p.name for p in reports.iterdir() if p.name != "latest"))
    runs = [p for p in reports.iterdir() if p.name != "latest" and not p.name.endswith("-latest")]
    assert len(runs) == 2 and all(p.name.endswith("-one-baseline") or "-one-baseline-" in p.name for p in runs)
    assert all((p / "results.jsonl").is_file() and (p / "report.json").is_file() for p in runs)
    newest = [name for name in firsts[1] if name not in firsts[0]]
    assert (reports / "latest").is_symlink() and (reports / "latest").resolve() == (reports / newest[0]).resolve()
    assert [p.name for p in reports.iterdir() if p.name.endswith("-latest")] != []  # the old folder, kept
    history = runlog.read(Settings(reports_dir=reports, data_dir=tmp_path / "data"))
    assert sorted(r["total"]["items"] for r in history) == [1, 1, 9]


def test_cli_eval_with_no_valid_items_fails_cleanly(tmp_path, cli_env):
    data = tmp_path / "bad.jsonl"
    data.write_text("nonsense\n")
    result = _eval_cli([str(data), "--out", str(tmp_path / "out")], cli_env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "line 1" in result.stderr and not (tmp_path / "out").exists()


# --- the Streamlit page ------------------------------------------------------------------------------

def test_evaluation_page_runs_smoke_set_against_baseline(monkeypatch, cli_env, baseline_answerer):
    from streamlit.testing.v1 import AppTest
    from eaeu_qa.ui.evaluation import APPLIES_TO

    for name in ("EAEU_QA_INDEX_DIR", "EAEU_QA_CACHE_DIR", "EAEU_QA_DATA_DIR", "EAEU_QA_SOURCES"):
        if name in cli_env:
            monkeypatch.setenv(name, cli_env[name])
    app = AppTest.from_file(str(PROJECT_ROOT / "app_pages" / "evaluation.py"), default_timeout=300).run()
    assert not app.exception
    app.radio(key="dataset_choice").set_value("Smoke set (eval/smoke.jsonl, 5 items)").run()
    assert any("5 valid items" in c.value for c in app.caption)
    app.button[0].click().run()
    assert not app.exception and not app.error
    table = app.dataframe[0].value
    # the values first, what each metric applies to last (audit B14: on a phone the scope pushed the values off screen)
    assert list(table.columns[-4:]) == ["extractive", "baseline", "delta", APPLIES_TO] and "hit@1" in list(table["metric"])
    app.toggle(key="only_failures").set_value(False).run()  # failures only is the default
    items = app.selectbox[0].options
    assert len(items) == 5 and any(i.startswith("art01") for i in items)
    unanswerable = next(i for i in items if i.startswith("un"))
    app.selectbox[0].select(unanswerable).run()
    assert not app.exception
    assert f"Item {unanswerable}" in [s.value for s in app.subheader]
    shown = [m.value for m in app.markdown]
    assert "#### extractive" in shown and "#### baseline" in shown  # side by side with the gold column
