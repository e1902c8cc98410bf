"""Answerability: structural rules (language, missing provisions, annexes) and a fitted evidence model."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Callable

import numpy as np

from ..closing import closes
from ..fitted_model import embedding_fields, fits
from ..records import Chunk, EmbeddingModel, RetrievedPassage
from ..settings import Settings
from .answerability_kind import KindDirection
from .answertype import type_support
from .evidence import FEATURES, Evidence, idf_coverage, informative_weights, with_heading
from .features import QuestionFeatures, annex_numbers
from .language import function_words
from .units import Unit, content_stems, stem
from .wording import (ANNEX_MISSING, CORPUS_SOURCES, DEFAULT_TREATY, MISSING_ARTICLE, MISSING_PARAGRAPH,
                      MISSING_REFERENCE, NOT_ENGLISH, WEAK_EVIDENCE)

# Both fitted models (answerability and unit relevance), written by scripts/calibrate.py --write.
MODEL_FILE = Path(__file__).with_name("answerability_model.json")


@dataclass(frozen=True)
class Verdict:
    """Why a question is refused ('' = answer it), the user-facing reason and the model's probability."""

    reason: str
    message: str = ""
    probability: float | None = None
    annex: str = ""


ANSWER = Verdict("")


# --- structural rules ---------------------------------------------------------------------------------

def not_english(question: QuestionFeatures, least: float = Settings.min_latin_share,
                english_least: float = Settings.min_english_share,
                foreign_least: int = Settings.foreign_words_least) -> bool:
    """The user's own turn is not in English: under `least` of its letters Latin, or under `english_least` of its
    Latin-script words English (answering/language.py) with at least `foreign_least` words that are not, one of them
    another language's function word (language.function_words: names and shorthand never are)."""
    return question.latin_share < least or (
        question.english_share < english_least and len(question.foreign_words) >= foreign_least
        and bool(function_words(question.asked)))


def missing_reference(question: QuestionFeatures, chunks: list[Chunk]) -> str:
    """'paragraph 11 of Article 98 in the EAEU Treaty' when the corpus has no such provision, else ''."""
    for ref in question.references:
        source = ref.source_id or DEFAULT_TREATY
        in_article = [c for c in chunks if c.source_id == source and c.article == ref.article]
        title = next((c.short_title for c in chunks if c.source_id == source), source)
        if not in_article:
            return MISSING_ARTICLE.format(article=ref.article, title=title)
        if ref.paragraph and not any(c.paragraph == ref.paragraph for c in in_article):
            return MISSING_PARAGRAPH.format(paragraph=ref.paragraph, article=ref.article, title=title)
    return ""


def missing_annex(question: QuestionFeatures, passages: list[RetrievedPassage], chunks: list[Chunk]) -> str:
    """'Annex 30' when the question asks about an annex the corpus only refers to, else ''.

    Not when the question asks which provision refers to it (the answer type is a provision).
    """
    if question.wants_provision:
        return ""
    numbers = list(question.annexes)
    if not numbers and question.annex_pointer:
        # "that annex" / "the Statute": the annex the conversation's passages refer to.
        numbers = annex_numbers(question.matching) or [n for p in passages[:3] for n in annex_numbers(p.chunk.text)]
    return next((label for label in map(_annex_label, numbers) if not _in_corpus(label, chunks)), "")


def delegated_annex(question: QuestionFeatures, unit: Unit, chunks: list[Chunk]) -> str:
    """'Annex 2' when the unit refers to an annex the corpus lacks and sits in the article about what the question
    asks about (every content word of the article's title is the question's: "Court of the EAEU" for "How many
    judges does the EAEU Court have?"), so the annex is where the documents leave it; else ''. Not for a question
    about the present ("Who is the Court's judge now?"): an annex, a treaty's text, cannot say that either."""
    title = content_stems(unit.chunk.article_name)
    if not title or not title <= question.stems or question.present_time:
        return ""
    labels = map(_annex_label, annex_numbers(unit.text))
    return next((label for label in labels if not _in_corpus(label, chunks)), "")


def _annex_label(number: str) -> str:
    return f"Annex {number}"


def _in_corpus(label: str, chunks: list[Chunk]) -> bool:
    """The corpus holds the annex itself (a chunk located in it), not only references to it."""
    return any(label.lower() in (c.locator + " " + c.section).lower() for c in chunks)


