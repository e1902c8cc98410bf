"""List lead-ins: the sentence ending in ':' that gives the list items after it in its paragraph their subject."""

from __future__ import annotations

import re

from .records import Segment
from .textrepair import split_sentences

# (start, end, text) of a lead-in: absolute offsets into the document text and the verbatim text between them.
Lead = tuple[int, int, str]

_PARAGRAPH_NUMBER = re.compile(r"^\s*\d{1,2}\.\s+")  # "2. " opens a paragraph; not part of what it says
_ITEM_MARKER = re.compile(r"^\s*(?:\d{1,2}\)|[a-z]\)|[-–—•])\s*")  # "3) ", "a) ", "- " open a list item


def paragraph_leads(segments: list[Segment]) -> list[Lead]:
    """The lead-ins of one paragraph, in text order: the last sentence of each of its segments (blocks) that ends
    in ':' and has more of the paragraph after it ("2. The Supreme Council shall have the following
    responsibilities:" before "1) ...", "4) upon suggestion ..."), without a paragraph number; an item that opens a
    nested list keeps its marker ("3) adoption of decisions ..., including:")."""
    leads: list[Lead] = []
    for segment in segments[:-1]:
        text = segment.text.rstrip()
        if not text.endswith(":"):
            continue
        spans = split_sentences(text)
        s, e = spans[-1] if spans else (0, len(text))
        number = _PARAGRAPH_NUMBER.match(text[s:e])
        s += number.end() if number else 0
        leads.append((segment.start + s, segment.start + e, text[s:e]))
    return leads


def chunk_leads(leads: list[Lead], end: int) -> tuple[Lead, ...]:
    """The paragraph's lead-ins that a chunk ending at `end` can need: those that begin before it ends."""
    return tuple(lead for lead in leads if lead[0] < end)


def is_marked(text: str) -> bool:
    """The text opens with a list-item marker ("3)", "a)", "-")."""
    return bool(_ITEM_MARKER.match(text))


def leads_before(leads: tuple[Lead, ...], position: int, marked: bool) -> tuple[Lead, ...]:
    """The lead-ins that govern a list item at `position`: the paragraph's first lead-in (the subject of the whole
    list), and the nearest one before it when that is a marked item opening a nested list of unmarked entries and
    the item is unmarked (`marked` False), so is one of them ("3) ... including:" before "making decisions ...")."""
    before = [lead for lead in leads if lead[1] <= position]
    if not before:
        return ()
    nearest = before[-1]
    if nearest != before[0] and is_marked(nearest[2]) and not marked:
        return before[0], nearest
    return tuple(before[:1])
