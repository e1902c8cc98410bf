"""The LLM answerer: prompt with numbered passages, stream the model's tokens, verify, fall back when needed."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..answering.base import AnswerRequest, Answerer, ComposedAnswer
from ..answering.extractive import ExtractiveAnswerer
from ..records import Chunk, Citation, RetrievedPassage, Verification
from ..settings import Settings
from ..textrepair import fold_whitespace, trim_span
from . import prompts as P
from .client import build_chat_model, endpoint_label, llm_configured
from .verify import verify

log = logging.getLogger(__name__)

LLM_PASSAGES = 4  # passages numbered in the prompt (a 135M model loses track of more)
PASSAGE_CHARS = 1200  # each passage is cut to this many characters in the prompt (verification sees all)
HISTORY_ANSWER_CHARS = 600  # each earlier answer is cut to this many characters in the prompt


@dataclass
class GeneratedAnswer(ComposedAnswer):
    """A ComposedAnswer that also says who wrote it and how its sentences fared in verification."""

    answerer: str = "llm"
    verification: Verification | None = None


class LLMUnavailable(RuntimeError):
    """The endpoint failed; the message is the user-facing note."""


class LLMAnswerer(Answerer):
    """Streams a cited answer from the configured chat model and keeps only verified sentences."""

    name = "llm"

    def __init__(self, settings: Settings, corpus_chunks: list[Chunk]):
        self.settings = settings
        self.fallback = ExtractiveAnswerer(settings, corpus_chunks)
        self.prompts = P.load_prompts(settings.llm_prompts)
        self._model = None

    def attach(self, handles: list) -> None:
        """The extractive fallback reads the unit vectors stored in the index the chain searches."""
        self.fallback.attach(handles)

    def warm(self) -> None:
        self.fallback.warm()
        if llm_configured(self.settings):
            try:
                self.model  # noqa: B018 - imports the client library once, off the first answer's clock
            except Exception:  # noqa: BLE001 - reported when an answer is asked for
                log.warning("The chat model could not be built", exc_info=False)

    @property
    def model(self):
        if self._model is None:
            self._model = build_chat_model(self.settings)
        return self._model

    def answer(self, request: AnswerRequest, history: list | None = None) -> ComposedAnswer:
        final = None
        for item in self.stream(request, history=history):
            if isinstance(item, ComposedAnswer):
                final = item
        assert final is not None
        return final

    def stream(self, request: AnswerRequest, history: list | None = None) -> Iterator[str | ComposedAnswer]:
        """Yield the model's text as it arrives, then the verified answer (or the extractive fallback)."""
        if not llm_configured(self.settings):
            yield self._fallback(request, P.NOTE_NOT_CONFIGURED)
            return
        passages = request.passages[:LLM_PASSAGES]
        text = ""
        try:
            for piece in self._generate(self.messages(request, passages, history)):
                text += piece
                yield piece
        except LLMUnavailable as exc:
            log.warning("LLM answer failed: %s", exc)
            yield self._fallback(request, str(exc))
            return
        yield self.compose(text, request, passages)

    # -- prompting --
    def messages(self, request: AnswerRequest, passages: list[RetrievedPassage], history: list | None):
        from langchain_core.messages import HumanMessage, SystemMessage

        numbered = "\n\n".join(
            self.prompts.passage.format(n=n, label=p.chunk.label, text=_cut(fold_whitespace(p.chunk.text)))
            for n, p in enumerate(passages, start=1))
        system = self.prompts.system.format(max_sentences=self.settings.max_answer_sentences,
                                            refusal=self.prompts.refusal)
        # The conversation so far (the chain's turn states, most recent settings.llm_history_turns) gives the
        # model context; the question itself is the standalone form, so a follow-up is explicit.
        question = request.standalone if request.is_follow_up and request.standalone else request.question
        history_text = format_history(history, self.settings.llm_history_turns)
        user = self.prompts.user.format(passages=numbered, history=history_text, question=question)
        return [SystemMessage(content=system), HumanMessage(content=user)]

    def _generate(self, messages) -> Iterator[str]:
        """The model's streamed text; every failure becomes LLMUnavailable with a note for the user."""
        endpoint = endpoint_label(self.settings)
        try:
            model = self.model  # built (and its client imported) before the clock starts
        except Exception as exc:  # noqa: BLE001 - a bad configuration ends in the extractive answer
            raise LLMUnavailable(P.NOTE_FAILED.format(endpoint=endpoint, reason=_short(exc))) from exc
        deadline = time.monotonic() + self.settings.llm_timeout_s
        try:
            for chunk in model.stream(messages):
                piece = _content_text(chunk.content)
                if piece:
                    yield piece
                if time.monotonic() > deadline:
                    raise TimeoutError
        except Exception as exc:  # noqa: BLE001 - any endpoint failure ends in the extractive answer
            raise LLMUnavailable(_failure_note(exc, endpoint, self.settings.llm_timeout_s)) from exc

    # -- after generation --
    def compose(self, text: str, request: AnswerRequest, passages: list[RetrievedPassage]) -> ComposedAnswer:
        """Verify the generated text; keep the supported sentences with renumbered citations."""
        verification = verify(text, passages, self.settings.embedding, refusal=self.prompts.refusal)
        if verification.refused:
            return GeneratedAnswer(sentences=[self.prompts.refusal], citations=[], answerable=False,
                                   note=P.NOTE_REFUSED, verification=verification)
        kept = [s for s in verification.sentences if s.verdict == "supported"]
        if not kept:
            fallback = self._fallback(request, P.NOTE_UNSUPPORTED)
            fallback.verification = Verification(sentences=verification.sentences, fallback=P.NOTE_UNSUPPORTED)
            return fallback
        numbering: dict[int, int] = {}
        citations: list[Citation] = []
        sentences = []
        for check in kept:
            for n in check.supported:
                if n not in numbering:
                    numbering[n] = len(numbering) + 1
                    citations.append(_citation(passages[n - 1], check.quote_spans[n], numbering[n]))
            markers = "".join(f"[{numbering[n]}]" for n in check.supported)
            sentences.append(f"{check.text.rstrip(' .;:,')} {markers}.")
        removed = verification.checked - len(kept)
        note = P.NOTE_REMOVED.format(removed=removed, total=verification.checked) if removed else ""
        return GeneratedAnswer(sentences=sentences, citations=citations, answerable=True, note=note,
                               verification=verification)

    def _fallback(self, request: AnswerRequest, note: str) -> GeneratedAnswer:
        composed = self.fallback.answer(request)
        combined = f"{note} {composed.note}".strip() if composed.note else note
        return GeneratedAnswer(sentences=composed.sentences, citations=composed.citations,
                               answerable=composed.answerable, note=combined, signals=composed.signals,
                               answerer="extractive", verification=Verification(fallback=note))


