"""A member's or a task's events of all time, read without building (or keeping) the others: what the
UI reads beside the recent months it holds (DelegateApp.older_events)."""

from __future__ import annotations

from pathlib import Path

import pytest

from delegate_tui.demo.generate import large
from delegate_tui.model import EventKind
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW


@pytest.fixture
def year(tmp_path: Path) -> Path:
    workspace, events = large(members=8, tasks=60, events=1500, seed=3, now=NOW)
    path = tmp_path / "team.json"
    Store(path).replace_everything(workspace, events, NOW, keep_backup=False)
    return path


def test_a_member_or_a_task_filter_gives_what_filtering_every_event_gives(year: Path) -> None:
    everything = Store(year).events()
    middle = next(
        e for e in everything[len(everything) // 2 :] if e.kind is EventKind.APPROVAL and e.task_id is not None
    )
    member, task = middle.member_id, middle.task_id
    cases = [
        ({"member_id": member}, lambda e: e.member_id == member),
        ({"task_id": task}, lambda e: e.task_id == task),
        ({"member_id": member, "task_id": task}, lambda e: e.member_id == member and e.task_id == task),
        (
            {"task_id": task, "kinds": {EventKind.APPROVAL}},
            lambda e: e.task_id == task and e.kind is EventKind.APPROVAL,
        ),
    ]
    for options, keep in cases:
        reader = Store(year, create=False, validate=False)
        found = reader.events(**options)  # type: ignore[arg-type]
        assert found == [event for event in everything if keep(event)]
        assert found
        assert not reader._event_cache  # nothing kept: a filtered read is not the whole month


def test_a_filtered_read_uses_the_months_already_read(year: Path) -> None:
    store = Store(year)
    everything = store.events()
    task = everything[-1].task_id or next(e.task_id for e in everything if e.task_id is not None)
    assert store.events(task_id=task) == [event for event in everything if event.task_id == task]
