"""Conversations: SQLite persistence per workspace, concurrent writers, listing, deletion with undo, old JSON files."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from eaeu_qa.conversations import Conversation, ConversationNotFound, ConversationStore, Turn
from eaeu_qa.database import DB_FILE, StorageError, connect, database_path
from eaeu_qa.records import Answer, Citation
from eaeu_qa.workspaces import LEGACY_WORKSPACE, InvalidWorkspace, new_workspace_id


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


def _add(store: ConversationStore, conversation: Conversation, question: str) -> None:
    """What the app does after an answer: the turn appended, the conversation saved."""
    conversation.add(_turn(question))
    store.save(conversation)


@pytest.fixture
def store(tmp_path) -> ConversationStore:
    return ConversationStore(tmp_path / DB_FILE, new_workspace_id())


def test_save_and_load_round_trip_keeps_citations(store):
    conversation = Conversation()
    conversation.add(_turn("What must member states do?"))
    store.save(conversation)
    loaded = store.load(conversation.id)
    assert loaded.to_dict() == conversation.to_dict()
    assert loaded.turns[0].citations[0] == _citation()
    assert loaded.turns[0].standalone_question.endswith("(standalone)")


def test_a_turn_stores_its_own_question_and_older_turns_load_without_it(store):
    answer = Answer(question="Russia does that too?", standalone_question="As for pensions, Russia does that too?",
                    own_question="Russia does that too?", answer="Yes [1].", answerable=True)
    conversation = Conversation()
    conversation.add(Turn.from_answer(answer.question, answer))
    store.save(conversation)
    loaded = store.load(conversation.id)
    assert loaded.turns[0].own_question == "Russia does that too?"
    assert loaded.history()[0]["own_question"] == "Russia does that too?"  # what the chain gets for the next turn
    older = {k: v for k, v in conversation.turns[0].to_dict().items() if k != "own_question"}
    assert Turn.from_dict(older).own_question == ""  # stored before the field existed


def test_saving_again_adds_turns_and_feedback_without_duplicates(store):
    conversation = Conversation()
    _add(store, conversation, "Q1")
    _add(store, conversation, "Q2")
    conversation.turns[0].feedback = {"helpful": True, "comment": "good"}
    store.save(conversation)
    store.save(conversation)
    loaded = store.load(conversation.id)
    assert [t.question for t in loaded.turns] == ["Q1", "Q2"]
    assert loaded.turns[0].feedback == {"helpful": True, "comment": "good"}
    assert [s.turns for s in store.list()] == [2]


def test_two_processes_adding_to_one_conversation_lose_nothing(tmp_path, store):
    """Two tabs on one ?c= link, as separate processes: 300 turns each, all 600 kept, each in order."""
    conversation = Conversation()
    store.save(conversation)
    script = textwrap.dedent(f"""
        import sys
        from eaeu_qa.conversations import ConversationStore, Turn
        store = ConversationStore(sys.argv[1], sys.argv[2])
        conversation = store.load(sys.argv[3])
        for n in range(300):
            conversation.add(Turn(question=f"{{sys.argv[4]}}-{{n}}", answer="a", answerable=True))
            store.save(conversation)  # what the app does after every answer
    """)
    writers = [subprocess.Popen([sys.executable, "-c", script, str(store.db_path), store.workspace, conversation.id,
                                 name]) for name in ("left", "right")]
    assert [w.wait(timeout=300) for w in writers] == [0, 0]
    questions = [t.question for t in store.load(conversation.id).turns]
    assert len(questions) == 600
    for name in ("left", "right"):
        assert [q for q in questions if q.startswith(name)] == [f"{name}-{n}" for n in range(300)]


def test_workspaces_do_not_see_each_other(tmp_path):
    mine = ConversationStore(tmp_path / DB_FILE, new_workspace_id())
    theirs = ConversationStore(tmp_path / DB_FILE, new_workspace_id())
    conversation = Conversation()
    _add(mine, conversation, "Private question")
    assert [s.title for s in mine.list()] == ["Private question"]
    assert theirs.list() == []
    with pytest.raises(ConversationNotFound):
        theirs.load(conversation.id)
    assert theirs.delete(conversation.id) is False
    assert mine.load(conversation.id).turns[0].question == "Private question"


def test_list_is_newest_first(store):
    first, second = Conversation(updated_at="2026-01-01T00:00:00+00:00"), Conversation()
    first.turns.append(_turn("Older question"))
    second.add(_turn("Newer question"))
    store.save(first)
    store.save(second)
    store.save(Conversation())  # no turns yet: not listed
    assert [s.title for s in store.list()] == ["Newer question", "Older question"]


def test_delete_can_be_undone_for_a_day_then_the_next_deletion_removes_it_for_good(store):
    conversation, other, later = Conversation(), Conversation(), Conversation()
    for each, question in [(conversation, "Q"), (other, "Other"), (later, "Later")]:
        _add(store, each, question)
    assert store.delete(conversation.id) is True
    assert store.delete(conversation.id) is False
    assert sorted(s.title for s in store.list()) == ["Later", "Other"]  # saved in one second: any order
    with pytest.raises(ConversationNotFound):
        store.load(conversation.id)
    assert store.restore(conversation.id) is True
    assert store.load(conversation.id).turns[0].question == "Q"
    store.delete(conversation.id)
    store.delete(other.id)  # within the day: both still restorable
    with connect(store.db_path, write=True) as conn:  # the first deletion was more than a day ago
        conn.execute("UPDATE conversations SET deleted_at = ? WHERE id = ?", ("2020-01-01T00:00:00+00:00",
                                                                              conversation.id))
    store.delete(later.id)  # the next deletion removes it, turns and all
    assert store.restore(conversation.id) is False
    with connect(store.db_path) as conn:
        assert conn.execute("SELECT count(*) FROM turns WHERE conversation_id = ?", (conversation.id,)).fetchone()[0] == 0
    assert store.restore(other.id) is True and store.restore(later.id) is True
    assert sorted(s.title for s in store.list()) == ["Later", "Other"]  # saved in one second: any order


def test_the_list_carries_what_the_sidebar_shows_without_loading_turns(store):
    answered, refused = Conversation(created_at="2026-11-25T10:00:00+00:00"), Conversation()
    _add(store, answered, "First question?")
    _add(store, answered, "Second question?")
    refused.add(Turn(question="Who won the cup?", answer="The documents do not answer this.", answerable=False))
    store.save(refused)
    by_title = {s.title: s for s in store.list()}
    first = by_title["First question?"]
    assert (first.turns, first.created_at, first.first_question) == (2, "2026-11-25T10:00:00+00:00", "First question?")
    assert first.first_answer == "They shall cooperate [1]." and first.first_answerable
    assert not by_title["Who won the cup?"].first_answerable


@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "", "ABCDEF0123456789", "abc"])
def test_ids_from_the_url_are_checked(store, bad_id):
    with pytest.raises(ConversationNotFound):
        store.load(bad_id)


@pytest.mark.parametrize("bad_workspace", ["", "../x", "A" * 32, "0123", None])
def test_workspace_ids_are_checked(tmp_path, bad_workspace):
    with pytest.raises(InvalidWorkspace):
        ConversationStore(tmp_path / DB_FILE, bad_workspace)


def test_old_json_conversations_are_imported_once_into_the_legacy_workspace(tmp_path):
    folder = tmp_path / "conversations"
    folder.mkdir()
    old = Conversation()
    old.add(_turn("Asked before the database"))
    old_dict = old.to_dict()
    for turn in old_dict["turns"]:
        del turn["turn_id"]  # files of earlier versions had no turn ids
    (folder / f"{old.id}.json").write_text(json.dumps(old_dict), encoding="utf-8")
    (folder / "0123456789abcdef.json").write_text("{not json", encoding="utf-8")
    legacy = ConversationStore(database_path(tmp_path), LEGACY_WORKSPACE)
    assert [s.title for s in legacy.list()] == ["Asked before the database"]
    assert legacy.load(old.id).turns[0].citations[0] == _citation()
    assert ConversationStore(database_path(tmp_path), new_workspace_id()).list() == []
    assert (folder / f"{old.id}.json").is_file()  # left in place


def test_an_unwritable_database_says_which_file(tmp_path):
    (tmp_path / "blocker").write_text("a file where the data folder should be")
    store = ConversationStore(tmp_path / "blocker" / DB_FILE, new_workspace_id())
    conversation = Conversation()
    conversation.add(_turn("Q"))
    with pytest.raises(StorageError, match="blocker"):
        store.save(conversation)


def test_history_and_title():
    conversation = Conversation()
    assert conversation.title == "New conversation" and conversation.history() == []
    conversation.add(_turn("What does Article 98 say? " + "x" * 100))
    conversation.add(_turn("And paragraph 4?"))
    assert [h["question"] for h in conversation.history()] == [t.question for t in conversation.turns]
    assert [h["answer"] for h in conversation.history()] == [t.answer for t in conversation.turns]
    assert conversation.title.endswith("…") and len(conversation.title) <= 60
