"""Which quote leads: the one giving the question's date, the one about its asked outcome, the asked-for type's."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..settings import Settings
from .paragraphs import MAX_RUN_ON_CHARS, overlaps, paragraph_count, unit_before, within
from .units import Unit, cut_off

if TYPE_CHECKING:
    from .compose import Scored
    from .features import QuestionFeatures

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
# A full date: "8 May 2015", "“23” December2014" (the treaties' layout), "May 8, 2015".
_DATE = re.compile(rf"\b(?:(?P<day>\d{{1,2}})\W{{0,2}}\s*(?P<month>{_MONTHS})"
                   rf"|(?P<month2>{_MONTHS})\s+(?P<day2>\d{{1,2}}),?)\s*(?P<year>\d{{4}})\b", re.I)


def leading(chosen: list[Unit], scored: list[Scored], question: QuestionFeatures, limit: int,
            type_share: float = Settings.type_lead_share, floor: float = float("-inf"),
            far_credit: float = Settings.type_far_credit) -> list[Unit]:
    """The chosen quotes with the one that answers first, by these rules in turn, a later one overriding: the one
    giving the question's date (lead_with_date), the one about the asked outcome (lead_with_outcome), the one holding
    the asked-for type (lead_with_type). A candidate put before the quotes does not raise the number of paragraphs
    quoted: the last quotes give way to it. `floor`: the relevance a candidate that was not chosen needs to lead by its
    date (compose._floor, the one a further quote needs): a date alone does not make a quote answer."""
    cap = max(limit, paragraph_count(chosen))
    chosen = lead_with_date(chosen, scored, question.dates, floor)
    return within(lead_with_type(lead_with_outcome(chosen, scored), scored, question, type_share, far_credit), cap)


def lead_with_outcome(chosen: list[Unit], scored: list[Scored]) -> list[Unit]:
    """When the leading quote is not about the outcome the question's "if ..." asks about (Scored.outcome), the first
    chosen quote that is leads, or, when none is chosen, the most relevant candidate that is ("What happens if
    Kyrgyzstan wins?" leads with the scenario of a ruling for it, not with a middle scenario); the others keep their
    order."""
    # No relevance floor here (the date's has one): compose._floor cost tune2 pro07 its key fact (0.007 against 0.008);
    # outcome.side's stricter reading (review B1) is what keeps unrelated "if ..." questions out of this branch.
    agrees = [s.unit for s in scored if s.outcome > 0 and not cut_off(s.unit)]  # most relevant first
    keys = {u.key for u in agrees}
    if not chosen or not agrees or chosen[0].key in keys:
        return chosen
    lead = next((i for i, u in enumerate(chosen[1:], 1) if u.key in keys), None)
    if lead is None:  # none chosen (below the floor beside a better-matching quote): the most relevant one leads
        return [agrees[0], *(u for u in chosen if u.chunk.chunk_id != agrees[0].chunk.chunk_id)]
    return [chosen[lead], *chosen[:lead], *chosen[lead + 1:]]


def lead_with_type(chosen: list[Unit], scored: list[Scored], question: QuestionFeatures,
                   share: float = Settings.type_lead_share, far_credit: float = Settings.type_far_credit) -> list[Unit]:
    """For a question that asks for a place, date, duration, quantity or person (answertype.py), when the leading quote
    (with the other chosen units of its paragraph) holds no token of that type and another chosen quote holds one
    near the question's words (its type_match feature above `far_credit`, Settings.type_far_credit: the credit of a
    token far from them: often another place or figure) with at least `share` of the leading quote's relevance, the first such quote
    leads; the others keep their order."""
    if not question.answer_type or not chosen:
        return chosen
    from .compose import TYPE_MATCH  # compose imports this module: read once it is loaded

    by_key = {s.unit.key: s for s in scored}
    leader = by_key.get(chosen[0].key)
    # the leading quote is its paragraph's quoted units (rendered as one sentence): one of them holding the type will do,
    # and so will the sentence before it that with_typed_before takes in (the signature block's "Done in the city of
    # Moscow “23” December2014 ..." before "The original text of this Treaty ...")
    paragraph = [u for u in with_typed_before(chosen, scored, question, share)
                 if u.chunk.chunk_id == chosen[0].chunk.chunk_id]
    if leader is None or any(holds_type(u, scored) for u in paragraph):
        return chosen
    lead = next((i for i, u in enumerate(chosen[1:], 1) if u.key in by_key
                 and by_key[u.key].features[TYPE_MATCH] > far_credit
                 and by_key[u.key].relevance >= share * leader.relevance), None)
    return chosen if lead is None else [chosen[lead], *chosen[:lead], *chosen[lead + 1:]]


def lead_with_signing(chosen: list[Unit], scored: list[Scored], parts: bool = False) -> list[Unit]:
    """For a question asking when or where a treaty it names was signed, answered by that treaty's signature block
    (Scored.signs: frame.signing_block), the block's unit holding the asked type (the highest type_match, then the most
    relevant) leads, one per block, and the answer is the blocks' quotes alone: the signing's date and place are
    there, and other passages' dates are of other instruments or events (the accession treaty's preamble, "signed on
    10 October 2014 of the Treaty on the Accession by Republic of Armenia", led "When was the Treaty on the Accession
    of the Kyrgyz Republic signed?", Art. 1(2) and 11(2) followed). A question of several `parts` (or one asking more,
    multipart.asks_more: "... signed and when did it enter into force?") keeps its other quotes after the blocks. No such block
    unit: `chosen`."""
    from .compose import TYPE_MATCH  # compose imports this module: read once it is loaded

    blocks: dict[str, Scored] = {}
    for s in scored:
        best = blocks.get(s.unit.chunk.chunk_id)
        if s.signs and s.features[TYPE_MATCH] > 0 and (
                best is None or (s.features[TYPE_MATCH], s.relevance) > (best.features[TYPE_MATCH], best.relevance)):
            blocks[s.unit.chunk.chunk_id] = s
    if not blocks:
        return chosen
    leads = [s.unit for s in sorted(blocks.values(), key=lambda s: s.relevance, reverse=True)]
    return [*leads, *(u for u in chosen if not overlaps(u, leads) and (parts or u.chunk.chunk_id in blocks))]


def with_typed_before(chosen: list[Unit], scored: list[Scored], question: QuestionFeatures,
                      share: float = Settings.type_lead_share) -> list[Unit]:
    """For a question that asks for a place, date, duration, quantity or person (answertype.py), a quoted sentence
    holding no token of that type, with at least `share` of the best candidate's relevance (a filler quote does not
    gain a place or date: another treaty's "Done in the city of Moscow" for the EAEU Treaty's signing), takes in the
    sentence right before it in its paragraph when that one holds one (its type_match feature above 0), is not quoted
    and the span stays within MAX_RUN_ON_CHARS: "When was the accession treaty signed?" quoted the signature block
    from "The original text of this Treaty shall be deposited ...", without "Done in the city of Moscow “23”
    December2014 ...", the sentence giving the answer."""
    if not question.answer_type or not scored:
        return chosen
    least = share * max(s.relevance for s in scored)

    def relevance(span: Unit) -> float:  # of the candidate the quote (possibly run on) starts with
        return max((s.relevance for s in scored if s.unit.chunk.chunk_id == span.chunk.chunk_id
                    and s.unit.start == span.start), default=0.0)

    out: list[Unit] = []
    for unit in chosen:
        prior = unit_before(unit, scored)
        if (unit.kind == "sentence" and prior is not None and prior.kind == "sentence"
                and relevance(unit) >= least
                and prior.chunk.chunk_id == unit.chunk.chunk_id and not holds_type(unit, scored)
                and holds_type(prior, scored)
                and not prior.text.rstrip().endswith(":")
                and not overlaps(prior, chosen + out) and unit.end - prior.start <= MAX_RUN_ON_CHARS):
            unit = Unit(unit.chunk, prior.start, unit.end, unit.kind)
        out.append(unit)
    return out


