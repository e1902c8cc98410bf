"""The Evaluation page as an analyst's tool: failures first, item view beside gold and baseline, run history."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import streamlit as st

from .. import evaluation
from ..service import QAService
from ..settings import PROJECT_ROOT, Settings
from ..ui_format import escape_markdown
from . import wording

if TYPE_CHECKING:  # imported where used: pandas and Altair took seconds of the page's first paint (audit A14)
    import altair as alt
    import pandas as pd

MAIN, PEER = "extractive", "baseline"
BUILT_IN_SETS = {
    "Development set (eval/dev.jsonl)": PROJECT_ROOT / "eval" / "dev.jsonl",
    "Smoke set (eval/smoke.jsonl, 5 items)": PROJECT_ROOT / "eval" / "smoke.jsonl",
}
UPLOAD = wording.EVAL_UPLOAD
GROUPS = {
    "art": "the analysis article",
    "tr": "the EAEU Treaty",
    "acc": "the Kyrgyz accession treaty",
    "x": "needs two documents (a claim of the article and the treaty text behind it)",
    "fu": "follow-up questions, asked after earlier questions (history)",
    "un": "unanswerable: the documents do not hold the answer, so the right answer is a refusal",
}
# Pass/fail columns of the item table: (column, metric key, passes when).
CHECKS = (
    ("gold in top 4", "hit@4", lambda v: v == 1.0),
    ("cites gold", "citation_recall", lambda v: v == 1.0),
    ("citations supported", "citation_precision", lambda v: v == 1.0),
    ("key facts", "key_fact_recall", lambda v: v == 1.0),
    ("refused right", None, None),
)
# The history chart's x axis: one slot per run, labelled to the second (runs of one evaluation, a few seconds
# apart, had the same minute label three times; a time axis showed ":10 :15 … 12:05" before that).
HISTORY_TIME = "%d %b %H:%M:%S"
APPLIES_TO = "applies to"  # the metrics table's last column
HISTORY_TEXT_COLUMNS = ("answerer", "commit", "dataset")


def choose_dataset(service: QAService) -> evaluation.Dataset | None:
    choice = st.radio(wording.EVAL_QUESTION_SET, [*BUILT_IN_SETS, UPLOAD], key="dataset_choice", horizontal=True)
    if choice != UPLOAD:
        return evaluation.read_dataset(BUILT_IN_SETS[choice])
    megabytes = max(1, service.settings.max_upload_bytes // 1_048_576)
    upload = st.file_uploader(wording.EVAL_UPLOAD_LABEL, type=["jsonl", "json"],
                              max_upload_size=megabytes)
    if upload is None:
        return None
    return evaluation.parse_dataset(upload.getvalue(), name=upload.name)


def run(service: QAService, dataset: evaluation.Dataset, with_peer: bool) -> None:
    bars = {}

    def progress(name: str, done: int, total: int) -> None:
        if name not in bars:
            bars[name] = st.progress(0.0)
        bars[name].progress(done / total, text=wording.EVAL_PROGRESS.format(name=name, done=done, total=total))

    runs = service.evaluate(dataset, [MAIN, PEER] if with_peer else [MAIN], progress=progress)
    for bar in bars.values():  # done: the results below replace the progress
        bar.empty()
    st.session_state.eval_result = (dataset, runs)
    st.session_state.pop("eval_items", None)


def _passes(row: dict, key: str | None, test) -> str:
    if row.get("error"):
        return "✗"
    if key is None:
        refused = not row.get("answerable", False)
        return "✓" if refused != row["gold_answerable"] else "✗"
    value = row["metrics"].get(key)
    return "–" if value is None else ("✓" if test(value) else "✗")


def items_frame(rows: list[dict]) -> pd.DataFrame:
    import pandas as pd

    records = []
    for row in rows:
        problems = evaluation.item_problems(row)
        record = {"id": row["id"], "group": row["group"], "question": row.get("question", ""),
                  "problems": len(problems)}
        record.update({column: _passes(row, key, test) for column, key, test in CHECKS})
        record["what went wrong"] = "; ".join(problems)
        records.append(record)
    frame = pd.DataFrame(records)
    # Worst first: the analyst starts with the items that went most wrong.
    return frame.sort_values(["problems", "id"], ascending=[False, True], kind="stable").reset_index(drop=True) \
        if not frame.empty else frame


def metrics_frame(runs: dict, main: str, peer: str) -> pd.DataFrame:
    """One row per metric: the runs' values and their delta first, what the metric applies to last (on a phone the
    long "applies to" column stood between the names and the values, which took a sideways scroll: audit B14)."""
    import pandas as pd

    rows = []
    for key, label, scope in evaluation.METRICS:
        row = {"metric": label}
        for name, eval_run in runs.items():
            row[name] = evaluation.fmt(key, eval_run.report["total"].get(key))
        if main in runs and peer in runs:
            a, b = runs[main].report["total"].get(key), runs[peer].report["total"].get(key)
            row["delta"] = "–" if a is None or b is None else (
                f"{a - b:+.3f}" if key == "mrr" else f"{100 * (a - b):+.1f} pts")
        rows.append({**row, APPLIES_TO: scope})
    for stage in evaluation.STAGES:
        row = {"metric": f"{stage} latency p50 / p95 (ms)"}
        for name, eval_run in runs.items():
            latency = eval_run.report["total"]["latency_ms"][stage]
            row[name] = f"{evaluation.fmt('_ms', latency['p50'])} / {evaluation.fmt('_ms', latency['p95'])}"
        rows.append({**row, APPLIES_TO: "all"})
    return pd.DataFrame(rows).set_index("metric")


def metrics_chart(runs: dict, label_px: int) -> alt.Chart:
    """Headline rates side by side; a static chart, so scrolling over it scrolls the page. `label_px`: the metric
    names' width (Settings.metric_label_px), so that none is cut ("citation gold prec…")."""
    import altair as alt
    import pandas as pd

    data = [{"answerer": name, "metric": label, "percent": 100 * run.report["total"][key]}
            for name, run in runs.items() for key, label, _ in evaluation.METRICS
            if run.report["total"].get(key) is not None]
    return (alt.Chart(pd.DataFrame(data)).mark_bar()
            .encode(y=alt.Y("metric:N", sort=None, title=None, axis=alt.Axis(labelLimit=label_px)),
                    x=alt.X("percent:Q", title="% (MRR × 100)"),
                    yOffset="answerer:N", color="answerer:N", tooltip=["answerer", "metric", "percent"]))


