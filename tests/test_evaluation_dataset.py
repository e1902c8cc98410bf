"""Question-set parsing: valid items kept, bad lines reported with their line numbers."""

from __future__ import annotations

import json

from eaeu_qa import evaluation as ev


def test_malformed_lines_are_reported_with_line_numbers_and_skipped():
    good = json.dumps({"id": "a1", "question": "q?", "answerable": False})
    lines = [good, "{not json", "", json.dumps({"id": "a2", "answerable": True}),
             json.dumps({"id": "a3", "question": "q", "answerable": "yes"}), json.dumps([1, 2]), good,
             json.dumps({"id": "a4", "question": "q", "answerable": True, "gold_passages": []}),
             json.dumps({"id": "a5", "question": "q", "answerable": True, "gold_passages": ["g"],
                         "key_facts": ["flat string"]})]
    dataset = ev.parse_dataset("\n".join(lines).encode())
    assert [i.id for i in dataset.items] == ["a1"]
    assert [(p.line, p.message.split()[0]) for p in dataset.problems] == [
        (2, "not"), (4, "missing"), (5, "field"), (6, "expected"), (7, "duplicate"), (8, "an"), (9, "field")]
    assert "question" in dataset.problems[1].message


def test_non_utf8_and_empty_files_are_problems_not_crashes():
    assert ev.parse_dataset(b"\xff\xfe\x00bad").problems[0].message.startswith("the file is not UTF-8")
    assert ev.parse_dataset(b"\n\n").problems[0].message == "the file holds no items"
