"""Fit the learnt question-sentence relevance model (eaeu_qa/answering/relevance.py) on tuning data only.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/relevance_fit.py [--write] [--negatives] [--retrieved FILE]

Rows: every candidate unit of the top `Settings.answer_passages` passages of each answerable tuning question, as
(question vector, unit vector) pairs of the frozen embedding model; label 1 when the unit holds (or lies inside) a gold
snippet, else 0 (--negatives: also every unit of the unanswerable questions, all 0). The model is a logistic
regression with a strong L2 penalty (L2) on relevance.pair_features (q * s and |q - s|). Printed, over
scripts/tuning.py's ANSWERABILITY_SETS: leave one set out, per held-out set and L2 of L2S, the share of answerable
questions whose best unit by the learnt score holds gold, against the best unit by cosine, and the ROC AUC of gold
units against the others within a question. --write saves the model fitted on the answerable questions of UNIT_SETS
(as scripts/calibrate.py --write does in its step 1, where the unit model's feature learnt_relevance is built on it),
with the embedding model's name and dimension, to eaeu_qa/answering/relevance_model.json. The dev TEST part and
eval/blind*.jsonl are never read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eaeu_qa.answering.relevance import RELEVANCE_FILE, RelevanceModel, pair_features  # noqa: E402
from logistic_fit import fold_back, standardise  # noqa: E402

L2 = 30.0  # strong: ~6,000 unit rows of ~300 questions against 768 weights (chosen on L2S by leave one set out)
L2S = (10.0, 30.0, 100.0, 300.0, 1000.0)


class ItemPairs:
    """One question's candidate units: its vector, the unit vectors (answer passages), gold labels."""

    def __init__(self, question: np.ndarray, units: np.ndarray, labels: np.ndarray, answerable: bool = True):
        self.question, self.units, self.labels, self.answerable = question, units, labels, answerable
        self._features: np.ndarray | None = None

    def features(self) -> np.ndarray:
        """relevance.pair_features of the question with every unit (computed once)."""
        if self._features is None:
            self._features = pair_features(self.question, self.units)
        return self._features


def item_pairs(collector, item: dict) -> ItemPairs:
    from collector import unit_label

    request, question, _ = collector.prepare(item)
    answerer = collector.answerer
    pairs, matrix = answerer.candidates(request.passages)
    q = answerer.vectors.question(question.matching)
    labels = np.array([unit_label(u.text, item.get("gold_passages") or []) if item["answerable"] else 0.0
                       for u, _ in pairs])
    return ItemPairs(np.asarray(q, dtype=np.float32), np.asarray(matrix, dtype=np.float32), labels,
                     bool(item["answerable"]))


def fit_relevance(items: list[ItemPairs], model_name: str, l2: float = L2, negatives: bool = False,
                  start: np.ndarray | None = None) -> RelevanceModel:
    """Logistic regression on standardised pair features (L-BFGS, L2 on the weights), folded back to raw features.
    Rows: the units of the items with a gold unit; with `negatives`, also every unit of the unanswerable items (none
    of them answers). `start`: standardised weights and bias to start from (a fit on overlapping items converges in
    a few steps; the optimum is the same)."""
    from scipy.optimize import minimize

    rows = [i for i in items if len(i.units) and (i.labels.any() or (negatives and not i.answerable))]
    x = np.vstack([i.features() for i in rows])
    y = np.concatenate([i.labels for i in rows]).astype(np.float32)
    mean, scale = standardise(x)
    z = ((x - mean) / scale).astype(np.float32)
    n = len(y)

    def loss(theta):
        w, b = theta[:-1].astype(np.float32), float(theta[-1])
        t = z @ w + b
        p = 1 / (1 + np.exp(-t))
        value = float((np.logaddexp(0, t) - y * t).sum()) / n + 0.5 * l2 * float(w @ w) / n
        grad = np.append((z.T @ (p - y)) / n + l2 * w / n, float((p - y).sum()) / n)
        return value, grad.astype(np.float64)

    theta0 = np.zeros(z.shape[1] + 1) if start is None else start
    theta = minimize(loss, theta0, jac=True, method="L-BFGS-B", options={"maxiter": 200, "gtol": 1e-4}).x
    w, b = fold_back(mean, scale, theta[:-1], theta[-1])
    return RelevanceModel(w.astype(float), b, model_name, len(items[0].question), theta)


