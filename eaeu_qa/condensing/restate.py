"""A request to restate the previous answer ('explain it more simply', 'summarise that'): the provision it was about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..closing import REQUEST_MARKERS, REQUEST_VERBS
from ..entities import (CONNECTIVES, DETERMINERS, FILLERS, MODALS, STOPWORDS, SUBJECT_PRONOUNS, WH_WORDS,
                        CorpusTerms, cited_provisions, provisions, tokens)
from .phrasing import detokenise
from .topic import own_question
from .wordclass import classes

if TYPE_CHECKING:
    from .state import TurnState

# Verbs that ask for the previous answer's content again in other words: closing.REQUEST_VERBS (imperatives of asking)
# and the imperatives of rewording, a closed class of English the documents never write (so no corpus count finds
# them). Browser audit s22 A2: 'explain it in simple words' lost the paragraph the answer quoted (98(4) -> Article 98).
RESTATING_VERBS = REQUEST_VERBS | frozenset({"summarise", "summarize", "simplify", "rephrase", "paraphrase",
                                             "clarify", "reword"})


# The words a request puts before its verb ('can you explain it', 'please summarise that'): a modal, 'you', 'please';
# fillers, connectives and adverbs also pass ('ok so just explain it'). A closed class of English.
_REQUEST_WORDS = MODALS | REQUEST_MARKERS | {"you", "u", "please", "pls", "plz"} | set(FILLERS) | set(CONNECTIVES)


def requested(words: list[str], at: int) -> bool:
    """The verb at words[at] is asked for: only a request's words come before it in its clause ('can you explain it',
    'explain it'), not a subject ('if the boss refuses to give it', 'who gives it then'; ux s24)."""
    start = max((i + 1 for i, w in enumerate(words[:at]) if not w[:1].isalnum()), default=0)
    return all(w.lower() in _REQUEST_WORDS or "r" in classes(w.lower()) and not {"n", "v"} & set(classes(w.lower()))
               for w in words[start:at])


# The user's nouns for a piece of the answer just shown ('explain that bit to me like i'm 12', tune_chat2; 'simplify
# this part'): after 'this'/'that' they point back at the answer, not at a new thing. A closed class of words about
# text on a screen, which the documents use of their own text if at all, so no corpus count tells them apart.
_ANSWER_PIECES = frozenset({"bit", "part", "answer", "passage", "sentence", "text"})


def object_pronoun(words: list[str], at: int) -> bool:
    """words[at] is the restating verb's object pronoun and stands alone: 'it' always; 'this' or 'that' when nothing
    follows, or a punctuation mark, a function word that opens no noun phrase or clause ('that to me', 'this again',
    'that more simply'; entities.STOPWORDS but its DETERMINERS, WH_WORDS, SUBJECT_PRONOUNS and 'it'), an adverb in -ly
    ('that simply') or a noun for a piece of the answer ('that bit': _ANSWER_PIECES). Not a determiner of a new thing
    ('Explain this rule on diplomas', "Describe this article's rules") nor a conjunction ('Can you show that the
    Court can enforce its decisions?'; review s24 R1, R7: the one copy, moved here from answering/asked.py)."""
    word = words[at].lower()
    if word == "it":
        return True
    if word not in ("this", "that"):
        return False
    nxt = words[at + 1].lower() if at + 1 < len(words) else ""
    return (not nxt[:1].isalnum() or nxt.endswith("ly") or nxt in _ANSWER_PIECES or nxt in STOPWORDS
            and nxt not in DETERMINERS | WH_WORDS | SUBJECT_PRONOUNS | {"it"})


def restated(text: str, previous: TurnState, terms: CorpusTerms) -> str:
    """'can you explain it more simply?' after 'What does Article 98(4) say ...?': 'can you explain Article 98(4) more
    simply?'. The object pronoun of a restating verb stands for what the previous answer was about: the provision the
    previous question named, as it named it ('Article 98' stays the whole article: review s23 R4), else the treaty
    provision the answer cited first, paragraph included (read from the turn's citations, not from the answer's
    wording; never a refusal's closest passage); '' when the turn has no such object or neither names a provision (an
    answer that cites the analysis first keeps the turn's other readings)."""
    words = tokens(text)
    at = next((i + 1 for i, w in enumerate(words[:-1]) if w.lower() in RESTATING_VERBS
               and object_pronoun(words, i + 1) and requested(words, i)), None)
    if at is None:
        return ""
    # a refusal's citation is its closest passage, which answers nothing: never what 'summarise it' is about
    # (browser audit s23 A7)
    found = provisions(previous.own_question or own_question(previous.standalone)) or (
        [] if previous.refused else cited_provisions(previous.cited[:1], terms))
    return detokenise([*words[:at], *found[0].text.split(), *words[at + 1:]]) if found else ""
