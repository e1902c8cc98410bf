"""What a question asks for (its answer type or wh-word); whether a follow-up asks another thing than the turn before."""

from __future__ import annotations

from ..answering.answertype import answer_type
from .phrase import asked_phrase
from ..entities import CONNECTIVES, FILLERS, WH_WORDS, CorpusTerms, tokens
from ..keyword_index import stem_word

# Words that may come before a fronted wh-word: openers and prepositions ('and in which city ...?', 'on what date').
_BEFORE_WH = frozenset({*CONNECTIVES, *FILLERS, "right", "in", "on", "at", "for", "to", "by", "from", "since", "until",
                        "under", "with", "of", "about", "after", "before", "during", "within", ","})
# Wh-words that ask for one kind of thing whatever follows them (answertype.answer_type names the finer kinds).
_WH_KIND = {"who": "person", "whom": "person", "whose": "person", "where": "place", "when": "date", "why": "reason"}
# 'what about X?', 'how about X?', 'what if ...?': the previous question asked again of another thing or case.
_ELLIPTICAL = frozenset({"about", "if", "else"})


def aspect(question: str, terms: CorpusTerms | None = None) -> str:
    """What a question asks for: an answer type ('date', 'duration', 'quantity', 'person', 'place'), else its fronted
    wh-word's kind ('person' for 'who ...', 'reason' for 'why ...', 'how' for the manner), else for 'what/which <noun>'
    the head of that noun phrase ('what:court'), else 'what'; '' for a question without a fronted wh-word ('is it
    free?') and for one that asks the previous question again ('what about pensions?', 'what if he quits?')."""
    written = tokens(question)
    words = [w.lower() for w in written]
    at = next((i for i, w in enumerate(words) if w not in _BEFORE_WH), None)
    if at is None or words[at] not in WH_WORDS or words[at + 1:at + 2] and words[at + 1] in _ELLIPTICAL:
        return ""
    asking, wh = " ".join(written[at:]), words[at]
    if wh in {"what", "which"} and (phrase := asked_phrase(asking, terms or CorpusTerms())):
        # the type of the noun asked for ('which city' a place), not of a noun further on ('which body ... the budget')
        return answer_type(f"{wh} {phrase.removeprefix('the ')}?") or f"what:{phrase.split()[-1]}"
    kind = answer_type(asking)
    if wh == "when" and not kind:
        return ""  # 'when I quit, ...': a clause of time, no question word
    return kind or _WH_KIND.get(wh, wh if wh == "how" else "what")


def other_aspect(question: str, previous: str, terms: CorpusTerms | None = None) -> bool:
    """The turn asks for another thing than the previous question: both ask for something, and not the same thing
    ('Who appoints the judges of the Court?' then 'and where is it based?'); False when either asks for nothing
    particular (a yes/no question, 'what about X?')."""
    asked, before = aspect(question, terms), aspect(previous, terms)
    return bool(asked and before) and _stemmed(asked) != _stemmed(before)


def _stemmed(asked: str) -> str:
    """An aspect with the noun of 'what:<noun>' stemmed as keyword search stems it: 'what:documents' and
    'what:document' ask for the same thing."""
    kind, _, noun = asked.partition(":")
    return f"{kind}:{stem_word(noun.lower())}" if noun else asked
