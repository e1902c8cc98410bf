"""The extractive answerer: quotes the units that answer, cites each one, refuses on weak evidence."""

from __future__ import annotations

import json
import logging

import numpy as np

from ..fitted_model import fits
from ..lru import LRUCache
from ..entities import CorpusTerms, corpus_terms
from ..records import Chunk, RetrievedPassage
from ..settings import Settings
from .answerability import (MODEL_FILE, LogisticModel, OffTopicLevels, Verdict, annex_coverage, annex_pattern,
                            delegated_annex, asks_nothing, evidence_verdict, judged_text, off_topic, reads_domain,
                            structural_verdict)
from .base import AnswerRequest, Answerer, ComposedAnswer
from .candidate_sources import CandidateSources
from .domain import conversation_similarity, corpus_share, load_domain
from .compose import TYPE_MATCH, Scored, UnitModel, question_topic, score_units, select
from .evidence import CorpusStats, evidence_features, retrieval_agreement, with_heading
from .asked import about_other_party, absent_documents, asked_party, quotes_only, restated_documents, restatement
from .features import QuestionFeatures, question_features
from .frame import final_sections, frame_asked, is_frame, signing_block, treaty_parties
from .language import CorpusWords, corpus_words, english_stems
from .names_apart import asked_apart
from .outcome import (agreement, condition_start, conditions, judged_condition, scenario_sections, scenario_sides,
                      scenarios_answer)
from .overview import article_overview
from .paragraphs import continued
from .partial import resolved_part
from .relevance import load_relevance
from .render import make_citation, render, render_unit
from .runon import through_list
from ..vocabulary import WordNeighbours, corpus_wording, word_neighbours
from .units import Unit, chunk_units, content_stems
from .vectors import Candidates, UnitVectors
from .wording import (ACKNOWLEDGED, ANNEX_POINTER, ANNEX_REFERRED, CLOSEST_PASSAGE, CORPUS_SOURCES, OFF_TOPIC,
                      WEAK_EVIDENCE)

log = logging.getLogger(__name__)


