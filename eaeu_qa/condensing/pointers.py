"""Words of a turn that point back: pronouns with no antecedent in the turn, 'that <noun>', 'that' as a pronoun."""

from __future__ import annotations

import re

from ..entities import (AUXILIARIES, CONNECTIVES, DETERMINERS, DO_MODALS, FILLERS, LOCATOR_WORDS, PARAGRAPH_NOUNS,
                        SAYING_VERBS, STOPWORDS, STRANDED_PREPOSITIONS, SUBORDINATORS, WH_WORDS, CorpusTerms,
                        content_words, names, provisions, tokens)
from .measure import deictic
from .own_antecedent import own_antecedents
from .wordclass import classes, clause_verb_after
from .ordinal import past_ordinal
from .phrase import extraposed, person_noun
from .phrasing import existential, plural
from .pronoun_clause import CLAUSE_BREAKS, clause_subject
from .noun_phrase import BACK_POINTERS
from .reask import CONTINUATION
from .switch import asks_clause, bare_phrase, opener_body

_FILLER = re.compile(r"^(?:\s*(?:%s)\b[\s,:]*)+" % "|".join(FILLERS), re.I)  # 'ok, and ...'
# Personal pronouns that need an antecedent; demonstratives are judged by what follows them.
_PRONOUNS = {"it": "it", "its": "its", "they": "they", "them": "them", "their": "their", "itself": "it",
             "he": "it", "she": "it", "his": "its", "her": "its", "him": "it"}
_DEMONSTRATIVES = {"that", "this", "these", "those"}
# The demonstratives of a pronoun's number: 'that recognition' is what a later 'it' in the same turn stands for.
_POINTING_NUMBER = {**dict.fromkeys(("it", "its", "itself"), {"that", "this"}),
                    **dict.fromkeys(("they", "them", "their"), {"these", "those"})}
# Words that open an object: after 'does that <word>' they make <word> a verb, not the noun of 'that <noun>'.
_OBJECT_STARTS = frozenset({"the", "a", "an", "every", "each", "any", "all", "its", "their", "it", "them", "us", "me",
                            "you", "him", "her"})
_FUNCTION_AFTER_VERB = (STOPWORDS | STRANDED_PREPOSITIONS) - {"of"}  # 'look like', 'apply to': not 'that article of'


