"""The export dialog: write the shared summary (JSON or Markdown) to a file.

The dialog asks for a file (by default ``~/delegate-summary-YYYY-MM-DD.json`` for the app's
date), the format, and whether to include private notes (off). Export builds the summary in a
background thread, writes it atomically and closes with the file's path; a problem with the file
(its folder does not exist, it is a folder, no permission) shows under the field and the dialog
stays open. Escape or Cancel closes it with None.

The dialog uses the app's ``store``, ``now()`` and ``data`` (see :mod:`delegate_tui.screens.host`).
"""

from __future__ import annotations

import errno
import re
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioSet, Static

from delegate_tui import summary
from delegate_tui.i18n import _
from delegate_tui.model import Event, InputError, Workspace, utcnow
from delegate_tui.screens.host import host
from delegate_tui.screens.ticks import TickBox, TickRadio
from delegate_tui.screens.widgets import plain
from delegate_tui.storage import OutputError, WorkspaceError, write_export
from delegate_tui.storage.store import Store

_EXTENSIONS = {"json": ".json", "markdown": ".md"}


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "member"


def default_path(today: str, member: str | None = None) -> str:
    """The suggested file: ``~/delegate-summary-2026-11-28.json`` (with the member's name for one member)."""
    middle = f"-{_slug(member)}" if member else ""
    return f"~/delegate-summary{middle}-{today}.json"


def check_target(text: str) -> Path:
    """The file to write, or :class:`InputError` with a sentence about what is wrong with it."""
    if not text.strip():
        raise InputError(_("Give the name of the file to write."))
    path = Path(text.strip()).expanduser()
    if path.is_dir():
        raise InputError(_("{path} is a folder; give a file name.").format(path=path))
    if not path.parent.is_dir():
        raise InputError(_("The folder {folder} does not exist.").format(folder=path.parent))
    return path


