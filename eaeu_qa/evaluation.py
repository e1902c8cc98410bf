"""Evaluation: read a JSONL question set, run an answerer over it, score every item, write reports."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterable

from .settings import PROJECT_ROOT, Settings
from .textrepair import contains_words, split_sentences, words

ANSWERERS = ("extractive", "baseline")
STAGES = ("condense", "retrieve", "answer", "total")
HIT_CUTOFFS = (1, 4, 8)
RECALL_CUTOFF = 8
# Citation support: share of the claim's content words that the quote must contain, and the minimum
# number of shared content words (fewer only when the claim itself is shorter). See docs/evaluation.md.
SUPPORT_SHARE = 0.5
SUPPORT_MIN_SHARED = 3
WORST_ITEMS = 10

# Headline metrics in report order: (key, label, applies to). Percentages except MRR.
METRICS = (
    ("hit@1", "hit@1", "answerable"),
    ("hit@4", "hit@4", "answerable"),
    ("hit@8", "hit@8", "answerable"),
    ("recall@8", "recall@8", "answerable"),
    ("mrr", "MRR", "answerable"),
    ("citation_recall", "citation recall", "answerable"),
    ("citation_precision", "citation precision", "items with citations"),
    ("citation_gold_precision", "citation gold precision", "answerable items with citations"),
    ("key_fact_recall", "key-fact recall", "answerable"),
    ("token_f1", "token F1", "answerable"),
    ("unanswerable_accuracy", "unanswerable accuracy", "unanswerable"),
    ("false_refusal", "false-refusal rate", "answerable"),
)
# Lower is better for these; the worst-item ranking and the delta table need to know.
LOWER_IS_BETTER = {"false_refusal"}

_MARKER = re.compile(r"\[(\d+)\]")
_MARKER_GROUP = re.compile(r"(?:\s*\[\d+\](?:\s*,)?)+")
_STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers him his how i if in into is it its itself just may me more most must my no nor not now of
off on once only or other our ours out over own same shall she should so some such than that the their
theirs them then there these they this those through to too under until up upon very was we were what when
where which while who whom why will with would you your
""".split())

Progress = Callable[[int, int], None]


# --- The question set ------------------------------------------------------------------------------

@dataclass(frozen=True)
class EvalItem:
    """One line of a question set (see eval/README.md)."""

    id: str
    question: str
    history: list[str]
    answerable: bool
    gold_passages: list[str]
    key_facts: list[list[str]]
    line: int = 0

    @property
    def group(self) -> str:
        """The id's leading letters: 'art07' -> 'art'."""
        return re.match(r"[A-Za-z]*", self.id).group() or "other"


@dataclass(frozen=True)
class ItemProblem:
    """A line that could not be used, with its 1-based line number."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class Dataset:
    items: list[EvalItem]
    problems: list[ItemProblem]
    sha256: str
    name: str = ""


def parse_dataset(data: bytes, name: str = "") -> Dataset:
    """Every valid item of a JSONL text; bad lines become problems with line numbers, never exceptions."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Dataset([], [ItemProblem(0, f"the file is not UTF-8 text ({exc.reason})")],
                       hashlib.sha256(data).hexdigest(), name)
    items, problems, seen = [], [], set()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            item = _parse_item(raw, number)
        except ValueError as exc:
            problems.append(ItemProblem(number, str(exc)))
            continue
        if item.id in seen:
            problems.append(ItemProblem(number, f"duplicate id {item.id!r}"))
            continue
        seen.add(item.id)
        items.append(item)
    if not items and not problems:
        problems.append(ItemProblem(0, "the file holds no items"))
    return Dataset(items, problems, hashlib.sha256(data).hexdigest(), name)


def read_dataset(path: Path) -> Dataset:
    return parse_dataset(Path(path).read_bytes(), name=str(path))


