"""The BM25 keyword index's tokenization (eaeu_qa/keyword_index.py); its disk copy is tested in test_derived_cache.py."""

from __future__ import annotations

import Stemmer

from eaeu_qa.keyword_index import tokenize


def test_tokens_are_repaired_stemmed_and_without_stopwords():
    tokens = tokenize(["The labour of the workers", "labor worker"], Stemmer.Stemmer("english"))
    words = {token: n for token, n in tokens.vocab.items()}
    first, second = ({next(w for w, n in words.items() if n == i) for i in ids} for ids in tokens.ids)
    assert first == second == {"labor", "worker"}  # British spelling and plurals folded; "the", "of" dropped
