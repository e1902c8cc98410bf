"""A question's verbs: its main verb, the words in a verb slot, and which words are verbs beyond doubt."""

from __future__ import annotations

from ..entities import (AUXILIARIES, DETERMINERS, DO_FORMS, MODALS, SAYING_VERBS, SPEAKER_POSSESSIVES,
                        STOPWORDS, SUBJECT_PRONOUNS, SUBORDINATORS, WH_WORDS, CorpusTerms)
from .phrasing import is_possessive
from .wordclass import classes

_NOUN_PHRASE_JOINERS = frozenset({"of", "the", "on", "a", "an"})  # inside a subject before its verb
FINITE_BE = frozenset({"is", "are", "was", "were"})
# ... and those of 'it' ('is it', 'it was', 'isn't it'). These and the other function-word sets here are closed
# classes of English grammar, written out: no corpus count says what a word does in a clause.
SINGULAR_BE = frozenset({"is", "was", "isn't", "wasn't"})
# '... have to meet', 'need to register': the word after 'to' is a verb.
_NOUN_SUFFIXES = ("tion", "sion", "ment", "ity", "ness", "ance", "ence", "ship", "ism")  # 'move to litigation'
_TO_VERB = frozenset({"have", "has", "had", "need", "needs", "want", "wants", "able", "going", "allowed"})
# Prepositions whose phrase can close a subject before its verb ('a Kyrgyz worker in Russia need ...').
SUBJECT_PREPOSITIONS = frozenset({"in", "at", "from", "with", "under", "inside", "outside", "within"})
# Predicates of 'BE <subject> <predicate> ...?' that no suffix marks: irregular past participles and adjectives
# that are usually predicative ('Is the policy valid in ...', 'Is the Commission made up of ...').
_PARTICIPLES = frozenset("made paid held set split known given taken drawn done seen built sent spent kept found "
                         "shown written run brought bound".split())
_PREDICATIVES = frozenset("valid invalid free due authentic open binding mandatory compulsory necessary legal illegal "
                          "lawful unlawful true likely final fair equal enough".split())
# Number words: an -s form after one is a plural noun ('the three scenarios'), no verb.
COUNT_WORDS = frozenset("two three four five six seven eight nine ten both several many few".split())
# Prepositions (and 'whether') that STOPWORDS (shared with the answerer) leaves out: they end a topic phrase
# ('Russia without', 'the treaty whether').
PREPOSITIONS = frozenset("without within among across against despite except including via per toward towards "
                         "around inside outside beyond near since along whether".split())


# Pronouns that can stand between an inverted modal and its verb ('would that affect', 'does it take') or be the
# subject before a modal ('it will happen'), and objects before an infinitive's 'to' ('ask it to decide').
_POINTING_SUBJECTS = SUBJECT_PRONOUNS | {"it", "that", "this"}
_OBJECT_PRONOUNS = frozenset({"it", "them", "him", "her", "us", "me", "you"})


