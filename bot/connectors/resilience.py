"""What every Peer Practice channel does so that no trainee turn is silent or lost.

Rasa 3.6 logs an exception and sends nothing when a custom action fails (the action
server is down, or an action raised): ``MessageProcessor._run_action`` catches it, the
turn's events are dropped and the trainee hears nothing. ``TurnGuard`` wraps one turn
of any channel:

* ``clean_text``: lone surrogates become U+FFFD, control characters (except newline and
  tab) are dropped, overlong input is cut to ``limit`` characters with a note.
* Before the message reaches Rasa, a cached health check of the action server
  (``ActionHealth``). When it is down the message is NOT handed to Rasa: its text is
  kept in a small table next to the tracker store (``SQLPendingStore``: the same SQLite
  or PostgreSQL database, so every replica sees it) and the trainee gets a clear note
  in the app's voice (``data/channels/resilience.yml``), never silence.
* If an action fails during the turn anyway (the server died between the check and the
  call), the failure is seen through Rasa's own log record, the turn is rolled back
  with ``UserUtteranceReverted`` and kept as pending in the same way.
* The trainee's next message first replays what is pending, in order, then handles the
  new text (once, if it is the same text typed again).
* A turn that produces no bot message at all (``/restart``, an empty prediction) gets
  a short note, so every message has an answer.

Use from a channel (``run_turn`` hands one text to Rasa and returns the bot messages
collected for it, e.g. with a ``CollectingOutputChannel``)::

    guard = guard_for_app(request.app)
    messages = await guard.handle(sender_id, raw_text, run_turn)
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Protocol
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import sqlalchemy as sa
import yaml
from rasa.core.channels.channel import (
    CollectingOutputChannel,
    OutputChannel,
    UserMessage,
)
from sanic import Sanic

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTICES_FILE = REPO_ROOT / "data" / "channels" / "resilience.yml"
MAX_CHARS = 2000
MAX_PENDING = 20  # per trainee; the oldest are dropped beyond this
PROCESSOR_LOGGER = "rasa.core.processor"
ACTION_FAILURE_MARK = "Encountered an exception while running action"
ROLE = "system"  # custom.role of every note sent by this module

Message = Dict[str, Any]
RunTurn = Callable[[str], Awaitable[List[Message]]]

_SURROGATES = re.compile("[\ud800-\udfff]")
_KEEP_CONTROLS = {"\n", "\t"}


@dataclass(frozen=True)
class CleanText:
    text: str
    truncated: bool
    original_length: int


def clean_text(raw: Any, limit: int = MAX_CHARS) -> CleanText:
    """Text Rasa, the scorer and every database can take; cut to ``limit``."""
    text = "" if raw is None else raw if isinstance(raw, str) else str(raw)
    text = _SURROGATES.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(
        char
        for char in text
        if char in _KEEP_CONTROLS or unicodedata.category(char) != "Cc"
    )
    original_length = len(text)
    truncated = original_length > limit
    return CleanText(text[:limit] if truncated else text, truncated, original_length)


@lru_cache(maxsize=4)
def load_notices(path: Path = NOTICES_FILE) -> Dict[str, str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(key): " ".join(str(value).split()) for key, value in data.items()}


def notice(key: str, **values: Any) -> Message:
    """A note in the app's voice: text for every client, ``custom.role`` for rich."""
    text = load_notices()[key].format(**values)
    return {"text": text, "custom": {"role": ROLE, "notice": key, "text": text}}


# --- seeing an action failure inside a turn ------------------------------------------

_turn_failures: contextvars.ContextVar[List[str] | None] = contextvars.ContextVar(
    "peer_practice_turn_failures", default=None
)


