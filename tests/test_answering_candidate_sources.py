"""Candidates beyond the top passages over the real index and model: a named article's every paragraph, looked up."""

from eaeu_qa.answering import ExtractiveAnswerer


def test_every_paragraph_of_a_named_article_is_a_composition_candidate(retriever, qa_chain):
    from eaeu_qa.answering.features import question_features

    answerer = qa_chain.answerer
    answerer.warm()
    question = "Compare Article 97 and Article 98 of the EAEU Treaty on what migrant workers' families get"
    passages = retriever.search(question, k=8)
    features = question_features(question, question, False, chunks=answerer.corpus_chunks)
    candidates = answerer.candidates(passages)
    named = answerer.named_candidates(features, passages, candidates)
    every = {c.locator for c in answerer.corpus_chunks if c.source_id == "eaeu_treaty" and c.article in ("97", "98")}
    promoted = {u.chunk.locator for u, p in candidates.pairs if p.referenced}
    assert promoted < every  # retrieval promotes a few chunks per named article (MAX_PROMOTED_FROM_ARTICLE)
    assert {u.chunk.locator for u, p in named.pairs if p.referenced} == every
    assert len(named.pairs) == len(named.matrix) and candidates.pairs == named.pairs[:len(candidates.pairs)]
    assert (named.matrix[:len(candidates.pairs)] == candidates.matrix).all()  # the added units' vectors come after
    added = [p for _, p in named.pairs[len(candidates.pairs):]]
    assert {p.rank for p in added} == {len(passages[:answerer.settings.answer_passages]) + 1}  # one rank, after the top
    plain = "What do migrant workers' families get in the host country?"
    assert answerer.named_candidates(question_features(plain, plain, False), passages, candidates) is candidates
    one = "What does Article 98(4) of the EAEU Treaty say?"  # a named paragraph is quoted as it is
    assert answerer.named_candidates(question_features(one, one, False), passages, candidates) is candidates


class _CountedChunks(list):
    """A chunk list that counts full scans (iterations), to show a lookup does not scan the corpus."""

    scans = 0

    def __iter__(self):
        self.scans += 1
        return super().__iter__()


def test_named_candidates_look_articles_up_without_scanning_the_corpus(settings, retriever, qa_chain):
    from eaeu_qa.answering.features import question_features

    shared = qa_chain.answerer
    shared.warm()
    chunks = _CountedChunks(shared.corpus_chunks)
    answerer = ExtractiveAnswerer(settings, chunks)
    answerer.attach(shared._handles)
    question = "Compare Article 97 and Article 98 of the EAEU Treaty on what migrant workers' families get"
    passages = retriever.search(question, k=8)
    features = question_features(question, question, False, chunks=shared.corpus_chunks)
    candidates = answerer.candidates(passages)
    chunks.scans = 0
    named = answerer.named_candidates(features, passages, candidates)
    assert chunks.scans == 0  # the article index is read once, at construction (53,500 chunks at make bench's 100x)
    expected = shared.named_candidates(features, passages, shared.candidates(passages))
    assert [(u.chunk.chunk_id, u.start, p.rank) for u, p in named.pairs] == \
        [(u.chunk.chunk_id, u.start, p.rank) for u, p in expected.pairs]
    assert len(named.pairs) > len(candidates.pairs)
