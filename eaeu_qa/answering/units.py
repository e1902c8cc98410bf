"""Answer units: the sentences, list items and definitions of a chunk, as verbatim offset spans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..entities import STOPWORDS
from ..lead_ins import is_marked, leads_before
from ..records import Chunk
from ..textrepair import repair_ocr, split_sentences

MIN_UNIT_WORDS = 4
MAX_QUOTE_CHARS = 420  # a lead-in keeps its list items while the whole stays under this
# Bump when splitting or the embedded unit text changes: the index stores one vector per unit.
UNITS_VERSION = "2"

_LIST_BREAK = re.compile(r"\n\s*\n|;\s*\n")
_LEADING_NUMBER = re.compile(r"^\s*(?:\d{1,2}\.|\d{1,2}\)|[a-z]\))\s+")
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}\)|[a-z]\))")
# '"Family member" - a person ...': a quoted term, then a dash (the treaty's definition lists).
_DEFINITION = re.compile(r"^\s*[\"“]([^\"”]{2,80})[\"”]\s*[-–—]\s*")
# A separator rule: a run of dashes, underscores or equals signs that opens a line (a caption may follow it on that
# line: "-----For the Republic"), not a blank inside a line of text (a form's "No. ______").
_RULE = re.compile(r"\s*\n[ \t]*[-_=]{3,}")
_STEM_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "es", "ed", "s", "al", "ly")


@dataclass(frozen=True)
class Unit:
    """A candidate sentence, list item or definition inside a chunk, with absolute source offsets."""

    chunk: Chunk
    start: int
    end: int
    kind: str = "sentence"  # "sentence" | "item" | "definition"

    @property
    def text(self) -> str:
        return self.chunk.text[self.start - self.chunk.start:self.end - self.chunk.start]

    @property
    def key(self) -> str:
        """Stable id of the unit in the index's sentence collection."""
        return f"{self.chunk.chunk_id}:{self.start}:{self.end}"

    @cached_property  # read by several features per candidate; the unit is immutable
    def leads(self) -> tuple[tuple[int, int, str], ...]:
        """The lead-ins that give a list item its subject ("The Supreme Council shall have the following
        responsibilities:" for "4) upon suggestion of member States appoint the judges ..."), first the paragraph's,
        then a nested list's own; () for sentences, definitions and a lead-in quoted with its list."""
        if self.kind != "item" or not self.chunk.leads:
            return ()
        offset = self.start - self.chunk.start
        line = self.chunk.text[self.chunk.text.rfind("\n", 0, offset) + 1:offset]
        return leads_before(self.chunk.leads, self.start, is_marked(line))

    @cached_property
    def in_context(self) -> str:
        """The unit's text after its lead-ins: what it says, read as the quote shows it (answerability, answer type
        and relevance read this)."""
        return " ".join([*(lead[2] for lead in self.leads), self.text])

    @property
    def term(self) -> str:
        """The defined term of a definition ('Family member'), else ''."""
        match = _DEFINITION.match(self.text)
        return match.group(1).strip() if match and self.kind == "definition" else ""


# --- words ----------------------------------------------------------------------------------------

@lru_cache(maxsize=65536)  # the corpus statistics stem every word of every chunk: few distinct words
def stem(word: str) -> str:
    word = word.lower().replace("’", "'").removesuffix("'s")
    for suffix in _STEM_SUFFIXES:
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=16384)
def content_words(text: str) -> tuple[str, ...]:
    """Content words (no stopwords, no one-letter tokens) of the OCR-repaired text, in order (cached:
    the same corpus units are scored for many questions)."""
    return tuple(w for w in re.findall(r"[A-Za-z0-9]+(?:['’][a-z]+)?", repair_ocr(text))
                 if w.lower() not in STOPWORDS and len(w) > 1)


@lru_cache(maxsize=16384)
def content_stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in content_words(text))


def word_overlap(first: str, second: str) -> float:
    """Jaccard overlap of two texts' content stems."""
    a, b = content_stems(first), content_stems(second)
    return len(a & b) / len(a | b) if a and b else 0.0


# --- splitting ------------------------------------------------------------------------------------

