"""A paragraph's units across its chunks: a unit's paragraph, the text between two units, sentences pointing back."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..entities import STOPWORDS
from ..records import Chunk
from ..settings import Settings
from ..textrepair import split_sentences
from .units import MAX_QUOTE_CHARS, Unit, content_stems, stem

if TYPE_CHECKING:
    from .compose import Scored

# A quote that runs on (into its next unit, or a lead-in through its list) stays within twice the longest quote of
# a list, so that one run-on cannot turn the answer into a whole article.
MAX_RUN_ON_CHARS = 2 * MAX_QUOTE_CHARS


def paragraph_of(chunk: Chunk) -> tuple[str, str]:
    """The paragraph a chunk belongs to: a long paragraph is cut into several chunks (Art. 9(4) into two), all with
    the paragraph's source and locator."""
    return chunk.source_id, chunk.locator


def between(first: Unit, second: Unit) -> str | None:
    """The text between two units of one paragraph, `first` before `second`: a slice of their chunk, or, when they sit
    in consecutive chunks of the paragraph, the rest of the first chunk, a space for the white space between the chunks
    (chunks are cut between segments) and the start of the second; None when they are not so placed."""
    a, b = first.chunk, second.chunk
    if a.chunk_id == b.chunk_id:
        return a.text[first.end - a.start:second.start - a.start] if first.end <= second.start else None
    if paragraph_of(a) != paragraph_of(b) or b.ordinal != a.ordinal + 1:
        return None
    return f"{a.text[first.end - a.start:]} {b.text[:second.start - b.start]}"


# "this/these" before a unit of time counts from the time of writing ("This week the hotline received 212 calls.",
# "these days"), not from what was said before ("that year" does).
_NOW = r"(?i:week|weekend|month|year|day|morning|afternoon|evening|night|quarter|season|spring|summer|autumn|winter)s?\b"
# A sentence opening with a word that points back ("It allows Bishkek ...", "These measures ...", "Such agreement ...",
# "The latter ..."); "this/that/these/those" before a capitalised name ("This Treaty", "That Russia ...") points at
# the name, but a possessive or "such/both" before one does not ("Its Member States", "Such Agreement").
_POINTS_BACK = re.compile(rf"^\W*(?:(?i:this|these)\b(?!\s+(?:[A-Z]|{_NOW}))|(?i:that|those)\b(?!\s+[A-Z])|"
                          r"(?i:it|its|they|their|them|such|both|"
                          r"either|neither|he|she|his|her|the latter|the former|the same)\b)")


# A sentence opening by comparing or counting on from something said before ("The opposite outcome ...", "A third
# scenario ...", "Another ...", "Similarly, ...", "By contrast, ..."); "the other" before a capitalised name does not.
# A sentence opening with a condition or a time clause about something said before: a subordinator, then a
# demonstrative before a common noun or as a pronoun ("If that credibility erodes, ...", "As long as those gaps persist,
# ...", "If those protections evaporate ..."). After a subordinator "that" is no conjunction; "this/that/these/those"
# before a capitalised word points at a name ("When this Treaty enters into force").
_CONDITION_BACK = re.compile(r"^\W*(?i:if|when|whenever|once|unless|until|while|as\s+long\s+as|because|since|although|"
                             r"though)\s+(?i:this|that|these|those)\b(?!\s+[A-Z])")
_COMPARES_BACK = re.compile(r"^\W*(?i:the\s+opposite|the\s+other\b(?!\s+[A-Z])|another|(?:a|the)\s+(?:second|third|"
                            r"fourth|fifth|further)|similarly|likewise|conversely|(?:in|by)\s+contrast|"
                            r"equally)\b")
# "these" before a common noun anywhere in a sentence points at what was said before it ("between these extremes",
# "part of these guarantees"); before a capitalised name it points at the name ("these Parties" is the treaty's own).
_DEMONSTRATIVE = re.compile(rf"\bthese\s+(?!{_NOW})(?=(?P<noun>[a-z][\w-]*))", re.I)


def _demonstrative_back(sentence: str) -> bool:
    """The sentence holds "these <noun>" (_DEMONSTRATIVE) whose noun (by stem) it has not named before: "... covered by
    the sections XVI, XIX ... shall be regulated by the provisions of these sections" points within itself."""
    return any(stem(m.group("noun")) not in content_stems(sentence[:m.start()])
               for m in _DEMONSTRATIVE.finditer(sentence))


