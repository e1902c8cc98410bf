"""Follow-ups made to stand alone: the condenser (condenser.py), the conversation state (state.py) and its parts."""

from .condenser import Condenser, condense, is_follow_up
from .state import Condensed, TurnState

__all__ = ["Condensed", "Condenser", "TurnState", "condense", "is_follow_up"]
