"""The index in a Chroma server: one collection per generation, chunk records in its metadata, a pointer record.

Everything the answerer needs is in the server: each vector's metadata carries its chunk record, and the
collection `eaeu_qa_index` holds one record, "current", whose metadata is the current generation's
description (IndexInfo). Replicas check that record on each question and switch like local processes do.
A build keeps the previous generation (replicas may still be on it) and deletes older ones.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict

from .chroma import client, open_store, server_label
from .records import Chunk
from .settings import Settings

log = logging.getLogger(__name__)

POINTER_COLLECTION = "eaeu_qa_index"
POINTER_ID = "current"
GENERATION_COLLECTION_PREFIX = "eaeu_qa-gen-"
UNITS_SUFFIX = "-units"


def collection_name(generation: str) -> str:
    return f"{GENERATION_COLLECTION_PREFIX}{generation}"


def _pointer(settings: Settings):
    return client(settings).get_or_create_collection(POINTER_COLLECTION, embedding_function=None)


def read_pointer(settings: Settings) -> dict | None:
    """The current generation's description as stored in the server, or None when none was built."""
    got = _pointer(settings).get(ids=[POINTER_ID], include=["metadatas"])
    if not got["ids"]:
        return None
    try:
        return json.loads(got["metadatas"][0]["info"])
    except (KeyError, TypeError, ValueError):
        return None


def has_generation(settings: Settings, generation: str) -> bool:
    return collection_name(generation) in {c.name for c in client(settings).list_collections()}


def open_generation(settings: Settings, generation: str, create: bool = False):
    return open_store(settings, collection_name(generation), create=create)


def open_units(settings: Settings, generation: str, create: bool = False):
    """The generation's answer-unit vectors (sentences, list items, definitions) beside its chunks."""
    return open_store(settings, collection_name(generation) + UNITS_SUFFIX, create=create)


def record_metadata(chunk: Chunk, position: int) -> dict:
    return {"record": json.dumps(chunk.to_dict(), ensure_ascii=False), "position": position}


def read_chunks(store) -> list[Chunk]:
    got = store._collection.get(include=["metadatas"])
    rows = sorted(got["metadatas"], key=lambda m: m["position"])
    return [Chunk.from_dict(json.loads(m["record"])) for m in rows]


def publish(settings: Settings, info) -> None:
    """Point the server at a complete generation, then drop generations older than the previous one."""
    previous = read_pointer(settings)
    _pointer(settings).upsert(ids=[POINTER_ID], embeddings=[[1.0]], documents=[info.generation],
                              metadatas=[{"info": json.dumps(asdict(info)), "generation": info.generation}])
    keep = {info.generation} | ({previous.get("generation", "")} if previous else set())
    remove_generations(settings, keep)


def remove_generations(settings: Settings, keep: set[str]) -> list[str]:
    removed = []
    for collection in client(settings).list_collections():
        name = collection.name
        generation = name[len(GENERATION_COLLECTION_PREFIX):].removesuffix(UNITS_SUFFIX)
        if name.startswith(GENERATION_COLLECTION_PREFIX) and generation not in keep:
            client(settings).delete_collection(name)
            removed.append(name)
    if removed:
        log.info("Removed old index generation(s) %s from %s", ", ".join(removed), server_label(settings))
    return removed


def discard(settings: Settings, generation: str) -> None:
    """Remove a generation whose build failed (it was never published)."""
    for name in (collection_name(generation), collection_name(generation) + UNITS_SUFFIX):
        try:
            client(settings).delete_collection(name)
        except Exception:  # it may not exist; nothing else to clean
            log.debug("No collection %s to discard", name, exc_info=True)
