"""The BM25 keyword index (bm25s): tokenization, and the built index kept on disk per chunk set."""

from __future__ import annotations

from pathlib import Path

from .records import Chunk
from .settings import Settings
from .textrepair import american_spelling, repair_ocr


def bm25s_module():
    from .import_diet import import_without

    return import_without("bm25s", ("scipy",))  # bm25s then builds its matrix with numpy


BM25_CACHE_KEEP = 8  # BM25 indexes kept in the cache (the newest); one per distinct chunk set


def bm25_folder(settings: Settings, chunks: list[Chunk]) -> Path | None:
    """Where the BM25 index of exactly these chunk texts, tokenized by this code, is kept."""
    from importlib import metadata

    from . import derived_cache, textrepair

    key = derived_cache.content_key(f"bm25-{metadata.version('bm25s')}", [__file__, textrepair.__file__],
                                    (c.search_text for c in chunks))  # the tokenization's code and version
    return None if key is None else settings.embedding_cache_dir / "bm25" / key[:24]


def save_bm25(model, folder: Path) -> None:
    """Best effort (a read-only cache costs a rebuild per process): write beside, then rename into place.

    Not files.atomic_write: bm25s saves a folder of files, which is renamed as a whole."""
    import os
    import shutil

    from .files import keep_newest

    partial = folder.with_name(f"{folder.name}.{os.getpid()}.partial")
    try:
        model.save(partial, show_progress=False)
        os.replace(partial, folder)
        keep_newest((p for p in folder.parent.iterdir() if p.is_dir() and "." not in p.name), BM25_CACHE_KEEP)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)


def tokenize(texts: list[str], stemmer):
    """bm25s tokens of these texts (OCR repaired, American spelling, English stopwords, stemmed)."""
    return bm25s_module().tokenize([american_spelling(repair_ocr(t)) for t in texts], stopwords="en", stemmer=stemmer,
                             show_progress=False)
