"""The Textual app: four screens as modes, global keys, the command palette, live refresh.

The app owns one :class:`~delegate_tui.screens.data.WorkspaceData` snapshot (``app.data``) and
hands every new one to each screen that has a ``show_data(data)`` method. A small workspace is
read and evaluated in one go; a large one paints first from the workspace file alone and fills
in the history, flags and metrics from a background thread. A timer compares the store's file
signatures every ``watch_interval`` seconds, so changes made by another process (the CLI in a
second terminal, another browser tab) appear without a restart.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import ValidationError
from rich.console import RenderableType
from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import get_current_worker

from delegate_tui import i18n, model
from delegate_tui.app_actions import ScreenActions
from delegate_tui.i18n import _, ngettext
from delegate_tui.model import Event, InputError, Settings, Workspace, explain
from delegate_tui.screens.board import BoardScreen
from delegate_tui.screens.data import (
    ShowsData,
    WorkspaceData,
    compute_data,
    load_data,
    quick_data,
    read_history,
    read_size,
)
from delegate_tui.screens.widgets import KeyFooter
from delegate_tui.storage.files import WorkspaceError
from delegate_tui.storage.store import Store
from delegate_tui.store_watch import StoreWatch
from delegate_tui.text import visible
from delegate_tui.undo import UndoHistory

if TYPE_CHECKING:
    from delegate_tui.screens.host import AppHost


def _board_screen() -> Screen[Any]:
    """The board, the app's first screen, made as the app starts (in Textual's ``App._init_mode``).

    Textual takes a screen it has not styled yet for one made before the last change of theme and
    refreshes the CSS for it: the stylesheet parsed again from scratch with the same variables, and
    then once more when the board's widgets are mounted (the fresh parse leaves no cache behind),
    about 10 ms of the first paint on the scale set. Until the CSS has changed once (the stylesheet
    still holds the variables it was made with), nothing is out of date: the board says so, and the
    app's own node is styled here as that refresh would have (the widgets' colours are worked out
    from their ancestors', and cached, when they are first drawn). tests/test_ui_start_css.py checks it."""
    screen = BoardScreen()
    app = screen.app
    if app._css_update_count == 0:
        app.stylesheet.update(app, animate=False)
        screen._css_update_count = 0
    # The class of the width's breakpoint, which the first resize (the next event) would add once
    # every widget is styled, styling each of them again (4 ms): with it now, that resize adds nothing.
    width = app.size.width
    for breakpoint, name in sorted(app.HORIZONTAL_BREAKPOINTS or [], reverse=True):
        if width >= breakpoint:
            screen.add_class(name, update=False)
            break
    # Its size, the app's. Shown first, inside Textual's start-up batch (where nothing is drawn), a
    # screen that does not have it yet is laid out at once; that layout resizes it, which lays it
    # out again and renders it in full, all thrown away: the first frame laid it out a third time
    # (9 ms on the scale set). With its size, the board is laid out and drawn once, in full, by the
    # app's first resize, after the batch.
    screen._size = app.size
    return screen


def _team_screen() -> Screen[Any]:
    from delegate_tui.screens.team import TeamScreen

    return TeamScreen()


def _tasks_screen() -> Screen[Any]:
    from delegate_tui.screens.tasks import TasksScreen

    return TasksScreen()


def _flags_screen() -> Screen[Any]:
    from delegate_tui.screens.flags import FlagsScreen

    return FlagsScreen()


# Screens other than the board are imported when first shown: a quicker first paint.


def _commands() -> type[Provider]:
    """The palette's commands (Textual imports a provider given so when the palette first opens)."""
    from delegate_tui.commands import DelegateCommands

    return DelegateCommands