# A sentence whose opening phrase (up to its first comma) refers to what was just said with a demonstrative before a
# common noun: "From this standpoint, ...", "In that context, ...", "On such terms, ...". The words before the
# demonstrative (_LEADS_BACK) are prepositions or a coordinator: a subordinator opens a condition or a concession ("If
# that credibility erodes, ...") and a verb makes "that" a conjunction ("Given that workers pay taxes, ...", "Note
# that the court, ..."); neither continues the sentence before.
_OPENS_BACK = re.compile(r"^\W*(?P<lead>(?:[\w'’-]+\s+){0,2})(?i:this|that|these|those|such)\s+(?P<noun>[a-z][\w-]*)"
                         r"[^,.;:!?]{0,20},")
_LEADS_BACK = frozenset(
    "about above across after against along amid among amongst around at before behind beneath beside besides between "
    "beyond by despite during for from in inside into like near of on onto outside over past per regarding through "
    "throughout to toward towards under unlike upon with within without and but yet so or nor".split())


def opens_back(text: str) -> bool:
    """The sentence's opening phrase refers to what was just said (_OPENS_BACK: "From this standpoint, ...", led by
    prepositions or a coordinator only, _LEADS_BACK): it states what follows from the sentence before it. Narrower
    than points_back (a pronoun or "these" anywhere: "It forces ...", "... part of these guarantees"), which often
    moves on to a consequence or another point."""
    match = _OPENS_BACK.match(text)
    return bool(match) and match.group("noun") not in STOPWORDS and all(
        word.lower() in _LEADS_BACK for word in match.group("lead").split())


def points_back(text: str) -> bool:
    """The unit's first sentence opens with a pronoun or an anaphoric determiner (_POINTS_BACK), a comparative or
    ordinal opener (_COMPARES_BACK) or a condition about what was said before (_CONDITION_BACK), or holds "these" before a common noun its words before have not named
    (_demonstrative_back): alone it does not say what it is about."""
    first = text[slice(*split_sentences(text)[0])] if text.strip() else text
    return bool(_POINTS_BACK.match(text) or _COMPARES_BACK.match(text) or _CONDITION_BACK.match(text)
                or _demonstrative_back(first))


def with_antecedent(chosen: list[Unit], scored: list[Scored], gap: int = Settings.paragraph_gap_chars,
                    keep: Unit | None = None) -> list[Unit]:
    """A chosen sentence that points back (points_back) takes with it the sentence right before it in its paragraph,
    where the referent is, when that one is a sentence (no list entry or lead-in), not quoted already
    (render.paragraph_pieces joins a quoted one) and the span stays within MAX_RUN_ON_CHARS: one verbatim span in one
    chunk, or, when the sentence opens the paragraph's next chunk, the antecedent as a unit of its own just before it
    (render.paragraph_pieces makes the two one quote). A quote opening its chunk with such a sentence, with nothing
    before it to take (its referent is in another paragraph) and the paragraph before it not quoted, starts at its next
    sentence when it runs on, and is left out when it does not and other quotes remain (without_dangling), unless it
    is `keep` (the leading quote holding what a typed question asks: compose.select)."""
    out: list[Unit] = []
    for unit in chosen:
        before = unit_before(unit, scored)
        if (unit.kind == "sentence" and points_back(unit.text) and before is not None and before.kind == "sentence"
                and not before.text.rstrip().endswith(":") and not overlaps(before, chosen + out)
                and unit.end - before.start <= MAX_RUN_ON_CHARS):
            if before.chunk.chunk_id == unit.chunk.chunk_id:
                unit = Unit(unit.chunk, before.start, unit.end, unit.kind)
            else:
                out.append(before)
        out.append(unit)
    return without_dangling(out, scored, gap, keep)


