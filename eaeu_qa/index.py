"""The persistent Chroma index: fingerprinted builds in generations, atomic swap-in, staleness and corruption."""

from __future__ import annotations

import dataclasses
import errno
import json
import logging
import shutil
import time
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from . import index_server
from .chroma import server_label, uses_server
from .chunking import CHUNKER_VERSION, chunk_documents
from .corpus import load_manifest, verified_path
from .embeddings import get_encoder
from .files import atomic_write_text
from .generations import (ReaderLock, create_reader_lock, generation_dir, new_generation_id,
                          remove_leftovers, remove_unused, staging_dir)
from .index_delta import write_by_delta
from .index_info import (CHROMA_DIR, CHUNKS_FILE, INFO_FILE, IndexInfo, IndexUnavailable,  # noqa: F401 (re-exported)
                         current_generation, current_info, expected_fingerprint, index_problem, pointer_token,
                         read_info)
from .index_server import record_metadata
from .index_store import (ADD_BATCH, COLLECTION, SENTENCE_COLLECTION, ChromaFolder, IndexHandle,  # noqa: F401
                          LazyStore, check_exported, export_vectors, open_collection, read_chunks,
                          read_exported_vectors, release_chroma, write_chunks, chunk_metadata, add_records,
                          unit_records)
from .loaders import load_document
from .records import Chunk, Document
from .settings import Settings

Progress = Callable[[int, int], None]
Log = Callable[[str], None]
logger = logging.getLogger(__name__)


def load_documents(settings: Settings) -> list[Document]:
    return [load_document(spec, verified_path(spec, settings)) for spec in load_manifest(settings)]


def build_index(settings: Settings, progress: Progress | None = None, log: Log | None = None,
                reuse: bool = False) -> IndexInfo:
    """Chunk, embed and store everything in a new generation folder, then point index/index.json at it.

    Processes serving the previous generation keep answering from it; they switch on their next question
    (see live_index). Generations nobody serves any more are deleted afterwards.

    `reuse`: start from a copy of the current generation's Chroma folder and write only the records that
    differ (a changed source rewrites a few records instead of all ~3,500: docs/benchmarks.md). The result
    holds the same records and vectors as a build from nothing; any doubt about the copy means a build from
    nothing. `eaeu-qa index` reuses when the sources changed; `--rebuild` and a corrupt index do not.
    """
    log = log or logger.info
    started = time.perf_counter()
    chunks = chunk_documents(load_documents(settings))
    vectors = embed_in_one_pass(settings, chunks, progress)
    progress = None  # the collections below read every vector from the embedding cache: no waiting left
    generation = new_generation_id()
    if uses_server(settings):
        return _build_in_server(settings, chunks, generation, started, progress, log)
    target = settings.index_dir
    staging = staging_dir(target, generation)
    try:
        target.mkdir(parents=True, exist_ok=True)
        remove_leftovers(target)
        staging.mkdir()
    except OSError as exc:
        raise IndexUnavailable(_write_failure(f"create the index folder {staging.parent}", exc)) from exc
    chroma = staging / CHROMA_DIR
    try:
        write_chunks(staging / CHUNKS_FILE, chunks)
        written = write_by_delta(settings, chroma, chunks, vectors, log) if reuse else None
        if written is None:
            store = open_collection(chroma, settings)
            _fill(store, chunks, progress, with_records=False)
            unit_count = _add_units(chroma, settings, chunks)
        else:
            from .answering.evidence import write_word_vectors

            write_word_vectors(staging, settings.embedding, chunks)
            unit_count = written[1]
        export_vectors(staging, {name: open_collection(chroma, settings, create=False, collection=name)
                                  for name in (COLLECTION, SENTENCE_COLLECTION)})
        info = dataclasses.replace(_describe(settings, chunks, generation, started), unit_count=unit_count)
        check_exported(staging, read_exported_vectors(staging), chunks, info)
        description = json.dumps(asdict(info), indent=2)
        (staging / INFO_FILE).write_text(description, encoding="utf-8")
        create_reader_lock(staging)
        release_chroma(chroma)
        staging.rename(generation_dir(target, generation))
        atomic_write_text(target / INFO_FILE, description)  # the swap: readers switch on their next question
    except OSError as exc:
        raise IndexUnavailable(_write_failure(f"write the new index in {staging}", exc)) from exc
    finally:
        release_chroma(chroma)
        shutil.rmtree(staging, ignore_errors=True)
    remove_unused(target, keep={generation})
    how = "" if written is None else f"; {written[0]:,} records written, the rest copied from the previous generation"
    log(f"Index built: {info.chunk_count} chunks in {info.build_seconds:.1f} s{how} -> "
        f"{generation_dir(target, generation)}")
    return info


