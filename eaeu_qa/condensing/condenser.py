"""Follow-ups: a turn resolved against the conversation state (earlier questions, answers and their citations)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .aspect import other_aspect
from .clause import condition_gerund, gerund_clause, replace_condition, resolve_condition
from .ellipsis import resolve_ellipsis, resolve_pro_verb
from .focus import (answered_document, off_lead, asks_about_source, focus, is_document, parties, seeks_entity,
                    seeks_place, written_as_name)
from .measure import resolve_measure
from .noun_phrase import complete_question, noun_phrase_topic, reads_as_noun_phrases, written_span
from .wordclass import keep_in, lexicon, read_inflections
from .ordinal import ordinal_reference, resolve_ordinal
from .phrase import asked_part, head_phrase, reported_subject
from .reask import (CONTINUATION, asked_again, asked_of_paragraph, asked_with, joined_wh, ones_again, reask_object,
                    replace_party)
from .office import full_name, named_again
from .parallel import parallel_question
from .reference import other_party, resolve_there
from .remarks import without_remarks
from .restate import restated
from .pointers import continues_earlier_turn, own_words_point_back, references
from .pronoun_clause import claim_pointer
from .substitute import substitute
from .switch import (as_written, bare_phrase, dislocated, introduces, opener_body, own_topic, paired_phrase,
                     phrase_alone, speaker_person, speaker_subject, speaks_for_self, switch_rewrite)
from .state import Condensed, TurnState
from .topic import own_question, place_topic, without_other_document
from .topic_phrases import TopicPhrases
from ..entities import (CONNECTIVES, FILLERS, STRANDED_PREPOSITIONS, cited_provisions, content_words, names,
                        provisions, tokens)
from .subjects import asked_for, subject_phrase
from ..closing import closes
from ..history import refused
from .phrasing import (capitalise, is_possessive, relative_provision, same_word, unique, unmarked,
                       without_possessive)
from ..records import HistoryTurn
from ..references import names_provision
from ..settings import Settings

_LEADING_FILLER = re.compile(r"^(?:\s*(?:%s|right)\b[\s,:]*)+" % "|".join(CONNECTIVES + FILLERS), re.I)


@dataclass
class Condenser(TopicPhrases):
    """Resolves follow-ups with the corpus's word statistics (IDF, noun-likeness, capitalisation)."""

    own_topic_min_idf: float = Settings.own_topic_min_idf  # a turn's topic of its own (condensing.switch.own_topic)
    focus_min_idf: float = Settings.focus_min_idf  # condensing.focus.focus, condensing.reference.other_party
    focus_subject_min_idf: float = Settings.focus_subject_min_idf  # condensing.focus.focus
    elliptical_words: int = Settings.elliptical_words  # is_follow_up: at most this many content words of its own
    list_item_words: int = Settings.list_item_words  # condensing.ordinal: the longest item of an enumerated list
    topic_span_words: int = Settings.topic_span_words  # condensing.noun_phrase.written_span: a topic as written
    derived_dir: Path | None = None  # where the lexicon's word classes are kept (condensing.wordclass.keep_in)

    # --- conversation state ------------------------------------------------------------------------
    def warm(self) -> None:
        """Read the lexicon's word classes now (QAChain.warm), so a missing package fails at start, not mid-chat."""
        lexicon(self.derived_dir)

    def warm_followups(self) -> None:
        """Read lemminflect's tables now (0.2 s on a quiet machine, 0.9 s or more under load), so the first follow-up
        does not load them (QAChain.warm_followups: the app's background warm); a one-question process never needs
        them, and without this they are read at their first use (clause.py's getLemma, getInflection)."""
        read_inflections()

    def states(self, history: Sequence[HistoryTurn | str]) -> list[TurnState]:
        """Each earlier turn understood in order, as a live chat would have understood it."""
        states: list[TurnState] = []
        for turn in history:
            turn = turn if isinstance(turn, HistoryTurn) else HistoryTurn(question=str(turn))
            if turn.question.strip():
                states.append(self.understood(turn, states))
        return states

    def understood(self, turn: HistoryTurn, states: list[TurnState]) -> TurnState:
        """An earlier turn's state: from the rewrite and own question stored with it (as it was understood when
        asked), else from condensing it now against the turns before it."""
        if turn.standalone:  # a history stored before the own question was falls back to reading it off the rewrite
            standalone, own = turn.standalone, turn.own_question or own_question(turn.standalone)
        else:
            condensed = self.condense(turn.question, states)
            standalone, own = condensed.standalone, condensed.own_question
        return self.state(turn, standalone, states[-1] if states else None, own)

    def state(self, turn: HistoryTurn, standalone: str, previous: TurnState | None, own: str = "") -> TurnState:
        """The state after a turn understood as `standalone`; `own`: its own question (Condensed.own_question).
        A refused turn (history.refused) is understood from its question alone: the closest passage it shows is no
        answer, so its names, lists and figures are nobody's antecedent; only a question that asks for a thing it
        does not name ('Which court ...?') keeps the passage's name as its best guess at that thing."""
        # what the turn asked, without a topic put before it ('As for X, which one ...?') or remarks ('hi, ...')
        asked_text = asked_part(own or own_question(standalone), self.terms)
        declined = refused(turn.answer or "")
        refusal = declined and not asked_for(asked_text)
        answer = "" if refusal else turn.answer or ""
        lead = " ".join(re.split(r"(?<=[.!?])\s+", unmarked(answer))[:2])
        own_names = [e for e in names(standalone, self.terms)
                     if not self._initial_capital(e.text, standalone, turn.question)]
        from_answer = [*provisions(unmarked(answer)), *cited_provisions(() if refusal else turn.citations, self.terms),
                       *names(lead, self.terms)]
        entities = [*from_answer, *provisions(standalone), *own_names]
        asked = asked_for(asked_text)
        answered = max((e for e in from_answer if any(same_word(e.head, a) for a in asked)
                        and not is_document(e.text, self.terms)), key=lambda e: len(e.text), default=None)
        answered = answered or answered_document(asked, from_answer, self.terms)  # 'Which treaty ...?'
        if answered is None and (seeks_entity(asked_text, self.terms) or seeks_place(asked_text, self.terms)) \
                and not declined:
            answered = focus(asked_text, answer, self.terms, self.focus_min_idf, self.focus_subject_min_idf,
                             self.the_noun_share)
            answered = None if answered and off_lead(answered.text, own_names, answer, asked_text) else answered
        topic_text = asked_text  # a rewritten turn's own part
        if answered:
            subject = topic = answered.text
            topic_text = ""
        elif previous is not None and (understood := self.condense(turn.question, [previous])).mode in {
                "topic", "switch"} and not understood.shift:
            # an elliptical turn keeps the conversation's topic and subject; a switch keeps the subject only
            subject, topic, topic_text = previous.subject, previous.topic, previous.topic_text
            if understood.mode == "switch":
                topic, topic_text = self._topic(standalone, {w.lower() for w in subject.split()}), standalone
        else:
            plain = asked_part(standalone, self.terms)  # not the remarks before the question ('hi, ...')
            own_topic = self._topic(plain)
            body, opened = opener_body(plain)
            subject = (bare_phrase(plain) if dislocated(plain, self.terms)  # 'Uzbekistan workers in Russia, do they ...?'
                       else bare_phrase(body) if opened and bare_phrase(body) == body.strip(" ?.!")  # 'What about X?'
                       else head_phrase(subject_phrase(plain, self.terms), self.terms))
            subject = reported_subject(plain, subject, self.terms) or subject  # 'the article says X ...': X
            subject = (subject or (own_names[0].text if own_names else "")
                       or self._topic(plain, limit=1, with_clause=False) or (previous.subject if previous else ""))
            first = subject.split()[0] if subject else ""
            if self._initial_capital(first, plain, turn.question) or first in {"The", "A", "An"}:
                subject = first.lower() + subject[len(first):]  # 'Doctor for the kids?': 'the doctor'; 'The wife
                # pregnant, ...': 'the wife pregnant' (an article is lower case inside a question)
            subject = speaker_person(subject, self.terms)  # 'my son works on a farm': 'my son'
            if subject and is_possessive(subject.split()[-1]):  # a phrase cut at its owner ('if my husband's
                subject = without_possessive(subject)  # contract ends'): the owner, which a 'he' can stand for
            topic = own_topic or self._topic(lead)
        return TurnState(question=turn.question, standalone=standalone, own_question=own or own_question(standalone),
                         answer=answer,
                         entities=tuple(unique(entities)),
                         subject=as_written(subject) if speaker_subject(subject) else self._definite(subject), topic=topic,
                         topic_text=topic_text, cited=tuple(turn.citations), answered=answered is not None,
                         refused=refusal, answer_names=tuple(dict.fromkeys(
                             re.sub(r"\s*\([^)]*\)", "", e.text) for e in names(unmarked(answer), self.terms))))

    # --- one turn ------------------------------------------------------------------------------------
    def is_follow_up(self, question: str, heads: frozenset[str] = frozenset()) -> bool:
        """True when the question cannot stand alone: it continues, points back, or is elliptical (`heads`: the
        nouns that name the previous turn's entities, _references)."""
        if CONTINUATION.match(question):
            return True
        if self._references(question, heads) or ordinal_reference(question):  # 'it', 'that article', 'the second one'
            return True
        words = tokens(question)  # elliptical: few topic words of its own, none naming something ('kyrgyzstan' too)
        return (len(content_words(question)) <= self.elliptical_words and not names(question, self.terms)
                and not provisions(question) and not asks_about_source(question, self.terms)  # 'who wrote the article?'
                and not any(written_as_name(words, i, self.terms, self.the_noun_share) for i in range(len(words))))

    def condense(self, question: str, history: Sequence[TurnState | HistoryTurn | str] | None = None
                 ) -> Condensed:
        """Rewrite a follow-up into a question that stands alone; leave a self-contained question unchanged."""
        question = question.strip()
        keep_in(self.derived_dir)
        states = [h for h in history or [] if isinstance(h, TurnState)]
        if history and len(states) != len(history):
            states = self.states(history)  # type: ignore[arg-type]
        heads = frozenset(e.head for e in states[-1].entities) if states else frozenset()
        own_pointer = bool(states) and own_words_point_back(question, self.terms)
        closing = bool(states) and closes(question)
        stripped = _LEADING_FILLER.sub("", question).strip() or question
        asked = without_remarks(stripped, self.terms)  # 'thanks. so ...': its opener is the asked part's ('and ...')
        thanked = asked != stripped and closes(stripped[:len(stripped) - len(asked)])  # a closing left out before it:
        # the asked part says whether the turn follows up ('Thanks, that helps. Does the treaty ...?': no 'that')
        if not states or not self.is_follow_up(asked if thanked else question, heads) or closing:  # a closing asks nothing:
            # no earlier topic is put into 'ok that helps, thanks' (the answerer's asks_nothing reads it as typed)
            return (None if closing else named_again(question, states, self.terms, own_pointer)) or Condensed(
                question=question, standalone=question, is_follow_up=False, own_question=question,
                own_pointer=own_pointer)  # named_again: 'the Chairman' for the office an earlier question named
        previous = states[-1]
        text = start = _LEADING_FILLER.sub("", asked).strip() or question
        offices: dict[str, str] = {}  # full_name's readings, kept for its second call on the turn as typed
        text = full_name(text, states, self.terms, offices)  # 'the Chairman' -> the office an earlier question named
        pointed = resolve_condition(text, previous.standalone)  # 'if that happens' -> the earlier condition
        ellipsis = "" if pointed else resolve_ellipsis(text, previous.standalone, self.terms) or resolve_pro_verb(
            text, previous.own_question or own_question(previous.standalone), self.terms)  # 'what if it does?', 'why
        # would they do that?' (the previous question's verb phrase)
        framed = ("" if ellipsis else replace_condition(pointed or text, previous.standalone, self.terms)
                  )  # in the previous question: 'and if it goes the other way?', 'and if that happens?'
        condition = framed or pointed or ellipsis
        ordinal = resolve_ordinal(condition or text, previous.answer, previous.standalone, self.terms,
                                  self.the_noun_share, self.list_item_words)  # 'the second one' -> the second item of the answer's list
        if ordinal and bare_phrase(body := opener_body(ordinal)[0]) == body.strip(" ?.!"):
            ordinal = switch_rewrite(body, "", self.terms)  # 'and the latter?' -> 'What about X?'
        measure = resolve_measure(ordinal or condition or text, previous.answer,
                                  previous.question)  # 'that money' -> the amount the previous answer named
        again_said = restated(measure or ordinal or condition or text, previous, self.terms)  # 'explain it'
        measure = again_said or measure
        text = resolve_there(other_party(measure or ordinal or condition or text, previous.subject, previous.answer,
                                         previous.standalone, self.terms, self.focus_min_idf),
                             previous.standalone)  # 'applied there'
        # what the turn's words point back with, found once; a condition put into the previous question (`framed`)
        # has its pronoun resolved, and the rest is the previous rewrite ('What would it mean if ...' keeps its 'it')
        references = [] if framed and not (measure or ordinal) else self._references(text, heads)
        words = tokens(text)
        references = [(i, "claim" if kind in {"proposition", "demonstrative"}
                       and claim_pointer(words, i, previous.subject, self.terms) else kind) for i, kind in references]
        kinds = {kind for _, kind in references}
        if previous.refused and kinds and kinds <= {"proposition", "demonstrative", "claim"} and not any(
                same_word(words[i + 1], w) for i, kind in references if kind == "demonstrative" and i + 1 < len(words)
                for w in content_words(previous.question)) and (answered := next(
                (k for k in range(len(states) - 2, -1, -1) if not states[k].refused), None)) is not None:
            # a refused turn stated nothing: 'that' or 'that insurance' (a noun it did not ask about) points at the
            # last answered turn ('and who pays for that insurance now?' after the refused 'when did they file it?')
            states, previous = states[:answered + 1], states[answered]
        rewritten, replaced, unresolved = substitute(text, states, references, self.terms)
        own_names = {w.lower() for e in parties(text, self.terms) for w in e.text.split()}
        pointing = bool(references)
        body, continued = opener_body(full_name(question, states, self.terms, offices))
        if thanked:  # 'ok thanks, that helps. Is there ...?': the asked part's body, no 'What about thanks, ...';
            body = opener_body(full_name(asked, states, self.terms, offices))[0]  # the turn's opener says if it goes on
        reask = (continued and (previous.answered or seeks_entity(previous.standalone, self.terms))  # asked for a thing
                 and bare_phrase(body) == body.strip(" ?.!")  # not 'and the Court, where is that?': its own question
                 and reask_object(bare_phrase(body), previous.standalone)) or ""
        again = (asked_again(text, previous.subject, previous.standalone, self.terms) or asked_with(
            text, previous.standalone, self.terms) or asked_of_paragraph(text, own_question(previous.standalone))
                 or joined_wh(text, previous.standalone) or replace_party(text, previous.standalone) or reask
                 or ones_again(text, own_question(previous.standalone))
                 or parallel_question(text, own_question(previous.standalone), self.terms, continued))  # 'and X?'
        if again:
            standalone, mode, topic = again, "replace", previous.subject
        elif (condition or ordinal or measure) and not pointing:
            standalone, mode, topic = text, "reference", previous.subject
        elif replaced and not unresolved and "proposition" not in kinds and not introduces(body, self.terms):
            # every reference named and none points at a whole statement ('from that too'), which needs the topic
            standalone, mode, topic = rewritten, "reference", previous.subject
            if continued and phrase_alone(rewritten, self.terms):  # 'and their children?': a phrase
                standalone = switch_rewrite(rewritten, "", self.terms)  # alone is asked 'What about X?'
        elif continued and (introduces(body, self.terms) or not pointing and own_topic(
                text, previous.standalone, self.terms, self.own_topic_min_idf)):
            # a topic of its own ('And what about pensions?'): its words lead, the earlier subject is context
            topic = subject_phrase(previous.standalone, self.terms) if previous.answered else previous.subject
            if provisions(text) and names_provision(topic):
                topic = ""  # a provision of its own ('And what does Article 97 say?'): not '... say in Article 98?'
            topic = without_other_document(topic, text, self.terms)  # 'and when was the accession treaty signed?'
            if own_names and topic and {w.lower() for w in content_words(topic)} <= {
                    w.lower() for e in parties(topic, self.terms) for w in e.text.split()}:
                topic = ""  # a party of its own ('and what would Kyrgyzstan get?' after 'Why would Russia do that?'):
                # the earlier party is no context ('... get for Russia?')
            standalone, mode = switch_rewrite(body, topic, self.terms), "switch"
        elif continued and not pointing and bare_phrase(body) and speaks_for_self(body):
            # the user's own thing ('And what about my diploma?') needs no earlier topic in its wording; no topic
            # of its own either, so the search still weighs the previous answer's neighbourhood (mode "topic")
            standalone, mode, topic = switch_rewrite(body, "", self.terms), "topic", previous.topic
        elif (moved_on := previous.refused and not pointing and bool(content_words(text))) and not (
                before := next((s for s in reversed(states[:-1]) if not s.refused), None)):
            standalone, mode, topic = rewritten, "reference", ""  # after a refusal, a short turn with words of its own
            # that neither continues nor points back ('what did the author conclude?'; not 'how many are there?') is
            # no part of the refused topic the documents lack
        elif not pointing and not ordinal_reference(text) and complete_question(question, continued, [
                *(s.question for s in states), *(s.standalone for s in states), previous.answer]):
            standalone, mode, topic = rewritten, "", ""  # its own complete question ('how long we can stay?'): no
            # topic put before it; the search still weighs the previous answer's neighbourhood
        else:
            if moved_on and before:
                previous = before  # ... it continues the conversation's last answered turn
            own_words = {w.lower() for w in content_words(rewritten)}
            wide = "proposition" in kinds
            governed = any(i and kind == "proposition" and words[i - 1].lower() in STRANDED_PREPOSITIONS
                           for i, kind in references)  # 'respond to that', 'think about that'
            topic = self._topic_without(previous, own_names, own_words, limit=3 if wide else 2, wide=wide,
                                        governed=governed)
            if previous.answered and not own_names and (seeks_entity(text, self.terms) or {
                    w.lower() for w in content_words(topic)} <= own_words):
                # 'and who checks how the money is spent?' after 'Who approves the EAEU's budget?' asks for another
                # thing, and 'how does that body vote on it?' has the thing the answer named already: the earlier
                # question's topic carries over, not the thing its answer named
                topic = self._topic(own_question(previous.standalone), own_words) or topic
            clause = topic in {condition_gerund(previous.topic_text, self.terms), gerund_clause(
                previous.topic_text or previous.standalone, self.terms)}  # a statement, which can be a subject
            if topic and not reads_as_noun_phrases(topic, self.terms):
                # a clause cut from the earlier question ('the happen', 'kids going to doctor free') is no topic: its
                # noun phrases when only a verb before one is amiss, else the earlier turn's own topic phrases when
                # they read as noun phrases and name none of this turn's parties, else none
                fallback = without_other_document(previous.topic, text, self.terms)
                topic, clause = noun_phrase_topic(topic, self.terms) or (
                    fallback if fallback and reads_as_noun_phrases(fallback, self.terms)
                    and not own_names & {w.lower() for w in fallback.split()} else ""), False
            topic = without_other_document(topic, text, self.terms)  # 'in the accession treaty too?'
            topic = written_span(topic, own_question(previous.standalone), self.terms,
                                 self.topic_span_words) or self._without_participants(topic)
            if topic and ({w.lower() for w in content_words(topic)} <= {w.lower() for w in content_words(rewritten)}
                          or continued and paired_phrase(rewritten, self.terms)):  # the rewrite names it already
                topic = ""  # ('As for the Chairman, if ...'), or has its own ('the son, school?': school for the son)
            if topic and continued and phrase_alone(rewritten, self.terms):
                rewritten = switch_rewrite(rewritten, "", self.terms)  # 'and the counterargument?': 'As for X, what
                # about the counterargument?'
            standalone, mode = ((place_topic(rewritten, topic, self._pointers(rewritten, words, references, heads),
                                             clause), "topic") if topic else (rewritten, "topic"))
            if not topic and continued and phrase_alone(rewritten, self.terms):
                standalone = switch_rewrite(rewritten, "", self.terms)  # the turn as the user wrote it, a phrase
                # alone asked 'What about X?'; it still continues the conversation's topic (mode "topic")
        standalone = relative_provision(standalone)  # 'the next paragraph of Article 98(3)' -> 'paragraph 4 of ...'
        shift = bool(own_names) and not own_names & {w.lower() for w in previous.subject.split()} \
            and not (reask and again == reask)  # a new object of the same question ('Which body appoints X?')
        own_asked = own_question(capitalise(standalone), topic) if mode == "topic" else capitalise(standalone)
        return Condensed(question=question, standalone=capitalise(standalone), is_follow_up=True, topic=topic,
                         mode=mode if standalone != question else "", own=capitalise(text), shift=shift,
                         cited=previous.cited, own_question=own_asked,
                         points_back=standalone != question and (mode != "topic" or pointing or text != start
                                                                    or continues_earlier_turn(question)),
                         own_pointer=own_pointer, restated=bool(again_said),
                         other_aspect=other_aspect(own_asked, previous.own_question
                                                   or own_question(previous.standalone), self.terms))

    # --- helpers -------------------------------------------------------------------------------------
    def _references(self, question: str, heads: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
        return references(question, self.terms, heads)  # condensing.pointers

    def _pointers(self, rewritten: str, words: list[str], found: list[tuple[int, str]], heads: frozenset[str]
                  ) -> list[tuple[int, str]]:
        """The rewrite's pointers; a pronoun the turn (`words`, its `found` references) gave an antecedent of its own
        stays "own" when nothing was put in (a rewrite loses the dash that set that antecedent off: 'the treaty's
        objectives - do living standards come into it?'), so the topic does not take its place (topic.place_topic)."""
        pointers = self._references(rewritten, heads)
        if len(tokens(rewritten)) != len(words):
            return pointers
        own = {i for i, kind in found if kind == "own"}
        return [(i, "own" if i in own else kind) for i, kind in pointers]


_DEFAULT = Condenser()


def is_follow_up(question: str) -> bool:
    return _DEFAULT.is_follow_up(question)


def condense(question: str, history: Sequence[HistoryTurn | str] | None = None,
             condenser: Condenser | None = None) -> Condensed:
    """Module-level shortcut: resolve against `history` (strings or turns) with the given or default condenser."""
    return (condenser or _DEFAULT).condense(question, list(history or []))

