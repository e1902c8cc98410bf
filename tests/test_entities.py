"""What a turn talks about: names, provisions, the asked-for noun, the grammatical subject, corpus statistics
(model-free: a tiny corpus built from hand-written chunks)."""

import pytest

from eaeu_qa.entities import (CorpusTerms, asked_for, cited_provisions, content_words, document_of,
                              grammatical_subject, names, provisions, topic_chunks)
from eaeu_qa.records import CitedLocator


@pytest.fixture(scope="module")
def terms(make_chunk):
    texts = ["The Court of the EAEU shall be the judicial body of the EAEU.",
             "Residence of the Commission shall be the city of Moscow, the Russian Federation.",
             "The member States shall cooperate; a member State worker has the right to join trade unions.",
             "The decisions of the Supreme Council shall be taken by consensus."]
    return CorpusTerms.from_chunks([make_chunk(t, start=i * 100) for i, t in enumerate(texts)])


def test_corpus_statistics(terms):
    assert terms.weight("consensus") > terms.weight("the")
    assert terms.weight("never-seen") == max(terms.idf.values())
    assert terms.is_noun("decisions") and terms.is_noun("never-seen")  # after 'the'; unseen words count as nouns
    assert terms.is_common_word("decisions") and not terms.is_common_word("Moscow")
    assert terms.source_titles == {"eaeu_treaty": "EAEU Treaty"}


def test_names_are_capitalised_phrases_without_sentence_initial_common_words(terms):
    found = [e.text for e in names("Where is the Court of the EAEU based, and does Russia agree?", terms)]
    assert found == ["the Court of the EAEU", "Russia"]
    assert names("Decisions of the Supreme Council", terms)[0].text == "the Supreme Council"
    assert names("Kyrgyzstan's case", terms)[0].text == "Kyrgyzstan"


def test_provisions_and_cited_locators(terms):
    assert [e.text for e in provisions("What do Article 98(3) and Annex 30 say?")] == ["Article 98(3)", "Annex 30"]
    assert provisions("Art. 112 of the EAEU Treaty")[0].text == "Article 112 of the EAEU Treaty"
    cited = cited_provisions([CitedLocator("Art. 19(2)", "eaeu_treaty"), CitedLocator("Intro, para. 1", "x")], terms)
    assert [e.text for e in cited] == ["Article 19(2) of the EAEU Treaty"]
    assert document_of("the EAEU Treaty", terms) == "eaeu_treaty" and document_of("the article", terms) == ""


def test_question_grammar():
    assert asked_for("Which court hears the case?") == {"court", "hears"}
    assert asked_for("How does it work?") == set()
    assert grammatical_subject("What does the Eurasian Economic Commission do?") == "the Eurasian Economic Commission"
    assert grammatical_subject("Why?") == ""
    assert "migrant workers" in " ".join(topic_chunks("What social insurance do migrant workers get?"))
    assert content_words("And what about pensions?") == ["pensions"]
