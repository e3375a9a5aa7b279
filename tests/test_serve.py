"""``delegate serve``: remote review meetings in real browser tabs, and nobody else gets in.

The server runs as a real ``delegate serve`` process on a free loopback port (127.0.0.1 only;
the token check of a non-loopback address is forced on with the hidden ``--require-token``).
The browser test drives Debian's chromium through playwright (never a browser playwright would
download). A served terminal is drawn on a canvas, so the page has no text to read: what each
participant's tab shows is read from the trace its app process writes on every redraw
(``DELEGATE_SERVE_TRACE``), and the votes from the store.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

from delegate_tui.meeting import new_meeting, with_new_round
from delegate_tui.serve import base_url, is_loopback
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT = 30.0
"""The longest wait for one condition (a guard against a hang, never an assertion on speed)."""

pytest.importorskip("textual_serve", reason="textual-serve is not installed (pip install textual-serve)")


def wait_for(condition: Callable[[], object], what: str, timeout: float = WAIT) -> object:
    """Poll ``condition`` until it returns something true; fail naming ``what`` if it never does."""
    deadline = time.monotonic() + timeout
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.1)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    """A running ``delegate serve`` and what it printed."""

    process: subprocess.Popen[str]
    port: int
    lines: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return base_url("127.0.0.1", self.port)

    def open_url(self) -> str:
        """The address the server printed after "Open:"."""
        found = wait_for(
            lambda: next((line.split("Open: ", 1)[1] for line in self.lines if line.startswith("Open: ")), None),
            "the server to print its address",
        )
        return str(found)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Start ``delegate serve --db PATH ...`` on a free loopback port; stopped (with its tabs' apps) after the test."""
    started: list[Served] = []

    def start(db: Path, *extra: str, env: dict[str, str] | None = None) -> Served:
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "delegate_tui", "serve", "--db", str(db), "--port", str(port), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
            start_new_session=True,  # its own process group: the tabs' app processes stop with it
        )
        served = Served(process, port)

        def read() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                served.lines.append(line.rstrip("\n"))

        threading.Thread(target=read, daemon=True).start()
        started.append(served)
        wait_for(lambda: _status(served.base + "/") is not None or process.poll() is not None, "the server to listen")
        assert process.poll() is None, "\n".join(served.lines)
        return served

    yield start
    for served in started:
        if served.process.poll() is None:
            os.killpg(served.process.pid, signal.SIGTERM)
            try:
                served.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(served.process.pid, signal.SIGKILL)
                served.process.wait(10)


def _status(url: str, headers: dict[str, str] | None = None) -> int | None:
    """The HTTP status of a GET (None when nothing answers)."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _cookie(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.headers["Set-Cookie"]).split(";", 1)[0]


# --------------------------------------------------------------------------- nobody else gets in


def test_loopback_and_other_addresses() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("127.0.0.2") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20") and not is_loopback("example.org")
    assert base_url("::1", 8000) == "http://[::1]:8000"


def test_a_token_protected_serve_answers_403_without_the_token(serve, sample_store: Store) -> None:  # type: ignore[no-untyped-def]
    served = serve(sample_store.path, "--require-token")
    url = served.open_url()
    token = url.split("?token=", 1)[1]
    assert len(token) >= 20
    assert any("sensitive notes" in line for line in served.lines), served.lines
    # The page, its websocket and its static files: all refused without the token, or with a wrong one.
    for path in ("/", "/?join=Aiko%20Tanaka", "/ws", "/ws/join/Aiko", "/static/js/textual.js"):
        assert _status(served.base + path) == 403, path
    assert _status(served.base + "/?token=" + token[:-1] + "x") == 403
    assert _status(url) == 200
    # The first good request leaves a cookie: the page's own requests carry it instead of the token.
    cookie = _cookie(url)
    assert _status(served.base + "/static/js/textual.js", {"Cookie": cookie}) == 200
    assert _status(served.base + "/static/js/textual.js", {"Cookie": cookie[:-1] + "x"}) == 403
    assert _websocket_of(url) == "/ws"  # the manager's app
    assert _websocket_of(url + "&join=Aiko%20Tanaka") == "/ws/join/Aiko%20Tanaka"


def test_the_participants_token_opens_only_the_participant_app(serve, sample_store: Store) -> None:  # type: ignore[no-untyped-def]
    served = serve(sample_store.path, "--require-token")
    facilitator = served.open_url().split("?token=", 1)[1]
    joined = str(wait_for(lambda: next((line for line in served.lines if "join=NAME" in line), None), "the join line"))
    participant = joined.split("?token=", 1)[1].split("&", 1)[0]
    assert participant != facilitator
    page = served.base + "/?token=" + participant
    assert _status(page) == 200
    assert _websocket_of(page) == "/ws/join/"  # without ?join=, the join screen, never the manager's app
    assert _websocket_of(page + "&join=Lena%20Fischer") == "/ws/join/Lena%20Fischer"
    assert _status(served.base + "/ws?token=" + participant) == 403
    assert _status(served.base + "/ws", {"Cookie": _cookie(page)}) == 403
    assert _status(served.base + "/ws/join/Lena?token=" + participant) != 403  # (400: not a websocket request)
    assert _status(served.base + "/ws?token=" + facilitator) != 403


def _websocket_of(url: str) -> str:
    """The path of the websocket the page at ``url`` opens: which app its tab runs."""
    with urllib.request.urlopen(url, timeout=5) as response:
        page = response.read().decode()
    found = re.search(r'data-session-websocket-url="ws://[^/"]+([^"]*)"', page)
    assert found is not None, page[:500]
    return found[1]


def test_a_loopback_serve_needs_no_token(serve, sample_store: Store) -> None:  # type: ignore[no-untyped-def]
    served = serve(sample_store.path)
    assert served.open_url() == served.base + "/"
    assert _status(served.base + "/") == 200
    assert not any("token" in line for line in served.lines)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "--port must be a number from 1 to 65535"),
        (["--port", "eight"], "--port must be a number from 1 to 65535"),
        (["--host", " "], "--host must name an address"),
    ],
)
def test_bad_serve_arguments_get_one_line_and_exit_2(cli, sample_store: Store, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("serve", *args)
    assert result.code == 2
    assert message in result.err and len(result.err.strip().splitlines()) == 1


def test_serve_refuses_a_missing_workspace(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("serve", "--port", "8000")
    assert result.code == 2 and not db_path.exists()


# --------------------------------------------------------------------------- remote poker in chromium


def _browser_missing() -> str | None:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        return f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install playwright)"
    return None


def _traces(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _shown(path: Path, participant: str) -> dict[str, object] | None:
    """What ``participant``'s tab showed last."""
    found = [trace for trace in _traces(path) if trace.get("participant") == participant]
    return found[-1] if found else None


