"""Answerers: the Answerer interface and the embedded extractive answerer (no LLM), with honest refusal."""

from __future__ import annotations

import hashlib
import html
import os
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

import numpy as np

from .condense import STOPWORDS
from .embeddings import encode, encode_query
from .records import Chunk, Citation, RetrievedPassage
from .retrieval import parse_references
from .settings import Settings
from .textrepair import fold_whitespace, repair_ocr, split_sentences

# --- tuning (calibrated on eval/dev.jsonl; see docs/answering.md) -----------------------------------
CANDIDATE_PASSAGES = 6  # sentences are drawn from this many top passages
MIN_UNIT_WORDS = 4
CONTEXT_COVERAGE_WEIGHT = 0.5  # question words covered by the sentence plus its heading
SENTENCE_COVERAGE_WEIGHT = 0.3  # ... and by the sentence alone
RANK_PRIOR = 0.3  # bonus for the retriever's first passage, decaying as 1/rank
REFERENCED_BONUS = 0.5  # a passage the question names ("Art. 98(3)") outranks look-alikes
SOURCE_HINT_BONUS = 0.15  # "according to the article/author" prefers the analysis; "treaty" the treaties
ANSWER_TYPE_BONUS = 0.15  # a "when/how long/how many" question prefers sentences with a number or date
FOLLOW_MARGIN = 0.5  # a further sentence must score within this of the best one
# A sentence sharing this share of its content words with a chosen one adds nothing. Judged on the words,
# not the vectors: sentence vectors carry their article heading, so any two sentences of one article
# look alike to the embedding even when they say different things.
REDUNDANT_OVERLAP = 0.6
MIN_SIMILARITY = 0.40  # refuse when no sentence is even this close to the question (cosine)
MIN_COVERAGE = 0.34  # ... or when retrieved text covers less of the question's content words
WEAK_SIMILARITY = 0.55  # ... and the best sentence is no closer than this
NEARBY_SIMILARITY = 0.45  # a refusal shows the closest passage only when it is at least this related
MAX_QUOTE_CHARS = 420  # longer treaty sentences are still quoted whole; this only limits merging
# Bump when sentence splitting or the embedded sentence text changes: it keys the vector cache.
UNITS_VERSION = "1"

_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|"
                     r"hundred|thousand|million|billion|percent|per cent|half|third|quarter)\b", re.I)
_ASKS_NUMBER_OR_DATE = re.compile(r"\b(?:when|what date|which date|deadline|how long|how many|how much|what "
                                  r"share|what percentage|by what|within what|how soon|how old)\b", re.I)
_HINTS_ANALYSIS = re.compile(r"\b(?:the (?:article|analysis|piece|author|commentary|text's author)|author|analysis"
                             r"|piece)\b", re.I)
_HINTS_TREATY = re.compile(r"\b(?:treaty|treaties|article \d+|art\.? ?\d+|provision|paragraph)\b", re.I)
_ASKS_QUANTITY = re.compile(r"\b(?:how many|how much|what percentage|what proportion|what share of (?:gdp|the "
                            r"population|migrants|workers)|what number of|what (?:exact )?(?:figure|amount|"
                            r"sum)|how large a|exact (?:percentage|figure|number|amount|share))\b", re.I)
