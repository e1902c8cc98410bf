"""Fit the query adapter (eaeu_qa/query_adapter.py) and its fusion share on tuning data; print held-out numbers.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/adapter_fit.py [--fit] [--write] [--strength S] [--rank R]

Tuning data only (scripts/tuning.py RETRIEVAL_SETS: the dev TUNING split and eval/tune*.jsonl; never eval/blind*.jsonl
or the dev TEST split). A question's vector (its condensed form, as retrieval_fit.py condenses it) is paired with
the index's chunk and unit vectors that hold its gold passage; the adapter q' = normalize(q + q L R^T) is fitted by
a contrastive softmax over all of the index's chunks and units (temperature TAU), with strength x ||L R^T||^2 pulling
it towards the identity. Gold in the top 4 is measured as the chain retrieves (retrieval_fit.gold_ranks).
--fit prints, for each (strength, rank) of the grid and each share, leave one set out (the adapter fitted on the other
sets) and 5-fold; --write stores the adapter fitted on every answerable tuning question at --strength/--rank.
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

from retrieval_fit import FOLDS, SEED, Condensing, gold_ranks, line, memoised, open_chain, per_set, set_name  # noqa: E402
from tuning import RETRIEVAL_SETS, tuning_items  # noqa: E402

TAU = 0.05  # softmax temperature on cosines (hand-set: MiniLM's cosines to relevant passages spread over ~0.2)
STEPS = 300  # Adam steps (full batch)
LEARNING_RATE = 0.01
SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)  # Settings.query_adapter_share
STRENGTHS = (0.1, 1.0)
RANKS = (16, 384)


class Pairs:
    """Question vectors and, per question, the rows of the index's chunk and unit matrices holding its gold passage."""

    def __init__(self, chain, items: list[dict], condensing: Condensing):
        from eaeu_qa.embeddings import encode_query
        from eaeu_qa.vector_search import stored_vectors, units_by_chunk
        from eaeu_qa.textrepair import contains_words, words

        handle = chain.retriever.handles[0]
        chunk_ids, self.chunks = stored_vectors(handle.store, len(handle.chunks))
        unit_ids, self.units = stored_vectors(handle.sentences, handle.info.unit_count or None)
        units_of = units_by_chunk(handle.sentences, unit_ids, handle)  # chunk id -> its units' rows
        self.items = items
        self.vectors = np.array([encode_query(chain.settings.embedding, [condensing(i).standalone])[0]
                                 for i in items], dtype=np.float32)
        self.gold_chunks = np.zeros((len(items), len(chunk_ids)), dtype=bool)
        self.gold_units = np.zeros((len(items), len(unit_ids)), dtype=bool)
        joined = [f" {' '.join(words(handle.chunk(chunk_id).text))} " for chunk_id in chunk_ids]
        for n, item in enumerate(items):
            wanted = [(g, f" {' '.join(words(g))} ") for g in item["gold_passages"] if words(g)]
            for row, chunk_id in enumerate(chunk_ids):
                snippets = [g for g, text in wanted if text in joined[row]]  # textrepair.contains_words, words once
                chunk = handle.chunk(chunk_id)
                if not snippets:
                    continue
                self.gold_chunks[n, row] = True
                rows = units_of[chunk_id].tolist() if chunk_id in units_of else []
                holding = [r for r in rows if any(contains_words(_unit_text(chunk, unit_ids[r]), g)
                                                  or contains_words(g, _unit_text(chunk, unit_ids[r])) for g in snippets)]
                self.gold_units[n, holding or rows] = True
        self.found = self.gold_chunks.any(axis=1)

    def rows(self, keys: set[str]) -> np.ndarray:
        return np.array([n for n, i in enumerate(self.items) if i["key"] in keys and self.found[n]], dtype=int)


def _unit_text(chunk, unit_id: str) -> str:
    start, end = (int(v) for v in unit_id.rsplit(":", 2)[1:])
    return chunk.text[start - chunk.start:end - chunk.start]


