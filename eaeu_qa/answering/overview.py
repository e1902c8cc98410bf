"""A whole article asked for with no topic ("What does Article 98 say?"): its paragraphs' opening sentences, in order."""

from __future__ import annotations

from collections.abc import Callable

from ..records import Chunk
from .compose import Scored
from .runon import through_list
from .features import QuestionFeatures
from .units import MAX_QUOTE_CHARS, Unit
from .wording import DEFAULT_TREATY, OVERVIEW_CUT


def article_overview(question: QuestionFeatures, scored: list[Scored], chunks: list[Chunk],
                     units_of: Callable[[Chunk], list[Unit]], cap: int) -> tuple[list[Unit], str] | None:
    """For a question that names one article, no paragraph and nothing to ask about it (QuestionFeatures
    .only_names_provision: its words are the reference and the frame "what does ... say / provide / contain"), the
    opening unit of each of the article's first `cap` paragraphs (Settings.overview_paragraphs; a one-sentence paragraph
    is whole) in the treaty's order, and the note saying how many paragraphs it has when some are left out ("" when
    none are). The article is the one of the best-ranked passage the question names (retrieval promotes it; its
    treaty decides which treaty's Article N). None (compose as usual) for any other question and for an article of
    one paragraph. The analysis's sections are no articles: they have titles, no numbers, and "Article N" names a
    treaty's article only (references.parse_references)."""
    if not question.only_names_provision or len(question.references) != 1 or question.references[0].paragraph:
        return None
    named = [s.passage for s in scored if s.passage.referenced]
    if not named:
        return None
    first = min(named, key=lambda p: p.rank).chunk
    if not first.article:
        return None
    openings: dict[str, Chunk] = {}  # each paragraph's first chunk, in the treaty's order
    for chunk in sorted((c for c in chunks if c.source_id == first.source_id and c.article == first.article),
                        key=lambda c: c.start):
        openings.setdefault(chunk.paragraph, chunk)
    if len(openings) < 2:
        return None
    # A lead-in takes its list while the quote stays within a list quote's length: "Bodies of the EAEU shall include:"
    # alone says nothing.
    opened = [units_of(c) for c in list(openings.values())[:cap]]  # each paragraph's first chunk's units
    units = [through_list(found[0], found[1:], [], MAX_QUOTE_CHARS) for found in opened if found]
    if not units:
        return None
    note = ""
    if len(openings) > cap:
        shown = f"the first {cap}" if len(units) == cap else f"{len(units)} of the first {cap}"
        treaty = "" if first.source_id == DEFAULT_TREATY else f" of the {first.short_title}"
        note = OVERVIEW_CUT.format(article=f"Article {first.article} of the {first.short_title}", count=len(openings),
                                   shown=shown, number=first.article, next=list(openings)[cap] or cap + 1,
                                   treaty=treaty)
    return units, note
