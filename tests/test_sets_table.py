"""scripts/sets_table.py: Wilson intervals, per-set counts read from an eval run's results.jsonl, target marks."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import sets_table  # noqa: E402


def test_wilson_matches_the_textbook_interval():
    low, high = sets_table.wilson(10, 12)
    assert low == pytest.approx(0.5520, abs=1e-3) and high == pytest.approx(0.9530, abs=1e-3)
    assert sets_table.wilson(0, 48)[0] == 0.0 and sets_table.wilson(48, 48)[1] == 1.0


def _row(answerable: bool, hit: float, cited: float, refused: float, quote: str = "text") -> dict:
    passage = "the passage text here"
    start = passage.find(quote) if quote in passage else 0
    citation = {"quote": quote, "passage": passage, "start": 100 + start, "end": 100 + start + len(quote),
                "passage_start": 100}
    return {"gold_answerable": answerable, "citations": [citation],
            "metrics": {"hit@4": hit if answerable else None, "citation_recall": cited if answerable else None,
                        "key_fact_recall": cited if answerable else None, "refused": refused}}


def _run(folder: Path, rows: list[dict]) -> Path:
    folder.mkdir()
    (folder / "results.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return folder


def test_a_set_is_counted_and_a_missed_target_marked(tmp_path, capsys):
    rows = [_row(True, 1.0, 1.0, 0.0)] * 8 + [_row(True, 0.0, 0.0, 1.0, quote="not in it")] * 2
    rows += [_row(False, 0.0, 0.0, 1.0)] * 3 + [_row(False, 0.0, 0.0, 0.0)]
    figures = sets_table.read_set(_run(tmp_path / "end-blind42", rows))
    assert (figures.name, figures.answerable, figures.unanswerable) == ("blind42", 10, 4)
    assert (figures.top4, figures.unrefused, figures.falserefused) == (8.0, 3.0, 2.0)
    assert (figures.quotes, figures.verbatim) == (14, 12)
    assert sets_table.cell(figures, "top4").startswith("80.0%*")
    assert sets_table.cell(figures, "unrefused").startswith("3/4*")
    assert sets_table.main([str(tmp_path / "end-blind42")]) == 0
    printed = capsys.readouterr().out
    assert "`blind42`" in printed and "**pooled**" in printed and "2/10*" in printed


def test_gold_quote_leads_counts_the_answers_citing_gold_and_has_no_target(tmp_path):
    rows = [_row(True, 1.0, 1.0, 0.0)] * 3 + [_row(True, 0.0, 0.0, 0.0)]
    rows = [{**r, "metrics": {**r["metrics"], "gold_leads": lead}} for r, lead in zip(rows, (1.0, 0.0, 1.0, None))]
    figures = sets_table.read_set(_run(tmp_path / "end-x", rows))
    assert (figures.leads, figures.led) == (2.0, 3)
    assert sets_table.cell(figures, "leads").startswith("66.7% [")  # no target: never marked
    assert sets_table.cell(sets_table.read_set(_run(tmp_path / "old-x", [_row(True, 1.0, 1.0, 0.0)])), "leads") == "-"


def test_before_and_after_cells_and_a_mismatched_before_is_refused(tmp_path, capsys):
    good = _run(tmp_path / "end-x", [_row(True, 1.0, 1.0, 0.0)] * 20 + [_row(False, 0.0, 0.0, 1.0)] * 5)
    weak = _run(tmp_path / "start-x", [_row(True, 0.0, 1.0, 0.0)] * 20 + [_row(False, 0.0, 0.0, 0.0)] * 5)
    assert sets_table.main([str(good), "--before", str(weak)]) == 0
    assert "0.0%* [0-16] -> 100.0% [84-100]" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        sets_table.main([str(good), "--before", str(weak), str(weak)])
    other = _run(tmp_path / "start-y", [_row(True, 1.0, 1.0, 0.0)] * 3)
    with pytest.raises(SystemExit):
        sets_table.main([str(good), "--before", str(other)])
