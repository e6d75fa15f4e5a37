"""Socket.io channel for the practice page and for rasa-webchat.

Configured in credentials.yml as
``bot.connectors.practice_socketio.PracticeSocketIOInput``. It differs from Rasa's
``socketio`` channel in four ways:

* Rich clients (the practice page, which sends ``rich_messages: true`` in its
  metadata) get ONE ``bot_uttered`` event per bot message with ``text``, ``buttons``
  and ``custom`` together, so the page can pair a coach text with its payload.
* Plain clients (rasa-webchat) get Rasa's usual text / quick-reply events; custom
  payloads are not emitted to them (their text already says it, and Rasa's stock
  ``send_custom_json`` would pass the payload's keys to ``emit`` as arguments and fail).
* ``session_request`` awaits ``enter_room`` (python-socketio 5 made it a coroutine;
  Rasa 3.6 does not await it, so replies to a persistent session never arrive).
* The blueprint also serves the practice page and the socket.io client library from
  ``web/`` under ``/practice/`` (same origin, nothing from a CDN).
"""

from __future__ import annotations

import json
import logging
import mimetypes
import uuid
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List
from urllib.parse import urlsplit

import rasa.core.channels.channel
import rasa.shared.utils.io
import yaml
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.connectors.resilience import guarded_turn

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_WEB_DIR = REPO_ROOT / "web"
DEFAULT_SCENARIO_DIR = REPO_ROOT / "data" / "scenarios"

