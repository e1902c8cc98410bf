"""The SQLite embedding cache: round trip, model separation, and an unusable file degrading to misses."""

import numpy as np

from eaeu_qa.embedding_cache import EmbeddingCache, text_key


def test_vectors_round_trip_per_model(tmp_path):
    cache = EmbeddingCache(tmp_path)
    vector = np.arange(384, dtype=np.float32) / 384
    cache.put_many("model-a@1", [(text_key("one"), vector)])
    assert np.array_equal(cache.get_many("model-a@1", [text_key("one")])[text_key("one")], vector)
    assert cache.get_many("model-b@2", [text_key("one")]) == {}  # another model's vectors never leak
    assert cache.get_many("model-a@1", [text_key("two")]) == {}
    cache.close()
    assert EmbeddingCache(tmp_path).count("model-a@1") == 1  # persisted


def test_many_keys_are_looked_up_in_slices(tmp_path):
    cache = EmbeddingCache(tmp_path)
    items = [(text_key(str(n)), np.full(4, n, dtype=np.float32)) for n in range(1200)]
    cache.put_many("m", items)
    found = cache.get_many("m", [k for k, _ in items])
    assert len(found) == 1200 and found[text_key("1199")][0] == 1199


def test_unusable_cache_file_means_no_cache_not_an_error(tmp_path):
    (tmp_path / "vectors.sqlite").mkdir()  # a folder where the database file should be
    cache = EmbeddingCache(tmp_path)
    cache.put_many("m", [(text_key("x"), np.ones(4, dtype=np.float32))])
    assert cache.get_many("m", [text_key("x")]) == {}
    assert cache.count() == 0
