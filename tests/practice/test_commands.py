"""Typed meta commands: the choices found in plain words."""

import pytest

from bot.practice import commands

IDS = ["after_discharge", "grief_widower", "eviction_stress"]
TITLES = {
    "after_discharge": "Marcus, two weeks after leaving the hospital",
    "grief_widower": "Walter, five months after losing June",
    "eviction_stress": "Alejandra, fourteen days from eviction",
}


@pytest.mark.parametrize(
    "text,expected",
    [
        ("start 2", "grief_widower"),
        ("/start grief_widower", "grief_widower"),
        ("let's practise with the eviction one", "eviction_stress"),
        ("begin the Walter scenario", "grief_widower"),
        ("start hospital", "after_discharge"),
        ("start 9", None),
        ("start", None),
        ("start the zzyzx one", None),
    ],
)
def test_find_scenario(text, expected):
    assert commands.find_scenario(text, IDS, TITLES) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("difficulty hard", "hard"),
        ("make it easier", "easy"),
        ("set difficulty to standard", "standard"),
        ("normal please", "standard"),
        ("difficulty", None),
    ],
)
def test_find_difficulty(text, expected):
    assert commands.find_difficulty(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("exam mode", "exam"),
        ("switch to coach mode", "coach"),
        ("turn coaching off", "exam"),
        ("assessment please", "exam"),
        ("mode", None),
    ],
)
def test_find_mode(text, expected):
    assert commands.find_mode(text) == expected
