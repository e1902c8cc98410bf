"""The sidebar's messages in Streamlit's AppTest against the real service.

The sidebar's messages in Streamlit's AppTest against the real service: each is drawn beside the control it is
about (the uploader, the conversation list), never in the page's main area, and counts agree with their nouns."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from eaeu_qa.service import QAService
from eaeu_qa.settings import Settings
from eaeu_qa.ui import wording
from eaeu_qa.ui_format import escape_markdown

TIMEOUT = 240
ONE_PASSAGE = b"The free consultation day for migrant families is on Tuesday at the embassy in Moscow.\n"


def _workspace(at: AppTest) -> str:
    value = at.query_params["w"]
    return value[0] if isinstance(value, list) else value


def _main_messages(at: AppTest) -> list[str]:
    return [e.value for kind in ("success", "error", "warning", "info") for e in getattr(at.main, kind)]


def test_an_upload_says_1_passage_and_its_messages_stay_in_the_sidebar(start_app, app_env):
    app = start_app(app_env)
    app.file_uploader[0].set_value(("memo.txt", ONE_PASSAGE, "text/plain")).run()
    assert not app.exception
    [added] = [s.value for s in app.sidebar.success]
    assert escape_markdown("Added memo.txt (1 passage).") in added and "passages" not in added
    captions = [c.value for c in app.sidebar.caption]
    assert escape_markdown("memo.txt — 1 passage") in captions
    assert _main_messages(app) == []
    app.run()  # the next run does not add the file again
    documents = QAService(Settings.from_env(environ=app_env)).library(_workspace(app)).documents()
    assert [d.spec.title for d in documents] == ["memo.txt"]
    assert not app.sidebar.success  # the message is shown once

    [remove] = [b for b in app.button if b.key and b.key.startswith("remove-upload-")]
    remove.click().run()
    [confirm] = [b for b in app.button if b.key and b.key.startswith("confirm-remove-")]
    confirm.click().run()
    assert not app.exception
    assert [s.value for s in app.sidebar.success] == [escape_markdown(wording.UPLOAD_REMOVED.format(title="memo.txt"))]
    assert _main_messages(app) == []
    assert QAService(Settings.from_env(environ=app_env)).library(_workspace(app)).documents() == []

    app.file_uploader[0].set_value(("junk.txt", bytes(range(256)) * 40, "text/plain")).run()
    assert not app.exception
    assert any("binary" in e.value for e in app.sidebar.error) and _main_messages(app) == []


def test_opening_a_conversation_deleted_elsewhere_says_so_in_the_conversation_list(start_app, app_env):
    first = start_app(app_env)
    first.chat_input[0].set_value("Why did Kyrgyzstan take Russia to the EAEU Court?").run()
    assert not first.exception
    [summary] = QAService(Settings.from_env(environ=app_env)).conversations(_workspace(first)).list()

    other = AppTest.from_file("../app.py", default_timeout=TIMEOUT)  # a second tab of the same workspace
    other.query_params["w"] = _workspace(first)
    other.run()
    first.button(key=f"delete-{summary.id}").click().run()  # deleted in the first tab
    other.button(key=f"open-{summary.id}").click().run()  # opened from the second tab's (older) list
    assert not other.exception
    assert [w.value for w in other.sidebar.warning], "no message beside the conversation list"
    assert _main_messages(other) == []
    assert len(other.chat_message) == 0
