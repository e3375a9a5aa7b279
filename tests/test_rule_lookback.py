"""Reading only the months the rules look back over gives the same flags (and summary) as reading everything.

``delegate check``, ``flag ack`` and ``export`` read the events from :func:`history_start` on, plus the task
timelines of all time (docs/speed.md); a rule whose window were declared too short would silently
lose flags, so each scenario here compares the flags of both reads on a generated year of history.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from delegate_tui.demo.generate import large
from delegate_tui.model import Event, EventKind, RuleSettings, Workspace
from delegate_tui.patterns import evaluate
from delegate_tui.patterns.engine import RULE_KINDS, TIMELINE_KINDS, history_start
from delegate_tui.patterns.registry import LOOKBACK, REGISTRY
from delegate_tui.storage.store import Store
from delegate_tui.summary import build_summary, summary_json, summary_start
from tests.helpers.clock import NOW

# One worker takes every test of this module (make test: --dist loadgroup): the year of history
# below is generated once, not once per worker.
pytestmark = pytest.mark.xdist_group("rule-lookback")


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Workspace]:
    """A generated team with a year of history (the events spread over twelve month files)."""
    workspace, events = large(members=25, tasks=300, events=6000, seed=11, now=NOW)
    path = tmp_path_factory.mktemp("lookback") / "team.json"
    Store(path).replace_everything(workspace, events, NOW, keep_backup=False)
    return path, workspace


def _flags_both_ways(
    path: Path, workspace: Workspace, at_days_back: int = 0
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    now = NOW - timedelta(days=at_days_back)
    store = Store(path)
    start = history_start(workspace, now)
    assert start is not None
    windowed = store.events(since=start, history=TIMELINE_KINDS, kinds=RULE_KINDS)
    everything = store.events()
    assert len(windowed) < len(everything)  # the scenario would prove nothing otherwise
    assert not any(event.kind is EventKind.NOTE for event in windowed)
    full = [flag.model_dump() for flag in evaluate(workspace, everything, now, include_acknowledged=True)]
    brief = [flag.model_dump() for flag in evaluate(workspace, windowed, now, include_acknowledged=True)]
    return full, brief


def test_every_rule_declares_how_far_back_it_reads() -> None:
    assert set(LOOKBACK) == set(REGISTRY)


def test_default_settings_give_the_same_flags_from_the_recent_months(year: tuple[Path, Workspace]) -> None:
    full, brief = _flags_both_ways(*year)
    assert full  # a generated year of micromanagement raises flags
    assert brief == full


def test_a_check_dated_in_the_past_gives_the_same_flags(year: tuple[Path, Workspace]) -> None:
    # Events after the moment of the check exist, and the windows end months before the last file.
    full, brief = _flags_both_ways(*year, at_days_back=150)
    assert brief == full


@pytest.mark.parametrize(
    ("rule_id", "params"),
    [
        ("MM001", {"window_days": 21, "windows": 6}),
        ("MM002", {"lookback_days": 200}),
        ("MM003", {"lookback_days": 150}),
        ("MM004", {"window_days": 120}),
        ("MM007", {"lookback_days": 180}),
        ("MM014", {"lookback_days": 160}),
        ("MM016", {"lookback_days": 170}),
    ],
)
def test_a_widened_window_reads_further_back_and_keeps_the_same_flags(
    year: tuple[Path, Workspace], rule_id: str, params: dict[str, float]
) -> None:
    path, workspace = year
    tuned = workspace.model_copy(deep=True)
    tuned.settings.rules[rule_id] = RuleSettings(params=params)
    assert history_start(tuned, NOW) < history_start(workspace, NOW)  # type: ignore[operator]
    full, brief = _flags_both_ways(path, tuned)
    assert brief == full


def test_a_rule_without_a_declared_lookback_reads_the_whole_history(
    year: tuple[Path, Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    _path, workspace = year
    monkeypatch.delitem(LOOKBACK, "MM012")
    assert history_start(workspace, NOW) is None
    off = workspace.model_copy(deep=True)
    off.settings.rules["MM012"] = RuleSettings(enabled=False)
    assert history_start(off, NOW) is not None  # a rule switched off reads nothing


SHORT_WINDOWS = {
    "MM001": {"window_days": 7, "windows": 1},
    "MM002": {"lookback_days": 7},
    "MM003": {"lookback_days": 7},
    "MM004": {"window_days": 7},
    "MM007": {"lookback_days": 7},
    "MM014": {"lookback_days": 7},
    "MM016": {"lookback_days": 7},
}


@pytest.mark.parametrize("days_back", [0, 150])
@pytest.mark.parametrize("private", [False, True])
@pytest.mark.parametrize("short_windows", [False, True], ids=["default windows", "week-long rule windows"])
def test_the_summary_from_the_recent_months_is_the_same_document(
    year: tuple[Path, Workspace], days_back: int, private: bool, short_windows: bool
) -> None:
    # With week-long rule windows, the metrics' twelve weeks and the private 90 days reach furthest.
    path, workspace = year
    if short_windows:
        workspace = workspace.model_copy(deep=True)
        for rule_id, params in SHORT_WINDOWS.items():
            workspace.settings.rules[rule_id] = RuleSettings(params=params)
    now = NOW - timedelta(days=days_back)
    store = Store(path)
    start = summary_start(workspace, now)
    assert start is not None
    windowed = store.events(since=start, history=TIMELINE_KINDS, kinds=None if private else RULE_KINDS)
    everything = store.events()
    assert len(windowed) < len(everything)

    def document(events: list[Event]) -> str:
        return summary_json(build_summary(workspace, events, now, generated_at=NOW, include_private=private))

    assert document(windowed) == document(everything)