class ExtractiveAnswerer(CandidateSources, Answerer):
    """Scores the units of the top passages against the question, decides answerability, quotes the best."""

    name = "extractive"

    def __init__(self, settings: Settings, corpus_chunks: list[Chunk]):
        self.settings = settings
        self.corpus_chunks = corpus_chunks
        self.finals = final_sections(corpus_chunks)  # each treaty's final section (frame.py)
        self.parties = treaty_parties(corpus_chunks, settings.name_prefix)  # the States each treaty is signed for
        self.titles = {c.source_id: c.short_title for c in corpus_chunks}  # each source's short title
        self.sides = scenario_sides(corpus_chunks)  # which party prevails in each scenario paragraph (outcome.py)
        self.conditions = conditions(corpus_chunks, self.sides)  # where their conditions are stated
        self.continued = continued(corpus_chunks)  # chunks continuing a treaty paragraph (paragraphs.with_rule)
        self._sections = scenario_sections(corpus_chunks, self.sides)  # their sections' chunks (scenarios_answer)
        self._pool: list[Unit] = []  # every corpus unit with a stored vector (arranged), read at first need
        self.index_candidates(corpus_chunks)  # the chunks per side, date and article (candidate_sources.py)
        self.vectors = UnitVectors(settings.embedding, settings.unit_cache_size)
        self._units: LRUCache[str, list[Unit]] = LRUCache(settings.unit_cache_size)  # units_of, per chunk id
        self._stats: CorpusStats | None = None
        self._terms: CorpusTerms | None = None  # the corpus word statistics (topic_signals: a turn's place names)
        self.language_words: CorpusWords | None = None  # the language check's words of corpus_chunks (warm)
        self._handles: list = []  # without handles (no index attached), unit vectors are encoded on demand
        # the index's word table, for the corpus wording of lay words
        self._neighbours: WordNeighbours | None = None
        models = _read_models()
        self.model = _answerability_model(models)
        self.domain = load_domain(settings.model_name)  # the off-topic gate's second signal (domain.py); None: not read
        self.off_topic_levels = OffTopicLevels.from_settings(settings)  # the gate's levels (answerability.off_topic)
        # None: the unit feature learnt_relevance is 0. Its name is checked here; its dimension against the first
        # question's vector (the embedding model's dimension is known once a question is embedded), then never again.
        self.relevance = load_relevance(settings.model_name)
        self._relevance_checked = False
        share = settings.second_unit_share
        self.unit_model = UnitModel.from_dict(models.get("unit"), settings.follow_share).with_composition(
            share if share >= 0 else None, settings.least_marginal)
        self.unit_model.settings = settings  # its composition constants (UnitModel.settings) are this answerer's

    def attach(self, handles: list) -> None:
        """The index handles: their unit collections and the word table are what warm() reads."""
        self._handles = list(handles)
        self._stats = None

    def warm(self) -> None:
        """Read the unit vectors and word vectors the index stored (nothing is embedded here) and the language
        check's word lists."""
        if self._stats is not None:
            return
        main = next((h for h in self._handles if getattr(h, "sentences", None) is not None), None)
        self._stats = CorpusStats(self.corpus_chunks, main.path if main is not None else None,
                                  self.settings.instrument_window, self.settings)
        self._neighbours = word_neighbours(main.path if main is not None else None,
                                           getattr(main, "generation", ""), self.settings.embedding,
                                           self.settings.neighbour_cosine)
        for handle in self._handles:
            self.vectors.load(getattr(handle, "sentences", None))
        if self.language_words is None:  # the language check's words, kept per answerer (its corpus)
            self.language_words = corpus_words(self.corpus_chunks)
        english_stems(self.settings.derived_dir)  # the general list's stems: read once per process

    # -- public --
    def answer(self, request: AnswerRequest) -> ComposedAnswer:
        self.warm()
        question = self.features(request.question, request.standalone, request.is_follow_up)
        verdict = structural_verdict(question, request.passages, self.corpus_chunks, self.settings)
        verdict, question, unresolved = resolved_part(verdict, question, request.passages, self.corpus_chunks,
                                                      self.settings)
        if verdict is not None and verdict.reason == "not_english":
            return ComposedAnswer([verdict.message], [], answerable=False, note=verdict.message,
                                  signals={"reason": verdict.reason})
        candidates = self.candidates(request.passages)  # shared by the whole question and its parts
        scored = self.score(question, request.passages, candidates=candidates)
        signals: dict = {"best_similarity": round(max((s.similarity for s in scored), default=0.0), 4)}
        verdict, held = self.annex_override(verdict, question, request.passages, scored)
        if held is not None:
            signals["annex_coverage"] = round(held, 4)
        if verdict is None:
            evidence = self.evidence(question, request.passages, scored)
            signals.update({k: round(v, 4) for k, v in evidence.values.items()})
            verdict = evidence_verdict(evidence, self.model)
            if verdict.probability is not None:
                signals["p_answerable"] = round(verdict.probability, 4)
            if verdict.reason and question.only_names_provision:
                # a structural fact, as a missing provision is: a question that asks for nothing but provisions the
                # corpus holds ("What is the text of Article 98(3)?") is answered by them, whatever its wording's kind
                verdict = Verdict("", probability=verdict.probability)
            if not scored:
                verdict = Verdict("weak_evidence", WEAK_EVIDENCE)
            elif not question.only_names_provision:
                gate = self.topic_gate(question, request, candidates, signals)
                if gate == "off_topic":  # nothing in the documents comes near it: refused plainly, whatever the model
                    verdict = Verdict("off_topic", OFF_TOPIC, probability=verdict.probability)
                elif gate:  # only in few of the documents' words: not in them, with the closest passage if related
                    verdict = Verdict("weak_evidence", WEAK_EVIDENCE, probability=verdict.probability)
        if verdict.reason:
            signals["reason"] = verdict.reason
            if verdict.reason == "annex_content":
                return self._refuse_annex(verdict, request, signals)
            if verdict.reason == "off_topic":  # no passage shown: none is related; a turn asking nothing: a short reply
                message = ACKNOWLEDGED if self.acknowledges(request) else verdict.message
                return ComposedAnswer([message], [], answerable=False, note=message, signals=signals)
            # a provision the documents lack, asked for with nothing else: no passage is close to what it asks
            nothing_else = verdict.reason == "missing_reference" and question.only_names_provision
            return self._refuse(verdict.message, question, [] if nothing_else else scored, signals)
        overview = article_overview(question, scored, self.corpus_chunks, self.units_of,
                                    self.settings.overview_paragraphs)
        if overview is not None:  # a whole article asked for with no topic: its paragraphs in order (overview.py)
            units, note = overview
        else:
            named = self.named_candidates(question, request.passages, candidates)
            named = self.date_candidates(question, request.passages,
                                         self.outcome_candidates(question, request.passages, named))
            named = self.stance_candidates(question, request.passages, named)
            if named is not candidates:  # every paragraph of a named article is a candidate
                scored = self.score(question, request.passages, candidates=named)
            units, note = select(question, scored, self.settings.max_answer_sentences, self.unit_model,
                                 self.part_rankings(question, request.passages, candidates=candidates),
                                 self.settings.type_lead_share), ""
            units = self.arranged(question, units)
        sentences, citations = render(units)  # every sentence carries its [n]; the overview's cut note is the note
        # a named provision the corpus lacks, or a named document none of whose passages is quoted, is said in the note;
        # so is that the quotes are no rephrasing a turn asked for (asked.quotes_only)
        note = " ".join(n for n in (unresolved, note, absent_documents(question, units, self.titles),
                                    quotes_only(request.restated)) if n)
        return ComposedAnswer(sentences=sentences, citations=citations, answerable=True, note=note, signals=signals)

    def features(self, question: str, standalone: str, is_follow_up: bool) -> QuestionFeatures:
        """question_features with this answerer's settings, corpus and corpus words (read once, in warm)."""
        s = self.settings
        return question_features(question, standalone, is_follow_up, s.asked_head_words, self.corpus_chunks,
                                 s.pairs_kept, s.instrument_phrase_words, s.typo_least_letters, s.list_least_letters,
                                 self.language_words, s.kind_asked_clause)

    def topic_gate(self, question: QuestionFeatures, request: AnswerRequest, candidates: Candidates,
                   signals: dict) -> str:
        """answerability.off_topic on this turn's signals (topic_signals) and the settings' levels: "off_topic" when the
        gate refuses the turn, "few_words" when only its first-turn lexical condition does (with
        Settings.off_topic_first_lexical at 0 it would not: a lay question in other words than the documents', "can boss
        fire me if my son sick?", is told the documents do not answer it, not that they are about something else), ""
        when it does not (answerability.OffTopic's values). A turn asking nothing is "off_topic" either way (it gets
        wording.ACKNOWLEDGED)."""
        similarity, domain, conversation = self.topic_signals(question, request, candidates, signals)
        acknowledges = self.acknowledges(request)
        refused = off_topic(similarity, domain, request.passages, self.off_topic_levels, points_back=request.points_back,
                            in_conversation=request.in_conversation and not acknowledges, conversation=conversation,
                            lexical=signals.get("corpus_share"), own_pointer=request.own_pointer,
                            apart=signals.get("apart"))
        return "off_topic" if refused and acknowledges else refused.value

    def acknowledges(self, request: AnswerRequest) -> bool:
        """A turn that asks nothing and does not go on from the earlier one ("ok", "great, thanks!": asks_nothing, not
        points_back): the gate holds it to a first turn's domain level, not a conversation's (a topic-led rewrite
        of it is no question, and its own words come near the documents' questions only as chat does), so it gets
        wording.ACKNOWLEDGED whatever the earlier turn."""
        return not request.points_back and asks_nothing(request.question, self.settings.acknowledgement_words)

    def topic_signals(self, question: QuestionFeatures, request: AnswerRequest, candidates: Candidates,
                      signals: dict) -> tuple[float, float | None, float | None]:
        """The off-topic gate's signals on the text it judges (answerability.judged_text): the best cosine between
        it and the candidate units, how near it comes to the questions the documents answer (domain.DomainModel;
        None where the gate does not read it: answerability.reads_domain, without a fitted model, or with the gate's
        level at 0) and, for a turn of a conversation judged on its own words, how near it comes to the previous turn
        and its answer (domain.conversation_similarity; else None). Recorded in `signals` (own_similarity: a turn
        judged on its own words), with the share of its words the corpus writes (domain.corpus_share: corpus_share)."""
        text = judged_text(request)
        judged = question if text == question.matching else self.features(text, text, False)
        if (share := corpus_share(judged.terms, self._stats, judged.acronyms)) is not None:
            signals["corpus_share"] = round(share, 4)
        vector = self.vectors.question(text)
        similarity = signals["best_similarity"]
        if judged is not question:
            similarity = round(float(np.max(candidates.matrix @ vector)) if len(candidates.pairs) else 0.0, 4)
            signals["own_similarity"] = similarity
        if not reads_domain(judged) or self.domain is None or self.settings.off_topic_domain <= 0:
            return similarity, None, None
        value = self.domain.similarity(vector)
        if value is None:
            return similarity, None, None
        signals["domain_similarity"] = round(value, 4)
        if not (request.in_conversation or request.points_back) and self.off_topic_levels.names_lexical > 0:
            if self._terms is None:  # the condenser's corpus statistics (cached on disk), read at first need
                self._terms = corpus_terms(self.corpus_chunks, self.settings)
            apart = asked_apart(text, judged, self._terms, self._stats, self.vectors, self.domain)
            if apart is not None:  # its words apart from its place names (names_apart.asked_apart)
                signals["apart"] = tuple(None if v is None else round(v, 4) for v in apart)
        near = None
        if request.in_conversation and not request.points_back:
            near = conversation_similarity(vector, request.previous, self.settings.embedding)
            if near is not None:
                signals["conversation_similarity"] = round(near, 4)
        return similarity, value, near

    def arranged(self, question: QuestionFeatures, units: list[Unit]) -> list[Unit]:
        """Scenarios a leading one is set against first (outcome.scenarios_answer), then an asked restatement."""
        if units and not question.outcome_side:
            section = self._sections.get((units[0].chunk.source_id, units[0].chunk.section), [])
            units = scenarios_answer(units, question.terms, self.units_of, section, self.sides, self.conditions,
                                     self.settings.max_answer_sentences, self.settings.plural_least_letters)
        asked = restated_documents(question) if units else set()  # a follow-up's documents (asked.py)
        if not asked or units[0].chunk.source_id in asked:
            return units
        self._pool = self._pool or [u for c in self.corpus_chunks for u in self.units_of(c) if u in self.vectors]
        pool = [u for u in self._pool if u.chunk.source_id in asked]  # the asked documents' stored units
        lead = next((u for u in self.units_of(units[0].chunk) if u.start >= units[0].start and u in self.vectors), None)
        return restatement(units, asked, pool, self.vectors.units, self.settings.restated_similarity,
                           self.settings.max_answer_sentences, lead)

    # -- parts, public for calibration --
    def units_of(self, chunk: Chunk) -> list[Unit]:
        units = self._units.get(chunk.chunk_id)
        if units is None:
            units = chunk_units(chunk)
            self._units.put(chunk.chunk_id, units)
        return units

    def candidates(self, passages: list[RetrievedPassage]) -> Candidates:
        """The candidate units of the top passages (Settings.answer_passages) and their vectors, as a matrix."""
        pairs = [(u, p) for p in passages[:self.settings.answer_passages] for u in self.units_of(p.chunk)]
        return Candidates(pairs, self.vectors.units([u for u, _ in pairs]))

    def score(self, question: QuestionFeatures, passages: list[RetrievedPassage], model: UnitModel | None = None,
              candidates: Candidates | None = None) -> list[Scored]:
        """The candidate units (`candidates` when the caller has them) scored against the question, best first."""
        pairs, matrix = candidates or self.candidates(passages)
        words = self._stats.unknown_words(question.terms)  # this request's own mapping (threads share the stats)
        question_vector = self.vectors.question(question.matching, words)
        self._stats.remember(words)
        similarities = matrix @ question_vector if len(pairs) else np.zeros(0)
        wording = content_stems(" ".join(corpus_wording(question.matching, self._neighbours))) - question.stems
        learnt = self._learnt(question_vector, matrix) if len(pairs) else None
        scored = score_units(pairs, similarities, question, self._stats, model or self.unit_model, wording, learnt)
        topic = question_topic(question, wording)
        party = asked_party(question)  # the party a follow-up's own turn asks about (asked.py)
        for s in scored:  # a treaty's frame is quoted only where the question asks about it (frame.py)
            s.asked = not is_frame(s.unit.chunk, self.finals) or frame_asked(
                s.unit, topic, question, self.parties, self.settings.name_prefix, self.settings.name_least_letters)
            s.outcome = agreement(s.unit.text, s.unit.start, s.unit.chunk.chunk_id, question.outcome_side, self.sides,
                                  judged_condition(question.matching))  # an "if ..." about the court's ruling
            s.condition_at = condition_start(s.unit.start, s.unit.chunk.chunk_id, self.conditions)
            s.continues = s.unit.chunk.chunk_id in self.continued
            s.other_party = about_other_party(s.unit.chunk.text, party)
            s.signs = signing_block(s.unit, question, self.parties, self.settings.name_prefix,
                                    self.settings.name_least_letters)  # a signing asked: the block answers
        return scored

    def part_rankings(self, question: QuestionFeatures, passages: list[RetrievedPassage],
                      model: UnitModel | None = None, candidates: Candidates | None = None) -> list[list[Scored]]:
        """For a multi-part question (QuestionFeatures.parts: multipart.split_parts of the condensed question, as
        retrieval searched it), the candidate units scored against each part on its own by the same unit model, best
        first; [] otherwise. The candidates and their vectors are gathered once for all parts; a word two parts share
        and the word table lacks is encoded once (CorpusStats' cache of encoded words)."""
        if not question.parts:
            return []
        candidates = candidates or self.candidates(passages)
        parts = [self.features(part, part, False) for part in question.parts]
        return [self.score(part, passages, model, candidates) for part in parts]

    def annex_coverage(self, question: QuestionFeatures, passages: list[RetrievedPassage], scored: list[Scored]
                       ) -> float:
        """For a question the annex rule would refuse, how far the evidence passages' units hold what it asks
        (answerability.annex_coverage); from Settings.annex_answer_coverage on, the evidence model decides it."""
        kept = {p.chunk.chunk_id for p in passages[:self.settings.evidence_passages]}
        return annex_coverage(question, [s for s in scored if s.passage.chunk.chunk_id in kept], self._stats)

    def annex_override(self, verdict: Verdict | None, question: QuestionFeatures, passages: list[RetrievedPassage],
                       scored: list[Scored]) -> tuple[Verdict | None, float | None]:
        """The structural verdict with the annex rule's exception, and how far the evidence holds what an annex
        question asks (None when the rule did not fire): from Settings.annex_answer_coverage on, the evidence model
        decides it (verdict None)."""
        if verdict is None or verdict.reason != "annex_content":
            return verdict, None
        held = self.annex_coverage(question, passages, scored)
        return (None if held >= self.settings.annex_answer_coverage else verdict), held

    def evidence(self, question: QuestionFeatures, passages: list[RetrievedPassage], scored: list[Scored]):
        # Answerability looks at fewer passages than composition draws from (Settings.evidence_passages).
        top = passages[:self.settings.evidence_passages]
        kept = {p.chunk.chunk_id for p in top}
        scored = [s for s in scored if s.passage.chunk.chunk_id in kept]
        evidence_text = " ".join(p.chunk.search_text for p in top)
        best_similarity = max((s.similarity for s in scored), default=0.0)
        (kind, form), neutral = (0.0, 0.0), None
        if self.model is not None and self.model.kind is not None:
            # The kinds were learnt for the corpus's documents; a user's upload may answer any kind. Otherwise the
            # question's vector (cached from retrieval) and its topic-masked vector; None: directions fitted for
            # another embedding model. Held neutral, the products are too (their tuning means).
            scores = None if any(p.chunk.source_id not in CORPUS_SOURCES for p in top) else \
                self.model.question_scores(question.kind_text, self.settings.embedding, self._stats.corpus_idf)
            if scores is None:
                (kind, form), neutral = self.model.neutral_values()
            else:
                kind, form = scores
        complete_unit = with_heading(scored[0].unit) if scored else ""
        return evidence_features(question, best_similarity, [with_heading(s.unit) for s in scored], evidence_text,
                                 any(p.referenced for p in passages), self._stats, self.settings.embedding, kind,
                                 form, retrieval_agreement(top, self.settings.agreement_depth), complete_unit, neutral)

    def _learnt(self, question_vector: np.ndarray, matrix: np.ndarray) -> np.ndarray | None:
        """Each unit's logit from the learnt relevance model; None without a usable one. At the first question the
        model's dimension is checked against the question's vector once (load_relevance checked its embedding
        model's name): a model for vectors of another size is dropped (logged) and the feature stays 0."""
        if self.relevance is not None and not self._relevance_checked:
            self._relevance_checked = True
            if not fits("The relevance model", self.relevance.model_name, self.relevance.dim,
                        self.settings.model_name, len(question_vector)):
                self.relevance = None
        if self.relevance is None:
            return None
        return self.relevance.logits(question_vector, matrix)

    def _refuse_annex(self, verdict: Verdict, request: AnswerRequest, signals: dict) -> ComposedAnswer:
        pattern = annex_pattern(verdict.annex)
        pointing = [p.chunk for p in request.passages if pattern.search(p.chunk.text)] or \
                   [c for c in self.corpus_chunks if pattern.search(c.text)]
        sentences, citations = [verdict.message], []
        unit = next((u for c in pointing[:1] for u in self.units_of(c) if pattern.search(u.text)), None)
        if unit is not None:
            sentences.append(ANNEX_REFERRED.format(sentence=render_unit(unit, 1)))
            citations.append(make_citation(unit, 1))
        return ComposedAnswer(sentences, citations, answerable=False, note=verdict.message, signals=signals)

    def _refuse(self, reason: str, question: QuestionFeatures, scored: list[Scored], signals: dict) -> ComposedAnswer:
        """The refusal, then the closest passage when it is related at all (never presented as the answer): the
        most relevant unit (the one an answer would have led with) at least Settings.nearby_similarity similar to the
        question. When that unit does not look like an answer (the unit model's relevance below
        Settings.answering_relevance, or no token of the asked-for answer type in it: compose.type_match), the most
        relevant unit of the evidence's passages that refers what the question asks about to an annex the corpus lacks
        (answerability.delegated_annex: the article it sits in is about the question's subject) comes instead, named
        as such."""
        sentences, citations = [reason], []
        # most relevant first; a treaty's preamble or signature block only where the question asks about it or names it
        # (Scored.asked: frame.py; not by relevance as in an answer, arrange.quotable: the passage shown is no answer,
        # and the accession treaty's whole preamble was shown for "when did Kyrgyzstan join the Union?"); its final
        # provisions are articles like any other here (the closest passage in meaning to "From what moment did the 2014
        # founding treaty become binding?" is Art. 113(1))
        nearby = [s for s in scored if s.similarity >= self.settings.nearby_similarity
                  and (s.asked or s.passage.referenced or s.unit.chunk.article)]
        # "looks like an answer": any token of the asked-for type, and any question; looser than compose.answers (which
        # cuts an answer's further quotes), for it only picks the one passage a refusal shows
        answers = bool(nearby) and self.unit_model.fitted and (
            nearby[0].relevance >= self.unit_model.settings.answering_relevance
            and (not question.answer_type or nearby[0].features[TYPE_MATCH] > 0))  # and it holds the asked-for type
        if not answers:  # no unit looks like an answer: the one closest in meaning
            nearby.sort(key=lambda s: -s.similarity)
        delegating = ((s.unit, annex) for s in scored if s.passage.rank <= self.settings.evidence_passages
                      for annex in [delegated_annex(question, s.unit, self.corpus_chunks)] if annex)
        found = None if answers else next(delegating, None)
        unit, annex = found or (nearby[0].unit if nearby else None, "")
        if unit is not None:  # a lead-in (": ") shown with its list: "... as follows:" said nothing of 85.32 percent
            unit = through_list(unit, [u for u in self.units_of(unit.chunk) if u.start >= unit.end], [])
            sentence = render_unit(unit, 1)
            sentences.append(ANNEX_POINTER.format(annex=annex, sentence=sentence) if annex
                             else CLOSEST_PASSAGE.format(sentence=sentence))
            citations.append(make_citation(unit, 1))
        return ComposedAnswer(sentences, citations, answerable=False, note=reason, signals=signals)


def _answerability_model(models: dict) -> LogisticModel | None:
    """The fitted model, or None (only structural refusals) when it is missing or fitted on other features."""
    try:
        return LogisticModel.from_dict(models["answerable"])
    except (KeyError, ValueError, TypeError) as exc:
        log.warning("No usable answerability model (%s); run scripts/calibrate.py --write.", exc)
        return None


def _read_models() -> dict:
    try:
        return json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
