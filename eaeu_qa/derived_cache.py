"""Structures derived from the indexed chunks (word statistics), computed once and kept on disk.

A cold `eaeu-qa ask` used to recount the corpus's words in every process (0.3-0.5 s of CPU). The values
are pickled in the embedding cache folder under a key made of the chunks' texts and the source code that
computes them, so a changed corpus or changed code computes them afresh (docs/benchmarks.md).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from pathlib import Path
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
KEEP = 24  # files kept in the folder (the most recently written)
log = logging.getLogger(__name__)


def cache_folder() -> Path:
    from .settings import get_settings

    return get_settings().embedding_cache_dir / "derived"


def content_key(name: str, chunks: Iterable, code_files: Iterable[str | Path]) -> str | None:
    """A digest of the value's name, the code files that compute it and every chunk's texts."""
    digest = hashlib.sha256(name.encode())
    try:
        for path in code_files:
            digest.update(Path(path).read_bytes())
    except OSError:
        return None
    for chunk in chunks:
        for text in (chunk.chunk_id, chunk.text, chunk.search_text, chunk.source_id, chunk.short_title, chunk.title):
            digest.update(text.encode("utf-8", "surrogatepass") + b"\x00")
    return digest.hexdigest()[:32]


def cached(name: str, chunks: list, code_files: Iterable[str | Path], build: Callable[[], T],
           folder: Path | None = None) -> T:
    """build(), or the value an earlier process stored for the same chunks and code."""
    key = content_key(name, chunks, code_files)
    if key is None:
        return build()
    folder = folder or cache_folder()
    path = folder / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - damaged or written by other code: compute it again
        log.debug("Ignoring the unreadable %s", path, exc_info=True)
    value = build()
    _store(path, value)
    return value


def _store(path: Path, value) -> None:
    """Best effort: a read-only cache folder only costs the computation next time."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
        files = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        partial.unlink(missing_ok=True)
