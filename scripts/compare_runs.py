"""Two runs' rows compared item by item: what a change did to the answers (or the proof that it did nothing).

    .venv/bin/python scripts/compare_runs.py BEFORE AFTER [--show]

BEFORE and AFTER are `eaeu-qa eval --out` folders (their results.jsonl) or JSON-lines files of rows
(`scripts/followups.py --out`). Each item (by set part and id) is compared on what a user or a metric sees: the
rewrite, the answer, whether it was answered, the citations (locator and quote span), the retrieved passages (chunk
and score) and the metrics; timings are left out. Prints how many items differ and in what, and for follow-up rows
the objective of scripts/followups.py (item_score) before and after; --show prints each differing item's rewrite,
answerability and citations on both sides. Exit status 0 either way.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eaeu_qa.evaluation.reports import result_value  # noqa: E402

FIELDS = ("standalone_question", "answer", "answerable", "citations", "retrieved", "metrics")


def _seen(field: str, value):
    """What a field shows, without timings: citations by locator and span, passages by chunk and score."""
    value = result_value(value)
    if field == "citations":
        return [(c.get("locator"), c.get("start"), c.get("end")) for c in value or []]
    if field == "retrieved":
        return [(p.get("chunk_id"), round(float(p.get("score") or 0.0), 6)) for p in value or []]
    return value


def read_rows(path: Path) -> dict[tuple[str, str], dict]:
    file = path / "results.jsonl" if path.is_dir() else path
    rows = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {(str(r.get("part", "")), str(r["id"])): r for r in rows}


def item_score(row: dict) -> float | None:
    """scripts/followups.py's objective for one item (None without metrics)."""
    metrics = result_value(row.get("metrics")) or {}
    if not metrics:
        return None
    if metrics.get("hit@4") is not None:
        return (metrics["hit@4"] + metrics["citation_recall"]) / 2
    return float(metrics.get("unanswerable_accuracy") or 0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args(argv)
    before, after = read_rows(args.before), read_rows(args.after)
    changed: dict[str, list[str]] = {}
    for key in sorted(before.keys() & after.keys()):
        fields = [f for f in FIELDS if _seen(f, before[key].get(f)) != _seen(f, after[key].get(f))]
        if fields:
            changed[":".join(filter(None, key))] = fields
            if args.show:
                for side, row in (("before", before[key]), ("after", after[key])):
                    print(f"{':'.join(filter(None, key))} {side}: {row.get('standalone_question')!r} answerable="
                          f"{result_value(row.get('answerable'))} cited={[c[0] for c in _seen('citations', row.get('citations'))]}"
                          f" score={item_score(row)}")
    only = (before.keys() ^ after.keys())
    print(f"{len(before.keys() & after.keys())} items in both, {len(only)} in one only; {len(changed)} differ")
    for name in FIELDS:
        ids = [k for k, fields in changed.items() if name in fields]
        if ids:
            print(f"  {name}: {len(ids)} ({' '.join(ids[:20])}{' ...' if len(ids) > 20 else ''})")
    scores = [(item_score(before[k]), item_score(after[k])) for k in before.keys() & after.keys()]
    scores = [(b, a) for b, a in scores if b is not None and a is not None]
    if scores:
        print(f"objective (followups.py item_score) over {len(scores)}: {sum(b for b, _ in scores) / len(scores):.3f} "
              f"-> {sum(a for _, a in scores) / len(scores):.3f} ({sum(b for b, _ in scores):g} -> "
              f"{sum(a for _, a in scores):g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
