"""A request to restate the previous answer ('explain it more simply', 'summarise that'): the provision it quoted."""

from __future__ import annotations

from ..closing import REQUEST_VERBS
from ..entities import provisions, tokens
from .phrasing import detokenise, unmarked

# Verbs that ask for the previous answer's content again in other words: closing.REQUEST_VERBS (imperatives of asking)
# and the imperatives of rewording, a closed class of English the documents never write (so no corpus count finds
# them). Browser audit s22 A2: 'explain it in simple words' lost the paragraph the answer quoted (98(4) -> Article 98).
RESTATING_VERBS = REQUEST_VERBS | frozenset({"summarise", "summarize", "simplify", "rephrase", "paraphrase",
                                             "clarify", "reword"})
_OBJECTS = frozenset({"it", "that", "this"})


def restated(text: str, answer: str) -> str:
    """'can you explain it more simply?' after an answer that opens by quoting Article 98(4): 'can you explain Article
    98(4) of the EAEU Treaty more simply?'. The object pronoun of a restating verb stands for what the answer said, so
    for the provision it quoted first, paragraph included; '' when the turn has no such object or the answer opens with
    no provision (an answer that quotes the analysis first keeps the turn's other readings)."""
    words = tokens(text)
    at = next((i + 1 for i, w in enumerate(words[:-1]) if w.lower() in RESTATING_VERBS
               and words[i + 1].lower() in _OBJECTS), None)
    lead = unmarked(answer).lstrip()
    quoted = provisions(lead.split(" provides", 1)[0].split(" states", 1)[0]) if lead else []
    if at is None or not quoted or not lead.startswith(quoted[0].text.split(" of the ")[0]):
        return ""
    return detokenise([*words[:at], *quoted[0].text.split(), *words[at + 1:]])
