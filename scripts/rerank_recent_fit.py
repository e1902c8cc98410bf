"""The learnt reranker refitted on the tuning sets the shipped query adapter never saw; held-out gold in the top 4.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/rerank_recent_fit.py [--condensed PKL] [--write [PATH]]

The shipped query adapter and reranker were fitted on tune ... tune12, tune_fu, tune_un and the dev TUNING split
(a8248ad; the tune13 refit did not land, adff241). Every later tuning set (RECENT: tune13 ... tune33) is unseen by both,
so its questions' features (rerank.FEATURES, read with the shipped adapter) are those an unseen question gets. This
script records, for each answerable question of RECENT, its first search's first rerank_fit.MAX_DEPTH fused candidates
with the shipped adapter (the fused order kept), then, leaving one set out: the reranker fitted on the other sets'
records (the shipped depth and L2 penalty), and the held-out
set's questions retrieved as the chain retrieves them with that reranker, against the shipped reranker.
--write stores the reranker fitted on every RECENT record. Depth and penalty are the shipped fit's (not chosen here).
Tuning data only (scripts/tuning.py refuses the pool and the blind sets).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from rerank_fit import TOP, Records, fit  # noqa: E402
from retrieval_fit import Condensing, gold_ranks, open_chain, print_refit, set_name  # noqa: E402
from tuning import tuning_items  # noqa: E402

# The tuning sets after the shipped adapter's and reranker's (tune12): unseen by both.
RECENT = tuple(f"tune{n}.jsonl" for n in range(13, 34))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--condensed", type=Path, help="a retrieval-condensed-*.pkl to read (retrieval_fit.Condensing)")
    parser.add_argument("--write", type=Path, nargs="?", const=Path("eaeu_qa/rerank_model.json"),
                        help="fit on every record and save the reranker here (default eaeu_qa/rerank_model.json)")
    args = parser.parse_args()

    from eaeu_qa import rerank
    from eaeu_qa.retrieval import HybridRetriever
    from eaeu_qa.settings import get_settings

    settings = get_settings()
    chain = open_chain(settings)
    condensing = Condensing(chain, args.condensed)
    items = [i for i in tuning_items(RECENT) if i["answerable"] and not i["key"].startswith("dev:")]
    records = Records(chain, items, condensing, HybridRetriever)
    records.ranks({}, {}, {}, record=True)  # neutral reranker: the fused order, its features recorded
    condensing.save()
    keys = [i["key"] for i in items]
    by_set = {i["key"]: set_name(i) for i in items}
    shipped_model = rerank.load(settings.model_name, records.dimension)
    # The shipped fit's depth and penalty (chosen by its own nested leave one set out): only the weights are learnt
    # from the new sets, so nothing is chosen on them but the weights (a nested grid per held-out set took 7 minutes a
    # set on the loaded machine).
    depth, l2 = settings.rerank_depth, shipped_model.l2
    print(f"records: {len(keys)} questions of {len(set(by_set.values()))} sets; depth {depth}, l2 {l2}", flush=True)
    retriever = HybridRetriever(handles=chain.retriever.handles, settings=settings)
    shipped = gold_ranks(retriever, settings, items, condensing)
    after = {}
    for part in sorted(set(by_set.values())):
        refit = fit(records, [k for k in keys if by_set[k] != part], depth, l2)
        found = HybridRetriever(handles=chain.retriever.handles, settings=settings, reranker=refit)
        after.update(gold_ranks(found, settings, [i for i in items if by_set[i["key"]] == part], condensing))
    print_refit("reranker", items, shipped, after, TOP)
    if args.write:
        best = fit(records, keys, depth, l2)
        args.write.write_text(json.dumps(best.to_dict()) + "\n", encoding="utf-8")
        print(f"wrote {args.write} (depth {depth}, l2 {l2})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
