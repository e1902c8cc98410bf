"""The HNSW graphs of large collections (eaeu_qa/vector_search.py) on real stores and graphs.

The HNSW graphs of large collections (eaeu_qa/vector_search.py), on real Chroma stores and real faiss graphs: one
build per graph however many threads ask at once, the cache folder kept by last use, a graph in use kept, the
Settings' ef_search applied at each search, and a changed store never served a stale graph."""

from __future__ import annotations

import gc
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import eaeu_qa.vector_search as vector_search
from eaeu_qa.settings import Settings
from eaeu_qa.vector_search import nearest


def _store(folder, vectors=None, ids=None):
    """A real Chroma collection (LangChain's wrapper) in `folder`, with these vectors (ids v0000, v0001, ...)."""
    from langchain_chroma import Chroma

    store = Chroma(collection_name="large", persist_directory=str(folder),
                   collection_metadata={"hnsw:space": "cosine"})
    if vectors is not None:
        ids = ids or [f"v{n:04d}" for n in range(len(vectors))]
        store._collection.add(ids=ids, embeddings=vectors.tolist())
    return store


def _exact(vectors, ids, query, n):
    """The n nearest by exact cosine distance (ties by id), computed here without vector_search."""
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    distances = 1.0 - unit @ (query / np.linalg.norm(query))
    order = sorted(range(len(ids)), key=lambda row: (distances[row], ids[row]))[:n]
    return [ids[row] for row in order], [float(distances[row]) for row in order]


LARGE = Settings(hnsw_exact_limit=10)  # a collection counts as large above 10 vectors (the tests' Settings)


@pytest.fixture
def faiss_calls(monkeypatch):
    """Every graph faiss builds or reads is recorded (the real faiss calls are made)."""
    import faiss

    calls = {"built": [], "read": []}
    real_index, real_read = faiss.IndexHNSWFlat, faiss.read_index
    monkeypatch.setattr(faiss, "IndexHNSWFlat", lambda *args: calls["built"].append(args) or real_index(*args))
    monkeypatch.setattr(faiss, "read_index", lambda path, *args: calls["read"].append(path) or real_read(path, *args))
    return calls


def test_concurrent_first_questions_build_the_graph_once(tmp_path, faiss_calls):
    """Eight threads ask the same large collection at once, each through its own store object (as several chains of
    one process would): one graph is built, none is read back from the file the builder wrote, all share it, and
    every thread gets the same hits, those of exact search."""
    vectors = np.random.default_rng(11).normal(size=(300, 24)).astype(np.float32)
    ids = [f"v{n:04d}" for n in range(300)]
    _store(tmp_path / "chroma", vectors)
    stores = [_store(tmp_path / "chroma") for _ in range(8)]
    start = threading.Barrier(len(stores))

    def ask(store):
        start.wait()
        return nearest(store, vectors[42], 5, 300, tmp_path / "cache", LARGE)

    with ThreadPoolExecutor(len(stores)) as pool:
        found = list(pool.map(ask, stores))
    assert len(faiss_calls["built"]) == 1 and faiss_calls["read"] == []
    assert len({id(store._eaeu_hnsw[1]) for store in stores}) == 1
    assert all(hits == found[0] for hits in found)
    expected_ids, expected_distances = _exact(vectors, ids, vectors[42], 5)
    assert [i for i, _ in found[0]] == expected_ids
    assert np.allclose([d for _, d in found[0]], expected_distances, atol=1e-5)
    assert len(list((tmp_path / "cache" / "hnsw").glob("*.faiss"))) == 1