def render_metrics(runs: dict, settings: Settings) -> None:
    st.header(wording.EVAL_METRICS)
    # The metric names as a column of their own, not the index (nor pinned): the grid draws those in a light grey,
    # 3.9:1 on the white (audit B14); an ordinary column's text is the page's near-black.
    frame = metrics_frame(runs, MAIN, PEER).reset_index()
    st.dataframe(frame, width="stretch", hide_index=True, column_config={
        "metric": st.column_config.TextColumn(pinned=False),
        **{name: st.column_config.TextColumn(width="small") for name in frame.columns if name not in ("metric", APPLIES_TO)}})
    # not .interactive(): no scroll zoom
    st.altair_chart(metrics_chart(runs, settings.metric_label_px), width="stretch")
    with st.expander(wording.EVAL_BY_GROUP):
        render_group_legend()
        main = runs[MAIN]
        st.markdown(evaluation.metrics_table({"total": main.report["total"], **dict(sorted(main.report["groups"].items()))}))


def render_group_legend() -> None:
    st.markdown("\n".join(f"- **{code}**: {meaning}" for code, meaning in GROUPS.items()))


def render_items(dataset: evaluation.Dataset, runs: dict, service: QAService | None = None) -> None:
    st.header(wording.EVAL_ITEMS)
    main = runs[MAIN]
    only_failures = st.toggle(wording.EVAL_ONLY_FAILURES, value=True, key="only_failures")
    frame = items_frame(main.rows)
    if only_failures:
        frame = frame[frame["problems"] > 0]
    groups = ", ".join(f"{code} = {meaning.split(':')[0]}" for code, meaning in GROUPS.items())
    st.caption(wording.EVAL_ITEMS_SHOWN.format(shown=len(frame), total=len(main.rows), groups=groups))
    event = st.dataframe(frame, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                         key="eval_items", column_config={"question": st.column_config.TextColumn(width="large")})
    selected = event.selection.rows if event is not None else []
    ids = list(frame["id"])
    if not ids:
        return
    clicked = frame.iloc[selected[0]]["id"] if selected else ids[0]
    chosen = st.selectbox(wording.EVAL_ITEM_SHOWN, ids, index=ids.index(clicked), key=f"eval-item-{clicked}")
    render_item(dataset, runs, chosen, treaty_attribution(service) if service is not None else None)


