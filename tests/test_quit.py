"""Quitting is instant: ctrl+q never waits for the background history load, nor for the final
garbage collection of a loaded history.

The history loader is held on an Event that is never set (in the subprocess) or set only after
the app has gone (in process), so a quit that waited for it would never end: these tests show
what a user notices (the app and the process end while the history is still being read), with
no wall-clock threshold. The subprocess timeout only keeps a regression from hanging the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest

from delegate_tui.app import DelegateApp
from delegate_tui.model import Workspace
from delegate_tui.screens.data import WorkspaceData
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW

ROOT = Path(__file__).resolve().parent.parent

# Runs the real `DelegateApp.run()` (headless) in its own process: on ctrl+q it may end the
# process outright, which must not happen inside pytest.
_CHILD = r"""
import gc, json, sys, threading
from textual import events
from delegate_tui.app import DelegateApp
from delegate_tui.storage.store import Store

db, report, hold = sys.argv[1], sys.argv[2], sys.argv[3] == "hold"

def note(**record):
    with open(report, "a") as out:
        out.write(json.dumps(record) + "\n")

def quit_now(app):
    app.post_message(events.Key("ctrl+q", None))

never = threading.Event()
original = DelegateApp._read_and_compute

def read_and_compute(self, generation, now, workspace):
    note(loader="started")
    self.call_from_thread(quit_now, self)  # the user quits while the history is loading
    never.wait()  # the history never finishes loading
    note(loader="finished")
    return original(self, generation, now, workspace)

original_on_ready = DelegateApp.on_ready

def on_ready(self):
    original_on_ready(self)
    quit_now(self)  # the user quits once the (small, complete) history is on screen

if hold:
    DelegateApp.SYNC_READ_BYTES = 0  # the large-workspace path: the history loads in the background
    DelegateApp._read_and_compute = read_and_compute
else:
    DelegateApp.on_ready = on_ready
DelegateApp(Store(db), watch_interval=None).run()
note(returned=True, frozen=gc.get_freeze_count())
"""


def run_child(db: Path, report: Path, mode: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver"}
    return subprocess.run(
        [sys.executable, "-c", _CHILD, str(db), str(report), mode],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,  # a hang detector: a quit that waited for the held loader would never end
    )


def records(report: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in report.read_text().splitlines()]


def test_ctrl_q_while_the_history_is_loading_ends_the_process_without_waiting_for_it(
    sample_store: Store, tmp_path: Path
) -> None:
    report = tmp_path / "report.jsonl"
    done = run_child(sample_store.path, report, "hold")
    assert done.returncode == 0, done.stderr
    seen = records(report)
    assert {"loader": "started"} in seen
    assert {"loader": "finished"} not in seen


def test_quitting_after_the_history_has_loaded_skips_the_final_garbage_collection(
    sample_store: Store, tmp_path: Path
) -> None:
    report = tmp_path / "report.jsonl"
    done = run_child(sample_store.path, report, "loaded")
    assert done.returncode == 0, done.stderr
    (returned,) = [r for r in records(report) if r.get("returned")]
    # Frozen objects are left to the end of the process instead of being collected one by one.
    frozen = returned["frozen"]
    assert isinstance(frozen, int)
    assert frozen > 0


async def test_the_app_closes_while_its_history_loader_is_still_held(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release, finished = threading.Event(), threading.Event(), threading.Event()
    original = DelegateApp._read_and_compute

    def held_read(self: DelegateApp, generation: int, now: datetime, workspace: Workspace) -> WorkspaceData:
        started.set()
        release.wait()
        try:
            return original(self, generation, now, workspace)
        finally:
            finished.set()

    monkeypatch.setattr(DelegateApp, "SYNC_READ_BYTES", 0)
    monkeypatch.setattr(DelegateApp, "_read_and_compute", held_read)
    app = DelegateApp(sample_store, clock=lambda: NOW, watch_interval=None)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            while not started.is_set():
                await pilot.pause()
            await pilot.press("ctrl+q")
        assert not app.is_running
        assert app.return_code == 0
        assert not finished.is_set()  # the app was gone before its history had loaded
        assert not app.data.complete
    finally:
        release.set()


async def test_quitting_before_the_first_screen_is_drawn_starts_no_history_load(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ctrl+q typed at once can be handled before the first screen has been drawn, which is when
    # the history load starts (on_ready asks for it after the next refresh). A load started after
    # the quit escapes the quit's cancellation, and the process then waited for the whole history
    # before ending (2 s on the scale set). Here the drawing comes after the quit.
    started: list[int] = []
    monkeypatch.setattr(DelegateApp, "SYNC_READ_BYTES", 0)
    monkeypatch.setattr(DelegateApp, "_compute", lambda self, generation, now, workspace: started.append(generation))
    monkeypatch.setattr(DelegateApp, "on_ready", lambda self: None)  # the drawing has not come yet
    app = DelegateApp(sample_store, clock=lambda: NOW, watch_interval=None)
    async with app.run_test(size=(80, 24)):
        app.exit()  # the quit is handled
        app._start_history()  # then the first screen is drawn
        app.reload()  # and a change from outside arrives
    assert not app.is_running
    assert started == []
