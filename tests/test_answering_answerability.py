"""Answerability: structural rules from the corpus, and the logistic model and its fitting."""

import numpy as np

from eaeu_qa.answering.answerability import (LogisticModel, delegated_annex, evidence_verdict, fit_logistic,
                                             missing_annex, missing_reference, structural_verdict)
from eaeu_qa.answering.evidence import FEATURES, Evidence
from eaeu_qa.answering.features import question_features
from eaeu_qa.settings import Settings


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
    # the caller's Settings instance decides (no Latin share required: the language check lets it through)
    assert structural_verdict(_q("\u0427\u0442\u043e \u0433\u043e\u0432\u043e\u0440\u0438\u0442 "
                                 "\u0441\u0442\u0430\u0442\u044c\u044f 98?"), [], [make_chunk("3. Text.")],
                              Settings(min_latin_share=0.0)) is None


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
    # a place of the user's own story (after a personal subject in its clause) is not what the question asks about
    assert values("we live in Tashkent, can my son go to the Court?", units)["absent_name"] == 0.0
    assert values("my brother works in Moscow, did Tashkent sign the Treaty?", units)["absent_name"] == 1.0
    assert values("What did Tashkent say at his press conference?", units)["absent_name"] == 1.0


def test_sign_constraints_keep_a_weight_on_its_side_of_zero():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 2))
    y = (x[:, 0] - x[:, 1] > 0).astype(float)  # the second feature really acts negatively
    _, _, free, _ = fit_logistic(x, y)
    _, _, constrained, _ = fit_logistic(x, y, signs=np.array([1, 1]))
    assert free[1] < 0 and constrained[1] == 0.0 and constrained[0] > 0


class _FlatIdf:
    """Every word equally informative (CorpusStats' interface as annex_coverage reads it: idf and the settings)."""

    settings = Settings()

    def idf(self, word):
        return 1.0


def _scored(chunk):
    from eaeu_qa.answering.compose import Scored
    from eaeu_qa.answering.units import Unit

    return Scored(Unit(chunk, chunk.start, chunk.end), None, 0.5, np.zeros(1))


def test_an_annex_question_is_held_by_evidence_only_when_a_unit_not_referring_to_the_annex_holds_what_it_asks(
        make_chunk):
    from eaeu_qa.answering.answerability import annex_coverage

    appoint = _scored(make_chunk("upon suggestion of member States appoint the judges of the Court of the EAEU;",
                                 article="12", paragraph="2", context="Article 12. Supreme Council"))
    statute = _scored(make_chunk("Status, structure, competence of the Court of the EAEU shall be determined by the "
                                 "Statute of Court of the EAEU according to Annex 2 hereto.", article="19",
                                 paragraph="2", start=2000, context="Article 19. Court of the EAEU"))
    stats = _FlatIdf()
    # everything it asks (the Statute's own name aside) is in Art. 12(2): the evidence model decides, not the rule
    assert annex_coverage(_q("Under the Statute of the Court, who appoints the judges?"), [statute, appoint],
                          stats) == 1.0
    # what the Statute says about a judge's term: Art. 12(2) holds only 'judges'
    assert annex_coverage(_q("What does the Statute say about the term of office of judges?"), [appoint, statute],
                          stats) < 0.5
    # the sentence that refers to Annex 2 defers to what is absent: it holds nothing
    assert annex_coverage(_q("What does Annex 2 say about the competence of the Court?"), [statute], stats) == 0.0
    # the annex is the subject: what is asked is what the annex itself says
    for asked in ("What does the Statute say about who appoints the judges of the Court?",
                  "Does Annex 2 require that the Supreme Council appoint the judges of the Court?",
                  "And what does that statute provide on how the judges of the Court are appointed?"):
        assert annex_coverage(_q(asked), [appoint], stats) == 0.0, asked
    assert annex_coverage(_q("According to Annex 2, who appoints the judges of the Court?"), [appoint], stats) == 1.0
    # the asked-for answer type (a place) is not in Art. 12(2)
    assert annex_coverage(_q("Under the Statute, where do the judges of the Court sit?"), [appoint], stats) == 0.0


def test_retrieval_agreement_is_the_share_of_the_dense_top_also_in_the_keyword_top(make_chunk):
    from eaeu_qa.answering.evidence import FEATURES, SIGNS, retrieval_agreement
    from eaeu_qa.records import RetrievedPassage

    def passage(rank, dense, lexical):
        return RetrievedPassage(rank, make_chunk(f"{rank}. Text.", paragraph=str(rank), start=100 * rank), 0.0,
                                dense_rank=dense, lexical_rank=lexical)

    assert Settings().agreement_depth == 3 and SIGNS[FEATURES.index("retrieval_agreement")] == +1
    agreeing = [passage(1, 1, 2), passage(2, 2, 1), passage(3, 3, 3), passage(4, 4, 9)]
    assert retrieval_agreement(agreeing) == 1.0
    # the keyword ranking's top 3 are elsewhere (or not among the passages at all)
    apart = [passage(1, 1, 7), passage(2, 2, None), passage(3, 3, 1), passage(4, None, 2), passage(5, 9, 3)]
    assert abs(retrieval_agreement(apart) - 1 / 3) < 1e-9
    assert retrieval_agreement([]) == 0.0


