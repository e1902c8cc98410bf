"""Evaluation metrics on hand-made cases: retrieval, citations, answer text, per-item scores, aggregation."""

from __future__ import annotations

import pytest

from eaeu_qa import evaluation as ev

GOLD = "the member States workers are not required to obtain a permit"


def _item(**fields) -> ev.EvalItem:
    base = dict(id="tr01", question="q?", history=[], answerable=True, gold_passages=[GOLD], key_facts=[])
    base.update(fields)
    return ev.EvalItem(**base)


def _citation(n: int, quote: str, passage: str | None = None) -> dict:
    return {"n": n, "quote": quote, "passage": passage if passage is not None else quote, "source_id": "x"}


# --- retrieval metrics -------------------------------------------------------------------------------

PASSAGES = ["Unrelated text about customs.", "Another unrelated passage.",
            "Under Art. 97, The Member-States workers are NOT required to obtain a permit for work.",
            "Nothing here."]


def test_gold_rank_matches_word_sequence_ignoring_case_and_punctuation():
    assert ev.gold_rank(PASSAGES, [GOLD]) == 3
    assert ev.gold_rank(PASSAGES, ["workers are required to obtain"]) is None


@pytest.mark.parametrize("k, expected", [(1, 0.0), (2, 0.0), (3, 1.0), (8, 1.0)])
def test_hit_at_k(k, expected):
    assert ev.hit_at(PASSAGES, [GOLD], k) == expected


def test_reciprocal_rank_and_no_hit():
    assert ev.reciprocal_rank(PASSAGES, [GOLD]) == pytest.approx(1 / 3)
    assert ev.reciprocal_rank(PASSAGES, ["absent words entirely"]) == 0.0
    assert ev.reciprocal_rank([], [GOLD]) == 0.0


def test_recall_counts_each_gold_snippet_within_cutoff():
    gold = [GOLD, "Another unrelated passage", "not present anywhere"]
    assert ev.recall_at(PASSAGES, gold, 8) == pytest.approx(2 / 3)
    assert ev.recall_at(PASSAGES, gold, 2) == pytest.approx(1 / 3)
    assert ev.recall_at(PASSAGES, [], 8) == 0.0


# --- citation metrics --------------------------------------------------------------------------------

def test_claims_follow_their_markers_and_adjacent_markers_share_a_claim():
    claims = ev.claims_by_citation("Workers need no permit [1]. Families get care [2][3]. [4]")
    assert claims[1] == ["Workers need no permit"]
    assert claims[2] == claims[3] == ["Families get care"]
    assert claims[4] == ["."]  # nothing but punctuation: supports nothing
    assert ev.claims_by_citation("no markers at all") == {}
    preamble = ev.claims_by_citation("Not in the documents. The closest passage is: Art. 97 says permits [1].")
    assert preamble[1] == ["The closest passage is: Art. 97 says permits"]


def test_support_needs_half_the_claim_content_words_and_three_shared():
    quote = "Workers of member States are not required to obtain a work permit."
    assert ev.supports("Member States workers need no work permit", quote)  # member, states, workers, work, permit
    assert not ev.supports("Pensions are paid by the state of permanent domicile", quote)
    assert ev.supports("Permit", quote)  # a one-word claim needs only that word
    assert not ev.supports("", quote)
    assert not ev.supports("the of and", quote)  # only stopwords


def test_citation_scores_gold_support_and_unsupported():
    answer = "Workers need no work permit in member States [1]. The moon is made of cheese [2]."
    citations = [_citation(1, "workers are not required to obtain a permit", passage="x " + GOLD + " y"),
                 _citation(2, "Retirement is regulated by the State of permanent domicile")]
    scores = ev.citation_scores(answer, citations, [GOLD])
    assert scores == {"citation_recall": 1.0, "citation_precision": 0.5, "citation_gold_precision": 0.5}


def test_citation_supported_but_not_gold_counts_for_precision_only():
    answer = "Retirement is regulated by the State of permanent domicile [1]."
    citations = [_citation(1, "Retirement of workers is regulated by the legislation of the State of permanent domicile")]
    scores = ev.citation_scores(answer, citations, [GOLD])
    assert scores == {"citation_recall": 0.0, "citation_precision": 1.0, "citation_gold_precision": 0.0}


def test_citation_never_referenced_in_the_answer_is_not_supported():
    citations = [_citation(1, "Retirement is regulated by the State of permanent domicile")]
    scores = ev.citation_scores("Retirement is regulated by the State of permanent domicile.", citations, [GOLD])
    assert scores["citation_precision"] == 0.0


def test_no_citations():
    assert ev.citation_scores("Some answer.", [], [GOLD]) == {
        "citation_recall": 0.0, "citation_precision": None, "citation_gold_precision": None}
    assert ev.citation_scores("", [], [])["citation_recall"] is None


def test_gold_leads_reads_the_first_quote_among_answers_citing_gold():
    gold_quote = _citation(1, "workers are not required to obtain a permit", passage="x " + GOLD + " y")
    other = _citation(2, "Retirement is regulated by the State of permanent domicile")
    assert ev.gold_leads([gold_quote, other], [GOLD]) == 1.0
    # the same quotes, the gold one second: cited but not leading
    assert ev.gold_leads([{**other, "n": 1}, {**gold_quote, "n": 2}], [GOLD]) == 0.0
    # by number, not list order
    assert ev.gold_leads([{**gold_quote, "n": 2}, {**other, "n": 1}], [GOLD]) == 0.0
    # one paragraph quoted from two chunks is one sentence: its second chunk holding gold leads
    first, second = ({**other, "locator": "Art. 96(5)"}, {**gold_quote, "n": 2, "locator": "Art. 96(5)"})
    assert ev.gold_leads([first, second], [GOLD]) == 1.0
    assert ev.gold_leads([{**first, "locator": "Art. 97(1)"}, second], [GOLD]) == 0.0
    # no gold cited, no citations, no gold: the metric does not apply
    assert ev.gold_leads([other], [GOLD]) is None
    assert ev.gold_leads([], [GOLD]) is None and ev.gold_leads([gold_quote], []) is None


