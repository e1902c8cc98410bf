"""Remarks a follow-up opens with before its question ('thanks.', 'interesting.'): no part of what it asks."""

from __future__ import annotations

import re

from ..closing import closes
from ..entities import CorpusTerms, content_words
from .phrase import person_noun, says_corpus_words

_SENTENCE = re.compile(r"[^.!?]*[.!]+\s+(?=[A-Za-z])")  # a sentence that ends in a full stop or '!' and goes on


def without_remarks(text: str, terms: CorpusTerms) -> str:
    """`text` without the sentences it opens with that ask nothing and say nothing the documents could hold: no
    question mark, no name, no word the corpus has, no person a later pronoun could stand for ('thanks. so has the
    court ruled yet?' -> 'so has the court ruled yet?'; 'thanks, that helps us a lot. and for the dentist?'). A
    sentence with a corpus word ('my wife does not work.') or a person ('my cousin got married.') is context and
    stays, unless the sentence is a closing (closing.closes: thanks, leave-taking: 'Thanks, that helps.'); so does a
    text that is only remarks. The same corpus test as phrase.asked_part's (says_corpus_words), for
    the start of a follow-up (a rewrite put a topic before the remark: 'As for X, thanks. so ...')."""
    rest = text
    while (match := _SENTENCE.match(rest)) and rest[match.end():].strip():
        sentence = match.group()
        if not closes(sentence) and (says_corpus_words(sentence, terms) or any(
                person_noun(w, terms) for w in content_words(sentence))):
            break  # a closing is a remark whatever its words ('Thanks, that helps.': browser audit s23 A6)
        rest = rest[match.end():]
    return rest
