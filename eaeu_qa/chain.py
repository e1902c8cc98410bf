"""The question-answering chain: condense -> retrieve -> answer, as LangChain runnables."""

from __future__ import annotations

import time
from functools import lru_cache

from .index import open_index
from .records import Answer
from .retrieval import HybridRetriever
from .settings import Settings, get_settings


class InvalidQuestion(ValueError):
    """The question cannot be asked as given (empty, too long); the message is for the user."""


def validate_question(question: str, settings: Settings) -> str:
    cleaned = (question or "").strip()
    if not cleaned:
        raise InvalidQuestion("Please type a question.")
    if len(cleaned) > settings.max_question_chars:
        raise InvalidQuestion(f"The question is {len(cleaned):,} characters long; please keep it under "
                              f"{settings.max_question_chars:,}.")
    return cleaned


class QAChain:
    """PLACEHOLDER until the answers issue lands: returns the top passages without composing an answer."""

    def __init__(self, settings: Settings, retriever: HybridRetriever):
        self.settings = settings
        self.retriever = retriever

    def ask(self, question: str, history: list[str] | None = None, k: int | None = None) -> Answer:
        started = time.perf_counter()
        question = validate_question(question, self.settings)
        standalone = " ".join([*(history or [])[-1:], question])
        passages = self.retriever.search(standalone, k=max(k or self.settings.retrieve_k, 8))
        elapsed = (time.perf_counter() - started) * 1000
        return Answer(question=question, standalone_question=standalone, answer="", answerable=bool(passages),
                      retrieved=passages, timings_ms={"condense": 0.0, "retrieve": elapsed, "answer": 0.0,
                                                      "total": elapsed})


@lru_cache(maxsize=4)
def get_chain(settings: Settings | None = None) -> QAChain:
    """The process-wide chain over the main index (cached handle; rebuilt index means a new process)."""
    settings = settings or get_settings()
    handle = open_index(settings)
    return QAChain(settings, HybridRetriever(handles=[handle], settings=settings))
