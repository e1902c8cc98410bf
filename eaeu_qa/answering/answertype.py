"""Expected answer type of a question (date, quantity, person, place) and detectors of it in evidence text."""

from __future__ import annotations

import re

from ..entities import STOPWORDS
from ..settings import Settings
from .units import stem

DATE, DURATION, QUANTITY, PERSON, PLACE = "date", "duration", "quantity", "person", "place"

# Nouns that name a quantity or a person holding a role (general answer-type vocabulary).
_QUANTITY_NOUNS = ("share|percentage|proportion|amount|sum|number|figure|rate|fee|price|cost|budget|size|population|"
                   "total|wage|salary|income|gdp")
_ROLE_NOUNS = (r"judges?|lawyers?|officials?|ministers?|ministry|presidents?|chairm[ae]n|chairpersons?|heads?|"
               r"representatives?|leaders?|spokes(?:man|woman|person)|ambassadors?|experts?|individuals?")
# Nouns for the person who made a text: a person asked for in "who is the author", not in "what does the writer say".
_MAKER_NOUNS = r"authors?|writers?"
# "when" as an interrogative (followed by an auxiliary or ending the question), not "when I arrive".
_WHEN = (r"when(?=\s+(?:do|does|did|is|are|was|were|will|would|can|could|should|shall|has|have|had|must|may)\b"
         r"|\s*[?]|\s*$)")
_INTERROGATIVE = re.compile(rf"\b(?:what|which|who|whom|whose|where|how|why|{_WHEN})\b", re.I)
# What the question's first interrogative phrase asks for (general forms, each anchored at that word).
_QUESTION_TYPES = (
    (PERSON, re.compile(rf"who(?:'s| is| are| was| were| will be| has been)\b[^?]*?\b(?:{_ROLE_NOUNS}|"
                        rf"{_MAKER_NOUNS})\b|(?:which|what)\s+(?:\w+\s+){{0,2}}?(?:{_ROLE_NOUNS})\b|"
                        r"who\s+(?:wrote|authored)\b", re.I)),
    (DATE, re.compile(rf"(?:{_WHEN}|(?:what|which)\s+(?:\w+\s+)?(?:date|year|day|month|time))\b", re.I)),
    (DURATION, re.compile(r"how (?:long|soon|often)\b", re.I)),
    (QUANTITY, re.compile(rf"how (?:many|much|old)\b|(?:what|which)\b[^?.,;]{{0,30}}?\b(?:{_QUANTITY_NOUNS})\b",
                          re.I)),
    (PLACE, re.compile(r"where\b|(?:which|what)\s+(?:\w+\s+)?(?:city|cities|town|towns|region|regions|place|"
                       r"places)\b", re.I)),
)

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december")
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
                 "hundred|thousand|million|billion|half|third|quarter|twice|double|percent|per cent")
_TIME_UNITS = r"(?:calendar\s+)?(?:days?|weeks?|months?|years?)"
# Detectors of a type in evidence text: general forms, nothing from a particular question.
# A year glued to its month ("December2014") and a day in quotation marks ("“23” December") are the treaties' layout.
_DATE_TOKEN = re.compile(rf"\b(?:1[89]\d\d|20\d\d)\b|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b|"
                         rf"\b\d{{1,2}}\W{{0,2}}\s*(?:{_MONTHS})\b|\b(?:{_MONTHS})\s*(?:1[89]|20)\d\d\b|"
                         rf"\b(?:{_MONTHS})\s+\d{{1,2}}\b|\b(?:dates?|deadline)\b|"
                         rf"\b(?:\d+|{_NUMBER_WORDS})\s+{_TIME_UNITS}", re.I)
# Durations and frequencies: "30 days", "one calendar year", "until ...", "once a year", "two times a year".
_DURATION_TOKEN = re.compile(rf"\b(?:\d+|{_NUMBER_WORDS})\s+{_TIME_UNITS}|\b(?:period|term|until|expir\w*|"
                             rf"duration|dates?|once|twice|times)\b|\b(?:a|per|each|every)\s+{_TIME_UNITS}", re.I)
