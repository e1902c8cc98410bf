"""The answerability rows as calibrate.py builds them, pickled for scripts/cap_rules.py.

The answerability rows exactly as calibrate.py builds them, pickled for the cap-rule study (scripts/cap_rules.py).
usage: answerability_rows.py OUT.pkl [--sets extra.jsonl ...]   (reads eval/runs/calibration-retrieved.pkl; run calibrate.py first)"""
import json, pickle, sys
from pathlib import Path
import numpy as np
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT)); sys.path.insert(0, str(ROOT / "scripts"))
from collector import open_collector
from tuning import ANSWERABILITY_SETS, tuning_items
from eaeu_qa.answering.answerability import MODEL_FILE

out = Path(sys.argv[1])
extra = tuple(a for a in sys.argv[2:] if a.endswith(".jsonl"))
collector = open_collector(ROOT / "eval" / "runs" / "calibration-retrieved.pkl")
stored = json.loads(MODEL_FILE.read_text())["answerable"]
items = tuning_items(ANSWERABILITY_SETS + extra)
rows = []
for i in items:
    ev = collector.evidence(i)
    if ev is None:
        continue
    rows.append((ev.vector(), float(i["answerable"]), i, ev.values["unit_completeness"]))
collector.save()
x = np.array([r[0] for r in rows]); y = np.array([r[1] for r in rows])
masks = (0.5, 0.6, 0.7, 0.8, 0.9)
data = {"x": x, "y": y, "sets": [r[2]["key"].split(":")[0] for r in rows], "keys": [r[2]["key"] for r in rows],
        "questions": [r[2]["question"] for r in rows], "gate": np.array([r[3] for r in rows]),
        "vectors": np.array([collector.question_vector(r[2]) for r in rows]),
        "masked": {m: np.array([collector.question_vector(r[2], m) for r in rows]) for m in masks}}
out.write_bytes(pickle.dumps(data))
print("rows", len(y), "unanswerable", int((y == 0).sum()))
