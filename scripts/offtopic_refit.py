"""Refits the off-topic gate's levels and centroids on the tuning turns and both off-topic tuning sets, cross-validated.

    .venv/bin/python scripts/offtopic_refit.py [--write] [--show] [--veto LEVEL] [--conversation] [--lexical]

Reads what the gate reads of every turn (scripts/offtopic_signals.py, the real chain; cached). The rule, fixed before
the signals of tune_offtopic2 and of tune26/tune27 were read (docs/sessions/session-18.md, offtopic):
- every answerable tuning turn stays answered by the gate, with MARGIN below the lowest one each level governs:
  Settings.off_topic_similarity = lowest similarity of the text judged (answerability.judged_text) - MARGIN;
  Settings.off_topic_domain = lowest domain similarity of the first turns read (answerability.reads_domain) with a
  similarity under r + MARGIN, each scored by centroids fitted without its own set (leave one set out), - MARGIN;
  Settings.off_topic_chat_domain = the same over the turns of a conversation judged on their own words;
- among r (the similarity under which the domain is read, now Settings.nearby_similarity) in RELATED and the
  centroid count K in KS, the pair refusing most off-topic items of the fitting data (ties: the shipped pair, then
  the smaller r, then K nearest the shipped);
- held out: fit on one off-topic set and count on the other, and leave one group out (gen, life, tech, law, chat)
  over both.
--write: answering/domain_model.json with the chosen K's centroids of all answerable tuning turns' judged-text vectors
(the levels are printed for eaeu_qa/settings.py). --show: each off-topic item the fitted gate lets through.
--conversation: instead, Settings.off_topic_conversation (conversation_fit) with the shipped levels and centroids.
--lexical: instead, Settings.off_topic_lexical (lexical_fit) with the shipped levels, centroids and conversation level.
--veto LEVEL (nineteenth session, rule B): the refit with Settings.off_topic_lexical held at LEVEL, over the answerable
turns it does not pass (a turn it passes is answered by the gate whatever the levels), off_topic_conversation refitted
too by conversation_fit's rule over the same turns; the shipped levels' catch with the veto is printed beside each count.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from offtopic_signals import answerable_turns, collect, off_topic_items  # noqa: E402

MARGIN = 0.05  # as scripts/offtopic_fit.py (sixteenth and seventeenth sessions); fixed before any look
RELATED = (0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 1.0)
KS = (32, 64, 128)
SHIPPED = (0.45, 64)
SEED = 0


def floor3(value: float) -> float:
    return math.floor(value * 1000) / 1000


def group_of(record: dict) -> str:
    return re.match(r"[a-z0-9]+-([a-z]+)", record["key"].split(":", 1)[1]).group(1)


class Data:
    """The gate's records: answerable tuning turns and off-topic items, with leave-one-set-out domains per K."""

    def __init__(self, records: list[dict], veto: float = 0.0):
        from eaeu_qa.answering.domain import kmeans

        gate = [r for r in records if r["gate"]]
        self.veto = veto  # Settings.off_topic_lexical held fixed (0: no veto, the eighteenth session's refit)
        self.answerable = answerable_turns(gate)
        # the answerable turns the levels must pass: those the veto does not pass already (all without a veto)
        self.open = np.array([veto <= 0 or r.get("lexical") is None or r["lexical"] < veto for r in self.answerable])
        self.offtopic = off_topic_items(gate)
        unit = lambda v: v / max(float(np.linalg.norm(v)), 1e-9)  # noqa: E731
        self.vectors = np.stack([unit(r["vector"]) for r in self.answerable])
        self.off_vectors = np.stack([unit(r["vector"]) for r in self.offtopic])
        sets = np.array([r["set"] for r in self.answerable])
        read = np.array([r["domain"] is not None for r in self.answerable])
        self.centroids, self.held, self.off_domain = {}, {}, {}
        for k in KS:
            self.centroids[k] = kmeans(self.vectors, k, SEED)
            held = np.full(len(self.answerable), np.nan)
            for name in sorted(set(sets)):
                mine = (sets == name) & read
                if mine.any():
                    held[mine] = (self.vectors[mine] @ kmeans(self.vectors[sets != name], k, SEED).T).max(axis=1)
            self.held[k] = held
            self.off_domain[k] = np.array([np.nan if r["domain"] is None else float(np.max(self.centroids[k] @ v))
                                           for r, v in zip(self.offtopic, self.off_vectors)])

    def levels(self, related: float, k: int) -> tuple[float, ...]:
        """(off_topic_similarity, off_topic_domain, off_topic_chat_domain) by the rule, over the open turns; with a
        veto also off_topic_conversation (conversation_fit's rule over the open turns, with these levels)."""
        sim = np.array([r["similarity"] for r in self.answerable])
        first = np.array([not r["in_conversation"] for r in self.answerable])
        own = np.array([r["in_conversation"] and not r["points_back"] for r in self.answerable])
        near = ~np.isnan(self.held[k]) & (sim < related + MARGIN) & self.open
        levels = (floor3(sim[self.open].min() - MARGIN), floor3(np.nanmin(self.held[k][near & first]) - MARGIN),
                  floor3(np.nanmin(self.held[k][near & own]) - MARGIN))
        if self.veto <= 0:
            return levels
        governed = [r["conversation"] for r, d, o in zip(self.answerable, self.held[k], own & near)
                    if o and r.get("conversation") is not None and d < levels[1] + MARGIN]
        return levels + (floor3(min(governed) - MARGIN) if governed else 0.0,)

    def refuses(self, record: dict, domain: float | None, levels: tuple[float, ...], related: float) -> bool:
        """answerability.off_topic's decision on a record (its own code, with `related` for the reading level)."""
        from eaeu_qa.answering.answerability import OffTopicLevels, off_topic

        class Passage:  # a corpus passage: the gate applies
            class chunk:
                source_id = "article"

        domain = None if domain is None or np.isnan(domain) else float(domain)
        conversation, conversation_level = (record.get("conversation"), levels[3]) if len(levels) > 3 else (None, 0.0)
        gate = OffTopicLevels(levels[0], levels[1], related, levels[2], conversation_level, lexical=self.veto)
        return bool(off_topic(record["similarity"], domain, [Passage], gate, points_back=record["points_back"],
                              in_conversation=record["in_conversation"], conversation=conversation,
                              lexical=record.get("lexical")))

    def shipped_caught(self, settings, chosen: list[int]) -> int:
        """The off-topic items of `chosen` the shipped levels and centroids refuse, with this veto."""
        levels = (settings.off_topic_similarity, settings.off_topic_domain, settings.off_topic_chat_domain,
                  settings.off_topic_conversation)
        return sum(self.refuses(self.offtopic[i], self.offtopic[i]["domain"], levels, settings.nearby_similarity)
                   for i in chosen)

    def caught(self, related: float, k: int, chosen: list[int] | None = None) -> list[bool]:
        levels = self.levels(related, k)
        indices = range(len(self.offtopic)) if chosen is None else chosen
        return [self.refuses(self.offtopic[i], self.off_domain[k][i], levels, related) for i in indices]

    def answerable_refused(self, related: float, k: int) -> list[str]:
        """Answerable turns the fitted gate refuses with the full-data centroids (the shipped model's view)."""
        levels = self.levels(related, k)
        out = []
        for r, v in zip(self.answerable, self.vectors):
            domain = None if r["domain"] is None else float(np.max(self.centroids[k] @ v))
            if self.refuses(r, domain, levels, related):
                out.append(r["key"])
        return out

    def choose(self, fitting: list[int]) -> tuple[float, int]:
        def score(pair):
            related, k = pair
            return (sum(self.caught(related, k, fitting)), pair == SHIPPED, -related, -abs(math.log2(k / SHIPPED[1])))
        return max(((r, k) for r in RELATED for k in KS), key=score)


