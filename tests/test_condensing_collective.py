"""Follow-ups whose referent is the previous answer's or a body's (twenty-second session, mends).

Each test uses turns that are neither the review's probes nor the session's chat set; the rewrite each gave before is
in a comment. The earlier answers are written out here (the condenser reads only their wording)."""

from eaeu_qa.condensing.collective import collective_act
from eaeu_qa.condensing.phrase import kin_noun, person_noun
from eaeu_qa.entities import tokens
from eaeu_qa.records import HistoryTurn


def _after(condenser, turn: str, question: str, answer: str) -> str:
    return condenser.condense(turn, [HistoryTurn(question, answer=answer)]).standalone


# --- a body's collective acts -----------------------------------------------------------------------------------------
def test_a_collective_verb_keeps_the_body_whose_members_the_answer_named(condenser):
    # 'How often do the Heads of Governments convene?'
    answer = "Article 14(1) provides that “Intergovernmental Council shall be the body that consists of the Heads of " \
             "Governments of the member States” [1]."
    rewrite = _after(condenser, "how often do they convene?", "Who takes part in the Intergovernmental Council?", answer)
    assert rewrite == "How often does the Intergovernmental Council convene?", rewrite


def test_collective_act_reads_the_pronouns_verb():
    assert collective_act(tokens("how often do they usually convene?"), 3)
    assert collective_act(tokens("how do they make decisions?"), 2)
    assert not collective_act(tokens("how long do they serve?"), 3)


# --- the answer's name, not the question's own phrase ------------------------------------------------------------------
def test_a_name_the_question_wrote_shorter_is_not_what_the_answer_introduced(condenser):
    # 'How often does the Eurasian Economic Union gather?'
    answer = "Article 20 provides that “Budget of the Eurasian Economic Union shall be approved by the Supreme Council” " \
             "[1]."
    rewrite = _after(condenser, "how often does it gather?", "Who signs off the Union's budget?", answer)
    assert "Supreme Council" in rewrite and "Eurasian Economic Union gather" not in rewrite, rewrite


# --- an office keeps its of-phrases -------------------------------------------------------------------------------------
def test_a_person_pronoun_takes_the_whole_office_the_question_named(condenser):
    # 'When does the term of the Chairman end?'
    answer = "Article 12 provides that “The Supreme Council shall appoint the members of the Collegium” [1]."
    rewrite = _after(condenser, "when does his term end?", "Who picks the Chairman of the Council of the Commission?",
                     answer)
    assert "Chairman of the Council of the Commission" in rewrite, rewrite


# --- kinship compounds --------------------------------------------------------------------------------------------------
def test_kinship_compounds_are_persons_of_their_kinship_nouns_sex():
    assert kin_noun("daughter-in-law") == "daughter" and kin_noun("Stepfather's") == "father"
    assert kin_noun("great-grandsons") == "sons" and kin_noun("granny") == "granny" and kin_noun("standard") == "standard"
    assert person_noun("brother-in-law", None) and person_noun("grandpa", None) and not person_noun("ma", None)


def test_she_takes_a_hyphenated_kin_noun_of_her_sex(condenser):
    # 'Does Belarus need a policy?'
    rewrite = _after(condenser, "does she need a policy?",
                     "I work in Belarus and my son-in-law visits. Can my daughter-in-law get emergency care there?",
                     "The documents say so.")
    assert "daughter-in-law" in rewrite and "Belarus need" not in rewrite, rewrite


def test_he_never_takes_a_kin_compound_of_the_other_sex(condenser):
    rewrite = _after(condenser, "does he have to register?", "My stepmother and my uncle live with me in Armenia. "
                     "Can my stepmother see a doctor?", "The documents say so.")
    assert "stepmother have" not in rewrite and "stepmother need" not in rewrite, rewrite


# --- an object pronoun is not its own clause's subject -----------------------------------------------------------------
def test_an_object_pronoun_is_never_its_clauses_subject(condenser):
    # 'how does Belarus describe it?' (left unresolved)
    rewrite = _after(condenser, "how does Belarus describe it?", "What is the quarrel between Armenia and Belarus about?",
                     "The documents say so.")
    assert "describe Belarus" not in rewrite and rewrite != "how does Belarus describe it?", rewrite



def test_a_provision_put_in_for_an_object_pronoun_keeps_its_paragraph(condenser):
    # the review's s22 P2 turn and one of the same kind: 'Why does Kyrgyzstan want Article 98?' (paragraph lost)
    for turn, question, provision in (
            ("why does Kyrgyzstan want it?", "What does Article 98(3) provide for family members?", "Article 98(3)"),
            ("does Armenia apply it?", "What does Article 97(1) say about documents?", "Article 97(1)")):
        rewrite = _after(condenser, turn, question, "The documents say so.")
        assert provision in rewrite, rewrite
    # an article the question wrote without a paragraph stays whole
    rewrite = _after(condenser, "does Armenia apply it?", "What does Article 98 say about families?",
                     "The documents say so.")
    assert "Article 98" in rewrite and "Article 98(" not in rewrite, rewrite

# --- the previous verb said again as a gerund ---------------------------------------------------------------------------
def test_it_after_the_earlier_verbs_gerund_is_that_verbs_object(condenser):
    # 'How much does quitting Armenia quitting the customs union cost?'
    rewrite = _after(condenser, "how much does quitting it cost?", "Can Armenia quit the customs union?",
                     "The documents say so.")
    assert "quitting the customs union" in rewrite and "quitting Armenia" not in rewrite, rewrite
