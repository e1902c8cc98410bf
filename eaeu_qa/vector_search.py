"""Exact nearest-vector search over a Chroma store's vectors, read once per store (HNSW above a size limit)."""

from __future__ import annotations

import threading
import weakref
from concurrent.futures import Future
from pathlib import Path

import numpy as np

from .settings import Settings

# Above Settings.hnsw_exact_limit vectors a collection is searched through an HNSW graph instead of exactly (is_large);
# the graph's parameters and the number of graphs kept on disk: Settings.hnsw_* (Chroma's defaults).
_DEFAULTS = Settings()  # what a caller that passes no Settings gets
_ANN_LOCK = threading.Lock()  # guards _GRAPHS and _BUILDING (never held while a graph is loaded or built)


def is_large(size: int, settings: Settings | None = None) -> bool:
    """Whether a collection of `size` vectors is searched through an HNSW graph (above Settings.hnsw_exact_limit)."""
    return size > (settings or _DEFAULTS).hnsw_exact_limit


def nearest(store, vector, n: int, expected: int | None = None,
            cache_dir: Path | None = None, settings: Settings | None = None) -> list[tuple[str, float]]:
    """(id, cosine distance) of the n nearest vectors in a LangChain Chroma store, by exact search.

    Not Chroma's HNSW query: that search is approximate and its results vary from process to process (even
    with the same PYTHONHASHSEED), so a passage near the cut-off was found in one run and missed in the next.
    The collections are small (hundreds to a few thousand vectors): all vectors are read once per store and
    searched exactly; equal distances go by id (collections above Settings.hnsw_exact_limit: hnsw_nearest).
    `expected`: how many vectors the caller's handle says the store holds; when the cached copy has that
    many, Chroma is not asked for its count (a count costs ~1 ms per 2,500 vectors, every question).
    `cache_dir`: where a large collection's HNSW graph is kept between processes (None: built in each process).
    `settings`: the exact-search limit and the graph's parameters (Settings.hnsw_*; None: the defaults)."""
    if n <= 0:
        return []
    if _is_large_store(store, expected, settings):  # a large collection: an HNSW graph, not a scan of every vector
        return hnsw_nearest(store, vector, n, expected, cache_dir, settings)
    ids, matrix = stored_vectors(store, expected)
    if not ids:
        return []
    query = np.asarray(vector, dtype=np.float32)
    norm = float(np.linalg.norm(query))
    distances = 1.0 - (matrix @ (query / norm if norm else query)).astype(np.float64)
    if n < len(ids):  # the n smallest without sorting them all: every distance up to the n-th (ties included)
        candidates = np.flatnonzero(distances <= np.partition(distances, n - 1)[n - 1])
    else:
        candidates = np.arange(len(ids))
    order = candidates[np.lexsort((candidates, distances[candidates]))][:n]  # ids are sorted: ties go by id
    return [(ids[i], float(distances[i])) for i in order]


def hnsw_nearest(store, vector, n: int, expected: int | None = None,
                 cache_dir: Path | None = None, settings: Settings | None = None) -> list[tuple[str, float]]:
    """(id, cosine distance) of about the n nearest vectors of a large store, from an HNSW graph held in this process.

    faiss's HNSW over the store's vectors (read once, as for exact search, so the reranker's vectors_of needs no
    Chroma call either), not Chroma's query: at 100x the corpus (53,500 vectors) Chroma's query cost ~1 ms of CPU
    whatever n, about ten times the graph search itself; faiss searches a graph of the same parameters (recall of the
    exact 30 nearest 0.97 for both on the bench's filler: scripts/scale_profile.py --recall) in ~0.1 ms, in the
    calling thread (docs/benchmarks.md, eleventh session). The graph is built on one thread, so it is the same in
    every process, and kept under `cache_dir` keyed by the ids and vectors. Settings.hnsw_ef_search applies to each
    search (not fixed when the graph was built)."""
    import faiss

    settings = settings or _DEFAULTS
    ids, graph = _hnsw_graph(store, expected, cache_dir, settings)
    graph.used(settings.hnsw_touch_seconds)
    faiss.omp_set_num_threads(1)  # OpenMP's thread count is per calling thread: no worker threads for one query
    query = np.asarray(vector, dtype=np.float32).reshape(1, -1)
    norm = float(np.linalg.norm(query))
    similarities, rows = graph.index.search(query / norm if norm else query, min(n, len(ids)),
                                            params=faiss.SearchParametersHNSW(efSearch=settings.hnsw_ef_search))
    return [(ids[row], 1.0 - float(similarity)) for row, similarity in zip(rows[0], similarities[0]) if row >= 0]


def prepare(store, expected: int | None = None, cache_dir: Path | None = None,
            settings: Settings | None = None) -> bool:
    """Read a store's vectors now and, above Settings.hnsw_exact_limit, load or build its HNSW graph, so that the
    first search does not wait for them (an upload is prepared when it is added). True when the store has a graph."""
    if _is_large_store(store, expected, settings):
        _hnsw_graph(store, expected, cache_dir, settings or _DEFAULTS)
        return True
    stored_vectors(store, expected)
    return False