class _ActionFailureWatch(logging.Handler):
    """Records Rasa's "exception while running action" for the turn being handled."""

    def emit(self, record: logging.LogRecord) -> None:
        failures = _turn_failures.get()
        if failures is None:
            return
        try:
            text = record.getMessage()
        except Exception:  # a malformed record must never break the turn
            logger.exception("unreadable log record from %s", record.name)
            return
        if text.startswith(ACTION_FAILURE_MARK):
            failures.append(text)


def install_failure_watch() -> None:
    """Idempotent: add the watch to Rasa's processor logger."""
    processor_logger = logging.getLogger(PROCESSOR_LOGGER)
    if not any(isinstance(h, _ActionFailureWatch) for h in processor_logger.handlers):
        processor_logger.addHandler(_ActionFailureWatch(level=logging.ERROR))


# --- the action server's health ------------------------------------------------------


def health_url_for(action_url: str | None) -> str | None:
    """``http://host:5055/webhook`` -> ``http://host:5055/health``."""
    if not action_url:
        return None
    parts = urlsplit(action_url)
    path = parts.path[: -len("/webhook")] if parts.path.endswith("/webhook") else ""
    return urlunsplit((parts.scheme, parts.netloc, f"{path}/health", "", ""))


class ActionHealth:
    """A cached ``GET /health`` of the action server (per process)."""

    def __init__(
        self,
        url: str | None,
        up_ttl: float = 2.0,
        down_ttl: float = 0.5,
        timeout: float = 1.0,
    ) -> None:
        self.url, self.up_ttl, self.down_ttl, self.timeout = (
            url,
            up_ttl,
            down_ttl,
            timeout,
        )
        self._known: bool | None = None
        self._checked_at = 0.0

    def mark_down(self) -> None:
        self._known, self._checked_at = False, time.monotonic()

    async def is_up(self, fresh: bool = False) -> bool:
        if self.url is None:
            return True
        age = time.monotonic() - self._checked_at
        ttl = self.up_ttl if self._known else self.down_ttl
        if not fresh and self._known is not None and age < ttl:
            return self._known
        self._known, self._checked_at = await self._probe(), time.monotonic()
        return self._known

    async def _probe(self) -> bool:
        assert self.url is not None
        try:
            timeout = aiohttp.ClientTimeout(total=self.timeout)
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.get(self.url) as reply,
            ):
                return reply.status == 200
        except Exception:  # refused, timed out, reset: all mean "not answering"
            logger.warning("action server health check failed: %s", self.url)
            return False


# --- texts waiting for the action server ---------------------------------------------


class PendingStore(Protocol):
    def put(self, sender_id: str, text: str) -> None: ...

    def take(self, sender_id: str) -> List[str]: ...


class MemoryPendingStore:
    """Fallback when the tracker store is not SQL: lost if this process stops."""

    def __init__(self) -> None:
        self._texts: Dict[str, List[str]] = {}

    def put(self, sender_id: str, text: str) -> None:
        texts = self._texts.setdefault(sender_id, [])
        texts.append(text)
        del texts[:-MAX_PENDING]

    def take(self, sender_id: str) -> List[str]:
        return self._texts.pop(sender_id, [])


