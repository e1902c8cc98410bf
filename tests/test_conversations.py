"""Conversations: atomic JSON persistence, listing, reopening, deletion, and history for follow-ups."""

from __future__ import annotations

import json

import pytest

from eaeu_qa.conversations import Conversation, ConversationNotFound, ConversationStore, Turn
from eaeu_qa.records import Answer, Citation


def _citation(n: int = 1) -> Citation:
    passage = "1. Member States shall cooperate. 2. Workers have rights."
    return Citation(n=n, chunk_id="eaeu_treaty:art-98-1", source_id="eaeu_treaty", title="EAEU Treaty (full)",
                    short_title="EAEU Treaty", locator="Art. 98(1)", quote="Member States shall cooperate.",
                    start=103, end=133, passage=passage, passage_start=100, licence="CC BY-NC 4.0",
                    attribution="Text: ToTA")


def _turn(question: str) -> Turn:
    answer = Answer(question=question, standalone_question=question + " (standalone)",
                    answer="They shall cooperate [1].", answerable=True, citations=[_citation()], note="n")
    return Turn.from_answer(question, answer)


def test_save_and_load_round_trip_keeps_citations(tmp_path):
    store = ConversationStore(tmp_path)
    conversation = Conversation()
    conversation.add(_turn("What must member states do?"))
    store.save(conversation)
    loaded = store.load(conversation.id)
    assert loaded.to_dict() == conversation.to_dict()
    assert loaded.turns[0].citations[0] == _citation()
    assert loaded.turns[0].standalone_question.endswith("(standalone)")


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path):
    store = ConversationStore(tmp_path)
    conversation = Conversation()
    conversation.add(_turn("Q1"))
    store.save(conversation)
    conversation.add(_turn("Q2"))
    store.save(conversation)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{conversation.id}.json"]
    assert len(json.loads((tmp_path / f"{conversation.id}.json").read_text())["turns"]) == 2


def test_list_is_newest_first_and_skips_damaged_files(tmp_path):
    store = ConversationStore(tmp_path)
    first, second = Conversation(updated_at="2026-01-01T00:00:00+00:00"), Conversation()
    first.turns.append(_turn("Older question"))
    second.add(_turn("Newer question"))
    store.save(first)
    store.save(second)
    (tmp_path / "0123456789abcdef.json").write_text("{not json", encoding="utf-8")
    titles = [s.title for s in store.list()]
    assert titles == ["Newer question", "Older question"]


def test_delete_and_missing_ids(tmp_path):
    store = ConversationStore(tmp_path)
    conversation = Conversation()
    conversation.add(_turn("Q"))
    store.save(conversation)
    assert store.delete(conversation.id) is True
    assert store.delete(conversation.id) is False
    with pytest.raises(ConversationNotFound):
        store.load(conversation.id)


@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "", "ABCDEF0123456789", "abc"])
def test_ids_from_the_url_cannot_escape_the_folder(tmp_path, bad_id):
    with pytest.raises(ConversationNotFound):
        ConversationStore(tmp_path).load(bad_id)


def test_history_and_title():
    conversation = Conversation()
    assert conversation.title == "New conversation" and conversation.history() == []
    conversation.add(_turn("What does Article 98 say? " + "x" * 100))
    conversation.add(_turn("And paragraph 4?"))
    assert [h["question"] for h in conversation.history()] == [t.question for t in conversation.turns]
    assert [h["answer"] for h in conversation.history()] == [t.answer for t in conversation.turns]
    assert conversation.title.endswith("…") and len(conversation.title) <= 60
