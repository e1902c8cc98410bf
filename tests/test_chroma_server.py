"""Scale-out: the index, uploads and baseline in a real `chroma run` server; replicas keep no local index files."""

from __future__ import annotations

import dataclasses
import json
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from eaeu_qa.index import build_index, current_info, index_problem
from eaeu_qa.live_index import LiveIndex
from eaeu_qa.workspaces import new_workspace_id

QUESTION = "Where is the Court of the EAEU based?"
CHROMA = Path(sys.executable).parent / "chroma"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _chroma_server(path: Path, port: int, log: Path):
    """`chroma run` on 127.0.0.1:port over `path`, until the block ends."""
    with log.open("ab") as out:
        process = subprocess.Popen([str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port",
                                    str(port)], stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"chroma run did not start: {log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.3)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def server(tmp_path):
    """Where a `chroma run` server keeps its data and listens (the test starts and restarts it)."""
    if not CHROMA.exists():
        pytest.skip("the chroma CLI is not installed beside this Python")
    return {"port": _free_port(), "folder": tmp_path / "chroma-server", "log": tmp_path / "chroma.log"}


def _replica_env(settings, port: int, tmp_path: Path) -> dict[str, str]:
    """A replica: sources and model caches as usual, but empty local index and data folders."""
    import os

    env = dict(os.environ, HF_HUB_OFFLINE="1", EAEU_QA_CHROMA_HOST="127.0.0.1", EAEU_QA_CHROMA_PORT=str(port),
               EAEU_QA_INDEX_DIR=str(tmp_path / "replica-index"), EAEU_QA_DATA_DIR=str(tmp_path / "replica-data"),
               EAEU_QA_CACHE_DIR=str(settings.cache_dir))
    if settings.sources:
        env["EAEU_QA_SOURCES"] = str(settings.sources)
    return env


def _ask_in_a_replica(settings, port, tmp_path) -> dict:
    result = subprocess.run([sys.executable, "-m", "eaeu_qa.cli", "ask", QUESTION, "--json"],
                            env=_replica_env(settings, port, tmp_path), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_index_uploads_and_baseline_live_in_the_server_and_survive_its_restart(settings, index_handle, server,
                                                                              tmp_path, monkeypatch):
    from eaeu_qa.baseline import open_baseline
    from eaeu_qa.uploads import UserLibrary

    port = server["port"]
    remote = dataclasses.replace(settings, chroma_host="127.0.0.1", chroma_port=port,
                                 index_dir=tmp_path / "builder-index", data_dir=tmp_path / "builder-data")
    workspace = new_workspace_id()
    with _chroma_server(server["folder"], port, server["log"]):
        assert "no index has been built yet in the Chroma server" in index_problem(remote)
        info = build_index(remote, log=lambda _m: None)
        assert index_problem(remote) is None and current_info(remote).generation == info.generation
        assert not remote.index_dir.exists()  # vectors, chunk records and the pointer are all in the server

        live = LiveIndex(remote)
        handle = live.handle()
        assert [c.chunk_id for c in handle.chunks] == [c.chunk_id for c in index_handle.chunks]
        answer = _ask_in_a_replica(settings, port, tmp_path)
        assert "Minsk" in answer["answer"] and answer["citations"]

        # Uploads of one workspace, added through one replica, are seen by another; not by other workspaces.
        note = b"The Zorblat Commission met in Osh on 3 March 2031 to review unpaid insurance claims.\n"
        document = UserLibrary(remote, workspace).add("osh.txt", note)
        assert not remote.data_dir.exists()
        assert open_baseline(remote).ask(QUESTION).citations

    with _chroma_server(server["folder"], port, server["log"]):  # the same data, a new server process
        assert live.handle() is handle  # the pointer is unchanged: no reopening
        assert "Minsk" in " ".join(d.page_content for d in handle.store.similarity_search(QUESTION, k=8))
        answer = _ask_in_a_replica(settings, port, tmp_path)
        assert "Minsk" in answer["answer"] and answer["citations"]
        other_replica = dataclasses.replace(remote, data_dir=tmp_path / "other-data")
        assert [d.spec.id for d in UserLibrary(other_replica, workspace).documents()] == [document.spec.id]
        assert UserLibrary(other_replica, new_workspace_id()).documents() == []
        user = UserLibrary(other_replica, workspace).handle()
        assert user is not None and user.chunks[0].source_id == document.spec.id

        # A rebuild published by one replica is picked up by the other on its next question.
        rebuilt = build_index(remote, log=lambda _m: None)
        assert live.handle().generation == rebuilt.generation != info.generation

        # The app, pointed at the server with empty local folders, answers.
        from streamlit.testing.v1 import AppTest

        for name, value in _replica_env(settings, port, tmp_path).items():
            if name.startswith(("EAEU_QA_", "HF_")):
                monkeypatch.setenv(name, value)
        app = AppTest.from_file("../app.py", default_timeout=240)
        app.run()
        assert not app.exception
        app.chat_input[0].set_value(QUESTION).run()
        assert not app.exception, app.exception
        assert any("Minsk" in m.value for m in app.markdown)
        # Locally a replica keeps only a cache of answer-sentence vectors, recomputed when missing.
        replica_index = tmp_path / "replica-index"
        assert not replica_index.exists() or {p.name for p in replica_index.iterdir()} <= {"sentence_vectors"}
    live.close()


def test_an_unreachable_server_is_a_clear_error(settings, server, tmp_path):
    """No server listens on the port: the CLI says which server and what to do, without a traceback."""
    result = subprocess.run([sys.executable, "-m", "eaeu_qa.cli", "ask", QUESTION, "--json"],
                            env=_replica_env(settings, server["port"], tmp_path), capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 2 and result.stdout == ""
    assert f"Cannot reach the Chroma server at 127.0.0.1:{server['port']}" in result.stderr
    assert "EAEU_QA_CHROMA_HOST" in result.stderr and "Traceback" not in result.stderr
