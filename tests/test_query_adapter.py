"""The learnt query adapter (eaeu_qa/query_adapter.py): the stored file, its checks, its place in retrieval."""

from __future__ import annotations

import dataclasses
import json
import logging

import numpy as np
import pytest

from eaeu_qa.embeddings import encode_query
from eaeu_qa.query_adapter import MODEL_FILE, QueryAdapter, load
from eaeu_qa.retrieval import HybridRetriever


def _adapter(dimension: int = 4, rank: int = 2, model_name: str = "all-MiniLM-L6-v2", scale: float = 0.5):
    rng = np.random.default_rng(0)
    return QueryAdapter(scale * rng.normal(size=(dimension, rank)).astype(np.float32),
                        rng.normal(size=(dimension, rank)).astype(np.float32), model_name, 0.1)


def test_an_adapter_moves_a_vector_and_keeps_it_unit_length():
    adapter = _adapter()
    vector = np.array([1.0, 0.0, 0.0, 0.0])
    moved = adapter.apply(vector)
    assert np.linalg.norm(moved) == pytest.approx(1.0, abs=1e-6)
    assert not np.allclose(moved, vector)
    identity = QueryAdapter(np.zeros((4, 2), np.float32), np.zeros((4, 2), np.float32), "m")
    assert np.allclose(identity.apply(vector), vector)


def test_the_file_round_trips_and_records_model_and_dimension(tmp_path):
    adapter = _adapter(dimension=6, rank=3, model_name="some-model")
    path = tmp_path / "adapter.json"
    path.write_text(json.dumps(adapter.to_dict()), encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["embedding_model"], data["dimension"], data["rank"]) == ("some-model", 6, 3)
    again = load("some-model", 6, path)
    assert again is not None
    assert np.array_equal(again.left, adapter.left) and np.array_equal(again.right, adapter.right)


def test_another_model_or_dimension_or_a_broken_file_falls_back_with_a_warning(tmp_path, caplog):
    path = tmp_path / "adapter.json"
    path.write_text(json.dumps(_adapter(dimension=4, model_name="all-MiniLM-L6-v2").to_dict()), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert load("another-model", 4, path) is None
        assert load("all-MiniLM-L6-v2", 384, path) is None
    assert sum("left out" in r.getMessage() and str(path) in r.getMessage() for r in caplog.records) == 2
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="eaeu_qa.fitted_model"):
        assert load("all-MiniLM-L6-v2", 4, broken) is None
    assert any("unreadable" in r.getMessage() for r in caplog.records)
    assert load("all-MiniLM-L6-v2", 4, tmp_path / "missing.json") is None


def test_the_stored_adapter_matches_the_model(settings):
    if not MODEL_FILE.exists():
        pytest.skip("no stored adapter (scripts/adapter_fit.py --write)")
    dimension = len(encode_query(settings.embedding, ["a question"])[0])
    assert load(settings.model_name, dimension) is not None


def test_retrieval_with_a_stored_adapter_for_another_model_searches_as_without_one(settings, index_handle, tmp_path,
                                                                                   monkeypatch, caplog):
    from eaeu_qa import retrieval

    path = tmp_path / "adapter.json"
    path.write_text(json.dumps(_adapter(dimension=384, model_name="another-model", scale=3.0).to_dict()),
                    encoding="utf-8")
    monkeypatch.setattr(retrieval, "load_adapter", lambda model_name, dimension: load(model_name, dimension, path))
    question = "my wife does not work, can she get medical insurance where I work?"
    off = HybridRetriever(handles=[index_handle], settings=dataclasses.replace(settings, query_adapter_share=0.0))
    on = HybridRetriever(handles=[index_handle], settings=dataclasses.replace(settings, query_adapter_share=1.0))
    with caplog.at_level(logging.WARNING):
        searched = on.search(question, k=8)
    assert [p.chunk.chunk_id for p in searched] == [p.chunk.chunk_id for p in off.search(question, k=8)]
    assert any("another-model" in r.getMessage() for r in caplog.records)


def test_the_share_moves_the_dense_rankings_and_zero_leaves_them(settings, index_handle):
    question = "who sits on the Intergovernmental Council?"
    strong = _adapter(dimension=384, rank=8, scale=3.0)
    base = HybridRetriever(handles=[index_handle], settings=dataclasses.replace(settings, query_adapter_share=0.0))
    zero = HybridRetriever(handles=[index_handle], settings=dataclasses.replace(settings, query_adapter_share=0.0),
                           query_adapter=strong)
    full = HybridRetriever(handles=[index_handle], settings=dataclasses.replace(settings, query_adapter_share=1.0),
                           query_adapter=strong)
    ids = [[p.chunk.chunk_id for p in r.search(question, k=8)] for r in (base, zero, full)]
    assert ids[0] == ids[1]
    assert ids[2] != ids[0]  # a strong random adapter moves the dense part of the fusion
    passages = full.search(question, k=8)
    assert all(p.dense_similarity is not None for p in passages)  # cosines of the question's own vector
