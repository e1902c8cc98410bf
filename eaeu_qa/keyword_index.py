"""The BM25 keyword index (bm25s): tokenization, and the built index kept on disk per chunk set."""

from __future__ import annotations

import threading
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


def new_stemmer():
    """The stemmer keyword search stems with: PyStemmer's English Snowball (one per user: it is not thread-safe)."""
    import Stemmer

    return Stemmer.Stemmer("english")


_THREAD = threading.local()


def stem_word(word: str) -> str:
    """A word stemmed as keyword search stems it ('bodies' and 'body' -> 'bodi'), with this thread's stemmer."""
    if not hasattr(_THREAD, "stemmer"):
        _THREAD.stemmer = new_stemmer()
    return _THREAD.stemmer.stemWord(word)


def tokenize(texts: list[str], stemmer):
    """bm25s tokens of these texts (OCR repaired, American spelling, English stopwords, stemmed)."""
    return bm25s_module().tokenize([american_spelling(repair_ocr(t)) for t in texts], stopwords="en", stemmer=stemmer,
                             show_progress=False)


def token_strings(tokenized) -> list[list[str]]:
    """Each text's tokens as strings, in order (what bm25s.BM25.retrieve turns a Tokenized into)."""
    words = {token_id: word for word, token_id in tokenized.vocab.items()}
    return [[words[token_id] for token_id in ids] for ids in tokenized.ids]


def add_scores(model, tokens: list[str], scores=None):
    """BM25 scores of these query tokens added onto `scores` (zeros when None), token by token in bm25s's own order
    (BM25._compute_relevance_from_scores): the scores of tokens A + B equal those of A extended by B, to the bit."""
    import numpy as np

    data, indices, indptr = model.scores["data"], model.scores["indices"], model.scores["indptr"]
    scores = np.zeros(model.scores["num_docs"], dtype=np.dtype(model.dtype)) if scores is None else scores.copy()
    for token_id in model.get_tokens_ids(tokens):
        start, end = indptr[token_id], indptr[token_id + 1]
        np.add.at(scores, indices[start:end], data[start:end])
    return scores


# top_k's sample: this many evenly spaced documents per wanted one. The (k + 1)-th best score of any subset is at most
# the (k + 1)-th best of all, so only the documents scoring at least the sample's need partitioning (a sample of ~1,000
# at 100x the corpus leaves ~1,700 of 53,500). Speed only: the result does not depend on it.
TOP_K_SAMPLE = 32


def top_k(scores, k: int) -> list[tuple[int, float]]:
    """(document row, score) of the k best positive scores, chosen and ordered as bm25s.BM25.retrieve does.

    Chosen by value among the documents that can be in the k + 1 best (TOP_K_SAMPLE): bm25s arg-partitions every
    document's score (at 100x the corpus 53,500, half of them positive), which cost more than scoring them. When the
    best k + 1 positive scores are all different, the k best and their order are the same however they are chosen;
    when two of them are equal, which of the equals comes first is bm25s's choice over every document, so that case
    takes bm25s's own path as before."""
    import numpy as np

    wanted = k + 1
    step = len(scores) // (TOP_K_SAMPLE * wanted)
    floor = 0.0
    if step > 1:  # a lower bound for the (k + 1)-th best score, from every step-th document
        sample = scores[::step]
        floor = max(float(np.partition(sample, len(sample) - wanted)[len(sample) - wanted]), 0.0)
    rows = np.flatnonzero(scores >= floor) if floor > 0 else np.flatnonzero(scores > 0)
    values = scores[rows]
    if len(rows) > wanted:  # keep the rows scoring at least the (k + 1)-th best (more when it is tied)
        keep = values >= np.partition(values, len(values) - wanted)[len(values) - wanted]
        rows, values = rows[keep], values[keep]
    order = np.argsort(-values, kind="stable")[:wanted]
    best = values[order]
    if np.all(best[1:] < best[:-1]):  # no ties among the best k + 1: the choice is unique
        return [(int(row), float(score)) for row, score in zip(rows[order[:k]], best[:k])]
    best, picked = bm25s_module().selection.topk(scores, k=k, backend="auto", sorted=True)
    return [(int(row), float(score)) for row, score in zip(picked, best) if score > 0]


def plain_scoring(model) -> bool:
    """Whether add_scores reproduces this model's retrieve (numpy backend, no non-occurrence scores)."""
    return getattr(model, "backend", "numpy") == "numpy" and getattr(model, "nonoccurrence_array", None) is None
