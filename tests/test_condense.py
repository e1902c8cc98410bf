"""Follow-ups resolved against the conversation state: pronouns, 'that article', ellipsis, topic shifts."""

import pytest

from eaeu_qa.chunking import chunk_documents
from eaeu_qa.condense import Condenser, condense, is_follow_up
from eaeu_qa.entities import content_words
from eaeu_qa.records import CitedLocator, HistoryTurn


@pytest.fixture(scope="module")
def condenser(settings, documents):
    """The condenser with the real corpus's word statistics, as the chain builds it."""
    from eaeu_qa.entities import CorpusTerms

    return Condenser(CorpusTerms.from_chunks(chunk_documents(list(documents.values()))))


def _reads_as_a_question(text: str) -> bool:
    return text[:1].isupper() and text.endswith("?") and "(Context" not in text and text.count("?") == 1


def test_pronoun_takes_the_entity_the_previous_answer_named(condenser):
    history = [HistoryTurn("Which court has Kyrgyzstan taken its insurance dispute with Russia to?",
                           answer="Kyrgyzstan filed the case with the Court of the Eurasian Economic Union [1].")]
    result = condenser.condense("Where is its seat?", history)
    assert result.is_follow_up and result.mode == "reference"
    assert result.standalone == "Where is the seat of the Court of the Eurasian Economic Union?"


def test_they_for_a_plural_subject_is_replaced_and_for_a_singular_one_gains_the_topic(condenser):
    result = condenser.condense("and how do they take decisions?", ["What do the member States' courts do?"])
    assert result.standalone == "How do the member States' courts take decisions?"
    result = condenser.condense("and how do they take decisions?", ["What does the Eurasian Economic Commission do?"])
    assert result.standalone == "How do they take decisions, regarding the Eurasian Economic Commission?"


def test_that_article_is_the_provision_the_previous_answer_cited(condenser):
    history = [HistoryTurn("How are disputes about the accession treaty settled?",
                           answer="Disputes are settled as set out in the EAEU Treaty [1].",
                           citations=(CitedLocator("Art. 112", "eaeu_treaty"),))]
    result = condenser.condense("And what does that article require first?", history)
    assert "Article 112 of the EAEU Treaty" in result.standalone
    assert "that article" not in result.standalone and _reads_as_a_question(result.standalone)


def test_topic_shift_keeps_the_new_party_and_drops_the_old_wording(condenser):
    history = [HistoryTurn("Why did Kyrgyzstan sue Russia?",
                           answer="Bishkek objects that Russia excludes the non-working family members of migrant "
                                  "workers from compulsory medical insurance [1].")]
    result = condenser.condense("And what does Russia say?", history)
    assert result.is_follow_up and _reads_as_a_question(result.standalone)
    assert "Russia" in result.standalone
    assert "Kyrgyzstan" not in result.standalone and "sue" not in result.standalone.split()
    assert {"insurance", "family", "members"} & set(result.standalone.lower().replace("?", "").split())


@pytest.mark.parametrize("history, question, topic_word", [
    (["What social insurance does the EAEU Treaty guarantee to the families of migrant workers?"],
     "And what about pensions?", "insurance"),
    (["Who counts as a family member under the EAEU labour migration provisions?"],
     "Does that include a worker's parents?", "family"),
    (["Where was the accession treaty signed?", "When?"], "And who keeps the original?", "accession"),
])
def test_elliptical_follow_up_gains_the_previous_topic_and_keeps_its_own_words(condenser, history, question,
                                                                               topic_word):
    result = condenser.condense(question, history)
    assert result.is_follow_up and result.mode == "topic"
    assert topic_word in result.standalone.lower()
    assert set(content_words(question)) <= set(content_words(result.standalone))
    assert _reads_as_a_question(result.standalone)


@pytest.mark.parametrize("question", [
    "What does Article 98(3) of the EAEU Treaty say about social insurance?",
    "Why does the author think labour mobility without family security is unstable?",
    "Which Kyrgyz officials raised the CHI issue with Russian counterparts?",
    "Where is the EAEU Court and what does it do?",  # 'it' has its antecedent in the question
])
def test_self_contained_question_stays_unchanged_even_with_history(condenser, question):
    result = condenser.condense(question, ["Where is the EAEU Court based?"])
    assert not result.is_follow_up
    assert result.standalone == question


def test_without_history_nothing_is_rewritten():
    assert condense("And what about pensions?", []).standalone == "And what about pensions?"
    assert condense("  Where is its seat? ", None).standalone == "Where is its seat?"


def test_third_turn_inherits_the_first_self_contained_topic(condenser):
    history = ["What does the accession treaty say about customs duties?", "And the percentages?"]
    result = condenser.condense("Who decided them?", history)
    assert "customs duties" in result.standalone


def test_follow_up_detection_signals():
    assert is_follow_up("What about pensions?")
    assert is_follow_up("Why does that matter?")
    assert is_follow_up("On what date?")
    assert not is_follow_up("How does the EAEU Treaty define a worker of a member State?")
