"""Text repair: OCR fixes, sentence splitting with offsets, word folding, spelling, titles."""

from eaeu_qa.textrepair import (american_spelling, contains_words, fold_whitespace, repair_ocr,
                                split_sentences, tidy_title, words)


def test_repair_replaces_cyrillic_lookalikes_and_glued_words():
    assert repair_ocr("The workers of on\u0443 member") == "The workers of ony member"
    assert repair_ocr("register for30 days") == "register for 30 days"
    assert repair_ocr("Period of temporary stay ( domicile) of") == "Period of temporary stay (domicile) of"
    assert repair_ocr("norms of theTreaty on") == "norms of the Treaty on"
    assert repair_ocr("migration field ;\n  next") == "migration field; next"


def test_repair_keeps_length_independent_words_intact():
    text = "Court of the EAEU shall be an institutional judicial body of the\n  EAEU."
    assert repair_ocr(text) == fold_whitespace(text)


def test_contains_words_ignores_case_quotes_and_line_breaks():
    source = "“Family member” - a person married to the member State worker as well\n  as children"
    assert contains_words(source, "family member a person MARRIED to the member state worker")
    assert not contains_words(source, "a person married to the member state employer")
    assert not contains_words(source, "   ")


def test_words_fold_case_and_repair():
    assert words("On\u0443 Member, States!") == ["ony", "member", "states"]


def test_split_sentences_keeps_abbreviations_together():
    text = "See Art. 98 of the Treaty. It applies to workers. Still, it matters."
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences == ["See Art. 98 of the Treaty.", "It applies to workers.", "Still, it matters."]


def test_split_sentences_offsets_point_into_text():
    text = "  First one.  Second “quoted.” Third\n"
    for start, end in split_sentences(text):
        assert text[start:end] == text[start:end].strip()
    assert [text[s:e] for s, e in split_sentences(text)][-1] == "Third"


def test_american_spelling_for_keyword_search():
    assert american_spelling("Labour market organisation programme") == "labor market organization program"


def test_tidy_title():
    assert tidy_title("Rights And Obligations Of A Member State Worker") == "Rights and Obligations of a Member State Worker"
    assert tidy_title("Court Of The Eaeu") == "Court of the EAEU"


def test_split_sentences_does_not_mistake_word_endings_for_abbreviations():
    text = "The issue was raised with Russian counterparts. Yet the gap persisted. See e.g. Art. 19."
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences == ["The issue was raised with Russian counterparts.", "Yet the gap persisted.",
                         "See e.g. Art. 19."]
