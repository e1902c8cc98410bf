"""The query adapter refitted with the tuning sets it never saw; held-out gold in the top 4 on those sets.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/adapter_recent_fit.py [--last N] [--groups G] [--write [PATH]]

The shipped adapter (strength 0.01, rank 16) was fitted on tune ... tune12, tune_fu, tune_un and the dev TUNING split
(a8248ad). RECENT (tune13 onwards, without this session's unseen pool: scripts/tuning.py POOL_SETS) is three times as
many questions, unseen by it (up to tune`--last`, default tuning.UNSEEN_LAST: a smaller one reproduces a run made
before the newer sets were tuning data). For each RECENT set, an adapter at the shipped strength and rank is fitted on
every other answerable tuning question (RETRIEVAL_SETS and the other RECENT sets; adapter_fit.fit_adapter, cached by
its inputs' hash) and the set is retrieved as the chain does with it and the shipped reranker, against the shipped
adapter.
--groups G holds out G groups of consecutive RECENT sets instead of one set at a time (a fit takes ~3 minutes on the
loaded 2-core machine).
Strength and rank are the shipped fit's unless --strength/--rank (repeatable) name a grid: each pair is then fitted
held out by the same groups and the pair with the most held-out gold in the top 4 (ties: the shipped pair, then the
stronger penalty, then the smaller rank) is the one --write fits on every question; nothing else is chosen on the sets.
--write stores the adapter fitted on every answerable tuning question (default eaeu_qa/query_adapter.json), with the
sets and the count of questions it was fitted on (fitted_sets, fitted_questions).
--ranks PATH keeps each item's held-out gold rank per pair (a pickle, for a later look at which items moved).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from adapter_fit import AdapterStudy, fit_adapter  # noqa: E402
from rerank_fit import ADAPTER_RANK, ADAPTER_STRENGTH, TOP  # noqa: E402
from retrieval_fit import Condensing, open_chain, print_refit, set_name  # noqa: E402
from tuning import RETRIEVAL_SETS, UNSEEN_LAST, tuning_items, unseen_sets  # noqa: E402

RECENT = unseen_sets()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--condensed", type=Path, help="a retrieval-condensed-*.pkl to read (retrieval_fit.Condensing)")
    parser.add_argument("--groups", type=int, help="hold out this many groups of consecutive RECENT sets")
    parser.add_argument("--write", type=Path, nargs="?", const=Path("eaeu_qa/query_adapter.json"),
                        help="fit on every answerable tuning question and save the adapter here")
    parser.add_argument("--last", type=int, default=UNSEEN_LAST,
                        help=f"RECENT is tune13 ... tune<LAST> (default {UNSEEN_LAST}; the pool is never read)")
    parser.add_argument("--strength", type=float, action="append",
                        help=f"penalty towards the identity (repeatable; default the shipped {ADAPTER_STRENGTH})")
    parser.add_argument("--rank", type=int, action="append",
                        help=f"rank of the correction (repeatable; default the shipped {ADAPTER_RANK})")
    parser.add_argument("--ranks", type=Path, help="save each item's held-out gold rank per (strength, rank) here")
    return parser


def choose(counts: dict[tuple[float, int], int]) -> tuple[float, int]:
    """The (strength, rank) with the most held-out hits; ties go to the shipped pair, then the stronger penalty
    (nearer the identity), then the smaller rank."""
    return max(counts, key=lambda pair: (counts[pair], pair == (ADAPTER_STRENGTH, ADAPTER_RANK), pair[0], -pair[1]))


def stored(adapter, sets: tuple[str, ...], questions: int) -> dict:
    """The adapter's file: its weights and what it was fitted on (the dev TUNING split, then the eval/ sets, and the
    count of their answerable questions), so a test can check that no held-out set is among them."""
    return {**adapter.to_dict(), "fitted_sets": ["dev TUNING", *sets], "fitted_questions": questions}


def main() -> int:
    args = build_parser().parse_args()
    recent = unseen_sets(args.last)

    from eaeu_qa.settings import get_settings

    settings = get_settings()
    chain = open_chain(settings)
    condensing = Condensing(chain, args.condensed)
    sets = tuple(dict.fromkeys(RETRIEVAL_SETS + recent))
    items = [i for i in tuning_items(sets) if i["answerable"]]
    study = AdapterStudy(chain, items, condensing)
    condensing.save()
    names = [name.removesuffix(".jsonl") for name in recent]
    held = [i for i in items if set_name(i) in names]
    groups = [list(g) for g in np.array_split(names, args.groups or len(names))]
    study.items = held
    shipped = study.ranks({}, settings.query_adapter_share)
    grid = [(st, rk) for st in args.strength or [ADAPTER_STRENGTH] for rk in args.rank or [ADAPTER_RANK]]
    results, counts = {}, {}
    for strength, rank in grid:
        adapters = {}
        for group in groups:
            rest = {i["key"] for i in items if set_name(i) not in group}
            adapter = fit_adapter(study.pairs, study.pairs.rows(rest), strength, rank, settings.model_name)
            adapters.update((i["key"], adapter) for i in held if set_name(i) in group)
            print(f"strength {strength}, rank {rank}: fitted without {', '.join(group)}", flush=True)
        results[strength, rank] = after = study.ranks(adapters, settings.query_adapter_share)
        counts[strength, rank] = sum(r is not None and r <= TOP for r in after.values())
        print(f"== strength {strength}, rank {rank}: held out by group {counts[strength, rank]}/{len(held)}",
              flush=True)
        print_refit("adapter", held, shipped, after, TOP, held="held out by group")
    strength, rank = choose(counts)
    print(f"chosen by the held-out count: strength {strength}, rank {rank} "
          f"({', '.join(f'{s}/{r}: {c}' for (s, r), c in counts.items())})")
    if args.ranks:
        import pickle

        args.ranks.write_bytes(pickle.dumps({"shipped": shipped, "held": results,
                                             "keys": [i["key"] for i in held]}))
    if args.write:
        every = {i["key"] for i in items}
        adapter = fit_adapter(study.pairs, study.pairs.rows(every), strength, rank, settings.model_name)
        args.write.write_text(json.dumps(stored(adapter, sets, len(items))) + "\n", encoding="utf-8")
        print(f"wrote {args.write} (strength {strength}, rank {rank})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
