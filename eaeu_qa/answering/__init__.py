"""Answering: the Answerer contract, the registry of answerers and the extractive answerer."""

from __future__ import annotations

from .base import AnswerRequest, Answerer, ComposedAnswer

# Heavier parts load on first use, so that index.py can import answering.units without a cycle.
_LAZY = {"ANSWERERS": "registry", "build_answerer": "registry", "ExtractiveAnswerer": "extractive",
         "plain_text": "render"}

__all__ = ["AnswerRequest", "Answerer", "ComposedAnswer", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)