def references(question: str, terms: CorpusTerms, heads: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    """(token index, kind) of words pointing back: pronouns ("own" for one whose antecedent is an earlier clause of the
    turn: own_antecedent), 'that article', 'that' as a pronoun; after a verb of
    saying 'that' is a conjunction unless a noun among `heads` follows ('say that court is' names the court)."""
    words = tokens(question)
    lowered = [w.lower() for w in words]
    found = []
    own_antecedent = own_antecedents(question, terms)  # reads the turn once for all its pronouns
    for i, word in enumerate(lowered):
        if word in _PRONOUNS and not antecedent_before(words[:i], terms, word) and not existential(lowered, i) \
                and not extraposed(lowered, i) and not (word == "itself" and i and lowered[i - 1] not in
                                                        STRANDED_PREPOSITIONS):  # 'the treaty itself', 'define itself':
            # a reflexive or emphatic 'itself' is its own clause's, never an earlier turn's
            found.append((i, "proposition" if word == "it" and pro_verb_object(lowered, i)
                          else "own" if own_antecedent(i) else "pronoun"))
            # "own": its antecedent is an earlier clause's noun phrase ('has the court ruled? what did it decide?'),
            # never replaced (condensing.substitute); the turn still points back, so the topic may lead it
        elif word in _DEMONSTRATIVES or word == "same" and i and lowered[i - 1] == "the":
            at = past_ordinal(lowered, i, str.isalpha)  # 'that first case': the noun after the ordinal
            nxt = lowered[at] if at < len(lowered) else "?"
            prev = lowered[i - 1] if i else ""
            if deictic(word, nxt):  # 'this year' is the present, no earlier thing
                continue
            if nxt == "one" and opening_phrase(words[:i]):  # 'Article 14, what does that one add?'
                continue
            if nxt in LOCATOR_WORDS and at + 1 < len(lowered) and lowered[at + 1][:1].isdigit():
                if nxt in PARAGRAPH_NOUNS:  # 'that paragraph 3': a paragraph of the article named before
                    found.append((i, "demonstrative"))
                continue  # 'that annex 33 list', 'that article 98': the turn names its provision itself

            if word == "same":
                if not (nxt.isalpha() and nxt not in STOPWORDS and provisions(question)):
                    found.append((i, "proposition"))  # not 'Does Article 98 say ... on the same terms?': a
                # question naming its own provision compares within what that says; one naming only a document
                # ('Is the same rule in the accession treaty?') asks it about the earlier turn's rule
            elif word == "that" and clause_verb_after(lowered, i):
                found.append((i, "proposition"))  # 'how much would a package like that cost per family?'
            elif nxt.isalpha() and nxt not in STOPWORDS and (terms.is_noun(nxt) or nxt in LOCATOR_WORDS or noun_only(
                    nxt) and prev in AUXILIARIES and verb_ends_clause(lowered, at + 1)) \
                    and (prev not in SAYING_VERBS or nxt in heads) and not subject_that(lowered, i, nxt, terms):
                found.append((i, "demonstrative"))
            elif (not nxt.isalpha() or nxt in AUXILIARIES or prev in AUXILIARIES or prev == "about" or (
                    nxt in STOPWORDS and nxt not in DETERMINERS and nxt not in WH_WORDS)) \
                    and not own_clause_before(words, i):  # 'from that too'
                found.append((i, "proposition"))
    return found


def pro_verb_object(lowered: list[str], i: int) -> bool:
    """The 'it' at lowered[i] is the object of a main verb 'do' ("if that person can't do it any more", 'why would they
    do it?'): 'do it' stands for an action, as 'do that' does, never for a thing or a body. 'do' is the main verb after
    its subject or a modal, not after a wh-word, a connective or at the start ('what did it cost?', 'and does it?'),
    and no verb follows 'it'."""
    after = [w for w in lowered[i + 1:] if classes(w) != "r"]  # past adverbs: 'does it usually take?'
    nxt = after[0] if after else "?"
    return i >= 2 and lowered[i - 1] in {"do", "does", "did", "doing", "done"} and lowered[i - 2][:1].isalpha() \
        and lowered[i - 2] not in WH_WORDS | SUBORDINATORS | set(CONNECTIVES) | set(FILLERS) \
        and not (lowered[i - 2] in AUXILIARIES and i == 2) \
        and not (nxt in AUXILIARIES or "v" in classes(nxt))
    # (an auxiliary 'does' has its verb after 'it', adverbs or not: 'how many judges does it have?', 'how long does
    # it usually take?'; a preposition or an adverb alone is no verb: 'do it without a polis?', 'do it legally?')


def noun_only(word: str) -> bool:
    """The lexicon knows `word` only as a noun ('equipment'), whatever share of the corpus's uses a determiner opens:
    after an auxiliary, 'that equipment' is a subject noun phrase, never 'that' and a verb ('how much did that
    equipment cost?')."""
    return classes(word) == "n"


def verb_ends_clause(lowered: list[str], at: int) -> bool:
    """lowered[at] can be a verb and no content word follows it ('did that equipment cost, and ...'; not 'does that
    remittance figure come from ...', where 'remittance figure' is one noun)."""
    after = lowered[at + 1] if at + 1 < len(lowered) else "?"
    return at < len(lowered) and "v" in classes(lowered[at]) and (not after.isalpha() or after in STOPWORDS)


def own_clause_before(words: list[str], i: int) -> bool:
    """The 'that' at words[i] follows the turn's own question clause and ', and' ('are the decisions put into the
    members' languages too, and who pays for that?'): it stands for that clause, not for an earlier turn's; the
    clause opens with a wh-word or an auxiliary, has two content words and points back with no pronoun of its own."""
    lowered = [w.lower() for w in words[:i]]
    joint = max((j for j in range(1, len(lowered)) if lowered[j] == "and" and lowered[j - 1] in {",", ";"}), default=0)
    clause = opener_body(" ".join(words[:joint - 1]))[0] if joint else ""
    own = tokens(clause)
    return bool(own) and asks_clause(clause) and len(content_words(clause)) >= 2 and not any(
        w.lower() in _PRONOUNS or w.lower() in _DEMONSTRATIVES for w in own)


def subject_that(lowered: list[str], i: int, nxt: str, terms: CorpusTerms) -> bool:
    """After an auxiliary, 'that' is the subject and the next word its verb, not 'that <noun>': before an object
    ('does that need every member ...'), as a participle the corpus never uses as a noun ('is that backed by
    ...'), or, after 'do' or a modal, 'that'/'this' + a word before the end ('does that matter?') or + a word the
    corpus does not use as a noun before a function word other than an auxiliary ('what would that look like in
    practice?'; not 'does that article of ...', nor 'could that ban be lifted?', where 'ban' is the noun; 'do those
    count for ...' keeps its plural pointer)."""
    prev = lowered[i - 1] if i else ""
    if prev not in AUXILIARIES:
        return False
    after = lowered[i + 2] if i + 2 < len(lowered) else "?"
    rare_noun = terms.rarely_noun(nxt)
    return (after in _OBJECT_STARTS or nxt.endswith("ed") and not terms.noun_share.get(nxt)
            or prev in DO_MODALS and lowered[i] in {"that", "this"}
            and (not after.isalpha() or rare_noun and after in _FUNCTION_AFTER_VERB - AUXILIARIES))


def opening_phrase(words: list[str]) -> bool:
    """The words open with a noun phrase before a comma ('what about their kids, can they ...')."""
    opening = " ".join(words[:words.index(",")]) if "," in words else ""
    return bool(opening and bare_phrase(opener_body(opening)[0]))


_PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
_INDEFINITE = frozenset({"a", "an", "each", "every", "any"})


def introduced(words: list[str], pronoun: str, terms: CorpusTerms) -> bool:
    """A singular subject pronoun right after a subordinator, when the turn introduced a thing with an indefinite
    determiner before it ('what sanctions a state faces if it ignores the judgment?', 'can a worker stay if he loses
    the job?'): the pronoun stands for that new thing, not for an earlier turn's; likewise a 'they' after a plural
    noun the corpus uses as a noun (a phrase's last word, not a modifier: 'member States', not 'members' ...)."""
    if pronoun not in {"it", "he", "she", "they"} or not words or words[-1].lower() not in SUBORDINATORS:
        return False
    lowered = [w.lower() for w in words[:-1]]
    if pronoun == "they":  # 'how long must the parties negotiate before they can go to court?': a plural noun of the
        # main clause before the subordinator is the subject pronoun's antecedent, not an earlier turn's singular
        return any(w.isalpha() and w not in STOPWORDS and plural(w) and terms.is_noun(w) and terms.noun_share.get(w)
                   and not (i + 1 < len(lowered) and lowered[i + 1] not in STOPWORDS
                            and not terms.rarely_noun(lowered[i + 1]))
                   for i, w in enumerate(lowered))
    # 'he' / 'she' stand for a person whatever the corpus makes of the word: it writes "worker" mostly as a modifier
    # ("member State worker"), so is_noun would refuse it and the pronoun went to an earlier turn's provision or State
    # (review s17 B5). 'it' still needs a word the corpus uses as a noun ('a state ... if it ...').
    person = pronoun in {"he", "she"}
    return any(w in _INDEFINITE and i + 1 < len(lowered) and lowered[i + 1].isalpha()
               and lowered[i + 1] not in STOPWORDS and (person or terms.is_noun(lowered[i + 1]))
               for i, w in enumerate(lowered))


def own_subject_only(words: list[str], pronoun: str, terms: CorpusTerms) -> bool:
    """The names before an object pronoun are all in its own clause, which has a verb right before the pronoun: a
    pronoun that is not reflexive never stands for its own clause's subject, so 'how does Russia view it?' points back
    ('it' is no 'Russia'), while 'Russia says it is ...' and 'what about Russia, does it ...' do not."""
    start = max((i + 1 for i, w in enumerate(words) if w.lower() in CLAUSE_BREAKS), default=0)
    last = words[-1].lower() if words else ""
    return pronoun in {"it", "them"} and start < len(words) and not names(" ".join(words[:start]), terms) \
        and last.isalpha() and last not in STOPWORDS and not last[:1].isupper() and "v" in classes(last) \
        and bool(names(" ".join(words[start:-1]), terms))


def name_case(words: list[str], terms: CorpusTerms) -> list[str]:
    """`words` with a name typed in lower case capitalised: a word the corpus writes capitalised and without 'the'
    ('russia', 'bishkek'; not 'commission', which it writes 'the Commission', nor a function word), unless a word
    that can only be a noun follows it ('russian politicians', 'union agreements': a modifier, no name)."""
    def modifier(i: int) -> bool:
        after = classes(words[i + 1].lower()) if i + 1 < len(words) and words[i + 1].isalpha() else ""
        return "n" in after and not {"v", "r"} & set(after)

    return [w.capitalize() if w.isalpha() and w.islower() and w not in STOPWORDS and terms.is_name_word(w)
            and not terms.takes_the(w) and not modifier(i) else w for i, w in enumerate(words)]


def antecedent_before(words: list[str], terms: CorpusTerms, pronoun: str = "") -> bool:
    """A name earlier in the same question, the phrase it opens with before a comma ('what about their
    kids, can they ...'), or a pointing phrase of the pronoun's number in an earlier clause ('how long does that
    recognition take and how much does it cost?'; not in its own clause: 'does that body vote on it?', except for
    a possessive: 'must those guests get their invitation?') gives a pronoun its antecedent. A name typed in lower
    case counts as written (name_case: 'has russia changed its rules?')."""
    words = name_case(words, terms)
    if names(" ".join(words), terms) and not own_subject_only(words, pronoun, terms) \
            or introduced(words, pronoun, terms):
        return True
    def person_word(w: str) -> bool:
        return w[:1].isalpha() and w.lower() not in STOPWORDS and person_noun(w, terms)

    if opening_phrase(words) and (pronoun not in _PERSON_PRONOUNS or any(map(person_word, words[:words.index(",")]))):
        return True  # 'and at the border, does she need ...?': a person pronoun's antecedent is a person ('and for
        # my son, can he ...?'), never a place or a thing the turn opens with
    if pronoun in _PERSON_PRONOUNS and any(person_word(w) and not plural(w) for w in words):
        return True  # 'who is their lawyer and what does he recommend?': the lawyer
    number = _POINTING_NUMBER.get(pronoun, set())
    lowered = [w.lower() for w in words]
    if pronoun == "it" and len(lowered) >= 4 and lowered[-2] in {"that", "which"} and lowered[-1].isalpha() \
            and lowered[-1] not in STOPWORDS and any(w in {"the", "a", "an", "my", "his", "her", "our", "their"}
                                                     and lowered[j + 1].isalpha() and not plural(lowered[j + 1])
                                                     for j, w in enumerate(lowered[:-4])):
        return True  # the object of a relative clause ('check the diploma with the college that issued it'): not its
        # head ('the college'), so a singular noun phrase before that, in the same turn ('the diploma')
    if pronoun in {"its", "their"} and clause_subject(words, pronoun == "their", terms):
        return True  # 'has the court already given its answer?': its own clause's subject owns it
    for i, word in enumerate(lowered[:-1]):
        nxt = lowered[past_ordinal(lowered, i)]
        if word in number and nxt.isalpha() and nxt not in STOPWORDS and (terms.is_noun(nxt) or noun_only(nxt)) \
                and not deictic(word, nxt) and not (i and lowered[i - 1] in SAYING_VERBS) \
                and (pronoun in {"its", "their"} or any(w in CLAUSE_BREAKS for w in lowered[i + 2:])):
            return True
    return False


def continues_earlier_turn(question: str) -> bool:
    """A short turn that goes on from the earlier one, so its rewrite's earlier words are what it asks about
    (Condensed.points_back): it opens with a connective or 'what about' (after a filler too: 'ok, and pensions') or has
    a word that points back (noun_phrase.BACK_POINTERS: 'for children too?'). A noun phrase alone does not: 'thanks for
    the help', 'nice work' and 'cheers' are noun phrases too, so such a turn is judged on its own words (an
    acknowledgement asks nothing: answerability.asks_nothing; review s19 B3)."""
    return bool(CONTINUATION.match(_FILLER.sub("", question)) or BACK_POINTERS & {w.lower() for w in tokens(question)})


def own_words_point_back(question: str, terms: CorpusTerms) -> bool:
    """The user's turn itself has a word pointing back (pointers.references: "that", "it") or goes on from the earlier
    turn (continues_earlier_turn: "and ...", "too") (Condensed.own_pointer; read without the previous turn's entity
    heads, so a record kept without its history reads the same)."""
    return bool(references(question, terms)) or continues_earlier_turn(question)
