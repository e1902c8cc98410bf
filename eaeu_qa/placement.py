"""Placement rules around rank fusion: named articles and documents, the keyword best near the top, both families."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .records import Chunk
from .references import Reference, asked_sources, matches_article
from .source_prior import family as source_family

# How many chunks of a named article (without a named paragraph) are lifted to the top.
MAX_PROMOTED_FROM_ARTICLE = 3

# The keyword ranking's best passage is kept among the first this many (0 = not): a short provision that
# matches the question's words exactly ("Residence of the Court ... Minsk" for "seat of the Court") can be
# missed by both dense rankings and then loses in the fusion. Checked on the tuning and test splits.
LEXICAL_TOP_SLOT = 4


def _keep_lexical_best(order: list[str], lexical: list[tuple[Chunk, float]]) -> list[str]:
    """The keyword ranking's best passage within the first LEXICAL_TOP_SLOT places (named articles stay first)."""
    if not lexical or not LEXICAL_TOP_SLOT:
        return order
    best = lexical[0][0].chunk_id
    if best in order[:LEXICAL_TOP_SLOT]:
        return order
    rest = [cid for cid in order if cid != best]
    return rest[:LEXICAL_TOP_SLOT - 1] + [best] + rest[LEXICAL_TOP_SLOT - 1:]


def _with_both_families(order: list[str], by_id: dict[str, Chunk], k: int) -> list[str]:
    """Keep the best passage of the analysis and of the treaties within the top k.

    Many questions need both (the article's claim and the provision it rests on); when one family
    fills the top k, its last place goes to the other family's best candidate.
    """
    if len(order) <= k:
        return order
    def family(chunk_id: str) -> bool:  # the analysis, or not (a treaty or a user's upload)
        return source_family(by_id[chunk_id].source_id) is False
    top_families = {family(cid) for cid in order[:k]}
    if len(top_families) == 2:
        return order
    missing = next((cid for cid in order[k:] if family(cid) not in top_families), None)
    if missing is None:
        return order
    return order[:k - 1] + [missing] + [cid for cid in order[k - 1:] if cid != missing]


def route_yields(vector, vectors: dict, inside, outside, margin: float) -> bool:
    """Whether a candidate `outside` the named articles matches the question better, by more than `margin` in cosine
    (question vector, stored chunk `vectors`), than the best chunk `inside` them: the question asks about something the
    article is not about ("Which court decides disputes about Article 98?"). Settings.route_yield_margin; 2 = never (a
    cosine gap never exceeds 2)."""
    import numpy as np

    if margin >= 2.0:
        return False
    q = np.asarray(vector, dtype=np.float32)
    best_in = max((float(vectors[cid] @ q) for cid in inside if cid in vectors), default=None)
    best_out = max((float(vectors[cid] @ q) for cid in outside if cid in vectors), default=None)
    return best_in is not None and best_out is not None and best_out - best_in > margin


def named_sources(query: str, source_ids: frozenset[str]) -> set[str]:
    """The documents the question names where it asks, when it names some but not all of `source_ids` (else empty)."""
    wanted = asked_sources(query)
    return wanted if wanted and len(wanted) < len(source_ids) else set()


def route_to_mentioned_sources(wanted: set[str], fused: dict[str, float], by_id: dict[str, Chunk], rrf_k: int) -> None:
    """Fuse in a third ranking: the candidates from the `wanted` documents (named_sources), in fused order."""
    if not wanted:
        return
    routed = [cid for cid in sorted(fused, key=fused.get, reverse=True) if by_id[cid].source_id in wanted]
    for rank, chunk_id in enumerate(routed, start=1):
        fused[chunk_id] += 1.0 / (rrf_k + rank)


def promoted_chunks(references: Iterable[Reference], by_article: dict[str, list[Chunk]], fused: dict[str, float],
                    yields: Callable[[list[Chunk]], bool] | None = None,
                    asks_within: Callable[[list[Chunk]], bool] | None = None) -> list[Chunk]:
    """Chunks of the articles/paragraphs the question names (`references`; `by_article`: chunks per article number):
    exact paragraphs first, else an article's best fused chunks (MAX_PROMOTED_FROM_ARTICLE): best first when the
    question asks for something within the article (`asks_within` of the picks: picks_told_apart), otherwise in the
    document's order, the article read from its opening ("What does Article 19 say about the court?" starts with
    19(1), the Court is the Union's judicial body, not with whichever paragraph fused first). When a named article (no
    paragraph) yields (`yields` of its chunks: route_yields), only the best fused chunk is lifted; the others compete
    in the ranking."""
    promoted: list[Chunk] = []
    best_first: list[Chunk] = []  # the same picks in fused order (the one lifted when the article yields)
    whole_articles: list[Chunk] = []
    for ref in references:
        in_article = [c for c in by_article.get(ref.article, ()) if matches_article(c, ref)]
        exact = [c for c in in_article if ref.paragraph and c.paragraph == ref.paragraph]
        rest = sorted((c for c in in_article if c not in exact),
                      key=lambda c: (-fused.get(c.chunk_id, 0.0), c.ordinal))
        picks = exact if exact else rest[:MAX_PROMOTED_FROM_ARTICLE]
        if not exact:
            whole_articles.extend(in_article)
        best_first.extend(c for c in picks if c not in best_first)
        if asks_within is None or asks_within(picks):
            promoted.extend(c for c in picks if c not in promoted)
        else:
            promoted.extend(c for c in sorted(picks, key=lambda c: c.ordinal) if c not in promoted)
    if whole_articles and len(best_first) > 1 and yields is not None and yields(whole_articles):
        return best_first[:1]
    return promoted


def picks_told_apart(question_terms: frozenset[str], picks: list[Chunk], terms: Callable[[Chunk], frozenset[str]]
                     ) -> bool:
    """Whether the question asks for something within the picked paragraphs of a named article: one of its keyword
    terms (`question_terms`, as keyword search tokenizes them) is in some of the picks but not in all (`terms` of a
    chunk: its searched text's, heading included). "What does Article 98 say?" and "What does Article 19 say about
    the court?" (every paragraph of Art. 19 is the Court's) do not; "Art. 13: how does the Supreme Council vote on a
    decision ending a State's membership?" does (only 13(2) is about membership)."""
    if len(picks) < 2:
        return True
    held = [terms(c) & question_terms for c in picks]
    return bool(set.union(*map(set, held)) - set.intersection(*map(set, held)))