def _is_large_store(store, expected: int | None, settings: Settings | None) -> bool:
    """is_large for a store of `expected` vectors (None: Chroma is asked for its count)."""
    return is_large(expected if expected is not None else store._collection.count(), settings)


class _Graph:
    """One HNSW graph held in this process, the file it is kept in (None: not kept) and when that file was last
    marked as used (its modification time: the cache folder keeps the most recently used graphs)."""

    __slots__ = ("index", "path", "touched", "__weakref__")

    def __init__(self, index, path: Path | None):
        self.index, self.path, self.touched = index, path, None

    def used(self, every: float) -> None:
        """Mark the file as just used, unless that was done less than `every` seconds ago."""
        import os
        import time

        now = time.monotonic()
        if self.path is None or (self.touched is not None and now - self.touched < every):
            return
        self.touched = now
        try:
            os.utime(self.path)
        except OSError:  # removed meanwhile, or a read-only cache: the graph in memory stays valid
            pass


# The graphs held in this process, by their file's key (each is dropped when no store holds it any more), and the
# ones being loaded or built: a thread that asks for a graph being built waits for it (one build per key).
_GRAPHS: "weakref.WeakValueDictionary[tuple, _Graph]" = weakref.WeakValueDictionary()
_BUILDING: dict[tuple, Future] = {}


def _hnsw_graph(store, expected: int | None, cache_dir: Path | None, settings: Settings) -> tuple[list[str], _Graph]:
    """The store's ids and HNSW graph: taken from the store object when its vectors were not read again since, else
    the process's graph of the same key (ids, vectors, graph parameters; a changed store has another key), loaded from
    `cache_dir` or built there, once per key however many threads ask at once."""
    ids, matrix = stored_vectors(store, expected)
    cached = getattr(store, "_eaeu_hnsw", None)
    if cached is not None and cached[0] is ids:
        return ids, cached[1]
    import faiss

    name = _hnsw_name(ids, matrix, faiss.__version__, settings)
    path = None if cache_dir is None else Path(cache_dir) / "hnsw" / f"{name}.faiss"
    key = (name, None if path is None else str(path))
    with _ANN_LOCK:
        graph = _GRAPHS.get(key)
        building = _BUILDING.get(key) if graph is None else None
        owner = graph is None and building is None
        if owner:
            building = _BUILDING[key] = Future()
    if graph is None and not owner:
        graph = building.result()  # another thread loads or builds it
    elif owner:
        try:
            graph = _Graph(_load_or_build(faiss, matrix, path, settings), path)
            with _ANN_LOCK:
                _GRAPHS[key] = graph
            building.set_result(graph)
        except BaseException as exc:
            building.set_exception(exc)
            raise
        finally:
            with _ANN_LOCK:
                _BUILDING.pop(key, None)
    graph.used(0.0)  # a store taking the graph is a use of its file
    try:
        store._eaeu_hnsw = (ids, graph)
    except AttributeError:  # a store class that takes no attributes: looked up again next time
        pass
    return ids, graph


