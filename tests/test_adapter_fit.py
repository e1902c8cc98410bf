"""scripts/adapter_fit.py: an adapter is fitted once per set of inputs and read back from its cache after."""

import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import adapter_fit  # noqa: E402


def _pairs(seed: int = 0):
    rng = np.random.default_rng(seed)
    unit = lambda m: (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)  # noqa: E731
    chunks, units = unit(rng.normal(size=(12, 8))), unit(rng.normal(size=(20, 8)))
    gold_chunks = np.eye(6, 12, dtype=bool)
    gold_units = np.eye(6, 20, dtype=bool)
    return SimpleNamespace(vectors=unit(rng.normal(size=(6, 8))), chunks=chunks, units=units,
                           gold_chunks=gold_chunks, gold_units=gold_units)


def test_an_adapter_is_fitted_once_per_inputs_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setattr(adapter_fit, "CACHE", tmp_path)
    monkeypatch.setattr(adapter_fit, "STEPS", 20)
    fits = []
    real = adapter_fit._fit_adapter
    monkeypatch.setattr(adapter_fit, "_fit_adapter", lambda *a: fits.append(a) or real(*a))
    pairs, rows = _pairs(), np.arange(5)
    first = adapter_fit.fit_adapter(pairs, rows, 0.1, 2, "m")
    again = adapter_fit.fit_adapter(pairs, rows, 0.1, 2, "m")
    assert len(fits) == 1 and len(list(tmp_path.iterdir())) == 1
    assert np.array_equal(first.left, again.left) and np.array_equal(first.right, again.right)
    assert np.abs(first.right).max() > 0  # fitted, not the identity
    adapter_fit.fit_adapter(pairs, np.arange(4), 0.1, 2, "m")  # other questions: fitted anew
    adapter_fit.fit_adapter(pairs, rows, 1.0, 2, "m")  # another strength: fitted anew
    assert len(fits) == 3 and len(list(tmp_path.iterdir())) == 3


def test_the_cache_key_covers_the_fitting_code_torchs_version_and_the_shapes(monkeypatch):
    pairs, rows = _pairs(), np.arange(5)
    key = adapter_fit.cache_key(pairs, rows, 0.1, 2, "m")
    assert key == adapter_fit.cache_key(_pairs(), rows, 0.1, 2, "m")  # the same inputs: the same key
    reshaped = SimpleNamespace(**{**vars(pairs), "chunks": pairs.chunks.reshape(24, 4)})  # the same bytes
    assert adapter_fit.cache_key(reshaped, rows, 0.1, 2, "m") != key
    retyped = SimpleNamespace(**{**vars(pairs), "gold_units": pairs.gold_units.view(np.uint8)})
    assert adapter_fit.cache_key(retyped, rows, 0.1, 2, "m") != key
    with monkeypatch.context() as patched:
        patched.setattr(adapter_fit, "torch_version", lambda: "0.0.1")
        assert adapter_fit.cache_key(pairs, rows, 0.1, 2, "m") != key
    with monkeypatch.context() as patched:
        def _fit_adapter(pairs, rows, strength, rank, model_name):  # other fitting code
            return None

        patched.setattr(adapter_fit, "_fit_adapter", _fit_adapter)
        assert adapter_fit.cache_key(pairs, rows, 0.1, 2, "m") != key
    assert adapter_fit.cache_key(pairs, rows, 0.1, 2, "m") == key
