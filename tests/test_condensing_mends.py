"""Follow-up rewrites of the sixteenth session (issue 8) that were wrong before.

Follow-up rewrites of the sixteenth session (issue 8): wrong rewrites left by the fifteenth session and those read
on the tuning follow-ups, each with the rewrite it gave before in a comment."""

from eaeu_qa.records import HistoryTurn

from conftest import ANSWER, REFUSAL, rewrite as _rewrite  # tests/ on sys.path: shared with the other follow-up tests


def test_the_corpus_records_the_agents_of_passive_verbs(terms):
    assert terms.is_agent("approved", "the Supreme Council")  # 'approved by the Supreme Council'
    assert not terms.is_agent("approved", "the budget")
    assert not terms.is_agent("admitted", "Kyrgyzstan")


def test_a_passive_it_is_not_the_earlier_subject_that_the_corpus_writes_as_its_agent(condenser):
    # the subject was taken for the object: 'Was the Supreme Council approved?'
    assert _rewrite(condenser, "Was it approved?", "What did the Supreme Council decide about the budget?") \
        == "Was the budget approved?"
    # no other phrase in the earlier question: the subject stays
    assert _rewrite(condenser, "When was it established?", "What does the Commission do?") \
        == "When was the Commission established?"


def test_a_passive_it_is_no_party_where_the_corpus_writes_the_verb_with_an_agent(condenser):
    rewrite = _rewrite(condenser, "When was it signed?", "When did Kyrgyzstan join?")
    assert "Kyrgyzstan signed" not in rewrite and "Kyrgyzstan" in rewrite, rewrite


def test_when_before_an_auxiliary_asks_a_question_and_is_no_condition(condenser):
    # it was read as a condition replacing the earlier question's and left unrewritten
    assert _rewrite(condenser, "When was it admitted?", "When did Kyrgyzstan join?") == "When was Kyrgyzstan admitted?"
    assert _rewrite(condenser, "And if it goes the other way?", "What happens if the court backs Kyrgyzstan?") \
        == "What happens if the court goes the other way?"


def test_a_phrase_opening_a_turn_before_its_pronoun_is_the_turns_subject(condenser):
    # the subject was cut at the name that modifies the noun: 'The children of Uzbekistan?'
    assert _rewrite(condenser, "and their children?", "Uzbekistan workers in Russia, do they get medical insurance?") \
        == "What about the children of Uzbekistan workers in Russia?"
    # a clause before the comma is no phrase the pronoun stands for
    state = condenser.states([HistoryTurn("My brother works in Almaty on a labour contract, can he join a trade "
                                          "union there?", answer=ANSWER)])[-1]
    assert state.subject == "my brother", state.subject


def test_a_short_turn_after_a_refusal_takes_no_refused_topic(condenser):
    # 'As for the judges of the lawsuit, what did the author conclude?'
    turns = [HistoryTurn("Why is Kyrgyzstan suing Russia?", answer=ANSWER),
             HistoryTurn("what about its judges?", answer=REFUSAL)]
    rewrite = _rewrite(condenser, "what did the author conclude?", *turns)
    assert "judges" not in rewrite and "Kyrgyzstan" in rewrite, rewrite
    assert _rewrite(condenser, "what did the author conclude?", turns[1]) == "What did the author conclude?"
    # a turn that points back still means the refused turn's thing
    assert "judges" in _rewrite(condenser, "and who appoints them?", *turns)


def test_a_document_opening_a_turn_and_pointed_at_by_that_one_is_asked_about_alone(condenser):
    # 'As for the Commission, the accession treaty, what language was that one done in?'
    result = condenser.condense("and the accession treaty, what language was that one done in?",
                                [HistoryTurn("What is the working language of the EAEU?", answer=ANSWER)])
    assert result.standalone == "What language was the accession treaty done in?" and result.mode == "switch"


def test_that_body_after_a_person_of_an_institution_is_the_institution(condenser):
    # 'What two parts is the Chairman of the Intergovernmental Council made of?'
    answer = ("Article 15(3) of the EAEU Treaty provides that “the Chairman of the Intergovernmental Council shall "
              "draw up the agenda” [1].")
    state = condenser.states([HistoryTurn("Who draws up the agenda for the Intergovernmental Council's meetings?",
                                          answer=answer)])[-1]
    assert state.answered and state.subject.startswith("the Chairman"), state.subject
    rewrite = condenser.condense("ok and what two parts is that body made of?", [state]).standalone
    assert rewrite == "What two parts is the Intergovernmental Council made of?", rewrite
    assert condenser.condense("and how is that person chosen?", [state]).standalone.startswith(
        "How is the Chairman of the Intergovernmental Council chosen")


def test_he_after_a_question_naming_the_users_boss_is_the_boss(condenser):
    # 'Is Russia free or Russia can take money for it?'
    rewrite = _rewrite(condenser, "is it free or he can take money for it?",
                       "what paper about my job and salary i can ask from my boss when i quit in Russia?")
    assert "my boss can take" in rewrite and "Russia" not in rewrite, rewrite


def test_a_question_as_a_clause_is_its_main_clause_and_keeps_a_verb_the_corpus_lacks(terms):
    from eaeu_qa.condensing.clause import gerund_clause

    # 'joining the money from import duties split between the members after Kyrgyzstan'
    assert not gerund_clause("How was the money from import duties split between the members after Kyrgyzstan "
                             "joined?", terms).startswith("joining")
    assert gerund_clause("How can a country leave the EAEU?", terms) == "a country leaving the EAEU"


def test_that_after_a_preposition_is_the_earlier_clause_without_the_questions_own_subject(condenser):
    # 'Does a country still owe money after the EAEU?' (and '... after a country leaving the EAEU?')
    assert _rewrite(condenser, "does a country still owe money after that?", "How can a country leave the EAEU?") \
        == "Does a country still owe money after leaving the EAEU?"


def test_the_users_person_before_a_verb_is_the_subject_without_the_verb(condenser):
    # "If my husband works' employer won't get us insured, ...?"
    rewrite = _rewrite(condenser, "then if his employer won't get us insured, can we sue the employer?",
                       "my husband works legally in Russia. does our family get social insurance like Russians?")
    assert "my husband's employer" in rewrite, rewrite
