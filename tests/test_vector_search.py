"""Exact nearest-vector search (eaeu_qa/vector_search.py) over the real index's Chroma stores."""

from __future__ import annotations

import numpy as np

from eaeu_qa.vector_search import nearest, stored_vectors, unit_chunk_id, units_by_chunk, vectors_of


def test_nearest_is_exact_and_ordered(index_handle):
    ids, matrix = stored_vectors(index_handle.store, len(index_handle.chunks))
    assert ids == sorted(ids) and np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-5)
    query = matrix[7]
    found = nearest(index_handle.store, query, 5, len(index_handle.chunks))
    assert found[0][0] == ids[7] and abs(found[0][1]) < 1e-5
    assert [d for _, d in found] == sorted(d for _, d in found)
    everything = 1.0 - matrix @ query
    assert np.isclose(found[-1][1], np.sort(everything)[4], atol=1e-6)
    assert nearest(index_handle.store, query, 0) == []


def test_vectors_of_reads_the_stored_vectors(index_handle):
    ids, matrix = stored_vectors(index_handle.store, len(index_handle.chunks))
    got = vectors_of(index_handle.store, [ids[3], ids[10]], len(index_handle.chunks))
    assert np.allclose(got[ids[3]], matrix[3]) and np.allclose(got[ids[10]], matrix[10])
    asked = vectors_of(index_handle.store, [ids[3]], None)  # not the cached copy: Chroma is asked
    assert np.allclose(asked[ids[3]] / np.linalg.norm(asked[ids[3]]), matrix[3], atol=1e-5)


def test_units_are_grouped_by_their_chunk(index_handle):
    unit_ids, _ = stored_vectors(index_handle.sentences, index_handle.info.unit_count or None)
    groups = units_by_chunk(index_handle.sentences, unit_ids, index_handle)
    assert sum(len(rows) for rows in groups.values()) == len(unit_ids)
    chunk_id, rows = next(iter(groups.items()))
    assert all(unit_chunk_id(unit_ids[r], index_handle) == chunk_id for r in rows)
    assert units_by_chunk(index_handle.sentences, unit_ids, index_handle) is groups  # built once per id list


def test_a_large_collection_is_searched_without_its_vectors_and_remembers_the_ones_asked_for(index_handle, monkeypatch):
    """Above EXACT_SEARCH_LIMIT the search goes through HNSW and returns distances only (returning the vectors cost as
    much again at 100x the corpus); the vectors asked for next are fetched in one call and then remembered."""
    import eaeu_qa.vector_search as vector_search

    ids, matrix = stored_vectors(index_handle.store, len(index_handle.chunks))
    monkeypatch.setattr(vector_search, "EXACT_SEARCH_LIMIT", 10)
    monkeypatch.delattr(index_handle.store, "_eaeu_fetched", raising=False)  # what earlier tests fetched
    collection = index_handle.store._collection
    included = []
    real_query = collection.query
    monkeypatch.setattr(type(collection), "query",
                        lambda self, **kw: included.append(kw.get("include")) or real_query(**kw))
    found = nearest(index_handle.store, matrix[5], 4, len(index_handle.chunks))
    assert found[0][0] == ids[5] and included == [["distances"]]
    asked = []
    real_get = collection.get
    monkeypatch.setattr(type(collection), "get", lambda self, **kw: asked.append(kw["ids"]) or real_get(**kw))
    hits = [item_id for item_id, _ in found]
    got = vectors_of(index_handle.store, hits[:2], None)
    assert asked == [hits[:2]] and np.allclose(got[ids[5]] / np.linalg.norm(got[ids[5]]), matrix[5], atol=1e-5)
    assert set(vectors_of(index_handle.store, hits[:3], None)) == set(hits[:3])
    assert asked == [hits[:2], [hits[2]]]  # the two already fetched are remembered
