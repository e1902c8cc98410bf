"""The documents' own abbreviations: short forms defined in brackets after their long form, read from the chunks."""

from __future__ import annotations

import re

_FUNCTION = r"(?:of|the|on|and|for|in)"
# A run of capitalised words, function words allowed inside, ending at the bracket that defines its short form.
_LONG = rf"((?:[A-Z][\w'’-]*\s+(?:{_FUNCTION}\s+)*){{1,8}})"
# "Eurasian Economic Union (hereinafter - the EAEU)", "(hereinafter referred to as the EAEU or the Union)"
_HEREINAFTER = re.compile(_LONG + r"\(\s*hereinafter(?:\s+referred\s+to\s+as)?\s*[-–—:]?\s*([^()]{1,60}?)\s*\)")
# "Eurasian Economic Union (EAEU)": capital initials in brackets
_INITIALS = re.compile(_LONG + r"\(([A-Z]{2,6})\)")
_FUNCTION_WORD = re.compile(rf"^{_FUNCTION}$", re.I)


def _clean_long(words: list[str]) -> str:
    while words and _FUNCTION_WORD.match(words[-1]):
        words = words[:-1]
    while words and _FUNCTION_WORD.match(words[0]):
        words = words[1:]
    return " ".join(words)


def _initials_long(run: str, short: str) -> str | None:
    """The shortest tail of `run` whose content words' initials spell `short`, or None."""
    words = run.split()
    for start in range(len(words) - 1, -1, -1):
        tail = _clean_long(words[start:])
        initials = "".join(w[0] for w in tail.split() if not _FUNCTION_WORD.match(w)).upper()
        if initials == short:
            return tail
        if len(initials) > len(short):
            return None
    return None


def definitions(texts) -> dict[str, str]:
    """{short form: long form} of every bracketed definition the texts write (case as written; the first wins)."""
    found: dict[str, str] = {}
    for text in texts:
        flat = re.sub(r"\s+", " ", text)
        for match in _HEREINAFTER.finditer(flat):
            long_form = _clean_long(match.group(1).split())
            for short in re.split(r",|\bor\b", match.group(2)):
                short = re.sub(r"^(?:the|a)\s+", "", short.strip(), flags=re.I).strip(" .;")
                if long_form and short and short[0].isupper() and short.lower() != long_form.lower():
                    found.setdefault(short, long_form)
        for match in _INITIALS.finditer(flat):
            long_form = _initials_long(match.group(1), match.group(2))
            if long_form:
                found.setdefault(match.group(2), long_form)
    return found


def _form_pattern(form: str) -> str:
    """A pattern for `form` as a whole word: regardless of case, but only as written for a short form that is an
    ordinary word ("the Code", "the Company" from an upload's "(hereinafter - ...)"), which a question writing "code"
    or "company" does not mean; capitals only (EAEU) or several words are names in any case."""
    ordinary = " " not in form and not form.isupper()
    return rf"(?<![\w-])(?{'' if ordinary else 'i'}:{re.escape(form)})(?![\w-])"


class Abbreviations:
    """A query's other forms: the long form of each short form it writes, and the short forms of each long form (keyword
    side: terms); the query with its short forms spelled out (dense side: expanded)."""

    def __init__(self, pairs: dict[str, str]):
        self.pairs = pairs
        self._patterns = [(re.compile(_form_pattern(written)), other)
                          for short, long_form in pairs.items()
                          for written, other in ((short, long_form), (long_form, short))]
        # one numbered group per short form, longest first ("Court of the EAEU" before "EAEU"): the long form is found
        # by the group that matched, not by the matched text (a dotless "ı" matches "i" regardless of case)
        self._long_forms = [pairs[short] for short in sorted(pairs, key=len, reverse=True)]
        alternatives = "|".join(f"({_form_pattern(short)})" for short in sorted(pairs, key=len, reverse=True))
        self._shorts = re.compile(alternatives) if pairs else None

    def expanded(self, query: str) -> str:
        """The query with each short form it writes followed by its long form, as the documents define it: "the EAEU"
        -> "the Eurasian Economic Union (EAEU)" (for the question's vector: the encoder reads the long form better).
        A short form whose long form the query writes already is left; a longer short form wins ("Court of the
        EAEU" before "EAEU")."""
        if not self._shorts:
            return query
        lowered = query.lower()

        def spelled(match: re.Match) -> str:
            long_form = self._long_forms[match.lastindex - 1]
            return match.group(0) if long_form.lower() in lowered else f"{long_form} ({match.group(0)})"

        return self._shorts.sub(spelled, query)

    def terms(self, query: str) -> list[str]:
        """The other forms of the forms the query writes, each once, and none the query already writes."""
        out: list[str] = []
        for pattern, other in self._patterns:
            if pattern.search(query) and other not in out and other.lower() not in query.lower():
                out.append(other)
        return out
