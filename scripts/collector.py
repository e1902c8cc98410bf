"""What the fits read of each tuning item, computed once: condensed question, passages, verdict, scored units, rows."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np

from eaeu_qa.answering.answerability import structural_verdict
from eaeu_qa.answering.answerability_kind import KindDirection
from eaeu_qa.answering.base import AnswerRequest
from eaeu_qa.textrepair import contains_words


def unit_label(unit_text: str, gold: list[str]) -> float:
    return float(any(contains_words(unit_text, g) or contains_words(g, unit_text) for g in gold))


class Collector:
    """Runs condense + retrieve once per item and keeps what the two models are fitted on."""

    def __init__(self, chain, retrieved: Path | None = None):
        self.chain = chain
        self.answerer = chain.answerer
        self.answerer.warm()
        self.cache: dict[str, tuple] = {}
        self.scored_cache: dict[str, tuple] = {}
        self.units_scored: dict[str, tuple] = {}  # key -> (unit model, relevance model, scored units): _score
        self.annex: dict[str, float] = {}  # questions the annex rule decides: how far the evidence holds what they ask
        self.retrieved_file = retrieved
        self.retrieved = {}
        if retrieved and retrieved.exists():
            self.retrieved = pickle.loads(retrieved.read_bytes())

    def save(self) -> None:
        if self.retrieved_file:
            self.retrieved_file.parent.mkdir(parents=True, exist_ok=True)
            self.retrieved_file.write_bytes(pickle.dumps(self.retrieved))

    def prepare(self, item: dict):
        if item["key"] not in self.cache:
            key = (item["question"], tuple(item.get("history") or []))
            if len(self.retrieved.get(key, ())) != 6:  # absent, or kept by a version without the turn's condensing
                self.retrieved[key] = self._ask(item)
            standalone, passages, is_follow_up, points_back, previous, own_pointer = self.retrieved[key]
            # as the chain's request: a rewritten turn points back only when the condenser says so (a turn that leaves
            # the subject or asks a complete question of its own is judged on its own words: Condensed.points_back)
            request = AnswerRequest(item["question"], standalone, passages, is_follow_up=is_follow_up,
                                    points_back=points_back, in_conversation=bool(item.get("history")),
                                    previous=previous, own_pointer=own_pointer)
            question = self.answerer.features(request.question, request.standalone, request.is_follow_up)
            structural = structural_verdict(question, request.passages, self.answerer.corpus_chunks,
                                            self.answerer.settings)
            if structural is not None and structural.reason == "annex_content":  # scored only where the rule fires
                # as the answerer does: left to the evidence model when the evidence holds what it asks
                structural, self.annex[item["key"]] = self.answerer.annex_override(
                    structural, question, request.passages, self._score(item["key"], question, request.passages))
            self.cache[item["key"]] = (request, question, structural)
        return self.cache[item["key"]]

    def _ask(self, item: dict) -> tuple:
        """The item asked through the chain: (standalone question, passages, is_follow_up, points_back, previous,
        own_pointer) of the request the chain answered last (the asked turn; replayed history turns come before it)."""
        requests: list[AnswerRequest] = []
        answer = self.answerer.answer

        def recording(request: AnswerRequest):
            requests.append(request)
            return answer(request)

        self.answerer.answer = recording
        try:
            self.chain.ask(item["question"], history=item.get("history") or [])
        finally:
            self.answerer.answer = answer
        last = requests[-1]
        return last.standalone, last.passages, last.is_follow_up, last.points_back, last.previous, last.own_pointer

    def _score(self, key: str, question, passages) -> list:
        """The item's candidate units scored by the answerer's current unit and relevance models: computed once per
        item and pair of models (the fits swap both). Not shared with scored(), whose lists the composition grids
        rescore in place."""
        models = (self.answerer.unit_model, self.answerer.relevance)
        cached = self.units_scored.get(key)
        if cached is None or cached[0] is not models[0] or cached[1] is not models[1]:
            cached = (*models, self.answerer.score(question, passages))
            self.units_scored[key] = cached
        return cached[2]

    def scored(self, item: dict) -> tuple[list, list]:
        """The item's candidate units with their features, and those of each part of a multi-part question
        (ExtractiveAnswerer.part_rankings): computed once per item and relevance model (the features do not depend on
        the unit model; the composition grids only rescore them)."""
        cached = self.scored_cache.get(item["key"])
        if cached is None or cached[0] is not self.answerer.relevance:
            request, question, _ = self.prepare(item)
            cached = (self.answerer.relevance, self.answerer.score(question, request.passages),
                      self.answerer.part_rankings(question, request.passages))
            self.scored_cache[item["key"]] = cached
        return cached[1], cached[2]

    def unit_rows(self, item: dict):
        request, question, _ = self.prepare(item)
        scored = self._score(item["key"], question, request.passages)
        return [(s.features, unit_label(s.unit.text, item["gold_passages"])) for s in scored]

    def evidence(self, item: dict):
        """The item's evidence (evidence.Evidence), None when a structural rule decides it."""
        request, question, structural = self.prepare(item)
        if structural is not None:
            return None
        scored = self._score(item["key"], question, request.passages)
        return self.answerer.evidence(question, request.passages, scored)

    def evidence_row(self, item: dict):
        evidence = self.evidence(item)
        return None if evidence is None else evidence.vector()

    def question_vector(self, item: dict, mask_idf: float | None = None) -> np.ndarray:
        """The vector a kind direction scores: its QuestionFeatures.kind_text's (the answerer's text); with `mask_idf`,
        that of the question with its topic masked at that IDF (answerability_kind.topic_masked)."""
        from eaeu_qa.embeddings import encode_query

        _, question, _ = self.prepare(item)
        text = KindDirection(np.zeros(1), 0.0, mask_idf).text(question.kind_text, self.answerer._stats.corpus_idf)
        return encode_query(self.answerer.settings.embedding, [text])[0]


def open_collector(retrieved: Path | None) -> Collector:
    """A Collector over the chain of the configured Settings and index (`retrieved`: the retrieval cache file)."""
    from eaeu_qa.chain import QAChain
    from eaeu_qa.index import open_index
    from eaeu_qa.retrieval import HybridRetriever
    from eaeu_qa.settings import get_settings

    settings = get_settings()
    return Collector(QAChain(settings, HybridRetriever(handles=[open_index(settings)], settings=settings)), retrieved)


def measure_items(items: list[dict], retrieved: Path | None, row) -> tuple[Collector, object, list[dict]]:
    """A Collector over `items` (cache `retrieved`), the stored unit model, and row(collector, item, unit model,
    Settings.max_answer_sentences) for each item; the cache is saved (composition.py and quotes.py)."""
    collector = open_collector(retrieved)
    model = collector.answerer.unit_model
    rows = [row(collector, item, model, collector.chain.settings.max_answer_sentences) for item in items]
    collector.save()
    return collector, model, rows


def write_rows(path: Path, items: list[dict], rows: list[dict]) -> None:
    """Each item's measured row as a JSON line, with the item's key and question (composition.py and quotes.py
    --dump)."""
    with path.open("w", encoding="utf-8") as out:
        for item, row in zip(items, rows):
            out.write(json.dumps({"id": item["key"], "question": item["question"], **row}) + "\n")
