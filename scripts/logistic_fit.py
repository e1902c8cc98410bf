"""The fit scripts' logistic steps: standardise the features, fit, fold the scaling back into raw-feature weights."""

from __future__ import annotations

import numpy as np

from eaeu_qa.answering.answerability import fit_logistic


def standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each column's mean and standard deviation (1 for a constant column), in x's dtype."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return mean, scale


def fold_back(mean: np.ndarray, scale: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """Weights and bias on standardised features as weights and bias on the raw ones: w . (x - mean) / scale + b
    = (w / scale) . x + (b - (mean / scale) . w)."""
    return w / scale, float(b - (mean / scale) @ w)


def fit_folded(x: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """answerability.fit_logistic (standardised, L2 penalty `l2`) as raw-feature weights and bias."""
    return fold_back(*fit_logistic(x, y, l2=l2))
