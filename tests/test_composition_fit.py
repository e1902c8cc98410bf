"""scripts/composition_fit.py: the composition stop's eligibility (recall budget) and flat optimum, without the model."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from composition_fit import LEAST_MARGINALS, RECALL_BUDGET, flat_optimum, within_budget  # noqa: E402


def test_a_stop_is_eligible_only_while_cited_and_key_facts_each_stay_within_the_budget():
    base = {"cited": 0.90, "facts": 0.90}
    results = {(None, -1.0): base,
               (0.3, 0.03): {"cited": 0.90, "facts": 0.90 - RECALL_BUDGET / 2},
               # cited rises, key facts fall beyond the budget: their mean would have passed, each on its own does not
               (0.3, 0.05): {"cited": 0.90 + RECALL_BUDGET, "facts": 0.90 - 1.5 * RECALL_BUDGET},
               (0.3, 0.06): {"cited": 0.90 - 2 * RECALL_BUDGET, "facts": 0.91}}
    assert within_budget(results) == {(None, -1.0), (0.3, 0.03)}


def test_the_flat_optimum_is_the_best_worst_case_over_the_stops_neighbourhood():
    at = LEAST_MARGINALS.index(0.03)
    stops = LEAST_MARGINALS[at - 1:at + 3]  # 0.02, 0.03, 0.035, 0.04
    objective = {(0.3, m): v for m, v in zip(stops, (0.70, 0.72, 0.90, 0.60))}  # a spike next to a cliff
    worst = flat_optimum(objective)
    assert worst[0.3, 0.035] == 0.60 and worst[0.3, 0.03] == 0.70
    assert max(worst.values()) == 0.70 and worst[0.3, 0.035] < worst[0.3, 0.03]  # the spike is not chosen
    assert flat_optimum(objective, eligible={(0.3, 0.02), (0.3, 0.03)})[0.3, 0.03] == float("-inf")
