"""The LLM answerer through the chain and the CLI: endpoint down, slow, garbage -> extractive answer and a message."""

from __future__ import annotations

import dataclasses
import json
import socket
import subprocess
import sys

import pytest

from eaeu_qa.answering import ANSWERERS, AnswerRequest, ComposedAnswer
from eaeu_qa.chain import QAChain
from eaeu_qa.llm import prompts as P
from eaeu_qa.llm.answerer import LLMAnswerer, format_history
from eaeu_qa.llm.client import llm_configured
from eaeu_qa.evaluation import supported_sentences
from llm_double import Script

QUESTION = "Where is the seat of the Court of the Eurasian Economic Union?"


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"  # nothing listens there once the socket is closed


@pytest.fixture(scope="module")
def extractive_text(qa_chain) -> str:
    return qa_chain.ask(QUESTION).answer


def _chain(settings, retriever, **llm) -> QAChain:
    llm_settings = dataclasses.replace(settings, answerer="llm", llm_model="double", **llm)
    return QAChain(llm_settings, retriever)


def test_llm_is_in_the_registry_and_needs_configuration(settings):
    assert "llm" in ANSWERERS
    assert not llm_configured(dataclasses.replace(settings, llm_base_url="", ollama_model=""))
    assert llm_configured(dataclasses.replace(settings, llm_base_url="http://127.0.0.1:1/v1"))
    assert llm_configured(dataclasses.replace(settings, llm_base_url="", ollama_model="smollm2"))


def test_not_configured_gives_the_extractive_answer_and_says_why(settings, retriever, extractive_text):
    answer = _chain(settings, retriever, llm_base_url="", ollama_model="").ask(QUESTION)
    assert answer.answer == extractive_text and answer.answerer == "extractive"
    assert answer.note.startswith(P.NOTE_NOT_CONFIGURED)  # then the extractive answer's own note, if any


def test_endpoint_down(settings, retriever, extractive_text):
    url = _closed_port_url()
    answer = _chain(settings, retriever, llm_base_url=url).ask(QUESTION)
    assert answer.answer == extractive_text and answer.answerer == "extractive"
    assert answer.note.startswith(f"The language model double at {url} could not be reached")
    assert answer.note.startswith(answer.verification.fallback)  # then the extractive answer's own note, if any


def test_endpoint_slow_hits_the_timeout(settings, retriever, llm_double, extractive_text):
    llm_double.script = Script(text="Minsk [1].", mode="slow", delay_s=4.0)
    answer = _chain(settings, retriever, llm_base_url=llm_double.base_url, llm_timeout_s=1.0).ask(QUESTION)
    assert answer.answer == extractive_text
    assert answer.note.startswith(P.NOTE_TIMEOUT.format(endpoint=f"double at {llm_double.base_url}", seconds=1.0))


def test_endpoint_that_trickles_past_the_deadline_is_cut_off(settings, retriever, llm_double, extractive_text):
    llm_double.script = Script(text="The seat of the Court is in the city of Minsk [1]. " * 5, piece=4, delay_s=0.2)
    answer = _chain(settings, retriever, llm_base_url=llm_double.base_url, llm_timeout_s=1.5).ask(QUESTION)
    assert answer.answer == extractive_text
    assert "took longer than 1.5 s" in answer.note


@pytest.mark.parametrize("mode", ["garbage", "error"])
def test_endpoint_returning_garbage_or_failing(settings, retriever, llm_double, extractive_text, mode):
    llm_double.script = Script(text="The seat of the Court shall be the city of Minsk [1]. " * 3, mode=mode)
    answer = _chain(settings, retriever, llm_base_url=llm_double.base_url).ask(QUESTION)
    assert answer.answer == extractive_text and answer.answerer == "extractive"
    assert answer.note.startswith(f"The language model double at {llm_double.base_url}")
    assert "this is the extractive answer" in answer.note


def test_answerer_streams_the_tokens_then_the_chain_records_the_verification(settings, retriever, llm_double):
    chain = _chain(settings, retriever, llm_base_url=llm_double.base_url)
    passages = retriever.search(QUESTION, k=8)
    sentence = next(s for s in passages[0].chunk.text.split(". ") if "Minsk" in s or len(s.split()) > 6)
    llm_double.script = Script(text=f"{sentence.strip().rstrip('.')} [1].", piece=5)
    request = AnswerRequest(question=QUESTION, standalone=QUESTION, passages=passages)
    *pieces, composed = list(chain.answerer.stream(request))
    assert len(pieces) > 3 and all(isinstance(p, str) for p in pieces)
    assert isinstance(composed, ComposedAnswer) and composed.verification.supported == 1
    *tokens, final = list(chain.stream(QUESTION))  # the chain streams the model's tokens, then the Answer
    assert len(tokens) > 3 and "".join(tokens) == llm_double.script.text
    assert final.answerer == "llm" and final.citations
    assert final.verification.supported == 1
    assert set(final.timings_ms) == {"condense", "retrieve", "answer", "total"}
    record = json.loads(json.dumps(final.to_dict()))
    assert record["answerer"] == "llm" and record["verification"]["sentences"][0]["verdict"] == "supported"
    assert supported_sentences(record) == 1.0
    assert supported_sentences({"answer": "x", "verification": None}) is None


def test_the_question_reaches_the_prompt_and_history_is_formatted(settings, retriever, llm_double):
    llm_double.script = Script(text=P.REFUSAL_SENTENCE)
    chain = _chain(settings, retriever, llm_base_url=llm_double.base_url)
    answer = chain.ask(QUESTION)
    assert answer.answerable is False and answer.verification.refused
    assert f"Question: {QUESTION}" in llm_double.requests[-1]["messages"][1]["content"]
    text = format_history([{"question": "Q one?", "answer": "A one [1]."}, "Q two?"])
    assert text == "User: Q one?\nAssistant: A one [1].\nUser: Q two?"
    assert format_history([]) == P.HISTORY_EMPTY


