"""ui/rebuilds.py: one index rebuild at a time per process, in a thread no rerun stops, its outcome kept for the
sessions that saw it under way."""

from __future__ import annotations

import threading

from eaeu_qa.ui import rebuilds

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
