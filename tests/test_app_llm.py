"""The app's Answerer choice and the LLM failure path, run by Streamlit's AppTest (no browser, no model)."""

from __future__ import annotations

import socket

QUESTION = "What does Article 98 of the EAEU Treaty say about medical care for workers' family members?"


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def test_without_a_model_only_the_extractive_answerer_is_offered(start_app, app_env):
    at = start_app(app_env)
    choice = at.sidebar.selectbox(key="answerer")
    assert choice.options == ["Extractive (quotes the passages)"] and choice.disabled


def test_with_the_model_down_the_chat_warns_and_shows_the_extractive_answer(start_app, app_env):
    url = _closed_port_url()
    at = start_app(dict(app_env, EAEU_QA_LLM_BASE_URL=url, EAEU_QA_LLM_MODEL="m"))
    choice = at.sidebar.selectbox(key="answerer")
    assert not choice.disabled and choice.options[1] == f"Language model: m at {url}"
    choice.set_value("llm").run()
    assert not at.exception
    at.chat_input[0].set_value(QUESTION).run()
    assert not at.exception, at.exception
    warnings = [w.value for w in at.warning]
    assert any("could not be reached" in w and "this is the extractive answer" in w for w in warnings), warnings
    assert any("[1]" in m.value for m in at.markdown)  # the extractive answer with its markers and cards
    assert not at.error
