"""Turns through the real chain: a continuing phrase is asked, an acknowledgement is not, the examples are answered."""

from __future__ import annotations

import pytest

from eaeu_qa.answering.wording import ACKNOWLEDGED
from eaeu_qa.ui import wording as ui_wording

FAMILY = "Can family members of migrant workers get medical insurance in Russia?"
ARTICLE = "What does Article 98(3) say?"
SUED = "Why did Kyrgyzstan sue Russia?"


@pytest.mark.parametrize("history, turn", [
    ([FAMILY], "for children too?"),  # a word that points back ('too')
    ([ARTICLE], "and for kids"),  # a turn that continues ('and ...')
    ([ARTICLE], "what about pensions"),
])
def test_a_short_turn_that_continues_points_back_and_is_answered(qa_chain, history, turn):
    """Its rewrite carries the earlier topic, so the off-topic gate judges the rewrite, not the turn's 2-3 words."""
    condensed = qa_chain.condenser.condense(turn, history)
    assert condensed.is_follow_up and condensed.points_back
    answer = qa_chain.ask(turn, history=history)
    assert answer.refusal != "off_topic" and answer.answer != ACKNOWLEDGED


@pytest.mark.parametrize("history", [[FAMILY], [ARTICLE], [SUED]])
@pytest.mark.parametrize("turn", ["ok", "thanks", "great, thanks!"])
def test_an_acknowledgement_gets_the_short_reply_whatever_the_earlier_turn(qa_chain, history, turn):
    answer = qa_chain.ask(turn, history=history)
    assert answer.answer == ACKNOWLEDGED and not answer.answerable and not answer.citations


@pytest.mark.parametrize("turn", ["thanks for the help", "cheers", "thanks a lot", "nice work"])
def test_an_acknowledgement_with_a_noun_is_judged_on_its_own_words(qa_chain, turn):
    """A noun phrase alone does not point back (review s19 B3: they got 2-4 quotes): no quote for a thank-you."""
    assert not qa_chain.condenser.condense(turn, [SUED]).points_back
    answer = qa_chain.ask(turn, history=[SUED])
    assert not answer.answerable and not answer.citations, answer.answer


@pytest.mark.parametrize("question", ui_wording.EXAMPLE_QUESTIONS)
def test_every_example_on_the_first_screen_is_answered_with_citations(qa_chain, question):
    answer = qa_chain.ask(question)
    assert answer.answerable and not answer.refusal and answer.citations


@pytest.mark.parametrize("turn, standalone", [("and pizza", "and pizza toppings")])  # a rewrite that asks nothing
def test_one_rule_says_which_refused_turn_gets_the_short_reply(qa_chain, retriever, turn, standalone):
    """The short reply goes to a turn that asks nothing and does not point back (ExtractiveAnswerer.acknowledges), the
    rule that also sets the gate's level: a turn that points back goes on from the earlier turn and gets the off-topic
    refusal, even when its rewrite has no question mark (review s19 leftover: the reply read the rewrite)."""
    from eaeu_qa.answering.base import AnswerRequest
    from eaeu_qa.answering.wording import OFF_TOPIC

    for points_back in (True, False):
        request = AnswerRequest(turn, standalone, retriever.search(standalone), is_follow_up=True,
                                points_back=points_back, in_conversation=True, previous=(SUED, ""))
        composed = qa_chain.answerer.answer(request)
        assert composed.signals.get("reason") == "off_topic" and not composed.citations
        assert composed.text == (OFF_TOPIC if points_back else ACKNOWLEDGED)
