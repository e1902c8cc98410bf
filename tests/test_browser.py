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
# Playwright's wait for any step that names no timeout of its own (30 s by default): a fresh server shows its page
# only once its index is warm, which took over 30 s on a loaded machine. How fast things are is `make bench`'s job.
STEP_TIMEOUT_MS = 120_000
PULL_BACK_MS = 3_000  # how long the answer's start may take to come back into view after a pull (a loaded machine)
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
def _serve(env: dict[str, str], log: Path, launcher: list[str] | None = None):
    """`streamlit run app.py` on a free port until the block ends; yields the base URL. `launcher` replaces
    `python -m streamlit` (answer_gate.py's, to hold answers)."""
    port = _free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [*(launcher or [sys.executable, "-m", "streamlit"]), "run", "app.py", "--server.port", str(port),
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
           "EAEU_QA_DATA_DIR": str(data_dir),
           # the Evaluation page's history reads no report of the checkout's eval/runs (runlog.read)
           "EAEU_QA_REPORTS_DIR": str(data_dir / "reports")}
    if settings.sources:
        env["EAEU_QA_SOURCES"] = str(settings.sources)
    return env


@pytest.fixture(scope="module")
def server_data(settings, index_handle, baseline_answerer, tmp_path_factory):
    """The real app in its own process, on the session index (and baseline), with a fresh data folder."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    data_dir = tmp_path_factory.mktemp("browser-data")
    with _serve(_env(settings, settings.index_dir, data_dir), ARTIFACTS / "streamlit.log") as url:
        yield url, data_dir


@pytest.fixture(scope="module")
def server(server_data):
    return server_data[0]


@contextmanager
def _gated_serve(env: dict[str, str], log: Path, folder: Path):
    """`_serve` through tests/answer_gate.py: answers wait after their first piece while the file `gate` exists,
    and the run showing a finished answer waits once drawn while `end_gate` exists; yields (url, gate, end_gate)."""
    gate, end_gate = folder / "hold-answers", folder / "hold-answer-ends"
    launcher = [sys.executable, str(Path(__file__).with_name("answer_gate.py")), str(gate), str(end_gate)]
    with _serve(env, log, launcher) as url:
        try:
            yield url, gate, end_gate
        finally:
            gate.unlink(missing_ok=True)
            end_gate.unlink(missing_ok=True)


@pytest.fixture
def gated_server(settings, index_handle, tmp_path):
    """The real app in its own process with the answer gates of tests/answer_gate.py; yields (url, data folder,
    gate, end gate)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with _gated_serve(_env(settings, settings.index_dir, tmp_path / "data"), ARTIFACTS / "streamlit-gated.log",
                      tmp_path) as (url, gate, end_gate):
        yield url, tmp_path / "data", gate, end_gate


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing; run `make browser-deps` (scripts/install-browser.sh).")
    from playwright.sync_api import expect, sync_playwright

    # expect()'s assertions wait 5 s unless told otherwise, not the context's STEP_TIMEOUT_MS: under load the rebuild
    # test's first one saw the sidebar's Rebuild button only after 7.4-11.5 s (2 of 4 runs failed there, session 24).
    # They now wait as every other step does; one that names its own timeout keeps it. Global to Playwright's expect,
    # set where every browser test gets its Chromium.
    expect.set_options(timeout=STEP_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _context(browser, width: int = 1400, height: int = 1000):
    """A fresh browser context (its own cookies) whose steps wait up to STEP_TIMEOUT_MS unless they say otherwise."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    return context


@pytest.fixture
def page(browser):
    context = _context(browser)
    yield context.new_page()
    context.close()


def _ask(page, question: str) -> None:
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")


def _wait_for_answers(page, count: int, timeout_ms: int = ANSWER_TIMEOUT_MS) -> None:
    """Wait until `count` answers are fully rendered: each finished answer ends with its Feedback button."""
    page.get_by_test_id("stPopover").nth(count - 1).wait_for(timeout=timeout_ms)
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=timeout_ms)


def _eventually(probe, expected, timeout_s: float = ANSWER_TIMEOUT_MS / 1000):
    """probe() once it returns `expected`, or its last value when `timeout_s` has passed (polled every 0.2 s)."""
    deadline = time.monotonic() + timeout_s
    value = probe()
    while value != expected and time.monotonic() < deadline:
        time.sleep(0.2)
        value = probe()
    return value


def _chat_text(page) -> str:
    return "\n".join(page.get_by_test_id("stChatMessage").all_inner_texts())


def _workspace(page) -> str:
    return re.search(r"[?&]w=([0-9a-f]+)", page.url).group(1)


def _saved_questions(data_dir: Path, workspace: str) -> list[list[str]]:
    from eaeu_qa.conversations import ConversationStore
    from eaeu_qa.database import database_path

    store = ConversationStore(database_path(data_dir), workspace)
    return [[t.question for t in store.load(s.id).turns] for s in store.list()]


def test_clicking_a_marker_shows_its_source_and_the_answer_start_stays_in_view(server, page):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(server)
    page.get_by_text("Kyrgyzstan v. Russia at the EAEU Court").wait_for()
    page.screenshot(path=str(ARTIFACTS / "01-empty.png"))
    _ask(page, QUESTION)
    _wait_for_answers(page, 1)
    marks = page.locator(".eaeu-passage mark")
    marks.first.wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert marks.count() >= 1 and marks.first.inner_text().strip()
    assert "CC BY-NC 4.0" in page.inner_text("body")
    # The scroll to the answer's start runs while the page settles: wait (at most 10 s) for the question to be in
    # view rather than sampling it at one instant, which a late re-render on a loaded machine could straddle.
    try:
        page.wait_for_function("""() => { const m = document.querySelector('[data-testid="stChatMessage"]');
                                         const top = m && m.getBoundingClientRect().top;
                                         return m !== null && top >= 0 && top < 1000; }""", timeout=10_000)
    except PlaywrightTimeout:
        page.screenshot(path=str(ARTIFACTS / "01-answer-start-not-in-view.png"))
    # ...and it stays there, below Streamlit's top bar (opaque on narrow screens): Streamlit's stick-to-bottom
    # container must not pull the page down once the pin ends. Sampled every second for 8 s; a sample that finds
    # the question out of place waits up to PULL_BACK_MS for the page's pin to bring it back (on a loaded machine
    # the pin's 100 ms timer runs late, and a pull it is about to undo can be caught in between; the likely cause of
    # the one failure seen, the question 198 px above the top, in the ninth session). A page that stays pulled down
    # still fails.
    header = page.get_by_test_id("stHeader").bounding_box()
    below_header = header["y"] + header["height"]
    in_place = f"""() => {{ const m = document.querySelector('[data-testid="stChatMessage"]');
                           const top = m && m.getBoundingClientRect().top;
                           return m !== null && top >= {below_header} && top < 1000; }}"""
    for _ in range(8):
        question_box = page.get_by_test_id("stChatMessage").first.bounding_box()
        if not below_header <= question_box["y"] < 1000:
            page.screenshot(path=str(ARTIFACTS / "01-answer-start-not-in-view.png"))
            try:
                page.wait_for_function(in_place, timeout=PULL_BACK_MS)
            except PlaywrightTimeout:
                pass
            question_box = page.get_by_test_id("stChatMessage").first.bounding_box()
        assert 0 <= question_box["y"] < 1000, f"the answer's start is not in view: {question_box}"
        assert question_box["y"] >= below_header, f"the question is under the top bar: {question_box}"
        page.wait_for_timeout(1000)

    marker = page.locator(".eaeu-cite").first
    popover = marker.locator(".eaeu-pop")
    assert not popover.is_visible()
    marker.click()
    popover.wait_for(state="visible")
    shown = popover.inner_text()
    card_title = page.locator(".eaeu-card-title").first.inner_text()
    assert re.search(r"\[1\] .+, .+", shown) and card_title.split("\n")[0].strip() in shown  # locator
    assert "Go to the source card" in shown  # the jump
    # the quote: the card's words as they are (no marks added; a cut one ends in "…")
    quote = " ".join(popover.locator(".eaeu-pop-quote").inner_text().split()).removesuffix("\u2026")
    assert len(quote) > 20 and quote in " ".join(page.locator(".eaeu-passage").first.inner_text().split()), quote
    page.screenshot(path=str(ARTIFACTS / "02-answer.png"))  # docs/screenshot-answer.png is copied from this

    popover.get_by_text("Go to the source card").click()
    card = page.locator("#src-0-1")
    page.wait_for_function("""() => { const r = document.getElementById("src-0-1").getBoundingClientRect();
                                     return r.top > -5 && r.top < window.innerHeight; }""", timeout=10_000)
    assert "#src-0-1" in page.url  # the jump went to the card's anchor
    box = card.bounding_box()
    assert box and -5 <= box["y"] < 1000, "the source card is not scrolled into view"
    page.screenshot(path=str(ARTIFACTS / "03-source-card.png"))

    page.get_by_text(re.compile(r"^Read all of")).first.click()
    cited = page.locator(".eaeu-context.cited mark").first
    cited.wait_for(state="visible")
    assert page.locator(".eaeu-context").count() > 1

    assert re.search(r"[?&]c=[0-9a-f]+", page.url) and re.search(r"[?&]w=[0-9a-f]+", page.url)
    page.reload()
    page.get_by_test_id("stChatMessage").first.wait_for(timeout=60_000)
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=60_000)
    assert QUESTION in _chat_text(page)
    page.screenshot(path=str(ARTIFACTS / "04-reloaded.png"), full_page=True)


def test_a_citations_reader_link_opens_the_highlighted_paragraph(server, page):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(server)
    _ask(page, "What does Article 98 paragraph 3 of the EAEU Treaty say?")
    _wait_for_answers(page, 1)
    link = page.locator(".eaeu-source a", has_text="Read it in the document").first
    href = link.get_attribute("href")
    assert re.match(r"documents\?doc=eaeu_treaty&loc=98\.\d+&hl=\d+-\d+$", href)
    with page.context.expect_page() as opened:
        link.click()
    reader = opened.value
    target = reader.locator(".eaeu-para.target")
    target.wait_for(timeout=60_000)
    loc = re.search(r"loc=([\d.]+)", href).group(1)
    assert target.get_attribute("id") == f"p-{loc}"
    assert target.locator("mark").inner_text().strip()
    # The reader scrolls to the paragraph once the page is drawn: wait for it (a loaded machine took longer than
    # the 800 ms this test used to allow) rather than sample one instant.
    try:
        reader.wait_for_function("""() => { const t = document.querySelector(".eaeu-para.target");
                                           const top = t.getBoundingClientRect().top;
                                           return top >= 0 && top < 1000; }""", timeout=10_000)
    except PlaywrightTimeout:
        pass
    box = target.bounding_box()
    assert box and 0 <= box["y"] < 1000, "the reader did not scroll to the cited paragraph"
    assert "CC BY-NC 4.0" in reader.inner_text("body") and "pta_440.xml" in reader.content()
    reader.screenshot(path=str(ARTIFACTS / "08-reader.png"))
    reader.close()


def test_a_fresh_servers_first_visit_may_be_a_deep_link(settings, index_handle, browser, tmp_path):
    """The first session of a new server process opens a reader deep link (as in an exported conversation) and the
    Evaluation page directly, with no "Page not found" (a pages/ folder beside app.py used to cause one)."""
    with _serve(_env(settings, settings.index_dir, tmp_path / "data"), ARTIFACTS / "streamlit-first-visit.log") as url:
        context = _context(browser)
        try:
            page = context.new_page()
            page.goto(f"{url}/documents?doc=eaeu_treaty&loc=98.4")
            page.locator(".eaeu-para.target#p-98\\.4").wait_for(timeout=60_000)
            page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=60_000)
            assert "Page not found" not in page.inner_text("body")
            page.goto(f"{url}/evaluation")
            page.get_by_role("button", name="Run evaluation").wait_for(timeout=60_000)
            page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=60_000)
            assert "Page not found" not in page.inner_text("body")
        finally:
            context.close()


def test_a_status_shows_progress_before_the_answer(gated_server, page):
    # How soon the status comes is a speed figure: `make bench` measures it (target < 500 ms, scripts/bench_app.py).
    # Here: after sending, the first status the page shows is an in-progress one, before "Answered in". The answer
    # waits at the gate once its first piece is shown, so the in-progress status is on the page until the test has
    # seen it: without the gate an extractive answer takes a fraction of a second, and under load (s16) the browser
    # drew the finished answer before it had drawn any status. The test waits for states, never for a time.
    from eaeu_qa.ui import wording

    server, _, gate, _ = gated_server
    page.goto(server)
    page.get_by_text("Kyrgyzstan v. Russia at the EAEU Court").wait_for()
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=60_000)
    in_progress = [wording.STATUS_SEARCHING.rstrip("…"), wording.STATUS_COMPOSING.rstrip("…")]
    done = wording.STATUS_DONE.split("{")[0].strip()
    page.evaluate("""(labels) => {
        window.__firstStatus = null;
        window.__sent = false;
        window.addEventListener("keydown", (e) => { if (e.key === "Enter") window.__sent = true; }, {capture: true});
        new MutationObserver(() => {
            if (window.__sent && window.__firstStatus === null)
                window.__firstStatus = labels.find(l => document.body.innerText.includes(l)) || null;
        }).observe(document.body, {subtree: true, childList: true, characterData: true});
    }""", [*in_progress, done])
    gate.touch()
    try:
        box = page.get_by_test_id("stChatInputTextArea")
        box.fill("Why did Kyrgyzstan take Russia to the EAEU Court?")
        box.press("Enter")
        page.locator(".eaeu-draft").wait_for(timeout=ANSWER_TIMEOUT_MS)  # the answer is streaming, held at the gate
        status = page.get_by_test_id("stChatMessage").get_by_text(re.compile("|".join(map(re.escape, in_progress))))
        status.first.wait_for(timeout=ANSWER_TIMEOUT_MS)  # shown while the answer is not done
        assert done not in page.locator("body").inner_text() and page.get_by_test_id("stPopover").count() == 0
        first = page.evaluate("() => window.__firstStatus")
        assert first in in_progress, f"the first status seen was {first!r}"
    finally:
        gate.unlink(missing_ok=True)  # the answer goes ahead
    _wait_for_answers(page, 1)
    assert page.evaluate("() => window.__firstStatus") == first  # recorded once: the first one stays


def test_a_second_question_sent_during_an_answer_is_not_lost(gated_server, page):
    from eaeu_qa.ui import wording

    server, data_dir, gate, _ = gated_server
    first, second = QUESTION, "And what about pensions?"
    page.goto(server)
    page.get_by_text("Kyrgyzstan v. Russia at the EAEU Court").wait_for(timeout=ANSWER_TIMEOUT_MS)
    # The first answer waits at the gate once its first piece is shown: the second question is certainly sent
    # while it streams. (Without the gate it took a fraction of a second, and on a loaded machine the test looked
    # for its status, or sent the second question, only after it had finished.)
    gate.touch()
    try:
        _ask(page, first)
        page.locator(".eaeu-draft").wait_for(timeout=ANSWER_TIMEOUT_MS)  # the first answer is streaming
        _ask(page, second)
        # The second question interrupted the run that was streaming the first: the new run shows it queued
        # behind the first, which is being answered again, and nothing is saved yet.
        waiting = page.get_by_test_id("stChatMessage").filter(has_text=second)
        waiting.get_by_text(wording.WAITING).wait_for(timeout=ANSWER_TIMEOUT_MS)
        page.locator(".eaeu-draft").wait_for(timeout=ANSWER_TIMEOUT_MS)
        assert _saved_questions(data_dir, _workspace(page)) == []
        page.screenshot(path=str(ARTIFACTS / "09-second-question-queued.png"))
    finally:
        gate.unlink(missing_ok=True)  # both answers go ahead
    _wait_for_answers(page, 2)
    waiting.get_by_text(wording.WAITING).wait_for(state="detached", timeout=ANSWER_TIMEOUT_MS)
    text = _chat_text(page)
    assert text.index(first) < text.index(second)
    saved = _eventually(lambda: _saved_questions(data_dir, _workspace(page)), [[first, second]])
    assert saved == [[first, second]]
    page.screenshot(path=str(ARTIFACTS / "10-both-answered.png"), full_page=True)
    # The Markdown export (built again when the conversation gains a turn): both questions, quotes, reader links.
    with page.expect_download(timeout=ANSWER_TIMEOUT_MS) as download:
        page.get_by_test_id("stSidebar").get_by_test_id("stDownloadButton").first.click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert f"## Q1. {first}" in exported and f"## Q2. {second}" in exported and "\n> " in exported
    assert "Art. 98(" in exported and server not in exported  # locators; no link to this machine (audit s18)


@contextmanager
def _held_clicks(page):
    """Route the page's Streamlit websocket through the test: while the yielded `held` list's `hold()` is on, what
    the page sends (a click's rerun request) is kept instead of sent; `release()` sends it, as a slow network would."""
    sockets, kept, holding = [], [], [False]

    def route(ws):
        server = ws.connect_to_server()
        sockets.append(server)
        ws.on_message(lambda message: kept.append(message) if holding[0] else server.send(message))

    class Held:
        messages = kept

        @staticmethod
        def hold():
            holding[0] = True

        @staticmethod
        def release():
            holding[0] = False
            while kept:
                sockets[-1].send(kept.pop(0))

    page.route_web_socket(re.compile(r"/_stcore/stream"), route)
    yield Held
    holding[0] = False


def test_a_stop_that_arrives_after_its_answer_is_done_stops_nothing(gated_server, page):
    """A Stop click that reaches the app only after its answer was done (a slow network or a loaded machine) stops
    nothing: a short notice says so, and the next question is answered, not discarded as "stopped"."""
    from eaeu_qa.ui import wording

    server, data_dir, gate, end_gate = gated_server
    first, second = QUESTION, "Why did Kyrgyzstan take Russia to the EAEU Court?"
    with _held_clicks(page) as clicks:
        page.goto(server)
        page.get_by_text("Kyrgyzstan v. Russia at the EAEU Court").wait_for(timeout=ANSWER_TIMEOUT_MS)
        gate.touch()
        end_gate.touch()
        _ask(page, first)
        page.locator(".eaeu-draft").wait_for(timeout=ANSWER_TIMEOUT_MS)  # streaming, held at the gate
        clicks.hold()
        page.get_by_role("button", name=wording.STOP).click()
        for _ in range(300):  # the click's rerun request, kept back (page calls let the route see it)
            if clicks.messages:
                break
            page.wait_for_timeout(100)
        assert clicks.messages, "the Stop click sent nothing"
        gate.unlink()  # the answer goes on, is added, and the run that shows it waits at the end gate
        page.get_by_test_id("stPopover").first.wait_for(timeout=ANSWER_TIMEOUT_MS)
        clicks.release()  # the click arrives now, after its answer was done
        # the notice shows with the answer it is about (its message has the answer's feedback button), where the
        # reader is looking, not at the page's top
        answer = page.get_by_test_id("stChatMessage").filter(has=page.get_by_test_id("stPopover"))
        answer.filter(has=page.get_by_text(wording.STOP_TOO_LATE)).wait_for(timeout=ANSWER_TIMEOUT_MS)
        page.screenshot(path=str(ARTIFACTS / "14-late-stop-notice.png"))
        end_gate.unlink()
        page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=ANSWER_TIMEOUT_MS)
        _eventually(lambda: page.get_by_test_id("stChatMessage").count(), 2)  # the held runs' leftovers go
        page.screenshot(path=str(ARTIFACTS / "14-late-stop.png"))
        assert first in _chat_text(page) and wording.STOPPED.split(".")[0] not in _chat_text(page)
        _ask(page, second)
        stopped = wording.STOPPED.split(".")[0]
        page.get_by_test_id("stPopover").nth(1).or_(page.get_by_text(stopped)).first.wait_for(
            timeout=ANSWER_TIMEOUT_MS)
        assert stopped not in _chat_text(page), "the late Stop click discarded the next question"
        _wait_for_answers(page, 2)
        saved = _eventually(lambda: _saved_questions(data_dir, _workspace(page)), [[first, second]])
        assert saved == [[first, second]]
        assert "Traceback" not in page.content()


def test_two_browsers_do_not_see_each_others_conversation(server, browser):
    first = _context(browser, 1200, 900)
    second = _context(browser, 1200, 900)
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
        context = _context(browser)
        try:
            page = context.new_page()
            page.goto(url)
            # A fresh server shows the page once its index is warm: on a loaded machine that took over 30 s,
            # Playwright's default.
            page.get_by_text("Corpus and index").click(timeout=ANSWER_TIMEOUT_MS)
            description = page.get_by_text(re.compile(r"^Index [0-9a-f]{16}, built"))
            description.wait_for()
            before = description.inner_text()
            # Click only once the page's script run has finished: a click that lands while Streamlit is still
            # running the page can be swallowed by the run that replaces the sidebar.
            page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=60_000)
            page.get_by_role("button", name="Rebuild index").click(timeout=ANSWER_TIMEOUT_MS)
            # the copy is up to date: it asks first (the question comes with the next script run, which took over
            # Playwright's default 30 s on a loaded machine)
            page.get_by_role("button", name="Rebuild anyway").click(timeout=ANSWER_TIMEOUT_MS)
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


