"""The off-topic gate's reading of a first turn's asked words apart from the place names it carries."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

import numpy as np

if TYPE_CHECKING:
    from ..entities import CorpusTerms
    from .domain import DomainModel
    from .evidence import CorpusStats
    from .features import QuestionFeatures
    from .vectors import UnitVectors


def place_names(words: Iterable[str], terms: "CorpusTerms") -> set[str]:
    """The names among a turn's `words` (QuestionFeatures.terms and .acronyms) that the corpus writes capitalised in
    most occurrences (entities.CorpusTerms.is_name_word) and not after "the" (not CorpusTerms.takes_the): "Russia",
    "Bishkek", "Armenia", "moscow" lower-case too; not "the Commission", "the EAEU". Read off the corpus: no list."""
    return {w for w in words if terms.is_name_word(w) and not terms.takes_the(w)}


def without(text: str, names: set[str]) -> str:
    """`text` with each of `names` (and its possessive) left out."""
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?:['’]s?)?(?!\w)", " ", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip()


def asked_apart(text: str, question: "QuestionFeatures", terms: "CorpusTerms", stats: "CorpusStats",
                vectors: "UnitVectors", domain: "DomainModel") -> tuple[float | None, float | None] | None:
    """(corpus share, domain similarity) of a turn's words apart from its place names: the share of its other words the
    corpus writes (domain.corpus_share) and the domain similarity (domain.DomainModel) of its text with the names left
    out, embedded as retrieval embeds a question (`vectors`: answering.vectors.UnitVectors); None for a turn without
    such names (the gate's own signals read it whole). "what's the weather in Bishkek tomorrow": share 0, domain 0.09,
    where the whole turn comes near the documents' questions (0.52) by the place name alone."""
    from .domain import corpus_share

    names = place_names((*question.terms, *question.acronyms), terms)
    if not names:
        return None
    share = corpus_share(tuple(t for t in question.terms if t not in names), stats,
                         tuple(t for t in question.acronyms if t not in names))
    vector = np.asarray(vectors.question(without(text, names)), dtype=np.float32)
    return share, domain.similarity(vector)
