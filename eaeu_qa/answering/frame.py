"""A treaty's frame (preamble, signature block, final provisions): quoted only where the question asks about it."""

from __future__ import annotations

from collections.abc import Iterable

from ..records import Chunk
from .units import Unit, content_stems
from .evidence import with_heading
from .wording import ANALYSIS_SOURCE, TREATY_SOURCES


def final_sections(chunks: Iterable[Chunk]) -> frozenset[tuple[str, str]]:
    """(source, section) of each treaty's last section of articles (the EAEU Treaty's "Final Provisions"): the clauses
    on entry into force, languages, amendment, withdrawal that close a treaty. A treaty without sections has none."""
    last: dict[str, Chunk] = {}
    for chunk in chunks:
        if chunk.source_id != ANALYSIS_SOURCE and chunk.article and chunk.section:
            if chunk.source_id not in last or chunk.start > last[chunk.source_id].start:
                last[chunk.source_id] = chunk
    return frozenset((c.source_id, c.section) for c in last.values())


def is_frame(chunk: Chunk, finals: frozenset[tuple[str, str]]) -> bool:
    """The chunk is part of a treaty's frame: a part outside its articles (the preamble and the signature block, which
    the loader names by position) or an article of its final section (final_sections). Only the corpus treaties have
    a frame: the analysis and an uploaded document (no articles either) have none."""
    if chunk.source_id not in TREATY_SOURCES:
        return False
    return not chunk.article or (chunk.source_id, chunk.section) in finals


def title_stems(chunk: Chunk) -> frozenset[str]:
    """The stems of the names of the chunk's document ("Treaty on the Eurasian Economic Union", "Kyrgyz Accession
    Treaty"): every one of its passages is about them, so they are no sign that a passage answers."""
    return content_stems(f"{chunk.title.split('(')[0]} {chunk.short_title}")


def frame_supported(unit: Unit, topic: frozenset[str]) -> bool:
    """A frame unit holds (with its heading, which says what a preamble or signature block contains: "where and when
    the treaty was done and signed, in which language, and by whom") a stem of what the question asks about (`topic`:
    compose.question_topic, its names and its document's name left out): signing, languages, parties, withdrawal."""
    return bool(content_stems(with_heading(unit)) & (topic - title_stems(unit.chunk)))
