"""scripts/followups.py's aspect fit (--fit-aspect) with the real chain: the turns that ask another thing, listed by
conversation, the grid and its leave-one-set-out lines."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import followups  # noqa: E402


def test_a_turn_is_keyed_by_its_conversation():
    from eaeu_qa.records import HistoryTurn

    assert followups.turn_key(" and where is it? ", ["Who appoints the judges?"]) == (
        "Who appoints the judges?", "and where is it?")
    assert followups.turn_key("and where is it?", [HistoryTurn(question="Who appoints the judges?")]) == (
        "Who appoints the judges?", "and where is it?")
    assert followups.turn_key("and where is it?", None) != followups.turn_key("and where is it?", ["Where is it?"])


def test_fit_aspect_lists_the_turns_that_ask_another_thing_and_fits_the_factor(settings, index_handle, tmp_path,
                                                                               capsys):
    """One question after two conversations: it asks another thing after 'Who appoints ...?' only. Keyed by the
    question alone, the later conversation's flag would stand for both."""
    from eaeu_qa.chain import QAChain
    from eaeu_qa.evaluation.dataset import read_dataset
    from eaeu_qa.retrieval import HybridRetriever

    rows = [{"id": "other", "question": "and where is that court based?", "answerable": True,
             "history": ["Who appoints the judges of the Court of the EAEU?"],
             "gold_passages": ["Residence of the Court of the EAEU shall be the city of Minsk"]},
            {"id": "same", "question": "and where is that court based?", "answerable": True,
             "history": ["Where is the Commission based?"],
             "gold_passages": ["Residence of the Court of the EAEU shall be the city of Minsk"]}]
    path = tmp_path / "chats.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    items = [(f"part{n}", item) for n, item in enumerate(read_dataset(path).items)]
    chain = QAChain(settings, HybridRetriever(handles=[index_handle], settings=settings))  # the fit patches it
    assert followups.fit_aspect(chain, items) == 0
    out = capsys.readouterr().out
    assert "fitting the aspect factor on 2 tuning follow-ups: part0, part1" in out
    assert "1 of them ask another thing than the turn before: other\n" in out
    assert [line.split(" ->")[0] for line in out.splitlines() if line.startswith("aspect ")] == [
        f"aspect {factor:<5}" for factor in followups.ASPECT]
    assert "best: followup_aspect_local=" in out
    assert out.count("leave out part") == 2 and "leave one set out over the 2:" in out
