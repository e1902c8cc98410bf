"""Evaluation page: run a question set through the app's chain and the baseline; failures first, item view, history."""

from __future__ import annotations

import streamlit as st

from eaeu_qa.service import get_service
from eaeu_qa.ui_format import counted
from eaeu_qa.ui import evaluation as page
from eaeu_qa.ui import project_docs, style, wording

style.apply()
service = get_service()
st.title(wording.EVAL_TITLE)
st.caption(wording.EVAL_INTRO)
st.markdown(wording.EVAL_SKIP_LINKS)
try:
    dataset = page.choose_dataset(service)
except OSError as exc:
    st.error(wording.EVAL_UNREADABLE.format(problem=exc))
    dataset = None
with_peer = st.checkbox(wording.EVAL_WITH_PEER, value=True)
if dataset is not None:
    for problem in dataset.problems:
        st.warning(wording.EVAL_SKIPPED.format(problem=problem))
    st.caption(wording.EVAL_VALID_ITEMS.format(items=counted(len(dataset.items), wording.VALID_ITEMS)))
if st.button(wording.EVAL_RUN, type="primary", disabled=not (dataset and dataset.items)):
    try:
        page.run(service, dataset, with_peer)
    except Exception as exc:  # noqa: BLE001 - the page shows a short message, never a traceback
        st.error(wording.EVAL_FAILED.format(kind=type(exc).__name__, problem=exc))
if result := st.session_state.get("eval_result"):
    ran_on, runs = result
    page.render_metrics(runs, service.settings)
    page.render_items(ran_on, runs, service)
# The documentation before the history: its pickers came after the history chart's toolbar and every column of the
# history table, about 27 Tab presses from the top (audit N9).
project_docs.render()
page.render_history(service)
