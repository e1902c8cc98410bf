"""Rendering: answer sentences with [n] markers, treaty quotes naming their article, citations."""

from __future__ import annotations

import html
import re

from ..records import Chunk, Citation
from ..textrepair import fold_whitespace
from .paragraphs import between, paragraph_of
from .units import Unit, without_rule
from .wording import EDITORIAL_OPENING, QUOTE_ELLIPSIS, TREATY_SOURCES, TREATY_VERB_ARTICLE, TREATY_VERB_OTHER

_MARKUP = re.compile(r"<[^>]{0,200}>|[*_`#>\[\]]+")


def plain_text(text: str) -> str:
    """User text safe to echo: tags and markdown markup removed, then HTML-escaped."""
    return html.escape(fold_whitespace(_MARKUP.sub(" ", html.unescape(text))), quote=False)


def article_reference(chunk: Chunk) -> str:
    """'Art. 98(3)' of the EAEU Treaty -> 'Article 98(3) of the EAEU Treaty'."""
    locator = chunk.locator.replace("Art. ", "Article ").replace(", para. ", ", paragraph ")
    if chunk.article:
        return f"{locator} of the {chunk.short_title}"
    return f"the {locator[:1].lower() + locator[1:]} of the {chunk.short_title}"


def render_unit(unit: Unit, n: int) -> str:
    """One answer sentence: analysis prose as written, treaty text quoted with its article named."""
    return render_group([unit], f"[{n}]")


def render_group(units: list[Unit], marker: str) -> str:
    """One answer sentence for the quotes of one paragraph (as paragraph_pieces gives them, in text order): analysis
    prose as written, treaty text as one quote naming its article; pieces that do not touch are joined by
    QUOTE_ELLIPSIS (a reader sees the gap; a list item's lead-in shown once), pieces that touch across the paragraph's
    chunks by a space. `marker` is "[n]", or "[n][n+1]" for a paragraph quoted from two of its chunks."""
    units = [without_rule(u) for u in units]
    chunk = units[0].chunk
    if not chunk.article and chunk.source_id not in TREATY_SOURCES:
        texts = [fold_whitespace(u.text).strip() for u in units]
        return with_marker(_joined(units, texts), marker)
    shown: list[str] = []  # lead-ins already quoted as an entry's lead-in
    spans: list[tuple[int, int]] = []  # the source spans already quoted (one paragraph: one source)
    texts = []
    for unit in units:
        quoted = fold_whitespace(unit.text).strip()
        if unit.chunk.paragraph_inferred and quoted[:1].islower() and unit.start - unit.chunk.start < 3:
            quoted = EDITORIAL_OPENING + quoted
        # A list item is quoted after its lead-in, verbatim, the words between them marked as left out; a lead-in is
        # shown once per paragraph, whether first as an entry's lead-in or inside a quote of its own (the list's
        # first chunk quoted with its lead-in, a later entry from the paragraph's next chunk).
        leads = [fold_whitespace(lead[2]) for lead in unit.leads
                 if not any(start <= lead[0] and lead[1] <= end for start, end in spans)]
        leads = [lead for lead in leads if lead not in shown]
        shown.extend(leads)
        spans.append((unit.start, unit.end))
        texts.append(QUOTE_ELLIPSIS.join([*leads, quoted]) if leads else quoted)
    quoted = _joined(units, texts).rstrip(" ;:,.")
    # Nested quotation marks become single ones, as in print; the citation keeps the verbatim text.
    quoted = quoted.replace("\u201c", "\u2018").replace("\u201d", "\u2019")
    verb = TREATY_VERB_ARTICLE if chunk.article else TREATY_VERB_OTHER
    sentence = f"{article_reference(chunk)} {verb} \u201c{quoted}\u201d {marker}."
    return sentence[:1].upper() + sentence[1:]


def _joined(units: list[Unit], texts: list[str]) -> str:
    """The pieces' texts in order: a space where two pieces touch (_touch), else QUOTE_ELLIPSIS after the first piece
    without its closing punctuation."""
    out = texts[0]
    for previous, unit, text in zip(units, units[1:], texts[1:]):
        out = f"{out} {text}" if _touch(previous, unit) else f"{out.rstrip(' ;:,.')}{QUOTE_ELLIPSIS}{text}"
    return out


