"""Question features, computed once per request in one place (every wording feature lives here)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..multipart import answer_parts
from ..records import Chunk
from ..retrieval import Reference, mentioned_sources, parse_references
from ..entities import STOPWORDS
from .answertype import acronyms, answer_type, names, type_words
from ..settings import Settings
from .language import CorpusWords, corpus_words, english_share, foreign_words
from .instruments import Mention, instrument_mentions
from .leads import dates
from .outcome import question_side
from .units import content_words, stem
from .wording import ANALYSIS_SOURCE

# Answer types (a general question-classification device, not tied to any question's wording).
_ASKS_NUMBER_OR_DATE = re.compile(r"\b(?:when|what date|which date|which year|what year|deadline|how long|"
                                  r"how many|how much|what share|what percentage|what proportion|how soon|"
                                  r"how old|what (?:figure|amount|sum|number))\b", re.I)
# The asked-for thing: the words right after a wh-determiner ("what papers", "how many days", "which city").
_WH_DETERMINER = re.compile(r"\b(?:what|which|whose|how many|how much)\s+([A-Za-z][A-Za-z'-]*(?:\s+[A-Za-z][A-Za-z'-]*){0,2})",
                            re.I)
# The question asks what a term means, what counts as it or how two terms differ ("How does the treaty define a family
# member?", "What is a migration card?", "Does it count my parents as family members?", "Am I still a worker?", "How
# does it distinguish an employer from a customer?"): a definition may lead its answer. "call" only in the term's
# sense, a what/how question about a name: "what is X called", "what do they call X", "how does the treaty call him"
# (_CALLED_TERM; not "Can I call the embassy?", "who can call a meeting", "so-called", "The article calls X Y").
_CALLED_TERM = (r"(?:what|how)\s+(?:is|are|was|were)\s+(?:(?!(?:when|if|once|after|before|by|who|which|that)\b)"
                r"[\w'’-]+\s+){0,6}?called|"
                r"(?:what|how)\s+(?:(?:do|does|did)\s+)?(?:(?!(?:i|we|you|can|could|should|may|might|must)\b)"
                r"[\w'’-]+\s+){1,4}?call")
_ASKS_MEANING = re.compile(r"\b(?:defin(?:e|es|ed|ing|ition|itions)|(?<!that )(?<!this )(?<!it )mean(?:s|ing|t)?|"
                           r"(?<!-)term(?:ed)?|" + _CALLED_TERM + r"|distinguish(?:es|ed)?|differen(?:ce|t)\s+between|"
                           r"(?:count(?:s|ed)?|qualif(?:y|ies|ied)|regard(?:s|ed)?|treat(?:s|ed)?|consider(?:s|ed)?)"
                           r"\s+(?:[\w'’-]+\s+){0,4}?as|"
                           r"considered\s+(?:a|an|to\s+be)|(?:what|who)\s+(?:is|are)\s+(?:a|an|this|these|that)|"
                           r"who\s+counts|(?:am\s+i|is\s+(?:he|she|it|this|that))\s+(?:still\s+|really\s+)?(?:a|an))\b",
                           re.I)
_ASKS_PROVISION = re.compile(r"\b(?:which|what) (?:article|provision|paragraph|section)s?\b", re.I)
# Reference to the present or the recent past: a static analysis and two treaties cannot report it. "ever" and
# "already" are the present perfect's adverbs ("Has the Court already ruled?", "Has any State ever withdrawn?").
_PRESENT_TIME = re.compile(r"\b(?:now|nowadays|currently|current|today|these days|this year|last year|this month|"
                           r"recent(?:ly)?|latest|so far|yet|any more|anymore|at the moment|at present|ever|already)\b",
                           re.I)
# Adverbs of the present qualify a verb ("who is chairing it now"); with a past-tense verb in their clause they mark the
# narrated moment of a past event ("why did Bishkek go to court now", "decisions the Commission had already adopted"),
# not the present state of the world.
_PRESENT_ADVERB = re.compile(r"\b(?:now|nowadays|currently|today|these days|at the moment|at present|ever|already)\b",
                             re.I)
_PAST_AUXILIARY = re.compile(r"\b(?:did|was|were|had)\b", re.I)
# Personal subjects of a user's own story ("i am in russia 4 months now", "now he go back to Naryn", "his boss now
# want ..."): closed word classes (first and third person subject pronouns and possessives; "it", "they" and "you"
# excluded: the bodies asked about and the assistant addressed).
_PERSONAL = re.compile(r"\b(?:i|my|we|our|he|his|she|her)\b", re.I)
_SENTENCE = re.compile(r"[^.!?;]+(?:[.!?;]+|$)")
_CLAUSE = re.compile(r"[^,:]+")
_OPENERS = re.compile(r"(?:what|which|who|whom|whose|where|when|how|why|is|are|was|were|do|does|did|has|have|had|"
                      r"can|could|may|might|must|shall|should|will|would)\b", re.I)
_PARTICLES = re.compile(r"^(?:(?:and|or|but|so|then|also|ok|okay|in|on|at|for|to|by|from|since|until|under|with|of|"
                        r"about|according|exactly|just)\s+)*", re.I)
_HYPOTHETICAL = re.compile(r"\b(?:would|could|might|if|suppose|hypothetical(?:ly)?)\b", re.I)
_ANNEX = re.compile(r"\bannex(?:es)?\s*(?:no\.?\s*)?(\d{1,2})\b", re.I)
_ANNEX_POINTER = re.compile(r"\b(?:that|this|the|its|said)\s+annex\b|\bstatute\b", re.I)
_REFERENCE_TEXT = re.compile(r"\b(?:articles?|arts?\.?|paragraphs?|paras?\.?|annex(?:es)?)\s*\d+(?:\s*\(\d+\))?"
                             r"|\(\d+\)", re.I)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
# Words that name a provision or a document, not what is asked about it.
_PROVISION_WORDS = {stem(w) for w in "article articles art paragraph para section treaty eaeu union eurasian economic "
                    "accession kyrgyz republic say says provide provides state states stipulate set out contain "
                    "contains mean means text wording quote full".split()}


@dataclass(frozen=True)
class QuestionFeatures:
    """What the answerer knows about a question, derived once from the request.

    `matching` is the text matched against evidence: the condensed (standalone) question, because a
    follow-up's own words ("and pensions?") lack their subject. `asked` is the user's own turn: answer
    type, hypothetical mood and annex pointers are read from what the user typed.
    """

    asked: str
    matching: str
    is_follow_up: bool
    latin_share: float
    english_share: float  # of its Latin-script words (language.english_share, with the corpus's words)
    foreign_words: tuple[str, ...]  # its Latin-script words neither English nor the corpus's (language.py)
    terms: tuple[str, ...]  # informative content words of `matching`, in order, without references
    stems: frozenset[str]
    # a multi-part question's parts: multipart.answer_parts of `matching` (split_parts, as retrieval searched it, or the
    # questions it joins by "and")
    parts: tuple[str, ...]
    references: tuple[Reference, ...]
    annexes: tuple[str, ...]  # annex numbers the user's turn names
    annex_pointer: bool  # "that annex", "the Statute"
    wants_number: bool
    wants_provision: bool
    asks_meaning: bool  # it asks what a term means or what counts as it (_ASKS_MEANING): its own or condensed turn
    names: tuple[str, ...]  # capitalised words inside the condensed question (answertype.names)
    acronyms: tuple[str, ...]  # the condensed question's acronyms ("EU", answertype.acronyms)
    instruments: tuple[Mention, ...]  # the document nouns it names, each with its modifiers (instruments.py)
    asked_head: tuple[str, ...]  # the asked-for thing: content words after its first wh-determiner (asked_head)
    answer_type: str  # 'date', 'quantity', 'person', 'place' or '' (answertype.py), from the user's turn
    hypothetical: bool
    present_time: bool  # the question refers to the present or recent past ("currently", "last year")
    numbers: tuple[str, ...]  # numbers the question relies on, outside article references
    preferred_source: str  # "article", "treaty" or ""
    only_names_provision: bool
    outcome_side: int  # the party that prevails in its "if ..." (outcome.question_side of `matching`): +1, -1 or 0
    dates: frozenset[tuple[int, str, str]]  # the full dates `matching` gives (leads.dates)
    # The text the question-kind prior scores (answerability_kind): asked_clause of `matching`, or `matching` itself
    # when Settings.kind_asked_clause is off
    kind_text: str = ""


def latin_share(text: str) -> float:
    """Share of the letters that are Latin (1.0 when there are no letters)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    return sum(1 for c in letters if "LATIN" in unicodedata.name(c, "")) / len(letters)


