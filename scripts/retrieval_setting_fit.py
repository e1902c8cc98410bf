"""One retrieval setting fitted by leave one set out on gold in the top 4 of the answerable tuning questions.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/retrieval_setting_fit.py NAME V1,V2,... [--also SET ...] [--show]

Tuning data only (scripts/tuning.py: RETRIEVAL_SETS with the dev TUNING split, and --also sets; the pool sets and the
blind sets are refused). Every item is condensed as the chain condenses it (retrieval_fit's cache) and retrieved as the
chain retrieves it (retrieval_fit.retrieve: a follow-up through followup_search) with the setting at each value. Printed:
gold in the top 4 per value (all sets), the items that differ from the first value at each other value (by kind), and
leave one set out: each set scored at the value the other sets choose (most hits; ties: the value listed first, so list
the shipped value first).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from retrieval_fit import Condensing, gold_ranks, memoised, open_chain, set_name, settings_overrides  # noqa: E402
from retrieval_misses import kind  # noqa: E402
from tuning import POOL_SETS, RETRIEVAL_SETS, tuning_items  # noqa: E402


def leave_one_set_out(items: list[dict], hits: dict) -> tuple[int, dict[str, object]]:
    """Held-out hits: each set at the value the other sets choose (most hits there; ties: the first value)."""
    values = list(hits)
    total, chosen = 0, {}
    for name in dict.fromkeys(set_name(i) for i in items):
        rest = [i["key"] for i in items if set_name(i) != name]
        best = max(values, key=lambda v: (sum(hits[v][k] for k in rest), -values.index(v)))
        chosen[name] = best
        total += sum(hits[best][i["key"]] for i in items if set_name(i) == name)
    return total, chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="a Settings field")
    parser.add_argument("values", help="comma-separated values, the shipped one first")
    parser.add_argument("--also", action="append", default=[], help="an eval/ tuning set to read too (repeatable)")
    parser.add_argument("--show", action="store_true", help="print each item that differs from the first value")
    parser.add_argument("--condensed", type=Path, help="a retrieval-condensed-*.pkl to read instead of this code's "
                                                       "(one made by code whose condensing is the same as this)")
    args = parser.parse_args()
    if set(args.also) & set(POOL_SETS):
        raise SystemExit(f"{sorted(set(args.also) & set(POOL_SETS))}: this session's unseen pool is never fitted on")

    from eaeu_qa.retrieval import HybridRetriever
    from eaeu_qa.settings import get_settings

    base = get_settings()
    chain = open_chain(base)
    condensing = Condensing(chain, args.condensed)
    items = [i for i in tuning_items(RETRIEVAL_SETS + tuple(n for n in args.also if n not in RETRIEVAL_SETS))
             if i["answerable"]]
    retriever_class = memoised(HybridRetriever)
    hits: dict = {}
    ranks: dict = {}
    for value in args.values.split(","):
        settings = replace(base, **settings_overrides([f"{args.name}={value}"]))
        retriever = retriever_class(handles=chain.retriever.handles, settings=settings)
        ranks[value] = gold_ranks(retriever, settings, items, condensing)
        hits[value] = {k: int(r is not None and r <= 4) for k, r in ranks[value].items()}
        condensing.save()
    first = next(iter(hits))
    for value, got in hits.items():
        up = Counter(kind(i) for i in items if got[i["key"]] > hits[first][i["key"]])
        down = Counter(kind(i) for i in items if got[i["key"]] < hits[first][i["key"]])
        print(f"{args.name}={value}: {sum(got.values())}/{len(items)}; +{sum(up.values())} {dict(up)} "
              f"-{sum(down.values())} {dict(down)}")
        if args.show:
            for i in items:
                if ranks[value][i["key"]] != ranks[first][i["key"]]:
                    print(f"    {i['key']} {ranks[first][i['key']]} -> {ranks[value][i['key']]}: {i['question'][:100]}")
    total, chosen = leave_one_set_out(items, hits)
    print(f"leave one set out: {total}/{len(items)} (at {first} throughout: {sum(hits[first].values())}); chosen:",
          dict(Counter(chosen.values())))
    for name, value in chosen.items():
        keys = [i["key"] for i in items if set_name(i) == name]
        if sum(hits[value][k] for k in keys) != sum(hits[first][k] for k in keys):
            print(f"    {name}: {sum(hits[first][k] for k in keys)} -> {sum(hits[value][k] for k in keys)}/{len(keys)}"
                  f" at {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
