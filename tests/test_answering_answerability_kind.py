"""The question-kind directions: fitting, scores, masking, storage, use.

The question-kind directions: fitting, out-of-fold scores, topic masking, storage, their place in the evidence
model."""

import numpy as np
import pytest

from eaeu_qa.answering.answerability import LogisticModel
from eaeu_qa.answering.answerability_kind import (MASK_TOKEN, KindDirection, fit_direction, out_of_fold_scores,
                                                  topic_masked)
from eaeu_qa.answering.evidence import FEATURES


def _clusters(seed=0, n=60, dim=16):
    """Two classes apart along axis 0, with large shared noise along axis 1."""
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0, 0.1, size=(2 * n, dim))
    x[:, 1] += rng.normal(0.0, 3.0, size=2 * n)
    x[:n, 0] += 1.0
    return x, np.array([1.0] * n + [0.0] * n)


def test_the_centroid_direction_is_the_gap_between_the_class_means():
    x, y = _clusters()
    assert np.allclose(fit_direction(x, y, 1.0), x[y == 1].mean(axis=0) - x[y == 0].mean(axis=0))


def test_shrunk_lda_discounts_a_noisy_dimension_the_plain_gap_keeps():
    x, y = _clusters()
    plain, lda = fit_direction(x, y, 1.0), fit_direction(x, y, 0.1)
    # Axis 1 is shared noise: whitening shrinks its share of the direction.
    assert abs(lda[1]) / abs(lda[0]) < abs(plain[1]) / abs(plain[0])
    scores = x @ lda
    assert scores[y == 1].min() > scores[y == 0].max()


def test_an_items_out_of_fold_score_does_not_depend_on_its_own_label():
    x, y = _clusters(seed=1, n=30)
    scores = out_of_fold_scores(x, y, 0.5, folds=5, seed=3)
    flipped = y.copy()
    flipped[4] = 1 - flipped[4]
    assert out_of_fold_scores(x, flipped, 0.5, folds=5, seed=3)[4] == pytest.approx(scores[4])
    assert not np.allclose(out_of_fold_scores(x, flipped, 0.5, folds=5, seed=3), scores)  # others' do
    assert scores[y == 1].mean() > scores[y == 0].mean()


def test_the_direction_travels_with_the_evidence_model():
    x, y = _clusters()
    kind = KindDirection(fit_direction(x, y, 0.5), 0.5)
    n = len(FEATURES)
    model = LogisticModel(np.zeros(n), np.ones(n), np.ones(n), 0.0, 0.5, kind)
    again = LogisticModel.from_dict(model.to_dict())
    assert again.kind is not None and again.kind.shrinkage == 0.5
    assert again.kind.score(x[0]) == pytest.approx(model.kind.score(x[0]), abs=1e-4)
    # A model without directions scores both kinds 0 (and encodes nothing).
    assert LogisticModel(np.zeros(n), np.ones(n), np.ones(n), 0.0, 0.5).question_scores(
        "Who chairs the Council?", "no-model-needed", lambda word: None) == (0.0, 0.0)
    # The neutral score (for evidence from a user's upload) is the one the standardisation centres on.
    mean = np.arange(n, dtype=float)
    assert LogisticModel(mean, np.ones(n), np.ones(n), 0.0, 0.5, kind).neutral("question_kind") == mean[FEATURES.index("question_kind")]


def _idf(table):
    return lambda word: table.get(word.lower())


def test_topic_masking_replaces_the_corpus_words_at_or_above_the_idf_and_keeps_the_rest():
    idf = _idf({"appoints": 0.8, "judges": 0.7, "court": 0.3, "eaeu": 0.2})
    assert topic_masked("Who appoints the judges of the Court of the EAEU?", idf, 0.7) == \
        f"Who {MASK_TOKEN} the {MASK_TOKEN} of the Court of the EAEU?"
    # A word the corpus never uses stays (it says what kind of thing is asked: "summit", "currently"), and so do
    # function words and one-letter words.
    assert topic_masked("Who chaired the latest summit in a year?", _idf({"chaired": 0.9}), 0.5) == \
        f"Who {MASK_TOKEN} the latest summit in a year?"
    # A higher level masks less.
    assert topic_masked("Who appoints the judges?", idf, 0.75) == f"Who {MASK_TOKEN} the judges?"
    assert topic_masked("", idf, 0.5) == ""


def test_a_form_direction_scores_the_masked_text_and_travels_with_the_model():
    x, y = _clusters()
    idf = _idf({"judges": 0.9})
    plain, form = KindDirection(fit_direction(x, y, 0.5), 0.5), KindDirection(fit_direction(x, y, 0.5), 0.5, 0.7)
    assert plain.text("Who appoints the judges?", idf) == "Who appoints the judges?"
    assert form.text("Who appoints the judges?", idf) == f"Who appoints the {MASK_TOKEN}?"
    n = len(FEATURES)
    mean = np.arange(n, dtype=float)
    model = LogisticModel(mean, np.ones(n), np.ones(n), 0.0, 0.5, plain, form)
    again = LogisticModel.from_dict(model.to_dict())
    assert again.form is not None and again.form.mask_idf == 0.7 and again.kind.mask_idf is None
    assert again.form.score(x[0]) == pytest.approx(form.score(x[0]), abs=1e-4)
    assert model.neutral("question_form") == mean[FEATURES.index("question_form")]
    # A model stored before the form direction existed was fitted on other features: it is not used.
    old = model.to_dict()
    old["features"] = old["features"][:-1]
    with pytest.raises(ValueError):
        LogisticModel.from_dict(old)


def test_the_answerer_scores_the_condensed_questions_vector_on_the_shipped_direction(qa_chain, settings):
    from eaeu_qa.answering.features import question_features
    from eaeu_qa.embeddings import encode_query

    answerer = qa_chain.answerer
    answerer.warm()
    assert answerer.model is not None and answerer.model.kind is not None
    assert answerer.model.kind.direction.shape == (384,)
    question = "Can my wife get medical insurance in Russia if she does not work?"
    passages = qa_chain.retriever.search(question, k=8)
    features = question_features(question, question, False)
    evidence = answerer.evidence(features, passages, answerer.score(features, passages))
    expected = answerer.model.kind.score(encode_query(settings.embedding, [question])[0])
    assert evidence.values["question_kind"] == pytest.approx(expected)
    assert evidence.values["question_kind"] != 0.0
    # The form direction scores the question with its topic masked by the corpus's own IDF.
    form = answerer.model.form
    assert form is not None and form.mask_idf is not None
    masked = form.text(question, answerer._stats.corpus_idf)
    assert MASK_TOKEN in masked and masked != question and masked.startswith("Can my")
    assert evidence.values["question_form"] == pytest.approx(form.score(encode_query(settings.embedding, [masked])[0]))
