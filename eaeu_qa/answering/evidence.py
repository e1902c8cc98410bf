"""Evidence features for answerability: corpus IDF, word neighbours, similarity, coverage, mood, numbers."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..embeddings import encode
from ..records import Chunk
from .features import QuestionFeatures, has_number, is_hypothetical
from .units import content_words, stem

WORDS_FILE = "words.json"
WORD_VECTORS_FILE = "words.npy"
EVIDENCE_UNITS = 3  # the mood and answer-type features look at this many best units

# The names of the features, in the order of the model's weights (answerability_model.json).
FEATURES = ("best_similarity", "exact_coverage", "soft_coverage", "unsupported_idf", "hypothetical_mismatch",
            "number_missing", "type_missing", "named_provision", "present_time", "similarity_gap",
            "person_asked")
GAP_POOL = 20  # the gap is the best unit's cosine minus the mean of the corpus's this many closest units


def corpus_words(chunks: list[Chunk]) -> list[str]:
    """Distinct lower-case content words of the corpus (what the word-vector table holds)."""
    return sorted({w.lower() for c in chunks for w in content_words(c.search_text) if not w.isdigit()})


def write_word_vectors(folder: Path, model_name: str, chunks: list[Chunk]) -> int:
    """Index time: embed every corpus word once, for matching question words through neighbours."""
    vocabulary = corpus_words(chunks)
    matrix = encode(model_name, vocabulary) if vocabulary else np.zeros((0, 384), dtype=np.float32)
    np.save(folder / WORD_VECTORS_FILE, matrix.astype(np.float32))
    (folder / WORDS_FILE).write_text(json.dumps(vocabulary), encoding="utf-8")
    return len(vocabulary)


def _stem_document_frequencies(chunks: list[Chunk]) -> dict[str, int]:
    """Chunks per content stem; computed once per corpus and code and kept on disk (eaeu_qa.derived_cache)."""
    from .. import entities, textrepair
    from ..derived_cache import cached
    from . import units

    def count() -> dict[str, int]:
        df: dict[str, int] = {}
        for chunk in chunks:
            for s in {stem(w) for w in content_words(chunk.search_text)}:
                df[s] = df.get(s, 0) + 1
        return df

    return cached("stem-df", chunks, [__file__, units.__file__, entities.__file__, textrepair.__file__], count)


class CorpusStats:
    """Document frequencies of stems (over chunks) and the index's word vectors."""

    def __init__(self, chunks: list[Chunk], index_dir: Path | None = None):
        df = _stem_document_frequencies(chunks)
        self.n = len(chunks)
        self.df = df
        self.max_idf = math.log((self.n + 1) / 1) + 1
        self.word_index: dict[str, int] = {}
        self.extra_words: dict[str, np.ndarray | None] = {}  # words outside the table, encoded per question
        self.word_vectors = np.zeros((0, 384), dtype=np.float32)
        if index_dir is not None:
            try:
                words = json.loads((index_dir / WORDS_FILE).read_text(encoding="utf-8"))
                self.word_vectors = np.load(index_dir / WORD_VECTORS_FILE)
                self.word_index = {w: i for i, w in enumerate(words)}
            except (OSError, ValueError):
                pass

    def unknown_words(self, words) -> None:
        """Mark words the table lacks, so the answerer's one encode call embeds them with the question."""
        for word in words:
            word = word.lower()
            if word not in self.word_index and word not in self.extra_words:
                self.extra_words[word] = None

    def word_vector(self, word: str, model_name: str) -> np.ndarray:
        if word in self.word_index:
            return self.word_vectors[self.word_index[word]]
        if self.extra_words.get(word) is None:
            self.extra_words[word] = encode(model_name, [word])[0]
        return self.extra_words[word]

    def idf(self, word: str) -> float:
        """Normalised IDF in (0, 1]: 1 for a word the corpus never uses."""
        return (math.log((self.n + 1) / (self.df.get(stem(word), 0) + 1)) + 1) / self.max_idf


@dataclass(frozen=True)
class Evidence:
    """The feature values of one question against its retrieved evidence."""

    values: dict[str, float]

    def vector(self) -> np.ndarray:
        return np.array([self.values[name] for name in FEATURES], dtype=float)


def term_support(question: QuestionFeatures, evidence_text: str, stats: CorpusStats, model_name: str
                 ) -> dict[str, float]:
    """Per informative question word: 1 if its stem is in the evidence, else its best neighbour cosine."""
    evidence_stems = {stem(w) for w in content_words(evidence_text)}
    support = {}
    unmatched = []
    for term in dict.fromkeys(question.terms):
        if stem(term) in evidence_stems:
            support[term] = 1.0
        else:
            unmatched.append(term)
    if not unmatched:
        return support
    rows = [stats.word_index[w] for w in {w.lower() for w in content_words(evidence_text)} if w in stats.word_index]
    if not rows:
        return {**support, **{t: 0.0 for t in unmatched}}
    vectors = {t: stats.word_vector(t.lower(), model_name) for t in unmatched}
    evidence_matrix = stats.word_vectors[rows]
    for term in unmatched:
        cosines = evidence_matrix @ vectors[term]
        # Relative to how close the term is to an ordinary evidence word: any two words share some cosine.
        typical = float(np.median(cosines))
        support[term] = max(0.0, (float(np.max(cosines)) - typical) / max(1e-6, 1.0 - typical))
    return support


def similarity_gap(corpus_similarities: np.ndarray) -> float:
    """How far the closest unit stands out from the corpus's next closest ones (a query-clarity signal)."""
    if len(corpus_similarities) < 2:
        return 0.0
    top = np.sort(corpus_similarities)[::-1][:GAP_POOL]
    return float(top[0] - top[1:].mean())


def evidence_features(question: QuestionFeatures, best_similarity: float, best_units: list[str],
                      evidence_text: str, named_provision: bool, stats: CorpusStats, model_name: str,
                      gap: float = 0.0) -> Evidence:
    """Feature values from the question, the best unit texts and the retrieved passages' text."""
    support = term_support(question, evidence_text, stats, model_name)
    weights = {t: stats.idf(t) for t in support}
    total = sum(weights.values()) or 1.0
    exact = sum(w for t, w in weights.items() if support[t] >= 1.0) / total if support else 1.0
    soft = sum(w * support[t] for t, w in weights.items()) / total if support else 1.0
    unsupported = max((w * (1.0 - support[t]) for t, w in weights.items()), default=0.0)
    top = best_units[:EVIDENCE_UNITS]
    hypothetical = sum(is_hypothetical(u) for u in top) / len(top) if top else 0.0
    mismatch = 0.0 if question.hypothetical else hypothetical
    text = " ".join(evidence_text.split())
    number_missing = float(any(not re.search(rf"(?<![\d.,]){re.escape(n)}(?!\d)", text) for n in question.numbers))
    type_missing = float(question.wants_number and not any(has_number(u) for u in top))
    return Evidence({
        "best_similarity": best_similarity, "exact_coverage": exact, "soft_coverage": soft,
        "unsupported_idf": unsupported, "hypothetical_mismatch": mismatch, "number_missing": number_missing,
        "type_missing": type_missing, "named_provision": float(named_provision),
        "present_time": float(question.present_time), "similarity_gap": gap,
        "person_asked": float(question.wants_person),
    })
