"""The sample team's summary, byte for byte, against a file a person has read; and the counts beside it.

tests/golden/summary.json is ``delegate demo --seed 1`` exported with ``DELEGATE_NOW=2026-11-28T12:00:00Z``
(so ``now`` and ``generated_at`` are both that moment). It was reviewed by reading it against the
demo's story (delegate_tui/demo/sample_team.py, ``SAMPLE_FLAGS``): six members with flags (MM001 Jonas, MM002
Diego twice: the held rollout, critical, and the override during the checkout outage, info with its
context; MM004 Fatima, MM006 Tomasz, MM009 Lena as upkeep, MM013 and MM014 Kwame), Priya and Aiko with
none; 27 open tasks whose level distribution sums to 27; flags_by_severity 2 info (MM002 incident,
MM013), 5 warnings, 1 critical; every flag carries its category; Lena's review (last 2026-03-23, every 90 days) overdue since 2026-06-21 and nobody else's;
the team autonomy index 0.3 = 18 of the 60 member tasks and agreed areas at levels 5-7.

When a change alters the summary on purpose, regenerate it with the two commands above, read the
diff (``git diff tests/golden/summary.json``), and say why in the commit.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Result
from tests.helpers.clock import NOW, NOW_ARG

GOLDEN = Path(__file__).parent / "golden" / "summary.json"
TODAY = NOW.date()


@pytest.fixture
def demo_team(cli: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The sample team (seed 1) loaded through the CLI with its clock fixed at NOW."""
    monkeypatch.setenv("DELEGATE_NOW", NOW_ARG)
    assert cli("demo", "--seed", "1").code == 0
    return cli


def export(cli: Any, *args: str) -> dict[str, Any]:
    result: Result = cli("export", *args)
    assert result.code == 0, result.err
    document: dict[str, Any] = json.loads(result.out)
    return document


def member(document: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [m for m in document["members"] if m["name"] == name]
    return found


def test_the_sample_teams_summary_is_the_reviewed_golden_file(demo_team: Any) -> None:
    result: Result = demo_team("export")
    assert result.code == 0, result.err
    assert result.out == GOLDEN.read_text(encoding="utf-8"), (
        "the summary changed: if on purpose, regenerate tests/golden/summary.json (see this module's docstring)"
        " and read the diff"
    )


def test_the_golden_file_counts_each_severity_apart(demo_team: Any) -> None:
    """flags_by_severity counts the flags as listed, info apart from warnings, not only their sum."""
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    listed = Counter(
        flag["severity"] for flags in [golden["team_flags"], *(m["flags"] for m in golden["members"])] for flag in flags
    )
    assert listed == {"info": 2, "warning": 5, "critical": 1}
    assert golden["totals"]["flags_by_severity"] == dict(listed)
    assert export(demo_team)["totals"]["flags_by_severity"] == {"info": 2, "warning": 5, "critical": 1}


def test_a_review_due_exactly_today_is_not_overdue_until_tomorrow(
    demo_team: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = member(export(demo_team), "Priya Natarajan")["agreement"]["review_every_days"]
    reviewed = (TODAY - timedelta(days=every)).isoformat()
    assert demo_team("agreement", "set", "priya", "--reviewed", reviewed).code == 0

    today = member(export(demo_team), "Priya Natarajan")
    assert today["agreement"]["last_review"] == reviewed
    assert today["agreement"]["next_review_due"] == TODAY.isoformat()
    assert today["agreement"]["review_overdue"] is False
    assert "MM009" not in {flag["rule"] for flag in today["flags"]}

    monkeypatch.setenv("DELEGATE_NOW", (NOW + timedelta(days=1)).isoformat())
    tomorrow = member(export(demo_team), "Priya Natarajan")
    assert tomorrow["agreement"]["review_overdue"] is True
    assert "MM009" in {flag["rule"] for flag in tomorrow["flags"]}


def test_fail_on_ignores_flags_the_manager_acknowledged(demo_team: Any) -> None:
    """With every flag acknowledged, ``check --fail-on info`` passes, with or without ``--all``."""
    before = demo_team("check", "--format", "json", "--fail-on", "info")
    assert before.code == 1
    flags = json.loads(before.out)["flags"]
    assert len(flags) == 8
    for flag in flags:
        acked = demo_team("flag", "ack", flag["id"], "--reason", "Talked it through")
        assert acked.code == 0, acked.err

    assert demo_team("check", "--fail-on", "info").code == 0
    listed = demo_team("check", "--format", "json", "--fail-on", "info", "--all")
    assert listed.code == 0, "acknowledged flags shown with --all must not fail the check"
    shown = json.loads(listed.out)["flags"]
    assert {flag["id"] for flag in shown} == {flag["id"] for flag in flags}
    assert all(flag["acknowledged"]["reason"] == "Talked it through" for flag in shown)
    # An acknowledged flag still counts in the summary, apart from the open ones.
    totals = export(demo_team)["totals"]
    assert (totals["flags"], totals["acknowledged_flags"]) == (0, 8)
