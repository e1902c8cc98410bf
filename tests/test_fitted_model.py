"""Fitted directions record the embedding model they were fitted for; a mismatch falls back to neutral, warned."""

from __future__ import annotations

import dataclasses
import json
import logging

import numpy as np

from eaeu_qa.answering.answerability import LogisticModel
from eaeu_qa.answering.answerability_kind import KindDirection
from eaeu_qa.answering.evidence import FEATURES
from eaeu_qa.fitted_model import embedding_fields, fits, load_fitted, mismatch
from eaeu_qa.retrieval import HybridRetriever
from eaeu_qa.source_prior import SourcePrior


def test_a_file_fitted_for_another_model_or_dimension_does_not_fit(caplog):
    assert embedding_fields("m", 384) == {"embedding_model": "m", "dimension": 384}
    assert mismatch("m", 384, "m", 384) == "" and mismatch("", 384, "m", 384) == ""  # older files: dimension only
    assert "'other'" in mismatch("other", 384, "m", 384) and "768-dimensional" in mismatch("", 768, "m", 384)
    with caplog.at_level(logging.WARNING, logger="eaeu_qa.fitted_model"):
        assert not fits("test file", "other", 384, "m", 384)
        assert not fits("test file", "other", 384, "m", 384)
    assert len(caplog.records) == 1 and "neutral" in caplog.text  # warned once, not at every question


def test_load_fitted_reads_a_matching_file_and_refuses_an_absent_broken_or_foreign_one(tmp_path, caplog):
    @dataclasses.dataclass
    class Fitted:
        model_name: str
        dimension: int

        @classmethod
        def from_dict(cls, data: dict) -> "Fitted":
            return cls(data["embedding_model"], int(data["dimension"]))

    path = tmp_path / "fitted.json"
    load = lambda model, dim: load_fitted(path, Fitted.from_dict, "the test model", "going without it", model, dim)  # noqa: E731
    with caplog.at_level(logging.WARNING):
        assert load("m", 384) is None  # absent: silently
        assert not caplog.records
        path.write_text("{not json", encoding="utf-8")
        assert load("m", 384) is None
        assert any("unreadable" in r.getMessage() and "going without it" in r.getMessage() for r in caplog.records)
        path.write_text(json.dumps(embedding_fields("m", 384)), encoding="utf-8")
        assert load("m", 384) == Fitted("m", 384)
        assert load("m", 768) is None
        assert load("other", 384) is None
    assert sum("the test model" in r.getMessage() and "left out" in r.getMessage() for r in caplog.records) == 2


def test_the_source_prior_records_its_model_and_round_trips():
    prior = SourcePrior(np.array([0.5, -0.25]), 3.0, -1.0, 0.2, embedding_model="m")
    data = json.loads(json.dumps(prior.to_dict()))
    assert data["embedding_model"] == "m" and data["dimension"] == 2
    again = SourcePrior.from_dict(data)
    assert again.embedding_model == "m" and again.fits("m", 2) and not again.fits("m", 3)
    assert not again.fits("other", 2)
    older = {k: v for k, v in data.items() if k not in ("embedding_model", "dimension")}
    assert SourcePrior.from_dict(older).fits("m", 2)  # fitted before the model was recorded: its length decides


def test_retrieval_with_a_prior_of_another_dimension_goes_without_it(settings, index_handle, caplog):
    """A prior fitted on 768-dimensional vectors (another model) would fail in the fusion: it is left out, warned."""
    question = "my wife does not work, can she get medical insurance where I work?"
    wrong = SourcePrior(np.ones(768), 1.0, 10.0)
    without = HybridRetriever(handles=[index_handle], settings=dataclasses.replace(settings, source_prior_weight=0.0))
    with_wrong = HybridRetriever(handles=[index_handle], settings=dataclasses.replace(settings, source_prior_weight=4.0),
                                 source_prior=wrong)
    with caplog.at_level(logging.WARNING, logger="eaeu_qa.fitted_model"):
        found = [d.metadata["chunk_id"] for d in with_wrong.invoke(question, k=8)]
    assert found == [d.metadata["chunk_id"] for d in without.invoke(question, k=8)]
    assert "source_prior.json" in caplog.text


def _model(dimension: int, embedding_model: str = "") -> LogisticModel:
    n = len(FEATURES)
    mean = np.arange(n, dtype=float) / 10
    kind = KindDirection(np.ones(dimension), 0.5)
    form = KindDirection(np.ones(dimension), 0.5, mask_idf=0.8)
    return LogisticModel(mean, np.ones(n), np.ones(n), 0.0, 0.5, kind, form, embedding_model=embedding_model)


def test_kind_directions_of_another_model_score_neutral(settings, caplog):
    """The question-kind directions: recorded model and dimension in the stored form; not scored (None: the caller holds
    them at the tuning mean) when they were fitted for another model (name or dimension), never a dimension error."""
    model = LogisticModel.from_dict(json.loads(json.dumps(_model(384, settings.model_name).to_dict())))
    assert model.embedding_model == settings.model_name and model.to_dict()["dimension"] == 384
    question = "Who appoints the judges of the Court?"
    kind, form = model.question_scores(question, settings.embedding, lambda word: None)
    assert (kind, form) != (model.neutral("question_kind"), model.neutral("question_form"))
    with caplog.at_level(logging.WARNING, logger="eaeu_qa.fitted_model"):
        assert _model(768).question_scores(question, settings.embedding, lambda word: None) is None
        assert _model(384, "another-model").question_scores(question, settings.embedding, lambda word: None) is None
    assert "question_kind" in caplog.text and "question_form" in caplog.text


def test_kind_directions_of_another_model_hold_their_completeness_products_neutral_too(qa_chain):
    """With the directions unusable, the products are their tuning means as well, not the neutral kind score times the
    question's completeness (which would still pull the probability)."""
    from eaeu_qa.answering.features import question_features

    answerer = qa_chain.answerer
    answerer.warm()
    question = "Who appoints the judges of the Court of the EAEU?"
    passages = qa_chain.retriever.search(question, k=8)
    features = question_features(question, question, False)
    scored = answerer.score(features, passages)
    stored, answerer.model = answerer.model, _model(768)
    try:
        values = answerer.evidence(features, passages, scored).values
        (kind, form), (kind_complete, form_complete) = answerer.model.neutral_values()
    finally:
        answerer.model = stored
    assert values["unit_completeness"] > 0.5  # complete evidence: a product of the neutral kind would not be neutral
    assert (values["question_kind"], values["question_form"]) == (kind, form)
    assert (values["kind_complete"], values["form_complete"]) == (kind_complete, form_complete)
    assert kind_complete != kind * values["unit_completeness"]
