"""Slack channel for Peer Practice: one session per trainee thread, coach only to them.

Configured in credentials.yml as ``bot.connectors.practice_slack.PracticeSlackInput``
(same keys as Rasa's ``slack`` plus ``base_url``, ``bot_user_id``, ``texts_file``).
What it adds to Rasa 3.6's SlackInput (see docs/slack.md for the why):

* ``base_url`` for the Slack Web API (a local fake in tests, GovSlack in production).
* Sessions: a top-level message in the practice channel, a mention, or ``/practice``
  opens a thread owned by that trainee; the conversation id is
  ``<user>_<channel>_<thread ts>``. Only the owner is answered in the thread. In a DM
  the session is ``<user>_<dm channel>``.
* Coach and report messages go to the trainee alone: ``chat.postEphemeral`` in a
  channel thread, a normal message in their DM. Never to the channel.
* Buttons (scenario menu etc.) and the ``/practice`` slash command.
* Every Slack retry (``X-Slack-Retry-Num``) is acknowledged and dropped, and events are
  de-duplicated by event id and by message (a mention arrives as ``app_mention`` and as
  ``message``). Bot messages, edits, deletions, joins and other subtypes are ignored.
* The signing secret is checked on every request (Rasa's check: HMAC-SHA256 over
  ``v0:<timestamp>:<body>``, timestamps older or newer than five minutes refused).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections import OrderedDict
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Tuple

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.connectors import slack_render
from bot.connectors.resilience import guarded_turn

logger = logging.getLogger(__name__)

PRIVATE_ROLES = ("coach", "report")
ANSWERED_SUBTYPES = (None, "", "file_share", "thread_broadcast")
SESSION_EVENT_TYPE = "peer_practice_session"
DEFAULT_BASE_URL = "https://slack.com/api/"


class _Seen:
    """A bounded set of recently seen keys (event ids, message timestamps)."""

    def __init__(self, size: int = 2048) -> None:
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._size = size

    def add(self, key: str) -> bool:
        """True when the key is new."""
        if key in self._keys:
            return False
        self._keys[key] = None
        while len(self._keys) > self._size:
            self._keys.popitem(last=False)
        return True


class PracticeSlackBot(SlackBot):
    """Posts peer/system messages to the thread, coach/report messages privately."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    def __init__(
        self,
        token: str,
        channel: str | None,
        thread_ts: str | None,
        trainee: str | None,
        is_dm: bool,
        texts: Dict[str, Any],
        coach_prefix: str,
        proxy: str | None = None,
        base_url: str = DEFAULT_BASE_URL,
    ) -> None:
        super().__init__(token, channel, thread_ts, proxy)
        self.client = AsyncWebClient(token, proxy=proxy, base_url=base_url)
        self.trainee = trainee
        self.is_dm = is_dm
        self.texts = texts
        self.coach_prefix = coach_prefix

    def _channel(self, recipient_id: str) -> str:
        return self.slack_channel or recipient_id

    async def _post(self, channel: str, text: str, blocks: List | None = None) -> None:
        kwargs: Dict[str, Any] = {"channel": channel, "text": text}
        if blocks:
            kwargs["blocks"] = blocks
        if self.thread_id:
            kwargs["thread_ts"] = self.thread_id
        await self.client.chat_postMessage(**kwargs)

    async def _post_private(self, channel: str, text: str, blocks: List) -> None:
        """Only the trainee sees it: their DM, or an ephemeral message in the thread."""
        if self.is_dm or not self.trainee:
            if not self.is_dm:
                logger.warning("No trainee id for a private message; not sending it")
                return
            await self._post(channel, text, blocks)
            return
        kwargs: Dict[str, Any] = {
            "channel": channel,
            "user": self.trainee,
            "text": text,
            "blocks": blocks,
        }
        if self.thread_id:
            kwargs["thread_ts"] = self.thread_id
        await self.client.chat_postEphemeral(**kwargs)

    async def _send_report_file(self, report: Dict[str, Any]) -> None:
        """The full HTML report as a file in the trainee's own DM with the app."""
        if not self.trainee or not report.get("html"):
            return
        try:
            opened = await self.client.conversations_open(users=self.trainee)
            session = str(report.get("session_id") or "session")[:12]
            await self.client.files_upload_v2(
                channel=opened["channel"]["id"],
                content=str(report["html"]),
                filename=f"peer-practice-report-{session}.html",
                title=self.texts["slack"]["report_file_title"],
                initial_comment=self.texts["slack"]["report_file_comment"],
            )
        except Exception:
            # The summary already reached the trainee privately; the file is extra.
            logger.exception("could not send the report file to %s", self.trainee)

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        channel = self._channel(recipient_id)
        custom = (
            message.get("custom") if isinstance(message.get("custom"), dict) else {}
        )
        role = custom.get("role") if custom else None
        text = str(message.get("text") or "")
        if role == "report":
            note, blocks = slack_render.report_blocks(custom, text, self.texts)
            await self._post_private(channel, note, blocks)
            await self._send_report_file(custom)
            return
        if role == "coach" or (text and text.startswith(self.coach_prefix)):
            note, blocks = slack_render.coach_blocks(custom or {}, text, self.texts)
            await self._post_private(channel, note, blocks)
            return
        buttons = message.get("buttons") or message.get("quick_replies") or []
        if buttons:
            blocks = slack_render.button_blocks(
                text, buttons, self.trainee or "", self.thread_id
            )
            await self._post(channel, slack_render.escape(text) or " ", blocks)
        elif text:
            await self._post(channel, slack_render.escape(text))
        if message.get("image"):
            await self.send_image_url(recipient_id, message["image"])
        if custom and role not in PRIVATE_ROLES:
            logger.debug("Dropped a custom payload with role %r for Slack", role)

    async def send_text_message(self, recipient_id: str, text: str, **_: Any) -> None:
        await self.send_response(recipient_id, {"text": text})

    async def send_custom_json(
        self, recipient_id: str, json_message: Dict[str, Any], **_: Any
    ) -> None:
        await self.send_response(recipient_id, {"custom": json_message})


