"""Per-browser state: the private workspace id, the open conversation and the queue of questions."""

from __future__ import annotations

import streamlit as st

from ..conversations import Conversation, ConversationNotFound
from ..service import QAService, is_workspace_id, new_workspace_id
from . import wording

WORKSPACE_COOKIE = "eaeu_qa_workspace"
COOKIE_SECONDS = 365 * 24 * 3600


def workspace() -> str:
    """This browser's workspace: from the URL (?w=), else its cookie, else a new random one."""
    if "workspace" not in st.session_state:
        candidates = [st.query_params.get("w"), _cookie()]
        st.session_state.workspace = next((c for c in candidates if is_workspace_id(c)),
                                          None) or new_workspace_id()
    ws = st.session_state.workspace
    if st.query_params.get("w") != ws:
        st.query_params["w"] = ws
    return ws


def _cookie() -> str | None:
    try:
        value = st.context.cookies.get(WORKSPACE_COOKIE)
    except Exception:  # noqa: BLE001 - no cookies (e.g. in AppTest): the URL or a new id decides
        return None
    return value if isinstance(value, str) else None


def remember_workspace_in_browser(ws: str) -> None:
    """Keep the id in a cookie, so a new tab on the plain address opens the same workspace."""
    if st.session_state.get("cookie_written") == ws:
        return
    st.session_state.cookie_written = ws
    st.html(f'<script>document.cookie = "{WORKSPACE_COOKIE}={ws}; path=/; max-age={COOKIE_SECONDS}; '
            f'SameSite=Strict";</script>', unsafe_allow_javascript=True)


def conversation(service: QAService) -> Conversation:
    """The open conversation; ?c=<id> reopens a saved one of this workspace after a reload."""
    if "conversation" not in st.session_state:
        st.session_state.conversation = Conversation()
        requested = st.query_params.get("c")
        if requested:
            try:
                st.session_state.conversation = service.conversations(workspace()).load(requested)
            except ConversationNotFound:
                st.session_state.notice = wording.CONVERSATION_GONE
                del st.query_params["c"]
    return st.session_state.conversation


def start_new_conversation() -> None:
    st.session_state.conversation = Conversation()
    clear_queue()
    if "c" in st.query_params:
        del st.query_params["c"]


def queue() -> list[str]:
    """Questions sent but not yet answered, oldest first (a question sent during an answer waits here)."""
    return st.session_state.setdefault("queue", [])


def taken() -> dict[str, int]:
    """{"count": n}: how many questions have left the queue in this session (answered, failed, stopped or dropped),
    so n numbers the question at the queue's head; a Stop click carries it and stops only that question.

    A mutable record, fetched before the queue changes: every session-state access is a point where Streamlit can
    interrupt the run, so taking a question (take_first) must touch only objects fetched beforehand."""
    return st.session_state.setdefault("queue_taken", {"count": 0})


def take_first(pending: list[str], counter: dict[str, int]) -> str:
    """Take the oldest question off the queue `pending` (from queue()) and count it in `counter` (from taken())."""
    counter["count"] += 1
    return pending.pop(0)


def clear_queue() -> None:
    """Drop the questions still waiting (another conversation is opened); a late Stop click then stops nothing."""
    counter = taken()
    counter["count"] += 1
    st.session_state.queue = []


def notice(message: str) -> None:
    st.session_state.notice = message
