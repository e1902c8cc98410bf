"""Cross-validation of the answerability model on tuning data (calibrate.py's step 2).

Cross-validation of the answerability model (scripts/calibrate.py's step 2): out-of-fold probabilities with the
question-kind directions nested, the threshold rule, ROC AUC, and leave one set out. Tuning data only.

A nested feature (a kind direction, DirectionColumn: a column, fit(train, y) and out_of_fold(train, y, seed)) is
fitted inside every fit: the training items' scores out-of-fold (inner split), the held-out items' from the feature
fitted on all training items; its product with the evidence's completeness (evidence.PRODUCTS, from the feature's
`gate`) is recomputed from those scores. Nested columns not given are held at 0 (the model without them), their
products too."""

from __future__ import annotations

import numpy as np

from eaeu_qa.answering.answerability import fit_logistic
from eaeu_qa.answering.answerability_kind import fit_direction, out_of_fold_scores
from eaeu_qa.answering.evidence import FEATURES, PRODUCTS, SIGNS

FOLDS = 5
REPEATS = 10  # the 5-fold split is repeated with this many seeds; the threshold is chosen on all of them
# The threshold refuses as many unanswerable questions as it can while at most a cap of the answerable ones are refused
# (pooled cross-validation). The cap itself is chosen among CAPS by choose_cap on the held-out sets (leave one set out):
# issue 8 judges each private set on its own (at most FALSE_REFUSAL_TARGET of answerable refused, at least
# UNANSWERABLE_TARGET of unanswerable refused), so each cap's per-set misses of the two targets, each measured in units
# of its own slack (5 and 15 points), are added up, and the smallest cap within Settings.cap_standard_errors standard
# errors of the least sum is chosen (the one-standard-error rule: the sums are flat near their minimum, and a smaller
# cap refuses fewer answerable questions on every set). MAX_FALSE_REFUSAL (the
# seventh session's hand-set half of the 5 % target) is the cap where no per-set curve is available.
MAX_FALSE_REFUSAL = 0.025
CAPS = (0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.045, 0.05, 0.055, 0.06)
FALSE_REFUSAL_TARGET = 0.05
UNANSWERABLE_TARGET = 0.85
L2 = 1.0
SEED = 8
KIND = FEATURES.index("question_kind")
FORM = FEATURES.index("question_form")
NESTED_COLUMNS = (KIND, FORM)
# Each nested column's product with evidence.unit_completeness (the column's `gate`): recomputed with its scores.
PRODUCT_COLUMNS = {FEATURES.index(k): FEATURES.index(v) for k, v in PRODUCTS.items()}


class DirectionColumn:
    """A kind feature: the question vectors' score on a direction (answerability_kind.fit_direction) fitted on the
    training items; `gate` (per item, evidence.unit_completeness) is what its product column multiplies it by."""

    def __init__(self, column: int, vectors: np.ndarray, shrinkage: float, gate: np.ndarray | None = None):
        self.column, self.vectors, self.shrinkage = column, vectors, shrinkage
        self.gate = gate  # None: the product column is held at 0

    def fit(self, train: np.ndarray, y: np.ndarray):
        direction = fit_direction(self.vectors[train], y[train], self.shrinkage)
        return lambda held: self.vectors[held] @ direction

    def out_of_fold(self, train: np.ndarray, y: np.ndarray, seed: int) -> np.ndarray:
        """The training items' scores, each from a direction fitted without it (answerability_kind.out_of_fold_scores
        inside `train`, FOLDS folds)."""
        return out_of_fold_scores(self.vectors[train], y[train], self.shrinkage, FOLDS, seed)


def oof_probabilities(x: np.ndarray, y: np.ndarray, seed: int = SEED, kinds: tuple = ()) -> np.ndarray:
    """Out-of-fold p(answerable), the kind features of `kinds` nested (see the module's docstring)."""
    order = np.random.default_rng(seed).permutation(len(y))
    folds = np.array_split(order, FOLDS)
    p = np.zeros(len(y))
    for fold in folds:
        p[fold] = held_out_probabilities(x, y, np.setdiff1d(order, fold), fold, kinds, seed)
    return p


