"""Explicit pointers in a question: named articles and paragraphs, named documents, and which chunks match them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Chunk
from .textrepair import split_sentences

@dataclass(frozen=True)
class Reference:
    """An explicit pointer in a question: 'Article 98', 'Art. 96(5)', 'paragraph 3 of Article 98'."""

    article: str
    paragraph: str = ""
    source_id: str = ""  # "" = any treaty that has this article


_ARTICLE = r"(?:articles?|arts?\.?)\s*"
_PATTERNS = [
    # paragraph 3 of Article 98 / para. 3 of Art. 98
    re.compile(r"\b(?:paragraph|para\.?|point|§)\s*(?P<para>\d{1,2})\s+(?:of\s+(?:the\s+)?)?" + _ARTICLE
               + r"(?P<art>\d{1,3})\b", re.I),
    # Article 98(3) / Art. 98 (3) / Article 98, paragraph 3 / Art 98 para 3
    re.compile(r"\b" + _ARTICLE + r"(?P<art>\d{1,3})(?:\s*\((?P<para1>\d{1,2})\)|,?\s*(?:paragraph|para\.?|point|§)\s*"
               r"(?P<para2>\d{1,2}))?", re.I),
]
_RANGE = re.compile(r"\b" + _ARTICLE + r"(?P<first>\d{1,3})\s*(?:-|–|to|through)\s*(?P<last>\d{1,3})\b", re.I)


def parse_references(question: str) -> list[Reference]:
    """Every article/paragraph the question names, in order of appearance, without duplicates."""
    source = "accession_treaty" if re.search(r"\baccession\b", question, re.I) else ""
    found: list[tuple[int, Reference]] = []
    consumed: list[range] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(question):
            if any(m.start() in span for span in consumed):
                continue
            consumed.append(range(m.start(), m.end()))
            para = m.groupdict().get("para") or m.groupdict().get("para1") or m.groupdict().get("para2") or ""
            found.append((m.start(), Reference(m.group("art"), para, source)))
    for m in _RANGE.finditer(question):
        first, last = int(m.group("first")), int(m.group("last"))
        if 0 < last - first <= 5:
            found.extend((m.start(), Reference(str(n), "", source)) for n in range(first + 1, last + 1))
    unique: list[Reference] = []
    for _, ref in sorted(found, key=lambda item: item[0]):
        if ref not in unique:
            unique.append(ref)
    return unique


# Phrases that name one of the documents; a question that names one gets that document's passages lifted.
_DOCUMENT_MENTIONS = {
    "accession_treaty": re.compile(r"\baccession\b", re.I),
    "eaeu_treaty": re.compile(r"\b(eaeu|eurasian economic union|union)\s+treaty\b|\btreaty on the eurasian", re.I),
    "article": re.compile(r"\b(author|analysis|analyst|commentary|writer|op-?ed|the piece)\b"
                          r"|\b(the|this) article\b(?!\s*\d)", re.I),
}


def names_provision(phrase: str) -> bool:
    """Whether a phrase opens with an article/paragraph locator ('Article 98', 'Art. 96(5) of the EAEU Treaty')."""
    return any(pattern.match(phrase.strip()) for pattern in _PATTERNS)


def mentioned_sources(question: str) -> set[str]:
    """Source ids of the documents the question names ("the accession treaty", "the author", ...)."""
    return {source_id for source_id, pattern in _DOCUMENT_MENTIONS.items() if pattern.search(question)}


def asked_sources(question: str) -> set[str]:
    """The documents named where the question asks: a sentence of it that does not end in '?' while another does is
    context ("The article says X. What does the treaty say about Y?" asks the treaty), so its documents are left out."""
    sentences = [question[s:e] for s, e in split_sentences(question)]
    asking = [s for s in sentences if s.rstrip(" \"'”’)").endswith("?")]
    return mentioned_sources(" ".join(asking) if asking and len(asking) < len(sentences) else question)


def _matches(chunk: Chunk, ref: Reference) -> bool:
    if not chunk.article or chunk.article != ref.article:
        return False
    if ref.source_id:
        return chunk.source_id == ref.source_id
    # Both treaties have Articles 1-11; a bare "Article 10" means the EAEU Treaty.
    return chunk.source_id != "accession_treaty"
