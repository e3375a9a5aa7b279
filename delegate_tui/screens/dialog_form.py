"""The dialog frame of the workspace forms (a member, the manager, an area, a trust agreement):
an error line under each field, the Save and Cancel buttons, the first field focused on open,
and the field parsers that give the CLI's messages."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static

from delegate_tui.i18n import _
from delegate_tui.model import InputError, parse_date
from delegate_tui.screens.form_base import FORM, FieldError, FormBase

T = TypeVar("T")


def limited(text: str, field: str, option: str, limit: int) -> str:
    """``text`` stripped, or :class:`FieldError` with the CLI's message when it is too long."""
    cleaned = text.strip()
    if len(cleaned) > limit:
        raise FieldError(field, _("{option} must be at most {limit} characters.").format(option=option, limit=limit))
    return cleaned


def whole_number(text: str, field: str, option: str, *, low: int, high: int) -> int:
    """A whole number in a range, or :class:`FieldError` with the CLI's message."""
    try:
        number = int(text.strip())
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise FieldError(
            field,
            _("{option} must be a whole number from {low} to {high} (got {value!r}).").format(
                option=option, low=low, high=high, value=text.strip()
            ),
        )
    return number


def optional_date(text: str, field: str, option: str) -> date | None:
    """A date (or None for an empty field), or :class:`FieldError` with the parser's message."""
    if not text.strip():
        return None
    try:
        return parse_date(text, option)
    except InputError as error:
        raise FieldError(field, str(error)) from None


class DialogForm(FormBase[T]):
    """A form in a dialog box: an error line under each field, then the form's error line and buttons."""

    CSS_PATH = "forms.tcss"

    def error_label(self, field: str) -> Static:
        """A hidden line that shows the problem with ``field`` (it wraps when long)."""
        return Static("", id=self.error_id(field), classes="field-error", markup=False)

    def buttons(self) -> ComposeResult:
        """The form's error line and its Save and Cancel buttons."""
        yield self.error_label(FORM)
        with Horizontal(classes="dialog-buttons"):
            yield Button(_("Save"), id="save", variant="primary")
            yield Button(_("Cancel"), id="cancel")

    def text(self, field: str) -> str:
        """The value of an input."""
        return self.query_one(f"#{field}", Input).value

    def on_mount(self) -> None:
        # The first field has the focus on open (not the scroll area or a button).
        first = self.query("Input, Select, TextArea").first()
        if first.focusable:
            first.focus()
