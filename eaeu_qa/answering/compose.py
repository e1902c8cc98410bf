"""Composition: score candidate units, lead with the best, cover every part, drop quotes that add nothing."""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from ..records import RetrievedPassage
from ..settings import Settings
from .evidence import CorpusStats, idf_coverage, informative_weights, with_heading
from .features import QuestionFeatures, has_number
from .answerability import sigmoid
from ..multipart import asks_more
from .answertype import type_support
from .units import Unit, content_stems, cut_off, is_fragment, is_heading, word_overlap
from .wording import ANALYSIS_SOURCE
from .arrange import (about_upload, by_article, cover_documents, cover_named, cover_part_rankings, definitions_follow,
                      named_definition, provisions_own, quotable)
from .asked import (lead_with_stance, named_families, stance_party, view_asked, with_stated_view,
                    without_names_only, without_unstated_views)
from .leads import (holds_type, leading, lead_with_signing, lead_with_type,  # noqa: F401 (scripts, tests)
                    with_typed_before)
from .outcome import parties_named, with_condition
from .paragraphs import (MAX_RUN_ON_CHARS, overlaps, points_back, with_antecedent, with_attribution,  # noqa: F401
                         with_rule)
from .runon import extend_short, run_on, with_list

# Unit-relevance features, in the order of the unit model's weights.
UNIT_FEATURES = ("similarity", "context_coverage", "unit_coverage", "rank_prior", "named", "type_match",
                 "source_match", "previous_similarity", "novelty", "wording_coverage", "names_only",
                 "learnt_relevance")
# Hand-set weights used until scripts/calibrate.py has fitted the unit model (the previous answerer's).
DEFAULT_UNIT_WEIGHTS = (1.0, 0.5, 0.3, 0.3, 0.5, 0.15, 0.15, 0.0, 0.0, 0.0, 0.0, 0.0)
TYPE_MATCH = UNIT_FEATURES.index("type_match")


@dataclass
class Scored:
    """A unit as a candidate for one question: its passage, similarity, features and relevance."""

    unit: Unit
    passage: RetrievedPassage
    similarity: float
    features: np.ndarray
    relevance: float = 0.0
    # False for a unit of a treaty's frame (preamble, signature block, final provisions: frame.py) that holds nothing
    # the question asks about; such a unit is not quoted (quotable).
    asked: bool = True
    # +1 for a unit about the outcome of the case the question's "if ..." gives (it leads: lead_with_outcome), -1 for
    # one about the other outcome or a consequence of another condition (not quoted while another candidate is left),
    # 0 otherwise (outcome.agreement).
    outcome: int = 0
    # Where the condition of the unit's scenario paragraph is stated when the unit comes after it (outcome.py), else -1.
    condition_at: int = -1
    # The unit's chunk continues a treaty paragraph begun in an earlier chunk (paragraphs.continued): no rule joins it.
    continues: bool = False
    # The unit's paragraph names a party of the case, but not the one a follow-up's own turn asks about
    # (asked.asked_party): it is about the other party; not quoted while another candidate is left.
    other_party: bool = False
    # The unit is of the signature block of a treaty the question names, which asks when or where that treaty was signed
    # (frame.signing_block): the block answers; leads.lead_with_signing.
    signs: bool = False


def type_match(unit: Unit, question: QuestionFeatures, stats: CorpusStats) -> float:
    """How well the unit holds the asked-for type near the question's informative words (answertype.py)."""
    if question.answer_type:
        weights = informative_weights(question.terms, stats)
        # The heading counts as context for closeness: a list item ("Kyrgyz Republic - 1.9 percent;") rarely
        # repeats the words its article is about.
        return type_support(with_heading(unit), question.answer_type, question.stems, weights,
                            stats.settings.type_near_words, stats.settings.type_far_credit)
    return float(question.wants_number and has_number(unit.text))


