"""Turn the components' findings and the classifier's probabilities into a ReplyScore.

Explainable by construction: rule evidence gives points (weights.yml), points give a
rule probability, and the classifier's probability is mixed in with a fixed, documented
weight.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, List, Sequence, Set, Tuple

from spacy.tokens import Doc

from bot.scoring import resources
from bot.scoring.feelings import Feeling
from bot.scoring.result import Flag, ReplyScore
from bot.scoring.rewrite import rewrite_for
from bot.scoring.tokens import hashes, view

QUESTION_GROUPS = ("open_question", "closed_question")


@dataclass
class Evidence:
    """What the rules found in one reply (all booleans/levels are explainable)."""

    reflection: bool = False
    complex: bool = False
    sympathy: bool = False
    presence: bool = False
    normalised: bool = False
    affirmed: bool = False
    reassured: bool = False
    open_question: bool = False
    closed_question: bool = False
    feeling_question: bool = False
    question_last: bool = False
    permission: bool = False
    summary: bool = False
    information: bool = False
    self_focus: bool = False
    you_statement: bool = False  # a statement about "you" (not a question, fix or fact)
    named: List[str] = field(default_factory=list)
    context: List[str] = field(default_factory=list)
    matched: bool = False
    wrong: bool = False


def _sentences(bounds: List[Tuple[int, int]]) -> List[int]:
    """Sentence index of every token."""
    index: List[int] = []
    for n, (start, end) in enumerate(bounds):
        index.extend([n] * (end - start))
    return index


def analyse(
    doc: Doc, context: Sequence[Feeling], raw_flags: Sequence[Any] = ()
) -> Evidence:
    ev = Evidence()
    if not len(doc):
        return ev
    flagged = {i for f in raw_flags for i in range(f.start, f.trigger_end)}
    cues: Dict[str, List[Any]] = doc._.pp_cues or {}
    if flagged:
        cues = {
            group: [(s, e) for s, e in spans if not flagged.intersection(range(s, e))]
            for group, spans in cues.items()
        }
    v = view(doc)
    sents = v.sentences()
    sent_of = _sentences(sents)
    text = v.text
    chars = [text[v.idx[s] : v.end[e - 1]] for s, e in sents]
    questions: Set[int] = set()
    sympathy_starts = {s for s, _ in cues.get("sympathy", [])}
    for group in QUESTION_GROUPS:
        for start, _ in cues.get(group, []):
            if start not in sympathy_starts and "!" not in chars[sent_of[start]]:
                questions.add(sent_of[start])
    for n, sent_text in enumerate(chars):
        if sent_text.rstrip().endswith("?"):
            questions.add(n)
    q_start = {sent_of[s] for g in QUESTION_GROUPS for s, _ in cues.get(g, [])}

    def where(group: str, in_questions: bool) -> Set[int]:
        found = {sent_of[s] for s, _ in cues.get(group, [])}
        return found & questions if in_questions else found - questions

    reflective = where("reflection", False) | (where("reflection", True) - q_start)
    named = [f for f in doc._.pp_feelings or [] if not f.negated and f.about != "self"]
    reflective |= {sent_of[f.start] for f in named if sent_of[f.start] not in q_start}
    ev.named = sorted({f.key for f in named})
    ev.context = sorted({f.key for f in context if not f.negated})
    families = {f.family for f in named}
    ctx_families = {f.family for f in context if not f.negated}
    ev.matched = bool(families & ctx_families) or bool(set(ev.named) & set(ev.context))
    ev.wrong = bool(families) and bool(ctx_families) and not ev.matched
    ev.reflection = bool(reflective)
    ev.summary = bool(cues.get("summary"))
    complex_sents = {sent_of[s] for s, _ in cues.get("complex", [])}
    ev.complex = ev.reflection and (
        bool(reflective & complex_sents)
        or len(reflective) >= 2
        or ev.summary
        or (ev.matched and len(doc) >= 12)
    )
    ev.sympathy = bool(cues.get("sympathy"))
    ev.presence = bool(cues.get("presence"))
    ev.normalised = bool(cues.get("normalising"))
    ev.affirmed = bool(cues.get("affirmation"))
    ev.reassured = bool(cues.get("reassurance"))
    open_q = where("open_question", True) | where("open_question", False) & q_start
    ev.open_question = bool(open_q)
    ev.closed_question = bool(questions - open_q)
    deep = {sent_of[s] for s, _ in cues.get("feeling_question", [])}
    deep |= {sent_of[f.start] for f in named}
    ev.feeling_question = bool(deep & questions)
    ev.question_last = (len(sents) - 1) in questions
    ev.permission = bool(cues.get("permission"))
    ev.information = bool(cues.get("information"))
    ev.self_focus = bool(cues.get("self_focus"))
    statements = set(range(len(sents))) - questions
    you_words = _YOU_WORDS()
    ev.you_statement = (
        not raw_flags
        and not ev.question_last
        and not ev.information
        and not ev.self_focus
        and any(
            v.lower[i] in you_words
            for n in statements
            for i in range(sents[n][0], sents[n][1])
        )
    )
    return ev


@functools.lru_cache(maxsize=1)
def _YOU_WORDS() -> FrozenSet[int]:  # noqa: N802
    return hashes(["you", "your", "yourself", "u", "ur", "you're", "youre"])


def levels(ev: Evidence) -> Dict[str, int]:
    kinds = sum((ev.sympathy, ev.presence, ev.normalised, ev.affirmed))
    if not kinds and ev.reassured:
        kinds = 1
    explore = 0
    if ev.feeling_question:
        explore = 2 if ev.open_question else 1
    elif ev.open_question:
        explore = 1
    return {
        "emotional_reaction": min(2, kinds),
        "interpretation": 2 if ev.complex else 1 if ev.reflection else 0,
        "exploration": explore,
    }


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def rule_points(ev: Evidence, lv: Dict[str, int], flags: Sequence[str]) -> float:
    """The rule evidence for validation, in points (weights.yml ``validation``)."""
    w = resources.weights()["validation"]
    points = (
        w["emotional_reaction"][lv["emotional_reaction"]]
        + w["interpretation"][lv["interpretation"]]
        + w["exploration"][lv["exploration"]]
        + w["normalised"] * ev.normalised
        + w["affirmed"] * ev.affirmed
        + w["matched_feeling"] * ev.matched
        + w["wrong_feeling"] * ev.wrong
        + max(w["max_flag_penalty"], w["per_flag"] * len(set(flags)))
        + w["self_focus"] * ev.self_focus
        + w.get("you_statement", 0.0) * ev.you_statement
    )
    if ev.question_last and not ev.reflection:
        points += w["question_without_reflection"]
    if {"advice", "directive"} & set(flags) and not ev.reflection:
        points += w["advice_without_reflection"]
    return float(points)


def validation_probability(
    ev: Evidence, lv: Dict[str, int], flags: Sequence[str], p_model: float
) -> float:
    w = resources.weights()["validation"]
    p_rule = _sigmoid(w["scale"] * (rule_points(ev, lv, flags) - w["offset"]))
    mw = float(w["model_weight"])
    return (1.0 - mw) * p_rule + mw * p_model


def judgment_probability(
    flags: Sequence[str], p_model: float, protected: bool
) -> float:
    w = resources.weights()["judgment"]
    keep = 1.0
    for category in set(flags):
        keep *= 1.0 - float(w["severity"].get(category, 0.8))
    floor = float(w["protected_floor" if protected else "model_floor"])
    model = max(0.0, (p_model - floor) / (1.0 - floor)) * float(w["model_weight"])
    return 1.0 - keep * (1.0 - min(1.0, model))


def oars(ev: Evidence, lv: Dict[str, int], flags: Sequence[str]) -> str:
    fixing = {"advice", "directive"} & set(flags)
    if ev.summary and ev.reflection:
        return "summary"
    if fixing or (ev.permission and not ev.reflection):
        return "advice"
    if flags and not ev.reflection:
        return "other"
    if ev.affirmed and lv["interpretation"] < 2 and not ev.named:
        return "affirmation"
    if lv["interpretation"] and not (ev.question_last and not ev.named):
        return (
            "reflection_complex" if lv["interpretation"] == 2 else "reflection_simple"
        )
    if ev.open_question or ev.closed_question:
        return "open_question" if ev.open_question else "closed_question"
    if lv["interpretation"]:
        return (
            "reflection_complex" if lv["interpretation"] == 2 else "reflection_simple"
        )
    if ev.information or ev.normalised:
        return "information"
    return "other"


def strengths(ev: Evidence, lv: Dict[str, int], flags: Sequence[str]) -> List[str]:
    found = {
        "named_feeling": bool(ev.named),
        "matched_feeling": ev.matched,
        "reflected": lv["interpretation"] >= 1,
        "reflected_meaning": lv["interpretation"] == 2,
        "normalised": ev.normalised,
        "affirmed": ev.affirmed,
        "showed_warmth": ev.sympathy or ev.presence,
        "open_question": ev.open_question,
        "explored_feelings": lv["exploration"] == 2,
        "asked_permission": ev.permission,
        "summarised": ev.summary and ev.reflection,
        "stayed_with": not flags
        and not ev.self_focus
        and (lv["interpretation"] >= 1 or lv["exploration"] >= 1),
    }
    return [key for key, ok in found.items() if ok]


def build(
    reply: str, doc: Doc, context: Sequence[Feeling], cats: Dict[str, float]
) -> ReplyScore:
    raw = doc._.pp_flags or []
    ev = analyse(doc, context, raw)
    lv = levels(ev)
    feeling = ev.context[0] if ev.context else (ev.named[0] if ev.named else None)
    flags = []
    v = view(doc)
    for rf in raw:
        start, end = v.idx[rf.start], v.end[rf.end - 1]
        flags.append(
            Flag(
                rf.category,
                start,
                end,
                reply[start:end],
                rf.key,
                rewrite_for(doc, rf, feeling, raw),
            )
        )
    cats_flags = [f.category for f in flags]
    p_val = validation_probability(ev, lv, cats_flags, cats.get("VALIDATING", 0.5))
    protected = ev.permission or bool(doc.user_data.get("pp_suppressed"))
    p_jud = judgment_probability(cats_flags, cats.get("JUDGMENTAL", 0.0), protected)
    wv = resources.weights()
    return ReplyScore(
        reply=reply,
        validating=p_val >= float(wv["validation"]["threshold"]),
        judgmental=p_jud >= float(wv["judgment"]["threshold"]),
        validation_score=min(100, max(0, int(100 * p_val))),
        nonjudgment_score=min(100, max(0, int(100 * (1.0 - p_jud)))),
        emotional_reaction=lv["emotional_reaction"],
        interpretation=lv["interpretation"],
        exploration=lv["exploration"],
        oars=oars(ev, lv, cats_flags),
        flags=flags,
        feelings_named=ev.named,
        feelings_in_context=ev.context,
        wrong_feeling=ev.wrong,
        strengths=strengths(ev, lv, cats_flags),
        p_validating=round(float(cats.get("VALIDATING", 0.0)), 4),
        p_judgmental=round(float(cats.get("JUDGMENTAL", 0.0)), 4),
    )
