"""eaeu-qa: the Streamlit chat over the analysis article and the EAEU treaties, with checkable citations."""

from __future__ import annotations

import logging
import sys
import threading

import streamlit as st

from eaeu_qa.service import QAService, get_service
from eaeu_qa.settings import Settings
from eaeu_qa.ui import chat, session, sidebar, style, wording

logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")


@st.cache_resource
def warm_in_background(_service: QAService, key: Settings) -> threading.Thread:
    """Open the index and prepare the answerer once per process, while the first visitor reads the page."""
    thread = threading.Thread(target=_service.warm, name="eaeu-qa-warm", daemon=True)
    thread.start()
    return thread


def ask_page() -> None:
    try:
        settings = Settings.from_env()
        if st.session_state.get("answerer") not in (None, settings.answerer):
            settings = Settings.from_env(answerer=st.session_state.answerer)
    except ValueError as exc:
        st.error(wording.SETTING_INVALID.format(problem=exc))
        return
    service = get_service(settings)
    warming = warm_in_background(service, settings)
    style.apply()
    if warming.is_alive():  # the first visitor of a fresh server: the chat opens once a question is quick
        with st.spinner(wording.LOADING):
            warming.join()
    workspace = session.workspace()
    conversation = session.conversation(service)
    chat.chat_input(service)

    st.title(wording.APP_TITLE)
    st.caption(wording.APP_INTRO)
    if notice := st.session_state.pop("notice", None):
        st.info(notice)
    chunks = service.chunks(workspace) if conversation.turns else []
    for index, turn in enumerate(conversation.turns):
        chat.render_turn(service, turn, index, conversation, chunks)
    chat.render_failures()
    chat.render_examples(not conversation.turns and not session.queue() and not st.session_state.get("failures"))
    chat.render_too_long(service)
    # The sidebar before the queue: an upload handed over in this run is added before a question sent with it is
    # searched (the queue's answer ends its run with a rerun, which draws the sidebar again with the new turn).
    sidebar.render(service, reader_link=chat.public_reader_links(service))
    chat.render_queue(service, conversation, workspace)
    chat.keep_answer_start_in_view()
    session.remember_workspace_in_browser(workspace)


PAGE_CONFIGS = {"evaluation": {"page_title": wording.EVAL_PAGE_TITLE, "layout": "wide"}}
# The pages live in app_pages/, not pages/: with a pages/ folder beside it Streamlit runs a fresh server's first
# session in its old multipage mode, where /evaluation or a /documents deep link shows "Page not found".
PAGE = st.navigation([
    st.Page(ask_page, title=wording.NAV_ASK, icon=":material/forum:", default=True),
    st.Page("app_pages/documents.py", title=wording.NAV_DOCUMENTS, icon=":material/menu_book:", url_path="documents"),
    st.Page("app_pages/evaluation.py", title=wording.NAV_EVALUATION, icon=":material/monitoring:", url_path="evaluation"),
])
# One page config per run, the page's own: app.py said "centered" and the Evaluation page then "wide" in every run, and
# a rerun of the Evaluation page (a section picked) fell back to the centred layout in 2 of 6 loads (Chromium).
st.set_page_config(**{"page_title": wording.PAGE_TITLE, "page_icon": "⚖️", "layout": "centered",
                      **PAGE_CONFIGS.get(PAGE.url_path, {})})
PAGE.run()
