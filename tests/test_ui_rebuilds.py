"""ui/rebuilds.py: one index rebuild at a time per process, its outcome kept (AppTest).

ui/rebuilds.py: one index rebuild at a time per process, in a thread no rerun stops, its outcome kept for the
sessions that saw it under way; the sidebar (AppTest, real service) shows it to them."""

from __future__ import annotations

import threading
from types import SimpleNamespace

from streamlit.testing.v1 import AppTest

from eaeu_qa.ui import rebuilds, wording
from eaeu_qa.ui_format import escape_markdown

WAIT_SECONDS = 60  # every wait is bounded: a failing worker fails the test instead of hanging CI


def _wait_over(number: int) -> rebuilds.Rebuild:
    seen = rebuilds.latest()
    while seen.number == number and seen.running:
        now = rebuilds.wait(seen, WAIT_SECONDS)
        assert now != seen, "the rebuild neither progressed nor ended"
        seen = now
    return seen


def test_a_second_start_while_one_runs_is_refused_and_the_outcome_and_progress_are_kept():
    started, finish = threading.Event(), threading.Event()

    def work(progress):
        progress(0, 4)
        started.set()
        finish.wait(WAIT_SECONDS)
        progress(4, 4)
        return "success", "Index rebuilt: 4 passages in 0.1 s."

    def unexpected(progress):
        raise AssertionError("a second rebuild ran")

    number = rebuilds.start(work, failed=lambda exc: "failed")
    try:
        assert number is not None and started.wait(WAIT_SECONDS), "the rebuild never started"
        assert rebuilds.start(unexpected, failed=lambda exc: "failed") is None  # a double click: refused
        running = rebuilds.latest()
        assert running.number == number and running.running and (running.done, running.total) == (0, 4)
        assert rebuilds.outcome(number) is None
    finally:
        finish.set()  # an assertion above fails the test; the worker still ends
    over = _wait_over(number)
    assert not over.running and over.outcome == ("success", "Index rebuilt: 4 passages in 0.1 s.")
    assert rebuilds.outcome(number) == over.outcome


def test_a_rebuild_that_raises_ends_with_an_error_outcome_and_the_next_one_may_start():
    def broken(progress):
        raise RuntimeError("disk full")

    number = rebuilds.start(broken, failed=lambda exc: f"not rebuilt ({type(exc).__name__})")
    assert number is not None
    assert _wait_over(number).outcome == ("error", "not rebuilt (RuntimeError)")
    again = rebuilds.start(lambda progress: ("success", "done"), failed=lambda exc: "failed")
    assert again == number + 1
    assert _wait_over(again).outcome == ("success", "done")


class _UnstartableThread(threading.Thread):
    """A thread the process cannot start (as when it is out of threads): Thread.start raises RuntimeError. Beside the
    real threads of the tests above, which take the same path once the thread has started."""

    def start(self):
        raise RuntimeError("can't start new thread")


def test_a_rebuild_whose_thread_cannot_start_is_over_with_an_error_and_the_next_one_may_start(monkeypatch):
    monkeypatch.setattr(rebuilds, "threading", SimpleNamespace(Thread=_UnstartableThread))
    number = rebuilds.start(lambda progress: ("success", "never ran"), failed=lambda exc: f"not started ({exc})")
    assert number is not None
    assert not rebuilds.latest().running  # the button is not disabled for the life of the process
    assert rebuilds.outcome(number) == ("error", "not started (can't start new thread)")
    monkeypatch.undo()
    again = rebuilds.start(lambda progress: ("success", "done"), failed=lambda exc: "failed")
    assert again == number + 1 and _wait_over(again).outcome == ("success", "done")


# --- the sidebar's "Corpus and index" part, drawn by AppTest with the real service on the session's index -----------

def _corpus_part():
    from eaeu_qa.service import get_service
    from eaeu_qa.settings import Settings
    from eaeu_qa.ui import sidebar

    sidebar.corpus(get_service(Settings.from_env()))


def _sidebar(monkeypatch, app_env) -> AppTest:
    for name, value in app_env.items():
        monkeypatch.setenv(name, value)
    return AppTest.from_function(_corpus_part, default_timeout=240)


def _held(gate: threading.Event, outcome: tuple[str, str]):
    def work(progress):
        assert gate.wait(WAIT_SECONDS), "the test never released the rebuild"
        return outcome
    return work


def _messages(at: AppTest) -> list[tuple[str, str]]:
    return [("error", e.value) for e in at.error] + [("success", e.value) for e in at.success]


def _shown(kind: str, text: str) -> tuple[str, str]:
    return kind, escape_markdown(text)


