"""Pronouns and 'that <noun>' in a follow-up replaced by what they stand for in the conversation state."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Sequence

from .collective import collective_act, members_body
from .clause import event_phrase, event_verb, gerund_clause, repeated_verb_object
from .phrase import asked_phrase, coordinated, of_phrase_end, person_noun, person_phrase, plural_antecedent
from ..answering.instruments import DOCUMENT_NOUNS
from .ordinal import POSITION_WORDS, past_ordinal
from .antecedent import (PRONOUN_CLASS, agreeing_person, called_body, holds_people, instrument_for, owner_of,
                         parties_of, patient_phrase, people_head, person_subject, pronouns_stood_for,
                         thing_for_person)
from .reference import (CLAIM_NOUNS, case_filed, case_phrase, case_predicate, claim_of, claimant, case_noun,
                        demonstrative, litigating, passive_verb, possessed_noun, possessor, refers_to, speaker)
from .focus import is_document
from .noun_phrase import reads_as_noun_phrases
from .pointers import own_subject_only
from .pronoun_clause import agree, general_subject_before, holder
from .switch import speaker_subject
from .topic import own_question
from ..entities import (AUXILIARIES, DO_MODALS, PARAGRAPH_NOUNS, STOPWORDS, CorpusTerms, document_of, provisions,
                        tokens)
from .wordclass import classes
from .phrasing import detokenise, is_possessive, plural, possessive, same_word, without_possessive
from ..references import names_provision

if TYPE_CHECKING:
    from .state import TurnState


def _noun_word(word: str) -> bool:
    return word.isalpha() and word.lower() not in STOPWORDS


def claims(word: str, noun: str, states: Sequence[TurnState]) -> str:
    """'those positions' after turns about "Kyrgyzstan's main argument" and then "Russia's": "Kyrgyzstan's and
    Russia's positions", the holders of the earlier claims (claim_of), in the order they were asked about; '' unless
    a plural demonstrative names a claim noun and two or more names held the earlier claims."""
    if word.lower() not in {"these", "those"} or noun.lower() not in CLAIM_NOUNS or not plural(noun):
        return ""
    holders = list(dict.fromkeys(name for s in states if (name := claim_of(s.subject)[0])))
    if len(holders) < 2:
        return ""
    return " and ".join(possessive(name) for name in holders) + f" {noun.lower()}"


def substitute(text: str, states: Sequence[TurnState], references: list[tuple[int, str]], terms: CorpusTerms
               ) -> tuple[str, bool, bool]:
    """Replace pronouns and 'that <noun>' (`references`: the text's, Condenser._references) by what they stand for;
    propositions stay for the topic. Pronouns of two classes (PRONOUN_CLASS: 'they' and 'him', 'they' and 'it') never
    stand for one thing: when both came out as the same phrase ('can they sack him early?' -> 'Can the Supreme Council
    sack the Supreme Council early?'), the later one stays as typed ('Can the Supreme Council sack him early?')."""
    rewritten, replaced, unresolved = _substitute(text, states, references, terms)
    clash = same_antecedent(text, rewritten)
    if clash is None:
        return rewritten, replaced, unresolved
    return _substitute(text, states, [(i, kind) for i, kind in references if i != clash], terms)


def same_antecedent(text: str, rewritten: str) -> int | None:
    """The position in `text`'s tokens of the first pronoun that `rewritten` replaced by the same phrase as an earlier
    pronoun of another class (PRONOUN_CLASS; a possessive's phrase compared without its possessive), else None."""
    asked, rewrite = tokens(text), tokens(rewritten)
    matcher = SequenceMatcher(None, [w.lower() for w in asked], [w.lower() for w in rewrite], autojunk=False)
    seen: dict[str, str] = {}
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue
        pronouns = [i for i in range(i1, i2) if asked[i].lower() in PRONOUN_CLASS]
        others = [i for i in range(i1, i2) if i not in pronouns]
        if len(pronouns) != 1 or any(asked[i].lower() not in AUXILIARIES for i in others):
            continue
        pronoun, kind = pronouns[0], PRONOUN_CLASS[asked[pronouns[0]].lower()]
        if others:  # an auxiliary that agrees with the phrase ('have they' -> 'has Bishkek'): the phrase is the rest
            j1, j2 = (j1 + 1, j2) if others[0] < pronoun else (j1, j2 - 1)
        if j2 <= j1:
            continue
        phrase = without_possessive(" ".join(rewrite[j1:j2])).lower()
        phrase = phrase[4:] if phrase.startswith("the ") else phrase
        if seen.get(phrase, kind) != kind:
            return pronoun
        seen.setdefault(phrase, kind)
    return None


def _substitute(text: str, states: Sequence[TurnState], references: list[tuple[int, str]], terms: CorpusTerms
                ) -> tuple[str, bool, bool]:
    words = tokens(text)
    previous = states[-1]
    replaced = unresolved = False
    pronouns = [i for i, kind in references if kind == "pronoun"]
    # pronouns of one number stand for one thing: the first is named, the later ones keep it as antecedent
    classes = {PRONOUN_CLASS.get(words[i].lower()) for i in pronouns}
    later = {i for n, i in enumerate(pronouns) if PRONOUN_CLASS.get(words[i].lower()) in {
        PRONOUN_CLASS.get(words[j].lower()) for j in pronouns[:n]}}
    # 'it' and 'his' in one turn stand for two things: a person pronoun for the person the previous question
    # named ('what if it happens in his first month?' after a question about a worker's contract), and 'it' for
    # the thing it asked for when its answer named none ('is it free or can he charge for it?' after 'what paper
    # can I ask from my employer ...?')
    person = person_phrase(previous.standalone, terms) if {"thing", "person"} <= classes else ""
    thing = asked_phrase(previous.standalone, terms) if person and not previous.answered else ""
    stood_for = pronouns_stood_for(previous.question, previous.standalone)
    for index, kind in reversed(references):
        word = words[index].lower()
        if index in later:
            continue
        if kind == "claim":  # 'Is that backed by ...?' -> "Is Russia's position backed by ...?"
            words[index:index + 1] = previous.subject.split()
            agree(words, index, len(previous.subject.split()), word, previous.subject)
            replaced = True
            continue
        if kind == "demonstrative" and index + 1 < len(words):
            # 'that first case': an ordinal after a demonstrative modifies its noun (no list position)
            at = past_ordinal(words, index, _noun_word)
            if at + 1 < len(words) and words[at + 1].lower() in DOCUMENT_NOUNS and _noun_word(words[at]):
                at += 1  # 'that founding treaty': the instrument noun is the head, the word before it modifies it
            noun = words[at].lower()
            end = at + 1
            if noun in PARAGRAPH_NOUNS and end < len(words) and words[end][:1].isdigit():
                # 'that paragraph 3' after "What does Article 98 say?": 'paragraph 3 of Article 98' (98(3) to
                # references.parse_references); unchanged when no article was named before
                article = next((re.sub(r"\s*\(\d+\)", "", e.text) for s in reversed(states) for e in s.entities
                                if e.kind == "provision" and e.head == "article"), "")
                if article:
                    words[index:end + 1] = ["paragraph", words[end], "of", *article.split()]
                    replaced = True
                continue
            document = ""
            if " ".join(words[end:end + 2]).lower() in {"of the", "to the"}:  # 'that article of the X'
                tail = end + 2
                while tail < len(words) and words[tail][:1].isupper():
                    tail += 1
                document = document_of(" ".join(words[end + 2:tail]), terms)
            candidates = [e for s in reversed(states) for e in s.entities if refers_to(e, noun)]
            if document:
                same = [e for e in candidates if " of the " in e.text
                        and document_of(e.text.split(" of the ", 1)[1], terms) == document]
                end = tail if same else end
                candidates = same or candidates
            phrase = candidates[0].text if candidates else claims(word, noun, states) or demonstrative(
                noun, possessor(noun, previous.subject, previous.answered, own_question(previous.standalone),
                                terms), previous.answer, previous.standalone, terms,
                speaker_subject(previous.subject))
            if phrase and word in {"that", "this"} and noun != "one" and plural(phrase) \
                    and phrase.lower().startswith("the ") and not is_possessive(words[end - 1]) \
                    and not (end < len(words) and words[end] in {"'s", "’s"}):
                phrase = f"one of {phrase}"  # 'if that person leaves office early' after an answer naming 'the
                # Heads of the member States': one of them, and the verb typed for one stays ('If the Heads leaves')
                words[index:end] = phrase.split()
                replaced = True
            elif phrase:
                words[index:end] = phrase.split()
                agree(words, index, len(phrase.split()), word, phrase)
                replaced = True
            continue
        if kind != "pronoun" or not previous.subject:
            continue
        if word in {"it", "them"} and general_subject_before(words, index, references):
            unresolved = True  # 'how does that body vote on it?': 'it' is not the body its clause's subject names
            continue
        subject = person if person and PRONOUN_CLASS[word] == "person" else thing or previous.subject
        if PRONOUN_CLASS[word] == "person" and not person:
            subject = agreeing_person(person_subject(subject, states, terms), word, previous.standalone, terms,
                                      previous.answer_names, [s.standalone for s in reversed(states[:-1])])
            if not holds_people(subject, terms):
                replaced = True  # no person to stand for ('what does he recommend?' after a question about a
                continue  # hotline's calls): the pronoun stays as typed
        if not previous.answered and not person and not thing and (
                stood := stood_for.get(PRONOUN_CLASS[word])) and stood != subject and len(stood_for) > 1:
            subject = stood  # 'what about its judges?' after 'when did they file it?' (they: Kyrgyzstan, it: the
            # lawsuit): the thing 'it' stood for; a pronoun keeps its class's antecedent
        if owner := owner_of(possessed_noun(words, index), subject, states, terms, word in {"it", "its"}):
            subject = owner  # 'its judges', 'how many judges does it have?': the earlier thing that has judges
        if word in {"its", "their"} and index + 1 < len(words) and person_noun(words[index + 1], terms) \
                and not holds_people(subject, terms, words[index + 1]):
            replaced = True  # 'who is their lawyer?' after 'How many calls did the hotline get?': calls have no
            continue  # lawyer; the possessive stays as typed
        if word == "it" and (is_document(subject, terms) or names_provision(subject)) and called_body(words, index):
            subject = next((n for n in previous.answer_names if holds_people(n, terms) and not plural(n)), "")
            if not subject:  # 'Is it an enforcement agency?' after a question about Article 98: a body, never a
                replaced = True  # provision or a document title; the answer's first body, else 'it' as typed
                continue
        if word in {"it", "them"} and holds_people(subject, terms) and own_subject_only(words[:index], word, terms):
            unresolved = True  # 'how does Moscow see it?' after 'Why did Kyrgyzstan take Russia to court?': a party
            continue  # acts on the issue, not on the earlier party; the topic is added instead
        if word == "it" and (again := repeated_verb_object(words, index, previous.own_question or own_question(
                previous.standalone), terms)):
            subject = again  # 'how long does leaving it take?' after 'Can a State leave the EAEU?': 'the EAEU'
        if word == "it" and holds_people(subject, terms) and event_verb(words, index):
            subject = event_phrase(previous.own_question or own_question(previous.standalone), terms,
                                   lambda phrase: holds_people(phrase, terms))
            # 'when does it start?' after 'When did Kyrgyzstan file the lawsuit against Russia?': an event starts,
            # not a party or a body ('the lawsuit against Russia'; else the clause, 'Kyrgyzstan joining the EAEU')
            if not subject:  # no event in the previous question ('Where does the Court sit and what does Bishkek
                replaced = True  # argue?'): 'it' stays as typed, never the party or the body
                continue
        if word == "it" and (instrument := instrument_for(words, index, subject, states, terms)):
            subject = instrument  # 'when was it ratified?' after 'When did Kyrgyzstan join?': the accession treaty
        if word in {"it", "its"} and (thing_of := thing_for_person(subject, previous.standalone, previous.answered, terms)):
            subject = thing_of  # 'it' is no person: the thing the question asked for ('how long is it valid?')
        clause = False  # a clause put in for 'it' is singular whatever its last noun
        if word == "it" and plural(subject) and not speaker_subject(subject):
            # 'it' for a plural subject stands for what the previous question asked about as a whole: 'And
            # who approves it?' after 'How are the EAEU's bodies funded?' -> 'funding the EAEU's bodies'
            whole, subject, clause = subject, gerund_clause(previous.standalone, terms), True
            owner = whole.split(" of ", 1)[1] if " of " in whole else ""
            if not subject and owner and not plural(owner):
                subject, clause = owner, False  # 'where does it sit?' after 'Who are the judges of the EAEU
                # Court?': the singular owner of the plural ('the EAEU Court')
            if not subject and not previous.answered and (asked := asked_phrase(previous.standalone, terms)) \
                    and not plural(asked):
                subject, clause = asked, False  # 'when are they exempt from using it?' after 'What document do
                # citizens use when entering another member State?': the thing asked for, its answer naming none
            if not subject and (body := next((n for n in previous.answer_names if not plural(n) and not is_document(
                    n, terms) and not names_provision(n)), "")):
                subject, clause = body, False  # 'how does it take decisions?' after 'what are the Heads?' answered
                # 'The members of the Supreme Council shall be the Heads ...': the first singular thing it names
            if not subject:
                unresolved = True  # no clause to take: the topic is added instead
                continue
        if word in {"it", "its"} and speaker_subject(subject):  # 'my wife' is no 'it': the topic is
            subject = previous.topic if " and " not in previous.topic else ""  # ('can she get it back?')
            if not subject:
                unresolved = True
                continue
        if word in {"they", "them", "their"} and not plural(subject) and (
                joined := coordinated(subject, own_question(previous.standalone))):
            subject = joined  # 'who decides between them?' after 'What do Kyrgyzstan and Russia each say?': both
        if word in {"they", "them", "their"} and not plural(subject) and subject[:1].islower() and (
                many := plural_antecedent(previous.standalone, subject, terms)) \
                and (people_head(many, terms) or not people_head(subject, terms, singular=True)
                     or index and words[index - 1].lower() == "of"):  # 'which of them': a part of a plural
            subject = many  # 'his kids'; a group or a person of no name stays the antecedent of a 'they' over a plural
            # thing ('can they get care?' after "What rights does a worker's family member have?": no 'Can rights ...')
        if word in {"they", "them", "their"} and not plural(subject):
            if names_provision(subject):  # a provision is no 'they': 'what does it say about their families?'
                continue  # after 'What does Article 98 say?' keeps 'their' (not 'the families of Article 98')
            if is_document(subject, terms):  # nor a document: 'are they entitled ...?' after 'Who counts as family
                unresolved = True  # under the EAEU Treaty?' is no 'Is the EAEU Treaty entitled ...?'; the topic is
                continue  # added instead, as for a singular common noun below
            if not any(w[:1].isupper() for w in subject.split()) or index and words[index - 1].lower() == "of" \
                    or re.search(rf"\b(?:an?|another|any|each|every)\s+(?:\w+\s+)?{re.escape(subject)}\b", previous.standalone,
                                 re.I):
                unresolved = True  # 'they' for a singular common noun: the topic is added instead (for a named
                continue  # body, 'they' is usual: 'the Council ... how do they decide'); a part of a whole ('how
                # many of them', 'which of them') needs a plural, named or not; a capitalised noun the question made
                # indefinite ('a member State') names no one body either
        if word == "they" and collective_act(words, index) and (body := members_body(subject, previous, terms)):
            subject = body  # 'how often do they meet?' after 'Who is on the Supreme Council?' answered with its members
            # (the Heads of the member States): the body meets, decides, adopts, not its members
        passive = passive_verb(words, index) if word == "it" else ""
        if word == "it" and (case := case_filed(words[index - 1] if index else "", subject, parties_of(states), terms)
                             or case_filed(passive, subject, parties_of(states), terms)
                             or (passive or case_predicate(words, index)) and litigating(previous.standalone)
                             and case_noun(subject, parties_of(states), terms)
                             or case_predicate(words, index) and case_phrase(own_question(previous.standalone))):
            words[index:index + 1] = case.split()  # 'file it' after "Russia's position": 'file the lawsuit'; 'When
            # was it filed?' after 'Why is Kyrgyzstan suing Russia?': 'When was the lawsuit filed?' (not Kyrgyzstan);
            # any passive after a question about bringing the case: a party that sues is not what is decided ('When
            # will it be decided?': 'When will the lawsuit be decided?'); what only a case is or does ('Which article
            # is it about?', 'if it goes Kyrgyzstan's way': reference.case_predicate), the case the question named
            replaced = True
            continue
        if passive and terms.is_agent(passive, subject) and (other := patient_phrase(previous, subject, passive,
                                                                                      terms)):
            words[index:index + 1] = other.split()  # 'Was it approved?' after 'What did the Supreme Council decide
            replaced = True  # about the budget?': the Council approves ('approved by the Supreme Council'), the budget
            continue  # is approved; with no other phrase the subject stays ('When was it established?')
        asked = previous.own_question or own_question(previous.standalone)
        if word == "it" and not passive and speaker(subject, asked, words, index, terms) and (
                other := patient_phrase(previous, subject, "", terms)):
            words[index:index + 1] = other.split()  # 'which body interprets it?' after 'What does Russia argue
            replaced = True  # against the accession treaty changing Article 98?': Russia argues, the treaty is
            continue  # interpreted (not 'Which body interprets Russia?')
        if passive and subject in parties_of(states) and terms.agents.get(passive.lower()):
            unresolved = True  # a party acts where the corpus writes the verb with an agent ('signed by the Head of
            continue  # ...'): 'When was it signed?' after 'When did Kyrgyzstan join?' is no 'When was Kyrgyzstan
            # signed?' (the topic is added instead); 'When was it admitted?' is Kyrgyzstan's admission
        if word in {"it", "they", "he", "she"} and (claim_of(subject)[0] or subject in parties_of(states)) \
                and (named := claimant(
                next((w for w in words[index + 1:] if w.lower() not in DO_MODALS), ""),
                [s.standalone for s in states], parties_of(states), terms)):
            words[index:index + 1] = named.split()  # 'when did they file it?': the party that brought the case,
            # only when the pronoun stands for a party or a party's claim (not 'Can he file a complaint?' after a
            # turn about the user's husband)
            agree(words, index, len(named.split()), word, named)
            replaced = True
            continue
        if named := holder(subject, words, index, terms):  # 'When did it file ...', 'its lawyers' after "Russia's
            # position": the name that holds it ('When did Russia file ...', "Russia's lawyers")
            named_words = named.split()
            words[index:index + 1] = ([*named_words[:-1], possessive(named_words[-1])] if word in {"its", "their"}
                                      else named_words)
            if word not in {"its", "their"}:
                agree(words, index, len(named_words), word, named)
            replaced = True
            continue
        if not reads_as_noun_phrases(subject, terms):
            replaced = True  # no noun phrase to put in ('a member country leave the Eurasian'): the pronoun as typed
            continue
        if word == "it" and names_provision(subject) and own_subject_only(words[:index], word, terms) and (
                cited := next((e.text for e in provisions(previous.standalone)
                               if e.text.lower().startswith(subject.lower() + "(")), "")):
            subject = cited  # an object pronoun after its clause's own named subject (own_subject_only) put in as a
            # provision keeps the paragraph the question wrote: 'why does Kyrgyzstan want it?' after 'What does
            # Article 98(3) provide ...?' is Article 98(3), not all of Article 98 (review s22 P2); elsewhere the
            # article stays as before ('what does it say?', 'its paragraph 4')
        parts = subject.split()
        owner = next((at for at, w in enumerate(parts[:-1]) if is_possessive(w)
                      and "of" not in parts[:at]), None)  # not inside an of-phrase: 'the members of the X's Collegium'
        noun = words[index + 1] if index + 1 < len(words) else ""
        same = owner is not None and same_word(noun, parts[-1])  # 'their position' after "Russia's position"
        if word in {"its", "their"} and owner is not None and (same or (word == "their") != plural(parts[-1])):
            # "their position" or "their lawyers" after "Russia's position": the earlier phrase, or its owner (a
            # pronoun of the other number than the possessed noun), owns the noun; not "the position of Russia's
            # position" ("their school" after "the workers' children" is still the children's)
            words[index:index + (2 if same else 1)] = parts if same else parts[:owner + 1]
        elif word in {"its", "their", "his", "her"} and index + 1 < len(words) and words[index + 1][0].isalnum() \
                and (words[index + 1].lower() not in STOPWORDS or words[index + 1].lower() == "own"):
            # the possessed noun: 'its chairman right now' -> 'the chairman of X right now', past a word of position
            # ('its next meeting' -> 'the next meeting of X')
            end = past_ordinal(words, index, _noun_word, POSITION_WORDS) + 1
            while end + 1 < len(words) and words[end].lower() in {"and", "or"} and _noun_word(words[end + 1]):
                end += 1  # coordinated nouns: 'its judges and staff' -> 'the judges and staff of X'
                while end < len(words) and _noun_word(words[end]):
                    end += 1
            after = words[end].lower() if end < len(words) else "?"
            if after == "of" and " of " in subject:  # 'their term of office' after 'the judges of the Court': 'the
                end = of_phrase_end(words, end)  # term of office of the judges of the Court', not "the judges of the
                after = words[end].lower() if end < len(words) else "?"  # Court's term of office"
            if speaker_subject(subject) or after == "of" or subject == person or is_possessive(words[index + 1]) \
                    or words[index + 1].lower() == "own" or not terms.is_noun(words[end - 1]) and after[0].isalnum() \
                    and after not in STOPWORDS:  # 'my husband's diploma', "the judges' term of office", "a member
                # state's outstanding financial commitments", a person's ("the worker's first month"), a possessive
                # ("X's kids' insurance": no possessive before 'of'), "X's own budget": the possessive form
                words[index:index + 1] = [*subject.split()[:-1], possessive(subject.split()[-1])]
            else:
                words[index:end] = ["the", *words[index + 1:end], "of", *subject.split()]
        elif word == "their":
            words[index:index + 1] = [*subject.split()[:-1], possessive(subject.split()[-1])]
        else:
            words[index:index + 1] = subject.split()
            if not clause:
                agree(words, index, len(subject.split()), word, subject)
        replaced = True
    return detokenise(words), replaced, unresolved
