"""Follow-ups whose words point at the previous turn in three harder ways.

Follow-ups whose words point at the previous turn in three harder ways: 'that money' / 'that period' for a figure
of the previous answer, 'it' and 'his' in one turn for two things, and a refused turn (its closest passage is no
answer). Example conversations of our own (never an eval set's); the real corpus's word statistics."""

import pytest

from eaeu_qa.condensing.clause import relative_event, resolve_condition
from eaeu_qa.condensing.measure import figures, resolve_measure
from eaeu_qa.condensing.phrase import person_noun, person_phrase
from eaeu_qa.history import refused
from eaeu_qa.records import CitedLocator, HistoryTurn

BUDGET = ("Article 20(1) of the EAEU Treaty provides that “Funding for the activity of bodies of the EAEU shall be "
          "provided from the budget of the EAEU” [1]. Article 20(1) of the EAEU Treaty provides that “The EAEU budget "
          "shall be formed in Russian rubles by means of contributions of member States to the budget of the EAEU” "
          "[2].")
STAY = ("Article 97(9) of the EAEU Treaty provides that “a member State worker has the right within 15 days to sign a "
        "new labor contract” [1]. The article adds that a stay beyond 90 days needs registration [2].")
REFUSAL = ("The documents do not answer this question. The closest passage is: Armenia and Belarus agreed on the "
           "transition periods for the customs checks [1].")


def test_figures_of_an_answer_by_kind():
    assert figures(STAY, "time") == ["15 days", "90 days"]
    assert figures("It was signed on 23 December 2014 and entered into force in 2015.", "time") == [
        "23 December 2014", "2015"]
    assert figures("The fee is 300 rubles, or $4, a month.", "amount") == ["300 rubles", "$4"]
    # no sum named: the money phrase the answer names most often
    assert figures(BUDGET, "amount") == ["the budget of the EAEU"]
    assert figures("7.055 % goes to the Kyrgyz Republic.", "amount") == []  # a share is no money


@pytest.mark.parametrize("text, answer, question, expected", [
    ("and where does that money come from?", BUDGET, "Who pays for the meetings?",
     "and where does the budget of the EAEU come from?"),
    ("what happens after that period?", STAY, "How long may a worker stay?", "what happens after the 15 days?"),
    ("is that amount paid monthly?", "The fee is 300 rubles [1].", "", "is the 300 rubles paid monthly?"),
    # nothing of that kind in the answer: the user's own figure in the question
    ("so who helps us after that time?", "Children may attend school [1].", "we came here 3 weeks ago, what now?",
     "so who helps us after the 3 weeks?"),
])
def test_that_money_and_that_time_take_the_previous_figure(text, answer, question, expected):
    assert resolve_measure(text, answer, question) == expected


def test_other_demonstratives_and_turns_without_a_figure_are_left_to_the_condenser():
    assert resolve_measure("who chairs that body?", BUDGET, "") == ""
    # 'term' names a word or an office, not a time: a definition that gives a date leaves it alone
    assert resolve_measure("what does that term mean?", "It was signed on 29 May 2014 [1].", "") == ""
    assert resolve_measure("when does that time start?", "No period is named [1].", "Who decides?") == ""


def test_money_and_time_through_the_condenser(condenser):
    history = [HistoryTurn("Who pays for the meetings of the Intergovernmental Council?", answer=BUDGET,
                           citations=(CitedLocator("Art. 20(1)", "eaeu_treaty"),))]
    result = condenser.condense("and where does that money come from in the first place?", history)
    assert result.standalone == "Where does the budget of the EAEU come from in the first place?"
    assert result.is_follow_up and result.mode == "reference"


def test_a_whose_clause_is_the_event_it_happens_points_at():
    earlier = "What happens to a Kyrgyz nurse in Kazakhstan whose employment contract is terminated early?"
    assert relative_event(earlier) == "the Kyrgyz nurse's employment contract is terminated early"
    assert resolve_condition("and what if it happens in her second year there?", earlier) == \
        "and what if the Kyrgyz nurse's employment contract is terminated early in her second year there?"
    assert relative_event("What about my husband whose permit expired?") == "my husband's permit expired"
    assert relative_event("What happens to a worker if the contract ends?") == ""
    # a pointing condition with another verb still needs it to end the clause (it may be no event)
    assert resolve_condition("and if it covers pensions?", earlier) == ""


