"""The false-refusal cap rules compared on tuning data, per set and leave one set out.

The false-refusal cap rules compared on tuning data (the study behind Settings.cap_standard_errors = 0): per set,
leave one set out; and each rule evaluated nested (the rule chooses its threshold on the other sets only; the left-out
set is scored at it). usage: cap_rules.py ROWS.pkl [--nested]   (ROWS.pkl from scripts/answerability_rows.py)"""
import pickle, sys, time
from pathlib import Path
import numpy as np
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT)); sys.path.insert(0, str(ROOT / "scripts"))
import answerability_cv as cv
from answerability_cv import (CAPS, FORM, KIND, REPEATS, SEED, DirectionColumn, choose_threshold,
                              oof_probabilities, set_probabilities)

d = pickle.loads(Path(sys.argv[1]).read_bytes())
x, y, sets, gate = d["x"], d["y"], d["sets"], d["gate"]
labels = np.array(sets)
names = list(dict.fromkeys(sets))
KS, FS, MI = 0.5, 0.2, 0.9

def kinds(idx=None):
    v, m, g = d["vectors"], d["masked"][MI], gate
    if idx is not None:
        v, m, g = v[idx], m[idx], g[idx]
    return (DirectionColumn(KIND, v, KS, g), DirectionColumn(FORM, m, FS, g))

def per_set(p, yy, ss, t):
    ss = np.array(ss); out = {}
    for n in dict.fromkeys(ss):
        r, tr = p[ss == n] < t, yy[ss == n]
        out[n] = (int(r[tr == 0].sum()), int((tr == 0).sum()), int(r[tr == 1].sum()), int((tr == 1).sum()))
    return out

def curves(p_oof, y_oof, p_sets, yy, ss):
    table = {}
    for cap in CAPS:
        t = choose_threshold(p_oof, y_oof, cap)
        table[cap] = (t, per_set(p_sets, yy, ss, t))
    return table

def contrib(c):
    u, nu, f, na = c
    s = 0.0
    if na: s += max(0.0, f / na - cv.FALSE_REFUSAL_TARGET) / cv.FALSE_REFUSAL_TARGET
    if nu: s += max(0.0, cv.UNANSWERABLE_TARGET - u / nu) / (1 - cv.UNANSWERABLE_TARGET)
    return s

# rules: table -> cap
def r_min(table):
    return min(CAPS, key=lambda c: (round(sum(contrib(v) for v in table[c][1].values()), 6), c))
def r_1se(table, k=1.0):
    tot = {c: np.array([contrib(v) for v in table[c][1].values()]) for c in CAPS}
    best = r_min(table); s = tot[best]
    se = s.std(ddof=1) * np.sqrt(len(s))
    return min(c for c in CAPS if tot[c].sum() <= s.sum() + k * se)
def r_quant(table, q=0.8):
    ok = []
    for c in CAPS:
        fr = [f / na for (u, nu, f, na) in table[c][1].values() if na]
        if np.quantile(fr, q) <= cv.FALSE_REFUSAL_TARGET: ok.append(c)
    return max(ok) if ok else min(CAPS)
def r_count(table):
    def met(c):
        return sum((not na or f / na <= 0.05) and (not nu or u / nu >= 0.85) for (u, nu, f, na) in table[c][1].values())
    return max(CAPS, key=lambda c: (met(c), -c))
def r_fr_only(table):  # FR shortfall alone: largest cap whose per-set false-refusal shortfall is 0... variant
    def frs(c):
        return sum(max(0.0, f / na - 0.05) / 0.05 for (u, nu, f, na) in table[c][1].values() if na)
    return max(CAPS, key=lambda c: (-round(frs(c), 6), c))
RULES = {"min shortfall (now)": r_min, "one SE": r_1se, "half SE": lambda t: r_1se(t, 0.5),
         "FR q0.8<=5%": r_quant, "FR q0.9<=5%": lambda t: r_quant(t, 0.9), "sets meeting both": r_count}

t0 = time.time()
p_sets = set_probabilities(x, y, sets, kinds())
y_oof = np.tile(y, REPEATS)
p_oof = np.concatenate([oof_probabilities(x, y, SEED + r, kinds()) for r in range(REPEATS)])
print(f"fits {time.time() - t0:.0f} s; {len(y)} rows, {int((y == 0).sum())} unanswerable, {len(names)} sets")
table = curves(p_oof, y_oof, p_sets, y, sets)
print("cap  thr    LOSO UR      FR        shortfall  sets FR>5%  sets UR<85%  per-set FR%")
for c in CAPS:
    t, ps = table[c]
    U = sum(v[0] for v in ps.values()); NU = sum(v[1] for v in ps.values())
    F = sum(v[2] for v in ps.values()); NA = sum(v[3] for v in ps.values())
    s = [contrib(v) for v in ps.values()]
    print(f"{c:.3f} {t:.3f} {U}/{NU} ({U/NU:.0%}) {F}/{NA} ({F/NA:.1%}) {sum(s):6.2f}±{np.std(s, ddof=1)*np.sqrt(len(s)):.2f} "
          f"{sum(1 for v in ps.values() if v[3] and v[2]/v[3] > 0.05):3d} {sum(1 for v in ps.values() if v[1] and v[0]/v[1] < 0.85):3d}  "
          + " ".join(f"{100*v[2]/v[3]:.0f}" for v in ps.values() if v[3]))
for name, rule in RULES.items():
    print(f"  rule {name}: cap {rule(table)}")

if "--nested" in sys.argv:
    res = {n: [] for n in RULES}
    for s in names:
        inner = np.flatnonzero(labels != s); held = np.flatnonzero(labels == s)
        xi, yi, si = x[inner], y[inner], [sets[k] for k in inner]
        ki = kinds(inner)
        pi_sets = set_probabilities(xi, yi, si, ki)
        NR = int(__import__('os').environ.get('NR', '3'))
        pi_oof = np.concatenate([oof_probabilities(xi, yi, SEED + r, ki) for r in range(NR)])
        ti = curves(pi_oof, np.tile(yi, NR), pi_sets, yi, si)
        for n, rule in RULES.items():
            c = rule(ti); t = ti[c][0]
            r, tr = p_sets[held] < t, y[held]
            res[n].append((s, c, int(r[tr == 0].sum()), int((tr == 0).sum()), int(r[tr == 1].sum()), int((tr == 1).sum())))
        print(f"  nested {s} done {time.time() - t0:.0f} s", flush=True)
    for n, rows in res.items():
        U = sum(r[2] for r in rows); NU = sum(r[3] for r in rows); F = sum(r[4] for r in rows); NA = sum(r[5] for r in rows)
        fr_bad = sum(1 for r in rows if r[5] and r[4] / r[5] > 0.05); ur_bad = sum(1 for r in rows if r[3] and r[2] / r[3] < 0.85)
        print(f"NESTED {n}: caps {sorted(set(r[1] for r in rows))}; UR {U}/{NU} ({U/NU:.1%}) FR {F}/{NA} ({F/NA:.1%}); "
              f"sets FR>5% {fr_bad}, UR<85% {ur_bad}, both met {sum(1 for r in rows if not (r[5] and r[4]/r[5] > 0.05) and not (r[3] and r[2]/r[3] < 0.85))}/{len(rows)}; "
              f"shortfall {sum(contrib(r[2:]) for r in rows):.2f}")
        print("   ", " ".join(f"{r[0]}:{r[1]}:{r[2]}/{r[3]}·{r[4]}/{r[5]}" for r in rows))
