"""Per-doc token arrays shared by the components (no Token objects in hot loops)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import FrozenSet, Iterable, List, Tuple, cast

from spacy.attrs import IDX, IS_PUNCT, LENGTH, LOWER, SENT_START
from spacy.strings import StringStore
from spacy.tokens import Doc, Token

QUOTED = re.compile(r"\"[^\"\n]{1,300}\"|(?<!\w)'[^'\n]{1,80}'(?!\w)")
_SURROGATE = re.compile("[\ud800-\udfff]")
_TABLE = {ord(c): "'" for c in "\u2018\u2019\u02bc\u0060\u00b4"}
_TABLE.update({ord(c): '"' for c in "\u201c\u201d\u201e\u00ab\u00bb"})
_TABLE.update({c: " " for c in range(32) if chr(c) not in "\n\t"})
_TABLE[0x7F] = " "
RUN = 48
_LONG_RUN = re.compile(r"\S{" + str(RUN + 1) + ",}")


def register_extensions() -> None:
    """Register the Doc/Token attributes the components set (once, never forced)."""
    if not Token.has_extension("pp_feel"):
        Token.set_extension("pp_feel", default=False)
    for name in ("pp_feelings", "pp_cues", "pp_flags"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


_STRINGS = StringStore()


def hash_string(word: str) -> int:
    """spaCy's 64-bit hash of a string (the value of the LOWER attribute for lower)."""
    return int(_STRINGS.add(word))


def hashes(words: Iterable[str]) -> FrozenSet[int]:
    return frozenset(hash_string(w) for w in words)


@dataclass(frozen=True)
class View:
    """Token attributes of one doc as plain lists."""

    lower: List[int]  # string hashes of the lower-case forms
    start: List[bool]  # token starts a sentence
    punct: List[bool]
    idx: List[int]  # character offset
    end: List[int]  # character offset of the token's end
    text: str

    def __len__(self) -> int:
        return len(self.lower)

    def before(self, i: int, n: int) -> List[int]:
        """Up to ``n`` token indices before ``i`` in its sentence, nearest first."""
        out: List[int] = []
        j = i
        while len(out) < n and j > 0 and not self.start[j]:
            j -= 1
            out.append(j)
        return out

    def sentence(self, i: int) -> Tuple[int, int]:
        """Token range [start, end) of the sentence holding token ``i``."""
        s = i
        while s > 0 and not self.start[s]:
            s -= 1
        e = i + 1
        while e < len(self.lower) and not self.start[e]:
            e += 1
        return s, e

    def sentences(self) -> List[Tuple[int, int]]:
        starts = [i for i, s in enumerate(self.start) if s or i == 0]
        return list(zip(starts, starts[1:] + [len(self.lower)], strict=True))

    def at_sentence_start(self, i: int, fillers: FrozenSet[int]) -> bool:
        """Only fillers or punctuation come before token ``i`` in its sentence."""
        j = i
        while j > 0 and not self.start[j]:
            j -= 1
            if not (self.punct[j] or self.lower[j] in fillers):
                return False
        return True

    def negated(self, i: int, negations: FrozenSet[int], window: int = 3) -> bool:
        """A negation word shortly before token ``i`` in the same clause."""
        for j in self.before(i, window):
            if self.punct[j]:
                return False
            if self.lower[j] in negations:
                return True
        return False


def view(doc: Doc) -> View:
    """The doc's token arrays, computed once and kept in ``doc.user_data``."""
    cached = doc.user_data.get("pp_view")
    if cached is not None:
        return cast(View, cached)
    rows: List[List[int]] = []
    if len(doc):
        array = doc.to_array([LOWER, SENT_START, IS_PUNCT, IDX, LENGTH])
        rows = cast(List[List[int]], array.tolist())
    v = View(
        [r[0] for r in rows],
        [r[1] == 1 or i == 0 for i, r in enumerate(rows)],
        [r[2] == 1 for r in rows],
        [r[3] for r in rows],
        [r[3] + r[4] for r in rows],
        doc.text,
    )
    doc.user_data["pp_view"] = v
    return v


def quoted_ranges(text: str) -> List[Tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTED.finditer(text)]


def _break_run(match: re.Match[str]) -> str:
    chars = list(match.group(0))
    for i in range(RUN - 1, len(chars), RUN):
        chars[i] = " "
    return "".join(chars)


def normalise(text: str) -> str:
    """Same-length clean-up so character offsets still point into the original text.

    Curly quotes become straight ones, control characters and lone surrogates become
    spaces or U+FFFD, and runs of more than RUN non-space characters get a space every
    RUN characters: spaCy's tokenizer is quadratic on long runs of punctuation
    ("?!?!..." x 7,000 took 80 s), and no real word is that long.
    """
    text = text.translate(_TABLE)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    if len(text) > RUN and _LONG_RUN.search(text):
        text = _LONG_RUN.sub(_break_run, text)
    return text
