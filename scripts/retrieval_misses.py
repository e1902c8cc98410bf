"""Where the gold passage ranks in each of retrieval's rankings, for the tuning questions whose gold is not in the top 4.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/retrieval_misses.py [--also SET ...] [--set NAME=VALUE ...] [--all]

Tuning data only (scripts/tuning.py: RETRIEVAL_SETS, the dev TUNING split, and --also sets; the pool and the blind
sets are refused or never named). Each answerable item is condensed as the chain condenses it (retrieval_fit's cache)
and retrieved; for the single-question search of its standalone question, the gold's best rank is printed in the dense
chunk ranking, the sentence (unit) ranking, the keyword rankings (expanded and own words), the fused order (before
placement and reranking) and the final list, with the item's kind (its id's group: art, tr, acc, x, fu ...), whether it
was searched as a follow-up, and the gold's document. Follow-ups are also retrieved through followup_search (final).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from retrieval_fit import Condensing, open_chain, retrieve, set_name, settings_overrides  # noqa: E402
from tuning import RETRIEVAL_SETS, tuning_items  # noqa: E402


def kind(item: dict) -> str:
    """The item's group from its id ("t27-art03" -> art, "jour07" -> jour)."""
    return re.sub(r"\d+$", "", item["id"].split("-")[-1]) or "?"


def recording(retriever_class):
    """A retriever class that keeps the rankings of its last _search."""

    class Recording(retriever_class):
        def _search(self, query, k):
            self.__dict__["last"] = {"dense": [], "units": [], "keywords": [], "own": [], "fused": [], "reranked": []}
            return super()._search(query, k)

        def dense_ranking(self, query, k, vector=None, hits=None):
            found = super().dense_ranking(query, k, vector, hits)
            self.__dict__["last"]["dense"] = [c.chunk_id for c, _ in found]
            return found

        def unit_ranking(self, query, k, vector=None, hits=None):
            found = super().unit_ranking(query, k, vector, hits)
            self.__dict__["last"]["units"] = [c.chunk_id for c, _ in found]
            return found

        def keyword_rankings(self, query, extra, k):
            own, expanded = super().keyword_rankings(query, extra, k)
            self.__dict__["last"]["own"] = [c.chunk_id for c, _ in own]
            self.__dict__["last"]["keywords"] = [c.chunk_id for c, _ in expanded]
            return own, expanded

        def _reranked(self, query, order, *args, **kwargs):
            out = super()._reranked(query, order, *args, **kwargs)
            self.__dict__["last"]["fused"] = list(order)
            self.__dict__["last"]["reranked"] = list(out)
            return out

    return Recording


def best(ranking: list[str], gold: set[str]) -> int | None:
    return next((n for n, cid in enumerate(ranking, 1) if cid in gold), None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--also", action="append", default=[], help="an eval/ tuning set to read too (repeatable)")
    parser.add_argument("--set", action="append", default=[], help="a Settings override NAME=VALUE (repeatable)")
    parser.add_argument("--all", action="store_true", help="print every item, not only the misses")
    args = parser.parse_args()

    from eaeu_qa.evaluation import gold_rank
    from eaeu_qa.retrieval import HybridRetriever
    from eaeu_qa.settings import get_settings
    from eaeu_qa.textrepair import contains_words

    settings = replace(get_settings(), **settings_overrides(args.set))
    chain = open_chain(settings)
    condensing = Condensing(chain)
    retriever = recording(HybridRetriever)(handles=chain.retriever.handles, settings=settings)
    items = [i for i in tuning_items(RETRIEVAL_SETS + tuple(n for n in args.also if n not in RETRIEVAL_SETS))
             if i["answerable"]]
    misses: Counter = Counter()
    totals: Counter = Counter()
    print("key kind fu doc | final | single: dense units keywords own fused reranked | question")
    for item in items:
        condensed = condensing(item)
        gold = {c.chunk_id for c in retriever.chunks if any(contains_words(c.text, g) for g in item["gold_passages"])}
        doc = ",".join(sorted({cid.split(":")[0][:3] for cid in gold})) or "none"
        final = gold_rank([p.chunk.text for p in retrieve(retriever, settings, condensed)], item["gold_passages"])
        retriever._search(condensed.standalone, 8)  # the whole question's rankings (not its parts', not a fusion's)
        last = retriever.__dict__["last"]
        group = f"{kind(item)}{'/fu' if condensed.is_follow_up else ''}"
        totals[(group, doc)] += 1
        hit = final is not None and final <= 4
        if not hit:
            misses[(group, doc)] += 1
        if args.all or not hit:
            ranks = " ".join(str(best(last[name], gold)) for name in ("dense", "units", "keywords", "own", "fused",
                                                                       "reranked"))
            print(f"{item['key']} {kind(item)} {int(condensed.is_follow_up)} {doc} | {final} | {ranks} | "
                  f"{condensed.standalone[:120]}")
    condensing.save()
    print("misses by kind/doc:", ", ".join(f"{g} {d}: {misses[(g, d)]}/{totals[(g, d)]}"
                                             for (g, d) in sorted(totals, key=lambda t: -misses[t])))
    print(f"all: {sum(misses.values())} misses of {sum(totals.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
