"""Composition measured on the tuning data alone: gold cited, key facts, citation gold precision, length.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/composition.py [--fit] [--fit-frame] [--fit-answered] [--dump FILE] [--retrieved FILE]

The answerable tuning questions of scripts/calibrate.py (dev TUNING part + eval/tune*.jsonl of its tuning data),
each condensed and retrieved once (cached in --retrieved, eval/runs/composition-retrieved.pkl; delete it after
changing condensing or retrieval), composed with the stored unit model and the settings as they are (--fit: also
fits the composition settings second_unit_share and least_marginal as calibrate.py does, on the stored model: the stop
by a flat optimum among the pairs that keep the recall budget on tuning and on the sets outside the unit model's data,
composition_fit.fit_composition; --fit-frame: Settings.frame_share, the share of the best candidate's relevance a
unit of a treaty's frame the question does not ask about needs, composition_fit.fit_share; --fit-answered:
Settings.answered_share, the floor on further quotes after a leading quote that answers fully, the same way).
Prints per measure the mean over the questions: gold passage cited, share of key facts stated, citation gold
precision (share of the quotes whose paragraph holds a gold snippet), units quoted, characters quoted, and
calibrate.composition_score's objective (cited + key facts)/2 (--fit's objective adds the precision: /3).
Never reads eval/blind*.jsonl nor the dev TEST part.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from collector import measure_items, write_rows  # noqa: E402
from composition_fit import ANSWERED_SHARES, FRAME_SHARES, fit_composition, fit_share, held_items, item_composition  # noqa: E402
from tuning import answerable_items  # noqa: E402


def measured(doc: str, row, sets_help: str, dump_help: str, fit_help: str):
    """The command line this script and quotes.py share (--retrieved, --sets, --dump, --fit; `doc`'s first line
    describes it), then the answerable tuning items (a held-out set in --sets is refused before the chain is loaded)
    each measured with `row`: (args, items, collector, unit model, rows)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--retrieved", type=Path, default=ROOT / "eval" / "runs" / "composition-retrieved.pkl",
                        help="cache of each question's condensed form and passages (delete after changing retrieval)")
    parser.add_argument("--sets", nargs="*", help=sets_help)
    parser.add_argument("--dump", type=Path, help=dump_help)
    parser.add_argument("--fit", action="store_true", help=fit_help)
    parser.add_argument("--fit-frame", action="store_true", help="fit Settings.frame_share on the stored unit model "
                        "and settings (the frame units' relevance floor, arrange.quotable)")
    parser.add_argument("--fit-answered", action="store_true", help="fit Settings.answered_share (the floor on further "
                        "quotes after a leading quote that answers fully, compose._floor) the same way")
    args = parser.parse_args()
    items = answerable_items(args.sets)
    return (args, items, *measure_items(items, args.retrieved, row))


def main() -> int:
    args, items, collector, model, rows = measured(
        __doc__, item_composition, sets_help="measure these eval/ sets instead (without the dev TUNING part), e.g. the "
        "sets the unit model is not fitted on: tune4.jsonl tune5.jsonl tune_un.jsonl tune_fu.jsonl",
        dump_help="each question's scores and quotes (JSON lines)", fit_help="also fit Settings.second_unit_share and "
        "Settings.least_marginal on the stored unit model (as calibrate.py does after its refit)")
    n = len(rows)
    keys = ("cited", "facts", "precision", "units", "chars")
    means = {k: sum(r[k] for r in rows) / n for k in keys}
    print(f"{n} answerable tuning questions: " + ", ".join(f"{k} {means[k]:.3f}" for k in keys)
          + f", objective (cited + facts)/2 {(means['cited'] + means['facts']) / 2:.3f}")
    if args.sets:  # each held-out set on its own
        for name in dict.fromkeys(i["key"].split(":")[0] for i in items):
            part = [r for i, r in zip(items, rows) if i["key"].split(":")[0] == name]
            print(f"  {name} ({len(part)}): " + ", ".join(f"{k} {sum(r[k] for r in part) / len(part):.3f}" for k in keys))
    if args.fit_frame:
        fit_share(collector, items, model, collector.chain.settings.max_answer_sentences, held_items(), "frame_share",
                  FRAME_SHARES)
    if args.fit_answered:
        fit_share(collector, items, model, collector.chain.settings.max_answer_sentences, held_items(),
                  "answered_share", ANSWERED_SHARES)
    if args.fit:
        fit_composition(collector, items, model, collector.chain.settings.max_answer_sentences, held_items())
    if args.dump:
        write_rows(args.dump, items, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
