"""Hybrid retrieval: Chroma dense search + BM25, fused by reciprocal rank, with article-reference boosts."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from .index import IndexHandle
from .records import Chunk, RetrievedPassage
from .settings import Settings
from .query_adapter import QueryAdapter, load as load_adapter
from .source_prior import SourcePrior, add_family_rankings, load as load_prior
from .placement import LEXICAL_TOP_SLOT, _keep_lexical_best, _with_both_families  # noqa: F401 (re-exported)
from .references import Reference, _matches, asked_sources, mentioned_sources, parse_references  # noqa: F401 (re-exported)
from .textrepair import american_spelling, repair_ocr
from .vocabulary import WordNeighbours, expand_query, word_neighbours

# How many chunks of a named article (without a named paragraph) are lifted to the top.
MAX_PROMOTED_FROM_ARTICLE = 3
# Unit hits fetched per wanted chunk in multi-vector search (a chunk has a few units on average).
UNITS_PER_CHUNK = 3


def _bm25s():
    from .import_diet import import_without

    return import_without("bm25s", ("scipy",))  # bm25s then builds its matrix with numpy


BM25_CACHE_KEEP = 8  # BM25 indexes kept in the cache (the newest); one per distinct chunk set


def _bm25_folder(settings: Settings, chunks: list[Chunk]) -> Path | None:
    """Where the BM25 index of exactly these chunk texts, tokenized by this code, is kept."""
    from importlib import metadata

    from . import derived_cache, textrepair

    key = derived_cache.content_key(f"bm25-{metadata.version('bm25s')}", [__file__, textrepair.__file__],
                                    (c.search_text for c in chunks))  # the tokenization's code and version
    return None if key is None else settings.embedding_cache_dir / "bm25" / key[:24]


def _save_bm25(model, folder: Path) -> None:
    """Best effort (a read-only cache costs a rebuild per process): write beside, then rename into place.

    Not files.atomic_write: bm25s saves a folder of files, which is renamed as a whole."""
    import os
    import shutil

    from .files import keep_newest

    partial = folder.with_name(f"{folder.name}.{os.getpid()}.partial")
    try:
        model.save(partial, show_progress=False)
        os.replace(partial, folder)
        keep_newest((p for p in folder.parent.iterdir() if p.is_dir() and "." not in p.name), BM25_CACHE_KEEP)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)


# Above this many vectors a collection is searched through Chroma's HNSW index instead of exactly: an exact
# scan costs time in proportion to the collection (at 53,500 vectors ~10 ms a question, 8-16x the corpus's
# whole fused search), HNSW does not. The corpus's own collections (hundreds to a few thousand vectors)
# stay exact and repeatable; a collection this large trades that for speed (docs/benchmarks.md, 100x).
EXACT_SEARCH_LIMIT = 20_000


def _nearest(store, vector, n: int, expected: int | None = None) -> list[tuple[str, float]]:
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
        found = store._collection.query(query_embeddings=[vector], n_results=n, include=["distances"])
        return [(item_id, float(distance)) for item_id, distance in zip(found["ids"][0], found["distances"][0])]
    import numpy as np

    ids, matrix = _stored_vectors(store, expected)
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


def _stored_vectors(store, expected: int | None = None) -> tuple[list[str], np.ndarray]:
    """Ids (sorted) and unit-normalised vectors of a store, read once per store object and again when its
    count changes (an upload store is written to in place)."""
    import numpy as np

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


def _row_of(store, ids: list[str]) -> dict[str, int]:
    """Id -> row of the store's cached exact-search matrix (built once per id list)."""
    cached = getattr(store, "_eaeu_row_of", None)
    if cached is None or cached[0] is not ids:
        cached = (ids, {item_id: row for row, item_id in enumerate(ids)})
        try:
            store._eaeu_row_of = cached
        except AttributeError:
            pass
    return cached[1]


def _unit_chunk_id(unit_id: str, handle) -> str:
    """The chunk a unit vector belongs to: unit ids are '<chunk id>:<start>:<end>' (answering.units.Unit.key)."""
    chunk_id = unit_id.rsplit(":", 2)[0]
    if chunk_id in handle._by_id:
        return chunk_id
    return handle.sentences._collection.get(ids=[unit_id], include=["metadatas"])["metadatas"][0]["chunk_id"]