def test_two_browser_tabs_join_vote_and_see_the_reveal_at_once(serve, sample_store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = _browser_missing()
    if missing:
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    workspace = sample_store.load()
    members = sorted((member.name for member in workspace.members.values()), key=str.casefold)[:3]
    meeting = sample_store.start_meeting(
        new_meeting(facilitator=workspace.manager, participants=members, agenda=[], at=NOW), now=NOW
    )
    sample_store.update_meeting(
        meeting.id, lambda m: with_new_round(m, topic="A customer asks for a refund above 1k", at=NOW), now=NOW
    )
    trace = tmp_path / "shown.jsonl"
    served = serve(sample_store.path, env={"DELEGATE_SERVE_TRACE": str(trace)})
    first, second = members[0], members[1]

    def cards() -> dict[str, int]:
        poker = sample_store.load().reviews[meeting.id].round(1)
        return {vote.participant: int(vote.card) for vote in poker.votes}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            tabs = {}
            for name in (first, second):
                page = browser.new_page(viewport={"width": 1000, "height": 640})
                page.goto(served.open_url() + "?join=" + quote(name))
                start = page.locator("#start")
                if start.is_visible():  # the start panel, when the page shows it
                    start.click()
                tabs[name] = page
            for name in (first, second):
                wait_for(
                    lambda name=name: (_shown(trace, name) or {}).get("round") == 1, f"{name}'s tab to show round 1"
                )
            assert (_shown(trace, first) or {})["count"] == "0 of 4 have voted"

            for name, card in ((first, "5"), (second, "2")):
                tabs[name].focus("textarea.xterm-helper-textarea")  # the terminal's keyboard input
                tabs[name].keyboard.type(card)
                tabs[name].keyboard.press("Enter")
                wait_for(lambda name=name: name in cards(), f"{name}'s card in the store")
            sample_store.cast_vote(meeting.id, 1, workspace.manager, 4, now=NOW)
            assert cards() == {first: 5, second: 2, workspace.manager: 4}

            # Every tab counts the cards live, and shows none of them before the reveal.
            for name in (first, second):
                wait_for(
                    lambda name=name: (_shown(trace, name) or {}).get("count") == "3 of 4 have voted",
                    f"{name}'s tab to show 3 of 4 have voted",
                )
            assert all(not shown["cards"] for shown in _traces(trace) if not shown.get("revealed"))
            for name, page in tabs.items():
                page.screenshot(path=str(tmp_path / f"{name}-before-reveal.png"))

            sample_store.reveal_round(meeting.id, 1, now=NOW)  # the facilitator's reveal
            for name in (first, second):
                wait_for(
                    lambda name=name: (_shown(trace, name) or {}).get("revealed"), f"{name}'s tab to show the reveal"
                )
                assert (_shown(trace, name) or {})["cards"] == {first: 5, second: 2, workspace.manager: 4}
            for name, page in tabs.items():
                page.screenshot(path=str(tmp_path / f"{name}-revealed.png"))
            assert sample_store.load().reviews[meeting.id].round(1).revealed_at is not None
        finally:
            browser.close()
