"""scripts/rerank_recent_fit.py: the reranker's new training sets are the tuning sets the shipped adapter never saw."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import rerank_recent_fit  # noqa: E402
import tuning  # noqa: E402

# The query adapter's training sets (a8248ad's scripts/tuning.py RETRIEVAL_SETS, with the dev TUNING split).
ADAPTER_SETS = ("tune.jsonl", "tune2.jsonl", "tune3.jsonl", "tune4.jsonl", "tune5.jsonl", "tune_fu.jsonl",
                "tune_un.jsonl", "tune6.jsonl", "tune7.jsonl", "tune8.jsonl", "tune9.jsonl", "tune10.jsonl",
                "tune11.jsonl", "tune12.jsonl")


def test_the_recent_sets_are_tuning_sets_the_adapter_never_saw():
    recent = set(rerank_recent_fit.RECENT)
    assert not recent & set(ADAPTER_SETS)
    assert not recent & set(tuning.POOL_SETS) and not any(n.startswith("blind") for n in recent)
    assert all((tuning.ROOT / "eval" / name).is_file() for name in recent)
    items = tuning.tuning_items(rerank_recent_fit.RECENT)  # refuses a held-out set; reads the dev TUNING split first
    assert {i["key"].split(":")[0] for i in items} == {"dev", *(n.removesuffix(".jsonl") for n in recent)}
