"""Forms that help: the focused field stands out, the first field has the focus, levels and
readiness are explained where they are chosen, a new task starts at the agreed level, dates are
read as people write them, and goals that cannot be met are refused inline with nothing saved."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.widgets import Button, Input, Select, Static

from delegate_tui.app import DelegateApp
from delegate_tui.model import DelegationLevel, EventKind
from delegate_tui.screens.forms import AgreementForm, AreaForm, MemberForm
from delegate_tui.screens.task_forms import DueForm, TaskForm
from delegate_tui.screens.tasks import TasksScreen
from delegate_tui.storage.store import Store
from tests.helpers.files import files_in
from tests.helpers.ui import SIZE, make_app, screen_text


def text_of(app: DelegateApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def save(pilot: Any) -> None:
    pilot.app.screen.query_one("#save", Button).press()
    await pilot.pause()


async def open_tasks_form(pilot: Any, key: str, task_id: int | None = None) -> Any:
    await pilot.pause()
    await pilot.press("t")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TasksScreen)
    if task_id is not None:
        screen.show_done = True
        screen.refresh_rows()
        assert screen.table.move_to_key(task_id)
        await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    return pilot.app.screen


# ---------------------------------------------------------------------------- focus


async def test_every_form_opens_with_its_first_field_focused(sample_store: Store) -> None:
    workspace = sample_store.load()
    priya = workspace.member_named("Priya")
    first_area = min(workspace.areas.values(), key=lambda a: a.name.casefold())
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for open_form, form_type, focused in (
            (app.action_add_member, MemberForm, "name"),
            (app.action_add_area, AreaForm, "name"),
            (lambda: app.action_edit_agreement(priya.id), AgreementForm, f"level-{first_area.id}"),
        ):
            open_form()
            await pilot.pause()
            assert isinstance(app.screen, form_type)
            assert app.focused is not None and app.focused.id == focused, form_type
            await pilot.press("escape")
            await pilot.pause()
        form = await open_tasks_form(pilot, "n")
        assert isinstance(form, TaskForm) and app.focused is not None and app.focused.id == "title"


async def test_the_focused_field_stands_out_from_the_others(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_tasks_form(pilot, "n")
        await pilot.press("tab", "tab", "tab", "tab", "tab")  # title, owner, area, level, status -> due
        await pilot.pause()
        due, title = form.query_one("#due", Input), form.query_one("#title", Input)
        assert app.focused is due
        # An accent bar and background, not one shade: the colours differ clearly from a blurred field.
        assert due.styles.border_left[1] != title.styles.border_left[1]
        focused_bg, blurred_bg = due.styles.background, title.styles.background
        assert abs(focused_bg.brightness - blurred_bg.brightness) > 0.05 or focused_bg.hsl.h != blurred_bg.hsl.h
        # The label of the focused row is lit, and only that one.
        assert form.query_one("#due-row").has_class("-current")
        assert not form.query_one("#title-row").has_class("-current")


# ---------------------------------------------------------------------------- explained where chosen


async def test_the_agreement_form_explains_the_level_and_readiness_being_chosen(sample_store: Store) -> None:
    workspace = sample_store.load()
    priya = workspace.member_named("Priya")
    hiring = workspace.area_named("Hiring")
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_edit_agreement(priya.id)
        await pilot.pause()
        form = app.screen
        form.query_one(f"#level-{hiring.id}", Select).focus()
        await pilot.pause()
        assert text_of(app, "#choice-hint") == "5 Advise: The manager gives an opinion; the member decides."
        form.query_one(f"#desired-{hiring.id}", Select).value = 7
        await pilot.pause()
        assert text_of(app, "#choice-hint").startswith("7 Delegate: The member decides")
        form.query_one(f"#readiness-{hiring.id}", Select).focus()
        await pilot.pause()
        assert text_of(app, "#choice-hint") == "D4: Self-reliant: can be trusted with it."
        form.query_one(f"#self-{hiring.id}", Select).value = "D2"
        await pilot.pause()
        assert text_of(app, "#choice-hint") == "D2: Learning: needs coaching."
        form.query_one(f"#by-{hiring.id}", Input).focus()
        await pilot.pause()
        assert text_of(app, "#choice-hint").startswith("by date: when the desired level should be reached")


# ---------------------------------------------------------------------------- tasks


async def test_a_new_task_starts_at_the_level_agreed_for_its_owner_and_area(sample_store: Store, db_path: Path) -> None:
    workspace = sample_store.load()
    priya, hiring = workspace.member_named("Priya"), workspace.area_named("Hiring")
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_tasks_form(pilot, "n")
        assert form.query_one("#level", Select).value == int(DelegationLevel.AGREE)
        form.query_one("#title", Input).value = "Screen the first candidates"
        form.query_one("#owner", Select).value = priya.id
        await pilot.pause()
        form.query_one("#area", Select).value = hiring.id
        await pilot.pause()
        assert form.query_one("#level", Select).value == int(DelegationLevel.ADVISE)  # Priya's Hiring level
        assert "As agreed for this area." in text_of(app, "#level-meaning")
        form.query_one("#level", Select).value = 3  # chosen by hand: the hint says what was agreed
        await pilot.pause()
        assert "The agreement says 5 Advise for this area." in text_of(app, "#level-meaning")
        await save(pilot)
    task = max(Store(db_path).load().tasks.values(), key=lambda t: t.id)
    assert (task.title, task.level) == ("Screen the first candidates", DelegationLevel.CONSULT)


async def test_a_due_date_typed_as_words_shows_the_day_before_saving(sample_store: Store, db_path: Path) -> None:
    # The app's clock is NOW, Saturday 28 November 2026.
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_tasks_form(pilot, "d", task_id=20)
        assert isinstance(form, DueForm)
        form.query_one("#due", Input).value = "friday"
        await pilot.pause()
        assert text_of(app, "#due-preview") == "= Fri 4 Dec 2026 (in 6 days)"
        assert "= Fri 4 Dec 2026" in screen_text(app)
        form.query_one("#due", Input).value = "someday"
        await pilot.pause()
        assert text_of(app, "#due-preview") == ""  # not a date (yet): saving would say why
        form.query_one("#due", Input).value = "in 2 weeks"
        await pilot.pause()
        assert text_of(app, "#due-preview") == "= Sat 12 Dec 2026 (in 2 weeks)"
        await save(pilot)
    assert Store(db_path).load().tasks[20].due == date(2026, 12, 12)


async def test_editing_a_tasks_level_keeps_the_reason_given(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_tasks_form(pilot, "e", task_id=13)
        assert isinstance(form, TaskForm)
        old = form.subject_task.level
        form.query_one("#level", Select).value = 7 if old != 7 else 6
        form.query_one("#reason", Input).value = "She ran the last three on her own"
        await pilot.pause()
        await save(pilot)
        assert isinstance(app.screen, TasksScreen)
    changes = [e for e in Store(db_path).events() if e.task_id == 13 and e.kind is EventKind.LEVEL_CHANGE]
    assert changes[-1].reason == "She ran the last three on her own"


# ---------------------------------------------------------------------------- refused inline, nothing saved


async def test_a_desired_level_not_above_the_agreed_one_is_refused(sample_store: Store, db_path: Path) -> None:
    workspace = sample_store.load()
    priya, tooling = workspace.member_named("Priya"), workspace.area_named("Tooling")
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = files_in(db_path.parent)
        app.action_edit_agreement(priya.id)
        await pilot.pause()
        form = app.screen
        form.query_one(f"#desired-{tooling.id}", Select).value = 5  # Tooling is at 6 Inquire
        await pilot.pause()
        await save(pilot)
        assert isinstance(app.screen, AgreementForm)
        assert "desired level for Tooling must be above its level 6 Inquire (got 5 Advise)" in text_of(
            app, f"#error-area-{tooling.id}"
        )
        assert files_in(db_path.parent) == before, "a refused form wrote something"


async def test_a_desired_date_in_the_past_is_refused(sample_store: Store, db_path: Path) -> None:
    workspace = sample_store.load()
    priya, tooling = workspace.member_named("Priya"), workspace.area_named("Tooling")
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = files_in(db_path.parent)
        app.action_edit_agreement(priya.id)
        await pilot.pause()
        form = app.screen
        form.query_one(f"#desired-{tooling.id}", Select).value = 7
        form.query_one(f"#by-{tooling.id}", Input).value = "2026-11-01"
        await pilot.pause()
        await save(pilot)
        assert isinstance(app.screen, AgreementForm)
        assert text_of(app, f"#error-area-{tooling.id}") == (
            "desired date for Tooling must be in the future (got 2026-11-01)."
        )
        assert files_in(db_path.parent) == before, "a refused form wrote something"
        form.query_one(f"#by-{tooling.id}", Input).value = "in 3 months"
        await save(pilot)
        assert not isinstance(app.screen, AgreementForm)
    entry = Store(db_path).load().agreements[priya.id].levels[tooling.id]
    assert (entry.desired, entry.desired_by) == (DelegationLevel.DELEGATE, date(2027, 2, 28))


async def test_a_member_cannot_take_the_managers_name(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = files_in(db_path.parent)
        app.action_add_member()
        await pilot.pause()
        app.screen.query_one("#name", Input).value = "sam rivera"  # the sample team's manager
        await save(pilot)
        assert isinstance(app.screen, MemberForm)
        assert text_of(app, "#error-name") == (
            "name 'sam rivera' is taken by you, the manager: give the member another name."
        )
        assert files_in(db_path.parent) == before, "a refused form wrote something"
