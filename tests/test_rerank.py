"""The learnt reranker (eaeu_qa/rerank.py): its features, its fit, the stored file and its checks, its place in retrieval."""

from __future__ import annotations

import dataclasses
import json
import logging

import numpy as np
import pytest

from eaeu_qa import rerank
from eaeu_qa.retrieval import HybridRetriever


def _signals(n: int = 4, **changes) -> rerank.Signals:
    rng = np.random.default_rng(1)
    values = {name: rng.uniform(0.1, 0.9, n) for name in ("chunk_q", "chunk_moved", "unit_q", "unit_moved")}
    values.update(fused=np.linspace(0.05, 0.01, n), keywords=np.array([4.0, 0.0, 2.0, 1.0][:n]),
                  own_keywords=np.zeros(n), family_prior=np.full(n, 0.5), named_source=np.zeros(n))
    values.update(changes)
    return rerank.Signals(**values)


def test_features_are_one_row_per_candidate_with_gaps_to_the_best():
    signals = _signals()
    rows = rerank.features(signals)
    assert rows.shape == (4, len(rerank.FEATURES))
    column = {name: rows[:, n] for n, name in enumerate(rerank.FEATURES)}
    assert np.allclose(column["log_place"], np.log([1, 2, 3, 4]))
    assert np.allclose(column["fused_share"], signals.fused / signals.fused[0])
    assert np.allclose(column["keywords"], [1.0, 0.0, 0.5, 0.25])
    assert np.allclose(column["own_keywords"], 0.0)  # no keyword score at all: zeros, not a division by zero
    assert column["unit_moved_gap"].max() == 0.0 and np.allclose(column["unit_moved_gap"],
                                                                 signals.unit_moved - signals.unit_moved.max())
    assert rerank.features(_signals(0)).shape == (0, len(rerank.FEATURES))


def test_a_fitted_reranker_puts_what_its_signal_points_to_first():
    rng = np.random.default_rng(2)
    rows = rng.normal(size=(400, len(rerank.FEATURES)))
    labels = (rows[:, 5] + 0.3 * rng.normal(size=400) > 1.0).astype(float)  # unit_moved decides
    model = rerank.fit(rows, labels, 1.0, "m", 384)
    assert model.weights[5] == max(model.weights, key=abs)
    candidates = np.zeros((3, len(rerank.FEATURES)))
    candidates[:, 5] = [0.1, 2.0, -1.0]
    assert model.order(candidates) == [1, 0, 2]
    stronger = rerank.fit(rows, labels, 1000.0, "m", 384)
    assert np.abs(stronger.weights).sum() < np.abs(model.weights).sum()  # the penalty shrinks the weights


def test_the_file_round_trips_and_is_refused_for_another_model_or_dimension(tmp_path, caplog):
    rng = np.random.default_rng(3)
    rows = rng.normal(size=(50, len(rerank.FEATURES)))
    model = rerank.fit(rows, (rows[:, 0] > 0).astype(float), 1.0, "all-MiniLM-L6-v2", 384)
    path = tmp_path / "rerank.json"
    path.write_text(json.dumps(model.to_dict()), encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["embedding_model"], data["dimension"], data["features"]) == ("all-MiniLM-L6-v2", 384,
                                                                             list(rerank.FEATURES))
    again = rerank.load("all-MiniLM-L6-v2", 384, path)
    assert again is not None and again.order(rows[:10]) == model.order(rows[:10])
    with caplog.at_level(logging.WARNING):
        assert rerank.load("another-model", 384, path) is None
        assert rerank.load("all-MiniLM-L6-v2", 768, path) is None
    other = tmp_path / "other-features.json"
    other.write_text(json.dumps({**data, "features": data["features"][:-1]}), encoding="utf-8")
    assert rerank.load("all-MiniLM-L6-v2", 384, other) is None
    assert rerank.load("all-MiniLM-L6-v2", 384, tmp_path / "missing.json") is None


def test_the_family_prior_of_a_candidate():
    assert rerank.family_prior("eaeu_treaty", 0.8) == 0.8
    assert rerank.family_prior("article", 0.8) == pytest.approx(0.2)
    assert rerank.family_prior("upload:x", 0.8) == 0.5 and rerank.family_prior("article", None) == 0.5


