"""A body, not its members, as what 'they' stands for before a verb of a body's collective acts ('how often do they meet?')."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .antecedent import group_noun, head_words
from .phrase import trim_chunk
from .phrasing import definite, plural, without_possessive
from .subjects import topic_chunks
from .topic import own_question
from ..entities import DO_MODALS, CorpusTerms

if TYPE_CHECKING:
    from .state import TurnState

# Verbs of what a body does as one (it meets, convenes, sits, decides, adopts, votes, deliberates), and the noun of
# its act ('take decisions'): a closed class of English written out, because the documents write these verbs too rarely
# after either a body or its members for a corpus count to tell the two apart (CorpusTerms.written_near 'council' /
# 'heads' before 'meet', 'vote', 'decide', 'adopt': 0 or 1 each; session 22, mends).
COLLECTIVE_VERBS = frozenset(
    "meet meets met meeting convene convenes convened convening sit sits sat sitting decide decides decided deciding "
    "adopt adopts adopted adopting vote votes voted voting deliberate deliberates deliberated deliberating assemble "
    "assembles assembled assembling".split())
DECISION_NOUNS = frozenset({"decision", "decisions"})


def collective_act(words: list[str], index: int) -> bool:
    """The subject pronoun at words[index] does one of a body's collective acts: its verb (past do/modal auxiliaries
    and adverbs in -ly) is a COLLECTIVE_VERB, or a decision is its object within the next three words ('how do they
    take decisions?')."""
    rest = [w.lower() for w in words[index + 1:]]
    verb = next((w for w in rest if w not in DO_MODALS and not w.endswith("ly")), "")
    return verb in COLLECTIVE_VERBS or bool(DECISION_NOUNS & set(rest[:3]))


def members_body(subject: str, previous: TurnState, terms: CorpusTerms) -> str:
    """The body whose members the answer named ('the Heads of the member States' after 'Who is on the Supreme
    Council?'): when `subject` (what 'they' would stand for) is a plural the previous answer gave that is no plural of
    bodies or States (its head is no group noun but 'members'), the first singular body the previous question named ('the Supreme Council'; 'the Council
    of the Commission' in 'the members of the Council of the Commission'); '' otherwise."""
    head = without_possessive((head_words(subject) or [""])[-1].lower())
    if not previous.answered or not plural(subject) or not head or group_noun(head) and head != "members":
        return ""  # (a plural of bodies or States is no body's members: 'the member States')
    for chunk in topic_chunks(previous.own_question or own_question(previous.standalone), terms):
        chunk = trim_chunk(chunk, terms)
        parts = re.split(r"\s+of\s+", chunk)
        for at in range(len(parts)):  # the phrase, then each of-phrase's object ('the members of X' -> 'X')
            phrase = " of ".join(parts[at:])
            words = head_words(phrase)
            if words and group_noun(words[-1]) and not plural(phrase) and words[-1].lower() not in {"member", "members"}:
                return definite(phrase)
    return ""
