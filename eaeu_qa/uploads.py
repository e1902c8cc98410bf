"""User uploads: check a .txt/.md/.pdf by its content, chunk it, keep it in a separate Chroma collection."""

from __future__ import annotations

import codecs
import fcntl
import hashlib
import io
import json
import logging
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from .chunking import CHUNKER_VERSION, chunk_document
from .chroma import client, open_store, uses_server
from .files import atomic_write_text
from .index import IndexHandle, IndexInfo
from .loaders import load_plain_text
from .records import Chunk, SourceSpec
from .settings import Settings
from .workspaces import checked_workspace

log = logging.getLogger(__name__)

COLLECTION = "eaeu_qa_uploads"
CHROMA_DIR = "chroma"
CHUNKS_FILE = "chunks.jsonl"
MANIFEST_FILE = "uploads.json"
LOCK_FILE = ".lock"
TEXT_TYPES = {".txt", ".md"}
ALLOWED_TYPES = TEXT_TYPES | {".pdf"}
UPLOAD_LICENCE = "Uploaded by you; not part of the project corpus"
# Share of characters that may be control/replacement characters before text counts as binary junk.
MAX_JUNK_RATIO = 0.02
ACCEPTED_ENCODINGS = "UTF-8, UTF-16 (with or without a byte-order mark), UTF-32 with one, Windows-1252, Latin-1"
# A line that ends a sentence (closing quotation marks or brackets may follow), and a Markdown heading or list item.
_SENTENCE_END = re.compile(r"[.!?:;\u2026][\"'\u201d\u2019)\]]*$")
_LIST_ITEM = re.compile(r"(#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s)")
_BOMS = [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]


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
    text = decode_text(data)
    junk = sum(1 for ch in text if (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f") or ch == "\ufffd")
    if junk > MAX_JUNK_RATIO * max(len(text), 1):
        raise UploadError(f"{name} looks like a binary file, not text (accepted encodings: {ACCEPTED_ENCODINGS}).")
    return text


def decode_text(data: bytes) -> str:
    """Text from bytes: a BOM decides (UTF-8/16/32); else UTF-16 recognised by its zero bytes, UTF-8,
    then Windows-1252 and Latin-1 (which decode anything: the junk check after this rejects binaries)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                break
    # Text has no NUL bytes; UTF-16 of Latin-script text has one in every other byte (checked before UTF-8,
    # which would accept those NULs).
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if len(sample) >= 2 and len(sample) % 2 == 0 and zeros.count(0) > 0.4 * len(zeros) \
                and other.count(0) < 0.05 * len(other):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


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
    """One paragraph per line, as load_plain_text expects, split the way a reader sees the text: blank lines part
    paragraphs; inside a block, lines are the writer's own (a memo's four sentences on four lines: four paragraphs)
    unless the block is hard-wrapped (some line breaks mid-sentence where the next word would not have fitted). In a
    hard-wrapped block a line ends its paragraph when it ends a sentence and the next word would have fitted on it
    (a wrapper would have put it there: the break was the writer's); the other lines are joined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        width = max(map(len, lines))
        full = [len(line) + 1 + len(after.split()[0]) > width for line, after in zip(lines, lines[1:])]
        wrapped = any(f and not _SENTENCE_END.search(line) for line, f in zip(lines, full))
        current: list[str] = []
        for i, line in enumerate(lines):
            # Markdown headings and list items stay lines of their own.
            if current and (_LIST_ITEM.match(line) or not wrapped
                            or (_SENTENCE_END.search(lines[i - 1]) and not full[i - 1])):
                paragraphs.append(" ".join(current))
                current = []
            current.append(line)
            if line.startswith("#"):
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
    return "\n".join(paragraphs) + "\n"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class UserLibrary:
    """One workspace's own documents: its own Chroma collection under settings.user_index_dir / workspace."""

    def __init__(self, settings: Settings, workspace: str):
        self.settings = settings
        self.workspace = checked_workspace(workspace)
        self.root = settings.user_index_dir / self.workspace
        self.collection = f"{COLLECTION}-{self.workspace}"

    # --- reading -------------------------------------------------------------------------------

    def documents(self) -> list[UploadedDocument]:
        if uses_server(self.settings):
            return self._server_documents()
        try:
            entries = json.loads((self.root / MANIFEST_FILE).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except ValueError:
            log.warning("The uploads manifest %s is unreadable; treating the library as empty.", self.root)
            return []
        return [UploadedDocument(SourceSpec(**e["spec"]), e["chunk_count"], e["added_at"]) for e in entries]

    def chunks(self) -> list[Chunk]:
        if uses_server(self.settings):
            rows = sorted(self._server_rows(), key=lambda m: (m["added_at"], m["position"]))
            return [Chunk.from_dict(json.loads(m["record"])) for m in rows]
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
        with self._locked():
            return self._add(filename, data, text)

    def _add(self, filename: str, data: bytes, text: str) -> UploadedDocument:
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
        document = UploadedDocument(spec, len(chunks), _now())
        server = uses_server(self.settings)
        # With a Chroma server the records live there too (each replica reads them); else in files beside.
        extra = [{"record": json.dumps(c.to_dict(), ensure_ascii=False), "spec": json.dumps(asdict(spec)),
                  "added_at": document.added_at, "position": i} if server else {} for i, c in enumerate(chunks)]
        self._store().add_texts([c.search_text for c in chunks], ids=[c.chunk_id for c in chunks],
                                metadatas=[{"chunk_id": c.chunk_id, "source_id": c.source_id,
                                            "locator": c.locator} | more for c, more in zip(chunks, extra)])
        if server:
            return document
        self._write_chunks(self.chunks() + chunks)
        self._write_manifest(self.documents() + [document])
        return document

    def remove(self, source_id: str) -> bool:
        if not uses_server(self.settings) and not self.root.is_dir():
            return False
        with self._locked():
            return self._remove(source_id)

    def _remove(self, source_id: str) -> bool:
        kept = [d for d in self.documents() if d.spec.id != source_id]
        if len(kept) == len(self.documents()):
            return False
        doomed = [c.chunk_id for c in self.chunks() if c.source_id == source_id]
        if doomed:
            self._store().delete(ids=doomed)
        if uses_server(self.settings):
            return True
        self._write_chunks([c for c in self.chunks() if c.source_id != source_id])
        self._write_manifest(kept)
        return True

    # --- storage -------------------------------------------------------------------------------

    def _store(self):
        return open_store(self.settings, self.collection, self.root / CHROMA_DIR)

    def _server_rows(self) -> list[dict]:
        try:
            collection = client(self.settings).get_collection(self.collection)
        except Exception:  # NotFoundError: nothing uploaded in this workspace yet
            return []
        return [m for m in collection.get(include=["metadatas"])["metadatas"] if m and "record" in m]

    def _server_documents(self) -> list[UploadedDocument]:
        documents: dict[str, UploadedDocument] = {}
        for row in self._server_rows():
            known = documents.get(row["source_id"])
            documents[row["source_id"]] = UploadedDocument(SourceSpec(**json.loads(row["spec"])),
                                                           (known.chunk_count if known else 0) + 1, row["added_at"])
        return sorted(documents.values(), key=lambda d: d.added_at)

    @contextmanager
    def _locked(self):
        """One change at a time per workspace (two tabs uploading at once), across processes."""
        if uses_server(self.settings):
            yield  # the server serialises writes; nothing is written locally
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            handle = (self.root / LOCK_FILE).open("a")
        except OSError as exc:
            raise UploadError(f"Your documents cannot be saved: {self.root} is not writable ({exc.strerror}).") from exc
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def _write_chunks(self, chunks: list[Chunk]) -> None:
        atomic_write_text(self.root / CHUNKS_FILE,
                      "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in chunks))

    def _write_manifest(self, documents: list[UploadedDocument]) -> None:
        atomic_write_text(self.root / MANIFEST_FILE, json.dumps([asdict(d) for d in documents], ensure_ascii=False,
                                                            indent=1))


def _short(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[:limit - 1] + "…"
