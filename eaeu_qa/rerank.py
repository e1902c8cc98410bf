"""Learnt second-stage reranking: the fused top candidates rescored by a logistic model on their retrieval signals."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .fitted_model import embedding_fields, load_fitted
from .source_prior import family


# Written by scripts/rerank_fit.py --write (fitted on tuning data only); absent = no reranking.
MODEL_FILE = Path(__file__).with_name("rerank_model.json")

# One row per candidate. Cosines with the question's own vector (q) and the adapter's (q'), of the chunk and of its best
# unit, each also as its gap to the best candidate's (a question's cosines sit high or low as a whole); BM25 scores as
# shares of the ranking's best; the fused place and score; the source prior's probability of the candidate's family;
# whether the question names the candidate's document.
FEATURES = ("log_place", "fused_share", "chunk_q", "chunk_moved", "unit_q", "unit_moved", "chunk_q_gap",
            "chunk_moved_gap", "unit_q_gap", "unit_moved_gap", "keywords", "own_keywords", "family_prior", "named_source")


@dataclass(frozen=True)
class Signals:
    """What fusion knows about its candidates (in fused order), per candidate unless said otherwise."""

    fused: np.ndarray
    chunk_q: np.ndarray
    chunk_moved: np.ndarray
    unit_q: np.ndarray
    unit_moved: np.ndarray
    keywords: np.ndarray  # BM25 score of the expanded keyword query (0 when not ranked)
    own_keywords: np.ndarray  # BM25 score of the question's own words
    family_prior: np.ndarray  # p(the candidate's family | question) from the source prior (0.5 without one)
    named_source: np.ndarray  # 1 when the question names the candidate's document


def features(signals: Signals) -> np.ndarray:
    """(n, len(FEATURES)) features of n candidates in fused order."""
    n = len(signals.fused)
    if not n:
        return np.zeros((0, len(FEATURES)))
    def share(values):
        top = float(np.max(values))
        return values / top if top > 0 else np.zeros(n)
    cosines = [signals.chunk_q, signals.chunk_moved, signals.unit_q, signals.unit_moved]
    columns = [np.log(np.arange(1, n + 1)), share(signals.fused), *cosines, *(c - c.max() for c in cosines),
               share(signals.keywords), share(signals.own_keywords), signals.family_prior, signals.named_source]
    return np.column_stack([np.asarray(c, dtype=float) for c in columns])


@dataclass(frozen=True)
class Reranker:
    """score(candidate) = weights . standardised features + bias; the candidates are reordered by it."""

    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    model_name: str
    dimension: int
    l2: float = 1.0

    def scores(self, rows: np.ndarray) -> np.ndarray:
        return ((np.asarray(rows, dtype=float) - self.mean) / self.scale) @ self.weights + self.bias

    def order(self, rows: np.ndarray) -> list[int]:
        """Candidate positions by descending score (ties keep the fused order)."""
        scores = self.scores(rows)
        return sorted(range(len(scores)), key=lambda i: (-scores[i], i))

    def to_dict(self) -> dict:
        def numbers(values):
            return [round(float(v), 6) for v in values]
        return {**embedding_fields(self.model_name, self.dimension), "features": list(FEATURES), "l2": self.l2,
                "bias": round(self.bias, 6), "weights": numbers(self.weights), "mean": numbers(self.mean),
                "scale": numbers(self.scale)}

    @classmethod
    def from_dict(cls, data: dict) -> "Reranker":
        if list(data["features"]) != list(FEATURES):
            raise ValueError("fitted on other features")
        return cls(np.array(data["weights"], dtype=float), float(data["bias"]),
                   np.array(data["mean"], dtype=float), np.array(data["scale"], dtype=float),
                   str(data["embedding_model"]), int(data["dimension"]), float(data.get("l2", 1.0)))


def fit(rows: np.ndarray, labels: np.ndarray, l2: float, model_name: str, dimension: int, steps: int = 50) -> Reranker:
    """A logistic reranker on candidate rows labelled 1 (holds a gold passage) or 0: standardised features, an L2
    penalty `l2` on the weights (not the bias), fitted by Newton's method."""
    x, y = np.asarray(rows, dtype=float), np.asarray(labels, dtype=float)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.column_stack([(x - mean) / scale, np.ones(len(x))])
    penalty = np.diag([l2] * x.shape[1] + [0.0]) + 1e-9 * np.eye(z.shape[1])
    w = np.zeros(z.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        step = np.linalg.solve((z * (p * (1 - p))[:, None]).T @ z + penalty, z.T @ (p - y) + penalty @ w)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return Reranker(w[:-1], float(w[-1]), mean, scale, model_name, dimension, l2)


def family_prior(source_id: str, p_treaty: float | None) -> float:
    """The source prior's probability of this candidate's family (0.5: no prior, or a user's upload)."""
    kind = family(source_id)
    if p_treaty is None or kind is None:
        return 0.5
    return p_treaty if kind else 1.0 - p_treaty


@lru_cache(maxsize=4)
def load(model_name: str, dimension: int, path: Path = MODEL_FILE) -> Reranker | None:
    """The stored reranker when it was fitted for this embedding model and dimension; otherwise None (the fused order
    stands), with a warning when a file is there but unusable (fitted_model.fits)."""
    return load_fitted(path, Reranker.from_dict, "the reranker", "keeping the fused order", model_name, dimension)
