"""An amount or a time of the previous turn named by 'that money', 'that period', 'after that time'."""

from __future__ import annotations

import re
from collections import Counter

from .phrasing import unmarked
from .wordclass import clause_verb_after
from ..entities import tokens

# Nouns that stand for an amount of money or for a stretch or point of time: with a demonstrative they point at a
# figure of the previous answer ('that money', 'that time') the way an ordinal points at an item of its lists.
AMOUNT_NOUNS = frozenset({"money", "amount", "sum", "funds", "payment", "fee", "cost", "price"})
# Not "term": in questions about treaties it names a word or an office ("this term", "that term of office").
TIME_NOUNS = frozenset({"time", "period", "date", "deadline", "day"})
# Heads of the phrases that name money when an answer gives no figure ('the budget of the EAEU').
MONEY_HEADS = frozenset({"budget", "contribution", "contributions", "funds", "funding", "fee", "fees", "payment",
                         "payments", "salary", "wages", "price", "cost", "costs"})
_NUMBER = (r"(?:\d+(?:[.,]\d+)*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
           r"forty|fifty|sixty|ninety|a|an)")
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_PERIOD = re.compile(rf"{_NUMBER}\s+(?:\(\d+\)\s+)?(?:calendar\s+|working\s+|business\s+)?(?:days?|weeks?|months?|"
                     r"years?)")
# A period ('90 days', 'three (3) months', 'two working days'), a date ('the 1st of January', '23 December 2014',
# 'December 23, 2014') or a year ('in 2015').
_TIME = re.compile(rf"\b{_PERIOD.pattern}\b|"
                   rf"\b(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:\s+\d{{4}})?\b|"
                   rf"\b{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?\b|\b(?:19|20)\d\d\b")
# A sum of money: a number with its currency ('500 rubles', '$300'; a share in per cent is no money).
_AMOUNT = re.compile(r"[$€£]\s?\d+(?:[.,]\d+)*|\b\d+(?:[.,]\d+)*\s*(?:(?:Russian\s+)?(?:rubles?|roubles?|dollars?|"
                     r"euros?|soms?|tenge|drams?|US\s+dollars)\b)", re.I)
_MONEY_PHRASE = re.compile(r"\b(?P<head>(?i:%s))\b(?P<of>\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)?"
                           % "|".join(sorted(MONEY_HEADS)))
# 'this year', 'these days': a proximal demonstrative with a unit of the calendar points at the present, not back.
CALENDAR_UNITS = frozenset({"year", "years", "month", "months", "week", "weeks", "day", "days"})
_POINTER = re.compile(r"\b(?:that|this|those|these)\s+(?P<noun>[a-z]+)\b", re.I)


def deictic(demonstrative: str, noun: str) -> bool:
    """'this year', 'these days': the demonstrative names the speaker's present (CALENDAR_UNITS), nothing earlier."""
    return demonstrative.lower() in {"this", "these"} and noun.lower() in CALENDAR_UNITS


def figures(text: str, kind: str) -> list[str]:
    """The times or amounts (kind 'time' / 'amount') a text gives, in order: its figures; for money without a
    figure, the money phrase it names most often ('the budget of the EAEU')."""
    text = unmarked(text)
    if kind == "time":
        return [m.group().removeprefix("the ").strip() for m in _TIME.finditer(text)]
    found = [m.group().strip() for m in _AMOUNT.finditer(text)]
    if found:
        return found
    phrases = list(_MONEY_PHRASE.finditer(text))
    heads = Counter(m.group("head").lower() for m in phrases)
    if not heads:
        return []
    head = heads.most_common(1)[0][0]  # ties: the first named
    forms = Counter(f"the {m.group('head').lower()}{m.group('of') or ''}" if m.group("of") else
                    f"the {m.group('head').lower()}" for m in phrases if m.group("head").lower() == head)
    return [max(forms, key=lambda f: (forms[f], len(f)))]


def resolve_measure(text: str, answer: str, previous_question: str) -> str:
    """'Where does that money come from?' after an answer about 'the budget of the EAEU' -> 'Where does the budget
    of the EAEU come from?'; 'what happens after that time?' after an answer giving '90 days' -> 'what happens after
    the 90 days?': a demonstrative with a noun of money or time stands for the previous answer's first figure of
    that kind (a period, a date, a sum), else the previous question's; '' when the turn has none or nothing fits."""
    for match in _POINTER.finditer(text):
        noun = match.group("noun").lower()
        if deictic(match.group().split()[0], noun):
            continue
        kind = "amount" if noun in AMOUNT_NOUNS else "time" if noun in TIME_NOUNS else ""
        if not kind or clause_verb_after([w.lower() for w in tokens(text[:match.end()] + " " + text[match.end():])],
                                         len(tokens(text[:match.start()]))):
            continue  # 'how much would a package like that cost per family?': 'cost' is the verb
        found = figures(answer, kind) or figures(re.sub(r"\s+ago\b", "", previous_question), kind)
        if not found:
            return ""
        figure = found[0]
        if figure.lower() == f"the {noun}":
            return ""  # 'the cost' for 'that cost' names nothing more
        if not figure.startswith("the ") and (kind == "amount" or _PERIOD.fullmatch(figure) or " of " in figure):
            figure = f"the {figure}"  # 'the 90 days', 'the 500 rubles', 'the 1st of January'; '2015' as it is
        return text[:match.start()] + figure + text[match.end():]
    return ""
