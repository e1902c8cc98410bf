"""Placement after fusion: the keyword ranking's best passage near the top, both document families kept."""

from eaeu_qa.placement import LEXICAL_TOP_SLOT, _keep_lexical_best, _with_both_families


def test_the_keyword_ranking_s_best_passage_is_kept_in_the_first_places(make_chunk):
    order = [f"c{i}" for i in range(1, 9)]
    best = make_chunk("Residence of the Court shall be the city of Minsk.")
    lexical = [(best, 9.0)]
    moved = _keep_lexical_best(order + [best.chunk_id], lexical)
    assert moved.index(best.chunk_id) == LEXICAL_TOP_SLOT - 1 and moved[:3] == order[:3]
    assert _keep_lexical_best([best.chunk_id] + order, lexical)[0] == best.chunk_id  # already high: unchanged
    assert _keep_lexical_best(order, []) == order


def test_the_other_family_s_best_passage_takes_the_last_place_of_the_top_k(make_chunk):
    treaty = [make_chunk(f"Treaty text {i}.", source_id="eaeu_treaty", start=100 * i) for i in range(5)]
    analysis = make_chunk("The analysis says so.", source_id="article", article="", start=900)
    by_id = {c.chunk_id: c for c in treaty + [analysis]}
    order = [c.chunk_id for c in treaty] + [analysis.chunk_id]
    kept = _with_both_families(order, by_id, k=4)
    assert kept[3] == analysis.chunk_id and kept[:3] == order[:3] and sorted(kept) == sorted(order)
    assert _with_both_families(order, by_id, k=6) == order
