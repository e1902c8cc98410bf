"""What an earlier turn asked: not a topic put before it, nor remarks, lower-case names.

What an earlier turn asked: not the topic put before it, not the remarks before the question, names typed in lower
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


_SCHOOL = ("Article 98(8) of the EAEU Treaty provides that “Children of a member State worker residing with them in the "
           "territory of the State of employment are entitled to attend preschool, get education in accordance with the "
           "legislation of the State of employment” [1].")
_CARE = ("Article 98(4) of the EAEU Treaty provides that “The right of member States workers and their family members to "
         "receive emergency medical care (in emergency and urgent forms) and other health care is regulated in "
         "accordance with the Annex 30, as well as the legislation the State of employment and international "
         "agreements to which it is a Party” [1].")


def test_a_capital_only_the_sentence_gives_makes_no_name_and_his_is_the_person_named_before(condenser):
    # 'and doctor for them?' was understood as 'Doctor for the kids?': the capital is the sentence's (a word the corpus
    # never writes), so 'Doctor' is no name; 'his' stands for the last singular person named, the user's husband
    history = [HistoryTurn("my husband work in moscow, me and kids live with him", answer=_SCHOOL),
               HistoryTurn("can kids go to school there?", answer=_SCHOOL),
               HistoryTurn("and doctor for them?", answer=_CARE, standalone="Doctor for the kids?",
                           own_question="Doctor for the kids?")]
    first = condenser.condense("how long we can stay if his contract ends?", history)
    assert "my husband's contract" in first.standalone and "octor" not in first.standalone
    history.append(HistoryTurn("how long we can stay if his contract ends?", answer=_SCHOOL,
                               standalone=first.standalone, own_question=first.own_question))
    second = condenser.condense("what paper he must get from employer?", history)
    assert "my husband must get" in second.standalone and "octor" not in second.standalone


def test_a_refused_turns_closest_passage_supplies_no_antecedent(condenser):
    # 'who are its judges?' was refused with 19(2) ('... the Statute of Court of the EAEU ...') as the closest passage:
    # 'it' is still what that question asked about, the Court (the singular owner of 'the judges of ...')
    refusal = ("The documents do not answer this question. The closest passage refers to Annex 2 of the EAEU Treaty, "
               "which is not in the documents: Article 19(2) of the EAEU Treaty provides that “Status, structure, "
               "competence, procedure of functioning and establishment of the Court of the EAEU shall be determined "
               "by the Statute of Court of the EAEU according to Annex 2 hereto” [1].")
    history = [HistoryTurn("What is the EAEU Court?", answer=_COURT),
               HistoryTurn("who are its judges?", answer=refusal, standalone="Who are the judges of the EAEU Court?",
                           own_question="Who are the judges of the EAEU Court?")]
    result = condenser.condense("where does it sit?", history)
    assert result.standalone == "Where does the EAEU Court sit?"


def test_a_pronoun_keeps_what_its_class_stood_for_in_the_turn_before(condenser):
    # 'when did they file it?' was 'When did Kyrgyzstan file the lawsuit?': 'they' stood for Kyrgyzstan, 'it' for the
    # lawsuit, so 'its judges' are not Kyrgyzstan's; nor the lawsuit's (eighteenth session, issue 8 kind 3: a lawsuit
    # has no judges, the audit's B6 "the judges of the lawsuit"), so 'its' stays as typed
    history = [HistoryTurn("What does the article say Russia's position is?",
                           answer="Russia’s position, as reflected in public reporting, leans on the structure of its "
                                  "domestic CHI system [1]."),
               HistoryTurn("when did they file it?", answer="The documents do not answer this question.",
                           standalone="When did Kyrgyzstan file the lawsuit?",
                           own_question="When did Kyrgyzstan file the lawsuit?")]
    result = condenser.condense("what about its judges?", history)
    assert "Kyrgyzstan" not in result.standalone and "lawsuit" not in result.standalone
    assert result.standalone == "What about its judges?"


def test_a_capitalised_modifier_in_an_answer_is_no_name_it_introduced(condenser):
    answer = ("Coverage for the dependents of Kyrgyz workers would logically extend to families of Armenian, Kazakh, and "
              "Belarusian workers as well, transforming what appears to be a bilateral issue into a union-wide "
              "standard [1].")
    history = [HistoryTurn("What happens if Kyrgyzstan wins?", answer=answer),
               HistoryTurn("who else would benefit?", answer=answer,
                           standalone="As for Kyrgyzstan, who else would benefit?",
                           own_question="who else would benefit?")]
    assert "Armenian" not in condenser.condense("what did the author conclude?", history).standalone
    from eaeu_qa.condensing.focus import modifies_noun

    assert modifies_noun(", Kazakh, and Belarusian workers as well", condenser.terms)
    assert not modifies_noun(" argues that", condenser.terms) and not modifies_noun(" could seek", condenser.terms)
