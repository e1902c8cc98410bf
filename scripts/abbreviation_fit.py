"""Gold in the top 4 of the answerable tuning questions with and without the corpus's abbreviations (abbreviations.py).

    HF_HUB_OFFLINE=1 EAEU_QA_SOURCES=/work/shared/corpus .venv/bin/python scripts/abbreviation_fit.py [--dense]

Tuning data only (scripts/tuning.py RETRIEVAL_SETS; retrieval_fit's condensing and retrieval, the chain's way). Prints
the definitions read from the index, how many questions write a defined form, the per-set counts off and on, and each
question whose rank changes. No parameter is fitted (Settings.abbreviation_expansion is on or off). --dense compares
the question's vector as written with the vector of the question with its short forms spelled out
(Settings.abbreviation_dense off / on; the keyword side's expansion on in both).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from retrieval_fit import Condensing, gold_ranks, line, open_chain, per_set, set_name  # noqa: E402
from tuning import RETRIEVAL_SETS, tuning_items  # noqa: E402


DENSE_SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)  # Settings.abbreviation_dense


def main() -> int:
    from eaeu_qa.retrieval import HybridRetriever
    from eaeu_qa.settings import get_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dense", action="store_true", help="fit Settings.abbreviation_dense (printed, held out)")
    args = parser.parse_args()
    setting = "abbreviation_dense" if args.dense else "abbreviation_expansion"
    values = DENSE_SHARES if args.dense else (False, True)
    settings = replace(get_settings(), abbreviation_expansion=True, abbreviation_dense=0.0)
    chain = open_chain(settings)
    condensing = Condensing(chain)
    items = [i for i in tuning_items(RETRIEVAL_SETS) if i["answerable"]]
    ranks = {}
    for value in values:
        variant = replace(settings, **{setting: value})
        retriever = HybridRetriever(handles=chain.retriever.handles, settings=variant)
        if value and value == values[1]:
            forms = retriever._abbreviations
            print("definitions:", forms.pairs)
            writing = [i for i in items if forms.terms(condensing(i).standalone)]
            print(f"questions writing a defined form: {len(writing)}/{len(items)}")
            spelled = [i for i in items if forms.expanded(condensing(i).standalone) != condensing(i).standalone]
            print(f"questions writing a short form whose long form they do not write: {len(spelled)}/{len(items)}")
        ranks[value] = gold_ranks(retriever, variant, items, condensing)
        print(f"gold in the top 4 ({setting}={value}):", line(per_set(items, ranks[value])), flush=True)
    condensing.save()
    base = values[0]
    for value in values[1:]:
        for item in items:
            before, after = ranks[base][item["key"]], ranks[value][item["key"]]
            if before != after:
                print(f"  {setting}={value}: {item['key']} rank {before} -> {after}: {item['question'][:100]}")
    if args.dense:
        held_out(items, ranks, values)
    return 0


def held_out(items: list[dict], ranks: dict, values) -> None:
    """Leave one set out: each set at the value with the most gold in the top 4 on the other sets (ties: the
    smaller value)."""
    hit = {v: {i["key"]: ranks[v][i["key"]] is not None and ranks[v][i["key"]] <= 4 for i in items} for v in values}
    total, chosen = 0, []
    for name in dict.fromkeys(set_name(i) for i in items):
        rest = [i["key"] for i in items if set_name(i) != name]
        value = max(values, key=lambda v: (sum(hit[v][k] for k in rest), -v))
        total += sum(hit[value][i["key"]] for i in items if set_name(i) == name)
        chosen.append(value)
    print(f"leave one set out: {total}/{len(items)} in the top 4 (values chosen: "
          + ", ".join(f"{v} x{chosen.count(v)}" for v in dict.fromkeys(chosen)) + ")")


if __name__ == "__main__":
    sys.exit(main())
