"""The engine's public records: severities, evidence, flags and the rules' documentation."""

# No `from __future__ import annotations`: pydantic builds these classes at every start, and reads
# annotations that are types faster than text it must evaluate (see docs/speed.md).

from datetime import datetime
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

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
    def parse(cls, value: object, field: str = "severity") -> "Severity":
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

Category = Literal["control", "growth", "upkeep"]
"""What a flag is about: ``control`` (the micromanagement rules), ``growth`` (where delegation should
go next) or ``upkeep`` (an agreement to look after; never critical)."""

CATEGORY_RANK: dict[str, int] = {"control": 0, "growth": 1, "upkeep": 2}
"""Lists show control flags first, then growth, then upkeep."""


class Evidence(BaseModel):
    """One thing that triggered a flag: an event, a task, or a field of an agreement."""

    model_config = ConfigDict(defer_build=True)  # see delegate_tui.model.base.Record

    kind: Literal["event", "task", "agreement"]
    ref: str = Field(description='An event id, "task #12", or an agreement field such as "agreement.cadence".')
    at: datetime | None = None
    text: str


class Flag(BaseModel):
    """One finding of the rule engine."""

    model_config = ConfigDict(defer_build=True)  # see delegate_tui.model.base.Record

    id: str = Field(description="Stable id: the same finding keeps the same id from one day to the next.")
    rule: str
    name: str
    severity: Severity
    category: Category = Field(default="control", description="control, growth or upkeep; control comes first.")
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

    model_config = ConfigDict(defer_build=True)  # see delegate_tui.model.base.Record

    name: str
    default: float
    description: str
    minimum: float
    maximum: float
    integer: bool = False


class Rule(BaseModel):
    """A rule's documentation and thresholds, as ``delegate rules`` shows them."""

    model_config = ConfigDict(defer_build=True)  # see delegate_tui.model.base.Record

    id: str
    name: str
    severity: Severity = Field(description="The base severity; some rules step up to critical.")
    category: Category = "control"
    summary: str
    what_it_checks: str = Field(
        description="What the rule checks; ``{name}`` stands for the value of the setting ``name``."
    )
    why_it_matters: str
    example: str
    params: list[RuleParam] = Field(default_factory=list)

    @classmethod
    def declare(cls, **fields: Any) -> "Rule":
        """A rule's documentation as its module writes it, built without pydantic validating it.

        The board's marks import two rule modules on the UI's way to its first paint, and the
        first validation of a model builds its validator, pydantic's plugin lookup included (which
        imports ``importlib.metadata``): about 10 ms. These are literals in the source, so they are
        checked once, by the tests (tests/rules/test_declared.py), instead of at every start.
        """
        return cls.model_construct(**fields)

    def checks_text(self, values: dict[str, float] | None = None) -> str:
        """What it checks, with each setting's value in words (the defaults without ``values``)."""
        from delegate_tui.patterns.text import format_number

        numbers = {p.name: p.default for p in self.params} | (values or {})
        words = {name: format_number(value) for name, value in numbers.items()}
        words |= {f"{name}_percent": format_number(round(100 * value, 1)) for name, value in numbers.items()}
        return self.what_it_checks.format(**words)

    def translated(self) -> "Rule":
        """This documentation in the current language. A rule module keeps its texts in English
        (``N_``) because it is imported before the language is known; the sources it cites are
        filled in here, in the same language."""
        from delegate_tui.i18n import _
        from delegate_tui.patterns.sources import cited

        return self.model_copy(
            update={
                "summary": _(self.summary),
                "what_it_checks": _(self.what_it_checks),
                "why_it_matters": _(self.why_it_matters).format(**cited()),
                "example": _(self.example),
                "params": [p.model_copy(update={"description": _(p.description)}) for p in self.params],
            }
        )


def param(
    name: str, default: float, description: str, minimum: float, maximum: float, integer: bool = False
) -> RuleParam:
    """A threshold as a rule module declares it (see :meth:`Rule.declare`); numbers as floats, as
    pydantic would make them."""
    return RuleParam.model_construct(
        name=name,
        default=float(default),
        description=description,
        minimum=float(minimum),
        maximum=float(maximum),
        integer=bool(integer),
    )
