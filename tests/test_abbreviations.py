"""The documents' own abbreviations: read from bracketed definitions, used in retrieval.

The documents' own abbreviations, read from bracketed definitions, widen the keyword query and can mix into the
question's vector (abbreviations.py)."""

from __future__ import annotations

import dataclasses

from eaeu_qa.abbreviations import Abbreviations, definitions
from eaeu_qa.retrieval import HybridRetriever


def test_bracketed_definitions_are_read_and_initials_must_match():
    text = ("The Parties establish the Widget Control Board (hereinafter - the Board, the WCB) and the\n"
            "  Office of Fair Trade (OFT); a body of the State (XYZ) and a tariff office (hereinafter - Procurement).")
    assert definitions([text]) == {"Board": "Widget Control Board", "WCB": "Widget Control Board",
                                   "OFT": "Office of Fair Trade"}


def test_a_query_gets_the_other_form_once_and_never_one_it_writes():
    forms = Abbreviations({"WCB": "Widget Control Board", "Board": "Widget Control Board"})
    assert forms.terms("Who chairs the wcb?") == ["Widget Control Board"]
    assert forms.terms("Who chairs the Widget Control Board?") == ["WCB"]  # "Board" it writes
    assert forms.terms("Who chairs the WCBX or a board-room?") == []


def test_a_query_short_form_is_spelled_out_once_unless_its_long_form_is_written():
    forms = Abbreviations({"WCB": "Widget Control Board", "Court of the WCB": "Court of the Widget Control Board"})
    assert forms.expanded("Who chairs the wcb?") == "Who chairs the Widget Control Board (wcb)?"
    assert forms.expanded("Does the Court of the WCB sit?") == \
        "Does the Court of the Widget Control Board (Court of the WCB) sit?"
    assert forms.expanded("Is the WCB the Widget Control Board?") == "Is the WCB the Widget Control Board?"
    assert forms.expanded("Who chairs the WCBX?") == "Who chairs the WCBX?"
    assert Abbreviations({}).expanded("Who chairs the WCB?") == "Who chairs the WCB?"


def test_a_short_form_that_is_an_ordinary_word_matches_only_as_written():
    """An upload's "(hereinafter - the Code)" must not add its long form to every question that writes "code"
    (code review s17, R1); a short form in capitals or of several words matches in any case."""
    forms = Abbreviations({"Code": "Labour Code of the Kyrgyz Republic", "Company": "Bishkek Trading Company",
                           "WCB": "Widget Control Board", "Supreme Council": "Supreme Widget Council"})
    assert forms.terms("What does the code say about the company?") == []
    assert forms.expanded("What does the code say?") == "What does the code say?"
    assert forms.terms("What does the Code say?") == ["Labour Code of the Kyrgyz Republic"]
    assert forms.expanded("Does the Company pay?") == "Does the Bishkek Trading Company (Company) pay?"
    assert forms.terms("who sits on the supreme council?") == ["Supreme Widget Council"]


def test_a_letter_whose_lower_case_differs_spells_out_its_own_long_form():
    """A dotless "ı" matches "i" regardless of case but lower-cases to itself: the long form is found by the
    alternative that matched, not by the matched text (a KeyError before; code review s17, B5b)."""
    forms = Abbreviations({"Supreme Council": "Supreme Widget Council", "Commission": "Widget Commission",
                           "EAEU": "Eurasian Economic Union"})
    assert forms.expanded("What does the Supreme Councıl do?") == \
        "What does the Supreme Widget Council (Supreme Councıl) do?"
    assert forms.expanded("What does the Commıssion do in the eaeu?") == \
        "What does the Commıssion do in the Eurasian Economic Union (eaeu)?"


def test_warm_builds_the_abbreviations_before_the_first_question(retriever):
    """definitions() reads every chunk (5 s on a 100x collection): warm() builds them, not the first question
    (code review s17, B6); a retriever is built per index generation, so they are per generation too."""
    fresh = HybridRetriever(handles=retriever.handles, settings=retriever.settings)
    assert "_abbreviations" not in fresh.__dict__
    fresh.warm()
    assert fresh.__dict__["_abbreviations"].pairs["EAEU"] == "Eurasian Economic Union"


def test_the_corpus_definitions_are_read_from_the_index(retriever):
    """The treaty defines its short forms (Art. 1(1), Art. 8(1)); both are found without any alias table."""
    pairs = retriever._abbreviations.pairs
    assert pairs["EAEU"] == "Eurasian Economic Union"
    assert pairs["EEC"] == "Eurasian Economic Commission"
    assert "Eurasian Economic Union" in retriever._abbreviations.terms("When did Kyrgyzstan join the EAEU?")


def test_switched_off_no_form_is_added(retriever):
    off = HybridRetriever(handles=retriever.handles, settings=dataclasses.replace(retriever.settings,
                                                                                   abbreviation_expansion=False))
    assert off._abbreviations.terms("When did Kyrgyzstan join the EAEU?") == []


def test_the_dense_mix_takes_the_spelled_out_question_at_its_share(retriever):
    """Settings.abbreviation_dense: 0 keeps the question's vector as written (off as shipped), 1 takes the vector of
    the question with "EAEU" spelled out, between them the normalised mix; a question without a short form is
    untouched at any share."""
    import numpy as np

    from eaeu_qa.embeddings import encode_query

    question = "When did Kyrgyzstan join the EAEU?"
    spelled = retriever._abbreviations.expanded(question)
    assert spelled == "When did Kyrgyzstan join the Eurasian Economic Union (EAEU)?"
    written, long_form = (encode_query(retriever.settings.embedding, [q])[0] for q in (question, spelled))

    def at(share):
        return HybridRetriever(handles=retriever.handles,
                               settings=dataclasses.replace(retriever.settings, abbreviation_dense=share))

    assert np.allclose(at(0.0)._dense_vector(question), written)
    assert np.allclose(at(1.0)._dense_vector(question), long_form, atol=1e-6)
    half = np.asarray(at(0.5)._dense_vector(question))
    assert abs(np.linalg.norm(half) - 1) < 1e-6 and half @ written > long_form @ written
    plain = "What does Article 98 say about family members?"
    assert np.allclose(at(1.0)._dense_vector(plain), encode_query(retriever.settings.embedding, [plain])[0])