def bare_verb_slots(words: list[str], terms: CorpusTerms | None = None) -> set[int]:
    """Lower-case words that English grammar makes a bare verb, whatever the corpus says of them: after a modal that
    follows its subject or a verb of saying after the question's own auxiliary ('does the article say could happen',
    'did she think Kyrgyzstan would win'; not an inverted 'Which rights can workers ...' or 'Can kids ...'), after an
    inverted modal or 'do' and a pronoun ('how would that affect Armenia', 'does it take'), and after 'to' that
    follows an object pronoun ('ask it to decide'); each only before a determiner, a preposition, a name or the
    clause's end. With the corpus's `terms` also a word it rarely uses as a noun after a modal that follows its subject
    in a clause with no wh-word ('our children can go to school'; not 'Which rights can workers claim'); there 'to'
    before a word the corpus uses as a noun, or does not know, is a preposition too. A verb is no topic phrase."""
    lowered = [w.lower() for w in words]
    found = set()
    for i in range(2, len(words)):
        if not words[i][:1].isalpha() or not words[i].islower() or lowered[i] in STOPWORDS:
            continue
        before, earlier = lowered[i - 1], lowered[i - 2]
        if (before in MODALS and (earlier in _POINTING_SUBJECTS | SAYING_VERBS or words[i - 2][:1].isalnum()
                                  and earlier not in STOPWORDS | WH_WORDS | AUXILIARIES
                                  and any(w in AUXILIARIES for w in lowered[:i - 2]))) \
                or (before in _POINTING_SUBJECTS and earlier in MODALS | DO_FORMS) \
                or (before == "to" and earlier in _OBJECT_PRONOUNS):
            if i + 1 >= len(words) or not words[i + 1][:1].isalnum() or words[i + 1][:1].isupper() \
                    or lowered[i + 1] in STOPWORDS - {"to"}:
                found.add(i)
        elif terms is not None and terms.rarely_noun(lowered[i]) and _plain_verb_slot(words, lowered, i, terms):
            found.add(i)  # only before a phrase or the clause's end: a complement it cannot read ('might offer
                # to avoid losing', 'offer instead of ...') keeps the run as it was
    return found


def _plain_verb_slot(words: list[str], lowered: list[str], i: int, terms: CorpusTerms) -> bool:
    """bare_verb_slots with the corpus: words[i] after a statement's modal, before a phrase ('to' before a noun), a
    name or the clause's end."""
    before, earlier = lowered[i - 1], lowered[i - 2]
    start = max((k + 1 for k, w in enumerate(lowered[:i]) if w in {",", ";"}), default=0)
    statement = before in MODALS and words[i - 2][:1].isalnum() and earlier not in STOPWORDS | AUXILIARIES \
        and not WH_WORDS & set(lowered[start:i])  # 'our children can go', not 'which rights can workers claim'
    if not statement:
        return False
    if i + 1 >= len(words) or not words[i + 1][:1].isalnum() or words[i + 1][:1].isupper():
        return True
    nxt, after = lowered[i + 1], lowered[i + 2] if i + 2 < len(lowered) else ""
    if nxt == "to":  # 'go to court', 'go to school': a preposition before a noun; not 'offer to avoid'
        return after in DETERMINERS or terms.noun_share.get(after, 1.0) > 0
    return nxt in STOPWORDS


def statement_verbs(words: list[str], terms: CorpusTerms | None) -> set[int]:
    """The verb of a statement inside a text, so that no topic phrase runs over it: before its complement (a
    preposition, 'to', a determiner or a name), a lower-case word after a noun: a word the corpus lacks after a
    plural ('the kids go to school'), or an -s form after the user's own singular noun ('my son works in Russia');
    other -s forms stay (the corpus writes many plurals without a determiner: 'taxes', 'pensions'), and so do -ing
    forms (a participle after its noun: 'the treaty rule giving ... families social insurance')."""
    if terms is None:
        return set()
    found = set()
    for i in range(1, len(words) - 1):
        word, before, nxt = words[i], words[i - 1], words[i + 1]
        own = i > 1 and words[i - 2].lower() in SPEAKER_POSSESSIVES and not s_form(before.lower())
        if word.isalpha() and word.islower() and word not in STOPWORDS | AUXILIARIES and (own or not s_form(word)) \
                and before[0].isalnum() and before.lower() not in STOPWORDS and not is_possessive(before) \
                and (nxt.lower() in SUBJECT_PREPOSITIONS | PREPOSITIONS | DETERMINERS | {"to", "on", "for"}
                   or nxt[:1].isupper()) \
                and (own and s_form(word) or not word.endswith("ing") and word not in terms.noun_share
                     and s_form(before.lower())):
            found.add(i)
    return found


