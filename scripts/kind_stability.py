"""The question-kind prior's regularisation against its stability across refits (tuning data).

The question-kind prior's regularisation against its stability across refits (issue 8; tuning data only): each
configuration of the answerability regression is scored leave one set out at fixed numbers of answerable refused
(2, 2.6, 3.3, 4.1, 5 % of them), with the sets that miss issue 8's per-set targets at the middle point and their summed
shortfall (answerability_cv.set_shortfalls' units), and its decisions' stability: the same leave one set out repeated
R times (env R, default 3), each refit without 2 more random training sets; an item is unstable when its decision at
the middle point is not the same in every repeat.

    .venv/bin/python scripts/kind_stability.py ROWS.pkl CONFIG...   (ROWS.pkl from scripts/answerability_rows.py)

CONFIG = name:key=value,...  ks / fs: shrinkage of the kind / form direction (shipped 0.5 / 0.2, the form direction on
the question masked at 0.9); lk: the L2 on the two kind columns and their completeness products, l2 on the rest (1 as
shipped); bag: the directions averaged over this many fits on 80 % subsamples; drop=kind|form|products. The regression
is answerability.fit_logistic's objective with the signs as bounds, minimised by L-BFGS-B (FAST=1) or by the shipped
gradient descent (FAST unset; slower). Read-only: writes nothing but prints.
"""
import pickle, sys
from pathlib import Path
import numpy as np
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT)); sys.path.insert(0, str(ROOT / "scripts"))
import answerability_cv as cv
from eaeu_qa.answering.answerability_kind import fit_direction, out_of_fold_scores
from eaeu_qa.answering.evidence import FEATURES, SIGNS

SHARES = (0.0196, 0.0257, 0.0332, 0.0408, 0.0498)
KIND, FORM = cv.KIND, cv.FORM
KC, FC = FEATURES.index("kind_complete"), FEATURES.index("form_complete")


def parse(spec):
    name, _, rest = spec.partition(":")
    c = dict(ks=0.5, fs=0.2, lk=1.0, l2=1.0, drop="", bag=0)
    for part in filter(None, rest.split(",")):
        k, v = part.split("=")
        c[k] = v if k == "drop" else float(v)
    return name, c


FAST = False


def fit_lr(x, y, l2):
    if FAST:
        return fit_lr_fast(x, y, l2)
    mean = x.mean(axis=0); scale = x.std(axis=0); scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    w = np.zeros(z.shape[1]); b = 0.0; n = len(y); signs = np.array(SIGNS)
    for _ in range(2000):
        p = 1.0 / (1.0 + np.exp(-(z @ w + b)))
        w -= 0.1 * ((z.T @ (p - y)) / n + l2 * w / n)
        b -= 0.1 * float(np.mean(p - y))
        w = np.where(signs * w < 0, 0.0, w)
    return mean, scale, w, b


