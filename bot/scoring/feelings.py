"""Component ``pp_feelings``: finds feeling words and who they are about."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Dict, List, Tuple, cast

from spacy.attrs import LEMMA
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from bot.scoring import resources
from bot.scoring.tokens import View, hash_string, hashes, register_extensions, view

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Feeling:
    key: str  # lexicon key, e.g. "lonely"
    family: str  # e.g. "sadness"
    start: int  # token offsets
    end: int
    negated: bool  # "you're not alone"
    about: str  # "self" (the speaker), "you" or "unknown"


@Language.factory("pp_feelings", default_config={"lexicon": "lexicons/feelings.yml"})
def make_feelings(nlp: Language, name: str, lexicon: str) -> FeelingTagger:
    return FeelingTagger(nlp, lexicon)


class FeelingTagger:
    def __init__(self, nlp: Language, lexicon: str) -> None:
        register_extensions()
        data = resources.load_yaml(lexicon)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.info: Dict[str, Tuple[str, str, bool]] = {}
        # single-word entries by hash, to catch inflections via the lookup lemmatizer
        # ("worries" -> "worry", "fears" -> "fear")
        self.by_lemma: Dict[int, Tuple[str, str]] = {}
        for key, entry in data.items():
            for word in entry.get("words") or []:
                if " " not in str(word):
                    self.by_lemma.setdefault(
                        hash_string(str(word)), (key, entry["family"])
                    )
            for needs_frame, field in ((False, "words"), (True, "phrases")):
                words = entry.get(field) or []
                if not words:
                    continue
                label = f"{key}:{field}"
                self.info[label] = (key, entry["family"], needs_frame)
                self.matcher.add(label, [nlp.make_doc(str(w)) for w in words])
        self.frame = hashes(resources.word_set("FEEL_FRAME"))
        self.negations = hashes(resources.word_set("NEGATION"))
        self.you = hashes(resources.word_set("YOU_WORDS"))
        self.self_words = hashes(resources.word_set("SELF_WORDS"))
        self.you_only = hashes(["you", "u"])
        logger.debug("pp_feelings: %d entries", len(self.info))

    def __call__(self, doc: Doc) -> Doc:
        found: List[Feeling] = []
        taken: set[int] = set()
        vocab = doc.vocab
        v = view(doc)
        for match_id, start, end in sorted(
            self.matcher(doc), key=lambda m: m[1] - m[2]
        ):
            key, family, needs_frame = self.info[vocab.strings[match_id]]
            if taken.intersection(range(start, end)):
                continue
            if needs_frame and not any(
                v.lower[j] in self.frame for j in v.before(start, 2)
            ):
                continue
            taken.update(range(start, end))
            negated = v.negated(start, self.negations)
            found.append(
                Feeling(key, family, start, end, negated, self._about(v, start, end))
            )
        if doc.has_annotation("LEMMA"):
            lemmas = cast(List[int], doc.to_array(LEMMA).tolist())
            for i, lemma in enumerate(lemmas):
                hit = self.by_lemma.get(lemma)
                if hit is None or i in taken:
                    continue
                negated = v.negated(i, self.negations)
                about = self._about(v, i, i + 1)
                found.append(Feeling(hit[0], hit[1], i, i + 1, negated, about))
        doc._.pp_feelings = sorted(found, key=lambda f: f.start)
        return doc

    def _about(self, v: View, start: int, end: int) -> str:
        for j in v.before(start, 8):
            if v.lower[j] in self.self_words:
                after = set(v.lower[end : end + 2])
                return "you" if after & self.you_only else "self"
            if v.lower[j] in self.you:
                return "you"
        return "unknown"
