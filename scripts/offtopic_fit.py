"""Fits Settings.off_topic_similarity (the off-topic gate, answerability.off_topic) on the answerable tuning items.

    .venv/bin/python scripts/offtopic_fit.py [--retrieved FILE] [--examples FILE] [--pool]

The gate's statistic is the answerer's best_similarity: the best cosine between the (condensed) question and the
candidate units of its top Settings.answer_passages passages, as the chain retrieves them. The threshold is the lowest
value over every answerable item of the tuning data (the dev TUNING split and the sets of scripts/tuning.py's
ANSWERABILITY_SETS and FOLLOWUP_SETS, follow-ups as condensed by the chain) minus MARGIN, fixed before any look:
no answerable tuning item is refused by the gate, and the closest stays MARGIN above it.
--examples FILE: one question a line (off-topic examples made to develop the gate; never an eval set): each one's
statistic and whether the gate refuses it. --pool: the one look at the unseen pool (eval/tune24.jsonl, tune25.jsonl,
the dev TEST split): counts only, of answerable and unanswerable items the chain refuses as off-topic.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from collector import open_collector  # noqa: E402
from split import dev_test_ids  # noqa: E402
from tuning import ANSWERABILITY_SETS, FOLLOWUP_SETS, read_items, tuning_items  # noqa: E402

MARGIN = 0.05  # below the closest answerable tuning item (a cosine), fixed before any statistic was looked at
POOL_SETS = ("tune24.jsonl", "tune25.jsonl")  # with the dev TEST split: this session's unseen pool


def best_similarity(collector, item: dict) -> float:
    """The statistic as ExtractiveAnswerer.answer computes it (signals["best_similarity"])."""
    request, question, _ = collector.prepare(item)
    scored = collector._score(item["key"], question, request.passages)
    return max((s.similarity for s in scored), default=0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--retrieved", type=Path, default=ROOT / "eval" / "runs" / "calibration-retrieved.pkl",
                        help="cache of each item's condensed question and passages (scripts/collector.py)")
    parser.add_argument("--examples", type=Path, help="off-topic questions, one a line (development only)")
    parser.add_argument("--pool", action="store_true", help="the one look at the unseen pool (counts only)")
    args = parser.parse_args(argv)
    collector = open_collector(args.retrieved)
    sets = tuple(dict.fromkeys(ANSWERABILITY_SETS + FOLLOWUP_SETS))
    answerable = [i for i in tuning_items(sets) if i["answerable"]]
    values = sorted((best_similarity(collector, i), i["key"]) for i in answerable)
    collector.save()
    threshold = math.floor((values[0][0] - MARGIN) * 1000) / 1000
    print(f"answerable tuning items: {len(values)}; lowest best_similarity: "
          + ", ".join(f"{v:.3f} ({k})" for v, k in values[:5]))
    print(f"off_topic_similarity = {threshold:.3f} (lowest {values[0][0]:.4f} - margin {MARGIN})")
    if args.examples:
        questions = [q for q in args.examples.read_text(encoding="utf-8").splitlines() if q.strip()]
        stats = [(best_similarity(collector, {"key": f"example:{n}", "question": q, "history": []}), q)
                 for n, q in enumerate(questions)]
        print(f"examples below the threshold: {sum(v < threshold for v, _ in stats)}/{len(stats)}")
        for v, q in stats:
            print(f"  {v:.3f} {'refused' if v < threshold else 'passes '} {q}")
    if args.pool:
        dev = ROOT / "eval" / "dev.jsonl"
        test = dev_test_ids(dev)
        pool = [i for i in read_items(dev) if i["id"] in test] + [i for s in POOL_SETS for i in read_items(ROOT / "eval" / s)]
        counts = {True: [0, 0], False: [0, 0]}  # answerable -> [off-topic refusals, items]
        for item in pool:
            answer = collector.chain.ask(item["question"], history=item.get("history") or [])
            counts[bool(item["answerable"])][0] += answer.refusal == "off_topic"
            counts[bool(item["answerable"])][1] += 1
        print(f"pool (dev TEST + {' + '.join(POOL_SETS)}): off-topic refusals of answerable items "
              f"{counts[True][0]}/{counts[True][1]}, of unanswerable items {counts[False][0]}/{counts[False][1]}")
    print(json.dumps({"off_topic_similarity": threshold}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
