"""Vocabulary: lay wording mapped to the treaties' wording (the answerer's), and corpus neighbours of absent words."""

from __future__ import annotations

import json
import re
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from .records import EmbeddingModel

# Each pattern is a way people phrase a concept; its value is the treaty's own wording for it. Read by the
# answerer (corpus_wording: the unit features were fitted with it) and by the misspelling check below. Retrieval no
# longer adds it to the keyword query: with the learnt adapter and reranker it gained at most one tuning question
# held out (docs/evaluation.md, Retrieval, seventh session). Curated from the EAEU Treaty's Section XXVI vocabulary
# and general treaty drafting terms, not from particular questions.
LAY_TO_TREATY: dict[str, str] = {
    r"take[sn]? effect|come[s]? into (?:force|effect)|become[s]? effective": "enter into force",
    r"\bseat\b|headquarter(?:s|ed)?|\bbased\b|\blocated\b|\bsits?\b": "residence city",
    r"\bsue[sd]?\b|lawsuit|litigat\w*|legal action|take \w+ to court": "dispute court",
    r"dependa?nts?|relatives|spouses?|\bwi(?:fe|ves)\b|husbands?|famil(?:y|ies)\b": "family members",
    r"health (?:insurance|cover(?:age)?)|medical (?:insurance|cover(?:age)?)|\bCHI\b": "compulsory medical insurance",
    r"\bpensions?\b|retire(?:ment|d)?": "pensions retirement",
    r"\bmigrants?\b|guest workers?|foreign workers?": "member State worker",
    r"host (?:country|state)|country (?:where|in which) \w+ works?": "State of employment",
    r"home (?:country|state)|country of origin|country of citizenship": "State of permanent domicile",
    r"work permits?|permission to work": "permit for conduction of the work activities",
    r"\bbenefits?\b|welfare|social security|social protection": "social welfare social insurance",
    r"\bwages?\b|salar(?:y|ies)|earnings|\bincome\b": "revenues work activity",
    r"language versions?|translations?|which text": "text language divergence interpretation",
    r"kindergarten|nursery|\bschool(?:s|ing)?\b": "preschool education",
    r"deadline|\bby when\b|time limit": "not later than",
    r"health ?care|doctor|hospital|treatment": "medical care",
    r"qualifications?|diplomas?|degrees?": "education documents",
}
_COMPILED = [(re.compile(pattern, re.I), terms) for pattern, terms in LAY_TO_TREATY.items()]


def treaty_terms(question: str) -> list[str]:
    """The treaty wording for every lay concept the question uses, without duplicates."""
    found: list[str] = []
    for pattern, terms in _COMPILED:
        if pattern.search(question) and terms not in found:
            found.append(terms)
    return found


@lru_cache(maxsize=8)
def word_neighbours(folder: Path | None, generation: str, model: EmbeddingModel, min_cosine: float
                    ) -> "WordNeighbours":
    """The neighbours of one index generation's word table, shared by the retriever and the answerer so that
    words.npy is read and its spelling keys are built once per process. `generation` is part of the key
    because a Chroma-server index keeps its word table in the same folder across generations."""
    return WordNeighbours(folder, model, min_cosine)


def corpus_wording(question: str, neighbours: "WordNeighbours | None") -> list[str]:
    """The corpus's wording for the question's lay words: the treaty terms of the lay vocabulary and the corpus
    neighbours of the words the corpus never uses (the answerer's; the unit model was fitted with this wording)."""
    return treaty_terms(question) + (neighbours.terms(question) if neighbours is not None else [])


# --- corpus neighbours of words the corpus never uses ----------------------------------------------------

@lru_cache(maxsize=4096)
def encode_word(model: EmbeddingModel, word: str) -> np.ndarray:
    """A word embedded on its own with the query encoder (never in a batch, so its vector does not depend on
    what else was asked); cached per process, shared by retrieval and the answerer's evidence."""
    from .embeddings import encode_query

    return encode_query(model, [word])[0]


