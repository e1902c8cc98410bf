"""Noun phrases that point back (condense_reference): 'those meetings', 'that body', 'that paragraph', 'the other
side', resolved against the previous turn's answer and subject."""

from eaeu_qa.condense_reference import demonstrative, other_party, place_of, refers_to, resolve_there
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
