"""Retrieval for a follow-up turn: three rankings fused by reciprocal rank.

1. the rewritten question (the turn with the previous answer's subject put in),
2. the turn's own words (what it newly asks for, without the carried subject, which can dominate),
3. the passages that sit next to what the previous answer cited (same treaty article, same section of
   the analysis; retrieved ones first, in fused order, then the others in document order): a conversation
   usually stays in the part of the documents it was in,
4. the previous question (as it was understood) followed by the turn as typed: it keeps every word of the
   conversation, so a rewrite that put in the wrong antecedent or lost the subject is not alone (weight `history`),
5. the turn as typed followed by the previous answer's words (without its [n] markers and its provision references,
   references.without_references, so that the answer's "Article 12(2) ..." does not pin the passage it already cited
   at the top): the answer is evidence of where the conversation is in the documents, beyond the passages it cited
   (weight `answer`; 0 = not searched),
6. the passages the previous answer cited, in their fused order (weight `cited`): a follow-up often asks more about
   what was just quoted ("which annex is that in?"); like ranking 3 it weighs nothing after a topic switch and
   `aspect` times as much when the turn asks for another thing.

When the turn moves to another party ("And what does Russia say?" after Kyrgyzstan's case), the passages
the previous answer already cited are demoted: the user has read them and asks for something else.
When the turn asks for another thing than the previous question (another answer type or wh-word: "and where is
that court based?" after "Who appoints the judges of the Court?", eaeu_qa/condensing/aspect.py), ranking 3 weighs
less (times `aspect`): the previous answer's passages answered the other question.
The weights are fitted on tuning chats only (scripts/followups.py --fit and --fit-switch; docs/evaluation.md) and
live in the settings (Settings.followup_*, EAEU_QA_FOLLOWUP_* variables).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from .condensing.phrasing import unmarked
from .records import Chunk, CitedLocator, RetrievedPassage
from .references import without_references
from .settings import Settings


@dataclass(frozen=True)
class FollowUpWeights:
    """RRF weights of rankings 2 and 3 (ranking 1 weighs 1), and the factor for already cited passages.
    Fitted by scripts/followups.py --fit on tuning follow-ups (docs/evaluation.md, Follow-ups); their one source
    is the settings (Settings.followup_own, ...): build them with from_settings."""

    own: float
    local: float
    repeat: float
    switch_local: float  # ranking 3's weight after a topic switch (mode "switch")
    aspect: float = 1.0  # factor on ranking 3's weight when the turn asks for another thing (Condensed.other_aspect)
    history: float = 0.0  # ranking 4's weight: the previous question followed by the turn (0 = not searched)
    answer: float = 0.0  # ranking 5's weight: the turn followed by the previous answer's words (0 = not searched)
    cited: float = 0.0  # ranking 6's weight: the passages the previous answer cited, in fused order (0 = off)

    @classmethod
    def from_settings(cls, settings: Settings) -> "FollowUpWeights":
        return cls(settings.followup_own, settings.followup_local, settings.followup_repeat,
                   settings.followup_switch_local, settings.followup_aspect_local, settings.followup_history,
                   settings.followup_answer, settings.followup_cited)

    def for_turn(self, switch: bool, other_aspect: bool) -> "FollowUpWeights":
        """The weights a turn is searched with: after a topic switch the previous answer's neighbourhood weighs
        `switch_local` and its cited passages nothing (they belong to the topic the turn left); when the turn asks for
        another thing than the previous question, `aspect` times both."""
        weights = replace(self, local=self.switch_local, cited=0.0) if switch else self
        if other_aspect:
            weights = replace(weights, local=weights.local * weights.aspect, cited=weights.cited * weights.aspect)
        return weights


WEIGHTS = FollowUpWeights.from_settings(Settings())  # the default settings' weights


def place(chunk: Chunk) -> tuple[str, str]:
    """The part of a document a chunk sits in: a treaty article, a section of the analysis, a named part."""
    return chunk.source_id, chunk.article or chunk.section or chunk.locator.split(",")[0]


def cited_keys(citations: Iterable[CitedLocator]) -> set[tuple[str, str]]:
    return {(c.source_id, c.locator) for c in citations}


def fuse(main: list[RetrievedPassage], own: list[RetrievedPassage], cited: set[tuple[str, str]],
         chunks_by_key: dict[tuple[str, str], list[Chunk]], shift: bool, k: int, rrf_k: int,
         weights: FollowUpWeights | None = None, neighbours: Iterable[Chunk] = (),
         history: list[RetrievedPassage] | None = None,
         answered: list[RetrievedPassage] | None = None) -> list[RetrievedPassage]:
    """The top k of the fused rankings; passages the rewritten question promoted by reference stay first."""
    weights = weights or WEIGHTS
    places = {place(c) for key in cited for c in chunks_by_key.get(key, [])}
    scores: dict[str, float] = {}
    passages: dict[str, RetrievedPassage] = {}

    def admit(chunk: Chunk) -> bool:
        """A chunk no ranking found joins the fused list at score 0 (True when it was not in it)."""
        if chunk.chunk_id in scores:
            return False
        passages[chunk.chunk_id] = RetrievedPassage(rank=0, chunk=chunk, score=0.0)
        scores[chunk.chunk_id] = 0.0
        return True

    for ranking, weight in ((main, 1.0), (own, weights.own), (history or [], weights.history),
                            (answered or [], weights.answer)):
        if not weight:  # a ranking that weighs nothing brings no passages either
            continue
        for rank, passage in enumerate(ranking, start=1):
            cid = passage.chunk.chunk_id
            scores[cid] = scores.get(cid, 0.0) + weight / (rrf_k + rank)
            passages.setdefault(cid, passage)
    if places and weights.local:
        local = [cid for cid in sorted(scores, key=scores.get, reverse=True) if place(passages[cid].chunk) in places]
        # then the passages of those places that no ranking found, in document order
        local += [c.chunk_id for c in sorted((c for c in neighbours if place(c) in places), key=lambda c: c.ordinal)
                  if admit(c)]
        for rank, cid in enumerate(local, start=1):
            scores[cid] += weights.local / (rrf_k + rank)
    if weights.cited:
        again = [c for key in sorted(cited) for c in chunks_by_key.get(key, [])]
        for chunk in again:
            admit(chunk)
        ranked = sorted(dict.fromkeys(c.chunk_id for c in again), key=lambda cid: (-scores[cid], cid))
        for rank, cid in enumerate(ranked, start=1):
            scores[cid] += weights.cited / (rrf_k + rank)
    if shift:
        for cid, passage in passages.items():
            if (passage.chunk.source_id, passage.chunk.locator) in cited:
                scores[cid] *= weights.repeat
    referenced = [p.chunk.chunk_id for p in main if p.referenced]
    order = referenced + [cid for cid in sorted(scores, key=scores.get, reverse=True) if cid not in referenced]
    top = max(scores.values(), default=0.0)
    return [replace(passages[cid], rank=rank, score=scores[cid] + (top if cid in referenced else 0.0))
            for rank, cid in enumerate(order[:k], start=1)]


def search(retriever, rewritten: str, own: str, cited: Iterable[CitedLocator], shift: bool, k: int,
           weights: FollowUpWeights | None = None, switch: bool = False,
           other_aspect: bool = False, previous: str = "", question: str = "",
           answer: str = "") -> list[RetrievedPassage]:
    """Run the rankings with `retriever` (a HybridRetriever) and fuse them; after a topic switch the previous
    answer's neighbourhood weighs `switch_local` instead of `local`, and when the turn asks for another thing than
    the previous question, `aspect` times that (ranking 6 likewise: 0 after a switch, `aspect` times `cited`).
    `previous` is the previous turn's question as it was understood and `question` the turn as typed: ranking 4
    searches them together; `answer` the previous turn's answer ('' for a refusal): ranking 5 searches the turn
    followed by it (one search: an answer's sentences are not a multi-part question)."""
    weights = (weights or WEIGHTS).for_turn(switch, other_aspect)
    fetch = max(retriever.settings.fetch_k, k)
    main = retriever.search(rewritten, k=fetch)
    mine = retriever.search(own, k=fetch) if own and own.strip() and weights.own else []
    joined = f"{previous.strip()} {question.strip()}".strip() if previous.strip() else ""
    context = retriever.search(joined, k=fetch) if joined and weights.history else []
    evidence = f"{question.strip()} {without_references(unmarked(answer))}".strip() if answer.strip() else ""
    answered = retriever._search(evidence, fetch) if evidence and weights.answer else []
    keys = cited_keys(cited)
    by_key: dict[tuple[str, str], list[Chunk]] = {}
    if keys:
        for chunk in retriever.chunks:
            if (chunk.source_id, chunk.locator) in keys:
                by_key.setdefault((chunk.source_id, chunk.locator), []).append(chunk)
    return fuse(main, mine, keys, by_key, shift, k, retriever.settings.rrf_k, weights, retriever.chunks, context,
                answered)