# Words that name an annex or point to one ("Annex 2", "the Statute"): not what an annex question asks about.
_ANNEX_WORDS = re.compile(r"\bannex(?:es)?\b|\bstatutes?\b", re.I)
# The annex is the subject of the question ("What does Annex 2 say about ...?", "Does Annex 30 oblige ...?", "What
# does the Statute provide ...?"): it asks what the annex itself contains, which no other passage can tell. Named as a
# source instead ("Under the Statute, who ...?", "According to Annex 2, ...") it leaves what is asked to the evidence.
_POINTER = r"(?:the\s+|its\s+|that\s+|this\s+)?(?:[\w'’]+\s+){0,2}?(?:annex(?:es)?|statute)\b"
_AUXILIARY = r"(?:does|do|did|is|are|was|were|will|would|can|could|may|might|shall|should|must)"
_ANNEX_SUBJECT = re.compile(rf"(?:^|[,;:?.!]\s*|\b(?:what|how|which|who|whom|where|when|why)\s+(?:\w+\s+){{0,3}}?)"
                            rf"{_AUXILIARY}\s+{_POINTER}", re.I)


def annex_coverage(question: QuestionFeatures, scored: list, stats) -> float:
    """How far the evidence holds what a question about an absent annex asks, whatever the annex says: the best, over
    stats.settings.annex_units most relevant evidence units (`scored`: compose.Scored, best first) that do not themselves
    refer to an annex or a statute (those defer to what is absent), of the IDF-weighted share of the question's informative
    words the unit (with its heading and lead-in) holds, exact stems, the annex's own words left out; 0 for a unit without the
    asked-for answer type (answertype.type_support), and 0 when the annex is the question's subject (what it asks is
    what the annex says: _ANNEX_SUBJECT). "Under the Statute, who appoints the judges of the Court?" is
    held by "... upon suggestion of member States appoint the judges of the Court of the EAEU" (Art. 12(2)); "What
    does Annex 30 say about dental care?" by no unit but the one that refers to Annex 30."""
    stems = frozenset(stem(t) for t in question.terms if not _ANNEX_WORDS.search(t))
    if not stems or _ANNEX_SUBJECT.search(question.asked):
        return 0.0
    weights = informative_weights(question.terms, stats)
    best = 0.0
    for s in scored[:stats.settings.annex_units]:
        if _ANNEX_WORDS.search(s.unit.in_context):
            continue
        text = with_heading(s.unit)
        if type_support(text, question.answer_type, question.stems, weights, stats.settings.type_near_words,
                        stats.settings.type_far_credit) > 0:
            best = max(best, idf_coverage(stems, text, stats))
    return best


def structural_verdict(question: QuestionFeatures, passages: list[RetrievedPassage], chunks: list[Chunk],
                       settings: Settings | None = None) -> Verdict | None:
    """The refusals decided by rule, before any model (the language check reads the caller's `settings`:
    min_latin_share, min_english_share, foreign_words_least; None: the defaults)."""
    settings = settings or Settings()
    if not_english(question, settings.min_latin_share, settings.min_english_share, settings.foreign_words_least):
        return Verdict("not_english", NOT_ENGLISH)
    missing = missing_reference(question, chunks)
    if missing:
        return Verdict("missing_reference", MISSING_REFERENCE.format(missing=missing))
    annex = missing_annex(question, passages, chunks)
    if annex:
        return Verdict("annex_content", ANNEX_MISSING.format(annex=annex), annex=annex)
    return None


