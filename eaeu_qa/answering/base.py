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
    # the rewrite took words from earlier turns (condensing.Condensed.points_back): the off-topic gate judges the
    # rewrite; a turn complete on its own (a first turn, or one the condenser only put a topic before) is judged on its
    # own words
    points_back: bool = False
    in_conversation: bool = False  # the turn has earlier turns (the gate's domain level for its own words differs)
    # the previous turn as the chain understood it: its standalone question and its answer's text ('' for a refusal);
    # the gate reads how near a turn judged on its own words comes to them (domain.conversation_similarity)
    previous: tuple[str, str] = ("", "")
    # the user's own words point back ("would that settle it?": Condensed.own_pointer), whatever the condenser did
    # with them: the gate holds such a turn to the chat level even when the corpus writes few of its words
    own_pointer: bool = False
    # condensing.restate rewrote the turn ('explain it more simply': Condensed.restated): it asks for the previous
    # answer again in other words; the extractive answer says that it quotes and does not rephrase (asked.quotes_only)
    restated: bool = False


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