# Files the page may load: URL name -> path relative to the web directory.
STATIC_FILES: Dict[str, str] = {
    "index.html": "index.html",
    "app.js": "app.js",
    "render.js": "render.js",
    "style.css": "style.css",
    "commands.json": "commands.json",
    "socket.io.js": "node_modules/socket.io-client/dist/socket.io.min.js",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        # Inline styles only for the bot's HTML report, shown in a sandboxed iframe.
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "connect-src 'self'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
# Keys of a bot message a rich client receives.
RICH_KEYS = ("text", "buttons", "quick_replies", "custom", "image", "attachment")
# Metadata a rich client may use: which domain response a message came from tells the
# app's own voice (menus, help) apart from the peer's lines.
RICH_METADATA = ("utter_action",)


def list_scenarios(scenario_dir: Path) -> List[Dict[str, Any]]:
    """Scenario ids and titles for the page's picker, from the persona YAML files."""
    scenarios: List[Dict[str, Any]] = []
    for path in sorted(scenario_dir.glob("*.y*ml")):
        if path.name.startswith("_"):
            continue  # shared data such as _safety.yml, not a persona
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            logger.warning("Skipping scenario file %s: %s", path, error)
            continue
        if not isinstance(data, dict):
            continue
        meta = data.get("scenario") if isinstance(data.get("scenario"), dict) else data
        scenario_id = str(meta.get("id") or path.stem)
        title = meta.get("title") or meta.get("name") or scenario_id
        summary = meta.get("summary") or meta.get("description") or ""
        scenarios.append(
            {"id": scenario_id, "title": str(title), "summary": str(summary)}
        )
    return scenarios


def origin_list(value: Any) -> List[str]:
    """``cors_allowed_origins`` from credentials: a string or a list of origins."""
    if not value:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [str(item).strip().rstrip("/") for item in items if str(item).strip()]


def rich_message(message: Dict[str, Any]) -> Dict[str, Any]:
    """One event for a rich client: text, buttons and custom payload together."""
    event = {key: message[key] for key in RICH_KEYS + RICH_METADATA if message.get(key)}
    buttons = event.pop("buttons", None) or event.pop("quick_replies", None)
    if buttons:
        event["buttons"] = [
            {"title": button.get("title", ""), "payload": button.get("payload", "")}
            for button in buttons
        ]
    return event


class PracticeSocketIOOutput(SocketIOOutput):
    """Emits to rich clients one event per message; plain clients get text only."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def __init__(self, sio: AsyncServer, bot_message_evt: str, rich: bool) -> None:
        super().__init__(sio, bot_message_evt)
        self.rich = rich

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        if self.rich:
            event = rich_message(message)
            if event:
                await self._send_message(recipient_id, event)
            return
        plain = dict(message)
        if plain.pop("custom", None) is not None:
            logger.debug("Not emitting a custom payload to a plain socket.io client")
        await super().send_response(recipient_id, plain)

    async def send_custom_json(
        self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any
    ) -> None:
        # Rasa's version passes the payload's keys to emit() as arguments.
        await self._send_message(recipient_id, {"custom": json_message})


class PracticeSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel plus the practice page (see the module docstring)."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(
            user_message_evt=credentials.get("user_message_evt", "user_uttered"),
            bot_message_evt=credentials.get("bot_message_evt", "bot_uttered"),
            namespace=credentials.get("namespace"),
            session_persistence=credentials.get("session_persistence", True),
            socketio_path=credentials.get("socketio_path", "/socket.io"),
            jwt_key=credentials.get("jwt_key"),
            jwt_method=credentials.get("jwt_method", "HS256"),
            metadata_key=credentials.get("metadata_key", "customData"),
            web_dir=credentials.get("web_dir"),
            scenario_dir=credentials.get("scenario_dir"),
            cors_allowed_origins=credentials.get("cors_allowed_origins"),
        )

    def __init__(
        self,
        user_message_evt: str = "user_uttered",
        bot_message_evt: str = "bot_uttered",
        namespace: str | None = None,
        session_persistence: bool = True,
        socketio_path: str | None = "/socket.io",
        jwt_key: str | None = None,
        jwt_method: str | None = "HS256",
        metadata_key: str | None = "customData",
        web_dir: str | None = None,
        scenario_dir: str | None = None,
        cors_allowed_origins: Any | None = None,
    ) -> None:
        super().__init__(
            user_message_evt,
            bot_message_evt,
            namespace,
            session_persistence,
            socketio_path,
            jwt_key,
            jwt_method,
            metadata_key,
        )
        self.web_dir = Path(web_dir) if web_dir else DEFAULT_WEB_DIR
        self.scenario_dir = Path(scenario_dir) if scenario_dir else DEFAULT_SCENARIO_DIR
        # Sites allowed to embed a widget (rasa-webchat) that talks to this server.
        self.embed_origins = origin_list(cors_allowed_origins)

    def get_output_channel(self) -> OutputChannel | None:
        if self.sio is None:
            return super().get_output_channel()
        return PracticeSocketIOOutput(self.sio, self.bot_message_evt, rich=False)

    def _metadata(self, data: Dict[str, Any]) -> Dict[str, Any]:
        metadata = data.get(self.metadata_key) or data.get("metadata") or {}
        if isinstance(metadata, str):
            try:
                metadata = json.loads(metadata)
            except json.JSONDecodeError:
                metadata = {}
        return metadata if isinstance(metadata, dict) else {}

    def origin_allowed(self, origin: str | None, environ: Dict[str, Any]) -> bool:
        """Browsers may connect from this server's own pages or a listed site."""
        if not origin or "*" in self.embed_origins:
            return True  # not a browser (no Origin header), or every site allowed
        host = environ.get("HTTP_HOST", "")
        if host and urlsplit(origin).netloc == host:
            return True  # the practice page, served by this server
        allowed = origin.rstrip("/") in self.embed_origins
        if not allowed:
            logger.warning("Refused a socket.io connection from origin %s", origin)
        return allowed

    def _authorised(self, auth: Dict | None) -> bool:
        if not self.jwt_key:
            return True
        token = (auth or {}).get("token")
        if not token:
            return False
        payload = rasa.core.channels.channel.decode_bearer_token(
            token, self.jwt_key, self.jwt_algorithm
        )
        return bool(payload)

    def _page_routes(self, blueprint: Blueprint) -> None:
        @blueprint.route("/", methods=["GET"])
        async def page(request: Request) -> HTTPResponse:
            if not request.path.endswith("/"):
                # The page's assets are relative: it must be served from .../practice/
                return response.redirect(request.path + "/")
            return await self._static("index.html")

        @blueprint.route("/<name>", methods=["GET"])
        async def static(_: Request, name: str) -> HTTPResponse:
            if name == "scenarios.json":
                return response.json(
                    {"scenarios": list_scenarios(self.scenario_dir)},
                    headers=SECURITY_HEADERS,
                )
            if name in ("", "index.html"):
                return await self._static("index.html")
            if name == "health":
                return response.json({"status": "ok"})
            return await self._static(name)

    async def _static(self, name: str) -> HTTPResponse:
        relative = STATIC_FILES.get(name)
        path = self.web_dir / relative if relative else None
        if path is None or not path.is_file():
            if name == "socket.io.js":
                logger.error("%s is missing: run `npm ci` in web/", path)
            return response.text("not found", status=404)
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if mime_type.startswith("text/") or mime_type.endswith(("json", "javascript")):
            mime_type += "; charset=utf-8"
        return await response.file(path, mime_type=mime_type, headers=SECURITY_HEADERS)

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=self.origin_allowed)
        blueprint = SocketBlueprint(
            sio, self.socketio_path, "practice_socketio_webhook", __name__
        )
        self.sio = sio
        self._page_routes(blueprint)

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: Dict, auth: Dict | None) -> bool:
            allowed = self._authorised(auth)
            logger.debug("socket.io connect %s allowed=%s", sid, allowed)
            return allowed

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str) -> None:
            logger.debug("socket.io disconnect %s", sid)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Dict | None) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id") or uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit(
                "session_confirm", session_id, room=sid, namespace=self.namespace
            )

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Dict) -> None:
            if not isinstance(data, dict):
                return
            metadata = self._metadata(data)
            output = PracticeSocketIOOutput(
                sio, self.bot_message_evt, rich=metadata.get("rich_messages") is True
            )
            if self.session_persistence:
                if not data.get("session_id"):
                    rasa.shared.utils.io.raise_warning(
                        "A socket.io message without a session_id was ignored; "
                        "send a `session_request` first."
                    )
                    return
                sender_id = str(data["session_id"])
            else:
                sender_id = sid
            text = data.get("message", "")
            await guarded_turn(
                on_new_message,
                output,
                text if isinstance(text, str) else str(text),
                sender_id,
                input_channel=self.name(),
                metadata=metadata,
            )

        return blueprint

    def url_prefix(self) -> str:
        # Mounted at /practice/ (Rasa joins it onto /webhooks/; an absolute path wins).
        return "/practice"
