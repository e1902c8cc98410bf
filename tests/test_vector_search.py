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


def test_a_large_collection_is_searched_through_an_hnsw_graph_kept_on_disk(index_handle, monkeypatch, tmp_path):
    """Above EXACT_SEARCH_LIMIT: faiss's HNSW graph over the store's vectors, in process (it replaced Chroma's HNSW
    query, the path before, which it is compared with here); it finds what exact search finds, with the same distances,
    the graph is the same when built again, and a second store object loads it from the cache folder."""
    import faiss

    import eaeu_qa.vector_search as vector_search

    store, count = index_handle.store, len(index_handle.chunks)
    ids, matrix = stored_vectors(store, count)
    exact = [nearest(store, matrix[row], 10, count) for row in range(0, count, 27)]
    monkeypatch.setattr(vector_search, "EXACT_SEARCH_LIMIT", 10)
    builds = []
    real_index = faiss.IndexHNSWFlat
    monkeypatch.setattr(faiss, "IndexHNSWFlat", lambda *args: builds.append(args) or real_index(*args))
    try:
        found = [nearest(store, matrix[row], 10, count, tmp_path) for row in range(0, count, 27)]
        assert len(builds) == 1 and len(list((tmp_path / "hnsw").glob("*.faiss"))) == 1
        assert all(hits[0][0] == ids[row] for hits, row in zip(found, range(0, count, 27)))
        recall = np.mean([len({i for i, _ in a} & {i for i, _ in b}) / 10 for a, b in zip(found, exact)])
        assert recall >= 0.95
        row_of = {item_id: row for row, item_id in enumerate(ids)}
        for hits, row in zip(found, range(0, count, 27)):
            assert [d for _, d in hits] == sorted(d for _, d in hits)
            assert np.allclose([d for _, d in hits], [1.0 - matrix[row_of[i]] @ matrix[row] for i, _ in hits], atol=1e-5)
        # the path before: Chroma's own HNSW query of the same collection
        chroma = [store._collection.query(query_embeddings=[matrix[row].tolist()], n_results=10, include=[])["ids"][0]
                  for row in range(0, count, 27)]
        assert np.mean([len({i for i, _ in a} & set(b)) / 10 for a, b in zip(found, chroma)]) >= 0.9
        assert vectors_of(store, [ids[3]], count)[ids[3]] is not None  # the search's copy serves the reranker
        del store._eaeu_hnsw  # as a new store object: the graph is loaded, not built
        assert [nearest(store, matrix[row], 10, count, tmp_path) for row in range(0, count, 27)] == found
        assert len(builds) == 1
        del store._eaeu_hnsw  # built again without a cache folder: the same graph (one build thread)
        assert [nearest(store, matrix[row], 10, count) for row in range(0, count, 27)] == found
        assert len(builds) == 2
    finally:
        store.__dict__.pop("_eaeu_hnsw", None)
