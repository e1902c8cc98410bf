"""Hybrid retrieval: Chroma dense search + BM25, fused by reciprocal rank, placed, and reranked by a learnt model."""

from __future__ import annotations

from functools import cached_property

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

import numpy as np

from .abbreviations import Abbreviations, definitions
from . import rerank
from .index import IndexHandle
from .keyword_index import (add_scores, bm25_folder, bm25s_module, new_stemmer, plain_scoring, save_bm25,
                            token_strings, tokenize, top_k)
from .records import Chunk, RetrievedPassage
from .settings import Settings
from .query_adapter import QueryAdapter, load as load_adapter
from .source_prior import SourcePrior, add_family_rankings, load as load_prior
from .placement import (LEXICAL_TOP_SLOT, MAX_PROMOTED_FROM_ARTICLE, _keep_lexical_best,  # noqa: F401 (re-exported)
                        _with_both_families, named_sources, picks_told_apart, promoted_chunks,
                        route_to_mentioned_sources, route_yields)
from .references import (Reference, asked_sources, chunks_by_article, matches_article, mentioned_sources,  # noqa: F401 (re-exported)
                         parse_references)
from .vector_search import (is_large, nearest, prepare, stored_vectors, unit_chunk_id, units_by_chunk,
                            vectors_of)
from .vocabulary import WordNeighbours, word_neighbours

