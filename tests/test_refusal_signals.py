"""scripts/refusal_signals.py: each evidence feature's term of the logit, read from the real chain's answerer."""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from eaeu_qa.answering.answerability import LogisticModel, sigmoid  # noqa: E402
from eaeu_qa.answering.evidence import FEATURES  # noqa: E402


def test_the_terms_and_the_bias_sum_to_the_models_logit():
    rng = np.random.default_rng(3)
    n = len(FEATURES)
    model = LogisticModel(rng.normal(size=n), rng.uniform(0.5, 2.0, n), rng.normal(size=n), 0.7, threshold=0.5)
    x = rng.normal(size=n)
    terms = model.contributions(x)
    assert terms.shape == (n,)
    assert abs(sigmoid(float(terms.sum()) + model.bias) - model.probability(x)) < 1e-12
    # a feature at its tuning mean moves the logit neither way
    at_mean = x.copy()
    at_mean[0] = model.mean[0]
    assert model.contributions(at_mean)[0] == 0.0


def test_the_script_reports_every_feature_of_a_real_question_and_its_terms_give_p(qa_chain):
    from refusal_signals import report, signals

    question = "Who appoints the judges of the Court of the EAEU?"
    values = signals(qa_chain, question)
    model = qa_chain.answerer.model
    assert model is not None and all(f in values for f in FEATURES)
    lines = report(question, values, model)
    assert lines[0] == f"== {question}" and f"threshold {model.threshold:.3f}" in lines[1]
    assert [line.split()[0] for line in lines[2:2 + len(FEATURES)]] == list(FEATURES)
    terms = [float(line.split()[-1]) for line in lines[2:2 + len(FEATURES)]]
    # the printed terms (rounded to 0.01 each) with the bias give the probability the answerer decided on
    assert abs(sigmoid(sum(terms) + model.bias) - values["p_answerable"]) < 0.05
    assert (values["p_answerable"] >= model.threshold) == (values.get("reason", "") == "")


def test_the_kind_prior_of_a_real_turn_ignores_the_users_story(qa_chain, monkeypatch):
    import dataclasses

    from refusal_signals import signals

    # the switch is off by default (its refit lost on the held-out sets); the mechanism still works when it is on
    monkeypatch.setattr(qa_chain.answerer, "settings",
                        dataclasses.replace(qa_chain.answerer.settings, kind_asked_clause=True))
    asked = "can our children see a doctor for free?"
    told = signals(qa_chain, "my husband works in moscow, " + asked)
    bare = signals(qa_chain, asked)
    assert qa_chain.answerer.settings.kind_asked_clause
    assert abs(told["question_kind"] - bare["question_kind"]) < 1e-6
    assert abs(told["question_form"] - bare["question_form"]) < 1e-6
    # scored whole, the story moves the prior: the test above would fail without the asked clause
    model, answerer = qa_chain.answerer.model, qa_chain.answerer
    whole = model.question_scores("my husband works in moscow, " + asked, answerer.settings.embedding,
                                  answerer._stats.corpus_idf)
    assert abs(whole[0] - bare["question_kind"]) > 1e-4


def test_a_last_turn_is_judged_on_the_request_the_chain_itself_gave_the_answerer(qa_chain):
    from refusal_signals import signals

    history = ["Where is the EAEU Court located?"]
    question = "and who appoints its judges?"
    values = signals(qa_chain, question, history)
    answer = qa_chain.ask(question, history=history)
    # the turn was condensed against the earlier one, as the chain answers it
    assert values["is_follow_up"] and values["standalone"] == answer.standalone_question != question
    assert (values.get("reason", "") == "") == answer.answerable
    assert all(f in values for f in FEATURES)
    assert "answer" not in vars(qa_chain.answerer)  # the recording wrapper is gone again
    # the same words as a first turn are not a follow-up
    first = signals(qa_chain, question)
    assert "standalone" not in first


def test_a_bad_history_gets_a_clear_message_not_a_traceback(capsys):
    from refusal_signals import main

    assert main(["--history", "not json", "Who appoints the judges?"]) == 2
    assert "--history is not JSON" in capsys.readouterr().out
    assert main(["--history", '{"q": 1}', "Who appoints the judges?"]) == 2
    assert "JSON list" in capsys.readouterr().out
