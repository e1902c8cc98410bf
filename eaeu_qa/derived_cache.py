"""Structures derived from the indexed chunks (word statistics), computed once and kept on disk.

A cold `eaeu-qa ask` used to recount the corpus's words in every process (0.3-0.5 s of CPU). The values
are pickled in the embedding cache folder under a key made of the chunks' texts and the source code that
computes them, so a changed corpus or changed code computes them afresh (docs/benchmarks.md).
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from .files import atomic_write, keep_newest

T = TypeVar("T")
KEEP = 24  # files kept in the folder (the most recently written)
log = logging.getLogger(__name__)


def content_key(name: str, code_files: Iterable[str | Path], texts: Iterable[str]) -> str | None:
    """A digest of a name, the code files that compute the value and the texts it is computed from (None when
    a code file cannot be read: nothing is then cached)."""
    digest = hashlib.sha256(name.encode())
    try:
        for path in code_files:
            digest.update(Path(path).read_bytes())
    except OSError:
        return None
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass") + b"\x00")
    return digest.hexdigest()[:32]


def chunk_texts(chunks: Iterable) -> Iterable[str]:
    """Every text of every chunk that a derived value may depend on."""
    for chunk in chunks:
        yield from (chunk.chunk_id, chunk.text, chunk.search_text, chunk.source_id, chunk.short_title, chunk.title)


def cached(name: str, chunks: list, code_files: Iterable[str | Path], build: Callable[[], T], folder: Path) -> T:
    """build(), or the value an earlier process stored for the same chunks and code in `folder` (the caller's
    Settings.derived_dir)."""
    key = content_key(name, code_files, chunk_texts(chunks))
    if key is None:
        return build()
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
    try:
        atomic_write(path, lambda out: pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL))
        keep_newest(path.parent.glob("*.pickle"), KEEP)
    except OSError:
        log.debug("Could not keep %s", path, exc_info=True)
