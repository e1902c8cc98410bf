"""Loaders: turn the analysis article and the ToTA treaty XML into Documents with structural Segments."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from .corpus import CorpusError
from .records import Document, Segment, SourceSpec
from .textrepair import tidy_title, trim_span

_BLOCK_BREAK = re.compile(r"\n[ \t\u00a0]*\n")
_NUMBERED = re.compile(r"^(\d{1,2})\.\s")
_SUB_ITEM = re.compile(r"^\d{1,2}\)\s")
_FURNITURE = re.compile(r"^(Photo:.*|Share on social media)$")
# Translator/repository metadata glued in front of the accession treaty's title in ToTA.
_TOTA_METADATA = re.compile(r"^.*?\d{4}-\d{2}-\d{2}WTOUnofficial translation")


def load_document(spec: SourceSpec, path: Path) -> Document:
    if spec.kind == "treaty":
        return load_treaty(spec, path)
    return load_plain_text(spec, path.read_text(encoding="utf-8"))


# --- The analysis article and plain-text uploads -------------------------------------------------

def load_plain_text(spec: SourceSpec, text: str, first_section: str = "Introduction") -> Document:
    """Paragraph-per-line text; a short line without end punctuation is a section heading."""
    segments: list[Segment] = []
    section, para_no, offset = first_section, 0, 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        start = offset + (len(line) - len(line.lstrip()))
        offset += len(line)
        if not stripped or _FURNITURE.match(stripped):
            continue
        if _is_heading(stripped):
            section, para_no = stripped.lstrip("#").strip(), 0
            continue
        para_no += 1
        segments.append(Segment(
            source_id=spec.id, start=start, end=start + len(stripped), text=stripped,
            section=section, paragraph=str(para_no), paragraph_style="section",
        ))
    return Document(spec, text, segments)


def _is_heading(line: str) -> bool:
    if line.startswith("#"):
        return True
    return len(line) <= 120 and not re.search(r"[.!?:;,\"”’)]$", line) and len(line.split()) <= 16


# --- ToTA treaty XML ----------------------------------------------------------------------------

def load_treaty(spec: SourceSpec, path: Path) -> Document:
    """Articles in document order; the document text is each article's heading line plus its raw text."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise CorpusError(f"{spec.short_title}: {path} is not well-formed XML ({exc}).") from exc
    body = root.find("body")
    if body is None:
        raise CorpusError(f"{spec.short_title}: {path} has no <body>; not a ToTA treaty file.")
    pieces: list[str] = []
    segments: list[Segment] = []
    offset = 0
    articles = [(chapter, article) for chapter in body.iter("chapter") for article in chapter.iter("article")]
    for index, (chapter, article) in enumerate(articles):
        number = _article_number(article)
        part = "" if number else _unnumbered_part(index, len(articles))
        heading = _heading_line(chapter, article, number, part)
        raw = article.text or ""
        if index == 0 and not number:
            raw = _TOTA_METADATA.sub("", raw)
        text_start = offset + len(heading) + 1
        pieces.append(f"{heading}\n{raw}\n\n")
        section = _section_name(chapter)
        segments.extend(_article_segments(spec, raw, text_start, section, number,
                                          tidy_title(article.get("name", "")), part))
        offset += len(pieces[-1])
    return Document(spec, "".join(pieces), segments)


def _article_number(article: ET.Element) -> str:
    match = re.search(r"(\d+)", article.get("number", ""))
    return match.group(1) if match else ""


# The name (and locator) of a treaty's last part outside its articles: where and when it was done, and for whom.
SIGNATURE_BLOCK = "Signature block"


def _unnumbered_part(index: int, total: int) -> str:
    return "Preamble" if index == 0 else SIGNATURE_BLOCK if index == total - 1 else "Unnumbered text"


def _section_name(chapter: ET.Element) -> str:
    number, name = chapter.get("number", ""), tidy_title(chapter.get("name", ""))
    if number:
        return f"Section {number.split()[-1]} {name}" if number.upper().startswith("SECTION") else f"{number} {name}"
    return name


def _heading_line(chapter: ET.Element, article: ET.Element, number: str, part: str) -> str:
    if number:
        return f"ARTICLE {number} {tidy_title(article.get('name', ''))}".strip()
    return part.upper()


def _blocks(raw: str) -> list[tuple[int, int]]:
    """(start, end) of the blank-line separated blocks of raw, trimmed of whitespace."""
    spans, start = [], 0
    for match in _BLOCK_BREAK.finditer(raw):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(raw)))
    return [trim_span(raw, s, e) for s, e in spans if raw[s:e].strip()]


def _preamble_blocks(raw: str) -> list[tuple[int, int]]:
    """Recitals: inside a block, a line that starts without indentation begins a new recital."""
    spans = []
    for block_start, block_end in _blocks(raw):
        starts = [block_start] + [block_start + m.end() for m in re.finditer(r"\n(?=\S)", raw[block_start:block_end])]
        spans.extend(trim_span(raw, s, e) for s, e in zip(starts, starts[1:] + [block_end]) if raw[s:e].strip())
    return spans


def _article_segments(spec: SourceSpec, raw: str, base: int, section: str, number: str,
                      name: str, part: str) -> list[Segment]:
    blocks = _preamble_blocks(raw) if part else _blocks(raw)
    texts = [raw[s:e] for s, e in blocks]
    labels = _paragraph_labels(texts) if number else [("", False, "")] * len(texts)
    return [
        Segment(source_id=spec.id, start=base + s, end=base + e, text=raw[s:e], section=section,
                article=number, article_name=name, part=part, paragraph=label,
                paragraph_inferred=inferred, paragraph_style=style)
        for (s, e), (label, inferred, style) in zip(blocks, labels)
    ]


def _paragraph_labels(blocks: list[str]) -> list[tuple[str, bool, str]]:
    """Which paragraph each block belongs to: explicit '3.' numbers, numbers OCR lost, or position.

    A block is a continuation (sub-item, list entry, second sentence group) of the current paragraph
    unless it starts a new one. Where an article numbers its paragraphs, a block that starts in
    lower case after a finished paragraph ("member State worker has the right ...") is a paragraph
    whose "N. A" was lost in OCR: its number is reconstructed when it fits before the next explicit one.
    """
    explicit = [int(m.group(1)) if (m := _NUMBERED.match(b)) else None for b in blocks]
    numbered = any(n is not None for n in explicit)
    labels: list[tuple[str, bool, str]] = []
    current, inferred, previous = 0, False, ""
    for i, block in enumerate(blocks):
        continues = previous.rstrip().endswith((":", ";", ",")) or bool(_SUB_ITEM.match(block))
        if explicit[i] is not None and explicit[i] == current + 1 or (explicit[i] is not None and not continues):
            current, inferred = explicit[i], False
        elif numbered and not continues and block[:1].islower() and (i == 0 or previous.rstrip().endswith(".")):
            upcoming = next((n for n in explicit[i + 1:] if n is not None), None)
            if upcoming is None or current + 1 < upcoming:
                current, inferred = current + 1, True
        elif not numbered and not continues and (i == 0 or previous):
            current, inferred = current + 1, False
        if current == 0:  # text before the first paragraph, e.g. a stray sub-heading
            labels.append(("", False, ""))
        else:
            labels.append((str(current), inferred, "numbered" if numbered else "positional"))
        previous = block
    return labels
