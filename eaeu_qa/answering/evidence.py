"""Evidence features for answerability: corpus IDF, word neighbours, similarity, coverage, mood, numbers."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..embeddings import encode
from ..lru import LRUCache
from ..records import Chunk, EmbeddingModel, RetrievedPassage
from ..settings import Settings
from .answertype import name_initials, type_support
from .features import QuestionFeatures, outside_story
from .instruments import (DOCUMENT_NOUNS, absent_instrument, corpus_verbs, instrument_words, object_words,
                          title_attributes)
from .units import Unit, content_stems, content_words, stem

WORDS_FILE = "words.json"
WORD_VECTORS_FILE = "words.npy"

# The names of the features, in the order of the model's weights (answerability_model.json).
FEATURES = ("best_similarity", "soft_coverage", "unsupported_idf", "number_missing", "named_provision",
            "present_time", "type_unsupported", "absent_name", "absent_instrument", "retrieval_agreement",
            "unsupported_ask", "question_kind", "question_form", "kind_complete", "form_complete")
# The direction each feature is meant to act in (+1: more of it, more likely answerable). The fit keeps every
# weight on its side of zero, so a feature can only help in the way it was designed to, or drop out.
SIGNS = (+1, +1, -1, -1, +1, -1, -1, -1, -1, +1, -1, +1, +1, -1, -1)
# The kind scores are priors learnt from the question's wording (and so its topic: "judges of the Court" is mostly
# asked unanswerably in the tuning data); complete evidence should outweigh them. kind_complete and form_complete are
# the two kind scores times unit_completeness (the most relevant evidence unit holds the question's words and the
# asked-for type): their weights (sign -1) take back the prior's pull where the evidence is complete.
# The kind score each product is built from (scripts/answerability_cv.py recomputes them after nesting the kinds).
PRODUCTS = {"question_kind": "kind_complete", "question_form": "form_complete"}


def corpus_words(chunks: list[Chunk]) -> list[str]:
    """Distinct lower-case content words of the corpus (what the word-vector table holds)."""
    return sorted({w.lower() for c in chunks for w in content_words(c.search_text) if not w.isdigit()})


def write_word_vectors(folder: Path, model: EmbeddingModel, chunks: list[Chunk]) -> int:
    """Index time: embed every corpus word once, for matching question words through neighbours."""
    vocabulary = corpus_words(chunks)
    matrix = encode(model, vocabulary) if vocabulary else np.zeros((0, 384), dtype=np.float32)
    np.save(folder / WORD_VECTORS_FILE, matrix.astype(np.float32))
    (folder / WORDS_FILE).write_text(json.dumps(vocabulary), encoding="utf-8")
    return len(vocabulary)


def _stem_document_frequencies(chunks: list[Chunk], folder: Path) -> dict[str, int]:
    """Chunks per content stem; computed once per corpus and code and kept on disk (eaeu_qa.derived_cache)."""
    from .. import entities, textrepair
    from ..derived_cache import cached
    from . import units

    def count() -> dict[str, int]:
        df: dict[str, int] = {}
        for chunk in chunks:
            for s in {stem(w) for w in content_words(chunk.search_text)}:
                df[s] = df.get(s, 0) + 1
        return df

    return cached("stem-df", chunks, [__file__, units.__file__, entities.__file__, textrepair.__file__], count, folder)


def _instrument_words(chunks: list[Chunk], window: int, folder: Path) -> frozenset[str]:
    """instruments.instrument_words of the corpus within `window` words, kept on disk like the stem frequencies."""
    from ..derived_cache import cached
    from .. import textrepair
    from . import instruments, units

    return cached(f"instrument-words-{window}", chunks, [instruments.__file__, units.__file__, textrepair.__file__],
                  lambda: instrument_words((c.search_text for c in chunks), window), folder)


def _corpus_verbs(chunks: list[Chunk], folder: Path) -> frozenset[str]:
    """instruments.corpus_verbs of the corpus, kept on disk like the stem frequencies."""
    from ..derived_cache import cached
    from . import instruments, units

    return cached("corpus-verbs", chunks, [instruments.__file__, units.__file__],
                  lambda: corpus_verbs(c.search_text for c in chunks), folder)


def _name_initials(chunks: list[Chunk], folder: Path) -> frozenset[str]:
    """answertype.name_initials of the corpus (with the sources' titles), kept on disk like the stem frequencies."""
    from ..derived_cache import cached
    from . import answertype

    return cached("name-initials", chunks, [answertype.__file__],
                  lambda: name_initials([*(c.text for c in chunks),
                                         *sorted({t for c in chunks for t in (c.title, c.short_title)})]), folder)


def absent_names(question: QuestionFeatures, stats: "CorpusStats") -> bool:
    """The question relies on a name the corpus never uses: a capitalised word ("Tashkent") outside the user's own
    story (features.outside_story: not "Kazan" in "we live in Kazan, ..."), or an acronym the corpus neither writes nor
    spells out (stats.initials: "EU", while "WTO" is the corpus's World Trade Organization)."""
    return any(stem(n) not in stats.df for n in outside_story(question.matching, question.names)) \
        or any(stem(a) not in stats.df and a.lower() not in stats.initials for a in question.acronyms)


def with_heading(unit: Unit) -> str:
    """A unit as the evidence checks read it: its chunk's heading (article title, section), then the unit with its
    lead-in ("context. unit"); the one join of the unit features, completeness and the asked-for type."""
    return f"{unit.chunk.context}. {unit.in_context}"


def encode_word(model: EmbeddingModel, word: str) -> np.ndarray:
    """A question word the index's word table lacks, embedded on its own (in memory, like questions): computed
    the same way whatever other words or texts the questions asked before put into a batch."""
    from ..vocabulary import encode_word as encode_alone

    return encode_alone(model, word)


class CorpusStats:
    """Document frequencies of stems (over chunks) and the index's word vectors."""

    def __init__(self, chunks: list[Chunk], index_dir: Path | None = None,
                 instrument_window: int = Settings.instrument_window, settings: Settings | None = None):
        # the answerer's settings (None: the defaults), read by the features computed with these statistics
        # (type_units, type_near_words, type_far_credit, annex_units, instrument_object_similarity)
        self.settings = settings or Settings()
        folder = self.settings.derived_dir  # where the statistics below are kept on disk (derived_cache)
        df = _stem_document_frequencies(chunks, folder)
        # stems that stand within instrument_window words of a document noun in the corpus
        # and the words and years of the titles of the corpus's own instruments ("EAEU Treaty", "... 2014")
        title_words, self.instrument_years = title_attributes({t for c in chunks for t in (c.title, c.short_title)})
        self.title_words = title_words
        self.instrument_words = _instrument_words(chunks, instrument_window, folder) | title_words
        # what the corpus's instruments say they do (the names of their first articles beyond their titles' words)
        own = {c.title for c in chunks if DOCUMENT_NOUNS & {w.lower() for w in content_words(c.title)}}
        self.object_words = object_words({c.article_name for c in chunks if c.article == "1" and c.title in own},
                                         title_words)
        self.verbs = _corpus_verbs(chunks, folder)  # stems the corpus uses right after a modal
        self.initials = _name_initials(chunks, folder)  # the acronyms the corpus spells out ("wto")
        self.n = len(chunks)
        self.df = df
        self.max_idf = math.log((self.n + 1) / 1) + 1
        self.word_index: dict[str, int] = {}
        self.extra_words = LRUCache(self.settings.word_cache_size)  # words outside the table, encoded before
        self.word_vectors = np.zeros((0, 384), dtype=np.float32)
        if index_dir is not None:
            try:
                words = json.loads((index_dir / WORDS_FILE).read_text(encoding="utf-8"))
                self.word_vectors = np.load(index_dir / WORD_VECTORS_FILE)
                self.word_index = {w: i for i, w in enumerate(words)}
            except (OSError, ValueError):
                pass

    def unknown_words(self, words) -> dict[str, None]:
        """The words (lower-cased) neither the table nor the cache of encoded words holds, in a new mapping of the
        request's own (word -> None); the answerer embeds them (each on its own) with the question and keeps them
        (remember)."""
        words = (w.lower() for w in words)
        return {w: None for w in words if w not in self.word_index and w not in self.extra_words}

    def remember(self, words: dict[str, np.ndarray | None]) -> None:
        """Keep a request's encoded words in the shared, bounded cache (Settings.word_cache_size)."""
        for word, vector in words.items():
            if vector is not None:
                self.extra_words.put(word, vector)

    def word_vector(self, word: str, model: EmbeddingModel) -> np.ndarray:
        if word in self.word_index:
            return self.word_vectors[self.word_index[word]]
        vector = self.extra_words.get(word)
        if vector is None:
            vector = encode_word(model, word)
            self.extra_words.put(word, vector)
        return vector

    def describes_own(self, word: str, model: EmbeddingModel, level: float | None = None) -> bool:
        """Whether `word` says what one of the corpus's instruments does: its word vector is at least `level` close to
        one of object_words' ("founding" to "establishment", 0.56; "federal" 0.31; None: the settings'
        instrument_object_similarity)."""
        if not self.object_words:
            return False
        level = self.settings.instrument_object_similarity if level is None else level
        vector = self.word_vector(word.lower(), model)
        return any(float(self.word_vector(w, model) @ vector) >= level for w in sorted(self.object_words))

    def idf(self, word: str) -> float:
        """Normalised IDF in (0, 1]: 1 for a word the corpus never uses."""
        return (math.log((self.n + 1) / (self.df.get(stem(word), 0) + 1)) + 1) / self.max_idf

    def corpus_idf(self, word: str) -> float | None:
        """The word's normalised IDF, or None when the corpus never uses it (for answerability_kind.topic_masked)."""
        return self.idf(word) if stem(word) in self.df else None


def idf_coverage(stems: frozenset[str], text: str, stats: CorpusStats) -> float:
    """IDF-weighted share of the question's stems that occur in text."""
    if not stems:
        return 0.0
    present = content_stems(text)
    weights = {s: stats.idf(s) for s in sorted(stems)}  # a fixed summation order (not the set's hash order)
    return sum(w for s, w in weights.items() if s in present) / sum(weights.values())


def unit_completeness(question: QuestionFeatures, unit_text: str, stats: CorpusStats) -> float:
    """How completely one evidence unit (with its heading) holds what the question asks: the IDF-weighted share of the
    question's stems it holds (exact stems), 0 when it lacks the asked-for answer type (answertype.type_support).
    "Who appoints the judges of the EAEU Court?" against "... upon suggestion of member States appoint the judges of
    the Court of the EAEU" (Art. 12(2)): 1.0; "How many judges ...?" against the same unit: 0 (no number)."""
    if not unit_text:
        return 0.0
    informative = informative_weights(question.terms, stats)
    if type_support(unit_text, question.answer_type, question.stems, informative, stats.settings.type_near_words,
                    stats.settings.type_far_credit) <= 0:
        return 0.0
    return idf_coverage(question.stems, unit_text, stats)


@dataclass(frozen=True)
class Evidence:
    """The feature values of one question against its retrieved evidence."""

    values: dict[str, float]

    def vector(self) -> np.ndarray:
        return np.array([self.values[name] for name in FEATURES], dtype=float)


@lru_cache(maxsize=64)
def informative_weights(terms: tuple[str, ...], stats: CorpusStats) -> dict[str, float]:
    """Each question stem's IDF relative to the question's most informative word (computed once per question)."""
    top = max((stats.idf(t) for t in terms), default=1.0) or 1.0
    return {stem(t): stats.idf(t) / top for t in terms}


def word_support(words: tuple[str, ...], evidence_text: str, stats: CorpusStats, model: EmbeddingModel
                 ) -> dict[str, float]:
    """Per word: 1 if its stem is in the evidence, else its best neighbour cosine among the evidence's words, relative
    to their median cosine (0 without evidence words in the index's table)."""
    evidence_stems = {stem(w) for w in content_words(evidence_text)}
    support = {}
    unmatched = []
    for term in dict.fromkeys(words):
        if stem(term) in evidence_stems:
            support[term] = 1.0
        else:
            unmatched.append(term)
    if not unmatched:
        return support
    rows = sorted({stats.word_index[w] for w in (w.lower() for w in content_words(evidence_text)) if w in stats.word_index})
    if not rows:
        return {**support, **{t: 0.0 for t in unmatched}}
    vectors = {t: stats.word_vector(t.lower(), model) for t in unmatched}
    evidence_matrix = stats.word_vectors[rows]
    for term in unmatched:
        cosines = evidence_matrix @ vectors[term]
        # Relative to how close the term is to an ordinary evidence word: any two words share some cosine.
        typical = float(np.median(cosines))
        support[term] = max(0.0, (float(np.max(cosines)) - typical) / max(1e-6, 1.0 - typical))
    return support


def retrieval_agreement(passages: list[RetrievedPassage], depth: int = Settings.agreement_depth) -> float:
    """How far the two retrieval signals agree on the evidence: the share of the dense ranking's first `depth`
    passages that are also among the keyword (BM25) ranking's first `depth` (RetrievedPassage.dense_rank and
    lexical_rank; passages outside `passages` count as not shared). A question the documents answer tends to have its
    words and its meaning point to the same passages; one they do not answer draws look-alikes of either kind."""
    dense = {p.chunk.chunk_id for p in passages if p.dense_rank is not None and p.dense_rank <= depth}
    lexical = {p.chunk.chunk_id for p in passages if p.lexical_rank is not None and p.lexical_rank <= depth}
    return len(dense & lexical) / depth


def evidence_features(question: QuestionFeatures, best_similarity: float, best_units: list[str],
                      evidence_text: str, named_provision: bool, stats: CorpusStats, model: EmbeddingModel,
                      question_kind: float = 0.0, question_form: float = 0.0, agreement: float = 0.0,
                      complete_unit: str = "", neutral_products: tuple[float, float] | None = None) -> Evidence:
    """Feature values from the question, the best units' texts with their headings (with_heading, most relevant first:
    the asked-for type is looked for there as unit_completeness looks for it in `complete_unit`) and the passages' text.

    `question_kind` and `question_form` are the scores of the question's vector and of its topic-masked vector on
    the two fitted kind directions (answerability_kind.py); `agreement` is retrieval_agreement of the evidence passages;
    `complete_unit` the most relevant evidence unit with its heading (unit_completeness, the products' factor);
    `neutral_products` the products' values when the kind scores were held neutral (the model's tuning means).
    """
    # Each informative question word's support, and the asked-for thing's ("what papers", "how many days"): one pass
    # over the evidence's words (a word's support does not depend on the other words asked about). The terms keep
    # word_support's order (matched first), the order the sums below add in.
    supports = word_support(question.terms + question.asked_head, evidence_text, stats, model)
    terms = set(question.terms)
    support = {t: value for t, value in supports.items() if t in terms}
    weights = {t: stats.idf(t) for t in support}
    total = sum(weights.values()) or 1.0
    soft = sum(w * support[t] for t, w in weights.items()) / total if support else 1.0
    unsupported = max((w * (1.0 - support[t]) for t, w in weights.items()), default=0.0)
    text = " ".join(evidence_text.split())
    number_missing = float(any(not re.search(rf"(?<![\d.,]){re.escape(n)}(?!\d)", text) for n in question.numbers))
    informative = informative_weights(question.terms, stats)
    type_found = max((type_support(u, question.answer_type, question.stems, informative, stats.settings.type_near_words,
                                   stats.settings.type_far_credit)
                      for u in best_units[:stats.settings.type_units]), default=0.0)
    complete = unit_completeness(question, complete_unit, stats)
    products = neutral_products or (question_kind * complete, question_form * complete)
    return Evidence({
        "best_similarity": best_similarity, "soft_coverage": soft, "unsupported_idf": unsupported,
        "number_missing": number_missing, "named_provision": float(named_provision),
        "present_time": float(question.present_time), "type_unsupported": 1.0 - type_found,
        "absent_name": float(absent_names(question, stats)),
        "absent_instrument": float(absent_instrument(question.instruments, stats.instrument_words, stats.verbs,
                                                   stats.instrument_years,
                                                   lambda word: stats.describes_own(word, model),
                                                   stats.title_words)),
        "retrieval_agreement": agreement, "unsupported_ask": 1.0 - max((supports[w] for w in question.asked_head), default=1.0),
        "question_kind": question_kind, "question_form": question_form,
        "kind_complete": products[0], "form_complete": products[1], "unit_completeness": complete,
    })
