"""Incremental index builds: seed a new generation from a copy of the previous one, rewrite only what differs."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

from .generations import ReaderLock, generation_dir
from .index_info import CHROMA_DIR, INFO_FILE, read_info
from .index_store import (add_records, unit_records, COLLECTION, SENTENCE_COLLECTION, VECTORS_FILE, open_collection,
                          read_exported_vectors, release_chroma, chunk_metadata)
from .records import Chunk
from .settings import Settings

Log = Callable[[str], None]
# A reused build gives up (and writes everything) when more than this share of the records differ.
REUSE_LIMIT = 0.5


class _NotReused(Exception):
    """The previous generation cannot seed this build; the reason is the message."""


def write_by_delta(settings: Settings, chroma: Path, chunks: list[Chunk], vectors: dict,
                    log: Log) -> tuple[int, int] | None:
    """Fill `chroma` from a copy of the current generation's Chroma folder, writing only the records that
    differ. Returns (records written, unit count), or None (and leaves no folder) when it cannot.

    A folder copy because Chroma has no supported way to start a collection from another one here: its
    `Collection.fork` is not implemented for local Chroma (chromadb 1.5, api/rust.py), and reading every
    record out and adding it again costs what a build from nothing costs (the per-record upsert)."""
    info = read_info(settings.index_dir)
    if info is None or not info.generation or info.model != settings.model_name:
        return None
    previous = generation_dir(settings.index_dir, info.generation)
    lock = ReaderLock(previous)  # cleanup cannot delete it while it is copied
    try:
        if not (previous / VECTORS_FILE).is_file() or not (previous / INFO_FILE).is_file():
            raise _NotReused("it has no exported vectors")
        exported = read_exported_vectors(previous)
        _copy_chroma(previous / CHROMA_DIR, chroma)
        units = unit_records(chunks)
        written = sum(_sync_collection(open_collection(chroma, settings, create=False, collection=name), records,
                                       vectors, exported[name])
                      for name, records in ((COLLECTION, _chunk_records(chunks)), (SENTENCE_COLLECTION, units)))
        return written, len(units[0])
    except Exception as exc:  # noqa: BLE001 - whatever went wrong, a build from nothing is still possible
        log(f"Writing every record (the previous index generation was not reused: {exc}).")
        release_chroma(chroma)
        shutil.rmtree(chroma, ignore_errors=True)
        return None
    finally:
        lock.release()


def _copy_chroma(source: Path, target: Path) -> None:
    """Copy a Chroma folder; refuse the copy when any file changed meanwhile (a process had it open)."""
    def state():
        return {str(p.relative_to(source)): (p.stat().st_size, p.stat().st_mtime_ns)
                for p in sorted(source.rglob("*")) if p.is_file()}

    before = state()
    shutil.copytree(source, target, copy_function=shutil.copyfile)
    if state() != before:
        raise _NotReused("its Chroma files changed while they were copied")


def _chunk_records(chunks: list[Chunk]) -> tuple[list[str], list[str], list[dict]]:
    """(ids, documents, metadatas) of the chunk collection, as _fill writes them."""
    return ([c.chunk_id for c in chunks], [c.search_text for c in chunks], [chunk_metadata(c) for c in chunks])


def _sync_collection(store, records: tuple[list[str], list[str], list[dict]], vectors: dict,
                     previous: tuple[list[str], object]) -> int:
    """Make a copied collection hold exactly `records`: records whose document or metadata differ, or whose
    vector is not the one the previous generation exported, are deleted or written again. Returns how many
    were written.

    A kept record's vector is the one Chroma stored for the same cached vector of the same text (the cache
    adds a text's vector once and never replaces it), so it is bit for bit what a build from nothing
    stores. It is not compared with the cached vector exactly: with cosine distance Chroma stores its own
    normalisation of it (differences of ~1e-8); a difference above 1e-5 (another model) drops the record."""
    import numpy as np

    ids, documents, metadatas = records
    if len(set(ids)) != len(ids):
        raise _NotReused("duplicate record ids")
    wanted = {i: (d, m) for i, d, m in zip(ids, documents, metadatas)}
    exported = dict(zip(*previous))
    stored = store._collection.get(include=["documents", "metadatas", "embeddings"])
    kept = set()
    for i, d, m, e in zip(stored["ids"], stored["documents"], stored["metadatas"], stored["embeddings"]):
        vector = np.asarray(e, dtype=np.float32)
        if wanted.get(i) != (d, m) or i not in exported or not np.array_equal(vector, exported[i]):
            continue
        if np.abs(vector - vectors[d]).max() <= 1e-5:
            kept.add(i)
    stale = [i for i in stored["ids"] if i not in kept]
    missing = [k for k, i in enumerate(ids) if i not in kept]
    if len(stale) + len(missing) > REUSE_LIMIT * max(len(ids), 1):
        raise _NotReused(f"{len(stale) + len(missing):,} of {len(ids):,} records differ")
    if stale:
        store.delete(ids=stale)
    add_records(store, records, missing)
    if store._collection.count() != len(ids):
        raise _NotReused(f"{store._collection.count()} records after the update for {len(ids)} wanted")
    return len(missing)
