"""A pointer word in its own clause of a follow-up: the clause's subject, its number, and what it may stand for."""

from __future__ import annotations

from .phrase import POINTING, head_phrase, person_noun
from .reference import GENERAL_NOUNS, LITIGATION_VERBS, claim_of, name_holder
from ..entities import AUXILIARIES, DO_MODALS, STOPWORDS, SUBORDINATORS, CorpusTerms
from .subjects import grammatical_subject
from .verbs import FINITE_BE
from .wordclass import classes
from .phrasing import agreeing, plural

# The number of a word that can stand as a subject: the phrase put in for it may have the other number.
SUBJECT_NUMBER = {**dict.fromkeys(("it", "he", "she", "that", "this"), False),
                  **dict.fromkeys(("they", "these", "those"), True)}


def agree(words: list[str], index: int, length: int, word: str, phrase: str) -> None:
    """The auxiliary of a subject `word` replaced by `phrase` (now words[index:index + length]) in the phrase's
    number when the two differ: the one before it in a question ('do they' -> 'does the Supreme Council', 'how often do
    those people have to ...'), else the one after it ('they have to' -> 'the Council has to', 'that one is')."""
    if word.lower() not in SUBJECT_NUMBER or plural(phrase) == SUBJECT_NUMBER[word.lower()]:
        return
    at = index - 1 if index and words[index - 1].lower() in AUXILIARIES else index + length
    if at < len(words):
        words[at] = agreeing(words[at], plural(phrase))


_BE = FINITE_BE | {"be", "been", "being"}


def claim_pointer(words: list[str], index: int, subject: str, terms: CorpusTerms) -> bool:
    """'that' in 'Is that backed by the treaty?' after "What is Russia's position?": the question opens with 'be',
    'that' and a word the corpus does not use as a noun, and the previous subject is a name's claim (claim_of), which
    reads in its place ("Is Russia's position backed by the treaty?"); so does a 'that' before the question's last word
    ('Is that true?': a predicate, whatever the word); a statement's 'that' otherwise takes the topic."""
    nxt = words[index + 1] if index + 1 < len(words) else ""
    predicate = index + 2 >= len(words) or not words[index + 2][:1].isalnum()  # 'Is that true?': 'that' is the subject
    return (index == 1 and words[0].lower() in _BE and words[index].lower() in {"that", "this"} and nxt.isalpha()
            and nxt.lower() not in STOPWORDS and claim_of(subject)[0]
            and (predicate or not terms.is_noun(nxt)
                 or nxt.lower().endswith("ed") and not terms.noun_share.get(nxt.lower())))


def holder(subject: str, words: list[str], index: int, terms: CorpusTerms) -> str:
    """The name that holds a phrase like "Russia's position" when the pronoun at words[index] stands for the holder
    (condensing.reference.name_holder), on evidence only: as the owner of a person noun ('its lawyers': "Russia's
    lawyers") or the subject of a litigation verb ('When did it file the case?': 'Russia'); '' otherwise, and the
    phrase stays ('Where did it come from?', 'does it hold up?', 'is it backed by ...')."""
    word = words[index].lower()
    if word in {"its", "their"}:
        following = words[index + 1] if index + 1 < len(words) else ""
        evidence = person_noun(following, terms)
    elif word in {"it", "they", "he", "she"} and not (index and words[index - 1].lower() in _BE):
        following = next((w for w in words[index + 1:] if w.lower() not in DO_MODALS), "")
        evidence = following.lower() in LITIGATION_VERBS
    else:
        return ""
    return name_holder(subject, following, terms) if evidence else ""


CLAUSE_BREAKS = frozenset({",", ";", "and", "or", "but", *SUBORDINATORS})  # a pronoun's own clause starts after one


def clause_subject(words: list[str], plural_number: bool, terms: CorpusTerms) -> str:
    """The noun phrase subject of the clause `words` end in, when it is of the given number, holds a word the corpus
    writes after a determiner and is no pointer ('has the court already given' -> 'the court'; not 'does that body',
    'can it', 'who is currently'): what a possessive pronoun after it stands for ('... given its answer')."""
    start = max((i + 1 for i, w in enumerate(words) if w.lower() in CLAUSE_BREAKS), default=0)
    subject = head_phrase(grammatical_subject(" ".join(words[start:]) + " ?", terms), terms)
    first = subject.split()[0].lower() if subject else ""
    if not subject or first in {"that", "this", "these", "those"} or first in POINTING \
            or first.endswith("ing") and "v" in classes(first) \
            or plural(subject) != plural_number \
            or not any(terms.noun_share.get(w.lower(), 0.0) > 0 for w in subject.split()):
        return ""  # (not 'who is currently its president?': an adverb is no subject; nor 'does leaving the treaty
        # end its membership?': an action owns nothing)
    return subject


def general_subject_before(words: list[str], index: int, references: list[tuple[int, str]]) -> bool:
    """An object pronoun (words[index]) after its own clause's subject 'that <general noun>' ('how does that body vote
    on it?'): the subject takes the previous subject (condensing.reference.demonstrative), and a pronoun that is not
    reflexive cannot stand for its clause's subject, so it stands for something else; so after a subject 'that'
    standing for the previous statement, whose subject the pronoun would repeat ('would that solve it?' after 'Why
    would Russia do that?' is no 'would that solve Russia?')."""
    for j, kind in references:
        if j >= index or kind not in {"demonstrative", "proposition"} or j + 1 >= len(words):
            continue
        subject_position = j == 0 or words[j - 1].lower() in AUXILIARIES
        general = words[j + 1].lower() in GENERAL_NOUNS if kind == "demonstrative" else words[j].lower() in {
            "that", "this"}  # 'would that solve it?': 'that' is what the previous subject did, 'it' something else
        if subject_position and general and not any(w.lower() in CLAUSE_BREAKS for w in words[j + 1:index]):
            return True
    return False
