"""Fits Settings.min_english_share: no tuning question (history turns too) may read as another language."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from split import dev_test_ids  # noqa: E402
from tuning import OFFTOPIC_SETS, POOL_SETS  # noqa: E402

# Fixed before any question in another language was looked at: the threshold sits this far below the lowest tuning
# share, rounded down to a multiple of STEP.
MARGIN = 0.15
STEP = 0.05


def turns(path: Path, keep) -> list[tuple[str, str]]:
    """(item id, text) of every question and history turn of the items `keep` accepts."""
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                item = json.loads(line)
                if keep(item["id"]):
                    out += [(item["id"], t) for t in [item["question"], *(item.get("history") or [])]]
    return out


def tuning_turns() -> list[tuple[str, str]]:
    """Every eval/tune*.jsonl turn but the unseen pool's and the off-topic sets' (tuning.POOL_SETS, OFFTOPIC_SETS), and
    the dev TUNING split's (the dev TEST split is held out)."""
    test = dev_test_ids(ROOT / "eval/dev.jsonl")
    rows = [row for path in sorted((ROOT / "eval").glob("tune*.jsonl")) if path.name not in POOL_SETS + OFFTOPIC_SETS
            for row in turns(path, lambda _: True)]
    return rows + turns(ROOT / "eval/dev.jsonl", lambda item_id: item_id not in test)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", type=Path, help="a file of 'label<TAB>question' lines to report (not fitted on)")
    parser.add_argument("--held-out", action="store_true", help="also count the dev TEST turns flagged (aggregate)")
    args = parser.parse_args(argv)
    from eaeu_qa.answering.answerability import not_english
    from eaeu_qa.answering.features import question_features
    from eaeu_qa.answering.language import corpus_words
    from eaeu_qa.chunking import chunk_documents
    from eaeu_qa.index import load_documents
    from eaeu_qa.settings import Settings, get_settings

    chunks = chunk_documents(load_documents(get_settings()))
    corpus = corpus_words(chunks)  # read once
    features = [(i, question_features(t, t, False, chunks=chunks, corpus=corpus)) for i, t in tuning_turns()]
    lowest = sorted(features, key=lambda row: row[1].english_share)
    print(f"{len(features)} tuning turns; lowest English shares:")
    for item_id, f in lowest[:6]:
        print(f"  {f.english_share:.3f} {item_id}: {f.asked[:80]!r} foreign={list(f.foreign_words)}")
    threshold = math.floor((lowest[0][1].english_share - MARGIN) / STEP + 1e-9) * STEP
    print(f"fitted min_english_share = {threshold:.2f} (shipped {Settings.min_english_share}); "
          f"tuning turns flagged by not_english: {sum(not_english(f) for _, f in features)}")
    if args.held_out:
        test = dev_test_ids(ROOT / "eval/dev.jsonl")
        held = [question_features(t, t, False, chunks=chunks, corpus=corpus)
                for _, t in turns(ROOT / "eval/dev.jsonl", test.__contains__)]
        print(f"dev TEST turns flagged: {sum(not_english(f) for f in held)} of {len(held)}")
    if args.check:
        caught = 0
        lines = [line.rstrip("\n").split("\t", 1) for line in args.check.read_text(encoding="utf-8").splitlines()]
        for label, text in lines:
            f = question_features(text, text, False, chunks=chunks, corpus=corpus)
            caught += not_english(f)
            print(f"  {'CAUGHT' if not_english(f) else 'missed'} {label:6} {f.english_share:.2f} "
                  f"foreign={len(f.foreign_words)} {text}")
        print(f"caught {caught} of {len(lines)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