class SQLPendingStore:
    """Pending texts in table ``peer_practice_pending`` of the tracker store's database.

    Every replica reads the same table, and ``take`` deletes row by row, so a text is
    replayed by exactly one request even when two replicas race.
    """

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.table = sa.Table(
            "peer_practice_pending",
            sa.MetaData(),
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("sender_id", sa.String(255), index=True, nullable=False),
            sa.Column("text", sa.Text, nullable=False),
            sa.Column("created_at", sa.Float, nullable=False),
        )
        self._ready = False

    def _ensure_table(self) -> None:
        if self._ready:
            return
        try:
            self.table.metadata.create_all(self.engine, checkfirst=True)
        except sa.exc.SQLAlchemyError:
            # Another replica may have created it at the same moment.
            logger.exception("creating peer_practice_pending; checking it exists")
            if not sa.inspect(self.engine).has_table(self.table.name):
                raise
        self._ready = True

    def put(self, sender_id: str, text: str) -> None:
        self._ensure_table()
        with self.engine.begin() as connection:
            connection.execute(
                self.table.insert().values(
                    sender_id=sender_id, text=text, created_at=time.time()
                )
            )
            ids = connection.execute(
                sa.select(self.table.c.id)
                .where(self.table.c.sender_id == sender_id)
                .order_by(self.table.c.id.desc())
                .offset(MAX_PENDING)
            ).scalars()
            stale = list(ids)
            if stale:
                connection.execute(
                    self.table.delete().where(self.table.c.id.in_(stale))
                )

    def take(self, sender_id: str) -> List[str]:
        self._ensure_table()
        taken: List[str] = []
        with self.engine.begin() as connection:
            rows = connection.execute(
                sa.select(self.table.c.id, self.table.c.text)
                .where(self.table.c.sender_id == sender_id)
                .order_by(self.table.c.id)
            ).all()
        for row_id, text in rows:
            with self.engine.begin() as connection:
                deleted = connection.execute(
                    self.table.delete().where(self.table.c.id == row_id)
                ).rowcount
            if deleted == 1:
                taken.append(text)
        return taken


def pending_store_for(tracker_store: Any) -> PendingStore:
    """The SQL table beside a SQL tracker store, else memory (logged once)."""
    store = tracker_store
    for _ in range(3):  # AwaitableTrackerStore / FailSafeTrackerStore wrap the real one
        if hasattr(store, "engine"):
            return SQLPendingStore(store.engine)
        store = getattr(store, "_tracker_store", None) or getattr(
            store, "tracker_store", None
        )
        if store is None:
            break
    logger.warning(
        "tracker store %s is not SQL: pending turns are kept in this process only",
        type(tracker_store).__name__,
    )
    return MemoryPendingStore()


# --- one guarded turn ----------------------------------------------------------------


class TurnGuard:
    """Cleans the text, keeps turns the action server could not answer, replays them."""

    def __init__(
        self,
        health: ActionHealth,
        pending: PendingStore,
        revert: Callable[[str], Awaitable[None]] | None = None,
        limit: int = MAX_CHARS,
    ) -> None:
        self.health, self.pending, self.revert, self.limit = (
            health,
            pending,
            revert,
            limit,
        )
        install_failure_watch()

    async def handle(
        self, sender_id: str, raw: Any, run_turn: RunTurn
    ) -> List[Message]:
        """The bot messages for one incoming text (never an empty list)."""
        messages = await self._handle(sender_id, raw, run_turn)
        return [{"recipient_id": sender_id, **message} for message in messages]

    async def _handle(
        self, sender_id: str, raw: Any, run_turn: RunTurn
    ) -> List[Message]:
        cleaned = clean_text(raw, self.limit)
        notes: List[Message] = []
        if cleaned.truncated:
            notes.append(notice("truncated", limit=self.limit))
        text = cleaned.text
        if not text.strip():
            return notes + [notice("empty")]
        if not await self.health.is_up():
            self.pending.put(sender_id, text)
            return notes + [notice("unavailable")]

        messages: List[Message] = []
        waiting = self.pending.take(sender_id)
        for index, earlier in enumerate(waiting):
            if earlier == text and index == len(waiting) - 1:
                break  # typed again: answered once, below
            answer = await self._attempt(sender_id, earlier, run_turn)
            if answer is None:
                for later in waiting[index:]:
                    self.pending.put(sender_id, later)
                self.pending.put(sender_id, text)
                return notes + messages + [notice("unavailable")]
            messages += [notice("replayed", text=_preview(earlier))] + answer

        answer = await self._attempt(sender_id, text, run_turn)
        if answer is None:
            self.pending.put(sender_id, text)
            return notes + messages + [notice("unavailable")]
        return notes + messages + answer

    async def _attempt(
        self, sender_id: str, text: str, run_turn: RunTurn
    ) -> List[Message] | None:
        """The turn's messages; None when the action server was unreachable."""
        failures: List[str] = []
        token = _turn_failures.set(failures)
        try:
            messages = list(await run_turn(text))
        except Exception:
            logger.exception("the turn of %s failed in Rasa", sender_id)
            return [notice("failed")]
        finally:
            _turn_failures.reset(token)
        if not failures:
            return messages or [notice("no_answer")]

        reachable = await self.health.is_up(fresh=True)
        await self._revert(sender_id)
        if reachable:
            # The server answered but an action raised: a bug, not an outage. The
            # turn is rolled back (the session is unchanged) and not replayed.
            logger.error("an action failed for %s: %s", sender_id, failures[0])
            return [notice("failed")]
        self.health.mark_down()
        logger.warning("action server unreachable; turn of %s kept", sender_id)
        return None

    async def _revert(self, sender_id: str) -> None:
        if self.revert is None:
            return
        try:
            await self.revert(sender_id)
        except Exception:
            logger.exception("could not roll back the failed turn of %s", sender_id)


