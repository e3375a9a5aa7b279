"""The confirmations before something is removed: archive or restore, archive a member (and who gets
their open work), erase a member (typed name); and the flows the screens' keys start (``ask_...``),
which apply the change through the app once it is confirmed.

Each says in whole sentences what will happen; names are shown as they are (plain text, never
markup). "Cancel" is focused first, so enter alone never removes anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from delegate_tui.i18n import _, ngettext
from delegate_tui.model import Task
from delegate_tui.screens.confirm import CancelFirstDialog, ResultT
from delegate_tui.screens.host import host
from delegate_tui.screens.widgets import plain
from delegate_tui.storage import WorkspaceError


def _cancel_binding() -> list[BindingType]:
    return [Binding("escape", "cancel", _("Cancel"), id="remove.cancel", tooltip=_("Close; nothing is changed."))]


def _body(title: str, sentences: list[str]) -> ComposeResult:
    yield Static(plain(title), classes="remove-title")
    yield Static(Content("\n").join([plain(sentence) for sentence in sentences]), classes="remove-text")


class _RemovalDialog(CancelFirstDialog[ResultT]):
    """A removal's confirmation: the removal dialogs' look and their escape key."""

    CSS_PATH = "remove_dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = _cancel_binding()


class ConfirmRemoval(_RemovalDialog[bool]):
    """Archive, retire, delete or restore one thing: True to go ahead, False (escape, Cancel) to leave it."""

    CANCELLED: ClassVar[object] = False

    def __init__(self, title: str, sentences: list[str], confirm: str, *, danger: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.sentences = sentences
        self.confirm = confirm
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="remove-box"):
            yield from _body(self.title_text, self.sentences)
            with Horizontal(classes="remove-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(self.confirm, variant="error" if self.danger else "primary", id="confirm")

    @on(Button.Pressed, "#confirm")
    def _confirm(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(True)


@dataclass(frozen=True)
class Handover:
    """Archive the member; their open tasks (if any) go to ``owner_id`` (0: the manager)."""

    owner_id: int | None


class ArchiveMemberDialog(_RemovalDialog[Handover | None]):
    """Archive a member who left; with open tasks, first choose who takes them over."""

    def __init__(self, name: str, open_tasks: int, owners: list[tuple[str, int]]) -> None:
        super().__init__()
        self.member_name = name
        self.open_tasks = open_tasks
        self.owners = owners

    def compose(self) -> ComposeResult:
        sentences = [
            _("{name} will be archived: gone from the board, the lists and the rules.").format(name=self.member_name),
            _("Their history is kept: on the team list, A shows the archived members and R brings one back."),
        ]
        if self.open_tasks:
            sentences.append(
                ngettext(
                    "{name} still owns {count} open task; it will be reassigned to the person you choose, "
                    "recorded as cover because they left.",
                    "{name} still owns {count} open tasks; they will be reassigned to the person you choose, "
                    "recorded as cover because they left.",
                    self.open_tasks,
                ).format(name=self.member_name, count=self.open_tasks)
            )
        with Vertical(classes="remove-box"):
            yield from _body(_("Remove {name} from the team?").format(name=self.member_name), sentences)
            if self.open_tasks:
                yield Static(plain(_("Give their open tasks to")), classes="remove-label")
                yield Select(
                    [(plain(label), owner) for label, owner in self.owners],
                    value=self.owners[0][1],
                    allow_blank=False,
                    id="handover",
                )
            with Horizontal(classes="remove-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Archive {name}").format(name=self.member_name), variant="error", id="confirm")

    @on(Button.Pressed, "#confirm")
    def _confirm(self, event: Button.Pressed) -> None:
        event.stop()
        if not self.open_tasks:
            self.dismiss(Handover(None))
            return
        value = self.query_one("#handover", Select).value
        self.dismiss(Handover(value if isinstance(value, int) else None))


class EraseMemberDialog(_RemovalDialog[bool]):
    """Erase a member for good: the button only works once their full name is typed exactly."""

    CANCELLED: ClassVar[object] = False
    FIRST_FOCUS: ClassVar[str] = "#erase-name"

    def __init__(self, name: str) -> None:
        super().__init__()
        self.member_name = name

    def compose(self) -> ComposeResult:
        sentences = [
            _(
                "Everything about {name} will be erased from this workspace, its backup file and every month "
                "file: their record, agreement, tasks, events and notes, meeting cards and flag acknowledgements."
            ).format(name=self.member_name),
            _("Their name in other notes is replaced by (erased). This cannot be undone."),
            _("Type their full name to confirm."),
        ]
        with Vertical(classes="remove-box"):
            yield from _body(_("Erase {name}?").format(name=self.member_name), sentences)
            yield Input(placeholder=_("Their full name"), id="erase-name")
            yield Static("", id="erase-error", classes="remove-error", markup=False)
            with Horizontal(classes="remove-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Erase for good"), variant="error", id="confirm")

    @on(Input.Submitted, "#erase-name")
    @on(Button.Pressed, "#confirm")
    def _confirm(self, event: Button.Pressed | Input.Submitted) -> None:
        event.stop()
        if self.query_one("#erase-name", Input).value != self.member_name:
            error = self.query_one("#erase-error", Static)
            error.update(
                plain(_("The name must be typed exactly as {name} to erase them.").format(name=self.member_name))
            )
            error.add_class("-shown")
            return
        self.dismiss(True)


def confirm_then_apply(
    node: DOMNode,
    dialog: ModalScreen[bool],
    change: Callable[[], object],
    success: str,
    *,
    undoable: bool = True,
) -> None:
    """Show ``dialog``; once the user agrees, apply ``change`` through the app (recorded, undoable
    unless ``undoable`` is False) and say ``success``."""
    app = host(node)

    def done(confirmed: bool | None) -> None:
        if confirmed:
            app.apply(change, success=success, undoable=undoable)

    node.app.push_screen(dialog, done)


def ask_archive_member(node: DOMNode, member_id: int | None) -> None:
    """Confirm, then archive a member (their open tasks going to whom the manager chooses)."""
    app = host(node)
    data = app.data
    member = data.workspace.members.get(member_id) if member_id is not None else None
    if member is None:
        archived = data.everything.members.get(member_id) if member_id is not None else None
        if archived is not None:
            app.notify(_("{name} is already archived.").format(name=archived.name), severity="warning")
        else:
            node.app.bell()
        return
    open_tasks = sum(1 for t in data.workspace.tasks.values() if t.owner_id == member.id and t.status.is_open)
    owners = [(_("{name} (you)").format(name=data.workspace.manager), 0)] + [
        (other.name, other.id)
        for other in sorted(data.workspace.members.values(), key=lambda m: m.name.casefold())
        if other.id != member.id
    ]

    def done(choice: Handover | None) -> None:
        if choice is not None:
            app.apply(
                lambda: app.store.archive_member(member.id, now=app.now(), reassign_to=choice.owner_id),
                success=_("Archived {name}.").format(name=member.name),
            )

    node.app.push_screen(ArchiveMemberDialog(member.name, open_tasks, owners), done)


def ask_restore_member(node: DOMNode, member_id: int | None) -> None:
    """Confirm, then bring an archived member back."""
    app = host(node)
    member = app.data.everything.members.get(member_id) if member_id is not None else None
    if member is None or member.archived_at is None:
        app.notify(_("Select an archived member to restore (A shows them on the team list)."), severity="warning")
        return

    confirm_then_apply(
        node,
        ConfirmRemoval(
            _("Restore {name}?").format(name=member.name),
            [
                _("{name} will be back on the board, in the lists and in the rules.").format(name=member.name),
                _("Their history was kept, so their agreement and past events return with them."),
            ],
            _("Restore {name}").format(name=member.name),
            danger=False,
        ),
        lambda: app.store.restore_member(member.id, now=app.now()),
        _("Restored {name}.").format(name=member.name),
    )


def ask_erase_member(node: DOMNode, member_id: int | None) -> None:
    """Confirm by the typed full name, then erase a member from every file (not undoable)."""
    app = host(node)
    member = app.data.everything.members.get(member_id) if member_id is not None else None
    if member is None:
        node.app.bell()
        return

    confirm_then_apply(
        node,
        EraseMemberDialog(member.name),
        lambda: app.store.erase_member(member.id, now=app.now()),
        _("Erased {name} from every file of the workspace.").format(name=member.name),
        undoable=False,
    )


def ask_remove_task(node: DOMNode, task_id: int | None) -> None:
    """Confirm, then delete a task without history (a typo) or archive one with history."""
    app = host(node)
    task = app.data.workspace.tasks.get(task_id) if task_id is not None else None
    if task is None:
        node.app.bell()
        return
    data = app.data
    lived = any(event.task_id == task.id for event in data.events) or not data.complete
    since = data.history_since
    if lived or since is None or task.created_at >= since:
        # Nothing is recorded on a task before it was created (history.event_problem): one created
        # since the snapshot's recent months began has all its events in them.
        _confirm_remove_task(node, task, lived)
        return

    # The snapshot holds only the recent months: whether the task has older events, the store says.
    def read() -> None:
        try:
            found = bool(app.older_events(task_id=task.id))
        except (WorkspaceError, ValidationError, OSError):
            found = True  # in doubt, archive: the history is kept (and the store refuses to delete it)
        node.app.call_from_thread(_confirm_remove_task, node, task, found)

    node.run_worker(read, thread=True, exclusive=True, group="remove-task-history")


def _confirm_remove_task(node: DOMNode, task: Task, lived: bool) -> None:
    """Archive a task with history (``lived``), or delete one without, once the user agrees."""
    app = host(node)
    if lived:
        title = _("Archive task #{id} {title}?").format(id=task.id, title=task.title)
        sentences = [
            _("The task will leave the board, the lists and the rules; its history is kept."),
            _("To bring it back later: delegate task restore {id}").format(id=task.id),
        ]
        confirm = _("Archive task")
        change: Callable[[], object] = lambda: app.store.archive_task(task.id, now=app.now())  # noqa: E731
        success = _("Archived task #{id} {title}.").format(id=task.id, title=task.title)
    else:
        title = _("Delete task #{id} {title}?").format(id=task.id, title=task.title)
        sentences = [_("The task has no history yet, so it will be deleted, as if it was never entered.")]
        confirm = _("Delete task")
        change = lambda: app.store.delete_task(task.id, now=app.now())  # noqa: E731
        success = _("Deleted task #{id} {title}.").format(id=task.id, title=task.title)
    confirm_then_apply(node, ConfirmRemoval(title, sentences, confirm), change, success)


def ask_retire_area(node: DOMNode, area_id: int | None) -> None:
    """Confirm, then retire a decision area (refused while it holds open tasks)."""
    app = host(node)
    area = app.data.workspace.areas.get(area_id) if area_id is not None else None
    if area is None:
        node.app.bell()
        return
    open_tasks = sorted(t.id for t in app.data.workspace.tasks.values() if t.area_id == area.id and t.status.is_open)
    if open_tasks:
        app.notify(
            ngettext(
                "{name} still has {count} open task; move it to another area or mark it done first.",
                "{name} still has {count} open tasks; move them to another area or mark them done first.",
                len(open_tasks),
            ).format(name=area.name, count=len(open_tasks)),
            severity="warning",
        )
        return

    confirm_then_apply(
        node,
        ConfirmRemoval(
            _("Retire the decision area {name}?").format(name=area.name),
            [
                _("{name} will leave the board and the rules, and the agreements will no longer show it.").format(
                    name=area.name
                ),
                _("Its history is kept; U on the board brings it back."),
            ],
            _("Retire area"),
        ),
        lambda: app.store.archive_area(area.id, now=app.now()),
        _("Retired the decision area {name}.").format(name=area.name),
    )
