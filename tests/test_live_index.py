"""Index generations: a running process switches to a rebuilt index without failing a question; read-only indexes."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from eaeu_qa.generations import generation_dir, remove_unused
from eaeu_qa.index import IndexUnavailable, build_index, open_index, read_info
from eaeu_qa.live_index import LiveIndex

QUESTION = "Why did Kyrgyzstan take Russia to the EAEU Court?"

# Asks QUESTION in a loop through chain.get_chain (what the CLI, service and app use), one JSON line per
# answer, until it has answered 3 times from a generation other than the first, or 10 minutes passed.
ASKER = textwrap.dedent("""
    import json, logging, sys, time
    logging.basicConfig(level=logging.INFO)
    from eaeu_qa.chain import get_chain
    from eaeu_qa.settings import Settings
    settings = Settings.from_env()
    first, after, deadline = None, 0, time.time() + 600
    while after < 3 and time.time() < deadline:
        chain = get_chain(settings)
        generation = chain.retriever.handles[0].generation
        first = first or generation
        try:
            answer = chain.ask(sys.argv[1])
            line = {"generation": generation, "ok": answer.answerable and bool(answer.citations)}
        except Exception as exc:
            line = {"generation": generation, "ok": False, "error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(line), flush=True)
        after += generation != first
""")


@pytest.fixture
def index_copy(small_settings, tmp_path):
    """Settings pointing at a private copy of the small session index (its pointer and current generation)."""
    target = tmp_path / "index"
    shutil.copytree(small_settings.index_dir, target, ignore=shutil.ignore_patterns(".*"))
    return dataclasses.replace(small_settings, index_dir=target)


def _env(small_env, copy) -> dict[str, str]:
    return dict(small_env, EAEU_QA_INDEX_DIR=str(copy.index_dir))


def test_a_rebuild_in_another_process_is_picked_up_without_failing_a_question(small_env, index_copy):
    old = read_info(index_copy.index_dir).generation
    asker = subprocess.Popen([sys.executable, "-c", ASKER, QUESTION], env=_env(small_env, index_copy),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first_line = asker.stdout.readline()  # the asker is serving the old generation before the rebuild starts
    assert json.loads(first_line) == {"generation": old, "ok": True}, asker.stderr.read()
    rebuild = subprocess.run([sys.executable, "-m", "eaeu_qa.cli", "index", "--rebuild"],
                             env=_env(small_env, index_copy), capture_output=True, text=True, timeout=900)
    assert rebuild.returncode == 0, rebuild.stderr
    new = read_info(index_copy.index_dir).generation
    assert new != old
    # The asker still holds the old generation, so the rebuild's cleanup left it in place.
    assert generation_dir(index_copy.index_dir, old).is_dir()
    out, err = asker.communicate(timeout=600)
    lines = [json.loads(first_line)] + [json.loads(line) for line in out.splitlines()]
    assert asker.returncode == 0, err
    failures = [line for line in lines if not line["ok"]]
    assert failures == [], failures
    assert [g for i, g in enumerate(line["generation"] for line in lines)
            if i == 0 or g != lines[i - 1]["generation"]] == [old, new]
    assert "Switched from index generation" in err
    # Nobody serves the old generation any more: the next cleanup deletes it.
    assert remove_unused(index_copy.index_dir, keep={new}) == [f"gen-{old}"]
    assert sorted(p.name for p in index_copy.index_dir.iterdir() if "gen-" in p.name) == ["gen-" + new]


def test_in_one_process_the_old_chain_keeps_answering_while_the_new_one_is_used(index_copy):
    live = LiveIndex(index_copy)
    before = live.handle()
    assert live.handle() is before  # nothing changed: the same handle, no reopening
    build_index(index_copy, log=lambda _m: None)
    after = live.handle()
    assert after.generation != before.generation
    # The retired handle is kept (a question may still run on it) and still searches.
    assert before.store.similarity_search(QUESTION, k=1)
    assert after.store.similarity_search(QUESTION, k=1)
    live.close()


def test_derived_values_are_bounded_least_recently_used_first(index_copy, monkeypatch):
    import eaeu_qa.live_index as live_index

    monkeypatch.setattr(live_index, "DERIVED_KEEP", 3)
    live, builds = LiveIndex(index_copy), []

    def derive(key):
        return live.derived(key, lambda handle: builds.append(key) or f"{key}@{handle.generation}")

    for key in ["chain", "uploads:a", "uploads:b"]:
        derive(key)
    assert derive("chain").startswith("chain@")  # used again: now the most recent
    derive("uploads:c")  # a fourth key drops the least recently used, uploads:a
    assert builds == ["chain", "uploads:a", "uploads:b", "uploads:c"]
    derive("chain"), derive("uploads:b"), derive("uploads:c")
    assert builds == ["chain", "uploads:a", "uploads:b", "uploads:c"]  # kept: not built again
    derive("uploads:a")
    assert builds[-1] == "uploads:a" and len(live._derived) == 3 and len(live._deriving) <= 3
    live.close()


def _read_only(folder):
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            os.chmod(os.path.join(root, name), 0o555 if name in dirs else 0o444)
    os.chmod(folder, 0o555)


def _unprivileged() -> list[str]:
    """A command prefix under which file permissions apply (root ignores them unless it drops the capability)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv"):
        return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
    pytest.skip("running as root without setpriv: cannot make a folder read-only for the test")


READ_ONLY_CHROMA = textwrap.dedent("""
    import json, logging
    logging.basicConfig(level=logging.INFO)
    from eaeu_qa.index import open_index
    from eaeu_qa.settings import Settings
    handle = open_index(Settings.from_env(), rebuild=False)
    count = handle.store._collection.count() == len(handle.chunks)
    print(json.dumps({"read_only": handle.read_only, "count": count}))
""")


def test_a_read_only_index_is_served_read_only(small_env, index_copy, tmp_path):
    _read_only(index_copy.index_dir)
    try:
        result = subprocess.run([*_unprivileged(), sys.executable, "-m", "eaeu_qa.cli", "ask", QUESTION, "--json"],
                                env=dict(_env(small_env, index_copy), TMPDIR=str(tmp_path)), capture_output=True,
                                text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["answerable"] is True
        # Answering reads the exported vectors only: no Chroma client, so no private copy either.
        assert "Rebuilding" not in result.stderr and "private copy" not in result.stderr
        # Whatever does open Chroma gets the private copy, which it can write.
        opened = subprocess.run([*_unprivileged(), sys.executable, "-c", READ_ONLY_CHROMA],
                                env=dict(_env(small_env, index_copy), TMPDIR=str(tmp_path)), capture_output=True,
                                text=True, timeout=600)
        assert opened.returncode == 0, opened.stderr
        assert json.loads(opened.stdout) == {"read_only": True, "count": True}
        assert "read-only" in opened.stderr
        # A rebuild cannot be written there: the error says what and where.
        rebuild = subprocess.run([*_unprivileged(), sys.executable, "-m", "eaeu_qa.cli", "index", "--rebuild"],
                                 env=_env(small_env, index_copy), capture_output=True, text=True, timeout=600)
        assert rebuild.returncode == 2
        assert f"Cannot create the index folder {index_copy.index_dir}" in rebuild.stderr
        assert "read-only" in rebuild.stderr and "Traceback" not in rebuild.stderr
    finally:
        for root, dirs, _files in os.walk(index_copy.index_dir):
            os.chmod(root, 0o755)


def test_open_without_rebuild_on_a_missing_generation_is_a_clear_error(index_copy):
    shutil.rmtree(generation_dir(index_copy.index_dir, read_info(index_copy.index_dir).generation))
    with pytest.raises(IndexUnavailable, match="index files are missing"):
        open_index(index_copy, rebuild=False)