def _write_problem(path: Path, error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("Cannot write {path}: permission denied.").format(path=path)
    if error.errno == errno.ENOSPC:
        return _("Cannot write {path}: the disk is full.").format(path=path)
    if error.errno == errno.EISDIR:
        return _("{path} is a folder; give a file name.").format(path=path)
    if error.errno == errno.ENOENT:
        return _("The folder {folder} does not exist.").format(folder=path.parent)
    return _("Cannot write {path}: {problem}.").format(path=path, problem=error.strerror or str(error))


class ExportScreen(ModalScreen[Path | None]):
    """Export the summary; dismissed with the written file's path, or None when cancelled."""

    CSS_PATH = "export.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="export.cancel", tooltip=_("Close without exporting.")),
        Binding("ctrl+s", "export", _("Export"), id="export.export", tooltip=_("Write the file.")),
    ]

    def __init__(self, *, member_id: int | None = None) -> None:
        super().__init__()
        self.member_id = member_id
        self._busy = False

    def _member_name(self) -> str | None:
        if self.member_id is None:
            return None
        member = host(self).data.workspace.members.get(self.member_id)
        return member.name if member is not None else None

    def compose(self) -> ComposeResult:
        name = self._member_name()
        today = host(self).now().date().isoformat()
        title = (
            _("Export the summary of {name}").format(name=name) if name is not None else _("Export the team summary")
        )
        with Vertical(id="export-dialog"):
            yield Static(plain(title), id="export-title")
            yield Label(_("File"), classes="export-label")
            yield Input(value=default_path(today, name), id="export-path")
            yield Label("", id="export-error")
            yield Label(_("Format"), classes="export-label")
            with RadioSet(id="export-format"):
                yield TickRadio(_("JSON (for tools, dashboards and jq)"), value=True, id="format-json")
                yield TickRadio(_("Markdown (for meeting notes)"), id="format-markdown")
            yield TickBox(_("Include private notes and reasons"), value=False, id="export-private")
            yield Static(
                _("Private notes stay out of the file unless you include them."),
                id="export-hint",
            )
            with Horizontal(id="export-buttons"):
                yield Button(_("Export"), id="export-ok", variant="primary")
                yield Button(_("Cancel"), id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    # ------------------------------------------------------------------ reading the fields

    @property
    def chosen_format(self) -> str:
        """``json`` or ``markdown``."""
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        return "markdown" if pressed is not None and pressed.id == "format-markdown" else "json"

    def show_error(self, message: str) -> None:
        """Show ``message`` under the file field."""
        label = self.query_one("#export-error", Label)
        label.update(plain(message))
        label.add_class("-shown")
        self.query_one("#export-path", Input).add_class("-invalid")

    def clear_error(self) -> None:
        """Hide the error under the file field."""
        label = self.query_one("#export-error", Label)
        label.update("")
        label.remove_class("-shown")
        self.query_one("#export-path", Input).remove_class("-invalid")

    # ------------------------------------------------------------------ events

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """Follow the format with the file's extension, when it is still one of ours."""
        event.stop()
        field = self.query_one("#export-path", Input)
        wanted = _EXTENSIONS[self.chosen_format]
        for extension in _EXTENSIONS.values():
            if field.value.endswith(extension) and extension != wanted:
                field.value = field.value[: -len(extension)] + wanted

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.clear_error()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export-ok":
            self.action_export()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        """Close without writing anything."""
        if not self._busy:
            self.dismiss(None)

    def action_export(self) -> None:
        """Check the file, then build and write the summary in the background."""
        if self._busy:
            return
        try:
            path = check_target(self.query_one("#export-path", Input).value)
        except InputError as error:
            self.show_error(str(error))
            self.query_one("#export-path", Input).focus()
            return
        self.clear_error()
        self._busy = True
        self.query_one("#export-ok", Button).disabled = True
        self._write(path, self.chosen_format, self.query_one("#export-private", Checkbox).value, host(self).now())

    # ------------------------------------------------------------------ the work

    def _source(self, now: datetime, include_private: bool) -> tuple[Workspace, list[Event]]:
        """The workspace and the events the summary reads: the app's snapshot when it holds every
        event, else read anew as ``delegate export`` reads them (the recent months the summary at
        ``now`` reads and the task timelines: :func:`summary.summary_start`), the same document."""
        data = host(self).data
        if getattr(data, "complete", True) and getattr(data, "history_since", None) is None:
            return data.workspace, data.events
        reader = Store(host(self).store.path, create=False)  # a store of its own: this runs in a thread
        whole = reader.load()
        workspace = whole.active()
        events = summary.summary_events(reader.events, workspace, now, with_notes=include_private)
        return workspace, (workspace.active_events(events) if whole.has_archived else events)

    @work(thread=True, exclusive=True, group="export")
    def _write(self, path: Path, fmt: str, include_private: bool, now: datetime) -> None:
        try:
            workspace, events = self._source(now, include_private)
            document = summary.build_summary(
                workspace,
                events,
                now,
                generated_at=utcnow(),
                member_id=self.member_id,
                include_private=include_private,
            )
            text = summary.summary_markdown(document) if fmt == "markdown" else summary.summary_json(document)
            # write_export refuses the workspace's own files and writes into pipes and devices
            # rather than replacing them, exactly as `delegate export --out` does.
            write_export(path, text.encode("utf-8"), db=host(self).store.path, field=_("The file"))
        except OutputError as error:
            self.app.call_from_thread(self._failed, str(error))
        except OSError as error:
            self.app.call_from_thread(self._failed, _write_problem(path, error))
        except (InputError, WorkspaceError) as error:
            self.app.call_from_thread(self._failed, str(error))
        else:
            self.app.call_from_thread(self._written, path)

    def _failed(self, message: str) -> None:
        self._busy = False
        self.query_one("#export-ok", Button).disabled = False
        self.show_error(message)
        self.query_one("#export-path", Input).focus()

    def _written(self, path: Path) -> None:
        self._busy = False
        self.dismiss(path)
