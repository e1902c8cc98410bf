"""The chain: LCEL composition, follow-ups through retrieval, streaming contract, question validation."""

import pytest
from langchain_core.runnables import Runnable

from eaeu_qa.answering import AnswerRequest, Answerer, ComposedAnswer
from eaeu_qa.chain import MIN_RETRIEVED, InvalidQuestion, QAChain, validate_question
from eaeu_qa.records import Answer


def test_chain_is_a_langchain_runnable(qa_chain):
    assert isinstance(qa_chain.runnable, Runnable)


def test_ask_fills_every_stage(qa_chain):
    answer = qa_chain.ask("Where is the Court of the EAEU based?")
    assert answer.answerable
    assert "Minsk" in answer.answer
    assert len(answer.retrieved) >= MIN_RETRIEVED
    assert set(answer.timings_ms) == {"condense", "retrieve", "answer", "total"}
    assert answer.timings_ms["total"] >= answer.timings_ms["retrieve"]


def test_follow_up_is_condensed_before_retrieval(qa_chain):
    history = ["Does the EAEU Treaty give migrant workers' families social insurance on the same terms as citizens?"]
    answer = qa_chain.ask("Which article says that?", history=history)
    assert answer.standalone_question != answer.question
    assert "social insurance" in answer.standalone_question
    assert answer.answerable
    assert "Article 98(3) of the EAEU Treaty" in answer.answer


def test_follow_up_about_an_annex_is_refused_with_a_pointer(qa_chain):
    history = ["What does Article 98(4) say about emergency medical care for migrants?"]
    answer = qa_chain.ask("And what does that annex list?", history=history)
    assert not answer.answerable
    assert "Annex 30" in answer.answer
    assert any(c.locator == "Art. 98(4)" for c in answer.citations)


def test_stream_yields_text_pieces_then_the_answer(qa_chain):
    items = list(qa_chain.stream("Do EAEU workers need a permit to work in another member State?"))
    *pieces, final = items
    assert isinstance(final, Answer)
    assert pieces and all(isinstance(p, str) for p in pieces)
    assert "".join(pieces) == final.answer


@pytest.mark.parametrize("question, message", [("", "type a question"), ("   \n", "type a question"),
                                               ("x" * 5000, "characters long"), ("\x00", "only control characters"),
                                               ("\x00\x01\x1b\x7f\x07 \x00", "only control characters"),
                                               ("?", "no words"), (" ?! … ", "no words")])
def test_bad_questions_get_a_message(qa_chain, question, message):
    with pytest.raises(InvalidQuestion, match=message):
        qa_chain.ask(question)


def test_validate_question_trims(settings):
    assert validate_question("  Where is Minsk?  ", settings) == "Where is Minsk?"
    assert validate_question("Where\x00 is\x1b Minsk?\x00", settings) == "Where is Minsk?"


class _EchoAnswerer(Answerer):
    """Test double beside the real-answerer tests above: proves the answerer slot is swappable."""

    name = "echo"

    def answer(self, request: AnswerRequest) -> ComposedAnswer:
        return ComposedAnswer(sentences=[f"{len(request.passages)} passages for: {request.standalone}"],
                              citations=[], answerable=True)


def test_answerer_can_be_replaced_without_touching_retrieval(settings, retriever):
    chain = QAChain(settings, retriever, answerer=_EchoAnswerer())
    history = [{"question": "Which court hears EAEU disputes?", "answer": "The Court of the EAEU [1]."}]
    answer = chain.ask("And its seat?", history=history)
    assert answer.answer == f"{MIN_RETRIEVED} passages for: What about the seat of the Court of the EAEU?"


def test_a_follow_up_is_resolved_against_the_previous_answer(qa_chain):
    history = ["How does the Kyrgyz accession treaty say disputes about it are to be resolved?"]
    answer = qa_chain.ask("And what does that article of the EAEU Treaty require?", history=history)
    assert "Article 112" in answer.standalone_question and "that article" not in answer.standalone_question
    assert any(c.locator.startswith("Art. 112") and c.source_id == "eaeu_treaty" for c in answer.citations)


def test_string_history_is_replayed_like_the_live_chat(qa_chain):
    first = qa_chain.ask("What does Article 98(4) of the EAEU Treaty say about emergency medical care?")
    live = qa_chain.ask("So what does that annex require?", history=[
        {"question": first.question, "answer": first.answer, "citations": [c.to_dict() for c in first.citations]}])
    replayed = qa_chain.ask("So what does that annex require?", history=[first.question])
    assert live.standalone_question == replayed.standalone_question == "What does Annex 30 require?"
    assert live.answer == replayed.answer and not replayed.answerable


def test_a_long_chat_uses_its_recent_turns_and_bad_history_is_a_message(qa_chain, settings):
    earlier = [{"question": "What is the EAEU?", "answer": "An international organization."}] * 50
    recent = {"question": "Where is the Court of the EAEU based?", "answer": "In Minsk [1].",
              "citations": ["Art. 19(3)"]}
    answer = qa_chain.ask("Who appoints its judges?", history=[*earlier, recent])
    assert "Court of the EAEU" in answer.standalone_question
    with pytest.raises(InvalidQuestion, match="history"):
        qa_chain.ask("And then?", history=[{"answer": "no question"}])
    with pytest.raises(InvalidQuestion, match="characters long"):
        qa_chain.ask("And then?", history=["x" * (settings.max_question_chars + 1)])


def test_a_50_mb_history_entry_in_process_is_refused_with_the_limit(qa_chain):
    with pytest.raises(InvalidQuestion, match="Earlier question 1 is 50,000,024 characters long"):
        qa_chain.ask("And what about pensions?", history=["Why did Kyrgyzstan sue? " + "x" * 50_000_000])