def test_the_evaluation_page_lists_failures_and_shows_an_item_beside_its_gold(server, page, tmp_path):
    import json

    from eaeu_qa.ui import wording

    smoke = [json.loads(line) for line in (PROJECT_ROOT / "eval" / "smoke.jsonl").read_text().splitlines()
             if line.strip()]
    # A gold passage the documents do not contain: this item fails whatever the answerer does.
    failing = {"id": "tr99", "question": "What does Article 98 of the EAEU Treaty say about medical care?",
               "history": [], "answerable": True,
               "gold_passages": ["zorblat quinticorn paragraphs never written in any treaty"],
               "key_facts": [["zorblat quinticorn"]]}
    questions = tmp_path / "questions.jsonl"
    questions.write_text("\n".join(json.dumps(item) for item in [smoke[0], failing]) + "\n")
    page.goto(f"{server}/evaluation")
    page.get_by_text("Upload a JSONL file").click()
    page.locator("input[type=file]").set_input_files(str(questions))
    page.get_by_text("2 valid items.").wait_for(timeout=60_000)
    page.get_by_role("button", name="Run evaluation").click()
    page.get_by_text("Item tr99").wait_for(timeout=REBUILD_TIMEOUT_MS)  # the worst item opens first
    # The script run that draws the item goes on after its heading shows: read the page once it has finished (in a
    # loaded CI run the body was read between the heading and the gold passage under it).
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=60_000)
    page.get_by_text("art = the analysis article").wait_for(timeout=60_000)  # the page's last part is drawn
    assert page.get_by_test_id("stProgress").count() == 0  # the finished run's progress bars are gone
    body = page.inner_text("body")
    assert re.search(r"\d+ of 2 items", body)
    assert "zorblat quinticorn paragraphs never written" in body  # the gold passage ...
    page.get_by_text("Item tr99").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "11-evaluation-item.png"))
    item = page.get_by_text("Item tr99").locator("xpath=ancestor::*[@data-testid='stVerticalBlock'][1]")
    columns = item.get_by_test_id("stColumn")
    assert columns.count() >= 3  # question and gold | extractive | baseline, side by side
    gold_box, answer_box = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
    assert answer_box["x"] > gold_box["x"] + gold_box["width"] - 1  # beside, not below
    assert answer_box["y"] < gold_box["y"] + gold_box["height"] and gold_box["y"] < answer_box["y"] + answer_box["height"]
    assert "extractive" in columns.nth(1).inner_text() and "baseline" in columns.nth(2).inner_text()
    assert "art = the analysis article" in body  # group codes explained
    page.get_by_role("heading", name=wording.EVAL_HISTORY).scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "12-evaluation-history.png"))
    # The docs: a section of docs/evaluation.md whose links led to /evaluation/sessions/... (no such page) ...
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=60_000)
    picker = page.get_by_test_id("stSelectbox").filter(has_text="Section of docs/evaluation.md").locator("input")
    picker.scroll_into_view_if_needed()
    picker.click()
    picker.fill("Where to read")  # the picker filters its options as one types
    page.get_by_role("option", name="Where to read what").click()
    shown = page.locator("h2", has_text="Where to read what")
    shown.wait_for()
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=60_000)
    box = shown.locator("xpath=ancestor::*[@data-testid='stVerticalBlock'][1]")
    assert "docs/sessions/session-04.md" in box.inner_text()
    links = box.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert all(href.startswith("#") for href in links), links  # the heading's own anchor; the files are plain text
    shown.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "13-evaluation-docs.png"))
    # ... and the page stays wide after this rerun (app.py's "centered" and the page's "wide" were both sent each run,
    # and a rerun fell back to the centred column in 1 to 2 of 4-6 loads)
    assert box.bounding_box()["width"] > 0.6 * page.viewport_size["width"]


