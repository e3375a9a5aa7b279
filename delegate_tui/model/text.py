"""User text in records: the length limits, the control-character checks, the text types."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from typing import Annotated

from pydantic import AfterValidator, ValidationInfo

from delegate_tui.i18n import _
from delegate_tui.text import first_control, visible

TEXT_LIMITS: dict[str, int] = {
    "name": 80,
    "manager": 80,
    "role": 80,
    "title": 200,
    "channel": 200,
    "description": 500,
    "support": 500,
    "guardrail": 300,
    "growth goal": 300,
    "acknowledgement reason": 500,
    "note": 2000,
    "reason": 2000,
}
"""The longest text each field takes, in characters: the one set of limits the CLI, the forms and
the importer all apply (the CLI and the forms check them first to name their own option)."""

STORED: dict[str, bool] = {"stored": True}
"""Validation context for text read back from the workspace's own files. Text an earlier version
stored with control characters still opens: they become their visible forms
(:func:`delegate_tui.text.visible`) instead of being refused, and over-long text is kept."""


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` most likely misspells (``prya`` -> ``Priya Natarajan``, ``advice`` ->
    ``Advise``), matching whole choices and each of their words, any case; None when nothing is close."""
    wanted = " ".join(word.split()).casefold()
    keys: dict[str, str] = {}
    for choice in choices:
        folded = choice.casefold()
        keys.setdefault(folded, choice)
        for part in folded.split():
            keys.setdefault(part, choice)
    if not wanted or not keys:
        return None
    found = difflib.get_close_matches(wanted, list(keys), n=1, cutoff=0.6)
    return keys[found[0]] if found else None


def names_the_manager(name: str, manager: str) -> bool:
    """True when ``name`` is what the CLI reads as the manager (``manager``, ``me`` or the manager's
    own name, any case): a member so named could never be told apart."""
    return " ".join(name.split()).casefold() in ("manager", "me", " ".join(manager.split()).casefold())


def _is_stored(info: ValidationInfo) -> bool:
    return isinstance(info.context, dict) and bool(info.context.get("stored"))


def _control_problem(field: str, text: str, *, multiline: bool) -> str | None:
    found = first_control(text, multiline=multiline)
    if found is None:
        return None
    position, character = found
    if character in "\n\r\u2028\u2029":
        return _("{field} must be a single line (it contains a line break at position {position}).").format(
            field=field, position=position + 1
        )
    return _(
        "{field} must not contain control characters such as U+{code:04X} (found at position {position}); "
        "they can be terminal escapes or reorder the text."
    ).format(field=field, code=ord(character), position=position + 1)


def _line_validator(field: str, *, required: bool) -> Callable[[str, ValidationInfo], str]:
    limit = TEXT_LIMITS[field]

    def check(value: str, info: ValidationInfo) -> str:
        stored = _is_stored(info)
        if stored:
            value = visible(value)
        else:
            problem = _control_problem(field, value, multiline=False)
            if problem is not None:
                raise ValueError(problem)
        text = " ".join(value.split())
        if required and not text:
            raise ValueError(_("{field} must not be empty.").format(field=field))
        if len(text) > limit and not stored:
            raise ValueError(_("{field} must be at most {limit} characters.").format(field=field, limit=limit))
        return text

    return check


def _free_text_validator(field: str) -> Callable[[str, ValidationInfo], str]:
    limit = TEXT_LIMITS[field]

    def check(value: str, info: ValidationInfo) -> str:
        text = value.replace("\r\n", "\n")  # a pasted Windows line end is a line end
        stored = _is_stored(info)
        if stored:
            text = visible(text, multiline=True)
        else:
            problem = _control_problem(field, text, multiline=True)
            if problem is not None:
                raise ValueError(problem)
        if len(text) > limit and not stored:
            raise ValueError(_("{field} must be at most {limit} characters.").format(field=field, limit=limit))
        return text

    return check


# One line: everything the forms edit in a one-line input (guardrails and growth goals are one
# item per line). Notes and reasons, which the CLI takes as free text, keep newlines and tabs.
Name = Annotated[str, AfterValidator(_line_validator("name", required=True))]
Role = Annotated[str, AfterValidator(_line_validator("role", required=False))]
Title = Annotated[str, AfterValidator(_line_validator("title", required=True))]
Channel = Annotated[str, AfterValidator(_line_validator("channel", required=False))]
ManagerName = Annotated[str, AfterValidator(_line_validator("manager", required=True))]
Description = Annotated[str, AfterValidator(_line_validator("description", required=False))]
Support = Annotated[str, AfterValidator(_line_validator("support", required=False))]
Guardrail = Annotated[str, AfterValidator(_line_validator("guardrail", required=False))]
GrowthGoal = Annotated[str, AfterValidator(_line_validator("growth goal", required=False))]
Note = Annotated[str, AfterValidator(_free_text_validator("note"))]
Reason = Annotated[str, AfterValidator(_free_text_validator("reason"))]
AckReason = Annotated[str, AfterValidator(_free_text_validator("acknowledgement reason"))]
