"""The embedding cache: vectors keyed by model id and text hash in SQLite, so rebuilds re-embed only new text."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import numpy as np

CACHE_FILE = "vectors.sqlite"
_LOOKUP_CHUNK = 500  # SQLite's bound-parameter limit is far above this


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


class EmbeddingCache:
    """(model id, sha256(text)) -> float32 vector. Thread-safe; every failure degrades to a cache miss."""

    def __init__(self, folder: Path):
        self.path = folder / CACHE_FILE
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._broken = False

    def _connection(self) -> sqlite3.Connection | None:
        if self._conn is None and not self._broken:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, text_hash BLOB NOT NULL, "
                             "vector BLOB NOT NULL, PRIMARY KEY (model, text_hash)) WITHOUT ROWID")
                self._conn = conn
            except (OSError, sqlite3.Error):
                self._broken = True  # read-only or damaged folder: run without a cache
        return self._conn

    def get_many(self, model: str, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        with self._lock:
            conn = self._connection()
            if conn is None:
                return found
            unique = list(dict.fromkeys(keys))
            try:
                for begin in range(0, len(unique), _LOOKUP_CHUNK):
                    part = unique[begin:begin + _LOOKUP_CHUNK]
                    rows = conn.execute(f"SELECT text_hash, vector FROM vectors WHERE model = ? AND text_hash IN "
                                        f"({','.join('?' * len(part))})", [model, *part]).fetchall()
                    found.update((bytes(k), np.frombuffer(v, dtype=np.float32)) for k, v in rows)
            except sqlite3.Error:
                return {}
        return found

    def put_many(self, model: str, items: list[tuple[bytes, np.ndarray]]) -> None:
        if not items:
            return
        with self._lock:
            conn = self._connection()
            if conn is None:
                return
            try:
                conn.execute("BEGIN")
                conn.executemany("INSERT OR REPLACE INTO vectors (model, text_hash, vector) VALUES (?, ?, ?)",
                                 [(model, k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items])
                conn.execute("COMMIT")
            except sqlite3.Error:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass

    def count(self, model: str | None = None) -> int:
        with self._lock:
            conn = self._connection()
            if conn is None:
                return 0
            if model is None:
                return conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
            return conn.execute("SELECT COUNT(*) FROM vectors WHERE model = ?", [model]).fetchone()[0]

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
