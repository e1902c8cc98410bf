"""The conversation state follow-ups are resolved against (TurnState, Condensed).

The conversation state follow-ups are resolved against: an earlier turn as the condenser understood it (TurnState)
and a condensed turn (Condensed)."""

from __future__ import annotations

from dataclasses import dataclass

from ..entities import Entity
from ..records import CitedLocator


@dataclass(frozen=True)
class Condensed:
    """The query used for retrieval, and whether (and how) it was rewritten from the conversation."""

    question: str
    standalone: str
    is_follow_up: bool
    topic: str = ""  # what the follow-up was resolved against
    mode: str = ""  # "reference" (words replaced), "topic" (previous topic added), "replace" (previous question
    # asked about a new name), "switch" (a topic of its own, the previous subject as context), "" (unchanged)
    own: str = ""  # the turn's own words (without openers such as "And"), searched next to `standalone`
    own_question: str = ""  # `standalone` without a topic put before it ('As for X, ...'); stored with the turn
    shift: bool = False  # the turn names another party than the previous turn's subject
    cited: tuple[CitedLocator, ...] = ()  # what the previous answer cited
    other_aspect: bool = False  # the turn asks for another thing than the previous question (condensing.aspect)
    points_back: bool = False  # the rewrite took words from earlier turns (a pronoun, an ellipsis, "the other side" or
    # a condition filled in, an earlier question asked again): not only a topic put before the turn (mode "topic")
    own_pointer: bool = False  # in a conversation, the turn's own words point back ("that", "it": pointers.references)
    # or go on from the earlier turn ("and ...", "too": pointers.continues_earlier_turn), whatever the rewrite did
    # with them
    restated: bool = False  # condensing.restate put the provision the previous answer was about in place of the
    # turn's object pronoun ('explain it more simply'): the turn asks for that answer again in other words


@dataclass(frozen=True)
class TurnState:
    """An earlier turn as the condenser sees it: how it was understood and what it talked about."""

    question: str
    standalone: str
    own_question: str = ""  # the standalone question without a topic put before it, as stored with the turn
    answer: str = ""  # what the answer said ('' for a refusal)
    entities: tuple[Entity, ...] = ()  # answer's and question's names and provisions, most salient first
    subject: str = ""  # the phrase a pronoun in the next turn stands for
    topic: str = ""  # the phrase an elliptical next turn is about
    topic_text: str = ""  # the question the topic was taken from ("" when the topic is a named answer)
    cited: tuple[CitedLocator, ...] = ()  # the locators the answer cited
    answered: bool = False  # the subject is the thing the answer named ('Which body ...?' -> 'the Commission')
    refused: bool = False  # the answer was a refusal (`answer` is then '': its closest passage answers nothing)
    answer_names: tuple[str, ...] = ()  # every name the answer gives, in order ('' answer: none): antecedents of last
    # resort for an 'it' the earlier questions never named (condensing.antecedent.owner_of)
