"""Running items: real-chain rows carry answer and metrics; a failing answerer becomes an error row."""

from __future__ import annotations

from eaeu_qa import evaluation as ev
from eaeu_qa.records import Answer
from eaeu_qa.settings import PROJECT_ROOT

SMOKE = PROJECT_ROOT / "eval" / "smoke.jsonl"
GOLD = "the member States workers are not required to obtain a permit"


def _item(**fields) -> ev.EvalItem:
    base = dict(id="tr01", question="q?", history=[], answerable=True, gold_passages=[GOLD], key_facts=[])
    base.update(fields)
    return ev.EvalItem(**base)


def test_an_answerer_that_fails_becomes_an_error_row():
    class Broken:  # a double beside the real-chain runs below (CLI and page)
        def ask(self, question, history=None, k=None):
            raise RuntimeError("index gone")

    row = ev.evaluate_item(_item(), Broken())
    assert row["error"] == "RuntimeError: index gone"
    assert ev.item_problems(row) == ["error: RuntimeError: index gone"]
    assert ev.summarize([row])["errors"] == 1


def test_real_chain_rows_carry_the_answer_and_metrics(settings, index_handle, dev_items):
    item = ev.parse_dataset(SMOKE.read_bytes()).items[0]
    row = ev.evaluate_item(item, ev.get_answerer("extractive", settings))
    assert not row.get("error")
    assert row["id"] == item.id and set(Answer("", "", "", True).to_dict()) <= set(row)
    assert row["retrieved"] and row["metrics"]["mrr"] == ev.reciprocal_rank(
        [p["text"] for p in row["retrieved"]], item.gold_passages)