def test_person_nouns_and_phrases(terms):
    assert all(person_noun(w, terms) for w in ("worker", "workers", "employee", "wife", "judges", "worker's"))
    assert not any(person_noun(w, terms) for w in ("budget", "member", "order", "treaty", "contract"))
    assert person_phrase("Does the EAEU Treaty protect a migrant worker's family members?", terms) == \
        "the migrant worker"
    assert person_phrase("my husband works in Moscow, can he get insurance?", terms) == "my husband"
    assert person_phrase("When was the EAEU Treaty signed?", terms) == ""


def test_it_and_his_in_one_turn_stand_for_two_things(condenser):
    history = [HistoryTurn("Does the EAEU Treaty protect a migrant worker's family members?",
                           answer="Article 98(3) of the EAEU Treaty provides that “Social security of workers of the "
                                  "member States and members of families shall be carried out” [1].")]
    result = condenser.condense("Does it cover his children too?", history)
    assert result.standalone == "Does the EAEU Treaty cover the migrant worker's children too?"
    # a later pronoun of a class already named keeps it as its antecedent
    history = [HistoryTurn("What happens to a Kyrgyz nurse in Kazakhstan whose employment contract is terminated "
                           "early?", answer="Article 97(9) of the EAEU Treaty provides that “a member State worker "
                           "has the right within 15 days to sign a new labor contract” [1].")]
    result = condenser.condense("and what if it happens in her second year there?", history)
    assert result.standalone == ("What if the Kyrgyz nurse's employment contract is terminated early in her second "
                                 "year in Kazakhstan?")


def test_a_refusal_is_recognised_by_its_wording():
    assert refused(REFUSAL) and refused("  " + REFUSAL)
    assert not refused(BUDGET) and not refused("")


def test_a_refused_turn_is_understood_from_its_question(condenser):
    history = [HistoryTurn("What is Kazakhstan arguing about the customs checks?", answer=REFUSAL,
                           citations=(CitedLocator("Art. 27", "eaeu_treaty"),))]
    state = condenser.states(history)[-1]
    assert state.refused and state.answer == "" and state.subject == "Kazakhstan"
    # the closest passage's names are nobody's antecedent: 'the other side' is not read off it
    assert not {"Armenia", "Belarus"} & {e.text for e in state.entities}
    assert "Armenia" not in condenser.condense("and what does the other side say?", history).standalone
    # the same turn answered: its names are the answer's
    answered = condenser.states([HistoryTurn(history[0].question, answer=REFUSAL.split(": ", 1)[1])])[-1]
    assert not answered.refused and "Armenia" in {e.text for e in answered.entities}


def test_a_refused_question_that_asked_for_a_thing_keeps_the_passage_as_its_best_guess(condenser):
    history = [HistoryTurn("Which court is Kazakhstan suing Armenia in?", answer=(
        "The documents do not answer this question. The closest passage is: Kazakhstan took Armenia to the Court of "
        "the Eurasian Economic Union [1]."))]
    state = condenser.states(history)[-1]
    assert not state.refused and state.answered
    assert condenser.condense("where is it based?", history).standalone == \
        "Where is the Court of the Eurasian Economic Union based?"


def test_this_year_is_the_present_not_a_reference(condenser):
    assert resolve_measure("who chairs it this day?", "It meets within 15 days [1].", "") == ""
    assert resolve_measure("what happens after that day?", "It meets within 15 days [1].", "") == \
        "what happens after the 15 days?"
    history = [HistoryTurn("Which EAEU body is made up of the heads of state?",
                           answer="Article 10(1) of the EAEU Treaty provides that “Supreme Council shall be the supreme "
                                  "body of the EAEU” [1].")]
    result = condenser.condense("ok and who is chairing it this year?", history)
    assert result.standalone == "Who is chairing the Supreme Council this year?"


def test_it_next_to_he_is_the_thing_the_previous_question_asked_for(condenser):
    from eaeu_qa.condensing.phrase import asked_phrase

    assert asked_phrase("which certificate can I get from my employer?", condenser.terms) == "the certificate"
    assert asked_phrase("Who pays for it?", condenser.terms) == ""
    assert asked_phrase("Which court hears disputes between member states?", condenser.terms) == "the court"
    history = [HistoryTurn("which certificate can I get from my employer when I leave Kazakhstan?",
                           answer="Article 98(7) of the EAEU Treaty provides that “At the request of a member State "
                                  "worker, the employer shall provide a certificate” [1].")]
    result = condenser.condense("is it expensive or does he pay for it?", history)
    assert result.standalone == "Is the certificate expensive or does my employer pay for it?"
