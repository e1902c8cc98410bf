"""A turn that closes or thanks and asks nothing (closing.closes; the review's s21 N6)."""

from eaeu_qa.answering.answerability import asks_nothing
from eaeu_qa.closing import closes
from eaeu_qa.records import HistoryTurn


def test_a_closing_of_more_than_three_words_asks_nothing():
    for turn in ("right, that settles it, thanks a lot", "cool, I appreciate the help", "got it. bye for now"):
        assert closes(turn) and asks_nothing(turn), turn


def test_a_thanks_with_a_question_or_a_request_still_asks():
    for turn in ("thanks, and what about my nephew?", "thank you, where do I register", "thanks. now explain Article 97",
                 "cheers, do I need a permit", "thanks, but which court decides"):
        assert not closes(turn), turn
    assert not asks_nothing("thanks, and what about my nephew?")


def test_a_closing_gets_no_earlier_topic(condenser):
    # 'As for the Court ..., that settles it, thanks a lot?'
    turns = [HistoryTurn("Where does the Court of the EAEU sit?", answer="The Court sits in Minsk [1].")]
    condensed = condenser.condense("right, that settles it, thanks a lot", turns)
    assert condensed.standalone == "right, that settles it, thanks a lot" and not condensed.points_back


def test_a_thanks_then_a_part_that_goes_on_is_no_closing(condenser):
    # the review's s22 P1 turn and others of the same kind: elliptical follow-ups after a thanks, typed without '?'
    turns = [HistoryTurn("Do family members of migrant workers get medical insurance in Russia?",
                         answer="Article 98(3) provides that ... [1].")]
    for turn in ("thank you. and the same for my parents", "thanks, also for my wife", "cheers. and for students",
                 "ok thanks, plus the same for pensioners"):
        assert not closes(turn) and not asks_nothing(turn), turn
        assert condenser.condense(turn, turns).standalone != turn, turn  # the earlier topic is put in
    # a connective before more thanks or leave-taking still closes
    for turn in ("thanks a lot and goodbye", "ok, and thanks again", "thank you so much, bye"):
        assert closes(turn), turn