# Events after the analysis was written (rulings, hearings, filings, who joined) cannot be in a static corpus.
_ASKS_EVENT = re.compile(
    r"\b(?:finally|eventually|ultimately|end(?:ed)? up)\b.*\b(?:decide|decided|rule|ruled|offer|offered|do|did)\b"
    r"|\b(?:did|has|have|had)\b[^?]*\b(?:decide|rule|ruled|joined?|intervene[ds]?|filed?|lodged?|announced?|"
    r"end up|agreed?|complied?|appealed?)\b"
    r"|\bwhen\b[^?]*\b(?:hearings?|judgment|verdict|ruling)\b[^?]*\b(?:scheduled|due|held|delivered|issued|expected)\b"
    r"|\b(?:hearings?|judgment|verdict)\b[^?]*\bscheduled\b"
    r"|\bon what date\b[^?]*\b(?:file|filed|lodge|lodged|submit|submitted|announce|announced)\b"
    r"|\bwhich\b[^?]*\b(?:ministry|minister|official|officials|agency)\b[^?]*\b(?:announced?|said|declared?)\b"
    r"|\bwho (?:won|lost|prevailed)\b"
    r"|\b(?:currently|nowadays|right now|at present|as of today|these days)\b",
    re.I,
)
_ANNEX = re.compile(r"\bannex(?:es)?\s*(?:no\.?\s*)?(\d{1,2})\b", re.I)
_ANNEX_POINTER = re.compile(r"\b(?:that|this|the|its|said)\s+annex\b|\bstatute\b", re.I)
_ASKS_WHERE_REFERRED = re.compile(r"\b(?:which|what) (?:article|provision|paragraph)s?\b[^?]*\b(?:refers?|mentions?|"
                                  r"points?|cites?|names?)\b", re.I)
_ASKS_WHICH_ARTICLE = re.compile(r"\b(?:which|what) (?:article|provision|paragraph|part of the treaty|treaty "
                                 r"provision)\b|\bwhere (?:in|does) the treaty\b", re.I)
_LIST_BREAK = re.compile(r"\n\s*\n|;\s*\n")
_LEADING_NUMBER = re.compile(r"^\s*(?:\d{1,2}\.|\d{1,2}\)|[a-z]\))\s+")
_MARKUP = re.compile(r"<[^>]{0,200}>|[*_`#>\[\]]+")
TREATY_SOURCES = ("eaeu_treaty", "accession_treaty")
_STEM_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "es", "ed", "s", "al", "ly")


@dataclass(frozen=True)
class AnswerRequest:
    """What an answerer gets: the user's turn, its standalone form and the ranked passages."""

    question: str
    standalone: str
    passages: list[RetrievedPassage]
    is_follow_up: bool = False


@dataclass
class ComposedAnswer:
    """An answerer's output: sentences with [n] markers, the citations they point to, and the verdict."""

    sentences: list[str]
    citations: list[Citation]
    answerable: bool
    note: str = ""
    signals: dict[str, float | str | bool] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


class Answerer(ABC):
    """Turns retrieved passages into a cited answer; an LLM answerer can implement this later."""

    name: str = "abstract"

    @abstractmethod
    def answer(self, request: AnswerRequest) -> ComposedAnswer: ...

    def warm(self) -> None:
        """Precompute whatever makes answering fast (optional)."""


@dataclass(frozen=True)
class Unit:
    """A candidate sentence (or list item) inside a retrieved passage, with absolute source offsets."""

    passage: RetrievedPassage
    start: int
    end: int

    @property
    def chunk(self) -> Chunk:
        return self.passage.chunk

    @property
    def text(self) -> str:
        chunk = self.chunk
        return chunk.text[self.start - chunk.start:self.end - chunk.start]


@dataclass
class Scored:
    unit: Unit
    score: float
    similarity: float
    coverage: float
    vector: np.ndarray


# --- text helpers -------------------------------------------------------------------------------------

def plain_text(text: str) -> str:
    """User text safe to echo: tags and markdown markup removed, then HTML-escaped."""
    return html.escape(fold_whitespace(_MARKUP.sub(" ", html.unescape(text))), quote=False)


