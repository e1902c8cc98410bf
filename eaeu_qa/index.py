"""The persistent Chroma index: fingerprinted builds in generations, atomic swap-in, staleness and corruption."""

from __future__ import annotations

import atexit
import dataclasses
import errno
import json
import logging
import shutil
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from .chunking import CHUNKER_VERSION, chunk_documents
from .corpus import load_manifest, verified_path
from .embeddings import get_encoder
from .files import atomic_write_text
from . import index_server
from .chroma import open_store, server_label, store_folder, uses_server
from .generations import (ReaderLock, create_reader_lock, generation_dir, new_generation_id,
                          remove_leftovers, remove_unused, staging_dir)
from .index_server import record_metadata
from .loaders import load_document
from .records import Chunk, Document
from .index_info import (CHROMA_DIR, CHUNKS_FILE, INFO_FILE, IndexInfo, IndexUnavailable,  # noqa: F401 (re-exported)
                         current_generation, current_info, expected_fingerprint, index_problem, pointer_token,
                         read_info)
from .settings import Settings

COLLECTION = "eaeu_qa"
# Second collection of the same index: one vector per sentence, list item and definition of every chunk
# (multi-vector retrieval: match on units, return the parent chunk; the answerer reads the same vectors).
SENTENCE_COLLECTION = "eaeu_qa_sentences"
ADD_BATCH = 64
# The build also writes every stored vector of both collections beside the Chroma folder (ids in
# VECTORS_FILE, one float32 .npy per collection, rows in id order, values exactly as Chroma returns them).
# Searching the corpus and the answerer need only these vectors (exact search, eaeu_qa/retrieval.py), so a
# one-shot `eaeu-qa ask` reads ~5 MB of numpy instead of importing chromadb and starting its client (about
# 1 s of CPU; docs/benchmarks.md). Chroma stays the store: it is opened on first use (LazyStore).
VECTORS_FILE = "vectors.json"
VECTORS_FORMAT = 1
# A valid SQLite database starts with these bytes (sqlite.org/fileformat.html, "The Database Header").
SQLITE_MAGIC = b"SQLite format 3\x00"

Progress = Callable[[int, int], None]
Log = Callable[[str], None]
logger = logging.getLogger(__name__)


@dataclass
class IndexHandle:
    """An opened index: the LangChain Chroma store plus the chunk records it holds.

    For a local index generation, `store` and `sentences` are LazyStores: Chroma is opened the first time
    something other than the exported vectors is needed."""

    store: object  # langchain_chroma.Chroma, or a LazyStore over one
    chunks: list[Chunk]
    info: IndexInfo
    path: Path
    lock: ReaderLock | None = field(default=None, repr=False, compare=False)
    sentences: object | None = None  # langchain_chroma.Chroma (or LazyStore) of the unit vectors; None for uploads
    chroma: "_ChromaFolder | None" = field(default=None, repr=False, compare=False)

    def chunk(self, chunk_id: str) -> Chunk:
        return self._by_id[chunk_id]

    @property
    def generation(self) -> str:
        return self.info.generation

    @property
    def read_only(self) -> bool:
        """Served from a private copy because the index folder cannot be written (known once Chroma is open)."""
        return self.chroma is not None and self.chroma.read_only

    def release(self) -> None:
        """Stop serving this generation: let cleanup delete its files once no other process needs them."""
        if self.lock is not None and self.lock.held and self.chroma is not None:
            self.chroma.close()
        if self.lock is not None:
            self.lock.release()

    @property
    def store_path(self) -> str:
        return store_folder(self.store)

    def __post_init__(self):
        self._by_id = {c.chunk_id: c for c in self.chunks}


class LazyStore:
    """A langchain_chroma.Chroma store of one collection of an index generation, opened on first use.

    `exported_vectors` is (ids in sorted order, float32 matrix) from the build's vector files, or None; the
    retriever and the answerer read it instead of asking Chroma (eaeu_qa/retrieval.py, answering/vectors.py).
    Any other attribute opens the store and is read from it. Private names other than the store's own
    `_collection` / `_client` are not forwarded: callers cache derived data on the store object under
    private names, and looking for such a cache must not open Chroma.
    """

    _FORWARDED_PRIVATE = frozenset({"_collection", "_client", "_embedding_function", "_collection_name"})

    def __init__(self, chroma: "_ChromaFolder", collection: str, exported_vectors=None):
        self._chroma = chroma
        self._name = collection
        self.exported_vectors = exported_vectors

    @property
    def opened(self) -> bool:
        return self._name in self._chroma.stores

    def open(self):
        """The langchain_chroma.Chroma store (opened once)."""
        return self._chroma.store(self._name)

    def __getattr__(self, name: str):
        if name.startswith("_") and name not in self._FORWARDED_PRIVATE:
            raise AttributeError(name)
        return getattr(self.open(), name)

    def __repr__(self) -> str:
        return f"LazyStore({self._name!r}, opened={self.opened})"


