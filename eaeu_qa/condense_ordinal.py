"""An item of the previous answer named by its position: 'the second one', 'the last of those', 'the latter'."""

from __future__ import annotations

import re

from .condense_reference import GENERAL_NOUNS
from .entities import CorpusTerms, names, tokens
from .phrasing import same_word, unmarked
from .settings import Settings

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4, "5th": 5, "former": 1, "last": -1, "latter": -1}
# Counts a question can ask for ('what two parts ...'): the list of that length is the one the answer gave.
COUNTS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}
# 'the second one', 'the last of those', 'the latter', 'the second body': an ordinal that stands for a list item.
_ORDINAL = re.compile(r"\bthe\s+(?P<ord>%s)\b(?:\s+(?P<of>of\s+(?:those|these|them|the\s+two|both|the\s+three))\b|"
                      r"\s+(?P<noun>[a-z]+)\b)?" % "|".join(ORDINALS), re.I)
# What may stand between two items of one list: commas, semicolons, 'and', 'or', 'as well as', an article.
# Words after an ordinal that leave it alone: a verb or a conjunction ('the latter is ...', 'the second and ...').
_AFTER_ALONE = frozenset({"and", "or", "is", "was", "are", "does", "did", "do", "can", "could", "will",
                          "would", "has", "have", "shall", "may", "must"})
_BETWEEN_ITEMS = re.compile(r"^[\s,;:]*(?:(?:and|or|as\s+well\s+as|and\s+also)\s+)?(?:the\s+)?$", re.I)


def ordinal_reference(text: str, previous_question: str = "") -> tuple[int, int, int] | None:
    """(start, end, position) of the ordinal phrase of a turn that points at an item of a list: 'the second one',
    'the last of those', 'the latter', 'the second part' after a question about parts (the noun one of the previous
    question's), 'the second' alone (position -1 for the last); None when there is none ('the first meeting')."""
    earlier = [w for w in tokens(previous_question.lower()) if len(w) > 2]
    for match in _ORDINAL.finditer(text):
        noun = (match.group("noun") or "").lower()
        position = ORDINALS[match.group("ord").lower()]
        if match.group("of") or noun in GENERAL_NOUNS or noun and any(same_word(noun, w) for w in earlier):
            return match.start(), match.end(), position
        if not noun or noun in _AFTER_ALONE:  # 'the second?', 'the latter is ...', 'the last and ...'
            return match.start(), match.end("ord"), position
    return None


def answer_lists(answer: str, terms: CorpusTerms) -> list[list[str]]:
    """The lists of names the answer gives, in order: runs of two or more names in one quote (or sentence) with only
    commas, semicolons, 'and' / 'or' between them; parentheses ('(hereinafter - the EEC)') left out."""
    text = unmarked(answer)
    segments = re.findall(r"“([^”]+)”", text) or re.split(r"(?<=[.!?])\s+", text)
    lists = []
    for segment in segments:
        segment = re.sub(r"\s*\([^)]*\)", "", segment)
        run: list[str] = []
        at = end = 0
        for entity in names(segment, terms):
            start = segment.find(entity.text, at)
            if start < 0:
                continue
            if run and not _BETWEEN_ITEMS.match(segment[end:start]):
                if len(run) > 1:
                    lists.append(run)
                run = []
            run.append(entity.text)
            at = end = start + len(entity.text)
        if len(run) > 1:
            lists.append(run)
    return lists


def resolve_ordinal(text: str, answer: str, previous_question: str, terms: CorpusTerms,
                    the_noun_share: float = Settings.the_noun_share) -> str:
    """'How does the second one vote?' after an answer listing 'the Council of the Commission and the Collegium of
    the Commission' -> 'How does the Collegium of the Commission vote?': the item at that position of the answer's
    list (the list as long as the count the previous question asked for, else the answer's first); '' when the turn
    has no such ordinal or the answer no such list."""
    reference = ordinal_reference(text, previous_question)
    lists = answer_lists(answer, terms) if reference else []
    if not reference or not lists:
        return ""
    start, end, position = reference
    counts = {COUNTS[w.lower()] for w in tokens(previous_question) if w.lower() in COUNTS}
    chosen = next((items for items in lists if len(items) in counts), lists[0])
    if position > len(chosen):
        return ""
    item = chosen[position - 1] if position > 0 else chosen[-1]
    if not item.lower().startswith("the ") and (len(item.split()) > 1 or terms.noun_share.get(
            item.lower(), 0.0) >= the_noun_share):
        item = f"the {item}"  # 'the Collegium of the Commission', 'the Collegium', but 'Russia'
    return text[:start] + item + text[end:]
