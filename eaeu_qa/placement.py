"""Placement rules around rank fusion: a named article's route yielding, the keyword best near the top, both families."""

from __future__ import annotations

from .records import Chunk
from .source_prior import family as source_family

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
