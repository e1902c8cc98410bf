"""Gold passage in the top 4 of the answerable tuning questions, per tuning set, for retrieval variants.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/retrieval_fit.py [--set NAME=VALUE ...] [--show] [--also SET] [--fit]
                                                              [--write]

Tuning data only: the dev TUNING split (scripts/split.py) and eval/tune*.jsonl; eval/blind*.jsonl are never read,
the dev TEST split is left out. Each item is condensed once (cached in eval/runs/retrieval-condensed-<key>.pkl, keyed
by the fitted models, the package's code, the index and the settings: condensed_cache) and retrieved as the chain
retrieves it (a follow-up through followup_search).
--fit fits the source prior (eaeu_qa/source_prior.py) and Settings.source_prior_weight and prints held-out numbers
(5-fold, leave one set out); --write stores the prior fitted on every answerable tuning question.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from tuning import RETRIEVAL_SETS, tuning_items  # noqa: E402


def set_name(item: dict) -> str:
    name = item["key"].split(":")[0]
    return "dev TUNING" if name == "dev" else name


CONDENSED_KEEP = 4  # condensed-turn caches kept in eval/runs (the newest)


def condensed_cache(chain, package: Path = ROOT / "eaeu_qa", folder: Path = ROOT / "eval" / "runs") -> Path:
    """eval/runs/retrieval-condensed-<key>.pkl. A history is replayed (its turns retrieved and answered) before a turn
    is condensed, so the key covers all that decides the replay: every fitted model file and every source file of
    the package (query adapter, reranker, source prior, answering models; condensing and retrieval code), the index
    (fingerprint and chunk texts) and the settings. Whichever fit script runs first, each reads the condensations of
    the models it runs with."""
    from eaeu_qa import derived_cache

    handle = chain.retriever.handles[0]
    files = sorted(p for pattern in ("*.py", "*.json") for p in package.rglob(pattern))
    key = derived_cache.content_key("retrieval-condensed", files, [handle.info.fingerprint, repr(chain.settings),
                                                                   *derived_cache.chunk_texts(handle.chunks)])
    return folder / f"retrieval-condensed-{(key or 'unkeyed')[:16]}.pkl"


class Condensing:
    """Each item's Condensed (the chain's condense step with its replayed history), cached on disk (condensed_cache)."""

    def __init__(self, chain, cache: Path | None = None):
        cache = condensed_cache(chain) if cache is None else cache
        self.chain, self.cache = chain, cache
        self.known = pickle.loads(cache.read_bytes()) if cache.exists() else {}
        self.dirty = False

    def __call__(self, item: dict):
        from eaeu_qa.history import parse_history

        key = (item["question"], tuple(map(str, item.get("history") or [])))
        if key not in self.known:
            turns = parse_history(item.get("history") or [], self.chain.settings, keep_recent=True)
            states = self.chain.replay(turns)
            self.known[key] = self.chain.condenser.condense(item["question"], states)
            self.dirty = True
        return self.known[key]

    def save(self) -> None:
        if self.dirty:
            from eaeu_qa.files import atomic_write_bytes, keep_newest

            self.cache.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.cache, pickle.dumps(self.known))
            keep_newest(self.cache.parent.glob("retrieval-condensed-*.pkl"), CONDENSED_KEEP)


class UnfittableSettings(ValueError):
    """The settings switch on a ranking this script cannot replay."""


def require_replayable(settings) -> None:
    """Raise UnfittableSettings when rankings 4 or 5 of a follow-up are on (Settings.followup_history,
    followup_answer non-zero): `retrieve` has not the previous turn's question and answer, so every fit would retrieve
    otherwise than the chain, silently (the class of bug dcfded5 fixed for `aspect`)."""
    on = {name: getattr(settings, name) for name in ("followup_history", "followup_answer") if getattr(settings, name)}
    if on:
        raise UnfittableSettings(
            "the fit scripts cannot replay follow-up rankings 4/5 (they need the previous turn's question and answer): "
            + ", ".join(f"{name}={value}" for name, value in on.items())
            + "; set EAEU_QA_FOLLOWUP_HISTORY and EAEU_QA_FOLLOWUP_ANSWER to 0 or teach retrieval_fit.retrieve them")


def retrieve(retriever, settings, condensed, k: int = 8):
    """The passages the chain would retrieve for this condensed turn (chain.QAChain._retrieve). The previous turn's
    question and answer are not in a Condensed: rankings 4 and 5 of a follow-up (Settings.followup_history,
    followup_answer; both 0 as shipped) cannot be searched here, so either non-zero raises (require_replayable)."""
    from eaeu_qa import followup_search

    require_replayable(settings)
    if condensed.is_follow_up:
        return followup_search.search(retriever, condensed.standalone, condensed.own, condensed.cited,
                                      condensed.shift, k, switch=condensed.mode == "switch",
                                      other_aspect=condensed.other_aspect,
                                      weights=followup_search.FollowUpWeights.from_settings(settings))
    return retriever.search(condensed.standalone, k=k)


def gold_ranks(retriever, settings, items: list[dict], condensing: Condensing) -> dict[str, int | None]:
    from eaeu_qa.evaluation import gold_rank

    return {i["key"]: gold_rank([p.chunk.text for p in retrieve(retriever, settings, condensing(i))],
                                i["gold_passages"]) for i in items}


def per_set(items: list[dict], ranks: dict[str, int | None], top: int = 4) -> dict[str, tuple[int, int]]:
    """set -> (gold in the top `top`, answerable items); "all" pooled."""
    table: dict[str, list[int]] = {}
    for item in items:
        hit = int(ranks[item["key"]] is not None and ranks[item["key"]] <= top)
        for name in (set_name(item), "all"):
            table.setdefault(name, [0, 0])
            table[name][0] += hit
            table[name][1] += 1
    return {name: (h, n) for name, (h, n) in table.items()}


def line(table: dict[str, tuple[int, int]]) -> str:
    return ", ".join(f"{name} {h}/{n}" for name, (h, n) in table.items()) + \
        f" ({table['all'][0] / table['all'][1]:.1%})"


def print_refit(what: str, items: list[dict], shipped: dict[str, int | None], after: dict[str, int | None],
                top: int = 4, held: str = "held out") -> None:
    """The shipped and the refitted `what` per set (gold in the top `top`), then each item whose hit changed."""
    print(f"shipped {what}: {line(per_set(items, shipped, top))}")
    print(f"refitted, {held}: {line(per_set(items, after, top))}")
    for item in items:
        b, a = shipped[item["key"]], after[item["key"]]
        if (b is not None and b <= top) != (a is not None and a <= top):
            print(f"    {item['key']}: {b} -> {a}: {item['question'][:100]}")


def open_chain(settings):
    from eaeu_qa.chain import QAChain
    from eaeu_qa.index import open_index
    from eaeu_qa.retrieval import HybridRetriever

    require_replayable(settings)  # before any work
    return QAChain(settings, HybridRetriever(handles=[open_index(settings)], settings=settings))


FOLDS = 5
SEED = 8
PRIOR_WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0)  # Settings.source_prior_weight


def family_label(item: dict, chunks) -> float | None:
    """1 when every gold passage is in a treaty, 0 when every one is in the analysis, None when mixed or unfound."""
    from eaeu_qa.source_prior import family
    from eaeu_qa.textrepair import contains_words

    found = {family(next((c.source_id for c in chunks if contains_words(c.text, g)), ""))
             for g in item["gold_passages"]}
    return float(found.pop()) if len(found) == 1 and None not in found else None


def fit_prior(vectors, labels, shrinkage: float, seed: int = SEED):
    """A SourcePrior on these labelled question vectors: the LDA direction on all of them, its score calibrated
    by a logistic fit on out-of-fold scores (what a held-out question's score looks like)."""
    from eaeu_qa.answering.answerability import fit_logistic
    from eaeu_qa.answering.answerability_kind import fit_direction, out_of_fold_scores
    from eaeu_qa.source_prior import SourcePrior

    oof = out_of_fold_scores(vectors, labels, shrinkage, FOLDS, seed)
    mean, scale, w, b = fit_logistic(oof[:, None], labels, l2=1.0)
    slope = float(w[0] / scale[0])
    return SourcePrior(fit_direction(vectors, labels, shrinkage), slope, float(b - mean[0] * slope), shrinkage)


class PriorStudy:
    """Fits the source prior and its fusion weight; every number it prints is held out (k-fold or by set)."""

    def __init__(self, chain, items: list[dict], condensing: Condensing):
        from eaeu_qa.embeddings import encode_query

        self.chain, self.items, self.condensing = chain, items, condensing
        self.retriever_class = memoised(type(chain.retriever))
        self.labels = {i["key"]: family_label(i, chain.retriever.chunks) for i in items}
        self.vectors = {i["key"]: encode_query(chain.settings.embedding, [condensing(i).standalone])[0] for i in items}

    def labelled(self, keys) -> tuple:
        keys = [k for k in keys if self.labels[k] is not None]
        return (np.array([self.vectors[k] for k in keys]), np.array([self.labels[k] for k in keys]))

    def fold_priors(self, keys: list[str], shrinkage: float, seed: int = SEED) -> dict:
        """key -> the prior fitted on the other folds (k-fold over `keys`)."""
        order = np.random.default_rng(seed).permutation(len(keys))
        priors = {}
        for fold in np.array_split(order, FOLDS):
            held = {keys[j] for j in fold}
            prior = fit_prior(*self.labelled([k for k in keys if k not in held]), shrinkage, seed)
            priors.update((k, prior) for k in held)
        return priors

    def ranks(self, weight: float, priors: dict, items: list[dict]) -> dict:
        settings = replace(self.chain.settings, source_prior_weight=weight)
        made: dict = {}
        ranks = {}
        for item in items:
            prior = priors[item["key"]]
            if id(prior) not in made:
                made[id(prior)] = self.retriever_class(handles=self.chain.retriever.handles, settings=settings,
                                                       source_prior=prior)
            ranks.update(gold_ranks(made[id(prior)], settings, [item], self.condensing))
        return ranks

    def auc(self, shrinkage: float) -> float:
        from calibrate import auc
        from eaeu_qa.answering.answerability_kind import out_of_fold_scores

        x, y = self.labelled([i["key"] for i in self.items])
        return auc(out_of_fold_scores(x, y, shrinkage, FOLDS, SEED), y)

    def shrinkage(self) -> float:
        """The direction's shrinkage: the best out-of-fold ROC AUC (ties: more shrinkage), as for the kind direction."""
        from eaeu_qa.answering.answerability_kind import SHRINKAGES

        aucs = {s: self.auc(s) for s in SHRINKAGES}
        shrinkage = max(SHRINKAGES, key=lambda s: (round(aucs[s], 3), s))
        x, y = self.labelled([i["key"] for i in self.items])
        print(f"source prior: {len(y)} labelled tuning questions ({int(y.sum())} treaty, {int(len(y) - y.sum())} "
              "analysis); out-of-fold ROC AUC of the direction by shrinkage:",
              ", ".join(f"{s}: {a:.3f}" for s, a in aucs.items()), f"-> {shrinkage}")
        return shrinkage

    def run(self, shrinkage: float) -> float:
        keys = [i["key"] for i in self.items]
        priors = self.fold_priors(keys, shrinkage)
        tables = {w: per_set(self.items, self.ranks(w, priors, self.items)) for w in PRIOR_WEIGHTS}
        print(f"  gold in the top 4, {FOLDS}-fold (each question's prior fitted without its fold), by weight:")
        for w, table in tables.items():
            print(f"    {w}: {line(table)}")
        weight = max(PRIOR_WEIGHTS, key=lambda w: (tables[w]["all"][0], -w))
        print(f"  -> weight {weight} (ties: the smaller; set Settings.source_prior_weight to it)")
        self.leave_one_set_out(shrinkage)
        return weight

    def leave_one_set_out(self, shrinkage: float) -> None:
        """Each tuning set scored with the prior fitted on the other sets and the weight those sets choose in
        their own k-fold (nested): the across-authors number."""
        names = list(dict.fromkeys(set_name(i) for i in self.items))
        base = per_set(self.items, self.ranks(0.0, {i["key"]: None for i in self.items}, self.items))
        total = [0, 0]
        print("  leave one set out (prior and weight fitted on the other sets; without the prior -> with):")
        for name in names:
            held = [i for i in self.items if set_name(i) == name]
            rest = [i for i in self.items if set_name(i) != name]
            inner = self.fold_priors([i["key"] for i in rest], shrinkage)
            hits = {w: per_set(rest, self.ranks(w, inner, rest))["all"][0] for w in PRIOR_WEIGHTS}
            weight = max(PRIOR_WEIGHTS, key=lambda w: (hits[w], -w))
            prior = fit_prior(*self.labelled([i["key"] for i in rest]), shrinkage)
            got = per_set(held, self.ranks(weight, {i["key"]: prior for i in held}, held))["all"]
            total[0] += got[0]
            total[1] += got[1]
            print(f"    {name}: {base[name][0]}/{base[name][1]} -> {got[0]}/{got[1]} (weight {weight})")
        print(f"    all: {base['all'][0]}/{base['all'][1]} -> {total[0]}/{total[1]}")


MEMO_SIZE = 50_000  # rankings kept (least recently used dropped first): a few grids' worth of questions and vectors


class Memo:
    """A bounded memo: a value per key, computed once; beyond `size` entries the least recently used is dropped."""

    def __init__(self, size: int = MEMO_SIZE):
        self.size, self.entries = size, OrderedDict()

    def __call__(self, key, compute):
        if key in self.entries:
            self.entries.move_to_end(key)
            return self.entries[key]
        value = self.entries[key] = compute()
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return value


_MEMO = Memo()


def settings_overrides(pairs: list[str]) -> dict:
    """--set NAME=VALUE pairs as Settings field values, coerced as the environment overrides are."""
    from eaeu_qa.settings import Settings, _coerce

    fields = {f.name: f for f in Settings.__dataclass_fields__.values()}
    return {name: _coerce(name, fields[name].type, value) for name, value in (p.split("=", 1) for p in pairs)}


def memoised(retriever_class, memo: Memo = _MEMO):
    """A retriever class whose question encodings and rankings are computed once per query and vector (the fusion,
    placement and reranking run every time): the grids re-rank the same questions many times, with many adapters
    (the dense rankings are keyed by the vector they rank with, so a moved vector is ranked again). Only for settings
    that leave the rankings as they are."""

    class Memoised(retriever_class):
        def _query_vector(self, query):
            return memo(("vector", query), lambda: super(Memoised, self)._query_vector(query))

        def _chunk_hits(self, vector, k):
            return memo(("hits", _vector_key(vector), k), lambda: super(Memoised, self)._chunk_hits(vector, k))

        def dense_ranking(self, query, k, vector=None, hits=None):
            return memo(("dense", query, k, _vector_key(vector)),
                        lambda: super(Memoised, self).dense_ranking(query, k, vector, hits))

        def unit_ranking(self, query, k, vector=None, hits=None):
            return memo(("units", query, k, _vector_key(vector)),
                        lambda: super(Memoised, self).unit_ranking(query, k, vector, hits))

        def lexical_ranking(self, query, k):
            return memo(("lexical", query, k), lambda: super(Memoised, self).lexical_ranking(query, k))

        def keyword_rankings(self, query, extra, k):
            return memo(("keywords", query, tuple(extra), k),
                        lambda: super(Memoised, self).keyword_rankings(query, extra, k))

    return Memoised


def _vector_key(vector) -> bytes | None:
    return None if vector is None else np.asarray(vector, dtype=np.float32).tobytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", default=[], help="a Settings override NAME=VALUE (repeatable)")
    parser.add_argument("--show", action="store_true", help="print each miss")
    parser.add_argument("--also", action="append", default=[],
                        help="an eval/ tuning set to measure too, e.g. one not yet in RETRIEVAL_SETS (repeatable)")
    parser.add_argument("--fit", action="store_true", help="fit the source prior and its weight (printed)")
    parser.add_argument("--write", action="store_true", help="fit the prior on all answerable tuning questions and save "
                                                             "it (eaeu_qa/source_prior.json)")
    args = parser.parse_args()

    from eaeu_qa.retrieval import HybridRetriever
    from eaeu_qa.settings import get_settings

    settings = get_settings()
    chain = open_chain(settings)
    condensing = Condensing(chain)
    items = [i for i in tuning_items(RETRIEVAL_SETS + tuple(n for n in args.also if n not in RETRIEVAL_SETS))
             if i["answerable"]]
    overrides = settings_overrides(args.set)
    if args.fit or args.write:
        study = PriorStudy(chain, items, condensing)
        shrinkage = study.shrinkage()
        if args.fit:
            study.run(shrinkage)
        condensing.save()
        if args.write:
            import json

            from eaeu_qa.source_prior import MODEL_FILE

            prior = fit_prior(*study.labelled([i["key"] for i in items]), shrinkage)
            prior = replace(prior, embedding_model=settings.model_name)  # checked on load (fitted_model.py)
            MODEL_FILE.write_text(json.dumps(prior.to_dict()) + "\n", encoding="utf-8")
            print(f"wrote {MODEL_FILE.relative_to(ROOT)}")
        return 0
    variant = replace(settings, **overrides)
    retriever = HybridRetriever(handles=chain.retriever.handles, settings=variant)
    ranks = gold_ranks(retriever, variant, items, condensing)
    condensing.save()
    print(f"gold in the top 4 ({overrides or 'settings as they are'}):", line(per_set(items, ranks)))
    if args.show:
        for item in items:
            rank = ranks[item["key"]]
            if rank is None or rank > 4:
                print(f"  {item['key']} rank {rank}: {item['question'][:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