def unit_features(unit: Unit, passage: RetrievedPassage, similarity: float, question: QuestionFeatures,
                  stats: CorpusStats, previous_similarity: float = 0.0,
                  wording: frozenset[str] = frozenset(), topic: frozenset[str] | None = None,
                  learnt: float = 0.0) -> np.ndarray:
    """Relevance features of one unit. `previous_similarity` is that of the sentence before it in its chunk:
    an answer often follows the sentence that restates the question ("The logic is straightforward: ...").
    `wording`: stems of the corpus's wording for the question's lay words (vocabulary.corpus_wording: "work
    permit" -> "permit for conduction of the work activities", "kids" -> "children"), which the question's own
    stems lack; the retrieval's keyword query used them, so the unit that matched through them is recognised.
    `learnt`: the learnt relevance model's logit for the question and the unit (relevance.py; 0 without one)."""
    unit_stems = content_stems(unit.text)
    is_analysis = unit.chunk.source_id == ANALYSIS_SOURCE
    source_match = 0.0
    if question.preferred_source:
        source_match = float(is_analysis == (question.preferred_source == ANALYSIS_SOURCE))
    return np.array([
        similarity,
        idf_coverage(question.stems, with_heading(unit), stats),
        idf_coverage(question.stems, unit.in_context, stats),
        1.0 / passage.rank,
        float(passage.referenced),
        type_match(unit, question, stats),
        source_match,
        previous_similarity,
        len(unit_stems - question.stems) / len(unit_stems) if unit_stems else 0.0,  # words the question lacks
        idf_coverage(wording, with_heading(unit), stats) if wording else 0.0,
        names_only(unit, question, wording, topic),
        learnt,
    ])


def question_topic(question: QuestionFeatures, wording: frozenset[str] = frozenset()) -> frozenset[str]:
    """What names_only looks for: the question's topic stems and the corpus wording of its lay words."""
    return topic_stems(question) | wording


def names_only(unit: Unit, question: QuestionFeatures, wording: frozenset[str] = frozenset(),
               topic: frozenset[str] | None = None) -> float:
    """1 when the unit (with its heading) shares words with the question, but only the names the question mentions
    (a party, a place, a body), none of what it asks about: "Residence of the Commission shall be the city of
    Moscow" for "How does Moscow frame it ...?". `topic` (question_topic) when the caller has it already."""
    held = content_stems(with_heading(unit))
    if topic is None:
        topic = question_topic(question, wording)
    return float(bool(held & question.stems) and not held & topic)


class UnitModel:
    """Relevance of a unit = sigmoid(w . features + b) once fitted, else the default linear score."""

    def __init__(self, weights=None, bias: float = 0.0, fitted: bool = False,
                 follow_share: float = Settings.follow_share, extend_words: int = 0, next_share: float | None = None,
                 second_share: float | None = None, least_marginal: float = -1.0):
        self.weights = np.array(weights if weights is not None else DEFAULT_UNIT_WEIGHTS, dtype=float)
        self.bias = bias
        self.fitted = fitted
        self.follow_share = follow_share
        # A quoted sentence of fewer words than this runs on into the next sentence of its paragraph ("From
        # Bishkek's perspective, the logic is straightforward." says nothing alone); 0 = never. Fitted.
        self.extend_words = extend_words
        # A quoted unit runs on into the next unit of its paragraph when that one has at least this share of the best
        # unit's relevance (the answering sentence often follows the best-matching one); None = never. Fitted.
        self.next_share = next_share
        # A second unit of a paragraph already quoted joins when its relevance reaches this share of the best unit's
        # (the sentence that answers often sits beside the one that matched the question's words); None = never.
        # Settings.second_unit_share, fitted by scripts/calibrate.py.
        self.second_share = second_share
        # The answer stops before a unit whose marginal relevance (the MMR score of _diverse: its relevance relative to
        # the best unit's, less its word overlap with the units quoted) is below this; -1 = never stops early.
        # Settings.least_marginal, fitted by scripts/calibrate.py.
        self.least_marginal = least_marginal
        # The composition constants that live in Settings, read from it where they are used: frame_share (a frame unit
        # the question does not ask about needs this share of the best candidate's relevance: arrange.quotable),
        # answered_share (a further unit's share when the best one answers fully), answering_relevance (answers,
        # about_upload), paragraph_gap_chars (paragraphs.without_dangling), mmr_lambda and redundant_overlap
        # (_diverse), type_far_credit (answers, leads.lead_with_type), document_cover_share (arrange.cover_documents).
        # The shipped Settings unless the answerer gives its own (ExtractiveAnswerer), so a model a fitting script
        # builds composes as the app does.
        self.settings = Settings()

    def with_composition(self, second_share: float | None, least_marginal: float) -> "UnitModel":
        """The same model with the composition settings that live in Settings (not in the stored model)."""
        model = copy.copy(self)  # every other attribute, including any added later, carries over
        model.second_share = second_share
        model.least_marginal = least_marginal
        return model

    @property
    def quotable_share(self) -> float:
        """The frame_share arrange.quotable applies: 0 (no frame rule) unless the model is fitted, for only a fitted
        model's relevance is a probability, of which a share means something."""
        return self.settings.frame_share if self.fitted else 0.0

    def relevance(self, x: np.ndarray) -> float:
        z = float(x @ self.weights + self.bias)
        return sigmoid(z) if self.fitted else z

    @classmethod
    def from_dict(cls, data: dict | None, follow_share: float = Settings.follow_share) -> "UnitModel":
        """The stored model (`follow_share`: the caller's Settings.follow_share, when the file holds none)."""
        stored = tuple((data or {}).get("features", ()))
        if not stored or set(stored) - set(UNIT_FEATURES):
            return cls(follow_share=follow_share)
        # A feature added after the model was fitted weighs 0 until scripts/calibrate.py refits it.
        fitted = dict(zip(stored, data["weights"]))
        weights = [fitted.get(name, 0.0) for name in UNIT_FEATURES]
        return cls(weights, data["bias"], fitted=True, follow_share=data.get("follow_share", follow_share),
                   extend_words=int(data.get("extend_words", 0)), next_share=data.get("next_share"))


