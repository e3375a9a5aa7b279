"""MM014 low-pulse (delegate_tui/patterns/rules/low_pulse.py): when it fires and what excuses it."""

from __future__ import annotations

from delegate_tui.patterns import Severity
from tests.helpers.scenario import (
    PRIYA,
    TOOLING,
    Builder,
    ago,
    only,
    team,
)


def scenario() -> Builder:
    """Priya answered 2 to the pulse a week ago; nothing on record shows control.
    (The rule's scenario: tests/rules/test_registry.py checks it fires.)"""
    b = team()
    b.pulse(PRIYA, 2, ago(7), note="too many hands on my work")
    return b


def test_mm014_a_low_pulse_with_a_clean_history_says_the_history_misses_something() -> None:
    flag = only(scenario().rule("MM014"))
    assert flag.severity is Severity.WARNING and flag.category == "control"
    assert flag.member_id == PRIYA
    assert "gave 2 out of 5" in flag.message and "I had the room to decide what was mine to decide" in flag.message
    assert "talk rather than trust the silence" in flag.suggestion
    assert [e.text for e in flag.evidence] == [f"{ago(7).date().isoformat()} pulse: 2 out of 5"]
    assert "too many hands" not in flag.model_dump_json()  # the note is private


def test_mm014_a_control_flag_already_tells_it() -> None:
    b = scenario()
    task = b.task(PRIYA, 6, TOOLING)
    b.event("override", ago(3), member_id=PRIYA, task_id=task)
    assert b.rule("MM014") == []
    assert {flag.rule for flag in b.flags()} == {"MM002"}


def test_mm014_only_the_latest_pulse_counts_and_only_a_low_one() -> None:
    b = scenario()
    b.pulse(PRIYA, 4, ago(2))
    assert b.rule("MM014") == []
    b.pulse(PRIYA, 1, ago(1))
    assert "gave 1 out of 5" in only(b.rule("MM014")).message
    b2 = team()
    b2.pulse(PRIYA, 3, ago(1))
    assert b2.rule("MM014") == []


def test_mm014_an_old_pulse_is_not_read() -> None:
    b = team()
    b.pulse(PRIYA, 1, ago(60))
    assert b.rule("MM014") == []
    b.configure("MM014", lookback_days=90)
    assert len(b.rule("MM014")) == 1