def inverted_aux(lowered: list[str], words: list[str] | None = None, terms: CorpusTerms | None = None
                 ) -> int | None:
    """The auxiliary of a question 'AUX subject ...' or 'Wh- [noun] AUX subject ...' among its first four words; None
    for others, when a subject pronoun stands before it ('what paper i can ask ...': the subject is 'i'), and when a
    modal or 'do' after a wh-phrase takes a sure verb at once ('Which body would decide ...': the wh-phrase is the
    subject, no inversion; sure_verb, with the corpus's `terms`)."""
    aux = next((i for i, w in enumerate(lowered[:4]) if w in AUXILIARIES), None)
    if aux is None or (aux and (lowered[0] not in WH_WORDS or lowered[aux - 1] in SUBJECT_PRONOUNS)):
        return None
    if words is not None and terms is not None and aux >= 2 and lowered[aux] in MODALS | DO_FORMS \
            and aux + 1 < len(words) and words[aux + 1].isalpha() and words[aux + 1].islower() \
            and lowered[aux + 1] not in STOPWORDS and sure_verb(words, aux + 1, terms):
        return None
    return aux


def main_verb(words: list[str], terms: CorpusTerms | None = None) -> int:
    """Position of the main verb after the subject in 'Wh- AUX subject VERB ...', else -1."""
    lowered = [w.lower() for w in words]
    aux = inverted_aux(lowered, words, terms)
    if aux is None:
        return -1
    if lowered[aux] in FINITE_BE:  # 'Is the CHI required for ...?': the predicate after the subject's noun; 'Where was
        # the treaty ... signed?': the participle before the question mark
        predicate = _be_predicate(words, lowered, aux, terms)
        if predicate is not None:
            return predicate
        last = max((i for i, w in enumerate(words) if w[0].isalnum()), default=-1)
        return last if last > aux + 1 and lowered[last].endswith(("ed", "en")) else -1
    end = aux + 1
    while end < len(words) and words[end][0].isalnum() and (
            lowered[end] not in STOPWORDS or lowered[end] in _NOUN_PHRASE_JOINERS
            or (end == aux + 1 and lowered[end] in SPEAKER_POSSESSIVES)):
        end += 1
    stop = lowered[end] if end < len(words) else "?"
    if end - aux <= 2 or stop in AUXILIARIES | SAYING_VERBS:
        return -1
    if lowered[aux] in DO_FORMS | MODALS and stop in SUBJECT_PREPOSITIONS:
        # 'Does a Kyrgyz worker in Russia have to ...': a prepositional phrase ends the subject when a verb follows it
        after = _verb_after_phrase(words, lowered, end + 1, terms)
        if after is not None:
            return after
    if lowered[aux] in DO_FORMS | MODALS:
        # after 'do'/'can' the verb is in its base form: a lower-case word after the subject's first noun that
        # is no plural; the first that is surely a verb ('Why did Kyrgyzstan sue Russia', 'Can my family get
        # medical care'), else the last ('Can a kyrgyz guy work in ...'); 'Can Kyrgyz workers in ...' has none
        first = aux + 2 + (lowered[aux + 1] in DETERMINERS | {"one", "another"})
        candidates = [j for j in range(first, end) if words[j].islower() and lowered[j] not in _NOUN_PHRASE_JOINERS
                      and not s_form(lowered[j]) and not is_possessive(lowered[j])
                      and ("v" in classes(lowered[j]) or not classes(lowered[j]))]
        # (a word the lexicon knows only as no verb is none: 'Does Russia charge migrant families ...' -> 'charge')
        # a modifier before a plural noun that another candidate follows ('Kyrgyz migrant families end up')
        candidates = [j for j in candidates if not (j + 2 in candidates and s_form(lowered[j + 1])
                                                    and lowered[j + 2] not in PREPOSITIONS)]
        before_object = [j for j in candidates if j + 1 < len(words) and lowered[j + 1] in DETERMINERS]  # 'Does a
        # Kyrgyz worker need a permit ...': a word before its object's article is the verb, not 'permit'
        return next((j for j in candidates if sure_verb(words, j, terms)),
                    before_object[0] if before_object else candidates[-1] if candidates else -1)
    return end - 1


