"""The engine's public records: severities, evidence, flags and the rules' documentation."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Literal

from pydantic import BaseModel, Field

from delegate_tui.i18n import _
from delegate_tui.model import (
    FlagAck,
    InputError,
)


class Severity(str, Enum):
    """How serious a flag is."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """1 (info), 2 (warning) or 3 (critical), for sorting and ``--fail-on``."""
        return _SEVERITY_RANK[self.value]

    @classmethod
    def parse(cls, value: object, field: str = "severity") -> Severity:
        """Read a severity by name (any case)."""
        if isinstance(value, Severity):
            return value
        text = str(value).strip().lower()
        try:
            return cls(text)
        except ValueError:
            raise InputError(
                _("{field} must be one of info, warning, critical (got {value!r}).").format(
                    field=field, value=str(value)
                )
            ) from None


_SEVERITY_RANK = {"info": 1, "warning": 2, "critical": 3}


class Evidence(BaseModel):
    """One thing that triggered a flag: an event, a task, or a field of an agreement."""

    kind: Literal["event", "task", "agreement"]
    ref: str = Field(description='An event id, "task #12", or an agreement field such as "agreement.cadence".')
    at: datetime | None = None
    text: str


class Flag(BaseModel):
    """One finding of the rule engine."""

    id: str = Field(description="Stable id: the same finding keeps the same id from one day to the next.")
    rule: str
    name: str
    severity: Severity
    member_id: int | None = None
    member: str | None = None
    task_id: int | None = None
    area_id: int | None = None
    area: str | None = None
    message: str
    evidence: list[Evidence] = Field(default_factory=list)
    suggestion: str
    acknowledged: FlagAck | None = None


class RuleParam(BaseModel):
    """A threshold of a rule that the workspace settings can change."""

    name: str
    default: float
    description: str
    minimum: float
    maximum: float
    integer: bool = False


class Rule(BaseModel):
    """A rule's documentation and thresholds, as ``delegate rules`` shows them."""

    id: str
    name: str
    severity: Severity = Field(description="The base severity; some rules step up to critical.")
    summary: str
    what_it_checks: str
    why_it_matters: str
    example: str
    params: list[RuleParam] = Field(default_factory=list)


def param(
    name: str, default: float, description: str, minimum: float, maximum: float, integer: bool = False
) -> RuleParam:
    return RuleParam(
        name=name, default=default, description=description, minimum=minimum, maximum=maximum, integer=integer
    )
