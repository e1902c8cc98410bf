"""The app's SQLite database (WAL mode): conversations and feedback, safe for many processes at once."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .workspaces import LEGACY_WORKSPACE

log = logging.getLogger(__name__)

DB_FILE = "eaeu-qa.sqlite3"
LEGACY_CONVERSATIONS_DIR = "conversations"  # one JSON file per conversation, before the database
LEGACY_FEEDBACK_FILE = "feedback.jsonl"
BUSY_TIMEOUT_S = 30.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS conversations (
    workspace TEXT NOT NULL, id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    deleted_at TEXT, PRIMARY KEY (workspace, id));
CREATE TABLE IF NOT EXISTS turns (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, turn_id TEXT NOT NULL UNIQUE, workspace TEXT NOT NULL,
    conversation_id TEXT NOT NULL, data TEXT NOT NULL, feedback TEXT);
CREATE INDEX IF NOT EXISTS turns_by_conversation ON turns (workspace, conversation_id, seq);
CREATE TABLE IF NOT EXISTS feedback (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, workspace TEXT NOT NULL, conversation_id TEXT NOT NULL,
    turn INTEGER NOT NULL, data TEXT NOT NULL, created_at TEXT NOT NULL);
"""

_ready: set[str] = set()
_ready_lock = threading.Lock()


class StorageError(OSError):
    """The database could not be read or written; the message says which file and why."""


def database_path(data_dir: Path) -> Path:
    return Path(data_dir) / DB_FILE


@contextmanager
def connect(path: Path, write: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection for one unit of work; with write=True it runs in one IMMEDIATE transaction.

    A connection per unit of work keeps threads (Streamlit sessions) and processes independent; WAL lets
    readers go on while one writer commits, and the busy timeout makes writers queue instead of failing.
    """
    path = Path(path)
    try:
        conn = _open(path)
    except sqlite3.Error as exc:
        raise StorageError(f"Cannot open the database {path}: {exc}") from exc
    try:
        if write:
            conn.execute("BEGIN IMMEDIATE")
        yield conn
        if write:
            conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        action = "write to" if write else "read"
        raise StorageError(f"Cannot {action} the database {path}: {exc}") from exc
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()


def _open(path: Path) -> sqlite3.Connection:
    key = str(path.resolve())
    if key not in _ready:
        with _ready_lock:
            if key not in _ready:
                _initialise(path)
                _ready.add(key)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    conn.execute("PRAGMA synchronous = NORMAL")  # durable across app crashes in WAL mode
    return conn


def _initialise(path: Path) -> None:
    """Create the file and schema (WAL mode), then import the JSON files of older versions once."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise sqlite3.OperationalError(f"cannot create the folder {path.parent} ({exc.strerror})") from exc
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(SCHEMA)
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM meta WHERE key = 'legacy_imported'").fetchone() is None:
                _import_legacy(conn, path.parent)
                conn.execute("INSERT INTO meta (key, value) VALUES ('legacy_imported', '1')")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()


def _import_legacy(conn: sqlite3.Connection, data_dir: Path) -> None:
    """Conversations and feedback from the JSON files of earlier versions go to LEGACY_WORKSPACE.

    They were shared by everyone who used the app, so they belong to no browser's workspace; the files
    are left in place. Unreadable files are skipped with a warning.
    """
    folder = data_dir / LEGACY_CONVERSATIONS_DIR
    imported = 0
    for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            conversation_id = data["id"]
            created, updated = data.get("created_at", ""), data.get("updated_at", "")
            conn.execute("INSERT OR IGNORE INTO conversations (workspace, id, created_at, updated_at) "
                         "VALUES (?, ?, ?, ?)", (LEGACY_WORKSPACE, conversation_id, created, updated))
            for number, turn in enumerate(data.get("turns", [])):
                turn.setdefault("turn_id", f"legacy-{conversation_id}-{number}")
                conn.execute("INSERT OR IGNORE INTO turns (turn_id, workspace, conversation_id, data, feedback) "
                             "VALUES (?, ?, ?, ?, ?)",
                             (turn["turn_id"], LEGACY_WORKSPACE, conversation_id, json.dumps(turn, ensure_ascii=False),
                              json.dumps(turn["feedback"]) if turn.get("feedback") is not None else None))
            imported += 1
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("Not importing the old conversation file %s: %s", file, exc)
    feedback_file = data_dir / LEGACY_FEEDBACK_FILE
    lines = feedback_file.read_text(encoding="utf-8", errors="replace").splitlines() if feedback_file.is_file() else []
    for line in lines:
        try:
            entry = json.loads(line)
            conn.execute("INSERT INTO feedback (workspace, conversation_id, turn, data, created_at) "
                         "VALUES (?, ?, ?, ?, ?)", (LEGACY_WORKSPACE, entry["conversation_id"], int(entry["turn"]),
                                                    json.dumps(entry, ensure_ascii=False), entry.get("created_at", "")))
        except (ValueError, KeyError, TypeError):
            continue
    if imported or lines:
        log.info("Imported %d old conversation file(s) and %d feedback line(s) into %s (shared workspace)",
                 imported, len(lines), data_dir / DB_FILE)
