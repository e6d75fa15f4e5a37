"""Component ``pp_cues``: validation cues (reflections, questions, affirmations...)."""

from __future__ import annotations

import logging
from typing import Dict, List, Tuple

from spacy.language import Language
from spacy.tokens import Doc

from bot.scoring import resources
from bot.scoring.patterns import PatternSet, compile_all
from bot.scoring.tokens import hashes, register_extensions, view

logger = logging.getLogger(__name__)

Spans = Dict[str, List[Tuple[int, int]]]


@Language.factory(
    "pp_cues",
    default_config={
        "lexicon": "lexicons/validation.yml",
        "negatable": ["reflection", "sympathy", "normalising", "affirmation"],
    },
)
def make_cues(
    nlp: Language, name: str, lexicon: str, negatable: List[str]
) -> CueTagger:
    return CueTagger(nlp, lexicon, negatable)


class CueTagger:
    def __init__(self, nlp: Language, lexicon: str, negatable: List[str]) -> None:
        register_extensions()
        macros = resources.macros()
        self.patterns = PatternSet()
        self.meta: Dict[str, Tuple[str, bool]] = {}
        self.groups: List[str] = []
        for group, patterns in resources.load_yaml(lexicon).items():
            self.groups.append(group)
            where = f"{lexicon}:{group}"
            for n, text in enumerate(resources.pattern_list(patterns, where)):
                for m, compiled in enumerate(compile_all(text, macros)):
                    label = f"{group}:{n}:{m}"
                    self.meta[label] = (group, compiled.anchored)
                    self.patterns.add(label, compiled)
        self.negatable = frozenset(negatable)
        self.fillers = hashes(resources.word_set("FILLER"))
        self.negations = hashes(resources.word_set("NEGATION"))
        logger.debug("pp_cues: %d patterns", len(self.meta))

    def __call__(self, doc: Doc) -> Doc:
        cues: Spans = {group: [] for group in self.groups}
        v = view(doc)
        for label, start, end, _ in self.patterns(doc):
            group, anchored = self.meta[label]
            if anchored and not v.at_sentence_start(start, self.fillers):
                continue
            if group in self.negatable and v.negated(start, self.negations, 2):
                continue
            cues[group].append((start, end))
        doc._.pp_cues = cues
        return doc
