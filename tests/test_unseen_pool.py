"""scripts/unseen_pool.py: the landing rule's pool counts (dev TEST only, answerable only) and the item diff."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import unseen_pool  # noqa: E402
from split import dev_test_ids  # noqa: E402


def write_run(folder: Path, rows: list[tuple], leads: bool = False) -> None:
    """Rows (id, answerable, hit@4, cited[, gold_leads]); `leads`: write the gold_leads metric (absent from old runs)."""
    folder.mkdir(parents=True)
    lines = [json.dumps({"id": r[0], "gold_answerable": r[1], "refused": False,
                         "metrics": {"hit@4": r[2], "citation_recall": r[3],
                                     **({"gold_leads": r[4] if len(r) > 4 else None} if leads else {})}})
             for r in rows]
    (folder / "results.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_pool_counts_dev_test_answerable_only_and_lists_changes(tmp_path, capsys):
    test = sorted(dev_test_ids(ROOT / "eval" / "dev.jsonl"))
    tuning = [json.loads(line)["id"] for line in (ROOT / "eval" / "dev.jsonl").read_text().splitlines()
              if line.strip() and json.loads(line)["id"] not in test]
    dev_a = [(test[0], True, 1, 1), (test[1], True, 0, 0), (tuning[0], True, 1, 1), (test[2], False, 1, 1)]
    dev_b = [(test[0], True, 1, 1), (test[1], True, 1, 0), (tuning[0], True, 0, 0), (test[2], False, 0, 0)]
    write_run(tmp_path / "dev-a", dev_a)
    write_run(tmp_path / "dev-b", dev_b)
    write_run(tmp_path / "t-a", [("x1", True, 1, 1), ("x2", True, 1, 1)])
    write_run(tmp_path / "t-b", [("x1", True, 1, 1), ("x2", True, 0, 1)])
    unseen_pool.main(["--runs", f"a={tmp_path}/{{set}}-a", f"b={tmp_path}/{{set}}-b", "--sets", "dev", "t"])
    out = capsys.readouterr().out
    assert "a: dev 1/2 (cited 1, refused 0, leads -); t 2/2 (cited 2, refused 0, leads -); pool 3/4 (cited 3, " \
           "leads -)" in out
    assert "b: dev 2/2 (cited 1, refused 0, leads -); t 1/2 (cited 2, refused 0, leads -); pool 3/4 (cited 3, " \
           "leads -)" in out
    assert "b against a: dev:(TEST item) top 4 0 -> 1, cited 0 -> 0" in out
    assert "b against a: t:x2 top 4 1 -> 0, cited 1 -> 1" in out
    assert tuning[0] not in out and test[1] not in out


def test_pool_counts_the_answers_led_by_a_gold_quote(tmp_path, capsys):
    """leads k/m: of the m answers citing gold (gold_leads not None), the k whose first quote holds it."""
    write_run(tmp_path / "t-a", [("x1", True, 1, 1, 0.0), ("x2", True, 1, 1, 1.0), ("x3", True, 0, 0, None)],
              leads=True)
    write_run(tmp_path / "t-b", [("x1", True, 1, 1, 1.0), ("x2", True, 1, 1, 1.0), ("x3", True, 0, 0, None)],
              leads=True)
    unseen_pool.main(["--runs", f"a={tmp_path}/{{set}}-a", f"b={tmp_path}/{{set}}-b", "--sets", "t"])
    out = capsys.readouterr().out
    assert "a: t 2/3 (cited 2, refused 0, leads 1/2); pool 2/3 (cited 2, leads 1/2)" in out
    assert "b: t 2/3 (cited 2, refused 0, leads 2/2); pool 2/3 (cited 2, leads 2/2)" in out


def test_blind_sets_are_refused(tmp_path):
    with pytest.raises(SystemExit, match="blind"):
        unseen_pool.main(["--runs", f"a={tmp_path}/{{set}}", "--sets", "blind3"])


def test_compose_pooled_names_the_sets_a_run_left_out(tmp_path, capsys):
    """A set not run was left out silently, so two runs could pool different items (review s16 S3)."""
    import compose_pooled

    (tmp_path / "tune24").mkdir()  # a folder without results.jsonl: not run
    assert compose_pooled.main([str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "not run, left out:" in err
    assert err.split("left out:")[1].strip().split(", ") == [*compose_pooled.TUNING, *compose_pooled.POOL]
