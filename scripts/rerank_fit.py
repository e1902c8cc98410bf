"""Fit the learnt reranker (eaeu_qa/rerank.py) and Settings.rerank_depth on tuning data; print held-out numbers.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/rerank_fit.py [--fit] [--write] [--set NAME=VALUE ...]

Tuning data only (scripts/tuning.py RETRIEVAL_SETS; never eval/blind*.jsonl or the dev TEST split). Every question is
searched with a query adapter fitted without its own set (adapter_fit.AdapterStudy.by_set, the shipped strength and
rank), as an unseen question would be, and the features of each search's first MAX_DEPTH fused candidates are
recorded (rerank.FEATURES; label: the candidate holds a gold passage). --fit prints gold in the top 4 per set, as the
chain retrieves: before (the held-out adapter, no reranker) and after (the reranker fitted on the other sets' records,
its depth and L2 penalty chosen by leave one set out within those sets: nested), leaving one set out; --folds the same
by 5-fold (adapters too). --write stores the reranker fitted on every record, depth and penalty chosen by leave one set
out over all sets (set Settings.rerank_depth to the printed depth).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from adapter_fit import AdapterStudy  # noqa: E402
from retrieval_fit import (FOLDS, SEED, Condensing, Memo, gold_ranks, line, open_chain, per_set,  # noqa: E402
                           set_name, settings_overrides)
from tuning import RETRIEVAL_SETS, tuning_items  # noqa: E402

ADAPTER_STRENGTH, ADAPTER_RANK = 0.01, 16  # the shipped adapter's (docs/evaluation.md, Retrieval, sixth session)
DEPTHS = (6, 8, 12, 20, 30)  # Settings.rerank_depth
L2S = (0.1, 1.0, 10.0, 100.0)
MAX_DEPTH = max(DEPTHS)
TOP = 4


def neutral(model_name: str, dimension: int):
    """A reranker that keeps the fused order (every score equal): records features without reordering."""
    from eaeu_qa.rerank import FEATURES, Reranker

    width = len(FEATURES)
    return Reranker(np.zeros(width), 0.0, np.zeros(width), np.ones(width), model_name, dimension)


class Records:
    """Per question, each search's candidates (fused order) with their features and labels."""

    def __init__(self, chain, items: list[dict], condensing: Condensing, retriever_class):
        self.chain, self.items, self.condensing = chain, items, condensing
        self.by_id = {c.chunk_id: c for c in chain.retriever.chunks}
        self.observed: list = []
        records = self

        class Observing(retriever_class):
            def _observe(self, query, candidates, rows):
                records.observed.append((list(candidates), np.asarray(rows, dtype=float)))

        self.retriever_class = Observing
        self.dimension = len(chain.retriever._query_vector("dimension"))
        self.groups: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
        self.stacked = Memo(32)

    def retriever(self, settings, adapter, reranker):
        return self.retriever_class(handles=self.chain.retriever.handles, settings=settings, query_adapter=adapter,
                                    reranker=reranker)

    def ranks(self, adapters: dict, rerankers: dict, depth_of: dict, record: bool = False) -> dict:
        """key -> gold rank, each question searched with its adapter and reranker (key -> object) at its depth."""
        from eaeu_qa.textrepair import contains_words

        made: dict = {}
        ranks = {}
        keep = neutral(self.chain.settings.model_name, self.dimension)
        for item in self.items:
            key = item["key"]
            adapter, reranker = adapters.get(key), rerankers.get(key) or keep
            depth = depth_of.get(key, MAX_DEPTH)
            settings = replace(self.chain.settings, rerank_depth=depth)
            made_key = (id(adapter), id(reranker), depth)
            if made_key not in made:
                made[made_key] = self.retriever(settings, adapter, reranker)
            self.observed = []
            ranks.update(gold_ranks(made[made_key], settings, [item], self.condensing))
            if record:
                self.stacked = Memo(32)  # the records change
                self.groups[key] = [(rows, np.array([any(contains_words(self.by_id[c].text, g)
                                                         for g in item["gold_passages"]) for c in ids], dtype=float))
                                    for ids, rows in self.observed]
        return ranks

    def training(self, keys, depth: int) -> tuple[np.ndarray, np.ndarray]:
        """The records of these questions' searches that hold a gold candidate within `depth` (the others teach
        nothing about order); kept per key set and depth (the grids fit many penalties on each)."""
        return self.stacked((tuple(keys), depth), lambda: self._training(keys, depth))

    def _training(self, keys, depth: int) -> tuple[np.ndarray, np.ndarray]:
        from eaeu_qa.rerank import FEATURES

        rows, labels = [], []
        for key in keys:
            for x, y in self.groups.get(key, []):
                if y[:depth].any():
                    rows.append(x[:depth])
                    labels.append(y[:depth])
        return (np.vstack(rows), np.concatenate(labels)) if rows else (np.zeros((0, len(FEATURES))), np.zeros(0))

    def proxy_hits(self, keys, model, depth: int) -> int:
        """Questions whose first search has a gold candidate in the top 4 after reordering its first `depth`."""
        hits = 0
        for key in keys:
            groups = self.groups.get(key)
            if not groups:
                continue
            x, y = groups[0]
            head = model.order(x[:depth]) if model is not None else list(range(min(depth, len(y))))
            order = [*head, *range(len(head), len(y))]
            hits += bool(y[order[:TOP]].any())
        return hits