@dataclass(frozen=True)
class OffTopicLevels:
    """The off-topic gate's levels (off_topic), read once from Settings (from_settings); a level of 0 turns its
    condition off, as in Settings."""

    similarity: float  # Settings.off_topic_similarity: the best candidate unit's cosine
    domain: float = 0.0  # Settings.off_topic_domain: the domain signal's level
    related: float = Settings.nearby_similarity  # Settings.nearby_similarity: a passage related enough to show
    chat_domain: float | None = None  # Settings.off_topic_chat_domain (None: `domain` for a conversation's turn too)
    conversation: float = 0.0  # Settings.off_topic_conversation: near enough to the previous turn
    lexical: float = 0.0  # Settings.off_topic_lexical: the corpus share that vetoes a refusal
    chat_lexical: float = 0.0  # Settings.off_topic_chat_lexical
    first_lexical: float = 0.0  # Settings.off_topic_first_lexical
    first_lexical_domain: float = 0.0  # Settings.off_topic_first_lexical_domain
    names_lexical: float = 0.0  # Settings.off_topic_names_lexical
    names_domain: float = 0.0  # Settings.off_topic_names_domain

    @classmethod
    def from_settings(cls, settings: Settings) -> "OffTopicLevels":
        return cls(settings.off_topic_similarity, settings.off_topic_domain, settings.nearby_similarity,
                   settings.off_topic_chat_domain, settings.off_topic_conversation, settings.off_topic_lexical,
                   settings.off_topic_chat_lexical, settings.off_topic_first_lexical,
                   settings.off_topic_first_lexical_domain, settings.off_topic_names_lexical,
                   settings.off_topic_names_domain)


class OffTopic(Enum):
    """Which of off_topic's conditions refuses a turn; false for NONE, so a caller asking only whether it refuses reads
    it as a bool."""

    NONE = ""  # the gate does not refuse
    FEW_WORDS = "few_words"  # only the first-turn lexical condition (few_corpus_words) refuses
    OUTSIDE = "off_topic"  # its other conditions refuse (whether or not the first-turn lexical one does too)

    def __bool__(self) -> bool:
        return self is not OffTopic.NONE


def off_topic(best_similarity: float, domain: float | None, passages: list[RetrievedPassage], levels: OffTopicLevels,
              *, points_back: bool = False, in_conversation: bool = False, conversation: float | None = None,
              lexical: float | None = None, own_pointer: bool = False,
              apart: tuple[float | None, float | None] | None = None) -> OffTopic:
    """The text the gate judges (judged_text) shares no topic with the documents: no candidate unit comes within cosine
    `levels.similarity` of it (best_similarity: the best over the candidates of the top passages), or no unit comes
    within `levels.related` (no passage is related enough to show) and it is not within `levels.domain` of the
    questions the documents answer (`domain`: domain.DomainModel.similarity; None: not read, for a text naming a
    provision or a document, or without a model).
    A turn that points back (AnswerRequest.points_back) is refused only when both signals say so on its rewrite (under
    `levels.similarity` and under `levels.domain`): its words came partly from earlier turns, its passages were found
    with their words too (followup_search), and a rewrite ("As for CHI, would that actually resolve things?") is unlike
    the first turns either signal was fitted on. A turn of a conversation that does not point back (`in_conversation`,
    judged on the user's own words) is held to `levels.chat_domain` (None: `levels.domain`) instead of `levels.domain`,
    or to `levels.domain` when it also comes no nearer than `levels.conversation` to the previous turn and its answer
    (`conversation`: domain.conversation_similarity; None: not read): a follow-up the condenser leaves as it is ("what
    kind of solutions? give examples") is near what was just said, a turn that leaves the subject is not. Never when
    the text's words are the corpus's own: `lexical` (domain.corpus_share; None: not read) at least `levels.lexical`:
    "What is CHI?" holds a word the article writes throughout that the embedding model does not know, so the dense
    signals alone cannot tell. The other way, a conversation's turn judged on its own words is held to `levels.domain`
    also when its `lexical` share is under `levels.chat_lexical`: the chat level is for follow-ups the condenser leaves
    as they are, in the documents' words ("what kind of solutions?"), not for "Who won the world cup?"; not for a turn
    whose own words point back (`own_pointer`, AnswerRequest.own_pointer: "would that settle it?"). A first turn
    (neither `in_conversation` nor `points_back`) is held to `levels.first_lexical_domain` instead of `levels.domain`,
    whatever its passage similarity, when its `lexical` share is under `levels.first_lexical`: few of its words are the
    documents' ("Tell me a joke about lawyers": share 0, domain 0.368); so is a first turn under that domain level whose
    words apart from the place names it carries (`apart`: names_apart.asked_apart's share and domain; None: no such
    names) are under `levels.names_lexical` and `levels.names_domain` (the names are corpus words and lift the share:
    "who won the football match Russia vs Armenia", share 0.27, domain 0.466; apart from the names 0 and 0.147); a turn
    about the case's parties by name comes nearer than that level ("What does Bishkek want?" 0.738: its domain is the
    whole turn's, names included). Not when a user's upload is among the passages
    (an upload may be about anything), nor with no passages at all (refused as weak evidence).
    Returns which condition refuses (OffTopic: OUTSIDE when the other conditions do, FEW_WORDS when only the first-turn
    lexical one does, NONE when none does)."""
    if not passages or any(p.chunk.source_id not in CORPUS_SOURCES for p in passages):
        return OffTopic.NONE
    if _outside(best_similarity, domain, levels, points_back, in_conversation, conversation, lexical, own_pointer):
        return OffTopic.OUTSIDE
    few = not (in_conversation or points_back) and (
        few_corpus_words(lexical, levels.first_lexical, domain, levels.first_lexical_domain)
        or apart is not None and few_corpus_words(apart[0], levels.names_lexical, apart[1], levels.names_domain)
        and domain is not None and domain < levels.first_lexical_domain)
    return OffTopic.FEW_WORDS if few else OffTopic.NONE


