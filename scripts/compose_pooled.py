"""Pooled means of compose_report.summary per run: the tuning sets (dev TUNING + compose_report.SETS), dev TEST, the pool.

    python scripts/compose_pooled.py RUN_DIR [RUN_DIR ...]

Each RUN_DIR holds `eaeu-qa eval --out` folders RUN_DIR/<set>. The pool (the twenty-second session's unseen sets, tune36
and tune37; tune22 and tune23 joined the tuning sets in the sixteenth session, review s15 R4, tune24 and tune25 in the
seventeenth, tune26 and tune27 in the eighteenth, tune28 and tune29 in the nineteenth, tune30 and tune31 in the twentieth, tune32 and tune33 in the twenty-first, tune34 and tune35 in the twenty-second) is reported as aggregates
only; a set not run is left out, and named on stderr (two runs may otherwise pool different items). Never reads
eval/blind*.jsonl.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compose_report import ROOT, SETS, summary  # noqa: E402
from split import dev_test_ids  # noqa: E402

TUNING = (*SETS, "tune22", "tune23", "tune24", "tune25", "tune26", "tune27", "tune28", "tune29", "tune30", "tune31", "tune32", "tune33", "tune34", "tune35", "tune36", "tune37", "tune38", "tune39")
POOL = ("tune40", "tune41")


def _rows(run: Path, name: str) -> tuple[list[dict], dict[str, list[str]]]:
    file = run / name / "results.jsonl"
    if not file.exists():
        return [], {}
    items = [json.loads(line) for line in (ROOT / "eval" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    rows = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
    # ids repeat across sets ("mig01"): each is named by its set in the pooled rows
    return ([{**r, "id": f"{name}/{r['id']}"} for r in rows],
            {f"{name}/{i['id']}": i.get("gold_passages", []) for i in items})


def main(argv: list[str]) -> int:
    if not argv or any("blind" in a for a in argv):
        print(__doc__, file=sys.stderr)
        return 2
    test = dev_test_ids(ROOT / "eval" / "dev.jsonl")
    keys = ("citation_recall", "key_fact_recall", "citation_gold_precision", "verbatim", "lead")
    print("run        part      n     " + "  ".join(f"{k[:12]:>12}" for k in keys))
    for run in map(Path, argv):
        groups: dict[str, tuple[list[dict], dict]] = {"tuning": ([], {}), "dev-test": ([], {}), "pool": ([], {})}
        skipped = []
        for name in (*TUNING, *POOL):
            rows, gold = _rows(run, name)
            if not rows:
                skipped.append(name)
            if name == "dev":
                parts = {"tuning": [r for r in rows if r["id"].split("/", 1)[1] not in test],
                         "dev-test": [r for r in rows if r["id"].split("/", 1)[1] in test]}
            else:
                parts = {"pool" if name in POOL else "tuning": rows}
            for part, chosen in parts.items():
                groups[part][0].extend(chosen)
                groups[part][1].update({r["id"]: gold.get(r["id"], []) for r in chosen})
        if skipped:
            print(f"{run.name}: not run, left out: {', '.join(skipped)}", file=sys.stderr)
        for part, (rows, gold) in groups.items():
            if not rows:
                continue
            s = summary(rows, gold)
            print(f"{run.name[-10:]:10} {part:9} {len(rows):4d}  " + "  ".join(f"{s[k]:12.4f}" for k in keys))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
