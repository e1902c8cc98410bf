"""A question's verbs with the real corpus's word statistics (condensing/verbs.py).

A question's verbs with the real corpus's word statistics (condensing/verbs.py): verbs that the corpus never has as
nouns, a plural or a modifier that stays a noun, a subject pronoun before its auxiliary, a question whose wh-word
opens its subject as a noun phrase (model-free)."""

import pytest

from eaeu_qa.condensing.clause import relative_clause
from eaeu_qa.condensing.subjects import subject_phrase, topic_chunks
from eaeu_qa.condensing.verbs import verb_positions
from eaeu_qa.entities import tokens


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
    from eaeu_qa.condensing.verbs import main_verb

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
