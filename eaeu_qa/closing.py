"""A turn that closes or thanks and asks nothing ('ok that helps, thanks', "that's all from me, cheers")."""

from __future__ import annotations

import re

from .entities import AUXILIARIES, CONNECTIVES, FILLERS, WH_WORDS, content_words

# The formulas of thanks and leave-taking (a closed class of English the documents never write, so no corpus statistic
# can find them; session 22, mends: the review's N6 closings).
CLOSING_WORDS = frozenset({"thanks", "thank", "thx", "cheers", "bye", "goodbye", "appreciate", "appreciated",
                           "grateful"})
# Verbs that open a request with no question mark ('thanks, now tell me about pensions'): English imperatives of asking.
REQUEST_VERBS = frozenset({"tell", "explain", "describe", "list", "show", "give", "translate", "write"})
# Words that are no verbs but open a request as an imperative does ('thanks, please ...', 'ok now ...'): a politeness
# marker and a turn-taking adverb, a closed class the documents never write (review s22 nit: kept apart from the verbs).
REQUEST_MARKERS = frozenset({"please", "pls", "now"})
_CLAUSE_START = re.compile(r"(?:^|[,.;!:]|\b(?:%s)\b)\s*(?:(?:%s)\b[\s,]*)*([^\W\d_]+)"
                           % ("|".join(CONNECTIVES), "|".join(CONNECTIVES + FILLERS)), re.I)
# A part that goes on from the earlier turn: a connective at a clause start ('thank you. and the same for my parents',
# 'thanks, also for pensions'), or 'and' anywhere, up to the next punctuation. 'so' is left out: after a thanks it is
# a degree word ('thanks so much'), and 'so what ...' opens with a wh-word anyway.
_CONTINUING_PART = re.compile(r"(?:(?:^|[,.;!:])\s*(?:(?:%s)\b[\s,]*)*(?:%s)|\band)\b([^,.;!:?]*)"
                      % ("|".join(FILLERS), "|".join(c for c in CONNECTIVES if c != "so")), re.I)


def has_continuing_part(text: str) -> bool:
    """A part opens with a connective and holds a content word that is no thanks or leave-taking ('thanks, and for
    children'; not 'thanks and bye', 'thank you and goodbye'): an elliptical follow-up, typed without '?'."""
    return any(content_words(m.group(1)) and not {w.lower() for w in re.findall(r"[^\W\d_]+", m.group(1))}
               & CLOSING_WORDS for m in _CONTINUING_PART.finditer(text))


def closes(text: str) -> bool:
    """No question mark, a word of thanks or leave-taking, no clause that opens as a question or a request does (a
    wh-word, an auxiliary or a verb of asking first: 'thanks, can you tell me about pensions' still asks) and no part
    that goes on from the earlier turn (has_continuing_part: 'thank you. and the same for my parents'; review s22
    P1)."""
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    openers = {m.group(1).lower() for m in _CLAUSE_START.finditer(text)}
    return "?" not in text and bool(words & CLOSING_WORDS) \
        and not openers & (WH_WORDS | AUXILIARIES | REQUEST_VERBS | REQUEST_MARKERS) \
        and not has_continuing_part(text)
