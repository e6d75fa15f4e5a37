"""Role-play in the terminal against the running Rasa server (its REST channel).

    python -m bot.shell --url http://127.0.0.1:5005 [--token T] [--sender ID]

Peer, coach and the app's own messages are labelled (and coloured when stdout is a
terminal and NO_COLOR is unset). Commands and labels come from web/commands.json, the
app's own sentences from domain.yml. Ctrl-D, Ctrl-C or /quit end the session (with its
report) and leave. Needs only the standard library, PyYAML and requests.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import re
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Sequence, TextIO, Tuple

import requests
import yaml

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
TEXTS_FILE = ROOT / "web" / "commands.json"
DOMAIN_FILE = ROOT / "domain.yml"
COLOURS = {
    "peer": "\033[1;36m",
    "coach": "\033[1;33m",
    "system": "\033[1;35m",
    "report": "\033[1;32m",
    "flag": "\033[4;31m",
    "dim": "\033[2m",
    "reset": "\033[0m",
}

Message = Dict[str, Any]


def load_texts(path: Path = TEXTS_FILE) -> Dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: Dict[str, Any] = json.load(handle)
    return data


def response_patterns(path: Path = DOMAIN_FILE) -> List[re.Pattern[str]]:
    """Regexes for the app's own responses in domain.yml ({slots} match anything)."""
    try:
        domain = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return []
    patterns = []
    for variations in (domain.get("responses") or {}).values():
        for variation in variations or []:
            text = str((variation or {}).get("text") or "").strip()
            if text:
                parts = re.split(r"\{[^{}]*\}", text)
                body = r"[\s\S]*?".join(re.escape(part) for part in parts)
                patterns.append(re.compile(body + r"\Z"))
    return patterns


def merge_split_messages(messages: Sequence[Message]) -> List[Message]:
    """Rasa's REST channel sends text and custom of one message separately: rejoin."""
    merged: List[Message] = []
    for message in messages:
        custom_only = message.get("custom") is not None and not message.get("text")
        if custom_only and merged and merged[-1].get("custom") is None:
            merged[-1] = {**merged[-1], "custom": message["custom"]}
        else:
            merged.append(dict(message))
    return merged


def use_colour(stream: TextIO, disabled: bool = False) -> bool:
    if disabled or "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