# A digit that is not part of a provision reference ("Article 98", "paragraph 3", "Annex 30", "(4)"), a number
# word, or an amount of nil in words ("at no charge").
_QUANTITY_TOKEN = re.compile(rf"(?<!article )(?<!articles )(?<!paragraph )(?<!annex )(?<![(\d])\d|%|"
                             rf"\b(?:{_NUMBER_WORDS.removeprefix('one|')})\b|\b(?:no|without|free of)\s+(?:charge|cost|fee)",
                             re.I)
_PERSON_TOKEN = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|President|Minister|Judge|Chairman|Chairperson|Ambassador)\.?\s+"
                           r"[A-Z][a-z]+|\b[A-Z][a-z]+\s+[A-Z]\.\s*[A-Z][a-z]+")
# A one-word proper name after a locative preposition ("in Minsk", not "at the Eurasian Economic Union Court"),
# "the city of X", or a word that states a location.
_PLACE_TOKEN = re.compile(r"\b(?:in|at|to|from|based in|city of|town of)\s+[A-Z][a-z]+\b(?!\s+[A-Z(])|"
                          r"\b(?:territory|territories|city|seat|residence|located|headquarters)\b")
_DETECTORS = {DATE: _DATE_TOKEN, DURATION: _DURATION_TOKEN, QUANTITY: _QUANTITY_TOKEN, PERSON: _PERSON_TOKEN,
              PLACE: _PLACE_TOKEN}
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
_WORD = re.compile(r"[A-Za-z]+|\d+")


def answer_type(question: str) -> str:
    """'date', 'duration', 'quantity', 'person', 'place' or '' (no specific type): what the question's first
    interrogative phrase asks for ("who decides how much ..." asks for an agent, not a quantity)."""
    first = next((m for m in _INTERROGATIVE.finditer(question) if _fronted(question[:m.start()])), None)
    if first is None:
        return ""
    for name, pattern in _QUESTION_TYPES:
        if pattern.match(question, first.start()):
            return name
    return ""


_HOW_TYPE_WORD = re.compile(r"how\s+(long|soon|often|many|much|old)\b", re.I)
# "stand" in "What does CHI stand for?": it asks what an acronym (written in capitals) spells out, and the evidence
# writes those words ("compulsory medical insurance (CHI)"), not "stand". A pattern of the question's form, as
# _HOW_TYPE_WORD is: English asks what an acronym means with this one idiom, and an acronym before it is the
# condition, not any question's wording; a corpus signal (words the corpus does not write) would also take "stand" in
# "What do the parties stand for?", whose "stand" is the thing asked.
_STANDS_FOR = re.compile(r"(?i:what\s+(?:does|do|did)\s+(?:[\w'’-]+\s+){0,3}?)[\"'“‘]?[A-Z]{2,}[\"'’”]?\s+"
                         r"(?i:(stand)\s+for)\b")


def type_words(question: str) -> frozenset[str]:
    """The word of the question's first interrogative phrase that only says which type is asked for: "often"
    in "How often does ... meet?", "long" in "How long ...?", "stand" in "What does CHI stand for?". It is the
    question's form, not something the evidence has to mention (the evidence answers it with "two times a year",
    "30 days", "compulsory medical insurance (CHI)")."""
    first = next((m for m in _INTERROGATIVE.finditer(question) if _fronted(question[:m.start()])), None)
    match = first and (_HOW_TYPE_WORD.match(question, first.start()) or _STANDS_FOR.match(question, first.start()))
    return frozenset({match.group(1).lower()}) if match else frozenset()


_LEADING_PARTICLES = {"and", "or", "but", "so", "then", "also", "in", "on", "at", "for", "to", "by", "from", "since",
                      "until", "under", "with", "of", "about", "according", "exactly", "just"}