def without_dangling(chosen: list[Unit], scored: list[Scored], gap: int = Settings.paragraph_gap_chars,
                     keep: Unit | None = None) -> list[Unit]:
    """Quotes that open their chunk with a sentence pointing back (points_back) to nothing quoted: no unit before it in
    the candidates (unit_before) and no quote ending where the chunk starts (the paragraph before). Such a quote starts at
    its second sentence when it has one; a one-sentence quote is left out while another quote remains. `keep` stays as
    it is: the leading quote holding the asked-for type of a typed question ("It received 212 calls this week." for
    "How many calls did the hotline get?" lost its number)."""
    out: list[Unit] = []
    in_order: list[Scored] | None = None  # the candidates in text order, sorted once when a quote dangles
    for unit in chosen:
        if (unit == keep or unit.kind != "sentence" or not points_back(unit.text) or unit.chunk.text[:unit.start - unit.chunk.start]
                .strip(" \n\t0123456789.") or unit_before(unit, scored) is not None
                or any(precedes(c, unit, gap) for c in chosen if c is not unit)):
            out.append(unit)
            continue
        in_order = in_order if in_order is not None else sorted(scored, key=lambda s: s.unit.start)
        rest = next((s.unit.start for s in in_order
                     if s.unit.chunk.chunk_id == unit.chunk.chunk_id and unit.start < s.unit.start < unit.end
                     and s.unit.kind == "sentence"), None)
        if rest is not None:
            out.append(Unit(unit.chunk, rest, unit.end, unit.kind))
        elif len(chosen) == 1:
            out.append(unit)  # an answer keeps its only quote
    return out or chosen


def precedes(quoted: Unit, unit: Unit, gap: int = Settings.paragraph_gap_chars) -> bool:
    """The quoted unit is of the paragraph right before the unit's chunk (its chunk ends where the unit's starts, at
    most `gap` characters of white space between them)."""
    return (quoted.chunk.source_id == unit.chunk.source_id and quoted.chunk.end <= unit.chunk.start
            and unit.chunk.start - quoted.chunk.end <= gap)


def unit_before(unit: Unit, scored: list[Scored]) -> Unit | None:
    """The candidate unit of the unit's paragraph that ends right before it (only white space between them, in its
    chunk or across the paragraph's chunks), or None."""
    return next((s.unit for s in scored if s.unit is not unit and not (between(s.unit, unit) or "x").strip()), None)


def paragraph_count(units: list[Unit]) -> int:
    """How many paragraphs (chunks) the units quote."""
    return len({u.chunk.chunk_id for u in units})


def within(units: list[Unit], cap: int) -> list[Unit]:
    """The units with the last ones giving way while they quote more than `cap` paragraphs (a quote put first by a
    lead or ordering rule does not raise the number of paragraphs an answer quotes)."""
    while paragraph_count(units) > cap:
        units = units[:-1]
    return units


def overlaps(unit: Unit, chosen: list[Unit]) -> bool:
    """The unit's span shares characters with a chosen unit's of the same document: it is quoted already (offsets
    count within a document; Art. 3(1)'s 6062-6741 in the treaty is no overlap with 6682-6893 in the analysis)."""
    return any(c.chunk.source_id == unit.chunk.source_id and c.start < unit.end and unit.start < c.end
               for c in chosen)


def opening_sentence(unit: Unit, scored: list[Scored]) -> Unit | None:
    """The first of the scored units of `unit`'s chunk when it is a sentence before `unit` that opens the chunk (only
    the paragraph's number before it): what with_rule and with_attribution bring with a later sentence; else None."""
    chunk = unit.chunk
    first = min((s.unit for s in scored if s.unit.chunk.chunk_id == chunk.chunk_id), key=lambda u: u.start,
                default=None)
    if (first is not None and first.start < unit.start and first.kind == "sentence"
            and not chunk.text[:first.start - chunk.start].strip(" \n\t0123456789.")):
        return first
    return None


def with_rule(chosen: list[Unit], scored: list[Scored]) -> list[Unit]:
    """A quoted sentence of a treaty paragraph that is not its first takes the paragraph's first sentence with it, the
    rule the later sentences qualify or extend, unless it is quoted already ("Documents of academic degrees ... are
    recognized in accordance with the legislation ..." comes with "... the education documents ... shall be
    recognized without ..."; 98(3)'s "Retirement ..." with "The social welfare ... is provided on the same terms ...").
    Only sentences of a paragraph's first chunk (Scored.continues: a later chunk's first sentence is no rule: Art.
    53(3)'s "The provisions of the first subparagraph ... shall not be applied"), and a first sentence within
    MAX_QUOTE_CHARS; the analysis's paragraphs and list items are left as they are."""
    from .wording import TREATY_SOURCES

    continuing = {s.unit.chunk.chunk_id for s in scored if s.continues}
    out: list[Unit] = []
    for unit in chosen:
        chunk = unit.chunk
        if (unit.kind == "sentence" and chunk.source_id in TREATY_SOURCES and chunk.paragraph
                and chunk.chunk_id not in continuing):
            first = opening_sentence(unit, scored)
            if first is not None and len(first.text) <= MAX_QUOTE_CHARS and not overlaps(first, chosen + out):
                out.append(first)
        out.append(unit)
    return out