def score_units(units: list[tuple[Unit, RetrievedPassage]], similarities: np.ndarray, question: QuestionFeatures,
                stats: CorpusStats, model: UnitModel, wording: frozenset[str] = frozenset(),
                learnt: np.ndarray | None = None) -> list[Scored]:
    """The candidates with their features and relevance, most relevant first; `learnt`: each unit's learnt logit."""
    learnt = np.zeros(len(units)) if learnt is None else learnt
    scored = []
    topic = question_topic(question, wording)  # once per question, not per unit
    last_chunk, last_similarity = None, 0.0
    for (unit, passage), similarity, logit in zip(units, similarities, learnt):  # a chunk's units in text order
        before = last_similarity if unit.chunk.chunk_id == last_chunk else 0.0
        last_chunk, last_similarity = unit.chunk.chunk_id, float(similarity)
        x = unit_features(unit, passage, float(similarity), question, stats, before, wording, topic, float(logit))
        scored.append(Scored(unit, passage, float(similarity), x, model.relevance(x)))
    return sorted(scored, key=lambda s: s.relevance, reverse=True)


def topic_stems(question: QuestionFeatures) -> frozenset[str]:
    """The question's stems without those of the names it mentions (parties, places, bodies): what it is about.
    All its stems when it has nothing else ("Where is Moscow?")."""
    named = content_stems(" ".join(question.names))
    return frozenset(question.stems - named) or question.stems


def _floor(best: Scored, model: UnitModel, question: QuestionFeatures | None = None) -> float:
    """The relevance a further unit needs: model.follow_share of the best unit's, and model.settings.answered_share of it when
    the best unit answers fully (answers): loosely related quotes do not follow it."""
    if model.fitted:
        share = model.follow_share
        if question is not None and answers(best, question, model.settings.answering_relevance, model.settings.type_far_credit):
            share = max(share, model.settings.answered_share)
        return best.relevance * share
    return best.relevance - 0.5  # the hand-set default scale: within 0.5 of the best


def answers(best: Scored, question: QuestionFeatures, answering: float = Settings.answering_relevance,
            far_credit: float = Settings.type_far_credit) -> bool:
    """The unit answers a question asking for a date, place, quantity or person fully, as far as its features tell: its
    relevance reaches `answering` and it holds that type near the question's words (type_match above `far_credit`,
    the caller's Settings.type_far_credit). Other questions are not judged (on the tuning data a floor after their
    best quote lost key facts). Stricter than the refusal's "looks like an answer" (extractive._refuse: any token of the type, any question) on purpose: this
    one cuts the further quotes, that one only picks which single passage a refusal shows."""
    return (bool(question.answer_type) and best.relevance >= answering
            and best.features[TYPE_MATCH] > far_credit)


