"""Answerability: structural rules from the corpus, and the logistic model and its fitting."""

import numpy as np

from eaeu_qa.answering.answerability import (LogisticModel, delegated_annex, evidence_verdict, fit_logistic,
                                             missing_annex, missing_reference, structural_verdict)
from eaeu_qa.answering.evidence import FEATURES, Evidence
from eaeu_qa.answering.features import question_features


def _q(text):
    return question_features(text, text, False)


def test_nonexistent_article_and_paragraph_are_named(make_chunk):
    chunks = [make_chunk("3. Text.", article="98", paragraph="3"), make_chunk("4. Text.", article="98", paragraph="4")]
    assert missing_reference(_q("What does Article 98(11) say?"), chunks) == \
        "paragraph 11 of Article 98 in the EAEU Treaty"
    assert missing_reference(_q("And Article 140?"), chunks).startswith("Article 140")
    assert missing_reference(_q("What does Article 98(4) say?"), chunks) == ""


def test_annex_content_is_missing_but_asking_where_it_is_referred_to_is_not(make_chunk):
    chunks = [make_chunk("4. ... is regulated in accordance with the Annex 30 ...", paragraph="4")]
    assert missing_annex(_q("What does Annex 30 require?"), [], chunks) == "Annex 30"
    assert missing_annex(_q("Which article refers to Annex 30?"), [], chunks) == ""


def test_a_passage_of_the_article_about_the_question_refers_it_to_a_missing_annex(make_chunk):
    from dataclasses import replace

    from eaeu_qa.answering.units import chunk_units

    delegating = replace(make_chunk("2. Status, structure and competence of the Court of the EAEU shall be determined by "
                                    "the Statute of Court of the EAEU according to Annex 2 hereto.", article="19",
                                    paragraph="2"), article_name="Court of the EAEU")
    [unit] = chunk_units(delegating)
    assert delegated_annex(_q("How many judges does the EAEU Court have?"), unit, [delegating]) == "Annex 2"
    # a question about something else, or an annex the corpus holds, is not referred there
    assert delegated_annex(_q("How many judges does the Commission have?"), unit, [delegating]) == ""
    assert delegated_annex(_q("Who is the EAEU Court's president at the moment?"), unit, [delegating]) == ""
    annex = make_chunk("1. The Court consists of two judges from each member State.", article="", paragraph="")
    annex = replace(annex, locator="Annex 2, para. 1")
    assert delegated_annex(_q("How many judges does the EAEU Court have?"), unit, [delegating, annex]) == ""


def test_a_question_in_another_script_gets_the_ask_in_english_verdict(make_chunk):
    verdict = structural_verdict(_q("\u0427\u0442\u043e \u0433\u043e\u0432\u043e\u0440\u0438\u0442 "
                                    "\u0441\u0442\u0430\u0442\u044c\u044f 98?"), [], [make_chunk("3. Text.")])
    assert verdict.reason == "not_english" and "English" in verdict.message


def test_logistic_fit_separates_and_the_verdict_uses_the_threshold():
    rng = np.random.default_rng(0)
    good = rng.normal(1.0, 0.3, size=(40, len(FEATURES)))
    bad = rng.normal(-1.0, 0.3, size=(40, len(FEATURES)))
    x, y = np.vstack([good, bad]), np.array([1.0] * 40 + [0.0] * 40)
    mean, scale, w, b = fit_logistic(x, y)
    model = LogisticModel(mean, scale, w, b, threshold=0.5)
    assert model.probability(good[0]) > 0.9 and model.probability(bad[0]) < 0.1
    assert evidence_verdict(Evidence(dict(zip(FEATURES, bad[0]))), model).reason == "weak_evidence"
    assert evidence_verdict(Evidence(dict(zip(FEATURES, good[0]))), model).reason == ""
    assert LogisticModel.from_dict(model.to_dict()).probability(good[1]) == model.probability(good[1])


def test_asked_for_type_and_absent_names_are_evidence_features(make_chunk):
    from eaeu_qa.answering.evidence import CorpusStats, evidence_features

    chunks = [make_chunk("The Treaty was signed in Moscow on 23 December 2014.", context="Final provisions"),
              make_chunk("The Court shall hear disputes between the member States.", paragraph="4",
                         context="Court")]
    stats = CorpusStats(chunks)
    units = [c.text for c in chunks]
    evidence_text = " ".join(c.search_text for c in chunks)

    def values(question, best_units):
        return evidence_features(_q(question), 0.6, best_units, evidence_text, False, stats, "unused").values

    assert values("When was the Treaty signed?", units)["type_unsupported"] == 0.0
    assert values("When shall the Court hear disputes?", units[1:])["type_unsupported"] == 1.0
    assert values("What shall the Court hear?", units[1:])["type_unsupported"] == 0.0  # no particular type
    assert values("Did Moscow sign the Treaty?", units)["absent_name"] == 0.0
    assert values("Did Tashkent sign the Treaty?", units)["absent_name"] == 1.0


def test_sign_constraints_keep_a_weight_on_its_side_of_zero():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 2))
    y = (x[:, 0] - x[:, 1] > 0).astype(float)  # the second feature really acts negatively
    _, _, free, _ = fit_logistic(x, y)
    _, _, constrained, _ = fit_logistic(x, y, signs=np.array([1, 1]))
    assert free[1] < 0 and constrained[1] == 0.0 and constrained[0] > 0
