"""Answer a multi-part question refused as weak_evidence when every part is answered on its own: the level, left one set out.

    HF_HUB_OFFLINE=1 EAEU_QA_SOURCES=/work/shared/corpus python scripts/multipart_study.py --dump ROWS.jsonl
    python scripts/parts_fit.py ROWS.jsonl

Reads scripts/multipart_study.py's rows (single-turn multi-part tuning questions: the dev TUNING split and every
eval/tune*.jsonl but this session's pool and the off-topic sets). For a question the chain refuses as weak_evidence,
a part's score is its answerability when asked alone (the chain's own answer to the part: its probability, 1 for a
structural answer, 0 when refused) or on the whole question's passages ("same"); a question's score is the least of
its parts'. The rule answers the question when its score reaches a level. The level is chosen on the other sets as the
least one above every unanswerable question's score there (no unanswerable tuning question starts being answered), and
the held-out set is counted both ways: answerable questions answered, unanswerable ones answered.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

STEP = 1e-6  # the level sits just above the highest unanswerable score of the other sets


def part_score(row: dict, part: int, kind: str) -> float:
    """One part's score: asked alone ("alone") or on the whole question's passages ("same")."""
    if kind == "same":
        return float(row["parts"][part]) if part < len(row["parts"]) else 0.0
    alone = row["alone_rows"][part]
    if not alone["answered"]:
        return 0.0
    return 1.0 if alone["p"] is None else float(alone["p"])


def score(row: dict, kind: str) -> float:
    """The least part score: every part must be answered on its own."""
    count = len(row["alone_rows"]) if kind == "alone" else len(row["parts"])
    return min((part_score(row, i, kind) for i in range(count)), default=0.0)


def level_for(rows: list[dict], kind: str) -> float:
    """The least level above every unanswerable row's score (at least the model's 0.5)."""
    return max([0.5] + [score(r, kind) + STEP for r in rows if not r["answerable"]])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=Path, help="scripts/multipart_study.py --dump's file")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.rows.read_text(encoding="utf-8").splitlines() if line.strip()]
    weak = [r for r in rows if r["refusal"] == "weak_evidence"]
    by_set: dict[str, list[dict]] = defaultdict(list)
    for r in weak:
        by_set[r["key"].split(":")[0]].append(r)
    print(f"{len(rows)} multi-part single-turn tuning questions, {len(weak)} refused as weak_evidence "
          f"({sum(r['answerable'] for r in weak)} answerable) in {len(by_set)} sets")
    for kind in ("alone", "same"):
        gained = wrong = 0
        levels = []
        for held, held_rows in sorted(by_set.items()):
            level = level_for([r for s, rs in by_set.items() if s != held for r in rs], kind)
            levels.append(level)
            turned = [r for r in held_rows if score(r, kind) >= level]
            gained += sum(r["answerable"] for r in turned)
            wrong += sum(not r["answerable"] for r in turned)
            for r in turned:
                print(f"  {kind} held out {held}: level {level:.4f} answers {r['key']} "
                      f"({'answerable' if r['answerable'] else 'UNANSWERABLE'}): {r['question']}")
        full = level_for(weak, kind)
        print(f"{kind}: left one set out, answerable answered {gained}, unanswerable answered {wrong}; levels "
              f"{min(levels):.4f} .. {max(levels):.4f}; on all sets {full:.4f} (answers "
              f"{sum(r['answerable'] for r in weak if score(r, kind) >= full)} answerable)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
