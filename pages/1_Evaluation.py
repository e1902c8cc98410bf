"""Evaluation page: run a question set through the app's chain and the baseline, compare, drill into items."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from eaeu_qa import evaluation
from eaeu_qa.settings import PROJECT_ROOT, get_settings

BUILT_IN_SETS = {
    "Development set (eval/dev.jsonl)": PROJECT_ROOT / "eval" / "dev.jsonl",
    "Smoke set (eval/smoke.jsonl, 5 items)": PROJECT_ROOT / "eval" / "smoke.jsonl",
}
UPLOAD = "Upload a JSONL file"
MAIN, PEER = "extractive", "baseline"


def choose_dataset(settings) -> evaluation.Dataset | None:
    choice = st.radio("Question set", [*BUILT_IN_SETS, UPLOAD], key="dataset_choice")
    if choice != UPLOAD:
        return evaluation.read_dataset(BUILT_IN_SETS[choice])
    upload = st.file_uploader("JSON Lines file, one item a line (format: eval/README.md)", type=["jsonl", "json"])
    if upload is None:
        return None
    if upload.size > settings.max_upload_bytes:
        st.error(f"{upload.name} is {upload.size / 1e6:.1f} MB; the limit is {settings.max_upload_bytes / 1e6:.0f} MB.")
        return None
    return evaluation.parse_dataset(upload.getvalue(), name=upload.name)


def run_evaluation(dataset: evaluation.Dataset, settings, with_peer: bool) -> dict[str, evaluation.EvalRun]:
    runs = {}
    for name in [MAIN, PEER] if with_peer else [MAIN]:
        bar = st.progress(0.0, text=f"{name}: starting (the first run loads the model and the index)")

        def report_progress(done: int, total: int, bar=bar, name=name) -> None:
            bar.progress(done / total, text=f"{name}: {done} of {total} questions")

        runs[name] = evaluation.evaluate(dataset, name, settings, progress=report_progress)
    return runs


def metrics_frame(runs: dict[str, evaluation.EvalRun]) -> pd.DataFrame:
    rows = []
    for key, label, scope in evaluation.METRICS:
        row = {"metric": label, "applies to": scope}
        for name, run in runs.items():
            row[name] = evaluation.fmt(key, run.report["total"].get(key))
        if MAIN in runs and PEER in runs:
            a, b = runs[MAIN].report["total"].get(key), runs[PEER].report["total"].get(key)
            row["delta"] = "–" if a is None or b is None else (
                f"{a - b:+.3f}" if key == "mrr" else f"{100 * (a - b):+.1f} pts")
        rows.append(row)
    for stage in evaluation.STAGES:
        row = {"metric": f"{stage} latency p50 / p95 (ms)", "applies to": "all"}
        for name, run in runs.items():
            latency = run.report["total"]["latency_ms"][stage]
            row[name] = f"{evaluation.fmt('_ms', latency['p50'])} / {evaluation.fmt('_ms', latency['p95'])}"
        if MAIN in runs and PEER in runs:
            a, b = (runs[n].report["total"]["latency_ms"][stage]["p50"] for n in (MAIN, PEER))
            row["delta"] = "–" if a is None or b is None else f"{a - b:+.0f} ms (p50)"
        rows.append(row)
    return pd.DataFrame(rows).set_index("metric")


def chart_frame(runs: dict[str, evaluation.EvalRun]) -> pd.DataFrame:
    """Headline rates in percent (MRR scaled to 0-100) for the side-by-side bar chart."""
    data = {}
    for name, run in runs.items():
        data[name] = {label: 100 * run.report["total"][key] for key, label, _ in evaluation.METRICS
                      if run.report["total"].get(key) is not None}
    return pd.DataFrame(data)


def show_passage(title: str, text: str, attribution: str, source_id: str) -> None:
    st.markdown(f"**{title}**")
    st.text(text)
    if attribution and source_id != "article":
        st.caption(attribution)


def show_row(name: str, row: dict) -> None:
    st.subheader(name)
    if row.get("error"):
        st.error(f"This item failed: {row['error']}")
        return
    problems = evaluation.item_problems(row)
    st.markdown(row.get("answer") or "_(empty answer)_")
    st.caption("Refused" if not row.get("answerable") else "Answered")
    if problems:
        st.warning("; ".join(problems))
    shown = {k: evaluation.fmt(k, v) for k, v in row["metrics"].items() if v is not None and k != "refused"}
    st.json(shown, expanded=False)
    st.markdown("**Cited passages**")
    if not row.get("citations"):
        st.caption("No citations.")
    for c in row.get("citations", []):
        with st.expander(f"[{c['n']}] {c['title']}, {c['locator']}"):
            st.markdown(f"> {c['quote']}")
            show_passage("Whole passage", c["passage"], c.get("attribution", ""), c["source_id"])
    st.markdown("**Retrieved passages**")
    for p in row.get("retrieved", []):
        with st.expander(f"#{p['rank']} {p['title']}, {p['locator']}"):
            show_passage(f"score {p['score']}", p["text"], _attribution(row, p), p["source_id"])


def _attribution(row: dict, passage: dict) -> str:
    # Retrieved passages carry no attribution field; take it from a citation of the same source.
    for c in row.get("citations", []):
        if c["source_id"] == passage["source_id"]:
            return c.get("attribution", "")
    return TREATY_ATTRIBUTION if passage["source_id"] != "article" else ""


TREATY_ATTRIBUTION = ("Treaty text from the ToTA corpus (W. Alschner, J. Seiermann, D. Skougarevskiy), "
                      "CC BY-NC 4.0.")


def show_results(runs: dict[str, evaluation.EvalRun]) -> None:
    main = runs[MAIN]
    st.header("Metrics")
    st.dataframe(metrics_frame(runs), width="stretch", height="content")
    st.bar_chart(chart_frame(runs), stack=False, horizontal=True, sort=False, y_label="", x_label="% (MRR × 100)")
    with st.expander("By question group"):
        groups = {"total": main.report["total"], **dict(sorted(main.report["groups"].items()))}
        st.markdown(evaluation.metrics_table(groups))
    st.header("Items")
    ids = [row["id"] for row in main.rows]
    problems = {row["id"]: evaluation.item_problems(row) for row in main.rows}
    chosen = st.selectbox("Item", ids, format_func=lambda i: f"{i} {'⚠' if problems[i] else '✓'}")
    row = next(r for r in main.rows if r["id"] == chosen)
    st.markdown(f"**Question:** {row.get('question', '')}")
    if row.get("history"):
        st.caption("Earlier questions: " + " / ".join(row["history"]))
    columns = st.columns(len(runs))
    for column, (name, run) in zip(columns, runs.items()):
        with column:
            show_row(name, next(r for r in run.rows if r["id"] == chosen))


def main() -> None:
    st.set_page_config(page_title="Evaluation — EAEU Court Q&A", page_icon="⚖️", layout="wide")
    st.title("Evaluation")
    st.caption("Runs every question through the same chain as the chat and scores retrieval, citations, "
               "key facts and refusals (definitions: docs/evaluation.md).")
    settings = get_settings()
    try:
        dataset = choose_dataset(settings)
    except OSError as exc:
        st.error(f"The question set could not be read: {exc}")
        return
    with_peer = st.checkbox("Compare with the baseline (LangChain tutorial pipeline)", value=True)
    if dataset is not None:
        for problem in dataset.problems:
            st.warning(f"Skipped {problem}")
        st.caption(f"{len(dataset.items)} valid items.")
    if st.button("Run evaluation", type="primary", disabled=not (dataset and dataset.items)):
        try:
            st.session_state["eval_runs"] = run_evaluation(dataset, settings, with_peer)
        except Exception as exc:  # noqa: BLE001 - the page shows a short message, never a traceback
            st.error(f"The evaluation could not run: {type(exc).__name__}: {exc}")
            return
    runs = st.session_state.get("eval_runs")
    if runs:
        show_results(runs)


main()
