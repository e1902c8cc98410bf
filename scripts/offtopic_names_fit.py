"""Measures the off-topic gate on a first turn's asked words apart from the names it carries (place names lifting it).

    .venv/bin/python scripts/offtopic_names_fit.py [--cache FILE] [--names places|all] [--centroids shipped|masked]
                                                   [--probes FILE]

"what's the weather in Bishkek tomorrow" comes near the documents' questions (domain.DomainModel) by its place name
alone; this script asks whether the gate could judge such a first turn on its words apart from its names, and fit
honestly. It changes nothing: it prints what a fit would choose and whether it gains, held out by off-topic set.

The names of a turn (--names): `places`, the words the corpus writes capitalised in most occurrences
(entities.CorpusTerms.is_name_word) and never after "the" in most (not CorpusTerms.takes_the): "Russia", "Bishkek",
"Armenia", not "the Commission", "the EAEU"; `all`, those, every such word with "the", and the turn's own capitalised
words and acronyms (QuestionFeatures.names, .acronyms). Both corpus-derived or read off the turn's letters: no list.
For each first turn the gate reads (scripts/offtopic_signals.py's records, the real chain, cached; not in a
conversation, domain and share read): the share of its words apart from its names the corpus writes
(domain.corpus_share), and the domain similarity of its text with the names left out, embedded as retrieval embeds a
question, to the shipped centroids (--centroids shipped) or to centroids fitted on every answerable tuning turn's
text with its names left out (--centroids masked: k-means, k and seed as shipped; both sides judged without names).
An answerable turn is scored by centroids fitted without its own set (leave one set out).

Two conditions, each fitted by scripts/offtopic_first_lexical_fit.py's rule (MARGIN as scripts/offtopic_refit.py's):
- lexical: share apart from the names under L and masked domain under D(L), the whole turn's domain under
  Settings.off_topic_first_lexical_domain (the first-turn lexical condition with its share read apart from the names:
  a turn about the case's parties by name, "What does Bishkek want?", comes nearer than that);
- related: passage similarity under R and masked domain under D(R) (the gate's domain condition).
D(level) = the lowest held-out masked domain of the answerable tuning first turns under level + MARGIN, minus MARGIN
(every answerable tuning turn stays answered); held out by off-topic set (tuning.OFFTOPIC_SETS), the level chosen on
the other sets (most refused at all: recorded refusal or the condition, ties to the lower level), its catch counted on
the held-out one; the level chosen on every set is what Settings.off_topic_names_lexical / _names_domain ship (the
lexical condition, places, shipped centroids: answerability.off_topic's `apart`, names_apart.py), and the answerable
tuning first turns it refuses with the centroids the gate reads (not held out) are printed (must be none). --probes
FILE (one question a line, or JSONL with "question"; not eval items): each asked through the chain, its signals and
both conditions' verdicts at the levels chosen on every set.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eaeu_qa.answering.names_apart import place_names, without  # noqa: E402
from offtopic_refit import MARGIN, SEED, floor3  # noqa: E402
from offtopic_signals import CACHE, answerable_turns, collect, off_topic_items  # noqa: E402

SHARES = (0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40)  # L: offtopic_first_lexical_fit's grid
SIMILARITIES = (0.20, 0.25, 0.30, 0.35, 0.40, 0.45)  # R: up to Settings.nearby_similarity


def unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    return v / max(float(np.linalg.norm(v)), 1e-9)


def first_turn(r: dict) -> bool:
    """A first turn whose domain and share the gate reads (offtopic_first_lexical_fit.reads)."""
    return not (r["in_conversation"] or r["points_back"]) and r["domain"] is not None and r.get("lexical") is not None


def name_words(question, terms, which: str) -> set[str]:
    """The names a turn carries (see the module's docstring): `places` as the gate reads them (names_apart.place_names)."""
    words = (*question.terms, *question.acronyms)
    if which == "places":
        return place_names(words, terms)
    return {w for w in words if terms.is_name_word(w)} | set(question.names) | set(question.acronyms)


class Asked:
    """Each text's share and vector apart from its names, through the real chain's answerer."""

    def __init__(self, chain, which: str):
        from eaeu_qa.answering.domain import corpus_share

        self.answerer, self.terms, self.which, self.share_of = chain.answerer, chain.condenser.terms, which, corpus_share

    def read(self, text: str) -> tuple[float | None, np.ndarray, list[str]]:
        a = self.answerer
        question = a.features(text, text, False)
        names = name_words(question, self.terms, self.which)
        share = self.share_of(tuple(t for t in question.terms if t not in names), a._stats,
                              tuple(t for t in question.acronyms if t not in names))
        return share, unit(a.vectors.question(without(text, names) if names else text)), sorted(names)


def level(rows: list[tuple[float, dict]]) -> float:
    return max(floor3(min(d for d, _ in rows) - MARGIN), 0.0) if rows else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--names", choices=("places", "all"), default="places")
    parser.add_argument("--centroids", choices=("shipped", "masked"), default="shipped")
    parser.add_argument("--probes", type=Path)
    args = parser.parse_args(argv)
    from eaeu_qa.answering.domain import kmeans, load_domain
    from eaeu_qa.chain import get_chain

    chain = get_chain()
    chain.answerer.warm()
    asked = Asked(chain, args.names)
    gate = [r for r in collect(args.cache) if r["gate"]]
    answerable, off = answerable_turns(gate), [r for r in off_topic_items(gate) if first_turn(r)]
    for r in answerable + off:
        if first_turn(r) or args.centroids == "masked":
            r["share"], r["masked"], r["names"] = asked.read(r["judged"])
    shipped = load_domain(chain.settings.model_name).centroids
    sets = np.array([r["set"] for r in answerable])
    vectors = np.stack([r["masked"] if args.centroids == "masked" else unit(r["vector"]) for r in answerable])
    centroids = kmeans(vectors, len(shipped), SEED) if args.centroids == "masked" else shipped
    first = [r for r in answerable if first_turn(r)]
    for name in sorted({r["set"] for r in first}):
        held = kmeans(vectors[sets != name], len(shipped), SEED)
        for r in first:
            if r["set"] == name:
                r["asked_domain"] = float(np.max(held @ r["masked"]))
    for r in off:
        r["asked_domain"] = float(np.max(centroids @ r["masked"]))
    print(f"answerable tuning first turns {len(first)} ({sum(bool(r['names']) for r in first)} carry names); "
          f"off-topic first turns {len(off)} ({sum(bool(r['names']) for r in off)}), refused now "
          f"{sum(bool(r.get('refusal')) for r in off)}; names {args.names}, centroids {args.centroids}")
    conditions = {"lexical": ("share", SHARES), "related": ("similarity", SIMILARITIES)}
    whole = chain.settings.off_topic_first_lexical_domain  # the lexical condition reads turns under it (as the gate)
    chosen = {}
    for condition, (key, grid) in conditions.items():
        def governed(r, at, k=key):
            return r[k] is not None and r[k] < at

        levels = {at: level([(r["asked_domain"], r) for r in first if governed(r, at + MARGIN)]) for at in grid}

        def refused(r, at, governed=governed, levels=levels):
            return bool(r.get("refusal")) or (governed(r, at) and r["asked_domain"] < levels[at] and (
                condition != "lexical" or r["domain"] < whole))

        def caught(at, names, refused=refused):
            return sum(refused(r, at) for r in off if r["set"] in names)

        names = sorted({r["set"] for r in off})
        print(f"== {condition}: {key} under a level, masked domain under D(level)")
        for at in grid:
            limit = sorted((r["asked_domain"], r["key"]) for r in first if governed(r, at + MARGIN))[:2]
            print(f"  {key} {at}: D {levels[at]}; caught {' + '.join(str(caught(at, [n])) for n in names)}; "
                  f"lowest {[(round(d, 3), k) for d, k in limit]}")
        for name in names:
            fitting = [n for n in names if n != name]
            at = max(grid, key=lambda g: (caught(g, fitting), -g))
            print(f"  held out {name}: {key} {at} (D {levels[at]}) chosen on {fitting}; refused at all "
                  f"{caught(0.0, [name])} -> {caught(at, [name])} of {sum(r['set'] == name for r in off)}")
        at = max(grid, key=lambda g: (caught(g, names), -g))
        chosen[condition] = (key, at, levels[at])
        print(f"  chosen on both: {key} {at}, D {levels[at]}; newly refused "
              f"{[r['key'] for r in off if refused(r, at) and not r.get('refusal')]}")
    key, at, d = chosen["lexical"]
    gate = [r["key"] for r in first if r["share"] is not None and r["share"] < at and r["domain"] < whole
            and float(np.max(centroids @ r["masked"])) < d]
    print(f"lexical as the gate reads it (Settings.off_topic_names_lexical {at}, _names_domain {d}, these centroids, "
          f"not held out): answerable tuning first turns refused {gate}")
    if args.probes:
        probe(chain, asked, centroids, chosen, args.probes)
    return 0


def probe(chain, asked: Asked, centroids: np.ndarray, chosen: dict, path: Path) -> None:
    """Each probe asked through the chain: its gate signals, refusal and both conditions' verdicts."""
    answerer = chain.answerer
    seen: dict = {}
    answer_turn = answerer.answer

    def answer(request):
        composed = answer_turn(request)
        seen.update(composed.signals)
        return composed

    answerer.answer = answer
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for line in lines:
        question = json.loads(line)["question"] if line.startswith("{") else line
        seen.clear()
        reply = chain.ask(question)
        share, vector, names = asked.read(question)
        values = {"share": share, "similarity": seen.get("own_similarity", seen.get("best_similarity")),
                  "domain": float(np.max(centroids @ vector))}
        whole = seen.get("domain_similarity")
        verdicts = [c for c, (key, at, d) in chosen.items()
                    if values[key] is not None and values[key] < at and values["domain"] < d and (
                        c != "lexical" or whole is not None and whole < chain.settings.off_topic_first_lexical_domain)]
        print(f"{reply.refusal or 'answered':13s} sim {values['similarity']} domain {seen.get('domain_similarity')} "
              f"share {seen.get('corpus_share')} | apart from {names}: share "
              f"{None if share is None else round(share, 3)} domain {values['domain']:.3f} -> {verdicts or '-'} | "
              f"{question[:70]}")


if __name__ == "__main__":
    sys.exit(main())