def _fixed_mmap_threshold() -> None:
    """Have glibc give every block of 128 KiB or more its own mapping, returned when freed.

    glibc raises that threshold each time such a block is freed, and the next ones come from the
    heap, where freed memory mostly stays with the process: reading the history makes many (each
    month file's bytes and its decoding), and the UI held 7 MiB more once it was loaded (scale set:
    112 -> 105 MiB at the peak, the reading no slower). Elsewhere than glibc, nothing is done."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError):
        return
    M_MMAP_THRESHOLD = -3  # malloc.h
    mallopt(M_MMAP_THRESHOLD, 128 * 1024)


class _Superseded(Exception):
    """A newer snapshot was asked for while this one was being read: stop."""


class DelegateApp(ScreenActions):
    """delegate-tui in the terminal: board, team, tasks and flags over one workspace."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", "screens/board.tcss"]
    """The app's sheet and the board's (the first screen). The board keeps its ``CSS_PATH``; read
    here, before the first parse, it is already in the stylesheet when the board is shown, and
    Textual does not parse every sheet again for it (about 4 ms of the first paint on the scale set)."""
    TITLE = "delegate"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "board": _board_screen,
        "team": _team_screen,
        "tasks": _tasks_screen,
        "flags": _flags_screen,
    }
    DEFAULT_MODE = "board"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (typed so by Textual)
    COMMANDS = App.COMMANDS | {_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        # Modal screens do not pass these on; the welcome and help screens repeat them (see NAVIGATION).
        Binding("b", "show_mode('board')", _("Board"), id="app.board", tooltip=_("The delegation board.")),
        Binding("m", "show_mode('team')", _("Team"), id="app.team", tooltip=_("The team and each trust agreement.")),
        Binding("t", "show_mode('tasks')", _("Tasks"), id="app.tasks", tooltip=_("Every task and its level.")),
        Binding(
            "f", "show_mode('flags')", _("Flags"), id="app.flags", tooltip=_("Patterns that look like micromanagement.")
        ),
        Binding("question_mark", "help", _("Help"), id="app.help", tooltip=_("Every key of this screen.")),
        Binding(
            "ctrl+z",
            "undo",
            _("Undo"),
            id="app.undo",
            show=False,
            tooltip=_("Reverse the last change made in this session, recorded as its undoing."),
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            _("Commands"),
            id="app.command-palette",
            show=False,
            priority=True,
            tooltip=_("Find a screen or an action by name."),
        ),
        Binding(
            "ctrl+q",
            "quit",
            _("Quit"),
            id="app.quit",
            show=False,
            priority=True,
            tooltip=_("Quit at once: every change is already saved."),
        ),
    ]

    SYNC_READ_BYTES: ClassVar[int] = 2_000_000
    """Up to this much on disk (the workspace file and its history), snapshots are computed on the
    UI thread (about a tenth of a second); beyond it, in a background thread after a first paint.
    The workspace file counts: 10,000 tasks with a short history took longer to evaluate before the
    first paint (0.84 s to paint and quit on the scale set with 1,000 events) than the whole
    history after it (0.61 s with 100,000)."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Callable[[], datetime] = model.utcnow,
        watch_interval: float | None = 1.0,
        resume_collector: bool = False,
        opened: Workspace | None = None,
    ) -> None:
        """``resume_collector``: the cyclic garbage collector was turned off for the start (the
        console script does, see :mod:`delegate_tui.launch`); the app turns it back on, and freezes
        what exists then, once its first screen is drawn. ``opened``: the store's workspace without
        its tasks, just read (``Store.load_brief``): a large workspace's first screen is drawn from
        it, and its tasks are read after (see ``WorkspaceData.tasks_pending``)."""
        super().__init__()
        self.store = store
        self.clock = clock
        self.watch_interval = watch_interval
        self._resume_collector = resume_collector
        self._reader: Store | None = None
        self._reader_lock = threading.Lock()
        self._compute_thread: threading.Thread | None = None
        self._generation = 0
        self._files = StoreWatch(store)
        self.undo_history = UndoHistory(store)
        self._started = False
        self._quitting = False
        self.painted = False
        """True once the first screen has been drawn: the footers drawn before leave their keys out
        of that frame, as Textual's own footer does (see KeyFooter), and show them now."""
        self.broken: str | None = None
        """Why the workspace could not be read once the UI was open (its tasks, read after the first
        paint): the app then ends, and the command line says so (exit code 2)."""
        self.data: WorkspaceData = self._snapshot(None, opened=opened)

    # ------------------------------------------------------------------ the contract

    def now(self) -> datetime:
        """The app's clock (tests pass a fixed one)."""
        return self.clock()

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header's title: a screen's subtitle is often a member's name, shown visibly."""
        return super().format_title(visible(title), visible(sub_title))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a toast. Toasts here name members, tasks and areas, so the message is plain text
        (never markup) and its control characters are shown visibly."""
        super().notify(
            visible(message, multiline=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def reload(self) -> None:
        """Re-read the store and hand the new snapshot to every screen that shows data."""
        self.show_store_notices()
        self._files.read()
        self._publish(self._snapshot(self.data))

    def show_store_notices(self) -> None:
        """Show what the store noticed during the last changes (permissions tightened, history deferred)."""
        for notice in self.store.take_notices():
            self.notify(notice, severity="warning", timeout=10, markup=False)

    def apply(self, change: Callable[[], object], *, success: str | None = None, undoable: bool = True) -> bool:
        """Run a store change; show its error and return False, or reload, say ``success`` and return True.

        A change that succeeds can be undone (ctrl+z, :meth:`action_undo`); one that is not
        ``undoable`` (an erasure) forgets every earlier step, which may hold what it took away."""
        if undoable:
            self.undo_history.before()
        try:
            change()
            if undoable:
                self.undo_history.after(success)
            else:
                self.undo_history.forget()
        except InputError as error:
            self.notify(str(error), severity="error")
            return False
        except ValidationError as error:
            self.notify(explain(error), severity="error")
            return False
        except WorkspaceError as error:
            self.show_store_notices()
            self.notify(str(error), severity="error", timeout=10)
            return False
        self.reload()
        if success:
            self.notify(success)
        return True

    def action_undo(self) -> None:
        """Reverse the last change of this session by a new change that puts back what was there."""
        try:
            label = self.undo_history.undo(self.now())
        except InputError as error:
            self.notify(str(error), severity="error")
            return
        except WorkspaceError as error:
            self.show_store_notices()
            self.notify(str(error), severity="error", timeout=10)
            return
        if label is None:
            self.notify(_("Nothing to undo: no change was made in this session yet."))
            return
        self.reload()
        self.notify(_("Undone: {change}").format(change=label))

    # ------------------------------------------------------------------ snapshots

    def _snapshot(self, previous: WorkspaceData | None, *, opened: Workspace | None = None) -> WorkspaceData:
        """A complete snapshot for a small workspace; for a large one, the workspace alone
        (with the previous history and flags) while a thread computes the rest."""
        self._generation += 1
        now = self.now()
        if read_size(self.store) <= self.SYNC_READ_BYTES:
            return load_data(self.store, now)
        data = quick_data(self.store, now, previous, opened=opened)
        if self._started and not self._quitting:
            self._compute(self._generation, now, data.everything)
        return data

    def read_pending_tasks(self) -> bool:
        """Read the tasks now if the snapshot was drawn without them (``WorkspaceData.tasks_pending``):
        before the app handles the user's first key or click (see :meth:`on_event`), which may open
        a screen or a dialog that lists tasks. The background reads them too, a moment after the
        first paint; this is for input that comes before. False when they turned out broken (the
        app is then ending)."""
        if self.broken is not None:
            return False
        if not self.data.tasks_pending:
            return True
        try:
            whole = self.store.load()
        except WorkspaceError as error:
            self._stop_broken(str(error))
            return False
        # The snapshot keeps the workspace; the store reads the file again at the next change.
        self.store.release_workspace_file()
        archive = whole if whole.has_archived else None
        self._publish(replace(self.data, workspace=whole.active(), archive=archive, tasks_pending=False))
        return True

    def _stop_broken(self, problem: str) -> None:
        """The workspace turned out broken after the first paint (its tasks): end, with the message."""
        self.broken = problem
        self.exit(return_code=2)

    async def on_event(self, event: events.Event) -> None:
        """Input first reads tasks still pending (:meth:`read_pending_tasks`), but for the quit key:
        quitting never waits. Every screen but the first board, every dialog and the palette open
        from a key or a click, so none is handed a workspace without its tasks."""
        if (
            isinstance(event, (events.Key, events.MouseDown))
            and not event.is_forwarded
            and self.data.tasks_pending
            and not self._quits(event)
            and not self.read_pending_tasks()
        ):
            return  # the tasks turned out broken: the app is ending
        await super().on_event(event)

    def _quits(self, event: events.Event) -> bool:
        if not isinstance(event, events.Key):
            return False
        active = self.screen.active_bindings.get(event.key)
        return active is not None and active.binding.action in ("quit", "app.quit")

    @work(thread=True, exclusive=True, group="snapshot")
    def _compute(self, generation: int, now: datetime, workspace: Workspace | None) -> None:
        """Read the history and evaluate it with ``workspace`` (the one just read on the UI
        thread, archived records included; None: read it here, the first snapshot having been
        drawn without its tasks) off the UI thread, then publish the result.

        The reading and evaluating run in a daemon thread that this worker waits on while
        watching for cancellation: quitting (or a newer reload) does not wait for a computation
        nobody needs any more, so ctrl+q quits at once even on a large workspace."""
        worker = get_current_worker()
        outcome: list[WorkspaceData | Exception] = []

        def run() -> None:
            try:
                outcome.append(self._read_and_compute(generation, now, workspace))
            except _Superseded:
                pass
            except (WorkspaceError, InputError, ValidationError, OSError) as error:
                outcome.append(error)

        thread = threading.Thread(target=run, name="delegate-snapshot", daemon=True)
        self._compute_thread = thread
        thread.start()
        while thread.is_alive():
            thread.join(0.05)
            if worker.is_cancelled or generation != self._generation:
                return
        if not outcome or worker.is_cancelled:
            return
        result = outcome[0]
        if isinstance(result, Exception):
            message = explain(result) if isinstance(result, ValidationError) else str(result)
            if workspace is None and isinstance(result, WorkspaceError):
                # Its tasks, read after the first paint: broken as a file that cannot open.
                self.call_from_thread(self._stop_broken, message)
                return
            self.call_from_thread(self.notify, message, severity="error", timeout=10)
        else:
            self.call_from_thread(self._finish, generation, result)

    def _history_reader(self) -> Store:
        """The store the history is read through, off the UI thread (hold ``_reader_lock``).

        A store of its own: the UI thread may be writing through self.store meanwhile. Opening
        parses the workspace file (for its schema version); that copy is not kept through the
        readings, whose pending events do not parse it again when it holds none."""
        if self._reader is None:
            self._reader = Store(self.store.path, create=False, validate=False)
            self._reader.release_workspace_file()
        return self._reader

    def _read_and_compute(self, generation: int, now: datetime, workspace: Workspace | None) -> WorkspaceData:
        with self._reader_lock:
            # Only what the flags and metrics read (the recent months and the task timelines): a
            # screen that shows older events reads them when it needs them (older_events). The
            # workspace is the UI's own (read once, kept once: a second copy of 10,000 tasks cost
            # 20 MiB and a tenth of a second of validation), or read here when the first snapshot
            # had no tasks, and kept only by the snapshot made of it.
            reader = self._history_reader()
            if workspace is None:
                workspace = reader.load()
            events, since = read_history(reader, workspace, now)
            # A workspace file parsed for pending events is not kept through the evaluation.
            reader.release_workspace_file()
        if generation != self._generation:
            raise _Superseded
        return compute_data(workspace, events, now, history_since=since)

    def older_events(self, *, member_id: int | None = None, task_id: int | None = None) -> list[Event]:
        """Every event about a member (or a task) of all time, in time order (see :class:`AppHost`),
        through the history's reader: only those events are built, and none is kept."""
        with self._reader_lock:
            reader = self._history_reader()
            try:
                return reader.events(member_id=member_id, task_id=task_id)
            finally:
                reader.release_workspace_file()

    def _finish(self, generation: int, data: WorkspaceData) -> None:
        if generation == self._generation:
            self._publish(data)

    def _publish(self, data: WorkspaceData) -> None:
        tasks_arrived = self.data.tasks_pending and not data.tasks_pending
        self.data = data
        for screen in self._data_screens():
            screen.show_data(data)
        if tasks_arrived and data.workspace.is_empty and self._started:
            self._offer_sample()

    def _data_screens(self) -> list[ShowsData]:
        screens: list[ShowsData] = []
        for stack in self._screen_stacks.values():
            for screen in stack:
                if isinstance(screen, ShowsData) and screen.is_mounted:
                    screens.append(screen)
        return screens

    def _watch_store(self) -> None:
        self._files.check(self)

    # ------------------------------------------------------------------ start-up and exit

    def run(self, *args: Any, **kwargs: Any) -> None:
        """Run the app; on a normal exit, do not wait for a background computation, nor for
        the final garbage collection. The process is expected to end soon after this returns.

        Every change is saved the moment it is made, so nothing is lost by leaving a history
        computation behind; waiting for it would make ctrl+q take seconds on a large workspace,
        and Python cannot stop such a thread cleanly at exit. Once the history is loaded, the
        interpreter's last collections at exit walk its several hundred thousand objects and the
        widgets' reference cycles: 1.5 to 3 seconds on the scale set after the terminal was
        restored, before the shell prompt came back. Freezing them (they are freed with the
        process) makes that instant; exit handlers still run."""
        result = super().run(*args, **kwargs)
        thread = self._compute_thread
        if thread is not None and thread.is_alive():
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(self.return_code or 0)
        gc.freeze()
        return result

    def exit(self, result: None = None, return_code: int = 0, message: RenderableType | None = None) -> None:
        """Quit; a background computation is abandoned rather than waited for."""
        self._quitting = True  # no history computation starts from now on (see _start_history)
        self._generation += 1
        self.workers.cancel_group(self, "snapshot")
        super().exit(result, return_code, message)

    def on_mount(self) -> None:
        self._started = True
        theme = self.data.workspace.settings.theme
        if theme and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.watch_interval:
            self.set_interval(self.watch_interval, self._watch_store, name="watch-store")
        if self.data.workspace.is_empty and not self.data.tasks_pending:
            self._offer_sample()

    def _offer_sample(self) -> None:
        """The welcome screen of an empty workspace, which offers the sample team."""
        from delegate_tui.screens.welcome import WelcomeScreen

        self.push_screen(WelcomeScreen(), self._welcome_done)

    def on_ready(self) -> None:
        # Textual is ready before the first screen has been drawn. The history computation waits
        # for that drawing: started earlier, it competes with it for the interpreter (the reading
        # runs long stretches in C) and the first paint came 0.1 s later on the scale set.
        self.screen.call_after_refresh(self._first_frame_drawn)

    def _first_frame_drawn(self) -> None:
        self.painted = True
        # The footers drawn so far left their keys out of the first frame: they show them first,
        # and the history's thread starts once they are drawn (it competes for the interpreter).
        footers = [
            footer for stack in self._screen_stacks.values() for screen in stack for footer in screen.query(KeyFooter)
        ]
        if self._quitting or not footers:
            self._start_history()
            return
        waiting = len(footers)
        started = False

        def start() -> None:
            nonlocal started
            if not started:
                started = True
                self._start_history()

        def shown() -> None:
            nonlocal waiting
            waiting -= 1
            if not waiting:
                self.screen.call_after_refresh(start)

        for footer in footers:
            footer.first_frame_drawn(then=shown)
        # A footer removed meanwhile (its screen dismissed at once) never calls back: the history
        # then starts anyway, a moment later.
        self.set_timer(0.5, start)

    def _start_history(self) -> None:
        if self._resume_collector:
            # The start made tens of thousands of objects and almost no cycles: collections then
            # only walked them again and again (about 40 ms of the first paint on the scale set).
            # From here the collector runs as usual; what exists now lives as long as the app and
            # is left out of its scans. (Only when asked: a test process that collected all along
            # would keep whatever garbage it held at that moment for good.)
            self._resume_collector = False
            gc.freeze()
            gc.enable()
        if self._quitting:
            # Quit before the first screen was drawn (ctrl+q typed at once): a computation started
            # now would outlive the cancellation, and the shutdown would wait for all of it.
            return
        if not self.data.complete:
            _fixed_mmap_threshold()
            pending = self.data.tasks_pending
            self._compute(self._generation, self.data.now, None if pending else self.data.everything)

    def _welcome_done(self, choice: str | None) -> None:
        if choice == "sample":
            self._load_sample()

    def action_load_sample(self) -> None:
        """Load the sample team; a workspace that is not empty is replaced only once the user agrees."""
        from delegate_tui.screens.confirm import Confirm

        workspace = self.data.workspace
        if workspace.is_empty:
            self._load_sample()
            return
        sentences = [
            ngettext(
                "The {count} member of this workspace, with their agreements, tasks and history, "
                "is replaced by the sample team.",
                "The {count} members of this workspace, with their agreements, tasks and history, "
                "are replaced by the sample team.",
                len(workspace.members),
            ).format(count=len(workspace.members)),
            _("To keep a record, export a summary first (Export summary in the palette)."),
        ]

        def done(agreed: bool | None) -> None:
            if agreed:
                self._load_sample()

        self.push_screen(
            Confirm(_("Replace this workspace with the sample team?"), sentences, _("Replace with the sample team")),
            done,
        )

    def _load_sample(self) -> None:
        from delegate_tui import demo

        now = self.now()
        workspace, events = demo.sample(seed=1, now=now)
        self.apply(
            lambda: self.store.replace_everything(workspace, events, now),
            success=_("Loaded the sample team: {count} members.").format(count=len(workspace.members)),
        )

    def _remember_theme(self, theme: Theme) -> None:
        if self.data.workspace.settings.theme == theme.name:
            return

        def remember(settings: Settings) -> Settings:
            return settings.model_copy(update={"theme": theme.name})

        try:
            settings = self.store.update_settings(remember, now=self.now())
        except (InputError, WorkspaceError) as error:
            self.notify(str(error), severity="error")
            return
        workspace = self.data.workspace.model_copy(update={"settings": settings})
        self.data = replace(self.data, workspace=workspace)
        self._files.read()

    def switch_language(self, language: str) -> None:
        """Remember ``language`` in the workspace and start the UI again in it (``delegate`` does,
        on :data:`i18n.RESTART_CODE`): key bindings and titles are texts made when their modules
        were imported, so only a new start shows every text in the new language."""
        if language == i18n.current() and self.data.workspace.settings.language == language:
            self.notify(_("The app already speaks {name}.").format(name=i18n.LANGUAGES[language]))
            return

        def remember(settings: Settings) -> Settings:
            return settings.model_copy(update={"language": language})

        try:
            self.store.update_settings(remember, now=self.now())
        except (InputError, WorkspaceError) as error:
            self.notify(str(error), severity="error")
            return
        i18n.use(language)
        self.exit(return_code=i18n.RESTART_CODE)


if TYPE_CHECKING:

    def _host(app: DelegateApp) -> AppHost:
        """Never called: mypy checks here that the app offers what the screens ask of it."""
        return app