@dataclass
class Renderer:
    texts: Dict[str, Any]
    colour: bool
    system_patterns: List[re.Pattern[str]] = field(default_factory=list)

    def paint(self, style: str, text: str) -> str:
        if not self.colour:
            return text
        return f"{COLOURS[style]}{text}{COLOURS['reset']}"

    def label(self, kind: str) -> str:
        return self.paint(kind, f"{self.texts['labels'][kind]}:")

    def kind(self, message: Message) -> str:
        custom = (
            message.get("custom") if isinstance(message.get("custom"), dict) else {}
        )
        role = (custom or {}).get("role")
        text = str(message.get("text") or "")
        if role in ("coach", "report"):
            return str(role)
        if text.startswith(self.texts["labels"]["coach"]):
            return "coach"
        if message.get("buttons") or any(p.match(text) for p in self.system_patterns):
            return "system"
        return "peer" if text else "system"

    def flagged(self, reply: str, changes: Sequence[Dict[str, Any]]) -> str:
        """The reply with flagged spans marked (underlined red, or [brackets])."""
        spans: List[Tuple[int, int]] = []
        for change in changes:
            start, end = change.get("start"), change.get("end")
            if not (isinstance(start, int) and isinstance(end, int)):
                continue
            if 0 <= start < end <= len(reply):
                spans.append((start, end))
        out, cursor = [], 0
        left, right = self.texts["shell_text"]["flag_marks"]
        for start, end in sorted(spans):
            if start < cursor:
                continue
            out.append(reply[cursor:start])
            words = reply[start:end]
            out.append(
                self.paint("flag", words) if self.colour else f"{left}{words}{right}"
            )
            cursor = end
        out.append(reply[cursor:])
        return "".join(out)

    def coach(self, message: Message) -> List[str]:
        labels = self.texts["labels"]
        payload = message.get("custom") or {}
        if not isinstance(payload, dict) or not payload.get("quote"):
            return [f"{self.label('coach')} {message.get('text', '')}"]
        lines = [self.label("coach")]
        quote = str(payload["quote"])
        changes = [c for c in payload.get("change") or [] if isinstance(c, dict)]
        lines.append(f"  {labels['your_reply']}: {self.flagged(quote, changes)}")
        good = payload.get("good") or []
        if good:
            lines.append(f"  {labels['good']}:")
            lines += [f"    + {line}" for line in good]
        notes = [str(note) for note in payload.get("notes") or []]
        if changes or notes:
            lines.append(f"  {labels['change']}:")
        for change in changes:
            words, category = change.get("text", ""), change.get("category", "")
            lines.append(f"    - \u201c{words}\u201d ({category})")
            if change.get("why"):
                lines.append(f"      {labels['why']}: {change['why']}")
            if change.get("rewrite"):
                lines.append(
                    f"      {labels['rewrite']}: \u201c{change['rewrite']}\u201d"
                )
        lines += [f"    - {note}" for note in notes]
        if not changes and not notes:
            lines.append(f"  {labels['no_flags']}")
        trust = payload.get("trust")
        if isinstance(trust, (int, float)):
            filled = int(round(trust / 10))
            bar = "#" * filled + "." * (10 - filled)
            lines.append(f"  {labels['trust']} {int(trust)}/100 [{bar}]")
        return lines

    def report(self, message: Message) -> List[str]:
        payload = message.get("custom") or {}
        heading = self.texts["shell_text"]["report_heading"]
        summary = str(payload.get("summary") or message.get("text") or "")
        rule = "=" * len(heading)
        return [self.paint("report", f"{heading}\n{rule}"), summary, ""]

    def render(self, message: Message) -> List[str]:
        kind = self.kind(message)
        if kind == "coach":
            return self.coach(message)
        if kind == "report":
            return self.report(message)
        text = str(message.get("text") or "")
        lines = [f"{self.label(kind)} {text}"] if text else []
        for number, button in enumerate(message.get("buttons") or [], start=1):
            lines.append(self.paint("dim", f"  [{number}] {button.get('title', '')}"))
        return lines


class Client:
    """One conversation over Rasa's REST channel."""

    def __init__(self, url: str, sender: str, token: str | None) -> None:
        self.endpoint = url.rstrip("/") + "/webhooks/rest/webhook"
        self.sender = sender
        self.params = {"token": token} if token else {}

    def say(self, text: str) -> List[Message]:
        response = requests.post(
            self.endpoint,
            params=self.params,
            json={"sender": self.sender, "message": text},
            timeout=120,
        )
        response.raise_for_status()
        return merge_split_messages(response.json() or [])