def treaty_attribution(service: QAService):
    """A function giving the attribution of the treaty a gold passage is quoted from ("" for the article, or text
    found in no treaty): the item view showed the treaties' gold text without the ToTA attribution that every other
    place showing treaty text has."""
    treaties = [(" ".join(d.text.split()).casefold(), d.source.attribution) for d in service.documents().values()
                if d.source.kind == "treaty" and d.source.attribution]

    def attribution(passage: str) -> str:
        words = " ".join(passage.split()).casefold()
        return next((line for text, line in treaties if words and words in text), "")
    return attribution


def render_item(dataset: evaluation.Dataset, runs: dict, item_id: str, attribution=None) -> None:
    item = next(i for i in dataset.items if i.id == item_id)
    row = next(r for r in runs[MAIN].rows if r["id"] == item_id)
    st.subheader(wording.EVAL_ITEM.format(id=item_id))
    problems = evaluation.item_problems(row)
    if problems:
        st.warning(escape_markdown("; ".join(problems)))
    expected, *answers = st.columns(1 + len(runs))
    with expected:
        st.markdown(wording.EVAL_GOLD)
        st.markdown(escape_markdown(item.question))
        if item.history:
            st.caption(wording.EVAL_EARLIER.format(questions=escape_markdown(" / ".join(item.history))))
        if not item.answerable:
            st.info(wording.EVAL_UNANSWERABLE)
        for snippet in item.gold_passages:
            st.markdown(f'<div class="eaeu-passage">{_html(snippet)}</div>', unsafe_allow_html=True)
            if attribution is not None and (line := attribution(snippet)):
                st.caption(escape_markdown(line))
        if item.key_facts:
            st.markdown(wording.EVAL_KEY_FACTS)
            answer = (row.get("answer") or "").casefold()
            for fact in item.key_facts:
                met = any(p.casefold() in answer for p in fact)
                st.markdown(("✓ " if met else "✗ ") + escape_markdown(" / ".join(fact)))
    for column, (name, eval_run) in zip(answers, runs.items()):
        with column:
            render_answer(name, next(r for r in eval_run.rows if r["id"] == item_id))


def _html(text: str) -> str:
    import html

    return html.escape(" ".join(text.split()))


def render_answer(name: str, row: dict) -> None:
    st.markdown(f"#### {name}")
    if row.get("error"):
        st.error(escape_markdown(wording.EVAL_ITEM_FAILED.format(error=row["error"])))
        return
    st.caption(wording.EVAL_REFUSED if not row.get("answerable") else wording.EVAL_ANSWERED)
    st.markdown(escape_markdown(row.get("answer") or wording.EVAL_EMPTY_ANSWER))
    for c in row.get("citations", []):
        st.markdown(f"**[{c['n']}] {escape_markdown(c['title'])}, {escape_markdown(c['locator'])}**")
        st.markdown(f'<div class="eaeu-passage">{_html(c["quote"])}</div>', unsafe_allow_html=True)
        if c.get("source_id") != "article" and c.get("attribution"):
            st.caption(escape_markdown(c["attribution"]))
    labels = {key: label for key, label, _ in evaluation.METRICS}  # the names the metrics table uses
    st.caption(" · ".join(f"{labels.get(k, k.replace('_', ' '))} {evaluation.fmt(k, v)}"
                          for k, v in row["metrics"].items() if v is not None and k != "refused"))