def fit(records: Records, keys, depth: int, l2: float):
    from eaeu_qa import rerank

    rows, labels = records.training(keys, depth)
    return rerank.fit(rows, labels, l2, records.chain.settings.model_name,
                      records.dimension)


def choose(records: Records, partition: dict[str, str], keys: list[str]) -> tuple[int, float, dict]:
    """(depth, l2) with the most held-out proxy hits over `keys`, each part held out in turn (ties: the shallower
    depth, then the stronger penalty)."""
    parts = sorted({partition[k] for k in keys})
    hits = {}
    for depth in DEPTHS:
        for l2 in L2S:
            total = 0
            for part in parts:
                held = [k for k in keys if partition[k] == part]
                model = fit(records, [k for k in keys if partition[k] != part], depth, l2)
                total += records.proxy_hits(held, model, depth)
            hits[(depth, l2)] = total
    depth, l2 = max(hits, key=lambda c: (hits[c], -c[0], c[1]))
    return depth, l2, hits


def held_out(records: Records, adapters: dict, partition: dict[str, str], label: str) -> None:
    """Gold in the top 4 per set before (no reranker) and after (the reranker fitted without each part, nested)."""
    keys = [i["key"] for i in records.items]
    before = records.ranks(adapters, {}, {}, record=True)
    rerankers, depths, chosen = {}, {}, []
    for part in sorted(set(partition.values())):
        rest = [k for k in keys if partition[k] != part]
        depth, l2, _ = choose(records, partition, rest)
        model = fit(records, rest, depth, l2)
        for k in keys:
            if partition[k] == part:
                rerankers[k], depths[k] = model, depth
        chosen.append(f"{part}: depth {depth}, l2 {l2}")
    after = records.ranks(adapters, rerankers, depths)
    print(f"{label} (inner choices: {'; '.join(chosen)})")
    print(f"  before: {line(per_set(records.items, before))}")
    print(f"  after:  {line(per_set(records.items, after))}", flush=True)
    for item in records.items:
        b, a = before[item["key"]], after[item["key"]]
        if (b is not None and b <= TOP) != (a is not None and a <= TOP):
            print(f"    {item['key']}: {b} -> {a}: {item['question'][:100]}")
    misses = [i for i in records.items if after[i["key"]] is None or after[i["key"]] > TOP]
    print(f"  held-out misses after ({len(misses)}):")
    for item in misses:
        print(f"    {item['key']} rank {after[item['key']]}{' (follow-up)' if item.get('history') else ''}: "
              f"{item['question'][:100]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="print held-out gold in the top 4 before and after")
    parser.add_argument("--write", action="store_true", help="fit on every record and save eaeu_qa/rerank_model.json")
    parser.add_argument("--folds", action="store_true", help="also 5-fold (adapters and rerankers fitted per fold)")
    parser.add_argument("--set", action="append", default=[], help="a Settings override NAME=VALUE (repeatable)")
    args = parser.parse_args()

    from eaeu_qa.settings import get_settings

    settings = replace(get_settings(), **settings_overrides(args.set))
    chain = open_chain(settings)
    condensing = Condensing(chain)
    items = [i for i in tuning_items(RETRIEVAL_SETS) if i["answerable"]]
    study = AdapterStudy(chain, items, condensing)
    condensing.save()
    records = Records(chain, items, condensing, study.retriever_class)
    by_set = {i["key"]: set_name(i) for i in items}
    adapters = study.by_set(ADAPTER_STRENGTH, ADAPTER_RANK)
    if args.fit:
        held_out(records, adapters, by_set, "leave one set out")
    if args.folds:
        kept = dict(records.groups)  # the leave-one-set-out records (--fit made them), for --write
        order = np.random.default_rng(SEED).permutation(len(items))
        by_fold = {items[j]["key"]: f"fold {n}" for n, fold in enumerate(np.array_split(order, FOLDS)) for j in fold}
        held_out(records, study.by_fold(ADAPTER_STRENGTH, ADAPTER_RANK), by_fold, f"{FOLDS}-fold")
        records.groups, records.stacked = kept, Memo(32)  # none without --fit: --write records them below
    if args.write:
        from eaeu_qa.rerank import MODEL_FILE

        if not records.groups:
            records.ranks(adapters, {}, {}, record=True)
        keys = [i["key"] for i in items]
        depth, l2, hits = choose(records, by_set, keys)
        print("leave one set out proxy hits by (depth, l2):", ", ".join(f"{c}: {h}" for c, h in hits.items()))
        model = fit(records, keys, depth, l2)
        MODEL_FILE.write_text(json.dumps(model.to_dict()) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_FILE.relative_to(ROOT)} (l2 {l2}); set Settings.rerank_depth to {depth}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