CACHE = ROOT / "eval" / "runs" / "adapters"  # fitted adapters by the hash of everything a fit reads (git-ignored)


def torch_version() -> str:
    from importlib import metadata

    return metadata.version("torch")


def cache_key(pairs: Pairs, rows: np.ndarray, strength: float, rank: int, model_name: str) -> str:
    """The hash of everything a fit reads: the settings of the fit, the fitting code (_fit_adapter and
    eaeu_qa/query_adapter.py, which writes and reads the file), torch's version, and the input arrays (question
    vectors, gold rows, the index's vectors) with their shapes and types (equal bytes in other shapes differ)."""
    import hashlib
    import inspect

    from eaeu_qa import query_adapter

    digest = hashlib.sha256(repr((strength, rank, model_name, TAU, STEPS, LEARNING_RATE, SEED,
                                  torch_version())).encode())
    digest.update(inspect.getsource(_fit_adapter).encode())
    digest.update(Path(query_adapter.__file__).read_bytes())
    for array in (pairs.vectors[rows], pairs.gold_chunks[rows], pairs.gold_units[rows], pairs.chunks, pairs.units):
        array = np.ascontiguousarray(array)
        digest.update(repr((array.shape, array.dtype.str)).encode())
        digest.update(array.tobytes())
    return digest.hexdigest()[:32]


def fit_adapter(pairs: Pairs, rows: np.ndarray, strength: float, rank: int, model_name: str):
    """The adapter fitted on these questions (rows of `pairs`); kept on disk under cache_key (the hash of its inputs,
    the fitting code and torch's version), so the fit scripts fit each one once."""
    from eaeu_qa.query_adapter import QueryAdapter

    path = CACHE / f"{cache_key(pairs, rows, strength, rank, model_name)}.json"
    if path.is_file():
        return QueryAdapter.from_dict(json.loads(path.read_text(encoding="utf-8")))
    adapter = _fit_adapter(pairs, rows, strength, rank, model_name)
    from eaeu_qa.files import atomic_write_text

    atomic_write_text(path, json.dumps(adapter.to_dict()) + "\n")  # two fit scripts at once never read half a file
    return QueryAdapter.from_dict(adapter.to_dict())  # as read back: the same float32 values either way


def _fit_adapter(pairs: Pairs, rows: np.ndarray, strength: float, rank: int, model_name: str):
    import torch

    from eaeu_qa.query_adapter import QueryAdapter

    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    queries = torch.tensor(pairs.vectors[rows])
    targets = [(torch.tensor(pairs.chunks), torch.tensor(pairs.gold_chunks[rows])),
               (torch.tensor(pairs.units), torch.tensor(pairs.gold_units[rows]))]
    dimension = queries.shape[1]
    left = torch.zeros(dimension, rank, requires_grad=True)
    right = (0.01 * torch.randn(dimension, rank)).requires_grad_(True)
    optimiser = torch.optim.Adam([left, right], lr=LEARNING_RATE)
    for _ in range(STEPS):
        optimiser.zero_grad()
        moved = queries + (queries @ left) @ right.T
        moved = moved / moved.norm(dim=1, keepdim=True)
        loss = strength * ((left.T @ left) * (right.T @ right)).sum()  # ||L R^T||_F^2
        for matrix, gold in targets:
            scores = moved @ matrix.T / TAU
            loss = loss + (torch.logsumexp(scores, 1)
                           - torch.logsumexp(scores.masked_fill(~gold, float("-inf")), 1)).mean()
        loss.backward()
        optimiser.step()
    return QueryAdapter(left.detach().numpy().copy(), right.detach().numpy().copy(), model_name, strength)