class _ChromaFolder:
    """The Chroma client of one generation folder, opened on first use (thread-safe). A read-only index is
    served from a private copy, because Chroma opens its files for writing."""

    def __init__(self, settings: Settings, folder: Path):
        self.settings = settings
        self.folder = folder  # the generation folder
        self.stores: dict[str, object] = {}
        self.path = ""  # the Chroma folder actually opened (the original or the private copy)
        self.read_only = False
        self._lock = threading.Lock()

    def store(self, collection: str):
        found = self.stores.get(collection)
        if found is not None:
            return found
        with self._lock:
            if collection not in self.stores:
                self.stores[collection] = self._open(collection)
            return self.stores[collection]

    def _open(self, collection: str):
        if self.path:
            return _open_store(Path(self.path), self.settings, create=False, collection=collection)
        folder = self.folder
        try:
            store = _open_store(folder / CHROMA_DIR, self.settings, create=False, collection=collection)
        except Exception as exc:
            if not _is_read_only_failure(exc, folder):
                raise
            copy = Path(tempfile.mkdtemp(prefix=f"eaeu-qa-{folder.name}-")) / CHROMA_DIR
            shutil.copytree(folder / CHROMA_DIR, copy, copy_function=shutil.copyfile)
            for place in [copy, *copy.rglob("*")]:
                place.chmod(0o700 if place.is_dir() else 0o600)  # the copy is ours to write: Chroma needs that
            atexit.register(shutil.rmtree, copy.parent, True)
            logger.info("The index %s is read-only; serving it from a private copy in %s", folder, copy)
            store = _open_store(copy, self.settings, create=False, collection=collection)
            self.read_only = True
        self.path = store_folder(store) or str(folder / CHROMA_DIR)
        _open_handles[self.path] = _open_handles.get(self.path, 0) + 1
        return store

    def close(self) -> None:
        """Drop this process's Chroma client of the folder once no open handle uses it."""
        with self._lock:
            if not self.path:
                return
            _open_handles[self.path] -= 1
            if _open_handles[self.path] == 0:  # Chroma shares one client per folder in a process
                from .chroma import release_folder

                release_folder(self.path)
            self.path, self.stores = "", {}


def load_documents(settings: Settings) -> list[Document]:
    return [load_document(spec, verified_path(spec, settings)) for spec in load_manifest(settings)]


_open_handles: dict[str, int] = {}  # open IndexHandles per Chroma folder in this process


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
        _write_chunks(staging / CHUNKS_FILE, chunks)
        written = _write_by_delta(settings, chroma, chunks, vectors, log) if reuse else None
        if written is None:
            store = _open_store(chroma, settings)
            _fill(store, chunks, progress, with_records=False)
            unit_count = _add_units(chroma, settings, chunks)
        else:
            from .answering.evidence import write_word_vectors

            write_word_vectors(staging, settings.model_name, chunks)
            unit_count = written[1]
        _export_vectors(staging, {name: _open_store(chroma, settings, create=False, collection=name)
                                  for name in (COLLECTION, SENTENCE_COLLECTION)})
        info = dataclasses.replace(_describe(settings, chunks, generation, started), unit_count=unit_count)
        _check_exported(staging, _read_exported_vectors(staging), chunks, info)
        description = json.dumps(asdict(info), indent=2)
        (staging / INFO_FILE).write_text(description, encoding="utf-8")
        create_reader_lock(staging)
        _release_folder(chroma)
        staging.rename(generation_dir(target, generation))
        atomic_write_text(target / INFO_FILE, description)  # the swap: readers switch on their next question
    except OSError as exc:
        raise IndexUnavailable(_write_failure(f"write the new index in {staging}", exc)) from exc
    finally:
        _release_folder(chroma)
        shutil.rmtree(staging, ignore_errors=True)
    remove_unused(target, keep={generation})
    how = "" if written is None else f"; {written[0]:,} records written, the rest copied from the previous generation"
    log(f"Index built: {info.chunk_count} chunks in {info.build_seconds:.1f} s{how} -> "
        f"{generation_dir(target, generation)}")
    return info