def question_features(question: str, standalone: str, is_follow_up: bool,
                      asked_head_words: int = Settings.asked_head_words,
                      chunks: Sequence[Chunk] = (), pairs_kept: int = Settings.pairs_kept,
                      instrument_phrase_words: int = Settings.instrument_phrase_words,
                      typo_least_letters: int = Settings.typo_least_letters,
                      list_least_letters: int = Settings.list_least_letters,
                      corpus: CorpusWords | None = None,
                      kind_asked_clause: bool = Settings.kind_asked_clause) -> QuestionFeatures:
    """The features of a question (`question`: the user's turn; `standalone`: its condensed form, '' for none).
    `chunks`: the corpus, for a reference's treaty and the language check's words; `corpus`: those words when the
    caller read them once (ExtractiveAnswerer.warm; else read from `chunks` here); asked_head_words, pairs_kept,
    instrument_phrase_words, typo_least_letters, list_least_letters, kind_asked_clause: the caller's Settings values."""
    matching = standalone or question
    corpus = corpus_words(chunks) if corpus is None else corpus
    foreign = foreign_words(question, corpus, typo_least_letters)  # the language check's words, read once
    without_refs = _REFERENCE_TEXT.sub(" ", matching)
    form = type_words(question) | type_words(matching)  # 'often' in 'How often ...?': no word to look for
    terms = tuple(w for w in content_words(without_refs) if not w.isdigit() and w.lower() not in form)
    stems = frozenset(stem(w) for w in terms)
    sources = mentioned_sources(matching)
    references = tuple(parse_references(matching, chunks, pairs_kept))  # chunks: the corpus, for a reference's treaty
    if references and sources != {ANALYSIS_SOURCE}:
        sources = sources | {"treaty"}
    preferred = ""
    if ANALYSIS_SOURCE in sources and len(sources) == 1:
        preferred = ANALYSIS_SOURCE
    elif sources and ANALYSIS_SOURCE not in sources:
        preferred = "treaty"
    return QuestionFeatures(
        asked=question, matching=matching, is_follow_up=is_follow_up, latin_share=latin_share(question),
        english_share=english_share(question, corpus, foreign=foreign, list_least=list_least_letters),
        foreign_words=foreign,
        terms=terms, stems=stems, parts=tuple(answer_parts(matching)),
        references=references, annexes=tuple(_ANNEX.findall(question)),
        annex_pointer=bool(_ANNEX_POINTER.search(question)),
        wants_number=bool(_ASKS_NUMBER_OR_DATE.search(question)),
        wants_provision=bool(_ASKS_PROVISION.search(question)),
        asks_meaning=bool(_ASKS_MEANING.search(question) or _ASKS_MEANING.search(matching)),
        answer_type=answer_type(question), names=names(_REFERENCE_TEXT.sub(' ', matching)),
        acronyms=acronyms(_REFERENCE_TEXT.sub(' ', matching)),
        instruments=instrument_mentions(matching, instrument_phrase_words),
        asked_head=asked_head(matching, asked_head_words),
        hypothetical=bool(_HYPOTHETICAL.search(question)),
        present_time=asks_present(question),
        numbers=tuple(_NUMBER.findall(_REFERENCE_TEXT.sub(" ", question))),
        preferred_source=preferred,
        only_names_provision=bool(references) and not (stems - _PROVISION_WORDS),
        outcome_side=question_side(matching), dates=dates(matching),
        kind_text=asked_clause(matching) if kind_asked_clause else matching,
    )


