"""Fit the answerer's two small models on the TUNING data only and print held-out numbers.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/calibrate.py [--write] [--leave-one-set-out]

Tuning data: the tuning part of eval/dev.jsonl (scripts/split.py: per group, all but every third item)
plus eval/tune.jsonl, eval/tune2.jsonl and eval/tune3.jsonl (extra questions written for tuning, in users'
voices): scripts/tuning.py's UNIT_SETS. The answerability model (2.) fits on ANSWERABILITY_SETS (those and
tune_un, tune4, tune5, tune6). The dev TEST part is never used for fitting; its numbers are printed at the end.
eval/blind*.jsonl are never read.
--leave-one-set-out also prints the answerability model across authors (each tuning set scored by models fitted on
the other sets, the kind direction nested the same way, at the cross-validated thresholds).

0. Retrieval settings, each by gold passage in the top 4 of the answerable tuning questions (printed; set in
   eaeu_qa/settings.py by hand): the unit-ranking weight, the corpus-neighbour cosine, the part weight.
1. Unit model (eaeu_qa/answering/compose.py): logistic regression over candidate units of answerable
   tuning questions, label = the unit holds (or lies inside) a gold snippet. Then, on the mean of gold cited
   and key facts stated over those questions: the follow share, the number of units quoted with the run-on
   length of a short sentence (Settings.max_answer_sentences is set by hand to the printed value), and the
   run-on into the next unit (within LENGTH_BUDGET of the answers' length without), each composing with the second
   unit and the stop of Settings; then those two (Settings.second_unit_share, Settings.least_marginal, set by hand
   to the printed values) on the precision objective, the stop by a flat optimum (fit_composition) among the pairs
   that keep the recall budget on tuning and on the sets outside the unit model's data (composition_fit.HELD_SETS).
2. Answerability model (eaeu_qa/answering/answerability.py): logistic regression over the evidence
   features of tuning questions that no structural rule decides; its threshold is chosen on 5-fold
   out-of-fold probabilities (the split repeated with REPEATS seeds, pooled): the highest share of unanswerable
   questions refused while at most a cap of answerable ones are, and those cross-validated numbers are printed. The cap is chosen among
   answerability_cv.CAPS by the per-set refusal targets on the sets left out one at a time (answerability_cv.choose_cap).
   Two features, question_kind and question_form, are the scores of the question's vector and of its
   topic-masked vector on directions fitted on the same items (eaeu_qa/answering/answerability_kind.py; the
   shrinkages and the masking IDF chosen by out-of-fold ROC AUC). The regression only ever sees out-of-fold
   kind scores: inside each outer fold the training items get theirs from an inner k-fold split and the
   held-out fold from directions fitted on the training items (nested, so the printed cross-validated
   numbers carry no leak; scripts/answerability_cv.py).
--write saves both into eaeu_qa/answering/answerability_model.json, and the learnt question-sentence relevance model
(eaeu_qa/answering/relevance.py, scripts/relevance_fit.py; fitted in step 1 on the unit model's answerable tuning
questions) into eaeu_qa/answering/relevance_model.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from answerability_cv import (CAPS, FOLDS, FORM, KIND, L2, PRODUCT_COLUMNS, REPEATS, SEED, DirectionColumn,  # noqa: E402
                               auc, choose_cap, choose_threshold, leave_one_set_out, oof_probabilities, rates,
                               set_probabilities)
from collector import Collector, open_collector  # noqa: E402
from composition_fit import composition_score, fit_composition, held_items  # noqa: E402
from logistic_fit import fit_folded  # noqa: E402
from relevance_fit import fit_relevance, item_pairs, write_relevance  # noqa: E402
from split import dev_test_ids  # noqa: E402
from tuning import ANSWERABILITY_SETS, UNIT_SETS, read_items, tuning_items  # noqa: E402

from eaeu_qa.answering.answerability import MODEL_FILE, LogisticModel, fit_logistic  # noqa: E402
from eaeu_qa.answering.answerability_kind import (MASK_IDFS, SHRINKAGES, KindDirection, fit_direction,  # noqa: E402
                                                  out_of_fold_scores)
from eaeu_qa.answering.compose import UNIT_FEATURES, UnitModel  # noqa: E402
from eaeu_qa.answering.evidence import FEATURES, SIGNS  # noqa: E402
from eaeu_qa.textrepair import contains_words  # noqa: E402

FOLLOW_SHARES = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6)
EXTEND_WORDS = (0, 6, 8, 10, 12, 15)
ANSWER_UNITS = (3, 4)  # Settings.max_answer_sentences
NEXT_SHARES = (None, 0.5, 0.4, 0.3, 0.25, 0.2, 0.1, 0.0)  # run-on into the next unit; None = never
# Quoting more always states more key facts: a run-on share is only eligible while the answers stay within this
# much of the length without run-ons (mean characters quoted over the answerable tuning questions).
LENGTH_BUDGET = 0.10
UNIT_WEIGHTS = (0.0, 0.25, 0.5, 1.0)
PART_WEIGHTS = (0.0, 0.5, 1.0, 2.0)
NEIGHBOUR_COSINES = (0.0, 0.4, 0.5, 0.6, 0.7)  # Settings.neighbour_cosine; 0 = off


def learnt_unit_rows(collector: Collector, answerable: list[dict]) -> tuple[list, object]:
    """The unit model's rows with the learnt relevance (feature learnt_relevance) of each question from a relevance
    model fitted without it (k-fold, so the unit model does not learn an in-sample score), and the relevance model
    fitted on all of them, which the answerer then composes with."""
    model_name = collector.answerer.settings.model_name
    pairs = [item_pairs(collector, i) for i in answerable]
    rows: list = []
    order = np.random.default_rng(SEED).permutation(len(answerable))
    for fold in np.array_split(order, FOLDS):
        collector.answerer.relevance = fit_relevance([pairs[k] for k in np.setdiff1d(order, fold)], model_name)
        rows += [r for k in sorted(fold) for r in collector.unit_rows(answerable[k])]
    collector.answerer.relevance = fit_relevance(pairs, model_name)
    return rows, collector.answerer.relevance


def fit_unit_model(collector: Collector, answerable: list[dict]) -> tuple[dict, object]:
    """Step 1: the learnt relevance model, the unit model and its composition shares on the answerable tuning
    questions (printed); the collector's answerer is left composing with both. Returns the stored form of the unit
    model and the relevance model."""
    rows, relevance_model = learnt_unit_rows(collector, answerable)
    x = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])
    weights, bias = fit_folded(x, y, L2)  # relevance = sigmoid(weights . x + bias)
    unit_model = {"features": list(UNIT_FEATURES), "weights": weights.tolist(), "bias": bias}
    print(f"unit model on {len(y)} units ({int(y.sum())} gold):",
          ", ".join(f"{n} {v:+.2f}" for n, v in zip(UNIT_FEATURES, weights)), f"bias {bias:+.2f}")
    # The grids below compose with the second unit and the stop of Settings (fitted last, on the grids' result).
    settings = collector.answerer.settings
    composition = (settings.second_unit_share if settings.second_unit_share >= 0 else None, settings.least_marginal)
    collector.answerer.unit_model = UnitModel.from_dict(unit_model).with_composition(*composition)
    # The share of the best relevance a further unit needs: the grid value with the best mean of gold cited
    # and key facts stated over the answerable tuning questions.
    results = {share: composition_score(collector, answerable, share) for share in FOLLOW_SHARES}
    best_share = max(results, key=lambda share: (results[share], -share))
    unit_model["follow_share"] = best_share
    collector.answerer.unit_model = UnitModel.from_dict(unit_model).with_composition(*composition)
    print("follow share (gold cited + key facts)/2 on tuning:",
          ", ".join(f"{k:.2f}: {v:.3f}" for k, v in results.items()), f"-> {best_share}")
    # How many units an answer quotes and the sentence length below which a quoted sentence runs on into the
    # next one, jointly on the same score (ties: the shorter answer, the shorter run-on).
    results = {(n, e): composition_score(collector, answerable, best_share, e, n)
               for n in ANSWER_UNITS for e in EXTEND_WORDS}
    best_units, best_extend = max(results, key=lambda k: (round(results[k], 6), -k[0], -k[1]))
    unit_model["extend_words"] = best_extend
    for n in ANSWER_UNITS:
        print(f"{n} units, run-on below N words, (gold cited + key facts)/2 on tuning:",
              ", ".join(f"{e}: {results[n, e]:.3f}" for e in EXTEND_WORDS))
    print(f"-> {best_units} units (set Settings.max_answer_sentences to it), run-on below {best_extend} words")
    collector.answerer.unit_model = UnitModel.from_dict(unit_model).with_composition(*composition)
    # The share of the best relevance with which the next unit of a quoted paragraph is taken in, on the same score,
    # among the shares whose answers stay within LENGTH_BUDGET of the length without (ties: the larger share).
    scores, lengths = {}, {}
    for share in NEXT_SHARES:
        length: list = []
        scores[share] = composition_score(collector, answerable, best_share, best_extend, best_units, share, length)
        lengths[share] = length[0]
    eligible = [s for s in NEXT_SHARES if lengths[s] <= (1 + LENGTH_BUDGET) * lengths[None]]
    best_next = max(eligible, key=lambda s: (round(scores[s], 6), s is None, s or 0))
    unit_model["next_share"] = best_next
    print("run-on into the next unit at share (gold cited + key facts)/2, mean characters quoted, on tuning:",
          ", ".join(f"{s}: {scores[s]:.3f} {lengths[s]:.0f}" for s in NEXT_SHARES),
          f"-> {best_next} (within {LENGTH_BUDGET:.0%} of the length without)")
    collector.answerer.unit_model = UnitModel.from_dict(unit_model).with_composition(*composition)
    # A second unit of a quoted paragraph, and where the answer stops (in Settings, not in the stored model).
    share, least, _ = fit_composition(collector, answerable, collector.answerer.unit_model, best_units, held_items())
    collector.answerer.unit_model = collector.answerer.unit_model.with_composition(share, least)
    return unit_model, relevance_model


def retrieval_settings(collector: Collector, chain, settings, answerable: list[dict]) -> None:
    """Step 0 (printed; set in Settings by hand): the RRF weight of the multi-vector (sentence) ranking and the
    corpus-neighbour cosine by gold-in-top-4 on the answerable tuning items, the part weight on multi-part ones."""
    from eaeu_qa.evaluation import gold_rank
    from eaeu_qa.retrieval import HybridRetriever

    hits = {}
    for weight in UNIT_WEIGHTS:
        retriever = HybridRetriever(handles=chain.retriever.handles, settings=replace(settings, unit_weight=weight))
        ranks = [gold_rank([p.chunk.text for p in retriever.search(collector.cache[i["key"]][0].standalone, k=8)],
                           i["gold_passages"]) for i in answerable]
        hits[weight] = sum(1 for r in ranks if r is not None and r <= 4) / len(ranks)
    print("unit ranking weight, gold in top 4 on tuning:", ", ".join(f"{w}: {h:.3f}" for w, h in hits.items()),
          f"-> {max(hits, key=lambda w: (hits[w], -w))} (ties: the smaller weight; set Settings.unit_weight to it)")
    # Corpus neighbours of absent question words in the keyword query: the cosine they need, the same way.
    hits = {}
    for cosine in NEIGHBOUR_COSINES:
        retriever = HybridRetriever(handles=chain.retriever.handles,
                                    settings=replace(settings, neighbour_cosine=cosine))
        ranks = [gold_rank([p.chunk.text for p in retriever.search(collector.cache[i["key"]][0].standalone, k=8)],
                           i["gold_passages"]) for i in answerable]
        hits[cosine] = sum(1 for r in ranks if r is not None and r <= 4) / len(ranks)
    print("neighbour cosine, gold in top 4 on tuning:", ", ".join(f"{c}: {h:.3f}" for c, h in hits.items()),
          f"-> {max(hits, key=lambda c: (hits[c], -abs(c - 0.5)))} (ties: nearest 0.5; set Settings.neighbour_cosine to it)")
    # Multi-part questions: the weight of each part's own ranking, by the share of ALL gold passages in the
    # top 4 over the tuning questions that have parts (one gold passage per part is the point).
    from eaeu_qa.multipart import split_parts

    multi = [i for i in answerable if split_parts(collector.cache[i["key"]][0].standalone)]
    found = {}
    for weight in PART_WEIGHTS:
        retriever = HybridRetriever(handles=chain.retriever.handles, settings=replace(settings, part_weight=weight))
        shares = []
        for item in multi:
            top = [p.chunk.text for p in retriever.search(collector.cache[item["key"]][0].standalone, k=4)]
            shares.append(sum(any(contains_words(t, g) for t in top) for g in item["gold_passages"]) / len(item["gold_passages"]))
        found[weight] = sum(shares) / max(len(shares), 1)
    print(f"part ranking weight, share of gold passages in top 4 on {len(multi)} multi-part tuning questions:",
          ", ".join(f"{w}: {h:.3f}" for w, h in found.items()),
          f"-> {max(found, key=lambda w: (found[w], -w))} (ties: the smaller weight; set Settings.part_weight to it)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="save the fitted models")
    parser.add_argument("--retrieved", type=Path, default=ROOT / "eval" / "runs" / "calibration-retrieved.pkl",
                        help="cache of each item's condensed question and passages (delete it after changing "
                             "condensing or retrieval)")
    parser.add_argument("--keep-unit-model", action="store_true",
                        help="keep the stored unit model (not refitted; the evidence is computed with it) and, with "
                             "--write, save only the answerability model")
    parser.add_argument("--dump", type=Path, help="write each item's evidence features here (JSON lines)")
    parser.add_argument("--leave-one-set-out", action="store_true",
                        help="also print the answerability model across authors: each tuning set scored by models "
                             "fitted on the other sets (kind direction included), at the cross-validated thresholds")
    parser.add_argument("--compare", action="store_true",
                        help="also cross-validate the answerability model without the kind directions, without the "
                             "form direction and without the completeness products (printed; slower)")
    parser.add_argument("--skip-retrieval", action="store_true",
                        help="skip step 0 (the retrieval settings' grids, which only print)")
    parser.add_argument("--without", nargs="+", default=[], metavar="SET",
                        help="leave these sets of the tuples out of every fit (e.g. tune18.jsonl tune19.jsonl: a refit "
                             "that never saw newly written sets, to score them held out)")
    parser.add_argument("--cap", type=float, choices=CAPS, metavar="CAP",
                        help="fix the answerability threshold's false-refusal cap (one of answerability_cv.CAPS) instead "
                             "of choosing it by choose_cap (its table is printed all the same); e.g. 0.035, the cap of a "
                             "shipped model a refit is judged against")
    args = parser.parse_args()
    unknown = set(args.without) - set(ANSWERABILITY_SETS)
    if unknown:
        parser.error(f"--without names sets that are not in the tuples: {', '.join(sorted(unknown))}")

    collector = open_collector(args.retrieved)
    chain = collector.chain
    settings = chain.settings
    dev = read_items(ROOT / "eval" / "dev.jsonl")
    test = dev_test_ids(ROOT / "eval" / "dev.jsonl")
    left_out = {Path(name).stem for name in args.without}

    def kept(items: list[dict]) -> list[dict]:
        return [i for i in items if i["key"].split(":")[0] not in left_out]

    tuning = kept(tuning_items(UNIT_SETS))  # retrieval settings, the unit model and its composition
    answerability = kept(tuning_items(ANSWERABILITY_SETS))  # the answerability model: these and more sets
    if args.without:
        print(f"left out of every fit (--without): {', '.join(args.without)}")
    extra = len(answerability) - len(tuning)
    held_out = [i for i in dev if i["id"] in test]
    print(f"tuning items: {len(tuning)} ({sum(i['answerable'] for i in tuning)} answerable), {extra} more for answerability; "
          f"dev test items: {len(held_out)} ({sum(i['answerable'] for i in held_out)} answerable)")

    # 0. Retrieval settings (printed only).
    answerable = [i for i in tuning if i["answerable"]]
    for item in answerable:
        collector.prepare(item)
    collector.save()  # the retrieval of the tuning items, kept for the next run even if this one stops
    if not args.skip_retrieval:
        retrieval_settings(collector, chain, settings, answerable)

    # 1. Unit model (or the stored one, with --keep-unit-model: then the evidence below is computed with the unit
    # model the answerer ships, and the unit model's fit and composition grids are skipped).
    if args.keep_unit_model:
        unit_model = json.loads(MODEL_FILE.read_text(encoding="utf-8"))["unit"]
        relevance_model = None  # the stored relevance model, as the answerer loaded it
        print("unit model: kept as stored (--keep-unit-model)")
    else:
        unit_model, relevance_model = fit_unit_model(collector, answerable)

    # 2. Answerability model on evidence features (computed with the unit model of step 1).
    # each item's evidence once: its feature row, and the completeness the products multiply the kind scores by
    evidences = {i["key"]: collector.evidence(i) for i in answerability}
    rows = [(None if evidences[i["key"]] is None else evidences[i["key"]].vector(), float(i["answerable"]), i)
            for i in answerability]
    structural = sum(1 for v, _, _ in rows if v is None)
    annex = [v for k, v in collector.annex.items() if k in {i["key"] for i in answerability}]
    if annex:
        level = settings.annex_answer_coverage
        print(f"annex rule: {len(annex)} tuning questions about an absent annex, {sum(v < level for v in annex)} refused "
              f"by it; how far the evidence holds what they ask (answerability.annex_coverage): at most "
              f"{max(annex):.3f} (Settings.annex_answer_coverage {level})")
    rows = [(v, label, i) for v, label, i in rows if v is not None]
    x = np.array([v for v, _, _ in rows])
    y = np.array([label for _, label, _ in rows])
    vectors = np.array([collector.question_vector(i) for _, _, i in rows])

    def oof_auc(v: np.ndarray, s: float) -> float:
        return auc(np.concatenate([out_of_fold_scores(v, y, s, FOLDS, SEED + r) for r in range(REPEATS)]),
                   np.tile(y, REPEATS))

    # The kind direction's shrinkage: the best out-of-fold ROC AUC of the kind score alone (ties: more shrinkage).
    kind_auc = {s: oof_auc(vectors, s) for s in SHRINKAGES}
    shrinkage = max(SHRINKAGES, key=lambda s: (round(kind_auc[s], 3), s))
    print("  question kind direction, out-of-fold ROC AUC by shrinkage:",
          ", ".join(f"{s}: {a:.3f}" for s, a in kind_auc.items()), f"-> {shrinkage}")
    # The form direction (topic masked): the masking IDF and its shrinkage, the same way (ties: more shrinkage,
    # then the higher IDF, which masks less).
    masked = {m: np.array([collector.question_vector(i, m) for _, _, i in rows]) for m in MASK_IDFS}
    form_auc = {(m, s): oof_auc(masked[m], s) for m in MASK_IDFS for s in SHRINKAGES}
    mask_idf, form_shrinkage = max(form_auc, key=lambda k: (round(form_auc[k], 3), k[1], k[0]))
    form_vectors = masked[mask_idf]
    print("  question form direction (topic masked), out-of-fold ROC AUC by masking IDF / shrinkage:",
          ", ".join(f"{m}/{s}: {a:.3f}" for (m, s), a in form_auc.items()), f"-> {mask_idf}/{form_shrinkage}")
    gate = np.array([evidences[i["key"]].values["unit_completeness"] for _, _, i in rows])
    x[:, KIND] = out_of_fold_scores(vectors, y, shrinkage, FOLDS, SEED)  # what the final fit sees
    x[:, FORM] = out_of_fold_scores(form_vectors, y, form_shrinkage, FOLDS, SEED)
    for column, product in PRODUCT_COLUMNS.items():
        x[:, product] = x[:, column] * gate
    print("  single-feature ROC AUC (answerable high; question_kind and question_form out-of-fold):",
          ", ".join(f"{n} {auc(x[:, j], y):.2f}" for j, n in enumerate(FEATURES)))
    y_oof = np.tile(y, REPEATS)
    kind_only = (DirectionColumn(KIND, vectors, shrinkage, gate),)
    both = kind_only + (DirectionColumn(FORM, form_vectors, form_shrinkage, gate),)
    # the same without the products with the evidence's completeness (their columns held at 0): what they add
    ungated = (DirectionColumn(KIND, vectors, shrinkage), DirectionColumn(FORM, form_vectors, form_shrinkage))
    # Out-of-fold probabilities of REPEATS different 5-fold splits, pooled: a steadier threshold than one split.
    print(f"answerability: {len(y)} tuning items by evidence ({structural} decided by structural rules); "
          f"{FOLDS}-fold cross-validated ({REPEATS} repeats, counts summed), kind directions nested:")
    models = (("evidence features", ()), ("+ question_kind", kind_only),
              ("+ question_form, without completeness products", ungated), ("+ question_form", both))
    if not args.compare:  # the shipped model alone (each row costs REPEATS nested cross-validations)
        models = models[-1:]
    p_oof = {name: np.concatenate([oof_probabilities(x, y, SEED + r, kinds) for r in range(REPEATS)])
             for name, kinds in models}
    # The false-refusal cap, by the per-set targets on the held-out sets (answerability_cv.choose_cap).
    sets = [i["key"].split(":")[0] for _, _, i in rows]
    cap, threshold, table = choose_cap(p_oof["+ question_form"], y_oof, set_probabilities(x, y, sets, both), y, sets)
    print("  false-refusal cap: threshold and the sets' summed shortfall from the per-set targets, leave one set out: "
          + ", ".join(f"{c}: {t:.3f} {v:.2f}" for c, (t, v) in table.items()) + f" -> {cap}")
    if args.cap is not None:  # fixed by the caller (--cap): the same table's threshold at that cap
        cap, threshold = args.cap, table[args.cap][0]
        print(f"  false-refusal cap fixed by --cap: {cap} (threshold {threshold:.3f})")
    thresholds = {}
    for name, kinds in models:
        thresholds[name] = (choose_threshold(p_oof[name], y_oof, cap), kinds)
        print(f"  {name}: at threshold {thresholds[name][0]:.3f}: {rates(p_oof[name], y_oof, thresholds[name][0])}, "
              f"ROC AUC {auc(p_oof[name], y_oof):.3f}")
    mean, scale, w, b = fit_logistic(x, y, l2=L2, signs=np.array(SIGNS))
    kind = KindDirection(fit_direction(vectors, y, shrinkage), shrinkage)
    form = KindDirection(fit_direction(form_vectors, y, form_shrinkage), form_shrinkage, mask_idf)
    model = LogisticModel(mean, scale, w, b, threshold, kind, form, embedding_model=settings.model_name)
    print("  weights (standardised):", ", ".join(f"{n} {v:+.2f}" for n, v in zip(FEATURES, w)), f"bias {b:+.2f}")
    p_fit = np.array([model.probability(v) for v in x])
    print(f"  refit on all tuning items (in-sample, out-of-fold kind scores): {rates(p_fit, y, threshold)}")
    if args.leave_one_set_out:
        leave_one_set_out(x, y, [i["key"].split(":")[0] for _, _, i in rows], thresholds)

    # 3. Held-out: the dev test part, never used above.
    def with_kinds(item: dict) -> np.ndarray | None:
        """The item's evidence row with the final kind directions' scores and their products (None: a structural
        rule decides it)."""
        evidence = collector.evidence(item)
        if evidence is None:
            return None
        v = evidence.vector()
        v[KIND] = kind.score(collector.question_vector(item))
        v[FORM] = form.score(collector.question_vector(item, mask_idf))
        for column, product in PRODUCT_COLUMNS.items():
            v[product] = v[column] * evidence.values["unit_completeness"]  # the products' factor
        return v

    test_pairs = [(with_kinds(i), float(i["answerable"]), i) for i in held_out]
    structural_refused = [i for v, _, i in test_pairs if v is None]
    scored = [(model.probability(v), label) for v, label, _ in test_pairs if v is not None]
    p_test = np.array([s for s, _ in scored])
    y_test = np.array([label for _, label in scored])
    print(f"dev TEST split: {rates(p_test, y_test, threshold)} by evidence; "
          f"{len(structural_refused)} more refused by structural rules "
          f"({sum(not i['answerable'] for i in structural_refused)} of them unanswerable)")

    collector.save()
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for item in answerability + held_out:
                v = with_kinds(item)
                out.write(json.dumps({"id": item["key"], "answerable": item["answerable"], "test": item in held_out,
                                      "question": item["question"],
                                      "features": None if v is None else dict(zip(FEATURES, v.round(3).tolist())),
                                      "p": None if v is None else round(model.probability(v), 3)}) + "\n")
    if args.write:
        MODEL_FILE.write_text(json.dumps({"answerable": model.to_dict(), "unit": unit_model}, indent=2) + "\n",
                              encoding="utf-8")
        print(f"wrote {MODEL_FILE.relative_to(ROOT)}")
        if relevance_model is not None:
            write_relevance(relevance_model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
