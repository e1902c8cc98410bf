"""Feedback: one database row per verdict, read back per workspace, concurrent processes lose nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading

from eaeu_qa.feedback import MAX_COMMENT_CHARS, FeedbackEntry, feedback_path, read_feedback, record_feedback
from eaeu_qa.workspaces import LEGACY_WORKSPACE, new_workspace_id

WORKSPACE = new_workspace_id()


def _entry(turn: int, helpful: bool = True, comment: str = "", workspace: str = WORKSPACE) -> FeedbackEntry:
    return FeedbackEntry(conversation_id="abc123abc123abc1", turn=turn, question="Q?", answer="A [1].",
                         helpful=helpful, comment=comment, cited_chunks=["eaeu_treaty:art-98-1"], workspace=workspace)


def test_entries_are_recorded_and_read_back(tmp_path):
    path = feedback_path(tmp_path)
    record_feedback(path, _entry(0, True, "  clear and sourced  "))
    record_feedback(path, _entry(1, False))
    entries = read_feedback(path)
    assert [(e.turn, e.helpful) for e in entries] == [(0, True), (1, False)]
    assert entries[0].comment == "clear and sourced"
    assert entries[0].cited_chunks == ["eaeu_treaty:art-98-1"]
    assert entries[0].workspace == WORKSPACE


def test_long_comments_are_capped(tmp_path):
    path = feedback_path(tmp_path)
    record_feedback(path, _entry(0, comment="x" * (MAX_COMMENT_CHARS + 500)))
    assert len(read_feedback(path)[0].comment) == MAX_COMMENT_CHARS


def test_feedback_is_read_per_workspace(tmp_path):
    path = feedback_path(tmp_path)
    other = new_workspace_id()
    record_feedback(path, _entry(0))
    record_feedback(path, _entry(1, workspace=other))
    assert [e.turn for e in read_feedback(path, workspace=other)] == [1]
    assert len(read_feedback(path)) == 2


def test_concurrent_threads_and_processes_lose_nothing(tmp_path):
    path = feedback_path(tmp_path)
    threads = [threading.Thread(target=lambda n=n: [record_feedback(path, _entry(n, comment="c" * 3000))
                                                    for _ in range(10)]) for n in range(8)]
    script = textwrap.dedent("""
        import sys
        from eaeu_qa.feedback import FeedbackEntry, record_feedback
        for n in range(100):
            record_feedback(sys.argv[1], FeedbackEntry(conversation_id="abc123abc123abc1", turn=n, question="Q",
                                                       answer="A", helpful=n % 2 == 0))
    """)
    processes = [subprocess.Popen([sys.executable, "-c", script, str(path)]) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [p.wait(timeout=120) for p in processes] == [0, 0]
    assert len(read_feedback(path)) == 80 + 200


def test_old_feedback_lines_are_imported_into_the_legacy_workspace(tmp_path):
    old = {"conversation_id": "abc123abc123abc1", "turn": 0, "question": "Q", "answer": "A", "helpful": False,
           "comment": "old", "cited_chunks": [], "answerable": True, "created_at": "2026-01-01T00:00:00+00:00"}
    (tmp_path / "feedback.jsonl").write_text(json.dumps(old) + "\n{\"half a line\n", encoding="utf-8")
    path = feedback_path(tmp_path)
    record_feedback(path, _entry(5))  # the import runs when the database is first opened
    entries = read_feedback(path)
    assert [(e.turn, e.comment, e.workspace) for e in entries] == [(0, "old", LEGACY_WORKSPACE), (5, "", WORKSPACE)]


def test_missing_database_reads_as_empty(tmp_path):
    assert read_feedback(feedback_path(tmp_path / "nowhere")) == []
