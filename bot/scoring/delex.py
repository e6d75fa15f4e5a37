"""What the trained classifier sees: the reply with topic words masked.

The corpus is written around a few dozen personas, so a bag-of-words model would happily
learn "sponsor" or "rent" as signs of judgment. Keeping only function words, the cue
words of the lexicons and a FEELING placeholder makes it learn *how* something is said
(``you should X``, ``it sounds like you FEELING``) rather than what the conversation is
about, which is what carries over to human-written replies.
"""

from __future__ import annotations

import functools
import re
from typing import FrozenSet, List, Set, Tuple

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from bot.scoring import resources

_WORD = re.compile(r"[a-z']+|n't")
KEEP_PUNCT = frozenset("?!.,")


@functools.lru_cache(maxsize=1)
def vocabularies() -> Tuple[FrozenSet[str], FrozenSet[str]]:
    """(kept words, single-word feelings)."""
    keep = {w.lower() for w in STOP_WORDS}
    for value in resources.macros().values():
        keep.update(_WORD.findall(value.lower()))
    texts: List[str] = []
    for patterns in resources.load_yaml("lexicons/validation.yml").values():
        texts.extend(patterns)
    for category, groups in resources.load_yaml("lexicons/judgment.yml").items():
        if category == "exceptions":
            texts.extend(groups)
            continue
        for group in groups:
            texts.extend(group["patterns"])
    for text in texts:
        keep.update(_WORD.findall(text.lower()))
    feelings: Set[str] = set()
    for entry in resources.load_yaml("lexicons/feelings.yml").values():
        feelings.update(w for w in entry.get("words") or [] if " " not in w)
    return frozenset(keep - feelings), frozenset(feelings)


def masked_words(doc: Doc) -> List[str]:
    keep, feelings = vocabularies()
    out: List[str] = []
    for token in doc:
        lower = token.lower_
        if token.is_space:
            continue
        if lower in feelings:
            out.append("FEELING")
        elif lower in keep:
            out.append(lower)
        elif token.is_punct:
            if lower in KEEP_PUNCT:
                out.append(lower)
        elif token.like_num:
            out.append("NUM")
        else:
            out.append("X")
    return out or ["EMPTY"]


def masked_doc(doc: Doc) -> Doc:
    return Doc(doc.vocab, words=masked_words(doc))
