"""scripts/composition_fit.py: the composition stop's eligibility (recall budget) and flat optimum, without the model."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from composition_fit import LEAST_MARGINALS, RECALL_BUDGET, flat_optimum, ranked_stops, within_budget  # noqa: E402


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


def test_the_budget_binds_the_chosen_stop_not_its_neighbours():
    def row(cited, facts, precision):
        return {"cited": cited, "facts": facts, "precision": precision}

    results = {(None, -1.0): row(0.97, 0.91, 0.28), (0.3, -1.0): row(0.97, 0.91, 0.30),
               (0.3, 0.0): row(0.97, 0.94, 0.39), (0.3, 0.01): row(0.97, 0.94, 0.53),
               (0.3, 0.02): row(0.95, 0.93, 0.60)}  # loses 0.02 of cited: outside the budget
    order, objective, worst = ranked_stops(results)
    assert order[0] == (0.3, 0.01)  # within the budget itself, though its neighbour 0.02 is not
    assert worst[0.3, 0.02] == float("-inf") and worst[0.3, 0.01] == objective[0.3, 0.0]


def test_a_stop_that_loses_cited_outside_the_unit_models_data_is_not_chosen():
    def row(cited, facts, precision):
        return {"cited": cited, "facts": facts, "precision": precision}

    tuning = {(None, -1.0): row(0.97, 0.93, 0.28), (0.3, 0.01): row(0.97, 0.93, 0.53),
              (0.5, 0.03): row(0.97, 0.93, 0.64)}
    assert ranked_stops(tuning)[0][0] == (0.5, 0.03)  # on tuning alone the larger stop wins
    held = {(None, -1.0): row(0.93, 0.92, 0.30), (0.3, 0.01): row(0.93, 0.92, 0.53),
            (0.5, 0.03): row(0.90, 0.89, 0.60)}  # it loses 0.03 of cited on the held-out sets
    order, _, worst = ranked_stops(tuning, held)
    assert order[0] == (0.3, 0.01) and worst[0.5, 0.03] == float("-inf")
    # on the held-out sets the budget is scaled by the ratio of standard errors: two of 109 items (0.018) may go,
    # 0.03 may not
    held[0.3, 0.01] = row(0.93 - 0.018, 0.92, 0.53)
    order, _, worst = ranked_stops(tuning, held, held_scale=2.2)
    assert order[0] == (0.3, 0.01) and worst[0.5, 0.03] == float("-inf")
    assert ranked_stops(tuning, held, held_scale=1.0)[2][0.3, 0.01] == float("-inf")
