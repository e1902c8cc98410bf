"""The service facade: answering, conversations, uploads, feedback, index status/rebuild and evaluation runs."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator

from .chain import InvalidQuestion, QAChain, get_chain, validate_question
from .conversations import ConversationStore
from .corpus import load_manifest, source_status
from .feedback import FeedbackEntry, feedback_path, read_feedback, record_feedback
from .index import IndexHandle, IndexInfo, build_index, current_info, load_documents
from .live_index import current_handle, live_index
from .reader import Paragraph, paragraphs
from .records import Answer, Chunk, Document, SourceSpec
from .retrieval import HybridRetriever
from .settings import Settings, get_settings
from .uploads import UploadedDocument, UserLibrary
from .workspaces import is_valid_workspace, new_workspace_id

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

__all__ = ["QAService", "InvalidQuestion", "SourceState", "new_workspace_id", "is_workspace_id", "get_service"]


def is_workspace_id(value: str | None) -> bool:
    """A workspace id this app hands out (it arrives from a URL or a cookie, so it is checked)."""
    return is_valid_workspace(value)


@dataclass(frozen=True)
class SourceState:
    """One corpus document as the status panel shows it."""

    spec: SourceSpec
    checksum: str  # "ok", "missing", "mismatch", ...
    passages: int


class QAService:
    """What the app, the CLI and the evaluation call; it owns the caches of chains and loaded documents."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or get_settings()

    # --- answering -----------------------------------------------------------------------------------
    def validate(self, question: str) -> str:
        """The cleaned question, or InvalidQuestion with a message for the user."""
        return validate_question(question, self.settings)

    def chain(self, workspace: str | None = None) -> QAChain:
        """The chain over the main index, plus the workspace's uploads when it has any."""
        library = self.library(workspace) if workspace else None
        version = library.version() if library is not None else ""
        if not version:
            return get_chain(self.settings)  # the current index generation's chain (switches after a rebuild)
        settings = self.settings
        return live_index(settings).derived(f"uploads:{workspace}:{version}",
                                            lambda handle: _chain_with_uploads(settings, handle, library))

    def warm(self) -> None:
        """Open the index and prepare the answerer and the follow-ups' rewriting (QAChain.warm_followups), so the first
        question and the first follow-up do not wait for them."""
        try:
            self.chain().warm_followups()
        except Exception:  # noqa: BLE001 - the first question reports the problem to the user
            log.exception("Preparing the chain in the background failed")

    def ask(self, question: str, history: list[str] | None = None, workspace: str | None = None,
            k: int | None = None) -> Answer:
        return self.chain(workspace).ask(question, history=history, k=k)

    def stream(self, question: str, history: list | None = None, workspace: str | None = None,
               k: int | None = None) -> Iterator[str | Answer]:
        """Text pieces as the answerer produces them (the LLM's tokens as they arrive, or the extractive answer
        sentence by sentence), then the complete, verified Answer as the last item. Closing the iterator
        early (a stop button) closes the model's stream; nothing is recorded for a stopped answer."""
        yield from self.chain(workspace).stream(question, history=history, k=k)

    # --- the index and the documents -------------------------------------------------------------------
    def index(self) -> IndexHandle:
        """The main index handle, the one the chain searches (opened once per process)."""
        return current_handle(self.settings)

    def chunks(self, workspace: str | None = None) -> list[Chunk]:
        """The main index's chunks, then the workspace's uploaded ones (read once per set of documents)."""
        chunks = list(self.index().chunks)
        library = self.library(workspace) if workspace else None
        version = library.version() if library is not None else ""
        if not version:
            return chunks
        uploaded = live_index(self.settings).derived(f"upload-chunks:{workspace}:{version}",
                                                      lambda _handle: library.chunks())
        return chunks + uploaded

    def sources(self) -> list[SourceState]:
        """Each corpus document with its checksum state and its number of indexed passages."""
        info = self.index_info()
        counts = info.chunks_per_source if info else {}
        return [SourceState(spec, source_status(spec, self.settings).state, counts.get(spec.id, 0))
                for spec in load_manifest(self.settings)]

    def index_info(self) -> IndexInfo | None:
        """The current index generation's description (None before the first build), from index/index.json or
        the Chroma server; it does not open the index."""
        return current_info(self.settings)

    def rebuild(self, progress: Progress | None = None) -> IndexInfo:
        """Build a new index generation; running questions finish on the old one, later ones use the new."""
        with _REBUILD_LOCK:
            info = build_index(self.settings, progress=progress, log=log.info)
        _documents.cache_clear()
        _paragraphs.cache_clear()
        return info

    def documents(self) -> dict[str, Document]:
        """The corpus documents (article and treaties) as loaded for indexing, keyed by source id."""
        return _documents(self.settings)

    def paragraphs(self, source_id: str) -> list[Paragraph]:
        """The reader's paragraphs of one corpus document (KeyError for an unknown id)."""
        return _paragraphs(self.settings, source_id)

    # --- conversations, uploads, feedback --------------------------------------------------------------
    def conversations(self, workspace: str) -> ConversationStore:
        """One workspace's saved conversations (InvalidWorkspace for an id this app never hands out)."""
        return ConversationStore.for_workspace(self.settings, workspace)

    def library(self, workspace: str) -> UserLibrary:
        """One workspace's own documents."""
        return UserLibrary(self.settings, workspace)

    def add_upload(self, workspace: str, filename: str, data: bytes) -> UploadedDocument:
        """Add a file to a workspace's documents (UploadError says why not), then prepare the chain over them."""
        document = self.library(workspace).add(filename, data)
        self._prepare_uploads(workspace)
        return document

    def remove_upload(self, workspace: str, source_id: str) -> bool:
        """Remove one of a workspace's documents, then prepare the chain over the rest."""
        removed = self.library(workspace).remove(source_id)
        if removed:
            self._prepare_uploads(workspace)
        return removed

    def _prepare_uploads(self, workspace: str) -> None:
        """The chain over this set of documents, warmed now (BM25, the stores' vectors, the HNSW graph of an upload
        collection above Settings.hnsw_exact_limit: ~10 s at 20,000 passages), so the first question after an
        upload is not the slow one."""
        try:
            self.chain(workspace).warm()
        except Exception:  # noqa: BLE001 - the document is stored; the first question reports any problem
            log.exception("Preparing the search of workspace %s's documents failed", workspace)

    def record_feedback(self, entry: FeedbackEntry) -> None:
        record_feedback(feedback_path(self.settings.data_dir), entry)

    def feedback(self, workspace: str | None = None) -> list[FeedbackEntry]:
        return read_feedback(feedback_path(self.settings.data_dir), workspace)

    # --- evaluation ------------------------------------------------------------------------------------
    def evaluate(self, dataset, answerers: list[str], progress: Callable[[str, int, int], None] | None = None):
        """Run each answerer over the dataset; every run is appended to the run history."""
        from . import evaluation, runlog

        runs = {}
        for name in answerers:
            report = (lambda done, total, name=name: progress(name, done, total)) if progress else None
            runs[name] = evaluation.evaluate(dataset, name, self.settings, progress=report)
            runlog.append(self.settings, runs[name].report)
        return runs

    def run_history(self):
        from . import runlog

        return runlog.read(self.settings)


_REBUILD_LOCK = threading.Lock()


def _chain_with_uploads(settings: Settings, main: IndexHandle, library: UserLibrary) -> QAChain:
    """A chain whose retriever searches the main index and one workspace's uploads together."""
    handles = [main]
    user = library.handle()
    if user is not None:
        handles.append(user)
    return QAChain(settings, HybridRetriever(handles=handles, settings=settings))


@lru_cache(maxsize=4)
def _documents(settings: Settings) -> dict[str, Document]:
    return {d.source.id: d for d in load_documents(settings)}


@lru_cache(maxsize=16)
def _paragraphs(settings: Settings, source_id: str) -> list[Paragraph]:
    return paragraphs(_documents(settings)[source_id])


@lru_cache(maxsize=4)
def get_service(settings: Settings | None = None) -> QAService:
    return QAService(settings or get_settings())
