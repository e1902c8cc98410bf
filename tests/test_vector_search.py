"""Nearest-vector search (eaeu_qa/vector_search.py): exact and HNSW over real Chroma stores (the index, small ones)."""

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
    """Above Settings.hnsw_exact_limit (lowered here): faiss's HNSW graph over the store's vectors, in process (it replaced Chroma's HNSW
    query, the path before, which it is compared with here); it finds what exact search finds, with the same distances,
    the graph is the same when built again, and a second store object loads it from the cache folder."""
    import faiss

    from eaeu_qa.settings import Settings

    store, count = index_handle.store, len(index_handle.chunks)
    ids, matrix = stored_vectors(store, count)
    exact = [nearest(store, matrix[row], 10, count) for row in range(0, count, 27)]
    large = Settings(hnsw_exact_limit=10)
    builds = []
    real_index = faiss.IndexHNSWFlat
    monkeypatch.setattr(faiss, "IndexHNSWFlat", lambda *args: builds.append(args) or real_index(*args))
    try:
        found = [nearest(store, matrix[row], 10, count, tmp_path, large) for row in range(0, count, 27)]
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
        assert [nearest(store, matrix[row], 10, count, tmp_path, large) for row in range(0, count, 27)] == found
        assert len(builds) == 1
        del store._eaeu_hnsw  # built again without a cache folder: the same graph (one build thread)
        assert [nearest(store, matrix[row], 10, count, None, large) for row in range(0, count, 27)] == found
        assert len(builds) == 2
    finally:
        store.__dict__.pop("_eaeu_hnsw", None)


def _small_store(folder, vectors):
    """A real Chroma collection of these vectors (ids v000, v001, ...) in `folder`, as LangChain's store wraps it."""
    from langchain_chroma import Chroma

    store = Chroma(collection_name="small", persist_directory=str(folder),
                   collection_metadata={"hnsw:space": "cosine"})
    if vectors is not None:
        store._collection.add(ids=[f"v{n:03d}" for n in range(len(vectors))], embeddings=vectors.tolist())
    return store


def _dead_pid() -> int:
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_the_graph_cache_follows_the_store_survives_a_damaged_file_and_clears_a_crashed_writers_leftovers(
        tmp_path, monkeypatch):
    """Above Settings.hnsw_exact_limit (lowered here): a changed store's graph goes to a new file, a damaged file is built
    again (same hits), a '.partial' of a writer that no longer runs is removed by the next writer (a running one's
    is kept), and the Settings' graph parameters reach the graph."""
    import os

    import faiss

    from eaeu_qa.settings import Settings

    large = Settings(hnsw_exact_limit=10)
    builds = []
    real_index = faiss.IndexHNSWFlat
    monkeypatch.setattr(faiss, "IndexHNSWFlat", lambda *args: builds.append(args) or real_index(*args))
    vectors = np.random.default_rng(7).normal(size=(60, 16)).astype(np.float32)
    cache, graphs = tmp_path / "cache", tmp_path / "cache" / "hnsw"
    store = _small_store(tmp_path / "chroma", vectors)
    found = [nearest(store, vectors[row], 5, 60, cache, large) for row in range(0, 60, 6)]
    assert len(builds) == 1 and len(list(graphs.glob("*.faiss"))) == 1
    assert [hits[0][0] for hits in found] == [f"v{row:03d}" for row in range(0, 60, 6)]
    (graph,) = graphs.glob("*.faiss")

    del store._eaeu_hnsw  # no store of this process holds the graph now, as in another process
    graph.write_bytes(graph.read_bytes()[: graph.stat().st_size // 2])  # a damaged file: built again, same hits
    fresh = _small_store(tmp_path / "chroma", None)
    assert [nearest(fresh, vectors[row], 5, 60, cache, large) for row in range(0, 60, 6)] == found
    assert len(builds) == 2 and faiss.read_index(str(graph)).ntotal == 60  # and written again, whole

    dead, alive = graphs / f"old.faiss.{_dead_pid()}.partial", graphs / f"old.faiss.{os.getppid()}.partial"
    dead.write_bytes(b"half a graph")
    alive.write_bytes(b"being written")
    changed = vectors.copy()
    changed[3] = -changed[3]  # the same ids and count, one vector changed: another graph, in another file
    fresh = _small_store(tmp_path / "chroma", None)
    fresh._collection.update(ids=["v003"], embeddings=[changed[3].tolist()])
    narrow = Settings(hnsw_ef_search=7, hnsw_cache_keep=2, hnsw_exact_limit=10)
    assert nearest(fresh, changed[3], 1, 60, cache, narrow)[0][0] == "v003"
    assert len(builds) == 3 and len(list(graphs.glob("*.faiss"))) == 2 and graph.exists()
    assert builds[-1][1] == narrow.hnsw_neighbours
    assert not dead.exists() and alive.exists()

    fresh._collection.add(ids=["v060"], embeddings=[vectors[0].tolist()])  # one more vector: a third graph
    fresh = _small_store(tmp_path / "chroma", None)
    nearest(fresh, vectors[5], 3, 61, cache, Settings(hnsw_cache_keep=2, hnsw_exact_limit=10))
    assert len(builds) == 4 and len(list(graphs.glob("*.faiss"))) == 2  # the newest two kept
