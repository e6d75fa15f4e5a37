"""Slack message building for the practice connector (no rasa import: unit-testable).

Words come from ``web/commands.json`` (section ``slack``); this module only assembles
Block Kit structures and escapes what the trainee or the bot wrote.
"""

from __future__ import annotations

import json
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

logger = logging.getLogger(__name__)

TEXTS_FILE = Path(__file__).resolve().parents[2] / "web" / "commands.json"
BLOCK_PREFIX = "pp"  # block_id = "pp|<owner user id>|<thread ts>"
MAX_BUTTONS_PER_BLOCK = 5
MAX_SECTION_CHARS = 2900  # Slack allows 3000 per section text


@lru_cache(maxsize=4)
def load_texts(path: str = str(TEXTS_FILE)) -> Dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def escape(text: str) -> str:
    """Slack's three control characters; stops user text from becoming a mention."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _section(text: str) -> Dict[str, Any]:
    return {
        "type": "section",
        "text": {"type": "mrkdwn", "text": text[:MAX_SECTION_CHARS] or " "},
    }


def _context(text: str) -> Dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def flag_spans(reply: str, changes: Sequence[Dict[str, Any]]) -> List[Tuple[int, int]]:
    """Valid, sorted, non-overlapping [start, end) spans of the flagged words."""
    spans: List[Tuple[int, int]] = []
    for change in changes:
        raw_start, raw_end = change.get("start"), change.get("end")
        words = str(change.get("text") or "")
        start = raw_start if isinstance(raw_start, int) else -1
        end = raw_end if isinstance(raw_end, int) else -1
        ok = 0 <= start < end <= len(reply)
        if not ok or (words and reply[start:end] != words):
            found = reply.find(words) if words else -1
            if found < 0:
                continue
            start, end = found, found + len(words)
        spans.append((start, end))
    kept: List[Tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def highlighted(reply: str, changes: Sequence[Dict[str, Any]]) -> str:
    """The reply as escaped mrkdwn with each flagged span in bold."""
    parts: List[str] = []
    cursor = 0
    for start, end in flag_spans(reply, changes):
        parts.append(escape(reply[cursor:start]))
        flagged = escape(reply[start:end]).strip("*")
        parts.append(f"*{flagged}*" if flagged else "")
        cursor = end
    parts.append(escape(reply[cursor:]))
    return "".join(parts)


def coach_blocks(
    payload: Dict[str, Any], fallback: str, texts: Dict[str, Any]
) -> Tuple[str, List[Dict[str, Any]]]:
    """A coach payload as (notification text, blocks) for one trainee's eyes."""
    words = texts["slack"]
    blocks: List[Dict[str, Any]] = [_context(f"*{escape(words['coach_header'])}*")]
    quote = str(payload.get("quote") or "")
    changes = [c for c in payload.get("change") or [] if isinstance(c, dict)]
    if quote:
        blocks.append(
            _section(f"*{escape(words['your_reply'])}*\n>{highlighted(quote, changes)}")
        )
    good = [str(line) for line in payload.get("good") or []]
    if good:
        items = "\n".join(f"• {escape(line)}" for line in good)
        blocks.append(_section(f"*{escape(words['good'])}*\n{items}"))
    change_lines = []
    for change in changes:
        category = escape(str(change.get("category", "")))
        line = f"• *{category}*: “{escape(str(change.get('text', '')))}”"
        if change.get("why"):
            line += f" — {escape(str(change['why']))}"
        if change.get("rewrite"):
            line += (
                f"\n   _{escape(words['rewrite'])}:_ “{escape(str(change['rewrite']))}”"
            )
        change_lines.append(line)
    change_lines += [f"• {escape(str(note))}" for note in payload.get("notes") or []]
    if change_lines:
        blocks.append(
            _section(f"*{escape(words['change'])}*\n" + "\n".join(change_lines))
        )
    if not (quote or good or change_lines):
        blocks.append(_section(escape(str(payload.get("text") or fallback))))
    if isinstance(payload.get("trust"), (int, float)):
        blocks.append(_context(escape(words["trust"].format(trust=payload["trust"]))))
    return (fallback or str(payload.get("text") or words["coach_header"])), blocks


def report_blocks(
    payload: Dict[str, Any], fallback: str, texts: Dict[str, Any]
) -> Tuple[str, List[Dict[str, Any]]]:
    words = texts["slack"]
    summary = str(payload.get("summary") or fallback or payload.get("text") or "")
    blocks = [
        _context(f"*{escape(words['report_header'])}*"),
        _section(escape(summary)),
    ]
    return summary or words["report_header"], blocks


def block_id(owner: str, thread_ts: str | None) -> str:
    return f"{BLOCK_PREFIX}|{owner}|{thread_ts or ''}"


def parse_block_id(value: str | None) -> Tuple[str, str | None] | None:
    """(owner, thread_ts) from a block_id written by :func:`block_id`."""
    parts = (value or "").split("|")
    if len(parts) != 3 or parts[0] != BLOCK_PREFIX or not parts[1]:
        return None
    return parts[1], parts[2] or None


def button_blocks(
    text: str, buttons: Sequence[Dict[str, Any]], owner: str, thread_ts: str | None
) -> List[Dict[str, Any]]:
    """Text plus actions blocks of at most five buttons; block ids carry the owner."""
    blocks: List[Dict[str, Any]] = [_section(escape(text))] if text else []
    for index in range(0, len(buttons), MAX_BUTTONS_PER_BLOCK):
        chunk = buttons[index : index + MAX_BUTTONS_PER_BLOCK]
        blocks.append(
            {
                "type": "actions",
                "block_id": f"{block_id(owner, thread_ts)}|{index}",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": str(b["title"])[:75]},
                        "value": str(b["payload"])[:2000],
                        "action_id": f"choice_{index + offset}",
                    }
                    for offset, b in enumerate(chunk)
                ],
            }
        )
    return blocks


def parse_actions_block_id(value: str | None) -> Tuple[str, str | None] | None:
    """Like :func:`parse_block_id` for the ``|index``-suffixed ids of button blocks."""
    if not value:
        return None
    return parse_block_id("|".join(value.split("|")[:3]))


_ARGUMENT_RE = re.compile(r"\s+")


def command_message(text: str, texts: Dict[str, Any]) -> str:
    """What Rasa receives for ``/practice <text>``: a payload or the typed text."""
    payloads = texts["payloads"]
    words = _ARGUMENT_RE.split(text.strip()) if text.strip() else []
    verb = words[0].lower() if words else ""
    rest = words[1:]

    def fill(name: str, **values: str) -> str:
        template = str(payloads[name])
        for key, value in values.items():
            template = template.replace("{" + key + "}", json.dumps(value)[1:-1])
        return template

    if not verb or verb in ("scenarios", "menu", "list"):
        return str(payloads["scenarios"])
    if verb in ("hint", "feedback", "end", "help"):
        return str(payloads[verb])
    if verb in ("coach", "exam"):
        return fill("mode", mode=verb)
    if verb in ("easy", "standard", "hard"):
        return fill("difficulty", difficulty=verb)
    if verb == "start" and not rest:
        return str(payloads["scenarios"])
    if verb == "start":
        return " ".join(words)  # "start grief" - the start action matches names/numbers
    return text.strip()