def conversation_fit(records: list[dict], settings) -> float:
    """Settings.off_topic_conversation: the lowest conversation similarity (domain.conversation_similarity) of the
    answerable tuning turns judged on their own words in a conversation whose decision it governs, with MARGIN on the
    other signals too (domain under off_topic_domain + MARGIN, similarity under nearby_similarity + MARGIN: above
    them the condition refuses nothing; the same reading bounds as the domain level's fit), minus MARGIN; then the catch
    of the shipped levels with it, by off-topic set (the off-topic sets are not fitted on). The rule first written
    took every such turn whatever its other signals; after main's condenser changed (eighteenth session) it gave 0.06,
    from t17-fu08 (domain 0.377, which the condition cannot refuse): printed too (docs/sessions/session-18.md)."""
    gate = [r for r in records if r["gate"]]
    every = sorted((r for r in answerable_turns(gate) if r.get("conversation") is not None),
                   key=lambda r: r["conversation"])
    print(f"answerable turns judged on their own words in a conversation: {len(every)}; lowest conversation "
          "similarity: " + ", ".join(f"{r['conversation']:.3f} ({r['key']}, domain {r['domain']:.3f}, similarity "
                                     f"{r['similarity']:.3f})" for r in every[:4])
          + f"; over all of them the level would be {floor3(every[0]['conversation'] - MARGIN)}")
    own = [r for r in every if r["domain"] < settings.off_topic_domain + MARGIN
           and r["similarity"] < settings.nearby_similarity + MARGIN]
    level = floor3(own[0]["conversation"] - MARGIN)
    print(f"of them governed by the level (domain under {settings.off_topic_domain} + {MARGIN}, similarity under "
          f"{settings.nearby_similarity} + {MARGIN}): {len(own)}; lowest {own[0]['conversation']:.3f} ({own[0]['key']})")
    print(f"off_topic_conversation = {level} (margin {MARGIN})")
    levels = (settings.off_topic_similarity, settings.off_topic_domain, settings.off_topic_chat_domain)

    def refused(r: dict, conversation_level: float) -> bool:
        from eaeu_qa.answering.answerability import OffTopicLevels, off_topic

        class Passage:
            class chunk:
                source_id = "article"
        at = OffTopicLevels(levels[0], levels[1], settings.nearby_similarity, levels[2], conversation_level)
        return bool(off_topic(r["similarity"], r["domain"], [Passage], at, points_back=r["points_back"],
                              in_conversation=r["in_conversation"], conversation=r.get("conversation")))

    answerable = answerable_turns(gate)
    print(f"answerable tuning turns refused with it: {[r['key'] for r in answerable if refused(r, level)]}")
    off = off_topic_items(gate)
    for name in sorted({r["set"] for r in off}):
        mine = [r for r in off if r["set"] == name]
        chat = [r for r in mine if r["in_conversation"]]
        print(f"{name}: caught {sum(refused(r, 0.0) for r in mine)} -> {sum(refused(r, level) for r in mine)}/{len(mine)}"
              f" (in a conversation {sum(refused(r, 0.0) for r in chat)} -> {sum(refused(r, level) for r in chat)}/"
              f"{len(chat)}); newly caught: {[r['key'] for r in mine if refused(r, level) and not refused(r, 0.0)]}")
    for r in off:
        if r["in_conversation"] and not refused(r, level):
            near = r.get("conversation")
            print(f"  passes: sim {r['similarity']:.3f} domain {r['domain'] if r['domain'] is None else round(r['domain'], 3)}"
                  f" conversation {near if near is None else round(near, 3)} back {r['points_back']} {r['key']}: "
                  f"{r['judged'][:60]}")
    return level


