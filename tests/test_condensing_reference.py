"""Noun phrases that point back (condensing.reference): 'those meetings', 'that body'.

Noun phrases that point back (condensing.reference): 'those meetings', 'that body', 'that paragraph', 'the other
side', resolved against the previous turn's answer and subject."""

import re

import pytest

from eaeu_qa.condensing.reference import demonstrative, other_party, place_of, possessor, refers_to, resolve_there
from eaeu_qa.entities import Entity
from eaeu_qa.records import CitedLocator, HistoryTurn


MEETINGS = ("Article 11(1) of the EAEU Treaty provides that “Meetings of the Supreme Council shall be held at least "
            "once a year” [1].")


def test_a_demonstrative_noun_takes_the_earlier_noun_of_name_phrase(terms):
    assert demonstrative("meetings", "the members of the Supreme Council", MEETINGS, "How often do they meet?",
                         terms) == "the meetings of the Supreme Council"


def test_a_general_noun_is_the_subject_and_another_noun_belongs_to_a_named_subject(terms):
    assert demonstrative("body", "the Commission", "", "Who draws up the agenda?", terms) == "the Commission"
    assert demonstrative("post", "the Chairman of the Supreme Council", "", "Who chairs it?", terms) == \
        "the post of the Chairman of the Supreme Council"
    assert demonstrative("stance", "Russia", "", "What does Russia say?", terms) == "Russia's stance"
    # a common-noun subject has no possessor to name, the user's own people are no possessor of 'that request'
    assert demonstrative("request", "the one member state", "", "Can one member state sue another?", terms) == ""
    assert demonstrative("request", "my wife", "", "Can my wife get insurance?", terms, speaker=True) == ""


def test_that_paragraph_is_a_provision_cited_with_its_paragraph():
    assert refers_to(Entity("Article 98(3) of the EAEU Treaty", "provision", "article"), "paragraph")
    assert not refers_to(Entity("Article 98 of the EAEU Treaty", "provision", "article"), "paragraph")
    assert refers_to(Entity("Article 98 of the EAEU Treaty", "provision", "article"), "article")


def test_the_other_side_is_the_party_the_answer_names_besides_the_questions_own(terms):
    answer = ("Kyrgyzstan argues that its workers' families are insured like locals [1]. Russia, by contrast, "
              "says that Russia's rules do not extend to dependents [2].")
    assert other_party("and what does the other side say?", "Kyrgyzstan", answer,
                       "What is Kyrgyzstan arguing in its EAEU Court case?", terms) == "and what does Russia say?"
    assert other_party("And if it goes the other way?", "the court", answer, "What if the court rules?", terms) == \
        "And if it goes the other way?"  # 'way' is no party
    assert other_party("and the other side?", "the court", "The court rules [1].", "Why?", terms) == \
        "and the other side?"  # no party named, in the answer or in the question: unchanged
    # the party must be rarer than Settings.focus_min_idf: with a bar no word reaches, nothing is substituted
    assert other_party("and what does the other side say?", "Kyrgyzstan", answer,
                       "What is Kyrgyzstan arguing in its EAEU Court case?", terms, min_idf=99.0) == \
        "and what does the other side say?"


def test_the_other_side_of_an_answer_that_names_no_party_is_the_one_the_documents_name_with_the_question(terms,
                                                                                                     condenser):
    refused = "The documents do not answer this question. The closest passage is: Kyrgyzstan is framing the dispute"
    question = "What is Kyrgyzstan arguing in its EAEU Court case?"
    assert terms.together["kyrgyzstan"]["Russia"] > terms.together["kyrgyzstan"].get("Moscow", 0)
    assert other_party("and what does the other side say?", "Kyrgyzstan", refused, question, terms) == \
        "and what does Russia say?"
    result = condenser.condense("and what does the other side say?", [question])
    assert result.standalone == "What does Russia say about the EAEU Court case?" and result.shift


def test_follow_ups_with_pointing_noun_phrases_read_as_questions(condenser):
    history = [HistoryTurn("How often do the members of the Supreme Council have to meet?", answer=MEETINGS,
                           citations=(CitedLocator("Art. 11(1)", "eaeu_treaty"),))]
    assert condenser.condense("who pays for those meetings?", history).standalone == \
        "Who pays for the meetings of the Supreme Council?"
    history = [HistoryTurn("What does Article 98 say about social insurance for migrant workers?",
                           answer="Article 98(3) of the EAEU Treaty provides that “x” [1].",
                           citations=(CitedLocator("Art. 98(3)", "eaeu_treaty"),))]
    assert condenser.condense("Does that paragraph cover medical insurance too?", history).standalone == \
        "Does Article 98(3) of the EAEU Treaty cover medical insurance too?"
    history = [HistoryTurn("What is Kyrgyzstan arguing in its EAEU Court case?",
                           answer="Kyrgyzstan argues that families must be insured [1]. Russia, by contrast, "
                                  "maintains that its rules do not extend CHI to dependents [2].")]
    result = condenser.condense("and what does the other side say?", history)
    assert result.standalone.startswith("What does Russia say") and result.shift
    # the next turn's subject is the new party: 'that stance' is Russia's
    turns = [*history, HistoryTurn("and what does the other side say?",
                                   answer="Russia maintains that its rules do not extend CHI to dependents [1].")]
    assert condenser.condense("Why would that stance go down well with voters there?", turns).standalone == \
        "Why would Russia's stance go down well with voters there?"


