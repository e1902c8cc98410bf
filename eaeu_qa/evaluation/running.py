"""Running a question set: each item asked through an answerer, scored, and summed up into an EvalRun."""

from __future__ import annotations

import dataclasses
import subprocess
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from ..settings import PROJECT_ROOT, Settings
from .dataset import Dataset, EvalItem
from .metrics import score_item, summarize, summarize_by_group

ANSWERERS = ("extractive", "llm", "baseline")

Progress = Callable[[int, int], None]


def get_answerer(name: str, settings: Settings):
    """An object with .ask(question, history, k) -> Answer: the app's chain (with the extractive or the LLM
    answerer, docs/llm.md) or the baseline peer."""
    if name in ("extractive", "llm"):
        from ..service import get_service

        if settings.answerer != name:
            settings = dataclasses.replace(settings, answerer=name)
        return get_service(settings).chain()
    if name == "baseline":
        from ..baseline import get_baseline

        return get_baseline(settings)
    raise ValueError(f"unknown answerer {name!r}; choose one of: {', '.join(ANSWERERS)}")


def evaluate_item(item: EvalItem, answerer, k: int | None = None) -> dict[str, Any]:
    """Ask one item and score it; a failure becomes the row's error instead of stopping the run."""
    row: dict[str, Any] = {"id": item.id, "group": item.group, "line": item.line,
                           "gold_answerable": item.answerable, "question": item.question,
                           "history": item.history}
    try:
        answer = answerer.ask(item.question, history=item.history, k=k).to_dict()
    except Exception as exc:  # noqa: BLE001 - one bad item must not end a 100-item run
        row.update({"error": f"{type(exc).__name__}: {exc}", "metrics": {}, "timings_ms": {}})
        return row
    row.update(answer)
    row["metrics"] = score_item(item, answer)
    return row


def run_items(items: list[EvalItem], answerer, k: int | None = None,
              progress: Progress | None = None) -> list[dict[str, Any]]:
    rows = []
    for done, item in enumerate(items, start=1):
        rows.append(evaluate_item(item, answerer, k))
        if progress:
            progress(done, len(items))
    return rows


@dataclass
class EvalRun:
    """One answerer over one dataset: rows, totals, groups and what produced them."""

    answerer: str
    rows: list[dict[str, Any]]
    report: dict[str, Any] = field(default_factory=dict)


def evaluate(dataset: Dataset, answerer_name: str, settings: Settings, k: int | None = None,
             progress: Progress | None = None) -> EvalRun:
    answerer = get_answerer(answerer_name, settings)
    rows = run_items(dataset.items, answerer, k, progress)
    report = {
        "answerer": answerer_name,
        "dataset": {"name": dataset.name, "sha256": dataset.sha256, "items": len(dataset.items),
                    "invalid_lines": [dataclasses.asdict(p) for p in dataset.problems]},
        "index_fingerprint": _index_fingerprint(answerer, settings),
        "code_version": code_version(),
        "settings": _jsonable({k: ("(set)" if k.endswith("api_key") and v else v)  # never write a key
                               for k, v in dataclasses.asdict(settings).items()}),
        "k": k,
        "total": summarize(rows),
        "groups": summarize_by_group(rows),
    }
    return EvalRun(answerer_name, rows, report)


def _index_fingerprint(answerer, settings: Settings) -> str:
    """The answerer's own store fingerprint (baseline) or the main index's."""
    if getattr(answerer, "fingerprint", None):
        return answerer.fingerprint
    from ..index import read_info

    info = read_info(settings.index_dir)
    return info.fingerprint if info else "unknown"


def code_version() -> str:
    try:
        result = subprocess.run(["git", "describe", "--always", "--dirty", "--tags"], cwd=PROJECT_ROOT,
                                capture_output=True, text=True, timeout=10)
        if result.returncode == 0 and result.stdout.strip():
            return f"git {result.stdout.strip()}"
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return f"eaeu-qa {metadata.version('eaeu-qa')}"
    except metadata.PackageNotFoundError:
        return "unknown"


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, Path):
        return str(value)
    return value