def asked_clause(text: str) -> str:
    """The turn without the user's own story before its question: from the first clause (between sentence ends, commas
    or colons, as asks_present reads them) that opens with an interrogative or an auxiliary (`_OPENERS`, after leading
    particles), when every clause before it has a personal subject of that story (`_PERSONAL`); else the whole text.
    "my husband works in moscow, can our children see a doctor for free?" -> "can our children see a doctor for
    free?"; "If Russia loses, what happens?" and "my child need vaccination in russia, free?" stay whole."""
    for sentence in _SENTENCE.finditer(text):
        for clause in _CLAUSE.finditer(sentence.group()):
            words = clause.group().strip()
            if not words:
                continue
            if _OPENERS.match(_PARTICLES.sub("", words)):
                return text[sentence.start() + clause.start():].strip()
            if not _PERSONAL.search(words):
                return text
    return text


def asked_head(text: str, limit: int = Settings.asked_head_words) -> tuple[str, ...]:
    """The thing a question asks for: the words after its first wh-determiner ("what", "which", "whose", "how many",
    "how much") up to the first function word, at most `limit` (Settings.asked_head_words; "what papers" -> papers,
    "how many days" -> days, "what professional qualifications" -> professional, qualifications); () when a function
    word follows ("what does the treaty say")."""
    match = _WH_DETERMINER.search(text)
    words: list[str] = []
    for word in (match.group(1).split() if match else ()):
        if word.lower() in STOPWORDS:
            break
        words.append(word)
    return tuple(words[:limit])


