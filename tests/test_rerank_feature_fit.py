"""scripts/rerank_feature_fit.py and adapter_recent_fit.py: their sets are tuning sets the shipped models never saw."""

import sys
from pathlib import Path

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
