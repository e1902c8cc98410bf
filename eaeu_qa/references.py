"""Explicit pointers in a question: named articles and paragraphs, named documents, and which chunks match them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .records import Chunk
from .settings import Settings
from .textrepair import split_sentences

@dataclass(frozen=True)
class Reference:
    """An explicit pointer in a question: 'Article 98', 'Art. 96(5)', 'paragraph 3 of Article 98'."""

    article: str
    paragraph: str = ""
    source_id: str = ""  # "" = any treaty that has this article


# The provision locators, in one place. Two patterns on purpose: LOCATOR finds every provision a text mentions,
# annexes and a bare "paragraph 3" included (entities.provisions: what a later turn can point back at), while
# _PATTERNS parse the article references retrieval and answering act on, with the paragraph forms around an article
# ("paragraph 3 of Article 98", "Article 98, para 3", "§ 3") that LOCATOR reads as two mentions. Both take the same
# article words (ARTICLE_WORDS); for a paragraph LOCATOR reads only 'paragraph'/'para', _PATTERNS all of
# PARAGRAPH_WORDS ('point', '§' too), so "point 3 of Article 98" is Article 98 to entities and 98(3) to _PATTERNS.
ARTICLE_WORDS = r"articles?|arts?\.?"
PARAGRAPH_WORDS = r"paragraph|para\.?|point|§"
# An article's own paragraph, however it is written, is one provision N(M): "Article 98(4)", "Article 98's paragraph
# 4" (LOCATOR's group "own", _PATTERNS' "para3"), "paragraph 4 of Article 98" (LOCATOR's "lead", _PATTERNS' first).
_OWN_PARAGRAPH = r"(?:'s|’s)\s+(?:" + PARAGRAPH_WORDS + r")\s*"
LOCATOR = re.compile(r"\b(?:(?:paragraph|para\.?)\s*(?P<lead>\d{1,2})\s+of\s+(?:the\s+)?(?=art))?"
                     r"(?P<kind>" + ARTICLE_WORDS + r"|annex(?:es)?|paragraphs?|paras?\.?)\s*(?:no\.?\s*)?"
                     r"(?P<num>\d{1,3})(?:\s*\((?P<para>\d{1,2})\)|" + _OWN_PARAGRAPH + r"(?P<own>\d{1,2})\b)?", re.I)
_ARTICLE = r"(?:" + ARTICLE_WORDS + r")\s*"
_PARAGRAPH = r"(?:" + PARAGRAPH_WORDS + r")"
_PATTERNS = [
    # paragraph 3 of Article 98 / para. 3 of Art. 98 / § 3 of Article 98 (no \b: '§' is no word character)
    re.compile(r"(?<!\w)" + _PARAGRAPH + r"\s*(?P<para>\d{1,2})\s+(?:of\s+(?:the\s+)?)?" + _ARTICLE
               + r"(?P<art>\d{1,3})\b", re.I),
    # Article 98(3) / Art. 98 (3) / Article 98, paragraph 3 / Art 98 para 3 / Article 98's paragraph 3
    re.compile(r"\b" + _ARTICLE + r"(?P<art>\d{1,3})(?:\s*\((?P<para1>\d{1,2})\)|,?\s*" + _PARAGRAPH + r"\s*"
               r"(?P<para2>\d{1,2})|" + _OWN_PARAGRAPH + r"(?P<para3>\d{1,2}))?", re.I),
]
# A list continuing a reference: "Articles 97 and 98", "Articles 96, 97, 98, 99 and 100" (further articles, after a
# plural "Articles"), "Article 98(3) and (4)", "Article 98(3) and 98(4)" (paragraphs).
_LIST_NEXT = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*)(?:(?P<art>\d{1,3})(?:\s*\((?P<apara>\d{1,2})"
                        r"\)|\b)|\((?P<para>\d{1,2})\))", re.I)
_PLURAL = re.compile(r"^(?:articles|arts)\b", re.I)
_RANGE = re.compile(r"\b" + _ARTICLE + r"(?P<first>\d{1,3})\s*(?:-|–|to|through)\s*(?P<last>\d{1,3})\b", re.I)


def parse_references(question: str, chunks: Iterable[Chunk] = (),
                     pairs_kept: int = Settings.pairs_kept) -> list[Reference]:
    """Every article/paragraph the question names, in order of appearance, without duplicates; each with the treaty
    it belongs to (_owners). A list names each of its items (_LIST_NEXT). Given the corpus `chunks`, a reference whose
    treaty was only inferred (not named for it) and which that treaty lacks while another treaty has it is the EAEU
    Treaty's ("Does Article 1 of the accession treaty change Article 98?"). pairs_kept: the caller's
    Settings.pairs_kept (article_pairs)."""
    found: list[tuple[int, int, Reference]] = []
    consumed: list[range] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(question):
            if any(m.start() in span for span in consumed):
                continue
            groups = m.groupdict()
            para = groups.get("para") or groups.get("para1") or groups.get("para2") or groups.get("para3") or ""
            found.append((m.start(), m.end(), Reference(m.group("art"), para)))
            end = m.end()
            while (nxt := _LIST_NEXT.match(question, end)) and (
                    nxt.group("para") or nxt.group("apara") or _PLURAL.match(m.group(0))):
                article = nxt.group("art") or found[-1][2].article
                para = nxt.group("para") or nxt.group("apara") or ""
                found.append((nxt.start(), nxt.end(), Reference(article, para)))
                end = nxt.end()
            consumed.append(range(m.start(), end))
    for m in _RANGE.finditer(question):
        first, last = int(m.group("first")), int(m.group("last"))
        if 0 < last - first <= 5:
            found.extend((m.start(), m.end(), Reference(str(n))) for n in range(first + 1, last + 1))
    found.sort(key=lambda item: item[0])
    owners = _owners(question, [(start, end) for start, end, _ in found])
    articles: frozenset[tuple[str, str]] | None = None  # the corpus's (treaty, article) pairs: only when needed
    unique: list[Reference] = []
    for (_, _, ref), (source, named) in zip(found, owners):
        if not named and source:
            if articles is None:
                articles = article_pairs(chunks, pairs_kept)
            if (source, ref.article) not in articles and any(s != source and a == ref.article for s, a in articles):
                source = ""  # inferred, and the article is not that treaty's
        ref = Reference(ref.article, ref.paragraph, source)
        if ref not in unique:
            unique.append(ref)
    return unique


# article_pairs' memo: id of a chunk list -> (the list, its length, its (treaty, article) pairs); at most the
# caller's Settings.pairs_kept lists
_PAIRS: dict[int, tuple[Sequence[Chunk], int, frozenset[tuple[str, str]]]] = {}


def without_references(text: str) -> str:
    """`text` with its provision references blanked out ("Article 12(2)", "paragraph 3 of Article 98", "Articles 97
    to 99", "Annex 30"), so that searching it names no provision (parse_references finds none; the retriever's
    promotion pins none): how a previous answer's words are searched (followup_search, ranking 5)."""
    for pattern in (_RANGE, *_PATTERNS, LOCATOR):
        text = pattern.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def article_pairs(chunks: Iterable[Chunk], lists_kept: int = Settings.pairs_kept) -> frozenset[tuple[str, str]]:
    """The (treaty, article) pairs of a corpus's chunks: read once per chunk list (a retriever's or answerer's chunks,
    53,500 at make bench's 100x; they are not changed after they are built) and remembered with the list itself, so
    a later question with an inferred treaty looks them up instead of scanning every chunk again. `lists_kept`: the
    caller's Settings.pairs_kept, the most lists remembered (the environment is not read here)."""
    if not isinstance(chunks, (list, tuple)):
        return frozenset((c.source_id, c.article) for c in chunks if c.article)
    kept = _PAIRS.get(id(chunks))
    if kept is not None and kept[0] is chunks and kept[1] == len(chunks):
        return kept[2]
    pairs = frozenset((c.source_id, c.article) for c in chunks if c.article)
    if len(_PAIRS) >= lists_kept:
        _PAIRS.clear()
    _PAIRS[id(chunks)] = (chunks, len(chunks), pairs)
    return pairs


