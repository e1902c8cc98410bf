"""Which words of a citation an answer quotes: the pieces around the ellipses that mark words left out."""

# A citation's quote is one verbatim span of the document (start..end), but an answer may quote it in pieces, "A … B",
# leaving out the sentences between them. The source card, the popover and the export showed and highlighted the
# whole span, the left-out sentences too, as if quoted (audit B12). The pieces are read back from the answer sentence
# that ends at the citation's marker and found, word for word, in the span; whatever does not fit keeps the span.

from __future__ import annotations

import re

from ..records import Citation

_MARKERS = re.compile(r"(?:\[\d{1,3}\]\s*)+")  # a marker, or a run of them ("[2][3]": one paragraph, two chunks)
_ELLIPSIS = re.compile(r"\s*(?:\u2026|\.\.\.)\s*")
_WORD = re.compile(r"\w+")
_OPENING, _CLOSING = "\u201c\u2018\"'([", "\u201d\u2019\"')]"
ELLIPSIS = " \u2026 "  # between two pieces where the popover and the export show them
Span = tuple[int, int]  # document offsets


def _sentence_before(answer: str, n: int) -> str | None:
    """The answer's text between the marker run holding [n] and the marker run before it (None: no such marker)."""
    previous = 0
    for run in _MARKERS.finditer(answer):
        if f"[{n}]" in run.group():
            return answer[previous:run.start()]
        previous = run.end()
    return None


def quoted_pieces(answer: str, n: int) -> list[str]:
    """The pieces the answer quotes for citation n, when it leaves words out between them ("A … B" before [n], inside
    its quotation marks if it has them); empty when it quotes one piece (the whole span)."""
    sentence = _sentence_before(answer, n)
    if sentence is None:
        return []
    if "\u201c" in sentence:  # treaty text: "Article 98(3) of the EAEU Treaty provides that “...”"
        sentence = sentence[sentence.rindex("\u201c") + 1:]
        sentence = sentence[:sentence.rindex("\u201d")] if "\u201d" in sentence else sentence
    pieces = [piece for piece in _ELLIPSIS.split(sentence) if _WORD.search(piece)]
    return pieces if len(pieces) > 1 else []


def _found(words: list[str], text: str, begin: int, end: int) -> re.Match | None:
    pattern = r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)"
    return re.compile(pattern).search(text, begin, end)


def quoted_spans(answer: str, citation: Citation) -> list[Span]:
    """The document spans of citation's words that the answer quotes: each piece of an "A … B" quote, found in order
    inside the citation's span (word for word: the answer folds white space, and may open with an editorial "[…]"
    or turn quotation marks single). The whole span when the answer quotes it whole, or when the pieces found do not
    run from the span's first word to its last (a piece of another chunk's citation, "[2][3]", is skipped)."""
    whole = [(citation.start, citation.end)]
    pieces = quoted_pieces(answer, citation.n)
    text, offset = citation.passage, citation.passage_start
    begin = max(0, citation.start - offset)
    end = min(len(text), citation.end - offset)
    if not pieces or begin >= end:
        return whole
    spans, position = [], begin
    for piece in pieces:
        words = _WORD.findall(piece)
        match = _found(words, text, position, end)
        if match is None and len(words) > 1:  # an editorial opening other than "[…]" is not in the text
            match = _found(words[1:], text, position, end)
        if match is not None:
            spans.append((match.start(), match.end()))
            position = match.end()
    if (len(spans) < 2 or _WORD.search(text[begin:spans[0][0]]) or _WORD.search(text[spans[-1][1]:end])):
        return whole
    spans[0], spans[-1] = (begin, spans[0][1]), (spans[-1][0], end)  # the span's own first and last marks
    spans = [(_opened(text, start, begin), _closed(text, stop, end)) for start, stop in spans]
    return [(start + offset, stop + offset) for start, stop in spans]


def _opened(text: str, start: int, begin: int) -> int:
    """start moved back over the quotation marks or brackets that open its words ("“State of ...")."""
    while start > begin and text[start - 1] in _OPENING:
        start -= 1
    return start


def _closed(text: str, stop: int, end: int) -> int:
    while stop < end and text[stop] in _CLOSING:
        stop += 1
    return stop


def quoted_text(citation: Citation, spans: list[Span]) -> str:
    """The words quoted from citation, verbatim (white space folded), its pieces joined by an ellipsis."""
    offset = citation.passage_start
    pieces = [" ".join(citation.passage[start - offset:stop - offset].split()) for start, stop in spans]
    if len(pieces) == 1 and spans == [(citation.start, citation.end)]:
        return " ".join(citation.quote.split())
    return ELLIPSIS.join(pieces)
