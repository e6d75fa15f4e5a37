"""Concrete rewrites of a flagged sentence, from the templates in rewrites.yml."""

from __future__ import annotations

import re
from typing import Dict, List, Sequence

from spacy.tokens import Doc, Token

from bot.scoring import resources
from bot.scoring.judgment import CLAUSE_STOP, RawFlag
from bot.scoring.tokens import view

_FIELD = re.compile(r"{(\w+)}")
# texting spellings said in full in a rewrite ("put it behind u" -> "behind you")
_SPELLED = {"u": "you", "ur": "your", "urself": "yourself", "ppl": "people"}
_TEXTING = re.compile(r"\b(?:u|ur|urself|ppl)\b", re.IGNORECASE)
_TRAIL = " \t\n.,!?;:-\u2026\"'"


def _rest(
    doc: Doc, flag: RawFlag, from_start: bool, others: Sequence[RawFlag] = ()
) -> str:
    aux = resources.word_set("AUX")
    start = flag.start
    trigger = {doc[i].lower_ for i in range(flag.start, flag.trigger_end)}
    # "why don't you go" is a suggestion to go, not to not go
    negated = bool(trigger & {"not", "n't", "nt", "never"}) and not (
        flag.category == "advice" and "why" in trigger
    )
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
    # a label inside the rest is said the person-first way ("junkies" -> "people who
    # use drugs"), so the rewrite never repeats the label
    swap = {o.start: o for o in others if o.alt and start <= o.start < end}
    words: List[Token | str] = []
    i = start
    while i < end:
        if i in swap:
            words.append(swap[i].alt)
            i = max(swap[i].end, i + 1)
        else:
            words.append(doc[i])
            i += 1
    while words and _low(words[0]) in {
        "just",
        "really",
        "to",
        "definitely",
        "probably",
        "n't",
        "nt",
        "not",
        "never",
        "even",
        "ever",
        "actually",
        "seriously",
        "honestly",
        "ta",
    }:
        negated = negated or _low(words[0]) in {"n't", "nt", "not", "never"}
        words.pop(0)
    if from_start and words and isinstance(words[0], Token) and words[0].text != "I":
        words[0] = words[0].lower_  # "Stop drinking" -> "stopping drinking"
    prefix = "not " if negated and not from_start else ""
    if words and _low(words[0]) in resources.word_set("GERUND_TRIGGER"):
        words = words[1:]
        if words and _low(words[0]) in {"about", "into", "of"}:
            words = words[1:]
        return ("try " + _join(words)) if words else ""
    if words and _low(words[0]).endswith("ing") and len(_low(words[0])) > 4:
        return "try " + _join(words)  # "you could try writing it down"
    if len(words) > 2 and _low(words[0]) == "try" and _low(words[1]) == "to":
        words = words[2:]  # "try to think positive" -> "think positive"
    if len(words) >= 2 and _low(words[0]) == "do" and _low(words[1]) in {"n't", "nt"}:
        return ("not " + _join(words[2:])) if len(words) > 2 else ""
    rest = _join(words)
    return prefix + rest if rest else ""


def _low(word: Token | str) -> str:
    return word.lower_ if isinstance(word, Token) else word.lower()


def _pairs(name: str) -> Dict[str, str]:
    return dict(pair.partition(">")[::2] for pair in resources.word_set(name))


def _ing(word: str) -> str:
    """Base verb -> -ing ("tell" -> "telling", "stop" -> "stopping")."""
    low = word.lower()
    if low.endswith("ie"):
        return word[:-2] + "ying"
    if low.endswith("e") and not low.endswith(("ee", "ye", "oe")) and low != "be":
        return word[:-1] + "ing"
    if low in resources.word_set("DOUBLING"):
        return word + word[-1] + "ing"
    return word + "ing"


def _past(word: str) -> str:
    """Base verb -> simple past ("drink" -> "drank", "trust" -> "trusted")."""
    low = word.lower()
    irregular = _pairs("IRREGULAR_PAST")
    if low in irregular:
        return irregular[low]
    if low.endswith("e"):
        return word + "d"
    if low.endswith("y") and len(low) > 2 and low[-2] not in "aeiou":
        return word[:-1] + "ied"
    if low in resources.word_set("DOUBLING"):
        return word + word[-1] + "ed"
    return word + "ed"


_NOT_VERBS = frozenset(
    {
        "a",
        "an",
        "the",
        "some",
        "more",
        "less",
        "your",
        "my",
        "his",
        "her",
        "their",
        "this",
        "that",
        "these",
        "those",
        "it",
        "them",
        "him",
        "me",
        "meds",
        "help",
        "therapy",
        "rehab",
        "treatment",
        "yourself",
        "there",
        "here",
        "so",
        "very",
    }
)


def _verb_form(rest: str, form: str) -> str:
    """Put the first verb of ``rest`` (and any action joined by "and"/"or") into
    ``form`` ("gerund" or "past"); words that are not plainly verbs are left alone."""
    words = rest.split()
    if not words or form not in {"gerund", "past"}:
        return rest
    actions = resources.word_set("ACTION_VERBS")
    change = _ing if form == "gerund" else _past

    def convert(i: int) -> None:
        w = words[i]
        if w.isalpha() and w.lower() not in _NOT_VERBS and not w.endswith("ly"):
            words[i] = change(w)

    if (
        form == "gerund"
        and len(words) > 1
        and words[0].lower() == "try"
        and words[1].lower().endswith("ing")
    ):
        words = words[1:]  # "try moving closer" -> "moving closer"
    if form == "past" and words[0].lower() in {"that", "this", "it", "something"}:
        words.insert(0, "did")  # "why would you [do] that" -> "when you did that"
        return " ".join(words)
    if words[0].lower() == "not" and len(words) > 1:
        if form == "past":
            words[:2] = ["didn't", words[1]]
        else:
            convert(1)
    elif not (words[0].lower().endswith("ing") and form == "gerund"):
        convert(0)
    for i in range(1, len(words) - 1):
        if words[i].lower() in {"and", "or"} and words[i + 1].lower() in actions:
            convert(i + 1)
    return " ".join(words)


def _join(tokens: Sequence[Token | str]) -> str:
    text = "".join(t.text_with_ws if isinstance(t, Token) else t + " " for t in tokens)
    return text.strip(_TRAIL)


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
        values["rest"] = _rest(doc, flag, template.get("rest_from") == "start", others)
        values["rest"] = _verb_form(values["rest"], str(template.get("rest_form", "")))
        values["rest"] = _TEXTING.sub(
            lambda m: _SPELLED[m.group(0).lower()], values["rest"]
        )
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
