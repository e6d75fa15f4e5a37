"""A fake Slack Web API on loopback that records what the bot sends.

The practice Slack connector's ``base_url`` points here (``http://127.0.0.1:PORT/api/``).
Every ``POST /api/<method>`` is recorded; ``chat.postMessage`` returns a fresh ``ts``
and remembers the message so ``conversations.history`` returns it with its metadata.
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List
from urllib.parse import parse_qsl

logger = logging.getLogger(__name__)


@dataclass
class SlackCall:
    method: str
    args: Dict[str, Any]
    token: str


@dataclass
class FakeSlack:
    host: str = "127.0.0.1"
    calls: List[SlackCall] = field(default_factory=list)
    messages: Dict[str, Dict[str, Any]] = field(default_factory=dict)  # ts -> message
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _counter: Any = field(default_factory=lambda: itertools.count(1))

    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                path, _, query = self.path.partition("?")
                self.answer(path, dict(parse_qsl(query)))

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                if self.path.startswith("/upload/"):  # a file's bytes (files_upload_v2)
                    args: Dict[str, Any] = {"content": raw}
                elif "json" in (self.headers.get("content-type") or ""):
                    args = json.loads(raw or "{}")
                else:
                    args = dict(parse_qsl(raw))
                    for key in ("blocks", "metadata"):
                        if isinstance(args.get(key), str):
                            args[key] = json.loads(args[key])
                path, _, query = self.path.partition("?")  # some methods use both
                self.answer(path, {**dict(parse_qsl(query)), **args})

            def answer(self, path: str, args: Dict[str, Any]) -> None:
                method = path.rsplit("/", 1)[-1]
                token = (self.headers.get("authorization") or "").replace("Bearer ", "")
                body = fake.record(method, args, token)
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json; charset=utf-8")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                logger.debug("fake slack: %s", format % args)

        self.server = ThreadingHTTPServer((self.host, 0), Handler)
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/api/"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def record(self, method: str, args: Dict[str, Any], token: str) -> Dict[str, Any]:
        with self._lock:
            self.calls.append(SlackCall(method, args, token))
            if method == "chat.postMessage":
                ts = f"{int(time.time())}.{next(self._counter):06d}"
                message = {**args, "ts": ts, "user": "UBOT"}
                self.messages[ts] = message
                return {
                    "ok": True,
                    "channel": args.get("channel"),
                    "ts": ts,
                    "message": message,
                }
            if method == "chat.postEphemeral":
                return {"ok": True, "message_ts": f"{time.time():.6f}"}
            if method == "conversations.history":
                found = self.messages.get(str(args.get("latest")))
                return {
                    "ok": True,
                    "messages": [found] if found else [],
                    "has_more": False,
                }
            if method == "auth.test":
                return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT"}
            if method == "conversations.open":
                return {"ok": True, "channel": {"id": f"D{args.get('users')}"}}
            if method == "files.getUploadURLExternal":
                file_id = f"F{next(self._counter):06d}"
                url = f"http://{self.host}:{self.port}/upload/{file_id}"
                return {"ok": True, "upload_url": url, "file_id": file_id}
            if method == "files.completeUploadExternal":
                return {"ok": True, "files": json.loads(args.get("files") or "[]")}
            return {"ok": True}

    def snapshot(self) -> List[SlackCall]:
        with self._lock:
            return list(self.calls)

    def wait_for(
        self,
        predicate: Callable[[List[SlackCall]], object],
        timeout: float = 60.0,
    ) -> List[SlackCall]:
        """Calls so far, once ``predicate(calls)`` holds (AssertionError on timeout)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.snapshot()
            if predicate(calls):
                return calls
            time.sleep(0.1)
        last = "\n".join(repr(call) for call in self.snapshot()[-6:])
        raise AssertionError(f"timed out; the last Slack calls:\n{last}")

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
