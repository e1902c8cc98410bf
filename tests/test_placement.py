"""Placement after fusion: the keyword ranking's best passage near the top, both document families kept."""

from eaeu_qa.placement import LEXICAL_TOP_SLOT, _keep_lexical_best, _with_both_families, picks_told_apart, promoted_chunks
from eaeu_qa.references import Reference


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


def _words(chunk):
    return frozenset(chunk.search_text.lower().replace(".", " ").replace(",", " ").split())


def test_a_named_article_s_paragraphs_come_in_document_order_unless_the_question_tells_them_apart(make_chunk):
    """The real-index path: tests/test_retrieval.py::test_named_whole_article_reads_in_document_order."""
    context = "Article 19. Court of the EAEU"
    first, second, third = (make_chunk(text, article="19", paragraph=str(n), start=100 * n, context=context)
                            for n, text in ((1, "The Court is a judicial body."), (2, "Its statute is annexed."),
                                            (3, "The residence of the Court is Minsk.")))
    fused = {third.chunk_id: 3.0, first.chunk_id: 2.0, second.chunk_id: 1.0}
    by_article = {"19": [first, second, third]}
    refs = [Reference("19")]

    def told(question):
        return lambda picks: picks_told_apart(frozenset(question.lower().split()), picks, _words)

    assert promoted_chunks(refs, by_article, fused) == [third, first, second]  # no test given: fused order
    assert promoted_chunks(refs, by_article, fused, asks_within=told("court")) == [first, second, third]
    assert promoted_chunks(refs, by_article, fused, asks_within=told("residence")) == [third, first, second]
    assert promoted_chunks(refs, by_article, fused, yields=lambda chunks: True, asks_within=told("court")) == [third]
