"""The answerer contract: AnswerRequest in, ComposedAnswer (sentences, citations, verdict) out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from ..records import Citation, RetrievedPassage


@dataclass(frozen=True)
class AnswerRequest:
    """What an answerer gets: the user's turn, its standalone form and the ranked passages."""

    question: str
    standalone: str
    passages: list[RetrievedPassage]
    is_follow_up: bool = False
    # the turn has earlier turns: the conversation says what it is about (the off-topic gate's domain signal is not read)
    in_conversation: bool = False


@dataclass
class ComposedAnswer:
    """An answerer's output: sentences with [n] markers, the citations they point to, and the verdict."""

    sentences: list[str]
    citations: list[Citation]
    answerable: bool
    note: str = ""
    signals: dict[str, float | str | bool] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


class Answerer(ABC):
    """Turns retrieved passages into a cited answer; an LLM answerer implements this too."""

    name: str = "abstract"

    @abstractmethod
    def answer(self, request: AnswerRequest) -> ComposedAnswer: ...

    def attach(self, handles: list) -> None:
        """Receive the opened index handles the retriever searches (optional; the chain calls it)."""

    def warm(self) -> None:
        """Precompute whatever makes answering fast (optional)."""
