"""`make bench`: every speed target of the design, measured against its baseline in one run.

    python3 benchmarks/bench.py [--quick] [--pairs N] [--only NAME,...]

Runs with any Python 3.10+ (stdlib only) and measures the code as users run it:

* a REGULAR install of the current sources (``pip install .``, not editable) in its own venv,
  ``benchmarks/.cache/venv``, re-installed whenever a hash of ``delegate_tui/`` and
  ``pyproject.toml`` changes; bytecode on (``PYTHONDONTWRITEBYTECODE`` is removed from every
  child's environment);
* the scale set (200 members, 10,000 tasks, 100,000 events, seed 7) and the growth sets (the same
  with 1,000 and 10,000 events), built with ``delegate demo`` and cached under
  ``benchmarks/.cache/sets`` (rebuilt when the sources change or the day changes, so the history
  always ends today, as a user's does); every run works on a fresh copy;
* the baselines in the same run: Taskwarrior 2.6 holding 10,000 tasks in its own TASKDATA and
  TASKRC under ``benchmarks/.cache/taskwarrior`` (``~/.task`` is never touched), and a minimal
  Textual app (Header, DataTable, Footer).

Each comparison alternates ours and the baseline (ABBA order), after one warm-up of each, and
takes medians over ``--pairs`` pairs (7; 3 with ``--quick``, which also skips the middle growth
step and shortens the keypress run). It prints ONE table: each ratio, its target, met or not;
the raw figures go to ``benchmarks/.cache/last.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import keypress  # the sibling benchmarks, folded in
import log_cost

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
VENV = CACHE / "venv"
PYTHON = VENV / "bin" / "python"
DELEGATE = VENV / "bin" / "delegate"
PROBE = ROOT / "benchmarks" / "ui_probe.py"
SEED = 7
MEMBERS, TASKS, EVENTS = 200, 10_000, 100_000
TMUX_SOCKET = "delegate-bench"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def child_env(**extra: str) -> dict[str, str]:
    """The environment of every measured process: bytecode on, as users have it."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "TEXTUAL_DRIVER")}
    env.update(extra)
    return env


# ----------------------------------------------------------------------------- the venv and the data


def source_hash() -> str:
    digest = hashlib.sha256()
    files = [ROOT / "pyproject.toml", *sorted((ROOT / "delegate_tui").rglob("*"))]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_venv(stamp: str) -> None:
    """A regular install of the current sources (and pyinstrument, for the profiles) in its own venv."""
    marker = VENV / ".sources"
    if marker.exists() and marker.read_text() == stamp and PYTHON.exists():
        return
    log(f"installing the current sources into {VENV} (regular install) ...")
    if not PYTHON.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run_checked([*pip, "pyinstrument"])
    run_checked([*pip, "--force-reinstall", "--no-deps", str(ROOT)])
    run_checked([*pip, str(ROOT)])  # the dependencies, when they changed
    marker.write_text(stamp)


def scale_sets(stamp: str, sizes: list[int]) -> dict[int, Path]:
    """The pristine workspaces, by number of events, built once per day and source version."""
    folder = CACHE / "sets" / f"{stamp}-{time.strftime('%Y%m%d', time.gmtime())}"
    if (CACHE / "sets").exists():
        for old in (CACHE / "sets").iterdir():
            if old != folder:
                shutil.rmtree(old, ignore_errors=True)
    built: dict[int, Path] = {}
    for events in sizes:
        db = folder / f"m{MEMBERS}-t{TASKS}-e{events}-s{SEED}" / "workspace.json"
        if not (db.parent / ".complete").exists():
            shutil.rmtree(db.parent, ignore_errors=True)
            db.parent.mkdir(parents=True)
            log(f"building {db.parent.name} ...")
            run_checked(
                [
                    str(DELEGATE),
                    "demo",
                    "--members",
                    str(MEMBERS),
                    "--tasks",
                    str(TASKS),
                    "--events",
                    str(events),
                    "--seed",
                    str(SEED),
                    "--db",
                    str(db),
                ]
            )
            (db.parent / ".complete").touch()
        built[events] = db
    return built


def working_copy(pristine: Path) -> Path:
    """A fresh copy of a pristine set (writes during the run never reach the cache)."""
    target = CACHE / "work" / pristine.parent.name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(pristine.parent, target)
    return target / pristine.name


