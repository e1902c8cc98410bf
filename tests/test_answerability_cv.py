"""scripts/answerability_cv.py: the nested cross-validation of the answerability model and its threshold rule."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import answerability_cv as cv  # noqa: E402
from eaeu_qa.answering.evidence import FEATURES  # noqa: E402


def _data(seed=0, n=40, dim=12):
    """Evidence rows that carry nothing, and question vectors that separate the classes along axis 0."""
    rng = np.random.default_rng(seed)
    y = np.array([1.0] * n + [0.0] * n)
    x = rng.normal(0.0, 1.0, size=(2 * n, len(FEATURES)))
    vectors = rng.normal(0.0, 0.1, size=(2 * n, dim))
    vectors[:n, 0] += 1.0
    return x, y, vectors


def test_the_kind_columns_come_from_directions_fitted_inside_the_fold_or_are_held_at_zero():
    x, y, vectors = _data()
    x[:, cv.KIND] = x[:, cv.FORM] = 100.0  # stored values never reach a fit
    plain = cv.oof_probabilities(x, y, seed=1)
    kinds = (cv.DirectionColumn(cv.KIND, vectors, 0.5), cv.DirectionColumn(cv.FORM, vectors, 0.5))
    nested = cv.oof_probabilities(x, y, seed=1, kinds=kinds)
    assert cv.auc(plain, y) < 0.75  # the evidence columns are noise
    assert cv.auc(nested, y) > 0.95  # the directions, fitted without the held-out fold, separate it


def test_a_held_out_items_probability_does_not_depend_on_its_own_label():
    x, y, vectors = _data(seed=2)
    train, held = np.arange(1, len(y)), np.array([0])
    kinds = (cv.DirectionColumn(cv.KIND, vectors, 0.5),)
    p = cv.held_out_probabilities(x, y, train, held, kinds)
    flipped = y.copy()
    flipped[0] = 1 - flipped[0]
    assert cv.held_out_probabilities(x, flipped, train, held, kinds) == pytest.approx(p)


def test_a_nested_feature_is_never_fitted_on_the_items_it_scores(monkeypatch):
    from eaeu_qa.answering import answerability_kind

    x, y, vectors = _data(seed=4, n=20)
    vectors[:, 0] = np.arange(len(y))  # each fit's rows name the items it saw
    fits = []
    real = answerability_kind.fit_direction

    def recording(rows, labels, shrinkage):
        fits.append(set(rows[:, 0].astype(int).tolist()))
        return real(rows, labels, shrinkage)

    monkeypatch.setattr(answerability_kind, "fit_direction", recording)  # the inner split's fits
    monkeypatch.setattr(cv, "fit_direction", recording)  # the fit on all training items
    train, held = np.arange(10, len(y)), np.arange(10)
    cv.held_out_probabilities(x, y, train, held, (cv.DirectionColumn(cv.FORM, vectors, 0.5),))
    assert len(fits) == cv.FOLDS + 1  # the inner split's fits, then one on all training items
    assert all(not fit & set(held.tolist()) for fit in fits)
    assert fits[-1] == set(train.tolist())
    inner = fits[:-1]  # each training item is left out of exactly one inner fit
    assert all(sum(i not in fit for fit in inner) == 1 for i in train.tolist())


def test_the_threshold_keeps_false_refusals_under_the_cap():
    rng = np.random.default_rng(3)
    y = np.array([1.0] * 200 + [0.0] * 50)
    p = np.concatenate([rng.uniform(0.3, 1.0, 200), rng.uniform(0.0, 0.6, 50)])
    t = cv.choose_threshold(p, y)
    assert (p[y == 1] < t).mean() <= cv.MAX_FALSE_REFUSAL
    assert (p[y == 0] < t).mean() >= 0.4  # about half of them lie below the answerable ones
    assert "unanswerable refused" in cv.rates(p, y, t)


def test_the_products_with_the_evidence_completeness_follow_the_nested_kind_scores():
    x, y, vectors = _data(seed=5)
    gate = np.where(np.arange(len(y)) % 2 == 0, 1.0, 0.0)
    x[:, list(cv.PRODUCT_COLUMNS.values())] = 100.0  # stored products never reach a fit
    kinds = (cv.DirectionColumn(cv.KIND, vectors, 0.5, gate), cv.DirectionColumn(cv.FORM, vectors, 0.5))
    seen = []
    original = cv.fit_logistic

    def recording(x_train, y_train, **kwargs):
        seen.append(x_train.copy())
        return original(x_train, y_train, **kwargs)

    cv.fit_logistic = recording
    try:
        cv.held_out_probabilities(x, y, np.arange(10, len(y)), np.arange(10), kinds)
    finally:
        cv.fit_logistic = original
    rows = seen[0]
    kind_product, form_product = cv.PRODUCT_COLUMNS[cv.KIND], cv.PRODUCT_COLUMNS[cv.FORM]
    assert np.allclose(rows[:, kind_product], rows[:, cv.KIND] * gate[10:])
    assert np.any(rows[:, kind_product] != 0.0)
    assert np.all(rows[:, form_product] == 0.0)  # a column without a gate: its product is 0


def test_the_cap_is_the_one_whose_threshold_misses_the_per_set_targets_least():
    rng = np.random.default_rng(6)
    sets = ["a"] * 60 + ["b"] * 60
    y = np.array(([1.0] * 45 + [0.0] * 15) * 2)
    p = np.where(y == 1, rng.uniform(0.2, 1.0, 120), rng.uniform(0.0, 0.5, 120))
    assert cv.target_shortfall(p, y, sets, 0.0) == pytest.approx(2 * 0.85 / 0.15)  # nothing refused
    everything = cv.target_shortfall(p, y, sets, 1.01)  # all refused: the answerable miss dominates
    assert everything == pytest.approx(2 * (1 - 0.05) / 0.05)
    cap, t, table = cv.choose_cap(p, y, p, y, sets, standard_errors=0.0)
    assert set(table) == set(cv.CAPS) and table[cap] == (t, min(v for _, v in table.values()))
    assert all(table[c][1] > table[cap][1] for c in cv.CAPS if c < cap)  # ties go to the smaller cap
    assert (p[y == 1] < t).mean() <= cap


def test_the_one_standard_error_rule_takes_the_smallest_cap_near_the_least_shortfall():
    rng = np.random.default_rng(7)
    sets = [name for name in "abcdef" for _ in range(60)]
    y = np.array(([1.0] * 48 + [0.0] * 12) * 6)
    p = np.where(y == 1, rng.uniform(0.15, 1.0, y.size), rng.uniform(0.0, 0.45, y.size))
    least, _, table = cv.choose_cap(p, y, p, y, sets, standard_errors=0.0)
    cap, t, same = cv.choose_cap(p, y, p, y, sets, standard_errors=1.0)
    assert same == table and t == table[cap][0]
    per_set = cv.set_shortfalls(p, y, sets, table[least][0])
    assert per_set.sum() == pytest.approx(table[least][1]) and per_set.shape == (6,)
    allowed = table[least][1] + per_set.std(ddof=1) * np.sqrt(6)
    assert cap <= least and table[cap][1] <= allowed + 1e-9
    assert all(table[c][1] > allowed for c in cv.CAPS if c < cap)  # no smaller cap is within one standard error
    # the default is Settings.cap_standard_errors
    from eaeu_qa.settings import get_settings

    assert cv.choose_cap(p, y, p, y, sets)[0] == cv.choose_cap(
        p, y, p, y, sets, standard_errors=get_settings().cap_standard_errors)[0]