def _load_or_build(faiss, matrix: np.ndarray, path: Path | None, settings: Settings):
    """The graph kept in `path` when it is whole, else a new one (faiss.IndexHNSWFlat, inner product over the unit
    vectors) built on one thread, so the same graph in every process, and kept in `path`."""
    faiss.omp_set_num_threads(1)
    if path is not None and path.is_file():
        try:
            index = faiss.read_index(str(path))
        except RuntimeError:  # a damaged file (or removed meanwhile): built again below
            index = None
        if index is not None and index.ntotal == len(matrix):
            return index
    index = faiss.IndexHNSWFlat(matrix.shape[1], settings.hnsw_neighbours, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = settings.hnsw_ef_construction
    index.add(np.ascontiguousarray(matrix, dtype=np.float32))
    if path is not None:
        _save_hnsw(faiss, index, path, settings.hnsw_cache_keep)
    return index


def _hnsw_name(ids: list[str], matrix: np.ndarray, version: str, settings: Settings) -> str:
    """The key of the graph of exactly these ids and vectors, with these build parameters (the file's name)."""
    import hashlib

    parameters = f"hnsw {settings.hnsw_neighbours} {settings.hnsw_ef_construction}"
    digest = hashlib.sha256(f"faiss {version} {parameters}\n".encode())
    digest.update("\0".join(ids).encode())
    digest.update(np.ascontiguousarray(matrix, dtype=np.float32).tobytes())
    return digest.hexdigest()[:24]


def _save_hnsw(faiss, index, path: Path, keep: int) -> None:
    """Best effort (a read-only cache costs a build per process): write beside, then rename into place. A partial
    file left by a writer that is no longer running (killed mid-write) is removed first. Then the folder is cut to
    `keep` graphs, the least recently used removed first; a graph this process holds, loads or builds is never
    removed."""
    import os

    from .files import keep_newest

    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in path.parent.glob("*.partial"):
            if not _running(leftover.name.split(".")[-2]):
                leftover.unlink(missing_ok=True)
        faiss.write_index(index, str(partial))
        os.replace(partial, path)
        with _ANN_LOCK:  # held while the folder is cut: a graph starting to load now is held, or finds no file
            held = ({graph.path for graph in _GRAPHS.values() if graph.path is not None} | {path}
                    | {Path(key[1]) for key in _BUILDING if key[1] is not None})  # being loaded or built
            kept = [graph for graph in path.parent.glob("*.faiss") if graph in held]
            keep_newest([graph for graph in path.parent.glob("*.faiss") if graph not in held],
                        max(keep - len(kept), 0))
    except (OSError, RuntimeError):
        partial.unlink(missing_ok=True)


def _running(pid: str) -> bool:
    """Whether a process of this id runs on this machine (True when that cannot be told: its file is left alone)."""
    import os

    if not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # another user's process, or an id the system cannot take
        return True
    return True


def stored_vectors(store, expected: int | None = None) -> tuple[list[str], np.ndarray]:
    """Ids (sorted) and unit-normalised vectors of a store, read once per store object and again when its
    count changes (an upload store is written to in place)."""
    cached = getattr(store, "_eaeu_exact_vectors", None)
    if cached is not None and expected is not None and cached[0] == expected:
        return cached[1], cached[2]
    exported = getattr(store, "exported_vectors", None)  # an index generation's vector files (index_store.LazyStore)
    if exported is not None:  # ids sorted, values as Chroma returns them: Chroma is not opened
        ids, matrix = exported
        count = len(ids)
    else:
        collection = store._collection
        count = collection.count()
        if cached is not None and cached[0] == count:
            return cached[1], cached[2]
        data = collection.get(include=["embeddings"])
        pairs = sorted(zip(data["ids"], data["embeddings"]), key=lambda pair: pair[0])
        ids = [item_id for item_id, _ in pairs]
        matrix = np.asarray([vector for _, vector in pairs], dtype=np.float32).reshape(len(ids), -1)
    if len(ids):
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        matrix = matrix / np.where(norms > 0, norms, 1.0)
    try:
        store._eaeu_exact_vectors = (count, ids, matrix)
    except AttributeError:  # a store class that takes no attributes: read again next time
        pass
    return ids, matrix


def row_of(store, ids: list[str]) -> dict[str, int]:
    """Id -> row of the store's cached exact-search matrix (built once per id list)."""
    cached = getattr(store, "_eaeu_row_of", None)
    if cached is None or cached[0] is not ids:
        cached = (ids, {item_id: row for row, item_id in enumerate(ids)})
        try:
            store._eaeu_row_of = cached
        except AttributeError:
            pass
    return cached[1]


def unit_chunk_id(unit_id: str, handle) -> str:
    """The chunk a unit vector belongs to: unit ids are '<chunk id>:<start>:<end>' (answering.units.Unit.key)."""
    chunk_id = unit_id.rsplit(":", 2)[0]
    if chunk_id in handle._by_id:
        return chunk_id
    return handle.sentences._collection.get(ids=[unit_id], include=["metadatas"])["metadatas"][0]["chunk_id"]



def units_by_chunk(store, ids: list[str], handle) -> dict[str, np.ndarray]:
    """Chunk id -> rows of its units in the store's cached exact-search matrix (built once per id list)."""
    cached = getattr(store, "_eaeu_units_of", None)
    if cached is None or cached[0] is not ids:
        rows: dict[str, list[int]] = {}
        for row, unit_id in enumerate(ids):
            rows.setdefault(unit_chunk_id(unit_id, handle), []).append(row)
        cached = (ids, {chunk_id: np.array(found, dtype=int) for chunk_id, found in rows.items()})
        try:
            store._eaeu_units_of = cached
        except AttributeError:
            pass
    return cached[1]


def vectors_of(store, ids: list[str], expected: int | None = None) -> dict[str, np.ndarray]:
    """Id -> stored vector of these ids: from the search's copy of the store's vectors when it is current (`expected`
    vectors; a large collection's HNSW search reads them too), else asked of Chroma in one call."""
    cached = getattr(store, "_eaeu_exact_vectors", None)
    if cached is not None and expected is not None and cached[0] == expected:
        row = row_of(store, cached[1])
        return {i: cached[2][row[i]] for i in ids if i in row}
    if not ids:
        return {}
    stored = store._collection.get(ids=list(ids), include=["embeddings"])
    return dict(zip(stored["ids"], np.asarray(stored["embeddings"], dtype=np.float32).reshape(len(stored["ids"]), -1)))
