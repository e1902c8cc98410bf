"""Chat history as typed turns: strings or {question, answer?, citations?} read, checked and limited."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable

from .answering.wording import REFUSALS
from .records import CitedLocator, HistoryTurn
from .settings import Settings

# A history file may hold whole `ask --json` answers (citations with their passages); bytes read at most,
# as a multiple of the text limit, so a huge file is refused before it is parsed.
FILE_BYTES_PER_HISTORY_CHAR = 64

EXPECTED_FORMAT = ("a JSON list of earlier turns, oldest first: strings (the questions) or objects "
                   '{"question": ..., "answer": ..., "citations": [...]}')


_REFUSAL = re.compile("|".join(re.sub(r"\\\{\w+\\\}", ".+?", re.escape(wording)) for wording in REFUSALS))


def refused(answer: str) -> bool:
    """The answer is a refusal (any of answering/wording.REFUSALS: no evidence, off the documents' subject, not in
    English, a provision or annex the documents lack): it stated nothing, and what follows its sentence is at most
    the closest passage."""
    return bool(_REFUSAL.match(answer.lstrip()))


class InvalidHistory(ValueError):
    """The history cannot be used as given; the message is for the user."""


def parse_history(entries: Iterable[Any] | None, settings: Settings, keep_recent: bool = False
                  ) -> list[HistoryTurn]:
    """Typed turns from strings, dicts, HistoryTurns or objects with .question/.answer/.citations.

    Blank questions are skipped. Raises InvalidHistory (a clear message) for a wrong shape, a question
    over max_question_chars, or a turn count or total text over the settings' limits; with
    `keep_recent` (a live chat) the oldest turns are dropped instead until both limits hold.
    """
    if entries is None:
        return []
    if isinstance(entries, (str, bytes, dict)) or not isinstance(entries, Iterable):
        raise InvalidHistory(f"The history must be {EXPECTED_FORMAT}.")
    turns = []
    for position, entry in enumerate(entries, start=1):
        turn = _turn(entry, position)
        if turn.question.strip():
            turns.append(turn)
    _check_questions(turns, settings)
    if keep_recent:
        turns = recent_turns(turns, settings)
    check_limits(turns, settings)
    return turns


def _check_questions(turns: list[HistoryTurn], settings: Settings) -> None:
    for position, turn in enumerate(turns, start=1):
        if len(turn.question) > settings.max_question_chars:
            raise InvalidHistory(f"Earlier question {position} is {len(turn.question):,} characters long; "
                                 f"each must be under {settings.max_question_chars:,}.")


def _chars(turn: HistoryTurn) -> int:
    return len(turn.question) + len(turn.answer or "")


def recent_turns(turns: list[HistoryTurn], settings: Settings) -> list[HistoryTurn]:
    """The most recent turns that fit max_history_turns and max_history_chars (a follow-up looks back
    one or two turns, so a long chat loses nothing it needs)."""
    kept, total = [], 0
    for turn in reversed(turns[-settings.max_history_turns:]):
        total += _chars(turn)
        if total > settings.max_history_chars:
            break
        kept.append(turn)
    return kept[::-1]


def check_limits(turns: list[HistoryTurn], settings: Settings) -> None:
    if len(turns) > settings.max_history_turns:
        raise InvalidHistory(f"The history has {len(turns)} earlier turns; at most {settings.max_history_turns} "
                             "are accepted. Keep only the most recent ones.")
    total = sum(_chars(t) for t in turns)  # each question's length was checked before any turn was dropped
    if total > settings.max_history_chars:
        raise InvalidHistory(f"The history holds {total:,} characters of questions and answers; at most "
                             f"{settings.max_history_chars:,} are accepted. Keep only the most recent turns.")


def read_history_file(path: Path, settings: Settings) -> list[HistoryTurn]:
    """`ask --history FILE`: the file's turns, or InvalidHistory naming the file and what is wrong."""
    limit = FILE_BYTES_PER_HISTORY_CHAR * settings.max_history_chars
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InvalidHistory(f"--history {path}: cannot read the file ({exc.strerror or exc}).") from None
    if len(data) > limit:
        raise InvalidHistory(f"--history {path}: the file is larger than {limit:,} bytes; keep only the most "
                             "recent turns.")
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidHistory(f"--history {path}: the file is not UTF-8 text.") from None
    except ValueError as exc:
        raise InvalidHistory(f"--history {path}: not valid JSON ({exc}); expected {EXPECTED_FORMAT}.") from None
    if not isinstance(parsed, list):
        raise InvalidHistory(f"--history {path}: expected {EXPECTED_FORMAT}.")
    try:
        return parse_history(parsed, settings)
    except InvalidHistory as exc:
        raise InvalidHistory(f"--history {path}: {exc}") from None


def _turn(entry: Any, position: int) -> HistoryTurn:
    if isinstance(entry, HistoryTurn):
        return entry
    if isinstance(entry, str):
        return HistoryTurn(question=entry.strip())
    if isinstance(entry, dict):
        get = entry.get
    elif hasattr(entry, "question"):  # e.g. a saved conversation's Turn
        def get(name, default=None):
            return getattr(entry, name, default)
    else:
        raise InvalidHistory(f"Entry {position} of the history is neither a question string nor an object "
                             f"with a \"question\"; expected {EXPECTED_FORMAT}.")
    question, answer = get("question"), get("answer")
    if not isinstance(question, str):
        raise InvalidHistory(f"Entry {position} of the history needs a \"question\" string.")
    if answer is not None and not isinstance(answer, str):
        raise InvalidHistory(f"Entry {position} of the history: \"answer\" must be a string.")
    standalone = get("standalone_question") or get("standalone") or ""
    own = get("own_question") or ""  # absent from histories stored before it was kept
    return HistoryTurn(question=question.strip(), answer=answer,
                       citations=_citations(get("citations") or [], position),
                       standalone=standalone if isinstance(standalone, str) else "",
                       own_question=own if isinstance(own, str) else "")


def _citations(raw: Any, position: int) -> tuple[CitedLocator, ...]:
    if not isinstance(raw, (list, tuple)):
        raise InvalidHistory(f"Entry {position} of the history: \"citations\" must be a list.")
    cited = []
    for c in raw:
        if isinstance(c, str):
            cited.append(CitedLocator(locator=c.strip()))
        elif isinstance(c, dict) and isinstance(c.get("locator"), str):
            cited.append(CitedLocator(locator=c["locator"], source_id=str(c.get("source_id") or "")))
        elif hasattr(c, "locator"):  # a Citation record
            cited.append(CitedLocator(locator=c.locator, source_id=getattr(c, "source_id", "")))
        else:
            raise InvalidHistory(f"Entry {position} of the history: each citation must be a locator string "
                                 "(\"Art. 112\") or an object with a \"locator\".")
    return tuple(cited)
