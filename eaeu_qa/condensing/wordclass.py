"""Word classes from a general English lexicon (lemminflect's): whether a word can be a noun, a verb, an adjective.

The corpus's own statistics (entities.CorpusTerms) say how the documents use a word; a follow-up's topic is cut from
the user's words, which the documents often never use ('happen', 'lose', 'kids'). The lexicon lists every class a
word form can have ('work': noun and verb; 'lose': verb only; 'instead': adverb only), so a phrase with a word that
can be no noun, adjective or name is no noun phrase (condensing.noun_phrase).
"""

from __future__ import annotations

from functools import lru_cache

# lemminflect's classes, folded: n noun, v verb or auxiliary, a adjective, r adverb; p a name (a form the lexicon
# knows only capitalised: 'Kazan', 'Russia')
_FOLD = {"NOUN": "n", "PROPN": "p", "VERB": "v", "AUX": "v", "ADJ": "a", "ADV": "r"}


@lru_cache(maxsize=1)
def lexicon() -> dict[str, str]:
    """Each lower-case word form the lexicon knows -> the letters of its classes ('work' -> 'nv'). Reading the lexicon
    takes 0.8 s: kept on disk (eaeu_qa.derived_cache) per package version and code."""
    from importlib import metadata

    from ..derived_cache import cached

    def build() -> dict[str, str]:
        from lemminflect import Lemmatizer

        folded: dict[str, set[str]] = {}
        for form, found in Lemmatizer()._getLemmaDict().items():  # the package's form -> {class: lemmas} table
            if form.isalpha():
                letters = {_FOLD[c] for c in found if c in _FOLD}
                folded.setdefault(form.lower(), set()).update({"p"} if form[0].isupper() and letters else letters)
        return {form: "".join(sorted(letters)) for form, letters in folded.items() if letters}

    return cached(f"word-classes-{metadata.version('lemminflect')}", [], [__file__], build)


def classes(word: str) -> str:
    """The letters of the classes `word` can have (n, v, a, r, p); '' for a word the lexicon does not know."""
    return lexicon().get(word.lower().replace("’", "'"), "")


def known(word: str) -> bool:
    return bool(classes(word))


def can_be_noun(word: str) -> bool:
    """A noun or name reading, or an unknown word (a name the lexicon lacks: 'Kyrgyzstan')."""
    found = classes(word)
    return not found or bool({"n", "p"} & set(found))


def name_only(word: str) -> bool:
    """Known only as a name ('kazan', 'russia'): no 'the' before it."""
    return classes(word) == "p"


def verb_only(word: str) -> bool:
    """Only a verb ('happen', 'lose', 'affirms', 'pays'): no noun, adjective or adverb reading."""
    return classes(word) == "v"


def nominal(word: str) -> bool:
    """A noun, adjective or name reading (a word that can stand inside a noun phrase), or an unknown word."""
    found = classes(word)
    return not found or bool({"n", "a", "p"} & set(found))
