"""A follow-up that asks for another thing than the turn before (condensing.aspect).

A follow-up that asks for another thing than the turn before (condensing.aspect): what a question asks for, the
condenser's flag, and the search giving the previous answer's neighbourhood less weight (real model and index)."""

import dataclasses

import pytest

from eaeu_qa import followup_search
from eaeu_qa.condensing.aspect import aspect, other_aspect
from eaeu_qa.records import CitedLocator, HistoryTurn


@pytest.mark.parametrize("question, asked", [
    ("Who appoints the judges of the Court?", "person"),
    ("and where does that court sit?", "place"),
    ("In which city is the Commission based?", "place"),
    ("ok and on what date was it signed?", "date"),
    ("How long do the judges stay in office?", "duration"),
    ("How many judges does each state send?", "quantity"),
    ("Why did Kyrgyzstan go to court?", "reason"),
    ("how does it work in practice?", "how"),
    ("Which body approves the budget?", "what:body"),
    ("and which body approves the rules?", "what:body"),
    ("Which bodies approve the budget?", "what:bodies"),  # the plural asked for, not the 'budget' further on
    ("What rules apply to migrant workers?", "what:rules"),
    ("What does the article say about pensions?", "what"),
    ("And what about pensions?", ""),  # the previous question asked again of another thing
    ("what if my wife works too?", ""),
    ("is it free for the children?", ""),  # a yes/no question asks for no particular thing
    ("Does the treaty cover pensions?", ""),
    ("when I quit, what paper do I get?", ""),  # a clause of time, not a question word
])
def test_what_a_question_asks_for(terms, question, asked):
    assert aspect(question, terms) == asked


@pytest.mark.parametrize("previous, question, other", [
    ("Who appoints the judges of the Court?", "Where is the Court based?", True),
    ("How often does the Intergovernmental Council meet?", "Who chairs the Intergovernmental Council?", True),
    ("Which body approves the budget?", "Which body checks the spending?", False),  # the same kind of thing
    ("Where is the Commission based?", "Where is the Court based?", False),
    ("Who appoints the judges of the Court?", "Are they paid?", False),  # a yes/no turn: no particular thing
    ("Does the treaty cover pensions?", "How are they paid?", False),
    ("What document does my wife need?", "and what documents do the children need?", False),  # one noun, stemmed
    ("Which body approves the budget?", "Which bodies check the spending?", False),
    ("Which bodies approve the budget?", "Where is the Commission based?", True),
])
def test_another_thing_needs_both_turns_to_ask_for_one(terms, previous, question, other):
    assert other_aspect(question, previous, terms) is other


def test_the_condenser_marks_a_turn_that_keeps_the_subject_and_asks_another_thing(condenser):
    history = [HistoryTurn(question="How often does the Intergovernmental Council meet?",
                           answer="Meetings of the Intergovernmental Council shall be held as necessary, but at least "
                                  "two times a year.", citations=(CitedLocator("Art. 15(1)", "eaeu_treaty"),))]
    chairs = condenser.condense("and who chairs it?", history)
    assert chairs.standalone == "Who chairs the Intergovernmental Council?" and chairs.other_aspect
    again = condenser.condense("and how often does the Commission meet?", history)
    assert again.is_follow_up and not again.other_aspect
    assert not condenser.condense("what about the Commission?", history).other_aspect


def test_the_previous_turns_aspect_is_read_from_its_stored_own_question(condenser):
    """The state keeps the own question stored with a turn; the aspect is read from it, not from a guess cut off the
    rewrite (which here starts at the condition: 'if my wife works, who pays?' asks for no particular thing)."""
    stored = HistoryTurn(question="and who pays if my wife works?",
                         standalone="As for medical care for the children, if my wife works, who pays?",
                         own_question="Who pays if my wife works?",
                         answer="Medical care shall be provided in accordance with the legislation of the State of "
                                "employment.", citations=(CitedLocator("Art. 98(3)", "eaeu_treaty"),))
    state = condenser.states([stored])[-1]
    assert state.own_question == "Who pays if my wife works?" and aspect(state.own_question, condenser.terms) == "person"
    assert aspect("if my wife works, who pays?", condenser.terms) == ""  # what the guess would have read
    assert condenser.condense("and where do they get it?", [stored]).other_aspect
    guessed = dataclasses.replace(stored, own_question="")  # a history stored before the own question was kept
    assert condenser.states([guessed])[-1].own_question == "if my wife works, who pays?"
    assert not condenser.condense("and where do they get it?", [guessed]).other_aspect


def test_a_turn_asking_another_thing_weighs_the_previous_answers_neighbourhood_less(retriever):
    """'Where is the Court of the EAEU based?' after an answer that cited the Supreme Council's powers (Art. 12(2),
    where it appoints the judges): with the neighbourhood's full weight its passages come first; asking another thing
    with the factor 0, the fusion is that of the turn's own searches, which find the seat (Art. 19(3)) first."""
    question = "Where is the Court of the EAEU based?"
    cited = [CitedLocator("Art. 12(2)", "eaeu_treaty")]
    weights = followup_search.FollowUpWeights(own=0.5, local=1.0, repeat=1.0, switch_local=0.0, aspect=0.0)
    same = followup_search.search(retriever, question, question, cited, False, 4, weights)
    other = followup_search.search(retriever, question, question, cited, False, 4, weights, other_aspect=True)
    plain = followup_search.search(retriever, question, question, (), False, 4, weights)
    assert same[0].chunk.article == "12"  # the neighbourhood's weight lifts the previous answer's article
    assert [p.chunk.chunk_id for p in other] == [p.chunk.chunk_id for p in plain]
    assert other[0].chunk.locator == "Art. 19(3)"  # 'Residence of the Court of the EAEU shall be the city of Minsk'
    half = dataclasses.replace(weights, aspect=0.5)
    between = followup_search.search(retriever, question, question, cited, False, 4, half, other_aspect=True)
    assert [p.score for p in between] != [p.score for p in same]  # the factor scales the neighbourhood's weight


def test_the_factor_is_a_setting_that_reaches_the_search_weights():
    from eaeu_qa.settings import Settings

    settings = Settings.from_env({"EAEU_QA_FOLLOWUP_ASPECT_LOCAL": "0.5"})
    assert followup_search.FollowUpWeights.from_settings(settings).aspect == 0.5
    assert followup_search.WEIGHTS.aspect == Settings().followup_aspect_local < 1  # fitted: the neighbourhood weighs less


def test_through_the_chain_the_seat_of_the_court_comes_first_after_a_question_about_its_judges(qa_chain):
    opening = "Who appoints the judges of the Court of the EAEU?"
    answer = qa_chain.ask("and where is that court based?", history=[opening])
    assert answer.standalone_question == "Where is the Court of the EAEU based?"
    assert answer.retrieved[0].chunk.locator == "Art. 19(3)"
    assert answer.citations and answer.citations[0].locator == "Art. 19(3)"
    assert "Minsk" in answer.citations[0].quote
