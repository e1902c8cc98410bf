"""The Streamlit app, run by Streamlit's AppTest over the real index, model and chain."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from eaeu_qa.conversations import Conversation, ConversationStore
from eaeu_qa.database import database_path
from eaeu_qa.feedback import feedback_path, read_feedback
from eaeu_qa.ui_format import citation_passage_html
from pdf_factory import make_pdf  # tests/ is on sys.path (rootdir conftest, no package)

TIMEOUT = 240
UPLOAD = ("The Zorblat Commission met in Osh on 3 March 2031 to review unpaid insurance claims of returning "
          "migrant families.\n\nIt recorded 412 unpaid claims.\n")


@pytest.fixture
def app(monkeypatch, app_env) -> AppTest:
    for name, value in app_env.items():
        monkeypatch.setenv(name, value)
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    return at


def _words(text: str) -> list[str]:
    return text.split()


def _data_dir(app_env) -> Path:
    return Path(app_env["EAEU_QA_DATA_DIR"])


def _workspace(at: AppTest) -> str:
    value = at.query_params["w"]
    return value[0] if isinstance(value, list) else value


def _saved(app_env, at: AppTest) -> list[Conversation]:
    """The conversations saved in the workspace of the browser session `at` (its ?w= id)."""
    store = ConversationStore(database_path(_data_dir(app_env)), _workspace(at))
    return [store.load(s.id) for s in store.list()]


def _ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def _markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_example_question_is_answered_with_checkable_citations(app, app_env):
    assert len(app.chat_message) == 0
    examples = [b for b in app.button if b.key and b.key.startswith("example-")]
    assert len(examples) >= 3
    examples[0].click().run()
    assert not app.exception
    [conversation] = _saved(app_env, app)
    turn = conversation.turns[0]
    assert turn.question == examples[0].label and turn.answerable and turn.citations
    assert app.query_params["c"] == conversation.id
    shown = _markdown(app)
    captions = [c.value for c in app.caption]
    for citation in turn.citations:
        assert f"**[{citation.n}] " in "\n".join(shown)
        assert f"[{citation.n}]" in turn.answer
        rendered = citation_passage_html(citation)
        assert rendered in shown
        marked = re.search(r"<mark>(.*?)</mark>", rendered).group(1)
        assert _words(html.unescape(marked.replace("<br>", " "))) == _words(citation.quote)
        if citation.source_id != "article":
            assert any(citation.licence in c and "ToTA" in c for c in captions)
    treaty = [c for c in turn.citations if c.source_id != "article"]
    if treaty:
        assert any(e.label.startswith("Read all of") for e in app.expander)
    assert [b for b in app.download_button if b.key == "export"]
    assert len(app.chat_message) == 2


def test_follow_up_is_understood_from_history(app, app_env):
    _ask(app, "What does Article 98 of the EAEU Treaty say about medical care for family members?")
    _ask(app, "And what about pensions?")
    [conversation] = _saved(app_env, app)
    follow_up = conversation.turns[1]
    assert follow_up.standalone_question != follow_up.question
    assert "98" in follow_up.standalone_question
    assert any(c.value.startswith("Understood as:") for c in app.caption)
    assert len(app.chat_message) == 4


def test_unanswerable_question_is_refused_plainly(app, app_env):
    _ask(app, "Who won the 2018 FIFA World Cup?")
    [conversation] = _saved(app_env, app)
    assert conversation.turns[0].answerable is False
    assert any("Not in the documents" in w.value for w in app.warning)
    assert not any("<mark>" in m for m in _markdown(app))


@pytest.mark.parametrize("question, message", [("   ", "Please type a question"),
                                               ("word " * 1000, "characters long")])
def test_empty_or_too_long_question_gets_a_message(app, app_env, question, message):
    _ask(app, question)
    assert any(message in w.value for w in app.warning)
    assert _saved(app_env, app) == []
    assert not app.error


@pytest.mark.parametrize("name, data, message", [
    ("junk.txt", bytes(range(256)) * 40, "binary"),
    ("broken.pdf", b"%PDF-1.7\n%garbage that is not a pdf", "could not be read"),
    ("empty.md", b"", "empty"),
])
def test_bad_upload_shows_an_error_and_breaks_nothing(app, app_env, name, data, message):
    app.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    assert not app.exception
    assert any(message in e.value for e in app.error)
    assert not (_data_dir(app_env) / "user_index" / _workspace(app) / "uploads.json").exists()
    _ask(app, "Why did Kyrgyzstan take Russia to the EAEU Court?")
    assert _saved(app_env, app)[0].turns[0].citations


def test_uploaded_document_is_cited_and_removable(app, app_env):
    app.file_uploader[0].set_value(("osh-notes.pdf", make_pdf(UPLOAD.replace("\n\n", "\n").splitlines()),
                                    "application/pdf")).run()
    assert not app.exception
    assert any("Added osh-notes.pdf" in s.value for s in app.success)
    _ask(app, "When did the Zorblat Commission meet in Osh?")
    turn = _saved(app_env, app)[0].turns[0]
    assert any(c.source_id.startswith("upload-") and c.title == "osh-notes.pdf" for c in turn.citations)
    remove = [b for b in app.button if b.key and b.key.startswith("remove-upload-")]
    assert len(remove) == 1
    remove[0].click().run()
    assert not [b for b in app.button if b.key and b.key.startswith("remove-upload-")]
    _ask(app, "When did the Zorblat Commission meet in Osh?")
    assert not any(c.source_id.startswith("upload-") for c in _saved(app_env, app)[0].turns[1].citations)


def test_conversation_reopens_from_the_url_and_can_be_deleted(app, app_env, monkeypatch):
    question = "What does Article 97 of the EAEU Treaty say about employment of workers?"
    _ask(app, question)
    [conversation] = _saved(app_env, app)

    reopened = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    reopened.query_params["c"] = conversation.id
    reopened.query_params["w"] = _workspace(app)
    reopened.run()
    assert not reopened.exception
    assert question in _markdown(reopened)
    assert len(reopened.chat_message) == 2

    reopened.button(key=f"delete-{conversation.id}").click().run()
    assert _saved(app_env, reopened) == []
    assert len(reopened.chat_message) == 0 and "c" not in reopened.query_params

    gone = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    gone.query_params["c"] = conversation.id
    gone.query_params["w"] = _workspace(app)
    gone.run()
    assert any("no longer saved" in i.value for i in gone.info)


def test_another_browser_does_not_see_the_conversation(app, app_env):
    _ask(app, "Why did Kyrgyzstan take Russia to the EAEU Court?")
    [conversation] = _saved(app_env, app)
    stranger = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    stranger.query_params["c"] = conversation.id  # a link without the workspace
    stranger.run()
    assert not stranger.exception
    assert _workspace(stranger) != _workspace(app)
    assert any("no longer saved" in i.value for i in stranger.info)
    assert _saved(app_env, stranger) == [] and len(stranger.chat_message) == 0


def test_feedback_is_recorded(app, app_env):
    _ask(app, "Why did Kyrgyzstan take Russia to the EAEU Court?")
    [conversation] = _saved(app_env, app)
    app.radio(key=f"verdict-{conversation.id}-0").set_value("Not helpful")
    app.text_area(key=f"comment-{conversation.id}-0").input("Needs the court's ruling date.")
    [send] = [b for b in app.button if b.label == "Send feedback"]
    send.click().run()
    assert not app.exception
    [entry] = read_feedback(feedback_path(_data_dir(app_env)))
    assert entry.helpful is False and entry.comment == "Needs the court's ruling date."
    assert entry.conversation_id == conversation.id and entry.cited_chunks
    assert entry.workspace == _workspace(app)
    assert any("not helpful" in c.value for c in app.caption)
    assert _saved(app_env, app)[0].turns[0].feedback == {"helpful": False, "comment": "Needs the court's ruling date."}


def test_missing_sources_give_a_message_not_a_traceback(monkeypatch, tmp_path):
    """No index and no treaty files to build one from: the page explains, the question is not lost."""
    empty = tmp_path / "empty-mirror"
    empty.mkdir()
    for name, value in {"HF_HUB_OFFLINE": "1", "EAEU_QA_INDEX_DIR": str(tmp_path / "index"),
                        "EAEU_QA_CACHE_DIR": str(tmp_path / "cache"), "EAEU_QA_DATA_DIR": str(tmp_path / "data"),
                        "EAEU_QA_SOURCES": str(empty)}.items():
        monkeypatch.setenv(name, value)
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    assert any("cannot be opened" in e.value for e in at.error)
    _ask(at, "Why did Kyrgyzstan take Russia to the EAEU Court?")
    assert any("cannot be searched right now" in e.value and "corpus fetch" in e.value for e in at.error)
    assert "Why did Kyrgyzstan take Russia to the EAEU Court?" in _markdown(at)
    assert not any("Traceback" in e.value for e in at.error)
