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


def _bm25s_choice(scores, k):
    """bm25s.BM25.retrieve's choice of the k best (its selection over every document), positive scores only."""
    from eaeu_qa.keyword_index import bm25s_module

    best, rows = bm25s_module().selection.topk(scores, k=k, backend="auto", sorted=True)
    return [(int(row), float(score)) for row, score in zip(rows, best) if score > 0]


def test_top_k_chooses_what_bm25s_chooses_over_every_document():
    """top_k partitions only the documents that can be among the k + 1 best (and takes bm25s's own path when two of
    those tie): the same rows, order and scores as bm25s's selection over all documents, at the corpus's size and at
    100x, with and without ties and zeros."""
    import numpy as np

    from eaeu_qa.keyword_index import top_k

    rng = np.random.default_rng(7)
    for size in (40, 535, 53_500):
        scores = rng.gamma(2.0, 1.5, size).astype(np.float32)
        scores[rng.random(size) < 0.5] = 0.0  # half the documents share no word with the question
        tied = scores.copy()
        tied[np.argsort(-tied)[[3, 4, 12]]] = tied[np.argsort(-tied)[3]]  # equal scores among the best
        few = np.zeros(size, dtype=np.float32)
        few[rng.choice(size, 7, replace=False)] = rng.random(7).astype(np.float32) + 0.1  # fewer positives than k
        for values in (scores, tied, few, np.zeros(size, dtype=np.float32)):
            for k in (1, 5, 30, min(size, 100)):
                assert top_k(values, k) == _bm25s_choice(values, k)


def test_lexical_ranking_is_bm25s_retrieve(settings, index_handle):
    """lexical_ranking scores with add_scores and chooses with top_k: bit-identical to bm25s's retrieve on the index
    (every document's score equal to bm25s's get_scores, the chosen passages and their scores to retrieve's)."""
    import numpy as np

    from eaeu_qa.keyword_index import add_scores, token_strings
    from eaeu_qa.retrieval import HybridRetriever

    retriever = HybridRetriever(handles=[index_handle], settings=settings)
    questions = [c.search_text[:160] for c in retriever.chunks[::25]] + [
        "Who pays for the medical care of a worker's children?", "Article 98 social security", "zzzz unknownword"]
    for question in questions:
        tokens = token_strings(retriever._tokenize([question]))[0]
        assert np.array_equal(add_scores(retriever._bm25, tokens), retriever._bm25.get_scores(tokens))
        docs, scores = retriever._bm25.retrieve(retriever._tokenize([question]), k=30, show_progress=False)
        expected = [(retriever.chunks[int(i)].chunk_id, float(s)) for i, s in zip(docs[0], scores[0]) if s > 0]
        assert [(c.chunk_id, s) for c, s in retriever.lexical_ranking(question, 30)] == expected
