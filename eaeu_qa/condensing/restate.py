"""A request to restate the previous answer ('explain it more simply', 'summarise that'): the provision it was about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..closing import REQUEST_VERBS
from ..entities import CONNECTIVES, FILLERS, MODALS, CorpusTerms, cited_provisions, provisions, tokens
from .phrasing import detokenise, is_possessive
from .topic import own_question
from .wordclass import classes

if TYPE_CHECKING:
    from .state import TurnState

# Verbs that ask for the previous answer's content again in other words: closing.REQUEST_VERBS (imperatives of asking)
# and the imperatives of rewording, a closed class of English the documents never write (so no corpus count finds
# them). Browser audit s22 A2: 'explain it in simple words' lost the paragraph the answer quoted (98(4) -> Article 98).
RESTATING_VERBS = REQUEST_VERBS | frozenset({"summarise", "summarize", "simplify", "rephrase", "paraphrase",
                                             "clarify", "reword"})
_OBJECTS = frozenset({"it", "that", "this"})


# The words a request puts before its verb ('can you explain it', 'please summarise that'): a modal, 'you', 'please';
# fillers, connectives and adverbs also pass ('ok so just explain it'). A closed class of English.
_REQUEST_WORDS = MODALS | {"you", "please", "pls", "plz"} | set(FILLERS) | set(CONNECTIVES)


def requested(words: list[str], at: int) -> bool:
    """The verb at words[at] is asked for: only a request's words come before it in its clause ('can you explain it',
    'explain it'), not a subject ('if the boss refuses to give it', 'who gives it then'; ux s24)."""
    start = max((i + 1 for i, w in enumerate(words[:at]) if not w[:1].isalnum()), default=0)
    return all(w.lower() in _REQUEST_WORDS or "r" in classes(w.lower()) and not {"n", "v"} & set(classes(w.lower()))
               for w in words[start:at])


# Prepositions that open a noun's complement ('this rule on recognition', 'that part about pensions'): the phrase
# names a new thing; a closed class of English.
_COMPLEMENT_PREPOSITIONS = frozenset({"on", "about", "of", "for", "regarding", "concerning"})


def determiner(words: list[str], at: int) -> bool:
    """'this'/'that' at words[at] opens a noun phrase of the turn's own, not an object pronoun (review s24 R1):
    before a possessive ("this article's rules") or before a noun with a complement ('this rule on pensions'); 'that
    bit to me' still points at the answer."""
    after = words[at + 1:at + 3]
    return bool(after) and after[0][:1].isalpha() and (
        is_possessive(after[0]) or len(after) > 1 and after[1].lower() in _COMPLEMENT_PREPOSITIONS)


def restated(text: str, previous: TurnState, terms: CorpusTerms) -> str:
    """'can you explain it more simply?' after 'What does Article 98(4) say ...?': 'can you explain Article 98(4) more
    simply?'. The object pronoun of a restating verb stands for what the previous answer was about: the provision the
    previous question named, as it named it ('Article 98' stays the whole article: review s23 R4), else the treaty
    provision the answer cited first, paragraph included (read from the turn's citations, not from the answer's
    wording; never a refusal's closest passage); '' when the turn has no such object or neither names a provision (an
    answer that cites the analysis first keeps the turn's other readings)."""
    words = tokens(text)
    at = next((i + 1 for i, w in enumerate(words[:-1]) if w.lower() in RESTATING_VERBS
               and words[i + 1].lower() in _OBJECTS and requested(words, i) and not determiner(words, i + 1)), None)
    if at is None:
        return ""
    # a refusal's citation is its closest passage, which answers nothing: never what 'summarise it' is about
    # (browser audit s23 A7)
    found = provisions(previous.own_question or own_question(previous.standalone)) or (
        [] if previous.refused else cited_provisions(previous.cited[:1], terms))
    return detokenise([*words[:at], *found[0].text.split(), *words[at + 1:]]) if found else ""
