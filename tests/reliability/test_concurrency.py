"""Several CLI writers and the UI on one workspace: nothing lost, nothing duplicated, everyone sees the rest.

The writers are real ``delegate`` verbs (through :func:`delegate_tui.cli.main`, in worker processes,
see :mod:`tests.reliability.worker`) of every kind of change: check-ins, agreement growth goals and
levels, task levels and reassignments. The UI presses the board's digit keys meanwhile.
"""

from __future__ import annotations

import time

from delegate_tui.model import DelegationLevel, EventKind
from delegate_tui.screens.board import BoardScreen
from delegate_tui.storage.store import Store
from tests.conftest import NOW
from tests.reliability.team import Acks, make_team, spawn, wait_for
from tests.test_app import SIZE, make_app, screen_text
from tests.test_board import select

WRITERS = 3
WRITES = 12


async def test_cli_writers_of_every_kind_and_the_board_keys_lose_nothing_and_the_board_shows_the_others(
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "team.json"
    make_team(path, WRITERS)
    app = make_app(Store(path), watch_interval=0.1)
    pressed: list[int] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        writers = [spawn("write", str(path), str(seed), str(WRITES)) for seed in range(1, WRITERS + 1)]
        # The UI changes Ann's level in its own area while the writers run.
        for digit in (2, 5, 3, 6, 4, 7):
            await select(app, "Ann", "UI area")
            await pilot.press(str(digit))
            await pilot.pause()
            pressed.append(digit)
        acks = Acks()
        for writer in writers:
            while writer.poll() is None:  # the UI keeps running (and watching) while they finish
                await pilot.pause(0.05)
            out, err = writer.communicate()
            assert writer.returncode == 0, err
            assert out.endswith("done\n"), err
            acks.take(out)
        # The board shows the writers' last levels without being told: its file watcher noticed them.
        final = Store(path).load()
        ann = final.member_named("Ann")
        deadline = time.monotonic() + 20
        while app.data.workspace.agreements != final.agreements and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert app.data.workspace.agreements == final.agreements
        text = screen_text(app)
        for (name, area_name), levels in acks.agreement_levels.items():
            if name == "Ann":
                row = next(line for line in text.splitlines() if line.lstrip().startswith(area_name))
                assert DelegationLevel(levels[-1]).display in row, (area_name, row)

    acks.check(path)
    assert acks.count >= WRITERS * WRITES * 0.6, "the writers barely wrote"  # repeats are skipped, not acked
    store = Store(path)
    workspace = store.load()
    ui_area = workspace.area_named("UI area")
    assert workspace.agreements[ann.id].levels[ui_area.id].level == pressed[-1]
    ui_changes = [
        e for e in store.events() if e.kind is EventKind.LEVEL_CHANGE and e.area_id == ui_area.id and e.task_id is None
    ]
    assert sorted(int(e.to_level or 0) for e in ui_changes) == sorted(pressed[1:])  # the first press created it


def test_writers_queued_behind_a_lock_holder_keep_every_agreement_change(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The lost update: each writer read the agreement, then waited for the lock; the last to write
    used to put back the terms it had read, dropping the growth goals written while it waited."""
    path = tmp_path / "team.json"
    make_team(path, 4)
    release = tmp_path / "release"
    holder = spawn("hold", str(path), str(release))
    wait_for(holder, "holding")
    writers = [spawn("write", str(path), str(seed), "1", "growth", "Ann") for seed in (1, 2, 3)]
    writers.append(spawn("write", str(path), "4", "1", "alevel", "Ann"))
    for writer in writers:
        wait_for(writer, "queued")  # every writer has read what it needed and waits for the lock
    release.touch()
    acks = Acks()
    for process in [holder, *writers]:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        acks.take(out)
    assert len(acks.growth) == 3
    assert sum(map(len, acks.agreement_levels.values())) == 1
    acks.check(path)
    agreement = Store(path).load().agreements[1]
    assert sorted(agreement.growth_goals) == sorted(goal for _name, goal in acks.growth)
    assert agreement.version == 4  # one new version per writer, none overwritten


async def test_an_agreement_form_saved_after_another_process_changed_the_agreement_keeps_that_change(
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    """The form shows version 1; meanwhile the CLI adds a growth goal and changes a level; the manager
    then edits only the channel and saves: version 3 has all three changes."""
    from textual.widgets import Input

    from delegate_tui.cli import main
    from delegate_tui.screens.forms import AgreementForm

    path = tmp_path / "team.json"
    make_team(path, 2)
    assert main(["agreement", "set", "Ann", "--area", "Area 1=3", "--area", "Area 2=4", "--db", str(path)]) == 0
    app = make_app(Store(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_edit_agreement(1)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AgreementForm)
        other = ["agreement", "set", "Ann", "--growth", "Lead the retro", "--area", "Area 2=6", "--db", str(path)]
        assert main(other) == 0
        form.query_one("#channel", Input).value = "#team-ann"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, AgreementForm)
    agreement = Store(path).load().agreements[1]
    assert agreement.version == 3
    assert agreement.channel == "#team-ann"
    assert agreement.growth_goals == ["Lead the retro"]
    assert {area: entry.level for area, entry in agreement.levels.items()} == {1: 3, 2: 6}


async def test_a_member_form_saved_after_another_process_changed_the_role_keeps_the_role(
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    from textual.widgets import Input

    from delegate_tui.screens.forms import MemberForm

    path = tmp_path / "team.json"
    store = make_team(path, 1)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(MemberForm(store.load().members[1]))
        await pilot.pause()
        Store(path).update_member(1, role="Staff Engineer", now=NOW)  # another process, meanwhile
        app.screen.query_one("#name", Input).value = "Ann Example"
        await pilot.press("ctrl+s")
        await pilot.pause()
    ann = Store(path).load().members[1]
    assert (ann.name, ann.role) == ("Ann Example", "Staff Engineer")