def _parse_item(raw: str, line: int) -> EvalItem:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    missing = [name for name in ("id", "question", "answerable") if name not in data]
    if missing:
        raise ValueError(f"missing field(s): {', '.join(missing)}")
    checks = [
        ("id", isinstance(data["id"], str) and data["id"].strip() != "", "a non-empty string"),
        ("question", isinstance(data["question"], str) and data["question"].strip() != "", "a non-empty string"),
        ("answerable", isinstance(data["answerable"], bool), "true or false"),
        ("history", _is_str_list(data.get("history", [])), "a list of strings"),
        ("gold_passages", _is_str_list(data.get("gold_passages", [])), "a list of strings"),
        ("key_facts", isinstance(data.get("key_facts", []), list)
         and all(_is_str_list(fact) and fact for fact in data.get("key_facts", [])),
         "a list of non-empty lists of strings"),
    ]
    for name, ok, expected in checks:
        if not ok:
            raise ValueError(f"field {name!r} must be {expected}")
    if data["answerable"] and not data.get("gold_passages"):
        raise ValueError("an answerable item needs at least one gold passage")
    return EvalItem(id=data["id"].strip(), question=data["question"], history=list(data.get("history", [])),
                    answerable=data["answerable"], gold_passages=list(data.get("gold_passages", [])),
                    key_facts=[list(f) for f in data.get("key_facts", [])], line=line)


def _is_str_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


# --- Metrics on one item ---------------------------------------------------------------------------

def gold_rank(passages: list[str], gold: list[str]) -> int | None:
    """1-based rank of the first passage holding any gold snippet, or None."""
    for rank, text in enumerate(passages, start=1):
        if any(contains_words(text, snippet) for snippet in gold):
            return rank
    return None


def hit_at(passages: list[str], gold: list[str], k: int) -> float:
    rank = gold_rank(passages, gold)
    return 1.0 if rank is not None and rank <= k else 0.0


def recall_at(passages: list[str], gold: list[str], k: int) -> float:
    """Share of the gold snippets found in some of the top-k passages."""
    if not gold:
        return 0.0
    top = passages[:k]
    return sum(any(contains_words(p, s) for p in top) for s in gold) / len(gold)


def reciprocal_rank(passages: list[str], gold: list[str]) -> float:
    rank = gold_rank(passages, gold)
    return 1.0 / rank if rank else 0.0


def content_words(text: str) -> set[str]:
    """Words that carry meaning: case-folded, not stopwords, not citation numbers, not single letters."""
    return {w for w in words(_MARKER.sub(" ", text)) if w not in _STOPWORDS and len(w) > 1}


def claims_by_citation(answer: str) -> dict[int, list[str]]:
    """For each [n]: the sentence it follows, cut at the previous marker group.

    The claim is the last sentence of the text between the previous marker group and this one, so a
    preamble sentence ("The documents do not report this. The closest passage is: ...") is not part of it.
    Adjacent markers ("[1][2]", "[1], [2]") share one claim. A marker with nothing before it since
    the previous group (e.g. at the very start) gets an empty claim and so supports nothing.
    """
    claims: dict[int, list[str]] = {}
    previous_end = 0
    for group in _MARKER_GROUP.finditer(answer):
        claim = _last_sentence(answer[previous_end:group.start()])
        for number in _MARKER.findall(group.group()):
            claims.setdefault(int(number), []).append(claim)
        previous_end = group.end()
    return claims


def _last_sentence(text: str) -> str:
    spans = split_sentences(text)
    return text[spans[-1][0]:spans[-1][1]] if spans else text.strip()


def supports(claim: str, quote: str) -> bool:
    """The quote shares at least SUPPORT_SHARE of the claim's content words (and SUPPORT_MIN_SHARED)."""
    claim_words = content_words(claim)
    if not claim_words:
        return False
    shared = len(claim_words & content_words(quote))
    return shared >= min(SUPPORT_MIN_SHARED, len(claim_words)) and shared / len(claim_words) >= SUPPORT_SHARE


