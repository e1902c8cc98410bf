"""The tuning data of the fitting scripts: the dev TUNING split (scripts/split.py) and named eval/tune*.jsonl sets.

Each fit names the sets it reads (the tuples below), so two scripts cannot mean different data by one name.
The dev TEST split and eval/blind*.jsonl are never read here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from split import dev_test_ids  # noqa: E402

# scripts/calibrate.py's retrieval settings, learnt relevance, unit model and composition grids (and
# scripts/composition.py). tune6, tune7 and tune8 joined in the sixth session, tune9 and tune10 in the seventh,
# tune11 and tune12 in the eighth, tune13 in the ninth, tune14 in the tenth, tune15 in the eleventh, tune16 and tune17
# in the twelfth, tune18 and tune19 in the thirteenth, tune20 and tune21 in the fourteenth, tune22 and tune23 in the
# fifteenth (scripts/unit_sets.py: held-out composition on tune4, tune5, tune_un and tune_fu, which stay out of it).
UNIT_SETS = ("tune.jsonl", "tune2.jsonl", "tune3.jsonl", "tune6.jsonl", "tune7.jsonl", "tune8.jsonl", "tune9.jsonl",
             "tune10.jsonl", "tune11.jsonl", "tune12.jsonl", "tune13.jsonl", "tune14.jsonl", "tune15.jsonl",
             "tune16.jsonl", "tune17.jsonl", "tune18.jsonl", "tune19.jsonl", "tune20.jsonl", "tune21.jsonl",
             "tune22.jsonl", "tune23.jsonl")
# scripts/calibrate.py's answerability model: UNIT_SETS, then sets written for it.
ANSWERABILITY_SETS = UNIT_SETS + ("tune_un.jsonl", "tune4.jsonl", "tune5.jsonl")
# scripts/retrieval_fit.py's source prior and its weight (and adapter_fit.py, rerank_fit.py).
RETRIEVAL_SETS = ("tune.jsonl", "tune2.jsonl", "tune3.jsonl", "tune4.jsonl", "tune5.jsonl", "tune_fu.jsonl",
                  "tune_un.jsonl", "tune6.jsonl", "tune7.jsonl", "tune8.jsonl", "tune9.jsonl", "tune10.jsonl",
                  "tune11.jsonl", "tune12.jsonl", "tune13.jsonl", "tune14.jsonl", "tune15.jsonl", "tune16.jsonl",
                  "tune17.jsonl", "tune18.jsonl", "tune19.jsonl", "tune20.jsonl", "tune21.jsonl", "tune22.jsonl",
                  "tune23.jsonl")
# scripts/followups.py's follow-up weights and switch (their items with a history; with the dev TUNING split).
# tune_chat (written in the twenty-second session by a writer who never saw the follow-up code) joined in the
# twenty-third, so that a follow-up change is judged on chats its implementer did not write; tune_chat2 (written
# blind in the twenty-third session) joined after that session's follow-up change had landed; tune_chat3 (written
# blind in the twenty-fourth) joined after the lead had checked that session's follow-up change on it unseen.
FOLLOWUP_SETS = ("tune.jsonl", "tune2.jsonl", "tune_fu.jsonl", "tune5.jsonl", "tune6.jsonl", "tune7.jsonl",
                 "tune8.jsonl", "tune9.jsonl", "tune10.jsonl", "tune11.jsonl", "tune12.jsonl",
                 "tune13.jsonl", "tune14.jsonl", "tune15.jsonl", "tune16.jsonl",
                 "tune17.jsonl", "tune18.jsonl", "tune19.jsonl", "tune20.jsonl", "tune21.jsonl", "tune22.jsonl",
                 "tune23.jsonl", "tune_chat.jsonl", "tune_chat2.jsonl", "tune_chat3.jsonl")

# This session's unseen pool (with the dev TEST split): no fit reads them (the twenty-fourth session's; tune24 to tune39,
# earlier sessions' pools, may join a fit that is refitted).
POOL_SETS = ("tune40.jsonl", "tune41.jsonl")
# The tuning sets the shipped query adapter and reranker never saw start at tune13 (they were fitted on tune ... tune12,
# tune_fu, tune_un and the dev TUNING split); UNSEEN_LAST is the newest tuning set (scripts/rerank_feature_fit.py and
# adapter_recent_fit.py take --last to reproduce a run made before the newer sets were tuning data).
UNSEEN_FIRST, UNSEEN_LAST = 13, 39
# Off-topic questions (nothing to do with the documents): the off-topic gate's tuning data (scripts/offtopic_refit.py
# chooses among the levels that leave every answerable tuning turn answered by their catch, cross-validated by set).
# tune_offtopic3 (hard look-alikes: place and member-state names, tasks, words in another sense) joined in the
# twenty-third session; main's code refused 38 of its 50 when it landed (26 off-topic, 12 weak evidence).
OFFTOPIC_SETS = ("tune_offtopic.jsonl", "tune_offtopic2.jsonl", "tune_offtopic3.jsonl")


def read_items(path: Path) -> list[dict]:
    """The items of a JSON-lines set, each with a "key" unique across sets (ids repeat between files)."""
    if not path.exists():
        return []
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{**item, "key": f"{path.stem}:{item['id']}"} for item in items]


def refuse_held_out(sets) -> None:
    """A clear error (no traceback) when `sets` names a held-out file: eval/blind*.jsonl (read by the lead only, with
    `eaeu-qa eval`), eval/dev.jsonl (its TEST split is held out; its TUNING split is read by tuning_items itself) or
    one of this session's unseen pool (POOL_SETS: judged with `eaeu-qa eval` and scripts/unseen_pool.py, never
    fitted on; review s20 R12: a script's own `--also` let it through)."""
    for name in sets:
        file = Path(name).name
        if file.startswith("blind"):
            why = "the blind sets are held out: never tuned on"
        elif file == "dev.jsonl":
            why = "the dev set's TEST split is held out; its TUNING split is read already"
        elif file in POOL_SETS:
            why = "this session's unseen pool is held out: never fitted on"
        else:
            continue
        raise SystemExit(f"{name} is not read by the fitting scripts ({why})")


