"""Component ``pp_judgment``: judgmental language, with negation/quotation handling."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any, Dict, List, Tuple

from spacy.language import Language
from spacy.tokens import Doc

from bot.scoring import resources
from bot.scoring.patterns import _SUFFIX, Compiled, PatternSet, compile_all
from bot.scoring.result import FLAG_CATEGORIES
from bot.scoring.tokens import View, hashes, quoted_ranges, register_extensions, view

logger = logging.getLogger(__name__)

CLAUSE_STOP = frozenset(
    {"so", "because", "but", "cause", "since", "or", "though", "cuz"}
)
_CLAUSE_STOP = hashes(CLAUSE_STOP)
_NO = hashes(["no"])
_KEEP_PUNCT = hashes(["-", "'"])
_QUOTES = hashes(
    ["'", '"', "\u2018", "\u2019", "\u201c", "\u201d", "`", "-", "--", "\u2014"]
)


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
    priority: float


_SYNTAX = frozenset({"[", "]", "(", ")", "/", "^"})


def texting_variants() -> Dict[str, List[str]]:
    """``TEXTING`` in macros.yml: ``you>u|your>ur|...`` as {word: [variants]}."""
    out: Dict[str, List[str]] = {}
    for pair in resources.word_set("TEXTING"):
        word, _, variant = pair.partition(">")
        out.setdefault(word, []).append(variant)
    return out


def with_texting(text: str, variants: Dict[str, List[str]]) -> str:
    """Add the texting spellings of a pattern's words ("you" -> "you|u"), so every
    pattern also matches "why did u do that" without a copy per spelling."""
    out: List[str] = []
    for raw in text.split():
        match = _SUFFIX.match(raw)
        if raw in _SYNTAX or raw[0] in "@~$" or match is None:
            out.append(raw)
            continue
        body, op = match.group("body"), match.group("op") or ""
        alts = body.split("|")
        extra = [v for a in alts for v in variants.get(a, ()) if v not in alts]
        out.append("|".join(alts + extra) + op if extra else raw)
    return " ".join(out)


def _labelled(
    prefix: str, texts: List[str], macros: Dict[str, str]
) -> List[Tuple[str, Compiled]]:
    variants = texting_variants()
    return [
        (f"{prefix}:{n}:{m}", compiled)
        for n, text in enumerate(texts)
        for m, compiled in enumerate(compile_all(with_texting(text, variants), macros))
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
            text = with_texting(text, texting_variants())
            for m, compiled in enumerate(compile_all(text, macros)):
                self.exceptions.add(f"x{n}:{m}", compiled)
        self.meta: Dict[str, _Meta] = {}
        order = {category: n for n, category in enumerate(data)}
        for category, groups in data.items():
            if category not in FLAG_CATEGORIES:
                raise ValueError(f"{lexicon}: unknown flag category {category!r}")
            for g, group in enumerate(groups):
                where = f"{lexicon}:{category}[{g}]"
                # `rank: <category>`: this group wins overlaps just before that category
                priority: float = order[category]
                if "rank" in group:
                    priority = order[str(group["rank"])] - 0.5
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
        self.aux = hashes(resources.word_set("AUX"))
        self.glue = hashes(["and", "to", "just", "a", "an", "the", "then", "&"])
        logger.debug("pp_judgment: %d patterns", len(self.meta))

    def __call__(self, doc: Doc) -> Doc:
        v = view(doc)
        excepted = self.exceptions(doc)
        blocked = {i for _, _, _, (s, e) in excepted for i in range(s, e)}
        quotes = quoted_ranges(v.text) if ('"' in v.text or "'" in v.text) else []
        cues = doc._.pp_cues or {}
        permission = bool(cues.get("permission"))
        found: List[Tuple[float, int, RawFlag]] = []
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
                or self._reported(v, start)
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
        doc._.pp_flags = self._resolve(v, found)
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

    def _reported(self, v: View, start: int) -> bool:
        """A reporting verb earlier in the same clause ("he called you crazy", "being
        labelled 'non-compliant'"); a comma or other clause punctuation ends the search,
        so "tell her, it's the honest thing to do" is not reported speech."""
        for j in v.before(start, 6):
            if v.punct[j] and v.lower[j] not in _QUOTES:
                return False
            if v.lower[j] in self.reported:
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

    def _resolve(
        self, v: View, found: List[Tuple[float, int, RawFlag]]
    ) -> List[RawFlag]:
        """One span, one flag.

        Candidates are taken in category priority order (judgment.yml lists the most
        specific categories first), longest first. A candidate whose matched words
        overlap a flag already kept is dropped. When only its clause extension runs
        into a kept flag, it is cut short before that flag if it still says something
        of its own ("you need to stop seeing [junkies]", "you should call him and
        [stop worrying]"); if nothing but the other flag is left ("you should just
        [think positive]") it is dropped, so the phrase gets the more specific category.
        """
        kept: List[RawFlag] = []
        for _, _, flag in sorted(found, key=lambda f: (f[0], f[1], f[2].start)):
            hits = [k for k in kept if k.start < flag.end and flag.start < k.end]
            if hits:
                cut = min(k.start for k in hits)
                if cut < flag.trigger_end:
                    continue
                while cut > flag.trigger_end and (
                    v.lower[cut - 1] in self.glue or v.punct[cut - 1]
                ):
                    cut -= 1
                own = range(flag.trigger_end, cut)
                if not any(v.lower[i] not in self.aux for i in own):
                    continue
                flag = replace(flag, end=cut)
            kept.append(flag)
        return sorted(kept, key=lambda f: f.start)