def fit_lr_fast(x, y, l2):
    """The same objective minimised exactly (L-BFGS-B, the signs as bounds): fast, converged."""
    from scipy.optimize import minimize
    mean = x.mean(axis=0); scale = x.std(axis=0); scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale; n = len(y); k = z.shape[1]

    def f(v):
        w, b = v[:k], v[k]
        s = z @ w + b
        loss = np.mean(np.logaddexp(0, s) - y * s) + 0.5 * np.sum(l2 * w * w) / n
        p = 1 / (1 + np.exp(-s))
        return loss, np.concatenate([(z.T @ (p - y)) / n + l2 * w / n, [np.mean(p - y)]])
    bounds = [(0, None) if sg > 0 else (None, 0) if sg < 0 else (None, None) for sg in SIGNS] + [(None, None)]
    r = minimize(f, np.zeros(k + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    return mean, scale, r.x[:k], float(r.x[k])


def bagged(vec, y, s, k, seed=3):
    """The direction averaged over k fits on 80 % subsamples (k = 0: one fit on all)."""
    if not k:
        return fit_direction(vec, y, s)
    rng = np.random.default_rng(seed)
    return np.mean([fit_direction(vec[idx], y[idx], s) for idx in
                    (rng.choice(len(y), int(0.8 * len(y)), replace=False) for _ in range(int(k)))], axis=0)


def oof(vec, y, s, k, seed):
    if not k:
        return out_of_fold_scores(vec, y, s, cv.FOLDS, seed)
    order = np.random.default_rng(seed).permutation(len(y)); scores = np.zeros(len(y))
    for fold in np.array_split(order, cv.FOLDS):
        tr = np.setdiff1d(order, fold)
        scores[fold] = vec[fold] @ bagged(vec[tr], y[tr], s, k)
    return scores


def held_out(d, c, train, held, seed=cv.SEED):
    x, y, gate = d["x"], d["y"], d["gate"]
    xt, xh = x[train].copy(), x[held].copy()
    drops = set(c["drop"].split("+")) if c["drop"] else set()
    for col, prod, vec, s, tag in ((KIND, KC, d["vectors"], c["ks"], "kind"), (FORM, FC, d["masked"][0.9], c["fs"], "form")):
        if tag in drops:
            xt[:, col] = xh[:, col] = xt[:, prod] = xh[:, prod] = 0.0
            continue
        xt[:, col] = oof(vec[train], y[train], s, c["bag"], seed + 1000)
        xh[:, col] = vec[held] @ bagged(vec[train], y[train], s, c["bag"])
        if "products" in drops:
            xt[:, prod] = xh[:, prod] = 0.0
        else:
            xt[:, prod] = xt[:, col] * gate[train]; xh[:, prod] = xh[:, col] * gate[held]
    l2 = np.full(x.shape[1], c["l2"]); l2[[KIND, FORM, KC, FC]] = c["lk"]
    mean, scale, w, b = fit_lr(xt, y[train], l2)
    return 1 / (1 + np.exp(-(((xh - mean) / scale) @ w + b)))


def loso(d, c, extra_drop=0, rng=None):
    labels = np.array(d["sets"]); names = list(dict.fromkeys(d["sets"])); p = np.zeros(len(labels))
    for name in names:
        others = [n for n in names if n != name]
        dropped = set(rng.choice(others, extra_drop, replace=False)) if extra_drop else set()
        train = np.flatnonzero((labels != name) & ~np.isin(labels, list(dropped)))
        held = np.flatnonzero(labels == name)
        p[held] = held_out(d, c, train, held)
    return p


def points(d, p):
    y = d["y"]; n_ans = int((y == 1).sum()); pts = [round(s * n_ans) for s in SHARES]
    ans = np.sort(p[y == 1])
    return pts, [int((p[y == 0] < ans[n]).sum()) for n in pts], ans[pts[2]]


def per_set(d, p, t):
    y, labels = d["y"], np.array(d["sets"])
    over = under = 0; short = 0.0
    for s in dict.fromkeys(d["sets"]):
        a = (y == 1) & (labels == s); u = (y == 0) & (labels == s)
        fr = ((p < t) & a).sum() / max(a.sum(), 1); ur = ((p < t) & u).sum() / u.sum() if u.sum() else 1.0
        over += fr > 0.05; under += ur < 0.85
        short += max(0, fr - 0.05) / 0.05 + max(0, 0.85 - ur) / 0.15
    return over, under, short


if __name__ == "__main__":
    d = pickle.loads(Path(sys.argv[1]).read_bytes())
    R = int(__import__("os").environ.get("R", "3"))
    FAST = bool(__import__("os").environ.get("FAST"))
    for spec in sys.argv[2:]:
        name, c = parse(spec)
        p = loso(d, c)
        pts, caught, t = points(d, p)
        over, under, short = per_set(d, p, t)
        rng = np.random.default_rng(16)
        decisions = []
        for r in range(R):
            pr = loso(d, c, 2, rng)
            _, _, tr = points(d, pr)
            decisions.append(pr < tr)
        dec = np.array(decisions)
        unstable = (dec.any(axis=0) & ~dec.all(axis=0))
        y = d["y"]
        print(f"{name:28s} AUC {cv.auc(p, y):.4f} at {'/'.join(map(str, pts))}: {' · '.join(map(str, caught))} of "
              f"{int((y == 0).sum())} | sets>5% {over} <85% {under} shortfall {short:.2f} | unstable {int(unstable.sum())} "
              f"(unans {int((unstable & (y == 0)).sum())}, ans {int((unstable & (y == 1)).sum())})", flush=True)