def embedded_texts(chunks: list[Chunk]) -> list[str]:
    """Every distinct text an index build embeds: chunks, the answerer's units and the corpus words."""
    from .answering.evidence import corpus_words
    from .answering.units import chunk_units, embedding_text

    units = [embedding_text(u) for c in chunks for u in chunk_units(c)]
    return list(dict.fromkeys([c.search_text for c in chunks] + units + corpus_words(chunks)))


def embed_in_one_pass(settings: Settings, chunks: list[Chunk], progress: Progress | None = None) -> dict:
    """Encode everything the build stores in one length-sorted, batched pass into the embedding cache;
    returns {text: vector}."""
    from .embeddings import encode

    texts = embedded_texts(chunks)
    vectors = encode(settings.embedding, texts, progress=progress)
    return dict(zip(texts, vectors))


def _fill(store, chunks: list[Chunk], progress: Progress | None, with_records: bool) -> None:
    get_encoder(store.embeddings.model)  # load (and export to ONNX once) before the first batch
    # Batches of similar length pad least: sentence-transformers sorts within one encode call, but
    # we embed batch by batch (for the progress bar), so sort here. Measured: unsorted 64-chunk
    # batches took 1.3x the time of one encode call over all chunks; sorted ones match it.
    position = {c.chunk_id: i for i, c in enumerate(chunks)}
    by_length = sorted(chunks, key=lambda c: len(c.search_text))
    for begin in range(0, len(by_length), ADD_BATCH):
        batch = by_length[begin:begin + ADD_BATCH]
        metadatas = [chunk_metadata(c) | (record_metadata(c, position[c.chunk_id]) if with_records else {})
                     for c in batch]
        store.add_texts([c.search_text for c in batch], metadatas=metadatas, ids=[c.chunk_id for c in batch])
        if progress:
            progress(min(begin + ADD_BATCH, len(chunks)), len(chunks))


def _describe(settings: Settings, chunks: list[Chunk], generation: str, started: float) -> IndexInfo:
    return IndexInfo(
        fingerprint=expected_fingerprint(settings),
        built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        build_seconds=round(time.perf_counter() - started, 2),
        chunk_count=len(chunks),
        chunks_per_source=_count_by_source(chunks),
        model=settings.model_name,
        chunker_version=CHUNKER_VERSION,
        generation=generation,
    )


def _build_in_server(settings: Settings, chunks: list[Chunk], generation: str, started: float,
                     progress: Progress | None, log: Log) -> IndexInfo:
    """The same build into a new collection of the Chroma server, then the pointer record is replaced."""
    try:
        _fill(index_server.open_generation(settings, generation, create=True), chunks, progress, with_records=True)
        # The answer units too (no word-vector file: without it the answerer encodes question words itself).
        units = _embed_units(index_server.open_units(settings, generation, create=True), chunks)
        info = dataclasses.replace(_describe(settings, chunks, generation, started), unit_count=units)
        index_server.publish(settings, info)
    except BaseException:
        index_server.discard(settings, generation)
        raise
    log(f"Index built: {info.chunk_count} chunks in {info.build_seconds:.1f} s -> "
        f"{index_server.collection_name(generation)} in {server_label(settings)}")
    return info


def _write_failure(action: str, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    hint = (" The folder is read-only: build the index where it can be written (EAEU_QA_INDEX_DIR) and copy it."
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) else "")
    return f"Cannot {action}: {reason}.{hint}"


