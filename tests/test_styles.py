"""Styles stay where they belong: opening one screen never restyles another.

Textual reads a screen's ``CSS_PATH`` into the one app-wide stylesheet the first time the screen is
shown, without scope: a bare ``.section-title`` in the member page's sheet once turned the
agreement form's section titles blue and padded, but only after the member page had been opened.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.css.model import SelectorType
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

import delegate_tui
from delegate_tui.model import EventKind
from delegate_tui.screens import (
    board,
    export,
    flags,
    forms,
    help,
    log_event,
    meeting,
    member,
    poker,
    task_forms,
    tasks,
    team,
    welcome,
)
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW
from tests.helpers.ui import SIZE, make_app, settle

SCREEN_MODULES = (
    board,
    export,
    flags,
    forms,
    help,
    log_event,
    meeting,
    member,
    poker,
    task_forms,
    tasks,
    team,
    welcome,
)
BASES = {"DialogForm", "FormScreen"}
"""Form bases, never shown by themselves."""
SHEETS = sorted((Path(delegate_tui.__file__).parent / "screens").glob("*.tcss"))


def _own_types() -> set[str]:
    """The names of the screens and widgets the project defines (in every module of delegate_tui.screens)."""
    names: set[str] = set()
    package = Path(delegate_tui.__file__).parent / "screens"
    for info in pkgutil.iter_modules([str(package)]):
        module = importlib.import_module(f"delegate_tui.screens.{info.name}")
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, DOMNode) and value.__module__.startswith("delegate_tui"):
                names.add(name)
    return names


def test_every_selector_of_a_screen_sheet_starts_with_a_type_of_the_project() -> None:
    own = _own_types()
    loose: list[str] = []
    variables = App[None]().get_css_variables()
    for sheet in SHEETS:
        stylesheet = Stylesheet(variables=variables)
        stylesheet.read(sheet)
        stylesheet.parse()
        for rule in stylesheet.rules:
            for selector_set in rule.selector_set:
                first = selector_set.selectors[0]
                if first.type is not SelectorType.TYPE or first.name not in own:
                    loose.append(f"{sheet.name}: {selector_set.css}")
    assert SHEETS and not loose, "selectors that reach every screen:\n" + "\n".join(loose)


def test_screen_classes_have_distinct_names() -> None:
    # A type selector matches by class name: two screens of one name share each other's styles.
    seen: dict[str, str] = {}
    for module in SCREEN_MODULES:
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Screen) and value.__module__ == module.__name__:
                assert name not in seen, f"{name} is defined in {seen[name]} and {module.__name__}"
                seen[name] = module.__name__


def _looks(screen: Screen[Any]) -> list[tuple[str, str, object, str]]:
    """Every widget of ``screen``: what it is, where it is, and how its text is drawn."""
    return [
        (type(widget).__name__, " ".join(sorted(widget.classes)), widget.region, str(widget.rich_style))
        for widget in screen.query(Widget)
    ]


async def test_the_agreement_form_looks_the_same_after_every_screen_and_modal_was_opened(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        workspace = app.data.workspace
        member_id = workspace.member_named("Diego Fernández").id
        task = next(iter(workspace.tasks.values()))
        opened: set[str] = set()

        async def show(make: Callable[[], Screen[Any]]) -> list[tuple[str, str, object, str]]:
            app.push_screen(make())
            await settle(pilot, lambda: app.screen.is_mounted and len(app.screen.children) > 0, what="the screen")
            await pilot.pause()
            looks = _looks(app.screen)
            opened.add(type(app.screen).__name__)
            app.pop_screen()
            await pilot.pause()
            return looks

        before = await show(lambda: forms.AgreementForm(member_id))
        section_titles = [look for look in before if "section-title" in look[1]]
        assert section_titles, "the agreement form has section titles"

        for mode in ("team", "tasks", "flags", "board"):
            await app.switch_mode(mode)
            await pilot.pause()
            opened.add(type(app.screen).__name__)
        app.action_open_member(member_id)
        await settle(pilot, lambda: isinstance(app.screen, member.MemberScreen), what="the member page")
        opened.add("MemberScreen")
        await pilot.pause()
        await app.switch_mode("board")
        await pilot.pause()

        flag = app.data.flags[0]

        def nothing(*_args: object) -> Any:
            raise AssertionError("nothing is saved here")

        modals: list[Callable[[], Screen[Any]]] = [
            lambda: help.HelpScreen(app.screen),
            welcome.WelcomeScreen,
            lambda: export.ExportScreen(member_id=member_id),
            forms.MemberForm,
            forms.ManagerForm,
            forms.AreaForm,
            lambda: task_forms.TaskForm(workspace, task=None, save=nothing),
            lambda: task_forms.LevelForm(task, save=nothing),
            lambda: task_forms.ReassignForm(task, workspace, save=nothing),
            lambda: task_forms.DueForm(task, save=nothing),
            lambda: flags.AckForm(flag, now_date=NOW.date(), save=nothing),
            lambda: log_event.LogEventScreen(workspace, clock=lambda: NOW, save=nothing),
            lambda: log_event.DelegatedWarningScreen(EventKind.OVERRIDE, ["A delegated decision.", "Why."]),
            meeting.ParticipantsScreen,
            lambda: meeting.MeetingPrompt("A question?"),
            lambda: meeting.MeetingScreen(1),
            lambda: meeting.ItemScreen(1, 0),
            lambda: poker.PokerScreen(1, 1),
        ]
        for modal in modals:
            await show(modal)

        after = await show(lambda: forms.AgreementForm(member_id))
        every_screen = {
            name
            for module in SCREEN_MODULES
            for name, value in vars(module).items()
            if inspect.isclass(value)
            and issubclass(value, Screen)
            and value.__module__ == module.__name__
            and name not in BASES
        }
        assert every_screen <= opened, f"not opened: {sorted(every_screen - opened)}"
        assert [look for look in after if "section-title" in look[1]] == section_titles
        assert after == before
