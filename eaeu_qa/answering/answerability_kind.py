"""Question kind: fitted directions in the question-embedding space, from unanswerable towards answerable.

Two are fitted: one on the question's own vector (`question_kind`), one on the vector of the question with its
topic masked (`question_form`): every word the corpus uses whose IDF reaches a fitted level is replaced by
MASK_TOKEN, so "Who appoints the judges of the Court of the EAEU?" is scored as "Who X the X of the Court of the
EAEU?". What the question asks (who / when / what happened / what the law says) and the words the corpus never
uses ("summit", "currently") stay; the subject it asks about goes, so the second direction learns less topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..entities import STOPWORDS

# What the direction is fitted with: 1 = the difference of the two classes' mean question vectors; below 1 the
# within-class covariance (shrunk towards its mean variance by this share) whitens it (regularised LDA).
SHRINKAGES = (1.0, 0.5, 0.2, 0.1)
# The IDF (normalised, evidence.CorpusStats.idf) from which a corpus word counts as topic and is masked; the
# level is chosen by scripts/calibrate.py from these (out-of-fold ROC AUC of the masked score alone).
MASK_IDFS = (0.5, 0.6, 0.7, 0.8, 0.9)
MASK_TOKEN = "X"
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][a-z]+)?")


def topic_masked(text: str, corpus_idf: Callable[[str], float | None], min_idf: float) -> str:
    """The text with each word the corpus uses (`corpus_idf` is not None) at an IDF of at least `min_idf` replaced
    by MASK_TOKEN; function words, one-letter words and words the corpus never uses stay as they are."""
    def mask(match: re.Match) -> str:
        word = match.group()
        if len(word) < 2 or word.lower() in STOPWORDS:
            return word
        idf = corpus_idf(word)
        return MASK_TOKEN if idf is not None and idf >= min_idf else word

    return _WORD.sub(mask, text)


@dataclass(frozen=True)
class KindDirection:
    """score = question vector . direction: high for the kinds of question the documents answer. With `mask_idf`
    the vector scored is that of the question with its topic masked (topic_masked at that level)."""

    direction: np.ndarray
    shrinkage: float
    mask_idf: float | None = None

    def score(self, vector: np.ndarray) -> float:
        return float(np.asarray(vector, dtype=float) @ self.direction)

    def text(self, question: str, corpus_idf: Callable[[str], float | None]) -> str:
        """The text whose vector this direction scores."""
        return question if self.mask_idf is None else topic_masked(question, corpus_idf, self.mask_idf)

    def to_dict(self) -> dict:
        data = {"shrinkage": self.shrinkage, "direction": [round(float(v), 6) for v in self.direction]}
        return data if self.mask_idf is None else {**data, "mask_idf": self.mask_idf}

    @classmethod
    def from_dict(cls, data: dict) -> "KindDirection":
        mask = data.get("mask_idf")
        return cls(np.array(data["direction"], dtype=float), float(data["shrinkage"]),
                   None if mask is None else float(mask))


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
