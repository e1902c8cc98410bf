"""scripts/cited_gap.py: the fate of a gold paragraph's units in compose._diverse, mirrored; held-out sets refused."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from cited_gap import diverse_fates, items_of  # noqa: E402
from eaeu_qa.answering.compose import Scored, UnitModel, _diverse  # noqa: E402
from eaeu_qa.answering.units import chunk_units  # noqa: E402
from eaeu_qa.records import RetrievedPassage  # noqa: E402


def _scored(chunk, rank, relevance):
    passage = RetrievedPassage(rank=rank, chunk=chunk, score=0.0)
    return Scored(chunk_units(chunk)[0], passage, relevance, np.zeros(12), relevance)


def test_each_gold_unit_gets_the_step_that_left_it_out_and_the_mirror_chooses_as_diverse_does(make_chunk):
    lead = _scored(make_chunk("The Court of the Union shall sit in the city of Minsk.", start=10, paragraph="1"), 1, 1.0)
    entry = _scored(make_chunk("approve the budget of the Court of the Union;", start=300, paragraph="2"), 2, 0.9)
    repeat = _scored(make_chunk("The Court of the Union shall sit in Minsk and hear disputes.", start=600,
                                paragraph="3"), 3, 0.03)  # relevant enough alone; its overlap with the lead stops it
    faint = _scored(make_chunk("Judges take an oath before the Supreme Council.", start=900, paragraph="4"), 4, 0.005)
    ranked = [lead, entry, repeat, faint]
    gold = {s.unit.chunk.chunk_id for s in ranked}
    model = UnitModel(least_marginal=0.01)
    units, fates = diverse_fates(ranked, 4, 0.0, model, frozenset(), gold)
    assert [u.key for u in units] == [u.key for u in _diverse(ranked, 4, 0.0, model)]
    assert fates == {lead.unit.key: "chosen", entry.unit.key: "a list entry cut from its lead-in",
                     repeat.unit.key: "the stop, by word overlap", faint.unit.key: "the stop, by relevance"}
    _, capped = diverse_fates([lead, faint], 1, 0.0, UnitModel(), frozenset(), {faint.unit.chunk.chunk_id})
    assert capped == {faint.unit.key: "the paragraph cap"}  # only the gold chunk's units are reported


@pytest.mark.parametrize("name", ["tune40", "blind3"])
def test_a_held_out_set_is_refused(name):
    with pytest.raises(SystemExit, match="not read by the fitting scripts"):
        items_of(name)
