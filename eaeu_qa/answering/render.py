"""Rendering: answer sentences with [n] markers, treaty quotes naming their article, citations."""

from __future__ import annotations

import html
import re

from ..records import Chunk, Citation
from ..textrepair import fold_whitespace
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
    unit = without_rule(unit)
    text = fold_whitespace(unit.text)
    if not unit.chunk.article and unit.chunk.source_id not in TREATY_SOURCES:
        return with_marker(text, n)
    quoted = text.rstrip(" ;:,.")
    if unit.chunk.paragraph_inferred and quoted[:1].islower() and unit.start - unit.chunk.start < 3:
        quoted = EDITORIAL_OPENING + quoted
    # A list item is quoted after its lead-in, verbatim, the words between them marked as left out.
    quoted = QUOTE_ELLIPSIS.join([*(fold_whitespace(lead[2]) for lead in unit.leads), quoted])
    # Nested quotation marks become single ones, as in print; the citation keeps the verbatim text.
    quoted = quoted.replace("\u201c", "\u2018").replace("\u201d", "\u2019")
    verb = TREATY_VERB_ARTICLE if unit.chunk.article else TREATY_VERB_OTHER
    sentence = f"{article_reference(unit.chunk)} {verb} \u201c{quoted}\u201d [{n}]."
    return sentence[:1].upper() + sentence[1:]


def with_marker(text: str, n: int) -> str:
    """'Claim.' -> 'Claim [n].' (the marker sits inside the sentence it supports)."""
    text = text.strip()
    if text.endswith("."):
        return f"{text[:-1]} [{n}]."
    if text.endswith(("!", "?", "\u201d", '"')):
        return f"{text} [{n}]"
    return f"{text.rstrip(' ;:,')} [{n}]."


def make_citation(unit: Unit, n: int) -> Citation:
    unit = without_rule(unit)  # as render_unit quotes it
    chunk = unit.chunk
    return Citation(n=n, chunk_id=chunk.chunk_id, source_id=chunk.source_id, title=chunk.title,
                    short_title=chunk.short_title, locator=chunk.locator, quote=unit.text, start=unit.start,
                    end=unit.end, passage=chunk.text, passage_start=chunk.start, url=chunk.url,
                    licence=chunk.licence, attribution=chunk.attribution)


def render(units: list[Unit]) -> tuple[list[str], list[Citation]]:
    """Numbered answer sentences and their citations, in the given order."""
    sentences = [render_unit(u, n) for n, u in enumerate(units, start=1)]
    return sentences, [make_citation(u, n) for n, u in enumerate(units, start=1)]
