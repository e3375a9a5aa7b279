"""What every part of the domain shares: the manager's owner id, the input error, the record base."""

# No `from __future__ import annotations`: pydantic builds these classes at every start, and reads
# annotations that are types faster than text it must evaluate (see docs/speed.md).

from pydantic import BaseModel, ConfigDict, ValidationError

from delegate_tui.i18n import _

MANAGER = 0
"""The owner id that stands for the manager (member ids start at 1)."""


class InputError(ValueError):
    """Bad input from a user: the message names the field and the problem."""


class NothingChanged(InputError):
    """A change that would leave the record as it is (found under the lock): the CLI says so and
    exits 0; elsewhere it is refused like other input."""


class Record(BaseModel):
    """Base for stored records: strict about unknown fields, so a foreign file is noticed."""

    # defer_build: a record's validator is built when first used, not when the module is imported
    # (every process imports the model; the UI paints its first screen before validating anything).
    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


def explain(error: ValidationError, *, located: bool = False) -> str:
    """The first problem of a validation error as one sentence naming the field.

    With ``located`` the sentence always starts with where the problem is (``tasks.1.level``):
    a validator's own message names the field but not which record of a stored file holds it.
    """
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or _("value")
    message = str(first["msg"])
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
        if not located:
            return message
    return _("{field}: {problem}.").format(field=field, problem=message.rstrip("."))
