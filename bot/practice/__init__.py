"""One practice session as plain data: what to say and which slots change.

The Rasa actions are thin adapters around these functions: they pass in the slot values
and the trainee's message, and turn the returned ``Step`` into dispatcher calls and
``SlotSet`` events. Nothing here imports rasa or rasa_sdk, so a whole session can be
played (and tested) without a server.
"""

from bot.practice.session import (
    end_session,
    file_report,
    give_hint,
    list_scenarios,
    out_of_role,
    peer_opening,
    play_turn,
    set_difficulty,
    set_mode,
    start_session,
)
from bot.practice.step import Message, Step, turns_from_events

__all__ = [
    "Message",
    "Step",
    "end_session",
    "file_report",
    "give_hint",
    "list_scenarios",
    "out_of_role",
    "peer_opening",
    "play_turn",
    "set_difficulty",
    "set_mode",
    "start_session",
    "turns_from_events",
]
