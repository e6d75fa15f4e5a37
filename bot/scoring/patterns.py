"""A small pattern language, compiled to spaCy ``Matcher`` token patterns or a trie.

One whitespace-separated element per token: ``word``; ``a|b`` (alternatives); ``$NAME``
(a macro from macros.yml, may be mixed: ``$YOU|ya``); ``~lemma``; ``@feel`` (a token the
feelings component marked); ``_`` (any token). Suffixes: ``?`` optional, ``+`` one or
more, ``*`` any number, ``{m,n}`` a range. A leading ``^`` anchors at the start of a
sentence; ``[`` and ``]`` delimit the part of the match that is flagged;
``( a b / c d )`` is a choice between word sequences (``expand_groups``).

``compile_pattern`` gives spaCy ``Matcher`` token dicts (for inspection and tests);
``PatternSet`` compiles the same patterns into a word trie, which matches hundreds of
thousands of word sequences in one pass over the doc (the ``Matcher`` evaluates every
``IN`` predicate on every token and was 10x too slow for the 2,000 replies/s budget).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Tuple

from spacy.tokens import Doc

from bot.scoring.tokens import hash_string, view

_SUFFIX = re.compile(r"^(?P<body>.+?)(?P<op>\?|\+|\*|\{\d*,\d*\})?$")


@dataclass(frozen=True)
class Compiled:
    tokens: List[Dict[str, Any]]
    anchored: bool
    focus: Tuple[int, int] | None  # pattern element range [start, end)


def _alternatives(body: str, macros: Mapping[str, str]) -> List[str]:
    words: List[str] = []
    for part in body.split("|"):
        if part.startswith("$"):
            name = part[1:]
            if name not in macros:
                raise ValueError(f"unknown macro ${name}")
            words.extend(macros[name].split("|"))
        elif part:
            words.append(part)
    return sorted(set(words))


def _element(raw: str, macros: Mapping[str, str]) -> Dict[str, Any]:
    match = _SUFFIX.match(raw)
    if match is None:
        raise ValueError(f"bad pattern element {raw!r}")
    body, op = match.group("body"), match.group("op")
    token: Dict[str, Any]
    if body == "_":
        token = {}
    elif body == "@feel":
        token = {"_": {"pp_feel": True}}
    elif body.startswith("~"):
        token = {"LEMMA": {"IN": _alternatives(body[1:], macros)}}
    else:
        words = _alternatives(body, macros)
        token = {"LOWER": words[0]} if len(words) == 1 else {"LOWER": {"IN": words}}
    if op:
        token["OP"] = op
    return token


def expand_groups(text: str) -> List[str]:
    """``"x ( a b / c ) y"`` -> ``["x a b y", "x c y"]`` (groups may nest)."""
    parts = text.split()
    if "(" not in parts:
        return [text]
    start = parts.index("(")
    depth, end = 0, -1
    for i in range(start, len(parts)):
        depth += {"(": 1, ")": -1}.get(parts[i], 0)
        if depth == 0:
            end = i
            break
    if end < 0:
        raise ValueError(f"unbalanced ( in {text!r}")
    options: List[List[str]] = [[]]
    depth = 0
    for word in parts[start + 1 : end]:
        depth += {"(": 1, ")": -1}.get(word, 0)
        if word == "/" and depth == 0:
            options.append([])
        else:
            options[-1].append(word)
    head, tail = parts[:start], parts[end + 1 :]
    out: List[str] = []
    for option in options:
        out.extend(expand_groups(" ".join(head + option + tail)))
    return out


def compile_all(text: str, macros: Mapping[str, str]) -> List[Compiled]:
    return [compile_pattern(t, macros) for t in expand_groups(text)]


def compile_pattern(text: str, macros: Mapping[str, str]) -> Compiled:
    parts = text.split()
    anchored = bool(parts) and parts[0] == "^"
    if anchored:
        parts = parts[1:]
    tokens: List[Dict[str, Any]] = []
    start: int | None = None
    focus: Tuple[int, int] | None = None
    for raw in parts:
        if raw == "[":
            start = len(tokens)
        elif raw == "]":
            if start is None:
                raise ValueError(f"unbalanced ] in {text!r}")
            focus = (start, len(tokens))
        else:
            tokens.append(_element(raw, macros))
    if not tokens:
        raise ValueError(f"empty pattern {text!r}")
    return Compiled(tokens, anchored, focus)


Hit = Tuple[str, int, int, Tuple[int, int]]  # label, start, end, flagged token range
ANY, FEEL = -1, -2  # wildcard edges (word edges are string hashes, always >= 0)


class _Node:
    __slots__ = ("next", "ends")

    def __init__(self) -> None:
        self.next: Dict[int, _Node] = {}
        self.ends: List[Tuple[str, int, int]] = []  # label, focus start, focus end

    def child(self, key: int) -> _Node:
        node = self.next.get(key)
        if node is None:
            node = self.next[key] = _Node()
        return node


def _steps(token: Dict[str, Any]) -> Tuple[List[int], int, int]:
    """The trie keys of one element and how often it may repeat (min, max)."""
    if token.get("_") == {"pp_feel": True}:
        keys = [FEEL]
    elif not set(token) - {"OP"}:
        keys = [ANY]
    elif "LOWER" in token:
        lower = token["LOWER"]
        words = list(lower["IN"]) if isinstance(lower, dict) else [lower]
        keys = [hash_string(w) for w in words]
    else:
        raise ValueError(f"PatternSet cannot match {token}")
    op = token.get("OP")
    if op is None:
        return keys, 1, 1
    if op == "?":
        return keys, 0, 1
    if op.startswith("{"):
        low, high = op[1:-1].split(",")
        return keys, int(low or 0), int(high or 8)
    return keys, (1 if op == "+" else 0), 8


class PatternSet:
    """Patterns in a word trie; ``@feel`` and ``_`` are wildcard edges."""

    def __init__(self) -> None:
        self.root = _Node()

    def add(self, label: str, compiled: Compiled) -> None:
        focus = compiled.focus or (0, len(compiled.tokens))
        # frontier: (node, depth, focus start, focus end) in words from the match start
        frontier = [(self.root, 0, -1, -1)]
        for index, token in enumerate(compiled.tokens):
            keys, low, high = _steps(token)
            in_focus = focus[0] <= index < focus[1]
            reached = []
            current = frontier
            for count in range(1, high + 1):
                nxt = []
                for node, depth, f0, f1 in current:
                    for key in keys:
                        n0 = depth if in_focus and f0 < 0 else f0
                        n1 = depth + 1 if in_focus else f1
                        nxt.append((node.child(key), depth + 1, n0, n1))
                current = nxt
                if count >= low:
                    reached.extend(nxt)
            frontier = (frontier if low == 0 else []) + reached
        for node, _depth, f0, f1 in frontier:
            if f0 >= 0 and (label, f0, f1) not in node.ends:
                node.ends.append((label, f0, f1))

    def __call__(self, doc: Doc) -> List[Hit]:
        words = view(doc).lower
        marked = {i for f in doc._.pp_feelings or () for i in range(f.start, f.end)}
        feel = [i in marked for i in range(len(words))] if marked else []
        hits: List[Hit] = []
        size = len(words)
        root_next = self.root.next
        for start in range(size):
            first = [n for n in (root_next.get(words[start]), root_next.get(ANY)) if n]
            if feel and feel[start] and FEEL in root_next:
                first.append(root_next[FEEL])
            active = first
            pos = start + 1
            while active:
                for node in active:
                    for label, f0, f1 in node.ends:
                        hits.append((label, start, pos, (start + f0, start + f1)))
                if pos >= size:
                    break
                word = words[pos]
                nxt = []
                for node in active:
                    got = node.next.get(word)
                    if got is not None:
                        nxt.append(got)
                    got = node.next.get(ANY)
                    if got is not None:
                        nxt.append(got)
                    if feel and feel[pos]:
                        got = node.next.get(FEEL)
                        if got is not None:
                            nxt.append(got)
                active = nxt
                pos += 1
        return hits