def holds_type(span: Unit, scored: list[Scored]) -> bool:
    """A candidate within the span (a quote may have run on) holds a token of the asked-for type (type_match above 0)."""
    from .compose import TYPE_MATCH  # compose imports this module: read once it is loaded

    return any(s.features[TYPE_MATCH] > 0 for s in scored if s.unit.chunk.chunk_id == span.chunk.chunk_id
               and span.start <= s.unit.start and s.unit.end <= span.end)


def dates(text: str) -> frozenset[tuple[int, str, str]]:
    """The full dates a text gives, as (day, month, year): "not later than 8 May 2015" -> (8, "may", "2015")."""
    return frozenset((int(m.group("day") or m.group("day2")), (m.group("month") or m.group("month2")).lower(),
                      m.group("year")) for m in _DATE.finditer(text))


def lead_with_date(chosen: list[Unit], scored: list[Scored], asked: frozenset[tuple[int, str, str]],
                   floor: float = float("-inf")) -> list[Unit]:
    """When the question gives a full date (`asked`: dates of its condensed form) and the leading quote does not hold
    it, the most relevant candidate that does leads if its relevance reaches `floor` (the lead stays after it): "What
    did the Supreme Council have to decide by 8 May 2015?" is answered by the paragraphs that set that deadline."""
    if not asked or not chosen or dates(chosen[0].text) & asked:
        return chosen
    best = next((s.unit for s in scored if dates(s.unit.text) & asked and not cut_off(s.unit)
                 and s.relevance >= floor), None)
    return chosen if best is None else [best, *(u for u in chosen if u.key != best.key)]
