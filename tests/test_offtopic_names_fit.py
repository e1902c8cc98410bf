"""scripts/offtopic_names_fit.py: a turn's names, read off the corpus's capitals, and its asked words apart from them."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import offtopic_names_fit as fit  # noqa: E402


def test_a_turns_place_names_are_the_words_the_corpus_writes_capitalised_without_the(qa_chain):
    """`places`: words the corpus writes capitalised and without "the" ("Bishkek", "Russia"; lower-case in the turn
    too), not the corpus's bodies ("the Commission", "the EAEU"), which `all` adds with the turn's own capitals."""
    answerer, terms = qa_chain.answerer, qa_chain.condenser.terms
    answerer.warm()

    def names(text, which="places"):
        return fit.name_words(answerer.features(text, text, False), terms, which)

    assert names("what's the weather in Bishkek tomorrow") == {"Bishkek"}
    assert names("i work in moscow, can my son go to school there?") == {"moscow"}
    body = "What did the Commission tell the EAEU Court about Russia?"
    assert "Russia" in names(body) and not {"Commission", "EAEU"} & names(body)
    assert {"Commission", "EAEU", "Russia"} <= names(body, "all")
    assert fit.without("What is Bishkek's position on Moscow?", {"Bishkek", "moscow"}) == "What is position on ?"


def test_the_asked_words_apart_from_the_names_are_read_through_the_real_answerer(qa_chain):
    """Written for this test (the kind the brief names, not an eval item): the place name is the only word of the turn
    the corpus writes, so its share apart from the names is 0 while the gate's share (domain.corpus_share) is not;
    the vector is the text without the name's, a unit vector."""
    import numpy as np

    from eaeu_qa.answering.domain import corpus_share

    qa_chain.answerer.warm()
    text = "what's the weather in Bishkek tomorrow"
    share, vector, names = fit.Asked(qa_chain, "places").read(text)
    question = qa_chain.answerer.features(text, text, False)
    assert names == ["Bishkek"] and share == 0.0
    assert corpus_share(question.terms, qa_chain.answerer._stats, question.acronyms) > 0
    assert abs(float(np.linalg.norm(vector)) - 1) < 1e-5
    plain = np.asarray(qa_chain.answerer.vectors.question("what's the weather in tomorrow"), dtype=np.float32)
    assert float(vector @ (plain / np.linalg.norm(plain))) > 0.999