@pytest.fixture
def spy_server():
    """A local HTTP server that records every request: nothing the app shows may fetch from it."""
    import http.server
    import threading

    hits: list[str] = []

    class Spy(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Spy)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()


def test_remote_images_in_a_question_an_upload_title_and_a_document_are_never_requested(server, page, spy_server,
                                                                                          tmp_path):
    host, hits = spy_server
    # Chromium reads "\\" as "/" in http URLs, so a file name can carry a URL without a slash in it.
    name = f"notes ![t](http:\\\\{host}\\title.png) <img src=http:\\\\{host}\\title-html.png>.txt"
    document = tmp_path / "notes.txt"
    document.write_text(f"The Quorvex Council met in Naryn on 4 April 2032 ![d](http://{host}/doc.png) to review "
                        f"claims <img src=\"http://{host}/doc-html.png\"> of returning families.\n\n"
                        f"It recorded [many claims](http://{host}/link) in total.\n")
    page.goto(server)
    page.get_by_text("Kyrgyzstan v. Russia at the EAEU Court").wait_for()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/plain", "buffer": document.read_bytes()}])
    page.get_by_text(re.compile(r"^Added notes")).wait_for(timeout=120_000)
    _ask(page, f"When did the Quorvex Council meet in Naryn? ![q](http://{host}/question.png)")
    _wait_for_answers(page, 1)
    page.locator(".eaeu-card-title .eaeu-from-upload").first.wait_for()
    page.locator(".eaeu-cite").first.hover()
    page.wait_for_timeout(1000)
    body = page.inner_text("body")
    assert f"![q](http://{host}/question.png)" in body  # shown as typed
    assert f"http://{host}/doc.png" in body  # the document's markup is quoted as text
    assert page.locator(f"img[src*='{host}']").count() == 0 and page.locator(f"a[href*='{host}']").count() == 0
    page.screenshot(path=str(ARTIFACTS / "13-hostile-markup.png"), full_page=True)
    assert hits == [], f"the page requested {hits}"