def _outside(best_similarity: float, domain: float | None, levels: OffTopicLevels, points_back: bool,
             in_conversation: bool, conversation: float | None, lexical: float | None, own_pointer: bool) -> bool:
    """off_topic's conditions but the first-turn lexical one (its docstring)."""
    if lexical is not None and 0 < levels.lexical <= lexical:
        return False
    if points_back:
        return best_similarity < levels.similarity and domain is not None and domain < levels.domain
    if in_conversation and levels.chat_domain is not None:
        chat_lexical = 0.0 if own_pointer else levels.chat_lexical
        away = (conversation is not None and conversation < levels.conversation and levels.conversation > 0  # far too
                or lexical is not None and lexical < chat_lexical)  # or not in the documents' words
        return outside_topic(best_similarity, levels.similarity, domain,
                             levels.domain if away else levels.chat_domain, levels.related)
    return outside_topic(best_similarity, levels.similarity, domain, levels.domain, levels.related)


def few_corpus_words(lexical: float | None, level: float, domain: float | None, domain_level: float) -> bool:
    """off_topic's first-turn lexical condition: both signals read and under their levels (either level 0 = off)."""
    return (lexical is not None and domain is not None and level > 0 and domain_level > 0 and lexical < level
            and domain < domain_level)


def judged_text(request) -> str:
    """The text the off-topic gate judges (an AnswerRequest's): the rewrite of a turn that points back (its words came
    partly from earlier turns: "and doctor for them?" -> "What about doctor for kids?"), else the user's own turn, as a
    first turn is judged ("How do I bake bread?" after a question about the case, not "As for the case, how do I bake
    bread?")."""
    return request.standalone if request.points_back else request.question


def asks_nothing(text: str, most_words: int = Settings.acknowledgement_words) -> bool:
    """The turn has no question in it: no question mark and at most `most_words` words (Settings.acknowledgement_words:
    "thanks!", "ok, great"), or a longer closing ("ok that helps, thanks": closing.closes); refused as off-topic it
    gets a short neutral reply (wording.ACKNOWLEDGED)."""
    return "?" not in text and len(re.findall(r"[^\W\d_]+", text)) <= most_words or closes(text)


def reads_domain(question: QuestionFeatures) -> bool:
    """Whether off_topic reads the domain signal for the text it judges: not for one that names a provision or one of
    the documents ("What does Article 98(3) say?" with markup around it): it is about them."""
    return not (question.references or question.preferred_source)


def outside_topic(best_similarity: float, level: float, domain: float | None = None, domain_level: float = 0.0,
                  related: float = Settings.nearby_similarity) -> bool:
    """off_topic's decision on its two signals (scripts/offtopic_fit.py reads it as the answerer does)."""
    return best_similarity < level or (domain is not None and best_similarity < related and domain < domain_level)


def annex_pattern(annex: str) -> re.Pattern:
    return re.compile(rf"\b{re.escape(annex)}\b", re.I)


