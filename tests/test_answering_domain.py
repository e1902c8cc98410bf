"""The off-topic gate's written support (domain.written_support) and its condition (answerability.far_words)."""

import dataclasses

import pytest

from eaeu_qa.answering.answerability import far_words, off_topic
from eaeu_qa.answering.wording import OFF_TOPIC
from eaeu_qa.records import RetrievedPassage
from eaeu_qa.settings import Settings

# Written for these tests (not from any eval set): a general-knowledge question whose words the corpus writes in
# another sense ("capital": the article's capital and labour), one carrying a member state's name, and a request whose
# words apart from a name the corpus never writes.
FAR_WORDED = ["What is the capital of France?", "What is the capital of Armenia?",
              "Does the EAEU have a football team?"]
# Questions the documents answer, in the documents' words and in lay words.
ANSWERED = ["Where is the Court of the EAEU?", "What does Article 98 say about family members of workers?",
            "my husband works in moscow, can our children see a doctor for free?"]


def support_of(qa_chain, monkeypatch, text: str) -> float | None:
    """written_support of `text` with its names left out, as the answerer records it for the gate ("common_support")
    on the units of the passages the chain retrieves for it (None: not recorded)."""
    signals = []
    answer = qa_chain.answerer.answer

    def recorded(request):
        composed = answer(request)
        signals.append(composed.signals)
        return composed

    monkeypatch.setattr(qa_chain.answerer, "answer", recorded)
    qa_chain.ask(text)
    monkeypatch.undo()
    return signals[-1].get("common_support")


def test_the_support_reads_how_near_the_units_holding_the_words_come(qa_chain, monkeypatch):
    """A word the corpus writes only far from the question ("capital") supports it little, names left out or not
    among them; a question the documents answer finds its words near it; words the corpus never writes give 0."""
    far = [support_of(qa_chain, monkeypatch, q) for q in FAR_WORDED]
    near = [support_of(qa_chain, monkeypatch, q) for q in ANSWERED]
    assert max(far) < 0.1 < 0.25 < min(near)
    assert far[2] == 0.0  # "football", "team": the corpus writes neither


def test_the_condition_needs_both_signals_under_their_levels(make_chunk):
    """far_words inside off_topic: refused under both levels, not at either, not with either at 0, not unread, not for
    a turn that points back; before the lexical veto (the words are the corpus's, in another sense)."""
    corpus = [RetrievedPassage(1, make_chunk("Text of the treaty."), 0.0)]
    assert far_words(0.05, 0.1, 0.4, 0.5) and not far_words(0.1, 0.1, 0.4, 0.5) and not far_words(0.05, 0.1, 0.5, 0.5)
    assert not far_words(0.05, 0.0, 0.4, 0.5) and not far_words(0.05, 0.1, 0.4, 0.0)
    assert not far_words(None, 0.1, 0.4, 0.5) and not far_words(0.05, 0.1, None, 0.5)

    def refused(points_back=False, upload=False):
        passages = [RetrievedPassage(1, make_chunk("Text.", source_id="upload-1"), 0.0)] if upload else corpus
        return off_topic(0.5, 0.4, passages, 0.155, 0.319, 0.45, points_back, lexical=1.0, lexical_level=0.7,
                         support=0.05, support_level=0.1, support_domain_level=0.5)

    assert refused() and not refused(points_back=True) and not refused(upload=True)
    assert Settings.from_env({"EAEU_QA_OFF_TOPIC_SUPPORT": "0"}).off_topic_support == 0.0


@pytest.mark.parametrize("question", FAR_WORDED)
def test_a_question_in_the_corpus_words_taken_elsewhere_is_refused(qa_chain, settings, retriever, question):
    """Through the real chain: answered with the levels at 0 (main's gate before them), refused plainly with them."""
    from eaeu_qa.chain import QAChain

    assert settings.off_topic_support > 0 and settings.off_topic_support_domain > 0
    answer = qa_chain.ask(question)
    assert answer.refusal == "off_topic" and not answer.citations and answer.answer.startswith(OFF_TOPIC)
    off = QAChain(dataclasses.replace(settings, off_topic_support=0.0), retriever).ask(question)
    assert off.refusal != "off_topic"


@pytest.mark.parametrize("question", ANSWERED)
def test_a_question_the_documents_answer_is_not_refused_by_the_condition(qa_chain, question):
    assert qa_chain.ask(question).refusal != "off_topic"
