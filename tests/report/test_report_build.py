"""Report content from the scripted session, numbers worked out by hand."""

from __future__ import annotations

from typing import Any, Callable, Dict

import pytest

from bot.report import ReportInputError, build_report
from bot.report.metrics import cr_level, miti_summary, oars_counts, rq_level
from tests.report.report_fixtures import ALICE, SCRIPT_REPLY

Factory = Callable[..., Dict[str, Any]]


def test_scripted_session_numbers(session_factory: Factory) -> None:
    report = build_report(session_factory())

    assert [t.turn for t in report.turns] == [1, 2, 3, 4, 5, 6]
    assert [t.validation_score for t in report.turns] == [70, 55, 10, 85, 20, 90]
    assert [t.nonjudgment_score for t in report.turns] == [100, 100, 40, 100, 50, 100]
    assert [t.trust for t in report.turns] == [35, 40, 30, 45, 38, 55]
    # (70 + 55 + 10 + 85 + 20 + 90) / 6 = 330 / 6 = 55.0
    assert report.mean_validation == 55.0
    # (100 + 100 + 40 + 100 + 50 + 100) / 6 = 490 / 6 = 81.67 -> 81.7
    assert report.mean_nonjudgment == 81.7
    assert (report.trust_start, report.trust_end) == (35, 55)

    # One of each used code; the rest zero.
    assert report.oars_counts == {
        "open_question": 1,
        "closed_question": 1,
        "affirmation": 0,
        "reflection_simple": 1,
        "reflection_complex": 1,
        "summary": 1,
        "advice": 1,
        "information": 0,
        "other": 0,
    }
    # Reflections: simple 1 + complex 1 + summary 1 = 3; questions: open 1 + closed 1
    # = 2; R:Q = 3 / 2 = 1.5 (>= 1 fair, < 2 good). Complex: complex 1 + summary 1 = 2
    # of 3 reflections = 66.7 % (>= 50 good).
    miti = report.miti
    assert (miti.reflections, miti.questions, miti.complex_reflections) == (3, 2, 2)
    assert miti.rq_ratio == 1.5 and miti.rq_level == "fair"
    assert miti.pct_complex == 66.7 and miti.cr_level == "good"

    # Turn 3: directive + advice, turn 5: minimising.
    assert {k: v for k, v in report.judgment_counts.items() if v} == {
        "directive": 1,
        "advice": 1,
        "minimising": 1,
    }
    assert sum(report.judgment_counts.values()) == 3
    assert report.turns_with_judgment == 2
    flag = report.turns[2].flags[0]
    assert (flag.category, flag.text, flag.start, flag.end) == (
        "directive",
        "You should",
        0,
        10,
    )
    assert flag.rewrite == "Would it help to talk to your boss?"

    assert (report.layers_reached, report.layers_total) == (2, 4)
    assert [(r.layer, r.reached, r.unlocked_at_turn) for r in report.layers] == [
        (1, True, 2),
        (2, True, 4),
        (3, False, None),
        (4, False, None),
    ]
    assert report.competencies[:2] == ["samhsa:provides_support", "reflections"]
    assert report.crisis_steps == []
    assert report.turns[3].reply == SCRIPT_REPLY
    assert report.trainee == ALICE
    assert report.transcript_included is True


@pytest.mark.parametrize(
    ("reflections", "questions", "level"),
    [(0, 0, "n/a"), (0, 3, "below"), (1, 2, "below"), (2, 2, "fair"), (3, 2, "fair")]
    + [(4, 2, "good"), (5, 2, "good"), (1, 0, "good")],
)
def test_rq_thresholds(reflections: int, questions: int, level: str) -> None:
    assert rq_level(reflections, questions) == level


@pytest.mark.parametrize(
    ("pct", "level"),
    [(None, "n/a"), (0.0, "below"), (39.9, "below"), (40.0, "fair"), (49.9, "fair")]
    + [(50.0, "good"), (100.0, "good")],
)
def test_complex_reflection_thresholds(pct: float | None, level: str) -> None:
    assert cr_level(pct) == level


def test_miti_summary_edges() -> None:
    # 2 simple + 3 complex = 5 reflections, 0 questions: ratio undefined, level good;
    # 3 / 5 = 60 % complex.
    summary = miti_summary(
        oars_counts(["reflection_simple"] * 2 + ["reflection_complex"] * 3)
    )
    assert summary.rq_ratio is None and summary.rq_level == "good"
    assert summary.pct_complex == 60.0 and summary.cr_level == "good"
    assert oars_counts(["made_up"])["other"] == 1


def test_empty_session(session_factory: Factory) -> None:
    session = session_factory()
    session["turns"] = []
    session["layers_reached"] = 0
    report = build_report(session)
    assert report.turns == []
    assert report.mean_validation is None and report.trust_end is None
    assert report.miti.rq_level == "n/a" and report.miti.cr_level == "n/a"
    assert "No turns recorded." in report.summary_text()
    report.to_json()  # still fits the schema


def test_layers_from_state_when_no_events(session_factory: Factory) -> None:
    session = session_factory()
    for turn in session["turns"]:
        turn["events"] = []
    del session["layers_reached"]
    report = build_report(session)
    assert report.layers_reached == 2
    assert [r.unlocked_at_turn for r in report.layers[:2]] == [2, 4]


def test_crisis_steps_are_reported(session_factory: Factory) -> None:
    session = session_factory()
    session["crisis_steps"] = ["asked_directly", "stayed_with"]
    report = build_report(session)
    assert report.crisis_steps == ["asked_directly", "stayed_with"]
    assert report.summary_text().splitlines()[-1] == (
        "Crisis steps taken: Asked directly about suicide, "
        "Stayed with the person after the disclosure."
    )
    assert "## Crisis steps\n\n- Asked directly about suicide\n" in report.to_markdown()


def test_competencies_are_labelled(session_factory: Factory) -> None:
    text = build_report(session_factory()).to_markdown()
    section = text.split("## Competencies practised\n\n", 1)[1]
    assert section.splitlines()[:4] == [
        "- Provides support (SAMHSA II)",
        "- Reflections (OARS)",
        "- Something new",
        "- Staying with someone after a disclosure",
    ]


def test_raw_trainee_id_is_refused(session_factory: Factory) -> None:
    with pytest.raises(ReportInputError, match="session.trainee"):
        build_report(session_factory(trainee="alice@example.org"))


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("turns", 1, "score", "oars"), None, r"turns\[1\].score.oars: missing"),
        (
            ("turns", 0, "score", "validation_score"),
            140,
            r"turns\[0\].score: 140 is outside 0-100",
        ),
        (("turns", 2, "state"), "high", r"turns\[2\].state: expected"),
        (("session_id",), None, r"session.session_id: missing"),
    ],
)
def test_malformed_input_names_the_field(
    session_factory: Factory, path: tuple, value: Any, message: str
) -> None:
    session = session_factory()
    target: Any = session
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ReportInputError, match=message):
        build_report(session)
