"""Evaluation: dev-set metrics and reports (see the evaluation issue)."""
