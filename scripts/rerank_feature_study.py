"""The study half of scripts/rerank_feature_fit.py: candidate features from the records, fitted leaving one set out."""

from __future__ import annotations

import math
import pickle
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOP = 4


class Text:
    """The index's chunks, their keyword tokens and each token's IDF (as BM25 counts documents)."""

    def __init__(self):
        from eaeu_qa.index import open_index
        from eaeu_qa.keyword_index import new_stemmer, token_strings, tokenize
        from eaeu_qa.settings import get_settings

        handle = open_index(get_settings())
        self.by_id = {c.chunk_id: c for c in handle.chunks}
        self.stemmer = new_stemmer()
        self._tokenize, self._strings = tokenize, token_strings
        ids = list(self.by_id)
        tokens = token_strings(tokenize([self.by_id[i].search_text for i in ids], self.stemmer))
        self.terms = {i: frozenset(t) for i, t in zip(ids, tokens)}
        heads = token_strings(tokenize([self.by_id[i].context or "-" for i in ids], self.stemmer))
        self.head_terms = {i: frozenset(t) for i, t in zip(ids, heads)}
        df: dict[str, int] = {}
        for terms in self.terms.values():
            for t in terms:
                df[t] = df.get(t, 0) + 1
        n = len(ids)
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        first: dict[tuple[str, str], int] = {}
        for c in handle.chunks:
            group = (c.source_id, c.article or c.section)
            first[group] = min(first.get(group, c.ordinal), c.ordinal)
        self.opening = {c.chunk_id: float(first[(c.source_id, c.article or c.section)] == c.ordinal)
                        for c in handle.chunks}

    def query_terms(self, query: str) -> frozenset[str]:
        return frozenset(t for t in self._strings(self._tokenize([query], self.stemmer))[0] if t in self.idf)

    def cover(self, terms: frozenset[str], ids: list[str], head: bool = False) -> np.ndarray:
        total = sum(self.idf[t] for t in terms)
        if not total:
            return np.zeros(len(ids))
        source = self.head_terms if head else self.terms
        return np.array([sum(self.idf[t] for t in terms & source[i]) / total for i in ids])


def candidates(text: Text, query: str, ids: list[str]) -> dict[str, np.ndarray]:
    """Candidate feature columns for one search's candidates."""
    terms = text.query_terms(query)
    cover = text.cover(terms, ids)
    head = text.cover(terms, ids, head=True)
    opening = np.array([text.opening.get(i, 0.0) for i in ids])
    return {"idf_cover": cover, "idf_cover_gap": cover - cover.max(), "head_cover": head,
            "opening": opening, "cover_and_gap": np.column_stack([cover, cover - cover.max()])}


def study(path: Path, show: bool) -> None:
    from eaeu_qa import rerank

    data = pickle.loads(path.read_bytes())
    records = [r for r in data["records"] if r["searches"]]
    shipped = rerank.Reranker.from_dict(data["shipped"])
    text = Text()
    for r in records:
        r["extra"] = [candidates(text, q, ids) for q, ids, _, _ in r["searches"]]
    sets = sorted({r["set"] for r in records})
    names = ["idf_cover", "idf_cover_gap", "head_cover", "opening", "cover_and_gap"]

    def rows(r, s, name):
        x = r["searches"][s][2]
        if name is None:
            return x
        extra = r["extra"][s][name]
        return np.column_stack([x, extra])

    def fit(train, name, l2):
        xs, ys = [], []
        for r in train:
            for s, (_, _, x, y) in enumerate(r["searches"]):
                if y.any():
                    xs.append(rows(r, s, name))
                    ys.append(y)
        return rerank.fit(np.vstack(xs), np.concatenate(ys), l2, shipped.model_name, shipped.dimension)

    def hit(model, r, name):
        x, y = rows(r, 0, name), r["searches"][0][3]
        return bool(y[model.order(x)[:TOP]].any())

    l2 = shipped.l2
    result = {"shipped": {r["key"]: hit(shipped, r, None) for r in records}}
    for name in [None, *names]:
        label = name or "refit (control)"
        result[label] = {}
        for part in sets:
            model = fit([r for r in records if r["set"] != part], name, l2)
            result[label].update({r["key"]: hit(model, r, name) for r in records if r["set"] == part})
    in_candidates = sum(r["searches"][0][3].any() for r in records)
    print(f"{len(records)} questions of {len(sets)} sets; gold among the first search's candidates: {in_candidates}")
    base = result["refit (control)"]
    for label, hits in result.items():
        per = {p: sum(hits[r["key"]] for r in records if r["set"] == p) for p in sets}
        ref = {p: sum(base[r["key"]] for r in records if r["set"] == p) for p in sets}
        up = sum(per[p] > ref[p] for p in sets)
        down = sum(per[p] < ref[p] for p in sets)
        gained = sum(hits[k] and not base[k] for k in hits)
        lost = sum(base[k] and not hits[k] for k in hits)
        print(f"{label:18s} {sum(hits.values())}/{len(records)}  vs control +{gained} -{lost}; "
              f"sets up {up} down {down}")
        if show and label != "refit (control)":
            for r in records:
                if hits[r["key"]] != base[r["key"]]:
                    print(f"    {'+' if hits[r['key']] else '-'} {r['key']}: {r['question'][:90]}")
    explain(records, shipped)


def explain(records, shipped) -> None:
    """Task 1: for the first-search misses with the gold among the candidates, each feature's share of the score gap
    between the passages placed above the best gold and that gold (shipped weights on standardised features)."""
    from eaeu_qa.rerank import FEATURES

    gaps = []
    for r in records:
        _, _, x, y = r["searches"][0]
        if not y.any():
            continue
        order = shipped.order(x)
        place = next(n for n, i in enumerate(order) if y[i])
        if place < TOP:
            continue
        gold = order[place]
        above = order[:TOP]
        z = (x - shipped.mean) / shipped.scale
        gaps.append(((z[above].mean(axis=0) - z[gold]) * shipped.weights))
    gaps = np.array(gaps)
    print(f"misses with the gold among the candidates (first search): {len(gaps)}; mean contribution of each feature "
          "to (top-4 mean score - gold score), positive = the feature holds the gold down:")
    for name, value, share in sorted(zip(FEATURES, gaps.mean(axis=0), (gaps > 0).mean(axis=0)), key=lambda t: -t[1]):
        print(f"    {name:16s} {value:+.3f}  (holds it down in {share:.0%})")