class HybridRetriever(BaseRetriever):
    """Dense (Chroma, cosine) and lexical (BM25) rankings fused with reciprocal rank fusion.

    The fusion is hand-rolled rather than LangChain's EnsembleRetriever because the answerer and the
    evaluation need each passage's dense similarity and component ranks, and named articles must be
    promoted, which an ensemble of opaque retrievers cannot express.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    handles: list[IndexHandle]
    settings: Settings
    source_prior: SourcePrior | None = None  # None: the stored one (source_prior.load), if any
    query_adapter: QueryAdapter | None = None  # None: the stored one (query_adapter.load), if any

    @cached_property
    def chunks(self) -> list[Chunk]:
        return [chunk for handle in self.handles for chunk in handle.chunks]

    @cached_property
    def _bm25(self):
        """The BM25 index over all chunks: built once per chunk set and kept in the embedding cache folder
        (keyed by the chunks' text and this tokenization's code), so later processes load it (mmap)."""
        bm25s = _bm25s()
        folder = _bm25_folder(self.settings, self.chunks)
        if folder is not None and (folder / "params.index.json").is_file():
            try:
                return bm25s.BM25.load(folder, mmap=True, show_progress=False, verbosity=0)
            except Exception:  # noqa: BLE001 - a damaged copy: build it again below
                import shutil

                shutil.rmtree(folder, ignore_errors=True)
        model = bm25s.BM25()
        model.index(self._tokenize([c.search_text for c in self.chunks]), show_progress=False)
        if folder is not None:
            _save_bm25(model, folder)
        return model

    @cached_property
    def _neighbours(self) -> WordNeighbours:
        main = next((h for h in self.handles if getattr(h, "sentences", None) is not None), None)
        return word_neighbours(main.path if main is not None else None, getattr(main, "generation", ""),
                               self.settings.model_name, self.settings.neighbour_cosine)

    @cached_property
    def _source_ids(self) -> frozenset[str]:
        return frozenset(c.source_id for c in self.chunks)

    @cached_property
    def _by_article(self) -> dict[str, list[Chunk]]:
        """Chunks per article number, in corpus order (named articles are looked up, not scanned for)."""
        found: dict[str, list[Chunk]] = {}
        for chunk in self.chunks:
            if chunk.article:
                found.setdefault(chunk.article, []).append(chunk)
        return found

    @cached_property
    def _stemmer(self):
        import Stemmer

        return Stemmer.Stemmer("english")

    def warm(self) -> None:
        """Build BM25 and load the query encoder now, so the first question does not wait for them."""
        from .embeddings import encode_query

        self._bm25
        self._neighbours.warm()
        encode_query(self.settings.model_name, ["warm-up"])

    def _tokenize(self, texts: list[str]):
        return _bm25s().tokenize([american_spelling(repair_ocr(t)) for t in texts], stopwords="en", stemmer=self._stemmer,
                              show_progress=False)

    # --- rankings ---------------------------------------------------------------------------------

    def dense_ranking(self, query: str, k: int, vector=None, hits: list | None = None) -> list[tuple[Chunk, float]]:
        """`hits`: _chunk_hits(vector, k) when the caller has it (search() shares it with unit_ranking)."""
        vector = self._query_vector(query) if vector is None else vector
        hits = self._chunk_hits(vector, k) if hits is None else hits
        results = [(handle.chunk(chunk_id), 1.0 - distance)
                   for handle, found in zip(self.handles, hits) for chunk_id, distance in found]
        return sorted(results, key=lambda pair: pair[1], reverse=True)[:k]

    def unit_ranking(self, query: str, k: int, vector=None, hits: list | None = None) -> list[tuple[Chunk, float]]:
        """Multi-vector search: match the query on sentence/list-item/definition vectors, rank their chunks
        by their best unit."""
        vector = self._query_vector(query) if vector is None else vector
        best: dict[str, tuple[Chunk, float]] = {}
        for position, handle in enumerate(self.handles):
            # A collection without unit vectors (user uploads) takes part with its chunks as their own units.
            if handle.sentences is None:
                found = (hits[position] if hits is not None
                         else _nearest(handle.store, vector, min(k, len(handle.chunks)), len(handle.chunks)))
            else:
                found = [(_unit_chunk_id(unit_id, handle), distance)
                         for unit_id, distance in _nearest(handle.sentences, vector, k * UNITS_PER_CHUNK,
                                                           handle.info.unit_count or None)]
            for chunk_id, distance in found:
                chunk = handle.chunk(chunk_id)
                similarity = 1.0 - distance
                if chunk.chunk_id not in best or best[chunk.chunk_id][1] < similarity:
                    best[chunk.chunk_id] = (chunk, similarity)
        return sorted(best.values(), key=lambda pair: pair[1], reverse=True)[:k]

    def _chunk_hits(self, vector, k: int) -> list[list[tuple[str, float]]]:
        """Per handle: (chunk id, distance) of its k nearest chunk vectors."""
        return [_nearest(handle.store, vector, min(k, len(handle.chunks)), len(handle.chunks))
                for handle in self.handles]

    def _query_vector(self, query: str):
        from .embeddings import encode_query

        return encode_query(self.settings.model_name, [query])[0].tolist()

    def lexical_ranking(self, query: str, k: int) -> list[tuple[Chunk, float]]:
        tokens = self._tokenize([query])
        if not tokens.ids or not tokens.ids[0]:
            return []
        docs, scores = self._bm25.retrieve(tokens, k=min(k, len(self.chunks)), show_progress=False)
        return [(self.chunks[int(i)], float(s)) for i, s in zip(docs[0], scores[0]) if s > 0]

    def search(self, query: str, k: int | None = None) -> list[RetrievedPassage]:
        """The k best passages; a multi-part question also searches each part and fuses (multipart.py)."""
        from .multipart import PART_POOL, fuse, split_parts

        k = k or self.settings.retrieve_k
        parts = split_parts(query) if self.settings.part_weight else []
        if not parts:
            return self._search(query, k)
        return fuse(self._search(query, max(k, PART_POOL)), [self._search(p, PART_POOL) for p in parts],
                    self.settings.part_weight, k, self.settings.rrf_k)

    def _search(self, query: str, k: int) -> list[RetrievedPassage]:
        fetch = max(self.settings.fetch_k, k)
        vector = self._query_vector(query)
        share = self.settings.query_adapter_share
        adapter = (self.query_adapter or load_adapter(self.settings.model_name, len(vector))) if share else None
        share = share if adapter is not None else 0.0
        hits = self._chunk_hits(vector, fetch) if share < 1 else []  # one query per collection, for both rankings
        dense = self.dense_ranking(query, fetch, vector, hits=hits) if share < 1 else []
        units = self.unit_ranking(query, fetch, vector, hits=hits) if self.settings.unit_weight and share < 1 else []
        moved = adapter.apply(vector).tolist() if share else None  # the question's vector moved by the adapter
        moved_hits = self._chunk_hits(moved, fetch) if share else []
        moved_dense = self.dense_ranking(query, fetch, moved, hits=moved_hits) if share else []
        moved_units = self.unit_ranking(query, fetch, moved, hits=moved_hits) if share and self.settings.unit_weight else []
        # Only the keyword side is expanded: the embedding model already relates "dependants" to
        # "family members", and adding terms to the dense query measurably blurred it.
        # The corpus neighbours of absent words join the fused keyword query (vocabulary.WordNeighbours); the
        # passage kept in the top slot is the best for the question's own words.
        own_words = self.lexical_ranking(expand_query(query), fetch)
        neighbours = self._neighbours.terms(query)
        lexical = self.lexical_ranking(expand_query(" ".join([query, *neighbours])), fetch) if neighbours else own_words
        fused: dict[str, float] = {}
        dense_rank = {c.chunk_id: r for r, (c, _) in enumerate(dense or moved_dense, 1)}
        lexical_rank = {c.chunk_id: r for r, (c, _) in enumerate(lexical, 1)}
        similarity = {c.chunk_id: s for c, s in dense}
        # own_words too: its best passage can be placed by _keep_lexical_best without being in the fused rankings
        by_id = {c.chunk_id: c for c, _ in dense + lexical + own_words + units + moved_dense + moved_units}
        for ranking, weight in ((units, (1 - share) * self.settings.unit_weight),
                                (dense, (1 - share) * self.settings.dense_weight),
                                (moved_units, share * self.settings.unit_weight),
                                (moved_dense, share * self.settings.dense_weight)):
            for rank, (chunk, _) in enumerate(ranking, 1):
                fused[chunk.chunk_id] = fused.get(chunk.chunk_id, 0.0) + weight / (self.settings.rrf_k + rank)
        for chunk_id, rank in lexical_rank.items():
            fused[chunk_id] = fused.get(chunk_id, 0.0) + self.settings.lexical_weight / (self.settings.rrf_k + rank)
        prior = (self.source_prior or load_prior()) if self.settings.source_prior_weight else None
        if prior is not None and prior.fits(self.settings.model_name, len(vector)):  # the family it points to
            add_family_rankings(fused, {cid: by_id[cid].source_id for cid in fused}, prior.treaty_probability(vector),
                                self.settings.source_prior_weight, self.settings.rrf_k)
        self._route_to_mentioned_sources(query, fused, by_id)
        order = sorted(fused, key=fused.get, reverse=True)
        promoted = self._promoted(query, fused)
        for chunk in promoted:
            by_id.setdefault(chunk.chunk_id, chunk)
        promoted_ids = [c.chunk_id for c in promoted]
        final = promoted_ids + [cid for cid in order if cid not in promoted_ids]
        final = _keep_lexical_best(final, own_words)
        final = _with_both_families(final, by_id, k)
        top_score = max(fused.values(), default=0.0)
        chosen = [by_id[chunk_id] for chunk_id in final[:k]]
        similarity.update(self._similarities(query, [c for c in chosen if c.chunk_id not in similarity]))
        return [
            RetrievedPassage(
                rank=rank, chunk=chunk,
                score=fused.get(chunk.chunk_id, 0.0) + (top_score if chunk.chunk_id in promoted_ids else 0.0),
                dense_rank=dense_rank.get(chunk.chunk_id), lexical_rank=lexical_rank.get(chunk.chunk_id),
                dense_similarity=similarity[chunk.chunk_id], referenced=chunk.chunk_id in promoted_ids,
            )
            for rank, chunk in enumerate(chosen, start=1)
        ]

    def _route_to_mentioned_sources(self, query: str, fused: dict[str, float], by_id: dict[str, Chunk]) -> None:
        """Fuse in a third ranking: the candidates from the documents the question names where it asks, in fused order."""
        wanted = asked_sources(query)
        if not wanted or len(wanted) == len(self._source_ids):
            return
        routed = [cid for cid in sorted(fused, key=fused.get, reverse=True) if by_id[cid].source_id in wanted]
        for rank, chunk_id in enumerate(routed, start=1):
            fused[chunk_id] += 1.0 / (self.settings.rrf_k + rank)

    def _promoted(self, query: str, fused: dict[str, float]) -> list[Chunk]:
        """Chunks of the articles/paragraphs the question names: exact paragraphs first."""
        promoted: list[Chunk] = []
        for ref in parse_references(query):
            in_article = [c for c in self._by_article.get(ref.article, ()) if _matches(c, ref)]
            exact = [c for c in in_article if ref.paragraph and c.paragraph == ref.paragraph]
            rest = sorted((c for c in in_article if c not in exact),
                          key=lambda c: (-fused.get(c.chunk_id, 0.0), c.ordinal))
            picks = exact if exact else rest[:MAX_PROMOTED_FROM_ARTICLE]
            promoted.extend(c for c in picks if c not in promoted)
        return promoted

    def _similarities(self, query: str, chunks: list[Chunk]) -> dict[str, float]:
        """Cosine similarity for passages that came from BM25 or a reference but not from dense search."""
        if not chunks:
            return {}
        import numpy as np

        from .embeddings import encode, encode_query

        question = encode_query(self.settings.model_name, [query])[0]
        # The index holds every chunk's vector: read them, rather than embed the chunk text again.
        vectors: dict[str, np.ndarray] = {}
        for handle in self.handles:
            ids = [c.chunk_id for c in chunks if c.chunk_id in handle._by_id]
            cached = getattr(handle.store, "_eaeu_exact_vectors", None)  # read by _nearest for exact search
            if ids and cached is not None and cached[0] == len(handle.chunks):
                row = _row_of(handle.store, cached[1])
                vectors.update((i, cached[2][row[i]]) for i in ids if i in row)
            elif ids:
                stored = handle.store._collection.get(ids=ids, include=["embeddings"])
                vectors.update(zip(stored["ids"], np.asarray(stored["embeddings"], dtype=np.float32)))
        missing = [c for c in chunks if c.chunk_id not in vectors]
        if missing:
            vectors.update(zip((c.chunk_id for c in missing),
                               encode(self.settings.model_name, [c.search_text for c in missing])))
        return {c.chunk_id: float(question @ vectors[c.chunk_id]) for c in chunks}

    # --- LangChain interface ------------------------------------------------------------------------

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                k: int | None = None) -> list[LCDocument]:
        return [
            LCDocument(page_content=p.chunk.text, id=p.chunk.chunk_id,
                       metadata={"chunk_id": p.chunk.chunk_id, "locator": p.chunk.locator,
                                 "source_id": p.chunk.source_id, "score": p.score, "passage": p})
            for p in self.search(query, k=k)
        ]
