"""A question's grammar with the real corpus's word statistics: verbs that the corpus never has as nouns, a subject
that keeps its modifiers, a question whose wh-word opens its subject as a noun phrase (model-free)."""

import pytest

from eaeu_qa.condense_clause import relative_clause
from eaeu_qa.entities import tokens
from eaeu_qa.grammar import subject_phrase, topic_chunks, verb_positions


@pytest.mark.parametrize("text, verb", [
    ("Which body appoints the judges of the EAEU Court?", "appoints"),
    ("What share of the pooled import customs duties goes to Kyrgyzstan?", "goes"),
    ("Kyrgyzstan’s move to litigation reflects a calculation that informal channels have reached their limits.",
     "reflects"),
    ("Which country chairs the Supreme Council?", "chairs"),
])
def test_an_s_form_between_a_singular_subject_and_its_object_is_a_verb(terms, text, verb):
    words = tokens(text)
    assert words.index(verb) in verb_positions(words, terms)


@pytest.mark.parametrize("text, noun", [
    ("In the article, what are the possible ways the court case could end?", "ways"),  # 'way' is a noun
    ("Which treaty provisions cover pensions?", "pensions"),  # no verb before its complement
])
def test_a_plural_noun_stays_a_noun(terms, text, noun):
    words = tokens(text)
    assert words.index(noun) not in verb_positions(words, terms)


def test_a_modifier_before_a_plural_noun_is_no_verb(terms):
    question = "What do Kyrgyz migrant families end up having to choose between, according to the article?"
    assert subject_phrase(question, terms) == "Kyrgyz migrant families"
    assert topic_chunks(question, terms)[0] == "Kyrgyz migrant families"
    # a verb before a plural object followed by a preposition is still the verb
    assert subject_phrase("Can Russian employers hire workers without permits?", terms) == "Russian employers"


@pytest.mark.parametrize("question, phrase", [
    ("Which body appoints the judges of the EAEU Court?", "the body that appoints the judges of the EAEU Court"),
    ("What share of the pooled import customs duties goes to Kyrgyzstan?",
     "the share of the pooled import customs duties that goes to Kyrgyzstan"),
    ("Which EAEU body appoints the Chairman of the Commission's Collegium?",
     "the EAEU body that appoints the Chairman of the Commission's Collegium"),
    ("What happens if the court backs Kyrgyzstan?", ""),  # the wh-word is the subject itself
    ("Which body does the Court report to?", ""),  # an auxiliary: the wh-phrase is an object
    ("Who appoints the judges?", ""),
])
def test_a_question_whose_wh_word_opens_its_subject_as_the_noun_phrase_it_asks_about(terms, question, phrase):
    assert relative_clause(question, terms) == phrase


def test_whether_ends_a_topic_phrase(terms):
    chunks = topic_chunks("Did the accession treaty say whether customs checks on the border would go?", terms)
    assert not any(c.startswith("whether") or " whether" in c for c in chunks)


@pytest.mark.parametrize("question, subject, verb", [
    # a prepositional phrase closes the subject when a verb follows it; an auxiliary there leaves no main verb
    ("Does a Kazakh nurse in Belarus have to pass an exam?", "a Kazakh nurse", None),
    ("Does an Armenian driver in Moscow need a licence?", "an Armenian driver", "need"),
    ("Can a Kyrgyz teacher in the EAEU get a pension?", "a Kyrgyz teacher", "get"),
    # a preposition after the prepositional phrase is no verb: the verb stays before it
    ("Can a kyrgyz guy work in Russia without a permit?", "a kyrgyz guy", "work"),
    ("Does the worker have a right to medical care?", "the worker", None),
])
def test_a_prepositional_phrase_closes_the_subject_before_its_verb(terms, question, subject, verb):
    from eaeu_qa.grammar import main_verb

    words = tokens(question)
    at = main_verb(words, terms)
    assert (words[at] if at >= 0 else None) == verb
    assert subject_phrase(question, terms) == subject


def test_a_question_whose_subject_pronoun_comes_before_its_auxiliary_is_not_inverted(terms, condenser):
    """'what certificate i can request ...': the subject is 'i', not the verb after the modal ('the request')."""
    question = "what certificate i can request from my employer when i quit?"
    words = tokens(question)
    assert subject_phrase(question, terms) == ""
    assert words.index("request") in verb_positions(words, terms)  # after 'i can', the base form is the verb
    assert subject_phrase("What certificate can the employer issue?", terms) == "the employer"  # inverted: as before
    assert condenser.condense("must i pay for it?", [question]).standalone == "Must i pay for the certificate?"


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


def test_a_sure_verb_right_after_a_wh_phrases_modal_is_its_verb_not_a_topic(terms, condenser):
    """Audit N5 (jlaw_5): in 'Which body would decide a dispute over it?' the wh-phrase is the subject and 'decide'
    its verb (was read as an inverted subject, so the topic was 'the decide' and the next turn asked "What about the
    judges of the decide?"); a noun after the modal is still an inverted subject ('Which rights can workers claim')."""
    question = "Which body would decide a dispute over it?"
    assert "decide" not in " ".join(topic_chunks(question, terms))
    assert tokens(question).index("decide") in verb_positions(tokens(question), terms)
    assert "decide" not in condenser.condense("what about its judges?", [question]).standalone
    assert "workers" in " ".join(topic_chunks("Which rights can workers claim in Russia?", terms))


def test_a_sure_verb_after_a_modals_inverted_one_noun_subject_ends_the_topic_phrase(terms):
    """Audit N5 (jmig_2): '..., can our children get doctor for free' made the topic 'the children get doctor for
    free'; 'get' after 'can our children' is the clause's verb. A plural after a modal is a subject, never a verb."""
    chunks = topic_chunks("my husband works in moscow, can our children get doctor for free", terms)
    assert not any("get" in c.split() for c in chunks) and "children" in chunks
    words = tokens("Which documents can migrants get?")
    assert words.index("migrants") not in verb_positions(words, terms)


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
