"""Multi-part questions: split a question into its parts, and fuse per-part rankings by reciprocal rank."""

from __future__ import annotations

import re
from dataclasses import replace

from .records import RetrievedPassage

# Part boundaries: a question mark inside the text, a semicolon, or ", and/but/or" before a new question.
PART_BREAK = re.compile(r"\?\s+(?=\S)|;\s+|,\s+(?:and|but|or)\s+(?=(?:what|how|who|when|where|which|why|does|do|"
                        r"is|are|can|will)\b)", re.I)
MIN_PART_WORDS = 3  # shorter pieces ("i am from kyrgyzstan" has 4) are not parts of their own
PART_POOL = 20  # passages ranked per part before fusing
# A second question joined by "and" without a comma, which PART_BREAK does not split ("When was the EAEU Treaty signed
# and when did it enter into force?"); each side a part of its own (MIN_PART_WORDS), so "Where and when was it signed?"
# is one question. Not a part break: retrieval searches such a question whole; composition keeps the quotes of the
# second question beside a lead that answers the first (answering.leads.lead_with_signing, compose.select).
_AND_ASKS = re.compile(r"\s+and\s+(?=(?:what|how|who|whom|whose|when|where|which|why)\b)", re.I)


def _pieces(pattern: re.Pattern, question: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the text between `pattern`'s matches."""
    ends = [(m.start(), m.end()) for m in pattern.finditer(question)]
    return [(start, end) for start, end in zip([0] + [e for _, e in ends], [s for s, _ in ends] + [len(question)])]


def _split_spans(question: str) -> list[tuple[int, int]]:
    spans = [(s, e) for s, e in _pieces(PART_BREAK, question) if len(question[s:e].split()) >= MIN_PART_WORDS]
    return spans if len(spans) > 1 else []


def split_parts(question: str) -> list[str]:
    """The parts of a multi-part question, or [] when it has one part."""
    return [question[s:e].strip() for s, e in _split_spans(question)]


def part_spans(question: str) -> list[tuple[int, int]]:
    """Where each part of a question of several parts begins and ends (offsets into `question`; [] for one part): the
    one reading of part boundaries that answer_parts and the condenser's topic phrases (condensing.subjects) share."""
    return _split_spans(question) or (_pieces(_AND_ASKS, question) if asks_more(question) else [])


def opening_aside(question: str) -> int:
    """Where the question proper starts after a short opening piece that a part break cuts off ("ok, and how does
    the court decide?", "right, but what ..."): the break's end, 0 when there is none. Under MIN_PART_WORDS words it
    is no part of its own (part_spans drops the boundary), yet the clause after it opens a question with its own
    verb (review s21 R1)."""
    first = PART_BREAK.search(question)
    return first.end() if first and len(question[:first.start()].split()) < MIN_PART_WORDS else 0


def answer_parts(question: str) -> list[str]:
    """The parts composition covers one by one: split_parts, else the two (or more) questions a question joins by
    "and" without a comma (asks_more: "Who heads the Commission and where does the Court sit?"), each its own part;
    [] for a question of one part. Retrieval searches such a question whole (split_parts)."""
    return [question[s:e].strip() for s, e in part_spans(question)]


def asks_more(question: str) -> bool:
    """The question joins a second question by "and" (_AND_ASKS), each side at least MIN_PART_WORDS words, and the
    second is no indirect question inside the first (embedded)."""
    pieces = _AND_ASKS.split(question)
    return len(pieces) > 1 and all(len(p.split()) >= MIN_PART_WORDS for p in pieces) and not any(
        embedded(first, second) for first, second in zip(pieces, pieces[1:]))


# The words that open a subject right after a wh-word: an indirect question's ('what it can do', 'how the Court is
# organised'), never a direct one's, whose auxiliary or verb comes first ('what does it do', 'who heads ...').
_SUBJECT_OPENERS = frozenset({"i", "you", "he", "she", "it", "we", "they", "the", "a", "an", "its", "their", "his",
                              "her", "this", "that", "these", "those", "each", "every"})
_DIRECT_START = re.compile(r"^\s*(?:what|how|who|whom|whose|when|where|which|why|is|are|was|were|do|does|did|can|could|"
                           r"will|would|shall|should|may|might|must)\b", re.I)


def embedded(first: str, second: str) -> bool:
    """'what it can do' after 'Which document sets out how the EAEU Court is organised': the second piece is an
    indirect question (its wh-word, then a subject: _SUBJECT_OPENERS or a capitalised name) coordinated with one
    inside the first (after a word, not a comma), which is itself a direct question (opens with a wh-word or an
    auxiliary): one question, asking for one thing. Two indirect questions after 'Tell me ...' stay two parts."""
    words = second.split()
    at = 2 if len(words) > 2 and words[0].lower() in {"what", "which", "whose"} and words[1].islower() and \
        words[1] not in _SUBJECT_OPENERS and not _DIRECT_START.match(words[1]) else 1  # 'what rights they have'
    subject = words[at] if len(words) > at else ""
    indirect = subject.lower() in _SUBJECT_OPENERS or subject[:1].isupper()
    return indirect and bool(_DIRECT_START.match(first)) and bool(re.search(
        r"[^,;]\s(?:what|how|who|whom|whose|which|why|whether)\s", first, re.I))  # (a wh-word after a
    # comma opens a clause of its own: 'when his contract ends, what papers we need and where we apply?'; 'when',
    # 'where' and 'if' can open an adverbial clause, no question: 'What documents do I need when I arrive and where
    # I go for a doctor?' is two questions, a migrant's second one without inversion)


def fuse(whole: list[RetrievedPassage], parts: list[list[RetrievedPassage]], part_weight: float, k: int,
         rrf_k: int) -> list[RetrievedPassage]:
    """Reciprocal-rank fusion of the whole question's ranking (weight 1) with each part's (part_weight).
    Passages of an article the question names stay first, as the whole question's search put them."""
    score: dict[str, float] = {}
    passage: dict[str, RetrievedPassage] = {}
    for weight, ranking in [(1.0, whole)] + [(part_weight, r) for r in parts]:
        for rank, p in enumerate(ranking, 1):
            score[p.chunk.chunk_id] = score.get(p.chunk.chunk_id, 0.0) + weight / (rrf_k + rank)
            passage.setdefault(p.chunk.chunk_id, p)
    order = sorted(score, key=lambda c: (not passage[c].referenced, -score[c]))[:k]
    return [replace(passage[c], rank=rank, score=score[c]) for rank, c in enumerate(order, 1)]