def _deletions(word: str) -> set[str]:
    """The word and every form of it with one letter deleted."""
    return {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by one inserted, deleted or changed letter."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return len(long_) - len(short) == 1 and any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _lay_words() -> frozenset[str]:
    """The literal words of the lay wording above ('kindergarten', 'hospital'): a misspelling may mean one."""
    return frozenset(w for pattern in LAY_TO_TREATY
                     for w in re.findall(r"(?<![a-z])[a-z]{5,}(?=$|[|)\s])", pattern.replace(r"\b", " ")))


class WordNeighbours:
    """For each question word the corpus never uses ("diploma", "salary", a typo), a word BM25 can match: the
    known word it misspells (one letter added, left out or changed, the first kept: "kindergarden", "diplom"),
    else its nearest corpus word by the index's word vectors (index/words.npy) when their cosine reaches
    `min_cosine`. Computed from the corpus (and the lay words above), no list of synonyms."""

    def __init__(self, folder: Path | None, model: EmbeddingModel, min_cosine: float):
        self.folder, self.model, self.min_cosine = folder, model, min_cosine  # model: the caller's Settings.embedding

    @cached_property
    def _table(self) -> tuple[list[str], frozenset[str], np.ndarray]:
        from .answering.evidence import WORD_VECTORS_FILE, WORDS_FILE
        from .answering.units import stem

        try:
            words = json.loads((self.folder / WORDS_FILE).read_text(encoding="utf-8"))
            matrix = np.load(self.folder / WORD_VECTORS_FILE).astype(np.float32)
        except (OSError, ValueError, TypeError):
            return [], frozenset(), np.zeros((0, 384), dtype=np.float32)
        matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
        return words, frozenset(stem(w) for w in words), matrix

    @cached_property
    def _lexicon(self) -> dict[str, list[str]]:
        """Known words (corpus and lay wording) of 5+ letters under each of their one-letter deletions, so that a
        word one edit away shares a key with them (symmetric deletion)."""
        by_key: dict[str, list[str]] = {}
        for word in sorted(set(self._table[0]) | _lay_words()):
            if len(word) >= 5 and word.isalpha():
                for key in _deletions(word):
                    by_key.setdefault(key, []).append(word)
        return by_key

    def warm(self) -> None:
        """Read the word table and build the spelling keys now, not at the first question."""
        if self.min_cosine > 0 and self.folder is not None:
            self._lexicon

    def spelling(self, word: str) -> str:
        """The known word `word` misspells by one letter (same first letter), or ''; the first in sorted order."""
        if len(word) < 5 or not word.isalpha() or treaty_terms(word):
            return ""
        if word in self._lexicon.get(word, ()):
            return ""  # a known word is no misspelling
        candidates = {k for key in _deletions(word) for k in self._lexicon.get(key, ())}
        return min((k for k in candidates if k[0] == word[0] and _one_edit(word, k)), default="")

    def terms(self, question: str) -> list[str]:
        """For each absent question word, the known word it misspells or else its nearest corpus word, in question
        order, without repeats."""
        from .answering.units import content_words, stem

        if self.min_cosine <= 0 or self.folder is None:
            return []
        words, corpus_stems, _ = self._table  # the word vectors are read once per word, by _choices
        asked = [w.lower() for w in content_words(question) if not w.isdigit() and len(w) > 2]
        stems = {stem(w) for w in asked}
        found: list[str] = []
        # Absent = no corpus word shares its stem ("Kyrgyzstan's" is there as "Kyrgyzstan’s", "courts" as "court").
        for word in dict.fromkeys(w for w in asked if stem(w) not in corpus_stems):
            if not len(words):
                break
            fixed, nearest = _choices(self, word)
            if fixed:
                if fixed not in found:
                    found.append(fixed)
                continue
            chosen = next((w for w in nearest if stem(w) not in stems and w not in found), "")
            if chosen:
                found.append(chosen)
        return found


@lru_cache(maxsize=4096)
def _choices(neighbours: WordNeighbours, word: str) -> tuple[str, tuple[str, ...]]:
    """What an absent word can become: (the known word it misspells, ''), or ('', its nearest corpus words: the top 5
    at `min_cosine` or more, best first). Looked up once per word and table (a question, its parts and the answerer's
    corpus wording all ask for the same words)."""
    fixed = neighbours.spelling(word)
    if fixed:
        return fixed, ()
    words, _, matrix = neighbours._table
    vector = encode_word(neighbours.model, word)
    cosines = matrix @ (vector / max(float(np.linalg.norm(vector)), 1e-9))
    nearest = []
    for row in np.argsort(-cosines, kind="stable")[:5]:
        if cosines[row] < neighbours.min_cosine:
            break
        nearest.append(words[row])
    return "", tuple(nearest)
