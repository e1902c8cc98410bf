"""The Stop button's callback (eaeu_qa/ui/chat.py `_stop`) in Streamlit's AppTest.

The Stop button's callback (eaeu_qa/ui/chat.py `_stop`) in Streamlit's own script runner (AppTest), without the
model: which question a click stops, and what a late or repeated click says. The real path (a browser clicking Stop
while the app answers) is in tests/test_browser.py and tests/test_browser_llm.py."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from eaeu_qa.ui import wording
from eaeu_qa.ui_format import escape_markdown


def _script():
    # Run by AppTest as a Streamlit script: each run delivers the Stop clicks queued in session state, as the
    # button's on_click would (with the number of the question the button was shown for).
    import streamlit as st

    from eaeu_qa.ui import chat, session, wording

    for action, value in st.session_state.pop("actions", []):
        if action == "ask":
            session.queue().append(value)
        elif action == "answered":  # what render_queue does once an answer is saved
            session.take_first(session.queue(), session.taken())
        elif action == "stop":
            chat._stop(value)
        elif action == "fail":  # what render_queue does when a question gets no answer
            st.session_state.setdefault("failures", []).append(
                (session.take_first(session.queue(), session.taken()), "error", "no answer"))
        elif action == "not saved":  # what render_queue does when the answered conversation cannot be saved
            chat.answer_notice(wording.NOT_SAVED.format(problem=value), "warning")
        elif action == "draw":  # the chat's failures (and the notice about the last answer) as the page draws them
            chat.render_failures()


def _run(at: AppTest, *actions) -> AppTest:
    at.session_state["actions"] = list(actions)
    at.run()
    assert not at.exception, at.exception
    return at


def _notice(at: AppTest):
    from eaeu_qa.ui.chat import ANSWER_NOTICE_KEY

    return at.session_state[ANSWER_NOTICE_KEY][1] if ANSWER_NOTICE_KEY in at.session_state else None  # its message


def test_a_stop_for_the_question_being_answered_stops_it_and_a_repeated_click_adds_nothing():
    at = _run(AppTest.from_function(_script), ("ask", "first"), ("ask", "second"))
    _run(at, ("stop", 0))
    assert at.session_state["queue"] == ["second"]
    assert at.session_state["failures"] == [("first", "info", wording.STOPPED)]
    assert _notice(at) is None
    _run(at, ("stop", 0))  # a double click: the second callback finds the question already stopped
    assert at.session_state["queue"] == ["second"] and len(at.session_state["failures"]) == 1
    assert _notice(at) is None


def test_a_stop_that_arrives_after_its_answer_ended_stops_nothing_and_says_so():
    at = _run(AppTest.from_function(_script), ("ask", "first"), ("answered", None), ("ask", "next"))
    _run(at, ("stop", 0))  # the click was made while question 0 was answered; question 1 is now at the head
    assert at.session_state["queue"] == ["next"]
    assert "failures" not in at.session_state or at.session_state["failures"] == []
    assert _notice(at) == wording.STOP_TOO_LATE
    _run(at, ("stop", 1))  # a click for the question being answered now does stop it
    assert at.session_state["queue"] == [] and at.session_state["failures"] == [("next", "info", wording.STOPPED)]


def test_the_late_stop_notice_is_drawn_once_with_the_last_answer_not_at_the_page_top():
    at = _run(AppTest.from_function(_script), ("ask", "first"), ("ask", "second"), ("fail", None), ("fail", None))
    _run(at, ("stop", 0), ("draw", None))  # question 0 had failed before the click arrived
    assert [m.name for m in at.chat_message] == ["user", "assistant", "user", "assistant"]
    assert [i.value for i in at.chat_message[3].info] == [wording.STOP_TOO_LATE]  # in the last answer's message
    assert not at.chat_message[1].info  # not with the first failed question
    assert [i.value for i in at.info] == [wording.STOP_TOO_LATE] and _notice(at) is None  # drawn once, then gone
    _run(at, ("draw", None))
    assert not at.info


def test_a_conversation_that_could_not_be_saved_is_said_under_the_last_answer_once():
    at = _run(AppTest.from_function(_script), ("ask", "first"), ("fail", None))
    _run(at, ("not saved", "disk full"), ("draw", None))
    [warning] = at.chat_message[1].warning  # in the last answer's message, not at the page's top
    assert warning.value == escape_markdown(wording.NOT_SAVED.format(problem="disk full"))
    assert len(at.warning) == 1 and _notice(at) is None
    _run(at, ("draw", None))
    assert not at.warning


def _answer_script():
    # Run by AppTest as a Streamlit script: chat._answer answers the question in session state with the real service
    # (the environment's index and model), as render_queue would, without the rerun that draws the answer.
    import uuid

    import streamlit as st

    from eaeu_qa.conversations import Conversation
    from eaeu_qa.service import QAService
    from eaeu_qa.settings import Settings
    from eaeu_qa.ui import chat

    service = QAService(Settings.from_env())
    answer, _ = chat._answer(service, st.session_state["question"], Conversation(), uuid.uuid4().hex, 0)
    st.session_state["answerable"] = answer.answerable


def test_the_finished_status_speaks_of_sources_only_for_an_answer_with_sources(app_env, monkeypatch):
    """"showing it with its sources" is the status of an answer; a refusal, which has none, gets its own wording
    (review s20 R9)."""
    for name, value in app_env.items():
        monkeypatch.setenv(name, value)
    done = {}
    for question in ("What does Article 98 of the EAEU Treaty say about medical care for workers' family members?",
                     "Who won the 2018 FIFA World Cup?"):
        at = AppTest.from_function(_answer_script, default_timeout=240)
        at.session_state["question"] = question
        at.run()
        assert not at.exception, at.exception
        [status] = at.status
        done[at.session_state["answerable"]] = status.label
    assert done[True] != done[False]
    assert _fills(wording.STATUS_DONE, done[True]) and "sources" in done[True]
    assert _fills(wording.STATUS_REFUSED, done[False]) and "sources" not in done[False]


def _fills(template: str, label: str) -> bool:
    """The label is the whole template with its seconds filled in (both statuses open "Answered in ", so a prefix
    check cannot tell them apart: review s21 R4)."""
    pattern = re.escape(template).replace(re.escape("{seconds:.1f}"), r"\d+\.\d")
    return re.fullmatch(pattern, label) is not None
