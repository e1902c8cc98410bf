"""User uploads: check a .txt/.md/.pdf by its content, chunk it, keep it in a separate Chroma collection."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from .chunking import CHUNKER_VERSION, chunk_document
from .embeddings import SharedModelEmbeddings
from .files import atomic_write_text
from .index import IndexHandle, IndexInfo
from .loaders import load_plain_text
from .records import Chunk, SourceSpec
from .settings import Settings

log = logging.getLogger(__name__)

COLLECTION = "eaeu_qa_uploads"
CHROMA_DIR = "chroma"
CHUNKS_FILE = "chunks.jsonl"
MANIFEST_FILE = "uploads.json"
TEXT_TYPES = {".txt", ".md"}
ALLOWED_TYPES = TEXT_TYPES | {".pdf"}
UPLOAD_LICENCE = "Uploaded by you; not part of the project corpus"
# Share of characters that may be control/replacement characters before text counts as binary junk.
MAX_JUNK_RATIO = 0.02


class UploadError(ValueError):
    """The file cannot be added; the message says why, for the user."""


@dataclass(frozen=True)
class UploadedDocument:
    spec: SourceSpec
    chunk_count: int
    added_at: str


def extract_text(filename: str, data: bytes, settings: Settings) -> str:
    """The file's text, after checking size, extension and that the content really is of that type."""
    name = filename or "the file"
    extension = Path(name).suffix.lower()
    if extension not in ALLOWED_TYPES:
        raise UploadError(f"{name}: only .txt, .md and .pdf files can be added.")
    if not data:
        raise UploadError(f"{name} is empty.")
    if len(data) > settings.max_upload_bytes:
        raise UploadError(f"{name} is {len(data) / 1_048_576:.1f} MB; the limit is "
                          f"{settings.max_upload_bytes / 1_048_576:.1f} MB.")
    is_pdf = data.lstrip()[:5] == b"%PDF-"
    if extension == ".pdf":
        if not is_pdf:
            raise UploadError(f"{name} is named .pdf but its content is not a PDF.")
        text = _pdf_text(name, data)
    else:
        if is_pdf:
            raise UploadError(f"{name} is a PDF named {extension}; rename it to .pdf to add it.")
        text = _plain_text(name, data)
    text = reflow(text)
    if not re.search(r"\w{2,}", text):
        raise UploadError(f"{name} contains no readable text.")
    return text