def test_a_watched_rebuilds_outcome_shows_even_when_another_began_before_the_sessions_next_run(monkeypatch, app_env):
    """A session saw rebuild N under way; N failed and N+1 (started in another session) was running by this session's
    next run. The watch moved to N+1 and N's error was never shown (the review's B4)."""
    first_gate, second_gate = threading.Event(), threading.Event()
    failed = ("error", "The index was not rebuilt: disk full")
    at = _sidebar(monkeypatch, app_env)
    try:
        first = rebuilds.start(_held(first_gate, failed), failed=lambda exc: "failed")
        assert first is not None
        at.run()
        assert not at.exception and at.button(key="rebuild").disabled  # this session sees N under way
        assert len(at.get("progress")) == 1 and _messages(at) == []
        first_gate.set()
        _wait_over(first)
        second = rebuilds.start(_held(second_gate, ("success", "Index rebuilt: 2 passages in 0.1 s.")),
                                failed=lambda exc: "failed")
        assert second == first + 1
        at.run()  # N+1 runs: N's error shows beside its progress
        assert not at.exception and at.button(key="rebuild").disabled and len(at.get("progress")) == 1
        assert _messages(at) == [_shown(*failed)]
        second_gate.set()
        _wait_over(second)
        at.run()  # N+1 was seen under way too: its outcome replaces N's
        assert not at.exception and not at.button(key="rebuild").disabled and len(at.get("progress")) == 0
        assert _messages(at) == [_shown("success", "Index rebuilt: 2 passages in 0.1 s.")]
        at.button(key="rebuild-dismiss").click().run()
        assert _messages(at) == []
    finally:
        first_gate.set()
        second_gate.set()


def test_a_click_on_an_up_to_date_index_asks_first_and_starts_nothing_until_confirmed(monkeypatch, app_env):
    """A second click 3 s after a rebuild ended started another (s15 audit). The session's index is current: a click
    says so and what a rebuild would do, Cancel leaves it, and only "Rebuild anyway" starts one; here no thread can
    start, which the next test of the path (the error, the button enabled again) shows."""
    at = _sidebar(monkeypatch, app_env)
    at.run()
    assert not at.exception and not at.button(key="rebuild").disabled
    before = rebuilds.latest()
    at.button(key="rebuild").click().run()
    assert not at.exception and rebuilds.latest() == before  # nothing started
    assert len(at.warning) == 1 and at.warning[0].value.startswith(escape_markdown("The index is up to date: built "))
    at.button(key="rebuild-cancel").click().run()
    assert not at.exception and len(at.warning) == 0 and rebuilds.latest() == before
    at.button(key="rebuild").click().run()
    monkeypatch.setattr(rebuilds, "threading", SimpleNamespace(Thread=_UnstartableThread))
    at.button(key="rebuild-anyway").click().run()
    assert not at.exception and len(at.warning) == 0
    assert rebuilds.latest().number == (before.number if before else 0) + 1  # confirmed: started (and failed to)
    assert _messages(at) == [_shown("error", wording.NOT_REBUILT_KIND.format(kind="RuntimeError"))]
    assert not at.button(key="rebuild").disabled  # the next click may try again


def test_a_running_rebuilds_progress_is_redrawn_less_often_as_it_ages():
    """It was redrawn 4 times a second per watching session for the whole rebuild (REBUILD_POLL_S = 0.25)."""
    intervals = {age: rebuilds.poll_interval(age, 0.25, 2.0) for age in (0, 1.9, 2, 3.9, 4, 8, 60, 3600)}
    assert intervals == {0: 0.25, 1.9: 0.25, 2: 0.5, 3.9: 0.5, 4: 1.0, 8: 2.0, 60: 2.0, 3600: 2.0}
    redraws, age = 0, 0.0
    while age < 60:  # a 60 s rebuild, redrawn at the interval of its age
        age += rebuilds.poll_interval(age, 0.25, 2.0)
        redraws += 1
    assert redraws <= 45  # 240 at a steady 0.25 s


def test_a_first_poll_interval_of_zero_or_less_counts_as_the_least_and_returns():
    """EAEU_QA_REBUILD_POLL_S=0 made the doubling loop forever (0 * 2 <= any bound), hanging the sidebar's run while a
    rebuild ran (review s16 B5). Run in a thread so that a regression fails instead of hanging the suite."""
    found: dict = {}
    firsts = ("0", "-1", "nan")

    def intervals():
        found.update({(first, age): rebuilds.poll_interval(age, float(first), 2.0) for first in firsts
                      for age in (0, 8, 60)})

    worker = threading.Thread(target=intervals, daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "poll_interval did not return for a first interval <= 0"
    least = rebuilds.LEAST_POLL_S
    assert all(found[(first, 0)] == least for first in firsts)
    assert all(least < found[(first, 60)] <= 2.0 for first in firsts)


def test_a_running_rebuilds_progress_says_what_it_counts(monkeypatch, app_env):
    """The bar said "Embedding passages: 3700 of 3700" and the outcome "535 passages": it counts texts (passages,
    their sentences and the corpus's words), and says so."""
    gate, reported = threading.Event(), threading.Event()

    def work(progress):
        progress(3, 7)
        reported.set()
        assert gate.wait(WAIT_SECONDS), "the test never released the rebuild"
        return "success", "done"

    at = _sidebar(monkeypatch, app_env)
    try:
        number = rebuilds.start(work, failed=lambda exc: "failed")
        assert number is not None and reported.wait(WAIT_SECONDS)
        at.run()
        bars = at.get("progress")
        assert not at.exception and len(bars) == 1
        assert at.button(key="rebuild").label == wording.REBUILD_RUNNING and at.button(key="rebuild").disabled
        assert bars[0].proto.text == "Embedding the passages, their sentences and the corpus's words: 3 of 7 texts"
    finally:
        gate.set()
        _wait_over(number)