# A sentence that says whose view it states: it opens (after at most one word: "From") with a party of
# the case (wording.CASE_PARTIES) and a word of stance right after it ("Russia's position, as reflected in public
# reporting, leans on ...", "Bishkek argues that ...", "From Bishkek's perspective, ..."); not "A ruling that clearly
# supports Kyrgyzstan's position would ..." (a scenario of the ruling, the party's view its object), nor "Even from
# Russia's perspective, the stakes extend beyond this single dispute" (the author reasoning in the party's place).
_STANCE_WORDS = (r"position|argument|view|perspective|standpoint|stance|argues|argued|maintains|contends|insists|"
                 r"claims|asserts|counters")


def _attribution(aside: str = "") -> re.Pattern:
    """_ATTRIBUTES's pattern; `aside`: what may stand between the party and the word of stance."""
    from .wording import CASE_PARTIES

    names = "|".join(alias for aliases in CASE_PARTIES for alias in aliases)
    return re.compile(rf"^\W*(?:[\w'’-]+\s+)?(?:{names})\w*(?:['’]s)?{aside}\s+(?:{_STANCE_WORDS})\b", re.I)


_ATTRIBUTES = _attribution()
# The longest aside between commas after the party: a few words ("by contrast", "for its part"), not a clause that
# brings its own subject and verb.
_ASIDE_CHARS = 40
# A sentence whose subject is a party of the case and whose verb or noun is a word of stance, a short aside between
# commas allowed between them: what _ATTRIBUTES reads, and "Moscow, by contrast, maintains that ..." (a paragraph's
# later sentence stating the other party's view; asked.with_stated_view).
_STATES_VIEW = _attribution(rf"(?:\s*,[^,.;:]{{1,{_ASIDE_CHARS}}},)?")


def attributes(text: str) -> bool:
    """The sentence attributes a view to a party of the case (_ATTRIBUTES)."""
    return bool(_ATTRIBUTES.match(text))


def states_view(text: str, party: int) -> bool:
    """The sentence states the view of `party` (an index of wording.CASE_PARTIES), that party its subject
    (_STATES_VIEW): "Moscow, by contrast, maintains that ..." states Russia's, "Bishkek argues that ..." Kyrgyzstan's."""
    from .outcome import parties_named

    match = _STATES_VIEW.match(text)
    return bool(match) and party in parties_named(match.group(0))


def with_attribution(chosen: list[Unit], scored: list[Scored]) -> list[Unit]:
    """A quoted sentence of an analysis paragraph that is not its first, names no party of the case itself and comes
    from a paragraph whose opening sentence attributes a view (attributes: "Russia's position, as reflected in public
    reporting, leans on ...") takes that sentence with it, unless quoted already: without it "Insurance status is
    closely tied to employment ..." reads as fact, not as Russia's argument. Within MAX_RUN_ON_CHARS as one span
    when the opening sentence ends right before the quote, else as a unit of its own before it (render joins them)."""
    from .outcome import parties_named
    from .wording import ANALYSIS_SOURCE

    out: list[Unit] = []
    for unit in chosen:
        chunk = unit.chunk
        if unit.kind == "sentence" and chunk.source_id == ANALYSIS_SOURCE and not parties_named(unit.text):
            first = opening_sentence(unit, scored)
            if first is not None and attributes(first.text) and not overlaps(first, chosen + out):
                if not (between(first, unit) or "x").strip() and unit.end - first.start <= MAX_RUN_ON_CHARS:
                    unit = Unit(chunk, first.start, unit.end, unit.kind)
                else:
                    out.append(first)
        out.append(unit)
    return out


def continued(chunks: list[Chunk]) -> frozenset[str]:
    """The chunks that continue a treaty paragraph begun in an earlier chunk of it (same source, article and
    paragraph, an earlier start): 37 of the treaties' paragraphs span more than one chunk."""
    first: dict[tuple[str, str, str], int] = {}
    for chunk in chunks:
        if chunk.paragraph:
            key = (chunk.source_id, chunk.article, chunk.paragraph)
            first[key] = min(first.get(key, chunk.start), chunk.start)
    return frozenset(c.chunk_id for c in chunks
                     if c.paragraph and c.start > first[(c.source_id, c.article, c.paragraph)])
