"""scripts/followups.py's aspect fit and history fit with the real chain.

scripts/followups.py's aspect fit (--fit-aspect) and history fit (--fit-history) with the real chain: the turns that
ask another thing, listed by conversation, the grids and their leave-one-set-out lines."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import followups  # noqa: E402


def _parts_and_chain(rows: list[dict], tmp_path: Path, settings, index_handle) -> tuple[list, object]:
    """The rows as a question set, one part per item (the fits leave each part out), and the real chain over the
    test index (the fits patch its settings)."""
    from eaeu_qa.chain import QAChain
    from eaeu_qa.evaluation.dataset import read_dataset
    from eaeu_qa.retrieval import HybridRetriever

    path = tmp_path / "chats.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    items = [(f"part{n}", item) for n, item in enumerate(read_dataset(path).items)]
    return items, QAChain(settings, HybridRetriever(handles=[index_handle], settings=settings))


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
    rows = [{"id": "other", "question": "and where is that court based?", "answerable": True,
             "history": ["Who appoints the judges of the Court of the EAEU?"],
             "gold_passages": ["Residence of the Court of the EAEU shall be the city of Minsk"]},
            {"id": "same", "question": "and where is that court based?", "answerable": True,
             "history": ["Where is the Commission based?"],
             "gold_passages": ["Residence of the Court of the EAEU shall be the city of Minsk"]}]
    items, chain = _parts_and_chain(rows, tmp_path, settings, index_handle)
    assert followups.fit_aspect(chain, items) == 0
    out = capsys.readouterr().out
    assert "fitting the aspect factor on 2 tuning follow-ups: part0, part1" in out
    assert "1 of them ask another thing than the turn before: other\n" in out
    assert [line.split(" ->")[0] for line in out.splitlines() if line.startswith("aspect ")] == [
        f"aspect {factor:<5}" for factor in followups.ASPECT]
    assert all(" gold in top 4 " in line and "/2" in line for line in out.splitlines() if line.startswith("aspect "))
    assert "best: followup_aspect_local=" in out
    assert out.count("leave out part") == 2 and "leave one set out over the 2:" in out
    assert "leave one set out, gold in the top 4: " in out and out.rstrip().endswith("/2")


def test_fit_history_runs_each_weight_through_the_chain_and_leaves_each_set_out(settings, index_handle, tmp_path,
                                                                                capsys):
    """Two follow-ups in two parts: every weight of the grid is run through the real chain (at 0 the joined question is
    not searched), with gold in the top 4 per weight and the leave-one-set-out lines."""
    rows = [{"id": "seat", "question": "and where is it based?", "answerable": True,
             "history": ["Which body of the EAEU settles disputes between member States?"],
             "gold_passages": ["Residence of the Court of the EAEU shall be the city of Minsk"]},
            {"id": "meet", "question": "How often does it have to meet?", "answerable": True,
             "history": ["Which EAEU body is made up of the heads of government?"],
             "gold_passages": ["Meetings of the Intergovernmental Council shall be held"]}]
    items, chain = _parts_and_chain(rows, tmp_path, settings, index_handle)
    searched: list[str] = []
    search = chain.retriever.search
    object.__setattr__(chain.retriever, "search", lambda query, k=None: searched.append(query) or search(query, k=k))
    assert followups.fit_history(chain, items) == 0
    out = capsys.readouterr().out
    assert "fitting the history weight on 2 tuning follow-ups: part0, part1" in out
    lines = [line for line in out.splitlines() if line.startswith("history ")]
    assert [line.split(" ->")[0] for line in lines] == [f"history {w:<5}" for w in followups.HISTORY]
    assert all(" gold in top 4 " in line and "/2" in line for line in lines)
    joined = "Which EAEU body is made up of the heads of government? How often does it have to meet?"
    assert joined in searched  # the previous question with the turn as typed, searched when the weight is not 0
    assert "best: followup_history=" in out
    assert out.count("leave out part") == 2 and "leave one set out, gold in the top 4: " in out


def test_followup_kinds_names_the_ranking_that_had_the_gold_and_refuses_a_blind_set():
    import subprocess

    import followup_kinds

    assert followup_kinds.kind({"rewrite": 2, "own": None, "joined": 1}) == "fusion"
    assert followup_kinds.kind({"rewrite": 9, "own": 2, "joined": 1}) == "joined+own"
    assert followup_kinds.kind({"rewrite": 5, "own": None, "joined": 14}) == "none"
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run([sys.executable, str(root / "scripts" / "followup_kinds.py"), "eval/blind.jsonl"],
                         capture_output=True, text=True, timeout=300, cwd=root)
    assert run.returncode == 1 and "never tuned on" in run.stderr and "Traceback" not in run.stderr
