"""Learnt query-side adapter: a fitted linear map that moves the question's vector before dense search."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .fitted_model import embedding_fields, load_fitted


# Written by scripts/adapter_fit.py --write (fitted on tuning data only); absent = no adapter.
MODEL_FILE = Path(__file__).with_name("query_adapter.json")


@dataclass(frozen=True)
class QueryAdapter:
    """q' = normalize(q + (q @ left) @ right.T): the identity plus a low-rank correction, fitted so that a tuning
    question's vector moves towards its gold passages' vectors and away from the corpus's other passages (contrastive
    softmax over the index's chunk and unit vectors, the correction's squared norm penalised by `strength`). The index
    is unchanged; only the question's vector moves, in one (d x r, r x d) product."""

    left: np.ndarray  # d x r
    right: np.ndarray  # d x r
    model_name: str
    strength: float = 0.0

    @property
    def dimension(self) -> int:
        return int(self.left.shape[0])

    def apply(self, vector) -> np.ndarray:
        query = np.asarray(vector, dtype=np.float32)
        moved = query + (query @ self.left) @ self.right.T
        norm = float(np.linalg.norm(moved))
        return moved / norm if norm else moved

    def to_dict(self) -> dict:
        return {**embedding_fields(self.model_name, self.dimension), "rank": int(self.left.shape[1]),
                "strength": self.strength, "left": _pack(self.left), "right": _pack(self.right)}

    @classmethod
    def from_dict(cls, data: dict) -> "QueryAdapter":
        shape = (int(data["dimension"]), int(data["rank"]))
        return cls(_unpack(data["left"], shape), _unpack(data["right"], shape), str(data["embedding_model"]),
                   float(data.get("strength", 0.0)))


def _pack(matrix: np.ndarray) -> str:
    """A float32 matrix as base64 text (JSON keeps it readable beside source_prior.json, at a quarter the size)."""
    return base64.b64encode(np.ascontiguousarray(matrix, dtype="<f4").tobytes()).decode("ascii")


def _unpack(text: str, shape: tuple[int, int]) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f4").reshape(shape).astype(np.float32)


@lru_cache(maxsize=4)
def load(model_name: str, dimension: int, path: Path = MODEL_FILE) -> QueryAdapter | None:
    """The stored adapter when it was fitted for this embedding model and dimension; otherwise None (retrieval then
    searches with the question's own vector), with a warning when a file is there but unusable (fitted_model.fits)."""
    return load_fitted(path, QueryAdapter.from_dict, "the query adapter", "searching without it", model_name, dimension)