def test_the_cache_folder_keeps_the_most_recently_used_graphs_and_never_one_in_use(tmp_path, faiss_calls):
    """keep 2: a graph written first but used since is kept and a later-written, unused one removed (by write time it
    was the other way round); a graph a store of this process holds is not removed however old its file, and it
    answers the same after its file is gone."""
    keep = Settings(hnsw_cache_keep=2, hnsw_touch_seconds=0.0, hnsw_exact_limit=10)
    rng = np.random.default_rng(5)
    sets = {name: rng.normal(size=(40, 8)).astype(np.float32) for name in "abcdef"}
    graphs = tmp_path / "cache" / "hnsw"

    def search(name, store=None):
        store = store or _store(tmp_path / name, sets[name])
        return store, nearest(store, sets[name][3], 4, 40, tmp_path / "cache", keep)

    def newest_file(before):
        (new,) = set(graphs.glob("*.faiss")) - before
        return new

    store, _ = search("a")
    file_a = newest_file(set())
    del store
    store, _ = search("b")
    file_b = newest_file({file_a})
    del store
    gc.collect()  # no store holds graphs a and b now
    now = time.time()
    os.utime(file_a, (now - 100, now - 100))  # a written (and used) before b
    os.utime(file_b, (now - 50, now - 50))
    again, _ = search("a", _store(tmp_path / "a"))  # a new store object of collection a: its graph is read, a use
    assert faiss_calls["read"] == [str(file_a)] and len(faiss_calls["built"]) == 2
    del again
    gc.collect()
    search("c")  # a third graph: the least recently used one (b) goes
    assert file_a.exists() and not file_b.exists() and len(list(graphs.glob("*.faiss"))) == 2

    files = set(graphs.glob("*.faiss"))
    held, before = search("d")
    file_d = newest_file(files)
    os.utime(file_d, (now - 1000, now - 1000))  # the oldest file by far, but in use
    for name in "ef":
        search(name)
    assert file_d.exists()
    file_d.unlink()  # its file gone: the graph in memory answers as before
    assert nearest(held, sets["d"][3], 4, 40, tmp_path / "cache", keep) == before


def test_the_settings_ef_search_applies_at_each_search_without_a_rebuild(tmp_path, faiss_calls, monkeypatch):
    """EAEU_QA_HNSW_EF_SEARCH set after the graph was built changes the search (no rebuild); the hits are those of
    faiss's own search of the same graph at that ef_search, and the default's hits come back after it."""
    import faiss

    from eaeu_qa.settings import get_settings

    vectors = np.random.default_rng(3).normal(size=(2000, 48)).astype(np.float32)
    store = _store(tmp_path / "chroma", vectors)
    queries = np.random.default_rng(4).normal(size=(40, 48)).astype(np.float32)
    monkeypatch.setenv("EAEU_QA_HNSW_EXACT_LIMIT", "10")  # the limit through the environment, as a user sets it
    monkeypatch.delenv("EAEU_QA_HNSW_EF_SEARCH", raising=False)
    wide = [nearest(store, query, 10, 2000, tmp_path / "cache", get_settings()) for query in queries]
    monkeypatch.setenv("EAEU_QA_HNSW_EF_SEARCH", "10")
    narrow_settings = get_settings()
    assert narrow_settings.hnsw_ef_search == 10
    narrow = [nearest(store, query, 10, 2000, tmp_path / "cache", narrow_settings) for query in queries]
    assert len(faiss_calls["built"]) == 1 and faiss_calls["read"] == []
    assert narrow != wide  # on this collection, a search at ef_search 10 misses some of what 100 finds

    (graph_file,) = (tmp_path / "cache" / "hnsw").glob("*.faiss")
    graph = faiss.read_index(str(graph_file))
    ids = [f"v{n:04d}" for n in range(2000)]
    unit = np.stack([query / float(np.linalg.norm(query)) for query in queries])  # as hnsw_nearest scales a query
    for ef_search, hits in ((100, wide), (10, narrow)):
        graph.hnsw.efSearch = ef_search
        _, rows = graph.search(unit, 10)
        assert [[i for i, _ in found] for found in hits] == [[ids[row] for row in found] for found in rows]
    monkeypatch.delenv("EAEU_QA_HNSW_EF_SEARCH")
    assert [nearest(store, query, 10, 2000, tmp_path / "cache", get_settings()) for query in queries] == wide


