"""Hints, coach/exam mode and difficulty."""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.adapter import emit, entity, latest_text, session_slots
from bot import practice


class ActionHint(Action):
    def name(self) -> str:
        return "action_hint"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        return emit(dispatcher, practice.give_hint(session_slots(tracker)))


class ActionSetMode(Action):
    def name(self) -> str:
        return "action_set_mode"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        step = practice.set_mode(
            session_slots(tracker), latest_text(tracker), entity(tracker, "mode")
        )
        return emit(dispatcher, step)


class ActionSetDifficulty(Action):
    def name(self) -> str:
        return "action_set_difficulty"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        step = practice.set_difficulty(
            session_slots(tracker), latest_text(tracker), entity(tracker, "difficulty")
        )
        return emit(dispatcher, step)