def stem(word: str) -> str:
    word = word.lower().replace("’", "'").removesuffix("'s")
    for suffix in _STEM_SUFFIXES:
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[A-Za-z0-9]+(?:['’][a-z]+)?", repair_ocr(text))
            if w.lower() not in STOPWORDS and len(w) > 1}


def _word_overlap(first: str, second: str) -> float:
    """Jaccard overlap of two sentences' content words."""
    a, b = content_stems(first), content_stems(second)
    return len(a & b) / len(a | b) if a and b else 0.0


def coverage(question_stems: set[str], text: str) -> float:
    if not question_stems:
        return 0.0
    return len(question_stems & content_stems(text)) / len(question_stems)


def sentence_units(passage: RetrievedPassage) -> list[Unit]:
    """Sentences and list items of a passage; a lead-in ending in ':' keeps its short list."""
    chunk = passage.chunk
    spans: list[tuple[int, int]] = []
    block_start = 0
    for match in [*_LIST_BREAK.finditer(chunk.text), None]:
        block_end = match.start() + (1 if match and match.group().startswith(";") else 0) if match else len(chunk.text)
        block = chunk.text[block_start:block_end]
        spans.extend((block_start + s, block_start + e) for s, e in split_sentences(block))
        block_start = match.end() if match else len(chunk.text)
    spans = _merge_lead_ins(chunk.text, spans)
    units = []
    for s, e in spans:
        s += _leading_number_length(chunk.text[s:e])
        if len(chunk.text[s:e].split()) >= MIN_UNIT_WORDS:
            units.append(Unit(passage, chunk.start + s, chunk.start + e))
    return units


def _merge_lead_ins(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a lead-in ("... the right to:") with the list items that complete it, while short."""
    merged: list[tuple[int, int]] = []
    open_list = False
    for s, e in spans:
        if merged and open_list and _is_list_item(text[s:e]) and e - merged[-1][0] <= MAX_QUOTE_CHARS:
            merged[-1] = (merged[-1][0], e)
            continue
        merged.append((s, e))
        open_list = text[s:e].rstrip().endswith(":")
    return merged


def _is_fragment(text: str) -> bool:
    """A list entry cut from its lead-in: starts in lower case and ends with ';' or ','."""
    stripped = _LEADING_NUMBER.sub("", text.strip())
    return stripped[:1].islower() and stripped.rstrip().endswith((";", ","))


def _is_list_item(text: str) -> bool:
    return bool(re.match(r"^\s*(?:\d{1,2}\)|[a-z]\))", text))


def _leading_number_length(text: str) -> int:
    match = _LEADING_NUMBER.match(text)
    return match.end() if match else 0


def article_reference(chunk: Chunk) -> str:
    """'Art. 98(3)' of the EAEU Treaty -> 'Article 98(3) of the EAEU Treaty'."""
    locator = chunk.locator.replace("Art. ", "Article ").replace(", para. ", ", paragraph ")
    if chunk.article:
        return f"{locator} of the {chunk.short_title}"
    return f"the {locator[:1].lower() + locator[1:]} of the {chunk.short_title}"


def render_unit(unit: Unit, n: int) -> str:
    """One answer sentence: article prose as written, treaty text quoted with its article named."""
    text = fold_whitespace(unit.text)
    if not unit.chunk.article and unit.chunk.source_id not in TREATY_SOURCES:
        return _with_marker(text, n)
    # Nested quotation marks become single ones, as in print; the citation keeps the verbatim text.
    quoted = text.rstrip(" ;:,.").replace("\u201c", "\u2018").replace("\u201d", "\u2019")
    if unit.chunk.paragraph_inferred and quoted[:1].islower() and unit.start - unit.chunk.start < 3:
        quoted = "[a] " + quoted  # OCR dropped the paragraph's "N. A" opening; editorial insertion
    reference = article_reference(unit.chunk)
    verb = "provides that" if unit.chunk.article else "states"
    sentence = f"{reference} {verb} \u201c{quoted}\u201d [{n}]."
    return sentence[:1].upper() + sentence[1:]


def _with_marker(text: str, n: int) -> str:
    """'Claim.' -> 'Claim [n].' (the marker sits inside the sentence it supports)."""
    text = text.strip()
    if text.endswith("."):
        return f"{text[:-1]} [{n}]."
    if text.endswith(("!", "?", "\u201d", '"')):
        return f"{text} [{n}]"
    return f"{text.rstrip(' ;:,')} [{n}]."


def make_citation(unit: Unit, n: int) -> Citation:
    chunk = unit.chunk
    return Citation(n=n, chunk_id=chunk.chunk_id, source_id=chunk.source_id, title=chunk.title,
                    short_title=chunk.short_title, locator=chunk.locator, quote=unit.text, start=unit.start,
                    end=unit.end, passage=chunk.text, passage_start=chunk.start, url=chunk.url,
                    licence=chunk.licence, attribution=chunk.attribution)


# --- the extractive answerer --------------------------------------------------------------------------

class ExtractiveAnswerer(Answerer):
    """Picks the sentences that answer the question from the retrieved passages and cites each one.

    Scoring is hand-rolled (no LangChain component selects sentences inside documents): dense
    similarity from the shared embedding model, plus coverage of the question's content words,
    plus the retriever's ranking as a prior.
    """

    name = "extractive"

    def __init__(self, settings: Settings, corpus_chunks: list[Chunk]):
        self.settings = settings
        self.corpus_chunks = corpus_chunks
        self._vectors: dict[tuple[str, int, int], np.ndarray] = {}
        self._warm = False

    def warm(self) -> None:
        """Load (or compute once and save) the vectors of every corpus sentence.

        Encoding ~1,000 treaty sentences takes seconds; doing it once per index and keeping the result
        on disk is what keeps answering under 150 ms (only the question is encoded per turn).
        """
        if self._warm:
            return
        self._warm = True
        units = [u for c in self.corpus_chunks for u in sentence_units(RetrievedPassage(rank=1, chunk=c, score=0.0))]
        by_source: dict[str, list[Unit]] = {}
        for unit in units:
            by_source.setdefault(unit.chunk.source_id, []).append(unit)
        # One file per source, so adding an upload does not recompute the treaty's thousand sentences.
        for source_id, source_units in by_source.items():
            path = self._cache_path(source_id, source_units)
            matrix = _load_matrix(path, len(source_units))
            if matrix is None:
                matrix = encode(self.settings.model_name, [_embedding_text(u) for u in source_units])
                _save_matrix(path, matrix)
            self._vectors.update(zip((self._key(u) for u in source_units), matrix))

    def _cache_path(self, source_id: str, units: list[Unit]):
        digest = hashlib.sha256()
        digest.update(f"{self.settings.model_name}|{UNITS_VERSION}".encode())
        for unit in units:
            digest.update(f"|{unit.chunk.chunk_id}:{unit.start}:{unit.end}:{len(unit.chunk.search_text)}".encode())
        safe_source = re.sub(r"[^A-Za-z0-9_-]+", "_", source_id)[:40]
        # Beside the index it is derived from: a rebuilt index swaps the folder and drops stale vectors.
        return self.settings.index_dir / "sentence_vectors" / f"{safe_source}-{digest.hexdigest()[:16]}.npy"

    # -- public --
    def answer(self, request: AnswerRequest) -> ComposedAnswer:
        self.warm()
        units = [u for p in request.passages[:CANDIDATE_PASSAGES] for u in sentence_units(p)]
        question_vector = self._embed(request.standalone, units)
        question_stems = content_stems(request.standalone)
        wants_number = bool(_ASKS_NUMBER_OR_DATE.search(request.question))
        preferred = _preferred_source(request.standalone)
        scored = sorted((self._score(u, question_vector, question_stems, wants_number, preferred) for u in units),
                        key=lambda s: s.score, reverse=True)
        retrieved_text = " ".join(p.chunk.search_text for p in request.passages[:CANDIDATE_PASSAGES])
        signals = {
            "best_score": round(scored[0].score, 4) if scored else 0.0,
            "best_similarity": round(max((s.similarity for s in scored), default=0.0), 4),
            "coverage": round(coverage(question_stems, retrieved_text), 4),
        }
        refusal = self._refusal(request, scored, signals)
        if refusal is not None:
            return refusal
        chosen = self._select(request, scored)
        sentences, citations = [], []
        for n, item in enumerate(chosen, start=1):
            sentences.append(render_unit(item.unit, n))
            citations.append(make_citation(item.unit, n))
        return ComposedAnswer(sentences=sentences, citations=citations, answerable=True, signals=signals)

    # -- scoring --
    def _embed(self, question: str, units: list[Unit]) -> np.ndarray:
        """The question's vector; sentences not seen before (uploads) are embedded on the way."""
        missing = [u for u in units if self._key(u) not in self._vectors]
        if missing:  # corpus sentences go through the embedding cache; the question does not
            vectors = encode(self.settings.model_name, [_embedding_text(u) for u in missing])
            for unit, vector in zip(missing, vectors):
                self._vectors[self._key(unit)] = vector
        return encode_query(self.settings.model_name, [question])[0]

    @staticmethod
    def _key(unit: Unit) -> tuple[str, int, int]:
        return unit.chunk.chunk_id, unit.start, unit.end

    def _score(self, unit: Unit, question_vector: np.ndarray, question_stems: set[str], wants_number: bool,
               preferred_source: str) -> Scored:
        vector = self._vectors[self._key(unit)]
        similarity = float(vector @ question_vector)
        cover = coverage(question_stems, unit.chunk.context + " " + unit.text)
        lexical = CONTEXT_COVERAGE_WEIGHT * cover + SENTENCE_COVERAGE_WEIGHT * coverage(question_stems, unit.text)
        prior = RANK_PRIOR / unit.passage.rank + (REFERENCED_BONUS if unit.passage.referenced else 0.0)
        if wants_number and re.search(r"\d", unit.text):
            prior += ANSWER_TYPE_BONUS
        if preferred_source and (unit.chunk.source_id == "article") == (preferred_source == "article"):
            prior += SOURCE_HINT_BONUS
        return Scored(unit, similarity + lexical + prior, similarity, cover, vector)

    def _select(self, request: AnswerRequest, scored: list[Scored]) -> list[Scored]:
        limit = self.settings.max_answer_sentences
        named = [s for s in scored if s.unit.passage.referenced]
        if named and _only_names_a_provision(request.standalone):
            # "What does Article 98(3) say?": the provision's own sentences, in the treaty's order.
            first = min(s.unit.passage.rank for s in named)
            own = sorted((s for s in named if s.unit.passage.rank == first), key=lambda s: s.unit.start)[:limit]
            whole = Unit(own[0].unit.passage, own[0].unit.start, own[-1].unit.end)
            return [Scored(whole, own[0].score, own[0].similarity, own[0].coverage, own[0].vector)]
        ranked = list(scored)
        if _ASKS_WHICH_ARTICLE.search(request.question):
            # "Which article says that?": lead with the best treaty provision, so the answer names it.
            ranked.sort(key=lambda s: (not s.unit.chunk.article, -s.score))
        best = ranked[0]
        chosen = [best]
        floor = _unboosted(best) - FOLLOW_MARGIN
        for item in ranked[1:]:
            if len(chosen) >= limit:
                break
            if _unboosted(item) < floor:
                break
            if _is_fragment(item.unit.text):
                continue  # "request the opinion of the Court;" means nothing without its lead-in
            if any(item.unit.chunk.chunk_id == c.unit.chunk.chunk_id for c in chosen):
                continue  # one sentence per passage: a second one from the same paragraph is mostly redundant
            if any(_word_overlap(item.unit.text, c.unit.text) > REDUNDANT_OVERLAP for c in chosen):
                continue
            chosen.append(item)
        return chosen

    # -- answerability --
    def _refusal(self, request: AnswerRequest, scored: list[Scored], signals: dict) -> ComposedAnswer | None:
        missing = self._missing_reference(request.standalone)
        if missing:
            signals["reason"] = "missing_reference"
            return self._refuse(f"The documents contain no {missing}.", scored, signals)
        annex = self._annex_asked(request)
        if annex:
            signals["reason"] = "annex_content"
            return self._refuse_annex(annex, request, signals)
        if _ASKS_EVENT.search(request.question):
            signals["reason"] = "event"
            return self._refuse("The documents do not report this: they are an analysis written while the case "
                                "was pending and the treaty texts, so they say nothing about later events, "
                                "rulings or current facts.", scored, signals)
        if _ASKS_QUANTITY.search(request.question) and not any(_NUMBER.search(s.unit.text) for s in scored[:3]):
            signals["reason"] = "no_figure"
            return self._refuse("The documents do not give that figure.", scored, signals)
        unmatched = _unmatched_numbers(request.question, request.passages[:CANDIDATE_PASSAGES])
        if unmatched:
            signals["reason"] = "unmatched_number"
            return self._refuse(f"The documents do not mention \u201c{unmatched}\u201d in this connection, so they "
                                "cannot answer this.", scored, signals)
        best_similarity = signals["best_similarity"]
        names_existing_provision = any(p.referenced for p in request.passages)
        if not scored or (best_similarity < MIN_SIMILARITY and not names_existing_provision) or (
                signals["coverage"] < MIN_COVERAGE and best_similarity < WEAK_SIMILARITY):
            signals["reason"] = "weak_evidence"
            return self._refuse("The documents do not answer this question.", scored, signals)
        return None

    def _missing_reference(self, question: str) -> str:
        """'Article 98 paragraph 11' when the corpus has Article 98 but no paragraph 11 (or no such article)."""
        for ref in parse_references(question):
            source = ref.source_id or "eaeu_treaty"
            in_article = [c for c in self.corpus_chunks if c.source_id == source and c.article == ref.article]
            title = next((c.short_title for c in self.corpus_chunks if c.source_id == source), source)
            if not in_article:
                return f"Article {ref.article} in the {title}"
            if ref.paragraph and not any(c.paragraph == ref.paragraph for c in in_article):
                return f"paragraph {ref.paragraph} of Article {ref.article} in the {title}"
        return ""

    def _annex_asked(self, request: AnswerRequest) -> str:
        """'Annex 30' when the question asks what an annex says and the corpus only refers to it."""
        asked = request.question
        if _ASKS_WHERE_REFERRED.search(asked):
            return ""
        numbers = _ANNEX.findall(asked)
        if not numbers and _ANNEX_POINTER.search(asked):
            # "that annex" / "the Statute": the annex the conversation's passages refer to.
            numbers = _ANNEX.findall(request.standalone) or [
                n for p in request.passages[:3] for n in _ANNEX.findall(p.chunk.text)]
        for number in numbers:
            label = f"Annex {number}"
            if not any(label.lower() in (c.locator + " " + c.section).lower() for c in self.corpus_chunks):
                return label
        return ""

    def _refuse(self, reason: str, scored: list[Scored], signals: dict) -> ComposedAnswer:
        nearby = [s for s in scored[:1] if s.similarity >= NEARBY_SIMILARITY]
        sentences = [reason]
        citations = []
        if nearby:
            unit = nearby[0].unit
            sentences.append("The closest passage is: " + render_unit(unit, 1))
            citations.append(make_citation(unit, 1))
        return ComposedAnswer(sentences=sentences, citations=citations, answerable=False, note=reason,
                              signals=signals)

    def _refuse_annex(self, annex: str, request: AnswerRequest, signals: dict) -> ComposedAnswer:
        pattern = re.compile(rf"\b{re.escape(annex)}\b", re.I)
        retrieved = [p.chunk for p in request.passages]
        pointing = [c for c in retrieved if pattern.search(c.text)] or \
                   [c for c in self.corpus_chunks if pattern.search(c.text)]
        reason = f"{annex} of the EAEU Treaty is not in the documents, so they cannot say what it contains."
        sentences, citations = [reason], []
        if pointing:
            chunk = pointing[0]
            passage = next((p for p in request.passages if p.chunk.chunk_id == chunk.chunk_id),
                           RetrievedPassage(rank=1, chunk=chunk, score=0.0))
            unit = next((u for u in sentence_units(passage) if pattern.search(u.text)), None)
            if unit is not None:
                sentences.append(f"What the documents do say is where it is referred to: {render_unit(unit, 1)}")
                citations.append(make_citation(unit, 1))
        return ComposedAnswer(sentences=sentences, citations=citations, answerable=False, note=reason,
                              signals=signals)


def _embedding_text(unit: Unit) -> str:
    # Treaty sentences rarely name their subject ("shall be the city of Minsk"); the heading supplies it.
    prefix = unit.chunk.context + ". " if unit.chunk.article else ""
    return prefix + repair_ocr(unit.text)


_PROVISION_WORDS = {stem(w) for w in "article articles art paragraph para section treaty eaeu union eurasian economic "
                    "accession kyrgyz republic say says provide provides state states stipulate set out contain "
                    "contains mean means text wording of".split()}


def _preferred_source(question: str) -> str:
    """'article' when the question asks what the analysis says, 'treaty' when it asks about treaty text."""
    analysis, treaty = bool(_HINTS_ANALYSIS.search(question)), bool(_HINTS_TREATY.search(question))
    if analysis == treaty:
        return ""
    return "article" if analysis else "treaty"


def _unboosted(item: Scored) -> float:
    """Score without the named-provision bonus: follow-up sentences are judged on relevance alone."""
    return item.score - (REFERENCED_BONUS if item.unit.passage.referenced else 0.0)


def _only_names_a_provision(question: str) -> bool:
    """True for 'What does Art. 98(3) say?': nothing asked beyond the provision itself."""
    stems = {s for s in content_stems(question) if not s.isdigit()}
    return not (stems - _PROVISION_WORDS)


def _unmatched_numbers(question: str, passages: list[RetrievedPassage]) -> str:
    """A number the question relies on ("the 2019 agreement") that no retrieved passage contains."""
    without_references = re.sub(r"\b(?:articles?|arts?\.?|paragraphs?|paras?\.?|annex)\s*\d+(?:\s*\(\d+\))?"
                                r"|\(\d+\)", " ", question, flags=re.I)
    text = " ".join(repair_ocr(p.chunk.text) for p in passages)
    for number in re.findall(r"\b\d+(?:[.,]\d+)?\b", without_references):
        if not re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d])", text):
            return number
    return ""


def _load_matrix(path, rows: int) -> np.ndarray | None:
    try:
        matrix = np.load(path)
    except (OSError, ValueError):
        return None
    return matrix if matrix.ndim == 2 and matrix.shape[0] == rows else None


def _save_matrix(path, matrix: np.ndarray) -> None:
    """Atomic write; a read-only data folder only costs recomputation next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial.npy")
        np.save(partial, matrix)
        os.replace(partial, path)
    except OSError:
        pass


# The answerers the chain can use, by the name settings.answerer (EAEU_QA_ANSWERER) gives.
ANSWERERS: dict[str, type[Answerer]] = {"extractive": ExtractiveAnswerer}


def build_answerer(settings: Settings, corpus_chunks: list[Chunk]) -> Answerer:
    """The answerer settings.answerer names."""
    try:
        factory = ANSWERERS[settings.answerer]
    except KeyError:
        raise ValueError(f"Unknown answerer {settings.answerer!r}; available: {', '.join(ANSWERERS)}") from None
    return factory(settings, corpus_chunks)