def auc(score: np.ndarray, y: np.ndarray) -> float:
    """Probability that a random answerable item scores above a random unanswerable one (ties: half)."""
    pos, neg = score[y == 1], score[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    return float(((pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum())
                 / (len(pos) * len(neg)))


def choose_threshold(p: np.ndarray, y: np.ndarray, cap: float | None = None) -> float:
    """Highest unanswerable refusal with false refusal <= `cap` (default MAX_FALSE_REFUSAL); ties -> the midpoint."""
    cap = MAX_FALSE_REFUSAL if cap is None else cap
    candidates = np.unique(np.concatenate([[0.0], p, [1.0]]))
    best, best_key = 0.0, (-1.0, 0.0)
    for t in candidates:
        refused = p < t
        false_refusal = refused[y == 1].mean() if (y == 1).any() else 0.0
        caught = refused[y == 0].mean() if (y == 0).any() else 0.0
        if false_refusal <= cap:
            key = (caught, -false_refusal)
            if key > best_key:
                best, best_key = float(t), key
    # Midway between the chosen cut and the next probability below it: less brittle than the edge.
    below = p[p < best]
    return float((best + below.max()) / 2) if below.size else best


def set_shortfalls(p: np.ndarray, y: np.ndarray, sets: list[str], t: float) -> np.ndarray:
    """How far each set misses issue 8's two per-set refusal targets at threshold `t`: the share of its answerable
    items refused above FALSE_REFUSAL_TARGET over that target, plus the share of its unanswerable items refused below
    UNANSWERABLE_TARGET over its slack (1 - UNANSWERABLE_TARGET): each miss in units of what the target allows."""
    labels, shortfalls = np.array(sets), []
    for name in dict.fromkeys(sets):
        refused, truth = p[labels == name] < t, y[labels == name]
        total = 0.0
        if (truth == 1).any():
            total += max(0.0, refused[truth == 1].mean() - FALSE_REFUSAL_TARGET) / FALSE_REFUSAL_TARGET
        if (truth == 0).any():
            total += max(0.0, UNANSWERABLE_TARGET - refused[truth == 0].mean()) / (1 - UNANSWERABLE_TARGET)
        shortfalls.append(total)
    return np.array(shortfalls)


def target_shortfall(p: np.ndarray, y: np.ndarray, sets: list[str], t: float) -> float:
    """The sets' shortfalls (set_shortfalls) summed."""
    return float(set_shortfalls(p, y, sets, t).sum())


def choose_cap(p_oof: np.ndarray, y_oof: np.ndarray, p_sets: np.ndarray, y: np.ndarray, sets: list[str],
               standard_errors: float | None = None) -> tuple[float, float, dict]:
    """The false-refusal cap among CAPS by the one-standard-error rule on the held-out sets: each cap's threshold
    (choose_threshold on the pooled out-of-fold `p_oof`) leaves a summed target_shortfall on the sets (`p_sets`: each
    set's probabilities from a model fitted without it); the chosen cap is the smallest whose summed shortfall is
    within `standard_errors` (default Settings.cap_standard_errors) standard errors of the least one, the standard
    error of a sum over the sets being sqrt(number of sets) times the sets' standard deviation at the least one.
    With 0 it is the cap of the least shortfall (ties: the smaller cap). Returns (cap, threshold, {cap: (threshold,
    shortfall)})."""
    if standard_errors is None:
        from eaeu_qa.settings import get_settings

        standard_errors = get_settings().cap_standard_errors
    table, per_set = {}, {}
    for cap in CAPS:
        t = choose_threshold(p_oof, y_oof, cap)
        per_set[cap] = set_shortfalls(p_sets, y, sets, t)
        table[cap] = (t, float(per_set[cap].sum()))
    best = min(CAPS, key=lambda c: (round(table[c][1], 6), c))
    spread = per_set[best].std(ddof=1) * np.sqrt(len(per_set[best])) if len(per_set[best]) > 1 else 0.0
    cap = min(c for c in CAPS if round(table[c][1], 6) <= round(table[best][1] + standard_errors * spread, 6))
    return cap, table[cap][0], table


def set_probabilities(x: np.ndarray, y: np.ndarray, sets: list[str], kinds: tuple = ()) -> np.ndarray:
    """Leave one set out: each item's p(answerable) from the model fitted on the other sets (kinds nested)."""
    labels, p = np.array(sets), np.zeros(len(y))
    for name in dict.fromkeys(sets):
        held, train = np.flatnonzero(labels == name), np.flatnonzero(labels != name)
        p[held] = held_out_probabilities(x, y, train, held, kinds)
    return p


def rates(p: np.ndarray, y: np.ndarray, t: float) -> str:
    refused = p < t
    return (f"unanswerable refused {int(refused[y == 0].sum())}/{int((y == 0).sum())}, "
            f"answerable refused {int(refused[y == 1].sum())}/{int((y == 1).sum())}")


def held_out_probabilities(x: np.ndarray, y: np.ndarray, train: np.ndarray, held: np.ndarray, kinds: tuple = (),
                           seed: int = SEED) -> np.ndarray:
    """p(answerable) of the `held` items from a model fitted on the `train` items alone: for each nested feature of
    `kinds` the training items' scores out-of-fold (inner split) and the held items' from the feature fitted on all
    training items, as in oof_probabilities; the other nested columns held at 0."""
    x_train, x_held = x[train].copy(), x[held].copy()
    given = {feature.column for feature in kinds}
    for column in NESTED_COLUMNS:
        if column not in given:
            x_train[:, column] = x_held[:, column] = 0.0
            x_train[:, PRODUCT_COLUMNS[column]] = x_held[:, PRODUCT_COLUMNS[column]] = 0.0
    for feature in kinds:
        x_train[:, feature.column] = feature.out_of_fold(train, y, seed + 1000)
        x_held[:, feature.column] = feature.fit(train, y)(held)
        product, gate = PRODUCT_COLUMNS[feature.column], getattr(feature, "gate", None)
        x_train[:, product] = 0.0 if gate is None else x_train[:, feature.column] * gate[train]
        x_held[:, product] = 0.0 if gate is None else x_held[:, feature.column] * gate[held]
    mean, scale, w, b = fit_logistic(x_train, y[train], l2=L2, signs=np.array(SIGNS))
    return 1 / (1 + np.exp(-(((x_held - mean) / scale) @ w + b)))


def leave_one_set_out(x: np.ndarray, y: np.ndarray, sets: list[str], models: dict[str, tuple[float, tuple]]) -> None:
    """Across authors: each tuning set scored by the models fitted on the other sets (name -> (threshold of the
    pooled cross-validation, kinds)), printed as unanswerable / answerable refused."""
    names = list(dict.fromkeys(sets))
    labels = np.array(sets)
    totals = {name: np.zeros(2, dtype=int) for name in models}
    print("  leave one set out (unanswerable refused · answerable refused; "
          + ", ".join(f"{n} at {t:.3f}" for n, (t, _) in models.items()) + "):")
    for name in names:
        held = np.flatnonzero(labels == name)
        train = np.flatnonzero(labels != name)
        cells = []
        for model, (t, kinds) in models.items():
            refused = held_out_probabilities(x, y, train, held, kinds) < t
            counts = np.array([refused[y[held] == 0].sum(), refused[y[held] == 1].sum()])
            totals[model] += counts
            cells.append(f"{model} {counts[0]}/{int((y[held] == 0).sum())} · {counts[1]}/{int((y[held] == 1).sum())}")
        print(f"    {'dev TUNING' if name == 'dev' else name} ({int((y[held] == 0).sum())} unanswerable / "
              f"{int((y[held] == 1).sum())} answerable): " + "; ".join(cells))
    n_un, n_ans = int((y == 0).sum()), int((y == 1).sum())
    print("    all: " + "; ".join(f"{m} {c[0]}/{n_un} ({c[0] / n_un:.0%}) · {c[1]}/{n_ans} ({c[1] / n_ans:.1%})"
                                  for m, c in totals.items()))