def test_a_changed_store_never_gets_a_stale_graph(tmp_path, faiss_calls):
    """The graph's key is its ids and vectors: after a re-index (same ids and count, other vectors) and a re-upload
    (some ids gone, others added, same count) a new store object of the collection gets a new graph, not the old
    file, and its hits are those of exact search over what the store now holds."""
    rng = np.random.default_rng(9)
    vectors = rng.normal(size=(200, 16)).astype(np.float32)
    ids = [f"v{n:04d}" for n in range(200)]
    store = _store(tmp_path / "chroma", vectors)
    cache, graphs = tmp_path / "cache", tmp_path / "cache" / "hnsw"
    query = rng.normal(size=16).astype(np.float32)
    first = nearest(store, query, 8, 200, cache, LARGE)
    assert [i for i, _ in first] == _exact(vectors, ids, query, 8)[0]

    reindexed = rng.normal(size=(200, 16)).astype(np.float32)  # a re-index: the same ids, other vectors
    store._collection.upsert(ids=ids, embeddings=reindexed.tolist())
    changes = [(reindexed, ids)]
    uploaded = rng.normal(size=(20, 16)).astype(np.float32)  # a re-upload: 20 ids gone, 20 others added
    changes.append((np.concatenate([reindexed[20:], uploaded]), ids[20:] + [f"w{n:04d}" for n in range(20)]))
    for number, (now_vectors, now_ids) in enumerate(changes, start=2):
        if number == 3:
            store._collection.delete(ids=ids[:20])
            store._collection.add(ids=now_ids[-20:], embeddings=uploaded.tolist())
        fresh = _store(tmp_path / "chroma")
        found = nearest(fresh, query, 8, 200, cache, LARGE)
        expected_ids, expected_distances = _exact(now_vectors, now_ids, query, 8)
        assert [i for i, _ in found] == expected_ids and found != first
        assert np.allclose([d for _, d in found], expected_distances, atol=1e-5)
        assert len(faiss_calls["built"]) == number and faiss_calls["read"] == []
        assert len(list(graphs.glob("*.faiss"))) == number


def test_a_graph_being_loaded_is_not_removed_by_another_threads_save(tmp_path, faiss_calls, monkeypatch):
    """keep 1: while one thread reads graph a's file (held at faiss.read_index by a hook until the other thread is
    done), another thread builds and saves graph b, which cuts the folder to one graph. The file being read is kept
    (b's own too, being the newest written), and a is loaded from it, not built again."""
    import faiss

    keep = Settings(hnsw_cache_keep=1, hnsw_exact_limit=10)
    rng = np.random.default_rng(21)
    sets = {name: rng.normal(size=(50, 8)).astype(np.float32) for name in "ab"}
    cache, graphs = tmp_path / "cache", tmp_path / "cache" / "hnsw"
    nearest(_store(tmp_path / "a", sets["a"]), sets["a"][0], 3, 50, cache, keep)
    gc.collect()  # no store holds graph a now: its next store reads the file
    (file_a,) = graphs.glob("*.faiss")

    reading, saved = threading.Event(), threading.Event()
    recorded_read = faiss.read_index  # the fixture's recording wrapper around the real read

    def held_read(path, *args):
        reading.set()
        assert saved.wait(60), "the other thread's save did not finish"
        return recorded_read(path, *args)

    monkeypatch.setattr(faiss, "read_index", held_read)
    found = {}
    loader = threading.Thread(target=lambda: found.setdefault(
        "a", nearest(_store(tmp_path / "a"), sets["a"][0], 3, 50, cache, keep)))
    loader.start()
    try:
        assert reading.wait(60), "graph a's file was not read"
        nearest(_store(tmp_path / "b", sets["b"]), sets["b"][0], 3, 50, cache, keep)  # builds and saves b
        assert file_a.exists() and len(list(graphs.glob("*.faiss"))) == 2
    finally:
        saved.set()
        loader.join(60)
    assert not loader.is_alive() and found["a"][0][0] == "v0000"
    assert faiss_calls["read"] == [str(file_a)] and len(faiss_calls["built"]) == 2  # a once (first), b once
