"""Source preference: which document family (analysis or treaties) a question's vector points to, as a fusion prior."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .answering.wording import ANALYSIS_SOURCE, TREATY_SOURCES
from .fitted_model import embedding_fields, fits

# Written by scripts/retrieval_fit.py --write (fitted on tuning data only); absent = no prior.
MODEL_FILE = Path(__file__).with_name("source_prior.json")


@dataclass(frozen=True)
class SourcePrior:
    """p(the gold passage is in a treaty | question vector) = sigmoid(slope * (vector . direction) + intercept).

    The direction is a regularised LDA direction (answering.answerability_kind.fit_direction) between questions
    whose gold passages are in the treaties and those whose are in the analysis; slope and intercept calibrate its
    score on out-of-fold scores (scripts/retrieval_fit.py)."""

    direction: np.ndarray
    slope: float
    intercept: float
    shrinkage: float = 0.5
    embedding_model: str = ""  # the model whose question vectors it was fitted on ('' = fitted before it was kept)

    def treaty_probability(self, vector) -> float:
        score = float(np.asarray(vector, dtype=float) @ self.direction)
        return float(1.0 / (1.0 + np.exp(-(self.slope * score + self.intercept))))

    def fits(self, model_name: str, dimension: int) -> bool:
        """The prior can score a `model_name` question vector of `dimension`; if not, a warning is logged and the
        retrieval goes without it (fitted_model.fits)."""
        return fits("eaeu_qa/source_prior.json", self.embedding_model, len(self.direction), model_name, dimension)

    def to_dict(self) -> dict:
        data = {"shrinkage": self.shrinkage, "slope": round(self.slope, 6), "intercept": round(self.intercept, 6),
                "direction": [round(float(v), 6) for v in self.direction]}
        return {**embedding_fields(self.embedding_model, len(self.direction)), **data} if self.embedding_model \
            else data

    @classmethod
    def from_dict(cls, data: dict) -> "SourcePrior":
        direction = np.array(data["direction"], dtype=float)
        if data.get("dimension") not in (None, len(direction)):
            raise ValueError("the direction's length is not the recorded dimension")
        return cls(direction, float(data["slope"]), float(data["intercept"]), float(data.get("shrinkage", 0.5)),
                   str(data.get("embedding_model") or ""))


@lru_cache(maxsize=4)
def load(path: Path = MODEL_FILE) -> SourcePrior | None:
    """The stored prior, or None when there is none (or it cannot be read: retrieval then goes without)."""
    try:
        return SourcePrior.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def family(source_id: str) -> bool | None:
    """True for a treaty, False for the analysis, None for anything else (a user's upload takes no part)."""
    return True if source_id in TREATY_SOURCES else False if source_id == ANALYSIS_SOURCE else None


def add_family_rankings(fused: dict[str, float], source_of: dict[str, str], p_treaty: float, weight: float,
                        rrf_k: int) -> None:
    """Fuse in one ranking per family: its candidates in fused order, weighted by weight x p(family).

    Like the routing to documents a question names (placement.route_to_mentioned_sources), but soft and learnt:
    the family the question's vector points to lifts its own best candidates over the other family's. A user's
    upload belongs to neither family and is ranked as the favoured one, so the prior never pushes it down."""
    if weight <= 0:
        return
    order = sorted(fused, key=fused.get, reverse=True)
    for kind, share in ((True, p_treaty), (False, 1.0 - p_treaty), (None, max(p_treaty, 1.0 - p_treaty))):
        routed = [cid for cid in order if family(source_of[cid]) is kind]
        for rank, chunk_id in enumerate(routed, start=1):
            fused[chunk_id] += weight * share / (rrf_k + rank)
