"""A turn that closes or thanks and asks nothing ('ok that helps, thanks', "that's all from me, cheers")."""

from __future__ import annotations

import re

from .entities import AUXILIARIES, CONNECTIVES, FILLERS, WH_WORDS

# The formulas of thanks and leave-taking (a closed class of English the documents never write, so no corpus statistic
# can find them; session 22, mends: the review's N6 closings).
CLOSING_WORDS = frozenset({"thanks", "thank", "thx", "cheers", "bye", "goodbye", "appreciate", "appreciated",
                           "grateful"})
# Verbs that open a request with no question mark ('thanks, now tell me about pensions'): English imperatives of asking.
REQUEST_VERBS = frozenset({"tell", "explain", "describe", "list", "show", "give", "translate", "write", "please", "pls",
                           "now"})
_CLAUSE_START = re.compile(r"(?:^|[,.;!:]|\b(?:%s)\b)\s*(?:(?:%s)\b[\s,]*)*([^\W\d_]+)"
                           % ("|".join(CONNECTIVES), "|".join(CONNECTIVES + FILLERS)), re.I)


def closes(text: str) -> bool:
    """No question mark, a word of thanks or leave-taking, and no clause that opens as a question or a request does (a
    wh-word, an auxiliary or a verb of asking first: 'thanks, can you tell me about pensions' still asks)."""
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    openers = {m.group(1).lower() for m in _CLAUSE_START.finditer(text)}
    return "?" not in text and bool(words & CLOSING_WORDS) and not openers & (WH_WORDS | AUXILIARIES | REQUEST_VERBS)
