"""The app in Chromium with the LLM answerer against the real local llama.cpp server (SmolLM2-135M):
the model's tokens reach the chat as they are generated, and the citation cards come when it is done."""

from __future__ import annotations

import time

import pytest

from eaeu_qa.llm.local import MODEL_ALIAS
from test_browser import ANSWER_TIMEOUT_MS, ARTIFACTS, _ask, _env, _serve, _wait_for_answers  # tests/ is on sys.path

pytestmark = pytest.mark.browser

QUESTION = "Why did Kyrgyzstan take Russia to the EAEU Court?"
POLL_S = 0.15


@pytest.fixture(scope="module")
def llm_server_url(settings, index_handle, llama_server, tmp_path_factory):
    """The app with a language model configured (so the sidebar offers it), default answerer extractive."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    data_dir = tmp_path_factory.mktemp("browser-llm-data")
    env = dict(_env(settings, settings.index_dir, data_dir), EAEU_QA_LLM_BASE_URL=llama_server,
               EAEU_QA_LLM_MODEL=MODEL_ALIAS, EAEU_QA_LLM_MAX_TOKENS="120", EAEU_QA_LLM_TIMEOUT_S="240")
    with _serve(env, ARTIFACTS / "streamlit-llm.log") as url:
        yield url


def _choose_llm(page) -> None:
    sidebar = page.get_by_test_id("stSidebar")
    select = sidebar.get_by_test_id("stSelectbox")
    select.click()
    page.get_by_role("option", name="Language model").click()
    sidebar.get_by_text("Language model:").wait_for()


def test_llm_tokens_appear_progressively_then_the_citation_cards(llm_server_url, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(llm_server_url)
        page.get_by_test_id("stChatInputTextArea").wait_for()
        _choose_llm(page)
        _ask(page, QUESTION)
        draft, cards, done = page.locator(".eaeu-draft"), page.locator(".eaeu-card-title"), page.get_by_test_id("stPopover")
        page.get_by_role("button", name="Stop").wait_for(timeout=60_000)  # the stop button is there while it writes
        lengths: list[int] = []
        shots = 0
        deadline = time.monotonic() + ANSWER_TIMEOUT_MS / 1000
        while time.monotonic() < deadline and done.count() == 0:
            if cards.count():
                break
            if draft.count():
                try:
                    length = len(draft.first.inner_text(timeout=1000))
                except Exception:  # noqa: BLE001 - the draft was replaced by the final answer between calls
                    length = -1
                if length > 0 and (not lengths or length != lengths[-1]):
                    lengths.append(length)
                    if shots == 0 or (shots == 1 and len(lengths) >= 6):
                        shots += 1
                        page.screenshot(path=str(ARTIFACTS / f"llm-streaming-{shots}.png"))
            time.sleep(POLL_S)
        growing = [b for a, b in zip(lengths, lengths[1:]) if b > a]
        assert len(growing) >= 3, f"the draft did not grow token by token before the cards: {lengths}"
        assert lengths == sorted(lengths), lengths
        _wait_for_answers(page, 1)
        assert page.locator(".eaeu-draft").count() == 0
        assert cards.count() >= 1  # the verified answer (or the extractive fallback) with its citation cards
        assert "Traceback" not in page.content()
        page.screenshot(path=str(ARTIFACTS / "llm-answered.png"), full_page=True)
    finally:
        context.close()


def test_the_stop_button_ends_the_answer_with_a_message_and_no_traceback(llm_server_url, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(llm_server_url)
        page.get_by_test_id("stChatInputTextArea").wait_for()
        _choose_llm(page)
        _ask(page, "What does Article 98 of the EAEU Treaty say about social security?")
        page.locator(".eaeu-draft").first.wait_for(timeout=ANSWER_TIMEOUT_MS)  # the model is writing
        page.get_by_role("button", name="Stop").click()
        page.get_by_text("You stopped the answer").wait_for(timeout=60_000)
        page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=60_000)
        assert page.locator(".eaeu-draft").count() == 0 and page.locator(".eaeu-card-title").count() == 0
        assert "Traceback" not in page.content()
        page.screenshot(path=str(ARTIFACTS / "llm-stopped.png"))
        _ask(page, QUESTION)  # the app still answers after a stop
        _wait_for_answers(page, 1)
    finally:
        context.close()
