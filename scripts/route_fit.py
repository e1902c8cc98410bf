"""Fit and measure Settings.route_yield_margin: when a named article lifts only its best chunk (retrieval._route_yields).

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/route_fit.py [--show] [--condensed PKL]

Tuning data only: the answerable items of RETRIEVAL_SETS (scripts/tuning.py) with the dev TUNING split whose searched
question names an article without a paragraph (the only ones the margin can change); the dev TEST split and
eval/blind*.jsonl are never read. Prints gold in the top 4 at each margin of MARGINS, per set, and nested leave one
set out: each set at the margin the other sets' totals choose (ties: the larger margin, the smaller change).
--condensed PKL reads the condensed turns from that cache (scripts/retrieval_fit.py's condensed_cache, e.g. one written
by the shipped code: a follow-up's history is replayed with the retrieval that wrote it) instead of the one this tree's
code keys (a new key re-condenses every item: slow).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from retrieval_fit import Condensing, gold_ranks, memoised, open_chain, set_name  # noqa: E402
from tuning import RETRIEVAL_SETS, tuning_items  # noqa: E402

MARGINS = (2.0, 0.2, 0.15, 0.1, 0.05, 0.0)  # Settings.route_yield_margin (2 = off)


def names_whole_article(text: str, chunks) -> bool:
    from eaeu_qa.references import parse_references

    return any(not ref.paragraph for ref in parse_references(text or "", chunks))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print the items whose rank changes")
    parser.add_argument("--condensed", type=Path)
    args = parser.parse_args()

    from eaeu_qa.retrieval import HybridRetriever
    from eaeu_qa.settings import get_settings

    settings = get_settings()
    chain = open_chain(settings)
    condensing = Condensing(chain, args.condensed)
    chunks = chain.retriever.chunks
    items = [i for i in tuning_items(RETRIEVAL_SETS) if i["answerable"]
             and (names_whole_article(condensing(i).standalone, chunks) or names_whole_article(condensing(i).own, chunks))]
    Retriever = memoised(HybridRetriever)
    ranks = {}
    for margin in MARGINS:
        variant = replace(settings, route_yield_margin=margin)
        ranks[margin] = gold_ranks(Retriever(handles=chain.retriever.handles, settings=variant), variant, items,
                                   condensing)
    condensing.save()
    names = list(dict.fromkeys(set_name(i) for i in items))

    def hits(margin: float, which: list[str]) -> int:
        return sum(1 for i in items if set_name(i) in which
                   and ranks[margin][i["key"]] is not None and ranks[margin][i["key"]] <= 4)

    print(f"{len(items)} answerable tuning questions name an article without a paragraph; gold in the top 4 by margin:")
    for margin in MARGINS:
        print(f"  {margin}: {hits(margin, names)}/{len(items)}  (" +
              ", ".join(f"{n} {hits(margin, [n])}" for n in names) + ")")
    nested = 0
    for name in names:
        others = [n for n in names if n != name]
        chosen = max(MARGINS, key=lambda m: (hits(m, others), m))
        nested += hits(chosen, [name])
        print(f"  nested {name}: margin {chosen} -> {hits(chosen, [name])} (off: {hits(2.0, [name])})")
    print(f"nested leave one set out: {nested}/{len(items)} (off: {hits(2.0, names)}/{len(items)}); margin on all sets: "
          f"{max(MARGINS, key=lambda m: (hits(m, names), m))}")
    if args.show:
        for item in items:
            row = [ranks[m][item["key"]] for m in MARGINS]
            if len(set(row)) > 1:
                print(f"  {item['key']} ranks {row}: {item['question'][:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
