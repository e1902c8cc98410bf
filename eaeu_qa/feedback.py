"""Feedback on answers (helpful or not, optional comment), appended to a local JSONL file."""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

MAX_COMMENT_CHARS = 2000


@dataclass(frozen=True)
class FeedbackEntry:
    conversation_id: str
    turn: int  # 0-based index of the answer in its conversation
    question: str
    answer: str
    helpful: bool
    comment: str = ""
    cited_chunks: list[str] = field(default_factory=list)
    answerable: bool = True
    created_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))


def feedback_path(data_dir: Path) -> Path:
    return Path(data_dir) / "feedback.jsonl"


def record_feedback(path: Path, entry: FeedbackEntry) -> None:
    """Append one JSON line; a single O_APPEND write keeps concurrent sessions' lines whole."""
    data = dataclasses.asdict(entry)
    data["comment"] = (entry.comment or "").strip()[:MAX_COMMENT_CHARS]
    line = (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def read_feedback(path: Path) -> list[FeedbackEntry]:
    """Every readable entry; a damaged line (e.g. from a crash mid-write) is skipped."""
    if not path.is_file():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(FeedbackEntry(**json.loads(line)))
        except (ValueError, TypeError):
            continue
    return entries
