"""The peer answers an in-role message (and the coach follows in coach mode)."""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.adapter import emit, latest_intent, latest_text, session_slots
from bot import practice


class ActionPeerRespond(Action):
    def name(self) -> str:
        return "action_peer_respond"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        step = practice.play_turn(
            session_slots(tracker), latest_text(tracker), latest_intent(tracker)
        )
        return emit(dispatcher, step)


class ActionOutOfRole(Action):
    def name(self) -> str:
        return "action_out_of_role"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        return emit(dispatcher, practice.out_of_role(session_slots(tracker)))


class ActionPeerOpening(Action):
    def name(self) -> str:
        return "action_peer_opening"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        return emit(dispatcher, practice.peer_opening(session_slots(tracker)))
