"""One more reranker feature, fitted leaving one tuning set out: held-out gold in the top 4 with and without it.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/rerank_feature_fit.py record PKL [--condensed PKL] [--last N]
    HF_HUB_OFFLINE=1 .venv/bin/python scripts/rerank_feature_fit.py study PKL [--show]

`record` searches every answerable question of SETS as the chain does (the shipped query adapter, the fused order kept:
a neutral reranker) and stores, per search, the query, its reranked candidates (the first Settings.rerank_depth fused
and the dense leaders), their rerank.FEATURES rows and labels (the candidate holds a gold passage).
`study` reads those records and, leaving one set out, compares on the first search of each question (the proxy of
rerank_fit.py: gold among the reordered candidates' first 4): the shipped reranker, the reranker refitted on the other
sets with the shipped features (the control), and refitted with each candidate feature added
(rerank_feature_study.candidates). The shipped L2 penalty is kept (nothing but the weights is learnt on the sets).

SETS are the tuning sets the shipped query adapter and reranker never saw (tune13 onwards; they were fitted on tune ...
tune12, tune_fu, tune_un and the dev TUNING split), without this session's unseen pool (scripts/tuning.py POOL_SETS),
up to tune`--last` (default tuning.UNSEEN_LAST: every tuning set; a smaller one reproduces a run made before the newer
sets were tuning data).
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from tuning import UNSEEN_LAST, tuning_items, unseen_sets  # noqa: E402

SETS = unseen_sets()
TOP = 4


def record(path: Path, condensed: Path | None, sets: tuple[str, ...] = SETS) -> None:
    from eaeu_qa import rerank
    from eaeu_qa.retrieval import HybridRetriever
    from eaeu_qa.settings import get_settings
    from eaeu_qa.textrepair import contains_words
    from rerank_fit import neutral
    from retrieval_fit import Condensing, gold_ranks, open_chain, set_name

    settings = get_settings()
    chain = open_chain(settings)
    condensing = Condensing(chain, condensed)
    by_id = {c.chunk_id: c for c in chain.retriever.chunks}
    observed: list = []

    class Observing(HybridRetriever):
        def _observe(self, query, candidates, rows):
            observed.append((query, list(candidates), np.asarray(rows, dtype=float)))

    dimension = len(chain.retriever._query_vector("dimension"))
    retriever = Observing(handles=chain.retriever.handles, settings=settings,
                          reranker=neutral(settings.model_name, dimension))
    items = [i for i in tuning_items(sets) if i["answerable"] and not i["key"].startswith("dev:")]
    records = []
    for n, item in enumerate(items, 1):
        observed.clear()
        rank = gold_ranks(retriever, settings, [item], condensing)[item["key"]]
        searches = [(q, ids, rows, np.array([any(contains_words(by_id[c].text, g) for g in item["gold_passages"])
                                             for c in ids], dtype=float)) for q, ids, rows in observed]
        records.append({"key": item["key"], "set": set_name(item), "question": item["question"],
                        "follow_up": bool(item.get("history")), "fused_rank": rank, "searches": searches})
        if n % 50 == 0:
            condensing.save()
            print(f"{n}/{len(items)}", flush=True)
    condensing.save()
    shipped = rerank.load(settings.model_name, dimension)
    path.write_bytes(pickle.dumps({"records": records, "features": list(rerank.FEATURES),
                                   "shipped": shipped.to_dict() if shipped else None}))
    print(f"wrote {path}: {len(records)} questions of {len({r['set'] for r in records})} sets")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("record", "study"))
    parser.add_argument("pkl", type=Path)
    parser.add_argument("--condensed", type=Path, help="a retrieval-condensed-*.pkl to read (retrieval_fit.Condensing)")
    parser.add_argument("--show", action="store_true", help="print the questions whose top 4 changes")
    parser.add_argument("--last", type=int, default=UNSEEN_LAST,
                        help=f"record tune13 ... tune<LAST> (default {UNSEEN_LAST}; the pool is never read)")
    return parser


def main() -> int:
    args = build_parser().parse_args()
    if args.mode == "record":
        record(args.pkl, args.condensed, unseen_sets(args.last))
        return 0
    from rerank_feature_study import study

    study(args.pkl, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