class PracticeSlackInput(SlackInput):
    """Rasa's SlackInput with trainee threads, private coaching and strict filtering."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        assert credentials is not None
        return cls(
            slack_token=credentials.get("slack_token"),
            slack_channel=credentials.get("slack_channel"),
            proxy=credentials.get("proxy"),
            slack_signing_secret=credentials.get("slack_signing_secret", ""),
            base_url=credentials.get("base_url")
            or os.environ.get("SLACK_API_URL")
            or DEFAULT_BASE_URL,
            bot_user_id=credentials.get("bot_user_id"),
            texts_file=credentials.get("texts_file"),
            coach_prefix=credentials.get("coach_prefix"),
        )

    def __init__(
        self,
        slack_token: str,
        slack_channel: str | None = None,
        proxy: str | None = None,
        slack_signing_secret: str = "",
        base_url: str = DEFAULT_BASE_URL,
        bot_user_id: str | None = None,
        texts_file: str | None = None,
        coach_prefix: str | None = None,
    ) -> None:
        super().__init__(
            slack_token,
            slack_channel,
            proxy,
            slack_retry_reason_header="x-slack-retry-reason",
            slack_retry_number_header="x-slack-retry-num",
            use_threads=True,
            slack_signing_secret=slack_signing_secret,
            conversation_granularity="thread",
        )
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.bot_user_id = bot_user_id
        texts_path = texts_file or str(slack_render.TEXTS_FILE)
        self.texts = slack_render.load_texts(texts_path)
        self.coach_prefix = coach_prefix or str(self.texts["labels"]["coach"])
        self._seen_events = _Seen()
        self._seen_messages = _Seen()
        self._unowned = _Seen()  # threads whose root names no practice owner
        self._owners: Dict[Tuple[str, str], str] = {}  # (channel, thread ts) -> user
        self._latest_thread: Dict[Tuple[str, str], str] = {}  # (user, channel) -> ts
        self._client: AsyncWebClient | None = None

    # --- Slack Web API -------------------------------------------------------------

    @property
    def client(self) -> AsyncWebClient:
        if self._client is None:
            self._client = AsyncWebClient(
                self.slack_token, proxy=self.proxy, base_url=self.base_url
            )
        return self._client

    def output_for(
        self, channel: str, thread_ts: str | None, trainee: str | None, is_dm: bool
    ) -> PracticeSlackBot:
        return PracticeSlackBot(
            self.slack_token,
            channel,
            thread_ts,
            trainee,
            is_dm,
            self.texts,
            self.coach_prefix,
            proxy=self.proxy,
            base_url=self.base_url,
        )

    def get_output_channel(
        self, channel: str | None = None, thread_id: str | None = None
    ) -> OutputChannel:
        # Used by Rasa for messages it triggers itself (e.g. reminders): no trainee is
        # known, so private messages are withheld rather than posted to the channel.
        target = channel or self.slack_channel
        is_dm = bool(target and target.startswith("D"))
        return self.output_for(target or "", thread_id, None, is_dm)

    # --- filtering -----------------------------------------------------------------

    def _own_ids(self, payload: Dict[str, Any]) -> List[str]:
        ids = [self.bot_user_id] if self.bot_user_id else []
        for authorization in payload.get("authorizations") or []:
            if authorization.get("is_bot") and authorization.get("user_id"):
                ids.append(authorization["user_id"])
        return ids

    def answerable(self, payload: Dict[str, Any]) -> str | None:
        """None when the event should reach the peer, else why it is ignored."""
        event = payload.get("event") or {}
        if event.get("type") not in ("message", "app_mention"):
            return "not a message"
        if event.get("subtype") not in ANSWERED_SUBTYPES:
            return f"subtype {event.get('subtype')}"  # edits, deletions, joins, bots
        if event.get("bot_id") or event.get("bot_profile") or event.get("hidden"):
            return "bot message"
        user = event.get("user")
        if not user or user in self._own_ids(payload):
            return "no human sender"
        if not str(event.get("text") or "").strip():
            return "empty"
        is_dm = event.get("channel_type") == "im"
        in_thread = bool(event.get("thread_ts"))
        if not (
            is_dm
            or in_thread
            or event.get("type") == "app_mention"
            or event.get("channel") == self.slack_channel
        ):
            return "channel not watched"
        return None

    # --- thread ownership ----------------------------------------------------------

    async def thread_owner(
        self, channel: str, thread_ts: str, parent: str | None
    ) -> str:
        """Who practises here: cached, the parent message's author or root metadata."""
        owner = self._owners.get((channel, thread_ts))
        if owner:
            return owner
        if parent and parent != self.bot_user_id:
            owner = parent
        elif self._unowned.add(f"{channel}:{thread_ts}"):
            owner = await self._owner_from_root(channel, thread_ts) or ""
        else:
            owner = ""  # looked up before: not a practice thread
        if owner:
            self._owners[(channel, thread_ts)] = owner
        return owner

    async def _owner_from_root(self, channel: str, thread_ts: str) -> str | None:
        """The owner written into the root message's metadata by :meth:`open_thread`."""
        try:
            result = await self.client.conversations_history(
                channel=channel,
                latest=thread_ts,
                inclusive=True,
                limit=1,
                include_all_metadata=True,
            )
        except Exception:  # noqa: BLE001 - Slack being down must not crash the webhook
            logger.exception("Could not look up the owner of thread %s", thread_ts)
            return None
        for message in result.get("messages") or []:
            metadata = message.get("metadata") or {}
            if metadata.get("event_type") == SESSION_EVENT_TYPE:
                return (metadata.get("event_payload") or {}).get("owner")
        return None

    async def open_thread(self, channel: str, user: str) -> str:
        """Post the root message of a new practice thread for ``user``; its ts."""
        result = await self.client.chat_postMessage(
            channel=channel,
            text=self.texts["slack"]["root_message"].format(user=user),
            metadata={
                "event_type": SESSION_EVENT_TYPE,
                "event_payload": {"owner": user},
            },
        )
        thread_ts = str(result["ts"])
        self._claim(channel, thread_ts, user)
        return thread_ts

    def _claim(self, channel: str, thread_ts: str, user: str) -> None:
        self._owners[(channel, thread_ts)] = user
        self._latest_thread[(user, channel)] = thread_ts

    async def _tell(
        self, channel: str, user: str, text: str, thread: str | None
    ) -> None:
        kwargs: Dict[str, Any] = {"channel": channel, "user": user, "text": text}
        if thread:
            kwargs["thread_ts"] = thread
        try:
            await self.client.chat_postEphemeral(**kwargs)
        except Exception:  # noqa: BLE001
            logger.exception("Could not send an ephemeral notice to %s", user)

    # --- handing messages to Rasa --------------------------------------------------

    def _dispatch(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        user: str,
        channel: str,
        thread_ts: str | None,
        is_dm: bool,
    ) -> None:
        sender = f"{user}_{channel}" + (f"_{thread_ts}" if thread_ts else "")
        metadata = {
            "out_channel": channel,
            "thread_id": thread_ts,
            "users": [user],
            "trainee": user,
            "is_dm": is_dm,
        }
        turn = guarded_turn(
            on_new_message,
            self.output_for(channel, thread_ts, user, is_dm),
            text,
            sender,
            input_channel=self.name(),
            metadata=metadata,
        )
        task = asyncio.create_task(turn)
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)

    async def handle_event(
        self,
        payload: Dict[str, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> str:
        """Route one Events API callback; returns what happened (for logs and tests)."""
        event_id = str(payload.get("event_id") or "")
        if event_id and not self._seen_events.add(event_id):
            return "duplicate event"
        reason = self.answerable(payload)
        if reason:
            return f"ignored: {reason}"
        event = payload["event"]
        channel, user, ts = event["channel"], event["user"], str(event.get("ts"))
        if not self._seen_messages.add(f"{channel}:{ts}"):
            return "duplicate message"  # the same message as app_mention and message
        is_dm = event.get("channel_type") == "im"
        thread_ts: str | None = None
        if not is_dm:
            thread_ts = str(event.get("thread_ts") or ts)
            if event.get("thread_ts") and event["thread_ts"] != ts:
                mention = event.get("type") == "app_mention"
                # Outside the practice channel only threads known to be practice
                # threads (or a mention) reach the peer, never other conversations.
                trusted_parent = channel == self.slack_channel or mention
                parent = event.get("parent_user_id") if trusted_parent else None
                owner = await self.thread_owner(channel, thread_ts, parent)
                if not owner and not mention:
                    return "ignored: not a practice thread"
                if owner and owner != user:
                    await self._tell(
                        channel, user, self.texts["slack"]["not_owner"], thread_ts
                    )
                    return "ignored: not the thread owner"
            self._claim(channel, thread_ts, user)
        text = self._sanitize_user_message(
            str(event.get("text") or ""), self._own_ids(payload)
        )
        self._dispatch(on_new_message, text, user, channel, thread_ts, is_dm)
        return "dispatched"

    async def handle_interaction(
        self,
        payload: Dict[str, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> str:
        if payload.get("type") != "block_actions" or not payload.get("actions"):
            return "ignored: not a button"
        action = payload["actions"][0]
        value = self._get_interactive_response(action)
        if value is None:
            return "ignored: no value"
        user = str((payload.get("user") or {}).get("id") or "")
        container = payload.get("container") or {}
        channel = str(
            (payload.get("channel") or {}).get("id")
            or container.get("channel_id")
            or ""
        )
        if not user or not channel:
            return "ignored: no user or channel"
        owner_thread = slack_render.parse_actions_block_id(action.get("block_id"))
        message = payload.get("message") or {}
        thread_ts = (
            (owner_thread[1] if owner_thread else None)
            or message.get("thread_ts")
            or container.get("thread_ts")
        )
        if owner_thread and owner_thread[0] and owner_thread[0] != user:
            await self._tell(channel, user, self.texts["slack"]["not_owner"], thread_ts)
            return "ignored: not the thread owner"
        is_dm = channel.startswith("D")
        if not is_dm and not thread_ts:
            thread_ts = await self.open_thread(channel, user)
        if thread_ts and not is_dm:
            self._claim(channel, thread_ts, user)
        self._dispatch(
            on_new_message, value, user, channel, None if is_dm else thread_ts, is_dm
        )
        return "dispatched"

    async def handle_command(
        self,
        form: Dict[str, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> HTTPResponse:
        """``/practice [words]``: opens a thread (or uses the DM); relays the words."""
        user = str(form.get("user_id") or "")
        channel = str(form.get("channel_id") or "")
        words = str(form.get("text") or "")
        if not user or not channel:
            return response.text("", status=HTTPStatus.BAD_REQUEST)
        text = slack_render.command_message(words, self.texts)
        is_dm = channel.startswith("D") or form.get("channel_name") == "directmessage"
        if is_dm:
            self._dispatch(on_new_message, text, user, channel, None, True)
            return response.text("")
        verb = words.strip().split(" ")[0].lower() if words.strip() else ""
        thread_ts = self._latest_thread.get((user, channel))
        if verb not in ("", "start", "scenarios", "menu", "list") and not thread_ts:
            return response.json(
                {
                    "response_type": "ephemeral",
                    "text": self.texts["slack"]["no_session"],
                }
            )
        if verb in ("", "start", "scenarios", "menu", "list") or not thread_ts:
            thread_ts = await self.open_thread(channel, user)
        self._dispatch(on_new_message, text, user, channel, thread_ts, False)
        return response.text("")

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        slack_webhook = Blueprint("practice_slack_webhook", __name__)

        @slack_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @slack_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.is_request_from_slack_authentic(request):
                logger.warning("Refused a Slack request with a bad or stale signature")
                return response.text(
                    "invalid or stale X-Slack-Signature", status=HTTPStatus.UNAUTHORIZED
                )
            retry = request.headers.get("x-slack-retry-num")
            if retry:
                logger.info(
                    "Dropped Slack retry #%s (%s)",
                    retry,
                    request.headers.get("x-slack-retry-reason"),
                )
                return response.text("", headers={"X-Slack-No-Retry": "1"})
            content_type = (request.headers.get("content-type") or "").split(";")[0]
            if content_type == "application/json":
                payload = request.json or {}
                if payload.get("type") == "url_verification":
                    return response.json({"challenge": payload.get("challenge")})
                outcome = await self.handle_event(payload, on_new_message)
                logger.debug("Slack event %s: %s", payload.get("event_id"), outcome)
                return response.text("")
            if content_type == "application/x-www-form-urlencoded":
                form = {key: request.form.get(key) for key in request.form}
                if form.get("payload"):
                    try:
                        payload = json.loads(form["payload"])
                    except json.JSONDecodeError:
                        return response.text("", status=HTTPStatus.BAD_REQUEST)
                    outcome = await self.handle_interaction(payload, on_new_message)
                    logger.debug("Slack interaction: %s", outcome)
                    return response.text("")
                if form.get("command"):
                    return await self.handle_command(form, on_new_message)
            return response.text("", status=HTTPStatus.BAD_REQUEST)

        return slack_webhook
