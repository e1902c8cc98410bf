"""Text helpers of the follow-up condenser that need no corpus: articles, plurals, possessives, tokens."""

from __future__ import annotations

import re

from ..entities import Entity, tokens

_POSSESSIVE = re.compile(r"['’]s$")
_POSSESSIVE_WORD = re.compile(r"\w(?:['’]s|s['’])$")  # "the worker's", "the workers'"
# Plurals without -s (the ones a question about migrant workers' families uses).
IRREGULAR_PLURALS = frozenset({"children", "grandchildren", "people", "men", "women"})


def strip_words(text: str, words: set[str]) -> str:
    return " ".join(w for w in text.split() if w.lower().strip("?.,!'’s") not in words
                    and w.lower().strip("?.,!") not in words)


def definite(phrase: str) -> str:
    """'families of migrant workers' -> 'the families of migrant workers', 'EAEU Court case' -> 'the EAEU Court case'
    (a common noun after a name); names, provisions and possessives ("Kyrgyzstan's move") unchanged."""
    words = phrase.split()
    if not phrase or phrase.lower().startswith(("the ", "a ", "an ")) or re.search(r"['’]s?$", words[0]):
        return phrase
    if phrase[0].isupper() and not (len(words) > 1 and words[-1].isalpha() and words[-1].islower()):
        return phrase
    return f"the {phrase}"


def plural(phrase: str) -> bool:
    """'the families of migrant workers' (head before 'of'), 'member States', 'the children': a plural phrase ("the
    worker's" is a singular possessive, "the workers'" a plural one)."""
    head = without_possessive(re.split(r"\s+(?:of|on|for|to|in)\s+", phrase)[0].split()[-1].lower()).rstrip("'’")
    return head in IRREGULAR_PLURALS or head.endswith("s") and not head.endswith(("ss", "us", "is"))


# The auxiliaries that agree with their subject's number, singular -> plural.
PLURAL_AUX = {"is": "are", "was": "were", "has": "have", "does": "do"}
_SINGULAR_AUX = {plural_form: singular for singular, plural_form in PLURAL_AUX.items()}


def agreeing(aux: str, plural_subject: bool) -> str:
    """The auxiliary in the subject's number, as capitalised as given ('do' for a singular subject -> 'does'); any
    other word unchanged."""
    changed = (PLURAL_AUX if plural_subject else _SINGULAR_AUX).get(aux.lower())
    return aux if changed is None else capitalise(changed) if aux[:1].isupper() else changed


def is_possessive(word: str) -> bool:
    """"worker's", "workers'", 'Kyrgyzstan’s': a possessive, which opens a noun phrase (never its verb or its end)."""
    return bool(_POSSESSIVE_WORD.search(word))


def possessive(word: str) -> str:
    return word + "'" if word.endswith("s") else word + "'s"


def without_possessive(text: str) -> str:
    """'Council's' -> 'Council', 'Kyrgyzstan’s' -> 'Kyrgyzstan': the text without a final possessive 's."""
    return _POSSESSIVE.sub("", text)


def bare_words(text: str) -> set[str]:
    """The text's words, lower-cased, without a possessive 's ("the Council's" -> {'the', 'council'})."""
    return {without_possessive(w.lower()) for w in tokens(text)}


def same_word(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return a == b or a.rstrip("s") == b.rstrip("s")


def existential(lowered: list[str], i: int) -> bool:
    """'it' in 'is it true that ...' is not a reference; 'there' is never treated as one."""
    return lowered[i] == "it" and i + 1 < len(lowered) and lowered[i + 1] in {"true", "possible", "legal", "right"}


def unique(entities: list[Entity]) -> list[Entity]:
    seen, kept = set(), []
    for e in entities:
        if e.text.lower() not in seen:
            seen.add(e.text.lower())
            kept.append(e)
    return kept


def unmarked(answer: str) -> str:
    return re.sub(r"\s*\[\d+\]", "", answer)


def detokenise(words: list[str]) -> str:
    text = " ".join(words)
    text = re.sub(r"\s+([?,;:.!)])", r"\1", text)
    return re.sub(r"\(\s+", "(", text)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


_RELATIVE = re.compile(r"\b(?:the\s+)?(?P<dir>next|following|previous|preceding)\s+(?P<kind>paragraph|article)\s+"
                       r"(?:of|in|after|before|to)\s+(?:the\s+)?(?:Article|Art\.?)\s*(?P<art>\d{1,3})"
                       r"(?:\s*\((?P<para>\d{1,2})\))?", re.I)


def relative_provision(text: str) -> str:
    """'the next paragraph of Article 98(3)' -> 'paragraph 4 of Article 98', 'the next article after Article 97' ->
    'Article 98': a provision named relative to another, once that other is known, by its own number."""
    def resolve(match: re.Match) -> str:
        step = 1 if match.group("dir").lower() in {"next", "following"} else -1
        article, para = int(match.group("art")), match.group("para")
        if match.group("kind").lower() == "paragraph":
            return f"paragraph {int(para) + step} of Article {article}" if para and int(para) + step > 0 \
                else match.group()
        return f"Article {article + step}" if article + step > 0 else match.group()
    return _RELATIVE.sub(resolve, text)