def open_index(settings: Settings, rebuild: bool = True, progress: Progress | None = None,
               log: Log | None = None) -> IndexHandle:
    """Open the current generation; if it is missing, stale or corrupt, rebuild it (saying why) when `rebuild` is set.

    The returned handle holds a reader lock on its generation until handle.release().
    """
    log = log or logger.info
    if not uses_server(settings) and settings.index_dir.is_dir():
        remove_leftovers(settings.index_dir)
    problem = index_problem(settings)
    if problem is None:
        try:
            return _load(settings)
        except Exception as exc:  # a damaged sqlite file or chunk list shows up in many exception types
            problem = f"the index is corrupt ({type(exc).__name__}: {exc})"
    if not rebuild:
        raise IndexUnavailable(f"The index cannot be used: {problem}. Run `eaeu-qa index --rebuild`.")
    log(f"Rebuilding the index: {problem}.")
    build_index(settings, progress=progress, log=log, reuse=not problem.startswith("the index is corrupt"))
    return _load(settings)


def _load(settings: Settings) -> IndexHandle:
    """Open the generation the pointer names, under its reader lock (retrying if it was swapped meanwhile)."""
    index_dir = settings.index_dir
    if uses_server(settings):
        info = current_info(settings)
        store = index_server.open_generation(settings, info.generation)
        chunks = index_server.read_chunks(store)
        if len(chunks) != info.chunk_count:
            raise ValueError(f"{len(chunks)} chunks stored for {info.chunk_count} described")
        sentences = index_server.open_units(settings, info.generation)
        if sentences._collection.count() != info.unit_count:
            raise ValueError(f"{sentences._collection.count()} unit vectors stored for {info.unit_count} units")
        return IndexHandle(store=store, chunks=chunks, info=info, path=index_dir, sentences=sentences)
    for _attempt in range(5):
        info = read_info(index_dir)
        if info is None:
            raise ValueError(f"{index_dir / INFO_FILE} is missing or unreadable")
        folder = generation_dir(index_dir, info.generation)
        lock = ReaderLock(folder)
        if info.generation and not (folder / INFO_FILE).is_file():
            lock.release()  # deleted between reading the pointer and locking it: read the pointer again
            continue
        try:
            return _load_generation(settings, folder, info, lock)
        except BaseException:
            lock.release()
            raise
    raise ValueError(f"the index in {index_dir} kept changing while it was opened")


def _load_generation(settings: Settings, folder: Path, info: IndexInfo, lock: ReaderLock) -> IndexHandle:
    chunks = read_chunks(folder / CHUNKS_FILE)
    if info.chunk_count != len(chunks):
        raise ValueError(f"{len(chunks)} chunks listed for {info.chunk_count} described")
    chroma = ChromaFolder(settings, folder)
    exported = read_exported_vectors(folder)
    if exported is not None:
        check_exported(folder, exported, chunks, info)
        store = LazyStore(chroma, COLLECTION, exported[COLLECTION])
        sentences = LazyStore(chroma, SENTENCE_COLLECTION, exported[SENTENCE_COLLECTION])
        return IndexHandle(store=store, chunks=chunks, info=info, path=folder, lock=lock, sentences=sentences,
                           chroma=chroma)
    # An index built before the vector files existed: open Chroma now and check its counts, as before.
    store, sentences = LazyStore(chroma, COLLECTION), LazyStore(chroma, SENTENCE_COLLECTION)
    try:
        stored = store._collection.count()
        if stored != len(chunks):
            raise ValueError(f"{stored} vectors stored for {len(chunks)} chunks")
        if sentences._collection.count() != info.unit_count:
            raise ValueError(f"{sentences._collection.count()} unit vectors stored for {info.unit_count} units")
    except BaseException:
        chroma.close()
        raise
    return IndexHandle(store=store, chunks=chunks, info=info, path=folder, lock=lock, sentences=sentences,
                       chroma=chroma)


def _add_units(path: Path, settings: Settings, chunks: list[Chunk]) -> int:
    """Embed every answer unit of every chunk into the sentence collection; returns the unit count."""
    from .answering.evidence import write_word_vectors

    write_word_vectors(path.parent, settings.embedding, chunks)
    return _embed_units(open_collection(path, settings, collection=SENTENCE_COLLECTION), chunks)


def _embed_units(store, chunks: list[Chunk]) -> int:
    records = unit_records(chunks)
    add_records(store, records, sorted(range(len(records[0])), key=lambda k: len(records[1][k])))  # pad least
    return len(records[0])


def _count_by_source(chunks: list[Chunk]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for chunk in chunks:
        counts[chunk.source_id] = counts.get(chunk.source_id, 0) + 1
    return counts
