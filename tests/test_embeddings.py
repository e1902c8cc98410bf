"""The embedding model: ONNX and sentence-transformers agree; corpus texts are embedded once, via the cache."""

from dataclasses import replace

import numpy as np
import pytest

from eaeu_qa import embeddings
from eaeu_qa.answering.units import chunk_units, embedding_text

AGREEMENT_TEXTS = 300


@pytest.fixture(scope="module")
def corpus_texts(index_handle):
    """Chunk texts and answerer sentences from every source, including chunks over the 256-token limit."""
    chunks = index_handle.chunks
    longest = sorted(chunks, key=lambda c: len(c.search_text), reverse=True)[:20]
    sentences = [embedding_text(u) for c in chunks[::5] for u in chunk_units(c)]
    texts = [c.search_text for c in longest] + [c.search_text for c in chunks[::4]] + sentences
    return list(dict.fromkeys(texts))[:AGREEMENT_TEXTS]


def test_onnx_and_sentence_transformers_vectors_agree(settings, corpus_texts):
    onnx = embeddings.get_encoder(settings.embedding, engine="onnx")
    torch = embeddings.get_encoder(settings.embedding, engine="torch")
    assert onnx.engine == "onnx" and torch.engine == "torch"
    tokens = [len(onnx.tokenizer.encode(t).ids) for t in corpus_texts]
    assert len(corpus_texts) == AGREEMENT_TEXTS
    assert max(tokens) >= 256, "no text reaches the 256-token truncation"
    a, b = onnx.encode(corpus_texts), torch.encode(corpus_texts)
    assert a.shape == b.shape == (AGREEMENT_TEXTS, 384)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-4)
    cosines = (a * b).sum(axis=1) / np.linalg.norm(b, axis=1)
    assert cosines.min() >= 0.9999, f"lowest cosine {cosines.min():.6f}"


def test_batching_and_padding_do_not_change_a_vector(settings, corpus_texts):
    onnx = embeddings.get_encoder(settings.embedding, engine="onnx")
    together = onnx.encode(corpus_texts[:40], batch_size=32)
    alone = np.stack([onnx.encode([t])[0] for t in corpus_texts[:40:7]])
    assert ((together[::7] * alone).sum(axis=1) >= 0.99999).all()


def test_onnx_file_is_keyed_by_the_weights_checksum(settings):
    path = embeddings.onnx_model_file(settings.model_name, settings.embedding_cache_dir)
    checksum = embeddings.model_id(settings.model_name, settings.embedding_cache_dir).rsplit("@", 1)[1]
    assert path.is_file() and checksum in path.name and len(checksum) == 16
    assert path.parent.parent == settings.embedding_cache_dir


def test_corpus_texts_are_embedded_once_into_the_callers_cache_folder(settings, monkeypatch, fresh_embedding_cache):
    """The folder is the caller's Settings instance's (embedding_cache_dir set on the instance, not in the
    environment): embeddings used to read EAEU_QA_EMBEDDING_CACHE_DIR again instead."""
    monkeypatch.delenv("EAEU_QA_EMBEDDING_CACHE_DIR", raising=False)
    model = replace(settings, embedding_cache_dir=fresh_embedding_cache).embedding
    mid = embeddings.model_id(model.name, model.cache_dir)
    texts = [f"Article {n}: member states shall cooperate on matter number {n}." for n in range(12)]
    start = embeddings.computed.get(mid, 0)
    first = embeddings.encode(model, texts + texts[:3])  # duplicates are embedded once
    assert embeddings.computed[mid] == start + 12
    before = embeddings.computed[mid]
    again = embeddings.encode(model, texts)
    assert embeddings.computed[mid] == before  # all from the cache
    assert np.array_equal(first[:12], again)
    changed = texts[:11] + ["A sentence that was not there before."]
    embeddings.encode(model, changed)
    assert embeddings.computed[mid] == before + 1
    assert embeddings.get_cache(fresh_embedding_cache).count(mid) == 13  # the instance's folder holds them


def test_cached_vectors_match_fresh_ones(settings, fresh_embedding_cache):
    model = replace(settings, embedding_cache_dir=fresh_embedding_cache).embedding
    texts = ["The Court shall be located in the city of Minsk.", "Family members of a worker"]
    embeddings.encode(model, texts)
    cached = embeddings.encode(model, texts)
    fresh = embeddings.encode_query(model, texts)
    assert np.allclose(cached, fresh, atol=1e-6)


def test_langchain_interface_embeds_queries_and_documents_alike(settings):
    shared = embeddings.SharedModelEmbeddings(settings.embedding)
    text = "Medical care for family members of working migrants"
    assert np.allclose(shared.embed_query(text), shared.embed_documents([text])[0], atol=1e-5)


def test_the_saved_optimised_model_keeps_its_weights_beside_it_and_gives_the_same_vectors(settings, corpus_texts,
                                                                                           tmp_path):
    """The optimised graph is saved once as a folder: a small graph file plus the weights, which onnxruntime
    memory-maps on the next start. Its vectors are bit for bit those of a session optimised in memory."""
    import shutil
    from pathlib import Path

    from eaeu_qa.onnx_encoder import OPTIMIZED_GRAPH, OPTIMIZED_WEIGHTS, OnnxEncoder

    export = embeddings.ensure_onnx(settings.model_name, settings.embedding_cache_dir)
    model_dir = Path(embeddings.model_path(settings.model_name))
    copy = tmp_path / export.name
    shutil.copy2(export, copy)
    first = OnnxEncoder(model_dir, copy)  # optimises in memory and saves the folder
    saved = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert [p.name for p in saved] == [f"{copy.stem}.ort-{__import__('onnxruntime').__version__}.optimized"]
    assert (saved[0] / OPTIMIZED_GRAPH).stat().st_size < 1_000_000
    assert (saved[0] / OPTIMIZED_WEIGHTS).stat().st_size > 80_000_000
    second = OnnxEncoder(model_dir, copy)  # loads the saved folder
    texts = corpus_texts[:64]
    assert np.array_equal(first.encode(texts), second.encode(texts))
