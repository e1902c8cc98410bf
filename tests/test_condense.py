"""Follow-up condensing: elliptical turns gain the earlier topic; self-contained questions stay unchanged."""

import pytest

from eaeu_qa.condense import condense, is_follow_up

CONVERSATIONS = [
    # (earlier questions, follow-up, a word of the earlier topic that must reach the standalone query)
    (["Which treaty article guarantees migrant workers' relatives equal social insurance?"], "And what about pensions?",
     "insurance"),
    (["Where does the analysis say Kyrgyzstan filed its complaint against Russia?"], "Where is its seat?", "Kyrgyzstan"),
    (["Does the EAEU Treaty protect migrant families' access to healthcare?"], "Which article says that?", "healthcare"),
    (["How long may an EAEU worker's family stay in the host state?"], "What about their children?", "family"),
    (["Who is a family member for the purposes of the labour migration section?"], "Does that cover grandparents?",
     "family"),
    (["Where was the accession treaty signed?", "When?"], "And who keeps the original?", "accession"),
]


@pytest.mark.parametrize("history, question, topic_word", CONVERSATIONS)
def test_follow_up_is_rewritten_with_the_earlier_topic(history, question, topic_word):
    result = condense(question, history)
    assert result.is_follow_up
    assert topic_word.lower() in result.standalone.lower()
    # The follow-up's own words stay in the query: they carry what is newly asked.
    own = question.lower().removeprefix("and ").rstrip("?")
    assert own in result.standalone.lower()


@pytest.mark.parametrize("question", [
    "What does Article 98(3) of the EAEU Treaty say about social insurance?",
    "Why does the author think labour mobility without family security is unstable?",
    "Which Kyrgyz officials raised the CHI issue with Russian counterparts?",
])
def test_self_contained_question_stays_unchanged_even_with_history(question):
    result = condense(question, ["Where is the EAEU Court based?"])
    assert not result.is_follow_up
    assert result.standalone == question


def test_without_history_nothing_is_rewritten():
    assert condense("And what about pensions?", []).standalone == "And what about pensions?"
    assert condense("  Where is its seat? ", None).standalone == "Where is its seat?"


def test_third_turn_inherits_the_first_self_contained_topic():
    history = ["What does the accession treaty say about customs duties?", "And the percentages?"]
    result = condense("Who decided them?", history)
    assert "customs duties" in result.standalone
    assert "percentages" not in result.standalone  # earlier follow-ups lend no topic of their own


def test_follow_up_detection_signals():
    assert is_follow_up("What about pensions?")
    assert is_follow_up("Why does that matter?")
    assert not is_follow_up("How does the EAEU Treaty define a worker of a member State?")
