"""End to end: `streamlit run app.py` on a free port, driven by Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
import urllib.request
from pathlib import Path

import pytest

from eaeu_qa.settings import PROJECT_ROOT

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ANSWER_TIMEOUT_MS = 180_000
REBUILD_TIMEOUT_MS = 600_000
QUESTION = "What does Article 98 of the EAEU Treaty say about medical care for workers' family members?"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"streamlit did not become healthy in {timeout_s} s:\n{log.read_text()[-3000:]}")


@contextmanager
def _serve(env: dict[str, str], log: Path):
    """`streamlit run app.py` on a free port until the block ends; yields the base URL."""
    port = _free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=PROJECT_ROOT, env=dict(os.environ, **env), stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _env(settings, index_dir: Path, data_dir: Path) -> dict[str, str]:
    env = {"HF_HUB_OFFLINE": "1", "EAEU_QA_INDEX_DIR": str(index_dir), "EAEU_QA_CACHE_DIR": str(settings.cache_dir),
           "EAEU_QA_DATA_DIR": str(data_dir)}
    if settings.sources:
        env["EAEU_QA_SOURCES"] = str(settings.sources)
    return env


@pytest.fixture(scope="module")
def server(settings, index_handle, tmp_path_factory):
    """The real app in its own process, on the session index, with a fresh data folder."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = _env(settings, settings.index_dir, tmp_path_factory.mktemp("browser-data"))
    with _serve(env, ARTIFACTS / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing; run `make browser-deps` (scripts/install-browser.sh).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield context.new_page()
    context.close()


def _ask(page, question: str) -> None:
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")


def _wait_for_answers(page, count: int) -> None:
    """Wait until `count` answers are fully rendered: each finished answer ends with its Feedback button."""
    page.get_by_test_id("stPopover").nth(count - 1).wait_for(timeout=ANSWER_TIMEOUT_MS)
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=ANSWER_TIMEOUT_MS)


def _chat_text(page) -> str:
    return "\n".join(page.get_by_test_id("stChatMessage").all_inner_texts())


def test_ask_and_check_a_citation_in_the_browser(server, page):
    page.goto(server)
    page.get_by_text("Kyrgyzstan v. Russia at the EAEU Court").wait_for()
    page.screenshot(path=str(ARTIFACTS / "01-empty.png"))
    _ask(page, QUESTION)
    _wait_for_answers(page, 1)
    marks = page.locator(".eaeu-passage mark")
    marks.first.wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert marks.count() >= 1 and marks.first.inner_text().strip()
    assert re.search(r"\[1\]", _chat_text(page))
    assert page.get_by_text(re.compile(r"^\[1\] .+, .+")).count() >= 1
    assert "CC BY-NC 4.0" in page.inner_text("body")
    page.get_by_test_id("stChatMessage").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "02-answer.png"))  # the one docs/screenshot-answer.png is copied from

    page.get_by_text(re.compile(r"^Read all of")).first.click()
    cited = page.locator(".eaeu-context.cited mark").first
    cited.wait_for(state="visible")
    assert cited.inner_text().strip() == marks.first.inner_text().strip()
    assert page.locator(".eaeu-context").count() > 1
    cited.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "03-citation-opened.png"), full_page=True)

    assert re.search(r"[?&]c=[0-9a-f]+", page.url)
    page.reload()
    page.get_by_test_id("stChatMessage").first.wait_for(timeout=60_000)
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=60_000)
    assert QUESTION in _chat_text(page)
    page.screenshot(path=str(ARTIFACTS / "04-reloaded.png"), full_page=True)


def test_two_browsers_do_not_see_each_others_conversation(server, browser):
    first = browser.new_context(viewport={"width": 1200, "height": 900})
    second = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        a, b = first.new_page(), second.new_page()
        a.goto(server)
        b.goto(server)
        _ask(a, "Why did Kyrgyzstan take Russia to the EAEU Court?")
        _ask(b, "Who won the 2018 FIFA World Cup?")
        _wait_for_answers(a, 1)
        _wait_for_answers(b, 1)
        a_text, b_text = _chat_text(a), _chat_text(b)
        assert "Why did Kyrgyzstan take Russia" in a_text and "FIFA" not in a_text
        assert "FIFA" in b_text and "Why did Kyrgyzstan take Russia" not in b_text
        assert "Not in the documents" in b_text
        b.screenshot(path=str(ARTIFACTS / "05-refusal.png"), full_page=True)
        assert a.url != b.url
    finally:
        first.close()
        second.close()


def test_bad_upload_shows_a_message_in_the_browser(server, page, tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 40)
    page.goto(server)
    page.get_by_text("Kyrgyzstan v. Russia at the EAEU Court").wait_for()
    page.locator("input[type=file]").set_input_files(str(junk))
    page.get_by_text(re.compile("looks like a binary file|not UTF-8 text")).wait_for(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "06-bad-upload.png"), full_page=True)
    assert "Traceback" not in page.inner_text("body")




def test_rebuild_index_shows_progress_and_answers_after(settings, index_handle, browser, tmp_path):
    """On a copy of the index (a rebuild swaps the folder, which other tests' handles must not see)."""
    index_copy = tmp_path / "index"
    shutil.copytree(settings.index_dir, index_copy)
    with _serve(_env(settings, index_copy, tmp_path / "data"), ARTIFACTS / "streamlit-rebuild.log") as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            page.goto(url)
            page.get_by_text("Corpus and index").click()
            description = page.get_by_text(re.compile(r"^Index [0-9a-f]{16}, built"))
            description.wait_for()
            before = description.inner_text()
            page.get_by_role("button", name="Rebuild index").click()
            page.get_by_test_id("stProgress").wait_for(timeout=60_000)
            page.get_by_text(re.compile(r"^Index rebuilt: \d+ passages")).wait_for(timeout=REBUILD_TIMEOUT_MS)
            page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=60_000)
            assert description.inner_text() != before  # the sidebar now describes the new build
            page.screenshot(path=str(ARTIFACTS / "07-rebuilt.png"))
            _ask(page, QUESTION)
            _wait_for_answers(page, 1)
            assert page.locator(".eaeu-passage mark").count() >= 1
        finally:
            context.close()
