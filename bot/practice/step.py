"""What one action does: messages to send and slot values to set."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List

# Slots that hold a session; they are the whole conversation state (no server memory).
SESSION_SLOTS = (
    "scenario_id",
    "difficulty",
    "mode",
    "session_status",
    "session_id",
    "session_started_at",
    "peer_state",
    "turn_log",
    "last_peer_line",
    "start_result",
    "ended_by",
)


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
