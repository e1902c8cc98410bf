"""Typed records shared by every stage: sources, segments, chunks, passages, citations, answers, chat turns, models."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class EmbeddingModel:
    """The embedding model as a caller's Settings runs it (Settings.embedding): the model's name, the engine ("onnx"
    or "torch") and the folder of the vector cache and the exported ONNX graph."""

    name: str
    engine: str
    cache_dir: Path


@dataclass(frozen=True)
class SourceSpec:
    """One entry of corpus/sources.toml."""

    id: str
    title: str
    short_title: str
    kind: str  # "article" | "treaty" | "upload"
    file: str
    sha256: str
    shipped: bool = False
    url: str = ""
    licence: str = ""
    attribution: str = ""


@dataclass(frozen=True)
class Segment:
    """A structural unit of a document (a paragraph of a treaty article or of the analysis article).

    `start`/`end` are character offsets into the Document's text; `document.text[start:end] == text`.
    """

    source_id: str
    start: int
    end: int
    text: str
    section: str = ""  # e.g. "Section XXVI Labor Migration" or the article's section heading
    article: str = ""  # treaty article number, e.g. "98"; "" outside numbered articles
    article_name: str = ""
    part: str = ""  # "Preamble", "Signatures", ... for unnumbered treaty parts
    paragraph: str = ""  # "3" for an explicit or reconstructed number, "" when none
    paragraph_inferred: bool = False  # number reconstructed where OCR lost it
    paragraph_style: str = ""  # "numbered" -> Art. 98(3); "positional" -> Art. 112, para. 2


@dataclass
class Document:
    """A loaded source: its canonical plain text and its structural segments."""

    source: SourceSpec
    text: str
    segments: list[Segment]


class _Labelled:
    """Shared by chunks and citations: both name their document and place in it."""

    short_title: str
    locator: str

    @property
    def label(self) -> str:
        """Human label, e.g. 'EAEU Treaty, Art. 98(3)'."""
        return f"{self.short_title}, {self.locator}"


@dataclass(frozen=True)
class Chunk(_Labelled):
    """What the index stores and what citations point to; `text` is verbatim source text."""

    chunk_id: str
    source_id: str
    title: str
    short_title: str
    locator: str  # "Art. 98(3)", "Why Bishkek Chose Escalation Over Quiet Diplomacy, para. 2"
    context: str  # heading line that makes the chunk understandable alone
    text: str  # verbatim slice of the source document text
    search_text: str  # context + OCR-repaired text: what is embedded and BM25-indexed
    start: int
    end: int
    ordinal: int
    section: str = ""
    article: str = ""
    article_name: str = ""  # the treaty article's title (the XML `name`: "Court of the EAEU"), "" outside articles
    paragraph: str = ""
    paragraph_inferred: bool = False
    url: str = ""
    licence: str = ""
    attribution: str = ""
    # (start, end, text) of the lead-ins of the chunk's paragraph that begin before the chunk ends ("The Supreme
    # Council shall have the following responsibilities:"): a list item's subject (eaeu_qa/lead_ins.py)
    leads: tuple[tuple[int, int, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Chunk":
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        values["leads"] = tuple(tuple(lead) for lead in values.get("leads", ()))  # JSON keeps them as lists
        return cls(**values)


@dataclass(frozen=True)
class RetrievedPassage:
    """A chunk as ranked by the retriever."""

    rank: int
    chunk: Chunk
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None
    dense_similarity: float | None = None
    referenced: bool = False  # matched an explicit article/paragraph reference in the question

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "chunk_id": self.chunk.chunk_id,
            "source_id": self.chunk.source_id,
            "locator": self.chunk.locator,
            "title": self.chunk.title,
            "text": self.chunk.text,
            "score": round(self.score, 6),
            "dense_rank": self.dense_rank,
            "lexical_rank": self.lexical_rank,
            "dense_similarity": None if self.dense_similarity is None else round(self.dense_similarity, 4),
        }


@dataclass(frozen=True)
class Citation(_Labelled):
    """A numbered source under an answer: the quoted sentence(s), verbatim, inside their passage."""

    n: int
    chunk_id: str
    source_id: str
    title: str
    short_title: str
    locator: str
    quote: str  # verbatim source text, == document text[start:end]
    start: int
    end: int
    passage: str  # the whole chunk text the quote sits in
    passage_start: int
    url: str = ""
    licence: str = ""
    attribution: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "chunk_id": self.chunk_id,
            "source_id": self.source_id,
            "title": self.title,
            "locator": self.locator,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "url": self.url,
            "licence": self.licence,
            "attribution": self.attribution,
            "passage": self.passage,
            "passage_start": self.passage_start,
        }


@dataclass(frozen=True)
class SentenceCheck:
    """The verifier's verdict on one generated sentence (eaeu_qa/llm/verify.py)."""

    text: str  # the sentence without its [n] markers
    cited: list[int] = field(default_factory=list)  # passage numbers the model wrote
    supported: list[int] = field(default_factory=list)  # ... of those, the ones whose passage supports it
    dropped: list[int] = field(default_factory=list)  # numbers that name no passage given to the model
    lexical: float = 0.0  # best share of the sentence's content words found in a cited passage
    similarity: float = 0.0  # best cosine to a sentence of a cited passage
    verdict: str = "unsupported"  # "supported" | "unsupported" | "uncited" | "refusal"
    quote_spans: dict[int, list[int]] = field(default_factory=dict)  # passage n -> supporting sentence span

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data.pop("quote_spans")
        return data