def member_name(db: Path) -> str:
    out = run_checked([str(DELEGATE), "member", "list", "--format", "json", "--db", str(db)])
    return str(json.loads(out)["members"][0]["name"])


# ----------------------------------------------------------------------------- running and timing


def run_checked(args: list[str], env: dict[str, str] | None = None) -> str:
    result = subprocess.run(args, capture_output=True, text=True, env=env or child_env())
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
    return result.stdout


@dataclass
class Sample:
    seconds: float
    maxrss_mib: float
    paint: float | None = None  # seconds from the start to the first paint (UI runs)


def timed(args: list[str], env: dict[str, str] | None = None) -> Sample:
    """One whole process: wall time from spawn to reaped, and its peak resident memory."""
    errors = CACHE / "stderr.txt"
    with open(errors, "w") as stderr:
        start = time.monotonic()
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=stderr, env=env or child_env())
        _pid, status, usage = os.wait4(process.pid, 0)
        end = time.monotonic()
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed ({status}): {errors.read_text().strip()[-2000:]}")
    return Sample(end - start, usage.ru_maxrss / 1024)


def ui_headless(which: str, db: Path | None, quit_when: str) -> Sample:
    report = CACHE / "ui-report.jsonl"
    report.unlink(missing_ok=True)
    env = child_env(TEXTUAL_DRIVER="textual.drivers.headless_driver:HeadlessDriver")
    start = time.monotonic()
    sample = timed([str(PYTHON), str(PROBE), which, str(db or "-"), quit_when, str(report)], env)
    records = [json.loads(line) for line in report.read_text().splitlines()]
    sample.paint = next(r["paint"] for r in records if "paint" in r) - start
    return sample


