"""Learnt question-sentence relevance: does this sentence answer this question? (a logistic model on MiniLM pairs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..fitted_model import embedding_fields, load_fitted

# Written by scripts/relevance_fit.py (and scripts/calibrate.py --write), read by the extractive answerer.
RELEVANCE_FILE = Path(__file__).with_name("relevance_model.json")


def pair_features(question: np.ndarray, units: np.ndarray) -> np.ndarray:
    """(n, 2 dim) interaction features of one question vector with n unit vectors (both unit-normalised): the
    elementwise product (whose sum is the cosine) and the elementwise absolute difference."""
    q = np.asarray(question, dtype=np.float32)[None, :]
    s = np.asarray(units, dtype=np.float32).reshape(-1, q.shape[1])
    return np.hstack([q * s, np.abs(q - s)])


@dataclass(frozen=True)
class RelevanceModel:
    """logit(question, unit) = w . pair_features + b, for vectors of the embedding model `model_name` (`dim`)."""

    weights: np.ndarray
    bias: float
    model_name: str
    dim: int
    standardised: np.ndarray | None = None  # the fit's own (standardised) weights and bias; not stored

    def logits(self, question: np.ndarray, units: np.ndarray) -> np.ndarray:
        if not len(units):
            return np.zeros(0)
        return pair_features(question, units).astype(float) @ self.weights + self.bias

    def best(self, question: np.ndarray, units: np.ndarray) -> float:
        """The highest logit over the units (the evidence's best answering sentence); 0 without units."""
        logits = self.logits(question, units)
        return float(logits.max()) if len(logits) else 0.0

    @property
    def dimension(self) -> int:
        """The embedding model's dimension it was fitted for (the name fitted_model.load_fitted reads)."""
        return self.dim

    def to_dict(self) -> dict:
        return {**embedding_fields(self.model_name, self.dim), "bias": self.bias,
                "weights": [round(float(v), 6) for v in self.weights]}

    @classmethod
    def from_dict(cls, data: dict) -> "RelevanceModel":
        model = cls(np.array(data["weights"], dtype=float), float(data["bias"]), str(data["embedding_model"]),
                    int(data["dimension"]))
        if len(model.weights) != 2 * model.dim:
            raise ValueError(f"{len(model.weights)} weights for {model.dim}-dimensional vectors")
        return model


def load_relevance(model_name: str, dim: int | None = None, path: Path = RELEVANCE_FILE) -> RelevanceModel | None:
    """The stored model when it was fitted for this embedding model (name and, when given, dimension); else None
    (logged unless the file is absent): the answerer then holds the feature at its neutral value."""
    return load_fitted(path, RelevanceModel.from_dict, "The relevance model", "its feature is held neutral; run "
                       "scripts/relevance_fit.py.", model_name, dim)