def chunks_by_article(chunks: Iterable[Chunk]) -> dict[str, list[Chunk]]:
    """Chunks per article number, in corpus order: a named article is looked up, not scanned for (the retriever's
    and the answerer's index of their chunk lists)."""
    found: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        if chunk.article:
            found.setdefault(chunk.article, []).append(chunk)
    return found


# The treaties a question can name, with the source id a reference to one of them carries ("" = the EAEU Treaty, the
# default for a bare "Article N": matches_article).
_TREATY_SOURCES = (("accession_treaty", "accession_treaty"), ("eaeu_treaty", ""))
# Between a reference and the treaty it belongs to: "Article 1 of the accession treaty", "Art. 98(3) of the Treaty on
# the Eurasian ...", "Article 10 in the Kyrgyz accession treaty".
# Only a treaty's name owns a reference: "accession" alone ("after Kyrgyzstan's accession") names no treaty.
_OWNER_NAMES = {
    "accession_treaty": re.compile(r"\baccession\s+(?:treaty|agreement)\b|\btreaty\s+(?:on|of)\s+(?:the\s+)?"
                                   r"(?:[\w'’]+\s+){0,3}accession\b", re.I),
}
_OWNER_GAP = re.compile(r"^\s*,?\s*(?:of|in|under|from)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$", re.I)
# Between two references of one list: "Article 98(3) and Article 98(4) of the EAEU Treaty".
_LISTED = re.compile(r"^\s*(?:,|and|or|&|as well as|,\s*and)?\s*$", re.I)


