"""Component ``pp_judgment``: judgmental language, with negation/quotation handling."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Dict, List, Tuple

from spacy.language import Language
from spacy.tokens import Doc

from bot.scoring import resources
from bot.scoring.patterns import Compiled, PatternSet, compile_all
from bot.scoring.result import FLAG_CATEGORIES
from bot.scoring.tokens import View, hashes, quoted_ranges, register_extensions, view

logger = logging.getLogger(__name__)

CLAUSE_STOP = frozenset(
    {"so", "because", "but", "cause", "since", "or", "though", "cuz"}
)
_CLAUSE_STOP = hashes(CLAUSE_STOP)
_NO = hashes(["no"])
_KEEP_PUNCT = hashes(["-", "'"])


@dataclass(frozen=True)
class RawFlag:
    category: str
    key: str  # rationale key
    rewrite: str  # rewrite template name
    alt: str  # person-first alternative (labels), else ""
    start: int  # token offsets of the flagged words
    end: int
    trigger_end: int  # end of the matched pattern (before any clause extension)


@dataclass(frozen=True)
class _Meta:
    category: str
    key: str
    rewrite: str
    alt: str
    anchored: bool
    focus: Tuple[int, int] | None
    negatable: bool
    extend: bool
    priority: int


def _labelled(
    prefix: str, texts: List[str], macros: Dict[str, str]
) -> List[Tuple[str, Compiled]]:
    return [
        (f"{prefix}:{n}:{m}", compiled)
        for n, text in enumerate(texts)
        for m, compiled in enumerate(compile_all(text, macros))
    ]


@Language.factory("pp_judgment", default_config={"lexicon": "lexicons/judgment.yml"})
def make_judgment(nlp: Language, name: str, lexicon: str) -> JudgmentTagger:
    return JudgmentTagger(nlp, lexicon)


class JudgmentTagger:
    def __init__(self, nlp: Language, lexicon: str) -> None:
        register_extensions()
        macros = resources.macros()
        data: Dict[str, Any] = dict(resources.load_yaml(lexicon))
        self.patterns = PatternSet()
        self.exceptions = PatternSet()
        for n, text in enumerate(
            resources.pattern_list(data.pop("exceptions", []), "x")
        ):
            for m, compiled in enumerate(compile_all(text, macros)):
                self.exceptions.add(f"x{n}:{m}", compiled)
        self.meta: Dict[str, _Meta] = {}
        for priority, (category, groups) in enumerate(data.items()):
            if category not in FLAG_CATEGORIES:
                raise ValueError(f"{lexicon}: unknown flag category {category!r}")
            for g, group in enumerate(groups):
                where = f"{lexicon}:{category}[{g}]"
                texts = resources.pattern_list(group["patterns"], where)
                for label, compiled in _labelled(f"{category}:{g}", texts, macros):
                    self.meta[label] = _Meta(
                        category,
                        str(group["key"]),
                        str(group["rewrite"]),
                        str(group.get("alt", "")),
                        compiled.anchored,
                        compiled.focus,
                        bool(group.get("negatable", True)),
                        group.get("extend") == "clause",
                        priority,
                    )
                    self.patterns.add(label, compiled)
        self.fillers = hashes(resources.word_set("FILLER"))
        self.negations = hashes(resources.word_set("NEGATION"))
        self.reported = hashes(resources.word_set("REPORTED"))
        logger.debug("pp_judgment: %d patterns", len(self.meta))

    def __call__(self, doc: Doc) -> Doc:
        v = view(doc)
        excepted = self.exceptions(doc)
        blocked = {i for _, s, e, _ in excepted for i in range(s, e)}
        quotes = quoted_ranges(v.text) if ('"' in v.text or "'" in v.text) else []
        cues = doc._.pp_cues or {}
        permission = bool(cues.get("permission"))
        found: List[Tuple[int, int, RawFlag]] = []
        # supportive phrases plus negated, quoted or reported matches
        suppressed = len(excepted)
        for label, start, _end, focus in self.patterns(doc):
            meta = self.meta[label]
            if focus is None:
                continue
            f_start, f_end = focus
            if meta.anchored and not v.at_sentence_start(start, self.fillers):
                continue
            c_start, c_end = v.idx[f_start], v.end[f_end - 1]
            if (
                blocked.intersection(range(f_start, f_end))
                or (meta.negatable and self._negated(v, start))
                or (meta.category == "advice" and permission)
                or any(v.lower[j] in self.reported for j in v.before(start, 6))
                or any(q0 <= c_start and c_end <= q1 for q0, q1 in quotes)
            ):
                suppressed += 1
                continue
            trigger_end = f_end
            if meta.extend:
                f_end = self._clause_end(v, f_end)
            flag = RawFlag(
                meta.category,
                meta.key,
                meta.rewrite,
                meta.alt,
                f_start,
                f_end,
                trigger_end,
            )
            found.append((meta.priority, -(f_end - f_start), flag))
        doc._.pp_flags = self._resolve(found)
        doc.user_data["pp_suppressed"] = suppressed
        return doc

    def _negated(self, v: View, start: int) -> bool:
        for j in v.before(start, 3):
            if v.punct[j]:
                return False
            if v.lower[j] in self.negations:
                if v.lower[j] in _NO and j + 1 < len(v) and v.punct[j + 1]:
                    continue  # "No, ..." is an interjection
                return True
        return False

    @staticmethod
    def _clause_end(v: View, end: int) -> int:
        while end < len(v) and not v.start[end]:
            if v.punct[end] and v.lower[end] not in _KEEP_PUNCT:
                break
            if v.lower[end] in _CLAUSE_STOP:
                break
            end += 1
        return end

    @staticmethod
    def _resolve(found: List[Tuple[int, int, RawFlag]]) -> List[RawFlag]:
        taken: set[int] = set()
        kept: List[RawFlag] = []
        for _, _, flag in sorted(found, key=lambda f: (f[0], f[1], f[2].start)):
            span = set(range(flag.start, flag.trigger_end))
            if span & taken:
                continue
            taken |= span
            kept.append(flag)
        return sorted(kept, key=lambda f: f.start)
