"""Shared fixtures: a fixed "now", throwaway workspaces, and an in-process CLI runner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# The tests read English unless they ask for Dutch: a developer's Dutch locale must not change them.
# Set before delegate_tui is imported, since the language is chosen then.
os.environ["DELEGATE_LANG"] = "en"

from delegate_tui import i18n
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    # NO_COLOR changes every snapshot; a stray DELEGATE_DB would point tests at real data.
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("DELEGATE_DB", str(tmp_path / "default-workspace.json"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    # The manager's zone defaults to the system's: a fixed one keeps local days and shown times alike everywhere.
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("DELEGATE_LANG", "en")
    yield
    i18n.use("en")  # a test that switched the language leaves the next one in English


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's workspace file lives."""
    return tmp_path / "team.json"


@pytest.fixture
def store(db_path: Path) -> Store:
    """An empty workspace."""
    return Store(db_path)


@pytest.fixture
def sample_store(db_path: Path) -> Store:
    """A workspace holding the demo sample team (seed 1) built around NOW."""
    from delegate_tui import demo

    store = Store(db_path)
    workspace, events = demo.sample(1, NOW)
    store.replace_everything(workspace, events, NOW)
    return store


@dataclass
class Result:
    """What one CLI run produced."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run ``delegate ARGS --db <test workspace>`` in-process and capture its output."""
    from delegate_tui.cli import main

    def run(*args: str, db: Path | None = None) -> Result:
        capsys.readouterr()
        code = main([*args, "--db", str(db or db_path)]) if args else main(["--db", str(db or db_path)])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
