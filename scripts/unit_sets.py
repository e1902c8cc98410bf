"""Which tuning sets the unit model should be fitted on, and whether the learnt relevance helps it, on held-out sets.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/unit_sets.py [--extra tune6.jsonl ...] [--held tune4.jsonl ...]

For each variant (scripts/tuning.py's UNIT_SETS; UNIT_SETS + the --extra sets; each of those with the unit feature
learnt_relevance), the unit model's weights are fitted as scripts/calibrate.py fits them (the composition settings
kept as stored and in Settings), and the answerable questions of the --held sets (in no variant's data) are composed
with it: gold cited, key facts, citation gold precision, units and characters quoted, per held-out set. The learnt
relevance model (relevance_fit.fit_relevance) is fitted on the variant's sets alone; the unit model's training rows
take their learnt_relevance from relevance models fitted without their question (5-fold), so the unit model does not
learn an in-sample score. The dev TEST part and eval/blind*.jsonl are never read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from answerability_cv import L2  # noqa: E402
from calibrate import learnt_unit_rows  # noqa: E402
from collector import Collector, open_collector  # noqa: E402
from composition_fit import HELD_SETS, item_composition  # noqa: E402
from logistic_fit import fit_folded  # noqa: E402
from tuning import UNIT_SETS, tuning_items  # noqa: E402

from eaeu_qa.answering.compose import UNIT_FEATURES, UnitModel  # noqa: E402

HELD = HELD_SETS
LEARNT = UNIT_FEATURES.index("learnt_relevance")


def unit_rows(collector: Collector, items: list[dict], learnt: bool) -> tuple[np.ndarray, np.ndarray, object]:
    """The unit model's training rows of `items` and the relevance model the answerer then composes with: with
    `learnt`, calibrate.learnt_unit_rows (each item's learnt_relevance from a relevance model fitted without it, and
    the model fitted on all of them), else the column at 0 and no relevance model."""
    if learnt:
        rows, relevance = learnt_unit_rows(collector, items)
    else:
        collector.answerer.relevance = relevance = None
        rows = [r for i in items for r in collector.unit_rows(i)]
    x = np.array([r[0] for r in rows])
    if not learnt:
        x[:, LEARNT] = 0.0
    return x, np.array([r[1] for r in rows]), relevance


def fitted_model(x: np.ndarray, y: np.ndarray, stored: UnitModel) -> UnitModel:
    """The unit model's weights refitted as calibrate.fit_unit_model does; composition settings as stored."""
    weights, bias = fit_folded(x, y, L2)
    model = UnitModel(weights, bias, fitted=True, follow_share=stored.follow_share, extend_words=stored.extend_words,
                      next_share=stored.next_share)
    return model.with_composition(stored.second_share, stored.least_marginal)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", nargs="*", default=["tune6.jsonl"], help="sets added to UNIT_SETS")
    parser.add_argument("--held", nargs="*", default=list(HELD), help="held-out sets (in no variant)")
    parser.add_argument("--retrieved", type=Path, default=ROOT / "eval" / "runs" / "calibration-retrieved.pkl")
    args = parser.parse_args()

    collector = open_collector(args.retrieved)
    settings = collector.chain.settings
    stored = collector.answerer.unit_model
    held = {name: [i for i in tuning_items((name,)) if i["answerable"] and not i["key"].startswith("dev:")]
            for name in args.held}
    variants = {"UNIT_SETS": UNIT_SETS, "+ " + " ".join(args.extra): UNIT_SETS + tuple(args.extra)}
    rows = {}
    for name, sets in variants.items():
        train = [i for i in tuning_items(sets) if i["answerable"]]
        for learnt in (False, True):
            x, y, collector.answerer.relevance = unit_rows(collector, train, learnt)
            model = fitted_model(x, y, stored)
            label = f"{name}{' + learnt_relevance' if learnt else ''}"
            print(f"{label}: {len(train)} questions, {len(y)} units; weights " +
                  ", ".join(f"{n} {v:+.2f}" for n, v in zip(UNIT_FEATURES, model.weights)))
            for set_name, items in held.items():
                results = [item_composition(collector, i, model, settings.max_answer_sentences) for i in items]
                rows[label, set_name] = {k: np.mean([r[k] for r in results])
                                         for k in ("cited", "facts", "precision", "units", "chars")}
                r = rows[label, set_name]
                print(f"  {set_name} ({len(items)}): cited {r['cited']:.3f}, facts {r['facts']:.3f}, precision "
                      f"{r['precision']:.3f}, units {r['units']:.2f}, characters {r['chars']:.0f}")
            n = sum(len(v) for v in held.values())
            mean = {k: sum(rows[label, s][k] * len(v) for s, v in held.items()) / n
                    for k in ("cited", "facts", "precision")}
            print(f"  all held-out ({n}): cited {mean['cited']:.3f}, facts {mean['facts']:.3f}, precision "
                  f"{mean['precision']:.3f}, objective {sum(mean.values()) / 3:.3f}")
    collector.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
