"""What writer processes reported as done, and the check that the workspace holds all of it."""

from __future__ import annotations

from pathlib import Path

import orjson

from delegate_tui.storage.store import Store, events_folder


class Acks:
    """Everything the writers reported as done."""

    def __init__(self) -> None:
        self.tasks: dict[int, str] = {}
        self.events: dict[str, str] = {}
        self.levels: dict[str, tuple[int, int]] = {}

    def take(self, output: str) -> int:
        lines = output.split("\n")[:-1]  # a line cut by the kill has no newline: it was not reported
        taken = 0
        for line in lines:
            kind, _sep, rest = line.partition(" ")
            if kind == "task":
                task_id, title = rest.split(" ", 1)
                assert int(task_id) not in self.tasks, f"task id {task_id} given twice"
                self.tasks[int(task_id)] = title
            elif kind == "event":
                event_id, note = rest.split(" ", 1)
                assert event_id not in self.events, f"event id {event_id} given twice"
                self.events[event_id] = note
            elif kind == "level":
                event_id, task_id, level = rest.split(" ")
                assert event_id not in self.levels, f"event id {event_id} given twice"
                self.levels[event_id] = (int(task_id), int(level))
            else:
                continue
            taken += 1
        return taken

    def check(self, path: Path) -> None:
        """The workspace loads, and holds every acknowledged write."""
        store = Store(path)
        workspace = store.load()
        events = {event.id: event for event in store.events()}
        for task_id, title in self.tasks.items():
            assert workspace.tasks[task_id].title == title
        for event_id, note in self.events.items():
            assert events[event_id].note == note, event_id
        for event_id, (task_id, level) in self.levels.items():
            event = events[event_id]
            assert (event.kind.value, event.task_id, int(event.to_level or 0)) == ("level_change", task_id, level)
        assert not set(self.events) & set(self.levels)


def month_file_events(path: Path) -> list[str]:
    found = []
    for month in sorted(events_folder(path).glob("*.json")):
        found += [f"e{month.stem.replace('-', '')}-{key}" for key in orjson.loads(month.read_bytes())["events"]]
    return found
