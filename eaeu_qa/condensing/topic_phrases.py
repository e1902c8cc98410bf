"""What a turn is about, as phrases: the Condenser's topic readers, kept apart from its rewriting.

Its weightiest word runs, a name with its article, the previous topic without what a follow-up says itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clause import asked_clause, condition_gerund, gerund_clause, relative_clause
from .focus import is_document, parties
from .phrase import person_noun, trim_chunk
from .phrasing import definite, strip_words, unmarked
from .state import TurnState
from .subjects import topic_chunks
from .topic import own_question
from ..entities import STOPWORDS, CorpusTerms, chunk_weight, content_words
from ..settings import Settings


@dataclass
class TopicPhrases:
    """The topic readers with the corpus's word statistics (IDF, noun-likeness, capitalisation)."""

    terms: CorpusTerms = field(default_factory=CorpusTerms)
    the_noun_share: float = Settings.the_noun_share  # condensing.focus.focus

    def _initial_capital(self, word: str, text: str, typed: str = "") -> bool:
        """`word` opens `text` with a capital only the sentence gives it (the user's or the rewriter's: 'and doctor
        for them?' -> 'Doctor for the kids?'): a word the corpus writes in lower case (CorpusTerms.is_common_word), or
        one it never writes that the user's own turn `typed` writes in lower case. A word neither writes in lower case
        is likelier a name ('Tajikistan is not a member of the EAEU, is it?': the corpus never names Tajikistan)."""
        if not (word and text.lstrip().startswith(word) and word[:1].isupper() and not word.isupper()
                and word.isalpha() and word.lower() not in STOPWORDS):
            return False
        if word.lower() in self.terms.capitalised_share:
            return self.terms.is_common_word(word)
        return bool(re.search(rf"(?<![\w'’]){word.lower()}(?![\w'’])", typed))

    def _definite(self, phrase: str) -> str:
        """phrasing.definite, but a phrase headed by a one-word name (a word the corpus writes capitalised, alone or
        before a function word: 'russia', 'Russia for one year'; not 'EAEU Court case') takes 'the' as the corpus
        writes the name: when at least `the_noun_share` of its occurrences follow a determiner or precede 'of' ('the
        EAEU', 'the Commission'; not 'Russia', 'Kyrgyzstan', 'CHI'), as condensing.focus.focus does."""
        words = phrase.split()
        named = words and self.terms.is_name_word(words[0]) and (
            len(words) == 1 or words[1].lower() in STOPWORDS)
        if named and self.terms.takes_the(words[0], self.the_noun_share):
            return f"the {phrase}" if phrase[:1].isupper() else phrase
        return phrase if named else definite(phrase)

    def _topic(self, text: str, exclude: set[str] = frozenset(), limit: int = 2, with_clause: bool = True) -> str:
        """What a text is about, for an elliptical follow-up: its `limit` weightiest word runs in text order,
        then the document it names ('social insurance and the families of migrant workers in the EAEU Treaty'); with
        `with_clause`, a question whose wh-word opens its subject is about the phrase with its verb ('the body that
        appoints ...')."""
        clause = relative_clause(text, self.terms) if with_clause else ""
        if clause and not {w.lower() for w in content_words(clause)} & exclude:
            return clause
        chunks = [c for c in (trim_chunk(c, self.terms) for c in topic_chunks(text, self.terms))
                  if c and not {w.lower() for w in content_words(c)} <= exclude]
        documents = [c for c in chunks if is_document(c, self.terms)]
        others = list({c.lower(): c for c in reversed([c for c in chunks if c not in documents])}.values())[::-1]
        ranked = sorted(others, key=lambda c: (-min(len(content_words(c)), 2), -chunk_weight(c, self.terms)))
        chosen = [self._definite(c) for c in others if c in ranked[:limit]]
        topic = " and ".join(chosen) if len(chosen) < 3 else ", ".join(chosen[:-1]) + " and " + chosen[-1]
        if documents:
            document = documents[0] if documents[0].lower().startswith("the ") else f"the {documents[0]}"
            topic = f"{topic} in {document}" if topic else document
        return topic

    def _without_participants(self, topic: str) -> str:
        """A topic of phrases the earlier question did not write as one (written_span) without its participants, a
        person ('the son', 'the Kyrgyz worker') or a name the corpus writes without 'the' ('Russia'), which the turn's
        own words carry: 'the son, the school and Russia' -> 'the school'; a phrase with an of-phrase ('the family
        members of workers') is no participant; unchanged if nothing else is left, or for a relative clause."""
        body, document = topic, ""
        if (at := topic.rfind(" in ")) > 0 and is_document(topic[at + 4:], self.terms):
            body, document = topic[:at], topic[at:]
        parts = [p.strip() for p in re.split(r",\s+|\s+and\s+", body) if p.strip()]
        kept = [p for p in parts if " of " in p or not (person_noun(h := p.split()[-1], self.terms) or self.terms.is_name_word(
            h) and not self.terms.takes_the(h, self.the_noun_share))]
        unchanged = len(parts) < 2 or not kept or len(kept) == len(parts) or re.search(r"\b(?:that|who|which)\b", topic)
        return topic if unchanged else (" and ".join(kept) if len(kept) < 3 else ", ".join(kept[:-1]) + " and " + kept[-1]) + document

    def _topic_without(self, previous: TurnState, own_names: set[str], own_words: set[str], limit: int = 2,
                       wide: bool = False, governed: bool = False) -> str:
        """The previous topic without what the follow-up already says; when the follow-up names a party of
        its own ('And what does Russia say?'), without the earlier parties either."""
        if not own_names:
            if not previous.topic_text:
                return previous.topic
            return (condition_gerund(previous.topic_text, self.terms) or gerund_clause(previous.topic_text, self.terms)
                    or self._topic(previous.topic_text, own_words, limit) or previous.topic)
        if wide and (clause := gerund_clause(previous.topic_text or previous.standalone, self.terms)
                     or governed and asked_clause(previous.own_question or own_question(previous.standalone),
                                                  self.terms)):
            return clause  # 'what does Kyrgyzstan think about that?': 'that' is the whole earlier statement, or
            # what the earlier 'What ...?' asked ('how does Moscow respond to that?': 'to what Kyrgyzstan argues')
        dropped = {w.lower() for e in parties(previous.standalone, self.terms) for w in e.text.split()}
        exclude = dropped | own_names | own_words
        topic = self._topic(previous.standalone, exclude, limit)  # its phrases without the parties
        if len(content_words(topic)) >= 1:
            return topic
        lead = re.split(r"(?<=[.!?])\s+", unmarked(previous.answer))[0]
        return (self._topic(strip_words(lead, exclude), exclude, limit=1, with_clause=False) or topic
                or gerund_clause(previous.standalone, self.terms))  # 'Kyrgyzstan suing Russia' as a last resort
