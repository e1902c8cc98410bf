"""Evaluation: read a JSONL question set, run an answerer over it, score every item, write reports."""

from .dataset import Dataset, EvalItem, ItemProblem, parse_dataset, read_dataset
from .metrics import (HIT_CUTOFFS, LOWER_IS_BETTER, METRICS, RECALL_CUTOFF, STAGES, SUPPORT_MIN_SHARED,
                      SUPPORT_SHARE, citation_scores, claims_by_citation, content_words, gold_leads, gold_rank, hit_at,
                      key_fact_recall, mean, percentile, recall_at, reciprocal_rank, score_item, summarize,
                      summarize_by_group, supported_sentences, supports, token_f1)
from .reports import (WORST_ITEMS, compare, deltas_table, fmt, item_problems, markdown_report, metrics_table,
                      worst_items, write_run)
from .running import ANSWERERS, EvalRun, Progress, code_version, evaluate, evaluate_item, get_answerer, run_items
from .cli import cmd_eval, register_cli

__all__ = [
    "ANSWERERS", "Dataset", "EvalItem", "EvalRun", "HIT_CUTOFFS", "ItemProblem", "LOWER_IS_BETTER", "METRICS",
    "Progress", "RECALL_CUTOFF", "STAGES", "SUPPORT_MIN_SHARED", "SUPPORT_SHARE", "WORST_ITEMS",
    "citation_scores", "claims_by_citation", "cmd_eval", "code_version", "compare", "content_words",
    "deltas_table", "evaluate", "evaluate_item", "fmt", "get_answerer", "gold_leads", "gold_rank", "hit_at", "item_problems",
    "key_fact_recall", "markdown_report", "mean", "metrics_table", "parse_dataset", "percentile", "read_dataset",
    "recall_at", "reciprocal_rank", "register_cli", "run_items", "score_item", "summarize", "summarize_by_group",
    "supported_sentences", "supports", "token_f1", "worst_items", "write_run",
]
