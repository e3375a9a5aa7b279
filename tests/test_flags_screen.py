"""The flags screen: grouping, the explanation of a flag, acknowledging it, and the empty state."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from delegate_tui.app import DelegateApp
from delegate_tui.model import MANAGER, DelegationLevel, Event, EventKind
from delegate_tui.patterns import RULES
from delegate_tui.screens.flags import AckForm, FlagsScreen, group_rows
from delegate_tui.screens.welcome import WelcomeScreen
from delegate_tui.storage.store import Store
from tests.conftest import NOW
from tests.helpers.ui import make_app


async def open_flags(pilot: Pilot[Any]) -> FlagsScreen:
    await pilot.pause()
    if isinstance(pilot.app.screen, WelcomeScreen):
        await pilot.press("e")
        await pilot.pause()
    await pilot.press("f")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, FlagsScreen)
    return screen


def detail(screen: FlagsScreen) -> str:
    return str(screen.query_one("#flag-detail-text", Static).render())


def list_lines(screen: FlagsScreen) -> list[str]:
    return [screen.table.row_text(i) for i in range(screen.table.row_count)]


async def select_rule(pilot: Pilot[Any], screen: FlagsScreen, rule: str) -> None:
    position = next(i for i, flag in enumerate(screen.flags) if flag.rule == rule)
    assert screen.table.move_to_key(position)
    await pilot.pause()


async def test_flags_are_grouped_by_person_with_severity_markers(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_flags(pilot)
        lines = list_lines(screen)
        headings = [line.strip() for line, row in zip(lines, screen.table.rows) if not row.selectable]
        assert headings[0].startswith("Diego Fernández · 2")  # the held rollout and the incident override
        assert len(headings) == 6
        diego = lines[1]
        assert diego.startswith("!! MM002")
        summary = str(screen.query_one("#flag-summary", Static).render())
        assert "1 critical (!!)" in summary and "5 warnings (!)" in summary and "2 info (i)" in summary
        assert screen.table.cursor_key == 0  # the first flag, not its heading
        await pilot.press("s")
        headings = [row.cells[2] for row in screen.table.rows if not row.selectable]
        assert headings == ["Critical (!!) · 1", "Warning (!) · 5", "Info (i) · 2"]
        assert "grouped by severity" in str(screen.query_one("#flag-summary", Static).render())


def test_team_flags_are_their_own_group_first(sample_store: Store) -> None:
    # The manager owning most open work is a team-wide flag (MM011).
    now = NOW
    for number in range(30):
        sample_store.add_task(f"Manager task {number}", owner_id=MANAGER, level=DelegationLevel.TELL, now=now)
    from delegate_tui.screens.data import load_data

    data = load_data(sample_store, now)
    rows = group_rows(data.flags, "person")
    assert rows[0].cells[2].startswith("The whole team · ")
    assert not rows[0].selectable


async def test_selecting_a_flag_shows_evidence_suggestion_and_rule_docs(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_flags(pilot)
        await select_rule(pilot, screen, "MM001")
        text = detail(screen)
        rule = RULES["MM001"]
        assert "! warning · MM001 over-monitoring" in text
        assert "about Jonas Lindqvist" in text
        assert "You checked in with Jonas Lindqvist on more days than agreed in 2 of the last 3 periods" in text
        assert "Evidence" in text and "check-in on task #11" in text
        assert "2026-11-04" in text
        assert "Suggestion" in text
        assert rule.summary in text
        assert "What it checks" in text and "Why it matters" in text and "Example" in text
        assert "window_days = 28 (default 28)" in text
        await pilot.press("up")
        assert "MM001" not in detail(screen).splitlines()[0]


async def test_acknowledge_requires_a_reason_then_hides_the_flag(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_flags(pilot)
        await select_rule(pilot, screen, "MM006")
        flag = screen.selected_flag()
        assert flag is not None
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AckForm)
        await pilot.press("enter")
        await pilot.pause()
        error = str(form.query_one("#reason-error", Static).render())
        assert error == "A reason is required: say why this flag is acknowledged."
        assert sample_store.load().acks == {}
        await pilot.press(*"tooling")
        form.query_one("#reason", Input).value += " level goes up at the review"
        form.query_one("#until", Input).value = "2026-02-30"
        form.query_one("#save", Button).press()
        await pilot.pause()
        assert "until 2026-02-30 is not a date" in str(form.query_one("#until-error", Static).render())
        assert str(form.query_one("#reason-error", Static).render()) == ""
        form.query_one("#until", Input).value = "2027-01-31"
        form.query_one("#save", Button).press()
        await pilot.pause()
        assert isinstance(app.screen, FlagsScreen)
        ack = sample_store.load().acks[flag.id]
        assert (ack.reason, ack.until, ack.at) == ("tooling level goes up at the review", date(2027, 1, 31), NOW)
        assert ack.evidence == [e.ref for e in flag.evidence]
        assert all(f.id != flag.id for f in screen.flags)
        summary = str(screen.query_one("#flag-summary", Static).render())
        assert "1 acknowledged hidden (v shows)" in summary
        # v shows acknowledged flags too, with their reason.
        await pilot.press("v")
        assert any(f.id == flag.id for f in screen.flags)
        position = next(i for i, f in enumerate(screen.flags) if f.id == flag.id)
        screen.table.move_to_key(position)
        await pilot.pause()
        assert "✓ Acknowledged on 2026-11-28 until 2027-01-31: tooling level goes up at the review" in detail(screen)
        assert screen.table.row_text(screen.table.cursor_row).startswith("✓")
        await pilot.press("v")
        assert all(f.id != flag.id for f in screen.flags)


async def test_cancel_acknowledge_writes_nothing(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_flags(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"no", "escape")
        await pilot.pause()
        assert isinstance(app.screen, FlagsScreen)
        assert sample_store.load().acks == {}


async def test_empty_state_is_friendly(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_flags(pilot)
        empty = screen.query_one("#flag-empty", Static)
        assert empty.display
        assert "No flags: nothing looks like micromanagement right now." in str(empty.render())
        assert not screen.query_one("#flag-panes").display
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FlagsScreen)


async def test_flags_update_when_the_data_changes(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_flags(pilot)
        before = len(screen.flags)
        task = sample_store.load().tasks[2]  # 6 Inquire, Priya
        sample_store.log_event(
            Event(kind=EventKind.OVERRIDE, at=NOW, member_id=task.owner_id, task_id=task.id, area_id=task.area_id)
        )
        app.reload()
        await pilot.pause()
        assert len(screen.flags) == before + 1
        assert any(f.rule == "MM002" and f.task_id == 2 for f in screen.flags)


async def test_acknowledge_hides_the_flag_at_once_while_a_large_history_is_recomputed(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(sample_store)
    monkeypatch.setattr(DelegateApp, "SYNC_READ_BYTES", 0)  # the large-workspace path: a background thread
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = await open_flags(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        flag = screen.selected_flag()
        assert flag is not None
        compute = app._compute
        monkeypatch.setattr(app, "_compute", lambda *args: None)  # the recomputation has not finished yet
        await pilot.press("a", *"known", "enter")
        await pilot.pause()
        assert flag.id in sample_store.load().acks
        assert not app.data.complete
        assert any(f.id == flag.id for f in app.data.flags)  # the old flags, still unacknowledged...
        assert all(f.id != flag.id for f in screen.flags)  # ...but the screen hides it at once
        await pilot.press("v")
        shown = next(f for f in screen.flags if f.id == flag.id)
        assert shown.acknowledged is not None and shown.acknowledged.reason == "known"
        await pilot.press("v")
        monkeypatch.setattr(app, "_compute", compute)
        app.reload()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.data.complete
        assert all(f.id != flag.id for f in screen.flags)
        assert any(f.id == flag.id and f.acknowledged for f in app.data.all_flags)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_grouped_by_severity_each_row_names_the_person_and_the_rule_whole(
    sample_store: Store, size: tuple[int, int]
) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=size) as pilot:
        screen = await open_flags(pilot)
        await pilot.press("s")
        await pilot.pause()
        width = screen.table.widths[-1]
        rows = [row.cells[2] for row in screen.table.rows if row.selectable]
        diego = next(text for text in rows if "decision-overridden" in text)
        # At 80 columns the name is shortened so that the rule's name stays whole.
        assert diego.startswith("Diego F.: decision-overridden" if size[0] == 80 else "Diego F")
        assert all(len(text) <= width for text in rows), rows
        assert all(any(flag.name in text for text in rows) for flag in screen.flags)
