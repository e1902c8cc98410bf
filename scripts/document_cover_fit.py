"""Fit Settings.document_cover_share (arrange.cover_documents) on the tuning data, leaving one set out at a time.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/document_cover_fit.py [--retrieved FILE] [--dump FILE]

The answerable tuning questions (the dev TUNING part and every eval/tune*.jsonl but this session's unseen pool,
tuning.POOL_SETS) that name two or more documents (asked.named_families of their condensed form), each condensed and
retrieved once (cached in --retrieved), composed with the stored unit model and settings at each share of
SHARES (-1: never cover). The objective is calibrate.composition_score's: the mean of (gold passage cited + share of key
facts stated) / 2. Leave one set out: for each set, the share with the best objective on the other sets (ties: never,
then the highest share, which adds fewest quotes) is scored on it; the held-out objective summed over the sets is
printed against never covering, and the share fitted on all of them. Never reads eval/blind*.jsonl nor the dev TEST
part.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from collector import open_collector  # noqa: E402
from composition_fit import item_composition  # noqa: E402
from tuning import POOL_SETS, tuning_items  # noqa: E402

SHARES = (-1.0, 0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)
# Every tuning set of the fits (scripts/tuning.py's tuples together), then the earlier sessions' pools, but this
# session's unseen pool.
SETS = tuple(s for s in ("tune.jsonl", "tune2.jsonl", "tune3.jsonl", "tune4.jsonl", "tune5.jsonl", "tune_fu.jsonl",
                         "tune_un.jsonl", *(f"tune{n}.jsonl" for n in range(6, 34))) if s not in POOL_SETS)
# The order ties are broken in: never covering first, then the highest share (which adds fewest quotes).
ORDER = (SHARES[0], *reversed(SHARES[1:]))
# A cheap filter before condensing: a turn (or its history) that names no document, treaty or article cannot name two.
_NAMES_A_DOCUMENT = re.compile(r"treat|article|\bart\.|analys|author|piece|commentary|writer|op-?ed|accession", re.I)


def objective(row: dict) -> float:
    return (row["cited"] + row["facts"]) / 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--retrieved", type=Path, default=ROOT / "eval" / "runs" / "document-cover-retrieved.pkl",
                        help="cache of each question's condensed form and passages (delete after changing retrieval)")
    parser.add_argument("--dump", type=Path, help="each question's quotes at every share (JSON lines)")
    args = parser.parse_args()
    from eaeu_qa.answering.asked import named_families

    items = [i for i in tuning_items(SETS) if i["answerable"]
             and _NAMES_A_DOCUMENT.search(" ".join([i["question"], *(i.get("history") or [])]))]
    collector = open_collector(args.retrieved)
    base = collector.answerer.unit_model
    limit = collector.chain.settings.max_answer_sentences
    chosen = []
    for item in items:
        _, question, structural = collector.prepare(item)
        if structural is None and len(named_families(question)) >= 2:
            chosen.append(item)
    collector.save()
    rows: dict[float, list[dict]] = {}
    for share in SHARES:
        model = copy.copy(base)
        model.settings = dataclasses.replace(model.settings, document_cover_share=share)
        rows[share] = [item_composition(collector, item, model, limit) for item in chosen]
    sets = sorted({i["key"].split(":")[0] for i in chosen})

    def total(share: float, keep) -> float:
        return sum(objective(r) for item, r in zip(chosen, rows[share]) if keep(item))

    print(f"{len(chosen)} answerable tuning questions naming two or more documents, {len(sets)} sets")
    print("share    cited   facts   prec   units  objective")
    for share in SHARES:
        rs = rows[share]
        print(f"{share:5.2f}  " + "  ".join(f"{sum(r[k] for r in rs) / len(rs):6.3f}"
                                            for k in ("cited", "facts", "precision", "units"))
              + f"  {total(share, lambda i: True) / len(rs):.4f}")
    held, never = 0.0, 0.0
    for name in sets:
        fitted = max(ORDER, key=lambda s: total(s, lambda i: not i["key"].startswith(name + ":")))
        held += total(fitted, lambda i: i["key"].startswith(name + ":"))
        never += total(-1.0, lambda i: i["key"].startswith(name + ":"))
        print(f"  {name:8} fitted on the others {fitted:5.2f}")
    print(f"leave one set out: held-out objective {held / len(chosen):.4f} against never covering "
          f"{never / len(chosen):.4f} (n={len(chosen)})")
    print(f"fitted on all: {max(ORDER, key=lambda s: total(s, lambda i: True)):.2f}")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for n, item in enumerate(chosen):
                out.write(json.dumps({"id": item["key"], "question": item["question"],
                                      **{str(s): rows[s][n] for s in SHARES}}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
