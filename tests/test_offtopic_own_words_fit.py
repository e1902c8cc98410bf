"""scripts/offtopic_own_words_fit.py: which turns the first-turn lexical condition reads, and its domain level."""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import offtopic_own_words_fit as fit  # noqa: E402


def turn(**kw):
    return {"points_back": False, "in_conversation": False, "pointer": False, "domain": 0.4, "lexical": 0.1,
            "refusal": "", **kw}


def test_the_own_scope_adds_conversation_turns_judged_on_their_own_words_without_a_pointer():
    first, chat, pointing, back = turn(), turn(in_conversation=True), turn(in_conversation=True, pointer=True), turn(
        in_conversation=True, points_back=True)
    assert fit.in_scope(first, "first") and fit.in_scope(first, "own")
    assert not fit.in_scope(chat, "first") and fit.in_scope(chat, "own")
    assert not fit.in_scope(pointing, "own") and not fit.in_scope(back, "own")
    assert not fit.in_scope(turn(domain=None), "own") and not fit.in_scope(turn(lexical=None), "own")


def test_the_domain_level_keeps_every_answerable_turn_in_scope_answered():
    """D(L): the lowest held-out domain of the answerable turns in scope under L + MARGIN, minus MARGIN; a turn out of
    scope or over the share does not set it; with none, 0 (off)."""
    rows = [turn(lexical=0.1), turn(lexical=0.5), turn(in_conversation=True, lexical=0.1)]
    held = np.array([0.6, 0.2, 0.4])
    assert fit.domain_level(rows, held, "first", 0.15) == fit.floor3(0.6 - fit.MARGIN)  # floored to 3 decimals
    assert fit.domain_level(rows, held, "own", 0.15) == fit.floor3(0.4 - fit.MARGIN)
    assert fit.domain_level(rows, held, "first", 0.0) == 0.0
    assert not fit.refused(rows[0], "first", 0.15, 0.4 - fit.MARGIN) and fit.refused(rows[0], "first", 0.15, 0.7)