def render_history(service: QAService) -> None:
    st.header(wording.EVAL_HISTORY, anchor="history-of-runs")
    history = service.run_history()
    if not history:
        st.caption(wording.EVAL_NO_HISTORY)
        return
    import pandas as pd

    rows = [{"run at": h["run_at"], "commit": h["code_version"], "answerer": h["answerer"],
             "dataset": h["dataset"].rsplit("/", 1)[-1],
             **{label: h["total"].get(key) for key, label, _ in evaluation.METRICS}} for h in history]
    frame = pd.DataFrame(rows)
    long = frame.melt(id_vars=["run at", "commit", "answerer", "dataset"], var_name="metric", value_name="value")
    long = long.dropna(subset=["value"])
    chosen = st.multiselect(wording.EVAL_METRICS, [label for _, label, _ in evaluation.METRICS],
                            default=["hit@4", "citation recall", "key-fact recall", "unanswerable accuracy"])
    st.altair_chart(history_chart(long[long["metric"].isin(chosen)]), width="stretch")
    table, rows = history_table(frame, chosen), service.settings.history_rows
    if len(table) > rows:
        st.caption(wording.EVAL_HISTORY_SHOWN.format(shown=rows, total=len(table)))
    st.html(history_html(table.head(rows)))


def history_table(frame: pd.DataFrame, chosen: list[str]) -> pd.DataFrame:
    """The runs, newest first, with the metrics chosen for the chart (all sixteen columns took a sideways scroll on a
    phone and a Tab press each: audit B14, N9), the run's time as the chart labels it; what ran (commit, set) last."""
    columns = ["run at", "answerer", *chosen, "commit", "dataset"]
    return frame.sort_values("run at", ascending=False)[columns].assign(**{"run at": lambda f: f["run at"].map(_run_label)})


def history_html(table: pd.DataFrame) -> str:
    """The history as an HTML table: one row per run on a wide screen, a card per run (label beside value) on a phone
    (style.CSS's .eaeu-history). It was a data grid: on a phone it scrolled sideways inside its box (684 px of columns
    in 356), and the keyboard went into a canvas whose cells showed no focus ring; now the only Tab stop is the box,
    ringed, which scrolls sideways only on a wide screen with many metrics chosen. Values to three decimals."""
    import html

    def cell(column: str, value) -> str:
        number = column not in HISTORY_TEXT_COLUMNS
        missing = value is None or (isinstance(value, float) and value != value)  # None or NaN: not measured
        text = "–" if missing else f"{value:.3f}" if number and isinstance(value, (int, float)) else str(value)
        numeric = ' class="num"' if number else ""
        return f'<td data-label="{html.escape(column)}"{numeric}>{html.escape(text)}</td>'

    head = "".join(f'<th scope="col">{html.escape(column)}</th>' for column in table.columns)
    rows = "".join(f'<tr><th scope="row">{html.escape(str(row[0]))}</th>'
                   + "".join(cell(column, value) for column, value in zip(table.columns[1:], row[1:])) + "</tr>"
                   for row in table.itertuples(index=False))
    return (f'<div class="eaeu-history" role="region" tabindex="0" aria-label="{html.escape(wording.EVAL_HISTORY)}">'
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")


def _run_label(run_at: str) -> str:
    try:
        return datetime.fromisoformat(run_at).strftime(HISTORY_TIME)
    except (TypeError, ValueError):
        return str(run_at)


def history_chart(long: pd.DataFrame) -> alt.LayerChart:
    """Each metric over the runs: one x slot per run (in time order, labelled to the second), a colour per metric,
    and a line style and point shape per answerer, with legends, so two answerers' runs can be told apart. Within a
    run's slot every series (answerer and metric) has its own place: series at the same value (four metrics at 1.0)
    stand side by side instead of hiding one another."""
    import altair as alt

    long = long.assign(run=long["run at"].map(_run_label), series=long["answerer"] + " · " + long["metric"])
    long = long.sort_values("run at")
    base = alt.Chart(long).encode(
        x=alt.X("run:O", title="run (UTC)", sort=list(dict.fromkeys(long["run"])),
                axis=alt.Axis(labelAngle=-30, labelOverlap=True)),
        xOffset=alt.XOffset("series:N", sort=sorted(set(long["series"]))),
        y=alt.Y("value:Q", title="share", scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("metric:N", title="metric"),
        tooltip=["run at", "commit", "answerer", "dataset", "metric", alt.Tooltip("value:Q", format=".3f")])
    lines = base.mark_line().encode(strokeDash=alt.StrokeDash("answerer:N", title="answerer"),
                                    detail="dataset:N")  # no line joins two sets
    points = base.mark_point(filled=True, size=90).encode(shape=alt.Shape("answerer:N", title="answerer"))
    return alt.layer(lines, points)
