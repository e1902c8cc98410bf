"""Candidates beyond the top passages: a named article's paragraphs, an asked outcome's scenarios, a date's, a view's."""

from __future__ import annotations

import numpy as np

from ..records import Chunk, RetrievedPassage
from ..references import chunks_by_article
from ..textrepair import split_sentences
from .arrange import reference_matches
from .asked import stance_party
from .features import QuestionFeatures
from .leads import dates
from .outcome import parties_named
from .paragraphs import attributes
from .wording import TREATY_SOURCES
from .vectors import Candidates


class CandidateSources:
    """The ExtractiveAnswerer's candidate builders (a mixin: they use its settings, sides, units_of and vectors)."""

    def index_candidates(self, chunks: list[Chunk]) -> None:
        """The lookups the builders read, once per corpus (self.sides must be set)."""
        # the scenario chunks per side and the chunks per full date they give, read once (outcome_candidates and
        # date_candidates look them up instead of scanning, and running the date pattern over, every chunk per question)
        self._by_side: dict[int, list[Chunk]] = {}
        self._by_date: dict[tuple[int, str, str], list[tuple[int, Chunk]]] = {}  # (corpus position, chunk)
        for i, chunk in enumerate(chunks):
            if chunk.chunk_id in self.sides:
                self._by_side.setdefault(self.sides[chunk.chunk_id][0], []).append(chunk)
            for date in dates(chunk.text):
                self._by_date.setdefault(date, []).append((i, chunk))
        # the chunks per article, read once (named_candidates looks a named article up instead of scanning every chunk
        # per question: 53,500 chunks at make bench's 100x)
        self._by_article = chunks_by_article(chunks)
        # the paragraphs with a sentence attributing a view to a party of the case, per party (stance_candidates)
        self._by_stance: dict[int, list[Chunk]] = {}
        for chunk in chunks:
            if chunk.source_id not in TREATY_SOURCES:
                held = frozenset().union(*(parties_named(chunk.text[a:b]) for a, b in split_sentences(chunk.text)
                                           if attributes(chunk.text[a:b])))
                for party in sorted(held):
                    self._by_stance.setdefault(party, []).append(chunk)

    def named_candidates(self, question: QuestionFeatures, passages: list[RetrievedPassage],
                         candidates: Candidates) -> Candidates:
        """For a question naming articles and no paragraph, with a topic ("What does Article 98 say about X?",
        "Compare Article 97 and Article 98 on X": compose.select's named-article path), the candidates with the units of
        every paragraph of the named articles that the top passages lack (retrieval promotes a few chunks per named
        article, MAX_PROMOTED_FROM_ARTICLE, so a paragraph about X can be missing), each as a referenced passage ranked
        right after the top passages (all at one rank); the unit model ranks them by X. Else `candidates` itself."""
        refs = question.references
        if not refs or question.only_names_provision or any(r.paragraph for r in refs):
            return candidates
        named = {c.chunk_id: c for r in refs for c in self._by_article.get(r.article, ())  # each chunk once
                 if reference_matches(c, r)}
        extra = sorted(named.values(), key=lambda c: (c.source_id, c.start))
        return self._added(candidates, passages, extra, referenced=True)

    def outcome_candidates(self, question: QuestionFeatures, passages: list[RetrievedPassage],
                           candidates: Candidates) -> Candidates:
        """For a question whose "if ..." gives an outcome of the case ("What happens if the court agrees with
        Bishkek?": QuestionFeatures.outcome_side), the candidates with the units of the scenario paragraphs of that
        outcome (outcome.scenario_sides) that the top passages lack, ranked right after them (all at one rank); else
        `candidates` itself."""
        if not question.outcome_side:
            return candidates
        return self._added(candidates, passages, self._by_side.get(question.outcome_side, []), referenced=False)

    def date_candidates(self, question: QuestionFeatures, passages: list[RetrievedPassage], candidates: Candidates
                        ) -> Candidates:
        """For a question giving a full date ("... by 8 May 2015 ...": QuestionFeatures.dates), the candidates with the
        units of the corpus paragraphs holding that date that the top passages lack, ranked right after them; else
        `candidates` itself."""
        if not question.dates:
            return candidates
        holding = dict(p for date in question.dates for p in self._by_date.get(date, ()))
        extra = [holding[i] for i in sorted(holding)]  # in corpus order, each chunk once
        return self._added(candidates, passages, extra, referenced=False)

    def stance_candidates(self, question: QuestionFeatures, passages: list[RetrievedPassage],
                          candidates: Candidates) -> Candidates:
        """For a follow-up asking a party's view (asked.stance_party: "and what is Russia's view on that?" after Art.
        98(4), whose rewrite carries the provision and retrieves treaty paragraphs), the candidates with the units of
        the paragraphs attributing a view to that party (paragraphs.attributes) that the top passages lack, ranked
        right after them; else `candidates` itself."""
        party = stance_party(question)
        if party is None:
            return candidates
        return self._added(candidates, passages, self._by_stance.get(party, []), referenced=False)

    def _added(self, candidates: Candidates, passages: list[RetrievedPassage], extra: list[Chunk], referenced: bool
               ) -> Candidates:
        """The candidates with the units of the `extra` chunks the top passages lack, each as a passage ranked right
        after them (one rank for all: retrieval did not order them), their vectors stacked after the candidates'."""
        have = {p.chunk.chunk_id for p in passages[:self.settings.answer_passages]}
        after = min(len(passages), self.settings.answer_passages) + 1
        added = [RetrievedPassage(rank=after, chunk=c, score=0.0, referenced=referenced) for c in extra
                 if c.chunk_id not in have]
        pairs = [(u, p) for p in added for u in self.units_of(p.chunk)]
        if not pairs:
            return candidates
        matrix = self.vectors.units([u for u, _ in pairs])
        return Candidates(candidates.pairs + pairs,
                          np.vstack([candidates.matrix, matrix]) if len(candidates.pairs) else matrix)
