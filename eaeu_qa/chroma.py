"""Every Chroma client in one place: the embedded store in a folder, or one HTTP client to a Chroma server.

With settings.chroma_host set (EAEU_QA_CHROMA_HOST / EAEU_QA_CHROMA_PORT), the index, the uploads and
the baseline all live in that server; the folder arguments are then ignored.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from .embeddings import SharedModelEmbeddings
from .settings import Settings

log = logging.getLogger(__name__)
_clients: dict[tuple[str, int], object] = {}
_clients_lock = threading.Lock()


class ChromaUnavailable(RuntimeError):
    """The Chroma server cannot be reached; the message names it."""


def uses_server(settings: Settings) -> bool:
    return bool(settings.chroma_host)


def server_label(settings: Settings) -> str:
    return f"the Chroma server at {settings.chroma_host}:{settings.chroma_port}"


def client(settings: Settings, folder: Path | None = None):
    """The Chroma client for settings: shared HTTP client in server mode, else the store in `folder`."""
    import chromadb

    if not uses_server(settings):
        if folder is None:
            raise ValueError("an embedded Chroma store needs a folder")
        return chromadb.PersistentClient(path=str(folder))
    key = (settings.chroma_host, settings.chroma_port)
    with _clients_lock:
        if key not in _clients:
            try:
                _clients[key] = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port)
            except Exception as exc:  # connection refused, DNS, TLS: chromadb raises several types
                raise ChromaUnavailable(f"Cannot reach {server_label(settings)}: {exc}") from exc
        return _clients[key]


def open_store(settings: Settings, collection: str, folder: Path | None = None, create: bool = True):
    """A LangChain Chroma store over `collection` (cosine distance, the shared embedding model)."""
    from langchain_chroma import Chroma

    return Chroma(collection_name=collection, client=client(settings, folder),
                  embedding_function=SharedModelEmbeddings(settings.embedding),
                  collection_metadata={"hnsw:space": "cosine"}, create_collection_if_not_exists=create)


def store_folder(store) -> str:
    """The folder of a persistent Chroma store ("" for a client of a Chroma server)."""
    try:
        client_settings = store._client.get_settings()
    except AttributeError:
        return ""
    return client_settings.persist_directory if client_settings.is_persistent else ""


def release_client(store) -> None:
    """Drop Chroma's cached client for this store's folder (its files may be renamed or deleted next)."""
    release_folder(store_folder(store))


def release_folder(folder) -> None:
    """Drop Chroma's cached client for one folder (and only that one: other stores stay open)."""
    from chromadb.api.shared_system_client import SharedSystemClient

    path = str(folder) if folder else ""
    if path:
        system = SharedSystemClient._identifier_to_system.pop(path, None)
        SharedSystemClient._identifier_to_refcount.pop(path, None)
        if system is not None:
            try:
                system.stop()
            except Exception:  # stopping is best effort; the folder is not used again in this process
                log.debug("Stopping the Chroma client for %s failed", path, exc_info=True)
