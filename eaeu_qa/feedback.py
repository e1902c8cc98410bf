"""Feedback on answers (helpful or not, optional comment), one row per verdict in the app's SQLite database."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .database import StorageError, connect, database_path
from .workspaces import LEGACY_WORKSPACE

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
    workspace: str = LEGACY_WORKSPACE  # whose conversation it is (the app always sets it)


def feedback_path(data_dir: Path) -> Path:
    """Where feedback is kept: the app's database (the same file as the conversations)."""
    return database_path(data_dir)


def record_feedback(path: Path, entry: FeedbackEntry) -> None:
    """Insert one entry; concurrent sessions and processes queue on the database lock, nothing is lost."""
    data = dataclasses.asdict(entry)
    data["comment"] = (entry.comment or "").strip()[:MAX_COMMENT_CHARS]
    with connect(path, write=True) as conn:
        conn.execute("INSERT INTO feedback (workspace, conversation_id, turn, data, created_at) VALUES (?, ?, ?, ?, ?)",
                     (entry.workspace, entry.conversation_id, entry.turn, json.dumps(data, ensure_ascii=False),
                      entry.created_at))


def read_feedback(path: Path, workspace: str | None = None) -> list[FeedbackEntry]:
    """Every readable entry in insertion order (of one workspace, or all); damaged rows are skipped."""
    if not Path(path).is_file():
        return []
    query, params = "SELECT data FROM feedback ORDER BY seq", ()
    if workspace is not None:
        query, params = "SELECT data FROM feedback WHERE workspace = ? ORDER BY seq", (workspace,)
    with connect(path) as conn:
        rows = conn.execute(query, params).fetchall()
    names = {f.name for f in dataclasses.fields(FeedbackEntry)}
    entries = []
    for (data,) in rows:
        try:
            entries.append(FeedbackEntry(**{k: v for k, v in json.loads(data).items() if k in names}))
        except (ValueError, TypeError):
            continue
    return entries


__all__ = ["FeedbackEntry", "MAX_COMMENT_CHARS", "StorageError", "feedback_path", "read_feedback", "record_feedback"]
