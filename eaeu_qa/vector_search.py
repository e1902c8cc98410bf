"""Exact nearest-vector search over a Chroma store's vectors, read once per store (HNSW above a size limit)."""

from __future__ import annotations

import numpy as np

# Above this many vectors a collection is searched through Chroma's HNSW index instead of exactly: an exact
# scan costs time in proportion to the collection (at 53,500 vectors ~10 ms a question, 8-16x the corpus's
# whole fused search), HNSW does not. The corpus's own collections (hundreds to a few thousand vectors)
# stay exact and repeatable; a collection this large trades that for speed (docs/benchmarks.md, 100x).
EXACT_SEARCH_LIMIT = 20_000


def nearest(store, vector, n: int, expected: int | None = None) -> list[tuple[str, float]]:
    """(id, cosine distance) of the n nearest vectors in a LangChain Chroma store, by exact search.

    Not Chroma's HNSW query: that search is approximate and its results vary from process to process (even
    with the same PYTHONHASHSEED), so a passage near the cut-off was found in one run and missed in the next.
    The collections are small (hundreds to a few thousand vectors): all vectors are read once per store and
    searched exactly; equal distances go by id (collections above EXACT_SEARCH_LIMIT go through HNSW).
    `expected`: how many vectors the caller's handle says the store holds; when the cached copy has that
    many, Chroma is not asked for its count (a count costs ~1 ms per 2,500 vectors, every question)."""
    if n <= 0:
        return []
    size = expected if expected is not None else store._collection.count()
    if size > EXACT_SEARCH_LIMIT:  # a large collection: Chroma's HNSW graph, not a scan of every vector
        # Distances only: returning the n vectors too cost as much again as the search (the 100x bench), and few of
        # the hits reach the reranker's head, whose vectors vectors_of then asks for (one call, remembered).
        found = store._collection.query(query_embeddings=[vector], n_results=n, include=["distances"])
        return [(item_id, float(distance)) for item_id, distance in zip(found["ids"][0], found["distances"][0])]
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
    """Id -> stored vector of these ids: from the exact-search copy when it is current (`expected` vectors); else
    (a large collection, searched through HNSW) from the vectors its searches returned, the rest asked of Chroma in
    one call and remembered."""
    cached = getattr(store, "_eaeu_exact_vectors", None)
    if cached is not None and expected is not None and cached[0] == expected:
        row = row_of(store, cached[1])
        return {i: cached[2][row[i]] for i in ids if i in row}
    fetched = getattr(store, "_eaeu_fetched", None) or {}
    found = {i: fetched[i] for i in ids if i in fetched}
    missing = [i for i in ids if i not in found]
    if missing:
        stored = store._collection.get(ids=missing, include=["embeddings"])
        found.update(_remember(store, stored["ids"], stored["embeddings"]))
    return found


FETCHED_KEEP = 4096  # vectors of a large collection remembered per store (the most recently asked for)


def _remember(store, ids, vectors) -> dict[str, np.ndarray]:
    """Keep these vectors of a large collection (bounded: the oldest are dropped), and return them by id."""
    from collections import OrderedDict

    got = dict(zip(ids, np.asarray(vectors, dtype=np.float32).reshape(len(ids), -1))) if len(ids) else {}
    fetched = getattr(store, "_eaeu_fetched", None)
    if fetched is None:
        fetched = OrderedDict()
        try:
            store._eaeu_fetched = fetched
        except AttributeError:  # a store class that takes no attributes: nothing is remembered
            return got
    for item_id, vector in got.items():
        fetched[item_id] = vector
        fetched.move_to_end(item_id)
    while len(fetched) > FETCHED_KEEP:
        fetched.popitem(last=False)
    return got
