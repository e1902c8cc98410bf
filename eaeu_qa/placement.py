"""Placement rules applied after rank fusion: the keyword ranking's best passage near the top, both families kept."""

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
