"""The app in Chromium with the LLM answerer against the real local llama.cpp server.

The app in Chromium with the LLM answerer against the real local llama.cpp server (SmolLM2-135M):
the model's tokens reach the chat as they are generated, and the citation cards come when it is done."""

from __future__ import annotations

import contextlib
import time

import pytest

from eaeu_qa.llm.local import MODEL_ALIAS
from eaeu_qa.ui import wording
from test_browser import (ANSWER_TIMEOUT_MS, ARTIFACTS, _ask, _context, _env, _gated_serve,  # tests/ on sys.path
                          _wait_for_answers, browser)  # noqa: F401 - the Chromium fixture

pytestmark = pytest.mark.browser

QUESTION = "Where is the seat of the Court of the Eurasian Economic Union?"
SECOND_QUESTION = "What does Article 98 of the EAEU Treaty say about the family members of workers?"
POLL_S = 0.15
LLM_TIMEOUT_S = 240
# An LLM answer comes within the app's own model timeout (then the extractive answer stands in), plus the search:
# wait that long, not the extractive answers' 180 s (a loaded machine once took longer than 180 s).
LLM_ANSWER_TIMEOUT_MS = (LLM_TIMEOUT_S + 120) * 1000


def _llm_env(settings, data_dir, llama_server) -> dict[str, str]:
    """The app with a language model configured (so the sidebar offers it), default answerer extractive."""
    return dict(_env(settings, settings.index_dir, data_dir), EAEU_QA_LLM_BASE_URL=llama_server,
                EAEU_QA_LLM_MODEL=MODEL_ALIAS, EAEU_QA_LLM_MAX_TOKENS="120", EAEU_QA_LLM_TIMEOUT_S=str(LLM_TIMEOUT_S))