def predicative(word: str) -> bool:
    """A word that reads as the predicate of a be-question: a past participle ('required', 'made'), an adjective
    in -ible/-able ('eligible', 'payable') or one of _PREDICATIVES ('valid', 'free')."""
    return word.isalpha() and word.islower() and (
        (word.endswith("ed") and len(word) > 4) or word in _PARTICIPLES or word in _PREDICATIVES
        or (word.endswith(("ible", "able")) and len(word) > 5))


def _be_predicate(words: list[str], lowered: list[str], aux: int, terms: CorpusTerms | None) -> int | None:
    """In 'BE <subject> <predicate> ...' the first predicative word (`predicative`) after a content word of the
    subject's run that no noun follows (it ends the subject: 'Is the worker's CHI policy valid in all regions?',
    'Are EAEU migrant workers allowed to join ...'; not 'Are Kyrgyz posted workers covered' at 'posted'), or an -ly
    word the corpus never has as a noun just before it ('the Supreme Council legally required'); else None."""
    for j in range(aux + 2, len(words)):
        if not words[j][0].isalnum() or (lowered[j] in STOPWORDS and lowered[j] not in _NOUN_PHRASE_JOINERS):
            return None
        nxt = lowered[j + 1] if j + 1 < len(words) else "?"
        if predicative(words[j]) and lowered[j - 1] not in STOPWORDS and words[j - 1][0].isalnum() \
                and (not nxt[0].isalnum() or nxt in STOPWORDS) and nxt != "of":
            adverb = lowered[j - 1].endswith("ly") and j - 1 > aux + 1 and words[j - 1].islower() and (
                terms is None or terms.noun_share.get(lowered[j - 1], 0.0) == 0.0)
            return j - 1 if adverb else j
    return None


def _verb_after_phrase(words: list[str], lowered: list[str], start: int, terms: CorpusTerms | None) -> int | None:
    """After a preposition's object that starts at `start` (determiners, then a name or one noun): -1 when an auxiliary
    follows ('... in Russia have to get': no main verb of its own, as for 'Does the worker have ...'), the position of
    a verb that follows (sure_verb, or a base form before its object: '... in Russia need a permit'), else None."""
    j = start
    while j < len(words) and lowered[j] in DETERMINERS:
        j += 1
    named = j
    while j < len(words) and words[j][:1].isupper():
        j += 1
    if j == named and j < len(words) and words[j].isalpha() and lowered[j] not in STOPWORDS:
        j += 1  # one lower-case noun: 'in the country'
    if j == start or j >= len(words) or not words[j][:1].isalpha():
        return None
    if lowered[j] in AUXILIARIES:
        return -1
    if words[j].islower() and lowered[j] not in STOPWORDS | PREPOSITIONS and (sure_verb(words, j, terms) or (
           j + 1 < len(words) and lowered[j + 1] in DETERMINERS | {"to"}) or (j + 1 >= len(words) or not words[
               j + 1][0].isalnum()) and terms is not None and terms.rarely_noun(lowered[j])):
        return j  # (or a word rarely a noun ends the question: 'What does the lawyer in the article recommend?')
    return None


def sure_verb(words: list[str], at: int, terms: CorpusTerms | None) -> bool:
    """The word is a verb beyond doubt: the corpus has it but never after a determiner ('take', 'get'), or the
    corpus lacks it and it follows a name or a plural ('Kyrgyzstan sue', 'employers hire'); not 'worker stay'."""
    word, before = words[at].lower(), words[at - 1]
    if terms is not None and word in terms.noun_share:
        return terms.noun_share[word] == 0.0
    return before[:1].isupper() or s_form(before.lower())


def _never_noun(word: str, terms: CorpusTerms | None) -> bool:
    """A base form the corpus has but never as a noun ('decide', 'get'): a verb after a modal's subject."""
    return terms is not None and not s_form(word) and terms.noun_share.get(word, 1.0) == 0.0


