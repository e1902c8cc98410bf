"""Changes to a workspace's documents under way in this server process (an upload being added or removed)."""

# A question must not be searched while its workspace's documents are changing: Streamlit starts the run of a question
# sent during an upload's run at once, beside it (runner.fastReruns), and that question was answered from the corpus
# alone, "Not in the documents" (audit A11). The chat waits for these changes, saying which (chat._wait_for_documents).
# Kept per process, not per browser session: two tabs on one workspace share its documents.

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

_CHANGED = threading.Condition()
_UNDER_WAY: dict[str, list[str]] = {}  # workspace -> what is being done ("memo.txt is being added"), oldest first


@contextmanager
def under_way(workspace: str, what: str) -> Iterator[None]:
    """Mark `what` as under way in `workspace` for the block (marked off however the block ends)."""
    with _CHANGED:
        _UNDER_WAY.setdefault(workspace, []).append(what)
    try:
        yield
    finally:
        with _CHANGED:
            left = _UNDER_WAY.get(workspace, [])
            left.remove(what)
            if not left:
                _UNDER_WAY.pop(workspace, None)
            _CHANGED.notify_all()


def pending(workspace: str) -> list[str]:
    """What is under way in `workspace` now (empty: its documents are as they will be searched)."""
    with _CHANGED:
        return list(_UNDER_WAY.get(workspace, []))


def wait(workspace: str, timeout: float) -> list[str]:
    """Wait up to `timeout` seconds for `workspace`'s changes to end; what is still under way (empty: done)."""
    with _CHANGED:
        _CHANGED.wait_for(lambda: not _UNDER_WAY.get(workspace), timeout=timeout)
        return list(_UNDER_WAY.get(workspace, []))
