"""Structures derived from the indexed chunks (word statistics), computed once and kept on disk.

A cold `eaeu-qa ask` used to recount the corpus's words in every process (0.3-0.5 s of CPU). The values
are pickled in the embedding cache folder under a key made of the chunks' texts and the source code that
computes them, so a changed corpus or changed code computes them afresh (docs/benchmarks.md).
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
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


class PackageTable:
    """A value built from an installed package alone (a word list, a lexicon): the same whatever the folder, so it is
    read once per folder and process (under a lock: Streamlit answers each session in its own thread) and kept on
    disk by `cached` in each caller's Settings.derived_dir under the package's version and the code file that builds
    it; a value read for one folder is written to the next, not built again. Without a folder, a value read for some
    folder, else one built without keeping it."""

    def __init__(self, name: str, package: str, code_file: str | Path, build: Callable[[], T]):
        self.name, self.package, self.code_file, self.build = name, package, code_file, build
        self.values: dict[Path | None, T] = {}
        self._lock = threading.Lock()

    def get(self, folder: Path | None) -> T:
        found = self.values.get(folder) if folder is not None else next(iter(self.values.values()), None)
        if found is not None:
            return found
        with self._lock:
            if folder in self.values:
                return self.values[folder]
            loaded = next(iter(self.values.values()), None)
            build = self.build if loaded is None else (lambda: loaded)
            if folder is None:
                value = build()
            else:
                from importlib import metadata

                name = f"{self.name}-{metadata.version(self.package)}"
                value = cached(name, [], [self.code_file], build, folder)
            self.values[folder] = value
            return value
