"""REST channel for Peer Practice: Rasa's ``rest`` with every turn guarded.

Configured in credentials.yml instead of ``rest:`` as
``bot.connectors.practice_rest.PracticeRestInput`` (same URL,
``POST /webhooks/rest/webhook`` with ``{"sender": "...", "message": "..."}``). What it
adds to Rasa 3.6's RestInput:

* Every message gets an answer (``bot.connectors.resilience.TurnGuard``): overlong
  input is cut with a note, empty input gets a note, and when the action server is
  unreachable the trainee is told so and the turn is kept and answered later.
* The body is parsed leniently (invalid UTF-8 replaced; JSON ``\\ud800`` escapes
  accepted and cleaned); a body that is not a JSON object with a string ``sender``
  is a 400 with a JSON error, never a 500.
* ``input_channel`` is always ``rest``: a client cannot claim another channel's
  identity (report ids are keyed on channel + sender).
* Optional ``sender_secret``: when set, each request must carry
  ``sender_token`` = hex HMAC-SHA256(secret, sender) (body field or
  ``X-Sender-Token`` header), so a client that issues sender ids (an LMS, the practice
  page's server) can stop one trainee from posting as another.
* No ``?stream=true`` (the guard needs the whole turn); such requests get the usual
  JSON list.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Tuple

from rasa.core.channels.channel import (
    CollectingOutputChannel,
    InputChannel,
    UserMessage,
)
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.connectors.resilience import MAX_CHARS, clean_text, guard_for_app

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 256
MAX_BODY_BYTES = 256 * 1024


def sender_token(secret: str, sender: str) -> str:
    """What a trusted front end sends with ``sender`` when ``sender_secret`` is set."""
    return hmac.new(secret.encode(), sender.encode(), hashlib.sha256).hexdigest()


def parse_body(raw: bytes) -> Tuple[Dict[str, Any] | None, str | None]:
    """(body, None) or (None, why it was refused)."""
    if len(raw) > MAX_BODY_BYTES:
        return None, f"body larger than {MAX_BODY_BYTES} bytes"
    try:
        body = json.loads(raw.decode("utf-8", errors="replace") or "null")
    except ValueError:
        return None, "body is not JSON"
    if not isinstance(body, dict):
        return None, "body must be a JSON object"
    return body, None


def check_sender(sender: Any) -> str | None:
    """None when ``sender`` is usable as a conversation id, else the reason."""
    if not isinstance(sender, str) or not sender.strip():
        return "'sender' must be a non-empty string"
    if len(sender) > MAX_SENDER_CHARS:
        return f"'sender' longer than {MAX_SENDER_CHARS} characters"
    if clean_text(sender, MAX_SENDER_CHARS).text != sender:
        return "'sender' contains control characters or invalid surrogates"
    return None


class PracticeRestInput(RestInput):
    """Rasa's REST channel, guarded (see the module docstring)."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(
            max_chars=int(credentials.get("max_chars") or MAX_CHARS),
            sender_secret=credentials.get("sender_secret") or None,
            health_ttl=float(credentials.get("health_ttl") or 2.0),
        )

    def __init__(
        self,
        max_chars: int = MAX_CHARS,
        sender_secret: str | None = None,
        health_ttl: float = 2.0,
    ) -> None:
        self.max_chars = max_chars
        self.sender_secret = sender_secret
        self.health_ttl = health_ttl

    def _authorised(self, request: Request, body: Dict[str, Any], sender: str) -> bool:
        if not self.sender_secret:
            return True
        given = body.get("sender_token") or request.headers.get("X-Sender-Token") or ""
        expected = sender_token(self.sender_secret, sender)
        return isinstance(given, str) and hmac.compare_digest(given, expected)

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body, problem = parse_body(request.body or b"")
            if body is None:
                return response.json({"error": problem}, status=400)
            sender = body.get("sender")
            problem = check_sender(sender)
            if problem:
                return response.json({"error": problem}, status=400)
            if not self._authorised(request, body, sender):
                logger.warning("refused a REST message without a valid sender_token")
                return response.json({"error": "invalid sender_token"}, status=403)
            metadata = body.get("metadata")
            metadata = metadata if isinstance(metadata, dict) else None

            async def run_turn(text: str) -> List[Dict[str, Any]]:
                collector = CollectingOutputChannel()
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender,
                        input_channel=self.name(),
                        metadata=metadata,
                    )
                )
                return list(collector.messages)

            guard = guard_for_app(
                request.app, limit=self.max_chars, up_ttl=self.health_ttl
            )
            messages = await guard.handle(sender, body.get("message"), run_turn)
            return response.json(messages)

        return webhook