def citation_scores(answer: str, citations: list[dict], gold: list[str]) -> dict[str, float | None]:
    """citation recall, precision (gold or support) and gold-only precision; None when undefined."""
    if not citations:
        return {"citation_recall": 0.0 if gold else None, "citation_precision": None,
                "citation_gold_precision": None}
    claims = claims_by_citation(answer)
    holds_gold = [any(contains_words(c.get("passage") or c.get("quote", ""), s) for s in gold) for c in citations]
    supported = [any(supports(claim, c.get("quote", "")) for claim in claims.get(c.get("n"), []))
                 for c in citations]
    good = [g or s for g, s in zip(holds_gold, supported)]
    return {
        "citation_recall": (1.0 if any(holds_gold) else 0.0) if gold else None,
        "citation_precision": sum(good) / len(citations),
        "citation_gold_precision": sum(holds_gold) / len(citations) if gold else None,
    }


def key_fact_recall(answer: str, key_facts: list[list[str]]) -> float | None:
    """Share of facts for which some accepted phrasing is a case-insensitive substring of the answer."""
    if not key_facts:
        return None
    folded = answer.casefold()
    return sum(any(p.casefold() in folded for p in fact) for fact in key_facts) / len(key_facts)


def token_f1(answer: str, gold: list[str]) -> float | None:
    """Bag-of-words F1 (SQuAD style) of the answer without [n] markers against all gold snippets joined."""
    if not gold:
        return None
    predicted = Counter(words(_MARKER.sub(" ", answer)))
    reference = Counter(w for snippet in gold for w in words(snippet))
    overlap = sum((predicted & reference).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(predicted.values())
    recall = overlap / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


def score_item(item: EvalItem, answer: dict[str, Any]) -> dict[str, float | None]:
    """All per-item metrics from an Answer.to_dict(); None marks a metric that does not apply."""
    refused = not answer.get("answerable", False)
    if not item.answerable:
        return {"unanswerable_accuracy": 1.0 if refused else 0.0, "refused": float(refused),
                **{key: None for key, _, scope in METRICS if key != "unanswerable_accuracy"},
                **_citation_precision_only(answer)}
    retrieved = [p.get("text", "") for p in sorted(answer.get("retrieved", []), key=lambda p: p.get("rank", 0))]
    gold = item.gold_passages
    text = answer.get("answer", "") or ""
    scores: dict[str, float | None] = {f"hit@{k}": hit_at(retrieved, gold, k) for k in HIT_CUTOFFS}
    scores["recall@8"] = recall_at(retrieved, gold, RECALL_CUTOFF)
    scores["mrr"] = reciprocal_rank(retrieved, gold)
    scores.update(citation_scores(text, answer.get("citations", []), gold))
    scores["key_fact_recall"] = key_fact_recall(text, item.key_facts)
    scores["token_f1"] = token_f1(text, gold)
    scores["unanswerable_accuracy"] = None
    scores["false_refusal"] = 1.0 if refused else 0.0
    scores["refused"] = float(refused)
    return scores


def _citation_precision_only(answer: dict[str, Any]) -> dict[str, float | None]:
    # An answer to an unanswerable question has no gold: only the support test can vouch for a citation.
    scores = citation_scores(answer.get("answer", "") or "", answer.get("citations", []), [])
    return {"citation_precision": scores["citation_precision"]}


# --- Aggregation -----------------------------------------------------------------------------------

def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def percentile(values: list[float], q: float) -> float | None:
    """Linear-interpolated percentile (numpy's default) of a non-empty list; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean of every metric over the items it applies to, item counts and per-stage latency p50/p95."""
    scored = [r for r in rows if not r.get("error")]
    summary: dict[str, Any] = {
        "items": len(rows),
        "answerable": sum(1 for r in rows if r["gold_answerable"]),
        "unanswerable": sum(1 for r in rows if not r["gold_answerable"]),
        "errors": len(rows) - len(scored),
    }
    for key, _, _ in METRICS:
        values = [r["metrics"].get(key) for r in scored]
        summary[key] = mean(values)
        summary[f"{key}_n"] = sum(v is not None for v in values)
    latency = {}
    for stage in STAGES:
        times = [r["timings_ms"][stage] for r in scored if stage in r.get("timings_ms", {})]
        latency[stage] = {"p50": percentile(times, 50), "p95": percentile(times, 95)}
    summary["latency_ms"] = latency
    return summary


def summarize_by_group(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["group"], []).append(row)
    return {name: summarize(members) for name, members in groups.items()}


# --- Running ---------------------------------------------------------------------------------------

def get_answerer(name: str, settings: Settings):
    """An object with .ask(question, history, k) -> Answer: the app's chain or the baseline peer."""
    if name == "extractive":
        from .chain import get_chain

        return get_chain(settings)
    if name == "baseline":
        from .baseline import get_baseline

        return get_baseline(settings)
    raise ValueError(f"unknown answerer {name!r}; choose one of: {', '.join(ANSWERERS)}")


def evaluate_item(item: EvalItem, answerer, k: int | None = None) -> dict[str, Any]:
    """Ask one item and score it; a failure becomes the row's error instead of stopping the run."""
    row: dict[str, Any] = {"id": item.id, "group": item.group, "line": item.line,
                           "gold_answerable": item.answerable, "question": item.question,
                           "history": item.history}
    try:
        answer = answerer.ask(item.question, history=item.history, k=k).to_dict()
    except Exception as exc:  # noqa: BLE001 - one bad item must not end a 100-item run
        row.update({"error": f"{type(exc).__name__}: {exc}", "metrics": {}, "timings_ms": {}})
        return row
    row.update(answer)
    row["metrics"] = score_item(item, answer)
    return row


def run_items(items: list[EvalItem], answerer, k: int | None = None,
              progress: Progress | None = None) -> list[dict[str, Any]]:
    rows = []
    for done, item in enumerate(items, start=1):
        rows.append(evaluate_item(item, answerer, k))
        if progress:
            progress(done, len(items))
    return rows


@dataclass
class EvalRun:
    """One answerer over one dataset: rows, totals, groups and what produced them."""

    answerer: str
    rows: list[dict[str, Any]]
    report: dict[str, Any] = field(default_factory=dict)


def evaluate(dataset: Dataset, answerer_name: str, settings: Settings, k: int | None = None,
             progress: Progress | None = None) -> EvalRun:
    answerer = get_answerer(answerer_name, settings)
    rows = run_items(dataset.items, answerer, k, progress)
    report = {
        "answerer": answerer_name,
        "dataset": {"name": dataset.name, "sha256": dataset.sha256, "items": len(dataset.items),
                    "invalid_lines": [dataclasses.asdict(p) for p in dataset.problems]},
        "index_fingerprint": _index_fingerprint(answerer, settings),
        "code_version": code_version(),
        "settings": _jsonable(dataclasses.asdict(settings)),
        "k": k,
        "total": summarize(rows),
        "groups": summarize_by_group(rows),
    }
    return EvalRun(answerer_name, rows, report)


def _index_fingerprint(answerer, settings: Settings) -> str:
    """The answerer's own store fingerprint (baseline) or the main index's."""
    if getattr(answerer, "fingerprint", None):
        return answerer.fingerprint
    from .index import read_info

    info = read_info(settings.index_dir)
    return info.fingerprint if info else "unknown"


def code_version() -> str:
    try:
        result = subprocess.run(["git", "describe", "--always", "--dirty", "--tags"], cwd=PROJECT_ROOT,
                                capture_output=True, text=True, timeout=10)
        if result.returncode == 0 and result.stdout.strip():
            return f"git {result.stdout.strip()}"
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return f"eaeu-qa {metadata.version('eaeu-qa')}"
    except metadata.PackageNotFoundError:
        return "unknown"


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, Path):
        return str(value)
    return value


