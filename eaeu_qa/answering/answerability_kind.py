"""Question kind: one fitted direction in the question-embedding space, from answerable towards not."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# What the direction is fitted with: 1 = the difference of the two classes' mean question vectors; below 1 the
# within-class covariance (shrunk towards its mean variance by this share) whitens it (regularised LDA).
SHRINKAGES = (1.0, 0.5, 0.2, 0.1)


@dataclass(frozen=True)
class KindDirection:
    """score = question vector . direction: high for the kinds of question the documents answer."""

    direction: np.ndarray
    shrinkage: float

    def score(self, vector: np.ndarray) -> float:
        return float(np.asarray(vector, dtype=float) @ self.direction)

    def to_dict(self) -> dict:
        return {"shrinkage": self.shrinkage, "direction": [round(float(v), 6) for v in self.direction]}

    @classmethod
    def from_dict(cls, data: dict) -> "KindDirection":
        return cls(np.array(data["direction"], dtype=float), float(data["shrinkage"]))


def fit_direction(vectors: np.ndarray, labels: np.ndarray, shrinkage: float) -> np.ndarray:
    """The direction separating answerable (label 1) from unanswerable question vectors (regularised LDA)."""
    positive, negative = vectors[labels == 1], vectors[labels == 0]
    gap = positive.mean(axis=0) - negative.mean(axis=0)
    if shrinkage >= 1.0:
        return gap
    centred = np.vstack([positive - positive.mean(axis=0), negative - negative.mean(axis=0)])
    covariance = centred.T @ centred / max(len(centred) - 2, 1)
    average = np.trace(covariance) / len(covariance)
    shrunk = (1 - shrinkage) * covariance + shrinkage * average * np.eye(len(covariance))
    return np.linalg.solve(shrunk, gap) * average  # rescaled: comparable in size to the plain gap


def out_of_fold_scores(vectors: np.ndarray, labels: np.ndarray, shrinkage: float, folds: int, seed: int
                       ) -> np.ndarray:
    """Each item's kind score from a direction fitted without it (k-fold): what a model fitted on top sees."""
    order = np.random.default_rng(seed).permutation(len(labels))
    scores = np.zeros(len(labels))
    for fold in np.array_split(order, folds):
        train = np.setdiff1d(order, fold)
        scores[fold] = vectors[fold] @ fit_direction(vectors[train], labels[train], shrinkage)
    return scores
