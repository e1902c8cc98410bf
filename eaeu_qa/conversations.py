"""Conversations: turns with their citations, saved as JSON files (atomically) so they survive reloads."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .files import atomic_write_text
from .records import Answer, Citation

log = logging.getLogger(__name__)

_ID = re.compile(r"[0-9a-f]{12,32}")
TITLE_CHARS = 60


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
    asked_at: str = field(default_factory=_now)
    feedback: dict[str, Any] | None = None  # {"helpful": bool, "comment": str} once given

    @classmethod
    def from_answer(cls, question: str, answer: Answer) -> "Turn":
        return cls(question=question, answer=answer.answer, answerable=answer.answerable,
                   citations=list(answer.citations), note=answer.note,
                   standalone_question=answer.standalone_question)

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
                   standalone_question=data.get("standalone_question", ""), asked_at=data.get("asked_at", ""),
                   feedback=data.get("feedback"))


@dataclass
class Conversation:
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    created_at: str = field(default_factory=_now)
    updated_at: str = field(default_factory=_now)
    turns: list[Turn] = field(default_factory=list)

    @property
    def title(self) -> str:
        if not self.turns:
            return "New conversation"
        first = " ".join(self.turns[0].question.split())
        return first if len(first) <= TITLE_CHARS else first[:TITLE_CHARS - 1].rstrip() + "…"

    def history(self) -> list[dict[str, Any]]:
        """Earlier turns, oldest first, with the answers shown: what the chain needs to resolve a follow-up
        (QAChain.ask's history format, so nothing is answered twice)."""
        return [{"question": t.question, "answer": t.answer, "standalone_question": t.standalone_question,
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
    id: str
    title: str
    updated_at: str
    turns: int


def is_valid_id(conversation_id: str) -> bool:
    return bool(conversation_id) and _ID.fullmatch(conversation_id) is not None


class ConversationStore:
    """One JSON file per conversation in `root` (settings.data_dir / "conversations")."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, conversation_id: str) -> Path:
        # The id comes from the URL (?c=...): only hex ids, so it can never name a file outside root.
        if not is_valid_id(conversation_id):
            raise ConversationNotFound(f"{conversation_id!r} is not a conversation id.")
        return self.root / f"{conversation_id}.json"

    def save(self, conversation: Conversation) -> Path:
        """Write to a temp file beside the target, then rename: a crash never leaves half a file."""
        content = json.dumps(conversation.to_dict(), ensure_ascii=False, indent=1)
        return atomic_write_text(self._path(conversation.id), content)

    def load(self, conversation_id: str) -> Conversation:
        path = self._path(conversation_id)
        try:
            return Conversation.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError as exc:
            raise ConversationNotFound(f"Conversation {conversation_id} does not exist.") from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise ConversationNotFound(f"Conversation {conversation_id} is unreadable ({exc}).") from exc

    def list(self) -> list[ConversationSummary]:
        """Saved conversations, most recently updated first; unreadable files are skipped (and logged)."""
        summaries = []
        for path in self.root.glob("*.json"):
            if not is_valid_id(path.stem):
                continue
            try:
                conversation = self.load(path.stem)
            except ConversationNotFound as exc:
                log.warning("Skipping %s: %s", path, exc)
                continue
            summaries.append(ConversationSummary(conversation.id, conversation.title, conversation.updated_at,
                                                 len(conversation.turns)))
        return sorted(summaries, key=lambda s: s.updated_at, reverse=True)

    def delete(self, conversation_id: str) -> bool:
        try:
            self._path(conversation_id).unlink()
            return True
        except (FileNotFoundError, ConversationNotFound):
            return False
