"""What an earlier turn asked: not the topic put before it, not the remarks before the question, names typed in lower
case (fifteenth session)."""

from eaeu_qa.condensing.focus import seeks_entity
from eaeu_qa.condensing.phrase import asked_part
from eaeu_qa.condensing.subjects import topic_chunks
from eaeu_qa.records import HistoryTurn

_BODIES = ("Article 8(1) of the EAEU Treaty provides that “Bodies of the EAEU shall include: Supreme Eurasian Economic "
           "Council (hereinafter - the Supreme Council); Eurasian Intergovernmental Council; Eurasian Economic "
           "Commission; Court of the Eurasian Economic Union (hereinafter - the Court of the EAEU)” [1].")
_COURT = ("Article 19(1) of the EAEU Treaty provides that “Court of the EAEU shall be an institutional body of the "
          "Union” [1].")


def test_a_turn_that_asked_for_a_thing_after_a_topic_was_put_before_it_names_that_thing(condenser):
    # 'which one is the court?' was understood as 'As for the bodies of the EAEU, which one is the court?'; the topic
    # put before it does not hide that it asked for a thing, which its answer named
    history = [HistoryTurn("What are the bodies of the EAEU?", answer=_BODIES),
               HistoryTurn("which one is the court?", answer=_COURT,
                           standalone="As for the bodies of the EAEU, which one is the court?",
                           own_question="which one is the court?")]
    result = condenser.condense("where does it sit?", history)
    assert "Court" in result.standalone and "Supreme" not in result.standalone


def test_remarks_before_the_question_are_no_antecedent(condenser):
    assert asked_part("hi, im writing an essay. what is the EAEU?", condenser.terms) == "what is the EAEU?"
    assert asked_part("hello! quick question, what is the Eurasian Economic Union?", condenser.terms) == \
        "what is the Eurasian Economic Union?"
    # kept whole: the question points back at the sentence before it, or the words before the comma are its topic
    for text in ("My wife doesn't work. Can she get free medical care?", "As for pensions, what does the treaty say?",
                 "what about their kids, can they go to school?", "What does Art. 98 say?",
                 # the sentence before the question holds words of the documents: its context, not a remark
                 "i am kyrgyz, i work in russia on civil contract. i am still counted as worker by the treaty?"):
        assert asked_part(text, condenser.terms) == text
    for first in ("hi, im writing an essay. what is the EAEU?", "hello! quick question, what is the EAEU?"):
        result = condenser.condense("who are its members?", [HistoryTurn(first, answer="")])
        assert result.standalone == "Who are the members of the EAEU?"


def test_what_is_a_name_asks_what_it_is_not_for_a_thing_its_answer_names(condenser):
    assert not seeks_entity("what is the EAEU?", condenser.terms)
    assert not seeks_entity("What is the Eurasian Economic Union?", condenser.terms)
    assert seeks_entity("What is the highest body of the EAEU?", condenser.terms)


def test_a_name_typed_in_lower_case_makes_a_short_question_stand_alone(condenser):
    history = [HistoryTurn("who are the members of the EAEU?",
                           answer="Article 10(2) of the EAEU Treaty provides that “The members of the Supreme Council "
                                  "shall be the Heads of the member States” [1].")]
    result = condenser.condense("when did kyrgyzstan join?", history)
    assert not result.is_follow_up and result.standalone == "when did kyrgyzstan join?"
    # a word the corpus writes after 'the' is no one-word name: 'and the council?' still leans on the conversation
    assert condenser.condense("and when does the council meet?", history).is_follow_up


def test_the_same_in_a_question_naming_its_own_provision_points_nowhere_back(condenser):
    question = "Does Article 98 of the EAEU Treaty say family members get social security on the same terms?"
    for first in ("What does the lawyer in the article recommend?",
                  "What does the article say Kyrgyz officials did before going to court?"):
        result = condenser.condense(question, [HistoryTurn(first, answer="")])
        assert not result.is_follow_up and result.standalone == question  # no 'As for the lawyer ...' before it
    history = [HistoryTurn("What does Article 98 say about social security?", answer="")]
    # 'the same' alone, or without a provision of the turn's own, still compares with the earlier turn
    assert condenser.condense("Does Article 97 say the same?", history).is_follow_up
    assert condenser.condense("Do Kazakh workers get the same terms?", history).is_follow_up


def test_a_verb_at_a_questions_end_or_after_to_is_no_topic_word(condenser):
    terms = condenser.terms
    assert topic_chunks("what did Kyrgyzstan sign to join?", terms) == ["Kyrgyzstan"]
    assert topic_chunks("What does the article say Kyrgyzstan argues?", terms) == ["the article", "Kyrgyzstan"]
    assert topic_chunks("What does the lawyer in the article recommend?", terms) == ["the lawyer", "the article"]
    assert "litigation" in " ".join(topic_chunks("Why was the move to litigation made?", terms))  # a noun after 'to'
    assert "join" in " ".join(topic_chunks("Who is the candidate to join the EAEU?", terms))  # 'to' after a noun
    result = condenser.condense("and when did that enter into force?",
                                [HistoryTurn("what did Kyrgyzstan sign to join?", answer="")])
    assert "join" not in result.standalone


def test_that_after_a_preposition_stands_for_what_the_earlier_question_asked(condenser):
    result = condenser.condense("and how does Moscow respond to that?",
                                [HistoryTurn("What does the article say Kyrgyzstan argues?", answer="")])
    assert result.standalone == "How does Moscow respond to what the article says Kyrgyzstan argues?"
    result = condenser.condense("and how does Moscow respond to that?",
                                [HistoryTurn("What is the main argument Kyrgyzstan makes in the case?", answer="")])
    assert result.standalone == "How does Moscow respond to the main argument Kyrgyzstan makes in the case?"


def test_a_passive_it_after_a_question_about_bringing_the_case_is_the_case_not_the_party(condenser):
    history = ["Why is Kyrgyzstan suing Russia?"]
    assert condenser.condense("When will it be decided?", history).standalone == "When will the lawsuit be decided?"
    # a party can be what a sentence is about when its verb is no passive of an -ed participle
    assert condenser.condense("Is it bound by the ruling?", history).standalone == "Is Kyrgyzstan bound by the ruling?"


def test_a_plural_antecedent_keeps_its_of_phrase_and_a_possessive_covers_coordinated_nouns(condenser):
    history = [HistoryTurn("Who are the members of the Commission's Collegium?",
                           answer="Article 12(2) of the EAEU Treaty provides that “The Supreme Council shall have the "
                                  "following responsibilities” [1].")]
    result = condenser.condense("and who sets the rules for checking their income and asset declarations?", history)
    assert result.standalone == ("Who sets the rules for checking the income and asset declarations of the members of "
                                 "the Commission's Collegium?")
    result = condenser.condense("and who pays its judges and staff?", ["What does the EAEU Court do?"])
    assert result.standalone == "Who pays the judges and staff of the EAEU Court?"
    # a possessed noun with an of-phrase of its own goes before the antecedent's of-phrase, not "... Court's term"
    result = condenser.condense("How long is their term of office?", ["Who appoints the judges of the EAEU Court?"])
    assert result.standalone == "How long is the term of office of the judges of the EAEU Court?"