def test_prompts_can_be_overridden_from_a_file(settings, retriever, tmp_path):
    custom = tmp_path / "prompts.toml"
    custom.write_text('refusal = "Nothing in the file says so."\n', encoding="utf-8")
    answerer = LLMAnswerer(dataclasses.replace(settings, llm_prompts=custom), retriever.chunks)
    assert answerer.prompts.refusal == "Nothing in the file says so."
    custom.write_text('refusl = "typo"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown keys"):
        LLMAnswerer(dataclasses.replace(settings, llm_prompts=custom), retriever.chunks)


def test_cli_ask_with_the_llm_down_prints_the_fallback_and_no_traceback(cli_env):
    env = dict(cli_env, EAEU_QA_LLM_BASE_URL=_closed_port_url(), EAEU_QA_LLM_MODEL="m")
    result = subprocess.run([sys.executable, "-m", "eaeu_qa.cli", "ask", QUESTION, "--answerer", "llm", "--json"],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    record = json.loads(result.stdout)
    assert record["answerer"] == "extractive" and "could not be reached" in record["note"]
    assert record["note"].startswith(record["verification"]["fallback"])
    plain = subprocess.run([sys.executable, "-m", "eaeu_qa.cli", "ask", QUESTION, "--answerer", "llm"],
                           env=env, capture_output=True, text=True, timeout=300)
    assert plain.returncode == 0 and "Note: The language model m at" in plain.stdout


class _Recorder:
    """A LangChain callback handler that records which runs started (the chain's steps, the retriever)."""

    def __init__(self):
        from langchain_core.callbacks import BaseCallbackHandler

        events = self.events = []

        class Handler(BaseCallbackHandler):
            def on_chain_start(self, serialized, inputs, **kwargs):
                events.append(("chain", kwargs.get("name")))

            def on_retriever_start(self, serialized, query, **kwargs):
                events.append(("retriever", query))

            def on_chat_model_start(self, serialized, messages, **kwargs):
                events.append(("chat_model", len(messages[0])))

        self.handler = Handler()


def test_callbacks_see_the_retriever_and_the_streaming_chat_model(settings, retriever, llm_double):
    llm_double.script = Script(text="The seat of the Court is Minsk [1].", piece=4)
    chain = _chain(settings, retriever, llm_base_url=llm_double.base_url)
    recorder = _Recorder()
    state = {"question": QUESTION, "history": [], "k": None}
    items = list(chain.runnable.stream(state, config={"callbacks": [recorder.handler]}))
    assert [kind for kind, _ in recorder.events].count("retriever") == 1
    assert ("retriever", QUESTION) in recorder.events
    assert {"condense", "retrieve", "answer"} <= {name for kind, name in recorder.events if kind == "chain"}
    assert any(kind == "chat_model" for kind, _ in recorder.events)  # the model's run is a child of the chain's
    assert sum(isinstance(i, str) for i in items) > 3


def test_stopping_the_stream_closes_the_model_stream(settings, retriever, llm_double):
    llm_double.script = Script(text="The seat of the Court is in the city of Minsk [1]. " * 20, piece=3, delay_s=0.05)
    chain = _chain(settings, retriever, llm_base_url=llm_double.base_url, llm_timeout_s=30.0)
    stream = chain.stream(QUESTION)
    first = [next(stream) for _ in range(3)]
    assert all(isinstance(p, str) for p in first)
    stream.close()  # what the app's Stop button does: no exception, no Answer
    with pytest.raises(StopIteration):
        next(stream)


def test_the_conversation_so_far_reaches_the_prompt(settings, retriever, llm_double):
    llm_double.script = Script(text=P.REFUSAL_SENTENCE)
    chain = _chain(settings, retriever, llm_base_url=llm_double.base_url, llm_history_turns=2)
    history = [{"question": "Which court is this about?", "answer": "The Court of the EAEU [1]."},
               {"question": "Who are the parties?", "answer": "Kyrgyzstan and Russia [1]."},
               {"question": "When was the Treaty signed?", "answer": "On 29 May 2014 [1]."}]
    chain.ask(QUESTION, history=history)
    prompt = llm_double.requests[-1]["messages"][1]["content"]
    assert "User: Who are the parties?\nAssistant: Kyrgyzstan and Russia [1]." in prompt
    assert "User: When was the Treaty signed?" in prompt
    assert "Which court is this about?" not in prompt  # only the last llm_history_turns turns
    chain = _chain(settings, retriever, llm_base_url=llm_double.base_url, llm_history_turns=0)
    chain.ask(QUESTION, history=history)
    assert f"Conversation so far:\n{P.HISTORY_EMPTY}" in llm_double.requests[-1]["messages"][1]["content"]


def test_cli_ask_stream_prints_the_draft_to_stderr_and_the_verified_answer_to_stdout(cli_env, llm_double):
    llm_double.script = Script(text="Bananas grow on the moon [1]. " * 2, piece=4)
    env = dict(cli_env, EAEU_QA_LLM_BASE_URL=llm_double.base_url, EAEU_QA_LLM_MODEL="double")
    result = subprocess.run([sys.executable, "-m", "eaeu_qa.cli", "ask", QUESTION, "--answerer", "llm", "--stream"],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Bananas grow on the moon [1]." in result.stderr  # the draft, as the model wrote it
    assert "Bananas" not in result.stdout  # unsupported: removed, the extractive answer stands in
    assert "None of the language model's sentences was supported" in result.stdout
