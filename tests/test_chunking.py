"""Chunking: chunks quote the document at their offsets, stay inside one article, and get unique, stable ids."""

from eaeu_qa.chunking import MAX_CHUNK_CHARS, chunk_document, chunk_documents, slug, unique


def test_chunks_quote_the_document_at_their_offsets(documents, index_handle):
    for chunk in index_handle.chunks:
        assert documents[chunk.source_id].text[chunk.start:chunk.end] == chunk.text


def test_no_chunk_straddles_two_articles(documents):
    for document in documents.values():
        for chunk in chunk_document(document):
            inside = [s for s in document.segments if s.start < chunk.end and chunk.start < s.end]
            assert inside, chunk.chunk_id
            assert len({(s.article, s.part, s.section) for s in inside}) == 1, chunk.chunk_id


def test_long_paragraphs_split_at_boundaries(documents):
    definitions = [c for c in chunk_document(documents["eaeu_treaty"]) if c.locator == "Art. 96(5)"]
    assert len(definitions) > 1
    assert all(len(c.text) <= MAX_CHUNK_CHARS for c in definitions)
    assert len({c.chunk_id for c in definitions}) == len(definitions)


def test_locators_and_context(index_handle):
    by_locator = {(c.source_id, c.locator): c for c in index_handle.chunks}
    social = by_locator[("eaeu_treaty", "Art. 98(3)")]
    assert social.context == ("EAEU Treaty, Section XXVI Labor Migration, Article 98 Rights and Obligations "
                              "of a Member State Worker, paragraph 3")
    assert social.search_text.startswith(social.context)
    assert social.label == "EAEU Treaty, Art. 98(3)"
    assert ("eaeu_treaty", "Art. 112, para. 2") in by_locator
    assert ("accession_treaty", "Art. 10, para. 1") in by_locator
    assert ("article", "Why Bishkek Chose Escalation Over Quiet Diplomacy, para. 2") in by_locator
    assert by_locator[("eaeu_treaty", "Art. 98(1)")].paragraph_inferred


def test_chunk_ids_are_unique_and_stable(documents):
    first = [c.chunk_id for c in chunk_documents(list(documents.values()))]
    second = [c.chunk_id for c in chunk_documents(list(documents.values()))]
    assert first == second and len(set(first)) == len(first)
    assert "eaeu_treaty:art-98-3" in first


def test_treaty_chunks_carry_licence_and_attribution(index_handle):
    for chunk in index_handle.chunks:
        if chunk.source_id != "article":
            assert chunk.licence == "CC BY-NC 4.0" and "ToTA" in chunk.attribution


def test_a_taken_name_gets_the_next_free_number_and_a_slug_keeps_letters_and_digits():
    """chunking.unique and slug: the chunk ids' and the reader's paragraph locators' one spelling."""
    seen: set[str] = set()
    assert [unique("a", seen), unique("a", seen), unique("a", seen), unique("b", seen)] == ["a", "a~2", "a~3", "b"]
    assert seen == {"a", "a~2", "a~3", "b"}
    assert slug("Article 98(3), para. 1") == "article-98-3-para-1" and slug("—") == "text"