def _after_inverted_subject(words: list[str], i: int, terms: CorpusTerms) -> bool:
    """The word at i follows a modal's or 'do''s inverted one-noun subject, a lower-case corpus noun: 'can our children
    | get', 'can migrants | get', 'does the worker | get' (not 'do Kyrgyz | migrant families')."""
    lowered = [w.lower() for w in words[i - 3:i]]
    noun = words[i - 1]
    if not (noun.isalpha() and noun.islower()) or noun in STOPWORDS or not terms.is_noun(noun):
        return False
    if lowered[1] in DETERMINERS | SPEAKER_POSSESSIVES:
        return lowered[0] in MODALS | DO_FORMS
    return lowered[1] in MODALS | DO_FORMS


def s_form(word: str) -> bool:
    """An -s form: a plural noun or a third-person verb ('states', 'hears'), not '-ss', '-us', '-is', nor a
    possessive ("worker's")."""
    return word.endswith("s") and not word.endswith(("ss", "us", "is")) and not is_possessive(word)


def verb_positions(words: list[str], terms: CorpusTerms | None = None) -> set[int]:
    """Words in a verb slot by English grammar: the main verb of 'Wh- AUX subject VERB', a word after a subject
    pronoun ('can she get', 'if they lose'), after 'have to' / 'need to', after a modal that follows a
    wh-word or a noun ('What could happen if ...', 'migration will become ...'), and with the corpus's
    statistics an -s form after a noun that the corpus never uses as a noun ('the court affirms')."""
    lowered = [w.lower() for w in words]
    found = {i for i in (main_verb(words, terms),) if i >= 0}
    aux = next((i for i, w in enumerate(lowered[:4]) if w in DO_FORMS | MODALS), None)
    if aux is not None and lowered[0] in WH_WORDS:  # 'What does the article think ...': a verb of saying after
        found |= set(next(([j] for j in range(aux + 2, len(words))  # the subject (main_verb leaves it out)
                           if lowered[j] in SAYING_VERBS and words[j].islower()), []))
    for i in range(1, len(words)):
        word, before = lowered[i], lowered[i - 1]
        if not words[i][0].isalpha() or word in STOPWORDS or not words[i].islower():
            continue
        to_verb = before == "to" and i > 1 and (lowered[i - 2] in _TO_VERB or i - 2 in found and terms is not None and
                                                terms.noun_share.get(word) == 0.0 and not word.endswith(_NOUN_SUFFIXES))
        if before in SUBJECT_PRONOUNS or to_verb \
                or (before == "it" and i > 1 and lowered[i - 2] in AUXILIARIES) \
                or (before in MODALS and i > 1 and lowered[i - 2] in SUBJECT_PRONOUNS) \
                or (before in MODALS | DO_FORMS and i > 1 and words[i - 2][0].isalnum()
                    and lowered[i - 2] not in STOPWORDS | WH_WORDS and _never_noun(word, terms)) \
                or (i > 2 and terms is not None and _after_inverted_subject(words, i, terms)
                    and _never_noun(word, terms)):
            found.add(i)  # 'did it enter', 'i can ask', 'sign to join' (after a verb and 'to', a word the corpus never
            # has as a noun; not 'the offer to avoid'), 'Which body would decide' (a sure verb after a noun's modal),
            # '..., can our children get doctor for free' (a sure verb after a modal's one-noun subject)
        elif word.endswith("ing") and i > 1 and lowered[i - 2] in FINITE_BE and words[i - 1][:1].isupper():
            found.add(i)  # 'What is Kyrgyzstan arguing ...': a progressive form after a name
        elif word.endswith("ing") and i > 1 and before in FINITE_BE | {"am"} and lowered[i - 2] in SUBJECT_PRONOUNS:
            found.add(i)  # 'while i am working there': a progressive form after a subject pronoun and its BE
        elif s_form(word) and before in WH_WORDS and (i + 1 >= len(words) or lowered[i + 1] not in AUXILIARIES) \
                and not (terms is not None and terms.noun_share.get(word, 0.0) > 0.0):
            found.add(i)  # 'What happens if ...', 'Who pays for ...' (but 'What rights do ...', and a plural the
            # corpus puts after a determiner is the noun a 'which' asks for: 'Which bodies approve ...')
        elif terms is not None and s_form(word) and i > 1 and (terms.noun_share.get(word) == 0.0 or (
                word not in terms.noun_share and (i + 1 >= len(words) or not words[i + 1][0].isalnum()))) \
                and lowered[i - 2] in DETERMINERS and before not in STOPWORDS | COUNT_WORDS and not s_form(before):
            found.add(i)  # 'the court affirms ...', '... the article describes?': after 'the' + a singular noun, an -s
            # form never after a determiner in the corpus, or one it lacks at a clause's end ('the treaty provisions')
        elif terms is not None and s_form(word) and not terms.noun_share.get(word) and _after_name(words, i):
            found.add(i)  # 'the EAEU Court backs ...': after a name, an -s form the corpus never has as a noun
        elif before in MODALS and i > 1 and (lowered[i - 2] in WH_WORDS or lowered[i - 2] not in STOPWORDS) \
                and (i + 1 >= len(words) or not words[i + 1][0].isalnum() or lowered[i + 1] in SUBORDINATORS):
            found.add(i)
        elif terms is not None and s_form(word) and not terms.noun_share.get(word) and i + 1 < len(words) \
                and words[i - 1][0].isalpha() and before not in STOPWORDS | COUNT_WORDS and not s_form(before) \
                and (lowered[i + 1] in {"the", "a", "an"} or words[i + 1][:1].isupper()) \
                and terms.rarely_noun(word[:-1]):
            found.add(i)  # 'Which body appoints the judges', 'the move reflects a calculation': after a singular
            # noun and before an object's article or name, an -s form the corpus never has as a noun (nor its
            # stem: 'the possible ways the court case could end' keeps its noun)
    return found | _wh_subject_verb(words, lowered, terms)


