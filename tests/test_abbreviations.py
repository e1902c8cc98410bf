"""The documents' own abbreviations, read from bracketed definitions, widen the keyword query (abbreviations.py)."""

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
