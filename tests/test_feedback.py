"""Feedback: one JSON line per verdict, appended, readable back, damaged lines skipped."""

from __future__ import annotations

import threading

from eaeu_qa.feedback import MAX_COMMENT_CHARS, FeedbackEntry, feedback_path, read_feedback, record_feedback


def _entry(turn: int, helpful: bool = True, comment: str = "") -> FeedbackEntry:
    return FeedbackEntry(conversation_id="abc123abc123abc1", turn=turn, question="Q?", answer="A [1].",
                         helpful=helpful, comment=comment, cited_chunks=["eaeu_treaty:art-98-1"])


def test_entries_are_appended_and_read_back(tmp_path):
    path = feedback_path(tmp_path)
    record_feedback(path, _entry(0, True, "  clear and sourced  "))
    record_feedback(path, _entry(1, False))
    entries = read_feedback(path)
    assert [(e.turn, e.helpful) for e in entries] == [(0, True), (1, False)]
    assert entries[0].comment == "clear and sourced"
    assert entries[0].cited_chunks == ["eaeu_treaty:art-98-1"]


def test_long_comments_are_capped_and_damaged_lines_skipped(tmp_path):
    path = feedback_path(tmp_path)
    record_feedback(path, _entry(0, comment="x" * (MAX_COMMENT_CHARS + 500)))
    with path.open("a", encoding="utf-8") as out:
        out.write('{"half a line\n')
    record_feedback(path, _entry(1))
    entries = read_feedback(path)
    assert [e.turn for e in entries] == [0, 1]
    assert len(entries[0].comment) == MAX_COMMENT_CHARS


def test_concurrent_writers_keep_lines_whole(tmp_path):
    path = feedback_path(tmp_path)
    threads = [threading.Thread(target=lambda n=n: [record_feedback(path, _entry(n, comment="c" * 3000))
                                                    for _ in range(10)]) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(read_feedback(path)) == 80