def asks_present(question: str) -> bool:
    """Whether the question asks about the present or recent state of the world (what `_PRESENT_TIME` words qualify):
    the word stands in an asking sentence (one that ends with "?", opens with an interrogative or an auxiliary, or is
    the question's only sentence), in a clause (between commas or colons) without a personal subject of the user's own
    story (`_PERSONAL`), and, for an adverb of the present, not after a past-tense auxiliary of its clause. "Who is its
    chairman right now?" and "How many Kyrgyz citizens are currently working in Russia?" do; "my father ..., now he go
    back to Naryn. who must pay his pension?" (background sentence), "i must go back right now or i can find other
    job?" (the user's own situation) and "Why did Bishkek go to court now?" (the moment of a past event) do not."""
    sentences = [m.group().strip() for m in _SENTENCE.finditer(question) if m.group().strip()]
    for sentence in sentences:
        asking = len(sentences) == 1 or sentence.endswith("?") or bool(_OPENERS.match(_PARTICLES.sub("", sentence)))
        if not asking:
            continue
        for clause in _CLAUSE.findall(sentence):
            if _PERSONAL.search(clause):
                continue
            if any(not (_PRESENT_ADVERB.fullmatch(m.group()) and _PAST_AUXILIARY.search(clause, 0, m.start()))
                   for m in _PRESENT_TIME.finditer(clause)):
                return True
    return False


def outside_story(text: str, words: tuple[str, ...]) -> tuple[str, ...]:
    """The words of `words` that do not stand in the user's own story: in a clause (as asks_present reads clauses)
    after a personal subject of that story (`_PERSONAL`). "Kazan" in "we live in Kazan, can my son go to school?" is
    where the user lives, not what is asked about; "Putin" in "What did Putin say at his press conference?" is."""
    clauses = [clause for sentence in _SENTENCE.finditer(text) for clause in _CLAUSE.findall(sentence.group())]
    kept = []
    for word in words:
        pattern = re.compile(rf"\b{re.escape(word)}\b")
        places = [(clause, match.start()) for clause in clauses for match in pattern.finditer(clause)]
        if not places or any(not _PERSONAL.search(clause, 0, start) for clause, start in places):
            kept.append(word)
    return tuple(kept)


def annex_numbers(text: str) -> list[str]:
    return _ANNEX.findall(text)


def is_hypothetical(text: str) -> bool:
    return bool(_HYPOTHETICAL.search(text))


def has_number(text: str) -> bool:
    return bool(re.search(r"\d", text))
