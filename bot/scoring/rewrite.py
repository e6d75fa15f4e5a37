"""Concrete rewrites of a flagged sentence, from the templates in rewrites.yml."""

from __future__ import annotations

import re
from typing import Dict, Sequence

from spacy.tokens import Doc, Token

from bot.scoring import resources
from bot.scoring.judgment import CLAUSE_STOP, RawFlag
from bot.scoring.tokens import view

_FIELD = re.compile(r"{(\w+)}")
_TRAIL = " \t\n.,!?;:-\u2026\"'"


def _rest(doc: Doc, flag: RawFlag, from_start: bool) -> str:
    aux = resources.word_set("AUX")
    start = flag.start
    if not from_start:
        start = flag.trigger_end
        for i in range(flag.start, flag.trigger_end):
            if doc[i].lower_ in aux:
                start = i + 1
    _, sent_end = view(doc).sentence(flag.start)
    end = start
    while end < sent_end and doc[end].lower_ not in CLAUSE_STOP:
        if doc[end].is_punct and doc[end].text not in "-'":
            break
        end += 1
    words = [t for t in doc[start:end]]
    while words and words[0].lower_ in {
        "just",
        "really",
        "to",
        "definitely",
        "probably",
    }:
        words.pop(0)
    if words and words[0].lower_ in resources.word_set("GERUND_TRIGGER"):
        words = words[1:]
        if words and words[0].lower_ in {"about", "into", "of"}:
            words = words[1:]
        return ("try " + _join(words)) if words else ""
    if words and words[0].lower_.endswith("ing") and len(words[0]) > 4:
        return "try " + _join(words)  # "you could try writing it down"
    if len(words) >= 2 and words[0].lower_ == "do" and words[1].lower_ in {"n't", "nt"}:
        return ("not " + _join(words[2:])) if len(words) > 2 else ""
    return _join(words)


def _join(tokens: Sequence[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip(_TRAIL)


def _substituted(doc: Doc, flag: RawFlag) -> str:
    if not flag.alt:
        return ""
    s0, s1 = view(doc).sentence(flag.start)
    text = doc.text
    first = doc[flag.start]
    alt = flag.alt
    if first.lower_ in {"a", "an"}:
        alt = ("an " if alt[0] in "aeiou" else "a ") + alt
    elif first.lower_ == "the" and flag.end - flag.start > 1:
        alt = "the " + alt
    if first.text[:1].isupper():
        alt = alt[:1].upper() + alt[1:]
    c0 = first.idx
    last = doc[flag.end - 1]
    c1 = last.idx + len(last.text)
    s_start = doc[s0].idx
    s_end = doc[s1 - 1].idx + len(doc[s1 - 1].text)
    return (text[s_start:c0] + alt + text[c1:s_end]).strip()


def rewrite_for(
    doc: Doc, flag: RawFlag, feeling: str | None, others: Sequence[RawFlag] = ()
) -> str:
    """The flagged sentence said without judgment (``others``: the reply's other flags,
    whose words must not be carried into this rewrite)."""
    template = resources.rewrites()[flag.rewrite]
    text = str(template["text"])
    values: Dict[str, str] = {"feeling": feeling or ""}
    needed = set(_FIELD.findall(text))
    if "rest" in needed:
        values["rest"] = _rest(doc, flag, template.get("rest_from") == "start")
        if any(o is not flag and flag.start <= o.start < flag.end for o in others):
            values["rest"] = (
                ""  # "you should just get over it": don't keep "get over it"
            )
    if "sentence" in needed:
        values["sentence"] = _substituted(doc, flag)
    if all(values.get(name) for name in needed):
        out = text.format(**values)
    else:
        out = str(template["fallback"])
    out = " ".join(out.split())
    return out[:1].upper() + out[1:]
