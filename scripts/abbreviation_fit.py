"""Gold in the top 4 of the answerable tuning questions with and without the corpus's abbreviations (abbreviations.py).

    HF_HUB_OFFLINE=1 EAEU_QA_SOURCES=/work/shared/corpus .venv/bin/python scripts/abbreviation_fit.py

Tuning data only (scripts/tuning.py RETRIEVAL_SETS; retrieval_fit's condensing and retrieval, the chain's way). Prints
the definitions read from the index, how many questions write a defined form, the per-set counts off and on, and each
question whose rank changes. No parameter is fitted (Settings.abbreviation_expansion is on or off).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from retrieval_fit import Condensing, gold_ranks, line, open_chain, per_set  # noqa: E402
from tuning import RETRIEVAL_SETS, tuning_items  # noqa: E402


def main() -> int:
    from eaeu_qa.retrieval import HybridRetriever
    from eaeu_qa.settings import get_settings

    settings = replace(get_settings(), abbreviation_expansion=True)
    chain = open_chain(settings)
    condensing = Condensing(chain)
    items = [i for i in tuning_items(RETRIEVAL_SETS) if i["answerable"]]
    ranks = {}
    for flag in (False, True):
        variant = replace(settings, abbreviation_expansion=flag)
        retriever = HybridRetriever(handles=chain.retriever.handles, settings=variant)
        if flag:
            print("definitions:", retriever._abbreviations.pairs)
            writing = [i for i in items if retriever._abbreviations.terms(condensing(i).standalone)]
            print(f"questions writing a defined form: {len(writing)}/{len(items)}")
        ranks[flag] = gold_ranks(retriever, variant, items, condensing)
        print(f"gold in the top 4 (abbreviation_expansion={flag}):", line(per_set(items, ranks[flag])))
    condensing.save()
    for item in items:
        before, after = ranks[False][item["key"]], ranks[True][item["key"]]
        if before != after:
            print(f"  {item['key']} rank {before} -> {after}: {item['question'][:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
