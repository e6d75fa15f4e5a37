"""What one action does: messages to send and slot values to set."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping

# Slots that hold a session; with the tracker's events they are the whole conversation
# state (no server memory). Readers add "turn_log" from the events (turns_from_events).
SESSION_SLOTS = (
    "scenario_id",
    "difficulty",
    "mode",
    "session_status",
    "session_id",
    "session_started_at",
    "peer_state",
    "last_turn",
    "last_peer_line",
    "start_result",
    "ended_by",
)


TURN_SLOT = "last_turn"


def turns_from_events(
    events: Iterable[Mapping[str, Any]], session_id: str | None
) -> List[Dict[str, Any]]:
    """The practice session's turn log: every value the ``last_turn`` slot took in it.

    Each turn sets the slot once with its own entry; reading them back from the
    tracker's events keeps the tracker linear in the session's length.
    """
    return [
        dict(event["value"])
        for event in events
        if event.get("event") == "slot"
        and event.get("name") == TURN_SLOT
        and isinstance(event.get("value"), dict)
        and event["value"].get("session_id") == session_id
    ]


@dataclass(frozen=True)
class Message:
    """One bot message: a domain response by name, or text from scenario/coach YAML."""

    response: str | None = None  # a domain.yml response, filled with ``values``
    text: str | None = None
    custom: Dict[str, Any] | None = None
    buttons: List[Dict[str, str]] | None = None
    values: Dict[str, Any] = field(default_factory=dict)


@dataclass
class Step:
    messages: List[Message] = field(default_factory=list)
    slots: Dict[str, Any] = field(default_factory=dict)  # only the slots that change
    followup: str | None = None  # an action (or response) to run next, if any
