"""ui/changes.py: a workspace's document changes under way (audit A11).

ui/changes.py: a workspace's document changes under way, shared by the runs that add them and the questions that
wait for them (audit A11)."""

from __future__ import annotations

import threading

import pytest

from eaeu_qa.ui import changes


WAIT_SECONDS = 60  # every wait is bounded: a failing worker fails the test instead of hanging CI


def test_a_change_is_pending_while_its_block_runs_and_a_waiter_is_released_when_it_ends():
    started, finish = threading.Event(), threading.Event()

    def add() -> None:
        with changes.under_way("ws-a", "memo.txt is being added"):
            started.set()
            finish.wait(WAIT_SECONDS)

    worker = threading.Thread(target=add, daemon=True)  # daemon: never keeps pytest from exiting
    worker.start()
    try:
        assert started.wait(WAIT_SECONDS), "the worker never entered its block"
        assert changes.pending("ws-a") == ["memo.txt is being added"]
        assert changes.pending("ws-b") == []  # another workspace does not wait
        assert changes.wait("ws-a", timeout=0) == ["memo.txt is being added"]  # still under way
    finally:
        finish.set()  # an assertion above fails the test; the worker still ends
    assert changes.wait("ws-a", timeout=WAIT_SECONDS) == []  # woken when the block ends
    worker.join(WAIT_SECONDS)
    assert not worker.is_alive()


def test_a_change_that_fails_is_marked_off_too():
    with pytest.raises(RuntimeError):
        with changes.under_way("ws-c", "bad.txt is being added"):
            with changes.under_way("ws-c", "other.txt is being removed"):
                assert changes.pending("ws-c") == ["bad.txt is being added", "other.txt is being removed"]
            raise RuntimeError("the upload failed")
    assert changes.pending("ws-c") == [] and changes.wait("ws-c", timeout=0) == []
