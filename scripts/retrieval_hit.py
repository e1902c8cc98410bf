"""Gold-passage hit rate of the hybrid retriever on a question set (default: eval/retrieval.jsonl).

Usage: .venv/bin/python scripts/retrieval_hit.py [FILE.jsonl ...] [--k 4]
Items need "question" and "gold_passages"; "history" is prepended as plain text; unanswerable items
(answerable: false) are skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eaeu_qa.evaluation import gold_rank
from eaeu_qa.index import open_index
from eaeu_qa.retrieval import HybridRetriever
from eaeu_qa.settings import PROJECT_ROOT, get_settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, default=[PROJECT_ROOT / "eval" / "retrieval.jsonl"])
    parser.add_argument("--k", type=int, default=4)
    args = parser.parse_args()
    settings = get_settings()
    retriever = HybridRetriever(handles=[open_index(settings, log=lambda m: print(m, file=sys.stderr))],
                                settings=settings)
    for path in args.files:
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        items = [i for i in items if i.get("answerable", True) and i.get("gold_passages")]
        hits = 0
        for item in items:
            query = " ".join([*item.get("history", []), item["question"]])
            rank = gold_rank([p.chunk.text for p in retriever.search(query, k=8)], item["gold_passages"])
            hit = rank is not None and rank <= args.k
            hits += hit
            if not hit:
                print(f"  miss {item['id']}: gold rank {rank}: {item['question']}")
        print(f"{path.name}: gold passage in top {args.k} for {hits}/{len(items)} = {hits / len(items):.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
