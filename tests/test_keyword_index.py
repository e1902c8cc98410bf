"""The BM25 keyword index's tokenization (eaeu_qa/keyword_index.py); its disk copy is tested in test_derived_cache.py."""

from __future__ import annotations

import Stemmer

from eaeu_qa.keyword_index import tokenize


def test_tokens_are_repaired_stemmed_and_without_stopwords():
    tokens = tokenize(["The labour of the workers", "labor worker"], Stemmer.Stemmer("english"))
    words = {token: n for token, n in tokens.vocab.items()}
    first, second = ({next(w for w, n in words.items() if n == i) for i in ids} for ids in tokens.ids)
    assert first == second == {"labor", "worker"}  # British spelling and plurals folded; "the", "of" dropped


def test_the_extended_query_shortcut_is_taken_only_where_it_reproduces_bm25s(settings, index_handle):
    """keyword_rankings scores the question once and continues with the extra words (add_scores) only for a plain
    model (numpy backend, no non-occurrence scores); a BM25+ model, where that shortcut would give other scores, falls
    back to scoring both queries afresh: the same rankings as lexical_ranking either way."""
    from eaeu_qa.keyword_index import add_scores, bm25s_module, plain_scoring, token_strings, top_k
    from eaeu_qa.retrieval import HybridRetriever

    question, extra = "Who pays for the medical care of a worker's children?", ["insurance", "family"]
    plain = HybridRetriever(handles=[index_handle], settings=settings)
    assert plain_scoring(plain._bm25)
    plus = HybridRetriever(handles=[index_handle], settings=settings)
    model = bm25s_module().BM25(method="bm25+")
    model.index(plus._tokenize([c.search_text for c in plus.chunks]), show_progress=False)
    plus.__dict__["_bm25"] = model  # the cached property, set on this instance only
    assert not plain_scoring(model)
    for retriever in (plain, plus):
        own, extended = retriever.keyword_rankings(question, extra, 30)
        expected = (retriever.lexical_ranking(question, 30), retriever.lexical_ranking(" ".join([question, *extra]), 30))
        assert [(c.chunk_id, round(s, 4)) for c, s in own] == [(c.chunk_id, round(s, 4)) for c, s in expected[0]]
        assert [(c.chunk_id, round(s, 4)) for c, s in extended] == [(c.chunk_id, round(s, 4))
                                                                    for c, s in expected[1]]
    # the shortcut on the BM25+ model would not be bm25s's ranking (non-occurrence scores are missing from it)
    tokens = token_strings(plus._tokenize([question]))[0]
    shortcut = [(plus.chunks[row].chunk_id, round(score, 4)) for row, score in top_k(add_scores(model, tokens), 30)]
    assert shortcut != [(c.chunk_id, round(s, 4)) for c, s in plus.lexical_ranking(question, 30)]