@dataclass(frozen=True)
class Verification:
    """Every generated sentence with its verdict; what was shown is the supported ones (or the fallback)."""

    sentences: list[SentenceCheck] = field(default_factory=list)
    refused: bool = False  # the model wrote the fixed refusal sentence
    fallback: str = ""  # why the extractive answer is shown instead ("" when the generated one is)

    @property
    def checked(self) -> int:
        return sum(1 for s in self.sentences if s.verdict != "refusal")

    @property
    def supported(self) -> int:
        return sum(1 for s in self.sentences if s.verdict == "supported")

    @property
    def supported_share(self) -> float | None:
        return self.supported / self.checked if self.checked else None

    def to_dict(self) -> dict[str, Any]:
        return {"sentences": [s.to_dict() for s in self.sentences], "checked": self.checked,
                "supported": self.supported, "supported_share": self.supported_share, "refused": self.refused,
                "fallback": self.fallback}


@dataclass
class Answer:
    """The result of one question: the text with [n] markers, its citations and how it was found."""

    question: str
    standalone_question: str
    answer: str
    answerable: bool
    citations: list[Citation] = field(default_factory=list)
    retrieved: list[RetrievedPassage] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    note: str = ""  # why it was refused, or other user-facing remarks
    answerer: str = ""  # the answerer that wrote the text shown ("extractive", "llm")
    verification: Verification | None = None  # set when a generated answer was checked
    # the standalone question without the conversation's topic put before it ("As for X, ..."): what later turns
    # take as this turn's own question (condensing.topic.own_question)
    own_question: str = ""
    # why a refusal was given (the answerer's reason, e.g. "not_english", "weak_evidence"); "" for an answer
    refusal: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "standalone_question": self.standalone_question,
            "own_question": self.own_question,
            "answer": self.answer,
            "answerable": self.answerable,
            "refusal": self.refusal,
            "citations": [c.to_dict() for c in self.citations],
            "retrieved": [r.to_dict() for r in self.retrieved],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
            "note": self.note,
            "answerer": self.answerer,
            "verification": self.verification.to_dict() if self.verification else None,
        }


@dataclass(frozen=True)
class CitedLocator:
    """Where an earlier answer's citation points: 'Art. 112' in source 'eaeu_treaty' (source may be unknown)."""

    locator: str
    source_id: str = ""


@dataclass(frozen=True)
class HistoryTurn:
    """An earlier turn of a chat: the question, and when known the answer shown and what it cited."""

    question: str
    answer: str | None = None  # None: not known yet (plain-string history); the chain replays the question
    citations: tuple[CitedLocator, ...] = ()
    standalone: str = ""  # how the question was understood, when known
    own_question: str = ""  # the standalone question without a topic put before it (Answer.own_question)

    @classmethod
    def from_answer(cls, answer: "Answer") -> "HistoryTurn":
        return cls(question=answer.question, answer=answer.answer,
                   citations=tuple(CitedLocator(c.locator, c.source_id) for c in answer.citations),
                   standalone=answer.standalone_question, own_question=answer.own_question)
