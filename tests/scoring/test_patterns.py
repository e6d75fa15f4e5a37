"""The pattern language and the data files it reads."""

from __future__ import annotations

import re

import pytest
import spacy

from bot.scoring import resources
from bot.scoring.patterns import PatternSet, compile_pattern, expand_groups
from bot.scoring.result import FLAG_CATEGORIES


def test_expand_groups() -> None:
    assert expand_groups("a ( b c / d ) e") == ["a b c e", "a d e"]
    assert expand_groups("( x / ( y / z ) w )") == ["x", "y w", "z w"]
    with pytest.raises(ValueError):
        expand_groups("a ( b")


def test_compile_elements() -> None:
    c = compile_pattern(
        "^ you $SHOULD? [ just|really ] _{0,2} @feel", {"SHOULD": "should|must"}
    )
    assert c.anchored and c.focus == (2, 3)
    assert c.tokens[0] == {"LOWER": "you"}
    assert c.tokens[1] == {"LOWER": {"IN": ["must", "should"]}, "OP": "?"}
    assert c.tokens[3] == {"OP": "{0,2}"}
    assert c.tokens[4] == {"_": {"pp_feel": True}}
    with pytest.raises(ValueError):
        compile_pattern("$NOPE", {})


def test_pattern_set_matches_like_the_matcher() -> None:
    nlp = spacy.blank("en")
    patterns = PatternSet()
    patterns.add("a", compile_pattern("you should|must _? [ leave ]", {}))
    doc = nlp("I think you should really leave him.")
    doc._.pp_feelings = []
    assert [(h[0], h[1], h[2], h[3]) for h in patterns(doc)] == [("a", 2, 6, (5, 6))]


def _all_patterns() -> list:
    out = []
    for group, texts in resources.load_yaml("lexicons/validation.yml").items():
        out += [(f"validation:{group}", t) for t in texts]
    judgment = dict(resources.load_yaml("lexicons/judgment.yml"))
    out += [("exceptions", t) for t in judgment.pop("exceptions")]
    for category, groups in judgment.items():
        assert category in FLAG_CATEGORIES
        for group in groups:
            out += [(category, t) for t in group["patterns"]]
    return out


def test_every_pattern_compiles() -> None:
    macros = resources.macros()
    for where, text in _all_patterns():
        for expanded in expand_groups(text):
            assert compile_pattern(expanded, macros).tokens, where


def test_judgment_groups_point_at_existing_texts() -> None:
    judgment = dict(resources.load_yaml("lexicons/judgment.yml"))
    judgment.pop("exceptions")
    rewrites = resources.rewrites()
    field = re.compile(r"{(\w+)}")
    for groups in judgment.values():
        for group in groups:
            assert group["key"] in resources.rationales(), group["key"]
            assert group["rewrite"] in rewrites, group["rewrite"]
    for name, template in rewrites.items():
        assert set(field.findall(template["text"])) <= {
            "rest",
            "sentence",
            "feeling",
        }, name
        assert not field.findall(template["fallback"]), name


def test_rationales_have_title_and_why() -> None:
    for key, text in resources.rationales().items():
        assert text["title"].strip() and text["why"].strip(), key


def test_feelings_lexicon_shape() -> None:
    for key, entry in resources.load_yaml("lexicons/feelings.yml").items():
        assert entry["family"] and (entry.get("words") or entry.get("phrases")), key