@pytest.fixture
def gated_llm_server(settings, index_handle, llama_server, tmp_path):
    """The app, with the language model configured, through tests/answer_gate.py; yields (url, gate, end gate)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with _gated_serve(_llm_env(settings, tmp_path / "data", llama_server), ARTIFACTS / "streamlit-llm-gated.log",
                      tmp_path) as served:
        yield served


def _choose_llm(page) -> None:
    sidebar = page.get_by_test_id("stSidebar")
    select = sidebar.get_by_test_id("stSelectbox")
    select.click()
    page.get_by_role("option", name="Language model").click()
    page.screenshot(path=str(ARTIFACTS / "llm-00-answerer-chosen.png"))
    shown = lambda: select.inner_text() + " ".join(i.input_value() for i in select.locator("input").all())  # noqa: E731
    deadline = time.monotonic() + 30
    while "Language model" not in shown() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "Language model" in shown(), shown()



@contextlib.contextmanager
def _llm_page(url: str, browser):
    """A fresh browser page on the app with the language model chosen as the answerer."""
    context = _context(browser)
    try:
        page = context.new_page()
        page.goto(url)
        page.get_by_test_id("stChatInputTextArea").wait_for()
        _choose_llm(page)
        yield page
    finally:
        context.close()


# Samples, every 25 ms in the page, of the streamed draft's text length and the number of citation cards in the
# last chat message (the answer being written, then the finished one).
RECORDER = """() => { window.__samples = []; setInterval(() => {
  const draft = document.querySelector('.eaeu-draft');
  const messages = document.querySelectorAll('[data-testid="stChatMessage"]');
  const last = messages[messages.length - 1];
  window.__samples.push([draft ? draft.innerText.length : -1,
                         last ? last.querySelectorAll('.eaeu-card-title').length : 0]); }, 25); }"""


def test_llm_tokens_appear_progressively_then_the_citation_cards(gated_llm_server, browser):
    url, gate, _ = gated_llm_server
    with _llm_page(url, browser) as page:
        # A first answer waits at the gate after the model's first piece, so the Stop button and the streaming
        # screenshot are certainly caught while the model writes (unheld, SmolLM2 writes its 120 tokens in 1-3 s,
        # and a loaded test process could look only once it was done).
        gate.touch()
        _ask(page, QUESTION)
        page.get_by_role("button", name="Stop").wait_for(timeout=LLM_ANSWER_TIMEOUT_MS)  # there while the model writes
        page.locator(".eaeu-draft").wait_for(timeout=LLM_ANSWER_TIMEOUT_MS)
        page.screenshot(path=str(ARTIFACTS / "llm-streaming-1.png"))
        gate.unlink()
        _wait_for_answers(page, 1, LLM_ANSWER_TIMEOUT_MS)
        # A second answer, not held (the held one's tokens piled up meanwhile), in a new conversation (so the
        # model's prompt carries no earlier turn), is recorded in the page itself, whatever the test process's
        # load: its draft grows piece by piece and gives way to the citation cards.
        page.get_by_test_id("stSidebar").get_by_role("button", name=wording.NEW_CONVERSATION).click()
        page.get_by_test_id("stChatMessage").first.wait_for(state="detached", timeout=ANSWER_TIMEOUT_MS)
        page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=ANSWER_TIMEOUT_MS)
        page.evaluate(RECORDER)
        _ask(page, SECOND_QUESTION)
        _wait_for_answers(page, 1, LLM_ANSWER_TIMEOUT_MS)
        samples = page.evaluate("window.__samples")
        first_draft = next((i for i, (length, _) in enumerate(samples) if length > 0), None)
        assert first_draft is not None, "no draft was seen while the second answer was written"
        first_card = next((i for i in range(first_draft, len(samples)) if samples[i][1]), len(samples))
        lengths = [length for length, _ in samples[first_draft:first_card] if length > 0]
        steps = [b for a, b in zip(lengths, lengths[1:]) if b != a]
        assert len(steps) >= 3, f"the draft did not grow piece by piece before the cards: {sorted(set(lengths))}"
        assert all(b > a for a, b in zip(lengths, lengths[1:]) if b != a), "the draft only grows"
        assert all(length <= 0 for length, _ in samples[first_card:]), "the draft is gone once the cards show"
        assert page.locator(".eaeu-draft").count() == 0
        assert "Traceback" not in page.content()
        page.screenshot(path=str(ARTIFACTS / "llm-answered.png"), full_page=True)
        for answer in page.get_by_test_id("stChatMessage").all()[1::2]:
            if "Not in the documents" not in answer.inner_text():  # a refusal has no sources; others show cards
                assert answer.locator(".eaeu-card-title").count() >= 1, answer.inner_text()


def test_the_stop_button_ends_the_answer_with_a_message_and_no_traceback(gated_llm_server, browser):
    url, gate, _ = gated_llm_server
    with _llm_page(url, browser) as page:
        # The answer waits at the gate once the model's first piece is shown, so the click certainly lands while
        # the model is writing. (Without it SmolLM2 wrote its 120 tokens in 1-3 s, while Playwright's click waited
        # for the Stop button, pushed down by the growing draft, to stand still: on a loaded CI machine the click
        # reached the app after the answer was done, and "You stopped" never came.)
        gate.touch()
        _ask(page, "What does Article 98 of the EAEU Treaty say about social security?")
        page.locator(".eaeu-draft").first.wait_for(timeout=LLM_ANSWER_TIMEOUT_MS)  # the model is writing
        page.get_by_role("button", name="Stop").click()
        page.get_by_text("You stopped the answer").wait_for(timeout=60_000)
        gate.unlink()
        page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=60_000)
        for _ in range(100):  # the interrupted run's elements go once the rerun has drawn the page
            if page.locator(".eaeu-draft").count() == 0:
                break
            time.sleep(0.1)
        page.screenshot(path=str(ARTIFACTS / "llm-stopped.png"))
        assert page.locator(".eaeu-draft").count() == 0 and page.locator(".eaeu-card-title").count() == 0, \
            page.get_by_test_id("stChatMessage").all_inner_texts()
        assert "Traceback" not in page.content()
        _ask(page, QUESTION)  # the app still answers after a stop
        _wait_for_answers(page, 1, LLM_ANSWER_TIMEOUT_MS)
