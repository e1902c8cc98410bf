"""Gold in the top 4 (and cited) on an unseen pool, run against run, item by item: the retrieval landing rule's count.

    .venv/bin/python scripts/unseen_pool.py --runs shipped=eval/runs/s14/{set}-shipped refit=eval/runs/s14/{set}-refit \
        --sets dev tune20 tune21

Each run is a folder pattern of `eaeu-qa eval` outputs ({set} is replaced by each set's name); the pool is the
answerable items of the sets, the dev set's TEST split only (scripts/split.py). The first run is the baseline; the
items where another run differs (gold in the top 4 or cited) are listed, dev TEST items without their ids. "leads k/m":
of the m answers citing a gold passage, the k whose first quote holds one (the gold_leads metric; "-" for a run
written before it existed).
Reads results files only, never a question set, so it cannot read eval/blind*.jsonl's questions (refused by name).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from split import dev_test_ids  # noqa: E402


def load(pattern: str, sets: list[str], test: set[str]) -> dict[tuple[str, str], tuple]:
    """(set, id) -> (gold in the top 4, gold cited, refused, gold leads: 1, 0 or None) of the pool's items in one run."""
    out = {}
    for name in sets:
        path = Path(pattern.format(set=name)) / "results.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if (name == "dev" and row["id"] not in test) or not row["gold_answerable"]:
                continue
            metrics = row["metrics"]
            out[(name, row["id"])] = (int(metrics["hit@4"] or 0), int(metrics["citation_recall"] or 0),
                                      int(bool(row.get("refused", metrics.get("refused")))),
                                      metrics.get("gold_leads"))
    return out


def leads(rows: list[tuple]) -> str:
    """"k/m": of the m rows citing a gold passage, the k whose first quote holds one; "-" without the metric."""
    known = [r[3] for r in rows if r[3] is not None]
    if not known and any(r[1] for r in rows):
        return "-"
    return f"{int(sum(known))}/{len(known)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", nargs="+", required=True, help="LABEL=FOLDER_PATTERN with {set}; the first is the base")
    parser.add_argument("--sets", nargs="+", required=True, help="set names (dev = its TEST split)")
    args = parser.parse_args(argv)
    if any(name.startswith("blind") for name in args.sets):
        raise SystemExit("the blind sets are the lead's alone: not pooled here")
    test = dev_test_ids(ROOT / "eval" / "dev.jsonl")
    runs = {}
    for spec in args.runs:
        label, _, pattern = spec.partition("=")
        runs[label] = load(pattern, args.sets, test)
    for label, run in runs.items():
        cells = []
        for name in args.sets:
            rows = [v for (s, _), v in run.items() if s == name]
            cells.append(f"{name} {sum(r[0] for r in rows)}/{len(rows)} (cited {sum(r[1] for r in rows)}, "
                         f"refused {sum(r[2] for r in rows)}, leads {leads(rows)})")
        print(f"{label}: {'; '.join(cells)}; pool {sum(r[0] for r in run.values())}/{len(run)} "
              f"(cited {sum(r[1] for r in run.values())}, leads {leads(list(run.values()))})")
    base_label, base = next(iter(runs.items()))
    for label, run in list(runs.items())[1:]:
        for key, (hit, cited, _, _) in base.items():
            other = run.get(key)
            if other and (other[0], other[1]) != (hit, cited):
                shown = key[1] if key[0] != "dev" else "(TEST item)"
                print(f"  {label} against {base_label}: {key[0]}:{shown} top 4 {hit} -> {other[0]}, cited {cited} -> "
                      f"{other[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
