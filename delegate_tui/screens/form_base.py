"""The behaviour every modal form shares, whatever its layout.

A form checks its fields and raises :class:`FieldError` (or :class:`FieldErrors`) for a bad one;
the problem is shown under that field, which gets the focus, and the form stays open. A store
error (an :class:`~delegate_tui.model.InputError`, a pydantic ``ValidationError`` or a
:class:`~delegate_tui.storage.files.WorkspaceError`) is shown inline the same way. ctrl+s, the
Save button or Enter in an input submits; escape or the Cancel button closes with None.

Each form keeps its own layout and CSS classes: it says where a field's error line is
(:meth:`FormBase.error_id`) and how to find them all (:attr:`FormBase.error_selector`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import ClassVar, TypeVar

from pydantic import ValidationError
from textual import events, on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from delegate_tui.i18n import _
from delegate_tui.localtime import local_day, local_zone
from delegate_tui.model import InputError, Workspace, day_label, explain, parse_due, relative_day
from delegate_tui.screens.widgets import plain
from delegate_tui.storage import WorkspaceError
from delegate_tui.undo import UndoHistory

ResultT = TypeVar("ResultT")
T = TypeVar("T")

FORM = "form"
"""The field name of the form-wide error line."""


class FieldError(Exception):
    """A field whose value is not valid: ``field`` names the error line that shows ``message``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class FieldErrors(Exception):
    """Several fields that are not valid at once (each shown under its field)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(error.message for error in errors))
        self.errors = errors


def form_today(now: datetime, workspace: Workspace) -> date:
    """The manager's local day at the app's moment ``now``: what "friday" and "in 2 weeks" count from."""
    return local_day(now, local_zone(workspace))


def read_due(text: str, today: date, field: str, option: str) -> date | None:
    """A date typed as people write it (``friday``, ``in 2 weeks``, ISO), None for an empty field,
    or :class:`FieldError` under ``field`` with the parser's message."""
    if not text.strip():
        return None
    try:
        return parse_due(text, today, option)
    except InputError as error:
        raise FieldError(field, str(error)) from None


def due_preview(text: str, today: date) -> str:
    """What a date field will save, shown while it is typed: ``= Fri 4 Dec 2026 (in 2 days)``."""
    if not text.strip():
        return ""
    try:
        day = parse_due(text, today)
    except InputError:
        return ""  # half typed, or wrong: saving says what is wrong, under the field
    return _("= {date} ({when})").format(date=day_label(day), when=relative_day(day, today))


class FormBase(ModalScreen[ResultT]):
    """A modal form: inline errors, ctrl+s or Save or Enter to submit, escape or Cancel to close."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", _("Save"), id="form.save", tooltip=_("Save and close the form.")),
        Binding("escape", "cancel", _("Cancel"), id="form.cancel", tooltip=_("Close without saving.")),
    ]

    error_selector: ClassVar[str] = ".field-error"
    """Matches every error line of the form."""

    row_classes: ClassVar[tuple[str, ...]] = ("tf-field", "area-row", "field-row")
    """The rows that hold a field: the focused one gets the class ``-current``, which the CSS
    lights up (``:focus-within`` was not restyled reliably when the focus left a row)."""

    @on(events.DescendantFocus)
    def _mark_current_row(self, event: events.DescendantFocus) -> None:
        for row in self.query(".-current"):
            row.remove_class("-current")
        for ancestor in event.widget.ancestors:
            if any(ancestor.has_class(name) for name in self.row_classes):
                ancestor.add_class("-current")
                break

    def error_id(self, field: str) -> str:
        """The id of the line that shows the problem with ``field`` (``FORM`` for the form-wide one)."""
        return f"error-{field}"

    def error_text(self, message: str) -> Content:
        """``message`` as the error line shows it: literally, since it may quote what was typed."""
        return plain(message)

    def show_error(self, field: str | None, message: str) -> None:
        """Show ``message`` under ``field`` (or on the form-wide line)."""
        label = self.query_one(f"#{self.error_id(field or FORM)}", Static)
        label.update(self.error_text(message))
        label.add_class("-shown")

    def clear_errors(self) -> None:
        """Hide every error line."""
        for label in self.query(self.error_selector).results(Static):
            label.update("")
            label.remove_class("-shown")

    def focus_field(self, field: str) -> None:
        """Move the focus to the field with a problem, when it can take it."""
        for widget in self.query(f"#{field}"):
            if widget.focusable:
                widget.focus()
                return

    def store_call(self, call: Callable[[], T], field: str | None = None, *, label: str | None = None) -> T | None:
        """Run a store change; show its error under ``field`` (a workspace error on the form-wide
        line) and return None when it fails. A change that succeeds can be undone (ctrl+z: "Undone:
        ``label``")."""
        history = getattr(self.app, "undo_history", None)
        undo = history if isinstance(history, UndoHistory) else None
        if undo is not None:
            undo.before()
        try:
            result = call()
        except InputError as error:
            self.show_error(field, str(error))
        except ValidationError as error:
            self.show_error(field, explain(error))
        except WorkspaceError as error:
            self.show_error(None, str(error))
        else:
            if undo is not None:
                undo.after(label)
            return result
        return None

    def submit(self) -> None:
        """Check the fields and save (override); raise :class:`FieldError` or :class:`FieldErrors`
        for bad fields."""
        raise NotImplementedError

    def action_save(self) -> None:
        """Check the fields and save; or show what is wrong and focus the first bad field."""
        self.clear_errors()
        try:
            self.submit()
        except (FieldError, FieldErrors) as error:
            errors = error.errors if isinstance(error, FieldErrors) else [error]
            for each in errors:
                self.show_error(each.field, each.message)
            self.focus_field(errors[0].field)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()