def paragraph_pieces(units: list[Unit]) -> list[list[Unit]]:
    """The answer's units grouped by paragraph (paragraphs.paragraph_of: a long paragraph's chunks are one
    paragraph), a group where its first unit stood: one citation per paragraph. Inside a group the units are in text
    order, and units of one chunk that overlap or touch (nothing but white space or a list number between them) become
    one verbatim span."""
    groups: dict[tuple[str, str], list[Unit]] = {}
    for unit in units:
        groups.setdefault(paragraph_of(unit.chunk), []).append(unit)
    out = []
    for group in groups.values():
        pieces: list[Unit] = []
        for unit in sorted(group, key=lambda u: (u.chunk.ordinal, u.start, u.end)):
            last = pieces[-1] if pieces else None
            if (last is not None and last.chunk.chunk_id == unit.chunk.chunk_id
                    and (unit.start <= last.end or _touch(last, unit))):
                pieces[-1] = Unit(last.chunk, last.start, max(last.end, unit.end), last.kind)
            else:
                pieces.append(unit)
        out.append(pieces)
    return out


_TOUCHING = re.compile(r"\s*(?:\d{1,2}[.)]|[a-z]\))?\s*$")


def _touch(first: Unit, second: Unit) -> bool:
    """Nothing but white space or a list number between the two units (in one chunk or across the paragraph's)."""
    gap = between(first, second)
    return gap is not None and bool(_TOUCHING.match(gap))


def with_marker(text: str, marker: str) -> str:
    """'Claim.' -> 'Claim [n].' (the marker, "[n]" or "[n][n+1]", sits inside the sentence it supports)."""
    text = text.strip()
    if text.endswith("."):
        return f"{text[:-1]} {marker}."
    if text.endswith(("!", "?", "\u201d", '"')):
        return f"{text} {marker}"
    return f"{text.rstrip(' ;:,')} {marker}."


def make_citation(unit: Unit, n: int) -> Citation:
    unit = without_rule(unit)  # as render_unit quotes it
    chunk = unit.chunk
    return Citation(n=n, chunk_id=chunk.chunk_id, source_id=chunk.source_id, title=chunk.title,
                    short_title=chunk.short_title, locator=chunk.locator, quote=unit.text, start=unit.start,
                    end=unit.end, passage=chunk.text, passage_start=chunk.start, url=chunk.url,
                    licence=chunk.licence, attribution=chunk.attribution)


def chunk_citations(units: list[Unit], first: int) -> list[Citation]:
    """The citations of one paragraph's quotes (paragraph_pieces), numbered from `first`: one per chunk they sit in
    (one for all but the 41 paragraphs cut into several chunks), the verbatim span from the chunk's first quote to its
    last. A citation is one slice of one chunk, highlighted in that chunk's text on its card, so a paragraph quoted
    from two of its chunks is one sentence with two markers, "[1][2]", each card highlighting its part."""
    units = [without_rule(u) for u in units]
    spans: dict[str, list[Unit]] = {}
    for unit in units:
        spans.setdefault(unit.chunk.chunk_id, []).append(unit)
    return [make_citation(Unit(g[0].chunk, g[0].start, max(u.end for u in g), g[0].kind), n)
            for n, g in enumerate(spans.values(), start=first)]


def render(units: list[Unit]) -> tuple[list[str], list[Citation]]:
    """Numbered answer sentences and their citations, in the given order; the quotes of one paragraph are one sentence
    (paragraph_pieces), where the paragraph's first quote stood, with one citation per chunk (chunk_citations)."""
    sentences: list[str] = []
    citations: list[Citation] = []
    for group in paragraph_pieces(units):
        cited = chunk_citations(group, len(citations) + 1)
        sentences.append(render_group(group, "".join(f"[{c.n}]" for c in cited)))
        citations += cited
    return sentences, citations
