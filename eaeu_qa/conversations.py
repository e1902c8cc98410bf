"""Conversations: turns with their citations, saved per workspace in SQLite so they survive reloads."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .database import connect, database_path
from .records import Answer, Citation
from .settings import Settings
from .workspaces import checked_workspace

log = logging.getLogger(__name__)

_ID = re.compile(r"[0-9a-f]{12,32}")
TITLE_CHARS = 60
# A deleted conversation can be restored (the sidebar's Undo) for this long; the next deletion in its workspace
# after that removes it for good.
RESTORABLE_FOR = timedelta(days=1)


class ConversationNotFound(LookupError):
    """No saved conversation has this id (deleted, never saved, or not a valid id)."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Turn:
    """One question and the answer shown for it, with everything needed to show it again."""

    question: str
    answer: str
    answerable: bool
    citations: list[Citation] = field(default_factory=list)
    note: str = ""
    standalone_question: str = ""  # how a follow-up was understood, with the history folded in
    own_question: str = ""  # that without the conversation's topic put before it (Answer.own_question)
    refusal: str = ""  # why it was refused (Answer.refusal): the label shown over the refusal depends on it
    asked_at: str = field(default_factory=_now)
    feedback: dict[str, Any] | None = None  # {"helpful": bool, "comment": str} once given
    turn_id: str = field(default_factory=lambda: uuid.uuid4().hex)  # identity in the database

    @classmethod
    def from_answer(cls, question: str, answer: Answer) -> "Turn":
        return cls(question=question, answer=answer.answer, answerable=answer.answerable,
                   citations=list(answer.citations), note=answer.note,
                   standalone_question=answer.standalone_question, own_question=answer.own_question,
                   refusal=answer.refusal)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["citations"] = [dataclasses.asdict(c) for c in self.citations]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Turn":
        names = {f.name for f in dataclasses.fields(Citation)}
        citations = [Citation(**{k: v for k, v in c.items() if k in names}) for c in data.get("citations", [])]
        return cls(question=data["question"], answer=data.get("answer", ""),
                   answerable=bool(data.get("answerable", False)), citations=citations,
                   note=data.get("note", ""),
                   standalone_question=data.get("standalone_question", ""),
                   own_question=data.get("own_question", ""), refusal=data.get("refusal", ""),
                   asked_at=data.get("asked_at", ""),
                   feedback=data.get("feedback"), turn_id=data.get("turn_id") or uuid.uuid4().hex)


@dataclass
class Conversation:
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    created_at: str = field(default_factory=_now)
    updated_at: str = field(default_factory=_now)
    turns: list[Turn] = field(default_factory=list)

    @property
    def title(self) -> str:
        return title_of(self.turns[0].question) if self.turns else "New conversation"

    def history(self) -> list[dict[str, Any]]:
        """Earlier turns, oldest first, with the answers shown: what the chain needs to resolve a follow-up
        (QAChain.ask's history format, so nothing is answered twice)."""
        return [{"question": t.question, "answer": t.answer, "standalone_question": t.standalone_question,
                 "own_question": t.own_question,
                 "citations": [{"locator": c.locator, "source_id": c.source_id} for c in t.citations]}
                for t in self.turns]

    def add(self, turn: Turn) -> None:
        self.turns.append(turn)
        self.updated_at = _now()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "created_at": self.created_at, "updated_at": self.updated_at,
                "turns": [t.to_dict() for t in self.turns]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Conversation":
        return cls(id=data["id"], created_at=data.get("created_at", ""), updated_at=data.get("updated_at", ""),
                   turns=[Turn.from_dict(t) for t in data.get("turns", [])])


@dataclass(frozen=True)
class ConversationSummary:
    """What the conversation list shows, read without loading the turns: the first question and answer."""

    id: str
    title: str
    updated_at: str
    turns: int
    created_at: str = ""
    first_question: str = ""
    first_answer: str = ""
    first_answerable: bool = True
    first_refusal: str = ""


def title_of(question: str) -> str:
    first = " ".join(question.split())
    return first if len(first) <= TITLE_CHARS else first[:TITLE_CHARS - 1].rstrip() + "…"


def is_valid_id(conversation_id: str) -> bool:
    return bool(conversation_id) and _ID.fullmatch(conversation_id) is not None