def _fronted(before: str) -> bool:
    """An interrogative opens its clause (only conjunctions and prepositions before it since the start or a
    punctuation mark): "..., and at what cost?" yes; "in the state where they work" no (a relative clause)."""
    words = before.rstrip().split()
    while words and words[-1].lower() in _LEADING_PARTICLES:
        words.pop()
    return not words or words[-1][-1] in ",;:?.!(\"“—-"


def type_support(text: str, kind: str, stems: frozenset[str], weights: dict[str, float] | None = None,
                 near_words: int = Settings.type_near_words, far_credit: float = Settings.type_far_credit) -> float:
    """How well text holds the asked-for type: a type token within `near_words` words of a question word scores that
    word's weight (its IDF relative to the question's most informative word; 1 without weights), at least
    `far_credit`; a type token elsewhere in the text that credit; none 0. 1 when no particular type is asked.
    near_words, far_credit: the caller's Settings.type_near_words, type_far_credit (evidence.CorpusStats.settings)."""
    detector = _DETECTORS.get(kind)
    if detector is None:
        return 1.0
    hits = [m.start() for m in detector.finditer(text)]
    if not hits:
        return 0.0
    words = list(_WORD.finditer(text))
    matched = [(i, stem(w.group().lower())) for i, w in enumerate(words) if stem(w.group().lower()) in stems]
    positions = [sum(1 for w in words if w.start() < h) for h in hits]
    near = [1.0 if weights is None else weights.get(s, 0.0)
            for i, s in matched if any(abs(p - i) <= near_words for p in positions)]
    return max([far_credit, *near])


def names(question: str) -> tuple[str, ...]:
    """Capitalised words inside a sentence of the question (not a sentence's first word, not a function word):
    the names it relies on."""
    found = []
    for match in _CAPITALISED.finditer(question):
        before = question[:match.start()].rstrip()
        if not before or not before[-1].isalnum() and before[-1] not in ",;'’":
            continue  # the first word of the question or of a sentence (also after markup or a quote)
        if match.group().lower() not in STOPWORDS:
            found.append(match.group())
    return tuple(found)


# An acronym: two or more capital letters as a word of their own, possibly possessive ("EU's", "the ILO convention").
_ACRONYM = re.compile(r"\b[A-Z]{2,}(?=['’]s\b|\b)")
# Capitalised words in a row, with the function words a name keeps inside it ("Commonwealth of Independent States").
_NAME_RUN = re.compile(r"[A-Z][A-Za-z]*(?:\s+(?:(?:of|the|and|for|on)\s+)*[A-Z][A-Za-z]*)+")
_NAME_FILLERS = frozenset(("of", "the", "and", "for", "on"))


def acronyms(question: str) -> tuple[str, ...]:
    """The acronyms a question relies on, as written ("How does this compare to the EU's rules?" -> ("EU",))."""
    return tuple(dict.fromkeys(_ACRONYM.findall(question)))


def name_initials(texts) -> frozenset[str]:
    """Index side: the acronyms the corpus spells out: the initials (lower case) of every run of two or more
    capitalised words in a row, function words inside a name skipped, from the run's first word or a word after a
    function word up to any later word of the run ("World Trade Organization" -> wto, "United Nations Organization"
    -> un, uno, "Treaty on the Eurasian Economic Union" -> eeu); never from a word inside a name (the "Economic
    Union" of "Eurasian Economic Union" is no "EU")."""
    found: set[str] = set()
    for text in texts:
        for run in _NAME_RUN.findall(text):
            tokens = run.split()
            starts = [k for k, w in enumerate(tokens) if w.lower() not in _NAME_FILLERS
                      and (k == 0 or tokens[k - 1].lower() in _NAME_FILLERS)]
            for k in starts:
                words = [w for w in tokens[k:] if w.lower() not in _NAME_FILLERS]
                found.update("".join(w[0] for w in words[:j]).lower() for j in range(2, len(words) + 1))
    return frozenset(found)
