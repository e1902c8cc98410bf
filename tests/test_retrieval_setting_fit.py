"""scripts/retrieval_setting_fit.py and retrieval_misses.py: the held-out choice of one setting, the pool refused."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def _items(spec: dict[str, int]) -> list[dict]:
    return [{"key": f"{name}:i{n}", "id": f"i{n}"} for name, count in spec.items() for n in range(count)]


def test_each_set_is_scored_at_the_value_the_other_sets_choose():
    from retrieval_setting_fit import leave_one_set_out

    items = _items({"tuneA": 2, "tuneB": 2, "tuneC": 2})
    keys = [i["key"] for i in items]
    # value "1" wins on tuneA and tuneB, loses both of tuneC's items
    hits = {"0": {k: 1 if k.startswith("tuneC") else 0 for k in keys},
            "1": {k: 0 if k.startswith("tuneC") else 1 for k in keys}}
    total, chosen = leave_one_set_out(items, hits)
    # held out tuneA: B (+2 for "1") and C (+2 for "0") tie -> the first value; likewise tuneB; held out tuneC: "1"
    assert chosen == {"tuneA": "0", "tuneB": "0", "tuneC": "1"}
    assert total == 0  # every set scored at the value the others chose loses there: the fit cannot see its own set


def test_ties_go_to_the_value_listed_first():
    from retrieval_setting_fit import leave_one_set_out

    items = _items({"tuneA": 1, "tuneB": 1})
    hits = {"0.25": {i["key"]: 1 for i in items}, "0": {i["key"]: 1 for i in items}}
    assert leave_one_set_out(items, hits) == (2, {"tuneA": "0.25", "tuneB": "0.25"})


def test_the_unseen_pool_is_refused_before_any_work():
    from tuning import POOL_SETS

    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "retrieval_setting_fit.py"), "mention_dense", "0,1",
                           "--also", POOL_SETS[0]], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode != 0 and "unseen pool" in done.stderr and "Traceback" not in done.stderr


def test_an_items_kind_is_its_ids_group():
    from retrieval_misses import kind

    assert [kind({"id": i}) for i in ("t27-art03", "jour07", "t5-prov04", "fu10")] == ["art", "jour", "prov", "fu"]
