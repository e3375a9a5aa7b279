"""UI cold start to first paint, and peak memory, against a minimal Textual app (DESIGN.md section 7).

    .venv/bin/python benchmarks/first_paint.py [--runs 7] [--db PATH]

Without ``--db`` it builds the scale set (`delegate demo --members 200 --tasks 10000 --events
100000`) in a temporary folder. Each run is a fresh process with Textual's headless driver; the time
is taken from the process's start (``/proc``) to the app's first ``on_ready`` (its first paint),
then the app quits. The baseline is a minimal app with a Header, a DataTable and a Footer, timed the
same way in the same run, alternating with ours so that machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

_PROBE = r"""
import os, sys

def since_start():
    with open("/proc/self/stat") as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")

os.environ["TEXTUAL_DRIVER"] = "textual.drivers.headless_driver:HeadlessDriver"
if sys.argv[1] == "minimal":
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header

    class Minimal(App[None]):
        def compose(self):
            yield Header()
            yield DataTable()
            yield Footer()

    app = Minimal()
else:
    from delegate_tui.app import DelegateApp
    from delegate_tui.storage.store import Store

    app = DelegateApp(Store(sys.argv[1]))

async def first_paint(pilot):
    print(f"{since_start():.3f}", flush=True)
    await pilot.press("ctrl+q")

app.run(auto_pilot=first_paint)
"""


def measure(target: str) -> tuple[float, float]:
    """Seconds from process start to first paint, and peak memory in MiB, of one run."""
    process = subprocess.Popen([sys.executable, "-c", _PROBE, target], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    first_line = process.stdout.readline()
    process.stdout.read()
    _pid, _status, usage = os.wait4(process.pid, 0)
    return float(first_line), usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", help="an existing workspace (default: build the scale set)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="delegate-first-paint-") as folder:
        db = args.db
        if db is None:
            db = str(Path(folder) / "scale.json")
            delegate = Path(sys.executable).with_name("delegate")
            subprocess.run(
                [str(delegate), "demo", "--db", db, "--members", "200", "--tasks", "10000", "--events", "100000"],
                check=True,
                capture_output=True,
            )
        ours: list[tuple[float, float]] = []
        minimal: list[tuple[float, float]] = []
        for _ in range(args.runs):
            minimal.append(measure("minimal"))
            ours.append(measure(db))
    paint_ours = statistics.median(t for t, _m in ours)
    paint_minimal = statistics.median(t for t, _m in minimal)
    memory_ours = max(m for _t, m in ours)
    memory_minimal = max(m for _t, m in minimal)
    print(f"first paint, median of {args.runs} runs (process start to ready, 10 ms resolution):")
    print(f"  minimal Textual app:  {paint_minimal:6.2f} s   peak memory {memory_minimal:6.0f} MiB")
    print(f"  delegate:             {paint_ours:6.2f} s   peak memory {memory_ours:6.0f} MiB")
    print(f"  ratio first paint:    {paint_ours / paint_minimal:6.2f}   (target <= 1.5)")
    print(
        f"  ratio peak memory:    {memory_ours / memory_minimal:6.2f}   (target <= 3, includes the history read after paint)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
