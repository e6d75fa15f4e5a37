"""Pick a short fragment of the trainee's words for the peer to quote back."""

from __future__ import annotations

import re

_CLAUSES = re.compile(r"[.!?;:,\n]+")
# Openers that carry no meaning of their own ("so", "it sounds like", ...).
_OPENERS = re.compile(
    r"^(?:(?:so|and|but|well|ok(?:ay)?|hm+|um+|yeah|i mean|it sounds like|sounds like"
    r"|it seems like|seems like|i hear that|i hear|what i'?m hearing is)\s+)+",
    re.IGNORECASE,
)
_UNSAFE = re.compile(r"[{}\x00-\x1f<>`*_\[\]]")
MIN_WORDS = 2
MAX_WORDS = 8  # a clause this short is quoted whole
CUT_WORDS = 6  # otherwise its first words, then an ellipsis
MAX_CHARS = 60


def fragment(text: str) -> str:
    """A short, quotable piece of ``text`` ("" when there is nothing worth quoting)."""
    clauses = [part.strip(" \"'()“”‘’-") for part in _CLAUSES.split(text)]
    clauses = [_OPENERS.sub("", part).strip() for part in clauses if part.strip()]
    clauses = [part for part in clauses if part]
    if not clauses:
        return ""
    fitting = [part for part in clauses if MIN_WORDS <= len(part.split()) <= MAX_WORDS]
    if fitting:  # the fullest clause that fits whole, the earliest on a tie
        fullest = max(fitting, key=lambda part: len(part.split()))
        words = _UNSAFE.sub("", fullest).split()
    else:  # only long clauses: the start of the first one, marked as cut
        words = _UNSAFE.sub("", clauses[0]).split()[:CUT_WORDS]
        words = words + ["…"] if len(words) >= MIN_WORDS else []
    quoted = " ".join(words).replace(" …", "…")
    if len(quoted) > MAX_CHARS:
        quoted = quoted[:MAX_CHARS].rsplit(" ", 1)[0] + "…"
    return quoted if len(words) >= MIN_WORDS else ""