def _release_folder(chroma: Path) -> None:
    from .chroma import release_folder

    release_folder(str(chroma))


# A reused build gives up (and writes everything) when more than this share of the records differ.
REUSE_LIMIT = 0.5


class _NotReused(Exception):
    """The previous generation cannot seed this build; the reason is the message."""


def _write_by_delta(settings: Settings, chroma: Path, chunks: list[Chunk], vectors: dict,
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
        exported = _read_exported_vectors(previous)
        _copy_chroma(previous / CHROMA_DIR, chroma)
        units = _unit_records(chunks)
        written = sum(_sync_collection(_open_store(chroma, settings, create=False, collection=name), records,
                                       vectors, exported[name])
                      for name, records in ((COLLECTION, _chunk_records(chunks)), (SENTENCE_COLLECTION, units)))
        return written, len(units[0])
    except Exception as exc:  # noqa: BLE001 - whatever went wrong, a build from nothing is still possible
        log(f"Writing every record (the previous index generation was not reused: {exc}).")
        _release_folder(chroma)
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
    return ([c.chunk_id for c in chunks], [c.search_text for c in chunks], [_metadata(c) for c in chunks])


def _unit_records(chunks: list[Chunk]) -> tuple[list[str], list[str], list[dict]]:
    """(ids, documents, metadatas) of the unit collection, as _embed_units writes them."""
    from .answering.units import chunk_units, embedding_text

    units = [u for c in chunks for u in chunk_units(c)]
    return ([u.key for u in units], [embedding_text(u) for u in units],
            [{"chunk_id": u.chunk.chunk_id, "start": u.start, "end": u.end, "kind": u.kind} for u in units])


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
    for begin in range(0, len(missing), ADD_BATCH * 4):
        part = missing[begin:begin + ADD_BATCH * 4]
        store.add_texts([documents[k] for k in part], metadatas=[metadatas[k] for k in part],
                        ids=[ids[k] for k in part])
    if store._collection.count() != len(ids):
        raise _NotReused(f"{store._collection.count()} records after the update for {len(ids)} wanted")
    return len(missing)


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
    vectors = encode(settings.model_name, texts, progress=progress, cache_dir=settings.embedding_cache_dir)
    return dict(zip(texts, vectors))


def _fill(store, chunks: list[Chunk], progress: Progress | None, with_records: bool) -> None:
    get_encoder(store.embeddings.model_name)  # load (and export to ONNX once) before the first batch
    # Batches of similar length pad least: sentence-transformers sorts within one encode call, but
    # we embed batch by batch (for the progress bar), so sort here. Measured: unsorted 64-chunk
    # batches took 1.3x the time of one encode call over all chunks; sorted ones match it.
    position = {c.chunk_id: i for i, c in enumerate(chunks)}
    by_length = sorted(chunks, key=lambda c: len(c.search_text))
    for begin in range(0, len(by_length), ADD_BATCH):
        batch = by_length[begin:begin + ADD_BATCH]
        metadatas = [_metadata(c) | (record_metadata(c, position[c.chunk_id]) if with_records else {})
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
    chunks = _read_chunks(folder / CHUNKS_FILE)
    if info.chunk_count != len(chunks):
        raise ValueError(f"{len(chunks)} chunks listed for {info.chunk_count} described")
    chroma = _ChromaFolder(settings, folder)
    exported = _read_exported_vectors(folder)
    if exported is not None:
        _check_exported(folder, exported, chunks, info)
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


def _export_vectors(folder: Path, stores: dict[str, object]) -> None:
    """Write every vector of each store (ids sorted; values as Chroma returns them) for LazyStore readers."""
    import numpy as np

    ids: dict[str, list[str]] = {}
    for name, store in stores.items():
        data = store._collection.get(include=["embeddings"])
        order = sorted(range(len(data["ids"])), key=data["ids"].__getitem__)
        matrix = np.asarray(data["embeddings"], dtype=np.float32)
        matrix = matrix.reshape(len(order), -1)[order] if order else np.zeros((0, 0), dtype=np.float32)
        ids[name] = [data["ids"][i] for i in order]
        np.save(folder / f"vectors-{name}.npy", matrix)
    (folder / VECTORS_FILE).write_text(json.dumps({"format": VECTORS_FORMAT, "ids": ids}), encoding="utf-8")


def _read_exported_vectors(folder: Path) -> dict[str, tuple[list[str], object]] | None:
    """{collection: (ids, matrix)} from the build's vector files; None when the index has none (older builds)."""
    import numpy as np

    try:
        described = json.loads((folder / VECTORS_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if described.get("format") != VECTORS_FORMAT:
        return None
    found = {}
    for name in (COLLECTION, SENTENCE_COLLECTION):
        ids = described["ids"][name]
        matrix = np.load(folder / f"vectors-{name}.npy", allow_pickle=False)
        if matrix.dtype != np.float32 or matrix.ndim != 2 or matrix.shape[0] != len(ids):
            raise ValueError(f"vectors-{name}.npy holds {matrix.shape} {matrix.dtype} for {len(ids)} ids")
        matrix.setflags(write=False)
        found[name] = (ids, matrix)
    return found


def _check_exported(folder: Path, exported: dict, chunks: list[Chunk], info: IndexInfo) -> None:
    """The checks opening Chroma used to make (counts), on the vector files, plus a look at Chroma's database
    header: a damaged index is still found at open, without starting Chroma."""
    chunk_ids = exported[COLLECTION][0]
    if chunk_ids != sorted(c.chunk_id for c in chunks):
        raise ValueError(f"{len(chunk_ids)} vectors stored for {len(chunks)} chunks (other ids)")
    if len(exported[SENTENCE_COLLECTION][0]) != info.unit_count:
        raise ValueError(f"{len(exported[SENTENCE_COLLECTION][0])} unit vectors stored for {info.unit_count} units")
    database = folder / CHROMA_DIR / "chroma.sqlite3"
    with database.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise ValueError(f"{database} is not an SQLite database")


def _is_read_only_failure(exc: Exception, folder: Path) -> bool:
    message = str(exc).lower()
    return "readonly" in message or "read-only" in message or "read only" in message or not _writable(folder)


def _writable(folder: Path) -> bool:
    try:
        with tempfile.TemporaryFile(dir=folder / CHROMA_DIR):
            return True
    except OSError:
        return False


def _add_units(path: Path, settings: Settings, chunks: list[Chunk]) -> int:
    """Embed every answer unit of every chunk into the sentence collection; returns the unit count."""
    from .answering.evidence import write_word_vectors

    write_word_vectors(path.parent, settings.model_name, chunks)
    return _embed_units(_open_store(path, settings, collection=SENTENCE_COLLECTION), chunks)


def _embed_units(store, chunks: list[Chunk]) -> int:
    from .answering.units import chunk_units, embedding_text

    units = sorted((u for c in chunks for u in chunk_units(c)), key=lambda u: len(embedding_text(u)))
    for begin in range(0, len(units), ADD_BATCH * 4):
        batch = units[begin:begin + ADD_BATCH * 4]
        store.add_texts([embedding_text(u) for u in batch], ids=[u.key for u in batch],
                        metadatas=[{"chunk_id": u.chunk.chunk_id, "start": u.start, "end": u.end, "kind": u.kind}
                                   for u in batch])
    return len(units)


def _open_store(path: Path, settings: Settings, create: bool = True, collection: str = COLLECTION):
    return open_store(settings, collection, path, create=create)


def _metadata(chunk: Chunk) -> dict:
    return {"chunk_id": chunk.chunk_id, "source_id": chunk.source_id, "locator": chunk.locator,
            "article": chunk.article, "paragraph": chunk.paragraph}


def _write_chunks(path: Path, chunks: list[Chunk]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for chunk in chunks:
            out.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")


def _read_chunks(path: Path) -> list[Chunk]:
    with path.open(encoding="utf-8") as handle:
        return [Chunk.from_dict(json.loads(line)) for line in handle if line.strip()]


def _count_by_source(chunks: list[Chunk]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for chunk in chunks:
        counts[chunk.source_id] = counts.get(chunk.source_id, 0) + 1
    return counts