def test_complete_evidence_scales_the_kind_scores_into_their_product_features(make_chunk):
    from eaeu_qa.answering.evidence import PRODUCTS, SIGNS, CorpusStats, evidence_features, unit_completeness

    chunks = [make_chunk("The Supreme Council shall appoint the judges of the Court upon suggestion of member States.",
                         context="Supreme Council"),
              make_chunk("The Court shall hear disputes between the member States.", paragraph="4", context="Court")]
    stats = CorpusStats(chunks)
    appoint = f"{chunks[0].context}. {chunks[0].text}"
    assert unit_completeness(_q("Who appoints the judges of the Court?"), appoint, stats) == 1.0
    # the words are there but not the asked-for type (a number): not complete
    assert unit_completeness(_q("How many judges does the Court have?"), appoint, stats) == 0.0
    assert 0.0 < unit_completeness(_q("Who appoints the judges of the Commission?"), appoint, stats) < 1.0
    assert unit_completeness(_q("Who appoints the judges of the Court?"), "", stats) == 0.0

    def values(question, unit, neutral=None):
        return evidence_features(_q(question), 0.6, [unit], unit, False, stats, "unused", -0.03, -0.04, 0.3, unit,
                                 neutral).values

    complete = values("Who appoints the judges of the Court?", appoint)
    assert complete["kind_complete"] == -0.03 and complete["form_complete"] == -0.04
    assert values("How many judges does the Court have?", appoint)["kind_complete"] == 0.0
    assert values("Who appoints the judges of the Court?", appoint, (0.5, 0.25))["form_complete"] == 0.25
    # the products' weights can only take back the kind prior's pull where the evidence is complete
    assert all(SIGNS[FEATURES.index(p)] == -1 for p in PRODUCTS.values())


def test_with_complete_evidence_a_fitted_product_weight_outweighs_the_kind_prior():
    rng = np.random.default_rng(5)
    n = 400
    kind = rng.normal(0.0, 1.0, n)
    complete = (rng.uniform(size=n) < 0.5).astype(float)
    # answerable: the prior decides only where the evidence is incomplete; complete evidence is answered
    y = np.where(complete == 1.0, 1.0, (kind + rng.normal(0, 0.3, n) > 0).astype(float))
    x = np.zeros((n, len(FEATURES)))
    x[:, FEATURES.index("question_kind")] = kind
    x[:, FEATURES.index("kind_complete")] = kind * complete
    from eaeu_qa.answering.evidence import SIGNS

    mean, scale, w, b = fit_logistic(x, y, signs=np.array(SIGNS))
    model = LogisticModel(mean, scale, w, b, threshold=0.5)
    low = np.zeros(len(FEATURES))
    low[FEATURES.index("question_kind")] = -2.0
    assert model.probability(low) < 0.2  # a question of an unanswerable kind, incomplete evidence
    low[FEATURES.index("kind_complete")] = -2.0
    assert model.probability(low) > 0.5  # the same question with complete evidence


def test_an_acronym_is_a_name_the_corpus_holds_when_it_writes_or_spells_it_out(make_chunk):
    from eaeu_qa.answering.answertype import acronyms, name_initials
    from eaeu_qa.answering.evidence import CorpusStats, evidence_features

    assert acronyms("How does this compare to the EU's rules, and the ILO convention?") == ("EU", "ILO")
    assert acronyms("What does Article 98 say?") == ()
    initials = name_initials(["taking into account the rules of the World Trade Organization",
                              "the Treaty on the Eurasian Economic Union"])
    assert {"wto", "eeu"} <= initials and "eu" not in initials  # "Economic Union" inside a name is no "EU"
    chunks = [make_chunk("Member states apply the rules of the World Trade Organization to the EAEU.",
                         context="Trade"),
              make_chunk("The Eurasian Economic Union coordinates social security.", paragraph="4", context="Union")]
    stats = CorpusStats(chunks)
    text = " ".join(c.search_text for c in chunks)

    def absent(question):
        return evidence_features(_q(question), 0.6, [text], text, False, stats, "unused").values["absent_name"]

    assert absent("Does the WTO bind the EAEU?") == 0.0  # spelt out in the corpus, and written
    assert absent("How does this compare to the EU's social security coordination?") == 1.0
    assert absent("What does the ILO convention say?") == 1.0
    assert absent("How does the union coordinate social security?") == 0.0