def format_history(history: list | None, turns: int = 3) -> str:
    """The last `turns` earlier turns, oldest first: plain questions, or records with question and answer
    (dicts, HistoryTurn, the chain's TurnState); each answer cut to HISTORY_ANSWER_CHARS."""
    lines = []
    for turn in (history or [])[-turns:] if turns > 0 else []:
        question = turn if isinstance(turn, str) else _field(turn, "question")
        answer = "" if isinstance(turn, str) else _field(turn, "answer")
        if question:
            lines.append(P.HISTORY_QUESTION.format(question=fold_whitespace(question)))
        if answer:
            lines.append(P.HISTORY_ANSWER.format(answer=_cut(fold_whitespace(answer), HISTORY_ANSWER_CHARS)))
    return "\n".join(lines) or P.HISTORY_EMPTY


def _field(turn: Any, name: str) -> str:
    value = turn.get(name) if isinstance(turn, dict) else getattr(turn, name, "")
    return value if isinstance(value, str) else ""


def _cut(text: str, limit: int = PASSAGE_CHARS) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return ""


def _citation(passage: RetrievedPassage, span: list[int], n: int) -> Citation:
    chunk = passage.chunk
    start, end = trim_span(chunk.text, span[0], span[1])
    return Citation(n=n, chunk_id=chunk.chunk_id, source_id=chunk.source_id, title=chunk.title,
                    short_title=chunk.short_title, locator=chunk.locator, quote=chunk.text[start:end],
                    start=chunk.start + start, end=chunk.start + end, passage=chunk.text,
                    passage_start=chunk.start, url=chunk.url, licence=chunk.licence, attribution=chunk.attribution)


def _failure_note(exc: BaseException, endpoint: str, seconds: float) -> str:
    """Timeout, unreachable or other error, told apart by the exception's type names (httpx, openai, ollama)."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    cause = exc.__cause__ or exc.__context__
    if cause is not None:
        names |= {cls.__name__ for cls in type(cause).__mro__}
    if names & {"TimeoutError", "APITimeoutError", "TimeoutException", "ReadTimeout", "ConnectTimeout"}:
        return P.NOTE_TIMEOUT.format(endpoint=endpoint, seconds=seconds)
    if names & {"APIConnectionError", "ConnectError", "ConnectionError", "ConnectionRefusedError"}:
        return P.NOTE_UNREACHABLE.format(endpoint=endpoint, reason=_short(exc))
    return P.NOTE_FAILED.format(endpoint=endpoint, reason=_short(exc))


def _short(exc: BaseException) -> str:
    message = fold_whitespace(str(exc))[:160]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