def _preview(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- wiring into a Rasa server -------------------------------------------------------


def agent_reverter(get_agent: Callable[[], Any]) -> Callable[[str], Awaitable[None]]:
    """Roll the sender's tracker back to before its latest user message."""

    async def revert(sender_id: str) -> None:
        from rasa.shared.core.constants import ACTION_LISTEN_NAME
        from rasa.shared.core.events import ActionExecuted, UserUtteranceReverted

        agent = get_agent()
        async with agent.lock_store.lock(sender_id):
            tracker = await agent.processor.get_tracker(sender_id)
            # The revert also drops the listen before the message (it is meant to run
            # inside a turn); listening again leaves the tracker as before the turn.
            tracker.update(UserUtteranceReverted())
            tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
            await agent.processor.save_tracker(tracker)

    return revert


def guard_for_app(
    app: Any,
    limit: int = MAX_CHARS,
    up_ttl: float = 2.0,
    down_ttl: float = 0.5,
) -> TurnGuard:
    """The TurnGuard of a running Rasa server (one per Sanic app, made on first use)."""
    guard = getattr(app.ctx, "peer_practice_guard", None)
    if guard is not None:
        return guard
    agent = app.ctx.agent
    endpoint = getattr(agent, "action_endpoint", None)
    health = ActionHealth(
        health_url_for(getattr(endpoint, "url", None)), up_ttl=up_ttl, down_ttl=down_ttl
    )
    guard = TurnGuard(
        health,
        pending_store_for(agent.tracker_store),
        revert=agent_reverter(lambda: app.ctx.agent),
        limit=limit,
    )
    app.ctx.peer_practice_guard = guard
    return guard


class WholeMessageCollector(CollectingOutputChannel):
    """Collects each bot message whole (text, buttons and custom payload together),
    unlike Rasa's collector, which splits text and custom into two messages."""

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        await self._persist_message({"recipient_id": recipient_id, **message})


async def guarded_turn(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    output: OutputChannel,
    text: Any,
    sender_id: str,
    input_channel: str,
    metadata: Dict[str, Any] | None = None,
    app: Any = None,
) -> None:
    """One incoming message through the server's TurnGuard; what it answers (the peer,
    the coach, or a note when the action server is away) goes to ``output``."""

    async def run_turn(turn_text: str) -> List[Message]:
        collector = WholeMessageCollector()
        await on_new_message(
            UserMessage(
                turn_text,
                collector,
                sender_id,
                input_channel=input_channel,
                metadata=metadata,
            )
        )
        return list(collector.messages)

    guard = guard_for_app(app if app is not None else Sanic.get_app())
    for message in await guard.handle(sender_id, text, run_turn):
        message = {
            key: value for key, value in message.items() if key != "recipient_id"
        }
        await output.send_response(sender_id, message)
