"""UI cold start to first paint, and peak memory, against a minimal Textual app.

    .venv/bin/python benchmarks/first_paint.py [--runs 7] [--db PATH]

Without ``--db`` it builds the scale set (`delegate demo --members 200 --tasks 10000 --events
100000`) in a temporary folder. Each run is a fresh process with Textual's headless driver, run
by ``ui_probe.py``: the time from spawning the process to its first paint, and to its exit when
ctrl+q is typed at that first paint; the peak memory of a run that quits once the history has
loaded. The baseline is a minimal app with a Header, a DataTable and a Footer, timed the same way
in the same run, alternating with ours. `make bench` runs this among all the other comparisons
(benchmarks/bench.py), on a regular install.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBE = Path(__file__).resolve().with_name("ui_probe.py")


def measure(python: str, which: str, db: str, quit_when: str, folder: str) -> tuple[float, float, float]:
    """Seconds to first paint, seconds to exit, and peak memory in MiB, of one run."""
    report = Path(folder) / "report.jsonl"
    report.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["TEXTUAL_DRIVER"] = "textual.drivers.headless_driver:HeadlessDriver"
    start = time.monotonic()
    process = subprocess.Popen([python, str(PROBE), which, db, quit_when, str(report)], env=env)
    _pid, status, usage = os.wait4(process.pid, 0)
    end = time.monotonic()
    if status != 0:
        raise SystemExit(f"the {which} app failed ({status})")
    paint = next(json.loads(line)["paint"] for line in report.read_text().splitlines() if "paint" in line)
    return paint - start, end - start, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", help="an existing workspace (default: build the scale set)")
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="delegate-first-paint-") as folder:
        db = args.db
        if db is None:
            db = str(Path(folder) / "scale.json")
            delegate = Path(python).with_name("delegate")
            subprocess.run(
                [str(delegate), "demo", "--db", db, "--members", "200", "--tasks", "10000", "--events", "100000"],
                check=True,
                capture_output=True,
            )
        runs: dict[str, list[tuple[float, float, float]]] = {
            "ours": [],
            "minimal": [],
            "ours-loaded": [],
            "min-loaded": [],
        }
        for _ in range(args.runs):
            runs["minimal"].append(measure(python, "minimal", "-", "paint", folder))
            runs["ours"].append(measure(python, "ours", db, "paint", folder))
            runs["min-loaded"].append(measure(python, "minimal", "-", "loaded", folder))
            runs["ours-loaded"].append(measure(python, "ours", db, "loaded", folder))

    def med(key: str, index: int) -> float:
        return statistics.median(run[index] for run in runs[key])

    print(f"headless, median of {args.runs} runs:")
    print(f"  first paint:          minimal {med('minimal', 0):6.3f} s   delegate {med('ours', 0):6.3f} s")
    print(f"  first paint and quit: minimal {med('minimal', 1):6.3f} s   delegate {med('ours', 1):6.3f} s")
    print(f"  peak memory, loaded:  minimal {med('min-loaded', 2):6.0f} MiB delegate {med('ours-loaded', 2):6.0f} MiB")
    print(f"  ratio first paint:    {med('ours', 0) / med('minimal', 0):6.2f}   (target <= 1.5)")
    print(f"  ratio paint and quit: {med('ours', 1) / med('minimal', 1):6.2f}   (target <= 1.5)")
    print(f"  ratio peak memory:    {med('ours-loaded', 2) / med('min-loaded', 2):6.2f}   (target <= 3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
