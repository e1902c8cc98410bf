"""Which earlier phrase a pronoun stands for when the previous subject does not fit it: a person, owner, instrument."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from itertools import chain
from typing import TYPE_CHECKING, Sequence

from ..answering.instruments import DOCUMENT_NOUNS, PREPOSITIONS
from .focus import holds_provisions, is_document
from .phrase import kin_noun, person_noun, person_phrases, trim_chunk
from .reference import head_word, passive_verb
from .verbs import SINGULAR_BE
from .subjects import topic_chunks
from .topic import own_question
from ..entities import DO_MODALS, STRANDED_PREPOSITIONS, CorpusTerms, tokens
from ..references import names_provision
from .phrasing import definite, is_possessive, plural, without_possessive

if TYPE_CHECKING:
    from .state import TurnState

# Pronouns that can stand for one thing in one turn: a thing, a person, a plural.
PRONOUN_CLASS = {**dict.fromkeys(("it", "its", "itself"), "thing"),
                 **dict.fromkeys(("they", "them", "their"), "plural"),
                 **dict.fromkeys(("he", "she", "his", "her", "him"), "person")}


def parties_of(states: Sequence[TurnState]) -> list[str]:
    """The one-word names of the earlier turns ('Kyrgyzstan', 'Russia'), most recent turn first."""
    return [e.text for s in reversed(states) for e in s.entities if e.kind == "name" and len(e.text.split()) == 1]


def head_words(phrase: str) -> list[str]:
    """The words of `phrase` before its first 'of', 'for', 'in' or 'on' (its head noun is the last of them: 'the
    Chairman' in 'the Chairman of the Collegium'); [] for a blank phrase."""
    return re.split(r"\s+(?:of|for|in|on)\s+", phrase)[0].split() if phrase.strip() else []


def group_noun(word: str) -> bool:
    """A noun for a country or an organisation (GROUP_NOUNS), singular or with a plural -s ('states', 'members')."""
    word = word.lower()
    return word in GROUP_NOUNS or word.removesuffix("s") in GROUP_NOUNS


def person_subject(subject: str, states: Sequence[TurnState], terms: CorpusTerms) -> str:
    """What 'he', 'his', 'she', 'her' stand for: `subject` when it is a person (a person noun, the user's own
    people) or holds a name; else the last earlier subject that is one singular person ('his contract' after 'my
    husband works in Moscow' and a turn about a doctor for the kids: 'my husband'); `subject` when none is."""
    def person(phrase: str) -> bool:
        head = (head_words(phrase) or [""])[-1]
        return bool(head) and person_noun(head, terms) and not plural(phrase)

    words = subject.split()
    owner = next((at for at, w in enumerate(words[:-1]) if is_possessive(w)), None)
    holder = without_possessive(" ".join(words[:owner + 1])) if owner is not None else ""
    if holder and not person(subject) and (person(holder) or holder.split()[-1].islower() and not plural(holder)
                                           and holder.split()[-1] not in GROUP_NOUNS and not is_document(holder, terms)):
        return holder  # 'his PhD' after "a Kyrgyz engineer's diploma": the
        # engineer who owns it, not the diploma (a name in the phrase does not make the thing a person)
    if not subject or person(subject) or any(w[:1].isupper() for w in subject.split()):
        return subject
    return next((s.subject for s in reversed(states) if s.subject and person(s.subject)), subject)


# The nouns of one sex among the person nouns (phrase.PERSON_NOUNS): English marks a person's sex on these words
# alone, a closed class the documents never use (so no corpus statistic can find it); 'she' cannot stand for 'my
# husband', nor 'he' for 'his mother'.
FEMALE_NOUNS = frozenset({"woman", "women", "wife", "mother", "daughter", "sister", "aunt", "niece", "grandmother",
                          "granddaughter", "girl", "girlfriend", "mum", "mom", "ma"})  # 'ma': 'grandma' (phrase.kin_noun)
MALE_NOUNS = frozenset({"man", "men", "husband", "father", "son", "brother", "uncle", "nephew", "grandfather",
                        "grandson", "boy", "boyfriend", "dad", "pa"})


def agreeing_person(subject: str, pronoun: str, question: str, terms: CorpusTerms, named: Sequence[str] = (),
                    earlier: Sequence[str] = ()) -> str:
    """What a person pronoun (he/him/his, she/her) stands for when `subject` does not fit it: a subject with no person
    noun (a country: 'does she need papers?' after 'I work in Russia and my wife joins me ...') or of the other sex
    ('she' after 'my husband ... his mother'): the first person phrase of the earlier `question` that fits; `subject`
    when it fits or none does; the names the previous answer gave (`named`) after the question's; then a person of
    the pronoun's own sex in the questions before it (`earlier`, latest first: 'and him, what papers does he need?'
    after 'my husband works in Russia ... my mother-in-law ...' and a turn about her)."""
    sex = {"she": FEMALE_NOUNS, "her": FEMALE_NOUNS}.get(pronoun.lower(), MALE_NOUNS)
    other = MALE_NOUNS if sex is FEMALE_NOUNS else FEMALE_NOUNS

    def fits(phrase: str) -> bool:
        heads = [kin_noun(w) for w in phrase.split()]  # a compound's sex is its kinship noun's ('mother-in-law')
        return any(person_noun(w, terms) for w in phrase.split()) and not other & set(heads[-1:])

    if fits(subject) or not any(w[:1].isupper() for w in subject.split()) and not other & {
            kin_noun(w) for w in subject.split()}:
        return subject  # a common noun of no person stays (the pronoun is then left as typed: 'how does the treaty
        # call him?' after a question about 'my employer'')
    found = [*person_phrases(question, terms), *(n for n in named if not plural(n))]  # then the answer's names ('who
    # can dismiss him?' after 'Who heads the Collegium?' answered 'the Chairman of the Collegium ... by the Council')
    sexed = (p for text in earlier for p in person_phrases(text, terms))

    def of_sex(phrase: str) -> bool:
        return fits(phrase) and bool({kin_noun(w) for w in phrase.split()} & sex)

    # first a fitting phrase of the pronoun's sex, then any fitting one, then one of its sex in the questions before
    return next(chain(filter(of_sex, found), filter(fits, found), filter(of_sex, sexed)), subject)


# Nouns for countries and organisations, which act through people ('its representatives' after 'a country').
GROUP_NOUNS = frozenset({"country", "countries", "state", "states", "member", "members", "government",
                         "governments", "union", "bloc", "organisation", "organization", "centre", "center",
                         "authority", "authorities", "ministry", "side", "family", "families", "court", "courts",
                         "council", "commission", "collegium", "board", "committee", "parliament", "assembly",
                         "agency", "office", "company", "team", "delegation", "secretariat", "apparatus"})


def people_head(phrase: str, terms: CorpusTerms, singular: bool = False) -> bool:
    """The phrase's head noun is a person's or a group's ('the member States'; not 'the working language of the
    Union', whose name is no head): a referent a 'they' can stand for. With `singular`, what a singular 'they' can
    stand for over a plural thing the same question names: a group ('the Supreme Council', 'a family member') or a
    person of no name ('a worker'), not one named office ('the Chairman of the Council': 'sit in on them' is on its
    meetings)."""
    words = head_words(phrase)
    head = without_possessive(words[-1].lower()) if words else ""
    group = group_noun(head)
    if singular:
        return bool(head) and (group or person_noun(head, terms) and phrase.islower())
    return bool(head) and (person_noun(head, terms) or group)


def thing_for_person(subject: str, question: str, answered: bool, terms: CorpusTerms) -> str:
    """What 'it' stands for when the earlier subject is a person of no name ('how long is it valid?' after 'What paper
    does a worker show ...?': 'it' is never 'a worker'): the one thing the question asked for when its answer named
    none ('the paper'); for an office of a body ('the Chairman of the Supreme Council'), the body; '' otherwise (the
    subject stays)."""
    from .phrase import asked_phrase

    words = head_words(subject)
    office, _, owner = subject.partition(" of ")
    if owner and office.split() and person_noun(office.split()[-1], terms) and not person_noun(
            re.split(r"\s+of\s+", owner)[0].split()[-1], terms):
        return owner  # an office is no 'it': its body ('who organises its meetings?' after an answer about 'the
        # Chairman of the Supreme Council': the Supreme Council)
    if answered or not words or not subject.islower() or not person_noun(without_possessive(words[-1]), terms):
        return ""
    asked = asked_phrase(question, terms)
    return asked if asked and not plural(asked) and not is_document(asked, terms) else ""


def holds_people(phrase: str, terms: CorpusTerms, noun: str = "") -> bool:
    """`phrase` can stand for people or for what people act for: its head is a person noun or a general noun of a body
    or a party, it holds a name (not a provision or a document: 'Article 98' is no 'he'), it is the user's own ('my
    husband'), or the documents write the person `noun` with its head ('representatives' near 'country'); 'calls',
    'the cost' cannot ('who is their lawyer?' after 'How many calls did the hotline get?' keeps its 'their')."""
    from .reference import INSTITUTION_NOUNS, PARTY_NOUNS

    words = phrase.split()
    if not words or names_provision(phrase) or is_document(phrase, terms):
        return False  # 'Article 98', 'the EAEU Treaty': capitalised, yet no 'he' ('what does he think?')
    head = head_words(phrase)[-1]
    return (person_noun(head, terms) or head.lower() in INSTITUTION_NOUNS | PARTY_NOUNS | GROUP_NOUNS
            or any(w[:1].isupper() for w in words) or words[0].lower() in {"my", "our", "your"}
            or bool(noun) and (terms.written_near(head, noun) + terms.written_near(noun, head)) > 0)


# Conjunctions and relative pronouns that start another clause or phrase after a copula's complement: closed classes
# of grammar, written out (no corpus count says what a word does in a clause).
_CLAUSE_STARTS = frozenset({"and", "or", "that", "which", "who"})


def called_body(words: Sequence[str], index: int) -> bool:
    """'Is it an enforcement agency?', 'it is a court': the copula makes the pronoun at `index` a body (a general noun
    of a body or a group in the copula's complement: the next words before the clause or a prepositional phrase
    begins, so not 'Is it binding on member states?'; review s19 B2), which no provision or document can be."""
    from .reference import INSTITUTION_NOUNS

    lowered = [w.lower() for w in words]
    if not (index and lowered[index - 1] in SINGULAR_BE
            or index + 1 < len(lowered) and lowered[index + 1] in SINGULAR_BE):
        return False
    after = []
    for word in lowered[index + 1:index + 6]:
        if not word.replace("'", "").isalpha() or word in _CLAUSE_STARTS | STRANDED_PREPOSITIONS | PREPOSITIONS:
            break
        after.append(word)
    return any(w in GROUP_NOUNS | INSTITUTION_NOUNS for w in after)


def pronouns_stood_for(question: str, standalone: str) -> dict[str, str]:
    """What each class of pronoun (PRONOUN_CLASS) of a turn stood for, read off its rewrite: 'when did they file
    it?' understood as 'When did Kyrgyzstan file the lawsuit?' -> {'plural': 'Kyrgyzstan', 'thing': 'the lawsuit'};
    a possessive's phrase without its possessive mark."""
    asked, rewrite = tokens(question), tokens(own_question(standalone))
    matcher = SequenceMatcher(None, [w.lower() for w in asked], [w.lower() for w in rewrite], autojunk=False)
    found: dict[str, str] = {}
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        kind = PRONOUN_CLASS.get(asked[i1].lower()) if op == "replace" and i2 == i1 + 1 else None
        if kind and j2 > j1:
            found.setdefault(kind, without_possessive(" ".join(rewrite[j1:j2])))
    return found


def patient_phrase(previous: TurnState, subject: str, participle: str, terms: CorpusTerms) -> str:
    """What a passive 'it' stands for when the previous subject is the verb's agent (CorpusTerms.is_agent): the
    first other singular phrase of the previous question ('the budget' in 'What did the Supreme Council decide about
    the budget?') that shares no word with the subject and is no agent itself; '' when there is none."""
    own = {w.lower() for w in subject.split()}
    for chunk in topic_chunks(previous.own_question or own_question(previous.standalone), terms):
        chunk = trim_chunk(chunk, terms)
        if chunk and not {w.lower() for w in chunk.split()} & own - {"the"} and not plural(chunk) \
                and not terms.is_agent(participle, chunk):
            return definite(chunk)
    return ""


def owner_of(noun: str, subject: str, states: Sequence[TurnState], terms: CorpusTerms, singular: bool = False) -> str:
    """'its judges' after a turn about Kyrgyzstan that followed one about the EAEU Court: when the antecedent is a
    one-word name (parties_of) or a name's thing ("Kyrgyzstan's case") and the corpus never writes the possessed noun
    near its head nor the name's (CorpusTerms.written_near, either order), the latest earlier subject or named thing
    it does write it near ('the judges of the Court'), else the latest name an earlier answer gave that it does ('what
    about its judges?' after answers that named 'the EAEU Court' and questions that did not); '' otherwise (the
    antecedent stays). With `singular` (the pronoun is 'it' or 'its'), a plural antecedent is replaced likewise ('who
    picks its judges?' after 'If two EAEU countries fall out ...?')."""
    def written(phrase: str) -> bool:
        head = head_word(phrase)
        return bool(head) and bool(terms.written_near(noun, head) or terms.written_near(head, noun))

    holder = without_possessive(subject.split()[0]) if subject and is_possessive(subject.split()[0]) else subject
    mismatched = singular and plural(subject)  # 'its judges' after 'the two EAEU countries'
    if not noun or holder not in parties_of(states) and not mismatched or written(subject) \
            or holder != subject and written(holder):
        return ""  # only a one-word name or its claim is replaced ("Kyrgyzstan's case": not "Kyrgyzstan's judges"; 'the
        # meetings of the Intergovernmental Council' stay its own)
    for state in reversed(states):
        for phrase in (state.subject, *(e.text for e in state.entities if e.kind == "name")):
            if phrase and phrase != subject and not plural(phrase) and not is_document(phrase, terms) \
                    and written(phrase):  # 'it' is one thing, and no source ('the accession of the Kyrgyz ...')
                return phrase
    for state in reversed(states):
        for phrase in state.answer_names:
            if phrase != subject and not plural(phrase) and not is_document(phrase, terms) and written(phrase):
                return phrase
    return ""


# Verbs whose object is a legal instrument (a general class of English, nothing from a particular question): a treaty
# is signed, ratified, amended, denounced; it enters into force, comes into force, takes effect, is in force.
INSTRUMENT_VERBS = frozenset(
    "sign signs signed signing ratify ratifies ratified ratifying amend amends amended amending denounce denounces "
    "denounced denouncing".split())
_IN_FORCE = re.compile(r"^(?:(?:enter|enters|entered|entering|come|comes|came|coming)\s+into|in)\s+force\b"
                       r"|^(?:take|takes|took|taken|taking)\s+effect\b", re.I)


# Words of treaty law whose 'to' or 'from' takes an instrument (a general class of English, nothing from a particular
# question): reservations to a treaty, accession to it, parties to it, withdrawal from it.
TREATY_RELATIONS = frozenset(
    "reservation reservations accession accede accedes acceded acceding party parties withdraw withdraws withdrew "
    "withdrawing withdrawal".split())


def needs_instrument(words: list[str], index: int) -> bool:
    """The pronoun words[index] is what a verb of instruments acts on: the subject of a passive of one ('When was it
    ratified?'), its object ('who signed it?'), the subject of 'enter into force', 'take effect', 'be in force'
    ('when did it enter into force?'), or the object of a treaty relation ('make reservations to it')."""
    if passive_verb(words, index).lower() in INSTRUMENT_VERBS:
        return True
    if index and words[index - 1].lower() in INSTRUMENT_VERBS:
        return True
    if index >= 2 and words[index - 1].lower() in {"to", "from"} and words[index - 2].lower() in TREATY_RELATIONS:
        return True
    rest = [w for w in words[index + 1:] if w.lower() not in DO_MODALS | {"be", "been", "still", "already", "not"}]
    return bool(_IN_FORCE.match(" ".join(rest)))


# Verbs whose object is a text (a general class of English): an article or a treaty is written, published.
WRITING_VERBS = frozenset("write writes wrote written writing publish publishes published publishing".split())


def needs_text(words: list[str], index: int) -> bool:
    """The pronoun words[index] is what a verb of writing acts on ('who wrote it?', 'when was it published?')."""
    return passive_verb(words, index).lower() in WRITING_VERBS or bool(index) and words[index - 1].lower() in \
        WRITING_VERBS


def is_instrument(phrase: str, terms: CorpusTerms) -> bool:
    """A phrase headed by a noun of instruments: 'the accession treaty', 'the Protocol', 'the agreement' (not 'EAEU',
    a word of a source's title)."""
    head = head_word(phrase)
    return bool(head) and head.lower() in DOCUMENT_NOUNS


def source_phrase(source: str, terms: CorpusTerms) -> str:
    """A source named by its short title with 'the': 'the Kyrgyz Accession Treaty', 'the analysis article'."""
    title = terms.source_titles.get(source, "")
    first = title.split()[0] if title else ""
    return f"the {first.lower() + title[len(first):] if terms.is_common_word(first) else title}" if title else ""


def instrument_for(words: list[str], index: int, subject: str, states: Sequence[TurnState], terms: CorpusTerms
                   ) -> str:
    """What 'it' stands for when a verb of instruments acts on it (needs_instrument) and the previous subject is no
    instrument ('and when was it ratified?' after 'When did Kyrgyzstan join the EAEU?': not 'Kyrgyzstan'): the latest
    earlier subject or named thing that is one, else the first source with articles that the latest answer cited ('the
    Kyrgyz Accession Treaty'); likewise a text for a verb of writing ('who wrote it?' after 'What is the case about?':
    an instrument or a source, else the first source cited: 'the analysis article'); '' when the subject is one or
    nothing is."""
    treaty = needs_instrument(words, index)
    if not subject or not (treaty or needs_text(words, index)):
        return ""

    def fits(phrase: str) -> bool:
        return is_instrument(phrase, terms) or not treaty and is_document(phrase, terms) \
            and head_word(phrase) in terms.title_heads

    if fits(subject):
        return ""
    for state in reversed(states):
        for phrase in (state.subject, *(e.text for e in state.entities if e.kind == "name")):
            if phrase and fits(phrase) and not plural(phrase):
                return phrase
    for state in reversed(states):
        for cited in state.cited:
            if cited.source_id and (not treaty or holds_provisions(cited.source_id, terms)):
                return source_phrase(cited.source_id, terms)
    return ""
