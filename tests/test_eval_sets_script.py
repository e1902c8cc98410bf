"""scripts/eval_sets.sh runs another checkout's code on a private copy of this worktree's index, never on the index."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from eaeu_qa.settings import PROJECT_ROOT

# The other checkout's code: a CLI whose index fingerprint differs, so it rebuilds whatever index it is pointed at
# (what open_index does), and a follow-up script; both write where they ran.
_REBUILDING_CLI = '''import os, pathlib, sys
index = pathlib.Path(os.environ["EAEU_QA_INDEX_DIR"])
(index / "index.json").write_text("rebuilt by another commit")
out = pathlib.Path(sys.argv[sys.argv.index("--out") + 1]); out.mkdir(parents=True, exist_ok=True)
(out / "index_dir.txt").write_text(str(index))
'''


def test_another_commits_code_rebuilds_only_a_copy_of_the_index(tmp_path: Path):
    work, src, out = tmp_path / "work", tmp_path / "src", tmp_path / "out"
    (work / "scripts").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "scripts" / "eval_sets.sh", work / "scripts" / "eval_sets.sh")
    (work / "index" / "gen-1").mkdir(parents=True)
    (work / "index" / "index.json").write_text("live")
    (work / "index" / "gen-1" / "chunks.jsonl").write_text("{}\n")
    (work / ".venv" / "bin").mkdir(parents=True)
    os.symlink(sys.executable, work / ".venv" / "bin" / "python")
    (work / "eval").mkdir()
    (work / "eval" / "someset.jsonl").write_text("")
    (src / "eaeu_qa").mkdir(parents=True)
    (src / "eaeu_qa" / "__init__.py").write_text("")
    (src / "eaeu_qa" / "cli.py").write_text(_REBUILDING_CLI)
    (src / "scripts").mkdir()
    (src / "scripts" / "followups.py").write_text("print('followups')\n")

    done = subprocess.run(["bash", str(work / "scripts" / "eval_sets.sh"), str(src), str(out), "someset"],
                          capture_output=True, text=True, timeout=120)

    assert "someset rc=0" in done.stdout, done.stdout + done.stderr
    assert (work / "index" / "index.json").read_text() == "live"  # the live index is untouched
    assert (out / "someset" / "index_dir.txt").read_text() == str(out / "index")
    assert (out / "index" / "index.json").read_text() == "rebuilt by another commit"
    assert (out / "index" / "gen-1" / "chunks.jsonl").read_text() == "{}\n"  # a full copy


def test_a_blind_set_is_refused(tmp_path: Path):
    done = subprocess.run(["bash", str(PROJECT_ROOT / "scripts" / "eval_sets.sh"), str(tmp_path), str(tmp_path / "o"),
                           "blind13"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "lead's only" in done.stderr
