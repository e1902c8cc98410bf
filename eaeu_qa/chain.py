"""The question-answering chain: condense -> retrieve -> answer, as LangChain runnables."""

from __future__ import annotations

import time
import unicodedata
from typing import Iterator, Sequence

from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from .answering import AnswerRequest, Answerer, ComposedAnswer, build_answerer
from . import followup_search
from .condense import Condensed, Condenser, TurnState
from .entities import CorpusTerms
from .history import InvalidHistory, parse_history
from .live_index import live_index
from .records import Answer, HistoryTurn
from .retrieval import HybridRetriever
from .settings import Settings, get_settings

History = Sequence[str | dict | HistoryTurn] | None
# The answer UI and `--json` promise at least this many retrieved passages for inspection.
MIN_RETRIEVED = 8


class InvalidQuestion(ValueError):
    """The question cannot be asked as given (empty, too long); the message is for the user."""


def validate_question(question: str, settings: Settings) -> str:
    # Control characters (NUL, escape codes, ...) carry no meaning in a question: drop them, keep whitespace.
    cleaned = "".join(ch for ch in (question or "") if ch in "\t\n\r" or unicodedata.category(ch) != "Cc").strip()
    if not cleaned:
        if (question or "").strip():
            raise InvalidQuestion("The question holds only control characters, no text; please type a question.")
        raise InvalidQuestion("Please type a question.")
    if len(cleaned) > settings.max_question_chars:
        raise InvalidQuestion(f"The question is {len(cleaned):,} characters long; please keep it under "
                              f"{settings.max_question_chars:,}.")
    return cleaned


def _timed(stage: str, step):
    """Wrap a step so its wall time lands in state['timings'][stage]."""
    def run(state: dict):
        started = time.perf_counter()
        result = step(state)
        state["timings"][stage] = (time.perf_counter() - started) * 1000
        return result
    return run


def _corpus_terms(chunks) -> CorpusTerms:
    """The condenser's word statistics: computed once per corpus and code, then read from disk."""
    from . import entities, textrepair
    from .derived_cache import cached

    return cached("corpus-terms", chunks, [entities.__file__, textrepair.__file__],
                  lambda: CorpusTerms.from_chunks(chunks))


class QAChain:
    """condense -> retrieve -> answer over one retriever; the answerer is chosen by settings.answerer."""

    def __init__(self, settings: Settings, retriever: HybridRetriever, answerer: Answerer | None = None):
        self.settings = settings
        self.retriever = retriever
        self.answerer = answerer or build_answerer(settings, retriever.chunks)
        attach = getattr(self.answerer, "attach", None)
        if attach is not None:
            attach(retriever.handles)  # the answerer reads the unit vectors stored in the index
        self.condenser = Condenser(_corpus_terms(retriever.chunks))
        self.runnable = self._build()

    def _build(self) -> Runnable:
        return (
            RunnablePassthrough.assign(condensed=RunnableLambda(_timed("condense", self._condense)))
            | RunnablePassthrough.assign(passages=RunnableLambda(_timed("retrieve", self._retrieve)))
            | RunnablePassthrough.assign(composed=RunnableLambda(_timed("answer", self._answer)))
            | RunnablePassthrough.assign(answer=RunnableLambda(self._to_answer))
        )

    # --- steps -----------------------------------------------------------------------------------------
    def _condense(self, state: dict) -> Condensed:
        return self.condenser.condense(state["question"], state["history"])

    def _retrieve(self, state: dict):
        k = max(state["k"] or self.settings.retrieve_k, MIN_RETRIEVED)
        condensed: Condensed = state["condensed"]
        if condensed.is_follow_up:
            return followup_search.search(self.retriever, condensed.standalone, condensed.own, condensed.cited,
                                          condensed.shift, k)
        return self.retriever.search(condensed.standalone, k=k)

    def _answer(self, state: dict) -> ComposedAnswer:
        condensed: Condensed = state["condensed"]
        request = AnswerRequest(question=condensed.question, standalone=condensed.standalone,
                                passages=state["passages"], is_follow_up=condensed.is_follow_up)
        return self.answerer.answer(request)

    @staticmethod
    def _to_answer(state: dict) -> Answer:
        composed: ComposedAnswer = state["composed"]
        timings = dict(state["timings"])
        timings["total"] = (time.perf_counter() - state["started"]) * 1000
        return Answer(question=state["question"], standalone_question=state["condensed"].standalone,
                      answer=composed.text, answerable=composed.answerable, citations=composed.citations,
                      retrieved=state["passages"], timings_ms=timings, note=composed.note,
                      answerer=getattr(composed, "answerer", "extractive"),
                      verification=getattr(composed, "verification", None))

    # --- public interface --------------------------------------------------------------------------------
    def warm(self) -> "QAChain":
        """Load what the first question needs (query encoder, BM25, the answerer's vectors) now."""
        self.retriever.warm()
        self.answerer.warm()
        return self

    def ask(self, question: str, history: History = None, k: int | None = None) -> Answer:
        """Answer one turn. `history`: earlier turns, oldest first, as strings or {question, answer?,
        citations?} (dicts, HistoryTurn, saved-conversation turns); turns without an answer are replayed.
        Only the most recent turns within the settings' history limits are used."""
        return self._run(question, history, k)["answer"]

    def _run(self, question: str, history: History, k: int | None) -> dict:
        question = validate_question(question, self.settings)
        try:
            turns = parse_history(history, self.settings, keep_recent=True)
        except InvalidHistory as exc:
            raise InvalidQuestion(str(exc)) from None
        return self._invoke(question, self.replay(turns, k), k)

    def _invoke(self, question: str, states: list[TurnState], k: int | None) -> dict:
        state = {"question": question, "history": states, "k": k, "timings": {}, "started": time.perf_counter()}
        return self.runnable.invoke(state)

    def replay(self, turns: list[HistoryTurn], k: int | None = None) -> list[TurnState]:
        """The conversation state after `turns`: a turn whose answer is unknown is answered again, in order,
        so a follow-up is resolved as in the live chat (replay time is not in the new turn's timings)."""
        states: list[TurnState] = []
        for turn in turns:
            if turn.answer is None:
                turn = HistoryTurn.from_answer(self._invoke(turn.question, states, k)["answer"])
            standalone = turn.standalone or self.condenser.condense(turn.question, states).standalone
            states.append(self.condenser.state(turn, standalone, states[-1] if states else None))
        return states

    def stream(self, question: str, history: History = None, k: int | None = None
               ) -> Iterator[str | Answer]:
        """Yield the answer sentence by sentence (str pieces), then the complete Answer as the last item."""
        # The extractive answer is ready at once; sentence-sized pieces let the UI render progressively
        # now and keep the same contract when an LLM answerer streams tokens.
        state = self._run(question, history, k)
        for i, sentence in enumerate(state["composed"].sentences):
            yield sentence if i == 0 else " " + sentence
        yield state["answer"]


def get_chain(settings: Settings | None = None) -> QAChain:
    """The process-wide chain over the current index generation: after a rebuild (in any process) the next
    call switches to the new index, and until that is opened the old chain keeps answering."""
    settings = settings or get_settings()
    return live_index(settings).derived("chain", lambda handle: _new_chain(settings, handle))


def _new_chain(settings: Settings, handle) -> QAChain:
    chain = QAChain(settings, HybridRetriever(handles=[handle], settings=settings))
    # The app can call get_chain in a background thread at start, so its first answer does not wait.
    return chain.warm()