def test_score_item_gold_leads_applies_to_answers_citing_gold_only():
    led = ev.score_item(_item(), _answer("x [1] y [2].", citations=[
        _citation(1, "Retirement is regulated by the State of permanent domicile"),
        _citation(2, "workers are not required to obtain a permit", passage=GOLD)], retrieved=PASSAGES))
    assert led["gold_leads"] == 0.0 and led["citation_recall"] == 1.0
    refused = ev.score_item(_item(), _answer("Not in the documents.", answerable=False, retrieved=PASSAGES))
    assert refused["gold_leads"] is None
    unanswerable = ev.score_item(_item(answerable=False, gold_passages=[]), _answer("x [1].", citations=[
        _citation(1, GOLD)]))
    assert unanswerable["gold_leads"] is None
    rows = [_row(_item(id=f"a{i}"), _answer("x [1].", citations=[_citation(1, q, passage=q)], retrieved=PASSAGES))
            for i, q in enumerate((GOLD, "unrelated words", GOLD))]
    summary = ev.summarize(rows)
    assert summary["gold_leads"] == pytest.approx(1.0) and summary["gold_leads_n"] == 2


# --- answer text metrics -----------------------------------------------------------------------------

def test_key_fact_recall_is_case_insensitive_substring_over_alternatives():
    facts = [["same conditions", "same terms"], ["except for pensions"], ["permanent domicile"]]
    assert ev.key_fact_recall("On the SAME TERMS as nationals, except for pensions [1].", facts) == pytest.approx(2 / 3)
    assert ev.key_fact_recall("", facts) == 0.0
    assert ev.key_fact_recall("anything", []) is None


def test_token_f1_known_value_and_edges():
    assert ev.token_f1("the cat sat [1]", ["The cat ran"]) == pytest.approx(2 / 3)
    assert ev.token_f1("", ["The cat ran"]) == 0.0
    assert ev.token_f1("The cat ran.", ["the CAT ran"]) == pytest.approx(1.0)
    assert ev.token_f1("whatever", []) is None


# --- items, aggregation ------------------------------------------------------------------------------

def _answer(text: str, answerable: bool = True, citations=(), retrieved=(), total=10.0) -> dict:
    return {"answer": text, "answerable": answerable, "citations": list(citations),
            "retrieved": [{"rank": i, "text": t} for i, t in enumerate(retrieved, 1)],
            "timings_ms": {"condense": 0.0, "retrieve": total / 2, "answer": total / 2, "total": total}}


def test_score_item_refused_answerable_is_a_false_refusal():
    scores = ev.score_item(_item(key_facts=[["permit"]]), _answer("Not in the documents.", answerable=False,
                                                                    retrieved=PASSAGES))
    assert scores["false_refusal"] == 1.0 and scores["key_fact_recall"] == 0.0
    assert scores["hit@4"] == 1.0 and scores["hit@1"] == 0.0 and scores["unanswerable_accuracy"] is None


def test_score_item_unanswerable():
    item = _item(answerable=False, gold_passages=[], key_facts=[])
    assert ev.score_item(item, _answer("", answerable=False))["unanswerable_accuracy"] == 1.0
    answered = ev.score_item(item, _answer("It was decided in 2025.", citations=[_citation(1, "x")]))
    assert answered["unanswerable_accuracy"] == 0.0
    assert answered["hit@1"] is None and answered["false_refusal"] is None
    assert answered["citation_precision"] == 0.0


def _row(item: ev.EvalItem, answer: dict) -> dict:
    return {"id": item.id, "group": item.group, "gold_answerable": item.answerable, **answer,
            "metrics": ev.score_item(item, answer)}


def test_summary_all_unanswerable_leaves_answerable_metrics_undefined():
    items = [_item(id=f"un0{i}", answerable=False, gold_passages=[]) for i in range(1, 5)]
    rows = [_row(item, _answer("", answerable=i % 2 == 0, total=10.0 * (i + 1))) for i, item in enumerate(items)]
    summary = ev.summarize(rows)
    assert summary["unanswerable_accuracy"] == pytest.approx(0.5) and summary["unanswerable_accuracy_n"] == 4
    assert summary["hit@1"] is None and summary["hit@1_n"] == 0 and summary["false_refusal"] is None
    assert summary["latency_ms"]["total"] == {"p50": pytest.approx(25.0), "p95": pytest.approx(38.5)}


def test_groups_come_from_id_prefix():
    rows = [_row(_item(id="art01"), _answer("x", retrieved=PASSAGES)),
            _row(_item(id="art02"), _answer("x", retrieved=PASSAGES[2:])),
            _row(_item(id="un01", answerable=False, gold_passages=[]), _answer("", answerable=False))]
    groups = ev.summarize_by_group(rows)
    assert set(groups) == {"art", "un"}
    assert groups["art"]["mrr"] == pytest.approx((1 / 3 + 1) / 2)
    assert groups["un"]["unanswerable_accuracy"] == 1.0


def test_percentile_interpolates():
    assert ev.percentile([1, 2, 3, 4], 50) == 2.5
    assert ev.percentile([5], 95) == 5
    assert ev.percentile([], 50) is None
