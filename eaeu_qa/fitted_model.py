"""The embedding model a fitted direction belongs to: recorded when it is fitted, checked before it scores a vector."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Callable, TypeVar

log = logging.getLogger(__name__)
_warned: set[tuple[str, str]] = set()
Fitted = TypeVar("Fitted")


def embedding_fields(model_name: str, dimension: int) -> dict:
    """What a fitted file records about the question vectors it was fitted on."""
    return {"embedding_model": model_name, "dimension": int(dimension)}


def mismatch(recorded_model: str, recorded_dimension: int, model_name: str, dimension: int) -> str:
    """Why a direction fitted on `recorded_model` vectors of `recorded_dimension` cannot score a `model_name` vector
    of `dimension`, or ''. A file fitted before the model was recorded ('') is checked by its dimension alone."""
    if recorded_model and recorded_model != model_name:
        return f"fitted for the embedding model {recorded_model!r}, not {model_name!r}"
    if recorded_dimension and recorded_dimension != dimension:
        return f"fitted on {recorded_dimension}-dimensional vectors, not {dimension}-dimensional ones"
    return ""


def fits(what: str, recorded_model: str, recorded_dimension: int, model_name: str, dimension: int) -> bool:
    """True when the direction can score the vector; otherwise a warning is logged (once per file and reason) and
    the caller falls back to neutral, as if the file were absent."""
    problem = mismatch(recorded_model, recorded_dimension, model_name, dimension)
    if problem and (what, problem) not in _warned:
        _warned.add((what, problem))
        log.warning("%s was %s; it is left out (neutral) until it is fitted again for this model.", what, problem)
    return not problem


def load_fitted(path: Path, from_dict: Callable[[dict], Fitted], what: str, without: str, model_name: str,
                dimension: int | None) -> Fitted | None:
    """The fitted file at `path` read by `from_dict` when it was fitted for this embedding model and dimension, else
    None: absent silently, unreadable or fitted for other vectors with a warning (`what` names it, `without` says
    what the caller does instead). `dimension` None checks the model's name alone (the caller checks the dimension
    once it knows it)."""
    if not path.exists():
        return None
    try:
        fitted = from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("%s %s unreadable (%s); %s", what, path, error, without)
        return None
    usable = fits(f"{what} {path}", fitted.model_name, fitted.dimension, model_name,
                  fitted.dimension if dimension is None else dimension)
    return fitted if usable else None
