"""The question-answering chain: condense -> retrieve -> answer, as LangChain runnables."""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass
from typing import Iterator, Sequence
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.runnables import Runnable, RunnableConfig, RunnableGenerator, RunnableLambda, RunnablePassthrough

from .answering import AnswerRequest, Answerer, ComposedAnswer, build_answerer
from . import followup_search
from .condensing import Condensed, Condenser, TurnState
from .entities import corpus_terms
from .history import InvalidHistory, parse_history
from .live_index import live_index
from .records import Answer, HistoryTurn, RetrievedPassage
from .retrieval import HybridRetriever
from .settings import Settings, get_settings
from .ui import wording

History = Sequence[str | dict | HistoryTurn] | None
# The answer UI and `--json` promise at least this many retrieved passages for inspection.
MIN_RETRIEVED = 8
STAGES = ("condense", "retrieve", "answer")


class InvalidQuestion(ValueError):
    """The question cannot be asked as given (empty, no words, too long); the message is for the user (its wording:
    ui/wording.py's QUESTION_* constants)."""


def validate_question(question: str, settings: Settings) -> str:
    # Control characters (NUL, escape codes, ...) carry no meaning in a question: drop them, keep whitespace.
    cleaned = "".join(ch for ch in (question or "") if ch in "\t\n\r" or unicodedata.category(ch) != "Cc").strip()
    if not cleaned:
        if (question or "").strip():
            raise InvalidQuestion(wording.QUESTION_CONTROL_ONLY)
        raise InvalidQuestion(wording.QUESTION_EMPTY)
    if not any(ch.isalnum() for ch in cleaned):  # a lone '?' asks nothing: no rewrite into a topic question
        raise InvalidQuestion(wording.QUESTION_NO_WORDS)
    if len(cleaned) > settings.max_question_chars:
        raise InvalidQuestion(wording.QUESTION_TOO_LONG.format(length=len(cleaned), limit=settings.max_question_chars))
    return cleaned


class StageTimer(BaseCallbackHandler):
    """Wall time of each named chain step (condense, retrieve, answer), taken from LangChain's run events.

    The answer step streams: its time runs from its start to its last piece (including the time the caller
    spends on each piece, which is ~0 for `ask`)."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._started: dict[UUID, tuple[str, float]] = {}

    def on_chain_start(self, serialized, inputs, *, run_id: UUID, **kwargs) -> None:
        name = kwargs.get("name") or (serialized or {}).get("name")
        if name in STAGES:
            self._started[run_id] = (name, time.perf_counter())

    def on_chain_end(self, outputs, *, run_id: UUID, **kwargs) -> None:
        self._stop(run_id)

    def on_chain_error(self, error, *, run_id: UUID, **kwargs) -> None:
        self._stop(run_id)

    def _stop(self, run_id: UUID) -> None:
        if run_id in self._started:
            stage, started = self._started.pop(run_id)
            self.timings[stage] = (time.perf_counter() - started) * 1000


@dataclass(frozen=True)
class _Composed:
    """The answer step's last item: the composed answer and the state it was composed from."""

    state: dict
    composed: ComposedAnswer


