"""The off-topic gate (answerability.off_topic): a question sharing no topic with the documents is refused plainly."""

import pytest

from eaeu_qa.answering.answerability import off_topic
from eaeu_qa.answering.wording import OFF_TOPIC
from eaeu_qa.records import RetrievedPassage
from eaeu_qa.settings import Settings

# Generic questions outside the documents' subject (not from any eval set): nothing in the corpus comes near them.
OFF_TOPIC_QUESTIONS = ["How do I bake bread?", "What is photosynthesis?", "How do I fix a flat bicycle tire?"]
# Answerable questions in lay or broken English, far in wording from the treaties' language: not the gate's to refuse
# (the evidence model may still judge them; the gate must not).
LAY_QUESTIONS = [
    "my husband works in moscow, can our children see a doctor for free?",
    "my wife and kids not working, can they get the medical insurance in russia??",
    "can my son go to school in russia if i work there?",
]


@pytest.mark.parametrize("question", OFF_TOPIC_QUESTIONS)
def test_a_question_outside_the_documents_is_refused_plainly(qa_chain, question):
    answer = qa_chain.ask(question)
    assert answer.refusal == "off_topic"
    assert answer.answer.startswith(OFF_TOPIC) and not answer.citations  # no unrelated passage shown


@pytest.mark.parametrize("question", LAY_QUESTIONS)
def test_a_lay_question_about_the_documents_subject_is_not_refused_by_the_gate(qa_chain, question):
    assert qa_chain.ask(question).refusal != "off_topic"


def test_the_gate_is_the_best_similarity_below_its_level_and_never_for_an_upload(make_chunk):
    level = Settings().off_topic_similarity
    assert 0 < level < Settings().nearby_similarity
    corpus = [RetrievedPassage(1, make_chunk("Text of the treaty."), 0.0)]
    upload = [RetrievedPassage(1, make_chunk("A user's own file.", source_id="upload-notes"), 0.0)]
    assert off_topic(level - 0.01, corpus, level)
    assert not off_topic(level + 0.01, corpus, level)
    assert not off_topic(level - 0.01, upload + corpus, level)  # an upload may be about anything
    assert not off_topic(0.0, [], level)  # no passages: the weak-evidence refusal's case
    assert not off_topic(level - 0.01, corpus, 0.0)  # 0 = off


def test_the_gates_level_is_a_setting_that_reaches_the_answerer(settings, retriever, qa_chain):
    """Settings.off_topic_similarity has an env override; at 0 the gate is off and the evidence model decides."""
    import dataclasses

    from eaeu_qa.answering import extractive
    from eaeu_qa.answering.base import AnswerRequest

    assert Settings.from_env({"EAEU_QA_OFF_TOPIC_SIMILARITY": "0.2"}).off_topic_similarity == 0.2
    question = OFF_TOPIC_QUESTIONS[0]
    passages = retriever.search(question, k=8)
    reasons = []
    for level in (settings.off_topic_similarity, 0.0):
        answerer = extractive.ExtractiveAnswerer(dataclasses.replace(settings, off_topic_similarity=level),
                                                 qa_chain.answerer.corpus_chunks)
        answerer.attach(qa_chain.answerer._handles)
        reasons.append(answerer.answer(AnswerRequest(question, question, passages)).signals.get("reason", ""))
    assert reasons[0] == "off_topic" and reasons[1] != "off_topic"
