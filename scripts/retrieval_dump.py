"""Every tuning question's top 20 passages as JSON, to compare retrieval before and after.

Every tuning question's top 20 passages (chunk id, fused score, ranks) as JSON: run before and after a change that
must not change retrieval, then compare the two files (`cmp`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tuning import RETRIEVAL_SETS, tuning_items  # noqa: E402

TOP = 20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    from eaeu_qa.index import open_index
    from eaeu_qa.retrieval import HybridRetriever
    from eaeu_qa.settings import get_settings

    settings = get_settings()
    retriever = HybridRetriever(handles=[open_index(settings, rebuild=False)], settings=settings)
    questions = list(dict.fromkeys(item["question"] for item in tuning_items(RETRIEVAL_SETS)))
    rows = [{"question": q, "top": [[p.chunk.chunk_id, round(p.score, 12), p.dense_rank, p.lexical_rank]
                                    for p in retriever.search(q, k=TOP)]} for q in questions]
    args.out.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    print(f"{len(rows)} questions -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
