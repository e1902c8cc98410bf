"""A whole article asked for with no topic: its paragraphs' opening sentences in the treaty's order, with a cap."""

import dataclasses
import re

import numpy as np

from eaeu_qa.answering.compose import UNIT_FEATURES, Scored
from eaeu_qa.answering.features import question_features
from eaeu_qa.answering.overview import article_overview
from eaeu_qa.answering.units import chunk_units
from eaeu_qa.records import RetrievedPassage


def _article(make_chunk, paragraphs: int):
    return [make_chunk(f"{n}. Paragraph {n} of the article says its own thing here. A second sentence follows it.",
                       paragraph=str(n), start=1000 * n) for n in range(1, paragraphs + 1)]


def _overview(chunks, question: str, cap: int = 3, named=None):
    named = chunks[-1] if named is None else named  # the best-ranked named passage need not be the first paragraph
    scored = [Scored(u, RetrievedPassage(rank=1, chunk=named, score=0.0, referenced=True), 0.5,
                     np.zeros(len(UNIT_FEATURES)), 0.5) for u in chunk_units(named)]
    return article_overview(question_features(question, question, False), scored, chunks, chunk_units, cap)


def test_an_article_asked_for_alone_gives_its_paragraphs_openings_in_order_and_says_how_many_it_has(make_chunk):
    chunks = _article(make_chunk, 5)
    units, note = _overview(chunks, "What does Article 98 say?")
    assert [u.chunk.paragraph for u in units] == ["1", "2", "3"]  # the cap, in the treaty's order
    assert all(u.text.startswith("Paragraph") and u.text.endswith("here.") for u in units)  # each one's opening
    assert "Article 98 of the EAEU Treaty has 5 paragraphs" in note and "98(4)" in note
    assert "Article 98(4) say?" in note  # a bare "Article N" means the EAEU Treaty
    units, note = _overview(chunks, "What is Article 98 about?", cap=6)
    assert len(units) == 5 and note == ""  # nothing cut, nothing to say


def test_a_topic_a_named_paragraph_or_a_one_paragraph_article_is_composed_as_before(make_chunk):
    chunks = _article(make_chunk, 5)
    assert _overview(chunks, "What does Article 98 say about medical care?") is None
    assert _overview(chunks, "What does Article 98(3) say?", named=chunks[2]) is None
    assert _overview(chunks[:1], "What does Article 98 say?") is None


def test_the_real_answer_to_a_whole_article_walks_its_paragraphs(qa_chain, documents):
    answer = qa_chain.ask("What does Article 98 say?")
    assert answer.answerable
    locators = [c.locator for c in answer.citations]
    assert locators == [f"Art. 98({n})" for n in range(1, len(locators) + 1)] and len(locators) >= 3
    assert "Article 98 of the EAEU Treaty has 10 paragraphs" in answer.note  # the corpus's Article 98
    assert "paragraphs" not in answer.answer  # the cut note is the answer's note, not an answer sentence without [n]
    assert re.search(r"\[\d+\]\.?$", answer.answer.strip())  # the last sentence carries its marker
    for c in answer.citations:
        assert documents[c.source_id].text[c.start:c.end] == c.quote
    short = qa_chain.ask("What does Article 19 provide?")
    assert [c.locator for c in short.citations] == ["Art. 19(1)", "Art. 19(2)", "Art. 19(3)"]
    assert "paragraphs" not in short.answer
    topic = qa_chain.ask("What does Article 98 say about medical care for family members?")
    assert "paragraphs" not in topic.answer and "Art. 98(1)" not in {c.locator for c in topic.citations}


def test_the_cut_note_names_a_treaty_other_than_the_eaeu_treaty_and_counts_only_paragraphs_shown(make_chunk):
    """A bare "Article N" means the EAEU Treaty: the note's example names any other treaty; a paragraph with no
    sentence is not shown, and the note does not claim "the first 3" then."""
    chunks = [make_chunk(f"{n}. Paragraph {n} of the protocol says its own thing here.", source_id="kgz_accession",
                         article="2", paragraph=str(n), start=1000 * n) for n in range(1, 6)]
    chunks = [dataclasses.replace(c, short_title="Kyrgyz Accession Treaty") for c in chunks]
    chunks[1] = dataclasses.replace(chunks[1], text=" ")  # no sentence in it
    units, note = _overview(chunks, "What does Article 2 of the Kyrgyz Accession Treaty say?")
    assert [u.chunk.paragraph for u in units] == ["1", "3"]
    assert "opening sentences of 2 of the first 3" in note
    assert "Article 2(4) of the Kyrgyz Accession Treaty say?" in note