def tmux(*args: str) -> None:
    done = subprocess.run(["tmux", "-L", TMUX_SOCKET, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")


_sessions = iter(range(1_000_000))


def ui_terminal(which: str, db: Path | None) -> Sample:
    """Start to first paint and quit in a real terminal (tmux, 120x40): ctrl+q typed at the first paint."""
    report, result = CACHE / "tty-report.jsonl", CACHE / "tty-result.jsonl"
    report.unlink(missing_ok=True)
    result.unlink(missing_ok=True)
    probe = [str(PYTHON), str(PROBE), which, str(db or "-"), "outside", str(report)]
    wrapper = [str(PYTHON), str(PROBE), "--wrap", str(result), "--", *probe]
    command = " ".join(["env", "-u", "PYTHONDONTWRITEBYTECODE", "-u", "TEXTUAL_DRIVER", *wrapper])
    session = f"ui{next(_sessions)}"  # one server for the whole run: restarting it races its exit
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", command)
    try:
        deadline = time.monotonic() + 120
        while not (report.exists() and report.read_text().strip()):
            if time.monotonic() > deadline:
                raise SystemExit(f"{which} never painted in tmux")
            time.sleep(0.002)
        tmux("send-keys", "-t", session, "C-q")
        while not (result.exists() and result.read_text().strip()):
            if time.monotonic() > deadline:
                raise SystemExit(f"{which} did not quit on ctrl+q in tmux")
            time.sleep(0.01)
    finally:
        subprocess.run(["tmux", "-L", TMUX_SOCKET, "kill-session", "-t", session], capture_output=True)
    outcome = json.loads(result.read_text().splitlines()[0])
    paint = json.loads(report.read_text().splitlines()[0])["paint"]
    if outcome["status"] != 0:
        raise SystemExit(f"{which} exited with status {outcome['status']} in tmux")
    return Sample(outcome["end"] - outcome["start"], outcome["maxrss_kib"] / 1024, paint - outcome["start"])


def pairs(ours: Callable[[], Sample], baseline: Callable[[], Sample], count: int) -> tuple[list[Sample], list[Sample]]:
    """Alternate ours and the baseline (ABBA), after a warm-up of each, so load drift hits both alike."""
    ours(), baseline()
    a: list[Sample] = []
    b: list[Sample] = []
    for i in range(count):
        if i % 2 == 0:
            a.append(ours())
            b.append(baseline())
        else:
            b.append(baseline())
            a.append(ours())
    return a, b


# ----------------------------------------------------------------------------- profiles

_HISTORY_LOAD = """
import sys
from delegate_tui.model import utcnow
from delegate_tui.screens.data import load_data
from delegate_tui.storage.store import Store
load_data(Store(sys.argv[1], create=False), utcnow())
"""

# ``main(argv)`` returns normally: the console script (``main()``) ends a verb that read the whole
# history with ``os._exit``, before pyinstrument could write its profile.
_RUN_CLI = """
import sys
from delegate_tui.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def profile_all(scale: Path) -> None:
    """pyinstrument profiles of each measured command on the scale set, in benchmarks/.cache/profiles."""
    folder = CACHE / "profiles"
    folder.mkdir(exist_ok=True)
    name = member_name(scale)
    db = str(scale)
    history = CACHE / "history_load.py"
    history.write_text(_HISTORY_LOAD)
    cli = CACHE / "run_cli.py"
    cli.write_text(_RUN_CLI)
    report = str(CACHE / "profile-report.jsonl")
    headless = child_env(TEXTUAL_DRIVER="textual.drivers.headless_driver:HeadlessDriver")
    jobs: dict[str, tuple[list[str], dict[str, str]]] = {
        "log": ([str(cli), "log", "checkin", "--member", name, "--db", db], child_env()),
        "check": ([str(cli), "check", "--db", db], child_env()),
        "export": ([str(cli), "export", "--db", db], child_env()),
        "ui-history-load": ([str(history), db], child_env()),
    }
    for job, (command, env) in jobs.items():
        log(f"profiling {job} ...")
        for renderer, suffix in (("text", "txt"), ("html", "html")):
            out = folder / f"{job}.{suffix}"
            pyinstrument = [str(PYTHON), "-m", "pyinstrument", "-i", "0.0005", "-r", renderer, "-o", str(out)]
            pyinstrument += ["--show", "*/delegate_tui/*"]
            subprocess.run([*pyinstrument, *command], env=env, stdout=subprocess.DEVNULL, check=True)
    # The UI quits without waiting for its history thread (no exit handler would write the
    # profile): the probe profiles itself from its start to its first paint.
    log("profiling ui-start (to first paint) ...")
    headless["DELEGATE_BENCH_PROFILE"] = str(folder / "ui-start")
    subprocess.run([str(PYTHON), str(PROBE), "ours", db, "paint", report], env=headless, check=True)
    log(f"profiles in {folder}")


# ----------------------------------------------------------------------------- the table


@dataclass
class Row:
    what: str
    ours: str
    baseline: str
    ratio: float | None
    target: float | None
    unit: str = "x"
    notes: list[str] = field(default_factory=list)

    @property
    def met(self) -> str:
        if self.ratio is None or self.target is None:
            return "-"
        return "met" if self.ratio <= self.target else "NOT met"


def median(values: list[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def print_table(rows: list[Row], header: str) -> None:
    print()
    print(header)
    titles = ["what", "ours", "baseline", "ratio", "target", "met"]
    cells = []
    for row in rows:
        ratio = "-" if row.ratio is None else f"{row.ratio:.2f}{row.unit}"
        target = "-" if row.target is None else f"{'<' if row.unit == ' ms' else '<='}{row.target:g}{row.unit}"
        cells.append([row.what, row.ours, row.baseline, ratio, target, row.met])
    widths = [max(len(line[i]) for line in [titles, *cells]) for i in range(len(titles))]
    print("  ".join(t.ljust(w) for t, w in zip(titles, widths)).rstrip())
    print("  ".join("-" * w for w in widths))
    for line in cells:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="3 pairs, no middle growth step, shorter keypress run")
    parser.add_argument("--pairs", type=int, help="pairs per comparison (default 7, or 3 with --quick)")
    parser.add_argument("--only", help="comma-separated subset: ui,tty,memory,cli,keypress,growth (none: '')")
    parser.add_argument("--profile", action="store_true", help="also write pyinstrument profiles (see docs/speed.md)")
    args = parser.parse_args()
    count = args.pairs or (3 if args.quick else 7)
    only = set(args.only.split(",")) if args.only is not None else {"ui", "tty", "memory", "cli", "keypress", "growth"}
    for tool, package in (("task", "taskwarrior"), ("tmux", "tmux")):
        if shutil.which(tool) is None:
            raise SystemExit(f"make bench needs `{tool}`: apt-get install {package}")
    CACHE.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    stamp = source_hash()
    ensure_venv(stamp)
    growth_sizes = [1_000, 100_000] if args.quick else [1_000, 10_000, 100_000]
    sets = scale_sets(stamp, sorted({EVENTS, *growth_sizes}))
    scale = working_copy(sets[EVENTS])
    task_env = log_cost.taskwarrior_env(CACHE / "taskwarrior", child_env())
    task = shutil.which("task") or "task"
    load = os.getloadavg()
    rows: list[Row] = []
    raw: dict[str, object] = {"pairs": count, "sources": stamp, "loadavg_at_start": load}

    def compare(
        key: str, what: str, ours: Callable[[], Sample], base: Callable[[], Sample], target: float | None
    ) -> None:
        log(f"measuring {what} ...")
        a, b = pairs(ours, base, count)
        mine, theirs = median([s.seconds for s in a]), median([s.seconds for s in b])
        raw[key] = {"ours": [s.seconds for s in a], "baseline": [s.seconds for s in b]}
        rows.append(Row(what, ms(mine), ms(theirs), mine / theirs, target))

    if "ui" in only:
        log("measuring UI start, first paint and quit, headless ...")
        a, b = pairs(lambda: ui_headless("ours", scale, "paint"), lambda: ui_headless("minimal", None, "paint"), count)
        raw["ui_headless"] = {"ours": [(s.paint, s.seconds) for s in a], "baseline": [(s.paint, s.seconds) for s in b]}
        paint_a, paint_b = median([s.paint or 0 for s in a]), median([s.paint or 0 for s in b])
        rows.append(Row("UI start to first paint, headless", ms(paint_a), ms(paint_b), paint_a / paint_b, 1.5))
        life_a, life_b = median([s.seconds for s in a]), median([s.seconds for s in b])
        rows.append(
            Row("UI start, first paint and quit (ctrl+q), headless", ms(life_a), ms(life_b), life_a / life_b, 1.5)
        )
    if "tty" in only:
        log("measuring UI start, first paint and quit, real terminal (tmux) ...")
        # A session that outlives the measured ones keeps the server up between runs.
        tmux("new-session", "-d", "-s", "keep", "-x", "120", "-y", "40", "sleep 3600")
        try:
            a, b = pairs(lambda: ui_terminal("ours", scale), lambda: ui_terminal("minimal", None), count)
        finally:
            subprocess.run(["tmux", "-L", TMUX_SOCKET, "kill-server"], capture_output=True)
        raw["ui_tmux"] = {"ours": [(s.paint, s.seconds) for s in a], "baseline": [(s.paint, s.seconds) for s in b]}
        paint_a, paint_b = median([s.paint or 0 for s in a]), median([s.paint or 0 for s in b])
        rows.append(Row("UI start to first paint, tmux", ms(paint_a), ms(paint_b), paint_a / paint_b, 1.5))
        life_a, life_b = median([s.seconds for s in a]), median([s.seconds for s in b])
        rows.append(Row("UI start, first paint and quit (ctrl+q), tmux", ms(life_a), ms(life_b), life_a / life_b, 1.5))
    if "memory" in only:
        log("measuring UI peak memory once the history has loaded ...")
        a, b = pairs(
            lambda: ui_headless("ours", scale, "loaded"), lambda: ui_headless("minimal", None, "loaded"), count
        )
        raw["memory_mib"] = {"ours": [s.maxrss_mib for s in a], "baseline": [s.maxrss_mib for s in b]}
        mem_a, mem_b = median([s.maxrss_mib for s in a]), median([s.maxrss_mib for s in b])
        rows.append(Row("UI peak memory, history loaded", f"{mem_a:.0f} MiB", f"{mem_b:.0f} MiB", mem_a / mem_b, 3))
        life_a = median([s.seconds for s in a])
        rows.append(Row("  (UI start, history loaded and quit, for reference)", ms(life_a), "-", None, None))
    if "cli" in only:
        name = member_name(scale)
        db = str(scale)
        compare(
            "log",
            "delegate log checkin vs task add (10,000 tasks)",
            lambda: timed([str(DELEGATE), "log", "checkin", "--member", name, "--db", db]),
            lambda: timed([task, "add", "benchmark task"], task_env),
            1.2,
        )
        compare(
            "export",
            "delegate export vs task export",
            lambda: timed([str(DELEGATE), "export", "--db", db]),
            lambda: timed([task, "export"], task_env),
            1.0,
        )
        compare(
            "check",
            "delegate check vs task export",
            lambda: timed([str(DELEGATE), "check", "--db", db]),
            lambda: timed([task, "export"], task_env),
            1.0,
        )
        # For reference: the first run after a change, which computes what the runs above replay
        # from the output cache (docs/speed.md); no target.
        uncached = child_env(DELEGATE_CACHE="off")
        compare(
            "export_uncached",
            "  delegate export, cache off (first run after a change)",
            lambda: timed([str(DELEGATE), "export", "--db", db], uncached),
            lambda: timed([task, "export"], task_env),
            None,
        )
        compare(
            "check_uncached",
            "  delegate check, cache off (first run after a change)",
            lambda: timed([str(DELEGATE), "check", "--db", db], uncached),
            lambda: timed([task, "export"], task_env),
            None,
        )
    if "keypress" in only:
        log("measuring keypress to screen update (tmux) ...")
        presses = 15 if args.quick else 40
        samples = keypress.measure(str(PYTHON), str(scale), presses, socket=TMUX_SOCKET + "-keys")
        raw["keypress_ms"] = {f"{screen} {key}": values for (screen, key), values in samples.items()}
        for (screen, key), values in sorted(samples.items()):
            if len(values) >= 5:
                rows.append(
                    Row(
                        f"keypress {key} on {screen}, median",
                        f"{median(values):.1f} ms",
                        "-",
                        median(values),
                        30,
                        " ms",
                    )
                )
    if "growth" in only:
        log("measuring growth with the history ...")
        works = {n: working_copy(sets[n]) for n in growth_sizes}
        names = {n: member_name(db) for n, db in works.items()}
        probes: dict[str, Callable[[int], Sample]] = {
            "delegate log checkin": lambda n: timed(
                [str(DELEGATE), "log", "checkin", "--member", names[n], "--db", str(works[n])]
            ),
            "delegate check": lambda n: timed([str(DELEGATE), "check", "--db", str(works[n])]),
            "delegate export": lambda n: timed([str(DELEGATE), "export", "--db", str(works[n])]),
            "UI start, first paint and quit (headless)": lambda n: ui_headless("ours", works[n], "paint"),
        }
        growth: dict[str, dict[int, list[float]]] = {what: {n: [] for n in growth_sizes} for what in probes}
        for what, probe in probes.items():
            for n in growth_sizes:
                probe(n)  # warm-up
            for i in range(count):
                for n in growth_sizes if i % 2 == 0 else growth_sizes[::-1]:
                    growth[what][n].append(probe(n).seconds)
        raw["growth"] = {what: {str(n): v for n, v in by.items()} for what, by in growth.items()}
        low, high = growth_sizes[0], growth_sizes[-1]
        for what, by in growth.items():
            figures = " / ".join(ms(median(by[n])) for n in growth_sizes)
            ratio = median(by[high]) / median(by[low])
            target = 1.1 if what == "delegate log checkin" else None
            sizes = " / ".join(f"{n // 1000}k" for n in growth_sizes)
            rows.append(Row(f"growth {sizes} events: {what}", figures, ms(median(by[low])), ratio, target))
    if args.profile:
        profile_all(scale)
    elapsed = time.monotonic() - started
    raw["seconds"] = elapsed
    (CACHE / "last.json").write_text(json.dumps(raw, indent=1))
    print_table(
        rows,
        f"delegate-tui speed, scale set {MEMBERS} members / {TASKS:,} tasks / {EVENTS:,} events (seed {SEED}); "
        f"medians of {count} pairs; regular install, bytecode on; load average at start "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {elapsed:.0f} s",
    )
    print(
        "growth rows: ours = each history size, baseline = the smallest, ratio = largest / smallest; "
        "only a write has a target (it must not grow with the history)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
