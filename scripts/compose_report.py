"""What answers quote, per run: gold cited, key facts, citation gold precision, verbatim quotes, repeated paragraphs.

    .venv/bin/python scripts/compose_report.py RUN_PREFIX [RUN_PREFIX ...]

Each RUN_PREFIX names `eaeu-qa eval --out` folders RUN_PREFIX-<set> (for example eval/runs/base-dev,
eval/runs/base-tune, ...). Prints per set (dev as its TUNING and TEST parts, scripts/split.py) the means over the
answered answerable items of gold cited (citation_recall), key facts (key_fact_recall), citation gold precision, and
the same precision over the distinct paragraphs cited (a paragraph cited twice counted once), and
over every citation the share whose quote is the verbatim slice of its passage, the citations per answer, the answers
that cite one paragraph (source + locator) in two sentences, the answer length in characters, the answers led by a
definition while an operative treaty quote follows (dfl, definition_leads) and the share of answers whose first quote's
passage holds a gold snippet (lead; items with gold passages). Never reads
eval/blind*.jsonl (a folder of one is refused).
"""

from __future__ import annotations

import re
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from split import dev_test_ids  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eaeu_qa.evaluation.metrics import contains_words  # noqa: E402
from eaeu_qa.evaluation.reports import result_value  # noqa: E402

SETS = ("dev", "tune", "tune2", "tune3", "tune4", "tune5", "tune6", "tune7", "tune8", "tune9", "tune10", "tune11",
        "tune12", "tune13", "tune14", "tune15", "tune16", "tune17", "tune18", "tune19", "tune20", "tune21", "tune_un",
        "tune_fu")
METRICS = ("citation_recall", "key_fact_recall", "citation_gold_precision")


def _paragraph(citation: dict) -> tuple[str, str]:
    """A citation's paragraph: its source and locator (a long paragraph's chunks share them; Art. 9(4) has two)."""
    return citation.get("source_id", ""), citation.get("locator") or citation["chunk_id"]


def paragraph_precision(row: dict, gold: list[str]) -> float | None:
    """The share of the distinct paragraphs (source + locator) an answer cites whose text holds a gold snippet:
    citation gold precision with a paragraph cited twice counted once (unchanged when two citations of one paragraph
    become one); a paragraph's text is that of its cited chunks."""
    passages: dict[tuple[str, str], str] = {}
    for c in result_value(row["citations"]) or []:
        passages[_paragraph(c)] = f"{passages.get(_paragraph(c), '')} {c['passage']}"
    if not passages or not gold:
        return None
    return sum(any(contains_words(p, g) for g in gold) for p in passages.values()) / len(passages)


def _repeats(citations: list[dict]) -> bool:
    """One paragraph cited in two sentences: its citations' numbers are not one run (one sentence quoting a paragraph
    from two of its chunks has the consecutive markers "[1][2]", render.chunk_citations)."""
    numbers: dict[tuple[str, str], list[int]] = {}
    for c in citations:
        numbers.setdefault(_paragraph(c), []).append(c["n"])
    return any(max(ns) - min(ns) + 1 != len(ns) for ns in numbers.values())


# A definition of the treaty's definition lists ('"Family member" - a person ...'; units.py's _DEFINITION).
_DEFINITION = re.compile(r"^\s*[\"“]([^\"”]{2,80})[\"”]\s*[-–—]\s*")


def definition_leads(citations: list[dict]) -> bool:
    """The answer's first quote is a definition while a later one is an operative provision (a treaty quote that is no
    definition): the definition leads, the provision that may answer follows."""
    first, *rest = citations or [{}]
    return bool(_DEFINITION.match(first.get("quote", ""))) and any(
        c.get("source_id") != "article" and not _DEFINITION.match(c.get("quote", "")) for c in rest)


def summary(rows: list[dict], gold: dict[str, list[str]]) -> dict[str, float]:
    out: dict[str, float] = {}
    values = [v for r in rows for v in [paragraph_precision(r, gold.get(r["id"], []))] if v is not None]
    out["pprec"] = sum(values) / len(values) if values else float("nan")
    metrics = [result_value(r["metrics"]) or {} for r in rows]
    for name in METRICS:
        values = [m[name] for m in metrics if m.get(name) is not None]
        out[name] = sum(values) / len(values) if values else float("nan")
    citations = [c for r in rows for c in result_value(r["citations"]) or []]
    verbatim = [c["quote"] == c["passage"][c["start"] - c["passage_start"]:c["end"] - c["passage_start"]]
                for c in citations]
    answered = [r for r in rows if str(r.get("answerable")) == "True"]
    out["verbatim"] = sum(verbatim) / len(verbatim) if verbatim else float("nan")
    out["cites/answer"] = sum(len(result_value(r["citations"]) or []) for r in answered) / max(len(answered), 1)
    out["repeat"] = sum(_repeats(result_value(r["citations"]) or []) for r in answered)
    leads = [any(contains_words(c[0]["passage"], g) for g in gold[r["id"]]) for r in answered
             for c in [result_value(r["citations"]) or []] if c and gold.get(r["id"])]
    out["lead"] = sum(leads) / len(leads) if leads else float("nan")
    out["deflead"] = sum(definition_leads(result_value(r["citations"]) or []) for r in answered)
    out["chars"] = sum(len(r["answer"]) for r in answered) / max(len(answered), 1)
    return out


def main(argv: list[str]) -> int:
    if not argv or any("blind" in a for a in argv):
        print(__doc__, file=sys.stderr)
        return 2
    test = dev_test_ids(Path(__file__).resolve().parent.parent / "eval" / "dev.jsonl")
    print("set        " + "".join(f"{p[-12:]:>67}" for p in argv))
    print("           " + "   cited  facts  gprec  pprec  verb  cit/a rep  chars dfl  lead" * len(argv))
    for name in SETS:
        items = ROOT / "eval" / f"{name}.jsonl"
        if not items.exists():
            continue
        gold = {i["id"]: i.get("gold_passages", []) for i in
                (json.loads(line) for line in items.read_text(encoding="utf-8").splitlines() if line.strip())}
        parts: dict[str, list[list[dict]]] = {}
        for prefix in argv:
            file = Path(f"{prefix}-{name}") / "results.jsonl"
            rows = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()] \
                if file.exists() else []
            if name == "dev":
                parts.setdefault("dev-test", []).append([r for r in rows if r["id"] in test])
                parts.setdefault("dev-tuning", []).append([r for r in rows if r["id"] not in test])
            else:
                parts.setdefault(name, []).append(rows)
        for label, runs in parts.items():
            cells = []
            for rows in runs:
                s = summary(rows, gold) if rows else None
                cells.append("   (none)" + " " * 56 if s is None else
                             f"   {s['citation_recall']:.3f}  {s['key_fact_recall']:.3f}  "
                             f"{s['citation_gold_precision']:.3f}  {s['pprec']:.3f}  {s['verbatim']:.2f}  "
                             f"{s['cites/answer']:.2f} "
                             f"{s['repeat']:3d}  {s['chars']:5.0f} {s['deflead']:3d} {s['lead']:.3f}")
            print(f"{label:11}" + "".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