class ConversationStore:
    """The conversations of one workspace, in the app's SQLite database (settings.data_dir / DB_FILE).

    Turns are rows of their own, keyed by turn_id: saving inserts the turns the database lacks and
    never rewrites the others, so two processes adding turns to one conversation lose nothing.
    """

    def __init__(self, db_path: Path, workspace: str):
        self.db_path = Path(db_path)
        self.workspace = checked_workspace(workspace)

    @classmethod
    def for_workspace(cls, settings: Settings, workspace: str) -> "ConversationStore":
        return cls(database_path(settings.data_dir), workspace)

    @staticmethod
    def _checked(conversation_id: str) -> str:
        # The id comes from the URL (?c=...): only hex ids are accepted.
        if not is_valid_id(conversation_id):
            raise ConversationNotFound(f"{conversation_id!r} is not a conversation id.")
        return conversation_id

    def save(self, conversation: Conversation) -> None:
        """Create the conversation if new, add the turns not stored yet, record feedback given since."""
        self._checked(conversation.id)
        rows = [(t.turn_id, self.workspace, conversation.id, json.dumps(t.to_dict(), ensure_ascii=False),
                 json.dumps(t.feedback, ensure_ascii=False) if t.feedback is not None else None)
                for t in conversation.turns]
        with connect(self.db_path, write=True) as conn:
            conn.execute("INSERT INTO conversations (workspace, id, created_at, updated_at) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT (workspace, id) DO UPDATE SET updated_at = max(updated_at, excluded.updated_at), "
                         "deleted_at = NULL",
                         (self.workspace, conversation.id, conversation.created_at, conversation.updated_at))
            conn.executemany("INSERT INTO turns (turn_id, workspace, conversation_id, data, feedback) "
                             "VALUES (?, ?, ?, ?, ?) ON CONFLICT (turn_id) DO UPDATE SET feedback = excluded.feedback "
                             "WHERE excluded.feedback IS NOT NULL AND turns.workspace = excluded.workspace", rows)

    def load(self, conversation_id: str) -> Conversation:
        self._checked(conversation_id)
        with connect(self.db_path) as conn:
            row = conn.execute("SELECT * FROM conversations WHERE workspace = ? AND id = ? AND deleted_at IS NULL",
                               (self.workspace, conversation_id)).fetchone()
            if row is None:
                raise ConversationNotFound(f"Conversation {conversation_id} does not exist.")
            turns = conn.execute("SELECT data, feedback FROM turns WHERE workspace = ? AND conversation_id = ? "
                                 "ORDER BY seq", (self.workspace, conversation_id)).fetchall()
        conversation = Conversation(id=row["id"], created_at=row["created_at"], updated_at=row["updated_at"])
        for data, feedback in turns:
            try:
                turn = Turn.from_dict(json.loads(data))
            except (ValueError, KeyError, TypeError) as exc:
                log.warning("Skipping an unreadable turn of conversation %s: %s", conversation_id, exc)
                continue
            if feedback is not None:
                turn.feedback = json.loads(feedback)
            conversation.turns.append(turn)
        return conversation

    def list(self) -> list[ConversationSummary]:
        """This workspace's conversations with at least one turn, most recently updated first."""
        with connect(self.db_path) as conn:
            rows = conn.execute(
                "SELECT c.id, c.created_at, c.updated_at, count(t.seq) AS turns, "
                "(SELECT data FROM turns f WHERE f.workspace = c.workspace AND f.conversation_id = c.id "
                " ORDER BY f.seq LIMIT 1) AS first "
                "FROM conversations c JOIN turns t ON t.workspace = c.workspace AND t.conversation_id = c.id "
                "WHERE c.workspace = ? AND c.deleted_at IS NULL GROUP BY c.id ORDER BY c.updated_at DESC, c.id",
                (self.workspace,)).fetchall()
        summaries = []
        for row in rows:
            try:
                first = json.loads(row["first"])
                question = first["question"]
            except (ValueError, KeyError, TypeError):
                first, question = {}, ""
            summaries.append(ConversationSummary(
                row["id"], title_of(question), row["updated_at"], row["turns"], created_at=row["created_at"],
                first_question=question, first_answer=str(first.get("answer", "")),
                first_answerable=bool(first.get("answerable", False)), first_refusal=str(first.get("refusal", ""))))
        return summaries

    def delete(self, conversation_id: str) -> bool:
        """Hide the conversation: restore() undoes this for RESTORABLE_FOR; the workspace's conversations
        deleted longer ago than that are removed for good now."""
        hidden = self._set_deleted(conversation_id, _now())
        self.purge_deleted(older_than=(datetime.now(timezone.utc) - RESTORABLE_FOR).isoformat(timespec="seconds"))
        return hidden

    def restore(self, conversation_id: str) -> bool:
        return self._set_deleted(conversation_id, None)

    def _set_deleted(self, conversation_id: str, when: str | None) -> bool:
        if not is_valid_id(conversation_id):
            return False
        condition = "deleted_at IS NULL" if when else "deleted_at IS NOT NULL"
        with connect(self.db_path, write=True) as conn:
            changed = conn.execute(f"UPDATE conversations SET deleted_at = ? WHERE workspace = ? AND id = ? "
                                   f"AND {condition}", (when, self.workspace, conversation_id)).rowcount
        return changed > 0

    def purge_deleted(self, older_than: str) -> int:
        """Remove for good the conversations deleted before `older_than` (an ISO time); returns how many."""
        with connect(self.db_path, write=True) as conn:
            doomed = [r[0] for r in conn.execute(
                "SELECT id FROM conversations WHERE workspace = ? AND deleted_at IS NOT NULL AND deleted_at < ?",
                (self.workspace, older_than))]
            for conversation_id in doomed:
                conn.execute("DELETE FROM turns WHERE workspace = ? AND conversation_id = ?",
                             (self.workspace, conversation_id))
                conn.execute("DELETE FROM conversations WHERE workspace = ? AND id = ?",
                             (self.workspace, conversation_id))
        return len(doomed)
