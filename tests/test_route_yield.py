"""A named article's route that yields to a better match outside it (placement.route_yields, Settings.route_yield_margin)."""

from dataclasses import replace

from eaeu_qa.retrieval import HybridRetriever


def test_a_named_article_yields_when_the_question_asks_about_something_else(settings, index_handle):
    question = "Which court decides disputes about Article 98?"
    routed = HybridRetriever(handles=[index_handle], settings=replace(settings, route_yield_margin=2.0))
    yielding = HybridRetriever(handles=[index_handle], settings=replace(settings, route_yield_margin=0.0))
    assert [p.chunk.article for p in routed.search(question, k=8) if p.referenced] == ["98", "98", "98"]
    top = yielding.search(question, k=8)
    assert [p.chunk.article for p in top if p.referenced] == ["98"]
    assert top[0].referenced
    assert "112" in [p.chunk.article for p in top[:4]]  # the article on disputes between member States


def test_a_named_article_keeps_its_slots_when_the_question_asks_about_it(settings, index_handle):
    yielding = HybridRetriever(handles=[index_handle], settings=replace(settings, route_yield_margin=0.0))
    top = yielding.search("What does Article 98 say about medical care for family members?", k=8)
    assert [p.chunk.article for p in top[:3]] == ["98", "98", "98"] and all(p.referenced for p in top[:3])


def test_route_yields_compares_the_best_cosine_inside_and_outside():
    import numpy as np

    from eaeu_qa.placement import route_yields

    q = np.array([1.0, 0.0])
    vectors = {"in1": np.array([0.6, 0.8]), "in2": np.array([0.5, 0.866]), "out": np.array([0.8, 0.6])}
    assert route_yields(q, vectors, {"in1", "in2"}, ["out"], 0.0)  # 0.8 against 0.6
    assert route_yields(q, vectors, {"in1", "in2"}, ["out"], 0.15)
    assert not route_yields(q, vectors, {"in1", "in2"}, ["out"], 0.25)
    assert not route_yields(q, vectors, {"in1", "in2"}, ["out"], 2.0)  # off
    assert not route_yields(q, vectors, {"in1"}, [], 0.0)  # nothing outside
