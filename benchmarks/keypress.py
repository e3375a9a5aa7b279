"""Keypress to next screen update in the task table and on the board, scale set, real terminal.

    .venv/bin/python benchmarks/keypress.py [--presses 60] [--db PATH]

Without ``--db`` it builds the scale set (`delegate demo --members 200 --tasks 10000 --events
100000`) in a temporary folder. The app runs in a private tmux server (120x40) with a probe that
notes the moment each key event reaches the app (keys that change nothing on screen are dropped) and the end of the next compositor refresh of the
screen; tmux types the keys one at a time, well apart, once the background history computation has
finished. Prints the median and 90th percentile per key and screen (target: median under 30 ms).
Needs tmux.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_PROBE = r"""
import json, sys, time
from textual import events
from textual.app import App
from textual.screen import Screen
from delegate_tui.app import DelegateApp
from delegate_tui.storage.store import Store

log = open(sys.argv[2], "w", buffering=1)
pending = []
original_on_event = App.on_event

async def on_event(self, event):
    if isinstance(event, events.Key) and not event.is_forwarded:
        # A key that changed nothing on screen has no refresh to wait for: forget it.
        pending[:] = [(event.key, time.perf_counter())]
    return await original_on_event(self, event)

original_refresh = Screen._compositor_refresh

def compositor_refresh(self):
    original_refresh(self)
    if pending and self is self.app.screen:
        done = time.perf_counter()
        for key, started in pending:
            log.write(json.dumps({"key": key, "ms": (done - started) * 1000, "screen": type(self).__name__}) + "\n")
        pending.clear()

original_publish = DelegateApp._publish

def publish(self, data):
    original_publish(self, data)
    log.write(json.dumps({"complete": data.complete}) + "\n")

App.on_event = on_event
Screen._compositor_refresh = compositor_refresh
DelegateApp._publish = publish
DelegateApp(Store(sys.argv[1])).run()
"""

SOCKET = "delegate-keypress-bench"


def tmux(*args: str, socket: str = SOCKET) -> None:
    subprocess.run(["tmux", "-L", socket, *args], check=True, capture_output=True)


def wait_for(log: Path, predicate: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and predicate in log.read_text():
            return
        time.sleep(0.2)
    raise SystemExit(f"the app did not report {predicate!r} within {timeout:.0f} s")


def press(key: str, times: int, pause: float, socket: str = SOCKET) -> None:
    for _ in range(times):
        tmux("send-keys", "-t", "bench", key, socket=socket)
        time.sleep(pause)


def measure(python: str, db: str, presses: int, socket: str = SOCKET) -> dict[tuple[str, str], list[float]]:
    """Milliseconds from each key to the next screen update, by (screen, key), in a private tmux."""
    with tempfile.TemporaryDirectory(prefix="delegate-keypress-") as folder:
        probe = Path(folder) / "probe.py"
        probe.write_text(_PROBE)
        log = Path(folder) / "latency.jsonl"
        # Bytecode on, as users have it (this workplace's shell turns it off).
        command = " ".join(["env", "-u", "PYTHONDONTWRITEBYTECODE", python, str(probe), db, str(log)])
        tmux("new-session", "-d", "-s", "bench", "-x", "120", "-y", "40", command, socket=socket)
        try:
            wait_for(log, '"complete": true')
            press("Right", presses, 0.12, socket)
            tmux("send-keys", "-t", "bench", "t", socket=socket)
            wait_for(log, "TasksScreen")
            time.sleep(1.0)
            press("Down", presses, 0.12, socket)
            press("PageDown", presses, 0.12, socket)
            press("PageUp", presses, 0.12, socket)
            time.sleep(0.5)
        finally:
            subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
        samples: dict[tuple[str, str], list[float]] = {}
        for line in log.read_text().splitlines():
            record = json.loads(line)
            if "ms" in record:
                samples.setdefault((record["screen"], record["key"]), []).append(record["ms"])
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=60)
    parser.add_argument("--db", help="an existing workspace (default: build the scale set)")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is not installed: apt-get install tmux")
        return 2
    with tempfile.TemporaryDirectory(prefix="delegate-keypress-") as folder:
        db = args.db
        if db is None:
            db = str(Path(folder) / "scale.json")
            delegate = Path(sys.executable).with_name("delegate")
            subprocess.run(
                [str(delegate), "demo", "--db", db, "--members", "200", "--tasks", "10000", "--events", "100000"],
                check=True,
                capture_output=True,
            )
        samples = measure(sys.executable, db, args.presses)
    print("keypress to next screen update (ms), real terminal 120x40:")
    for (screen, key), values in sorted(samples.items()):
        if len(values) < 5:
            continue
        values.sort()
        p90 = values[int(len(values) * 0.9) - 1]
        print(f"  {screen:12} {key:9} n={len(values):3}  median {statistics.median(values):6.1f}  p90 {p90:6.1f}")
    print("target: median under 30 ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
