"""Follow-up condensing: turn "And what about pensions?" into a self-contained query using the chat history."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Openers that mark a turn as continuing the previous one ("And ...", "What about ...").
_CONTINUATION_OPENERS = re.compile(
    r"^\s*(?:and|but|so|also|then|or|what about|how about|and what about|and how about|what of|"
    r"which article|which provision|which paragraph|which part|where does it say|where is that|"
    r"is that|does that|do they|does it|did they|did it)\b",
    re.I,
)
# Words that only make sense with an antecedent from an earlier turn.
_ANAPHORA = re.compile(
    r"\b(?:it|its|it's|itself|that|this|these|those|they|them|their|theirs|there|he|she|his|her|"
    r"the same|such|former|latter|the above)\b",
    re.I,
)
_LEADING_FILLER = re.compile(r"^\s*(?:and|but|so|also|then|ok(?:ay)?|well)\s*[,:]?\s+", re.I)
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
# Function words and question scaffolding: what remains is the turn's own topic.
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each either else ever every few for from
further had has have having he her here hers herself him himself his how i if in into is it its itself
just let me more most my myself no nor not now of off on once only or other our ours out over own same
say says said shall she should so some such than that the their theirs them themselves then there these
they this those through to too under until up upon very was we were what when where which while who whom
whose why will with would you your yours actually exactly really please tell explain anything something
much many
""".split())
# A turn with at most this many topic words of its own is treated as elliptical.
SHORT_TOPIC_WORDS = 2


@dataclass(frozen=True)
class Condensed:
    """The query used for retrieval, and whether it was rewritten from the history."""

    question: str
    standalone: str
    is_follow_up: bool
    topic: str = ""  # the earlier (standalone) question the follow-up leans on


def topic_words(text: str) -> list[str]:
    """Content words of a question, in order, without question scaffolding."""
    return [w for w in _WORD.findall(text) if w.lower().strip("'’") not in STOPWORDS]


def is_follow_up(question: str) -> bool:
    """True when the question cannot stand alone: it continues, points back, or is elliptical."""
    if _CONTINUATION_OPENERS.match(question):
        return True
    own_topic = topic_words(question)
    if _ANAPHORA.search(question) and len(own_topic) <= 4:
        return True
    return len(own_topic) <= SHORT_TOPIC_WORDS


def condense(question: str, history: list[str] | None = None) -> Condensed:
    """Rewrite a follow-up into a self-contained query; leave a self-contained question unchanged.

    History holds the user's earlier questions, oldest first. Earlier follow-ups are condensed in turn,
    so a third turn inherits the topic of the first ("Where was it signed?" -> "On what date?" -> ...).
    """
    question = question.strip()
    previous = _standalone_history(history or [])
    if not previous or not is_follow_up(question):
        return Condensed(question=question, standalone=question, is_follow_up=False)
    topic = previous[-1]
    return Condensed(question=question, standalone=_combine(question, topic), is_follow_up=True, topic=topic)


def _standalone_history(history: list[str]) -> list[str]:
    """Each earlier turn's topic: itself when self-contained, else the topic it leaned on (transitively)."""
    topics: list[str] = []
    for turn in (t.strip() for t in history):
        if not turn:
            continue
        topics.append(topics[-1] if topics and is_follow_up(turn) else turn)
    return topics


def _combine(question: str, topic: str) -> str:
    """'And what about pensions?' + earlier question -> 'What about pensions? (Context: <earlier>)'."""
    follow_up = _LEADING_FILLER.sub("", question).strip()
    follow_up = follow_up[:1].upper() + follow_up[1:]
    context = topic.rstrip(" ?.!")
    return f"{follow_up} (Context: {context}.)"
