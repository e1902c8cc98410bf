"""A short office a turn writes ('the Chairman') for the longer one an earlier question wrote with that head."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

from ..entities import CorpusTerms, names
from .phrase import person_noun
from .phrasing import capitalise
from .state import Condensed

if TYPE_CHECKING:
    from .state import TurnState

# 'the Chairman' not followed by an of-phrase or another capitalised word (then the turn names its office itself).
_SHORT = re.compile(r"\bthe\s+(?P<head>[A-Za-z]+)\b(?!\s+(?:of\b|[A-Z]))")


def full_name(text: str, states: Sequence[TurnState], terms: CorpusTerms, known: dict[str, str] | None = None) -> str:
    """'how long does the Chairman serve?' after 'Who appoints the Chairman of the Collegium of the Commission?':
    'how long does the Chairman of the Collegium of the Commission serve?'. A definite person noun (an office) that
    repeats the head of a longer name stands for that name (the user shortens what the conversation named), when the latest
    earlier question naming that head named one such longer name only; the turn's text unchanged otherwise (no
    earlier name; two offices with that head, 'the Chairman of the Supreme Council' and '... of the Commission').
    `known`: each head's reading kept by the caller, so a second call on the same turn reads nothing again."""
    known = {} if known is None else known

    def longer(match: re.Match) -> str:
        head = match.group("head").lower()
        if head not in known:
            known[head] = _longer_name(head, states, terms)
        return known[head] or match.group()
    return _SHORT.sub(longer, text)


def _longer_name(head: str, states: Sequence[TurnState], terms: CorpusTerms) -> str:
    """The one longer name with `head` the latest earlier question naming that head wrote ('the Chairman of the
    Collegium of the Commission'), when `head` is a person noun; '' otherwise. The earlier questions are read first:
    most heads name nothing earlier, and then no word class is read (person_noun loads the lexicon's tables)."""
    for state in reversed(states):
        found = {e.text.removeprefix("the ") for e in names(state.own_question or state.standalone, terms)
                 if e.head == head and len(e.text.removeprefix("the ").split()) > 1}
        if len(found) == 1:
            # an office, a person's title; not 'the treaty', 'the court' (review s23 R3: how users name the documents
            # and bodies, whatever an earlier question named with that head)
            return f"the {found.pop()}" if person_noun(head, terms) else ""
        if found:
            break
    return ""


def named_again(question: str, states: Sequence[TurnState], terms: CorpusTerms, own_pointer: bool) -> Condensed | None:
    """A turn that stands alone but for a short name (full_name), rewritten with the earlier question's name: a
    follow-up by reference (mode "reference"); None when it names nothing shorter."""
    if not states:
        return None  # a first question reads no word class (person_noun) and no lemma table (tests/test_service.py)
    named = full_name(question, states, terms)
    if named == question:
        return None
    named = capitalise(named)
    return Condensed(question=question, standalone=named, is_follow_up=True, topic=states[-1].subject,
                     mode="reference", own=named, own_question=named, cited=states[-1].cited, points_back=True,
                     own_pointer=own_pointer)
