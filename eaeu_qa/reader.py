"""The document reader's model: paragraphs with stable anchors, a table of contents, search, deep links."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urlencode

from .chunking import locator_for, slug, unique
from .records import Document, Segment
from .textrepair import words

READER_PATH = "documents"  # the reader page's URL path (st.Page url_path)
MAX_SEARCH_HITS = 30


@dataclass(frozen=True)
class Paragraph:
    """One numbered (or unnumbered) paragraph of a document: the unit a citation points into."""

    loc: str  # stable anchor: "98.3" (Art. 98(3)), "98" (unnumbered article text), "preamble", "s2.4"
    label: str  # "Art. 98(3)", "Why Bishkek Chose ..., para. 2"
    start: int  # offsets into Document.text
    end: int
    text: str
    section: str
    article: str = ""
    article_name: str = ""
    inferred: bool = False  # the paragraph number was reconstructed (OCR lost it): an editorial number

    @property
    def group(self) -> str:
        """What the table of contents lists this paragraph under: its article, or its section."""
        return f"Article {self.article}" if self.article else (self.section or "Text")


def paragraphs(document: Document) -> list[Paragraph]:
    """The document's paragraphs in order; segments of one numbered paragraph are joined."""
    result: list[Paragraph] = []
    seen: set[str] = set()
    sections: list[str] = []
    key = lambda s: (s.section, s.article, s.part, s.paragraph)  # noqa: E731 - the chunker's unit key
    for _, group in groupby(document.segments, key=key):
        unit: list[Segment] = list(group)
        head = unit[0]
        if head.section not in sections:
            sections.append(head.section)
        loc = unique(_loc(head, sections.index(head.section) + 1, document.source.kind), seen)
        start, end = head.start, unit[-1].end
        result.append(Paragraph(loc=loc, label=locator_for(head), start=start, end=end,
                                text=document.text[start:end], section=head.section, article=head.article,
                                article_name=head.article_name, inferred=head.paragraph_inferred))
    return result


def _loc(segment: Segment, section_number: int, kind: str) -> str:
    if segment.article:
        return f"{segment.article}.{segment.paragraph}" if segment.paragraph else segment.article
    if segment.part:
        return slug(segment.part)
    if kind == "treaty":
        return slug(segment.section)
    return f"s{section_number}.{segment.paragraph or 0}"


def paragraph_at(paragraph_list: list[Paragraph], offset: int) -> Paragraph | None:
    """The paragraph that holds document offset `offset` (or the nearest one before it)."""
    starts = [p.start for p in paragraph_list]
    i = bisect.bisect_right(starts, offset) - 1
    return paragraph_list[i] if i >= 0 else (paragraph_list[0] if paragraph_list else None)


def find(paragraph_list: list[Paragraph], loc: str) -> Paragraph | None:
    return next((p for p in paragraph_list if p.loc == loc), None)


def contents(paragraph_list: list[Paragraph]) -> list[tuple[str, list[Paragraph]]]:
    """Table of contents: (section, first paragraph of each article or section part), in order."""
    toc: list[tuple[str, list[Paragraph]]] = []
    for section, members in groupby(paragraph_list, key=lambda p: p.section or "Text"):
        firsts = [next(items) for _, items in groupby(members, key=lambda p: p.group)]
        toc.append((section, firsts))
    return toc


def chapter(paragraph_list: list[Paragraph], loc: str) -> list[Paragraph]:
    """The paragraphs shown together with `loc`: its whole article, or its whole section."""
    target = find(paragraph_list, loc) or (paragraph_list[0] if paragraph_list else None)
    if target is None:
        return []
    if target.article:
        return [p for p in paragraph_list if p.article == target.article and p.section == target.section]
    return [p for p in paragraph_list if p.section == target.section and not p.article]


def search(paragraph_list: list[Paragraph], query: str, limit: int = MAX_SEARCH_HITS) -> list[Paragraph]:
    """Paragraphs containing every word of the query (case-insensitive), in document order."""
    wanted = set(words(query))
    if not wanted:
        return []
    hits = [p for p in paragraph_list if wanted <= set(words(p.text))]
    return hits[:limit]


MAX_HIGHLIGHTS = 8  # ranges in one deep link's hl


def reader_query(source_id: str, loc: str, start: int | None = None, end: int | None = None,
                 spans: list[tuple[int, int]] | None = None) -> dict[str, str]:
    """Query parameters of a deep link into the reader; `hl` is the quote's document offsets, or its pieces' ("A … B":
    `spans`, "120-180,260-300") when it was quoted in pieces."""
    params = {"doc": source_id, "loc": loc}
    if spans and len(spans) > 1:
        params["hl"] = ",".join(f"{a}-{b}" for a, b in spans[:MAX_HIGHLIGHTS])
    elif start is not None and end is not None and end > start:
        params["hl"] = f"{start}-{end}"
    return params


def reader_href(source_id: str, loc: str, start: int | None = None, end: int | None = None,
                spans: list[tuple[int, int]] | None = None) -> str:
    """A relative link to the reader page, e.g. 'documents?doc=eaeu_treaty&loc=98.3&hl=120-180'."""
    return f"{READER_PATH}?{urlencode(reader_query(source_id, loc, start, end, spans))}"


def parse_highlight(value: str | None) -> tuple[int, int] | None:
    match = re.fullmatch(r"(\d{1,9})-(\d{1,9})", value or "")
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return (start, end) if end > start else None


def parse_highlights(value: str | None) -> list[tuple[int, int]]:
    """`hl` as ranges in document order: "120-180" or "120-180,260-300" (up to MAX_HIGHLIGHTS); [] unless every
    range is well formed and after the one before it."""
    ranges = [parse_highlight(part) for part in (value or "").split(",")[:MAX_HIGHLIGHTS + 1]]
    if not ranges or None in ranges or len(ranges) > MAX_HIGHLIGHTS:
        return []
    if any(later[0] < earlier[1] for earlier, later in zip(ranges, ranges[1:])):
        return []
    return ranges
