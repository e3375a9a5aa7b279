"""The UI side of the benchmarks: run an app (ours or the minimal baseline) and note its first paint.

    python ui_probe.py APP DB QUIT REPORT        (APP: ours or minimal; DB: the workspace, or - )
    python ui_probe.py --wrap RESULT -- COMMAND  (run COMMAND, write its lifetime and peak memory)

QUIT says when the app is told to quit: ``paint`` posts ctrl+q at the first paint (the key goes
through the app's bindings as a typed one would); ``loaded`` does so once the history has loaded
(the minimal app has none: at its first paint); ``outside`` posts nothing (the harness types
ctrl+q in a real terminal). The probe writes one JSON line to REPORT (a file or a FIFO) at the
first paint and, for ``loaded``, another once the history is in. The first paint is the end of
the first screen update the app hands to its driver outside a batch, the moment a real terminal
would show it. Times are ``time.monotonic()`` (CLOCK_MONOTONIC, the same in every process).

Stdlib and Textual only, so it runs in any venv that has the app installed.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from typing import Any


def _report(path: str, record: dict[str, Any]) -> None:
    with open(path, "a") as out:
        out.write(json.dumps(record) + "\n")


def _start_profiler() -> Any:
    """With DELEGATE_BENCH_PROFILE=PATH (and pyinstrument installed): profile start to first paint."""
    if not os.environ.get("DELEGATE_BENCH_PROFILE"):
        return None
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    return profiler


def _write_profile(profiler: Any) -> None:
    profiler.stop()
    path = os.environ["DELEGATE_BENCH_PROFILE"]
    options = {"hide_regex": None, "show_regex": r".*/delegate_tui/.*"}
    with open(path + ".txt", "w") as out:
        out.write(profiler.output_text(unicode=True, processor_options=options))
    with open(path + ".html", "w") as out:
        out.write(profiler.output_html())


def _probe(which: str, db: str, quit_when: str, report: str) -> None:
    profiler = _start_profiler()
    from textual import events
    from textual.app import App

    painted = False
    loaded = False

    def quit_now(app: App[Any]) -> None:
        app.post_message(events.Key("ctrl+q", None))

    original_display = App._display

    def display(self: App[Any], screen: Any, renderable: Any) -> None:
        nonlocal painted, loaded
        original_display(self, screen, renderable)
        if renderable is None or self._batch_count:
            return
        if not painted:
            painted = True
            _report(report, {"paint": time.monotonic()})
            if profiler is not None:
                _write_profile(profiler)
            if quit_when == "paint":
                quit_now(self)
        # The history is in once the app's snapshot is complete: a small one before the first paint,
        # a large one when the background computation publishes it (the screens then redraw).
        data = getattr(self, "data", None)
        if not loaded and (which == "minimal" or (data is not None and data.complete)):
            loaded = True
            if which != "minimal":
                _report(report, {"loaded": time.monotonic()})
            if quit_when == "loaded":
                quit_now(self)

    App._display = display  # type: ignore[method-assign]

    if which == "minimal":
        from textual.widgets import DataTable, Footer, Header

        class Minimal(App[None]):
            def compose(self) -> Any:
                yield Header()
                yield DataTable()
                yield Footer()

        Minimal().run()
        return

    # Ours starts as a user's ``delegate --db DB`` does: through the console script's entry point
    # (its start-up settings included), the command line, and the UI's opening of the workspace.
    # Its modules are not imported here first: that would take their import out of what is timed.
    from delegate_tui.launch import main as delegate

    sys.argv = ["delegate", "--db", db]
    delegate()


def _wrap(result: str, command: list[str]) -> int:
    start = time.monotonic()
    process = subprocess.Popen(command)
    _pid, status, usage = os.wait4(process.pid, 0)
    end = time.monotonic()
    _report(result, {"start": start, "end": end, "maxrss_kib": usage.ru_maxrss, "status": status})
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--wrap"]:
        return _wrap(argv[1], argv[3:])
    which, db, quit_when, report = argv
    _probe(which, db, quit_when, report)
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    raise SystemExit(main(sys.argv[1:]))