def _plain_text(name: str, data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadError(f"{name} is not UTF-8 text (it looks like a binary file).") from exc
    junk = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    if junk > MAX_JUNK_RATIO * max(len(text), 1):
        raise UploadError(f"{name} looks like a binary file, not text.")
    return text


def _pdf_text(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UploadError(f"{name} is password-protected; remove the protection and upload it again.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UploadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError) as exc:
        raise UploadError(f"{name} could not be read as a PDF (it may be damaged): {exc}") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise UploadError(f"{name} has no text layer (a scanned PDF?); only PDFs with selectable text work.")
    return text


def reflow(text: str) -> str:
    """One paragraph per line, as load_plain_text expects: hard-wrapped lines inside a block are joined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", text):
        current: list[str] = []
        for line in block.split("\n"):
            stripped = " ".join(line.split())
            if not stripped:
                continue
            # Markdown headings and list items stay lines of their own.
            if re.match(r"(#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s)", stripped) and current:
                paragraphs.append(" ".join(current))
                current = []
            current.append(stripped)
            if stripped.startswith("#"):
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
    return "\n".join(paragraphs) + "\n"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class UserLibrary:
    """The user's own documents: a second Chroma collection under settings.user_index_dir."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.root = settings.user_index_dir

    # --- reading -------------------------------------------------------------------------------

    def documents(self) -> list[UploadedDocument]:
        try:
            entries = json.loads((self.root / MANIFEST_FILE).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except ValueError:
            log.warning("The uploads manifest %s is unreadable; treating the library as empty.", self.root)
            return []
        return [UploadedDocument(SourceSpec(**e["spec"]), e["chunk_count"], e["added_at"]) for e in entries]

    def chunks(self) -> list[Chunk]:
        try:
            with (self.root / CHUNKS_FILE).open(encoding="utf-8") as handle:
                return [Chunk.from_dict(json.loads(line)) for line in handle if line.strip()]
        except FileNotFoundError:
            return []

    def version(self) -> str:
        """Changes whenever the set of documents changes: a cache key for retrievers over the library."""
        return ",".join(sorted(d.spec.id for d in self.documents()))

    def handle(self) -> IndexHandle | None:
        """An IndexHandle the HybridRetriever can search beside the main index, or None when empty."""
        chunks = self.chunks()
        if not chunks:
            return None
        counts: dict[str, int] = {}
        for chunk in chunks:
            counts[chunk.source_id] = counts.get(chunk.source_id, 0) + 1
        info = IndexInfo(fingerprint=hashlib.sha256(self.version().encode()).hexdigest()[:16],
                         built_at=max(d.added_at for d in self.documents()) if self.documents() else "",
                         build_seconds=0.0, chunk_count=len(chunks), chunks_per_source=counts,
                         model=self.settings.model_name, chunker_version=CHUNKER_VERSION)
        return IndexHandle(store=self._store(), chunks=chunks, info=info, path=self.root)

    # --- changing ------------------------------------------------------------------------------

    def add(self, filename: str, data: bytes) -> UploadedDocument:
        """Check, chunk, embed and store one file; uploading the same bytes again returns the existing entry."""
        text = extract_text(filename, data, self.settings)
        digest = hashlib.sha256(data).hexdigest()
        source_id = f"upload-{digest[:12]}"
        for existing in self.documents():
            if existing.spec.id == source_id:
                return existing
        display = Path(filename).name
        spec = SourceSpec(id=source_id, title=display, short_title=_short(display), kind="upload", file=display,
                          sha256=digest, shipped=False, licence=UPLOAD_LICENCE)
        chunks = chunk_document(load_plain_text(spec, text, first_section="Text"))
        if not chunks:
            raise UploadError(f"{display} contains no paragraphs of text to search.")
        self.root.mkdir(parents=True, exist_ok=True)
        self._store().add_texts([c.search_text for c in chunks], ids=[c.chunk_id for c in chunks],
                                metadatas=[{"chunk_id": c.chunk_id, "source_id": c.source_id,
                                            "locator": c.locator} for c in chunks])
        document = UploadedDocument(spec, len(chunks), _now())
        self._write_chunks(self.chunks() + chunks)
        self._write_manifest(self.documents() + [document])
        return document

    def remove(self, source_id: str) -> bool:
        kept = [d for d in self.documents() if d.spec.id != source_id]
        if len(kept) == len(self.documents()):
            return False
        doomed = [c.chunk_id for c in self.chunks() if c.source_id == source_id]
        if doomed:
            self._store().delete(ids=doomed)
        self._write_chunks([c for c in self.chunks() if c.source_id != source_id])
        self._write_manifest(kept)
        return True

    # --- storage -------------------------------------------------------------------------------

    def _store(self):
        from langchain_chroma import Chroma

        return Chroma(collection_name=COLLECTION, embedding_function=SharedModelEmbeddings(self.settings.model_name),
                      persist_directory=str(self.root / CHROMA_DIR), collection_metadata={"hnsw:space": "cosine"})

    def _write_chunks(self, chunks: list[Chunk]) -> None:
        atomic_write_text(self.root / CHUNKS_FILE,
                      "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in chunks))

    def _write_manifest(self, documents: list[UploadedDocument]) -> None:
        atomic_write_text(self.root / MANIFEST_FILE, json.dumps([asdict(d) for d in documents], ensure_ascii=False,
                                                            indent=1))


def _short(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[:limit - 1] + "…"