# --- the evidence model ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class LogisticModel:
    """p(answerable) = sigmoid(w . standardised features + b); refuse below `threshold`."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float
    kind: KindDirection | None = None  # the question-kind direction behind the "question_kind" feature
    form: KindDirection | None = None  # the direction on the topic-masked question ("question_form")
    features: tuple[str, ...] = FEATURES
    embedding_model: str = ""  # the model whose question vectors the directions were fitted on ('' = not recorded)

    def probability(self, x: np.ndarray) -> float:
        return sigmoid(float(self.contributions(x).sum() + self.bias))

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """Each feature's term of the logit (weight times standardised value): which signal refuses a question
        (scripts/refusal_signals.py); with the bias they sum to the logit that probability() reads."""
        return ((x - self.mean) / self.scale) * self.weights

    def question_scores(self, question: str, model: EmbeddingModel, corpus_idf: Callable[[str], float | None]
                        ) -> tuple[float, float] | None:
        """(question_kind, question_form) of a question: its vector (cached from retrieval) and its topic-masked
        vector scored on the two directions; 0 for a direction the model lacks; None when a direction was fitted for
        another embedding model (the caller holds the kind features and their products neutral: neutral_values)."""
        from ..embeddings import encode_query

        scores: list[float | None] = []
        for feature, direction in (("question_kind", self.kind), ("question_form", self.form)):
            if direction is None:
                scores.append(0.0)
                continue
            vector = encode_query(model, [direction.text(question, corpus_idf)])[0]
            # directions fitted for another embedding model score nothing (each warned): the features are held neutral
            usable = fits(f"The {feature} direction of {MODEL_FILE.name}", self.embedding_model,
                          len(direction.direction), model.name, len(vector))
            scores.append(direction.score(vector) if usable else None)
        return None if None in scores else (scores[0], scores[1])

    def neutral(self, feature: str) -> float:
        """The value of a feature that moves the probability neither way (the tuning items' mean)."""
        return float(self.mean[list(self.features).index(feature)])

    def neutral_values(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """((question_kind, question_form), (kind_complete, form_complete)) held neutral: each at its tuning mean, the
        products too (not the neutral kind times this question's completeness, which would still pull)."""
        return ((self.neutral("question_kind"), self.neutral("question_form")),
                (self.neutral("kind_complete"), self.neutral("form_complete")))

    def to_dict(self) -> dict:
        data = {"features": list(self.features), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "weights": self.weights.tolist(), "bias": self.bias, "threshold": self.threshold}
        for name, direction in (("kind", self.kind), ("form", self.form)):
            if direction is not None:
                data[name] = direction.to_dict()
        if self.embedding_model and self.kind is not None:
            data.update(embedding_fields(self.embedding_model, len(self.kind.direction)))
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "LogisticModel":
        if tuple(data["features"]) != FEATURES:
            raise ValueError("the answerability model was fitted on other features; run scripts/calibrate.py")
        kind = KindDirection.from_dict(data["kind"]) if data.get("kind") else None
        form = KindDirection.from_dict(data["form"]) if data.get("form") else None
        return cls(np.array(data["mean"]), np.array(data["scale"]), np.array(data["weights"]),
                   float(data["bias"]), float(data["threshold"]), kind, form,
                   embedding_model=str(data.get("embedding_model") or ""))


def sigmoid(z: float) -> float:
    """The logistic function, clamped so that exp never overflows."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 2000, rate: float = 0.1,
                 signs: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """L2-regularised logistic regression by gradient descent on standardised features.

    `signs` (+1, -1 or 0 per feature) constrains a weight to the direction the feature is meant to act in
    (projected gradient: a weight that would cross zero stays at zero); 0 leaves it free.
    """
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    w = np.zeros(z.shape[1])
    b = 0.0
    n = len(y)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(z @ w + b)))
        w -= rate * ((z.T @ (p - y)) / n + l2 * w / n)
        b -= rate * float(np.mean(p - y))
        if signs is not None:
            w = np.where(signs * w < 0, 0.0, w)
    return mean, scale, w, b


def evidence_verdict(evidence: Evidence, model: LogisticModel | None) -> Verdict:
    """Refuse when the fitted model's probability of 'answerable' is below its cross-validated threshold."""
    if model is None:
        return ANSWER
    p = model.probability(evidence.vector())
    if p < model.threshold:
        return Verdict("weak_evidence", WEAK_EVIDENCE, probability=p)
    return Verdict("", probability=p)
