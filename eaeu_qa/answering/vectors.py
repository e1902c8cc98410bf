"""Unit vectors: read once from the index's sentence collection; units of uploads are encoded on demand."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from ..embeddings import encode, encode_query
from ..lru import LRUCache
from ..settings import Settings
from .units import Unit, embedding_text

if TYPE_CHECKING:
    from ..records import EmbeddingModel, RetrievedPassage


class Candidates(NamedTuple):
    """Candidate units, each with the passage it came from, and their vectors as the rows of one matrix."""

    pairs: list[tuple[Unit, RetrievedPassage]]
    matrix: np.ndarray


class UnitVectors:
    """Unit key -> unit-normalised vector, filled from the index (computed at index time, not here); the vectors of
    units no index stores (uploads') are encoded on demand and kept in a bounded LRU (`size`:
    Settings.unit_cache_size)."""

    def __init__(self, model: EmbeddingModel, size: int = Settings.unit_cache_size):
        self.model = model  # the answerer's Settings.embedding
        self._vectors: dict[str, np.ndarray] = {}  # the indexes' stored vectors, read whole once per store
        self.encoded: LRUCache[str, np.ndarray] = LRUCache(size)  # encoded here, shared by the sessions' threads
        self._loaded: set[int] = set()

    def load(self, sentence_store) -> None:
        """Read every stored unit vector of one index (a langchain_chroma.Chroma); once per store."""
        if sentence_store is None or id(sentence_store) in self._loaded:
            return
        self._loaded.add(id(sentence_store))
        exported = getattr(sentence_store, "exported_vectors", None)  # the build's copy (index_store.LazyStore)
        if exported is not None:
            self._vectors.update(zip(*exported))
            return
        data = sentence_store._collection.get(include=["embeddings"])
        matrix = np.asarray(data["embeddings"], dtype=np.float32)
        self._vectors.update(zip(data["ids"], matrix))

    def __len__(self) -> int:
        return len(self._vectors) + len(self.encoded)

    def __contains__(self, unit: Unit) -> bool:
        """The unit's vector is at hand (stored by the index, or encoded before): no encode call for it."""
        return unit.key in self._vectors or unit.key in self.encoded

    def question(self, question: str, words: dict[str, np.ndarray] | None = None) -> np.ndarray:
        """The question's vector from the query encoder (the retriever embedded it already: cached). The keys of
        `words` (the request's own mapping: CorpusStats.unknown_words) whose value is None (question words the
        index's word table lacks) are embedded one by one
        (evidence.encode_word: a word's vector must not depend on what else was in its batch); their vectors are
        filled in."""
        from .evidence import encode_word

        question_vector = encode_query(self.model, [question])[0]
        for word in [w for w, v in (words or {}).items() if v is None]:
            words[word] = encode_word(self.model, word)
        return question_vector

    def _at_hand(self, key: str) -> np.ndarray | None:
        vector = self._vectors.get(key)
        return vector if vector is not None else self.encoded.get(key)

    def units(self, units: list[Unit]) -> np.ndarray:
        """A (len(units), dim) matrix of the units' vectors; units not stored or kept (uploads) go through one corpus
        encode call (embedding cache)."""
        found = {u.key: v for u in units if (v := self._at_hand(u.key)) is not None}
        missing = list({u.key: u for u in units if u.key not in found}.values())
        if missing:
            vectors = encode(self.model, [embedding_text(u) for u in missing])
            for unit, vector in zip(missing, vectors):
                found[unit.key] = vector
                self.encoded.put(unit.key, vector)
        if not units:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[u.key] for u in units])
