"""The learnt question-sentence relevance model: pair features, scoring, and the model-name check on load."""

import json
import logging
import sys
from pathlib import Path

import numpy as np

from eaeu_qa.answering.relevance import RELEVANCE_FILE, RelevanceModel, load_relevance, pair_features

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))


def _unit(v):
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v)


def test_pair_features_are_the_product_and_the_absolute_difference():
    q = _unit([1.0, 0.0, 1.0])
    s = np.vstack([_unit([1.0, 1.0, 0.0]), q])
    f = pair_features(q, s)
    assert f.shape == (2, 6)
    assert abs(f[0, :3].sum() - q @ s[0]) < 1e-6  # the product sums to the cosine
    assert np.allclose(f[1, 3:], 0.0)  # the same vector: no difference


def test_the_model_scores_units_and_round_trips(tmp_path):
    model = RelevanceModel(np.array([1.0, 1.0, 0.0, 0.0]), -0.5, "some-model", 2)
    q = _unit([1.0, 0.0])
    units = np.vstack([_unit([1.0, 0.0]), _unit([0.0, 1.0])])
    assert np.allclose(model.logits(q, units), [0.5, -0.5])
    assert abs(model.best(q, units) - 0.5) < 1e-9 and model.best(q, np.zeros((0, 2))) == 0.0
    path = tmp_path / "relevance.json"
    path.write_text(json.dumps(model.to_dict()), encoding="utf-8")
    loaded = load_relevance("some-model", 2, path)
    assert loaded is not None and np.allclose(loaded.logits(q, units), model.logits(q, units))


def test_a_model_fitted_for_another_embedding_model_is_not_used(tmp_path, caplog):
    path = tmp_path / "relevance.json"
    path.write_text(json.dumps(RelevanceModel(np.zeros(4), 0.0, "some-model", 2).to_dict()), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert load_relevance("other-model", 2, path) is None
        assert load_relevance("some-model", 3, path) is None
        assert load_relevance("some-model", 2, tmp_path / "missing.json") is None
    assert "other-model" in caplog.text and "left out (neutral)" in caplog.text


def test_a_model_whose_weights_do_not_match_its_dimension_is_not_used(tmp_path, caplog):
    path = tmp_path / "relevance.json"
    stored = {**RelevanceModel(np.zeros(4), 0.0, "some-model", 2).to_dict(), "weights": [0.0] * 6}
    path.write_text(json.dumps(stored), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert load_relevance("some-model", 2, path) is None
        assert load_relevance("some-model", None, path) is None
    assert "6 weights for 2-dimensional vectors" in caplog.text and "held neutral" in caplog.text


def test_the_shipped_model_matches_the_configured_embedding_model(settings):
    model = load_relevance(settings.model_name, 384)
    assert model is not None and RELEVANCE_FILE.exists() and len(model.weights) == 2 * 384


def test_the_fit_ranks_the_answering_unit_first():
    from relevance_fit import ItemPairs, fit_relevance, within_auc

    rng = np.random.default_rng(0)
    items = []
    for _ in range(60):  # the answering unit shares the question's first half, the others only its second half
        q = _unit(rng.normal(size=8))
        units = []
        for k in range(5):
            s = rng.normal(size=8) * 0.5
            if k == 0:
                s[:4] += q[:4] * 4
            else:
                s[4:] += q[4:] * 4
            units.append(_unit(s))
        items.append(ItemPairs(q, np.vstack(units), np.array([1.0, 0, 0, 0, 0])))
    model = fit_relevance(items[:40], "test-model", l2=1.0)
    assert model.model_name == "test-model" and model.dim == 8
    top, auc = within_auc(model, items[40:])
    assert top > 0.8 and auc > 0.9
