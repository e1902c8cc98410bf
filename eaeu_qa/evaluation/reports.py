"""Evaluation reports: comparison with a peer, Markdown tables, worst items, and the files of a run."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .metrics import LOWER_IS_BETTER, METRICS, STAGES
from .running import EvalRun

WORST_ITEMS = 10
LATEST = "latest"  # under the reports folder: a link to the newest run's folder


def new_run_folder(reports_dir: Path, data: Path, answerer: str, now: datetime | None = None) -> Path:
    """A new folder of its own for a run written without --out (each run keeps its results): the UTC time, the
    question set's name and the answerer ("20261127T173012Z-dev-extractive"), a -2, -3 ... suffix within a second."""
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    reports_dir.mkdir(parents=True, exist_ok=True)
    base, n = f"{stamp}-{data.stem}-{answerer}", 1
    while True:
        folder = reports_dir / (base if n == 1 else f"{base}-{n}")
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            n += 1


def point_latest(reports_dir: Path, folder: Path) -> Path:
    """Make reports_dir/latest a link to `folder` (replaced atomically). A `latest` folder that an earlier version
    wrote into is kept under its own time first, as any other run. The link is relative, so the folder can move;
    runlog.read's glob does not follow it, so the run is listed once."""
    latest = reports_dir / LATEST
    if latest.is_dir() and not latest.is_symlink():
        stamp = datetime.fromtimestamp(latest.stat().st_mtime, timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        latest.rename(reports_dir / f"{stamp}-{LATEST}")
    link = reports_dir / f".{LATEST}.{os.getpid()}.partial"
    link.unlink(missing_ok=True)
    link.symlink_to(folder.name if folder.parent == reports_dir else folder, target_is_directory=True)
    os.replace(link, latest)
    return latest


def compare(main: EvalRun, peer: EvalRun) -> list[dict[str, Any]]:
    """Per headline metric: both totals and main - peer (positive = main better, except where lower is)."""
    table = []
    for key, label, _ in METRICS:
        a, b = main.report["total"].get(key), peer.report["total"].get(key)
        table.append({"metric": key, "label": label, main.answerer: a, peer.answerer: b,
                      "delta": None if a is None or b is None else a - b,
                      "lower_is_better": key in LOWER_IS_BETTER})
    for stage in STAGES:
        a = main.report["total"]["latency_ms"][stage]["p50"]
        b = peer.report["total"]["latency_ms"][stage]["p50"]
        table.append({"metric": f"{stage}_p50_ms", "label": f"{stage} p50 (ms)", main.answerer: a,
                      peer.answerer: b, "delta": None if a is None or b is None else a - b,
                      "lower_is_better": True})
    return table


def result_value(raw):
    """A value of a results.jsonl row as the scripts read it: rows written before they were JSON throughout kept nested
    values (citations, metrics) and flags as their Python text ("[...]", "{...}", "True"); other values as they are."""
    import ast

    if isinstance(raw, str) and raw[:1] in "[{" or raw in ("True", "False", "None"):
        try:
            return ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            return raw
    return raw


def write_run(run: EvalRun, out: Path, comparison: tuple[EvalRun, list[dict]] | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "results.jsonl").open("w", encoding="utf-8") as handle:
        for row in run.rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    report = dict(run.report)
    if comparison:
        peer, table = comparison
        report["comparison"] = {"peer": peer.answerer, "peer_total": peer.report["total"], "deltas": table}
    (out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    (out / "report.md").write_text(markdown_report(run, comparison), encoding="utf-8")


def fmt(key: str, value) -> str:
    if value is None:
        return "–"
    if key == "mrr":
        return f"{value:.3f}"
    if key.endswith("_ms"):
        return f"{value:.0f}"
    return f"{100 * value:.1f}%"


def metrics_table(columns: dict[str, dict[str, Any]]) -> str:
    """Markdown table: one row per metric, one column per named summary."""
    names = list(columns)
    lines = ["| metric | " + " | ".join(names) + " | applies to |", "|---|" + "---:|" * len(names) + "---|"]
    for key, label, scope in METRICS:
        cells = [f"{fmt(key, columns[n].get(key))} (n={columns[n].get(f'{key}_n', 0)})" for n in names]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {scope} |")
    for stage in STAGES:
        cells = [f"{fmt('_ms', columns[n]['latency_ms'][stage]['p50'])} / "
                 f"{fmt('_ms', columns[n]['latency_ms'][stage]['p95'])}" for n in names]
        lines.append(f"| {stage} latency p50 / p95 (ms) | " + " | ".join(cells) + " | all |")
    return "\n".join(lines)


def deltas_table(table: list[dict[str, Any]], main: str, peer: str) -> str:
    lines = [f"| metric | {main} | {peer} | delta |", "|---|---:|---:|---:|"]
    for row in table:
        key = row["metric"]
        delta = row["delta"]
        if delta is None:
            shown = "–"
        elif key == "mrr":
            shown = f"{delta:+.3f}"
        elif key.endswith("_ms"):
            shown = f"{delta:+.0f}"
        else:
            shown = f"{100 * delta:+.1f} pts"
        lines.append(f"| {row['label']} | {fmt(key, row[main])} | {fmt(key, row[peer])} | {shown} |")
    return "\n".join(lines)


def worst_items(rows: list[dict[str, Any]], limit: int = WORST_ITEMS) -> list[tuple[dict, list[str]]]:
    """The items with the most problems, each with its list of what went wrong."""
    ranked = [(row, item_problems(row)) for row in rows]
    ranked = [pair for pair in ranked if pair[1]]
    ranked.sort(key=lambda pair: (-len(pair[1]), pair[0]["id"]))
    return ranked[:limit]


def item_problems(row: dict[str, Any]) -> list[str]:
    if row.get("error"):
        return [f"error: {row['error']}"]
    m = row["metrics"]
    problems = []
    if not row["gold_answerable"]:
        if m.get("unanswerable_accuracy") == 0.0:
            problems.append("answered a question the documents cannot answer")
        return problems
    if m.get("false_refusal"):
        problems.append("refused an answerable question")
    if m.get("hit@8") == 0.0:
        problems.append("no gold passage in the top 8")
    elif m.get("hit@1") == 0.0:
        problems.append(f"gold passage only at rank {round(1 / m['mrr']) if m.get('mrr') else '?'}")
    if m.get("citation_recall") == 0.0 and not m.get("false_refusal"):
        problems.append("no citation holds a gold passage")
    if m.get("citation_precision") is not None and m["citation_precision"] < 1.0:
        problems.append(f"{100 * (1 - m['citation_precision']):.0f}% of citations neither gold nor supporting")
    if m.get("key_fact_recall") is not None and m["key_fact_recall"] < 1.0:
        problems.append(f"key facts stated: {100 * m['key_fact_recall']:.0f}%")
    return problems


def markdown_report(run: EvalRun, comparison: tuple[EvalRun, list[dict]] | None = None) -> str:
    report = run.report
    lines = [f"# Evaluation: `{run.answerer}`", "",
             f"- dataset: {report['dataset']['name']} ({report['dataset']['items']} items, "
             f"sha256 `{report['dataset']['sha256'][:16]}…`)",
             f"- index fingerprint: `{report['index_fingerprint']}`; code: `{report['code_version']}`; "
             f"k: {report['k'] or 'default'}", ""]
    if report["dataset"]["invalid_lines"]:
        lines.append("Skipped invalid lines:")
        lines += [f"- line {p['line']}: {p['message']}" for p in report["dataset"]["invalid_lines"]]
        lines.append("")
    if report["total"]["errors"]:
        lines += [f"Items that failed with an error: {report['total']['errors']}", ""]
    columns = {"total": report["total"], **dict(sorted(report["groups"].items()))}
    lines += ["## Metrics (total and by group)", "", metrics_table(columns), ""]
    if comparison:
        peer, table = comparison
        lines += [f"## `{run.answerer}` against `{peer.answerer}`", "",
                  deltas_table(table, run.answerer, peer.answerer), ""]
    lines += ["## Worst items", ""]
    worst = worst_items(run.rows)
    if not worst:
        lines.append("No item has a problem.")
    for row, problems in worst:
        lines.append(f"- **{row['id']}** {row.get('question', '')}  \n  " + "; ".join(problems))
    return "\n".join(lines) + "\n"
