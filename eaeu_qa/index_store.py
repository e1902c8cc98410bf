"""An opened index generation: its handle, Chroma opened on first use, and the exported vector files."""

from __future__ import annotations

import atexit
import json
import logging
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .chroma import open_store, store_folder
from .generations import ReaderLock
from .index_info import CHROMA_DIR, IndexInfo
from .records import Chunk
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

logger = logging.getLogger("eaeu_qa.index")
_open_handles: dict[str, int] = {}  # open IndexHandles per Chroma folder in this process


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
    chroma: "ChromaFolder | None" = field(default=None, repr=False, compare=False)

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

    def __init__(self, chroma: "ChromaFolder", collection: str, exported_vectors=None):
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


class ChromaFolder:
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
            return open_collection(Path(self.path), self.settings, create=False, collection=collection)
        folder = self.folder
        try:
            store = open_collection(folder / CHROMA_DIR, self.settings, create=False, collection=collection)
        except Exception as exc:
            if not _is_read_only_failure(exc, folder):
                raise
            copy = Path(tempfile.mkdtemp(prefix=f"eaeu-qa-{folder.name}-")) / CHROMA_DIR
            shutil.copytree(folder / CHROMA_DIR, copy, copy_function=shutil.copyfile)
            for place in [copy, *copy.rglob("*")]:
                place.chmod(0o700 if place.is_dir() else 0o600)  # the copy is ours to write: Chroma needs that
            atexit.register(shutil.rmtree, copy.parent, True)
            logger.info("The index %s is read-only; serving it from a private copy in %s", folder, copy)
            store = open_collection(copy, self.settings, create=False, collection=collection)
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


def export_vectors(folder: Path, stores: dict[str, object]) -> None:
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


def read_exported_vectors(folder: Path) -> dict[str, tuple[list[str], object]] | None:
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


def check_exported(folder: Path, exported: dict, chunks: list[Chunk], info: IndexInfo) -> None:
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


def open_collection(path: Path, settings: Settings, create: bool = True, collection: str = COLLECTION):
    return open_store(settings, collection, path, create=create)


def write_chunks(path: Path, chunks: list[Chunk]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for chunk in chunks:
            out.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")


def read_chunks(path: Path) -> list[Chunk]:
    with path.open(encoding="utf-8") as handle:
        return [Chunk.from_dict(json.loads(line)) for line in handle if line.strip()]


def release_chroma(chroma: Path) -> None:
    """Drop this process's Chroma client of a folder (before it is renamed, copied or deleted)."""
    from .chroma import release_folder

    release_folder(str(chroma))


def chunk_metadata(chunk: Chunk) -> dict:
    """The metadata stored with a chunk's record in the chunk collection."""
    return {"chunk_id": chunk.chunk_id, "source_id": chunk.source_id, "locator": chunk.locator,
            "article": chunk.article, "paragraph": chunk.paragraph}


Records = tuple[list[str], list[str], list[dict]]  # (ids, documents, metadatas) of one collection


def unit_records(chunks: list[Chunk]) -> Records:
    """The unit collection's records: every answer unit of every chunk, in chunk order."""
    from .answering.units import chunk_units, embedding_text

    units = [u for c in chunks for u in chunk_units(c)]
    return ([u.key for u in units], [embedding_text(u) for u in units],
            [{"chunk_id": u.chunk.chunk_id, "start": u.start, "end": u.end, "kind": u.kind} for u in units])


def add_records(store, records: Records, positions: list[int]) -> None:
    """Embed and add the records at `positions` (in that order), in batches."""
    ids, documents, metadatas = records
    for begin in range(0, len(positions), ADD_BATCH * 4):
        part = positions[begin:begin + ADD_BATCH * 4]
        store.add_texts([documents[k] for k in part], metadatas=[metadatas[k] for k in part],
                        ids=[ids[k] for k in part])