def select(question: QuestionFeatures, scored: list[Scored], limit: int, model: UnitModel,
           parts: list[list[Scored]] | None = None, type_share: float = Settings.type_lead_share) -> list[Unit]:
    """The units of the answer, in answer order. `parts`: for a multi-part question, the candidates scored against
    each part on its own (ExtractiveAnswerer.part_rankings), best first: each part is covered (cover_part_rankings).
    `type_share`: lead_with_type's share (Settings.type_lead_share; scripts/quotes.py --fit varies it)."""
    share = model.quotable_share
    scored = quotable(_answering(scored), share)
    parts = [quotable(_answering(ranking), share) for ranking in parts or []]
    if not scored:
        return []
    if model.fitted:  # a question about a user's upload: corpus quotes only where they answer (about_upload)
        lead = scored[0]
        scored = about_upload(scored, model.settings.answering_relevance, lead)
        parts = [about_upload(ranking, model.settings.answering_relevance, lead) for ranking in parts]
    named = [s for s in scored if s.passage.referenced]
    more = bool(parts) or asks_more(question.matching)  # a question of several parts (or joining a second by "and")
    if stance_party(question) is not None:  # a party's view asked: not the named provision's text (asked.py)
        named = []
    if named and question.only_names_provision:
        # "What does Article 98(3) say?": the provision's own sentences, in the treaty's order; each provision's when
        # it names several ("Article 98(3) of the EAEU Treaty and Article 1 of the accession treaty").
        return provisions_own(named, question.references, limit)
    if named and question.references and not any(r.paragraph for r in question.references) and not more:
        # "What does Article 98 say about X?": the paragraphs of the named article that are about X, the most relevant
        # first, the others in the treaty's order; of each named article, grouped by article, when it names several
        # ("Compare Article 97 and Article 98 on X"). A multi-part question goes on below: each part is covered
        # ("When was the accession treaty signed and what does Article 98 say?" lost its signing part: review s18 B6).
        def pick(group: list[Scored], n: int) -> list[Unit]:
            return _diverse(group, n, _floor(group[0], model, question), model, topic_stems(question))
        grouped = by_article(named, question.references, limit, pick)
        # a quoted lead-in takes its list through an entry quoted on its own (runon.with_list: audit s17 N2); another
        # document the question names is quoted too ("How does the article's paraphrase ... compare with the wording of
        # Article 98?": cover_documents, audit s20 A17)
        chosen = with_list(grouped if grouped is not None else answer_first(pick(named, limit)), scored,
                           reaching_only=True)
        return cover_documents(chosen, scored, named_families(question), model.settings.document_cover_share)
    ranked = list(scored)
    if question.wants_provision:
        ranked.sort(key=lambda s: (not s.unit.chunk.article, -s.relevance))
    floor = _floor(ranked[0], model, question)
    chosen = _diverse(ranked, limit, floor, model, topic_stems(question))
    chosen = cover_named(cover_part_rankings(chosen, parts or []), named, question.references)
    chosen = cover_documents(chosen, scored, named_families(question), model.settings.document_cover_share)
    chosen = lead_with_stance(leading(chosen, scored, question, limit, type_share, floor, model.settings.type_far_credit),
                              scored, question, limit)
    chosen = lead_with_signing(chosen, scored, more)
    chosen = named_definition(definitions_follow(chosen, question), scored, question)
    chosen = extend_short(with_list(chosen, scored), scored, model.extend_words)
    if model.next_share is not None:
        chosen = run_on(chosen, scored, ranked[0].relevance * model.next_share, parties_named(question.asked))
    views = view_asked(question)  # the parties whose view the turn asks for (asked.py)
    chosen = without_names_only(without_unstated_views(with_stated_view(chosen, scored, views), views), question,
                                views)
    chosen = with_typed_before(chosen, scored, question, type_share)
    chosen = with_attribution(with_rule(with_condition(chosen, scored), scored), scored)
    # the leading quote holding what a typed question asks, or opening with the most relevant unit, is kept whole even
    # when it points back to nothing quoted ("A third, and perhaps most likely, scenario lies between these extremes."
    # for "Which scenario does the author think is most likely?" was cut off: audit s18)
    whole = chosen[0] if chosen and (question.answer_type and holds_type(chosen[0], scored)
                                     or _opens_with(chosen[0], scored[0].unit)) else None
    return with_antecedent(chosen, scored, model.settings.paragraph_gap_chars, whole)


def _opens_with(quote: Unit, unit: Unit) -> bool:
    """The quote starts with the unit (same chunk, same first character)."""
    return quote.chunk.chunk_id == unit.chunk.chunk_id and quote.start == unit.start


