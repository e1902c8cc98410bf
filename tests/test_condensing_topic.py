"""Where the conversation's topic goes in a rewrite (condensing.topic).

Where the conversation's topic goes in a rewrite (condensing.topic): in place of 'that', after a verb of saying,
or before the question, never as a trailing ', regarding ...'."""

from eaeu_qa.condensing.topic import join_context, own_question, place_topic


def test_a_topic_leads_a_question_that_cannot_take_it_inside():
    assert join_context("Who proposes the candidates?", "the Apparatus of the Court") == \
        "As for the Apparatus of the Court, who proposes the candidates?"
    assert join_context("If they lose the job early, do they have to leave?", "the permit") == \
        "As for the permit, if they lose the job early, do they have to leave?"
    assert join_context("Russia's position?", "pensions") == "As for pensions, Russia's position?"  # a name keeps


def test_the_own_question_is_recovered_from_a_rewrite():
    assert own_question("As for the EAEU budget and the Supreme Council, who pays for it?") == "who pays for it?"
    assert own_question("As for the permit, if they lose the job, do they leave?") == \
        "if they lose the job, do they leave?"
    assert own_question("Who pays for the meetings?") == "Who pays for the meetings?"


def test_given_the_joined_topic_the_own_question_is_exact():
    """A name kept capitalised or a topic with a comma defeats reading the rewrite alone (the whole rewrite came back);
    with the topic that was joined (Condensed.own_question) the question after it is exact."""
    assert own_question("As for pensions, Russia's position?") == "As for pensions, Russia's position?"
    assert own_question("As for pensions, Russia's position?", "pensions") == "Russia's position?"
    topic = "the Court, the judges and the Statute"
    assert own_question(f"As for {topic}, which body appoints them?", topic) == "which body appoints them?"
    assert own_question("As for pensions, who pays?", "the budget") == "As for pensions, who pays?"  # not joined


def test_place_topic_replaces_a_governed_that_adds_about_after_saying_and_else_leads():
    assert place_topic("Who pays for that?", "the EAEU budget", [(3, "proposition")]) == "Who pays for the EAEU budget?"
    assert place_topic("What does Russia say?", "the insurance", []) == "What does Russia say about the insurance?"
    assert place_topic("Does that include parents?", "the family member", [(1, "proposition")]) == \
        "As for the family member, does that include parents?"


def test_the_rewrite_wording_comes_from_the_wording_module(monkeypatch, terms):
    from eaeu_qa.condensing import switch, topic
    from eaeu_qa.answering import wording

    assert (wording.TOPIC_LEAD, wording.SWITCH_LEAD) == ("As for", "What about")
    monkeypatch.setattr(topic, "TOPIC_LEAD", "Regarding")
    monkeypatch.setattr(switch, "SWITCH_LEAD", "And")
    assert topic.join_context("Who pays?", "the budget") == "Regarding the budget, who pays?"
    assert topic.own_question("Regarding the budget, who pays?") == "who pays?"
    assert switch.switch_rewrite("pensions?", "", terms) == "And pensions?"


def test_a_turn_naming_another_source_drops_the_earlier_topics_source_but_not_a_provisions_treaty(condenser):
    """'is that in the accession treaty too?' after a question about the EAEU Treaty asks about the accession treaty
    alone (was "... getting medical care under the EAEU Treaty in the accession treaty too?"); a provision keeps its
    own treaty (review B2, fifteenth session: 'As for Article 8 and the bodies of the Union, ...' was answered with
    the accession treaty's own Article 8; the number is the EAEU Treaty's)."""
    result = condenser.condense("is that in the accession treaty too?",
                                ["Do family members of workers get medical care under the EAEU Treaty?"]).standalone
    assert "accession treaty too" in result and "EAEU Treaty" not in result and "medical care" in result, result
    for earlier, provision in (("What does Article 98(3) of the EAEU Treaty say?", "Article 98(3)"),
                               ("What does Article 8 of the EAEU Treaty say about the bodies of the Union?",
                                "Article 8"),
                               ("What does Article 98 of the EAEU Treaty say about family members of workers?",
                                "Article 98")):
        result = condenser.condense("is that in the accession treaty too?", [earlier]).standalone
        assert f"{provision} of the EAEU Treaty" in result and "accession treaty too" in result, result
