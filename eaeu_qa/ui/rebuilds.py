"""The index rebuild started from the sidebar: one at a time per server process, in its own thread."""

# A rebuild ran in the script run of its button's click: a question sent meanwhile (Streamlit's fast rerun) stopped
# that run at its next progress update, so the rebuild was abandoned and its "Index rebuilt" message never shown; a
# second click did the same and started another. Now the work runs in a thread that no rerun stops, a second start
# while one runs is refused (the button is disabled meanwhile, but a click can arrive before the page says so), and
# each rebuild's outcome is kept here for the sessions that saw it under way (sidebar.corpus shows it until seen).

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace
from typing import Callable

log = logging.getLogger("eaeu_qa.app")
Progress = Callable[[int, int], None]
KEPT_OUTCOMES = 20  # outcomes of the latest rebuilds, for a session that looks only after a later one began


@dataclass(frozen=True)
class Rebuild:
    """One rebuild as last seen: `done` of `total` passages embedded (0 of 0 while the sources are read), and its
    outcome ("success" | "error", message) once it is over (None while it runs)."""

    number: int
    started: float = 0.0  # time.monotonic() when it was started
    done: int = 0
    total: int = 0
    outcome: tuple[str, str] | None = None

    @property
    def running(self) -> bool:
        return self.outcome is None


_CHANGED = threading.Condition()
_latest: Rebuild | None = None
_outcomes: dict[int, tuple[str, str]] = {}


def start(work: Callable[[Progress], tuple[str, str]], failed: Callable[[BaseException], str]) -> int | None:
    """Run `work(progress)` in a new thread unless a rebuild is running: its number, or None (one is running, nothing
    started). `work` returns the outcome ("success" | "error", message); an exception it lets through, or a thread
    that cannot be started (the rebuild is then over at once), becomes ("error", failed(exc))."""
    global _latest
    with _CHANGED:
        if _latest is not None and _latest.running:
            return None
        number = _latest.number + 1 if _latest is not None else 1
        _latest = Rebuild(number, started=time.monotonic())

    def progress(done: int, total: int) -> None:
        _set(number, done=done, total=total)

    def run() -> None:
        outcome: tuple[str, str] = ("error", "")
        try:
            outcome = work(progress)
        except BaseException as exc:  # noqa: BLE001 - the outcome says so; the thread ends either way
            log.exception("Rebuilding the index failed")
            outcome = ("error", failed(exc))
        finally:
            _set(number, outcome=outcome)

    try:
        threading.Thread(target=run, name=f"eaeu-qa-rebuild-{number}", daemon=True).start()
    except Exception as exc:  # noqa: BLE001 - e.g. "can't start new thread": over before it began, not running for ever
        log.exception("Starting the index rebuild failed")
        _set(number, outcome=("error", failed(exc)))
    return number


def _set(number: int, **changes) -> None:
    global _latest
    with _CHANGED:
        if _latest is None or _latest.number != number:
            return
        _latest = replace(_latest, **changes)
        if _latest.outcome is not None:
            _outcomes[number] = _latest.outcome
            for old in sorted(_outcomes)[:-KEPT_OUTCOMES]:
                del _outcomes[old]
        _CHANGED.notify_all()


def latest() -> Rebuild | None:
    """The latest rebuild of this process as it is now (None: none was started)."""
    with _CHANGED:
        return _latest


def outcome(number: int) -> tuple[str, str] | None:
    """Rebuild `number`'s outcome once it is over (None while it runs, or if it is long forgotten)."""
    with _CHANGED:
        return _outcomes.get(number)


# The shortest redraw interval (seconds): a floor on the EAEU_QA_REBUILD_POLL_S setting, not a tuning constant.
LEAST_POLL_S = 0.05


def poll_interval(age_s: float, first_s: float, most_s: float) -> float:
    """How often the progress of a rebuild `age_s` seconds old is redrawn: every `first_s` while it is young, then the
    largest doubling of `first_s` within a quarter of its age, and never less often than every `most_s`. A quick rebuild
    (a few seconds) shows its steps; a long one is redrawn a handful of times a minute, not four times a second.
    A `first_s` under LEAST_POLL_S (0, negative, NaN: EAEU_QA_REBUILD_POLL_S=0) counts as LEAST_POLL_S: the doubling
    would never end."""
    interval = first_s if first_s >= LEAST_POLL_S else LEAST_POLL_S
    while interval * 2 <= min(most_s, age_s / 4):
        interval *= 2
    return interval


def age(rebuild: Rebuild) -> float:
    """Seconds since `rebuild` was started."""
    return time.monotonic() - rebuild.started


def wait(seen: Rebuild, timeout: float) -> Rebuild:
    """The latest rebuild once it differs from `seen` (progress or outcome), or after `timeout` seconds."""
    with _CHANGED:
        _CHANGED.wait_for(lambda: _latest != seen, timeout=timeout)
        return _latest
