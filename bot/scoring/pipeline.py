"""The scorer: the trained classifier plus the rule components, loaded once."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Iterable, List, Sequence, Tuple, Union

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from bot.scoring import cues, feelings, judgment, resources  # noqa: F401  (factories)
from bot.scoring.decide import build
from bot.scoring.delex import masked_doc
from bot.scoring.feelings import Feeling
from bot.scoring.result import ReplyScore
from bot.scoring.tokens import normalise

logger = logging.getLogger(__name__)

MAX_CHARS = 50_000  # longer replies are scored on their first MAX_CHARS characters
TEXTCAT = "textcat_multilabel"
Pair = Union[str, Tuple[str, str], Sequence[str]]


class ScorerModelMissingError(RuntimeError):
    """The trained classifier is not built yet."""


def load_pipeline(path: Path | None = None) -> Language:
    path = path or resources.model_dir()
    if not (path / "meta.json").is_file():
        raise ScorerModelMissingError(
            f"scorer model not found at {path}: run `make scorer` "
            "(python -m bot.scoring.train --output build/scorer)"
        )
    nlp = spacy.load(path)
    for name in ("pp_feelings", "pp_cues", "pp_judgment"):
        nlp.add_pipe(name, before=TEXTCAT)
    logger.info("scorer loaded from %s: %s", path, nlp.pipe_names)
    return nlp


class Scorer:
    """Thread-safe wrapper: one pipeline, a small cache of context feelings."""

    def __init__(self, nlp: Language, cache_size: int = 2048) -> None:
        self.nlp = nlp
        self._feelings = nlp.get_pipe("pp_feelings")
        self._lemmatizer = nlp.get_pipe("lemmatizer")
        self._textcat: Any = nlp.get_pipe(TEXTCAT)
        self._lock = threading.RLock()
        self._cache: OrderedDict[str, Tuple[Feeling, ...]] = OrderedDict()
        self._cache_size = cache_size

    def context_feelings(self, context: str) -> Tuple[Feeling, ...]:
        text = normalise(context[-MAX_CHARS:])
        with self._lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
                return hit
            doc = self._feelings(self._lemmatizer(self.nlp.make_doc(text)))
            found = tuple(doc._.pp_feelings or ())
            self._cache[text] = found
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
            return found

    def _result(self, reply: str, doc: Doc, context: str) -> ReplyScore:
        return build(reply, doc, self.context_feelings(context), dict(doc.cats))

    def _docs(self, texts: List[str], batch_size: int) -> List[Doc]:
        """Rules on the real text, the classifier on the masked text (see delex.py)."""
        with self._lock:
            docs = list(self.nlp.pipe(texts, batch_size=batch_size, disable=[TEXTCAT]))
            masked = [masked_doc(doc) for doc in docs]
            for doc, scored in zip(
                docs, self._textcat.pipe(masked, batch_size=batch_size), strict=True
            ):
                doc.cats = scored.cats
        return docs

    def score(self, reply: str, context: str = "") -> ReplyScore:
        reply, context = _check(reply, context)
        (doc,) = self._docs([_text(reply)], 1)
        return self._result(reply, doc, context)

    def score_many(
        self, pairs: Iterable[Pair], batch_size: int = 256
    ) -> List[ReplyScore]:
        items = [_pair(p) for p in pairs]
        docs = self._docs([_text(r) for r, _ in items], batch_size)
        return [self._result(r, d, c) for (r, c), d in zip(items, docs, strict=True)]


def _text(reply: str) -> str:
    # thinc's n-gram layer fails on a zero-token doc inside a batch: never send one
    return normalise(reply[:MAX_CHARS]) or " "


def _check(reply: object, context: object) -> Tuple[str, str]:
    if reply is None:
        reply = ""
    if context is None:
        context = ""
    if not isinstance(reply, str) or not isinstance(context, str):
        raise TypeError("reply and context must be strings")
    return reply, context


def _pair(item: Pair) -> Tuple[str, str]:
    if isinstance(item, str):
        return _check(item, "")
    if isinstance(item, dict):
        return _check(item.get("reply"), item.get("context", ""))
    reply, context = item
    return _check(reply, context)
