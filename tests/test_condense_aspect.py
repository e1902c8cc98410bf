"""A follow-up that asks for another thing than the turn before (condense_aspect): what a question asks for, the
condenser's flag, and the search giving the previous answer's neighbourhood less weight (real model and index)."""

import dataclasses

import pytest

from eaeu_qa import followup_search
from eaeu_qa.condense_aspect import aspect, other_aspect
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
