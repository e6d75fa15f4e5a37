"""Build and sign Slack requests the way Slack does (v0 signatures)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any, Dict, Tuple
from urllib.parse import urlencode

import requests

_ids = itertools.count(1)


def new_ts() -> str:
    return f"{time.time():.6f}"[:-3] + f"{next(_ids) % 1000:03d}"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    secret: str, body: bytes, content_type: str, timestamp: int | None = None
) -> Dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature(secret, stamp, body),
    }


def event_callback(event: Dict[str, Any], bot_user: str = "UBOT") -> Dict[str, Any]:
    return {
        "token": "legacy-verification-token-unused",
        "team_id": "T0TEAM",
        "api_app_id": "A0APP",
        "type": "event_callback",
        "event_id": f"Ev{next(_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T0TEAM", "user_id": bot_user, "is_bot": True}],
        "event": event,
    }


def channel_message(
    user: str,
    text: str,
    channel: str,
    thread_ts: str | None = None,
    parent_user: str | None = None,
    **extra: Any,
) -> Dict[str, Any]:
    event: Dict[str, Any] = {
        "type": "message",
        "channel": channel,
        "channel_type": "channel",
        "user": user,
        "text": text,
        "ts": new_ts(),
        "team": "T0TEAM",
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
        event["parent_user_id"] = parent_user or user
    event.update(extra)
    return event


class SlackClient:
    """Posts signed requests to the Rasa server's Slack webhook."""

    def __init__(self, webhook: str, secret: str) -> None:
        self.webhook = webhook
        self.secret = secret

    def post_json(
        self,
        payload: Dict[str, Any],
        timestamp: int | None = None,
        secret: str | None = None,
        headers: Dict[str, str] | None = None,
    ) -> requests.Response:
        body = json.dumps(payload).encode()
        signed = signed_headers(
            secret or self.secret, body, "application/json", timestamp
        )
        return requests.post(
            self.webhook, data=body, headers={**signed, **(headers or {})}, timeout=30
        )

    def post_form(
        self, fields: Dict[str, str], secret: str | None = None
    ) -> requests.Response:
        body = urlencode(fields).encode()
        headers = signed_headers(
            secret or self.secret, body, "application/x-www-form-urlencoded"
        )
        return requests.post(self.webhook, data=body, headers=headers, timeout=30)

    def event(
        self, event: Dict[str, Any], **kwargs: Any
    ) -> Tuple[Dict, requests.Response]:
        payload = event_callback(event)
        return payload, self.post_json(payload, **kwargs)

    def click(
        self,
        user: str,
        channel: str,
        value: str,
        block_id: str,
        message_ts: str,
        thread_ts: str | None = None,
        ephemeral: bool = False,
    ) -> requests.Response:
        container: Dict[str, Any] = {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        }
        payload: Dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": user, "username": user.lower(), "team_id": "T0TEAM"},
            "team": {"id": "T0TEAM"},
            "channel": {"id": channel},
            "container": container,
            "trigger_id": "1.2.3",
            "actions": [
                {
                    "type": "button",
                    "action_id": "choice_0",
                    "block_id": block_id,
                    "value": value,
                    "action_ts": new_ts(),
                    "text": {"type": "plain_text", "text": "choice"},
                }
            ],
        }
        if not ephemeral:
            payload["message"] = {"ts": message_ts, "type": "message"}
            if thread_ts:
                payload["message"]["thread_ts"] = thread_ts
        return self.post_form({"payload": json.dumps(payload)})

    def command(self, user: str, channel: str, text: str = "") -> requests.Response:
        return self.post_form(
            {
                "command": "/practice",
                "text": text,
                "user_id": user,
                "user_name": user.lower(),
                "channel_id": channel,
                "channel_name": (
                    "directmessage" if channel.startswith("D") else "practice"
                ),
                "team_id": "T0TEAM",
                "response_url": "http://127.0.0.1:9/unused",
                "trigger_id": "1.2.3",
            }
        )
