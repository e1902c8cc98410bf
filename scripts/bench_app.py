"""Benchmark helper: a fresh `streamlit run app.py` on 127.0.0.1, asked one question through headless Chromium.

Measures, from the moment the process starts: the server answering its health check, the page being
usable (the chat input shown), the first status shown after sending (in the page's own clock, from the Enter
key), and the first answer rendered (a [1] citation marker or the refusal heading in the assistant's message);
then the app process's peak resident memory over its whole life.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from eaeu_qa.settings import PROJECT_ROOT
from eaeu_qa.ui import wording

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
QUESTION = "What does Article 98 of the EAEU Treaty say about medical care for workers' family members?"
TIMEOUT_S = 300
# The app's status labels (eaeu_qa/ui/wording.py) up to their variable tail: "…" and the seconds.
STATUS_LABELS = [wording.STATUS_SEARCHING.rstrip("…"), wording.STATUS_COMPOSING.rstrip("…"),
                 wording.STATUS_DONE.split("{")[0].strip()]
# Timestamps, in the page's clock, of the Enter key and of the first status label shown after it (not when the
# benchmark process asks for the key press: that round trip is not the app's time).
STATUS_PROBE = """(labels) => {
    window.__statusAt = null;
    window.__sentAt = null;
    window.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && window.__sentAt === null) window.__sentAt = performance.now();
    }, {capture: true});
    new MutationObserver(() => {
        if (window.__sentAt !== null && window.__statusAt === null
                && labels.some(l => document.body.innerText.includes(l)))
            window.__statusAt = performance.now();
    }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _reap(process: subprocess.Popen) -> float:
    """Stop the process and return its peak RSS in MB (from wait4's rusage)."""
    process.terminate()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = status
            return usage.ru_maxrss / 1024
        time.sleep(0.1)
    process.kill()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = status
    return usage.ru_maxrss / 1024


def app_first_answer(env: dict[str, str], log_path: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1300, "height": 900}).new_page()
        page.goto("about:blank")  # the browser is up before the clock starts
        with log_path.open("w") as log:
            started = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
                 "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                cwd=PROJECT_ROOT, env=dict(os.environ, **env), stdout=log, stderr=subprocess.STDOUT)
        try:
            healthy = _wait_healthy(url, process, started)
            page.goto(url)
            box = page.get_by_test_id("stChatInputTextArea")
            box.wait_for(timeout=TIMEOUT_S * 1000)
            usable = time.perf_counter() - started
            page.evaluate(STATUS_PROBE, STATUS_LABELS)
            box.fill(QUESTION)
            box.press("Enter")
            sent = time.perf_counter()
            answer = page.get_by_test_id("stChatMessage").filter(has_text="[1]").or_(
                page.get_by_test_id("stChatMessage").filter(has_text="Not in the documents"))
            answer.first.wait_for(timeout=TIMEOUT_S * 1000)
            answered = time.perf_counter()
            status_at, sent_at = page.evaluate("() => [window.__statusAt, window.__sentAt]")
        finally:
            browser.close()
            peak_mb = _reap(process)
    return {"healthy_s": healthy, "page_usable_s": usable, "first_answer_after_send_s": answered - sent,
            "status_after_send_ms": (status_at - sent_at) if None not in (status_at, sent_at) else float("nan"),
            "first_answer_s": answered - started, "peak_rss_mb": peak_mb}


def _wait_healthy(url: str, process: subprocess.Popen, started: float) -> float:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"streamlit was not healthy within {TIMEOUT_S} s")
