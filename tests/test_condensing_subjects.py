"""A question's subject and topic phrases (condensing/subjects.py), real corpus statistics.

A question's subject and topic phrases with the real corpus's word statistics (condensing/subjects.py): where a
subject or a topic phrase ends (a be-question's predicate, 'whether', a provision's paragraph, a contact clause)."""

import pytest

from eaeu_qa.condensing.subjects import subject_phrase, topic_chunks


def test_whether_ends_a_topic_phrase(terms):
    chunks = topic_chunks("Did the accession treaty say whether customs checks on the border would go?", terms)
    assert not any(c.startswith("whether") or " whether" in c for c in chunks)


@pytest.mark.parametrize("question, subject", [
    ("Is the CHI required for the kids' school?", "the CHI"),
    ("Is the worker's CHI policy valid in all regions?", "the worker's CHI policy"),
    ("Are EAEU migrant workers allowed to join trade unions in the host state?", "EAEU migrant workers"),
    ("What is the Eurasian Economic Commission made up of?", "the Eurasian Economic Commission"),
    ("How often is the Supreme Council legally required to meet?", "the Supreme Council"),
    ("when is the judgement due?", "the judgement"),
    ("Are Kyrgyz posted workers covered?", "Kyrgyz posted workers"),  # a participle before a noun modifies it
])
def test_a_be_questions_predicate_ends_its_subject(terms, question, subject):
    assert subject_phrase(question, terms) == subject


def test_a_follow_up_pronoun_after_a_be_question_names_the_subject_without_its_predicate(condenser):
    condensed = condenser.condense("and how much does it cost?", ["Is the worker's CHI policy valid in all regions?"])
    assert condensed.standalone == "How much does the worker's CHI policy cost?"


def test_a_provisions_paragraph_stays_with_its_article_in_a_topic(terms, condenser):
    """Audit N5 (jlaw_2): after 'What does Article 98(3) of the EAEU Treaty say about social security?' the topic was
    'Article 98, the 3 and the social security in the EAEU Treaty' (the paragraph number a phrase of its own)."""
    question = "What does Article 98(3) of the EAEU Treaty say about social security?"
    assert topic_chunks(question, terms)[0].startswith("Article 98(3)")
    rewrite = condenser.condense("is that in the accession treaty too?", [question]).standalone
    assert "Article 98(3)" in rewrite and "the 3" not in rewrite


def test_a_contact_clause_stays_in_its_topic_phrase_and_a_counted_plural_is_a_noun(terms, condenser):
    """Audit N5 (jstu_5): 'What are the three scenarios the article describes?' gave the topic 'the three and the
    article describes' ('scenarios' read as a verb before 'the'); a plural after a number word is a noun, and a
    contact clause ending the question keeps its verb."""
    question = "What are the three scenarios the article describes?"
    assert topic_chunks(question, terms) == ["the three scenarios the article describes"]
    assert condenser.condense("which one is most likely?", [question]).standalone == \
        "As for the three scenarios the article describes, which one is most likely?"
    assert "the court" in " ".join(topic_chunks("Which body appoints the judges of the court?", terms))
    assert topic_chunks("How often does the Chairman of the Supreme Council meet?", terms) == \
        ["the Chairman of the Supreme Council"]  # 'the' after 'of' opens no clause: the verb stays out


@pytest.mark.parametrize("question, topic", [
    ("right, and when does the Commission meet?", "the Commission"),
    ("fine, but how does the Council vote?", "the Council"),
    ("ok, and how does the court decide?", "the court"),
    ("What does Kyrgyzstan want? and when does the Council meet?", "the Council"),  # a part opening with 'and'
])
def test_a_clause_after_a_short_opening_or_a_joining_and_keeps_its_verb_out_of_its_topic(terms, question, topic):
    # review s21 R1: the short opening is no part of its own (multipart.MIN_PART_WORDS), yet the clause after it
    # reads like a question of its own: its verb ends the topic phrase
    chunks = topic_chunks(question, terms)
    assert topic in chunks, chunks
    assert not any(c.startswith(topic + " ") for c in chunks), chunks


@pytest.mark.parametrize("question, first, second", [
    ("Who pays the medical insurance, and can the employer refuse it?", "the medical insurance", "the employer"),
    ("Who covers the treatment costs, and can the clinic refuse them?", "the treatment costs", "the clinic"),
])
def test_a_second_question_after_a_comma_and_has_its_own_verb(terms, condenser, question, first, second):
    # review s21 R1: ', and can X refuse ...' is a part (multipart.part_spans); its verb is no topic word, so a
    # follow-up's rewrite cannot read 'the employer refuse' as a thing
    chunks = topic_chunks(question, terms)
    assert first in chunks and second in chunks, chunks
    assert not any("refuse" in c for c in chunks), chunks
    assert "refuse" not in condenser.condense("who pays for it?", [question]).standalone