def chunk_units(chunk: Chunk) -> list[Unit]:
    """Sentences, list items and definitions of a chunk; a lead-in ending in ':' keeps its short list."""
    text = chunk.text
    spans: list[tuple[int, int]] = []
    block_start = 0
    for match in [*_LIST_BREAK.finditer(text), None]:
        if match:
            block_end = match.start() + (1 if match.group().startswith(";") else 0)
        else:
            block_end = len(text)
        block = text[block_start:block_end]
        spans.extend((block_start + s, block_start + e) for s, e in split_sentences(block))
        block_start = match.end() if match else len(text)
    units = []
    for s, e in _merge_lead_ins(text, spans):
        s += leading_number_length(text[s:e])
        if len(text[s:e].split()) < MIN_UNIT_WORDS:
            continue
        kind = "definition" if _DEFINITION.match(text[s:e]) else "item" if _is_item_span(text, s) else "sentence"
        units.append(Unit(chunk, chunk.start + s, chunk.start + e, kind))
    return units


def _is_item_span(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_LIST_ITEM.match(text[line_start:start + 4])) or is_fragment(text[start:start + 400])


def _merge_lead_ins(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a lead-in ("... the right to:") with the list items that complete it, while short."""
    merged: list[tuple[int, int]] = []
    open_list = False
    for s, e in spans:
        if merged and open_list and _LIST_ITEM.match(text[s:e]) and e - merged[-1][0] <= MAX_QUOTE_CHARS:
            merged[-1] = (merged[-1][0], e)
            continue
        merged.append((s, e))
        open_list = text[s:e].rstrip().endswith(":")
    return merged


def is_fragment(text: str) -> bool:
    """A list entry cut from its lead-in: starts in lower case and ends with ';' or ','."""
    stripped = _LEADING_NUMBER.sub("", text.strip())
    return stripped[:1].islower() and stripped.rstrip().endswith((";", ","))


def cut_off(unit: Unit) -> bool:
    """The unit reads as a list entry cut from its lead-in in an answer: a fragment (is_fragment) without a lead-in of
    its own (Unit.leads), which rendering would show before it ("The Supreme Council shall have the following
    responsibilities: … request the opinion of the Court of the EAEU": render.paragraph_pieces). An entry with its
    lead-in is quoted as any unit is; one without says nothing alone (twenty-fourth session: entries with their
    lead-ins were kept out of every answer they did not lead, the gold Art. 12(2) entry of "at whose request may the
    Supreme Council reconsider ...?" among them)."""
    return is_fragment(unit.text) and not unit.leads


# A heading: a title line as the sources lay it out, either a word in capitals glued to lower case ("TREATYon the
# Accession ...", a document's title glued by the source's layout) or a text without a lower-case letter ("SECOND
# PART\nCUSTOMS UNION"), ending without a sentence's closing punctuation. A sentence that opens with an acronym
# ("EAEU workers keep their pension rights", "CHI covers the worker but not the family") is none, full stop or not.
_GLUED_TITLE = re.compile(r"^\s*[A-Z]{3,}[a-z]")
_SENTENCE_END = re.compile(r"[.;:!?][\"”’')\]]*\s*$")


def is_heading(text: str) -> bool:
    """A title line, not a sentence: capitals glued to lower case (_GLUED_TITLE) or no lower-case letter at all, with
    3+ capitals, and no closing punctuation (_SENTENCE_END). It names what follows; quoted, it supports nothing."""
    if _SENTENCE_END.search(text):
        return False
    if _GLUED_TITLE.match(text):
        return True
    return not any(c.islower() for c in text) and sum(c.isupper() for c in text) >= 3


def leading_number_length(text: str) -> int:
    match = _LEADING_NUMBER.match(text)
    return match.end() if match else 0


def without_rule(unit: Unit) -> Unit:
    """The unit up to a separator rule (_RULE: "-----------" opening the line of the signatories' captions "For the
    Republic of Belarus" that the sentence splitter left glued to the last sentence of a signature block): what a quote
    shows. The span is still a verbatim slice; the index keeps the whole unit."""
    match = _RULE.search(unit.text)
    if match is None or not unit.text[:match.start()].strip():
        return unit
    return Unit(unit.chunk, unit.start, unit.start + match.start(), unit.kind)


def embedding_text(unit: Unit) -> str:
    """What is embedded for a unit: treaty units carry their article heading (they rarely name a subject)."""
    body = repair_ocr(unit.text)
    if unit.term:
        return f"{unit.chunk.context}. Definition of {unit.term}: {body}"
    prefix = unit.chunk.context + ". " if unit.chunk.article else ""
    return prefix + body
