"""The learnt document-family preference (eaeu_qa/source_prior.py): the stored model, its fusion rankings, retrieval."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from eaeu_qa.embeddings import encode_query
from eaeu_qa.retrieval import HybridRetriever
from eaeu_qa.source_prior import MODEL_FILE, SourcePrior, add_family_rankings, family, load


def test_families_of_the_corpus_sources_and_uploads():
    assert family("article") is False
    assert family("eaeu_treaty") is True and family("accession_treaty") is True
    assert family("upload-notes") is None


def test_the_pointed_to_family_lifts_its_best_candidate_over_the_other_family():
    fused = {"a1": 0.0330, "t1": 0.0320, "a2": 0.0310, "u1": 0.0325}
    source_of = {"a1": "article", "a2": "article", "t1": "eaeu_treaty", "u1": "upload-x"}
    towards_treaty = dict(fused)
    add_family_rankings(towards_treaty, source_of, p_treaty=0.95, weight=0.5, rrf_k=60)
    assert towards_treaty["t1"] > towards_treaty["a1"]
    # an upload is ranked as the favoured family: still above the treaty passage it led before
    assert towards_treaty["u1"] > towards_treaty["t1"] > towards_treaty["a1"]
    towards_analysis = dict(fused)
    add_family_rankings(towards_analysis, source_of, p_treaty=0.05, weight=0.5, rrf_k=60)
    assert towards_analysis["a2"] > towards_analysis["t1"]
    unchanged = dict(fused)
    add_family_rankings(unchanged, source_of, p_treaty=0.95, weight=0.0, rrf_k=60)
    assert unchanged == fused


def test_model_round_trips_and_a_missing_or_broken_file_means_no_prior(tmp_path):
    prior = SourcePrior(np.array([0.5, -0.25]), 3.0, -1.0, 0.2)
    again = SourcePrior.from_dict(json.loads(json.dumps(prior.to_dict())))
    assert again.treaty_probability([1.0, 0.0]) == pytest.approx(prior.treaty_probability([1.0, 0.0]))
    assert load(tmp_path / "missing.json") is None
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert load(broken) is None


def _probability(settings, question: str) -> float:
    prior = load(MODEL_FILE)
    assert prior is not None, "eaeu_qa/source_prior.json is missing (scripts/retrieval_fit.py --write)"
    return prior.treaty_probability(encode_query(settings.embedding, [question])[0])


@pytest.mark.parametrize("question", [
    "my brother works in Kazakhstan, does he need a permit to work there?",
    "Within what period must the Commission's decisions be published?",
])
def test_the_stored_prior_points_practical_and_provision_questions_to_the_treaties(settings, question):
    assert _probability(settings, question) > 0.5


@pytest.mark.parametrize("question", [
    "What does the author think the case reveals about the bloc's politics?",
    "Why, according to the analysis, might Kyrgyzstan prefer a court ruling to negotiation?",
])
def test_the_stored_prior_points_questions_about_the_analysis_to_it(settings, question):
    assert _probability(settings, question) < 0.5


def test_prior_changes_the_ranking_only_through_its_weight(settings, index_handle):
    """With a prior that is sure of the treaties, the top 4 holds no fewer treaty passages than without it."""
    question = "my wife does not work, can she get medical insurance where I work?"
    sure = SourcePrior(np.zeros(384), 0.0, 10.0)  # p(treaty) ~ 1 for every question
    off = HybridRetriever(handles=[index_handle], settings=dataclasses.replace(settings, source_prior_weight=0.0),
                          source_prior=sure)
    on = HybridRetriever(handles=[index_handle], settings=dataclasses.replace(settings, source_prior_weight=4.0),
                         source_prior=sure)
    treaties = [sum(family(d.metadata["source_id"]) is True for d in r.invoke(question, k=4)) for r in (off, on)]
    assert treaties[1] >= treaties[0] and treaties[1] >= 3
