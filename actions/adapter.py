"""Between rasa_sdk and bot.practice: slots in, messages and SlotSet events out."""

from __future__ import annotations

import os
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.practice import Step, turns_from_events
from bot.practice.step import SESSION_SLOTS
from bot.report import pseudonymise


def session_slots(tracker: Tracker) -> Dict[str, Any]:
    """The session's slots, and its turn log read back from the tracker's events."""
    slots = {name: tracker.get_slot(name) for name in SESSION_SLOTS}
    slots["turn_log"] = turns_from_events(tracker.events, slots.get("session_id"))
    return slots


def latest_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def latest_intent(tracker: Tracker) -> str:
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


def entity(tracker: Tracker, name: str) -> str | None:
    return next(tracker.get_latest_entity_values(name), None)


def trainee_id(tracker: Tracker) -> str:
    """A keyed hash of the channel user id: reports never hold the raw id."""
    channel = tracker.get_latest_input_channel() or "unknown"
    return pseudonymise(
        channel, tracker.sender_id, os.environ.get("PEER_PRACTICE_ID_KEY")
    )


def emit(dispatcher: CollectingDispatcher, step: Step) -> List[EventType]:
    for message in step.messages:
        dispatcher.utter_message(
            text=message.text,
            response=message.response,
            json_message=message.custom,
            buttons=message.buttons or [],
            **message.values,
        )
    events: List[EventType] = [
        SlotSet(name, value) for name, value in step.slots.items()
    ]
    if step.followup:
        events.append(FollowupAction(step.followup))
    return events