def answer_first(picked: list[Unit]) -> list[Unit]:
    """The named article's quotes (`picked`: the most relevant first) with that one leading and the others in the
    treaty's order: "What obligations do member States have under Article 98?" opens with 98(9) ("must observe the
    legislation ..."), not with 98(2) (property) for coming first in the article."""
    return picked[:1] + sorted(picked[1:], key=lambda u: u.start)


def _answering(scored: list[Scored]) -> list[Scored]:
    """The candidates without title lines (a title supports nothing: units.is_heading), without units about the
    other outcome of the case than the question asks about (Scored.outcome below 0) and without units of paragraphs
    about the party other than the one asked (Scored.other_party); all of them when none is left."""
    return [s for s in scored if not is_heading(s.unit.text) and s.outcome >= 0 and not s.other_party] or scored


def _diverse(ranked: list[Scored], limit: int, floor: float, model: UnitModel,
             asked: frozenset[str] = frozenset()) -> list[Unit]:
    """Best first, then maximal marginal relevance on content words, above the floor, no list entry cut from its
    lead-in nor one whose own words miss what is asked (may_follow), from at most `limit` paragraphs: one unit each,
    and one second unit of one paragraph when it earns it (model.second_share) and, in a list, holds a stem of what the
    question asks about (`asked`: topic_stems) that the quotes chosen lack (adds_asked): the next item of a list is
    not quoted for ranking next. The answer stops when the next unit's marginal relevance falls below
    model.least_marginal: what it would add is little relevance or a repeat of what is quoted."""
    chosen: list[Scored] = [ranked[0]]
    pool = [s for s in ranked[1:] if s.relevance >= floor and may_follow(s.unit, asked)]
    span = max(ranked[0].relevance - floor, 1e-9)

    def mmr(item: Scored) -> float:
        novelty = max(word_overlap(item.unit.text, c.unit.text) for c in chosen)
        weight = model.settings.mmr_lambda
        return weight * (item.relevance - floor) / span - (1 - weight) * novelty

    while pool and _paragraphs(chosen) < limit:
        best = max(pool, key=mmr)
        pool.remove(best)
        if mmr(best) < model.least_marginal:
            break
        if any(c.unit.chunk.chunk_id == best.unit.chunk.chunk_id for c in chosen) and not (
                _paragraphs(chosen) == len(chosen) and _earns_second(best, ranked[0], model)
                and adds_asked(best.unit, [c.unit for c in chosen], asked)):
            continue
        if any(word_overlap(best.unit.text, c.unit.text) > model.settings.redundant_overlap for c in chosen):
            continue
        chosen.append(best)
    return [c.unit for c in chosen]


def may_follow(unit: Unit, asked: frozenset[str]) -> bool:
    """The unit may follow the lead: no list entry cut from its lead-in (units.cut_off), and an entry quoted after its
    lead-in only when its own words, the lead-in apart, hold a stem of what the question asks (`asked`: topic_stems).
    An entry's relevance reads its lead-in too (Unit.in_context), so every entry of a long list scores alike for a
    question naming the list's subject: "who decides the budget of the Union?" drew Art. 12(2)'s "appoint the Chairman
    of the Collegium of Commission ..." (review s24 R4)."""
    if cut_off(unit):
        return False
    return not is_fragment(unit.text) or bool(content_stems(unit.text) & asked)


def adds_asked(unit: Unit, chosen: list[Unit], asked: frozenset[str]) -> bool:
    """A second unit of a list (it or its paragraph's quoted unit is a list item) adds what the question asks: it
    holds (with its lead-ins) one of the `asked` stems that no chosen unit (with its lead-ins) holds. The next item of
    a list says something else; the next sentence of prose often answers what the first one matched (always True)."""
    if not any(u.kind == "item" for u in (unit, *(c for c in chosen if c.chunk.chunk_id == unit.chunk.chunk_id))):
        return True
    held = frozenset().union(*(content_stems(c.in_context) for c in chosen))
    return bool((content_stems(unit.in_context) & asked) - held)


def _paragraphs(chosen: list[Scored]) -> int:
    return len({c.unit.chunk.chunk_id for c in chosen})


def _earns_second(item: Scored, best: Scored, model: UnitModel) -> bool:
    """A second unit of a quoted paragraph joins when it reaches model.second_share of the best unit's relevance."""
    return model.second_share is not None and item.relevance >= model.second_share * best.relevance
