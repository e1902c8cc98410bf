"""The fit scripts' shared plumbing: the logistic fold-back and the Collector's once-per-model scoring and annex rule."""

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from collector import Collector  # noqa: E402
from logistic_fit import fit_folded, fold_back, standardise  # noqa: E402


def test_folded_weights_score_raw_features_as_the_standardised_ones_do():
    rng = np.random.default_rng(0)
    x = rng.normal(3.0, 2.0, size=(50, 4)).astype(np.float32)
    x[:, 2] = 7.0  # a constant column keeps scale 1
    mean, scale = standardise(x)
    assert mean.dtype == np.float32 and scale[2] == 1.0
    w, b = rng.normal(size=4), 0.3
    weights, bias = fold_back(mean, scale, w, b)
    assert np.allclose(x @ weights + bias, ((x - mean) / scale) @ w + b, atol=1e-5)
    y = (x[:, 0] > 3.0).astype(float)
    weights, bias = fit_folded(x.astype(float), y, 1.0)
    assert weights[0] > 0 and ((x @ weights + bias > 0) == (y == 1)).mean() > 0.9


def test_the_collector_scores_an_item_once_per_pair_of_models(qa_chain, dev_items, monkeypatch):
    answerer = qa_chain.answerer
    monkeypatch.setattr(answerer, "relevance", answerer.relevance)  # restored after the test
    collector = Collector(qa_chain)
    item = next(i for i in dev_items if i["answerable"] and i.get("gold_passages"))
    item = {**item, "key": "dev:" + str(item["id"])}
    collector.prepare(item)  # retrieves and answers it once (the chain scores it there)
    calls = []
    real = answerer.score
    monkeypatch.setattr(answerer, "score", lambda *a, **k: calls.append(1) or real(*a, **k))
    rows = collector.unit_rows(item)
    assert rows and collector.unit_rows(item) == rows and collector.evidence_row(item) is not None
    assert len(calls) == 1  # unit rows twice and the evidence row: one scoring
    answerer.relevance = None  # another relevance model: scored again
    collector.unit_rows(item)
    assert len(calls) == 2


def test_the_collector_applies_the_annex_rule_as_the_answerer_does(qa_chain, monkeypatch):
    answerer = qa_chain.answerer
    collector = Collector(qa_chain)
    item = {"key": "t:1", "question": "What does Annex 30 require?", "answerable": False}
    _, _, structural = collector.prepare(item)  # Annex 30 is not in the corpus
    assert structural is not None and structural.reason == "annex_content", structural
    held = collector.annex[item["key"]]
    assert held < answerer.settings.annex_answer_coverage
    # the evidence now holds enough: left to the evidence model
    monkeypatch.setattr(answerer, "settings", replace(answerer.settings, annex_answer_coverage=held))
    item = {**item, "key": "t:2"}
    assert collector.prepare(item)[2] is None and collector.annex[item["key"]] == held


def test_the_collector_keeps_the_condensers_view_of_a_rewritten_turn(qa_chain):
    """A rewritten turn points back only when the condenser says so (review s18 S2: every rewritten turn was taken as
    pointing back, so the fits never saw a turn judged on its own words): a turn that leaves the subject gets the
    earlier topic put before it and is still judged on its own words; one with a pronoun points back. The request
    carries the previous turn, as the chain's does. Written for this test."""
    collector = Collector(qa_chain)
    history = ["Why did Kyrgyzstan sue Russia?"]
    away = {"key": "t:away", "question": "Tell me a joke about lawyers", "history": history}
    back = {"key": "t:back", "question": "and what does Russia say about that?", "history": history}
    request, _, _ = collector.prepare(away)
    assert request.standalone != away["question"] and request.is_follow_up and not request.points_back
    assert request.in_conversation and request.previous[0] == history[0] and request.previous[1]
    request, _, _ = collector.prepare(back)
    assert request.points_back and request.standalone != back["question"] and request.own_pointer
    key = (away["question"], tuple(history))
    collector.retrieved[key] = collector.retrieved[key][:2]  # (standalone, passages): a cache kept by the old version
    collector.cache.clear()
    assert not collector.prepare(away)[0].points_back  # asked again, not taken as pointing back for its rewrite
    assert len(collector.retrieved[key]) == 6