def write_relevance(model: RelevanceModel) -> None:
    """Save the model where the answerer reads it (eaeu_qa/answering/relevance_model.json)."""
    RELEVANCE_FILE.write_text(json.dumps(model.to_dict()) + "\n", encoding="utf-8")
    print(f"wrote {RELEVANCE_FILE.relative_to(ROOT)}")


def within_auc(model: RelevanceModel | None, items: list[ItemPairs]) -> tuple[float, float]:
    """(share of questions whose top unit holds gold, mean per-question ROC AUC of gold units against the others);
    `model` None = cosine."""
    top, aucs = [], []
    for i in items:
        if not len(i.units) or not i.labels.any():
            continue
        score = i.units @ i.question if model is None else model.logits(i.question, i.units)
        top.append(float(i.labels[int(np.argmax(score))]))
        pos, neg = score[i.labels == 1], score[i.labels == 0]
        if len(neg):
            aucs.append(float(((pos[:, None] > neg[None, :]).mean())))
    return float(np.mean(top)), float(np.mean(aucs))


def main() -> int:
    from collector import open_collector
    from tuning import ANSWERABILITY_SETS, tuning_items

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"save the model to {RELEVANCE_FILE.name}")
    parser.add_argument("--retrieved", type=Path, default=ROOT / "eval" / "runs" / "calibration-retrieved.pkl",
                        help="cache of each item's condensed question and passages (shared with calibrate.py)")
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument("--negatives", action="store_true", help="also learn from the units of unanswerable items")
    args = parser.parse_args()

    collector = open_collector(args.retrieved)
    settings = collector.chain.settings
    items = [i for i in tuning_items(ANSWERABILITY_SETS) if i["answerable"] or args.negatives]
    pairs = [item_pairs(collector, i) for i in items]
    collector.save()
    sets = np.array([i["key"].split(":")[0] for i in items])
    print(f"{len(items)} tuning questions, {sum(len(p.units) for p in pairs)} units "
          f"({int(sum(p.labels.sum() for p in pairs))} gold)")
    print("leave one set out: top unit holds gold / within-question AUC, cosine -> learnt by L2:")
    names = list(dict.fromkeys(sets))
    pooled = np.zeros((len(L2S) + 1, 2))
    counted = 0
    for name in names:
        held = [p for p, s in zip(pairs, sets) if s == name]
        start, cells = None, []
        for l2 in L2S:
            model = fit_relevance([p for p, s in zip(pairs, sets) if s != name], settings.model_name, l2,
                                  args.negatives, start)
            start = model.standardised
            cells.append(within_auc(model, held))
        base = within_auc(None, held)
        scored = sum(1 for p in held if len(p.units) and p.labels.any())
        pooled += scored * np.array([base, *cells])
        counted += scored
        print(f"  {name} ({len(held)}): {base[0]:.3f} / {base[1]:.3f} -> " +
              ", ".join(f"{l2}: {c[0]:.3f} / {c[1]:.3f}" for l2, c in zip(L2S, cells)))
    pooled /= max(counted, 1)
    print(f"  all ({counted} with a gold unit): {pooled[0, 0]:.3f} / {pooled[0, 1]:.3f} -> " +
          ", ".join(f"{l2}: {c[0]:.3f} / {c[1]:.3f}" for l2, c in zip(L2S, pooled[1:])))
    print(f"(the model's L2 is relevance_fit.L2 = {L2}; --l2 to write another)")
    if args.write:
        from tuning import UNIT_SETS

        unit_items = [i for i in tuning_items(UNIT_SETS) if i["answerable"] or args.negatives]
        model = fit_relevance([item_pairs(collector, i) for i in unit_items], settings.model_name, args.l2,
                              args.negatives)
        write_relevance(model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
