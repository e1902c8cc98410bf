"""Question sets: the JSONL format of eval/README.md parsed into items; bad lines become problems."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class EvalItem:
    """One line of a question set (see eval/README.md)."""

    id: str
    question: str
    history: list[str]
    answerable: bool
    gold_passages: list[str]
    key_facts: list[list[str]]
    line: int = 0

    @property
    def group(self) -> str:
        """The id's leading letters: 'art07' -> 'art'."""
        return re.match(r"[A-Za-z]*", self.id).group() or "other"


@dataclass(frozen=True)
class ItemProblem:
    """A line that could not be used, with its 1-based line number."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class Dataset:
    items: list[EvalItem]
    problems: list[ItemProblem]
    sha256: str
    name: str = ""


def parse_dataset(data: bytes, name: str = "") -> Dataset:
    """Every valid item of a JSONL text; bad lines become problems with line numbers, never exceptions."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Dataset([], [ItemProblem(0, f"the file is not UTF-8 text ({exc.reason})")],
                       hashlib.sha256(data).hexdigest(), name)
    items, problems, seen = [], [], set()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            item = _parse_item(raw, number)
        except ValueError as exc:
            problems.append(ItemProblem(number, str(exc)))
            continue
        if item.id in seen:
            problems.append(ItemProblem(number, f"duplicate id {item.id!r}"))
            continue
        seen.add(item.id)
        items.append(item)
    if not items and not problems:
        problems.append(ItemProblem(0, "the file holds no items"))
    return Dataset(items, problems, hashlib.sha256(data).hexdigest(), name)


def read_dataset(path: Path) -> Dataset:
    return parse_dataset(Path(path).read_bytes(), name=str(path))


def _parse_item(raw: str, line: int) -> EvalItem:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    missing = [name for name in ("id", "question", "answerable") if name not in data]
    if missing:
        raise ValueError(f"missing field(s): {', '.join(missing)}")
    checks = [
        ("id", isinstance(data["id"], str) and data["id"].strip() != "", "a non-empty string"),
        ("question", isinstance(data["question"], str) and data["question"].strip() != "", "a non-empty string"),
        ("answerable", isinstance(data["answerable"], bool), "true or false"),
        ("history", _is_str_list(data.get("history", [])), "a list of strings"),
        ("gold_passages", _is_str_list(data.get("gold_passages", [])), "a list of strings"),
        ("key_facts", isinstance(data.get("key_facts", []), list)
         and all(_is_str_list(fact) and fact for fact in data.get("key_facts", [])),
         "a list of non-empty lists of strings"),
    ]
    for name, ok, expected in checks:
        if not ok:
            raise ValueError(f"field {name!r} must be {expected}")
    if data["answerable"] and not data.get("gold_passages"):
        raise ValueError("an answerable item needs at least one gold passage")
    return EvalItem(id=data["id"].strip(), question=data["question"], history=list(data.get("history", [])),
                    answerable=data["answerable"], gold_passages=list(data.get("gold_passages", [])),
                    key_facts=[list(f) for f in data.get("key_facts", [])], line=line)


def _is_str_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)