def test_there_of_place_takes_the_previous_questions_place():
    earlier = "Did the accession treaty deal with sanitary checks on the Kyrgyz-Kazakh border?"
    assert place_of(earlier) == "on the Kyrgyz-Kazakh border"
    assert place_of("Can my kids go to school in Russia?") == "in Russia"
    assert place_of("Can my kids go to school in the village?") == ""  # no name: no place to be sure of
    assert resolve_there("whose rules applied there?", earlier) == "whose rules applied on the Kyrgyz-Kazakh border?"
    assert resolve_there("is there a quota?", earlier) == "is there a quota?"  # existential 'there'
    assert resolve_there("there are rules?", earlier) == "there are rules?"
    assert resolve_there("whose rules applied there?", "Who pays?") == "whose rules applied there?"


def test_that_noun_after_a_verb_of_saying_names_the_earlier_entity_with_that_noun(condenser):
    history = [HistoryTurn("Which court did Kyrgyzstan take Russia to over the insurance for migrants' families?",
                           answer="Kyrgyzstan took Russia to the Court of the EAEU [1].")]
    result = condenser.condense("What does the treaty say that court actually is?", history)
    assert result.standalone == "What does the treaty say the Court of the EAEU actually is?"
    # with no earlier entity named by the noun, 'that' after a verb of saying stays a conjunction
    assert "demonstrative" not in {k for _, k in condenser._references("And Kyrgyzstan says that treaty protects?")}


def test_that_noun_of_another_kind_than_the_answered_thing_is_the_questions_other_name(terms, condenser):
    question = "Which EAEU body appoints the Chairman of the Commission's Collegium?"
    assert possessor("job", "the Supreme Council", True, question, terms) == "the Chairman of the Commission's Collegium"
    assert possessor("body", "the Supreme Council", True, question, terms) == "the Supreme Council"  # the kind asked
    assert possessor("post", "the Chairman", True, "Who chairs the Supreme Council?", terms) == "the Chairman"
    history = [HistoryTurn(question, answer="Article 12(2) of the EAEU Treaty provides that “The Supreme Council "
                           "shall appoint the Chairman of the Collegium of Commission” [1].",
                           citations=(CitedLocator("Art. 12(2)", "eaeu_treaty"),))]
    assert condenser.condense("and who holds that job right now?", history).standalone == \
        "Who holds the job of the Chairman of the Commission's Collegium right now?"


def test_that_as_the_subject_of_a_verb_with_an_object_is_no_demonstrative(condenser):
    references = condenser._references("and does that need every member to agree?")
    assert [k for _, k in references] == ["proposition"]
    assert [k for _, k in condenser._references("and does that article say so?")] == ["demonstrative"]


def test_pronouns_of_one_kind_are_named_once_and_possessives_keep_their_phrase(condenser):
    history = ["Can a member state leave the EAEU?"]
    assert condenser.condense("Would it be let off its outstanding financial commitments once it is gone?",
                              history).standalone == \
        "Would a member state be let off its outstanding financial commitments once it is gone?"
    assert condenser.condense("How long is their term of office?",
                              ["How many judges does the EAEU Court have?"]).standalone.endswith("' term of office?")
    assert condenser.condense("Who is its chairman right now?", ["Where is the Commission based?"]).standalone == \
        "Who is the chairman of the Commission right now?"


@pytest.mark.parametrize("previous, question, expected", [
    # a possessed possessive keeps the possessive form: no possessive before 'of' ("the kids' of ...")
    ("Do migrant workers get CHI and can their kids go to school?", "and their kids' insurance?",
     "What about the migrant workers' kids' insurance?"),  # a phrase alone: 'What about X?'
    ("Where is the Commission based?", "how is its own budget paid for?", "How is the Commission's own budget paid for?"),
    # a word of position stays with its noun: 'the next meeting of X', not 'the next of X meeting'
    ("How often does the Intergovernmental Council meet?", "where is its next meeting held?",
     "Where is the next meeting of the Intergovernmental Council held?"),
    # a possessive in the earlier subject is no plural, and no end of a phrase ("the migrant workers'")
    ("Can migrant workers' children go to school without CHI?", "and their school?",
     "What about the school of the migrant workers' children?"),
    ("Does the Kyrgyz worker's employer pay for CHI?", "and where is it based?",
     "Where is the Kyrgyz worker's employer based?"),
])
def test_a_possessive_never_comes_before_of(condenser, previous, question, expected):
    standalone = condenser.condense(question, [previous]).standalone
    assert standalone == expected
    assert not re.search(r"['’]s?\s+of\b", standalone)