class Shell:
    def __init__(self, client: Client, renderer: Renderer, out: TextIO) -> None:
        self.client = client
        self.renderer = renderer
        self.texts = renderer.texts
        self.out = out
        self.buttons: List[Dict[str, Any]] = []
        self.in_session = False

    def print(self, line: str = "") -> None:
        print(line, file=self.out, flush=True)

    def payload(self, name: str, **values: str) -> str:
        template = str(self.texts["payloads"][name])
        for key, value in values.items():
            template = template.replace("{" + key + "}", json.dumps(value)[1:-1])
        return template

    def show_commands(self) -> None:
        self.print(self.texts["shell_text"]["intro"])
        for command in self.texts["shell_commands"]:
            usage = f"{command['command']} {command['args']}".strip()
            self.print(f"  {usage:<34} {command['help']}")
        self.print(self.texts["shell_text"]["numbers"])

    def send(self, text: str) -> None:
        for message in self.client.say(text):
            kind = self.renderer.kind(message)
            if kind == "peer":
                self.in_session = True
            if kind == "report":
                self.in_session = False
            if message.get("buttons"):
                self.buttons = list(message["buttons"])
            for line in self.renderer.render(message):
                self.print(line)

    def translate(self, line: str) -> List[str] | None:
        """What to send for a typed line; None means 'leave'. [] sends nothing."""
        if line.isdigit() and self.buttons and 1 <= int(line) <= len(self.buttons):
            return [str(self.buttons[int(line) - 1]["payload"])]
        if not line.startswith("/"):
            return [line]
        command, *args = line.split()
        command = command.lower()
        if command == "/quit":
            return None
        if command == "/commands":
            self.show_commands()
            return []
        if command == "/start":
            return self.start(args)
        if command == "/mode" and args:
            return [self.payload("mode", mode=args[0].lower())]
        if command == "/difficulty" and args:
            return [self.payload("difficulty", difficulty=args[0].lower())]
        simple = {"/scenarios": "scenarios", "/hint": "hint", "/feedback": "feedback"}
        simple.update({"/end": "end", "/help": "help"})
        if command in simple:
            return [self.payload(simple[command])]
        self.print(self.texts["shell_text"]["unknown_command"].format(command=command))
        return []

    def start(self, args: List[str]) -> List[str]:
        if not args:
            return [self.payload("scenarios")]
        ids = {d["id"] for d in self.texts["difficulties"]}
        modes = {m["id"] for m in self.texts["modes"]}
        scenario = args[0]
        difficulty = next((a.lower() for a in args[1:] if a.lower() in ids), "")
        mode = next((a.lower() for a in args[1:] if a.lower() in modes), "")
        sends = [self.payload("mode", mode=mode)] if mode else []
        if scenario.isdigit() and self.buttons and int(scenario) <= len(self.buttons):
            sends.append(str(self.buttons[int(scenario) - 1]["payload"]))
        else:
            start = self.payload("start", scenario=scenario, difficulty=difficulty)
            sends.append(start.replace(', "mode": "{mode}"', ""))
        return sends

    def finish(self) -> None:
        if self.in_session:
            self.print(self.renderer.paint("dim", self.texts["shell_text"]["ending"]))
            try:
                self.send(self.payload("end"))
            except requests.RequestException as error:
                logger.debug("could not end the session: %s", error)
        self.print(self.texts["shell_text"]["bye"])

    def run(self, read: Any = input) -> int:
        texts = self.texts
        self.print(self.renderer.paint("system", texts["title"]))
        self.print(texts["tagline"])
        self.print()
        self.show_commands()
        self.print()
        try:
            self.send(self.payload("scenarios"))
        except requests.RequestException as error:
            url = self.client.endpoint.rsplit("/webhooks", 1)[0]
            self.print(texts["shell_text"]["unreachable"].format(url=url, error=error))
            return 1
        while True:
            try:
                line = read(texts["shell_text"]["prompt"]).strip()
            except (EOFError, KeyboardInterrupt):
                self.print()
                break
            if not line:
                continue
            sends = self.translate(line)
            if sends is None:
                break
            try:
                for text in sends:
                    self.send(text)
            except KeyboardInterrupt:
                self.print()
                break
            except requests.RequestException as error:
                url = self.client.endpoint.rsplit("/webhooks", 1)[0]
                self.print(
                    texts["shell_text"]["unreachable"].format(url=url, error=error)
                )
        with contextlib.suppress(KeyboardInterrupt):
            self.finish()
        return 0


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot.shell", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument(
        "--url", default=os.environ.get("RASA_URL", "http://127.0.0.1:5005")
    )
    parser.add_argument("--token", default=os.environ.get("RASA_TOKEN"))
    parser.add_argument("--sender", default=None, help="conversation id (default: new)")
    parser.add_argument("--no-color", action="store_true", help="never use colour")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    texts = load_texts()
    renderer = Renderer(
        texts, use_colour(sys.stdout, args.no_color), response_patterns()
    )
    sender = args.sender or f"shell-{uuid.uuid4().hex[:12]}"
    return Shell(Client(args.url, sender, args.token), renderer, sys.stdout).run()


if __name__ == "__main__":
    sys.exit(main())