class QAChain:
    """condense -> retrieve -> answer over one retriever; the answerer is chosen by settings.answerer.

    The answer step is a streaming runnable (RunnableGenerator): an answerer with a `stream(request,
    history=...)` method (the LLM answerer) yields its text as the model writes it; any other answerer's
    sentences are yielded one by one. Stage timings come from a callback handler (StageTimer), and the
    retriever is called through `invoke`, so LangChain callbacks and tracing see every step.
    """

    def __init__(self, settings: Settings, retriever: HybridRetriever, answerer: Answerer | None = None):
        self.settings = settings
        self.retriever = retriever
        self.answerer = answerer or build_answerer(settings, retriever.chunks)
        attach = getattr(self.answerer, "attach", None)
        if attach is not None:
            attach(retriever.handles)  # the answerer reads the unit vectors stored in the index
        self.condenser = Condenser(corpus_terms(retriever.chunks, settings), own_topic_min_idf=settings.own_topic_min_idf,
                                   focus_min_idf=settings.focus_min_idf,
                                   focus_subject_min_idf=settings.focus_subject_min_idf,
                                   the_noun_share=settings.the_noun_share,
                                   elliptical_words=settings.elliptical_words,
                                   list_item_words=settings.list_item_words,
                                   topic_span_words=settings.topic_span_words, derived_dir=settings.derived_dir)
        self.runnable = self._build()

    def _build(self) -> Runnable:
        return (
            RunnablePassthrough.assign(condensed=RunnableLambda(self._condense).with_config(run_name="condense"))
            | RunnablePassthrough.assign(passages=RunnableLambda(self._retrieve).with_config(run_name="retrieve"))
            | RunnableGenerator(self._answer).with_config(run_name="answer")
        )

    # --- steps -----------------------------------------------------------------------------------------
    def _condense(self, state: dict) -> Condensed:
        return self.condenser.condense(state["question"], state["history"])

    def _retrieve(self, state: dict, config: RunnableConfig) -> list[RetrievedPassage]:
        """Through the retriever's `invoke`, so callbacks and tracing see the search (a follow-up fuses several
        searches, eaeu_qa/followup_search.py; callbacks see that as this step)."""
        k = max(state["k"] or self.settings.retrieve_k, MIN_RETRIEVED)
        condensed: Condensed = state["condensed"]
        if condensed.is_follow_up:
            return followup_search.search(self.retriever, condensed.standalone, condensed.own, condensed.cited,
                                          condensed.shift, k, switch=condensed.mode == "switch",
                                          other_aspect=condensed.other_aspect,
                                          weights=followup_search.FollowUpWeights.from_settings(self.settings),
                                          previous=state["history"][-1].standalone if state["history"] else "",
                                          question=condensed.question,
                                          answer=state["history"][-1].answer if state["history"] else "")
        documents = self.retriever.invoke(condensed.standalone, config=config, k=k)
        return [d.metadata["passage"] for d in documents]

    def _answer(self, states: Iterator[dict]) -> Iterator[str | _Composed]:
        state: dict = {}
        for part in states:  # the steps before stream their dict key by key
            state.update(part)
        condensed: Condensed = state["condensed"]
        last = state["history"][-1] if state["history"] else None
        request = AnswerRequest(question=condensed.question, standalone=condensed.standalone,
                                passages=state["passages"], is_follow_up=condensed.is_follow_up,
                                points_back=condensed.points_back, in_conversation=bool(state["history"]),
                                previous=(last.standalone, last.answer) if last else ("", ""),
                                own_pointer=condensed.own_pointer, restated=condensed.restated)
        stream = getattr(self.answerer, "stream", None)
        if stream is not None:
            items = stream(request, history=state["history"])
        else:  # an answer that is ready at once streams sentence by sentence
            composed = self.answerer.answer(request)
            items = [*(s if i == 0 else " " + s for i, s in enumerate(composed.sentences)), composed]
        for item in items:
            yield _Composed(state, item) if isinstance(item, ComposedAnswer) else item

    def _to_answer(self, done: _Composed, timings: dict[str, float], started: float) -> Answer:
        state, composed = done.state, done.composed
        timings = {stage: timings.get(stage, 0.0) for stage in STAGES}
        timings["total"] = (time.perf_counter() - started) * 1000
        return Answer(question=state["question"], standalone_question=state["condensed"].standalone,
                      own_question=state["condensed"].own_question,
                      answer=composed.text, answerable=composed.answerable, citations=composed.citations,
                      refusal="" if composed.answerable else str(composed.signals.get("reason", "")),
                      retrieved=state["passages"], timings_ms=timings, note=composed.note,
                      answerer=getattr(composed, "answerer", "extractive"),
                      verification=getattr(composed, "verification", None))

    # --- public interface --------------------------------------------------------------------------------
    def warm(self) -> "QAChain":
        """Load what the first question needs (query encoder, BM25, the answerer's vectors, the condenser's word
        classes) now."""
        self.retriever.warm()
        self.condenser.warm()
        self.answerer.warm()
        return self

    def warm_followups(self) -> "QAChain":
        """Load what a follow-up's rewrite needs besides (lemminflect's tables, Condenser.warm_followups) now: where a
        follow-up can come (the app's background warm, QAService.warm). Not in warm(): `eaeu-qa ask` answers one
        question in a fresh process, and the tables were a third of its cold start; elsewhere they load at first use."""
        self.condenser.warm_followups()
        return self

    def ask(self, question: str, history: History = None, k: int | None = None) -> Answer:
        """Answer one turn. `history`: earlier turns, oldest first, as strings or {question, answer?,
        citations?} (dicts, HistoryTurn, saved-conversation turns); turns without an answer are replayed.
        Only the most recent turns within the settings' history limits are used."""
        *_, answer = self.stream(question, history, k)
        return answer

    def stream(self, question: str, history: History = None, k: int | None = None
               ) -> Iterator[str | Answer]:
        """Yield text pieces as the answerer produces them, then the complete Answer as the last item.

        A generated answer's pieces are the model's raw tokens; the final Answer holds the verified text,
        which can be shorter (unsupported sentences removed) or the extractive fallback. Closing the
        iterator early (a stop button) closes the model's stream too."""
        question = validate_question(question, self.settings)
        try:
            turns = parse_history(history, self.settings, keep_recent=True)
        except InvalidHistory as exc:
            raise InvalidQuestion(str(exc)) from None
        yield from self._stream(question, self.replay(turns, k), k)

    def _stream(self, question: str, states: list[TurnState], k: int | None) -> Iterator[str | Answer]:
        state = {"question": question, "history": states, "k": k}
        timer = StageTimer()
        started = time.perf_counter()
        done: _Composed | None = None
        for item in self.runnable.stream(state, config={"callbacks": [timer], "run_name": "qa_chain"}):
            if isinstance(item, _Composed):
                done = item
            elif item:
                yield item
        if done is None:
            raise RuntimeError("the answer step ended without an answer")
        yield self._to_answer(done, timer.timings, started)

    def replay(self, turns: list[HistoryTurn], k: int | None = None) -> list[TurnState]:
        """The conversation state after `turns`: a turn whose answer is unknown is answered again, in order,
        so a follow-up is resolved as in the live chat (replay time is not in the new turn's timings)."""
        states: list[TurnState] = []
        for turn in turns:
            if turn.answer is None:
                *_, answer = self._stream(turn.question, states, k)
                turn = HistoryTurn.from_answer(answer)
            states.append(self.condenser.understood(turn, states))
        return states


def get_chain(settings: Settings | None = None) -> QAChain:
    """The process-wide chain over the current index generation: after a rebuild (in any process) the next
    call switches to the new index, and until that is opened the old chain keeps answering."""
    settings = settings or get_settings()
    return live_index(settings).derived("chain", lambda handle: _new_chain(settings, handle))


def _new_chain(settings: Settings, handle) -> QAChain:
    chain = QAChain(settings, HybridRetriever(handles=[handle], settings=settings))
    # The app can call get_chain in a background thread at start, so its first answer does not wait.
    return chain.warm()
