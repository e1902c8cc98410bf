"""Issue 8's figures per question set, with counts and 95 % Wilson intervals.

Issue 8's figures per question set, with counts and 95 % Wilson intervals: how far one set's figure can sit from
the rate behind it.

    .venv/bin/python scripts/sets_table.py RUN_DIR [RUN_DIR ...] [--before RUN_DIR ...]

Each RUN_DIR is an `eaeu-qa eval --out` folder; its results.jsonl is read (the set's name is the folder's name after its
first "-": `end-blind4` -> `blind4`). One markdown row per set and a pooled row: answerable n, gold
in the top 4, gold cited (counts of items with hit@4 = 1 and citation recall = 1 ... as means), key facts (mean),
unanswerable refused k/n, answerable refused k/n, quotes verbatim (each citation's quote is the exact slice of its
passage at its offsets), gold quote leads (of the answers citing a gold passage, those whose first quote holds one:
the gold_leads metric; no target, "-" for runs written before it), with the 95 % Wilson interval of each proportion and a `*` where the point figure misses
issue 8's target. With --before (as many folders, the same sets in the same order) each cell reads "before -> after".

A set of 48 answerable and 12 unanswerable items puts one unanswerable question at 8.3 points and one answerable
refusal at 2.1 points; the intervals make that visible next to the target. Read-only: never tunes anything.
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass, replace
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # scripts/ (run as a script or imported by tests)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from answerability_cv import FALSE_REFUSAL_TARGET, UNANSWERABLE_TARGET  # the refusal targets the fits aim at
from eaeu_qa.evaluation.reports import result_value  # noqa: E402

# issue 8's "Done when" (per private set); the direction says which side passes
TARGETS = {"top4": (0.90, ">="), "cited": (0.85, ">="), "facts": (0.75, ">="), "unrefused": (UNANSWERABLE_TARGET, ">="),
           "falserefused": (FALSE_REFUSAL_TARGET, "<="), "verbatim": (1.0, ">=")}
Z95 = 1.959964


def wilson(k: float, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of k successes in n trials (k may be a sum of fractional scores)."""
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class SetFigures:
    """The counts behind one row."""

    name: str
    answerable: int
    unanswerable: int
    top4: float
    cited: float
    facts: float
    unrefused: float
    falserefused: float
    quotes: int
    verbatim: int
    leads: float = 0.0  # answers whose first quote holds gold (gold_leads = 1)
    led: int = 0  # answers the gold_leads metric applies to (gold cited)

    def share(self, key: str) -> tuple[float, int]:
        """(count, n) of a figure."""
        if key in ("top4", "cited", "facts", "falserefused"):
            return getattr(self, key), self.answerable
        if key == "unrefused":
            return self.unrefused, self.unanswerable
        if key == "leads":
            return self.leads, self.led
        return self.verbatim, self.quotes

    def __add__(self, other: "SetFigures") -> "SetFigures":
        return SetFigures("pooled", *(getattr(self, f) + getattr(other, f) for f in
                                      ("answerable", "unanswerable", "top4", "cited", "facts", "unrefused",
                                       "falserefused", "quotes", "verbatim", "leads", "led")))


def verbatim(citation: dict) -> bool:
    """The citation's quote is its passage's text at the quote's offsets."""
    try:
        start = int(citation["start"]) - int(citation["passage_start"])
        end = int(citation["end"]) - int(citation["passage_start"])
    except (KeyError, TypeError, ValueError):
        return False
    return citation.get("passage", "")[start:end] == citation.get("quote")


def read_set(folder: Path) -> SetFigures:
    rows = [json.loads(line) for line in (folder / "results.jsonl").open(encoding="utf-8") if line.strip()]
    answerable = [r for r in rows if r["gold_answerable"]]
    unanswerable = [r for r in rows if not r["gold_answerable"]]

    def total(items, metric):
        return float(sum(r["metrics"].get(metric) or 0.0 for r in items))

    citations = [c for r in rows for c in (result_value(r.get("citations")) or [])]
    return SetFigures(folder.name.split("-", 1)[-1],
                      len(answerable), len(unanswerable), total(answerable, "hit@4"),
                      total(answerable, "citation_recall"), total(answerable, "key_fact_recall"),
                      total(unanswerable, "refused"), total(answerable, "refused"),
                      len(citations), sum(verbatim(c) for c in citations),
                      total(answerable, "gold_leads"), sum(r["metrics"].get("gold_leads") is not None for r in answerable))


def cell(figures: SetFigures, key: str) -> str:
    count, n = figures.share(key)
    if not n:
        return "-"
    low, high = wilson(count, n)
    goal, side = TARGETS.get(key, (0.0, ">="))  # gold quote leads has no target
    missed = count / n < goal if side == ">=" else count / n > goal
    counted = f"{count:g}/{n}" if key in ("unrefused", "falserefused") else f"{100 * count / n:.1f}%"
    return f"{counted}{'*' if missed else ''} [{100 * low:.0f}-{100 * high:.0f}]"


COLUMNS = (("top4", "gold in top 4"), ("cited", "gold cited"), ("facts", "key facts"),
           ("unrefused", "unanswerable refused"), ("falserefused", "answerable refused"), ("verbatim", "verbatim"),
           ("leads", "gold quote leads"))


def pooled(sets: list[SetFigures]) -> SetFigures:
    """The sets' counts added up, named "pooled"."""
    return replace(sum(sets[1:], sets[0]), name="pooled")


def table(after: list[SetFigures], before: list[SetFigures] | None = None) -> str:
    lines = ["| set | " + " | ".join(title for _, title in COLUMNS) + " |", "|---" + "|---:" * len(COLUMNS) + "|"]
    pooled_after = pooled(after)
    pooled_before = pooled(before) if before else None
    pairs = list(zip(before or [None] * len(after), after)) + [(pooled_before, pooled_after)]
    for old, new in pairs:
        cells = [(f"{cell(old, key)} -> " if old else "") + cell(new, key) for key, _ in COLUMNS]
        lines.append(f"| {'**pooled**' if new.name == 'pooled' else '`' + new.name + '`'} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", type=Path, nargs="+")
    parser.add_argument("--before", type=Path, nargs="+")
    args = parser.parse_args(argv)
    if args.before and len(args.before) != len(args.runs):
        parser.error("--before needs as many folders as RUN_DIR, the same sets in the same order")
    after = [read_set(folder) for folder in args.runs]
    before = [read_set(folder) for folder in args.before] if args.before else None
    if before and [f.name for f in before] != [f.name for f in after]:
        parser.error("--before names other sets (or another order): "
                     f"{[f.name for f in before]} against {[f.name for f in after]}")
    print(table(after, before))
    print("\n`*`: misses issue 8's target (top 4 90 %, cited 85 %, key facts 75 %, unanswerable refused 85 %, "
          "answerable refused at most 5 %, verbatim 100 %); [low-high]: 95 % Wilson interval.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
