"""The answerers the chain can use, by the name settings.answerer (EAEU_QA_ANSWERER) gives."""

from __future__ import annotations

from typing import Callable

from ..records import Chunk
from ..settings import Settings
from .base import Answerer
from .extractive import ExtractiveAnswerer


def _llm_answerer(settings: Settings, corpus_chunks: list[Chunk]) -> Answerer:
    """The generative answerer (eaeu_qa/llm/), imported only when chosen."""
    from ..llm.answerer import LLMAnswerer

    return LLMAnswerer(settings, corpus_chunks)


ANSWERERS: dict[str, Callable[[Settings, list[Chunk]], Answerer]] = {"extractive": ExtractiveAnswerer,
                                                                     "llm": _llm_answerer}


def known_answerer(name: str) -> str:
    """`name` when it names an answerer; else a ValueError that lists the answerers (`eaeu-qa --answerer`, settings)."""
    if name not in ANSWERERS:
        raise ValueError(f"Unknown answerer {name!r}; available: {', '.join(ANSWERERS)}")
    return name


def build_answerer(settings: Settings, corpus_chunks: list[Chunk]) -> Answerer:
    """The answerer settings.answerer names."""
    return ANSWERERS[known_answerer(settings.answerer)](settings, corpus_chunks)