def test_retrieval_reorders_its_candidates_by_the_reranker(settings, index_handle):
    """A reranker that only trusts the keyword score puts the best BM25 passage first; depth 0 turns it off; named
    articles stay first whatever it says."""
    weights = np.zeros(len(rerank.FEATURES))
    weights[rerank.FEATURES.index("keywords")] = 1.0
    keywords_first = rerank.Reranker(weights, 0.0, np.zeros(len(weights)), np.ones(len(weights)),
                                     settings.model_name, 384)
    question = "How are pensions of working people of the member States formed?"
    on = dataclasses.replace(settings, rerank_depth=20)
    reranked = HybridRetriever(handles=[index_handle], settings=on, reranker=keywords_first)
    best_keyword = reranked.lexical_ranking(question, 30)[0][0].chunk_id
    assert reranked.search(question, k=8)[0].chunk.chunk_id == best_keyword
    off = HybridRetriever(handles=[index_handle], settings=dataclasses.replace(settings, rerank_depth=0),
                          reranker=keywords_first)
    fused = HybridRetriever(handles=[index_handle], settings=on,
                            reranker=dataclasses.replace(keywords_first, weights=np.zeros(len(weights))))
    assert [p.chunk.chunk_id for p in off.search(question, k=8)] == [p.chunk.chunk_id for p in fused.search(question, k=8)]
    named = reranked.search("What does Article 98(3) say?", k=8)[0]
    assert named.chunk.locator == "Art. 98(3)" and named.referenced


def test_the_stored_reranker_matches_the_model(settings):
    if not rerank.MODEL_FILE.exists():
        pytest.skip("no reranker stored")
    assert rerank.load(settings.model_name, 384) is not None


def test_the_dense_rankings_leaders_join_the_reranked_candidates_when_fused_below_the_depth(index_handle, settings):
    """Settings.rerank_dense_lift: the first N of the adapter's chunk and unit rankings are reranked even when fusion
    placed them below rerank_depth (the head keeps its fused candidates; the leaders are added after them)."""
    from eaeu_qa.retrieval import HybridRetriever

    heads = []

    class Observing(HybridRetriever):
        def _observe(self, query, candidates, rows):
            heads.append((list(candidates), rows.shape))

    question = "When does the Kyrgyz accession treaty take effect?"
    shallow = dataclasses.replace(settings, rerank_depth=2)
    Observing(handles=[index_handle], settings=shallow).search(question, k=8)
    lifted = Observing(handles=[index_handle], settings=dataclasses.replace(shallow, rerank_dense_lift=3))
    lifted.search(question, k=8)
    (plain, _), (extended, shape) = heads
    vector = lifted._query_vector(question)
    from eaeu_qa.query_adapter import load

    moved = load(settings.model_name, len(vector)).apply(vector).tolist()
    rankings = (lifted.dense_ranking(question, 30, moved), lifted.unit_ranking(question, 30, moved))
    leaders = [c.chunk_id for ranking in rankings for c, _ in ranking[:3]]
    assert len(plain) == 2 and extended[:2] == plain and shape[0] == len(extended)
    assert set(extended) == set(plain) | set(leaders) and len(extended) > 2


def test_no_dense_lift_is_the_search_without_the_lift(index_handle, settings):
    """Settings.rerank_dense_lift=0 (the default): the reranker sees the fused head only, and every search equals that
    of the code path that adds no leaders at all (the lift switched off, not just small)."""
    heads = []

    class Observing(HybridRetriever):
        def _observe(self, query, candidates, rows):
            heads.append(list(candidates))

    class WithoutLift(HybridRetriever):
        def _reranked(self, query, order, by_id, fused, vectors, keyword_rankings, p_treaty, leaders=()):
            return super()._reranked(query, order, by_id, fused, vectors, keyword_rankings, p_treaty, ())

    off = dataclasses.replace(settings, rerank_dense_lift=0, rerank_depth=4)
    lifted = Observing(handles=[index_handle], settings=dataclasses.replace(off, rerank_dense_lift=5))
    with_lift_code = Observing(handles=[index_handle], settings=off)
    without = WithoutLift(handles=[index_handle], settings=off)
    for question in ("When does the Kyrgyz accession treaty take effect?",
                     "Can children of a migrant worker go to kindergarten in the host country?",
                     "Who appoints the judges of the EAEU Court?"):
        heads.clear()
        searched = [(p.chunk.chunk_id, p.score) for p in with_lift_code.search(question, k=8)]
        assert searched == [(p.chunk.chunk_id, p.score) for p in without.search(question, k=8)]
        assert heads and all(len(head) == 4 for head in heads)  # the fused head, nothing added
        heads.clear()
        lifted.search(question, k=8)
        assert any(len(head) > 4 for head in heads)  # a lift of 5 adds leaders fused below the head
