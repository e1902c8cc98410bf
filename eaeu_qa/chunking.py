"""Structure-aware chunking: one treaty paragraph (or article paragraph) per chunk, never across articles."""

from __future__ import annotations

import re
from itertools import groupby

from .lead_ins import Lead, chunk_leads, paragraph_leads
from .records import Chunk, Document, Segment
from .textrepair import repair_ocr, split_sentences

# Bump when chunk boundaries, ids or search text change: it is part of the index fingerprint.
CHUNKER_VERSION = "5"
# all-MiniLM-L6-v2 reads at most 256 word pieces (roughly 1,000 characters of this English);
# keeping chunks under that means the whole chunk is embedded, not just its start.
MAX_CHUNK_CHARS = 900


def chunk_documents(documents: list[Document], max_chars: int = MAX_CHUNK_CHARS) -> list[Chunk]:
    chunks: list[Chunk] = []
    for document in documents:
        chunks.extend(chunk_document(document, max_chars))
    return chunks


def chunk_document(document: Document, max_chars: int = MAX_CHUNK_CHARS) -> list[Chunk]:
    chunks: list[Chunk] = []
    seen_ids: set[str] = set()
    for _, group in groupby(document.segments, key=_unit_key):
        unit = list(group)
        pieces = list(_pack(document.text, unit, max_chars))
        leads = paragraph_leads(unit)
        for part, (start, end) in enumerate(pieces, start=1):
            chunk_id = _unique_id(document.source.id, unit[0], part if len(pieces) > 1 else 0, seen_ids)
            chunks.append(_make_chunk(document, unit[0], start, end, chunk_id, len(chunks),
                                      chunk_leads(leads, end)))
    return chunks


def _unit_key(segment: Segment) -> tuple:
    """Segments sharing this key form one paragraph; a chunk never spans two keys."""
    return (segment.section, segment.article, segment.part, segment.paragraph)


def _pack(text: str, unit: list[Segment], max_chars: int):
    """Yield (start, end) spans over the unit, breaking at segment (then sentence) boundaries."""
    spans = [span for segment in unit for span in _split_long(text, segment, max_chars)]
    start, end = spans[0]
    for next_start, next_end in spans[1:]:
        if next_end - start > max_chars:
            yield start, end
            start = next_start
        end = next_end
    yield start, end


def _split_long(text: str, segment: Segment, max_chars: int):
    if segment.end - segment.start <= max_chars:
        yield segment.start, segment.end
        return
    sentence_spans = split_sentences(segment.text)
    start = end = None
    for s, e in sentence_spans:
        s, e = segment.start + s, segment.start + e
        if start is None:
            start, end = s, e
        elif e - start > max_chars:
            yield start, end
            start, end = s, e
        else:
            end = e
    if start is not None:
        yield start, end


def locator_for(segment: Segment) -> str:
    if segment.article:
        if not segment.paragraph:
            return f"Art. {segment.article}"
        if segment.paragraph_style == "numbered":
            return f"Art. {segment.article}({segment.paragraph})"
        return f"Art. {segment.article}, para. {segment.paragraph}"
    if segment.part:
        return segment.part
    if segment.paragraph:
        return f"{segment.section}, para. {segment.paragraph}"
    return segment.section


# What the unnumbered parts of a treaty are, in words a question would use.
_PART_DESCRIPTIONS = {
    "Preamble": "Preamble: the parties and the reasons for which they concluded the treaty",
    "Signature block": "Signature block: where and when the treaty was done and signed, in which language, "
                       "and by whom",
}


def context_for(document: Document, segment: Segment) -> str:
    """A heading line that lets the chunk be understood on its own."""
    title = document.source.short_title
    if segment.article:
        parts = [title, segment.section, f"Article {segment.article} {segment.article_name}".strip()]
        if segment.paragraph:
            parts.append(f"paragraph {segment.paragraph}")
        return ", ".join(p for p in parts if p)
    if segment.part:
        return f"{title}, {_PART_DESCRIPTIONS.get(segment.part, segment.part)}"
    if document.source.kind == "article":
        return f"{title}, section \u201c{segment.section}\u201d, paragraph {segment.paragraph}"
    return f"{title}, {locator_for(segment)}"


def _make_chunk(document: Document, head: Segment, start: int, end: int, chunk_id: str, ordinal: int,
                leads: tuple[Lead, ...] = ()) -> Chunk:
    spec = document.source
    context = context_for(document, head)
    text = document.text[start:end]
    return Chunk(
        chunk_id=chunk_id, source_id=spec.id, title=spec.title, short_title=spec.short_title,
        locator=locator_for(head), context=context, text=text,
        search_text=f"{context}. {repair_ocr(text)}", start=start, end=end, ordinal=ordinal,
        section=head.section, article=head.article, article_name=head.article_name, paragraph=head.paragraph,
        paragraph_inferred=head.paragraph_inferred, url=spec.url, licence=spec.licence,
        attribution=spec.attribution, leads=leads,
    )


def _unique_id(source_id: str, head: Segment, part: int, seen: set[str]) -> str:
    return unique(f"{source_id}:{slug(locator_for(head))}" + (f"~{part}" if part else ""), seen)


def slug(text: str) -> str:
    """Lower-case letters and digits joined by '-' ('Article 98' -> 'article-98'); 'text' when none is left."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "text"


def unique(base: str, seen: set[str]) -> str:
    """`base`, or `base~2`, `base~3` ... when taken, the first not in `seen`; added to `seen`."""
    name, n = base, 1
    while name in seen:
        n += 1
        name = f"{base}~{n}"
    seen.add(name)
    return name
