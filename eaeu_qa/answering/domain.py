"""The off-topic gate's second signal: how near a question comes to the questions the documents answer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..fitted_model import embedding_fields, fits, load_fitted

# Written by scripts/offtopic_fit.py --write: the centroids of the answerable tuning questions' vectors.
DOMAIN_FILE = Path(__file__).with_name("domain_model.json")


@dataclass(frozen=True)
class DomainModel:
    """k centroids (unit rows) of the vectors of the tuning questions the documents answer (k-means over the condensed
    questions as retrieval embeds them). A question's domain similarity is its best cosine to one of them: a question
    about the case, the treaties or a migrant's situation under them comes near one; "Who won the world cup?" does not,
    whichever treaty word it shares ("world", "capital", "train")."""

    centroids: np.ndarray
    model_name: str

    @property
    def dimension(self) -> int:
        return int(self.centroids.shape[1])

    def similarity(self, vector: np.ndarray) -> float | None:
        """The best cosine between `vector` and a centroid; None (with one warning) for a vector of another size."""
        if not fits(f"The domain model {DOMAIN_FILE.name}", self.model_name, self.dimension, self.model_name,
                    len(vector)):
            return None
        return float(np.max(self.centroids @ (vector / max(float(np.linalg.norm(vector)), 1e-9))))

    def to_dict(self) -> dict:
        return {"centroids": [[round(float(x), 5) for x in row] for row in self.centroids],
                **embedding_fields(self.model_name, self.dimension)}

    @classmethod
    def from_dict(cls, data: dict) -> "DomainModel":
        centroids = np.asarray(data["centroids"], dtype=np.float32)
        if centroids.ndim != 2 or not len(centroids):
            raise ValueError("no centroids")
        centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-9)
        return cls(centroids, str(data.get("embedding_model") or ""))


def conversation_similarity(vector: np.ndarray, previous: tuple[str, str], embedding) -> float | None:
    """How near a turn comes to the conversation it is asked in: the best cosine between its (unit) `vector` and the
    previous turn's standalone question and each sentence of its answer (`previous`, AnswerRequest.previous; citation
    markers left out; its sentences as textrepair.split_sentences cuts them, not after "Art."), embedded as questions
    are (`embedding`: Settings.embedding). None without a previous turn. "what kind of solutions? give examples" after
    an answer naming solutions comes near it; "ok. how do i convert a pdf to word for free" after an answer about
    Article 97 does not."""
    from ..embeddings import encode_query
    from ..textrepair import split_sentences

    answer = re.sub(r"\s*\[\d+\]", "", previous[1])
    texts = [t for t in (previous[0], *(answer[start:end] for start, end in split_sentences(answer)))
             if re.search(r"[^\W\d_]", t)]
    if not texts:
        return None
    return float(np.max(encode_query(embedding, texts) @ (vector / max(float(np.linalg.norm(vector)), 1e-9))))


def corpus_share(terms: tuple[str, ...], stats, acronyms: tuple[str, ...] = ()) -> float | None:
    """The off-topic gate's lexical signal: the IDF-weighted share of a text's informative words (QuestionFeatures.terms
    and its `acronyms`, QuestionFeatures.acronyms, one weight per stem) that the corpus writes (`stats`:
    evidence.CorpusStats; weights CorpusStats.idf, 1 for a word the corpus never uses); None without such words. An
    acronym the corpus writes is one such word, weighted like the others: it does not decide the share alone. "What is
    CHI?" and "What does CHI stand for?" 1.0 (the article writes "CHI" throughout; "stand" is the question's form,
    answertype.type_words); "What is the CHI of a cat?" 0.43; "How do I bake bread in the EAEU?" 0.07; "What is the
    capital of France?" 0.41; "Tell me a joke about lawyers" 0."""
    from .units import stem

    weights = {stem(t): stats.idf(t) for t in (*terms, *acronyms)}
    total = sum(weights.values())
    return sum(w for s, w in weights.items() if s in stats.df) / total if total else None


def load_domain(model_name: str, path: Path = DOMAIN_FILE) -> DomainModel | None:
    """The fitted domain model for this embedding model, or None (the gate then reads the passage similarity alone)."""
    return load_fitted(path, DomainModel.from_dict, "The off-topic domain model",
                       "the off-topic gate reads the passage similarity alone.", model_name, None)


def kmeans(vectors: np.ndarray, k: int, seed: int = 0, rounds: int = 30) -> np.ndarray:
    """Spherical k-means: k unit centroids of unit `vectors` (cosine assignment), seeded by `seed`; a fitting helper
    (scripts/offtopic_fit.py), deterministic for a given input."""
    # Hand-rolled (a dozen lines of numpy): scikit-learn's KMeans minimises Euclidean distance and keeps centroids off
    # the unit sphere (the gate reads cosines to unit centroids), and scikit-learn is only installed as a dependency of
    # sentence-transformers, not one of ours.
    rng = np.random.default_rng(seed)
    centroids = vectors[rng.choice(len(vectors), min(k, len(vectors)), replace=False)].copy()
    for _ in range(rounds):
        nearest = np.argmax(vectors @ centroids.T, axis=1)
        for j in range(len(centroids)):
            members = vectors[nearest == j]
            if len(members):
                mean = members.mean(axis=0)
                centroids[j] = mean / max(float(np.linalg.norm(mean)), 1e-9)
    return centroids
