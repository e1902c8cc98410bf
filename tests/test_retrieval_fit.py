"""scripts/retrieval_fit.py: family labels, the source prior's fit, per-set counts, the refit report."""

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import retrieval_fit  # noqa: E402


def test_a_question_is_labelled_by_the_family_of_its_gold_passages(make_chunk):
    chunks = [make_chunk("Medical care of family members is regulated by Annex 30.", start=10),
              make_chunk("Moscow maintains that its rules do not extend to dependents.", source_id="article",
                         article="", start=500)]
    treaty, analysis = "Medical care of family members", "its rules do not extend"
    assert retrieval_fit.family_label({"gold_passages": [treaty]}, chunks) == 1.0
    assert retrieval_fit.family_label({"gold_passages": [analysis]}, chunks) == 0.0
    assert retrieval_fit.family_label({"gold_passages": [treaty, analysis]}, chunks) is None  # mixed
    assert retrieval_fit.family_label({"gold_passages": ["nowhere in the corpus"]}, chunks) is None


def test_the_fitted_prior_points_each_family_to_itself():
    """Question vectors that differ along one axis: the prior learns that axis and calibrates it."""
    rng = np.random.default_rng(0)
    vectors = rng.normal(0.0, 0.1, size=(60, 8))
    labels = np.array([1.0] * 30 + [0.0] * 30)
    vectors[:30, 0] += 1.0
    prior = retrieval_fit.fit_prior(vectors, labels, shrinkage=0.5)
    towards_treaty, towards_analysis = np.eye(8)[0], -np.eye(8)[0]
    assert prior.treaty_probability(towards_treaty) > 0.9 > 0.1 > prior.treaty_probability(towards_analysis)
    assert prior.shrinkage == 0.5 and prior.direction.shape == (8,)


def test_gold_in_the_top_four_is_counted_per_set_and_pooled():
    items = [{"key": "dev:a"}, {"key": "dev:b"}, {"key": "tune5:c"}]
    table = retrieval_fit.per_set(items, {"dev:a": 1, "dev:b": 5, "tune5:c": None})
    assert table == {"dev TUNING": (1, 2), "tune5": (0, 1), "all": (1, 3)}
    assert retrieval_fit.line(table).endswith("(33.3%)")


def test_the_memo_computes_each_key_once_and_keeps_at_most_its_size():
    memo = retrieval_fit.Memo(size=2)
    calls = []

    def value(n):
        calls.append(n)
        return n * 10

    assert memo("a", lambda: value(1)) == 10
    assert memo("a", lambda: value(2)) == 10  # kept: not computed again
    memo("b", lambda: value(3))
    memo("a", lambda: value(5))  # "a" used again: "b" is now the least recently used
    memo("c", lambda: value(4))
    assert list(memo.entries) == ["a", "c"] and calls == [1, 3, 4]


def test_memoised_rankings_are_keyed_by_the_vector_too(retriever):
    cls = retrieval_fit.memoised(type(retriever), retrieval_fit.Memo())
    memo_retriever = cls(handles=retriever.handles, settings=retriever.settings)
    question = "Where is the Court of the Union based?"
    own = memo_retriever._query_vector(question)
    other = memo_retriever._query_vector("What is the working language of the bodies of the Union?")
    first = memo_retriever.dense_ranking(question, 5, own)
    assert memo_retriever.dense_ranking(question, 5, own) is first
    assert [c.chunk_id for c, _ in memo_retriever.dense_ranking(question, 5, other)] == \
        [c.chunk_id for c, _ in retriever.dense_ranking(question, 5, other)]