# --- Reports ---------------------------------------------------------------------------------------

def compare(main: EvalRun, peer: EvalRun) -> list[dict[str, Any]]:
    """Per headline metric: both totals and main - peer (positive = main better, except where lower is)."""
    table = []
    for key, label, _ in METRICS:
        a, b = main.report["total"].get(key), peer.report["total"].get(key)
        table.append({"metric": key, "label": label, main.answerer: a, peer.answerer: b,
                      "delta": None if a is None or b is None else a - b,
                      "lower_is_better": key in LOWER_IS_BETTER})
    for stage in STAGES:
        a = main.report["total"]["latency_ms"][stage]["p50"]
        b = peer.report["total"]["latency_ms"][stage]["p50"]
        table.append({"metric": f"{stage}_p50_ms", "label": f"{stage} p50 (ms)", main.answerer: a,
                      peer.answerer: b, "delta": None if a is None or b is None else a - b,
                      "lower_is_better": True})
    return table


def write_run(run: EvalRun, out: Path, comparison: tuple[EvalRun, list[dict]] | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "results.jsonl").open("w", encoding="utf-8") as handle:
        for row in run.rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    report = dict(run.report)
    if comparison:
        peer, table = comparison
        report["comparison"] = {"peer": peer.answerer, "peer_total": peer.report["total"], "deltas": table}
    (out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    (out / "report.md").write_text(markdown_report(run, comparison), encoding="utf-8")


def fmt(key: str, value) -> str:
    if value is None:
        return "–"
    if key == "mrr":
        return f"{value:.3f}"
    if key.endswith("_ms"):
        return f"{value:.0f}"
    return f"{100 * value:.1f}%"


def metrics_table(columns: dict[str, dict[str, Any]]) -> str:
    """Markdown table: one row per metric, one column per named summary."""
    names = list(columns)
    lines = ["| metric | " + " | ".join(names) + " | applies to |", "|---|" + "---:|" * len(names) + "---|"]
    for key, label, scope in METRICS:
        cells = [f"{fmt(key, columns[n].get(key))} (n={columns[n].get(f'{key}_n', 0)})" for n in names]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {scope} |")
    for stage in STAGES:
        cells = [f"{fmt('_ms', columns[n]['latency_ms'][stage]['p50'])} / "
                 f"{fmt('_ms', columns[n]['latency_ms'][stage]['p95'])}" for n in names]
        lines.append(f"| {stage} latency p50 / p95 (ms) | " + " | ".join(cells) + " | all |")
    return "\n".join(lines)


def deltas_table(table: list[dict[str, Any]], main: str, peer: str) -> str:
    lines = [f"| metric | {main} | {peer} | delta |", "|---|---:|---:|---:|"]
    for row in table:
        key = row["metric"]
        delta = row["delta"]
        if delta is None:
            shown = "–"
        elif key == "mrr":
            shown = f"{delta:+.3f}"
        elif key.endswith("_ms"):
            shown = f"{delta:+.0f}"
        else:
            shown = f"{100 * delta:+.1f} pts"
        lines.append(f"| {row['label']} | {fmt(key, row[main])} | {fmt(key, row[peer])} | {shown} |")
    return "\n".join(lines)


def worst_items(rows: list[dict[str, Any]], limit: int = WORST_ITEMS) -> list[tuple[dict, list[str]]]:
    """The items with the most problems, each with its list of what went wrong."""
    ranked = [(row, item_problems(row)) for row in rows]
    ranked = [pair for pair in ranked if pair[1]]
    ranked.sort(key=lambda pair: (-len(pair[1]), pair[0]["id"]))
    return ranked[:limit]


def item_problems(row: dict[str, Any]) -> list[str]:
    if row.get("error"):
        return [f"error: {row['error']}"]
    m = row["metrics"]
    problems = []
    if not row["gold_answerable"]:
        if m.get("unanswerable_accuracy") == 0.0:
            problems.append("answered a question the documents cannot answer")
        return problems
    if m.get("false_refusal"):
        problems.append("refused an answerable question")
    if m.get("hit@8") == 0.0:
        problems.append("no gold passage in the top 8")
    elif m.get("hit@1") == 0.0:
        problems.append(f"gold passage only at rank {round(1 / m['mrr']) if m.get('mrr') else '?'}")
    if m.get("citation_recall") == 0.0 and not m.get("false_refusal"):
        problems.append("no citation holds a gold passage")
    if m.get("citation_precision") is not None and m["citation_precision"] < 1.0:
        problems.append(f"{100 * (1 - m['citation_precision']):.0f}% of citations neither gold nor supporting")
    if m.get("key_fact_recall") is not None and m["key_fact_recall"] < 1.0:
        problems.append(f"key facts stated: {100 * m['key_fact_recall']:.0f}%")
    return problems


def markdown_report(run: EvalRun, comparison: tuple[EvalRun, list[dict]] | None = None) -> str:
    report = run.report
    lines = [f"# Evaluation: `{run.answerer}`", "",
             f"- dataset: {report['dataset']['name']} ({report['dataset']['items']} items, "
             f"sha256 `{report['dataset']['sha256'][:16]}…`)",
             f"- index fingerprint: `{report['index_fingerprint']}`; code: `{report['code_version']}`; "
             f"k: {report['k'] or 'default'}", ""]
    if report["dataset"]["invalid_lines"]:
        lines.append("Skipped invalid lines:")
        lines += [f"- line {p['line']}: {p['message']}" for p in report["dataset"]["invalid_lines"]]
        lines.append("")
    if report["total"]["errors"]:
        lines += [f"Items that failed with an error: {report['total']['errors']}", ""]
    columns = {"total": report["total"], **dict(sorted(report["groups"].items()))}
    lines += ["## Metrics (total and by group)", "", metrics_table(columns), ""]
    if comparison:
        peer, table = comparison
        lines += [f"## `{run.answerer}` against `{peer.answerer}`", "",
                  deltas_table(table, run.answerer, peer.answerer), ""]
    lines += ["## Worst items", ""]
    worst = worst_items(run.rows)
    if not worst:
        lines.append("No item has a problem.")
    for row, problems in worst:
        lines.append(f"- **{row['id']}** {row.get('question', '')}  \n  " + "; ".join(problems))
    return "\n".join(lines) + "\n"


# --- Command line ----------------------------------------------------------------------------------

def register_cli(commands) -> None:
    """Add `eaeu-qa eval` to the subparsers of cli.build_parser."""
    parser = commands.add_parser("eval", help="run a JSONL question set and write results and reports")
    parser.add_argument("data", type=Path, help="question set, JSON Lines (see eval/README.md)")
    parser.add_argument("--out", type=Path, required=True, help="folder for results.jsonl, report.json, report.md")
    parser.add_argument("--answerer", choices=ANSWERERS, default="extractive")
    parser.add_argument("--compare", choices=ANSWERERS, default=None,
                        help="also run this answerer on the same items (into OUT/<name>/) and print the deltas")
    parser.add_argument("--k", type=int, default=None, help="passages to retrieve (default: the answerer's)")
    parser.set_defaults(handler=cmd_eval)


def cmd_eval(args, settings: Settings) -> int:
    from .corpus import fetch_sources

    if args.k is not None and args.k < 1:
        raise ValueError("--k must be at least 1")
    dataset = read_dataset(args.data)
    for problem in dataset.problems:
        print(f"warning: {args.data}: {problem} (skipped)", file=sys.stderr)
    if not dataset.items:
        print(f"error: {args.data} holds no valid items", file=sys.stderr)
        return 2
    fetch_sources(settings, log=lambda msg: print(msg, file=sys.stderr))
    run = _run_with_bar(dataset, args.answerer, settings, args.k)
    comparison = None
    if args.compare and args.compare != args.answerer:
        peer = _run_with_bar(dataset, args.compare, settings, args.k)
        comparison = (peer, compare(run, peer))
        write_run(peer, args.out / args.compare)
    write_run(run, args.out, comparison)
    print(metrics_table({args.answerer: run.report["total"]}) if not comparison
          else deltas_table(comparison[1], run.answerer, comparison[0].answerer))
    print(f"\nWrote {args.out / 'results.jsonl'}, report.json and report.md"
          + (f" (peer in {args.out / args.compare})" if comparison else ""))
    return 0


def _run_with_bar(dataset: Dataset, answerer: str, settings: Settings, k: int | None) -> EvalRun:
    from tqdm import tqdm

    with tqdm(total=len(dataset.items), desc=f"eval {answerer}", unit="item", file=sys.stderr) as bar:
        return evaluate(dataset, answerer, settings, k, progress=lambda done, total: bar.update(done - bar.n))
