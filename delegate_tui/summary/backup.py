"""The full backup: a lossless copy of a workspace and its history, and the checks of its import."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from delegate_tui.i18n import _
from delegate_tui.model import Event, InputError, Moment, Workspace, utc
from delegate_tui.schema_version import CURRENT_SCHEMA
from delegate_tui.summary.document import BACKUP_FORMAT, SCHEMA_NAME


class Backup(BaseModel):
    """A lossless copy of a workspace and its whole event history (``delegate export --full``)."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["delegate-tui/backup"] = BACKUP_FORMAT
    schema_version: int = Field(description="The storage schema version of the program that wrote it.")
    generated_at: Moment
    workspace: Workspace
    events: list[Event]


def build_backup(workspace: Workspace, events: Sequence[Event], *, generated_at: datetime) -> Backup:
    """A full backup of ``workspace`` and ``events`` (kept in time order, ids kept)."""
    return Backup(
        schema_version=CURRENT_SCHEMA,
        generated_at=utc(generated_at),
        workspace=workspace,
        events=sorted(events, key=lambda e: (e.at, e.id)),
    )


def backup_json(backup: Backup) -> str:
    """The backup as JSON (two-space indent, final newline)."""
    return backup.model_dump_json(indent=2) + "\n"


def _where(loc: Sequence[int | str]) -> str:
    """A JSON location such as ``events[12].at`` or ``workspace.tasks.7.owner_id``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part == "[key]":
            text += " (key)"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _validation_problem(error: ValidationError) -> str:
    first = error.errors(include_url=False)[0]
    where = _where(first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ").rstrip(".")
    value = first.get("input")
    got = ""
    if first["type"] != "missing" and (value is None or isinstance(value, (str, int, float, bool))):
        got = _(" (got {value})").format(value=_shown(value))
    return f"{where}: {message}{got}"


def _check_references(backup: Backup) -> str | None:
    """The first broken id or reference in a validated backup, as ``where: problem``, or None
    (the same checks the workspace loader makes, see :mod:`delegate_tui.integrity`)."""
    from delegate_tui.integrity import events_problem, workspace_problem

    return workspace_problem(backup.workspace) or events_problem(backup.workspace, backup.events)


def backup_problem(backup: Backup) -> str | None:
    """Why ``backup`` would be refused by :func:`parse_backup`, or None when it would be imported."""
    return _check_references(backup)


def parse_backup(raw: bytes, *, source: str) -> Backup:
    """Read and check a full backup completely; any problem raises :class:`InputError` with one line
    naming the file and where it is wrong, e.g. ``backup.json: events[12].at: Input should be a valid datetime``."""

    def fail(problem: str) -> InputError:
        return InputError(_("{source}: {problem}.").format(source=source, problem=" ".join(problem.split())))

    if not raw.strip():
        raise fail(_("the file is empty; it is not a backup made by 'delegate export --full'"))
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        where = _("line {line} column {column}").format(line=error.lineno, column=error.colno)
        raise fail(
            _(
                "not valid JSON at {where} ({problem}); the file is damaged or not a backup made by "
                "'delegate export --full'"
            ).format(where=where, problem=error.msg)
        ) from None
    if not isinstance(data, dict):
        raise fail(_("the top level is not a JSON object; it is not a backup made by 'delegate export --full'"))
    found_format = data.get("format")
    if found_format != BACKUP_FORMAT:
        if data.get("schema") == SCHEMA_NAME:
            raise fail(_("this is a summary, not a full backup; make a backup with 'delegate export --full'"))
        if "format" not in data:
            raise fail(_("format: missing; it is not a backup made by 'delegate export --full'"))
        raise fail(
            _("format: expected {expected!r} (got {found})").format(expected=BACKUP_FORMAT, found=_shown(found_format))
        )
    version = data.get("schema_version")
    if "schema_version" not in data:
        raise fail(_("schema_version: missing"))
    if type(version) is not int:  # true and false are ints to Python, never schema versions
        raise fail(_("schema_version: must be a whole number (got {value})").format(value=_shown(version)))
    if version > CURRENT_SCHEMA:
        raise fail(
            _(
                "the backup was written by a newer delegate-tui (schema {found}; this version reads {supported}); "
                "upgrade delegate-tui to import it"
            ).format(found=version, supported=CURRENT_SCHEMA)
        )
    if version != CURRENT_SCHEMA:
        raise fail(
            _("schema_version: {found} is not a schema this version can import (it reads {supported})").format(
                found=version, supported=CURRENT_SCHEMA
            )
        )
    try:
        backup = Backup.model_validate(data)
    except ValidationError as error:
        raise fail(_validation_problem(error)) from None
    problem = _check_references(backup)
    if problem is not None:
        raise fail(problem)
    return backup