def _wh_subject_verb(words: list[str], lowered: list[str], terms: CorpusTerms | None) -> set[int]:
    """'What share of the pooled duties goes to ...': in a question whose wh-word opens its subject, the first -s
    form after that noun phrase that the corpus never has as a noun is its verb; after a plural noun, the base form
    ('Which bodies approve ...')."""
    if terms is None or len(words) < 3 or lowered[0] not in {"which", "what", "whose"} \
            or lowered[1] in STOPWORDS | AUXILIARIES or not words[1][0].isalpha():
        return set()
    for i in range(2, len(words)):
        if not words[i][0].isalnum() or (lowered[i] in STOPWORDS and lowered[i] not in _NOUN_PHRASE_JOINERS):
            return set()
        if s_form(lowered[i]) and words[i].islower() and terms.noun_share.get(lowered[i]) == 0.0 \
                and lowered[i - 1] not in STOPWORDS and i + 1 < len(words) \
                and (lowered[i + 1] in STOPWORDS or words[i + 1][:1].isupper()):  # before its complement
            return {i}
        if words[i].islower() and not s_form(lowered[i]) and terms.noun_share.get(lowered[i], 0.0) == 0.0 \
                and s_form(lowered[i - 1]) and terms.noun_share.get(lowered[i - 1], 0.0) > 0.0 and i + 1 < len(words) \
                and (lowered[i + 1] in STOPWORDS or words[i + 1][:1].isupper()):
            return {i}  # 'Which bodies approve the budget?': after a plural noun, a word the corpus never has as a noun
    return set()


def _after_name(words: list[str], i: int) -> bool:
    """words[i] follows a name of capitalised words opening its phrase ('the EAEU Court', 'say Kyrgyzstan argues')."""
    start = i
    while start and words[start - 1][:1].isupper():
        start -= 1
    return start < i and (words[start - 1].lower() in DETERMINERS | SUBORDINATORS | SAYING_VERBS if start
                          else words[0].lower() not in STOPWORDS)