# Unit hits fetched per wanted chunk in multi-vector search (a chunk has a few units on average).
UNITS_PER_CHUNK = 3


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
    reranker: rerank.Reranker | None = None  # None: the stored one (rerank.load), if any

    @cached_property
    def chunks(self) -> list[Chunk]:
        return [chunk for handle in self.handles for chunk in handle.chunks]

    @cached_property
    def _bm25(self):
        """The BM25 index over all chunks: built once per chunk set and kept in the embedding cache folder
        (keyed by the chunks' text and this tokenization's code), so later processes load it (mmap)."""
        bm25s = bm25s_module()
        folder = bm25_folder(self.settings, self.chunks)
        if folder is not None and (folder / "params.index.json").is_file():
            try:
                return bm25s.BM25.load(folder, mmap=True, show_progress=False, verbosity=0)
            except Exception:  # noqa: BLE001 - a damaged copy: build it again below
                import shutil

                shutil.rmtree(folder, ignore_errors=True)
        model = bm25s.BM25()
        model.index(self._tokenize([c.search_text for c in self.chunks]), show_progress=False)
        if folder is not None:
            save_bm25(model, folder)
        return model

    @cached_property
    def _neighbours(self) -> WordNeighbours:
        main = next((h for h in self.handles if getattr(h, "sentences", None) is not None), None)
        return word_neighbours(main.path if main is not None else None, getattr(main, "generation", ""),
                               self.settings.embedding, self.settings.neighbour_cosine)

    @cached_property
    def _abbreviations(self) -> Abbreviations:
        return Abbreviations(definitions(c.text for c in self.chunks) if self.settings.abbreviation_expansion else {})

    @cached_property
    def _source_ids(self) -> frozenset[str]:
        return frozenset(c.source_id for c in self.chunks)

    @cached_property
    def _by_article(self) -> dict[str, list[Chunk]]:
        """Chunks per article number, in corpus order (named articles are looked up, not scanned for)."""
        return chunks_by_article(self.chunks)

    @cached_property
    def _stemmer(self):
        return new_stemmer()

    def warm(self) -> None:
        """Build BM25 and the documents' abbreviations (definitions() reads every chunk: 5 s at 100x the corpus), read
        the stores' vectors (a large collection's HNSW graph too) and load the query encoder now, so the first question
        does not wait for them. A retriever serves one index generation (service.py builds one per generation)."""
        from .embeddings import encode_query

        self._bm25
        self._abbreviations
        for handle in self.handles:  # with the arguments the searches pass (_nearest_chunks, unit_ranking)
            prepare(handle.store, len(handle.chunks), self.settings.embedding_cache_dir, self.settings)
            if handle.sentences is not None:
                prepare(handle.sentences, handle.info.unit_count or None, self.settings.embedding_cache_dir,
                        self.settings)
        self._neighbours.warm()
        encode_query(self.settings.embedding, ["warm-up"])

    def _tokenize(self, texts: list[str]):
        return tokenize(texts, self._stemmer)

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
                found = hits[position] if hits is not None else self._nearest_chunks(handle, vector, k)
            else:
                found = [(unit_chunk_id(unit_id, handle), distance)
                         for unit_id, distance in self._nearest(handle.sentences, vector, k * UNITS_PER_CHUNK,
                                                                handle.info.unit_count or None)]
            for chunk_id, distance in found:
                chunk = handle.chunk(chunk_id)
                similarity = 1.0 - distance
                if chunk.chunk_id not in best or best[chunk.chunk_id][1] < similarity:
                    best[chunk.chunk_id] = (chunk, similarity)
        return sorted(best.values(), key=lambda pair: pair[1], reverse=True)[:k]

    def _chunk_hits(self, vector, k: int) -> list[list[tuple[str, float]]]:
        """Per handle: (chunk id, distance) of its k nearest chunk vectors."""
        return [self._nearest_chunks(handle, vector, k) for handle in self.handles]

    def _nearest_chunks(self, handle, vector, k: int) -> list[tuple[str, float]]:
        """(chunk id, distance) of a handle's k nearest chunk vectors."""
        return self._nearest(handle.store, vector, min(k, len(handle.chunks)), len(handle.chunks))

    def _nearest(self, store, vector, n: int, expected: int | None) -> list[tuple[str, float]]:
        """vector_search.nearest with this retriever's graph cache folder and HNSW parameters."""
        return nearest(store, vector, n, expected, self.settings.embedding_cache_dir, self.settings)

    def _query_vector(self, query: str):
        from .embeddings import encode_query

        return encode_query(self.settings.embedding, [query])[0].tolist()

    def _dense_vector(self, query: str) -> list[float]:
        """The question's vector, mixed with the vector of the question with the documents' short forms spelled out
        (abbreviations.py) at Settings.abbreviation_dense."""
        vector = self._query_vector(query)
        share = self.settings.abbreviation_dense
        spelled = self._abbreviations.expanded(query) if share else query
        if spelled == query:
            return vector
        mixed = (1 - share) * np.asarray(vector) + share * np.asarray(self._query_vector(spelled))
        return (mixed / np.linalg.norm(mixed)).tolist()

    def lexical_ranking(self, query: str, k: int) -> list[tuple[Chunk, float]]:
        tokens = self._tokenize([query])
        if not tokens.ids or not tokens.ids[0]:
            return []
        if plain_scoring(self._bm25):  # bm25s's scores, the best chosen among the documents that score (top_k)
            return [(self.chunks[row], score) for row, score in
                    top_k(add_scores(self._bm25, token_strings(tokens)[0]), min(k, len(self.chunks)))]
        docs, scores = self._bm25.retrieve(tokens, k=min(k, len(self.chunks)), show_progress=False)
        return [(self.chunks[int(i)], float(s)) for i, s in zip(docs[0], scores[0]) if s > 0]

    def keyword_rankings(self, query: str, extra: list[str], k: int) -> tuple[list, list]:
        """lexical_ranking of the question, and of the question followed by `extra` words, with the question's own
        scores computed once (the extended query's scores continue them: identical to scoring it afresh)."""
        if not extra:
            own_ranking = self.lexical_ranking(query, k)
            return own_ranking, own_ranking
        model = self._bm25
        extended_text = " ".join([query, *extra])
        own, extended = token_strings(self._tokenize([query, extended_text]))
        if not plain_scoring(model) or extended[:len(own)] != own:
            return self.lexical_ranking(query, k), self.lexical_ranking(extended_text, k)
        k = min(k, len(self.chunks))
        own_scores = add_scores(model, own)
        extended_scores = add_scores(model, extended[len(own):], own_scores)
        return tuple([(self.chunks[row], score) for row, score in top_k(scores, k)] if tokens else []
                     for tokens, scores in ((own, own_scores), (extended, extended_scores)))

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
        vector = self._dense_vector(query)
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
        # The corpus neighbours of absent words join the fused keyword query (vocabulary.WordNeighbours); the
        # passage kept in the top slot is the best for the question's own words. Lay wording is left to the learnt
        # parts (adapter, reranker): the hand-written lay-to-treaty glossary no longer expands the keyword query.
        # The documents' own abbreviations too: a short form they define adds its long form and vice versa.
        extra = self._neighbours.terms(query) + self._abbreviations.terms(query)
        own_words, lexical = self.keyword_rankings(query, extra, fetch)
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
        p_treaty = prior.treaty_probability(vector) if prior is not None and prior.fits(
            self.settings.model_name, len(vector)) else None
        if p_treaty is not None:  # the family it points to
            add_family_rankings(fused, {cid: by_id[cid].source_id for cid in fused}, p_treaty,
                                self.settings.source_prior_weight, self.settings.rrf_k)
        route_to_mentioned_sources(self._named_sources(query), fused, by_id, self.settings.rrf_k)
        order = sorted(fused, key=fused.get, reverse=True)
        promoted = self._promoted(query, fused, vector, order)
        for chunk in promoted:
            by_id.setdefault(chunk.chunk_id, chunk)
        promoted_ids = [c.chunk_id for c in promoted]
        lift = self.settings.rerank_dense_lift
        leaders = [c.chunk_id for ranking in ((moved_dense or dense), (moved_units or units))
                   for c, _ in ranking[:lift]]
        final = promoted_ids + self._reranked(query, [cid for cid in order if cid not in promoted_ids], by_id, fused,
                                              (vector, moved or vector), (lexical, own_words), p_treaty, leaders)
        final = _keep_lexical_best(final, own_words)
        final = _with_both_families(final, by_id, k)
        top_score = max(fused.values(), default=0.0)
        chosen = [by_id[chunk_id] for chunk_id in final[:k]]
        similarity.update(self._similarities(vector, [c for c in chosen if c.chunk_id not in similarity]))
        return [
            RetrievedPassage(
                rank=rank, chunk=chunk,
                score=fused.get(chunk.chunk_id, 0.0) + (top_score if chunk.chunk_id in promoted_ids else 0.0),
                dense_rank=dense_rank.get(chunk.chunk_id), lexical_rank=lexical_rank.get(chunk.chunk_id),
                dense_similarity=similarity[chunk.chunk_id], referenced=chunk.chunk_id in promoted_ids,
            )
            for rank, chunk in enumerate(chosen, start=1)
        ]

    def _reranked(self, query: str, order: list[str], by_id: dict[str, Chunk], fused: dict[str, float], vectors: tuple,
                  keyword_rankings: tuple, p_treaty: float | None, leaders: list[str] = ()) -> list[str]:
        """The first Settings.rerank_depth candidates, and the `leaders` fused below them, reordered by the learnt
        reranker (rerank.py); the rest follow in fused order."""
        depth = self.settings.rerank_depth
        model = (self.reranker or rerank.load(self.settings.model_name, len(vectors[0]))) if depth else None
        head = order[:depth]
        if model is None or len(head) < 2:
            return order
        below = set(order[depth:])
        head += [cid for cid in dict.fromkeys(leaders) if cid in below]
        rows = rerank.features(self._signals(query, head, by_id, fused, vectors, keyword_rankings, p_treaty))
        self._observe(query, head, rows)
        chosen = set(head)
        return [head[i] for i in model.order(rows)] + [cid for cid in order[depth:] if cid not in chosen]

    def _observe(self, query: str, candidates: list[str], rows) -> None:
        """Called with each search's reranked candidates and their features (a hook for fitting)."""

    def _signals(self, query: str, ids: list[str], by_id: dict[str, Chunk], fused: dict[str, float], vectors: tuple,
                 keyword_rankings: tuple, p_treaty: float | None) -> rerank.Signals:
        """What the reranker reads about each candidate (rerank.Signals)."""
        q, moved = (np.asarray(v, dtype=np.float32) for v in vectors)
        chunk_vectors = self._chunk_vectors(ids)
        zero = np.zeros_like(q)
        chunk_q = np.array([float(chunk_vectors.get(i, zero) @ q) for i in ids])
        chunk_moved = np.array([float(chunk_vectors.get(i, zero) @ moved) for i in ids])
        unit_q, unit_moved = chunk_q.copy(), chunk_moved.copy()  # a chunk without unit vectors is its own unit
        for handle in self.handles:
            if handle.sentences is None or is_large(handle.info.unit_count or 0, self.settings):
                continue
            unit_ids, matrix = stored_vectors(handle.sentences, handle.info.unit_count or None)
            rows_of = units_by_chunk(handle.sentences, unit_ids, handle)
            for n, chunk_id in enumerate(ids):
                rows = rows_of.get(chunk_id)  # only this handle's chunks have rows here
                if rows is not None and len(rows):
                    unit_q[n], unit_moved[n] = float((matrix[rows] @ q).max()), float((matrix[rows] @ moved).max())
        keywords, own = ({c.chunk_id: s for c, s in ranking} for ranking in keyword_rankings)
        named = self._named_sources(query)
        return rerank.Signals(
            np.array([fused.get(i, 0.0) for i in ids]), chunk_q, chunk_moved, unit_q, unit_moved,
            np.array([keywords.get(i, 0.0) for i in ids]), np.array([own.get(i, 0.0) for i in ids]),
            np.array([rerank.family_prior(by_id[i].source_id, p_treaty) for i in ids]),
            np.array([float(by_id[i].source_id in named) for i in ids]))

    def _chunk_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """The index's stored vectors of these chunks (read, not embedded again)."""
        found: dict[str, np.ndarray] = {}
        for handle in self.handles:
            found.update(vectors_of(handle.store, [i for i in ids if i in handle._by_id], len(handle.chunks)))
        return found

    def _named_sources(self, query: str) -> set[str]:
        """placement.named_sources over this retriever's documents."""
        return named_sources(query, self._source_ids)

    def _promoted(self, query: str, fused: dict[str, float], vector=None, order: list[str] = ()) -> list[Chunk]:
        """placement.promoted_chunks for the references the question makes; a named article yields to `order`'s
        first candidates as _route_yields decides (never without the question's `vector`)."""
        yields = None if vector is None else (lambda named: self._route_yields(vector, named, order))
        return promoted_chunks(parse_references(query, self.chunks, self.settings.pairs_kept), self._by_article,
                               fused, yields, lambda picks: picks_told_apart(self._asked_terms(query), picks,
                                                                             self._chunk_terms))

    def _asked_terms(self, query: str) -> frozenset[str]:
        """The keyword query's terms: the question's own words, its absent words' corpus neighbours and the other forms
        of its short forms, as keyword search tokenizes them."""
        words = " ".join([query, *self._neighbours.terms(query), *self._abbreviations.terms(query)])
        return frozenset(token_strings(self._tokenize([words]))[0])

    def _chunk_terms(self, chunk: Chunk) -> frozenset[str]:
        """A chunk's keyword terms (its searched text, heading included, as keyword search tokenizes it)."""
        return frozenset(token_strings(self._tokenize([chunk.search_text]))[0])

    def _route_yields(self, vector, named: list[Chunk], order: list[str]) -> bool:
        """placement.route_yields: the named articles' chunks against the first rerank_depth fused candidates."""
        inside = {c.chunk_id for c in named}
        outside = [cid for cid in order if cid not in inside][:self.settings.rerank_depth or len(order)]
        return route_yields(vector, self._chunk_vectors([*inside, *outside]), inside, outside,
                            self.settings.route_yield_margin)

    def _similarities(self, vector, chunks: list[Chunk]) -> dict[str, float]:
        """Cosine similarity (to the question's `vector`) for passages that came from BM25 or a reference but not from
        dense search."""
        if not chunks:
            return {}
        from .embeddings import encode

        question = np.asarray(vector, dtype=np.float32)
        vectors = self._chunk_vectors([c.chunk_id for c in chunks])
        missing = [c for c in chunks if c.chunk_id not in vectors]
        if missing:
            vectors.update(zip((c.chunk_id for c in missing),
                               encode(self.settings.embedding, [c.search_text for c in missing])))
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