def unseen_sets(last: int = UNSEEN_LAST, root: Path = ROOT) -> tuple[str, ...]:
    """tune13 ... tune`last` without POOL_SETS: the tuning sets the shipped adapter and reranker never saw; a clear
    error (no traceback) when `last` is before tune13 or names a set eval/ does not hold."""
    if not UNSEEN_FIRST <= last:
        raise SystemExit(f"--last {last}: the unseen tuning sets start at tune{UNSEEN_FIRST}")
    sets = tuple(f"tune{n}.jsonl" for n in range(UNSEEN_FIRST, last + 1) if f"tune{n}.jsonl" not in POOL_SETS)
    missing = [name for name in sets if not (root / "eval" / name).is_file()]
    if missing:
        raise SystemExit(f"--last {last}: eval/ has no {', '.join(missing)}")
    return sets


def tuning_items(sets: tuple[str, ...], root: Path = ROOT) -> list[dict]:
    """Every item (answerable or not) of the dev TUNING split, then of each of `sets` (files of eval/), in order;
    a held-out file among `sets` is refused (refuse_held_out)."""
    refuse_held_out(sets)
    dev = root / "eval" / "dev.jsonl"
    test = dev_test_ids(dev)
    return [i for i in read_items(dev) if i["id"] not in test] \
        + [i for name in sets for i in read_items(root / "eval" / name)]


def answerable_items(sets: list[str] | None = None, root: Path = ROOT) -> list[dict]:
    """The answerable items a composition measure reads (scripts/composition.py, scripts/quotes.py): UNIT_SETS with
    the dev TUNING split, or the named eval/ sets without the dev TUNING part."""
    items = tuning_items(tuple(sets) if sets else UNIT_SETS, root=root)
    return [i for i in items if i["answerable"] and (not sets or not i["key"].startswith("dev:"))]
