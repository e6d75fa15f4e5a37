"""Starting, listing and ending practice sessions."""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted
from rasa_sdk.executor import CollectingDispatcher

from actions.adapter import emit, entity, latest_text, session_slots, trainee_id
from bot import practice


class ActionStartScenario(Action):
    def name(self) -> str:
        return "action_start_scenario"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        step = practice.start_session(
            session_slots(tracker),
            latest_text(tracker),
            scenario_id=entity(tracker, "scenario_id"),
            difficulty=entity(tracker, "difficulty"),
        )
        return emit(dispatcher, step)


class ActionListScenarios(Action):
    def name(self) -> str:
        return "action_list_scenarios"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        return emit(dispatcher, practice.list_scenarios(session_slots(tracker)))


class ActionEndSession(Action):
    def name(self) -> str:
        return "action_end_session"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        step = practice.end_session(session_slots(tracker), trainee_id(tracker))
        return emit(dispatcher, step)


class ActionSessionStart(Action):
    """A new Rasa session after an hour of silence files the old practice session's
    report (ended by inactivity); the trainee sees it when they list their reports."""

    def name(self) -> str:
        return "action_session_start"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        slots = {**session_slots(tracker), "ended_by": "inactivity"}
        # Nobody is there to read it now: store the report, render nothing.
        practice.file_report(slots, trainee_id(tracker))
        return [SessionStarted(), ActionExecuted("action_listen")]
