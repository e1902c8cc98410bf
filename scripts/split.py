"""The fixed tuning/test split of eval/dev.jsonl, and held-out numbers from an `eaeu-qa eval` results file.

Split: within each id group (art, tr, acc, x, fu, un), in file order, every third item starting with the
second (positions 1, 4, 7, ...) is TEST; the rest is TUNING. Stratified by group, fixed, independent of
any answer. Parameters are fitted on the tuning part only (scripts/calibrate.py); test numbers count.

    .venv/bin/python scripts/split.py eval/runs/X/results.jsonl     # metrics on tune / test / all
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

TEST_EVERY = 3
TEST_OFFSET = 1
HEADLINE = ("hit@4", "citation_recall", "key_fact_recall", "unanswerable_accuracy", "false_refusal")


def group_of(item_id: str) -> str:
    return re.match(r"[A-Za-z]*", item_id).group() or "other"


def test_ids(ids: list[str]) -> set[str]:
    """Ids of the test part: per group, in the given order, positions 1, 4, 7, ..."""
    position: dict[str, int] = {}
    chosen = set()
    for item_id in ids:
        group = group_of(item_id)
        index = position.get(group, 0)
        position[group] = index + 1
        if index % TEST_EVERY == TEST_OFFSET:
            chosen.add(item_id)
    return chosen


def dev_test_ids(path: Path = Path("eval/dev.jsonl")) -> set[str]:
    with path.open(encoding="utf-8") as handle:
        return test_ids([json.loads(line)["id"] for line in handle if line.strip()])


def summarize(rows: list[dict]) -> dict[str, tuple[float, int]]:
    out = {}
    for key in HEADLINE:
        values = [r["metrics"].get(key) for r in rows if r.get("metrics", {}).get(key) is not None]
        out[key] = (sum(values) / len(values) if values else float("nan"), len(values))
    return out


def table(parts: dict[str, list[dict]]) -> str:
    lines = ["| metric | " + " | ".join(f"{name} (n={len(rows)})" for name, rows in parts.items()) + " |",
             "|---|" + "---:|" * len(parts)]
    sums = {name: summarize(rows) for name, rows in parts.items()}
    for key in HEADLINE:
        cells = [f"{100 * sums[name][key][0]:.1f}% ({sums[name][key][1]})" for name in parts]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in Path(argv[0]).read_text(encoding="utf-8").splitlines() if line.strip()]
    test = dev_test_ids()
    parts = {"test": [r for r in rows if r["id"] in test], "tuning": [r for r in rows if r["id"] not in test],
             "all": rows}
    print(table(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
