"""The follow-ups' settings: a follow-up's search weights and the condenser's hand-set constants (part of Settings)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FollowUpSettings:
    """How a follow-up is rewritten and searched; eaeu_qa/settings.Settings inherits these fields, so each is
    overridden by its EAEU_QA_<FIELD> variable like any other setting."""

    # Follow-ups (docs/evaluation.md, "How a follow-up is resolved"); fitted by scripts/followups.py on tuning chats.
    # Ranking weights of a follow-up's search (eaeu_qa/followup_search.py; --fit): the turn's own words, the previous
    # answer's neighbourhood, the factor for passages already cited when the turn moves to another party.
    followup_own: float = 0.5  # refit on the adapter's retrieval (sixth session, follow-ups refit)
    followup_local: float = 0.25
    followup_repeat: float = 1.0  # 1 = no demotion (sixth session refit on 88 tuning follow-ups)
    followup_switch_local: float = 0.0  # the neighbourhood's weight after a topic switch (--fit-switch)
    # factor on the neighbourhood's weight when the turn asks for another thing than the previous question (its answer
    # type or wh-word, eaeu_qa/condensing/aspect.py: 'and where is that court based?' after 'Who appoints its judges?');
    # --fit-aspect (1 = no change)
    followup_aspect_local: float = 0.25  # fitted on 127 tuning follow-ups (ninth session)
    # weight of the previous question (as understood) followed by the turn as typed, a fourth ranking next to the
    # rewrite (eaeu_qa/followup_search.py): a wrong antecedent or a lost subject in the rewrite is not alone; --fit-history
    followup_history: float = 0.0
    # weight of the turn as typed followed by the previous answer's words, a fifth ranking (followup_search.py): the
    # answer shows where in the documents the conversation is; --fit-answer (0 = not searched)
    followup_answer: float = 0.0
    # weight of the passages the previous answer cited, a sixth ranking in their fused order (followup_search.py):
    # a follow-up often asks more about what was just quoted; scripts/followup_fusion.py --fit (nineteenth session)
    followup_cited: float = 0.0  # fitted 0.125 (top 4 216 -> 218 of 237, key facts down 2.2); off: session-19 lead
    # A turn's word is a topic of its own when the corpus knows it and it is at least this informative (IDF;
    # eaeu_qa/condensing/switch.py); --fit-switch on tuning follow-ups only (ties go to the larger IDF; numbers in
    # docs/evaluation.md, Follow-ups, fourth session)
    own_topic_min_idf: float = 4.0
    # Set by hand (not fitted). The thing an answer named (condensing.focus.focus) and the party 'the other side' stands
    # for (condensing.reference.other_party): a one-word name counts only when it is rarer than focus_min_idf (IDF:
    # 'Russia', not 'State'); as the subject of a quoted sentence, a lower bar (focus_subject_min_idf: 'the
    # Commission' at 1.8, but not 'State(s)' at 1.4). A one-word focus name gets 'the' when at least the_noun_share
    # of its uses in the corpus follow a determiner ('the Commission').
    focus_min_idf: float = 3.0
    focus_subject_min_idf: float = 1.5
    the_noun_share: float = 0.5
    # Set by hand (not fitted). A word the corpus writes capitalised (not sentence-initially) in at least
    # name_capitalised_share of its occurrences is a name (CorpusTerms.is_name_word: 'Russia', 'Commission'); below it,
    # a common word whose capital only a sentence gives (CorpusTerms.is_common_word).
    name_capitalised_share: float = 0.5
    # Set by hand (not fitted). A word is a noun when at least noun_least_share of its corpus occurrences follow a
    # determiner or possessive or precede "of" (CorpusTerms.is_noun: an unseen word counts as a noun), and rarely a
    # noun below it (CorpusTerms.rarely_noun: an unseen word too; the condensing rules that find a verb).
    noun_least_share: float = 0.2
    # Set by hand (not fitted). A follow-up with at most elliptical_words content words of its own and no name is
    # elliptical ("On what date?": condensing.condenser.Condenser's continuation test); an enumeration's items of at
    # most list_item_words words are a list an ordinal can point into ('the second one'; condensing/ordinal.py).
    elliptical_words: int = 2
    list_item_words: int = 6
    # Set by hand (not fitted): a topic of phrases joined by 'and' is put as the earlier question wrote it when that
    # text is one noun phrase of at most topic_span_words words (condensing/noun_phrase.py, written_span).
    topic_span_words: int = 20
    # Set by hand (not fitted). CorpusTerms.near counts the content words at most near_words after a word in one
    # sentence: what a claim's noun is written with ("Russia's position rests", condensing.reference.name_holder) and
    # who is written bringing the case ("Kyrgyzstan's lawsuit", claimant); changing it rebuilds the corpus-terms cache.
    near_words: int = 3
