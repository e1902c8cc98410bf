"""Evaluation page: run a question set through the app's chain and the baseline; failures first, item view, history."""

from __future__ import annotations

import streamlit as st

from eaeu_qa.service import get_service
from eaeu_qa.ui import evaluation as page
from eaeu_qa.ui import style

st.set_page_config(page_title="Evaluation — EAEU Court Q&A", page_icon="⚖️", layout="wide")
style.apply()
service = get_service()
st.title("Evaluation")
st.caption("Runs every question through the same chain as the chat and scores retrieval, citations, key facts "
           "and refusals. Definitions and the question format are linked at the bottom of the page.")
try:
    dataset = page.choose_dataset(service)
except OSError as exc:
    st.error(f"The question set could not be read: {exc}")
    dataset = None
with_peer = st.checkbox("Compare with the baseline (LangChain tutorial pipeline)", value=True)
if dataset is not None:
    for problem in dataset.problems:
        st.warning(f"Skipped {problem}")
    st.caption(f"{len(dataset.items)} valid items.")
if st.button("Run evaluation", type="primary", disabled=not (dataset and dataset.items)):
    try:
        page.run(service, dataset, with_peer)
    except Exception as exc:  # noqa: BLE001 - the page shows a short message, never a traceback
        st.error(f"The evaluation could not run: {type(exc).__name__}: {exc}")
if result := st.session_state.get("eval_result"):
    ran_on, runs = result
    page.render_metrics(runs)
    page.render_items(ran_on, runs)
page.render_history(service)
page.render_docs()
