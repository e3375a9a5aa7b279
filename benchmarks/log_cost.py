"""What one `delegate log checkin` costs, whole process, on a tiny workspace and on the scale set.

    .venv/bin/python benchmarks/log_cost.py [--runs 15] [--keep DIR]

Builds, in a temporary folder, a 10-task workspace and the scale set (docs/speed.md)
(`delegate demo --members 200 --tasks 10000 --events 100000`), then times RUNS alternating runs of
`delegate log checkin --member NAME --db ...` on each and prints the medians and their ratio. The
target is that a single write does not grow with the history (ratio near 1) and that the scale-set
run costs at most 1.2x Taskwarrior's `task add` on 10,000 tasks, timed here too when `task` is
installed. `make bench` runs the same comparison among all the others (benchmarks/bench.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def delegate_command() -> list[str]:
    script = Path(sys.executable).with_name("delegate")
    return [str(script)] if script.exists() else [sys.executable, "-m", "delegate_tui"]


def run(args: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
    return elapsed


def first_member(delegate: list[str], db: Path) -> str:
    out = subprocess.run(
        [*delegate, "member", "list", "--format", "json", "--db", str(db)], capture_output=True, text=True
    )
    return str(json.loads(out.stdout)["members"][0]["name"])


def sizes(db: Path) -> str:
    folder = db.with_name(db.stem + ".events")
    months = sorted(folder.glob("*.json"))
    latest = months[-1].stat().st_size if months else 0
    return (
        f"workspace file {db.stat().st_size / 1e6:.2f} MB, {len(months)} month files, "
        f"latest month {latest / 1e6:.2f} MB"
    )


def taskwarrior_env(folder: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """An environment in which `task` holds 10,000 pending tasks, all inside ``folder``.

    Taskwarrior gets its own TASKRC and TASKDATA (``~/.task`` and ``~/.taskrc`` are never read or
    touched). The 10,000 tasks are imported once into ``folder/pristine``; every call starts from
    a fresh copy of it in ``folder/data``, so earlier runs' `task add` do not pile up.
    """
    task = shutil.which("task")
    if task is None:
        raise SystemExit("Taskwarrior (`task`) is not installed: apt-get install taskwarrior")
    folder.mkdir(parents=True, exist_ok=True)
    pristine, data, rc = folder / "pristine", folder / "data", folder / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\nnews.version=2.6.2\n")
    env = {**(base if base is not None else os.environ), "TASKRC": str(rc), "TASKDATA": str(data)}
    if not (pristine / ".complete").exists():
        shutil.rmtree(pristine, ignore_errors=True)
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir()
        tasks = [{"description": f"task {i}", "status": "pending", "project": f"p{i % 20}"} for i in range(10_000)]
        payload = folder / "tasks.json"
        payload.write_text(json.dumps(tasks))
        subprocess.run([task, "import", str(payload)], env=env, capture_output=True, check=True)
        shutil.copytree(data, pristine)
        (pristine / ".complete").touch()
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(pristine, data)
    (data / ".complete").unlink(missing_ok=True)
    return env


def taskwarrior(runs: int, folder: Path) -> float | None:
    task = shutil.which("task")
    if task is None:
        return None
    env = taskwarrior_env(folder / "taskwarrior")
    run([task, "add", "warm-up"], env)
    return statistics.median(run([task, "add", f"benchmark {i}"], env) for i in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", type=Path, help="build the workspaces in this folder and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="delegate-log-cost-"))
    folder.mkdir(parents=True, exist_ok=True)
    delegate = delegate_command()
    try:
        small, history, large = folder / "small.json", folder / "history.json", folder / "scale.json"
        print(f"building in {folder} with {' '.join(delegate)}")
        for db in (small, history, large):
            for stale in (db, db.with_name(db.stem + ".events")):
                shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)
        run([*delegate, "demo", "--members", "5", "--tasks", "10", "--events", "50", "--db", str(small)])
        # The same 10 tasks with the scale set's history: what the history alone costs a write.
        run([*delegate, "demo", "--members", "200", "--tasks", "10", "--events", "100000", "--db", str(history)])
        start = time.perf_counter()
        run([*delegate, "demo", "--members", "200", "--tasks", "10000", "--events", "100000", "--db", str(large)])
        print(f"scale set built in {time.perf_counter() - start:.1f} s")
        print(f"  10 tasks, 50 events:              {sizes(small)}")
        print(f"  10 tasks, 100,000 events:         {sizes(history)}")
        print(f"  10,000 tasks, 100,000 events:     {sizes(large)}")

        sets = (small, history, large)
        names = {db: first_member(delegate, db) for db in sets}
        timings: dict[Path, list[float]] = {db: [] for db in sets}
        for db in sets:  # warm the page cache and the bytecode
            run([*delegate, "log", "checkin", "--member", names[db], "--db", str(db)])
        for _ in range(args.runs):
            for db in sets:  # interleaved, so drift in machine load hits every set alike
                timings[db].append(run([*delegate, "log", "checkin", "--member", names[db], "--db", str(db)]))
        small_median, history_median, large_median = (statistics.median(timings[db]) for db in sets)
        print(f"delegate log checkin, whole process, median of {args.runs} runs:")
        print(f"  10 tasks, 50 events:              {small_median * 1000:7.1f} ms")
        print(f"  10 tasks, 100,000 events:         {history_median * 1000:7.1f} ms")
        print(f"  10,000 tasks, 100,000 events:     {large_median * 1000:7.1f} ms")
        print(f"  ratio long history / short:       {history_median / small_median:7.2f}")
        print(f"  ratio scale set / tiny:           {large_median / small_median:7.2f}")

        tw = taskwarrior(args.runs, folder)
        if tw is None:
            print("Taskwarrior (`task`) is not installed here: no baseline (apt-get install taskwarrior).")
        else:
            print(f"  task add, 10,000 tasks:        {tw * 1000:7.1f} ms")
            print(f"  ratio scale/task add:          {large_median / tw:7.2f}  (target <= 1.2)")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