def test_the_condensed_turn_cache_is_keyed_by_the_models_the_code_and_the_index(tmp_path, index_handle, settings):
    """A fit script reads condensations made with the models it runs with, whichever script ran first: a refitted
    model file (or code, index or settings) is a new cache file."""
    from dataclasses import replace
    from types import SimpleNamespace

    package = tmp_path / "eaeu_qa"
    package.mkdir()
    (package / "rerank_model.json").write_text('{"bias": 0.0}', encoding="utf-8")
    (package / "retrieval.py").write_text("x = 1\n", encoding="utf-8")

    def chain(handle=index_handle, chain_settings=settings):
        return SimpleNamespace(retriever=SimpleNamespace(handles=[handle]), settings=chain_settings)

    def path(made):
        return retrieval_fit.condensed_cache(made, package, tmp_path)

    first = path(chain())
    assert first == path(chain()) and first.parent == tmp_path and first.name.startswith("retrieval-condensed-")
    (package / "rerank_model.json").write_text('{"bias": 1.0}', encoding="utf-8")
    refitted = path(chain())
    (package / "retrieval.py").write_text("x = 2\n", encoding="utf-8")
    recoded = path(chain())
    other_index = SimpleNamespace(info=replace(index_handle.info, fingerprint="other"), chunks=index_handle.chunks)
    assert len({first, refitted, recoded, path(chain(handle=other_index)),
                path(chain(chain_settings=replace(settings, rerank_depth=7)))}) == 5


def test_a_follow_up_is_retrieved_as_the_chain_retrieves_it_when_it_asks_another_thing(settings, index_handle):
    from eaeu_qa.chain import QAChain
    from eaeu_qa.retrieval import HybridRetriever

    chain = QAChain(settings, HybridRetriever(handles=[index_handle], settings=settings))
    states = chain.replay(chain_turns(["Who appoints the judges of the Court of the Union?"], settings))
    condensed = chain.condenser.condense("and where is that court based?", states)
    assert condensed.is_follow_up and condensed.other_aspect  # its neighbourhood weighs followup_aspect_local times less
    chained = chain._retrieve({"k": 8, "condensed": condensed, "history": states}, None)
    fitted = retrieval_fit.retrieve(chain.retriever, settings, condensed)
    assert [p.chunk.chunk_id for p in fitted] == [p.chunk.chunk_id for p in chained]


def test_the_fit_scripts_refuse_settings_with_follow_up_rankings_4_or_5_on(settings, index_handle):
    """retrieve has not the previous turn's question and answer: with followup_history or followup_answer set, every
    fit retrieved otherwise than the chain, without a warning (review s16 B4)."""
    from eaeu_qa.chain import QAChain
    from eaeu_qa.retrieval import HybridRetriever

    chain = QAChain(settings, HybridRetriever(handles=[index_handle], settings=settings))
    states = chain.replay(chain_turns(["Who appoints the judges of the Court of the Union?"], settings))
    condensed = chain.condenser.condense("and where is that court based?", states)
    assert retrieval_fit.retrieve(chain.retriever, settings, condensed)  # as shipped (both 0): replayed
    for name in ("followup_history", "followup_answer"):
        on = replace(settings, **{name: 0.5})
        with pytest.raises(retrieval_fit.UnfittableSettings, match=name):
            retrieval_fit.retrieve(chain.retriever, on, condensed)
        with pytest.raises(retrieval_fit.UnfittableSettings, match=name):
            retrieval_fit.open_chain(on)


def chain_turns(questions, settings):
    from eaeu_qa.history import parse_history

    return parse_history(questions, settings, keep_recent=True)


def test_a_refit_report_counts_each_set_and_lists_the_items_whose_hit_changed(capsys):
    items = [{"key": "tune20.jsonl:a", "question": "Who pays?"}, {"key": "tune20.jsonl:b", "question": "Where?"},
             {"key": "tune21.jsonl:c", "question": "When?"}]
    shipped = {"tune20.jsonl:a": 1, "tune20.jsonl:b": 9, "tune21.jsonl:c": None}
    after = {"tune20.jsonl:a": 2, "tune20.jsonl:b": 3, "tune21.jsonl:c": None}
    retrieval_fit.print_refit("reranker", items, shipped, after, 4, held="held out by group")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "shipped reranker: tune20.jsonl 1/2, all 1/3, tune21.jsonl 0/1 (33.3%)"
    assert out[1] == "refitted, held out by group: tune20.jsonl 2/2, all 2/3, tune21.jsonl 0/1 (66.7%)"
    assert out[2:] == ["    tune20.jsonl:b: 9 -> 3: Where?"]  # a moved within the top 4, c never in it
