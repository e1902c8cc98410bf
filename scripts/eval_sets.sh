#!/bin/bash
# Runs `eaeu-qa eval` on named eval sets and scripts/followups.py --show --state on the follow-up sets, with the code
# of another checkout (e.g. a `git archive` of a commit) and this worktree's index and caches, so that two commits'
# outputs can be compared with scripts/compare_runs.py and diff:
#   scripts/eval_sets.sh SRC OUT [SET ...]   (default sets: dev and the tuning sets with follow-ups)
# SRC's scripts/followups.py reads its own default files (dev + tuning.FOLLOWUP_SETS) into OUT/followups.txt and
# OUT/fu_rows.jsonl; FU_EXTRA="SET ..." also runs it on those sets by name (a tree older than the sets' joining
# FOLLOWUP_SETS; OUT/followups_extra.txt,
# OUT/fu_rows_extra.jsonl). FU_ARGS="FILE ... --only PARTS" replaces the default files of the --show run (e.g. the
# tuning parts only, when a held-out pool has joined FOLLOWUP_SETS); POOL="FILE ... --only PARTS" also runs a held-out
# pool without --show (OUT/pool.txt: the per-part aggregates only; OUT/pool_rows.jsonl: not to be read by item).
# Never pass a blind set.
# SRC's code runs on a private copy of the index (OUT/index): if SRC's fingerprint (chunker, model, sources) differs,
# open_index rebuilds that copy, never this worktree's live index.
set -u
SRC=$(cd "$1" && pwd); OUT=$(mkdir -p "$2" && cd "$2" && pwd); shift 2
W=$(cd "$(dirname "$0")/.." && pwd)
SETS=${*:-dev tune_fu tune5 tune7 tune10 tune12 tune13 tune14 tune15 tune16 tune17 tune18 tune19 tune20 tune21}
FU_EXTRA=${FU_EXTRA:-}
FU_ARGS=${FU_ARGS:-}; POOL=${POOL:-}
case " $SETS $FU_EXTRA $FU_ARGS $POOL " in *blind*) echo "blind sets are the lead's only" >&2; exit 2;; esac
[ -d "$W/index" ] || { echo "no index in $W (run eaeu-qa index there first)" >&2; exit 2; }
rm -rf "$OUT/index" && cp -a "$W/index" "$OUT/index" || exit 2
export HF_HUB_OFFLINE=1 EAEU_QA_SOURCES=${EAEU_QA_SOURCES:-/work/shared/corpus} EAEU_QA_INDEX_DIR=$OUT/index \
  EAEU_QA_EMBEDDING_CACHE_DIR=$W/.cache/embeddings EAEU_QA_CACHE_DIR=$W/.cache/sources EAEU_QA_DATA_DIR=$OUT/data
cd "$SRC"
for s in $SETS; do
  nice -n 5 "$W/.venv/bin/python" -m eaeu_qa.cli eval "$W/eval/$s.jsonl" --out "$OUT/$s" > "$OUT/$s.log" 2>&1
  echo "$s rc=$?"
done
nice -n 5 "$W/.venv/bin/python" scripts/followups.py $FU_ARGS --show --state --out "$OUT/fu_rows.jsonl" \
  > "$OUT/followups.txt" 2> "$OUT/followups.err"
echo "followups rc=$?"
if [ -n "$FU_EXTRA" ]; then
  nice -n 5 "$W/.venv/bin/python" scripts/followups.py $(for s in $FU_EXTRA; do echo "$W/eval/$s.jsonl"; done) --show \
    --state --out "$OUT/fu_rows_extra.jsonl" > "$OUT/followups_extra.txt" 2> "$OUT/followups_extra.err"
  echo "followups extra rc=$?"
fi
if [ -n "$POOL" ]; then
  nice -n 5 "$W/.venv/bin/python" scripts/followups.py $POOL --out "$OUT/pool_rows.jsonl" > "$OUT/pool.txt" \
    2> "$OUT/pool.err"
  echo "pool rc=$?"
fi