class AdapterStudy:
    """Gold in the top 4 with adapters fitted without the questions they are scored on (by set, by fold)."""

    def __init__(self, chain, items: list[dict], condensing: Condensing):
        self.chain, self.items, self.condensing = chain, items, condensing
        self.pairs = Pairs(chain, items, condensing)
        self.retriever_class = memoised(type(chain.retriever))
        missing = [i["key"] for n, i in enumerate(items) if not self.pairs.found[n]]
        print(f"{len(items)} answerable tuning questions, {len(items) - len(missing)} with their gold passage in a chunk"
              f" (no gold chunk: {', '.join(missing) or 'none'})")

    def ranks(self, adapters: dict, share: float) -> dict:
        """key -> gold rank, each question searched with its own adapter (`adapters`: key -> QueryAdapter)."""
        settings = replace(self.chain.settings, query_adapter_share=share)
        made: dict = {}
        ranks = {}
        for item in self.items:
            adapter = adapters.get(item["key"])
            if id(adapter) not in made:
                made[id(adapter)] = self.retriever_class(handles=self.chain.retriever.handles, settings=settings,
                                                         query_adapter=adapter)
            ranks.update(gold_ranks(made[id(adapter)], settings, [item], self.condensing))
        return ranks

    def by_set(self, strength: float, rank: int) -> dict:
        adapters = {}
        for name in dict.fromkeys(set_name(i) for i in self.items):
            rest = {i["key"] for i in self.items if set_name(i) != name}
            adapter = fit_adapter(self.pairs, self.pairs.rows(rest), strength, rank, self.chain.settings.model_name)
            adapters.update((i["key"], adapter) for i in self.items if set_name(i) == name)
        return adapters

    def by_fold(self, strength: float, rank: int) -> dict:
        keys = [i["key"] for i in self.items]
        order = np.random.default_rng(SEED).permutation(len(keys))
        adapters = {}
        for fold in np.array_split(order, FOLDS):
            held = {keys[j] for j in fold}
            adapter = fit_adapter(self.pairs, self.pairs.rows(set(keys) - held), strength, rank,
                                  self.chain.settings.model_name)
            adapters.update((k, adapter) for k in held)
        return adapters

    def run(self, strengths, ranks, shares) -> None:
        base = per_set(self.items, self.ranks({}, 0.0))
        print(f"  without the adapter: {line(base)}")
        for strength in strengths:
            for rank in ranks:
                for label, adapters in (("leave one set out", self.by_set(strength, rank)),
                                        (f"{FOLDS}-fold", self.by_fold(strength, rank))):
                    for share in shares:
                        if share:
                            table = per_set(self.items, self.ranks(adapters, share))
                            print(f"  strength {strength}, rank {rank}, {label}, share {share}: {line(table)}",
                                  flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="print held-out gold in the top 4 over the grid")
    parser.add_argument("--write", action="store_true", help="fit on all answerable tuning questions and save "
                                                             "eaeu_qa/query_adapter.json")
    parser.add_argument("--strength", type=float, action="append", help="penalty towards the identity (repeatable)")
    parser.add_argument("--rank", type=int, action="append", help="rank of the correction (repeatable)")
    parser.add_argument("--share", type=float, action="append", help="Settings.query_adapter_share (repeatable)")
    args = parser.parse_args()

    from eaeu_qa.settings import get_settings

    settings = get_settings()
    chain = open_chain(settings)
    condensing = Condensing(chain)
    items = [i for i in tuning_items(RETRIEVAL_SETS) if i["answerable"]]
    study = AdapterStudy(chain, items, condensing)
    condensing.save()
    strengths, ranks = args.strength or list(STRENGTHS), args.rank or list(RANKS)
    if args.fit:
        study.run(strengths, ranks, args.share or [s for s in SHARES if s])
    if args.write:
        from eaeu_qa.query_adapter import MODEL_FILE

        keys = {i["key"] for i in items}
        adapter = fit_adapter(study.pairs, study.pairs.rows(keys), strengths[0], ranks[0], settings.model_name)
        MODEL_FILE.write_text(json.dumps(adapter.to_dict()) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_FILE.relative_to(ROOT)} (strength {strengths[0]}, rank {ranks[0]}); in-sample:",
              line(per_set(items, study.ranks({k: adapter for k in keys}, settings.query_adapter_share or 1.0))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
