"""History of evaluation runs: one JSON line per run (date, commit, dataset, answerer, headline metrics)."""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .settings import Settings

log = logging.getLogger(__name__)
HISTORY_FILE = "eval-history.jsonl"


def history_path(settings: Settings) -> Path:
    return settings.data_dir / HISTORY_FILE


def entry(report: dict[str, Any], run_at: str | None = None) -> dict[str, Any]:
    """The line kept for one run: what ran, on what, when, and its total metrics (no per-item rows)."""
    total = {k: v for k, v in report.get("total", {}).items() if not k.endswith("_n")}
    return {"run_at": run_at or datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "code_version": report.get("code_version", "unknown"), "answerer": report.get("answerer", "?"),
            "dataset": (report.get("dataset") or {}).get("name", ""),
            "dataset_sha256": (report.get("dataset") or {}).get("sha256", ""),
            "index_fingerprint": report.get("index_fingerprint", ""), "total": total}


def append(settings: Settings, report: dict[str, Any]) -> None:
    """Append one run; a single O_APPEND write keeps concurrent runs' lines whole."""
    path = history_path(settings)
    line = (json.dumps(entry(report), ensure_ascii=False) + "\n").encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
    except OSError:
        log.exception("Recording the evaluation run in %s failed", path)


def read(settings: Settings, reports_dir: Path | None = None) -> list[dict[str, Any]]:
    """Every recorded run, oldest first: the history file plus the reports `eaeu-qa eval` wrote (under `reports_dir`,
    by default settings.reports_dir)."""
    reports_dir = settings.reports_dir if reports_dir is None else reports_dir
    runs = []
    path = history_path(settings)
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                runs.append(json.loads(line))
            except ValueError:
                continue
    if reports_dir.is_dir():
        for report_file in sorted(reports_dir.glob("**/report.json")):
            try:
                report = json.loads(report_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            mtime = datetime.fromtimestamp(report_file.stat().st_mtime, timezone.utc)
            runs.append(entry(report, run_at=mtime.isoformat(timespec="seconds")))
    return sorted(runs, key=lambda r: r.get("run_at", ""))