def _owners(question: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """The treaty (source id) each reference span belongs to, and whether it is named for it: the treaty named right
    after it, or after the list of references it ends ("Article 98(3) and Article 98(4) of the EAEU Treaty"); else
    (inferred), when the question names one treaty only, that one; else the nearest naming of a treaty; "" (the EAEU
    Treaty) when it names none (_OWNER_NAMES: by name only)."""
    named = sorted((m.start(), m.end(), source) for key, source in _TREATY_SOURCES
                   for m in _OWNER_NAMES.get(key, _DOCUMENT_MENTIONS[key]).finditer(question))
    if not named:
        return [("", False) for _ in spans]
    owners: list[str | None] = []
    for start, end in spans:
        owners.append(next((source for s, _, source in named if s >= end and _OWNER_GAP.match(question[end:s])),
                           None))
    for i in range(len(spans) - 2, -1, -1):  # a reference listed before an owned one shares its owner
        if owners[i] is None and owners[i + 1] is not None and _LISTED.match(question[spans[i][1]:spans[i + 1][0]]):
            owners[i] = owners[i + 1]
    kinds = {source for _, _, source in named}
    out = []
    for (start, end), owner in zip(spans, owners):
        if owner is None:
            out.append((next(iter(kinds)) if len(kinds) == 1 else min(
                named, key=lambda n: min(abs(n[0] - end), abs(start - n[1])))[2], False))
        else:
            out.append((owner, True))
    return out


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


def matches_article(chunk: Chunk, ref: Reference) -> bool:
    """The chunk is in the article a reference names, of its treaty (a bare "Article N": the EAEU Treaty's)."""
    if not chunk.article or chunk.article != ref.article:
        return False
    if ref.source_id:
        return chunk.source_id == ref.source_id
    # Both treaties have Articles 1-11; a bare "Article 10" means the EAEU Treaty.
    return chunk.source_id != "accession_treaty"
