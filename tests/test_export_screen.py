"""The export dialog: Pilot flows in a small host app and in the real app, and SVG snapshots."""

from __future__ import annotations

import errno
import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, Static

from delegate_tui import demo
from delegate_tui.screens.data import WorkspaceData, load_data
from delegate_tui.screens.export import ExportScreen, default_path
from delegate_tui.storage.store import Store
from tests.conftest import NOW
from tests.helpers.ui import run_command, settle


class Host(App[None]):
    """The least an app must offer the dialog: ``store``, ``now()`` and ``data``."""

    def __init__(self, store: Store, now: datetime = NOW, *, member_id: int | None = None) -> None:
        super().__init__()
        self.store = store
        self._now = now
        self.data: WorkspaceData = load_data(store, now)
        self.member_id = member_id
        self.result: Path | str | None = "open"

    def now(self) -> datetime:
        return self._now

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_mount(self) -> None:
        self.push_screen(ExportScreen(member_id=self.member_id), self._dialog_closed)

    def _dialog_closed(self, path: Path | None) -> None:
        self.result = path


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _export_to(pilot: Pilot[Any], target: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    screen.query_one("#export-path", Input).value = target
    await pilot.pause()
    await pilot.click("#export-ok")
    await _settle(pilot)


def _error(app: App[Any]) -> str:
    label = app.screen.query_one("#export-error", Label)
    assert label.display, "the error label should be shown"
    return str(label.render())


def test_default_path_uses_the_date_and_the_member() -> None:
    assert default_path("2026-11-28") == "~/delegate-summary-2026-11-28.json"
    assert default_path("2026-11-28", "Diego Fernández") == "~/delegate-summary-diego-fernandez-2026-11-28.json"


async def test_export_writes_the_json_file_and_closes_with_its_path(sample_store: Store, tmp_path: Path) -> None:
    app = Host(sample_store)
    async with app.run_test() as pilot:
        await pilot.pause()
        field = app.screen.query_one("#export-path", Input)
        assert field.value == "~/delegate-summary-2026-11-28.json"
        assert app.screen.query_one("#export-private", Checkbox).value is False
        target = tmp_path / "out" / "summary.json"
        target.parent.mkdir()
        await _export_to(pilot, str(target))
        assert app.result == target
        assert not isinstance(app.screen, ExportScreen)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["schema"] == "delegate-tui/summary"
    assert document["now"] == "2026-11-28T12:00:00Z"
    assert len(document["members"]) == 8
    text = target.read_text(encoding="utf-8")
    for event in sample_store.events():
        for secret in (event.note, event.reason):
            assert not secret or secret not in text


async def test_markdown_with_private_notes(sample_store: Store, tmp_path: Path) -> None:
    app = Host(sample_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.query_one("#export-path", Input).value = str(tmp_path / "notes.json")
        await pilot.click("#format-markdown")
        await pilot.pause()
        # The extension follows the format.
        assert screen.query_one("#export-path", Input).value == str(tmp_path / "notes.md")
        await pilot.click("#export-private")
        await pilot.pause()
        assert screen.query_one("#export-private", Checkbox).value is True
        await pilot.click("#export-ok")
        await _settle(pilot)
        assert app.result == tmp_path / "notes.md"
    text = (tmp_path / "notes.md").read_text(encoding="utf-8")
    assert text.startswith("# Delegation summary")
    assert "## Jonas Lindqvist (Backend Engineer)" in text
    assert "Jonas seemed stressed about the search migration deadline." in text


async def test_missing_folder_is_shown_under_the_field_and_nothing_is_written(
    sample_store: Store, tmp_path: Path
) -> None:
    app = Host(sample_store)
    async with app.run_test() as pilot:
        await pilot.pause()
        await _export_to(pilot, str(tmp_path / "no-such-folder" / "summary.json"))
        assert isinstance(app.screen, ExportScreen)
        assert app.result == "open"
        message = _error(app)
        assert "does not exist" in message and "no-such-folder" in message
        assert app.screen.query_one("#export-path", Input).has_class("-invalid")
        # Typing again clears the error.
        await pilot.press("end", "x")
        await pilot.pause()
        assert not app.screen.query_one("#export-error", Label).display
    assert not (tmp_path / "no-such-folder").exists()


async def test_a_folder_and_an_empty_name_are_refused(sample_store: Store, tmp_path: Path) -> None:
    app = Host(sample_store)
    async with app.run_test() as pilot:
        await pilot.pause()
        await _export_to(pilot, str(tmp_path))
        assert "is a folder" in _error(app)
        await _export_to(pilot, "   ")
        assert "file" in _error(app)
        assert isinstance(app.screen, ExportScreen)


async def test_a_write_error_is_shown_inline(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path, payload: bytes, **_: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr("delegate_tui.screens.export.write_export", refuse)
    app = Host(sample_store)
    async with app.run_test() as pilot:
        await pilot.pause()
        await _export_to(pilot, str(tmp_path / "locked.json"))
        assert "permission denied" in _error(app)
        assert isinstance(app.screen, ExportScreen)
        assert not app.screen.query_one("#export-ok", Button).disabled


def _workspace_bytes(store: Store) -> dict[str, bytes]:
    folder = store.path.parent
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("target", ["workspace", "backup", "month file"])
async def test_the_dialog_refuses_to_write_over_the_workspace(sample_store: Store, target: str) -> None:
    path = {
        "workspace": sample_store.path,
        "backup": sample_store.path.with_name(sample_store.path.name + ".bak"),
        "month file": sorted(sample_store.path.with_name(sample_store.path.stem + ".events").glob("*.json"))[0],
    }[target]
    before = _workspace_bytes(sample_store)
    app = Host(sample_store)
    async with app.run_test() as pilot:
        await pilot.pause()
        await _export_to(pilot, str(path))
        await _settle(pilot)
        assert "is a file of the workspace" in _error(app)
        assert isinstance(app.screen, ExportScreen)
    assert _workspace_bytes(sample_store) == before


async def test_the_dialog_writes_into_a_named_pipe_and_keeps_it(sample_store: Store, tmp_path: Path) -> None:
    import os
    import stat
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []

    def read() -> None:
        with open(pipe, "rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    app = Host(sample_store)
    async with app.run_test() as pilot:
        await pilot.pause()
        await _export_to(pilot, str(pipe))
        await _settle(pilot)
        reader.join(timeout=30)
    assert received and json.loads(received[0])["schema"] == "delegate-tui/summary"
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


async def test_escape_cancels(sample_store: Store) -> None:
    app = Host(sample_store)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.result is None
        assert not isinstance(app.screen, ExportScreen)


async def test_one_member_export_holds_only_that_member(sample_store: Store, tmp_path: Path) -> None:
    app = Host(sample_store, member_id=demo.DIEGO)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "Diego" in str(app.screen.query_one("#export-title", Static).render())
        await _export_to(pilot, str(tmp_path / "diego.json"))
    document = json.loads((tmp_path / "diego.json").read_text(encoding="utf-8"))
    assert [m["name"] for m in document["members"]] == ["Diego Fernández"]
    assert document["scope"] == "member"


async def test_enter_in_the_field_exports(store: Store, tmp_path: Path) -> None:
    app = Host(store)
    async with app.run_test() as pilot:
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "empty.json")
        await pilot.press("enter")
        await _settle(pilot)
        assert app.result == tmp_path / "empty.json"
    assert json.loads((tmp_path / "empty.json").read_text(encoding="utf-8"))["members"] == []


async def test_the_dialog_on_the_real_app(sample_store: Store, tmp_path: Path) -> None:
    from delegate_tui.app import DelegateApp

    app = DelegateApp(sample_store, clock=lambda: NOW, watch_interval=None)
    closed: list[Path | None] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(ExportScreen(), closed.append)
        await pilot.pause()
        assert app.screen.query_one("#export-path", Input).value == "~/delegate-summary-2026-11-28.json"
        await _export_to(pilot, str(tmp_path / "from-app.json"))
        assert closed == [tmp_path / "from-app.json"]
    document = json.loads((tmp_path / "from-app.json").read_text(encoding="utf-8"))
    assert document["team"]["manager"] == "Sam Rivera"


# ---------------------------------------------------------------------------- snapshots


def _snapshot_app(db_path: Path) -> Host:
    store = Store(db_path)
    workspace, events = demo.sample(1, NOW)
    store.replace_everything(workspace, events, NOW)
    return Host(store)


async def _steady(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    pilot.app.screen.query_one("#export-path", Input).cursor_blink = False
    await pilot.pause()


SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot(snap_compare: SnapCompare, db_path: Path, size: tuple[int, int]) -> None:
    run_before: Callable[[Pilot[Any]], Awaitable[None]] = _steady
    assert snap_compare(_snapshot_app(db_path), terminal_size=size, run_before=run_before)


def test_snapshot_with_an_error(snap_compare: SnapCompare, db_path: Path, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _steady(pilot)
        screen = pilot.app.screen
        field = screen.query_one("#export-path", Input)
        field.value = "/no-such-folder/summary.json"
        # Enter, not a click: a clicked button shows its pressed style for 0.2 s of wall time, so a
        # snapshot after a click depends on how busy the machine is (it failed once under -n 2).
        field.focus()
        await pilot.press("enter")
        await settle(pilot, lambda: screen.query_one("#export-error", Label).has_class("-shown"), what="the error")
        await _settle(pilot)

    assert snap_compare(_snapshot_app(db_path), terminal_size=(80, 24), run_before=run_before)


async def test_export_summary_from_the_command_palette_confirms_where_it_wrote(
    sample_store: Store, tmp_path: Path
) -> None:
    from delegate_tui.app import DelegateApp

    app = DelegateApp(sample_store, clock=lambda: NOW, watch_interval=None)
    target = tmp_path / "palette.md"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await run_command(pilot, "export summary", expect="export summary")
        await _settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#format-markdown", RadioButton).value = True
        await _export_to(pilot, str(target))
        assert not isinstance(app.screen, ExportScreen)
        assert any(str(target) in str(notice.message) for notice in app._notifications)
    assert target.read_text(encoding="utf-8").startswith("#")
