"""scripts/rerank_fit.py: which records teach the reranker, the held-out proxy count, the nested choice."""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import rerank_fit  # noqa: E402
from eaeu_qa import rerank  # noqa: E402


def _records(groups: dict) -> rerank_fit.Records:
    records = object.__new__(rerank_fit.Records)  # the records alone: no chain, no retrieval
    records.groups, records.stacked, records.dimension = groups, rerank_fit.Memo(32), 384
    records.chain = type("Chain", (), {"settings": type("S", (), {"model_name": "m"})()})()
    return records


def _group(gold_at: int | None, n: int = 10, signal: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """n candidates whose feature `signal` is high exactly for the gold one (at fused place gold_at)."""
    rows = np.zeros((n, len(rerank.FEATURES)))
    rows[:, 0] = np.log(np.arange(1, n + 1))
    labels = np.zeros(n)
    if gold_at is not None:
        rows[gold_at, signal], labels[gold_at] = 1.0, 1.0
    return rows, labels


def test_records_without_a_gold_candidate_within_the_depth_teach_nothing():
    records = _records({"a": [_group(2)], "b": [_group(7)], "c": [_group(None)]})
    rows, labels = records.training(["a", "b", "c"], 6)
    assert rows.shape == (6, len(rerank.FEATURES)) and labels.sum() == 1  # only "a": "b"'s gold is 8th, "c" has none
    assert records.training(["a", "b", "c"], 10)[0].shape[0] == 20


def test_a_learnt_order_lifts_the_gold_candidates_into_the_top_four_and_the_choice_is_held_out():
    groups = {f"q{n}": [_group(4 + n % 5)] for n in range(20)}
    records = _records(groups)
    keys = list(groups)
    assert records.proxy_hits(keys, None, 10) == 0  # fused order: every gold is 5th to 9th
    model = rerank_fit.fit(records, keys, 10, 1.0)
    assert records.proxy_hits(keys, model, 10) == 20
    assert records.proxy_hits(keys, model, 6) == 8  # only the golds within the reordered first 6 move up
    partition = {k: f"set {n % 4}" for n, k in enumerate(keys)}
    depth, l2, hits = rerank_fit.choose(records, partition, keys)
    assert hits[(depth, l2)] == max(hits.values()) == 20 and depth == 12  # the shallowest depth holding every gold