def lexical_level(shares: list[float]) -> float:
    """Settings.off_topic_lexical from the corpus shares of the off-topic items the gate refuses: the smallest multiple
    of 0.05 at least MARGIN above the highest of them (so the veto frees none of them); 0 (off) without any."""
    if not shares:
        return 0.0
    return round(math.ceil(round((max(shares) + MARGIN) / 0.05, 6)) * 0.05, 2)


def lexical_fit(records: list[dict], settings) -> float:
    """Settings.off_topic_lexical (the rule fixed before its first run, docs/sessions/session-19.md, offtopic): with the
    shipped levels, the gate never refuses a text whose corpus share (domain.corpus_share) reaches lexical_level of the
    shares of the off-topic tuning items it refuses. Held out: fitted on one off-topic set and counted on the other,
    and leaving one group out; the answerable tuning turns the veto passes are printed (they are answered by the gate
    either way: the veto only lets turns through)."""
    from eaeu_qa.answering.answerability import OffTopicLevels, off_topic

    class Passage:
        class chunk:
            source_id = "article"

    def refused(r: dict, level: float) -> bool:
        at = OffTopicLevels(settings.off_topic_similarity, settings.off_topic_domain, settings.nearby_similarity,
                            settings.off_topic_chat_domain, settings.off_topic_conversation, lexical=level)
        return bool(off_topic(r["similarity"], r["domain"], [Passage], at, points_back=r["points_back"],
                              in_conversation=r["in_conversation"], conversation=r.get("conversation"),
                              lexical=r.get("lexical")))

    gate = [r for r in records if r["gate"]]
    off = off_topic_items(gate)
    answerable = answerable_turns(gate)

    def fit(items: list[dict]) -> float:
        return lexical_level([r["lexical"] for r in items if refused(r, 0.0) and r.get("lexical") is not None])

    level = fit(off)
    print(f"off_topic_lexical = {level}: highest corpus share of a refused off-topic item "
          f"{max(r['lexical'] for r in off if refused(r, 0.0) and r.get('lexical') is not None):.3f}")
    for name, lost in (("answerable tuning turns with a share at least the level", [r for r in answerable if (
            r.get("lexical") or 0) >= level]),):
        print(f"{name}: {len(lost)} of {len(answerable)}; lowest similarity among them "
              f"{min((r['similarity'] for r in lost), default=float('nan')):.3f}")
    print(f"answerable tuning turns refused: {[r['key'] for r in answerable if refused(r, level)]}")
    for held in sorted({r["set"] for r in off}):
        fitted = fit([r for r in off if r["set"] != held])
        test = [r for r in off if r["set"] == held]
        print(f"fit without {held} -> {fitted}: held-out {held} caught {sum(refused(r, 0.0) for r in test)} -> "
              f"{sum(refused(r, fitted) for r in test)}/{len(test)}")
    before = after = 0
    for group in sorted({group_of(r) for r in off}):
        fitted = fit([r for r in off if group_of(r) != group])
        test = [r for r in off if group_of(r) == group]
        before, after = before + sum(refused(r, 0.0) for r in test), after + sum(refused(r, fitted) for r in test)
        print(f"leave out {group}: {fitted}: caught {sum(refused(r, 0.0) for r in test)} -> "
              f"{sum(refused(r, fitted) for r in test)}/{len(test)}")
    print(f"leave one group out: caught {before} -> {after}/{len(off)}")
    return level


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write eaeu_qa/answering/domain_model.json")
    parser.add_argument("--show", action="store_true", help="print each off-topic item the fitted gate passes")
    parser.add_argument("--conversation", action="store_true",
                        help="only Settings.off_topic_conversation (the shipped levels and centroids kept)")
    parser.add_argument("--veto", type=float, default=0.0,
                        help="refit with this off_topic_lexical held fixed, over the turns it does not pass (rule B)")
    parser.add_argument("--lexical", action="store_true",
                        help="only Settings.off_topic_lexical (the shipped levels, centroids and conversation level)")
    args = parser.parse_args(argv)
    from eaeu_qa.answering.domain import DOMAIN_FILE, DomainModel
    from eaeu_qa.settings import get_settings

    if args.lexical:
        print(json.dumps({"off_topic_lexical": lexical_fit(collect(), get_settings())}))
        return 0
    if args.conversation:
        print(json.dumps({"off_topic_conversation": conversation_fit(collect(), get_settings())}))
        return 0
    data = Data(collect(), args.veto)
    settings = get_settings()
    off = data.offtopic
    print(f"answerable tuning turns the gate applies to: {len(data.answerable)} "
          f"({sum(r['in_conversation'] for r in data.answerable)} in a conversation, "
          f"{sum(r['in_conversation'] and not r['points_back'] for r in data.answerable)} judged on own words); "
          f"off-topic items: {len(off)}")
    shipped_now = sum(r["refusal"] == "off_topic" for r in off)
    print(f"the shipped gate (the chain's answers): off-topic refused as off_topic {shipped_now}/{len(off)}, "
          f"refused at all {sum(bool(r['refusal']) for r in off)}/{len(off)}; its levels with the veto "
          f"{args.veto}: {data.shipped_caught(settings, list(range(len(off))))}; answerable turns the veto passes: "
          f"{int((~data.open).sum())}/{len(data.open)}")
    for related in RELATED:
        print(f"  r {related:.2f}: " + "; ".join(
            f"K {k} levels {data.levels(related, k)} caught {sum(data.caught(related, k))}" for k in KS))
    related, k = data.choose(list(range(len(off))))
    levels = data.levels(related, k)
    caught = data.caught(related, k)
    print(f"chosen on both sets: r {related}, K {k}; off_topic_similarity {levels[0]}, off_topic_domain {levels[1]}, "
          f"off_topic_chat_domain {levels[2]}{f', off_topic_conversation {levels[3]}' if len(levels) > 3 else ''}; "
          f"caught {sum(caught)}/{len(off)}; answerable tuning turns refused (full-data centroids): "
          f"{data.answerable_refused(related, k)}; highest corpus share of a caught item "
          f"{max((r.get('lexical') or 0.0 for r, got in zip(off, caught) if got), default=0.0):.3f}")
    sets = sorted({r["set"] for r in off})
    for held in sets:
        fit = [i for i, r in enumerate(off) if r["set"] != held]
        test = [i for i, r in enumerate(off) if r["set"] == held]
        pair = data.choose(fit)
        print(f"fit on {[s for s in sets if s != held]} -> {pair}, levels {data.levels(*pair)}: held-out {held} "
              f"caught {sum(data.caught(*pair, test))}/{len(test)} (shipped gate {sum(off[i]['refusal'] == 'off_topic' for i in test)}, "
              f"its levels with the veto {data.shipped_caught(settings, test)})")
    total = 0
    for group in sorted({group_of(r) for r in off}):
        fit = [i for i, r in enumerate(off) if group_of(r) != group]
        test = [i for i, r in enumerate(off) if group_of(r) == group]
        pair = data.choose(fit)
        got = sum(data.caught(*pair, test))
        total += got
        print(f"leave out {group}: chosen {pair}, levels {data.levels(*pair)}: caught {got}/{len(test)} "
              f"(shipped gate {sum(off[i]['refusal'] == 'off_topic' for i in test)}, "
              f"its levels with the veto {data.shipped_caught(settings, test)})")
    print(f"leave one group out, total caught {total}/{len(off)}")
    if args.show:
        for r, got, d in zip(off, caught, data.off_domain[k]):
            if not got:
                print(f"  passes: sim {r['similarity']:.3f} domain {d:.3f} conv {r['in_conversation']} "
                      f"back {r['points_back']} {r['key']}: {r['judged'][:70]}")
    if args.write:
        model = DomainModel(data.centroids[k], get_settings().model_name)
        DOMAIN_FILE.write_text(json.dumps(model.to_dict()) + "\n", encoding="utf-8")
        print(f"wrote {DOMAIN_FILE}")
    print(json.dumps({"off_topic_similarity": levels[0], "off_topic_domain": levels[1],
                      "off_topic_chat_domain": levels[2], "related": related, "k": k,
                      **({"off_topic_conversation": levels[3]} if len(levels) > 3 else {})}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
