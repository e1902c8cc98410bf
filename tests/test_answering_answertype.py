"""Expected answer type from the question's structure, and its detectors in evidence text."""

import pytest

from eaeu_qa.answering.answertype import DATE, PERSON, PLACE, QUANTITY, answer_type, type_support, type_words
from eaeu_qa.answering.units import stem


@pytest.mark.parametrize("question, kind", [
    ("When are the hearings scheduled?", DATE),
    ("On what date was the claim filed?", DATE),
    ("Did it happen, and when?", DATE),
    ("How many judges are there?", QUANTITY),
    ("how much does it cost", QUANTITY),
    ("What exact percentage of GDP is that?", QUANTITY),
    ("Which judges sit on the panel?", PERSON),
    ("And who is its president?", PERSON),
    ("Where is its seat?", PLACE),
    ("In which city does the Court sit?", PLACE),
    ("What does Article 98 say about medical care?", ""),
    ("Who appoints the judges?", ""),  # an agent, not a named person: no specific type
    ("Who wrote the analysis article?", PERSON),  # the person who made a text
    ("who is the author of the article?", PERSON),
    ("What does the writer think Russia might do?", ""),  # what the writer says, not who the writer is
])
def test_answer_type_comes_from_the_interrogative_form(question, kind):
    assert answer_type(question) == kind


def has_type(text: str, kind: str) -> bool:
    """Whether the type's detector finds a token anywhere in text: type_support with no question words."""
    return type_support(text, kind, frozenset()) > 0


def test_detectors_find_general_forms_of_each_type():
    assert has_type("The Treaty was signed on 23 December 2014.", DATE)
    assert has_type("within 30 days from the date of entry", DATE)
    assert not has_type("Bishkek argues that the practice is discriminatory.", DATE)
    assert has_type("1.9 percent of the duties", QUANTITY) and has_type("two judges from each state", QUANTITY)
    assert not has_type("the member states shall ensure equal treatment", QUANTITY)
    assert has_type("President Ivanov said so", PERSON) and not has_type("The Court said so", PERSON)
    assert has_type("The Court has its seat in Minsk.", PLACE)
    # the treaties' layout: a year glued to its month, a day in quotation marks (s16: the accession treaty's block)
    assert has_type("Done in the city of Moscow “23” December2014 in a single original copy", DATE)
    assert has_type("signed on “8” May 2015", DATE)
    assert not has_type("Decisions may be taken by December", DATE) and not has_type("mayor2014", DATE)


def test_support_is_full_only_when_the_type_token_is_near_a_question_word():
    stems = frozenset({stem("registration")})
    near = "Registration is required within 30 days of arrival."
    far = "Registration is required. " + "Other words follow here without any relation at all, " * 3 + "in 2014."
    assert type_support(near, QUANTITY, stems) == 1.0
    assert type_support(far, DATE, stems) == 0.5
    assert type_support("Nothing of the kind.", DATE, stems) == 0.0
    assert type_support("Anything.", "", stems) == 1.0


@pytest.mark.parametrize("question, kind", [
    ("In practical terms, what happens to households when dependents are shut out?", ""),
    ("do i have to register when i arrive", ""),
    ("who decides how much tax i pay", ""),
    ("Who chairs the Council and for how long?", ""),
    ("For how long can a worker stay without registering?", "duration"),
    ("What is the population of the country?", QUANTITY),
    ("Which Russian region has the most workers?", PLACE),
])
def test_the_first_interrogative_phrase_decides(question, kind):
    assert answer_type(question) == kind


def test_a_nil_amount_in_words_is_a_quantity_and_provision_numbers_are_not():
    assert has_type("the employer shall at no charge give him a certificate", QUANTITY)
    assert not has_type("under Article 98 and paragraph 3 of Annex 30", QUANTITY)


def test_names_are_capitalised_words_inside_a_sentence():
    from eaeu_qa.answering.answertype import names

    assert names("What did Putin say? And Uzbekistan, Minsk") == ("Putin", "Uzbekistan", "Minsk")
    assert names("<b>What</b> does it say?") == ()
    assert names("Is it So?") == ()


@pytest.mark.parametrize("question, kind", [
    ("May migrant workers join trade unions in the state where they work?", ""),
    ("my son is 5, can he go to kindergarden where i work in moscow", ""),
    ("Did Russia end up offering that, and when?", DATE),
    ("So on what date did they send the request?", DATE),
    ("Is an employer obliged to give a certificate, and at what cost?", QUANTITY),
    ("For a law student: under the rules, which judges decide?", PERSON),
])
def test_only_an_interrogative_that_opens_its_clause_sets_the_type(question, kind):
    assert answer_type(question) == kind


@pytest.mark.parametrize("question, words", [
    ("How often does it have to meet?", {"often"}),
    ("And how long can they stay?", {"long"}),
    ("How old must a judge be?", {"old"}),
    ("Who decides how long the term is?", set()),  # the first interrogative asks for a person
    ("What does the treaty say about long-term residence?", set()),
    ("What does CHI stand for?", {"stand"}),  # what an acronym spells out: the evidence writes the words, not "stand"
    ('what does the "EAEU" stand for', {"stand"}),
    ("What do the parties stand for?", set()),  # no acronym: their positions, not a spelling out
])
def test_type_words_are_the_form_of_a_how_question(question, words):
    assert type_words(question) == words
