"""scripts/rerank_feature_fit.py and adapter_recent_fit.py: their sets are tuning sets the shipped models never saw."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import adapter_recent_fit  # noqa: E402
import rerank_feature_fit  # noqa: E402
import tuning  # noqa: E402
from test_rerank_recent_fit import ADAPTER_SETS  # noqa: E402


def test_the_studied_sets_are_unseen_tuning_sets_without_the_pool():
    for sets in (rerank_feature_fit.SETS, adapter_recent_fit.RECENT):
        names = set(sets)
        assert names and not names & set(ADAPTER_SETS)
        assert not names & set(tuning.POOL_SETS) and not any(n.startswith("blind") for n in names)
        assert all((tuning.ROOT / "eval" / name).is_file() for name in names)
        items = tuning.tuning_items(tuple(sets))  # refuses a held-out set
        assert {i["key"].split(":")[0] for i in items} == {"dev", *(n.removesuffix(".jsonl") for n in names)}


def test_last_names_the_newest_set_read_and_defaults_to_every_tuning_set():
    for module in (rerank_feature_fit, adapter_recent_fit):
        mode = ["record", "x.pkl"] if module is rerank_feature_fit else []
        default = module.build_parser().parse_args(mode)
        assert tuning.unseen_sets(default.last) == (module.SETS if module is rerank_feature_fit else module.RECENT)
        args = module.build_parser().parse_args([*mode, "--last", "33"])
        sets = tuning.unseen_sets(args.last)
        assert sets[0] == "tune13.jsonl" and sets[-1] == "tune33.jsonl" and len(sets) == 21
        assert set(sets) < set(tuning.unseen_sets(default.last))
    assert tuning.unseen_sets(tuning.UNSEEN_LAST)[-1] == f"tune{tuning.UNSEEN_LAST}.jsonl"


def test_last_before_the_first_unseen_set_or_past_eval_is_a_clear_error():
    for last in (tuning.UNSEEN_FIRST - 1, 999):
        with pytest.raises(SystemExit, match="--last"):
            tuning.unseen_sets(last)


def test_the_adapter_grid_is_chosen_by_the_held_out_count_and_ties_keep_the_shipped_pair():
    shipped = (adapter_recent_fit.ADAPTER_STRENGTH, adapter_recent_fit.ADAPTER_RANK)
    assert adapter_recent_fit.choose({shipped: 900, (0.001, 16): 901}) == (0.001, 16)
    assert adapter_recent_fit.choose({(0.001, 16): 900, shipped: 900, (0.1, 32): 900}) == shipped
    assert adapter_recent_fit.choose({(0.001, 16): 900, (0.1, 32): 900, (0.1, 16): 900}) == (0.1, 16)
    args = adapter_recent_fit.build_parser().parse_args(["--strength", "0.1", "--strength", "0.01", "--rank", "32"])
    assert (args.strength, args.rank) == ([0.1, 0.01], [32])


def test_the_written_adapter_records_what_it_was_fitted_on_and_reads_back():
    import numpy as np

    from eaeu_qa.query_adapter import QueryAdapter

    adapter = QueryAdapter(np.ones((4, 2), np.float32), np.zeros((4, 2), np.float32), "all-MiniLM-L6-v2", 0.01)
    data = adapter_recent_fit.stored(adapter, ("tune.jsonl", "tune37.jsonl"), 12)
    assert data["fitted_sets"] == ["dev TUNING", "tune.jsonl", "tune37.jsonl"] and data["fitted_questions"] == 12
    again = QueryAdapter.from_dict(data)  # the extra fields do not stop the file from loading
    assert np.array_equal(again.left, adapter.left) and again.strength == adapter.strength
