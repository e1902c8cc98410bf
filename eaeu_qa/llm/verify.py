"""Verification of generated answers: each sentence's [n] checked against passage n, lexically and by embedding."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..answering.units import content_stems  # the one stemmer/stopword list of the project
from ..embeddings import get_encoder
from ..records import EmbeddingModel, RetrievedPassage, SentenceCheck, Verification
from ..textrepair import fold_whitespace, repair_ocr, split_sentences, words

# A citation supports its sentence when BOTH hold (docs/llm.md, "What verification does"):
LEXICAL_MIN = 0.6  # share of the sentence's content words (stemmed) that occur in the cited passage
SIMILARITY_MIN = 0.5  # cosine of the sentence to the closest sentence of the cited passage (all-MiniLM-L6-v2)
# ... and every number the sentence states also occurs in the passage (a wrong year or share fails).

_MARKERS = re.compile(r"\s*\[\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]")
_ANY_BRACKET = re.compile(r"\[[^\]]*\]?")
_MARKERS_AFTER_STOP = re.compile(r"([.!?])((?:\s*\[\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*\])+)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Claim:
    """One generated sentence without its markers, and the passage numbers it cites in order."""

    text: str
    written: str
    cited: tuple[int, ...]


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(repair_ocr(text))}


def split_claims(text: str) -> list[Claim]:
    """The generated text as sentences, each with the passage numbers written in it ("... [1][3].")."""
    # "Claim. [2] Next." -> "Claim [2]. Next.": a marker written after the full stop belongs to that sentence.
    text = _MARKERS_AFTER_STOP.sub(lambda m: m.group(2) + m.group(1), fold_whitespace(text))
    claims = []
    for start, end in split_sentences(text):
        written = text[start:end].strip()
        cited = tuple(int(n) for group in _MARKERS.findall(written) for n in re.split(r"\s*[,;]\s*", group))
        bare = fold_whitespace(_ANY_BRACKET.sub(" ", written))
        bare = re.sub(r"\s+([.,;:!?])", r"\1", bare).strip()
        if bare.strip(" .,;:!?\"'"):
            claims.append(Claim(text=bare, written=written, cited=tuple(dict.fromkeys(cited))))
    return claims


@dataclass(frozen=True)
class Source:
    """A numbered passage as the verifier sees it: the text it quotes from and what may support a claim."""

    text: str  # the passage text; quote spans index into it
    support: str  # the passage with its document, locator and heading (what the prompt showed)


def passage_source(passage: RetrievedPassage) -> Source:
    chunk = passage.chunk
    label = f"{chunk.short_title} {chunk.locator.replace('Art.', 'Article')} {chunk.context}"
    return Source(text=chunk.text, support=f"{label} {chunk.text}")


def verify(text: str, passages: list[RetrievedPassage], model: EmbeddingModel, refusal: str = "") -> Verification:
    """Check every generated sentence against the passages it cites (numbered 1..len(passages)); `model`: the
    caller's Settings.embedding."""
    return verify_sources(text, {n: passage_source(p) for n, p in enumerate(passages, start=1)}, model,
                          refusal)


def verify_sources(text: str, sources: dict[int, Source], model: EmbeddingModel, refusal: str = "") -> Verification:
    """The same check over any numbered texts (the evaluation applies it to every answerer's citations)."""
    claims = split_claims(text)
    if refusal and claims and all(_is_refusal(c.text, refusal) for c in claims):
        return Verification(sentences=[SentenceCheck(text=c.text, cited=list(c.cited), verdict="refusal")
                                       for c in claims], refused=True)
    if not claims:
        return Verification()
    needed = sorted({n for c in claims for n in c.cited if n in sources})
    spans = {n: split_sentences(sources[n].text) or [(0, len(sources[n].text))] for n in needed}
    pieces = [repair_ocr(sources[n].text[s:e]) for n in needed for s, e in spans[n]]
    vectors = get_encoder(model).encode([c.text for c in claims] + pieces)  # unit-normalised
    piece_vectors, offset = {}, len(claims)
    for n in needed:
        piece_vectors[n] = vectors[offset:offset + len(spans[n])]
        offset += len(spans[n])
    return Verification(sentences=[_check(claim, vectors[i], sources, spans, piece_vectors, refusal)
                                   for i, claim in enumerate(claims)])


def _check(claim: Claim, vector: np.ndarray, sources: dict[int, Source], spans, piece_vectors,
           refusal: str) -> SentenceCheck:
    stems = content_stems(claim.text)
    valid = [n for n in claim.cited if n in sources]
    dropped = [n for n in claim.cited if n not in sources]
    supported, quotes, best_lexical, best_similarity = [], {}, 0.0, 0.0
    for n in valid:
        support = sources[n].support
        lexical = len(stems & content_stems(support)) / len(stems) if stems else 0.0
        similarities = piece_vectors[n] @ vector
        best = int(np.argmax(similarities))
        similarity = float(similarities[best])
        best_lexical, best_similarity = max(best_lexical, lexical), max(best_similarity, similarity)
        if lexical >= LEXICAL_MIN and similarity >= SIMILARITY_MIN and numbers(claim.text) <= numbers(support):
            supported.append(n)
            quotes[n] = spans[n][best]
    if supported:
        verdict = "supported"
    elif refusal and _is_refusal(claim.text, refusal):
        verdict = "refusal"
    else:
        verdict = "unsupported" if valid else "uncited"
    return SentenceCheck(text=claim.text, cited=list(claim.cited), supported=supported, dropped=dropped,
                         lexical=round(best_lexical, 3), similarity=round(best_similarity, 3), verdict=verdict,
                         quote_spans={n: list(span) for n, span in quotes.items()})


def _is_refusal(sentence: str, refusal: str) -> bool:
    folded = words(sentence)
    return bool(folded) and folded == words(refusal)
