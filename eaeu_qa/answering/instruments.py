"""Instruments a question names (a document-type noun and its nearest modifier) and whether the corpus names such."""

from __future__ import annotations

import re

from ..entities import STOPWORDS
from ..settings import Settings
from ..textrepair import american_spelling
from .units import stem

# Nouns that name a legal instrument, as written (a general grammatical class, nothing from a particular question).
DOCUMENT_NOUNS = frozenset((
    "law laws legislation code codes agreement agreements convention conventions decree decrees regulation "
    "regulations act acts protocol protocols resolution resolutions constitution constitutions statute statutes "
    "charter charters treaty treaties directive directives").split())
COMPLEMENTS = ("on", "of")  # "the law on ...", "the Code of ...": the instrument's subject follows
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’]s)?|[^\sA-Za-z0-9]")
_WORD = re.compile(r"[A-Za-z0-9]+")
_POSSESSIVE = re.compile(r"['’]s$")


def _word(token: str) -> bool:
    return bool(_WORD.match(token))


def instrument_modifiers(text: str) -> tuple[str, ...]:
    """The words that say which instrument a question means: for each document noun, the word right before it (its
    nearest modifier: "federal" in "Russia's federal law", "CIS" in "the 1994 CIS agreement") and the first word of
    an "on"/"of" complement ("pension" in "the Agreement on Pension Provision"); function words and punctuation end
    the phrase. Lower case, in order."""
    # One spelling on both sides (as keyword search does): "labour law" and "labor legislation" name alike.
    tokens = _TOKEN.findall(american_spelling(text))
    found: list[str] = []
    for k, token in enumerate(tokens):
        if token.lower() not in DOCUMENT_NOUNS:
            continue
        before = _POSSESSIVE.sub("", tokens[k - 1]).lower() if k else ""
        if before and _word(before) and before not in STOPWORDS:
            found.append(before)
        if k + 2 < len(tokens) and tokens[k + 1].lower() in COMPLEMENTS:
            after = _POSSESSIVE.sub("", tokens[k + 2]).lower()
            if _word(after) and after not in STOPWORDS:
                found.append(after)
    return tuple(found)


def instrument_words(texts, window: int = Settings.instrument_window) -> frozenset[str]:
    """Index side: the stems of every corpus word within `window` words of a document noun (what the corpus says
    instruments are named by; Settings.instrument_window: "Treaty on the Accession" at 4)."""
    near: set[str] = set()
    for text in texts:
        words = [w.lower() for w in _WORD.findall(american_spelling(text))]
        stems = [stem(w) for w in words]
        for i, word in enumerate(words):
            if word in DOCUMENT_NOUNS:
                near.update(stems[max(0, i - window):i + window + 1])
    return frozenset(near)


def absent_instrument(modifiers: tuple[str, ...], known: frozenset[str]) -> bool:
    """The question names an instrument the corpus does not: one of its modifiers never stands near a document noun
    in the corpus ("Russian federal law", "the 1994 CIS agreement", "Kyrgyz law on external labour migration"), while
    "Kyrgyzstan's accession treaty" or "international treaties" are the corpus's own."""
    return any(stem(m) not in known for m in modifiers)
