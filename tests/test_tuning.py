"""scripts/tuning.py: one tuning_items(sets) for every fitting script, each fit naming the sets it reads."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import tuning  # noqa: E402
from split import dev_test_ids  # noqa: E402


def _write(path: Path, ids: list[str]) -> None:
    path.write_text("".join(json.dumps({"id": i, "answerable": True}) + "\n" for i in ids), encoding="utf-8")


def test_tuning_items_reads_the_dev_tuning_split_then_the_named_sets_in_order(tmp_path):
    (tmp_path / "eval").mkdir()
    dev_ids = [f"art{n:02d}" for n in range(1, 7)]
    _write(tmp_path / "eval" / "dev.jsonl", dev_ids)
    _write(tmp_path / "eval" / "a.jsonl", ["q1", "q2"])
    _write(tmp_path / "eval" / "b.jsonl", ["q1"])
    test = dev_test_ids(tmp_path / "eval" / "dev.jsonl")
    assert test and test < set(dev_ids)
    keys = [i["key"] for i in tuning.tuning_items(("b.jsonl", "a.jsonl", "missing.jsonl"), root=tmp_path)]
    assert keys == [f"dev:{i}" for i in dev_ids if i not in test] + ["b:q1", "a:q1", "a:q2"]
    assert [i["key"] for i in tuning.tuning_items((), root=tmp_path)] == [f"dev:{i}" for i in dev_ids if i not in test]


def test_answerable_items_are_the_named_sets_without_the_dev_part(tmp_path):
    (tmp_path / "eval").mkdir()
    _write(tmp_path / "eval" / "dev.jsonl", [f"art{n:02d}" for n in range(1, 7)])
    (tmp_path / "eval" / "a.jsonl").write_text(json.dumps({"id": "q1", "answerable": True}) + "\n"
                                               + json.dumps({"id": "q2", "answerable": False}) + "\n", encoding="utf-8")
    assert [i["key"] for i in tuning.answerable_items(["a.jsonl"], root=tmp_path)] == ["a:q1"]


def test_each_fit_keeps_the_sets_it_was_fitted_on():
    # Changing these changes the fits (and the shipped models): refit, measure and say so in docs/evaluation.md.
    assert tuning.UNIT_SETS == ("tune.jsonl", "tune2.jsonl", "tune3.jsonl", "tune6.jsonl", "tune7.jsonl", "tune8.jsonl",
                                "tune9.jsonl", "tune10.jsonl", "tune11.jsonl", "tune12.jsonl", "tune13.jsonl",
                                "tune14.jsonl", "tune15.jsonl", "tune16.jsonl",
                                "tune17.jsonl", "tune18.jsonl", "tune19.jsonl", "tune20.jsonl", "tune21.jsonl",
                                "tune22.jsonl", "tune23.jsonl")
    assert tuning.ANSWERABILITY_SETS == tuning.UNIT_SETS + ("tune_un.jsonl", "tune4.jsonl", "tune5.jsonl")
    assert tuning.RETRIEVAL_SETS == ("tune.jsonl", "tune2.jsonl", "tune3.jsonl", "tune4.jsonl", "tune5.jsonl",
                                     "tune_fu.jsonl", "tune_un.jsonl", "tune6.jsonl",
                                     "tune7.jsonl", "tune8.jsonl", "tune9.jsonl", "tune10.jsonl", "tune11.jsonl",
                                     "tune12.jsonl", "tune13.jsonl", "tune14.jsonl", "tune15.jsonl", "tune16.jsonl",
                                     "tune17.jsonl", "tune18.jsonl", "tune19.jsonl", "tune20.jsonl", "tune21.jsonl",
                                     "tune22.jsonl", "tune23.jsonl")
    assert tuning.FOLLOWUP_SETS == ("tune.jsonl", "tune2.jsonl", "tune_fu.jsonl", "tune5.jsonl", "tune6.jsonl",
                                    "tune7.jsonl", "tune8.jsonl", "tune9.jsonl", "tune10.jsonl", "tune11.jsonl",
                                    "tune12.jsonl", "tune13.jsonl", "tune14.jsonl", "tune15.jsonl", "tune16.jsonl",
                                    "tune17.jsonl", "tune18.jsonl", "tune19.jsonl", "tune20.jsonl", "tune21.jsonl",
                                    "tune22.jsonl", "tune23.jsonl", "tune_chat.jsonl",
                                    "tune_chat2.jsonl", "tune_chat3.jsonl")
    for sets in (tuning.UNIT_SETS, tuning.ANSWERABILITY_SETS, tuning.RETRIEVAL_SETS, tuning.FOLLOWUP_SETS):
        assert all((tuning.ROOT / "eval" / name).exists() for name in sets)
        assert not any(name.startswith("blind") or name == "dev.jsonl" for name in sets)


def test_the_fitting_scripts_share_one_tuning_items():
    import composition
    import quotes
    import retrieval_fit

    assert retrieval_fit.tuning_items is tuning.tuning_items
    assert composition.answerable_items is tuning.answerable_items
    assert quotes.measured is composition.measured  # one command line and item reading for both
    source = (Path(tuning.__file__).parent / "calibrate.py").read_text(encoding="utf-8")
    assert "def tuning_items" not in source and "tuning_items(UNIT_SETS)" in source
    assert "tuning_items(ANSWERABILITY_SETS)" in source
    followups = (Path(tuning.__file__).parent / "followups.py").read_text(encoding="utf-8")
    assert "from tuning import FOLLOWUP_SETS" in followups and "in FOLLOWUP_SETS" in followups


def test_followups_leave_one_set_out_picks_the_point_best_on_the_other_sets(capsys):
    import followups

    grid = [((0,), {"a": [1.0, 1.0], "b": [0.0]}),  # best on all parts (2/3) and on 'a'
            ((1,), {"a": [0.5, 0.5], "b": [1.0]})]  # best on 'b'
    followups.leave_one_out(grid, lambda key: f"w={key[0]}")
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["leave out a          -> w=1: 0.500 on a (at the all-parts best: 1.000)",
                     "leave out b          -> w=0: 0.000 on b (at the all-parts best: 0.000)",
                     "leave one set out over the 3: 0.333 (1 of 3)"]  # a's two at w=1, b's one at w=0


def test_followups_best_grid_point_has_the_best_objective_and_ties_go_to_the_smaller_key():
    import followups

    grid = [((2,), {"a": [1.0], "b": [0.0]}), ((1,), {"a": [0.0], "b": [1.0]}), ((3,), {"a": [0.5], "b": [0.0]})]
    assert followups.best_point(grid) == ((1,), 0.5)  # (2,) ties at 0.5: the smaller key
    assert followups.best_point(grid[2:]) == ((3,), 0.25)


def test_the_held_out_sets_are_refused_with_a_clear_message(tmp_path):
    """eval/blind*.jsonl and eval/dev.jsonl (its TEST split) passed as tuning sets stop the script with a message."""
    import pytest

    (tmp_path / "eval").mkdir()
    _write(tmp_path / "eval" / "dev.jsonl", [f"art{n:02d}" for n in range(1, 7)])
    _write(tmp_path / "eval" / "a.jsonl", ["q1"])
    for name in ("blind.jsonl", "blind7.jsonl", "eval/blind2.jsonl", "dev.jsonl", "eval/dev.jsonl",
                 *tuning.POOL_SETS, f"eval/{tuning.POOL_SETS[0]}"):
        with pytest.raises(SystemExit, match="held out") as refused:
            tuning.tuning_items(("a.jsonl", name), root=tmp_path)
        assert name in str(refused.value)
        with pytest.raises(SystemExit, match="held out"):
            tuning.answerable_items([name], root=tmp_path)
    assert [i["key"] for i in tuning.answerable_items(["a.jsonl"], root=tmp_path)] == ["a:q1"]


def test_a_fit_script_refuses_a_held_out_set_before_loading_anything():
    import subprocess

    root = Path(__file__).resolve().parent.parent
    for script in ("quotes.py", "composition.py"):
        run = subprocess.run([sys.executable, str(root / "scripts" / script), "--sets", "eval/blind.jsonl"],
                             capture_output=True, text=True, timeout=120, cwd=root)
        assert run.returncode == 1 and "held out" in run.stderr and "Traceback" not in run.stderr
