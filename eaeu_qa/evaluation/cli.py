"""`eaeu-qa eval`: run a question set, write results.jsonl, report.json and report.md, print the deltas."""

from __future__ import annotations

import sys
from pathlib import Path

from ..settings import Settings
from .dataset import Dataset, read_dataset
from .reports import compare, deltas_table, metrics_table, new_run_folder, point_latest, write_run
from .running import ANSWERERS, EvalRun, evaluate


def register_cli(commands) -> None:
    """Add `eaeu-qa eval` to the subparsers of cli.build_parser."""
    parser = commands.add_parser("eval", help="run a JSONL question set and write results and reports")
    parser.add_argument("data", type=Path, help="question set, JSON Lines (see eval/README.md)")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for results.jsonl, report.json, report.md (default: a new folder per run under "
                             "the reports folder, EAEU_QA_REPORTS_DIR or eval/runs, named by time, set and answerer; "
                             "<reports folder>/latest links to the newest)")
    parser.add_argument("--answerer", choices=ANSWERERS, default="extractive")
    parser.add_argument("--compare", choices=ANSWERERS, default=None,
                        help="also run this answerer on the same items (into OUT/<name>/) and print the deltas")
    parser.add_argument("--k", type=int, default=None, help="passages to retrieve (default: the answerer's)")
    parser.set_defaults(handler=cmd_eval)


def cmd_eval(args, settings: Settings) -> int:
    from ..corpus import fetch_sources

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
    own_folder = args.out is None
    if own_folder:  # under the reports folder the Evaluation page's history reads (runlog.read); no run overwritten
        args.out = new_run_folder(settings.reports_dir, args.data, args.answerer)
    comparison = None
    if args.compare and args.compare != args.answerer:
        peer = _run_with_bar(dataset, args.compare, settings, args.k)
        comparison = (peer, compare(run, peer))
        write_run(peer, args.out / args.compare)
    write_run(run, args.out, comparison)
    if own_folder:
        try:
            point_latest(settings.reports_dir, args.out)
        except OSError as exc:  # no symbolic links here: the run is written all the same
            print(f"warning: could not point {settings.reports_dir / 'latest'} to {args.out}: {exc}", file=sys.stderr)
    print(metrics_table({args.answerer: run.report["total"]}) if not comparison
          else deltas_table(comparison[1], run.answerer, comparison[0].answerer))
    print(f"\nWrote {args.out / 'results.jsonl'}, report.json and report.md"
          + (f" (peer in {args.out / args.compare})" if comparison else ""))
    return 0


def _run_with_bar(dataset: Dataset, answerer: str, settings: Settings, k: int | None) -> EvalRun:
    from tqdm import tqdm

    with tqdm(total=len(dataset.items), desc=f"eval {answerer}", unit="item", file=sys.stderr) as bar:
        return evaluate(dataset, answerer, settings, k, progress=lambda done, total: bar.update(done - bar.n))
